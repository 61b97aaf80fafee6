"""Version skew between laptops and the district, with the real client and a real server on loopback: the
server declares the protocol versions it serves; an app at the minimum still syncs after the server moved on,
an app below the minimum is told to update (and loses nothing), and records in an old form version are
still accepted after a newer version is published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

import forms
import server.api.body as server_protocol
from app.services import records
from app.services.sync import enroll_online, sync_once
from server.core.db import get_engine, session_scope
from server.crud.forms import publish_form
from support.live_server import DESA, household, live_server
from support.server_db import new_code
from support.store import new_store
from sync.protocol import PROTOCOL_VERSION
from sync.transport import Refused


def test_the_minimum_syncs_and_below_it_is_told_to_update(tmp_path, monkeypatch):
    with live_server(tmp_path) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        declared = requests.get(base + "/api/v1/health", timeout=10).json()
        assert declared["min_protocol"] <= PROTOCOL_VERSION <= declared["protocol"]

        # The district upgraded: it speaks a newer protocol but still serves this app's version (the minimum).
        monkeypatch.setattr(server_protocol, "PROTOCOL_VERSION", PROTOCOL_VERSION + 1)
        monkeypatch.setattr(server_protocol, "MIN_PROTOCOL_VERSION", PROTOCOL_VERSION)
        records.save_household(store, household(1))
        outcome = sync_once(store)
        assert outcome.complete and outcome.run.applied == 1

        # Later the minimum moves past this app: a clear message to update, the change kept for later.
        monkeypatch.setattr(server_protocol, "MIN_PROTOCOL_VERSION", PROTOCOL_VERSION + 1)
        records.save_household(store, household(2))
        with pytest.raises(Refused) as refused:
            sync_once(store)
        assert refused.value.code == "protocol_too_old"
        assert "perbarui" in refused.value.id.lower() and "update" in refused.value.en.lower()
        assert store.outbox_counts().get("pending") == 1
        store.close()


def test_records_in_an_old_form_version_are_still_accepted(tmp_path):
    with live_server(tmp_path) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        with session_scope(get_engine(settings.database_url)) as session:
            publish_form(session, source=_definition_v2())
        records.save_household(store, household(3))  # still entered in version 1 on this laptop
        outcome = sync_once(store)
        assert outcome.complete and outcome.run.applied == 1 and outcome.run.received >= 1
        store.close()


def _definition_v2() -> dict:
    path = Path(forms.__file__).parent / "definitions" / "ppks_registration@1.json"
    definition = json.loads(path.read_text(encoding="utf-8"))
    definition["version"] = 2
    return definition


def test_a_pulled_form_version_survives_a_restart_and_stays_in_its_own_store(tmp_path):
    from app.store.store import Store
    from forms.registry import default_registry
    from support.store import PASSWORD, new_store
    from sync.protocol import FormUpdate, PullPage

    store, _ = new_store(tmp_path / "laptop")
    store.apply_pull_page(PullPage(cursor=0, next_cursor=5, has_more=False,
                                   forms=[FormUpdate(form_id="ppks_registration", version=2, definition=_definition_v2())]))  # fmt: skip
    assert store.form("ppks_registration", 2).version == 2
    store.close()
    reopened = Store.open(tmp_path / "laptop", "ani", PASSWORD)
    assert reopened.form("ppks_registration", 2).version == 2  # drafts and records in v2 open after a restart
    assert 2 not in default_registry().versions("ppks_registration")  # no other store in this process sees it
    other, _ = new_store(tmp_path / "other")
    assert other.registry.versions("ppks_registration") == [1]
    reopened.close()
    other.close()
