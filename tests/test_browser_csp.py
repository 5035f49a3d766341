"""The site under its Content-Security-Policy (sitegen/publish/headers.py), in Chromium.

Every kind of page loads without a single violation, and both tools still reach ready and
answer. The pages are served with the headers of the site's `_headers` (`headers_url`), so
each page is under its <meta> policy and the same policy as a header, and the Python worker
under its own policy: by `build.py serve` and by nginx with the site's nginx.conf
(tests/nginx_server.py), as a host publishes it. That covers a host that sends no headers
too: there the page has the same policy (the <meta>) and the worker none, as a <meta> does
not reach workers. That the <meta> alone is enforced is checked on the plain server
(`base_url`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, Worker, expect

from sitegen.exceptions import BuildError
from sitegen.publish import headers
from tests.conftest import HOSTS, served
from tests.html import soup
from tests.test_browser_finder import TIER
from tests.test_browser_lsvg import answer, expect_result
from tests.test_offline import controlled

pytestmark = pytest.mark.browser

READY_MS = 60_000  # as the tools' own tests: about 3 s on an idle machine
PAGES = [
    "/",
    "/hoofdstuk-1/",
    "/kernaanbevelingen/",
    "/bijlage-4/",
    "/interventies/vipp-sd/",
    "/ouders/welke-hulp/",
    "/links/",
    "/404.html",
]
SHORT_LINK = "/r/aanbeveling-1-9-2/"
LSVG = "/hulpmiddelen/lsvg/"
FINDER = "/hulpmiddelen/interventiewijzer/"
# Records what the browser reports: the event of every violation in the page.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
CSP_WORDS = re.compile(r"Content.Security.Policy|Refused to", re.IGNORECASE)


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args: dict) -> dict:
    """Service workers allowed here: every page registers sw.js, under the same policy."""
    return {**browser_context_args, "service_workers": "allow"}


@pytest.fixture(scope="module", params=HOSTS)
def headers_url(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    """The site with its headers: `build.py serve`, then nginx with the site's nginx.conf."""
    if request.param == "nginx":
        yield request.getfixturevalue("nginx_host").url
        return
    with served(site, site_headers=True) as url:
        yield url


def watch(page: Page) -> Callable[[], list[str]]:
    """Start recording violations (events in the page, console messages of the page and its
    workers); returns a function giving all recorded so far."""
    messages: list[str] = []

    def on_console(text: str) -> None:
        if CSP_WORDS.search(text):
            messages.append(text)

    def on_worker(worker: Worker) -> None:
        worker.on("console", lambda m: on_console(f"worker {worker.url}: {m.text}"))

    page.add_init_script(WATCH)
    page.on("console", lambda m: on_console(m.text))
    page.on("worker", on_worker)

    def violations() -> list[str]:
        events = page.evaluate("window.__violations || []")
        return [*events, *messages]

    return violations


def expect_policy(page: Page) -> None:
    """The page carries the policy (so a clean run means something)."""
    meta = page.locator('meta[http-equiv="Content-Security-Policy"]')
    expect(meta).to_have_count(1)
    expect(meta).to_have_attribute("content", re.compile(r"^default-src 'self'; script-src"))


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_violations(page: Page, headers_url: str, path: str) -> None:
    violations = watch(page)
    response = page.goto(headers_url + path)
    assert response is not None and response.ok
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    expect_policy(page)
    assert violations() == []


def test_service_worker_and_manifest_work_without_violations(
    page: Page, headers_url: str
) -> None:
    """The registration script, workbox-window, sw.js (under the header policy) and the web
    app manifest: the page ends up controlled by the service worker, with no violation."""
    violations = watch(page)
    page.goto(headers_url + "/hoofdstuk-1/")
    controlled(page)
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())"
    )
    assert manifest["lang"] == "nl"
    expect_policy(page)
    assert violations() == []


