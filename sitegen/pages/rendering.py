"""Render content/ (Markdown + Jinja) and data-driven pages into a docs folder for MkDocs.

A content page places each data-driven block with one call (`{{ recommendations("1.9") }}`).
Every anchor a block publishes is recorded as a `LinkTarget`; together they become
`links.json`, the contract trainers link against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup
from mkdocs.utils import meta as mkdocs_meta
from pydantic import ValidationError

from sitegen import tools
from sitegen.data import content_files
from sitegen.data.loading import (
    GuidelineData,
    check_anchors,
    field_and_message,
    parse_yaml,
    read_utf8,
)
from sitegen.data.models import (
    AUDIENCE_LABELS,
    Chapter,
    Conclusion,
    Fact,
    FrontMatter,
    Intervention,
    PageLink,
    Recommendation,
    Source,
    SourceNote,
    Werkkaart,
)
from sitegen.exceptions import BuildError
from sitegen.links import (
    HEADING_ID,
    LinkTarget,
    content_link,
    page_url,
    plain_text,
    relative_url,
    short_label,
    short_title,
    werkkaart_anchor,
    werkkaart_page,
)
from sitegen.markdown_extensions.abbr import terms_pattern
from sitegen.pages.blocks import client_version, werkkaarten
from sitegen.pages.templating import TEMPLATES, template_environment
from sitegen.publish import headers, print_page, site_dir
from sitegen.publish.redirects import short_link
from sitegen.renderer.site_config import nav_pages, print_page_url
from sitegen.tools.context import ToolContext
from sitegen.tools.finder import links_help as finder_links_help
from sitegen.tools.finder import recognition_levels

# Headings with an explicit id, e.g. "## 1.2 Wat is een richtlijn? {#par-1-2}"
# Fenced or indented code never occurs in content; a heading inside an admonition is indented.

WEB_SITE_ASSETS = tools.WEB / "site"  # scripts and styles of every page -> docs/assets/
# The sections of the LSVG block ({{ lsvg() }}): their ids are published, sources cite them.
LSVG_SECTIONS = (
    ("lsvg-instructie", "instructie"),
    ("lsvg-items", "de acht gedragingen"),
    ("lsvg-toelichting", "toelichting"),
    ("lsvg-afname", "hoe af te nemen"),
    ("lsvg-normering", "voorlopige normering"),
    ("lsvg-training", "training"),
    ("lsvg-aandachtspunten", "aandachtspunten"),
    ("lsvg-vervolgstappen", "mogelijke vervolgstappen"),
)
# Blocks that need every anchor of the guideline pages: the pages placing them come last.
LATE_BLOCKS = ("source_notes", "colophon")
INTERVENTION_FOLDER = "interventies"  # one generated page per intervention
# How a line that is this site's own, not the guideline's, says so where it stands.
SITE_ADDITION = "toegevoegd in deze webversie"


class Renderer:
    """Renders one site: content pages plus generated pages, collecting link targets."""

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
        # abbreviations: per page only the terms that occur on it (one pass over the page)
        self.meanings = {g.term: g.meaning for g in data.glossary}
        self.terms = terms_pattern(self.meanings)
        blocks = {
            "kernaanbevelingen": self.kernaanbevelingen,
            "conclusions": self.conclusions,
            "recommendations": self.recommendations,
            "intervention_table": self.intervention_table,
            "intervention_texts": self.intervention_texts,
            "harmful_approaches": self.harmful_approaches,
            "instruments": self.instruments,
            "stappenplan": self.stappenplan,
            "balansmodel": self.balansmodel,
            "lsvg": self.lsvg,
            "glossary": self.glossary,
            "corrections": self.corrections,
            "all_recommendations": self.all_recommendations,
            "interventions_overview": self.interventions_overview,
            "recognition_levels": lambda: recognition_levels(data),
            "source_note": self.source_note,
            "source_notes": self.source_notes,
            "tasks": self.tasks,
            "kernaanbevelingen_list": self.kernaanbevelingen_list,
            "colophon": self.colophon,
        }
        for name, render_tool in tools.blocks(data).items():
            blocks[name] = self._tool_block(name, render_tool)
        self.env.globals["link"] = self.link
        self.env.globals["as_shown"] = data.as_shown  # a quote with the listed corrections
        self.env.globals.update(blocks)
        self.blocks = self.env.get_template("blocks.html.j2").module
        self.macros = self.env.get_template("macros.html.j2").module

    # --- bookkeeping ------------------------------------------------------------------

    def link(self, target: str) -> str:
        """Relative link from the page being rendered to another content path."""
        return content_link(self.current_page, target)

    def _tool_block(self, name: str, render_tool: Any) -> Any:
        def call() -> Markup:
            ctx = ToolContext(
                self.env, self.current_page, self.asset_version, self.placed, self.short_names,
                self.links_by_id, self.anchor_pages,
            )
            out = Markup(render_tool(ctx))
            self.tool_output.append(str(out))
            return out

        return call

    def _publish(self, anchor: str, kind: str, title: str) -> str:
        """Record a link target on the current page; returns its title (used for citations)."""
        self.links.append(
            LinkTarget(anchor, kind, title, page_url(self.current_page) + "#" + anchor)
        )
        self.anchor_pages.setdefault(anchor, self.current_page)
        return title

    # --- source notes (bronopmerkingen) -----------------------------------------------

    def _note_html(self, note: SourceNote) -> str:
        page = self.placed.get("source_notes")
        more = self.link(f"{page}#{note.id}") if page else None
        return str(self.blocks.source_note(note, self.data.as_shown(note.text), more))

    def notes(self, anchor: str) -> str:
        """The source notes shown beside `anchor` (data/source_notes.yml), as HTML; records
        that they were shown there."""
        out = []
        for note in self.notes_at.get(anchor, []):
            self.shown_notes.add((note.id, anchor))
            out.append(self._note_html(note))
        return "\n".join(out)

    def source_note(self, note_id: str) -> Markup:
        """{{ source_note("id") }}: a note placed by a content page under one of its anchors
        (a heading of that page)."""
        try:
            note = self.data.source_note(note_id)
        except StopIteration:
            raise BuildError(f"bronopmerking '{note_id}' staat niet in data/source_notes.yml") \
                from None
        text = (self.content_dir / self.current_page).read_text(encoding="utf-8")
        here = [a for a in note.anchors if "{#" + a + "}" in text]
        if not here:
            raise BuildError(
                f"bronopmerking '{note_id}' hoort bij {', '.join(note.anchors)}; geen daarvan is "
                "een kop van deze pagina"
            )
        self.shown_notes.update((note.id, a) for a in here)
        return Markup(self._note_html(note))

    def source_notes(self) -> Markup:
        """{{ source_notes() }}: every source note, with links to where it is shown."""
        items = []
        for note in self.data.source_notes:
            self._publish(note.id, "bronopmerking", f"Bronopmerking: {note.title}")
            places = [
                (self.links_by_id[a].title, self.link(f"{self.anchor_pages[a]}#{a}"))
                for a in note.anchors
                if a in self.anchor_pages
            ]
            items.append((note, self.data.as_shown(note.text), places))
        return Markup(self.blocks.source_notes_list(items))

    @property
    def links_by_id(self) -> dict[str, LinkTarget]:
        return {t.id: t for t in self.links}

    def check_notes_shown(self) -> None:
        missing = [
            f"data/source_notes.yml: item '{note.id}', veld 'anchors': staat niet bij "
            f"'{anchor}' (geen blok toont die id; onder een kop van een pagina: "
            f"{{{{ source_note(\"{note.id}\") }}}})"
            for note in self.data.source_notes
            for anchor in note.anchors
            if (note.id, anchor) not in self.shown_notes
        ]
        if missing:
            raise BuildError(missing)

    def _chapter_page(self, paragraph: str) -> str:
        try:
            return self.guideline.chapter(paragraph).page
        except KeyError:
            raise BuildError(
                f"paragraaf {paragraph} hoort bij geen hoofdstuk van data/guideline.yml"
            ) from None

    # --- statements -------------------------------------------------------------------

    def _audience(self, rec: Recommendation) -> str:
        """'Voor: ...': the group the source gives it under (4.5), or this web version's own
        reading, which says so where it stands."""
        own = "" if rec.group else f" ({SITE_ADDITION})"
        return "Voor: " + ", ".join(AUDIENCE_LABELS[a] for a in rec.audience) + own

    def _rec_label(self, rec: Recommendation) -> str:
        group = f" ({self.guideline.groups.get(rec.group, rec.group)})" if rec.group else ""
        return f"Aanbeveling {rec.paragraph}.{rec.number}{group}"

    def _rec_href(self, rec: Recommendation) -> str:
        return self.link(f"{self._chapter_page(rec.paragraph)}#{rec.id}")

    def recommendations(self, paragraph: str, group: str | None = None) -> Markup:
        recs = [
            r
            for r in self.data.recommendations
            if r.paragraph == paragraph and (group is None or r.group == group)
        ]
        if not recs:
            raise BuildError(f"geen aanbevelingen voor paragraaf {paragraph}, groep {group}")
        out = []
        for rec in recs:
            label = self._rec_label(rec)
            title = self._publish(rec.id, "aanbeveling", f"{label}: {short_title(rec.text)}")
            out.append(
                self.macros.statement(
                    rec,
                    "aanbeveling",
                    label,
                    f"#{rec.id}",
                    rec.id,
                    self._audience(rec),
                    # one block per line: md_in_html needs each <div> to start a line
                    self._kern_backlinks(rec) + "\n" + self.notes(rec.id),
                    cite=title,
                )
            )
        return Markup("\n\n".join(out) + "\n")

    def _kern_backlinks(self, rec: Recommendation) -> str:
        kerns = [k for k in self.data.kernaanbevelingen if rec.id in k.sources]
        if not kerns:
            return ""
        refs = ", ".join(
            f"[kernaanbeveling {k.number}]({self.link('kernaanbevelingen.md#' + k.id)})"
            for k in kerns
        )
        return f'<p class="statement__related" markdown="span">Samengevat in {refs}.</p>'

    def conclusions(self, paragraph: str) -> Markup:
        items: list[Conclusion] = [c for c in self.data.conclusions if c.paragraph == paragraph]
        if not items:
            raise BuildError(f"geen conclusies voor paragraaf {paragraph}")
        out = []
        for c in items:
            label = f"Conclusie {c.paragraph}.{c.number}"
            title = self._publish(c.id, "conclusie", f"{label}: {short_title(c.text)}")
            out.append(
                self.macros.statement(
                    c, "conclusie", label, f"#{c.id}", c.id, extra=self.notes(c.id), cite=title
                )
            )
        return Markup("\n\n".join(out) + "\n")

    def kernaanbevelingen(self) -> Markup:
        out = []
        for k in self.data.kernaanbevelingen:
            label = f"Kernaanbeveling {k.number}"
            title = self._publish(k.id, "kernaanbeveling", f"{label}: {short_title(k.text)}")
            sources = ", ".join(
                f"[{self._rec_label(self.data.recommendation(s))}]"
                f"({self._rec_href(self.data.recommendation(s))})"
                for s in k.sources
            )
            extra = (
                f'<p class="statement__related" markdown="span">Uit de richtlijn '
                f"({SITE_ADDITION}): {sources}</p>"
            )
            out.append(
                self.macros.statement(
                    k, "kernaanbeveling", label, f"#{k.id}", k.id, "",
                    extra + "\n" + self.notes(k.id), cite=title,
                )
            )
        return Markup("\n\n".join(out) + "\n")

    def all_recommendations(self) -> Markup:
        """Overview page: every recommendation by chapter, linking to its canonical anchor."""
        out: list[str] = []
        for chapter in self.guideline.chapters:
            recs = [
                r for r in self.data.recommendations
                if self.guideline.chapter(r.paragraph) == chapter
            ]
            if not recs:
                continue
            out.append(f"## {chapter.label} {{#overzicht-hoofdstuk-{chapter.number}}}\n")
            for rec in recs:
                out.append(
                    self.macros.statement(
                        rec,
                        "aanbeveling",
                        self._rec_label(rec),
                        self._rec_href(rec),
                        None,
                        self._audience(rec),
                    )
                )
        return Markup("\n\n".join(out) + "\n")

    # --- the home page, the chapters' openings, the colofon ------------------------------

    def known_pages(self) -> set[str]:
        """Content paths of every page of the site: content/ and the generated pages."""
        pages = {p.relative_to(self.content_dir).as_posix() for p in self.content_dir.rglob("*.md")}
        pages |= {f"{INTERVENTION_FOLDER}/{iv.id}.md" for iv in self.data.interventions}
        pages |= {werkkaart_page(w.id) for w in self.guideline.werkkaarten}
        return pages | {"links.md"}

    def page_link(self, link: PageLink, where: str) -> dict[str, Any]:
        """A PageLink as the templates show it: text, href, and whether the href is a raw URL
        (the whole guideline in print is made by MkDocs, so no Markdown link can name it)."""
        if link.print:
            url = print_page_url()
            if url is None:
                raise BuildError(f"data/guideline.yml: {where}, veld 'print': de site heeft "
                                 "geen printpagina (plugin print-site in mkdocs.yml)")
            href, raw = relative_url(page_url(self.current_page), url), True
        else:
            assert link.page is not None
            if link.page.partition("#")[0] not in self.known_pages():
                raise BuildError(f"data/guideline.yml: {where}, veld 'page': "
                                 f"{link.page.partition('#')[0]} is geen pagina van de site")
            href, raw = self.link(link.page), False
        return {"text": link.text, "href": href, "raw": raw, "description": link.description}

    def tasks(self) -> Markup:
        """{{ tasks() }}: the home page's tasks (guideline.yml, home.tasks), each a card."""
        tasks = self.guideline.home.tasks
        if not tasks:
            raise BuildError("{{ tasks() }}: data/guideline.yml heeft geen home.tasks")
        cards = [
            (task, [self.page_link(link, f"home.tasks.{n}.links.{k}")
                    for k, link in enumerate(task.links)])
            for n, task in enumerate(tasks)
        ]
        return Markup(self.blocks.tasks(cards))

    def kernaanbevelingen_list(self) -> Markup:
        """{{ kernaanbevelingen_list() }}: each kernaanbeveling's first words, linked to it."""
        page = self.placed.get("kernaanbevelingen")
        if page is None or not self.data.kernaanbevelingen:
            raise BuildError("{{ kernaanbevelingen_list() }}: geen pagina plaatst "
                             "{{ kernaanbevelingen() }}")
        items = [
            (k, short_title(k.text, 14), self.link(f"{page}#{k.id}"))
            for k in self.data.kernaanbevelingen
        ]
        return Markup(self.blocks.kernaanbevelingen_list(items))

    def chapter_opening(self, chapter: Chapter) -> str:
        """What a chapter opens with: its `opens_with` links and the box 'Aanbevelingen in
        dit hoofdstuk' (number, first words, audience, link), from the data."""
        links = [self.page_link(link, f"chapters.{chapter.number - 1}.opens_with.{k}")
                 for k, link in enumerate(chapter.opens_with)]
        recs = [
            {
                "label": self._rec_label(r).removeprefix("Aanbeveling "),
                "words": short_title(r.text, 10),
                "audience": ", ".join(AUDIENCE_LABELS[a] for a in r.audience),
                "href": f"#{r.id}",
            }
            for r in self.data.recommendations
            if self.guideline.chapter(r.paragraph) == chapter
        ]
        if not links and not recs:
            return ""
        return str(self.blocks.chapter_opening(links, recs))

    def _fact_sources(self, fact: Fact) -> list[tuple[str, str]]:
        out = []
        for source in fact.sources:
            target = self.links_by_id.get(source.anchor)
            page = self.anchor_pages.get(source.anchor)
            if target is None or page is None:
                raise BuildError(f"data/guideline.yml: colophon, bron '{source.anchor}' is geen "
                                 "anker van de site")
            title = self.page_titles.get(page_url(page), "")
            label = f"{title}, {short_label(target)}" if title != target.title else title
            entry = (label, self.link(f"{page}#{source.anchor}"))
            if entry not in out:  # two quotes of one section: one link
                out.append(entry)
        return out

    def colophon(self) -> Markup:
        """{{ colophon() }}: who wrote and publishes the guideline, the official source, who
        made this web version and how to report an error (guideline.yml, colophon)."""
        c = self.guideline.colophon
        if c is None:
            raise BuildError("{{ colophon() }}: data/guideline.yml heeft geen colophon")
        if c.page != self.current_page:
            raise BuildError(f"{{{{ colophon() }}}} staat op {self.current_page}, maar "
                             f"data/guideline.yml (colophon.page) noemt {c.page}")

        def fact(f: Fact) -> dict[str, Any]:
            return {"text": self.data.as_shown(f.text), "sources": self._fact_sources(f)}

        about = self.placed.get("corrections")
        printed = print_page_url()
        return Markup(self.blocks.colophon(
            guideline=self.guideline,
            authors=[fact(f) for f in c.authors],
            publisher=fact(c.publisher),
            official={**fact(c.official), "url": c.official.url, "link_text": c.official.link_text},
            web_version=[fact(f) for f in c.web_version],
            report_errors=fact(c.report_errors),
            about=self.link(about) if about else None,
            printed=relative_url(page_url(self.current_page), printed) if printed else None,
        ))

    # --- interventions ----------------------------------------------------------------

    def _interventions_in_table(self, number: int) -> list[tuple[Intervention, Any]]:
        """The rows of a table in the source's order (`row`), not in the order of the file."""
        rows = [
            (iv, row) for iv in self.data.interventions for row in iv.tables if row.table == number
        ]
        return sorted(rows, key=lambda pair: pair[1].row)

    def intervention_table(self, number: int) -> Markup:
        try:
            table = self.guideline.table(number)
        except KeyError:
            raise BuildError(f"tabel {number} staat niet in data/guideline.yml (tables)") from None
        rows = self._interventions_in_table(number)
        if not rows:
            raise BuildError(f"tabel {number} heeft geen interventies")
        self._publish(f"tabel-{number}", "tabel", table.label)
        for iv, _row in rows:
            self._publish(f"tabel-{number}-{iv.id}", "tabelrij", f"Tabel {number}: {iv.name}")
        return Markup(self.blocks.intervention_table(table, rows, self.notes))

    def intervention_texts(self, paragraph: str) -> Markup:
        ivs = [
            iv
            for iv in self.data.interventions
            if iv.paragraph == paragraph and (iv.summary or iv.toelichting)
        ]
        out = []
        for iv in ivs:
            self._publish(f"toelichting-{iv.id}", "toelichting", f"Toelichting: {iv.name}")
            out.append(self.blocks.intervention_text(iv, self.notes(f"toelichting-{iv.id}")))
        return Markup("\n\n".join(out) + "\n")

    def harmful_approaches(self) -> Markup:
        return Markup(self.blocks.harmful(self.data.harmful_approaches))

    def interventions_overview(self) -> Markup:
        """The table of all interventions: age and recognition (DEJ and KJP) in the source's
        words, and its tables with the '*' of a row and what the source says it means."""
        rows = ["| Interventie | Leeftijd | Erkenning | Tabel |", "| --- | --- | --- | --- |"]
        starred: set[int] = set()
        for iv in self.data.interventions:
            tables = ", ".join(str(r.table) + ("\\*" if r.star else "") for r in iv.tables)
            starred |= {r.table for r in iv.tables if r.star}
            kjp = f" KJP: {iv.recognition.kjp}" if iv.recognition.kjp else ""
            rows.append(
                f"| [{iv.name}]({self.link('interventies/' + iv.id + '.md')}) | {iv.age.wording} "
                f"| {iv.recognition.text}{kjp} | {tables} |"
            )
        notes = [
            f"\\* Tabel {t.number}: «{self.data.as_shown(t.star_note.quote)}»"
            for t in self.guideline.tables
            if t.number in starred and t.star_note
        ]
        return Markup("\n".join(rows) + "\n" + "".join(f"\n{n}\n" for n in notes))

    def intervention_page(self, iv: Intervention) -> str:
        labels = {s.id: s.label for s in self.data.situations}
        self._publish(iv.id, "interventie", iv.full_name)
        # its own notes (placed here) and those of its rows and texts or naming it (repeated)
        own = self.notes(iv.id)
        anchors = {f"tabel-{r.table}-{iv.id}" for r in iv.tables} | {f"toelichting-{iv.id}"}
        others = [
            self._note_html(n)
            for n in self.data.source_notes
            if iv.id not in n.anchors and (anchors & set(n.anchors) or iv.id in n.interventions)
        ]
        template = self.env.get_template("intervention.md.j2")
        return template.render(
            iv=iv,
            chapter_page=self._chapter_page(iv.paragraph),
            tables={t.number: t for t in self.guideline.tables},
            conditions=self._conditions(iv, labels),
            addressed=[labels[a.situation] for a in iv.addresses],
            notes="\n".join(filter(None, [own, *others])),
            recognition_note=self.guideline.recognition_note,
        )

    def _where_label(self, anchor: str) -> str:
        """'tabel 3', 'paragraaf 5.3', 'kernaanbeveling 8': where a sentence stands (an anchor
        not published is named as it is; the build then fails on it, naming the field)."""
        target = self.links_by_id.get(anchor)
        if target is None:
            return anchor
        label = short_label(target).split(":")[0]
        return label[:1].lower() + label[1:]

    def _where(self, source: Source) -> str:
        """'[tabel 3](../hoofdstuk-5.md#tabel-3-theraplay)': where a sentence stands, linked."""
        label = self._where_label(source.anchor)
        page = self.anchor_pages.get(source.anchor)
        if page is None:
            return label
        return f"[{label}]({self.link(page + '#' + source.anchor)})"

    def _conditions(self, iv: Intervention, labels: Mapping[str, str]) -> list[str]:
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
            f"Volgens {self._where(reqs[0].sources[0])}: "
            + ", en ".join(" of ".join(lower(labels[s]) for s in r.any_of) for r in reqs)
            + " ("
            + " … ".join(f"«{self.data.as_shown(r.sources[0].quote)}»" for r in reqs)
            + ")"
            for reqs in by_place.values()
        ]
        out += [
            f"Ook genoemd in {self._where(st.sources[0])}: "
            f"«{self.data.as_shown(st.sources[0].quote)}»"
            for st in iv.wider
        ]
        out += [
            f"Een kleinere doelgroep in {self._where(st.sources[0])}: "
            f"«{self.data.as_shown(st.sources[0].quote)}»"
            for st in iv.narrower
        ]
        return out

    # --- instruments, stappenplan, appendices -----------------------------------------

    def _steps_link(self, steps: Iterable[int]) -> str:
        page = self.placed.get("stappenplan")
        if page is None:  # no page places {{ stappenplan() }}
            return "stappenplan: " + ", ".join(f"stap {n}" for n in steps)
        parts = [f"[stap {n}]({self.link(f'{page}#stap-{n}')})" for n in steps]
        return "stappenplan: " + ", ".join(parts)

    def instruments(self, paragraph: str, use: str | None = None) -> Markup:
        chosen = [
            i
            for i in self.data.instruments
            if i.paragraph == paragraph and (use is None or i.use == use)
        ]
        out = []
        for ins in chosen:
            self._publish(ins.id, "instrument", f"{ins.name}: {ins.full_name}")
            out.append(self.blocks.instrument(ins, self._steps_link, self.notes(ins.id)))
        return Markup("\n\n".join(out) + "\n")

    def stappenplan(self) -> Markup:
        plan = self._require(self.data.stappenplan, "stappenplan.yml")
        for step in plan.steps:
            self._publish(step.id, "stap", f"Stap {step.number}: {short_title(step.title)}")
        names = {i.id: i.name for i in self.data.instruments}
        with_tool = {i.id: i for i in self.data.instruments if i.tool}
        return Markup(self.blocks.stappenplan(plan, names, with_tool))

    def balansmodel(self) -> Markup:
        return Markup(
            self.blocks.balansmodel(self._require(self.data.balansmodel, "balansmodel.yml"))
        )

    def lsvg(self) -> Markup:
        lsvg = self._require(self.data.lsvg, "lsvg.yml")
        for anchor, title in LSVG_SECTIONS:
            self._publish(anchor, "paragraaf", f"{lsvg.title}: {title}")
        for item in lsvg.items:
            self._publish(item.id, "lsvg-item", f"LSVG item {item.number}: {item.title}")
        tool = self.guideline.tools.lsvg
        return Markup(self.blocks.lsvg(lsvg, tool.page if tool else None, self.notes))

    def glossary(self) -> Markup:
        entries = sorted(self.data.glossary, key=lambda e: e.term.lower())
        return Markup(self.blocks.glossary(entries))

    def corrections(self) -> Markup:
        return Markup(self.blocks.corrections(self.data.corrections))

    @staticmethod
    def _require(value: Any, name: str) -> Any:
        if value is None:
            raise BuildError(f"data/{name} ontbreekt")
        return value

    def _remember_title(self, markdown: str) -> str | None:
        match = re.search(r"^# (.+?)(\s*\{[^}]*\})?\s*$", markdown, re.MULTILINE)
        if not match:
            return None
        title = plain_text(match.group(1))
        self.page_titles[page_url(self.current_page)] = title
        return title

    # --- werkkaarten (sitegen/werkkaarten.py) -----------------------------------------

    def _source_label(self, card: Werkkaart) -> str:
        """'hoofdstuk 4, 4.4 Stappenplan ...' for a card's source (page and anchor)."""
        page, _, anchor = card.source.partition("#")
        title = self.page_titles.get(page_url(page))
        if title is None:
            raise BuildError(
                f"data/guideline.yml: werkkaart '{card.id}', veld 'source': {page} bestaat niet"
            )
        if not anchor:
            return title
        target = next((t for t in self.links if t.id == anchor), None)
        if target is None or target.url.partition("#")[0] != page_url(page):
            raise BuildError(
                f"data/guideline.yml: werkkaart '{card.id}', veld 'source': {page} heeft "
                f"geen anker '{anchor}'"
            )
        return f"{self.short_names.get(page, title)}, {target.title}"

    def _card_body(self, card: Werkkaart) -> dict[str, Any]:
        if card.content == "stappenplan":
            plan = self._require(self.data.stappenplan, "stappenplan.yml")
            where = self.placed["stappenplan"]
            return {
                "plan": plan,
                "parts": werkkaarten.card_parts(plan, where, self.current_page),
                "instruments": werkkaarten.step_instruments(self.data, self.link),
                "step_urls": {s.number: page_url(where) + f"#{s.id}" for s in plan.steps},
                "step_hrefs": {s.number: self.link(f"{where}#{s.id}") for s in plan.steps},
            }
        if card.content == "interventies":
            return {
                "tables": [
                    (table, self._interventions_in_table(table.number))
                    for table in self.guideline.tables
                ],
                "situations": werkkaarten.situation_index(self.data, self._where_label),
                "harmful": self.data.harmful_approaches,
            }
        if card.content == "kernaanbevelingen":
            return {"statements": self.data.kernaanbevelingen}
        return {
            "sections": werkkaarten.sections(
                card, self.rendered, self.page_titles, self.current_page
            )
        }

    def werkkaart(self, card: Werkkaart) -> str:
        """The page of one werkkaart (rendered after every content page, whose text and
        anchors it uses)."""
        self.current_page = werkkaart_page(card.id)
        anchor = werkkaart_anchor(card.id)
        source_label = self._source_label(card)
        self._publish(anchor, "werkkaart", card.title)
        if card.content == "stappenplan" and "stappenplan" not in self.placed:
            raise BuildError(
                f"data/guideline.yml: werkkaart '{card.id}', veld 'content': geen pagina "
                "plaatst het stappenplan"
            )
        body = self._card_body(card)
        template = self.env.get_template("werkkaart.md.j2")
        values = {
            "card": card,
            "anchor": anchor,
            "guideline": self.guideline,
            "source_label": source_label,
            "source_href": self.link(card.source),
            "short_link": f"/r/{anchor}/",
            # short links are written after MkDocs runs: a raw link, relative to the page
            "short_href": relative_url(page_url(self.current_page), f"/r/{anchor}/"),
            "body": body,
            "footnotes": "",
        }
        page = template.render(values)
        notes = werkkaarten.footnotes_for(
            page, werkkaarten.footnote_definitions(self.rendered), card
        )
        if notes:
            page = template.render({**values, "footnotes": notes})
        return page + self.abbreviations(page)

    # --- the trainers' links page ----------------------------------------------------

    KIND_LABELS = {  # also the order of the groups on the links page
        "paragraaf": "paragraaf",
        "kernaanbeveling": "kernaanbeveling",
        "conclusie": "conclusie",
        "aanbeveling": "aanbeveling",
        "interventie": "interventie",
        "toelichting": "toelichting bij een interventie",
        "instrument": "instrument",
        "lsvg-item": "LSVG-item",
        "stap": "stap van het stappenplan",
        "tabel": "tabel",
        "tabelrij": "rij in een tabel",
        "bronopmerking": "bronopmerking",
        "hulpmiddel": "hulpmiddel",
        "werkkaart": "werkkaart",
    }

    def links_page(self, reading_order: list[str]) -> str:
        """Every link target, grouped by the page it lives on, then by kind, in reading order
        (the order of the navigation; a page outside it follows its folder's index page)."""
        self.current_page = "links.md"
        rank = {page_url(page): i for i, page in enumerate(reading_order)}

        def order(target: LinkTarget) -> tuple[int, str]:
            url = target.url.partition("#")[0]
            folder = url.rstrip("/").rpartition("/")[0] + "/"
            return (rank.get(url, rank.get(folder, len(rank))), url)

        kinds = list(self.KIND_LABELS)
        sections: dict[str, dict[str, list[LinkTarget]]] = {}
        for target in sorted(self.links, key=order):
            page_title = self.page_titles.get(target.url.partition("#")[0], "Overig")
            sections.setdefault(page_title, {}).setdefault(target.kind, []).append(target)
        grouped = [
            (title, sorted(by_kind.items(), key=lambda kv: kinds.index(kv[0])))
            for title, by_kind in sections.items()
        ]
        extra = ""
        if self.guideline.tools.finder:
            extra = finder_links_help(self.data, self.current_page)
        template = self.env.get_template("links.md.j2")
        example = [t for t in self.links if t.kind == "aanbeveling"] or self.links
        short = example[0].id if example else None
        page = template.render(
            sections=grouped,
            kind_labels=self.KIND_LABELS,
            relative=relative_url,
            short=short_link,
            extra=extra,
            short_example=short,
        )
        return page + self.abbreviations(page)

    # --- pages ------------------------------------------------------------------------

    def abbreviations(self, text: str) -> str:
        """Python-Markdown abbreviation definitions (tooltips) for the glossary terms that
        occur in `text`, to append to it. Only those: all of them on every page made the
        build's cost grow with pages x terms (README, 'Build cost'). Each definition is a
        block of its own, so a page with many stays linear too."""
        if self.terms is None:
            return "\n"
        found = dict.fromkeys(self.terms.findall(text))
        return "\n\n" + "".join(f"*[{t}]: {self.meanings[t]}\n\n" for t in found)

    def _expected_title(self, page: str) -> str | None:
        for part in (*self.guideline.chapters, *self.guideline.appendices):
            if part.page == page:
                return part.label
        return None

    def render_page(self, page: str) -> str:
        """A content page: Jinja first, then its explicit heading ids become link targets."""
        self.current_page = page
        self.tool_output = []
        try:
            text = self.env.get_template(page).render()
        except (TemplateError, BuildError) as exc:
            raise BuildError(template_problem(exc, self.content_dir, page)) from None
        check_front_matter(text, f"content/{page}")
        check_no_script(text, self.tool_output, f"content/{page}")
        self.rendered[page] = text
        title = self._remember_title(text)
        expected = self._expected_title(page)
        if expected is not None and title != expected:
            raise BuildError(
                f"content/{page}: de eerste kop moet '# {expected}' zijn (zoals in "
                f"data/guideline.yml), niet '# {title}'"
            )
        for level, heading, anchor in HEADING_ID.findall(text):
            if page in self.tool_pages:  # the tool itself, not its headings
                if len(level) == 1:
                    self._publish(anchor, "hulpmiddel", plain_text(heading))
            elif len(level) >= 2:
                self._publish(anchor, "paragraaf", plain_text(heading))
        chapter = next((c for c in self.guideline.chapters if c.page == page), None)
        if chapter is not None:
            opening = self.chapter_opening(chapter)
            heading = re.search(r"^# .*$", text, re.MULTILINE)
            if opening and heading:  # right below the chapter's heading (checked above)
                text = f"{text[:heading.end()]}\n\n{opening}\n{text[heading.end():]}"
        parent = self.cross_links.parents.get(page)
        if parent:
            text += client_version.sources_section(parent, self.cross_links, self.link)
        else:
            text = client_version.add_backlinks(text, self.cross_links, self.link)
        return text + self.abbreviations(text)


