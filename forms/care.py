"""What was done for each person, counted the same way on the laptop and at the district: one person per
confirmed duplicate link, who is due or overdue for a visit on a given day, who has had no service for N
months, and coverage — PPKS persons by category against persons served, by service, and the five SPM
services (forms/lists.py). Pure functions over rows the caller read; "today" is always a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from forms.lists import SPM_SERVICES

Person = tuple[str, str]  # (household record id, member id)
DUE_WITHIN_DAYS = 7  # a visit due within a week is listed as due


class People:
    """Persons joined by confirmed duplicate links: `one(p)` names the same person for every linked record."""

    def __init__(self, links: Iterable[tuple[Person, Person]] = ()):
        self.parent: dict[Person, Person] = {}
        for a, b in links:
            ra, rb = self.one(a), self.one(b)
            if ra != rb:
                self.parent[max(ra, rb)] = min(ra, rb)

    def one(self, p: Person) -> Person:
        root = p
        while root in self.parent:
            root = self.parent[root]
        while p != root:  # path compression
            self.parent[p], p = root, self.parent[p]
        return root

    def records_of(self, p: Person, known: Iterable[Person]) -> list[Person]:
        """Every person in `known` (plus `p`) that is the same person as `p`."""
        me = self.one(p)
        return sorted({p, *(q for q in known if self.one(q) == me)})


@dataclass(frozen=True)
class DueVisit:
    person: Person
    name: str
    desa: str
    last_visit: str
    next_visit: str
    days_late: int  # > 0 overdue, <= 0 due in that many days

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


def visit_schedule(last_visits: Iterable[tuple], today: date, people: People | None = None,
                   within_days: int = DUE_WITHIN_DAYS) -> list[DueVisit]:  # fmt: skip
    """Who is overdue (next visit date passed) or due within `within_days` of `today`, by desa then date.
    `last_visits`: (person, last visit date, next visit date, desa, name); a linked person's latest visit of
    all their records decides."""
    people = people or People()
    latest: dict[Person, tuple] = {}
    for row in last_visits:
        key = people.one(row[0])
        if key not in latest or (row[1] or "") > (latest[key][1] or ""):
            latest[key] = row
    out = []
    for p, last, nxt, desa, name in latest.values():
        if not nxt:
            continue
        late = (today - date.fromisoformat(nxt)).days
        if late > -within_days:
            out.append(DueVisit(p, name, desa or "", last or "", nxt, late))
    return sorted(out, key=lambda d: (d.desa, d.next_visit, d.name))


def months_before(today: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(today.day, 28))


@dataclass(frozen=True)
class Unserved:
    person: Person
    name: str
    desa: str
    desa_name: str
    ppks: tuple[str, ...]
    last_service: str  # "" when never served


def unserved(ppks_persons: Iterable[tuple], last_services: dict[Person, str], today: date, months: int,
             people: People | None = None) -> list[Unserved]:  # fmt: skip
    """PPKS persons with no service dated within the last `months` months before `today` (one row per
    person, whichever of their linked records holds the service), by desa then name."""
    people = people or People()
    since = months_before(today, months).isoformat()
    last_by_person: dict[Person, str] = {}
    for p, d in last_services.items():
        key = people.one(p)
        last_by_person[key] = max(last_by_person.get(key, ""), d or "")
    seen, out = set(), []
    for p, ppks, name, desa, desa_name in ppks_persons:
        key = people.one(p)
        if key in seen:
            continue
        seen.add(key)
        last = last_by_person.get(key, "")
        if last < since:
            out.append(Unserved(p, name, desa, desa_name, tuple(ppks), last))
    return sorted(out, key=lambda u: (u.desa_name or u.desa, u.name))


@dataclass
class Coverage:
    """PPKS persons by category against persons served in the period; persons served by service; and per
    SPM service the persons who needed it and those served. Counts are of persons (linked records once)."""

    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (persons, served)
    by_service: dict[str, int] = field(default_factory=dict)  # service code -> persons served
    spm: list[tuple[dict, int, int]] = field(default_factory=list)  # (SPM service, needed, served)
    ppks_total: int = 0
    ppks_served: int = 0


def coverage(ppks_persons: Iterable[tuple], served: Iterable[tuple[Person, str]],
             people: People | None = None) -> Coverage:  # fmt: skip
    """Coverage of `ppks_persons` ((person, categories, …) rows) by `served` ((person, service code) of each
    service in the period)."""
    people = people or People()
    served_codes: dict[Person, set[str]] = {}
    for p, code in served:
        served_codes.setdefault(people.one(p), set()).add(code or "")
    by_service: dict[str, int] = {}
    for codes in served_codes.values():
        for code in codes:
            by_service[code] = by_service.get(code, 0) + 1
    return coverage_of(((row[0], row[1], row[0] in served_codes or people.one(row[0]) in served_codes)
                        for row in ppks_persons), by_service, people)  # fmt: skip


def coverage_of(ppks_served: Iterable[tuple[Person, list[str], bool]], by_service: dict[str, int],
                people: People | None = None) -> Coverage:  # fmt: skip
    """Coverage from (person, categories, served in the period) rows and persons served per service code
    already counted (the district counts those in SQL): a person linked to another is served when either
    record is."""
    people = people or People()
    out = Coverage(by_service=dict(by_service))
    categories: dict[Person, set[str]] = {}
    served: set[Person] = set()
    for p, codes, got in ppks_served:
        key = people.one(p)
        categories.setdefault(key, set()).update(codes)
        if got:
            served.add(key)
    for key, codes in categories.items():
        got = key in served
        out.ppks_total += 1
        out.ppks_served += got
        for code in codes:
            persons, n = out.by_category.get(code, (0, 0))
            out.by_category[code] = (persons + 1, n + got)
    for spm in SPM_SERVICES:
        needed = [k for k, codes in categories.items() if codes & set(spm["ppks"])]
        out.spm.append((spm, len(needed), sum(1 for k in needed if k in served)))
    return out


def period_bounds(year: int, month: int | None = None) -> tuple[str, str]:
    """A calendar month (or year when `month` is None) as ISO dates [first, last]."""
    if month is None:
        return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first.isoformat(), last.isoformat()
