"""The serving process settles its heap before the first request (server/core/heap.py): the form plans and
the region table are loaded, then frozen out of every garbage collection."""

from __future__ import annotations

import gc

from forms.domain import regions
from server.core.db import get_engine, session_scope
from server.core.heap import FIRST_GENERATION_THRESHOLD, settle
from server.core.migrate import migrate
from server.crud.forms import process_registry


def test_settle_loads_what_requests_need_and_freezes_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.db'}"
    migrate(url)
    engine = get_engine(url)
    before = gc.get_threshold()
    regions.reset()
    try:
        settle(engine)
        assert regions._table is not None  # read once, not on the first push
        with session_scope(engine) as session:
            forms = process_registry(session).all()
        assert forms and all("plan" in form.cache for form in forms)
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] == FIRST_GENERATION_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
