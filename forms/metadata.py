"""XLSForm's metadata, filled by the device as ODK Collect fills it: `start`, `today`, `deviceid`,
`username`, `email`, `phonenumber` and `start-geopoint` when a record is begun, `end` each time it is saved.
A value already there is kept (a record opened again keeps its start). Times are the laptop's local time in
ODK's form (`2026-12-08T09:10:25.257+07:00`), so the server validates them as any other date-time answer.

Also how the laptop writes a time and a date-time question's answer in ODK's form, from what people type.
"""

from __future__ import annotations

import re
from datetime import datetime

from forms.definition import FormDef
from forms.expr import odk

START_EVENTS = {"start", "today", "deviceid", "username", "email", "phonenumber", "start-geopoint"}
_TYPED_TIME = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:.]\s*([0-5]\d)(?:\s*[:.]\s*([0-5]\d))?\s*$")
_TYPED_DATETIME = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})[ T]+(.+)$")


def fill_metadata(form: FormDef, answers: dict, *, event: str, device_id: str = "", username: str = "",
                  email: str = "", phone: str = "", location: dict | None = None,
                  now: datetime | None = None) -> dict:  # fmt: skip
    """Fill the metadata of `answers` (in place, and returned) for `event`: "start" (a new record) or
    "save" (every save: `end`)."""
    moment = now or odk.now()
    values = {
        "start": odk.datetime_text(moment), "today": moment.date().isoformat(), "deviceid": device_id or None,
        "username": username or None, "email": email or None, "phonenumber": phone or None,
        "start-geopoint": location,
    }  # fmt: skip
    for f in form.fields:
        if f.preload is None:
            continue
        if event == "save" and f.preload == "end":
            answers[f.name] = odk.datetime_text(moment)
        elif event == "start" and f.preload in START_EVENTS and answers.get(f.name) in (None, ""):
            if values[f.preload] is not None:
                answers[f.name] = values[f.preload]
    return answers


def time_answer(typed: str) -> str | None:
    """ "9.15", "09:15" or "09:15:30" as ODK writes a time: "09:15:00.000+07:00" (the laptop's offset)."""
    m = _TYPED_TIME.match(typed or "")
    if not m:
        return None
    offset = odk.datetime_text(odk.now())[-6:]
    return f"{int(m[1]):02d}:{m[2]}:{m[3] or '00'}.000{offset}"


def time_shown(value: object) -> str:
    """A stored time as people read it: "09:15" (seconds only when there are some)."""
    text = str(value or "")
    m = re.match(r"^(\d\d):(\d\d)(?::(\d\d))?", text)
    if not m:
        return text
    return f"{m[1]}:{m[2]}" + (f":{m[3]}" if m[3] and m[3] != "00" else "")


def datetime_answer(typed: str, to_iso) -> str | None:
    """ "8-12-2026 09:15" (the date as people write it, `to_iso` reads it) as ODK writes a date-time."""
    text = (typed or "").strip()
    m = _TYPED_DATETIME.match(text) or re.match(r"^\s*(\S+)\s+(\d{1,2}[:.]\d\d(?:[:.]\d\d)?)\s*$", text)
    if not m:
        return None
    day, time = to_iso(m[1]) or m[1], time_answer(m[2])
    parsed = odk.parse_date_text(f"{day}T{time}") if time else None
    return odk.datetime_text(parsed) if isinstance(parsed, datetime) else None
