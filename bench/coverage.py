"""Coverage, the SPM report and a person's page at district scale on PostgreSQL (issue #31), each next to a
baseline measured in the same run:

- `crud.care.coverage` for a year (it feeds the coverage page and the SPM report) against the bare SQL
  aggregate it needs — PPKS persons by category with a served flag, and distinct persons per service code —
  (target ≤ 1.5×);
- `crud.care.person_page` for one person at that size against the same page at 10,000 households
  (target ≤ 1.5×).

    .venv/bin/python bench/coverage.py [--households 100000] [--services 1000000] [--small 10000] [--repeat 3]

Rows are inserted directly as the server keeps them (a household record with its members, the person
projection, `care_row`), in a throwaway PostgreSQL schema; a linked duplicate pair per 1,000 households.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sqlalchemy import insert, text  # noqa: E402

from forms.lists import DEFAULT_SERVICES  # noqa: E402
from server.core.db import get_engine, session_scope  # noqa: E402
from server.core.migrate import migrate  # noqa: E402
from server.crud import care  # noqa: E402
from server.models import CareRow, Person, PersonLink, Record  # noqa: E402
from support.server_db import postgres_schema  # noqa: E402

POSTGRES = os.environ.get("JARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
VILLAGES = ["62.03.01.2011", "62.03.01.1006", "62.03.01.1007", "62.03.01.1008", "62.03.02.1001"]
PPKS = ["lansia_terlantar", "fakir_miskin", "penyandang_disabilitas", "anak_terlantar", "gelandangan",
        "korban_bencana_alam", "perempuan_rawan_sosek"]  # fmt: skip
CODES = [s["value"] for s in DEFAULT_SERVICES]
BARE_SQL = [
    """SELECT p.ppks, count(*), count(s.household_id) FROM person p LEFT JOIN (SELECT DISTINCT household_id,
       member_id FROM care_row WHERE kind = 'service' AND date BETWEEN :a AND :b) s
       ON s.household_id = p.record_id AND s.member_id = p.member_id
       WHERE p.ppks IS NOT NULL AND p.ppks <> '' GROUP BY p.ppks""",
    """SELECT code, count(DISTINCT (household_id, member_id)) FROM care_row
       WHERE kind = 'service' AND date BETWEEN :a AND :b GROUP BY code""",
]


def load(url: str, households: int, services: int, seed: int = 1) -> tuple[str, str]:
    """Fill the schema; returns one PPKS person (record id, member id) with services and a linked twin."""
    rng, now = random.Random(seed), datetime.now(UTC)
    engine = get_engine(url)
    migrate(url, engine)
    members: list[tuple[str, str, str]] = []
    with session_scope(engine) as session:
        for start in range(0, households, 2000):
            records, persons = [], []
            for serial in range(start, min(households, start + 2000)):
                rid, desa = str(uuid.uuid4()), VILLAGES[serial % len(VILLAGES)]
                fields = {"no_kk": f"{serial:016d}", "desa": desa}
                for pos in range(4):
                    mid = f"m{pos}"
                    fields.update({f"anggota/{mid}/_pos": pos + 1, f"anggota/{mid}/nama": f"Orang {serial} {pos}",
                                   f"anggota/{mid}/status_anggota": "aktif"})  # fmt: skip
                    ppks = " ".join(rng.sample(PPKS, rng.randint(1, 2))) if rng.random() < 0.3 else None
                    persons.append(dict(record_id=rid, member_id=mid, desa=desa, name_key=f"orang {serial} {pos}",
                                        status="aktif", ppks=ppks))  # fmt: skip
                    members.append((rid, mid, desa))
                records.append(dict(id=rid, kind="household", form_id="ppks_registration", form_version=1, area=desa,
                                    fields=fields, clocks={}, path_revs={}, rev=serial + 1, deleted=False,
                                    review_flags=[], origin_device="bench", created_by="bench", reference="",
                                    created_at=now, updated_at=now))  # fmt: skip
            session.execute(insert(Record.__table__), records)
            session.execute(insert(Person), persons)
        first = date(2026, 1, 1)
        for start in range(0, services, 20000):
            rows = []
            for i in range(start, min(services, start + 20000)):
                rid, mid, desa = members[rng.randrange(len(members))]
                rows.append(dict(record_id=f"s{i}", kind="service", household_id=rid, member_id=mid, area=desa,
                                 code=rng.choice(CODES), date=(first + timedelta(days=rng.randrange(365))).isoformat(),
                                 agency="dinsos", source="impor_daftar"))  # fmt: skip
            session.execute(insert(CareRow.__table__), rows)
        links = [dict(id=str(uuid.uuid4()), a_record=members[i * 4000][0], a_member="m0",
                      b_record=members[i * 4000 + 4][0], b_member="m0", decision="linked", reason="nik",
                      decided_at=now, rev=1) for i in range(max(1, households // 1000))]  # fmt: skip
        session.execute(insert(PersonLink), links)
        session.execute(text("ANALYZE"))
    return members[0][0], members[0][1]


def best_of(repeat: int, job) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(url: str, households: int, services: int, repeat: int) -> dict[str, float]:
    started = time.perf_counter()
    person = load(url, households, services)
    print(
        f"  loaded {households:,} households, {services:,} services in {time.perf_counter() - started:.0f} s"
    )
    engine = get_engine(url)

    def run(fn):  # noqa: ANN001, ANN202
        def job() -> None:
            with session_scope(engine) as session:
                fn(session)
                session.rollback()  # the person page's audit row is not kept between repeats

        return job

    year = {"a": "2026-01-01", "b": "2026-12-31"}
    return {
        "bare": best_of(repeat, run(lambda s: [s.execute(text(q), year).all() for q in BARE_SQL])),
        "coverage": best_of(repeat, run(lambda s: care.coverage(s, scope="", start=year["a"], end=year["b"]))),
        # a few milliseconds: best of many, so one scheduling hiccup on a shared machine does not decide it
        "person": best_of(max(repeat, 30), run(lambda s: care.person_page(s, scope="", record_id=person[0],
                                                                 member_id=person[1], actor="bench"))),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    with postgres_schema(POSTGRES) as url:
        big = measure(url, args.households, args.services, args.repeat)
    with postgres_schema(POSTGRES) as url:
        small = measure(url, args.small, args.services * args.small // args.households, args.repeat)
    print(f"coverage + SPM, {args.households:,} households / {args.services:,} services: "
          f"{big['coverage']:.3f} s vs bare SQL aggregate {big['bare']:.3f} s = "
          f"{big['coverage'] / big['bare']:.2f}x (target <= 1.5x)")  # fmt: skip
    print(f"person page: {big['person'] * 1000:.1f} ms at {args.households:,} vs {small['person'] * 1000:.1f} ms at "
          f"{args.small:,} households = {big['person'] / small['person']:.2f}x (target <= 1.5x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
