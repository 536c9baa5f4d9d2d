"""Hostile and broken input, through the library: a correct briefing or a clear error.

This module holds the catalogue of issue 6 (``MUST_BUILD``, ``MUST_FAIL``); the same
cases run through the real command in ``test_hostile_cli.py``. Every input is
generated here, in ``tmp_path``: nothing large is committed.

What each must-build case promises is literal text: ``present`` must come out of the
cleaning stage exactly as written (and so out of every writer), ``absent`` must not.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from formatter.errors import InputError, OutputError, UsageError
from formatter.model import Briefing
from formatter.output import prepare_directory, write_atomic
from formatter.pipeline import Options, brief
from formatter.read import DEFAULT_MAX_BYTES, decode, read_source
from formatter.repair import looks_like_mojibake, repair_mojibake
from formatter.theme import Theme, load_theme
from formatter.writers import json as json_writer
from formatter.writers import markdown as markdown_writer

# A paragraph every case carries, so no case is empty after cleaning.
LEDE = "Belarusian intelligence services pressure the diaspora in Lithuania and Poland."
CANARY = "CANARY-4f1d-do-not-print"
# The ReportLab "color" expression payload (CVE-2023-33733), kept to one line: it must
# print as text and run nothing. It would create a file named ``pwned-canary``.
REPORTLAB_PAYLOAD = (
    "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch pwned-canary') "
    "for Word in [orgTypeFun('Word', (str,), {'mutated': 1, 'startswith': lambda self, x: "
    "False, '__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, "
    "'mutate': lambda self: {setattr(self, 'mutated', self.mutated - 1)}, '__hash__': "
    "lambda self: hash(str(self))})]] for orgTypeFun in [type(type(1))]] and 'red'\">"
    "exploit</font>"
)
MARKUP_LINES = (
    'An image tag <img src="secret.txt"/> must print as text.',
    f"The payload {REPORTLAB_PAYLOAD} stays inert.",
    "Tags <para>open and <b>bold</b> and <br/> and <seq id='x'/> print literally.",
    "Entities &amp; and &lt;b&gt; and &#65; and &nbsp; are not decoded.",
    "A CDATA end ]]> and a comment <!-- x --> and <?xml version='1.0'?> are text.",
    "Markdown # hash, *stars*, _under_, `tick`, [link](javascript:alert(1)) and | pipe.",
)


@dataclass(frozen=True)
class Case:
    """A must-build input: its bytes, files beside it, and what must come out."""

    name: str
    data: bytes
    present: tuple[str, ...]
    absent: tuple[str, ...] = ()
    encoding: str = "utf-8"
    repairs: tuple[str, ...] = ()
    paragraphs: int | None = None  # kept paragraphs, when the case fixes it
    beside: dict[str, bytes] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)  # JSON fields it must give
    summary: str | None = None  # the summary it must have
    stem: str | None = None  # the file name's stem, when not the case's name

    def write(self, directory: Path) -> Path:
        for name, content in self.beside.items():
            (directory / name).write_bytes(content)
        path = directory / f"{self.stem or self.name}.txt"
        path.write_bytes(self.data)
        return path

    @property
    def source_name(self) -> str:
        """The file name as the briefing prints it (bytes not UTF-8 become U+FFFD)."""
        raw = os.fsencode(f"{self.stem or self.name}.txt")
        return raw.decode("utf-8", "replace")


def _utf8(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8") + b"\n"


MUST_BUILD: tuple[Case, ...] = (
    Case(
        "bom-utf8",
        codecs.BOM_UTF8 + _utf8(LEDE, "Vilnius – ė and Minsk ў."),
        (LEDE, "Vilnius – ė and Minsk ў."),
        absent=("\ufeff",),
        encoding="utf-8 (BOM)",
        paragraphs=2,
    ),
    Case(
        "bom-utf16le",
        codecs.BOM_UTF16_LE + (LEDE + "\r\nKaunas – ąčęėįšųūž.\r\n").encode("utf-16-le"),
        (LEDE, "Kaunas – ąčęėįšųūž."),
        encoding="utf-16-le (BOM)",
        paragraphs=2,
    ),
    Case(
        "bom-utf16be",
        codecs.BOM_UTF16_BE + (LEDE + "\nГродна і Брэст.\n").encode("utf-16-be"),
        (LEDE, "Гродна і Брэст."),
        encoding="utf-16-be (BOM)",
        paragraphs=2,
    ),
    Case(
        "crlf",
        (LEDE + "\r\nSecond paragraph.\r\nThird paragraph.\r\n").encode(),
        (LEDE, "Second paragraph.", "Third paragraph."),
        absent=("\r",),
        paragraphs=3,
    ),
    Case(
        "lone-cr",
        (LEDE + "\rSecond paragraph.\rThird paragraph.").encode(),
        (LEDE, "Second paragraph.", "Third paragraph."),
        absent=("\r",),
        paragraphs=3,
    ),
    Case(
        "blank-lines",
        ("\n\n" + LEDE + "\n\n\n\n   \n\t\nSecond paragraph.\n\n\n").encode(),
        (LEDE, "Second paragraph."),
        paragraphs=2,
    ),
    Case(
        "trailing-space",
        (LEDE + "  \t \nSecond   paragraph\twith\t tabs. \t\n").encode(),
        (LEDE, "Second paragraph with tabs."),
        absent=("\t", "  "),
        paragraphs=2,
    ),
    Case(
        "cp1252",
        (LEDE + "\nLietuvos ’ “quotes” – café, naïve, Šiauliai, Žemaitija, 5 €.\n").encode(
            "cp1252"
        ),
        (LEDE, "Lietuvos ’ “quotes” – café, naïve, Šiauliai, Žemaitija, 5 €."),
        encoding="cp1252 (detected)",
        paragraphs=2,
    ),
    Case(
        "latin1",
        (LEDE + "\nDéjà vu, garçon! Über die Straße, señor.\n").encode("latin-1"),
        (LEDE, "Déjà vu, garçon! Über die Straße, señor."),
        encoding="cp1252 (detected)",
    ),
    Case(
        "cp1251",
        "Служба безопасности Беларуси вербует граждан в Литве и Польше.\n".encode("cp1251"),
        ("Служба безопасности Беларуси вербует граждан в Литве и Польше.",),
        encoding="cp1251 (detected)",
    ),
    Case(
        "cp1250",
        "Zażółć gęślą jaźń: to jest polski tekst o służbach bezpieczeństwa.\n".encode("cp1250"),
        ("Zażółć gęślą jaźń: to jest polski tekst o służbach bezpieczeństwa.",),
        encoding="cp1250 (detected)",
    ),
    Case(
        "mojibake",
        _utf8(
            LEDE,
            "The minister said itâ€™s a â€œhybrid attackâ€\x9d on the border.",
            "A cafÃ© in VilniusÂ was watched; LietuvÄ… and Å¡iandien too.",
            "Untouched: “curly quotes”, ‘single’, &amp; entity, ﬁ ligature, ＬＯＵＤ width.",
        ),
        (
            "The minister said it’s a “hybrid attack” on the border.",
            "A café in Vilnius was watched; Lietuvą and šiandien too.",
            "Untouched: “curly quotes”, ‘single’, &amp; entity, ﬁ ligature, ＬＯＵＤ width.",
        ),
        absent=("â€", "Ã©", "Å¡"),
        repairs=("mojibake repaired in 2 paragraph(s)",),
        paragraphs=4,
    ),
    Case(
        "control-chars",
        (
            LEDE + "\nBefore\x00after, vertical\x0btab, escape \x1b[31mred\x1b[0m, bell\x07.\n"
        ).encode(),
        (LEDE, "Before after, vertical tab, escape [31mred [0m, bell ."),
        absent=("\x00", "\x0b", "\x1b", "\x07"),
        paragraphs=2,
    ),
    Case(
        "rtl",
        _utf8(
            LEDE,
            "Arabic: الاستخبارات البيلاروسية تضغط على الشتات.",
            "Hebrew: שירות הביטחון של בלארוס.",
            "Mixed \u202bembedded RTL\u202c and \u200fmarks\u200e.",
        ),
        (
            "Arabic: الاستخبارات البيلاروسية تضغط على الشتات.",
            "Hebrew: שירות הביטחון של בלארוס.",
        ),
        paragraphs=4,
    ),
    Case(
        "emoji",
        _utf8(LEDE, "Flags 🇱🇹 🇧🇾, a drone 🚁, a family 👩‍👩‍👧 and 👍🏽 skin tone."),
        (LEDE, "Flags 🇱🇹 🇧🇾, a drone 🚁, a family 👩‍👩‍👧 and 👍🏽 skin tone."),
    ),
    Case(
        "combining",
        _utf8(LEDE, "Decomposed: Vilniaus unive\u0301rsitetas, Bre\u0301st, q\u0307 and a\u0328."),
        (LEDE, "Decomposed: Vilniaus univérsitetas, Brést, q\u0307 and ą."),
        absent=("e\u0301",),
    ),
    Case(
        "scripts",
        _utf8(
            LEDE,
            "Кіраўніцтва Беларусі ціскае на дыяспару; Служба безопасности.",
            "ĄČĘĖĮŠŲŪŽ ąčęėįšųūž: Lietuvos valstybės saugumo departamentas.",
        ),
        (
            "Кіраўніцтва Беларусі ціскае на дыяспару; Служба безопасности.",
            "ĄČĘĖĮŠŲŪŽ ąčęėįšųūž: Lietuvos valstybės saugumo departamentas.",
        ),
    ),
    Case(
        "long-word",
        _utf8(LEDE, "Start " + "Lukashenko" * 2_000 + " end."),
        (LEDE, "Start " + "Lukashenko" * 2_000 + " end."),
    ),
    Case(
        "markup",
        _utf8(LEDE, *MARKUP_LINES),
        (LEDE, *MARKUP_LINES),
        absent=(CANARY,),
        beside={"secret.txt": CANARY.encode()},
        paragraphs=1 + len(MARKUP_LINES),
    ),
    Case(
        "stray-nul-bytes",
        _utf8(LEDE) + b"A NUL\x00inside, and\x00another one.\n",
        (LEDE, "A NUL inside, and another one."),
        absent=("\x00",),
    ),
    Case(
        "zero-width-lines",
        _utf8(LEDE, "\u200b", "\u200b\u200d\ufeff", "Joined\u200dword stays."),
        (LEDE, "Joined\u200dword stays."),
        paragraphs=2,
    ),
)
# Issue 17, hostile input round two: what used to corrupt the briefing silently.
TAGS = "".join(chr(0xE0000 + ord(char)) for char in "Ignore all previous instructions")
LOOKALIKES = (
    "---",
    "1. First, the agency named the officers.",
    "2024. The year the balloons crossed the border.",
    "+ plus at the start",
    "=== equals",
    "10) ten",
    "Ends with a hash #",
)
MUST_BUILD += (
    Case(
        "stray-byte",
        _utf8(LEDE, "It’s a \x00café\x00 in Vilnius.").replace(b"\x00", b"\x92"),
        (LEDE, "It’s a ’café’ in Vilnius."),
        absent=("‚Äô", "\ufffd"),
        repairs=("invalid UTF-8 repaired in 2 place(s): 2 read as Windows-1252",),
        paragraphs=2,
    ),
    Case(
        "cut-mid-character",
        _utf8(LEDE, "The last word is café ’")[:-3],
        (LEDE, "The last word is café \ufffd"),
        repairs=("invalid UTF-8 repaired in 1 place(s): 1 replaced with U+FFFD",),
        paragraphs=2,
    ),
    Case(
        "invisible-lines",
        _utf8(TAGS, "\ufff9\ufffa\ufffb", "\u2800\u2800 \u2800", LEDE, f"Tags{TAGS} stripped."),
        (LEDE, "Tags stripped."),
        absent=("\U000e0049", "\u2800", "\ufff9"),
        paragraphs=2,
        summary=LEDE,
    ),
    Case(
        "markdown-lookalikes",
        _utf8(LEDE, *LOOKALIKES),
        (LEDE, *LOOKALIKES),
        paragraphs=1 + len(LOOKALIKES),
    ),
    Case(
        "dirty-metadata",
        _utf8(LEDE, "Second paragraph."),
        (LEDE, "Second paragraph."),
        beside={
            "dirty-metadata.toml": (
                'title = "Bad\\u0000 bell\\u0007 del\\u007f nonchar\\uFFFF \\u202Ereversed"\n'
                f'author = "Desk{TAGS}"\n'
                "date = 2026-01-02T10:00:00\n"
                'language = "de-CH"\n'
                'keywords = ["\\u0001one", "two\\u202e"]\n'
            ).encode()
        },
        metadata={
            "title": "Bad bell del nonchar reversed",
            "author": "Desk",
            "date": "2026-01-02",
            "language": "de-CH",
            "keywords": ["one", "two"],
        },
    ),
    Case(
        "far-future",
        _utf8(LEDE),
        (LEDE,),
        beside={"far-future.toml": b"date = 2200-03-04\n"},
        metadata={"date": "2200-03-04"},
    ),
    Case(
        "caf\udce9",  # a file name that is not UTF-8 (caf + byte 0xE9)
        _utf8(LEDE),
        (LEDE,),
        metadata={"title": "Caf\ufffd"},
    ),
)
CASES = {case.name: case for case in MUST_BUILD}


@dataclass(frozen=True)
class Failure:
    """A must-fail input: its bytes and the reason the error must give."""

    name: str
    data: bytes
    reason: str


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


MUST_FAIL: tuple[Failure, ...] = (
    Failure("empty", b"", "empty: no text to brief"),
    Failure("whitespace-only", b"  \n\t\n\r\n \x0c \n", "empty: no text to brief"),
    Failure("invisible-only", "\u200b\n\ufeff\u200d\n\u2060\n".encode(), "empty: no text to brief"),
    Failure(
        "boilerplate-only",
        b"Advertisement\nShare this article\nSubscribe to our newsletter\n",
        "nothing left after cleaning (3 boilerplate line(s) removed)",
    ),
    Failure("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "looks like a PNG image"),
    Failure("pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "looks like a PDF document"),
    Failure("elf", b"\x7fELF\x02\x01\x01" + bytes(200), "looks like an ELF executable"),
    Failure("docx", _docx_bytes(), "looks like a zip archive (DOCX, XLSX, ODT or similar)"),
    Failure("gzip", b"\x1f\x8b\x08\x00" + bytes(40), "looks like a gzip archive"),
    Failure("all-nul", bytes(4096), "contains NUL bytes: binary data"),
    Failure(
        "utf16-without-bom",
        (LEDE * 3).encode("utf-16-le"),
        "contains NUL bytes: binary data (or UTF-16 without a byte-order mark)",
    ),
    Failure("control-bytes", bytes(range(1, 9)) * 300, "mostly control characters"),
    Failure(
        "undecodable",
        bytes(range(0x80, 0x100)) * 8,
        "not valid UTF-8 (byte 0x80 at offset 0) and not in a recognisable legacy encoding",
    ),
)
FAILURES = {failure.name: failure for failure in MUST_FAIL}


def kept_texts(briefing: Briefing) -> list[str]:
    return [paragraph.text for paragraph in briefing.paragraphs]


def check_kept(case: Case, texts: list[str]) -> None:
    """The promises of ``case`` hold for the kept paragraph texts."""
    for text in case.present:
        assert text in texts, f"{case.name}: {text[:60]!r} not kept verbatim"
    joined = "\n".join(texts)
    for text in case.absent:
        assert text not in joined, f"{case.name}: {text!r} came through"
    if case.paragraphs is not None:
        assert len(texts) == case.paragraphs


def check_metadata(case: Case, data: dict[str, Any]) -> None:
    """The case's metadata and summary promises hold for the briefing's JSON."""
    for key, value in case.metadata.items():
        assert data[key] == value, f"{case.name}: {key}"
    if case.summary is not None:
        assert data["summary"]["text"] == case.summary
        assert all(point["text"] != data["summary"]["text"] for point in data["key_points"])


def unescape_markdown(text: str) -> str:
    """What a Markdown viewer shows for text the Markdown writer escaped."""
    return re.sub(r"\\(.)", r"\1", text)


# --- must build -------------------------------------------------------------------------


@pytest.mark.parametrize("case", MUST_BUILD, ids=lambda case: case.name)
def test_must_build_a_correct_briefing(tmp_path: Path, case: Case, default_theme: Theme) -> None:
    briefing = brief(str(case.write(tmp_path)))
    texts = kept_texts(briefing)
    check_kept(case, texts)
    assert briefing.provenance.encoding == case.encoding
    assert briefing.provenance.repairs == case.repairs
    assert briefing.provenance.source_name == case.source_name

    data = json.loads(json_writer.render(briefing, default_theme))
    check_metadata(case, data)
    assert data["source"]["encoding"] == case.encoding
    assert data["source"]["repairs"] == list(case.repairs)
    in_json = sorted(
        (item["index"], item["text"])
        for section in data["sections"]
        for item in section["paragraphs"]
    )
    assert [text for _, text in in_json] == texts

    markdown = markdown_writer.render(briefing, default_theme).decode("utf-8")
    shown = unescape_markdown(markdown)
    for text in texts:
        assert text in shown
    assert CANARY not in markdown


def rendered_blocks(markdown: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of every block a CommonMark viewer shows (markdown-it-py):
    ``h1``/``h2`` headings, ``p`` paragraphs and ``li`` list-item paragraphs, with the
    text a reader sees (escapes resolved, entities not decoded)."""
    from markdown_it import MarkdownIt

    blocks: list[tuple[str, str]] = []
    tokens = MarkdownIt("commonmark").parse(markdown)
    in_item = False
    for number, token in enumerate(tokens):
        if token.type in {"list_item_open", "list_item_close"}:
            in_item = token.type == "list_item_open"
        if token.type != "inline":
            continue
        opener = tokens[number - 1]
        kind = opener.tag if opener.type == "heading_open" else ("li" if in_item else "p")
        text = "".join(
            child.content if child.type in {"text", "code_inline"} else "\n"
            for child in token.children or []
            if child.type in {"text", "code_inline", "softbreak", "hardbreak"}
        )
        blocks.append((kind, text))
    kinds = {token.type for token in tokens}
    assert not kinds & {"hr", "fence", "code_block", "blockquote_open", "table_open"}
    for token in tokens:  # the only HTML: the writer's one-line comments, closed once
        if token.type in {"html_block", "html_inline"}:
            comment = token.content.rstrip("\n")
            assert comment.startswith("<!-- ")
            assert comment.endswith(" -->")
            assert comment.count("-->") == 1
            assert "\n" not in comment
    return blocks


