"""Interventiewijzer: which interventions of the guideline fit a child's age and situations,
in two tiers, each card with the guideline's own words for why it is there.

`find(age_months=None, prenatal=False, situations=(), min_level=None)` returns a `Result`:
`tier1` (what the guideline recommends for this age group and these situations) and `tier2`
(what it names for another group or outside its recommendation, each with a reason), both as
`Card`s in rank order. `find_json` is the same for the browser worker: JSON in, JSON out; it
also reads the page's state (`leeftijd-jaren=2&situatie=adoptie-pleeg`, from the URL fragment
or an old link's query). Each card of its reply carries a `glance`: the compact first view
(age, form, one line on why it is listed). `summary_json` gives the answer as plain text for a
dossier or a referral letter ('Kopieer samenvatting').

Nothing about the guideline is written in this module: every intervention, age, condition,
tier, reason, text and source comes from a `Spec`, read from `finder.json`, generated at build
time from data/interventions.yml, finder.yml, situations.yml and source_notes.yml (through the
validated models: the months of each age range are computed there, by `AgeRange`) and
packaged next to this module in the wheel the browser loads. The rules it applies (the page
explains them too; data/finder.yml says where each stands in the guideline):

1. An intervention is listed only when each of its `requires` groups has a ticked situation
   (the target group of its table row), or when one of its `wider` statements (another
   sentence of the guideline naming it for more children) is met for this age group: a rule
   may narrow the tier, never hide what the guideline names. Listed through a `wider`
   statement only, it is never tier 1 (the spec's smaller-group reason, with the row's words).
   A card shows the sentences that do not cover the child (`narrower` lines).
2. Not yet born (`prenatal`): only interventions that start in pregnancy, in the spec's
   prenatal age group. No age and not prenatal: every intervention that can start after birth
   and passes rule 1, in tier 2 with the spec's no-age reason (which recommendation applies
   depends on the age).
3. With an age: the age group (spec.groups) and the intervention's position: in its certain
   months, the tier of its `scope` for that group (a tier 1 becomes tier 2 with the
   smaller-group reason when it is listed through a `wider` statement); in a boundary month,
   tier 2 with the boundary reason; in the months of an `also` statement only, tier 2 with
   that statement's reason, and in the boundary year of that statement ('0-18': 18) tier 2
   with the boundary reason in that statement's words; otherwise not listed.
4. Within a tier: recognition rank, then more ticked situations it requires or addresses,
   then the source's order. `min_level` leaves out lower ranks (and counts them).
5. `advice`: the age group is known and tier 1 holds no recognised intervention.
6. A card of a treatment (`treatment`: the age groups for which it is one) carries the spec's
   `indication`: who offers or indicates it, in the source's words.
Approaches the guideline rejects are not interventions in the spec; the spec lists them only so
that this module can refuse a spec that offers one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from widgets.dossier import absolute, base_url
from widgets.packaged import SpecError, packaged_text

DATA_FILE = "finder.json"
FORMAT_VERSION = 6  # of finder.json; bump together with sitegen/tools/finder.py

# Names of the page's form fields, which are also the parameters of its state (URL fragment).
Q_YEARS = "leeftijd-jaren"
Q_MONTHS = "leeftijd-maanden"
Q_PRENATAL = "prenataal"
Q_SITUATION = "situatie"
Q_LEVEL = "erkenning"
SINGLE_VALUED = (Q_YEARS, Q_MONTHS, Q_PRENATAL, Q_LEVEL)  # a repeat is refused, never guessed
PRENATAL_YES = ("ja", "1", "on", "true")
PRENATAL_NO = ("", "nee", "0", "off", "false")
ECHO_MAX = 32  # characters of a user's input repeated in a message


class FinderInputError(ValueError):
    """A question the finder refuses; the message is Dutch and can be shown as it is."""


def shown(value: object) -> str:
    """A user's input as a message repeats it: quoted and at most ECHO_MAX characters."""
    if type(value) is int and value.bit_length() > 4 * ECHO_MAX:  # more digits than shown
        return f"een getal van meer dan {ECHO_MAX} cijfers"  # repr() may refuse to write it
    text = value if isinstance(value, str) else repr(value)
    if len(text) > ECHO_MAX:
        text = text[:ECHO_MAX] + "…"
    return f"'{text}'"


# --- the spec ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """A place in the guideline the site publishes: a link target."""

    id: str
    kind: str
    label: str
    url: str  # site-relative, e.g. /hoofdstuk-5/#tabel-1-vipp-sd


@dataclass(frozen=True, slots=True)
class Source:
    anchor: str
    quote: str  # the source's words, as this site shows them


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    label: str
    rank: int  # 0 = strongest evidence
    recognised: bool


@dataclass(frozen=True, slots=True)
class Situation:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    from_months: int
    until_months: int | None
    recommendation: str  # anchor of the statement tier 1 rests on


