"""Console pages over household records: the paged search (with its export) and one household."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from server.api.deps import SessionDep
from server.crud import attachments, records
from server.crud.forms import get_form
from server.errors import ApiError
from server.models import Record
from server.web.access import CurrentPage
from server.web.export import export_format, export_response
from server.web.render import language, render, user_error

router = APIRouter()


@router.get("/console/records", response_class=HTMLResponse)
def record_list(request: Request, session: SessionDep, page: CurrentPage, q: Annotated[str, Query(max_length=100)] = "",
                desa: Annotated[str, Query(max_length=16)] = "",
                p: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:  # fmt: skip
    fmt = export_format(request)
    if fmt:
        rows = records.all_households(session, scope=page.scope, q=q, desa=desa)
        return export_response(session, actor=page.actor, area=page.scope, what="records", fmt=fmt,
                               headers=["no_kk", "kepala_keluarga", "desa_kode", "desa", "anggota", "tanda_tinjauan",
                                        "diperbarui", "record_id"],
                               rows=([r.no_kk, r.head, r.area, r.desa_name, r.members, r.flags, r.updated_at,
                                      r.record_id] for r in rows))  # fmt: skip
    rows, total = records.search_households(session, scope=page.scope, q=q, desa=desa, page=p)
    pages = max(1, -(-total // records.PAGE_SIZE))
    return render(request, "records.html", page=page, rows=rows, total=total, q=q, desa=desa, number=p,
                  pages=pages, villages=records.desa_in_scope(session, scope=page.scope))  # fmt: skip


@router.get("/console/records/{record_id}", response_class=HTMLResponse)
def household_page(request: Request, record_id: str, session: SessionDep, page: CurrentPage) -> Response:
    try:
        view = records.get_household(session, scope=page.scope, record_id=record_id, lang=language(request))
    except ApiError as err:
        return user_error(request, session, page, err)
    return render(request, "household.html", page=page, h=view,
                  label=answer_labels(session, record_id, language(request)))  # fmt: skip


def answer_labels(session, record_id: str, lang: str):  # noqa: ANN001, ANN201 - a Session; a Jinja callable
    """`label(field, code)`: a choice's label in the page's language (data keeps codes, screens show labels);
    the code itself when the form has no such choice."""
    record = session.get(Record, record_id)
    form = get_form(session, form_id=record.form_id, version=record.form_version)

    def label(field_name: str, value: str) -> str:
        field = form.by_name.get(field_name)
        choice = next((c for c in field.choices if c.value == value), None) if field is not None else None
        return (choice.label.get(lang) or choice.label.get("id") or value) if choice else value

    return label


@router.get("/console/records/{record_id}/attachments/{sha256}")
def attachment(
    request: Request, record_id: str, sha256: str, session: SessionDep, page: CurrentPage
) -> Response:
    try:
        data = attachments.content(session, scope=page.scope, record_id=record_id, sha256=sha256)
    except ApiError as err:
        return user_error(request, session, page, err)
    kind = (
        "image/jpeg"
        if data[:3] == b"\xff\xd8\xff"
        else "image/png"
        if data[:8] == b"\x89PNG\r\n\x1a\n"
        else ""
    )
    return Response(data, media_type=kind or "application/octet-stream",
                    headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"})  # fmt: skip
