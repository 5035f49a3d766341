"""data/instruments.yml: the instruments of chapter 4."""

from __future__ import annotations

from typing import Literal

from sitegen.data.models.base import Slug, Strict, Text, WebUrl


class Instrument(Strict):
    id: Slug
    name: Text  # abbreviation, e.g. "ARI-CP 2-5"
    full_name: Text
    reference: Text
    paragraph: Literal["4.2", "4.3"]
    kind: Literal["signalering", "diagnostiek"]
    use: Literal["klinisch", "onderzoek"]  # 'onderzoek': research only (4.3)
    age: Text  # as the source words it, e.g. "kinderen van 1-5 jaar"
    informant: Text  # who fills it in / with whom
    purpose: Text
    description: tuple[Text, ...] = ()
    steps: tuple[Literal[1, 2, 3], ...] = ()  # stappen of the stappenplan that use it
    url: WebUrl | None = None
    tool: Text | None = None  # content path of this site's tool for it, e.g. hulpmiddelen/lsvg.md
