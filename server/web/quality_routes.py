"""Console pages for data quality: possible duplicates (confirm or dismiss, one pair or many of one reason),
persons without NIK, and the review page (review flags — resolved one at a time or many at once —, conflicts,
NIK/birth-date overrides). Each list is paged (50), filtered by area within the user's scope and by its own
kind (reason, flag code), sorted, with its true count; acting brings the user back to the same filters, page
and place. The logic is crud/duplicates.py and crud/quality.py; these routes check the login, the role and
the CSRF token."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from server.api.deps import SessionDep
from server.crud import duplicates, pairs, quality
from server.errors import ApiError, NotFound
from server.web.access import CurrentPage, DeciderPage, PostedPage
from server.web.export import as_date, export_format
from server.web.export_stream import stream_export
from server.web.listing import area_choices, back_to, filters_of, kept
from server.web.render import language, render, user_error
from server.web.strings import LANGUAGES

router = APIRouter()
Text = Annotated[str, Form(max_length=64)]
Back = Annotated[str, Form(max_length=1200)]
Picked = Annotated[list[str], Form(max_length=400)]
REASONS = (duplicates.BY_NIK, duplicates.BY_NAME)


def pair_filters(request: Request, scope: str):  # noqa: ANN201 - ListFilters
    return filters_of(request, scope, kinds=REASONS, sorts=duplicates.PAIR_SORTS, extra=("state",))


@router.get("/console/quality/duplicates", response_class=HTMLResponse)
def duplicate_list(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    fmt, f = export_format(request), pair_filters(request, page.scope)
    if fmt:  # every pair of the filter, streamed
        t = LANGUAGES[language(request)]
        return stream_export(request, session, actor=page.actor, area=page.scope, what="duplicates", fmt=fmt,
                             headers=["alasan", "nama", "nik", "tanggal_lahir", "desa", "desa_kode", "record_id",
                                      "member_id"], lang=language(request),
                             rows=lambda own: ([t[f"reason_{c.reason}"], x.name, x.nik, as_date(x.birth_date),
                                                x.desa_name, x.area, x.record_id, x.member_id]
                                               for c in duplicates.all_pairs(own, scope=page.scope, filters=f)
                                               for x in (c.a, c.b)))  # fmt: skip
    found = duplicates.pair_page(session, scope=page.scope, filters=f)
    return render(request, "duplicates.html", page=page, found=found, items=found.rows, total=found.total, f=f,
                  areas=area_choices(session, page.scope), reasons=REASONS, sorts=duplicates.PAIR_SORTS,
                  message=request.query_params.get("msg", ""), undo=request.query_params.get("undo", "")[:300])  # fmt: skip


def _pair(value: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    parts = value.split("|")
    return ((parts[0], parts[1]), (parts[2], parts[3])) if len(parts) == 4 and all(parts) else None


def _key(value: str) -> tuple[str, str]:
    record_id, _, member_id = value.partition("|")
    return record_id, member_id


def _pair_page(
    request: Request, session, page, one, two, back: str, error: str = "", status: int = 200
) -> Response:  # noqa: ANN001
    try:
        view = pairs.pair_view(session, scope=page.scope, one=one, two=two)
    except ApiError as err:
        return user_error(request, session, page, err)
    return render(request, "pair.html", status=status, page=page, p=view, back=kept(back), error=error)


@router.get("/console/quality/duplicates/pair", response_class=HTMLResponse)
def duplicate_pair(request: Request, session: SessionDep, page: CurrentPage, a: Annotated[str, Query(max_length=130)] = "",
                   b: Annotated[str, Query(max_length=130)] = "",
                   back: Annotated[str, Query(max_length=800)] = "") -> Response:  # fmt: skip
    """The two persons side by side, with the three decisions (admin) or what was decided."""
    return _pair_page(request, session, page, _key(a), _key(b), back)


@router.post("/console/quality/duplicates/decide")
def duplicate_decide(request: Request, session: SessionDep, page: DeciderPage, a_record: Text = "",
                     a_member: Text = "", b_record: Text = "", b_member: Text = "",
                     decision: Annotated[str, Form(max_length=16)] = "", back: Back = "",
                     confirm: Annotated[str, Form(max_length=4)] = "") -> Response:  # fmt: skip
    """Decide one pair. Linking two persons as one asks once (the confirmation box); any decision can be undone
    from the list it returns to."""
    one, two = (a_record, a_member), (b_record, b_member)
    if decision == "linked" and confirm != "1":
        message = LANGUAGES[language(request)]["link_confirm_needed"]
        return _pair_page(request, session, page, one, two, back, message, 400)
    try:
        duplicates.decide(session, scope=page.scope, one=one, two=two, decision=decision, actor=page.actor)
    except ApiError as err:
        return user_error(request, session, page, err)
    undo = urlencode({"undo": f"{a_record}|{a_member}|{b_record}|{b_member}"})
    return back_to("/console/quality/duplicates", "&".join(x for x in (kept(back), undo) if x), decision)


@router.post("/console/quality/duplicates/undo")
def duplicate_undo(request: Request, session: SessionDep, page: DeciderPage, pair: Annotated[str, Form(max_length=300)] = "",
                   back: Back = "") -> Response:  # fmt: skip
    found = _pair(pair)
    try:
        if found is None:
            raise NotFound("Keputusan tidak ditemukan.", "Decision not found.")
        pairs.undo(session, scope=page.scope, one=found[0], two=found[1], actor=page.actor)
    except ApiError as err:
        return user_error(request, session, page, err)
    return back_to("/console/quality/duplicates", back, "undone")


@router.post("/console/quality/duplicates/decide-many")
def duplicate_decide_many(request: Request, session: SessionDep, page: DeciderPage, pair: Picked = (),  # noqa: B006
                          decision: Annotated[str, Form(max_length=16)] = "", back: Back = "",
                          confirm: Annotated[str, Form(max_length=4)] = "") -> Response:  # fmt: skip
    """The pairs ticked on one page, all of one reason (the list is filtered to it), decided alike; linking
    many asks once (the confirmation box)."""
    if decision == "linked" and confirm != "1":
        return back_to("/console/quality/duplicates", back, "link_confirm_needed")
    found = [p for p in (_pair(v) for v in pair) if p is not None]
    try:
        done = duplicates.decide_many(
            session, scope=page.scope, pairs=found, decision=decision, actor=page.actor
        )
    except ApiError as err:
        return user_error(request, session, page, err)
    return back_to("/console/quality/duplicates", back, f"bulk_{decision}" if done else "bulk_none")


@router.get("/console/quality/no-nik", response_class=HTMLResponse)
def no_nik_list(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    fmt = export_format(request)
    f = filters_of(request, page.scope, kinds=quality.NO_NIK_REASONS, sorts=quality.NO_NIK_SORTS)
    if fmt:  # the whole list, streamed: a district's Dukcapil list in flat memory
        t = LANGUAGES[language(request)]
        return stream_export(request, session, actor=page.actor, area=page.scope, what="no_nik", fmt=fmt,
                             headers=["nama", "jenis_kelamin", "tanggal_lahir", "alasan", "desa", "desa_kode",
                                      "record_id", "member_id"], lang=language(request),
                             rows=lambda own: ([r.name, t.get(f"sex_{r.sex}", r.sex), as_date(r.birth_date),
                                                t.get(f"nik_{r.reason}", r.reason), r.desa_name, r.area, r.record_id,
                                                r.member_id] for r in quality.persons_without_nik(own, scope=page.scope, filters=f)))  # fmt: skip
    found = quality.no_nik_page(session, scope=page.scope, filters=f)
    return render(request, "no_nik.html", page=page, found=found, rows=found.rows, total=found.total, f=f,
                  areas=area_choices(session, page.scope), reasons=quality.NO_NIK_REASONS,
                  sorts=quality.NO_NIK_SORTS)  # fmt: skip


@router.get("/console/quality/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    f = filters_of(request, page.scope, kinds=quality.FLAG_CODES, sorts=quality.FLAG_SORTS)
    found = quality.flag_page(session, scope=page.scope, filters=f)
    return render(request, "review.html", page=page, found=found, flags=found.rows, f=f,
                  areas=area_choices(session, page.scope), codes=quality.FLAG_CODES, sorts=quality.FLAG_SORTS,
                  conflicts=quality.open_conflicts(session, scope=page.scope, lang=language(request)),
                  overrides=quality.overrides(session, scope=page.scope),
                  message=request.query_params.get("msg", ""))  # fmt: skip


@router.post("/console/quality/flags/{record_id}/resolve")
def flag_resolve(request: Request, record_id: str, session: SessionDep, page: PostedPage,
                 code: Annotated[str, Form(max_length=40)] = "", back: Back = "") -> Response:  # fmt: skip
    try:
        quality.clear_flag(session, scope=page.scope, record_id=record_id, code=code, actor=page.actor)
    except ApiError as err:
        return user_error(request, session, page, err)
    return back_to("/console/quality/review", back, "done")


@router.post("/console/quality/flags/resolve-many")
def flags_resolve_many(request: Request, session: SessionDep, page: PostedPage, flag: Picked = (),  # noqa: B006
                       back: Back = "") -> Response:  # fmt: skip
    """The review flags ticked on one page ("<record id>|<code>"), each resolved as one by one would."""
    items = [tuple(v.split("|", 1)) for v in flag if v.count("|") == 1]
    done = quality.clear_flags(session, scope=page.scope, items=items, actor=page.actor)
    return back_to("/console/quality/review", back, "bulk_resolved" if done else "bulk_none")


@router.post("/console/quality/conflicts/{conflict_id}/resolve")
def conflict_resolve(request: Request, conflict_id: int, session: SessionDep, page: PostedPage,
                     back: Back = "") -> Response:  # fmt: skip
    try:
        quality.resolve_conflict(session, scope=page.scope, conflict_id=conflict_id, actor=page.actor)
    except ApiError as err:
        return user_error(request, session, page, err)
    return back_to("/console/quality/review", back, "done", anchor="conflicts")
