"""The site's Content-Security-Policy: a <meta> in every page, and `_headers` for hosts.

Every page works under one strict policy (`page_policy`): nothing but the site's own files,
no inline script except the theme's own, no inline style, no plug-ins, no foreign forms or
base URLs. The theme's inline scripts are allowed by their sha256, computed here from the
theme's own templates (`theme_script_hashes`: each `<script>` of mkdocs-material's templates
and overrides/, rendered for every `base_url` a page of this site can have), never from the
built pages: a theme update needs no hand-kept list, and a script that reached a page any
other way (front matter, content, data) gets no hash and fails the build.

The build writes the policy as `<meta http-equiv="Content-Security-Policy">` into every HTML
page, so it holds on any host, and into `_headers` at the site root (the
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
the versioned Pyodide runtime, the widget wheel's folder, the memory snapshot, the trimmed
stdlib) may be kept a year without asking (`immutable`); everything else (pages, sw.js, the
web app manifest, pyodide-lock.json, snapshot.json, offline.json, scripts with a `?v=`
query) is `no-cache`: kept, but revalidated on every use, so a new build shows at once.
Any inline script of a built page that is not one of the theme's is refused: it would need
its own hash, and the policy is there to stop exactly such scripts. Pages are read with the
standard library's HTML parser, as a browser tokenises them (`<SCRIPT data-src=1>` is an
inline script, whatever a pattern would say). That took 0.3 s of every build for the ten
scripts of a page, so `script_hashes` first reads a page with `quick_scripts`: a pattern for
the plain form the theme writes (`<script a="b" c>...</script>`, lower case, quoted values)
that gives up on anything else, and finds every script the parser finds (more only where
the parser sees none: in a comment or an attribute value). Only when it finds a script that
is not the theme's, or gives up, does the parser read the page and decide.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import jinja2
import material

from sitegen.exceptions import BuildError
from sitegen.publish import site_dir

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
    ("/pyodide/stdlib-*", IMMUTABLE, "The trimmed and the empty stdlib: named by their hash."),
)

# Script types a browser certainly does not run (the theme's configuration is JSON). Every
# other type counts as code: JavaScript under any of its names, modules, import maps.
DATA_TYPES = {"application/json", "application/ld+json"}
# The theme's templates: mkdocs-material's own and the project's overrides (custom_dir).
THEME_TEMPLATES = (Path(material.__file__).parent / "templates",
                   Path(__file__).resolve().parents[2] / "overrides")
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


class _Scripts(HTMLParser):
    """Every <script> element of a document: (line, attributes, text), as a browser's
    tokeniser finds them (any case, any attribute spelling, text up to </script>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[int, dict[str, str | None], str]] = []
        self._open: tuple[int, dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = (self.getpos()[0], dict(attrs), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # '<script/>' opens a script in HTML all the same

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            line, attrs, parts = self._open
            self.found.append((line, attrs, "".join(parts)))
            self._open = None

    def close(self) -> None:
        super().close()
        if self._open is not None:  # never closed: the browser runs it to the end of the file
            self.handle_endtag("script")


def scripts(document: str) -> list[tuple[int, dict[str, str | None], str]]:
    """(line, attributes, text) of every <script> in an HTML document (or template)."""
    if SCRIPT_OPEN.search(document) is None:
        return []  # the parser finds a script only at a '<script' (in any ASCII case)
    parser = _Scripts()
    parser.feed(document)
    parser.close()
    return parser.found


# `quick_scripts`: where a script may start (a superset of the parser's: it takes a tag name
# ending at whitespace, '/' or '>' and lower-cases it in ASCII), and the one form read here.
# The text may hold no '</', '<!' or '<script', so the parser ends it at the same '</script>'
# (so does a browser: no comment-like escapes to follow) and no script hides inside another.
SCRIPT_OPEN = re.compile(r"<script", re.IGNORECASE | re.ASCII)
PLAIN_SCRIPT = re.compile(
    r'<script((?: [a-z][a-z0-9-]*(?:="[^"<>&]*")?)*)>'
    r"([^<]*(?:<(?![/!]|[sS][cC][rR][iI][pP][tT])[^<]*)*)</script>"
)
PLAIN_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)(?:="([^"<>&]*)")?')


def quick_scripts(document: str) -> list[tuple[int, dict[str, str | None], str]] | None:
    """What `scripts` gives, read with patterns where every `<script` of `document` has the
    plain form (see PLAIN_SCRIPT): a superset of the parser's scripts, as (line, attributes,
    text). None (ask the parser) where any has another form."""
    found: list[tuple[int, dict[str, str | None], str]] = []
    line, counted = 1, 0
    for start in SCRIPT_OPEN.finditer(document):
        script = PLAIN_SCRIPT.match(document, start.start())
        if script is None:
            return None
        line += document.count("\n", counted, start.start())
        counted = start.start()
        attrs = {a.group(1): a.group(2) for a in PLAIN_ATTRIBUTE.finditer(script.group(1))}
        found.append((line, attrs, script.group(2)))
    return found


def runs_inline(attrs: dict[str, str | None]) -> bool:
    """Whether a browser runs the text of a script with these attributes (no `src`, a type
    that is not data)."""
    kind = (attrs.get("type") or "").strip().lower()
    return "src" not in attrs and kind not in DATA_TYPES


def inline_scripts(page: str) -> list[tuple[int, str]]:
    """(line, text) of every script in `page` that a browser runs inline."""
    return [(line, text) for line, attrs, text in scripts(page) if runs_inline(attrs)]


