"""Never silently out: for every child the Interventiewijzer shows every intervention that a
sentence of the guideline names for it (issue 17).

The check does not use the finder's rule (`requires`, `scope`, the tiers). It reads every
sentence the data cites about an intervention's target group, each with the age and the
situations that sentence itself names, and asks whether one of them names the intervention for
the child:

- each sentence cited for the age (`age.sources`, `age.also`), for a condition of the row
  (`requires`) or for a tier (`scope`): it names the ages of the range it is cited for (a
  range whose lower bound stands elsewhere, such as a table's title, is named from birth by
  its own words), and the conditions of every `requires` group that cites its place;
- each `wider` and `narrower` statement: its own situations and age groups. A cited sentence
  that a statement quotes more fully is that statement's sentence.

Over 0-23 years (by month up to 24 months, then by year) and with no situation or one situation
ticked, the finder must list exactly the interventions some sentence names, in either tier:
no fewer (the guideline names it: recommended or set apart) and no more.

And a card that recommends an intervention because it is on a list (erkend in the DEJ, or
vermeld door het KJP) must be on that list in the source: its row says 'DEJ: <level>', or
5.4's list of the KJP names it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

import pytest

from sitegen.loading import load
from sitegen.models import JEUGDWET_MONTHS, AgeRange, Intervention, Source
from tests.conftest import ROOT
from tests.sourcetext import in_source, needs_seed, source_texts

DATA = load(ROOT / "data")
assert DATA.finder is not None
RULES = DATA.finder
SPANS = RULES.group_spans()
AGES = [*range(24), *(12 * year for year in range(2, 23))]  # months: by month, then by year
TICKS: list[tuple[str, ...]] = [(), *((s.id,) for s in DATA.situations)]


@dataclass(frozen=True)
class Sentence:
    """One sentence of the source about an intervention's target group, as the data cites it."""

    where: str
    months: frozenset[int]
    conditions: tuple[frozenset[str], ...]  # each: one of these ticked

    def names(self, age: int, ticked: set[str]) -> bool:
        return age in self.months and all(c & ticked for c in self.conditions)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _months(start: int, until: int | None) -> set[int]:
    return set(range(start, JEUGDWET_MONTHS if until is None else until))


def _range_months(age: AgeRange) -> set[int]:
    """The months the range's own words name: certain and boundary months, from birth when
    its lower bound stands elsewhere (not in the range's own words)."""
    spans = [*([age.certain] if age.certain else []), *age.boundary]
    months = {m for start, until in spans for m in _months(start, until)}
    if age.min is not None and age.min.source is not None and months:
        months |= set(range(0, min(months)))
    return months


def _in_groups(months: Iterable[int], groups: Iterable[str]) -> set[int]:
    chosen = list(groups)
    if not chosen:
        return set(months)
    return {m for m in months for g in chosen if m in _months(*SPANS[g])}


def sentences(iv: Intervention) -> list[Sentence]:
    """Every sentence the data cites about the intervention's target group."""
    statements = [*iv.wider, *iv.narrower]
    all_months = _range_months(iv.age) | {m for a in iv.age.also for m in _months(*a.span)}
    out = [
        Sentence(
            f"{iv.id}: {st.sources[0].anchor}",
            frozenset(_in_groups(all_months, st.groups)),
            (frozenset(st.any_of),) if st.any_of else (),
        )
        for st in statements
    ]
    cited: list[tuple[Source, set[int]]] = [(s, _range_months(iv.age)) for s in iv.age.sources]
    cited += [(s, _months(*a.span)) for a in iv.age.also for s in a.sources]
    cited += [(s, all_months) for r in iv.requires for s in r.sources]
    cited += [
        (s, _in_groups(all_months, [group]))
        for group, scope in iv.scope.items()
        for s in scope.sources
    ]
    for source, months in cited:
        if any(
            s.anchor == source.anchor and _squeeze(source.quote) in _squeeze(s.quote)
            for st in statements
            for s in st.sources
        ):
            continue  # the statement's own sentence, with its own conditions
        conditions = tuple(
            frozenset(r.any_of)
            for r in iv.requires
            if source.anchor in {s.anchor for s in r.sources}
        )
        out.append(Sentence(f"{iv.id}: {source.anchor}", frozenset(months), conditions))
    return out


