"""``briefing train``: a sections model from labelled corpora, reproducibly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formatter.cli import app
from formatter.errors import ExitCode, InputError
from formatter.features import article_features, article_words
from formatter.judgement import FORMAT
from formatter.resources import default_taxonomy_path
from formatter.taxonomy import found_by_section, load_taxonomy, shared_matcher
from formatter.training import model_bytes, train

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent

# Small articles of two themes and off-topic news, enough to learn from in a second.
_EXILE = [
    "Exiles from {place} say the regime's agents threatened them abroad.",
    "An activist living in {city} said officers questioned her parents back home.",
    "She said the calls came every night and the voice knew her address.",
    "Her brother was summoned and told she should stop writing.",
    "Police in {city} said they were looking into the threats.",
    "The embassy of {place} did not answer questions.",
]
_WAR = [
    "{place} sent shells and drones to Russia for its war against Ukraine.",
    "The shipments crossed the border by rail, officials in {city} said.",
    "Ukrainian forces found the rounds on the front near the river.",
    "Analysts said the ammunition kept Russian artillery firing.",
    "The government in {place} denied sending weapons.",
    "Sanctions on the shipping firms were announced on Friday.",
]
_NEWS = [
    "A new bridge opened in {city} on Monday after three years of work.",
    "The mayor of {city} said traffic would ease across the river.",
    "Engineers from {place} designed the steel arch.",
    "Cyclists will get a lane of their own from next month.",
    "The project cost less than planned, the council said.",
    "A festival on the bridge is planned for the summer.",
]
_PLACES = [("Norland", "Oslo"), ("Sudovia", "Riga"), ("Kerevan", "Lyon"), ("Ostmark", "Turin")]


def _corpus(folder: Path, *, only: str | None = None) -> Path:
    (folder / "articles").mkdir(parents=True)
    labels = {}
    for template, label in ((_EXILE, "diaspora"), (_WAR, "ukraine"), (_NEWS, "context")):
        if only is not None and label != only:
            continue
        for place, city in _PLACES:
            name = f"{label}-{place.lower()}"
            lines = [line.format(place=place, city=city) for line in template]
            (folder / "articles" / f"{name}.txt").write_text("\n".join(lines) + "\n")
            tags = [label] * 5 + ["context"] if label != "context" else ["context"] * 6
            labels[name] = {"source": "https://example.org/" + name, "labels": tags}
    (folder / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    return folder


def test_training_learns_the_themes_and_keeps_rare_words_out(tmp_path: Path) -> None:
    model = train([_corpus(tmp_path / "corpus")])
    assert dict(model.trained_on) == {"corpus": 12}
    # every article's words occur four times (one per place); a place name occurs in
    # three articles (one per theme), a city likewise: all reach min_articles = 3
    names = set(model.paragraph.weights)
    assert "word:exiles" in names
    assert "word:norland" in names
    assert "word:shells" in names
    assert {"own:diaspora", "before:ukraine", "article:context", "position"} <= names
    taxonomy = load_taxonomy()
    matcher = shared_matcher(taxonomy)
    for template, label in ((_EXILE, "diaspora"), (_WAR, "ukraine"), (_NEWS, "context")):
        texts = [line.format(place="Valdria", city="Ghent") for line in template]
        scores = [found_by_section(matcher, text)[0] for text in texts]
        features = article_features(article_words(texts), scores, None, taxonomy.named_ids)
        verdict = model.article.probabilities(features)
        assert max(verdict, key=verdict.__getitem__) == label


def test_a_word_from_fewer_articles_than_min_articles_gets_no_weight(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    path = corpus / "articles" / "diaspora-norland.txt"
    path.write_text(path.read_text().replace("every night", "every quixotic night"))
    model = train([corpus])
    assert "word:quixotic" not in model.paragraph.weights
    assert "word:quixotic" not in model.article.weights


def test_the_same_corpora_give_the_same_bytes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    first = model_bytes(train([corpus]))
    assert first == model_bytes(train([corpus]))
    data = json.loads(first)
    assert data["format"] == FORMAT
    assert data["trained_on"] == [{"corpus": "corpus", "articles": 12}]
    assert list(data["article"]["weights"]) == sorted(data["article"]["weights"])


def test_one_theme_is_too_little_to_learn_from(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="too few labelled articles"):
        train([_corpus(tmp_path / "corpus", only="diaspora")])


def test_the_train_command_writes_checks_and_reports(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    output = tmp_path / "model.json"
    result = runner.invoke(app, ["train", str(corpus), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "trained on corpus (12 articles)" in result.stderr
    assert output.read_bytes() == model_bytes(train([corpus]))
    check = runner.invoke(app, ["train", str(corpus), "-o", str(output), "--check"])
    assert check.exit_code == 0
    labels = json.loads((corpus / "labels.json").read_text())
    labels["diaspora-norland"]["labels"][2] = "context"
    (corpus / "labels.json").write_text(json.dumps(labels))
    stale = runner.invoke(app, ["train", str(corpus), "-o", str(output), "--check"])
    assert stale.exit_code == int(ExitCode.BELOW_TARGET)
    assert "out of date" in stale.stderr
    missing = runner.invoke(app, ["train", str(tmp_path / "nowhere"), "-o", str(output)])
    assert missing.exit_code == int(ExitCode.BAD_INPUT)
    assert "Traceback" not in missing.output


@pytest.mark.slow
def test_the_shipped_model_is_what_the_repository_s_corpus_trains() -> None:
    """The model file in formatter/data is rebuilt by the command in the README."""
    model = default_taxonomy_path().parent / "sections-model.json"
    result = runner.invoke(
        app,
        [
            "train",
            str(ROOT / "tests" / "corpus" / "tune"),
            str(ROOT / "tests" / "fixtures" / "seed-corpus"),
            "--output",
            str(model),
            "--check",
        ],
    )
    assert result.exit_code == 0, result.output


def test_the_seed_corpus_is_the_seed() -> None:
    copy = (
        ROOT / "tests" / "fixtures" / "seed-corpus" / "articles" / "belarus-threat-assessment.txt"
    )
    assert copy.read_bytes() == (ROOT / "seeds" / "belarus-threat-assessment.txt").read_bytes()
