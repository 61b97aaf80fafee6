"""Console pages for what was done for each person (issue #31): a person's page with one timeline, coverage
per period and area, the SPM report (page, XLSX, PDF with a chart), and the unserved and overdue-visit lists
per desa (exportable; every export audited). The logic is crud/care.py; these routes read the query, check
the login (CurrentPage gives the scope) and draw."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from forms.domain import regions
from forms.domain.ppks import PPKS_CATEGORIES
from forms.lists import AGENCIES_LIST, SERVICES_LIST
from forms.lists import label as list_label
from server.api.deps import SessionDep
from server.crud import care
from server.crud.audit import audit
from server.errors import ApiError, BadRequest
from server.web.access import CurrentPage
from server.web.care_words import WORDS
from server.web.export import export_format, export_response
from server.web.render import language, render, user_error
from server.web.spm_pdf import spm_pdf

router = APIRouter()
PDF = "application/pdf"


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"Tanggal tidak sah: {text[:20]!r}.", f"Not a date: {text[:20]!r}.") from None


def period(request: Request) -> tuple[str, str]:
    """[start, end] from ?start=&end= (ISO dates), else this calendar year so far."""
    today = date.today()
    start = _day(request.query_params.get("start"), date(today.year, 1, 1))
    end = _day(request.query_params.get("end"), today)
    if end < start:
        raise BadRequest("Tanggal akhir sebelum tanggal awal.", "The end date is before the start date.")
    return start.isoformat(), end.isoformat()


def ppks_name(code: str, lang: str) -> str:
    found = next((c for c in PPKS_CATEGORIES if c.code == code), None)
    return (found.name_en if lang == "en" else found.name_id) if found else code


def desa_name(code: str) -> str:
    region = regions.get(code) if code else None
    return region.name if region else code


@router.get("/console/persons/{record_id}/{member_id}", response_class=HTMLResponse)
def person_page(
    request: Request, record_id: str, member_id: str, session: SessionDep, page: CurrentPage
) -> Response:
    try:
        view = care.person_page(session, scope=page.scope, record_id=record_id, member_id=member_id,
                                actor=page.actor)  # fmt: skip
    except ApiError as err:
        return user_error(request, session, page, err)
    lang = language(request)
    return render(request, "care_person.html", page=page, p=view, w=WORDS[lang], desa_name=desa_name,
                  ppks_name=lambda c: ppks_name(c, lang),
                  service_name=lambda c: list_label(SERVICES_LIST, c, lang),
                  agency_name=lambda c: list_label(AGENCIES_LIST, c, lang))  # fmt: skip


def _coverage_rows(found, lang: str) -> tuple[list, list, list]:
    categories = sorted(
        ((ppks_name(c, lang), n, s) for c, (n, s) in found.by_category.items()), key=lambda r: -r[1]
    )
    services = sorted(((list_label(SERVICES_LIST, c, lang), n) for c, n in found.by_service.items()),
                      key=lambda r: -r[1])  # fmt: skip
    spm = [(s["label"].get(lang) or s["label"]["id"], needed, served) for s, needed, served in found.spm]
    return categories, services, spm


@router.get("/console/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    try:
        start, end = period(request)
    except ApiError as err:
        return user_error(request, session, page, err)
    lang, fmt = language(request), export_format(request)
    found = care.coverage(session, scope=page.scope, start=start, end=end)
    categories, services, spm = _coverage_rows(found, lang)
    w = WORDS[lang]
    if fmt:
        rows = [[w["category"], name, n, s] for name, n, s in categories]
        rows += [[w["service"], name, "", n] for name, n in services]
        return export_response(session, actor=page.actor, area=page.scope, what="coverage", fmt=fmt,
                               headers=["bagian", "nama", "orang_ppks", "terlayani"], rows=rows)  # fmt: skip
    return render(request, "care_coverage.html", page=page, w=w, start=start, end=end, found=found,
                  categories=categories, services=services, spm=spm)  # fmt: skip


@router.get("/console/spm", response_class=HTMLResponse)
def spm_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    try:
        start, end = period(request)
    except ApiError as err:
        return user_error(request, session, page, err)
    lang, fmt = language(request), request.query_params.get("format", "")
    w = WORDS[lang]
    _, _, spm = _coverage_rows(care.coverage(session, scope=page.scope, start=start, end=end), lang)
    area = desa_name(page.scope) if page.scope else ("Kabupaten" if lang == "id" else "District")
    if fmt == "pdf":
        audit(session, actor=page.actor, action="export", target="spm:pdf", area=page.scope,
              detail={"rows": len(spm), "format": "pdf"})  # fmt: skip
        data = spm_pdf(w["spm"], f"{w['period']} {start} - {end} · {area}",
                       [w["spm_service"], w["needed"], w["served"], w["share"]], spm, (w["needed"], w["served"]),
                       w["spm_pdf_footer"])  # fmt: skip
        return Response(data, media_type=PDF, headers={"Content-Disposition": "attachment; filename=spm.pdf"})
    if fmt:
        return export_response(session, actor=page.actor, area=page.scope, what="spm", fmt=export_format(request),
                               headers=["layanan_spm", "membutuhkan", "terlayani"],
                               rows=[list(r) for r in spm])  # fmt: skip
    top = max([n for _, n, _ in spm] + [1])
    return render(request, "care_spm.html", page=page, w=w, start=start, end=end, spm=spm, top=top, area=area)


@router.get("/console/care/unserved", response_class=HTMLResponse)
def unserved_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    try:
        months = int(request.query_params.get("months") or 6)
        if not 1 <= months <= 60:
            raise ValueError(months)
        today = _day(request.query_params.get("today"), date.today())
    except ValueError:
        return user_error(request, session, page, BadRequest("Jumlah bulan 1 sampai 60.", "Months: 1 to 60."))
    except ApiError as err:
        return user_error(request, session, page, err)
    lang, fmt, w = language(request), export_format(request), WORDS[language(request)]
    found = care.unserved(session, scope=page.scope, today=today, months=months)
    names = care.names_of(session, [u.person for u in found])
    rows = [[desa_name(u.desa), names.get(u.person, ""), u.person[0], u.person[1],
             ", ".join(ppks_name(c, lang) for c in u.ppks), u.last_service or w["never"]] for u in found]  # fmt: skip
    if fmt:
        return export_response(session, actor=page.actor, area=page.scope, what="unserved", fmt=fmt,
                               headers=["desa", "nama", "record_id", "member_id", "ppks", "layanan_terakhir"],
                               rows=rows)  # fmt: skip
    return render(request, "care_list.html", page=page, w=w, title=w["unserved"], rows=rows, months=months,
                  headers=[w["desa"], w["name"], w["ppks"], w["last_service"]], path=request.url.path)  # fmt: skip


@router.get("/console/care/overdue", response_class=HTMLResponse)
def overdue_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    try:
        today = _day(request.query_params.get("today"), date.today())
    except ApiError as err:
        return user_error(request, session, page, err)
    fmt, w = export_format(request), WORDS[language(request)]
    found = [d for d in care.overdue(session, scope=page.scope, today=today) if d.overdue]
    names = care.names_of(session, [d.person for d in found])
    rows = [[desa_name(d.desa), names.get(d.person, ""), d.person[0], d.person[1], d.last_visit, d.next_visit,
             d.days_late] for d in found]  # fmt: skip
    if fmt:
        return export_response(session, actor=page.actor, area=page.scope, what="overdue_visits", fmt=fmt,
                               headers=["desa", "nama", "record_id", "member_id", "kunjungan_terakhir",
                                        "jatuh_tempo", "terlambat_hari"], rows=rows)  # fmt: skip
    return render(request, "care_list.html", page=page, w=w, title=w["overdue"], rows=rows, months=None,
                  headers=[w["desa"], w["name"], w["last_visit"], w["due"], w["days_late"]],
                  path=request.url.path)  # fmt: skip
