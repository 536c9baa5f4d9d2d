"""Reading a tagged PDF back, for the tests: the structure tree as poppler prints it
(``pdfinfo -struct-text``), and a walk of the file with pypdf that checks the rules a
machine can check (see README, "Accessible and archival PDF")."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from tests.conftest import require_tool

# ISO 32000-1, 14.8.4: the standard structure types
STANDARD_TYPES = frozenset(
    {
     "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
     "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
     "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
     "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu",
     "WT", "WP", "Figure", "Formula", "Form",
    }
)  # fmt: skip
# operators that put marks on the page: text, paths, shadings, XObjects, inline images
PAINTING = frozenset(b"Tj TJ ' \" f F f* B B* b b* S s sh Do BI EI".split())


@dataclass
class Node:
    """One element of ``pdfinfo -struct-text``: its type, title and own text."""

    kind: str
    title: str | None
    depth: int
    text: str = ""
    kids: list[Node] = field(default_factory=list)


def struct_text(path: Path) -> Node:
    """The structure tree as poppler reads it, text included."""
    tool = require_tool("pdfinfo")
    output = subprocess.run(
        [tool, "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    root: Node | None = None
    stack: list[Node] = []
    for line in output.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("/"):
            continue  # an attribute line (/ListNumbering /Disc)
        depth = (len(line) - len(line.lstrip(" "))) // 2
        if stripped.startswith('"'):
            stack[-1].text += stripped[1:-1]
            continue
        match = re.match(r'(\w+)(?: "(.*)")?', stripped)
        assert match, line
        node = Node(match.group(1), match.group(2), depth)
        while stack and stack[-1].depth >= depth:
            stack.pop()
        if stack:
            stack[-1].kids.append(node)
        else:
            root = node
        stack.append(node)
    assert root is not None, output
    return root


def flatten(node: Node) -> list[tuple[int, str, str | None, str]]:
    """``(depth, kind, title, text)`` in reading order."""
    rows = [(node.depth, node.kind, node.title, node.text)]
    for kid in node.kids:
        rows += flatten(kid)
    return rows


# --- the pypdf walk ---------------------------------------------------------------


@dataclass
class Walk:
    """What the walk found: problems (empty when the file keeps every rule checked)
    and facts the tests look at."""

    problems: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    mcids_per_page: list[int] = field(default_factory=list)
    pages_of: dict[int, set[int]] = field(default_factory=dict)  # element id -> pages
    elements: dict[int, DictionaryObject] = field(default_factory=dict)


def _ref_id(obj: Any) -> int:
    return obj.idnum if isinstance(obj, IndirectObject) else id(obj)


def _string_bytes(value: Any) -> bytes:
    """The bytes of a string operand as they stand in the content stream."""
    original = getattr(value, "original_bytes", None)
    return original if isinstance(original, bytes) else str(value).encode("latin-1")


def _marked_content(page: Any, reader: PdfReader, walk: Walk, number: int) -> list[int]:  # noqa: PLR0912 - one branch per kind of operator
    """The MCIDs of a page in content order; every painting operator must sit in a
    tagged sequence or an artifact, and the two must never nest in each other."""
    stack: list[str] = []  # "tag" or "artifact" per open sequence
    mcids: list[int] = []
    content = ContentStream(page.get_contents(), reader)
    for operands, operator in content.operations:
        if operator == b"Tj" and b"\x00" in _string_bytes(operands[0]):
            # ReportLab's TrueType subsets are simple fonts whose code 0 is .notdef
            walk.problems.append(f"page {number}: text draws the .notdef glyph")
        if operator in (b"BDC", b"BMC"):
            tag = str(operands[0])
            if tag == "/Artifact":
                if "tag" in stack:
                    walk.problems.append(f"page {number}: an artifact inside tagged content")
                stack.append("artifact")
                continue
            properties = operands[1] if operator == b"BDC" else None
            if not isinstance(properties, DictionaryObject) or "/MCID" not in properties:
                walk.problems.append(f"page {number}: {tag} without an MCID")
                stack.append("other")
                continue
            if stack:
                walk.problems.append(f"page {number}: {tag} nested in another sequence")
            mcids.append(int(properties["/MCID"]))
            stack.append("tag")
        elif operator == b"EMC":
            if not stack:
                walk.problems.append(f"page {number}: EMC without a sequence")
            else:
                stack.pop()
        elif operator in (b"k", b"K"):  # DeviceCMYK needs a CMYK output intent
            walk.problems.append(f"page {number}: a DeviceCMYK colour")
        elif operator in PAINTING and not stack:
            walk.problems.append(f"page {number}: {operator.decode()} outside marked content")
        elif operator == b"INLINE IMAGE" and not stack:
            walk.problems.append(f"page {number}: an inline image outside marked content")
    if stack:
        walk.problems.append(f"page {number}: {len(stack)} sequence(s) left open")
    return mcids


def walk(path: Path) -> Walk:  # noqa: PLR0912 - one pass over every rule
    result = Walk()
    problems = result.problems
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    if reader.trailer.get("/Encrypt") is not None:
        problems.append("the file is encrypted")
    ids = reader.trailer.get("/ID")
    if not ids or len(ids) != 2:
        problems.append("no file identifier")
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked")):
        problems.append("MarkInfo /Marked is not true")
    if not root.get("/Lang"):
        problems.append("no /Lang")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        problems.append("DisplayDocTitle is not true")
    intents = root.get("/OutputIntents") or []
    if not any(intent.get_object().get("/S") == "/GTS_PDFA1" for intent in intents):
        problems.append("no PDF/A output intent")

    tree_root = root.get("/StructTreeRoot")
    if tree_root is None:
        problems.append("no StructTreeRoot")
        return result
    tree_root = tree_root.get_object()
    role_map = tree_root.get("/RoleMap", {})

    # pages: their MCIDs and StructParents keys
    page_ids = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    page_mcids: dict[int, list[int]] = {}
    keys: dict[int, int] = {}
    for number, page in enumerate(reader.pages):
        mcids = _marked_content(page, reader, result, number + 1)
        result.mcids_per_page.append(len(mcids))
        if sorted(mcids) != list(range(len(mcids))):
            problems.append(f"page {number + 1}: MCIDs are not 0..n-1 once each: {mcids}")
        page_mcids[number] = mcids
        if "/StructParents" in page:
            keys[number] = int(page["/StructParents"])
        elif mcids:
            problems.append(f"page {number + 1}: marked content but no StructParents")
        for name, xobject in (page.get("/Resources", {}).get("/XObject", {}) or {}).items():
            group = xobject.get_object().get("/Group")
            if group is not None and group.get("/S") == "/Transparency":
                problems.append(f"page {number + 1}: {name} is a transparency group")
        group = page.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            problems.append(f"page {number + 1}: a transparency group")

    # the tree: every element standard (or role-mapped), MCIDs owned once
    owner: dict[tuple[int, int], int] = {}

    def visit(reference: Any, parent: int | None) -> None:
        element = reference.get_object()
        ident = _ref_id(reference)
        kind = str(element["/S"])[1:]
        mapped = str(role_map.get(f"/{kind}", f"/{kind}"))[1:]
        if mapped not in STANDARD_TYPES:
            problems.append(f"structure type {kind} is neither standard nor role-mapped")
        result.kinds[kind] += 1
        result.elements[ident] = element
        parent_ref = element.get("/P")
        if parent is not None and (parent_ref is None or _ref_id(parent_ref) != parent):
            problems.append(f"{kind}: /P does not point to its parent")
        home = element.get("/Pg")
        kids = element.get("/K", [])
        if not isinstance(kids, list):
            kids = [kids]
        for kid in kids:
            target = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(target, int):
                if home is None:
                    problems.append(f"{kind}: an MCID without /Pg")
                    continue
                page = page_ids[home.idnum]
                mcid = int(target)
            elif isinstance(target, DictionaryObject) and target.get("/Type") == "/MCR":
                page, mcid = page_ids[target.raw_get("/Pg").idnum], int(target["/MCID"])
            elif isinstance(target, DictionaryObject) and target.get("/Type") == "/OBJR":
                continue
            else:
                visit(kid, ident)
                continue
            if (page, mcid) in owner:
                problems.append(f"page {page + 1} MCID {mcid} belongs to two elements")
            owner[(page, mcid)] = ident
            result.pages_of.setdefault(ident, set()).add(page)

    for kid in (
        tree_root.get("/K", []) if isinstance(tree_root.get("/K"), list) else [tree_root["/K"]]
    ):
        visit(kid, None)
    for page, mcids in page_mcids.items():
        for mcid in mcids:
            if (page, mcid) not in owner:
                problems.append(f"page {page + 1} MCID {mcid} is in no structure element")

    # ParentTree: key k -> the owners of page k's MCIDs, by MCID
    nums = tree_root["/ParentTree"].get_object().get("/Nums", [])
    parent_tree = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    if set(parent_tree) != set(keys.values()):
        problems.append(f"ParentTree keys {sorted(parent_tree)} != StructParents {keys}")
    next_key = int(tree_root.get("/ParentTreeNextKey", 0))
    if keys and next_key <= max(keys.values()):
        problems.append("ParentTreeNextKey is not above every key")
    for page, key in keys.items():
        entries = parent_tree.get(key, [])
        if len(entries) != len(page_mcids[page]):
            problems.append(f"page {page + 1}: ParentTree has {len(entries)} entries")
            continue
        for mcid, entry in enumerate(entries):
            if owner.get((page, mcid)) != _ref_id(entry):
                problems.append(f"page {page + 1} MCID {mcid}: ParentTree names another element")
    return result
