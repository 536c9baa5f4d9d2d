"""The HTML reader on pages written for the project in the shapes news sites use."""

from __future__ import annotations

from pathlib import Path

import pytest

from formatter.errors import InputError
from formatter.model import RemovalReason
from formatter.pipeline import brief
from formatter.readers.html import read_page

PAGES = Path(__file__).parent / "fixtures" / "pages"

# page -> (opening words of each kept paragraph, in order; metadata)
EXPECTED: dict[str, tuple[list[str], dict[str, str | None]]] = {
    "article-tags.html": (
        [
            "A court in Vilnius has sentenced",
            "The 41-year-old man, who drove",
            "Prosecutors said the handlers had paid",
            "Lithuania's State Security Department has warned",
            "The defence said it would appeal",
        ],
        {
            "title": "Vilnius court jails courier in Minsk spying case",
            "author": "Rasa Petrauskaite",
            "date": "2026-10-02",
            "site": "The Baltic Ledger",
            "url": "https://ledger.example/world/2026/10/02/vilnius-court-courier",
            "language": "en-GB",
        },
    ),
    "div-soup.html": (
        [
            "A Belarusian journalist who has lived",
            "She said the officers showed her father",
            "Sign up for our newsletter",  # left for the cleaning stage (boilerplate)
            "Human rights groups have recorded",
            "The Belarusian embassy in Warsaw",
        ],
        {
            "title": "Exiled journalist says relatives were summoned for questioning",
            "author": "Tomas Vaitkus",
            "date": "2026-09-18",
            "site": "Daily Meridian",
            "url": None,
            "language": "en",
        },
    ),
    "json-ld.html": (
        [
            "Customs records reviewed by reporters",
            "The companies, several of them registered",
            "Investigators in two European countries",
            "One director, reached by telephone",
        ],
        {
            "title": "Network of shell firms shipped drone parts through third countries",
            "author": "Mara Lindqvist, Jonas Berg",
            "date": "2026-08-27",
            "site": "Northern Wire",
            "url": "https://northernwire.example/investigations/drone-parts",
            "language": "en-US",
        },
    ),
    "paywall-teaser.html": (
        [
            "Security services say recruited couriers",
            "Security officials in three European countries",
            "In one case described to reporters",
        ],
        {
            "title": "Officials warn of sabotage plots against rail lines",
            "author": "Elena Marsh",
            "date": "2026-07-11",
            "site": "The Continental Review",
            "url": "https://review.example/security/rail-sabotage",
            "language": "en",
        },
    ),
    "live-blog.html": (
        [
            "Polling stations have closed across the country.",
            "Independent observers say managers",
            "The election commission said it had received",
            "Polling stations opened at seven",
        ],
        {
            "title": "Election day: polls close amid reports of pressure on voters",
            "author": "City Dispatch live team",
            "date": "2026-05-17",
            "site": "City Dispatch",
            "url": "https://dispatch.example/live/election-day",
            "language": "en-GB",
        },
    ),
}


def read(name: str):  # type: ignore[no-untyped-def]
    return read_page(name, (PAGES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_paragraphs_in_order(name: str) -> None:
    openings, _ = EXPECTED[name]
    page = read(name)
    texts = [text for _, text in page.paragraphs]
    assert len(texts) == len(openings), texts
    for text, opening in zip(texts, openings, strict=True):
        assert text.startswith(opening)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(name: str) -> None:
    _, metadata = EXPECTED[name]
    page = read(name)
    for key, value in metadata.items():
        assert getattr(page.metadata, key) == value, key


def test_furniture_is_reported_with_its_kind() -> None:
    page = read("article-tags.html")
    kinds = {r.detail for r in page.removed if r.reason is RemovalReason.NOT_ARTICLE}
    assert {"navigation", "comments", "caption", "cookie notice", "links to other articles",
            "sharing links", "page footer", "byline or date"} <= kinds  # fmt: skip
    texts = " ".join(r.text for r in page.removed)
    assert "Six years is far too lenient" in texts  # a comment
    assert "Photo: Ledger archive" in texts  # the caption
    assert "Border guards report new balloon incursions" in texts  # read more
    kept = " ".join(text for _, text in page.paragraphs)
    for noise in ("cookies", "Share on", "Comments", "Border guards", "not text", "font-family"):
        assert noise not in kept


def test_paragraph_lines_are_source_lines() -> None:
    page = read("article-tags.html")
    source = (PAGES / "article-tags.html").read_text(encoding="utf-8").split("\n")
    for line, text in page.paragraphs:
        assert text[:30] in source[line - 1]


def test_headline_is_the_title_not_a_paragraph() -> None:
    briefing = brief(str(PAGES / "paywall-teaser.html"))
    assert briefing.metadata.title == "Officials warn of sabotage plots against rail lines"
    texts = [p.text for p in briefing.paragraphs]
    assert all("Officials warn of sabotage" not in text for text in texts)
    assert any(r.reason is RemovalReason.TITLE for r in briefing.provenance.removed)


def test_paywall_teaser_gets_a_note() -> None:
    page = read("paywall-teaser.html")
    assert any("subscription wall" in note for note in page.notes)
    assert not read("article-tags.html").notes


def test_page_of_navigation_is_refused() -> None:
    with pytest.raises(InputError, match="no article text found"):
        read("navigation.html")


def test_page_metadata_fills_what_sidecar_and_options_leave(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_bytes((PAGES / "article-tags.html").read_bytes())
    (tmp_path / "story.toml").write_text('author = "Desk editor"\n', encoding="utf-8")
    from formatter.pipeline import Options

    briefing = brief(str(page), Options(date="2026-12-01"))
    assert briefing.metadata.author == "Desk editor"  # the sidecar wins
    assert briefing.metadata.date == "2026-12-01"  # the command line wins
    assert briefing.metadata.title == "Vilnius court jails courier in Minsk spying case"
    assert briefing.metadata.source == "The Baltic Ledger"
    assert briefing.metadata.language == "en-GB"
    assert briefing.provenance.shape == "html"
    assert (
        briefing.provenance.url == "https://ledger.example/world/2026/10/02/vilnius-court-courier"
    )
