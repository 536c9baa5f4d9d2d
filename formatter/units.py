"""Typed lengths and colours, so themes and writers never trade bare numbers.

A :class:`Length` is stored in English Metric Units (EMU, 914400 per inch), the unit
OOXML uses; it converts exactly to twips and points for DOCX and to points for PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMU_PER_INCH = 914_400
EMU_PER_PT = 12_700
EMU_PER_MM = 36_000
EMU_PER_CM = 360_000
EMU_PER_TWIP = 635

_UNITS = {"pt": EMU_PER_PT, "mm": EMU_PER_MM, "cm": EMU_PER_CM, "in": EMU_PER_INCH}
_LENGTH_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")
_COLOR_RE = re.compile(r"^#([0-9a-fA-F]{6})$")


@dataclass(frozen=True, slots=True, order=True)
class Length:
    """A length in EMU. Build one with :func:`Pt`, :func:`Mm`, :func:`Cm`, :func:`Inches`."""

    emu: int

    @property
    def pt(self) -> float:
        return self.emu / EMU_PER_PT

    @property
    def mm(self) -> float:
        return self.emu / EMU_PER_MM

    @property
    def twips(self) -> int:
        return round(self.emu / EMU_PER_TWIP)

    @property
    def half_points(self) -> int:
        """The unit OOXML uses for font sizes (``w:sz``)."""
        return round(self.emu * 2 / EMU_PER_PT)

    def __str__(self) -> str:
        return f"{self.pt:g}pt"

    @classmethod
    def parse(cls, text: str) -> Length:
        """Parse ``"10.5pt"``, ``"20mm"``, ``"2cm"`` or ``"1in"``, else raise ``ValueError``."""
        match = _LENGTH_RE.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a length such as '10pt', '20mm', '2cm' or '1in'")
        number, unit = match.groups()
        return cls(round(float(number) * _UNITS[unit]))


def Pt(points: float) -> Length:  # reads like a unit, as in python-docx
    return Length(round(points * EMU_PER_PT))


def Mm(millimetres: float) -> Length:
    return Length(round(millimetres * EMU_PER_MM))


def Cm(centimetres: float) -> Length:
    return Length(round(centimetres * EMU_PER_CM))


def Inches(inches: float) -> Length:
    return Length(round(inches * EMU_PER_INCH))


@dataclass(frozen=True, slots=True)
class Color:
    """An sRGB colour."""

    red: int
    green: int
    blue: int

    @property
    def hex(self) -> str:
        """Upper-case hex without ``#``, as OOXML writes it (``1F3A5F``)."""
        return f"{self.red:02X}{self.green:02X}{self.blue:02X}"

    @property
    def rgb_floats(self) -> tuple[float, float, float]:
        return (self.red / 255, self.green / 255, self.blue / 255)

    def __str__(self) -> str:
        return f"#{self.hex}"

    @classmethod
    def parse(cls, text: str) -> Color:
        """Parse ``"#1f3a5f"``; raise ``ValueError`` otherwise."""
        match = _COLOR_RE.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a colour such as '#1f3a5f'")
        value = int(match.group(1), 16)
        return cls(value >> 16, (value >> 8) & 0xFF, value & 0xFF)
