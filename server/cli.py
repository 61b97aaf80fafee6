"""`jaring-server`: the district server's command line — a dispatcher over `server/commands/`, one module per
command (serve · migrate · create-admin · create-user · enroll-code · enroll-file · device revoke · forms publish ·
reference publish · import-list · stats · bundle import · bundle return · erase · device held · retention).

Nothing prints a traceback: errors a user can cause (`forms.problems.UserError`: a wrong database URL, a missing
file, an unknown desa) print in Indonesian and English and exit 2; anything else is a bug, logged with its
traceback to `jaring-server.log` in the server's data folder and shown as one line, exit 70.
`import-list` exits 1 when some rows were not imported.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from importlib.metadata import version

from forms.problems import UserError

log = logging.getLogger("jaring.server.cli")
LOG_NAME = "jaring-server.log"

# One line per command module; each registers its own parser(s).
COMMAND_MODULES = [
    "server.commands.serve",
    "server.commands.migrate",
    "server.commands.users",
    "server.commands.enroll",
    "server.commands.device",
    "server.commands.forms",
    "server.commands.reference",
    "server.commands.import_list",
    "server.commands.bundle",
    "server.commands.stats",
    "server.commands.erase",
    "server.commands.retention",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jaring-server", description="Jaring — server Dinas Sosial.")
    parser.add_argument("--version", action="version", version=f"jaring-server {version('jaring')}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def log_unexpected(command: str) -> str:
    """The current exception's traceback into the log file (never the terminal); where it went, or ""."""
    from server.core.config import default_data_dir

    try:
        folder = default_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(folder / LOG_NAME, encoding="utf-8")
    except OSError:
        return ""
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.propagate = False  # the traceback goes to the file only
    try:
        log.exception("unexpected error in `jaring-server %s`", command)
    finally:
        log.removeHandler(handler)
        handler.close()
    return handler.baseFilename


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"{err.id}\n{err.en}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Dibatalkan. / Cancelled.", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: the traceback in the log file, one readable line here
        where = log_unexpected(args.command)
        print(f"Kesalahan tak terduga / unexpected error: {type(err).__name__}. "
              f"Rincian / details: {where or 'log tidak dapat ditulis / the log could not be written'}",
              file=sys.stderr)  # fmt: skip
        return 70


if __name__ == "__main__":
    sys.exit(main())
