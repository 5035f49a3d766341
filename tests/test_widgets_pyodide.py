"""The same widget wheel under the real Pyodide (Node, npm `pyodide`) agrees with CPython."""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
from types import ModuleType

import pytest

from sitegen.widget_package import WidgetDist
from tests.conftest import ROOT

SCRIPT = ROOT / "tests" / "node" / "lsvg_agreement.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None or not (ROOT / "node_modules" / "pyodide").is_dir(),
    reason="needs node and node_modules/pyodide (npm ci)",
)


def sample_requests() -> list[str]:
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
    ]
    return requests


def test_pyodide_and_cpython_give_the_same_replies(
    widget_dist: WidgetDist, lsvg_widget: ModuleType
) -> None:
    requests = sample_requests()
    result = subprocess.run(
        [NODE or "node", str(SCRIPT), str(widget_dist.lockfile)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["platform"] == "emscripten" and out["python"].startswith("3.")
    assert out["origin"].endswith("site-packages/widgets/lsvg.py")  # installed from the wheel
    expected = [json.loads(lsvg_widget.evaluate_json(r)) for r in requests]
    got = [json.loads(r) for r in out["replies"]]
    mismatches = [(r, e, g) for r, e, g in zip(requests, expected, got, strict=True) if e != g]
    assert not mismatches, mismatches[:3]
    # the sample covers every band and both kinds of failure
    bands = {g["result"]["band"] for g in got if g["ok"]}
    assert bands == {"geen-aanwijzingen", "niet-optimaal", "verstoord", None}
    assert sum(not g["ok"] for g in got) == 9
