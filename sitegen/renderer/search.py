"""The search index as people search: mkdocs-material's own search, given better entries.

The theme's search plugin writes `search/search_index.json` (one entry per page and per
heading with an id) and its worker searches it with lunr and lunr-languages (Dutch). Both stay
as they are: this module only rewrites the index after MkDocs has written it, with what the
theme's options cannot say (data/search.yml, `SearchSettings`):

- **Statements as results of their own.** A recommendation, kernaanbeveling, conclusion,
  instrument or glossary entry has no heading, so the theme indexes it inside its paragraph's
  section. They carry `data-search-exclude` (the theme's own attribute, in the templates),
  and each gets an entry here from the data: 'Aanbeveling 4.5.2 (gedragswetenschappers)', its
  text, its audience, its anchor.
- **What a result is.** The page of a result shows its kind before its title ('Hulpmiddel:
  Rekenhulp LSVG', 'Voor ouders: Welke hulp is er?'; `labels`), from an attribute the theme's
  tokenizer skips (shown by web/site/site.css); chapters, appendices, statements and
  werkkaarten say it in their own titles.
- **Boosts by kind.** The theme's `search: boost` front matter sets an entry's `boost`, one page
  at a time; the kinds come from guideline.yml (tool pages, the parents' version, the
  generated intervention pages and statements, which have no front matter), so one table in
  data sets the same field (`boost`, `pages`).
- **Synonyms.** The theme appends `*` to every word typed, and lunr leaves such words
  unstemmed, which is why the theme's Dutch `pipeline` has no stemmer (with one, 'kinderen*'
  would no longer find the stem 'kinder'). So the everyday words, abbreviations and
  misspellings of `synonyms` are indexed beside the guideline's term, in two extra fields of the
  index (`fields` in mkdocs.yml gives them the weights of the title and the text): an entry in
  whose title or text the term stands is found by each of its words. The fields are indexed
  but never shown (the theme's result template shows title, text and tags only).

Zensical writes another index (search.json); a build with it keeps its own search unchanged.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.data.loading import GuidelineData
from sitegen.data.models.base import ListItem
from sitegen.data.models.search import SearchKind, SearchSettings, Synonym
from sitegen.data.models.statements import AUDIENCE_LABELS, Block, Recommendation
from sitegen.exceptions import BuildError
from sitegen.links import (
    INTERVENTION_FOLDER,
    WERKKAART_FOLDER,
    LinkTarget,
    page_url,
    plain_text,
    short_label,
    slug,
)
from sitegen.publish import site_dir

INDEX = Path("search") / "search_index.json"
STATEMENT_KINDS = ("kernaanbeveling", "aanbeveling", "conclusie")
TITLE_SYNONYMS = "title_synonyms"  # index fields, weighted in mkdocs.yml (plugins.search.fields)
TEXT_SYNONYMS = "synonyms"
TAG = re.compile(r"<[^>]+>")
# The characters outside ASCII that `re` matches to an ASCII letter when it ignores case (İ ı
# ſ K; tests/test_search.py asks this Python). İ is also the one character that lower()
# makes longer. A text without them finds an ASCII word in any case only where its lower()
# holds the word in lower case.
CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True)
class _Rule:
    synonym: Synonym
    pattern: re.Pattern[str]
    first: str | None  # the term's first word in lower case, where it is ASCII


def _found(rules: Iterable[_Rule], text: str) -> list[_Rule]:
    """The rules whose pattern finds the term in `text`. Where the text holds none of
    CASE_TWINS, a rule whose (ASCII) first word is not in the text's lower() cannot match:
    it is not asked (0.05 s of every build: most texts hold none of the 29 terms)."""
    lower = None if CASE_TWINS.search(text) else text.lower()
    return [r for r in rules
            if (lower is None or r.first is None or r.first in lower) and r.pattern.search(text)]


def _rule(synonym: Synonym) -> _Rule:
    r"""The term as the beginning of a word, any case, a space or hyphen between its words.
    (No word character before it: checked after its first character, `(?<!\w.)`, because
    a pattern that starts with a look-behind is tried at every position of the text, three
    times as slow.)"""
    words = synonym.term.split()
    first = re.escape(words[0][0]) + r"(?<!\w(?s:.))" + re.escape(words[0][1:])
    pattern = r"[\s\-]+".join([first, *(re.escape(w) for w in words[1:])])
    return _Rule(synonym, re.compile(pattern, re.IGNORECASE),
                 words[0].lower() if words[0].isascii() else None)


def page_kinds(data: GuidelineData) -> dict[str, SearchKind]:
    """Index location of a page ('hoofdstuk-4/') -> its kind, from guideline.yml."""
    g = data.guideline
    kinds: dict[str, SearchKind] = {}
    for chapter in g.chapters:
        kinds[_location(chapter.page)] = "hoofdstuk"
    for appendix in g.appendices:
        kinds[_location(appendix.page)] = "bijlage"
    for tool in (g.tools.lsvg, g.tools.finder):
        if tool is not None:
            kinds[_location(tool.page)] = "hulpmiddel"
    return kinds


def _location(page: str) -> str:
    """content path -> the theme's index location: 'hoofdstuk-4.md' -> 'hoofdstuk-4/'."""
    return page_url(page).lstrip("/")


