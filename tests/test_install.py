"""The install declares what the code imports, and `doctor` names the real import error.

A fresh venv's pip (23.x) does not honour lxml's `html_clean` extra, so a package that
is only pulled in by an extra is missing on a fresh install: every third-party module the
package imports must be a declared dependency of its own.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from chronicler import doctor

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "chronicler"
# Optional extras, imported only behind a check that they are installed.
OPTIONAL = {"dask", "distributed"}


def _top_level_imports() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("chronicler", "__future__")}


def _declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = set()
    for requirement in project["dependencies"]:
        name = requirement.split(";")[0]
        for sep in "<>=![ ":
            name = name.split(sep)[0]
        declared.add(name.strip().lower().replace("_", "-"))
    return declared


def test_every_imported_module_is_a_declared_dependency() -> None:
    providers = metadata.packages_distributions()
    declared = _declared_distributions()
    undeclared = {}
    for module in sorted(_top_level_imports() - OPTIONAL):
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        if not dists & declared:
            undeclared[module] = sorted(dists) or ["(not installed)"]
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_html_cleaner_is_declared_directly() -> None:
    assert "lxml-html-clean" in _declared_distributions()


def test_doctor_reports_the_real_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = doctor.import_module

    def failing(name: str) -> object:
        if name == "lxml.html.clean":
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")
        return real_import(name)

    monkeypatch.setattr(doctor, "import_module", failing)
    check = doctor._packages()
    assert not check.ok
    assert "lxml.html.clean" in check.detail and "separate project" in check.detail
    assert "trafilatura" not in check.detail  # trafilatura itself imports fine


def test_doctor_packages_ok_on_this_install() -> None:
    assert doctor.import_failures() == {}
