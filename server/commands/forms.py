"""`jaring-server forms publish FILE`: a new form version (a JSON definition, or an XLSForm workbook with its
CSV files beside it), checked first; devices get it by pull. A published XLSForm is kept for download from
the console, as one published there is (server/web/xlsform_upload.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from forms.problems import UserError
from server.commands.database import open_database, read_json
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    forms = sub.add_parser("forms", help="form definitions").add_subparsers(
        dest="forms_command", required=True
    )
    p = forms.add_parser("publish", help="publish a new form version (a JSON definition or an XLSForm .xlsx/.xls, "
                         "checked first); devices get it by pull")  # fmt: skip
    p.add_argument("file")
    p.set_defaults(func=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    from server.crud.forms import publish_form

    settings, engine = open_database()
    workbook = Path(args.file)
    if workbook.suffix.lower() in (".xlsx", ".xls"):
        from forms.xlsform import import_xlsform
        from server.web.xlsform_upload import keep_workbook

        source, _form = import_xlsform(workbook)  # its CSV files are read from beside it
    else:
        workbook, source = None, read_json(args.file)
    if not isinstance(source, dict):
        raise UserError("Definisi formulir harus objek JSON.", "A form definition must be a JSON object.")
    with session_scope(engine) as session:
        form, new = publish_form(session, source=source)
    if workbook is not None:
        keep_workbook(settings.data_dir, workbook, form)
    print(f"{form.key} {'published' if new else 'already published'}")
    return 0
