"""Jaring desktop app: the volunteer's laptop side (store, services, UI, CLI)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jaring")
except PackageNotFoundError:  # running from a frozen bundle without metadata
    __version__ = "0.1.0"
