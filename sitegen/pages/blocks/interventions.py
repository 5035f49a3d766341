"""Interventions (data/interventions.yml): the tables of the source, the texts of a
paragraph, the warning against harmful approaches (data/harmful_approaches.yml), the
overview of all interventions, and one generated page per intervention.

Templates: interventions.html.j2 (the blocks), intervention.md.j2 (the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen.data.models.interventions import Intervention
from sitegen.data.models.sources import Source
from sitegen.exceptions import BuildError
from sitegen.links import short_label
from sitegen.pages.blocks.source_notes import note_html, notes

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

TEMPLATE = "interventions.html.j2"


def interventions_in_table(ctx: PageContext, number: int) -> list[tuple[Intervention, Any]]:
    """The rows of a table in the source's order (`row`), not in the order of the file."""
    rows = [
        (iv, row) for iv in ctx.data.interventions for row in iv.tables if row.table == number
    ]
    return sorted(rows, key=lambda pair: pair[1].row)


def intervention_table(ctx: PageContext, number: int) -> Markup:
    try:
        table = ctx.guideline.table(number)
    except KeyError:
        raise BuildError(f"tabel {number} staat niet in data/guideline.yml (tables)") from None
    rows = interventions_in_table(ctx, number)
    if not rows:
        raise BuildError(f"tabel {number} heeft geen interventies")
    ctx.publish(f"tabel-{number}", "tabel", table.label)
    for iv, _row in rows:
        ctx.publish(f"tabel-{number}-{iv.id}", "tabelrij", f"Tabel {number}: {iv.name}")
    return Markup(ctx.template(TEMPLATE).intervention_table(
        table, rows, lambda anchor: notes(ctx, anchor)
    ))


def intervention_texts(ctx: PageContext, paragraph: str) -> Markup:
    ivs = [
        iv
        for iv in ctx.data.interventions
        if iv.paragraph == paragraph and (iv.summary or iv.toelichting)
    ]
    out = []
    for iv in ivs:
        ctx.publish(f"toelichting-{iv.id}", "toelichting", f"Toelichting: {iv.name}")
        out.append(
            ctx.template(TEMPLATE).intervention_text(iv, notes(ctx, f"toelichting-{iv.id}"))
        )
    return Markup("\n\n".join(out) + "\n")


def harmful_approaches(ctx: PageContext) -> Markup:
    return Markup(ctx.template(TEMPLATE).harmful(ctx.data.harmful_approaches))


def interventions_overview(ctx: PageContext) -> Markup:
    """The table of all interventions: age and recognition (DEJ and KJP) in the source's
    words, and its tables with the '*' of a row and what the source says it means."""
    rows = ["| Interventie | Leeftijd | Erkenning | Tabel |", "| --- | --- | --- | --- |"]
    starred: set[int] = set()
    for iv in ctx.data.interventions:
        tables = ", ".join(str(r.table) + ("\\*" if r.star else "") for r in iv.tables)
        starred |= {r.table for r in iv.tables if r.star}
        kjp = f" KJP: {iv.recognition.kjp}" if iv.recognition.kjp else ""
        rows.append(
            f"| [{iv.name}]({ctx.link('interventies/' + iv.id + '.md')}) | {iv.age.wording} "
            f"| {iv.recognition.text}{kjp} | {tables} |"
        )
    notes = [
        f"\\* Tabel {t.number}: «{ctx.data.as_shown(t.star_note.quote)}»"
        for t in ctx.guideline.tables
        if t.number in starred and t.star_note
    ]
    return Markup("\n".join(rows) + "\n" + "".join(f"\n{n}\n" for n in notes))


def intervention_page(ctx: PageContext, iv: Intervention) -> str:
    labels = {s.id: s.label for s in ctx.data.situations}
    ctx.publish(iv.id, "interventie", iv.full_name)
    # its own notes (placed here) and those of its rows and texts or naming it (repeated)
    own = notes(ctx, iv.id)
    anchors = {f"tabel-{r.table}-{iv.id}" for r in iv.tables} | {f"toelichting-{iv.id}"}
    others = [
        note_html(ctx, n)
        for n in ctx.data.source_notes
        if iv.id not in n.anchors and (anchors & set(n.anchors) or iv.id in n.interventions)
    ]
    template = ctx.env.get_template("intervention.md.j2")
    return template.render(
        iv=iv,
        chapter_page=ctx.chapter_page(iv.paragraph),
        tables={t.number: t for t in ctx.guideline.tables},
        conditions=_conditions(ctx, iv, labels),
        addressed=[labels[a.situation] for a in iv.addresses],
        notes="\n".join(filter(None, [own, *others])),
        recognition_note=ctx.guideline.recognition_note,
    )


def where_label(ctx: PageContext, anchor: str) -> str:
    """'tabel 3', 'paragraaf 5.3', 'kernaanbeveling 8': where a sentence stands (an anchor
    not published is named as it is; the build then fails on it, naming the field)."""
    target = ctx.links_by_id.get(anchor)
    if target is None:
        return anchor
    label = short_label(target).split(":")[0]
    return label[:1].lower() + label[1:]


def _where(ctx: PageContext, source: Source) -> str:
    """'[tabel 3](../hoofdstuk-5.md#tabel-3-theraplay)': where a sentence stands, linked."""
    label = where_label(ctx, source.anchor)
    page = ctx.anchor_pages.get(source.anchor)
    if page is None:
        return label
    return f"[{label}]({ctx.link(page + '#' + source.anchor)})"


def _conditions(ctx: PageContext, iv: Intervention, labels: Mapping[str, str]) -> list[str]:
    """The conditions of an intervention page, each saying whose it is: the row's groups
    ('Volgens tabel 2: ...'), the sentences naming it for more children and those naming
    it for fewer (issue 17: never 'Alleen voor' without a source)."""

    def lower(text: str) -> str:
        return text[:1].lower() + text[1:] if text[1:2].islower() else text

    # the groups of one row together: all of them are needed
    by_place: dict[str, list[Any]] = {}
    for r in iv.requires:
        by_place.setdefault(r.sources[0].anchor, []).append(r)
    out = [
        f"Volgens {_where(ctx, reqs[0].sources[0])}: "
        + ", en ".join(" of ".join(lower(labels[s]) for s in r.any_of) for r in reqs)
        + " ("
        + " … ".join(f"«{ctx.data.as_shown(r.sources[0].quote)}»" for r in reqs)
        + ")"
        for reqs in by_place.values()
    ]
    out += [
        f"Ook genoemd in {_where(ctx, st.sources[0])}: "
        f"«{ctx.data.as_shown(st.sources[0].quote)}»"
        for st in iv.wider
    ]
    out += [
        f"Een kleinere doelgroep in {_where(ctx, st.sources[0])}: "
        f"«{ctx.data.as_shown(st.sources[0].quote)}»"
        for st in iv.narrower
    ]
    return out
