"""Previews for `build.py serve`: after a save in content/ or data/, only what changed.

A whole build takes seconds, most of them MkDocs rendering every page. `build.py serve` runs
its first build in this process and keeps what MkDocs knows afterwards (`Session`: the
configuration, the files, the navigation, the theme's templates, every page with its title
and anchors). After a change it renders the docs folder again (the generator's Jinja step,
which also checks the data and the published ids), compares it with the one MkDocs has read,
and has MkDocs render again only the pages whose Markdown changed, into a copy of the site
(hard links, so nothing is copied or written twice), which is swapped in whole like a build.

What a preview does not make again, and says on every page ('Voorbeeld', `BANNER`) and in
`.sitegen-preview` at the site root:

- the search index, the whole guideline in print (/volledige-richtlijn/) and the short links
  (/r/): those of the last whole build;
- the precompressed .br/.gz files of what changed (removed, so the server sends the files);
- the service worker: offline use is off (`KILL_SWITCH` replaces sw.js: it removes the site's
  caches and itself, so a browser never shows a page from an old offline copy);
- the tools' memory snapshot when their data changed (they then start the normal way).

Anything else makes it give up (`preview` returns False) and a whole build follows: a page
added or removed, a change of the configuration (data/guideline.yml: name, navigation), of an
inline script of the theme (the Content-Security-Policy would change), or of any other static
file than the tools' (pyodide/). A title that changed makes MkDocs render every page again
(the navigation shows it), still without the steps above. `build.py` without `serve`, and
`build.py serve` when it stops, always make the whole site.

MkDocs has no API to render one page; `_populate_page` and `_build_page` are the two functions
its own build (and `mkdocs serve --dirty`) calls for each page (MkDocs is pinned: 1.6.1).
A dirty build (`build(dirty=True)`) would reread the configuration and the theme and leave the
navigation of the other pages without their titles, as MkDocs warns.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, PluginCollection, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from sitegen.data.models.guideline import Guideline
from sitegen.exceptions import BuildError
from sitegen.publish import headers, offline, print_page, site_dir
from sitegen.publish.precompress import ENCODERS
from sitegen.renderer import site_config
from sitegen.tools import RUNTIME_FOLDER
from sitegen.tools.snapshot import MANIFEST as SNAPSHOT_MANIFEST

MARKER = ".sitegen-preview"  # in a preview's site root: what it did not make again
SERVICE_WORKER = "sw.js"
TOOLS_FOLDER = RUNTIME_FOLDER + "/"  # the tools' wheel and lock file: names change with data
SKIPPED = [
    "de zoekindex",
    "de hele richtlijn in print (volledige-richtlijn)",
    "de korte links (/r/) en doorverwijzingen",
    "offline gebruik (service worker)",
    "de gecomprimeerde bestanden (.br, .gz) van wat veranderde",
    "het geheugensnapshot van de hulpmiddelen als hun gegevens veranderden",
]
BANNER_ID = "sitegen-voorbeeld"
BANNER = (
    f'<aside id="{BANNER_ID}" class="md-typeset" aria-label="Voorbeeld">'
    '<div class="admonition warning"><p class="admonition-title">Voorbeeld</p>'
    "<p>Dit is een voorbeeld van <code>build.py serve</code>: alleen de gewijzigde pagina's "
    "zijn opnieuw gemaakt. Niet bijgewerkt: " + "; ".join(SKIPPED) + ". Publiceer alleen een "
    "volledige build (<code>make build</code>).</p></div></aside>"
)
BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
KILL_SWITCH = """\
// build.py serve, preview (sitegen/preview.py): no offline copy. This worker takes the place
// of the site's: it removes the site's caches and itself, and reloads the pages it took over,
// so that a page never comes from an old copy. A whole build writes the real sw.js again.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) await caches.delete(name);
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: "window" })) {
      client.navigate(client.url);
    }
  })());
});
"""


def is_preview(site: Path) -> bool:
    """Whether `site` holds a preview, not a whole build."""
    return (site / MARKER).is_file()


@dataclass
class MkDocsState:
    """What an MkDocs build in this process leaves: enough to render single pages again."""

    config: MkDocsConfig | None = None
    files: Files | None = None
    nav: Navigation | None = None
    env: jinja2.Environment | None = None


class _Keep(BasePlugin):  # type: ignore[type-arg]
    """Keeps the files, navigation and templates of a build (last of each event)."""

    def __init__(self, state: MkDocsState) -> None:
        super().__init__()
        self.state = state

    @event_priority(-100)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.state.files = files
        return files

    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.state.nav = nav
        return nav

    @event_priority(-100)
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self.state.env = env
        self.state.config = config
        return env


@dataclass
class Session:
    """The state of the last whole build of `build.py serve`, for previews."""

    folder: Path  # this session's own files (the docs folder MkDocs read)
    state: MkDocsState = field(default_factory=MkDocsState)
    overlay: dict[str, Any] | None = None  # the guideline's part of the configuration
    policy: str = ""  # the page policy of the whole build
    hashes: set[str] = field(default_factory=set)  # the inline scripts it allows

    @property
    def docs(self) -> Path:
        return self.folder / "docs"

    def keep(self, config: MkDocsConfig) -> None:
        """`renderers.run_mkdocs(prepare=...)`: keep this build's MkDocs state. Our plugin
        goes first in the collection (print-site must stay last) and runs after the others
        (priority), so it sees what they made. Ready once `kept` has the docs too."""
        self.forget()
        plugins = PluginCollection()
        plugins["sitegen-preview"] = _Keep(self.state)
        for name, plugin in config.plugins.items():
            plugins[name] = plugin
        config["plugins"] = plugins

    def kept(self, guideline: Guideline, docs: Path, policy: str) -> None:
        """After a whole build: keep its docs folder (MkDocs' files are moved to it)."""
        shutil.rmtree(self.docs, ignore_errors=True)
        self.docs.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(docs, self.docs)
        assert self.state.files is not None
        for file in self.state.files:
            if file.src_dir is not None and Path(file.src_dir) == docs:
                file.src_dir = str(self.docs)
                file.abs_src_path = os.path.normpath(self.docs / file.src_uri)  # was cached
        self.overlay = site_config.overlay(guideline)
        self.policy = policy
        self.hashes = set(re.findall(r"'sha256-([^']+)'", policy))

    def forget(self) -> None:
        self.state = MkDocsState()
        self.overlay = None

    @property
    def ready(self) -> bool:
        return self.state.config is not None and self.overlay is not None

    def preview(self, guideline: Guideline, docs: Path, site_out: Path, site: Path) -> bool:
        """Make the preview of the newly rendered `docs` in `site` (a new folder), from the
        site at `site_out`; False (nothing made) when it takes a whole build."""
        if not self.ready or site_config.overlay(guideline) != self.overlay:
            return False
        changes = _compare(docs, self.docs)
        if changes is None:
            return False
        changed_pages, changed_files, removed = changes
        _link_copy(site_out, site)
        try:
            return self._update(docs, site, site_out, changed_pages, changed_files, removed)
        except BaseException:
            self.forget()  # MkDocs' pages may hold half a change: the next build is whole
            raise

    def _update(
        self, docs: Path, site: Path, site_out: Path, changed_pages: list[str],
        changed_files: list[str], removed: list[str],
    ) -> bool:
        state = self.state
        assert state.config and state.files is not None and state.nav and state.env
        config, files = state.config, state.files
        pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
        if any(name not in pages for name in changed_pages):
            return False  # Markdown that MkDocs does not publish as a page
        for name in changed_pages + changed_files:
            _replace_file(self.docs / name, (docs / name).read_bytes())
        for name in removed:
            for folder in (self.docs, site):
                _remove(folder / name)
                with contextlib.suppress(OSError):  # the wheel's folder, once empty
                    (folder / name).parent.rmdir()
        config["site_dir"] = str(site)
        for file in files:
            file.dest_dir = str(site)
            file.abs_dest_path = os.path.normpath(site / file.dest_uri)  # was cached
        with _strict(config):
            retitled = False
            for name in changed_pages:
                page = pages[name]
                before = page.title
                _populate_page(page, config, files)
                retitled |= page.title != before
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for file in doc_files:
                assert file.page is not None
                file.page.validate_anchor_links(
                    files=files, log_level=config.validation.links.anchors
                )
            rebuilt = [f for f in doc_files if retitled or f.src_uri in changed_pages]
            written = set()
            for file in rebuilt:
                assert file.page is not None
                written.add(Path(file.abs_dest_path))
                _remove(Path(file.abs_dest_path))  # a link into the served site
                _build_page(file.page, config, doc_files, state.nav, state.env)
            # the 404 page shows the navigation too
            for template in config.theme.static_templates if retitled else ():
                if template.endswith(".html"):
                    written.add(site / template)
                    _remove(site / template)
                    _build_theme_template(template, state.env, files, config, state.nav)
        for name in changed_files:
            _replace_file(site / name, (docs / name).read_bytes())
        if not self._finish_pages(site, written):
            return False
        _replace_file(site / SERVICE_WORKER, KILL_SWITCH.encode())
        if any(n.startswith(TOOLS_FOLDER) for n in changed_files + removed):
            _remove(site / RUNTIME_FOLDER / SNAPSHOT_MANIFEST)  # made for the old wheel
            _remove(site / RUNTIME_FOLDER / offline.OFFLINE_INFO)
            offline.write_offline_info(site)
        marker = {"skipped": SKIPPED, "pages": sorted(f.src_uri for f in rebuilt)}
        (site / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
        return True

    def _finish_pages(self, site: Path, written: set[Path]) -> bool:
        """The whole build's steps after MkDocs for the pages MkDocs wrote (no print-site
        script, the policy), and the banner on every page; False if a page needs a script
        the policy does not allow."""
        for path in sorted(site.rglob("*.html")):
            where = str(path.relative_to(site))
            page = path.read_text(encoding="utf-8")
            if path in written:
                page = print_page.PRINT_SITE_TAG.sub("", page)
                if not headers.script_hashes(page, where) <= self.hashes:
                    return False
                page = headers.with_policy(page, self.policy, where)
            elif BANNER_ID in page:
                continue
            body = BODY.search(page)
            if body is None:
                raise BuildError(f"{where}: geen <body> voor de melding 'Voorbeeld'")
            _replace_file(path, (page[: body.end()] + BANNER + page[body.end():]).encode())
        return True


@contextmanager
def _strict(config: MkDocsConfig) -> Iterator[None]:
    """MkDocs' strict mode for the pages of a preview: a warning fails it, with the warning."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if messages and config.strict:
        raise BuildError(["MkDocs (strikt) waarschuwt:", *messages])


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def _compare(new: Path, old: Path) -> tuple[list[str], list[str], list[str]] | None:
    """(changed pages, changed or added other files, removed files) from `old` to `new`, or
    None where a preview cannot follow: a page added or removed, another file added or
    removed outside the tools' folder."""
    ours, theirs = _files(new), _files(old)
    added, removed = sorted(ours.keys() - theirs.keys()), sorted(theirs.keys() - ours.keys())
    if any(n.endswith(".md") or not n.startswith(TOOLS_FOLDER) for n in added + removed):
        return None
    changed = sorted(n for n in ours.keys() & theirs.keys()
                     if ours[n].read_bytes() != theirs[n].read_bytes())
    pages = [n for n in changed if n.endswith(".md")]
    others = [n for n in changed if not n.endswith(".md")] + added
    return pages, others, removed


def _link_copy(site: Path, target: Path) -> None:
    """A copy of the site by hard links: every file the preview changes is replaced, never
    written into (`_replace_file`), so the site being served stays as it is. Without the
    markers: the build writes them."""
    for folder, _, names in os.walk(site):
        rel = Path(folder).relative_to(site)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            if rel == Path(".") and name in (MARKER, site_dir.MARKER):
                continue
            source = Path(folder, name)
            try:
                os.link(source, target / rel / name)
            except OSError:  # another file system, or links not allowed
                shutil.copy2(source, target / rel / name)


def _remove(path: Path) -> None:
    """A file and its precompressed variants (which would be sent instead of it)."""
    for variant in (path, *(path.with_name(path.name + s) for s, _, _ in ENCODERS.values())):
        variant.unlink(missing_ok=True)


def _replace_file(path: Path, data: bytes) -> None:
    """A new file at `path` (never written into: it may be a link into the served site),
    without the precompressed variants of the old one."""
    _remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
