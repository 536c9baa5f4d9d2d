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
_LINE_START = re.compile(r"^(#|[-+=]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Text that Markdown renders literally."""
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda match: "\\" + match.group(0), text)


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
            lines = [f"# {escape(title)}", ""]
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
            return [f"## {escape(heading)}", "", *(f"- {escape(point)}" for point in points), ""]
        case Summary(heading, text):
            return [f"## {escape(heading)}", "", escape(text), ""]
        case SectionHeading(title):
            return [f"## {escape(title)}", ""]
        case BodyParagraph(text, item):
            assignment = item.assignment
            comment = _comment(
                f"paragraph {item.paragraph.index} (line {item.paragraph.line}): "
                f"{assignment.rule}, score {assignment.score:g}: {assignment.reason}"
            )
            return [comment, escape(text), ""]
        case SourceNote(heading, note):
            return [f"## {escape(heading)}", "", *(f"- {escape(line)}" for line in note)]
    raise AssertionError(f"unplanned block {block!r}")
