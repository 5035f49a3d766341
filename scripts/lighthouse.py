#!/usr/bin/env python3
"""Lighthouse (npm, pinned in package.json) over one page of each kind (a script, not a test).

    .venv/bin/python scripts/lighthouse.py                 build the site, then audit
    .venv/bin/python scripts/lighthouse.py --site DIR      audit an already built site
    .venv/bin/python scripts/lighthouse.py --reports DIR   also keep the JSON reports

    .venv/bin/python scripts/lighthouse.py --desktop       Lighthouse's desktop preset
    .venv/bin/python scripts/lighthouse.py --runs 3        every page three times, alternating
    .venv/bin/python scripts/lighthouse.py --page links    only the pages whose name has 'links'

Audits one page of every type (as tests/test_accessibility.py has them) on a loopback server
that sends the precompressed files and `_headers` as a host would (benchlib.serve), with
Debian's Chromium, for performance, accessibility, best practices and SEO, and prints a
Markdown table (with the date, the Lighthouse version and the machine's load), the
performance metrics, and every audit that did not pass. With --runs N each page is audited N
times in turns (page 1..k, then again), and the table gives each run's performance score and
the load average at the start of each round. Performance uses Lighthouse's own simulated
throttling (mobile by default: slow 4G, 4x CPU slowdown), so it depends on this machine's load
less than on the site, but not at all is not true on a busy machine: the load is printed.
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
    "kernaanbevelingen": "/kernaanbevelingen/",
    "appendix with the LSVG": "/bijlage-4/",
    "intervention": "/interventies/vipp-sd/",
    "LSVG calculator": "/hulpmiddelen/lsvg/",
    "Interventiewijzer": "/hulpmiddelen/interventiewijzer/",
    "parent page": "/ouders/welke-hulp/",
    "links": "/links/",
    "werkkaart": "/werkkaarten/stappenplan/",
    "colofon": "/colofon/",
    "whole guideline in print": "/volledige-richtlijn/",
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
    parser.add_argument("--runs", type=int, default=1, help="audits of each page (default 1)")
    parser.add_argument("--page", help="only the pages whose name contains this")
    args = parser.parse_args()
    pages = {n: p for n, p in PAGES.items() if args.page is None or args.page in n}
    results: dict[str, list[dict]]
    with tempfile.TemporaryDirectory() as tmp:
        site = built_site(args.site, Path(tmp))
        missing = [n for n, p in pages.items()
                   if not (site / p.strip("/") / "index.html").is_file()]
        for name in missing:  # an older build, say, as a baseline
            print(f"{pages.pop(name)}: not in this site, skipped")
        results = {name: [] for name in pages}
        reports = args.reports or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        loads, version = [], ""
        with serve(site) as base:
            for run in range(args.runs):
                loads.append(os.getloadavg())
                for name, path in pages.items():
                    report = reports / f"{name.replace(' ', '-')}-{run + 1}.json"
                    results[name].append(audit(base + path, report, args.desktop))
        loads.append(os.getloadavg())
    version = next(iter(results.values()))[0]["lighthouseVersion"]
    print(
        f"Lighthouse {version} ({'desktop' if args.desktop else 'mobile'}), "
        f"{date.today().isoformat()}, headless Chromium on {os.cpu_count()} cores, "
        f"{args.runs} run(s) per page; load average (1/5/15 min) at the start of each round and "
        "at the end: " + "; ".join("/".join(f"{x:.1f}" for x in load) for load in loads) + "\n"
    )
    print("| page | performance | accessibility | best practices | SEO |")
    print("| --- | --- | --- | --- | --- |")
    metrics, problems = [], []
    for name, runs in results.items():
        cells = [" / ".join(str(round(r["categories"][c]["score"] * 100)) for r in runs)
                 for c in CATEGORIES]
        print(f"| {name} (`{pages[name]}`) | " + " | ".join(cells) + " |")
        metrics.append(f"| {name} | " + " | ".join(
            " / ".join(r["audits"][m]["displayValue"] for r in runs) for m in METRICS) + " |")
        problems += [f"{pages[name]}: {p}" for r in runs for p in failing(r)]
    print("\n| page | " + " | ".join(METRICS.values()) + " |")
    print("| --- |" + " --- |" * len(METRICS))
    print("\n".join(metrics))
    print("\nNot passed:" if problems else "\nEvery audit of these categories passed.")
    for problem in sorted(set(problems)):
        print(f"- {problem}")


if __name__ == "__main__":
    main()
