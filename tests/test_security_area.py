"""Issue 26, on SQLite and PostgreSQL: a device must not read, take or block what belongs to another area.

Receipt numbers are the making device's own (and a clash never costs the owner its number), photos go only to
devices of the area that uploaded them, an upload belongs to the device that started it, and the public status
page needs the receipt's status code as well as its number."""

from __future__ import annotations

import hashlib
import random

from fastapi.testclient import TestClient

from forms.samples import make_complaint, make_household
from support.console_web import console_login
from support.server_db import SimDevice, enroll_request, new_code
from sync.protocol import PROTOCOL_HEADER, PullPage
from sync.reference import make_reference, status_code

DESA_A, DESA_B, KECAMATAN = "62.03.01.2011", "62.03.01.1006", "62.03.01"
PUSH = "/api/v1/sync/push"


def complaint(client, device, desa, reference, seed=1):
    change = device.create(make_complaint(random.Random(seed), desa), kind="complaint", form_id="pengaduan")
    change = change.model_copy(update={"reference": reference})
    result = client.post(PUSH, json=device.batch([change]), headers=device.headers).json()["results"][0]
    return change.record_id, result


def status_page(client, reference, code):
    return client.get("/status", params={"ref": reference, "code": code})


def enroll_numbered(client, settings, area):
    """(device, its device number) through the real POST /api/v1/enroll."""
    body, keys = enroll_request(new_code(settings, area))
    data = client.post("/api/v1/enroll", json=body).json()
    return SimDevice(data["device_id"], data["token"], data["area"], keys), data["device_number"]


# --- 1. receipt numbers ------------------------------------------------------------------------------------


def test_a_device_cannot_take_another_desas_next_receipt_number(client, enroll):
    owner, squatter = enroll(DESA_A), enroll(DESA_B)  # each is device number 1 of its desa
    taken = make_reference(DESA_A, 1, 2)
    squatted_id, squatted = complaint(client, squatter, DESA_B, taken, seed=1)
    assert squatted["status"] == "rejected"
    assert squatted["rejections"][0]["path"] == "reference"
    assert "not this device's own" in squatted["rejections"][0]["en"]
    # Neither another desa's digits nor another device number of its own desa are accepted.
    assert (
        complaint(client, squatter, DESA_B, make_reference(DESA_B, 2, 1), seed=2)[1]["status"] == "rejected"
    )
    assert complaint(client, squatter, DESA_B, make_reference(DESA_B, 1, 1), seed=3)[1]["status"] == "applied"

    # The rightful owner's complaint takes its number, and the citizen's receipt shows that complaint.
    record_id, result = complaint(client, owner, DESA_A, taken, seed=4)
    assert result["status"] == "applied", result
    page = status_page(client, taken, status_code(record_id))
    assert page.status_code == 200 and "diterima" in page.text
    assert status_page(client, taken, status_code(squatted_id)).status_code == 404


def test_a_kecamatan_device_never_shares_a_number_with_a_desa_device_below_it(client, settings):
    desa_device, desa_number = enroll_numbered(client, settings, DESA_A)
    kecamatan_device, kecamatan_number = enroll_numbered(client, settings, KECAMATAN)
    other_desa_device, other_number = enroll_numbered(client, settings, DESA_B)
    assert desa_number == 1
    assert kecamatan_number != desa_number  # else both could write 6203012011-01-… for the same desa
    assert other_number not in (kecamatan_number,)
    # The kecamatan device writes a complaint of a desa inside it under that desa's digits and its number.
    own = make_reference(DESA_A, kecamatan_number, 1)
    assert complaint(client, kecamatan_device, DESA_A, own)[1]["status"] == "applied"
    # ...and cannot use the desa device's number for it.
    clash = make_reference(DESA_A, desa_number, 1)
    assert complaint(client, kecamatan_device, DESA_A, clash, seed=2)[1]["status"] == "rejected"
    assert complaint(client, desa_device, DESA_A, clash, seed=3)[1]["status"] == "applied"


