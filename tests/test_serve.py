"""`build.py serve`: a preview within seconds of a save, and the whole site when it stops.

One server on copies of content/ and data/ (sitegen/renderer/preview.py): a change of a page and of
data files (the tools' too) are served as a preview ('Voorbeeld' on every page,
`.sitegen-preview`), rendered again by MkDocs for the changed pages only; the time from
saving to serving is printed (`pytest -s`; README, 'Preview: make serve') and must stay below the
first, whole build of the same run. A new title reaches the navigation of every page. A
failed rebuild keeps the previous site; one that MkDocs refuses makes the next change a whole
build. When the server stops, the preview is replaced by the whole site, whose page is the
preview's without its note.
"""

from __future__ import annotations

import importlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from sitegen.renderer import preview
from tests.conftest import ROOT

DEADLINE = 120  # seconds; a preview takes well under a second on an idle machine


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, deadline: float = DEADLINE) -> float:
    """Seconds until `url` serves a page holding `text`; fails at the deadline."""
    start = time.perf_counter()
    while time.perf_counter() - start < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise AssertionError(f"{url} did not show {text!r} within {deadline} s")


class Output:
    """The server's output, read as it comes; `next(text)` waits for a new line with it."""

    def __init__(self, server: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.seen = 0
        assert server.stdout is not None
        threading.Thread(target=lambda: self.lines.extend(server.stdout), daemon=True).start()

    def next(self, text: str) -> str:
        start = time.perf_counter()
        while time.perf_counter() - start < DEADLINE:
            for i in range(self.seen, len(self.lines)):
                if text in self.lines[i]:
                    self.seen = i + 1
                    return self.lines[i]
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in:\n{''.join(self.lines)}")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_serve_previews_a_change_and_leaves_the_whole_site(tmp_path: Path) -> None:
    content, data, site = tmp_path / "content", tmp_path / "data", tmp_path / "site"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "data", data)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
         "--data", str(data), "--site", str(site), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = Output(server)
    try:
        wait_for(base + "/inleiding/", "Inleiding")
        whole = time.perf_counter() - started
        assert not preview.is_preview(site)

        # a page: only it is rendered again, every page says 'Voorbeeld'
        append(content / "inleiding.md", "\nEen zin die net is toegevoegd.\n")
        page_s = wait_for(base + "/inleiding/", "Een zin die net is toegevoegd.")
        assert "voorbeeld" in output.next("Opnieuw gebouwd in")
        assert preview.is_preview(site)
        page = fetch(base + "/inleiding/") or ""
        assert preview.BANNER_ID in page and page.count('http-equiv="Content-Security-Policy"') == 1
        assert "print-site.js" not in page
        assert preview.BANNER_ID in (fetch(base + "/hoofdstuk-1/") or "")  # not rendered again
        assert not (site / "inleiding/index.html.br").exists()  # the old page's, removed
        assert (site / "hoofdstuk-1/index.html.br").exists() is False  # bannered: removed too
        assert fetch(base + "/sw.js") == preview.KILL_SWITCH

        # a data file: the pages that show it
        kern = data / "kernaanbevelingen.yml"
        text = kern.read_text(encoding="utf-8")
        kern.write_text(text.replace("Reageer invoelend en voorspelbaar",
                                     "Reageer invoelend, rustig en voorspelbaar", 1), "utf-8")
        data_s = wait_for(base + "/kernaanbevelingen/", "Reageer invoelend, rustig en")
        assert "voorbeeld" in output.next("Opnieuw gebouwd in")
        print(f"\nwhole build and serve {whole:.1f} s; preview served {page_s:.2f} s after "
              f"saving a page, {data_s:.2f} s after saving a data file")
        assert page_s < whole and data_s < whole

        # the tools' data: a new wheel, and no memory snapshot of the old one
        interventions = data / "interventions.yml"
        interventions.write_text(interventions.read_text("utf-8").replace(
            "full_name: Basic Trustmethode", "full_name: Basic Trust-methode", 1), "utf-8")
        wait_for(base + "/interventies/basic-trust/", "Basic Trust-methode")
        assert "voorbeeld" in output.next("Opnieuw gebouwd in")
        assert fetch(base + "/pyodide/snapshot.json") is None  # the tools boot without it
        lock = json.loads(fetch(base + "/pyodide/pyodide-lock.json") or "{}")
        wheels = [p["file_name"] for p in lock["packages"].values()]
        assert wheels and all((site / "pyodide" / w).is_file() for w in wheels)
        assert len(list((site / "pyodide").glob("widgets-*"))) == 1

        # a new title (the page's own, not one of guideline.yml): in every page's navigation
        later = content / "ouders" / "later-en-steun.md"
        later.write_text(later.read_text("utf-8").replace(
            "title: Later en steun\n", "title: Later en steun vinden\n", 1), encoding="utf-8")
        wait_for(base + "/hoofdstuk-6/", "Later en steun vinden")
        assert "voorbeeld" in output.next("Opnieuw gebouwd in")

        # a failed rebuild keeps the previous site and says why
        broken = content / "inleiding.md"
        saved = broken.read_text(encoding="utf-8")
        broken.write_text("{{ bestaat_niet() }}\n", encoding="utf-8")
        assert "De vorige versie blijft zichtbaar" in output.next("De vorige versie blijft")
        output.next("content/inleiding.md, regel 1")
        assert "net is toegevoegd" in (fetch(base + "/inleiding/") or "")
        broken.write_text(saved, encoding="utf-8")
        assert "voorbeeld" in output.next("Opnieuw gebouwd in")

        # a link MkDocs refuses (strict): refused; the next change is a whole build
        intro = content / "inleiding.md"
        append(intro, "\n[Nergens](bestaat-niet.md)\n")
        output.next("bestaat-niet.md")
        assert "Nergens" not in (fetch(base + "/inleiding/") or "")
        intro.write_text(intro.read_text("utf-8").replace("\n[Nergens](bestaat-niet.md)\n", ""),
                         encoding="utf-8")
        assert "volledige site" in output.next("Opnieuw gebouwd in")
        assert not preview.is_preview(site)

        # a preview renders a page as the whole build does (but for the note)
        append(intro, "\nNog een zin.\n")
        wait_for(base + "/inleiding/", "Nog een zin.")
        previewed = (site / "inleiding/index.html").read_text(encoding="utf-8")
    finally:
        server.terminate()  # as Ctrl+C: the whole site is left
        server.wait(timeout=DEADLINE)
    assert not preview.is_preview(site)
    whole_page = (site / "inleiding/index.html").read_text(encoding="utf-8")
    assert preview.BANNER_ID not in whole_page
    assert previewed.replace(preview.BANNER, "", 1) == whole_page
    assert "Later en steun vinden" in (site / "hoofdstuk-6/index.html").read_text("utf-8")
    assert (site / "sw.js").read_text(encoding="utf-8") != preview.KILL_SWITCH


def test_the_scripts_refuse_a_preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make pdf`, the benchmarks and Lighthouse measure the site a host gets, never a
    preview (scripts/benchlib.py)."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    benchlib = importlib.import_module("benchlib")
    assert benchlib.whole_site(tmp_path) == tmp_path
    (tmp_path / preview.MARKER).write_text("{}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="is een voorbeeld van build.py serve"):
        benchlib.whole_site(tmp_path)
