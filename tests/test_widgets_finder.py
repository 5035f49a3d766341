"""widgets.finder (the Interventiewijzer) in CPython, imported from the built wheel.

What the finder answers for a child is in the committed cases (test_finder_cases.py). Here:
the age rules against the model over every month, the rules that hold for every question
(conditions, tiers, order), what a card says and links to, bad input and the page's state
(Dutch messages, repeated and long parameters), and that the data, not the code, decides.
"""

from __future__ import annotations

import ast
import json
import zipfile
from types import ModuleType

import pytest

from sitegen.data.loading import load
from sitegen.data.models.interventions import JEUGDWET_MONTHS
from sitegen.tools import finder as finder_tool
from tests.conftest import ROOT, tool_files

DATA = load(ROOT / "data")
assert DATA.finder is not None
RULES = DATA.finder
BY_ID = {iv.id: iv for iv in DATA.interventions}
SITUATIONS = {s.id: s for s in DATA.situations}
HARMFUL = {a.id for a in DATA.harmful_approaches}
LIMIT = JEUGDWET_MONTHS
RANK = {lv.id: n for n, lv in enumerate(RULES.recognition_levels)}
ALL_SITUATIONS = list(SITUATIONS)


def ids(cards) -> list[str]:
    return [c.id for c in cards]


def listed(result) -> set[str]:
    return set(ids(result.tier1)) | set(ids(result.tier2))


# --- ages and tiers against the model ---------------------------------------------------------


def test_every_month_follows_the_models_months(finder_widget: ModuleType) -> None:
    """With every condition ticked, an intervention is listed exactly in the months its range
    names (certain, boundary or `also`), in tier 1 only in certain months of a tier-1 scope."""
    groups = RULES.group_spans()
    for age in range(LIMIT):
        result = finder_widget.find(age, situations=ALL_SITUATIONS)
        group = next(g for g, (a, b) in groups.items() if a <= age and (b is None or age < b))
        expected_1, expected_2 = set(), set()
        for iv in DATA.interventions:
            certain = iv.age.certain
            in_certain = certain is not None and certain[0] <= age < (certain[1] or LIMIT)
            if in_certain and iv.scope[group].tier == 1:
                expected_1.add(iv.id)
            elif age in iv.age.months():
                expected_2.add(iv.id)
        assert set(ids(result.tier1)) == expected_1, age
        assert set(ids(result.tier2)) == expected_2, age


def test_nothing_after_the_last_age_the_guideline_names(finder_widget: ModuleType) -> None:
    last = max(m for iv in DATA.interventions for m in iv.age.months())
    assert last < LIMIT - 1
    assert listed(finder_widget.find(last, situations=ALL_SITUATIONS))
    assert not listed(finder_widget.find(last + 1, situations=ALL_SITUATIONS))
    assert not listed(finder_widget.find(LIMIT - 1, situations=ALL_SITUATIONS))


def test_a_boundary_year_is_never_tier_1(finder_widget: ModuleType) -> None:
    for iv in DATA.interventions:
        for start, until in iv.age.boundary:
            for age in range(start, until):
                result = finder_widget.find(age, situations=ALL_SITUATIONS)
                assert iv.id not in ids(result.tier1), (iv.id, age)
                (card,) = [c for c in result.tier2 if c.id == iv.id]
                expected = "rond-de-grens" if iv.age.approximate else "grens"
                assert card.reason.id == expected, (iv.id, age)


def test_the_issue_examples(finder_widget: ModuleType) -> None:
    """The examples of issue 10, measured on the old finder, now follow the guideline; those
    of issue 17 (rows narrower than other sentences) set apart, never left out."""
    one_month = finder_widget.find(1)
    assert not {"ddp", "differentiatietherapie", "fasetherapie", "sherborne",
                "theraplay"} & listed(one_month)
    # the row of ITGG names it 'volgens de ontwikkelaar' for normally gifted young children
    assert "itgg" in ids(one_month.tier2) and "itgg" not in ids(one_month.tier1)
    toddler = finder_widget.find(24, situations=["adoptie-pleeg", "vroeggeboorte"])
    assert ids(toddler.tier1)[0] == "vipp-sd" and "sherborne" in ids(toddler.tier2)
    severe = finder_widget.find(36, situations=["ernstige-gehechtheidsproblemen"])
    assert not {"itgg", "differentiatietherapie", "fasetherapie"} & set(ids(severe.tier1))
    assert {"itgg", "differentiatietherapie", "fasetherapie"} <= set(ids(severe.tier2))
    texts = [c.reason_line.text for c in finder_widget.find(16 * 12, situations=[
        "ernstige-gehechtheidsproblemen"]).tier2 if c.id == "fasetherapie"]
    assert texts and "Kinderen en jongeren tot ongeveer 16 jaar" in texts[0]
    assert "0 t/m 15" not in texts[0]


