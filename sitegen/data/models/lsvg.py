"""data/lsvg.yml: the LSVG (list, norms, vervolgstappen, conditions of use)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from sitegen.data.models.base import Slug, Strict, Text
from sitegen.data.models.sources import Sources


class LsvgScalePoint(Strict):
    value: Annotated[int, Field(ge=1, le=5)]
    label: Text


class LsvgItem(Strict):
    number: Annotated[int, Field(ge=1, le=8)]
    id: Slug  # lsvg-item-N
    title: Text
    normaal: Text
    verstoord: Text

    @model_validator(mode="after")
    def _id_matches(self) -> LsvgItem:
        if self.id != f"lsvg-item-{self.number}":
            raise ValueError(f"id: moet 'lsvg-item-{self.number}' zijn")
        return self


class LsvgSteps(Strict):
    """One group of 'Mogelijke vervolgstappen' as the source gives it."""

    id: Slug  # its section on the list's page: 'lsvg-band-<id>'
    heading: Text  # 'Bij een totaalscore ...', as in the source
    steps: tuple[Text, ...]


class LsvgBand(Strict):
    """The totals that share one outcome. `norm_text` is the 'Voorlopige normering' line of
    the source for these totals; None where the source's normering names none of them (then
    `note`, a source note, says so)."""

    id: Slug
    min_total: Annotated[int, Field(ge=8, le=40)]
    max_total: Annotated[int, Field(ge=8, le=40)]
    norm_text: Text | None = None
    label: Text  # short Dutch label for the result (a web text)
    steps: Slug  # the vervolgstappen (an id of `vervolgstappen`) the source gives these totals
    note: Slug | None = None  # a source note shown with this outcome

    @model_validator(mode="after")
    def _explained(self) -> LsvgBand:
        if self.norm_text is None and self.note is None:
            raise ValueError("note: een uitkomst zonder normering in de bron heeft een "
                             "bronopmerking nodig")
        return self


class LsvgCondition(Strict):
    """A condition of use the calculator shows, in the source's words (« ») with its source."""

    text: Text
    sources: Annotated[Sources, Field(min_length=1)]


class Lsvg(Strict):
    title: Text
    source: Text
    instruction: Text
    scale: tuple[LsvgScalePoint, ...] = Field(min_length=5, max_length=5)
    items: tuple[LsvgItem, ...] = Field(min_length=8, max_length=8)
    toelichting: tuple[Text, ...]
    administration: tuple[Text, ...]  # 'Hoe af te nemen?'
    norms_intro: Text
    bands: tuple[LsvgBand, ...] = Field(min_length=1)
    vervolgstappen: tuple[LsvgSteps, ...] = Field(min_length=1)
    training: tuple[Text, ...]
    aandachtspunten: tuple[Text, ...]
    conditions: tuple[LsvgCondition, ...] = ()  # conditions of use, shown on the calculator
    condition_notes: tuple[Slug, ...] = ()  # source notes shown with them

    @model_validator(mode="after")
    def _consistent(self) -> Lsvg:
        if [p.value for p in self.scale] != [1, 2, 3, 4, 5]:
            raise ValueError("scale: moet de waarden 1 t/m 5 op volgorde hebben")
        if [i.number for i in self.items] != list(range(1, 9)):
            raise ValueError("items: moeten genummerd zijn 1 t/m 8, op volgorde")
        expected_start = 8
        for band in self.bands:
            if band.min_total != expected_start or band.max_total < band.min_total:
                raise ValueError("bands: moeten aansluitend 8 t/m 40 dekken, zonder gaten")
            expected_start = band.max_total + 1
        if expected_start != 41:
            raise ValueError("bands: moeten aansluitend 8 t/m 40 dekken, zonder gaten")
        steps = [v.id for v in self.vervolgstappen]
        if len(set(steps)) != len(steps):
            raise ValueError("vervolgstappen: dubbele id")
        for band in self.bands:
            if band.steps not in steps:
                raise ValueError(f"bands: '{band.id}' noemt onbekende vervolgstappen "
                                 f"'{band.steps}'")
        ids = [b.id for b in self.bands]
        if len(set(ids)) != len(ids):
            raise ValueError("bands: dubbele id")
        return self

    def steps_of(self, band: LsvgBand) -> LsvgSteps:
        return next(v for v in self.vervolgstappen if v.id == band.steps)
