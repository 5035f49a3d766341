"""The LSVG calculator page: the static form, generated from the validated LSVG data.

The page is Markdown for MkDocs (with md_in_html), rendered from templates/lsvg_page.md.j2.
Its form works without scripts; web/lsvg-page.mjs adds the score, computed by the widget code
in Python (Pyodide) from the same data.
"""

from __future__ import annotations

from jinja2 import Environment

from sitegen.models import Instrument, Lsvg
from sitegen.templating import TEMPLATES, template_environment

PAGE = "hulpmiddelen/lsvg.md"  # docs path; the page's URL is /hulpmiddelen/lsvg/


def _environment() -> Environment:
    return template_environment(TEMPLATES)


def render_lsvg_page(lsvg: Lsvg, instrument: Instrument | None, asset_version: str) -> str:
    """Markdown of /hulpmiddelen/lsvg/.

    `instrument` is the LSVG entry of instruments.yml (for the age range it is meant for);
    `asset_version` is appended to the script URLs so browsers fetch changed scripts.
    """
    if len(lsvg.toelichting) < 2:
        raise ValueError(
            "lsvg.yml: toelichting moet twee alinea's hebben (geen diagnose; leeftijd)"
        )
    template = _environment().get_template("lsvg_page.md.j2")
    return template.render(
        l=lsvg,
        age=instrument.age if instrument else None,
        max_total=lsvg.bands[-1].max_total,
        asset_version=asset_version,
    )
