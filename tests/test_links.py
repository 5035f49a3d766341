"""Links that never break: short links, the anchor lock and redirects (HTML level)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from sitegen.data.models.redirects import Redirect
from sitegen.links import LinkTarget
from sitegen.publish.redirects import Published, check_lock, read_lock, updated_lock
from tests.conftest import ROOT, run_build
from tests.html import soup

LOCK = ROOT / "data" / "links-lock.json"


def test_lock_covers_every_published_id(links: list[dict[str, str]]) -> None:
    """New ids must be recorded (python build.py --update-lock) so they are protected too."""
    lock = read_lock(LOCK)
    missing = [t["id"] for t in links if Published(t["id"], t["url"]) not in lock]
    assert not missing, f"not in links-lock.json, run `python build.py --update-lock`: {missing}"


def test_short_links_redirect_without_javascript(site: Path, links: list[dict]) -> None:
    """Every target has a short link /r/<id>/ (ids are unique across the site)."""
    assert len({t["id"] for t in links}) == len(links) > 300
    for target in links:
        page = soup(site / "r" / target["id"] / "index.html")
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        canonical = page.find("link", rel="canonical")["href"]
        expected = "../.." + target["url"]
        assert refresh == f"0; url={expected}" and canonical == expected, target["id"]


def test_links_page_lists_every_target(site: Path, links: list[dict]) -> None:
    """Each target once, its title linked to its address, its short link beside it, and no
    column or label that repeats the kind its group is headed by."""
    page = soup(site / "links" / "index.html")
    rows = page.select("[data-links-table] li[data-url]")
    assert sorted(r["data-url"] for r in rows) == sorted(t["url"] for t in links)
    by_url = {t["url"]: t for t in links}
    for row in rows:
        target = by_url[row["data-url"]]
        title, short = row.select("a")
        assert title["href"] == "../" + target["url"].lstrip("/"), target["id"]
        assert short["href"] == f"../r/{target['id']}/" and short.text == f"/r/{target['id']}/"
        assert title.get_text() == target["title"]
        assert row.select_one("button.links-copy") is not None
        assert len(row.find_all(recursive=False)) == 3  # title, short link, copy button
    # every anchor of the page before this layout is still there (trainers link to them)
    ids = {e["id"] for e in page.select("[id]")}
    assert {"linken", "linken-uitleg", "links-zoek"} <= ids
    assert {f"links-{n}" for n in range(1, 30)} <= ids


# --- the lock check as a pure function -----------------------------------------------------


def target(id_: str, url: str) -> LinkTarget:
    return LinkTarget(id_, "aanbeveling", id_, url)


LOCKED = {Published("a-1", "/p/#a-1"), Published("a-2", "/p/#a-2")}


def test_lock_passes_when_everything_is_still_there() -> None:
    assert check_lock(LOCKED, [target("a-1", "/p/#a-1"), target("a-2", "/p/#a-2")], []) == []


def test_lock_names_a_vanished_id() -> None:
    problems = check_lock(LOCKED, [target("a-1", "/p/#a-1")], [])
    assert len(problems) == 1 and "'a-2'" in problems[0] and "redirects.yml" in problems[0]


def test_lock_names_a_moved_id() -> None:
    problems = check_lock(LOCKED, [target("a-1", "/p/#a-1"), target("a-2", "/q/#a-2")], [])
    assert len(problems) == 1 and "'a-2'" in problems[0] and "/q/#a-2" in problems[0]


def test_a_redirect_makes_the_lock_pass_only_if_its_target_exists() -> None:
    redirect = Redirect(id="a-2", to="a-1", reason="samengevoegd")
    assert check_lock(LOCKED, [target("a-1", "/p/#a-1")], [redirect]) == []
    problems = check_lock(LOCKED, [target("a-3", "/p/#a-3")], [redirect])
    assert any("'a-1'" in p for p in problems)


def test_updating_the_lock_never_drops_an_id() -> None:
    assert updated_lock(LOCKED, [target("a-3", "/p/#a-3")]) >= LOCKED


# --- whole builds with an id removed -------------------------------------------------------


def _data_without_conclusion_1_8_8(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "conclusions" / "h1.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(
        yaml.safe_dump([e for e in entries if e["id"] != "conclusie-1-8-8"], allow_unicode=True),
        encoding="utf-8",
    )
    return data


def test_removing_a_published_id_fails_the_build_naming_it(tmp_path: Path) -> None:
    data = _data_without_conclusion_1_8_8(tmp_path)
    result = run_build("--data", str(data), "--site", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "'conclusie-1-8-8'" in result.stderr


def test_a_link_to_a_missing_anchor_fails_the_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / "inleiding.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nZie [dit](hoofdstuk-1.md#bestaat-niet).\n",
        encoding="utf-8",
    )
    result = run_build("--content", str(content), "--site", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "bestaat-niet" in result.stderr


@pytest.fixture(scope="session")
def redirected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build in which conclusie-1-8-8 and the page of DDP are gone, with redirects."""
    tmp = tmp_path_factory.mktemp("redirected")
    data = _data_without_conclusion_1_8_8(tmp)
    interventions = yaml.safe_load((data / "interventions.yml").read_text(encoding="utf-8"))
    (data / "interventions.yml").write_text(
        yaml.safe_dump([i for i in interventions if i["id"] != "ddp"], allow_unicode=True),
        encoding="utf-8",
    )
    # its source notes go with it; a note about others too stays, without DDP
    notes = yaml.safe_load((data / "source_notes.yml").read_text(encoding="utf-8"))
    ddp_anchors = {"ddp", "tabel-3-ddp"}
    gone, kept = set(), []
    for n in notes:
        others = [i for i in n.get("interventions", []) if i != "ddp"]
        if others != n.get("interventions", []) and not others or (
            set(n["anchors"]) & ddp_anchors and not others
        ):
            gone.add(n["id"])
            continue
        if others != n.get("interventions", []):
            n["interventions"] = others
            n["anchors"] = [a for a in n["anchors"] if a not in ddp_anchors]
            n["quotes"] = [q for q in n["quotes"] if q["anchor"] not in ddp_anchors]
        kept.append(n)
    (data / "source_notes.yml").write_text(
        yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8"
    )
    rules = yaml.safe_load((data / "finder.yml").read_text(encoding="utf-8"))
    for reason in rules["reasons"]:
        if reason.get("note") in gone:
            reason["note"] = None
    (data / "finder.yml").write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    assert gone == {"bronopmerking-ddp-kjp", "bronopmerking-ddp-afft"}
    (data / "redirects.yml").write_text(
        yaml.safe_dump(
            [
                {"id": "conclusie-1-8-8", "to": "conclusie-1-8-7", "reason": "test"},
                {"id": "ddp", "to": "theraplay", "reason": "test"},
                {"id": "tabel-3-ddp", "to": "tabel-3-theraplay", "reason": "test"},
                {"id": "bronopmerking-ddp-kjp", "to": "bronopmerkingen", "reason": "test"},
                {"id": "bronopmerking-ddp-afft", "to": "bronopmerkingen", "reason": "test"},
            ]
        ),
        encoding="utf-8",
    )
    site = tmp / "site"
    result = run_build("--data", str(data), "--site", str(site))
    assert result.returncode == 0, result.stderr
    return site


def test_redirects_json_maps_moved_anchors(redirected_site: Path) -> None:
    moved = json.loads((redirected_site / "redirects.json").read_text())["moved"]
    assert moved["conclusie-1-8-8"] == "/hoofdstuk-1/#conclusie-1-8-7"


def test_a_vanished_page_gets_a_static_redirect(redirected_site: Path) -> None:
    page = soup(redirected_site / "interventies" / "ddp" / "index.html")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=../theraplay/#theraplay"
