"""Stage 3, sections: give each kept paragraph exactly one section, and say why.

A paragraph is read in its article, in three steps:

1. **Its own evidence.** Every section scores the distinct taxonomy cues the paragraph
   contains (see :mod:`formatter.taxonomy`); the best theme counts if it reaches
   ``min_score`` and beats the fallback section's own (background) cues.
2. **The article's subject.** A theme is a subject when the paragraphs clearly about
   it add up to ``article_min_score`` (the headline and the lede count
   ``framing_weight`` times), when the headline or the lede is clearly about it, or
   when ``article_min_share`` of the body is; a theme far behind the leading one
   (``secondary_min_share``) is not. An article with no subject is off-topic: every
   paragraph stays in the fallback section, however often a theme's words turn up in
   passing. Evidence for a theme that is no subject is a passing mention, unless the
   paragraph alone reaches ``article_min_score``.
3. **The passage around it.** A paragraph without enough evidence of its own (an
   anecdote, a quotation, "the attack", "he said") belongs to the theme of the passage
   it sits in: the nearest paragraphs with a theme before and after it, as TextTiling
   segments a text by the cohesion of neighbouring blocks. Background cues of the
   fallback section, or a passage between two themes that it does not continue, keep
   it in the fallback section.

Every decision records its rule and a reason in words ("cues: exile*, intimidat*",
"between ¶3 and ¶5 (diaspora)", "article is off-topic"), shown by ``briefing
sections`` and the JSON. A taxonomy without the article keys gets the plain rule:
best cues, else the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from formatter.judgement import judge, load_model
from formatter.model import Assignment, CueMatch, Paragraph, Rule
from formatter.taxonomy import (
    Cue,
    Matcher,
    Taxonomy,
    cue_matches,
    found_by_section,
    shared_matcher,
)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """One paragraph's own cue scores, and the named section they favour."""

    scores: dict[str, float]
    found: dict[str, list[tuple[Cue, int]]]
    best: str | None  # the best named section with at least min_score, beating the fallback
    explained: dict[str, tuple[CueMatch, ...]] = field(default_factory=dict)

    def strength(self, section_id: str) -> float:
        return self.scores[section_id]

    def matches(self, section_id: str) -> tuple[CueMatch, ...]:
        """The cues behind a section's score, the weightiest first (built once, for the
        reason and the assignment alike)."""
        found = self.explained.get(section_id)
        if found is None:
            cues = self.found[section_id]
            found = self.explained[section_id] = cue_matches(cues) if cues else ()
        return found


def _evidence(
    paragraph: Paragraph, taxonomy: Taxonomy, matcher: Matcher, named: tuple[str, ...]
) -> _Evidence:
    scores, found = found_by_section(matcher, paragraph.text)
    best = max(named, key=scores.__getitem__) if named else None  # first of equals
    if best is not None:
        value = scores[best]
        if value < taxonomy.min_score or value <= 0 or value <= scores[taxonomy.fallback]:
            best = None
    return _Evidence(scores, found, best)


def _cue_list(matches: tuple[CueMatch, ...], limit: int = 4) -> str:
    shown = ", ".join(match.cue for match in matches[:limit])
    return shown + (", …" if len(matches) > limit else "")


