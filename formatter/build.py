"""Building briefings: inputs -> pipeline -> writers -> files (or a staleness check).

``plan`` turns the command line's inputs into targets, ``run`` builds them, one
process per core when there are several, and reports each result as it arrives.
Everything a target needs is rendered to bytes first; only then are files replaced
(atomically, see ``formatter.output``), so a failing target leaves its old files as
they were. In check mode nothing is written: fresh bytes are compared with the disk.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from formatter import forked, signals
from formatter.clean import clean
from formatter.errors import BriefingError, ExitCode, OutputError, UsageError
from formatter.model import Briefing, Metadata
from formatter.output import (
    check_output_name,
    prepare_directory,
    remove_stale_parts,
    safe_stem,
    same_content,
    same_file,
    write_atomic,
)
from formatter.pipeline import Options, brief, structure
from formatter.read import STDIN, Source
from formatter.taxonomy import load_taxonomy
from formatter.theme import Theme, load_theme
from formatter.writers import WRITERS, WriterSpec

MAX_LISTED_CHARACTERS = 12


class Status(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    FRESH = "up to date"
    STALE = "stale"
    MISSING = "missing"
    ORPHANED = "orphaned"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Target:
    input: str  # a path, or "-" for standard input
    name: str  # the output base name: <out>/<name>.<ext>


@dataclass(frozen=True, slots=True)
class Settings:
    out_dir: Path
    formats: tuple[WriterSpec, ...]
    theme: str = "briefing"
    options: Options = field(default_factory=Options)
    check: bool = False
    exact: bool = False  # with check: compare the bytes of DOCX and PDF too
    debug: bool = False  # keep the traceback of a failed target


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    status: Status


@dataclass(frozen=True, slots=True)
class Result:
    target: Target
    files: tuple[FileResult, ...] = ()
    error: str | None = None
    exit_code: ExitCode = ExitCode.OK
    warnings: tuple[str, ...] = ()
    traceback: str | None = None


@dataclass(frozen=True, slots=True)
class Shard:
    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            index_text, count_text = text.split("/")
            shard = cls(int(index_text), int(count_text))
        except ValueError:
            raise UsageError("--shard", f"{text!r} is not K/N, e.g. 2/4") from None
        if not 1 <= shard.index <= shard.count:
            raise UsageError("--shard", f"{text!r}: K must be between 1 and N")
        return shard

    def select(self, targets: Iterable[Target]) -> list[Target]:
        """This shard's targets. The rule: sort every target by output name and deal
        them round-robin, the first to shard 1, the second to shard 2, and so on. Shards
        differ in size by one at most, none is empty while there are at least as many
        inputs as shards, and the split is the same on every machine and for any order
        of the inputs. The result keeps the order of ``targets``."""
        ordered = sorted(target.name for target in targets)
        chosen = set(ordered[self.index - 1 :: self.count])
        return [target for target in targets if target.name in chosen]


def plan(
    inputs: Iterable[str], name: str | None = None, shard: Shard | None = None
) -> list[Target]:
    """Targets for ``inputs``, in order; ``name`` renames a single input's outputs."""
    paths = list(inputs)
    if name is not None and len(paths) != 1:
        raise UsageError("--name", "can only rename the output of a single input")
    targets = []
    for path in paths:
        stem = check_output_name(name) if name is not None else safe_stem(_stem(path))
        targets.append(Target(path, stem))
    seen: dict[str, str] = {}
    for target in targets:
        if target.name in seen:
            raise UsageError(
                target.input, f"writes the same output name {target.name!r} as {seen[target.name]}"
            )
        seen[target.name] = target.input
    if paths.count(STDIN) > 1:
        raise UsageError("-", "standard input can be read only once")
    return targets if shard is None else shard.select(targets)


def _stem(path: str) -> str:
    """The output base name an input gets. A directory (``.`` included) keeps its own
    name here so that reading it reports the real problem: it is not an article."""
    if path == STDIN:
        return "stdin"
    if path.startswith(("http://", "https://")):
        from formatter.readers import url_stem

        return url_stem(path)
    file = Path(path)
    return file.resolve().name if file.is_dir() else file.stem


def prepare(settings: Settings) -> Theme:
    """Load and check what every target shares before any work starts (fail fast)."""
    theme = load_theme(settings.theme)
    load_taxonomy(settings.options.taxonomy)
    for spec in settings.formats:
        # found, not imported: a writer may be rendered in a forked child (see render)
        if importlib.util.find_spec(spec.module) is None:
            raise UsageError("--format", f"the {spec.name} writer is not available yet")
    if not settings.check:
        prepare_directory(settings.out_dir)
    return theme


