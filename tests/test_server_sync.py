"""Push and pull against SQLite and PostgreSQL: idempotency, change_id reuse, per-change rejections,
the merged-record review flag, conflicts, clamped stamps, complaint events, pull pages and scope."""

from __future__ import annotations

import random
from datetime import date

import pytest

from forms.samples import make_complaint, make_household
from support.server_db import pull_all, push
from sync.hlc import DAY_MS, Stamp
from sync.protocol import PROTOCOL_HEADER, PullPage

DESA = "62.03.01.2011"
PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"


def household(seed: int, desa: str = DESA) -> dict:
    return make_household(random.Random(seed), desa, date(2026, 11, 1), serial=seed)


def test_push_then_pull_round_trip(client, enroll):
    device = enroll()
    answers = household(1)
    change = device.create(answers)
    result = push(client, device, [change]).results[0]
    assert result.status == "applied" and result.rev >= 1
    records, cursor = pull_all(client, device)
    pulled = records[change.record_id]
    assert pulled.answers == answers and pulled.rev == result.rev and pulled.area == DESA
    assert pulled.clocks == change.clocks and pulled.origin_device == device.device_id
    assert cursor >= result.rev
    assert pull_all(client, device, cursor)[0] == {}  # nothing new after the cursor


def test_same_batch_twice_writes_once_and_answers_the_same(client, enroll):
    device = enroll()
    changes = [device.create(household(i)) for i in range(3)]
    first = push(client, device, changes, batch_id="b-1")
    again = push(client, device, changes, batch_id="b-1")
    assert [r.status for r in first.results] == ["applied"] * 3
    assert [r.status for r in again.results] == ["duplicate"] * 3
    assert [r.rev for r in again.results] == [r.rev for r in first.results]
    stats = client.get("/api/v1/health").json()
    assert stats["revision"] == max(r.rev for r in first.results)  # no revision taken by the retry


def test_change_id_reused_with_another_body_is_refused(client, enroll):
    device = enroll()
    original = device.create(household(2), change_id="c-restored")
    push(client, device, [original])
    other = device.create(household(3), change_id="c-restored")  # a store restored from an old backup
    result = push(client, device, [other]).results[0]
    assert result.status == "rejected" and result.rejections[0].code == "change_id_reused"
    records, _ = pull_all(client, device)
    assert other.record_id not in records and original.record_id in records


def test_one_invalid_change_never_blocks_the_rest_of_its_batch(client, enroll):
    device = enroll()
    bad_answers = household(4)
    member = next(iter(bad_answers["anggota"]))
    bad_answers["anggota"][member]["nik"] = "123"
    good1, bad, good2 = device.create(household(5)), device.create(bad_answers), device.create(household(6))
    unknown = device.create(household(7), form_version=99)
    results = push(client, device, [good1, bad, good2, unknown]).results
    assert [r.status for r in results] == ["applied", "rejected", "applied", "rejected"]
    assert results[1].rejections[0].code == "invalid_answer"
    assert results[1].rejections[0].path == f"anggota/{member}/nik"
    assert results[1].rejections[0].id and results[1].rejections[0].en
    assert results[3].rejections[0].code == "unknown_form_version"
    records, _ = pull_all(client, device)
    assert set(records) == {good1.record_id, good2.record_id}


def test_rejected_change_is_judged_again_when_resent_corrected(client, enroll):
    device = enroll()
    answers = household(8)
    answers["no_kk"] = "12"
    bad = device.create(answers, change_id="c-fix")
    assert push(client, device, [bad]).results[0].status == "rejected"
    answers["no_kk"] = household(8)["no_kk"]
    fixed = device.create(answers, record_id=bad.record_id, change_id="c-fix2")
    assert push(client, device, [fixed]).results[0].status == "applied"


def _member(answers: dict) -> str:
    return next(m for m, v in answers["anggota"].items() if v.get("nik_status") == "ada")


def test_two_valid_edits_breaking_a_rule_together_are_kept_and_flagged(client, enroll):
    a, b = enroll(), enroll()
    answers = household(9)
    member = _member(answers)
    created = a.create(answers)
    rev = push(client, a, [created]).results[0].rev
    m = answers["anggota"][member]
    female = m["jenis_kelamin"] == "P"
    day = int(m["nik"][6:8])
    # Device A corrects the sex and the NIK together (valid), device B only retypes the NIK's serial (valid
    # with the old sex). Merged: A's sex with B's later NIK — which no longer agree.
    new_sex = "L" if female else "P"
    a_nik = m["nik"][:6] + f"{(day - 40 if female else day + 40):02d}" + m["nik"][8:]
    b_nik = m["nik"][:12] + f"{(int(m['nik'][12:]) % 9000) + 1:04d}"
    edit_a = a.change(created.record_id, {f"anggota/{member}/jenis_kelamin": new_sex, f"anggota/{member}/nik": a_nik},
                      base_rev=rev)  # fmt: skip
    b.clock.receive(a.clock.last)  # B's edit is the later one (its clock has seen A's stamps)
    edit_b = b.change(created.record_id, {f"anggota/{member}/nik": b_nik}, base_rev=rev)
    assert push(client, a, [edit_a]).results[0].status == "applied"
    result_b = push(client, b, [edit_b]).results[0]
    assert result_b.status == "conflict" and result_b.conflicts == [f"anggota/{member}/nik"]
    records, _ = pull_all(client, a)
    pulled = records[created.record_id]
    assert pulled.answers["anggota"][member]["jenis_kelamin"] == new_sex  # A's edit kept
    assert pulled.answers["anggota"][member]["nik"] == b_nik  # B's later edit kept
    assert [f.code for f in pulled.review_flags] == ["merged_invalid"]
    assert f"anggota/{member}/nik" in pulled.review_flags[0].paths


