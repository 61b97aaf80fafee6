"""The district's complaint deadlines reach the laptops: an admin changes them with the console's crud function,
a laptop store syncs with a real server on loopback, and its complaints list marks overdue by the new
deadline — not by the defaults it used before (and not by an older saved value once a newer one came).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.services import complaints, records
from app.services.sync import enroll_online, sync_once
from forms.samples import make_complaint
from server.core.clock import utcnow
from server.core.db import get_engine, session_scope
from server.core.migrate import migrate
from server.crud.deadlines import current_deadlines, parse_days, set_deadlines
from server.crud.pull import pull_page
from server.models import WorkflowDeadline
from support.live_server import DESA, live_server
from support.server_db import new_code, settings_for
from support.store import new_store
from sync.protocol import PullPage
from sync.workflow import DEADLINES_REFERENCE, Deadlines, deadlines_from_data, parse_time


def save_deadlines(settings, **days: int) -> None:
    """As the console's deadlines page saves them: form text through parse_days, then set_deadlines."""
    with session_scope(get_engine(settings.database_url)) as session:
        values = {**current_deadlines(session).__dict__, **days}
        set_deadlines(
            session, deadlines=parse_days({k: str(v) for k, v in values.items()}), actor="admin:dinsos"
        )


def overdue_at(store, record_id: str, after: timedelta) -> bool:
    [row] = [c for c in complaints.list_complaints(store) if c.record_id == record_id]
    [late] = [c for c in complaints.list_complaints(store, now=parse_time(row.received_at) + after)
              if c.record_id == record_id]  # fmt: skip
    return late.overdue


def test_a_changed_deadline_marks_the_laptops_complaints_overdue_after_a_sync(tmp_path, db_url):
    with live_server(tmp_path, db_url) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        saved = records.save_complaint(store, make_complaint(random.Random(3), DESA, date(2026, 11, 20)))
        assert sync_once(store).complete
        # the default (docs/domain.md#steps-and-deadlines): verified within 3 days of receipt
        assert store.reference_data(DEADLINES_REFERENCE) is None
        assert not overdue_at(store, saved.record_id, timedelta(days=2))
        assert overdue_at(store, saved.record_id, timedelta(days=4))

        save_deadlines(settings, verify_days=1)
        assert not overdue_at(store, saved.record_id, timedelta(days=2))  # not before the laptop syncs
        assert sync_once(store).complete
        assert complaints.district_deadlines(store) == Deadlines(verify_days=1, refer_days=7, close_days=30)
        assert overdue_at(store, saved.record_id, timedelta(days=2))  # by the new deadline
        assert not overdue_at(store, saved.record_id, timedelta(hours=20))

        # a longer deadline replaces the shorter one: overdue by the default (3 days) is no longer overdue
        save_deadlines(settings, verify_days=10, close_days=40)
        assert sync_once(store).complete
        assert not overdue_at(store, saved.record_id, timedelta(days=4))
        assert overdue_at(store, saved.record_id, timedelta(days=11))
        store.close()


def test_only_a_real_change_is_published_and_values_saved_before_still_reach_devices(tmp_path, db_url):
    settings = settings_for(db_url, tmp_path)
    migrate(db_url)
    engine = get_engine(db_url)
    with session_scope(engine) as session:
        # saved by a server from before deadlines were published: in the table, never sent to a device
        session.add(WorkflowDeadline(name="verify_days", days=2, updated_by="admin:old", updated_at=utcnow()))

    def published() -> list:
        with session_scope(engine) as session:
            page = pull_page(session, scope=DESA, cursor=0, limit=100)
            return [
                r
                for r in PullPage.model_validate(page.model_dump()).reference
                if r.name == DEADLINES_REFERENCE
            ]

    assert published() == []
    save_deadlines(settings)  # saved unchanged: published now, since devices still judge by the defaults
    assert [deadlines_from_data(r.data).verify_days for r in published()] == [2]
    save_deadlines(settings)  # unchanged again: nothing new for devices
    assert len(published()) == 1
    save_deadlines(settings, refer_days=5)
    assert [deadlines_from_data(r.data).refer_days for r in published()] == [7, 5]


def test_data_a_device_cannot_judge_by_leaves_the_defaults():
    assert deadlines_from_data({"verify_days": 2}) == Deadlines(verify_days=2)
    assert deadlines_from_data({"verify_days": 2, "later_step_days": 9}) == Deadlines(verify_days=2)
    for bad in (
        None,
        [],
        {"verify_days": 0},
        {"verify_days": "2"},
        {"close_days": True},
        {"refer_days": 999},
    ):
        assert deadlines_from_data(bad) is None
