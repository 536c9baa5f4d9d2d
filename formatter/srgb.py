"""A small sRGB ICC profile (version 2.1), computed from the published definition.

PDF/A needs an output intent with an embedded ICC profile. Rather than ship someone
else's profile and its licence terms, the project computes its own from the values
IEC 61966-2-1 publishes: the red, green and blue primaries (0.64, 0.33), (0.30, 0.60),
(0.15, 0.06) and the D65 white point (0.3127, 0.3290), adapted to the profile
connection space's D50 white with the Bradford transform (as ICC matrix/TRC profiles
do), and the sRGB transfer curve (linear below 0.04045, a 2.4 power above) sampled at
1024 points. The result is a display-class RGB profile with the nine tags a v2
matrix/TRC profile needs (``desc``, ``cprt``, ``wtpt``, ``rXYZ``/``gXYZ``/``bXYZ``,
``rTRC``/``gTRC``/``bTRC``, the three curves sharing one table).

The shipped copy is ``formatter/data/icc/sRGB-v2-briefing.icc`` (licence beside it);
``tests/test_srgb.py`` checks that it is exactly what :func:`profile` computes and that
LittleCMS (through Pillow) maps it onto its own sRGB.
"""

from __future__ import annotations

import struct

PRIMARIES = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))  # IEC 61966-2-1: R, G, B (x, y)
D65 = (0.3127, 0.3290)
D50_XYZ = (0.9642, 1.0, 0.8249)  # the ICC profile connection space white
_BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))
CURVE_POINTS = 1024
DESCRIPTION = "sRGB IEC61966-2.1 (briefing-formatter)"
COPYRIGHT = "No copyright: CC0 1.0, computed by briefing-formatter"
_CREATED = (2026, 1, 1, 0, 0, 0)  # a fixed date: the profile never changes

Vector = tuple[float, ...]
Matrix = tuple[Vector, ...]


def _xyz(x: float, y: float) -> Vector:
    return (x / y, 1.0, (1 - x - y) / y)


def _mul(a: Matrix, b: Matrix) -> Matrix:
    return tuple(
        tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3)
    )


def _apply(m: Matrix, v: Vector) -> Vector:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def _inverse(m: Matrix) -> Matrix:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return (
        ((e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det),
        ((f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det),
        ((d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det),
    )


def _diagonal(v: Vector) -> Matrix:
    return ((v[0], 0.0, 0.0), (0.0, v[1], 0.0), (0.0, 0.0, v[2]))


def colorants() -> Matrix:
    """The red, green and blue colorants (XYZ of each primary at full intensity),
    adapted to D50: the columns of the RGB -> PCS matrix."""
    white = _xyz(*D65)
    primaries = [_xyz(x, y) for x, y in PRIMARIES]
    columns = tuple(tuple(p[row] for p in primaries) for row in range(3))  # XYZ per column
    scale = _apply(_inverse(columns), white)  # so that R = G = B = 1 gives the white
    rgb_to_xyz = _mul(columns, _diagonal(scale))
    cone_source = _apply(_BRADFORD, white)
    cone_target = _apply(_BRADFORD, D50_XYZ)
    ratio = _diagonal(tuple(t / s for t, s in zip(cone_target, cone_source, strict=True)))
    adapt = _mul(_inverse(_BRADFORD), _mul(ratio, _BRADFORD))
    adapted = _mul(adapt, rgb_to_xyz)
    return tuple(tuple(adapted[row][column] for row in range(3)) for column in range(3))


def transfer(value: float) -> float:
    """The sRGB transfer function: encoded value (0..1) -> linear light."""
    if value <= 0.04045:
        return value / 12.92
    return float(((value + 0.055) / 1.055) ** 2.4)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: Vector) -> bytes:
    return b"XYZ " + bytes(4) + b"".join(_s15(v) for v in xyz)


def _text_tag(text: str) -> bytes:
    return b"text" + bytes(4) + text.encode("ascii") + b"\0"


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc"
        + bytes(4)
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)  # no Macintosh ScriptCode description
        + bytes(67)
    )


def _curve_tag() -> bytes:
    samples = [round(transfer(i / (CURVE_POINTS - 1)) * 65535) for i in range(CURVE_POINTS)]
    return b"curv" + bytes(4) + struct.pack(f">I{CURVE_POINTS}H", CURVE_POINTS, *samples)


def profile() -> bytes:
    """The profile's bytes (the same on every run and machine)."""
    red, green, blue = colorants()
    curve = _curve_tag()
    blobs: list[tuple[bytes, bytes]] = [
        (b"desc", _desc_tag(DESCRIPTION)),
        (b"cprt", _text_tag(COPYRIGHT)),
        (b"wtpt", _xyz_tag(_xyz(*D65))),
        (b"rXYZ", _xyz_tag(red)),
        (b"gXYZ", _xyz_tag(green)),
        (b"bXYZ", _xyz_tag(blue)),
        (b"rTRC", curve),
    ]
    shared = [b"gTRC", b"bTRC"]  # point at the red curve's data
    count = len(blobs) + len(shared)
    offset = 128 + 4 + 12 * count
    table, data = [], b""
    positions: dict[bytes, tuple[int, int]] = {}
    for signature, blob in blobs:
        positions[signature] = (offset + len(data), len(blob))
        table.append(struct.pack(">4sII", signature, *positions[signature]))
        data += blob + bytes(-len(blob) % 4)
    for signature in shared:
        table.append(struct.pack(">4sII", signature, *positions[b"rTRC"]))
    body = struct.pack(">I", count) + b"".join(table) + data
    size = 128 + len(body)
    header = (
        struct.pack(">I4sI4s4s4s", size, b"\0\0\0\0", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
        + struct.pack(">6H", *_CREATED)
        + b"acsp"
        + bytes(4)  # primary platform: none
        + struct.pack(">I", 0)  # flags
        + bytes(8)  # device manufacturer and model
        + bytes(8)  # device attributes
        + struct.pack(">I", 0)  # rendering intent: perceptual
        + b"".join(_s15(v) for v in D50_XYZ)
        + bytes(4)  # creator
        + bytes(44)  # profile id (v4 only) and reserved bytes
    )
    assert len(header) == 128
    return header + body
