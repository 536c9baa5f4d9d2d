"""Text fixes the PDF writer applies before ReportLab sees a string.

ReportLab (without its optional ``bidi`` and ``shaping`` extras, which this project
does not install) draws characters in memory order, left to right.
:func:`visual_order` reverses each run of right-to-left script (Hebrew, Arabic, ...)
  inside a left-to-right paragraph, so the run reads correctly on the page and text
  extraction (``pdftotext``) gives it back in logical order. Digit groups keep their
  order, combining marks stay after their base letter, and brackets are mirrored.
  Limits: the paragraph direction is always left to right, a right-to-left run that
  wraps onto a second line has its lines in the wrong order, and Arabic letters are not
  joined (no contextual shaping).
"""

from __future__ import annotations

import re
import unicodedata

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
