"""Console pages for data quality: possible duplicates (confirm or dismiss), persons without NIK, and the
review page (review flags, conflicts, NIK/birth-date overrides). The logic is crud/duplicates.py and
crud/quality.py; these routes only check the login, the role and the CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.api.deps import SessionDep
from server.crud import duplicates, quality
from server.errors import ApiError
from server.web.access import CurrentPage, DeciderPage, PostedPage
from server.web.export import export_format, export_response
from server.web.render import render, user_error

router = APIRouter()
Text = Annotated[str, Form(max_length=64)]
SHOWN = 100  # pairs on the page; the export carries them all
SHOWN_PERSONS = 500  # persons without NIK on the page; the export carries them all


def back(path: str, message: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?msg={message}", status_code=303)


@router.get("/console/quality/duplicates", response_class=HTMLResponse)
def duplicate_list(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    fmt = export_format(request)
    found, total = duplicates.candidates(session, scope=page.scope, limit=None if fmt else SHOWN)
    if fmt:
        rows = [[c.reason, x.name, x.nik, x.birth_date, x.area, x.desa_name, x.record_id, x.member_id]
                for c in found for x in (c.a, c.b)]  # fmt: skip
        return export_response(session, actor=page.actor, area=page.scope, what="duplicates", fmt=fmt,
                               headers=["alasan", "nama", "nik", "tanggal_lahir", "desa_kode", "desa", "record_id",
                                        "member_id"], rows=rows)  # fmt: skip
    return render(request, "duplicates.html", page=page, items=found, total=total,
                  message=request.query_params.get("msg", ""))  # fmt: skip


@router.post("/console/quality/duplicates/decide")
def duplicate_decide(request: Request, session: SessionDep, page: DeciderPage, a_record: Text = "",
                     a_member: Text = "", b_record: Text = "", b_member: Text = "",
                     decision: Annotated[str, Form(max_length=16)] = "") -> Response:  # fmt: skip
    try:
        duplicates.decide(session, scope=page.scope, one=(a_record, a_member), two=(b_record, b_member),
                          decision=decision, actor=page.actor)  # fmt: skip
    except ApiError as err:
        return user_error(request, session, page, err)
    return back("/console/quality/duplicates", decision)


@router.get("/console/quality/no-nik", response_class=HTMLResponse)
def no_nik_list(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    fmt = export_format(request)
    rows = quality.persons_without_nik(session, scope=page.scope, limit=None if fmt else SHOWN_PERSONS)
    if fmt:
        return export_response(session, actor=page.actor, area=page.scope, what="no_nik", fmt=fmt,
                               headers=["nama", "jenis_kelamin", "tanggal_lahir", "alasan", "desa_kode", "desa",
                                        "record_id", "member_id"],
                               rows=[[r.name, r.sex, r.birth_date, r.reason, r.area, r.desa_name, r.record_id,
                                      r.member_id] for r in rows])  # fmt: skip
    return render(request, "no_nik.html", page=page, rows=rows,
                  total=quality.count_without_nik(session, scope=page.scope))  # fmt: skip


@router.get("/console/quality/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    return render(request, "review.html", page=page, flags=quality.flagged(session, scope=page.scope),
                  conflicts=quality.open_conflicts(session, scope=page.scope),
                  overrides=quality.overrides(session, scope=page.scope),
                  message=request.query_params.get("msg", ""))  # fmt: skip


@router.post("/console/quality/flags/{record_id}/resolve")
def flag_resolve(request: Request, record_id: str, session: SessionDep, page: PostedPage,
                 code: Annotated[str, Form(max_length=40)] = "") -> Response:  # fmt: skip
    try:
        quality.clear_flag(session, scope=page.scope, record_id=record_id, code=code, actor=page.actor)
    except ApiError as err:
        return user_error(request, session, page, err)
    return back("/console/quality/review", "done")


@router.post("/console/quality/conflicts/{conflict_id}/resolve")
def conflict_resolve(request: Request, conflict_id: int, session: SessionDep, page: PostedPage) -> Response:
    try:
        quality.resolve_conflict(session, scope=page.scope, conflict_id=conflict_id, actor=page.actor)
    except ApiError as err:
        return user_error(request, session, page, err)
    return back("/console/quality/review", "done")