# --- conditions -------------------------------------------------------------------------------


def group_at(age: int | None) -> str | None:
    if age is None:
        return None
    spans = RULES.group_spans().items()
    return next(g for g, (a, b) in spans if a <= age and (b is None or age < b))


def wider_names_it(iv, situations: list[str], age: int | None) -> bool:
    """Whether a `wider` statement of the intervention names it for this child."""
    group = group_at(age)
    return any(
        (not st.any_of or set(st.any_of) & set(situations))
        and (group is None or not st.groups or group in st.groups)
        for st in iv.wider
    )


@pytest.mark.parametrize("iv_id", sorted(i for i, iv in BY_ID.items() if iv.requires))
def test_a_required_condition_decides_whether_it_is_recommended(
    finder_widget: ModuleType, iv_id: str
) -> None:
    """Without a condition of its row an intervention is never recommended: it is left out,
    or set apart when another sentence of the guideline (`wider`) names it for the child."""
    iv = BY_ID[iv_id]
    ages = sorted(iv.age.months()) or [None]
    age = ages[len(ages) // 2]
    prenatal = age is None
    every = [s for r in iv.requires for s in r.any_of]
    assert iv_id in listed(finder_widget.find(age, prenatal, situations=every))
    for n, req in enumerate(iv.requires):
        others = [s for m, r in enumerate(iv.requires) if m != n for s in r.any_of]
        without = finder_widget.find(age, prenatal, situations=others)
        assert iv_id not in ids(without.tier1)
        if wider_names_it(iv, others, None if prenatal else age):
            (card,) = [c for c in without.tier2 if c.id == iv_id]
            narrower = [line.quote for line in card.narrower]
            assert DATA.as_shown(req.sources[0].quote) in narrower  # the row's words
        else:
            assert iv_id not in listed(without)
        for situation in req.any_of:  # any one of the group will do
            chosen = [*others, situation]
            result = finder_widget.find(age, prenatal, situations=chosen)
            (card,) = [c for c in result.cards if c.id == iv_id]
            line = [w for w in card.why if w.label.startswith("Past bij")][n]
            assert SITUATIONS[situation].label[1:] in line.label  # which condition made it fit
            assert line.quote == DATA.as_shown(req.sources[0].quote)


def test_a_situation_never_removes_an_intervention_it_does_not_require(
    finder_widget: ModuleType,
) -> None:
    for age in (3, 30, 100, 170):
        base = listed(finder_widget.find(age))
        for situation in SITUATIONS:
            assert base <= listed(finder_widget.find(age, situations=[situation])), situation


# --- order ------------------------------------------------------------------------------------


def test_order_is_level_then_ticked_situations_then_the_source(finder_widget: ModuleType) -> None:
    order = {iv.id: iv.source_order for iv in DATA.interventions}
    for age in [None, *range(0, 20 * 12, 7)]:
        for situations in ([], ["adoptie-pleeg"], ["adoptie-pleeg", "vroeggeboorte",
                                                    "ernstige-gehechtheidsproblemen"]):
            result = finder_widget.find(age, situations=situations)
            for tier in (result.tier1, result.tier2):
                keys = [
                    (RANK[BY_ID[c.id].recognition.level], -len(c.matched), order[c.id])
                    for c in tier
                ]
                assert keys == sorted(keys), (age, situations)


def test_never_by_name(finder_widget: ModuleType) -> None:
    """Basic Trustmethode and PCIT share a level and a ticked situation: the tables' order
    decides (table 1 before table 2), not the alphabet."""
    result = finder_widget.find(30, situations=["ernstige-gedragsproblemen"])
    assert ids(result.tier1) == ["vipp-sd", "basic-trust", "pcit", "k-vht"]
    assert BY_ID["basic-trust"].source_order < BY_ID["pcit"].source_order


@pytest.mark.parametrize("level", [lv.id for lv in RULES.recognition_levels])
def test_min_level_leaves_out_weaker_evidence(finder_widget: ModuleType, level: str) -> None:
    everything = finder_widget.find(100, situations=["adoptie-pleeg"])
    result = finder_widget.find(100, situations=["adoptie-pleeg"], min_level=level)
    assert all(RANK[c.level.id] <= RANK[level] for c in result.cards)
    assert len(result.cards) + result.below_level == len(everything.cards)
    assert ids(result.cards) == [c.id for c in everything.cards if RANK[c.level.id] <= RANK[level]]
    assert result.advice == everything.advice  # the guideline's advice, not the filter's


# --- what a card says ---------------------------------------------------------------------


def test_every_card_explains_itself_with_sources(finder_widget: ModuleType) -> None:
    targets = {r.id for r in finder_widget.default_spec().refs.values()}
    for age in (None, 0, 9, 30, 72, 84, 150, 200):
        result = finder_widget.find(age, situations=ALL_SITUATIONS)
        for card in result.cards:
            iv = BY_ID[card.id]
            assert card.why[0].label == "Leeftijd volgens de richtlijn"
            assert card.why[0].quote == DATA.as_shown(iv.age.wording)
            recognition = next(w for w in card.why if w.label.startswith("Erkenning"))
            assert recognition.quote == DATA.as_shown(iv.recognition.sources[0].quote)
            assert card.intervention.recognition_text == iv.recognition.text
            for line in card.why:
                assert line.refs and {r.id for r in line.refs} <= targets
            assert [r.id for r in card.links][: len(iv.tables)] == [
                f"tabel-{row.table}-{iv.id}" for row in sorted(iv.tables, key=lambda r: r.table)
            ]
            if card.tier == 2:
                assert card.reason is not None and card.reason_line.text
                assert "{" not in card.reason_line.text
            else:
                assert card.reason is None
                assert result.group.recommendation in {r.id for r in card.links}


def test_recognition_in_the_sources_words(finder_widget: ModuleType) -> None:
    """Only Fasetherapie is 'niet erkend'; the others say what the source says."""
    badges = {}
    for card in finder_widget.find(9 * 12, situations=ALL_SITUATIONS).cards:
        badges[card.id] = card.as_dict()["recognition"]
    assert badges["fasetherapie"] == "DEJ: Niet erkend."
    assert [i for i, b in badges.items() if "Niet erkend" in b] == ["fasetherapie"]
    assert badges["differentiatietherapie"] == "DEJ: Niet opgenomen."
    assert badges["sherborne"] == "Niet in de DEJ opgenomen."


def test_source_notes_on_cards_and_for_ages_six_and_seven(finder_widget: ModuleType) -> None:
    card = next(c for c in finder_widget.find(100, situations=["adoptie-pleeg"]).tier2
                if c.id == "ddp")
    assert [n.id for n in card.notes] == [
        "bronopmerking-ddp-kjp", "bronopmerking-behandelingen-doelgroep"
    ]
    assert card.notes[0].url == "/over-deze-webversie/#bronopmerking-ddp-kjp"
    note = [n.id for n in finder_widget.find(6 * 12).notes]
    assert note == ["bronopmerking-zevenjaarsgrens"]
    assert [n.id for n in finder_widget.find(8 * 12 - 1).notes] == note
    assert finder_widget.find(8 * 12).notes == () == finder_widget.find(6 * 12 - 1).notes


def card_of(finder_widget: ModuleType, iv_id: str, age: int, situations=()):
    result = finder_widget.find(age, situations=list(situations))
    return next(c for c in result.cards if c.id == iv_id)


def test_treatment_cards_say_who_offers_or_indicates_them(finder_widget: ModuleType) -> None:
    """5.1 and stap 3: who offers or indicates a treatment (table 3), with the source link."""
    assert RULES.indication is not None
    expected = [DATA.as_shown(s.quote) for s in RULES.indication.sources]
    fase = card_of(finder_widget, "fasetherapie", 9 * 12, ["ernstige-gehechtheidsproblemen"])
    assert fase.tier == 1
    assert [line.quote for line in fase.indication] == expected
    assert {r.id for line in fase.indication for r in line.refs} == {"par-5-1", "stap-3"}
    reply = fase.as_dict()["indication"]
    assert reply["title"] == RULES.indication.label and len(reply["lines"]) == len(expected)
    # a treatment set apart says it too; the Basic Trustmethode is one from seven (table 3), a
    # preventive intervention before (tables 1 and 2); the others of tables 1-2 never
    assert card_of(finder_widget, "sherborne", 24, ["adoptie-pleeg"]).indication
    assert card_of(finder_widget, "basic-trust", 9 * 12).indication
    assert not card_of(finder_widget, "basic-trust", 3 * 12).indication
    assert not card_of(finder_widget, "vipp-sd", 3 * 12).indication
    assert card_of(finder_widget, "vipp-sd", 3 * 12).as_dict()["indication"] is None


def test_basic_trust_cards_say_erkend_tot_12_jaar_once(finder_widget: ModuleType) -> None:
    words = "maar de methode is erkend tot 12 jaar."
    at_twelve = card_of(finder_widget, "basic-trust", 12 * 12)
    assert at_twelve.tier == 1
    assert [w.label for w in at_twelve.why if words in (w.quote or "")] == ["Uit de richtlijn"]
    at_thirteen = card_of(finder_widget, "basic-trust", 13 * 12)  # 'in de praktijk': apart
    assert at_thirteen.tier == 2 and words in at_thirteen.reason_line.text
    assert not [w for w in at_thirteen.why if words in (w.quote or "")]


def test_a_card_shows_the_sentences_that_leave_the_child_out(finder_widget: ModuleType) -> None:
    """Conclusie 5.6.4 names Sherborne Samenspel for foster and adoptive children only: on the
    card of a child over seven with a difficult start, not of a foster child or a toddler."""
    quote = DATA.as_shown(
        "Sherborne: samenspel voor ouders van adoptie- en pleegkinderen (0-12 jaar);"
    )
    early = card_of(finder_widget, "sherborne", 100, ["vroeggeboorte"])
    assert early.tier == 1
    assert [(w.label, w.quote) for w in early.narrower] == [
        ("Doelgroep volgens conclusie 5.6.4", quote)
    ]
    assert not card_of(finder_widget, "sherborne", 100, ["adoptie-pleeg"]).narrower
    assert not card_of(finder_widget, "sherborne", 36, ["vroeggeboorte"]).narrower
    # listed through 5.3 only: the reason and the row's missing condition, in its words
    nika = card_of(finder_widget, "nika", 30, ["mishandeling-verwaarlozing"])
    assert nika.tier == 2 and nika.reason.id == RULES.special_reasons.smaller_group
    assert "paragraaf 5.3" in nika.reason_line.text and "verstorend opvoedgedrag" in (
        nika.reason_line.text
    )
    assert nika.narrower[0].label == "Doelgroep volgens tabel 2"
    assert "{" not in nika.reason_line.text


# --- no age, before birth, advice -------------------------------------------------------------


def test_without_an_age_nothing_is_recommended(finder_widget: ModuleType) -> None:
    result = finder_widget.find(situations=ALL_SITUATIONS)
    assert result.tier1 == () and result.group is None and not result.advice
    assert {c.reason.id for c in result.tier2} == {"geen-leeftijd"}
    expected = {iv.id for iv in DATA.interventions if iv.age.postnatal}
    assert set(ids(result.tier2)) == expected
    reply = finder_widget.result_dict(result)
    assert reply["messages"] == [RULES.texts.no_age] and reply["tier1_empty"] is None


def test_before_birth(finder_widget: ModuleType) -> None:
    assert ids(finder_widget.find(prenatal=True, situations=["zwanger-hoog-risico"]).tier1) == [
        "voorzorg"
    ]
    empty = finder_widget.find(prenatal=True, situations=["adoptie-pleeg"])
    assert empty.cards == () and empty.advice
    assert finder_widget.result_dict(empty)["messages"] == [RULES.texts.prenatal_empty]
    for age in range(LIMIT):
        assert "voorzorg" not in listed(finder_widget.find(age, situations=ALL_SITUATIONS))
    with pytest.raises(ValueError, match="nog niet geboren"):
        finder_widget.find(0, prenatal=True)


def test_advice_when_tier_1_holds_nothing_recognised(finder_widget: ModuleType) -> None:
    reply = json.loads(finder_widget.find_json(json.dumps({"age_months": 240})))["result"]
    assert reply["tier1"] == reply["tier2"] == []
    assert reply["tier1_empty"] == RULES.texts.tier1_empty
    assert reply["advice"] == {
        "id": "aanbeveling-5-7-4",
        "label": "Aanbeveling 5.7.4",
        "url": "/hoofdstuk-5/#aanbeveling-5-7-4",
    }
    assert any(r.id == reply["advice"]["id"] for r in DATA.recommendations)
    only_kjp = finder_widget.find(14 * 12, situations=["ernstige-gehechtheidsproblemen"])
    assert ids(only_kjp.tier1) == ["fasetherapie"] and only_kjp.advice
    assert not finder_widget.find(30).advice


# --- harmful approaches -----------------------------------------------------------------------


def test_harmful_approaches_are_never_returned(finder_widget: ModuleType) -> None:
    assert {"dwang", "holding", "rebirthing", "regressietherapie"} == HARMFUL
    assert not HARMFUL & set(BY_ID)
    names = {a.name.casefold() for a in DATA.harmful_approaches}
    for age in [None, *range(0, LIMIT, 3)]:
        for card in finder_widget.find(age, situations=ALL_SITUATIONS).cards:
            assert card.id not in HARMFUL and card.intervention.name.casefold() not in names
    assert set(finder_widget.default_spec().rejected) == HARMFUL


def test_a_spec_that_offers_a_harmful_approach_is_refused(
    finder_widget: ModuleType, tmp_path
) -> None:
    payload = json.loads(json.dumps(tool_files(DATA, tmp_path)["finder.json"]))
    payload["interventions"][0]["id"] = "holding"
    with pytest.raises(finder_widget.SpecError, match="rejects"):
        finder_widget.Spec.from_dict(payload)


# --- bad input: Dutch messages, input shortened ----------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"age_months": -1}, "negatief"),
        ({"age_months": LIMIT}, "Jeugdwet"),
        ({"age_months": True}, r"heel aantal maanden.*\(bool\)"),
        ({"age_months": 24.0}, r"heel aantal maanden.*\(float\)"),
        ({"age_months": "24"}, r"heel aantal maanden.*\(str\)"),
        ({"age_months": 12, "prenatal": True}, "nog niet geboren"),
        ({"prenatal": "ja"}, "waar of onwaar"),
        ({"situations": ["onbekend"]}, "onbekende situatie 'onbekend'; bekend zijn: adoptie-pleeg"),
        ({"situations": "adoptie-pleeg"}, "lijst van ids.*str"),
        ({"situations": [1]}, "tekst"),
        ({"min_level": "erkend"}, "onbekend erkenningsniveau 'erkend'"),
        ({"min_level": "niet-erkend"}, "onbekend erkenningsniveau"),
    ],
)
def test_bad_input_raises_a_dutch_message(finder_widget: ModuleType, kwargs, message) -> None:
    with pytest.raises(finder_widget.FinderInputError, match=message):
        finder_widget.find(**kwargs)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", (None, False, (), None)),
        ("leeftijd-jaren=2&leeftijd-maanden=3", (27, False, (), None)),
        ("?leeftijd-jaren=2", (24, False, (), None)),
        ("#leeftijd-jaren=2", (24, False, (), None)),
        ("leeftijd-maanden=18", (18, False, (), None)),
        ("leeftijd-jaren=&leeftijd-maanden=", (None, False, (), None)),
        ("leeftijd-jaren=0", (0, False, (), None)),
        ("leeftijd-jaren=007", (84, False, (), None)),
        ("prenataal=ja", (None, True, (), None)),
        ("situatie=ernstige-gedragsproblemen&situatie=adoptie-pleeg",
         (None, False, ("adoptie-pleeg", "ernstige-gedragsproblemen"), None)),
        ("situatie=adoptie-pleeg&situatie=adoptie-pleeg", (None, False, ("adoptie-pleeg",), None)),
        ("erkenning=goed-onderbouwd", (None, False, (), "goed-onderbouwd")),
        ("leeftijd-jaren=+5+&utm_source=elo&fbclid=x", (60, False, (), None)),
    ],
)
def test_parse_query(finder_widget: ModuleType, query: str, expected) -> None:
    q = finder_widget.parse_query(query)
    assert (q.age_months, q.prenatal, q.situations, q.min_level) == expected


