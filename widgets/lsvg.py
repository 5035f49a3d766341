"""Scoring of the LSVG, the list of signs of disturbed attachment behaviour (bijlage 4).

`evaluate(scores)` takes one answer per item (an int on the list's scale, or None while not yet
answered) and returns an immutable `Result`: how many items are answered, the total and the
band once every item is answered. `outlook(scores)` says what the answers so far settle: the
lowest and highest total still possible, and the band once every possible total falls in one.
`summary(scores, notes)` is the plain text for a dossier ('Kopieer samenvatting').

Nothing about the LSVG is written in this module. Items, scale, band limits and the texts of
the bands come from a `Spec`, read from `lsvg.json`: a file generated at build time from
data/lsvg.yml (through the validated model) and packaged next to this module in the wheel that
the browser loads. Tests and other callers may pass their own `Spec` (see `load_spec`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from widgets.dossier import absolute, base_url, indented
from widgets.packaged import SpecError, packaged_text

DATA_FILE = "lsvg.json"
FORMAT_VERSION = 3  # of lsvg.json; bump together with sitegen/tools/lsvg.py


ECHO_MAX = 32  # characters of the input repeated in a message


class LsvgInputError(ValueError):
    """Answers the calculator refuses; the message is Dutch and can be shown as it is."""


def _shown(value: object) -> str:
    """Input as a message repeats it: at most ECHO_MAX characters."""
    if type(value) is int and value.bit_length() > 4 * ECHO_MAX:  # more digits than shown
        return "een getal van meer dan " + str(ECHO_MAX) + " cijfers"  # repr() may refuse it
    text = repr(value)
    return text if len(text) <= ECHO_MAX else text[:ECHO_MAX] + "…"


@dataclass(frozen=True, slots=True)
class ScalePoint:
    value: int
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    number: int
    id: str
    title: str
    normaal: str
    verstoord: str


@dataclass(frozen=True, slots=True)
class Band:
    """The totals that share one outcome. `norm_text` is None where the source's normering
    names none of them (its `note` says so)."""

    id: str
    min_total: int
    max_total: int
    label: str
    norm_text: str | None
    steps: str  # id of the vervolgstappen the source gives these totals
    note: str | None


@dataclass(frozen=True, slots=True)
class Steps:
    """One group of 'Mogelijke vervolgstappen', as plain text."""

    id: str
    heading: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummaryTexts:
    """What the dossier text names besides the scores: the guideline (title, revision), where
    the list stands and the calculator's page (site-relative URLs), the vervolgstappen, the
    titles of the bands' source notes and the source's caveat that the list gives no
    diagnosis."""

    title: str  # of the list, with its source: 'Lijst ... (Boris & Zeanah, 2005)'
    guideline: str
    revision_label: str
    list_label: str  # 'bijlage 4'
    list_url: str
    tool_url: str
    norms_intro: str  # 'Voorlopige normering:'
    no_diagnosis: str
    steps: tuple[Steps, ...]
    band_notes: tuple[tuple[str, str], ...]  # (band id, title of its source note)


@dataclass(frozen=True, slots=True)
class Spec:
    """The list as the guideline gives it: scale, items and the bands of the total score."""

    scale: tuple[ScalePoint, ...]
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    summary: SummaryTexts | None = None  # None: a Spec for scoring only (tests)
    # band id per total, indexed by total - min_total; filled in __post_init__
    _band_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.scale or not self.items or not self.bands:
            raise SpecError("LSVG data needs a scale, items and bands")
        values = [p.value for p in self.scale]
        if values != list(range(values[0], values[0] + len(values))):
            raise SpecError(f"LSVG scale values must be consecutive and ascending, got {values}")
        numbers = [i.number for i in self.items]
        if numbers != list(range(1, len(numbers) + 1)):
            raise SpecError(f"LSVG items must be numbered 1..n in order, got {numbers}")
        expected = self.min_total
        for band in self.bands:
            if band.min_total != expected or band.max_total < band.min_total:
                raise SpecError(
                    f"LSVG bands must cover {self.min_total}..{self.max_total} without gaps "
                    f"or overlaps; band {band.id!r} starts at {band.min_total}, not {expected}"
                )
            expected = band.max_total + 1
        if expected != self.max_total + 1:
            raise SpecError(
                f"LSVG bands must cover {self.min_total}..{self.max_total}; "
                f"they end at {expected - 1}"
            )
        ids = tuple(b.id for b in self.bands for _ in range(b.min_total, b.max_total + 1))
        object.__setattr__(self, "_band_ids", ids)
        if self.summary is not None:
            known = {st.id for st in self.summary.steps}
            missing = sorted({b.steps for b in self.bands} - known)
            if missing:
                raise SpecError(f"lsvg.json: vervolgstappen {missing} are missing")

    @property
    def min_score(self) -> int:
        return self.scale[0].value

    @property
    def max_score(self) -> int:
        return self.scale[-1].value

    @property
    def min_total(self) -> int:
        return self.min_score * len(self.items)

    @property
    def max_total(self) -> int:
        return self.max_score * len(self.items)

    def band_for(self, total: int) -> Band:
        """The band a complete total falls in."""
        if type(total) is not int or not self.min_total <= total <= self.max_total:
            raise LsvgInputError(
                f"een totaalscore moet een heel getal van {self.min_total} tot en met "
                f"{self.max_total} zijn, niet {_shown(total)}"
            )
        band_id = self._band_ids[total - self.min_total]
        return next(b for b in self.bands if b.id == band_id)

    def band(self, band_id: str) -> Band:
        for b in self.bands:
            if b.id == band_id:
                return b
        raise KeyError(band_id)

    def steps_of(self, band: Band) -> Steps:
        if self.summary is None:
            raise SpecError("this Spec has no summary texts (lsvg.json 'summary')")
        return next(st for st in self.summary.steps if st.id == band.steps)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Spec:
        """Build a Spec from the JSON object of lsvg.json."""
        try:
            if raw.get("format") != FORMAT_VERSION:
                raise SpecError(
                    f"lsvg.json has format {raw.get('format')!r}, this code reads "
                    f"format {FORMAT_VERSION}"
                )
            return cls(
                scale=tuple(ScalePoint(int(p["value"]), str(p["label"])) for p in raw["scale"]),
                items=tuple(
                    Item(
                        int(i["number"]),
                        str(i["id"]),
                        str(i["title"]),
                        str(i["normaal"]),
                        str(i["verstoord"]),
                    )
                    for i in raw["items"]
                ),
                bands=tuple(
                    Band(
                        str(b["id"]),
                        int(b["min_total"]),
                        int(b["max_total"]),
                        str(b["label"]),
                        None if b["norm_text"] is None else str(b["norm_text"]),
                        str(b["steps"]),
                        None if b["note"] is None else str(b["note"]),
                    )
                    for b in raw["bands"]
                ),
                summary=None if raw.get("summary") is None else _summary_texts(raw["summary"]),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise SpecError(f"lsvg.json is not in the expected shape: {exc!r}") from exc

    @classmethod
    def from_json(cls, text: str) -> Spec:
        return cls.from_dict(json.loads(text))


def _summary_texts(raw: Mapping[str, Any]) -> SummaryTexts:
    return SummaryTexts(
        title=str(raw["title"]),
        guideline=str(raw["guideline"]),
        revision_label=str(raw["revision_label"]),
        list_label=str(raw["list_label"]),
        list_url=str(raw["list_url"]),
        tool_url=str(raw["tool_url"]),
        norms_intro=str(raw["norms_intro"]),
        no_diagnosis=str(raw["no_diagnosis"]),
        steps=tuple(
            Steps(str(st["id"]), str(st["heading"]), tuple(str(x) for x in st["steps"]))
            for st in raw["steps"]
        ),
        band_notes=tuple((str(k), str(v)) for k, v in raw["band_notes"].items()),
    )


def load_spec(path: str | Path) -> Spec:
    """Read a Spec from an lsvg.json file (as generated by the build)."""
    return Spec.from_json(Path(path).read_text(encoding="utf-8"))


@cache
def default_spec() -> Spec:
    """The Spec packaged with this module (widgets/lsvg.json inside the wheel)."""
    return Spec.from_json(packaged_text(DATA_FILE, "data/lsvg.yml"))


@dataclass(frozen=True, slots=True)
class Result:
    """Outcome of one evaluation. `total` and `band` are None until every item is answered."""

    scores: tuple[int | None, ...]
    answered: int
    total: int | None
    band: str | None  # the id of a band in the data

    @property
    def items(self) -> int:
        return len(self.scores)

    @property
    def complete(self) -> bool:
        return self.answered == len(self.scores)

    @property
    def unanswered(self) -> tuple[int, ...]:
        """Numbers of the items still without a score, e.g. (3, 7)."""
        return tuple(n for n, s in enumerate(self.scores, start=1) if s is None)

    def as_dict(self, spec: Spec | None = None) -> dict[str, Any]:
        """A JSON-ready summary for the browser, with the band's label from the data."""
        spec = spec or default_spec()
        label = spec.band(self.band).label if self.band is not None else None
        return {
            "scores": list(self.scores),
            "answered": self.answered,
            "items": self.items,
            "complete": self.complete,
            "unanswered": list(self.unanswered),
            "total": self.total,
            "min_total": spec.min_total,
            "max_total": spec.max_total,
            "band": self.band,
            "band_label": label,
            "outlook": outlook_of(self, spec).as_dict(spec),
        }