@dataclass(frozen=True, slots=True)
class Reason:
    id: str
    label: str
    text: str  # may hold {wording} {age} {quote} {where}
    sources: tuple[Source, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    title: str
    text: str
    url: str | None


@dataclass(frozen=True, slots=True)
class AgeNote:
    note: str
    from_months: int
    until_months: int


@dataclass(frozen=True, slots=True)
class Also:
    reason: str
    from_months: int
    until_months: int
    sources: tuple[Source, ...]
    boundary: tuple[int, int] | None = None  # [from, until) of its upper year (month)


@dataclass(frozen=True, slots=True)
class Requirement:
    any_of: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Addressed:
    situation: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """Another sentence naming the intervention for a group (a `wider` or `narrower` one)."""

    any_of: tuple[str, ...]  # one of them ticked; empty: no condition
    groups: tuple[str, ...]  # age groups it speaks of; empty: all
    sources: tuple[Source, ...]
    note: str

    def covers(self, ticked: Collection[str], group: Group | None) -> bool:
        """Whether it names the intervention for a child with these situations and age group
        (no group: the age is unknown, so any group may be meant)."""
        if self.any_of and not set(self.any_of) & set(ticked):
            return False
        return group is None or not self.groups or group.id in self.groups


@dataclass(frozen=True, slots=True)
class Scope:
    tier: int
    reason: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Intervention:
    id: str
    name: str
    full_name: str
    doelgroep: str
    url: str
    order: int  # the source's order
    level: str
    recognition_text: str
    recognition_kjp: str | None
    recognition_sources: tuple[Source, ...]
    wording: str
    wording_source: Source
    prenatal: bool
    postnatal: bool
    certain: tuple[int, int | None] | None  # [from, until) months; None: before birth only
    boundary: tuple[tuple[int, int], ...]
    approximate: bool
    bound_sources: tuple[Source, ...]  # bounds stated elsewhere (a table's title)
    also: tuple[Also, ...]
    requires: tuple[Requirement, ...]
    addresses: tuple[Addressed, ...]
    scope: dict[str, Scope]
    wider: tuple[Statement, ...]
    narrower: tuple[Statement, ...]
    treatment: tuple[str, ...]  # age groups whose cards say who indicates it (spec.indication)
    card_notes: tuple[Source, ...]
    notes: tuple[str, ...]
    tables: tuple[str, ...]  # anchors of its table rows
    form: str | None = None  # how it is given, where the source says so ('zeven huisbezoeken')

    def position(self, age_months: int) -> tuple[str, Also | None]:
        """'certain', 'boundary', 'also' or 'also-boundary' (with the statement) or 'out' for
        a born child."""
        if self.certain is not None:
            start, until = self.certain
            if start <= age_months and (until is None or age_months < until):
                return "certain", None
        if any(start <= age_months < until for start, until in self.boundary):
            return "boundary", None
        for also in self.also:
            if also.from_months <= age_months < also.until_months:
                return "also", also
        for also in self.also:
            if also.boundary and also.boundary[0] <= age_months < also.boundary[1]:
                return "also-boundary", also
        return "out", None

    def situations(self) -> set[str]:
        named = {s for st in (*self.wider, *self.narrower) for s in st.any_of}
        return (
            {s for r in self.requires for s in r.any_of}
            | {a.situation for a in self.addresses}
            | named
        )

    def requires_met(self, ticked: Collection[str]) -> bool:
        return all(set(ticked) & set(req.any_of) for req in self.requires)


@dataclass(frozen=True, slots=True)
class Advice:
    """Where the guideline says what to do when no recognised intervention is available."""

    id: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class SummaryTexts:
    """What the dossier text names besides the cards: the guideline (title, revision), the
    finder's page, the words of the page's headings and boxes, the precondition (its anchor
    and text) and how short links are made (sitegen/redirects.py)."""

    guideline: str
    revision_label: str
    tool_url: str  # the finder's page, site-relative
    recognition_label: str  # 'Erkenning volgens de richtlijn (2019)'
    precondition_title: str
    precondition: str  # anchor of the statement shown above every answer
    precondition_text: str
    tier1_heading: str
    tier2_heading: str
    advice_title: str
    kjp_label: str  # how the page names the recognition text of the KJP
    short_link: str  # '/r/{id}/'


@dataclass(frozen=True, slots=True)
class Spec:
    age_limit_months: int  # first age no longer covered (the Jeugdwet: 23 years)
    levels: tuple[Level, ...]
    situations: tuple[Situation, ...]
    groups: tuple[Group, ...]
    prenatal_group: str
    reasons: tuple[Reason, ...]
    boundary_reason: str
    approximate_boundary_reason: str
    no_age_reason: str
    smaller_group_reason: str
    age_notes: tuple[AgeNote, ...]
    situation_statements: tuple[tuple[str, str], ...]  # (situation, statement anchor)
    indication: tuple[str, tuple[Source, ...]] | None  # label and sources: who indicates
    notes: tuple[Note, ...]
    refs: dict[str, Ref]
    texts: dict[str, str]
    interventions: tuple[Intervention, ...]
    rejected: tuple[str, ...]  # ids never offered: the spec is refused if one is an intervention
    advice: Advice
    summary: SummaryTexts | None = None  # None: a Spec without the dossier text (tests)

    def __post_init__(self) -> None:
        if [lv.rank for lv in self.levels] != list(range(len(self.levels))) or not self.levels:
            raise SpecError("finder levels must be ranked 0..n-1 in order")
        level_ids = {lv.id for lv in self.levels}
        situation_ids = {s.id for s in self.situations}
        group_ids = {g.id for g in self.groups}
        reason_ids = {r.id for r in self.reasons}
        note_ids = {n.id for n in self.notes}
        start = 0
        for g in self.groups:
            if g.from_months != start:
                raise SpecError(f"age group {g.id!r} must start at {start} months")
            start = g.until_months if g.until_months is not None else -1
        if start != -1 or self.prenatal_group not in group_ids:
            raise SpecError("age groups must end open and contain the prenatal group")
        for rid in (self.boundary_reason, self.approximate_boundary_reason, self.no_age_reason,
                    self.smaller_group_reason):
            if rid not in reason_ids:
                raise SpecError(f"unknown reason {rid!r}")
        for reason in self.reasons:
            if reason.note and reason.note not in note_ids:
                raise SpecError(f"reason {reason.id}: unknown note {reason.note!r}")
        seen: set[str] = set()
        for iv in self.interventions:
            if iv.id in seen:
                raise SpecError(f"intervention {iv.id!r} occurs twice")
            seen.add(iv.id)
            if iv.id in self.rejected:
                raise SpecError(f"{iv.id!r} is an approach the guideline rejects")
            if iv.level not in level_ids:
                raise SpecError(f"{iv.id}: unknown recognition level {iv.level!r}")
            unknown = iv.situations() - situation_ids
            if unknown:
                raise SpecError(f"{iv.id}: unknown situations {sorted(unknown)}")
            if set(iv.treatment) - group_ids:
                raise SpecError(f"{iv.id}: unknown age groups {sorted(set(iv.treatment))}")
            if set(iv.scope) - group_ids:
                raise SpecError(f"{iv.id}: unknown age groups {sorted(set(iv.scope) - group_ids)}")
            reasons = {s.reason for s in iv.scope.values() if s.reason} | {
                a.reason for a in iv.also
            }
            if reasons - reason_ids:
                raise SpecError(f"{iv.id}: unknown reasons {sorted(reasons - reason_ids)}")
            if set(iv.notes) - note_ids:
                raise SpecError(f"{iv.id}: unknown notes {sorted(set(iv.notes) - note_ids)}")
            for st in (*iv.wider, *iv.narrower):
                if set(st.groups) - group_ids or st.note not in iv.notes:
                    raise SpecError(f"{iv.id}: a statement names unknown age groups or a note "
                                    "its cards do not show")
            if not (iv.prenatal or iv.postnatal):
                raise SpecError(f"{iv.id}: fits neither before nor after birth")
        anchors = [s.anchor for iv in self.interventions for s in _all_sources(iv)]
        anchors += [s.anchor for r in self.reasons for s in r.sources]
        anchors += [g.recommendation for g in self.groups]
        anchors += [st for _, st in self.situation_statements]
        anchors += [s.anchor for s in (self.indication[1] if self.indication else ())]
        if self.summary is not None:
            anchors.append(self.summary.precondition)
        missing = sorted({a for a in anchors if a not in self.refs})
        if missing:
            raise SpecError(f"finder.json cites anchors it has no link for: {missing}")

    def level(self, level_id: str) -> Level:
        return next(lv for lv in self.levels if lv.id == level_id)

    def situation(self, situation_id: str) -> Situation:
        return next(s for s in self.situations if s.id == situation_id)

    def reason(self, reason_id: str) -> Reason:
        return next(r for r in self.reasons if r.id == reason_id)

    def note(self, note_id: str) -> Note:
        return next(n for n in self.notes if n.id == note_id)

    def group_of(self, age_months: int) -> Group:
        return next(
            g
            for g in self.groups
            if g.from_months <= age_months
            and (g.until_months is None or age_months < g.until_months)
        )

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Spec:
        """Build a Spec from the JSON object of finder.json."""
        try:
            if raw.get("format") != FORMAT_VERSION:
                raise SpecError(
                    f"finder.json has format {raw.get('format')!r}, this code reads "
                    f"format {FORMAT_VERSION}"
                )
            special = raw["special_reasons"]
            return cls(
                age_limit_months=int(raw["age_limit_months"]),
                levels=tuple(
                    Level(str(lv["id"]), str(lv["label"]), rank, bool(lv["recognised"]))
                    for rank, lv in enumerate(raw["levels"])
                ),
                situations=tuple(
                    Situation(str(s["id"]), str(s["label"])) for s in raw["situations"]
                ),
                groups=tuple(
                    Group(str(g["id"]), int(g["from_months"]), _int_or_none(g["until_months"]),
                          str(g["recommendation"]))
                    for g in raw["groups"]
                ),
                prenatal_group=str(raw["prenatal_group"]),
                reasons=tuple(
                    Reason(str(r["id"]), str(r["label"]), str(r["text"]), _sources(r["sources"]),
                           None if r["note"] is None else str(r["note"]))
                    for r in raw["reasons"]
                ),
                boundary_reason=str(special["boundary"]),
                approximate_boundary_reason=str(special["approximate_boundary"]),
                no_age_reason=str(special["no_age"]),
                smaller_group_reason=str(special["smaller_group"]),
                age_notes=tuple(
                    AgeNote(str(a["note"]), int(a["from_months"]), int(a["until_months"]))
                    for a in raw["age_notes"]
                ),
                situation_statements=tuple(
                    (str(s["situation"]), str(s["statement"]))
                    for s in raw["situation_statements"]
                ),
                indication=None if raw["indication"] is None else (
                    str(raw["indication"]["label"]), _sources(raw["indication"]["sources"])
                ),
                notes=tuple(
                    Note(str(n["id"]), str(n["title"]), str(n["text"]),
                         None if n["url"] is None else str(n["url"]))
                    for n in raw["notes"]
                ),
                refs={
                    str(key): Ref(str(key), str(r["kind"]), str(r["label"]), str(r["url"]))
                    for key, r in raw["refs"].items()
                },
                texts={str(k): str(v) for k, v in raw["texts"].items()},
                interventions=tuple(_intervention(iv) for iv in raw["interventions"]),
                rejected=tuple(str(r["id"]) for r in raw["rejected"]),
                advice=Advice(
                    str(raw["advice"]["id"]),
                    str(raw["advice"]["label"]),
                    str(raw["advice"]["url"]),
                ),
                summary=None if raw.get("summary") is None else _summary_texts(raw["summary"]),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, SpecError):
                raise
            raise SpecError(f"finder.json is not in the expected shape: {exc!r}") from exc

    @classmethod
    def from_json(cls, text: str) -> Spec:
        return cls.from_dict(json.loads(text))


def _summary_texts(raw: Mapping[str, Any]) -> SummaryTexts:
    return SummaryTexts(**{name: str(raw[name]) for name in SummaryTexts.__dataclass_fields__})


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _sources(raw: Any) -> tuple[Source, ...]:
    return tuple(Source(str(s["anchor"]), str(s["quote"])) for s in raw)


def _all_sources(iv: Intervention) -> list[Source]:
    return [
        iv.wording_source,
        *iv.recognition_sources,
        *iv.bound_sources,
        *(s for a in iv.also for s in a.sources),
        *(s for r in iv.requires for s in r.sources),
        *(s for a in iv.addresses for s in a.sources),
        *(s for sc in iv.scope.values() for s in sc.sources),
        *(s for st in (*iv.wider, *iv.narrower) for s in st.sources),
        *iv.card_notes,
        *(Source(t, "") for t in iv.tables),
    ]


def _intervention(raw: Mapping[str, Any]) -> Intervention:
    age = raw["age"]
    certain = age["certain"]
    recognition = raw["recognition"]
    return Intervention(
        id=str(raw["id"]),
        name=str(raw["name"]),
        full_name=str(raw["full_name"]),
        doelgroep=str(raw["doelgroep"]),
        url=str(raw["url"]),
        order=int(raw["order"]),
        level=str(raw["level"]),
        recognition_text=str(recognition["text"]),
        recognition_kjp=None if recognition["kjp"] is None else str(recognition["kjp"]),
        recognition_sources=_sources(recognition["sources"]),
        wording=str(age["wording"]),
        wording_source=Source(str(age["wording_source"]["anchor"]),
                              str(age["wording_source"]["quote"])),
        prenatal=bool(age["prenatal"]),
        postnatal=bool(age["postnatal"]),
        certain=None if certain is None else (int(certain[0]), _int_or_none(certain[1])),
        boundary=tuple((int(a), int(b)) for a, b in age["boundary"]),
        approximate=bool(age["approximate"]),
        bound_sources=_sources(age["bound_sources"]),
        also=tuple(
            Also(str(a["reason"]), int(a["from_months"]), int(a["until_months"]),
                 _sources(a["sources"]),
                 None if a["boundary"] is None else (int(a["boundary"][0]),
                                                     int(a["boundary"][1])))
            for a in age["also"]
        ),
        requires=tuple(
            Requirement(tuple(str(s) for s in r["any_of"]), _sources(r["sources"]))
            for r in raw["requires"]
        ),
        addresses=tuple(
            Addressed(str(a["situation"]), _sources(a["sources"])) for a in raw["addresses"]
        ),
        scope={
            str(group): Scope(int(s["tier"]), None if s["reason"] is None else str(s["reason"]),
                              _sources(s["sources"]))
            for group, s in raw["scope"].items()
        },
        wider=tuple(_statement(st) for st in raw["wider"]),
        narrower=tuple(_statement(st) for st in raw["narrower"]),
        treatment=tuple(str(g) for g in raw["treatment"]),
        card_notes=_sources(raw["card_notes"]),
        notes=tuple(str(n) for n in raw["notes"]),
        tables=tuple(str(t) for t in raw["tables"]),
        form=None if raw["form"] is None else str(raw["form"]),
    )


def _statement(raw: Mapping[str, Any]) -> Statement:
    return Statement(
        any_of=tuple(str(s) for s in raw["any_of"]),
        groups=tuple(str(g) for g in raw["groups"]),
        sources=_sources(raw["sources"]),
        note=str(raw["note"]),
    )


def load_spec(path: str | Path) -> Spec:
    """Read a Spec from a finder.json file (as generated by the build)."""
    return Spec.from_json(Path(path).read_text(encoding="utf-8"))


@cache
def default_spec() -> Spec:
    """The Spec packaged with this module (widgets/finder.json inside the wheel)."""
    return Spec.from_json(
        packaged_text(DATA_FILE, "data/interventions.yml, finder.yml and situations.yml")
    )


# --- Dutch wording of ages -----------------------------------------------------------------


def age_text(months: int) -> str:
    """'2 jaar en 3 maanden', '7 maanden', '4 jaar'."""
    years, rest = divmod(months, 12)
    if years == 0:
        return f"{rest} {'maand' if rest == 1 else 'maanden'}"
    if rest == 0:
        return f"{years} jaar"
    return f"{years} jaar en {rest} {'maand' if rest == 1 else 'maanden'}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


# --- the question ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    """A validated question: see `find`."""

    age_months: int | None = None
    prenatal: bool = False
    situations: tuple[str, ...] = ()
    min_level: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "age_months": self.age_months,
            "prenatal": self.prenatal,
            "situations": list(self.situations),
            "min_level": self.min_level,
        }


