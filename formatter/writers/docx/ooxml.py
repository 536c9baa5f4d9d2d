"""Raw Office Open XML that python-docx has no API for, and the reproducible zip.

This module uses only the standard library (it never imports python-docx): the DOCX
writer hands it values and gets back finished package parts as bytes. It writes the
package-level parts outright (core and extended properties, settings, font table)
rather than editing the ones python-docx's template carries, so no template leftover
(creator, 2013 dates, rsids, preview-picture flag) can survive into a briefing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Characters XML 1.0 forbids: most C0 controls, surrogates, U+FFFE and U+FFFF.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Package parts first in this order (the content types must lead, readers look for it),
# then every other part sorted by name.
_LEADING_ENTRIES = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "docProps/custom.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
)
_COMPRESSION = zipfile.ZIP_DEFLATED
_COMPRESS_LEVEL = 6
# Zip entry "made by" system and attributes: fixed, rather than whatever the host
# (Windows or Unix) would give; Unix, mode rw-r--r--.
_CREATE_SYSTEM = 3
_EXTERNAL_ATTR = 0o100644 << 16


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold (python-docx raises on them)."""
    return _XML_INVALID.sub("", text)


# xml.sax.saxutils does the same, but importing it imports urllib.request and
# http.client: 20 ms of every cold start.
_ATTR_ENTITIES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def _text(value: str) -> str:
    """Character data, as ``xml.sax.saxutils.escape`` writes it (three replacements:
    far quicker than ``str.translate`` on the megabytes of a briefing record)."""
    return xml_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    """A quoted attribute value, as ``xml.sax.saxutils.quoteattr`` writes it."""
    data = xml_text(value).translate(_ATTR_ENTITIES)
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"' + data.replace('"', "&quot;") + '"'


def _w3cdtf(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def core_properties(
    *,
    title: str,
    subject: str | None,
    creator: str | None,
    keywords: str,
    description: str,
    language: str,
    category: str,
    identifier: str,
    moment: datetime | None,
) -> bytes:
    """``docProps/core.xml``: revision 1, dates only when the briefing has one."""
    fields = [f"<dc:title>{_text(title)}</dc:title>"]
    if subject:
        fields.append(f"<dc:subject>{_text(subject)}</dc:subject>")
    if creator:
        fields.append(f"<dc:creator>{_text(creator)}</dc:creator>")
    if keywords:
        fields.append(f"<cp:keywords>{_text(keywords)}</cp:keywords>")
    fields.append(f"<dc:description>{_text(description)}</dc:description>")
    if creator:
        fields.append(f"<cp:lastModifiedBy>{_text(creator)}</cp:lastModifiedBy>")
    fields += [
        "<cp:revision>1</cp:revision>",
        f"<dc:language>{_text(language)}</dc:language>",
        f"<cp:category>{_text(category)}</cp:category>",
        f"<dc:identifier>{_text(identifier)}</dc:identifier>",
    ]
    if moment is not None:
        stamp = _w3cdtf(moment)
        fields += [
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>',
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>',
        ]
    return (
        _DECLARATION + "<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(fields)
        + "</cp:coreProperties>"
    ).encode("utf-8")


CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
# the format id every custom document property carries (ECMA-376, part 1, 22.3.2.2)
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties(properties: Mapping[str, str]) -> bytes:
    """``docProps/custom.xml``: text properties Word lists under File > Properties >
    Custom (the build fingerprint)."""
    entries = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name={_attr(name)}>'
        f"<vt:lpwstr>{_text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        _DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{entries}</Properties>'
    ).encode("utf-8")


def with_custom_part(parts: dict[str, bytes]) -> None:
    """Declare ``docProps/custom.xml`` in ``[Content_Types].xml`` and ``_rels/.rels``
    (python-docx's template has no custom-properties part)."""
    types = parts["[Content_Types].xml"]
    override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CUSTOM_TYPE}"/>'
    if override.encode() not in types:
        parts["[Content_Types].xml"] = types.replace(b"</Types>", override.encode() + b"</Types>")
    rels = parts["_rels/.rels"]
    if _CUSTOM_REL.encode() not in rels:
        numbers = [int(n) for n in re.findall(rb'Id="rId(\d+)"', rels)]
        rel = f'<Relationship Id="rId{max(numbers, default=0) + 1}" Type="{_CUSTOM_REL}" '
        rel += f'Target="{CUSTOM_PART}"/>'
        parts["_rels/.rels"] = rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


