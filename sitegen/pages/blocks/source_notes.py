"""Source notes (bronopmerkingen, data/source_notes.yml): beside the anchors they are about,
under a heading a page names, and all of them in one list.

`notes` is what every other block calls for the notes beside an anchor it renders; the
context records where each note stood, and `check_notes_shown` fails the build for a note
shown at none of its anchors. Template: source_notes.html.j2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen.data.models.source_notes import SourceNote
from sitegen.exceptions import BuildError

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

TEMPLATE = "source_notes.html.j2"


def note_html(ctx: PageContext, note: SourceNote) -> str:
    page = ctx.placed.get("source_notes")
    more = ctx.link(f"{page}#{note.id}") if page else None
    return str(ctx.template(TEMPLATE).source_note(note, ctx.data.as_shown(note.text), more))


def notes(ctx: PageContext, anchor: str) -> str:
    """The source notes shown beside `anchor` (data/source_notes.yml), as HTML; records
    that they were shown there."""
    out = []
    for note in ctx.notes_at.get(anchor, []):
        ctx.shown_notes.add((note.id, anchor))
        out.append(note_html(ctx, note))
    return "\n".join(out)


def source_note(ctx: PageContext, note_id: str) -> Markup:
    """{{ source_note("id") }}: a note placed by a content page under one of its anchors
    (a heading of that page)."""
    try:
        note = ctx.data.source_note(note_id)
    except StopIteration:
        raise BuildError(f"bronopmerking '{note_id}' staat niet in data/source_notes.yml") \
            from None
    text = (ctx.content_dir / ctx.current_page).read_text(encoding="utf-8")
    here = [a for a in note.anchors if "{#" + a + "}" in text]
    if not here:
        raise BuildError(
            f"bronopmerking '{note_id}' hoort bij {', '.join(note.anchors)}; geen daarvan is "
            "een kop van deze pagina"
        )
    ctx.shown_notes.update((note.id, a) for a in here)
    return Markup(note_html(ctx, note))


def source_notes(ctx: PageContext) -> Markup:
    """{{ source_notes() }}: every source note, with links to where it is shown."""
    items = []
    for note in ctx.data.source_notes:
        ctx.publish(note.id, "bronopmerking", f"Bronopmerking: {note.title}")
        places = [
            (ctx.links_by_id[a].title, ctx.link(f"{ctx.anchor_pages[a]}#{a}"))
            for a in note.anchors
            if a in ctx.anchor_pages
        ]
        items.append((note, ctx.data.as_shown(note.text), places))
    return Markup(ctx.template(TEMPLATE).source_notes_list(items))


def check_notes_shown(ctx: PageContext) -> None:
    missing = [
        f"data/source_notes.yml: item '{note.id}', veld 'anchors': staat niet bij "
        f"'{anchor}' (geen blok toont die id; onder een kop van een pagina: "
        f"{{{{ source_note(\"{note.id}\") }}}})"
        for note in ctx.data.source_notes
        for anchor in note.anchors
        if (note.id, anchor) not in ctx.shown_notes
    ]
    if missing:
        raise BuildError(missing)
