"""widgets.finder (the Interventiewijzer) in CPython, imported from the built wheel.

The ages are asserted twice: as the guideline words them (a table written out below, read from
the tables and texts of chapter 5) and against the model (`AgeRange.fits`), over every month
from birth to the Jeugdwet limit.
"""

from __future__ import annotations

import ast
import json
import zipfile
from types import ModuleType

import pytest

from sitegen.loading import load
from sitegen.models import RECOGNITION_LABELS, AgeBound, RecognitionLevel
from sitegen.tools import finder as finder_tool
from tests.conftest import ROOT

DATA = load(ROOT / "data")
BY_ID = {iv.id: iv for iv in DATA.interventions}
SITUATIONS = {s.id: s for s in DATA.situations}
HARMFUL = {a.id for a in DATA.harmful_approaches}
LIMIT = 23 * 12  # the Jeugdwet: a 'jeugdige' is younger than 23
RANK = {lv.value: lv.rank for lv in RecognitionLevel}

# (youngest fitting age, first age that no longer fits) in months, as the guideline words it
GUIDELINE_AGES = {
    "vipp-sd": (0, 7 * 12),  # nul tot en met zes jaar
    "basic-trust": (2 * 12, 13 * 12),  # twee tot en met twaalf jaar
    "k-vht": (0, 4 * 12),  # tot vier jaar
    "shantala": (1, 9),  # zes weken (rounded up to 1 month) tot negen maanden
    "ouder-baby": (0, 13),  # tot en met 12 maanden
    "pcit": (2 * 12, 9 * 12),  # 2-8 jaar
    "pipa": (0, 4 * 12),  # 0-4 jaar, 'tot vier jaar'
    "nika": (0, 7 * 12),  # 0-6 jaar
    "mbt-k": (5 * 12, 12 * 12),  # van 5 tot 12 jaar
    "itgg": (0, 18 * 12),  # 0-18 jaar, 'tot 18 jaar'
    "vht-4-12": (4 * 12, 12 * 12),  # vier tot twaalf jaar
    "sherborne": (0, 13 * 12),  # 0-12 jaar
    "theraplay": (0, 13 * 12),  # 0-12 jaar
    "differentiatietherapie": (0, 12 * 12),  # tot ongeveer 12 jaar
    "fasetherapie": (0, 16 * 12),  # tot ongeveer 16 jaar
    "mbt-a": (13 * 12, 19 * 12),  # 13-18 jaar
    "ddp": (0, 18 * 12),  # 0-18 jaar, 'tot 18 jaar'
}
PRENATAL_ONLY = {"voorzorg"}


def ids(matches) -> list[str]:
    return [m.id for m in matches]


# --- ages ------------------------------------------------------------------------------------


def test_the_table_covers_every_intervention() -> None:
    assert set(GUIDELINE_AGES) | PRENATAL_ONLY == set(BY_ID)
    assert len(BY_ID) == 18


@pytest.mark.parametrize("iv_id", sorted(GUIDELINE_AGES))
def test_age_bounds_at_and_just_past_each_boundary(finder_widget: ModuleType, iv_id: str) -> None:
    start, until = GUIDELINE_AGES[iv_id]
    fits = {age: iv_id in ids(finder_widget.find(age)) for age in range(LIMIT)}
    assert fits[start], f"{iv_id}: the youngest age {start} must fit"
    if start > 0:
        assert not fits[start - 1], f"{iv_id}: {start - 1} months is just too young"
    assert fits[until - 1], f"{iv_id}: {until - 1} months is the oldest that fits"
    assert not fits[until], f"{iv_id}: {until} months is just too old"
    assert [a for a, f in fits.items() if f] == list(range(start, until))  # no gaps
    model = BY_ID[iv_id].age
    assert (model.from_months, model.until_months) == (start, until)  # the data agrees


