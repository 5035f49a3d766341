"""Interventiewijzer: which interventions of chapter 5 fit a child's age and situation.

`find(age_months=None, prenatal=False, situations=(), min_level=None)` returns the matching
interventions in rank order, each a `Match` with the intervention's id, why it matched
(`reasons`) and what to know before choosing it (`caveats`). `find_json` is the same for the
browser worker: JSON in, JSON out, and it also reads the page's URL query
(`leeftijd-jaren=2&situatie=adoptie-pleeg`).

Nothing about the interventions is written in this module. Ages, situations, risk groups,
recognition levels and every text come from a `Spec`, read from `finder.json`: a file generated
at build time from data/interventions.yml, situations.yml and harmful_approaches.yml (through
the validated models; the age convention is applied there, by `AgeRange.from_months` /
`until_months`) and packaged next to this module in the wheel the browser loads.

Rules (the page explains them too):
- An age is whole months since birth, 0 up to the Jeugdwet limit (from the spec). It fits an
  intervention when from_months <= age < until_months (until_months None: no upper bound).
- `prenatal=True`: the child is not yet born. Only interventions that can start in pregnancy
  fit; an age together with prenatal=True is refused (an unborn child has no age).
- No age and not prenatal: the age is unknown, every intervention is a candidate.
- Ranking: (1) interventions meant for at least one given situation, more matching situations
  first; (2) the rest that fit the age. Within a group by recognition rank (the order of 5.6:
  strongest evidence first), then by name. Situations never exclude an intervention.
- `min_level` (a recognition level id) leaves out interventions ranked below that level.
- Approaches the guideline rejects (5.6: dwang, holding, ...) are not interventions in the
  spec; the spec lists them only so that the code can refuse a spec that would offer one.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from widgets.packaged import SpecError, packaged_text

DATA_FILE = "finder.json"
FORMAT_VERSION = 1  # of finder.json; bump together with sitegen/tools/

# Names of the page's form fields, which are also the URL query parameters.
Q_YEARS = "leeftijd-jaren"
Q_MONTHS = "leeftijd-maanden"
Q_PRENATAL = "prenataal"
Q_SITUATION = "situatie"
Q_LEVEL = "erkenning"
PRENATAL_YES = ("ja", "1", "on", "true")
PRENATAL_NO = ("", "nee", "0", "off", "false")

GROUP_SITUATION = "situatie"  # meant for at least one given situation
GROUP_AGE = "leeftijd"  # fits the age (or the age is unknown), no given situation


# --- the spec ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    label: str
    rank: int  # 0 = strongest evidence


@dataclass(frozen=True, slots=True)
class Situation:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """An approach the guideline rejects as ineffective or harmful (5.6)."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class TableRef:
    table: int
    label: str  # e.g. 'Tabel 1 in hoofdstuk 5'
    url: str  # site-relative, e.g. /hoofdstuk-5/#tabel-1-vipp-sd


@dataclass(frozen=True, slots=True)
class Intervention:
    id: str
    name: str
    full_name: str
    doelgroep: str
    paragraph: str
    age_wording: str
    from_months: int  # youngest fitting age, inclusive
    until_months: int | None  # first age that no longer fits; None: no upper bound
    prenatal: bool  # can start in pregnancy
    postnatal: bool  # can start after birth
    situations: tuple[str, ...]
    risk_group: bool
    recognition: str  # a Level id
    recognition_text: str
    caveats: tuple[str, ...]
    tables: tuple[TableRef, ...]
    url: str  # site-relative, e.g. /interventies/vipp-sd/

    def fits_age(self, age_months: int) -> bool:
        return (
            self.postnatal
            and age_months >= self.from_months
            and (self.until_months is None or age_months < self.until_months)
        )


