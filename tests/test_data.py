"""Data tests: data/ validates, and each kind of bad input fails the build clearly."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sitegen.data import safe_text
from sitegen.data.loading import load
from sitegen.data.strict_yaml import parse_yaml
from sitegen.exceptions import DataError
from sitegen.publish import site_dir
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


def script_in_recommendation(data: Path) -> tuple[str, str, str]:
    path = data / "recommendations" / "h1.yml"

    def change(entries: list[dict]) -> None:
        entries[2]["text"] += " <script>alert(1)</script>"

    _edit(path, change)
    return "recommendations/h1.yml", "aanbeveling-1-9-3", "veld 'text': bevat HTML"


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


def star_without_its_meaning(data: Path) -> tuple[str, str, str]:
    def change(guideline: dict) -> None:  # what the '*' of table 3 means
        del next(t for t in guideline["tables"] if t["number"] == 3)["star_note"]

    _edit(data / "guideline.yml", change)  # type: ignore[arg-type]
    return "interventions.yml", "sherborne", "tables.star"


def source_note_not_shown(data: Path) -> tuple[str, str, str]:
    def change(entries: list[dict]) -> None:
        entry = next(e for e in entries if e["id"] == "bronopmerking-videofeedback-5-1")
        entry["anchors"] = [*entry["anchors"], "par-5-3"]  # a heading: no placement

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
        script_in_recommendation,
        source_anchor_not_published,
        scope_against_the_groups_rule,
        required_situation_unknown,
        invented_lower_bound_missing,
        table_rows_out_of_order,
        star_without_its_meaning,
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
    site_dir.mark(site)  # a previous build: the build may replace it, but only when it succeeds
    (site / "index.html").write_text("previous build", encoding="utf-8")
    assert run_build("--data", str(data), "--site", str(site)).returncode == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


# --- what PyYAML would accept silently, and bytes that are not text --------------------------


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def _refused(data: Path) -> str:
    with pytest.raises(DataError) as err:
        load(data)
    return "\n".join(err.value.problems)


def test_a_key_twice_in_a_mapping_fails_naming_file_and_line(tmp_path: Path) -> None:
    """The first `text:` of a recommendation would vanish without a word."""
    data = _copy(tmp_path)
    path = data / "recommendations" / "h1.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[4].startswith("  text:")  # aanbeveling-1-9-1
    lines.insert(7, "  text: Een tweede tekst die de eerste zou vervangen.\n")
    path.write_text("".join(lines), encoding="utf-8")
    result = run_build("--data", str(data), "--site", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "recommendations/h1.yml, regel 8: de sleutel 'text' staat twee keer" in result.stderr
    assert "(eerst op regel 5)" in result.stderr


def test_a_byte_that_is_not_utf8_fails_naming_file_line_and_byte(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    path = data / "recommendations" / "h1.yml"
    raw = path.read_bytes()
    at = raw.index(b"gehechtheidsrelatie")  # line 6 of the file
    path.write_bytes(raw[:at] + b"\xff" + raw[at + 1 :])
    result = run_build("--data", str(data), "--site", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "UnicodeDecodeError" not in result.stderr
    column = at - raw.rindex(b"\n", 0, at)
    assert (
        f"recommendations/h1.yml, regel 6, teken {column} (byte {at + 1} van het bestand): "
        "geen geldige UTF-8 (byte 0xFF)"
    ) in result.stderr


ALIAS_BOMB = """
- id: aanbeveling-1-9-7
  paragraph: "1.9"
  number: 7
  audience: [jeugdprofessionals]
  text: Negen lagen van negen verwijzingen.
  blocks:
    - items: &l0 [{text: a}, {text: a}, {text: a}, {text: a}, {text: a}, {text: a}, {text: a}, {text: a}, {text: a}]
