"""build.py --site never destroys sources, and no build leaves a half site or none at all.

Every build here that could go wrong runs in a throwaway copy of the project (`project`), so a
regression destroys only the copy. Builds that must succeed use the small fixture guideline.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import pytest

from sitegen.data.models.redirects import Redirect
from sitegen.exceptions import BuildError
from sitegen.links import LinkTarget
from sitegen.publish import precompress, redirects, site_dir
from sitegen.tools import snapshot as snapshots
from tests.conftest import FIXTURE, ROOT, build_command, fixture_build_args, run_build

PROJECT = ["build.py", "mkdocs.yml", "pyproject.toml", "sitegen", "web", "widgets", "overrides",
           "data", "content"]
WHOLE_SITE = ["index.html", "r", "search", "redirects.json", "links.json", site_dir.MARKER]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the project, with a .git as a real clone has."""
    copy = tmp_path / "project"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__")
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy2(source, copy / name)
    (copy / ".git").mkdir()
    (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return copy


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Refused because of --site, in Dutch, with `words`."""
    assert_dutch_refusal(result, "--site", *words)


def assert_dutch_refusal(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "De site is niet gebouwd" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("content", "bronmap"),
        (".", "projectmap"),
        ("..", "projectmap"),
        ("data/recommendations", "bronmap"),
        ("content/ouders", "bronmap"),
        ("sitegen", "bronmap"),
    ],
)
def test_a_source_folder_is_never_a_site(project: Path, target: str, reason: str) -> None:
    before = snapshot(project)
    result = run_build("--site", target, project=project)
    assert_refused(result, reason, "Kies een eigen map" if reason == "projectmap" else "Kies")
    assert snapshot(project) == before


def test_a_folder_that_is_no_build_is_never_replaced(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "aantekeningen"
    notes.mkdir()
    (notes / "brief.txt").write_text("niet weggooien", encoding="utf-8")
    (notes / "index.html").write_text("<p>mijn eigen pagina</p>", encoding="utf-8")
    result = run_build("--site", str(notes), project=project)
    assert_refused(result, "niet leeg", site_dir.MARKER)
    assert snapshot(notes) == {
        "brief.txt": hashlib.sha256(b"niet weggooien").hexdigest(),
        "index.html": hashlib.sha256(b"<p>mijn eigen pagina</p>").hexdigest(),
    }


def test_a_previous_build_with_sources_in_it_is_never_replaced(
    project: Path, tmp_path: Path, fixture_site: Path
) -> None:
    """Someone made the built site a git repository (to publish it) and wrote in it."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / "notities.md").write_text("# Notities\n", encoding="utf-8")
    before = snapshot(site)
    assert_refused(run_build("--site", str(site), project=project), "bronbestanden")
    assert snapshot(site) == before


def test_a_file_is_never_replaced(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("een bestand", encoding="utf-8")
    assert_refused(run_build("--site", str(target), project=project), "bestand")
    assert target.read_text(encoding="utf-8") == "een bestand"


def test_an_empty_folder_becomes_a_marked_site(tmp_path: Path) -> None:
    site = tmp_path / "leeg"
    site.mkdir()
    result = run_build(*fixture_build_args(site))
    assert result.returncode == 0, result.stderr
    assert all((site / name).exists() for name in WHOLE_SITE)
    assert json.loads((site / site_dir.MARKER).read_text(encoding="utf-8")) == (
        site_dir.MARKER_CONTENT
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".leeg.lock", "leeg"]  # no leftovers


def test_two_builds_at_once_keep_the_site_whole(
    tmp_path: Path, fixture_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Both builds start together into a previous build; the second waits for the first. At
    no moment is the site half or missing (checked every few milliseconds). The test holds
    the site's lock until a build says it waits: on a busy machine the first build could end
    before the second starts, and then neither would have waited."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    (site / "index.html").write_text("vorige build", encoding="utf-8")
    logs = tmp_path_factory.mktemp("logs")
    lock = (tmp_path / ".site.lock").open("a")
    fcntl.flock(lock, fcntl.LOCK_EX)
    paths = [logs / f"err{i}.txt" for i in range(2)]
    errs = [path.open("w+", encoding="utf-8") for path in paths]
    builds = [
        subprocess.Popen(
            build_command(*fixture_build_args(site)), cwd=ROOT, text=True,
            stdout=subprocess.PIPE, stderr=err,
        )
        for err in errs
    ]
    deadline = time.monotonic() + 120
    while not any("wacht" in path.read_text(encoding="utf-8") for path in paths):
        assert time.monotonic() < deadline, "no build waited for the lock"
        assert all(b.poll() is None for b in builds), "a build ended while the lock was held"
        time.sleep(0.05)
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    checks = 0
    while any(b.poll() is None for b in builds):
        missing = [name for name in WHOLE_SITE if not (site / name).exists()]
        assert not missing, f"the site lacks {missing} during a build"
        checks += 1
        time.sleep(0.003)
    outputs = [(b.communicate()[0], path.read_text(encoding="utf-8"))
               for b, path in zip(builds, paths, strict=True)]
    for err in errs:
        err.close()
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert any("wacht" in err for _, err in outputs), outputs  # the second one waited
    assert checks > 100
    assert all((site / name).exists() for name in WHOLE_SITE)
    assert (site / "index.html").read_text(encoding="utf-8") != "vorige build"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_killed_build_leaves_the_previous_site(tmp_path: Path, fixture_site: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    before = snapshot(site)
    build = subprocess.Popen(
        build_command(*fixture_build_args(site)), cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".site.build-*/docs/*.md")):  # mid-build: pages rendered
        assert build.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert snapshot(site) == before
    stale = list(tmp_path.glob(".site.build-*"))
    assert stale, "the killed build's work folder is what the next build must clean up"
    result = run_build(*fixture_build_args(site))
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob(".site.build-*"))
    assert all((site / name).exists() for name in WHOLE_SITE)


# --- no write outside the site, whatever the data says ---------------------------------------


def fixture_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway copy of the fixture guideline's data/ and content/."""
    data, content = tmp_path / "data", tmp_path / "content"
    shutil.copytree(FIXTURE / "data", data)
    shutil.copytree(FIXTURE / "content", content)
    return data, content


def test_a_lock_url_with_dot_dot_never_writes_outside_the_site(tmp_path: Path) -> None:
    """The lock's url of a moved id names the folder of its redirect page: `/../../x/#oud`
    made the build write index.html outside --site."""
    data, content = fixture_copy(tmp_path)
    lock = json.loads((data / "links-lock.json").read_text(encoding="utf-8"))
    outside = tmp_path / "buiten"
    up = "/".join([".."] * 8)
    lock["published"].append({"id": "oud", "url": f"/{up}{outside}/#oud"})
    (data / "links-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    (data / "redirects.yml").write_text(
        f"- id: oud\n  to: {lock['published'][0]['id']}\n  reason: verhuisd\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    result = run_build("--data", str(data), "--content", str(content), "--site", str(site))
    assert_dutch_refusal(result, "data/links-lock.json: item 'oud'", "veld 'published.",
                         "geen adres van de site")
    assert not outside.exists() and not site.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"published": [{"id": "a", "url": "/#a"}], "published": []}',
         "de sleutel 'published' staat twee keer in hetzelfde object"),
        ('{"published": [', "regel 1, kolom 16: geen geldige JSON"),
        ('{"published": [{"id": "a", "url": "/#a", "id": "b"}]}', "de sleutel 'id' staat twee"),
        ('{"published": [{"id": "a", "url": "/x//#a"}]}', "geen adres van de site"),
        ('{"published": [{"id": "a", "url": "/x/#b"}]}', "moet eindigen op '#a'"),
        ('{"published": [{"id": "a", "url": "/#a", "moved": 1}]}', "veld 'published.0.moved'"),
        ('{"published": [{"id": "a", "url": NaN}]}', "'NaN' is geen geldige JSON-waarde"),
        ('["/#a"]', "verwacht een JSON-object"),
    ],
)
def test_the_lock_is_strict_json_of_the_right_shape(
    tmp_path: Path, text: str, message: str
) -> None:
    """A malformed lock gave a raw JSONDecodeError; a second "published" (an empty list) won
    silently and switched the link check off."""
    lock = tmp_path / "data" / "links-lock.json"
    lock.parent.mkdir()
    lock.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as err:
        redirects.read_lock(lock)
    assert str(err.value).startswith("data/links-lock.json"), err.value
    assert message in str(err.value)


