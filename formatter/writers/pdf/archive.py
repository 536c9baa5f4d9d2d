"""What makes the PDF archival and self-describing: XMP metadata and the output intent.

* :func:`xmp` is the XMP packet for the catalog's ``/Metadata``: the same title,
  author, subject, keywords, producer, creator tool and dates as the information
  dictionary (PDF/A requires them to agree), the document language, and the claims
  ``pdfaid:part 2`` / ``pdfaid:conformance B`` (PDF/A-2b) and ``pdfuaid:part 1``
  (PDF/UA-1), with the PDF/A extension schema that declares ``pdfuaid``.
* :func:`output_intent` is the sRGB output intent, with the profile the package ships
  (``formatter/data/icc/``, computed by :mod:`formatter.srgb`, licence beside it).

The metadata stream is written uncompressed, as PDF/A wants, by :class:`MetadataStream`.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Any

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
    PDFZCompress,
)

from formatter.resources import DATA_DIR
from formatter.writers.pdf.patches import install_stream_eol

install_stream_eol(pdfdoc, REPORTLAB_VERSION)  # see formatter.writers.pdf.patches

ICC_PROFILE = DATA_DIR / "icc" / "sRGB-v2-briefing.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
PDF_VERSION = (1, 7)  # PDF/A-2 and PDF/UA-1 both build on ISO 32000-1 (PDF 1.7)

# characters XML 1.0 cannot hold
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    """Text for an XML element. (Not xml.sax.saxutils.escape: importing it loads
    urllib.request and costs about 13 ms per process.)"""
    value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_date(moment: datetime) -> str:
    """``2026-11-25T00:00:00+00:00``: the XMP form of the information dictionary's
    ``D:20261125000000+00'00'``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def xmp(info: Any, language: str, moment: datetime | None) -> bytes:
    """The XMP packet agreeing with ``info`` (the canvas's information dictionary)."""
    dc = [
        "<dc:format>application/pdf</dc:format>",
        _alt("dc:title", info.title),
    ]
    if info.author:
        dc.append(
            f"<dc:creator><rdf:Seq><rdf:li>{_text(info.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if info.subject:
        dc.append(_alt("dc:description", info.subject))
    dc.append(f"<dc:language><rdf:Bag><rdf:li>{_text(language)}</rdf:li></rdf:Bag></dc:language>")
    tool = [f"<xmp:CreatorTool>{_text(info.creator)}</xmp:CreatorTool>"] if info.creator else []
    if moment is not None:
        stamp = xmp_date(moment)
        tool += [f"<xmp:CreateDate>{stamp}</xmp:CreateDate>"]
        tool += [f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>"]
        tool += [f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>"]
    pdf = [f"<pdf:Producer>{_text(info.producer)}</pdf:Producer>"]
    if info.keywords:
        pdf.append(f"<pdf:Keywords>{_text(info.keywords)}</pdf:Keywords>")
    pdf.append("<pdf:Trapped>False</pdf:Trapped>")
    descriptions = [
        _description("dc", "http://purl.org/dc/elements/1.1/", dc),
        _description("xmp", "http://ns.adobe.com/xap/1.0/", tool),
        _description("pdf", "http://ns.adobe.com/pdf/1.3/", pdf),
        _description(
            "pdfaid",
            "http://www.aiim.org/pdfa/ns/id/",
            ["<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>"],
        ),
        _description(
            "pdfuaid", "http://www.aiim.org/pdfua/ns/id/", ["<pdfuaid:part>1</pdfuaid:part>"]
        ),
        _PDFUA_EXTENSION,
    ]
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        + "\n".join(descriptions)
        + "\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
    return packet.encode("utf-8")


def _alt(name: str, value: str) -> str:
    item = f'<rdf:li xml:lang="x-default">{_text(value)}</rdf:li>'
    return f"<{name}><rdf:Alt>{item}</rdf:Alt></{name}>"


def _description(prefix: str, uri: str, properties: list[str]) -> str:
    body = "\n".join(properties)
    return f'<rdf:Description rdf:about="" xmlns:{prefix}="{uri}">\n{body}\n</rdf:Description>'


# PDF/A accepts only the XMP schemas it predates unless a file declares the others:
# pdfuaid (ISO 14289) is declared here.
_PDFUA_EXTENSION = """\
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


class MetadataStream(PDFObject):  # type: ignore[misc]
    """An uncompressed ``/Type /Metadata /Subtype /XML`` stream."""

    __RefOnly__ = 1

    def __init__(self, packet: bytes) -> None:
        self.packet = packet

    def format(self, document: Any) -> bytes:
        head = f"<< /Length {len(self.packet)} /Subtype /XML /Type /Metadata >>"
        return head.encode("ascii") + b"\nstream\n" + self.packet + b"\nendstream\n"


@cache
def _compressed_profile() -> bytes:
    """The shipped profile, Flate-compressed once per process."""
    compressed: bytes = PDFZCompress.encode(ICC_PROFILE.read_bytes())
    return compressed


def output_intent() -> PDFDictionary:
    """The PDF/A output intent: sRGB, with the shipped ICC profile embedded."""
    header = PDFDictionary({"N": 3, "Filter": PDFName("FlateDecode")})
    stream = PDFStream(header, content=_compressed_profile())
    return PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
            "Info": PDFString(OUTPUT_CONDITION),
            "RegistryName": PDFString("http://www.color.org"),
            "DestOutputProfile": stream,
        }
    )
