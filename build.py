#!/usr/bin/env python3
"""Build the guideline site: data/ -> validated models -> Markdown -> MkDocs -> site/.

    python build.py                 build into site/
    python build.py --site DIR      build into DIR
    python build.py serve           build, serve site/ on http://127.0.0.1:8000/, rebuild on change
    python build.py --update-lock   build and record newly published ids in data/links-lock.json

One straight pipeline (as mkdocs's own commands/build.py), its stages the packages of
sitegen/ in order: data (load), pages and tools (the docs folder), renderer (MkDocs),
publish (the site). Every step raises `sitegen.exceptions.BuildError` with a Dutch message
naming the file, line or entry and field; it is caught once, in `main`. Anything else is a
bug and keeps its traceback.

--site must be absent, empty or a previous build (sitegen/publish/site_dir.py): the build never
replaces sources. Everything is built in a work folder beside the site, under a lock, and
swapped in atomically only when every step succeeded, so a failed, killed or concurrent build
never leaves a half-built site or no site at all.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from sitegen import tools
from sitegen.data.loading import GuidelineData, load
from sitegen.data.models.guideline import Guideline
from sitegen.exceptions import BuildError
from sitegen.links import LinkTarget
from sitegen.pages.content import placements
from sitegen.pages.render import print_additions, render_docs
from sitegen.publish import headers, nginx, offline, print_page, redirects, serving, site_dir
from sitegen.publish.precompress import precompress
from sitegen.renderer import preview, search
from sitegen.renderer.run import RENDERERS, run_mkdocs, theme_templates

ROOT = Path(__file__).resolve().parent
POLL_SECONDS = 0.1
# Besides --data and --content, `serve` rebuilds on changes here (templates, browser code).
SERVE_WATCHES = ("sitegen/pages/blocks", "sitegen/tools", "sitegen/renderer", "web", "widgets",
                 "overrides")
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
    site_dir.write_text(
        docs_dir / "links.json", json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    )


def check_lock(
    links: list[LinkTarget], data: GuidelineData, lock: set[redirects.Published],
    lock_file: Path, update: bool,
) -> set[redirects.Published]:
    """Fail when a published id vanished or moved without a redirect; optionally add new ids."""
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


def generate_docs(
    data: GuidelineData, lock: set[redirects.Published], data_dir: Path, content_dir: Path,
    docs: Path, update_lock: bool,
) -> tuple[list[LinkTarget], set[redirects.Published]]:
    """The docs folder MkDocs renders: pages, links.json, the tools, the offline files."""
    # the tools (Pyodide, widget wheel, scripts) are published between the guideline's
    # pages, whose anchors their data links to, and the tool pages, which need their version
    links = render_docs(
        data, content_dir, docs,
        lambda targets, placed: tools.publish(data, docs, targets, placed),
    )
    lock = check_lock(links, data, lock, data_dir / LOCK_FILE, update_lock)
    write_links(data.guideline, links, docs)
    offline.prepare(data.guideline, docs)  # web app manifest, icons, sw registration
    return links, lock


def build(
    data_dir: Path,
    content_dir: Path,
    site_out: Path,
    update_lock: bool = False,
    renderer: str = "mkdocs",
    session: preview.Session | None = None,
) -> None:
    """The whole site. `session` (`build.py serve`) keeps MkDocs' state for previews."""
    site_dir.check_target(site_out, ROOT, [data_dir, content_dir])  # before any work
    data = load(data_dir)
    lock = redirects.read_lock(data_dir / LOCK_FILE)  # validated before any work too
    with _disk_errors():
        links = _build_in_work_folder(
            data, lock, data_dir, content_dir, site_out, update_lock, renderer, session
        )
    print(f"Site gebouwd in {site_out} ({len(links)} linkbare doelen).")


@contextmanager
def _disk_errors() -> Iterator[None]:
    """A write that failed in a library's own code (MkDocs writing its pages): the disk, not
    the input, so no traceback; the message says which file and why."""
    try:
        yield
    except OSError as exc:
        raise BuildError(f"De site kon niet worden geschreven: {site_dir.os_problem(exc)}") \
            from None


