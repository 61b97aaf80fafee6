"""`jaring forms check FILE...` and `jaring forms import-xlsform FILE.xlsx --out FILE`."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from forms.definition import DefinitionError, load_definition
from forms.problems import UserError
from forms.xlsform import import_xlsform
from sync import files


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("forms", help="definisi formulir / form definitions")
    forms_sub = parser.add_subparsers(dest="forms_command", required=True, metavar="PERINTAH")
    check = forms_sub.add_parser("check", help="periksa berkas definisi / check definition files")
    check.add_argument("files", nargs="+", type=Path)
    check.set_defaults(func=run_check)
    imp = forms_sub.add_parser("import-xlsform", help="impor XLSForm / import an XLSForm workbook")
    imp.add_argument("workbook", type=Path)
    imp.add_argument("--out", type=Path, required=True)
    imp.set_defaults(func=run_import)


def run_check(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            form = load_definition(path)
        except DefinitionError as err:
            failed += 1
            print(f"GAGAL/FAIL {path}:\n{err.en}")
        else:
            print(f"OK   {path}: {form.key}, {sum(1 for _ in form.walk())} isian/fields")
    return 1 if failed else 0


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        files.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_import(args: argparse.Namespace) -> int:
    if not args.workbook.is_file():
        raise UserError(
            f"Berkas {args.workbook} tidak ada.", f"File {args.workbook} does not exist.", code="no_such_file"
        )
    definition, form = import_xlsform(args.workbook)
    try:
        write_atomically(args.out, json.dumps(definition, ensure_ascii=False, indent=1) + "\n")
    except OSError as err:
        raise UserError(
            f"Tidak dapat menulis {args.out}: {err.strerror}", f"Cannot write {args.out}: {err.strerror}"
        ) from None
    print(f"OK   {args.workbook} -> {args.out} ({form.key})")
    return 0
