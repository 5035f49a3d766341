"""The calls a content page may make, in one table: `{{ recommendations("1.9") }}` runs
`statements.recommendations(context, "1.9")`.

`CALLS` names every data-driven block (CONTRIBUTING.md, 'Data-driven blocks'); each is a
function of sitegen/pages/blocks/ that takes the page context first and returns Markdown
with raw HTML (`Markup`). Besides them a page gets `link` (a relative link to another
content path), `as_shown` (a quote with the listed corrections) and one `<tool>_tool()` per
tool the guideline turns on (sitegen/tools/, `blocks`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen import tools
from sitegen.pages.blocks import (
    appendices,
    colophon,
    corrections,
    glossary,
    home,
    instruments,
    interventions,
    source_notes,
    statements,
)
from sitegen.tools.context import ToolContext
from sitegen.tools.finder import recognition_levels

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

CALLS: dict[str, Callable[..., Any]] = {
    "kernaanbevelingen": statements.kernaanbevelingen,
    "conclusions": statements.conclusions,
    "recommendations": statements.recommendations,
    "intervention_table": interventions.intervention_table,
    "intervention_texts": interventions.intervention_texts,
    "harmful_approaches": interventions.harmful_approaches,
    "instruments": instruments.instruments,
    "stappenplan": instruments.stappenplan,
    "balansmodel": appendices.balansmodel,
    "lsvg": appendices.lsvg,
    "glossary": glossary.glossary,
    "corrections": corrections.corrections,
    "all_recommendations": statements.all_recommendations,
    "interventions_overview": interventions.interventions_overview,
    "recognition_levels": lambda ctx: recognition_levels(ctx.data),
    "source_note": source_notes.source_note,
    "source_notes": source_notes.source_notes,
    "tasks": home.tasks,
    "kernaanbevelingen_list": home.kernaanbevelingen_list,
    "colophon": colophon.colophon,
}


def register(ctx: PageContext) -> None:
    """Make the calls the globals of the context's Jinja environment."""
    blocks = {name: _bound(block, ctx) for name, block in CALLS.items()}
    for name, render_tool in tools.blocks(ctx.data).items():
        blocks[name] = _tool_block(ctx, render_tool)
    ctx.env.globals["link"] = ctx.link
    ctx.env.globals["as_shown"] = ctx.data.as_shown  # a quote with the listed corrections
    ctx.env.globals.update(blocks)


def _bound(block: Callable[..., Any], ctx: PageContext) -> Callable[..., Any]:
    """The block with the context given. A closure, not functools.partial: a page could
    read a partial's `args` (the sandbox refuses only names starting with '_')."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return block(ctx, *args, **kwargs)

    return call


def _tool_block(ctx: PageContext, render_tool: Any) -> Any:
    def call() -> Markup:
        tool = ToolContext(
            ctx.env, ctx.current_page, ctx.asset_version, ctx.placed, ctx.short_names,
            ctx.links_by_id, ctx.anchor_pages,
        )
        out = Markup(render_tool(tool))
        ctx.tool_output.append(str(out))
        ctx.widgets_client = tool.asset("widgets/client.mjs")
        return out

    return call
