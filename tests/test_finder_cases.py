"""The Interventiewijzer answers the committed cases (tests/data/finder_cases.yml): the
first tier in order, every second-tier card with its reason, nothing else, and the boxes; each
case names the sentence of the guideline that decides it, and that sentence is checked too.

The widget is the one of the built wheel (fixture `finder_widget`); the same cases run under
Pyodide in tests/test_widgets_pyodide.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from sitegen.data.loading import load
from tests.conftest import ROOT
from tests.sourcetext import in_source, needs_seed, stands_at

DATA = load(ROOT / "data")
IDS = [iv.id for iv in DATA.interventions]
CASES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "data" / "finder_cases.yml").read_text(encoding="utf-8")
)
REASONS = {r.id for r in DATA.finder.reasons} if DATA.finder else set()


def request(case: dict[str, Any]) -> dict[str, Any]:
    return {
        "age_months": case["age_months"],
        "prenatal": case["prenatal"],
        "situations": case["situations"],
    }


def check(case: dict[str, Any], result: dict[str, Any]) -> None:
    """The reply of find_json (as dicts) against one case."""
    tier1 = [c["id"] for c in result["tier1"]]
    tier2 = {c["id"]: c["reason"]["id"] for c in result["tier2"]}
    assert tier1 == case["tier1"], case["name"]
    assert tier2 == case["tier2"], case["name"]
    assert not set(case["absent"]) & (set(tier1) | set(tier2)), case["name"]
    assert (result["advice"] is not None) == case["advice"], case["name"]
    if "notes" in case:
        assert [n["id"] for n in result["notes"]] == case["notes"], case["name"]
    if "statements" in case:
        assert result["statements"] == case["statements"], case["name"]


def test_the_cases_cover_what_the_issue_asks() -> None:
    assert len(CASES) >= 60
    names = [c["name"] for c in CASES]
    assert len(set(names)) == len(names)
    for case in CASES:  # each case partitions the 18 interventions
        listed = [*case["tier1"], *case["tier2"], *case["absent"]]
        assert sorted(listed) == sorted(IDS), case["name"]
        assert set(case["tier2"].values()) <= REASONS, case["name"]
    ages = {c["age_months"] for c in CASES}
    assert {83, 84} <= ages  # the seven-year split
    assert any(c["prenatal"] for c in CASES) and None in ages
    # every required condition, ticked and not ticked, for an age it fits
    for iv in DATA.interventions:
        for req in iv.requires:
            ticked = [c for c in CASES if set(c["situations"]) & set(req.any_of)]
            unticked = [c for c in CASES if not set(c["situations"]) & set(req.any_of)]
            assert any(iv.id in c["tier1"] or iv.id in c["tier2"] for c in ticked), iv.id
            assert any(iv.id in c["absent"] for c in unticked), iv.id
    # every reason occurs
    assert {r for c in CASES for r in c["tier2"].values()} == REASONS


def test_the_cases_cover_every_bound_of_every_row() -> None:
    """For each bound the source gives: the last month in and the first month out (or the
    boundary year: its first month); the boundary years themselves."""
    ages = {c["age_months"] for c in CASES}
    missing = []
    for iv in DATA.interventions:
        certain = iv.age.certain
        if certain is None:
            continue
        start, until = certain
        if start > 0 and start - 1 not in ages:
            missing.append((iv.id, "before", start - 1))
        if start not in ages:
            missing.append((iv.id, "first", start))
        if until is not None and {until - 1, until} - ages:
            missing.append((iv.id, "last/next", until - 1, until))
    assert not missing, missing


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(finder_widget: ModuleType, case: dict[str, Any]) -> None:
    reply = json.loads(finder_widget.find_json(json.dumps(request(case))))
    assert reply["ok"], reply
    check(case, reply["result"])


@needs_seed
def test_every_case_quotes_the_source() -> None:
    missing = [c["name"] for c in CASES if not in_source(c["source"])]
    assert not missing, missing


def test_every_case_sentence_stands_at_its_anchor(site: Path) -> None:
    wrong = [
        c["name"]
        for c in CASES
        if not stands_at(site, c["anchor"], DATA.as_shown(c["source"]))
    ]
    assert not wrong, wrong
