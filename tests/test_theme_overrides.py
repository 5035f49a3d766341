"""The theme overrides stay as small as they claim: a copied partial differs from the
installed mkdocs-material only by the intended change, so a theme upgrade is noticed."""

from __future__ import annotations

import re
from pathlib import Path

import material
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from sitegen.renderer import run
from tests.conftest import ROOT

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"
LEADING_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)

# partial -> (line in the theme, the same line in our copy)
CHANGES = {
    "partials/search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog"'
        " aria-label=\"{{ lang.t('search') }}\">",
    ),
    "partials/copyright.html": (
        "  {% if not config.extra.generator == false %}",
        '  {% include "site-footer.html" %}{% if not config.extra.generator == false %}',
    ),
}


def body(path: Path) -> str:
    """A template without its leading {#- ... -#} comment (ours says why it exists)."""
    return LEADING_COMMENT.sub("", path.read_text(encoding="utf-8"), count=1)


def test_copied_partials_differ_from_the_theme_only_by_the_intended_change() -> None:
    copied = sorted(
        p.relative_to(OVERRIDES).as_posix() for p in (OVERRIDES / "partials").rglob("*.html")
    )
    assert copied == sorted(CHANGES), "a new copied partial needs its change listed here"
    for name, (original, changed) in CHANGES.items():
        theme = body(THEME / name)
        assert theme.count(original) == 1, f"the theme's {name} changed: check the override"
        assert body(OVERRIDES / name) == theme.replace(original, changed), name


def test_the_search_dialog_has_a_name_on_every_page(site: Path) -> None:
    from tests.html import soup

    for path in (site / "index.html", site / "hoofdstuk-1" / "index.html"):
        dialog = soup(path).select_one('.md-search[role="dialog"]')
        assert dialog is not None and dialog.get("aria-label") == "Zoeken", path


def test_the_theme_bundle_is_deferred_on_every_page(site: Path) -> None:
    """overrides/main.html defers it: at the end of <body> without `defer` it held up the first
    paint (Lighthouse: render-blocking). Exactly one bundle, and every script of a page still
    runs in document order (all of them deferred)."""
    from tests.html import soup

    for path in sorted(site.rglob("index.html")):
        scripts = soup(path).select("script[src]")
        if not scripts:
            continue  # a short link's redirect page
        bundles = [s for s in scripts if "/javascripts/bundle." in "/" + s["src"]]
        assert len(bundles) == 1 and bundles[0].has_attr("defer"), path
        body = [s for s in scripts if s.find_parent("body") and s.get("type") != "module"
                and not s.has_attr("nomodule")]
        assert all(s.has_attr("defer") or s.has_attr("async") for s in body), path


def test_mkdocs_copies_the_same_theme_files_from_the_builds_environment(tmp_path: Path) -> None:
    """The build's theme environment lists the theme's files without hidden folders
    (sitegen/renderer/run.py, 0.05 s less a build): MkDocs copies exactly the same files."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Titel\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        f"site_name: x\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n", encoding="utf-8",
    )
    config = load_config(config_file=str(config_file))
    plain, ours = Files([]), Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    ours.add_files_from_theme(run.theme_environment(config.theme.get_env), config)
    assert len(plain) > 40
    assert [(f.src_uri, f.abs_src_path) for f in ours] == [
        (f.src_uri, f.abs_src_path) for f in plain
    ]
