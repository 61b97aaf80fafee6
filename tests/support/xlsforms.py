"""Workbooks made in tests: an XLSForm using what real forms use (metadata, choice_filter, `../`, current(),
position(..), instance() lookups, pulldata from a CSV shipped with it, the same name in two groups, parameters
and the question types a laptop serves), written with openpyxl as a person would in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

SURVEY_HEADER = ["type", "name", "label::Indonesian (id)", "label::English (en)", "required", "relevant",
                 "constraint", "calculation", "choice_filter", "parameters", "default"]  # fmt: skip
SURVEY = [
    ["start", "mulai", "", "", "", "", "", "", "", "", ""],
    ["end", "selesai", "", "", "", "", "", "", "", "", ""],
    ["today", "hari_ini", "", "", "", "", "", "", "", "", ""],
    ["deviceid", "perangkat", "", "", "", "", "", "", "", "", ""],
    ["username", "petugas", "", "", "", "", "", "", "", "", ""],
    ["select_one provinsi", "prov", "Provinsi", "Province", "yes", "", "", "", "", "", ""],
    ["select_one kabupaten", "kab", "Kabupaten", "Regency", "yes", "", "", "", "prov = ${prov}", "", ""],
    ["calculate", "nama_kab", "", "", "", "", "", "instance('kabupaten')/root/item[name = ${kab}]/label", "", "", ""],
    ["calculate", "harga_beras", "", "", "", "", "", "pulldata('harga', 'rupiah', 'barang', 'beras')", "", "", ""],
    ["time", "jam_kunjungan", "Jam kunjungan", "Visit time", "yes", "", "decimal-time(.) >= 0.25", "", "", "", ""],
    ["range", "kepuasan", "Kepuasan", "Satisfaction", "", "", "", "", "", "start=1 end=5 step=1", ""],
    ["begin_group", "kepala", "Kepala keluarga", "Head", "", "", "", "", "", "", ""],
    ["text", "nama", "Nama", "Name", "yes", "", "", "", "", "", ""],
    ["end_group", "", "", "", "", "", "", "", "", "", ""],
    ["begin_repeat", "anggota", "Anggota", "Members", "", "", "", "", "", "", ""],
    ["calculate", "urutan", "", "", "", "", "", "position(..)", "", "", ""],
    ["text", "nama", "Nama", "Name", "yes", "", "", "", "", "", ""],
    ["integer", "umur", "Umur", "Age", "", "", ". < 130", "", "", "", ""],
    ["select_one ya_tidak", "sekolah", "Sekolah?", "At school?", "", "../umur < 25", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", "", ""],
    ["note", "catatan", "Terima kasih", "Thank you", "", "", "", "", "", "", ""],
]  # fmt: skip
CHOICES = [
    ["provinsi", "32", "Jawa Barat", "West Java", ""], ["provinsi", "51", "Bali", "Bali", ""],
    ["kabupaten", "3201", "Bogor", "Bogor", "32"], ["kabupaten", "3273", "Kota Bandung", "Bandung", "32"],
    ["kabupaten", "5171", "Kota Denpasar", "Denpasar", "51"],
    ["ya_tidak", "ya", "Ya", "Yes", ""], ["ya_tidak", "tidak", "Tidak", "No", ""],
]  # fmt: skip
PRICES_CSV = b"barang,rupiah\nberas,13500\ngula,17000\n"


def odk_workbook(
    path: Path, *, form_id: str = "kunjungan_rumah", version: str = "2", extra: list | None = None
) -> Path:
    """The survey above as an .xlsx, with `harga.csv` beside it (pulldata's file)."""
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(SURVEY_HEADER)
    for row in [*SURVEY, *(extra or [])]:
        survey.append(row)
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::Indonesian (id)", "label::English (en)", "prov"])
    for row in CHOICES:
        choices.append(row)
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Kunjungan rumah", form_id, version])
    wb.save(path)
    (path.parent / "harga.csv").write_bytes(PRICES_CSV)
    return path
