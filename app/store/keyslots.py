"""Key slots: the database key wrapped once per operator (and once for the recovery code).

The database key is random (256 bits), never derived from one person's password, because several
volunteers share a laptop. Each slot wraps it with libsodium's SecretBox (XSalsa20-Poly1305, an AEAD)
under a key derived from that operator's password by Argon2id (argon2-cffi). Adding, removing or
changing an operator touches only that slot. The slots file sits beside the database and is readable
before it is opened, so the login screen can list operators; it holds names, never keys in the clear.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.secret
from argon2.low_level import Type, hash_secret_raw

from app.store.errors import (
    LastOperator,
    OperatorExists,
    UnknownOperator,
    WeakPassword,
    WrongPassword,
    WrongRecoveryCode,
)
from sync import files, kdf

SLOTS_FILE = "keyslots.json"
RECOVERY = "__recovery__"
# Interactive cost: ~0.2 s and 64 MiB on a district laptop — once per login, not per connection.
TIME_COST, MEMORY_KIB, PARALLELISM = 3, 64 * 1024, 1
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: it is read aloud and copied by hand


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _derive(secret: str, salt: bytes, time_cost: int, memory_kib: int) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost=time_cost, memory_cost=memory_kib, parallelism=PARALLELISM,
        hash_len=nacl.secret.SecretBox.KEY_SIZE, type=Type.ID,
    )  # fmt: skip


def slot_cost() -> tuple[int, int]:
    """(time cost, memory KiB) a new slot is made with: the interactive cost above, unless the test suite
    asked for the cheapest (sync/kdf.py). A slot keeps its own cost, so it opens the same either way."""
    return (kdf.CHEAP_TIME_COST, kdf.CHEAP_MEMORY_KIB) if kdf.cheap() else (TIME_COST, MEMORY_KIB)


def new_recovery_code() -> str:
    """30 random characters (150 bits) in six groups of five, for the TKSK's safe."""
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(30))
    return "-".join(chars[i : i + 5] for i in range(0, 30, 5))


def normalize_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass
class Slot:
    name: str
    salt: str
    time_cost: int
    memory_kib: int
    wrapped: str

    @classmethod
    def make(cls, name: str, secret: str, db_key: bytes) -> Slot:
        salt = secrets.token_bytes(16)
        time_cost, memory_kib = slot_cost()
        box = nacl.secret.SecretBox(_derive(secret, salt, time_cost, memory_kib))
        return cls(name, _b64(salt), time_cost, memory_kib, _b64(bytes(box.encrypt(db_key))))

    def open(self, secret: str) -> bytes:
        box = nacl.secret.SecretBox(_derive(secret, _unb64(self.salt), self.time_cost, self.memory_kib))
        try:
            return box.decrypt(_unb64(self.wrapped))
        except nacl.exceptions.CryptoError:
            raise WrongPassword() from None


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < 8:
        raise WeakPassword()


class KeySlots:
    def __init__(self, path: Path, slots: list[Slot]):
        self.path = path
        self.slots = slots

    @classmethod
    def load(cls, data_dir: Path) -> KeySlots:
        path = data_dir / SLOTS_FILE
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(path, [Slot(**s) for s in raw["slots"]])

    @classmethod
    def create(cls, data_dir: Path, operator: str, password: str) -> tuple[KeySlots, bytes, str]:
        """New random DB key, the first operator's slot and the recovery slot; returns the recovery code."""
        _check_password(password)
        db_key = secrets.token_bytes(32)
        recovery = new_recovery_code()
        slots = cls(data_dir / SLOTS_FILE, [Slot.make(operator, password, db_key),
                                            Slot.make(RECOVERY, normalize_recovery_code(recovery), db_key)])  # fmt: skip
        slots.save()
        return slots, db_key, recovery

    def operators(self) -> list[str]:
        return [s.name for s in self.slots if s.name != RECOVERY]

    def _slot(self, name: str) -> Slot:
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise UnknownOperator(name)

    def unlock(self, operator: str, password: str) -> bytes:
        return self._slot(operator).open(password)

    def unlock_with_recovery(self, code: str) -> bytes:
        try:
            return self._slot(RECOVERY).open(normalize_recovery_code(code))
        except WrongPassword:
            raise WrongRecoveryCode() from None  # "wrong password" would send them looking for the wrong thing

    def add(self, db_key: bytes, operator: str, password: str) -> None:
        if operator == RECOVERY or not operator.strip():
            raise UnknownOperator(operator)
        if operator in self.operators():
            raise OperatorExists(operator)
        _check_password(password)
        self.slots.append(Slot.make(operator, password, db_key))
        self.save()

    def remove(self, operator: str) -> None:
        self._slot(operator)
        if len(self.operators()) <= 1:
            raise LastOperator()
        self.slots = [s for s in self.slots if s.name != operator]
        self.save()

    def change_password(self, db_key: bytes, operator: str, new_password: str) -> None:
        _check_password(new_password)
        index = self.slots.index(self._slot(operator))
        self.slots[index] = Slot.make(operator, new_password, db_key)
        self.save()

    def save(self) -> None:
        """Atomic replace: write a temp file, fsync, rename, fsync the folder — a power cut leaves old or new."""
        document = {"version": 1, "slots": [s.__dict__ for s in self.slots]}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".keyslots.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(document, fh, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            files.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if hasattr(os, "O_DIRECTORY"):
            dir_fd = os.open(self.path.parent, os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
