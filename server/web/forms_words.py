"""Words of the console's XLSForm upload (forms page): Indonesian first, English beside it; question types
in words for the preview. tests/test_xlsform_console.py checks both tables hold the same keys."""

from __future__ import annotations

WORDS = {
    "id": {
        "xlsform_title": "Terbitkan XLSForm",
        "xlsform_help": "Unggah buku kerja XLSForm (.xlsx/.xls) seperti untuk ODK atau KoboToolbox, beserta berkas "
        "CSV-nya bila formulir memakai pulldata() atau select_one_from_file. Periksa pratinjau, lalu terbitkan.",
        "workbook": "Berkas XLSForm",
        "csv_files": "Berkas CSV (boleh kosong)",
        "check": "Periksa",
        "preview_title": "Pratinjau {key}: {n} pertanyaan",
        "publish_version": "Terbitkan versi ini",
        "question": "Pertanyaan", "name": "Nama", "kind": "Jenis", "required": "Wajib", "relevant": "Ditanyakan bila",
        "notes": "Keterangan", "yes": "ya", "when": "bila {rule}",
        "filled_by_laptop": "diisi otomatis oleh laptop ({what})",
        "choices": "{n} pilihan: {shown}", "choice_filter": "pilihan disaring: {rule}", "calculated": "dihitung: {rule}",
        "constraint": "syarat jawaban: {rule}",
        "expired": "Unggahan ini sudah tidak ada; unggah XLSForm-nya lagi.",
        "not_workbook": "Berkas XLSForm harus .xlsx atau .xls.",
        "not_csv": "Berkas {name} bukan .csv.",
        "no_workbook": "Versi ini diterbitkan sebagai definisi JSON, tanpa XLSForm.",
        "download_json": "definisi (JSON)", "download_xlsform": "XLSForm", "downloads": "Unduh",
    },
    "en": {
        "xlsform_title": "Publish an XLSForm",
        "xlsform_help": "Upload an XLSForm workbook (.xlsx/.xls) as written for ODK or KoboToolbox, with its CSV "
        "files when the form uses pulldata() or select_one_from_file. Check the preview, then publish.",
        "workbook": "XLSForm file",
        "csv_files": "CSV files (optional)",
        "check": "Check",
        "preview_title": "Preview of {key}: {n} questions",
        "publish_version": "Publish this version",
        "question": "Question", "name": "Name", "kind": "Type", "required": "Required", "relevant": "Asked when",
        "notes": "Notes", "yes": "yes", "when": "when {rule}",
        "filled_by_laptop": "filled in by the laptop ({what})",
        "choices": "{n} choices: {shown}", "choice_filter": "choices filtered: {rule}", "calculated": "calculated: {rule}",
        "constraint": "answer rule: {rule}",
        "expired": "This upload is gone; upload the XLSForm again.",
        "not_workbook": "The XLSForm file must be .xlsx or .xls.",
        "not_csv": "The file {name} is not a .csv.",
        "no_workbook": "This version was published as a JSON definition, without an XLSForm.",
        "download_json": "definition (JSON)", "download_xlsform": "XLSForm", "downloads": "Download",
    },
}  # fmt: skip

TYPE_WORDS = {
    "id": {
        "text": "teks", "integer": "bilangan bulat", "decimal": "angka desimal", "date": "tanggal", "time": "jam",
        "datetime": "tanggal dan jam", "select_one": "pilih satu", "select_multiple": "pilih beberapa",
        "yes_no": "ya/tidak", "nik": "NIK", "kk": "No. KK", "phone": "nomor telepon", "region": "wilayah",
        "geopoint": "titik GPS", "geotrace": "jalur GPS", "photo": "foto", "audio": "rekaman suara", "file": "berkas",
        "note": "catatan", "calculate": "hitungan", "group": "kelompok", "repeat": "ulangan",
    },
    "en": {
        "text": "text", "integer": "whole number", "decimal": "decimal number", "date": "date", "time": "time",
        "datetime": "date and time", "select_one": "choose one", "select_multiple": "choose several",
        "yes_no": "yes/no", "nik": "NIK", "kk": "family card number", "phone": "phone number", "region": "region",
        "geopoint": "GPS point", "geotrace": "GPS trace", "photo": "photo", "audio": "audio recording", "file": "file",
        "note": "note", "calculate": "calculation", "group": "group", "repeat": "repeat",
    },
}  # fmt: skip
