"""The PDF writer, checked with real PDF clients: poppler (pdffonts, pdfinfo, pdftotext,
pdftoppm) and pypdf. The seed is rendered once per theme for the whole module."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from formatter import wording
from formatter.coverage import missing_characters
from formatter.model import Briefing
from formatter.pipeline import brief
from formatter.theme import Theme, load_theme
from formatter.writers.pdf import render
from tests.conftest import SEED, require_tool

BASE14 = re.compile(r"helvetica|times|courier|symbol|zapfdingbats|dingbats", re.IGNORECASE)
PAGE_SIZES = {"briefing": (595, 842), "plain": (612, 792)}


@pytest.fixture(scope="module", params=["briefing", "plain"])
def theme(request: pytest.FixtureRequest) -> Theme:
    return load_theme(request.param)


@pytest.fixture(scope="module")
def seed(seed_briefing: Briefing) -> Briefing:
    return seed_briefing


@pytest.fixture(scope="module")
def seed_pdf(
    seed: Briefing, theme: Theme, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, bytes]:
    data = render(seed, theme)
    path = tmp_path_factory.mktemp(f"pdf-{theme.name}") / "seed.pdf"
    path.write_bytes(data)
    return path, data


@pytest.fixture(scope="module")
def seed_text(seed_pdf: tuple[Path, bytes]) -> str:
    return pdftotext(seed_pdf[0])


def pdftotext(path: Path) -> str:
    tool = require_tool("pdftotext")
    return subprocess.run(
        [tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squash(text: str) -> str:
    """Text without whitespace and hyphens, so line breaks and hyphenation vanish."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def body_text(text: str, briefing: Briefing, theme: Theme) -> str:
    """pdftotext output after the Summary heading, without the running heads."""
    running = {
        wording.short_title(briefing),
        wording.marking(briefing, theme) or "",
        wording.display_date(briefing) or "",
    }
    pages = []
    for page in text.split("\f"):
        lines = [
            line
            for line in page.splitlines()
            if line.strip() not in running and not re.fullmatch(r"Page \d+ of \d+", line.strip())
        ]
        pages.append("\n".join(lines))
    whole = "\n" + "\n".join(pages)  # a leading newline: the heading may open the text
    summary = theme.labels.summary
    return whole[whole.index(f"\n{summary}\n") :]


# --- fonts ---------------------------------------------------------------------------


def test_every_font_is_embedded_and_none_is_base14(seed_pdf: tuple[Path, bytes]) -> None:
    tool = require_tool("pdffonts")
    output = subprocess.run(
        [tool, str(seed_pdf[0])], capture_output=True, text=True, check=True
    ).stdout
    rows = output.splitlines()[2:]
    assert rows, output
    for row in rows:
        name, columns = row.split()[0], row.split()
        emb, sub = columns[-5], columns[-4]
        assert emb == "yes", row
        assert sub == "yes", row
        assert not BASE14.search(name), row
    names = {row.split()[0].split("+")[-1] for row in rows}
    assert any(name.startswith("Noto") for name in names)


def test_no_machine_paths_in_the_file(seed_pdf: tuple[Path, bytes]) -> None:
    data = seed_pdf[1]
    reader = PdfReader(io.BytesIO(data))
    streams = [data]
    for page in reader.pages:
        streams.append(page.get_contents().get_data())  # type: ignore[union-attr]
    for blob in streams:
        for needle in (b"/root", b"/tmp", b"/home", b"/work", b".ttf", str(SEED.parent).encode()):
            assert needle not in blob


# --- metadata, page set-up, outline ------------------------------------------------


