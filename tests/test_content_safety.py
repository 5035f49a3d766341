"""What content/ may publish: Markdown pages and the asset types data/guideline.yml declares,
no links, nothing from outside it, no script, front matter as plain text
(sitegen/data/content_files.py, sitegen/pages/templating.py, sitegen/pages/content.py).

Each attack was reproduced on the build before these checks (issue 18); the builds here use
the small fixture guideline, in a throwaway copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError
from mkdocs.utils import meta as mkdocs_meta

from sitegen.data import content_files
from sitegen.exceptions import BuildError
from sitegen.pages.content import check_front_matter, check_no_script, with_meta
from sitegen.pages.templating import TEMPLATES, template_environment
from tests.conftest import FIXTURE, run_build


@pytest.fixture
def guideline(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway copy of the fixture guideline: (data, content)."""
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    return tmp_path / "data", tmp_path / "content"


def build(guideline: tuple[Path, Path], site: Path):  # noqa: ANN201
    data, content = guideline
    return run_build("--data", str(data), "--content", str(content), "--site", str(site))


def refused(result, *words: str) -> None:  # noqa: ANN001
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for word in ("De site is niet gebouwd", *words):
        assert word in result.stderr, result.stderr


# --- files and links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target"),
    [("omgeving.txt", "/proc/self/environ"), ("passwd.txt", "/etc/passwd"),
     ("hoofdstuk-3.md", "/etc/hostname")],
)
def test_a_link_in_content_is_refused(
    guideline: tuple[Path, Path], tmp_path: Path, name: str, target: str
) -> None:
    """`ln -s /proc/self/environ content/omgeving.txt` published the build's environment."""
    (guideline[1] / name).symlink_to(target)
    result = build(guideline, tmp_path / "site")
    refused(result, f"content/{name}: is een symbolische link (naar {target})")
    assert not (tmp_path / "site").exists()


def test_a_linked_folder_cannot_be_included_or_published(
    guideline: tuple[Path, Path], tmp_path: Path
) -> None:
    """`{% include "outdir/secret.txt" %}` through a folder link inlined a file from outside
    the project; hidden, the folder is not published, and the loader still refuses it."""
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.txt").write_text("GEHEIM", encoding="utf-8")
    content = guideline[1]
    (content / "map").symlink_to(outside)
    page = content / "hoofdstuk-1.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{% include "map/geheim.txt" %}\n',
                    encoding="utf-8")
    refused(build(guideline, tmp_path / "site"), "content/map: is een symbolische link")
    (content / "map").rename(content / ".map")
    env = template_environment(content, *TEMPLATES)
    with pytest.raises(SecurityError, match="loopt via de symbolische link"):
        env.from_string('{% include ".map/geheim.txt" %}').render()
    (content / "echt.md").write_text("gewoon", encoding="utf-8")
    assert env.from_string('{% include "echt.md" %}').render() == "gewoon"


def test_only_pages_and_declared_assets_are_published(tmp_path: Path) -> None:
    """A `content/evil.js` ran on the site's own origin ('self')."""
    content = tmp_path / "content"
    (content / "fotos").mkdir(parents=True)
    (content / "index.md").write_text("# Start\n", encoding="utf-8")
    (content / "fotos" / "schema.png").write_bytes(b"\x89PNG")
    assert content_files.files(content, ["png"]) == ["fotos/schema.png", "index.md"]
    for name in ("evil.js", "stijl.css", "pagina.html", "tekening.svg", "LEESMIJ"):
        (content / name).write_text("x", encoding="utf-8")
        with pytest.raises(BuildError, match=f"content/{name}: dit soort bestand hoort niet"):
            content_files.files(content, ["png"])
        (content / name).unlink()
    with pytest.raises(BuildError, match="content/fotos/schema.png: dit soort bestand"):
        content_files.files(content, [])


def test_editor_leftovers_are_never_published(
    guideline: tuple[Path, Path], tmp_path: Path
) -> None:
    """`begrippen.md~` and `#begrippen.md#` were published as they were."""
    content = guideline[1]
    for name in ("index.md~", "#index.md#", ".index.md.swp", ".#index.md"):
        shutil.copyfile(content / "index.md", content / name)
    site = tmp_path / "site"
    result = build(guideline, site)
    assert result.returncode == 0, result.stderr
    published = [p.name for p in site.rglob("*")]
    assert not [n for n in published if "index.md" in n or n.startswith("#")], published


