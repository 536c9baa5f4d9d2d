"""Every change this project makes to a dependency's own code, in one place.

Each patch names the library versions it was written and tested against, checks that
the library still has the shape it replaces, and is applied only then; outside that
range the library runs unchanged (never broken, perhaps slower or less exact).
tests/test_patches.py runs each against the installed library: that it is still
needed, that it works, and that a version outside the range leaves the library alone.

* ReportLab's ToUnicode map (``reportlab.pdfbase.ttfonts.makeToUnicodeCMap``): it
  writes a character beyond U+FFFF (emoji, mathematical letters) as five hex digits,
  which viewers and pdftotext misread (😀 extracts as ὠ). :func:`install_tounicode`
  replaces it with one that writes UTF-16 surrogate pairs, and only while ReportLab
  still has the fault (a probe asks the real function).
* ReportLab's stream objects (``reportlab.pdfbase.pdfdoc.PDFStream.format``) write
  ``endstream`` straight after the data; PDF/A (ISO 19005-2, 6.1.7.1) wants an end of
  line before it. :func:`install_stream_eol` adds one (outside ``/Length``, as the
  standard says), only while a probe shows ReportLab still lacks it.
* pyphen's dictionary reader: :mod:`formatter.writers.pdf.hyphenation` fills pyphen's
  ``HyphDict`` with lazily parsed patterns (60-100 ms less per cold start) when
  :func:`lazy_pyphen_supported` says this pyphen has the internals it relies on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any


@dataclass(frozen=True, slots=True)
class Tested:
    """The versions of ``library`` a patch was tested against: ``low <= v < high``."""

    library: str
    low: tuple[int, ...]
    high: tuple[int, ...]

    def covers(self, version: str) -> bool:
        return self.low <= parse_version(version) < self.high


REPORTLAB_TOUNICODE = Tested("reportlab", (4, 2), (6,))
REPORTLAB_STREAM_EOL = Tested("reportlab", (4, 2), (6,))
PYPHEN_LAZY_READER = Tested("pyphen", (0, 15), (0, 19))


def parse_version(version: str) -> tuple[int, ...]:
    """``"5.1.0"`` -> ``(5, 1, 0)``; ``"0.18.1.dev0"`` -> ``(0, 18, 1)``."""
    numbers = []
    for part in version.split("."):
        match = re.match(r"\d+", part)
        if match is None:
            break
        numbers.append(int(match.group()))
    return tuple(numbers)


# --- ReportLab: ToUnicode maps beyond the Basic Multilingual Plane ----------------------

ToUnicode = Callable[[str, list[int]], str]
_ASTRAL_PROBE = 0x1F600


def tounicode(fontname: str, subset: list[int]) -> str:
    """A ToUnicode CMap for a subset: code ``i`` maps to ``subset[i]`` (UTF-16BE, so a
    character beyond U+FFFF is a surrogate pair)."""
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


def writes_astral_as_five_digits(make: ToUnicode) -> bool:
    """True if ``make`` has ReportLab's fault: U+1F600 as ``<1F600>``, not ``<D83DDE00>``."""
    try:
        cmap = make("Probe", [0x41, _ASTRAL_PROBE])
    except Exception:  # a different signature: not the function this patch replaces
        return False
    return f"<01> <{_ASTRAL_PROBE:X}>" in cmap


def install_tounicode(ttfonts: ModuleType, version: str) -> bool:
    """Replace ``ttfonts.makeToUnicodeCMap`` by :func:`tounicode` if ReportLab
    ``version`` is one this was tested with and its function still has the fault.
    Return whether the patch is in place."""
    current = getattr(ttfonts, "makeToUnicodeCMap", None)
    if current is tounicode:
        return True
    if current is None or not REPORTLAB_TOUNICODE.covers(version):
        return False
    if not writes_astral_as_five_digits(current):
        return False  # fixed upstream: nothing to do
    setattr(ttfonts, "makeToUnicodeCMap", tounicode)  # noqa: B010 - a module attribute
    return True


# --- ReportLab: an end of line before endstream (PDF/A) -----------------------------

_ENDSTREAM = b"endstream\n"


def ends_stream_without_eol(pdfdoc: ModuleType) -> bool:
    """True if ``pdfdoc.PDFStream`` writes data straight into ``endstream``."""
    try:
        stream = pdfdoc.PDFStream(content=b"x", filters=[])
        data = stream.format(pdfdoc.DummyDoc())
    except Exception:  # a different class: not the one this patch changes
        return False
    return isinstance(data, bytes) and data.endswith(b"x" + _ENDSTREAM)


def install_stream_eol(pdfdoc: ModuleType, version: str) -> bool:
    """Make ``pdfdoc.PDFStream`` put an end of line before ``endstream`` if ReportLab
    ``version`` is one this was tested with and it still lacks one. Return whether
    streams now end that way."""
    stream_class = getattr(pdfdoc, "PDFStream", None)
    if stream_class is None:
        return False
    if getattr(stream_class.format, "briefing_eol", False):
        return True
    if not REPORTLAB_STREAM_EOL.covers(version) or not ends_stream_without_eol(pdfdoc):
        return False
    original = stream_class.format

    def format_with_eol(self: Any, document: Any) -> bytes:
        data: bytes = original(self, document)
        if data.endswith(_ENDSTREAM) and not data.endswith(b"\n" + _ENDSTREAM):
            data = data[: -len(_ENDSTREAM)] + b"\n" + _ENDSTREAM
        return data

    format_with_eol.briefing_eol = True  # type: ignore[attr-defined]
    stream_class.format = format_with_eol
    return True


# --- pyphen: the internals the lazy dictionary reader fills in ------------------------

_PYPHEN_NAMES = (
    "HyphDict",
    "Pyphen",
    "hdcache",
    "parse",
    "parse_hex",
    "AlternativeParser",
    "ignored",
    "language_fallback",
    "LANGUAGES",
)


def lazy_pyphen_supported(pyphen: ModuleType) -> bool:
    """True if this pyphen is a tested version with every name the lazy reader uses."""
    version = getattr(pyphen, "__version__", "")
    if not PYPHEN_LAZY_READER.covers(version):
        return False
    return all(hasattr(pyphen, name) for name in _PYPHEN_NAMES)
