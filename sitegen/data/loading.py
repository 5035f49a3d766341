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

from sitegen.data.models.balansmodel import Balansmodel
from sitegen.data.models.base import Strict
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
from sitegen.data.models.sources import Source
from sitegen.data.models.stappenplan import Stappenplan
from sitegen.data.models.statements import Conclusion, Kernaanbeveling, Recommendation
from sitegen.exceptions import BuildError, DataError
from sitegen.links import slug

M = TypeVar("M", bound=BaseModel)


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that PyYAML would accept but the build refuses (Dutch reason, position).
    `{earlier}` in the reason is replaced by the line of `earlier` (as the file counts)."""

    def __init__(self, mark: yaml.Mark, reason: str, earlier: yaml.Mark | None = None) -> None:
        super().__init__(problem=reason, problem_mark=mark)
        self.earlier = earlier


class _LibyamlSafeLoader(
    yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """SafeLoader with libyaml's parser (C): the build's YAML in half the time. Unlike
    yaml.CSafeLoader it composes in Python (Composer comes first), because StrictLoader
    checks aliases while composing."""

    def __init__(self, stream: str) -> None:
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


# PyYAML's wheels include libyaml; a build without it uses the pure-Python parser.
_FastSafeLoader = _LibyamlSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class StrictLoader(_FastSafeLoader):
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
        return yaml.load(text, Loader=StrictLoader)  # safe: SafeConstructor
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

    Whole-model validators cannot set a location, so models.py words their messages as
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
        finder=one("finder", FinderRules),
        source_notes=many("source_notes", SourceNote),
        search=one("search", SearchSettings),
        sources=c.sources,
    )
    _check_required(c, data_dir, data)
    _check_unique(c, data)
    _check_references(c, data)
    _check_tables(c, data)
    _check_finder(c, data)
    _check_source_notes(c, data)
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
        ("source_notes", data.source_notes),
    )
    for kind, entries in groups:
        for entry in entries:
            entry_id: str = entry.id
            if entry_id in seen:
                c.problem(entry_id, "id", f"dubbele id (ook in {seen[entry_id]})")
            seen[entry_id] = kind
    # one pass (a count per term was quadratic in the size of the glossary)
    by_slug: dict[str, str] = {}
    for entry in data.glossary:
        anchor = slug(entry.term)
        if not anchor:
            c.problem(entry.term, "term", "geeft geen anker op de begrippenpagina (geen letter "
                      "of cijfer)")
        elif anchor in by_slug:
            same = by_slug[anchor] == entry.term
            c.problem(entry.term, "term", "dubbele term in de begrippenlijst" if same else (
                f"geeft hetzelfde anker 'begrip-{anchor}' als de term '{by_slug[anchor]}'; "
                "kies een term die in letters of cijfers verschilt"
            ))
        else:
            by_slug[anchor] = entry.term


def _check_references(c: _Collector, data: GuidelineData) -> None:
    rec_ids = {r.id for r in data.recommendations}
    situation_ids = {s.id for s in data.situations}
    instrument_ids = {i.id for i in data.instruments}
    checks: list[tuple[str, str, Iterable[str], set[str], str]] = []
    for k in data.kernaanbevelingen:
        checks.append((k.id, "sources", k.sources, rec_ids, "aanbeveling"))
    for i in data.interventions:
        for n, req in enumerate(i.requires):
            checks.append((i.id, f"requires.{n}.any_of", req.any_of, situation_ids, "situatie"))
        for n, addr in enumerate(i.addresses):
            checks.append(
                (i.id, f"addresses.{n}.situation", [addr.situation], situation_ids, "situatie")
            )
        for kind, statements in (("wider", i.wider), ("narrower", i.narrower)):
            for n, st in enumerate(statements):
                checks.append((i.id, f"{kind}.{n}.any_of", st.any_of, situation_ids, "situatie"))
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




def _check_tables(c: _Collector, data: GuidelineData) -> None:
    """Each table's rows are numbered 1..n as the source orders them, once each."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for iv in data.interventions:
        for row in iv.tables:
            rows.setdefault(row.table, []).append((row.row, iv.id))
    known = {t.number for t in data.guideline.tables}
    noted = {t.number for t in data.guideline.tables if t.star_note}
    for iv in data.interventions:
        for row in iv.tables:
            if row.star and row.table in known and row.table not in noted:
                c.problem(
                    iv.id, "tables.star",
                    f"tabel {row.table} heeft in guideline.yml geen star_note: wat betekent het "
                    "sterretje volgens de bron?",
                )
    for table, entries in sorted(rows.items()):
        numbers = [n for n, _ in entries]
        for number, iv_id in entries:
            if known and table not in known:
                c.problem(iv_id, "tables.table", f"tabel {table} staat niet in guideline.yml")
            if numbers.count(number) > 1 or number > len(entries):
                c.problem(
                    iv_id, "tables.row",
                    f"rij {number} van tabel {table}: de rijen moeten genummerd zijn 1 t/m "
                    f"{len(entries)}, elk één keer, in de volgorde van de bron",
                )


