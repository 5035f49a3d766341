"""The front matter of a page (content/*.md and the generated pages)."""

from __future__ import annotations

from typing import Literal

from sitegen.data.models.base import PlainText, Slug, Strict

HideOption = Literal["navigation", "toc", "footer", "path", "tags", "feedback"]


class SearchOptions(Strict):
    exclude: bool = False  # left out of the search index (the links page lists every id)


class FrontMatter(Strict):
    """What a page may say about itself between its '---' lines. The theme writes `title`
    and `description` into <head> unescaped, so they are plain text; every other key of
    mkdocs-material (`template`, `icon`, ...) is refused, as in data/."""

    title: PlainText | None = None
    description: PlainText | None = None
    hide: tuple[HideOption, ...] = ()
    search: SearchOptions | None = None
    based_on: tuple[Slug, ...] = ()  # a client page: the paragraphs it rests on
    werkkaart: bool = False  # a werkkaart page (generated: sitegen/pages/blocks/werkkaart.md.j2)
