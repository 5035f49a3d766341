"""The files of data/ checked against each other, once all are loaded: ids unique across
kinds, every reference to an entry of another file, the tables' row numbers, the
Interventiewijzer's rules against the interventions, the source notes; and
`check_anchors`: every anchor the data cites against those the site publishes (called by
the pages once they are rendered). Each problem names file, id and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sitegen.data.models.base import Strict
from sitegen.data.models.finder import FinderRules
from sitegen.data.models.interventions import Intervention
from sitegen.data.models.sources import Source
from sitegen.links import slug

if TYPE_CHECKING:
    from sitegen.data.loading import Collector, GuidelineData


def cross_check(c: Collector, data_dir: Path, data: GuidelineData) -> None:
    """Every check of this module, in order; problems go to `c`."""
    _check_required(c, data_dir, data)
    _check_unique(c, data)
    _check_references(c, data)
    _check_tables(c, data)
    _check_finder(c, data)
    _check_source_notes(c, data)


def _check_required(c: Collector, data_dir: Path, data: GuidelineData) -> None:
    for name in ("kernaanbevelingen", "recommendations", "conclusions"):
        if not getattr(data, name) and not c.problems:
            c.problems.append(f"{c.rel(data_dir)}: geen {name} gevonden")


def _check_unique(c: Collector, data: GuidelineData) -> None:
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


def _check_references(c: Collector, data: GuidelineData) -> None:
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




def _check_tables(c: Collector, data: GuidelineData) -> None:
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


def _check_finder(c: Collector, data: GuidelineData) -> None:
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
    c: Collector,
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
    c: Collector, iv: Intervention, groups: dict[str, Any], data: GuidelineData
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


def _check_source_notes(c: Collector, data: GuidelineData) -> None:
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