@pytest.mark.parametrize(
    ("query", "state"),
    [
        # what the form shows for a link is this state: the form and Python read it alike
        ("leeftijd-jaren=+3", "leeftijd-jaren=3"),
        ("leeftijd-jaren=007&leeftijd-maanden=", "leeftijd-jaren=7"),
        ("situatie=%20adoptie-pleeg", "situatie=adoptie-pleeg"),
        ("prenataal=JA", "prenataal=ja"),
        ("prenataal=nee&leeftijd-maanden=18", "leeftijd-maanden=18"),
        ("situatie=ernstige-gedragsproblemen&situatie=adoptie-pleeg&situatie=adoptie-pleeg",
         "situatie=adoptie-pleeg&situatie=ernstige-gedragsproblemen"),
        ("erkenning=goed-onderbouwd&utm_source=elo", "erkenning=goed-onderbouwd"),
        ("", ""),
    ],
)
def test_the_state_as_read_is_the_state_the_form_gets(
    finder_widget: ModuleType, query: str, state: str
) -> None:
    assert finder_widget.parse_state(query)[1] == state
    reply = json.loads(finder_widget.find_json(json.dumps({"query": query})))
    assert reply["result"]["state"] == state
    assert finder_widget.parse_state(state) == finder_widget.parse_state(query)  # a fixpoint


