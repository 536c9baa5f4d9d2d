"""Document properties: the core properties, the custom ones and the briefing record."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from formatter import record
from formatter.model import Origin
from formatter.readers.docx.package import Package

CORE_PART = "docProps/core.xml"
CUSTOM_PART = "docProps/custom.xml"
_CORE_FIELDS = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://purl.org/dc/elements/1.1/}creator": "creator",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords": (
        "keywords"
    ),
    "{http://purl.org/dc/elements/1.1/}language": "language",
    "{http://purl.org/dc/terms/}created": "created",
}
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"
_RECORD = "{" + record.NAMESPACE + "}record"
_CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"


@dataclass(frozen=True, slots=True)
class Properties:
    core: dict[str, str]  # title, subject, creator, keywords, language, created
    custom: dict[str, str]
    record: record.Record | None
    record_problem: str | None  # why a record that is there could not be used

    @property
    def origin(self) -> Origin | None:
        """The article the DOCX was first built from, if it says so."""
        if self.record is not None:
            provenance = self.record.provenance
            return provenance.original or Origin(provenance.source_name, provenance.sha256)
        name = self.custom.get(record.ARTICLE_PROPERTY)
        sha256 = self.custom.get(record.ARTICLE_SHA256_PROPERTY)
        return Origin(name or "unknown", sha256) if sha256 else None


def read_properties(package: Package) -> Properties:
    core: dict[str, str] = {}
    if package.has(CORE_PART):
        for element in package.xml(CORE_PART):
            name = _CORE_FIELDS.get(element.tag)
            if name and element.text and element.text.strip():
                core[name] = " ".join(element.text.split())
    custom: dict[str, str] = {}
    if package.has(CUSTOM_PART):
        for prop in package.xml(CUSTOM_PART).iter(_CUSTOM):
            value = "".join(child.text or "" for child in prop)
            custom[prop.get("name", "")] = value.strip()
    found, problem = _record(package)
    return Properties(core, custom, found, problem)


def _record(package: Package) -> tuple[record.Record | None, str | None]:
    for part in package.related(package.main, (_CUSTOM_XML_REL,)):
        if not package.has(part):
            continue
        root: Element = package.xml(part)
        if root.tag != _RECORD:
            continue
        try:
            return record.loads(root.text or ""), None
        except record.RecordError as exc:
            return None, str(exc)
    return None, None
