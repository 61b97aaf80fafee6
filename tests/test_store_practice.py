"""Practice data never leaves the laptop, decided at the source: a record made in practice mode stays a
practice record after enrollment, so neither its later edits, its deletion nor its photo ever enter what
sync or a USB bundle sends (the outbox and the attachment selection), while real records' do."""

from __future__ import annotations

import random

from app.services import records
from support.live_server import DESA, household
from support.store import new_store
from sync.protocol import EnrollAnswer


def photo(seed: int) -> bytes:
    return b"\x89PNG practice " + random.Random(seed).randbytes(2000)


def enroll(store) -> None:
    store.apply_enrollment(EnrollAnswer(device_id="dev-real-1", device_number=3, token="t", area=DESA,
                                        server_sign_key="", server_box_key=""))  # fmt: skip


def sent_record_ids(store) -> set[str]:
    return {p.change.record_id for p in store.pending_changes(0, 10_000)}


def test_practice_records_edits_deletions_and_photos_stay_after_enrollment(tmp_path):
    store, _ = new_store(tmp_path / "d", enrolled=False, area=DESA)
    training_photo = store.add_attachment(photo(1), "image/png")
    shared_photo = store.add_attachment(photo(2), "image/png")
    kept = records.save_household(store, {**household(1), "foto_rumah": training_photo})
    dropped = records.save_household(store, {**household(2), "foto_rumah": shared_photo})
    assert store.outbox_counts()["pending"] == 0  # practice mode: nothing queued
    enroll(store)
    assert not store.practice and store.get_record(kept.record_id).practice

    # Edited and deleted after enrollment: still practice, still nothing queued, its photo never selected.
    answers = {**household(1), "foto_rumah": training_photo}
    answers["alamat"] = {**answers["alamat"], "jalan": "Jl. Latihan No. 1"}
    edited = records.save_household(store, answers, record_id=kept.record_id)
    assert not edited.changes.outbox
    records.delete_record(store, dropped.record_id)
    assert store.outbox_counts()["pending"] == 0
    assert store.attachments.unsent() == {}
    store.record_results([])  # nothing acknowledged could make a practice photo "pending upload" either
    assert store.pending_attachments(50) == []

    # A real record after enrollment goes, with its photo — also one a practice record held before.
    real = records.save_household(store, {**household(3), "foto_rumah": shared_photo})
    assert sent_record_ids(store) == {real.record_id}
    assert set(store.attachments.unsent()) == {shared_photo}
    assert not store.get_record(real.record_id).practice
    store.close()
