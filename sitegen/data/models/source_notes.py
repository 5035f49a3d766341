"""data/source_notes.yml: the source notes (bronopmerkingen)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from sitegen.data.models.base import Slug, Strict, Text
from sitegen.data.models.sources import Sources


class SourceNote(Strict):
    """A 'bronopmerking': where the source contradicts itself or repeats text by mistake, the
    site keeps the source text and shows this note beside it (at each of `anchors`), on the
    pages and Interventiewijzer cards of `interventions`, and in the list on the about page."""

    id: Slug  # its anchor in the list, 'bronopmerking-...'
    title: Text  # short, Dutch
    text: Text  # the note, Dutch (Markdown); words between « » are the source's, verbatim
    anchors: Annotated[tuple[Slug, ...], Field(min_length=1)]  # shown beside these
    quotes: Annotated[Sources, Field(min_length=1)]  # the sides, in the source's words
    interventions: tuple[Slug, ...] = ()

    @model_validator(mode="after")
    def _id(self) -> SourceNote:
        if not self.id.startswith("bronopmerking-"):
            raise ValueError("id: moet beginnen met 'bronopmerking-'")
        return self