class _Article:
    """The evidence of every paragraph of one article, and the themes it is about."""

    def __init__(
        self,
        paragraphs: Sequence[Paragraph],
        taxonomy: Taxonomy,
        headline: Paragraph | None,
    ) -> None:
        self.taxonomy = taxonomy
        self.paragraphs = paragraphs
        matcher = shared_matcher(taxonomy)  # looked up once: hashing a taxonomy is not free
        named = taxonomy.named_ids
        self.evidence = [_evidence(paragraph, taxonomy, matcher, named) for paragraph in paragraphs]
        self.totals = dict.fromkeys(taxonomy.named_ids, 0.0)
        # the headline and the lede say what the article is about: they weigh more
        weighted = [(found, 1.0) for found in self.evidence]
        if weighted and taxonomy.lede_section is not None:
            weighted[0] = (weighted[0][0], taxonomy.framing_weight)
        self.headline: tuple[str, dict[str, float]] | None = None  # its text and cue scores
        if headline is not None:
            framing = _evidence(headline, taxonomy, matcher, named)
            weighted.append((framing, taxonomy.framing_weight))
            self.headline = (headline.text, framing.scores)
        for found, weight in weighted:
            if found.best is not None:
                self.totals[found.best] += found.strength(found.best) * weight
        # the themes the headline or the lede is clearly about
        self.framed = {found.best for found, weight in weighted if weight > 1 and found.best}
        clear = [found.best for found in self.evidence[1:] if found.best is not None]
        body = max(len(paragraphs) - 1, 1)
        leading = max(self.totals.values(), default=0.0)
        self.subjects = {
            section_id
            for section_id, total in self.totals.items()
            if (
                total >= taxonomy.article_min_score
                or section_id in self.framed
                or (total > 0 and clear.count(section_id) / body >= taxonomy.article_min_share)
            )
            and total >= taxonomy.secondary_min_share * leading
        }

    def own(self, position: int) -> str | None:
        """The section a paragraph's own evidence files it under, in this article."""
        found = self.evidence[position]
        best = found.best
        if best is None:
            return None
        strong = found.strength(best) >= self.taxonomy.article_min_score
        return best if best in self.subjects or (strong and self.subjects) else None

    def describe_subjects(self) -> str:
        best = max(self.totals, key=self.totals.__getitem__, default=None)
        if best is None or self.totals[best] == 0:
            return "article is off-topic: no theme's cues"
        return (
            f"article is off-topic: its strongest theme, {best}, "
            f"scores {self.totals[best]:g} < {self.taxonomy.article_min_score:g}"
        )


def assign(
    paragraphs: tuple[Paragraph, ...],
    taxonomy: Taxonomy,
    headline: Paragraph | None = None,
) -> tuple[Assignment, ...]:
    """One :class:`Assignment` per paragraph, in order. The first paragraph is the lede;
    ``headline``, if the article has one, only helps to say what the article is about."""
    article = _Article(paragraphs, taxonomy, headline)
    decide = _learned(article) if taxonomy.model is not None else None
    own = [article.own(position) for position in range(len(paragraphs))]
    # equal values are stored once: a long article repeats the same scores and cue lists
    # many times, and every assignment lives as long as the briefing
    seen_scores: dict[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]] = {}
    seen_cues: dict[tuple[CueMatch, ...], tuple[CueMatch, ...]] = {}
    seen_reasons: dict[str, str] = {}
    assignments = []
    for position in range(len(paragraphs)):
        learned = decide[position - 1] if decide is not None and position > 0 else None
        overruled = learned is not None and learned[1] is not Rule.OFF_TOPIC
        if learned is not None and not (overruled and _decisive(article, position)):
            section_id, rule, reason = learned
        else:
            section_id, rule, reason = _decide(article, own, position)
        found = article.evidence[position]
        scores = tuple((spec.id, round(found.scores[spec.id], 3)) for spec in taxonomy.sections)
        cues = found.matches(section_id)
        assignments.append(
            Assignment(
                section_id=section_id,
                score=round(found.scores[section_id], 3),
                rule=rule,
                cues=seen_cues.setdefault(cues, cues),
                scores=seen_scores.setdefault(scores, scores),
                reason=seen_reasons.setdefault(reason, reason),
            )
        )
    return tuple(assignments)


def _decisive(article: _Article, position: int) -> bool:
    """Cues alone decide a paragraph of an on-topic article whose own evidence would make
    an article about its theme (``article_min_score``): the model decides the rest."""
    found = article.evidence[position]
    return (
        article.own(position) is not None
        and found.best is not None
        and found.strength(found.best) >= article.taxonomy.article_min_score
    )


