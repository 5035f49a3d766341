"""Addresses: link targets, page URLs, relative links and plain titles.

A leaf module (it imports nothing of the generator), used by the renderer, the redirects, the
tools and the packaging of the widgets, so that a URL is formed in one way only.

- A *content path* names a page as a file of content/: 'hoofdstuk-1.md', 'ouders/index.md'.
- A *site URL* is what a reader sees, relative to the site root with a leading slash and
  directory URLs: '/hoofdstuk-1/', '/ouders/', '/hoofdstuk-1/#aanbeveling-1-9-2'.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkTarget:
    """One published anchor: an entry of links.json, the contract trainers link against."""

    id: str
    kind: str
    title: str
    url: str  # site URL with #anchor


# A Markdown heading with an explicit id ('## 1.2 Wat is ... {#par-1-2}'): level, text, id.
HEADING_ID = re.compile(r"^(#{1,4})\s+(.+?)\s*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)

WERKKAART_FOLDER = "werkkaarten"  # content folder of the generated werkkaart pages
INTERVENTION_FOLDER = "interventies"  # one generated page per intervention


def werkkaart_page(card_id: str) -> str:
    """Content path of a werkkaart: 'stappenplan' -> 'werkkaarten/stappenplan.md'."""
    return f"{WERKKAART_FOLDER}/{card_id}.md"


def werkkaart_anchor(card_id: str) -> str:
    """Its anchor, links.json id and short link name: 'werkkaart-stappenplan'."""
    return f"werkkaart-{card_id}"


def page_url(page: str) -> str:
    """content path -> site URL: 'hoofdstuk-1.md' -> '/hoofdstuk-1/', 'index.md' -> '/'."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return "/"
    if stem.endswith("/index"):
        return "/" + stem.removesuffix("index")
    return f"/{stem}/"


def relative_url(from_dir: str, url: str) -> str:
    """Site URL as seen from a site folder: ('r/x/', '/h-1/#x') -> '../../h-1/#x'."""
    path, _, anchor = url.lstrip("/").partition("#")
    rel = posixpath.relpath(path or ".", from_dir.strip("/") or ".")
    rel = "" if rel == "." else rel.rstrip("/") + "/"
    return rel + (f"#{anchor}" if anchor else "")


def content_link(from_page: str, target: str) -> str:
    """Markdown link between content paths: ('ouders/a.md', 'h-1.md#x') -> '../h-1.md#x'.

    MkDocs checks such links and turns them into the site's URLs.
    """
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(from_page) or ".")
    return rel + (f"#{anchor}" if anchor else "")


# Emphasis marks only where they open or close a word, so 'snake_case' keeps its underscore.
_EMPHASIS = re.compile(r"(?<!\w)[*_`]+|[*_`]+(?!\w)")


def plain_text(markdown: str) -> str:
    """Inline Markdown as a reader sees it: no footnote refs, link targets, emphasis or <>."""
    text = re.sub(r"\[\^[^\]]+\]", "", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def short_title(markdown: str, words: int = 12) -> str:
    """The first words of a text as a plain title, with an ellipsis when cut."""
    plain = plain_text(markdown).split()
    return " ".join(plain[:words]) + (" …" if len(plain) > words else "")


_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)+)\s")


def short_label(target: LinkTarget) -> str:
    """How a link to a target names it in running text: 'Conclusie 5.6.3', 'Tabel 2: PCIT',
    'paragraaf 5.4', 'Tabel 3'; the full title where there is no shorter name."""
    title = plain_text(target.title)
    if target.kind in ("kernaanbeveling", "aanbeveling", "conclusie", "stap"):
        return title.split(":")[0]
    if target.kind == "tabel":
        return title.split(".")[0]
    if target.kind == "paragraaf":
        match = _NUMBERED_HEADING.match(title)
        if match:
            return f"paragraaf {match.group(1)}"
    return title


def slug(text: str) -> str:
    """'ARI-CP 2-5' -> 'ari-cp-2-5': the id part made from a name (glossary anchors)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