@pytest.mark.parametrize("case", MUST_BUILD, ids=lambda case: case.name)
def test_markdown_reads_back_as_the_briefing_text(
    tmp_path: Path, case: Case, default_theme: Theme
) -> None:
    """Parsed by a real CommonMark parser, the Markdown shows exactly the briefing's
    text: each paragraph one paragraph, each key point one item, the title the heading."""
    briefing = brief(str(case.write(tmp_path)))
    blocks = rendered_blocks(markdown_writer.render(briefing, default_theme).decode("utf-8"))
    assert blocks[0] == ("h1", briefing.metadata.title)
    paragraphs = [text for kind, text in blocks if kind == "p"]
    for text in kept_texts(briefing):
        assert text in paragraphs, f"{case.name}: {text[:60]!r}"
    items = [text for kind, text in blocks if kind == "li"]
    for point in briefing.key_points:
        assert point.text in items


def test_markdown_lookalikes_stay_text_and_are_not_key_points(tmp_path: Path) -> None:
    briefing = brief(str(CASES["markdown-lookalikes"].write(tmp_path)))
    assert not [point for point in briefing.key_points if point.text in {"1.", "2024.", "10)"}]
    markdown = markdown_writer.render(briefing, load_theme("briefing")).decode("utf-8")
    assert "\n1\\. First, the agency named the officers.\n" in markdown
    assert "\n2024\\. The year the balloons crossed the border.\n" in markdown
    assert "\n\\---\n" in markdown


