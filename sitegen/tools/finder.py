"""The Interventiewijzer (code name: finder): which interventions fit a child's age and situation.

A content page places it with `{{ finder_tool() }}` (data/guideline.yml, tools.finder.page).
The block is a static form (usable at once), the precondition, the two tiers with their
headings, the boxes, the warning about the approaches the guideline rejects, and the
`<template>`s of the cards, rendered by templates/tools/finder.html.j2 from data/finder.yml.
web/finder/finder.mjs asks widgets.finder (Python, in the shared Pyodide worker) which
interventions fit, from `widget_data()` (finder.json), and fills copies of the templates with
Python's answer. The filters live in the URL fragment (#leeftijd-jaren=3&situatie=...), which
never reaches the server; `links_help` explains it on the links page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from sitegen.data.checks import cited_anchors
from sitegen.data.loading import GuidelineData
from sitegen.data.models.finder import FinderRules
from sitegen.data.models.guideline import FinderTool
from sitegen.data.models.interventions import JEUGDWET_MONTHS, Intervention, ScopeStatement
from sitegen.data.models.sources import Source
from sitegen.exceptions import BuildError
from sitegen.links import LinkTarget, content_link, page_url, plain_text, relative_url, short_label
from sitegen.publish.redirects import short_link
from sitegen.tools.context import ToolContext

NAME = "finder"  # widgets.finder, web/finder/, assets/finder/
FORMAT = 6  # of finder.json; must equal widgets.finder.FORMAT_VERSION
DATA_FILE = "finder.json"

# The Jeugdwet's upper age: a 'jeugdige' is younger than 23. The first age the finder refuses.
JEUGDWET_UNTIL_MONTHS = JEUGDWET_MONTHS

# Form fields = the parameters of the page's state (the same names as in widgets/finder.py)
Q_YEARS = "leeftijd-jaren"
Q_MONTHS = "leeftijd-maanden"
Q_PRENATAL = "prenataal"
Q_SITUATION = "situatie"
Q_LEVEL = "erkenning"
QUERY_FIELDS = {
    "years": Q_YEARS,
    "months": Q_MONTHS,
    "prenatal": Q_PRENATAL,
    "situation": Q_SITUATION,
    "level": Q_LEVEL,
}


def _config(data: GuidelineData) -> tuple[FinderTool, FinderRules]:
    config = data.guideline.tools.finder
    if config is None:
        raise BuildError("data/guideline.yml: veld 'tools.finder' ontbreekt")
    if not data.interventions or not data.situations or data.finder is None:
        raise BuildError(
            "interventions.yml, situations.yml en finder.yml zijn nodig voor de "
            "Interventiewijzer (tools.finder in data/guideline.yml)"
        )
    return config, data.finder


def _statement_url(data: GuidelineData, statement_id: str) -> str:
    statement = data.statement(statement_id)
    return f"{page_url(data.guideline.chapter(statement.paragraph).page)}#{statement.id}"


def _statement_label(data: GuidelineData, statement_id: str) -> str:
    statement = data.statement(statement_id)
    kind = "Aanbeveling" if statement_id.startswith("aanbeveling-") else "Conclusie"
    return f"{kind} {statement.paragraph}.{statement.number}"


def _months(bound: Any) -> int:
    return int(bound.months)


def _source(data: GuidelineData, source: Source) -> dict[str, str]:
    return {"anchor": source.anchor, "quote": plain_text(data.as_shown(source.quote))}


def _star_notes(data: GuidelineData, iv: Intervention) -> list[Source]:
    starred = {r.table for r in iv.tables if r.star}
    return [t.star_note for t in data.guideline.tables if t.number in starred and t.star_note]


def _statement(data: GuidelineData, st: ScopeStatement) -> dict[str, Any]:
    return {
        "any_of": list(st.any_of),
        "groups": list(st.groups),
        "sources": [_source(data, s) for s in st.sources],
        "note": st.note,
    }


def _treatment(data: GuidelineData, iv: Intervention) -> list[str]:
    """The age groups for which its card says who indicates it (finder.yml `indication`):
    every group when all its rows are in tables of treatments, the indication's `groups` when
    it is in another table too, none when it is in no table of treatments."""
    rules = data.finder
    if rules is None or rules.indication is None:
        return []
    tables = {r.table for r in iv.tables}
    if not tables & set(rules.indication.tables):
        return []
    if tables <= set(rules.indication.tables):
        return [g.id for g in rules.age_groups]
    return list(rules.indication.groups)


def _intervention(data: GuidelineData, iv: Intervention, order: int) -> dict[str, Any]:
    age = iv.age
    wording_source = next(s for s in age.sources if "".join(age.wording.split()) in
                          "".join(s.quote.split()))
    bounds = [b.source for b in (age.min, age.max) if b is not None and b.source is not None]
    return {
        "id": iv.id,
        "name": plain_text(iv.name),
        "full_name": plain_text(iv.full_name),
        "doelgroep": plain_text(iv.doelgroep),
        "url": page_url(f"interventies/{iv.id}.md"),
        "order": order,
        "level": iv.recognition.level,
        "recognition": {
            "text": plain_text(iv.recognition.text),
            "kjp": None if iv.recognition.kjp is None else plain_text(iv.recognition.kjp),
            "sources": [_source(data, s) for s in iv.recognition.sources],
        },
        "age": {
            "wording": plain_text(data.as_shown(age.wording)),
            "wording_source": _source(data, wording_source),
            "prenatal": age.prenatal,
            "postnatal": age.postnatal,
            "certain": None if age.certain is None else list(age.certain),
            "boundary": [list(span) for span in age.boundary],
            "approximate": age.approximate,
            "bound_sources": [_source(data, s) for s in bounds],
            "also": [
                {
                    "reason": a.reason,
                    "from_months": a.span[0],
                    "until_months": a.span[1],
                    "boundary": None if a.boundary is None else list(a.boundary),
                    "sources": [_source(data, s) for s in a.sources],
                }
                for a in age.also
            ],
        },
        "requires": [
            {"any_of": list(r.any_of), "sources": [_source(data, s) for s in r.sources]}
            for r in iv.requires
        ],
        "addresses": [
            {"situation": a.situation, "sources": [_source(data, s) for s in a.sources]}
            for a in iv.addresses
        ],
        "scope": {
            group: {
                "tier": scope.tier,
                "reason": scope.reason,
                "sources": [_source(data, s) for s in scope.sources],
            }
            for group, scope in iv.scope.items()
        },
        "wider": [_statement(data, st) for st in iv.wider],
        "narrower": [_statement(data, st) for st in iv.narrower],
        "treatment": _treatment(data, iv),
        # the '*' of a table row shows as its table's note (guideline.yml `star_note`)
        "card_notes": [_source(data, s) for s in (*_star_notes(data, iv), *iv.card_notes)],
        "notes": [n.id for n in data.source_notes if iv.id in n.interventions],
        "tables": [f"tabel-{r.table}-{iv.id}" for r in sorted(iv.tables, key=lambda r: r.table)],
        "form": None if iv.format is None else plain_text(iv.format),
    }


def recognition_label(data: GuidelineData) -> str:
    """How a card labels the recognition: as the guideline of its revision gives it."""
    return f"Erkenning volgens de richtlijn ({data.guideline.revision})"


def summary_texts(data: GuidelineData) -> dict[str, Any]:
    """What the dossier text ('Kopieer samenvatting') names besides the cards (see
    widgets.finder.SummaryTexts); short links as sitegen/publish/redirects.py writes them."""
    config, rules = _config(data)
    guideline = data.guideline
    return {
        "guideline": plain_text(guideline.title),
        "revision_label": plain_text(guideline.revision_label),
        "tool_url": page_url(config.page),
        "recognition_label": recognition_label(data),
        "precondition_title": plain_text(rules.texts.precondition_title),
        "precondition": rules.precondition,
        "precondition_text": plain_text(data.statement(rules.precondition).text),
        "tier1_heading": plain_text(rules.texts.tier1_heading),
        "tier2_heading": plain_text(rules.texts.tier2_heading),
        "advice_title": plain_text(rules.texts.advice_title),
        "kjp_label": "KJP",  # as the cards name it (web/finder/finder.mjs)
        "short_link": short_link("{id}"),
    }


def widget_data(
    data: GuidelineData, targets: list[LinkTarget], placed: Mapping[str, str]
) -> dict[str, Any]:
    """What widgets.finder needs of the validated models, as JSON-ready data.

    The months of every age range are the model's (AgeRange.certain / boundary / also), so the
    age convention of interventions.yml is applied in one place: the model. Quotes are shown
    as the site shows the source (its listed corrections applied); URLs are site URLs, as in
    links.json, of the link targets the guideline's pages published (`targets`).
    """
    config, rules = _config(data)
    published = {t.id: t for t in targets}
    cited = [
        *cited_anchors(data),
        *(
            (f"data/interventions.yml: item '{iv.id}'", f"tables.{n}", f"tabel-{r.table}-{iv.id}")
            for iv in data.interventions
            for n, r in enumerate(iv.tables)
        ),
        *(
            ("data/finder.yml: item 'finder'", f"situation_statements.{n}.statement", s.statement)
            for n, s in enumerate(rules.situation_statements)
        ),
    ]
    missing = [
        f"{where}, veld '{field}': '{anchor}' is geen anker van de site"
        for where, field, anchor in cited
        if anchor not in published
    ]
    if missing:
        raise BuildError(missing)
    anchors = {anchor for _, _, anchor in cited}
    refs = {
        a: {"kind": published[a].kind, "label": short_label(published[a]), "url": published[a].url}
        for a in sorted(anchors)
    }
    notes_page = placed.get("source_notes")
    spans = rules.group_spans()
    ordered = sorted(data.interventions, key=lambda iv: iv.source_order)
    order = {iv.id: n for n, iv in enumerate(ordered)}
    advice = data.statement(config.advice)
    return {
        "format": FORMAT,
        "age_limit_months": JEUGDWET_UNTIL_MONTHS,
        "levels": [
            {"id": lv.id, "label": lv.label, "recognised": lv.recognised}
            for lv in rules.recognition_levels
        ],
        "situations": [{"id": s.id, "label": plain_text(s.label)} for s in data.situations],
        "groups": [
            {
                "id": g.id,
                "from_months": spans[g.id][0],
                "until_months": spans[g.id][1],
                "recommendation": g.recommendation,
            }
            for g in rules.age_groups
        ],
        "prenatal_group": rules.prenatal_group,
        "reasons": [
            {
                "id": r.id,
                "label": r.label,
                "text": plain_text(data.as_shown(r.text)),
                "sources": [_source(data, s) for s in r.sources],
                "note": r.note,
            }
            for r in rules.reasons
        ],
        "special_reasons": rules.special_reasons.model_dump(),
        "age_notes": [
            {"note": a.note, "from_months": _months(a.min), "until_months": _months(a.max)}
            for a in rules.age_notes
        ],
        "situation_statements": [
            {"situation": s.situation, "statement": s.statement}
            for s in rules.situation_statements
        ],
        "indication": None if rules.indication is None else {
            "label": plain_text(rules.indication.label),
            "sources": [_source(data, s) for s in rules.indication.sources],
        },
        "notes": [
            {
                "id": n.id,
                "title": plain_text(n.title),
                "text": plain_text(data.as_shown(n.text)),
                "url": f"{page_url(notes_page)}#{n.id}" if notes_page else None,
            }
            for n in data.source_notes
        ],
        "refs": refs,
        "texts": {
            "tier1_empty": rules.texts.tier1_empty,
            "no_age": rules.texts.no_age,
            "prenatal_empty": rules.texts.prenatal_empty,
        },
        "interventions": [_intervention(data, iv, order[iv.id]) for iv in data.interventions],
        # not interventions: listed so that widgets.finder refuses a spec that offers one
        "rejected": [{"id": a.id, "name": plain_text(a.name)} for a in data.harmful_approaches],
        "advice": {
            "id": advice.id,
            "label": _statement_label(data, advice.id),
            "url": _statement_url(data, advice.id),
        },
        "summary": summary_texts(data),
    }


def render(data: GuidelineData, ctx: ToolContext) -> str:
    """The form, the precondition, both tiers, the boxes, the warning and the card templates."""
    config, rules = _config(data)
    tables = [
        (t, ctx.link(f"{data.guideline.chapter(t.paragraph).page}#tabel-{t.number}"))
        for t in data.guideline.tables
    ]

    def statement(statement_id: str) -> dict[str, Any]:
        label, href = ctx.ref(statement_id)
        return {"entry": data.statement(statement_id), "label": label, "href": href,
                "kind": "aanbeveling" if statement_id.startswith("aanbeveling-") else "conclusie"}

    def refs(ids: tuple[str, ...]) -> list[tuple[str, str]]:
        return [ctx.ref(a) for a in ids]

    return ctx.render(
        "finder.html.j2",
        texts=rules.texts,
        situations=[s for s in data.situations if s.frequent],
        more_situations=[s for s in data.situations if not s.frequent],
        recognition_label=recognition_label(data),
        levels=rules.recognition_levels[:-1],  # 'at least the weakest' would filter nothing
        harmful=data.harmful_approaches,
        harmful_link=ctx.link_to_block("harmful_approaches", "niet-effectief-of-schadelijk"),
        tables=tables,
        overview=ctx.link("interventies/index.md"),
        precondition=statement(rules.precondition),
        advice=statement(config.advice),
        boxes=[(s, statement(s.statement)) for s in rules.situation_statements],
        groups=[(g, refs(g.text.refs)) for g in rules.age_groups],
        tier2_refs=refs(rules.texts.tier2_text.refs),
        q=QUERY_FIELDS,
        recognition_note=data.guideline.recognition_note,  # on every card (guideline.yml)
    )


def recognition_levels(data: GuidelineData) -> str:
    """The recognition levels in the finder's order (strongest evidence first), as prose."""
    if data.finder is None:
        raise BuildError("{{ recognition_levels() }} heeft data/finder.yml nodig")
    labels = [lv.label for lv in data.finder.recognition_levels]
    return "; ".join([labels[0], *(label[0].lower() + label[1:] for label in labels[1:])])


