"""`jaring-server`: the district server's command line.

serve · migrate · create-admin · create-user · enroll-code · enroll-file · device revoke · forms publish ·
reference publish · import-list · stats · bundle import · bundle return. Errors a user can cause print in Indonesian and English and
exit 2; nothing prints a traceback. `import-list` prints its report (JSON on stdout, one line per refused or
changed cell on stderr in both languages) and exits 1 when some rows were not imported.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from importlib.metadata import version
from pathlib import Path

from forms.problems import UserError
from server.core.config import load_settings
from server.core.db import get_engine, session_scope
from server.core.migrate import migrate
from sync import files


def _engine():  # noqa: ANN202
    settings = load_settings()
    engine = get_engine(settings.database_url)
    migrate(settings.database_url, engine)
    return settings, engine


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.api.main import create_app
    from server.core.heap import settle

    settings = load_settings()
    app = create_app(settings)  # migrates first
    settle(app.state.engine)  # before the first request: see server/core/heap.py
    # One worker per process on purpose: uvicorn --workers added ~40 ms per response here (NOTES.md);
    # run several `serve` processes behind a proxy instead — all state is in the database.
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile, proxy_headers=True,
                forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))  # fmt: skip
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    settings = load_settings()
    migrate(settings.database_url)
    print(f"database at the newest schema: {settings.database_url.split('@')[-1]}")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Kata sandi / password: ")
    if getpass.getpass("Ulangi / repeat: ") != first:
        raise UserError("Kata sandi tidak sama.", "The passwords differ.", code="password_mismatch")
    return first


def cmd_create_user(args: argparse.Namespace) -> int:
    from server.crud.accounts import create_user

    role = getattr(args, "role", "admin")
    _, engine = _engine()
    password = _password(args)
    with session_scope(engine) as session:
        user = create_user(session, username=args.username, password=password, role=role,
                           area=getattr(args, "area", "") or "")  # fmt: skip
        print(f"{user.role} {user.username} {user.area or '(kabupaten)'}")
    return 0


def cmd_enroll_code(args: argparse.Namespace) -> int:
    from server.crud.devices import issue_code

    settings, engine = _engine()
    with session_scope(engine) as session:
        code = issue_code(session, area=args.area, settings=settings)
    print(code)
    return 0


def cmd_enroll_file(args: argparse.Namespace) -> int:
    from server.crud.devices import enroll_file

    settings, engine = _engine()
    with session_scope(engine) as session:
        code, data = enroll_file(session, area=args.area, settings=settings, label=args.label)
        Path(args.out).write_bytes(data)
    print(code)
    print(f"berkas/file: {args.out} (kode berlaku sampai dipakai atau {settings.file_code_days} hari / "
          f"code valid until used or {settings.file_code_days} days)", file=sys.stderr)  # fmt: skip
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    from server.crud.devices import revoke_device

    _, engine = _engine()
    with session_scope(engine) as session:
        device = revoke_device(session, device_id=args.device_id)
        print(f"revoked {device.id} ({device.area} #{device.number})")
    return 0


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise UserError(f"Berkas {path} tidak dapat dibaca: {err.strerror}.",
                        f"Cannot read the file {path}: {err.strerror}.", code="file_unreadable") from None  # fmt: skip


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from server.crud.bundles import import_outbound

    data = _read_file(args.file)
    _, engine = _engine()
    with session_scope(engine) as session:
        summary = import_outbound(session, data, actor="cli")
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.json else
          f"perangkat/device {summary.device_id}: {summary.changes} perubahan/changes — "
          f"diterapkan/applied {summary.applied}, duplikat/duplicates {summary.duplicates}, "
          f"konflik/conflicts {summary.conflicts}, ditolak/rejected {summary.rejected}, "
          f"lampiran/attachments {summary.attachments}")  # fmt: skip
    return 0


def cmd_bundle_return(args: argparse.Namespace) -> int:
    from server.crud.bundles import write_return

    settings, engine = _engine()
    with session_scope(engine) as session:
        data = write_return(session, device_id=args.device, actor="cli", page_size=settings.pull_page_size)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        files.replace(tmp, out)  # a half-written bundle never carries the final name
    except OSError as err:
        raise UserError(f"Bundel tidak dapat ditulis ke {out}: {err.strerror}.",
                        f"Cannot write the bundle to {out}: {err.strerror}.", code="file_unwritable") from None  # fmt: skip
    print(f"{out} ({len(data)} bita/bytes)")
    return 0


def _read_json(path: str) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise UserError(
            f"Berkas tidak bisa dibaca: {err}", f"Cannot read the file: {err}", code="file_unreadable"
        ) from None
    except json.JSONDecodeError as err:
        raise UserError(
            f"Berkas bukan JSON: {err}", f"The file is not JSON: {err}", code="malformed_json"
        ) from None


def cmd_forms_publish(args: argparse.Namespace) -> int:
    from server.crud.forms import publish_form

    _, engine = _engine()
    source = _read_json(args.file)
    if not isinstance(source, dict):
        raise UserError("Definisi formulir harus objek JSON.", "A form definition must be a JSON object.")
    with session_scope(engine) as session:
        form, new = publish_form(session, source=source)
    print(f"{form.key} {'published' if new else 'already published'}")
    return 0


def cmd_reference_publish(args: argparse.Namespace) -> int:
    from server.crud.reference import publish_reference

    _, engine = _engine()
    data = _read_json(args.file)
    with session_scope(engine) as session:
        publish_reference(session, name=args.name, version=args.version, data=data)
    print(f"{args.name} {args.version} published")
    return 0


def cmd_import_list(args: argparse.Namespace) -> int:
    from server.crud.imports import import_list

    _, engine = _engine()
    with session_scope(engine) as session:
        report = import_list(session, path=Path(args.file), form_id=args.form)
    print(json.dumps(report.to_json(), indent=1))
    for problem in report.problems:  # the same findings for a person to read, in both languages
        print(f"{problem.message('id')}\n  {problem.message('en')}", file=sys.stderr)
    if report.problems:
        print(f"{report.summary('id')}\n{report.summary('en')}", file=sys.stderr)
    return 1 if report.refused_rows else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from server.crud.stats import stats

    _, engine = _engine()
    with session_scope(engine) as session:
        figures = stats(session)
    if args.json:
        print(json.dumps(figures, indent=1, sort_keys=True))
    else:
        print(f"records: {figures['records']}; devices: {figures['devices']}; persons: {figures['persons']}")
        for area, counts in figures["by_area"].items():
            print(f"  {area}: {counts}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jaring-server", description="Jaring — server Dinas Sosial.")
    parser.add_argument("--version", action="version", version=f"jaring-server {version('jaring')}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the API (migrates first)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--ssl-certfile", default=None, help="serve HTTPS directly (else put a TLS proxy in front)"
    )
    p.add_argument("--ssl-keyfile", default=None)
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)

    p = sub.add_parser("create-admin", help="a district admin account")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_create_user, role="admin")

    p = sub.add_parser("create-user", help="a TKSK account bound to a kecamatan")
    p.add_argument("username")
    p.add_argument("--area", required=True, help="kecamatan code, e.g. 62.03.01")
    p.add_argument("--role", default="tksk", choices=["tksk", "admin"])
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("enroll-code", help="a one-time enrollment code for a desa or kecamatan")
    p.add_argument("--area", required=True)
    p.set_defaults(func=cmd_enroll_code)

    p = sub.add_parser("enroll-file", help="an enrollment file (and its code) for a village without network")
    p.add_argument("--area", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--label", default="")
    p.set_defaults(func=cmd_enroll_file)

    device = sub.add_parser("device", help="manage devices").add_subparsers(
        dest="device_command", required=True
    )
    p = device.add_parser("revoke", help="refuse this device's token from now on")
    p.add_argument("device_id")
    p.set_defaults(func=cmd_device_revoke)

    forms = sub.add_parser("forms", help="form definitions").add_subparsers(
        dest="forms_command", required=True
    )
    p = forms.add_parser("publish", help="publish a new form version (checked first); devices get it by pull")
    p.add_argument("file")
    p.set_defaults(func=cmd_forms_publish)

    reference = sub.add_parser("reference", help="reference data").add_subparsers(
        dest="ref_command", required=True
    )
    p = reference.add_parser("publish", help="publish a reference data set (JSON) to devices")
    p.add_argument("name")
    p.add_argument("version")
    p.add_argument("file")
    p.set_defaults(func=cmd_reference_publish)

    p = sub.add_parser(
        "import-list", help="prefilled records from a DTKS/DTSEN list (XLSX); exit 1 if rows refused"
    )
    p.add_argument("--form", default="ppks_registration")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_list)

    bundle = sub.add_parser("bundle", help="offline USB bundles").add_subparsers(
        dest="bundle_command", required=True
    )
    p = bundle.add_parser("import", help="import a village's outbound bundle directly")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bundle_import)
    p = bundle.add_parser("return", help="write a device's return bundle (results and what it would pull)")
    p.add_argument("--device", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_bundle_return)

    p = sub.add_parser("stats", help="counts per kind and area")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as err:
        print(f"{err.id}\n{err.en}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