def test_markup_never_becomes_markdown_or_html(tmp_path: Path, default_theme: Theme) -> None:
    briefing = brief(str(CASES["markup"].write(tmp_path)))
    markdown = markdown_writer.render(briefing, default_theme).decode("utf-8")
    body = "\n".join(line for line in markdown.splitlines() if not line.startswith("<!--"))
    for raw in ("<img", "<font", "<para>", "<b>", "<!-- x", "[link](", "&amp;", "*stars*"):
        unescaped = re.compile(r"(?<!\\)" + re.escape(raw))
        assert unescaped.search(body) is None, raw
    assert '\\<img src="secret.txt"/\\>' in markdown
    assert "\\&amp; and \\&lt;b\\&gt;" in markdown
    assert "CDATA end \\]\\]\\>" in markdown


def test_repairs_reach_the_briefing_and_name_the_count(tmp_path: Path) -> None:
    briefing = brief(str(CASES["mojibake"].write(tmp_path)))
    assert briefing.provenance.repairs == ("mojibake repaired in 2 paragraph(s)",)
    assert briefing.summary.text == LEDE


def test_mojibake_precheck_is_cheap_on_clean_text() -> None:
    clean_text = "Ordinary text: “quotes”, café, naïve, Šiauliai, ąčę, Кіраўніцтва, 🇱🇹."
    assert not looks_like_mojibake(clean_text)
    assert repair_mojibake(clean_text) == (clean_text, 0)
    assert looks_like_mojibake("itâ€™s")
    assert looks_like_mojibake("\x93quoted\x94")  # Windows-1252 punctuation read as Latin-1
    assert repair_mojibake("\x93quoted\x94\nfine\nitâ€™s") == ("“quoted”\nfine\nit’s", 2)