"""  # noqa: E501
for level in range(1, 9):
    item = f"{{text: b, items: *l{level - 1}}}"
    ALIAS_BOMB += f"    - items: &l{level} [{', '.join([item] * 9)}]\n"


def test_an_alias_bomb_is_refused_fast_naming_file_and_line(tmp_path: Path) -> None:
    """Nested aliases of lists expand to 9**9 items; before, this ran into MemoryError."""
    data = _copy(tmp_path)
    path = data / "recommendations" / "h1.yml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before + ALIAS_BOMB, encoding="utf-8")
    started = time.monotonic()
    message = _refused(data)
    assert time.monotonic() - started < 5
    line = before.count("\n") + ALIAS_BOMB.count("\n", 0, ALIAS_BOMB.index("*l0")) + 1
    assert f"recommendations/h1.yml, regel {line}: de verwijzing *l0 herhaalt een lijst" in message


def test_an_alias_of_a_single_value_stays_allowed() -> None:
    """data/interventions.yml repeats table cells this way (&bt-doel / *bt-doel)."""
    assert parse_yaml("a: &cel Een cel.\nb: *cel\n", "test.yml") == {
        "a": "Een cel.", "b": "Een cel."
    }
    assert "*bt-doel" in (DATA / "interventions.yml").read_text(encoding="utf-8")


# --- HTML in data: Markdown only (sitegen/data/safe_text.py, CONTRIBUTING.md 'HTML in data') ------

DANGEROUS = {
    "script": "Tekst <script>alert(1)</script> en meer.",
    "event handler": 'Een plaatje <img src="x" onerror="alert(1)">.',
    "javascript link": "Zie [deze pagina](javascript:alert(1)).",
    "javascript link, hidden": "Zie [deze pagina](JaVa&#x53;cript:alert(1)).",
    "javascript in raw HTML": 'Zie <a href="javascript:alert(1)">hier</a>.',
    "javascript autolink": "Zie <javascript:alert(1)>.",
    "data link": "Zie [hier](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).",
    "vbscript link": "Zie [hier][1].\n\n[1]: vbscript:msgbox(1)",
    "attribute list handler": '*Nadruk*{onclick="alert(1)"} in de tekst.',
    "attribute list style": '*Nadruk*{style="display: none"} in de tekst.',
    "stray closing tags": "Einde van de tekst.</div></article>",
    "comment": "Tekst <!-- met een verborgen opmerking --> erin.",
}
# (file, entry index, id, field path, how to set it)
PLACES = [
    ("recommendations/h1.yml", 1, "aanbeveling-1-9-2", "text", ("text",)),
    ("conclusions/h1.yml", 0, "conclusie-1-8-1", "blocks.0.text", ("blocks", 0, "text")),
    ("interventions.yml", 0, "vipp-sd", "toelichting.0", ("toelichting", 0)),
]


def _set(entry: dict, path: tuple, value: str) -> None:
    *parents, last = path
    for step in parents:
        entry = entry[step]
    entry[last] = value


def _refused_in(tmp_path: Path, place: tuple, text: str) -> str:
    """Put `text` at `place` in a copy of data/; the Dutch problems of loading it."""
    file_name, index, _entry_id, _field, path = place
    data = _copy(tmp_path)

    def change(entries: list[dict]) -> None:
        if path[0] in ("blocks", "toelichting"):  # give the entry a first block / paragraph
            entries[index][path[0]] = [{"text": "x"}] if path[0] == "blocks" else ["x"]
        _set(entries[index], path, text)

    _edit(data / file_name, change)
    return _refused(data)


@pytest.mark.parametrize("kind", DANGEROUS)
def test_dangerous_html_in_data_is_refused_naming_file_id_and_field(
    tmp_path: Path, kind: str
) -> None:
    file_name, _index, entry_id, field, _path = PLACES[0]
    message = _refused_in(tmp_path, PLACES[0], DANGEROUS[kind])
    assert f"{file_name}: item '{entry_id}', veld '{field}': bevat" in message, message


@pytest.mark.parametrize("place", PLACES[1:], ids=[p[2] for p in PLACES[1:]])
def test_dangerous_html_is_refused_in_every_text_field(tmp_path: Path, place: tuple) -> None:
    file_name, _index, entry_id, field, _path = place
    message = _refused_in(tmp_path, place, DANGEROUS["script"])
    assert f"{file_name}: item '{entry_id}', veld '{field}': bevat HTML (<script>)" in message


def test_markdown_links_and_autolinks_stay_allowed() -> None:
    text = (
        "Zie <https://www.nji.nl>, [bijlage 4](bijlage-4.md), [stap 3](#stap-3), "
        "[mail](mailto:info@example.org) en [de site](https://www.basictrust.com). "
        "Leeftijd < 5 jaar, R&D, &nbsp;*nadruk* en **vet**[^5]."
    )
    assert safe_text.problem(text) is None


def test_the_check_uses_the_sites_markdown_extensions() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert sorted(safe_text.EXTENSIONS) == sorted(names)


def test_a_link_field_takes_web_addresses_only(tmp_path: Path) -> None:
    data = _copy(tmp_path)

    def change(entries: list[dict]) -> None:
        entries[0]["website"] = "javascript:alert(1)"

    _edit(data / "interventions.yml", change)
    message = _refused(data)
    assert "interventions.yml: item 'vipp-sd', veld 'website': moet een webadres zijn" in message


# --- data text in every context it is rendered in --------------------------------------------

ATTRIBUTE_LISTS = [
    "Wees alert op gehechtheid {: hidden onclick=alert(1) class=md-nav__link }",
    "Wees alert {hidden}",  # no colon: attr_list reads it all the same, at a heading's end
    "Wees alert} {: .md-nav__link",  # completed by the template's own {#id}
    "*Nadruk*{.verborgen} in de tekst",
    "Stap {#ander-anker}",
]


@pytest.mark.parametrize("text", ATTRIBUTE_LISTS)
def test_an_attribute_list_in_data_text_is_refused_in_every_context(
    tmp_path: Path, text: str
) -> None:
    """A step title is a paragraph to the old check (where `{: }` is inert) but a heading with
    markdown="span" on chapter 4, the werkkaart and the print page (where it became the
    heading's hidden, class and onclick)."""
    data = _copy(tmp_path)
    path = data / "stappenplan.yml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan["steps"][0]["title"] = text
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    message = _refused(data)
    assert "stappenplan.yml: item 'stappenplan', veld 'steps.0.title': bevat een " \
        "attributenlijst" in message, message


def test_finder_placeholders_stay_allowed_and_are_checked_filled_in() -> None:
    assert DATA_LOADED.finder is not None
    assert any("{wording}" in r.text for r in DATA_LOADED.finder.reasons)
    assert safe_text.problem("Kop {: hidden}") is not None
    assert safe_text.problem("Gewone tekst, met (haakjes) en [^3] voetnoot.") is None


def test_an_id_longer_than_a_file_name_is_refused_at_load_time(tmp_path: Path) -> None:
    """A werkkaart id of 300 characters ended the build in `OSError: File name too long`."""
    data = _copy(tmp_path)
    path = data / "guideline.yml"
    text = path.read_text(encoding="utf-8")
    first = DATA_LOADED.guideline.werkkaarten[0].id
    path.write_text(text.replace(f"  - id: {first}\n", f"  - id: {'a' * 300}\n", 1), "utf-8")
    message = _refused(data)
    assert "guideline.yml: item 'guideline', veld 'werkkaarten.0.id': de id 'aaaa" in message
    assert "300 tekens lang, hoogstens 100" in message


def test_two_glossary_terms_with_one_anchor_are_refused_at_load_time(tmp_path: Path) -> None:
    """Refused only by the print page's check before, naming a temporary file."""
    data = _copy(tmp_path)
    with (data / "glossary.yml").open("a", encoding="utf-8") as fh:
        fh.write("- term: Ari cp\n  meaning: Dezelfde id als ARI-CP\n")
    message = _refused(data)
    assert ("glossary.yml: item 'Ari cp', veld 'term': geeft hetzelfde anker 'begrip-ari-cp' "
            "als de term 'ARI-CP'") in message


DATA_LOADED = load(DATA)
