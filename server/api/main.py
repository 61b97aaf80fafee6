"""The FastAPI application: routes under /api/v1, every error as an `ErrorBody`, never a raw 500 for input."""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from server.api.hygiene import TextHygiene
from server.api.routes import attachments, auth, bundles, enroll, health, records, sync
from server.core.config import Settings, load_settings
from server.core.db import get_engine
from server.errors import ApiError
from server.web import mount_console
from server.web.headers import SecurityHeaders
from sync.protocol import ErrorBody

log = logging.getLogger("jaring.server")
API_PREFIX = "/api/v1"


def _error(status: int, code: str, id: str, en: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(ErrorBody(code=code, id=id, en=en).model_dump(), status_code=status, headers=headers)


def create_app(settings: Settings | None = None, *, migrate_on_start: bool = True) -> FastAPI:
    """The API over the settings' database (migrated first unless told otherwise)."""
    settings = settings or load_settings()
    engine = get_engine(settings.database_url)
    if migrate_on_start:
        from server.core.migrate import migrate

        migrate(settings.database_url, engine)
    app = FastAPI(title="Jaring district server", version="1", docs_url=f"{API_PREFIX}/docs",
                  openapi_url=f"{API_PREFIX}/openapi.json")  # fmt: skip
    app.state.settings = settings
    app.state.engine = engine
    app.state.push_slots = threading.BoundedSemaphore(max(1, settings.push_concurrency))
    for module in (health, enroll, sync, attachments, auth, records, bundles):
        app.include_router(module.router, prefix=API_PREFIX)
    mount_console(app)
    app.add_middleware(TextHygiene)  # no NUL or lone surrogate reaches a route (server/api/hygiene.py)
    app.add_middleware(SecurityHeaders, api_prefix=f"{API_PREFIX}/")
    if settings.forwarded_allow_ips:
        # Only the proxy's own addresses may say who the client is (the throttles count per client address);
        # uvicorn's own handling is off (server/cli.py), so this holds under any ASGI server.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.id, exc.en, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        reason = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
            for e in exc.errors()[:5]
        )
        return _error(
            422, "invalid_message", f"Permintaan tidak sesuai: {reason}", f"Invalid request: {reason}"
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(
            exc.status_code, f"http_{exc.status_code}", str(exc.detail), str(exc.detail), exc.headers
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(
            500, "internal_error", "Kesalahan di server; sudah dicatat.", "Server error; it was logged."
        )

    return app
