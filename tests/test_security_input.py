"""Issue 26, on SQLite and PostgreSQL: every class of bad input the probe found gets a 4xx with a reason —
never a 500: a non-ASCII CSRF token, a NUL anywhere (ids, path and query parameters, the login name), numbers
of 5,000 digits, protocol versions "²" or of 5,000 digits (body and header), form_version 2**63, lone
surrogates in a name or a field path, and an answer nested 900 deep."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from fastapi.testclient import TestClient

from forms.samples import make_household
from support.console_web import console_login, csrf_of
from sync.protocol import PROTOCOL_HEADER

DESA = "62.03.01.2011"
PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"
BIG = "9" * 5000


def refused(response, status: int | None = None, code: str | None = None) -> dict | str:
    """A 4xx with a reason (an ErrorBody for the API, an error message on a console page)."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    if status is not None:
        assert response.status_code == status, response.text[:300]
    if response.headers["content-type"].startswith("application/json"):
        body = response.json()
        assert body["id"] and body["en"], body
        if code is not None:
            assert body["code"] == code, body
        return body
    assert 'role="alert"' in response.text
    return response.text


@pytest.fixture
def quiet_client(client):
    """The app as a real server answers: an unexpected error is a 500 response, not an exception here."""
    return TestClient(client.app, raise_server_exceptions=False)


def batch_text(device) -> str:  # noqa: ANN001
    change = device.create(make_household(random.Random(1), DESA, date(2026, 11, 1)))
    return json.dumps(device.batch([change]))


def push_raw(client, device, text: str, **headers):
    return client.post(PUSH, content=text.encode(), headers={**device.headers, "Content-Type": "application/json",
                                                             **headers})  # fmt: skip


def with_answer(device, path: str, raw_value: str) -> str:  # noqa: ANN001
    """A good batch whose household also answers `path` with `raw_value` (JSON text, spliced in as is)."""
    body = json.loads(batch_text(device))
    change = body["changes"][0]
    change["fields"][path] = "@@VALUE@@"
    change["clocks"][path] = next(iter(change["clocks"].values()))
    return json.dumps(body).replace('"@@VALUE@@"', raw_value)


def test_nul_in_any_id_path_or_query_is_a_400(quiet_client, enroll):
    device = enroll(DESA)
    good = json.loads(batch_text(device))
    change = good["changes"][0]
    for _where, old in (("record_id", change["record_id"]), ("change_id", change["change_id"]),
                       ("batch_id", good["batch_id"]), ("form_id", change["form_id"])):  # fmt: skip
        text = json.dumps(good).replace(json.dumps(old), '"a\\u0000b"')
        refused(push_raw(quiet_client, device, text), 400, "invalid_text")
    refused(push_raw(quiet_client, device, with_answer(device, "catatan", '"x\\u0000"')), 400, "invalid_text")
    for path in ("/api/v1/records/a%00b", f"/api/v1/attachments/{'a' * 64}/content?record=%00",
                 "/api/v1/bundles/return?device=%00", f"{PULL}?cursor=%00"):  # fmt: skip
        refused(quiet_client.get(path, headers={**device.headers, PROTOCOL_HEADER: "1"}), 400, "invalid_text")
    refused(quiet_client.get("/status?ref=%00"), 400)
    answer = quiet_client.post("/api/v1/login", json={"username": "admin\x00", "password": "x"})
    refused(answer, 400, "invalid_text")


def test_lone_surrogates_in_a_name_or_a_field_path_are_a_400(quiet_client, enroll):
    device = enroll(DESA)
    refused(
        push_raw(quiet_client, device, with_answer(device, "catatan", '"Siti \\ud800"')), 400, "invalid_text"
    )
    spliced = with_answer(device, "catatan", '"ok"').replace('"catatan"', '"catatan\\udfff"')
    refused(push_raw(quiet_client, device, spliced), 400, "invalid_text")
    enrolment = (
        '{"protocol": 1, "code": "ABCD-EFGH-JKMN", "sign_key": "x", "box_key": "y", "label": "\\ud800"}'
    )
    refused(quiet_client.post("/api/v1/enroll", content=enrolment), 400, "invalid_text")
    # A real pair (an emoji) is text, and is kept.
    fine = push_raw(quiet_client, device, with_answer(device, "catatan", '"rumah \\ud83c\\udfe0"'))
    assert fine.status_code == 200 and fine.json()["results"][0]["status"] == "applied"


