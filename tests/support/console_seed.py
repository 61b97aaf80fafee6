"""Seed data for the console's data pages, pushed through the real API by enrolled devices (tests, the browser
test and scripts/console_screenshots.py): households with a same-NIK pair and two same-person-two-spellings
pairs, persons without NIK, a NIK/birth-date override, an attachment held and one missing, a conflict, an
imported (flagged) household, and complaints (one overdue)."""

from __future__ import annotations

import hashlib
import random
import struct
import tempfile
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import requests
from openpyxl import Workbook
from sqlalchemy import select

from forms.samples import kk_for, make_complaint, make_household, nik_for
from server.core.config import Settings
from server.core.db import get_engine, session_scope
from server.crud.accounts import create_user
from server.crud.imports import SERVER_DEVICE, import_list
from server.models import Device, Record
from support.server_db import (
    SimDevice,
    dispose_engines_of,
    enroll_request,
    migrated_sqlite,
    new_code,
)
from support.server_process import start_server_process, stop_server_process
from sync.reference import make_reference

KECAMATAN = "62.03.01"
DESA_A, DESA_B, DESA_OTHER = "62.03.01.2011", "62.03.01.1006", "62.03.02.1001"
BORN_RIZKI, BORN_HALIZA, BORN_AGUS = date(1990, 5, 14), date(1995, 2, 3), date(1978, 8, 17)
NIK_RIZKI = nik_for(DESA_A, "L", BORN_RIZKI, 11)
NIK_AGUS = nik_for(DESA_A, "L", BORN_AGUS, 12)


