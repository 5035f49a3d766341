"""'Kopieer samenvatting': the plain text both tools give for a dossier or a referral letter,
written by Python (widgets.finder.summary_json, widgets.lsvg.summary_json), imported from the
built wheel. The cases and their exact texts are in tests/data/summaries.yml; the page side
(copying it, and that nothing typed leaves the browser) is in tests/test_browser_phone.py.
"""

from __future__ import annotations

import json
from types import ModuleType

import pytest
import yaml

from sitegen.data.loading import load
from tests.conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "data" / "summaries.yml").read_text(encoding="utf-8"))
DATA = load(ROOT / "data")


@pytest.fixture(scope="module")
def widget(finder_widget: ModuleType, lsvg_widget: ModuleType):
    return {"finder": finder_widget, "lsvg": lsvg_widget}.__getitem__


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_summary_is_the_expected_text(widget, case: dict) -> None:
    reply = json.loads(widget(case["tool"]).summary_json(json.dumps(case["request"])))
    assert reply["ok"], reply
    assert reply["result"]["text"] == case["text"]


def test_the_cases_cover_both_tools_and_every_state() -> None:
    texts = {c["tool"]: [] for c in CASES}
    for case in CASES:
        texts[case["tool"]].append(case["text"])
    finder, lsvg = "\n".join(texts["finder"]), "\n".join(texts["lsvg"])
    assert "Vorm:" in finder and "KJP:" in finder and "Apart:" in finder
    assert "Geen passende erkende interventie" in finder and "Geen." in finder
    for band in DATA.lsvg.bands:  # every outcome
        assert f"Uitkomst: {band.label}" in lsvg, band.id
    assert "Uitkomst staat vast" in lsvg and "Uitkomst staat nog niet vast" in lsvg
    assert "Argumenten en concrete voorbeelden" in lsvg


def test_the_summary_names_the_guideline_and_links_whole_addresses(widget) -> None:
    """Title and revision from data/guideline.yml; every address is under the base the page
    sent, and every statement is cited by its short link (every target has one)."""
    guideline = DATA.guideline
    for case in CASES:
        text = case["text"]
        assert guideline.title in text and guideline.revision_label in text
        base = (case["request"].get("base") or "").rstrip("/")
        ours = [w for w in text.split() if "/hoofdstuk-" in w or "/r/" in w or "/bijlage-" in w]
        assert ours, case["name"]
        assert all(w.startswith(base + "/") for w in ours), case["name"]
        assert "#conclusie-" not in text and "#tabel-" not in text  # short links, not anchors
    finder = "\n".join(c["text"] for c in CASES if c["tool"] == "finder")
    assert "/r/aanbeveling-5-7-2/" in finder and "#aanbeveling-5-7-2" not in finder


@pytest.mark.parametrize(
    ("tool", "request_", "message"),
    [
        ("lsvg", {"scores": [1] * 8, "base": "javascript:alert(1)"}, "webadres"),
        ("lsvg", {"scores": [1] * 8, "base": "https://x/" + "a" * 3000}, "webadres"),
        ("lsvg", {"scores": [1] * 8, "notes": ["x"] * 7}, "lijst van 8 teksten"),
        ("lsvg", {"scores": [1] * 8, "notes": [1] * 8}, "lijst van 8 teksten"),
        ("lsvg", {"scores": [1] * 7}, "verwacht 8 scores"),
        ("lsvg", {"notes": [""] * 8}, "moet de scores noemen"),
        ("lsvg", [1] * 8, "moet de scores noemen"),
        ("finder", {"query": "leeftijd-jaren=3", "base": "ftp://x/"}, "webadres"),
        ("finder", {"query": "situatie=pleegkind"}, "onbekende situatie 'pleegkind'"),
        ("finder", {"base": "https://x/"}, "moet de keuzes noemen"),
        ("finder", {"query": 3}, "moet tekst zijn"),
    ],
)
def test_bad_requests_get_a_dutch_message(widget, tool: str, request_, message: str) -> None:
    reply = json.loads(widget(tool).summary_json(json.dumps(request_)))
    assert reply["ok"] is False and message in reply["error"], reply
    assert json.loads(widget(tool).summary_json("not json"))["ok"] is False


def test_the_finder_state_link_opens_the_same_choices(finder_widget: ModuleType) -> None:
    """The link at the end of a finder summary is the page's state of the same question."""
    for query in ("leeftijd-jaren=2&leeftijd-maanden=0&situatie=vroeggeboorte",
                  "leeftijd-maanden=7", "prenataal=ja", "erkenning=goed-onderbouwd", ""):
        asked = finder_widget.parse_query(query)
        state = finder_widget.state_of(asked)
        assert finder_widget.parse_query(state) == asked, (query, state)
        reply = json.loads(finder_widget.summary_json(json.dumps({"query": query})))
        last = reply["result"]["text"].rstrip("\n").splitlines()[-1]
        assert last.endswith("/hulpmiddelen/interventiewijzer/" + (f"#{state}" if state else ""))
