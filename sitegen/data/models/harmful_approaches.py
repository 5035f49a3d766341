"""data/harmful_approaches.yml: the approaches the guideline calls not effective or harmful."""

from __future__ import annotations

from sitegen.data.models.base import Slug, Strict, Text


class HarmfulApproach(Strict):
    id: Slug
    name: Text
    description: Text
    reason: Text