def test_document_information(seed_pdf: tuple[Path, bytes], seed: Briefing) -> None:
    tool = require_tool("pdfinfo")
    info = subprocess.run(
        [tool, str(seed_pdf[0])], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {key: value.strip() for key, value in fields.items()}
    assert fields["Title"] == seed.metadata.title
    assert fields["Author"] == seed.metadata.author
    assert fields["Subject"] == seed.metadata.subtitle
    assert fields["Keywords"] == "; ".join(seed.metadata.keywords)  # as in the DOCX
    assert fields["CreationDate"].startswith("Wed Nov 25 00:00:00 2026")


def test_language_and_title_display(seed_pdf: tuple[Path, bytes], seed: Briefing) -> None:
    root = PdfReader(io.BytesIO(seed_pdf[1])).trailer["/Root"]
    assert root["/Lang"] == seed.metadata.language
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert root["/PageMode"] == "/UseOutlines"


def test_page_size_and_count(seed_pdf: tuple[Path, bytes], theme: Theme) -> None:
    reader = PdfReader(io.BytesIO(seed_pdf[1]))
    assert 2 <= len(reader.pages) <= 3
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == PAGE_SIZES[theme.name]


def test_outline_lists_every_heading(
    seed_pdf: tuple[Path, bytes], seed: Briefing, theme: Theme
) -> None:
    reader = PdfReader(io.BytesIO(seed_pdf[1]))
    titles = [entry.title for entry in reader.outline]  # type: ignore[union-attr]
    labels = theme.labels
    expected = [labels.key_points, labels.summary]
    expected += [section.title for section in seed.body_sections()]
    expected.append(labels.source_note)
    assert titles == expected
    pages = [reader.get_destination_page_number(entry) for entry in reader.outline]  # type: ignore[arg-type]
    assert pages == sorted(pages)
    assert pages[0] == 0


# --- text ------------------------------------------------------------------------------


def test_every_kept_paragraph_appears_exactly_once(
    seed_text: str, seed: Briefing, theme: Theme
) -> None:
    body = squash(body_text(seed_text, seed, theme))
    for paragraph in seed.paragraphs:
        assert body.count(squash(paragraph.text)) == 1, paragraph.text[:60]


def test_title_block_key_points_and_source_note(
    seed_text: str, seed: Briefing, theme: Theme
) -> None:
    flat = squash(seed_text)
    assert squash(seed.metadata.title) in flat
    assert squash(wording.meta_line(seed)) in flat
    assert theme.marking
    assert theme.marking in seed_text
    for point in seed.key_points:
        assert squash(point.text) in flat
    for line in wording.source_note(seed):
        assert squash(line) in flat
    order = [theme.labels.key_points, theme.labels.summary]
    order += [section.title for section in seed.body_sections()]
    order.append(theme.labels.source_note)
    positions = [seed_text.index(f"\n{title}\n") for title in order]
    assert positions == sorted(positions)


def test_page_x_of_y(seed_text: str) -> None:
    pages = seed_text.count("\f")
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in seed_text


def test_justified_theme_hyphenates(seed_pdf: tuple[Path, bytes], theme: Theme) -> None:
    # pdftotext joins words hyphenated at a line end; pypdf shows the hyphen
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(seed_pdf[1])).pages)
    broken = re.findall(r"[a-z]-\n[a-z]", text)
    if theme.hyphenate:
        assert broken, "expected at least one word hyphenated at a line end"
    else:
        assert not broken


def test_only_the_faces_a_document_draws_with_are_read(tmp_path: Path) -> None:
    """Fallback faces (and faces no style uses) are registered only when text needs
    them; the result still embeds every font it uses (see the pdffonts test)."""
    script = (
        "import sys; from formatter.pipeline import brief; from formatter.theme import "
        "load_theme; from formatter.writers.pdf import document as pdf, fonts as pdf_fonts; "
        "pdf.render(brief(sys.argv[1]), load_theme('briefing')); "
        "print(' '.join(sorted(path.name for path in pdf_fonts._registered)))"
    )
    plain = tmp_path / "plain.txt"
    plain.write_text("An article in plain English.\nA second paragraph.\n", encoding="utf-8")
    hebrew = tmp_path / "hebrew.txt"
    hebrew.write_text("An article.\nIt quotes שלום in Hebrew.\n", encoding="utf-8")
    registered = {}
    for article in (plain, hebrew):
        registered[article.stem] = subprocess.run(
            [sys.executable, "-c", script, str(article)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    assert "DejaVuSans.ttf" not in registered["plain"]
    assert not any("Italic" in name for name in registered["plain"])
    assert "NotoSerif-Regular.ttf" in registered["plain"]
    assert "DejaVuSans.ttf" in registered["hebrew"]


def test_text_in_the_fallback_font_is_embedded(tmp_path: Path) -> None:
    tool = require_tool("pdffonts")
    article = tmp_path / "hebrew.txt"
    article.write_text("An article.\nIt quotes שלום in Hebrew.\n", encoding="utf-8")
    path = tmp_path / "hebrew.pdf"
    path.write_bytes(render(brief(str(article)), load_theme("briefing")))
    listing = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]
    assert any("DejaVuSans" in row for row in rows)
    assert all(row.split()[-5] == "yes" for row in rows), listing.stdout  # emb column
    assert not BASE14.search(listing.stdout)


# --- reproducibility and rendering --------------------------------------------------


def test_two_renders_are_identical(
    seed: Briefing, theme: Theme, seed_pdf: tuple[Path, bytes]
) -> None:
    assert render(seed, theme) == seed_pdf[1]


@pytest.mark.slow
def test_another_process_renders_the_same_bytes(
    seed_pdf: tuple[Path, bytes], theme: Theme, tmp_path: Path
) -> None:
    out = tmp_path / "again.pdf"
    script = (
        "import sys; from pathlib import Path; from formatter.pipeline import brief; "
        "from formatter.theme import load_theme; from formatter.writers.pdf import render; "
        "Path(sys.argv[3]).write_bytes(render(brief(sys.argv[1]), load_theme(sys.argv[2])))"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(SEED), theme.name, str(out)],
        check=True,
        env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1"},
    )
    assert out.read_bytes() == seed_pdf[1]


