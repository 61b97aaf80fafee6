"""`jaring`: the desktop app's command line. With no sub-command it starts the GUI.

Each sub-command lives in its own module under `app/commands/` exposing `register(subparsers)`;
the module adds its parser and sets `func=run`, where `run(args) -> int` is the exit status.
Errors a user can cause (`forms.problems.UserError`) print their Indonesian and English messages
and exit 2; anything else is a bug: logged with its traceback, shown as one readable line, exit 70.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from app import __version__
from app.paths import data_dir
from forms.problems import NotInstalled, UserError

log = logging.getLogger(__name__)
# What `pip install "jaring[laptop]"` adds to the core; the commands' modules import them.
LAPTOP_MODULES = {"PySide6", "shiboken6", "sqlcipher3", "pypdf", "pyxform"}

# One line per sub-command module; each registers its own parser.
COMMAND_MODULES: list[str] = [
    "app.commands.nik",
    "app.commands.forms",
    "app.commands.check_record",
    "app.commands.selfcheck",
    "app.commands.init",
    "app.commands.operator",
    "app.commands.status",
    "app.commands.demo_data",
    "app.commands.search",
    "app.commands.export",
    "app.commands.rebuild_index",
    "app.commands.bundle",
    "app.commands.sync",
    "app.commands.enroll",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jaring",
        description="Jaring — pendataan PPKS dan pengaduan, luring (offline-first).",
    )
    parser.add_argument("--version", action="version", version=f"jaring {__version__}")
    parser.add_argument(
        "--data-dir", help="direktori data (default: JARING_DATA_DIR atau direktori pengguna)"
    )
    parser.add_argument("--operator", help="nama operator (default: JARING_OPERATOR)")
    parser.add_argument("--lang", choices=["id", "en"], help="bahasa pesan / message language")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def print_user_error(err: UserError) -> None:
    print(f"Galat: {err.id}", file=sys.stderr)
    print(f"Error: {err.en}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
    except ModuleNotFoundError as err:  # a server-only installation
        if (err.name or "").split(".")[0] not in LAPTOP_MODULES:
            raise
        print_user_error(NotInstalled("laptop", err.name))
        return 2
    args = parser.parse_args(argv)
    try:
        from app.logging_setup import configure

        configure(data_dir(args.data_dir))
        if args.command is None:
            from app.ui import run_gui

            return run_gui(args)
        return int(args.func(args) or 0)
    except UserError as err:
        print_user_error(err)
        return 2
    except KeyboardInterrupt:
        print("Dibatalkan. / Cancelled.", file=sys.stderr)
        return 130
    except Exception:  # a bug: keep the traceback in the log, show one readable line
        log.exception("unexpected error in `jaring %s`", args.command or "")
        print(
            "Terjadi kesalahan tak terduga; rinciannya ada di berkas log. / "
            "An unexpected error occurred; details are in the log file.",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
