"""The project itself: packages resolve to this repository, layers import only what they may."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["app", "sync", "forms", "server", "resources"]


@pytest.mark.parametrize("name", PACKAGES)
def test_package_imports_from_this_repository(name):
    module = importlib.import_module(name)
    assert Path(module.__file__).resolve().parent == ROOT / name


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _python_files(*folders: str):
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def test_only_app_ui_imports_qt():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _python_files("app", "sync", "forms", "server")
        if "PySide6" in _imports(p) and (ROOT / "app" / "ui") not in p.parents
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("sync", {"app", "server", "PySide6"}),
        ("forms", {"app", "server", "sync", "PySide6"}),
        ("server", {"app", "PySide6"}),
        ("app", {"server"}),
    ],
)
def test_layers_import_only_what_design_allows(folder, forbidden):
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & forbidden) for p in _python_files(folder)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_console_scripts_answer_version():
    out = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().startswith("jaring ")


def test_main_window_says_its_version(qtbot):
    from app import __version__
    from app.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert __version__ in window.windowTitle()