def validate(
    age_months: object = None,
    prenatal: object = False,
    situations: object = (),
    min_level: object = None,
    spec: Spec | None = None,
) -> Query:
    """Check the arguments of `find`; raise FinderInputError with a Dutch message."""
    spec = spec or default_spec()
    limit = spec.age_limit_months
    if type(prenatal) is not bool:
        raise FinderInputError(
            f"'nog niet geboren' moet waar of onwaar zijn, niet {shown(prenatal)}"
        )
    if age_months is not None:
        # type() rather than isinstance(): True/False are ints to Python, not ages
        if type(age_months) is not int:
            raise FinderInputError(
                f"de leeftijd moet een heel aantal maanden zijn, niet {shown(age_months)} "
                f"({type(age_months).__name__})"
            )
        if age_months < 0:
            raise FinderInputError(f"de leeftijd kan niet negatief zijn ({shown(age_months)})")
        if age_months >= limit:
            raise FinderInputError(
                f"de leeftijd moet lager zijn dan {age_text(limit)} ({limit} maanden), de "
                f"grens van de Jeugdwet; niet {shown(age_months)} maanden"
            )
        if prenatal:
            raise FinderInputError(
                "een kind dat nog niet geboren is heeft geen leeftijd: geef óf een leeftijd "
                "óf 'nog niet geboren' op"
            )
    if isinstance(situations, (str, bytes)) or not isinstance(situations, Collection):
        raise FinderInputError(
            f"situaties moeten een lijst van ids zijn, niet {type(situations).__name__}"
        )
    known = [s.id for s in spec.situations]
    chosen: list[str] = []
    for sid in situations:
        if type(sid) is not str:
            raise FinderInputError(f"een situatie-id moet tekst zijn, niet {shown(sid)}")
        if sid not in known:
            raise FinderInputError(
                f"onbekende situatie {shown(sid)}; bekend zijn: {', '.join(known)}"
            )
        if sid not in chosen:
            chosen.append(sid)
    chosen.sort(key=known.index)  # the data's order: the same question, the same answer
    if min_level is not None:
        levels = [lv.id for lv in spec.levels]
        if type(min_level) is not str or min_level not in levels:
            raise FinderInputError(
                f"onbekend erkenningsniveau {shown(min_level)}; bekend zijn: {', '.join(levels)}"
            )
    return Query(age_months, prenatal, tuple(chosen), min_level)