def links_help(data: GuidelineData, from_page: str) -> str:
    """Markdown for the trainers' links page: how to link a filtered view of the finder.

    The example links and the list of situations are checked against / taken from the data;
    links are relative to `from_page` (the links page).
    """
    config, rules = _config(data)
    known = {s.id for s in data.situations}
    for label, state in config.examples:
        for name, value in parse_qsl(state):
            if name == Q_SITUATION and value not in known:
                raise BuildError(
                    f"data/guideline.yml: item 'guideline', veld 'tools.finder.examples': "
                    f"voorbeeld '{label}' noemt onbekende situatie '{value}'"
                )
    page = content_link(from_page, config.page)
    example = data.situations[0].id
    levels = ", ".join(f"`{lv.id}`" for lv in rules.recognition_levels[:-1])
    lines = [
        "### Gefilterde Interventiewijzer {#gefilterde-interventiewijzer}",
        "",
        f"De [Interventiewijzer]({page}) zet de gekozen leeftijd en situaties achter het "
        "hekje (`#`) in het adres van de pagina. Kopieer dat adres, of stel het zelf samen, om "
        "cursisten meteen een gefilterde lijst van interventies te laten zien; wie de link opent "
        "(of de pagina herlaadt), ziet dezelfde keuzes en dezelfde lijst. Het deel achter het "
        "hekje stuurt de browser nooit naar de server: de keuzes komen niet in logbestanden. "
        "Achter het hekje kunnen staan, gescheiden door `&`:",
        "",
        f"- `{Q_YEARS}=3` en `{Q_MONTHS}=6`: de leeftijd van de jeugdige in jaren en maanden "
        f"(samen 3 jaar en 6 maanden; leeg laten betekent: leeftijd onbekend);",
        f"- `{Q_PRENATAL}=ja`: het kind is nog niet geboren (dan zonder leeftijd);",
        f"- `{Q_SITUATION}={example}`: een situatie; herhaal de parameter voor meer "
        "situaties. Sommige interventies zijn alleen voor een bepaalde situatie; die verschijnen "
        "pas als die situatie gekozen is;",
        f"- `{Q_LEVEL}=goed-onderbouwd`: alleen interventies met ten minste dit "
        f"erkenningsniveau ({levels}).",
        "",
        "Elke parameter behalve `situatie` mag één keer voorkomen; staat er een twee keer in, "
        "dan zegt de Interventiewijzer dat en toont hij geen lijst. Oude links met een "
        "vraagteken (`?leeftijd-jaren=3`) werken nog: de pagina zet de keuzes dan achter het "
        "hekje.",
        "",
        "Situaties: " + "; ".join(f"`{s.id}`: {s.label}" for s in data.situations) + ".",
        "",
        "Voorbeelden:",
        "",
    ]
    url = page_url(config.page)
    # Raw HTML links: MkDocs would check the fragment (the tool's state) as an anchor.
    here = page_url(from_page).strip("/")
    for label, state in config.examples:
        href = html.escape(f"{relative_url(here, url)}#{state}", quote=True)
        lines.append(
            f'- <a href="{href}">Interventiewijzer voor {html.escape(label)}</a>: '
            f"`{url}#{state}`"
        )
    return "\n".join(lines) + "\n"
