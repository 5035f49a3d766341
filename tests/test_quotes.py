"""Every rule of the tools rests on the guideline's own words: each quote in data/ (the
`sources` of interventions.yml, finder.yml, source_notes.yml and lsvg.yml, the star notes of
guideline.yml's tables, its colofon and its note on the recognition, the age `wording`s,
and the words between « » in their texts) occurs in the source text, and stands on this site at
the anchor it cites; so does every quote a card of the Interventiewijzer shows in its
'Waarom? Bron' fold (the page shows exactly these: tests/test_browser_phone.py).

The source text and its cleaning: tests/sourcetext.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from sitegen.data.loading import load
from sitegen.data.models.interventions import AgeRange
from sitegen.data.models.sources import Source
from tests.conftest import ROOT
from tests.sourcetext import in_source, needs_seed, site_targets, stands_at

DATA = load(ROOT / "data")
GUILLEMETS = re.compile(r"«([^»]+)»")
PLACEHOLDER = re.compile(r"\{\w+\}")


def quotes(node: object, where: str) -> Iterator[tuple[str, str, str | None]]:
    """(where, quote, anchor or None) for every quote in a model, at any depth."""
    if isinstance(node, Source):
        yield where, node.quote, node.anchor
        return
    if isinstance(node, BaseModel):
        if isinstance(node, AgeRange):
            yield f"{where}.wording", node.wording, None
        for name in type(node).model_fields:
            yield from quotes(getattr(node, name), f"{where}.{name}")
    elif isinstance(node, (tuple, list)):
        for n, item in enumerate(node):
            yield from quotes(item, f"{where}.{n}")
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from quotes(item, f"{where}.{key}")
    elif isinstance(node, str):
        for match in GUILLEMETS.finditer(node):
            if not PLACEHOLDER.fullmatch(match.group(1)):
                yield f"{where} «»", match.group(1), None


def all_quotes() -> list[tuple[str, str, str | None]]:
    found = [q for iv in DATA.interventions for q in quotes(iv, f"interventions.yml {iv.id}")]
    found += [q for n in DATA.source_notes for q in quotes(n, f"source_notes.yml {n.id}")]
    found += list(quotes(DATA.finder, "finder.yml"))
    found += list(quotes(DATA.guideline.tables, "guideline.yml tables"))
    found += list(quotes(DATA.guideline.colophon, "guideline.yml colophon"))
    found += list(quotes(DATA.guideline.recognition_note, "guideline.yml recognition_note"))
    assert DATA.lsvg is not None
    found += list(quotes(DATA.lsvg.conditions, "lsvg.yml conditions"))
    return found


QUOTES = all_quotes()


def test_the_data_quotes_the_source_everywhere_it_makes_a_rule() -> None:
    kinds = {anchor is not None for _, _, anchor in QUOTES}
    assert len(QUOTES) > 250 and kinds == {True, False}  # sources, wordings and « » texts
    for iv in DATA.interventions:  # every rule of the finder has at least one source
        assert iv.age.sources and iv.recognition.sources, iv.id
        assert all(r.sources for r in iv.requires) and all(a.sources for a in iv.addresses)


@needs_seed
def test_every_quote_occurs_in_the_source_text() -> None:
    missing = [f"{where}: {quote}" for where, quote, _ in QUOTES if not in_source(quote)]
    assert not missing, "\n".join(missing)


@needs_seed
def test_the_check_finds_a_changed_quote() -> None:
    """The check can fail: one changed word, or the site's corrected spelling, is not found."""
    where, quote, _ = next(q for q in QUOTES if "tot en met zes jaar" in q[1])
    assert in_source(quote)
    assert not in_source(quote.replace("zes", "zeven"))
    assert in_source("Kenniscentrum Jeugd- en Kinderpsychiatrie (KJP)")  # as the PDF has it
    assert not in_source("Het is bewezen dat deze hulp werkt.")
    assert in_source("Ouder-baby interventie") and not in_source("Ouder-baby-interventie")


# --- on the site: the quote stands where its anchor points -----------------------------------