def test_every_month_agrees_with_the_model(finder_widget: ModuleType) -> None:
    for age in range(LIMIT):
        expected = {iv.id for iv in DATA.interventions if iv.age.fits(age)}
        assert set(ids(finder_widget.find(age))) == expected, age


def test_the_oldest_allowed_age_and_nothing_after_eighteen(finder_widget: ModuleType) -> None:
    assert ids(finder_widget.find(LIMIT - 1)) == []  # 22 years 11 months: allowed, nothing fits
    assert ids(finder_widget.find(19 * 12 - 1)) == ["mbt-a"]  # 18 years 11 months
    assert ids(finder_widget.find(19 * 12)) == []


def test_no_age_means_every_intervention(finder_widget: ModuleType) -> None:
    assert set(ids(finder_widget.find())) == set(BY_ID)
    for m in finder_widget.find():
        assert m.reasons[0].startswith("Leeftijd in de richtlijn:")


# --- prenatal --------------------------------------------------------------------------------


def test_prenatal_gives_only_what_starts_in_pregnancy(finder_widget: ModuleType) -> None:
    assert ids(finder_widget.find(prenatal=True)) == ["voorzorg"]
    assert {iv.id for iv in DATA.interventions if iv.age.prenatal} == PRENATAL_ONLY
    (match,) = finder_widget.find(prenatal=True, situations=["zwanger-hoog-risico"])
    assert match.group == "situatie"
    assert "Kan al in de zwangerschap beginnen" in match.reasons
    assert not [c for c in match.caveats if c.startswith("Bedoeld voor een specifieke")]
    # situations that have nothing before birth do not add anything
    assert ids(finder_widget.find(prenatal=True, situations=["adoptie-pleeg"])) == ["voorzorg"]


def test_voorzorg_never_fits_a_born_child(finder_widget: ModuleType) -> None:
    for age in range(LIMIT):
        assert "voorzorg" not in ids(finder_widget.find(age, situations=["zwanger-hoog-risico"]))


def test_prenatal_with_an_age_is_refused(finder_widget: ModuleType) -> None:
    with pytest.raises(ValueError, match="nog niet geboren"):
        finder_widget.find(0, prenatal=True)


# --- situations ------------------------------------------------------------------------------


def test_the_situations_of_the_issue_exist() -> None:
    required = {
        "adoptie-pleeg", "postpartum-depressie", "zwanger-hoog-risico",
        "mishandeling-verwaarlozing", "ernstige-gedragsproblemen", "meervoudige-beperking",
        "borderline-kenmerken", "ernstige-gehechtheidsproblemen",
        "vroeggeboorte", "eetstoornis-ouder", "instelling-zonder-ouders",
    }
    assert required <= set(SITUATIONS)
    for sid in SITUATIONS:  # every situation is meant by at least one intervention
        assert any(sid in iv.situations for iv in DATA.interventions), sid


@pytest.mark.parametrize("sid", sorted(SITUATIONS))
def test_each_situation_ranks_its_interventions_first(finder_widget: ModuleType, sid: str) -> None:
    meant = {iv.id for iv in DATA.interventions if sid in iv.situations}
    matches = finder_widget.find(situations=[sid])
    assert set(ids(matches)) == set(BY_ID)  # a situation never excludes anything
    first = matches[: len(meant)]
    assert set(ids(first)) == meant
    label = SITUATIONS[sid].label
    for m in first:
        assert m.group == "situatie" and m.matched_situations == (sid,)
        assert any(r.startswith("Bedoeld voor: ") and label[1:] in r for r in m.reasons)
    for m in matches[len(meant):]:
        assert m.group == "leeftijd" and m.matched_situations == ()
        assert not any(r.startswith("Bedoeld voor") for r in m.reasons)


