"""The laptop's DTSEN proposals (`proposal` records) read from the record table: few a month per desa, so no
projection table is kept (docs/records.md#dtsen-proposals)."""

from __future__ import annotations

import json


def proposals(conn, month: str = "") -> list[dict]:
    """Live proposals — `{"id", "area", "answers"}` — dated in `month` (YYYY-MM; "" for all), oldest first."""
    rows = conn.execute(
        "SELECT id, area, answers FROM record WHERE kind = 'proposal' AND deleted = 0 ORDER BY created_at, rowid"
    ).fetchall()
    out = []
    for record_id, area, answers in rows:
        data = json.loads(answers)
        if str(data.get("tanggal") or "").startswith(month):
            out.append({"id": record_id, "area": area, "answers": data})
    return out
