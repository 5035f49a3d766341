"""The guideline's source text, cleaned as content/ is cleaned, and where a quote stands on the
built site: shared by the tests that check the data's quotes (test_quotes.py) and the finder
cases (test_finder_cases.py).

The source text is the PDF's text extraction (tests/conftest.py, SEED), cleaned: page headers
and '\ufffd' dropped, a word broken by a hyphen at a line end joined, whitespace collapsed. A
real compound split at a line end ('Ouder-\\nbaby') is joined by that cleaning too
('Ouderbaby'), so a quote also counts when it matches with the hyphen kept.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SEED
from tests.html import page_file, soup, visible_text

PAGE_HEADER = re.compile(
    r"Richtlijn Problematische gehechtheid voor jeugdhulp en jeugdbescherming"
    r" / richtlijn / pagina \d+"
)
LINE_END_HYPHEN = re.compile(r"(?<=\w)-\n\s*(?=\w)")
HEADINGS = ("h1", "h2", "h3", "h4")

needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"source text not found at {SEED}")


def clean(text: str, keep_hyphen: bool = False) -> str:
    text = PAGE_HEADER.sub(" ", text).replace("\ufffd", "")
    text = LINE_END_HYPHEN.sub("-" if keep_hyphen else "", text)
    return re.sub(r"\s+", " ", text)


@cache
def source_texts() -> tuple[str, str]:
    raw = SEED.read_text(encoding="utf-8")
    return clean(raw), clean(raw, keep_hyphen=True)


def in_source(quote: str) -> bool:
    text = re.sub(r"\s+", " ", quote).strip()
    return any(text in variant for variant in source_texts())


def squeeze(text: str) -> str:
    """Compare text regardless of the whitespace inline elements (<abbr>, <a>) add."""
    return re.sub(r"\s+", "", text)


@cache
def site_targets(site: Path) -> dict[str, str]:
    payload = json.loads((site / "links.json").read_text(encoding="utf-8"))
    return {t["id"]: t["url"] for t in payload["targets"]}


@cache
def anchor_text(site: Path, anchor: str) -> str:
    """The text an anchor stands for on the built site: its element, or for a heading its
    whole section (up to the next heading of the same or a higher level)."""
    element = soup(page_file(site, site_targets(site)[anchor])).find(id=anchor)
    assert element is not None, anchor
    if element.name not in HEADINGS:
        return visible_text(element, footnote_marks=False)
    level = HEADINGS.index(element.name)
    parts = [str(element)]
    for sibling in element.find_next_siblings():
        if sibling.name in HEADINGS[: level + 1]:
            break
        parts.append(str(sibling))
    return visible_text(BeautifulSoup("".join(parts), "html.parser"), footnote_marks=False)


def stands_at(site: Path, anchor: str, shown: str) -> bool:
    """Whether words (as the site shows them) stand at the anchor."""
    return squeeze(shown) in squeeze(anchor_text(site, anchor))
