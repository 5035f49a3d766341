"""The LSVG calculator: scores the list of bijlage-style data/lsvg.yml in the browser.

A content page places it with `{{ lsvg_tool() }}` (data/guideline.yml, tools.lsvg.page says
which page). The block is the static form, usable without scripts, rendered from the validated
model by templates/tools/lsvg.html.j2; web/lsvg/lsvg.mjs adds the score, computed by
widgets.lsvg (Python, in the shared Pyodide worker) from `widget_data()` (lsvg.json).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitegen.data.loading import GuidelineData
from sitegen.data.models.lsvg import Lsvg
from sitegen.exceptions import BuildError
from sitegen.links import LinkTarget, page_url, plain_text
from sitegen.tools.context import ToolContext

NAME = "lsvg"  # widgets.lsvg, web/lsvg/, assets/lsvg/
FORMAT = 3  # of lsvg.json; must equal widgets.lsvg.FORMAT_VERSION
DATA_FILE = "lsvg.json"


def payload(lsvg: Lsvg) -> dict[str, Any]:
    """What widgets.lsvg needs of the validated model to score, as JSON-ready data."""
    fields = {"title", "source", "scale", "items", "bands"}
    return {"format": FORMAT, **lsvg.model_dump(mode="json", include=fields)}


def summary_texts(data: GuidelineData, placed: Mapping[str, str]) -> dict[str, Any]:
    """What the dossier text ('Kopieer samenvatting') names besides the scores, as plain text:
    the guideline, where the list stands, the calculator's page, the vervolgstappen, the
    titles of the bands' source notes and the source's caveat (no diagnosis)."""
    lsvg = require(data)
    guideline = data.guideline
    list_page = placed.get("lsvg")
    appendix = next((a for a in guideline.appendices if a.page == list_page), None)
    tool = guideline.tools.lsvg
    return {
        "title": plain_text(f"{lsvg.title} {lsvg.source}"),
        "guideline": plain_text(guideline.title),
        "revision_label": plain_text(guideline.revision_label),
        "list_label": f"bijlage {appendix.number}" if appendix else "de richtlijn",
        "list_url": page_url(list_page) if list_page else "/",
        "tool_url": page_url(tool.page) if tool else "/",
        "norms_intro": plain_text(lsvg.norms_intro),
        "no_diagnosis": plain_text(lsvg.toelichting[0]),
        "steps": [
            {"id": st.id, "heading": plain_text(st.heading),
             "steps": [plain_text(step) for step in st.steps]}
            for st in lsvg.vervolgstappen
        ],
        "band_notes": {
            b.id: plain_text(data.source_note(b.note).title) for b in lsvg.bands if b.note
        },
    }


def widget_data(
    data: GuidelineData, _targets: list[LinkTarget], placed: Mapping[str, str]
) -> dict[str, Any]:
    """The calculator's data (lsvg.json): the list to score and the texts of its summary."""
    return {**payload(require(data)), "summary": summary_texts(data, placed)}


def require(data: GuidelineData) -> Lsvg:
    if data.lsvg is None:
        raise BuildError("data/lsvg.yml ontbreekt: nodig voor de rekenhulp (tools.lsvg)")
    if len(data.lsvg.toelichting) < 2:
        raise BuildError(
            "data/lsvg.yml: item 'lsvg', veld 'toelichting': moet twee alinea's hebben "
            "(geen diagnose; leeftijd), de rekenhulp toont ze bij de uitkomst"
        )
    return data.lsvg


def render(data: GuidelineData, ctx: ToolContext) -> str:
    """The form, the result box and the print report of the calculator."""
    lsvg = require(data)
    config = data.guideline.tools.lsvg
    instrument = next(
        (i for i in data.instruments if config and i.id == config.instrument), None
    )
    notes_link = ctx.link_to_block("source_notes")

    def note(note_id: str) -> dict[str, Any]:
        n = data.source_note(note_id)
        more = ctx.link(f"{ctx.placed['source_notes']}#{n.id}") if notes_link else None
        return {"note": n, "text": data.as_shown(n.text), "more": more}

    return ctx.render(
        "lsvg.html.j2",
        l=lsvg,
        age=instrument.age if instrument else None,
        conditions=[
            (data.as_shown(c.text), [ctx.ref(s.anchor) for s in c.sources])
            for c in lsvg.conditions
        ],
        condition_notes=[note(n) for n in lsvg.condition_notes],
        band_notes={b.id: note(b.note) for b in lsvg.bands if b.note},
        guideline=data.guideline,
        short=ctx.short_link,
    )
