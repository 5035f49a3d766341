"""The site as a host sends it: precompressed files, cache headers, light content pages.

`build.py serve` (sitegen/publish/serving.py) sends FILE.br / FILE.gz
(sitegen/publish/precompress.py) with the right headers, and `_headers` gives every kind of
file its caching rule (README, 'Hosting the site'); nginx with the site's nginx.conf does the
same (`any_host`). A content page loads no Pyodide and at most 300 KB compressed, search
index included (its own load: the service worker's background precache is reported apart, by
scripts/benchmark_boot.py, and blocked here as in every test that does not test it)."""

from __future__ import annotations

import functools
import gzip
import json
import re
import socket
import struct
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import brotli
import pytest
from playwright.sync_api import Page

from sitegen.publish import headers, serving

PAGE_BUDGET = 300_000  # bytes on the wire, compressed (issue 12)
CONTENT_PAGES = ["/", "/hoofdstuk-5/", "/ouders/", "/links/"]


def fetch(url: str, encoding: str | None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding or "identity"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 (loopback)
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def snapshot_name(site: Path) -> str:
    return json.loads((site / "pyodide/snapshot.json").read_text())["snapshot"]["url"]


@pytest.mark.parametrize(
    ("path", "file", "content_type"),
    [
        ("/hoofdstuk-1/", "hoofdstuk-1/index.html", "text/html"),
        ("/search/search_index.json", "search/search_index.json", "application/json"),
        ("/assets/widgets/worker.mjs", "assets/widgets/worker.mjs", "text/javascript"),
        ("/sw.js", "sw.js", "text/javascript"),
    ],
)
def test_precompressed_files_are_sent_with_their_encoding(
    any_host: serving.InstrumentedServer, site: Path, path: str, file: str, content_type: str
) -> None:
    host = any_host
    original = (site / file).read_bytes()
    decoders = {"br": brotli.decompress, "gzip": gzip.decompress}
    for accept, coding in (("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip")):
        got, body = fetch(host.url + path, accept)
        assert got.get("content-encoding") == coding, (path, accept)
        assert got["content-type"].startswith(content_type)
        assert got["vary"] == "Accept-Encoding"
        assert int(got["content-length"]) == len(body) < len(original)
        assert decoders[coding](body) == original
    got, body = fetch(host.url + path, None)
    assert "content-encoding" not in got and body == original


def test_a_file_without_variants_is_sent_as_it_is(
    any_host: serving.InstrumentedServer, site: Path
) -> None:
    host = any_host
    zipped = next((site / "pyodide").glob("runtime-*/python_stdlib.zip"))
    assert not zipped.with_name(zipped.name + ".br").exists()  # deflated already: not kept
    got, body = fetch(host.url + "/" + zipped.relative_to(site).as_posix(), "br, gzip")
    assert "content-encoding" not in got and len(body) == zipped.stat().st_size


def test_cache_headers_by_kind_of_file(any_host: serving.InstrumentedServer, site: Path) -> None:
    host = any_host
    runtime = next((site / "pyodide").glob("runtime-*")).name
    wheel = next((site / "pyodide").glob("widgets-*/*.whl")).relative_to(site).as_posix()
    bundle = next((site / "assets/javascripts").glob("bundle.*.min.js")).name
    immutable = [
        f"/pyodide/{runtime}/pyodide.asm.wasm",
        f"/pyodide/{runtime}/pyodide.mjs",
        f"/pyodide/{snapshot_name(site)}",
        *(f"/pyodide/{p.name}" for p in (site / "pyodide").glob("stdlib-*.zip")),
        f"/{wheel}",
        f"/assets/javascripts/{bundle}",
    ]
    revalidated = [
        "/", "/hoofdstuk-1/", "/sw.js", "/manifest.webmanifest", "/pyodide/pyodide-lock.json",
        "/pyodide/snapshot.json", "/pyodide/offline.json", "/search/search_index.json",
        "/assets/widgets/worker.mjs", "/assets/widgets/runtime.mjs",
    ]
    for path in immutable + revalidated:
        got, _ = fetch(host.url + path, "br")
        wanted = headers.IMMUTABLE if path in immutable else headers.NO_CACHE
        assert got["cache-control"] == wanted, path
    # the worker keeps its own policy next to the caching rule
    got, _ = fetch(host.url + "/assets/widgets/worker.mjs", "br")
    assert "'wasm-unsafe-eval'" in got["content-security-policy"]


def test_links_page_list_is_not_in_the_search_index(site: Path) -> None:
    """Its explanation is (trainers search for 'korte link'), the list of every target not:
    it matched almost any search."""
    docs = json.loads((site / "search/search_index.json").read_text())["docs"]
    links = [d for d in docs if d["location"].startswith("links/")]
    assert links and any(d["location"].startswith("hoofdstuk-1/") for d in docs)
    assert not [d["location"] for d in links if "/r/aanbeveling-1-9-2/" in d["text"]
                or d["location"].startswith("links/#links-")]
    assert sum(len(d["text"]) for d in links) < 8000
    assert (site / "links/index.html").is_file()


@pytest.mark.browser
@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_content_page_is_light_on_the_wire(
    page: Page, host: serving.InstrumentedServer, path: str
) -> None:
    page.goto(host.url + path)
    page.wait_for_load_state("networkidle")
    sent = dict(host.sent)
    assert "/search/search_index.json" in sent  # the index counts too
    assert not [p for p in sent if p.startswith("/pyodide/")]
    total = sum(sent.values())
    assert total <= PAGE_BUDGET, f"{total:,} bytes: {sorted(sent.items(), key=lambda i: -i[1])}"


# --- as a static host: its own 404, no listings, no tracebacks -------------------------------


def answer(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def test_serve_answers_as_a_static_host(
    host: serving.InstrumentedServer, site: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """`build.py serve` listed folders, answered GET /%00 with a traceback, sent Python's own
    404 instead of 404.html, and gave the page policy to /assets/widgets/%77orker.mjs."""
    status, sent, body = answer(host.url + "/bestaat-niet/")
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    assert "Content-Security-Policy" in sent  # the site's headers on the error page too
    status, _, body = answer(host.url + "/assets/")  # a folder without index.html
    assert status == 404
    assert b"Directory listing" not in body and body == (site / "404.html").read_bytes()
    for target in ("/%00", "/%ff", "/a%00b/"):
        status, _, body = answer(host.url + target)
        assert status == 400, target
    status, _, _ = answer(host.url + "/" + "a" * 5000)  # a name too long for the disk
    assert status == 404
    assert "Traceback" not in capfd.readouterr().err
    worker = headers.headers_for(headers.read_headers(site), "/" + headers.WORKER_SCRIPT)
    for spelling in ("/assets/widgets/%77orker.mjs", "/assets/widgets/./worker.mjs",
                     "/assets//widgets/worker.mjs", "/assets/x/../widgets/worker.mjs"):
        status, sent, body = answer(host.url + spelling)
        assert status == 200, spelling
        assert body == (site / headers.WORKER_SCRIPT).read_bytes()
        assert sent["Content-Security-Policy"] == worker["Content-Security-Policy"], spelling
    status, sent, _ = answer(host.url + "/hoofdstuk-1")  # a folder without its slash
    assert status == 200 and sent["Content-Type"].startswith("text/html")  # redirected


ENGLISH = re.compile(r"error|message|explanation|bad request|unsupported|not found", re.I)


def raw(url: str, request: bytes) -> tuple[int | None, bytes]:
    """Send `request` as it is (what urllib would not send); (status, body) of the answer.
    No status where the server answers as to HTTP/0.9 (a request line it cannot read): the
    body alone."""
    where = urllib.parse.urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):  # the server closes after an error
            received += chunk
    if not received.startswith(b"HTTP/"):
        return None, received
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def test_every_error_page_of_the_server_is_dutch(
    host: serving.InstrumentedServer, tmp_path: Path
) -> None:
    """`build.py serve` answered GET /%00 with Python's English page ('Error response',
    'Bad request syntax'), and so every other error it answers itself."""
    host.overrides["/kapot/"] = (503, b"")
    answers = {
        "/%00": answer(host.url + "/%00")[::2],
        "HTTP/9.9": raw(host.url, b"GET / HTTP/9.9\r\n\r\n"),
        "BREW": raw(host.url, b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n"),
        "kapot": answer(host.url + "/kapot/")[::2],
    }
    with serving.instrumented(tmp_path) as bare:  # a folder without a 404.html
        answers["geen 404.html"] = answer(bare.url + "/niets/")[::2]
    expected = {"/%00": 400, "HTTP/9.9": 505, "BREW": 501, "kapot": 503, "geen 404.html": 404}
    for what, (status, body) in answers.items():
        assert status in (expected[what], None if what == "HTTP/9.9" else 0), what
        page = body.decode("utf-8")
        assert '<html lang="nl">' in page, (what, page)
        assert serving.ERRORS[expected[what]][0] in page, (what, page)
        assert not ENGLISH.search(page), (what, page)


def test_a_dropped_download_is_no_server_error(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A browser that drops a download (a fallback boot, a closed tab) printed a traceback
    from every server but the instrumented one (`build.py serve`, the tests' base_url)."""
    (tmp_path / "groot.bin").write_bytes(bytes(8_000_000))
    handler = functools.partial(serving.site_handler(tmp_path), directory=str(tmp_path))
    server = serving.SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(3):
            client = socket.create_connection(server.server_address)
            client.sendall(b"GET /groot.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.")
            # closed at once, with a reset: the server's next write fails
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
        time.sleep(0.5)  # the handlers' writes fail meanwhile
        assert urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/groot.bin",
                                      timeout=10).read() == bytes(8_000_000)
    finally:
        server.shutdown()
        server.server_close()
    err = capfd.readouterr().err
    assert "Traceback" not in err, err
