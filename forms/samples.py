"""Realistic sample answers for the shipped forms: demo data, tests and benchmarks share one generator.

Households get a valid No. KK, 1–7 members with valid NIKs that agree with their sex and birth date
(some without a NIK, with the reason), PPKS categories that fit their age, and the housing answers.
Deterministic for a given `random.Random` seed.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from forms.domain import regions

FIRST_MALE = [
    "Ahmad",
    "Muhammad",
    "Budi",
    "Agus",
    "Yohanes",
    "Hendra",
    "Rudi",
    "Slamet",
    "Dedi",
    "Rizky",
    "Fajar",
    "Imam",
]
FIRST_FEMALE = [
    "Siti",
    "Nur",
    "Dewi",
    "Sri",
    "Maria",
    "Rina",
    "Wati",
    "Lestari",
    "Haliza",
    "Aisyah",
    "Yuliana",
    "Ani",
]
LAST = ["Saputra", "Hidayat", "Wijaya", "Rahman", "Simanjuntak", "Lubis", "Kurniawan", "Setiawan", "Pratama", "Nugroho",
        "Tampubolon", "Halim", "Dayak", "Ningsih", "Susanti", "Anggraini"]  # fmt: skip


def nik_for(desa: str, sex: str, born: date, serial: int) -> str:
    """A valid NIK for someone first registered in this desa's kecamatan."""
    district = desa.replace(".", "")[:6]
    day = born.day + (40 if sex == "P" else 0)
    return f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial % 9999 + 1:04d}"


def kk_for(desa: str, issued: date, serial: int) -> str:
    district = desa.replace(".", "")[:6]
    return f"{district}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial % 9999 + 1:04d}"


def _birth(rng: random.Random, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300))


def _age(born: date, today: date) -> int:
    return int((today - born).days // 365.25)


def _ppks_for(rng: random.Random, age: int) -> list[str]:
    if rng.random() < 0.55:
        return []
    if age >= 60:
        pool = ["lansia_terlantar", "fakir_miskin", "penyandang_disabilitas"]
    elif age < 5:
        pool = ["anak_balita_terlantar"]
    elif age < 18:
        pool = ["anak_terlantar", "anak_jalanan", "anak_disabilitas"]
    else:
        pool = [
            "fakir_miskin",
            "penyandang_disabilitas",
            "perempuan_rawan_sosek",
            "korban_bencana_alam",
            "pemulung",
        ]
    return sorted(set(rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2])))))


def make_member(rng: random.Random, desa: str, today: date, *, role: str, pos: int, serial: int,
                sex: str | None = None) -> tuple[str, dict]:  # fmt: skip
    sex = sex or rng.choice("LP")
    ages = {"kepala": (25, 80), "pasangan": (20, 75), "anak": (0, 30), "orang_tua": (55, 90)}[role]
    born = _birth(rng, today, *ages)
    age = _age(born, today)
    first = rng.choice(FIRST_MALE if sex == "L" else FIRST_FEMALE)
    member: dict = {
        "_pos": pos,
        "nama": f"{first} {rng.choice(LAST)}",
        "jenis_kelamin": sex,
        "tempat_lahir": rng.choice(["Kuala Kapuas", "Palangka Raya", "Pulang Pisau", "Sampit"]),
        "tanggal_lahir": born.isoformat(),
        "hubungan": role,
        "pendidikan": rng.choice(["tidak_sekolah", "sd", "smp", "sma"]),
        "status_anggota": "aktif",
    }
    if rng.random() < 0.08:
        member["nik_status"] = rng.choice(["belum_punya", "tidak_diketahui", "hilang"])
    else:
        member["nik_status"] = "ada"
        member["nik"] = nik_for(desa, sex, born, serial)
    if age >= 10:
        member["status_kawin"] = "kawin" if role in ("kepala", "pasangan") else "belum_kawin"
    if age >= 5:
        member["pekerjaan"] = rng.choice(["petani", "nelayan", "buruh", "pedagang", "tidak_bekerja"])
    if sex == "P" and 10 <= age <= 55:
        member["hamil"] = rng.random() < 0.05
    ppks = _ppks_for(rng, age)
    if ppks:
        member["ppks"] = ppks
    if "lansia_terlantar" in ppks:
        member["lansia_tinggal_sendiri"] = rng.random() < 0.4
    if "korban_bencana_alam" in ppks:
        member["jenis_bencana"] = rng.choice(["banjir", "kebakaran", "kabut_asap"])
    if set(ppks) & {"penyandang_disabilitas", "anak_disabilitas"}:
        member["disabilitas"] = [rng.choice(["fisik", "netra", "rungu", "intelektual"])]
    return str(uuid.UUID(int=rng.getrandbits(128))), member


