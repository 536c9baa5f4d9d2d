"""Hostile and broken input through the real command (``python -m formatter`` and the
``briefing`` script): a correct briefing in every format, or one line on standard error,
``error: <file>: <reason>``, with the documented exit code and never a traceback.

The cases come from ``test_hostile_inputs.py``. DOCX and PDF are checked when their
writers exist (they landed after this file was started): DOCX text with python-docx,
PDF text with ``pdftotext`` and images with pypdf.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import formatter.writers
from formatter.theme import load_theme
from tests.conftest import REPO, require_tool
from tests.test_hostile_inputs import (
    CANARY,
    CASES,
    LEDE,
    MUST_BUILD,
    MUST_FAIL,
    Case,
    Failure,
    check_kept,
    check_metadata,
    rendered_blocks,
    unescape_markdown,
)

WRITERS = Path(formatter.writers.__file__).parent
HAS_DOCX = (WRITERS / "docx.py").is_file()
HAS_PDF = (WRITERS / "pdf.py").is_file()
FORMATS = ",".join(["md", "json"] + ["docx"] * HAS_DOCX + ["pdf"] * HAS_PDF)
IS_ROOT = os.geteuid() == 0
_LEDE_BYTES = (LEDE + "\nA second paragraph.\n").encode()
ROOT_SKIP = "runs as root, whom file modes do not stop (test_hostile_inputs covers it in-process)"


def run(
    *args: str,
    cwd: Path,
    stdin: bytes | None = None,
    script: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    command = [shutil.which("briefing") or "briefing"] if script else [sys.executable, "-m"]
    if not script:
        command.append("formatter")
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        check=False,
        timeout=300,
    )


def one_error(done: subprocess.CompletedProcess[bytes]) -> str:
    """The single ``error:`` line on standard error (and no traceback anywhere)."""
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    return errors[0]


# --- what must build --------------------------------------------------------------------


def _docx_paragraphs(path: Path) -> list[str]:
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


_INVISIBLE = re.compile("[\\s\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufe0f\u2010-]+")


def _squash(text: str) -> str:
    """Text without white space, hyphens and bidi controls: line breaks, hyphenation
    and visual reordering marks in a PDF's text layer do not count as differences."""
    return _INVISIBLE.sub("", text)


