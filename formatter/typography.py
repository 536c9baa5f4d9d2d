"""Smart typography, as pandoc's ``smart`` extension does it: straight quotes become
typographic ones in the convention of the article's language, an apostrophe becomes
``’``, ``---`` an em dash, ``--`` a dash, ``...`` an ellipsis.

Quotes: English “double” and ‘single’; German, Lithuanian, Czech „so“ and ‚so‘; Polish
and Hungarian „tak”; Russian, Belarusian, Ukrainian «так» with „inner“ quotes; French
« ainsi » with narrow no-break spaces; Italian, Spanish, Portuguese «così» with “inner”
quotes; Swedish and Finnish ”så”. A spaced ``--`` is a spaced en dash (` – `) in
British and European usage and an unspaced em dash in American English; between digits
(``1990--1995``) it is an en dash. Quotes already typographic are left alone, and so
is everything with ``--no-smart``.

Applied to the finished briefing (title, paragraphs, key points), after sectioning,
so the choice never changes which section a paragraph lands in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from formatter.model import Briefing, KeyPoint, Metadata, Paragraph, Section, SectionParagraph

NNBSP = "\u202f"
# language -> (open double, close double, open single, close single)
_QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "lt": ("„", "“", "‚", "‘"),
    "cs": ("„", "“", "‚", "‘"),
    "sk": ("„", "“", "‚", "‘"),
    "pl": ("„", "”", "‚", "’"),
    "hu": ("„", "”", "‚", "’"),
    "ru": ("«", "»", "„", "“"),
    "be": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "fr": ("«" + NNBSP, NNBSP + "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "es": ("«", "»", "“", "”"),
    "pt": ("«", "»", "“", "”"),
    "sv": ("”", "”", "’", "’"),
    "fi": ("”", "”", "’", "’"),
}
_APOSTROPHE = "’"
# A quote opens after the start, white space, an opening bracket or a dash.
_OPENS_AFTER = set(" \t([{\u2013\u2014-/") | {"“", "‘", "„", "‚", "«", "\u00a0"}
# Dashes only between words: a line of hyphens (a rule, Markdown) stays as written.
_EM_DASH = re.compile(r"(?<=\w)( ?)---( ?)(?=\w)")
_SPACED_DASH = re.compile(r"(?<=[\w.,;:!?)\]\"'’”]) -- (?=[\w(\[\"'‘“])")
_JOINING_DASH = re.compile(r"(?<=\w)--(?=\w)")
_RANGE = re.compile(r"(?<=\d)--(?=\d)")
# Text that is code, not prose: tags, comments, processing instructions, `code`.
_VERBATIM = re.compile(
    r"<!--.*?-->|<[!?/]?[A-Za-z][^<>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"']*)*>|`[^`]*`"
)


def smarten(text: str, language: str) -> str:
    """``text`` with typographic quotes, apostrophes, dashes and ellipses. Markup quoted
    in the text (``<img src="x">``, ``<!-- -->``, ``<?xml ...?>``) and code spans are
    left exactly as written, as pandoc leaves code alone."""
    if "'" not in text and '"' not in text and "--" not in text and "..." not in text:
        return text  # nothing to do: str's own search is far quicker than a pattern
    if _VERBATIM.search(text) is None:
        return _smarten_prose(text, language)
    pieces: list[str] = []
    last = 0
    for match in _VERBATIM.finditer(text):
        pieces += [_smarten_prose(text[last : match.start()], language), match.group(0)]
        last = match.end()
    pieces.append(_smarten_prose(text[last:], language))
    return "".join(pieces)


def _smarten_prose(text: str, language: str) -> str:
    if not text:
        return text
    open2, close2, open1, close1 = _QUOTES.get(_primary(language), _QUOTES["en"])
    text = text.replace("...", "…")
    text = _EM_DASH.sub("\\1—\\2", text)
    text = _RANGE.sub("–", text)
    american = language.lower().replace("_", "-") in {"en-us", "en-ca"}
    text = _SPACED_DASH.sub("—" if american else " – ", text)
    text = _JOINING_DASH.sub("—" if american else "–", text)
    out: list[str] = []
    single_open = False  # a single quote was opened and not yet closed
    for index, char in enumerate(text):
        if char not in "'\"":
            out.append(char)
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opening = before in _OPENS_AFTER and not after.isspace()
        if char == '"':
            out.append(open2 if opening else close2)
        elif before.isalnum() and after.isalpha():
            out.append(_APOSTROPHE)  # don't, Lithuania's
        elif opening and after.isdigit():
            out.append(_APOSTROPHE)  # the '90s
        elif opening:
            out.append(open1)
            single_open = True
        elif single_open:
            out.append(close1)
            single_open = False
        else:
            out.append(_APOSTROPHE)  # the editors' notes
    return "".join(out)


def _primary(language: str) -> str:
    return language.lower().replace("_", "-").split("-")[0]


def smarten_briefing(briefing: Briefing) -> Briefing:
    """The briefing with every text a reader sees smartened in its language."""
    language = briefing.metadata.language

    def fix(paragraph: Paragraph) -> Paragraph:
        text = smarten(paragraph.text, language)
        return paragraph if text == paragraph.text else replace(paragraph, text=text)

    def fix_item(item: SectionParagraph) -> SectionParagraph:
        paragraph = fix(item.paragraph)
        return item if paragraph is item.paragraph else SectionParagraph(paragraph, item.assignment)

    metadata: Metadata = briefing.metadata
    metadata = replace(
        metadata,
        title=smarten(metadata.title, language),
        subtitle=smarten(metadata.subtitle, language) if metadata.subtitle else None,
    )
    sections = tuple(
        Section(
            section.id,
            section.title,
            tuple(fix_item(item) for item in section.paragraphs),
        )
        for section in briefing.sections
    )
    points = tuple(
        KeyPoint(smarten(p.text, language), p.section_id, p.paragraph_index, p.score)
        for p in briefing.key_points
    )
    return replace(
        briefing,
        metadata=metadata,
        summary=fix(briefing.summary),
        key_points=points,
        sections=sections,
        headline=fix(briefing.headline) if briefing.headline is not None else None,
    )
