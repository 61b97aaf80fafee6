"""Every authorization rule, on SQLite and PostgreSQL: area scope for devices, TKSK and admin; revoked
tokens; expired, reused, wrong, brute-forced and locked enrollment codes; the audit trail of logins."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select, update

from forms.samples import make_household
from server.core.clock import utcnow
from server.core.db import get_engine, session_scope
from server.crud.accounts import create_user
from server.crud.devices import revoke_device
from server.models import Audit, EnrollmentCode
from support.server_db import enroll_request, new_code
from sync.protocol import PROTOCOL_HEADER, PullPage

DESA, NEIGHBOUR_DESA, OTHER_KEC_DESA = "62.03.01.2011", "62.03.01.1006", "62.03.02.1001"
PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"


def household(seed: int, desa: str) -> dict:
    return make_household(random.Random(seed), desa, date(2026, 11, 1), serial=seed)


def pull(client, headers, cursor: int = 0) -> PullPage:
    response = client.get(PULL, params={"cursor": cursor}, headers={**headers, PROTOCOL_HEADER: "1"})
    assert response.status_code == 200, response.text
    return PullPage.model_validate(response.json())


def seed_three_areas(client, enroll):
    """One record in this desa, one in the neighbouring desa, one in another kecamatan."""
    ids = {}
    for desa in (DESA, NEIGHBOUR_DESA, OTHER_KEC_DESA):
        device = enroll(desa)
        change = device.create(household(hash(desa) % 1000, desa))
        response = client.post(PUSH, json=device.batch([change]), headers=device.headers)
        assert response.json()["results"][0]["status"] == "applied", response.text
        ids[desa] = change.record_id
    return ids


def login(client, settings, username, role, area=""):
    with session_scope(get_engine(settings.database_url)) as session:
        create_user(session, username=username, password="rahasia-panjang", role=role, area=area)
    response = client.post("/api/v1/login", json={"username": username, "password": "rahasia-panjang"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_a_device_pulls_only_its_own_desa(client, enroll):
    ids = seed_three_areas(client, enroll)
    reader = enroll(DESA)
    assert {r.record_id for r in pull(client, reader.headers).records} == {ids[DESA]}
    assert client.get(f"/api/v1/records/{ids[NEIGHBOUR_DESA]}", headers=reader.headers).status_code == 404
    assert client.get(f"/api/v1/records/{ids[DESA]}", headers=reader.headers).status_code == 200


def test_a_kecamatan_device_and_a_tksk_see_their_kecamatan_an_admin_everything(client, enroll, settings):
    ids = seed_three_areas(client, enroll)
    kecamatan_device = enroll("62.03.01")
    tksk = login(client, settings, "tksk.selat", "tksk", "62.03.01")
    admin = login(client, settings, "admin", "admin")
    kecamatan = {ids[DESA], ids[NEIGHBOUR_DESA]}
    assert {r.record_id for r in pull(client, kecamatan_device.headers).records} == kecamatan
    assert {r.record_id for r in pull(client, tksk).records} == kecamatan
    assert {r.record_id for r in pull(client, admin).records} == set(ids.values())
    assert client.get(f"/api/v1/records/{ids[OTHER_KEC_DESA]}", headers=tksk).status_code == 404


def test_a_device_cannot_write_another_area(client, enroll):
    ids = seed_three_areas(client, enroll)
    device = enroll(DESA)
    foreign_new = device.create(household(7, NEIGHBOUR_DESA))  # a new record placed in another desa
    foreign_edit = device.change(ids[NEIGHBOUR_DESA], {"catatan": "bukan wilayahku"}, base_rev=1)
    moved = device.change(ids[DESA], {"alamat/desa": OTHER_KEC_DESA}, base_rev=1)  # moving one out
    results = client.post(
        PUSH, json=device.batch([foreign_new, foreign_edit, moved]), headers=device.headers
    ).json()
    assert [r["rejections"][0]["code"] for r in results["results"]] == ["out_of_area"] * 3


def test_a_batch_in_another_devices_name_is_refused(client, enroll):
    mine, theirs = enroll(), enroll()
    body = theirs.batch([theirs.create(household(1, DESA))])
    response = client.post(PUSH, json=body, headers=mine.headers)
    assert response.status_code == 403 and response.json()["code"] == "device_mismatch"


def test_revoked_and_unknown_tokens_are_refused(client, enroll, settings):
    device = enroll()
    with session_scope(get_engine(settings.database_url)) as session:
        revoke_device(session, device_id=device.device_id)
    body = device.batch([device.create(household(2, DESA))])
    revoked = client.post(PUSH, json=body, headers=device.headers)
    assert revoked.status_code == 401 and revoked.json()["code"] == "token_revoked"
    assert client.get(PULL, headers={**device.headers, PROTOCOL_HEADER: "1"}).status_code == 401
    wrong = client.post(PUSH, json=body, headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_token"
    assert client.post(PUSH, json=body).json()["code"] == "missing_token"


def test_an_enrollment_code_works_once(client, settings):
    code = new_code(settings, DESA)
    first = client.post("/api/v1/enroll", json=enroll_request(code)[0])
    assert first.status_code == 200 and first.json()["area"] == DESA and first.json()["device_number"] == 1
    again = client.post("/api/v1/enroll", json=enroll_request(code)[0])
    assert again.status_code == 403 and again.json()["code"] == "enrollment_code_refused"


def test_an_expired_code_is_refused(client, settings):
    code = new_code(settings, DESA)
    with session_scope(get_engine(settings.database_url)) as session:
        session.execute(update(EnrollmentCode).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = client.post("/api/v1/enroll", json=enroll_request(code)[0])
    assert response.status_code == 403


def test_a_code_locks_after_a_few_wrong_tries_even_for_the_right_secret(client, settings):
    code = new_code(settings, DESA)
    lookup = code.replace("-", "")[:4]
    for attempt in range(settings.code_max_attempts):
        wrong = f"{lookup}-{'ABCDEFGH' if attempt % 2 else 'HGFEDCBA'}"
        assert client.post("/api/v1/enroll", json=enroll_request(wrong)[0]).status_code == 403
    right = client.post("/api/v1/enroll", json=enroll_request(code)[0])
    assert right.status_code == 403  # locked: brute force gains nothing
    with session_scope(get_engine(settings.database_url)) as session:
        row = session.get(EnrollmentCode, lookup)
        assert row.locked and row.used_at is None
        failures = session.execute(select(Audit).where(Audit.action == "enroll.failed")).scalars().all()
        assert len(failures) == settings.code_max_attempts + 1


def test_many_failures_from_one_address_are_throttled(client, settings):
    for _ in range(settings.throttle_max_failures):
        client.post("/api/v1/enroll", json=enroll_request("ZZZZ-ZZZZ-ZZZZ")[0])
    code = new_code(settings, DESA)
    response = client.post("/api/v1/enroll", json=enroll_request(code)[0])
    assert response.status_code == 429 and response.json()["code"] == "too_many_attempts"


def test_logins_are_audited_and_wrong_passwords_refused(client, settings):
    login(client, settings, "admin2", "admin")
    bad = client.post("/api/v1/login", json={"username": "admin2", "password": "salah-sekali"})
    assert bad.status_code == 401 and bad.json()["code"] == "login_failed"
    with session_scope(get_engine(settings.database_url)) as session:
        actions = session.execute(select(Audit.action).where(Audit.actor == "user:admin2")).scalars().all()
    assert sorted(actions) == ["login", "login.failed"]


def test_every_write_is_audited_without_personal_data(client, enroll, settings):
    device = enroll()
    answers = household(5, DESA)
    niks = [m["nik"] for m in answers["anggota"].values() if m.get("nik")]
    client.post(PUSH, json=device.batch([device.create(answers)]), headers=device.headers)
    with session_scope(get_engine(settings.database_url)) as session:
        rows = session.execute(select(Audit)).scalars().all()
    assert {"enroll", "record.create", "sync.push"} <= {r.action for r in rows}
    dumped = repr([(r.actor, r.action, r.target, r.detail) for r in rows])
    assert niks and not any(nik in dumped for nik in niks)
    assert answers["kepala_keluarga"] not in dumped
