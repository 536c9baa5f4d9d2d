"""Readers: whatever the analyst has -> what the pipeline cleans and sections.

One subpackage per input format that needs one, mirroring the writers: ``docx/`` reads
a briefing DOCX back (into the same Briefing, or into article text); ``html.py`` and
``page_metadata.py`` a saved web page; ``markdown.py`` Markdown; ``text_shapes.py``
plain text in the shapes people paste. This module decides the kind of a text-like
input (by suffix; by content on standard input and for anything else; by the server's
content type for a URL), runs its reader and returns an :class:`Article`: the text the
cleaning stage reads (one paragraph per line), the raw line each of its lines came
from, what the reader removed (page furniture, headings) and the page's metadata. The
heavy readers (trafilatura, lxml) are imported only for an HTML input.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from formatter.model import Removal, RemovalReason
from formatter.read import STDIN, Source, decode_with_repairs, read_source
from formatter.readers.text_shapes import BLANK, DESCRIPTIONS, LINES, shape_text
from formatter.repair import repair_mojibake

if TYPE_CHECKING:  # loaded with the HTML and Markdown readers only
    from formatter.readers.page_metadata import PageMetadata

HTML, MARKDOWN, TEXT = "html", "markdown", "text"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_SNIFF_CHARS = 4096


class Article(NamedTuple):
    source: Source
    text: str  # one paragraph per line
    lines: tuple[int, ...]  # lines[i]: the raw line (1-based) of line i + 1 of text
    shape: str  # "lines", "blank", "markdown" or "html"
    removed: tuple[Removal, ...] = ()  # taken out by the reader, before cleaning
    page: PageMetadata | None = None  # what a page or a Markdown file says about itself
    notes: tuple[str, ...] = ()
    url: str | None = None
    fetched: str | None = None  # YYYY-MM-DD
    rejoined: int = 0  # hyphenated line ends joined (hard-wrapped text)
    left_out: int = 0  # blocks of a web page's text that are not the article

    def reading(self) -> tuple[str, ...]:
        """How the text was obtained, for the source note (nothing for plain lines)."""
        lines: list[str] = []
        if self.fetched is not None:
            lines.append(f"Fetched on {self.fetched} from {self.url}")
        elif self.url is not None:
            lines.append(f"Page address: {self.url}")
        if self.shape == HTML:
            kinds = Counter(
                r.detail or "other" for r in self.removed if r.reason is RemovalReason.NOT_ARTICLE
            )
            listed = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
            site = f" of {self.page.site}" if self.page and self.page.site else ""
            shown = sum(kinds.values())
            if listed:
                first = f"the first {shown}: " if shown < self.left_out else ""
                listed = f" ({first}{listed})"
            lines.append(
                f"Article text extracted from a web page{site} by trafilatura; "
                f"{self.left_out} block(s) of page text left out{listed}."
            )
        elif self.shape == BLANK:
            lines.append(
                f"Text read as {DESCRIPTIONS[BLANK]}: lines joined, "
                f"{self.rejoined} word(s) hyphenated at a line end rejoined."
            )
        elif self.shape == MARKDOWN:
            lines.append("Text read as Markdown: the first # heading is the title.")
        return tuple(lines)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def kind_of(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower() if path != STDIN else ""
    if suffix in HTML_SUFFIXES:
        return HTML
    if suffix in MARKDOWN_SUFFIXES:
        return MARKDOWN
    if suffix == ".txt":
        return TEXT
    return HTML if looks_like_html(text) else TEXT


def looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:_SNIFF_CHARS]) is not None


def read_article(
    path: str, max_bytes: int, paragraphs: str | None = None, language: str = "en-GB"
) -> Article:
    """Read ``path`` (a file, ``-`` or an http(s) address) as an :class:`Article`."""
    url = fetched = None
    if is_url(path):  # formatter.fetch (urllib, http.client) is imported for a URL only
        source, kind, url, fetched = _read_url(path, max_bytes)
    else:
        source = read_source(path, max_bytes)
        kind = kind_of(path, source.text)
    if kind == HTML:
        return _html_article(source, url, fetched)
    if kind == MARKDOWN and paragraphs is None:
        from formatter.readers.markdown import read_markdown
        from formatter.readers.page_metadata import PageMetadata

        markdown = read_markdown(source.text)
        return Article(
            source,
            markdown.text,
            markdown.lines,
            MARKDOWN,
            markdown.removed,
            PageMetadata(title=markdown.title),
            url=url,
            fetched=fetched,
        )
    shaped = shape_text(source.text, paragraphs, language)
    return Article(
        source, shaped.text, shaped.lines, shaped.shape, url=url, fetched=fetched,
        rejoined=shaped.rejoined,
    )  # fmt: skip


def _html_article(source: Source, url: str | None, fetched: str | None) -> Article:
    from formatter.readers.html import read_page

    page = read_page(source.name, source.text)
    return Article(
        source,
        "\n".join(text for _, text in page.paragraphs),
        tuple(line for line, _ in page.paragraphs),
        HTML,
        page.removed,
        page.metadata,
        page.notes,
        url=url or page.metadata.url,
        fetched=fetched,
        left_out=page.left_out,
    )


def _read_url(url: str, max_bytes: int) -> tuple[Source, str, str, str]:
    from formatter.fetch import fetch

    page = fetch(url, max_bytes)
    text, encoding, repairs = decode_with_repairs(url, page.data)
    text, repaired = repair_mojibake(text)
    if repaired:
        repairs += (f"mojibake repaired in {repaired} paragraph(s)",)
    stem = url_stem(page.url)
    source = Source(
        name=page.url,
        stem=stem,
        text=text,
        sha256=hashlib.sha256(page.data).hexdigest(),
        size_bytes=len(page.data),
        encoding=encoding,
        repairs=repairs,
    )
    if page.content_type in {"text/html", "application/xhtml+xml"}:
        kind = HTML
    elif page.content_type in {"text/markdown", "text/x-markdown"}:
        kind = MARKDOWN
    else:
        kind = HTML if looks_like_html(text) else TEXT
    return source, kind, page.url, page.fetched


def url_stem(url: str) -> str:
    """An output base name for a web address: its last path segment, else its host."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    segment = PurePosixPath(parts.path).stem if parts.path.strip("/") else ""
    return segment or (parts.hostname or "page").replace(".", "-")


__all__ = ["BLANK", "HTML", "LINES", "MARKDOWN", "TEXT", "Article", "read_article"]
