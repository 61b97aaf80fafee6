"""Logging in to the district console in the tests: console users, the login form as a browser posts it,
a logged-in client of a user's own, the CSRF token of a page, a complaint pushed by a device."""

from __future__ import annotations

import random
import re

from fastapi.testclient import TestClient

from forms.samples import make_complaint
from server.core.db import get_engine, session_scope
from server.crud.accounts import create_user
from sync.reference import make_reference

DESA, OTHER_KEC_DESA = "62.03.01.2011", "62.03.02.1001"
KECAMATAN = "62.03.01"  # DESA's kecamatan
PASSWORD = "rahasia-panjang"


def add_user(settings, username, role, area=""):
    with session_scope(get_engine(settings.database_url)) as session:
        create_user(session, username=username, password=PASSWORD, role=role, area=area)


def login_post(client, data, url="/console/login", **kw):
    """POST the login form as a browser does: opened first, so it carries its CSRF token and cookie."""
    form = client.get("/console/login")
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', form.text).group(1)
    return client.post(url, data={**data, "csrf": token}, **kw)


def console_login(client, settings, username, role, area=""):
    """Log a console user in: a client of their own that keeps their session cookie, as their browser would."""
    add_user(settings, username, role, area)
    response = login_post(client, {"username": username, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert "httponly" in response.headers["set-cookie"].lower()
    assert "samesite=lax" in response.headers["set-cookie"].lower()
    user = TestClient(client.app, base_url=str(client.base_url), cookies=response.cookies)
    client.cookies.clear()  # `client` stays a visitor who is not logged in
    return user


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def push_complaint(client, device, desa, counter=1):
    change = device.create(
        make_complaint(random.Random(counter), desa), kind="complaint", form_id="pengaduan"
    )
    reference = make_reference(desa, 1, counter)
    change = change.model_copy(update={"reference": reference})
    response = client.post("/api/v1/sync/push", json=device.batch([change]), headers=device.headers)
    assert response.json()["results"][0]["status"] == "applied", response.text
    return change.record_id, reference


def admin(client, settings):
    return console_login(client, settings, "kepala.dinsos", "admin")


def token_of(client, user, path="/console/devices") -> str:
    return csrf_of(user.get(path).text)


def upload(client, user, path, name, data, **form):
    """POST a file as the console's upload forms do: a form definition to publish, else a list sheet."""
    field = "definition" if "/forms/publish" in path else "sheet"
    return user.post(path, files={field: (name, data)}, data=form)
