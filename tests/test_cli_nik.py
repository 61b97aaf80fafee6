"""`jaring nik`: valid or the reasons, a non-zero exit when any is invalid, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


def jaring(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60)


def test_valid_nik_prints_its_parts_and_exits_zero():
    result = jaring("nik", "6203015505250001")
    assert result.returncode == 0, result.stderr
    assert "VALID" in result.stdout and "perempuan" in result.stdout
    assert "15-05" in result.stdout and "25" in result.stdout and "Selat" in result.stdout


def test_any_invalid_nik_gives_exit_one_with_reasons():
    result = jaring("nik", "6203015505250001", "62O3011505250001")
    assert result.returncode == 1
    assert "nik_letter_o" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize("typed", ["", "ÿ" * 5000, "\u202e123", "-- -", "62.03.01"])
def test_whatever_is_typed_no_traceback(typed):
    result = jaring("nik", "--", typed)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
