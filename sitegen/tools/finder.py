"""The Interventiewijzer (code name: finder): which interventions fit a child's age and situation.

A content page places it with `{{ finder_tool() }}` (data/guideline.yml, tools.finder.page).
The block is a static form (usable at once), the result area and the warning about the
approaches the guideline rejects, rendered by templates/tools/finder.html.j2.
web/finder/finder.mjs asks widgets.finder (Python, in the shared Pyodide worker) which
interventions fit, from `widget_data()` (finder.json), and shows Python's answer as cards. The
filters live in the URL query, so a trainer can link a filtered view; `links_help` explains
that on the links page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from sitegen.exceptions import BuildError
from sitegen.links import content_link, page_url, plain_text
from sitegen.loading import GuidelineData
from sitegen.models import RECOGNITION_LABELS, FinderTool, RecognitionLevel, Recommendation
from sitegen.tools.context import ToolContext

NAME = "finder"  # widgets.finder, web/finder/, assets/finder/
FORMAT = 1  # of finder.json; must equal widgets.finder.FORMAT_VERSION
DATA_FILE = "finder.json"

# The Jeugdwet's upper age: a 'jeugdige' is younger than 23 (the age bounds of interventions.yml
# stop there too: models.AgeBound.months <= 23*12). The first age in months the finder refuses.
JEUGDWET_UNTIL_MONTHS = 23 * 12

# Form fields = URL query parameters (the same names as in widgets/finder.py)
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


def _config(data: GuidelineData) -> FinderTool:
    config = data.guideline.tools.finder
    if config is None:
        raise BuildError("data/guideline.yml: veld 'tools.finder' ontbreekt")
    if not data.interventions or not data.situations:
        raise BuildError(
            "interventions.yml en situations.yml zijn nodig voor de Interventiewijzer "
            "(tools.finder in data/guideline.yml)"
        )
    return config


def _advice(data: GuidelineData) -> Recommendation:
    advice_id = _config(data).advice
    return next(r for r in data.recommendations if r.id == advice_id)  # checked by loading


def _statement_url(data: GuidelineData, rec: Recommendation) -> str:
    return f"{page_url(data.guideline.chapter(rec.paragraph).page)}#{rec.id}"


def widget_data(data: GuidelineData) -> dict[str, Any]:
    """What widgets.finder needs of the validated models, as JSON-ready data.

    The ages are the model's (AgeRange.from_months / until_months / prenatal / postnatal), so
    the age convention of interventions.yml is applied in one place: the model. URLs are
    site URLs, as in links.json.
    """
    advice = _advice(data)
    interventions = [
        {
            "id": iv.id,
            "name": plain_text(iv.name),
            "full_name": plain_text(iv.full_name),
            "doelgroep": plain_text(iv.doelgroep),
            "paragraph": iv.paragraph,
            "age": {
                "from_months": iv.age.from_months,
                "until_months": iv.age.until_months,
                "prenatal": iv.age.prenatal,
                "postnatal": iv.age.postnatal,
                "wording": plain_text(iv.age.wording),
            },
            "situations": list(iv.situations),
            "risk_group": iv.risk_group,
            "recognition": iv.recognition.value,
            "recognition_text": plain_text(iv.recognition_text),
            "caveats": [plain_text(c) for c in iv.caveats],
            "tables": [
                {
                    "table": row.table,
                    "label": f"Tabel {row.table} in hoofdstuk {chapter.number}",
                    "url": f"{page_url(chapter.page)}#tabel-{row.table}-{iv.id}",
                }
                for row in iv.tables
                for chapter in [data.guideline.chapter(data.guideline.table(row.table).paragraph)]
            ],
            "url": page_url(f"interventies/{iv.id}.md"),
        }
        for iv in data.interventions
    ]
    return {
        "format": FORMAT,
        "age_limit_months": JEUGDWET_UNTIL_MONTHS,
        "levels": [
            {"id": level.value, "label": RECOGNITION_LABELS[level], "rank": level.rank}
            for level in RecognitionLevel
        ],
        "situations": [{"id": s.id, "label": plain_text(s.label)} for s in data.situations],
        "interventions": interventions,
        # not interventions: listed so that widgets.finder refuses a spec that offers one
        "rejected": [{"id": a.id, "name": plain_text(a.name)} for a in data.harmful_approaches],
        "advice": {
            "id": advice.id,
            "label": f"Aanbeveling {advice.paragraph}.{advice.number}",
            "url": _statement_url(data, advice),
        },
    }


def render(data: GuidelineData, ctx: ToolContext) -> str:
    """The form, the result area, the advice for when nothing fits and the warning."""
    advice = _advice(data)
    tables = [
        (t, ctx.link(f"{data.guideline.chapter(t.paragraph).page}#tabel-{t.number}"))
        for t in data.guideline.tables
    ]
    return ctx.render(
        "tools/finder.html.j2",
        situations=data.situations,
        levels=[(lv.value, RECOGNITION_LABELS[lv]) for lv in RecognitionLevel],
        harmful=data.harmful_approaches,
        harmful_link=ctx.link_to_block("harmful_approaches", "niet-effectief-of-schadelijk"),
        tables=tables,
        overview=ctx.link("interventies/index.md"),
        advice=advice,
        advice_label=f"Aanbeveling {advice.paragraph}.{advice.number}",
        advice_href=ctx.link(f"{data.guideline.chapter(advice.paragraph).page}#{advice.id}"),
        max_years=JEUGDWET_UNTIL_MONTHS // 12 - 1,
        q=QUERY_FIELDS,
    )


def recognition_levels() -> str:
    """The DEJ levels in the order of the guideline (strongest evidence first), as prose."""
    labels = [RECOGNITION_LABELS[lv] for lv in RecognitionLevel]
    return ", ".join([labels[0], *(label[0].lower() + label[1:] for label in labels[1:])])


def links_help(data: GuidelineData, from_page: str) -> str:
    """Markdown for the trainers' links page: how to link a filtered view of the finder.

    The example links and the list of situations are checked against / taken from the data;
    links are relative to `from_page` (the links page).
    """
    config = _config(data)
    known = {s.id for s in data.situations}
    for label, query in config.examples:
        for name, value in parse_qsl(query):
            if name == Q_SITUATION and value not in known:
                raise BuildError(
                    f"data/guideline.yml: item 'guideline', veld 'tools.finder.examples': "
                    f"voorbeeld '{label}' noemt onbekende situatie '{value}'"
                )
    page = content_link(from_page, config.page)
    example = data.situations[0].id
    levels = ", ".join(f"`{lv.value}`" for lv in RecognitionLevel)
    lines = [
        "### Gefilterde Interventiewijzer {#gefilterde-interventiewijzer}",
        "",
        f"De [Interventiewijzer]({page}) zet de gekozen leeftijd en "
        "situaties in het adres van de pagina. Kopieer dat adres, of stel het zelf samen, om "
        "cursisten meteen een gefilterde lijst van interventies te laten zien; wie de link opent "
        "(of de pagina herlaadt), ziet dezelfde keuzes en dezelfde lijst. Achter het vraagteken "
        "kunnen staan, gescheiden door `&`:",
        "",
        f"- `{Q_YEARS}=3` en `{Q_MONTHS}=6`: de leeftijd van de jeugdige in jaren en maanden "
        f"(samen 3 jaar en 6 maanden; leeg laten betekent: elke leeftijd);",
        f"- `{Q_PRENATAL}=ja`: het kind is nog niet geboren (dan zonder leeftijd);",
        f"- `{Q_SITUATION}={example}`: een situatie; herhaal de parameter voor meer "
        "situaties. De interventies die voor een gekozen situatie bedoeld zijn, staan bovenaan;",
        f"- `{Q_LEVEL}=goed-onderbouwd`: alleen interventies met ten minste dit "
        f"erkenningsniveau ({levels}).",
        "",
        "Situaties: " + "; ".join(f"`{s.id}`: {s.label}" for s in data.situations) + ".",
        "",
        "Voorbeelden:",
        "",
    ]
    url = page_url(config.page)
    for label, query in config.examples:
        lines.append(
            f"- [Interventiewijzer voor {label}]({page}?{query}): `{url}?{query}`"
        )
    return "\n".join(lines) + "\n"
