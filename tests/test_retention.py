"""Retention rules (UU 27/2022): off until the admin sets them; what is past a rule — a closed complaint, a
household whose members all died, a record deleted on a laptop — is listed by the dry run and the real run
then erases exactly that list, as an erasure that reaches the laptops. Years pass by moving the records'
dates back in the database (nothing else in the server knows the time)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from forms.samples import make_household
from server.cli import main
from server.core.clock import utcnow
from server.core.db import get_engine, session_scope
from server.crud import worklist
from server.crud.complaints import advance
from server.crud.retention import due, rules, set_rule
from server.errors import BadRequest
from server.models import Erasure, Record
from support.console_web import DESA, push_complaint
from support.server_db import push
from sync.paths import DELETED
from sync.protocol import ResultStatus


def all_died(seed: int) -> dict:
    answers = make_household(random.Random(seed), DESA, date(2026, 11, 1), serial=seed)
    for member in answers["anggota"].values():
        member.update(status_anggota="meninggal", tanggal_status="2020-01-01")
    return answers


def pushed(client, device, change) -> str:
    assert push(client, device, [change]).results[0].status is ResultStatus.APPLIED
    return change.record_id


def years_ago(settings, record_ids, years: int) -> None:
    """Move these records (and a complaint's last step) `years` back, as if that much time had passed."""
    then = utcnow() - timedelta(days=366 * years)
    with session_scope(get_engine(settings.database_url)) as session:
        for rid in record_ids:
            session.execute(text("UPDATE record SET updated_at = :t WHERE id = :id"), {"t": then, "id": rid})
            session.execute(text("UPDATE complaint_state SET status_at = :t WHERE record_id = :id"),
                            {"t": then, "id": rid})  # fmt: skip


def test_rules_are_off_until_set_and_bad_values_are_refused(settings):
    with session_scope(get_engine(settings.database_url)) as session:
        assert set(rules(session).values()) == {None} and due(session) == []
        with pytest.raises(BadRequest, match="Unknown rule"):
            set_rule(session, "semua", 1, actor="user:admin")
        for years in (0, 101):
            with pytest.raises(BadRequest):
                set_rule(session, "complaint_closed", years, actor="user:admin")
        set_rule(session, "complaint_closed", 5, actor="user:admin")
        assert rules(session)["complaint_closed"] == 5
        set_rule(session, "complaint_closed", None, actor="user:admin")
        assert rules(session)["complaint_closed"] is None


def test_the_dry_run_prints_exactly_what_the_real_run_erases(
    client, settings, enroll, monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("JARING_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JARING_SERVER_DATA_DIR", str(tmp_path))
    device = enroll(DESA)
    died_long_ago = pushed(client, device, device.create(all_died(1)))
    died_lately = pushed(client, device, device.create(all_died(2)))
    living = pushed(client, device, device.create(make_household(random.Random(3), DESA, serial=3)))
    deleted = pushed(client, device, device.create(make_household(random.Random(4), DESA, serial=4)))
    pushed(client, device, device.change(deleted, {DELETED: True}, deleted=True))
    closed, _ = push_complaint(client, device, DESA, 1)
    still_open, _ = push_complaint(client, device, DESA, 2)
    engine = get_engine(settings.database_url)
    with session_scope(engine) as session:
        advance(session, scope="", record_id=closed, step="diverifikasi", actor="user:admin")
        advance(session, scope="", record_id=closed, step="dirujuk", actor="user:admin", referral="Dinsos")
        advance(session, scope="", record_id=closed, step="selesai", actor="user:admin")
        worklist.refresh(session, [closed, still_open])
    years_ago(settings, [died_long_ago, living, deleted, closed, still_open], 6)
    years_ago(settings, [died_lately], 2)

    assert main(["retention", "run", "--dry-run"]) == 0
    assert "0 data" in capsys.readouterr().out  # every rule off: nothing is due
    for rule, years in (("complaint_closed", "5"), ("household_deceased", "5"), ("deleted_record", "1")):
        assert main(["retention", "set", rule, years]) == 0
    assert "5 tahun" in capsys.readouterr().out
    assert main(["retention", "run", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    listed = {
        line.split(": ")[1].split(" ")[0] for line in dry.splitlines() if line.startswith("akan dihapus")
    }
    assert listed == {died_long_ago, deleted, closed}
    with session_scope(engine) as session:
        assert (
            session.execute(text("SELECT count(*) FROM erasure")).scalar_one() == 0
        )  # a dry run erases nothing

    assert main(["retention", "run"]) == 0
    real = capsys.readouterr().out
    assert {
        line.split(": ")[1].split(" ")[0] for line in real.splitlines() if line.startswith("dihapus")
    } == listed
    with session_scope(engine) as session:
        assert {e.record_id for e in session.query(Erasure)} == listed
        assert {r.id for r in session.query(Record)} == {died_lately, living, still_open}
        reasons = {e.reason for e in session.query(Erasure)}
        assert "retensi: complaint_closed lebih dari 5 tahun" in reasons
    assert main(["retention", "run", "--dry-run"]) == 0 and "0 data" in capsys.readouterr().out
    assert main(["retention", "set", "semua", "3"]) == 2
    assert "tidak dikenal" in capsys.readouterr().err
