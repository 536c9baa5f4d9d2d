"""Building many inputs: check mode, sharding, parallel jobs, reproducibility."""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from formatter import build
from formatter.build import Settings, Shard, Status, orphans, plan, run
from formatter.errors import ExitCode, RenderError, UsageError
from formatter.writers import WRITERS, parse_formats
from tests import seed_facts
from tests.conftest import REPO, SEED

TEXT_FORMATS = parse_formats("md,json")


def _available_formats() -> str:
    """Every format whose writer module exists (DOCX and PDF included once they land)."""
    names = [name for name, spec in WRITERS.items() if _importable(spec.module)]
    return ",".join(names)


def _importable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _articles(folder: Path, count: int) -> list[str]:
    """``count`` distinct small articles derived from the seed."""
    seed = SEED.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"article-{number:03d}.txt"
        path.write_text(f"Dispatch number {number} on the assessment.\n{seed}", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_check_reports_fresh_stale_and_missing_files_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    targets = plan([str(SEED)])
    built = run(targets, Settings(out, TEXT_FORMATS), jobs=1)
    assert [f.status for f in built[0].files] == [Status.WRITTEN, Status.WRITTEN]

    again = run(targets, Settings(out, TEXT_FORMATS), jobs=1)
    assert [f.status for f in again[0].files] == [Status.UNCHANGED, Status.UNCHANGED]

    md = out / f"{seed_facts.STEM}.md"
    md.write_text(md.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (out / f"{seed_facts.STEM}.json").unlink()
    before = sorted(p.name for p in out.iterdir())
    checked = run(targets, Settings(out, TEXT_FORMATS, check=True), jobs=1)
    assert [(f.path.name, f.status) for f in checked[0].files] == [
        (f"{seed_facts.STEM}.md", Status.STALE),
        (f"{seed_facts.STEM}.json", Status.MISSING),
    ]
    assert sorted(p.name for p in out.iterdir()) == before
    assert md.read_text(encoding="utf-8").endswith("edited\n")


def test_orphans_are_outputs_no_input_produces(tmp_path: Path) -> None:
    (tmp_path / "gone.md").write_text("old\n", encoding="utf-8")
    (tmp_path / f"{seed_facts.STEM}.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not ours\n", encoding="utf-8")
    found = orphans(tmp_path, plan([str(SEED)]), TEXT_FORMATS)
    assert [p.name for p in found] == ["gone.md"]


def test_cli_check_exit_codes(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    command = [sys.executable, "-m", "formatter", "build", "-f", "md", "-q"]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}

    def call(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *extra],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    missing = call("--check")
    assert missing.returncode == 1
    assert f"missing   dist/{seed_facts.STEM}.md" in missing.stdout
    assert not (tmp_path / "dist").exists()
    assert call().returncode == 0
    assert call("--check").returncode == 0
    (tmp_path / "dist" / "old-article.md").write_text("stale\n", encoding="utf-8")
    orphaned = call("--check")
    assert orphaned.returncode == 1
    assert "orphaned  dist/old-article.md" in orphaned.stdout


def test_shards_partition_the_inputs_and_their_union_is_the_whole_build(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "in", 12)
    everything = plan(paths)
    shards = [plan(paths, shard=Shard(k, 3)) for k in (1, 2, 3)]
    names = [t.name for shard in shards for t in shard]
    assert sorted(names) == sorted(t.name for t in everything)
    assert len(names) == len(set(names))
    assert all(shards)  # 12 names spread over 3 shards: none empty
    # adding an article never moves another to a different shard
    more = plan([*paths, str(tmp_path / "in" / "zz-new.txt")], shard=Shard(2, 3))
    assert [t.name for t in more if t.name != "zz-new"] == [t.name for t in shards[1]]


def test_shard_parsing() -> None:
    assert Shard.parse("2/4") == Shard(2, 4)
    for bad in ("0/3", "4/3", "x", "1/0", "1-2"):
        with pytest.raises(UsageError):
            Shard.parse(bad)


def test_parallel_build_gives_the_same_files_as_a_serial_one(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "in", 6)
    formats = parse_formats(_available_formats())
    serial = run(plan(paths), Settings(tmp_path / "serial", formats), jobs=1)
    parallel = run(plan(paths), Settings(tmp_path / "parallel", formats), jobs=2)
    assert [r.target for r in serial] == [r.target for r in parallel]
    for left in sorted((tmp_path / "serial").iterdir()):
        assert left.read_bytes() == (tmp_path / "parallel" / left.name).read_bytes(), left.name


def test_warm_up_loads_the_writers_caches_and_writes_nothing(tmp_path: Path) -> None:
    """Before forking workers the parent renders a tiny briefing in memory, so the
    workers inherit registered fonts and the hyphenation dictionary."""
    out = tmp_path / "out"
    script = (
        "import sys; from pathlib import Path; from formatter.build import Settings, warm_up; "
        "from formatter.writers import parse_formats; "
        "warm_up(Settings(Path(sys.argv[1]), parse_formats('docx,pdf,md,json'))); "
        "from formatter.writers.pdf import document as pdf, fonts as pdf_fonts; "
        "print(len(pdf_fonts._registered), sorted(pdf._HYPHENATORS))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(out)], capture_output=True, text=True, check=True
    )
    registered, hyphenators = done.stdout.split(maxsplit=1)
    assert int(registered) >= 2  # body and heading faces at least
    assert hyphenators.strip() == "['en-GB']"
    assert not out.exists()


def test_warm_up_leaves_errors_to_the_build(tmp_path: Path) -> None:
    from formatter.build import warm_up

    warm_up(Settings(tmp_path / "out", parse_formats("pdf"), theme="no-such-theme"))
    assert not (tmp_path / "out").exists()


def test_a_single_input_renders_docx_in_a_child_with_the_same_bytes(tmp_path: Path) -> None:
    """With two cores and one input, a forked child renders the DOCX while the build
    process renders the PDF: that process never imports python-docx, and the files are
    those of a one-process build."""
    script = (
        "import sys; from pathlib import Path; from formatter.build import Settings, plan, run; "
        "from formatter.writers import parse_formats; "
        "jobs = int(sys.argv[3]); "
        "run(plan([sys.argv[1]]), Settings(Path(sys.argv[2]), parse_formats('docx,pdf,md')), "
        "jobs=jobs); print('docx' in sys.modules, 'reportlab' in sys.modules)"
    )
    imported = {}
    for jobs in (1, 2):
        done = subprocess.run(
            [sys.executable, "-c", script, str(SEED), str(tmp_path / f"jobs{jobs}"), str(jobs)],
            capture_output=True,
            text=True,
            check=True,
        )
        imported[jobs] = done.stdout.split()
    assert imported == {1: ["True", "True"], 2: ["False", "True"]}
    for left in sorted((tmp_path / "jobs1").iterdir()):
        assert left.read_bytes() == (tmp_path / "jobs2" / left.name).read_bytes(), left.name


def test_a_failing_child_leaves_the_docx_to_the_build_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from formatter import build, forked
    from formatter.writers import docx

    formats = parse_formats("docx,pdf")
    serial = run(plan([str(SEED)]), Settings(tmp_path / "serial", formats), jobs=1)
    parent = os.getpid()
    original = docx.render

    def dies_in_a_child(briefing: object, theme: object) -> bytes:
        if os.getpid() != parent:
            os._exit(3)
        return original(briefing, theme)  # type: ignore[arg-type]

    started = []
    real_start = forked.start

    def start(*args: object) -> object:
        started.append(real_start(*args))  # type: ignore[arg-type]
        return started[-1]

    monkeypatch.setattr(docx, "render", dies_in_a_child)
    monkeypatch.setattr(forked, "start", start)
    (tmp_path / "split").mkdir()
    split = build.process(plan([str(SEED)])[0], Settings(tmp_path / "split", formats), True)
    assert split.error is None
    assert [f.status for f in split.files] == [f.status for f in serial[0].files]
    for left in sorted((tmp_path / "serial").iterdir()):
        assert left.read_bytes() == (tmp_path / "split" / left.name).read_bytes(), left.name
    assert len(started) == 1
    assert started[0] is not None  # a child was started (and died)

    def fails(briefing: object, theme: object) -> bytes:
        raise RenderError("seed.txt", "cannot lay out the DOCX")

    monkeypatch.setattr(docx, "render", fails)
    failed = build.process(plan([str(SEED)])[0], Settings(tmp_path / "failed", formats), True)
    assert failed.error is not None
    assert "cannot lay out the DOCX" in failed.error
    assert failed.exit_code is RenderError("x", "y").exit_code


def test_one_failing_input_does_not_stop_the_others(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "in", 2)
    empty = tmp_path / "in" / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    results = run(plan([paths[0], str(empty), paths[1]]), Settings(tmp_path / "o", TEXT_FORMATS), 2)
    assert [r.error for r in results] == [None, "empty.txt: empty: no text to brief", None]
    assert results[1].exit_code == 3
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "article-000.json",
        "article-000.md",
        "article-001.json",
        "article-001.md",
    ]


def test_same_output_name_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with pytest.raises(UsageError, match="same output name 'x'"):
        plan([str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")])


@pytest.mark.slow
def test_builds_are_byte_identical_across_directories_time_zones_and_locales(
    tmp_path: Path,
) -> None:
    formats = _available_formats()
    assert formats == "docx,pdf,md,json"
    variants = {
        "plain": {},
        "tz-locale": {"TZ": "Pacific/Kiritimati", "LANG": "de_DE.UTF-8", "LC_ALL": "C.UTF-8"},
        "epoch": {"SOURCE_DATE_EPOCH": "1700000000", "TZ": "America/Caracas"},
    }
    outputs: dict[str, dict[str, bytes]] = {}
    for name, extra in variants.items():
        work = tmp_path / name / "deeper"
        work.mkdir(parents=True)
        shutil.copy(SEED, work / SEED.name)
        shutil.copy(SEED.with_suffix(".toml"), work / SEED.with_suffix(".toml").name)
        environment = {**os.environ, "PYTHONPATH": str(REPO), **extra}
        if name != "epoch":
            environment.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "formatter", "build", SEED.name, "-f", formats, "-o", "o", "-q"],
            cwd=work,
            env=environment,
            check=True,
        )
        outputs[name] = {p.name: p.read_bytes() for p in sorted((work / "o").iterdir())}
    assert outputs["plain"] == outputs["tz-locale"] == outputs["epoch"]
    for data in outputs["plain"].values():
        assert str(tmp_path).encode() not in data
        assert b"/root" not in data
        assert b"/home/" not in data


@pytest.mark.parametrize("writer", ["docx", "pdf"])
def test_a_bug_inside_a_writer_exits_70_and_names_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str
) -> None:
    """Not 5 ("cannot write"): that code is about the output location."""
    module = importlib.import_module(f"formatter.writers.{writer}.document")

    def broken(*_: object) -> bytes:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(module, "plan", broken)
    settings = Settings(tmp_path / "out", parse_formats(writer))
    (tmp_path / "out").mkdir()
    result = build.process(plan([str(SEED)])[0], settings)
    assert result.exit_code == ExitCode.INTERNAL == 70
    assert result.error is not None
    assert result.error.startswith(f"{SEED.name}: ")
    assert "ZeroDivisionError: division by zero" in result.error
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 12])
def test_shards_are_balanced_and_the_same_for_any_input_order(tmp_path: Path, count: int) -> None:
    """The rule: sort by output name, deal round-robin. Sizes differ by one at most and
    no shard is empty while there are as many inputs as shards (hash sharding gave
    `--shard 2/3` nothing and `1/2` all three of three inputs)."""
    paths = _articles(tmp_path / "in", count)
    for shards in (2, 3, 4):
        split = [
            [t.name for t in plan(paths, shard=Shard(k, shards))] for k in range(1, 1 + shards)
        ]
        sizes = sorted(len(names) for names in split)
        assert sizes[-1] - sizes[0] <= 1, split
        assert sum(sizes) == count
        assert sorted(n for names in split for n in names) == sorted(t.name for t in plan(paths))
        backwards = [
            sorted(t.name for t in plan(list(reversed(paths)), shard=Shard(k, shards)))
            for k in range(1, 1 + shards)
        ]
        assert backwards == [sorted(names) for names in split]
    three = _articles(tmp_path / "three", 3)
    assert [[t.name for t in plan(three, shard=Shard(k, 3))] for k in (1, 2, 3)] == [
        ["article-000"],
        ["article-001"],
        ["article-002"],
    ]


def test_the_union_of_shard_builds_is_the_full_build(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "in", 5)
    formats = parse_formats("md,json")
    run(plan(paths), Settings(tmp_path / "full", formats), jobs=1)
    for k in (1, 2, 3):
        run(plan(paths, shard=Shard(k, 3)), Settings(tmp_path / f"shard-{k}", formats), jobs=1)
    union: dict[str, bytes] = {}
    for k in (1, 2, 3):
        for path in (tmp_path / f"shard-{k}").iterdir():
            assert path.name not in union
            union[path.name] = path.read_bytes()
    full = {path.name: path.read_bytes() for path in (tmp_path / "full").iterdir()}
    assert union == full
