"""Glossary tooltips at a cost that grows linearly with the glossary
(sitegen/markdown_extensions/abbr.py and `PageContext.abbreviations`): 250 extra terms cost
18.8 s, 2,000 terms 7 min 37 s before, because every page carried every definition and
Python-Markdown's abbr tried every term at every position. scripts/benchmark_glossary.py
measures whole builds up to 10,000 terms."""

from __future__ import annotations

import dataclasses
import random
import re
import string
import time

import markdown
import yaml

from sitegen.data.loading import load
from sitegen.data.models.glossary import GlossaryEntry
from sitegen.markdown_extensions.abbr import terms_pattern
from sitegen.pages.blocks.glossary import glossary
from sitegen.pages.context import PageContext
from tests.conftest import ROOT

DATA = load(ROOT / "data")
EXTENSIONS = [
    e if isinstance(e, str) else next(iter(e))
    for e in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))[
        "markdown_extensions"
    ]
]


def stock_pattern(terms: list[str]) -> re.Pattern[str]:
    """Python-Markdown's own abbr pattern (markdown/extensions/abbr.py)."""
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile(f"\\b(?:{'|'.join(re.escape(t) for t in ordered)})\\b")


def test_the_trie_finds_exactly_what_the_stock_pattern_finds() -> None:
    terms = [g.term for g in DATA.glossary] + ["AB", "ABC", "AB C", "A-B", "ARI", "ARI-CP 2-5"]
    pages = sorted((ROOT / "content").rglob("*.md"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    text += " AB ABC ABCD AB C A-B A-BC ARI-CP ARI-CP 2-5 ARI-CP 2-50 xAB AB_ (AB)"
    found = [(m.start(), m.group(0)) for m in terms_pattern(terms).finditer(text)]
    assert found == [(m.start(), m.group(0)) for m in stock_pattern(terms).finditer(text)]
    assert len(found) > 100


def test_a_page_gets_the_definitions_of_its_own_terms_only() -> None:
    renderer = PageContext(DATA, ROOT / "content")
    used = DATA.glossary[0].term
    extra = renderer.abbreviations(f"Een tekst over {used}, en verder niets.")
    assert extra.count("*[") == 1 and f"*[{used}]: {DATA.glossary[0].meaning}" in extra
    assert renderer.abbreviations("Een tekst zonder termen.").strip() == ""


def _glossary_page(count: int) -> str:
    """Markdown of the glossary page with `count` invented terms, as the build makes it (the
    glossary block and its definitions)."""
    rng = random.Random(count)
    terms: set[str] = set()
    while len(terms) < count:  # varied first letters, as real abbreviations have
        terms.add("".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 6))))
    entries = tuple(GlossaryEntry(term=t, meaning=f"Betekenis van {t} in de jeugdhulp")
                    for t in sorted(terms))
    renderer = PageContext(dataclasses.replace(DATA, glossary=entries), ROOT / "content")
    page = str(glossary(renderer))
    return page + renderer.abbreviations(page)


def _cpu_seconds(page: str) -> float:
    """CPU time (steadier than wall time on a shared machine) of converting `page` with the
    site's extensions."""
    converter = markdown.Markdown(extensions=EXTENSIONS)
    start = time.process_time()
    html = converter.convert(page)
    spent = time.process_time() - start
    assert html.count("<abbr") >= page.count("*[")
    return spent


def test_the_glossary_page_costs_linear_time() -> None:
    """Four times the terms: about four times the time (it was sixteen). Best of three,
    interleaved, against the noise of other work."""
    small, large = _glossary_page(400), _glossary_page(1600)
    times: dict[str, list[float]] = {"small": [], "large": []}
    for _ in range(3):
        times["small"].append(_cpu_seconds(small))
        times["large"].append(_cpu_seconds(large))
    ratio = min(times["large"]) / min(times["small"])
    assert ratio < 8, times
