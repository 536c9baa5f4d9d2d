"""The taxonomy: sections, their weighted cues, and a fast matcher for them.

The taxonomy (TOML) lists sections and weighted cues. A cue is a word or phrase whose
words may end in ``*`` to match any word starting with them. Matching runs on a
case-folded word list, so each paragraph costs time linear in its length: a word is
looked up in one dictionary of exact words and one of prefixes (tried at each length
of the word), and a phrase is confirmed from there.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    anchor: int = 0  # the part a phrase is looked up by: its longest, likely rarest word


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
    secondary_min_share: float = 0.0  # a theme this far behind the leading one is no subject
    framing_weight: float = 1.0  # how much more the headline's and the lede's cues count
    passages: bool = False  # a paragraph without evidence takes its passage's theme
    background_min_score: float = 0.0  # fallback cues that keep such a paragraph out
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # [groups]: name -> words
    model: Path | None = None  # a sections model built by `briefing train` (formatter.judgement)

    def title(self, section_id: str) -> str:
        return next(spec.title for spec in self.sections if spec.id == section_id)

    @property
    def named_ids(self) -> tuple[str, ...]:
        """Sections with a theme of their own: all but the fallback."""
        return tuple(spec.id for spec in self.sections if spec.id != self.fallback)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    # realpath, not Path.resolve: a symlink loop must reach the reader (a clear error)
    return _load(Path(os.path.realpath(path)) if path is not None else default_taxonomy_path())


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
        secondary_min_share=root.number("secondary_min_share", 0.0, 1.0, default=0.0),
        framing_weight=root.number("framing_weight", 1.0, 10.0, default=1.0),
        passages=root.flag("passages", default=False),
        background_min_score=root.number(
            "background_min_score", 0.0, 1000.0, default=root.number("min_score", 0.0, 1000.0)
        ),
        groups=tuple((name, tuple(cue.text for cue in found)) for name, found in groups.items()),
        model=_model_path(root, path),
    )
    root.reject_unknown()
    return taxonomy


def _model_path(root: Table, path: Path) -> Path | None:
    """``model``: a file name beside the taxonomy (or a path relative to it)."""
    name = root.optional_text("model")
    if not name:
        return None
    return path.parent / name


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
        return Cue(text, section_id, weight, term.parts, anchor=term.anchor)
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
    anchor = max(range(len(parts)), key=lambda index: len(parts[index][0]))
    return Cue(term, section_id, 0.0, tuple(parts), anchor=anchor)


class Matcher:
    """Finds a taxonomy's cues in a list of words.

    The cues that may start at a word depend only on the word, so they are looked up
    once per distinct word and remembered (up to :attr:`MEMO_LIMIT` words). One-word
    cues are counted from the paragraph's word counts; only the words that phrases are
    anchored on (each phrase's longest word) send the matcher through the positions. A
    combination is found from the words and phrases found (its atoms)."""

    MEMO_LIMIT = 200_000

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._exact: dict[str, list[Cue]] = defaultdict(list)
        self._prefix: dict[str, list[Cue]] = defaultdict(list)
        # combinations by the atoms of their first term, with every term as a set
        self._combinations: dict[Cue, list[tuple[Cue, tuple[frozenset[Cue], ...]]]] = defaultdict(
            list
        )
        self._atoms: set[Cue] = set()  # the weightless atoms of combinations
        registered: set[Cue] = set()
        for cue in taxonomy.cues:
            atoms = [cue] if cue.parts else [atom for term in cue.terms for atom in term]
            for atom in atoms:
                if atom in registered:
                    continue  # an atom of a group that several combinations use
                registered.add(atom)
                word, is_prefix = atom.parts[atom.anchor]
                (self._prefix if is_prefix else self._exact)[word].append(atom)
            if cue.terms:
                self._atoms.update(atoms)
                rest = tuple(frozenset(term) for term in cue.terms[1:])
                for atom in cue.terms[0]:
                    self._combinations[atom].append((cue, rest))
        self._prefix_lengths = sorted({len(word) for word in self._prefix})
        # word -> (one-word cues, phrases anchored on it)
        self._memo: dict[str, tuple[tuple[Cue, ...], tuple[Cue, ...]]] = {}
        self._idle: set[str] = set()  # remembered words that start no cue
        self.section_ids = tuple(spec.id for spec in taxonomy.sections)

    def find(self, tokens: list[str]) -> dict[Cue, int]:
        """Each cue that occurs in ``tokens``, with how often (a combination: once)."""
        return dict(self.found(tokens))

    def found(self, tokens: list[str]) -> list[tuple[Cue, int]]:
        """:meth:`find` as ``(cue, count)`` pairs, in a deterministic order."""
        counts = self._count(tokens)
        return self._combine(counts) if self._atoms else list(counts.items())

    def _count(self, tokens: list[str]) -> dict[Cue, int]:
        """The words and phrases found, with how often."""
        counts: dict[Cue, int] = {}
        memo, idle = self._memo, self._idle
        phrase_anchors: dict[str, tuple[Cue, ...]] = {}
        words_here = Counter(tokens)
        for token, number in words_here.items():  # in order of first use: deterministic
            if token in idle:
                continue  # a word known to anchor no cue
            entry = memo.get(token)
            if entry is None:
                if len(memo) >= self.MEMO_LIMIT:
                    memo.clear()
                    idle.clear()
                entry = memo[token] = self._candidates(token)
                if not entry[0] and not entry[1]:
                    idle.add(token)
                    continue
            for cue in entry[0]:
                counts[cue] = counts.get(cue, 0) + number
            if entry[1]:
                phrase_anchors[token] = entry[1]
        if phrase_anchors:
            for position, token in enumerate(tokens):
                for cue in phrase_anchors.get(token, ()):
                    if _matches_at(cue, tokens, position - cue.anchor):
                        counts[cue] = counts.get(cue, 0) + 1
        return counts

    def _combine(self, counts: dict[Cue, int]) -> list[tuple[Cue, int]]:
        """The weighted cues among ``counts``, and each combination whose terms all
        occur (counted once); the weightless atoms of combinations are left out."""
        found: list[tuple[Cue, int]] = []
        combined: set[Cue] = set()
        for cue, count in counts.items():
            if cue not in self._atoms:
                found.append((cue, count))
                continue
            for combination, rest in self._combinations.get(cue, ()):
                if combination not in combined and all(
                    not term.isdisjoint(counts) for term in rest
                ):
                    combined.add(combination)
                    found.append((combination, 1))
        return found

    def _candidates(self, token: str) -> tuple[tuple[Cue, ...], tuple[Cue, ...]]:
        candidates = list(self._exact.get(token, ()))
        for length in self._prefix_lengths:
            if length > len(token):
                break
            candidates.extend(self._prefix.get(token[:length], ()))
        singles = tuple(cue for cue in candidates if len(cue.parts) == 1)
        phrases = tuple(cue for cue in candidates if len(cue.parts) > 1)
        return singles, phrases


@cache
def shared_matcher(taxonomy: Taxonomy) -> Matcher:
    """The taxonomy's matcher, shared by every paragraph and sentence of a process."""
    return Matcher(taxonomy)


def _matches_at(cue: Cue, tokens: list[str], position: int) -> bool:
    if position < 0 or position + len(cue.parts) > len(tokens):
        return False
    for offset, (word, is_prefix) in enumerate(cue.parts):
        token = tokens[position + offset]
        if not (token.startswith(word) if is_prefix else token == word):
            return False
    return True


def cue_matches(found: list[tuple[Cue, int]]) -> tuple[CueMatch, ...]:
    """Found cues as :class:`CueMatch` values, the weightiest first."""
    matches = [CueMatch(cue.text, cue.weight, count) for cue, count in found]
    matches.sort(key=lambda match: (-match.weight, match.cue))
    return tuple(matches)


def found_by_section(
    matcher: Matcher, text: str
) -> tuple[dict[str, float], dict[str, list[tuple[Cue, int]]]]:
    """Every section's score for ``text``, and the cues found for each."""
    scores = dict.fromkeys(matcher.section_ids, 0.0)
    found: dict[str, list[tuple[Cue, int]]] = {section_id: [] for section_id in scores}
    for cue, count in matcher.found(words(text)):
        scores[cue.section_id] += cue.weight
        found[cue.section_id].append((cue, count))
    return scores, found


def score(matcher: Matcher, text: str) -> tuple[dict[str, float], dict[str, list[CueMatch]]]:
    """Every section's score for ``text`` and the cues behind it."""
    scores, found = found_by_section(matcher, text)
    return scores, {section_id: list(cue_matches(cues)) for section_id, cues in found.items()}


def section_scores(matcher: Matcher, tokens: list[str]) -> dict[str, float]:
    """The scores of :func:`score` for a text's :func:`words`, without the cues."""
    scores = dict.fromkeys(matcher.section_ids, 0.0)
    for cue, _ in matcher.found(tokens):
        scores[cue.section_id] += cue.weight
    return scores