@pytest.mark.parametrize(
    ("age", "situations", "meant"),
    [
        (0, ["postpartum-depressie"], ["ouder-baby"]),
        (12, ["postpartum-depressie"], ["ouder-baby"]),
        (13, ["postpartum-depressie"], []),
        (3 * 12, ["mishandeling-verwaarlozing"], ["nika"]),
        (5 * 12, ["ernstige-gedragsproblemen"], ["basic-trust", "itgg", "pcit"]),
        (10 * 12, ["meervoudige-beperking"], ["itgg"]),
        (15 * 12, ["borderline-kenmerken"], ["mbt-a"]),
        (14 * 12, ["instelling-zonder-ouders"], []),  # Theraplay stops at 12
        (6 * 12, ["vroeggeboorte"], ["sherborne"]),
        (2 * 12, ["eetstoornis-ouder"], ["vipp-sd"]),
        (9 * 12, ["ernstige-gehechtheidsproblemen"],
         ["itgg", "differentiatietherapie", "fasetherapie", "mbt-k"]),
    ],
)
def test_situation_examples(finder_widget: ModuleType, age, situations, meant) -> None:
    matches = finder_widget.find(age, situations=situations)
    assert [m.id for m in matches if m.group == "situatie"] == meant


def test_more_matching_situations_rank_first(finder_widget: ModuleType) -> None:
    matches = finder_widget.find(
        7 * 12, situations=["ernstige-gehechtheidsproblemen", "adoptie-pleeg"]
    )
    # MBT-K is meant for both, so it leads although it is not recognised
    assert matches[0].id == "mbt-k" and len(matches[0].matched_situations) == 2
    counts = [len(m.matched_situations) for m in matches]
    assert counts == sorted(counts, reverse=True)
    # order of the given situations does not matter; duplicates count once
    again = finder_widget.find(
        7 * 12, situations=("adoptie-pleeg", "ernstige-gehechtheidsproblemen", "adoptie-pleeg")
    )
    assert ids(again) == ids(matches)


# --- ranking ---------------------------------------------------------------------------------


def test_ranking_without_situation_is_by_recognition_then_name(finder_widget: ModuleType) -> None:
    assert ids(finder_widget.find(27)) == [
        "vipp-sd",  # sterke aanwijzingen
        "basic-trust", "itgg", "pcit",  # eerste aanwijzingen, by name
        "k-vht", "nika",  # goed onderbouwd
        "pipa",  # erkenning verlopen
        "ddp", "differentiatietherapie", "fasetherapie", "sherborne", "theraplay",  # niet erkend
    ]


def test_ranking_holds_in_every_group_at_every_age(finder_widget: ModuleType) -> None:
    for age in range(0, LIMIT, 5):
        for situations in ([], ["adoptie-pleeg"], ["opvoedingsvragen", "vroeggeboorte"]):
            matches = finder_widget.find(age, situations=situations)
            keys = [
                (m.group != "situatie", -len(m.matched_situations),
                 RANK[BY_ID[m.id].recognition.value], m.name.casefold())
                for m in matches
            ]
            assert keys == sorted(keys), (age, situations)


def test_the_level_order_is_the_guidelines() -> None:
    assert [lv.value for lv in sorted(RecognitionLevel, key=lambda lv: lv.rank)] == [
        "effectief-sterke-aanwijzingen",
        "effectief-goede-aanwijzingen",
        "effectief-eerste-aanwijzingen",
        "goed-onderbouwd",
        "erkenning-verlopen",
        "niet-erkend",
    ]


@pytest.mark.parametrize("level", list(RecognitionLevel))
def test_min_level_leaves_out_weaker_evidence(finder_widget: ModuleType, level) -> None:
    result = finder_widget.search(finder_widget.validate(30, min_level=level.value))
    assert all(RANK[BY_ID[m.id].recognition.value] <= level.rank for m in result.matches)
    everything = finder_widget.find(30)
    assert len(result.matches) + result.below_level == len(everything)
    stronger = [i for i in ids(everything) if RANK[BY_ID[i].recognition.value] <= level.rank]
    assert ids(result.matches) == stronger


