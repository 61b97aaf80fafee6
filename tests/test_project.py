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


def test_no_test_helper_ships_inside_a_package():
    """Test helpers live in tests/support/ and fixtures in tests/conftest.py: nothing named testing* and
    nothing importing pytest (or its plugins) goes out with the installed packages."""
    offenders = sorted(
        str(p.relative_to(ROOT))
        for p in _python_files("app", "sync", "forms", "server")
        if p.stem.startswith("testing")
        or p.parent.name.startswith("testing")
        or {"pytest", "_pytest", "pytestqt", "xdist"} & _imports(p)
    )
    assert offenders == []


def test_test_files_share_helpers_only_through_support():
    """A helper two test files need lives in tests/support/: importing one test module from another runs its
    module-level set-up twice and hides where the helper is."""
    test_modules = {p.stem for p in (ROOT / "tests").glob("test_*.py")}
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & test_modules)
        for p in [
            *(ROOT / "tests").rglob("*.py"),
            *(ROOT / "bench").rglob("*.py"),
            *(ROOT / "scripts").rglob("*.py"),
        ]
    }
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


# --- the two installs: what each layer imports comes with the install that carries it -------------------

SERVER_ONLY = {"fastapi", "starlette", "uvicorn", "psycopg", "psycopg-binary", "sqlalchemy", "sqlmodel",
               "alembic", "jinja2", "python-multipart", "orjson"}  # fmt: skip
LAPTOP_ONLY = {"pyside6-essentials", "pyside6-addons", "shiboken6", "sqlcipher3"}
# Which extras install each folder: the core (no extra) carries forms/ and sync/ to both programs.
LAYER_EXTRAS = {"forms": [], "sync": [], "app": ["laptop"], "server": ["server"]}


def _project() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _closure(requirements: list[str]) -> set[str]:
    """The distributions `requirements` install, read from the installed packages' metadata (make test installs
    every extra, so every one of them is here to read)."""
    from importlib.metadata import PackageNotFoundError, requires

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    found: set[str] = set()
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        extras = sorted(req.extras)
        key = f"{name}[{','.join(extras)}]"
        if key in found:
            continue
        found.add(key)
        try:
            needs = requires(name) or []
        except PackageNotFoundError:
            continue  # the test asserting the layer's imports names what is missing
        todo += [(Requirement(r), e) for r in needs for e in ["", *extras]]
    return {key.split("[")[0] for key in found}


def _install(extras: list[str]) -> set[str]:
    project = _project()
    return _closure(
        project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]
    )


def _required_imports(path: Path) -> set[str]:
    """Top-level modules a file imports, less those it imports inside `try … except ImportError` (optional)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    optional: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            optional.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in optional:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_laptop_install_pulls_no_server_package_and_the_server_install_no_qt():
    laptop, server = _install(["laptop"]), _install(["server"])
    assert sorted(laptop & SERVER_ONLY) == []
    assert sorted(server & LAPTOP_ONLY) == []
    assert {"pyside6-essentials", "sqlcipher3"} <= laptop and {"fastapi", "psycopg", "uvicorn"} <= server


@pytest.mark.parametrize("folder", sorted(LAYER_EXTRAS))
def test_every_package_a_layer_imports_comes_with_its_install(folder):
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    installed = _install(LAYER_EXTRAS[folder])
    providers = packages_distributions()
    missing: dict[str, list[str]] = {}
    for path in _python_files(folder):
        extras = LAYER_EXTRAS[folder]
        if folder == "server" and path.name.startswith("testing"):
            extras = [*extras, "test"]  # test helpers still inside the package (issue #28 item 5 moves them)
        allowed = installed if extras == LAYER_EXTRAS[folder] else _install(extras)
        for module in _required_imports(path) - set(sys.stdlib_module_names) - set(PACKAGES):
            dists = {canonicalize_name(d) for d in providers.get(module, [module])}
            if not dists & allowed:
                missing.setdefault(str(path.relative_to(ROOT)), []).append(module)
    assert missing == {}


BLOCK = """
import sys
class Missing:  # as on an installation without the other program's extra
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in sys.argv[1].split(","):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Missing())
"""


@pytest.mark.parametrize(
    ("missing", "entry", "extra"),
    [
        ("sqlcipher3,PySide6,shiboken6,pypdf,pyxform", "app.cli", "laptop"),
        ("sqlalchemy,sqlmodel,fastapi,starlette,uvicorn,alembic,psycopg,orjson", "server.entry", "server"),
    ],
)
def test_a_command_whose_program_is_not_installed_names_the_extra(missing, entry, extra):
    code = f"{BLOCK}\nfrom {entry} import main\nsys.exit(main(['--help']))"
    result = subprocess.run(
        [sys.executable, "-c", code, missing], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f'pip install "jaring[{extra}]"' in result.stderr and "Traceback" not in result.stderr


# Module and function size (docs/development.md#module-and-function-size).
SIZED_FOLDERS = ["app", "server", "sync", "forms"]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
LONG_MARKER = "Long because"


def _sized_modules() -> list[str]:
    return sorted(
        path.relative_to(ROOT).as_posix()
        for folder in SIZED_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if "alembic/versions" not in path.as_posix()
    )


def _size_offences(relative: str) -> list[str]:
    """What in one module breaks the size rule: the module's length, and every function or method longer
    than MAX_FUNCTION_LINES whose docstring has no line starting with LONG_MARKER."""
    text = (ROOT / relative).read_text(encoding="utf-8")
    offences = []
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        offences.append(f"{relative}: {lines} lines (at most {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        length = node.end_lineno - node.lineno + 1
        doc = ast.get_docstring(node) or ""
        if length > MAX_FUNCTION_LINES and not any(
            line.strip().startswith(LONG_MARKER) for line in doc.splitlines()
        ):
            offences.append(
                f"{relative}:{node.lineno} {node.name}: {length} lines and no {LONG_MARKER!r} line in its docstring"
            )
    return offences


def test_modules_and_functions_stay_small():
    offences = [o for path in _sized_modules() for o in _size_offences(path)]
    assert offences == []


def test_the_size_rule_sees_a_long_function_and_its_marker(tmp_path, monkeypatch):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n", encoding="utf-8")
    (tmp_path / "kept.py").write_text(
        f'def kept():\n    """{LONG_MARKER}: one pass."""\n{body}\n', encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert [o.split(":")[0] for o in _size_offences("long.py")] == ["long.py"]
    assert _size_offences("kept.py") == []


def test_the_store_front_stays_thin():
    """`Store` opens the store and hands the work to its parts (docs/architecture.md#the-store): under 300 lines."""
    lines = len((ROOT / "app" / "store" / "store.py").read_text(encoding="utf-8").splitlines())
    assert lines < 300, lines
