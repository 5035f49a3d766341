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
from pydantic import BaseModel

from sitegen.data.loading import load
from sitegen.data.models.interventions import JEUGDWET_MONTHS, AgeRange, AlsoListed, Intervention
from sitegen.data.models.sources import Source
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


def _also_months(also: AlsoListed) -> set[int]:
    """The months an `also` statement's words name: '0-18' names 18 too (its boundary year)."""
    return _months(*also.span) | (_months(*also.boundary) if also.boundary else set())


def _in_groups(months: Iterable[int], groups: Iterable[str]) -> set[int]:
    chosen = list(groups)
    if not chosen:
        return set(months)
    return {m for m in months for g in chosen if m in _months(*SPANS[g])}


def sentences(iv: Intervention) -> list[Sentence]:
    """Every sentence the data cites about the intervention's target group."""
    statements = [*iv.wider, *iv.narrower]
    all_months = _range_months(iv.age) | {m for a in iv.age.also for m in _also_months(a)}
    out = [
        Sentence(
            f"{iv.id}: {st.sources[0].anchor}",
            frozenset(_in_groups(all_months, st.groups)),
            (frozenset(st.any_of),) if st.any_of else (),
        )
        for st in statements
    ]
    cited: list[tuple[Source, set[int]]] = [(s, _range_months(iv.age)) for s in iv.age.sources]
    cited += [(s, _also_months(a)) for a in iv.age.also for s in a.sources]
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


# --- every sentence of the source that names an intervention is in the data -------------------
#
# The checks above read only the sentences the data cites: a sentence the data forgot is
# invisible to them (so were kernaanbeveling 8's 'Sherborne Samenspel, ... en DDP' and
# conclusie 5.6.4's 'Differentiatie- (tot 12 jaar) en Fasetherapie', issue 17's review). This
# one reads the source itself: every clause of the places that say for whom an intervention is
# (kernaanbeveling 8, the texts of 5.3 and 5.4 before their tables, conclusies 5.6.2-5.6.4; the
# tables and 5.2's toelichting are in the data whole) that names an intervention must be cited
# by a source of that intervention (or stand verbatim in its `caveats`). With what scope the
# data holds it is for the checks above; that it holds it is for this one.

REGIONS = {  # (first words, first words after) in the cleaned source text, and its anchors
    "kernaanbeveling 8": ("8. Maak voor het verbeteren van de gehechtheidsrelatie",
                          "9. Zie erop toe", ("kernaanbeveling-8",)),
    "paragraaf 5.3": ("5.3 Preventieve interventies voor specifieke risicogroepen",
                      "Tabel 2. Preventieve interventies voor specifieke risicogroepen Interventie",
                      ("par-5-3",)),
    "paragraaf 5.4": ("5.4 Interventies die zich richten op de behandeling",
                      "Tabel 3. Interventies voor de behandeling van problematische gehechtheid",
                      ("par-5-4",)),
    "conclusies 5.6.2-5.6.4": ("2. Er zijn vier erkende preventieve interventies",
                               "5. Niet effectief of zelfs schadelijk",
                               ("conclusie-5-6-2", "conclusie-5-6-3", "conclusie-5-6-4")),
}
# How the source spells the interventions in those places (with the site's corrections).
NAMES = {
    "vipp-sd": r"VIPP[- ]SD", "basic-trust": r"Basic Trust ?methode", "k-vht": r"K-VHT",
    "shantala": r"Shantala", "ouder-baby": r"Ouder-?baby", "voorzorg": r"Voor[Zz]org",
    "pcit": r"PCIT", "pipa": r"PIPA", "nika": r"NIKA", "mbt-k": r"MBT-K", "itgg": r"ITGG",
    "vht-4-12": r"(?<![\w-])VHT(?![\w-])", "sherborne": r"Sherborne", "theraplay": r"Theraplay",
    "differentiatietherapie": r"Differentiatie", "fasetherapie": r"Fase(?=-| ?therapie)",
    "mbt-a": r"MBT-A", "ddp": r"\bDDP\b",
}