WARM_UP_TEXT = (
    "Warm-up: a short article that every writer renders once before workers start.\n"
    "Security services reported intelligence assessments, interrogations and coercion "
    "of relatives, with paragraphs long enough to be justified and hyphenated across "
    "several lines, which loads everything a writer keeps for the next document.\n"
)


def warm_up(settings: Settings) -> None:
    """Render a tiny briefing with every writer, so that what each keeps per process
    (registered fonts, the hyphenation dictionary, the DOCX template, ReportLab's own
    caches) is loaded once here and shared by the workers forked from this process.
    Nothing is written; any error is left for the real build to report."""
    text = WARM_UP_TEXT
    source = Source("warm-up.txt", "warm-up", text, "", len(text), "utf-8")
    metadata = Metadata(title="Warm-up")
    if settings.options.language:
        metadata = replace(metadata, language=settings.options.language)
    try:
        theme = load_theme(settings.theme)
        taxonomy = load_taxonomy(settings.options.taxonomy)
        briefing = annotate(structure(source, clean(text), metadata, taxonomy), theme)
        for spec in settings.formats:
            spec.load()(briefing, theme)
    except Exception:  # noqa: S110 - a warm-up only saves time
        pass


def annotate(briefing: Briefing, theme: Theme) -> Briefing:
    """Add build notes that depend on the theme: characters no document font can draw
    (the PDF prints a visible U+FFFD placeholder for them, never an empty box)."""
    from formatter.coverage import describe, missing_characters

    metadata = briefing.metadata
    texts = [paragraph.text for paragraph in briefing.paragraphs]
    texts += [metadata.title, metadata.subtitle or "", metadata.source or ""]
    fonts = theme.fonts
    missing = missing_characters(texts, (fonts.body, fonts.heading, *fonts.fallbacks))
    if not missing:
        return briefing
    shown = describe(missing[:MAX_LISTED_CHARACTERS])
    more = len(missing) - MAX_LISTED_CHARACTERS
    tail = f" and {more} more" if more > 0 else ""
    note = f"No document font can draw {shown}{tail}; the PDF shows \ufffd in their place."
    return replace(briefing, notes=(*briefing.notes, note))


# With both of these formats, one process renders the first while another renders the
# second (see render): they share nothing but the briefing, and each library costs
# about as much to import as to use on an article.
CHILD_FORMAT, PARENT_FORMAT = "docx", "pdf"


# Formats whose bytes depend on the installed rendering libraries: ``--check`` compares
# the fingerprint they carry (see formatter.fingerprint), ``--check --exact`` the bytes.
FINGERPRINTED = frozenset({"docx", "pdf"})


@dataclass(frozen=True, slots=True)
class Rendered:
    """A target's outputs: bytes by format, or (checking) the expected fingerprint."""

    paths: dict[str, Path]  # by format name, in the order of Settings.formats
    data: dict[str, bytes]
    fingerprints: dict[str, str]
    warnings: tuple[str, ...]


def expected_fingerprints(briefing: Briefing, theme: Theme, names: Iterable[str]) -> dict[str, str]:
    """The fingerprint each of the DOCX and PDF of ``briefing`` would carry."""
    from formatter import record, wording
    from formatter.fingerprint import fingerprint
    from formatter.plan import plan
    from formatter.timestamps import document_datetime

    document_plan = plan(briefing, theme)
    moment = document_datetime(briefing.metadata)
    fingerprints = {}
    for name in sorted(names):
        stored = ""
        if name == "docx":  # the DOCX carries the briefing record too
            stored = record.digest(briefing, wording.marking(briefing, theme))
        fingerprints[name] = fingerprint(document_plan, theme, name, moment, stored)
    return fingerprints


def render(target: Target, settings: Settings, split: bool = False) -> Rendered:
    """Every output of ``target`` as bytes, and the warnings worth showing. In check
    mode without ``exact``, DOCX and PDF are not rendered: their expected fingerprint
    is computed instead.

    With ``split`` (a single input and a second core), a forked child renders the DOCX
    while this process renders the PDF. The bytes are the same: the same code renders
    the same briefing. If the child fails in any way, this process renders the DOCX
    itself, so an error surfaces exactly as it would without ``split``.
    """
    theme = load_theme(settings.theme)
    briefing = annotate(brief(target.input, settings.options), theme)
    paths: dict[str, Path] = {}
    for spec in settings.formats:
        path = settings.out_dir / f"{target.name}{spec.extension}"
        local = target.input != STDIN and not target.input.startswith(("http://", "https://"))
        if local and same_file(path, Path(target.input)):
            raise OutputError(str(path), "would overwrite its own input")
        paths[spec.name] = path
    fingerprints: dict[str, str] = {}
    if settings.check and not settings.exact and FINGERPRINTED & set(paths):
        fingerprints = expected_fingerprints(briefing, theme, FINGERPRINTED & set(paths))
    names = {spec.name for spec in settings.formats} - set(fingerprints)
    collect = None
    if split and {CHILD_FORMAT, PARENT_FORMAT} <= names:
        child_writer = WRITERS[CHILD_FORMAT].load
        collect = forked.start(lambda: child_writer()(briefing, theme))
    rendered: dict[str, bytes] = {}
    try:
        for spec in settings.formats:
            if spec.name in names and (collect is None or spec.name != CHILD_FORMAT):
                rendered[spec.name] = spec.load()(briefing, theme)
    except BaseException:
        if collect is not None:
            collect(True)  # cancel
        raise
    if collect is not None:
        data = collect(False)
        if data is not None:
            rendered[CHILD_FORMAT] = data
    if CHILD_FORMAT in names and CHILD_FORMAT not in rendered:  # the child failed
        rendered[CHILD_FORMAT] = WRITERS[CHILD_FORMAT].load()(briefing, theme)
    warnings = briefing.provenance.repairs + briefing.notes  # repairs are said on stderr too
    return Rendered(paths, rendered, fingerprints, warnings)