def test_every_output_path_is_checked_against_the_work_folder(tmp_path: Path) -> None:
    work, outside = tmp_path / "work", tmp_path / "buiten"
    outside.mkdir()
    with site_dir.writing_into(work):
        site_dir.write_text(work / "site" / "a" / "index.html", "binnen")
        for escape in (work / "site" / ".." / ".." / "buiten" / "x.html",
                       Path("/tmp") / "x.html"):
            with pytest.raises(BuildError, match="buiten de map van de site"):
                site_dir.write_text(escape, "buiten")
        (work / "site" / "link").symlink_to(outside)  # planted in the work folder
        with pytest.raises(BuildError, match="buiten de map van de site"):
            site_dir.copy_file(ROOT / "build.py", work / "site" / "link" / "x.py")
        with pytest.raises(BuildError, match="buiten de map van de site"):  # within= as well
            site_dir.write_text(work / "docs" / "x.md", "x", within=work / "site")
        with pytest.raises(BuildError, match="te lang"):
            site_dir.write_text(work / ("a" * 300) / "index.html", "x")
        # the redirect pages too, even with a lock entry no validation has seen
        moved = [Redirect(id="oud", to="nieuw", reason="r")]
        target = LinkTarget("nieuw", "aanbeveling", "Nieuw", "/a/#nieuw")
        with pytest.raises(BuildError, match="buiten de map van de site"):
            redirects.write_redirects(
                work / "site", {redirects.Published("oud", "/../../buiten/#oud")}, [target],
                moved,
            )
    assert list(outside.iterdir()) == []
    assert (work / "site" / "a" / "index.html").read_text(encoding="utf-8") == "binnen"


