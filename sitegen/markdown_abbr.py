"""Python-Markdown's `abbr` extension, with the terms matched by one trie-shaped pattern.

The stock extension joins every abbreviation of a page into one alternation,
`\\b(?:term1|term2|...)\\b`, and Python's regex engine tries each alternative at every
position of every text of the page: the cost grows with text x terms, so a glossary of
thousands of terms made its own page (which holds all of them) take minutes. The same
terms as a trie (`\\b(?:A(?:FFT|ISI|QS|RI\\-CP)|C(?:AI|BCL|BO))\\b`) let the engine follow
one branch per character: the same matches (at each position the longest term that ends at
a word boundary, as the stock pattern sorted by length gives), at a cost that grows with the
text only. Written here, not taken from a library: the stock treeprocessor is kept as it is
and only its pattern changes, and a trie of literal strings is a few lines.

mkdocs.yml and sitegen/safe_text.py name this extension instead of `abbr`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor


def _trie(terms: Iterable[str]) -> str:
    """A regex (no boundaries) matching exactly `terms`, the longest first at each branch."""
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}  # a term ends here

    def pattern(node: dict[str, Any]) -> str:
        # iterative over long chains would be faster to compile; terms are short
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


def terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """`\\b(?:<trie of terms>)\\b`, compiled; None for no terms."""
    terms = [t for t in terms if t]
    if not terms:
        return None
    return re.compile(rf"\b(?:{_trie(terms)})\b")


class TrieAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root: Any) -> None:
        if not self.abbrs:
            return
        self.RE = terms_pattern(self.abbrs)
        self.iter_element(root)


class TrieAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        md.treeprocessors.register(TrieAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs: Any) -> TrieAbbrExtension:  # noqa: N802
    return TrieAbbrExtension(**kwargs)
