"""Attachments end to end against a real district server on loopback: a photo chosen for a record is kept in
the encrypted store, reaches the server byte-identical after its record, resumes through dropped chunks and
arrives once, is not sent again when the server already has it, and travels in a USB bundle."""

from __future__ import annotations

import hashlib

import pytest

from app.services import attachments, bundles, records
from app.services.sync import enroll_online, sync_once
from app.store.errors import AttachmentRefused
from app.store.store import Store, data_files
from forms.problems import UserError
from server.core.config import Settings
from server.core.db import get_engine, session_scope
from server.core.migrate import migrate
from server.crud.bundles import import_outbound, write_return
from server.crud.devices import enroll_file
from support.attachments import MARKER, photo, server_attachment
from support.faultproxy import FaultProxy
from support.live_server import DESA, household, live_server, memory_device
from support.server_db import new_code
from support.store import PASSWORD, new_store
from sync.client import SyncClient
from sync.enrollment import read_enrollment_file
from sync.transport import Transport


def counting(client: SyncClient) -> dict[str, int]:
    """Count the client's requests by method (and the PUT body bytes) with a requests hook."""
    seen = {"GET": 0, "PUT": 0, "POST": 0, "put_bytes": 0}

    def hook(response, *args, **kwargs):
        seen[response.request.method] = seen.get(response.request.method, 0) + 1
        if response.request.method == "PUT":
            seen["put_bytes"] += len(response.request.body or b"")

    client.transport.session.hooks["response"].append(hook)
    return seen


def laptop(tmp_path, base, settings) -> Store:
    store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
    enroll_online(store, base, new_code(settings, DESA))
    return store


def test_photo_of_a_record_reaches_the_server_byte_identical(tmp_path):
    with live_server(tmp_path) as (base, settings):
        store = laptop(tmp_path, base, settings)
        data = photo(200_000)
        chosen = tmp_path / "rumah.jpg"
        chosen.write_bytes(data)
        sha = attachments.attach_file(store, chosen)
        assert sha == hashlib.sha256(data).hexdigest()
        chosen.unlink()  # the laptop keeps its own copy: the original may go
        saved = records.save_household(store, {**household(1), "foto_rumah": sha})
        assert store.get_record(saved.record_id).answers["foto_rumah"] == sha
        assert attachments.attachment_bytes(store, sha) == data

        outcome = sync_once(store)
        assert outcome.complete and outcome.run.attachments_sent == 1
        assert outcome.run.attachment_bytes == len(data)  # each byte once, in 64 KiB chunks
        complete, held, chunks = server_attachment(settings, sha)
        assert complete and held == data and chunks == 4
        assert store.pending_attachments(10) == []
        again = sync_once(store)
        assert (again.run.attachments_sent, again.run.attachments_skipped, again.run.attachment_bytes) == (
            0,
            0,
            0,
        )
        store.close()


def test_a_photo_waits_for_its_record_and_a_photo_never_saved_is_not_sent(tmp_path):
    with live_server(tmp_path) as (base, settings):
        store = laptop(tmp_path, base, settings)
        orphan = store.add_attachment(photo(5000, seed=9))  # chosen, then the form was abandoned
        sha = store.add_attachment(photo(5000, seed=10))
        assert store.pending_attachments(10) == []  # no saved record names them yet
        records.save_household(store, {**household(2), "foto_rumah": sha})
        assert store.pending_attachments(10) == []  # its record is not acknowledged yet: records go first
        run = sync_once(store).run
        assert run.attachments_sent == 1
        assert server_attachment(settings, sha)[0] and not server_attachment(settings, orphan)[0]
        store.close()


def test_a_colleagues_photo_is_fetched_for_its_record_kept_and_never_sent_back(tmp_path):
    """Laptop A captures a house with a photo and syncs; laptop B of the same desa pulls the record and fetches
    the photo for it: the same bytes, kept with the record through pruning, not sent back by B's next sync.
    A laptop of another desa is refused with the server's readable answer, and keeps nothing."""
    with live_server(tmp_path) as (base, settings):
        a = laptop(tmp_path, base, settings)
        data = photo(120_000, seed=21)
        sha = a.add_attachment(data)
        saved = records.save_household(a, {**household(21), "foto_rumah": sha})
        assert sync_once(a).run.attachments_sent == 1

        b, _ = new_store(tmp_path / "laptop-b", enrolled=False, area=DESA)
        enroll_online(b, base, new_code(settings, DESA))
        sync_once(b)
        assert b.get_record(saved.record_id).answers["foto_rumah"] == sha
        assert attachments.attachment_bytes(b, sha) is None  # named, not here yet
        assert attachments.download(b, sha, saved.record_id) == data
        assert attachments.attachment_bytes(b, sha) == data
        assert b.attachments.prune_unused(0) == 0  # tied to its record
        seen = counting(client := SyncClient.for_store(b))
        assert client.run().attachments_sent == 0 and seen["PUT"] == 0

        other_desa = "62.03.01.1006"
        c, _ = new_store(tmp_path / "laptop-c", enrolled=False, area=other_desa)
        enroll_online(c, base, new_code(settings, other_desa))
        with pytest.raises(UserError) as refused:
            attachments.download(c, sha, saved.record_id)
        assert "tidak ada di server" in refused.value.id and refused.value.code == "not_found"
        assert attachments.attachment_bytes(c, sha) is None
        for store in (a, b, c):
            store.close()


