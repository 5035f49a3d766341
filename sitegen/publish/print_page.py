"""The whole guideline as one printable page: repairs of mkdocs-print-site-plugin's output.

Why this exists. mkdocs-print-site-plugin (2.9) combines the pages of the navigation into one
page (/volledige-richtlijn/), which we want: a maintained plugin rather than a hand-made
combiner. But its page breaks promises this site makes to trainers, so build.py runs
`finish` on it after MkDocs:

- **Anchors.** The plugin prefixes the ids of h1-h6, sup and li with a page key
  ('hoofdstuk-1-par-1-2') and rewrites every internal link to '#<page key>-<anchor>', also
  links to ids it did not prefix (a recommendation is a <div>): those links break. `finish`
  gives every links.json id its own name back (links.json ids are unique site-wide), so
  'volledige-richtlijn/#aanbeveling-1-9-2' works like '/hoofdstuk-1/#aanbeveling-1-9-2',
  and points every link at the id that exists. An id that would then occur twice (the
  plugin wraps each page in a section named after its page key, and a page's first heading
  may carry that same name) is kept once, on the heading.
- **Pages left out.** Links to pages the plugin left out (data/guideline.yml, `print`) become
  '#<page key>' anchors that do not exist; they now lead to the web page.
- **Pages outside the navigation.** The plugin prints only pages in the navigation; the
  intervention pages are not in it, but belong with the chapter that has the tables. They
  are added after that chapter, treated exactly as the plugin treats a page (its own
  `fix_internal_links`).
- **Empty sections.** A navigation section whose pages were all left out stays behind as an
  empty title page with an entry in the table of contents; both go.
- **Unique landmark names.** The theme's table of contents names its nested lists after the
  sections ('Richtlijn', 'Bijlagen'), as the site navigation does; they get 'Inhoud: ...'.
- **No scripts.** The plugin builds the table of contents in the browser (an inline script
  that copies the theme's sidebar) and adds an inline <style> for heading numbers (off here;
  a <style> in the body is invalid HTML). The table of contents is written here instead,
  so it is there without JavaScript and in the PDF; the script and the style go. Nothing
  else calls the functions of the plugin's js/print-site.js, which it adds to every page
  (no option turns that off; a later plugin of our own is refused, the plugin must be
  last): `drop_unused_script` removes it, one render-blocking request less per page.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mkdocs_print_site_plugin.urls import fix_internal_links, get_page_key

from sitegen.exceptions import BuildError
from sitegen.links import relative_url
from sitegen.publish import site_dir

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}
ARTICLE = re.compile(
    r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL
)
PRINT_SITE_SCRIPT = "js/print-site.js"
PRINT_SITE_TAG = re.compile(r'<script src="[^"<>]*\bjs/print-site\.js"></script>\n?')
REVISION_LINE = re.compile(r'<p class="page-revision">.*?</p>\s*', re.DOTALL)


@dataclass
class Element:
    """One element of the page: its start tag as written, and where it starts and ends."""

    name: str
    attrs: dict[str, str | None]
    start: int  # offset of '<' of the start tag
    tag_end: int  # offset after the start tag's '>'
    parent: Element | None
    end: int = -1  # offset after the end tag's '>' (the start tag's end for void elements)
    children: list[Element] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def page_key(self) -> str | None:
        """The page key of the page section this element is in (itself included)."""
        element: Element | None = self
        while element is not None:
            if element.name == "section" and element.classes == ["print-page"]:
                return element.attrs.get("id")
            element = element.parent
        return None


class _Parser(HTMLParser):
    """Records every element with its offsets, so that edits touch only what they change
    (a parser that serialises again would rewrite the theme's markup as well)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        # HTMLParser counts lines by '\n' only (str.splitlines knows more line breaks)
        self.line_offsets = [0] + [m.end() for m in re.finditer("\n", text)]
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        parent = self.stack[-1] if self.stack else None
        element = Element(tag, dict(attrs), start, start + len(raw), parent)
        if parent is not None:
            parent.children.append(element)
        self.elements.append(element)
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._open(tag, attrs)
        if tag in VOID:
            element.end = element.tag_end
        else:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._open(tag, attrs)
        element.end = element.tag_end

    def handle_endtag(self, tag: str) -> None:
        end = self.text.index(">", self._offset()) + 1
        # Close up to the matching element (HTML lets some end tags be left out).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].name == tag:
                for element in self.stack[i:]:
                    element.end = end
                del self.stack[i:]
                return


def _in_toc(element: Element) -> bool:
    """A nested list of the theme's table of contents (not its outer nav)."""
    parent = element.parent
    while parent is not None:
        if parent.name == "nav" and "md-nav--secondary" in parent.classes:
            return True
        parent = parent.parent
    return False


def start_tag(element: Element, changes: dict[str, str | None]) -> str:
    """The element's start tag with some attributes changed (None: removed)."""
    attrs = {**element.attrs, **changes}
    parts = [element.name]
    for name, value in attrs.items():
        if name in changes and changes[name] is None:
            continue
        parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


class Edits:
    """Replacements by offset, applied back to front."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, text: str) -> None:
        self.items.append((start, end, text))

    def apply(self, text: str) -> str:
        """The text with every replacement made: in one pass, front to back. Two edits of the
        same text would make the offsets of one of them wrong, so they are a bug."""
        parts: list[str] = []
        done = 0
        for start, end, new in sorted(self.items, key=lambda e: (e[0], e[1])):
            if start < done:
                raise ValueError(f"overlapping edits of the print page at offset {start}")
            parts += [text[done:start], new]
            done = end
        return "".join([*parts, text[done:]])

    def removed(self) -> list[tuple[int, int]]:
        """The ranges that are deleted (replaced by nothing)."""
        return [(start, end) for start, end, new in self.items if not new and end > start]


@dataclass(frozen=True)
class Appended:
    """Pages outside the navigation, printed after the page `after` (all site URLs)."""

    after: str  # e.g. '/hoofdstuk-5/'
    title: str  # heading of the group, e.g. 'Interventies bij hoofdstuk 5'
    pages: Sequence[str]  # e.g. ['/interventies/vipp-sd/', ...]


@dataclass
class Report:
    ids_restored: int = 0
    links_to_anchors: int = 0
    links_to_web_pages: int = 0
    empty_sections: int = 0
    pages_added: int = 0


def drop_unused_script(site: Path) -> int:
    """Remove the plugin's js/print-site.js and its <script> from every page (see the module
    docstring); returns the number of pages changed."""
    changed = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        cleaned = PRINT_SITE_TAG.sub("", text)
        if cleaned != text:
            site_dir.write_text(page, cleaned)
            changed += 1
    script = site / PRINT_SITE_SCRIPT
    script.unlink(missing_ok=True)
    if script.parent.is_dir() and not any(script.parent.iterdir()):
        script.parent.rmdir()
    return changed


def _site_pages(site: Path) -> dict[str, str]:
    """Page key (as the plugin forms it) -> site URL of every page of the built site."""
    pages = {}
    start = len(site.as_posix().rstrip("/")) + 1  # a string cut: Path.relative_to is slow
    for index in site.rglob("index.html"):
        folder = index.parent.as_posix()[start:]
        url = f"/{folder}/" if folder else "/"
        pages[get_page_key(url)] = url
    return pages


def _page_html(site: Path, url: str) -> str:
    """A built page's content as Markdown made it (its article without the theme's parts)."""
    path = site / url.strip("/") / "index.html"
    match = ARTICLE.search(path.read_text(encoding="utf-8"))
    if match is None:
        raise BuildError(f"{path}: geen artikel gevonden om af te drukken")
    return REVISION_LINE.sub("", match.group(1), count=1).strip()


def _shift(elements: Iterable[Element], at: int, by: int) -> None:
    """Move the offsets of `elements` for `by` characters inserted at offset `at`."""
    for element in elements:
        if element.start >= at:
            element.start += by
            element.tag_end += by
        if element.end > at:  # after the point, or around it (never closed: -1)
            element.end += by


def _add_pages(text: str, parser: _Parser, site: Path, appended: Iterable[Appended]) -> tuple[
    str, int
]:
    """Insert pages after a page of the print page, each wrapped as the plugin wraps one.

    The inserted block is parsed on its own and spliced into `parser`'s elements, so the
    1.5 MB page is parsed once (a parse of the block in place would give the same elements).
    """
    count = 0
    for group in appended:
        after_key = get_page_key(group.after)
        after = next(
            (e for e in parser.elements if e.name == "section"
             and e.classes == ["print-page"] and e.attrs.get("id") == after_key),
            None,
        )
        if after is None or not group.pages:
            continue  # the page they belong with is not printed: neither are they
        body = "".join(
            fix_internal_links(_page_html(site, url), url.lstrip("/"), True, "")
            for url in group.pages
        )
        group_id = f"{after_key}-bij"
        block = (
            f"<section class='print-page md-section' id='{group_id}'>"
            f"<h1>{html.escape(group.title)}</h1>{body}</section>"
        )
        at = after.end
        added = _Parser(block).elements
        _shift(parser.elements, at, len(block))
        _shift(added, 0, at)
        for element in added:
            if element.parent is None:
                element.parent = after.parent
                siblings = after.parent.children if after.parent is not None else []
                siblings.insert(siblings.index(after) + 1 if after in siblings else 0, element)
        index = next((i for i, e in enumerate(parser.elements) if e.start >= at + len(block)),
                     len(parser.elements))
        parser.elements[index:index] = added
        text = text[:at] + block + text[at:]
        parser.text = text
        count += len(group.pages)
    return text, count


def _toc(page: Element, text: str, final_id: Callable[[Element], str | None],
         gone: Callable[[Element], bool]) -> str:
    """The table of contents: every section and page of the print page, by its first
    heading, linked to its anchor (a static list: no script needed, also in the PDF).
    `final_id` gives an element's id after the repairs, `gone` tells a removed section."""

    def heading(section: Element) -> Element | None:
        return next((c for c in section.children if re.fullmatch(r"h[1-6]", c.name)), None)

    def title(section: Element) -> str:
        found = heading(section)
        if found is None:
            return ""
        inner = text[found.tag_end : found.end]
        inner = re.sub(r'<a class=["\']headerlink["\'].*?</a>', "", inner, flags=re.DOTALL)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", inner)).strip()

    def anchor(section: Element) -> str | None:
        if final_id(section):
            return final_id(section)
        found = heading(section)
        return final_id(found) if found is not None else None

    def items(sections: list[Element]) -> str:
        out = []
        for section in sections:
            target, name = anchor(section), title(section)
            if not target or not name:
                continue
            nested = [c for c in section.children if c.name == "section"
                      and "print-page" in c.classes and not gone(c)]
            sub = f"<ul>{items(nested)}</ul>" if nested else ""
            out.append(f'<li><a href="#{html.escape(target)}">{name}</a>{sub}</li>')
        return "".join(out)

    top = [c for c in page.children if c.name == "section" and "print-page" in c.classes
           and not gone(c)
           and not (c.children and any(x.attrs.get("id") == "print-page-toc"
                                       for x in c.children))]
    return f"<ul>{items(top)}</ul>"