def test_a_thread_of_the_build_is_checked_like_the_build(tmp_path: Path) -> None:
    """build.py makes sw.js in a pool thread, which starts in a context of its own: there
    `output` knew no work folder, and a path outside it passed."""
    work = tmp_path / "work"
    with site_dir.writing_into(work), ThreadPoolExecutor(max_workers=1) as pool:
        inside = site_dir.submit(pool, site_dir.output, work / "site" / "sw.js").result()
        assert inside == (work / "site" / "sw.js").resolve()
        with pytest.raises(BuildError, match="buiten de map van de site"):
            site_dir.submit(pool, site_dir.output, tmp_path / "buiten" / "sw.js").result()
    assert not (tmp_path / "buiten").exists()


def test_a_site_name_with_glob_characters_leaves_a_siblings_work_folder(tmp_path: Path) -> None:
    """`--site s?te` removed the running work folder of a build into 'site'."""
    sibling = tmp_path / ".site.build-abc123"
    sibling.mkdir()
    (sibling / site_dir.WORK_MARKER).write_text("", encoding="utf-8")
    stale = tmp_path / ".s?te.build-old"
    stale.mkdir()
    (stale / site_dir.WORK_MARKER).write_text("", encoding="utf-8")
    site_dir._remove_stale_work(tmp_path / "s?te")
    assert sibling.is_dir()
    assert not stale.exists()  # its own leftovers still go


# --- write errors: a Dutch message, never a traceback or a warning ----------------------------


def _file_size_limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit: EFBIG


