"""Python-Markdown's `abbr` extension, with the terms matched by one trie-shaped pattern.

The stock extension joins every abbreviation of a page into one alternation,
`\\b(?:term1|term2|...)\\b`, and Python's regex engine tries each alternative at every
position of every text of the page: the cost grows with text x terms, so a glossary of
thousands of terms made its own page (which holds all of them) take minutes. The same
terms as a trie (`\\b(?:A(?:FFT|ISI|QS|RI\\-CP)|C(?:AI|BCL|BO))\\b`) let the engine follow
one branch per character: the same matches (at each position the longest term that ends at
a word boundary, as the stock pattern sorted by length gives), at a cost that grows with the
text only. Written here, not taken from a library: the stock treeprocessor's steps are kept
(only the pattern and how a child's position is found change), and a trie of literal strings
is a few lines.

mkdocs.yml and sitegen/data/safe_text.py name this extension instead of `abbr`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.util import AtomicString


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
    """The stock treeprocessor with the trie pattern, and with each child's position passed
    down instead of looked up (`list(parent).index(el)` per child made a list of many
    children, the glossary's <dl>, quadratic too). Otherwise the stock code, step by step."""

    def run(self, root: Any) -> None:
        if not self.abbrs:
            return
        self.RE = terms_pattern(self.abbrs)
        self._walk(root, None, 0)

    def _walk(self, el: Any, parent: Any, index: int) -> None:
        for position in range(len(el) - 1, -1, -1):
            self._walk(el[position], el, position)
        if (text := el.text) and not isinstance(text, AtomicString):
            for m in reversed(list(self.RE.finditer(text))):
                if self.abbrs[m.group(0)]:
                    abbr = self.create_element(self.abbrs[m.group(0)], m.group(0),
                                               text[m.end():])
                    el.insert(0, abbr)
                    text = text[:m.start()]
            el.text = text
        if parent is not None and el.tail:
            tail = el.tail
            if not isinstance(tail, AtomicString):
                for m in reversed(list(self.RE.finditer(tail))):
                    if self.abbrs[m.group(0)]:
                        abbr = self.create_element(self.abbrs[m.group(0)], m.group(0),
                                                   tail[m.end():])
                        parent.insert(index + 1, abbr)
                        tail = tail[:m.start()]
                el.tail = tail


class TrieAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        md.treeprocessors.register(TrieAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs: Any) -> TrieAbbrExtension:  # noqa: N802
    return TrieAbbrExtension(**kwargs)