def _key(text: str) -> tuple[str, list[int]]:
    """Text without whitespace and hyphens (the extraction breaks 'Ouder-\\nbaby' either way),
    with the position in `text` of each character kept."""
    kept = [(ch, i) for i, ch in enumerate(text) if not ch.isspace() and ch != "-"]
    return "".join(ch for ch, _ in kept), [i for _, i in kept]


@dataclass(frozen=True)
class ShownSource:
    text: str  # the source text as the site shows it (corrections applied)
    key: str
    where: list[int]

    def spans(self, words: str) -> list[tuple[int, int]]:
        """Every place the words stand, as (start, end) in `text`."""
        needle = _key(DATA.as_shown(words))[0]
        out, start = [], self.key.find(needle)
        while needle and start != -1:
            out.append((self.where[start], self.where[start + len(needle) - 1] + 1))
            start = self.key.find(needle, start + 1)
        return out

    def clauses(self) -> list[tuple[str, int, int]]:
        """(place, start, end) of each clause (up to '.' or ';') of the REGIONS."""
        out = []
        for place, (first, after, _) in REGIONS.items():
            begin = self.text.index(first)
            end = self.text.index(after, begin)
            start = begin
            for cut in re.finditer(r"[.;](?=\s|$)", self.text[begin:end]):
                out.append((place, start, begin + cut.end()))
                start = begin + cut.end()
            out.append((place, start, end))
        return out


def shown_source() -> ShownSource:
    text = DATA.as_shown(source_texts()[0])
    key, where = _key(text)
    return ShownSource(text, key, where)


def _sources(node: object) -> Iterable[Source]:
    if isinstance(node, Source):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _sources(getattr(node, name))
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from _sources(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _sources(item)


def uncited(interventions: Iterable[Intervention]) -> list[str]:
    """Each clause naming an intervention that no source of it at that place (nor the words a
    caveat quotes) overlaps. A source counts only at its own anchor: 'Sherborne Samenspel',
    cited from 5.4's list of the KJP, does not cite kernaanbeveling 8, which names it too."""
    src = shown_source()
    missing = []
    for iv in interventions:
        cited = [(s.anchor, span) for s in _sources(iv) for span in src.spans(s.quote)]
        cited += [  # a caveat quotes the source between « » (tests/test_quotes.py)
            (None, span) for caveat in iv.caveats
            for words in re.findall(r"«([^»]+)»", caveat) for span in src.spans(words)
        ]
        for place, start, end in src.clauses():
            anchors = REGIONS[place][2]
            if re.search(NAMES[iv.id], src.text[start:end]) and not any(
                a < end and start < b and (anchor is None or anchor in anchors)
                for anchor, (a, b) in cited
            ):
                missing.append(f"{iv.id}, {place}: {src.text[start:end].strip()[:110]}")
    return missing


@needs_seed
def test_every_sentence_naming_an_intervention_is_in_the_data() -> None:
    assert set(NAMES) == {iv.id for iv in DATA.interventions}
    src = shown_source()
    named_somewhere = {
        iv_id for iv_id, pattern in NAMES.items()
        for _, start, end in src.clauses() if re.search(pattern, src.text[start:end])
    }
    assert named_somewhere == set(NAMES)  # every spelling still finds its intervention
    missing = uncited(DATA.interventions)
    assert not missing, "not in the data:\n" + "\n".join(missing)


@needs_seed
def test_the_sentence_check_finds_a_forgotten_sentence() -> None:
    """Theraplay without its `wider` statement: kernaanbeveling 8 and conclusie 5.6.4 name it,
    and nothing else of Theraplay's data cites them."""
    theraplay = next(iv for iv in DATA.interventions if iv.id == "theraplay")
    forgotten = theraplay.model_copy(update={"wider": ()})
    missing = uncited([forgotten])
    assert any(m.startswith("theraplay, kernaanbeveling 8") for m in missing), missing
    assert any(m.startswith("theraplay, conclusies 5.6.2-5.6.4: - Theraplay") for m in missing)