def test_a_write_error_fails_the_build_in_dutch(tmp_path: Path) -> None:
    """A file the disk cannot take (here: beyond a file size limit, EFBIG, as a full disk
    gives ENOSPC) fails the build with the file and the reason in Dutch, no traceback."""
    site = tmp_path / "site"
    result = subprocess.run(
        build_command(*fixture_build_args(site)), cwd=ROOT, capture_output=True, text=True,
        preexec_fn=lambda: _file_size_limit(60_000), check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "De site is niet gebouwd" in result.stderr
    assert "het bestand is groter dan toegestaan" in result.stderr, result.stderr
    assert not site.exists()


def test_a_runtime_copy_that_fails_is_a_dutch_build_error(tmp_path: Path) -> None:
    """The 9.6 MB runtime copied onto a disk that cannot take it (a raw OSError before)."""
    code = (
        "import sys; from pathlib import Path; from sitegen.exceptions import BuildError\n"
        "from sitegen.tools.wheel import place_runtime\n"
        "try:\n    place_runtime(Path(sys.argv[1]))\n"
        "except BuildError as exc:\n    print(exc)\n    raise SystemExit(3)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "runtime")], cwd=ROOT, capture_output=True,
        text=True, preexec_fn=lambda: _file_size_limit(5_000_000), check=False,
    )
    assert result.returncode == 3, result.stderr
    assert "het bestand is groter dan toegestaan" in result.stdout
    assert "pyodide.asm.wasm" in result.stdout


def test_a_snapshot_the_disk_cannot_take_fails_the_build(
    tmp_path: Path, widget_dist, trimmed_stdlib
) -> None:
    """Node writing the 31.5 MB snapshot onto a disk that cannot take it (here: a file size
    limit, EFBIG; a full disk gives ENOSPC): a warning and exit status 0 before, a site
    without its snapshot."""
    pyodide = tmp_path / "pyodide"
    shutil.copytree(widget_dist.wheel.parent, pyodide / widget_dist.wheel.parent.name)
    wheel = pyodide / widget_dist.wheel.parent.name / widget_dist.wheel.name
    code = (
        "import sys; from pathlib import Path; from sitegen.exceptions import BuildError\n"
        "from sitegen.tools import snapshot, stdlib\n"
        "snapshot.CACHE = Path(sys.argv[1])\n"
        "trimmed = stdlib.Stdlib(Path(sys.argv[4]), *sys.argv[5:6], int(sys.argv[6]), 0)\n"
        "try:\n    snapshot.publish(Path(sys.argv[2]), Path(sys.argv[3]), 'runtime-x', "
        "['lsvg', 'finder'], trimmed)\n"
        "except BuildError as exc:\n    print(exc)\n    raise SystemExit(3)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "cache"), str(pyodide), str(wheel),
         str(trimmed_stdlib.path), trimmed_stdlib.sha256, str(trimmed_stdlib.bytes)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        # below the snapshot's size (11 MB, sparse), above anything else Node writes
        preexec_fn=lambda: _file_size_limit(5_000_000),
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert "De geheugensnapshot van Python kon niet worden geschreven: de schijf kan de " \
        "snapshot niet bevatten (Error: EFBIG" in result.stdout
    assert "Waarschuwing" not in result.stderr
    assert not (pyodide / snapshots.MANIFEST).exists()


# --- the cache and node_modules are never shared with a site -----------------------------------


def test_a_damaged_cached_snapshot_is_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One byte changed in a cached snapshot (through a hard link from a site) was published
    again under the old name and sha256: the cache compared sizes only."""
    monkeypatch.setattr(snapshots, "CACHE", tmp_path)
    data = b"snapshot" * 1000
    (tmp_path / "k.bin").write_bytes(data)
    facts = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "build_id": "b"}
    (tmp_path / "k.json").write_text(json.dumps(facts), encoding="utf-8")
    assert snapshots._cached("k") == facts
    (tmp_path / "k.bin").write_bytes(data[:-1] + b"X")  # same size
    assert snapshots._cached("k") is None
    assert not (tmp_path / "k.bin").exists()  # made again by the next build


def test_a_damaged_cached_precompressed_file_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed byte in a cached .br, or a cut-off cached .gz, was published as it was:
    the precompression cache checked nothing. Its entries carry their sha256 now."""
    monkeypatch.setattr(precompress, "CACHE", tmp_path / "cache")
    page = "<p>" + "Problematische gehechtheid en passende hulp. " * 100 + "</p>\n"

    def built(name: str) -> Path:
        site = tmp_path / name / "site"
        with site_dir.writing_into(site.parent):
            site_dir.write_text(site / "index.html", page)
            precompress.precompress(site)
        return site

    first = built("eerste")
    entries = sorted((tmp_path / "cache").iterdir())
    assert [e.name.split(".")[1] for e in entries] == ["br-q11-q5w24", "gz-9-6"]
    br, gz = (e.read_bytes() for e in entries)
    entries[0].write_bytes(br[:-1] + bytes([br[-1] ^ 1]))  # one bit, same size
    entries[1].write_bytes(gz[: len(gz) // 2])
    with site_dir.writing_into(tmp_path):  # the download size tool pages show: not the half
        size = precompress.compressed_size(first / "index.html", "index.html")
    assert size == precompress.wire_size(first / "index.html")
    second = built("tweede")
    for site in (first, second):
        assert brotli.decompress((site / "index.html.br").read_bytes()).decode() == page
        assert gzip.decompress((site / "index.html.gz").read_bytes()).decode() == page
    assert [e.read_bytes() for e in entries] == [br, gz]  # made again, and replaced


def test_two_builds_at_once_compress_a_large_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first two builds of a fresh clone's test run (the site's and `build.py serve`'s)
    both compressed the runtime's wasm: 27 s of CPU twice. The second now waits for the
    first one's result, and uses it."""
    monkeypatch.setattr(precompress, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(precompress, "LARGE", 1_000)
    data = bytes(range(256)) * 40
    calls: list[int] = []

    def slow(raw: bytes) -> bytes:
        calls.append(len(raw))
        time.sleep(0.5)  # long enough for the other build to find the work under way
        return brotli.compress(raw, quality=1)

    encoder: precompress.Encoder = (".br", slow, "test-slow")
    with ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(lambda _: precompress._compressed(lambda: data, len(data), "d",
                                                               encoder), range(2)))
    assert calls == [len(data)]
    assert outs[0] == outs[1] and brotli.decompress(outs[0]) == data


def test_published_runtime_and_snapshot_are_files_of_their_own(site: Path) -> None:
    """Hard links made an in-place edit of a built pyodide.mjs change node_modules (and every
    later site), and an edit of a site's snapshot the cache."""
    runtime = next((site / "pyodide").glob("runtime-*"))
    published = [*runtime.iterdir(), *(site / "pyodide").glob("snapshot-*.bin")]
    assert len(published) >= 5
    sources = {p.stat().st_ino for p in (ROOT / "node_modules" / "pyodide").iterdir()}
    sources |= {p.stat().st_ino for p in snapshots.CACHE.glob("*.bin")}
    for path in published:
        assert path.stat().st_nlink == 1, path
        assert path.stat().st_ino not in sources, path


# --- a killed build leaves nothing running and nothing behind ---------------------------------


def _processes_with(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if text.encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def test_a_build_killed_while_making_the_snapshot_leaves_no_node_and_no_work(
    tmp_path: Path, widget_dist, trimmed_stdlib
) -> None:
    """Killing the build left Node's snapshot.mjs running and 31.5 MB in .making-* that no
    later build removed."""
    cache = tmp_path / "cache"
    code = (
        "import sys; from pathlib import Path; from sitegen.tools import snapshot\n"
        "snapshot.CACHE = Path(sys.argv[1])\n"
        "snapshot._make(Path(sys.argv[2]), ['lsvg', 'finder'], snapshot.CACHE / 'key', "
        "Path(sys.argv[3]))\n"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", code, str(cache), str(widget_dist.wheel),
         str(trimmed_stdlib.path)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not _processes_with(str(cache / ".making-")):
        assert build.poll() is None, "the snapshot was made before the build could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while _processes_with(str(cache / ".making-")):
        assert time.monotonic() < deadline, "Node still runs for a killed build"
        time.sleep(0.05)
    left = list(cache.glob(".making-*"))
    assert left, "the killed build's folder is what the next build must remove"
    busy = cache / ".making-busy"  # another build, still making one: kept
    busy.mkdir()
    handle = snapshots._lock_folder(busy)
    try:
        original, snapshots.CACHE = snapshots.CACHE, cache
        snapshots.remove_stale_work()
    finally:
        snapshots.CACHE = original
        os.close(handle)
    assert list(cache.glob(".making-*")) == [busy]
