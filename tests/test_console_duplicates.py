"""Duplicates decided safely (issue 30), on SQLite and PostgreSQL: the two persons side by side; linking asks
once and can be undone; "same NIK, different people" takes the pair off the list onto the Dukcapil follow-up
list (and only for a same-NIK pair); an undo puts the pair back and is audited."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from server.core.db import get_engine, session_scope
from server.models import Audit, PersonLink
from support.console_seed import seed_console
from support.console_web import console_login, csrf_of
from support.store import new_store
from sync.protocol import PROTOCOL_HEADER, PullPage


@pytest.fixture
def seeded(client, settings):
    return seed_console(client, settings)


def db(settings):
    return session_scope(get_engine(settings.database_url))


def form(seeded, one, two, decision, csrf, **extra):
    (a_record, a_member), (b_record, b_member) = sorted([seeded.members[one], seeded.members[two]])
    return dict(a_record=a_record, a_member=a_member, b_record=b_record, b_member=b_member, decision=decision,
                csrf=csrf, **extra)  # fmt: skip


def decisions(settings):
    with db(settings) as session:
        return sorted(session.execute(select(PersonLink.decision, PersonLink.reason)).all())


def pairs_listed(user, query=""):
    html = user.get(f"/console/quality/duplicates?{query}").text
    return int(re.search(r'id="total">(\d+)<', html).group(1)), html


def test_the_two_persons_side_by_side(client, settings, seeded):
    admin = console_login(client, settings, "admin", "admin")
    _, html = pairs_listed(admin, "kind=name_birth")
    link = re.search(r'href="(/console/quality/duplicates/pair\?[^"]+)"', html).group(1).replace("&amp;", "&")
    page = admin.get(link)
    assert page.status_code == 200
    text = page.text
    assert "<title>Kemungkinan data ganda" in text and 'id="pair"' in text
    assert "Laki-laki" in text or "Perempuan" in text  # sex in words, not L/P
    assert "Kepala keluarga" in text or "Istri/suami" in text  # relation in words
    assert 'id="link-form"' in text and 'id="distinct-form"' not in text  # a name pair is not a NIK problem
    tksk = console_login(client, settings, "tksk.lain", "tksk", "62.03.02")
    assert tksk.get(link).status_code == 404  # another kecamatan's pair


def test_linking_asks_once_and_can_be_undone(client, settings, seeded):
    admin = console_login(client, settings, "admin", "admin")
    csrf = csrf_of(admin.get("/console/quality/duplicates").text)
    unconfirmed = admin.post(
        "/console/quality/duplicates/decide", data=form(seeded, "muhammad", "muhamad", "linked", csrf)
    )
    assert (
        unconfirmed.status_code == 400
        and "Centang konfirmasi" in unconfirmed.text
        and decisions(settings) == []
    )
    done = admin.post("/console/quality/duplicates/decide", follow_redirects=False,
                      data=form(seeded, "muhammad", "muhamad", "linked", csrf, confirm="1", back="kind=name_birth"))  # fmt: skip
    location = done.headers["location"]
    assert location.startswith("/console/quality/duplicates?kind=name_birth&undo=") and location.endswith(
        "#list"
    )
    assert decisions(settings) == [("linked", "name_birth")]
    before, html = pairs_listed(admin, urlsplit(location).query)
    assert 'id="undo-form"' in html
    undo = parse_qs(urlsplit(location).query)["undo"][0]
    back = admin.post("/console/quality/duplicates/undo", follow_redirects=False,
                      data={"csrf": csrf, "pair": undo, "back": "kind=name_birth"})  # fmt: skip
    assert back.status_code == 303
    assert back.headers["location"] == "/console/quality/duplicates?kind=name_birth&msg=undone#list"
    assert decisions(settings) == []
    assert pairs_listed(admin, "kind=name_birth")[0] == before + 1
    with db(settings) as session:
        assert (
            session.execute(select(Audit.detail).where(Audit.action == "duplicate.undo")).scalar_one()[
                "decision"
            ]
            == "linked"
        )
    assert (
        admin.post("/console/quality/duplicates/undo", data={"csrf": csrf, "pair": undo}).status_code == 404
    )


def test_same_nik_different_people_waits_for_dukcapil(client, settings, seeded):
    admin = console_login(client, settings, "admin", "admin")
    csrf = csrf_of(admin.get("/console/quality/duplicates").text)
    open_before, _ = pairs_listed(admin, "kind=nik")
    wrong = admin.post(
        "/console/quality/duplicates/decide", data=form(seeded, "nur_haliza", "nurhaliza", "distinct", csrf)
    )
    assert wrong.status_code == 400 and decisions(settings) == []
    admin.post("/console/quality/duplicates/decide", data=form(seeded, "muhammad", "rizky", "distinct", csrf))
    assert decisions(settings) == [("distinct", "nik")]
    with db(settings) as session:
        assert session.execute(select(PersonLink.rev)).scalar_one() is None  # nothing travels to the laptops
    assert pairs_listed(admin, "kind=nik")[0] == open_before - 1
    followup, html = pairs_listed(admin, "state=followup")
    assert followup == 1 and 'class="decide"' not in html
    tksk = console_login(client, settings, "tksk.selat", "tksk", "62.03.01")
    assert pairs_listed(tksk, "state=followup")[0] == 1
    lain = console_login(client, settings, "tksk.lain", "tksk", "62.03.02")
    assert pairs_listed(lain, "state=followup")[0] == 0


def test_an_undone_link_is_taken_back_from_the_laptops_by_pull(client, settings, seeded, tmp_path):
    """The laptop's own store applies the pages the real pull route serves: the link arrives, then its
    withdrawal, and the laptop holds no link — a never-online village gets the same pages in its return bundle."""

    device = next(iter(seeded.devices.values()))
    laptop, _ = new_store(tmp_path / "laptop", area=device.area)

    def pull_into_laptop() -> list:
        cursor, links = laptop.pull_cursor(), []
        while True:
            answer = client.get("/api/v1/sync/pull", params={"cursor": cursor},
                                headers={**device.headers, PROTOCOL_HEADER: "1"})  # fmt: skip
            page = PullPage.model_validate(answer.json())
            laptop.apply_pull_page(page)
            links += page.person_links
            cursor = page.next_cursor
            if not page.has_more:
                return links

    def held() -> list:
        return laptop.db.reader().execute("SELECT id FROM person_link").fetchall()

    pull_into_laptop()
    admin = console_login(client, settings, "admin", "admin")
    csrf = csrf_of(admin.get("/console/quality/duplicates").text)
    done = admin.post("/console/quality/duplicates/decide", follow_redirects=False,
                      data=form(seeded, "muhammad", "muhamad", "linked", csrf, confirm="1"))  # fmt: skip
    arrived = pull_into_laptop()
    assert [k.withdrawn for k in arrived] == [False] and len(held()) == 1
    undo = parse_qs(urlsplit(done.headers["location"]).query)["undo"][0]
    assert admin.post("/console/quality/duplicates/undo", data={"csrf": csrf, "pair": undo}).status_code in (
        200,
        303,
    )
    taken_back = pull_into_laptop()
    assert [(k.link_id, k.withdrawn) for k in taken_back] == [(arrived[0].link_id, True)] and held() == []
    assert pull_into_laptop() == []  # once
    laptop.close()
