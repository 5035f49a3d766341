"""The trainers' links page (links.md, generated): every link target of the site with its
full address and its short link, grouped by page and kind, in reading order.
Template: links.md.j2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.links import LinkTarget, page_url, relative_url
from sitegen.publish.redirects import short_link
from sitegen.tools.finder import links_help as finder_links_help

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

KIND_LABELS = {  # also the order of the groups on the links page
    "paragraaf": "paragraaf",
    "kernaanbeveling": "kernaanbeveling",
    "conclusie": "conclusie",
    "aanbeveling": "aanbeveling",
    "interventie": "interventie",
    "toelichting": "toelichting bij een interventie",
    "instrument": "instrument",
    "lsvg-item": "LSVG-item",
    "stap": "stap van het stappenplan",
    "tabel": "tabel",
    "tabelrij": "rij in een tabel",
    "bronopmerking": "bronopmerking",
    "hulpmiddel": "hulpmiddel",
    "werkkaart": "werkkaart",
}


def links_page(ctx: PageContext, reading_order: list[str]) -> str:
    """Every link target, grouped by the page it lives on, then by kind, in reading order
    (the order of the navigation; a page outside it follows its folder's index page)."""
    ctx.current_page = "links.md"
    rank = {page_url(page): i for i, page in enumerate(reading_order)}

    def order(target: LinkTarget) -> tuple[int, str]:
        url = target.url.partition("#")[0]
        folder = url.rstrip("/").rpartition("/")[0] + "/"
        return (rank.get(url, rank.get(folder, len(rank))), url)

    kinds = list(KIND_LABELS)
    sections: dict[str, dict[str, list[LinkTarget]]] = {}
    for target in sorted(ctx.links, key=order):
        page_title = ctx.page_titles.get(target.url.partition("#")[0], "Overig")
        sections.setdefault(page_title, {}).setdefault(target.kind, []).append(target)
    grouped = [
        (title, sorted(by_kind.items(), key=lambda kv: kinds.index(kv[0])))
        for title, by_kind in sections.items()
    ]
    extra = ""
    if ctx.guideline.tools.finder:
        extra = finder_links_help(ctx.data, ctx.current_page)
    template = ctx.env.get_template("links.md.j2")
    example = [t for t in ctx.links if t.kind == "aanbeveling"] or ctx.links
    short = example[0].id if example else None
    page = template.render(
        sections=grouped,
        kind_labels=KIND_LABELS,
        relative=relative_url,
        short=short_link,
        extra=extra,
        short_example=short,
    )
    return page + ctx.abbreviations(page)