# --- 9. the public status page ------------------------------------------------------------------------------


def test_the_status_page_needs_the_receipts_code_not_just_the_number(client, settings, enroll):
    device = enroll(DESA_A)
    reference = make_reference(DESA_A, 1, 1)
    record_id, result = complaint(client, device, DESA_A, reference)
    assert result["status"] == "applied"
    code = status_code(record_id)
    assert len(code) == 6 and code.isdigit()
    assert client.get("/status", params={"ref": reference}).status_code == 404  # the number alone: nothing
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    refused = status_page(client, reference, wrong)
    assert refused.status_code == 404 and "tidak cocok" in refused.text
    unknown = status_page(client, make_reference(DESA_A, 1, 9), code)
    assert unknown.text.count("tidak cocok") == refused.text.count("tidak cocok")  # no hint which exists
    shown = status_page(client, reference, f"{code[:3]} {code[3:]}")  # as copied from the paper
    assert shown.status_code == 200 and "diterima" in shown.text
    assert 'name="code"' in shown.text

    # Wrong codes lock the number whatever the address: a guesser with many addresses gets 10 tries (two
    # were spent above: no code, a wrong code).
    for i in range(8):
        visitor = TestClient(client.app, client=(f"10.0.0.{i + 1}", 4000))
        assert status_page(visitor, reference, wrong).status_code == 404
    locked = status_page(TestClient(client.app, client=("10.0.1.1", 4000)), reference, code)
    assert locked.status_code == 429

    # The district can read the code out to a citizen whose receipt was printed without it.
    staff = console_login(client, settings, "admin", "admin").get(f"/console/complaints/{record_id}")
    assert f'<dd id="status-code">{code}</dd>' in staff.text


# --- 2. photos by hash --------------------------------------------------------------------------------------


def upload(client, device, data):
    sha = hashlib.sha256(data).hexdigest()
    return client.put(f"/api/v1/attachments/{sha}", params={"offset": 0, "size": len(data)}, content=data,
                      headers=device.headers)  # fmt: skip


def household_naming(client, device, desa, sha, seed=1):
    change = device.create({**make_household(random.Random(seed), desa, _date()), "foto_rumah": sha})
    result = client.post(PUSH, json=device.batch([change]), headers=device.headers).json()["results"][0]
    assert result["status"] == "applied", result
    return change.record_id


def _date():
    from datetime import date

    return date(2026, 11, 1)


def test_a_photo_of_another_desa_is_not_readable_by_naming_its_hash(client, enroll):
    owner, colleague, outsider = enroll(DESA_A), enroll(DESA_A), enroll(DESA_B)
    photo = b"\x89PNG rumah di desa A " + bytes(range(256)) * 4
    sha = hashlib.sha256(photo).hexdigest()
    assert upload(client, owner, photo).json()["complete"]
    owners_record = household_naming(client, owner, DESA_A, sha)

    # A colleague of the same desa reads it for the owner's record (the laptop's "colleague's photo").
    fetched = client.get(f"/api/v1/attachments/{sha}/content", params={"record": owners_record},
                         headers=colleague.headers)  # fmt: skip
    assert fetched.status_code == 200 and fetched.content == photo

    # Another desa's device names the hash in its own record and asks: nothing, as for a missing file.
    own_record = household_naming(client, outsider, DESA_B, sha, seed=2)
    stolen = client.get(f"/api/v1/attachments/{sha}/content", params={"record": own_record},
                        headers=outsider.headers)  # fmt: skip
    missing = hashlib.sha256(b"never uploaded").hexdigest()
    never = client.get(f"/api/v1/attachments/{missing}/content", params={"record": own_record},
                       headers=outsider.headers)  # fmt: skip
    assert stolen.status_code == 404 and stolen.json() == never.json()
    # Nor does asking for the file's status tell it exists.
    assert client.get(f"/api/v1/attachments/{sha}", headers=outsider.headers).status_code == 404
    assert client.get(f"/api/v1/attachments/{sha}", headers=colleague.headers).json()["complete"]
    # A PUT claiming the size does not make it "complete at once" either: the outsider must send the bytes.
    claimed = client.put(f"/api/v1/attachments/{sha}", params={"offset": 0, "size": len(photo)},
                         content=photo[:10], headers=outsider.headers)  # fmt: skip
    assert claimed.json() == {"sha256": sha, "size": len(photo), "received": 10, "complete": False}


