"""The district's reports on this laptop's data: persons per desa and PPKS category, persons without NIK,
complaints by status and age; the export of the current list goes through app/services/export.py (audited,
NIKs masked, health and disability columns only with a reason). No Qt here."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.services import complaints, export, search
from app.services.export import ExportRequest
from app.store.store import Store
from forms.domain.ppks import category

# Age buckets of open and closed complaints, in days since receipt.
AGE_BUCKETS = [(0, 3, "0–3"), (4, 7, "4–7"), (8, 30, "8–30"), (31, None, "> 30")]


@dataclass
class Report:
    ppks: list[str] = field(default_factory=list)  # the categories present, sorted
    ppks_names: dict[str, str] = field(default_factory=dict)  # PPKS code -> its name in the asked language
    by_desa: dict[str, dict[str, int]] = field(default_factory=dict)  # desa name -> PPKS code -> persons
    # desa name -> active persons with any PPKS category, each once (a person may be in several categories)
    persons_by_desa: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    without_nik: list = field(default_factory=list)  # PersonRow, first `without_nik_limit`
    complaints_by_status: dict[str, dict[str, int]] = field(default_factory=dict)  # status -> age bucket -> n
    overdue: int = 0


def ppks_name(code: str, lang: str = "id") -> str:
    """A PPKS category's name as the district writes it ("lansia_terlantar" -> "Lanjut usia terlantar"); an
    unknown code as it is."""
    found = category(code)
    if found is None:
        return code
    return found.name_en if lang == "en" else found.name_id


def axis_ticks(top: int, most: int = 8) -> tuple[int, int]:
    """(axis maximum, tick count) for an axis from 0 that counts people: whole steps of 1, 2, 5, 10, 20, 50…
    and at most `most` ticks, so the labels read 0, 1, 2, 3 — never 0, 0, 1, 2, 3 from fractions printed as
    whole numbers."""
    top = max(int(top), 1)
    steps = (m * 10**e for e in itertools.count() for m in (1, 2, 5))
    step = next(s for s in steps if math.ceil(top / s) <= most - 1)
    upper = math.ceil(top / step) * step
    return upper, upper // step + 1


def age_bucket(days: int) -> str:
    for low, high, label in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[-1][2]


def build_report(
    store: Store, *, without_nik_limit: int = 200, now: datetime | None = None, lang: str = "id"
) -> Report:
    report = Report(totals=search.totals(store))
    by_desa: dict[str, dict[str, int]] = defaultdict(dict)
    codes: set[str] = set()
    for desa_name, code, n in search.counts_by_desa_and_ppks(store):
        by_desa[desa_name or "?"][code] = n
        codes.add(code)
    report.by_desa, report.ppks = dict(by_desa), sorted(codes)
    report.persons_by_desa = {desa or "?": n for desa, n in search.ppks_persons_by_desa(store)}
    report.ppks_names = {code: ppks_name(code, lang) for code in codes}
    report.without_nik = search.list_persons(store, without_nik=True, limit=without_nik_limit).rows
    by_status: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys([b[2] for b in AGE_BUCKETS], 0))
    for c in complaints.list_complaints(store, now=now, limit=1_000_000):
        by_status[c.status][age_bucket(c.age_days)] += 1
        report.overdue += c.overdue
    report.complaints_by_status = dict(by_status)
    return report


def export_list(store: Store, out: Path, request: ExportRequest) -> int:
    """Export what the operator chose (persons or households, masked or full with its reason)."""
    return export.export(store, Path(out), request)


@dataclass(frozen=True)
class RejectedChange:
    record_id: str
    reason_id: str
    reason_en: str


def rejected_changes(store: Store) -> list[RejectedChange]:
    """Changes the district refused that no later change of the same record has replaced: what the volunteer
    must still correct, with the server's bilingual reasons."""
    found = []
    for record_id, result in store.sync.rejected():
        reasons = result.get("rejections") or [{}]
        found.append(RejectedChange(record_id, "; ".join(r.get("id", "") for r in reasons),
                                    "; ".join(r.get("en", "") for r in reasons)))  # fmt: skip
    return found
