"""The site's Content-Security-Policy: a <meta> in every page, and `_headers` for hosts.

Every page works under one strict policy (`page_policy`): nothing but the site's own files,
no inline script except the theme's own (allowed by their sha256, computed here from the
built pages, so a theme update needs no hand-kept list), no inline style, no plug-ins, no
foreign forms or base URLs. The build writes it as `<meta http-equiv="Content-Security-Policy">`
into every HTML page, so it holds on any host, and into `_headers` at the site root (the
format Netlify and Cloudflare Pages read; README, 'Hosting the site', has the same for
other hosts) with what only an HTTP header can say:

- `frame-ancestors` (ignored in a <meta>): only the site itself may frame its pages;
- the policy of the tools' Python worker. A worker follows the headers of its own script, not
  the page's policy (so with the <meta> alone it runs without one). Pyodide compiles
  WebAssembly, so the worker script gets `'wasm-unsafe-eval'`, and only it: no page compiles
  WebAssembly. (Pyodide can also `eval` JavaScript of compiled packages; the widget wheel is
  pure Python, and the tools were seen to boot and answer without 'unsafe-eval'.)

`write_headers` is the one place for host headers; it also writes the caching rules
(`CACHE_RULES`): files whose address changes with their content (the theme's hashed bundles,
the versioned Pyodide runtime, the widget wheel's folder, the memory snapshot) may be kept a
year without asking (`immutable`); everything else (pages, sw.js, the web app manifest,
pyodide-lock.json, snapshot.json, offline.json, scripts with a `?v=` query) is `no-cache`:
kept, but revalidated on every use, so a new build shows at once.
An inline script inside the article of a page (content, not theme) is refused: it would need
its own hash, and the policy is there to stop exactly such scripts.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from sitegen.exceptions import BuildError

HEADERS_FILE = "_headers"
WORKER_SCRIPT = "assets/widgets/worker.mjs"  # sitegen/tools: WORKER_FOLDER/worker.mjs

# Directive -> sources, in the order they are written. script-src gets the theme's hashes.
PAGE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),  # no inline <style> or style="": the theme styles via CSSOM
    "img-src": ("'self'", "data:"),  # the theme's icons are data: SVG in its CSS
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
HEADER_ONLY: dict[str, tuple[str, ...]] = {"frame-ancestors": ("'self'",)}
WORKER_SCRIPT_SRC = ("'self'", "'wasm-unsafe-eval'")

NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
# Path pattern -> Cache-Control. `/*` first: a later, more specific rule replaces it (as
# Netlify applies `_headers`; README, 'Hosting the site', for other hosts). The patterns end in
# one `*` so that every host's `_headers` dialect reads them alike.
CACHE_RULES: tuple[tuple[str, str, str], ...] = (
    ("/*", NO_CACHE, "Pages, sw.js, manifests, lock file: revalidated on every use."),
    ("/assets/javascripts/bundle.*", IMMUTABLE, "The theme's bundles: names carry their hash."),
    ("/assets/javascripts/workers/search.*", IMMUTABLE, ""),
    ("/assets/stylesheets/main.*", IMMUTABLE, ""),
    ("/assets/stylesheets/palette.*", IMMUTABLE, ""),
    ("/pyodide/runtime-*", IMMUTABLE, "Pyodide's runtime: its folder is named by its hash."),
    ("/pyodide/widgets-*", IMMUTABLE, "The widget wheel: its folder is named by its hash."),
    ("/pyodide/snapshot-*", IMMUTABLE, "The memory snapshot: named by its hash."),
)

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
SCRIPT_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
# Types a browser runs; anything else (application/json: the theme's configuration) is data.
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
ARTICLE = re.compile(r"<article\b.*</article>", re.IGNORECASE | re.DOTALL)
CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def policy_text(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def page_policy(script_hashes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    hashes = tuple(f"'sha256-{h}'" for h in sorted(set(script_hashes)))
    return {**PAGE_POLICY, "script-src": (*PAGE_POLICY["script-src"], *hashes)}


def worker_policy() -> dict[str, tuple[str, ...]]:
    return {**PAGE_POLICY, "script-src": WORKER_SCRIPT_SRC}


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def inline_scripts(page: str) -> list[tuple[int, str]]:
    """(offset, text) of every script in `page` that a browser runs inline."""
    found = []
    for match in SCRIPT.finditer(page):
        attributes = match.group(1)
        kind = SCRIPT_TYPE.search(attributes)
        if SCRIPT_SRC.search(attributes) or (kind and kind.group(1).lower() not in JS_TYPES):
            continue
        found.append((match.start(), match.group(2)))
    return found


def _meta(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, False)}">'


def _with_meta(page: str, meta: str, where: str) -> str:
    anchor = CHARSET.search(page) or HEAD.search(page)
    if anchor is None:
        raise BuildError(f"{where}: geen <head>, dus geen plaats voor het CSP-beleid")
    return page[: anchor.end()] + "\n" + meta + page[anchor.end() :]


def script_hashes(page: str, where: str) -> set[str]:
    """The sha256 of every inline script of `page` (the theme's); one inside the article
    (content, not theme) fails the build."""
    article = ARTICLE.search(page)
    hashes: set[str] = set()
    for offset, script in inline_scripts(page):
        if article and article.start() <= offset < article.end():
            raise BuildError(
                f"{where}: een <script> met code in de pagina is niet "
                "toegestaan (Content-Security-Policy); zet de code in een bestand in web/ "
                "en laad dat met <script src=...>"
            )
        hashes.add(_sha256(script))
    return hashes


def with_policy(page: str, policy: str, where: str) -> str:
    """`page` with the policy text `policy` as its <meta> (as `secure` writes it)."""
    return _with_meta(page, _meta(policy), where)


def secure(site: Path) -> str:
    """Put the page policy into every HTML page of `site`, write `_headers`; return the
    policy."""
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    hashes: set[str] = set()
    for path, page in pages.items():
        hashes |= script_hashes(page, str(path.relative_to(site)))
    policy = page_policy(hashes)
    text = policy_text(policy)
    for path, page in pages.items():
        path.write_text(with_policy(page, text, str(path.relative_to(site))), encoding="utf-8")
    write_headers(site, policy)
    return text


def write_headers(site: Path, policy: dict[str, tuple[str, ...]]) -> None:
    """`_headers` (Netlify / Cloudflare Pages format): the header for every response, then the
    Python worker's, which must replace it for that one script (not be added to it)."""
    lines = [
        "# HTTP headers of this site, written by the build (sitegen/headers.py). Format of",
        "# Netlify and Cloudflare Pages; for other hosts see README, 'Hosting the site'.",
        "/*",
        f"  Content-Security-Policy: {policy_text({**policy, **HEADER_ONLY})}",
    ]
    if (site / WORKER_SCRIPT).is_file():
        lines += [
            "",
            "# The tools' Python worker (Pyodide) compiles WebAssembly: in this script only.",
            "# It must get this policy INSTEAD of the one above: two policies both apply.",
            f"/{WORKER_SCRIPT}",
            f"  Content-Security-Policy: {policy_text({**worker_policy(), **HEADER_ONLY})}",
        ]
    lines += ["", "# Caching (README, 'Hosting the site'): a later rule replaces an earlier one."]
    for pattern, value, comment in CACHE_RULES:
        lines += [f"# {comment}"] if comment else []
        lines += [pattern, f"  Cache-Control: {value}"]
    (site / HEADERS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_headers(site: Path) -> list[tuple[str, dict[str, str]]]:
    """The rules of `site/_headers`: (path pattern, headers), in file order."""
    path = site / HEADERS_FILE
    rules: list[tuple[str, dict[str, str]]] = []
    if not path.is_file():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules: list[tuple[str, dict[str, str]]], url_path: str) -> dict[str, str]:
    """Headers for one request path: every matching rule, a later one replacing an earlier
    header of the same name (as Netlify does)."""
    out: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatchcase(url_path, pattern):
            out.update(values)
    return out


def with_site_headers(
    base: type[SimpleHTTPRequestHandler],
    site: Path,
    extra: list[tuple[str, dict[str, str]]] | None = None,
) -> type[SimpleHTTPRequestHandler]:
    """A request handler class that sends the headers of `site/_headers` (`build.py serve`
    and the tests serve the site as a host that reads the file would), then `extra` rules."""
    class Handler(base):  # type: ignore[valid-type,misc]
        def end_headers(self) -> None:
            path = self.path.partition("?")[0].partition("#")[0]
            # read per request: `build.py serve` swaps in a new build, maybe new hashes
            for name, value in headers_for(read_headers(site) + (extra or []), path).items():
                self.send_header(name, value)
            super().end_headers()

    return Handler
