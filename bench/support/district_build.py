"""A district the size of Kota Bandung (32.73: 30 kecamatan, 151 kelurahan) in PostgreSQL, built through the
server's own write path: one enrolled device per kecamatan pushes its households and complaints in batches
of 200 through `crud.push.apply_batch` — the code a device's push runs (validation, merge, person projection,
work-list rows, revisions, change log) — from parallel worker processes, each with its own connection.

Each size lives in its own schema (`h<households>`) of the database `jaring_bench_district`, kept between runs:
a table `bench_district_build` holds the parameters of a finished build, so a later run with the same
parameters skips building; a schema without it (an interrupted build) is dropped and built again.

Households are `forms.samples.make_household(Random(serial))`, so any household can be made again from its
serial. Duplicates of both kinds: every 50th household's head is the head of an earlier household (same NIK,
name, sex, birth date — one person registered twice); every 40th household's head is an earlier head under
another spelling, without NIK (same name key and birth date). Every 11th household brings a complaint
(330,000 households: 30,000 complaints); every 5th complaint was received in January, so it is overdue.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
import uuid
from datetime import date
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from forms.samples import make_complaint, make_household, villages_of
from server.core.config import Settings
from server.core.db import get_engine, session_scope
from server.core.migrate import migrate
from server.crud.devices import enroll, issue_code
from server.crud.push import apply_batch
from server.models import Device
from support.server_db import SimDevice, enroll_request
from sync.keys import KeyPair
from sync.protocol import PushBatch
from sync.reference import make_reference

KOTA = "32.73"  # Kota Bandung
DATABASE = "jaring_bench_district"
BATCH = 200
COMPLAINT_EVERY, OVERDUE_EVERY, SAME_NIK_EVERY, SPELLING_EVERY = 11, 5, 50, 40
TODAY = date(2026, 11, 1)
SIZES = (2, 3, 3, 4, 4, 5, 5)
VARIANTS = {"Muhammad": "Muhamad", "Siti": "Sitti", "Nur": "Noer", "Dewi": "Dewy", "Agus": "Agoes"}
BUILD_VERSION = 1  # bump when what is built changes: older schemas are then built again


def villages() -> list[str]:
    return villages_of(KOTA)


def database_url(base_url: str) -> str:
    """`base_url` pointed at the bench's own database (created if missing)."""
    url = make_url(base_url)
    with psycopg.connect(_dsn(url, url.database), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return url.set(database=DATABASE).render_as_string(hide_password=False)


def _dsn(url, database: str) -> str:  # noqa: ANN001 - a sqlalchemy URL
    return f"host={url.host} port={url.port or 5432} user={url.username} dbname={database}"


def schema_url(db_url: str, schema: str) -> str:
    url = make_url(db_url)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def parameters(households: int) -> dict:
    return {"households": households, "kota": KOTA, "batch": BATCH, "complaint_every": COMPLAINT_EVERY,
            "same_nik_every": SAME_NIK_EVERY, "spelling_every": SPELLING_EVERY, "version": BUILD_VERSION,
            "schema": _schema_head()}  # fmt: skip


def _schema_head() -> str:
    """The newest server migration: a district built at another schema is built again."""
    versions = Path(__file__).resolve().parents[2] / "server" / "alembic" / "versions"
    return max(p.name[:4] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


def built(db_url: str, schema: str, households: int) -> dict | None:
    """The marker row of a finished build with these parameters, else None."""
    url = make_url(db_url)
    with psycopg.connect(_dsn(url, url.database), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = 'bench_district_build'",
            (schema,),
        ).fetchone()
        if not exists:
            return None
        row = conn.execute(f'SELECT parameters, figures FROM "{schema}".bench_district_build').fetchone()
    if row is None or row[0] != parameters(households):
        return None
    return row[1]


def head_of(answers: dict) -> tuple[str, dict]:
    return next((mid, m) for mid, m in answers["anggota"].items() if m["hubungan"] == "kepala")


def household(serial: int, desas: list[str]) -> dict:
    """Household `serial`: the same answers on every run; every 50th and 40th holds a duplicate head."""
    answers = make_household(random.Random(serial), desas[serial % len(desas)], TODAY, serial=serial)
    keep = random.Random(~serial).choice(SIZES)  # Bandung's ~3.6 persons per household, not the sample's 5
    answers["anggota"] = {mid: m for mid, m in answers["anggota"].items() if m["_pos"] <= keep}
    copy_from = None
    if serial % SAME_NIK_EVERY == SAME_NIK_EVERY - 1:
        copy_from, spelled = serial - 25, False
    elif serial % SPELLING_EVERY == SPELLING_EVERY - 1:
        copy_from, spelled = serial - 13, True
    if copy_from is None or copy_from < 0:
        return answers
    mid, head = head_of(answers)
    for source in range(copy_from, max(-1, copy_from - 20), -1):  # a head of the same sex: the spouse fits
        _, other = head_of(
            make_household(random.Random(source), desas[source % len(desas)], TODAY, serial=source)
        )
        if other["jenis_kelamin"] == head["jenis_kelamin"]:
            break
    else:
        return answers
    twin = {**other, "_pos": head["_pos"]}
    if spelled:
        first, _, rest = twin["nama"].partition(" ")
        twin["nama"] = f"{VARIANTS.get(first, first + 'h')} {rest}".strip()
        twin.pop("nik", None)
        twin["nik_status"] = "hilang"
    answers["anggota"][mid] = twin
    answers["kepala_keluarga"] = twin["nama"]
    return answers


def _changes(
    device: SimDevice, number: int, serials: list[int], desas: list[str], counter: list[int]
) -> list:
    out = []
    for serial in serials:
        out.append(device.create(household(serial, desas)))
        if serial % COMPLAINT_EVERY == 0:
            desa = desas[serial % len(desas)]
            counter[0] += 1
            change = device.create(make_complaint(random.Random(-serial - 1), desa, TODAY), kind="complaint",
                                   form_id="pengaduan")  # fmt: skip
            out.append(change.model_copy(update={"reference": make_reference(desa, number, counter[0])}))
            if counter[0] % OVERDUE_EVERY == 0:
                out.append(device.change(f"ev-{change.record_id}", {"complaint_id": change.record_id,
                                         "step": "diterima", "at": "2026-01-05T03:00:00Z"}, kind="complaint_event",
                                         form_id="", form_version=0))  # fmt: skip
    return out


def _worker(url: str, jobs: list[tuple[str, str, int, list[int]]], queue) -> None:  # noqa: ANN001 - a Queue
    """Push every job's households (device id, token, device number, serials) in batches of BATCH."""
    desas = villages()
    engine = get_engine(url)
    for device_id, token, number, serials in jobs:
        device = SimDevice(device_id, token, "", KeyPair.generate())
        counter = [0]
        for start in range(0, len(serials), BATCH):
            changes = _changes(device, number, serials[start : start + BATCH], desas, counter)
            batch = PushBatch.model_validate(device.batch(changes, batch_id=f"b-{uuid.uuid4().hex[:12]}"))
            with session_scope(engine) as session:
                row = session.get(Device, device_id)
                results = apply_batch(session, device=row, batch=batch).results
            refused = [r for r in results if r.status.value not in ("applied", "duplicate")]
            queue.put(
                (
                    len(serials[start : start + BATCH]),
                    len(refused),
                    refused[0].model_dump() if refused else None,
                )
            )
    queue.put(None)


def _enroll_all(url: str, data_dir: Path) -> dict[str, tuple[str, str, int]]:
    """One device per kecamatan, enrolled with the server's own enrollment: {kecamatan: (id, token, number)}."""
    settings = Settings(data_dir=data_dir, database_url=url)
    engine = get_engine(url)
    out = {}
    for kecamatan in sorted({d[:8] for d in villages()}):
        with session_scope(engine) as session:
            code = issue_code(session, area=kecamatan, settings=settings, actor="bench")
        body, _ = enroll_request(code, label=f"Laptop Kec. {kecamatan}")
        from sync.protocol import EnrollRequest

        with session_scope(engine) as session:
            answer = enroll(session, request=EnrollRequest(**body), client="bench", settings=settings)
            number = session.get(Device, answer.device_id).number
        out[kecamatan] = (answer.device_id, answer.token, number)
    return out


def build(db_url: str, households: int, workers: int, data_dir: Path, log=print) -> dict:  # noqa: ANN001
    """The district of `households` households in schema h<households> (kept, or built now); its figures."""
    schema = f"h{households}"
    figures = built(db_url, schema, households)
    if figures is not None:
        log(f"  {schema}: built before ({figures}); kept")
        return figures
    url = make_url(db_url)
    with psycopg.connect(_dsn(url, url.database), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    target = schema_url(db_url, schema)
    migrate(target)
    devices = _enroll_all(target, data_dir)
    desas = villages()
    per_kecamatan: dict[str, list[int]] = {}
    for serial in range(households):
        per_kecamatan.setdefault(desas[serial % len(desas)][:8], []).append(serial)
    jobs = [(*devices[k], serials) for k, serials in sorted(per_kecamatan.items())]
    started, done, refused, first_refusal = time.perf_counter(), 0, 0, None
    queue = multiprocessing.get_context("spawn").Queue()
    procs = [multiprocessing.get_context("spawn").Process(target=_worker, args=(target, jobs[w::workers], queue))
             for w in range(workers)]  # fmt: skip
    for p in procs:
        p.start()
    running, last = workers, 0.0
    while running:
        item = queue.get()
        if item is None:
            running -= 1
            continue
        done, refused = done + item[0], refused + item[1]
        first_refusal = first_refusal or item[2]
        if time.perf_counter() - last > 30 or done == households:
            last, elapsed = time.perf_counter(), time.perf_counter() - started
            log(f"  {schema}: {done:,}/{households:,} households pushed in {elapsed:,.0f} s "
                f"({done / elapsed:,.0f}/s; {refused} changes refused)")  # fmt: skip
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"a build worker failed (exit {p.exitcode}); see its traceback above")
    if first_refusal:
        log(f"  first refused change: {json.dumps(first_refusal)[:400]}")
    seconds = time.perf_counter() - started
    with psycopg.connect(_dsn(url, url.database), autocommit=True) as conn:
        conn.execute(f'ANALYZE "{schema}".record')
        conn.execute(f'ANALYZE "{schema}".person')
        counts = {
            t: conn.execute(f'SELECT count(*) FROM "{schema}".{t}').fetchone()[0]
            for t in ("record", "person")
        }
        complaints = conn.execute(
            f"SELECT count(*) FROM \"{schema}\".record WHERE kind = 'complaint'"
        ).fetchone()[0]
        figures = {"households": counts["record"] - complaints, "persons": counts["person"], "complaints": complaints,
                   "refused_changes": refused, "build_seconds": round(seconds), "workers": workers}  # fmt: skip
        conn.execute(
            f'CREATE TABLE "{schema}".bench_district_build (parameters jsonb, figures jsonb, built_at timestamptz)'
        )
        conn.execute(f'INSERT INTO "{schema}".bench_district_build VALUES (%s, %s, now())',
                     (json.dumps(parameters(households)), json.dumps(figures)))  # fmt: skip
    log(f"  {schema}: built {figures}")
    return figures