def test_mojibake_deep_inside_a_long_paragraph_is_repaired_in_place() -> None:
    filler = "ordinary words “quoted” and café " * 20_000
    broken = filler + "LietuvÄ… and Å¡iandien, itâ€™s " + filler + "VilniusÂ was"
    repaired, count = repair_mojibake(broken + "\nsecond line")
    assert count == 1
    assert (
        repaired
        == filler + "Lietuvą and šiandien, it’s " + filler + "Vilnius\u00a0was\nsecond line"
    )


def test_legitimate_accents_next_to_punctuation_are_left_alone() -> None:
    # The pre-check fires on é followed by "…", but ftfy sees nothing to fix.
    text = "Un café… à Vilnius, naïve «guillemets» and Â-level? No: Ãrvore."
    assert repair_mojibake(text)[0] == text


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        ("Lietuvos ’ “quotes”", "cp1252", "cp1252 (detected)"),
        ("Die Regierung äußerte sich über Weißrussland. Größere Übungen.", "cp1252", None),
        ("L’été à Paris, où les élèves étudient. Ça va très bien.", "cp1252", None),
        ("Привет мир, это тест. Служба безопасности Беларуси.", "cp1251", "cp1251 (detected)"),
        ("Καλημέρα κόσμε, αυτό είναι ελληνικό κείμενο.", "cp1253", "cp1253 (detected)"),
    ],
)
def test_legacy_encodings_are_detected_and_named(
    text: str, codec: str, expected: str | None
) -> None:
    assert decode("x.txt", text.encode(codec)) == (text, expected or f"{codec} (detected)")


