"""The design lives in the repository: every relative link in the docs and READMEs reaches a file (and a
heading, when it names one), every `docs/…` a comment cites exists, and no file points at notes kept outside
the repository, which a clone does not have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READMES = ("README.md", "app/README.md", "server/README.md", "sync/README.md", "forms/README.md")
MARKDOWN = sorted((ROOT / "docs").glob("*.md")) + [ROOT / name for name in READMES]
CODE_FOLDERS = ("app", "server", "sync", "forms", "tests", "bench", "scripts", "packaging", ".ci")
CODE_FILES = ("Makefile", "build.spec", "pyproject.toml", "README.md")
TEXT_SUFFIXES = set(".py .md .sh .spec .toml .nsi .txt .html .css .js .ini .mako .cfg .yaml .json".split())

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_CITATION = re.compile(r"\bdocs/([a-z0-9_-]+\.md)(?:#([a-z0-9_-]+))?")
# A repository path named in a code span: `app/store/store.py`, `sync/merge.py::merge`, `tests/test_x.py`.
_TOP = "app|server|sync|forms|tests|bench|scripts|resources|docs|packaging"
_PATH_SPAN = re.compile(rf"`((?:{_TOP})/[^`\s:]*)[^`]*`")
# The team's notes outside the repository: their folder, a path into it (as text or built with pathlib), and
# the notes by name — spelt in pieces so that this file does not name them itself.
_FOLDER = "sha" + "red"
_OUTSIDE = re.compile(
    rf"/work/{_FOLDER}|\b{_FOLDER}/|[\"']{_FOLDER}[\"']\s*/|\b(?:DESIGN|DOMAIN|NOTES|STYLE)\.md\b"
)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens."""
    text = _CODE_SPAN.sub(lambda m: m.group(0).strip("`"), heading).strip().lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading keeps its text
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for heading in _HEADING.findall(_FENCE.sub("", page.read_text(encoding="utf-8"))):
        base, n = slug(heading), 0
        name = base
        while name in found:  # repeated headings get -1, -2 …
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return found


def links(page: Path) -> list[str]:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    text = _CODE_SPAN.sub("", text)
    return _LINK.findall(text)


def broken_links(page: Path) -> list[str]:
    problems = []
    for target in links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, data: …
            continue
        path_part, _, anchor = target.partition("#")
        dest = (page.parent / path_part).resolve() if path_part else page
        if not dest.exists():
            problems.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            problems.append(f"{target}: no heading #{anchor} in {dest.relative_to(ROOT)}")
    return problems


def code_files() -> list[Path]:
    found = [ROOT / name for name in CODE_FILES if (ROOT / name).exists()]
    for folder in CODE_FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            parts = set(path.relative_to(ROOT).parts)
            text_file = path.suffix in TEXT_SUFFIXES or (path.suffix == "" and path.parent.name == ".ci")
            if path.is_file() and text_file and "__pycache__" not in parts:
                found.append(path)
    return sorted(found)


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_reaches_a_file_and_its_heading(page):
    assert page.exists(), f"{page.relative_to(ROOT)} is missing"
    assert broken_links(page) == []


def test_the_docs_index_lists_every_page():
    listed = {target.partition("#")[0] for target in links(ROOT / "docs" / "README.md")}
    pages = {p.name for p in (ROOT / "docs").glob("*.md")} - {"README.md"}
    assert pages and pages <= listed


def test_no_file_points_at_notes_outside_the_repository():
    offenders = []
    for path in code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if _OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def test_every_docs_page_and_section_a_file_cites_exists():
    missing = []
    pages = {p.name: p for p in (ROOT / "docs").glob("*.md")}
    for path in code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for page, anchor in _CITATION.findall(text):
            if page not in pages:
                missing.append(f"{path.relative_to(ROOT)}: docs/{page}")
            elif anchor and anchor not in anchors(pages[page]):
                missing.append(f"{path.relative_to(ROOT)}: docs/{page}#{anchor}")
    assert sorted(set(missing)) == []


def test_slugs_follow_githubs_rule():
    assert slug("Pull cursor from a counter row") == "pull-cursor-from-a-counter-row"
    assert slug("No. KK") == "no-kk"
    assert slug("Several processes, not workers") == "several-processes-not-workers"
    assert slug("`sync/` and the `SyncStore`") == "sync-and-the-syncstore"


def test_every_repository_path_the_docs_name_exists():
    missing = []
    for page in [*(ROOT / "docs").glob("*.md"), ROOT / "app" / "README.md"]:
        for named in _PATH_SPAN.findall(page.read_text(encoding="utf-8")):
            if not (any(ROOT.glob(named)) if "*" in named else (ROOT / named).exists()):
                missing.append(f"{page.relative_to(ROOT)}: {named}")
    assert missing == []


def test_app_readme_names_every_module():
    readme = (ROOT / "app" / "README.md").read_text(encoding="utf-8")
    unnamed = []
    for layer in ("store", "services", "ui", "commands"):
        for path in (ROOT / "app" / layer).rglob("*.py"):
            if path.name == "__init__.py" and layer != "ui":
                continue
            parts = path.relative_to(ROOT / "app" / layer).parts
            # named as `store.py`, `migrations/m0001_initial.py` or with its layer in front
            if not any(f"`{'/'.join(parts[i:])}`" in readme for i in range(len(parts))):
                unnamed.append(f"{layer}/{'/'.join(parts)}")
    assert unnamed == []
