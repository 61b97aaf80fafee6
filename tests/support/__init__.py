"""Helpers for the tests (and the bench and screenshot scripts): no tests and no fixtures here — the fixtures
are in tests/conftest.py. pytest puts tests/ on sys.path, so a test imports `from support.server_db import ...`;
a script outside tests/ puts tests/ on sys.path first (see scripts/console_screenshots.py)."""
