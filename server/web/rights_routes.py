"""Console pages for personal data rights (UU 27/2022): a person's data report as a PDF, for the admin answering
a citizen's request (crud/data_report.py; the PDF is report_pdf.py). Making it is audited."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from server.api.deps import SessionDep
from server.crud.data_report import person_report
from server.errors import ApiError
from server.web.access import AdminPage
from server.web.render import user_error
from server.web.report_pdf import person_report_pdf

router = APIRouter()


@router.get("/console/persons/{record_id}/{member_id}/laporan.pdf")
def data_report(
    request: Request, record_id: str, member_id: str, session: SessionDep, page: AdminPage
) -> Response:
    try:
        report = person_report(session, record_id=record_id, member_id=member_id, actor=page.actor)
    except ApiError as err:
        return user_error(request, session, page, err)
    name = f"laporan-data-pribadi-{record_id[:8]}-{member_id[:8]}.pdf"
    return Response(person_report_pdf(report), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})  # fmt: skip
