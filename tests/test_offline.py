"""Offline and installable (sitegen/publish/offline.py, web/offline/, web/widgets/offline.mjs).

In Chromium with service workers allowed (the other browser tests block them), served as a
host sends the site (`host`: precompressed files, `_headers`; the first and the update test
also by nginx with the site's nginx.conf, `any_host`):
- after one visit of the home page, offline: every guideline page, the parents' version and
  search work; a tool page says that the tool needs one visit with internet;
- a tool used once works offline (through the snapshot), and nothing typed is stored;
- the button 'Beschikbaar maken zonder internet (ongeveer N MB)' stores the runtime;
- after a rebuild with changed content, the page offers the new version, and shows the new
  text once the user accepts it;
- no request leaves the site's origin, and offline none reaches the server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from sitegen.publish import offline, serving, site_dir
from tests import nginx_server
from tests.conftest import HOSTS, ROOT, run_build
from tests.test_accessibility import PAGE_TYPES
from tests.test_browser_lsvg import answer, expect_result

pytestmark = pytest.mark.browser

READY_MS = 60_000
LSVG = "/hulpmiddelen/lsvg/"
FINDER = "/hulpmiddelen/interventiewijzer/"
SECRET = "Geheim-voorbeeld-456"
# One page of each kind (the audited list), without its fragment; short links are stubs
# that redirect, not pages of their own.
OPENED = [path.partition("#")[0] for path in PAGE_TYPES.values() if not path.startswith("/r/")]


def wait_until(page: Page, script: str, timeout_s: float = 60) -> None:
    """Poll `script` in the page (wait_for_function would need eval, which the CSP refuses)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if page.evaluate(script):
                return
        except PlaywrightError:  # the page is navigating: ask again
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout_s} s: {script}")
        time.sleep(0.2)


def controlled(page: Page) -> None:
    """The service worker is active and controls the page (its precache is complete)."""
    wait_until(page, "navigator.serviceWorker.controller !== null")


def with_sw(browser: Browser, base: str) -> tuple[BrowserContext, list[str]]:
    """A new context that allows service workers, recording every request (pages, workers
    and the service worker itself)."""
    context = browser.new_context(service_workers="allow")
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    return context, urls


def foreign(urls: list[str], base: str) -> list[str]:
    return [u for u in urls if not u.startswith((base, "data:", "blob:"))]


