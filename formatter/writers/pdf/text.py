"""Text fixes the PDF writer applies before ReportLab sees a string.

ReportLab (without its optional ``bidi`` and ``shaping`` extras, which this project
does not install) draws characters in memory order, left to right. Two fixes:

* :func:`visual_order` reverses each run of right-to-left script (Hebrew, Arabic, ...)
  inside a left-to-right paragraph, so the run reads correctly on the page and text
  extraction (``pdftotext``) gives it back in logical order. Digit groups keep their
  order, combining marks stay after their base letter, and brackets are mirrored.
  Limits: the paragraph direction is always left to right, a right-to-left run that
  wraps onto a second line has its lines in the wrong order, and Arabic letters are not
  joined (no contextual shaping).
* :func:`install_tounicode_fix` makes the ToUnicode map of subset fonts encode
  characters beyond U+FFFF (emoji, mathematical letters) as UTF-16 surrogate pairs:
  ReportLab writes them as five hex digits, which viewers misread (😀 extracts as ὠ).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_STRONG_RTL = frozenset({"R", "AL"})
_DIGITS = frozenset({"EN", "AN"})
_PAIRS = "()[]{}<>\u00ab\u00bb\u2039\u203a"  # brackets and guillemets, in pairs
_MIRROR = {**dict(zip(_PAIRS[::2], _PAIRS[1::2], strict=True))}
_MIRROR.update({close: open_ for open_, close in list(_MIRROR.items())})


def visual_order(text: str) -> str:
    """``text`` with every right-to-left run reversed for left-to-right drawing."""
    if not _RTL.search(text):
        return text
    out: list[str] = []
    position, length = 0, len(text)
    while position < length:
        start = _next_rtl(text, position)
        if start is None:
            out.append(text[position:])
            break
        out.append(text[position:start])
        end = _run_end(text, start)
        out.append(_reverse(text[start:end]))
        position = end
    return "".join(out)


def _next_rtl(text: str, position: int) -> int | None:
    match = _RTL.search(text, position)
    while match is not None:
        if unicodedata.bidirectional(match.group()) in _STRONG_RTL:
            return match.start()
        match = _RTL.search(text, match.end())
    return None


def _run_end(text: str, start: int) -> int:
    """One past the last character of the run: up to the last strong right-to-left
    character (and its marks) before the next strong left-to-right one."""
    end = start + 1
    index = start + 1
    while index < len(text):
        kind = unicodedata.bidirectional(text[index])
        if kind == "L":
            break
        if kind in _STRONG_RTL or (kind == "NSM" and end == index):
            end = index + 1
        index += 1
    return end


def _reverse(run: str) -> str:
    """Reverse a run by clusters: a base with its marks, or a group of digits."""
    clusters: list[str] = []
    for char in run:
        kind = unicodedata.bidirectional(char)
        mark = kind == "NSM" or unicodedata.combining(char)
        if clusters and (mark or (kind in _DIGITS and _is_number(clusters[-1]))):
            clusters[-1] += char
        else:
            clusters.append(_MIRROR.get(char, char))
    return "".join(reversed(clusters))


def _is_number(cluster: str) -> bool:
    return unicodedata.bidirectional(cluster[-1]) in _DIGITS


def _tounicode(fontname: str, subset: list[int]) -> str:
    """A ToUnicode CMap for a subset: code ``i`` maps to ``subset[i]`` (UTF-16BE)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    for code, char in enumerate(subset):
        utf16 = chr(char).encode("utf-16-be", "surrogatepass").hex().upper()
        lines.append(f"<{code:02X}> <{utf16}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end"]
    lines.append("end")
    return "\n".join(lines)


def install_tounicode_fix(ttfonts: Any) -> None:
    """Replace ReportLab's ToUnicode builder (module ``ttfonts``) by :func:`_tounicode`."""
    if ttfonts.makeToUnicodeCMap is not _tounicode:
        ttfonts.makeToUnicodeCMap = _tounicode
