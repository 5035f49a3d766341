"""The site's search, run with the theme's own search code against the built index.

tests/data/search_queries.yml holds what professionals, parents and trainers type, each with
the pages that answer it. tests/node/search_eval.mjs runs mkdocs-material's search worker as the
site publishes it (lunr + lunr-languages, Dutch) on the built search/search_index.json and
returns the result list of the search box for each query. The goal: a right page among the
first three results for at least 90 % of the queries, and a result for every query.

    .venv/bin/python -m tests.test_search [SITE]   the table of ranks (README figure)
"""

from __future__ import annotations

import json
import re
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sitegen.data.models.search import Synonym
from sitegen.renderer import search

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
SCRIPT = ROOT / "tests" / "node" / "search_eval.mjs"
NODE = shutil.which("node")
GOAL = 0.9  # share of the queries with a right page in the top 3
TOP = 3

needs_node = pytest.mark.skipif(NODE is None, reason="needs node (the theme's search worker)")


@dataclass(frozen=True)
class Outcome:
    query: str
    who: str
    kind: str
    rank: int | None  # 1-based rank of the first right page; None: not among the results
    results: tuple[str, ...]  # the pages listed, in order

    @property
    def hit(self) -> bool:
        return self.rank is not None and self.rank <= TOP


def queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def run_search(site: Path, texts: list[str]) -> list[list[dict]]:
    """The search box's result list for each query (tests/node/search_eval.mjs)."""
    done = subprocess.run(
        [NODE or "node", str(SCRIPT), str(site)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def evaluate(site: Path) -> list[Outcome]:
    cases = queries()
    found = run_search(site, [c["query"] for c in cases])
    out = []
    for case, results in zip(cases, found, strict=True):
        pages = tuple("/" + r["location"] for r in results)
        right = set(case["pages"])
        rank = next((i for i, page in enumerate(pages, 1) if page in right), None)
        out.append(Outcome(case["query"], case["who"], case["kind"], rank, pages))
    return out


def report(outcomes: list[Outcome]) -> str:
    lines = ["| query | who | kind | rank | first results |", "| --- | --- | --- | --- | --- |"]
    for o in outcomes:
        rank = "-" if o.rank is None else str(o.rank)
        lines.append(
            f"| {o.query} | {o.who} | {o.kind} | {rank} | {', '.join(o.results[:3]) or '(none)'} |"
        )
    hits = sum(o.hit for o in outcomes)
    first = sum(o.rank == 1 for o in outcomes)
    lines.append("")
    lines.append(
        f"{hits} of {len(outcomes)} queries ({hits / len(outcomes):.0%}) with a right page in the "
        f"top {TOP}; {first} ranked first; "
        f"{sum(not o.results for o in outcomes)} without results."
    )
    return "\n".join(lines)


# Interface text: buttons, print placeholders, status messages of the tools, the werkkaart's
# header and the chapters' box of links. None of it answers a question.
BOILERPLATE = (
    "Geprint op", "____", "Print deze werkkaart", "Print of bewaar als PDF",
    "Print papieren versie", "Toon interventies", "Wis alle keuzes",
    "Kopieer link naar deze keuzes", "Kopieer de korte link", "Beschikbaar maken zonder internet",
    "wordt geladen", "verschijnen zodra", "JavaScript staat uit", "kan in deze browser niet laden",
    "Totaalscore (zelf optellen)", "Korte link:", "Laatst herzien",
    "Aanbevelingen in dit hoofdstuk", "Waarom apart:",
)


def index_docs(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_no_search_result_shows_interface_text(site: Path) -> None:
    found = [
        (doc["location"], phrase)
        for doc in index_docs(site)
        for phrase in BOILERPLATE
        if phrase.lower() in (doc["title"] + " " + doc["text"]).lower()
    ]
    assert not found, found


def test_each_result_says_what_it_is(site: Path) -> None:
    """Statements are results of their own, titled with their label; a tool, a page of the
    parents' version and an intervention page carry their kind (shown, not indexed)."""
    docs = {d["location"]: d for d in index_docs(site)}
    assert docs["hoofdstuk-4/#aanbeveling-4-5-gedragswetenschappers-2"]["title"] == (
        "Aanbeveling 4.5.2 (gedragswetenschappers)")
    assert docs["kernaanbevelingen/#kernaanbeveling-6"]["title"] == "Kernaanbeveling 6"
    assert docs["hoofdstuk-1/#conclusie-1-8-1"]["title"] == "Conclusie 1.8.1"
    assert docs["hoofdstuk-4/"]["title"].startswith("Hoofdstuk 4.")
    for location, kind in (("hulpmiddelen/lsvg/", "Hulpmiddel"),
                           ("ouders/welke-hulp/", "Voor ouders"),
                           ("interventies/vipp-sd/", "Interventie")):
        assert docs[location]["title"].startswith(
            f'<span class="search-kind" data-kind="{kind}"></span>'), location
    # the statement's text is in its own entry, not again in its section's
    assert "Bestaat het vermoeden" in docs[
        "hoofdstuk-4/#aanbeveling-4-5-gedragswetenschappers-2"]["text"]
    assert not any("Bestaat het vermoeden dat een jeugdige" in d["text"] for loc, d in
                   docs.items() if loc.startswith("hoofdstuk-4/") and "aanbeveling" not in loc)


def test_the_set_is_large_and_varied() -> None:
    cases = queries()
    assert len(cases) >= 60
    assert {c["who"] for c in cases} == {"professional", "ouder", "opleider"}
    assert {"afkorting", "spelfout", "vraag", "woord", "term"} <= {c["kind"] for c in cases}
    assert len({c["query"].lower() for c in cases}) == len(cases), "a query occurs twice"


def test_every_expected_page_exists(site: Path) -> None:
    for case in queries():
        for page in case["pages"]:
            assert (site / page.strip("/") / "index.html").is_file(), (case["query"], page)


@needs_node
def test_search_finds_a_right_page_in_the_top_three(site: Path) -> None:
    outcomes = evaluate(site)
    print("\n" + report(outcomes))
    empty = [o.query for o in outcomes if not o.results]
    assert not empty, f"queries without any result: {empty}"
    hits = sum(o.hit for o in outcomes)
    missed = [(o.query, o.rank, o.results[:3]) for o in outcomes if not o.hit]
    assert hits >= GOAL * len(outcomes), f"{hits}/{len(outcomes)} in the top {TOP}: {missed}"


if __name__ == "__main__":
    print(report(evaluate(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"))))


def test_a_term_is_found_in_any_case_also_where_lower_case_differs() -> None:
    """sitegen/renderer/search.py asks a term's pattern only where the text's lower() holds
    its first word, or where the text holds one of CASE_TWINS: the characters outside ASCII
    that `re` matches to an ASCII letter when it ignores case (checked here for this
    Python), İ being the one that lower() makes longer."""
    chars = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    letters = re.compile("|".join(string.ascii_lowercase), re.IGNORECASE)
    assert set(letters.findall(chars)) == {c for c in chars if search.CASE_TWINS.match(c)}
    assert [c for c in chars if len(c.lower()) > 1] == ["\u0130"]
    rule = search._rule(Synonym(term="sensitief ouderschap", words=("gevoelig",)))
    for text in ("Sensitief  ouderschap", "SENSITIEF-OUDERSCHAP", "\u017fen\u017fitief ouderschap"):
        assert search._found([rule], f"Over {text}.") == [rule], text
    for text in ("onsensitief ouderschap", "sensitief", "ſensitie ouderschap"):
        assert search._found([rule], f"Over {text}.") == [], text