def evaluate(scores: Sequence[int | None], spec: Spec | None = None) -> Result:
    """Score one filled-in (or partly filled-in) list.

    `scores` holds one entry per item, in item order: an int on the scale (1..5 for the LSVG)
    or None for an item not yet answered. Anything else raises LsvgInputError (a ValueError)
    with a Dutch message.
    """
    spec = spec or default_spec()
    if isinstance(scores, (str, bytes)) or not isinstance(scores, Sequence):
        raise LsvgInputError(
            f"de scores moeten een lijst van {len(spec.items)} antwoorden zijn (één per "
            f"gedraging), niet {type(scores).__name__}"
        )
    if len(scores) != len(spec.items):
        raise LsvgInputError(
            f"verwacht {len(spec.items)} scores (één per gedraging), niet {len(scores)}"
        )
    low, high = spec.min_score, spec.max_score
    answered = 0
    total = 0
    for number, score in enumerate(scores, start=1):
        if score is None:
            continue
        # type() rather than isinstance(): True/False are ints to Python, not answers
        if type(score) is not int or not low <= score <= high:
            raise LsvgInputError(
                f"gedraging {number}: een score moet een heel getal van {low} tot en met "
                f"{high} zijn (of leeg zolang niet beantwoord), niet {_shown(score)} "
                f"({type(score).__name__})"
            )
        answered += 1
        total += score
    values = tuple(scores)
    if answered < len(values):
        return Result(values, answered, None, None)
    return Result(values, answered, total, spec._band_ids[total - spec.min_total])