LONG = "x" * 100_000


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("leeftijd-jaren=2.5", "Leeftijd in jaren moet een heel getal"),
        ("leeftijd-jaren=3e", "Leeftijd in jaren moet een heel getal van 0 of meer zijn, niet "
         "'3e'"),
        ("leeftijd-jaren=--3", "Leeftijd in jaren moet een heel getal"),
        ("leeftijd-jaren=-1", "Leeftijd in jaren moet een heel getal"),
        ("leeftijd-maanden=twee", "Leeftijd in maanden moet een heel getal"),
        ("leeftijd-jaren=²", "Leeftijd in jaren moet een heel getal"),
        ("leeftijd-jaren=23", "Jeugdwet"),
        ("leeftijd-jaren=24", "Jeugdwet"),
        ("leeftijd-jaren=123", "Leeftijd in jaren is te groot"),
        ("leeftijd-jaren=" + "9" * 4300, "Leeftijd in jaren is te groot"),
        ("leeftijd-maanden=" + "1" * 5000, "Leeftijd in maanden is te groot"),
        ("leeftijd-jaren=1&prenataal=ja", "nog niet geboren"),
        ("prenataal=misschien", "prenataal moet 'ja' zijn"),
        ("situatie=pleeg", "onbekende situatie 'pleeg'"),
        ("erkenning=sterk", "onbekend erkenningsniveau 'sterk'"),
        ("leeftijd-jaren=3&leeftijd-jaren=15", "noemt 'leeftijd-jaren' 2 keer"),
        ("leeftijd-maanden=1&leeftijd-maanden=1", "noemt 'leeftijd-maanden' 2 keer"),
        ("prenataal=ja&prenataal=nee", "noemt 'prenataal' 2 keer"),
        ("erkenning=goed-onderbouwd&erkenning=", "noemt 'erkenning' 2 keer"),
        ("situatie=" + LONG, "onbekende situatie 'x{32}…'"),
    ],
)
def test_parse_query_refuses_bad_parameters(finder_widget: ModuleType, query, message) -> None:
    with pytest.raises(finder_widget.FinderInputError, match=message):
        finder_widget.parse_query(query)