def finish(
    site: Path,
    folder: str,
    link_ids: Iterable[str],
    appended: Iterable[Appended] = (),
) -> Report:
    """Repair the print page site/<folder>/index.html in place and drop the plugin's unused
    script from every page (see the module docstring)."""
    drop_unused_script(site)
    path = site / folder / "index.html"
    text = path.read_text(encoding="utf-8")
    report = Report()
    parser = _Parser(text)  # the one parse of the page: every step works on its elements
    text, report.pages_added = _add_pages(text, parser, site, appended)
    link_ids = set(link_ids)
    pages = _site_pages(site)
    edits = Edits()
    root = next((e for e in parser.elements if e.attrs.get("id") == "print-site-page"), None)
    if root is None:
        raise BuildError(f"{path}: geen print-site-page; is mkdocs-print-site-plugin actief?")

    # 1. Empty navigation sections (an h1 and nothing else) go, with their entries.
    removed: set[str] = set()
    for element in parser.elements:
        is_group = element.name == "section" and "md-section" in element.classes
        if is_group and all(c.name == "h1" for c in element.children):
            removed.add(element.attrs.get("id") or "")
            edits.replace(element.start, element.end, "")
            report.empty_sections += 1

    def inside_removed(element: Element) -> bool:
        parent: Element | None = element
        while parent is not None:
            if parent.name == "section" and parent.attrs.get("id") in removed:
                return True
            parent = parent.parent
        return False

    # 2. Ids: links.json ids get their own name back.
    new_ids: dict[int, str | None] = {}  # index of element -> new id (None: drop)
    for i, element in enumerate(parser.elements):
        value = element.attrs.get("id")
        key = element.page_key()
        if value and key and value.startswith(key + "-") and value[len(key) + 1 :] in link_ids:
            new_ids[i] = value[len(key) + 1 :]
    final = Counter(
        new_ids.get(i, e.attrs.get("id"))
        for i, e in enumerate(parser.elements)
        if e.attrs.get("id") and not inside_removed(e)
    )
    for i, element in enumerate(parser.elements):
        value = element.attrs.get("id")
        is_wrapper = element.name == "section" and "print-page" in element.classes
        if value and is_wrapper and i not in new_ids and final[value] > 1:
            new_ids[i] = None  # the page's heading carries this name already
    present = {
        new_ids.get(i, e.attrs.get("id"))
        for i, e in enumerate(parser.elements)
        if e.attrs.get("id") and not inside_removed(e)
    } - {None}
    report.ids_restored = sum(1 for v in new_ids.values() if v is not None)

    # 3. Links: to the anchor that exists, or to the web page of a page not printed.
    here = f"/{folder}/"

    def page_keys(anchor: str) -> Iterator[str]:
        """The page keys `anchor` may start with, longest first ('ouders-welke-hulp' before
        'ouders'): itself, and what comes before each of its hyphens."""
        yield anchor
        cut = len(anchor)
        while (cut := anchor.rfind("-", 0, cut)) > 0:
            yield anchor[:cut]

    def resolve(anchor: str) -> str | None:
        if anchor in present:
            return None
        for key in page_keys(anchor):
            if key in pages:
                rest = anchor[len(key) + 1 :]
                if rest in present:
                    report.links_to_anchors += 1
                    return f"#{rest}"
                if key in present and not rest:
                    return None
                report.links_to_web_pages += 1
                return relative_url(here, pages[key] + (f"#{rest}" if rest else ""))
        return None

    new_hrefs: dict[int, str] = {}  # index of element -> its new href
    for i, element in enumerate(parser.elements):
        if inside_removed(element):
            continue
        changes: dict[str, str | None] = {}
        if i in new_ids:
            changes["id"] = new_ids[i]
        href = element.attrs.get("href")
        if element.name == "a" and href and href.startswith("#"):
            target = href[1:]
            if target in removed:
                item = element.parent
                if item is not None and item.name == "li":
                    edits.replace(item.start, item.end, "")
                continue
            new = resolve(target)
            if new is not None:
                changes["href"] = new
                new_hrefs[i] = new
        if element.name == "section" and "print-page" in element.classes:
            changes["heading-number"] = None  # the plugin's own, not HTML
        if element.name == "nav" and element.attrs.get("aria-label") and _in_toc(element):
            # The sidebar's table of contents names its nested lists after the sections,
            # which the site navigation names too: landmarks need names of their own.
            changes["aria-label"] = f"Inhoud: {element.attrs['aria-label']}"
        if changes:
            edits.replace(element.start, element.tag_end, start_tag(element, changes))

    # 4. The table of contents, written out; the plugin's script and style go.
    toc = next((e for e in parser.elements if e.attrs.get("id") == "print-page-toc"), None)
    nav = next((c for c in toc.children if c.name == "nav"), None) if toc else None
    if nav is not None:
        edits.replace(
            nav.start, nav.tag_end, start_tag(nav, {"role": None, "aria-label": "Inhoud"})
        )
    for element in parser.elements:
        raw = text[element.tag_end : element.end]
        if element.name == "script" and "generate_toc()" in raw:
            edits.replace(element.start, element.end, "")
        if element.name == "style" and ".print-site-enumerate-headings" in raw:
            edits.replace(element.start, element.end, "")

    # The list links to the final ids, as the repaired page will have them.
    index = {id(e): i for i, e in enumerate(parser.elements)}

    def final_id(element: Element) -> str | None:
        return new_ids.get(index[id(element)], element.attrs.get("id"))

    toc_html = ""
    if nav is not None:
        toc_html = _toc(root, text, final_id, lambda e: e.attrs.get("id") in removed)
        at = text.rindex("</nav>", nav.start, nav.end)
        edits.replace(at, at, toc_html)
    _check(parser.elements, edits, final_id, new_hrefs, toc_html, path)
    site_dir.write_text(path, edits.apply(text))
    return report


