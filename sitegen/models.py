"""Validation models for everything in data/.

Every model forbids unknown fields, so a typo in a YAML key fails the build
instead of silently dropping text. Cross-references between files (a
kernaanbeveling pointing at a recommendation, an intervention naming a
situation) are checked in `loading.py`, which knows all files at once.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from sitegen import safe_text

# Markdown without HTML of its own, links only to http(s), mailto or relative addresses
# (sitegen/safe_text.py; CONTRIBUTING.md, 'HTML in data').
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(safe_text.check)
]
def _plain(value: str) -> str:
    """Text the theme writes into <head> and attributes as it is, unescaped (the page title,
    <meta name="description" content="...">, the site name): no markup characters at all."""
    bad = sorted({c for c in value if c in '<>"`' or (ord(c) < 32 and c not in "\t")})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise ValueError(
            f"moet gewone tekst zijn, zonder {shown}: het thema zet deze tekst onbewerkt in de "
            "<head> en in attributen van elke pagina (een '<' of '\"' zou daar HTML of een "
            "script worden)"
        )
    return value


# Text that reaches the theme's templates (title, description, site name, navigation): plain.
PlainText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain)
]

ID_MAX = 100  # an id becomes a folder and file name (werkkaarten/<id>/, r/<id>/): 255 bytes max


def _id_length(value: str) -> str:
    if len(value) > ID_MAX:
        raise ValueError(
            f"de id '{value[:40]}…' is {len(value)} tekens lang, hoogstens {ID_MAX}: een id wordt "
            "een map- en bestandsnaam op de site"
        )
    return value


Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"), AfterValidator(_id_length)
]


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", value):
        raise ValueError("moet een webadres zijn dat begint met https:// (of http://)")
    return value


# An address the site shows as a link (`<{{ url }}>` in the templates): the web only.
WebUrl = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_web_address)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The guideline itself (data/guideline.yml) ----------------------------------------------

ContentPath = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*\.md$")]


class Citation(Strict):
    """How to cite the guideline (the 'Citeer' buttons and links.json): only what the source
    itself says, so no authors where the source names none."""

    series: Text | None = None  # the series the guideline belongs to
    year: Annotated[int, Field(ge=1900, le=2100)]
    url: WebUrl | None = None  # where the owner publishes it


class Chapter(Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text  # without 'Hoofdstuk N.'
    page: ContentPath
    # what the chapter points to at its top, above 'Aanbevelingen in dit hoofdstuk' (a tool
    # that applies it, a hand-out): PageLinks (sitegen/models.py), placed by the renderer
    opens_with: tuple[PageLink, ...] = ()

    @property
    def label(self) -> str:
        """The page's level-1 heading: 'Hoofdstuk 1. <title>'."""
        return f"Hoofdstuk {self.number}. {self.title}"


