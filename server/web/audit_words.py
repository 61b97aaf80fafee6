"""The audit's words, in both languages: each action as staff read it (the audit page, a person's data report),
and the audit page's own labels. An action without words is shown as it is stored."""

from __future__ import annotations

ACTIONS = {
    "id": {
        "record.create": "dibuat (sinkronisasi)", "record.update": "diubah (sinkronisasi)", "record.read": "dibaca (API)",
        "record.erase": "dihapus permanen", "person.view": "dilihat di konsol", "household.view": "dilihat di konsol",
        "person.report": "laporan data pribadi dibuat", "complaint.step": "langkah pengaduan",
        "complaint.assign": "pengaduan ditugaskan", "laptop.open": "dibuka di laptop", "laptop.create": "dibuat di laptop",
        "laptop.update": "diubah di laptop", "laptop.delete": "dihapus di laptop", "laptop.receipt": "tanda terima dicetak",
        "laptop.export": "diekspor dari laptop", "laptop.search": "dicari di laptop", "laptop.purged": "dihapus dari laptop",
        "export": "daftar diekspor", "duplicate.linked": "ditautkan (data ganda)", "duplicate.dismissed": "bukan data ganda",
        "duplicate.distinct": "NIK sama, orang berbeda", "duplicate.undo": "keputusan data ganda dibatalkan",
        "review_flag.resolve": "tanda tinjauan diselesaikan", "sync.push": "kiriman sinkronisasi", "login": "masuk konsol",
        "login.failed": "gagal masuk", "device.revoke": "perangkat dicabut", "device.held_report": "laporan perangkat hilang",
        "bundle.import": "bundel diimpor", "bundle.return": "bundel balasan dibuat", "audit.view": "audit dilihat",
    },
    "en": {
        "record.create": "created (sync)", "record.update": "changed (sync)", "record.read": "read (API)",
        "record.erase": "erased for good", "person.view": "viewed in the console", "household.view": "viewed in the console",
        "person.report": "personal data report made", "complaint.step": "complaint step",
        "complaint.assign": "complaint assigned", "laptop.open": "opened on a laptop", "laptop.create": "created on a laptop",
        "laptop.update": "changed on a laptop", "laptop.delete": "deleted on a laptop", "laptop.receipt": "receipt printed",
        "laptop.export": "exported from a laptop", "laptop.search": "searched on a laptop", "laptop.purged": "purged from a laptop",
        "export": "list exported", "duplicate.linked": "linked (duplicate)", "duplicate.dismissed": "not a duplicate",
        "duplicate.distinct": "same NIK, different people", "duplicate.undo": "duplicate decision undone",
        "review_flag.resolve": "review flag resolved", "sync.push": "sync upload", "login": "console login",
        "login.failed": "failed login", "device.revoke": "device revoked", "device.held_report": "lost-device report",
        "bundle.import": "bundle imported", "bundle.return": "return bundle made", "audit.view": "audit viewed",
    },
}  # fmt: skip

WORDS = {
    "id": {
        "title": "Audit akses data", "intro": "Siapa memakai data siapa, kapan, dari mana — di konsol dan di laptop desa.",
        "person": "Data (ID rumah tangga/pengaduan)", "user": "Pengguna konsol", "device": "Perangkat (ID)",
        "action": "Tindakan", "from": "Dari tanggal", "to": "Sampai tanggal", "all": "Semua", "filter": "Saring",
        "reset": "Semua baris", "when": "Waktu", "who": "Siapa", "what": "Tindakan", "target": "Sasaran",
        "area": "Wilayah", "detail": "Keterangan", "none": "Tidak ada baris audit untuk saringan ini.",
        "export_csv": "Ekspor CSV", "export_xlsx": "Ekspor XLSX", "user_word": "pengguna", "device_word": "perangkat",
    },
    "en": {
        "title": "Data access audit", "intro": "Who used whose data, when, from where — in the console and on village laptops.",
        "person": "Record (household/complaint ID)", "user": "Console user", "device": "Device (ID)",
        "action": "Action", "from": "From", "to": "To", "all": "All", "filter": "Filter",
        "reset": "All rows", "when": "Time", "who": "Who", "what": "Action", "target": "Target",
        "area": "Area", "detail": "Details", "none": "No audit rows for this filter.",
        "export_csv": "Export CSV", "export_xlsx": "Export XLSX", "user_word": "user", "device_word": "device",
    },
}  # fmt: skip

ACTION_FAMILIES = ("record", "person", "household", "laptop", "export", "complaint", "duplicate", "login", "device",
                   "bundle", "sync")  # fmt: skip


def action_words(action: str, lang: str = "id") -> str:
    return ACTIONS.get(lang, ACTIONS["id"]).get(action, action)
