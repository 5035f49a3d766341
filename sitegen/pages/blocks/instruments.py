"""Instruments (data/instruments.yml) and the stappenplan (data/stappenplan.yml): the
instruments of a paragraph, each linked to the steps that use it, and the steps with their
diagram. Template: instruments.html.j2.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen.links import short_title
from sitegen.pages.blocks.source_notes import notes

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

TEMPLATE = "instruments.html.j2"


def _steps_link(ctx: PageContext, steps: Iterable[int]) -> str:
    page = ctx.placed.get("stappenplan")
    if page is None:  # no page places {{ stappenplan() }}
        return "stappenplan: " + ", ".join(f"stap {n}" for n in steps)
    parts = [f"[stap {n}]({ctx.link(f'{page}#stap-{n}')})" for n in steps]
    return "stappenplan: " + ", ".join(parts)


def instruments(ctx: PageContext, paragraph: str, use: str | None = None) -> Markup:
    chosen = [
        i
        for i in ctx.data.instruments
        if i.paragraph == paragraph and (use is None or i.use == use)
    ]
    out = []
    for ins in chosen:
        ctx.publish(ins.id, "instrument", f"{ins.name}: {ins.full_name}")
        out.append(ctx.template(TEMPLATE).instrument(
            ins, lambda steps: _steps_link(ctx, steps), notes(ctx, ins.id)
        ))
    return Markup("\n\n".join(out) + "\n")


def stappenplan(ctx: PageContext) -> Markup:
    plan = ctx.require(ctx.data.stappenplan, "stappenplan.yml")
    for step in plan.steps:
        ctx.publish(step.id, "stap", f"Stap {step.number}: {short_title(step.title)}")
    names = {i.id: i.name for i in ctx.data.instruments}
    with_tool = {i.id: i for i in ctx.data.instruments if i.tool}
    return Markup(ctx.template(TEMPLATE).stappenplan(plan, names, with_tool))