def template_problem(exc: Exception, content_dir: Path, page: str) -> str:
    """'content/<page>, regel N: <Dutch reason>' for an error while rendering a page.

    Jinja puts the template's file and line into the traceback of any error raised while a
    template runs (also a BuildError of a block); the innermost frame of the page wins.
    """
    line = getattr(exc, "lineno", None)
    path = str(content_dir / page)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    where = f"content/{page}" + (f", regel {line}" if line else "")
    if isinstance(exc, BuildError):
        reason = str(exc)
    elif isinstance(exc, UndefinedError):
        reason = f"onbekende naam of blok ({exc.message})"
    elif isinstance(exc, TemplateSyntaxError):
        reason = f"fout in de Jinja-opmaak: {exc.message}"
    elif isinstance(exc, SecurityError):
        reason = f"niet toegestaan in een pagina: {exc}"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    return f"{where}: {reason}"


def check_front_matter(text: str, shown: str) -> FrontMatter:
    """The page's front matter, read exactly as MkDocs reads it (a YAML block between '---'
    and '---' or '...', or MultiMarkdown 'Key: value' lines at the top), then validated:
    known keys only, `title` and `description` plain text (FrontMatter). The theme writes
    both into <head> unescaped. Duplicate keys are refused as in data/."""
    if block := mkdocs_meta.YAML_RE.match(text):
        parse_yaml(block.group(1), shown, first_line=2)
    _, meta = mkdocs_meta.get_data(text)
    try:
        return FrontMatter.model_validate(meta)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where, message = field_and_message(err)
            problems.append(f"{shown}: front matter, veld '{where}': {message}")
        raise BuildError(problems) from None


