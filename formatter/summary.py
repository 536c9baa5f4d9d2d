"""Stage 4, summary: the lede and the key points.

The summary is the lede, the first kept paragraph. Key points are 3 to 5 sentences
taken word for word from the body: the strongest sentence of each named section that
has paragraphs, then (if that gives fewer than three) the next strongest sentences of
the whole article. "Strongest" is the sentence's cue score for its paragraph's section,
discounted a little by the paragraph's position in the section, since news puts what
matters first. A sentence that mostly repeats the lede, or runs over 400 characters,
is never a key point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from formatter.model import KeyPoint, Paragraph, Section
from formatter.sections import Taxonomy, section_scores, shared_matcher, words

MIN_KEY_POINTS = 3
MAX_KEY_POINTS = 5
POSITION_DISCOUNT = 0.15
LEDE_OVERLAP_LIMIT = 0.5
MAX_KEY_POINT_CHARS = 400  # a longer sentence is no key point: it would be a page

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


def sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        end = boundary.end(1)  # the sentence keeps its closing quote or bracket
        if _ABBREVIATION.search(text[start:end]):
            continue
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


def _overlap(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def key_points(
    sections: tuple[Section, ...], lede: Paragraph, taxonomy: Taxonomy
) -> tuple[KeyPoint, ...]:
    shared = shared_matcher(taxonomy)
    lede_words = set(words(lede.text))
    per_section: dict[str, list[_Candidate]] = {}
    for section in sections:
        found: list[_Candidate] = []
        body = [item for item in section.paragraphs if item.paragraph.index != lede.index]
        for position, item in enumerate(body):
            for number, sentence in enumerate(sentences(item.paragraph.text)):
                if len(sentence) > MAX_KEY_POINT_CHARS:
                    continue
                tokens = words(sentence)
                if _overlap(set(tokens), lede_words) >= LEDE_OVERLAP_LIMIT:
                    continue
                scores = section_scores(shared, tokens)
                strength = scores[section.id] / (1 + POSITION_DISCOUNT * position)
                place = item.paragraph.index * 1000 + number
                found.append(
                    _Candidate(sentence, section.id, item.paragraph.index, strength, place)
                )
        found.sort(key=lambda candidate: (-candidate.strength, candidate.order))
        per_section[section.id] = found

    chosen: list[_Candidate] = []
    for section_id in taxonomy.named_ids:
        best = per_section.get(section_id, [])
        if best and best[0].strength > 0:
            chosen.append(best[0])
    chosen.sort(key=lambda candidate: -candidate.strength)
    chosen = chosen[:MAX_KEY_POINTS]
    if len(chosen) < MIN_KEY_POINTS:
        rest = [c for found in per_section.values() for c in found if c not in chosen]
        rest.sort(key=lambda candidate: (-candidate.strength, candidate.order))
        chosen.extend(rest[: MIN_KEY_POINTS - len(chosen)])
    rank = {spec.id: number for number, spec in enumerate(taxonomy.sections)}
    chosen.sort(key=lambda candidate: (rank[candidate.section_id], candidate.order))
    return tuple(
        KeyPoint(c.text, c.section_id, c.paragraph_index, round(c.strength, 3)) for c in chosen
    )
