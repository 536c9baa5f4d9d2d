"""The DOCX package, opened defensively: the zip and its XML parts.

Everything is checked before anything is inflated or parsed, from what the zip's
central directory declares:

* an OLE compound file is a password-protected (encrypted) DOCX or a legacy ``.doc``;
* a file that is no zip, or a zip without a main document (an ODT, an XLSX), is not a
  DOCX;
* encrypted entries, too many entries, a part or a total larger than the limits, or a
  compression ratio no document reaches are refused as a zip bomb; a part is then read
  with its declared size as a hard limit, so a lying directory cannot inflate more;
* an XML part that declares a document type (the only way to define entities, external
  or not) is refused before parsing, so no entity is ever resolved or expanded.

Every refusal is an :class:`~formatter.errors.InputError` (exit 3) with one line
saying what is wrong. Standard library only.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from formatter.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 10_000
MAX_PART_BYTES = 256 * 1024 * 1024  # inflated, per part
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # inflated, all parts
MAX_RATIO = 200  # inflated / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024

OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@dataclass(frozen=True, slots=True)
class Package:
    """An opened DOCX: its parts by name (read on demand) and the main document's name."""

    name: str  # the input's file name, for messages
    zip: zipfile.ZipFile
    main: str  # e.g. "word/document.xml"

    def has(self, part: str) -> bool:
        return part in self.zip.NameToInfo

    def read(self, part: str) -> bytes:
        info = self.zip.getinfo(part)
        try:
            with self.zip.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
            raise InputError(self.name, f"damaged DOCX: cannot inflate {part} ({exc})") from None
        if len(data) > info.file_size:
            raise InputError(self.name, f"zip bomb: {part} inflates beyond its declared size")
        return data

    def xml(self, part: str) -> ET.Element:
        """Parse a part, refusing document types (entities) before parsing."""
        return parse_xml(self.name, part, self.read(part))

    def related(self, source: str, reltypes: tuple[str, ...]) -> list[str]:
        """Targets of ``source``'s relationships of the given types, as part names."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return []
        targets = []
        for rel in self.xml(rels).iter(_REL):
            if rel.get("Type") in reltypes and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
                targets.append(posixpath.normpath(path))
        return targets


def parse_xml(name: str, part: str, data: bytes) -> ET.Element:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at it decoded
        head = head.decode("utf-16", "replace").encode("utf-8", "replace")
    if _DOCTYPE.search(head) or _DOCTYPE.search(data):
        raise InputError(
            name, f"{part} declares a document type or entities: refused (no DOCX needs them)"
        )
    try:
        return ET.fromstring(data)  # noqa: S314 - no DOCTYPE, so no entity can be declared
    except ET.ParseError as exc:
        raise InputError(name, f"damaged DOCX: {part} is not well-formed XML ({exc})") from None


def open_package(name: str, data: bytes) -> Package:
    """Open DOCX bytes; an :class:`InputError` for anything that is not a sound DOCX."""
    if data.startswith(OLE_MAGIC):
        raise InputError(
            name,
            "an OLE compound file: a password-protected DOCX or an old .doc, not a DOCX "
            "this tool can read (remove the password, or save it as .docx)",
        )
    if not data.startswith(ZIP_MAGIC):
        raise InputError(name, "not a DOCX: the file is not a zip package")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(name, f"not a DOCX: damaged zip ({exc})") from None
    _check_sizes(name, package)
    if "mimetype" in package.NameToInfo and "[Content_Types].xml" not in package.NameToInfo:
        raise InputError(name, "an OpenDocument file (ODT or similar), not a DOCX")
    if "[Content_Types].xml" not in package.NameToInfo:
        raise InputError(name, "not a DOCX: a zip without [Content_Types].xml")
    opened = Package(name, package, "")
    main = _main_document(opened)
    return Package(name, package, main)


def _check_sizes(name: str, package: zipfile.ZipFile) -> None:
    infos = package.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(name, f"zip bomb: {len(infos):,} entries (a DOCX has a few dozen)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(name, f"encrypted zip entry {info.filename}: refused")
        if info.file_size > MAX_PART_BYTES:
            raise InputError(
                name, f"zip bomb: {info.filename} would inflate to {info.file_size:,} bytes"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputError(name, f"zip bomb: {info.filename} is compressed {ratio:,.0f} to 1")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InputError(name, f"zip bomb: the parts would inflate to {total:,} bytes")


def _main_document(package: Package) -> str:
    """The main document part, by the package relationship (word/document.xml usually)."""
    targets = package.related("", OFFICE_DOCUMENT) if package.has("_rels/.rels") else []
    for target in targets:
        if package.has(target):
            return target
    types = package.xml("[Content_Types].xml")
    for override in types.iter(f"{_CT}Override"):
        if override.get("ContentType") in MAIN_TYPES:
            part = override.get("PartName", "").lstrip("/")
            if package.has(part):
                return part
    raise InputError(package.name, "not a DOCX: the zip has no Word main document")