# --- what each match says --------------------------------------------------------------------


def test_reasons_and_caveats(finder_widget: ModuleType) -> None:
    (vipp,) = [m for m in finder_widget.find(30, situations=["adoptie-pleeg"]) if m.id == "vipp-sd"]
    assert vipp.reasons == ("Leeftijd past: 0 t/m 6 jaar", "Bedoeld voor: adoptie- of pleegkind")
    by_id = {m.id: m for m in finder_widget.find(14 * 12)}
    bt = {m.id: m for m in finder_widget.find(10 * 12)}["basic-trust"]
    assert "In de praktijk wordt de methode veelvuldig ingezet bij 0-18 jarigen" in bt.caveats[0]
    assert any("borderline kenmerken" in c for c in by_id["mbt-a"].caveats)
    assert by_id["mbt-a"].reasons == ("Leeftijd past: 13 t/m 18 jaar",)
    for m in finder_widget.find():  # caveats of the data are all there, in order
        assert m.caveats[: len(BY_ID[m.id].caveats)] == BY_ID[m.id].caveats


def test_risk_groups_are_marked_when_their_situation_is_not_given(finder_widget: ModuleType):
    for m in finder_widget.find(2 * 12):
        risk_caveat = [c for c in m.caveats if c.startswith("Bedoeld voor een specifieke risico")]
        assert m.risk_group == BY_ID[m.id].risk_group
        assert bool(risk_caveat) == BY_ID[m.id].risk_group, m.id
    (pcit,) = [m for m in finder_widget.find(2 * 12) if m.id == "pcit"]
    assert pcit.caveats[-1] == (
        "Bedoeld voor een specifieke risicogroep: ernstige gedrags- of emotionele problemen "
        "bij het kind"
    )
    given = {m.id: m for m in finder_widget.find(2 * 12, situations=["ernstige-gedragsproblemen"])}
    assert not [c for c in given["pcit"].caveats if "specifieke risicogroep:" in c]


def test_a_match_reads_like_its_json(finder_widget: ModuleType) -> None:
    match = finder_widget.find(30, situations=["adoptie-pleeg"])[0]
    assert match["id"] == match.id == "vipp-sd"
    assert match["reasons"] == list(match.reasons)
    assert match["caveats"] == list(match.caveats)
    with pytest.raises(KeyError):
        match["nothing"]


def test_age_wording_in_months_and_years(finder_widget: ModuleType) -> None:
    texts = {m.id: m.as_dict()["age"]["text"] for m in finder_widget.find()}
    assert texts["shantala"] == "1 t/m 8 maanden"
    assert texts["ouder-baby"] == "0 t/m 12 maanden"
    assert texts["k-vht"] == "0 t/m 3 jaar"
    assert texts["mbt-k"] == "5 t/m 11 jaar"
    assert texts["voorzorg"] == "vóór de geboorte (in de zwangerschap)"
    assert finder_widget.age_text(27) == "2 jaar en 3 maanden"
    assert finder_widget.age_text(1) == "1 maand" and finder_widget.age_text(24) == "2 jaar"


# --- nothing fits ----------------------------------------------------------------------------


def test_nothing_fits_at_twenty_and_the_guideline_advice_is_given(finder_widget: ModuleType):
    assert finder_widget.find(20 * 12) == ()
    reply = json.loads(finder_widget.find_json(json.dumps({"age_months": 240})))
    result = reply["result"]
    assert reply["ok"] and result["count"] == 0 and result["matches"] == []
    assert "Geen enkele interventie" in result["message"]
    assert result["advice"] == {
        "id": "aanbeveling-5-7-4",
        "label": "Aanbeveling 5.7.4",
        "url": "/hoofdstuk-5/#aanbeveling-5-7-4",
    }
    assert any(r.id == result["advice"]["id"] for r in DATA.recommendations)
    assert json.loads(finder_widget.find_json('{"age_months": 30}'))["result"]["advice"] is None


