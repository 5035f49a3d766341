"""Python-Markdown extension: treat <caption> as a block-level HTML element.

Python-Markdown's list of block-level tags (`markdown.util.BLOCK_LEVEL_ELEMENTS`, 3.11) has
no `caption`. md_in_html therefore handles `<caption markdown="span">` inside
`<table markdown="block">` as inline raw HTML: it wraps it in a <p> and never processes or
removes its `markdown` attribute. Browsers then move the caption out of the table, which
loses its name (html-validate: element-permitted-content). Upstream leaves the list to the
user (Python-Markdown issue #1018, the same for <figcaption>), hence this extension.
"""

from __future__ import annotations

from markdown import Extension, Markdown


class CaptionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        # A per-instance list; md_in_html reads it at parse time, so the order of the
        # extensions does not matter.
        if "caption" not in md.block_level_elements:
            md.block_level_elements.append("caption")


def makeExtension(**kwargs: object) -> CaptionExtension:  # noqa: N802 (Python-Markdown API)
    return CaptionExtension(**kwargs)
