"""Python-Markdown extension: footnotes show the source's own numbers.

The guideline numbers its footnotes through the whole document (1, 2, ... 10), and content/
uses those numbers as labels (`[^7]`). Python-Markdown's footnotes extension (3.11) always
shows 1, 2, 3 ... per page and has no option to show the label (SUPERSCRIPT_TEXT only gets
the position). This treeprocessor runs after it and, for numeric labels only, puts the label
in the reference's superscript, as the `value` of the footnote's list item (so the list shows
it too) and in the backlink's title. Ids (`fn:7`, `fnref:7`) already carry the label and stay.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor


class SourceFootnoteNumbers(Treeprocessor):
    def __init__(self, md: Markdown, footnotes: FootnoteExtension) -> None:
        super().__init__(md)
        self.footnotes = footnotes

    def run(self, root: etree.Element) -> None:
        sep = self.footnotes.get_separator()
        title = self.footnotes.getConfig("BACKLINK_TITLE")
        for a in root.iter("a"):
            if a.get("class") == "footnote-ref":
                label = a.get("href", "").split(sep, 1)[-1]
                if label.isdigit():
                    a.text = label
        for div in root.iter("div"):
            if div.get("class") != "footnote" or (ol := div.find("ol")) is None:
                continue
            for li in ol.findall("li"):
                label = li.get("id", "").split(sep, 1)[-1]
                if not label.isdigit():
                    continue
                li.set("value", label)
                for back in li.iter("a"):
                    if back.get("class") == "footnote-backref":
                        back.set("title", title.format(label))


class SourceFootnoteNumbersExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        footnotes = next(
            (e for e in md.registeredExtensions if isinstance(e, FootnoteExtension)), None
        )
        if footnotes is None:
            raise ValueError("sitegen.markdown_footnotes needs the footnotes extension first")
        # After the footnotes' own treeprocessors (priorities 50, 19 and 15): lower runs later.
        md.treeprocessors.register(
            SourceFootnoteNumbers(md, footnotes), "footnote-source-numbers", 14
        )


def makeExtension(**kwargs: object) -> SourceFootnoteNumbersExtension:  # noqa: N802
    return SourceFootnoteNumbersExtension(**kwargs)