def kind_of(location: str, data: GuidelineData, kinds: dict[str, SearchKind]) -> SearchKind:
    page = location.partition("#")[0]
    if page in kinds:
        return kinds[page]
    client = data.guideline.client_version
    if client is not None and page.startswith(client.folder + "/"):
        return "clientversie"
    if page.startswith(INTERVENTION_FOLDER + "/") and page != INTERVENTION_FOLDER + "/":
        return "interventie"
    if page.startswith(WERKKAART_FOLDER + "/"):
        return "werkkaart"
    return "pagina"


def _paragraph(text: str) -> str:
    return f"<p>{html.escape(plain_text(text), quote=False)}</p>"


def _items(items: Iterable[ListItem]) -> str:
    out = []
    for item in items:
        inner = html.escape(plain_text(item.text), quote=False)
        if item.items:
            inner += " " + _items(item.items)
        out.append(f"<li>{inner}</li>")
    return "<ul>" + "".join(out) + "</ul>"


def _blocks(blocks: Iterable[Block]) -> str:
    out = []
    for block in blocks:
        if block.heading:
            out.append(_paragraph(block.heading))
        if block.text:
            out.extend(_paragraph(p) for p in re.split(r"\n\s*\n", block.text) if p.strip())
        if block.items:
            out.append(_items(block.items))
    return " ".join(out)


def _entry(location: str, title: str, parts: Iterable[str], kind: SearchKind) -> dict:
    return {
        "location": location.lstrip("/"),
        "title": html.escape(title, quote=False),
        "text": " ".join(p for p in parts if p),
        "kind": kind,
    }


def data_entries(
    data: GuidelineData, links: Iterable[LinkTarget], placed: dict[str, str]
) -> list[dict]:
    """Index entries of their own, from the data: each published statement (its label, text
    and audience), each instrument and each glossary entry."""
    entries = []
    for target in links:
        if target.kind in STATEMENT_KINDS:
            statement = data.statement(target.id)
            parts = [_paragraph(statement.text), _blocks(statement.blocks)]
            if isinstance(statement, Recommendation):
                audience = ", ".join(AUDIENCE_LABELS[a] for a in statement.audience)
                parts.insert(0, f"<p>Voor: {html.escape(audience, quote=False)}</p>")
            entries.append(_entry(target.url, short_label(target), parts, target.kind))
        elif target.kind == "instrument":
            ins = next(i for i in data.instruments if i.id == target.id)
            parts = [_paragraph(f"{ins.age} · {ins.informant}"), _paragraph(ins.purpose)]
            parts += [_paragraph(p) for p in ins.description]
            entries.append(_entry(target.url, target.title, parts, "instrument"))
    glossary = placed.get("glossary")
    if glossary is not None:
        for g in data.glossary:
            parts = [_paragraph(g.meaning)] + ([_paragraph(g.explanation)] if g.explanation else [])
            location = f"{page_url(glossary)}#begrip-{slug(g.term)}"  # blocks.html.j2's id
            entries.append(_entry(location, g.term, parts, "begrip"))
    return entries


