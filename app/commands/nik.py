"""`jaring nik NIK...`: check NIKs from the command line — valid or the reasons, with what the NIK says."""

from __future__ import annotations

import argparse

from forms.domain import regions
from forms.domain.nik import check_nik


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("nik", help="periksa NIK / check NIKs")
    parser.add_argument("numbers", nargs="+", metavar="NIK")
    parser.set_defaults(func=run)


def describe(raw: str) -> tuple[bool, list[str]]:
    """Lines describing one NIK, and whether it is valid."""
    info = check_nik(raw)
    shown = info.digits or raw
    lines = [f"{shown}: {'VALID' if info.valid else 'TIDAK VALID / INVALID'}"]
    for p in info.problems:
        tag = "galat/error" if p.is_error else "peringatan/warning"
        lines.append(f"  {tag} [{p.code}] {p.id} / {p.en}")
    if info.sex is not None:
        sex = "laki-laki / male" if info.sex == "L" else "perempuan / female"
        lines.append(f"  jenis kelamin / sex: {sex}")
        lines.append(f"  tanggal & bulan lahir / birth day & month: {info.day:02d}-{info.month:02d}")
        lines.append(f"  tahun (2 angka) / year (2 digits): {info.yy:02d}")
    if info.district is not None:
        names = regions.path_names(info.district) or regions.path_names(info.regency or "")
        if names:
            lines.append(f"  wilayah / region: {', '.join(reversed(names))}")
    return info.valid, lines


def run(args: argparse.Namespace) -> int:
    all_valid = True
    for raw in args.numbers:
        valid, lines = describe(raw)
        all_valid &= valid
        print("\n".join(lines))
    return 0 if all_valid else 1