def tiny_png(colour: tuple[int, int, int] = (11, 93, 91), size: int = 24) -> bytes:
    """A real, valid PNG of one colour (the household photo of the seed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(colour) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def member(name: str, sex: str, born: date, pos: int, *, nik: str = "", no_nik: str = "", role: str = "anak",
           **extra: Any) -> tuple[str, dict]:  # fmt: skip
    answers: dict = {"_pos": pos, "nama": name, "jenis_kelamin": sex, "tanggal_lahir": born.isoformat(),
                     "hubungan": role, "status_anggota": "aktif", **extra}  # fmt: skip
    answers.update({"nik_status": "ada", "nik": nik} if nik else {"nik_status": no_nik or "belum_punya"})
    return str(uuid.uuid4()), answers


def household(desa: str, serial: int, members: list[tuple[str, dict]], **extra: Any) -> dict:
    """A sample household of `desa` (forms/samples.py) with these members instead of random ones."""
    answers = make_household(random.Random(serial), desa, date(2026, 11, 1), serial=serial)
    head = next(m for _, m in members if m["hubungan"] == "kepala")
    answers.update(kepala_keluarga=head["nama"], anggota=dict(members), **extra)
    return answers


@dataclass
class Seeded:
    devices: dict[str, SimDevice] = field(default_factory=dict)
    households: dict[str, str] = field(default_factory=dict)  # label -> record id
    members: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (record id, member id)
    complaints: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (record id, reference)


class ConsoleSeeder:
    """Drives the real API: `http` is a TestClient (base "") or a requests.Session (base "http://host:port")."""

    def __init__(self, http: Any, settings: Settings, base: str = "") -> None:
        self.http, self.settings, self.base = http, settings, base
        self.out = Seeded()

    def enroll(self, label: str, area: str) -> SimDevice:
        body, keys = enroll_request(new_code(self.settings, area))
        data = self.http.post(self.base + "/api/v1/enroll", json=body).json()
        device = self.out.devices[label] = SimDevice(data["device_id"], data["token"], data["area"], keys)
        return device

    def push(self, device: SimDevice, changes: list) -> list[dict]:
        response = self.http.post(
            self.base + "/api/v1/sync/push", json=device.batch(changes), headers=device.headers
        )
        results = response.json()["results"]
        assert all(r["status"] in ("applied", "conflict") for r in results), results
        return results

    def add_household(self, device: SimDevice, label: str, desa: str, serial: int,
                      members: dict[str, tuple[str, dict]], **extra: Any) -> int:  # fmt: skip
        change = device.create(household(desa, serial, list(members.values()), **extra))
        self.out.households[label] = change.record_id
        for name, (member_id, _) in members.items():
            self.out.members[name] = (change.record_id, member_id)
        return self.push(device, [change])[0]["rev"]

    def upload(self, device: SimDevice, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        body = {"data": data} if self.base else {"content": data}  # requests or a TestClient
        self.http.put(f"{self.base}/api/v1/attachments/{sha}", params={"offset": 0, "size": len(data)},
                      headers=device.headers, **body)  # fmt: skip
        return sha

    def run(self) -> Seeded:
        a, a2 = self.enroll("a", DESA_A), self.enroll("a2", DESA_A)
        b, other = self.enroll("b", DESA_B), self.enroll("other", DESA_OTHER)
        photo = self.upload(a, tiny_png())
        rev = self.add_household(a, "rizki", DESA_A, 1, {
            "muhammad": member("Muhammad Rizki", "L", BORN_RIZKI, 1, nik=NIK_RIZKI, role="kepala"),
            "nur_haliza": member("Nur Haliza", "P", BORN_HALIZA, 2, role="pasangan", no_nik="belum_punya"),
            "agus": member("Agus Salim", "L", date(1979, 8, 17), 3, nik=NIK_AGUS, role="orang_tua",
                           _overrides={"nik:nik_birth_date_mismatch": "KTP salah cetak, akta lahir 1979"}),
        }, foto_rumah=photo)  # fmt: skip
        missing = hashlib.sha256(b"never uploaded").hexdigest()
        self.add_household(b, "muhamad", DESA_B, 2, {
            "muhamad": member("Muhamad Rizki", "L", BORN_RIZKI, 1, role="kepala", no_nik="hilang"),
            "nurhaliza": member("Nurhaliza", "P", BORN_HALIZA, 2, role="pasangan", no_nik="tidak_diketahui"),
        }, foto_rumah=missing)  # fmt: skip
        self.add_household(b, "rizky", DESA_B, 3, {
            "rizky": member("Rizky Pratama", "L", BORN_RIZKI, 1, nik=NIK_RIZKI, role="kepala"),
        })  # fmt: skip
        self.add_household(other, "lain", DESA_OTHER, 4, {
            "agus_lain": member("Agus Salim", "L", BORN_AGUS, 1, nik=NIK_AGUS, role="kepala"),
        })  # fmt: skip
        # Two laptops of one desa change the same note from the same revision: a conflict for the district.
        record_id = self.out.households["rizki"]
        self.push(a2, [a2.change(record_id, {"catatan": "Rumah panggung, atap bocor"}, base_rev=rev)])
        self.push(a, [a.change(record_id, {"catatan": "Atap bocor di dapur"}, base_rev=rev)])
        for label, counter, received in (("fresh", 1, None), ("old", 2, "2026-01-02T03:00:00Z")):
            change = a.create(make_complaint(random.Random(counter), DESA_A), kind="complaint",
                              form_id="pengaduan")  # fmt: skip
            reference = make_reference(DESA_A, 1, counter)
            self.push(a, [change.model_copy(update={"reference": reference})])
            self.out.complaints[label] = (change.record_id, reference)
            if received:
                event = a.change(f"ev-{label}", {"complaint_id": change.record_id, "step": "diterima", "at": received},
                                 kind="complaint_event", form_id="", form_version=0)  # fmt: skip
                self.push(a, [event])
        self.import_flagged()
        return self.out

    def import_flagged(self) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(
            ["desa", "no_kk", "nama", "kepala_keluarga", "jenis_kelamin", "tanggal_lahir", "hubungan"]
        )
        sheet.append([DESA_B, kk_for(DESA_B, date(2012, 1, 5), 9), "Sri Wahyuni", "Sri Wahyuni", "P", "1968-04-21",
                      "kepala"])  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dtks.xlsx"
            book.save(path)
            with session_scope(get_engine(self.settings.database_url)) as session:
                import_list(session, path=path, actor="user:admin")
                self.out.households["imported"] = session.execute(
                    select(Record.id).where(Record.origin_device == SERVER_DEVICE)
                ).scalar_one()


def add_complaint(
    seeder: ConsoleSeeder, device: SimDevice, desa: str, counter: int, received: str | None
) -> str:
    """One more complaint through the API, with its receipt number; `received` (ISO time) backdates it."""
    with session_scope(get_engine(seeder.settings.database_url)) as session:
        number = session.get(Device, device.device_id).number
    change = device.create(
        make_complaint(random.Random(counter), desa), kind="complaint", form_id="pengaduan"
    )
    seeder.push(device, [change.model_copy(update={"reference": make_reference(desa, number, counter)})])
    if received:
        event = device.change(f"ev-{change.record_id}", {"complaint_id": change.record_id, "step": "diterima",
                              "at": received}, kind="complaint_event", form_id="", form_version=0)  # fmt: skip
        seeder.push(device, [event])
    return change.record_id


def seed_console(http: Any, settings: Settings, base: str = "") -> Seeded:
    return ConsoleSeeder(http, settings, base).run()


ADMIN, ADMIN_PASSWORD = "kepala.dinsos", "rahasia-panjang-sekali"


@contextmanager
def serve_seeded(folder: Path) -> Iterator[tuple[str, Settings, Seeded]]:
    """A real `jaring-server serve` process on a free loopback port over a fresh SQLite database, seeded
    through its API, with an admin account (ADMIN / ADMIN_PASSWORD). Yields (base URL, settings, seeded)."""
    data_dir = folder / "server-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    # At the newest schema already (a copy of the migrated template): the server's own migration is a no-op.
    settings = Settings(data_dir=data_dir, database_url=migrated_sqlite(data_dir / "jaring-server.sqlite3"))
    process, base = start_server_process(data_dir)
    try:
        seeded = seed_console(requests.Session(), settings, base)
        with session_scope(get_engine(settings.database_url)) as session:
            create_user(session, username=ADMIN, password=ADMIN_PASSWORD, role="admin")
        yield base, settings, seeded
    finally:
        stop_server_process(process)
        dispose_engines_of(settings.database_url)
