"""A Markdown article (``.md``) -> one paragraph per line, its ``# Heading`` the title.

Paragraphs are blocks separated by blank lines (their lines joined, as Markdown does);
each list item and each block quote is a paragraph. The first level-one heading (``#
Title`` or a line underlined with ``===``) is the title; other headings are subheadings
and kept out of the body, recorded as removed. Front matter, fenced code, HTML
comments, images and horizontal rules are dropped; emphasis, code spans and links keep
their text only. Only the block structure news text uses is read: this is not a full
CommonMark parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from formatter.model import Removal, RemovalReason

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_FENCE = re.compile(r"^(```|~~~)")
_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^>\s?")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_EMPHASIS = re.compile(r"(\*\*|\*|~~)(?=\S)(.+?)(?<=\S)\1|\b(__|_)(?=\S)(.+?)(?<=\S)\3\b")
_CODE = re.compile(r"`+([^`]*)`+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


@dataclass(frozen=True, slots=True)
class MarkdownArticle:
    text: str  # one paragraph per line
    lines: tuple[int, ...]  # the raw line each paragraph starts on
    title: str | None
    removed: tuple[Removal, ...]


def read_markdown(text: str) -> MarkdownArticle:
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    reader = _Reader()
    raw = text.split("\n")
    fenced = False
    for number in range(_front_matter_end(raw) + 1, len(raw) + 1):
        line = raw[number - 1].strip()
        if _FENCE.match(line):
            reader.flush()
            fenced = not fenced
        elif fenced or not line or _REFERENCE.match(line):
            reader.flush()
        else:
            reader.line(number, line)
    reader.flush()
    kept = [(line, text) for line, text in reader.paragraphs if text]
    return MarkdownArticle(
        "\n".join(text for _, text in kept),
        tuple(line for line, _ in kept),
        reader.title,
        tuple(reader.removed),
    )


def _front_matter_end(raw: list[str]) -> int:
    """The line number closing YAML front matter (``---`` ... ``---``), or 0."""
    if raw and raw[0].strip() == "---":
        for index in range(1, len(raw)):
            if raw[index].strip() in {"---", "..."}:
                return index + 1
    return 0


class _Reader:
    """Collects the paragraphs of a Markdown text, one non-blank line at a time."""

    def __init__(self) -> None:
        self.paragraphs: list[tuple[int, str]] = []
        self.removed: list[Removal] = []
        self.title: str | None = None
        self.block: list[str] = []
        self.start = 0

    def flush(self) -> None:
        if self.block:
            self.paragraphs.append((self.start, inline(" ".join(self.block))))
            self.block.clear()

    def heading(self, number: int, level: int, content: str) -> None:
        content = inline(content)
        if level == 1 and self.title is None and content:
            self.title = content
            self.removed.append(Removal(number, RemovalReason.TITLE, content))
        elif content:
            self.removed.append(Removal(number, RemovalReason.HEADING, content))

    def line(self, number: int, line: str) -> None:
        atx = _ATX.match(line)
        if atx:
            self.flush()
            self.heading(number, len(atx.group(1)), atx.group(2))
            return
        if len(self.block) == 1 and _SETEXT.match(line):
            self.heading(self.start, 1 if line.startswith("=") else 2, self.block.pop())
            return
        if _RULE.match(line):
            self.flush()
            return
        item = _ITEM.match(line)
        if item:  # each list item is a paragraph of its own
            self.flush()
            line = line[item.end() :]
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end() :].strip()
            if not line:  # a blank line inside a block quote ends a paragraph
                self.flush()
                return
        if not self.block:
            self.start = number
        self.block.append(line)


def inline(text: str) -> str:
    """Markdown inline markup -> its plain text."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(3):  # nested emphasis: ***word***, **_word_**
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.replace("  ", " ").split())
