"""`jaring nik`: valid or the reasons, a non-zero exit when any is invalid, never a traceback."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from app.commands import nik as nik_command

SELAT_WOMAN_1925 = "6203015505250001"  # Selat, woman born 15-05-(19)25, serial 0001


def run_inline(capsys, *numbers: str) -> tuple[int, str]:
    code = nik_command.run(argparse.Namespace(numbers=list(numbers)))
    return code, capsys.readouterr().out


def jaring(data_dir, *args: str | bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "JARING_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, env=env, timeout=120)


def test_valid_nik_prints_its_parts(capsys):
    code, out = run_inline(capsys, "62.03.01 550525 0001")
    assert code == 0
    assert out.splitlines()[0] == "6203015505250001: VALID"
    assert "perempuan / female" in out and "15-05" in out and "(2 angka) / birth year (2 digits): 25" in out
    assert "Kalimantan Tengah > Kabupaten Kapuas > Selat" in out


def test_reasons_are_given_in_both_languages_and_any_invalid_number_gives_exit_one(capsys):
    code, out = run_inline(capsys, SELAT_WOMAN_1925, "62O3011505250001", "6203017205250000")
    assert code == 1
    assert f"{SELAT_WOMAN_1925}: VALID" in out
    assert "[nik_letter_o]" in out and "angka nol (0)" in out and "digit zero (0)" in out
    assert "[nik_invalid_date]" in out and "[nik_serial_zero]" in out
    assert out.count("TIDAK VALID / INVALID") == 2


def test_an_unknown_kecamatan_is_a_warning_and_still_shows_the_kabupaten(capsys):
    code, out = run_inline(capsys, "6203991505850001")
    assert code == 0
    assert "peringatan/warning [nik_unknown_district]" in out
    assert "wilayah / region: Kalimantan Tengah > Kabupaten Kapuas\n" in out


def test_what_is_typed_is_echoed_safely(capsys):
    code, out = run_inline(capsys, "\u202e123", "ÿ" * 5000, "", "\x1b[31m")
    assert code == 1
    assert "\u202e" not in out and "\\u202e123" in out
    assert "(5000 karakter / characters)" in out and "ÿ" * 41 not in out
    assert "(kosong / empty)" in out and "\x1b" not in out


def test_whole_command_exit_codes(data_dir):
    ok = jaring(data_dir, "nik", SELAT_WOMAN_1925)
    assert ok.returncode == 0, ok.stderr
    bad = jaring(data_dir, "nik", SELAT_WOMAN_1925, "123")
    assert bad.returncode == 1 and b"[nik_length]" in bad.stdout


@pytest.mark.parametrize(
    "typed", ["", "ÿ" * 5000, "\u202e123", "-- -", "62.03.01", b"\xff\xfe62", "\U0001f600"]
)
def test_whatever_is_typed_no_traceback(data_dir, typed):
    result = jaring(data_dir, "nik", "--", typed)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr + result.stdout and b"unexpected" not in result.stderr


def test_a_stdout_that_cannot_encode_the_messages_does_not_fail(data_dir):
    env_ascii = {"PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "nik", "--", "6203017205250001", "\U0001f600"],
        capture_output=True,
        env={**os.environ, "JARING_DATA_DIR": str(data_dir), **env_ascii},
        timeout=120,
    )
    assert result.returncode == 1 and b"[nik_invalid_date]" in result.stdout, result.stderr