def test_every_message_is_dutch_and_short(finder_widget: ModuleType) -> None:
    """The replies the page can show: JSON it cannot read, an age of 4,300 digits (Python's own
    limit would answer in English), a 100,000-character value."""
    requests = [
        "not json",
        "[]",
        '{"age_months": ' + "9" * 5000 + "}",
        json.dumps({"query": "leeftijd-jaren=" + "9" * 4300}),
        json.dumps({"query": "situatie=" + LONG}),
        json.dumps({"query": "leeftijd-jaren=" + LONG}),
        json.dumps({"query": LONG + "=1&erkenning=" + LONG}),
        json.dumps({"colour": LONG}),
        json.dumps({"situations": [LONG]}),
        json.dumps({"query": 5}),
    ]
    english = ("must", "limit", "integer", "Expecting", "invalid", "got", "exceeds")
    for text in requests:
        reply = json.loads(finder_widget.find_json(text))
        assert reply["ok"] is False, text[:50]
        error = reply["error"]
        assert len(error) < 700, error[:100]  # a list of the known values at most
        assert not any(word in error for word in english), error
        assert LONG[:33] not in error


# --- JSON for the browser ------------------------------------------------------------------


def test_find_json_shape(finder_widget: ModuleType) -> None:
    reply = json.loads(finder_widget.find_json(json.dumps({
        "query": "leeftijd-jaren=2&leeftijd-maanden=3&situatie=adoptie-pleeg"
    })))
    assert reply["ok"] is True
    result = reply["result"]
    assert result["query"] == {
        "age_months": 27, "prenatal": False, "situations": ["adoptie-pleeg"], "min_level": None
    }
    assert result["group"] == "jong"
    assert result["summary"].startswith(
        "Voor een kind van 2 jaar en 3 maanden; adoptie- of pleegkind: 3 aanbevolen"
    )
    first = result["tier1"][0]
    assert first["id"] == "vipp-sd" and first["tier"] == 1 and first["reason"] is None
    assert first["url"] == "/interventies/vipp-sd/"
    assert first["links"][:2] == [
        {"id": f"tabel-{n}-vipp-sd", "label": f"Tabel {n}: VIPP-SD",
         "url": f"/hoofdstuk-5/#tabel-{n}-vipp-sd"}
        for n in (1, 2)
    ]
    assert first["recognition"] == "DEJ: Effectief volgens sterke aanwijzingen."
    assert first["doelgroep"] == BY_ID["vipp-sd"].doelgroep.replace("\n", " ")
    assert first["matched_situations"] == ["adoptie-pleeg"]
    pipa = next(c for c in result["tier2"] if c["id"] == "pipa")
    assert pipa["reason"]["id"] == "niet-erkend-jong"
    assert [r["id"] for r in pipa["reason"]["refs"]] == ["aanbeveling-5-7-2", "kernaanbeveling-8"]
    assert result["state"] == "leeftijd-jaren=2&leeftijd-maanden=3&situatie=adoptie-pleeg"
    same = json.loads(finder_widget.find_json(json.dumps(
        {"age_months": 27, "situations": ["adoptie-pleeg"]}
    )))
    assert same["result"].pop("state") is None  # asked as arguments, not as the page's state
    result.pop("state")
    assert same == reply