def test_an_attachment_the_server_has_is_not_sent_again(tmp_path):
    with live_server(tmp_path) as (base, settings):
        data = photo(150_000, seed=3)
        sim_a, a = memory_device(base, settings)
        sim_b, b = memory_device(base, settings)
        for sim, store, seed in (
            (sim_a, a, 4),
            (sim_b, b, 5),
        ):  # the same leaflet photographed on two laptops
            change = sim.create({**household(seed), "foto_rumah": hashlib.sha256(data).hexdigest()})
            store.add(change)
            store.attach(change.record_id, data)
        first = SyncClient.for_store(a)
        first_seen = counting(first)
        assert first.run().attachments_sent == 1 and first_seen["put_bytes"] == len(data)
        second = SyncClient.for_store(b)
        seen = counting(second)
        run = second.run()
        assert (run.attachments_sent, run.attachments_skipped, run.attachment_bytes) == (0, 1, 0)
        assert seen["PUT"] == 0 and seen["put_bytes"] == 0 and seen["GET"] >= 1  # one status question
        assert b.pending_attachments(10) == []


@pytest.mark.slow
def test_attachment_resumes_through_dropped_chunks_and_arrives_once(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim, store = memory_device(base, settings)
        data = photo(1_000_000, seed=7)
        sha = hashlib.sha256(data).hexdigest()
        change = sim.create({**household(6), "foto_rumah": sha})
        store.add(change)
        store.attach(change.record_id, data)
        port = int(base.rsplit(":", 1)[1])
        # drop_request cuts mid-chunk (somewhere in the first 60 KB of a ~65 KB request)
        with FaultProxy(port, fault_rate=0.35, seed=23, kinds=("drop_request", "drop_response", "reset"),
                        request_cut=(300, 60_000)) as proxy:  # fmt: skip
            transport = Transport(proxy.url, sim.token, read_timeout=2.0, connect_timeout=1.0, backoff_base=0.01,
                                  backoff_cap=0.05)  # fmt: skip
            transport.session.headers["Connection"] = "close"  # every request meets the proxy's dice
            client = SyncClient(store, transport, max_failures=50)
            for _ in range(10):  # a run that gives up is resumed, as the app does
                try:
                    run = client.run()
                    break
                except Exception:  # noqa: BLE001 - Unreachable after max_failures: the next run resumes
                    continue
            assert run.status == "done" and run.attachments_sent == 1
        assert proxy.counts["drop_request"] > 0 and proxy.counts["response_dropped_after_commit"] > 0
        assert run.attachment_bytes > len(data)  # some chunks went twice on the wire...
        complete, held, chunks = server_attachment(settings, sha)
        assert complete and held == data  # ...but the server holds each byte once, in order
        assert chunks == -(-len(data) // client.chunk_bytes)
        assert store.pending_attachments(10) == []


def test_attachment_bytes_are_not_readable_in_the_data_files(tmp_path):
    store, _ = new_store(tmp_path / "laptop", area=DESA)
    data = photo(300_000, seed=11)
    sha = store.add_attachment(data, "image/jpeg")
    records.save_household(store, {**household(7), "foto_rumah": sha})
    data_dir = store.data_dir
    store.close()
    files = data_files(data_dir)
    assert files
    for path in files:
        raw = path.read_bytes()
        assert MARKER not in raw and data[5000:5064] not in raw, path


def test_empty_or_too_large_files_are_refused_clearly(tmp_path):
    store, _ = new_store(tmp_path / "laptop", area=DESA)
    empty = tmp_path / "kosong.jpg"
    empty.write_bytes(b"")
    with pytest.raises(AttachmentRefused) as err:
        attachments.attach_file(store, empty)
    assert err.value.id and err.value.en
    with pytest.raises(UserError):
        attachments.attach_file(store, tmp_path / "tidak-ada.jpg")
    store.close()


def test_a_bundle_carries_the_laptops_attachments(tmp_path):
    settings = Settings(data_dir=tmp_path / "server", database_url=f"sqlite:///{tmp_path / 'server.sqlite3'}")
    engine = get_engine(settings.database_url)
    migrate(settings.database_url, engine)
    with session_scope(engine) as session:
        code, file = enroll_file(session, area=DESA, settings=settings)
    village, _ = Store.init(tmp_path / "village", "ani", PASSWORD, area=DESA)
    village.apply_enrollment(read_enrollment_file(file, code))
    bundles.remember_enrollment_proof(village, code)
    data = photo(120_000, seed=12)
    sha = village.add_attachment(data, "image/jpeg")
    records.save_household(village, {**household(8), "foto_rumah": sha})
    stick = tmp_path / "desa.bundle"
    out = bundles.export_bundle(village, stick)
    assert (out.changes, out.attachments) == (1, 1)
    assert MARKER not in stick.read_bytes()  # sealed to the district
    with session_scope(engine) as session:
        summary = import_outbound(session, stick.read_bytes(), actor="test")
    assert summary.applied == 1 and summary.attachments == 1
    complete, held, _ = server_attachment(settings, sha)
    assert complete and held == data
    # the return bundle confirms the photo: a village that never goes online stops carrying it
    with session_scope(engine) as session:
        answer = write_return(session, device_id=village.setting("device_id"), actor="test")
    (tmp_path / "balasan.bundle").write_bytes(answer)
    back = bundles.import_bundle(village, tmp_path / "balasan.bundle")
    assert back.summary.acknowledged == 1 and back.summary.attachments_held == 1
    records.save_household(village, {**household(18)})
    again = bundles.export_bundle(village, tmp_path / "desa-2.bundle")
    assert (again.changes, again.attachments) == (1, 0)
    village.close()


def test_a_replaced_photo_is_not_sent_and_unused_photos_are_pruned(tmp_path):
    from datetime import UTC, datetime, timedelta

    from app.services import drafts
    from sync.protocol import ChangeResult

    store, _ = new_store(tmp_path / "laptop")
    first, second, drafted = (store.add_attachment(photo(3000, seed), "image/jpeg") for seed in (11, 12, 13))
    saved = records.save_household(store, {**household(9), "foto_rumah": first})
    records.save_household(store, {**household(9), "foto_rumah": second}, record_id=saved.record_id)
    assert set(store.attachments.unsent()) == {second}  # the replaced photo stays off the USB bundle ...
    store.record_results([(p.offset, ChangeResult(change_id=p.change.change_id, status="applied", rev=1))
                          for p in store.pending_changes(0, 10)])  # fmt: skip
    assert [a.sha256 for a in store.pending_attachments(10)] == [second]  # ... and off the wire
    drafts.save_draft(store, "ppks_registration", 1, {"foto_rumah": drafted})
    later = datetime.now(UTC) + timedelta(days=31)
    assert store.attachments.prune_unused(30, now=datetime.now(UTC)) == 0  # nothing old enough yet
    assert store.attachments.prune_unused(30, now=later) == 1  # the replaced one; the draft's photo is kept
    assert store.attachment(first) is None
    assert store.attachment(second) is not None and store.attachment(drafted) is not None
    store.close()


def test_a_photo_damaged_on_the_way_is_refused_and_nothing_is_kept(tmp_path, monkeypatch):
    """A fault injected between server and laptop (a proxy that cuts or alters the body): the hash check
    refuses the bytes with a readable message, and the laptop keeps nothing."""
    with live_server(tmp_path) as (base, settings):
        a = laptop(tmp_path, base, settings)
        data = photo(30_000, seed=31)
        sha = a.add_attachment(data)
        saved = records.save_household(a, {**household(31), "foto_rumah": sha})
        sync_once(a)
        b, _ = new_store(tmp_path / "laptop-b", enrolled=False, area=DESA)
        enroll_online(b, base, new_code(settings, DESA))
        sync_once(b)
        real = Transport.request

        def cut_short(self, method, path, **kw):  # noqa: ANN001, ANN202 - the injected fault
            response = real(self, method, path, **kw)
            if path.endswith("/content"):
                response._content = response.content[:-100]
            return response

        monkeypatch.setattr(Transport, "request", cut_short)
        with pytest.raises(UserError) as damaged:
            attachments.download(b, sha, saved.record_id)
        assert damaged.value.code == "attachment_damaged" and "rusak" in damaged.value.id
        assert attachments.attachment_bytes(b, sha) is None
        for store in (a, b):
            store.close()