def guideline_pages(site: Path) -> list[str]:
    """Every page of the site except the short-link stubs under /r/."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(("r/", "assets/")):
            pages.append("/" + rel.removesuffix("index.html"))
    return pages


def cached_urls(page: Page) -> dict[str, list[str]]:
    return page.evaluate(
        """async () => { const out = {};
          for (const name of await caches.keys())
            out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
          return out; }"""
    )


def test_pages_parents_and_search_work_offline_after_one_visit(
    browser: Browser, any_host: serving.InstrumentedServer | nginx_server.NginxServer, site: Path
) -> None:
    host = any_host
    context, urls = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + "/")
    controlled(page)
    context.set_offline(True)
    host.sent.clear()
    pages = guideline_pages(site)
    assert set(OPENED) <= set(pages) and len(pages) > 40
    broken = []
    for path in OPENED:  # opened: each with its styles and scripts from the caches
        response = page.goto(host.url + path)
        if response is None or not response.ok or page.locator("h1").count() == 0:
            broken.append(path)
    # every other page read from the caches in one go: opening each would add about 0.4 s a
    # page on a 2-core machine and test the same stored assets again
    broken += page.evaluate(
        """async (paths) => {
          const bad = [];
          for (const path of paths) {
            const response = await fetch(path).catch(() => null);
            if (!response?.ok || !/<h1[ >]/.test(await response.text())) bad.push(path);
          }
          return bad; }""",
        [p for p in pages if p not in OPENED],
    )
    assert not broken
    page.goto(host.url + "/ouders/")
    expect(page.locator("h1")).to_be_visible()
    page.get_by_role("textbox", name=re.compile("zoek", re.I)).first.click()
    page.locator("input.md-search__input").press_sequentially("gehecht", delay=30)
    expect(page.locator(".md-search-result__item a").first).to_be_visible(timeout=20_000)
    # a tool never used: says so at once, and Python cannot load
    page.goto(host.url + LSVG)
    message = page.locator('[data-tool-offline][data-state="offline-missing"]')
    expect(message).to_contain_text("werkt zonder internet pas nadat u hem één keer met internet")
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=READY_MS)
    assert dict(host.sent) == {}  # nothing reached the server while offline
    context.close()
    assert not foreign(urls, host.url)


def test_a_tool_used_once_works_offline_and_nothing_typed_is_stored(
    browser: Browser, host: serving.InstrumentedServer, site: Path
) -> None:
    context, urls = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + LSVG)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    page.locator("#lsvg-1-notities").fill(SECRET)
    answer(page, [1, 1, 1, 1, 1, 1, 1, 1])
    expect_result(page, "8", "geen-aanwijzingen")
    # stored for offline use after the first use (web/widgets/offline.mjs)
    expect(page.locator('[data-tool-offline][data-state="cached"]')).to_be_visible(
        timeout=READY_MS
    )
    controlled(page)
    context.set_offline(True)
    host.sent.clear()
    for path in (LSVG, FINDER + "#leeftijd-jaren=3"):  # one runtime for both tools
        page.goto(host.url + path)
        html = page.locator("html")
        expect(html).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
        expect(html).to_have_attribute("data-pyodide-boot", "snapshot")
    page.goto(host.url + LSVG)
    answer(page, [1, 2, 3, 2, 1, 2, 1, 1])
    expect_result(page, "13", "niet-optimaal")
    assert dict(host.sent) == {}
    stored = cached_urls(page)
    info = json.loads((site / "pyodide" / offline.OFFLINE_INFO).read_text())
    runtime = {host.url + "/pyodide/" + f["url"] for f in info["files"] if not f.get("meta")}
    assert set(stored[info["cache"]]) == runtime
    every = [u for names in stored.values() for u in names]
    assert not [u for u in every if SECRET in u or "lsvg-1" in u or "leeftijd" in u]
    storage = page.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),"
        " document.cookie])"
    )
    assert SECRET not in storage
    context.close()
    assert not foreign(urls, host.url)


def test_the_button_makes_a_tool_available_offline(
    browser: Browser, host: serving.InstrumentedServer
) -> None:
    context, urls = with_sw(browser, host.url)
    page = context.new_page()
    page.goto(host.url + "/")
    controlled(page)
    # Python cannot start (no wasm), so the tool is never used: only the button stores.
    wasm = f"/pyodide/{offline.runtime_folder()}/pyodide.asm.wasm"
    host.overrides[wasm] = (404, b"")
    page.goto(host.url + FINDER)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "failed", timeout=READY_MS)
    button = page.locator("[data-tool-offline]").get_by_role(
        "button", name=re.compile("^Klaarmaken voor gebruik zonder internet"))
    expect(button).to_be_visible()
    size = re.search(r"\(ongeveer (\d+(?:,\d)?) MB; doe dit op wifi\)", button.inner_text())
    assert size and 4 < float(size.group(1).replace(",", ".")) < 9, button.inner_text()
    host.overrides.clear()
    button.click()
    expect(page.locator('[data-tool-offline][data-state="cached"]')).to_contain_text(
        "werkt op dit apparaat ook zonder internet", timeout=READY_MS
    )
    context.set_offline(True)
    page.goto(host.url + LSVG)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    context.close()
    assert not foreign(urls, host.url)


# Every layout shift of the page (a PerformanceObserver from the first byte), with what moved.
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({
      value: entry.value,
      moved: entry.sources.map((s) => `${s.node?.nodeName ?? "?"}.${s.node?.className ?? ""} `
        + `${Math.round(s.previousRect.y)} -> ${Math.round(s.currentRect.y)}`),
    });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("path", [LSVG, FINDER])
def test_a_tool_page_does_not_move_while_python_loads_and_is_stored(
    browser: Browser, host: serving.InstrumentedServer, path: str
) -> None:
    # A first visit on a phone, from the first byte through ready to stored for offline use:
    # the status keeps its height and the offline panel stands at the end (site.css
    # .tool-status, web/widgets/offline.mjs), so nothing above the form moves it.
    context = browser.new_context(
        service_workers="allow", viewport={"width": 412, "height": 823}, is_mobile=True,
        has_touch=True,
    )
    context.add_init_script(SHIFTS)
    page = context.new_page()
    page.goto(host.url + path)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    panel = page.locator('[data-tool-offline][data-state="cached"]')
    expect(panel).to_be_visible(timeout=READY_MS)
    # the panel after the tool, before the site's own offline status at the end of the page
    assert page.evaluate(
        """() => { const panel = document.querySelector("[data-tool-offline]");
          const form = document.querySelector("form");
          return !!(form.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING); }"""
    )
    page.wait_for_timeout(500)  # a last shift is reported after the frame it happened in
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert shifts == [], shifts


# --- a new build --------------------------------------------------------------------------

MARKER = "Deze zin is toegevoegd voor de updatetest."


@pytest.fixture(scope="module", params=HOSTS)
def published(
    request: pytest.FixtureRequest, site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """A copy of the built site, served on its own (the test publishes a new build into it),
    by `build.py serve` and by nginx with the site's nginx.conf."""
    if request.param == "nginx":
        reason = nginx_server.missing()
        if reason:
            pytest.skip(reason)
        with nginx_server.NginxServer(site) as server:
            yield server.site, server.url
        return
    folder = tmp_path_factory.mktemp("published") / "site"
    shutil.copytree(site, folder)
    with serving.instrumented(folder) as server:
        yield folder, server.url


