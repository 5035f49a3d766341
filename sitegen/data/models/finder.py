"""data/finder.yml: the Interventiewijzer's rules (`FinderRules`)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from sitegen.data import safe_text
from sitegen.data.models.base import Slug, Strict, Text
from sitegen.data.models.interventions import AgeBound, MonthSpan
from sitegen.data.models.sources import Source, Sources


class RecognitionLevelRule(Strict):
    """A recognition level; the list's order is the rank (strongest evidence first)."""

    id: Slug
    label: Text  # how the finder names the level (filter, explanation); cards show the source
    recognised: bool  # 'erkend' in the DEJ: decides the box of `advice` (no recognised one)
    # the sentence of the source that lists the interventions of this level (the KJP's list in
    # 5.4): an intervention counts as of this level for tier 1 only when it is on that list
    # (its `recognition.listed` quotes its name there)
    list: Source | None = None


class LinkedText(Strict):
    """A sentence of the tool with links to where the guideline says it (`refs`: anchors)."""

    text: Text
    refs: tuple[Slug, ...] = ()


class AgeGroup(Strict):
    """A group of ages with its own recommendation (e.g. young children and older ones)."""

    id: Slug
    until: AgeBound | None = None  # first age no longer in the group; None: to the end
    recommendation: Slug  # the statement tier 1 of this group rests on
    tier1_tables: Annotated[tuple[int, ...], Field(min_length=1)]  # tables it recommends from
    tier1_levels: Annotated[tuple[Slug, ...], Field(min_length=1)]  # recognition levels
    text: LinkedText  # under the tier-1 heading: what the guideline recommends for this group
    sources: Annotated[Sources, Field(min_length=1)]


PLACEHOLDERS = ("wording", "age", "quote", "where", "wide_quote", "wide_where")


def _with_placeholders(value: str) -> str:
    """A Text with {placeholders}: checked as the text it becomes once they are filled in
    (with data text, itself checked), so the braces are not read as an attribute list."""
    safe_text.check(re.sub(r"\{[^{}]*\}", "x", value))
    return value


# Text with {placeholders} that widgets/ fills in (TierReason.text)
TemplateText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_with_placeholders)
]


class TierReason(Strict):
    """Why an intervention is listed apart (tier 2). `text` may use {wording} (the age in the
    source's words), {age} (the child's age), {quote} and {where} (the words and place of the
    statement that lists this age, for an `also` statement; for the `smaller_group` reason the
    row's target group the child is outside of), {wide_quote} and {wide_where} (the `wider`
    statement that names the intervention for this child)."""

    id: Slug
    label: Text
    text: TemplateText
    sources: Sources = ()
    note: Slug | None = None  # a source note (data/source_notes.yml) shown with it

    @model_validator(mode="after")
    def _placeholders(self) -> TierReason:
        used = re.findall(r"\{([^{}]*)\}", self.text)
        unknown = [u for u in used if u not in PLACEHOLDERS]
        if unknown:
            raise ValueError(
                f"text: onbekende invulplaats(en) {unknown}; toegestaan: {list(PLACEHOLDERS)}"
            )
        return self


class SpecialReasons(Strict):
    """Which reason the finder gives in the cases every intervention can meet."""

    boundary: Slug  # the age is in a boundary year (month) of the range
    approximate_boundary: Slug  # ... of a range the source calls 'ongeveer'
    no_age: Slug  # no age given: which recommendation applies is unknown
    smaller_group: Slug  # outside the row's target group, named by a `wider` statement


class AgeNote(Strict):
    """A source note shown with the results for ages in [from, until)."""

    note: Slug
    min: AgeBound
    max: AgeBound  # first age no longer shown ('through' not used)


class SituationStatement(Strict):
    """A statement shown with the results when `situation` is ticked."""

    situation: Slug
    statement: Slug
    title: Text


class Indication(Strict):
    """Who indicates a treatment, as the source says it: shown on the card of every
    intervention with a row in one of `tables` (the treatments); of one that also has a row in
    another table (a preventive intervention too), only for the age groups of `groups`."""

    label: Text  # the card line's label
    tables: Annotated[tuple[int, ...], Field(min_length=1)]
    groups: tuple[Slug, ...] = ()
    sources: Annotated[Sources, Field(min_length=1)]


class FinderTexts(Strict):
    precondition_title: Text  # over the statement of `precondition`
    tier1_heading: Text
    tier2_heading: Text
    tier2_text: LinkedText
    tier1_empty: Text  # an age given, nothing recommended
    tier2_empty: Text
    no_age: Text  # why tier 1 stays empty without an age
    prenatal_empty: Text  # not yet born, nothing listed
    advice_title: Text  # over the statement of tools.finder.advice


class FinderRules(Strict):
    """How the Interventiewijzer applies the data of interventions.yml: every rule here and
    there has its source; widgets/finder.py applies them and knows none itself."""

    precondition: Slug  # the statement shown above every result
    recognition_levels: Annotated[tuple[RecognitionLevelRule, ...], Field(min_length=1)]
    order_sources: Annotated[Sources, Field(min_length=1)]  # why this order
    age_groups: Annotated[tuple[AgeGroup, ...], Field(min_length=1)]
    prenatal_group: Slug  # the age group of a child not yet born
    reasons: Annotated[tuple[TierReason, ...], Field(min_length=1)]
    special_reasons: SpecialReasons
    age_notes: tuple[AgeNote, ...] = ()
    situation_statements: tuple[SituationStatement, ...] = ()
    indication: Indication | None = None
    texts: FinderTexts

    @model_validator(mode="after")
    def _consistent(self) -> FinderRules:
        levels = [lv.id for lv in self.recognition_levels]
        if len(set(levels)) != len(levels):
            raise ValueError("recognition_levels: dubbele id")
        groups = self.age_groups
        if any(g.until is None for g in groups[:-1]) or groups[-1].until is not None:
            raise ValueError("age_groups: alleen de laatste groep heeft geen 'until'")
        edges = [g.until.months for g in groups[:-1] if g.until]
        if edges != sorted(set(edges)) or any(e != int(e) for e in edges):
            raise ValueError("age_groups: 'until' moet oplopen, in hele maanden")
        ids = [g.id for g in groups]
        if self.prenatal_group not in ids:
            raise ValueError(f"prenatal_group: '{self.prenatal_group}' is geen age_group")
        for g in groups:
            unknown = [lv for lv in g.tier1_levels if lv not in levels]
            if unknown:
                raise ValueError(f"age_groups: groep '{g.id}' noemt onbekend niveau {unknown}")
        reasons = {r.id for r in self.reasons}
        for name, value in self.special_reasons:
            if value not in reasons:
                raise ValueError(f"special_reasons.{name}: '{value}' is geen reason")
        return self

    def group_spans(self) -> dict[str, MonthSpan]:
        """Age group id -> its months [from, until)."""
        spans: dict[str, MonthSpan] = {}
        start = 0
        for g in self.age_groups:
            until = int(g.until.months) if g.until else None
            spans[g.id] = (start, until)
            start = until or 0
        return spans

    def level_rank(self, level_id: str) -> int:
        return [lv.id for lv in self.recognition_levels].index(level_id)
