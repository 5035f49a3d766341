"""The site's nginx configuration: `nginx.conf` beside `_headers`, from the same rules.

    write(site, name)   after headers.secure (which writes `_headers`)

`_headers` (sitegen/publish/headers.py) is the one source of the site's HTTP headers; this module
translates its rules, read back from the file just written, into one file a host includes
in nginx's `http { }` block (Debian: /etc/nginx/conf.d/<name>.conf), so that nginx sends
exactly what `build.py serve` sends (sitegen/publish/serving.py) and tests/test_nginx.py checks it:

- the site-wide Content-Security-Policy, and the Python worker's own policy instead of it
  (an `add_header` inside a location replaces the server's, so every location repeats all
  of its headers: the worker gets one policy, never two);
- the caching rules, each `_headers` pattern as a location: `/x/*` as the prefix location
  `^~ /x/`, an exact path as `= /x`. nginx picks the longest prefix, `_headers` applies every
  matching rule in order, a later one replacing an earlier header: the same for these rules,
  as each location carries the fold of every rule that covers it;
- `gzip_static` and `brotli_static` (the `.gz` / `.br` files of sitegen/publish/precompress.py),
  with `Vary: Accept-Encoding`;
- the content types of every kind of file in the site (Debian's mime.types has no `.mjs`,
  which a module worker then refuses as application/octet-stream), from Python's built-in
  table plus serving.TYPES, so nginx and `build.py serve` agree;
- the site's 404 page (also for a folder without index.html: no listings), and an access log
  without query strings (README, 'What reaches the host').

Where the site is published, under which name, with which certificate, is the host's: the
lines between the two HOST marks, which the host changes and the build fills with defaults
(port 80, a folder named after the guideline under /var/www/: never this build's own
folder, which would publish the build machine's paths).
"""

from __future__ import annotations

import mimetypes
import os
import re
import unicodedata
from pathlib import Path, PurePath

from sitegen.publish import headers, serving, site_dir

CONF_FILE = "nginx.conf"
HOST_BEGIN = "    # --- host: begin"
HOST_END = "    # --- host: end"
BROTLI_MODULE = "ngx_http_brotli_static_module"  # Debian: libnginx-mod-http-brotli-static
VARIANTS = {".br", ".gz"}  # precompressed files: sent by *_static, not types of their own
# Types the site needs that Python's built-in table lacks or names otherwise.
MIME_TYPES = mimetypes.MimeTypes()  # built-in table only: the same on every build machine


def slug(text: str) -> str:
    """A file name from a title: 'Richtlijn Zorg voor één' -> 'richtlijn_zorg_voor_een'
    (ASCII letters, digits, underscores)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "site"


def short_name(text: str) -> str:
    """The prefix of this site's nginx variables and log format: the title's initials
    ('rzve_site'). Short, because nginx's variable hash holds names of up to about 50 characters;
    distinct per guideline, so that two sites can share one nginx."""
    return "".join(word[0] for word in slug(text).split("_")) + "_site"


def content_type(suffix: str) -> str:
    """The type `build.py serve` sends for `suffix` (sitegen/publish/serving.py), without depending
    on the build machine's /etc/mime.types."""
    return (
        serving.TYPES.get(suffix)
        or MIME_TYPES.guess_type("file" + suffix)[0]
        or "application/octet-stream"
    )


def _quoted(value: str) -> str:
    if "$" in value or '"' in value or "\\" in value or "\n" in value:
        # nginx would read `$` as a variable; none of the site's header values has one
        raise ValueError(f"header value not expressible in nginx: {value!r}")
    return f'"{value}"'


def _covers(rule: str, pattern: str) -> bool:
    """Whether the `_headers` pattern `rule` matches every path that `pattern` matches."""
    if rule.endswith("*"):
        return pattern.startswith(rule[:-1])
    return rule == pattern


def _key(pattern: str) -> str:
    """A map key for a `_headers` pattern: the exact path, or a regular expression for a
    prefix (`/x/*`)."""
    if "*" not in pattern:
        return _quoted(pattern)
    if pattern.index("*") != len(pattern) - 1 or any(c in pattern for c in "?[]"):
        raise ValueError(f"_headers pattern not expressible in nginx: {pattern}")
    # `[.]` rather than `\.`: no backslash for nginx's own quoting to read
    prefix = re.sub(r"[^A-Za-z0-9/_-]", lambda m: f"[{m.group(0)}]", pattern[:-1])
    return _quoted("~^" + prefix)


