"""A laptop's own audit rows (who opened, changed, printed, exported which record) reach the district with sync —
over HTTP after the push, and in a village's USB bundle — each kept once whatever the retries, and no longer
sent once the district holds them. Bad uploads get a 4xx, never a 500."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import text

from app.services import bundles, records
from app.services.sync import enroll_online, sync_once
from forms.samples import make_household
from server.core.db import get_engine, session_scope
from server.crud.bundles import import_outbound, write_return
from support.bundles import file_enrolled_laptop
from support.live_server import DESA, live_server
from support.server_db import new_code
from support.store import new_store
from sync.protocol import AuditEntry, AuditUpload

AUDIT = "/api/v1/sync/audit"


def laptop_rows(engine, device_id: str) -> list[tuple[str, str, str]]:
    with session_scope(engine) as session:
        rows = session.execute(text("SELECT action, target, detail FROM audit WHERE actor = :a "
                                    "AND action LIKE 'laptop.%' ORDER BY id"), {"a": f"device:{device_id}"}).all()  # fmt: skip
    return [(action, target, str(detail)) for action, target, detail in rows]


def test_opened_and_saved_records_reach_the_district_once_by_http(tmp_path):
    with live_server(tmp_path) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        saved = records.save_household(store, make_household(random.Random(1), DESA, date(2026, 11, 1)))
        records.open_record(store, saved.record_id)
        assert sync_once(store).complete
        engine = get_engine(settings.database_url)
        rows = laptop_rows(engine, store.device_id)
        assert ("laptop.open", f"record:{saved.record_id}") in [(a, t) for a, t, _ in rows]
        assert any(a == "laptop.create" for a, _, _ in rows) and all("ani" in d for _, _, d in rows), rows
        assert store.pending_audit(10) == []
        assert sync_once(store).complete
        assert len(laptop_rows(engine, store.device_id)) == len(rows)  # nothing sent twice
        records.open_record(store, saved.record_id)
        assert sync_once(store).complete
        assert [a for a, _, _ in laptop_rows(engine, store.device_id)][len(rows) :] == ["laptop.open"]
        store.close()


def test_a_retried_upload_is_kept_once_and_bad_uploads_are_refused(client, enroll, settings):
    device = enroll(DESA)
    entries = [AuditEntry(seq=i, at="2026-12-01T03:00:00Z", operator="ani", action="open", record_id="r1")
               for i in (1, 2)]  # fmt: skip
    body = AuditUpload(device_id=device.device_id, entries=entries).model_dump(mode="json")
    for _ in range(2):
        answer = client.post(AUDIT, json=body, headers=device.headers)
        assert answer.status_code == 200 and answer.json()["through"] == 2
    assert len(laptop_rows(get_engine(settings.database_url), device.device_id)) == 2
    other = client.post(AUDIT, json={**body, "device_id": "someone-else"}, headers=device.headers)
    assert other.status_code == 403
    for bad in ({**body, "entries": [{"seq": 0, "at": "x", "operator": "a", "action": "b"}]},
                {**body, "entries": "none"}, {"device_id": device.device_id}, {**body, "protocol": 999}):  # fmt: skip
        answer = client.post(AUDIT, json=bad, headers=device.headers)
        assert 400 <= answer.status_code < 500, (bad, answer.status_code, answer.text)
    assert client.post(AUDIT, json=body).status_code == 401  # no token


def test_a_never_online_villages_audit_travels_in_its_bundle(tmp_path, district):
    settings, engine = district
    village = file_enrolled_laptop(tmp_path, district, "village")
    saved = records.save_household(village, make_household(random.Random(2), DESA, date(2026, 11, 1)))
    records.open_record(village, saved.record_id)
    stick = tmp_path / "desa.bundle"
    bundles.export_bundle(village, stick)
    with session_scope(engine) as session:
        import_outbound(session, stick.read_bytes(), actor="tksk")
    actions = [a for a, _, _ in laptop_rows(engine, village.device_id)]
    assert "laptop.open" in actions and "laptop.create" in actions
    with session_scope(engine) as session:
        import_outbound(session, stick.read_bytes(), actor="tksk")  # the same stick twice
    assert len(laptop_rows(engine, village.device_id)) == len(actions)
    with session_scope(engine) as session:
        back = write_return(session, device_id=village.device_id, actor="tksk")
    returned = tmp_path / "balasan.bundle"
    returned.write_bytes(back)
    bundles.import_bundle(village, returned)
    # only what came after the bundle was sealed: its own export, and this import
    assert [e.action for e in village.pending_audit(100)] == ["bundle.export", "bundle.import"]
    village.close()
