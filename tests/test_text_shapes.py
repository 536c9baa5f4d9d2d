"""Plain text in the shapes people paste: one paragraph per line, or hard-wrapped."""

from __future__ import annotations

from pathlib import Path

from formatter.pipeline import Options, brief
from formatter.readers.text_shapes import BLANK, LINES, detect, shape_text

WRAPPED = """\
Lithuanian intelligence services said on Tuesday that Belarusian
officers had tried to destabil-
ise the border region by pushing migrants across it at night.

The report describes a well-
known pattern: people are brought to the fence, given tools and
told to cross, while guards on the other side watch.

Officials said the pro-
Russian channels that spread the footage were run from Minsk, and
that COVID-
19 restrictions had briefly slowed the crossings.
"""

ONE_PER_LINE = """\
Lithuanian intelligence services said on Tuesday that officers had tried to push migrants across.

The report describes a pattern seen for several years along the whole border.
Officials said the footage was spread by channels run from Minsk.
"""


def test_detects_each_shape() -> None:
    assert detect(WRAPPED) == BLANK
    assert detect(ONE_PER_LINE) == LINES
    assert detect("one line\nanother line\n") == LINES


def test_wrapped_paragraphs_are_joined_with_their_first_line() -> None:
    shaped = shape_text(WRAPPED, None)
    paragraphs = shaped.text.split("\n")
    assert len(paragraphs) == 3
    assert shaped.lines == (1, 5, 9)
    assert paragraphs[0].endswith("across it at night.")


def test_hyphenation_rejoined_only_at_real_breaks() -> None:
    text = shape_text(WRAPPED, None).text
    assert "destabilise the border" in text  # a typesetting break
    assert "well-known pattern" in text  # both halves are words of the text
    assert "pro-Russian channels" in text  # a capital after the hyphen
    assert "COVID-19 restrictions" in text  # a digit after the hyphen


def test_joined_word_written_elsewhere_decides() -> None:
    text = "We saw a coun-\nterweight here.\nAnd the counterweight was heavy.\n\nNext one.\nEnd.\n"
    assert "counterweight here" in shape_text(text, BLANK).text
    hyphened = "A long-\nterm plan, a long-term view.\n\nSecond paragraph\nhere.\n"
    assert "long-term plan" in shape_text(hyphened, BLANK).text


def test_forced_lines_keeps_each_line(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    detected = brief(str(path), Options(title="Border"))
    forced = brief(str(path), Options(title="Border", paragraphs=LINES))
    assert len(detected.paragraphs) == 3
    assert detected.provenance.shape == BLANK
    assert any("hard-wrapped" in line for line in detected.provenance.reading)
    assert len(forced.paragraphs) > 3
    assert forced.provenance.shape == LINES
    assert detected.paragraphs[1].line == 5  # the raw line the paragraph starts on


def test_summary_of_wrapped_text_is_a_whole_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    briefing = brief(str(path))
    assert briefing.summary.text.startswith("Lithuanian intelligence services said")
    assert briefing.summary.text.endswith("at night.")
