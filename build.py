#!/usr/bin/env python3
"""Build the guideline site: data/ -> validated models -> Markdown -> MkDocs -> site/.

    python build.py                 build into site/
    python build.py --site DIR      build into DIR
    python build.py serve           build, then serve site/ on http://127.0.0.1:8000/
    python build.py --update-lock   build and record newly published ids in data/links-lock.json

One straight pipeline (as mkdocs's own commands/build.py): every step raises
`sitegen.exceptions.BuildError` with a Dutch message naming the file, line or entry and
field; it is caught once, in `main`. Anything else is a bug and keeps its traceback.
Everything is built in a temporary folder and moved into place only when every step
succeeded, so a failed build never leaves a half-built site behind.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import logging
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from sitegen import print_page, redirects, tools
from sitegen.exceptions import BuildError
from sitegen.links import LinkTarget
from sitegen.loading import GuidelineData, load
from sitegen.models import Guideline
from sitegen.rendering import print_additions, render_docs
from sitegen.site_config import write_config

ROOT = Path(__file__).resolve().parent
LOCK_FILE = "links-lock.json"  # in the data folder: every guideline has its own history
LINKS_FORMAT_VERSION = 1


def write_links(guideline: Guideline, links: list[LinkTarget], docs_dir: Path) -> None:
    """links.json goes into the docs folder so MkDocs publishes it (and checks links to it)."""
    payload = {
        "version": LINKS_FORMAT_VERSION,
        "guideline": guideline.title,
        "revision": guideline.revision,
        "targets": [asdict(t) for t in links],
    }
    (docs_dir / "links.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def run_mkdocs(guideline: Guideline, work: Path) -> tuple[Path, str | None]:
    """MkDocs in this process (strict: a warning fails the build); returns the site folder
    and the folder of the whole guideline in print (None if that plugin is off)."""
    config_file = write_config(guideline, work / "docs", work / "site", work / "mkdocs.yml")
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file), strict=True)
        mkdocs_build(config)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs kon de site niet bouwen: {exc}") from None
    finally:
        logger.removeHandler(handler)
    printed = config.plugins.get("print-site")
    if printed is None or not printed.config.get("enabled"):
        return work / "site", None
    return work / "site", printed.config["print_page_basename"]


def check_lock(
    links: list[LinkTarget], data: GuidelineData, lock_file: Path, update: bool
) -> set[redirects.Published]:
    """Fail when a published id vanished or moved without a redirect; optionally add new ids."""
    lock = redirects.read_lock(lock_file)
    problems = redirects.check_lock(lock, links, data.redirects)
    if problems:
        raise BuildError(["Gepubliceerde links zouden breken:", *problems])
    new = redirects.updated_lock(lock, links) - lock
    if update and new:
        redirects.write_lock(lock_file, redirects.updated_lock(lock, links))
        print(f"{lock_file}: {len(new)} nieuwe id(s) vastgelegd.")
    elif new:
        print(
            f"Let op: {len(new)} id(s) staan nog niet in {lock_file} "
            f"(bijvoorbeeld '{sorted(new)[0].id}'); leg ze vast met: {redirects.LOCK_HELP}"
        )
    return lock


def build(data_dir: Path, content_dir: Path, site_dir: Path, update_lock: bool = False) -> None:
    data = load(data_dir)
    with tempfile.TemporaryDirectory(prefix="sitegen-") as tmp:
        work = Path(tmp)
        docs = work / "docs"
        asset_version = tools.publish(data, docs)  # Pyodide, widget wheel, tool scripts
        links = render_docs(data, content_dir, docs, asset_version)
        lock = check_lock(links, data, data_dir / LOCK_FILE, update_lock)
        write_links(data.guideline, links, docs)
        site, print_folder = run_mkdocs(data.guideline, work)
        tools.place_runtime_in(data, site)
        redirects.write_redirects(site, lock, links, data.redirects)
        if print_folder:  # the whole guideline in print: keep its anchors and links whole
            print_page.finish(
                site, print_folder, [t.id for t in links], print_additions(data, content_dir)
            )
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(str(site), str(site_dir))
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
        help=f"add newly published ids to <data>/{LOCK_FILE} (ids are never removed)",
    )
    args = parser.parse_args(argv)
    try:
        build(args.data.resolve(), args.content.resolve(), args.site.resolve(), args.update_lock)
    except BuildError as exc:
        print(f"De site is niet gebouwd ({len(exc.problems)} probleem/problemen):", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        raise SystemExit(1) from None
    if args.command == "serve":
        serve(args.site.resolve(), args.port)


if __name__ == "__main__":
    main()
