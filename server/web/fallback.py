"""An unknown console URL answers with a page in the console's look (404, in the user's language, with the
navigation when logged in), not the API's JSON. Included after every other console route and after the static
files, so it only catches what nothing else does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from server.web.access import Page
from server.web.render import language, render
from server.web.strings import LANGUAGES

router = APIRouter()


@router.get("/console/{rest:path}", response_class=HTMLResponse, include_in_schema=False)
def unknown_page(request: Request, rest: str, page: Annotated[Page, Depends(Page)]) -> HTMLResponse:
    t = LANGUAGES[language(request)]
    return render(request, "error.html", status=404, page=page if page.user else None, message=t["page_missing"],
                  title=t["page_missing_title"])  # fmt: skip
