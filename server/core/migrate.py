"""Apply Alembic migrations (`jaring-server migrate`, and on every start).

Two server processes starting together over one PostgreSQL must not both migrate: the upgrade runs under
a session-level advisory lock, and the second process finds the schema already current.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from server.core.db import get_engine

ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"
MIGRATION_LOCK = 7_240_013  # an arbitrary, fixed advisory-lock key for "migrating Jaring's schema"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, engine: Engine | None = None) -> None:
    """Bring the database at `url` to the newest schema and make sure the server's keys exist."""
    engine = engine or get_engine(url)
    config = alembic_config(url)
    with engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            connection.commit()
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        finally:
            if postgres:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                connection.commit()
    from server.crud.keys import ensure_server_keys

    ensure_server_keys(engine)
