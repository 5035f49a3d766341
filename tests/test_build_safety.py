"""build.py --site never destroys sources, and no build leaves a half site or none at all.

Every build here that could go wrong runs in a throwaway copy of the project (`project`), so a
regression destroys only the copy. Builds that must succeed use the small fixture guideline.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from sitegen import site_dir
from tests.conftest import ROOT, build_command, fixture_build_args, run_build

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
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "De site is niet gebouwd" in result.stderr
    for word in ("--site", *words):
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


def test_two_builds_at_once_keep_the_site_whole(tmp_path: Path, fixture_site: Path) -> None:
    """Both builds start together into a previous build; the second waits for the first. At
    no moment is the site half or missing (checked every few milliseconds)."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    (site / "index.html").write_text("vorige build", encoding="utf-8")
    builds = [
        subprocess.Popen(
            build_command(*fixture_build_args(site)), cwd=ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    checks = 0
    while any(b.poll() is None for b in builds):
        missing = [name for name in WHOLE_SITE if not (site / name).exists()]
        assert not missing, f"the site lacks {missing} during a build"
        checks += 1
        time.sleep(0.003)
    outputs = [b.communicate() for b in builds]
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
