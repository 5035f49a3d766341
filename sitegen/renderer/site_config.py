"""The renderer's configuration for one build: the committed base mkdocs.yml (theme, plugins,
Markdown extensions: the same for every guideline) plus what data/guideline.yml says (name,
description, copyright and the navigation).

The generated file extends the base with MkDocs's `INHERIT`, so the base stays the one place
for the look of the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from sitegen.data.models.guideline import Guideline, NavPage, NavSection
from sitegen.links import page_url, werkkaart_page
from sitegen.publish.site_dir import copy_file as copy_output
from sitegen.publish.site_dir import write_text as write_output

ROOT = Path(__file__).resolve().parents[2]
BASE_CONFIG = ROOT / "mkdocs.yml"
OVERRIDES = ROOT / "overrides"
PRINT_COVER = ROOT / "sitegen" / "renderer" / "print-cover.html.j2"  # the printed guideline


def _section_pages(guideline: Guideline, section: NavSection) -> list[NavPage]:
    if section.generate == "chapters":
        return [NavPage(page=c.page) for c in guideline.chapters]
    if section.generate == "appendices":
        return [NavPage(page=a.page) for a in guideline.appendices]
    if section.generate == "tools":
        tools = guideline.tools
        return [NavPage(page=t.page) for t in (tools.lsvg, tools.finder) if t is not None]
    if section.generate == "werkkaarten":
        return [NavPage(page=werkkaart_page(w.id)) for w in guideline.werkkaarten]
    return [p if isinstance(p, NavPage) else NavPage(page=p) for p in section.pages]


def _entries(guideline: Guideline) -> list[NavPage | tuple[str, list[NavPage]]]:
    out: list[NavPage | tuple[str, list[NavPage]]] = []
    for item in guideline.nav:
        if isinstance(item, NavPage):
            out.append(item)
        else:
            out.append((item.title, _section_pages(guideline, item)))
    return out


def nav_pages(guideline: Guideline) -> list[str]:
    """Content paths in the order of the navigation: the reading order of the site."""
    pages: list[str] = []
    for entry in _entries(guideline):
        for page in [entry] if isinstance(entry, NavPage) else entry[1]:
            pages.append(page.page)
    return pages


def _mkdocs_page(page: NavPage) -> str | dict[str, str]:
    return {page.title: page.page} if page.title else page.page


def mkdocs_nav(guideline: Guideline) -> list[Any]:
    nav: list[Any] = []
    for entry in _entries(guideline):
        if isinstance(entry, NavPage):
            nav.append(_mkdocs_page(entry))
        else:
            title, pages = entry
            nav.append({title: [_mkdocs_page(p) for p in pages]})
    return nav


def print_page_url() -> str | None:
    """Site URL of the whole guideline in print ('/volledige-richtlijn/'), as the base
    configuration names it; None without the print-site plugin."""
    base = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    printed = (base.get("plugins") or {}).get("print-site")
    if not isinstance(printed, dict) or printed.get("enabled") is False:
        return None
    return f"/{printed.get('print_page_basename', 'print_page')}/"


def print_excluded(guideline: Guideline) -> list[str]:
    """Content paths (globs) the whole guideline in print leaves out."""
    return [pattern for e in guideline.print.exclude for pattern in e.pages]


def overlay(guideline: Guideline) -> dict[str, Any]:
    """What this guideline adds to the base configuration."""
    return {
        "site_name": guideline.short_title,
        "site_description": guideline.description,
        "copyright": guideline.copyright,
        "nav": mkdocs_nav(guideline),
        # what the printed guideline leaves out (sitegen/publish/print_page.py prints the rest)
        "plugins": {
            "print-site": {
                "exclude": print_excluded(guideline),
                "cover_page_template": str(PRINT_COVER),
            }
        },
        "extra": {
            "guideline": {
                "title": guideline.title,
                "revision": guideline.revision,
                "revision_label": guideline.revision_label,
            },
            "print_excluded": [
                {"what": e.what, "reason": e.reason} for e in guideline.print.exclude
            ],
            # the footer (overrides/site-footer.html) instead of 'Made with Material for MkDocs'
            "generator": False,
            "colophon": _footer(guideline),
        },
    }


def _footer(guideline: Guideline) -> dict[str, str] | None:
    c = guideline.colophon
    if c is None:
        return None
    return {
        "title": c.title,
        "page": page_url(c.page).lstrip("/"),
        "official_url": c.official.url,
        "official_text": c.official.link_text,
    }


def write_config(guideline: Guideline, docs_dir: Path, site_dir: Path, out: Path) -> Path:
    """The MkDocs configuration of this build: the base INHERITed, plus the overlay."""
    config = {
        "INHERIT": str(BASE_CONFIG),
        **overlay(guideline),
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        # MkDocs resolves the base's relative custom_dir against this file's folder (a
        # temporary one), so it is repeated here as an absolute path; INHERIT merges deeply.
        "theme": {"custom_dir": str(OVERRIDES)},
    }
    write_output(out, yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return out


def write_merged_config(guideline: Guideline, work: Path) -> Path:
    """One self-contained configuration in `work` for renderers without INHERIT (Zensical
    0.0.73): base and overlay merged, docs/ and site/ relative and inside `work` (Zensical
    refuses an absolute docs_dir or one outside the config's folder), the theme overrides
    copied beside it."""
    base = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    config = _merged(base, overlay(guideline))
    config.update(docs_dir="docs", site_dir="site")
    config["theme"]["custom_dir"] = "overrides"
    # partials/search.html is a copy of mkdocs-material's partial (for its dialog's name);
    # Zensical's own search partial is different and already names its dialog.
    shutil.copytree(
        OVERRIDES, work / "overrides", dirs_exist_ok=True,
        ignore=lambda folder, names: ["search.html"] if folder.endswith("partials") else [],
        copy_function=lambda source, target: copy_output(Path(source), Path(target)),
    )
    out = write_output(
        work / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    )
    return out


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Deep merge of mappings, as MkDocs's INHERIT does; `extra` wins."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out
