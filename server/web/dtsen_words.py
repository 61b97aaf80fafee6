"""The console's words for the DTSEN monthly package, one table per language with the same keys
(tests/test_dtsen_console.py checks)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Paket DTSEN bulanan", "month": "Bulan", "show": "Tampilkan", "due": "Jadwal bulan ini",
        "past": "lewat", "agreed": "usulan disepakati musyawarah desa", "per_area": "Per kecamatan dan desa",
        "kecamatan": "Kecamatan", "desa": "Desa", "count": "Usulan", "checked": "Perlu diperiksa",
        "name": "Nama", "kind": "Jenis", "reason": "Alasan", "findings": "Temuan", "sent": "Dikirim",
        "outcome": "Hasil", "decile": "Desil baru", "export": "Unduh untuk sistem pusat", "mark_sent":
        "Tandai semua sudah dikirim", "sent_done": "{n} usulan ditandai dikirim.", "layout": "Susunan kolom ekspor",
        "layout_help": "Satu kolom satu baris: KOLOM = isian. Berlaku tanpa rilis baru.", "save": "Simpan",
        "layout_saved": "Susunan kolom disimpan.", "outcomes": "Impor hasil dari sistem pusat (XLSX atau CSV)",
        "outcomes_help": "Kolom: nik dan/atau no_kk, hasil (diterima/ditolak), desil.", "import": "Impor",
        "outcomes_done": "{n} hasil dicatat.", "problems": "Baris yang ditolak", "none": "Tidak ada usulan.",
        "only_admin": "Hanya admin kabupaten yang mengubah susunan, menandai kirim dan mengimpor hasil.",
        "bad_month": "Bulan harus TTTT-BB.",
    },
    "en": {
        "title": "Monthly DTSEN package", "month": "Month", "show": "Show", "due": "Due this month",
        "past": "past", "agreed": "proposals agreed at village meetings", "per_area": "Per kecamatan and desa",
        "kecamatan": "Kecamatan", "desa": "Desa", "count": "Proposals", "checked": "To check",
        "name": "Name", "kind": "Kind", "reason": "Reason", "findings": "Findings", "sent": "Sent",
        "outcome": "Outcome", "decile": "New decile", "export": "Download for the national system", "mark_sent":
        "Mark all as sent", "sent_done": "{n} proposals marked sent.", "layout": "Export column layout",
        "layout_help": "One column a line: HEADER = field. Takes effect without a new release.", "save": "Save",
        "layout_saved": "Column layout saved.", "outcomes": "Import outcomes from the national system (XLSX or CSV)",
        "outcomes_help": "Columns: nik and/or no_kk, hasil (diterima/ditolak), desil.", "import": "Import",
        "outcomes_done": "{n} outcomes recorded.", "problems": "Rows refused", "none": "No proposals.",
        "only_admin": "Only a district admin changes the layout, marks sending and imports outcomes.",
        "bad_month": "The month must be YYYY-MM.",
    },
}  # fmt: skip
