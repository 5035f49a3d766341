"""The same widget wheel under the real Pyodide (Node, npm `pyodide`) agrees with CPython.

One Node process boots Pyodide once and answers the requests of every widget (the LSVG
calculator and the Interventiewijzer), as the browser's shared worker would.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
from types import ModuleType
from typing import Any

import pytest

from sitegen.data.loading import load
from sitegen.tools.wheel import WidgetDist
from tests.conftest import ROOT
from tests.test_finder_cases import CASES, check
from tests.test_finder_cases import request as case_request

SCRIPT = ROOT / "tests" / "node" / "widgets_agreement.mjs"
NODE = shutil.which("node")
DATA = load(ROOT / "data")

pytestmark = pytest.mark.skipif(
    NODE is None or not (ROOT / "node_modules" / "pyodide").is_dir(),
    reason="needs node and node_modules/pyodide (npm ci)",
)


def lsvg_requests() -> list[str]:
    """Boundary totals, a seeded random sample of complete lists, incomplete and bad input."""
    rng = random.Random(2019)
    every = list(itertools.product(range(1, 6), repeat=8))
    combos = [list(c) for c in rng.sample(every, 600)]
    for total in (8, 9, 10, 11, 15, 16, 17, 39, 40):
        combos.append([min(5, max(1, total - 8 - 4 * i + 1)) for i in range(8)])
    combos += [[None] * 8, [1, None, 3, None, 5, None, 2, None], [5] * 7 + [None]]
    requests = [json.dumps(c) for c in combos]
    requests += [
        "[1, 1, 1, 1, 1, 1, 1]",
        "[0, 1, 1, 1, 1, 1, 1, 1]",
        "[6, 1, 1, 1, 1, 1, 1, 1]",
        "[2.5, 1, 1, 1, 1, 1, 1, 1]",
        '["3", 1, 1, 1, 1, 1, 1, 1]',
        "[true, 1, 1, 1, 1, 1, 1, 1]",
        '"12345678"',
        "null",
        "not json",
        "[" + "9" * 5000 + "]",
    ]
    return requests


PAIR = ["adoptie-pleeg", "ernstige-gehechtheidsproblemen"]
FINDER_BAD = [
    {"age_months": -1},
    {"age_months": 23 * 12},
    {"age_months": 2.0},
    {"age_months": True},
    {"age_months": "24"},
    {"age_months": 12, "prenatal": True},
    {"situations": ["onbekend"]},
    {"situations": "adoptie-pleeg"},
    {"min_level": "erkend"},
    {"query": "leeftijd-jaren=2.5"},
    {"query": "leeftijd-maanden=-3"},
    {"query": "prenataal=misschien"},
    {"query": "situatie=onbekend"},
    {"query": "leeftijd-jaren=3&leeftijd-jaren=15"},
    {"query": "leeftijd-jaren=" + "9" * 4300},
    {"query": "situatie=" + "x" * 100_000},
    {"colour": "blue"},
]
SAMPLE = CASES[::5]  # a sample of the committed cases, asserted on Pyodide's own replies


def finder_requests() -> list[str]:
    """A grid of ages x situations: every month from birth to the Jeugdwet limit without and
    with two situations and with every situation, each situation alone at every bound of the
    data (and a month either side), prenatal, unknown age, every minimum level, page states
    and bad input, and a sample of the committed cases."""
    situations = [s.id for s in DATA.situations]
    bounds: set[int] = set()
    for iv in DATA.interventions:
        spans = [*([iv.age.certain] if iv.age.certain else []), *iv.age.boundary]
        for start, until in spans:
            for edge in (start, until):
                if edge is not None:
                    bounds.update(a for a in (edge - 1, edge, edge + 1) if 0 <= a < 23 * 12)
    grid: list[dict[str, Any]] = []
    for age in range(23 * 12):
        grid.append({"age_months": age})
        grid.append({"age_months": age, "situations": PAIR})
        grid.append({"age_months": age, "situations": situations})
    for age in sorted(bounds):
        grid += [{"age_months": age, "situations": [s]} for s in situations]
    grid += [{"prenatal": True}, {"prenatal": True, "situations": ["zwanger-hoog-risico"]}, {}]
    grid += [{"situations": [s]} for s in situations]
    levels = [None, *(lv.id for lv in DATA.finder.recognition_levels)] if DATA.finder else []
    grid += [{"age_months": 30, "min_level": lv} for lv in levels]
    grid += [
        {"query": "leeftijd-jaren=2&leeftijd-maanden=3&situatie=adoptie-pleeg"},
        {"query": "#leeftijd-jaren=9&situatie=adoptie-pleeg&situatie=vroeggeboorte"},
        {"query": "leeftijd-jaren=20"},
        {"query": "prenataal=ja"},
        {"query": "leeftijd-maanden=18&erkenning=goed-onderbouwd&utm_source=elo"},
    ]
    grid += [case_request(c) for c in SAMPLE]
    grid += FINDER_BAD
    return [json.dumps(r) for r in grid] + ["not json", "[]"]


@pytest.fixture(scope="module")
def pyodide_replies(widget_dist: WidgetDist) -> dict[str, Any]:
    jobs = {
        "lsvg": {"call": "evaluate", "requests": lsvg_requests()},
        "finder": {"call": "find", "requests": finder_requests()},
    }
    result = subprocess.run(
        [NODE or "node", str(SCRIPT), str(widget_dist.lockfile)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["platform"] == "emscripten" and out["python"].startswith("3.")
    return {**out, "jobs": jobs}


def test_pyodide_and_cpython_give_the_same_lsvg_replies(
    pyodide_replies: dict[str, Any], lsvg_widget: ModuleType
) -> None:
    # installed from the wheel
    assert pyodide_replies["origins"]["lsvg"].endswith("site-packages/widgets/lsvg.py")
    requests = pyodide_replies["jobs"]["lsvg"]["requests"]
    expected = [json.loads(lsvg_widget.evaluate_json(r)) for r in requests]
    got = [json.loads(r) for r in pyodide_replies["replies"]["lsvg"]]
    mismatches = [(r, e, g) for r, e, g in zip(requests, expected, got, strict=True) if e != g]
    assert not mismatches, mismatches[:3]
    # the sample covers every band and both kinds of failure
    bands = {g["result"]["band"] for g in got if g["ok"]}
    assert bands == {b.id for b in DATA.lsvg.bands} | {None}
    assert sum(not g["ok"] for g in got) == 10


def test_pyodide_and_cpython_give_the_same_finder_replies(
    pyodide_replies: dict[str, Any], finder_widget: ModuleType
) -> None:
    assert pyodide_replies["origins"]["finder"].endswith("site-packages/widgets/finder.py")
    requests = pyodide_replies["jobs"]["finder"]["requests"]
    expected = [json.loads(finder_widget.find_json(r)) for r in requests]
    got = [json.loads(r) for r in pyodide_replies["replies"]["finder"]]
    mismatches = [(r, e, g) for r, e, g in zip(requests, expected, got, strict=True) if e != g]
    assert not mismatches, mismatches[:3]
    # the grid reaches every intervention in both tiers, every reason, no result at all, and
    # every bad input
    ok = [g["result"] for g in got if g["ok"]]
    found = {c["id"] for r in ok for c in r["tier1"] + r["tier2"]}
    assert found == {iv.id for iv in DATA.interventions}
    reasons = {c["reason"]["id"] for r in ok for c in r["tier2"]}
    assert reasons == {r.id for r in DATA.finder.reasons}
    assert any(r["tier1"] == r["tier2"] == [] for r in ok)
    assert sum(not g["ok"] for g in got) == len(FINDER_BAD) + 2
    # the sample of the committed cases, on Pyodide's replies
    by_request = dict(zip(requests, got, strict=True))
    for case in SAMPLE:
        reply = by_request[json.dumps(case_request(case))]
        assert reply["ok"], case["name"]
        check(case, reply["result"])
