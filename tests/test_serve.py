"""`build.py serve`: the site is served and rebuilt whenever a source changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

DEADLINE = 120  # seconds; a rebuild takes about 3 s on an idle machine


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, deadline: float) -> float:
    """Seconds until `url` serves a page holding `text`; fails at the deadline."""
    start = time.perf_counter()
    while time.perf_counter() - start < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.1)
    raise AssertionError(f"{url} did not show {text!r} within {deadline} s")


def test_serve_rebuilds_on_a_content_change(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
         "--site", str(tmp_path / "site"), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output: list[str] = []
    assert server.stdout is not None
    threading.Thread(target=lambda: output.extend(server.stdout), daemon=True).start()

    def said(text: str) -> bool:
        start = time.perf_counter()
        while time.perf_counter() - start < DEADLINE:
            if any(text in line for line in output):
                return True
            time.sleep(0.1)
        return False

    try:
        url = f"http://127.0.0.1:{port}/inleiding/"
        wait_for(url, "Inleiding", DEADLINE)
        page = content / "inleiding.md"
        page.write_text(
            page.read_text(encoding="utf-8") + "\nEen zin die net is toegevoegd.\n",
            encoding="utf-8",
        )
        seconds = wait_for(url, "Een zin die net is toegevoegd.", DEADLINE)
        print(f"rebuilt and served in {seconds:.1f} s")
        assert said("Opnieuw gebouwd in")
        (content / "inleiding.md").write_text("{{ bestaat_niet() }}\n", encoding="utf-8")
        assert said("De vorige versie blijft zichtbaar")
        assert said("content/inleiding.md, regel 1")
        assert "net is toegevoegd" in (fetch(url) or ""), "a failed rebuild keeps the old site"
    finally:
        server.terminate()
        server.wait(timeout=30)