def test_numbers_of_5000_digits_are_a_400(quiet_client, enroll):
    device = enroll(DESA)
    good = batch_text(device)
    refused(push_raw(quiet_client, device, good.replace('"protocol": 1', f'"protocol": {BIG}')), 400,
            "malformed_json")  # fmt: skip
    refused(push_raw(quiet_client, device, with_answer(device, "catatan", BIG)), 400, "malformed_json")
    refused(quiet_client.post("/api/v1/enroll", content=f'{{"protocol": {BIG}, "code": "x"}}'), 400)
    refused(quiet_client.post("/api/v1/login", content=f'{{"username": {BIG}, "password": "x"}}'), 400)
    refused(quiet_client.post(PUSH, content=good, headers={**device.headers, "Content-Length": BIG}))


def test_odd_protocol_versions_are_a_4xx_in_body_and_header(quiet_client, enroll):
    device = enroll(DESA)
    good = batch_text(device)
    for version in ('"²"', f'"{BIG}"', '"٣"'):
        refused(push_raw(quiet_client, device, good.replace('"protocol": 1', f'"protocol": {version}')), 422)
    enrolment = '{"protocol": "²", "code": "ABCD-EFGH-JKMN", "sign_key": "x", "box_key": "y"}'
    refused(quiet_client.post("/api/v1/enroll", content=enrolment), 422)
    for header in ("²".encode(), BIG.encode()):
        refused(quiet_client.get(PULL, headers={**device.headers, PROTOCOL_HEADER: header}), 422)


def test_form_version_2_63_is_an_unknown_version(quiet_client, enroll):
    device = enroll(DESA)
    for version in (2**63, 2**40, 2**31):
        text = batch_text(device).replace('"form_version": 1', f'"form_version": {version}')
        answer = push_raw(quiet_client, device, text)
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"][0]["rejections"][0]["code"] == "unknown_form_version"


def test_an_answer_nested_900_deep_is_a_rejected_change(quiet_client, enroll):
    device = enroll(DESA)
    for path in ("catatan", "tidak_ada_di_formulir"):
        deep = "[" * 900 + "]" * 900
        answer = push_raw(quiet_client, device, with_answer(device, path, deep))
        assert answer.status_code == 200, answer.text
        result = answer.json()["results"][0]
        assert result["status"] == "rejected" and "nested" in result["rejections"][0]["en"]
        for depth in (400, 200, 17):  # less deep: hashed, then refused as no answer a form takes
            deep = "[" * depth + "]" * depth
            answer = push_raw(quiet_client, device, with_answer(device, path, deep))
            assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "rejected", (
                answer.text
            )
    too_deep = "[" * 100_000 + "]" * 100_000  # past what a JSON reader nests: the body itself is refused
    refused(push_raw(quiet_client, device, with_answer(device, "catatan", too_deep)), 400)


def test_console_forms_refuse_bad_text_and_odd_csrf_with_a_page(quiet_client, settings):
    user = console_login(quiet_client, settings, "admin", "admin")
    user = TestClient(user.app, cookies=user.cookies, raise_server_exceptions=False)
    page = user.get("/console/")
    for token in ("é", "ｃｓｒｆ", "\u0663" * 64):
        answer = user.post("/console/logout", data={"csrf": token})
        assert answer.status_code == 403 and "Formulir kedaluwarsa" in answer.text
    answer = user.post("/console/devices/code", data={"csrf": csrf_of(page.text), "area": "62.03\x00"})
    assert "isian formulir" in refused(answer, 400)
    for path in ("/console/records/a%00b", "/console/complaints/a%00b", "/console/records?desa=%00",
                 "/console/records?q=%00", "/console/devices/a%00/revoke"):  # fmt: skip
        assert "NUL" in refused(user.get(path), 400)
    english = user.get("/console/records/a%00b?lang=en")
    assert "holds a NUL character" in refused(english, 400)
    login = quiet_client.post("/console/login", data={"username": "admin\x00", "password": "x", "csrf": "x"})
    refused(login, 400)


def test_a_bundle_carrying_a_nul_is_refused_not_a_500(quiet_client, settings):
    """A USB bundle reaches the same tables another way: its text is held to the same rule (TKSK relay)."""
    from support.bundles import Village
    from support.console_web import add_user

    village = Village(settings)
    answers = make_household(random.Random(4), DESA, date(2026, 11, 1))
    answers["catatan"] = "atap bocor\x00"
    village.store.add(village.sim.create(answers))
    add_user(settings, "tksk.selat", "tksk", "62.03.01")
    token = quiet_client.post("/api/v1/login", json={"username": "tksk.selat", "password": "rahasia-panjang"})
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    answer = quiet_client.post("/api/v1/bundles", content=village.export(), headers=headers)
    body = refused(answer, 400)
    assert body["code"] == "invalid_text" and "NUL character" in body["en"]
