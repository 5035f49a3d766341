"""The built site carries the guideline's text: measured with the shared fidelity tool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path

TOOL = shared_path("tools", "fidelity.py")


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
