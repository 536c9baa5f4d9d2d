"""`briefing evaluate`: metrics on a small labelled corpus written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formatter.cli import app
from formatter.errors import InputError
from formatter.evaluate import evaluate

runner = CliRunner()

ARTICLE = [
    "Exiles warned of a plot",  # a headline: the title, not scored
    "Police told two exiled dissidents living in London that agents of their home "
    "country's intelligence service were plotting to harm them.",  # the summary
    "The men said the threats began after they criticised the government from abroad, "
    "and that relatives at home were questioned by the security service.",
    "Officers advised them to vary their routes and install alarms.",
    "Separately, the country's central bank raised interest rates by half a point.",
    "Exports of coffee rose for a third year, the trade ministry said.",
]
LABELS = ["diaspora", "diaspora", "diaspora", "diaspora", "context", "context"]


def _corpus(tmp_path: Path, labels: list[str] = LABELS, ambiguous: list[int] = ()) -> Path:  # type: ignore[assignment]
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "articles" / "exiles.txt").write_text("\n".join(ARTICLE) + "\n", encoding="utf-8")
    (corpus / "articles" / "sport.txt").write_text(
        "The home side won the derby after a late attack down the left wing.\n"
        "Fans crossed the border in their thousands for the match.\n"
        "The manager said the campaign was far from over.\n",
        encoding="utf-8",
    )
    data = {
        "exiles": {
            "source": "https://example.org/a",
            "labels": labels,
            "ambiguous": list(ambiguous),
        },
        "sport": {"source": "https://example.org/b", "labels": ["context"] * 3},
    }
    (corpus / "labels.json").write_text(json.dumps(data), encoding="utf-8")
    return corpus


def test_scores_body_paragraphs_only_and_counts_what_it_left_out(tmp_path: Path) -> None:
    result = evaluate(_corpus(tmp_path))
    # exiles: headline and summary left out -> 4 scored; sport: summary left out -> 2
    assert result.paragraphs == 6
    assert result.excluded["title"] == 1
    assert result.excluded["summary"] == 2
    assert result.articles["sport"][1] == 2
    assert result.off_topic == {"sport": True}


def test_metrics_follow_the_confusion_matrix(tmp_path: Path) -> None:
    result = evaluate(_corpus(tmp_path))
    right = sum(result.confusion[s][s] for s in result.sections)
    assert result.accuracy == pytest.approx(right / result.paragraphs)
    per = result.per_section()
    row = per["context"]
    predicted = sum(result.confusion[s]["context"] for s in result.sections)
    assert row["precision"] == pytest.approx(
        result.confusion["context"]["context"] / predicted, abs=1e-4
    )
    assert per["ukraine"]["support"] == 0
    data = result.to_dict(worst=5)
    assert set(data) >= {"accuracy", "paragraphs", "per_section", "confusion", "macro_f1"}
    assert 0.0 <= data["accuracy"] <= 1.0


def test_mislabelled_paragraphs_are_listed_with_the_tools_reason(tmp_path: Path) -> None:
    wrong = ["diaspora", "diaspora", "ukraine", "diaspora", "context", "context"]
    result = evaluate(_corpus(tmp_path, wrong))
    miss = next(m for m in result.misses if m.line == 2)
    assert (miss.expected, miss.predicted) == ("ukraine", "diaspora")
    assert miss.reason.startswith("cues:")
    assert miss.article == "exiles"


def test_ambiguous_lines_are_not_scored(tmp_path: Path) -> None:
    plain = evaluate(_corpus(tmp_path / "a"))
    marked = evaluate(_corpus(tmp_path / "b", ambiguous=[2, 3]))
    assert marked.paragraphs == plain.paragraphs - 2
    assert marked.excluded["ambiguous"] == 2


def test_command_prints_the_report_and_json(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    result = runner.invoke(app, ["evaluate", str(corpus)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("accuracy ")
    assert "confusion (rows: labelled, columns: chosen)" in result.stdout
    result = runner.invoke(app, ["evaluate", str(corpus), "--json"])
    data = json.loads(result.stdout)
    assert data["paragraphs"] == 6
    assert set(data["per_section"]["diaspora"]) >= {"precision", "recall", "f1"}
    assert data["confusion"]["context"]["context"] >= 1


def test_min_accuracy_fails_with_exit_1(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, ["ukraine"] * 6)  # labels the tool cannot agree with
    result = runner.invoke(app, ["evaluate", str(corpus), "--min-accuracy", "0.99"])
    assert result.exit_code == 1
    assert "below 0.990" in result.stderr
    ok = runner.invoke(app, ["evaluate", str(corpus), "--min-accuracy", "0"])
    assert ok.exit_code == 0


def test_custom_taxonomy_is_measured(tmp_path: Path) -> None:
    taxonomy = tmp_path / "sport.toml"
    taxonomy.write_text(
        'fallback = "other"\nlede_section = "other"\nmin_score = 1\n'
        '[[sections]]\nid = "football"\ntitle = "Football"\n'
        '[sections.cues]\n"derby" = 2\n"match*" = 2\n"manager" = 2\n'
        '[[sections]]\nid = "other"\ntitle = "Other"\n',
        encoding="utf-8",
    )
    corpus = tmp_path / "c"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "articles" / "a.txt").write_text(
        "A derby report with no news in its first line at all.\n"
        "Fans crossed the border for the match.\nThe manager was pleased.\n"
        "Coffee exports rose.\n",
        encoding="utf-8",
    )
    (corpus / "labels.json").write_text(
        json.dumps({"a": {"source": "x", "labels": ["football", "football", "football", "other"]}}),
        encoding="utf-8",
    )
    result = evaluate(corpus, taxonomy)
    assert result.sections == ("football", "other")
    assert result.accuracy == 1.0
    assert result.paragraphs == 3


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda c: (c / "labels.json").unlink(), "no labels.json"),
        (lambda c: (c / "labels.json").write_text("{", encoding="utf-8"), "cannot read"),
        (
            lambda c: (c / "labels.json").write_text(
                json.dumps({"sport": {"labels": ["nonsense"] * 3}}), encoding="utf-8"
            ),
            "nonsense is not a section",
        ),
        (
            lambda c: (c / "labels.json").write_text(
                json.dumps({"sport": {"labels": "context"}}), encoding="utf-8"
            ),
            "must be a list",
        ),
    ],
)
def test_bad_corpora_are_input_errors(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    corpus = _corpus(tmp_path)
    setup(corpus)
    with pytest.raises(InputError, match=message):
        evaluate(corpus)
    result = runner.invoke(app, ["evaluate", str(corpus)])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda c: (c / "articles" / "sport.txt").unlink(), "articles/sport.txt is missing"),
        (
            lambda c: (c / "articles" / "sport.txt").write_text("\n\n", encoding="utf-8"),
            "empty",
        ),
        (
            lambda c: (c / "articles" / "sport.txt").write_text(
                "One line.\nTwo lines.\nThree lines.\nFour lines, one label too many.\n",
                encoding="utf-8",
            ),
            "3 labels for 4 or more lines",
        ),
    ],
)
def test_an_article_that_cannot_be_scored_is_skipped_and_reported(
    tmp_path: Path,
    damage,
    reason: str,  # type: ignore[no-untyped-def]
) -> None:
    corpus = _corpus(tmp_path)
    damage(corpus)
    result = evaluate(corpus)
    assert [name for name, _ in result.skipped] == ["sport"]
    assert reason in result.skipped[0][1]
    assert set(result.articles) == {"exiles"}  # the other article is still measured
    shown = runner.invoke(app, ["evaluate", str(corpus)])
    assert shown.exit_code == 0
    assert "skipped sport: " in shown.stdout
    data = json.loads(runner.invoke(app, ["evaluate", str(corpus), "--json"]).stdout)
    assert data["skipped"][0]["article"] == "sport"
