"""What a DOCX or PDF was built from, as one SHA-256 stored in the document itself.

``build --check`` must not go red because a new ReportLab or zlib compresses the same
document into other bytes. So a document is fresh when it was built from the same
things, whatever the bytes of its compressed streams:

* the document plan (every printed word in order, the running heads, the metadata: so
  the article, its sidecar, the taxonomy and the pipeline's code are all in it),
* the theme (every value, and each font file's content identity rather than its path:
  see :func:`formatter.fontfile.identity`),
* the date stored in the document (the article's, else ``SOURCE_DATE_EPOCH``),
* the source code of the writer that renders it (``formatter/writers/docx/`` or
  ``formatter/writers/pdf/``), of the modules it shares and the data it embeds (the
  PDF's sRGB profile), and the package version.

The versions of python-docx, ReportLab, zlib and the rest are deliberately left out.
The DOCX keeps the fingerprint as the custom property ``BriefingFingerprint``, the PDF
as the ``/BriefingFingerprint`` entry of its information dictionary. Markdown and JSON
depend on no rendering library: ``--check`` compares their bytes, and with ``--exact``
the bytes of every file.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib.util
import io
import re
import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from formatter import __version__, fontfile
from formatter.plan import Block, Plan
from formatter.theme import Theme

SCHEMA = "briefing-formatter/fingerprint/1"
PROPERTY = "BriefingFingerprint"
PACKAGE_DIR = Path(__file__).resolve().parent
# Modules every writer's output depends on besides its own subpackage and the plan.
SHARED_MODULES = ("units.py", "fontfile.py", "timestamps.py")
WRITER_PACKAGES = {"docx": "formatter.writers.docx", "pdf": "formatter.writers.pdf"}
# Shipped files a writer copies into its documents (beside fonts, which the theme covers).
WRITER_DATA = {"docx": (), "pdf": ("data/icc/sRGB-v2-briefing.icc",)}
_PDF_ENTRY = re.compile(rb"/" + PROPERTY.encode() + rb"\s*\(([0-9a-f]{64})\)")
_DOCX_ENTRY = re.compile(
    rb'name="' + PROPERTY.encode() + rb'"[^>]*>\s*<vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>'
)
_MAX_PART = 1 << 20  # bytes: a custom-properties part is a few hundred


def fingerprint(
    plan: Plan, theme: Theme, writer: str, moment: datetime | None, record: str = ""
) -> str:
    """The SHA-256 (hex) of what the ``writer`` document of ``plan`` is built from;
    ``record`` is the digest of the briefing record a DOCX carries (see
    :mod:`formatter.record`)."""
    digest = hashlib.sha256()
    for piece in (
        SCHEMA,
        __version__,
        writer,
        code_digest(writer),
        theme_digest(theme),
        moment.isoformat() if moment else "undated",
        repr(plan.running),
        repr(plan.properties),
        *([record] if record else []),  # only the DOCX carries a record
    ):
        digest.update(piece.encode("utf-8"))
        digest.update(b"\x00")
    for block in plan.blocks:
        digest.update(_printed(block).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _printed(block: Block) -> str:
    """What a DOCX or PDF prints of a block: its kind and its text fields, in order.
    (A body paragraph's assignment shows only in the Markdown, which is compared by
    its bytes.) Faster than ``repr`` on the paragraphs of a long article."""
    values = []
    for field in dataclasses.fields(block):
        value = getattr(block, field.name)
        if isinstance(value, str | int) or value is None:
            values.append(repr(value))
        elif isinstance(value, tuple):
            values.append("\x1f".join(value))
    return type(block).__name__ + "\x1e" + "\x1e".join(values)


@cache
def code_digest(writer: str) -> str:
    """SHA-256 of the writer subpackage's source, the shared modules it uses (line
    endings normalised, so a checkout with CRLF gives the same digest) and the data
    files it embeds."""
    spec = importlib.util.find_spec(WRITER_PACKAGES[writer])
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"the {writer} writer is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(folder.glob("*.py")) + [PACKAGE_DIR / name for name in SHARED_MODULES]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\x00")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\x00")
    for name in WRITER_DATA[writer]:
        digest.update(name.encode("utf-8") + b"\x00" + (PACKAGE_DIR / name).read_bytes())
    return digest.hexdigest()


@cache
def theme_digest(theme: Theme) -> str:
    """SHA-256 of every value of the theme, font files by content (never by path)."""
    return hashlib.sha256(_canonical(theme).encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    if isinstance(value, Path):
        return f"file:{fontfile.identity(value)}"
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (
            f"{field.name}={_canonical(getattr(value, field.name))}"
            for field in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({', '.join(fields)})"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_canonical(item) for item in value) + "]"
    return repr(value)


# --- reading a stored fingerprint back ----------------------------------------------


def stored(data: bytes, writer: str) -> str | None:
    """The fingerprint a DOCX or PDF carries, or None (not ours, older, or damaged)."""
    if writer == "pdf":
        match = _PDF_ENTRY.search(data)
        return match.group(1).decode() if match else None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("docProps/custom.xml")
            if info.file_size > _MAX_PART:
                return None
            part = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    match = _DOCX_ENTRY.search(part)
    return match.group(1).decode() if match else None
