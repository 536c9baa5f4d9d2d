"""The Markdown writer: a readable briefing for review diffs.

Every paragraph is one line (never re-wrapped), so a changed word changes one line of
the diff. Before each body paragraph an HTML comment records why it sits in its
section, so a taxonomy change shows up in review as well. Article text is escaped, so
nothing in it becomes Markdown or HTML.
"""

from __future__ import annotations

import re

from formatter.model import Briefing
from formatter.plan import (
    Block,
    BodyParagraph,
    KeyPoints,
    Marking,
    SectionHeading,
    SourceNote,
    Summary,
    TitleBlock,
    TitleRule,
    plan,
)
from formatter.theme import Theme

_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# What makes a line a heading, a list item, a thematic break (``---``) or a setext
# underline (``===``): the first character is escaped; for an ordered list marker
# (``1.``, ``2024)``) the punctuation is, since a backslash before a digit is literal.
_LINE_START = re.compile(r"^(?:(#)|([-+=])(?=[-+=\s]|$)|(\d{1,9})([.)])(?=\s|$))")
_HEADING_END = re.compile(r"(\s)(#+)$")


def escape(text: str) -> str:
    """Text that Markdown renders literally."""
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_start, text)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(3) is not None:
        return match.group(3) + "\\" + match.group(4)
    return "\\" + match.group(0)


def _heading(level: int, text: str) -> str:
    """A heading line: a run of ``#`` at the end of its text would close it instead."""
    escaped = _HEADING_END.sub(lambda match: match.group(1) + "\\" + match.group(2), escape(text))
    return f"{'#' * level} {escaped}"


def _comment(text: str) -> str:
    """An HTML comment whose body cannot close it early."""
    return "<!-- " + text.replace("--", "- -").replace(">", "&gt;") + " -->"


def render(briefing: Briefing, theme: Theme) -> bytes:
    lines: list[str] = []
    for block in plan(briefing, theme).blocks:
        lines += _block(block)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _block(block: Block) -> list[str]:  # noqa: PLR0911 - one case per kind of block
    match block:
        case TitleBlock(title, subtitle, meta):
            lines = [_heading(1, title), ""]
            if subtitle:
                lines += [f"*{escape(subtitle)}*", ""]
            if meta:
                lines += [escape(meta), ""]
            return lines
        case Marking(text):
            return [f"**{escape(text)}**", ""]
        case TitleRule():
            return []  # the headings that follow already separate the title block
        case KeyPoints(heading, points):
            return [_heading(2, heading), "", *(f"- {escape(point)}" for point in points), ""]
        case Summary(heading, text):
            return [_heading(2, heading), "", escape(text), ""]
        case SectionHeading(title):
            return [_heading(2, title), ""]
        case BodyParagraph(text, item):
            assignment = item.assignment
            comment = _comment(
                f"paragraph {item.paragraph.index} (line {item.paragraph.line}): "
                f"{assignment.rule}, score {assignment.score:g}: {assignment.reason}"
            )
            return [comment, escape(text), ""]
        case SourceNote(heading, note):
            return [_heading(2, heading), "", *(f"- {escape(line)}" for line in note)]
    raise AssertionError(f"unplanned block {block!r}")