SENTENCES = {iv.id: sentences(iv) for iv in DATA.interventions}


def named(iv_id: str, age: int, ticked: set[str]) -> list[str]:
    return [s.where for s in SENTENCES[iv_id] if s.names(age, ticked)]


def test_every_intervention_has_sentences_that_name_ages() -> None:
    for iv in DATA.interventions:
        if iv.age.postnatal:
            assert any(s.months for s in SENTENCES[iv.id]), iv.id


def compare(finder_widget: ModuleType, spec: object = None) -> tuple[list, list]:
    """(left out, extra): for each age and each situation alone, the interventions a sentence
    names that the finder lists in neither tier (with the sentences that name them), and
    those it lists that no sentence names."""
    left_out, extra = [], []
    for age in AGES:
        for ticked in TICKS:
            result = finder_widget.find(age, situations=list(ticked), spec=spec)
            listed = {c.id for c in result.cards}
            for iv in DATA.interventions:
                naming = named(iv.id, age, set(ticked))
                if naming and iv.id not in listed:
                    left_out.append((age, ticked, iv.id, naming))
                elif not naming and iv.id in listed:
                    extra.append((age, ticked, iv.id))
    return left_out, extra


def test_the_finder_shows_what_the_guideline_names_and_nothing_else(
    finder_widget: ModuleType,
) -> None:
    """For each age and each situation alone: listed in a tier exactly when a sentence names
    it (the message names the sentences that do)."""
    left_out, extra = compare(finder_widget)
    assert not left_out, f"named by the guideline, in neither tier: {left_out[:10]}"
    assert not extra, f"listed, but no sentence names it: {extra[:10]}"


def test_the_check_fails_when_the_finder_drops_an_intervention(finder_widget: ModuleType) -> None:
    """A finder that applies only the row of NIKA (as before issue 17) leaves out what 5.3 and
    kernaanbeveling 8 name: the check says so."""
    spec = finder_widget.default_spec()
    row_only = dataclasses.replace(
        spec,
        interventions=tuple(
            dataclasses.replace(iv, wider=()) if iv.id == "nika" else iv
            for iv in spec.interventions
        ),
    )
    left_out, extra = compare(finder_widget, row_only)
    assert {(age, ticked) for age, ticked, iv_id, _ in left_out if iv_id == "nika"} >= {
        (24, ("mishandeling-verwaarlozing",)), (36, ("risico-gedesorganiseerde-gehechtheid",))
    }
    assert not extra


def test_the_check_fails_when_a_rule_hides_an_intervention() -> None:
    """The derivation does not follow the finder's rule: a sentence of 5.3 names NIKA for
    'mishandeling of verwaarlozing' without the row's 'verstorend opvoedgedrag'."""
    assert named("nika", 30, {"mishandeling-verwaarlozing"})
    assert not named("nika", 30, {"meervoudige-risicos"})
    assert named("mbt-k", 9 * 12, set())  # conclusie 5.6.3: no group
    assert named("theraplay", 9 * 12, set()) and not named("theraplay", 4 * 12, set())
    assert named("itgg", 3 * 12, {"meervoudige-beperking"})  # the row: 'tot 18 jaar'


# --- a recommendation because of a list: on that list in the source --------------------------


def kjp_list() -> str:
    """5.4's sentence listing the KJP's interventions, found in the source text itself."""
    text = source_texts()[1]
    match = re.search(r"De website van het KJP vermeldt de volgende interventies[^:]*:(.*?)\.",
                      text)
    assert match, "the KJP list of 5.4 is not in the source text"
    return match.group(1)


