"""Console pages over household records: the paged search (with its export) and one household."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from server.api.deps import SessionDep
from server.crud import attachments, person_search, records
from server.crud.audit import audit
from server.crud.figures import summed
from server.crud.forms import get_form
from server.crud.projections import catch_up
from server.errors import ApiError
from server.models import AreaFigure, Record
from server.web.access import CurrentPage
from server.web.export import as_date, export_format
from server.web.export_stream import stream_export
from server.web.listing import area_choices, filters_of
from server.web.render import language, render, user_error
from server.web.strings import LANGUAGES

router = APIRouter()


@router.get("/console/records", response_class=HTMLResponse)
def record_list(request: Request, session: SessionDep, page: CurrentPage, q: Annotated[str, Query(max_length=100)] = "",
                desa: Annotated[str, Query(max_length=16)] = "",
                p: Annotated[int, Query(ge=1, le=100_000)] = 1, sort: Annotated[str, Query(max_length=8)] = "new",
                flagged: Annotated[str, Query(max_length=1)] = "") -> Response:  # fmt: skip
    fmt = export_format(request)
    desa = desa.strip()  # outside the scope it matches nothing: the scope is always applied as well
    sort = sort if sort in records.SORTS else "new"
    if fmt:  # every household of the search, streamed: a district's 330,000 in flat memory
        return stream_export(request, session, actor=page.actor, area=page.scope, what="records", fmt=fmt,
                             headers=["no_kk", "kepala_keluarga", "desa", "desa_kode", "anggota", "tanda_tinjauan",
                                      "diperbarui", "record_id"], lang=language(request),
                             rows=lambda own: ([r.no_kk, r.head, r.desa_name, r.area, r.members, r.flags, r.updated_at,
                                                r.record_id] for r in records.all_households(own, scope=page.scope,
                                                                                             q=q, desa=desa)))  # fmt: skip
    catch_up(session)  # the flags' table and the per-desa figures are current
    known = (
        summed(session, AreaFigure.households, page.scope, desa)
        if not (q.strip() or flagged == "1")
        else None
    )
    rows, total = records.search_households(session, scope=page.scope, q=q, desa=desa, page=p, sort=sort,
                                            flagged=flagged == "1", total=known)  # fmt: skip
    pages = max(1, -(-total // records.PAGE_SIZE))
    here = {"q": q, "desa": desa, "sort": sort, "flagged": flagged}
    return render(request, "records.html", page=page, rows=rows, total=total, q=q, desa=desa, number=min(p, pages),
                  pages=pages, villages=area_choices(session, page.scope), sort=sort, sorts=records.SORTS,
                  flagged=flagged == "1", here={k: v for k, v in here.items() if v})  # fmt: skip


@router.get("/console/persons", response_class=HTMLResponse)
def person_list(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    """Persons by name (not households), each with their household; opening one is the household's page."""
    f = filters_of(request, page.scope)
    if fmt := export_format(request):  # every person of the scope (or the chosen area), streamed
        t = LANGUAGES[language(request)]
        return stream_export(request, session, actor=page.actor, area=page.scope, what="persons", fmt=fmt,
                             headers=["nama", "nik", "jenis_kelamin", "tanggal_lahir", "hubungan", "kepala_keluarga",
                                      "no_kk", "desa", "desa_kode", "record_id", "member_id"], lang=language(request),
                             rows=lambda own: ([r.name, r.nik, t.get(f"sex_{r.sex}", r.sex), as_date(r.birth_date),
                                                t.get(f"rel_{r.relation}", r.relation), r.head, r.no_kk, r.desa_name,
                                                r.area, r.record_id, r.member_id]
                                               for r in person_search.all_persons(own, scope=page.scope, area=f.area)))  # fmt: skip
    found = person_search.search_persons(session, scope=page.scope, filters=f)
    return render(
        request, "persons.html", page=page, found=found, f=f, areas=area_choices(session, page.scope)
    )


@router.get("/console/records/{record_id}", response_class=HTMLResponse)
def household_page(request: Request, record_id: str, session: SessionDep, page: CurrentPage) -> Response:
    try:
        view = records.get_household(session, scope=page.scope, record_id=record_id, lang=language(request))
    except ApiError as err:
        return user_error(request, session, page, err)
    # Full NIKs, disability and health are specific personal data (UU 27/2022): who opened them is kept.
    audit(
        session, actor=page.actor, action="household.view", target=f"record:{record_id}", area=view.row.area
    )
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