@dataclass(frozen=True, slots=True)
class Outlook:
    """What the answers so far settle. `sum`: the total of the scores given so far; `low` and
    `high`: the lowest and highest total still possible; every total in between can still be
    reached. `band`: the band all of them fall
    in (the outcome is settled), or None while they fall in more than one. `could_change`:
    the numbers of the unanswered items whose score can still move the total into another
    band (none once the outcome is settled)."""

    answered: int
    items: int
    sum: int
    low: int
    high: int
    band: str | None
    could_change: tuple[int, ...]

    @property
    def settled(self) -> bool:
        return self.band is not None

    def as_dict(self, spec: Spec | None = None) -> dict[str, Any]:
        spec = spec or default_spec()
        return {
            "answered": self.answered,
            "items": self.items,
            "sum": self.sum,
            "low": self.low,
            "high": self.high,
            "settled": self.settled,
            "band": self.band,
            "band_label": None if self.band is None else spec.band(self.band).label,
            "could_change": list(self.could_change),
        }


def outlook_of(result: Result, spec: Spec | None = None) -> Outlook:
    """The outlook of an evaluated (valid) list."""
    spec = spec or default_spec()
    given = sum(s for s in result.scores if s is not None)
    open_items = result.unanswered
    low = given + spec.min_score * len(open_items)
    high = given + spec.max_score * len(open_items)
    # The bands are consecutive ranges of totals, so one band holds every total from low to
    # high exactly when it holds both ends.
    low_band, high_band = spec.band_for(low), spec.band_for(high)
    band = low_band.id if low_band.id == high_band.id else None
    # An unanswered item can change the outcome when, for some score of the other open items,
    # its own score moves the total across a band boundary B: the total without it, `rest`,
    # lies in [low - min, high - max] and rest + min < B <= rest + max. (With one gapless
    # scale for every item this holds for each open item as soon as the outcome is open.)
    could_change: tuple[int, ...] = ()
    if band is None:
        boundaries = [b.min_total for b in spec.bands[1:]]
        rest_low, rest_high = low - spec.min_score, high - spec.max_score
        could_change = tuple(
            n for n in open_items
            if any(
                max(rest_low, boundary - spec.max_score)
                <= min(rest_high, boundary - spec.min_score - 1)
                for boundary in boundaries
            )
        )
    return Outlook(result.answered, result.items, given, low, high, band, could_change)


def outlook(scores: Sequence[int | None], spec: Spec | None = None) -> Outlook:
    """What a partly filled-in list settles (see `Outlook`); the same input as `evaluate`."""
    spec = spec or default_spec()
    return outlook_of(evaluate(scores, spec), spec)


