"""The Markdown writer: a readable briefing for review diffs.

Every paragraph is one line (never re-wrapped), so a changed word changes one line of
the diff. Before each body paragraph an HTML comment records why it sits in its
section, so a taxonomy change shows up in review as well. Article text is escaped, so
nothing in it becomes Markdown or HTML.
"""

from __future__ import annotations

import re

from formatter import layout
from formatter.model import Briefing
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
    metadata = briefing.metadata
    lines = [f"# {escape(metadata.title)}", ""]
    if metadata.subtitle:
        lines += [f"*{escape(metadata.subtitle)}*", ""]
    meta = layout.meta_line(briefing)
    if meta:
        lines += [escape(meta), ""]
    marking = layout.marking(briefing, theme)
    if marking:
        lines += [f"**{escape(marking)}**", ""]
    lines += [f"## {escape(theme.labels['key_points'])}", ""]
    lines += [f"- {escape(point.text)}" for point in briefing.key_points]
    lines += ["", f"## {escape(theme.labels['summary'])}", "", escape(briefing.summary.text), ""]
    for section in briefing.body_sections():
        lines += [f"## {escape(section.title)}", ""]
        for item in section.paragraphs:
            assignment = item.assignment
            lines.append(
                _comment(
                    f"paragraph {item.paragraph.index} (line {item.paragraph.line}): "
                    f"{assignment.rule}, score {assignment.score:g}: {assignment.reason}"
                )
            )
            lines += [escape(item.paragraph.text), ""]
    lines += [f"## {escape(theme.labels['source_note'])}", ""]
    lines += [f"- {escape(line)}" for line in layout.source_note(briefing)]
    return ("\n".join(lines) + "\n").encode("utf-8")
