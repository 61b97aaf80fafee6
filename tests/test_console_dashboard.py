"""The dashboard leads to the work (issue 30), on SQLite and PostgreSQL: each figure is a link to the list it
counts and that list counts the same; overdue per desa; the time complaints spent in each step (median, p90)
over 30 and 90 days; complaints received and closed per week drawn as a server-side SVG."""

from __future__ import annotations

import re
from datetime import timedelta

from server.core.clock import utcnow
from support.console_seed import ConsoleSeeder, add_complaint
from support.console_web import console_login, csrf_of

DESA_A, DESA_B = "62.03.01.2011", "62.03.01.1006"


def iso(days_ago: float) -> str:
    return (utcnow() - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def count_of(html: str) -> int:
    return int(re.search(r'<p id="count">(\d+)', html).group(1))


def test_the_dashboard_figures_lead_to_their_lists_and_time_each_step(client, settings):
    seeder = ConsoleSeeder(client, settings)
    device = seeder.enroll("a", DESA_A)
    other = seeder.enroll("b", DESA_B)
    verified = add_complaint(seeder, device, DESA_A, 1, iso(10))
    add_complaint(seeder, device, DESA_A, 2, iso(40))  # never verified: overdue
    add_complaint(seeder, other, DESA_B, 3, None)
    admin = console_login(client, settings, "admin", "admin")
    html = admin.get(f"/console/complaints/{verified}").text
    assert (
        admin.post(
            f"/console/complaints/{verified}/step", data={"csrf": csrf_of(html), "step": "diverifikasi"}
        ).status_code
        == 200
    )

    board = admin.get("/console/").text
    assert '<a class="card warn" href="/console/complaints?overdue=1"><b id="overdue-count">1<' in board
    assert count_of(admin.get("/console/complaints?overdue=1").text) == 1
    open_count = int(re.search(r'id="open-count">(\d+)<', board).group(1))
    assert open_count == count_of(admin.get("/console/complaints?status=open").text) == 3
    unassigned = int(re.search(r'id="unassigned">(\d+)<', board).group(1))
    assert unassigned == count_of(admin.get("/console/complaints?assigned=none&status=open").text) == 3
    overdue_rows = re.findall(
        r'<tr data-area="([^"]+)"><td>[^<]*<small class="areacode">[^<]*</small></td>\s*<td class="num"><a href="([^"]+)">(\d+)</a>',
        board,
    )
    assert [(a, int(n)) for a, _, n in overdue_rows] == [(DESA_A, 1)]
    assert count_of(admin.get(overdue_rows[0][1].replace("&amp;", "&")).text) == 1
    # every card is a link to a page that answers
    for href in re.findall(r'<a class="card[^"]*" href="([^"]+)"', board):
        assert admin.get(href.replace("&amp;", "&")).status_code == 200, href
    # ten days received before it was verified: the median and p90 of "diterima" over 30 and 90 days
    step = re.search(r'<tr data-step="diterima">(.*?)</tr>', board, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]+)</td>', step) == ["10.0", "10.0", "10.0", "10.0"]
    # the weekly chart: three received in the last twelve weeks, none closed
    chart = re.search(r"<svg.*?</svg>", board, re.S).group(0)
    received = [int(n) for n in re.findall(r": (\d+) diterima</title>", chart)]
    assert sum(received) == 3 and len(received) == 12
    tksk = console_login(client, settings, "tksk.selat", "tksk", "62.03.01")
    assert 'id="overdue-count">1<' in tksk.get("/console/").text
    lain = console_login(client, settings, "tksk.lain", "tksk", "62.03.02")
    assert 'id="overdue-count">0<' in lain.get("/console/").text