def _check_finder(c: _Collector, data: GuidelineData) -> None:
    """The rules of the Interventiewijzer are complete and agree with each other."""
    rules = data.finder
    if data.guideline.tools.finder is None:
        return
    if rules is None:
        c.problems.append("data/finder.yml: ontbreekt; nodig voor tools.finder in guideline.yml")
        return
    situations = {s.id for s in data.situations}
    statements = {s.id for s in (*data.recommendations, *data.conclusions)}
    levels = {lv.id for lv in rules.recognition_levels}
    reasons = {r.id for r in rules.reasons}
    notes = {n.id for n in data.source_notes}
    groups = {g.id: g for g in rules.age_groups}
    spans = rules.group_spans()

    def finder_problem(field_name: str, message: str) -> None:
        c.problems.append(f"data/finder.yml: veld '{field_name}': {message}")

    if rules.precondition not in statements:
        finder_problem("precondition", f"'{rules.precondition}' is geen aanbeveling of conclusie")
    for n, g in enumerate(rules.age_groups):
        if g.recommendation not in statements:
            finder_problem(f"age_groups.{n}.recommendation",
                           f"'{g.recommendation}' is geen aanbeveling of conclusie")
    for n, st in enumerate(rules.situation_statements):
        if st.situation not in situations:
            finder_problem(f"situation_statements.{n}.situation",
                           f"onbekende situatie '{st.situation}'")
        if st.statement not in statements:
            finder_problem(f"situation_statements.{n}.statement",
                           f"'{st.statement}' is geen aanbeveling of conclusie")
    for n, r in enumerate(rules.reasons):
        if r.note and r.note not in notes:
            finder_problem(f"reasons.{n}.note", f"onbekende bronopmerking '{r.note}'")
    for n, a in enumerate(rules.age_notes):
        if a.note not in notes:
            finder_problem(f"age_notes.{n}.note", f"onbekende bronopmerking '{a.note}'")

    if rules.indication:
        known_tables = {t.number for t in data.guideline.tables}
        for n, table in enumerate(rules.indication.tables):
            if table not in known_tables:
                finder_problem(f"indication.tables.{n}", f"tabel {table} staat niet in "
                               "guideline.yml")
        for n, group_id in enumerate(rules.indication.groups):
            if group_id not in groups:
                finder_problem(f"indication.groups.{n}", f"onbekende leeftijdsgroep '{group_id}'")
    for iv in data.interventions:
        _check_intervention_rules(c, iv, rules, levels, reasons, groups, spans)
        _check_scope_statements(c, iv, groups, data)


