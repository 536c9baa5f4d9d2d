"""The taxonomy: sections, their weighted cues, and a fast matcher for them.

The taxonomy (TOML) lists sections and weighted cues. A cue is a word or phrase whose
words may end in ``*`` to match any word starting with them. Matching runs on a
case-folded word list, so each paragraph costs time linear in its length: a word is
looked up in one dictionary of exact words and one of prefixes (tried at each length
of the word), and a phrase is confirmed from there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from formatter.errors import TaxonomyError
from formatter.model import CueMatch
from formatter.resources import default_taxonomy_path
from formatter.tomlfile import Table, load_toml

_WORD = re.compile(r"\w+")
_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@dataclass(frozen=True, slots=True, eq=False)
class Cue:
    """A weighted cue of a section: a word or phrase (``parts``), or a combination
    ``"a & b"`` that counts once when each of its terms occurs in the same paragraph.
    A term of a combination is a word, a phrase or ``@group``, any word of a group
    (``terms`` holds each term's alternatives, as weightless cues). Cues compare by
    identity: each is one entry of the taxonomy."""

    text: str  # as written in the taxonomy
    section_id: str
    weight: float
    parts: tuple[tuple[str, bool], ...] = ()  # (word, is_prefix); empty for a combination
    terms: tuple[tuple[Cue, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class SectionSpec:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    sections: tuple[SectionSpec, ...]
    fallback: str
    lede_section: str | None
    min_score: float  # the least evidence of its own that files a paragraph under a theme
    cues: tuple[Cue, ...]
    source: str  # the file name, for messages
    article_min_score: float = 0.0  # evidence that makes an article about a theme
    article_min_share: float = 0.0  # or this share of the body clearly about it
    framing_weight: float = 1.0  # how much more the headline's and the lede's cues count
    passages: bool = False  # a paragraph without evidence takes its passage's theme
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # [groups]: name -> words

    def title(self, section_id: str) -> str:
        return next(spec.title for spec in self.sections if spec.id == section_id)

    @property
    def named_ids(self) -> tuple[str, ...]:
        """Sections with a theme of their own: all but the fallback."""
        return tuple(spec.id for spec in self.sections if spec.id != self.fallback)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    return _load(path.resolve() if path is not None else default_taxonomy_path())


@cache
def _load(path: Path) -> Taxonomy:
    root = Table(load_toml(path, TaxonomyError), "", path.name, TaxonomyError)
    groups = _groups(root)
    specs: list[SectionSpec] = []
    cues: list[Cue] = []
    for table in root.tables("sections"):
        section_id = table.text("id")
        if not _ID.match(section_id):
            raise table.fail("id", f"{section_id!r} must be lower-case letters, digits, - or _")
        if any(spec.id == section_id for spec in specs):
            raise table.fail("id", f"section {section_id!r} is defined twice")
        title = table.text("title").strip()
        if not title:
            raise table.fail("title", "must not be empty")
        specs.append(SectionSpec(section_id, title))
        cue_table = table.table("cues") if table.has("cues") else Table({}, "", "", TaxonomyError)
        for cue_text in cue_table.data:
            weight = cue_table.number(cue_text, 0.0, 100.0)
            cues.append(_parse_cue(cue_text, section_id, weight, cue_table, groups))
        table.reject_unknown()
    if not specs:
        raise root.fail("sections", "at least one section is needed")
    ids = {spec.id for spec in specs}
    fallback = root.text("fallback")
    if fallback not in ids:
        raise root.fail("fallback", f"{fallback!r} is not one of the sections")
    lede = root.optional_text("lede_section") or None
    if lede is not None and lede not in ids:
        raise root.fail("lede_section", f"{lede!r} is not one of the sections")
    taxonomy = Taxonomy(
        sections=tuple(specs),
        fallback=fallback,
        lede_section=lede,
        min_score=root.number("min_score", 0.0, 1000.0),
        cues=tuple(cues),
        source=path.name,
        article_min_score=root.number("article_min_score", 0.0, 1000.0, default=0.0),
        article_min_share=root.number("article_min_share", 0.0, 1.0, default=0.0),
        framing_weight=root.number("framing_weight", 1.0, 10.0, default=1.0),
        passages=root.flag("passages", default=False),
        groups=tuple((name, tuple(cue.text for cue in found)) for name, found in groups.items()),
    )
    root.reject_unknown()
    return taxonomy


def _groups(root: Table) -> dict[str, tuple[Cue, ...]]:
    """``[groups]``: named lists of words and phrases that combinations refer to."""
    if not root.has("groups"):
        return {}
    table = root.table("groups")
    found = {}
    for name in table.data:
        if not _ID.match(name):
            raise table.fail(name, "a group name must be lower-case letters, digits, - or _")
        members = table.text_list(name)
        if not members:
            raise table.fail(name, "a group needs at least one word")
        found[name] = tuple(_parse_term(member, "", table) for member in members)
    return found


def _parse_cue(
    text: str, section_id: str, weight: float, table: Table, groups: dict[str, tuple[Cue, ...]]
) -> Cue:
    raw_terms = [term.strip() for term in text.split("&")]
    if len(raw_terms) == 1 and not text.strip().startswith("@"):
        term = _parse_term(text, section_id, table)
        return Cue(text, section_id, weight, term.parts)
    terms: list[tuple[Cue, ...]] = []
    for raw in raw_terms:
        if not raw:
            raise table.fail(text, "a combination needs a term on each side of &")
        if raw.startswith("@"):
            if raw[1:] not in groups:
                raise table.fail(text, f"no group {raw[1:]!r} in [groups]")
            terms.append(groups[raw[1:]])
        else:
            terms.append((_parse_term(raw, section_id, table),))
    return Cue(text, section_id, weight, terms=tuple(terms))


def _parse_term(term: str, section_id: str, table: Table) -> Cue:
    parts: list[tuple[str, bool]] = []
    for raw in term.split():
        prefix = raw.endswith("*")
        found = words(raw.rstrip("*"))
        if not found:
            raise table.fail(term, "a cue needs letters or digits")
        parts.extend((word, False) for word in found[:-1])
        parts.append((found[-1], prefix))
    return Cue(term, section_id, 0.0, tuple(parts))


class Matcher:
    """Finds a taxonomy's cues in a list of words.

    The cues that may start at a word depend only on the word, so they are looked up
    once per distinct word and remembered (up to :attr:`MEMO_LIMIT` words)."""

    MEMO_LIMIT = 200_000

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._exact: dict[str, list[Cue]] = defaultdict(list)
        self._prefix: dict[str, list[Cue]] = defaultdict(list)
        # every word or phrase is an atom to find; a combination is checked afterwards
        # from the atoms found, starting from those of its first term
        self._combinations: dict[int, list[Cue]] = defaultdict(list)  # id(atom) -> cues
        self._atoms: set[int] = set()  # ids of the weightless atoms of combinations
        registered: set[int] = set()
        for cue in taxonomy.cues:
            atoms = [cue] if cue.parts else [atom for term in cue.terms for atom in term]
            for atom in atoms:
                if id(atom) in registered:
                    continue  # an atom of a group that several combinations use
                registered.add(id(atom))
                word, is_prefix = atom.parts[0]
                (self._prefix if is_prefix else self._exact)[word].append(atom)
            if cue.terms:
                self._atoms.update(id(atom) for atom in atoms)
                for atom in cue.terms[0]:
                    self._combinations[id(atom)].append(cue)
        self._prefix_lengths = sorted({len(word) for word in self._prefix})
        self._memo: dict[str, tuple[Cue, ...]] = {}
        self.section_ids = tuple(spec.id for spec in taxonomy.sections)

    def find(self, tokens: list[str]) -> dict[Cue, int]:
        """Each cue that occurs in ``tokens``, with how often, in order of first match."""
        return dict(self.found(tokens))

    def found(self, tokens: list[str]) -> list[tuple[Cue, int]]:
        """:meth:`find` as ``(cue, count)`` pairs (a Cue hashes all its fields: slow)."""
        counts: dict[int, list[Any]] = {}  # id(cue) -> [cue, count]
        memo = self._memo
        for position, token in enumerate(tokens):
            candidates = memo.get(token)
            if candidates is None:
                if len(memo) >= self.MEMO_LIMIT:
                    memo.clear()
                candidates = memo[token] = self._candidates(token)
            for cue in candidates:
                # a one-word cue among the candidates has matched already
                if len(cue.parts) == 1 or _matches_at(cue, tokens, position):
                    entry = counts.get(id(cue))
                    if entry is None:
                        counts[id(cue)] = [cue, 1]
                    else:
                        entry[1] += 1
        if not self._atoms:
            return [(cue, count) for cue, count in counts.values()]
        found: list[tuple[Cue, int]] = []
        combined: set[int] = set()
        for key, (cue, count) in counts.items():
            if key not in self._atoms:
                found.append((cue, count))
                continue
            for combination in self._combinations.get(key, ()):
                if id(combination) not in combined and all(
                    any(id(atom) in counts for atom in term) for term in combination.terms[1:]
                ):
                    combined.add(id(combination))
                    found.append((combination, 1))
        return found

    def _candidates(self, token: str) -> tuple[Cue, ...]:
        candidates = list(self._exact.get(token, ()))
        for length in self._prefix_lengths:
            if length > len(token):
                break
            candidates.extend(self._prefix.get(token[:length], ()))
        return tuple(candidates)


@cache
def shared_matcher(taxonomy: Taxonomy) -> Matcher:
    """The taxonomy's matcher, shared by every paragraph and sentence of a process."""
    return Matcher(taxonomy)


def _matches_at(cue: Cue, tokens: list[str], position: int) -> bool:
    if position + len(cue.parts) > len(tokens):
        return False
    for offset, (word, is_prefix) in enumerate(cue.parts):
        token = tokens[position + offset]
        if not (token.startswith(word) if is_prefix else token == word):
            return False
    return True


def score(matcher: Matcher, text: str) -> tuple[dict[str, float], dict[str, list[CueMatch]]]:
    """Every section's score for ``text`` and the cues behind it."""
    scores = dict.fromkeys(matcher.section_ids, 0.0)
    matches: dict[str, list[CueMatch]] = {section_id: [] for section_id in matcher.section_ids}
    for cue, count in matcher.found(words(text)):
        scores[cue.section_id] += cue.weight
        matches[cue.section_id].append(CueMatch(cue.text, cue.weight, count))
    for found in matches.values():
        if len(found) > 1:
            found.sort(key=lambda match: (-match.weight, match.cue))
    return scores, matches


def section_scores(matcher: Matcher, tokens: list[str]) -> dict[str, float]:
    """The scores of :func:`score` for a text's :func:`words`, without the cues."""
    scores = dict.fromkeys(matcher.section_ids, 0.0)
    for cue, _ in matcher.found(tokens):
        scores[cue.section_id] += cue.weight
    return scores