def _build_in_work_folder(
    data: GuidelineData, lock: set[redirects.Published], data_dir: Path, content_dir: Path,
    site_out: Path, update_lock: bool, renderer: str, session: preview.Session | None,
) -> list[LinkTarget]:
    with site_dir.building(site_out) as work:
        site_dir.check_target(site_out, ROOT, [data_dir, content_dir])  # may have changed
        docs = work / "docs"
        links, lock = generate_docs(data, lock, data_dir, content_dir, docs, update_lock)
        if session is not None and renderer == "mkdocs":
            site, print_folder = run_mkdocs(data.guideline, work, session.keep)
        else:
            site, print_folder = RENDERERS[renderer](data.guideline, work)
        tools.place_runtime_in(data, site)  # versioned runtime, memory snapshot
        search.finish(site, data, links, placements(content_dir))  # data/search.yml
        redirects.write_redirects(site, lock, links, data.redirects)
        if print_folder:  # the whole guideline in print: keep its anchors and links whole
            print_page.finish(
                site, print_folder, [t.id for t in links], print_additions(data, content_dir)
            )
        # Content-Security-Policy in every page (theme scripts only), _headers for hosts
        policy = headers.secure(site, theme_templates(renderer))
        # the service worker precaches the final pages (not the .gz/.br files made next)
        offline.write_service_worker(site)
        precompress(site)  # .gz and .br beside the large files
        offline.write_offline_info(site)  # the runtime's download sizes, for tool pages
        nginx.write(site, data.guideline.short_title)  # _headers for nginx
        site_dir.mark(site)
        site_dir.swap_in(site, site_out, work)
        if session is not None and renderer == "mkdocs":
            session.kept(data.guideline, docs, policy)
    return links


def build_preview(
    data_dir: Path, content_dir: Path, site_out: Path, session: preview.Session,
    update_lock: bool = False,
) -> bool:
    """A preview of a change in content/ or data/ (sitegen/renderer/preview.py: only the pages that
    changed, marked 'Voorbeeld'); False, with nothing changed, when it takes a whole build."""
    site_dir.check_target(site_out, ROOT, [data_dir, content_dir])
    data = load(data_dir)
    lock = redirects.read_lock(data_dir / LOCK_FILE)
    with _disk_errors(), site_dir.building(site_out) as work:
        site_dir.check_target(site_out, ROOT, [data_dir, content_dir])
        docs = work / "docs"
        generate_docs(data, lock, data_dir, content_dir, docs, update_lock)
        site = work / "site"
        if not session.preview(data.guideline, docs, site_out, site):
            return False
        site_dir.mark(site)
        site_dir.swap_in(site, site_out, work)
    return True


