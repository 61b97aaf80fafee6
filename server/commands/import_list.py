"""`jaring-server import-list FILE`: prefilled records from a DTKS/DTSEN list (XLSX). The report goes to stdout
as JSON, each refused or changed cell to stderr in both languages; exit 1 when some rows were not imported."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from server.commands.database import open_database, read_file
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-list", help="prefilled records from a DTKS/DTSEN list (XLSX); exit 1 if rows refused"
    )
    p.add_argument("--form", default="ppks_registration")
    p.add_argument("--recipients", metavar="SERVICE", default="",
                   help="the file is a recipients' list (PKH, BPNT, ASLUT… by NIK): make `service` records of this "
                   "service code (a row's own `layanan` column wins)")  # fmt: skip
    p.add_argument("file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from server.crud.imports import import_list
    from server.crud.recipients import import_recipients

    read_file(args.file)  # a missing or unreadable file says so before the database is touched
    _, engine = open_database()
    with session_scope(engine) as session:
        if args.recipients:
            report = import_recipients(session, path=Path(args.file), service=args.recipients)
        else:
            report = import_list(session, path=Path(args.file), form_id=args.form)
    print(json.dumps(report.to_json(), indent=1))
    for problem in report.problems:  # the same findings for a person to read, in both languages
        print(f"{problem.message('id')}\n  {problem.message('en')}", file=sys.stderr)
    if report.problems:
        print(f"{report.summary('id')}\n{report.summary('en')}", file=sys.stderr)
    return 1 if report.refused_rows else 0
