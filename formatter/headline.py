"""Is the article's first line a headline?

News copied from a page often starts with its headline: a short line that does not end
like a sentence, above a longer opening paragraph (the lede). Such a line is the
article's title, not its summary, and no body paragraph. The test is deliberately
structural (length, closing punctuation, a longer paragraph after it), so it holds for
any subject and any wording.
"""

from __future__ import annotations

import re

from formatter.model import Paragraph

MAX_HEADLINE_WORDS = 24
MAX_HEADLINE_CHARS = 200
# A sentence ends with . (or an ellipsis), maybe closed by a quote or bracket; a line
# ending so is a lede or a body paragraph, never a headline. A colon or semicolon
# announces more text. ? and ! are left: headlines ask and exclaim too.
_SENTENCE_END = re.compile(r"(?:[.:;,\u2026]|\.\.\.)[\"'\u201d\u2019)\]]*$")
# "By Jane Doe", "Updated 14 March": bylines and stamps are not headlines.
_BYLINE = re.compile(r"^(?:by|updated|published|posted)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def is_headline(first: Paragraph, following: Paragraph | None) -> bool:
    """True if ``first`` reads as a headline above ``following``."""
    if following is None:
        return False  # a one-paragraph article has no lede to fall back on
    text = first.text.strip()
    words = _WORD.findall(text)
    if not words or len(words) > MAX_HEADLINE_WORDS or len(text) > MAX_HEADLINE_CHARS:
        return False
    if _SENTENCE_END.search(text) or _BYLINE.match(text):
        return False
    return len(following.text) > len(text)


def split_headline(
    paragraphs: tuple[Paragraph, ...],
) -> tuple[Paragraph | None, tuple[Paragraph, ...]]:
    """The headline (or None) and the paragraphs after it."""
    if paragraphs and is_headline(paragraphs[0], paragraphs[1] if len(paragraphs) > 1 else None):
        return paragraphs[0], paragraphs[1:]
    return None, paragraphs
