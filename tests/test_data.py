"""Data tests: data/ validates, and each kind of bad input fails the build clearly."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sitegen.exceptions import DataError
from sitegen.loading import load
from tests.conftest import ROOT, run_build

DATA = ROOT / "data"


def test_all_data_validates() -> None:
    data = load(DATA)
    assert len(data.kernaanbevelingen) == 10
    assert len(data.recommendations) == 30
    assert len(data.conclusions) == 21


def test_counts_per_paragraph() -> None:
    data = load(DATA)
    recs: dict[str, int] = {}
    for r in data.recommendations:
        recs[r.paragraph] = recs.get(r.paragraph, 0) + 1
    assert recs == {"1.9": 6, "3.2": 3, "4.5": 11, "5.7": 7, "6.3": 3}
    concl: dict[str, int] = {}
    for c in data.conclusions:
        concl[c.paragraph] = concl.get(c.paragraph, 0) + 1
    assert concl == {"1.8": 8, "2.2": 4, "3.1": 2, "5.6": 5, "6.2": 2}
    groups = {r.group for r in data.recommendations if r.paragraph == "4.5"}
    assert groups == {"ouders", "professionals", "gedragswetenschappers"}


def test_every_kernaanbeveling_points_to_existing_recommendations() -> None:
    data = load(DATA)
    ids = {r.id for r in data.recommendations}
    for k in data.kernaanbevelingen:
        assert k.sources and set(k.sources) <= ids, k.id


# --- bad input ------------------------------------------------------------------------

Mutation = Callable[[Path], tuple[str, str, str]]  # -> (file, id, field) the error must name


def _edit(path: Path, change: Callable[[list[dict]], None]) -> None:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(entries)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def duplicate_recommendation_id(data: Path) -> tuple[str, str, str]:
    path = data / "recommendations" / "h1.yml"
    _edit(path, lambda e: e.append({**e[0]}))
    return "recommendations/h1.yml", "aanbeveling-1-9-1", "id"


def missing_text(data: Path) -> tuple[str, str, str]:
    path = data / "conclusions" / "h1.yml"
    _edit(path, lambda e: e[2].pop("text"))
    return "conclusions/h1.yml", "conclusie-1-8-3", "text"


def dangling_kernaanbeveling(data: Path) -> tuple[str, str, str]:
    path = data / "kernaanbevelingen.yml"

    def change(entries: list[dict]) -> None:
        entries[4]["sources"] = ["aanbeveling-9-9-9"]

    _edit(path, change)
    return "kernaanbevelingen.yml", "kernaanbeveling-5", "sources"


def unknown_field(data: Path) -> tuple[str, str, str]:
    path = data / "recommendations" / "h1.yml"

    def change(entries: list[dict]) -> None:
        entries[1]["tekst"] = "typo in a key"

    _edit(path, change)
    return "recommendations/h1.yml", "aanbeveling-1-9-2", "tekst"


def wrong_id_scheme(data: Path) -> tuple[str, str, str]:
    path = data / "conclusions" / "h1.yml"

    def change(entries: list[dict]) -> None:
        entries[0]["id"] = "conclusie-1-8-99"

    _edit(path, change)
    return "conclusions/h1.yml", "conclusie-1-8-99", "veld 'id'"


def empty_audience(data: Path) -> tuple[str, str, str]:
    path = data / "recommendations" / "h1.yml"

    def change(entries: list[dict]) -> None:
        entries[3]["audience"] = []

    _edit(path, change)
    return "recommendations/h1.yml", "aanbeveling-1-9-4", "audience"


def _intervention(data: Path, iv_id: str, change: Callable[[dict], None]) -> None:
    def edit(entries: list[dict]) -> None:
        change(next(e for e in entries if e["id"] == iv_id))

    _edit(data / "interventions.yml", edit)


def source_anchor_not_published(data: Path) -> tuple[str, str, str]:
    def change(iv: dict) -> None:
        iv["requires"][0]["sources"][0]["anchor"] = "tabel-2-bestaat-niet"

    _intervention(data, "ouder-baby", change)
    return "interventions.yml", "ouder-baby", "requires.0.sources.0.anchor"


def scope_against_the_groups_rule(data: Path) -> tuple[str, str, str]:
    def change(iv: dict) -> None:
        iv["scope"]["jong"] = {"tier": 1}  # PIPA's recognition expired: not tier 1

    _intervention(data, "pipa", change)
    return "interventions.yml", "pipa", "scope.jong.tier"


def required_situation_unknown(data: Path) -> tuple[str, str, str]:
    def change(iv: dict) -> None:
        iv["requires"][1]["any_of"] = ["verstorend-gedrag"]

    _intervention(data, "nika", change)
    return "interventions.yml", "nika", "requires.1.any_of"


def invented_lower_bound_missing(data: Path) -> tuple[str, str, str]:
    _intervention(data, "k-vht", lambda iv: iv["age"].pop("min"))
    return "interventions.yml", "k-vht", "age.min"


def table_rows_out_of_order(data: Path) -> tuple[str, str, str]:
    def change(iv: dict) -> None:
        iv["tables"][0]["row"] = 1  # Ouder-baby is row 2 of table 2, after VIPP-SD

    _intervention(data, "ouder-baby", change)
    return "interventions.yml", "ouder-baby", "tables.row"


def source_note_not_shown(data: Path) -> tuple[str, str, str]:
    def change(entries: list[dict]) -> None:
        entries[0]["anchors"] = [*entries[0]["anchors"], "par-5-3"]  # a heading: no placement

    _edit(data / "source_notes.yml", change)
    return "source_notes.yml", "bronopmerking-videofeedback-5-1", "anchors"


@pytest.mark.parametrize(
    "mutate",
    [
        duplicate_recommendation_id,
        missing_text,
        dangling_kernaanbeveling,
        unknown_field,
        wrong_id_scheme,
        empty_audience,
        source_anchor_not_published,
        scope_against_the_groups_rule,
        required_situation_unknown,
        invented_lower_bound_missing,
        table_rows_out_of_order,
        source_note_not_shown,
    ],
)
def test_bad_data_fails_the_build_naming_file_id_and_field(
    tmp_path: Path, mutate: Mutation
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    file_name, entry_id, field = mutate(data)
    site = tmp_path / "site"
    result = run_build("--data", str(data), "--site", str(site))
    assert result.returncode == 1
    message = result.stderr
    assert file_name in message
    assert f"'{entry_id}'" in message
    assert field in message
    assert not site.exists(), "a failed build must not leave a (half-built) site"


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "recommendations" / "h1.yml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(data)
    assert any("recommendations/h1.yml" in p and "YAML" in p for p in err.value.problems)


def test_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    missing_text(data)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    assert run_build("--data", str(data), "--site", str(site)).returncode == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
