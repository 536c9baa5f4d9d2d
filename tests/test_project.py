"""The project file: found walking up, its keys, command-line overrides, --print-config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formatter.errors import UsageError
from formatter.project import CommandLine, configure, find
from tests.projects import briefing, error_lines, make_project

NAME = "belarus-threat-assessment"


def test_without_a_project_file_the_defaults_build_seeds_into_dist(tmp_path: Path) -> None:
    make_project(tmp_path)
    config = configure(CommandLine(), tmp_path)
    assert config.project is None
    assert config.inputs.shown == ("seeds/*.txt", "seeds/*.docx")
    assert config.origins == {
        "inputs": "default",
        "out": "default",
        "formats": "default",
        "style": "default",
        "taxonomy": "default",
        "marking": "default",
        "jobs": "default",
    }
    done = briefing("build", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        ".briefing-manifest.json",
        f"{NAME}.docx",
        f"{NAME}.md",
        f"{NAME}.pdf",
    ]


def test_build_with_no_arguments_builds_the_project_it_is_in_from_a_subfolder(
    tmp_path: Path,
) -> None:
    make_project(
        tmp_path,
        articles=2,
        project_file=(
            'inputs = ["seeds/*.txt"]\nout = "site/briefings"\nformats = ["md", "json"]\n'
            'marking = "TLP:GREEN"\n'
        ),
    )
    (tmp_path / "notes" / "deep").mkdir(parents=True)
    done = briefing("build", cwd=tmp_path / "notes" / "deep")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "site" / "briefings"
    assert sorted(p.name for p in out.iterdir()) == [
        ".briefing-manifest.json",
        "article-01.json",
        "article-01.md",
        f"{NAME}.json",
        f"{NAME}.md",
    ]
    # paths in messages are relative to where the command ran
    assert f"written   ../../site/briefings/{NAME}.md" in done.stdout
    data = json.loads((out / f"{NAME}.json").read_text(encoding="utf-8"))
    assert data["marking"] == "TLP:GREEN"  # the project's marking beats the sidecar's


def test_command_line_options_override_the_project_file(tmp_path: Path) -> None:
    make_project(tmp_path, project_file='out = "public"\nformats = ["md"]\njobs = 1\n')
    config = configure(CommandLine(out=Path("elsewhere"), formats="json"), tmp_path)
    assert (config.out, config.formats, config.jobs) == (Path("elsewhere"), "json", 1)
    assert config.origins["out"] == config.origins["formats"] == "command line"
    assert config.origins["jobs"].endswith("briefing.toml")


def test_pyproject_tool_table_is_a_project_and_a_pyproject_without_it_is_not(
    tmp_path: Path,
) -> None:
    make_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.briefing]\nformats = ["json"]\nout = "o"\n',
        encoding="utf-8",
    )
    project = find(tmp_path / "seeds")
    assert project is not None
    assert project.label == "pyproject.toml [tool.briefing]"
    done = briefing("build", "--print-config", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "formats   json  [pyproject.toml]" in done.stdout
    (tmp_path / "briefing.toml").write_text('out = "x"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="keep one"):
        find(tmp_path)


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text('out = "outer"\n', encoding="utf-8")
    inner = tmp_path / "repo"
    (inner / ".git").mkdir(parents=True)
    assert find(inner) is None
    assert find(tmp_path / "other") is not None or not (tmp_path / "other").exists()
    (tmp_path / "other").mkdir()
    found = find(tmp_path / "other")
    assert found is not None
    assert found.file == tmp_path / "briefing.toml"


def test_print_config_shows_every_setting_and_its_origin(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        project_file='inputs = ["seeds/*.txt"]\nstyle = "plain"\nmarking = "none"\n',
    )
    done = briefing("build", "--print-config", "--format", "md", "-j", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "project   briefing.toml (briefing.toml)"
    assert lines[1] == "inputs    seeds/*.txt (1 article(s))  [briefing.toml]"
    assert lines[2] == "out       dist  [default]"
    assert lines[3] == "formats   md  [command line]"
    assert lines[4].startswith("style     plain -> ")
    assert lines[4].endswith("plain.toml  [briefing.toml]")
    assert lines[5].startswith("taxonomy  ")
    assert lines[5].endswith("taxonomy.toml (built-in)  [default]")
    assert lines[6] == "marking   none  [briefing.toml]"
    assert lines[7] == "jobs      2  [command line]"
    assert not (tmp_path / "dist").exists()  # printing the settings builds nothing


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('output = "dist"\n', "output: unknown key (known: inputs, out, formats"),
        ('inputs = "seeds/*.txt"\n', "inputs: expected a list of globs, got str"),
        ("formats = []\n", "formats: expected a list of formats (non-empty, strings)"),
        ("jobs = -1\n", "jobs: must be 0 (one per core) or more"),
        ("jobs = true\n", "jobs: expected a whole number, got bool"),
        ('out = "dist\n', "invalid TOML"),
        ('formats = ["md", "odt"]\n', "--format: unknown format 'odt'"),
        ('style = "fancy"\n', "fancy: unknown theme"),
        ('inputs = ["articles/*.txt"]\n', "articles/*.txt: no articles match"),
    ],
)
def test_a_bad_project_file_is_one_line_and_a_usage_error(
    tmp_path: Path, content: str, message: str
) -> None:
    make_project(tmp_path, project_file=content)
    done = briefing("build", "-q", cwd=tmp_path)
    assert done.returncode == (4 if "theme" in message else 2), done.stderr
    assert len(error_lines(done)) == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_project_paths_are_relative_to_the_project_file(tmp_path: Path) -> None:
    make_project(tmp_path, project_file='inputs = ["seeds/*.txt"]\ntaxonomy = "tax/mine.toml"\n')
    (tmp_path / "tax").mkdir()
    done = briefing("taxonomy", "--copy", "tax/mine.toml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    from formatter.resources import default_taxonomy_path

    assert (tmp_path / "tax" / "mine.toml").read_bytes() == default_taxonomy_path().read_bytes()
    (tmp_path / "sub").mkdir()
    shown = briefing("taxonomy", cwd=tmp_path / "sub")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == "taxonomy  ../tax/mine.toml (project)"
    assert shown.stdout.splitlines()[1].split()[0] == "diaspora"