# --- the compact first view of a card (`glance`) -------------------------------------------


@pytest.mark.parametrize(
    ("request_", "card_id", "fit"),
    [
        ({"age_months": 36, "situations": ["adoptie-pleeg"]}, "vipp-sd",
         "Aanbevolen (aanbeveling 5.7.2); past bij adoptie- of pleegkind."),
        ({"age_months": 36}, "k-vht", "Aanbevolen (aanbeveling 5.7.2)."),
        ({"age_months": 36, "situations": ["adoptie-pleeg", "vroeggeboorte"]}, "sherborne",
         "Apart: in de richtlijn bij de behandeling vanaf zeven jaar."),
        ({"age_months": 48}, "k-vht", "Apart: op de leeftijdsgrens die de richtlijn noemt."),
        ({}, "vipp-sd", "Apart: geen leeftijd opgegeven."),
        ({"age_months": 180, "situations": ["borderline-kenmerken"]}, "mbt-a",
         "Aanbevolen (aanbeveling 5.7.3); past bij jongere met borderline kenmerken."),
        ({"prenatal": True, "situations": ["zwanger-hoog-risico"]}, "voorzorg",
         "Aanbevolen (aanbeveling 5.7.2); past bij jonge aanstaande moeder (zwanger) uit een "
         "hoog-risicogroep."),
    ],
)
def test_a_card_says_at_a_glance_why_it_is_listed(
    finder_widget: ModuleType, request_: dict, card_id: str, fit: str
) -> None:
    result = json.loads(finder_widget.find_json(json.dumps(request_)))["result"]
    (card,) = [c for c in result["tier1"] + result["tier2"] if c["id"] == card_id]
    assert card["glance"]["fit"] == fit
    assert card["glance"]["fit"].startswith("Apart: ") is (card["tier"] == 2)


