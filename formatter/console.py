"""All terminal output of the command line, in one place.

Rich (progress bar, tables) is used only when standard output is a terminal and is
imported only then; logs, pipes and CI get plain lines. Errors always go to standard
error as one line: ``error: <subject>: <reason>``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formatter.build import FileResult, Result
    from formatter.model import Assignment, Paragraph


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def note(message: str) -> None:
    """A remark for the person at the terminal, on standard error (standard output
    may be carrying a document)."""
    print(message, file=sys.stderr)


def warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def is_terminal() -> bool:
    return sys.stdout.isatty()


PROBLEMS = frozenset({"stale", "missing"})


def describe(result: Result, quiet: bool = False) -> list[str]:
    """Plain lines for one built (or checked) target; ``quiet`` keeps only problems."""
    if result.error is not None:
        return [f"error: {result.error}"]
    return [
        f"{file.status:<9} {file.path}"
        for file in result.files
        if not quiet or file.status in PROBLEMS
    ]


@contextmanager
def progress(total: int, quiet: bool) -> Iterator[Any]:
    """Yield a callback for each finished target: a progress bar on a terminal, plain
    lines elsewhere, only failures and warnings with ``quiet``."""

    def plain(result: Result) -> None:
        lines = describe(result, quiet)
        if result.error is not None:
            if result.traceback:
                print(result.traceback, file=sys.stderr, end="")
            print(lines[0], file=sys.stderr)
        elif lines:
            print("\n".join(lines))
        if result.warnings:  # one line per input, however many notes
            warning(f"{result.target.input}: " + "; ".join(result.warnings))

    if quiet or total < 2 or not is_terminal():
        yield plain
        return
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )

    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("building", total=total)

        def advance(result: Result) -> None:
            if result.error is not None:
                bar.console.print(f"[red]error:[/red] {escape(result.error)}", highlight=False)
            else:
                for line in describe(result, quiet=True):
                    bar.console.print(escape(line), highlight=False)
            if result.warnings:
                where = escape(result.target.input)
                notes = escape("; ".join(result.warnings))
                bar.console.print(f"[yellow]warning:[/yellow] {where}: {notes}")
            bar.advance(task)

        yield advance


def summary(results: list[Result], check: bool, extra: Iterable[FileResult] = ()) -> str:
    """One line: inputs, then files by status (``extra``: orphans and the manifest)."""
    failed = sum(1 for result in results if result.error is not None)
    files = [file for result in results for file in result.files] + list(extra)
    counts: dict[str, int] = {}
    for file in files:
        counts[str(file.status)] = counts.get(str(file.status), 0) + 1
    parts = [f"{count} {status}" for status, count in sorted(counts.items())]
    if failed:
        parts.append(f"{failed} input(s) failed")
    verb = "checked" if check else "built"
    return f"{verb} {len(results)} input(s): " + (", ".join(parts) or "nothing to do")


def sections_table(rows: list[tuple[Paragraph, Assignment]], titles: dict[str, str]) -> None:
    """Each paragraph's section, score and cues: a rich table on a terminal, else TSV."""
    if not is_terminal():
        print("index\tline\tsection\trule\tscore\treason\ttext")
        for paragraph, assignment in rows:
            text = paragraph.text if len(paragraph.text) <= 70 else paragraph.text[:69] + "…"
            print(
                f"{paragraph.index}\t{paragraph.line}\t{assignment.section_id}\t"
                f"{assignment.rule}\t{assignment.score:g}\t{assignment.reason}\t{text}"
            )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in ("#", "line", "section", "rule", "score", "reason", "paragraph"):
        table.add_column(column, overflow="fold")
    for paragraph, assignment in rows:
        table.add_row(
            str(paragraph.index),
            str(paragraph.line),
            titles[assignment.section_id],
            assignment.rule,
            f"{assignment.score:g}",
            assignment.reason,
            paragraph.text if len(paragraph.text) <= 90 else paragraph.text[:89] + "…",
            style=None,
        )
    Console().print(table)


def evaluation_report(result: dict[str, Any]) -> None:
    """``briefing evaluate``: the headline figures, per-section scores, the confusion
    matrix (rows: the labels; columns: what the tool chose) and the worst misses."""
    print(
        f"accuracy {result['accuracy']:.3f} on {result['paragraphs']} paragraphs "
        f"of {result['articles']} articles; macro-F1 {result['macro_f1']:.3f}"
    )
    off = result["off_topic"]
    if off["articles"]:
        print(f"off-topic articles kept in context: {off['all_context']} of {off['articles']}")
    for skipped in result["skipped"]:
        print(f"skipped {skipped['article']}: {skipped['reason']}")
    excluded = ", ".join(f"{count} {what}" for what, count in result["excluded"].items() if count)
    if excluded:
        print(f"not scored: {excluded}")
    ids = list(result["per_section"])
    width = max(len(section_id) for section_id in ids) + 2
    print()
    print(f"{'section':<{width}}precision  recall      f1  support")
    for section_id, row in result["per_section"].items():
        print(
            f"{section_id:<{width}}{row['precision']:>9.3f}{row['recall']:>8.3f}"
            f"{row['f1']:>8.3f}{row['support']:>9}"
        )
    print()
    print("confusion (rows: labelled, columns: chosen)")
    print(" " * width + "".join(f"{section_id[:11]:>12}" for section_id in ids))
    for expected, row in result["confusion"].items():
        print(f"{expected:<{width}}" + "".join(f"{row[chosen]:>12}" for chosen in ids))
    print()
    print(
        "by rule: "
        + ", ".join(
            f"{rule} {row['right']}/{row['scored']}" for rule, row in result["per_rule"].items()
        )
    )
    against = sorted(
        ((row["fired"] - row["agreed"], cue) for cue, row in result["cues"].items()),
        reverse=True,
    )
    against = [(count, cue) for count, cue in against if count > 0][:8]
    if against:
        print(
            "cues firing most often against the label: "
            + ", ".join(f"{cue} ({count})" for count, cue in against)
        )
    if result["worst"]:
        print()
        print("worst paragraphs (labelled -> chosen: the tool's reason)")
        for miss in result["worst"]:
            text = miss["text"] if len(miss["text"]) <= 90 else miss["text"][:89] + "…"
            print(
                f"{miss['article']}:{miss['line']} {miss['expected']} -> {miss['predicted']}: "
                f"{miss['reason']}\n    {text}"
            )
