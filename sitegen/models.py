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

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The guideline itself (data/guideline.yml) ----------------------------------------------

ContentPath = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*\.md$")]


class Citation(Strict):
    """How to cite the guideline (the 'Citeer' buttons and links.json): only what the source
    itself says, so no authors where the source names none."""

    series: Text | None = None  # the series the guideline belongs to
    year: Annotated[int, Field(ge=1900, le=2100)]
    url: Text | None = None  # where the owner publishes it


class Chapter(Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text  # without 'Hoofdstuk N.'
    page: ContentPath

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

    @property
    def label(self) -> str:
        return f"Tabel {self.number}. {self.title}"


class NavPage(Strict):
    page: ContentPath
    title: Text | None = None  # None: the page's own title


class NavSection(Strict):
    """A group in the navigation: listed pages, or pages generated from this file."""

    title: Text
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
    advice: Slug  # the recommendation that says what to do when nothing fits
    # example links on the trainers' links page: label -> URL query of the page
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


class Guideline(Strict):
    title: Text  # full title, as on the cover
    short_title: Text  # site name
    revision: Text  # '2019': the version trainers cite
    revision_label: Text  # 'herziene versie 2019'
    description: Text
    language: Literal["nl"] = "nl"
    citation: Citation
    copyright: Text
    chapters: tuple[Chapter, ...] = Field(min_length=1)
    appendices: tuple[Appendix, ...] = ()
    tables: tuple[NamedTable, ...] = ()
    # labels of recommendation groups (Recommendation.group), e.g. the three groups of 4.5
    groups: dict[Slug, Text] = {}
    tools: Tools = Tools()
    client_version: ClientVersion | None = None
    werkkaarten: tuple[Werkkaart, ...] = ()
    print: PrintDocument = PrintDocument()
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


# --- Interventions ----------------------------------------------------------------------


class RecognitionLevel(StrEnum):
    """DEJ (Databank Effectieve Jeugdinterventies) levels, strongest first (5.6 order)."""

    sterke = "effectief-sterke-aanwijzingen"
    goede = "effectief-goede-aanwijzingen"
    eerste = "effectief-eerste-aanwijzingen"
    onderbouwd = "goed-onderbouwd"
    verlopen = "erkenning-verlopen"
    niet = "niet-erkend"

    @property
    def rank(self) -> int:
        return list(RecognitionLevel).index(self)


RECOGNITION_LABELS: dict[RecognitionLevel, str] = {
    RecognitionLevel.sterke: "Effectief volgens sterke aanwijzingen",
    RecognitionLevel.goede: "Effectief volgens goede aanwijzingen",
    RecognitionLevel.eerste: "Effectief volgens eerste aanwijzingen",
    RecognitionLevel.onderbouwd: "Goed onderbouwd",
    RecognitionLevel.verlopen: "Erkenning verlopen",
    RecognitionLevel.niet: "Niet erkend in de DEJ",
}


class AgeBound(Strict):
    """One end of an age range, as the source words it, in months (N jaar = N*12).

    `inclusive` on a maximum means 'tot en met N jaar': the whole year N still counts, so a
    child of N years and 11 months qualifies. `inclusive: false` means 'tot': only ages below
    `months`. Month-precise bounds ('tot en met 12 maanden') are stored as the first month that
    no longer counts, with `inclusive: false`. The header of data/interventions.yml says the same.
    """

    months: Annotated[int, Field(ge=0, le=23 * 12)]
    inclusive: bool = True


class AgeRange(Strict):
    """Machine-readable age range; `wording` keeps the source's words it was read from."""

    prenatal: bool = False  # the intervention starts during pregnancy
    postnatal: bool = True  # False: it can only start before birth (VoorZorg)
    min: AgeBound | None = None  # None: from birth
    max: AgeBound | None = None  # None: no upper bound in the source (up to 23, the Jeugdwet)
    wording: Text

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min and self.max and self.min.months > self.max.months:
            raise ValueError("min: ligt na max")
        if not (self.prenatal or self.postnatal):
            raise ValueError("postnatal: een interventie moet vóór of na de geboorte passen")
        return self

    @property
    def from_months(self) -> int:
        """Youngest age in whole months that fits (inclusive)."""
        if self.min is None:
            return 0
        return self.min.months if self.min.inclusive else self.min.months + 12

    @property
    def until_months(self) -> int | None:
        """First age in whole months that no longer fits (exclusive); None: no upper bound."""
        if self.max is None:
            return None
        return self.max.months + 12 if self.max.inclusive else self.max.months

    def fits(self, age_months: int) -> bool:
        """Whether a born child of this age (whole months) fits the range."""
        until = self.until_months
        return (
            self.postnatal
            and age_months >= self.from_months
            and (until is None or age_months < until)
        )


class Situation(Strict):
    id: Slug
    label: Text  # Dutch label shown in the finder
    description: Text | None = None


class TableRow(Strict):
    """How an intervention appears in one of tables 1-3 (cells as the source words them)."""

    table: Literal[1, 2, 3]
    doel: Text
    doelgroep: Text
    erkenning: Text
    onderzoek: Text
    star: bool = False  # the '*' of table 3: often used, quality not researched
    interventie: Text | None = None  # the 'Interventie' cell as the source words it (name,
    # qualifiers such as '(in de JGZ)', reference), without the '*'; None: render name (reference)


class Intervention(Strict):
    id: Slug
    name: Text
    full_name: Text
    reference: Text  # literature reference as in the table, e.g. "Juffer et al., 2016; 2008"
    paragraph: Annotated[str, StringConstraints(pattern=PARAGRAPH.pattern)]
    doel: Text
    doelgroep: Text
    age: AgeRange
    situations: tuple[Slug, ...] = ()  # ids from situations.yml it is meant for
    risk_group: bool = False  # a risk-group intervention (table 2) rather than universal
    recognition: RecognitionLevel
    recognition_text: Text  # 'Erkenningsniveau' as the source words it
    kjp: Text | None = None  # status on the KJP website, where the source gives one
    onderzoek: Text
    tables: tuple[TableRow, ...] = ()
    format: Text | None = None  # e.g. "zeven huisbezoeken"
    summary: tuple[Text, ...] = ()  # the bullet summary of 5.2 ('geschikt voor ...')
    toelichting: tuple[Text, ...] = ()  # paragraphs of the text in 5.2-5.4
    caveats: tuple[Text, ...] = ()  # what a professional must know before choosing it
    website: Text | None = None


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
    url: Text | None = None
    tool: Text | None = None  # content path of this site's tool for it, e.g. hulpmiddelen/lsvg.md


class StepPart(Strict):
    label: Text | None = None  # 'a', 'b', ...
    text: Text
    items: tuple[ListItem, ...] = ()
    instruments: tuple[Slug, ...] = ()  # instrument ids this part uses


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


class LsvgBand(Strict):
    id: Literal["geen-aanwijzingen", "niet-optimaal", "verstoord"]
    min_total: Annotated[int, Field(ge=8, le=40)]
    max_total: Annotated[int, Field(ge=8, le=40)]
    norm_text: Text  # the 'Voorlopige normering' line as in the source
    label: Text  # short Dutch label for the result
    vervolgstappen_heading: Text  # 'Bij een totaalscore ...'
    vervolgstappen: tuple[Text, ...]


class Lsvg(Strict):
    title: Text
    source: Text
    instruction: Text
    scale: tuple[LsvgScalePoint, ...] = Field(min_length=5, max_length=5)
    items: tuple[LsvgItem, ...] = Field(min_length=8, max_length=8)
    toelichting: tuple[Text, ...]
    administration: tuple[Text, ...]  # 'Hoe af te nemen?'
    norms_intro: Text
    bands: tuple[LsvgBand, ...] = Field(min_length=3, max_length=3)
    training: tuple[Text, ...]
    aandachtspunten: tuple[Text, ...]
    band_note: Text  # why 10 belongs to the first band

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
        return self


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
