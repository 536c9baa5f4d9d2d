"""Stage 4, summary: the lede and the key points.

The summary is the lede, the first kept paragraph. Key points are 3 to 5 sentences
taken word for word from the body: the strongest sentence of each named section that
has paragraphs, then (if that gives fewer than three) the next strongest sentences of
the whole article. "Strongest" is the sentence's cue score for its paragraph's section,
discounted a little by the paragraph's position in the section, since news puts what
matters first, and by how well the sentence stands alone (a very short sentence, or one
that opens with "It", "They" or "That", leans on its neighbours). A sentence that mostly
repeats the lede, or runs over 400 characters, is never a key point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from math import inf

from formatter.model import KeyPoint, Paragraph, Section, SectionParagraph
from formatter.taxonomy import Matcher, Taxonomy, section_scores, shared_matcher, words

MIN_KEY_POINTS = 3
MAX_KEY_POINTS = 5
POSITION_DISCOUNT = 0.15
LEDE_OVERLAP_LIMIT = 0.5
MAX_KEY_POINT_CHARS = 400  # a longer sentence is no key point: it would be a page
SCORE_MARGIN = 0.001  # assignment scores are rounded to three decimals

# A sentence ends at . ! or ? (maybe closed by a quote or bracket) followed by a space
# and an upper-case letter, digit or opening quote. Initials and common abbreviations
# ("U.S.", "Mr.", "Jan.") do not end a sentence.
_CLOSERS = "\"'\u201d\u2019)\\]"
_OPENERS = "\"'\u201c\u2018(\\["
_BOUNDARY = re.compile(rf"(?<=[.!?])([{_CLOSERS}]*)\s+(?=[{_OPENERS}]?[A-Z0-9\u0400-\u04FF])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sgt|Rep|Sen|Gov|Jan|Feb|Mar|Apr|Jun|Jul|"
    rf"Aug|Sep|Sept|Oct|Nov|Dec|No|Vol|vs|etc|approx|Inc|Ltd|Co)\.)[{_CLOSERS}]*$"
)

_LETTER = re.compile(r"[^\W\d_]")


def sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        end = boundary.end(1)  # the sentence keeps its closing quote or bracket
        if _ABBREVIATION.search(text[start:end]) or not _LETTER.search(text, start, end):
            continue  # "Mr." or a bare number ("1.", "2024.") does not end a sentence
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
            start = boundary.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    section_id: str
    paragraph_index: int
    strength: float
    order: int  # position in the article, for stable ties


SHORT_SENTENCE_WORDS = 8  # a shorter sentence rarely stands alone as a key point
SHORT_FACTOR = 0.5
ANAPHORA_FACTOR = 0.8
# A sentence opening with a pronoun or "That …" leans on the sentence before it.
_ANAPHORA = re.compile(
    r"^[\"'\u201c\u2018]?(?:he|she|they|it|his|her|their|its|this|that|these|those|"
    r"such|both)\b",
    re.IGNORECASE,
)


def _standalone(sentence: str, words_in_it: int) -> float:
    """How well a sentence reads on its own, as a key point must (1 = fully): short
    sentences and ones that open by pointing back are discounted, never excluded."""
    factor = SHORT_FACTOR if words_in_it < SHORT_SENTENCE_WORDS else 1.0
    return factor * (ANAPHORA_FACTOR if _ANAPHORA.match(sentence) else 1.0)


def _overlap(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def key_points(
    sections: tuple[Section, ...], lede: Paragraph, taxonomy: Taxonomy
) -> tuple[KeyPoint, ...]:
    """The key points of sections made by :func:`formatter.sections.assign` with
    ``taxonomy`` (their assignments' scores bound their sentences' scores)."""
    shared = shared_matcher(taxonomy)
    lede_words = set(words(lede.text))
    by_id = {section.id: section for section in sections}
    chosen: list[_Candidate] = []
    for section_id in taxonomy.named_ids:
        section = by_id.get(section_id)
        best = _best(section, lede, shared, lede_words) if section else None
        if best is not None and best.strength > 0:
            chosen.append(best)
    if len(chosen) < MIN_KEY_POINTS:  # the rest of the article is needed: rank it all
        per_section = {
            section.id: _ranked(_candidates(section, lede, shared, lede_words))
            for section in sections
        }
        rest = [c for found in per_section.values() for c in found if c not in chosen]
        rest.sort(key=lambda candidate: (-candidate.strength, candidate.order))
        chosen.extend(rest[: MIN_KEY_POINTS - len(chosen)])
    else:
        chosen.sort(key=lambda candidate: -candidate.strength)
        chosen = chosen[:MAX_KEY_POINTS]
    rank = {spec.id: number for number, spec in enumerate(taxonomy.sections)}
    chosen.sort(key=lambda candidate: (rank[candidate.section_id], candidate.order))
    return tuple(
        KeyPoint(c.text, c.section_id, c.paragraph_index, round(c.strength, 3)) for c in chosen
    )


def _ranked(found: Iterable[_Candidate]) -> list[_Candidate]:
    return sorted(found, key=lambda candidate: (-candidate.strength, candidate.order))


def _candidates(
    section: Section,
    lede: Paragraph,
    matcher: Matcher,
    lede_words: set[str],
    bound: Callable[[SectionParagraph, float], bool] | None = None,
) -> Iterator[_Candidate]:
    """Every sentence of the section's body that may be a key point, with its strength;
    a paragraph for which ``bound(item, discount)`` is False is skipped."""
    body = [item for item in section.paragraphs if item.paragraph.index != lede.index]
    for position, item in enumerate(body):
        discount = 1 + POSITION_DISCOUNT * position
        if bound is not None and not bound(item, discount):
            continue
        for number, sentence in enumerate(sentences(item.paragraph.text)):
            if len(sentence) > MAX_KEY_POINT_CHARS:
                continue
            tokens = words(sentence)
            if _overlap(set(tokens), lede_words) >= LEDE_OVERLAP_LIMIT:
                continue
            scores = section_scores(matcher, tokens)
            strength = scores[section.id] / discount * _standalone(sentence, len(tokens))
            place = item.paragraph.index * 1000 + number
            yield _Candidate(sentence, section.id, item.paragraph.index, strength, place)


def _best(
    section: Section, lede: Paragraph, matcher: Matcher, lede_words: set[str]
) -> _Candidate | None:
    """The strongest candidate of a section (the earliest of equals), without scoring
    the sentences of paragraphs that cannot beat it: a sentence's cues are among its
    paragraph's, so its score is at most the paragraph's (the assignment's, rounded to
    three decimals: hence the margin)."""
    best: _Candidate | None = None

    def may_win(item: SectionParagraph, discount: float) -> bool:
        if best is None:
            return True
        ceiling = dict(item.assignment.scores).get(section.id, inf) + SCORE_MARGIN
        return ceiling / discount >= best.strength

    for candidate in _candidates(section, lede, matcher, lede_words, may_win):
        if best is None or (candidate.strength, -candidate.order) > (best.strength, -best.order):
            best = candidate
    return best
