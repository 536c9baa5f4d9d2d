"""Themes and taxonomies a project owns: lookup in its styles/ first, `briefing styles`,
--copy, and --check going stale when a theme, the taxonomy or a sidecar changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from formatter.errors import OutputError, ThemeError
from formatter.library import catalogue, copy_theme, locate_theme
from formatter.resources import builtin_styles_dir, default_taxonomy_path
from formatter.theme import load_theme, source_files
from tests.projects import briefing, error_lines, make_project

NAME = "belarus-threat-assessment"


def _installed(name: str) -> Path:
    return builtin_styles_dir() / f"{name}.toml"


def test_a_theme_name_resolves_to_the_projects_styles_first(tmp_path: Path) -> None:
    make_project(tmp_path)
    assert locate_theme("briefing", tmp_path, tmp_path) == _installed("briefing")
    (tmp_path / "styles").mkdir()
    own = tmp_path / "styles" / "briefing.toml"
    own.write_text(_installed("briefing").read_text(encoding="utf-8"), encoding="utf-8")
    assert locate_theme("briefing", tmp_path, tmp_path) == own
    assert locate_theme("plain", tmp_path, tmp_path) == _installed("plain")
    with pytest.raises(ThemeError, match=r"unknown theme \(available: briefing, plain\)"):
        locate_theme("fancy", tmp_path, tmp_path)


def test_styles_lists_each_name_with_the_file_it_resolves_to(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "brand.toml").write_text(
        'extends = "briefing"\nname = "brand"\ndescription = "Our colours"\n', encoding="utf-8"
    )
    (tmp_path / "styles" / "briefing.toml").write_text(
        'extends = "briefing"\nname = "briefing"\ndescription = "Ours"\n', encoding="utf-8"
    )
    done = briefing("styles", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["brand", "briefing", "plain"]
    assert lines[0] == "brand        styles/brand.toml (project)  Our colours"
    assert lines[1] == (
        "briefing     styles/briefing.toml (project, replaces the installed one)  Ours"
    )
    assert f"{_installed('plain')} (installed)" in lines[2] or "plain.toml (installed)" in lines[2]
    # a project theme that extends the name it replaces extends the installed theme
    assert source_files(str(tmp_path / "styles" / "briefing.toml")) == (
        (tmp_path / "styles" / "briefing.toml").resolve(),
        _installed("briefing"),
    )
    assert [entry.name for entry in catalogue(tmp_path)] == ["brand", "briefing", "plain"]


def test_styles_copy_and_taxonomy_copy_start_your_own(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "styles").mkdir()
    done = briefing("styles", "--copy", "plain", "styles", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "styles" / "plain.toml").read_bytes() == _installed("plain").read_bytes()
    assert "copied " in done.stderr
    again = briefing("styles", "--copy", "plain", "styles/plain.toml", cwd=tmp_path)
    assert again.returncode == 5
    assert error_lines(again) == [
        "error: styles/plain.toml: already exists: choose another name or remove it first"
    ]
    printed = briefing("styles", "--copy", "briefing", "-", cwd=tmp_path)
    assert printed.stdout == _installed("briefing").read_text(encoding="utf-8")
    unknown = briefing("styles", "--copy", "fancy", "x.toml", cwd=tmp_path)
    assert unknown.returncode == 4
    assert not (tmp_path / "x.toml").exists()
    taxonomy = briefing("taxonomy", "--copy", ".", cwd=tmp_path)
    assert taxonomy.returncode == 0, taxonomy.stderr
    assert (tmp_path / "taxonomy.toml").read_bytes() == default_taxonomy_path().read_bytes()
    printed = briefing("taxonomy", "--copy", "-", cwd=tmp_path)
    assert printed.stdout == default_taxonomy_path().read_text(encoding="utf-8")
    with pytest.raises(OutputError, match="its folder does not exist"):
        copy_theme("briefing", str(tmp_path / "nowhere" / "b.toml"), tmp_path)


def test_taxonomy_shows_the_file_in_use_and_its_sections() -> None:
    done = briefing("taxonomy", cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"taxonomy  .*formatter/data/taxonomy\.toml \(built-in\)", lines[0])
    assert lines[1] == "diaspora         Diaspora coercion"


def test_editing_the_projects_theme_takes_effect_and_makes_check_stale(tmp_path: Path) -> None:
    """The complaint of issue 16: after `pip install .`, editing styles/briefing.toml in
    the repository changed nothing. The project's copy is now the one a build uses."""
    make_project(tmp_path, project_file='formats = ["docx", "pdf", "md"]\n')
    (tmp_path / "styles").mkdir()
    assert briefing("styles", "--copy", "briefing", "styles", cwd=tmp_path).returncode == 0
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    assert briefing("build", "--check", "-q", cwd=tmp_path).returncode == 0
    theme = tmp_path / "styles" / "briefing.toml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(text.replace('heading = "#14365D"', 'heading = "#8B0000"'), encoding="utf-8")
    assert load_theme(str(theme)).colors.heading.hex == "8B0000"
    check = briefing("build", "--check", cwd=tmp_path)
    assert check.returncode == 1
    assert f"stale     dist/{NAME}.docx" in check.stdout
    assert f"stale     dist/{NAME}.pdf" in check.stdout
    assert f"up to date dist/{NAME}.md" in check.stdout  # Markdown has no colours
    built = briefing("build", cwd=tmp_path)
    assert f"written   dist/{NAME}.docx" in built.stdout
    from docx import Document

    styles = Document(str(tmp_path / "dist" / f"{NAME}.docx")).styles
    assert str(styles["Heading 1"].font.color.rgb) == "8B0000"
    assert briefing("build", "--check", "-q", cwd=tmp_path).returncode == 0


def test_a_taxonomy_or_sidecar_change_makes_check_stale(tmp_path: Path) -> None:
    make_project(tmp_path, project_file='formats = ["md", "json"]\ntaxonomy = "taxonomy.toml"\n')
    assert briefing("taxonomy", "--copy", "taxonomy.toml", cwd=tmp_path).returncode == 0
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    taxonomy = tmp_path / "taxonomy.toml"
    text = taxonomy.read_text(encoding="utf-8")
    assert 'title = "Diaspora coercion"' in text
    taxonomy.write_text(text.replace('title = "Diaspora coercion"', 'title = "Diaspora"'))
    check = briefing("build", "--check", cwd=tmp_path)
    assert check.returncode == 1
    assert f"stale     dist/{NAME}.md" in check.stdout
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    assert "## Diaspora\n" in (tmp_path / "dist" / f"{NAME}.md").read_text(encoding="utf-8")
    sidecar = tmp_path / "seeds" / f"{NAME}.toml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8") + 'marking = "TLP:RED"\n', encoding="utf-8"
    )
    check = briefing("build", "--check", cwd=tmp_path)
    assert check.returncode == 1
    assert f"stale     dist/{NAME}.json" in check.stdout
