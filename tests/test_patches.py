"""Each patch of a dependency, against the real installed library: still needed, in
place, working, and inert for a version outside the range it was tested with."""

from __future__ import annotations

import types

import pyphen
import pytest
import reportlab
from reportlab.pdfbase import ttfonts

from formatter.writers.pdf import hyphenation, patches
from formatter.writers.pdf.hyphenation import LazyPatterns, hyphenator


def _fresh_module(name: str) -> types.ModuleType:
    """A fresh copy of module ``name``, as its source defines it: unpatched."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    assert spec is not None
    assert spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    return fresh


def _reportlab_own() -> patches.ToUnicode:
    """ReportLab's own ToUnicode builder, read from a fresh copy of its module."""
    own: patches.ToUnicode = _fresh_module("reportlab.pdfbase.ttfonts").makeToUnicodeCMap
    return own


def test_the_installed_reportlab_is_in_the_tested_range() -> None:
    """When ReportLab moves past the range, review the patch and widen the range."""
    assert patches.REPORTLAB_TOUNICODE.covers(reportlab.Version), reportlab.Version


def test_reportlab_still_has_the_fault_and_the_patch_is_in_place() -> None:
    import formatter.writers.pdf.fonts  # noqa: F401 - installs the patch

    own = _reportlab_own()
    assert own is not patches.tounicode
    # the fault: five hex digits, which a viewer reads as U+1F60 followed by "0"
    assert patches.writes_astral_as_five_digits(own)
    assert ttfonts.makeToUnicodeCMap is patches.tounicode
    assert not patches.writes_astral_as_five_digits(ttfonts.makeToUnicodeCMap)
    cmap = patches.tounicode("F", [0x41, 0x1F600])
    assert "<00> <0041>" in cmap
    assert "<01> <D83DDE00>" in cmap  # the UTF-16 surrogate pair of U+1F600


def test_a_version_outside_the_range_leaves_reportlab_alone() -> None:
    own = _reportlab_own()
    fake = types.ModuleType("ttfonts")
    fake.makeToUnicodeCMap = own  # type: ignore[attr-defined]
    assert not patches.install_tounicode(fake, "6.0.0")
    assert fake.makeToUnicodeCMap is own  # type: ignore[attr-defined]
    assert patches.install_tounicode(fake, "5.1.0")
    assert fake.makeToUnicodeCMap is patches.tounicode  # type: ignore[attr-defined]


def test_a_reportlab_without_the_fault_is_not_patched() -> None:
    def fixed_upstream(name: str, subset: list[int]) -> str:
        return patches.tounicode(name, subset)

    fake = types.ModuleType("ttfonts")
    fake.makeToUnicodeCMap = fixed_upstream  # type: ignore[attr-defined]
    before = fake.makeToUnicodeCMap  # type: ignore[attr-defined]
    assert not patches.install_tounicode(fake, "5.1.0")
    assert fake.makeToUnicodeCMap is before  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("version", "expected"),
    [("5.1.0", (5, 1, 0)), ("0.18.1.dev0", (0, 18, 1)), ("4.2", (4, 2)), ("x", ())],
)
def test_versions_are_read_as_numbers(version: str, expected: tuple[int, ...]) -> None:
    assert patches.parse_version(version) == expected


def test_the_installed_pyphen_gets_the_lazy_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert patches.PYPHEN_LAZY_READER.covers(pyphen.__version__), pyphen.__version__
    assert patches.lazy_pyphen_supported(pyphen)
    ours = hyphenator("en-GB")
    assert ours is not None
    assert isinstance(ours.__self__.hd.patterns, LazyPatterns)  # type: ignore[attr-defined]


@pytest.mark.parametrize("version", ["0.19.0", "1.0", "0.14.9"])
def test_an_untested_pyphen_parses_its_own_way(
    monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(pyphen, "__version__", version)
    assert not patches.lazy_pyphen_supported(pyphen)
    ours = hyphenation.hyphenator("en-GB")
    assert ours is not None
    assert not isinstance(ours.__self__.hd.patterns, LazyPatterns)  # type: ignore[attr-defined]
    expected = pyphen.Pyphen(lang="en_GB").iterate("hyphenation")
    assert list(ours("hyphenation")) == list(expected)


def test_a_pyphen_missing_an_internal_parses_its_own_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(pyphen, "parse_hex")
    assert not patches.lazy_pyphen_supported(pyphen)


# --- ReportLab: an end of line before endstream ----------------------------------------


def _fresh_pdfdoc() -> types.ModuleType:
    """A fresh copy of ReportLab's pdfdoc module: its own, unpatched PDFStream."""
    return _fresh_module("reportlab.pdfbase.pdfdoc")


def test_reportlab_streams_still_lack_the_eol_and_the_patch_adds_it() -> None:
    from reportlab.pdfbase import pdfdoc

    import formatter.writers.pdf.archive  # noqa: F401 - installs the patch

    assert patches.REPORTLAB_STREAM_EOL.covers(reportlab.Version), reportlab.Version
    assert patches.ends_stream_without_eol(_fresh_pdfdoc())  # the fault, upstream
    assert not patches.ends_stream_without_eol(pdfdoc)  # fixed here
    stream = pdfdoc.PDFStream(content=b"abc", filters=[])
    data = stream.format(pdfdoc.DummyDoc())
    assert data.endswith(b"\nstream\nabc\nendstream\n")
    assert b"/Length 3" in data  # the end of line is not part of the data


def test_stream_patch_respects_the_tested_range() -> None:
    fresh = _fresh_pdfdoc()
    own = fresh.PDFStream.format
    assert not patches.install_stream_eol(fresh, "6.0.0")
    assert fresh.PDFStream.format is own
    assert patches.install_stream_eol(fresh, "5.1.0")
    assert fresh.PDFStream.format is not own
    assert patches.install_stream_eol(fresh, "5.1.0")  # twice: still one wrapper
    assert not patches.ends_stream_without_eol(fresh)
