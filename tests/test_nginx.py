"""The site's nginx.conf (sitegen/publish/nginx.py) with Debian's nginx: what a host copies, tested.

nginx runs unprivileged on a loopback port with the generated file, only its host lines
changed (tests/nginx_server.py). Here: `nginx -t`, the headers of `_headers` path by path,
the content types `build.py serve` sends, the 404 page, short links, the access log without
query strings. The browser checks run against nginx too: tests/test_browser_csp.py (every
page type without a CSP violation, both tools ready and answering, the runtime as brotli),
tests/test_offline.py (offline after one visit, the update flow after a rebuild) and
tests/test_serving.py (precompressed files, caching rules).
"""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitegen.publish import headers, nginx, serving
from tests import nginx_server

SHORT_LINK = "/r/aanbeveling-1-9-2/"


def get(url: str, **extra: str) -> tuple[int, dict[str, list[str]], bytes]:
    """Status, headers (every value of each, by lower-case name) and body; no decoding."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity", **extra})
    try:
        response = urllib.request.urlopen(request)  # noqa: S310 (loopback)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        found: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, response.read()


def test_nginx_accepts_the_generated_file(nginx_host: nginx_server.NginxServer) -> None:
    result = nginx_host.check()
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_a_host_changes_only_the_marked_lines(site: Path) -> None:
    """The build fills the host's lines with defaults (port 80, a folder under /var/www/ named
    after the guideline, never the build's own folder: no build path is published) and says
    how to install the file; the test server replaces exactly those lines."""
    conf = (site / nginx.CONF_FILE).read_text(encoding="utf-8")
    part = nginx_server.host_part(conf)
    assert "    listen 80;\n" in part
    assert re.search(r"^    root /var/www/[a-z0-9_]+;$", part, re.M), part
    assert str(site) not in conf
    assert "access_log /var/log/nginx/" in part
    rest = conf.replace(part, "")
    assert not re.search(r"^\s*(listen|server_name|root|access_log|ssl_\w+)\b", rest, re.M)
    assert "apt install nginx libnginx-mod-http-brotli-static" in conf
    assert "brotli_static on;" in conf and "gzip_static on;" in conf


def test_headers_are_those_of_the_headers_file(
    nginx_host: nginx_server.NginxServer, site: Path
) -> None:
    """Every rule of `_headers` on a real path of it: the same Content-Security-Policy (one,
    never two: the worker's replaces the site's) and Cache-Control."""
    rules = headers.read_headers(site)
    paths = ["/", "/hoofdstuk-1/", "/404.html", "/sw.js", "/manifest.webmanifest"]
    for pattern, _ in rules:
        if pattern.endswith("*") and pattern != "/*":
            prefix = pattern[:-1]
            found = sorted(
                "/" + p.relative_to(site).as_posix() for p in site.rglob("*")
                if p.is_file() and ("/" + p.relative_to(site).as_posix()).startswith(prefix)
            )
            assert found, pattern
            paths.append(found[0])
        elif pattern != "/*":
            paths.append(pattern)
    assert "/" + headers.WORKER_SCRIPT in paths
    for path in paths:
        status, got, _ = get(nginx_host.url + path)
        assert status == 200, path
        wanted = headers.headers_for(rules, path)
        for name, value in wanted.items():
            assert got.get(name.lower()) == [value], (path, name)


def test_content_types_are_those_of_the_development_server(
    nginx_host: nginx_server.NginxServer, host: serving.InstrumentedServer, site: Path
) -> None:
    """One file of every kind in the site: nginx sends the type `build.py serve` sends
    (`.mjs` as JavaScript, `.wasm`, `.webmanifest`; Debian's mime.types lacks `.mjs`)."""
    samples: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix and path.suffix not in nginx.VARIANTS:
            samples.setdefault(path.suffix, "/" + path.relative_to(site).as_posix())
    assert {".mjs", ".wasm", ".webmanifest", ".html", ".json"} <= samples.keys()
    for suffix, path in samples.items():
        _, ours, _ = get(nginx_host.url + path)
        _, theirs, _ = get(host.url + path)
        assert ours["content-type"] == theirs["content-type"], (suffix, path)
    _, got, _ = get(nginx_host.url + samples[".mjs"])
    assert got["content-type"] == ["text/javascript"]


@pytest.mark.parametrize("path", ["/bestaat-niet/", "/hoofdstuk-1/bestaat-niet.html", "/assets/"])
def test_missing_pages_and_folders_get_the_404_page(
    nginx_host: nginx_server.NginxServer, site: Path, path: str
) -> None:
    """A missing page gets the site's Dutch 404 page with status 404; a folder without
    index.html too (no listing)."""
    status, got, body = get(nginx_host.url + path)
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    assert got["content-type"] == ["text/html"]
    assert got["content-security-policy"] == [
        headers.headers_for(headers.read_headers(site), "/404.html")["Content-Security-Policy"]
    ]


def test_short_links_and_folders_without_a_slash(
    nginx_host: nginx_server.NginxServer, site: Path
) -> None:
    status, _, body = get(nginx_host.url + SHORT_LINK)
    assert status == 200 and body == (site / SHORT_LINK.strip("/") / "index.html").read_bytes()
    connection = http.client.HTTPConnection("127.0.0.1", nginx_host.port, timeout=10)
    try:
        connection.request("GET", "/hoofdstuk-1")
        response = connection.getresponse()
        response.read()
        # relative (absolute_redirect off): right behind a proxy or on another port too
        assert (response.status, response.getheader("Location")) == (301, "/hoofdstuk-1/")
    finally:
        connection.close()


def test_the_access_log_has_no_query_strings(nginx_host: nginx_server.NginxServer) -> None:
    """An old shared link of the Interventiewijzer carries its filters in the query; the log
    keeps the path only, of the request and of the referring page."""
    nginx_host.log.clear()
    query = "?leeftijd-jaren=3&situatie=mishandeling"
    page = "/hulpmiddelen/interventiewijzer/"
    status, _, _ = get(nginx_host.url + page + query, Referer=nginx_host.url + page + query)
    assert status == 200
    lines = nginx_host.log.lines()
    assert len(lines) == 1, lines
    assert f'"GET {page} HTTP/1.1" 200' in lines[0]
    assert f'"{nginx_host.url}{page}"' in lines[0]
    assert "?" not in lines[0] and "leeftijd" not in lines[0] and "mishandeling" not in lines[0]
