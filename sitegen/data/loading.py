"""Load every YAML file in data/ into validated models (sitegen/data/models/).

Errors (`DataError`, a `BuildError`) name the file, the entry's id and the field, so an
editor can find the mistake without reading a traceback. All errors of a run are collected before
failing, so one build shows every problem at once.

Every source file is read by `read_utf8` and every YAML text by `parse_yaml`
(sitegen/data/strict_yaml.py); the files are then checked against each other
(sitegen/data/checks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitegen.data.checks import cross_check
from sitegen.data.models.balansmodel import Balansmodel
from sitegen.data.models.corrections import Correction
from sitegen.data.models.finder import FinderRules
from sitegen.data.models.glossary import GlossaryEntry
from sitegen.data.models.guideline import Guideline
from sitegen.data.models.harmful_approaches import HarmfulApproach
from sitegen.data.models.instruments import Instrument
from sitegen.data.models.interventions import Intervention
from sitegen.data.models.lsvg import Lsvg
from sitegen.data.models.redirects import Redirect
from sitegen.data.models.search import SearchSettings
from sitegen.data.models.situations import Situation
from sitegen.data.models.source_notes import SourceNote
from sitegen.data.models.stappenplan import Stappenplan
from sitegen.data.models.statements import Conclusion, Kernaanbeveling, Recommendation
from sitegen.data.strict_yaml import parse_yaml, read_utf8
from sitegen.exceptions import BuildError, DataError

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class GuidelineData:
    guideline: Guideline
    kernaanbevelingen: tuple[Kernaanbeveling, ...]
    recommendations: tuple[Recommendation, ...]
    conclusions: tuple[Conclusion, ...]
    interventions: tuple[Intervention, ...] = ()
    situations: tuple[Situation, ...] = ()
    harmful_approaches: tuple[HarmfulApproach, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    stappenplan: Stappenplan | None = None
    balansmodel: Balansmodel | None = None
    lsvg: Lsvg | None = None
    glossary: tuple[GlossaryEntry, ...] = ()
    corrections: tuple[Correction, ...] = ()
    redirects: tuple[Redirect, ...] = ()
    finder: FinderRules | None = None
    source_notes: tuple[SourceNote, ...] = ()
    search: SearchSettings | None = None  # data/search.yml: synonyms, boosts, labels
    sources: dict[str, Path] = field(default_factory=dict)  # entry id -> file it came from

    def recommendation(self, rec_id: str) -> Recommendation:
        return next(r for r in self.recommendations if r.id == rec_id)

    def statement(self, statement_id: str) -> Recommendation | Conclusion | Kernaanbeveling:
        """A recommendation, conclusion or kernaanbeveling by id."""
        return next(
            s
            for s in (*self.recommendations, *self.conclusions, *self.kernaanbevelingen)
            if s.id == statement_id
        )

    def source_note(self, note_id: str) -> SourceNote:
        return next(n for n in self.source_notes if n.id == note_id)

    def as_shown(self, text: str) -> str:
        """Source words (a quote) as this site shows the source text: with the listed
        corrections of data/corrections/ applied, so that a reader finds them at their anchor."""
        for c in self.corrections:
            text = text.replace(c.original, c.corrected)
        return text


class Collector:
    """Gathers problems while loading, so every error is reported in one run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []
        self.sources: dict[str, Path] = {}

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def read(self, path: Path) -> Any:
        try:
            return parse_yaml(read_utf8(path, self.rel(path)), self.rel(path))
        except BuildError as exc:
            self.problems.extend(exc.problems)
        return None

    def entries(self, path: Path, model: type[M]) -> list[M]:
        """A file holding a YAML list of entries of one model."""
        raw = self.read(path)
        if raw is None:
            return []  # an empty file: no entries
        if not isinstance(raw, list):
            self.problems.append(f"{self.rel(path)}: verwacht een lijst van items")
            return []
        out: list[M] = []
        for index, item in enumerate(raw):
            entry_id = _entry_label(item, index)
            parsed = self._validate(path, entry_id, model, item)
            if parsed is not None:
                out.append(parsed)
                key = getattr(parsed, "id", None) or getattr(parsed, "term", None)
                if isinstance(key, str):
                    self.sources.setdefault(key, path)
        return out

    def single(self, path: Path, model: type[M]) -> M | None:
        """A file holding one mapping for one model."""
        raw = self.read(path)
        if raw is None:
            return None
        self.sources.setdefault(path.stem, path)
        return self._validate(path, path.stem, model, raw)

    def _validate(self, path: Path, entry_id: str, model: type[M], raw: Any) -> M | None:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                where, message = field_and_message(err)
                self.problems.append(
                    f"{self.rel(path)}: item '{entry_id}', veld '{where}': {message}"
                )
            return None

    def problem(self, entry_id: str, field_name: str, message: str) -> None:
        path = self.sources.get(entry_id)
        where = self.rel(path) if path else "data"
        self.problems.append(f"{where}: item '{entry_id}', veld '{field_name}': {message}")


