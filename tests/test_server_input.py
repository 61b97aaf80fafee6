"""Bad input gets a 4xx with a reason — never a 500: malformed JSON, wrong types, oversized batches, bad or
bomb compression, wrong tokens, an app too old (426). Plus a hypothesis fuzz over compressed, truncated and
bomb bodies, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import random
from datetime import date

import pytest
import zstandard
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from forms.samples import make_household
from sync.protocol import MAX_CHANGES_PER_BATCH, PROTOCOL_HEADER

PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"


def post(client, device, body: bytes, encoding: str | None = None):
    headers = {**device.headers, "Content-Type": "application/json"}
    if encoding:
        headers["Content-Encoding"] = encoding
    return client.post(PUSH, content=body, headers=headers)


def good_body(device) -> bytes:
    change = device.create(make_household(random.Random(1), "62.03.01.2011", date(2026, 11, 1)))
    return json.dumps(device.batch([change])).encode()


def assert_refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code and body["id"] and body["en"]


def test_zstd_gzip_and_identity_bodies_are_all_accepted(client, enroll):
    device = enroll()
    for encoding, pack in (("zstd", lambda b: zstandard.ZstdCompressor().compress(b)), ("gzip", gzip.compress),
                           (None, lambda b: b)):  # fmt: skip
        response = post(client, device, pack(good_body(device)), encoding)
        assert response.status_code == 200 and response.json()["results"][0]["status"] == "applied"


def test_each_class_of_bad_input_gets_its_own_4xx(client, enroll, settings):
    device = enroll()
    assert_refused(post(client, device, b'{"protocol": 1, "changes": [', None), 400, "malformed_json")
    assert_refused(post(client, device, b"\xff\xfe", None), 400, "malformed_json")
    assert_refused(post(client, device, b"[1, 2]", None), 422, "invalid_message")
    wrong_types = {"protocol": 1, "device_id": device.device_id, "batch_id": 7, "changes": "many"}
    assert_refused(post(client, device, json.dumps(wrong_types).encode()), 422, "invalid_message")
    assert_refused(post(client, device, b"not zstd at all", "zstd"), 400, "bad_compression")
    assert_refused(
        post(client, device, gzip.compress(good_body(device))[:-9], "gzip"), 400, "bad_compression"
    )
    assert_refused(post(client, device, b"{}", "br"), 400, "bad_compression")
    bomb = zstandard.ZstdCompressor(level=19).compress(b" " * (settings.max_decompressed_bytes + 1))
    assert len(bomb) < 100_000
    assert_refused(post(client, device, bomb, "zstd"), 413, "too_large")
    too_many = {"protocol": 1, "device_id": device.device_id, "batch_id": "b",
                "changes": [{}] * (MAX_CHANGES_PER_BATCH + 1)}  # fmt: skip
    assert_refused(post(client, device, json.dumps(too_many).encode()), 413, "batch_too_large")
    no_protocol = {"device_id": device.device_id, "batch_id": "b", "changes": []}
    assert_refused(post(client, device, json.dumps(no_protocol).encode()), 422, "invalid_message")
    assert_refused(client.get(PULL, params={"cursor": "x"}, headers={**device.headers, PROTOCOL_HEADER: "1"}),
                   422, "invalid_message")  # fmt: skip
    assert_refused(client.get(PULL, headers=device.headers), 422, "invalid_message")  # no protocol header
    assert_refused(client.post("/api/v1/enroll", content=b"{"), 400, "malformed_json")
    assert_refused(client.post("/api/v1/enroll", json={"protocol": 1, "code": "x"}), 422, "invalid_message")


def test_the_strict_reading_and_the_lenient_one_agree(client, enroll):
    # A push body is read straight into the model (strict) and, when that refuses it, the lenient way:
    # a good batch gives the same model and change hashes both ways, and a body only the lenient reading
    # takes (a protocol as text, a number as text) or refuses with its own reason answers as it always did.
    from server.api.body import parse_json_object, parse_strict, to_message
    from sync.protocol import PushBatch

    device = enroll()
    body = json.loads(good_body(device))
    body["changes"][0]["fields"]["x/odd"] = [0.1 + 0.2, 2**70, -0.0, 5e-324, "e\u0301", None, {"k": [True]}]
    body["changes"][0]["clocks"]["x/odd"] = next(iter(body["changes"][0]["clocks"].values()))
    raw = json.dumps(body).encode()
    strict, lenient = parse_strict(PushBatch, raw), to_message(PushBatch, parse_json_object(raw))
    assert strict == lenient and strict.changes[0].digest() == lenient.changes[0].digest()
    for protocol in ("1", 1.0, True, None):
        assert parse_strict(PushBatch, json.dumps({**body, "protocol": protocol}).encode()) is None
    assert post(client, device, json.dumps({**body, "protocol": "1"}).encode()).status_code == 200
    coerced = json.loads(good_body(device))
    coerced["changes"][0]["form_version"] = str(coerced["changes"][0]["form_version"])
    assert post(client, device, json.dumps(coerced).encode()).json()["results"][0]["status"] == "applied"
    for protocol, code in ((True, "invalid_message"), (1.0, "invalid_message"), (0, "protocol_too_old")):
        answer = post(client, device, json.dumps({**body, "protocol": protocol}).encode())
        assert_refused(answer, 426 if code == "protocol_too_old" else 422, code)
    nan = raw.replace(b'"x/odd": [', b'"x/odd": [NaN, ', 1)
    assert_refused(post(client, device, nan), 422, "invalid_message")


def test_a_body_over_the_size_limit_is_413(client, enroll, settings):
    device = enroll()
    body = b"{" + b" " * settings.max_body_bytes + b"}"
    assert_refused(post(client, device, body), 413, "too_large")


def test_an_app_too_old_is_told_to_update(client, enroll, monkeypatch):
    import server.api.body as body_module

    device = enroll()
    monkeypatch.setattr(body_module, "MIN_PROTOCOL_VERSION", 2)
    monkeypatch.setattr(body_module, "PROTOCOL_VERSION", 2)
    response = post(client, device, good_body(device))
    assert_refused(response, 426, "protocol_too_old")
    assert "perbarui" in response.json()["id"].lower() and "update" in response.json()["en"].lower()
    pulled = client.get(PULL, headers={**device.headers, PROTOCOL_HEADER: "1"})
    assert_refused(pulled, 426, "protocol_too_old")
    monkeypatch.undo()
    assert_refused(
        client.get(PULL, headers={**device.headers, PROTOCOL_HEADER: "9"}), 400, "protocol_too_new"
    )


_DEVICES: dict = {}


def _bodies():
    valid = st.builds(lambda n: json.dumps({"protocol": 1, "device_id": "x", "batch_id": "b", "changes": [
        {"change_id": f"c{i}", "kind": "household", "record_id": f"r{i}", "fields": {"a": i}, "clocks": {"a": "bad"}}
        for i in range(n)]}).encode(), st.integers(0, 5))  # fmt: skip
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    ).map(lambda v: json.dumps(v).encode())
    raw = st.binary(max_size=300)
    base = st.one_of(valid, json_values, raw)
    return st.tuples(base, st.sampled_from(["identity", "zstd", "gzip", "zstd-truncated", "gzip-truncated", "bomb"]),
                     st.integers(0, 64))  # fmt: skip


@pytest.mark.slow
@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_bodies())
def test_fuzzed_bodies_never_get_a_500(client, enroll, settings, case):
    # Hypothesis runs every example on the same fixtures: enroll one device per database, not per example.
    device = _DEVICES.get(settings.database_url)
    if device is None:
        device = _DEVICES[settings.database_url] = enroll()
    body, how, cut = case
    body = body.replace(b'"x"', json.dumps(device.device_id).encode(), 1)
    encoding = how.split("-")[0]
    if how.startswith("zstd"):
        body = zstandard.ZstdCompressor().compress(body)
    elif how.startswith("gzip"):
        body = gzip.compress(body)
    elif how == "bomb":
        body, encoding = zstandard.ZstdCompressor(level=3).compress(b"[" * (70 * 1024 * 1024)), "zstd"
    if how.endswith("truncated"):
        body = body[: max(0, len(body) - 1 - cut)]
    response = post(client, device, body, None if encoding == "identity" else encoding)
    assert response.status_code < 500, response.text
    assert response.status_code == 200 or set(response.json()) == {"code", "id", "en"}


def test_the_push_answer_is_documented_and_matches_its_schema(client, enroll):
    # The route returns JSON it serialised itself; the OpenAPI schema must still name PushResponse, and
    # the answer must read back as one.
    from sync.protocol import PushResponse

    documented = client.get("/api/v1/openapi.json").json()["paths"][PUSH]["post"]["responses"]["200"]
    assert documented["content"]["application/json"]["schema"]["$ref"].endswith("/PushResponse")
    device = enroll()
    answer = post(client, device, good_body(device))
    assert answer.headers["content-type"] == "application/json"
    parsed = PushResponse.model_validate_json(answer.content)
    assert parsed.results[0].status == "applied" and parsed.results[0].rev is not None
