"""data/glossary.yml: the glossary's terms."""

from __future__ import annotations

from sitegen.data.models.base import Strict, Text


class GlossaryEntry(Strict):
    term: Text  # the abbreviation or word as it appears in the text, e.g. "RAD"
    meaning: Text  # tooltip text
    explanation: Text | None = None  # longer text for the glossary page
