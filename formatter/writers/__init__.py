"""The writer registry: one module per output format, imported only when used.

Every writer module exposes ``render(briefing, theme) -> bytes``. Rendering to bytes
(rather than to a path) lets the build write atomically and lets ``build --check``
compare a fresh build with what is on disk without writing anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from formatter.errors import UsageError

if TYPE_CHECKING:
    from formatter.model import Briefing
    from formatter.theme import Theme

Render = Callable[["Briefing", "Theme"], bytes]


@dataclass(frozen=True, slots=True)
class WriterSpec:
    name: str
    extension: str
    module: str
    description: str

    def load(self) -> Render:
        module = importlib.import_module(self.module)
        render: Render = module.render
        return render


WRITERS: dict[str, WriterSpec] = {
    spec.name: spec
    for spec in (
        WriterSpec("docx", ".docx", "formatter.writers.docx", "Word document (python-docx)"),
        WriterSpec("pdf", ".pdf", "formatter.writers.pdf", "typeset PDF (ReportLab)"),
        WriterSpec("md", ".md", "formatter.writers.markdown", "Markdown, for review diffs"),
        WriterSpec("json", ".json", "formatter.writers.json", "the whole briefing model"),
    )
}
ALIASES = {"markdown": "md"}
DEFAULT_FORMATS = ("docx", "pdf")


def parse_formats(text: str) -> tuple[WriterSpec, ...]:
    """``"docx,pdf"`` -> writer specs, in the order given, without repeats."""
    specs: list[WriterSpec] = []
    for raw in text.split(","):
        name = ALIASES.get(raw.strip().lower(), raw.strip().lower())
        if not name:
            continue
        if name not in WRITERS:
            known = ", ".join(WRITERS)
            raise UsageError("--format", f"unknown format {raw.strip()!r} (known: {known})")
        if WRITERS[name] not in specs:
            specs.append(WRITERS[name])
    if not specs:
        raise UsageError("--format", "no format given")
    return tuple(specs)
