"""Shared fixtures: one site build per test session, a local server, and Chromium."""

from __future__ import annotations

import fcntl
import functools
import http.server
import importlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from sitegen.data.loading import GuidelineData, load
from sitegen.links import LinkTarget
from sitegen.pages.content import placements
from sitegen.pages.render import render_docs
from sitegen.publish import serving
from sitegen.tools import stdlib, widget_files
from sitegen.tools.stdlib import Stdlib
from sitegen.tools.wheel import WidgetDist, build_widget_dist, runtime_folder
from tests import nginx_server

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "voorbeeldrichtlijn"  # a second, invented guideline
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def shared_path(*parts: str) -> Path:
    """A file of the machine's shared folder (the source text, the fidelity tool): beside the
    checkout (../shared), or, for CI clones elsewhere on the same machine, /work/shared. The
    first candidate when neither has it (callers skip with a reason naming it)."""
    candidates = [ROOT.parent / "shared", Path("/work/shared")]
    return next(
        (c.joinpath(*parts) for c in candidates if c.joinpath(*parts).exists()),
        candidates[0].joinpath(*parts),
    )


SEED = shared_path("seed", "richtlijn-problematische-gehechtheid-2019.txt")


def guideline_targets(data: GuidelineData, out: Path) -> list[LinkTarget]:
    """The link targets of the guideline's pages, as a build renders them (no MkDocs)."""
    return render_docs(data, ROOT / "content", out)


def tool_files(data: GuidelineData, out: Path) -> dict[str, dict]:
    """The widgets' generated data files, exactly as build.py makes them."""
    return widget_files(data, guideline_targets(data, out), placements(ROOT / "content"))


def build_command(*args: str, project: Path = ROOT) -> list[str]:
    return [sys.executable, str(project / "build.py"), *args]


def run_build(*args: str, project: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """build.py of `project` (a copy of this one, for builds that might destroy it)."""
    return subprocess.run(
        build_command(*args, project=project),
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This test run's folder: shared by its pytest-xdist workers (`make test` runs one per
    core, each with a session and a basetemp of its own below it), or this session's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """`folder` (made if need be) held by one pytest-xdist worker at a time."""
    folder.mkdir(exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when closed
        yield


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], None]) -> Path:
    """`build(folder)` once per test run, its folder returned: the first worker to ask
    builds, under an flock; the others wait for it and reuse the folder (tests copy a site
    before they change it)."""
    root = run_folder(tmp_path_factory) / name
    out, done = root / "site", root / ".built"
    with locked(root):
        if not done.exists():
            build(out)
            done.touch()
    return out


# Runs build.py and leaves its exit code in `rc` (written last, by a rename) and its output
# in `out.txt`, for whichever worker waits.
_BUILD_WRAPPER = r"""
import pathlib, subprocess, sys
folder = pathlib.Path(sys.argv[1])
result = subprocess.run(sys.argv[2:], capture_output=True, text=True, check=False)
(folder / "out.txt").write_text(result.stdout + "\n" + result.stderr, encoding="utf-8")
(folder / "rc.tmp").write_text(str(result.returncode), encoding="utf-8")
(folder / "rc.tmp").rename(folder / "rc")
"""


class BackgroundBuild:
    """The real site, built once per test run in the background: started before the first
    test of a session that has a test needing it, so that the tests which do not (data,
    widgets, fixture builds) run meanwhile instead of waiting behind it (a fresh clone's
    first build takes 1-1.5 min on 2 cores)."""

    LIMIT_S = 600

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.site = folder / "site"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with locked(self.folder):
            if (self.folder / "started").exists():
                return
            (self.folder / "started").touch()
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and build.py)
            [sys.executable, "-c", _BUILD_WRAPPER, str(self.folder),
             *build_command("--site", str(self.site))],
            cwd=ROOT,
        )

    def wait(self) -> Path:
        self.start()
        rc = self.folder / "rc"
        deadline = time.monotonic() + self.LIMIT_S
        while not rc.exists():
            if self.process is not None and self.process.poll() is not None and not rc.exists():
                raise AssertionError(f"the build's wrapper ended with {self.process.returncode}")
            if time.monotonic() > deadline:  # another worker's build died without a word
                raise AssertionError(f"no build result in {self.folder} after {self.LIMIT_S} s")
            time.sleep(0.2)
        output = (self.folder / "out.txt").read_text(encoding="utf-8")
        assert rc.read_text(encoding="utf-8") == "0", f"build failed:\n{output}"
        return self.site


@pytest.fixture(scope="session", autouse=True)
def site_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BackgroundBuild]:
    build = BackgroundBuild(run_folder(tmp_path_factory) / "build")
    if any("site" in item.fixturenames for item in request.session.items):
        build.start()
    yield build
    if build.process is not None:
        build.process.wait()


@pytest.fixture(scope="session")
def site(site_build: BackgroundBuild) -> Path:
    """The real site, built once per test run into a temporary folder."""
    return site_build.wait()


