"""Content pages run as Jinja templates in the sandbox; every error names file and line.

Content is trusted authored Markdown, but its Jinja must not reach Python: the one
environment (sitegen/pages/templating.py) is Jinja's ImmutableSandboxedEnvironment.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.data.loading import load
from sitegen.exceptions import BuildError
from sitegen.pages.content import render_page
from sitegen.pages.context import PageContext
from tests.conftest import FIXTURE, run_build

PAGE = "hoofdstuk-1.md"
# The fixture's chapter 1 has 12 lines; each case adds its line after them, as line 14.
LINE = 14


def content_with(tmp_path: Path, line: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    page = content / PAGE
    text = page.read_text(encoding="utf-8")
    assert text.count("\n") == LINE - 2, "the fixture page changed: adjust LINE"
    page.write_text(text + "\n" + line + "\n", encoding="utf-8")
    return content


def render_error(tmp_path: Path, line: str) -> str:
    ctx = PageContext(load(FIXTURE / "data"), content_with(tmp_path, line))
    with pytest.raises(BuildError) as err:
        render_page(ctx, PAGE)
    return str(err.value)


def test_the_sandbox_stops_a_page_reaching_python_naming_file_and_line(tmp_path: Path) -> None:
    """Before: this ran a shell command during the build."""
    witness = tmp_path / "gehackt"
    escape = f"{{{{ cycler.__init__.__globals__.os.popen('touch {witness}').read() }}}}"
    content = content_with(tmp_path, escape)
    result = run_build(
        "--data", str(FIXTURE / "data"), "--content", str(content),
        "--site", str(tmp_path / "site"),
    )
    assert result.returncode == 1
    assert not witness.exists(), "the page ran a command"
    assert "Traceback" not in result.stderr
    assert f"content/{PAGE}, regel {LINE}: niet toegestaan in een pagina" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{{ naam }}", "onbekende naam of blok ('naam' is undefined)"),
        ("{{ recommendations('1.2' }}", "fout in de Jinja-opmaak"),
        ("{{ link.__self__ }}", "niet toegestaan in een pagina"),
        ("{% set x = [] %}{{ x.append(1) }}", "niet toegestaan in een pagina"),
        ("{{ recommendations('9.9') }}", "geen aanbevelingen voor paragraaf 9.9"),
    ],
    ids=["undefined", "syntax", "sandbox", "immutable", "block"],
)
def test_a_template_error_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    message = render_error(tmp_path, line)
    assert message.startswith(f"content/{PAGE}, regel {LINE}: "), message
    assert reason in message, message


def test_a_content_page_that_is_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    content = content_with(tmp_path, "Tekst")
    page = content / PAGE
    page.write_bytes(page.read_bytes().replace(b"Tekst", b"T\xe9kst"))
    with pytest.raises(BuildError) as err:
        PageContext(load(FIXTURE / "data"), content)
    assert str(err.value) == (
        f"content/{PAGE}, regel {LINE}, teken 2 (byte {page.read_bytes().index(b'\xe9') + 1} "
        "van het bestand): geen geldige UTF-8 (byte 0xE9). Sla het bestand op als UTF-8."
    )
