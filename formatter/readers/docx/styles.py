"""Paragraph styles by role: what each style of the document means to a briefing.

Styles are matched by name and by id (Word keeps the names this tool writes; LibreOffice
may give them ids of its own, pandoc writes ``Heading1`` for "heading 1"), and through
``w:basedOn``: a style the editor derived from Key Point is still a key point. A
paragraph's own style is looked at first, so Key Points Heading (based on Heading 1) is
the key points heading, not a section.
"""

from __future__ import annotations

import re
from enum import StrEnum
from xml.etree.ElementTree import Element

from formatter.readers.docx.walk import W


class Role(StrEnum):
    TITLE = "title"
    SUBTITLE = "subtitle"
    META = "meta"
    MARKING = "marking"
    AUTHOR = "author"  # pandoc's metadata block
    DATE = "date"
    KEY_POINTS_HEADING = "key points heading"
    KEY_POINT = "key point"
    SUMMARY = "summary"
    HEADING = "heading 1"
    SUBHEADING = "heading 2-9"
    SOURCE_NOTE_HEADING = "source note heading"
    SOURCE_NOTE = "source note"
    BODY = "body"


# style name or id, lower case without spaces, hyphens or underscores -> role
_ROLES = {
    "title": Role.TITLE,
    "subtitle": Role.SUBTITLE,
    "meta": Role.META,
    "marking": Role.MARKING,
    "author": Role.AUTHOR,
    "date": Role.DATE,
    "keypointsheading": Role.KEY_POINTS_HEADING,
    "keypoint": Role.KEY_POINT,
    "summary": Role.SUMMARY,
    "abstract": Role.SUMMARY,
    "heading1": Role.HEADING,
    "sourcenoteheading": Role.SOURCE_NOTE_HEADING,
    "sourcenote": Role.SOURCE_NOTE,
    **{f"heading{level}": Role.SUBHEADING for level in range(2, 10)},
}
_SQUEEZE = re.compile(r"[\s_\-]+")
MAX_CHAIN = 20  # basedOn links followed (a loop in a damaged file ends here)


def _key(text: str) -> str:
    return _SQUEEZE.sub("", text).casefold()


class StyleMap:
    """Role of every paragraph style id of a document (unknown ids are body text)."""

    def __init__(self, styles: Element | None) -> None:
        self._names: dict[str, str] = {}
        self._based_on: dict[str, str] = {}
        self._default: str | None = None
        if styles is not None:
            for style in styles.iter(W + "style"):
                if style.get(W + "type", "paragraph") != "paragraph":
                    continue
                style_id = style.get(W + "styleId", "")
                name = style.find(W + "name")
                self._names[style_id] = name.get(W + "val", "") if name is not None else ""
                based = style.find(W + "basedOn")
                if based is not None:
                    self._based_on[style_id] = based.get(W + "val", "")
                if style.get(W + "default") in ("1", "true"):
                    self._default = style_id
        self._cache: dict[str | None, Role] = {}

    def role(self, style_id: str | None) -> Role:
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id or self._default)
        return self._cache[style_id]

    def _resolve(self, style_id: str | None) -> Role:
        seen = 0
        while style_id and seen < MAX_CHAIN:
            for key in (self._names.get(style_id, ""), style_id):
                role = _ROLES.get(_key(key)) if key else None
                if role is not None:
                    return role
            style_id = self._based_on.get(style_id)
            seen += 1
        return Role.BODY
