"""`jaring-server forms publish FILE`: a new form version, checked first; devices get it by pull."""

from __future__ import annotations

import argparse

from forms.problems import UserError
from server.commands.database import open_database, read_json
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    forms = sub.add_parser("forms", help="form definitions").add_subparsers(
        dest="forms_command", required=True
    )
    p = forms.add_parser("publish", help="publish a new form version (checked first); devices get it by pull")
    p.add_argument("file")
    p.set_defaults(func=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    from server.crud.forms import publish_form

    _, engine = open_database()
    source = read_json(args.file)
    if not isinstance(source, dict):
        raise UserError("Definisi formulir harus objek JSON.", "A form definition must be a JSON object.")
    with session_scope(engine) as session:
        form, new = publish_form(session, source=source)
    print(f"{form.key} {'published' if new else 'already published'}")
    return 0