RECORD_PART = "customXml/item1.xml"
_RECORD_PROPS = "customXml/itemProps1.xml"
_RECORD_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_CUSTOM_XML_PROPS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
# a fixed data-store id (Word needs one; a random one would break reproducibility)
_RECORD_ITEM_ID = "{5B1E6F0A-7C3D-4E2B-9A41-0D2F8C6B1E57}"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def with_record_part(parts: dict[str, bytes], namespace: str, record: str) -> None:
    """Add ``record`` (text) as a custom XML data part of the main document: Word keeps
    such parts through editing, and LibreOffice keeps them when it saves a DOCX."""
    parts[RECORD_PART] = (
        _DECLARATION + f"<record xmlns={_attr(namespace)}>{_text(record)}</record>"
    ).encode("utf-8")
    parts[_RECORD_PROPS] = (
        _DECLARATION + f'<ds:datastoreItem ds:itemID="{_RECORD_ITEM_ID}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f"<ds:schemaRefs><ds:schemaRef ds:uri={_attr(namespace)}/></ds:schemaRefs>"
        "</ds:datastoreItem>"
    ).encode("utf-8")
    parts["customXml/_rels/item1.xml.rels"] = (
        _DECLARATION + f'<Relationships xmlns="{_RELS_NS}"><Relationship Id="rId1" '
        f'Type="{_CUSTOM_XML_PROPS_REL}" Target="itemProps1.xml"/></Relationships>'
    ).encode("utf-8")
    types = parts["[Content_Types].xml"]
    override = f'<Override PartName="/{_RECORD_PROPS}" ContentType="{_RECORD_PROPS_TYPE}"/>'
    if b'Extension="xml"' not in types:
        override += '<Default Extension="xml" ContentType="application/xml"/>'
    parts["[Content_Types].xml"] = types.replace(b"</Types>", override.encode() + b"</Types>")
    rels = parts["word/_rels/document.xml.rels"]
    numbers = [int(n) for n in re.findall(rb'Id="rId(\d+)"', rels)]
    rel = f'<Relationship Id="rId{max(numbers, default=0) + 1}" Type="{_CUSTOM_XML_REL}" '
    rel += 'Target="../customXml/item1.xml"/>'
    parts["word/_rels/document.xml.rels"] = rels.replace(
        b"</Relationships>", rel.encode() + b"</Relationships>"
    )


def app_properties(application: str) -> bytes:
    """``docProps/app.xml`` without the template's Word version, template name and
    zero page and word counts (Word recomputes the statistics when it saves)."""
    return (
        _DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes"><Application>{_text(application)}</Application>'
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode("utf-8")


def settings(*, language: str, hyphenate: bool, tab_stop_twips: int) -> bytes:
    """``word/settings.xml``: current compatibility mode (no "Compatibility Mode" in
    Word's title bar), automatic hyphenation as the theme says, no revision ids and
    no request to save a preview picture."""
    hyphenation = "<w:autoHyphenation/>" if hyphenate else ""
    return (
        _DECLARATION + f'<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/>'
        f'<w:defaultTabStop w:val="{tab_stop_twips}"/>'
        f"{hyphenation}"
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        "<w:compat>"
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
        'office/word" w:val="15"/>'
        '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
        '<w:compatSetting w:name="enableOpenTypeFeatures" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
        '<w:compatSetting w:name="doNotFlipMirrorIndents" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
        "</w:compat>"
        f"<w:themeFontLang w:val={_attr(language)}/>"
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
        'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
        'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
        'w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    ).encode("utf-8")


def font_table(names: Iterable[str]) -> bytes:
    """``word/fontTable.xml`` naming the theme's families (not the template's)."""
    fonts = "".join(
        f"<w:font w:name={_attr(name)}>"
        '<w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
        "</w:font>"
        for name in dict.fromkeys(names)
    )
    return (_DECLARATION + f'<w:fonts xmlns:w="{W_NS}">{fonts}</w:fonts>').encode("utf-8")


_THEME_FONT = re.compile(
    rb"(<a:(?P<kind>major|minor)Font>\s*<a:latin typeface=)\"[^\"]*\"", flags=re.DOTALL
)


def theme_fonts(theme_xml: bytes, *, major: str, minor: str) -> bytes:
    """The DrawingML theme with its heading (major) and body (minor) Latin fonts
    replaced, so Word's "Headings" and "Body" theme fonts name the briefing's fonts."""
    names = {b"major": major, b"minor": minor}

    def replace(match: re.Match[bytes]) -> bytes:
        value = _attr(names[match.group("kind")]).encode("utf-8")
        return match.group(1) + value

    return _THEME_FONT.sub(replace, theme_xml)


def reproducible_zip(
    package: bytes,
    date_time: tuple[int, int, int, int, int, int],
    replace: Mapping[str, bytes],
    custom: Mapping[str, str] | None = None,
    record: tuple[str, str] | None = None,
) -> bytes:
    """Rewrite a saved package with fixed entry order, timestamps, compression and
    attributes, substituting the parts in ``replace`` (each must already exist) and
    adding the ``custom`` document properties and the ``record`` part (its XML
    namespace and text)."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    missing = sorted(set(replace) - set(parts))
    if missing:
        raise ValueError(f"cannot replace missing package part(s): {', '.join(missing)}")
    parts.update(replace)
    if custom:
        parts[CUSTOM_PART] = custom_properties(custom)
        with_custom_part(parts)
    if record:
        with_record_part(parts, *record)
    leading = [name for name in _LEADING_ENTRIES if name in parts]
    order = leading + sorted(set(parts) - set(leading))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = _COMPRESSION
            info.create_system = _CREATE_SYSTEM
            info.external_attr = _EXTERNAL_ATTR
            target.writestr(info, parts[name], compresslevel=_COMPRESS_LEVEL)
    return buffer.getvalue()
