"""Errors a volunteer can cause in the store, each with Indonesian and English messages."""

from __future__ import annotations

from forms.problems import Problem, UserError


class WrongPassword(UserError):
    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("Kata sandi salah.", "Wrong password.")


class WrongRecoveryCode(UserError):
    code = "wrong_recovery_code"

    def __init__(self) -> None:
        super().__init__(
            "Kode pemulihan salah. Periksa kode di kertas (30 huruf dan angka; tidak ada huruf O atau I).",
            "Wrong recovery code. Check the code on the paper (30 letters and digits; there is no letter O or I).",
        )


class NotAdministrator(UserError):
    code = "not_administrator"

    def __init__(self) -> None:
        super().__init__(
            "Hanya administrator laptop ini yang boleh mengelola operator lain.",
            "Only an administrator of this laptop may manage other operators.",
        )


class LastAdministrator(UserError):
    code = "last_administrator"

    def __init__(self) -> None:
        super().__init__(
            "Administrator terakhir tidak bisa dihapus; jadikan operator lain administrator dulu.",
            "The last administrator cannot be removed; make another operator an administrator first.",
        )


class UnknownOperator(UserError):
    code = "unknown_operator"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Operator '{name}' tidak ada di laptop ini.", f"Operator '{name}' does not exist on this laptop."
        )


class OperatorExists(UserError):
    code = "operator_exists"

    def __init__(self, name: str) -> None:
        super().__init__(f"Operator '{name}' sudah ada.", f"Operator '{name}' already exists.")


class LastOperator(UserError):
    code = "last_operator"

    def __init__(self) -> None:
        super().__init__(
            "Operator terakhir tidak bisa dihapus; tambahkan operator lain dulu.",
            "The last operator cannot be removed; add another operator first.",
        )


class WeakPassword(UserError):
    code = "weak_password"

    def __init__(self) -> None:
        super().__init__("Kata sandi minimal 8 karakter.", "A password needs at least 8 characters.")


class StoreMissing(UserError):
    code = "store_missing"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"Belum ada data Jaring di {where}; jalankan 'jaring init' dulu.",
            f"No Jaring data in {where}; run 'jaring init' first.",
        )


class StoreExists(UserError):
    code = "store_exists"

    def __init__(self, where: str) -> None:
        super().__init__(f"Data Jaring sudah ada di {where}.", f"Jaring data already exists in {where}.")


class DiskFull(UserError):
    code = "disk_full"

    def __init__(self) -> None:
        super().__init__(
            "Penyimpanan penuh: tidak ada yang disimpan. Kosongkan ruang disk lalu coba lagi.",
            "The disk is full: nothing was saved. Free some space and try again.",
        )


class ReadOnlyDataDir(UserError):
    code = "read_only_data_dir"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"Folder data {where} tidak bisa ditulisi; tidak ada yang disimpan.",
            f"The data folder {where} is not writable; nothing was saved.",
        )


class UnknownRegion(UserError):
    code = "unknown_region"

    def __init__(self, code: str) -> None:
        super().__init__(f"Kode wilayah '{code}' tidak dikenal.", f"Unknown region code '{code}'.")


class UnknownRecord(UserError):
    code = "unknown_record"

    def __init__(self, record_id: str) -> None:
        # "Rekaman" is a sound recording in everyday Indonesian: the volunteer's word is "data".
        super().__init__(f"Data {record_id} tidak ditemukan di laptop ini (mungkin sudah dihapus).",
                         f"Record {record_id} was not found on this laptop (it may have been deleted).")  # fmt: skip


class SaveRefused(UserError):
    """The answers have errors (not overridden): nothing was saved; `problems` says where and why."""

    code = "save_refused"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more_id = f" (dan {len(problems) - 1} lainnya)" if len(problems) > 1 else ""
        more_en = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"Belum disimpan: {first.path}: {first.id}{more_id}",
            f"Not saved: {first.path}: {first.en}{more_en}",
        )


class AttachmentRefused(UserError):
    code = "attachment_refused"

    def __init__(self, id: str, en: str) -> None:
        super().__init__(id, en)

    @classmethod
    def check_size(cls, size: int, limit: int) -> None:
        if size == 0:
            raise cls("Berkas kosong tidak dapat dilampirkan.", "An empty file cannot be attached.")
        if size > limit:
            mb, most = size // 1_048_576, limit // 1_048_576
            raise cls(f"Berkas terlalu besar ({mb} MB; paling besar {most} MB).",
                      f"The file is too large ({mb} MB; at most {most} MB).")  # fmt: skip