# Seconds per test file in a fresh clone's CI run (2026-12-03, `--durations`), for the files
# above 40 s. pytest-xdist hands out whole files (`--dist loadfile`) in collection order: in
# name order these came last (r, s, z) and one worker ran the last 2-3 minutes alone.
SLOW_FILES = {
    "test_runtime_coherence.py": 132, "test_offline.py": 125, "test_accessibility.py": 118,
    "test_browser_csp.py": 93, "test_snapshot.py": 84, "test_finder_cases.py": 67,
    "test_slow_line.py": 63, "test_serve.py": 63, "test_browser_links.py": 50,
    "test_browser_ouders.py": 48, "test_browser_phone.py": 48, "test_links.py": 47,
    "test_browser_lsvg.py": 45, "test_widgets_pyodide.py": 41,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Test files that never need the real site first (in their own order): they run while
    it is being built. Then the slowest files first, so that the two workers end together."""
    needs_site = {item.path for item in items if "site" in item.fixturenames}
    items.sort(key=lambda item: (item.path in needs_site, -SLOW_FILES.get(item.path.name, 0)))


def fixture_build_args(site: Path) -> list[str]:
    """build.py arguments that build the fixture guideline (small, no tools: fast) into site."""
    return ["--data", str(FIXTURE / "data"), "--content", str(FIXTURE / "content"), "--site",
            str(site)]


def _build_fixture_site(out: Path) -> None:
    result = run_build(*fixture_build_args(out))
    assert result.returncode == 0, result.stderr
    assert "staan nog niet in" not in result.stdout, "record the fixture's ids in its lock"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture guideline, built once per test run."""
    return built_once(tmp_path_factory, "fixture", _build_fixture_site)


@pytest.fixture(scope="session")
def links(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "links.json").read_text(encoding="utf-8"))["targets"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def served(directory: Path, site_headers: bool = False) -> Iterator[str]:
    """Serve a built site on a free loopback port; yields its base URL. `site_headers`: as a
    host that reads the site's `_headers` and sends its precompressed files (`build.py
    serve`)."""
    handler_class = serving.site_handler(directory) if site_headers else QuietHandler
    handler = functools.partial(handler_class, directory=str(directory))
    server = serving.SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """Serve the built site on a free loopback port (overrides pytest-base-url)."""
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def site_server(site: Path) -> Iterator[serving.InstrumentedServer]:
    """The built site as `build.py serve` sends it (precompressed files, `_headers`), counting
    the bytes it sends and able to inject faults (`overrides`); reset after each use."""
    with serving.instrumented(site) as server:
        yield server


@pytest.fixture
def host(site_server: serving.InstrumentedServer) -> Iterator[serving.InstrumentedServer]:
    """`site_server`, with no faults and a fresh byte count for one test."""
    site_server.overrides.clear()
    site_server.sent.clear()
    yield site_server
    site_server.overrides.clear()


@pytest.fixture(scope="session")
def nginx_host(site: Path) -> Iterator[nginx_server.NginxServer]:
    """The built site served by Debian's nginx with the site's own nginx.conf
    (tests/nginx_server.py); skipped, with the reason, where nginx is not installed."""
    reason = nginx_server.missing()
    if reason:
        pytest.skip(reason)
    with nginx_server.NginxServer(site) as server:
        yield server


# `build.py serve` (sitegen/publish/serving.py) and nginx (site/nginx.conf)
HOSTS = ["serve", "nginx"]


@pytest.fixture(params=HOSTS)
def any_host(
    request: pytest.FixtureRequest,
) -> Iterator[serving.InstrumentedServer | nginx_server.NginxServer]:
    """`host` and `nginx_host` in turn: a test of what a host must do runs against both, with
    a fresh count of what was sent (`.sent`) and the base URL (`.url`)."""
    server = request.getfixturevalue("host" if request.param == "serve" else "nginx_host")
    server.sent.clear()
    yield server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium; Playwright's own browser download cannot work on this machine."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """No service worker by default: every page registers the site's (sw.js), whose
    background precache would add ~3 MB of downloads to every test's new context. The tests of
    offline use and of the CSP allow it (tests/test_offline.py, test_browser_csp.py)."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def widget_dist(tmp_path_factory: pytest.TempPathFactory) -> WidgetDist:
    """The widget wheel (lsvg.json and finder.json inside, generated from data/) and its
    site-local pyodide-lock.json, built by the same function as build.py uses."""
    data = load(ROOT / "data")
    files = tool_files(data, tmp_path_factory.mktemp("docs"))
    return build_widget_dist(files, tmp_path_factory.mktemp("widgets"))


@pytest.fixture(scope="session")
def trimmed_stdlib(widget_dist: WidgetDist) -> Stdlib:
    """The tools' trimmed standard library for that wheel, as the build makes it (cached)."""
    return stdlib.make(widget_dist.lockfile, runtime_folder(), ["lsvg", "finder"])


def _forget_widgets() -> dict[str, ModuleType]:
    names = [n for n in sys.modules if n == "widgets" or n.startswith("widgets.")]
    return {n: sys.modules.pop(n) for n in names}


@pytest.fixture(scope="session")
def widget_wheel(widget_dist: WidgetDist) -> Iterator[str]:
    """The built wheel first on sys.path for the session (zipimport): `widgets` is the code
    and data the browser gets, not the source folder (which has no generated JSON)."""
    wheel = str(widget_dist.wheel)
    saved = _forget_widgets()
    sys.path.insert(0, wheel)
    importlib.invalidate_caches()
    try:
        yield wheel
    finally:
        sys.path.remove(wheel)
        _forget_widgets()
        sys.modules.update(saved)


def _from_wheel(name: str, wheel: str) -> ModuleType:
    module = importlib.import_module(name)
    assert module.__file__ is not None and module.__file__.startswith(wheel), module.__file__
    return module


@pytest.fixture(scope="session")
def lsvg_widget(widget_wheel: str) -> ModuleType:
    """widgets.lsvg imported from the built wheel."""
    return _from_wheel("widgets.lsvg", widget_wheel)


@pytest.fixture(scope="session")
def finder_widget(widget_wheel: str) -> ModuleType:
    """widgets.finder imported from the built wheel."""
    return _from_wheel("widgets.finder", widget_wheel)
