"""data/search.yml: how the site's search ranks and labels what it finds."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sitegen.data.models.base import ContentPath, Strict, Text

# What a search result can be: a statement (its own entry, as links.json names the kind) or a
# page of the site by its kind (sitegen/renderer/search.py decides which from guideline.yml).
SearchKind = Literal[
    "aanbeveling", "kernaanbeveling", "conclusie", "instrument", "begrip", "hoofdstuk",
    "bijlage", "hulpmiddel", "interventie", "clientversie", "werkkaart", "pagina",
]


class Synonym(Strict):
    """Words people type for a term of the guideline. Every part of the site where `term`
    stands (as the beginning of a word, any case) is also found by each of `words`."""

    term: Text  # the guideline's word(s), as they stand in the text (any case)
    words: Annotated[tuple[Text, ...], Field(min_length=1)]  # everyday words, misspellings


class SearchSettings(Strict):
    """How the site's search (mkdocs-material's, lunr) ranks and labels what it finds."""

    # a result's weight by its kind (1: as the theme weighs it); a page's own, below, multiplies
    boost: dict[SearchKind, Annotated[float, Field(gt=0)]] = {}
    pages: dict[ContentPath, Annotated[float, Field(gt=0)]] = {}
    # shown before the title of a page of this kind in the result list: 'Hulpmiddel: ...'
    labels: dict[SearchKind, Text] = {}
    synonyms: tuple[Synonym, ...] = ()
