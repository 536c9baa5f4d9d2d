"""The ``briefing`` command line: parse options, call the pipeline, map errors to exit codes.

Nothing here formats documents or prints fancy output: the pipeline lives in
``formatter.pipeline`` and ``formatter.build``, terminal output in ``formatter.console``.
Heavy libraries are imported by the commands that need them, so ``--help`` is instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from formatter import __version__, console, signals
from formatter.errors import BriefingError, ExitCode, UsageError

EXIT_CODES = (
    "Exit codes: 0 ok; 1 --check found stale, missing or orphaned output (evaluate: "
    "below --min-accuracy); 2 usage error; "
    "3 bad input (missing, unreadable, binary, too large, empty after cleaning); "
    "4 bad theme or taxonomy; 5 cannot write output; 70 internal error (a bug); "
    "130 interrupted (Ctrl-C); 141 standard output closed early; 143 terminated (SIGTERM)."
)

app = typer.Typer(
    name="briefing",
    help=f"Clean a raw news article and render it as a sectioned briefing.\n\n{EXIT_CODES}",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": os.environ.get("BRIEFING_DEBUG", "") not in {"", "0"}}


@contextmanager
def _errors_to_exit_codes() -> Iterator[None]:
    """Turn the package's errors into one line and an exit code; never a traceback
    unless ``--debug`` asked for one."""
    try:
        yield
    except BriefingError as exc:
        if _state["debug"]:
            raise
        console.error(str(exc))
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        console.error("interrupted; files already in place were left untouched")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except BrokenPipeError:
        # the reader went away (`briefing sections … | head`): stop quietly, as a
        # program killed by SIGPIPE would, and keep Python from complaining at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None
    except signals.Terminated:
        console.error("terminated; files already in place were left untouched")
        raise typer.Exit(int(ExitCode.TERMINATED)) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if _state["debug"]:
            raise
        console.error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _version(value: bool) -> None:
    if value:
        print(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something fails.")
    ] = False,
) -> None:
    """Clean a raw news article and render it as a sectioned briefing."""
    _state["debug"] = _state["debug"] or debug


def display_path(path: Path) -> str:
    from formatter.project import display

    return display(path)


TitleOption = Annotated[str | None, typer.Option(help="Title (overrides the sidecar).")]
TaxonomyOption = Annotated[
    Path | None, typer.Option(help="Taxonomy TOML to use instead of the built-in one.")
]
MaxBytesOption = Annotated[
    int, typer.Option(min=1, help="Refuse inputs larger than this many bytes.")
]
ParagraphsOption = Annotated[
    str | None,
    typer.Option(
        "--paragraphs",
        help="Plain text: 'lines' (one paragraph per line) or 'blank' (wrapped lines, "
        "paragraphs separated by blank lines). Default: detected per file.",
    ),
]


@app.command()
def build(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files (.txt), briefing DOCX files (.docx), - for standard input. "
            "Default: the project's inputs, else seeds/*.txt and seeds/*.docx."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Output folder (default dist); - writes to standard output."
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="Comma-separated: docx, pdf, md, json (default docx,pdf,md)."
        ),
    ] = None,
    style: Annotated[
        str | None, typer.Option(help="Theme name (see `briefing styles`) or path.")
    ] = None,
    taxonomy: TaxonomyOption = None,
    title: TitleOption = None,
    subtitle: Annotated[str | None, typer.Option(help="Subtitle.")] = None,
    source: Annotated[str | None, typer.Option(help="Source description.")] = None,
    author: Annotated[str | None, typer.Option(help="Author.")] = None,
    date: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD.")] = None,
    marking: Annotated[
        str | None, typer.Option(help="Handling marking, e.g. TLP:GREEN; none removes it.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Language tag, e.g. en-GB.")] = None,
    name: Annotated[str | None, typer.Option(help="Output base name (one input only).")] = None,
    seeds: Annotated[
        Path | None,
        typer.Option(help="Build every *.txt and *.docx in this folder (default seeds)."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if any output is stale.")
    ] = False,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="With --check: compare DOCX and PDF byte for byte, not by the build "
            "fingerprint they carry.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=0, help="Parallel processes; 0 (default): one per core."),
    ] = None,
    shard: Annotated[
        str | None, typer.Option(help="Build only slice K of N of the inputs, e.g. 2/4.")
    ] = None,
    max_bytes: MaxBytesOption = 50 * 1024 * 1024,
    print_config: Annotated[
        bool,
        typer.Option("--print-config", help="Show the resolved settings and their origin."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
    paragraphs: ParagraphsOption = None,
    smart: Annotated[
        bool,
        typer.Option("--smart/--no-smart", help="Typographic quotes, apostrophes and dashes."),
    ] = True,
) -> None:
    """Build briefings (default: the project in this folder, else every seed into dist/).
    An input may be a text, Markdown (.md) or HTML (.html, .htm) file, - or an
    http(s) address."""
    with _errors_to_exit_codes():
        from formatter import batch
        from formatter import build as builder
        from formatter.project import CommandLine, configure

        if exact and not check:
            raise UsageError("--exact", "only works with --check")
        given = CommandLine(tuple(inputs or ()), seeds, out, format, style, taxonomy, marking, jobs)
        config = configure(given)
        metadata = batch.Metadata(title, subtitle, source, author, date, language)
        _check_paragraphs(paragraphs)
        settings = batch.settings(
            config, metadata, max_bytes, check=check, exact=exact, debug=_state["debug"]
        )
        chosen = replace(settings.options, paragraphs=paragraphs, smart=smart)
        settings = replace(settings, options=chosen)
        shard_spec = builder.Shard.parse(shard) if shard else None
        if print_config:
            print("\n".join(batch.describe(config, settings)))
            return
        if config.to_stdout:
            raise typer.Exit(int(batch.to_stdout(config, settings, name)))
        code, line = batch.build(config, settings, name=name, shard=shard_spec, quiet=quiet)
        if not quiet:
            print(line)
        if code is not ExitCode.OK:
            raise typer.Exit(int(code))


@app.command()
def clean(
    input: Annotated[str, typer.Argument(help="Article file, - or an http(s) address.")],
    report: Annotated[
        bool, typer.Option("--report", help="List removed lines on standard error.")
    ] = False,
    max_bytes: MaxBytesOption = 50 * 1024 * 1024,
    paragraphs: ParagraphsOption = None,
) -> None:
    """Print the cleaned article, one paragraph per line."""
    with _errors_to_exit_codes():
        from formatter.clean import cleaned_text
        from formatter.errors import InputError
        from formatter.intake import take_in
        from formatter.readers.text_shapes import DESCRIPTIONS

        _check_paragraphs(paragraphs)
        intake = take_in(input, max_bytes, {}, paragraphs)
        result = intake.cleaned
        if not result.paragraphs:
            raise InputError(intake.source.name, "nothing left after cleaning")
        sys.stdout.write(cleaned_text(result))
        if report:
            print(f"read as {DESCRIPTIONS[intake.article.shape]}", file=sys.stderr)
            for line in intake.article.reading():
                print(line, file=sys.stderr)
            for removal in result.removed:
                of = f" of line {removal.duplicate_of}" if removal.duplicate_of else ""
                more = ""
                if removal.count > 1:
                    more = f" (and {removal.count - 1:,} more, the last at line {removal.last})"
                detail = f" ({removal.detail})" if removal.detail else ""
                print(
                    f"line {removal.line}{more}: {removal.reason}{detail}{of}: {removal.text}",
                    file=sys.stderr,
                )
            dropped = sum(removal.count for removal in result.removed)
            print(
                f"{result.lines_in} paragraph(s) in, {len(result.paragraphs)} kept, "
                f"{dropped} removed",
                file=sys.stderr,
            )


def _check_paragraphs(value: str | None) -> None:
    from formatter.errors import UsageError
    from formatter.readers.text_shapes import SHAPES

    if value is not None and value not in SHAPES:
        raise UsageError("--paragraphs", f"{value!r} is not one of: {', '.join(SHAPES)}")


@app.command()
def sections(
    input: Annotated[str, typer.Argument(help="Article file, or - for standard input.")],
    json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    taxonomy: TaxonomyOption = None,
    max_bytes: MaxBytesOption = 50 * 1024 * 1024,
) -> None:
    """Show each paragraph's section, score and matched cues."""
    with _errors_to_exit_codes():
        from formatter.pipeline import Options, brief
        from formatter.project import CommandLine, configure

        taxonomy = configure(CommandLine(taxonomy=taxonomy)).taxonomy  # the project's too
        briefing = brief(input, Options(taxonomy=taxonomy, max_bytes=max_bytes))
        rows = sorted(
            ((item.paragraph, item.assignment) for s in briefing.sections for item in s.paragraphs),
            key=lambda row: row[0].index,
        )
        if json:
            import json as json_module

            from formatter.writers.json import assignment_dict

            data = [assignment_dict(paragraph, assignment) for paragraph, assignment in rows]
            print(json_module.dumps(data, ensure_ascii=False, indent=2))
            return
        console.sections_table(rows, {s.id: s.title for s in briefing.sections})


