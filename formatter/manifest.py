"""The output manifest: which files in an output folder ``briefing build`` made.

A build of the whole project (its inputs or ``seeds/``, not files named on the command
line) records, in ``<out>/.briefing-manifest.json``, each output base name with the
article it came from and the files it wrote. A later such build removes the files of
every entry whose article is gone — those files and nothing else, so a folder shared
with other files is safe — and ``--check`` reports them as orphaned. A file in the
folder that looks like an output (a format's extension) but that no build recorded is
reported by ``--check`` too, with a note that ``build`` will not touch it: it must be
removed by hand.

The manifest is JSON with sorted keys and relative paths, so it is the same bytes on
every machine and can be committed with ``dist/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formatter.build import FileResult, Result, Shard, Status, Target
from formatter.output import write_atomic
from formatter.read import STDIN
from formatter.writers import WriterSpec

MANIFEST_NAME = ".briefing-manifest.json"
SCHEMA = "briefing-formatter/manifest/1"
NOTE = (
    "Written by `briefing build`: the outputs it made in this folder, so that it can "
    "remove them once their article is gone. Commit it with the outputs."
)
UNKNOWN_NOTE = "(not in the manifest: `briefing build` never removes it; delete it by hand)"

Entries = dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What the build or check found beyond its targets' own files."""

    files: tuple[FileResult, ...]  # orphaned or removed outputs, and the manifest itself
    notes: dict[Path, str]  # a remark to print after a file's status line
    stale: bool  # something ``--check`` must fail on


def manifest_path(out_dir: Path) -> Path:
    return out_dir / MANIFEST_NAME


def read(out_dir: Path) -> Entries:
    """The recorded entries; an unreadable or foreign manifest counts as empty (the next
    build rewrites it), and entries naming anything but a plain file name are dropped,
    so a hand-edited manifest can never make a build delete files elsewhere."""
    try:
        data = json.loads(manifest_path(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return {}
    outputs = data.get("outputs")
    entries: Entries = {}
    for name, entry in outputs.items() if isinstance(outputs, dict) else ():
        if not isinstance(entry, dict) or not _plain(name):
            continue
        files = entry.get("files")
        if not isinstance(files, list):
            continue
        # only files named after the entry (``name.ext``): never another briefing's
        files = [f for f in files if _plain(f) and Path(f).stem == name]
        source = entry.get("input")
        entries[name] = {"input": source if isinstance(source, str) else "", "files": files}
    return entries


def _plain(name: object) -> bool:
    return (
        isinstance(name, str)
        and bool(name)
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
    )


def render(entries: Entries) -> bytes:
    document = {"schema": SCHEMA, "note": NOTE, "outputs": dict(sorted(entries.items()))}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


def input_label(target: Target, out_dir: Path) -> str:
    """The article as a path relative to the output folder (``../seeds/x.txt``)."""
    if target.input == STDIN:
        return STDIN
    relative = os.path.relpath(Path(target.input).resolve(), out_dir.resolve())
    return Path(relative).as_posix()


def deal(names: Iterable[str], shard: Shard | None) -> list[str]:
    """The orphan names (sorted) that fall to ``shard``. An orphan has no place among the
    inputs, so it goes by a hash of its name: the shard of one orphan never depends on
    the others, and shards built one after another into one folder (each removing its
    own orphans) still remove them all."""
    ordered = sorted(set(names))
    if shard is None:
        return ordered
    return [name for name in ordered if _bucket(name, shard.count) == shard.index - 1]


def _bucket(name: str, count: int) -> int:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def reconcile(
    out_dir: Path,
    every_target: list[Target],
    results: list[Result],
    formats: tuple[WriterSpec, ...],
    *,
    shard: Shard | None,
    corpus: bool,
    check: bool,
) -> Reconciled:
    """Bring the manifest up to date with ``results`` and deal with orphans (build), or
    report what that would change (check).

    ``every_target`` is the whole project, every shard included: an entry is an orphan
    only when no target at all has its name. Each orphan falls to one shard (see
    :func:`deal`), so the checks of all shards together report exactly what an unsharded
    check does.
    Without ``corpus`` (inputs named on the command line: a one-off build) nothing is
    an orphan and the manifest is neither read nor written."""
    if not corpus:
        return Reconciled((), {}, False)
    recorded = read(out_dir)
    entries = dict(recorded)
    files: list[FileResult] = []
    notes: dict[Path, str] = {}
    stale = False
    mine: set[str] = set()
    for result in results:
        if result.error is not None:
            continue
        name = result.target.name
        mine.add(name)
        produced = {file.path.name for file in result.files}
        kept = {f for f in recorded.get(name, {}).get("files", []) if (out_dir / f).is_file()}
        entries[name] = {
            "input": input_label(result.target, out_dir),
            "files": sorted(produced | kept),
        }
    names = {target.name for target in every_target}
    gone = deal((name for name in recorded if name not in names), shard)
    for name in gone:
        mine.add(name)
        del entries[name]
        for file_name in recorded[name]["files"]:
            path = out_dir / file_name
            if not path.is_file():
                continue
            if check:
                files.append(FileResult(path, Status.ORPHANED))
                stale = True
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                files.append(FileResult(path, Status.REMOVED))
    listed = {f for entry in recorded.values() for f in entry["files"]}
    for path in _unrecorded(out_dir, names, listed, formats, shard):
        files.append(FileResult(path, Status.ORPHANED))
        notes[path] = UNKNOWN_NOTE
        stale = stale or check
    changed = any(entries.get(name) != recorded.get(name) for name in mine)
    path = manifest_path(out_dir)
    if check:
        if changed:
            files.append(FileResult(path, Status.STALE if path.exists() else Status.MISSING))
            stale = True
    elif changed or (mine and not path.exists()):
        write_atomic(path, render(entries))
    return Reconciled(tuple(files), notes, stale)


def _unrecorded(
    out_dir: Path,
    names: set[str],
    listed: set[str],
    formats: tuple[WriterSpec, ...],
    shard: Shard | None,
) -> list[Path]:
    """Files that look like outputs of the chosen formats but that no target makes and
    no build recorded (a briefing removed by hand, or from before the manifest)."""
    if not out_dir.is_dir():
        return []
    extensions = {spec.extension for spec in formats}
    candidates = {
        path.name: path
        for path in out_dir.iterdir()
        if path.is_file()
        and path.suffix in extensions
        and not path.name.startswith(".")
        and path.stem not in names
        and path.name not in listed
    }
    stems = deal({path.stem for path in candidates.values()}, shard)
    return sorted(path for path in candidates.values() if path.stem in stems)
