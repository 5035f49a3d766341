"""Sources: the guideline's own words behind every rule (`{anchor, quote}`)."""

from __future__ import annotations

from sitegen.data.models.base import Slug, Strict, Text


class Source(Strict):
    """Where a rule stands in the guideline: an anchor this site publishes (a links.json id
    or heading id; the build checks it) and the source's literal words there.

    `quote` is the text of the source (the PDF's text extraction, cleaned as content/ is:
    no page headers, no hyphenation at line ends, whitespace collapsed), not this site's
    corrected text; tests/test_quotes.py finds every quote in the source text. Where it is
    shown, the listed corrections (data/corrections/) are applied, so it reads as the page it
    links to."""

    anchor: Slug
    quote: Text


Sources = tuple[Source, ...]