def test_too_strict_a_level_says_what_was_left_out(finder_widget: ModuleType) -> None:
    reply = json.loads(finder_widget.find_json(json.dumps(
        {"age_months": 15 * 12, "min_level": "effectief-sterke-aanwijzingen"}
    )))["result"]
    assert reply["count"] == 0 and reply["below_level"] == 4 and reply["advice"]
    assert "lager erkenningsniveau" in reply["message"]


# --- harmful approaches ----------------------------------------------------------------------


def test_harmful_approaches_are_never_returned(finder_widget: ModuleType) -> None:
    assert {"dwang", "holding", "rebirthing", "regressietherapie"} == HARMFUL
    assert not HARMFUL & set(BY_ID)
    names = {a.name.casefold() for a in DATA.harmful_approaches}
    for age in [None, *range(0, LIMIT, 3)]:
        for sids in ([], list(SITUATIONS)):
            for m in finder_widget.find(age, situations=sids):
                assert m.id not in HARMFUL and m.name.casefold() not in names
    spec = finder_widget.default_spec()
    assert {r.id for r in spec.rejected} == HARMFUL


def test_a_spec_that_offers_a_harmful_approach_is_refused(finder_widget: ModuleType) -> None:
    payload = json.loads(json.dumps(finder_tool.widget_data(DATA)))
    payload["interventions"][0]["id"] = "holding"
    with pytest.raises(finder_widget.SpecError, match="rejects"):
        finder_widget.Spec.from_dict(payload)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"age_months": -1}, "negatief"),
        ({"age_months": LIMIT}, "Jeugdwet"),
        ({"age_months": 300}, "Jeugdwet"),
        ({"age_months": True}, r"heel aantal maanden.*\(bool\)"),
        ({"age_months": False}, r"heel aantal maanden.*\(bool\)"),
        ({"age_months": 24.0}, r"heel aantal maanden.*\(float\)"),
        ({"age_months": 2.5}, r"heel aantal maanden.*\(float\)"),
        ({"age_months": "24"}, r"heel aantal maanden.*\(str\)"),
        ({"age_months": [24]}, r"heel aantal maanden.*\(list\)"),
        ({"age_months": 12, "prenatal": True}, "nog niet geboren"),
        ({"prenatal": "ja"}, "True of False"),
        ({"prenatal": 1}, "True of False"),
        ({"situations": ["onbekend"]}, "onbekende situatie 'onbekend'; bekend zijn: adoptie-pleeg"),
        ({"situations": ["adoptie-pleeg", "Adoptie-Pleeg"]}, "onbekende situatie"),
        ({"situations": "adoptie-pleeg"}, "lijst van ids.*str"),
        ({"situations": None}, "lijst van ids.*NoneType"),
        ({"situations": [1]}, "tekst"),
        ({"min_level": "erkend"}, "onbekend erkenningsniveau 'erkend'"),
        ({"min_level": 2}, "onbekend erkenningsniveau"),
        ({"min_level": ""}, "onbekend erkenningsniveau"),
    ],
)
def test_bad_input_raises_value_error_with_a_clear_message(
    finder_widget: ModuleType, kwargs, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        finder_widget.find(**kwargs)


def test_good_edge_input(finder_widget: ModuleType) -> None:
    assert finder_widget.find(0) and finder_widget.find(LIMIT - 1) == ()
    assert finder_widget.find(30, situations=set()) == finder_widget.find(30)
    assert finder_widget.find(30, situations=frozenset({"adoptie-pleeg"}))
    assert finder_widget.find(30, min_level="niet-erkend") == finder_widget.find(30)


# --- the page's URL query --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", (None, False, (), None)),
        ("leeftijd-jaren=2&leeftijd-maanden=3", (27, False, (), None)),
        ("?leeftijd-jaren=2", (24, False, (), None)),
        ("leeftijd-maanden=18", (18, False, (), None)),
        ("leeftijd-jaren=&leeftijd-maanden=", (None, False, (), None)),
        ("leeftijd-jaren=0", (0, False, (), None)),
        ("prenataal=ja", (None, True, (), None)),
        ("prenataal=", (None, False, (), None)),
        ("situatie=ernstige-gedragsproblemen&situatie=adoptie-pleeg",
         (None, False, ("adoptie-pleeg", "ernstige-gedragsproblemen"), None)),
        ("erkenning=goed-onderbouwd&erkenning=", (None, False, (), None)),
        ("erkenning=goed-onderbouwd", (None, False, (), "goed-onderbouwd")),
        ("leeftijd-jaren=+5+&utm_source=elo&fbclid=x", (60, False, (), None)),
    ],
)
def test_parse_query(finder_widget: ModuleType, query: str, expected) -> None:
    q = finder_widget.parse_query(query)
    assert (q.age_months, q.prenatal, q.situations, q.min_level) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("leeftijd-jaren=2.5", "Leeftijd in jaren moet een heel getal"),
        ("leeftijd-jaren=-1", "Leeftijd in jaren moet een heel getal"),
        ("leeftijd-maanden=twee", "Leeftijd in maanden moet een heel getal"),
        ("leeftijd-jaren=²", "Leeftijd in jaren moet een heel getal"),
        ("leeftijd-jaren=23", "Jeugdwet"),
        ("leeftijd-jaren=1&prenataal=ja", "nog niet geboren"),
        ("prenataal=misschien", "prenataal moet 'ja' zijn"),
        ("situatie=pleeg", "onbekende situatie 'pleeg'"),
        ("erkenning=sterk", "onbekend erkenningsniveau 'sterk'"),
    ],
)
def test_parse_query_refuses_bad_parameters(finder_widget: ModuleType, query, message) -> None:
    with pytest.raises(ValueError, match=message):
        finder_widget.parse_query(query)