def test_a_strict_edit_that_breaks_a_rule_alone_is_rejected(client, enroll):
    device = enroll()
    answers = household(10)
    member = _member(answers)
    created = device.create(answers)
    rev = push(client, device, [created]).results[0].rev
    sex = answers["anggota"][member]["jenis_kelamin"]
    edit = device.change(created.record_id, {f"anggota/{member}/jenis_kelamin": "L" if sex == "P" else "P"},
                         base_rev=rev)  # fmt: skip
    result = push(client, device, [edit]).results[0]
    assert result.status == "rejected" and result.rejections[0].code == "invalid_answer"


def test_concurrent_edit_of_one_field_logs_the_loser_and_different_fields_merge(client, enroll):
    a, b = enroll(), enroll()
    created = a.create(household(11))
    rev = push(client, a, [created]).results[0].rev
    first = push(client, a, [a.change(created.record_id, {"catatan": "dari A", "perumahan/atap": "seng"},
                                      base_rev=rev)]).results[0]  # fmt: skip
    b.clock.receive(a.clock.last)
    second = push(client, b, [b.change(created.record_id, {"catatan": "dari B", "perumahan/lantai": "kayu"},
                                       base_rev=rev)]).results[0]  # fmt: skip
    assert first.status == "applied" and second.status == "conflict" and second.conflicts == ["catatan"]
    pulled = pull_all(client, a)[0][created.record_id].answers
    assert pulled["catatan"] == "dari B" and pulled["perumahan"]["atap"] == "seng"
    assert pulled["perumahan"]["lantai"] == "kayu"
    # B edits again having seen the latest revision: not a conflict any more
    third = push(client, b, [b.change(created.record_id, {"catatan": "lagi"}, base_rev=second.rev)]).results[
        0
    ]
    assert third.status == "applied"


def test_far_future_stamp_is_clamped_and_the_device_told(client, enroll):
    device = enroll()
    change = device.create(household(12))
    future = Stamp(
        Stamp.parse(next(iter(change.clocks.values()))).wall_ms + 400 * DAY_MS, 0, device.device_id
    )
    change.clocks = {path: str(future) for path in change.clocks}
    result = push(client, device, [change]).results[0]
    assert result.status == "applied" and result.clamped
    pulled = pull_all(client, device)[0][change.record_id]
    assert all(Stamp.parse(s).wall_ms < future.wall_ms for s in pulled.clocks.values())


def test_server_owned_field_is_refused(client, enroll):
    device = enroll()
    answers = make_complaint(random.Random(1), DESA)
    answers["rujukan_layanan"] = "pkh"
    result = push(client, device, [device.create(answers, kind="complaint", form_id="pengaduan")]).results[0]
    assert result.status == "rejected"
    assert [(r.code, r.path) for r in result.rejections] == [("server_owned_field", "rujukan_layanan")]


def test_complaint_and_its_received_event_reach_the_area_by_pull(client, enroll):
    device, neighbour = enroll(), enroll()
    complaint = device.create(make_complaint(random.Random(2), DESA), kind="complaint", form_id="pengaduan")
    event = device.change("ev-1", {"complaint_id": complaint.record_id, "step": "diterima",
                                   "at": "2026-11-23T04:00:00Z", "note": "diterima di Puskesos"},
                          kind="complaint_event", form_id="", form_version=0)  # fmt: skip
    later = device.change("ev-2", {"complaint_id": complaint.record_id, "step": "selesai", "at": "2026-11-24T04:00:00Z"},
                          kind="complaint_event", form_id="", form_version=0)  # fmt: skip
    results = push(client, device, [complaint, event, later]).results
    assert [r.status for r in results] == ["applied", "applied", "rejected"]
    assert results[2].rejections[0].code == "server_owned_field"
    page = PullPage.model_validate(client.get(PULL, params={"cursor": 0},
                                              headers={**neighbour.headers, PROTOCOL_HEADER: "1"}).json())  # fmt: skip
    assert [e.event_id for e in page.events] == ["ev-1"] and page.events[0].step == "diterima"
    assert [r.record_id for r in page.records] == [complaint.record_id]


def test_pull_pages_cover_everything_in_order(client, enroll):
    device = enroll()
    changes = [device.create(household(100 + i)) for i in range(23)]
    push(client, device, changes)
    seen, cursor, pages = [], 0, 0
    while True:
        page = PullPage.model_validate(client.get(PULL, params={"cursor": cursor, "limit": 5},
                                                  headers={**device.headers, PROTOCOL_HEADER: "1"}).json())  # fmt: skip
        seen += [r.rev for r in page.records]
        pages += 1
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert sorted(seen) == seen and len(seen) == len(set(seen)) == 23 and pages == 5


def test_deletion_is_a_tombstone_that_travels(client, enroll):
    device = enroll()
    created = device.create(household(13))
    rev = push(client, device, [created]).results[0].rev
    gone = device.change(created.record_id, {"_deleted": True}, base_rev=rev, deleted=True)
    assert push(client, device, [gone]).results[0].status == "applied"
    pulled = pull_all(client, device)[0][created.record_id]
    assert pulled.deleted


@pytest.mark.parametrize("area", [DESA])
def test_revisions_follow_commit_order_within_a_batch(client, enroll, area):
    device = enroll(area)
    results = push(client, device, [device.create(household(200 + i)) for i in range(5)]).results
    revs = [r.rev for r in results]
    assert revs == sorted(revs) and len(set(revs)) == 5
