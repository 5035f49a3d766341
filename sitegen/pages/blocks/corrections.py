"""The list of corrections (data/corrections/): every obvious slip of the source this site
fixed, where, and why. Template: corrections.html.j2."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext


def corrections(ctx: PageContext) -> Markup:
    return Markup(ctx.template("corrections.html.j2").corrections(ctx.data.corrections))