@dataclass(frozen=True, slots=True)
class Advice:
    """Where the guideline says what to do when no recognised intervention is available."""

    id: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Spec:
    age_limit_months: int  # first age no longer covered (the Jeugdwet: 23 years)
    levels: tuple[Level, ...]
    situations: tuple[Situation, ...]
    interventions: tuple[Intervention, ...]
    rejected: tuple[Rejected, ...]  # never offered: the spec is refused if one is an intervention
    advice: Advice

    def __post_init__(self) -> None:
        if [lv.rank for lv in self.levels] != list(range(len(self.levels))) or not self.levels:
            raise SpecError("finder levels must be ranked 0..n-1 in order")
        level_ids = {lv.id for lv in self.levels}
        situation_ids = {s.id for s in self.situations}
        rejected = {r.id for r in self.rejected}
        seen: set[str] = set()
        for iv in self.interventions:
            if iv.id in seen:
                raise SpecError(f"intervention {iv.id!r} occurs twice")
            seen.add(iv.id)
            if iv.id in rejected:
                raise SpecError(f"{iv.id!r} is an approach the guideline rejects (5.6)")
            if iv.recognition not in level_ids:
                raise SpecError(f"{iv.id}: unknown recognition level {iv.recognition!r}")
            unknown = [s for s in iv.situations if s not in situation_ids]
            if unknown:
                raise SpecError(f"{iv.id}: unknown situations {unknown}")
            if not (iv.prenatal or iv.postnatal):
                raise SpecError(f"{iv.id}: fits neither before nor after birth")
            if iv.from_months < 0 or (
                iv.until_months is not None and iv.until_months <= iv.from_months
            ):
                raise SpecError(f"{iv.id}: empty age range {iv.from_months}..{iv.until_months}")

    def level(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)

    def situation(self, situation_id: str) -> Situation:
        for s in self.situations:
            if s.id == situation_id:
                return s
        raise KeyError(situation_id)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Spec:
        """Build a Spec from the JSON object of finder.json."""
        try:
            if raw.get("format") != FORMAT_VERSION:
                raise SpecError(
                    f"finder.json has format {raw.get('format')!r}, this code reads "
                    f"format {FORMAT_VERSION}"
                )
            return cls(
                age_limit_months=int(raw["age_limit_months"]),
                levels=tuple(
                    Level(str(lv["id"]), str(lv["label"]), int(lv["rank"])) for lv in raw["levels"]
                ),
                situations=tuple(
                    Situation(str(s["id"]), str(s["label"])) for s in raw["situations"]
                ),
                interventions=tuple(_intervention(iv) for iv in raw["interventions"]),
                rejected=tuple(Rejected(str(r["id"]), str(r["name"])) for r in raw["rejected"]),
                advice=Advice(
                    str(raw["advice"]["id"]),
                    str(raw["advice"]["label"]),
                    str(raw["advice"]["url"]),
                ),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise SpecError(f"finder.json is not in the expected shape: {exc!r}") from exc

    @classmethod
    def from_json(cls, text: str) -> Spec:
        return cls.from_dict(json.loads(text))


def _intervention(raw: Mapping[str, Any]) -> Intervention:
    age = raw["age"]
    until = age["until_months"]
    return Intervention(
        id=str(raw["id"]),
        name=str(raw["name"]),
        full_name=str(raw["full_name"]),
        doelgroep=str(raw["doelgroep"]),
        paragraph=str(raw["paragraph"]),
        age_wording=str(age["wording"]),
        from_months=int(age["from_months"]),
        until_months=None if until is None else int(until),
        prenatal=bool(age["prenatal"]),
        postnatal=bool(age["postnatal"]),
        situations=tuple(str(s) for s in raw["situations"]),
        risk_group=bool(raw["risk_group"]),
        recognition=str(raw["recognition"]),
        recognition_text=str(raw["recognition_text"]),
        caveats=tuple(str(c) for c in raw["caveats"]),
        tables=tuple(
            TableRef(int(t["table"]), str(t["label"]), str(t["url"])) for t in raw["tables"]
        ),
        url=str(raw["url"]),
    )


def load_spec(path: str | Path) -> Spec:
    """Read a Spec from a finder.json file (as generated by the build)."""
    return Spec.from_json(Path(path).read_text(encoding="utf-8"))


@cache
def default_spec() -> Spec:
    """The Spec packaged with this module (widgets/finder.json inside the wheel)."""
    return Spec.from_json(
        packaged_text(
            DATA_FILE, "data/interventions.yml, situations.yml and harmful_approaches.yml"
        )
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


def range_text(iv: Intervention) -> str:
    """The fitting ages in whole months, e.g. '0 t/m 6 jaar', '1 t/m 8 maanden'."""
    start, until = iv.from_months, iv.until_months
    if not iv.postnatal:
        return "vóór de geboorte (in de zwangerschap)"
    prefix = "vanaf de zwangerschap, " if iv.prenatal else ""
    if until is None:
        return f"{prefix}vanaf {age_text(start)}"
    last = until - 1
    if start % 12 == 0 and until % 12 == 0:
        return f"{prefix}{start // 12} t/m {last // 12} jaar"
    if last // 12 < 2:  # under two years: in months, as the source gives them
        return f"{prefix}{start} t/m {last} maanden"
    return f"{prefix}{age_text(start)} t/m {age_text(last)}"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


# --- finding -------------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class Match:
    """One intervention that fits, with why (`reasons`) and what to know (`caveats`)."""

    id: str
    group: str  # GROUP_SITUATION or GROUP_AGE
    matched_situations: tuple[str, ...]
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    intervention: Intervention
    level: Level

    @property
    def name(self) -> str:
        return self.intervention.name

    @property
    def risk_group(self) -> bool:
        return self.intervention.risk_group

    @property
    def recognition(self) -> str:
        return self.level.id

    @property
    def rank_key(self) -> tuple[int, int, int, str]:
        return (
            0 if self.group == GROUP_SITUATION else 1,
            -len(self.matched_situations),
            self.level.rank,
            self.intervention.name.casefold(),
        )

    def __getitem__(self, key: str) -> Any:
        """match["id"], match["reasons"], ...: the fields of `as_dict`, as in the JSON."""
        return self.as_dict()[key]

    def as_dict(self) -> dict[str, Any]:
        iv = self.intervention
        return {
            "id": self.id,
            "name": iv.name,
            "full_name": iv.full_name,
            "doelgroep": iv.doelgroep,
            "paragraph": iv.paragraph,
            "group": self.group,
            "risk_group": iv.risk_group,
            "age": {
                "from_months": iv.from_months,
                "until_months": iv.until_months,
                "prenatal": iv.prenatal,
                "postnatal": iv.postnatal,
                "text": range_text(iv),
                "wording": iv.age_wording,
            },
            "recognition": self.level.id,
            "recognition_label": self.level.label,
            "recognition_rank": self.level.rank,
            "recognition_text": iv.recognition_text,
            "situations": list(iv.situations),
            "matched_situations": list(self.matched_situations),
            "reasons": list(self.reasons),
            "caveats": list(self.caveats),
            "url": iv.url,
            "tables": [{"table": t.table, "label": t.label, "url": t.url} for t in iv.tables],
        }


@dataclass(frozen=True, slots=True)
class Result:
    query: Query
    matches: tuple[Match, ...]
    below_level: int  # interventions that fit but were left out by min_level


def validate(
    age_months: object = None,
    prenatal: object = False,
    situations: object = (),
    min_level: object = None,
    spec: Spec | None = None,
) -> Query:
    """Check the arguments of `find`; raise ValueError with a clear (Dutch) message."""
    spec = spec or default_spec()
    limit = spec.age_limit_months
    if type(prenatal) is not bool:
        raise ValueError(f"prenatal moet True of False zijn, niet {prenatal!r}")
    if age_months is not None:
        # type() rather than isinstance(): True/False are ints to Python, not ages
        if type(age_months) is not int:
            raise ValueError(
                f"de leeftijd moet een heel aantal maanden zijn, niet {age_months!r} "
                f"({type(age_months).__name__})"
            )
        if age_months < 0:
            raise ValueError(f"de leeftijd kan niet negatief zijn ({age_months} maanden)")
        if age_months >= limit:
            raise ValueError(
                f"de leeftijd moet lager zijn dan {age_text(limit)} ({limit} maanden), de "
                f"grens van de Jeugdwet; niet {age_text(age_months)} ({age_months} maanden)"
            )
        if prenatal:
            raise ValueError(
                "een kind dat nog niet geboren is heeft geen leeftijd: geef óf een leeftijd "
                "óf 'nog niet geboren' op"
            )
    if isinstance(situations, (str, bytes)) or not isinstance(situations, Collection):
        raise ValueError(
            f"situaties moeten een lijst van ids zijn, niet {type(situations).__name__}"
        )
    known = [s.id for s in spec.situations]
    chosen: list[str] = []
    for sid in situations:
        if type(sid) is not str:
            raise ValueError(f"een situatie-id moet tekst zijn, niet {sid!r}")
        if sid not in known:
            raise ValueError(f"onbekende situatie {sid!r}; bekend zijn: {', '.join(known)}")
        if sid not in chosen:
            chosen.append(sid)
    chosen.sort(key=known.index)  # the data's order: the same question, the same answer
    if min_level is not None:
        levels = [lv.id for lv in spec.levels]
        if type(min_level) is not str or min_level not in levels:
            raise ValueError(
                f"onbekend erkenningsniveau {min_level!r}; bekend zijn: {', '.join(levels)}"
            )
    return Query(age_months, prenatal, tuple(chosen), min_level)


def search(query: Query, spec: Spec | None = None) -> Result:
    """All interventions that fit a validated query, ranked (see the module's docstring)."""
    spec = spec or default_spec()
    max_rank = spec.level(query.min_level).rank if query.min_level else len(spec.levels)
    given = set(query.situations)
    matches: list[Match] = []
    below = 0
    for iv in spec.interventions:
        if query.prenatal:
            if not iv.prenatal:
                continue
            age_reason = "Kan al in de zwangerschap beginnen"
        elif query.age_months is not None:
            if not iv.fits_age(query.age_months):
                continue
            age_reason = f"Leeftijd past: {range_text(iv)}"
        else:
            age_reason = f"Leeftijd in de richtlijn: {range_text(iv)} (geen leeftijd opgegeven)"
        level = spec.level(iv.recognition)
        if level.rank > max_rank:
            below += 1
            continue
        matched = tuple(s for s in iv.situations if s in given)
        reasons = [age_reason]
        if matched:
            labels = "; ".join(_lower_first(spec.situation(s).label) for s in matched)
            reasons.append(f"Bedoeld voor: {labels}")
        caveats = list(iv.caveats)
        if iv.risk_group and not matched:
            labels = " of ".join(_lower_first(spec.situation(s).label) for s in iv.situations)
            caveats.append(f"Bedoeld voor een specifieke risicogroep: {labels}")
        matches.append(
            Match(
                id=iv.id,
                group=GROUP_SITUATION if matched else GROUP_AGE,
                matched_situations=matched,
                reasons=tuple(reasons),
                caveats=tuple(caveats),
                intervention=iv,
                level=level,
            )
        )
    matches.sort(key=lambda m: m.rank_key)
    rejected = {r.id for r in spec.rejected}
    assert not [m.id for m in matches if m.id in rejected]  # also refused by Spec itself
    return Result(query, tuple(matches), below)


def find(
    age_months: int | None = None,
    prenatal: bool = False,
    situations: Collection[str] = (),
    min_level: str | None = None,
    spec: Spec | None = None,
) -> tuple[Match, ...]:
    """The interventions that fit, in rank order.

    `age_months`: the child's age in whole months (None: unknown); `prenatal`: the child is
    not yet born; `situations`: situation ids; `min_level`: a recognition level id, or None
    for every level. Bad input raises ValueError.
    """
    spec = spec or default_spec()
    query = validate(age_months, prenatal, situations, min_level, spec)
    return search(query, spec).matches


# --- the page's URL query ------------------------------------------------------------------


def _whole_number(name: str, text: str) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"{name} moet een heel getal van 0 of meer zijn, niet {text!r}")
    return int(value)


def parse_query(query: str, spec: Spec | None = None) -> Query:
    """The page's form, as URL query, to a validated Query.

    leeftijd-jaren=2&leeftijd-maanden=3&prenataal=ja&situatie=adoptie-pleeg&situatie=...
    &erkenning=goed-onderbouwd. Empty fields count as not given; parameters the page does not
    know are ignored (e.g. tracking parameters added by a course platform).
    """
    spec = spec or default_spec()
    if not isinstance(query, str):
        raise ValueError(f"de zoekvraag moet tekst zijn, niet {type(query).__name__}")
    fields = parse_qs(query.removeprefix("?"), keep_blank_values=True)

    def last(name: str) -> str:
        values = fields.get(name, [])
        return values[-1].strip() if values else ""

    years, months = last(Q_YEARS), last(Q_MONTHS)
    age: int | None = None
    if years or months:
        age = (_whole_number("Leeftijd in jaren", years) * 12 if years else 0) + (
            _whole_number("Leeftijd in maanden", months) if months else 0
        )
    prenatal_text = last(Q_PRENATAL).lower()
    if prenatal_text not in PRENATAL_YES + PRENATAL_NO:
        raise ValueError(f"{Q_PRENATAL} moet 'ja' zijn of ontbreken, niet {prenatal_text!r}")
    prenatal = Q_PRENATAL in fields and prenatal_text in PRENATAL_YES
    situations = [s.strip() for s in fields.get(Q_SITUATION, []) if s.strip()]
    level = last(Q_LEVEL) or None
    return validate(age, prenatal, situations, level, spec)


# --- JSON for the browser ------------------------------------------------------------------


def _summary(result: Result, spec: Spec) -> str:
    q = result.query
    if q.prenatal:
        who = "een kind dat nog niet geboren is"
    elif q.age_months is not None:
        who = f"een kind van {age_text(q.age_months)}"
    else:
        who = "elke leeftijd (geen leeftijd opgegeven)"
    parts = [who]
    if q.situations:
        parts.append(", ".join(_lower_first(spec.situation(s).label) for s in q.situations))
    if q.min_level:
        parts.append(f"ten minste: {_lower_first(spec.level(q.min_level).label)}")
    count = len(result.matches)
    noun = "interventie" if count == 1 else "interventies"
    return f"{count} {noun} voor {'; '.join(parts)}."


def _message(result: Result) -> str | None:
    count = len(result.matches)
    notes = []
    if count == 0:
        notes.append("Geen enkele interventie uit hoofdstuk 5 past bij deze vraag.")
    elif result.query.situations:
        meant = sum(m.group == GROUP_SITUATION for m in result.matches)
        if meant == 0:
            notes.append(
                "Geen van deze interventies is speciaal bedoeld voor de gekozen situatie; "
                "ze passen bij de leeftijd."
            )
        elif meant < count:
            notes.append(
                f"De eerste {meant} {'is' if meant == 1 else 'zijn'} bedoeld voor de gekozen "
                f"situatie; de andere {count - meant} passen bij de leeftijd."
            )
    if result.below_level:
        n = result.below_level
        notes.append(
            f"{n} {'interventie past' if n == 1 else 'interventies passen'} ook, maar "
            f"{'heeft' if n == 1 else 'hebben'} een lager erkenningsniveau dan gekozen."
        )
    return " ".join(notes) or None


def result_dict(result: Result, spec: Spec | None = None) -> dict[str, Any]:
    """A JSON-ready reply: the query, the ranked matches, a summary and, when nothing fits,
    where the guideline says what to do then (5.7, aanbeveling 4)."""
    spec = spec or default_spec()
    advice = None
    if not result.matches:
        advice = {"id": spec.advice.id, "label": spec.advice.label, "url": spec.advice.url}
    return {
        "query": result.query.as_dict(),
        "count": len(result.matches),
        "summary": _summary(result, spec),
        "message": _message(result),
        "below_level": result.below_level,
        "matches": [m.as_dict() for m in result.matches],
        "advice": advice,
    }


def find_json(request: str, spec: Spec | None = None) -> str:
    """JSON in, JSON out, for the browser worker.

    The request is a JSON object, either {"query": "<the page's URL query>"} or the arguments
    of `find`: {"age_months": 27, "prenatal": false, "situations": [...], "min_level": null}.
    The reply is {"ok": true, "result": {...}} or {"ok": false, "error": "<Dutch message>"}.
    """
    try:
        spec = spec or default_spec()
        raw = json.loads(request)
        if not isinstance(raw, dict):
            raise ValueError("de zoekvraag moet een JSON-object zijn")
        if "query" in raw:
            query = parse_query(raw["query"], spec)
        else:
            unknown = set(raw) - {"age_months", "prenatal", "situations", "min_level"}
            if unknown:
                raise ValueError(f"onbekende velden in de zoekvraag: {sorted(unknown)}")
            query = validate(
                raw.get("age_months"),
                raw.get("prenatal", False),
                raw.get("situations", ()),
                raw.get("min_level"),
                spec,
            )
        result = search(query, spec)
    except SpecError:
        raise  # a broken build, not a bad question: let the worker report it
    except ValueError as exc:  # json.JSONDecodeError is a ValueError too
        return json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False)
    return json.dumps({"ok": True, "result": result_dict(result, spec)}, ensure_ascii=False)