# --- front matter: plain text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "field", "why"),
    [
        ('---\ntitle: "Begrippen <script>alert(document.domain)</script>"\n---\n# B\n',
         "title", "moet gewone tekst zijn, zonder '<', '>'"),
        ("---\ndescription: 'x\"><script>alert(1)</script>'\n---\n# B\n",
         "description", "zonder '\"', '<', '>'"),
        ("Title: Hoi <script>alert(1)</script>\n\n# B\n", "title", "moet gewone tekst"),
        ("---\ntitle: A\n...\n# B\n".replace("A", "A <b>"), "title", "moet gewone tekst"),
        ("---\ntemplate: main.html\n---\n# B\n", "template", "onbekend veld"),
        # the build's own key for a tool's page (with_meta): the theme loads it as a script
        ("---\nwidgets_client: https://elders.example/x.mjs\n---\n# B\n", "widgets_client",
         "onbekend veld"),
        ("---\nhide: [alles]\n---\n# B\n", "hide.0",
         "moet een van deze waarden zijn: 'navigation'"),
    ],
)
def test_front_matter_is_plain_text_in_dutch(page: str, field: str, why: str) -> None:
    """The theme writes title and description into <head> unescaped: a title with a script
    ran in Chromium, a description broke out of <meta>. MkDocs also reads a YAML block that
    ends in '...' and 'Key: value' lines at the top: read the same way here."""
    with pytest.raises(BuildError) as err:
        check_front_matter(page, "content/begrippen.md")
    assert f"content/begrippen.md: front matter, veld '{field}': " in str(err.value)
    assert why in str(err.value)


@pytest.mark.parametrize(
    "page", ["# Rekenhulp\n", "---\ntitle: Rekenhulp\nhide: [toc]\n---\n# Rekenhulp\n"]
)
def test_the_build_adds_its_key_to_the_front_matter_as_mkdocs_reads_it(page: str) -> None:
    url = '../../assets/widgets/client.mjs?v=abc"#'
    _, meta = mkdocs_meta.get_data(with_meta(page, "widgets_client", url))
    assert meta["widgets_client"] == url
    assert meta.get("title", "Rekenhulp") == "Rekenhulp"


def test_a_title_with_a_script_fails_the_build(guideline: tuple[Path, Path], tmp_path: Path):
    page = guideline[1] / "hoofdstuk-2.md"
    page.write_text('---\ntitle: "Aanpak <script>alert(document.domain)</script>"\n---\n'
                    + page.read_text(encoding="utf-8"), encoding="utf-8")
    refused(build(guideline, tmp_path / "site"),
            "content/hoofdstuk-2.md: front matter, veld 'title': moet gewone tekst zijn")


# --- no <script> in content, in any form -----------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    ['<script src="../evil.js"></script>', "<script data-src=1>alert(1)</script>",
     "<SCRIPT>alert(1)</SCRIPT>", "<script\n>alert(1)</script>", "<script/src=x.js></script>",
     "<p>tekst <script type=module>alert(1)</script></p>", "<script>"],
)
def test_a_script_in_content_is_refused_in_any_form(markup: str) -> None:
    with pytest.raises(BuildError, match=r"content/x.md, regel 3: een <script>-element"):
        check_no_script(f"# Kop\n\n{markup}\n", [], "content/x.md")


def test_text_about_scripts_and_the_tools_own_scripts_pass() -> None:
    tool = '<div>\n<script type="module" src="../assets/lsvg/lsvg.mjs"></script>\n</div>'
    check_no_script(f"# Kop\n\nHet woord &lt;script&gt; en `x`.\n\n{tool}\n", [tool], "x.md")


def test_a_script_with_data_src_fails_the_build(guideline: tuple[Path, Path], tmp_path: Path):
    """`<script data-src=1>` passed the build's check (`\\bsrc=` matched data-src)."""
    page = guideline[1] / "hoofdstuk-2.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<script data-src=1>alert(1)</script>\n",
                    encoding="utf-8")
    refused(build(guideline, tmp_path / "site"), "content/hoofdstuk-2.md, regel",
            "een <script>-element is niet toegestaan")