def test_a_kecamatan_devices_photo_reaches_the_desa_of_its_record(client, settings, enroll):
    kecamatan_device, _ = enroll_numbered(client, settings, KECAMATAN)
    desa_device, outsider = enroll(DESA_A), enroll(DESA_B)
    photo = b"foto dari laptop kecamatan " + bytes(range(200))
    sha = hashlib.sha256(photo).hexdigest()
    assert upload(client, kecamatan_device, photo).json()["complete"]
    record = household_naming(client, kecamatan_device, DESA_A, sha)
    got = client.get(
        f"/api/v1/attachments/{sha}/content", params={"record": record}, headers=desa_device.headers
    )
    assert got.status_code == 200 and got.content == photo
    own = household_naming(client, outsider, DESA_B, sha, seed=3)  # naming it in a desa-B record: nothing
    assert client.get(f"/api/v1/attachments/{sha}/content", params={"record": own},
                      headers=outsider.headers).status_code == 404  # fmt: skip


# --- 3. upload squatting ------------------------------------------------------------------------------------


def test_another_devices_garbage_never_blocks_the_rightful_upload(client, enroll):
    rightful, squatter = enroll(DESA_A), enroll(DESA_B)
    photo = bytes(random.Random(5).randbytes(50_000))
    sha = hashlib.sha256(photo).hexdigest()
    # The squatter starts the name with garbage of another size, then completes garbage of the right size.
    assert client.put(f"/api/v1/attachments/{sha}", params={"offset": 0, "size": 7}, content=b"garbage",
                      headers=squatter.headers).status_code == 200  # fmt: skip
    junk = b"x" * len(photo)
    wrong = client.put(f"/api/v1/attachments/{sha}", params={"offset": 0, "size": len(photo)}, content=junk,
                       headers=squatter.headers).json()  # fmt: skip
    assert (
        wrong["complete"] is False and wrong["received"] == 0
    )  # bytes that do not hash to the name: dropped

    half = len(photo) // 2
    first = client.put(f"/api/v1/attachments/{sha}", params={"offset": 0, "size": len(photo)},
                       content=photo[:half], headers=rightful.headers)  # fmt: skip
    assert first.status_code == 200, first.text
    assert first.json()["received"] == half
    # Another device's partial at the same offset neither moves nor spoils the rightful one.
    client.put(f"/api/v1/attachments/{sha}", params={"offset": 0, "size": len(photo)}, content=b"y" * half,
               headers=squatter.headers)  # fmt: skip
    assert client.get(f"/api/v1/attachments/{sha}", headers=rightful.headers).json()["received"] == half
    done = client.put(f"/api/v1/attachments/{sha}", params={"offset": half, "size": len(photo)},
                      content=photo[half:], headers=rightful.headers).json()  # fmt: skip
    assert done["complete"] is True
    record = household_naming(client, rightful, DESA_A, sha)
    got = client.get(
        f"/api/v1/attachments/{sha}/content", params={"record": record}, headers=rightful.headers
    )
    assert got.content == photo


def test_a_pull_never_carries_a_taken_number(client, enroll):
    """What devices of the squatter's area pull holds no other desa's receipt number."""
    enroll(DESA_A)
    squatter = enroll(DESA_B)
    complaint(client, squatter, DESA_B, make_reference(DESA_A, 1, 1))
    page = client.get("/api/v1/sync/pull", headers={**squatter.headers, PROTOCOL_HEADER: "1"})
    pulled = PullPage.model_validate(page.json())
    assert all(not r.reference.startswith("6203012011") for r in pulled.records)
