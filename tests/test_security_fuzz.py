"""Issue 26: a fuzz over every route of the API and every console page and form, on SQLite and PostgreSQL,
asserting that nothing answers 5xx. Operations, their path and query parameters and the console forms' fields
come from the app's own OpenAPI schema; the JSON bodies the API reads by hand (push, enroll, login) from their
pydantic models' JSON schemas. Hypothesis fills them with the values the probe used — non-ASCII text, NUL
characters, lone surrogates, integers of up to 5,000 digits, 2**63, arrays nested up to 900 deep — next to
plausible ones, and sends them with a real device token or a logged-in admin's session and CSRF token, so
the values reach the routes' logic rather than stopping at the door."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from server.api.routes.auth import LoginRequest
from support.console_web import console_login, csrf_of
from sync.protocol import PROTOCOL_HEADER, EnrollRequest, PushBatch

DESA = "62.03.01.2011"
BODY_MODELS = {"/api/v1/sync/push": PushBatch, "/api/v1/enroll": EnrollRequest, "/api/v1/login": LoginRequest}
EXAMPLES = int(os.environ.get("JARING_FUZZ_EXAMPLES", "60"))  # per database and surface: a few seconds each


@dataclass(frozen=True)
class Raw:
    """JSON text spliced in as it is (a 5,000-digit number, a 900-deep array): no encoder writes those."""

    text: str


def to_json(value: object) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    return json.dumps(value)  # ensure_ascii: a lone surrogate is written as its \\uXXXX escape


nasty_text = st.one_of(
    st.text(max_size=30),  # any code point, surrogates included
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfff", "²", "٣", "é", "＝1+1", " =1+1", "\u3000", "0" * 70,
                     "62.03.01.2011", "ppks_registration", "pengaduan", "household", "complaint", "diterima"]),
)  # fmt: skip
nasty_int = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2**31, 2**63, -(2**63) - 1]),
    st.integers(min_value=1, max_value=5000).map(lambda n: Raw("9" * n)),
)
deep = st.integers(min_value=1, max_value=900).map(lambda n: Raw("[" * n + "]" * n))
scalar = st.one_of(nasty_text, nasty_int, st.floats(allow_nan=False), st.booleans(), st.none(), deep)
nasty = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(nasty_text, inner, max_size=3)), max_leaves=8)  # fmt: skip


def from_schema(schema: dict, defs: dict, depth: int = 0) -> st.SearchStrategy:
    """Values that fit `schema` (a pydantic JSON schema) — or, one time in three, any nasty value instead."""
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, depth)
    if depth > 4:
        return nasty
    if "anyOf" in schema:
        fitting = st.one_of([from_schema(s, defs, depth + 1) for s in schema["anyOf"]])
    elif "enum" in schema:
        fitting = st.sampled_from(schema["enum"])
    elif schema.get("type") == "object" and "properties" in schema:
        fields = {name: from_schema(sub, defs, depth + 1) for name, sub in schema["properties"].items()}
        fitting = st.fixed_dictionaries({}, optional=fields)
    elif schema.get("type") == "object":
        fitting = st.dictionaries(nasty_text, nasty, max_size=4)
    elif schema.get("type") == "array":
        fitting = st.lists(from_schema(schema.get("items", {}), defs, depth + 1), max_size=3)
    elif schema.get("type") == "integer":
        fitting = nasty_int
    elif schema.get("type") == "string":
        fitting = nasty_text
    else:
        fitting = nasty
    return st.one_of(fitting, fitting, nasty)


def body_strategy(model) -> st.SearchStrategy:  # noqa: ANN001
    schema = model.model_json_schema()
    return from_schema(schema, schema.get("$defs", {})).map(to_json)


def operations(app, prefix: str) -> list[tuple[str, str, dict]]:  # noqa: ANN001
    spec = app.openapi()
    return [(method.upper(), path, op) for path, ops in spec["paths"].items() if path.startswith(prefix)
            for method, op in ops.items()]  # fmt: skip


def form_fields(app, op: dict) -> list[str]:  # noqa: ANN001
    content = op.get("requestBody", {}).get("content", {})
    for media in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if media in content:
            ref = content[media]["schema"]["$ref"].rsplit("/", 1)[-1]
            return list(app.openapi()["components"]["schemas"][ref]["properties"])
    return []


param_value = st.one_of(nasty_text, nasty_int.map(lambda v: v.text if isinstance(v, Raw) else str(v)))


def request_for(draw, app, op: tuple[str, str, dict]) -> dict:  # noqa: ANN001
    method, path, spec = op
    url = path
    query = {}
    for param in spec.get("parameters", []):
        value = draw(param_value)
        if param["in"] == "path":
            segment = quote(str(value).encode("utf-8", "surrogatepass"), safe="") or "x"  # NUL as %00
            url = url.replace("{" + param["name"] + "}", segment)
        elif draw(st.booleans()):
            query[param["name"]] = value
    return {"method": method, "url": url, "params": query}


def send(client, method: str, url: str, **kw):  # noqa: ANN003
    try:
        return client.request(method, url, **kw)
    except UnicodeEncodeError:
        pytest.skip("the test client cannot encode this value")  # never happens with the strategies below


def assert_no_5xx(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code} {response.text[:300]}"


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])  # fmt: skip
@given(data=st.data())
def test_no_api_route_answers_5xx(client, enroll, data):
    quiet = TestClient(client.app, raise_server_exceptions=False)
    device = _device(enroll)
    op = data.draw(st.sampled_from(operations(client.app, "/api/")))
    request = request_for(data.draw, client.app, op)
    headers = {**device.headers, "Content-Type": "application/json"}
    if data.draw(st.booleans()):
        headers[PROTOCOL_HEADER] = data.draw(st.sampled_from(["1", "²", "9" * 5000, "", "-1", "0x1"]))
    body = b""
    if request["method"] in ("POST", "PUT"):
        model = BODY_MODELS.get(request["url"])
        text = data.draw(body_strategy(model)) if model else data.draw(nasty.map(to_json))
        body = text.encode("utf-8", "surrogatepass")
    answer = send(quiet, request["method"], request["url"], params=_ascii_params(request["params"]),
                  content=body, headers={k: v.encode("utf-8") for k, v in headers.items()})  # fmt: skip
    assert_no_5xx(answer, f"{request['method']} {request['url']}")


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])  # fmt: skip
@given(data=st.data())
def test_no_console_page_or_form_answers_5xx(client, settings, data):
    user, csrf = _console_user(client, settings)
    op = data.draw(st.sampled_from(operations(client.app, "/console/") + operations(client.app, "/status")))
    request = request_for(data.draw, client.app, op)
    kw: dict = {"params": _ascii_params(request["params"])}
    if request["method"] == "POST":
        fields = {name: data.draw(param_value) for name in form_fields(client.app, op[2])}
        if "csrf" in fields and data.draw(st.booleans()):
            fields["csrf"] = csrf  # past the CSRF check, into the route's own logic
        kw["data"] = {k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()}
        if op[1] in ("/console/forms/publish", "/console/lists/import"):
            kw["files"] = {"definition" if "publish" in op[1] else "sheet":
                           ("x.json", data.draw(nasty.map(to_json)).encode("utf-8", "surrogatepass"))}  # fmt: skip
    answer = send(user, request["method"], request["url"], **kw)
    assert_no_5xx(answer, f"{request['method']} {request['url']}")


def _ascii_params(params: dict) -> list[tuple[str, bytes]]:
    """Query values as UTF-8 bytes (surrogates kept as their own bytes: the client then percent-encodes them)."""
    return [(k, str(v).encode("utf-8", "surrogatepass")) for k, v in params.items()]


_devices: dict[int, object] = {}
_users: dict[int, tuple[TestClient, str]] = {}


def _device(enroll_fixture):  # noqa: ANN001, ANN202 - one enrolled device per test (as long as the fixture)
    key = id(enroll_fixture)
    if key not in _devices:
        _devices.clear()
        _devices[key] = enroll_fixture(DESA)
    return _devices[key]


def _console_user(client, settings) -> tuple[TestClient, str]:
    key = id(client)
    if key not in _users:
        _users.clear()
        user = console_login(client, settings, "admin", "admin")
        quiet = TestClient(user.app, cookies=user.cookies, raise_server_exceptions=False)
        _users[key] = (quiet, csrf_of(quiet.get("/console/").text))
    return _users[key]