@app.command()
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="Folder with articles/NAME.txt and labels.json.")],
    taxonomy: TaxonomyOption = None,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    worst: Annotated[int, typer.Option(min=0, help="How many misfiled paragraphs to list.")] = 10,
    min_accuracy: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Exit 1 if accuracy is below this (0-1)."),
    ] = None,
) -> None:
    """Measure sectioning against a labelled corpus: accuracy, per-section F1, confusion."""
    with _errors_to_exit_codes():
        from formatter.evaluate import evaluate as run_evaluation
        from formatter.project import CommandLine, configure

        taxonomy = configure(CommandLine(taxonomy=taxonomy)).taxonomy  # the project's too
        result = run_evaluation(corpus, taxonomy).to_dict(worst)
        if json:
            import json as json_module

            print(json_module.dumps(result, ensure_ascii=False, indent=2))
        else:
            console.evaluation_report(result)
        if min_accuracy is not None and result["accuracy"] < min_accuracy:
            console.error(
                f"{corpus}: accuracy {result['accuracy']:.3f} is below {min_accuracy:.3f}"
            )
            raise typer.Exit(int(ExitCode.BELOW_TARGET))


@app.command()
def train(
    corpora: Annotated[
        list[Path], typer.Argument(help="Labelled corpus folders (articles/ and labels.json).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The model file to write.")],
    taxonomy: TaxonomyOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if OUTPUT would change.")
    ] = False,
) -> None:
    """Build a sections model from labelled corpora, for a taxonomy's `model` key."""
    with _errors_to_exit_codes():
        from formatter.training import model_bytes
        from formatter.training import train as run_training

        model = run_training(corpora, taxonomy)
        data = model_bytes(model)
        if check:
            current = output.read_bytes() if output.is_file() else b""
            if current != data:
                console.error(f"{output}: out of date; rebuild it with briefing train")
                raise typer.Exit(int(ExitCode.BELOW_TARGET))
            console.note(f"{output} is up to date")
            return
        from formatter.output import write_atomic

        write_atomic(output, data)
        trained = ", ".join(f"{name} ({count} articles)" for name, count in model.trained_on)
        console.note(
            f"wrote {output}: {len(model.article.weights)} article and "
            f"{len(model.paragraph.weights)} paragraph features, trained on {trained}"
        )