class Appendix(Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text
    page: ContentPath

    @property
    def label(self) -> str:
        return f"Bijlage {self.number}. {self.title}"


class NamedTable(Strict):
    """A numbered table of the guideline that the generator renders from data."""

    number: Annotated[int, Field(ge=1)]
    title: Text  # without 'Tabel N.'
    paragraph: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")]
    # What the '*' of some rows means, in the source's words (below the table wherever a
    # starred row is shown); required once a row of the table has `star`.
    star_note: Source | None = None

    @property
    def label(self) -> str:
        return f"Tabel {self.number}. {self.title}"


class NavPage(Strict):
    page: ContentPath
    title: PlainText | None = None  # None: the page's own title


class NavSection(Strict):
    """A group in the navigation: listed pages, or pages generated from this file."""

    title: PlainText
    pages: tuple[ContentPath | NavPage, ...] = ()
    generate: Literal["chapters", "appendices", "tools", "werkkaarten"] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> NavSection:
        if bool(self.pages) == bool(self.generate):
            raise ValueError("pages: geef óf 'pages' óf 'generate'")
        return self


class LsvgTool(Strict):
    page: ContentPath  # the content page that places {{ lsvg_tool() }}
    instrument: Slug | None = None  # the instruments.yml entry it scores (its age range)


class FinderTool(Strict):
    page: ContentPath  # the content page that places {{ finder_tool() }}
    advice: Slug  # the recommendation that says what to do when nothing recognised fits
    # example links on the trainers' links page: label -> the page's state (URL fragment)
    examples: tuple[tuple[Text, Text], ...] = ()


class Tools(Strict):
    lsvg: LsvgTool | None = None
    finder: FinderTool | None = None


class ClientVersion(Strict):
    """The version for clients (here: parents); pages in `folder`, headings 'folder-...'."""

    folder: Slug
    link_text: Text  # before the links from a guideline paragraph to its client pages


# 'hoofdstuk-4.md#par-4-4': a content page, optionally with an anchor on it
ContentAnchor = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*\.md(#[a-z0-9][a-z0-9-]*)?$")
]


class Werkkaart(Strict):
    """A hand-out for one part of the practice: a page of its own (werkkaarten/<id>/, short
    link /r/werkkaart-<id>/) that prints on one A4 side, or two where `pages` says so.
    Everything on it is taken from data/ or content/, never typed in here."""

    id: Slug
    title: Text  # the card's heading, e.g. 'Werkkaart: stappenplan'
    # what the card shows: a data block in short, or sections of content pages
    content: Literal["stappenplan", "interventies", "kernaanbevelingen", "secties"]
    source: ContentAnchor  # where the card's text comes from ('Bron' on the card)
    sections: tuple[ContentAnchor, ...] = ()  # content 'secties': headings with their text
    pages: Literal[1, 2] = 1  # A4 sides it may take; a card of two says 'Pagina 1 van 2'

    @model_validator(mode="after")
    def _sections(self) -> Werkkaart:
        if (self.content == "secties") != bool(self.sections):
            raise ValueError("sections: nodig bij (en alleen bij) content 'secties'")
        if any("#" not in s for s in self.sections):
            raise ValueError("sections: noem elke sectie als 'pagina.md#kop-id'")
        return self


ContentGlob = Annotated[str, StringConstraints(pattern=r"^[a-z0-9*][a-z0-9/*.-]*$")]


class PrintExclusion(Strict):
    """Pages the printed guideline leaves out, and why (both shown on its cover)."""

    pages: tuple[ContentGlob, ...] = Field(min_length=1)  # content paths, '*' allowed
    what: Text  # e.g. 'de startpagina'
    reason: Text


class PrintDocument(Strict):
    """The whole guideline as one printable page (/volledige-richtlijn/)."""

    exclude: tuple[PrintExclusion, ...] = ()


# File types content/ may hold besides Markdown (sitegen/content_files.py). No SVG (it can
# carry a script of its own), no HTML, scripts or styles (those come from web/ only).
ContentAsset = Literal["png", "jpg", "jpeg", "gif", "webp", "avif", "pdf"]


class PageLink(Strict):
    """A link to one of the site's own pages: a content page or a page the build makes
    (`links.md`, `werkkaarten/<id>.md`, `colofon.md`), with an anchor if wanted (the renderer
    checks that it exists), or the whole guideline in print (`print: true`)."""

    text: Text  # the link's text
    page: ContentAnchor | None = None
    print: bool = False
    description: Text | None = None  # a line after the link: what the reader finds there

    @model_validator(mode="after")
    def _one_target(self) -> PageLink:
        if (self.page is None) == (not self.print):
            raise ValueError("page: geef óf 'page' óf 'print: true'")
        return self


class HomeTask(Strict):
    """A task on the home page: what a visitor comes for, and where that is on the site."""

    title: Text  # a question or task, e.g. 'Welke interventie past?'
    text: Text | None = None  # one line under the title
    links: Annotated[tuple[PageLink, ...], Field(min_length=1)]


class Home(Strict):
    """The home page's blocks ({{ tasks() }}, {{ kernaanbevelingen_list() }})."""

    tasks: tuple[HomeTask, ...] = ()


class Fact(Strict):
    """One fact of the colofon: a Dutch sentence (Markdown; words between « » are the
    source's, verbatim) and where the guideline says it. No source where the fact is this
    web version's own, or where the text says that the source names nothing."""

    text: Text
    sources: Sources = ()


class OfficialSource(Fact):
    """Where the official guideline lives, as the source gives the address."""

    url: WebUrl
    link_text: Text  # e.g. 'www.richtlijnenjeugdhulp.nl', as the source writes it


class Colophon(Strict):
    """Who stands behind the site (the page colofon.md and the footer). Only what the source
    says about its makers, and plain words where it says nothing: no invented names or
    addresses."""

    page: ContentPath  # the content page that places {{ colophon() }} (the footer links it)
    title: Text = "Colofon"  # the footer's link to it
    authors: Annotated[tuple[Fact, ...], Field(min_length=1)]  # who wrote the guideline
    publisher: Fact  # who publishes it, or that the source names no one
    official: OfficialSource  # the official source and its address
    web_version: Annotated[tuple[Fact, ...], Field(min_length=1)]  # who made this web version
    report_errors: Fact  # how to report an error in the web version, or that there is no way


class RecognitionNote(Strict):
    """The note beside the recognition of an intervention (its page and its cards in the
    Interventiewijzer): the level shown is the guideline's, of its revision; where to look up
    the current one, with the address as the source gives it (no guessed deep link)."""

    text: Text  # Dutch, Markdown without links; the link follows it
    url: WebUrl
    link_text: Text
    sources: Annotated[Sources, Field(min_length=1)]


class Guideline(Strict):
    # the theme writes these into <head> and attributes unescaped: plain text
    title: PlainText  # full title, as on the cover
    short_title: PlainText  # site name
    revision: PlainText  # '2019': the version trainers cite
    revision_label: PlainText  # 'herziene versie 2019'
    description: PlainText
    language: Literal["nl"] = "nl"
    citation: Citation
    copyright: PlainText
    content_assets: tuple[ContentAsset, ...] = ()  # e.g. [png, pdf]; none: Markdown only
    chapters: tuple[Chapter, ...] = Field(min_length=1)
    appendices: tuple[Appendix, ...] = ()
    tables: tuple[NamedTable, ...] = ()
    # labels of recommendation groups (Recommendation.group), e.g. the three groups of 4.5
    groups: dict[Slug, Text] = {}
    tools: Tools = Tools()
    client_version: ClientVersion | None = None
    werkkaarten: tuple[Werkkaart, ...] = ()
    print: PrintDocument = PrintDocument()
    home: Home = Home()
    colophon: Colophon | None = None  # the page colofon.md and the footer
    recognition_note: RecognitionNote | None = None  # intervention pages and finder cards
    nav: tuple[NavSection | NavPage, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbered(self) -> Guideline:
        for name, items in (("chapters", self.chapters), ("appendices", self.appendices)):
            if [c.number for c in items] != list(range(1, len(items) + 1)):
                raise ValueError(f"{name}: moeten genummerd zijn vanaf 1, op volgorde")
        numbers = [t.number for t in self.tables]
        if len(set(numbers)) != len(numbers):
            raise ValueError("tables: dubbel tabelnummer")
        cards = [w.id for w in self.werkkaarten]
        if len(set(cards)) != len(cards):
            raise ValueError("werkkaarten: dubbele id")
        return self

    def chapter(self, paragraph: str) -> Chapter:
        """The chapter a paragraph number ('5.7') belongs to."""
        number = int(paragraph.split(".")[0])
        for chapter in self.chapters:
            if chapter.number == number:
                return chapter
        raise KeyError(paragraph)

    def table(self, number: int) -> NamedTable:
        for table in self.tables:
            if table.number == number:
                return table
        raise KeyError(number)


# --- Statements: recommendations, conclusions, kernaanbevelingen ---------------------------


class ListItem(Strict):
    """One item of a list inside a statement; may carry its own sub-list."""

    text: Text
    items: tuple[ListItem, ...] = ()
    style: Literal["bullet", "numbered", "alpha"] = "bullet"


class Block(Strict):
    """A further paragraph, an optional lead-in heading and/or a list."""

    heading: Text | None = None
    text: Text | None = None
    items: tuple[ListItem, ...] = ()
    style: Literal["bullet", "numbered", "alpha"] = "bullet"

    @model_validator(mode="after")
    def _not_empty(self) -> Block:
        if not (self.heading or self.text or self.items):
            raise ValueError("text: een blok heeft een 'heading', 'text' of 'items' nodig")
        return self


class Statement(Strict):
    """Text of a recommendation or conclusion: a first paragraph plus structured blocks."""

    id: Slug
    number: Annotated[int, Field(ge=1)]
    text: Text
    blocks: tuple[Block, ...] = ()


class Audience(StrEnum):
    ouders = "ouders"
    jeugdprofessionals = "jeugdprofessionals"
    gedragswetenschappers = "gedragswetenschappers"
    beroepsopvoeders = "beroepsopvoeders"


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.ouders: "ouders/verzorgers",
    Audience.jeugdprofessionals: "alle jeugdprofessionals",
    Audience.gedragswetenschappers: "gedragswetenschappers",
    Audience.beroepsopvoeders: "beroepsopvoeders",
}

PARAGRAPH = re.compile(r"^\d\.\d$")


class Recommendation(Statement):
    paragraph: Annotated[str, StringConstraints(pattern=PARAGRAPH.pattern)]
    group: Slug | None = None  # 4.5 has three groups: ouders, professionals, gedragswetenschappers
    audience: tuple[Audience, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _id_matches(self) -> Recommendation:
        para = self.paragraph.replace(".", "-")
        group = f"{self.group}-" if self.group else ""
        expected = f"aanbeveling-{para}-{group}{self.number}"
        if self.id != expected:
            raise ValueError(f"id: moet '{expected}' zijn (paragraaf, groep en nummer)")
        return self


class Conclusion(Statement):
    paragraph: Annotated[str, StringConstraints(pattern=PARAGRAPH.pattern)]

    @model_validator(mode="after")
    def _id_matches(self) -> Conclusion:
        expected = f"conclusie-{self.paragraph.replace('.', '-')}-{self.number}"
        if self.id != expected:
            raise ValueError(f"id: moet '{expected}' zijn (paragraaf en nummer)")
        return self


class Kernaanbeveling(Statement):
    sources: tuple[Slug, ...] = Field(min_length=1)  # ids of the recommendations it summarises

    @model_validator(mode="after")
    def _id_matches(self) -> Kernaanbeveling:
        if self.id != f"kernaanbeveling-{self.number}":
            raise ValueError(f"id: moet 'kernaanbeveling-{self.number}' zijn")
        return self


# --- Glossary ---------------------------------------------------------------------------


class GlossaryEntry(Strict):
    term: Text  # the abbreviation or word as it appears in the text, e.g. "RAD"
    meaning: Text  # tooltip text
    explanation: Text | None = None  # longer text for the glossary page


# --- Sources: the guideline's own words behind every rule -------------------------------


class Source(Strict):
    """Where a rule stands in the guideline: an anchor this site publishes (a links.json id
    or heading id; the build checks it) and the source's literal words there.

    `quote` is the text of the source (the PDF's text extraction, cleaned as content/ is:
    no page headers, no hyphenation at line ends, whitespace collapsed), not this site's
    corrected text; tests/test_quotes.py finds every quote in the source text. Where it is
    shown, the listed corrections (data/corrections/) are applied, so it reads as the page it
    links to."""

    anchor: Slug
    quote: Text


Sources = tuple[Source, ...]


# --- Interventions ----------------------------------------------------------------------

AGE_UNITS = ("jaar", "maanden", "weken")
# A month in weeks (365.25 / 12 / 7): a bound in weeks ('6 weken') does not fall on a whole
# month, so the months around it are boundary months, never a rounded, invented limit.
WEEKS_PER_MONTH = 365.25 / 12 / 7


class AgeBound(Strict):
    """One end of an age range, in the source's own number and unit.

    A lower bound is crisp: a child is 'N jaar' from its Nth birthday. An upper bound is
    'through' only where the source itself says 'tot en met N': then the whole year (month)
    N still counts. Otherwise ('tot N', 'N-M', 'tussen N en M', 'tot ongeveer N') the source
    does not say whether the year (month) N itself still counts: that year is a boundary year,
    which the Interventiewijzer lists apart, with the source's words (`months` below).
    """

    value: Annotated[int, Field(ge=0)]
    unit: Literal["jaar", "maanden", "weken"]
    through: bool = False  # an upper bound worded 'tot en met' (never on a lower bound)
    source: Source | None = None  # where the bound stands when not in the range's own words

    @model_validator(mode="after")
    def _in_range(self) -> AgeBound:
        limit = {"jaar": 23, "maanden": 23 * 12, "weken": 100}[self.unit]
        if self.value > limit:
            raise ValueError(f"value: hoger dan {limit} {self.unit}")
        return self

    @property
    def months(self) -> float:
        """The bound in months since birth (weeks: a fraction)."""
        if self.unit == "jaar":
            return self.value * 12
        if self.unit == "maanden":
            return self.value
        return self.value / WEEKS_PER_MONTH

    @property
    def step(self) -> int:
        """How many whole months the last unit of an upper bound covers (a year: 12)."""
        return 12 if self.unit == "jaar" else 1


MonthSpan = tuple[int, int | None]  # [from, until) in whole months; until None: open


class AlsoListed(Strict):
    """Another statement of the source that names ages outside the range (e.g. 'in de praktijk
    ... 0-18 jarigen'): those ages are listed apart, in the second tier, with `reason` (a reason
    of data/finder.yml) and the statement's words. Its upper year (month) is a boundary year as
    in AgeRange: the source does not say whether '0-18' includes 18, so an 18-year-old gets it
    apart with the boundary reason and the statement's words, never left out."""

    reason: Slug
    min: AgeBound
    max: AgeBound
    sources: Annotated[Sources, Field(min_length=1)]

    @property
    def span(self) -> MonthSpan:
        """Whole months the statement certainly names."""
        return _certain_span(self.min, self.max)

    @property
    def boundary(self) -> MonthSpan | None:
        """The year (month) of its upper bound, unless worded 'tot en met'."""
        if self.max.through:
            return None
        start = int(self.max.months)
        return (start, start + self.max.step)


def _first_month(bound: AgeBound) -> int:
    """The first whole month that certainly lies at or after a lower bound."""
    months = bound.months
    return int(months) if months == int(months) else int(months) + 1


def _certain_span(low: AgeBound | None, high: AgeBound | None) -> MonthSpan:
    start = 0 if low is None else _first_month(low)
    if high is None:
        return (start, None)
    until = int(high.months) + (high.step if high.through else 0)
    return (start, until)


class AgeRange(Strict):
    """For whom the guideline names an intervention: `wording` in the source's own words (shown
    everywhere), the bounds read from them, and the statements they were read from."""

    wording: Text  # the source's words for the age, e.g. 'kinderen van 4-12 jaar'
    prenatal: bool = False  # the intervention starts during pregnancy
    postnatal: bool = True  # False: it can only start before birth (VoorZorg)
    min: AgeBound | None = None  # required after birth: no invented lower bound
    max: AgeBound | None = None  # None: the source names no upper bound
    approximate: bool = False  # the source says 'ongeveer' about the upper bound
    sources: Sources = ()  # where the range is stated (the finder needs at least one)
    also: tuple[AlsoListed, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> AgeRange:
        if not (self.prenatal or self.postnatal):
            raise ValueError("postnatal: een interventie moet vóór of na de geboorte passen")
        if self.postnatal and self.min is None:
            raise ValueError(
                "min: ontbreekt; geef de ondergrens die de bron noemt (met 'source' als die "
                "niet in de eigen woorden staat, zoals de titel van een tabel)"
            )
        if not self.postnatal and (self.min or self.max or self.also):
            raise ValueError("min: een interventie die alleen vóór de geboorte begint, heeft "
                             "geen leeftijdsgrenzen")
        if self.min and self.min.through:
            raise ValueError("min.through: 'tot en met' hoort bij een bovengrens")
        if self.max and self.max.unit == "weken":
            raise ValueError("max.unit: een bovengrens in weken wordt niet ondersteund")
        if self.approximate and (self.max is None or self.max.through):
            raise ValueError("approximate: 'ongeveer' hoort bij een bovengrens zonder 'tot en met'")
        if self.min and self.max and self.min.months >= self.max.months + (
            self.max.step if self.max.through else 0
        ):
            raise ValueError("min: ligt niet vóór max")
        return self

    @property
    def certain(self) -> MonthSpan | None:
        """Whole months that certainly fit; None before birth only."""
        return _certain_span(self.min, self.max) if self.postnatal else None

    @property
    def boundary(self) -> tuple[MonthSpan, ...]:
        """Whole months on a bound the source leaves open: the month a lower bound in weeks
        falls in, and the year (month) N of an upper bound not worded 'tot en met'."""
        spans: list[MonthSpan] = []
        if self.min is not None and self.min.months != int(self.min.months):
            spans.append((int(self.min.months), int(self.min.months) + 1))
        if self.max is not None and not self.max.through:
            start = int(self.max.months)
            spans.append((start, start + self.max.step))
        return tuple(spans)

    def months(self) -> set[int]:
        """Every month (below the Jeugdwet limit) the source names, certain, boundary or in an
        `also` statement (its boundary year included)."""
        spans = [*([self.certain] if self.certain else []), *self.boundary,
                 *(a.span for a in self.also), *(a.boundary for a in self.also if a.boundary)]
        return {m for start, until in spans for m in range(start, until or JEUGDWET_MONTHS)}


JEUGDWET_MONTHS = 23 * 12  # a 'jeugdige' is younger than 23 (the Jeugdwet)


class Situation(Strict):
    id: Slug  # part of shared links (?situatie=...): never rename a published one
    label: Text  # Dutch label shown in the finder
    description: Text | None = None
    frequent: bool = False  # shown first in the finder's form; the others are folded


class Requirement(Strict):
    """A condition the source makes part of the target group: the intervention is listed only
    when one of `any_of` (situation ids) is ticked."""

    any_of: Annotated[tuple[Slug, ...], Field(min_length=1)]
    sources: Annotated[Sources, Field(min_length=1)]


class Addressed(Strict):
    """A situation the source names for the intervention without making it a condition ('ook
    geschikt voor'): it only orders the results."""

    situation: Slug
    sources: Annotated[Sources, Field(min_length=1)]


class Scope(Strict):
    """The tier of an intervention for one age group of data/finder.yml: 1 = recommended for
    that group, 2 = named by the guideline but listed apart, with `reason`."""

    tier: Literal[1, 2]
    reason: Slug | None = None  # tier 2: a reason id of data/finder.yml
    sources: Sources = ()  # the source for this intervention's tier, beyond the group's rule

    @model_validator(mode="after")
    def _reason(self) -> Scope:
        if (self.tier == 2) != (self.reason is not None):
            raise ValueError("reason: nodig bij tier 2, niet toegestaan bij tier 1")
        return self


class Recognition(Strict):
    text: Text  # the DEJ part of the 'Erkenningsniveau' cell, verbatim: the badge
    kjp: Text | None = None  # the KJP status, where the source gives one
    level: Slug | None = None  # a recognition level of data/finder.yml: its rank (finder)
    sources: Sources = ()  # the cell(s) the level was read from
    # its name in the source's list of its level (the KJP list of 5.4: the level's `list` in
    # data/finder.yml), where the source lists it there; tier 1 of a level with a list needs it
    listed: Source | None = None


class TableRow(Strict):
    """How an intervention appears in one of tables 1-3 (cells as the source words them)."""

    table: Annotated[int, Field(ge=1)]
    row: Annotated[int, Field(ge=1)]  # position in the source's table (1 = first row)
    doel: Text
    doelgroep: Text
    erkenning: Text
    onderzoek: Text
    star: bool = False  # the '*' of table 3: often used, quality not researched
    interventie: Text | None = None  # the 'Interventie' cell as the source words it (name,
    # qualifiers such as '(in de JGZ)', reference), without the '*'; None: render name (reference)


class ScopeStatement(Strict):
    """Another sentence of the source that names the intervention for a group that differs
    from its `requires` (the table row's target group): `wider` ones name it for children the
    row leaves out, `narrower` ones for fewer children than the row. The Interventiewijzer
    lists an intervention when its `requires` or one of its `wider` statements is met (a
    sentence of the guideline names it for this child; tier 2 unless `requires` is met) and
    shows every statement that does not cover the child on the card, with its words."""

    any_of: tuple[Slug, ...] = ()  # situation ids, one of them ticked; empty: no condition
    groups: tuple[Slug, ...] = ()  # age groups of data/finder.yml it speaks of; empty: all
    sources: Annotated[Sources, Field(min_length=1)]
    note: Slug  # the bronopmerking that records the difference (shown with every card)


class Intervention(Strict):
    id: Slug
    name: PlainText  # also the title of its page (<title>, navigation)
    full_name: Text
    reference: Text  # literature reference as in the table, e.g. "Juffer et al., 2016; 2008"
    paragraph: Annotated[str, StringConstraints(pattern=PARAGRAPH.pattern)]
    doel: Text
    doelgroep: Text
    age: AgeRange
    recognition: Recognition
    onderzoek: Text
    tables: tuple[TableRow, ...] = ()
    format: Text | None = None  # e.g. "zeven huisbezoeken"
    summary: tuple[Text, ...] = ()  # the bullet summary of 5.2 ('geschikt voor ...')
    toelichting: tuple[Text, ...] = ()  # paragraphs of the text in 5.2-5.4
    # what a professional must know before choosing it: where it stands and the source's words
    # between « » ('Paragraaf 5.3: «...»'), never the site's own words (tests/test_quotes.py)
    caveats: tuple[Text, ...] = ()
    website: WebUrl | None = None
    # --- what the Interventiewijzer applies (data/finder.yml says how) ---
    requires: tuple[Requirement, ...] = ()  # all must be met
    addresses: tuple[Addressed, ...] = ()
    scope: dict[Slug, Scope] = {}  # age group id (data/finder.yml) -> tier
    wider: tuple[ScopeStatement, ...] = ()  # sentences naming it beyond `requires`
    narrower: tuple[ScopeStatement, ...] = ()  # sentences naming it for fewer than `requires`
    card_notes: Sources = ()  # source sentences every card of it shows (a row's '*': from
    # its table's star_note, not here)

    @property
    def situations(self) -> tuple[str, ...]:
        """Every situation it requires or addresses, in data order, once."""
        ids = [s for r in self.requires for s in r.any_of] + [a.situation for a in self.addresses]
        ids += [s for st in (*self.wider, *self.narrower) for s in st.any_of]
        return tuple(dict.fromkeys(ids))

    @property
    def source_order(self) -> tuple[int, int]:
        """(table, row) of its first row in the source: the order the source gives."""
        return min(((r.table, r.row) for r in self.tables), default=(99, 99))


# --- The Interventiewijzer's rules (data/finder.yml) -------------------------------------


class RecognitionLevelRule(Strict):
    """A recognition level; the list's order is the rank (strongest evidence first)."""

    id: Slug
    label: Text  # how the finder names the level (filter, explanation); cards show the source
    recognised: bool  # 'erkend' in the DEJ: decides the box of `advice` (no recognised one)
    # the sentence of the source that lists the interventions of this level (the KJP's list in
    # 5.4): an intervention counts as of this level for tier 1 only when it is on that list
    # (its `recognition.listed` quotes its name there)
    list: Source | None = None


class LinkedText(Strict):
    """A sentence of the tool with links to where the guideline says it (`refs`: anchors)."""

    text: Text
    refs: tuple[Slug, ...] = ()


class AgeGroup(Strict):
    """A group of ages with its own recommendation (e.g. young children and older ones)."""

    id: Slug
    until: AgeBound | None = None  # first age no longer in the group; None: to the end
    recommendation: Slug  # the statement tier 1 of this group rests on
    tier1_tables: Annotated[tuple[int, ...], Field(min_length=1)]  # tables it recommends from
    tier1_levels: Annotated[tuple[Slug, ...], Field(min_length=1)]  # recognition levels
    text: LinkedText  # under the tier-1 heading: what the guideline recommends for this group
    sources: Annotated[Sources, Field(min_length=1)]


PLACEHOLDERS = ("wording", "age", "quote", "where", "wide_quote", "wide_where")


def _with_placeholders(value: str) -> str:
    """A Text with {placeholders}: checked as the text it becomes once they are filled in
    (with data text, itself checked), so the braces are not read as an attribute list."""
    safe_text.check(re.sub(r"\{[^{}]*\}", "x", value))
    return value


# Text with {placeholders} that widgets/ fills in (TierReason.text)
TemplateText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_with_placeholders)
]


class TierReason(Strict):
    """Why an intervention is listed apart (tier 2). `text` may use {wording} (the age in the
    source's words), {age} (the child's age), {quote} and {where} (the words and place of the
    statement that lists this age, for an `also` statement; for the `smaller_group` reason the
    row's target group the child is outside of), {wide_quote} and {wide_where} (the `wider`
    statement that names the intervention for this child)."""

    id: Slug
    label: Text
    text: TemplateText
    sources: Sources = ()
    note: Slug | None = None  # a source note (data/source_notes.yml) shown with it

    @model_validator(mode="after")
    def _placeholders(self) -> TierReason:
        used = re.findall(r"\{([^{}]*)\}", self.text)
        unknown = [u for u in used if u not in PLACEHOLDERS]
        if unknown:
            raise ValueError(
                f"text: onbekende invulplaats(en) {unknown}; toegestaan: {list(PLACEHOLDERS)}"
            )
        return self


class SpecialReasons(Strict):
    """Which reason the finder gives in the cases every intervention can meet."""

    boundary: Slug  # the age is in a boundary year (month) of the range
    approximate_boundary: Slug  # ... of a range the source calls 'ongeveer'
    no_age: Slug  # no age given: which recommendation applies is unknown
    smaller_group: Slug  # outside the row's target group, named by a `wider` statement


class AgeNote(Strict):
    """A source note shown with the results for ages in [from, until)."""

    note: Slug
    min: AgeBound
    max: AgeBound  # first age no longer shown ('through' not used)


class SituationStatement(Strict):
    """A statement shown with the results when `situation` is ticked."""

    situation: Slug
    statement: Slug
    title: Text


class Indication(Strict):
    """Who indicates a treatment, as the source says it: shown on the card of every
    intervention with a row in one of `tables` (the treatments); of one that also has a row in
    another table (a preventive intervention too), only for the age groups of `groups`."""

    label: Text  # the card line's label
    tables: Annotated[tuple[int, ...], Field(min_length=1)]
    groups: tuple[Slug, ...] = ()
    sources: Annotated[Sources, Field(min_length=1)]


class FinderTexts(Strict):
    precondition_title: Text  # over the statement of `precondition`
    tier1_heading: Text
    tier2_heading: Text
    tier2_text: LinkedText
    tier1_empty: Text  # an age given, nothing recommended
    tier2_empty: Text
    no_age: Text  # why tier 1 stays empty without an age
    prenatal_empty: Text  # not yet born, nothing listed
    advice_title: Text  # over the statement of tools.finder.advice


class FinderRules(Strict):
    """How the Interventiewijzer applies the data of interventions.yml: every rule here and
    there has its source; widgets/finder.py applies them and knows none itself."""

    precondition: Slug  # the statement shown above every result
    recognition_levels: Annotated[tuple[RecognitionLevelRule, ...], Field(min_length=1)]
    order_sources: Annotated[Sources, Field(min_length=1)]  # why this order
    age_groups: Annotated[tuple[AgeGroup, ...], Field(min_length=1)]
    prenatal_group: Slug  # the age group of a child not yet born
    reasons: Annotated[tuple[TierReason, ...], Field(min_length=1)]
    special_reasons: SpecialReasons
    age_notes: tuple[AgeNote, ...] = ()
    situation_statements: tuple[SituationStatement, ...] = ()
    indication: Indication | None = None
    texts: FinderTexts

    @model_validator(mode="after")
    def _consistent(self) -> FinderRules:
        levels = [lv.id for lv in self.recognition_levels]
        if len(set(levels)) != len(levels):
            raise ValueError("recognition_levels: dubbele id")
        groups = self.age_groups
        if any(g.until is None for g in groups[:-1]) or groups[-1].until is not None:
            raise ValueError("age_groups: alleen de laatste groep heeft geen 'until'")
        edges = [g.until.months for g in groups[:-1] if g.until]
        if edges != sorted(set(edges)) or any(e != int(e) for e in edges):
            raise ValueError("age_groups: 'until' moet oplopen, in hele maanden")
        ids = [g.id for g in groups]
        if self.prenatal_group not in ids:
            raise ValueError(f"prenatal_group: '{self.prenatal_group}' is geen age_group")
        for g in groups:
            unknown = [lv for lv in g.tier1_levels if lv not in levels]
            if unknown:
                raise ValueError(f"age_groups: groep '{g.id}' noemt onbekend niveau {unknown}")
        reasons = {r.id for r in self.reasons}
        for name, value in self.special_reasons:
            if value not in reasons:
                raise ValueError(f"special_reasons.{name}: '{value}' is geen reason")
        return self

    def group_spans(self) -> dict[str, MonthSpan]:
        """Age group id -> its months [from, until)."""
        spans: dict[str, MonthSpan] = {}
        start = 0
        for g in self.age_groups:
            until = int(g.until.months) if g.until else None
            spans[g.id] = (start, until)
            start = until or 0
        return spans

    def level_rank(self, level_id: str) -> int:
        return [lv.id for lv in self.recognition_levels].index(level_id)


# --- Source notes (data/source_notes.yml) ------------------------------------------------


class SourceNote(Strict):
    """A 'bronopmerking': where the source contradicts itself or repeats text by mistake, the
    site keeps the source text and shows this note beside it (at each of `anchors`), on the
    pages and Interventiewijzer cards of `interventions`, and in the list on the about page."""

    id: Slug  # its anchor in the list, 'bronopmerking-...'
    title: Text  # short, Dutch
    text: Text  # the note, Dutch (Markdown); words between « » are the source's, verbatim
    anchors: Annotated[tuple[Slug, ...], Field(min_length=1)]  # shown beside these
    quotes: Annotated[Sources, Field(min_length=1)]  # the sides, in the source's words
    interventions: tuple[Slug, ...] = ()

    @model_validator(mode="after")
    def _id(self) -> SourceNote:
        if not self.id.startswith("bronopmerking-"):
            raise ValueError("id: moet beginnen met 'bronopmerking-'")
        return self


class HarmfulApproach(Strict):
    id: Slug
    name: Text
    description: Text
    reason: Text


# --- Instruments and stappenplan --------------------------------------------------------


class Instrument(Strict):
    id: Slug
    name: Text  # abbreviation, e.g. "ARI-CP 2-5"
    full_name: Text
    reference: Text
    paragraph: Literal["4.2", "4.3"]
    kind: Literal["signalering", "diagnostiek"]
    use: Literal["klinisch", "onderzoek"]  # 'onderzoek': research only (4.3)
    age: Text  # as the source words it, e.g. "kinderen van 1-5 jaar"
    informant: Text  # who fills it in / with whom
    purpose: Text
    description: tuple[Text, ...] = ()
    steps: tuple[Literal[1, 2, 3], ...] = ()  # stappen of the stappenplan that use it
    url: WebUrl | None = None
    tool: Text | None = None  # content path of this site's tool for it, e.g. hulpmiddelen/lsvg.md


class StepPart(Strict):
    label: Text | None = None  # 'a', 'b', ...
    text: Text
    items: tuple[ListItem, ...] = ()
    instruments: tuple[Slug, ...] = ()  # instrument ids this part uses
    on_card: bool = False  # also on the stappenplan werkkaart, with its items (outcomes, referral)


class Step(Strict):
    number: Literal[1, 2, 3]
    id: Slug
    title: Text
    who: Text  # who may carry it out
    summary: Text  # one line for the diagram
    text: tuple[Text, ...] = ()
    items: tuple[ListItem, ...] = ()
    parts: tuple[StepPart, ...] = ()


class Stappenplan(Strict):
    intro: tuple[Text, ...]
    steps: tuple[Step, Step, Step]


# --- Balansmodel (bijlage 2) ------------------------------------------------------------


class BalanceDomain(Strict):
    id: Slug
    title: Text
    protective: tuple[Text, ...]
    hindering: tuple[Text, ...]


class Balansmodel(Strict):
    domains: tuple[BalanceDomain, ...] = Field(min_length=4, max_length=4)


# --- LSVG (bijlage 4) -------------------------------------------------------------------


class LsvgScalePoint(Strict):
    value: Annotated[int, Field(ge=1, le=5)]
    label: Text


class LsvgItem(Strict):
    number: Annotated[int, Field(ge=1, le=8)]
    id: Slug  # lsvg-item-N
    title: Text
    normaal: Text
    verstoord: Text

    @model_validator(mode="after")
    def _id_matches(self) -> LsvgItem:
        if self.id != f"lsvg-item-{self.number}":
            raise ValueError(f"id: moet 'lsvg-item-{self.number}' zijn")
        return self


class LsvgSteps(Strict):
    """One group of 'Mogelijke vervolgstappen' as the source gives it."""

    id: Slug  # its section on the list's page: 'lsvg-band-<id>'
    heading: Text  # 'Bij een totaalscore ...', as in the source
    steps: tuple[Text, ...]


class LsvgBand(Strict):
    """The totals that share one outcome. `norm_text` is the 'Voorlopige normering' line of
    the source for these totals; None where the source's normering names none of them (then
    `note`, a source note, says so)."""

    id: Slug
    min_total: Annotated[int, Field(ge=8, le=40)]
    max_total: Annotated[int, Field(ge=8, le=40)]
    norm_text: Text | None = None
    label: Text  # short Dutch label for the result (a web text)
    steps: Slug  # the vervolgstappen (an id of `vervolgstappen`) the source gives these totals
    note: Slug | None = None  # a source note shown with this outcome

    @model_validator(mode="after")
    def _explained(self) -> LsvgBand:
        if self.norm_text is None and self.note is None:
            raise ValueError("note: een uitkomst zonder normering in de bron heeft een "
                             "bronopmerking nodig")
        return self


class LsvgCondition(Strict):
    """A condition of use the calculator shows, in the source's words (« ») with its source."""

    text: Text
    sources: Annotated[Sources, Field(min_length=1)]


class Lsvg(Strict):
    title: Text
    source: Text
    instruction: Text
    scale: tuple[LsvgScalePoint, ...] = Field(min_length=5, max_length=5)
    items: tuple[LsvgItem, ...] = Field(min_length=8, max_length=8)
    toelichting: tuple[Text, ...]
    administration: tuple[Text, ...]  # 'Hoe af te nemen?'
    norms_intro: Text
    bands: tuple[LsvgBand, ...] = Field(min_length=1)
    vervolgstappen: tuple[LsvgSteps, ...] = Field(min_length=1)
    training: tuple[Text, ...]
    aandachtspunten: tuple[Text, ...]
    conditions: tuple[LsvgCondition, ...] = ()  # conditions of use, shown on the calculator
    condition_notes: tuple[Slug, ...] = ()  # source notes shown with them

    @model_validator(mode="after")
    def _consistent(self) -> Lsvg:
        if [p.value for p in self.scale] != [1, 2, 3, 4, 5]:
            raise ValueError("scale: moet de waarden 1 t/m 5 op volgorde hebben")
        if [i.number for i in self.items] != list(range(1, 9)):
            raise ValueError("items: moeten genummerd zijn 1 t/m 8, op volgorde")
        expected_start = 8
        for band in self.bands:
            if band.min_total != expected_start or band.max_total < band.min_total:
                raise ValueError("bands: moeten aansluitend 8 t/m 40 dekken, zonder gaten")
            expected_start = band.max_total + 1
        if expected_start != 41:
            raise ValueError("bands: moeten aansluitend 8 t/m 40 dekken, zonder gaten")
        steps = [v.id for v in self.vervolgstappen]
        if len(set(steps)) != len(steps):
            raise ValueError("vervolgstappen: dubbele id")
        for band in self.bands:
            if band.steps not in steps:
                raise ValueError(f"bands: '{band.id}' noemt onbekende vervolgstappen "
                                 f"'{band.steps}'")
        ids = [b.id for b in self.bands]
        if len(set(ids)) != len(ids):
            raise ValueError("bands: dubbele id")
        return self

    def steps_of(self, band: LsvgBand) -> LsvgSteps:
        return next(v for v in self.vervolgstappen if v.id == band.steps)


# --- Corrections listed on 'Over deze webversie' ----------------------------------------


class Correction(Strict):
    id: Slug
    where: Text  # e.g. "1.2" or "Bijlage 2"
    original: Text  # as in the PDF
    corrected: Text  # as on this site
    reason: Text


# --- Redirects for published anchors (data/redirects.yml) -------------------------------


class Redirect(Strict):
    """A published id that is gone or moved: `to` names the id that now carries its content."""

    id: Slug
    to: Slug
    reason: Text


# --- The links lock (data/links-lock.json) ---------------------------------------------

# A published URL as links.json gives it: a page folder of the site (lowercase words joined
# by '-', each folder ending in '/') and the anchor. No '..', no '//', no other characters:
# the build writes redirect pages at these paths.
LOCKED_URL = r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*#[a-z0-9]+(?:-[a-z0-9]+)*$"


def _locked_url(value: str) -> str:
    if not re.fullmatch(LOCKED_URL, value):
        raise ValueError(
            f"'{value[:80]}' is geen adres van de site: verwacht '/map/.../#id' (kleine letters, "
            "cijfers en '-', elke map eindigt op '/', geen '..')"
        )
    return value


class LockEntry(Strict):
    id: Slug
    url: Annotated[str, AfterValidator(_locked_url)]

    @model_validator(mode="after")
    def _anchor_is_id(self) -> LockEntry:
        if not self.url.endswith(f"#{self.id}"):
            raise ValueError(f"url: moet eindigen op '#{self.id}' (het anker is de id)")
        return self


class LinksLock(Strict):
    """Every (id, url) pair a site ever published; written by `build.py --update-lock`."""

    about: str = ""
    published: tuple[LockEntry, ...]


# --- Front matter of a page (content/*.md and the generated pages) ----------------------

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
    werkkaart: bool = False  # a werkkaart page (generated: sitegen/templates/werkkaart.md.j2)


# --- Search (data/search.yml) ----------------------------------------------------------------

# What a search result can be: a statement (its own entry, as links.json names the kind) or a
# page of the site by its kind (sitegen/search.py decides which from guideline.yml).
SearchKind = Literal[
    "aanbeveling", "kernaanbeveling", "conclusie", "instrument", "begrip", "hoofdstuk",
    "bijlage", "hulpmiddel", "interventie", "clientversie", "werkkaart", "pagina",
]


class Synonym(Strict):
    """Words people type for a term of the guideline. Every part of the site where `term`
    stands (as the beginning of a word, any case) is also found by each of `words`."""

    term: Text  # the guideline's word(s), as they stand in the text (any case)
    words: Annotated[tuple[Text, ...], Field(min_length=1)]  # everyday words, misspellings


class SearchSettings(Strict):
    """How the site's search (mkdocs-material's, lunr) ranks and labels what it finds."""

    # a result's weight by its kind (1: as the theme weighs it); a page's own, below, multiplies
    boost: dict[SearchKind, Annotated[float, Field(gt=0)]] = {}
    pages: dict[ContentPath, Annotated[float, Field(gt=0)]] = {}
    # shown before the title of a page of this kind in the result list: 'Hulpmiddel: ...'
    labels: dict[SearchKind, Text] = {}
    synonyms: tuple[Synonym, ...] = ()
