"""The client version (here: the parents' version in content/ouders/) and its cross-links
with the guideline text.

A page of the client version names the professional paragraphs it is based on in its front
matter (`based_on: [par-1-2, par-5-5]`). From that one list the generator writes both
directions: a 'Waar staat dit in de richtlijn?' section on the client page, and a 'Lees de
versie voor ...' link under each of those paragraph headings. data/guideline.yml
(`client_version`) names the folder and the wording of the links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import meta as mkdocs_meta

from sitegen.data import content_files
from sitegen.data.models.guideline import ClientVersion
from sitegen.data.strict_yaml import parse_yaml, read_utf8
from sitegen.exceptions import BuildError
from sitegen.links import plain_text

# Exactly the front matter MkDocs reads ('---' ... '---' or '...'): one reading of a page.
FRONT_MATTER = mkdocs_meta.YAML_RE
HEADING = re.compile(r"^(#{2,4})\s+(.+?)\s*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ParentPage:
    page: str  # content path, e.g. "ouders/welke-hulp.md"
    title: str
    based_on: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    page: str
    title: str


@dataclass
class CrossLinks:
    folder: str = ""  # content folder of the client version; also the prefix of its ids
    link_text: str = ""  # lead-in of the links from the guideline text to client pages
    parents: dict[str, ParentPage] = field(default_factory=dict)
    headings: dict[str, Heading] = field(default_factory=dict)

    def parents_of(self, anchor: str) -> list[ParentPage]:
        return [p for p in self.parents.values() if anchor in p.based_on]


def front_matter(text: str, shown: str = "front matter") -> dict:
    """The YAML between the '---' lines at the top of a page (the same strict loader as
    data/: no key twice, no alias of a list or mapping)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}
    meta = parse_yaml(match.group(1), shown, first_line=2) or {}
    if not isinstance(meta, dict):
        raise BuildError(f"{shown}, regel 2: de front matter moet een mapping zijn (naam: waarde)")
    return meta


def collect(content_dir: Path, config: ClientVersion | None) -> CrossLinks:
    """Index the headings of the guideline pages and the client pages' `based_on` lists."""
    links = CrossLinks(config.folder, config.link_text) if config else CrossLinks()
    folder = f"{config.folder}/" if config else None
    for page in content_files.pages(content_dir):
        text = read_utf8(content_dir / page, f"content/{page}")
        if folder and page.startswith(folder):
            meta = front_matter(text, f"content/{page}")
            based_on = meta.get("based_on") or []
            if not isinstance(based_on, list) or not all(isinstance(i, str) for i in based_on):
                raise BuildError(f"content/{page}: 'based_on' moet een lijst van ids zijn")
            title = str(meta.get("title") or page)
            links.parents[page] = ParentPage(page, title, tuple(based_on))
        else:
            for _level, title, anchor in HEADING.findall(text):
                # a link text is plain: a footnote reference in a heading must not show raw
                links.headings[anchor] = Heading(page, plain_text(title))
    for parent in links.parents.values():
        for anchor in parent.based_on:
            if anchor not in links.headings:
                raise BuildError(
                    f"content/{parent.page}: 'based_on' noemt '{anchor}', "
                    "maar geen paragraaf van de richtlijn heeft die id"
                )
    return links


def sources_section(parent: ParentPage, links: CrossLinks, link: Callable[[str], str]) -> str:
    """The 'Waar staat dit in de richtlijn?' section appended to a parent page."""
    if not parent.based_on:
        return ""
    items = "\n".join(
        f"- [{links.headings[a].title}]({link(links.headings[a].page + '#' + a)})"
        for a in parent.based_on
    )
    return (
        f'\n\n<div class="{links.folder}-bronnen" markdown="block">\n\n'
        f"## Waar staat dit in de richtlijn? {{#{links.folder}-bronnen}}\n\n"
        "Deze pagina is een eenvoudige versie van deze delen van de richtlijn voor "
        "professionals:\n\n"
        f"{items}\n\n</div>\n"
    )


def add_backlinks(text: str, links: CrossLinks, link: Callable[[str], str]) -> str:
    """At the end of each paragraph a parent page is based on, link to that parent page.

    The note goes at the end of the section (before the next heading of the same or a higher
    level), so the heading and its first sentence stay together.
    """
    headings = list(HEADING.finditer(text))
    insertions: list[tuple[int, str]] = []
    for i, match in enumerate(headings):
        parents = links.parents_of(match.group(3))
        if not parents:
            continue
        level = len(match.group(1))
        end = next((h.start() for h in headings[i + 1 :] if len(h.group(1)) <= level), len(text))
        targets = ", ".join(f"[{p.title}]({link(p.page)})" for p in parents)
        note = (
            f'<p class="{links.folder}-link" markdown="span">{links.link_text}: {targets}</p>'
        )
        insertions.append((end, f"\n{note}\n\n"))
    for position, note in sorted(insertions, reverse=True):
        text = text[:position] + note + text[position:]
    return text