@app.command()
def styles(
    copy: Annotated[
        tuple[str, str] | None,
        typer.Option(
            metavar="NAME DEST",
            help="Copy theme NAME to DEST (a file, a folder, or - for standard output).",
        ),
    ] = None,
) -> None:
    """List the themes (the project's styles/ first) and the file each name resolves to."""
    with _errors_to_exit_codes():
        from formatter import library
        from formatter.project import CommandLine, configure

        root = configure(CommandLine()).root
        if copy is not None:
            source, dest = library.copy_theme(copy[0], copy[1], root)
            if dest != "-":
                console.note(f"copied {display_path(source)} to {dest}")
            return
        for entry in library.catalogue(root):
            print(library.describe_entry(entry))


@app.command()
def taxonomy(
    copy: Annotated[
        str | None,
        typer.Option(
            metavar="DEST", help="Copy the built-in taxonomy to DEST (file, folder or -)."
        ),
    ] = None,
) -> None:
    """Show the taxonomy a build uses (the project's, else the built-in one) and its
    sections; --copy writes the built-in one somewhere to start your own."""
    with _errors_to_exit_codes():
        from formatter import library
        from formatter.project import CommandLine, configure
        from formatter.taxonomy import load_taxonomy

        if copy is not None:
            source, dest = library.copy_taxonomy(copy)
            if dest != "-":
                console.note(f"copied {display_path(source)} to {dest}")
            return
        configured = configure(CommandLine()).taxonomy
        path = library.taxonomy_file(configured)
        loaded = load_taxonomy(path)
        origin = "project" if configured else "built-in"
        print(f"taxonomy  {display_path(path)} ({origin})")
        for spec in loaded.sections:
            print(f"{spec.id:<16} {spec.title}")


@app.command()
def watch(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Article files. Default: the project's inputs, else seeds/*.txt."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Comma-separated formats.")
    ] = None,
    style: Annotated[str | None, typer.Option(help="Theme name or path.")] = None,
    taxonomy: TaxonomyOption = None,
    marking: Annotated[str | None, typer.Option(help="Handling marking; none removes it.")] = None,
    max_bytes: MaxBytesOption = 50 * 1024 * 1024,
) -> None:
    """Build, then rebuild whatever changes (articles, sidecars, themes, taxonomy) until
    Ctrl-C: one line per rebuild."""
    with _errors_to_exit_codes():
        from formatter.project import CommandLine
        from formatter.watch import watch as run_watch

        given = CommandLine(tuple(inputs or ()), None, out, format, style, taxonomy, marking)
        raise typer.Exit(int(run_watch(given, max_bytes, _state["debug"])))


def main() -> None:
    """Console-script entry point: usage errors become one line (see formatter.usage);
    SIGTERM ends a build like Ctrl-C (see formatter.signals)."""
    from formatter.usage import run

    signals.install()
    # A file name that is not UTF-8 is printed as the bytes it is, as ls does.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="surrogateescape")
    sys.exit(run(typer.main.get_command(app), sys.argv[1:]))
