"""The batched push path answers exactly what one request per change answers, on SQLite and PostgreSQL:
new records, edits, a concurrent edit, retries, a reused change_id, the same change twice, rejected and
malformed changes, complaint events — and the audit trail is the same. Also the bulk writer's contract."""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections import Counter
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from forms.samples import make_complaint, make_household
from server.api.main import create_app
from server.core.db import _engines, get_engine, session_scope
from server.crud.bulk import insert_rows
from server.models import Audit, Person
from support.server_db import SimDevice, enroll_request, new_code, postgres_schema, push, settings_for
from sync.protocol import PROTOCOL_HEADER, PullPage, PushResponse

DESA = "62.03.01.2011"
PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"


def household(seed: int) -> dict:
    return make_household(random.Random(seed), DESA, date(2026, 11, 1), serial=seed)


def record_id(n: int) -> str:
    return str(uuid.UUID(int=random.Random(n).getrandbits(128)))


def enroll_on(client, settings) -> SimDevice:
    body, keys = enroll_request(new_code(settings, DESA))
    data = client.post("/api/v1/enroll", json=body).json()
    return SimDevice(data["device_id"], data["token"], data["area"], keys)


def scenario(client, settings, batched: bool):
    """The same history on a fresh server; the last step either as one batch or one request per change."""
    a, b = enroll_on(client, settings), enroll_on(client, settings)
    existing = a.create(household(1), record_id=record_id(1))
    other = a.create(household(2), record_id=record_id(2))
    complaint = a.create(make_complaint(random.Random(3), DESA), kind="complaint", form_id="pengaduan",
                         record_id=record_id(3))  # fmt: skip
    setup = push(client, a, [existing, other, complaint]).results
    base = setup[0].rev
    b.clock.receive(a.clock.last)
    push(client, b, [b.change(existing.record_id, {"catatan": "dari B"}, base_rev=base)])
    a.clock.receive(b.clock.last)

    new = a.create(household(4), record_id=record_id(4))
    bad_answers = household(5)
    bad_answers["anggota"][next(iter(bad_answers["anggota"]))]["nik"] = "123"
    stamp = "1763872000000-0001-a"  # a fixed stamp: rejections quote it
    changes = [
        new,
        a.change(new.record_id, {"catatan": "baru diedit"}, base_rev=None),  # the new record again
        a.change(
            existing.record_id, {"catatan": "dari A", "perumahan/atap": "seng"}, base_rev=base
        ),  # conflict
        a.change(other.record_id, {"desil": "3"}, base_rev=setup[1].rev),  # a plain edit
        existing,  # a retry of a change applied before: duplicate
        a.create(household(6), change_id=other.change_id, record_id=record_id(6)),  # change_id reused
        a.create(bad_answers, record_id=record_id(5)),  # rejected: invalid answer
        a.change(record_id(7), {"no_kk//x": "1"}),  # malformed path
        a.change(record_id(8), {"no_kk": "1", "catatan": "x"}).model_copy(
            update={"clocks": {"no_kk": stamp}}
        ),
        a.change(record_id(9), {"catatan": "x"}).model_copy(update={"clocks": {"catatan": stamp + "\nx"}}),
        a.change(
            "ev-1",
            {"complaint_id": complaint.record_id, "step": "diterima", "at": "2026-11-23T04:00:00Z"},
            kind="complaint_event",
            form_id="",
            form_version=0,
        ),  # fmt: skip
        a.change(other.record_id, {"desil": "4"}, base_rev=setup[1].rev, change_id="c-twice"),
    ]
    changes.append(changes[-1])  # the same change twice in one batch
    if batched:
        results = push(client, a, changes).results
    else:
        results = [push(client, a, [change]).results[0] for change in changes]
    headers = {**a.headers, PROTOCOL_HEADER: "1"}
    page = PullPage.model_validate(client.get(PULL, params={"cursor": 0}, headers=headers).json())
    with session_scope(get_engine(settings.database_url)) as session:
        audit = Counter(
            (row.action, row.target)
            for row in session.execute(
                select(Audit.action, Audit.target).where(Audit.actor == f"device:{a.device_id}")
            )
            if row.action.startswith(("record.", "event."))
        )
        persons = sorted(session.execute(select(Person.record_id, Person.member_id, Person.nik)).all())
    records = {r.record_id: (r.answers, r.rev, r.deleted, r.review_flags) for r in page.records}
    # Device ids differ between the two servers; a rejection quoting a stamp names one: say "A" instead.
    answered = json.loads(json.dumps([r.model_dump(mode="json") for r in results]).replace(a.device_id, "A"))
    return answered, records, audit, persons


