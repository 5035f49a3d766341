"""Load every YAML file in data/ into validated models.

Errors (`DataError`, a `BuildError`) name the file, the entry's id and the field, so an
editor can find the mistake without reading a traceback. All errors of a run are collected before
failing, so one build shows every problem at once.

Every source file is read by `read_utf8` (bytes that are not UTF-8: file, line and byte) and
every YAML text, also a content page's front matter, by `parse_yaml` (`StrictLoader`: no key
twice in a mapping, no alias of a list or mapping), each refusal with file, line and reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sitegen.exceptions import BuildError, DataError
from sitegen.models import (
    Balansmodel,
    Conclusion,
    Correction,
    GlossaryEntry,
    Guideline,
    HarmfulApproach,
    Instrument,
    Intervention,
    Kernaanbeveling,
    Lsvg,
    Recommendation,
    Redirect,
    Situation,
    Stappenplan,
    Strict,
)

M = TypeVar("M", bound=BaseModel)


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that PyYAML would accept but the build refuses (Dutch reason, position).
    `{earlier}` in the reason is replaced by the line of `earlier` (as the file counts)."""

    def __init__(self, mark: yaml.Mark, reason: str, earlier: yaml.Mark | None = None) -> None:
        super().__init__(problem=reason, problem_mark=mark)
        self.earlier = earlier


class StrictLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader, refusing two things it accepts silently:

    - a key twice in one mapping: PyYAML keeps the last value, so the first one (a whole
      recommendation text) would vanish without a word;
    - an alias (`*name`) of a list or mapping. Nested aliases of collections expand
      exponentially downstream (an 'alias bomb' ran into MemoryError after 43 s). Aliases of
      a single value stay allowed: data/interventions.yml repeats table cells with
      `&bt-doel` / `*bt-doel`, and those cannot grow.
    """

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None and not isinstance(target, yaml.ScalarNode):
                raise YamlRefused(
                    event.start_mark,
                    f"de verwijzing *{event.anchor} herhaalt een lijst of mapping; met "
                    "&naam / *naam mag alleen een enkele waarde (tekst, getal) herhaald worden",
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                continue  # an unhashable key: PyYAML's own error follows
            if first is not key_node:
                raise YamlRefused(
                    key_node.start_mark,
                    f"de sleutel '{key}' staat twee keer in dezelfde mapping (eerst op regel "
                    "{earlier}); de eerste waarde zou verdwijnen",
                    first.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def read_utf8(path: Path, shown: str) -> str:
    """The text of a source file; BuildError naming line and byte if it is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{shown}: kan het bestand niet lezen: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BuildError(
            f"{shown}, regel {line}, teken {column} (byte {exc.start + 1} van het bestand): "
            f"geen geldige UTF-8 (byte 0x{raw[exc.start]:02X}). Sla het bestand op als UTF-8."
        ) from None


def parse_yaml(text: str, shown: str, first_line: int = 1) -> Any:
    """YAML text through StrictLoader; BuildError with file and line on any problem.
    `first_line`: the line of the file on which `text` starts (front matter: 2)."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}, regel {mark.line + first_line}" if mark else shown
        if isinstance(exc, YamlRefused):
            earlier = exc.earlier.line + first_line if exc.earlier else "?"
            reason = str(exc.problem).replace("{earlier}", str(earlier))
            raise BuildError(f"{where}: {reason}") from None
        detail = "; ".join(str(part) for part in (exc.context, exc.problem) if part)
        column = f", kolom {mark.column + 1}" if mark else ""
        raise BuildError(f"{where}{column}: geen geldige YAML ({detail})") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"{shown}: geen geldige YAML ({exc})") from None


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
    sources: dict[str, Path] = field(default_factory=dict)  # entry id -> file it came from

    def recommendation(self, rec_id: str) -> Recommendation:
        return next(r for r in self.recommendations if r.id == rec_id)


class _Collector:
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
                key = getattr(parsed, "id", None)
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
                where, message = _field_and_message(err)
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


def _field_and_message(err: Any) -> tuple[str, str]:
    """Dotted field path and a Dutch message for one pydantic error.

    Whole-model validators cannot set a location, so models.py words their messages as
    "<field>: <message>"; the field is taken from there.
    """
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "missing":
        return where, "ontbreekt"
    if err["type"] == "extra_forbidden":
        return where, "onbekend veld (niet toegestaan)"
    message = str(err["msg"]).removeprefix("Value error, ")
    head, sep, rest = message.partition(": ")
    if sep and head.isidentifier():
        return ".".join(filter(None, [where, head])), rest
    return where or "(item)", message


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yml")) if directory.is_dir() else []


def load(data_dir: Path) -> GuidelineData:
    """Load and cross-check all of data/; raise DataError listing every problem."""
    c = _Collector(data_dir)
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
        sources=c.sources,
    )
    _check_required(c, data_dir, data)
    _check_unique(c, data)
    _check_references(c, data)
    if c.problems:
        raise DataError(c.problems)
    return data


def _check_required(c: _Collector, data_dir: Path, data: GuidelineData) -> None:
    for name in ("kernaanbevelingen", "recommendations", "conclusions"):
        if not getattr(data, name) and not c.problems:
            c.problems.append(f"{c.rel(data_dir)}: geen {name} gevonden")


def _check_unique(c: _Collector, data: GuidelineData) -> None:
    """Ids must be unique across all kinds: they become HTML anchors and links.json keys."""
    seen: dict[str, str] = {}
    groups: Iterable[tuple[str, Iterable[Strict]]] = (
        ("kernaanbevelingen", data.kernaanbevelingen),
        ("recommendations", data.recommendations),
        ("conclusions", data.conclusions),
        ("interventions", data.interventions),
        ("situations", data.situations),
        ("harmful_approaches", data.harmful_approaches),
        ("instruments", data.instruments),
    )
    for kind, entries in groups:
        for entry in entries:
            entry_id: str = entry.id
            if entry_id in seen:
                c.problem(entry_id, "id", f"dubbele id (ook in {seen[entry_id]})")
            seen[entry_id] = kind
    terms = [g.term for g in data.glossary]
    for term in {t for t in terms if terms.count(t) > 1}:
        c.problem(term, "term", "dubbele term in de begrippenlijst")


def _check_references(c: _Collector, data: GuidelineData) -> None:
    rec_ids = {r.id for r in data.recommendations}
    situation_ids = {s.id for s in data.situations}
    instrument_ids = {i.id for i in data.instruments}
    checks: list[tuple[str, str, Iterable[str], set[str], str]] = []
    for k in data.kernaanbevelingen:
        checks.append((k.id, "sources", k.sources, rec_ids, "aanbeveling"))
    for i in data.interventions:
        checks.append((i.id, "situations", i.situations, situation_ids, "situatie"))
    if data.stappenplan:
        for step in data.stappenplan.steps:
            for part in step.parts:
                checks.append(
                    (step.id, "parts.instruments", part.instruments, instrument_ids, "instrument")
                )
    tools = data.guideline.tools
    if tools.finder:
        checks.append(("guideline", "tools.finder.advice", [tools.finder.advice], rec_ids,
                       "aanbeveling"))
    if tools.lsvg and tools.lsvg.instrument:
        checks.append(("guideline", "tools.lsvg.instrument", [tools.lsvg.instrument],
                       instrument_ids, "instrument"))
    for entry_id, field_name, refs, known, what in checks:
        for ref in refs:
            if ref not in known:
                c.problem(entry_id, field_name, f"verwijst naar {what} '{ref}' die niet bestaat")


