"""Offline and installable: web app manifest, icons, service worker, the runtime list.

    prepare(guideline, docs)   before MkDocs: manifest.webmanifest (name and description from
                               data/guideline.yml), the icons and the page scripts of
                               web/offline/ and workbox-window (npm) into docs/assets/offline/;
                               every page loads register.mjs (overrides/main.html)
    write_service_worker(site) after the pages are final (CSP): sw.js, Workbox's bundled
                               worker (npm workbox-build's generateSW, web/build/service-
                               worker.mjs; cached in .cache/service-worker/ by its settings,
                               so Node runs only when they change) with the site's precache
                               list put in by Python (`precache_list`)
    write_offline_info(site)   after precompression: pyodide/offline.json, the runtime files a
                               tool needs offline (sitegen.tools.offline_files), with their
                               download sizes and sha256: for hosts and tests; the pages read
                               the same list from their own build's runtime.mjs

The service worker precaches every page (not the /r/ short-link stubs), the search index and
the assets, so the site works offline after one visit. It does not precache the Python
runtime (about 6.6 MB on the wire): a tool page stores that after its first use, or when the
user asks (web/offline/store.mjs: on the tool, and at the end of every page), in caches named
after the runtime folder (versioned). Its routes store only responses that are what they claim
to be (web/build/service-worker.mjs). Nothing a user types is stored: only these files.

Why workbox-build (npm, pinned) rather than a worker of our own: precaching with revisions,
cleaning up old caches, the update handshake with the page (workbox-window) and the
directory-index and query handling are exactly what it does, and well tested; generateSW
bundles its runtime into sw.js (`inlineWorkboxRuntime`), so no CDN is involved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

from sitegen.data.models.guideline import Guideline
from sitegen.exceptions import BuildError
from sitegen.links import plain_text
from sitegen.publish import site_dir
from sitegen.publish.precompress import wire_size
from sitegen.publish.processes import die_with_parent
from sitegen.tools import RUNTIME_FOLDER, offline_files
from sitegen.tools.snapshot import MANIFEST as SNAPSHOT_MANIFEST
from sitegen.tools.wheel import ROOT, runtime_folder

WEB_OFFLINE = ROOT / "web" / "offline"
SW_BUILDER = ROOT / "web" / "build" / "service-worker.mjs"
WORKBOX_WINDOW = ROOT / "node_modules" / "workbox-window" / "build" / "workbox-window.prod.mjs"
ASSETS = "assets/offline"  # site folder of web/offline/
MANIFEST_FILE = "manifest.webmanifest"
THEME_COLOR = "#3f51b5"  # mkdocs.yml palette primary (indigo); the icon's background
CACHE_ID = "sitegen"  # Workbox's precache is named sitegen-precache-v2-<scope>
RUNTIME_CACHE_PREFIX = "sitegen-runtime-"  # the runtime caches (web/widgets/offline.mjs)
OFFLINE_INFO = "offline.json"
SERVICE_WORKER = "sw.js"
# The bundled worker without its precache list, by its inputs (web/build/service-worker.mjs).
SW_TEMPLATES = ROOT / ".cache" / "service-worker"
WORKBOX_BUILD = ROOT / "node_modules" / "workbox-build" / "package.json"
SW_TEMPLATES_KEPT = 5
# Small files that change with every build: network first, the stored copy when offline.
META_FILES = ("pyodide-lock.json", SNAPSHOT_MANIFEST, OFFLINE_INFO)


def _node_modules_file(path: Path) -> Path:
    if not path.exists():
        raise BuildError(f"{path} ontbreekt: voer eerst `npm ci` uit (make setup).")
    return path


def web_app_manifest(guideline: Guideline) -> dict[str, object]:
    icons = "assets/offline/"
    return {
        "name": plain_text(guideline.title),
        "short_name": plain_text(guideline.short_title),
        "description": plain_text(guideline.description),
        "lang": "nl",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": f"{icons}icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": f"{icons}icon-512.png", "sizes": "512x512", "type": "image/png"},
            # the glyph keeps to the safe zone (icon.svg), so one drawing serves both
            {"src": f"{icons}icon-512.png", "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
            {"src": f"{icons}icon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }


def prepare(guideline: Guideline, docs_dir: Path) -> None:
    """Manifest, icons, registration script and workbox-window into the docs folder."""
    assets = docs_dir / ASSETS
    for source in sorted(WEB_OFFLINE.iterdir()):
        site_dir.copy_file(source, assets / source.name)
    site_dir.copy_file(_node_modules_file(WORKBOX_WINDOW), assets / WORKBOX_WINDOW.name)
    manifest = json.dumps(web_app_manifest(guideline), ensure_ascii=False, indent=1)
    site_dir.write_text(docs_dir / MANIFEST_FILE, manifest + "\n")


def runtime_caches() -> tuple[str, str]:
    """(runtime cache, meta cache): the runtime's is named after its folder (versioned)."""
    return f"{CACHE_ID}-{runtime_folder()}", RUNTIME_CACHE_PREFIX + "meta"


