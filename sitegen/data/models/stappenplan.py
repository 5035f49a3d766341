"""data/stappenplan.yml: the stappenplan, its steps and their parts."""

from __future__ import annotations

from typing import Literal

from sitegen.data.models.base import ListItem, Slug, Strict, Text


class StepPart(Strict):
    label: Text | None = None  # 'a', 'b', ...
    text: Text
    items: tuple[ListItem, ...] = ()
    instruments: tuple[Slug, ...] = ()  # instrument ids this part uses
    on_card: bool = False  # also on the stappenplan werkkaart, with its items (outcomes, referral)


class Step(Strict):
    number: Literal[1, 2, 3]
    id: Slug
    title: Text
    who: Text  # who may carry it out
    summary: Text  # one line for the diagram
    text: tuple[Text, ...] = ()
    items: tuple[ListItem, ...] = ()
    parts: tuple[StepPart, ...] = ()


class Stappenplan(Strict):
    intro: tuple[Text, ...]
    steps: tuple[Step, Step, Step]
