"""Property tests (Hypothesis) for cleaning, sectioning and the text writers.

For arbitrary Unicode text: cleaning its own output changes nothing, it never keeps two
paragraphs a reader would call the same, it keeps every paragraph that is not
boilerplate (or a repeat), every kept paragraph lands in exactly one section, and the
Markdown and JSON writers accept whatever cleaning let through (JSON round-trips).

Kept cheap for a 2-core CI: a modest number of examples, no deadline, no example
database written into the working tree.
"""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formatter.clean import clean, cleaned_text, duplicate_key, is_boilerplate, normalise
from formatter.model import Metadata
from formatter.pipeline import structure
from formatter.read import Source
from formatter.taxonomy import load_taxonomy
from formatter.theme import Theme, load_theme
from formatter.writers import json as json_writer
from formatter.writers import markdown as markdown_writer

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Lines people and scrapers produce: real words and cues, boilerplate, quote and dash
# variants that make near-duplicates, markup, and characters that need care.
FRAGMENTS = (
    "Belarusian intelligence pressures the diaspora",
    "drones crossed into Lithuanian airspace",
    "the migrant crisis on the Polish border",
    "Advertisement",
    "Share this article",
    "Subscribe to our newsletter",
    "“quoted”",
    '"quoted"',
    "it’s",
    "it's",
    "—",
    "-",
    '<img src="secret.txt"/>',
    "&amp;",
    "]]>",
    "<para>",
    "# heading",
    "*stars*",
    "e\u0301",
    "é",
    "\u200b",
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\u202e",
    "🇱🇹",
    "Беларусь",
    "ąčęėįšųūž",
    "الشتات",
)
_line = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=string.ascii_letters + " ,.'\"-", max_size=30),
        st.text(max_size=20),  # anything Unicode has, surrogates and controls included
    ),
    max_size=6,
).map(" ".join)
_separator = st.sampled_from(["\n", "\n\n", "\r\n", "\t\n", "\u2028", " \x0b "])
texts = st.lists(st.tuples(_line, _separator), max_size=12).map(
    lambda pairs: "".join(line + separator for line, separator in pairs)
)


def _texts(text: str) -> list[str]:
    return [paragraph.text for paragraph in clean(text).paragraphs]


@PROPERTIES
@given(texts)
def test_cleaning_its_own_output_changes_nothing(text: str) -> None:
    first = clean(text)
    again = clean(cleaned_text(first))
    assert [p.text for p in again.paragraphs] == [p.text for p in first.paragraphs]
    assert again.removed == ()
    assert [p.index for p in first.paragraphs] == list(range(len(first.paragraphs)))


@PROPERTIES
@given(texts)
def test_no_two_kept_paragraphs_are_the_same_to_a_reader(text: str) -> None:
    keys = [duplicate_key(paragraph) for paragraph in _texts(text)]
    assert len(keys) == len(set(keys))


@PROPERTIES
@given(texts)
def test_every_paragraph_that_is_not_boilerplate_is_kept(text: str) -> None:
    result = clean(text)
    kept = {duplicate_key(paragraph.text) for paragraph in result.paragraphs}
    for line in text.split("\n"):
        normalised = normalise(line)
        if normalised and not is_boilerplate(normalised):
            assert duplicate_key(normalised) in kept
    # What went, went for a recorded reason; what stayed is exactly what came in.
    assert len(result.paragraphs) + sum(r.count for r in result.removed) == result.lines_in
    for paragraph in result.paragraphs:
        assert paragraph.text == normalise(paragraph.text)
        assert paragraph.text == paragraph.text.strip()


@PROPERTIES
@given(st.text())
def test_cleaned_text_is_xml_safe_and_single_spaced(text: str) -> None:
    for paragraph in _texts(text):
        assert "  " not in paragraph
        for char in paragraph:
            code = ord(char)
            assert code >= 0x20
            assert not 0x7F <= code <= 0x9F
            assert not 0xD800 <= code <= 0xDFFF
            assert code not in {0xFFFE, 0xFFFF}


_TAXONOMY = load_taxonomy()
_THEME: Theme = load_theme("briefing")
_SOURCE = Source(
    name="generated.txt",
    stem="generated",
    text="",
    sha256="0" * 64,
    size_bytes=0,
    encoding="utf-8",
)


@PROPERTIES
@given(texts)
def test_sections_and_writers_take_whatever_cleaning_let_through(text: str) -> None:
    cleaned = clean(text)
    if not cleaned.paragraphs:
        return
    briefing = structure(_SOURCE, cleaned, Metadata(title="Generated"), _TAXONOMY)
    # a headline opening the article is kept out of the sections; every other
    # paragraph is in exactly one section, and the first of them is the summary
    first = 0 if briefing.headline is None else 1
    if briefing.headline is not None:
        assert briefing.headline == cleaned.paragraphs[0]
    placed = sorted(item.paragraph.index for s in briefing.sections for item in s.paragraphs)
    assert placed == list(range(first, len(cleaned.paragraphs)))
    assert [s.id for s in briefing.sections] == [spec.id for spec in _TAXONOMY.sections]

    data = json.loads(json_writer.render(briefing, _THEME))
    in_json = {
        item["index"]: item["text"]
        for section in data["sections"]
        for item in section["paragraphs"]
    }
    texts = [p.text for p in cleaned.paragraphs[first:]]
    assert [in_json[i] for i in range(first, first + len(in_json))] == texts
    assert data["summary"]["text"] == cleaned.paragraphs[first].text
    if briefing.headline is not None:
        assert data["headline"]["text"] == cleaned.paragraphs[0].text

    markdown = markdown_writer.render(briefing, _THEME).decode("utf-8")
    body = [line for line in markdown.splitlines() if line and not line.startswith("<!--")]
    for paragraph in cleaned.paragraphs[first:]:
        assert markdown_writer.escape(paragraph.text) in body


@PROPERTIES
@given(st.text(alphabet="ab\n", max_size=80), st.integers(min_value=1, max_value=9))
def test_lines_a_block_at_a_time_are_the_lines_of_the_text(text: str, block: int) -> None:
    import formatter.clean as cleaning

    saved = cleaning._BLOCK_CHARACTERS
    cleaning._BLOCK_CHARACTERS = block  # tiny blocks: every boundary case on short texts
    try:
        found = list(cleaning.lines(text))
    finally:
        cleaning._BLOCK_CHARACTERS = saved
    expected = text.split("\n")
    if text.endswith("\n"):
        expected.pop()  # the empty piece after a final newline
    assert found == (expected if text else [])