def test_the_glance_is_the_sources_age_and_form(finder_widget: ModuleType) -> None:
    result = json.loads(finder_widget.find_json(json.dumps({"situations": ALL_SITUATIONS})))
    cards = result["result"]["tier2"]
    assert {c["id"] for c in cards} == {iv.id for iv in DATA.interventions if iv.age.postnatal}
    for card in cards:
        iv = BY_ID[card["id"]]
        assert card["glance"]["age"] == " ".join(DATA.as_shown(iv.age.wording).split())
        assert card["glance"]["form"] == (iv.format and " ".join(iv.format.split()))
    assert sum(c["glance"]["form"] is not None for c in cards) >= 3


# --- data, not constants ---------------------------------------------------------------------


def test_the_wheel_carries_the_finder_data_generated_from_the_models(
    widget_dist, tmp_path
) -> None:
    with zipfile.ZipFile(widget_dist.wheel) as wheel:
        packaged = json.loads(wheel.read("widgets/finder.json"))
    assert packaged == tool_files(DATA, tmp_path)["finder.json"]
    assert packaged["format"] == finder_tool.FORMAT
    for entry in packaged["interventions"]:
        age = BY_ID[entry["id"]].age
        assert entry["age"]["certain"] == (list(age.certain) if age.certain else None)
        assert entry["age"]["boundary"] == [list(s) for s in age.boundary]
    assert [lv["id"] for lv in packaged["levels"]] == list(RANK)
    assert packaged["age_limit_months"] == LIMIT
    assert not (ROOT / "widgets" / "finder.json").exists()  # generated, never in the source


