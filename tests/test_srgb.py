"""The sRGB ICC profile the PDF's output intent embeds: computed from the published
sRGB definition, shipped unchanged with its licence, and read correctly by LittleCMS
(through Pillow's ImageCms)."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageCms

from formatter import srgb
from formatter.writers.pdf.archive import ICC_PROFILE


def test_the_shipped_profile_is_the_computed_one() -> None:
    assert ICC_PROFILE.read_bytes() == srgb.profile()
    licence = ICC_PROFILE.parent / "LICENSE-sRGB.txt"
    assert "CC0 1.0" in licence.read_text(encoding="utf-8")


def test_header_and_tags() -> None:
    data = srgb.profile()
    size, _, version, kind, space, pcs = struct.unpack(">I4sI4s4s4s", data[:24])
    assert size == len(data)
    assert (version, kind, space, pcs) == (0x02100000, b"mntr", b"RGB ", b"XYZ ")
    assert data[36:40] == b"acsp"
    (count,) = struct.unpack(">I", data[128:132])
    tags = {data[132 + 12 * i : 136 + 12 * i] for i in range(count)}
    need = {b"desc", b"cprt", b"wtpt", b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC"}
    assert tags == need


def test_colorants_match_the_published_d50_values() -> None:
    # the D50-adapted sRGB matrix as the ICC and most sRGB profiles print it
    published = (
        (0.4361, 0.2225, 0.0139),
        (0.3851, 0.7169, 0.0971),
        (0.1431, 0.0606, 0.7141),
    )
    for ours, theirs in zip(srgb.colorants(), published, strict=True):
        assert ours == pytest.approx(theirs, abs=2e-4)
    red, green, blue = srgb.colorants()
    white = [red[i] + green[i] + blue[i] for i in range(3)]
    assert white == pytest.approx(srgb.D50_XYZ, abs=1e-4)


def test_transfer_curve() -> None:
    assert srgb.transfer(0.0) == 0.0
    assert srgb.transfer(1.0) == pytest.approx(1.0)
    assert srgb.transfer(0.5) == pytest.approx(0.214, abs=1e-3)
    assert srgb.transfer(0.04) == pytest.approx(0.04 / 12.92)


def test_littlecms_maps_it_onto_its_own_srgb() -> None:
    ours = ImageCms.ImageCmsProfile(io.BytesIO(srgb.profile()))
    assert ImageCms.getProfileDescription(ours).strip() == srgb.DESCRIPTION
    builtin = ImageCms.createProfile("sRGB")
    transform = ImageCms.buildTransform(
        ours, builtin, "RGB", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )
    colours = [(v, 0, 0) for v in range(256)] + [(0, v, 0) for v in range(256)]
    colours += [(0, 0, v) for v in range(256)] + [(v, 255 - v, v // 2) for v in range(256)]
    image = Image.new("RGB", (len(colours), 1))
    image.putdata(colours)
    mapped = ImageCms.applyTransform(image, transform)
    assert mapped is not None
    out = [mapped.getpixel((x, 0)) for x in range(len(colours))]
    worst = max(
        abs(a - b) for pair in zip(colours, out, strict=True) for a, b in zip(*pair, strict=True)
    )  # type: ignore[arg-type]
    assert worst <= 1
