"""What data text may hold: Markdown, and no HTML of its own (CONTRIBUTING.md, 'HTML in data').

Every `Text` field of sitegen/models.py is Markdown that reaches several places: pages
(through Python-Markdown, which passes raw HTML on untouched), the tools' JSON (shown as
text), links.json and the citation titles. HTML typed into data would mean something
different in each, and on a page it could run a script or break the page's structure. So
validation refuses, with file, id and field:

- any raw HTML: a tag (`<script>`, `<img onerror=...>`, a stray `</div></article>`) or an
  HTML comment. What Markdown itself writes stays allowed: emphasis, links, autolinks
  `<https://...>`, footnote references, character references such as `&nbsp;`;
- a link (inline, reference or autolink) to anything but http(s), mailto or a relative address
  (`javascript:`, `data:`, `vbscript:`, ...);
- attributes from attr_list (`*tekst*{onclick=...}`) that handle events or set a style.

The check renders the text with the site's own Markdown extensions (`EXTENSIONS`, kept equal
to mkdocs.yml by a test) and inspects the result with the standard library's HTML parser, so
it sees exactly what a page would get, whatever spelling hides a scheme or a tag.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

# mkdocs.yml `markdown_extensions`, names only (tests/test_data.py keeps them equal).
EXTENSIONS = (
    "toc", "footnotes", "admonition", "attr_list", "abbr", "def_list", "md_in_html", "tables",
    "pymdownx.details", "pymdownx.superfences", "sitegen.markdown_caption",
    "sitegen.markdown_footnotes",
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "cite", "xlink:href", "data"}
SAFE_SCHEMES = {"http", "https", "mailto"}
ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Only text with one of these can hold HTML, a link or attributes: the rest skips rendering.
MAY_HOLD_MARKUP = re.compile(r"[<{\]]")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Browsers ignore ASCII control characters and whitespace in a URL's scheme.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")

_markdown = markdown.Markdown(extensions=list(EXTENSIONS))


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
    _markdown.reset()
    output = _markdown.convert(text)
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
    return inspector.problem


def check(text: str) -> str:
    """Pydantic validator: `text` unchanged, or ValueError with the Dutch reason."""
    reason = problem(text)
    if reason:
        raise ValueError(reason)
    return text
