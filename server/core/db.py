"""Engines and sessions for SQLite (the default) and PostgreSQL.

SQLite: WAL, `synchronous=FULL`, foreign keys, a busy timeout, and every transaction begins IMMEDIATE so
two writers queue at BEGIN instead of failing with SQLITE_BUSY when a reader upgrades to a writer.
PostgreSQL: a normal pool; psycopg 3 runs executemany in pipeline mode (faster than one array:
docs/development.md#postgresql).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_engines: dict[str, Engine] = {}


def make_engine(url: str) -> Engine:
    """A new engine for `url` with the pragmas/pool this server relies on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # noqa: ANN001 - DB-API objects
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (IMMEDIATE below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection):  # noqa: ANN001
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)


def get_engine(url: str) -> Engine:
    """One engine per URL per process."""
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = make_engine(url)
    return engine


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any exception."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session:
        session.begin()
        try:
            yield session
        except Exception as exc:
            # A refusal that must still leave a trace (a failed login's audit row, a code's wrong-try
            # count) says so with `commit_anyway`; everything else undoes the whole transaction.
            if getattr(exc, "commit_anyway", False):
                session.commit()
            else:
                session.rollback()
            raise
        else:
            session.commit()


def is_postgres(session_or_engine) -> bool:  # noqa: ANN001 - Session or Engine
    bind = session_or_engine.get_bind() if isinstance(session_or_engine, Session) else session_or_engine
    return bind.dialect.name == "postgresql"
