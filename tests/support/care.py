"""Services and visits for the tests of issue #31: the answers of a `service` or `visit` record about a
person, as a laptop or the district makes them."""

from __future__ import annotations

from forms.samples import make_household

SERVICE_FORM = "service"
VISIT_FORM = "visit"


def member_of(household: dict, index: int = 0) -> tuple[str, dict]:
    """(member id, answers) of a household's `index`-th member in display order."""
    items = sorted(household["anggota"].items(), key=lambda kv: kv[1].get("_pos", 0))
    return items[index]


def service(household_id: str, member_id: str, desa: str, code: str = "pkh", day: str = "2026-11-02",
            **extra) -> dict:  # fmt: skip
    return {"subjek_rumah_tangga": household_id, "subjek_anggota": member_id, "subjek_nama": "",
            "desa": desa, "layanan": code, "tanggal": day, "sumber": "laptop", **extra}  # fmt: skip


def visit(household_id: str, member_id: str, desa: str, day: str = "2026-11-02", next_day: str | None = None,
          condition: str = "tetap") -> dict:  # fmt: skip
    out = {"subjek_rumah_tangga": household_id, "subjek_anggota": member_id, "subjek_nama": "", "desa": desa,
           "tanggal": day, "kondisi": condition}  # fmt: skip
    if next_day:
        out["kunjungan_berikut"] = next_day
    return out


__all__ = ["make_household", "member_of", "service", "visit"]
