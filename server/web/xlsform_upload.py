"""An XLSForm uploaded on the console's forms page: imported with forms/xlsform.py, shown as a preview of its
questions in words, kept aside until the admin publishes it, then kept beside the server's data as the
workbook of that form version (downloadable again with its definition).

The workbook and its CSV files wait under `<data_dir>/xlsforms/pending/<token>/` between the preview and the
publish (a token of 32 random hex digits, nothing the browser can steer to another path); a published
workbook is `<data_dir>/xlsforms/<form_id>@<version>.xlsx` (or .xls).
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from forms.definition import FormDef
from forms.xlsform import import_xlsform
from server.web.forms_words import TYPE_WORDS, WORDS

TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9_.-]+")
WORKBOOK_SUFFIXES = (".xlsx", ".xls")


def _root(data_dir: Path) -> Path:
    return Path(data_dir) / "xlsforms"


def safe_name(name: str) -> str:
    return SAFE_NAME_RE.sub("_", Path(name or "form.xlsx").name).lstrip(".") or "form.xlsx"


PENDING_HOURS = 24  # an upload nobody published is removed a day later, at the next upload


def _forget_old(data_dir: Path) -> None:
    cutoff = time.time() - PENDING_HOURS * 3600
    for folder in (_root(data_dir) / "pending").glob("*"):
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def stash(data_dir: Path, workbook: tuple[str, bytes], files: list[tuple[str, bytes]]) -> str:
    """Keep an upload aside for the publish step; its token."""
    _forget_old(data_dir)
    token = secrets.token_hex(16)
    folder = _root(data_dir) / "pending" / token
    folder.mkdir(parents=True)
    (folder / safe_name(workbook[0])).write_bytes(workbook[1])
    for name, data in files:
        (folder / "csv").mkdir(exist_ok=True)
        (folder / "csv" / safe_name(name)).write_bytes(data)
    return token


def stashed(data_dir: Path, token: str) -> tuple[Path, dict[str, bytes]] | None:
    """(workbook path, CSV files) of a kept upload; None for an unknown or malformed token."""
    if not TOKEN_RE.match(token or ""):
        return None
    folder = _root(data_dir) / "pending" / token
    books = [p for p in folder.glob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES] if folder.is_dir() else []
    if len(books) != 1:
        return None
    files = (
        {p.name: p.read_bytes() for p in (folder / "csv").glob("*.csv")} if (folder / "csv").is_dir() else {}
    )
    return books[0], files


def import_upload(path: Path, files: dict[str, bytes]) -> tuple[dict, FormDef]:
    return import_xlsform(path, files=files)


def keep_published(data_dir: Path, token: str, form: FormDef) -> None:
    """The published version's workbook kept for download; the pending upload removed."""
    kept = stashed(data_dir, token)
    if kept is None:
        return
    workbook, _files = kept
    keep_workbook(data_dir, workbook, form)
    shutil.rmtree(workbook.parent, ignore_errors=True)


def keep_workbook(data_dir: Path, workbook: Path, form: FormDef) -> None:
    """A published version's workbook, kept once (a version's content never changes)."""
    target = _root(data_dir) / f"{form.form_id}@{form.version}{workbook.suffix.lower()}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(workbook, target)


def published_workbook(data_dir: Path, form_id: str, version: int) -> Path | None:
    for suffix in WORKBOOK_SUFFIXES:
        path = _root(data_dir) / f"{form_id}@{version}{suffix}"
        if path.is_file():
            return path
    return None


def _text(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("id") or texts.get("en") or ""


def preview_rows(form: FormDef, lang: str) -> list[dict]:
    """Each question in words: its label, name, kind, whether it must be answered, when it is asked."""
    w = WORDS[lang]
    rows = []
    for f in form.walk():
        depth = len(f.steps) - 1
        kind = TYPE_WORDS[lang].get(f.type, f.type)
        notes = []
        if f.preload:
            notes.append(w["filled_by_laptop"].format(what=f.preload))
        if f.choices:
            shown = ", ".join(_text(c.label, lang) for c in f.choices[:6])
            notes.append(
                w["choices"].format(n=len(f.choices), shown=shown + (" …" if len(f.choices) > 6 else ""))
            )
        if f.choice_filter:
            notes.append(w["choice_filter"].format(rule=f.choice_filter))
        if f.calculate:
            notes.append(w["calculated"].format(rule=f.calculate))
        if f.constraint:
            notes.append(w["constraint"].format(rule=f.constraint))
        if f.parameters:
            notes.append(" ".join(f"{k}={v}" for k, v in f.parameters.items()))
        required = (
            w["yes"] if f.required is True else (w["when"].format(rule=f.required) if f.required else "")
        )
        rows.append({"name": f.name, "label": _text(f.label, lang), "kind": kind, "depth": depth,
                     "required": required, "relevant": f.relevant or "", "notes": notes})  # fmt: skip
    return rows
