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


# --- the district's hand-counted fixture (tests/test_services_console.py) ---------------------------------
# Five households in one desa, their first members PPKS: P1 and P5 are one person (same NIK, confirmed as a
# duplicate), P2 lansia, P3 and P4 gelandangan (P4 also fakir miskin). Services: P1 ASLUT and P5 PBI-JK in
# November 2026, P3 ATENSI in November, P2 ASLUT in September. P2 has a visit due 20 November.
FIXTURE_PPKS = {1: ["lansia_terlantar"], 2: ["lansia_terlantar"], 3: ["gelandangan"],
                4: ["gelandangan", "fakir_miskin"], 5: ["lansia_terlantar"]}  # fmt: skip


def fixture_households(desa: str) -> dict[int, dict]:
    import random
    from datetime import date

    out = {}
    for n, ppks in FIXTURE_PPKS.items():
        household = make_household(random.Random(100 + n), desa, date(2026, 11, 1), serial=100 + n)
        for member in household["anggota"].values():
            member["ppks"] = []
            member.pop("lansia_tinggal_sendiri", None)
        _, first = member_of(household)
        first["ppks"] = ppks
        first["lansia_tinggal_sendiri"] = True if "lansia_terlantar" in ppks else None
        first["status_anggota"] = "aktif"
        out[n] = household
    _, one = member_of(out[1])
    _, five = member_of(out[5])
    for key in ("nama", "nik", "nik_status", "jenis_kelamin", "tanggal_lahir", "tempat_lahir"):
        if key in one:
            five[key] = one[key]
    for household in out.values():
        _, first = member_of(household)
        if first.get("lansia_tinggal_sendiri") is None:
            first.pop("lansia_tinggal_sendiri", None)
    return out


def fixture_care(persons: dict[int, tuple[str, str]], desa: str) -> list[tuple[str, dict]]:
    """(form id, answers) of the fixture's services and visit."""
    p = persons
    return [("service", service(*p[1], desa, "aslut", "2026-11-02", instansi="kemensos", jumlah=600000)),
            ("service", service(*p[5], desa, "pbi_jk", "2026-11-05", instansi="bpjs")),
            ("service", service(*p[3], desa, "atensi", "2026-11-10", instansi="sentra_panti")),
            ("service", service(*p[2], desa, "aslut", "2026-09-01")),
            ("visit", visit(*p[2], desa, "2026-11-01", next_day="2026-11-20"))]  # fmt: skip
