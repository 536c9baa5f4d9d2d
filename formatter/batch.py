"""One ``briefing build`` of a project: resolve the settings, build (or check) the
targets of a shard, reconcile the manifest, report, and decide the exit code.

The command line parses options and hands them here; ``briefing watch`` calls
:func:`build` again for each rebuild. Writing one document to standard output
(``-o -``) is :func:`to_stdout`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass, replace

from formatter import build as builder
from formatter import console, library, manifest
from formatter.errors import ExitCode, UsageError
from formatter.pipeline import Options
from formatter.project import COMMAND_LINE, DEFAULT, Config, check_overrides, display
from formatter.read import checked_overrides
from formatter.timestamps import source_date_epoch
from formatter.writers import parse_formats

BINARY_FORMATS = frozenset({"docx", "pdf"})
STDOUT_FORMAT = "md"
CHECK_PROBLEMS = frozenset({builder.Status.STALE, builder.Status.MISSING})


@dataclass(frozen=True, slots=True)
class Metadata:
    """Per-article values given on the command line (they override the sidecar)."""

    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None


def settings(
    config: Config,
    metadata: Metadata,
    max_bytes: int,
    *,
    check: bool = False,
    exact: bool = False,
    debug: bool = False,
) -> builder.Settings:
    """The build settings for ``config``: every value checked once, up front."""
    marking = check_overrides(metadata.date, metadata.title, config.marking)
    # every metadata value cleaned and validated where it enters (formatter.metadata)
    given = {**asdict(metadata), "marking": marking}
    values = checked_overrides(given)
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH is a usage error, reported once
    formats = config.formats
    if config.to_stdout and config.origins.get("formats") != COMMAND_LINE:
        formats = STDOUT_FORMAT  # standard output gets Markdown unless --format says
    theme = library.locate_theme(config.style, config.style_base, config.root)
    options = Options(taxonomy=config.taxonomy, max_bytes=max_bytes, **values)
    return builder.Settings(
        config.out,
        parse_formats(formats),
        str(theme),
        options,
        check=check,
        exact=exact,
        debug=debug,
    )


def build(
    config: Config,
    settings: builder.Settings,
    *,
    name: str | None = None,
    shard: builder.Shard | None = None,
    quiet: bool = False,
    only: set[str] | None = None,
) -> tuple[ExitCode, str]:
    """Build or check the project's targets (this shard's; with ``only``, just those
    output names), then the manifest and the orphans. Returns the exit code and the
    summary line."""
    every = builder.plan(config.inputs.expand(), name)
    targets = every if shard is None else shard.select(every)
    if only is not None:
        targets = [target for target in targets if target.name in only]
    jobs = config.jobs or os.cpu_count() or 1
    with console.progress(len(targets), quiet) as on_result:
        results = builder.run(targets, settings, jobs, on_result)
    stale = any(f.status in CHECK_PROBLEMS for result in results for f in result.files)
    found = manifest.reconcile(
        settings.out_dir,
        every,
        results,
        settings.formats,
        shard=shard,
        corpus=config.inputs.corpus,
        check=settings.check,
    )
    by_hand = bool(found.notes) and settings.check
    for file in found.files:
        if quiet and file.status is builder.Status.REMOVED:
            continue
        note = found.notes.get(file.path)
        if note is None and file.status is builder.Status.ORPHANED:
            note = "(its article is gone: `briefing build` removes it)"
        print(f"{file.status:<9} {file.path}" + (f" {note}" if note else ""))
    stale = stale or found.stale
    line = console.summary(results, settings.check, found.files)
    code = builder.exit_code(results, stale)
    if stale and settings.check:
        what = "run `briefing build`" + (", delete the files marked by hand," if by_hand else "")
        console.error(f"output is stale: {what} and commit the result")
    return code, line


def to_stdout(config: Config, settings: builder.Settings, name: str | None) -> ExitCode:
    """``-o -``: render one article in one format to standard output. DOCX and PDF are
    refused when standard output is a terminal (they would print binary noise)."""
    if settings.check:
        raise UsageError("-o -", "--check compares files on disk: give an output folder")
    paths = config.inputs.expand()
    if len(paths) != 1:
        raise UsageError("-o -", f"standard output takes one article, not {len(paths)}")
    if len(settings.formats) != 1:
        raise UsageError("--format", "standard output takes one format, e.g. -f md")
    spec = settings.formats[0]
    if spec.name in BINARY_FORMATS and sys.stdout.isatty():
        raise UsageError(
            "-o -",
            f"will not write a {spec.name.upper()} file to a terminal: "
            f"redirect it (> briefing{spec.extension}) or use -f md or -f json",
        )
    builder.prepare(replace(settings, check=True))  # nothing is written to disk
    target = builder.plan(paths, name)[0]
    rendered = builder.render(target, settings)
    for note in rendered.warnings:
        console.warning(f"{target.input}: {note}")
    sys.stdout.buffer.write(rendered.data[spec.name])
    sys.stdout.flush()
    return ExitCode.OK


def describe(config: Config, settings: builder.Settings) -> list[str]:
    """``--print-config``: each resolved setting and where it came from."""
    origins = config.origins
    project = config.project
    lines = [
        f"project   {display(project.file)} ({project.label})"
        if project
        else "project   none (no briefing.toml or [tool.briefing] up to the repository root)"
    ]

    def row(key: str, value: str, origin: str | None = None) -> None:
        lines.append(f"{key:<9} {value}  [{origin or origins.get(key, DEFAULT)}]")

    inputs = config.inputs
    listed = inputs.paths or inputs.shown
    try:
        count = f" ({len(inputs.expand())} article(s))"
    except UsageError:
        count = " (no article matches)"
    row("inputs", ", ".join(listed) + count)
    row("out", str(config.out))
    row("formats", ", ".join(spec.name for spec in settings.formats))
    theme = display(library.locate_theme(config.style, config.style_base, config.root))
    row("style", f"{config.style} -> {theme}")
    taxonomy = library.taxonomy_file(config.taxonomy)
    built_in = "" if config.taxonomy else " (built-in)"
    row("taxonomy", f"{display(taxonomy)}{built_in}")
    marking = settings.options.marking
    shown = "none" if marking == "" else (marking or "from each sidecar, else the theme's")
    row("marking", shown)
    row("jobs", f"{config.jobs}" + (" (one per core)" if config.jobs == 0 else ""))
    return lines