def _sw_template(settings: dict[str, object]) -> Path:
    """Where the bundled worker for these settings is cached: named after the settings, the
    builder script and the installed workbox-build, so a change of any makes a new one."""
    key = hashlib.sha256()
    key.update(json.dumps(settings, sort_keys=True).encode())
    key.update(SW_BUILDER.read_bytes())
    key.update(_node_modules_file(WORKBOX_BUILD).read_bytes())
    SW_TEMPLATES.mkdir(parents=True, exist_ok=True)
    template = SW_TEMPLATES / f"{key.hexdigest()[:32]}.js"
    # a few recent ones are enough: each differs only by the runtime's cache names
    others = [p for p in SW_TEMPLATES.glob("*.js") if p != template]
    for old in sorted(others, key=lambda p: p.stat().st_mtime)[: -SW_TEMPLATES_KEPT + 1]:
        old.unlink(missing_ok=True)
    return template


# What sw.js precaches: every page but the /r/ short-link stubs, the search index,
# redirects.json (read by links.js for moved anchors), the web app manifest and the assets,
# except source maps and the theme's search stemmers of other languages (this site searches
# Dutch). Not the Python runtime: its own routes store it (web/build/service-worker.mjs).
# Until 2026-12-02 Workbox's injectManifest (Node) made this list from the same rules as
# globs; it cost 0.28 s of CPU in every build for what is a walk and an md5 per file, so Python
# makes it, and tests/test_offline.py runs injectManifest with those globs as the oracle.
PRECACHE_FILES = frozenset({"search/search_index.json", "redirects.json", MANIFEST_FILE})
PRECACHE_ASSETS = frozenset({".css", ".js", ".mjs", ".svg", ".png", ".ico", ".webmanifest"})
NOT_PRECACHED_FOLDERS = frozenset({RUNTIME_FOLDER, "r"})  # top-level folders of the site
NOT_PRECACHED = re.compile(
    r"\.(map|gz|br)$"
    r"|^assets/javascripts/lunr/(tinyseg|wordcut)\.js$"
    r"|^assets/javascripts/lunr/min/lunr\.(?!(stemmer\.support|multi|nl)\.min\.js$)[^/]*\.min\.js$"
)
# Workbox adds ?__WB_REVISION__= to each precache request to get past the HTTP cache, so a
# first visit downloads again what the page just loaded. Names that carry their content's
# hash cannot be stale: no revision (so no cache-busting) for those.
NAMED_BY_HASH = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)$")
PRECACHE_MAX_BYTES = 2 * 1024 * 1024  # Workbox's default limit: larger files stay online only
INJECTION_POINT = "self.__WB_MANIFEST"  # where the template takes the list


def _precached(url: str) -> bool:
    if NOT_PRECACHED.search(url):
        return False
    suffix = url[url.rfind("."):] if "." in url.rpartition("/")[2] else ""
    return (suffix == ".html" or url in PRECACHE_FILES
            or (url.startswith("assets/") and suffix in PRECACHE_ASSETS))