def _check(
    elements: list[Element],
    edits: Edits,
    final_id: Callable[[Element], str | None],
    new_hrefs: dict[int, str],
    toc_html: str,
    path: Path,
) -> None:
    """No id twice and no link into the page without its anchor: else the build fails.
    Checked on the elements as the edits leave them (what a parse of the result would give:
    the edits change start tags and remove whole elements only)."""
    gone = sorted(edits.removed())

    def alive(element: Element) -> bool:
        return not any(start <= element.start < end for start, end in gone)

    live = [(i, e) for i, e in enumerate(elements) if alive(e)]
    ids = Counter(final_id(e) for _, e in live if final_id(e))
    hrefs = [new_hrefs.get(i, e.attrs.get("href") or "") for i, e in live if e.name == "a"]
    hrefs += re.findall(r'href="(#[^"]*)"', toc_html)
    twice = sorted(i for i, n in ids.items() if n > 1)
    broken = sorted({h for h in hrefs if h.startswith("#") and len(h) > 1 and h[1:] not in ids})
    if twice or broken:
        raise BuildError(
            [f"{path}: de printversie is niet heel:"]
            + [f"  id '{i}' staat er meer dan eens" for i in twice[:10]]
            + [f"  link '{h}' wijst naar niets" for h in broken[:10]]
        )
