"""A web page's own metadata: title, author, date, site name, address and language.

Read from the places news sites put them, in this order of trust: JSON-LD
(``NewsArticle`` and its kin), Open Graph and ``article:`` properties, other ``<meta>``
names (Dublin Core, Twitter, ``author``), ``<link rel="canonical">``, ``<time
datetime>``, ``<html lang>``; trafilatura's own findings fill what is still empty.
Every value is checked before it is used: a date must be a real calendar date (only
its day is kept), a language a plausible tag, an address http(s); anything else is
dropped rather than printed. Values are plain text, never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # lxml is loaded by the HTML reader only
    from lxml.html import HtmlElement

MAX_FIELD_CHARS = 300
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "liveblogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "socialmediaposting",
}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_MAX_JSON_LD_CHARS = 1_000_000
_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "date", "dc.date",
    "dc.date.issued", "pubdate", "publish-date", "sailthru.date",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD
    site: str | None = None
    url: str | None = None
    language: str | None = None

    def merged(self, other: PageMetadata) -> PageMetadata:
        """These values, with ``other`` filling the empty ones."""
        return replace(
            self,
            **{
                f.name: getattr(other, f.name)
                for f in fields(self)
                if getattr(self, f.name) is None
            },
        )


def read_page_metadata(tree: HtmlElement) -> PageMetadata:
    """Everything the page says about itself (trafilatura's findings are merged later)."""
    found = PageMetadata()
    for candidate in (_from_json_ld(tree), _from_meta(tree), _from_elements(tree)):
        found = found.merged(candidate)
    return found


def declares_date(tree: HtmlElement) -> bool:
    """Whether the page's markup names a publication date at all (valid or not)."""
    return any(
        (meta.get("property") or meta.get("name") or "").lower() in _DATE_KEYS
        and bool(meta.get("content"))
        for meta in tree.iter("meta")
    )


def checked(
    *,
    title: Any = None,
    author: Any = None,
    date_text: Any = None,
    site: Any = None,
    url: Any = None,
    language: Any = None,
) -> PageMetadata:
    """Values from any source, cleaned and validated; unusable ones become ``None``."""
    return PageMetadata(
        title=_text(title),
        author=_author(author),
        date=_date(date_text),
        site=_text(site),
        url=_url(url),
        language=_language(language),
    )


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > MAX_FIELD_CHARS or ("<" in text and ">" in text):
        return None  # empty, absurdly long, or markup rather than a value
    return text


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [_author(item) for item in value[:10]]
        joined = ", ".join(name for name in names if name)
        return joined or None
    if isinstance(value, dict):
        return _author(value.get("name"))
    text = _text(value)
    if text is None or text.startswith(("http://", "https://")):
        return None  # Facebook-style article:author is a profile address, not a name
    text = _BY.sub("", text).replace("; ", ", ")
    return text or None


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    match = _DATE.search(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        dotted = _DOTTED_DATE.search(value)
        if not dotted:
            return None
        day, month, year = (int(part) for part in dotted.groups())
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found.isoformat() if 1900 <= found.year <= 2200 else None


def _url(value: Any) -> str | None:
    text = _text(value)
    if text is None or not text.startswith(("http://", "https://")) or " " in text:
        return None
    return text


def _language(value: Any) -> str | None:
    text = _text(value)
    if text is None or not _LANGUAGE.match(text):
        return None
    parts = text.replace("_", "-").split("-")
    tag = parts[0].lower()
    if len(parts) > 1 and len(parts[1]) == 2:
        return f"{tag}-{parts[1].upper()}"
    return tag


def _from_meta(tree: HtmlElement) -> PageMetadata:
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").lower()
        content = meta.get("content")
        if key and content is not None and key not in values:
            values[key] = content

    def first(*keys: str) -> str | None:
        for key in keys:
            if values.get(key):
                return values[key]
        return None

    canonical = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = link.get("href")
            break
    return checked(
        title=first("og:title", "twitter:title", "dc.title", "title"),
        author=first("author", "article:author", "dc.creator", "byl", "sailthru.author"),
        date_text=first(*_DATE_KEYS),
        site=first("og:site_name", "application-name", "dc.publisher", "publisher"),
        url=canonical or first("og:url", "twitter:url"),
        language=first("content-language", "og:locale", "dc.language", "language"),
    )


def _from_elements(tree: HtmlElement) -> PageMetadata:
    published = None
    for time in tree.iter("time"):
        published = _date(time.get("datetime") or "")
        if published:
            break
    title = None
    for heading in tree.iter("h1"):
        title = _text(heading.text_content())
        if title:
            break
    if title is None:
        for element in tree.iter("title"):
            title = _text(element.text_content())
            break
    return checked(title=title, date_text=published, language=tree.get("lang"))


def _from_json_ld(tree: HtmlElement) -> PageMetadata:
    import json

    found = PageMetadata()
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > _MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other sources remain
        for item in _items(data):
            found = found.merged(_from_ld_item(item))
    return found


def _items(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """The objects of a JSON-LD document worth reading: top level, lists, ``@graph``."""
    if depth > 3:
        return []
    if isinstance(data, list):
        return [item for element in data[:50] for item in _items(element, depth + 1)]
    if not isinstance(data, dict):
        return []
    found = [data]
    graph = data.get("@graph")
    if graph is not None:
        found += _items(graph, depth + 1)
    return found


def _from_ld_item(item: dict[str, Any]) -> PageMetadata:
    kinds = item.get("@type")
    names = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
    lowered = {name.lower() for name in names if isinstance(name, str)}
    if lowered & {"website", "organization", "newsmediaorganization"} and not (
        lowered & _ARTICLE_TYPES
    ):
        return checked(site=item.get("name"))
    if not lowered & _ARTICLE_TYPES:
        return PageMetadata()
    publisher = item.get("publisher")
    entity = item.get("mainEntityOfPage")
    url = entity.get("@id") if isinstance(entity, dict) else entity
    return checked(
        title=item.get("headline") or item.get("name"),
        author=item.get("author"),
        date_text=item.get("datePublished") or item.get("dateCreated"),
        site=publisher.get("name") if isinstance(publisher, dict) else None,
        url=item.get("url") or url,
        language=item.get("inLanguage"),
    )
