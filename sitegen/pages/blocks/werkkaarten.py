"""Werkkaarten: hand-outs of one A4 side (two at most), generated, never retyped.

data/guideline.yml (`werkkaarten`) lists the cards: a title, what the card shows (`content`)
and its source. Each becomes a page werkkaarten/<id>.md with the guideline's name and
revision, the card's own short link /r/werkkaart-<id>/ and, in print, the date of printing
(template werkkaart.md.j2; print layout in web/site/site.css). What a card shows comes from
the same data and content as the guideline pages:

    stappenplan        the steps of data/stappenplan.yml: what, who, which instruments (and
                       the site's tool for an instrument that has one)
    interventies       tables 1-3 of data/interventions.yml in short (name, target group and
                       recognition in the source's words), an index by situation, and the
                       approaches the guideline calls harmful
    kernaanbevelingen  the kernaanbevelingen
    secties            sections of content pages, heading and text as they stand there (the
                       parents' card takes them from the parents' version)

Footnote references keep their footnotes: the definitions are taken from the page that
defines them (content/ labels footnotes with the source's numbers, so a label is one note).

`werkkaart` renders the page of one card, after every content page (whose text and anchors
it uses); templates werkkaart.md.j2 (the page) and werkkaarten.html.j2 (the bodies).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitegen.data.loading import GuidelineData
from sitegen.data.models.base import ListItem
from sitegen.data.models.guideline import Werkkaart
from sitegen.data.models.instruments import Instrument
from sitegen.data.models.stappenplan import Stappenplan
from sitegen.exceptions import BuildError
from sitegen.links import (
    content_link,
    page_url,
    plain_text,
    relative_url,
    werkkaart_anchor,
    werkkaart_page,
)
from sitegen.pages.blocks.interventions import interventions_in_table, where_label

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(\{[^}]*\})?\s*$", re.MULTILINE)
# Inline Markdown links with a relative target: '[tekst](welke-hulp.md#x)', '[x](#y)'
RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/)([^)\s]+)\)")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?: {4}|\t).*)*)", re.MULTILINE)


@dataclass(frozen=True)
class Section:
    markdown: str  # heading (level 2) and text, links rebased to the card's page
    page_title: str  # the page it comes from
    href: str  # link to the section on its page


def section_markdown(markdown: str, anchor: str) -> str | None:
    """The section of a page that starts at the heading with id `anchor`, up to the next
    heading of the same or a higher level; None if the page has no such heading."""
    headings = list(HEADING.finditer(markdown))
    for i, match in enumerate(headings):
        if match.group(3) and f"#{anchor}" in match.group(3).strip("{}").split():
            level = len(match.group(1))
            end = next(
                (h.start() for h in headings[i + 1 :] if len(h.group(1)) <= level),
                len(markdown),
            )
            return markdown[match.start() : end].rstrip() + "\n"
    return None


def rebase_section(section: str, from_page: str, to_page: str) -> str:
    """A section moved to another page: relative links still reach their target, headings
    start at level 2 and lose their ids (the section's anchor stays on its own page)."""

    def rebase(match: re.Match[str]) -> str:
        target = match.group(1)
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path))
        full = (from_page if not path else resolved) + (f"#{anchor}" if anchor else "")
        return f"]({content_link(to_page, full)})"

    text = RELATIVE_LINK.sub(rebase, section)
    levels = [len(h.group(1)) for h in HEADING.finditer(text)]
    shift = 2 - min(levels) if levels else 0

    def heading(match: re.Match[str]) -> str:
        return "#" * (len(match.group(1)) + shift) + " " + match.group(2)

    return HEADING.sub(heading, text)


def footnote_definitions(pages: Mapping[str, str]) -> dict[str, str]:
    """Footnote label -> its definition (Markdown), from every rendered page."""
    found: dict[str, str] = {}
    for markdown in pages.values():
        for label, text in FOOTNOTE_DEF.findall(markdown):
            found.setdefault(label, text)
    return found


def footnotes_for(body: str, definitions: Mapping[str, str], card: Werkkaart) -> str:
    """The definitions of the footnotes a card's body refers to, as Markdown."""
    out = []
    for label in dict.fromkeys(FOOTNOTE_REF.findall(body)):
        if label not in definitions:
            raise BuildError(
                f"data/guideline.yml: werkkaart '{card.id}', veld 'content': voetnoot "
                f"[^{label}] staat op geen enkele pagina"
            )
        out.append(f"[^{label}]: {definitions[label]}")
    return "\n".join(out) + "\n" if out else ""


@dataclass(frozen=True)
class Listed:
    """An intervention under a situation on the interventions card: its age in the source's
    words and what the situation is for it in the Interventiewijzer."""

    name: str
    wording: str
    role: str  # 'voorwaarde', 'apart (paragraaf 5.3)', or '' (the source also names it)


def situation_index(
    data: GuidelineData, where: Callable[[str], str] | None = None
) -> list[tuple[Any, list[Listed]]]:
    """Each situation with the interventions meant for it, in the order of the data: a
    condition of the row (`requires`: recommended only with it), a situation another sentence
    names it for (`wider`: set apart, `where` names that sentence's place), or one the source
    also names it for."""
    index = []
    for situation in data.situations:
        listed = []
        for iv in data.interventions:
            if situation.id not in iv.situations:
                continue
            role = ""
            if any(situation.id in r.any_of for r in iv.requires):
                role = "voorwaarde"
            else:
                wide = next((st for st in iv.wider if situation.id in st.any_of), None)
                if wide is not None:
                    anchor = wide.sources[0].anchor
                    role = f"apart ({where(anchor) if where else anchor})"
            listed.append(Listed(iv.name, iv.age.wording, role))
        if listed:
            index.append((situation, listed))
    return index


