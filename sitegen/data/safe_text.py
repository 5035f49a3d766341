"""What data text may hold: Markdown, and no HTML of its own (CONTRIBUTING.md, 'HTML in data').

Every `Text` field of the models (sitegen/data/models/) is Markdown that reaches several
places: pages (through Python-Markdown, which passes raw HTML on untouched), the tools' JSON
(shown as text), links.json and the citation titles. HTML typed into data would mean something
different in each, and on a page it could run a script or break the page's structure. So
validation refuses, with file, id and field:

- any raw HTML: a tag (`<script>`, `<img onerror=...>`, a stray `</div></article>`) or an
  HTML comment. What Markdown itself writes stays allowed: emphasis, links, autolinks
  `<https://...>`, footnote references, character references such as `&nbsp;`;
- a link (inline, reference or autolink) to anything but http(s), mailto or a relative address
  (`javascript:`, `data:`, `vbscript:`, ...);
- any attribute list of attr_list (`{: hidden onclick=... class=...}`, `*tekst*{.klasse}`):
  attributes are HTML too, and `hidden`, `id` or `class` change a page as much as a handler.

The check renders the text with the site's own Markdown extensions (`EXTENSIONS`, kept equal
to mkdocs.yml by a test) and inspects the result with the standard library's HTML parser, so
it sees exactly what a page would get, whatever spelling hides a scheme or a tag. A text is
rendered in every context the templates put data text in (`CONTEXTS`: a paragraph, a
heading, a heading the template ends with its own `{#id}`, raw HTML with `markdown="span"`,
a list item, a definition term, a table cell), because attr_list reads `{...}` differently
in each: inert at the end of a paragraph, the heading's attributes at the end of a heading.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

# mkdocs.yml `markdown_extensions`, names only (tests/test_data.py keeps them equal).
EXTENSIONS = (
    "toc", "footnotes", "admonition", "attr_list", "sitegen.markdown_extensions.abbr", "def_list",
    "md_in_html", "tables",
    "pymdownx.details", "pymdownx.superfences", "sitegen.markdown_extensions.caption",
    "sitegen.markdown_extensions.footnotes",
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "cite", "xlink:href", "data"}
SAFE_SCHEMES = {"http", "https", "mailto"}
ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Only text with one of these can hold HTML, a link or attributes: the rest skips rendering.
MAY_HOLD_MARKUP = re.compile(r"[<{}\]]")
# Where templates put data text; `{text}` is the text. The attribute lists a context itself
# gives (the template's heading id) are the second item: anything else came from the text.
CONTEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("# {text}", ()),
    ("## {text} {{#id}}", ("#id",)),
    ('<h3 markdown="span">{text}</h3>', ()),
    ('<p markdown="span">{text}</p>', ()),
    ("- {text}", ()),
    ("{text}\n:   uitleg", ()),
    ("| kop |\n| --- |\n| {text} |", ()),
)
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Browsers ignore ASCII control characters and whitespace in a URL's scheme.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")

_markdown = markdown.Markdown(extensions=list(EXTENSIONS))
_assigned: list[str] = []  # the attribute lists attr_list applied in the last conversion


def _spy_on_attr_list(md: markdown.Markdown) -> None:
    """Record every attribute list attr_list applies (its own notion of one, in any
    context), by wrapping its one method that applies them."""
    processor = md.treeprocessors["attr_list"]
    apply = processor.assign_attrs

    def recording(elem: object, attrs_string: str, *, strict: bool = False) -> str:
        remainder = apply(elem, attrs_string, strict=strict)
        if not (strict and remainder):  # strict with a remainder: nothing was applied
            _assigned.append(attrs_string)
        return remainder

    processor.assign_attrs = recording  # type: ignore[method-assign]


_spy_on_attr_list(_markdown)


def _convert(text: str) -> str:
    _markdown.reset()
    _assigned.clear()
    return _markdown.convert(text)


def _attribute_list(text: str) -> str | None:
    """The first attribute list the text itself sets in any context of CONTEXTS."""
    for context, own in CONTEXTS:
        _convert(context.format(text=text))
        extra = [a for a in _assigned if a not in own] + [
            a for a in own if _assigned.count(a) > 1
        ]
        if extra or len(_assigned) < len(own):
            return extra[0] if extra else "(de {#id} van het sjabloon)"
    return None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Inspector(HTMLParser):
    """Collects the first problem in Markdown's output: attributes and link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problem: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if self.problem:
                return
            if name.startswith("on"):
                self.problem = f"bevat het attribuut '{name}' (een event-handler)"
            elif name == "style":
                self.problem = "bevat een style-attribuut"
            elif name in URL_ATTRIBUTES and value is not None:
                target = IGNORED_IN_URL.sub("", html.unescape(value)).lower()
                scheme = SCHEME.match(target)
                if scheme and scheme.group(1) not in SAFE_SCHEMES:
                    self.problem = (
                        f"bevat een link naar '{_short(value, 40)}': alleen http(s)-, mailto- "
                        "en relatieve links zijn toegestaan"
                    )


def problem(text: str) -> str | None:
    """Why `text` may not be published (Dutch), or None."""
    if not MAY_HOLD_MARKUP.search(text):
        return None
    output = _convert(text)
    applied = list(_assigned)
    for raw in _markdown.htmlStash.rawHtmlBlocks:
        if not (isinstance(raw, str) and ENTITY.fullmatch(raw.strip())):
            shown = raw if isinstance(raw, str) else "HTML"
            return (
                f"bevat HTML ({_short(shown)}); data-tekst is Markdown zonder eigen HTML "
                "(zie CONTRIBUTING.md, 'HTML in data')"
            )
    inspector = _Inspector()
    inspector.feed(output)
    inspector.close()
    if inspector.problem:
        return inspector.problem
    found = applied[0] if applied else (
        _attribute_list(text) if "{" in text or "}" in text else None
    )
    if found is not None:
        return (
            f"bevat een attributenlijst ({{{_short(found, 40)}}}): in een kop of tekst van een "
            "pagina zou die HTML-attributen zetten (hidden, class, id, ...); data-tekst is "
            "Markdown zonder eigen HTML (zie CONTRIBUTING.md, 'HTML in data')"
        )
    return None


def check(text: str) -> str:
    """Pydantic validator: `text` unchanged, or ValueError with the Dutch reason."""
    reason = problem(text)
    if reason:
        raise ValueError(reason)
    return text
