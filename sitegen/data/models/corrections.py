"""data/corrections/: the obvious slips of the source this site fixes."""

from __future__ import annotations

from sitegen.data.models.base import Slug, Strict, Text


class Correction(Strict):
    id: Slug
    where: Text  # e.g. "1.2" or "Bijlage 2"
    original: Text  # as in the PDF
    corrected: Text  # as on this site
    reason: Text
