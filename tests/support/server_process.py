"""A real `jaring-server serve` in its own process on a free loopback port: the one launcher the tests, the
benchmarks and the screenshot scripts share (uvicorn in a thread of the test process is `live_server`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from support.server_db import free_port

# Settings the test process may carry that a server under test must not inherit unless a test asks for them.
_NOT_INHERITED = ("JARING_DATABASE_URL", "FORWARDED_ALLOW_IPS")


def server_command() -> list[str]:
    """The installed `jaring-server` beside this Python, or the module when the scripts are not installed."""
    script = Path(sys.executable).with_name("jaring-server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "server.cli"]


def start_server_process(
    data_dir: Path, database_url: str | None = None, **env: str
) -> tuple[subprocess.Popen, str]:
    """Start the server over `database_url` (default: SQLite in `data_dir`) and return (process, base URL)
    once `/api/v1/health` answers; its error output is in the exception when it does not come up in 60 s."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "JARING_SERVER_DATA_DIR": str(data_dir), **env}
    for name in _NOT_INHERITED:
        if name not in env:
            environment.pop(name, None)
    if database_url is not None:
        environment["JARING_DATABASE_URL"] = database_url
    port = free_port()
    process = subprocess.Popen(
        [*server_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/api/v1/health", timeout=2).ok:
                return process, base
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server_process(process)
            raise RuntimeError(f"jaring-server serve did not start: {process.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)


def stop_server_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def server_process(data_dir: Path, database_url: str | None = None, **env: str) -> Iterator[str]:
    """`start_server_process` for a `with` block: yields the base URL, stops the server on the way out."""
    process, base = start_server_process(data_dir, database_url, **env)
    try:
        yield base
    finally:
        stop_server_process(process)
