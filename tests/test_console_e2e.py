"""End to end over a real server on a loopback port: a duplicate confirmed in the console reaches a laptop's
encrypted store through the real sync (push, pull, person link stored), and survives reopening the store."""

from __future__ import annotations

import re

import pytest
import requests

from app.services.sync import enroll_online, sync_once
from app.store.store import Store
from server.core.db import get_engine, session_scope
from server.crud.accounts import create_user
from support.console_seed import DESA_B, seed_console
from support.live_server import live_server
from support.server_db import new_code
from support.store import PASSWORD

pytestmark = pytest.mark.slow


def test_a_confirmed_duplicate_reaches_the_laptop_by_pull(tmp_path):
    with live_server(tmp_path) as (base, settings):
        seeded = seed_console(requests.Session(), settings, base)
        laptop, _ = Store.init(tmp_path / "laptop", "ani", PASSWORD, area=DESA_B)
        enroll_online(laptop, base, new_code(settings, DESA_B))
        assert sync_once(laptop).complete
        muhamad, muhammad = seeded.members["muhamad"], seeded.members["muhammad"]
        assert laptop.records.linked_persons(*muhamad) == []

        with session_scope(get_engine(settings.database_url)) as session:
            create_user(session, username="kepala", password="rahasia-panjang", role="admin")
        browser = requests.Session()
        form = browser.get(f"{base}/console/login").text  # the login form's CSRF token (and its cookie)
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
        browser.post(
            f"{base}/console/login", data={"username": "kepala", "password": "rahasia-panjang", "csrf": token}
        )
        page = browser.get(f"{base}/console/quality/duplicates").text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        (a_record, a_member), (b_record, b_member) = muhamad, muhammad
        answer = browser.post(f"{base}/console/quality/duplicates/decide", allow_redirects=False,
                              data=dict(a_record=a_record, a_member=a_member, b_record=b_record, b_member=b_member,
                                        decision="linked", confirm="1", csrf=csrf))  # fmt: skip
        assert answer.status_code == 303

        assert sync_once(laptop).complete
        assert laptop.records.linked_persons(*muhamad) == [muhammad]  # the other person lives in another desa
        assert laptop.records.linked_persons(*muhammad) == [muhamad]
        laptop.close()
        reopened = Store.open(tmp_path / "laptop", "ani", PASSWORD)
        assert reopened.records.linked_persons(*muhamad) == [muhammad]
        reopened.close()
