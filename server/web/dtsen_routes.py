"""Console pages for the DTSEN monthly package (issue #34): the month's agreed proposals per kecamatan and desa
with their checks, the export in the admin's column layout, the `dikirim` step, the outcomes import with its
per-row report, and what is due this month. The logic is crud/dtsen_export.py and crud/dtsen_outcomes.py."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import dtsen_calendar
from forms.display import answer_text
from forms.problems import UserError
from server.api.deps import SessionDep, SettingsDep
from server.crud import dtsen_export as dx
from server.crud.audit import audit
from server.crud.dtsen_outcomes import import_outcomes
from server.crud.forms import get_form
from server.crud.imports import ImportReport
from server.errors import BadRequest
from server.models import ReferenceDataRow
from server.web.access import AdminPostedPage, CurrentPage, Page
from server.web.admin_routes import read_upload
from server.web.dtsen_words import WORDS
from server.web.render import language, render, user_error

router = APIRouter()
CALENDAR = "dtsen_calendar"  # reference data the district may publish: {"meeting_day": 15, ...}
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(request: Request) -> str:
    month = request.query_params.get("month") or date.today().strftime("%Y-%m")
    if not MONTH_RE.match(month):
        raise BadRequest(WORDS["id"]["bad_month"], WORDS["en"]["bad_month"])
    return month


def _calendar(session: Session) -> dict:
    rows = session.execute(select(ReferenceDataRow).where(ReferenceDataRow.name == CALENDAR)).scalars().all()
    newest = max(rows, key=lambda r: r.published_at, default=None)
    return dict(newest.data) if newest is not None and isinstance(newest.data, dict) else {}


def _page(request: Request, session: Session, page: Page, month: str, **extra) -> Response:  # noqa: ANN003
    lang = language(request)
    lines = dx.package(session, scope=page.scope, month=month)
    form = get_form(session, form_id="usulan", version=1)

    def word(name: str, value: object) -> str:  # a choice's label, not its code
        return answer_text(form.by_name[name], value, lang) if value not in (None, "") else ""

    per_area: dict[tuple[str, str], list[int]] = {}
    for line in lines:
        counts = per_area.setdefault(
            (dx.region_name(line.kecamatan), dx.region_name(line.record.area)), [0, 0]
        )
        counts[0] += 1
        counts[1] += bool(line.findings)
    return render(request, "dtsen.html", page=page, w=WORDS[lang], month=month, lines=lines,
                  per_area=sorted(per_area.items()), checks={k: v[lang == "en"] for k, v in dx.CHECKS.items()},
                  layout=dx.layout_text(dx.layout(session)), desa_name=dx.region_name, lang_code=lang,
                  due=dtsen_calendar.due_this_month(date.today(), _calendar(session)),
                  admin=page.user.role == "admin", word=word, **extra)  # fmt: skip


@router.get("/console/dtsen", response_class=HTMLResponse)
def dtsen_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    try:
        month = _month(request)
    except UserError as err:
        return user_error(request, session, page, err)
    fmt = request.query_params.get("format", "")
    if fmt in ("xlsx", "csv"):
        lines = dx.package(session, scope=page.scope, month=month)
        data = dx.export_file(session, lines, fmt)
        audit(session, actor=page.actor, action="export", target=f"dtsen:{month}", area=page.scope,
              detail={"format": fmt, "rows": len(lines)})  # fmt: skip
        media = (
            "text/csv"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return Response(data, media_type=media,
                        headers={"Content-Disposition": f"attachment; filename=dtsen-{month}.{fmt}"})  # fmt: skip
    return _page(request, session, page, month)


@router.post("/console/dtsen/layout", response_class=HTMLResponse)
def dtsen_layout(request: Request, session: SessionDep, page: AdminPostedPage,
                 layout: Annotated[str, Form(max_length=20000)] = "",
                 month: Annotated[str, Form(max_length=7)] = "") -> Response:  # fmt: skip
    try:
        dx.save_layout(session, layout, actor=page.actor)
    except UserError as err:
        return user_error(request, session, page, err)
    session.flush()
    return _page(request, session, page, month if MONTH_RE.match(month) else date.today().strftime("%Y-%m"),
                 notice=WORDS[language(request)]["layout_saved"])  # fmt: skip


@router.post("/console/dtsen/sent", response_class=HTMLResponse)
def dtsen_sent(request: Request, session: SessionDep, page: AdminPostedPage,
               month: Annotated[str, Form(max_length=7)] = "") -> Response:  # fmt: skip
    if not MONTH_RE.match(month):
        return user_error(
            request, session, page, BadRequest(WORDS["id"]["bad_month"], WORDS["en"]["bad_month"])
        )
    n = dx.mark_sent(
        session, dx.package(session, scope=page.scope, month=month), day=date.today(), actor=page.actor
    )
    session.flush()
    return _page(request, session, page, month, notice=WORDS[language(request)]["sent_done"].format(n=n))


@router.post("/console/dtsen/outcomes", response_class=HTMLResponse)
async def dtsen_outcomes(request: Request, session: SessionDep, settings: SettingsDep, page: AdminPostedPage,
                         sheet: UploadFile | None = None,
                         month: Annotated[str, Form(max_length=7)] = "") -> Response:  # fmt: skip
    try:
        data = await read_upload(sheet, settings.max_body_bytes)
        suffix = ".csv" if sheet.filename.lower().endswith(".csv") else ".xlsx"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"hasil{suffix}"
            path.write_bytes(data)
            report: ImportReport = import_outcomes(session, path, scope=page.scope, actor=page.actor)
    except UserError as err:
        return user_error(request, session, page, err)
    session.flush()
    lang = language(request)
    return _page(request, session, page, month if MONTH_RE.match(month) else date.today().strftime("%Y-%m"),
                 notice=WORDS[lang]["outcomes_done"].format(n=report.persons),
                 problems=[p.message(lang) for p in report.problems])  # fmt: skip
