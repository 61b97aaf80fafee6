"""Issue 26, "Also": login CSRF and a per-account lock next to the per-address throttle (SQLite and PostgreSQL),
X-Forwarded-For believed only from FORWARDED_ALLOW_IPS (a real `jaring-server serve`), the console's security
headers, and export cells that would run as formulas behind blanks or full-width signs."""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import replace
from datetime import date

import pytest
import requests
from fastapi.testclient import TestClient

from forms.samples import make_household
from server.api.main import create_app
from server.web.export import _cell
from support.console_web import PASSWORD, add_user, console_login
from support.server_process import server_process

DESA = "62.03.01.2011"
PAGE_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")


@pytest.fixture
def lock3(settings):
    """The app with accounts locking after 3 failures (each wrong password costs an Argon2 check)."""
    strict = replace(settings, account_max_failures=3)
    with TestClient(create_app(strict)) as test_client:
        yield test_client, strict


def login_token(client) -> str:
    form = client.get("/console/login")
    assert "jaring_login=" in form.headers["set-cookie"] and "httponly" in form.headers["set-cookie"].lower()
    return re.search(r'name="csrf" value="([0-9a-f]+)"', form.text).group(1)


def test_the_login_form_carries_a_csrf_token(client, settings):
    add_user(settings, "admin", "admin")
    good = {"username": "admin", "password": PASSWORD}
    bare = client.post("/console/login", data=good, follow_redirects=False)  # another site's form
    assert bare.status_code == 403 and "jaring_console" not in bare.headers.get("set-cookie", "")
    attacker = TestClient(client.app)  # a token the attacker got for their own browser does not fit ours
    foreign = login_token(attacker)
    login_token(client)
    assert (
        client.post("/console/login", data={**good, "csrf": foreign}, follow_redirects=False).status_code
        == 403
    )
    right = client.post("/console/login", data={**good, "csrf": login_token(client)}, follow_redirects=False)
    assert right.status_code == 303 and "jaring_console=" in right.headers["set-cookie"]


def test_an_account_locks_after_n_failures_whatever_the_address(lock3):
    client, settings = lock3
    add_user(settings, "admin", "admin")
    add_user(settings, "kepala", "admin")
    for i in range(settings.account_max_failures):
        visitor = TestClient(client.app, client=(f"10.1.0.{i + 1}", 5000))
        wrong = visitor.post("/console/login", data={"username": "Admin", "password": "salah-sekali",
                                                     "csrf": login_token(visitor)})  # fmt: skip
        assert wrong.status_code == 401
    fresh = TestClient(client.app, client=("10.2.0.1", 5000))
    locked = fresh.post("/console/login", data={"username": "admin", "password": PASSWORD, "csrf": login_token(fresh)},
                        follow_redirects=False)  # fmt: skip
    assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.text  # the right password too
    api = fresh.post("/api/v1/login", json={"username": "admin", "password": PASSWORD})
    assert api.status_code == 429 and api.json()["code"] == "too_many_attempts"
    other = fresh.post("/api/v1/login", json={"username": "kepala", "password": PASSWORD})
    assert other.status_code == 200  # only that account waits


def test_a_right_password_ends_the_run_of_wrong_ones(lock3):
    client, settings = lock3
    add_user(settings, "admin", "admin")
    for _ in range(settings.account_max_failures - 1):
        client.post("/api/v1/login", json={"username": "admin", "password": "salah-sekali"})
    assert client.post("/api/v1/login", json={"username": "admin", "password": PASSWORD}).status_code == 200
    for _ in range(settings.account_max_failures - 1):
        client.post("/api/v1/login", json={"username": "admin", "password": "salah-sekali"})
    assert client.post("/api/v1/login", json={"username": "admin", "password": PASSWORD}).status_code == 200