def _check_status(path: Path, rendered: Rendered, name: str) -> Status:
    if not path.exists():
        return Status.MISSING
    if name in rendered.fingerprints:
        from formatter.fingerprint import stored

        try:
            on_disk = stored(path.read_bytes(), name)
        except OSError:
            return Status.STALE
        return Status.FRESH if on_disk == rendered.fingerprints[name] else Status.STALE
    return Status.FRESH if same_content(path, rendered.data[name]) else Status.STALE


def process(target: Target, settings: Settings, split: bool = False) -> Result:
    """Build (or check) one target; a :class:`BriefingError` becomes a failed result."""
    try:
        rendered = render(target, settings, split)
        files = []
        for name, path in rendered.paths.items():
            if settings.check:
                status = _check_status(path, rendered, name)
            elif same_content(path, rendered.data[name]):
                remove_stale_parts(path)  # write_atomic does it when it writes
                status = Status.UNCHANGED
            else:
                write_atomic(path, rendered.data[name])
                status = Status.WRITTEN
            files.append(FileResult(path, status))
    except BriefingError as error:
        trace = traceback.format_exc() if settings.debug else None
        return Result(target, error=str(error), exit_code=error.exit_code, traceback=trace)
    return Result(target, tuple(files), warnings=rendered.warnings)


def orphans(out_dir: Path, targets: list[Target], formats: tuple[WriterSpec, ...]) -> list[Path]:
    """Outputs in ``out_dir`` that no target produces any more (a removed seed)."""
    if not out_dir.is_dir():
        return []
    names = {target.name for target in targets}
    extensions = {spec.extension for spec in formats}
    return sorted(
        path
        for path in out_dir.iterdir()
        if path.is_file() and path.suffix in extensions and path.stem not in names
    )


def run(
    targets: list[Target],
    settings: Settings,
    jobs: int,
    on_result: Callable[[Result], None] = lambda result: None,
) -> list[Result]:
    """Build every target; results come back in the order of ``targets``."""
    prepare(settings)
    if jobs <= 1 or len(targets) <= 1 or any(t.input == STDIN for t in targets):
        split = jobs > 1 and len(targets) == 1
        results = []
        for target in targets:
            result = process(target, settings, split)
            on_result(result)
            results.append(result)
        return results
    # imported here: 10 ms that a single-input build does not need
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    by_target: dict[Target, Result] = {}
    method = "fork" if os.name == "posix" else "spawn"
    if method == "fork":
        warm_up(settings)
        gc.freeze()  # keep the collector from copying the shared pages into every worker
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(targets)),
        mp_context=context,
        initializer=signals.default_in_child,
    )
    try:
        futures = [pool.submit(process, target, settings) for target in targets]
        for future in as_completed(futures):
            result = future.result()
            by_target[result.target] = result
            on_result(result)
    except BaseException:  # interrupted or terminated: end the workers, do not wait
        _end_workers(pool)
        raise
    else:
        pool.shutdown()
    finally:
        gc.unfreeze()
    return [by_target[target] for target in targets]


def _end_workers(pool: Any) -> None:
    """Stop a process pool now: cancel what has not started, end the workers (SIGTERM,
    their default action: see :func:`formatter.signals.default_in_child`)."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public API for this
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in processes:
        with contextlib.suppress(OSError, ValueError):
            worker.terminate()
    for worker in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            worker.join(timeout=5)


def exit_code(results: list[Result], stale: bool) -> ExitCode:
    """A failure's code wins over staleness; the first failure in input order decides."""
    for result in results:
        if result.exit_code is not ExitCode.OK:
            return result.exit_code
    return ExitCode.STALE if stale else ExitCode.OK
