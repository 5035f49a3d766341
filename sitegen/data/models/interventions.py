"""data/interventions.yml: each intervention's table cells and texts, and what the
Interventiewijzer applies (ages, recognition, target groups with their sources)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from sitegen.data.models.base import PlainText, Slug, Strict, Text, WebUrl
from sitegen.data.models.sources import Source, Sources
from sitegen.data.models.statements import PARAGRAPH

AGE_UNITS = ("jaar", "maanden", "weken")
# A month in weeks (365.25 / 12 / 7): a bound in weeks ('6 weken') does not fall on a whole
# month, so the months around it are boundary months, never a rounded, invented limit.
WEEKS_PER_MONTH = 365.25 / 12 / 7


class AgeBound(Strict):
    """One end of an age range, in the source's own number and unit.

    A lower bound is crisp: a child is 'N jaar' from its Nth birthday. An upper bound is
    'through' only where the source itself says 'tot en met N': then the whole year (month)
    N still counts. Otherwise ('tot N', 'N-M', 'tussen N en M', 'tot ongeveer N') the source
    does not say whether the year (month) N itself still counts: that year is a boundary year,
    which the Interventiewijzer lists apart, with the source's words (`months` below).
    """

    value: Annotated[int, Field(ge=0)]
    unit: Literal["jaar", "maanden", "weken"]
    through: bool = False  # an upper bound worded 'tot en met' (never on a lower bound)
    source: Source | None = None  # where the bound stands when not in the range's own words

    @model_validator(mode="after")
    def _in_range(self) -> AgeBound:
        limit = {"jaar": 23, "maanden": 23 * 12, "weken": 100}[self.unit]
        if self.value > limit:
            raise ValueError(f"value: hoger dan {limit} {self.unit}")
        return self

    @property
    def months(self) -> float:
        """The bound in months since birth (weeks: a fraction)."""
        if self.unit == "jaar":
            return self.value * 12
        if self.unit == "maanden":
            return self.value
        return self.value / WEEKS_PER_MONTH

    @property
    def step(self) -> int:
        """How many whole months the last unit of an upper bound covers (a year: 12)."""
        return 12 if self.unit == "jaar" else 1


MonthSpan = tuple[int, int | None]  # [from, until) in whole months; until None: open


class AlsoListed(Strict):
    """Another statement of the source that names ages outside the range (e.g. 'in de praktijk
    ... 0-18 jarigen'): those ages are listed apart, in the second tier, with `reason` (a reason
    of data/finder.yml) and the statement's words. Its upper year (month) is a boundary year as
    in AgeRange: the source does not say whether '0-18' includes 18, so an 18-year-old gets it
    apart with the boundary reason and the statement's words, never left out."""

    reason: Slug
    min: AgeBound
    max: AgeBound
    sources: Annotated[Sources, Field(min_length=1)]

    @property
    def span(self) -> MonthSpan:
        """Whole months the statement certainly names."""
        return _certain_span(self.min, self.max)

    @property
    def boundary(self) -> MonthSpan | None:
        """The year (month) of its upper bound, unless worded 'tot en met'."""
        if self.max.through:
            return None
        start = int(self.max.months)
        return (start, start + self.max.step)


def _first_month(bound: AgeBound) -> int:
    """The first whole month that certainly lies at or after a lower bound."""
    months = bound.months
    return int(months) if months == int(months) else int(months) + 1


def _certain_span(low: AgeBound | None, high: AgeBound | None) -> MonthSpan:
    start = 0 if low is None else _first_month(low)
    if high is None:
        return (start, None)
    until = int(high.months) + (high.step if high.through else 0)
    return (start, until)