def check_no_script(text: str, trusted: Iterable[str], shown: str) -> None:
    """Refuse any <script> in a content page (with or without src, any type or spelling):
    scripts come only from web/, through the tools' own templates (`trusted`: what they
    wrote into this page, blanked out before the check, line count kept)."""
    for part in trusted:
        text = text.replace(part, "\n" * part.count("\n"))
    # parsed as a browser tokenises the raw HTML a page passes on (Python-Markdown copies
    # raw HTML as it is), so no spelling hides one
    found = headers.scripts(text)
    if found:
        raise BuildError(
            f"{shown}, regel {found[0][0]}: een <script>-element is niet toegestaan in "
            "content/ (ook niet met src= of een ander type): code op de site komt alleen uit "
            "web/, geplaatst door een hulpmiddel ({{ lsvg_tool() }}, {{ finder_tool() }})"
        )


BLOCK_CALL = re.compile(r"\{\{\s*([a-z_]+)\(")


def placements(content_dir: Path) -> dict[str, str]:
    """Which content page places each data block ('stappenplan' -> 'hoofdstuk-4.md'), known
    before rendering so that a block can link to one placed on a later page. The first page
    in file order wins."""
    placed: dict[str, str] = {}
    for page in content_files.pages(content_dir):
        for name in BLOCK_CALL.findall(read_utf8(content_dir / page, f"content/{page}")):
            placed.setdefault(name, page)
    return placed


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
    renderer = Renderer(data, content_dir)
    late = set(renderer.tool_pages) | {
        page for name, page in renderer.placed.items() if name in LATE_BLOCKS
    }
    for page in renderer.tool_pages:
        if not (content_dir / page).is_file():
            raise BuildError(
                f"content/{page} ontbreekt: data/guideline.yml plaatst daar een hulpmiddel"
            )
    files = content_files.files(content_dir, data.guideline.content_assets)
    for rel in files:
        if rel not in late:
            _render_file(renderer, content_dir, out_dir, rel)
    for iv in data.interventions:
        page = f"{INTERVENTION_FOLDER}/{iv.id}.md"
        renderer.current_page = page
        body = renderer.intervention_page(iv)
        body += renderer.abbreviations(body)
        renderer._remember_title(body)
        _write_page(out_dir, page, body)
    for card in data.guideline.werkkaarten:
        page = werkkaart_page(card.id)
        body = renderer.werkkaart(card)
        renderer._remember_title(body)
        _write_page(out_dir, page, body)
    if publish_tools:
        renderer.asset_version = publish_tools(list(renderer.links), renderer.placed)
    for rel in files:
        if rel in late:
            _render_file(renderer, content_dir, out_dir, rel)
    _check_unique_anchors(renderer.links)
    problems = check_anchors(data, {t.id for t in renderer.links})
    if problems:
        raise BuildError(problems)
    renderer.check_notes_shown()
    _write_page(out_dir, "links.md", renderer.links_page(nav_pages(data.guideline)))
    copy_site_assets(out_dir)
    return renderer.links


def _write_page(out_dir: Path, page: str, text: str) -> None:
    """A generated page into the docs folder, its front matter checked like a content page's
    (its title comes from data)."""
    check_front_matter(text, f"{page} (gemaakt uit data/)")
    site_dir.write_text(out_dir / page, text, within=out_dir)


def _render_file(renderer: Renderer, content_dir: Path, out_dir: Path, rel: str) -> None:
    if rel.endswith(".md"):
        site_dir.write_text(out_dir / rel, renderer.render_page(rel), within=out_dir)
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
