"""Render content/ (Markdown + Jinja) and data-driven pages into a docs folder for MkDocs.

A content page places each data-driven block with one call (`{{ recommendations("1.9") }}`).
Every anchor a block publishes is recorded as a `LinkTarget`; together they become
`links.json`, the contract trainers link against.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sitegen import parent_links
from sitegen.finder_page import finder_links_help
from sitegen.loading import GuidelineData
from sitegen.models import (
    AUDIENCE_LABELS,
    RECOGNITION_LABELS,
    Conclusion,
    Intervention,
    Recommendation,
)
from sitegen.templating import TEMPLATES, template_environment

# Headings with an explicit id, e.g. "## 1.2 Wat is gehechtheid? {#par-1-2}"
HEADING_ID = re.compile(r"^(#{1,4})\s+(.+?)\s*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)
# Fenced or indented code never occurs in content; a heading inside an admonition is indented.

TABLE_TITLES = {
    1: "Tabel 1. Preventieve interventies die de ontwikkeling van veilige gehechtheid bij "
    "jonge kinderen (nul tot zeven jaar) bevorderen",
    2: "Tabel 2. Preventieve interventies voor specifieke risicogroepen",
    3: "Tabel 3. Interventies voor de behandeling van problematische gehechtheid bij "
    "jeugdigen vanaf zeven jaar",
}

CHAPTER_TITLES = {
    "1": "Hoofdstuk 1. Definitie",
    "2": "Hoofdstuk 2. Prevalentie",
    "3": "Hoofdstuk 3. Oorzaken en kenmerken",
    "4": "Hoofdstuk 4. Signalering en diagnostiek",
    "5": "Hoofdstuk 5. Preventie en interventie",
    "6": "Hoofdstuk 6. Prognose",
}


@dataclass(frozen=True)
class LinkTarget:
    id: str
    kind: str
    title: str
    url: str  # site-relative, with leading slash and #anchor


def page_url(page: str) -> str:
    """content path -> site URL with directory URLs: 'hoofdstuk-1.md' -> '/hoofdstuk-1/'."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return "/"
    if stem.endswith("/index"):
        return "/" + stem.removesuffix("index")
    return f"/{stem}/"


def relative_url(from_dir: str, url: str) -> str:
    """Site-relative URL as seen from a folder of the site ('r/x/' -> '../../hoofdstuk-1/#x')."""
    path, _, anchor = url.lstrip("/").partition("#")
    rel = posixpath.relpath(path or ".", from_dir.strip("/") or ".")
    rel = "" if rel == "." else rel.rstrip("/") + "/"
    return rel + (f"#{anchor}" if anchor else "")


READING_ORDER = (
    "/kernaanbevelingen/",
    "/inleiding/",
    "/hoofdstuk-",
    "/bijlage-",
    "/interventies/",
    "/hulpmiddelen/",
    "/ouders/",
)


def _reading_order(url: str) -> tuple[int, str, str]:
    """Sort key: sections in the order of the guideline, then pages, then document order."""
    page = url.partition("#")[0]
    rank = next((i for i, p in enumerate(READING_ORDER) if page.startswith(p)), len(READING_ORDER))
    return (rank, page, "")


def chapter_page(paragraph: str) -> str:
    return f"hoofdstuk-{paragraph.split('.')[0]}.md"


def _strip_markdown(text: str) -> str:
    """Plain text for titles in links.json: drop footnote refs, links and emphasis."""
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"[*_`]", "", text).strip()


def short_title(text: str, words: int = 12) -> str:
    plain = _strip_markdown(text).split()
    return " ".join(plain[:words]) + (" …" if len(plain) > words else "")


