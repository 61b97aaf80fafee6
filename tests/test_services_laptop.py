"""The laptop's view of what was done for each person (issue #31), offline and with a fixed "today": a
person's one timeline (registration, changes, a complaint naming them, services, visits, a linked record), who
is due and overdue for a visit, who has had no service for N months, and coverage counted once per person."""

from __future__ import annotations

import random
from datetime import date

import pytest

from app.services import care, records
from forms.care import months_before
from forms.samples import make_complaint
from support.care import make_household, member_of, service, visit
from support.store import DESA, new_store

TODAY = date(2026, 12, 8)


def link(store, a: tuple[str, str], b: tuple[str, str]) -> None:
    """A confirmed duplicate link as a pull brings it (the laptop never makes one)."""
    with store.db.transaction() as conn:
        conn.execute("INSERT INTO person_link(id, record_id, member_id, other_record_id, other_member_id, by, at, "
                     "rev) VALUES (?, ?, ?, ?, ?, 'admin', '2026-12-01T00:00:00Z', 1)", ("l1", *a, *b))  # fmt: skip


@pytest.fixture
def village(tmp_path):
    store, _ = new_store(tmp_path, area=DESA)
    people = {}
    for serial in range(3):
        household = make_household(random.Random(serial), DESA, date(2026, 11, 1), serial=serial)
        for member in household["anggota"].values():
            member["ppks"] = []
        mid, member = member_of(household)
        member["ppks"] = ["lansia_terlantar"] if serial < 2 else ["penyandang_disabilitas", "fakir_miskin"]
        member["lansia_tinggal_sendiri"] = True
        hid = records.save_household(store, household).record_id
        people[serial] = (hid, mid)
    yield store, people
    store.close()


def test_the_visit_schedule_on_a_fixed_day(village):
    store, people = village
    (h0, m0), (h1, m1), (h2, m2) = people[0], people[1], people[2]
    care.save_visit(store, visit(h0, m0, DESA, "2026-10-01", next_day="2026-11-01"))  # superseded below
    care.save_visit(store, visit(h0, m0, DESA, "2026-11-20", next_day="2026-12-01"))  # 7 days late
    care.save_visit(store, visit(h1, m1, DESA, "2026-11-25", next_day="2026-12-10"))  # due in 2 days
    care.save_visit(store, visit(h2, m2, DESA, "2026-11-25", next_day="2027-01-10"))  # not yet due
    schedule = care.visit_schedule(store, TODAY)
    assert [(d.person, d.next_visit, d.days_late, d.overdue) for d in schedule] == [
        ((h0, m0), "2026-12-01", 7, True), ((h1, m1), "2026-12-10", -2, False)]  # fmt: skip
    later = care.visit_schedule(store, date(2027, 1, 5))
    assert [d.person for d in later] == [(h0, m0), (h1, m1), (h2, m2)]


def test_unserved_counts_months_from_today_and_the_setting(village):
    store, people = village
    (h0, m0), (h1, m1), (h2, m2) = people[0], people[1], people[2]
    care.save_service(store, service(h0, m0, DESA, "aslut", "2026-11-15"))
    care.save_service(store, service(h1, m1, DESA, "aslut", "2026-05-01"))  # 7 months before TODAY
    assert months_before(TODAY, 6) == date(2026, 6, 8)
    assert {u.person for u in care.unserved(store, TODAY)} == {(h1, m1), (h2, m2)}
    care.set_unserved_months(store, 8)
    assert care.unserved_months(store) == 8
    assert {u.person for u in care.unserved(store, TODAY)} == {(h2, m2)}
    [never] = care.unserved(store, TODAY)
    assert never.last_service == "" and never.ppks == ("penyandang_disabilitas", "fakir_miskin")


def test_one_timeline_and_one_count_for_two_records_linked_as_one_person(village):
    store, people = village
    (h0, m0), (h1, m1) = people[0], people[1]
    care.save_service(store, service(h0, m0, DESA, "aslut", "2026-11-15"))
    care.save_service(store, service(h1, m1, DESA, "pbi_jk", "2026-11-16"))
    care.save_visit(store, visit(h1, m1, DESA, "2026-11-20", next_day="2026-12-20"))
    nik = store.get_record(h0).answers["anggota"][m0].get("nik")
    complaint = make_complaint(random.Random(4), DESA, date(2026, 11, 1))
    complaint["subjek_nik"] = nik
    if nik:
        records.save_complaint(store, complaint)
    before = care.coverage(store, "2026-11-01", "2026-11-30")
    assert (before.ppks_total, before.ppks_served, before.by_category["lansia_terlantar"]) == (3, 2, (2, 2))

    link(store, (h0, m0), (h1, m1))
    person, events = care.timeline(store, h0, m0)
    assert person["name"]
    kinds = [e.kind for e in events]
    assert kinds.count("service") == 2 and kinds.count("visit") == 1 and kinds.count("link") == 1
    assert kinds.count("registration") == 2  # each record's registration
    assert kinds.count("complaint") == (1 if nik else 0)
    assert [e.what for e in events if e.kind == "service"] == ["pbi_jk", "aslut"]  # newest first
    _, other = care.timeline(store, h1, m1)
    assert sorted(e.record_id for e in other if e.kind in ("service", "visit")) == sorted(
        e.record_id for e in events if e.kind in ("service", "visit"))  # fmt: skip

    after = care.coverage(store, "2026-11-01", "2026-11-30")
    assert (after.ppks_total, after.ppks_served) == (2, 1)  # the linked pair is one person
    assert after.by_category["lansia_terlantar"] == (1, 1)
    assert after.by_service == {"aslut": 1, "pbi_jk": 1}
    spm = {s["code"]: (needed, served) for s, needed, served in after.spm}
    assert spm["lansia"] == (1, 1) and spm["disabilitas"] == (1, 0) and spm["anak"] == (0, 0)
    assert {u.person for u in care.unserved(store, TODAY)} == {people[2]}