def header_maps(rules: list[tuple[str, dict[str, str]]], name: str) -> tuple[list[str], list[str]]:
    """One `map $uri` per header of `_headers` (http level) and the server's `add_header`
    lines that send them.

    `_headers` applies every matching rule in order, a later one replacing an earlier value;
    a map takes an exact path first, then the first regular expression that matches. So each
    entry carries the fold of every rule that covers it, exact paths as such and prefixes
    longest first: the same header for every path. No `location` blocks: an `add_header` in a
    location would drop the server's (the host's own HSTS, say) for it.
    """
    patterns = sorted(
        {p for p, _ in rules if p != "/*"},
        key=lambda p: ("*" in p, -len(p), p),  # exact paths, then the longest prefix first
    )
    names = list(dict.fromkeys(h for _, values in rules for h in values))
    maps: list[str] = []
    sends: list[str] = []
    for header in names:
        variable = f"${name}_{slug(header)}"

        def value(pattern: str, header: str = header) -> str:
            folded: dict[str, str] = {}
            for rule, values in rules:
                if _covers(rule, pattern):
                    folded.update(values)
            return folded.get(header, "")  # empty: nginx sends no such header

        default = value("/*")
        maps += [f"map $uri {variable} {{", f"    default {_quoted(default)};"]
        for pattern in patterns:
            if value(pattern) != default:
                maps.append(f"    {_key(pattern)} {_quoted(value(pattern))};")
        maps += ["}"]
        sends.append(f"    add_header {header} {variable} always;")
    return maps, sends


def types_block(site: Path) -> list[str]:
    """A `types` block for every file suffix in the site. A `types` block in a server replaces
    the one it would inherit (mime.types), so it lists all of them."""
    by_type: dict[str, set[str]] = {}
    for root, _, names in os.walk(site):  # not Path.rglob: 1,000 files, at the build's end
        for name in names:
            suffix = PurePath(name).suffix.lower()
            if suffix and suffix not in VARIANTS and os.path.isfile(os.path.join(root, name)):
                by_type.setdefault(content_type(suffix), set()).add(suffix[1:])
    lines = ["    types {"]
    for kind in sorted(by_type):
        lines.append(f"        {kind} {' '.join(sorted(by_type[kind]))};")
    return [*lines, "    }", "    default_type application/octet-stream;"]


def render(site: Path, title: str) -> str:
    """The configuration text for the built `site` of the guideline `title` (short title)."""
    name, file_name = short_name(title), slug(title)
    rules = headers.read_headers(site)
    maps, sends = header_maps(rules, name)
    log = f"{name}_no_query"
    lines = [
        "# nginx configuration of this site, written by the build (sitegen/nginx.py) from the",
        f"# same rules as {headers.HEADERS_FILE}. Do not edit it: build again. On Debian:",
        "#   apt install nginx libnginx-mod-http-brotli-static",
        f"#   cp {CONF_FILE} /etc/nginx/conf.d/{file_name}.conf   (read inside http {{ }})",
        "#   change the lines between the two 'host' marks; nginx -t && systemctl reload nginx",
        "# Tested by tests/test_nginx.py (nginx 1.22 of Debian 12). README, 'Hosting the site'.",
        "",
        "# The access log without query strings: the path without '?...', and the referring",
        "# page likewise (an old shared link of a tool may carry its filters in the query).",
        f"map $request_uri ${name}_path {{",
        '    "~^([^?]*)" $1;',
        "}",
        f"map $http_referer ${name}_referer {{",
        '    "~^([^?]*)" $1;',
        "}",
        f"log_format {log} '$remote_addr - $remote_user [$time_local] \"$request_method "
        f"${name}_path $server_protocol\" $status $body_bytes_sent \"${name}_referer\" "
        "\"$http_user_agent\"';",
        "",
        f"# The headers of {headers.HEADERS_FILE} by path: the site-wide Content-Security-Policy,",
        "# the Python worker's own policy instead of it (never both), the caching rules.",
        *maps,
        "",
        "server {",
        f"{HOST_BEGIN} (yours: address, name, TLS, the folder the site is published in, log) ---",
        "    listen 80;",
        "    server_name _;",
        "    # Over HTTPS (service workers need it): listen 443 ssl http2; ssl_certificate ...;",
        f"    root /var/www/{file_name};",
        f"    access_log /var/log/nginx/{file_name}.access.log {log};  # keep this format",
        f"{HOST_END} ---",
        "",
        "    index index.html;",
        "    absolute_redirect off;  # /hoofdstuk-1 -> /hoofdstuk-1/ without naming host or port",
        "    # A missing file, or a folder without index.html (no listings): the site's 404 page.",
        "    error_page 404 /404.html;",
        "    error_page 403 =404 /404.html;",
        "",
        "    # FILE.br and FILE.gz lie beside every file worth compressing: sent as they are, with",
        "    # Content-Encoding and Vary: Accept-Encoding, so nothing is compressed per request.",
        "    # brotli_static needs the module (Debian: libnginx-mod-http-brotli-static).",
        "    gzip off;",
        "    gzip_static on;",
        "    gzip_vary on;",
        "    brotli_static on;",
        "",
        "    # The content type of every kind of file in the site. This block replaces mime.types",
        "    # for this server (Debian's has no .mjs: module scripts would be refused).",
        *types_block(site),
        "",
        "    # Every response, the 404 page included. A `location` with an add_header of its own",
        "    # would drop these for its paths: add them there again.",
        *sends,
        "}",
    ]
    return "\n".join(lines) + "\n"


def write(site: Path, title: str) -> None:
    """site/nginx.conf for the built `site`."""
    site_dir.write_text(site / CONF_FILE, render(site, title))
