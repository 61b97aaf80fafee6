"""The `services` and `agencies` reference lists: the codes the `service` and `visit` forms offer, shipped
with defaults (docs/domain.md#services-visits-and-the-minimum-service-standard) and replaced by the
district's own when it publishes a reference data set of the same name (devices receive it by pull).

A published list is a JSON list of `{"value", "label": {"id", "en"}, ...}` items (an agency may also carry
`kind`, `area`, `contact`). Its codes are the choices offered on screen; the form definition's built-in
list holds the defaults, so a record always validates against the version it was captured with — a
district that adds a code the shipped forms do not know publishes a new form version with it.
"""

from __future__ import annotations

from forms.domain.ppks import PPKS_CATEGORIES

SERVICES_LIST = "services"
AGENCIES_LIST = "agencies"


def _item(value: str, id_: str, en: str, **extra: str) -> dict:
    return {"value": value, "label": {"id": id_, "en": en}, **extra}


DEFAULT_SERVICES: list[dict] = [
    _item("pkh", "PKH (Program Keluarga Harapan)", "PKH (family hope conditional cash)"),
    _item("bpnt", "BPNT / Sembako", "BPNT / staple-food assistance"),
    _item("pbi_jk", "PBI-JK (iuran BPJS Kesehatan dibayar negara)", "PBI-JK (state-paid health insurance)"),
    _item("kip", "KIP (Kartu Indonesia Pintar)", "KIP (school assistance card)"),
    _item("aslut", "ASLUT (asistensi lanjut usia)", "ASLUT (elderly assistance)"),
    _item("atensi", "ATENSI (rehabilitasi sosial)", "ATENSI (social rehabilitation)"),
    _item("alat_bantu", "Alat bantu", "Assistive device"),
    _item("rtlh", "RTLH (bedah rumah)", "RTLH (house repair)"),
    _item("bantuan_bencana", "Bantuan bencana", "Disaster relief"),
    _item("dokumen_kependudukan", "Dokumen kependudukan (NIK/KK/akta)", "Civil-registration document"),
    _item("layanan_kesehatan", "Layanan kesehatan", "Health care"),
    _item("lainnya", "Lainnya", "Other"),
]

DEFAULT_AGENCIES: list[dict] = [
    _item("dinsos", "Dinas Sosial", "Social affairs office", kind="dinsos"),
    _item("dukcapil", "Dukcapil", "Civil registration office", kind="dukcapil"),
    _item(
        "dinkes", "Dinas Kesehatan / Puskesmas", "Health office / community health centre", kind="kesehatan"
    ),
    _item("rumah_sakit", "Rumah sakit", "Hospital", kind="kesehatan"),
    _item("disdik", "Dinas Pendidikan / sekolah", "Education office / school", kind="pendidikan"),
    _item("uptd_ppa", "UPTD PPA", "Women and child protection unit", kind="ppa"),
    _item("satpol_pp", "Satpol PP", "Municipal police", kind="satpol_pp"),
    _item("bpbd", "BPBD", "Disaster management agency", kind="bpbd"),
    _item("bpjs", "BPJS", "Social security agency", kind="bpjs"),
    _item(
        "sentra_panti",
        "Sentra / panti rehabilitasi sosial",
        "Social rehabilitation centre",
        kind="rehabilitasi",
    ),
    _item(
        "kemensos",
        "Kementerian Sosial (program pusat)",
        "Ministry of Social Affairs (national programme)",
        kind="kemensos",
    ),
    _item("lainnya", "OPD lainnya", "Another agency", kind="opd"),
]

DEFAULTS = {SERVICES_LIST: DEFAULT_SERVICES, AGENCIES_LIST: DEFAULT_AGENCIES}

# The five SPM social services a kabupaten/kota reports (PP 2/2018, Permensos 9/2018): who needed each
# (PPKS categories) and which service codes count as serving them.
SPM_SERVICES: list[dict] = [
    {
        "code": "disabilitas",
        "label": {
            "id": "Rehabilitasi sosial dasar penyandang disabilitas terlantar",
            "en": "Basic social rehabilitation of neglected persons with disabilities",
        },
        "ppks": ("penyandang_disabilitas", "anak_disabilitas"),
    },
    {
        "code": "anak",
        "label": {
            "id": "Rehabilitasi sosial dasar anak terlantar",
            "en": "Basic social rehabilitation of neglected children",
        },
        "ppks": ("anak_balita_terlantar", "anak_terlantar", "anak_jalanan"),
    },
    {
        "code": "lansia",
        "label": {
            "id": "Rehabilitasi sosial dasar lanjut usia terlantar",
            "en": "Basic social rehabilitation of neglected elderly",
        },
        "ppks": ("lansia_terlantar",),
    },
    {
        "code": "gepeng",
        "label": {
            "id": "Rehabilitasi sosial dasar gelandangan dan pengemis",
            "en": "Basic social rehabilitation of homeless people and beggars",
        },
        "ppks": ("gelandangan", "pengemis"),
    },
    {
        "code": "bencana",
        "label": {
            "id": "Perlindungan dan jaminan sosial korban bencana",
            "en": "Social protection of disaster victims",
        },
        "ppks": ("korban_bencana_alam", "korban_bencana_sosial"),
    },
]


def items(name: str, published: object = None) -> list[dict]:
    """The list `name` as published by the district when it is a well-formed list, else the defaults."""
    if (
        isinstance(published, list)
        and published
        and all(isinstance(i, dict) and isinstance(i.get("value"), str) and i["value"] for i in published)
    ):
        return published
    return DEFAULTS.get(name, [])


def label(name: str, code: str | None, lang: str = "id", published: object = None) -> str:
    """The words for one code of the list `name` (the code itself when the list does not know it)."""
    for item in items(name, published):
        if item.get("value") == code:
            texts = item.get("label") or {}
            return texts.get(lang) or texts.get("id") or code or ""
    return code or ""


# The choice lists every form may name without defining them: the PPKS categories and the shipped lists.
BUILTIN_CHOICES = {
    "ppks": [{"value": c.code, "label": {"id": c.name_id, "en": c.name_en}} for c in PPKS_CATEGORIES],
    **{name: [{"value": i["value"], "label": i["label"]} for i in items] for name, items in DEFAULTS.items()},
}
