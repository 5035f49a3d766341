"""Render content/ (Markdown + Jinja) and data-driven pages into a docs folder for MkDocs.

A content page places each data-driven block with one call (`{{ recommendations("1.9") }}`,
the table of sitegen/pages/calls.py). Every anchor a block publishes is recorded as a
`LinkTarget`; together they become `links.json`, the contract trainers link against.
`render_docs` is this stage's pipeline: the pages in order, the generated pages, the checks
of every anchor and source note, the links page, the scripts and styles of every page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from sitegen import tools
from sitegen.data import content_files
from sitegen.data.checks import check_anchors
from sitegen.data.loading import GuidelineData
from sitegen.exceptions import BuildError
from sitegen.links import INTERVENTION_FOLDER, LinkTarget, page_url, werkkaart_page
from sitegen.pages.blocks.interventions import intervention_page
from sitegen.pages.blocks.links_page import links_page
from sitegen.pages.blocks.source_notes import check_notes_shown
from sitegen.pages.blocks.werkkaarten import werkkaart
from sitegen.pages.content import check_front_matter, placements, render_page
from sitegen.pages.context import PageContext
from sitegen.publish import print_page, site_dir
from sitegen.renderer.site_config import nav_pages

WEB_SITE_ASSETS = tools.WEB / "site"  # scripts and styles of every page -> docs/assets/
# Blocks that need every anchor of the guideline pages: the pages placing them come last.
LATE_BLOCKS = ("source_notes", "colophon")


def render_docs(
    data: GuidelineData,
    content_dir: Path,
    out_dir: Path,
    publish_tools: Callable[[list[LinkTarget], Mapping[str, str]], str] | None = None,
) -> list[LinkTarget]:
    """Render every page into out_dir; return the link targets.

    In two passes: first the guideline's pages and the intervention pages; then
    `publish_tools` (with the link targets so far, since the tools' data link to them, and the
    pages that place each block) returns the tools' asset version, and the pages that need it
    or every anchor (the tool pages, the list of source notes) follow. Every anchor the data
    cites must be one the site publishes, and every source note stands beside its anchors."""
    ctx = PageContext(data, content_dir)
    late = set(ctx.tool_pages) | {
        page for name, page in ctx.placed.items() if name in LATE_BLOCKS
    }
    for page in ctx.tool_pages:
        if not (content_dir / page).is_file():
            raise BuildError(
                f"content/{page} ontbreekt: data/guideline.yml plaatst daar een hulpmiddel"
            )
    files = content_files.files(content_dir, data.guideline.content_assets)
    for rel in files:
        if rel not in late:
            _render_file(ctx, content_dir, out_dir, rel)
    for iv in data.interventions:
        page = f"{INTERVENTION_FOLDER}/{iv.id}.md"
        ctx.current_page = page
        body = intervention_page(ctx, iv)
        body += ctx.abbreviations(body)
        ctx.remember_title(body)
        _write_page(out_dir, page, body)
    for card in data.guideline.werkkaarten:
        page = werkkaart_page(card.id)
        body = werkkaart(ctx, card)
        ctx.remember_title(body)
        _write_page(out_dir, page, body)
    if publish_tools:
        ctx.asset_version = publish_tools(list(ctx.links), ctx.placed)
    for rel in files:
        if rel in late:
            _render_file(ctx, content_dir, out_dir, rel)
    _check_unique_anchors(ctx.links)
    problems = check_anchors(data, {t.id for t in ctx.links})
    if problems:
        raise BuildError(problems)
    check_notes_shown(ctx)
    _write_page(out_dir, "links.md", links_page(ctx, nav_pages(data.guideline)))
    copy_site_assets(out_dir)
    return ctx.links


def _write_page(out_dir: Path, page: str, text: str) -> None:
    """A generated page into the docs folder, its front matter checked like a content page's
    (its title comes from data)."""
    check_front_matter(text, f"{page} (gemaakt uit data/)")
    site_dir.write_text(out_dir / page, text, within=out_dir)


def _render_file(ctx: PageContext, content_dir: Path, out_dir: Path, rel: str) -> None:
    if rel.endswith(".md"):
        site_dir.write_text(out_dir / rel, render_page(ctx, rel), within=out_dir)
    else:
        site_dir.copy_file(content_dir / rel, out_dir / rel, within=out_dir)


def print_additions(data: GuidelineData, content_dir: Path) -> list[print_page.Appended]:
    """Pages the printed guideline holds beyond its navigation: the intervention pages,
    after the page that places the intervention tables (their text belongs there)."""
    after = placements(content_dir).get("intervention_table")
    if after is None or not data.interventions:
        return []
    chapter = next((c for c in data.guideline.chapters if c.page == after), None)
    where = f"hoofdstuk {chapter.number}" if chapter else "de richtlijn"
    return [
        print_page.Appended(
            page_url(after),
            f"Interventies bij {where}",
            [page_url(f"{INTERVENTION_FOLDER}/{iv.id}.md") for iv in data.interventions],
        )
    ]


def copy_site_assets(out_dir: Path) -> None:
    """The scripts and styles every page uses (web/site/) -> docs/assets/."""
    for source in sorted(WEB_SITE_ASSETS.iterdir()):
        site_dir.copy_file(source, out_dir / "assets" / source.name, within=out_dir)


def _check_unique_anchors(links: list[LinkTarget]) -> None:
    seen: dict[str, str] = {}
    for target in links:
        if target.id in seen and target.kind != "paragraaf":
            raise BuildError(
                f"id '{target.id}' wordt op twee plaatsen gepubliceerd "
                f"({seen[target.id]} en {target.url})"
            )
        seen[target.id] = target.url
