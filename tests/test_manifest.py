"""The output manifest: build removes its own orphans (and nothing else), --check reports
them, per shard too, and the shards together equal the whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from formatter.build import Settings, Shard, Status, plan, run
from formatter.manifest import MANIFEST_NAME, read, reconcile
from formatter.writers import parse_formats
from tests.projects import briefing, make_project, tree

FORMATS = 'formats = ["md", "json"]\n'


def _lines(stdout: str, status: str) -> list[str]:
    return sorted(line for line in stdout.splitlines() if line.startswith(status))


def test_the_manifest_records_each_output_with_its_article(tmp_path: Path) -> None:
    make_project(tmp_path, articles=2, project_file=FORMATS)
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    data = json.loads((tmp_path / "dist" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["schema"] == "briefing-formatter/manifest/1"
    assert data["outputs"] == {
        "article-01": {
            "input": "../seeds/article-01.txt",
            "files": ["article-01.json", "article-01.md"],
        },
        "belarus-threat-assessment": {
            "input": "../seeds/belarus-threat-assessment.txt",
            "files": ["belarus-threat-assessment.json", "belarus-threat-assessment.md"],
        },
    }
    # the same bytes wherever the project lives
    elsewhere = tmp_path.parent / f"{tmp_path.name}-moved" / "deeper"
    shutil.copytree(tmp_path, elsewhere)
    shutil.rmtree(elsewhere / "dist")
    assert briefing("build", "-q", cwd=elsewhere).returncode == 0
    assert tree(elsewhere / "dist") == tree(tmp_path / "dist")


def test_build_removes_the_outputs_of_a_deleted_article_and_check_turns_green(
    tmp_path: Path,
) -> None:
    make_project(tmp_path, articles=3, project_file=FORMATS)
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "dist" / "notes.txt").write_text("mine, not an output\n", encoding="utf-8")
    (tmp_path / "seeds" / "article-02.txt").unlink()
    check = briefing("build", "--check", cwd=tmp_path)
    assert check.returncode == 1
    assert _lines(check.stdout, "orphaned") == [
        "orphaned  dist/article-02.json (its article is gone: `briefing build` removes it)",
        "orphaned  dist/article-02.md (its article is gone: `briefing build` removes it)",
    ]
    assert "stale     dist/.briefing-manifest.json" in check.stdout
    assert check.stdout.splitlines()[-1] == (
        "checked 2 input(s): 2 orphaned, 1 stale, 4 up to date"
    )
    assert "error: output is stale: run `briefing build` and commit the result" in check.stderr
    built = briefing("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert _lines(built.stdout, "removed") == [
        "removed   dist/article-02.json",
        "removed   dist/article-02.md",
    ]
    assert built.stdout.splitlines()[-1] == "built 2 input(s): 2 removed, 4 unchanged"
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        ".briefing-manifest.json",
        "article-01.json",
        "article-01.md",
        "belarus-threat-assessment.json",
        "belarus-threat-assessment.md",
        "notes.txt",  # never listed, never touched
    ]
    assert briefing("build", "--check", "-q", cwd=tmp_path).returncode == 0


def test_an_unrecorded_output_is_reported_with_what_to_do(tmp_path: Path) -> None:
    make_project(tmp_path, project_file=FORMATS)
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    stray = tmp_path / "dist" / "from-before.md"
    stray.write_text("an old briefing\n", encoding="utf-8")
    check = briefing("build", "--check", cwd=tmp_path)
    assert check.returncode == 1
    assert (
        "orphaned  dist/from-before.md (not in the manifest: `briefing build` never removes "
        "it; delete it by hand)" in check.stdout
    )
    assert "delete the files marked by hand" in check.stderr
    built = briefing("build", cwd=tmp_path)
    assert built.returncode == 0
    assert stray.exists()  # build removes only what it recorded
    stray.unlink()
    assert briefing("build", "--check", "-q", cwd=tmp_path).returncode == 0


def test_a_hand_edited_manifest_cannot_make_build_delete_anything_else(tmp_path: Path) -> None:
    make_project(tmp_path, project_file=FORMATS)
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    victim = tmp_path / "precious.md"
    victim.write_text("keep me\n", encoding="utf-8")
    manifest = tmp_path / "dist" / MANIFEST_NAME
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["outputs"]["precious"] = {"input": "x", "files": ["../precious.md", "precious.md"]}
    data["outputs"]["gone"] = {"input": "x", "files": ["belarus-threat-assessment.md"]}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert read(tmp_path / "dist")["precious"]["files"] == ["precious.md"]
    assert read(tmp_path / "dist")["gone"]["files"] == []
    built = briefing("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert (tmp_path / "dist" / "belarus-threat-assessment.md").exists()
    assert sorted(read(tmp_path / "dist")) == ["belarus-threat-assessment"]


def test_files_named_on_the_command_line_leave_the_manifest_alone(tmp_path: Path) -> None:
    make_project(tmp_path, articles=2, project_file=FORMATS)
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    before = (tmp_path / "dist" / MANIFEST_NAME).read_bytes()
    done = briefing("build", "seeds/article-01.txt", "-o", "dist", "-f", "md", cwd=tmp_path)
    assert done.returncode == 0
    assert (tmp_path / "dist" / MANIFEST_NAME).read_bytes() == before
    one_off = briefing("build", "seeds/article-01.txt", "-o", "single", cwd=tmp_path)
    assert one_off.returncode == 0
    assert not (tmp_path / "single" / MANIFEST_NAME).exists()


def test_shard_checks_together_equal_the_full_check(tmp_path: Path) -> None:
    """Orphans are dealt among shards like the inputs: every problem the unsharded check
    reports is reported by exactly one shard's check."""
    make_project(tmp_path, articles=7, project_file=FORMATS)
    assert briefing("build", "-q", cwd=tmp_path).returncode == 0
    for number in (2, 3, 5):
        (tmp_path / "seeds" / f"article-{number:02d}.txt").unlink()
    (tmp_path / "dist" / "by-hand.md").write_text("x\n", encoding="utf-8")
    stale = tmp_path / "dist" / "article-01.md"
    stale.write_text("edited\n", encoding="utf-8")

    def problems(stdout: str) -> list[str]:
        return sorted(
            line
            for line in stdout.splitlines()
            if line.startswith(("orphaned", "stale", "missing")) and MANIFEST_NAME not in line
        )

    full = briefing("build", "--check", cwd=tmp_path)
    assert full.returncode == 1
    assert len(problems(full.stdout)) == 8  # 3 articles x 2 files, by-hand.md, article-01.md
    parts: list[str] = []
    for k in (1, 2, 3):
        shard = briefing("build", "--check", "--shard", f"{k}/3", cwd=tmp_path)
        found = problems(shard.stdout)
        assert shard.returncode == (1 if found else 0), shard.stdout
        parts += found
    assert sorted(parts) == problems(full.stdout)
    # and the shards' builds together clean up what the full build would
    for k in (1, 2, 3):
        assert briefing("build", "-q", "--shard", f"{k}/3", cwd=tmp_path).returncode == 0
    stale.unlink()  # restored by nobody: article-01 is rebuilt by its shard
    check = briefing("build", "--check", cwd=tmp_path)
    assert _lines(check.stdout, "orphaned") == [
        "orphaned  dist/by-hand.md (not in the manifest: `briefing build` never removes it; "
        "delete it by hand)"
    ]
    assert _lines(check.stdout, "missing") == ["missing   dist/article-01.md"]


def test_reconcile_in_check_mode_writes_nothing(tmp_path: Path) -> None:
    make_project(tmp_path)
    seeds = sorted(str(p) for p in (tmp_path / "seeds").glob("*.txt"))
    formats = parse_formats("md")
    out = tmp_path / "out"
    settings = Settings(out, formats, check=True)
    results = run(plan(seeds), settings, jobs=1)
    found = reconcile(
        out, plan(seeds), results, formats, shard=Shard(1, 1), corpus=True, check=True
    )
    assert [(f.path.name, f.status) for f in found.files] == [(MANIFEST_NAME, Status.MISSING)]
    assert found.stale
    assert not out.exists()
