#!/usr/bin/env python3
"""Lighthouse (npm, pinned in package.json) over one page of each kind (a script, not a test).

    .venv/bin/python scripts/lighthouse.py                 build the site, then audit
    .venv/bin/python scripts/lighthouse.py --site DIR      audit an already built site
    .venv/bin/python scripts/lighthouse.py --reports DIR   also keep the JSON reports

    .venv/bin/python scripts/lighthouse.py --desktop       Lighthouse's desktop preset

Audits home, a chapter, both tools, a parent page and /links/ on a loopback server that sends
the precompressed files and `_headers` as a host would (benchlib.serve), with Debian's
Chromium, for performance, accessibility, best practices and SEO, and prints a Markdown table
(with the date, the Lighthouse version and the machine's load), the performance metrics, and
every audit that did not pass. Performance uses Lighthouse's own simulated throttling (mobile
by default: slow 4G, 4x CPU slowdown), so it depends on this machine's load less than on the
site; the load is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from benchlib import CHROMIUM, CHROMIUM_ARGS, ROOT, built_site, serve

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {
    "first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI",
}
PAGES = {
    "home": "/",
    "chapter": "/hoofdstuk-5/",
    "LSVG calculator": "/hulpmiddelen/lsvg/",
    "Interventiewijzer": "/hulpmiddelen/interventiewijzer/",
    "parent page": "/ouders/welke-hulp/",
    "links": "/links/",
}


def audit(url: str, report: Path, desktop: bool) -> dict:
    subprocess.run(
        [
            str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
            *(["--preset=desktop"] if desktop else []),
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def failing(result: dict) -> list[str]:
    """Audits of the chosen categories that did not pass (score below 1)."""
    out = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            item = result["audits"][ref["id"]]
            if ref["weight"] > 0 and item["score"] is not None and item["score"] < 1:
                out.append(f"{category}: {ref['id']} ({item['title']})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--reports", type=Path, help="folder to keep the JSON reports in")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = built_site(args.site, Path(tmp))
        reports = args.reports or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        rows, metrics, problems, version = [], [], [], ""
        load_before = os.getloadavg()[0]
        with serve(site) as base:
            for name, path in PAGES.items():
                result = audit(
                    base + path, reports / f"{name.replace(' ', '-')}.json", args.desktop
                )
                version = result["lighthouseVersion"]
                scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
                rows.append(f"| {name} (`{path}`) | " + " | ".join(map(str, scores)) + " |")
                shown = [result["audits"][m]["displayValue"] for m in METRICS]
                metrics.append(f"| {name} | " + " | ".join(shown) + " |")
                problems += [f"{path}: {p}" for p in failing(result)]
        load_after = os.getloadavg()[0]
    print(
        f"Lighthouse {version} ({'desktop' if args.desktop else 'mobile'}), "
        f"{date.today().isoformat()}, headless Chromium on {os.cpu_count()} cores, load "
        f"average {load_before:.1f} before, {load_after:.1f} after\n"
    )
    print("| page | performance | accessibility | best practices | SEO |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print("\n| page | " + " | ".join(METRICS.values()) + " |")
    print("| --- |" + " --- |" * len(METRICS))
    print("\n".join(metrics))
    print("\nNot passed:" if problems else "\nEvery audit of these categories passed.")
    for problem in problems:
        print(f"- {problem}")


if __name__ == "__main__":
    main()
