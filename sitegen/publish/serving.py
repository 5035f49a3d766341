"""`build.py serve` and the test and benchmark servers: the built site as a static host sends
it, with the headers of its `_headers` (sitegen/publish/headers.py) and its precompressed variants.

- FILE.br / FILE.gz (sitegen/publish/precompress.py) are sent in place of FILE when the request's
  Accept-Encoding allows it (brotli first), with `Content-Encoding`, `Vary: Accept-Encoding`
  and the Content-Type of FILE; a client that takes neither gets FILE.
- `.mjs` as JavaScript (module workers refuse anything else), `.wasm`, `.webmanifest`.
- As a static host: a folder is its index.html (a folder without one is 404, never a
  listing), a folder without its trailing slash is redirected to it, a missing file gets the
  site's own `404.html` with status 404, and a request path no file can have (`/%00`, a bad
  escape) gets 400, never a traceback. Paths are decoded and normalised once
  (`headers.request_path`), and the same path picks the file and the `_headers` rules.
- Every error the server itself answers (400, a request it cannot read, a method it does not
  serve, ...) has a Dutch page (`ERRORS`, `ERROR_PAGE`), not the standard library's English.
"""

from __future__ import annotations

import email.utils
import functools
import http.server
import io
import os
import re
import sys
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sitegen.publish import headers

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".bin": "application/octet-stream",
    ".xml": "application/xml",  # the sitemap; the same on every machine (site/nginx.conf)
}
NO_Q = re.compile(r"^q\s*=\s*0(\.0*)?$")
# Status -> (reason, what it means): the status line and the page of every error the server
# answers itself. Any other status gets ERROR_OTHER.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("Ongeldig verzoek", "De server kan dit verzoek niet lezen: het adres bevat tekens "
          "die geen bestand kan hebben, of het verzoek zelf klopt niet."),
    403: ("Geen toegang", "Dit adres mag niet worden opgevraagd."),
    404: ("Niet gevonden", "Op dit adres staat geen pagina of bestand."),
    405: ("Methode niet toegestaan", "Dit adres kan alleen worden opgevraagd (GET of HEAD)."),
    408: ("Verzoek duurde te lang", "Het verzoek kwam niet op tijd binnen."),
    413: ("Verzoek te groot", "Het verzoek is groter dan de server aanneemt."),
    414: ("Adres te lang", "Het adres is langer dan de server aanneemt."),
    431: ("Kopregels te groot", "Het verzoek heeft te veel of te lange kopregels."),
    500: ("Fout in de server", "De server kon dit verzoek niet afhandelen."),
    501: ("Niet ondersteund", "Deze server geeft alleen bestanden (GET of HEAD)."),
    503: ("Niet beschikbaar", "De server kan dit verzoek nu niet afhandelen."),
    505: ("HTTP-versie niet ondersteund", "De server spreekt HTTP/1.0 en HTTP/1.1."),
}
ERROR_OTHER = ("Fout", "De server kon dit verzoek niet afhandelen.")
ERROR_PAGE = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>%(message)s</title>
</head>
<body>
<h1>%(message)s</h1>
<p>%(explain)s</p>
<p>Foutcode %(code)d.</p>
</body>
</html>
"""


def accepts(header: str, coding: str) -> bool:
    """Whether an Accept-Encoding header allows `coding` (`;q=0` refuses it)."""
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in (coding, "*"):
            return not NO_Q.match(params.strip())
    return False


class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with their precompressed variants (see the module doc)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    # Persistent connections, as any real host keeps them: with HTTP/1.0 every request opened
    # a new connection, which Lighthouse's simulated slow 4G then charged a round trip each.
    protocol_version = "HTTP/1.1"

    error_message_format = ERROR_PAGE

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet; `build.py serve` prints its address once

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Every error the server answers itself, in Dutch: the standard library's reasons
        and explanations ('Bad request version', 'Unsupported method') are English, so
        `message` and `explain` give way to ERRORS."""
        reason, meaning = ERRORS.get(code, ERROR_OTHER)
        super().send_error(code, reason, meaning)

    def url_path(self) -> str:
        return headers.request_path(self.path) or "/"

    def _not_found(self) -> BinaryIO | None:
        """The site's own 404.html with status 404 (as hosts are set up to send it)."""
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(404)
            return None
        handle = page.open("rb")
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.end_headers()
        return handle

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        try:
            return self._send_file()
        except OSError:  # a name too long for the file system, a folder not readable
            return self._not_found()

    def _send_file(self) -> BinaryIO | None:
        url = headers.request_path(self.path)
        if url is None:
            self.send_error(400)
            return None
        # normalised from '/': never above the site's folder
        path = Path(self.directory, *url.strip("/").split("/")) if url != "/" else Path(
            self.directory
        )
        if path.is_dir():
            if not url.endswith("/"):
                query = self.path.partition("?")[2]
                self.send_response(301)
                location = urllib.parse.quote(url + "/") + (f"?{query}" if query else "")
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        if not path.is_file():
            return self._not_found()
        body, coding = path, None
        for name, suffix in ENCODINGS:
            variant = path.with_name(path.name + suffix)
            if accepts(self.headers.get("Accept-Encoding", ""), name) and variant.is_file():
                body, coding = variant, name
                break
        modified = int(path.stat().st_mtime)
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                if modified <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        handle = body.open("rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.send_header("Last-Modified", self.date_time_string(modified))
        self.send_header("Vary", "Accept-Encoding")
        if coding:
            self.send_header("Content-Encoding", coding)
        self.end_headers()
        return handle


def site_handler(
    site: Path, extra: list[tuple[str, dict[str, str]]] | None = None
) -> type[http.server.SimpleHTTPRequestHandler]:
    """The handler class of `build.py serve`: precompressed variants and `_headers` (plus
    `extra` rules: path pattern -> headers)."""
    return headers.with_site_headers(PrecompressedHandler, site, extra)


class SiteServer(http.server.ThreadingHTTPServer):
    """A loopback server of the site (`build.py serve`, the tests, the benchmarks) that keeps
    quiet when a browser drops a download it no longer needs (a fallback, a closed tab or
    test context): no server error, and no traceback in the output."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class InstrumentedServer(SiteServer):
    """For the tests and the benchmarks: counts the body bytes sent per path (`sent`), and
    serves `overrides` (path -> (status, body)) instead of files, to inject faults without
    routing large bodies through the browser's test driver."""

    def __init__(self, site: Path, extra: list[tuple[str, dict[str, str]]] | None = None) -> None:
        self.sent: Counter[str] = Counter()
        self.overrides: dict[str, tuple[int, bytes]] = {}
        base = site_handler(site, extra)

        class Handler(base):  # type: ignore[valid-type,misc]
            def send_head(self) -> BinaryIO | None:  # type: ignore[override]
                server: InstrumentedServer = self.server  # type: ignore[assignment]
                override = server.overrides.get(self.url_path())
                if override is not None:
                    status, body = override
                    if status != 200:
                        self.send_error(status)
                        return None
                    self.send_response(200)
                    path = self.url_path()
                    path += "index.html" if path.endswith("/") else ""
                    self.send_header("Content-Type", self.guess_type(path))
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    handle: BinaryIO | None = io.BytesIO(body)
                else:
                    handle = super().send_head()
                if handle is not None and self.command == "GET":
                    handle.seek(0, os.SEEK_END)
                    server.sent[self.url_path()] += handle.tell()
                    handle.seek(0)
                return handle

        super().__init__(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def instrumented(
    site: Path, extra: list[tuple[str, dict[str, str]]] | None = None
) -> Iterator[InstrumentedServer]:
    """An InstrumentedServer for `site` in a thread, for the duration of the block."""
    server = InstrumentedServer(site, extra)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
