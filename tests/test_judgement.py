"""The sections model in use: loading it, what it decides, and how it explains itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from formatter.errors import TaxonomyError
from formatter.judgement import load_model, taxonomy_digest
from formatter.model import Paragraph
from formatter.resources import default_taxonomy_path
from formatter.sections import assign
from formatter.taxonomy import load_taxonomy


def _article(*texts: str, taxonomy: Path | None = None) -> list[tuple[str, str, str]]:
    paragraphs = tuple(Paragraph(i, i + 1, text) for i, text in enumerate(texts))
    return [
        (a.section_id, str(a.rule), a.reason) for a in assign(paragraphs, load_taxonomy(taxonomy))
    ]


EXILES = (
    "Exiled opposition activists say agents of their home country's security service keep "
    "threatening them and their relatives abroad.",
    "Two dissidents living in Berlin told police that men who said they worked for the "
    "regime had warned them to stop criticising the government from exile.",
    "One of them said a car waited outside his flat every night for a week.",
    "He said the men photographed his children on the way to school and sent the pictures "
    "to his mother, who was then questioned by officers back home.",
    "Police in Berlin said they were investigating the threats against the exiles and their "
    "families, and that intimidation of the diaspora had risen.",
    "The second activist, a former teacher who runs a small online channel, said an "
    "anonymous caller had read out her new address and the name of her landlord.",
    "She moved twice last year and now meets other members of the community only in "
    "public places, she said.",
    "The government in the capital denied any involvement.",
)
OFF_TOPIC = (
    "The central bank held interest rates on Tuesday as inflation eased for a third month.",
    "Energy prices have fallen back since the spike that followed Russia's invasion of "
    "Ukraine, the governor said.",
    "Economists expect the first cut in the spring, once wage growth slows.",
    "Mortgage approvals rose for the second month running, figures showed, while house "
    "prices in the north climbed faster than in the south.",
    "Retailers reported stronger sales in the run-up to the holidays, helped by discounts "
    "on clothing, toys and electronics.",
    "Manufacturers were gloomier: factory orders fell and several carmakers cut shifts.",
    "The currency barely moved after the announcement, and bond yields slipped.",
    "Farmers' groups warned that a dry summer could push food costs up again next year.",
    "Tourism had its best autumn on record, hotel owners said, with visitors from Asia "
    "returning in large numbers.",
    "The bank's next decision is due in six weeks.",
)


def test_the_default_taxonomy_ships_a_model_trained_with_its_own_cues() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.model is not None
    assert taxonomy.model.parent == default_taxonomy_path().parent
    model = load_model(taxonomy.model, taxonomy)
    assert model.taxonomy == taxonomy_digest(taxonomy)
    ids = [spec.id for spec in taxonomy.sections]
    assert list(model.article.classes) == ids
    assert list(model.paragraph.classes) == ids
    assert dict(model.trained_on) == {"tune": 200, "seed-corpus": 1}


def test_a_story_is_read_by_the_model_and_every_decision_names_its_reasons() -> None:
    found = _article(*EXILES)
    assert found[0][:2] == ("context", "lede")
    sections = [section for section, _, _ in found]
    assert sections[1:5] == ["diaspora"] * 4
    assert found[2][1] == "model"  # no cue words of its own: the article and its neighbours
    assert found[2][2].startswith("model: diaspora over ")
    assert "article about diaspora" in found[2][2] or "diaspora cues of ¶" in found[2][2]
    for _, rule, reason in found[1:]:
        assert rule in {"model", "cues", "passing"}
        assert reason


def test_an_off_topic_article_is_all_context_with_the_model_s_reason() -> None:
    found = _article(*OFF_TOPIC)
    assert [section for section, _, _ in found] == ["context"] * len(OFF_TOPIC)
    assert {rule for _, rule, _ in found[1:]} == {"off-topic"}
    assert found[1][2].startswith("article is off-topic: the model finds no theme")


def test_strong_cues_of_its_own_decide_a_paragraph_before_the_model() -> None:
    found = _article(
        *EXILES[:3],
        "Investigators said the regime's intelligence officers coerced exiled dissidents and "
        "threatened their relatives back home to make them inform on the diaspora abroad.",
        *EXILES[3:],
    )
    assert found[3][:2] == ("diaspora", "cues")
    assert found[3][2].startswith("cues: ")


def test_texts_shorter_than_an_article_are_left_to_the_cue_rules() -> None:
    found = _article(
        "An introductory paragraph about a report.",
        "Iran supplied Shahed drones and ballistic missiles that Moscow has launched at "
        "Ukrainian cities and energy infrastructure.",
    )
    assert found[1][:2] == ("ukraine", "cues")


def _copy_taxonomy(tmp_path: Path) -> Path:
    source = default_taxonomy_path()
    target = tmp_path / "taxonomy.toml"
    shutil.copy(source, target)
    model = load_taxonomy().model
    assert model is not None
    shutil.copy(model, tmp_path / model.name)
    return target


def test_changed_cues_make_the_model_stale_and_say_how_to_rebuild_it(tmp_path: Path) -> None:
    path = _copy_taxonomy(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "[sections.cues]" in text
    path.write_text(text.replace("[sections.cues]", '[sections.cues]\n"zzyzx" = 1', 1))
    with pytest.raises(TaxonomyError, match="briefing train") as caught:
        _article(*EXILES, taxonomy=path)
    assert str(caught.value).startswith("sections-model.json: was trained with other cues")


def test_titles_are_no_part_of_what_the_model_depends_on(tmp_path: Path) -> None:
    path = _copy_taxonomy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title = "Diaspora coercion"', 'title = "Exiles"'))
    assert _article(*EXILES, taxonomy=path) == _article(*EXILES)


def test_a_missing_or_broken_model_file_is_a_clear_taxonomy_error(tmp_path: Path) -> None:
    path = _copy_taxonomy(tmp_path)
    model = tmp_path / "sections-model.json"
    model.unlink()
    with pytest.raises(TaxonomyError, match="model file does not exist"):
        _article(*EXILES, taxonomy=path)
    model.write_text("{not json", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="cannot read the model"):
        _article(*EXILES, taxonomy=path)
    model.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not a sections model"):
        _article(*EXILES, taxonomy=path)


def test_without_a_model_key_the_cue_rules_decide(tmp_path: Path) -> None:
    path = _copy_taxonomy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('model = "sections-model.json"\n', ""), encoding="utf-8")
    found = _article(*EXILES, taxonomy=path)
    assert "model" not in {rule for _, rule, _ in found}


def test_background_inside_a_story_stays_in_context() -> None:
    found = _article(
        *EXILES[:3],
        "Relations between the two governments have been strained for decades, and "
        "diplomats were expelled after protests in 2020.",
        *EXILES[3:],
    )
    assert found[3][:2] == ("context", "model")
    assert [section for section, _, _ in found[1:3]] == ["diaspora", "diaspora"]


# Whole articles on each theme, worded unlike the seed and with other actors
OTHER_WORDS = {
    "diaspora": (
        "Rwandan refugees in Mozambique say Kigali's operatives have followed them for years.",
        "A businessman who left Rwanda in 2010 said two men from the embassy visited his "
        "shop in Maputo and asked about the meetings he hosts.",
        "A week later his sister in Kigali was arrested and questioned about him.",
        "Another refugee, a former journalist, said he no longer sleeps at the same address "
        "two nights running.",
        "In 2021 a prominent critic was found dead outside his home in the city, and police "
        "never named a suspect.",
        "Community leaders say many members now avoid speaking to reporters or joining "
        "church groups that the embassy watches.",
        "Human rights groups have recorded disappearances of Rwandan critics abroad since "
        "the 1990s.",
        "Mozambique's foreign ministry said it would look into the complaints, which "
        "lawyers for the refugees filed with a court in the capital.",
        "Rwanda's government rejected the accusations.",
    ),
    "ukraine": (
        "North Korea has shipped millions of artillery shells to Russia, South Korean "
        "intelligence said on Monday.",
        "The rounds travel by train and ship to depots near the front, officials said.",
        "Russian gunners now fire them at Ukrainian positions around Pokrovsk, according to Kyiv.",
        "Ukrainian soldiers have found North Korean markings on unexploded rounds, and "
        "some shells burst in the barrel, commanders complained.",
        "Pyongyang has also sent ballistic missiles that struck Kharkiv in January, "
        "killing residents of an apartment block.",
        "In return, analysts believe, Moscow supplies food, oil and military technology.",
        "Satellite images show a busy rail terminal at the border crossing near Tumangang, "
        "with hundreds of containers stacked beside the tracks.",
        "Thousands of North Korean troops were also deployed to help push Ukrainian units "
        "out of the Kursk region, Seoul and Washington say.",
        "Moscow and Pyongyang deny any arms trade.",
    ),
    "destabilization": (
        "Police in Poland arrested three men suspected of setting fire to a shopping "
        "centre on the orders of a foreign intelligence service.",
        "Investigators said the men were recruited on Telegram and paid in cryptocurrency "
        "for each task, starting with photographs of railway junctions.",
        "The fire destroyed more than a thousand shops in Warsaw last year.",
        "Prosecutors said the same network had planned to derail freight trains carrying "
        "weapons to the border and to send parcels with incendiary devices.",
        "Similar arson attacks hit warehouses in Lithuania and Germany, and officials in "
        "several capitals blamed Russia's military intelligence.",
        "The prime minister said the sabotage was meant to spread fear and divide society.",
        "Security agencies across Europe have since tightened checks at depots, power "
        "stations and ports, and asked staff to report suspicious approaches online.",
        "Moscow dismissed the claims as hysteria.",
        "The suspects face up to ten years in prison.",
    ),
}


def test_a_text_shorter_than_the_articles_the_model_learnt_from_gets_the_cue_rules() -> None:
    found = _article(*(text.split(",")[0] + "." for text in EXILES))
    assert "model" not in {rule for _, rule, _ in found}


# Paragraphs the labelling rules leave open (a denial, a government's reaction, the
# sentence the accused face, a sketch of what the other side gets): theme or context
EITHER = {
    "diaspora": {7, 8},
    "ukraine": {5, 8},
    "destabilization": {6, 7, 8},
}


@pytest.mark.parametrize("theme", sorted(OTHER_WORDS))
def test_the_themes_in_other_words_as_whole_articles(theme: str) -> None:
    found = _article(*OTHER_WORDS[theme])
    for position, (section, rule, _) in enumerate(found[1:], start=1):
        allowed = {theme, "context"} if position in EITHER[theme] else {theme}
        assert section in allowed, (position, section, rule)