def _learned(article: _Article) -> list[tuple[str, Rule, str]] | None:
    """The decisions of the taxonomy's model for every paragraph after the lede, or None
    for an article too short for it."""
    taxonomy = article.taxonomy
    assert taxonomy.model is not None
    decisions = judge(
        load_model(taxonomy.model, taxonomy),
        taxonomy,
        texts=[paragraph.text for paragraph in article.paragraphs],
        scores=[found.scores for found in article.evidence],
        headline=article.headline,
        subjects=article.subjects,
        cue_names=lambda position, section_id: _cue_list(
            article.evidence[position].matches(section_id), 3
        ),
    )
    if decisions is None:
        return None
    return [(d.section_id, d.rule, d.reason) for d in decisions]


def _decide(article: _Article, own: list[str | None], position: int) -> tuple[str, Rule, str]:
    taxonomy = article.taxonomy
    if position == 0 and taxonomy.lede_section is not None:
        return taxonomy.lede_section, Rule.LEDE, "the lede: shown as the summary"
    if not article.subjects:
        return taxonomy.fallback, Rule.OFF_TOPIC, article.describe_subjects()
    mine = own[position]
    found = article.evidence[position]
    if mine is not None:
        return mine, Rule.CUES, f"cues: {_cue_list(found.matches(mine))}"
    return _without_own_theme(article, own, position)


def _without_own_theme(
    article: _Article, own: list[str | None], position: int
) -> tuple[str, Rule, str]:
    """A paragraph of an on-topic article with no theme of its own: a passing mention,
    background, or a part of the passage around it."""
    taxonomy = article.taxonomy
    fallback = taxonomy.fallback
    found = article.evidence[position]
    if found.best is not None:  # evidence for a theme the article is not about
        cues = _cue_list(found.matches(found.best))
        reason = f"passing mention of {found.best} ({cues}): the article is not about it"
        return fallback, Rule.PASSING, reason
    if found.scores[fallback] >= taxonomy.background_min_score:
        return fallback, Rule.FALLBACK, f"background: {_cue_list(found.matches(fallback))}"
    neighbour = (
        _passage(own, position, article.paragraphs[position].text) if taxonomy.passages else None
    )
    if neighbour is not None:
        return neighbour[0], Rule.NEIGHBOURS, neighbour[1]
    return fallback, Rule.FALLBACK, "no theme has enough evidence"


# Words that open a paragraph continuing the one before it: a pronoun or a definite
# reference back ("He said", "The attack", "That parcel"), or an additive ("also",
# "as well"). They settle a paragraph that sits between two themes.
_CONTINUES = re.compile(
    r"^(?:he|she|they|it|his|her|their|its|this|that|these|those|the same|such|both|"
    r"another|yet|but|still|instead|however|meanwhile|later|then|there|"
    r"the (?:attack|incident|case|plot|man|woman|men|women|group|agency|officer|report))\b"
    r"|\b(?:also|as well|too|again|likewise|similarly)\b",
    re.IGNORECASE,
)
PASSAGE_REACH = 3


def _passage(own: list[str | None], position: int, text: str) -> tuple[str, str] | None:
    """The theme of the passage around a paragraph without evidence of its own: the
    nearest paragraphs with a theme before and after it (within ``PASSAGE_REACH``)
    agree, or only one side has one, or the paragraph continues the one before it."""
    before = next(
        (j for j in range(position - 1, max(position - 1 - PASSAGE_REACH, -1), -1) if own[j]),
        None,
    )
    after = next(
        (k for k in range(position + 1, min(position + 1 + PASSAGE_REACH, len(own))) if own[k]),
        None,
    )
    theme_before = own[before] if before is not None else None
    theme_after = own[after] if after is not None else None
    if theme_before is not None and theme_before == theme_after:
        return theme_before, f"between ¶{before} and ¶{after} ({theme_before})"
    if theme_before is not None and theme_after is None:
        return theme_before, f"follows ¶{before} ({theme_before})"
    if theme_after is not None and theme_before is None:
        return theme_after, f"leads into ¶{after} ({theme_after})"
    if theme_before is not None and before == position - 1 and _CONTINUES.search(text):
        return theme_before, f"continues ¶{before} ({theme_before})"
    return None
