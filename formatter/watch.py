"""``briefing watch``: build the project, then rebuild what changes until Ctrl-C.

What a save triggers:

- an article or its sidecar: that briefing;
- a new article matching the inputs: it is built; a deleted one: its outputs are
  removed (the manifest knows them, see :mod:`formatter.manifest`);
- the theme (or a theme it ``extends``), the taxonomy (or its sections model), the
  project file, or a new theme
  file in the project's ``styles/`` that changes what the style name resolves to:
  everything.

Each rebuild prints one line; a failing article prints its ``error:`` line on standard
error and the watch goes on. Outputs are written atomically (a temporary file renamed
into place), so whoever reads them never sees a half-written document.

File events come from watchfiles (inotify, FSEvents or ReadDirectoryChangesW under the
hood), imported here only. Folders are watched without recursion (an article folder, the
theme and taxonomy folders, the project folder), so the output folder and virtual
environments inside the project are never scanned.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from formatter import batch, console, library
from formatter import build as builder
from formatter.errors import BriefingError, ExitCode, UsageError
from formatter.project import CommandLine, Config, configure, display
from formatter.theme import forget_loaded, source_files

# watchfiles groups the events of one save: it yields once nothing has changed for
# STEP_MS, and at the latest after DEBOUNCE_MS of continuous changes.
STEP_MS = 50
DEBOUNCE_MS = 400
# How often the watcher wakes up with nothing to report (the first wake-up tells that
# the watch is in place).
TIMEOUT_MS = 200
GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Setup:
    """Everything one rebuild needs, re-read when the project file changes."""

    config: Config
    settings: builder.Settings
    shared: frozenset[Path]  # theme files, the taxonomy, the project file
    styles: Path  # the project's styles/ folder: a new theme there may change the style
    articles: dict[Path, str]  # article or sidecar -> output base name

    @classmethod
    def load(cls, given: CommandLine, max_bytes: int, debug: bool) -> Setup:
        config = configure(given)
        if config.to_stdout:
            raise UsageError("-o -", "watch writes files: give an output folder")
        settings = batch.settings(config, batch.Metadata(), max_bytes, debug=debug)
        taxonomy_file = library.taxonomy_file(config.taxonomy)
        shared = {*source_files(settings.theme), taxonomy_file}
        model = _model_file(taxonomy_file)
        if model is not None:
            shared.add(model)
        if config.project is not None:
            shared.add(config.project.file)
        return cls(
            config,
            settings,
            frozenset(path.resolve() for path in shared),
            (config.root / library.STYLES_FOLDER).resolve(),
            _articles(config),
        )

    def folders(self) -> list[Path]:
        """The folders to watch, without recursion."""
        found = {path.parent for path in self.shared} | {self.config.root}
        found |= {path.parent for path in self.articles}
        if self.styles.is_dir():
            found.add(self.styles)
        for pattern in self.config.inputs.patterns:
            base = _static_base(pattern)
            if base.is_dir():
                found.add(base.resolve())
                if "**" in pattern:
                    found |= {p.resolve() for p in base.rglob("*") if p.is_dir()}
        out = self.config.out.resolve()
        return sorted(f for f in found if f.is_dir() and not f.is_relative_to(out))


def _static_base(pattern: str) -> Path:
    """The part of a glob before its first wildcard: ``/p/seeds/*.txt`` -> ``/p/seeds``."""
    parts: list[str] = []
    for part in Path(pattern).parts:
        if GLOB_CHARACTERS & set(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path()


def _articles(config: Config) -> dict[Path, str]:
    """Each article and sidecar path -> the output name it feeds."""
    try:
        targets = builder.plan(config.inputs.expand())
    except BriefingError:
        return {}
    found: dict[Path, str] = {}
    for target in targets:
        article = Path(target.input).resolve()
        found[article] = target.name
        found[article.with_suffix(".toml")] = target.name
    return found


def watch(given: CommandLine, max_bytes: int, debug: bool) -> ExitCode:
    """Build once, then rebuild on every relevant change until interrupted."""

    def load() -> Setup:
        return Setup.load(given, max_bytes, debug)

    setup = load()
    started = time.perf_counter()
    _, line = batch.build(setup.config, setup.settings, quiet=True)
    print(f"{line} ({time.perf_counter() - started:.2f} s)", flush=True)
    builder.warm_up(setup.settings)  # the first rebuild is then as quick as the next
    import watchfiles  # only this command needs it

    announced = False
    try:
        for changes in watchfiles.watch(
            *setup.folders(),
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            rust_timeout=TIMEOUT_MS,
            yield_on_timeout=True,
            recursive=False,
        ):
            if not announced:
                shown = ", ".join(display(folder) for folder in setup.folders())
                print(f"watching {shown} (Ctrl-C to stop)", flush=True)
                announced = True
            changed = _relevant(setup, {Path(path).resolve() for _, path in changes})
            if not changed:
                continue
            started = time.perf_counter()
            setup, rebuilt = _rebuild(setup, changed, load)
            if rebuilt is None:
                continue
            elapsed = time.perf_counter() - started
            what = ", ".join(sorted(display(path) for path in changed))
            print(f"{what} changed: {rebuilt} ({elapsed:.2f} s)", flush=True)
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
    return ExitCode.OK


def _relevant(setup: Setup, paths: set[Path]) -> set[Path]:
    """The changed paths a rebuild depends on (never the outputs themselves)."""
    out = setup.config.out.resolve()
    articles = setup.articles | _articles(setup.config)  # the inputs now: new ones too
    found = set()
    for path in paths:
        if path.is_relative_to(out) or path.name.endswith(".part"):
            continue
        in_styles = path.parent == setup.styles and path.suffix == ".toml"
        if path in setup.shared or path in articles or in_styles:
            found.add(path)
    return found


def _rebuild(
    setup: Setup, changed: set[Path], load: Callable[[], Setup]
) -> tuple[Setup, str | None]:
    """Rebuild what ``changed`` affects; keep the old setup if the new one is broken.
    The line to print is ``None`` when nothing needed a rebuild."""
    forget_loaded()
    _forget_taxonomies()
    try:
        fresh = load()
    except BriefingError as error:
        console.error(str(error))
        return setup, "not rebuilt (see the error above)"
    everything = bool(changed & setup.shared) or fresh.settings.theme != setup.settings.theme
    names = {setup.articles.get(p) or fresh.articles.get(p) for p in changed}
    only = {name for name in names if name is not None}
    same_articles = set(setup.articles.values()) == set(fresh.articles.values())
    if not everything and not only and same_articles:
        return fresh, None  # e.g. another theme in styles/ was saved
    config = replace(fresh.config, jobs=1)  # no forking beside the watcher's thread
    _, line = batch.build(config, fresh.settings, quiet=True, only=None if everything else only)
    return fresh, line


def _model_file(taxonomy_file: Path) -> Path | None:
    """The sections model the taxonomy names, if it names one and can be read."""
    from formatter.taxonomy import load_taxonomy

    try:
        return load_taxonomy(taxonomy_file).model
    except BriefingError:  # the build reports a broken taxonomy
        return None


def _forget_taxonomies() -> None:
    """Let the next build read the taxonomy file and its sections model again."""
    from formatter import judgement, taxonomy

    taxonomy._load.cache_clear()
    judgement._read.cache_clear()