def make_household(rng: random.Random, desa: str, today: date | None = None, *, serial: int = 0) -> dict:
    """Answers of one `ppks_registration@1` household in `desa` (a dotted desa code)."""
    today = today or date.today()
    members = {}
    head_sex = "L" if rng.random() < 0.8 else "P"
    mid, head = make_member(rng, desa, today, role="kepala", pos=1, serial=serial * 8, sex=head_sex)
    members[mid] = head
    count = rng.randint(3, 7)
    if count >= 2:
        mid, m = make_member(rng, desa, today, role="pasangan", pos=2, serial=serial * 8 + 1,
                             sex="P" if head_sex == "L" else "L")  # fmt: skip
        members[mid] = m
    for i in range(len(members), count):
        role = "orang_tua" if i == count - 1 and rng.random() < 0.2 else "anak"
        mid, m = make_member(rng, desa, today, role=role, pos=i + 1, serial=serial * 8 + i)
        members[mid] = m
    issued = _birth(rng, today, 1, 15)
    return {
        "persetujuan": True,
        "no_kk": kk_for(desa, issued, serial),
        "kepala_keluarga": head["nama"],
        "alamat": {
            "desa": desa,
            "dusun": f"Dusun {rng.randint(1, 5)}",
            "rt": str(rng.randint(1, 20)),
            "rw": str(rng.randint(1, 8)),
            "jalan": f"Jl. {rng.choice(['Pahlawan', 'Merdeka', 'Sungai Kapuas', 'Tjilik Riwut'])} No. {rng.randint(1, 99)}",
        },
        "lokasi": {
            "lat": round(-3.0 + rng.random(), 6),
            "lon": round(114.0 + rng.random(), 6),
            "accuracy": 8.5,
        },
        "desil": rng.choice(["1", "2", "3", "4", "5", "tidak_tahu"]),
        "perumahan": {
            "kepemilikan": rng.choice(["milik_sendiri", "sewa", "bebas_sewa"]),
            "luas_lantai": rng.choice([24, 36, 45.5, 60]),
            "lantai": rng.choice(["tanah", "kayu", "semen"]),
            "dinding": rng.choice(["kayu", "bambu", "tembok"]),
            "atap": rng.choice(["seng", "daun", "genteng"]),
            "air_minum": rng.choice(["sungai", "sumur_terlindung", "kemasan"]),
            "penerangan": rng.choice(["pln_450", "pln_900", "non_pln"]),
            "bahan_bakar": rng.choice(["kayu", "gas_3kg"]),
            "jamban": rng.choice(["sendiri", "bersama", "tidak_ada"]),
        },
        "aset": sorted(rng.sample(["sepeda_motor", "televisi", "perahu", "ternak"], k=rng.randint(0, 2))),
        "bantuan": sorted(rng.sample(["pkh", "bpnt", "pbi_jk", "blt"], k=rng.randint(0, 2))),
        "anggota": members,
    }


def make_complaint(rng: random.Random, desa: str, today: date | None = None) -> dict:
    """Answers of one `pengaduan@1` complaint in `desa`."""
    today = today or date.today()
    reporter = rng.choice(["warga", "atas_nama", "anonim"])
    answers: dict = {
        "pelapor_jenis": reporter,
        "subjek_nama": f"{rng.choice(FIRST_FEMALE + FIRST_MALE)} {rng.choice(LAST)}",
        "desa": desa,
        "kategori": rng.choice(
            ["belum_terdaftar", "bantuan_tidak_diterima", "data_salah", "permintaan_layanan"]
        ),
        "uraian": rng.choice(
            [
                "Keluarga lansia belum pernah menerima bantuan sembako sejak tahun lalu.",
                "Anak disabilitas membutuhkan kursi roda untuk bersekolah.",
                "Nama di kartu PBI-JK salah sehingga ditolak puskesmas.",
                "Rumah rusak berat setelah banjir, mohon bantuan perbaikan.",
            ]
        ),  # fmt: skip
        "urgensi": rng.choice(["biasa", "biasa", "mendesak"]),
        "layanan_diharapkan": [rng.choice(["bpnt", "alat_bantu", "pbi_jk", "rtlh"])],
        "persetujuan_berbagi": True,
    }
    if reporter != "anonim":
        answers["pelapor_nama"] = f"{rng.choice(FIRST_MALE)} {rng.choice(LAST)}"
        answers["pelapor_telepon"] = f"0812{rng.randint(10**9, 10**10 - 1) % 10**8:08d}"  # a Telkomsel number
    if reporter == "atas_nama":
        answers["pelapor_jabatan"] = rng.choice(["ketua_rt", "kades_lurah"])
    return answers


def villages_of(area: str) -> list[str]:
    """Desa codes under an area code (a desa gives itself); for demo data."""
    region = regions.get(area)
    if region is None:
        return []
    if region.level == "desa":
        return [region.code]
    out, stack = [], [region.code]
    while stack:
        for child in regions.children(stack.pop()):
            (out if child.level == "desa" else stack).append(child.code)
    return sorted(out)