def _names_it(listed: str, iv: Intervention) -> bool:
    """Whether words quoted from the list name this intervention: its name or full name stands
    in them (with the site's corrections, 'MTB-A' -> 'MBT-A'), also where Dutch shares the end
    of two words ('Fase- en Differentiatietherapie': Fasetherapie and
    Differentiatietherapie)."""
    text = DATA.as_shown(listed).casefold()
    for first, second in re.findall(r"(\w+)- en (\w+)", text):
        text += " " + " ".join(first + second[k:] for k in range(1, len(second)))
    return any(name.casefold() in text for name in (iv.name, iv.full_name))


def off_list(finder_widget: ModuleType, spec: object = None) -> set[tuple[str, str]]:
    """(intervention, level) of every tier-1 card whose level is a list the source does not
    put it on."""
    levels = {lv.id: lv for lv in RULES.recognition_levels}
    by_id = {iv.id: iv for iv in DATA.interventions}
    the_list = kjp_list()
    wrong = set()
    for age in AGES:
        for ticked in TICKS:
            for card in finder_widget.find(age, situations=list(ticked), spec=spec).tier1:
                iv = by_id[card.id]
                level = levels[card.level.id]
                if level.recognised:  # erkend in the DEJ: its row says so, with this level
                    rows = [s for s in iv.recognition.sources if s.anchor.startswith("tabel-")]
                    ok = any(
                        s.quote.startswith("DEJ:") and level.label.casefold()
                        in s.quote.casefold() and in_source(s.quote)
                        for s in rows
                    )
                elif level.list is not None:  # vermeld door het KJP: on 5.4's list
                    listed = iv.recognition.listed
                    ok = (
                        listed is not None
                        and _squeeze(listed.quote) in _squeeze(the_list)
                        and _names_it(listed.quote, iv)
                    )
                else:
                    ok = False  # a level on no list is never a reason to recommend
                if not ok:
                    wrong.add((card.id, level.id))
    return wrong


@needs_seed
def test_a_card_recommended_for_a_list_is_on_that_list(finder_widget: ModuleType) -> None:
    assert not off_list(finder_widget)
    # the check finds MBT-K recommended from seven 'als vermeld door het KJP (zie 5.4)'
    spec = finder_widget.default_spec()
    as_before = dataclasses.replace(
        spec,
        interventions=tuple(
            dataclasses.replace(iv, scope={**iv.scope, "ouder": dataclasses.replace(
                iv.scope["ouder"], tier=1, reason=None)}) if iv.id == "mbt-k" else iv
            for iv in spec.interventions
        ),
    )
    assert off_list(finder_widget, as_before) == {("mbt-k", "niet-in-dej-wel-kjp")}


@needs_seed
def test_the_kjp_list_of_the_source_is_the_one_the_data_quotes() -> None:
    level = next(lv for lv in RULES.recognition_levels if lv.list is not None)
    assert level.list is not None
    assert _squeeze(kjp_list()) in _squeeze(level.list.quote)
    mbt_k = next(iv for iv in DATA.interventions if iv.id == "mbt-k")
    assert mbt_k.recognition.level == level.id and mbt_k.recognition.listed is None
    assert not _names_it(kjp_list(), mbt_k)  # 'Mentalization-Based Treatment voor Adolescenten'
    assert _names_it("Fase- en Differentiatietherapie",
                     next(iv for iv in DATA.interventions if iv.id == "fasetherapie"))


@pytest.mark.parametrize("iv_id", ["nika", "mbt-k", "theraplay", "mbt-a", "itgg"])
def test_each_difference_has_its_source_note_on_every_card(
    finder_widget: ModuleType, iv_id: str
) -> None:
    """A statement beyond the row records the difference in a bronopmerking that every card of
    the intervention shows, in both tiers."""
    iv = next(i for i in DATA.interventions if i.id == iv_id)
    notes = {st.note for st in (*iv.wider, *iv.narrower)}
    assert notes
    tiers = set()
    for age in AGES:
        for ticked in TICKS:
            for card in finder_widget.find(age, situations=list(ticked)).cards:
                if card.id == iv_id:
                    tiers.add(card.tier)
                    assert notes <= {n.id for n in card.notes}, (age, ticked)
    assert 2 in tiers
