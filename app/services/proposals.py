"""DTSEN proposals on the laptop, offline (docs/records.md#dtsen-proposals): the answers a proposal starts
from when made from a household or person — add, correct (each field's old value taken from the record),
remove (with a reason) or object (*sanggah*) — the month's proposals for the village meeting, the meeting's
decision on each, and the proposals the national system refused, to act on next month."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from app.store import proposal_queries as q
from app.store.store import SaveResult, Store
from forms import dtsen_calendar
from sync.paths import flatten

PROPOSAL_FORM = "usulan"
KINDS = ("tambah", "perbaikan", "hapus", "sanggah")
REMOVAL_REASONS = ("meninggal", "pindah", "tidak_ditemukan", "sudah_mampu", "data_ganda", "menolak")
AGREED = "disepakati_musdes"
DROPPED = "tidak_disepakati"
REFUSED = "ditolak"


def _address(alamat: dict) -> str:
    parts = [alamat.get("jalan"), alamat.get("dusun")]
    if alamat.get("rt") or alamat.get("rw"):
        parts.append(f"RT {alamat.get('rt') or '-'}/RW {alamat.get('rw') or '-'}")
    return ", ".join(str(p) for p in parts if p)


def _head(household: dict) -> tuple[str, dict]:
    members = household.get("anggota") or {}
    for member_id, member in members.items():
        if member.get("hubungan") == "kepala" and member.get("_pos") is not None:
            return member_id, member
    live = sorted(
        ((k, m) for k, m in members.items() if m.get("_pos") is not None), key=lambda kv: kv[1]["_pos"]
    )
    return live[0] if live else ("", {})


def new_proposal(store: Store, kind: str, household_id: str | None = None, member_id: str | None = None,
                 today: date | None = None) -> dict:  # fmt: skip
    """A proposal's first answers: from a registered household (its head, or `member_id`), else a new one."""
    if kind not in KINDS:
        raise ValueError(f"unknown proposal kind {kind!r}")
    own_desa = store.area if store.area.count(".") == 3 else ""  # a laptop enrolled for one desa fills it
    answers = {"jenis": kind, "tanggal": (today or date.today()).isoformat(), "desa": own_desa}
    if household_id:
        household = store.get_record(household_id).answers
        alamat = household.get("alamat") or {}
        head_id, head = _head(household)
        who_id = member_id or head_id
        who = (household.get("anggota") or {}).get(who_id, head)
        answers.update(subjek_rumah_tangga=household_id, nama=who.get("nama") or household.get("kepala_keluarga"),
                       no_kk=household.get("no_kk"), nik=who.get("nik"), desa=alamat.get("desa") or own_desa,
                       alamat=_address(alamat))  # fmt: skip
        if member_id:
            answers["subjek_anggota"] = member_id
    return {k: v for k, v in answers.items() if v not in (None, "")}


def with_correction(store: Store, answers: dict, path: str, new_value: object) -> dict:
    """`answers` with one more field to correct: `path` in the household's answers (e.g. `alamat/rt`, or
    `anggota/<member id>/nama`), its old value read from the record, and the new value."""
    old = flatten(store.get_record(answers["subjek_rumah_tangga"]).answers).get(path)
    items = dict(answers.get("perbaikan") or {})
    items[str(uuid4())] = {"_pos": len(items) + 1, "isian": path, "nilai_lama": "" if old is None else str(old),
                           "nilai_baru": str(new_value)}  # fmt: skip
    return {**answers, "perbaikan": items}


def save_proposal(store: Store, answers: dict, *, record_id: str | None = None) -> SaveResult:
    return store.save_record(PROPOSAL_FORM, answers, record_id=record_id)


def month_proposals(store: Store, month: str) -> list[dict]:
    """The month's proposals (`YYYY-MM`) for the village meeting."""
    return q.proposals(store.db.reader(), month)


def decide(store: Store, record_id: str, decision: str, meeting_day: date) -> SaveResult:
    """Record the village meeting's decision on one proposal (agreed or dropped); it syncs as any edit."""
    if decision not in (AGREED, DROPPED):
        raise ValueError(f"unknown decision {decision!r}")
    answers = store.get_record(record_id).answers
    return save_proposal(store, {**answers, "keputusan_musdes": decision, "tanggal_musdes": meeting_day.isoformat()},
                         record_id=record_id)  # fmt: skip


def refused(store: Store) -> list[dict]:
    """Proposals the national system refused, to act on at next month's meeting."""
    return [p for p in q.proposals(store.db.reader()) if p["answers"].get("hasil") == REFUSED]


CALENDAR_SETTING = "dtsen_{}"  # laptop settings dtsen_entry_deadline, dtsen_meeting_day, dtsen_send_day


def calendar_settings(store: Store) -> dict[str, str]:
    return {k: store.setting(CALENDAR_SETTING.format(k), str(v)) for k, v in dtsen_calendar.DEFAULTS.items()}


def set_calendar(store: Store, **days: int) -> None:
    known = dtsen_calendar.DEFAULTS
    store.set_settings({CALENDAR_SETTING.format(k): str(dtsen_calendar.day_setting(v, k)) for k, v in days.items()
                        if k in known})  # fmt: skip


def due_this_month(store: Store, today: date) -> list[dtsen_calendar.Step]:
    """The monthly cycle's steps this month (forms/dtsen_calendar.py) as this laptop's settings place them."""
    return dtsen_calendar.due_this_month(today, calendar_settings(store))