def _synonyms(rules: list[_Rule], title: str, text: str) -> tuple[str, str]:
    """The words of the rules whose term stands in the title, and in the text."""
    in_title = [w for r in _found(rules, title) for w in r.synonym.words]
    in_text = [w for r in _found(rules, text) for w in r.synonym.words]
    return " ".join(in_title), " ".join(in_text)


def rewrite(
    index: dict, data: GuidelineData, links: list[LinkTarget], placed: dict[str, str]
) -> dict:
    """The theme's index with entries of the data, labels, boosts and synonyms."""
    settings = data.search or SearchSettings()
    kinds = page_kinds(data)
    docs: list[dict] = list(index["docs"])
    # statements follow the last entry of their page: the theme takes a page's first entry
    # as the page (its parent in the result list), so an entry of its own must not come first
    by_page: dict[str, list[dict]] = {}
    for doc in docs:
        by_page.setdefault(doc["location"].partition("#")[0], []).append(doc)
    for entry in data_entries(data, links, placed):
        page = entry["location"].partition("#")[0]
        if page not in by_page:
            raise BuildError(
                f"zoeken: {entry['location']} staat op een pagina die niet in de zoekindex staat"
            )
        by_page[page].append(entry)
    page_boost = {_location(page): boost for page, boost in settings.pages.items()}
    rules = [_rule(s) for s in settings.synonyms]
    used: set[str] = set()
    out = []
    for page, entries in by_page.items():
        page_kind = kind_of(page, data, kinds)
        for doc in entries:
            if "#" in doc["location"] and not doc["text"] and doc["title"] == entries[0]["title"]:
                continue  # a heading inside an excluded block: the theme gives it the page's title
            kind = doc.pop("kind", page_kind)
            title, text = TAG.sub(" ", doc["title"]), TAG.sub(" ", doc["text"])
            in_title, in_text = _synonyms(rules, html.unescape(title), html.unescape(text))
            both = f"{title} {text}"
            used.update(r.synonym.term
                        for r in _found([r for r in rules if r.synonym.term not in used], both))
            if in_title:
                doc[TITLE_SYNONYMS] = in_title
            if in_text:
                doc[TEXT_SYNONYMS] = in_text
            boost = settings.boost.get(kind, 1.0) * page_boost.get(page, 1.0)
            boost *= doc.get("boost", 1.0)  # a page's own `search: boost` front matter
            if boost != 1.0:
                doc["boost"] = round(boost, 3)
            label = settings.labels.get(page_kind)
            if label and doc["location"] == page:
                # in an attribute, so that it is shown (web/site/site.css) but not indexed:
                # 'Voor ouders' in the title of every parents' page would make each of them a
                # title match for 'ouders'
                doc["title"] = (
                    f'<span class="search-kind" data-kind="{html.escape(label)}"></span>'
                    + doc["title"]
                )
            out.append(doc)
    unused = [s.term for s in settings.synonyms if s.term not in used]
    if unused:
        raise BuildError([
            f"data/search.yml: synoniem '{term}', veld 'term': staat nergens op de site (een "
            "synoniem wijst naar een woord van de richtlijn)"
            for term in unused
        ])
    return {**index, "docs": out}


def finish(
    site: Path, data: GuidelineData, links: list[LinkTarget], placed: dict[str, str]
) -> None:
    """Rewrite the theme's search index in the built site (MkDocs only; see the module doc)."""
    path = site / INDEX
    if not path.is_file():
        return  # another renderer, with its own index
    index = json.loads(path.read_text(encoding="utf-8"))
    site_dir.write_text(  # checked like every other write of the build
        path,
        json.dumps(rewrite(index, data, links, placed), ensure_ascii=False, separators=(",", ":")),
    )
