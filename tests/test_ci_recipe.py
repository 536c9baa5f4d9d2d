"""The README's GitHub Actions workflows and the composite action in action.yml, run
locally step by step.

Each job runs, for every matrix value, in a fresh copy of the repository (the
"checkout"). ``run:`` steps are executed with bash exactly as written, after GitHub's
``${{ … }}`` expressions are filled in; ``uses:`` steps are the known actions: checkout
(the copy is the checkout), setup-python (a fresh virtual environment plays it),
upload-artifact (the uploaded folder is collected) and ``./`` (action.yml, whose own
steps run the same way). ``pip install`` really installs the copy, offline: without an
index, without build isolation (hatchling comes from the test environment) and without
dependencies (which the new environment sees through a ``.pth`` file).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from itertools import product
from pathlib import Path
from typing import Any

import pytest
import yaml

from formatter.manifest import MANIFEST_NAME
from tests.conftest import REPO
from tests.projects import briefing, tree

COPIED = ("formatter", "styles", "seeds", "dist", "pyproject.toml", "README.md", "briefing.toml")
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
KNOWN_ACTIONS = ("actions/checkout@v4", "actions/setup-python@v5", "actions/upload-artifact@v4")


def _readme_workflows() -> dict[str, dict[str, Any]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    workflows = [yaml.safe_load(block) for block in blocks if "\njobs:" in block]
    return {workflow["name"]: workflow for workflow in workflows}


class Job:
    """One job of a workflow for one matrix combination, in its own checkout."""

    def __init__(self, root: Path, matrix: dict[str, str], index: int) -> None:
        self.workspace = root / "workspace"
        self.temp = root / "runner-temp"
        self.temp.mkdir(parents=True)
        self.venv = root / "venv"
        self.matrix = matrix
        self.index = index
        self.outputs: dict[str, dict[str, str]] = {}
        self.artifacts: dict[str, Path] = {}
        self.python_ready = False
        for name in (*COPIED, "action.yml"):
            source = REPO / name
            target = self.workspace / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, target)
        (self.workspace / ".git").mkdir()

    def expand(self, text: str, context: dict[str, str]) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            if expression in context:
                return context[expression]
            if expression.startswith("matrix."):
                return self.matrix[expression.removeprefix("matrix.")]
            if expression == "strategy.job-index":
                return str(self.index)
            found = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
            if found:
                return self.outputs[found.group(1)][found.group(2)]
            pytest.fail(f"the test does not know the expression {expression!r}")

        return EXPRESSION.sub(value, text)

    def setup_python(self) -> None:
        """A fresh environment whose ``python`` sees the test environment's packages
        (pip, hatchling, the tool's dependencies) but not the tool itself."""
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", self.venv], check=True)
        purelib = subprocess.run(
            [
                self.venv / "bin" / "python",
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        Path(purelib, "test-environment.pth").write_text(
            sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
        )
        self.python_ready = True

    def environment(self, extra: dict[str, str]) -> dict[str, str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "VIRTUAL_ENV"}
        }
        environment.update(
            PATH=f"{self.venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            RUNNER_TEMP=str(self.temp),
            PIP_NO_INDEX="1",
            PIP_NO_BUILD_ISOLATION="0",  # pip's spelling of --no-build-isolation
            PIP_NO_DEPS="1",
            PIP_DISABLE_PIP_VERSION_CHECK="1",
        )
        environment.update(extra)
        return environment

    def run_steps(self, steps: list[dict[str, Any]], context: dict[str, str]) -> None:
        for step in steps:
            if "uses" in step:
                self.use(step, context)
                continue
            assert step.get("shell", "bash") == "bash"
            output = self.temp / f"output-{len(self.outputs)}-{step.get('id', 'step')}"
            output.write_text("", encoding="utf-8")
            env = {key: self.expand(str(v), context) for key, v in step.get("env", {}).items()}
            env["GITHUB_OUTPUT"] = str(output)
            env.update({key: value for key, value in context.items() if key.isupper()})
            script = self.expand(step["run"], context)
            assert self.python_ready or "pip" not in script, "Python is set up first"
            done = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", script],
                cwd=self.workspace,
                env=self.environment(env),
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
            assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
            if "id" in step:
                lines = output.read_text(encoding="utf-8").splitlines()
                self.outputs[step["id"]] = dict(line.split("=", 1) for line in lines if line)

    def use(self, step: dict[str, Any], context: dict[str, str]) -> None:
        action = step["uses"]
        given = {
            key: self.expand(str(value), context) for key, value in step.get("with", {}).items()
        }
        if action == "./":
            self.run_action(self.workspace, given, step.get("id"))
        elif action == "actions/setup-python@v5":
            self.setup_python()
        elif action == "actions/upload-artifact@v4":
            self.artifacts[given["name"]] = self.workspace / given["path"]
        else:
            assert action in KNOWN_ACTIONS, action  # checkout: the workspace is the checkout

    def run_action(self, path: Path, given: dict[str, str], step_id: str | None) -> None:
        action = yaml.safe_load((path / "action.yml").read_text(encoding="utf-8"))
        assert action["runs"]["using"] == "composite"
        unknown = set(given) - set(action["inputs"])
        assert not unknown, f"the action has no input {unknown}"
        context = {
            f"inputs.{name}": given.get(name, str(spec.get("default", "")))
            for name, spec in action["inputs"].items()
        }
        context["GITHUB_ACTION_PATH"] = str(path)
        context["runner.temp"] = str(self.temp)
        self.run_steps(action["runs"]["steps"], context)
        if step_id is not None:
            self.outputs[step_id] = {
                name: self.expand(spec["value"], context)
                for name, spec in action.get("outputs", {}).items()
            }


def _run_workflow(workflow: dict[str, Any], root: Path) -> list[Job]:
    ran = []
    for job_name, job in workflow["jobs"].items():
        matrix = job.get("strategy", {}).get("matrix", {})
        keys = sorted(matrix)
        for index, values in enumerate(product(*(matrix[key] for key in keys))):
            run = Job(
                root / f"{job_name}-{index}", dict(zip(keys, map(str, values), strict=True)), index
            )
            run.run_steps(job["steps"], {})
            ran.append(run)
    return ran


def _full_build(root: Path) -> dict[str, bytes]:
    """What an unsharded build of the repository's project writes."""
    out = root / "full"
    done = briefing("build", "--out", str(out), "-q", cwd=REPO)
    assert done.returncode == 0, done.stderr
    return tree(out)


def _more_articles(job_root: Path) -> None:
    """Three articles, so each shard has something of its own to build."""
    seeds = job_root / "workspace" / "seeds"
    text = (seeds / "belarus-threat-assessment.txt").read_text(encoding="utf-8")
    for number in (1, 2):
        (seeds / f"dispatch-{number}.txt").write_text(f"Dispatch {number}.\n{text}", "utf-8")


def test_the_readme_has_the_three_workflows() -> None:
    assert sorted(_readme_workflows()) == ["briefings", "briefings-action", "briefings-check"]
    build = _readme_workflows()["briefings"]["jobs"]["build"]["steps"]
    commands = [step["run"] for step in build if "run" in step]
    # installs from the repository, builds, then checks; never from a package index
    assert commands[0].startswith("python -m pip install .")
    assert commands[1].startswith("briefing build --shard")
    assert commands[2].startswith("briefing build --check --shard")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["briefings", "briefings-action"])
def test_a_build_workflow_uploads_each_shards_outputs_only(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    workflow = _readme_workflows()[name]
    original = Job.__init__

    def with_articles(self: Job, root: Path, matrix: dict[str, str], index: int) -> None:
        original(self, root, matrix, index)
        _more_articles(root)

    monkeypatch.setattr(Job, "__init__", with_articles)
    jobs = _run_workflow(workflow, tmp_path / "runs")
    assert [job.matrix for job in jobs] == [{"shard": "1/2"}, {"shard": "2/2"}]
    uploaded: dict[str, bytes] = {}
    for job in jobs:
        (artifact,) = job.artifacts.values()
        files = {n: data for n, data in tree(artifact).items() if n != MANIFEST_NAME}
        assert files, f"shard {job.matrix['shard']} uploaded nothing"
        stems = {Path(n).stem for n in files}
        assert len(stems) in {1, 2}  # 3 articles over 2 shards: 2 and 1
        assert not set(files) & set(uploaded), "a file uploaded by two shards"
        uploaded.update(files)
    full_root = tmp_path / "full-project"
    shutil.copytree(jobs[0].workspace, full_root, ignore=shutil.ignore_patterns("shard-out"))
    done = briefing("build", "--out", "all", "-q", cwd=full_root)
    assert done.returncode == 0, done.stderr
    full = {n: data for n, data in tree(full_root / "all").items() if n != MANIFEST_NAME}
    assert sorted(uploaded) == sorted(full)
    for file_name, data in full.items():
        assert uploaded[file_name] == data, file_name  # deterministic: the same bytes


@pytest.mark.slow
def test_the_check_only_workflow_passes_on_this_repository_and_fails_when_stale(
    tmp_path: Path,
) -> None:
    workflow = _readme_workflows()["briefings-check"]
    (job,) = _run_workflow(workflow, tmp_path / "fresh")
    assert job.artifacts == {}
    stale = Job(tmp_path / "stale", {}, 0)
    md = stale.workspace / "dist" / "belarus-threat-assessment.md"
    md.write_text(md.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"stale     dist/belarus-threat-assessment\.md"):
        stale.run_steps(workflow["jobs"]["check"]["steps"], {})


@pytest.mark.slow
def test_the_actions_check_only_mode_and_inputs(tmp_path: Path) -> None:
    job = Job(tmp_path / "job", {}, 0)
    job.setup_python()
    job.run_action(job.workspace, {"check-only": "true"}, "briefing")
    assert job.outputs["briefing"] == {"out": ""}
    job.run_action(
        job.workspace, {"shard": "1/1", "formats": "md,json", "style": "plain"}, "styled"
    )
    out = Path(job.outputs["styled"]["out"])
    assert out == job.temp / "briefings"
    assert sorted(tree(out)) == [
        MANIFEST_NAME,
        "belarus-threat-assessment.json",
        "belarus-threat-assessment.md",
    ]
    installed = job.venv / "lib"
    assert list(installed.glob("python*/site-packages/formatter/cli.py")), "pip installed it"
