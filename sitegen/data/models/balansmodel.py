"""data/balansmodel.yml: the balansmodel's domains."""

from __future__ import annotations

from pydantic import Field

from sitegen.data.models.base import Slug, Strict, Text


class BalanceDomain(Strict):
    id: Slug
    title: Text
    protective: tuple[Text, ...]
    hindering: tuple[Text, ...]


class Balansmodel(Strict):
    domains: tuple[BalanceDomain, ...] = Field(min_length=4, max_length=4)
