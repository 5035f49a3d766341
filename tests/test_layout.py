"""The layout of sitegen/ keeps its import rules (sitegen/__init__.py and each package's
docstring): the data never depends on how it is shown, publishing never renders Markdown,
the leaves stay leaves. Read from the source with `ast`, every import (also one inside a
function), so a rule breaks here before it shows as an import cycle."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from tests.conftest import ROOT

SITEGEN = ROOT / "sitegen"
LEAVES = ("sitegen.exceptions", "sitegen.links", "sitegen.markdown_extensions")
MARKDOWN = ("markdown", "pymdownx", "sitegen.markdown_extensions")
# package -> the sitegen packages and modules it may import besides itself (a module
# follows the longest package it is in)
ALLOWED: dict[str, tuple[str, ...]] = {
    "sitegen.exceptions": (),
    "sitegen.links": (),
    "sitegen.markdown_extensions": (),
    "sitegen.data": ("sitegen.exceptions", "sitegen.links"),
    "sitegen.data.models": ("sitegen.data.safe_text",),  # the models know no other file
    "sitegen.tools": ("sitegen.data", "sitegen.publish", *LEAVES),
    "sitegen.publish": ("sitegen.data", "sitegen.tools", *LEAVES),
    "sitegen.renderer": ("sitegen.data", "sitegen.tools", "sitegen.publish", *LEAVES),
    "sitegen.pages": (
        "sitegen.data", "sitegen.tools", "sitegen.publish", "sitegen.renderer.site_config",
        *LEAVES,
    ),
}
# and what a package may not import outside the generator
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "sitegen.publish": MARKDOWN,  # it works on the finished HTML
}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = ROOT) -> list[tuple[int, list[str]]]:
    """(line, imported names) of every import statement in a file: `import a` gives ['a'],
    `from a import b` gives ['a', 'a.b'] (b may be a module)."""
    module = module_name(path, root)
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, [alias.name]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing module's package
                package = module.split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([base] if base else [])])
            found.append((node.lineno, [base, *(f"{base}.{a.name}" for a in node.names)]))
    return found


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def refused(name: str, package: str) -> bool:
    """Whether `package` may not import `name`."""
    if within(name, FORBIDDEN.get(package, ())):
        return True
    if name in ("build", "widgets") or name.startswith("widgets."):
        return True  # the top of the pipeline; the tools' logic runs in the browser
    if not name.startswith("sitegen."):
        return False
    allowed = (package, *ALLOWED[package])
    # `from sitegen.renderer import site_config` names the package before the module
    return not within(name, allowed) and not any(within(p, (name,)) for p in allowed)


def violations(root: Path = ROOT) -> list[str]:
    """'file:line: package must not import name', one per import statement that breaks a
    rule; `root` holds the sitegen/ to check."""
    found = []
    for path in sorted((root / "sitegen").rglob("*.py")):
        module = module_name(path, root)
        if module == "sitegen":
            continue
        package = max((p for p in ALLOWED if within(module, (p,))), key=len)
        for line, names in imports(path, root):
            bad = next((n for n in names if refused(n, package)), None)
            if bad:
                found.append(f"{path.relative_to(root)}:{line}: {package} must not import {bad}")
    return found


def test_every_module_belongs_to_a_package_with_rules() -> None:
    for path in SITEGEN.rglob("*.py"):
        module = module_name(path)
        assert module == "sitegen" or any(within(module, (p,)) for p in ALLOWED), module


def test_sitegen_keeps_its_import_rules() -> None:
    found = violations()
    assert not found, "\n".join(found)


def test_the_check_sees_a_broken_rule(tmp_path: Path) -> None:
    """An import of each kind the rules forbid is caught (in a copy of sitegen/ with four
    imports added; nothing in the project changes)."""
    shutil.copytree(SITEGEN, tmp_path / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    for name, line in (
        ("data/loading.py", "from sitegen.pages import calls"),
        ("links.py", "from sitegen.data import loading"),
        ("publish/headers.py", "import markdown"),
        ("tools/lsvg.py", "    from sitegen.pages.blocks.appendices import lsvg  # lazily"),
    ):
        path = tmp_path / "sitegen" / name
        if line.startswith(" "):
            line = "def later() -> None:\n" + line
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    assert [f.split(": ", 1)[1] for f in violations(tmp_path)] == [
        "sitegen.data must not import sitegen.pages",
        "sitegen.links must not import sitegen.data",
        "sitegen.publish must not import markdown",
        "sitegen.tools must not import sitegen.pages.blocks.appendices",
    ]


def test_every_package_says_its_job_and_what_it_may_import() -> None:
    for init in sorted(SITEGEN.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init.relative_to(ROOT)}: no docstring"
        if init.parent not in (SITEGEN, SITEGEN / "markdown_extensions"):
            assert "May import" in doc, f"{init.relative_to(ROOT)}: no import rule"
