"""`jaring-server serve`: the API and the console over HTTP(S), after migrating the database."""

from __future__ import annotations

import argparse

from server.commands.database import open_database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run the API (migrates first)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--ssl-certfile", default=None, help="serve HTTPS directly (else put a TLS proxy in front)"
    )
    p.add_argument("--ssl-keyfile", default=None)
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from server.api.main import create_app
    from server.core.heap import settle

    settings, engine = open_database()  # migrated here, so a wrong database URL is a message, not a traceback
    app = create_app(settings, migrate_on_start=False)
    settle(engine)  # before the first request: see server/core/heap.py
    # One worker per process on purpose: uvicorn --workers added ~40 ms per response here
    # (docs/decisions.md#several-server-processes-not-uvicorn-workers);
    # run several `serve` processes behind a proxy instead — all state is in the database.
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
                proxy_headers=False)  # the app trusts forwarded headers itself, only from FORWARDED_ALLOW_IPS  # fmt: skip
    return 0
