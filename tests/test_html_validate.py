"""Valid HTML: html-validate's standard rules on every built page (all page types).

Rules that only the theme's own markup breaks are listed, with the reason, in
tests/html-validate.json; everything else counts as ours and fails.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = ROOT / "tests" / "node" / "html_validate.mjs"
CONFIG = ROOT / "tests" / "html-validate.json"
# One page per type must be among the validated pages (the test checks itself).
PAGE_TYPES = [
    "index.html", "hoofdstuk-5/index.html", "kernaanbevelingen/index.html",
    "bijlage-2/index.html", "bijlage-4/index.html", "interventies/vipp-sd/index.html",
    "hulpmiddelen/lsvg/index.html", "hulpmiddelen/interventiewijzer/index.html",
    "ouders/welke-hulp/index.html", "links/index.html", "werkkaarten/stappenplan/index.html",
    "volledige-richtlijn/index.html", "404.html", "r/aanbeveling-1-9-2/index.html",
]


def validate(site: Path, pages: list[str]) -> dict:
    result = subprocess.run(
        ["node", str(SCRIPT), str(CONFIG), str(site), *pages],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_page_passes_the_standard_rules(site: Path) -> None:
    pages = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] != "pyodide"
    )
    assert set(PAGE_TYPES) <= set(pages)
    report = validate(site, pages)
    assert report["pages"] == len(pages)
    assert report["ours"] == [], "\n".join(report["ours"])


def test_the_validator_finds_what_the_caption_bug_was(tmp_path: Path) -> None:
    """The check can fail: the markup of the old chapter 5 tables is reported as ours."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body><table>'
        '<p><caption markdown="span">Tabel 1</caption></p><tr><td>x</td></tr></table>'
        "</body></html>",
        encoding="utf-8",
    )
    report = validate(tmp_path, ["page.html"])
    assert any("element-permitted-content" in m for m in report["ours"]), report
