"""A real district server on a loopback port (uvicorn in a thread) and devices enrolled through it."""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import requests
import uvicorn

from forms.samples import make_household
from server.api.main import create_app
from server.core.config import Settings
from support.server_db import SimDevice, dispose_engines_of, enroll_request, migrated_sqlite, new_code
from support.server_db import free_port as free_port  # the tests import it from here
from sync.ports import DeviceIdentity, MemoryStore

DESA = "62.03.01.2011"


@contextmanager
def live_server(
    tmp_path: Path, database_url: str | None = None, *, port: int | None = None, **overrides
) -> Iterator[tuple[str, Settings]]:
    """A real server on a loopback port. Without `database_url`: a SQLite file in `tmp_path`, at the newest
    schema from the first start on (a copy of one migrated once per process) and kept across restarts.
    Without `port` the listening socket is bound here and handed to uvicorn, so no other process (another
    xdist worker) can take the port between choosing and binding it."""
    if database_url is None:
        path = tmp_path / "server.sqlite3"
        url = f"sqlite:///{path}" if path.exists() else migrated_sqlite(path)
    else:
        url = database_url
    settings = Settings(data_dir=tmp_path / "server-data", database_url=url, **overrides)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port or 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    try:
        yield base, settings
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        dispose_engines_of(url)


def enroll_sim(base: str, settings: Settings, area: str = DESA) -> SimDevice:
    body, keys = enroll_request(new_code(settings, area))
    answer = requests.post(base + "/api/v1/enroll", json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    return SimDevice(data["device_id"], data["token"], data["area"], keys)


def memory_device(base: str, settings: Settings, area: str = DESA) -> tuple[SimDevice, MemoryStore]:
    sim = enroll_sim(base, settings, area)
    store = MemoryStore(DeviceIdentity(sim.device_id, 1, sim.area, sim.token, base))
    return sim, store


def household(seed: int, desa: str = DESA) -> dict:
    return make_household(random.Random(seed), desa, date(2026, 11, 1), serial=seed)