def test_short_link_lands_without_violations(page: Page, headers_url: str) -> None:
    violations = watch(page)
    page.goto(headers_url + SHORT_LINK)
    expect(page).to_have_url(re.compile(r"/hoofdstuk-1/#aanbeveling-1-9-2$"))
    page.wait_for_load_state("networkidle")
    expect_policy(page)
    assert violations() == []


def test_the_meta_policy_alone_is_enforced(page: Page, base_url: str) -> None:
    """Served without headers, an injected inline script, event handler and style attribute
    are refused, and reported."""
    violations = watch(page)
    response = page.goto(base_url + "/")
    assert response is not None and "content-security-policy" not in response.headers
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.head.append(script);
          document.body.insertAdjacentHTML(
            "beforeend",
            '<img src="x" onerror="window.__ran = true"><p id="red" style="color: red">x</p>',
          );
        }"""
    )
    time.sleep(0.5)  # the refused img error handler would have run by now
    assert page.evaluate("window.__ran === undefined")
    assert page.locator("#red").evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
    found = violations()
    assert any(v.startswith("script-src-elem") for v in found), found
    assert any(v.startswith("script-src-attr") for v in found), found
    assert any(v.startswith("style-src-attr") for v in found), found


def test_lsvg_scores_without_violations(page: Page, headers_url: str) -> None:
    """Also: the worker gets its own policy and only that one, and the runtime comes
    brotli-compressed (the host sends the .br files)."""
    violations = watch(page)
    worker_policies: list[list[str]] = []
    runtime_encodings: dict[str, str] = {}

    def on_response(response: Response) -> None:
        url = response.url.partition("?")[0]
        if url.endswith(headers.WORKER_SCRIPT):
            worker_policies.append([h["value"] for h in response.headers_array()
                                    if h["name"].lower() == "content-security-policy"])
        if "/pyodide/runtime-" in url:
            runtime_encodings[url.rpartition("/")[2]] = response.headers.get(
                "content-encoding", "")

    page.context.on("response", on_response)
    page.goto(headers_url + LSVG)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    assert len(worker_policies[0]) == 1 and "'wasm-unsafe-eval'" in worker_policies[0][0]
    assert runtime_encodings.get("pyodide.asm.wasm") == "br", runtime_encodings
    assert runtime_encodings.get("pyodide.asm.mjs") == "br", runtime_encodings
    answer(page, [1, 2, 3, 2, 1, 2, 1, 1])
    expect_result(page, "13", "niet-optimaal")
    expect_policy(page)
    assert violations() == []


def test_finder_answers_without_violations(page: Page, headers_url: str) -> None:
    violations = watch(page)
    page.goto(headers_url + FINDER + "#leeftijd-jaren=3")
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    expect(page.locator(TIER.format(1)).first).to_be_visible()
    expect_policy(page)
    assert violations() == []


def test_headers_file_matches_the_pages(site: Path) -> None:
    """`_headers` says for hosts what the <meta> says, plus what only a header can: the
    worker's policy (Pyodide compiles WebAssembly) and frame-ancestors."""
    rules = headers.read_headers(site)
    meta = soup(site / "index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    page_policy = meta["content"]
    for page in ("hoofdstuk-1/index.html", "hulpmiddelen/lsvg/index.html", "404.html"):
        other = soup(site / page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert other["content"] == page_policy, page
    assert "'unsafe" not in page_policy and "wasm" not in page_policy
    for_page = headers.headers_for(rules, "/hoofdstuk-1/")["Content-Security-Policy"]
    assert for_page == page_policy + "; frame-ancestors 'self'"
    for_worker = headers.headers_for(rules, "/" + headers.WORKER_SCRIPT)
    assert for_worker["Content-Security-Policy"] == for_page.replace(
        re.search(r"script-src [^;]*", page_policy).group(0), "script-src 'self' 'wasm-unsafe-eval'"
    )


THEME_SCRIPT = next(  # the theme's first inline script, as its template writes it for '.'
    text.replace("{{ config.extra.scope | d(base_url) }}", ".")
    for _line, attrs, text in headers.scripts(
        (headers.THEME_TEMPLATES[0] / "partials" / "javascripts" / "base.html").read_text()
    )
)


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(document.domain)</script>",  # in <head>: the front matter's way in
        "<SCRIPT>alert(1)</SCRIPT>",
        "<script data-src=1>alert(1)</script>",  # `\bsrc=` matched data-src
        '<script type="text/javascript ">alert(1)</script>',
        "<script type=module>alert(1)</script>",
        "<script>" + THEME_SCRIPT + ";alert(1)</script>",  # the theme's script, extended
        # the plain form, read by quick_scripts rather than the parser
        '<script data-src="1">alert(1)</script>',
        '<script src="a.js"></script><script type="text/javascript">alert(1)</script>',
        '<script type="application/json" data-x>{}</script><script>alert(1)</script>',
    ],
)
def test_only_the_themes_own_scripts_get_a_hash(tmp_path: Path, script: str) -> None:
    """The hashes come from the theme's templates, never from the built pages: an inline
    script anywhere else in a page (head, article, any spelling) fails the build."""
    page = tmp_path / "index.html"
    head = f'<html><head><meta charset="utf-8"><script>{THEME_SCRIPT}</script>'
    page.write_text(head + f"{script}</head><body><article>tekst</article></body></html>",
                    encoding="utf-8")
    with pytest.raises(BuildError) as err:
        headers.secure(tmp_path)
    assert str(err.value).startswith("index.html, regel 1: een <script> met code die niet uit")
    page.write_text(head + "</head><body></body></html>", encoding="utf-8")
    policy = headers.secure(tmp_path)
    assert policy.count("'sha256-") == 1  # the theme's script
    assert '<meta http-equiv="Content-Security-Policy"' in page.read_text(encoding="utf-8")


