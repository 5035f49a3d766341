"""`PageContext`: what every kind of block shares while one site's pages are rendered.

The state (the page being rendered, the link targets published so far, the page titles,
which source notes stood where) and the bookkeeping on it: a link from the current page,
publishing an anchor, a page's glossary definitions, the template modules. The blocks
themselves are functions in sitegen/pages/blocks/, one module per kind, each taking the
context first; sitegen/pages/calls.py makes them the calls of content pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sitegen import tools
from sitegen.data.loading import GuidelineData
from sitegen.data.models.source_notes import SourceNote
from sitegen.exceptions import BuildError
from sitegen.links import LinkTarget, content_link, page_url, plain_text
from sitegen.markdown_extensions.abbr import terms_pattern
from sitegen.pages import calls
from sitegen.pages.blocks import client_version
from sitegen.pages.content import placements
from sitegen.pages.templating import TEMPLATES, template_environment


class PageContext:
    """One site's pages: content pages plus generated pages, collecting link targets."""

    def __init__(self, data: GuidelineData, content_dir: Path, asset_version: str = "") -> None:
        self.data = data
        self.guideline = data.guideline
        self.content_dir = content_dir
        self.asset_version = asset_version
        self.cross_links = client_version.collect(content_dir, self.guideline.client_version)
        self.page_titles: dict[str, str] = {}  # page URL -> its level-1 heading
        self.rendered: dict[str, str] = {}  # content path -> its Markdown after Jinja
        self.links: list[LinkTarget] = []
        self.placed = placements(content_dir)  # data block -> content page that places it
        # a tool's page publishes no paragraphs: its headings are the tool's, not the guideline's
        self.tool_pages = set(tools.pages(data).values())
        self.short_names = {c.page: f"hoofdstuk {c.number}" for c in self.guideline.chapters}
        self.short_names.update({a.page: f"bijlage {a.number}" for a in self.guideline.appendices})
        self.current_page = "index.md"
        self.anchor_pages: dict[str, str] = {}  # published id -> content page
        self.shown_notes: set[tuple[str, str]] = set()  # (source note id, anchor) placed
        self.notes_at: dict[str, list[SourceNote]] = {}
        for note in data.source_notes:
            for anchor in note.anchors:
                self.notes_at.setdefault(anchor, []).append(note)
        self.env = template_environment(content_dir, *TEMPLATES)
        # what the tools' own templates wrote into the page being rendered: the only
        # <script> elements a content page may carry (check_no_script)
        self.tool_output: list[str] = []
        # the Python widgets' client of a tool page: into its front matter (render_page), so
        # that the theme starts the worker from <head> (overrides/main.html)
        self.widgets_client: str | None = None
        # abbreviations: per page only the terms that occur on it (one pass over the page)
        self.meanings = {g.term: g.meaning for g in data.glossary}
        self.terms = terms_pattern(self.meanings)
        self._modules: dict[str, Any] = {}
        calls.register(self)

    def link(self, target: str) -> str:
        """Relative link from the page being rendered to another content path."""
        return content_link(self.current_page, target)

    def template(self, name: str) -> Any:
        """The macros of one of the generator's templates ('statements.html.j2'), made once
        (after the calls are registered: the macros call `link` and `as_shown`)."""
        if name not in self._modules:
            self._modules[name] = self.env.get_template(name).module
        return self._modules[name]

    def publish(self, anchor: str, kind: str, title: str) -> str:
        """Record a link target on the current page; returns its title (used for citations)."""
        self.links.append(
            LinkTarget(anchor, kind, title, page_url(self.current_page) + "#" + anchor)
        )
        self.anchor_pages.setdefault(anchor, self.current_page)
        return title

    @property
    def links_by_id(self) -> dict[str, LinkTarget]:
        return {t.id: t for t in self.links}

    def chapter_page(self, paragraph: str) -> str:
        try:
            return self.guideline.chapter(paragraph).page
        except KeyError:
            raise BuildError(
                f"paragraaf {paragraph} hoort bij geen hoofdstuk van data/guideline.yml"
            ) from None

    @staticmethod
    def require(value: Any, name: str) -> Any:
        if value is None:
            raise BuildError(f"data/{name} ontbreekt")
        return value

    def remember_title(self, markdown: str) -> str | None:
        match = re.search(r"^# (.+?)(\s*\{[^}]*\})?\s*$", markdown, re.MULTILINE)
        if not match:
            return None
        title = plain_text(match.group(1))
        self.page_titles[page_url(self.current_page)] = title
        return title

    def abbreviations(self, text: str) -> str:
        """Python-Markdown abbreviation definitions (tooltips) for the glossary terms that
        occur in `text`, to append to it. Only those: all of them on every page made the
        build's cost grow with pages x terms (README, 'Build cost'). Each definition is a
        block of its own, so a page with many stays linear too."""
        if self.terms is None:
            return "\n"
        found = dict.fromkeys(self.terms.findall(text))
        return "\n\n" + "".join(f"*[{t}]: {self.meanings[t]}\n\n" for t in found)
