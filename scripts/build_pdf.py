#!/usr/bin/env python3
"""The whole guideline as one PDF, printed by headless Chromium from the built site.

    .venv/bin/python scripts/build_pdf.py [--site site] [--out dist/NAME.pdf] [--site-url URL]
    make pdf                                  the same, after a build

Serves the built site on a free loopback port (the page's scripts fill the date of printing,
and Chromium runs no scripts from file://), refuses every request to another origin, opens
the whole guideline in print (/volledige-richtlijn/, mkdocs-print-site-plugin), and prints
it with page.pdf(): A4, tagged, with bookmarks from the headings and the page's own print
layout ('Pagina N van M'). Links inside the document stay links inside the PDF. A link to a
page that is not in it (the parents' version, the tools) points at --site-url when given;
without it the link is taken out and its text stays, as a loopback address in a PDF would
lead nowhere.

The PDF goes to dist/ by default, outside site/: `make serve` and `make build` rebuild site/
from scratch. To publish it with the site, run this after the last build and copy the file
into the published folder (README, 'De hele richtlijn printen of als pdf'). Only this script
needs Chromium; building and serving the site do not.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from benchlib import CHROMIUM, CHROMIUM_ARGS, ROOT, serve, whole_site
from playwright.sync_api import Route, sync_playwright
from pypdf import PdfReader

sys.path.insert(0, str(ROOT))
from sitegen.data.loading import load  # noqa: E402  (the project root is on the path now)

READY = """() => document.readyState === 'complete'
  && [...document.querySelectorAll('[data-print-date]')].every(e => !e.textContent.includes('_'))"""
# Links to pages outside the document: to the published site, or unlinked.
OUTSIDE_LINKS = """([here, siteUrl]) => {
  let changed = 0;
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin || url.pathname === here) continue;
    if (siteUrl) a.href = new URL(url.pathname.slice(1) + url.hash, siteUrl).href;
    else a.removeAttribute('href');
    changed += 1;
  }
  return changed;
}"""


def print_folder() -> str:
    """The print page's folder, as the base configuration names it."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return config["plugins"]["print-site"]["print_page_basename"]


def default_name(data_dir: Path) -> str:
    guideline = load(data_dir).guideline
    slug = re.sub(r"[^a-z0-9]+", "-", guideline.short_title.lower()).strip("-")
    return f"{slug}-{guideline.revision}.pdf"


def build_pdf(site: Path, out: Path, site_url: str | None) -> dict[str, object]:
    folder = print_folder()
    if not (site / folder / "index.html").is_file():
        raise SystemExit(f"{site / folder} ontbreekt: bouw eerst de site (make build).")
    refused: list[str] = []
    started = time.perf_counter()
    with serve(site) as base, sync_playwright() as p:
        origin = urlsplit(base).netloc

        def same_origin_only(route: Route) -> None:
            if urlsplit(route.request.url).netloc == origin:
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("**/*", same_origin_only)
        page.goto(f"{base}/{folder}/", wait_until="load")
        # 'networkidle' came back while this 300 KB page was still loading (seen here).
        page.wait_for_function(READY, timeout=120_000)
        unlinked = page.evaluate(OUTSIDE_LINKS, [f"/{folder}/", site_url])
        page.emulate_media(media="print")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        page.pdf(
            path=partial, format="A4", print_background=True, prefer_css_page_size=True,
            outline=True, tagged=True,
        )
        browser.close()
    partial.replace(out)  # never a half-written PDF under the real name
    return {
        "pages": len(PdfReader(out).pages),
        "kib": out.stat().st_size // 1024,
        "seconds": time.perf_counter() - started,
        "links outside": unlinked,
        "refused": refused,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, help="default: dist/<site name>-<revision>.pdf")
    parser.add_argument("--site-url", help="where the site is published, e.g. https://…/")
    args = parser.parse_args()
    out = args.out or ROOT / "dist" / default_name(args.data)
    result = build_pdf(whole_site(args.site.resolve()), out, args.site_url)
    what = "naar --site-url" if args.site_url else "zonder link (geen --site-url)"
    print(
        f"PDF geschreven: {out} ({result['pages']} pagina's A4, {result['kib']} KiB, "
        f"{result['seconds']:.1f} s); {result['links outside']} link(s) naar pagina's buiten "
        f"het document {what}."
    )
    if result["refused"]:
        print(f"Geweigerd (andere herkomst): {result['refused']}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
