"""The built site carries the guideline's text: measured with the shared fidelity tool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The measuring tool lives beside the checkout (../shared); CI clones elsewhere on the same
# machine, so the machine's shared folder is the fallback.
CANDIDATES = [ROOT.parent / "shared", Path("/work/shared")]
TOOL = next(
    (c / "tools" / "fidelity.py" for c in CANDIDATES if (c / "tools" / "fidelity.py").exists()),
    CANDIDATES[0] / "tools" / "fidelity.py",
)


@pytest.mark.skipif(not TOOL.exists(), reason=f"fidelity tool not found at {TOOL}")
def test_site_contains_at_least_98_percent_of_the_source(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), str(site), "--min", "0.98", "--show", "40"],
        capture_output=True,
        text=True,
        check=False,
    )
    print(result.stdout.splitlines()[-1])  # the figure, shown with pytest -rA / -s
    assert result.returncode == 0, result.stdout
