"""The 26 PPKS categories (Permensos No. 8 Tahun 2012) with stable codes, names and age rules.

Age rules are warnings with a reason, never errors: field reality sometimes differs from the rule
(docs/domain.md#ppks-categories). A *balita* is under 5, an *anak* under 18, a *lansia* 60 or over.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.problems import Problem, Severity


@dataclass(frozen=True, slots=True)
class PpksCategory:
    number: int
    code: str
    name_id: str
    name_en: str
    min_age: int | None = None  # inclusive
    below_age: int | None = None  # exclusive


_BALITA, _ANAK, _LANSIA = {"below_age": 5}, {"below_age": 18}, {"min_age": 60}

PPKS_CATEGORIES: tuple[PpksCategory, ...] = (
    PpksCategory(
        1, "anak_balita_terlantar", "Anak Balita Terlantar", "Neglected child under five", **_BALITA
    ),
    PpksCategory(2, "anak_terlantar", "Anak Terlantar", "Neglected child", **_ANAK),
    PpksCategory(
        3,
        "anak_berhadapan_hukum",
        "Anak yang Berhadapan dengan Hukum",
        "Child in conflict with the law",
        **_ANAK,
    ),
    PpksCategory(4, "anak_jalanan", "Anak Jalanan", "Street child", **_ANAK),
    PpksCategory(5, "anak_disabilitas", "Anak dengan Kedisabilitasan", "Child with disability", **_ANAK),
    PpksCategory(
        6,
        "anak_korban_kekerasan",
        "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah",
        "Child victim of violence or mistreatment",
        **_ANAK,
    ),
    PpksCategory(
        7,
        "anak_perlindungan_khusus",
        "Anak yang Memerlukan Perlindungan Khusus",
        "Child needing special protection",
        **_ANAK,
    ),
    PpksCategory(8, "lansia_terlantar", "Lanjut Usia Terlantar", "Neglected elderly person", **_LANSIA),
    PpksCategory(9, "penyandang_disabilitas", "Penyandang Disabilitas", "Person with disability"),
    PpksCategory(10, "tuna_susila", "Tuna Susila", "Sex worker"),
    PpksCategory(11, "gelandangan", "Gelandangan", "Homeless person"),
    PpksCategory(12, "pengemis", "Pengemis", "Beggar"),
    PpksCategory(13, "pemulung", "Pemulung", "Scavenger"),
    PpksCategory(14, "kelompok_minoritas", "Kelompok Minoritas", "Minority group"),
    PpksCategory(15, "bwblp", "Bekas Warga Binaan Lembaga Pemasyarakatan", "Former prison inmate"),
    PpksCategory(16, "odha", "Orang dengan HIV/AIDS", "Person living with HIV/AIDS"),
    PpksCategory(17, "korban_napza", "Korban Penyalahgunaan NAPZA", "Victim of drug abuse"),
    PpksCategory(18, "korban_trafficking", "Korban Perdagangan Orang", "Victim of human trafficking"),
    PpksCategory(19, "korban_kekerasan", "Korban Tindak Kekerasan", "Victim of violence"),
    PpksCategory(20, "pmbs", "Pekerja Migran Bermasalah Sosial", "Migrant worker with social problems"),
    PpksCategory(21, "korban_bencana_alam", "Korban Bencana Alam", "Victim of natural disaster"),
    PpksCategory(22, "korban_bencana_sosial", "Korban Bencana Sosial", "Victim of social disaster"),
    PpksCategory(
        23, "perempuan_rawan_sosek", "Perempuan Rawan Sosial Ekonomi", "Socio-economically vulnerable woman"
    ),
    PpksCategory(24, "fakir_miskin", "Fakir Miskin", "Poor person"),
    PpksCategory(
        25,
        "keluarga_bermasalah",
        "Keluarga Bermasalah Sosial Psikologis",
        "Family with psychosocial problems",
    ),
    PpksCategory(26, "komunitas_adat_terpencil", "Komunitas Adat Terpencil", "Remote indigenous community"),
)

_BY_CODE = {c.code: c for c in PPKS_CATEGORIES}


def category(code: str) -> PpksCategory | None:
    """The category with this stable code, or None."""
    return _BY_CODE.get(code)


def age_problems(code: str, age_years: int | None) -> list[Problem]:
    """Warnings when a person's age does not fit the category's age rule (none when the age is unknown)."""
    cat = _BY_CODE.get(code)
    if cat is None or age_years is None:
        return []
    if cat.below_age is not None and age_years >= cat.below_age:
        return [
            Problem(
                "ppks_age_rule",
                f"{cat.name_id} biasanya berusia di bawah {cat.below_age} tahun; "
                f"orang ini {age_years} tahun.",
                f"{cat.name_en}: usually under {cat.below_age}; this person is {age_years}.",
                Severity.WARNING,
            )
        ]
    if cat.min_age is not None and age_years < cat.min_age:
        return [
            Problem(
                "ppks_age_rule",
                f"{cat.name_id} biasanya berusia {cat.min_age} tahun ke atas; orang ini {age_years} tahun.",
                f"{cat.name_en}: usually {cat.min_age} or older; this person is {age_years}.",
                Severity.WARNING,
            )
        ]
    return []
