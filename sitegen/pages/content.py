"""A page of content/: its Jinja (the calls of sitegen/pages/calls.py), then the checks of
its result (front matter, no <script>, the first heading of a chapter), its explicit
heading ids as link targets, a chapter's opening and the links to and from the parents'
version. Also which page places each block (`placements`), known before any is rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from mkdocs.utils import meta as mkdocs_meta
from pydantic import ValidationError

from sitegen.data import content_files
from sitegen.data.loading import field_and_message
from sitegen.data.models.front_matter import FrontMatter
from sitegen.data.strict_yaml import parse_yaml, read_utf8
from sitegen.exceptions import BuildError
from sitegen.links import HEADING_ID, plain_text
from sitegen.pages.blocks import client_version
from sitegen.pages.blocks.home import chapter_opening
from sitegen.publish import headers

if TYPE_CHECKING:
    from sitegen.pages.context import PageContext


def _expected_title(ctx: PageContext, page: str) -> str | None:
    for part in (*ctx.guideline.chapters, *ctx.guideline.appendices):
        if part.page == page:
            return part.label
    return None


def render_page(ctx: PageContext, page: str) -> str:
    """A content page: Jinja first, then its explicit heading ids become link targets."""
    ctx.current_page = page
    ctx.tool_output = []
    ctx.widgets_client = None
    try:
        text = ctx.env.get_template(page).render()
    except (TemplateError, BuildError) as exc:
        raise BuildError(template_problem(exc, ctx.content_dir, page)) from None
    check_front_matter(text, f"content/{page}")
    check_no_script(text, ctx.tool_output, f"content/{page}")
    ctx.rendered[page] = text
    title = ctx.remember_title(text)
    expected = _expected_title(ctx, page)
    if expected is not None and title != expected:
        raise BuildError(
            f"content/{page}: de eerste kop moet '# {expected}' zijn (zoals in "
            f"data/guideline.yml), niet '# {title}'"
        )
    for level, heading, anchor in HEADING_ID.findall(text):
        if page in ctx.tool_pages:  # the tool itself, not its headings
            if len(level) == 1:
                ctx.publish(anchor, "hulpmiddel", plain_text(heading))
        elif len(level) >= 2:
            ctx.publish(anchor, "paragraaf", plain_text(heading))
    chapter = next((c for c in ctx.guideline.chapters if c.page == page), None)
    if chapter is not None:
        opening = chapter_opening(ctx, chapter)
        heading = re.search(r"^# .*$", text, re.MULTILINE)
        if opening and heading:  # right below the chapter's heading (checked above)
            text = f"{text[:heading.end()]}\n\n{opening}\n{text[heading.end():]}"
    parent = ctx.cross_links.parents.get(page)
    if parent:
        text += client_version.sources_section(parent, ctx.cross_links, ctx.link)
    else:
        text = client_version.add_backlinks(text, ctx.cross_links, ctx.link)
    if ctx.widgets_client:
        text = with_meta(text, "widgets_client", ctx.widgets_client)
    return text + ctx.abbreviations(text)


def with_meta(text: str, key: str, value: str) -> str:
    """The page with `key: value` added to its front matter (a generated key: after
    check_front_matter, which refuses it from an author), written back as one YAML block: JSON,
    which YAML reads as it is."""
    body, meta = mkdocs_meta.get_data(text)  # either form MkDocs reads, YAML or MultiMarkdown
    return f"---\n{json.dumps({**meta, key: value}, ensure_ascii=False)}\n---\n\n{body}"


def template_problem(exc: Exception, content_dir: Path, page: str) -> str:
    """'content/<page>, regel N: <Dutch reason>' for an error while rendering a page.

    Jinja puts the template's file and line into the traceback of any error raised while a
    template runs (also a BuildError of a block); the innermost frame of the page wins.
    """
    line = getattr(exc, "lineno", None)
    path = str(content_dir / page)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    where = f"content/{page}" + (f", regel {line}" if line else "")
    if isinstance(exc, BuildError):
        reason = str(exc)
    elif isinstance(exc, UndefinedError):
        reason = f"onbekende naam of blok ({exc.message})"
    elif isinstance(exc, TemplateSyntaxError):
        reason = f"fout in de Jinja-opmaak: {exc.message}"
    elif isinstance(exc, SecurityError):
        reason = f"niet toegestaan in een pagina: {exc}"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    return f"{where}: {reason}"


def check_front_matter(text: str, shown: str) -> FrontMatter:
    """The page's front matter, read exactly as MkDocs reads it (a YAML block between '---'
    and '---' or '...', or MultiMarkdown 'Key: value' lines at the top), then validated:
    known keys only, `title` and `description` plain text (FrontMatter). The theme writes
    both into <head> unescaped. Duplicate keys are refused as in data/."""
    if block := mkdocs_meta.YAML_RE.match(text):
        parse_yaml(block.group(1), shown, first_line=2)
    _, meta = mkdocs_meta.get_data(text)
    try:
        return FrontMatter.model_validate(meta)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where, message = field_and_message(err)
            problems.append(f"{shown}: front matter, veld '{where}': {message}")
        raise BuildError(problems) from None


def check_no_script(text: str, trusted: Iterable[str], shown: str) -> None:
    """Refuse any <script> in a content page (with or without src, any type or spelling):
    scripts come only from web/, through the tools' own templates (`trusted`: what they
    wrote into this page, blanked out before the check, line count kept)."""
    for part in trusted:
        text = text.replace(part, "\n" * part.count("\n"))
    # parsed as a browser tokenises the raw HTML a page passes on (Python-Markdown copies
    # raw HTML as it is), so no spelling hides one
    found = headers.scripts(text)
    if found:
        raise BuildError(
            f"{shown}, regel {found[0][0]}: een <script>-element is niet toegestaan in "
            "content/ (ook niet met src= of een ander type): code op de site komt alleen uit "
            "web/, geplaatst door een hulpmiddel ({{ lsvg_tool() }}, {{ finder_tool() }})"
        )


BLOCK_CALL = re.compile(r"\{\{\s*([a-z_]+)\(")


def placements(content_dir: Path) -> dict[str, str]:
    """Which content page places each data block ('stappenplan' -> 'hoofdstuk-4.md'), known
    before rendering so that a block can link to one placed on a later page. The first page
    in file order wins."""
    placed: dict[str, str] = {}
    for page in content_files.pages(content_dir):
        for name in BLOCK_CALL.findall(read_utf8(content_dir / page, f"content/{page}")):
            placed.setdefault(name, page)
    return placed