def _undrawable(notes: list[str]) -> set[str]:
    """Characters the build reported as drawn with a placeholder (no font has them)."""
    return {
        chr(int(code, 16)) for note in notes for code in re.findall(r"U\+([0-9A-F]{4,6})", note)
    }


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every must-build case built by one command, in every available format."""
    root = tmp_path_factory.mktemp("catalogue")
    inputs = root / "in"
    inputs.mkdir()
    names = [str(case.write(inputs).relative_to(root)) for case in MUST_BUILD]
    done = run("build", *names, "-f", FORMATS, "-o", "out", "-j", "2", cwd=root)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 0, stderr
    assert "error:" not in stderr
    assert "Traceback" not in stderr
    assert (
        f"built {len(MUST_BUILD)} input(s): {len(MUST_BUILD) * len(FORMATS.split(','))} written"
        in done.stdout.decode("utf-8", "surrogateescape")  # a file name that is not UTF-8
    )
    return root


@pytest.mark.slow
@pytest.mark.parametrize("case", MUST_BUILD, ids=lambda case: case.name)
def test_catalogue_builds_in_every_format(catalogue: Path, case: Case) -> None:
    out = catalogue / "out"
    data = json.loads((out / f"{case.name}.json").read_text(encoding="utf-8"))
    texts = [
        item["text"]
        for item in sorted(
            (item for section in data["sections"] for item in section["paragraphs"]),
            key=lambda item: item["index"],
        )
    ]
    check_kept(case, texts)
    check_metadata(case, data)
    assert data["source"]["encoding"] == case.encoding
    assert data["source"]["repairs"] == list(case.repairs)
    assert data["source"]["name"] == case.source_name

    markdown = (out / f"{case.name}.md").read_text(encoding="utf-8")
    shown = unescape_markdown(markdown)
    for text in texts:
        assert text in shown
    rendered = [text for kind, text in rendered_blocks(markdown) if kind == "p"]
    for text in texts:
        assert text in rendered  # what a CommonMark viewer shows, exactly

    if HAS_DOCX:
        in_docx = "\n".join(_docx_paragraphs(out / f"{case.name}.docx"))
        for text in case.present:
            assert text in in_docx, f"DOCX lacks {text[:60]!r}"
        for text in case.absent:
            assert text not in in_docx

    if HAS_PDF:
        in_pdf = _pdf_text(out / f"{case.name}.pdf", data["title"], data["marking"])
        # Characters no font has are drawn as one placeholder per run, and listed in
        # the briefing's notes: every other piece of the text must be in the PDF.
        missing = "".join(sorted(_undrawable(data["notes"])))
        placeholder = re.compile(f"[{re.escape(missing)}\u200d\U0001f3fb-\U0001f3ff]+")
        for text in case.present:
            for piece in placeholder.split(text) if missing else [text]:
                assert _squash(piece) in in_pdf, f"PDF lacks {piece[:60]!r}"
        for text in case.absent:
            assert not _squash(text) or _squash(text) not in in_pdf


def _pdf_text(path: Path, title: str, marking: str | None) -> str:
    """The PDF's text layer (pdftotext), squashed, read from the text frame only: the
    running header and footer sit outside it, so they cannot interrupt a paragraph at
    a page break (pdftotext may even place them inside a line of body text)."""
    pdftotext = require_tool("pdftotext")
    page = load_theme("briefing").page
    top = page.margin_top.pt - 2
    height = page.height.pt - page.margin_top.pt - page.margin_bottom.pt + 4
    crop = ["-x", "0", "-y", f"{top:.0f}", "-W", f"{page.width.pt:.0f}", "-H", f"{height:.0f}"]
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    furniture = "|".join(map(re.escape, (title, marking or title))) + r"|Page \d+ of \d+"
    return _squash(re.sub(f"(?m)^(?:{furniture})[ \t]*$", "", text))


@pytest.mark.slow
def test_markup_in_the_text_stays_text_in_every_format(catalogue: Path) -> None:
    out = catalogue / "out"
    assert not list(catalogue.rglob("pwned-canary"))
    assert not (Path.cwd() / "pwned-canary").exists()
    for path in out.glob("markup.*"):
        if path.suffix in {".md", ".json"}:
            assert CANARY not in path.read_text(encoding="utf-8")
    if HAS_DOCX:
        import zipfile

        names = zipfile.ZipFile(out / "markup.docx").namelist()
        assert not [name for name in names if "media/" in name]
        assert CANARY not in "\n".join(_docx_paragraphs(out / "markup.docx"))
    if HAS_PDF:
        import pypdf

        reader = pypdf.PdfReader(out / "markup.pdf")
        assert all(not page.images for page in reader.pages)
        text = "".join(page.extract_text() for page in reader.pages)
        assert CANARY not in text
        assert '<img src="secret.txt"/>' in text


def test_hostile_inputs_on_standard_input(tmp_path: Path) -> None:
    data = CASES["cp1252"].data
    done = run("build", "-", "-f", "json", "-o", "out", "--name", "piped", cwd=tmp_path, stdin=data)
    assert done.returncode == 0, done.stderr.decode()
    built = json.loads((tmp_path / "out" / "piped.json").read_text(encoding="utf-8"))
    assert built["source"]["encoding"] == "cp1252 (detected)"
    assert built["source"]["name"] == "stdin"
    assert built["summary"]["text"] == LEDE
    done = run("build", "-", "-f", "json", "-o", "out", cwd=tmp_path, stdin=b"%PDF-1.4\n")
    assert done.returncode == 3
    assert one_error(done) == "error: stdin: looks like a PDF document, not a text article"


def test_clean_command_prints_the_repaired_and_cleaned_text(tmp_path: Path) -> None:
    for name in ("mojibake", "control-chars", "markup"):
        case = CASES[name]
        path = case.write(tmp_path)
        done = run("clean", path.name, cwd=tmp_path)
        assert done.returncode == 0, done.stderr.decode()
        lines = done.stdout.decode("utf-8").splitlines()
        check_kept(case, lines)


def test_console_script_agrees(tmp_path: Path) -> None:
    if shutil.which("briefing") is None:
        pytest.skip("the briefing script is not on PATH (not installed)")
    CASES["mojibake"].write(tmp_path)
    done = run("build", "mojibake.txt", "-f", "json", "-o", "out", cwd=tmp_path, script=True)
    assert done.returncode == 0, done.stderr.decode()
    built = json.loads((tmp_path / "out" / "mojibake.json").read_text(encoding="utf-8"))
    assert built["source"]["repairs"] == ["mojibake repaired in 2 paragraph(s)"]
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    done = run("build", "image.txt", "-f", "json", "-o", "out", cwd=tmp_path, script=True)
    assert done.returncode == 3
    assert one_error(done) == "error: image.txt: looks like a PNG image, not a text article"


@pytest.mark.slow
def test_big_inputs_build_through_the_command(tmp_path: Path) -> None:
    words = "Belarus pressures the diaspora abroad through relatives at home and"
    paragraph = " ".join([words] * (5 * 1024 * 1024 // (len(words) + 1) + 1))
    (tmp_path / "huge-paragraph.txt").write_text(LEDE + "\n" + paragraph + "\n", encoding="utf-8")
    (tmp_path / "many-lines.txt").write_text(
        "".join(f"word{number}\n" for number in range(200_000)), encoding="utf-8"
    )
    done = run(
        "build", "huge-paragraph.txt", "many-lines.txt", "-f", "md", "-o", "out", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    markdown = (tmp_path / "out" / "huge-paragraph.md").read_text(encoding="utf-8")
    assert f"\n{paragraph}\n" in markdown
    lines = (tmp_path / "out" / "many-lines.md").read_text(encoding="utf-8").splitlines()
    assert "word0" in lines
    assert "word199999" in lines


# --- what must fail: the input --------------------------------------------------------


@pytest.mark.parametrize("failure", MUST_FAIL, ids=lambda failure: failure.name)
def test_bad_input_is_one_line_and_exit_3(tmp_path: Path, failure: Failure) -> None:
    name = f"{failure.name}.txt"
    (tmp_path / name).write_bytes(failure.data)
    done = run("build", name, "-f", "md,json", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3
    assert one_error(done).startswith(f"error: {name}: {failure.reason}")
    assert not list((tmp_path / "out").iterdir())


def _symlink_loop(directory: Path) -> str:
    (directory / "loop.txt").symlink_to("loop.txt")
    return "loop.txt"


def _unreadable(directory: Path) -> str:
    (directory / "locked.txt").write_text(LEDE + "\n", encoding="utf-8")
    (directory / "locked.txt").chmod(0o000)
    return "locked.txt"


def _articles_dir(directory: Path) -> str:
    (directory / "articles").mkdir()
    return "articles"


def _big(directory: Path) -> str:
    (directory / "big.txt").write_bytes((LEDE + "\n").encode() * 2)
    return "big.txt"


@pytest.mark.parametrize(
    ("make", "extra", "reason"),
    [
        (lambda _: "missing.txt", (), "no such file"),
        (_articles_dir, (), "is a directory, not an article"),
        (_symlink_loop, (), "cannot read: Too many levels of symbolic links"),
        pytest.param(
            _unreadable,
            (),
            "permission denied",
            marks=pytest.mark.skipif(IS_ROOT, reason=ROOT_SKIP),
        ),
        (_big, ("--max-bytes", "100"), "larger than the 100-byte limit (see --max-bytes)"),
    ],
    ids=["missing", "directory", "symlink-loop", "unreadable", "over-max-bytes"],
)
def test_unreadable_inputs_are_one_line_and_exit_3(
    tmp_path: Path, make: Callable[[Path], str], extra: tuple[str, ...], reason: str
) -> None:
    name = make(tmp_path)
    done = run("build", name, "-f", "md", "-o", "out", *extra, cwd=tmp_path)
    assert done.returncode == 3
    assert one_error(done) == f"error: {name}: {reason}"


# --- what must fail: options, themes, taxonomies, output ---------------------------------

BAD_FILES = {
    "broken-theme.toml": 'name = "broken\n',
    "typed-theme.toml": 'extends = "briefing"\nname = "typed"\n[page]\nmargin_top = 12\n',
    "fontless-theme.toml": 'extends = "briefing"\nname = "f"\n[fonts]\nbody = "Nope Sans"\n',
    "fontfile-theme.toml": (
        'extends = "briefing"\nname = "g"\n[fonts]\nbody = "Mine"\n'
        '[fonts.files.Mine]\nregular = "missing.ttf"\n'
    ),
    "broken-taxonomy.toml": 'fallback = "context"\n[[sections]\n',
    "typed-taxonomy.toml": 'fallback = "context"\nsections = "all of them"\n',
    "unknown-fallback.toml": (
        'fallback = "elsewhere"\n[[sections]]\nid = "context"\ntitle = "Context"\n'
    ),
    # issue 17: geometry and fonts that validate as values but cannot be laid out
    "negative-margin.toml": 'extends = "briefing"\nname = "n"\n[page]\nmargin_left = "-5mm"\n',
    "wide-margins.toml": 'extends = "briefing"\nname = "w"\n[page]\nmargin_left = "150mm"\n',
    "negative-indent.toml": 'extends = "briefing"\nname = "i"\n[styles.body]\nindent = "-2cm"\n',
    "notafont-theme.toml": (
        'extends = "briefing"\nname = "h"\n[fonts]\nbody = "Mine"\n'
        '[fonts.files.Mine]\nregular = "notafont.ttf"\n'
    ),
    "notafont.ttf": "an HTML page saved as .ttf\n",
}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-f", "odt"], 2, "error: --format: unknown format 'odt' (known: docx, pdf, md, json)"),
        (["--style", "fancy"], 4, "error: fancy: unknown theme (available: briefing, plain)"),
        (["--style", "nowhere.toml"], 4, "error: nowhere.toml: no such theme file"),
        (["--style", "broken-theme.toml"], 4, "error: broken-theme.toml: invalid TOML"),
        (
            ["--style", "typed-theme.toml"],
            4,
            "error: typed-theme.toml: page.margin_top: expected a string, got int",
        ),
        (
            ["--style", "fontless-theme.toml"],
            4,
            "error: fontless-theme.toml: fonts.body: font family 'Nope Sans' is not available",
        ),
        (
            ["--style", "fontfile-theme.toml"],
            4,
            "error: fontfile-theme.toml: fonts.body: font file 'missing.ttf' of family 'Mine' "
            "not found",
        ),
        (["--taxonomy", "broken-taxonomy.toml"], 4, "error: broken-taxonomy.toml: invalid TOML"),
        (
            ["--taxonomy", "typed-taxonomy.toml"],
            4,
            "error: typed-taxonomy.toml: sections: expected an array of tables, got str",
        ),
        (
            ["--taxonomy", "unknown-fallback.toml"],
            4,
            "error: unknown-fallback.toml: fallback: 'elsewhere' is not one of the sections",
        ),
        (["--name", "../x"], 2, "error: ../x: not a usable output name: use a plain file name"),
        (["--name", "/tmp/x"], 2, "error: /tmp/x: not a usable output name"),
        (["--name", "..\\x"], 2, "error: ..\\x: not a usable output name"),
        (["--name", ".hidden"], 2, "error: .hidden: output names must not start with '.'"),
        (
            ["--style", "negative-margin.toml"],
            4,
            "error: negative-margin.toml: page.margin_left: -14.1732pt is negative",
        ),
        (
            ["--style", "wide-margins.toml"],
            4,
            "error: wide-margins.toml: page.margin_left: the text area left by the margins is "
            "too small",
        ),
        (
            ["--style", "negative-indent.toml"],
            4,
            "error: negative-indent.toml: styles.body.indent: must be between 0 and half",
        ),
        (
            ["--style", "notafont-theme.toml"],
            4,
            "error: notafont-theme.toml: fonts.body: font file 'notafont.ttf' of family 'Mine' "
            "is not a TrueType font",
        ),
        (["--taxonomy", "/dev/zero"], 4, "error: zero: is a device, not a regular file"),
        (["--name", "a\nb"], 2, "error: --name: 'a\\nb': control characters"),
        (["--name", "a\tb"], 2, "error: --name: 'a\\tb': control characters"),
        (["--name", "bell\x07"], 2, "error: --name: 'bell\\x07': control characters"),
        (["--name", "caf\udce9"], 2, "error: --name: 'caf\\udce9': not valid UTF-8"),
        (["--name", "CON"], 2, "error: --name: CON: a device name on Windows"),
        (["--name", "nul.brief"], 2, "error: --name: nul.brief: a device name on Windows"),
        (["--name", "a:b"], 2, "error: --name: a:b: ':' is not allowed in a file name on Windows"),
        (["--name", "a*b?"], 2, "error: --name: a*b?: '*' is not allowed"),
        (["--name", "final."], 2, "error: --name: final.: must not end with a dot or a space"),
        (["--title", "Caf\udce9"], 2, "error: --title: not valid UTF-8 text"),
        (["--date", "2026W483"], 2, "error: --date: '2026W483' is not a date such as 2025-03-14"),
        (["--language", "en_GB"], 2, "error: --language: 'en_GB' is not a BCP 47 language tag"),
        (["--title", "word " * 20_000], 2, "error: --title: 99,999 characters: at most 500"),
        (["-o", "a-file"], 5, "error: a-file: output directory is a file"),
        (["-o", "a-file/sub"], 5, "error: a-file/sub: cannot create: Not a directory"),
        pytest.param(
            ["-o", "read-only"],
            5,
            "error: read-only: output directory is not writable",
            marks=pytest.mark.skipif(IS_ROOT, reason=ROOT_SKIP),
        ),
    ],
)
def test_bad_options_themes_and_outputs(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    CASES["cp1252"].write(tmp_path)
    for name, text in BAD_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "a-file").write_text("not a directory\n", encoding="utf-8")
    (tmp_path / "read-only").mkdir(mode=0o555)
    before = sorted(path.name for path in tmp_path.rglob("*"))
    done = run(
        "build",
        "cp1252.txt",
        "-f",
        "md",
        *(["-o", "out"] if "-o" not in args else []),
        *args,
        cwd=tmp_path,
    )
    assert done.returncode == code
    assert one_error(done).startswith(message)
    assert sorted(path.name for path in tmp_path.rglob("*")) == before  # nothing written


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    article = tmp_path / "dist" / "article.md"
    article.parent.mkdir()
    article.write_bytes(_LEDE_BYTES)
    done = run("build", "dist/article.md", "-f", "md", "-o", "dist", cwd=tmp_path)
    assert done.returncode == 5
    assert one_error(done) == "error: dist/article.md: would overwrite its own input"
    assert article.read_bytes() == _LEDE_BYTES
    other = tmp_path / "dist" / "notes.json"
    other.write_bytes(_LEDE_BYTES)
    done = run(
        "build", "dist/notes.json", "--name", "notes", "-f", "json", "-o", "dist", cwd=tmp_path
    )
    assert done.returncode == 5
    assert one_error(done) == "error: dist/notes.json: would overwrite its own input"
    assert other.read_bytes() == _LEDE_BYTES
    assert not list((tmp_path / "dist").glob(".*.part"))


# --- several inputs, some failing -------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_input_does_not_stop_the_others(tmp_path: Path, jobs: str) -> None:
    CASES["cp1252"].write(tmp_path)
    CASES["mojibake"].write(tmp_path)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    inputs = ["cp1252.txt", "image.txt", "mojibake.txt", "missing.txt"]
    done = run("build", *inputs, "-f", "md,json", "-o", "out", "-j", jobs, cwd=tmp_path)
    assert done.returncode == 3
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    errors = sorted(line for line in stderr.splitlines() if line.startswith("error:"))
    assert errors == [
        "error: image.txt: looks like a PNG image, not a text article",
        "error: missing.txt: no such file",
    ]
    assert "built 4 input(s): 4 written, 2 input(s) failed" in done.stdout.decode("utf-8")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "cp1252.json",
        "cp1252.md",
        "mojibake.json",
        "mojibake.md",
    ]


def test_a_failed_rebuild_leaves_every_previous_output_identical(tmp_path: Path) -> None:
    CASES["cp1252"].write(tmp_path)
    done = run("build", "cp1252.txt", "-f", "md,json", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    before = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    (tmp_path / "cp1252.txt").write_bytes(b"Advertisement\n\n  \n")
    done = run("build", "cp1252.txt", "-f", "md,json", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3
    assert one_error(done) == (
        "error: cp1252.txt: nothing left after cleaning (1 boilerplate line(s) removed)"
    )
    (tmp_path / "bad.toml").write_text("[page\n", encoding="utf-8")
    done = run(
        "build", "cp1252.txt", "-f", "md,json", "-o", "out", "--style", "bad.toml", cwd=tmp_path
    )
    assert done.returncode == 4
    after = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    assert after == before


# --- issue 17: reading limits, dates, names, signals ---------------------------------------


@pytest.mark.slow
def test_three_million_repeated_lines_cost_one_removal_record(tmp_path: Path) -> None:
    (tmp_path / "repeated.txt").write_bytes(_LEDE_BYTES + b"a\n" * 3_000_000)
    done = run("build", "repeated.txt", "-f", "md,json", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    built = json.loads((tmp_path / "out" / "repeated.json").read_text(encoding="utf-8"))
    assert built["source"]["paragraphs_in"] == 3_000_002
    assert built["source"]["paragraphs_kept"] == 3
    assert built["removed"] == [
        {
            "line": 4,
            "reason": "duplicate",
            "duplicate_of": 3,
            "text": "a",
            "count": 2_999_999,
            "last_line": 3_000_002,
            "detail": None,
        }
    ]
    markdown = (tmp_path / "out" / "repeated.md").read_text(encoding="utf-8")
    assert "removed 2999999 duplicate(s), 0 near-duplicate(s)" in markdown


def test_fifos_are_refused_instead_of_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    done = run("build", "pipe.txt", "-f", "md", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3
    assert one_error(done) == "error: pipe.txt: is a named pipe (FIFO), not a regular file"
    CASES["cp1252"].write(tmp_path)
    os.mkfifo(tmp_path / "taxonomy.toml")
    done = run(
        "build", "cp1252.txt", "--taxonomy", "taxonomy.toml", "-f", "md", "-o", "out", cwd=tmp_path
    )
    assert done.returncode == 4
    assert one_error(done) == "error: taxonomy.toml: is a named pipe (FIFO), not a regular file"
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_huge_byte_limit_still_builds(tmp_path: Path) -> None:
    CASES["cp1252"].write(tmp_path)
    done = run(
        "build", "cp1252.txt", "--max-bytes", "1000000000000", "-f", "json", "-o", "out",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    built = json.loads((tmp_path / "out" / "cp1252.json").read_text(encoding="utf-8"))
    assert built["summary"]["text"] == LEDE


def test_an_output_path_that_is_a_symlink_loop_is_replaced(tmp_path: Path) -> None:
    CASES["cp1252"].write(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "cp1252.md").symlink_to("cp1252.md")
    done = run("build", "cp1252.txt", "-f", "md", "-o", "out", "--check", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing   out/cp1252.md" in done.stdout.decode()
    done = run("build", "cp1252.txt", "-f", "md", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    built = tmp_path / "out" / "cp1252.md"
    assert not built.is_symlink()
    assert LEDE in built.read_text(encoding="utf-8")


def test_source_date_epoch_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    CASES["cp1252"].write(tmp_path)
    for value in ("99999999999999", "soon", "-1"):
        done = run(
            "build", "cp1252.txt", "-f", "docx,pdf", "-o", "out", cwd=tmp_path,
            env={"SOURCE_DATE_EPOCH": value},
        )  # fmt: skip
        assert done.returncode == 2
        assert one_error(done).startswith(f"error: SOURCE_DATE_EPOCH: {value!r} is not a number")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_sidecars_and_odd_names_do_not_stop_a_batch(tmp_path: Path, jobs: str) -> None:
    CASES["cp1252"].write(tmp_path)
    (tmp_path / "dated.txt").write_bytes(_LEDE_BYTES)
    (tmp_path / "dated.toml").write_text('date = "2026W483"\n', encoding="utf-8")
    odd = CASES["caf\udce9"]
    odd.write(tmp_path)
    inputs = ["dated.txt", "caf\udce9.txt", "cp1252.txt"]
    done = run("build", *inputs, "-f", "md,json", "-o", "out", "-j", jobs, cwd=tmp_path)
    assert done.returncode == 3
    assert one_error(done) == (
        "error: dated.toml: date: '2026W483' is not a date such as 2025-03-14"
    )
    out = tmp_path / "out"
    assert sorted(os.fsencode(path.name) for path in out.iterdir()) == [
        b"caf\xe9.json",
        b"caf\xe9.md",
        b"cp1252.json",
        b"cp1252.md",
    ]
    built = json.loads((out / "caf\udce9.json").read_text(encoding="utf-8"))
    assert built["title"] == "Caf\ufffd"
    assert built["source"]["name"] == "caf\ufffd.txt"
    assert (out / "caf\udce9.md").read_text(encoding="utf-8").startswith("# Caf\ufffd\n")


def _children(pid: int) -> set[int]:
    """Every living descendant of process ``pid`` (from /proc)."""
    found: set[int] = set()
    parents = {pid}
    while parents:
        current = set()
        for parent in parents:
            path = Path(f"/proc/{parent}/task/{parent}/children")
            if path.exists():
                current |= {int(child) for child in path.read_text().split()}
        found |= current
        parents = current
    return found


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("inputs", "extra"),
    [(["big.txt"], ["-j", "2"]), (["big.txt", "big2.txt", "big3.txt"], ["-j", "2"])],
    ids=["forked-docx-child", "batch-workers"],
)
def test_sigterm_ends_the_build_like_ctrl_c(
    tmp_path: Path, inputs: list[str], extra: list[str]
) -> None:
    """SIGTERM to the build process: exit 143 with one line, every child ended, the
    previous outputs untouched and no temporary file left."""
    if not Path("/proc/self/task").exists():
        pytest.skip("needs /proc to find the child processes")
    import signal
    import time

    sys.path.insert(0, str(REPO))
    from benchmarks.articles import article

    text = article(2_000_000)
    for name in inputs:
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "out").mkdir()
    before = {}
    for name in inputs:
        for suffix in (".docx", ".pdf"):
            path = tmp_path / "out" / (Path(name).stem + suffix)
            path.write_bytes(b"previous " + path.name.encode())
            before[path] = path.read_bytes()
    command = [sys.executable, "-m", "formatter", "build", *inputs, "-f", "docx,pdf", "-o", "out"]
    process = subprocess.Popen(
        [*command, *extra],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    children: set[int] = set()
    while time.monotonic() < deadline and not children:
        time.sleep(0.05)
        children = _children(process.pid)
    assert children, "the build started no child process"
    time.sleep(0.5)  # let the children get to work
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr.decode()
    lines = stderr.decode().strip().splitlines()
    assert lines == ["error: terminated; files already in place were left untouched"]
    time.sleep(0.2)
    assert not [child for child in children if _alive(child)]
    for path, data in before.items():
        assert path.read_bytes() == data
    assert not list((tmp_path / "out").glob(".*.part"))
