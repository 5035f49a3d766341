"""The colofon (`colophon` of data/guideline.yml): who wrote and publishes the guideline,
the official source, who made this web version and how to report an error, each fact with
where the source says it. Template: colophon.html.j2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen.data.models.guideline import Fact
from sitegen.exceptions import BuildError
from sitegen.links import page_url, relative_url, short_label
from sitegen.renderer.site_config import print_page_url

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext


def _fact_sources(ctx: PageContext, fact: Fact) -> list[tuple[str, str]]:
    out = []
    for source in fact.sources:
        target = ctx.links_by_id.get(source.anchor)
        page = ctx.anchor_pages.get(source.anchor)
        if target is None or page is None:
            raise BuildError(f"data/guideline.yml: colophon, bron '{source.anchor}' is geen "
                             "anker van de site")
        title = ctx.page_titles.get(page_url(page), "")
        label = f"{title}, {short_label(target)}" if title != target.title else title
        entry = (label, ctx.link(f"{page}#{source.anchor}"))
        if entry not in out:  # two quotes of one section: one link
            out.append(entry)
    return out


def colophon(ctx: PageContext) -> Markup:
    """{{ colophon() }}: who wrote and publishes the guideline, the official source, who
    made this web version and how to report an error (guideline.yml, colophon)."""
    c = ctx.guideline.colophon
    if c is None:
        raise BuildError("{{ colophon() }}: data/guideline.yml heeft geen colophon")
    if c.page != ctx.current_page:
        raise BuildError(f"{{{{ colophon() }}}} staat op {ctx.current_page}, maar "
                         f"data/guideline.yml (colophon.page) noemt {c.page}")

    def fact(f: Fact) -> dict[str, Any]:
        return {"text": ctx.data.as_shown(f.text), "sources": _fact_sources(ctx, f)}

    about = ctx.placed.get("corrections")
    printed = print_page_url()
    return Markup(ctx.template("colophon.html.j2").colophon(
        guideline=ctx.guideline,
        authors=[fact(f) for f in c.authors],
        publisher=fact(c.publisher),
        official={**fact(c.official), "url": c.official.url, "link_text": c.official.link_text},
        web_version=[fact(f) for f in c.web_version],
        report_errors=fact(c.report_errors),
        about=ctx.link(about) if about else None,
        printed=relative_url(page_url(ctx.current_page), printed) if printed else None,
    ))
