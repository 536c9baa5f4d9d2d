"""Section assignment: the seed's expected sections, other articles, and the taxonomy file."""

from __future__ import annotations

from pathlib import Path

import pytest

from formatter.clean import clean
from formatter.errors import TaxonomyError
from formatter.model import Briefing, Paragraph
from formatter.resources import default_taxonomy_path
from formatter.sections import assign
from formatter.taxonomy import Matcher, load_taxonomy, words


def _assign(*texts: str, lede: str = "An introductory paragraph about a report.") -> list[str]:
    """Sections of ``texts``, placed after a neutral lede (the lede always goes to context)."""
    paragraphs = tuple(
        Paragraph(index, index + 1, text) for index, text in enumerate((lede, *texts))
    )
    return [a.section_id for a in assign(paragraphs, load_taxonomy())][1:]


def test_default_taxonomy_has_exactly_the_four_sections_in_order() -> None:
    taxonomy = load_taxonomy()
    assert [(s.id, s.title) for s in taxonomy.sections] == [
        ("diaspora", "Diaspora coercion"),
        ("ukraine", "Ukraine war role"),
        ("destabilization", "Destabilization"),
        ("context", "Background and context"),
    ]
    assert taxonomy.fallback == "context"
    assert taxonomy.lede_section == "context"


def test_seed_paragraphs_land_in_the_expected_sections(seed_briefing: Briefing) -> None:
    by_section = {
        section.id: [item.paragraph.text[:39] for item in section.paragraphs]
        for section in seed_briefing.sections
    }
    assert by_section["diaspora"] == [
        "It accuses Belarusian President Alexand",
        "Belarusians in Lithuania who are suspec",
        "The report adds that, despite the risks",
        "The report alleges that Lithuanian citi",
    ]
    assert by_section["ukraine"][0].startswith("The Lithuanian intelligence assessment")
    ukraine = " ".join(by_section["ukraine"])
    assert "It alleges that some of these cases" in ukraine  # drone crashed in Latvia
    assert "His regime helped Russian President Vl" in ukraine  # 2022 springboard
    assert by_section["destabilization"] == ["Belarus has also been involved in effor"]
    context = by_section["context"]
    assert context[0].startswith("A report published by Lithuanian")  # the lede
    assert any(text.startswith("Lithuania’s Department of State Secu") for text in context)
    assert any(text.startswith("Belarusian President Alexander Lukashen") for text in context)


def test_every_paragraph_is_in_exactly_one_section(seed_briefing: Briefing) -> None:
    indexes = [item.paragraph.index for s in seed_briefing.sections for item in s.paragraphs]
    assert sorted(indexes) == list(range(13))


def test_assignment_is_explainable(seed_briefing: Briefing) -> None:
    diaspora = seed_briefing.sections[0].paragraphs[0].assignment
    assert diaspora.rule == "cues"
    assert {cue.cue for cue in diaspora.cues} >= {"coerc*", "diaspora*"}
    assert diaspora.score == pytest.approx(sum(cue.weight for cue in diaspora.cues))
    assert dict(diaspora.scores)["diaspora"] == diaspora.score
    lede = next(
        item.assignment
        for item in seed_briefing.sections[3].paragraphs
        if item.paragraph.index == 0
    )
    assert lede.rule == "lede"
    assert dict(lede.scores)["diaspora"] > 0  # the lede mentions recruitment abroad


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Estonia's Internal Security Service said Russian officers threatened relatives of "
            "emigres living in Tallinn and pressured them to inform on exiled activists.",
            "diaspora",
        ),
        (
            "Chinese police stations abroad were used to harass dissidents and coerce them into "
            "returning home, a case of transnational repression, the report found.",
            "diaspora",
        ),
        (
            "Latvia's security service said Moscow blackmailed compatriots whose families remain "
            "in Russia, demanding they photograph military sites.",
            "diaspora",
        ),
        (
            "North Korean troops and artillery shells have been sent to support Russia's "
            "offensive in the Kursk region against Ukrainian forces.",
            "ukraine",
        ),
        (
            "Iran supplied Shahed drones and ballistic missiles that Moscow has launched at "
            "Ukrainian cities and energy infrastructure.",
            "ukraine",
        ),
        (
            "Belarus hosted the Zapad military exercises and allowed Russian troops to deploy "
            "near the border before the invasion.",
            "ukraine",
        ),
        (
            "Polish prosecutors charged a group recruited online with arson and sabotage of "
            "railway lines, calling it part of a Russian hybrid campaign.",
            "destabilization",
        ),
        (
            "Finland closed its border after Moscow was accused of instrumentalising migration "
            "by sending asylum seekers to crossings in the Arctic.",
            "destabilization",
        ),
        (
            "Smuggling balloons from Belarus repeatedly forced Vilnius airport to close, while "
            "GPS jamming disrupted flights over the Baltic Sea.",
            "destabilization",
        ),
        (
            "German officials warned of a disinformation campaign and cyberattacks meant to "
            "interfere in the election.",
            "destabilization",
        ),
        (
            "A Minsk court sentenced three exiled journalists in absentia, and their families "
            "were questioned by the KGB after they refused to return home.",
            "diaspora",
        ),
        (
            "Russian trolls ran an influence campaign with fake news sites ahead of the vote, "
            "a false flag operation meant to provoke unrest.",
            "destabilization",
        ),
        (
            "Minsk shipped dual-use components and military equipment to the Russian army, "
            "while Moscow moved tactical nuclear weapons to Belarus.",
            "ukraine",
        ),
        (
            "Minsk has opened criminal cases against Belarusians abroad who donated money "
            "to Ukraine's army, and put them on a wanted list as extremists.",
            "diaspora",
        ),
        (
            "Pro-Russian hackers hit Lithuanian government websites with DDoS attacks.",
            "destabilization",
        ),
        (
            "The agency publishes its findings every spring, and this edition was presented "
            "to parliament by the director.",
            "context",
        ),
        (
            "Trade between the two countries has grown since the union state agreement and "
            "economic integration deepened.",
            "context",
        ),
    ],
)
def test_generalises_to_paragraphs_from_other_articles(text: str, expected: str) -> None:
    assert _assign(text) == [expected]