@pytest.fixture
def twin(db_url, tmp_path, request):
    """A second, empty server over the same kind of database."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'twin.sqlite3'}"
        settings = settings_for(url, tmp_path)
        with TestClient(create_app(settings)) as twin_client:
            yield twin_client, settings
        _engines.pop(url).dispose()
        return
    with postgres_schema(request.getfixturevalue("postgres_url")) as url:
        settings = settings_for(url, tmp_path)
        with TestClient(create_app(settings)) as twin_client:
            yield twin_client, settings


def test_one_batch_answers_and_writes_what_one_request_per_change_does(client, settings, twin):
    batched = scenario(client, settings, batched=True)
    single = scenario(*twin, batched=False)
    results = batched[0]
    assert [r["status"] for r in results] == [
        "applied", "applied", "conflict", "applied", "duplicate", "rejected", "rejected", "rejected", "rejected",
        "rejected", "applied", "applied", "duplicate",
    ]  # fmt: skip
    assert [r["rejections"][0]["code"] for r in results if r["status"] == "rejected"] == [
        "change_id_reused", "invalid_answer", "invalid_change", "invalid_change", "invalid_change",
    ]  # fmt: skip
    assert results[-1]["rev"] == results[-2]["rev"] and results[2]["conflicts"] == ["catatan"]
    assert batched[0] == single[0]  # statuses, revisions, conflicts, rejections with their messages
    assert batched[1] == single[1]  # every record as pulled: answers, rev, tombstone, review flags
    assert batched[2] == single[2] and sum(batched[2].values()) == 3 + 6  # an audit row per write
    assert batched[3] == single[3]  # the person projection


@pytest.mark.parametrize(
    ("fields", "clocks", "message"),
    [
        ({"/no_kk": "1"}, None, "Invalid field path"),
        ({"no_kk/": "1"}, None, "Invalid field path"),
        ({"alamat//rt": "1"}, None, "Invalid field path"),
        ({"a" * 513: "1"}, None, "Invalid field path"),
        ({"no_kk": "1", "catatan": "x"}, {"no_kk": "1763872000000-0001-d"}, "has no clock stamp"),
        ({"no_kk": "1"}, {"no_kk": "1763872000000-001-d"}, "Not a clock stamp"),
        ({"no_kk": "1"}, {"no_kk": "1763872000000-0001-"}, "Not a clock stamp"),
        ({"no_kk": "1"}, {"no_kk": "1763872000000-0001-d\n"}, "Not a clock stamp"),
        (
            {"no_kk": "1", "catatan": "x"},
            {"no_kk": "1763872000000-0001-d\n1763872000000-0001-d", "catatan": "1763872000000-0002-d"},
            "Not a clock stamp",
        ),  # fmt: skip
    ],
)
def test_malformed_paths_and_stamps_are_rejected_per_change(client, enroll, fields, clocks, message):
    device = enroll()
    change = device.change(str(uuid.uuid4()), fields)
    if clocks is not None:
        change = change.model_copy(update={"clocks": clocks})
    good = device.create(household(20))
    results = push(client, device, [change, good]).results
    assert results[0].status == "rejected" and results[0].rejections[0].code == "invalid_change"
    assert message in results[0].rejections[0].en
    assert results[1].status == "applied"


def test_a_push_marks_when_its_device_was_last_seen_and_only_that_device(client, enroll, settings):
    """The dashboard lists devices not seen for days from `last_seen_at`: every push sets it, even one
    whose changes were all rejected, and it touches no other device."""
    pushing, idle = enroll(), enroll()
    bad = household(41)
    bad["anggota"][next(iter(bad["anggota"]))]["nik"] = "123"
    assert push(client, pushing, [pushing.create(bad)]).results[0].status == "rejected"
    with session_scope(get_engine(settings.database_url)) as session:
        seen = dict(session.execute(text("SELECT id, last_seen_at FROM device")).all())
    assert seen[pushing.device_id] is not None and seen[idle.device_id] is None


def test_bulk_insert_reports_a_duplicate_key_as_sqlalchemys_integrity_error(settings):
    from server.core.migrate import migrate

    migrate(settings.database_url)
    row = dict(record_id="r", member_id="m", desa=DESA, nik=None, name_key="a", birth_date=None, sex="L",
               status=None)  # fmt: skip
    engine = get_engine(settings.database_url)
    with session_scope(engine) as session:
        insert_rows(session, Person.__table__, [row, {**row, "member_id": "n", "nik": "6203014101900001"}])
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        insert_rows(session, Person.__table__, [{**row, "member_id": "o"}, row])
    with session_scope(engine) as session:  # the failed insert left nothing behind
        assert sorted(session.execute(select(Person.member_id, Person.nik)).all()) == [
            ("m", None), ("n", "6203014101900001")
        ]  # fmt: skip


def test_concurrent_pushes_through_one_push_slot_all_apply_with_distinct_revisions(db_url, tmp_path):
    limited = settings_for(db_url, tmp_path, push_concurrency=1)
    with TestClient(create_app(limited)) as one_slot:
        devices = [enroll_on(one_slot, limited) for _ in range(4)]
        answers: dict[str, PushResponse] = {}

        def send(device: SimDevice, seed: int) -> None:
            answers[device.device_id] = push(
                one_slot, device, [device.create(household(seed + i)) for i in range(3)]
            )

        threads = [threading.Thread(target=send, args=(d, 30 + 10 * n)) for n, d in enumerate(devices)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    revs = sorted(r.rev for response in answers.values() for r in response.results)
    assert len(answers) == 4 and all(r.status == "applied" for a in answers.values() for r in a.results)
    assert revs == list(range(revs[0], revs[0] + 12))  # each batch's revisions in one run, none shared


def test_postgresql_stores_a_records_json_compressed_with_lz4(client, enroll, settings):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL column setting (SQLite does not compress)")
    device = enroll()
    created = device.create(household(40))
    assert push(client, device, [created]).results[0].status == "applied"
    with session_scope(get_engine(settings.database_url)) as session:
        available = session.execute(
            text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        ).scalar_one()
        method = session.execute(
            text("SELECT pg_column_compression(fields) FROM record WHERE id = :id"), {"id": created.record_id}
        ).scalar_one()
    assert method == ("lz4" if available else "pglz")


def test_a_batch_whose_insert_collides_is_applied_again_whole_and_once(client, enroll, settings, monkeypatch):
    """Two devices creating one new record at the same instant: the loser's insert fails. The route undoes its
    whole transaction and applies the batch again on what is committed — written once, audited once, and a
    device revoked meanwhile is refused on the second try. (The collision is injected: a fake only for the fault.)"""
    import server.api.routes.sync as route

    device = enroll()
    real, calls = route.apply_batch, []

    def collide_once(session, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(kw["batch"].batch_id)
        answer = real(session, **kw)  # everything written, then the insert "fails"
        if len(calls) == 1:
            raise IntegrityError("INSERT INTO record", {}, Exception("duplicate key"))
        return answer

    monkeypatch.setattr(route, "apply_batch", collide_once)
    changes = [device.create(household(70 + i)) for i in range(3)]
    answer = push(client, device, changes)
    assert len(calls) == 2 and [r.status for r in answer.results] == ["applied"] * 3
    revs = [r.rev for r in answer.results]
    with session_scope(get_engine(settings.database_url)) as session:
        stored = session.execute(text("SELECT id, rev FROM record ORDER BY rev")).all()
        pushes = session.execute(select(Audit).where(Audit.action == "sync.push")).scalars().all()
        creates = session.execute(select(Audit).where(Audit.action == "record.create")).scalars().all()
    assert [(r.id, r.rev) for r in stored] == [
        (c.record_id, rev) for c, rev in zip(changes, revs, strict=True)
    ]
    assert len(pushes) == 1 and pushes[0].detail == {"applied": 3} and len(creates) == 3

    def revoke_then_collide(session, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(kw["batch"].batch_id)
        session.execute(text("UPDATE device SET status = 'revoked' WHERE id = :id"), {"id": device.device_id})
        session.commit()  # revoked by the district while this batch was being applied
        raise IntegrityError("INSERT INTO record", {}, Exception("duplicate key"))

    monkeypatch.setattr(route, "apply_batch", revoke_then_collide)
    response = client.post(PUSH, json=device.batch([device.create(household(80))]), headers=device.headers)
    assert response.status_code == 401 and response.json()["code"] == "token_revoked"
