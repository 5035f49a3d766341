"""The glossary (data/glossary.yml), in alphabetical order. Template: glossary.html.j2.
Each page's tooltips for the terms on it: `PageContext.abbreviations`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext


def glossary(ctx: PageContext) -> Markup:
    entries = sorted(ctx.data.glossary, key=lambda e: e.term.lower())
    return Markup(ctx.template("glossary.html.j2").glossary(entries))