def _entry_label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "term", "number"):
            if item.get(key) is not None:
                return str(item[key])
    return f"#{index + 1}"


def field_and_message(err: Any) -> tuple[str, str]:
    """Dotted field path and a Dutch message for one pydantic error.

    Whole-model validators cannot set a location, so the models word their messages as
    "<field>: <message>"; the field is taken from there.
    """
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "missing":
        return where, "ontbreekt"
    if err["type"] == "extra_forbidden":
        return where, "onbekend veld (niet toegestaan)"
    if err["type"] == "literal_error":
        expected = str(err["ctx"]["expected"]).replace(" or ", " of ")
        return where, f"moet een van deze waarden zijn: {expected}"
    if err["type"] == "string_pattern_mismatch":
        return where, f"heeft niet de vereiste vorm (patroon {err['ctx']['pattern']})"
    message = str(err["msg"]).removeprefix("Value error, ")
    head, sep, rest = message.partition(": ")
    if sep and head.isidentifier():
        return ".".join(filter(None, [where, head])), rest
    return where or "(item)", message


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yml")) if directory.is_dir() else []


def load(data_dir: Path) -> GuidelineData:
    """Load and cross-check all of data/; raise DataError listing every problem."""
    c = Collector(data_dir)
    if not data_dir.is_dir():
        raise DataError([f"{data_dir}: map met data bestaat niet"])

    def many(name: str, model: type[M]) -> tuple[M, ...]:
        single_file = data_dir / f"{name}.yml"
        paths = [single_file] if single_file.exists() else _files(data_dir / name)
        return tuple(e for p in paths for e in c.entries(p, model))

    def one(name: str, model: type[M]) -> M | None:
        path = data_dir / f"{name}.yml"
        return c.single(path, model) if path.exists() else None

    guideline = one("guideline", Guideline)
    if guideline is None:
        raise DataError(c.problems or [f"{c.rel(data_dir / 'guideline.yml')}: ontbreekt"])
    data = GuidelineData(
        guideline=guideline,
        kernaanbevelingen=many("kernaanbevelingen", Kernaanbeveling),
        recommendations=many("recommendations", Recommendation),
        conclusions=many("conclusions", Conclusion),
        interventions=many("interventions", Intervention),
        situations=many("situations", Situation),
        harmful_approaches=many("harmful_approaches", HarmfulApproach),
        instruments=many("instruments", Instrument),
        stappenplan=one("stappenplan", Stappenplan),
        balansmodel=one("balansmodel", Balansmodel),
        lsvg=one("lsvg", Lsvg),
        glossary=many("glossary", GlossaryEntry),
        corrections=many("corrections", Correction),
        redirects=many("redirects", Redirect),
        finder=one("finder", FinderRules),
        source_notes=many("source_notes", SourceNote),
        search=one("search", SearchSettings),
        sources=c.sources,
    )
    cross_check(c, data_dir, data)
    if c.problems:
        raise DataError(c.problems)
    return data
