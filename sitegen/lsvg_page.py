"""The LSVG calculator page: the static form, generated from the validated LSVG data.

The page is Markdown for MkDocs (with md_in_html), rendered from templates/lsvg_page.md.j2.
Its form works without scripts; web/lsvg-page.mjs adds the score, computed by the widget code
in Python (Pyodide) from the same data.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sitegen.models import Instrument, Lsvg

TEMPLATES = Path(__file__).parent / "templates"
PAGE = "hulpmiddelen/lsvg.md"  # docs path; the page's URL is /hulpmiddelen/lsvg/


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=False,  # output is Markdown; raw HTML text is escaped in the template
        comment_start_string="<#--",
        comment_end_string="--#>",
        keep_trailing_newline=True,
    )


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
