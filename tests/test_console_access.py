"""Console access in one place (server/web/access.py), checked over every console route the app has — so a
page added later cannot forget a check: each depends on the login dependency; a visitor is sent to the login
page; a TKSK gets 403 on every admin page (before any CSRF check); a POST without or with a wrong CSRF token is
a 403 — and none of these reaches the route's body (no audit row is written)."""

from __future__ import annotations

import re
from importlib import import_module

from fastapi.routing import APIRoute
from sqlalchemy import func, select

from server.core.db import get_engine, session_scope
from server.models import Audit
from server.web import PAGE_MODULES
from server.web.access import admin_page, admin_posted_page, current_page, posted_page
from server.web.strings import LANGUAGES
from support.console_web import KECAMATAN, console_login, csrf_of

PUBLIC = {"/console/login"}


def needs(route: APIRoute) -> set:
    """Every dependency callable in the route's tree."""
    found, todo = set(), list(route.dependant.dependencies)
    while todo:
        dep = todo.pop()
        found.add(dep.call)
        todo.extend(dep.dependencies)
    return found


def console_routes() -> list[tuple[str, str, APIRoute]]:
    """(method, a concrete path, route) for every console route but the login page: the routers of every
    module `mount_console` includes."""
    out = []
    for route in (r for name in PAGE_MODULES for r in import_module(name).router.routes):
        if isinstance(route, APIRoute) and route.path.startswith("/console") and route.path not in PUBLIC:
            path = re.sub(r"\{conflict_id\}", "1", route.path)
            path = re.sub(r"\{[a-z_0-9]+\}", "x", path)
            out += [(method, path, route) for method in sorted(route.methods)]
    assert len(out) > 20  # the walk still sees the console
    return out


def audit_rows(settings) -> int:
    with session_scope(get_engine(settings.database_url)) as session:
        return session.execute(select(func.count()).select_from(Audit)).scalar_one()


def test_every_console_route_needs_a_login_and_a_visitor_is_sent_to_it(client):
    for method, path, route in console_routes():
        assert current_page in needs(route), f"{method} {path} does not depend on the login check"
        response = client.request(method, path, data={"csrf": "x"} if method == "POST" else None,
                                  follow_redirects=False)  # fmt: skip
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"] == "/console/login"


def test_roles_and_csrf_are_refused_before_the_route_runs(client, settings):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    admin = console_login(client, settings, "kepala.dinsos", "admin")
    token = csrf_of(admin.get("/console/devices").text)
    before = audit_rows(settings)
    t = LANGUAGES["id"]
    for method, path, route in console_routes():
        deps = needs(route)
        if admin_page in deps:  # a TKSK is refused on the role, whatever the form carries
            refused = tksk.request(method, path, data={"csrf": token} if method == "POST" else None)
            assert refused.status_code == 403 and t["forbidden"] in refused.text, (method, path)
        if method == "POST":
            assert deps & {posted_page, admin_posted_page}, f"POST {path} does not check the CSRF token"
            for data in ({}, {"csrf": "0" * 64}, {"csrf": "é"}):
                refused = admin.post(path, data=data)
                assert refused.status_code == 403 and t["csrf"] in refused.text, (path, data)
    assert audit_rows(settings) == before  # no refused request did anything
