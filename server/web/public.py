"""The public complaint-status page (/status) for citizens: its own header (not the console's), what each status
means in plain words, the last update in the desa's local time, the district's contact, a reference number found
however it is typed (spaces, dots, dashes or none), its check digit used to say "check the number" before any
lookup, and a note that a complaint from a village without network may not have reached the district yet.

The district's name and contact come from `JARING_DISTRICT_NAME` and `JARING_DISTRICT_CONTACT` (read per
request, so a change needs no restart of the code path, only of the process environment)."""

from __future__ import annotations

import os
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from server.api.deps import SessionDep, client_address
from server.crud import complaints
from server.crud.throttle import blocked, record_failure
from server.web.render import language, render
from server.web.strings import LANGUAGES
from sync.reference import PRACTICE_PREFIX, is_valid_reference, parse_reference

router = APIRouter()
STATUS_LIMIT, STATUS_WINDOW_S = 30, 60  # lookups per client address per minute
STATUS_REF_LIMIT, STATUS_REF_WINDOW_S = 10, 900  # wrong status codes per reference number per 15 minutes
TAIL = 9  # device number (2), counter (6), check digit (1)


def normalized(typed: str) -> str:
    """A reference as the receipt prints it, from whatever was typed: "6203012011 07 000123 4",
    "6203012011-07-000123-4" and "62.03.01.2011/07/000123/4" are all "6203012011-07-000123-4"."""
    text = typed.strip().upper()
    practice = text.startswith("LATIHAN")
    digits = re.sub(r"\D", "", text)[:40]
    if len(digits) <= TAIL:
        return digits
    head, tail = digits[:-TAIL], digits[-TAIL:]
    return (PRACTICE_PREFIX if practice else "") + f"{head}-{tail[:2]}-{tail[2:8]}-{tail[8]}"


def district() -> dict[str, str]:
    return {"name": os.environ.get("JARING_DISTRICT_NAME", "").strip()[:120],
            "contact": os.environ.get("JARING_DISTRICT_CONTACT", "").strip()[:300]}  # fmt: skip


def page(request: Request, status: int = 200, **context) -> HTMLResponse:  # noqa: ANN003
    base = {"result": None, "error": "", "ref": "", "check_number": False, "area": "", "district": district()}
    return render(request, "status.html", status=status, page=None, **(base | context))


@router.get("/status", response_class=HTMLResponse)
def public_status(request: Request, session: SessionDep, ref: Annotated[str, Query(max_length=60)] = "",
                  code: Annotated[str, Query(max_length=20)] = "") -> Response:  # fmt: skip
    """Status and dates for a receipt's reference number and status code. Every lookup counts against the
    client's limit; each wrong code counts against the number's own, whatever the address, so a guesser
    with many addresses still gets only STATUS_REF_LIMIT tries per number per window. A number whose check
    digit is wrong is a typing mistake: it is said so, and nothing is looked up."""
    t = LANGUAGES[language(request)]
    if not ref:
        return page(request)
    reference = normalized(ref)
    client_key, ref_key = f"status:{client_address(request)}", f"status-ref:{reference}"
    if blocked(session, key=client_key, max_failures=STATUS_LIMIT, window_s=STATUS_WINDOW_S):
        return page(request, 429, error=t["throttled"], ref=ref)
    record_failure(session, key=client_key, window_s=STATUS_WINDOW_S)
    if not is_valid_reference(reference):
        return page(request, 400, error=t["status_check_number"], ref=ref, check_number=True)
    if blocked(session, key=ref_key, max_failures=STATUS_REF_LIMIT, window_s=STATUS_REF_WINDOW_S):
        return page(request, 429, error=t["status_locked"], ref=ref)
    result = complaints.public_status(session, reference=reference, code=re.sub(r"\D", "", code))
    parts = parse_reference(reference)
    area = parts.area if parts else ""
    if result is None:
        record_failure(session, key=ref_key, window_s=STATUS_REF_WINDOW_S)
        return page(request, 404, error=t["not_found"], ref=ref, area=area)
    return page(request, result=result, ref=reference, area=area)
