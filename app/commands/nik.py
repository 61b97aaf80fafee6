"""`jaring nik NIK...`: check NIKs from the command line — valid or the reasons, with what the NIK says.

Exit 0 when every number is valid (warnings allowed), 1 when any is not. Whatever is typed is echoed back
safely: cut to a readable length, control and direction-changing characters shown as escapes, so a pasted
right-to-left override or a 5,000-character line cannot garble the terminal or crash the output.
"""

from __future__ import annotations

import argparse
import sys

from forms.domain import regions
from forms.domain.nik import NikInfo, check_nik

_ECHO_LIMIT = 40


def register(sub: argparse._SubParsersAction) -> None:
    """Add `jaring nik NIK...`."""
    parser = sub.add_parser(
        "nik",
        help="periksa NIK / check NIKs",
        description="Periksa NIK: valid atau alasannya. / Check NIKs: valid, or the reasons why not.",
    )
    parser.add_argument("numbers", nargs="+", metavar="NIK", help="NIK, boleh dengan spasi atau titik")
    parser.set_defaults(func=run)


def printable(text: str) -> str:
    """`text` safe to print: non-printable characters (controls, bidi overrides, lone surrogates) escaped."""
    cut = text[:_ECHO_LIMIT]
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in cut)
    return shown + (f"… ({len(text)} karakter / characters)" if len(text) > _ECHO_LIMIT else "")


def describe(info: NikInfo) -> list[str]:
    """Lines describing one checked NIK: verdict, every problem in both languages, then what it says."""
    verdict = "VALID" if info.valid else "TIDAK VALID / INVALID"
    lines = [f"{info.digits or printable(info.raw)}: {verdict}"]
    if not info.raw.strip():
        lines[0] = f"(kosong / empty): {verdict}"
    for p in info.problems:
        tag = "galat/error" if p.is_error else "peringatan/warning"
        lines.append(f"  {tag} [{p.code}]")
        lines.append(f"    {p.id}")
        lines.append(f"    {p.en}")
    if info.sex is not None:
        sex = "laki-laki / male" if info.sex == "L" else "perempuan / female"
        lines.append(f"  jenis kelamin / sex: {sex}")
        lines.append(f"  tanggal-bulan lahir / birth day-month: {info.day:02d}-{info.month:02d}")
        lines.append(f"  tahun lahir (2 angka) / birth year (2 digits): {info.yy:02d}")
    if info.district is not None:
        names = _known_path(info.district)
        if names:
            lines.append(f"  wilayah / region: {' > '.join(names)}")
    return lines


def _known_path(district: str) -> list[str]:
    """Names of the longest known part of the kecamatan code (an unknown kecamatan still shows its kabupaten)."""
    parts = district.split(".")
    for depth in range(len(parts), 0, -1):
        names = regions.path_names(".".join(parts[:depth]))
        if names:
            return names
    return []


def run(args: argparse.Namespace) -> int:
    """Print a verdict for every number; 1 when any is invalid."""
    if hasattr(sys.stdout, "reconfigure"):  # a cp1252 pipe on Windows must not fail on "–" or a pasted emoji
        sys.stdout.reconfigure(errors="replace")
    all_valid = True
    for raw in args.numbers:
        info = check_nik(raw)
        all_valid &= info.valid
        print("\n".join(describe(info)))
    return 0 if all_valid else 1