def step_instruments(
    data: GuidelineData, link: Callable[[str], str]
) -> dict[int, list[dict[str, Any]]]:
    """Per step number: the instruments its parts use, with this site's tool where there is
    one (the LSVG's place in the stappenplan)."""
    plan = data.stappenplan
    assert plan is not None
    by_id: dict[str, Instrument] = {i.id: i for i in data.instruments}
    out: dict[int, list[dict[str, Any]]] = {}
    for step in plan.steps:
        ids = dict.fromkeys(i for part in step.parts for i in part.instruments)
        out[step.number] = [
            {
                "name": by_id[i].name,
                "tool": by_id[i].tool,
                "tool_url": page_url(by_id[i].tool) if by_id[i].tool else "",
                "tool_href": link(by_id[i].tool) if by_id[i].tool else "",
            }
            for i in ids
        ]
    return out


def card_parts(plan: Stappenplan, page: str, card_page: str) -> dict[int, list[dict[str, Any]]]:
    """Per step number: the parts marked `on_card` (the outcomes of the screening, the
    referral), their links rebased from the page that places the stappenplan to the card."""

    def item(entry: ListItem) -> dict[str, Any]:
        return {
            "text": rebase_section(entry.text, page, card_page),
            "items": [item(sub) for sub in entry.items],
            "style": entry.style,
        }

    return {
        step.number: [
            {
                "label": part.label,
                "text": rebase_section(part.text, page, card_page),
                "items": [item(entry) for entry in part.items],
            }
            for part in step.parts
            if part.on_card
        ]
        for step in plan.steps
    }


def sections(
    card: Werkkaart,
    rendered: Mapping[str, str],
    page_titles: Mapping[str, str],
    card_page: str,
) -> list[Section]:
    out = []
    for ref in card.sections:
        page, _, anchor = ref.partition("#")
        where = f"data/guideline.yml: werkkaart '{card.id}', veld 'sections'"
        if page not in rendered:
            raise BuildError(f"{where}: content/{page} bestaat niet")
        found = section_markdown(rendered[page], anchor)
        if found is None:
            raise BuildError(f"{where}: content/{page} heeft geen kop met id '{anchor}'")
        out.append(
            Section(
                rebase_section(found, page, card_page),
                page_titles.get(page_url(page), plain_text(page)),
                content_link(card_page, ref),
            )
        )
    return out


# --- the page of a card -----------------------------------------------------------------


def _source_label(ctx: PageContext, card: Werkkaart) -> str:
    """'hoofdstuk 4, 4.4 Stappenplan ...' for a card's source (page and anchor)."""
    page, _, anchor = card.source.partition("#")
    title = ctx.page_titles.get(page_url(page))
    if title is None:
        raise BuildError(
            f"data/guideline.yml: werkkaart '{card.id}', veld 'source': {page} bestaat niet"
        )
    if not anchor:
        return title
    target = next((t for t in ctx.links if t.id == anchor), None)
    if target is None or target.url.partition("#")[0] != page_url(page):
        raise BuildError(
            f"data/guideline.yml: werkkaart '{card.id}', veld 'source': {page} heeft "
            f"geen anker '{anchor}'"
        )
    return f"{ctx.short_names.get(page, title)}, {target.title}"


def _card_body(ctx: PageContext, card: Werkkaart) -> dict[str, Any]:
    if card.content == "stappenplan":
        plan = ctx.require(ctx.data.stappenplan, "stappenplan.yml")
        where = ctx.placed["stappenplan"]
        return {
            "plan": plan,
            "parts": card_parts(plan, where, ctx.current_page),
            "instruments": step_instruments(ctx.data, ctx.link),
            "step_urls": {s.number: page_url(where) + f"#{s.id}" for s in plan.steps},
            "step_hrefs": {s.number: ctx.link(f"{where}#{s.id}") for s in plan.steps},
        }
    if card.content == "interventies":
        return {
            "tables": [
                (table, interventions_in_table(ctx, table.number))
                for table in ctx.guideline.tables
            ],
            "situations": situation_index(ctx.data, lambda anchor: where_label(ctx, anchor)),
            "harmful": ctx.data.harmful_approaches,
        }
    if card.content == "kernaanbevelingen":
        return {"statements": ctx.data.kernaanbevelingen}
    return {
        "sections": sections(
            card, ctx.rendered, ctx.page_titles, ctx.current_page
        )
    }


def werkkaart(ctx: PageContext, card: Werkkaart) -> str:
    """The page of one werkkaart (rendered after every content page, whose text and
    anchors it uses)."""
    ctx.current_page = werkkaart_page(card.id)
    anchor = werkkaart_anchor(card.id)
    source_label = _source_label(ctx, card)
    ctx.publish(anchor, "werkkaart", card.title)
    if card.content == "stappenplan" and "stappenplan" not in ctx.placed:
        raise BuildError(
            f"data/guideline.yml: werkkaart '{card.id}', veld 'content': geen pagina "
            "plaatst het stappenplan"
        )
    body = _card_body(ctx, card)
    template = ctx.env.get_template("werkkaart.md.j2")
    values = {
        "card": card,
        "anchor": anchor,
        "guideline": ctx.guideline,
        "source_label": source_label,
        "source_href": ctx.link(card.source),
        "short_link": f"/r/{anchor}/",
        # short links are written after MkDocs runs: a raw link, relative to the page
        "short_href": relative_url(page_url(ctx.current_page), f"/r/{anchor}/"),
        "body": body,
        "footnotes": "",
    }
    page = template.render(values)
    notes = footnotes_for(page, footnote_definitions(ctx.rendered), card)
    if notes:
        page = template.render({**values, "footnotes": notes})
    return page + ctx.abbreviations(page)