def test_the_links_page_examples_are_valid_queries(finder_widget: ModuleType) -> None:
    examples = DATA.guideline.tools.finder.examples
    assert examples
    for _, query in examples:
        assert finder_widget.find_json(json.dumps({"query": query})).startswith('{"ok": true')
    help_text = finder_tool.links_help(DATA, "links.md")
    assert help_text.startswith("### Gefilterde Interventiewijzer")
    assert help_text.count("](hulpmiddelen/interventiewijzer.md?") == 2
    for sid in SITUATIONS:
        assert f"`{sid}`" in help_text


def test_page_field_names_are_the_widgets() -> None:
    from widgets import finder as source  # the names are plain constants: the source will do

    for name in ("Q_YEARS", "Q_MONTHS", "Q_PRENATAL", "Q_SITUATION", "Q_LEVEL"):
        assert getattr(finder_tool, name) == getattr(source, name)
    assert (source.Q_YEARS, source.Q_MONTHS, source.Q_PRENATAL, source.Q_SITUATION) == (
        "leeftijd-jaren", "leeftijd-maanden", "prenataal", "situatie"
    )


# --- JSON for the browser --------------------------------------------------------------------


def test_find_json_shape(finder_widget: ModuleType) -> None:
    reply = json.loads(finder_widget.find_json(json.dumps({
        "query": "leeftijd-jaren=2&leeftijd-maanden=3&situatie=adoptie-pleeg"
    })))
    assert reply["ok"] is True
    result = reply["result"]
    assert result["query"] == {
        "age_months": 27, "prenatal": False, "situations": ["adoptie-pleeg"], "min_level": None
    }
    assert result["summary"].startswith("12 interventies voor een kind van 2 jaar en 3 maanden")
    assert result["count"] == len(result["matches"]) == 12
    first = result["matches"][0]
    assert first["id"] == "vipp-sd" and first["group"] == "situatie"
    assert first["url"] == "/interventies/vipp-sd/"
    assert first["tables"] == [
        {"table": 1, "label": "Tabel 1 in hoofdstuk 5", "url": "/hoofdstuk-5/#tabel-1-vipp-sd"},
        {"table": 2, "label": "Tabel 2 in hoofdstuk 5", "url": "/hoofdstuk-5/#tabel-2-vipp-sd"},
    ]
    assert first["recognition_label"] == RECOGNITION_LABELS[RecognitionLevel.sterke]
    assert first["doelgroep"] == BY_ID["vipp-sd"].doelgroep
    same = json.loads(finder_widget.find_json(json.dumps(
        {"age_months": 27, "situations": ["adoptie-pleeg"]}
    )))
    assert same == reply