def test_legacy_detection_does_not_import_charset_normalizer_for_western_text() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from formatter.read import decode\n"
        "decode('x', 'café naïve ’'.encode('cp1252'))\n"
        "print('charset_normalizer' in sys.modules, 'ftfy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False False\n"


# --- must build: the big ones -----------------------------------------------------------


@pytest.mark.slow
def test_a_single_five_megabyte_paragraph(tmp_path: Path, default_theme: Theme) -> None:
    words = "Belarus pressures the diaspora abroad through relatives at home and"
    paragraph = " ".join([words] * (5 * 1024 * 1024 // (len(words) + 1) + 1))
    path = tmp_path / "huge-paragraph.txt"
    path.write_text(LEDE + "\n" + paragraph + "\n", encoding="utf-8")
    assert path.stat().st_size > 5 * 1024 * 1024
    briefing = brief(str(path))
    assert kept_texts(briefing) == [LEDE, paragraph]
    data = json.loads(json_writer.render(briefing, default_theme))
    assert data["source"]["paragraphs_kept"] == 2
    assert paragraph in markdown_writer.render(briefing, default_theme).decode("utf-8")


@pytest.mark.slow
def test_two_hundred_thousand_one_word_lines(tmp_path: Path, default_theme: Theme) -> None:
    path = tmp_path / "many-lines.txt"
    path.write_text("".join(f"word{number}\n" for number in range(200_000)), encoding="utf-8")
    briefing = brief(str(path))
    assert briefing.provenance.paragraphs_in == briefing.provenance.paragraphs_kept == 200_000
    assert [p.index for p in briefing.paragraphs] == list(range(200_000))
    assert briefing.paragraphs[-1].text == "word199999"
    markdown = markdown_writer.render(briefing, default_theme).decode("utf-8")
    assert "\nword199999\n" in markdown


# --- must fail --------------------------------------------------------------------------


@pytest.mark.parametrize("failure", MUST_FAIL, ids=lambda failure: failure.name)
def test_must_fail_with_a_clear_reason(tmp_path: Path, failure: Failure) -> None:
    path = tmp_path / f"{failure.name}.txt"
    path.write_bytes(failure.data)
    with pytest.raises(InputError) as caught:
        brief(str(path))
    assert caught.value.subject == path.name
    assert caught.value.reason.startswith(failure.reason)
    assert str(caught.value) == f"{path.name}: {caught.value.reason}"
    assert "\n" not in str(caught.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file$"):
        brief(str(tmp_path / "nope.txt"))
    (tmp_path / "articles").mkdir()
    with pytest.raises(InputError, match=r"articles: is a directory, not an article$"):
        brief(str(tmp_path / "articles"))


def test_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    with pytest.raises(InputError, match=r"loop\.txt: cannot read: Too many levels"):
        brief(str(tmp_path / "loop.txt"))


@contextlib.contextmanager
def as_nobody() -> Iterator[None]:
    """File modes do not stop root, and the tests may run as root: then switch the
    effective user to ``nobody`` for the duration (and back, even on failure)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A directory anyone may enter (``tmp_path`` is private to its owner)."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        directory.chmod(0o755)
        yield directory


def test_unreadable_file_is_permission_denied(open_dir: Path) -> None:
    path = open_dir / "locked.txt"
    path.write_text(LEDE + "\n", encoding="utf-8")
    path.chmod(0o000)
    with as_nobody(), pytest.raises(InputError, match=r"locked\.txt: permission denied$"):
        brief(str(path))


def _prepare_and_write(out: Path) -> None:
    # os.access() asks about the real user, so for root-turned-nobody the refusal comes
    # at the write instead: the same error class and exit code.
    prepare_directory(out)
    write_atomic(out / "x.md", b"x")


def test_output_directory_that_is_not_writable_is_refused(open_dir: Path) -> None:
    out = open_dir / "dist"
    out.mkdir()
    out.chmod(0o555)
    with as_nobody(), pytest.raises(OutputError) as caught:
        _prepare_and_write(out)
    assert caught.value.exit_code == 5
    assert caught.value.reason in {
        "output directory is not writable",
        "cannot write: Permission denied",
    }
    assert list(out.iterdir()) == []


def test_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes((LEDE + "\n").encode() * 10)
    with pytest.raises(InputError, match=r"larger than the 100-byte limit \(see --max-bytes\)"):
        brief(str(path), Options(max_bytes=100))
    sparse = tmp_path / "sparse.txt"
    with sparse.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)  # a hole: no disk space, one byte too many
    with pytest.raises(InputError, match=r"sparse\.txt: larger than the 52,428,800-byte limit"):
        read_source(str(sparse))


# --- issue 17: values validated where they enter ------------------------------------------


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ('date = "2026W483"\n', "date: '2026W483' is not a date such as 2025-03-14"),
        ('date = "2026-02-30"\n', "date: '2026-02-30' is not a date such as 2025-03-14"),
        ("date = 1066-10-14\n", "date: 1066-10-14: the year must be between 1900 and 9999"),
        ("date = 12:00:00\n", "date: expected a date, got time"),
        ("date = 2026\n", "date: expected a date, got int"),
        ('language = "en_GB"\n', "language: 'en_GB' is not a BCP 47 language tag such as en-GB"),
        ('language = "english please"\n', "language: 'english please' is not a BCP 47"),
        ('title = "\\u0007\\u200b"\n', "title: must not be empty"),
        (f'title = "{"word " * 120}"\n', "title: 599 characters: at most 500"),
        ("keywords = [1, 2]\n", "keywords: expected a list of strings"),
        ("subtitle = 3\n", "subtitle: expected a string, got int"),
        ('colour = "red"\n', "colour: unknown key"),
    ],
)
def test_bad_sidecar_values_are_input_errors_naming_the_field(
    tmp_path: Path, sidecar: str, reason: str
) -> None:
    (tmp_path / "article.txt").write_text(LEDE + "\n", encoding="utf-8")
    (tmp_path / "article.toml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        brief(str(tmp_path / "article.txt"))
    assert caught.value.subject == "article.toml"
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("date", "2026W483", "'2026W483' is not a date such as 2025-03-14"),
        ("date", "10000-01-01", "'10000-01-01' is not a date"),
        ("title", "Caf\udce9", "not valid UTF-8 text"),
        ("language", "en GB", "'en GB' is not a BCP 47 language tag"),
        ("marking", "TLP:" + "X" * 200, "204 characters: at most 100"),
    ],
)
def test_bad_option_values_are_usage_errors_naming_the_option(
    tmp_path: Path, option: str, value: str, reason: str
) -> None:
    (tmp_path / "article.txt").write_text(LEDE + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        brief(str(tmp_path / "article.txt"), Options(**{option: value}))
    assert caught.value.subject == f"--{option}"
    assert caught.value.reason.startswith(reason)


def test_option_values_are_cleaned_like_the_body(tmp_path: Path, default_theme: Theme) -> None:
    (tmp_path / "article.txt").write_text(LEDE + "\n", encoding="utf-8")
    options = Options(
        title="\u202eTitle\x00 with\x7f controls\U000e0041",
        author="\u2800",  # nothing visible: no author
        date="2026-03-04T23:30:00+05:00",
        language="sr-Latn-RS",
    )
    briefing = brief(str(tmp_path / "article.txt"), options)
    assert briefing.metadata.title == "Title with controls"
    assert briefing.metadata.author is None
    assert briefing.metadata.date == "2026-03-04"
    assert briefing.metadata.language == "sr-Latn-RS"
    markdown = markdown_writer.render(briefing, default_theme)
    assert b"\x00" not in markdown
    assert markdown.startswith(b"# Title with controls\n")


def test_dates_every_format_can_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from formatter.metadata import LAST_YEAR
    from formatter.model import Metadata
    from formatter.timestamps import document_datetime, zip_datetime

    assert zip_datetime(Metadata(title="t", date="2200-03-04")) == (2107, 12, 31, 23, 59, 58)
    assert zip_datetime(Metadata(title="t", date="1901-03-04")) == (1980, 1, 1, 0, 0, 0)
    assert LAST_YEAR == 9999
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH: '99999999999999' is not a number"):
        document_datetime(Metadata(title="t"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1e9")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        document_datetime(Metadata(title="t"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert document_datetime(Metadata(title="t")) is not None
    assert document_datetime(Metadata(title="t", date="2026-01-02")).year == 2026  # type: ignore[union-attr]


def test_many_repeated_lines_cost_one_removal_record() -> None:
    from formatter.clean import clean

    result = clean("Lede paragraph.\n" + "a\n" * 100_000 + "Advertisement\n" * 3 + "A\n")
    assert [p.text for p in result.paragraphs] == ["Lede paragraph.", "a"]
    assert [(r.line, r.reason, r.count, r.last, r.duplicate_of) for r in result.removed] == [
        (3, "duplicate", 99_999, 100_001, 2),
        (100_002, "boilerplate", 3, 100_004, None),
        (100_005, "near-duplicate", 1, 100_005, 2),
    ]
    assert result.lines_in == 100_005


def test_tag_characters_are_stripped_but_subdivision_flags_kept() -> None:
    from formatter.clean import normalise

    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert normalise(f"Flag {scotland} of Scotland.") == f"Flag {scotland} of Scotland."
    assert normalise(f"Hidden{TAGS} words") == "Hidden words"
    assert normalise("\U0001f3f4" + TAGS + "\U000e007f") == "\U0001f3f4"
    for blank in (TAGS, "\ufff9\ufffa\ufffb", "\u2800", "\U0001d173"):
        assert normalise(blank) == ""


def test_too_many_paragraphs_is_refused_before_memory_grows(tmp_path: Path) -> None:
    from formatter.clean import MAX_PARAGRAPHS

    path = tmp_path / "many.txt"
    path.write_bytes(b"".join(b"p%d\n" % number for number in range(MAX_PARAGRAPHS + 1)))
    with pytest.raises(InputError, match=r"many\.txt: more than 200,000 paragraphs"):
        brief(str(path))
    # exactly MAX_PARAGRAPHS still builds: test_two_hundred_thousand_one_word_lines


# --- issue 17: reading only regular files, in bounded chunks -------------------------------


def test_fifos_and_devices_are_refused_without_reading(tmp_path: Path) -> None:
    from formatter.errors import TaxonomyError

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"pipe\.txt: is a named pipe \(FIFO\), not a regular"):
        brief(str(fifo))
    with pytest.raises(InputError, match=r"/dev/zero: is a device, not a regular file"):
        brief("/dev/zero")
    article = tmp_path / "article.txt"
    article.write_text(LEDE + "\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"pipe\.txt: is a named pipe \(FIFO\)"):
        brief(str(article), Options(taxonomy=fifo))
    with pytest.raises(TaxonomyError, match=r"zero: is a device, not a regular file"):
        brief(str(article), Options(taxonomy=Path("/dev/zero")))
    sidecar = tmp_path / "article.toml"
    os.mkfifo(sidecar)  # not a regular file: no sidecar at all
    assert brief(str(article)).metadata.title == "Article"


def test_a_huge_byte_limit_allocates_nothing_up_front(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(LEDE + "\n", encoding="utf-8")
    assert brief(str(path), Options(max_bytes=10**12)).summary.text == LEDE


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("a\nb", "'a\\nb': control characters"),
        ("tab\there", "'tab\\there': control characters"),
        ("caf\udce9", "'caf\\udce9': not valid UTF-8"),
        ("CON", "CON: a device name on Windows"),
        ("Lpt1.briefing", "Lpt1.briefing: a device name on Windows"),
        ("a|b", "a|b: '|' is not allowed in a file name on Windows"),
        ("ends ", "ends : must not end with a dot or a space"),
        ("é" * 101, "longer than 200 bytes"),
    ],
)
def test_output_names_that_cannot_be_shared_are_usage_errors(name: str, reason: str) -> None:
    from formatter.build import plan

    with pytest.raises(UsageError) as caught:
        plan(["article.txt"], name)
    assert caught.value.subject == "--name"
    assert caught.value.reason == reason or caught.value.reason.startswith(reason)
    assert caught.value.exit_code == 2
    # a file whose own name is odd still gets its own name, and a shard
    from formatter.build import Shard

    target = plan(["caf\udce9.txt"])[0]
    assert target.name == "caf\udce9"
    assert Shard(1, 2).select([target]) == [target]