def test_a_new_build_is_shown_once_the_update_is_accepted(
    browser: Browser, published: tuple[Path, str], tmp_path: Path
) -> None:
    folder, base = published
    context, _ = with_sw(browser, base)
    page = context.new_page()
    page.goto(base + "/hoofdstuk-1/")
    controlled(page)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    chapter = content / "hoofdstuk-1.md"
    text = chapter.read_text(encoding="utf-8")
    heading_end = text.index("\n") + 1
    chapter.write_text(text[:heading_end] + f"\n{MARKER}\n" + text[heading_end:], "utf-8")
    result = run_build("--content", str(content), "--site", str(folder))
    assert result.returncode == 0, result.stderr
    page.reload()  # a navigation: the browser looks for a new sw.js
    notice = page.locator("[data-sw-update]")
    expect(notice).to_contain_text("Er is een nieuwe versie van deze website", timeout=READY_MS)
    expect(page.get_by_text(MARKER)).to_have_count(0)  # the old text until accepted
    notice.get_by_role("button", name="Nu vernieuwen").click()
    wait_until(page, f"document.body?.innerText.includes({MARKER!r})")
    context.close()


# --- manifest and icons -------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_web_app_manifest_and_icons(site: Path) -> None:
    manifest = json.loads((site / offline.MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["lang"] == "nl" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "./" and manifest["name"] and manifest["short_name"]
    for icon in manifest["icons"]:
        path = site / icon["src"]
        if icon["type"] == "image/png":
            width, height = png_size(path)
            assert icon["sizes"] == f"{width}x{height}"
        assert path.is_file()
    assert {"maskable"} <= {icon.get("purpose") for icon in manifest["icons"]}
    page = (site / "hoofdstuk-1/index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="../manifest.webmanifest">' in page
    assert '<script type="module" src="../assets/offline/register.mjs">' in page


def test_icons_are_rendered_from_the_committed_svg() -> None:
    result = subprocess.run(
        ["node", str(ROOT / "web/build/icons.mjs"), "--check"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_service_worker_precaches_pages_not_the_runtime(site: Path) -> None:
    sw = (site / "sw.js").read_text(encoding="utf-8")
    # injectManifest writes the list as JSON into the cached worker (offline.py)
    precached = set(re.findall(r'"url":"([^"]+)"', sw))
    assert {"index.html", "ouders/index.html", "search/search_index.json"} <= precached
    pages = {p.lstrip("/") + "index.html" for p in guideline_pages(site) if p.endswith("/")}
    assert pages <= precached
    assert not [u for u in precached if u.startswith(("pyodide/", "r/")) or u.endswith(".map")]
    assert "importScripts" not in sw  # Workbox's runtime is inside sw.js: no CDN, no 2nd file
    assert "__WB_MANIFEST" not in sw and "__sitegen_precache_list__" not in sw


def test_the_bundled_worker_is_reused_only_for_the_same_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sw.js comes from a cached bundle (generateSW takes seconds); a change of the settings,
    of the builder script or of workbox-build must make a new one."""
    monkeypatch.setattr(offline, "SW_TEMPLATES", tmp_path / "templates")
    runtime, meta = offline.runtime_caches()
    settings = {"cacheId": offline.CACHE_ID, "runtimeCache": runtime, "metaCache": meta}
    first = offline._sw_template(settings)
    assert offline._sw_template(dict(settings)) == first
    assert offline._sw_template({**settings, "runtimeCache": "sitegen-runtime-other"}) != first
    builder = tmp_path / "service-worker.mjs"
    builder.write_bytes(offline.SW_BUILDER.read_bytes() + b"// changed\n")
    monkeypatch.setattr(offline, "SW_BUILDER", builder)
    assert offline._sw_template(settings) != first


# The precache rules as globs, as web/build/service-worker.mjs gave them to Workbox's
# injectManifest until 2026-12-02: the oracle of offline.precache_list.
WORKBOX_GLOBS = {
    "globPatterns": [
        "**/*.html", "search/search_index.json", "redirects.json", "manifest.webmanifest",
        "assets/**/*.{css,js,mjs,svg,png,ico,webmanifest}",
    ],
    "globIgnores": [
        "pyodide/**", "r/**", "**/*.map", "**/*.{gz,br}",
        "assets/javascripts/lunr/{tinyseg,wordcut}.js",
        "assets/javascripts/lunr/min/lunr.!(stemmer.support|multi|nl).min.js",
    ],
}
INJECT = """
import { injectManifest } from "workbox-build/build/inject-manifest.js";
const [site, template, dest] = process.argv.slice(1);
const { warnings } = await injectManifest({
  ...JSON.parse(process.env.GLOBS), globDirectory: site, swSrc: template, swDest: dest,
  dontCacheBustURLsMatching: /\\.[0-9a-f]{8,}\\.min\\.(js|css)$/,
  maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
});
console.log(JSON.stringify(warnings));
"""
MANIFEST = re.compile(r'\[\{"revision":.*?\}\]')


def workbox_service_worker(site: Path, dest: Path) -> tuple[str, list[str]]:
    """sw.js as Workbox's injectManifest writes it from `site` and the cached template."""
    result = subprocess.run(
        ["node", "--input-type=module", "-e", INJECT, str(site),
         str(offline.service_worker_template()), str(dest)],
        capture_output=True, text=True, cwd=ROOT, check=True,
        env={**os.environ, "GLOBS": json.dumps(WORKBOX_GLOBS)},
    )
    return dest.read_text(encoding="utf-8"), json.loads(result.stdout)


def split_manifest(code: str) -> tuple[str, list[dict[str, str | None]], str]:
    found = MANIFEST.search(code)
    assert found, "no precache list in sw.js"
    entries = sorted(json.loads(found.group(0)), key=lambda entry: entry["url"])
    return code[: found.start()], entries, code[found.end():]


def test_the_precache_list_is_workboxs_for_the_built_site(site: Path, tmp_path: Path) -> None:
    ours = (site / "sw.js").read_text(encoding="utf-8")
    theirs, warnings = workbox_service_worker(site, tmp_path / "sw.js")
    assert warnings == []
    assert split_manifest(ours) == split_manifest(theirs)  # the same file, entries sorted
    assert ours.count('"url":') == len(split_manifest(ours)[1]) > 50


def test_the_precache_rules_match_workboxs_globs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names at the edges of each rule, in a site of their own."""
    site = tmp_path / "site"
    names = [
        "index.html", "a/b/c/index.html", "404.html", "r/x/index.html", "pyodide/x.html",
        "pyodide/assets/a.js", "assets/r/index.html", "x/r/index.html", "x/pyodide/i.html",
        ".hidden.html", ".dir/index.html", "a/.b/index.html", "assets/.x.js",
        "search/search_index.json", "search/other.json", "redirects.json", "links.json",
        "manifest.webmanifest", "assets/site.webmanifest", "x/manifest.webmanifest",
        "assets/a.css", "assets/b/c.js", "assets/c.mjs", "assets/d.svg", "assets/e.png",
        "assets/f.ico", "assets/g.json", "assets/h.woff2", "assets/i.js.map",
        "assets/j.js.br", "assets/k.js.gz", "index.html.br", "index.html.gz", "page.html.map",
        "assets/javascripts/lunr/tinyseg.js", "assets/javascripts/lunr/wordcut.js",
        "assets/javascripts/lunr/other.js", "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/javascripts/lunr/min/lunr.nl.min.js",
        "assets/javascripts/lunr/min/lunr.multi.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/lunr/min/lunr.nlx.min.js",
        "assets/javascripts/bundle.0123abcd.min.js", "assets/stylesheets/main.89abcdef.min.css",
        "assets/javascripts/bundle.0123abc.min.js", "assets/javascripts/x.0123ABCD.min.js",
        "sw.js", "assets/noext", "html", "a.HTML",
    ]
    for number, name in enumerate(names):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f"{number} {name}\n", encoding="utf-8")
    (site / "big.html").write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    (site / "edge.html").write_bytes(b"x" * (2 * 1024 * 1024))
    theirs, warnings = workbox_service_worker(site, tmp_path / "workbox-sw.js")
    with site_dir.writing_into(tmp_path):
        offline.write_service_worker(site)
    assert split_manifest((site / "sw.js").read_text(encoding="utf-8")) == split_manifest(theirs)
    assert [w for w in warnings if "big.html" in w]  # Workbox leaves it out, and says so
    assert "big.html" in capsys.readouterr().err  # and so does the build, in Dutch
