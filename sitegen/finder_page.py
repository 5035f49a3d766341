"""The Interventiewijzer page (/hulpmiddelen/interventiewijzer/), generated from the data.

The page is Markdown for MkDocs (with md_in_html), rendered from
templates/finder_page.md.j2: a static form (age, 'nog niet geboren', situations, minimum
recognition level) that is usable at once, the warning about the approaches the guideline
rejects, and the guideline's advice for when no recognised intervention is available.
web/finder-page.mjs asks widgets.finder (Python, in the shared Pyodide worker) which
interventions fit, and shows Python's answer as cards. The filters live in the URL query, so
a trainer can link a filtered view; `finder_links_help` explains that on the links page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from jinja2 import Environment

from sitegen.loading import GuidelineData
from sitegen.models import RECOGNITION_LABELS, RecognitionLevel
from sitegen.templating import TEMPLATES, template_environment

PAGE = "hulpmiddelen/interventiewijzer.md"  # docs path; the URL is /hulpmiddelen/interventiewijzer/

# The Jeugdwet's upper age: a 'jeugdige' is younger than 23 (the age bounds of interventions.yml
# stop there too: models.AgeBound.months <= 23*12). The first age in months the finder refuses.
JEUGDWET_UNTIL_MONTHS = 23 * 12
# Where the guideline says what to do when no recognised intervention fits: 5.7, aanbeveling 4.
FINDER_ADVICE = "aanbeveling-5-7-4"

# Form fields = URL query parameters (the same names as in widgets/finder.py)
Q_YEARS = "leeftijd-jaren"
Q_MONTHS = "leeftijd-maanden"
Q_PRENATAL = "prenataal"
Q_SITUATION = "situatie"
Q_LEVEL = "erkenning"

# Example links on the trainers' links page: (label, query parameters)
EXAMPLES: tuple[tuple[str, list[tuple[str, str]]], ...] = (
    (
        "een pleegkind van 3 jaar",
        [(Q_YEARS, "3"), (Q_SITUATION, "adoptie-pleeg")],
    ),
    (
        "een kind van 1 jaar en 6 maanden, alleen interventies die effectief zijn gebleken",
        [(Q_YEARS, "1"), (Q_MONTHS, "6"), (Q_LEVEL, RecognitionLevel.eerste.value)],
    ),
)


def _environment() -> Environment:
    return template_environment(TEMPLATES)


def render_finder_page(data: GuidelineData, asset_version: str) -> str:
    """Markdown of /hulpmiddelen/interventiewijzer/.

    `asset_version` is appended to the script and style URLs so browsers fetch changed files.
    """
    if not data.interventions or not data.situations:
        raise ValueError("interventions.yml en situations.yml zijn nodig voor de Interventiewijzer")
    advice = next((r for r in data.recommendations if r.id == FINDER_ADVICE), None)
    if advice is None:
        raise ValueError(f"{FINDER_ADVICE} ontbreekt: de Interventiewijzer verwijst ernaar")
    levels = [(lv.value, RECOGNITION_LABELS[lv]) for lv in RecognitionLevel]
    template = _environment().get_template("finder_page.md.j2")
    return template.render(
        data=data,
        situations=data.situations,
        levels=levels,
        harmful=data.harmful_approaches,
        advice=advice,
        advice_label=f"Aanbeveling {advice.paragraph}.{advice.number}",
        max_years=JEUGDWET_UNTIL_MONTHS // 12 - 1,
        asset_version=asset_version,
        q={
            "years": Q_YEARS,
            "months": Q_MONTHS,
            "prenatal": Q_PRENATAL,
            "situation": Q_SITUATION,
            "level": Q_LEVEL,
        },
    )


def finder_links_help(data: GuidelineData | None = None) -> str:
    """Markdown for the trainers' links page (/links/): how to link a filtered view.

    With `data`, the example links and the list of situations are checked against / taken
    from the data (the links page is rendered from the docs root: links are relative to it).
    """
    situations = data.situations if data is not None else ()
    known = {s.id for s in situations}
    for _, params in EXAMPLES:
        for name, value in params:
            if name == Q_SITUATION and data is not None and value not in known:
                raise ValueError(f"voorbeeldlink Interventiewijzer: onbekende situatie {value}")
    levels = ", ".join(f"`{lv.value}`" for lv in RecognitionLevel)
    lines = [
        "### Gefilterde Interventiewijzer {#gefilterde-interventiewijzer}",
        "",
        "De [Interventiewijzer](hulpmiddelen/interventiewijzer.md) zet de gekozen leeftijd en "
        "situaties in het adres van de pagina. Kopieer dat adres, of stel het zelf samen, om "
        "cursisten meteen een gefilterde lijst van interventies te laten zien; wie de link opent "
        "(of de pagina herlaadt), ziet dezelfde keuzes en dezelfde lijst. Achter het vraagteken "
        "kunnen staan, gescheiden door `&`:",
        "",
        f"- `{Q_YEARS}=3` en `{Q_MONTHS}=6`: de leeftijd van de jeugdige in jaren en maanden "
        f"(samen 3 jaar en 6 maanden; leeg laten betekent: elke leeftijd);",
        f"- `{Q_PRENATAL}=ja`: het kind is nog niet geboren (dan zonder leeftijd);",
        f"- `{Q_SITUATION}=adoptie-pleeg`: een situatie; herhaal de parameter voor meer "
        "situaties. De interventies die voor een gekozen situatie bedoeld zijn, staan bovenaan;",
        f"- `{Q_LEVEL}=goed-onderbouwd`: alleen interventies met ten minste dit "
        f"erkenningsniveau ({levels}).",
        "",
    ]
    if situations:
        lines.append("Situaties: " + "; ".join(f"`{s.id}`: {s.label}" for s in situations) + ".")
        lines.append("")
    lines.append("Voorbeelden:")
    lines.append("")
    for label, params in EXAMPLES:
        query = urlencode(params)
        lines.append(
            f"- [Interventiewijzer voor {label}](hulpmiddelen/interventiewijzer.md?{query}): "
            f"`/hulpmiddelen/interventiewijzer/?{query}`"
        )
    return "\n".join(lines) + "\n"