def test_every_quote_stands_at_its_anchor_on_the_site(site: Path) -> None:
    """A quote of one table row cited as another's would fail here (the source text alone
    cannot tell). Quotes are compared as the site shows them: with its listed corrections."""
    anchors = {anchor for _, _, anchor in QUOTES if anchor is not None}
    assert len(anchors) > 40 and anchors <= set(site_targets(site))
    wrong = [
        f"{where}: '{quote[:70]}' not at #{anchor}"
        for where, quote, anchor in QUOTES
        if anchor is not None and not stands_at(site, anchor, DATA.as_shown(quote))
    ]
    assert not wrong, "\n".join(wrong)
    # the check can fail: a quote of the Ouder-baby row is not in the PCIT row
    assert stands_at(site, "tabel-2-ouder-baby", "met een (post-partum) depressie")
    assert not stands_at(site, "tabel-2-pcit", "met een (post-partum) depressie")


# --- on the finder's cards: what the 'Waarom? Bron' fold shows ------------------------------


CARD_QUESTIONS = [  # together they list every intervention, in each tier it can be in
    {"situations": [s.id for s in DATA.situations]},
    {"prenatal": True, "situations": [s.id for s in DATA.situations]},
    *({"age_months": m, "situations": [s.id for s in DATA.situations]}
      for m in (0, 6, 30, 48, 84, 100, 150, 210)),
]


def test_every_quote_on_a_card_stands_at_the_anchor_it_links(site: Path, finder_widget) -> None:
    """The source's words a card shows one tap deeper (the `why` lines of widgets.finder, in
    the card's <details>) stand where the card's link for them points."""
    seen: set[str] = set()
    wrong = []
    checked = 0
    for question in CARD_QUESTIONS:
        result = json.loads(finder_widget.find_json(json.dumps(question)))["result"]
        for card in result["tier1"] + result["tier2"]:
            seen.add(card["id"])
            for line in card["why"]:
                if line["quote"] is None:
                    continue
                checked += 1
                anchor = line["refs"][0]["id"]
                if not stands_at(site, anchor, line["quote"]):
                    wrong.append(f"{card['id']}: {line['label']}: '{line['quote'][:60]}' #{anchor}")
    assert seen == {iv.id for iv in DATA.interventions}
    assert checked > 100
    assert not wrong, "\n".join(wrong)


CAVEAT = re.compile(
    r"(Paragraaf \d\.\d|Tabel \d|Toelichting \(paragraaf \d\.\d\))(, met een sterretje)?: "
    r"«[^»]+»( en «[^»]+»)*"
)


def test_a_caveat_is_the_sources_words_with_where_they_stand() -> None:
    """The 'Let op' box of an intervention page says no more than the source: each line is a
    place and the source's words between « » (checked verbatim above), no paraphrase of the
    site's own (issue 17's review: 'De VIPP-SD wordt zowel meer universeel ... ingezet: de
    interventie staat in tabel 1 en in tabel 2.')."""
    caveats = [(iv.id, c) for iv in DATA.interventions for c in iv.caveats]
    assert len(caveats) > 10
    loose = [f"{iv_id}: {c}" for iv_id, c in caveats if not CAVEAT.fullmatch(c)]
    assert not loose, "\n".join(loose)
    assert not CAVEAT.fullmatch("De interventie wordt noch in de DEJ vermeld, noch door het KJP.")


def _pieces(text: str) -> list[str]:
    """Sentences and ';'-parts of a text, without the full stop."""
    return [p.strip().rstrip(".") for p in re.split(r"(?<=[.;])\s+", text) if p.strip()]


@needs_seed
def test_the_harmful_approaches_are_described_in_the_sources_words() -> None:
    """The warning on chapter 5, in the Interventiewijzer and on the werkkaart: each sentence
    of a description or reason stands in the source (its first letter may be a capital)."""
    assert DATA.harmful_approaches
    loose = [
        f"{a.id}: {piece}"
        for a in DATA.harmful_approaches
        for piece in _pieces(a.description) + _pieces(a.reason)
        if not (in_source(piece) or in_source(piece[:1].lower() + piece[1:]))
    ]
    assert not loose, "\n".join(loose)
    assert not in_source("Een van de interventies die het ‘doorwerken’ van trauma")
