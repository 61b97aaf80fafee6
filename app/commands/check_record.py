"""`jaring check-record --form ID[@VERSION] FILE.json`: validate one record's answers from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from forms.problems import UserError
from forms.registry import default_registry
from forms.validate import validate


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check-record",
        help="periksa jawaban satu data (rumah tangga atau pengaduan) / validate a record's answers",
    )
    parser.add_argument("--form", required=True, help="ID atau ID@VERSI")
    parser.add_argument("file", type=Path)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    form = default_registry().parse_ref(args.form)
    try:
        answers = json.loads(args.file.read_text(encoding="utf-8"))
    except OSError as err:
        raise UserError(
            f"Tidak dapat membaca {args.file}: {err.strerror}", f"Cannot read {args.file}: {err.strerror}"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserError(
            f"{args.file} bukan JSON yang valid: {err}", f"{args.file} is not valid JSON: {err}"
        ) from None
    result = validate(form, answers)
    for p in result.problems:
        tag = "GALAT/ERROR" if p.is_error else "PERINGATAN/WARNING"
        print(f"{tag} {p.path or '(seluruh data)'} [{p.code}] {p.id} / {p.en}")
    for p, reason in result.overridden:
        print(f"DIKECUALIKAN/OVERRIDDEN {p.path} [{p.code}] {p.id} — alasan/reason: {reason}")
    print(f"{form.key}: {len(result.errors)} galat/errors, {len(result.warnings)} peringatan/warnings")
    return 1 if result.errors else 0