@pytest.mark.slow
def test_first_page_is_not_blank(seed_pdf: tuple[Path, bytes], tmp_path: Path) -> None:
    tool = require_tool("pdftoppm")
    subprocess.run(
        [tool, "-png", "-r", "40", "-f", "1", "-l", "1", str(seed_pdf[0]), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    inked = sum(histogram[:200])
    assert inked > image.width * image.height * 0.02


# --- hostile text -------------------------------------------------------------------

INJECTED = (
    'Scraped text with <img src="secret.txt"/> and <font color="[[[getattr(pow, '
    "Word('__globals__'))['os'].system('touch pwned')]]]\">red</font> inside, plus &amp; "
    "and ]]> and <para> and <b>bold</b>."
)
HOSTILE = "\n\n".join(
    (
        "Markup in the text must print literally",
        INJECTED,
        "Lithuanian letters ą č ę ė į š ų ū ž and Belarusian ў \u0456 in one paragraph, "
        "with “quotes” – and dashes.",
        "Right-to-left: שלום עולם sits inside an English sentence, next to an emoji 😀 "
        "and a symbol no font has: 漢字.",
    )
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing, str]:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "secret.txt").write_text("THE-SECRET-CONTENT-42\n", encoding="utf-8")
    article = folder / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    briefing = brief(str(article))
    pdf = folder / "hostile.pdf"
    pdf.write_bytes(render(briefing, load_theme("briefing")))
    return folder, briefing, pdftotext(pdf)


def test_markup_prints_literally(hostile: tuple[Path, Briefing, str]) -> None:
    folder, _, text = hostile
    flat = squash(text)
    for literal in (
        '<img src="secret.txt"/>',
        "<font color=\"[[[getattr(pow, Word('__globals__'))",
        "</font>",
        "&amp;",
        "]]>",
        "<para>",
        "<b>bold</b>",
    ):
        assert squash(literal) in flat, literal
    assert "THE-SECRET-CONTENT" not in text
    assert not (folder / "pwned").exists()
    reader = PdfReader(folder / "hostile.pdf")
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for name in xobjects:
            assert xobjects[name].get_object()["/Subtype"] == "/Form"  # no images


def test_baltic_and_cyrillic_letters_survive(hostile: tuple[Path, Briefing, str]) -> None:
    text = hostile[2]
    for letter in "ąčęėįšųūž":
        assert letter in text
    assert "ў" in text
    assert "\u0456" in text  # Belarusian i
    assert "“quotes”" in text


def test_right_to_left_and_astral_characters_extract_in_order(
    hostile: tuple[Path, Briefing, str],
) -> None:
    text = hostile[2]
    assert "שלום עולם" in text
    assert "😀" in text


def test_characters_no_font_has_become_one_placeholder(
    hostile: tuple[Path, Briefing, str],
) -> None:
    _, briefing, text = hostile
    theme = load_theme("briefing")
    fonts = [theme.fonts.body, theme.fonts.heading, *theme.fonts.fallbacks]
    assert missing_characters([p.text for p in briefing.paragraphs], fonts) == ("字", "漢")
    body = body_text(text, briefing, theme)
    assert body.count("\ufffd") == 1
    assert "\ufffd." in squash(body)


@pytest.mark.slow
def test_a_20000_character_word_breaks_across_lines(tmp_path: Path) -> None:
    word = "Z" * 20_000
    article = tmp_path / "word.txt"
    article.write_text(f"A long word\n\nBefore {word} after.\n", encoding="utf-8")
    pdf = tmp_path / "word.pdf"
    briefing, theme = brief(str(article)), load_theme("briefing")
    pdf.write_bytes(render(briefing, theme))
    body = body_text(pdftotext(pdf), briefing, theme)
    assert body.count("Z") == 20_000
    assert "after." in body


def test_a_long_word_of_wide_letters_stays_inside_the_margins(tmp_path: Path) -> None:
    word = "Lukashenko" * 2000
    article = tmp_path / "word.txt"
    article.write_text(f"Opening line.\n\nStart {word} end.\n", encoding="utf-8")
    theme = load_theme("briefing")
    pdf = tmp_path / "word.pdf"
    pdf.write_bytes(render(brief(str(article)), theme))
    tool = require_tool("pdftotext")
    boxes = subprocess.run(
        [tool, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    right_edges = [
        float(x) for x in re.findall(r'<word xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)"', boxes)
    ]
    assert right_edges
    limit = theme.page.width.pt - theme.page.margin_right.pt + 0.5
    assert max(right_edges) <= limit
    assert squash(pdftotext(pdf)).count("Lukashenko") >= 1990  # a few cut by page furniture


@pytest.mark.slow
def test_a_paragraph_longer_than_a_page_splits_across_pages(tmp_path: Path) -> None:
    sentences = " ".join(f"Sentence number {n} keeps the paragraph going." for n in range(2500))
    article = tmp_path / "long.txt"
    article.write_text(f"A long paragraph\n\nOpening line.\n\n{sentences}\n", encoding="utf-8")
    briefing = brief(str(article))
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render(briefing, load_theme("plain")))
    reader = PdfReader(pdf)
    assert len(reader.pages) > 10
    body = squash(pdftotext(pdf))
    assert body.count(squash("Sentence number 2499 keeps the paragraph going.")) >= 1