# --- the answer ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a card: a label, the source's words and where they stand."""

    label: str
    quote: str | None
    refs: tuple[Ref, ...]
    text: str | None = None  # a sentence of the finder's own (a filled-in reason)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "quote": self.quote,
            "text": self.text,
            "refs": [_ref_dict(r) for r in self.refs],
        }


def _ref_dict(ref: Ref) -> dict[str, str]:
    return {"id": ref.id, "label": ref.label, "url": ref.url}


def _note_dict(note: Note) -> dict[str, Any]:
    return {"id": note.id, "title": note.title, "text": note.text, "url": note.url}


@dataclass(frozen=True, slots=True)
class Card:
    """One listed intervention: its tier, why it is there and where the guideline says so."""

    intervention: Intervention
    tier: int
    level: Level
    reason: Reason | None
    reason_line: Line | None
    why: tuple[Line, ...]
    matched: tuple[str, ...]  # ticked situations it requires or addresses
    notes: tuple[Note, ...]
    links: tuple[Ref, ...]
    # sentences of the guideline about its target group that do not cover this child
    narrower: tuple[Line, ...] = ()
    indication: tuple[Line, ...] = ()  # who indicates the treatment, in the source's words
    indication_title: str | None = None

    @property
    def id(self) -> str:
        return self.intervention.id

    @property
    def rank_key(self) -> tuple[int, int, int]:
        return (self.level.rank, -len(self.matched), self.intervention.order)

    def as_dict(self) -> dict[str, Any]:
        iv = self.intervention
        return {
            "id": iv.id,
            "name": iv.name,
            "full_name": iv.full_name,
            "doelgroep": iv.doelgroep,
            "url": iv.url,
            "tier": self.tier,
            "level": {"id": self.level.id, "label": self.level.label, "rank": self.level.rank},
            "recognition": iv.recognition_text,
            "kjp": iv.recognition_kjp,
            "reason": None if self.reason is None else {
                "id": self.reason.id,
                "label": self.reason.label,
                **(self.reason_line.as_dict() if self.reason_line else {}),
            },
            "why": [line.as_dict() for line in self.why],
            "matched_situations": list(self.matched),
            "notes": [_note_dict(n) for n in self.notes],
            "links": [_ref_dict(r) for r in self.links],
            "narrower": [line.as_dict() for line in self.narrower],
            "indication": None if not self.indication else {
                "title": self.indication_title,
                "lines": [line.as_dict() for line in self.indication],
            },
        }


