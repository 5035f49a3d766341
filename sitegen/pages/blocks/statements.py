"""Statements: the kernaanbevelingen, the recommendations and the conclusions of a
paragraph (data/kernaanbevelingen.yml, data/recommendations/, data/conclusions/), and the
overview of all recommendations.

Each is published at its anchor (its canonical place) with the notes beside it. Template:
the `statement` macro of macros.html.j2 (shared: the Interventiewijzer shows statements too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen.data.models.statements import AUDIENCE_LABELS, Conclusion, Recommendation
from sitegen.exceptions import BuildError
from sitegen.links import short_title
from sitegen.pages.blocks.source_notes import notes

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

MACROS = "macros.html.j2"
# How a line that is this site's own, not the guideline's, says so where it stands.
SITE_ADDITION = "toegevoegd in deze webversie"


def audience(rec: Recommendation) -> str:
    """'Voor: ...': the group the source gives it under (4.5), or this web version's own
    reading, which says so where it stands."""
    own = "" if rec.group else f" ({SITE_ADDITION})"
    return "Voor: " + ", ".join(AUDIENCE_LABELS[a] for a in rec.audience) + own


def rec_label(ctx: PageContext, rec: Recommendation) -> str:
    group = f" ({ctx.guideline.groups.get(rec.group, rec.group)})" if rec.group else ""
    return f"Aanbeveling {rec.paragraph}.{rec.number}{group}"


def rec_href(ctx: PageContext, rec: Recommendation) -> str:
    return ctx.link(f"{ctx.chapter_page(rec.paragraph)}#{rec.id}")


def recommendations(ctx: PageContext, paragraph: str, group: str | None = None) -> Markup:
    recs = [
        r
        for r in ctx.data.recommendations
        if r.paragraph == paragraph and (group is None or r.group == group)
    ]
    if not recs:
        raise BuildError(f"geen aanbevelingen voor paragraaf {paragraph}, groep {group}")
    out = []
    for rec in recs:
        label = rec_label(ctx, rec)
        title = ctx.publish(rec.id, "aanbeveling", f"{label}: {short_title(rec.text)}")
        out.append(
            ctx.template(MACROS).statement(
                rec,
                "aanbeveling",
                label,
                f"#{rec.id}",
                rec.id,
                audience(rec),
                # one block per line: md_in_html needs each <div> to start a line
                _kern_backlinks(ctx, rec) + "\n" + notes(ctx, rec.id),
                cite=title,
            )
        )
    return Markup("\n\n".join(out) + "\n")


def _kern_backlinks(ctx: PageContext, rec: Recommendation) -> str:
    kerns = [k for k in ctx.data.kernaanbevelingen if rec.id in k.sources]
    if not kerns:
        return ""
    refs = ", ".join(
        f"[kernaanbeveling {k.number}]({ctx.link('kernaanbevelingen.md#' + k.id)})"
        for k in kerns
    )
    return f'<p class="statement__related" markdown="span">Samengevat in {refs}.</p>'


def conclusions(ctx: PageContext, paragraph: str) -> Markup:
    items: list[Conclusion] = [c for c in ctx.data.conclusions if c.paragraph == paragraph]
    if not items:
        raise BuildError(f"geen conclusies voor paragraaf {paragraph}")
    out = []
    for c in items:
        label = f"Conclusie {c.paragraph}.{c.number}"
        title = ctx.publish(c.id, "conclusie", f"{label}: {short_title(c.text)}")
        out.append(
            ctx.template(MACROS).statement(
                c, "conclusie", label, f"#{c.id}", c.id, extra=notes(ctx, c.id), cite=title
            )
        )
    return Markup("\n\n".join(out) + "\n")


def kernaanbevelingen(ctx: PageContext) -> Markup:
    out = []
    for k in ctx.data.kernaanbevelingen:
        label = f"Kernaanbeveling {k.number}"
        title = ctx.publish(k.id, "kernaanbeveling", f"{label}: {short_title(k.text)}")
        sources = ", ".join(
            f"[{rec_label(ctx, ctx.data.recommendation(s))}]"
            f"({rec_href(ctx, ctx.data.recommendation(s))})"
            for s in k.sources
        )
        extra = (
            f'<p class="statement__related" markdown="span">Uit de richtlijn '
            f"({SITE_ADDITION}): {sources}</p>"
        )
        out.append(
            ctx.template(MACROS).statement(
                k, "kernaanbeveling", label, f"#{k.id}", k.id, "",
                extra + "\n" + notes(ctx, k.id), cite=title,
            )
        )
    return Markup("\n\n".join(out) + "\n")


def all_recommendations(ctx: PageContext) -> Markup:
    """Overview page: every recommendation by chapter, linking to its canonical anchor."""
    out: list[str] = []
    for chapter in ctx.guideline.chapters:
        recs = [
            r for r in ctx.data.recommendations
            if ctx.guideline.chapter(r.paragraph) == chapter
        ]
        if not recs:
            continue
        out.append(f"## {chapter.label} {{#overzicht-hoofdstuk-{chapter.number}}}\n")
        for rec in recs:
            out.append(
                ctx.template(MACROS).statement(
                    rec,
                    "aanbeveling",
                    rec_label(ctx, rec),
                    rec_href(ctx, rec),
                    None,
                    audience(rec),
                )
            )
    return Markup("\n\n".join(out) + "\n")
