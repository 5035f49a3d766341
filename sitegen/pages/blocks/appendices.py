"""The blocks of the appendices: the balansmodel (data/balansmodel.yml) and the LSVG
(data/lsvg.yml: instruction, scale, items, toelichting, norms, vervolgstappen; the
calculator is a tool, sitegen/tools/lsvg.py). Template: appendices.html.j2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen.pages.blocks.source_notes import notes

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

TEMPLATE = "appendices.html.j2"
# The sections of the LSVG block ({{ lsvg() }}): their ids are published, sources cite them.
LSVG_SECTIONS = (
    ("lsvg-instructie", "instructie"),
    ("lsvg-items", "de acht gedragingen"),
    ("lsvg-toelichting", "toelichting"),
    ("lsvg-afname", "hoe af te nemen"),
    ("lsvg-normering", "voorlopige normering"),
    ("lsvg-training", "training"),
    ("lsvg-aandachtspunten", "aandachtspunten"),
    ("lsvg-vervolgstappen", "mogelijke vervolgstappen"),
)


def balansmodel(ctx: PageContext) -> Markup:
    return Markup(
        ctx.template(TEMPLATE).balansmodel(ctx.require(ctx.data.balansmodel, "balansmodel.yml"))
    )


def lsvg(ctx: PageContext) -> Markup:
    lsvg = ctx.require(ctx.data.lsvg, "lsvg.yml")
    for anchor, title in LSVG_SECTIONS:
        ctx.publish(anchor, "paragraaf", f"{lsvg.title}: {title}")
    for item in lsvg.items:
        ctx.publish(item.id, "lsvg-item", f"LSVG item {item.number}: {item.title}")
    tool = ctx.guideline.tools.lsvg
    return Markup(ctx.template(TEMPLATE).lsvg(
        lsvg, tool.page if tool else None, lambda anchor: notes(ctx, anchor)
    ))
