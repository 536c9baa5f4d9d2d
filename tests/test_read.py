"""The read stage: decoding, refusing what is not text, and metadata precedence."""

from __future__ import annotations

import codecs
import hashlib
import io
import sys
from pathlib import Path

import pytest

from formatter.errors import InputError
from formatter.read import decode, load_metadata, read_source, title_from_stem
from tests import seed_facts


def test_seed_is_read_as_utf8_with_its_hash(seed_path: Path) -> None:
    source = read_source(str(seed_path))
    raw = seed_path.read_bytes()
    assert source.name == seed_facts.FILE_NAME
    assert source.stem == seed_facts.STEM
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.size_bytes == len(raw) == seed_facts.SIZE_BYTES
    assert source.encoding == "utf-8"
    assert source.text == raw.decode("utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "Vilnius – ė\r\nMinsk ў\r".encode(), "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE + "Vilnius – ė\r\nMinsk ў\r".encode("utf-16-le"), "utf-16-le (BOM)"),
        (codecs.BOM_UTF16_BE + "Vilnius – ė\r\nMinsk ў\r".encode("utf-16-be"), "utf-16-be (BOM)"),
    ],
)
def test_byte_order_marks_and_line_endings(data: bytes, encoding: str) -> None:
    assert decode("x.txt", data) == ("Vilnius – ė\nMinsk ў\n", encoding)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"\x7fELF\x02\x01", "an ELF executable"),
        (b"PK\x03\x04rest", "a zip archive"),
    ],
)
def test_binary_files_are_refused_by_kind(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=f"looks like {kind}"):
        decode("x.bin", data)


def test_missing_file_and_directory_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 100)
    assert read_source(str(path), max_bytes=500).size_bytes == 500
    with pytest.raises(InputError, match="larger than the 499-byte limit"):
        read_source(str(path), max_bytes=499)


def test_title_from_stem() -> None:
    assert title_from_stem("belarus-threat-assessment") == "Belarus threat assessment"
    assert title_from_stem("estonia_report_2025") == "Estonia report 2025"


def test_metadata_precedence_stem_then_sidecar_then_command_line(tmp_path: Path) -> None:
    article = tmp_path / "latvia-report.txt"
    article.write_text("Text.\n", encoding="utf-8")
    assert load_metadata(str(article), "latvia-report").title == "Latvia report"

    (tmp_path / "latvia-report.toml").write_text(
        'title = "Latvia: annual report"\nauthor = "Desk"\ndate = 2025-03-04\n'
        'keywords = ["Baltics"]\nmarking = "TLP:GREEN"\n',
        encoding="utf-8",
    )
    metadata = load_metadata(str(article), "latvia-report")
    assert (metadata.title, metadata.author, metadata.date) == (
        "Latvia: annual report",
        "Desk",
        "2025-03-04",
    )
    assert (metadata.keywords, metadata.marking) == (("Baltics",), "TLP:GREEN")

    overridden = load_metadata(
        str(article), "latvia-report", {"title": "  Override  title ", "author": None}
    )
    assert (overridden.title, overridden.author) == ("Override title", "Desk")


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ('title = "x"\npublisher = "y"\n', "publisher: unknown key"),
        ('date = "yesterday"\n', "date: 'yesterday' is not a date"),
        ("title = 3\n", "title: expected a string"),
        ("title = \n", "invalid TOML"),
    ],
)
def test_bad_sidecars_are_input_errors(tmp_path: Path, sidecar: str, message: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Text.\n", encoding="utf-8")
    (tmp_path / "a.toml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_metadata(str(article), "a")


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_standard_input_from_a_terminal_is_refused_rather_than_waited_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(io.BytesIO(b"typed text\n")))
    with pytest.raises(InputError, match="standard input is a terminal"):
        read_source("-")


def test_standard_input_from_a_pipe_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Piped text.\n")))
    source = read_source("-")
    assert (source.name, source.stem, source.text) == ("stdin", "stdin", "Piped text.\n")