def html_pages(site: Path) -> dict[str, Path]:
    """Every HTML page of `site`, by its site-relative name ('hoofdstuk-1/index.html'), in
    order. (os.walk and names as strings: Path.rglob and Path.relative_to took 0.03 s for the
    site's 370 pages.)"""
    found = sorted(Path(root, name) for root, _, names in os.walk(site)
                   for name in names if name.endswith(".html"))
    start = len(str(site).rstrip(os.sep)) + 1
    return {str(path)[start:].replace(os.sep, "/"): path for path in found}


def base_urls(site: Path) -> set[str]:
    """Every `base_url` MkDocs gives a page of `site`: the relative way up from its folder
    ('.', '..', '../..'), and '/' (the 404 page and the printed guideline, which may be
    served at any address)."""
    return _bases(html_pages(site))


def _bases(names: Iterable[str]) -> set[str]:
    depths = {name.count("/") for name in names}  # of site-relative page names
    return {"/", *("/".join([".."] * d) if d else "." for d in depths)}


def theme_script_hashes(template_dirs: Sequence[Path], bases: Iterable[str]) -> set[str]:
    """sha256 of every inline script the theme's templates can write, rendered with each of
    `bases` as `base_url` (the one value the theme's scripts take from the page). Scripts that
    need anything else (an analytics property, a redirect target: features this site does
    not use) are left out, so they could never run."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    hashes: set[str] = set()
    for folder in template_dirs:
        # os.walk: the theme's folder holds 14,000 icons, which Path.rglob took 40 ms to pass
        found = (Path(root, name) for root, _, names in os.walk(folder)
                 for name in names if name.endswith(".html"))
        for template in sorted(found):
            for _line, attrs, text in scripts(template.read_text(encoding="utf-8")):
                if not runs_inline(attrs):
                    continue
                try:
                    body = env.from_string(text)
                    hashes.update(
                        _sha256(body.render(base_url=base, config={"extra": {}}))
                        for base in bases
                    )
                except jinja2.TemplateError:
                    continue
    return hashes


def _meta(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, False)}">'


def _with_meta(page: str, meta: str, where: str) -> str:
    anchor = CHARSET.search(page) or HEAD.search(page)
    if anchor is None:
        raise BuildError(f"{where}: geen <head>, dus geen plaats voor het CSP-beleid")
    return page[: anchor.end()] + "\n" + meta + page[anchor.end() :]


def script_hashes(page: str, where: str, allowed: set[str] | None = None) -> set[str]:
    """The sha256 of every inline script of `page`; with `allowed` (the theme's), any other
    inline script fails the build: `where`, line, and what to do instead."""
    hashes: set[str] = set()
    found = None
    if allowed is not None and (quick := quick_scripts(page)) is not None:
        found = [(line, text) for line, attrs, text in quick if runs_inline(attrs)]
        if any(_sha256(text) not in allowed for _, text in found):
            found = None  # not the theme's, or hidden from the parser: the parser decides
    if found is None:
        found = inline_scripts(page)
    for line, script in found:
        digest = _sha256(script)
        if allowed is not None and digest not in allowed:
            raise BuildError(
                f"{where}, regel {line}: een <script> met code die niet "
                "uit het thema komt is niet toegestaan (Content-Security-Policy). Staat er "
                "een script in content/, de front matter of data/? Code hoort in een "
                "bestand in web/, geladen door een hulpmiddel."
            )
        hashes.add(digest)
    return hashes


def with_policy(page: str, policy: str, where: str) -> str:
    """`page` with the policy text `policy` as its <meta> (as `secure` writes it)."""
    return _with_meta(page, _meta(policy), where)


def secure(site: Path, template_dirs: Sequence[Path] = THEME_TEMPLATES) -> str:
    """Put the page policy into every HTML page of `site`, write `_headers`; return the
    policy. `template_dirs`: the theme's templates (the renderer's theme and overrides/)."""
    found = html_pages(site)
    pages = {name: path.read_text(encoding="utf-8") for name, path in found.items()}
    allowed = theme_script_hashes(template_dirs, _bases(pages))  # what base_urls(site) gives
    hashes: set[str] = set()
    for name, page in pages.items():
        hashes |= script_hashes(page, name, allowed)
    policy = page_policy(hashes)
    text = policy_text(policy)
    for name, page in pages.items():
        site_dir.write_text(found[name], with_policy(page, text, name))
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
    site_dir.write_text(site / HEADERS_FILE, "\n".join(lines) + "\n")


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


def request_path(target: str) -> str | None:
    """The path of a request target as a file server resolves it: query and fragment
    dropped, percent-escapes decoded, '.', '..' and '//' collapsed (never above '/'), a
    trailing '/' kept. None for a path no file can have (a NUL byte, a bad escape). Header
    rules match this, not the raw target: `/assets/widgets/%77orker.mjs` is the worker."""
    raw = target.partition("?")[0].partition("#")[0]
    try:
        path = urllib.parse.unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\0" in path or not path.startswith("/"):
        return None
    normal = posixpath.normpath(path)
    normal = "/" + normal.lstrip("/")  # normpath keeps a leading '//'
    if path.endswith("/") and normal != "/":
        normal += "/"
    return normal


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
            # the path as served (decoded, normalised): a rule cannot be dodged by spelling;
            # none yet when the request line itself could not be read (an error answered)
            path = request_path(getattr(self, "path", "/")) or "/"
            # read per request: `build.py serve` swaps in a new build, maybe new hashes
            for name, value in headers_for(read_headers(site) + (extra or []), path).items():
                self.send_header(name, value)
            super().end_headers()

    return Handler