@pytest.mark.parametrize(
    "request_text",
    ["not json", "[]", '"leeftijd-jaren=2"', '{"age": 3}', '{"query": 5}', '{"age_months": -2}'],
)
def test_find_json_errors(finder_widget: ModuleType, request_text: str) -> None:
    reply = json.loads(finder_widget.find_json(request_text))
    assert reply["ok"] is False and reply["error"]


# --- data, not constants ---------------------------------------------------------------------


def test_the_wheel_carries_the_finder_data_generated_from_the_models(widget_dist) -> None:
    with zipfile.ZipFile(widget_dist.wheel) as wheel:
        packaged = json.loads(wheel.read("widgets/finder.json"))
    assert packaged == finder_tool.widget_data(DATA)
    for entry in packaged["interventions"]:
        age = BY_ID[entry["id"]].age
        assert entry["age"] == {
            "from_months": age.from_months,
            "until_months": age.until_months,
            "prenatal": age.prenatal,
            "postnatal": age.postnatal,
            "wording": age.wording,
        }
    assert [lv["id"] for lv in packaged["levels"]] == [lv.value for lv in RecognitionLevel]
    assert [lv["label"] for lv in packaged["levels"]] == list(RECOGNITION_LABELS.values())
    assert packaged["age_limit_months"] == LIMIT
    le = next(m.le for m in AgeBound.model_fields["months"].metadata if hasattr(m, "le"))
    assert le == LIMIT  # the model's bound and the Jeugdwet limit are the same
    assert not (ROOT / "widgets" / "finder.json").exists()  # generated, never in the source


def test_data_drives_the_result_not_code(finder_widget: ModuleType) -> None:
    payload = json.loads(json.dumps(finder_tool.widget_data(DATA)))
    for entry in payload["interventions"]:
        if entry["id"] == "mbt-a":  # a made-up change of the data
            entry["age"]["from_months"] = 12 * 12
            entry["situations"] = ["kinderopvang"]
    spec = finder_widget.Spec.from_dict(payload)
    assert "mbt-a" in ids(finder_widget.find(12 * 12, spec=spec))
    assert "mbt-a" not in ids(finder_widget.find(12 * 12))
    assert finder_widget.find(15 * 12, situations=["kinderopvang"], spec=spec)[0].id == "mbt-a"


def _string_constants() -> set[str]:
    """String constants of widgets/finder.py, without docstrings (their examples name ids)."""
    tree = ast.parse((ROOT / "widgets" / "finder.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and type(n.value) is str and id(n) not in docstrings
    }


def test_finder_source_holds_no_intervention_facts() -> None:
    strings = _string_constants()
    words = set(BY_ID) | {iv.name for iv in DATA.interventions}
    words |= {s.label for s in DATA.situations} | set(SITUATIONS) - {"situatie"}
    words |= {a.name for a in DATA.harmful_approaches} | set(RECOGNITION_LABELS.values())
    words |= {lv.value for lv in RecognitionLevel} | {"aanbeveling-5-7-4"}
    found = sorted(w for w in words if any(w in s for s in strings))
    assert not found, found
