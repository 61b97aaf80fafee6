"""The console's audit page (/console/audit): who used whose data, when — console users and village laptops
alike — filtered by record, user, device, action and dates, newest first, paged with the true count, and
exported (the export itself audited). An admin reads the whole district, a TKSK their kecamatan's rows only.
The query is crud/audit_log.py."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from server.api.deps import SessionDep
from server.crud.audit_log import AuditFilters, audit_page, audit_rows, detail_words, device_labels, who
from server.web.access import CurrentPage
from server.web.audit_words import ACTION_FAMILIES, WORDS, action_words
from server.web.export import export_format, export_response
from server.web.render import language, render

router = APIRouter()
EXPORT_HEADERS = ["waktu", "siapa", "tindakan", "sasaran", "wilayah_kode", "keterangan"]


@router.get("/console/audit", response_class=HTMLResponse)
def audit_list(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    lang, f = language(request), AuditFilters.of(dict(request.query_params))
    fmt = export_format(request)
    if fmt:
        rows = audit_rows(session, scope=page.scope, filters=f)
        devices = device_labels(session, rows)
        table = [[r.at, who(r, devices, lang), action_words(r.action, lang), r.target, r.area, detail_words(r, lang)]
                 for r in rows]  # fmt: skip
        return export_response(session, actor=page.actor, area=page.scope, what="audit", fmt=fmt,
                               headers=EXPORT_HEADERS, rows=table, lang=lang, zone_area=page.scope)  # fmt: skip
    found = audit_page(session, scope=page.scope, filters=f)
    devices = device_labels(session, found.rows)
    return render(request, "audit.html", page=page, f=f, found=found, w=WORDS[lang], families=ACTION_FAMILIES,
                  who=lambda r: who(r, devices, lang), said=lambda a: action_words(a, lang), detail=lambda r: detail_words(r, lang))  # fmt: skip