def test_console_responses_carry_the_security_headers(client, settings, enroll):
    user = console_login(client, settings, "admin", "admin")
    pages = [user.get(p) for p in ("/console/", "/console/complaints", "/console/records", "/console/devices",
                                   "/console/forms", "/console/static/console.css")]  # fmt: skip
    pages += [client.get("/console/login"), client.get("/status"), user.get("/console/records/nope")]
    for page in pages:
        assert all(name in page.headers for name in PAGE_HEADERS), (page.url, dict(page.headers))
        policy = page.headers["content-security-policy"]
        assert (
            "frame-ancestors 'none'" in policy
            and "script-src" not in policy
            and "'unsafe-inline'" not in policy
        )
        assert (
            page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
        )
        assert page.headers["referrer-policy"] == "no-referrer"
    for page in pages[:-1]:
        assert " style=" not in page.text and "<script" not in page.text and "<style" not in page.text
    api = client.get("/api/v1/health")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers  # the OpenAPI viewer loads its own scripts


def test_export_cells_that_would_run_as_formulas_are_text(client, settings, enroll):
    for sneaky in (" =1+1", "\n=HYPERLINK(\"x\")", "\u3000\uff1d1+1", "\uff1d1+1", "\u00a0+1", "\t@SUM(A1)",
                   "\u200b=1", "\r\n-1+1", "\uff0bcmd"):  # fmt: skip
        assert _cell(sneaky) == "'" + sneaky, repr(sneaky)
    for plain in ("Siti Aminah", "a=b", " spasi", "", "1+1"):
        assert _cell(plain) == plain
    device = enroll(DESA)
    answers = make_household(random.Random(3), DESA, date(2026, 11, 1))
    head = next(m for m in answers["anggota"].values() if m.get("hubungan") == "kepala")
    head["nama"] = answers["kepala_keluarga"] = "\u3000\uff1d1+1"
    pushed = client.post(
        "/api/v1/sync/push", json=device.batch([device.create(answers)]), headers=device.headers
    )
    assert pushed.json()["results"][0]["status"] == "applied", pushed.text
    user = console_login(client, settings, "admin", "admin")
    exported = user.get("/console/records", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert "'\u3000\uff1d1+1" in rows[1], rows


# --- X-Forwarded-For: a real `jaring-server serve` -----------------------------------------------------------


def failed_logins_until_throttled(base: str, forged: bool) -> int:
    """Wrong logins (each for a new account name, so only the per-address throttle counts) until a 429."""
    for attempt in range(1, 40):
        headers = {"X-Forwarded-For": f"203.0.113.{attempt}"} if forged else {}
        answer = requests.post(f"{base}/api/v1/login", json={"username": f"nobody{attempt}", "password": "x"},
                               headers=headers, timeout=10)  # fmt: skip
        if answer.status_code == 429:
            return attempt
        assert answer.status_code == 401, answer.text
    return 0


def test_a_forged_x_forwarded_for_does_not_reset_the_throttle(tmp_path):
    with server_process(tmp_path / "plain") as base:
        # Default: no proxy is trusted, so a client on the server's own host cannot pick its address.
        assert failed_logins_until_throttled(base, forged=True) == 21
    with server_process(tmp_path / "proxied", FORWARDED_ALLOW_IPS="127.0.0.1") as base:
        # Behind a proxy the operator named, the forwarded address is the client: each counts on its own.
        assert failed_logins_until_throttled(base, forged=True) == 0


def test_forwarded_allow_ips_names_the_proxies_believed(monkeypatch, settings):
    from server.core.config import load_settings

    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert load_settings().forwarded_allow_ips == ""
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    assert load_settings().forwarded_allow_ips == "10.0.0.5"
    with TestClient(create_app(replace(settings, forwarded_allow_ips="10.0.0.5"))) as app_client:
        app = app_client.app
        proxy, stranger = TestClient(app, client=("10.0.0.5", 1)), TestClient(app, client=("10.0.0.6", 1))
        for attempt in range(settings.throttle_max_failures + 1):
            forwarded = {"X-Forwarded-For": f"198.51.100.{attempt}"}
            body = {"username": f"nobody{attempt}", "password": "x"}
            assert proxy.post("/api/v1/login", json=body, headers=forwarded).status_code == 401
            last = stranger.post("/api/v1/login", json=body, headers=forwarded)
        assert last.status_code == 429  # the stranger's forged header is not believed
