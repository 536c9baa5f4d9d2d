"""A saved web page -> the article's paragraphs, in order, and the page's metadata.

trafilatura finds the main text (imported here only, when an HTML input is built: it
costs about a third of a second to import). What it leaves out (menus, captions,
comments, cookie and subscription notices, "read more" lists) is listed block by block
as removals, each with the kind of page furniture it sat in, so ``briefing clean
--report`` shows what extraction took away. A paragraph's ``line`` is the line of the
page's source where its element starts.

The page is parsed from the text the read stage decoded (its own detection, not the
page's ``<meta charset>``, which is often wrong); script, style and markup never reach
a paragraph: paragraphs are the text content of elements, and writers escape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from formatter.errors import InputError
from formatter.model import Removal, RemovalReason
from formatter.readers.page_metadata import (
    PageMetadata,
    checked,
    declares_date,
    read_page_metadata,
)

# An article worth a briefing has at least one real paragraph and some substance.
MIN_PARAGRAPH_WORDS = 12
MIN_ARTICLE_WORDS = 40
MAX_LISTED_REMOVALS = 400
_MAX_ANCESTORS = 40  # how far up the tree a block's kind is looked for
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTAINERS = frozenset(
    (
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "td",
        "th", "dt", "dd", "pre", "caption", "div", "section", "article", "header",
        "footer", "nav", "aside", "main", "form", "ul", "ol", "table", "tr", "figure",
    )
)  # fmt: skip
_SKIPPED = frozenset(
    ("script", "style", "noscript", "template", "svg", "head", "title", "iframe", "object")
)
_TOKEN = re.compile(r"[a-z]+")
# (words in a class or id, or a tag name) -> what that part of a page is
_FURNITURE: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"comment", "comments", "disqus", "replies"}), "comments"),
    (frozenset({"cookie", "cookies", "consent", "gdpr"}), "cookie notice"),
    (
        frozenset(
            (
                "paywall",
                "subscribe",
                "subscription",
                "subscriber",
                "premium",
                "newsletter",
                "signup",
                "promo",
                "register",
                "login",
            )
        ),
        "subscription or newsletter prompt",
    ),
    (frozenset({"share", "sharing", "social", "sharebar"}), "sharing links"),
    (
        frozenset(
            ("related", "more", "recommended", "recommend", "popular", "trending", "read", "ms")
        ),
        "links to other articles",
    ),
    (frozenset({"ad", "ads", "advert", "advertisement", "sponsor", "sponsored"}), "advertising"),
    (frozenset({"figcaption", "figure", "caption", "credit", "photo"}), "caption"),
    (frozenset({"byline", "author", "meta", "dateline", "time", "date"}), "byline or date"),
    (frozenset({"nav", "menu", "breadcrumb", "breadcrumbs", "navbar", "top"}), "navigation"),
    (frozenset({"tags", "tag", "topics", "keywords"}), "tags"),
    (frozenset({"footer", "foot", "copyright"}), "page footer"),
    (frozenset({"header", "masthead", "logo"}), "page header"),
    (frozenset({"aside", "sidebar", "widget", "rail"}), "sidebar"),
    (frozenset({"form", "button"}), "form"),
)
_PAYWALL = re.compile(
    r"subscribe|subscriber|subscription|to continue reading|log in to read|sign in to read",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Page:
    paragraphs: tuple[tuple[int, str], ...]  # (source line, text), in reading order
    removed: tuple[Removal, ...]
    metadata: PageMetadata
    notes: tuple[str, ...]
    left_out: int = 0  # blocks of page text not in the article (only the first are listed)


def read_page(name: str, text: str) -> Page:
    """Extract the article of the page ``text``; raise :class:`InputError` when the page
    has no article body (a section front, a page of links)."""
    text = _XML_DECLARATION.sub("", text, count=1)
    tree = _parse(name, text)
    own = read_page_metadata(tree)
    document = _extract(name, text)
    found = own
    if document is not None:
        # a date the page declares but gets wrong stays unknown: trafilatura would
        # "repair" 2026-02-30 into a date the page never gave
        guessed_date = None if own.date is None and declares_date(tree) else document.date
        found = own.merged(
            checked(
                title=document.title,
                author=document.author,
                date_text=guessed_date,
                site=document.sitename,
                url=document.url,
                language=document.language,
            )
        )
    blocks = _leaf_blocks(tree)
    lines = _lines_by_text(blocks)
    paragraphs: list[tuple[int, str]] = []
    removed: list[Removal] = []
    last_line = 1
    for kind, content in _body_items(document):
        line = _line_of(content, lines, last_line)
        last_line = line
        if kind in {"h1", "head"}:
            first = kind == "h1" and not paragraphs and not removed
            is_title = found.title is not None and _same(content, found.title)
            reason = RemovalReason.TITLE if first or is_title else RemovalReason.HEADING
            if reason is RemovalReason.TITLE and found.title is None:
                found = found.merged(checked(title=content))
            removed.append(Removal(line, reason, content))
        elif found.title is not None and not paragraphs and _same(content, found.title):
            removed.append(Removal(line, RemovalReason.TITLE, content))
        else:
            paragraphs.append((line, content))
    inside = _Kept([text for _, text in paragraphs] + [r.text for r in removed])
    missing = [block for block in blocks if not inside.contains(block[1])]
    _require_article(name, paragraphs, len(missing))
    left_out = [  # what kind of furniture a block is: judged for the listed ones only
        Removal(line, RemovalReason.TITLE, block)
        if found.title is not None and _same(block, found.title)
        else Removal(line, RemovalReason.NOT_ARTICLE, block, detail=_furniture(element))
        for line, block, element in missing[:MAX_LISTED_REMOVALS]
    ]
    notes = _notes(paragraphs, left_out)
    removed += left_out
    removed.sort(key=lambda removal: removal.line)
    titles = sum(1 for _, block, _ in missing if found.title and _same(block, found.title))
    return Page(tuple(paragraphs), tuple(removed), found, notes, len(missing) - titles)


class _Kept:
    """Is a block of the page part of the text already kept? Exact paragraphs are a set
    lookup; a block inside a paragraph is found by substring search, which a word
    n-gram index screens first so a page of thousands of links stays linear."""

    _SCREEN_FROM = 200  # blocks checked before the index pays for itself
    _N = 4

    def __init__(self, texts: list[str]) -> None:
        self.exact = set(texts)
        self.joined = "\n".join(texts)
        self.grams: set[tuple[str, ...]] | None = None
        self.checked = 0

    def contains(self, block: str) -> bool:
        if block in self.exact:
            return True
        self.checked += 1
        if self.checked > self._SCREEN_FROM:
            if self.grams is None:
                self.grams = self._index()
            words = tuple(block.split()[: self._N])
            if words not in self.grams:
                return False
        return block in self.joined

    def _index(self) -> set[tuple[str, ...]]:
        grams: set[tuple[str, ...]] = set()
        for text in self.exact:
            words = text.split()
            for n in range(1, self._N + 1):
                grams.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
        return grams


def _parse(name: str, text: str) -> HtmlElement:
    import lxml.html

    try:
        tree = lxml.html.fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(name, f"cannot parse the page as HTML: {exc}") from None
    if not isinstance(tree, HtmlElement):
        raise InputError(name, "cannot parse the page as HTML")
    return tree


def _extract(name: str, text: str) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            text,
            with_metadata=True,
            favor_precision=True,  # a briefing would rather miss a line than print a menu
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            # dates from the page's markup only: a date guessed from the body text is
            # no publication date, and the full-text search costs more than extraction
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except RecursionError:
        raise InputError(name, "the page's markup is nested too deeply to read") from None
    except Exception as exc:  # a third-party parser on untrusted markup
        raise InputError(name, f"cannot extract the article: {type(exc).__name__}") from None


def _body_items(document: Any) -> list[tuple[str, str]]:
    """``(kind, text)`` for each block of the extracted body: ``h1``, ``head`` or ``p``."""
    body = getattr(document, "body", None)
    if body is None:
        return []
    items: list[tuple[str, str]] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "list":
            items += [("p", t) for item in element.iter("item") if (t := _content(item))]
        elif tag in {"table", "graphic"}:
            continue
        elif content := _content(element):
            if tag == "head":
                items.append(("h1" if element.get("rend") == "h1" else "head", content))
            else:
                items.append(("p", content))
    return items


def _content(element: etree._Element) -> str:
    for line_break in element.iter("lb", "br"):
        line_break.tail = " " + (line_break.tail or "")
    return " ".join("".join(element.itertext()).split())


def _leaf_blocks(tree: HtmlElement) -> list[tuple[int, str, etree._Element]]:
    """``(line, text, element)`` of every innermost block with text, in order.
    A container with blocks inside counts only for the text directly in it (div soup).
    Scripts, styles and the like are dropped from ``tree`` first."""
    for element in list(tree.iter(*_SKIPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    containers = list(tree.iter(*_CONTAINERS))
    outer: set[etree._Element] = set()  # containers with a container inside
    for element in containers:
        for ancestor in element.iterancestors():
            if ancestor in outer:
                break
            outer.add(ancestor)
    found: list[tuple[int, str, etree._Element]] = []
    for element in containers:
        if element in outer:
            text = " ".join((element.text or "").split())
        else:
            text = " ".join(element.text_content().split())
        if text:
            found.append((element.sourceline or 1, text, element))
    return found


def _furniture(element: etree._Element) -> str:
    """What part of the page ``element`` sits in, judged from it and its ancestors."""
    node: etree._Element | None = element
    for _ in range(_MAX_ANCESTORS):
        if node is None:
            break
        words = {node.tag} if isinstance(node.tag, str) else set()
        for attribute in ("class", "id", "role"):
            words.update(_TOKEN.findall((node.get(attribute) or "").lower()))
        for vocabulary, kind in _FURNITURE:
            if words & vocabulary:
                return kind
        node = node.getparent()
    return "outside the article text"


def _lines_by_text(blocks: list[tuple[int, str, etree._Element]]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for line, text, _ in blocks:
        lines.setdefault(text, line)
    return lines


def _line_of(text: str, lines: dict[str, int], fallback: int) -> int:
    line = lines.get(text)
    if line is not None:
        return line
    head = text[:60]
    for block, block_line in lines.items():
        if block_line >= fallback and block.startswith(head):
            return block_line
    return fallback


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _notes(paragraphs: list[tuple[int, str]], left_out: list[Removal]) -> tuple[str, ...]:
    walled = any(  # a teaser: the text stops where a subscription prompt starts
        removal.detail == "subscription or newsletter prompt" and _PAYWALL.search(removal.text)
        for removal in left_out
    )
    if walled and paragraphs:
        return (
            "The page shows only the opening of the article; the rest is behind a "
            "subscription wall.",
        )
    return ()


def _require_article(name: str, paragraphs: list[tuple[int, str]], left_out: int) -> None:
    words = [len(text.split()) for _, text in paragraphs]
    if not words or max(words) < MIN_PARAGRAPH_WORDS or sum(words) < MIN_ARTICLE_WORDS:
        raise InputError(
            name,
            f"no article text found on the page ({left_out} block(s) of menus, links and "
            "other page furniture left out): save the article's own page",
        )
