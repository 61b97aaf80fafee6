"""The `jaring-server` command's entry point: `server.cli`, or a clear message on an installation without the
server's packages (`pip install "jaring[laptop]"` puts `jaring-server` on the PATH too)."""

from __future__ import annotations

import sys

from forms.problems import NotInstalled

# What `pip install "jaring[server]"` adds to the core; `server.cli` imports them as it loads.
SERVER_MODULES = {"fastapi", "starlette", "uvicorn", "sqlalchemy", "sqlmodel", "alembic", "psycopg", "orjson",
                  "jinja2", "multipart"}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    try:
        from server.cli import build_parser
        from server.cli import main as cli_main

        build_parser()  # imports every command's module, and with them the server's packages
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] not in SERVER_MODULES:
            raise
        missing = NotInstalled("server", err.name)
        print(f"{missing.id}\n{missing.en}", file=sys.stderr)
        return 2
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
