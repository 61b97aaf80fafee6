"""The district web console: server-rendered pages (Jinja2) over the same crud as the API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def mount_console(app: FastAPI) -> None:
    """The console's pages, the public status page and the console's static files (no CDN, no build step)."""
    from server.web import export, quality_routes, records_routes
    from server.web.routes import router

    app.include_router(router)
    app.include_router(records_routes.router)
    app.include_router(quality_routes.router)
    app.include_router(export.router)
    app.mount(
        "/console/static", StaticFiles(directory=Path(__file__).parent / "static"), name="console-static"
    )