@dataclass(frozen=True, slots=True)
class Result:
    query: Query
    group: Group | None  # None: no age and not prenatal
    tier1: tuple[Card, ...]
    tier2: tuple[Card, ...]
    below_level: int  # interventions that fit but were left out by min_level
    advice: bool  # show the guideline's advice for when no recognised intervention fits
    notes: tuple[Note, ...]  # source notes for the whole answer (the age)
    statements: tuple[str, ...]  # anchors of statements shown for ticked situations

    @property
    def cards(self) -> tuple[Card, ...]:
        return self.tier1 + self.tier2


def _refs(spec: Spec, sources: Collection[Source] | Collection[str]) -> tuple[Ref, ...]:
    anchors = [s.anchor if isinstance(s, Source) else s for s in sources]
    return tuple(spec.refs[a] for a in dict.fromkeys(anchors))


def _fill(text: str, values: Mapping[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def _where(ref: Ref) -> str:
    """How a sentence names a place in the guideline: 'tabel 2', 'conclusie 5.6.3'."""
    return _lower_first(ref.label.split(":")[0])


def _statement_line(spec: Spec, label: str, sources: tuple[Source, ...]) -> Line:
    return Line(f"{label} {_where(spec.refs[sources[0].anchor])}", sources[0].quote,
                _refs(spec, sources))


def _card(
    spec: Spec,
    iv: Intervention,
    query: Query,
    group: Group | None,
    tier: int,
    reason_id: str | None,
    also: Also | None,
    wide: Statement | None = None,
    on_bound: bool = False,
) -> Card:
    """One card. `wide`: the `wider` statement it is listed through (its `requires` are not
    met). `on_bound`: the age is in the boundary year of `also` (the boundary reason then
    quotes that statement, not the range)."""
    ticked = set(query.situations)
    why = [Line("Leeftijd volgens de richtlijn", iv.wording, _refs(spec, [iv.wording_source]))]
    why += [
        Line("Leeftijd, elders in de richtlijn", s.quote, _refs(spec, [s]))
        for s in iv.bound_sources
    ]
    if wide is not None:
        why.append(_statement_line(spec, "Genoemd in", wide.sources))
    matched: list[str] = []
    unmet: list[Requirement] = []
    for req in iv.requires:
        hits = [s for s in req.any_of if s in ticked]
        if not hits:
            unmet.append(req)
            continue
        matched += hits
        labels = " of ".join(_lower_first(spec.situation(s).label) for s in hits)
        why.append(Line(f"Past bij {labels}", req.sources[0].quote, _refs(spec, req.sources)))
    for addr in iv.addresses:
        if addr.situation in ticked and addr.situation not in matched:
            matched.append(addr.situation)
            label = _lower_first(spec.situation(addr.situation).label)
            why.append(Line(f"Ook genoemd voor {label}", addr.sources[0].quote,
                            _refs(spec, addr.sources)))
    if wide is not None:
        matched += [s for s in wide.any_of if s in ticked and s not in matched]
    why.append(Line("Erkenning volgens de richtlijn", iv.recognition_sources[0].quote,
                    _refs(spec, iv.recognition_sources)))
    # a sentence the reason already quotes is not repeated
    quoted = {also.sources[0].quote} if also is not None else set()
    why += [Line("Uit de richtlijn", s.quote, _refs(spec, [s]))
            for s in iv.card_notes if s.quote not in quoted]
    scope = iv.scope.get(group.id) if group else None
    if scope is not None:
        why += [Line("Uit de richtlijn", s.quote, _refs(spec, [s])) for s in scope.sources]

    # the sentences about its target group that leave this child out: the row's conditions
    # not met, the narrower statements, and (when listed through one) the other wider ones
    narrower = [_statement_line(spec, "Doelgroep volgens", req.sources) for req in unmet]
    others = [*iv.narrower, *(iv.wider if wide is not None else ())]
    narrower += [
        _statement_line(spec, "Doelgroep volgens", st.sources)
        for st in others
        if st is not wide and not st.covers(ticked, group)
        and (group is None or not st.groups or group.id in st.groups)
    ]
    indication: list[Line] = []
    indication_title = None
    if spec.indication is not None and (
        group.id in iv.treatment if group is not None else bool(iv.treatment)
    ):
        indication_title, sources = spec.indication
        indication = [
            Line(_upper_first(_where(spec.refs[src.anchor])), src.quote, _refs(spec, [src]))
            for src in sources
        ]

    reason = spec.reason(reason_id) if reason_id else None
    reason_line = None
    notes = [spec.note(n) for n in iv.notes]
    if reason is not None:
        # on the bound of an `also` statement its sentence stands for the range's words
        # (without its full stop: the reason's text goes on after the quote)
        wording = also.sources[0].quote.rstrip(".") if on_bound and also else iv.wording
        values = {"wording": wording}
        if query.age_months is not None:
            values["age"] = age_text(query.age_months)
        reason_sources = [*reason.sources, *(also.sources if also else ())]
        if also is not None:
            values["quote"] = also.sources[0].quote
            values["where"] = spec.refs[also.sources[0].anchor].label.lower()
        elif wide is not None and unmet:
            narrow = unmet[0].sources
            values["quote"] = narrow[0].quote
            values["where"] = _where(spec.refs[narrow[0].anchor])
            values["wide_quote"] = wide.sources[0].quote
            values["wide_where"] = _where(spec.refs[wide.sources[0].anchor])
            reason_sources += [*wide.sources, *narrow]
        reason_line = Line(reason.label, None, _refs(spec, reason_sources),
                           _fill(reason.text, values))
        if reason.note and reason.note not in {n.id for n in notes}:
            notes.append(spec.note(reason.note))
    link_anchors = [*iv.tables]
    link_anchors += [
        s.anchor for s in _all_sources(iv)
        if spec.refs[s.anchor].kind in ("conclusie", "aanbeveling", "kernaanbeveling")
    ]
    if group is not None:
        link_anchors.append(group.recommendation)
    return Card(
        intervention=iv,
        tier=tier,
        level=spec.level(iv.level),
        reason=reason,
        reason_line=reason_line,
        why=tuple(why),
        matched=tuple(matched),
        notes=tuple(notes),
        links=_refs(spec, link_anchors),
        narrower=tuple(narrower),
        indication=tuple(indication),
        indication_title=indication_title,
    )


def search(query: Query, spec: Spec | None = None) -> Result:
    """Both tiers for a validated query (see the module's docstring)."""
    spec = spec or default_spec()
    max_rank = spec.level(query.min_level).rank if query.min_level else len(spec.levels)
    ticked = set(query.situations)
    age = query.age_months
    group: Group | None = None
    if query.prenatal:
        group = next(g for g in spec.groups if g.id == spec.prenatal_group)
    elif age is not None:
        group = spec.group_of(age)
    cards: list[Card] = []
    for iv in spec.interventions:
        wide = None
        if not iv.requires_met(ticked):
            # a condition of its row is not ticked: listed only if another sentence names it
            wide = next((st for st in iv.wider if st.covers(ticked, group)), None)
            if wide is None:
                continue
        also = None
        if query.prenatal:
            if not iv.prenatal:
                continue
            position = "certain"
        elif age is None:
            if not iv.postnatal:
                continue
            cards.append(_card(spec, iv, query, None, 2, spec.no_age_reason, None, wide))
            continue
        else:
            position, also = iv.position(age)
        if position == "out":
            continue
        if position == "boundary":
            reason_id = (
                spec.approximate_boundary_reason if iv.approximate else spec.boundary_reason
            )
            cards.append(_card(spec, iv, query, group, 2, reason_id, None, wide))
        elif position == "also" and also is not None:
            cards.append(_card(spec, iv, query, group, 2, also.reason, also, wide))
        elif position == "also-boundary" and also is not None:
            cards.append(_card(spec, iv, query, group, 2, spec.boundary_reason, also, wide,
                               on_bound=True))
        else:
            assert group is not None
            scope = iv.scope.get(group.id)
            if scope is None:  # the build checks that a scope covers every age it names
                raise SpecError(f"{iv.id}: no scope for age group {group.id!r}")
            if scope.tier == 1 and wide is not None:
                cards.append(_card(spec, iv, query, group, 2, spec.smaller_group_reason, None,
                                   wide))
            else:
                cards.append(_card(spec, iv, query, group, scope.tier, scope.reason, None, wide))
    cards.sort(key=lambda c: c.rank_key)
    advice = group is not None and not any(c.tier == 1 and c.level.recognised for c in cards)
    shown_cards = [c for c in cards if c.level.rank <= max_rank]
    notes = tuple(
        spec.note(a.note)
        for a in spec.age_notes
        if age is not None and a.from_months <= age < a.until_months
    )
    statements = tuple(st for sid, st in spec.situation_statements if sid in ticked)
    rejected = set(spec.rejected)
    assert not [c.id for c in cards if c.id in rejected]  # also refused by Spec itself
    return Result(
        query=query,
        group=group,
        tier1=tuple(c for c in shown_cards if c.tier == 1),
        tier2=tuple(c for c in shown_cards if c.tier == 2),
        below_level=len(cards) - len(shown_cards),
        advice=advice,
        notes=notes,
        statements=statements,
    )


def find(
    age_months: int | None = None,
    prenatal: bool = False,
    situations: Collection[str] = (),
    min_level: str | None = None,
    spec: Spec | None = None,
) -> Result:
    """Both tiers of interventions for a child.

    `age_months`: the child's age in whole months (None: unknown); `prenatal`: the child is
    not yet born; `situations`: situation ids; `min_level`: a recognition level id, or None
    for every level. Bad input raises FinderInputError (a ValueError) with a Dutch message.
    """
    spec = spec or default_spec()
    return search(validate(age_months, prenatal, situations, min_level, spec), spec)


# --- the page's state --------------------------------------------------------------------------


def _whole_number(name: str, text: str, most: int) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise FinderInputError(f"{name} moet een heel getal van 0 of meer zijn, niet {shown(text)}")
    # checked before int(): Python refuses numbers of thousands of digits in English
    if len(value.lstrip("0")) > len(str(most)):
        raise FinderInputError(f"{name} is te groot ({shown(value)}); het hoogste is {most}")
    return int(value)


def parse_query(query: str, spec: Spec | None = None) -> Query:
    """The page's state (the URL fragment, or the query of an old link) to a validated Query
    (`parse_state` without the normalised state)."""
    return parse_state(query, spec)[0]


def parse_state(query: str, spec: Spec | None = None) -> tuple[Query, str]:
    """The page's state (the URL fragment, or the query of an old link) to a validated Query,
    and the same state normalised: what this reading understood, written as the page's form
    writes it (`leeftijd-jaren=+3` -> `leeftijd-jaren=3`, `prenataal=JA` -> `prenataal=ja`,
    `situatie=%20adoptie-pleeg` -> `situatie=adoptie-pleeg`). The page restores its form
    from this, so the form never shows other choices than the answer is for.

    leeftijd-jaren=2&leeftijd-maanden=3&prenataal=ja&situatie=adoptie-pleeg&situatie=...
    &erkenning=goed-onderbouwd. Empty fields count as not given; a repeated single-value
    parameter is refused (the page does not guess which one was meant); parameters the page
    does not know are ignored (e.g. tracking parameters added by a course platform).
    """
    spec = spec or default_spec()
    if not isinstance(query, str):
        raise FinderInputError(f"de zoekvraag moet tekst zijn, niet {type(query).__name__}")
    fields = parse_qs(query.removeprefix("?").removeprefix("#"), keep_blank_values=True)
    for name in SINGLE_VALUED:
        if len(fields.get(name, [])) > 1:
            raise FinderInputError(
                f"de link noemt {shown(name)} {len(fields[name])} keer; geef die keuze één keer"
            )

    def one(name: str) -> str:
        values = fields.get(name, [])
        return values[0].strip() if values else ""

    years, months = one(Q_YEARS), one(Q_MONTHS)
    limit_years = spec.age_limit_months // 12
    age: int | None = None
    normal: list[tuple[str, str]] = []
    if years or months:
        whole_years = _whole_number("Leeftijd in jaren", years, limit_years) if years else 0
        whole_months = (
            _whole_number("Leeftijd in maanden", months, spec.age_limit_months) if months else 0
        )
        age = whole_years * 12 + whole_months
        normal += [(Q_YEARS, str(whole_years))] if years else []
        normal += [(Q_MONTHS, str(whole_months))] if months else []
    prenatal_text = one(Q_PRENATAL).lower()
    if prenatal_text not in PRENATAL_YES + PRENATAL_NO:
        raise FinderInputError(
            f"{Q_PRENATAL} moet 'ja' zijn of ontbreken, niet {shown(prenatal_text)}"
        )
    prenatal = Q_PRENATAL in fields and prenatal_text in PRENATAL_YES
    situations = [s.strip() for s in fields.get(Q_SITUATION, []) if s.strip()]
    level = one(Q_LEVEL) or None
    checked = validate(age, prenatal, situations, level, spec)
    normal += [(Q_PRENATAL, PRENATAL_YES[0])] if checked.prenatal else []
    normal += [(Q_SITUATION, sid) for sid in checked.situations]
    normal += [(Q_LEVEL, checked.min_level)] if checked.min_level else []
    return checked, urlencode(normal)


# --- JSON for the browser ------------------------------------------------------------------


def _summary(result: Result, spec: Spec) -> str:
    q = result.query
    if q.prenatal:
        who = "een kind dat nog niet geboren is"
    elif q.age_months is not None:
        who = f"een kind van {age_text(q.age_months)}"
    else:
        who = "een kind van onbekende leeftijd"
    parts = [who]
    if q.situations:
        parts.append(", ".join(_lower_first(spec.situation(s).label) for s in q.situations))
    if q.min_level:
        parts.append(f"ten minste: {_lower_first(spec.level(q.min_level).label)}")
    n1, n2 = len(result.tier1), len(result.tier2)
    return (
        f"Voor {'; '.join(parts)}: {n1} aanbevolen "
        f"{'interventie' if n1 == 1 else 'interventies'}, {n2} apart genoemd."
    )


def _messages(result: Result, spec: Spec) -> list[str]:
    out = []
    if result.group is None:
        out.append(spec.texts["no_age"])
    elif result.query.prenatal and not result.cards:
        out.append(spec.texts["prenatal_empty"])
    if result.below_level:
        n = result.below_level
        out.append(
            f"{n} {'interventie past' if n == 1 else 'interventies passen'} ook, maar "
            f"{'heeft' if n == 1 else 'hebben'} een lager erkenningsniveau dan gekozen."
        )
    return out


def result_dict(
    result: Result, spec: Spec | None = None, state: str | None = None
) -> dict[str, Any]:
    """A JSON-ready reply: the query, both tiers, the messages and boxes the page shows, and
    `state`: the page's state as read (parse_state), for a question asked as one."""
    spec = spec or default_spec()
    advice = None
    if result.advice:
        advice = {"id": spec.advice.id, "label": spec.advice.label, "url": spec.advice.url}
    tier1_empty = None
    if result.group is not None and not result.tier1:
        tier1_empty = spec.texts["tier1_empty"]
    return {
        "query": result.query.as_dict(),
        "group": None if result.group is None else result.group.id,
        "summary": _summary(result, spec),
        "messages": _messages(result, spec),
        "tier1_empty": tier1_empty,
        "below_level": result.below_level,
        "tier1": [{**c.as_dict(), "glance": glance(c, result.group, spec)} for c in result.tier1],
        "tier2": [{**c.as_dict(), "glance": glance(c, result.group, spec)} for c in result.tier2],
        "notes": [_note_dict(n) for n in result.notes],
        "statements": list(result.statements),
        "advice": advice,
        "state": state,
    }


def glance(card: Card, group: Group | None, spec: Spec | None = None) -> dict[str, Any]:
    """The compact first view of a card: the age in the source's words, the form where the
    source gives it, and one line on why it is listed: recommended (by which statement, for
    which ticked situations) or set apart (with the reason's label)."""
    spec = spec or default_spec()
    iv = card.intervention
    if card.reason is not None:
        fit = f"Apart: {_lower_first(card.reason.label)}."
    else:
        fit = "Aanbevolen"
        if group is not None:
            fit += f" ({_lower_first(spec.refs[group.recommendation].label)})"
        if card.matched:
            labels = [_lower_first(spec.situation(s).label) for s in card.matched]
            fit += f"; past bij {', '.join(labels)}"
        fit += "."
    return {"age": iv.wording, "form": iv.form, "fit": fit}


def state_of(query: Query) -> str:
    """The page's state (URL fragment) of a validated question; `parse_query` reads it back."""
    fields: list[tuple[str, str]] = []
    if query.age_months is not None:
        years, months = divmod(query.age_months, 12)
        if years:
            fields.append((Q_YEARS, str(years)))
        if months or not years:
            fields.append((Q_MONTHS, str(months)))
    if query.prenatal:
        fields.append((Q_PRENATAL, PRENATAL_YES[0]))
    fields += [(Q_SITUATION, s) for s in query.situations]
    if query.min_level:
        fields.append((Q_LEVEL, query.min_level))
    return urlencode(fields)


def _cite(ref: Ref, root: str, texts: SummaryTexts) -> str:
    """'Aanbeveling 5.7.2, https://…/r/aanbeveling-5-7-2/': every target of the site has a
    short link (sitegen/redirects.py)."""
    url = texts.short_link.replace("{id}", ref.id)
    return f"{ref.label}, {absolute(root, url)}"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def summary(query: Query, base: str = "", spec: Spec | None = None) -> str:
    """The answer to a validated question as plain text for a dossier or a referral letter:
    the choices, the precondition, each listed intervention with its age, its recognition in
    the guideline's words and why it is listed, the places in the guideline (short links
    where the site has them) and a link that opens the same choices again.

    `base`: the site's root address as the browser sees it ('' keeps the links
    site-relative). Bad input raises FinderInputError (Dutch)."""
    spec = spec or default_spec()
    texts = spec.summary
    if texts is None:
        raise SpecError("this Spec has no summary texts (finder.json 'summary')")
    root = base_url(base, FinderInputError)
    result = search(query, spec)
    precondition = spec.refs[texts.precondition]
    lines = [
        f"Interventiewijzer bij de {texts.guideline} ({texts.revision_label})",
        _summary(result, spec),
        *_messages(result, spec),
        f"{texts.precondition_title}: {texts.precondition_text} "
        f"({_cite(precondition, root, texts)})",
    ]

    def card_lines(cards: tuple[Card, ...]) -> list[str]:
        out = []
        for n, card in enumerate(cards, start=1):
            iv = card.intervention
            view = glance(card, result.group, spec)
            recognition = _sentence(iv.recognition_text)
            if iv.recognition_kjp:
                recognition += f" {texts.kjp_label}: {_sentence(iv.recognition_kjp)}"
            line = f"{n}. {iv.name}. Leeftijd: {iv.wording}. {texts.recognition_label}: "
            line += recognition
            if iv.form:
                line += f" Vorm: {iv.form}."
            line += f" {view['fit']}"
            if card.reason_line is not None and card.reason_line.text:
                line += f" {card.reason_line.text}"
            out.append(line)
            cited = "; ".join(_cite(r, root, texts) for r in card.links)
            out.append(f"   In de richtlijn: {cited}")
        return out or ["Geen."]

    lines += ["", f"{texts.tier1_heading}:"]
    if result.group is not None and not result.tier1:
        lines.append(spec.texts["tier1_empty"])
    else:
        lines += card_lines(result.tier1)
    if result.advice:
        a = spec.advice
        advice = spec.refs.get(a.id) or Ref(a.id, "", a.label, a.url)
        lines += ["", f"{texts.advice_title} Zie {_cite(advice, root, texts)}"]
    lines += ["", f"{texts.tier2_heading}:", *card_lines(result.tier2)]
    state = state_of(query)
    page = absolute(root, texts.tool_url) + (f"#{state}" if state else "")
    lines += ["", f"Deze keuzes in de Interventiewijzer: {page}"]
    return "\n".join(lines) + "\n"


def summary_json(request: str, spec: Spec | None = None) -> str:
    """JSON in, JSON out, for the browser worker: {"query": "<the page's state>", "base":
    "https://..."} -> {"ok": true, "result": {"text": ...}} or a Dutch error."""
    try:
        spec = spec or default_spec()
        try:
            raw = json.loads(request)
        except (ValueError, TypeError, RecursionError):
            raise FinderInputError("de vraag om een samenvatting is onleesbaar") from None
        if not isinstance(raw, dict) or "query" not in raw:
            raise FinderInputError("de vraag om een samenvatting moet de keuzes noemen")
        text = summary(parse_query(raw["query"], spec), raw.get("base") or "", spec)
    except FinderInputError as exc:
        return json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False)
    return json.dumps({"ok": True, "result": {"text": text}}, ensure_ascii=False)


def find_json(request: str, spec: Spec | None = None) -> str:
    """JSON in, JSON out, for the browser worker.

    The request is a JSON object, either {"query": "<the page's state>"} or the arguments of
    `find`: {"age_months": 27, "prenatal": false, "situations": [...], "min_level": null}.
    The reply is {"ok": true, "result": {...}} or {"ok": false, "error": "<Dutch message>"};
    for a "query", result.state is that state normalised (the page writes it back).
    """
    try:
        spec = spec or default_spec()
        try:
            raw = json.loads(request)
        except (ValueError, TypeError, RecursionError):
            raise FinderInputError(
                "de zoekvraag is onleesbaar (geen geldige JSON, of een getal dat te groot is)"
            ) from None
        if not isinstance(raw, dict):
            raise FinderInputError("de zoekvraag moet een JSON-object zijn")
        state = None
        if "query" in raw:
            query, state = parse_state(raw["query"], spec)
        else:
            unknown = set(raw) - {"age_months", "prenatal", "situations", "min_level"}
            if unknown:
                raise FinderInputError(
                    f"onbekende velden in de zoekvraag: {shown(', '.join(sorted(unknown)))}"
                )
            query = validate(
                raw.get("age_months"),
                raw.get("prenatal", False),
                raw.get("situations", ()),
                raw.get("min_level"),
                spec,
            )
        result = search(query, spec)
    except FinderInputError as exc:
        return json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False)
    return json.dumps(
        {"ok": True, "result": result_dict(result, spec, state)}, ensure_ascii=False
    )