class Renderer:
    """Renders one site: content pages plus generated pages, collecting link targets."""

    def __init__(self, data: GuidelineData, content_dir: Path) -> None:
        self.data = data
        self.content_dir = content_dir
        self.cross_links = parent_links.collect(content_dir)
        self.page_titles: dict[str, str] = {}  # page URL -> its level-1 heading
        self.links: list[LinkTarget] = []
        self.current_page = "index.md"
        self.env = template_environment(content_dir, TEMPLATES)
        self.env.globals.update(
            link=self.link,
            kernaanbevelingen=self.kernaanbevelingen,
            conclusions=self.conclusions,
            recommendations=self.recommendations,
            intervention_table=self.intervention_table,
            intervention_texts=self.intervention_texts,
            harmful_approaches=self.harmful_approaches,
            instruments=self.instruments,
            stappenplan=self.stappenplan,
            balansmodel=self.balansmodel,
            lsvg=self.lsvg,
            glossary=self.glossary,
            corrections=self.corrections,
            all_recommendations=self.all_recommendations,
            interventions_overview=self.interventions_overview,
        )
        self.blocks = self.env.get_template("blocks.html.j2").module
        self.macros = self.env.get_template("macros.html.j2").module

    # --- bookkeeping ------------------------------------------------------------------

    def link(self, target: str) -> str:
        """Relative link from the page being rendered to another content path."""
        here = posixpath.dirname(self.current_page)
        path, _, anchor = target.partition("#")
        rel = posixpath.relpath(path, here or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def _publish(self, anchor: str, kind: str, title: str) -> str:
        """Record a link target on the current page; returns its title (used for citations)."""
        self.links.append(
            LinkTarget(anchor, kind, title, page_url(self.current_page) + "#" + anchor)
        )
        return title

    # --- statements -------------------------------------------------------------------

    def _audience(self, rec: Recommendation) -> str:
        return "Voor: " + ", ".join(AUDIENCE_LABELS[a] for a in rec.audience)

    def _rec_label(self, rec: Recommendation) -> str:
        return f"Aanbeveling {rec.paragraph}.{rec.number}" + (
            f" ({self._group_label(rec.group)})" if rec.group else ""
        )

    @staticmethod
    def _group_label(group: str) -> str:
        return {
            "ouders": "ouders/verzorgers",
            "professionals": "alle jeugdprofessionals",
            "gedragswetenschappers": "gedragswetenschappers",
        }.get(group, group)

    def _rec_href(self, rec: Recommendation) -> str:
        return self.link(f"{chapter_page(rec.paragraph)}#{rec.id}")

    def recommendations(self, paragraph: str, group: str | None = None) -> Markup:
        recs = [
            r
            for r in self.data.recommendations
            if r.paragraph == paragraph and (group is None or r.group == group)
        ]
        if not recs:
            raise ValueError(f"geen aanbevelingen voor paragraaf {paragraph} groep {group}")
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
                    self._kern_backlinks(rec),
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
            raise ValueError(f"geen conclusies voor paragraaf {paragraph}")
        out = []
        for c in items:
            label = f"Conclusie {c.paragraph}.{c.number}"
            title = self._publish(c.id, "conclusie", f"{label}: {short_title(c.text)}")
            out.append(self.macros.statement(c, "conclusie", label, f"#{c.id}", c.id, cite=title))
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
            extra = f'<p class="statement__related" markdown="span">Uit de richtlijn: {sources}</p>'
            out.append(
                self.macros.statement(
                    k, "kernaanbeveling", label, f"#{k.id}", k.id, "", extra, cite=title
                )
            )
        return Markup("\n\n".join(out) + "\n")

    def all_recommendations(self) -> Markup:
        """Overview page: every recommendation by chapter, linking to its canonical anchor."""
        out: list[str] = []
        chapters = sorted({r.paragraph.split(".")[0] for r in self.data.recommendations})
        for ch in chapters:
            out.append(f"## {CHAPTER_TITLES[ch]} {{#overzicht-hoofdstuk-{ch}}}\n")
            for rec in (r for r in self.data.recommendations if r.paragraph.startswith(ch + ".")):
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

    # --- interventions ----------------------------------------------------------------

    def _interventions_in_table(self, number: int) -> list[tuple[Intervention, Any]]:
        return [
            (iv, row) for iv in self.data.interventions for row in iv.tables if row.table == number
        ]

    def intervention_table(self, number: int) -> Markup:
        rows = self._interventions_in_table(number)
        if not rows:
            raise ValueError(f"tabel {number} heeft geen interventies")
        for iv, _row in rows:
            self._publish(f"tabel-{number}-{iv.id}", "tabelrij", f"Tabel {number}: {iv.name}")
        return Markup(self.blocks.intervention_table(number, TABLE_TITLES[number], rows))

    def intervention_texts(self, paragraph: str) -> Markup:
        ivs = [
            iv
            for iv in self.data.interventions
            if iv.paragraph == paragraph and (iv.summary or iv.toelichting)
        ]
        return Markup("\n\n".join(self.blocks.intervention_text(iv) for iv in ivs) + "\n")

    def harmful_approaches(self) -> Markup:
        return Markup(self.blocks.harmful(self.data.harmful_approaches))

    def interventions_overview(self) -> Markup:
        rows = ["| Interventie | Leeftijd | Erkenning | Tabel |", "| --- | --- | --- | --- |"]
        for iv in self.data.interventions:
            tables = ", ".join(str(r.table) for r in iv.tables)
            rows.append(
                f"| [{iv.name}]({self.link('interventies/' + iv.id + '.md')}) | {iv.age.wording} "
                f"| {RECOGNITION_LABELS[iv.recognition]} | {tables} |"
            )
        return Markup("\n".join(rows) + "\n")

    def intervention_page(self, iv: Intervention) -> str:
        situations = {s.id: s.label for s in self.data.situations}
        self._publish(iv.id, "interventie", iv.full_name)
        template = self.env.get_template("intervention.md.j2")
        return template.render(
            iv=iv,
            recognition_label=RECOGNITION_LABELS[iv.recognition],
            situations=[situations[s] for s in iv.situations],
        )

    # --- instruments, stappenplan, appendices -----------------------------------------

    def _steps_link(self, steps: Iterable[int]) -> str:
        parts = [f"[stap {n}]({self.link('hoofdstuk-4.md#stap-' + str(n))})" for n in steps]
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
            out.append(self.blocks.instrument(ins, self._steps_link))
        return Markup("\n\n".join(out) + "\n")

    def stappenplan(self) -> Markup:
        plan = self._require(self.data.stappenplan, "stappenplan.yml")
        for step in plan.steps:
            self._publish(step.id, "stap", f"Stap {step.number}: {short_title(step.title)}")
        names = {i.id: i.name for i in self.data.instruments}
        tools = {i.id: i for i in self.data.instruments if i.tool}
        return Markup(self.blocks.stappenplan(plan, names, tools))

    def balansmodel(self) -> Markup:
        return Markup(
            self.blocks.balansmodel(self._require(self.data.balansmodel, "balansmodel.yml"))
        )

    def lsvg(self) -> Markup:
        lsvg = self._require(self.data.lsvg, "lsvg.yml")
        for item in lsvg.items:
            self._publish(item.id, "lsvg-item", f"LSVG item {item.number}: {item.title}")
        instrument = next((i for i in self.data.instruments if i.id == "lsvg"), None)
        return Markup(self.blocks.lsvg(lsvg, instrument.tool if instrument else None))

    def glossary(self) -> Markup:
        entries = sorted(self.data.glossary, key=lambda e: e.term.lower())
        return Markup(self.blocks.glossary(entries))

    def corrections(self) -> Markup:
        return Markup(self.blocks.corrections(self.data.corrections))

    @staticmethod
    def _require(value: Any, name: str) -> Any:
        if value is None:
            raise ValueError(f"data/{name} ontbreekt")
        return value

    def _remember_title(self, markdown: str) -> None:
        match = re.search(r"^# (.+?)(\s*\{[^}]*\})?\s*$", markdown, re.MULTILINE)
        if match:
            self.page_titles[page_url(self.current_page)] = _strip_markdown(match.group(1))

    # --- the trainers' links page ----------------------------------------------------

    KIND_LABELS = {  # also the order of the groups on the links page
        "paragraaf": "paragraaf",
        "kernaanbeveling": "kernaanbeveling",
        "conclusie": "conclusie",
        "aanbeveling": "aanbeveling",
        "interventie": "interventie",
        "instrument": "instrument",
        "lsvg-item": "LSVG-item",
        "stap": "stap van het stappenplan",
        "tabelrij": "rij in een tabel",
    }

    def links_page(self, extra: str = "") -> str:
        """Every link target, grouped by the page it lives on, then by kind, in reading order."""
        self.current_page = "links.md"
        kinds = list(self.KIND_LABELS)
        sections: dict[str, dict[str, list[LinkTarget]]] = {}
        for target in sorted(self.links, key=lambda t: _reading_order(t.url)):
            page_title = self.page_titles.get(target.url.partition("#")[0], "Overig")
            sections.setdefault(page_title, {}).setdefault(target.kind, []).append(target)
        grouped = [
            (title, sorted(by_kind.items(), key=lambda kv: kinds.index(kv[0])))
            for title, by_kind in sections.items()
        ]
        template = self.env.get_template("links.md.j2")
        page = template.render(
            sections=grouped,
            kind_labels=self.KIND_LABELS,
            relative=relative_url,
            extra=extra,
        )
        return page + self.abbreviations()

    # --- pages ------------------------------------------------------------------------

    def abbreviations(self) -> str:
        """Python-Markdown abbreviation definitions, appended to every page (tooltips)."""
        return "\n" + "\n".join(f"*[{g.term}]: {g.meaning}" for g in self.data.glossary) + "\n"

    def render_page(self, page: str) -> str:
        """A content page: Jinja first, then its explicit heading ids become link targets."""
        self.current_page = page
        text = self.env.get_template(page).render()
        self._remember_title(text)
        for level, title, anchor in HEADING_ID.findall(text):
            if len(level) >= 2:
                self._publish(anchor, "paragraaf", _strip_markdown(title))
        parent = self.cross_links.parents.get(page)
        if parent:
            text += parent_links.sources_section(parent, self.cross_links, self.link)
        else:
            text = parent_links.add_backlinks(text, self.cross_links, self.link)
        return text + self.abbreviations()


def render_docs(data: GuidelineData, content_dir: Path, out_dir: Path) -> list[LinkTarget]:
    """Render every page into out_dir (which must not exist yet); return the link targets."""
    renderer = Renderer(data, content_dir)
    for path in sorted(content_dir.rglob("*")):
        rel = path.relative_to(content_dir).as_posix()
        target = out_dir / rel
        if path.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            target.write_text(renderer.render_page(rel), encoding="utf-8")
        else:
            shutil.copyfile(path, target)
    for iv in data.interventions:
        page = f"interventies/{iv.id}.md"
        renderer.current_page = page
        body = renderer.intervention_page(iv) + renderer.abbreviations()
        renderer._remember_title(body)
        (out_dir / "interventies").mkdir(parents=True, exist_ok=True)
        (out_dir / page).write_text(body, encoding="utf-8")
    _check_unique_anchors(renderer.links)
    (out_dir / "links.md").write_text(
        renderer.links_page(finder_links_help(data)), encoding="utf-8"
    )
    return renderer.links


def _check_unique_anchors(links: list[LinkTarget]) -> None:
    seen: dict[str, str] = {}
    for target in links:
        if target.id in seen and target.kind != "paragraaf":
            raise ValueError(f"id '{target.id}' wordt op twee plaatsen gepubliceerd")
        seen[target.id] = target.url
