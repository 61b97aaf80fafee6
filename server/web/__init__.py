"""The district web console: server-rendered pages (Jinja2) over the same crud as the API."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from server.web.access import ConsoleRefused, refused

# Each module holds one group of pages and a `router`; a new group is one more line here.
# Order matters where a literal path meets a parameter: /console/complaints/export before /console/complaints/{id}.
PAGE_MODULES = (
    "server.web.export",  # XLSX/CSV of the lists on screen
    "server.web.routes",  # login, complaints
    "server.web.public",  # the public complaint-status page
    "server.web.dashboard_routes",
    "server.web.devices_routes",
    "server.web.admin_routes",  # forms and lists, deadlines
    "server.web.records_routes",  # records search, household
    "server.web.quality_routes",  # duplicates, review flags and conflicts, persons without NIK
    "server.web.care_routes",  # a person's timeline, coverage, SPM, unserved and overdue lists (issue #31)
    "server.web.rights_routes",  # a person's data report (UU 27/2022)
    "server.web.audit_routes",  # who used whose data (UU 27/2022)
    "server.web.dtsen_routes",  # the monthly DTSEN package (issue #34)
)


def mount_console(app: FastAPI) -> None:
    """The console's pages, the public status page and the console's static files (no CDN, no build step);
    every refusal of a page's access dependency (server/web/access.py) drawn by one handler."""
    app.add_exception_handler(ConsoleRefused, refused)
    for name in PAGE_MODULES:
        app.include_router(import_module(name).router)
    app.mount(
        "/console/static", StaticFiles(directory=Path(__file__).parent / "static"), name="console-static"
    )
    app.include_router(import_module("server.web.fallback").router)  # last: only what nothing else answers
