"""Statements: data/recommendations/, data/conclusions/ and data/kernaanbevelingen.yml."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from sitegen.data.models.base import ListItem, Slug, Strict, Text


class Block(Strict):
    """A further paragraph, an optional lead-in heading and/or a list."""

    heading: Text | None = None
    text: Text | None = None
    items: tuple[ListItem, ...] = ()
    style: Literal["bullet", "numbered", "alpha"] = "bullet"

    @model_validator(mode="after")
    def _not_empty(self) -> Block:
        if not (self.heading or self.text or self.items):
            raise ValueError("text: een blok heeft een 'heading', 'text' of 'items' nodig")
        return self


class Statement(Strict):
    """Text of a recommendation or conclusion: a first paragraph plus structured blocks."""

    id: Slug
    number: Annotated[int, Field(ge=1)]
    text: Text
    blocks: tuple[Block, ...] = ()


class Audience(StrEnum):
    ouders = "ouders"
    jeugdprofessionals = "jeugdprofessionals"
    gedragswetenschappers = "gedragswetenschappers"
    beroepsopvoeders = "beroepsopvoeders"


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.ouders: "ouders/verzorgers",
    Audience.jeugdprofessionals: "alle jeugdprofessionals",
    Audience.gedragswetenschappers: "gedragswetenschappers",
    Audience.beroepsopvoeders: "beroepsopvoeders",
}

PARAGRAPH = re.compile(r"^\d\.\d$")


class Recommendation(Statement):
    paragraph: Annotated[str, StringConstraints(pattern=PARAGRAPH.pattern)]
    group: Slug | None = None  # 4.5 has three groups: ouders, professionals, gedragswetenschappers
    audience: tuple[Audience, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _id_matches(self) -> Recommendation:
        para = self.paragraph.replace(".", "-")
        group = f"{self.group}-" if self.group else ""
        expected = f"aanbeveling-{para}-{group}{self.number}"
        if self.id != expected:
            raise ValueError(f"id: moet '{expected}' zijn (paragraaf, groep en nummer)")
        return self


class Conclusion(Statement):
    paragraph: Annotated[str, StringConstraints(pattern=PARAGRAPH.pattern)]

    @model_validator(mode="after")
    def _id_matches(self) -> Conclusion:
        expected = f"conclusie-{self.paragraph.replace('.', '-')}-{self.number}"
        if self.id != expected:
            raise ValueError(f"id: moet '{expected}' zijn (paragraaf en nummer)")
        return self


class Kernaanbeveling(Statement):
    sources: tuple[Slug, ...] = Field(min_length=1)  # ids of the recommendations it summarises

    @model_validator(mode="after")
    def _id_matches(self) -> Kernaanbeveling:
        if self.id != f"kernaanbeveling-{self.number}":
            raise ValueError(f"id: moet 'kernaanbeveling-{self.number}' zijn")
        return self
