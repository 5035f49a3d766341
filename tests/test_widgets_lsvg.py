"""widgets.lsvg in CPython, imported from the built wheel (fixture `lsvg_widget`).

The expected bands are read from data/lsvg.yml through the validated model, and the guideline's
own boundaries are asserted as the guideline states them: its normering names totals under 10,
11-15 and 16 or higher; a total of exactly 10 is named only by the vervolgstappen ('lager of
gelijk aan 10'), so it has an outcome of its own, with a source note.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
import json
import sys
import zipfile
from hashlib import sha256
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.data.loading import load
from sitegen.data.models.lsvg import LsvgBand, LsvgItem
from sitegen.pages.content import placements
from sitegen.tools.lsvg import payload as lsvg_payload
from sitegen.tools.lsvg import summary_texts
from sitegen.tools.wheel import build_wheel
from tests.conftest import ROOT, tool_files

DATA = load(ROOT / "data")
assert DATA.lsvg is not None
LSVG = DATA.lsvg
BAND_AT = {t: b.id for b in LSVG.bands for t in range(b.min_total, b.max_total + 1)}
WIDGET_SOURCES = sorted((ROOT / "widgets").glob("*.py"))


def scores_for(total: int) -> list[int]:
    """Eight scores 1..5 adding up to `total` (8..40)."""
    scores = [1] * 8
    rest = total - 8
    for i in range(8):
        step = min(4, rest)
        scores[i] += step
        rest -= step
    assert sum(scores) == total
    return scores


# --- the guideline's bands -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (8, "geen-aanwijzingen"),
        (9, "geen-aanwijzingen"),
        (10, "totaalscore-10"),  # in no line of the normering (bronopmerking)
        (11, "niet-optimaal"),
        (15, "niet-optimaal"),
        (16, "verstoord"),
        (40, "verstoord"),
    ],
)
def test_band_boundaries(lsvg_widget: ModuleType, total: int, band: str) -> None:
    result = lsvg_widget.evaluate(scores_for(total))
    assert (result.total, result.band, result.answered) == (total, band, 8)
    assert result.complete and result.unanswered == ()
    assert BAND_AT[total] == band  # the data says the same


def test_a_total_of_10_gets_no_invented_normering() -> None:
    """No range the source does not give: 10 has no normering line, a source note, and the
    vervolgstappen the source gives for 'lager of gelijk aan 10'."""
    ten = next(b for b in LSVG.bands if b.min_total <= 10 <= b.max_total)
    assert (ten.min_total, ten.max_total, ten.norm_text) == (10, 10, None)
    assert ten.note == "bronopmerking-lsvg-totaalscore-10"
    assert LSVG.steps_of(ten).heading == "Bij een totaalscore lager of gelijk aan 10:"
    below = next(b for b in LSVG.bands if b.max_total == 9)
    assert below.norm_text.startswith("Bij een totaalscore onder de 10")
    assert LSVG.steps_of(below) == LSVG.steps_of(ten)


def test_every_answer_combination_gives_the_sum_and_the_band_of_the_norms(
    lsvg_widget: ModuleType,
) -> None:
    evaluate = lsvg_widget.evaluate
    wrong = []
    count = 0
    for combo in itertools.product(range(1, 6), repeat=8):
        result = evaluate(combo)
        total = sum(combo)
        if result.total != total or result.band != BAND_AT[total] or result.answered != 8:
            wrong.append((combo, result))
        count += 1
    assert count == 5**8
    assert not wrong, wrong[:5]


# --- incomplete input ----------------------------------------------------------------------


def test_nothing_answered(lsvg_widget: ModuleType) -> None:
    result = lsvg_widget.evaluate([None] * 8)
    assert (result.answered, result.total, result.band) == (0, None, None)
    assert not result.complete and result.unanswered == tuple(range(1, 9))


@pytest.mark.parametrize("missing", range(8))
def test_one_item_unanswered_gives_no_total_and_no_band(
    lsvg_widget: ModuleType, missing: int
) -> None:
    scores: list[int | None] = [5] * 8
    scores[missing] = None
    result = lsvg_widget.evaluate(scores)
    assert (result.answered, result.total, result.band) == (7, None, None)
    assert result.unanswered == (missing + 1,)


def test_tuple_and_list_are_both_accepted(lsvg_widget: ModuleType) -> None:
    assert lsvg_widget.evaluate((3,) * 8) == lsvg_widget.evaluate([3] * 8)


# --- what the answers so far settle: the outlook ------------------------------------------

# (scores, lowest and highest total still possible, the band every one of them falls in or
# None, the items that can still change the band). The bands of data/lsvg.yml: 8-9, 10,
# 11-15, 16-40.
OUTLOOKS = [
    ([None] * 8, 8, 40, None, (1, 2, 3, 4, 5, 6, 7, 8)),
    ([1] * 8, 8, 8, "geen-aanwijzingen", ()),
    ([3] + [1] * 7, 10, 10, "totaalscore-10", ()),
    ([1] * 7 + [None], 8, 12, None, (8,)),  # 8-9, 10 and 11-12 are all still possible
    ([2] + [1] * 6 + [None], 9, 13, None, (8,)),
    ([4] + [1] * 6 + [None], 11, 15, "niet-optimaal", ()),  # settled with one item open
    ([5] + [1] * 6 + [None], 12, 16, None, (8,)),
    ([1] * 6 + [None, None], 8, 16, None, (7, 8)),
    ([5, 5, 5, 1, None, None, None, None], 20, 36, "verstoord", ()),
    ([3, 3, 3, 3, 3, None, None, None], 18, 30, "verstoord", ()),
    ([2, 2, 2, 1, None, None, None, None], 11, 27, None, (5, 6, 7, 8)),
    ([None, 2, None, 2, None, 2, None, 2], 12, 28, None, (1, 3, 5, 7)),
    ([None, 3, 3, 3, 3, 2, 1, 1], 17, 21, "verstoord", ()),
    ([None, 1, 1, 1, 1, 1, 1, 1], 8, 12, None, (1,)),
]


@pytest.mark.parametrize(("scores", "low", "high", "band", "could_change"), OUTLOOKS)
def test_the_outlook_of_a_partial_list(
    lsvg_widget: ModuleType, scores, low: int, high: int, band, could_change
) -> None:
    view = lsvg_widget.outlook(scores)
    assert (view.low, view.high, view.band, view.could_change) == (low, high, band, could_change)
    assert view.settled is (band is not None)
    assert view.sum == sum(s for s in scores if s is not None)
    assert view.answered == sum(s is not None for s in scores) and view.items == 8
    # the page gets the same, with the band's label
    reply = json.loads(lsvg_widget.evaluate_json(json.dumps(scores)))["result"]["outlook"]
    assert (reply["low"], reply["high"], reply["band"]) == (low, high, band)
    assert reply["could_change"] == list(could_change) and reply["settled"] is (band is not None)
    label = next((b.label for b in LSVG.bands if b.id == band), None)
    assert reply["band_label"] == label


def test_the_outlook_cases_cover_every_band_and_both_states() -> None:
    settled = {band for *_, band, _ in OUTLOOKS if band is not None}
    assert settled == {b.id for b in LSVG.bands}
    assert any(band is None for *_, band, _ in OUTLOOKS)


PATTERNS = st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=8, max_size=8)


@settings(max_examples=400, deadline=None, database=None)  # no example folder
@given(scores=PATTERNS, fill=st.lists(st.integers(1, 5), min_size=8, max_size=8))
def test_the_range_always_holds_the_final_total(lsvg_widget: ModuleType, scores, fill) -> None:
    """Whatever the open items are scored, the total lies in the outlook's range, and a
    settled outcome is the band of the final total. An open outcome is really open: scoring
    every open item lowest and highest gives two different bands."""
    view = lsvg_widget.outlook(scores)
    final = [f if s is None else s for s, f in zip(scores, fill, strict=True)]
    result = lsvg_widget.evaluate(final)
    assert view.low <= result.total <= view.high
    if view.settled:
        assert result.band == view.band and view.could_change == ()
    else:
        lowest = lsvg_widget.evaluate([1 if s is None else s for s in scores])
        highest = lsvg_widget.evaluate([5 if s is None else s for s in scores])
        assert lowest.band != highest.band
        assert (lowest.total, highest.total) == (view.low, view.high)
        assert set(view.could_change) <= set(lsvg_widget.evaluate(scores).unanswered)


def test_an_item_that_can_change_the_outcome_can_do_so_on_its_own(
    lsvg_widget: ModuleType,
) -> None:
    """For each item the outlook names, some scores of the other open items leave the outcome
    to that item alone: two of its scores give two bands. Checked by trying them all."""
    for scores, *_ in OUTLOOKS:
        view = lsvg_widget.outlook(scores)
        open_items = [n for n, s in enumerate(scores, start=1) if s is None]
        for item in view.could_change:
            others = [n for n in open_items if n != item]
            found = False
            for rest in itertools.product(range(1, 6), repeat=len(others)):
                filled = list(scores)
                for n, v in zip(others, rest, strict=True):
                    filled[n - 1] = v
                bands = set()
                for v in range(1, 6):
                    filled[item - 1] = v
                    bands.add(lsvg_widget.evaluate(filled).band)
                if len(bands) > 1:
                    found = True
                    break
            assert found, (scores, item)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([1] * 7, "verwacht 8 scores"),
        ([1] * 9, "verwacht 8 scores"),
        ([], "verwacht 8 scores"),
        ([0] + [1] * 7, "gedraging 1: .*niet 0"),
        ([1] * 7 + [6], "gedraging 8: .*niet 6"),
        ([1, -1] + [1] * 6, "gedraging 2: .*niet -1"),
        ([1, 1, 2.5] + [1] * 5, r"gedraging 3: .*niet 2\.5 \(float\)"),
        ([3.0] * 8, r"gedraging 1: .*niet 3\.0 \(float\)"),
        (["3"] + [1] * 7, r"gedraging 1: .*niet '3' \(str\)"),
        ([True] + [1] * 7, r"gedraging 1: .*niet True \(bool\)"),
        ([1] * 7 + [False], r"gedraging 8: .*niet False \(bool\)"),
        ([[1]] + [1] * 7, r"gedraging 1: .*\(list\)"),
        ([10**5000] + [1] * 7, r"gedraging 1: .*niet een getal van meer dan 32 cijfers"),
        ([10**40] + [1] * 7, r"gedraging 1: .*niet een getal van meer dan 32 cijfers"),
        ([-(10**35)] + [1] * 7, r"gedraging 1: .*niet -1000.{27}…"),
        ("12345678", "lijst van 8 antwoorden.*niet str"),
        (b"\x01" * 8, "lijst van 8 antwoorden.*niet bytes"),
        (None, "lijst van 8 antwoorden.*niet NoneType"),
        (24, "lijst van 8 antwoorden.*niet int"),
        ({1, 2, 3, 4, 5}, "lijst van 8 antwoorden.*niet set"),
        ({i: 1 for i in range(8)}, "lijst van 8 antwoorden.*niet dict"),
        (iter([1] * 8), "lijst van 8 antwoorden"),
    ],
)
def test_bad_input_raises_a_dutch_message(
    lsvg_widget: ModuleType, scores: object, message: str
) -> None:
    with pytest.raises(lsvg_widget.LsvgInputError, match=message):
        lsvg_widget.evaluate(scores)


def test_result_is_immutable(lsvg_widget: ModuleType) -> None:
    result = lsvg_widget.evaluate([2] * 8)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = 40
    assert isinstance(result.scores, tuple)


def test_evaluate_json_is_the_same_evaluation_as_json(lsvg_widget: ModuleType) -> None:
    reply = json.loads(lsvg_widget.evaluate_json(json.dumps([1, 2, 3, 4, 5, 1, 2, None])))
    assert reply["ok"] is True
    assert reply["result"]["answered"] == 7
    assert reply["result"]["total"] is None and reply["result"]["unanswered"] == [8]
    full = json.loads(lsvg_widget.evaluate_json("[5, 5, 5, 5, 5, 5, 5, 5]"))["result"]
    assert (full["total"], full["band"]) == (40, "verstoord")
    assert full["band_label"] == next(b.label for b in LSVG.bands if b.id == "verstoord")
    english = ("must", "got", "expected", "Expecting", "limit", "integer")
    for bad in ("[1, 2]", "[1, 1, 1, 1, 1, 1, 1, 2.5]", "not json", '{"a": 1}',
                "[" + "9" * 5000 + "]", "[" + "[" * 5000 + "]" * 5000 + "]"):
        reply = json.loads(lsvg_widget.evaluate_json(bad))
        assert reply["ok"] is False and reply["error"], bad[:40]
        assert not any(word in reply["error"] for word in english), reply["error"]
        assert len(reply["error"]) < 200


# --- data, not constants -------------------------------------------------------------------


def test_the_wheel_carries_the_data_generated_from_lsvg_yml(widget_dist, lsvg_widget) -> None:
    with zipfile.ZipFile(widget_dist.wheel) as wheel:
        packaged = json.loads(wheel.read("widgets/lsvg.json"))
        names = wheel.namelist()
    summary = packaged.pop("summary")
    assert packaged == lsvg_payload(LSVG)
    assert summary == summary_texts(DATA, placements(ROOT / "content"))
    assert not any(n.startswith(("sitegen/", "tests/")) for n in names), names
    spec = lsvg_widget.default_spec()
    assert [(b.id, b.min_total, b.max_total) for b in spec.bands] == [
        (b.id, b.min_total, b.max_total) for b in LSVG.bands
    ]
    assert [i.title for i in spec.items] == [i.title for i in LSVG.items]
    assert [p.label for p in spec.scale] == [p.label for p in LSVG.scale]


def test_wheel_is_reproducible_and_the_lock_lists_just_it(widget_dist, tmp_path) -> None:
    again = build_wheel(tool_files(DATA, tmp_path / "docs"), tmp_path)
    assert again.read_bytes() == widget_dist.wheel.read_bytes()  # same input, same sha256
    assert widget_dist.wheel.parent.name == f"widgets-{sha256(again.read_bytes()).hexdigest()[:12]}"
    lock = json.loads(widget_dist.lockfile.read_text(encoding="utf-8"))
    assert set(lock["packages"]) == {widget_dist.package}
    entry = lock["packages"][widget_dist.package]
    assert entry["sha256"] == sha256(widget_dist.wheel.read_bytes()).hexdigest()
    assert entry["file_name"] == f"{widget_dist.wheel.parent.name}/{widget_dist.wheel.name}"
    assert entry["imports"] == ["widgets"] and entry["depends"] == []


def test_band_limits_come_from_the_spec_not_from_code(lsvg_widget: ModuleType) -> None:
    payload = lsvg_payload(LSVG)
    payload["bands"][1]["max_total"] = 12  # a made-up norm: 8-9, 10-12, 13-15, 16-40
    payload["bands"][2]["min_total"] = 13
    spec = lsvg_widget.Spec.from_dict(payload)
    assert lsvg_widget.evaluate(scores_for(12), spec).band == "totaalscore-10"
    assert lsvg_widget.evaluate(scores_for(12)).band == "niet-optimaal"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["bands"][1].update(min_total=12), "without gaps"),
        (lambda p: p["bands"][3].update(max_total=39), "they end at 39"),
        (lambda p: p.update(format=99), "format 99"),
        (lambda p: p["scale"].pop(2), "consecutive"),
        (lambda p: p.pop("items"), "expected shape"),
    ],
)
def test_inconsistent_data_is_refused(lsvg_widget: ModuleType, change, message: str) -> None:
    payload = json.loads(json.dumps(lsvg_payload(LSVG)))
    change(payload)
    with pytest.raises(lsvg_widget.SpecError, match=message):
        lsvg_widget.Spec.from_dict(payload)


def _constants(kind: type) -> set:
    found = set()
    for path in WIDGET_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) is kind:
                found.add(node.value)
    return found


def test_widget_source_holds_no_lsvg_content() -> None:
    """Labels, titles, band ids, texts and limits live in data/lsvg.yml only."""
    schema = set(LsvgItem.model_fields) | set(LsvgBand.model_fields)  # 'verstoord' is a key too
    words = [b.id for b in LSVG.bands if b.id not in schema]
    words += [b.label for b in LSVG.bands] + [b.norm_text for b in LSVG.bands if b.norm_text]
    words += [v.heading for v in LSVG.vervolgstappen]
    words += [i.title for i in LSVG.items] + [p.label for p in LSVG.scale]
    strings = _constants(str)
    assert not [w for w in words if any(w in s for s in strings)]
    limits = {b.min_total for b in LSVG.bands} | {b.max_total for b in LSVG.bands}
    assert not _constants(int) & limits  # no 8, 9, 10, 11, 15, 16 or 40 in the code


def test_widget_code_uses_the_standard_library_only() -> None:
    for path in WIDGET_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                assert top in sys.stdlib_module_names or top == "widgets", (path.name, module)
