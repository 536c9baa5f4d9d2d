"""``build --check`` by build fingerprint: a DOCX or PDF whose bytes a newer library
would write differently is still fresh; one built from another article, theme or
writer is stale; ``--exact`` compares bytes."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from formatter import fingerprint, record, wording
from formatter.build import Settings, Status, plan, run
from formatter.plan import plan as document_plan
from formatter.theme import load_theme
from formatter.timestamps import document_datetime
from formatter.writers import parse_formats
from tests.conftest import REPO, SEED

FORMATS = parse_formats("docx,pdf,md")


def _statuses(out: Path, article: Path, *, exact: bool = False, style: str = "briefing") -> dict:
    settings = Settings(out, FORMATS, style, check=True, exact=exact)
    [result] = run(plan([str(article)]), settings, jobs=1)
    assert result.error is None
    return {file.path.suffix: file.status for file in result.files}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """The seed and its sidecar copied to a folder, and built into out/."""
    article = tmp_path / SEED.name
    shutil.copy(SEED, article)
    shutil.copy(SEED.with_suffix(".toml"), article.with_suffix(".toml"))
    out = tmp_path / "out"
    [result] = run(plan([str(article)]), Settings(out, FORMATS), jobs=1)
    assert result.error is None
    return article, out


def _recompress_docx(path: Path) -> None:
    """What a new zlib could do: the same parts, compressed at another level."""
    with zipfile.ZipFile(path) as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, data in parts:
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    assert buffer.getvalue() != path.read_bytes()
    path.write_bytes(buffer.getvalue())


def _rewrite_pdf(path: Path) -> None:
    """What another PDF library version could do: the same document, other bytes."""
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.compress_identical_objects()
    buffer = io.BytesIO()
    writer.write(buffer)
    assert buffer.getvalue() != path.read_bytes()
    path.write_bytes(buffer.getvalue())


def test_fresh_documents_are_fresh(built: tuple[Path, Path]) -> None:
    article, out = built
    assert _statuses(out, article) == dict.fromkeys((".docx", ".pdf", ".md"), Status.FRESH)
    assert _statuses(out, article, exact=True) == dict.fromkeys(
        (".docx", ".pdf", ".md"), Status.FRESH
    )


def test_other_bytes_from_the_same_build_are_fresh_unless_exact(built: tuple[Path, Path]) -> None:
    article, out = built
    name = article.stem
    _recompress_docx(out / f"{name}.docx")
    _rewrite_pdf(out / f"{name}.pdf")
    assert _statuses(out, article) == dict.fromkeys((".docx", ".pdf", ".md"), Status.FRESH)
    assert _statuses(out, article, exact=True) == {
        ".docx": Status.STALE,
        ".pdf": Status.STALE,
        ".md": Status.FRESH,
    }


def test_a_changed_article_makes_every_document_stale(built: tuple[Path, Path]) -> None:
    article, out = built
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Lithuanian", "Latvian", 1), encoding="utf-8")
    assert _statuses(out, article) == dict.fromkeys((".docx", ".pdf", ".md"), Status.STALE)


def test_another_theme_makes_docx_and_pdf_stale(built: tuple[Path, Path]) -> None:
    article, out = built
    statuses = _statuses(out, article, style="plain")
    assert statuses[".docx"] is statuses[".pdf"] is Status.STALE


def test_a_document_without_a_fingerprint_is_stale(built: tuple[Path, Path]) -> None:
    article, out = built
    pdf = out / f"{article.stem}.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"/BriefingFingerprint", b"/SomethingElse12345"))
    docx_path = out / f"{article.stem}.docx"
    with zipfile.ZipFile(docx_path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            if name != "docProps/custom.xml":
                target.writestr(name, data)
    docx_path.write_bytes(buffer.getvalue())
    statuses = _statuses(out, article)
    assert statuses[".docx"] is statuses[".pdf"] is Status.STALE
    assert fingerprint.stored(b"not a zip", "docx") is None
    assert fingerprint.stored(b"%PDF-1.4 nothing", "pdf") is None


def test_a_missing_document_is_missing(built: tuple[Path, Path]) -> None:
    article, out = built
    (out / f"{article.stem}.pdf").unlink()
    assert _statuses(out, article)[".pdf"] is Status.MISSING


def test_the_fingerprint_is_what_the_document_carries(seed_briefing: object) -> None:
    from formatter.writers import docx as docx_writer
    from formatter.writers import pdf as pdf_writer

    theme = load_theme("briefing")
    planned = document_plan(seed_briefing, theme)  # type: ignore[arg-type]
    moment = document_datetime(seed_briefing.metadata)  # type: ignore[attr-defined]
    # the DOCX also carries the briefing record (formatter.record): its digest is in it
    printed = wording.marking(seed_briefing, theme)  # type: ignore[arg-type]
    stored_record = record.digest(seed_briefing, printed)  # type: ignore[arg-type]
    expected = {
        "docx": fingerprint.fingerprint(planned, theme, "docx", moment, stored_record),
        "pdf": fingerprint.fingerprint(planned, theme, "pdf", moment),
    }
    assert expected["docx"] != expected["pdf"]  # each writer's own code is in it
    data = {
        "docx": docx_writer.render(seed_briefing, theme),  # type: ignore[arg-type]
        "pdf": pdf_writer.render(seed_briefing, theme),  # type: ignore[arg-type]
    }
    for name in ("docx", "pdf"):
        assert fingerprint.stored(data[name], name) == expected[name]
    plain = load_theme("plain")
    assert fingerprint.fingerprint(planned, plain, "pdf", moment) != expected["pdf"]


def test_the_fingerprint_names_no_path_and_no_library_version() -> None:
    theme = load_theme("briefing")
    canonical = fingerprint._canonical(theme)
    assert str(REPO) not in canonical
    assert "file:" in canonical  # fonts by content
    assert "reportlab" not in canonical.lower()


def test_check_and_exact_on_the_command_line(built: tuple[Path, Path]) -> None:
    article, out = built
    command = [sys.executable, "-m", "formatter", "build", str(article), "-o", str(out)]
    command += ["-f", "docx,pdf,md"]
    _rewrite_pdf(out / f"{article.stem}.pdf")
    fresh = subprocess.run([*command, "--check"], cwd=REPO, capture_output=True, check=False)
    assert fresh.returncode == 0
    exact = subprocess.run(
        [*command, "--check", "--exact"], cwd=REPO, capture_output=True, check=False
    )
    assert exact.returncode == 1
    assert b"stale" in exact.stdout
    usage = subprocess.run(
        [*command, "--exact"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert usage.returncode == 2
    assert usage.stderr.strip() == "error: --exact: only works with --check"


def test_the_pdf_fingerprint_covers_the_embedded_colour_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The sRGB profile is copied into every PDF: a changed profile makes dist/ stale."""
    from formatter import fingerprint as module

    assert "data/icc/sRGB-v2-briefing.icc" in module.WRITER_DATA["pdf"]
    profile = tmp_path / "profile.icc"
    digests = []
    for content in (b"one profile", b"another profile"):
        profile.write_bytes(content)
        monkeypatch.setattr(module, "WRITER_DATA", {"docx": (), "pdf": (str(profile),)})
        module.code_digest.cache_clear()
        digests.append(module.code_digest("pdf"))
    module.code_digest.cache_clear()
    assert digests[0] != digests[1]