def test_quick_reading_of_scripts_is_the_parsers(site: Path) -> None:
    """Every page of the site is read by quick_scripts (0.3 s of every build less than the
    parser) and it finds what the parser finds."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert headers.quick_scripts(page) == headers.scripts(page), path


@pytest.mark.parametrize(
    "document",
    [
        "<SCRIPT>alert(1)</SCRIPT>", "<script src=a.js></script>", "<script/>alert(1)",
        "<script>a</scrip>b</script>", "<script>a</ script>b</script>",
        "<script>a<!--<script>b</script>-->c</script>", "<scripts>x</scripts>",
        '<script a=">">x</script>', "<script>x", '<script  src="a.js"></script>',
        '<script x="&quot;">y</script>', "<script\n>alert(1)</script>",
    ],
)
def test_quick_reading_gives_up_on_any_other_form(document: str) -> None:
    """What the plain form does not cover goes to the parser (None)."""
    assert headers.quick_scripts(f"<p>tekst</p>{document}") is None


@pytest.mark.parametrize(
    "hidden",
    [
        "<!-- <script>alert(1)</script> -->",
        '<a title="<script>alert(1)</script>">x</a>',
        "<style>p { --x: '<script>alert(1)</script>'; }</style>",
    ],
)
def test_a_script_only_the_quick_reading_sees_fails_nothing(tmp_path: Path, hidden: str) -> None:
    """A `<script>` the parser does not see as one (in a comment, an attribute value, a
    style) is found by the quick reading too: the parser decides, and no build fails."""
    page = tmp_path / "index.html"
    page.write_text(
        f'<html><head><meta charset="utf-8"><script>{THEME_SCRIPT}</script></head>'
        f"<body>{hidden}</body></html>", encoding="utf-8",
    )
    found = headers.quick_scripts(page.read_text(encoding="utf-8"))
    assert found is not None and len(found) == 2  # more than the parser finds
    assert len(headers.scripts(page.read_text(encoding="utf-8"))) == 1
    assert headers.secure(tmp_path).count("'sha256-") == 1