def test_data_drives_the_result_not_code(finder_widget: ModuleType, tmp_path) -> None:
    payload = json.loads(json.dumps(tool_files(DATA, tmp_path)["finder.json"]))
    for entry in payload["interventions"]:
        if entry["id"] == "mbt-a":  # a made-up change of the data
            entry["age"]["certain"] = [12 * 12, 18 * 12]
            entry["requires"] = []
            entry["scope"]["jong"] = entry["scope"]["ouder"]
    spec = finder_widget.Spec.from_dict(payload)
    assert "mbt-a" in ids(finder_widget.find(12 * 12, spec=spec).tier1)
    assert "mbt-a" not in listed(finder_widget.find(12 * 12))
    payload["reasons"][0]["text"] = "Iets anders: {wording}."
    spec = finder_widget.Spec.from_dict(payload)
    card = next(c for c in finder_widget.find(48, spec=spec).tier2 if c.id == "k-vht")
    assert card.reason_line.text == "Iets anders: kinderen tot 4 jaar."


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


def test_finder_source_holds_no_guideline_facts() -> None:
    """No id of the data is a constant of the code (the code would then decide for it), and
    no label, name or reference of the guideline is written in it."""
    strings = _string_constants()
    ids = set(BY_ID) | set(SITUATIONS) | {lv.id for lv in RULES.recognition_levels}
    ids |= {g.id for g in RULES.age_groups} | {r.id for r in RULES.reasons}
    ids |= {n.id for n in DATA.source_notes} | {"aanbeveling-5-7-4"}
    assert not sorted(ids & strings)
    words = {iv.name for iv in DATA.interventions} | {s.label for s in DATA.situations}
    words |= {a.name for a in DATA.harmful_approaches}
    words |= {lv.label for lv in RULES.recognition_levels}
    words |= {r.label for r in RULES.reasons} | {"5.7.2", "5.7.3", "DEJ", "KJP", "tabel"}
    found = sorted(w for w in words if any(w in s for s in strings))
    assert not found, found


def test_page_field_names_are_the_widgets() -> None:
    from widgets import finder as source  # the names are plain constants: the source will do

    for name in ("Q_YEARS", "Q_MONTHS", "Q_PRENATAL", "Q_SITUATION", "Q_LEVEL"):
        assert getattr(finder_tool, name) == getattr(source, name)
    assert finder_tool.FORMAT == source.FORMAT_VERSION


def test_the_links_page_examples_are_valid_fragments(finder_widget: ModuleType) -> None:
    examples = DATA.guideline.tools.finder.examples
    assert examples
    for _, state in examples:
        reply = json.loads(finder_widget.find_json(json.dumps({"query": "#" + state})))
        assert reply["ok"] and reply["result"]["tier1"], state
    help_text = finder_tool.links_help(DATA, "links.md")
    assert help_text.startswith("### Gefilterde Interventiewijzer")
    # raw HTML links: MkDocs would check the fragment (the tool's state) as an anchor
    assert help_text.count('<a href="../hulpmiddelen/interventiewijzer/#') == len(examples)
    assert "interventiewijzer.md?" not in help_text and "/#leeftijd-jaren=3" in help_text
    for sid in SITUATIONS:
        assert f"`{sid}`" in help_text


def test_the_ouder_baby_card_at_twelve_months_notes_the_first_year_of_5_6_3(
    finder_widget: ModuleType,
) -> None:
    """Tabel 2 'tot en met 12 maanden', conclusie 5.6.3 'in het eerste jaar na de bevalling':
    recommended at 12 months (the row), with the bronopmerking on the card."""
    result = finder_widget.find(12, situations=["postpartum-depressie"])
    card = next(c for c in result.tier1 if c.id == "ouder-baby")
    assert "bronopmerking-ouder-baby-leeftijd" in {n.id for n in card.notes}
    later = finder_widget.find(13, situations=["postpartum-depressie"])
    assert "ouder-baby" not in {c.id for c in later.cards}


def test_the_upper_year_of_an_also_statement_is_a_boundary_year(finder_widget: ModuleType) -> None:
    """'0-18 jarigen' does not say whether 18 counts: an 18-year-old gets Basic Trust apart,
    with the boundary reason in the statement's own words (never silently out)."""
    checked = 0
    for iv in DATA.interventions:
        age_range = iv.age
        named = age_range.months() - {m for a in age_range.also if a.boundary
                                      for m in range(*a.boundary)}
        for also in age_range.also:
            for age in range(*(also.boundary or (0, 0))):
                if age in named:  # the range itself or another statement names it
                    continue
                result = finder_widget.find(age, situations=ALL_SITUATIONS)
                assert iv.id not in ids(result.tier1), (iv.id, age)
                (card,) = [c for c in result.tier2 if c.id == iv.id]
                assert card.reason.id == "grens", (iv.id, age)
                assert also.sources[0].quote.rstrip(".") in card.reason_line.text, (iv.id, age)
                checked += 1
    assert checked >= 12 + 1  # Shantala at 12-23 months, Basic Trust at 18
