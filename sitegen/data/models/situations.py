"""data/situations.yml: the situations of a child the Interventiewijzer asks about."""

from __future__ import annotations

from sitegen.data.models.base import Slug, Strict, Text


class Situation(Strict):
    id: Slug  # part of shared links (?situatie=...): never rename a published one
    label: Text  # Dutch label shown in the finder
    description: Text | None = None
    frequent: bool = False  # shown first in the finder's form; the others are folded