def _check_intervention_rules(
    c: _Collector,
    iv: Intervention,
    rules: FinderRules,
    levels: set[str],
    reasons: set[str],
    groups: dict[str, Any],
    spans: dict[str, tuple[int, int | None]],
) -> None:
    age = iv.age
    if not age.sources:
        c.problem(iv.id, "age.sources", "ontbreekt: waar staat deze leeftijd in de bron?")
    elif not any(_squeeze(age.wording) in _squeeze(s.quote) for s in age.sources):
        c.problem(iv.id, "age.wording", "staat in geen van de citaten van age.sources")
    level = iv.recognition.level
    if level is None:
        c.problem(iv.id, "recognition.level", "ontbreekt (een niveau uit data/finder.yml)")
    elif level not in levels:
        c.problem(iv.id, "recognition.level", f"onbekend niveau '{level}' (data/finder.yml)")
    if not iv.recognition.sources:
        c.problem(iv.id, "recognition.sources", "ontbreekt: waar staat de erkenning in de bron?")
    for n, also in enumerate(age.also):
        if also.reason not in reasons:
            c.problem(iv.id, f"age.also.{n}.reason", f"onbekende reden '{also.reason}'")
    # the age groups its ages reach: exactly those need a scope
    reached = set()
    months = age.months()
    for group_id, (start, until) in spans.items():
        if any(start <= m < (until or 10**6) for m in months):
            reached.add(group_id)
    if age.prenatal:
        reached.add(rules.prenatal_group)
    for group_id in sorted(set(iv.scope) - set(groups)):
        c.problem(iv.id, f"scope.{group_id}", "onbekende leeftijdsgroep (data/finder.yml)")
    for group_id in sorted(reached - set(iv.scope)):
        c.problem(iv.id, f"scope.{group_id}",
                  "ontbreekt: de leeftijd in de bron valt (deels) in deze leeftijdsgroep")
    for group_id in sorted((set(iv.scope) & set(groups)) - reached):
        c.problem(iv.id, f"scope.{group_id}",
                  "overbodig: de leeftijd in de bron valt niet in deze leeftijdsgroep")
    for group_id, scope in iv.scope.items():
        group = groups.get(group_id)
        if group is None:
            continue
        if scope.reason is not None and scope.reason not in reasons:
            c.problem(iv.id, f"scope.{group_id}.reason", f"onbekende reden '{scope.reason}'")
        in_table = any(r.table in group.tier1_tables for r in iv.tables)
        expected = 1 if in_table and level in group.tier1_levels and _on_list(iv, rules) else 2
        if scope.tier != expected:
            c.problem(
                iv.id, f"scope.{group_id}.tier",
                f"is {scope.tier}, maar volgens data/finder.yml (age_groups '{group_id}': "
                f"tier1_tables, tier1_levels; de lijst van het niveau) hoort hier tier "
                f"{expected}",
            )
    listed = iv.recognition.listed
    level_list = next(
        (lv.list for lv in rules.recognition_levels if lv.id == level and lv.list), None
    )
    if listed is not None and (level_list is None or not _on_list(iv, rules)):
        c.problem(iv.id, "recognition.listed",
                  "staat niet in de lijst ('list') van het erkenningsniveau in data/finder.yml")


def _on_list(iv: Intervention, rules: FinderRules) -> bool:
    """Whether an intervention is on the source's list of its level, if that level has one
    (the KJP's list of 5.4): its `recognition.listed` stands inside the level's `list`."""
    level = next((lv for lv in rules.recognition_levels if lv.id == iv.recognition.level), None)
    if level is None or level.list is None:
        return True
    listed = iv.recognition.listed
    return (
        listed is not None
        and listed.anchor == level.list.anchor
        and _squeeze(listed.quote) in _squeeze(level.list.quote)
    )


