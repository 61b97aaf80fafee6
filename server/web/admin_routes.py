"""Admin-only pages: forms and lists (/console/forms: publish a form version — a JSON definition or an
XLSForm, previewed in words first (server/web/xlsform_upload.py) — download a published version's definition
and XLSForm, import a DTKS/DTSEN list and watch its verification per desa) and the complaint step deadlines
(/console/deadlines).

Publishing and importing go through crud/forms.py and crud/imports.py, as `jaring-server forms publish` and
`import-list` do; a refused file is shown on the page with every problem forms/ found, and nothing is kept.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from forms.definition import DefinitionError
from forms.problems import ListedError, UserError
from forms.registry import default_registry
from server.api.deps import SessionDep, SettingsDep
from server.crud.deadlines import current_deadlines, parse_days, set_deadlines
from server.crud.forms import get_form, publish_form, published_forms
from server.crud.imports import import_list, import_progress
from server.crud.worklist import refresh_all
from server.web import xlsform_upload as upload
from server.web.access import AdminPage, AdminPostedPage, Page
from server.web.forms_words import WORDS
from server.web.render import language, message_of, render, user_error
from server.web.strings import LANGUAGES
from sync.workflow import DEFAULT_DEADLINES

router = APIRouter()
MAX_DEFINITION_BYTES = 2 * 1024 * 1024
LIST_FORMS = ("ppks_registration",)  # household forms a DTKS/DTSEN list can prefill


class FileRefused(UserError):
    code = "file_refused"


class NoWorkbook(UserError):
    code = "no_workbook"
    status = 404


async def read_upload(upload: UploadFile | None, limit: int) -> bytes:
    """The uploaded file's bytes; FileRefused (in the user's language) when missing or over `limit`."""
    ids, en = LANGUAGES["id"], LANGUAGES["en"]
    if upload is None or not upload.filename:
        raise FileRefused(ids["no_file"], en["no_file"])
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(ids["file_too_large"].format(limit=limit), en["file_too_large"].format(limit=limit))
    return data


def forms_context(session: Session, data_dir: Path | None = None) -> dict:
    shipped = [(f.form_id, f.version) for f in default_registry().all()]
    published = published_forms(session)
    workbooks = {f"{f.form_id}@{f.version}" for f in published
                 if data_dir and upload.published_workbook(data_dir, f.form_id, f.version)}  # fmt: skip
    return {"published": published, "shipped": shipped, "progress": import_progress(session),
            "list_forms": LIST_FORMS, "workbooks": workbooks}  # fmt: skip


def forms_page_with(
    request: Request, session: Session, page: Page, status: int = 200, **extra: object
) -> Response:
    data_dir = getattr(request.app.state.settings, "data_dir", None)
    return render(request, "forms.html", status=status, page=page, **forms_context(session, data_dir),
                  w=WORDS[language(request)],
                  **{"error": "", "problems": [], "notice": "", "report": None, "preview": None, **extra})  # fmt: skip


def refused_file(request: Request, session: Session, page: Page, error: UserError) -> Response:
    """The forms page again, with the refusal and (for a definition) every problem forms/ listed."""
    session.rollback()
    problems = error.problems if isinstance(error, (DefinitionError, ListedError)) else []
    text = message_of(request, error).split("\n")[0] if problems else message_of(request, error)
    return forms_page_with(
        request, session, page, status=getattr(error, "status", 400), error=text, problems=problems
    )


@router.get("/console/forms", response_class=HTMLResponse)
def forms_page(request: Request, session: SessionDep, page: AdminPage) -> Response:
    return forms_page_with(request, session, page)


@router.post("/console/forms/publish", response_class=HTMLResponse)
async def publish(request: Request, session: SessionDep, page: AdminPostedPage,
                  definition: UploadFile | None = None) -> Response:  # fmt: skip
    try:
        data = await read_upload(definition, MAX_DEFINITION_BYTES)
        try:
            source = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            ids, en = LANGUAGES["id"], LANGUAGES["en"]
            raise FileRefused(ids["not_json"].format(error=err), en["not_json"].format(error=err)) from None
        if not isinstance(source, dict):
            raise FileRefused(LANGUAGES["id"]["not_object"], LANGUAGES["en"]["not_object"])
        form, new = publish_form(session, source=source, actor=page.actor)
    except UserError as error:
        return refused_file(request, session, page, error)
    t = LANGUAGES[language(request)]
    notice = (t["published"] if new else t["already_published"]).format(key=form.key)
    return forms_page_with(request, session, page, notice=notice)


@router.post("/console/forms/xlsform", response_class=HTMLResponse)
async def xlsform_check(request: Request, session: SessionDep, settings: SettingsDep, page: AdminPostedPage,
                        workbook: UploadFile | None = None, csv: list[UploadFile] | None = None) -> Response:  # fmt: skip
    """An XLSForm (and its CSV files) checked: every problem in words, or a preview of its questions."""
    w = {lang: WORDS[lang] for lang in WORDS}
    try:
        data = await read_upload(workbook, MAX_DEFINITION_BYTES * 4)
        if not workbook.filename.lower().endswith(upload.WORKBOOK_SUFFIXES):
            raise FileRefused(w["id"]["not_workbook"], w["en"]["not_workbook"])
        files = []
        for f in [f for f in csv or [] if f.filename]:
            if not f.filename.lower().endswith(".csv"):
                raise FileRefused(
                    w["id"]["not_csv"].format(name=f.filename), w["en"]["not_csv"].format(name=f.filename)
                )
            files.append((f.filename, await read_upload(f, settings.max_body_bytes)))
        token = upload.stash(settings.data_dir, (workbook.filename, data), files)
        path, kept = upload.stashed(settings.data_dir, token)
        _definition, form = upload.import_upload(path, kept)
    except UserError as error:
        return refused_file(request, session, page, error)
    rows = upload.preview_rows(form, language(request))
    return forms_page_with(request, session, page, preview={"key": form.key, "rows": rows, "token": token})


@router.post("/console/forms/xlsform/publish", response_class=HTMLResponse)
def xlsform_publish(request: Request, session: SessionDep, settings: SettingsDep, page: AdminPostedPage,
                    token: Annotated[str, Form(max_length=64)] = "") -> Response:  # fmt: skip
    kept = upload.stashed(settings.data_dir, token)
    try:
        if kept is None:
            raise FileRefused(WORDS["id"]["expired"], WORDS["en"]["expired"])
        definition, _form = upload.import_upload(*kept)
        form, new = publish_form(session, source=definition, actor=page.actor)
    except UserError as error:
        return refused_file(request, session, page, error)
    upload.keep_published(settings.data_dir, token, form)
    t = LANGUAGES[language(request)]
    notice = (t["published"] if new else t["already_published"]).format(key=form.key)
    return forms_page_with(request, session, page, notice=notice)


@router.get("/console/forms/{form_id}/{version}/definition.json")
def definition_download(request: Request, session: SessionDep, page: AdminPage, form_id: str,
                        version: int) -> Response:  # fmt: skip
    try:
        form = get_form(session, form_id=form_id, version=version)
    except UserError as error:
        return user_error(request, session, page, error)
    return Response(form.to_json(), media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{form.key}.json"'})  # fmt: skip


@router.get("/console/forms/{form_id}/{version}/xlsform")
def xlsform_download(request: Request, session: SessionDep, settings: SettingsDep, page: AdminPage, form_id: str,
                     version: int) -> Response:  # fmt: skip
    try:
        form = get_form(session, form_id=form_id, version=version)
        path = upload.published_workbook(settings.data_dir, form.form_id, form.version)
        if path is None:
            raise NoWorkbook(WORDS["id"]["no_workbook"], WORDS["en"]["no_workbook"])
    except UserError as error:
        return user_error(request, session, page, error)
    return Response(path.read_bytes(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{form.key}{path.suffix}"'})  # fmt: skip


@router.post("/console/lists/import", response_class=HTMLResponse)
async def import_sheet(request: Request, session: SessionDep, settings: SettingsDep, page: AdminPostedPage,
                       sheet: UploadFile | None = None,
                       form_id: Annotated[str, Form(max_length=64)] = LIST_FORMS[0]) -> Response:  # fmt: skip
    try:
        if form_id not in LIST_FORMS:
            raise FileRefused(
                f"Formulir '{form_id}' tidak untuk daftar.", f"Form '{form_id}' takes no lists."
            )
        data = await read_upload(sheet, settings.max_body_bytes)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(sheet.filename).name
            path.write_bytes(data)
            report = import_list(session, path=path, form_id=form_id, actor=page.actor)
    except UserError as error:
        return refused_file(request, session, page, error)
    t = LANGUAGES[language(request)]
    notice = t["import_done"].format(households=report.households, persons=report.persons,
                                     skipped=report.skipped_existing)  # fmt: skip
    session.flush()
    return forms_page_with(request, session, page, notice=notice, report=report)


@router.get("/console/deadlines", response_class=HTMLResponse)
def deadlines_page(request: Request, session: SessionDep, page: AdminPage) -> Response:
    return render(request, "deadlines.html", page=page, values=asdict(current_deadlines(session)),
                  defaults=asdict(DEFAULT_DEADLINES), saved=request.query_params.get("msg") == "saved", error="")  # fmt: skip


@router.post("/console/deadlines")
def deadlines_save(request: Request, session: SessionDep, page: AdminPostedPage,
                   verify_days: Annotated[str, Form(max_length=8)] = "",
                   refer_days: Annotated[str, Form(max_length=8)] = "",
                   close_days: Annotated[str, Form(max_length=8)] = "") -> Response:  # fmt: skip
    submitted = {"verify_days": verify_days, "refer_days": refer_days, "close_days": close_days}
    try:
        set_deadlines(session, deadlines=parse_days(submitted), actor=page.actor)
        refresh_all(session)  # every open complaint's due date follows the new deadlines
    except UserError as error:
        session.rollback()
        return render(request, "deadlines.html", status=400, page=page, values=submitted,
                      defaults=asdict(DEFAULT_DEADLINES), saved=False, error=message_of(request, error))  # fmt: skip
    return RedirectResponse("/console/deadlines?msg=saved", status_code=303)