def precache_list(site: Path) -> list[dict[str, str | None]]:
    """The precache entries of the site as it is now, sorted by URL: `url` relative to the
    site, `revision` the md5 of its bytes (Workbox's), or None for a name with its hash."""
    entries: list[dict[str, str | None]] = []
    for folder, dirs, files in os.walk(site):
        relative = folder[len(str(site)) + 1:].replace(os.sep, "/")
        # hidden entries are skipped, as Workbox's glob did (the build's marker file)
        dirs[:] = [d for d in dirs if not d.startswith(".")
                   and not (not relative and d in NOT_PRECACHED_FOLDERS)]
        for name in files:
            url = f"{relative}/{name}" if relative else name
            if name.startswith(".") or url == SERVICE_WORKER or not _precached(url):
                continue
            data = Path(folder, name).read_bytes()
            if len(data) > PRECACHE_MAX_BYTES:
                print(f"Waarschuwing: {url} ({len(data) / 1e6:.1f} MB) is groter dan "
                      f"{PRECACHE_MAX_BYTES / 1e6:.1f} MB en wordt niet bewaard voor gebruik "
                      "zonder internet.", file=sys.stderr)
                continue
            revision = None if NAMED_BY_HASH.search(url) else hashlib.md5(data).hexdigest()  # noqa: S324 (a revision, as Workbox's)
            entries.append({"revision": revision, "url": url})
    return sorted(entries, key=lambda entry: str(entry["url"]))


def _node_failed(stdout: str, stderr: str) -> NoReturn:
    lines = (stderr.strip() or stdout.strip()).splitlines()[-5:]
    raise BuildError(["De service worker (sw.js) kon niet worden gemaakt:", *lines])


def service_worker_template() -> Path:
    """The bundled worker without its precache list, made by Workbox's generateSW (Node, about
    3 s) only when none is cached for these settings."""
    runtime, meta = runtime_caches()
    settings: dict[str, object] = {
        "cacheId": CACHE_ID,
        "runtimeCache": runtime,
        "metaCache": meta,
        "metaFiles": list(META_FILES),
        "pyodideFolder": RUNTIME_FOLDER,
    }
    template = _sw_template(settings)
    if not template.exists():
        made = subprocess.run(
            ["node", str(SW_BUILDER), json.dumps({**settings, "template": str(template)})],
            capture_output=True, text=True, cwd=ROOT, preexec_fn=die_with_parent, check=False,
        )
        if made.returncode != 0:
            _node_failed(made.stdout, made.stderr)
    return template


def write_service_worker(site: Path) -> None:
    """sw.js from the site as it is now: the template with the site's precache list."""
    code = service_worker_template().read_text(encoding="utf-8")
    parts = code.split(INJECTION_POINT)
    if len(parts) != 2:
        _node_failed("", f"{INJECTION_POINT} staat {len(parts) - 1} keer in de sjabloon")
    # the JSON of Workbox's injectManifest (fast-json-stable-stringify: sorted keys, no spaces)
    entries = json.dumps(precache_list(site), ensure_ascii=False, separators=(",", ":"),
                         sort_keys=True)
    site_dir.write_text(site / SERVICE_WORKER, entries.join(parts))


def write_offline_info(site: Path) -> None:
    """pyodide/offline.json: what a tool page stores for offline use, the download size of
    each file (the smallest variant a host sends: run after precompression) and its sha256
    (nothing else is stored: web/offline/store.mjs)."""
    folder = site / RUNTIME_FOLDER
    if not folder.is_dir():
        return
    runtime, meta = runtime_caches()
    files: list[dict[str, object]] = []
    manifest_path = folder / SNAPSHOT_MANIFEST
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.is_file() else None
    (wheel,) = folder.glob("widgets-*/*.whl")
    for url in offline_files(manifest, wheel.relative_to(folder).as_posix()):
        path = folder / url
        files.append({"url": url, "bytes": wire_size(path),
                      "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    files.append({"url": OFFLINE_INFO, "bytes": 0, "meta": True})
    info = {"prefix": RUNTIME_CACHE_PREFIX, "cache": runtime, "meta_cache": meta,
            "files": files}
    site_dir.write_text(folder / OFFLINE_INFO, json.dumps(info, indent=1) + "\n")
