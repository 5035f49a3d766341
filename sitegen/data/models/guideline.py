"""data/guideline.yml: the guideline itself (`Guideline`): title, revision, chapters,
appendices, tables, navigation, tools, werkkaarten, home page, colofon."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from sitegen.data.models.base import (
    ContentAnchor,
    ContentAsset,
    ContentGlob,
    ContentPath,
    PlainText,
    Slug,
    Strict,
    Text,
    WebUrl,
)
from sitegen.data.models.sources import Source, Sources


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
    # that applies it, a hand-out): PageLinks (below), placed by the renderer
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


class PrintExclusion(Strict):
    """Pages the printed guideline leaves out, and why (both shown on its cover)."""

    pages: tuple[ContentGlob, ...] = Field(min_length=1)  # content paths, '*' allowed
    what: Text  # e.g. 'de startpagina'
    reason: Text


class PrintDocument(Strict):
    """The whole guideline as one printable page (/volledige-richtlijn/)."""

    exclude: tuple[PrintExclusion, ...] = ()


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
