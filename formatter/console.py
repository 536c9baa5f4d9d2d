"""All terminal output of the command line, in one place.

Rich (progress bar, tables) is used only when standard output is a terminal and is
imported only then; logs, pipes and CI get plain lines. Errors always go to standard
error as one line: ``error: <subject>: <reason>``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formatter.build import Result
    from formatter.model import Assignment, Paragraph


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


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
        for note in result.warnings:
            warning(f"{result.target.input}: {note}")

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
            for note in result.warnings:
                where = escape(result.target.input)
                bar.console.print(f"[yellow]warning:[/yellow] {where}: {escape(note)}")
            bar.advance(task)

        yield advance


def summary(results: list[Result], check: bool) -> str:
    failed = sum(1 for result in results if result.error is not None)
    files = [file for result in results for file in result.files]
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
        print("index\tline\tsection\trule\tscore\tcues\ttext")
        for paragraph, assignment in rows:
            cues = ", ".join(cue.cue for cue in assignment.cues)
            text = paragraph.text if len(paragraph.text) <= 70 else paragraph.text[:69] + "…"
            print(
                f"{paragraph.index}\t{paragraph.line}\t{assignment.section_id}\t"
                f"{assignment.rule}\t{assignment.score:g}\t{cues}\t{text}"
            )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in ("#", "line", "section", "rule", "score", "cues", "paragraph"):
        table.add_column(column, overflow="fold")
    for paragraph, assignment in rows:
        table.add_row(
            str(paragraph.index),
            str(paragraph.line),
            titles[assignment.section_id],
            assignment.rule,
            f"{assignment.score:g}",
            ", ".join(cue.cue for cue in assignment.cues),
            paragraph.text if len(paragraph.text) <= 90 else paragraph.text[:89] + "…",
            style=None,
        )
    Console().print(table)