def sources_state(folders: list[Path]) -> dict[Path, float]:
    """Modification time of every file the build reads from `folders`."""
    return {
        path: path.stat().st_mtime
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def changed_files(before: dict[Path, float], after: dict[Path, float]) -> set[Path]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM: stop as on Ctrl+C (the site is left whole)


def serve(
    folder: Path,
    port: int,
    rebuild: Callable[[set[Path]], str],
    sources: list[Path],
    finish: Callable[[], None],
) -> None:
    """Serve the site with the headers of its `_headers` and its precompressed files, as a
    host would, and rebuild it whenever a source changes; `finish` when stopped.

    Polling (every 0.1 s; once more after a change, until nothing changed) needs no watcher
    library and sees edits on any file system. Each rebuild swaps a whole new site in at
    once (sitegen/publish/site_dir.py), so a request is always answered from one complete build; a
    failed rebuild keeps the previous site and says why.
    """
    handler = functools.partial(serving.site_handler(folder), directory=str(folder))
    with serving.SiteServer(("127.0.0.1", port), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Bekijk de site op http://127.0.0.1:{port}/ (stoppen: Ctrl+C). Bij elke "
              "wijziging in de bronnen wordt de site opnieuw gebouwd.", flush=True)
        try:
            state = sources_state(sources)
            while True:
                time.sleep(POLL_SECONDS)
                changed = sources_state(sources)
                if changed == state:
                    continue
                while (settled := sources_state(sources)) != changed:  # an editor still saving
                    changed = settled
                    time.sleep(POLL_SECONDS)
                paths, state = changed_files(state, changed), changed
                started = time.perf_counter()
                try:
                    what = rebuild(paths)
                except BuildError as exc:
                    report(exc, "De vorige versie blijft zichtbaar")
                else:
                    print(f"Opnieuw gebouwd in {time.perf_counter() - started:.1f} s: {what}.",
                          flush=True)
        except KeyboardInterrupt:
            pass
        finish()


def report(exc: BuildError, lead: str = "De site is niet gebouwd") -> None:
    print(f"{lead} ({len(exc.problems)} probleem/problemen):", file=sys.stderr)
    for line in exc.problems:
        print(f"  {line}", file=sys.stderr)


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
        "--renderer", choices=sorted(RENDERERS), default="mkdocs",
        help="mkdocs (default, mkdocs-material) or zensical (optional, see README)",
    )
    parser.add_argument(
        "--update-lock", action="store_true",
        help=f"add newly published ids to <data>/{LOCK_FILE} (ids are never removed)",
    )
    args = parser.parse_args(argv)
    paths = (args.data.resolve(), args.content.resolve(), args.site.resolve())
    if args.command != "serve":
        try:
            build(*paths, args.update_lock, args.renderer)
        except BuildError as exc:
            report(exc)
            raise SystemExit(1) from None
        return
    session = preview.Session(Path(tempfile.mkdtemp(prefix="sitegen-serve-")))
    try:
        serve_and_preview(paths, args, session)
    finally:
        shutil.rmtree(session.folder, ignore_errors=True)


def serve_and_preview(
    paths: tuple[Path, Path, Path], args: argparse.Namespace, session: preview.Session
) -> None:
    """`build.py serve`: a whole build, then a preview or a whole build on each change, and
    a whole build when stopped if the site is a preview."""
    signal.signal(signal.SIGTERM, _stop)

    def run() -> None:
        build(*paths, args.update_lock, args.renderer, session)

    try:
        run()
    except BuildError as exc:
        report(exc)
        raise SystemExit(1) from None

    def rebuild(changed: set[Path]) -> str:
        """A preview where the change is in content/ or data/ and it can follow; else whole."""
        inputs_only = all(p.is_relative_to(paths[0]) or p.is_relative_to(paths[1])
                          for p in changed)
        if session.ready and inputs_only and build_preview(*paths, session, args.update_lock):
            return "voorbeeld (zie de melding op elke pagina)"
        run()
        return "volledige site"

    def finish() -> None:
        """Stopped: never leave a preview where the site is expected."""
        try:
            if preview.is_preview(paths[2]):
                print("De site is een voorbeeld: de volledige site wordt nu gebouwd "
                      "(Ctrl+C: stoppen; dan blijft het een voorbeeld, gemarkeerd).", flush=True)
                run()
        except KeyboardInterrupt:
            print(f"Gestopt: {paths[2]} is een voorbeeld ({preview.MARKER}); bouw de "
                  "volledige site met: make build", flush=True)
        except BuildError as exc:
            report(exc, f"{paths[2]} blijft een voorbeeld")

    sources = [paths[0], paths[1], *(ROOT / name for name in SERVE_WATCHES)]
    serve(paths[2], args.port, rebuild, sources, finish)


if __name__ == "__main__":
    main()
    # The interpreter's last collection would walk every object of the build (0.07 s of a
    # 2 s build); frozen, they are left to the exit. Nothing in them needs finalising: every
    # file is closed, every child has ended, atexit handlers (logging) still run.
    gc.freeze()