def _notes(notes: object, count: int) -> tuple[str, ...]:
    if notes is None:
        return ("",) * count
    if (
        isinstance(notes, (str, bytes))
        or not isinstance(notes, Sequence)
        or len(notes) != count
        or not all(isinstance(n, str) for n in notes)
    ):
        raise LsvgInputError(
            f"de notities moeten een lijst van {count} teksten zijn (één per gedraging)"
        )
    return tuple(notes)


def summary(
    scores: Sequence[int | None],
    notes: Sequence[str] | None = None,
    base: str = "",
    spec: Spec | None = None,
) -> str:
    """The list as plain text for a dossier: the scores with the notes typed for each item,
    the total and the outcome with the guideline's vervolgstappen, or, while items are open,
    what is settled so far; the guideline, where the list stands and the calculator.

    `notes`: one text per item (the 'Argumenten en concrete voorbeelden'), or None; `base`:
    the site's root address ('https://example.org/richtlijn/'), '' for site-relative links.
    Bad input raises LsvgInputError (Dutch)."""
    spec = spec or default_spec()
    texts = spec.summary
    if texts is None:
        raise SpecError("this Spec has no summary texts (lsvg.json 'summary')")
    result = evaluate(scores, spec)
    typed = _notes(notes, len(spec.items))
    root = base_url(base, LsvgInputError)
    view = outlook_of(result, spec)
    labels = {p.value: p.label for p in spec.scale}
    lines = [
        texts.title,
        f"Uit: {texts.guideline}, {texts.revision_label} ({texts.list_label}: "
        f"{absolute(root, texts.list_url)})",
        "",
        f"Gescoord: {result.answered} van {result.items}.",
    ]
    for item, score, note in zip(spec.items, result.scores, typed, strict=True):
        shown = "niet gescoord" if score is None else f"{score} ({labels[score]})"
        lines.append(f"{item.number}. {item.title}: {shown}")
        if note.strip():
            lines.append(f"   Argumenten en concrete voorbeelden: {indented(note, '   ')}")
    lines.append("")
    if result.complete and result.band is not None and result.total is not None:
        band = spec.band(result.band)
        lines.append(f"Totaalscore: {result.total}")
        lines.append(f"Uitkomst: {band.label}")
        if band.norm_text:
            lines.append(f"{texts.norms_intro} {band.norm_text}")
        note_title = dict(texts.band_notes).get(band.id)
        if note_title:
            lines.append(f"Bronopmerking: {note_title}")
        steps = spec.steps_of(band)
        lines.append(f"Mogelijke vervolgstappen. {steps.heading}")
        lines += [f"- {step}" for step in steps.steps]
    else:
        open_items = ", ".join(str(n) for n in result.unanswered)
        lines.append(f"Nog niet gescoord: gedraging {open_items}.")
        lines.append(f"Mogelijke totaalscore: {view.low} tot en met {view.high}.")
        if view.band is not None:
            lines.append(f"Uitkomst staat vast: {spec.band(view.band).label}.")
        else:
            lines.append("Uitkomst staat nog niet vast.")
    lines += [
        "",
        f"Let op: {texts.no_diagnosis}",
        f"Berekend met de rekenhulp: {absolute(root, texts.tool_url)}",
    ]
    return "\n".join(lines) + "\n"


def summary_json(request: str, spec: Spec | None = None) -> str:
    """JSON in, JSON out, for the browser worker: {"scores": [...], "notes": [...], "base":
    "https://..."} -> {"ok": true, "result": {"text": ...}} or a Dutch error."""
    try:
        try:
            raw = json.loads(request)
        except (ValueError, TypeError, RecursionError):
            raise LsvgInputError("de vraag om een samenvatting is onleesbaar") from None
        if not isinstance(raw, dict) or "scores" not in raw:
            raise LsvgInputError("de vraag om een samenvatting moet de scores noemen")
        text = summary(raw["scores"], raw.get("notes"), raw.get("base") or "", spec)
    except LsvgInputError as exc:
        return json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False)
    return json.dumps({"ok": True, "result": {"text": text}}, ensure_ascii=False)


def evaluate_json(request: str, spec: Spec | None = None) -> str:
    """JSON in, JSON out, for the browser worker: '[1, null, ...]' -> result or error.
    Every error message is Dutch: the page shows it."""
    try:
        try:
            scores = json.loads(request)
        except (ValueError, TypeError, RecursionError):
            raise LsvgInputError(
                "de antwoorden zijn onleesbaar (geen geldige JSON, of een getal dat te groot is)"
            ) from None
        result = evaluate(scores, spec)
    except LsvgInputError as exc:
        return json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False)
    return json.dumps({"ok": True, "result": result.as_dict(spec)}, ensure_ascii=False)
