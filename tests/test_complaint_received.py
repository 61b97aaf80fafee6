"""A complaint is dated at the district from when the citizen filed it in the village, not from when a sync or
a USB bundle brought it: the laptop sends the complaint's `diterima` event right after the complaint
(docs/records.md#complaint-events), and a complaint whose event never came is dated by its first clock
stamp."""

from __future__ import annotations

import json
import random

from app.services import records
from app.services.reports import rejected_changes
from app.services.sync import enroll_online, sync_once
from forms.samples import make_complaint
from server.core.db import get_engine, session_scope
from server.crud.complaints import get_complaint
from server.models import ComplaintEventRow
from support.live_server import DESA, live_server
from support.server_db import new_code
from support.store import new_store
from sync.protocol import ChangeResult, ResultStatus, rejection
from sync.workflow import parse_time


def test_the_laptop_sends_the_received_event_after_its_complaint_and_the_district_dates_it_so(tmp_path):
    with live_server(tmp_path) as (base, server_settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(server_settings, DESA))
        saved = records.save_complaint(store, make_complaint(random.Random(1), DESA))
        local = (
            store.db.reader()
            .execute("SELECT id, at, by FROM complaint_event WHERE record_id = ?", (saved.record_id,))
            .fetchall()
        )
        assert len(local) == 1
        event_id, at, by = local[0]
        queued = [(kind, record_id, json.loads(body)) for kind, record_id, body in store.db.reader().execute(
            "SELECT kind, record_id, body FROM outbox ORDER BY offset")]  # fmt: skip
        assert [(kind, record_id) for kind, record_id, _ in queued] == [
            ("complaint", saved.record_id), ("complaint_event", event_id)]  # fmt: skip
        assert queued[1][2]["fields"] == {
            "complaint_id": saved.record_id,
            "step": "diterima",
            "at": at,
            "by": by,
        }

        outcome = sync_once(store)
        assert outcome.complete
        with session_scope(get_engine(server_settings.database_url)) as session:
            [row] = session.query(ComplaintEventRow).filter_by(record_id=saved.record_id).all()
            assert (row.id, row.step, row.at, row.by) == (event_id, "diterima", at, by)
            assert get_complaint(session, scope="", record_id=saved.record_id).received_at == parse_time(at)
        sync_once(store)  # the event comes back by pull under its own id: still one
        count = (
            store.db.reader()
            .execute("SELECT count(*) FROM complaint_event WHERE record_id = ?", (saved.record_id,))
            .fetchone()[0]
        )
        assert count == 1
        store.close()


def test_a_complaint_whose_event_never_came_is_dated_by_its_first_stamp(client, enroll, settings):
    device = enroll(DESA)
    change = device.create(make_complaint(random.Random(2), DESA), kind="complaint", form_id="pengaduan")
    written = "1767323100000"  # 2026-01-02 03:05 UTC, on the laptop that captured it
    change = change.model_copy(
        update={"clocks": {p: f"{written}-0000-{device.device_id}" for p in change.fields}}
    )
    pushed = client.post("/api/v1/sync/push", json=device.batch([change]), headers=device.headers)
    assert pushed.json()["results"][0]["status"] == "applied"
    with session_scope(get_engine(settings.database_url)) as session:
        view = get_complaint(session, scope="", record_id=change.record_id)
    assert view.received_at == parse_time("2026-01-02T03:05:00Z")
    assert view.overdue and view.age_days > 300  # the verification deadline passed long ago


def test_a_refused_complaint_is_listed_to_correct_once_without_its_event(tmp_path):
    """The district refused a complaint (say, out of the laptop's area) and therefore its event: the volunteer
    is shown the complaint to correct, not a second line for an event they never wrote by hand."""
    store, _ = new_store(tmp_path / "laptop", area=DESA)
    saved = records.save_complaint(store, make_complaint(random.Random(4), DESA))
    rows = store.db.reader().execute("SELECT offset, change_id FROM outbox ORDER BY offset").fetchall()
    refused = [rejection("out_of_area"), rejection("invalid_change", en="Unknown complaint.")]
    store.record_results([(offset, ChangeResult(change_id=change_id, status=ResultStatus.REJECTED, rejections=[why]))
                          for (offset, change_id), why in zip(rows, refused, strict=True)])  # fmt: skip
    listed = rejected_changes(store)
    assert [r.record_id for r in listed] == [saved.record_id]
    store.close()