def test_the_first_paragraph_goes_to_the_lede_section_whatever_its_cues() -> None:
    paragraphs = (Paragraph(0, 1, "Drones and missiles hit Ukraine as troops advanced."),)
    [assignment] = assign(paragraphs, load_taxonomy())
    assert (assignment.section_id, assignment.rule) == ("context", "lede")


def test_weak_cues_fall_back_to_context() -> None:
    assert _assign("The minister will visit the capital next week.") == ["context"]


def test_cue_syntax_prefix_phrase_and_exact_words() -> None:
    taxonomy = load_taxonomy()
    matcher = Matcher(taxonomy)
    text = "They were coerced by threats in the war zone"
    found = {cue.text for cue in matcher.find(words(text))}
    assert "coerc*" in found
    assert "war" in found
    assert "ward" not in {cue.text for cue in matcher.find(words("The hospital ward"))}
    assert "war" not in {cue.text for cue in matcher.find(words("a warning"))}
    found = {cue.text for cue in matcher.find(words("troops of the war in Ukraine"))}
    assert "war in ukraine" in found
    # punctuation inside a phrase does not matter: "anti-regime" matches "anti regime"
    assert "anti regime" in {cue.text for cue in matcher.find(words("his anti-regime views"))}


def test_matcher_remembers_words_without_changing_what_it_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The per-word memo (and clearing it when full) never changes matches or counts."""
    text = (
        "Coerced relatives of exiles were coerced again; the war in Ukraine and the war "
        "zone, anti-regime activists and their relatives, drones over the border."
    )
    tokens = words(text)
    expected = Matcher(load_taxonomy()).find(tokens)
    matcher = Matcher(load_taxonomy())
    assert [matcher.find(tokens) for _ in range(3)] == [expected] * 3
    assert list(matcher.find(tokens)) == list(expected)  # same first-match order
    monkeypatch.setattr(Matcher, "MEMO_LIMIT", 3)
    small = Matcher(load_taxonomy())
    assert [small.find(tokens) for _ in range(2)] == [expected] * 2
    assert len(small._memo) <= 3
    assert expected[next(c for c in expected if c.text == "coerc*")] == 2


def test_custom_taxonomy_file(tmp_path: Path) -> None:
    path = tmp_path / "tax.toml"
    path.write_text(
        'fallback = "other"\nmin_score = 1\n'
        '[[sections]]\nid = "energy"\ntitle = "Energy"\n[sections.cues]\n"gas*" = 2\n'
        '[[sections]]\nid = "other"\ntitle = "Other"\n',
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(path)
    result = clean("Intro.\nGas prices rose.\nNothing else.")
    # without a lede_section the first paragraph is judged by its cues like any other
    assert [a.section_id for a in assign(result.paragraphs, taxonomy)] == [
        "other",
        "energy",
        "other",
    ]


_ONE_SECTION = "fallback = 'a'\nmin_score = 1\n[[sections]]\nid = 'a'\ntitle = 'A'\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("fallback = 'x'\nmin_score = 1\n", "sections: missing"),
        ("fallback = 'x'\nmin_score = 1\n[[sections]]\nid = 'a'\ntitle = 'A'\n", "fallback"),
        (_ONE_SECTION.replace("min_score = 1", "min_score = 'high'"), "min_score"),
        ("fallback = 'a'\nmin_score = 1\n[[sections]]\nid = 'A B'\ntitle = 'A'\n", "id"),
        (_ONE_SECTION + "colour = 1\n", "colour: unknown key"),
        (_ONE_SECTION + "[sections.cues]\n'x' = 'heavy'\n", "expected a number"),
        ("this is not toml", "invalid TOML"),
    ],
)
def test_bad_taxonomy_files_raise_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message) as caught:
        load_taxonomy(path)
    assert str(caught.value).startswith("bad.toml: ")


# --- Reading the article, not just the paragraph -------------------------------------


def _article(*texts: str, taxonomy: Path | None = None) -> list[tuple[str, str]]:
    """(section, rule) of each paragraph of an article made of ``texts`` (the first is
    the lede)."""
    paragraphs = tuple(Paragraph(index, index + 1, text) for index, text in enumerate(texts))
    return [(a.section_id, str(a.rule)) for a in assign(paragraphs, load_taxonomy(taxonomy))]


def test_a_story_paragraph_without_cues_takes_the_theme_of_its_passage() -> None:
    found = _article(
        "Exiled opposition activists say the regime's agents keep threatening them abroad.",
        "Two dissidents living in Berlin told police that men who said they worked for their "
        "home country's security service had threatened their relatives and warned them "
        "to stop criticising the government from exile.",
        "One of them said a car waited outside his flat every night for a week.",
        "He said the men photographed his children on the way to school and sent the "
        "pictures to his mother, who was then questioned and pressured by officers.",
    )
    assert found[2] == ("diaspora", "neighbours")


def test_background_without_theme_cues_stays_in_context() -> None:
    found = _article(
        "Exiled opposition activists say the regime's agents keep threatening them abroad.",
        "Two dissidents living in Berlin told police that men working for their home "
        "country's security service had threatened their relatives.",
        "Relations between the two governments have been strained for decades, and "
        "diplomats were expelled after protests in 2020.",
        "Officers said the exiles' families back home had been intimidated and coerced "
        "into reporting on them.",
    )
    assert found[2] == ("context", "fallback")


def test_an_off_topic_article_stays_in_context_despite_passing_mentions() -> None:
    found = _article(
        "The central bank held interest rates on Tuesday as inflation eased for a third month.",
        "Energy prices have fallen back since the spike that followed Russia's invasion of "
        "Ukraine, the governor said.",
        "Economists expect the first cut in the spring, once wage growth slows.",
        "The football club's border crossing for away fans was reopened after the derby.",
    )
    assert [section for section, _ in found] == ["context"] * 4
    assert found[1][1] == "off-topic"


_PASSING = (
    "Exiled journalists say they are followed and threatened by agents of their home "
    "country's intelligence service.",
    "A reporter living in London said she received death threats after her channel "
    "covered protests, and that her relatives back home were interrogated.",
    "Another exile said officers had tried to recruit him as an informant, threatening "
    "his family if he refused.",
    "Many of them left after the war in Ukraine began and prices at home soared.",
    "Police said they were investigating the threats against the exiles and their "
    "families, and that intimidation of the diaspora had risen.",
)


def test_a_passing_mention_does_not_outweigh_the_article_subject(tmp_path: Path) -> None:
    """The cue rules (a taxonomy without a sections model) file it as background."""
    found = _article(*_PASSING, taxonomy=_without_model(tmp_path))
    assert found[3][0] == "context"
    assert found[3][1] in {"passing", "fallback"}


def test_the_model_does_not_file_a_passing_mention_under_the_theme_it_names() -> None:
    """The sections model reads it with the exiles' story around it (the corpus labels
    such paragraphs by the story far more often than as background), never as the war."""
    found = _article(
        *_PASSING,
        "One woman said a stranger photographed her outside the community centre where "
        "she teaches language classes on Saturdays.",
        "Her brother, who stayed behind, was summoned twice and asked about the friends she "
        "sees and the money she sends home.",
        "Lawyers for the group have asked the interior ministry for protection.",
    )
    assert found[3][0] != "ukraine"
    assert found[3][1] == "model"


def _without_model(tmp_path: Path) -> Path:
    text = default_taxonomy_path().read_text(encoding="utf-8")
    assert 'model = "sections-model.json"\n' in text
    path = tmp_path / "cue-rules.toml"
    path.write_text(text.replace('model = "sections-model.json"\n', ""), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # another regime, another word for exiles
            "Kigali's operatives tracked members of the Rwandan community in South Africa and "
            "threatened their relatives, according to a leaked intelligence file.",
            "diaspora",
        ),
        (  # spyware against journalists abroad
            "Researchers found spyware on the phones of Persian-language journalists based in "
            "London, and several received death threats from accounts linked to Tehran.",
            "diaspora",
        ),
        (  # supply without naming Ukraine
            "Pyongyang has shipped millions of artillery shells and dozens of ballistic "
            "missiles to Russia, South Korean intelligence said.",
            "ukraine",
        ),
        (  # components for the war machine
            "Chinese firms supplied microelectronics and machine tools to Russia's defence "
            "industry, according to the sanctions notice.",
            "ukraine",
        ),
        (  # infrastructure damage at sea
            "Investigators believe the ship dragged its anchor for 100 kilometres, severing a "
            "power cable and two data cables on the seabed.",
            "destabilization",
        ),
        (  # a cyber attack described without the word "cyber"
            "The attack knocked government websites offline and disrupted online services "
            "for two days, officials said.",
            "destabilization",
        ),
        (  # election interference in other words
            "Prosecutors said a network paid voters and ran fake accounts on TikTok to boost "
            "the candidate before the election.",
            "destabilization",
        ),
    ],
)
def test_the_themes_in_other_words(text: str, expected: str) -> None:
    assert _assign(text) == [expected]