def _check_scope_statements(
    c: _Collector, iv: Intervention, groups: dict[str, Any], data: GuidelineData
) -> None:
    """`wider` and `narrower` statements name known age groups, and the bronopmerking each
    one needs exists and is shown with every card and page of the intervention."""
    notes = {n.id: n for n in data.source_notes}
    for kind, statements in (("wider", iv.wider), ("narrower", iv.narrower)):
        for n, st in enumerate(statements):
            for group_id in st.groups:
                if group_id not in groups:
                    c.problem(iv.id, f"{kind}.{n}.groups",
                              f"onbekende leeftijdsgroep '{group_id}' (data/finder.yml)")
            note = notes.get(st.note)
            if note is None:
                c.problem(iv.id, f"{kind}.{n}.note", f"onbekende bronopmerking '{st.note}'")
            elif iv.id not in note.interventions:
                c.problem(iv.id, f"{kind}.{n}.note",
                          f"bronopmerking '{st.note}' noemt '{iv.id}' niet bij 'interventions': "
                          "dan staat ze niet bij elke kaart van deze interventie")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _check_source_notes(c: _Collector, data: GuidelineData) -> None:
    interventions = {iv.id for iv in data.interventions}
    notes = {n.id for n in data.source_notes}
    for note in data.source_notes:
        for ref in note.interventions:
            if ref not in interventions:
                c.problem(note.id, "interventions", f"onbekende interventie '{ref}'")
    if data.lsvg:
        for n, band in enumerate(data.lsvg.bands):
            if band.note and band.note not in notes:
                c.problems.append(
                    f"data/lsvg.yml: veld 'bands.{n}.note': onbekende bronopmerking '{band.note}'"
                )
        for n, ref in enumerate(data.lsvg.condition_notes):
            if ref not in notes:
                c.problems.append(
                    f"data/lsvg.yml: veld 'condition_notes.{n}': onbekende bronopmerking '{ref}'"
                )


# --- anchors: every source must point at an anchor the site publishes -----------------------


def cited_anchors(data: GuidelineData) -> list[tuple[str, str, str]]:
    """(where, field, anchor) of every anchor the data cites: `Source`s anywhere in the
    interventions, the finder's rules, the source notes and the LSVG, the anchors of the
    source notes and the statements the finder shows. `where` names the file and entry."""
    found: list[tuple[str, str, str]] = []

    def walk(node: object, where: str, path: str) -> None:
        if isinstance(node, Source):
            found.append((where, f"{path}.anchor", node.anchor))
        elif isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name), where, f"{path}.{name}".lstrip("."))
        elif isinstance(node, (tuple, list)):
            for n, item in enumerate(node):
                walk(item, where, f"{path}.{n}")
        elif isinstance(node, dict):
            for key, item in node.items():
                walk(item, where, f"{path}.{key}")

    def rel(entry_id: str, default: str) -> str:
        path = data.sources.get(entry_id)
        return default if path is None else f"{path.parent.name}/{path.name}"

    for iv in data.interventions:
        walk(iv, f"{rel(iv.id, 'data/interventions.yml')}: item '{iv.id}'", "")
    for note in data.source_notes:
        where = f"{rel(note.id, 'data/source_notes.yml')}: item '{note.id}'"
        walk(note, where, "")
        found += [(where, f"anchors.{n}", a) for n, a in enumerate(note.anchors)]
    if data.finder:
        where = "data/finder.yml: item 'finder'"
        walk(data.finder, where, "")
        found.append((where, "precondition", data.finder.precondition))
        for n, g in enumerate(data.finder.age_groups):
            found.append((where, f"age_groups.{n}.recommendation", g.recommendation))
            found += [
                (where, f"age_groups.{n}.text.refs.{k}", r) for k, r in enumerate(g.text.refs)
            ]
        found += [(where, f"texts.tier2_text.refs.{k}", r)
                  for k, r in enumerate(data.finder.texts.tier2_text.refs)]
    if data.lsvg:
        walk(data.lsvg, "data/lsvg.yml: item 'lsvg'", "")
    for name in ("colophon", "recognition_note"):  # the colofon's facts, the DEJ note
        walk(getattr(data.guideline, name), "data/guideline.yml: item 'guideline'", name)
    return found


def check_anchors(data: GuidelineData, published: set[str]) -> list[str]:
    """Problems (Dutch, one per citation) for anchors the site does not publish. Called by the
    renderer with the ids it published, so it cannot pass without a site to check against."""
    return [
        f"{where}, veld '{field_name}': '{anchor}' is geen anker van de site (geen id in "
        "links.json en geen kop met die id)"
        for where, field_name, anchor in cited_anchors(data)
        if anchor not in published
    ]
