"""The console's words for what was done for each person (person page, coverage, SPM, unserved and overdue
lists), one table per language with the same keys (tests/test_services_console.py checks)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "person": "Orang", "timeline": "Riwayat", "born": "Tanggal lahir", "desa": "Desa", "ppks": "Kategori PPKS",
        "household": "Rumah tangga", "date": "Tanggal", "what": "Apa", "detail": "Keterangan",
        "k_registration": "Pendaftaran", "k_change": "Perubahan data", "k_complaint": "Pengaduan",
        "k_service": "Layanan", "k_visit": "Kunjungan", "k_link": "Data ganda (orang yang sama)",
        "linked_elsewhere": "dikonfirmasi orang yang sama; data di wilayah lain", "by": "oleh",
        "agency": "instansi", "source": "sumber", "next_visit": "kunjungan berikutnya", "none": "Belum ada.",
        "data_report": "Laporan data pribadi (PDF)",
        "coverage": "Cakupan layanan", "spm": "Laporan SPM (Standar Pelayanan Minimal)",
        "period": "Periode", "from": "Dari", "to": "Sampai", "show": "Tampilkan",
        "category": "Kategori PPKS", "persons": "Orang PPKS", "served": "Terlayani", "share": "Persen",
        "service": "Layanan", "served_by_service": "Orang terlayani per layanan", "total": "Semua PPKS",
        "spm_service": "Layanan dasar SPM", "needed": "Membutuhkan", "spm_note":
            "Dihitung dari data Jaring: orang PPKS di kategori layanan itu, dan di antaranya yang menerima layanan "
            "apa pun dalam periode. Dua data yang dikonfirmasi sebagai orang yang sama dihitung sekali.",
        "unserved": "Belum terlayani", "months": "bulan", "last_service": "Layanan terakhir", "never": "belum pernah",
        "overdue": "Kunjungan terlambat", "last_visit": "Kunjungan terakhir", "days_late": "Terlambat (hari)",
        "due": "Jatuh tempo", "name": "Nama", "export": "Unduh", "found": "orang",
        "spm_pdf_footer": "Jaring — laporan SPM dari data layanan tercatat",
    },
    "en": {
        "person": "Person", "timeline": "Timeline", "born": "Date of birth", "desa": "Village",
        "ppks": "PPKS categories", "household": "Household", "date": "Date", "what": "What", "detail": "Details",
        "k_registration": "Registration", "k_change": "Data changed", "k_complaint": "Complaint",
        "k_service": "Service", "k_visit": "Visit", "k_link": "Duplicate (same person)",
        "linked_elsewhere": "confirmed as the same person; the record is in another area", "by": "by",
        "agency": "agency", "source": "source", "next_visit": "next visit", "none": "Nothing yet.",
        "data_report": "Personal data report (PDF)",
        "coverage": "Service coverage", "spm": "SPM report (minimum service standard)",
        "period": "Period", "from": "From", "to": "To", "show": "Show",
        "category": "PPKS category", "persons": "PPKS persons", "served": "Served", "share": "Percent",
        "service": "Service", "served_by_service": "Persons served by service", "total": "All PPKS",
        "spm_service": "SPM basic service", "needed": "Needed", "spm_note":
            "Counted from Jaring's records: PPKS persons of the service's categories, and of them those who "
            "received any service in the period. Two records confirmed as the same person count once.",
        "unserved": "Not yet served", "months": "months", "last_service": "Last service", "never": "never",
        "overdue": "Overdue visits", "last_visit": "Last visit", "days_late": "Late (days)",
        "due": "Due", "name": "Name", "export": "Download", "found": "persons",
        "spm_pdf_footer": "Jaring — SPM report from recorded services",
    },
}  # fmt: skip
