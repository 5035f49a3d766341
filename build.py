#!/usr/bin/env python3
"""Build the guideline site: data/ -> validated models -> Markdown -> MkDocs -> site/.

    python build.py                 build into site/
    python build.py --site DIR      build into DIR
    python build.py serve           build, then serve site/ on http://127.0.0.1:8000/
    python build.py --update-lock   build and record newly published ids in links-lock.json

Everything is built in a temporary folder and moved into place only when every step
succeeded, so a failed build never leaves a half-built site behind.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from jinja2 import TemplateError

from sitegen import redirects
from sitegen.hulpmiddelen import publish_hulpmiddelen
from sitegen.loading import load_or_exit
from sitegen.models import Redirect
from sitegen.rendering import LinkTarget, render_docs
from sitegen.widget_package import PackagingError

ROOT = Path(__file__).resolve().parent
LOCK = ROOT / "links-lock.json"
LINKS_FORMAT_VERSION = 1


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def write_links(links: list[LinkTarget], docs_dir: Path) -> None:
    """links.json goes into the docs folder so MkDocs publishes it (and checks links to it)."""
    payload = {
        "version": LINKS_FORMAT_VERSION,
        "guideline": "Richtlijn Problematische gehechtheid voor jeugdhulp en jeugdbescherming",
        "revision": "2019",
        "targets": [asdict(t) for t in links],
    }
    (docs_dir / "links.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def run_mkdocs(docs_dir: Path, site_dir: Path) -> None:
    # NO_MKDOCS_2_WARNING: silence the theme's end-of-life banner; --quiet would also hide
    # the warnings that --strict counts, so it is not used.
    env = {**os.environ, "SITEGEN_DOCS_DIR": str(docs_dir), "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict",
           "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)]
    result = subprocess.run(cmd, env=env, cwd=ROOT, check=False)
    if result.returncode != 0:
        fail("mkdocs build --strict is mislukt (zie de meldingen hierboven).")


def check_lock(
    links: list[LinkTarget], data_redirects: tuple[Redirect, ...], update: bool
) -> set[redirects.Published]:
    """Fail when a published id vanished or moved without a redirect; optionally add new ids."""
    lock = redirects.read_lock(LOCK)
    problems = redirects.check_lock(lock, links, data_redirects)
    if problems:
        fail("Gepubliceerde links zouden breken:\n  " + "\n  ".join(problems))
    new = redirects.updated_lock(lock, links) - lock
    if update and new:
        redirects.write_lock(LOCK, redirects.updated_lock(lock, links))
        print(f"{LOCK.name}: {len(new)} nieuwe id(s) vastgelegd.")
    elif new:
        print(
            f"Let op: {len(new)} id(s) staan nog niet in {LOCK.name} "
            f"(bijvoorbeeld '{sorted(new)[0].id}'); leg ze vast met: {redirects.LOCK_HELP}"
        )
    return lock


def build(data_dir: Path, content_dir: Path, site_dir: Path, update_lock: bool = False) -> None:
    data = load_or_exit(data_dir, lambda line: print(line, file=sys.stderr))
    with tempfile.TemporaryDirectory(prefix="sitegen-") as tmp:
        work = Path(tmp)
        try:
            links = render_docs(data, content_dir, work / "docs")
        except (TemplateError, ValueError, KeyError, StopIteration) as exc:
            fail(f"Renderen van content/ is mislukt: {type(exc).__name__}: {exc}")
        lock = check_lock(links, data.redirects, update_lock)
        write_links(links, work / "docs")
        try:
            publish_hulpmiddelen(data, work / "docs")  # LSVG, Interventiewijzer, Pyodide, wheel
        except (PackagingError, TemplateError, ValueError, OSError) as exc:
            fail(f"Hulpmiddelen (rekenhulp LSVG, Interventiewijzer) maken is mislukt: {exc}")
        run_mkdocs(work / "docs", work / "site")
        redirects.write_redirects(work / "site", lock, links, data.redirects)
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(str(work / "site"), str(site_dir))
    print(f"Site gebouwd in {site_dir} ({len(links)} linkbare doelen).")


def serve(site_dir: Path, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Bekijk de site op http://127.0.0.1:{port}/ (stoppen: Ctrl+C)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", nargs="?", choices=["build", "serve"], default="build")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--update-lock", action="store_true",
        help=f"add newly published ids to {LOCK.name} (ids are never removed)",
    )
    args = parser.parse_args(argv)
    build(args.data.resolve(), args.content.resolve(), args.site.resolve(), args.update_lock)
    if args.command == "serve":
        serve(args.site.resolve(), args.port)


if __name__ == "__main__":
    main()
