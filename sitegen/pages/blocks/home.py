"""The home page's blocks and the chapters' openings, made of the page links of
data/guideline.yml (`home.tasks`, a chapter's `opens_with`): the tasks, each a card with its
links; each kernaanbeveling's first words, linked; at the top of a chapter its links and
the box 'Aanbevelingen in dit hoofdstuk'. Template: home.html.j2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen.data.models.guideline import Chapter, PageLink
from sitegen.data.models.statements import AUDIENCE_LABELS
from sitegen.exceptions import BuildError
from sitegen.links import INTERVENTION_FOLDER, page_url, relative_url, short_title, werkkaart_page
from sitegen.pages.blocks.statements import rec_label
from sitegen.renderer.site_config import print_page_url

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

TEMPLATE = "home.html.j2"


def known_pages(ctx: PageContext) -> set[str]:
    """Content paths of every page of the site: content/ and the generated pages."""
    pages = {p.relative_to(ctx.content_dir).as_posix() for p in ctx.content_dir.rglob("*.md")}
    pages |= {f"{INTERVENTION_FOLDER}/{iv.id}.md" for iv in ctx.data.interventions}
    pages |= {werkkaart_page(w.id) for w in ctx.guideline.werkkaarten}
    return pages | {"links.md"}


def page_link(ctx: PageContext, link: PageLink, where: str) -> dict[str, Any]:
    """A PageLink as the templates show it: text, href, and whether the href is a raw URL
    (the whole guideline in print is made by MkDocs, so no Markdown link can name it)."""
    if link.print:
        url = print_page_url()
        if url is None:
            raise BuildError(f"data/guideline.yml: {where}, veld 'print': de site heeft "
                             "geen printpagina (plugin print-site in mkdocs.yml)")
        href, raw = relative_url(page_url(ctx.current_page), url), True
    else:
        assert link.page is not None
        if link.page.partition("#")[0] not in known_pages(ctx):
            raise BuildError(f"data/guideline.yml: {where}, veld 'page': "
                             f"{link.page.partition('#')[0]} is geen pagina van de site")
        href, raw = ctx.link(link.page), False
    return {"text": link.text, "href": href, "raw": raw, "description": link.description}


def tasks(ctx: PageContext) -> Markup:
    """{{ tasks() }}: the home page's tasks (guideline.yml, home.tasks), each a card."""
    tasks = ctx.guideline.home.tasks
    if not tasks:
        raise BuildError("{{ tasks() }}: data/guideline.yml heeft geen home.tasks")
    cards = [
        (task, [page_link(ctx, link, f"home.tasks.{n}.links.{k}")
                for k, link in enumerate(task.links)])
        for n, task in enumerate(tasks)
    ]
    return Markup(ctx.template(TEMPLATE).tasks(cards))


def kernaanbevelingen_list(ctx: PageContext) -> Markup:
    """{{ kernaanbevelingen_list() }}: each kernaanbeveling's first words, linked to it."""
    page = ctx.placed.get("kernaanbevelingen")
    if page is None or not ctx.data.kernaanbevelingen:
        raise BuildError("{{ kernaanbevelingen_list() }}: geen pagina plaatst "
                         "{{ kernaanbevelingen() }}")
    items = [
        (k, short_title(k.text, 14), ctx.link(f"{page}#{k.id}"))
        for k in ctx.data.kernaanbevelingen
    ]
    return Markup(ctx.template(TEMPLATE).kernaanbevelingen_list(items))


def chapter_opening(ctx: PageContext, chapter: Chapter) -> str:
    """What a chapter opens with: its `opens_with` links and the box 'Aanbevelingen in
    dit hoofdstuk' (number, first words, audience, link), from the data."""
    links = [page_link(ctx, link, f"chapters.{chapter.number - 1}.opens_with.{k}")
             for k, link in enumerate(chapter.opens_with)]
    recs = [
        {
            "label": rec_label(ctx, r).removeprefix("Aanbeveling "),
            "words": short_title(r.text, 10),
            "audience": ", ".join(AUDIENCE_LABELS[a] for a in r.audience),
            "href": f"#{r.id}",
        }
        for r in ctx.data.recommendations
        if ctx.guideline.chapter(r.paragraph) == chapter
    ]
    if not links and not recs:
        return ""
    return str(ctx.template(TEMPLATE).chapter_opening(links, recs))
