"""What a tool's block gets from the pages: templates, links and asset URLs for its page.

Kept apart from `sitegen.pages` so that the tools do not import the pages, and the pages
know the tools only through this context and `sitegen.tools.blocks`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from sitegen.links import HEADING_ID, LinkTarget, content_link, page_url, relative_url, short_label
from sitegen.publish.redirects import short_link


@dataclass(frozen=True)
class ToolContext:
    env: Environment
    page: str  # content path of the page that places the tool
    asset_version: str  # appended to script and style URLs: a new build, a fresh fetch
    placed: Mapping[str, str]  # data block name -> content page that placed it
    short_names: Mapping[str, str]  # content page -> 'hoofdstuk 5', 'bijlage 4'
    targets: Mapping[str, LinkTarget] = field(default_factory=dict)  # published so far
    anchor_pages: Mapping[str, str] = field(default_factory=dict)  # id -> content page

    def link(self, target: str) -> str:
        """Markdown link from the tool's page to a content path ('bijlage-4.md#x')."""
        return content_link(self.page, target)

    def link_to_block(self, block: str, anchor: str = "") -> tuple[str, str] | None:
        """(link text, link) to where a data block ('lsvg', 'harmful_approaches') is placed:
        ('bijlage 4', '../bijlage-4.md'); None if no page places it."""
        page = self.placed.get(block)
        if page is None:
            return None
        text = self.short_names.get(page, "de richtlijn")
        return text, self.link(page + (f"#{anchor}" if anchor else ""))

    def ref(self, anchor: str) -> tuple[str, str]:
        """(short label, Markdown link) of a published anchor, e.g. ('Aanbeveling 5.7.2',
        '../hoofdstuk-5.md#aanbeveling-5-7-2')."""
        return short_label(self.targets[anchor]), self.link(
            f"{self.anchor_pages[anchor]}#{anchor}"
        )

    def asset(self, path: str) -> str:
        """URL of docs/assets/<path> as seen from the page (raw HTML: MkDocs leaves it as is)."""
        here = page_url(self.page).strip("/") or "."
        return f"{posixpath.relpath('assets/' + path, here)}?v={self.asset_version}"

    @property
    def site_root(self) -> str:
        """The site root as seen from the page: '../../' for /hulpmiddelen/lsvg/."""
        here = page_url(self.page).strip("/")
        return "../" * len(here.split("/")) if here else "./"

    @property
    def page_anchor(self) -> str | None:
        """The id of the page's level-1 heading ('rekenhulp-lsvg'): the tool's link target,
        published when the page is rendered (after its blocks), so read from its source."""
        loader = self.env.loader
        if loader is None:
            return None
        source = loader.get_source(self.env, self.page)[0]
        return next((a for level, _, a in HEADING_ID.findall(source) if level == "#"), None)

    @property
    def short_link(self) -> tuple[str, str] | None:
        """(the tool's short link '/r/rekenhulp-lsvg/', a raw link to it from the page): short
        links are written after MkDocs runs (sitegen/publish/redirects.py)."""
        anchor = self.page_anchor
        if anchor is None:
            return None
        url = short_link(anchor)
        return url, relative_url(page_url(self.page), url)

    def render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(tool=self, **values)