class AgeRange(Strict):
    """For whom the guideline names an intervention: `wording` in the source's own words (shown
    everywhere), the bounds read from them, and the statements they were read from."""

    wording: Text  # the source's words for the age, e.g. 'kinderen van 4-12 jaar'
    prenatal: bool = False  # the intervention starts during pregnancy
    postnatal: bool = True  # False: it can only start before birth (VoorZorg)
    min: AgeBound | None = None  # required after birth: no invented lower bound
    max: AgeBound | None = None  # None: the source names no upper bound
    approximate: bool = False  # the source says 'ongeveer' about the upper bound
    sources: Sources = ()  # where the range is stated (the finder needs at least one)
    also: tuple[AlsoListed, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> AgeRange:
        if not (self.prenatal or self.postnatal):
            raise ValueError("postnatal: een interventie moet vóór of na de geboorte passen")
        if self.postnatal and self.min is None:
            raise ValueError(
                "min: ontbreekt; geef de ondergrens die de bron noemt (met 'source' als die "
                "niet in de eigen woorden staat, zoals de titel van een tabel)"
            )
        if not self.postnatal and (self.min or self.max or self.also):
            raise ValueError("min: een interventie die alleen vóór de geboorte begint, heeft "
                             "geen leeftijdsgrenzen")
        if self.min and self.min.through:
            raise ValueError("min.through: 'tot en met' hoort bij een bovengrens")
        if self.max and self.max.unit == "weken":
            raise ValueError("max.unit: een bovengrens in weken wordt niet ondersteund")
        if self.approximate and (self.max is None or self.max.through):
            raise ValueError("approximate: 'ongeveer' hoort bij een bovengrens zonder 'tot en met'")
        if self.min and self.max and self.min.months >= self.max.months + (
            self.max.step if self.max.through else 0
        ):
            raise ValueError("min: ligt niet vóór max")
        return self

    @property
    def certain(self) -> MonthSpan | None:
        """Whole months that certainly fit; None before birth only."""
        return _certain_span(self.min, self.max) if self.postnatal else None

    @property
    def boundary(self) -> tuple[MonthSpan, ...]:
        """Whole months on a bound the source leaves open: the month a lower bound in weeks
        falls in, and the year (month) N of an upper bound not worded 'tot en met'."""
        spans: list[MonthSpan] = []
        if self.min is not None and self.min.months != int(self.min.months):
            spans.append((int(self.min.months), int(self.min.months) + 1))
        if self.max is not None and not self.max.through:
            start = int(self.max.months)
            spans.append((start, start + self.max.step))
        return tuple(spans)

    def months(self) -> set[int]:
        """Every month (below the Jeugdwet limit) the source names, certain, boundary or in an
        `also` statement (its boundary year included)."""
        spans = [*([self.certain] if self.certain else []), *self.boundary,
                 *(a.span for a in self.also), *(a.boundary for a in self.also if a.boundary)]
        return {m for start, until in spans for m in range(start, until or JEUGDWET_MONTHS)}


JEUGDWET_MONTHS = 23 * 12  # a 'jeugdige' is younger than 23 (the Jeugdwet)


class Requirement(Strict):
    """A condition the source makes part of the target group: the intervention is listed only
    when one of `any_of` (situation ids) is ticked."""

    any_of: Annotated[tuple[Slug, ...], Field(min_length=1)]
    sources: Annotated[Sources, Field(min_length=1)]


class Addressed(Strict):
    """A situation the source names for the intervention without making it a condition ('ook
    geschikt voor'): it only orders the results."""

    situation: Slug
    sources: Annotated[Sources, Field(min_length=1)]


class Scope(Strict):
    """The tier of an intervention for one age group of data/finder.yml: 1 = recommended for
    that group, 2 = named by the guideline but listed apart, with `reason`."""

    tier: Literal[1, 2]
    reason: Slug | None = None  # tier 2: a reason id of data/finder.yml
    sources: Sources = ()  # the source for this intervention's tier, beyond the group's rule

    @model_validator(mode="after")
    def _reason(self) -> Scope:
        if (self.tier == 2) != (self.reason is not None):
            raise ValueError("reason: nodig bij tier 2, niet toegestaan bij tier 1")
        return self


class Recognition(Strict):
    text: Text  # the DEJ part of the 'Erkenningsniveau' cell, verbatim: the badge
    kjp: Text | None = None  # the KJP status, where the source gives one
    level: Slug | None = None  # a recognition level of data/finder.yml: its rank (finder)
    sources: Sources = ()  # the cell(s) the level was read from
    # its name in the source's list of its level (the KJP list of 5.4: the level's `list` in
    # data/finder.yml), where the source lists it there; tier 1 of a level with a list needs it
    listed: Source | None = None


class TableRow(Strict):
    """How an intervention appears in one of tables 1-3 (cells as the source words them)."""

    table: Annotated[int, Field(ge=1)]
    row: Annotated[int, Field(ge=1)]  # position in the source's table (1 = first row)
    doel: Text
    doelgroep: Text
    erkenning: Text
    onderzoek: Text
    star: bool = False  # the '*' of table 3: often used, quality not researched
    interventie: Text | None = None  # the 'Interventie' cell as the source words it (name,


    # qualifiers such as '(in de JGZ)', reference), without the '*'; None: render name (reference)


class ScopeStatement(Strict):
    """Another sentence of the source that names the intervention for a group that differs
    from its `requires` (the table row's target group): `wider` ones name it for children the
    row leaves out, `narrower` ones for fewer children than the row. The Interventiewijzer
    lists an intervention when its `requires` or one of its `wider` statements is met (a
    sentence of the guideline names it for this child; tier 2 unless `requires` is met) and
    shows every statement that does not cover the child on the card, with its words."""

    any_of: tuple[Slug, ...] = ()  # situation ids, one of them ticked; empty: no condition
    groups: tuple[Slug, ...] = ()  # age groups of data/finder.yml it speaks of; empty: all
    sources: Annotated[Sources, Field(min_length=1)]
    note: Slug  # the bronopmerking that records the difference (shown with every card)


class Intervention(Strict):
    id: Slug
    name: PlainText  # also the title of its page (<title>, navigation)
    full_name: Text
    reference: Text  # literature reference as in the table, e.g. "Juffer et al., 2016; 2008"
    paragraph: Annotated[str, StringConstraints(pattern=PARAGRAPH.pattern)]
    doel: Text
    doelgroep: Text
    age: AgeRange
    recognition: Recognition
    onderzoek: Text
    tables: tuple[TableRow, ...] = ()
    format: Text | None = None  # e.g. "zeven huisbezoeken"
    summary: tuple[Text, ...] = ()  # the bullet summary of 5.2 ('geschikt voor ...')
    toelichting: tuple[Text, ...] = ()  # paragraphs of the text in 5.2-5.4
    # what a professional must know before choosing it: where it stands and the source's words
    # between « » ('Paragraaf 5.3: «...»'), never the site's own words (tests/test_quotes.py)
    caveats: tuple[Text, ...] = ()
    website: WebUrl | None = None
    # --- what the Interventiewijzer applies (data/finder.yml says how) ---
    requires: tuple[Requirement, ...] = ()  # all must be met
    addresses: tuple[Addressed, ...] = ()
    scope: dict[Slug, Scope] = {}  # age group id (data/finder.yml) -> tier
    wider: tuple[ScopeStatement, ...] = ()  # sentences naming it beyond `requires`
    narrower: tuple[ScopeStatement, ...] = ()  # sentences naming it for fewer than `requires`
    card_notes: Sources = ()  # source sentences every card of it shows (a row's '*': from
    # its table's star_note, not here)

    @property
    def situations(self) -> tuple[str, ...]:
        """Every situation it requires or addresses, in data order, once."""
        ids = [s for r in self.requires for s in r.any_of] + [a.situation for a in self.addresses]
        ids += [s for st in (*self.wider, *self.narrower) for s in st.any_of]
        return tuple(dict.fromkeys(ids))

    @property
    def source_order(self) -> tuple[int, int]:
        """(table, row) of its first row in the source: the order the source gives."""
        return min(((r.table, r.row) for r in self.tables), default=(99, 99))
