"""The console's data-quality pages on SQLite and PostgreSQL: possible duplicates (same NIK in two households,
same person under two spellings) confirmed — the link reaches the devices by pull — or dismissed for good;
review flags and conflicts resolved; overrides with their reasons; persons without NIK. Each refusal: no
login, no CSRF token, wrong role, other kecamatan — with its database effect (none)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server.core.db import get_engine, session_scope
from server.crud import lists, quality
from server.crud.duplicates import candidates
from server.models import Audit, ConflictLog, PersonLink, Record
from support.console_seed import KECAMATAN, seed_console
from support.console_web import console_login, csrf_of
from sync.protocol import PROTOCOL_HEADER, PullPage

OTHER_KECAMATAN = "62.03.02"


@pytest.fixture
def seeded(client, settings):
    return seed_console(client, settings)


def db(settings):
    return session_scope(get_engine(settings.database_url))


def links(settings):
    with db(settings) as session:
        return [(k.decision, k.reason, k.rev is not None, k.decided_by)
                for k in session.execute(select(PersonLink)).scalars()]  # fmt: skip


def pair_form(seeded, one: str, two: str, decision: str, csrf: str | None) -> dict:
    (a_record, a_member), (b_record, b_member) = seeded.members[one], seeded.members[two]
    form = dict(
        a_record=a_record,
        a_member=a_member,
        b_record=b_record,
        b_member=b_member,
        decision=decision,
        confirm="1",
    )
    return form | ({"csrf": csrf} if csrf else {})


def pull(client, device, cursor=0) -> PullPage:
    response = client.get("/api/v1/sync/pull", params={"cursor": cursor},
                          headers={**device.headers, PROTOCOL_HEADER: "1"})  # fmt: skip
    return PullPage.model_validate(response.json())


def test_quality_pages_need_a_login(client):
    for path in ("/console/quality/duplicates", "/console/quality/review", "/console/quality/no-nik"):
        assert client.get(path, follow_redirects=False).status_code == 303
    for path in ("/console/quality/duplicates/decide", "/console/quality/flags/x/resolve",
                 "/console/quality/conflicts/1/resolve"):  # fmt: skip
        assert client.post(path, data={}, follow_redirects=False).headers["location"] == "/console/login"


def test_duplicates_by_nik_and_by_spelling_within_scope(client, settings, seeded):
    with db(settings) as session:
        found = {(c.reason, c.a.name, c.b.name) for c in candidates(session, scope="")[0]}
        in_kecamatan = {(c.a.name, c.b.name) for c in candidates(session, scope=KECAMATAN)[0]}
    names = {(reason, frozenset((a, b))) for reason, a, b in found}
    assert names == {
        ("nik", frozenset({"Muhammad Rizki", "Rizky Pratama"})),
        ("nik", frozenset({"Agus Salim"})),  # two villages in two kecamatan
        ("name_birth", frozenset({"Muhammad Rizki", "Muhamad Rizki"})),
        ("name_birth", frozenset({"Nur Haliza", "Nurhaliza"})),
    }
    assert ("Agus Salim", "Agus Salim") not in in_kecamatan and len(in_kecamatan) == 3
    admin = console_login(client, settings, "admin", "admin")
    html = admin.get("/console/quality/duplicates").text
    assert html.count('class="pair"') == 4 and "NIK sama" in html and "Nama mirip, tanggal lahir sama" in html
    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    html = tksk.get("/console/quality/duplicates").text
    assert html.count('class="pair"') == 3 and "Satukan" not in html  # a TKSK sees, the admin decides


def test_a_long_duplicate_list_is_paged_and_exports_all(client, settings, seeded, monkeypatch):
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    admin = console_login(client, settings, "admin", "admin")
    html = admin.get("/console/quality/duplicates").text
    assert html.count('class="pair"') == 2 and 'id="total">4<' in html and 'rel="next"' in html
    second = admin.get("/console/quality/duplicates?page=2").text
    assert second.count('class="pair"') == 2 and 'rel="next"' not in second
    csv_text = admin.get("/console/quality/duplicates?format=csv").content.decode("utf-8-sig")
    assert len(csv_text.splitlines()) == 1 + 4 * 2  # a row per person of every pair


def test_confirming_links_the_two_and_the_devices_pull_the_link(client, settings, seeded):
    village_b, other = seeded.devices["b"], seeded.devices["other"]
    cursors = {d: pull(client, seeded.devices[d]).next_cursor for d in ("a", "b", "other")}
    decide = "/console/quality/duplicates/decide"
    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    token = csrf_of(tksk.get("/console/quality/duplicates").text)
    refused = tksk.post(decide, data=pair_form(seeded, "muhammad", "muhamad", "linked", token))
    assert refused.status_code == 403 and "Hanya admin" in refused.text and links(settings) == []
    admin = console_login(client, settings, "admin", "admin")
    token = csrf_of(admin.get("/console/quality/duplicates").text)
    no_csrf = admin.post(decide, data=pair_form(seeded, "muhammad", "muhamad", "linked", None))
    assert no_csrf.status_code == 403 and links(settings) == []
    done = admin.post(decide, data=pair_form(seeded, "muhammad", "muhamad", "linked", token),
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and links(settings) == [("linked", "name_birth", True, "user:admin")]
    again = admin.post(decide, data=pair_form(seeded, "muhamad", "muhammad", "dismissed", token))
    assert again.status_code == 409 and len(links(settings)) == 1
    unrelated = admin.post(decide, data=pair_form(seeded, "rizky", "nurhaliza", "linked", token))
    assert unrelated.status_code == 400 and len(links(settings)) == 1
    household = admin.get(f"/console/records/{seeded.members['muhamad'][0]}").text
    assert f'class="link" href="/console/records/{seeded.members["muhammad"][0]}"' in household
    html = admin.get("/console/quality/duplicates?msg=linked").text
    assert html.count('class="pair"') == 3 and "Disatukan sebagai satu orang." in html

    page = pull(client, village_b, cursors["b"])
    (link,) = page.person_links
    got = {(link.record_id, link.member_id), (link.other_record_id, link.other_member_id)}
    assert got == {seeded.members["muhammad"], seeded.members["muhamad"]} and link.by == "user:admin"
    assert len(pull(client, seeded.devices["a"], cursors["a"]).person_links) == 1  # the other person's desa
    assert pull(client, other, cursors["other"]).person_links == []  # another kecamatan holds neither
    with db(settings) as session:
        logged = session.execute(select(Audit).where(Audit.action == "duplicate.linked")).scalar_one()
        assert logged.actor == "user:admin" and logged.detail["reason"] == "name_birth"


def test_a_dismissed_pair_is_never_flagged_again(client, settings, seeded):
    admin = console_login(client, settings, "admin", "admin")
    token = csrf_of(admin.get("/console/quality/duplicates").text)
    form = pair_form(seeded, "nur_haliza", "nurhaliza", "dismissed", token)
    admin.post("/console/quality/duplicates/decide", data=form)
    assert links(settings) == [("dismissed", "name_birth", False, "user:admin")]
    with db(settings) as session:
        assert {c.a.name for c in candidates(session, scope="")[0]} & {"Nur Haliza", "Nurhaliza"} == set()
    device = seeded.devices["b"]
    wire = client.get("/api/v1/sync/pull", headers={**device.headers, PROTOCOL_HEADER: "1"}).json()
    assert wire["records"] and "person_links" not in wire  # nothing for devices; a page reads as before links


def test_resolving_a_review_flag_reaches_the_devices(client, settings, seeded):
    record_id = seeded.households["imported"]
    path = f"/console/quality/flags/{record_id}/resolve"
    cursor = pull(client, seeded.devices["b"]).next_cursor
    other = console_login(client, settings, "tksk.lain", "tksk", OTHER_KECAMATAN)
    html = other.get("/console/quality/review").text
    assert record_id not in html
    refused = other.post(path, data={"code": "imported", "csrf": csrf_of(html)})
    assert refused.status_code == 404
    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    html = tksk.get("/console/quality/review").text
    assert record_id in html and "verifikasi di lapangan" in html
    assert tksk.post(path, data={"code": "imported"}).status_code == 403  # no CSRF token
    with db(settings) as session:
        before = session.get(Record, record_id)
        assert [f["code"] for f in before.review_flags] == ["imported"]
        rev = before.rev
    done = tksk.post(path, data={"code": "imported", "csrf": csrf_of(html)}, follow_redirects=False)
    assert done.status_code == 303
    with db(settings) as session:
        after = session.get(Record, record_id)
        assert after.review_flags == [] and after.rev > rev
    pulled = {r.record_id: r for r in pull(client, seeded.devices["b"], cursor).records}
    assert pulled[record_id].review_flags == []


def test_conflicts_and_overrides_for_review(client, settings, seeded):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    html = tksk.get("/console/quality/review").text
    assert (
        "Catatan petugas" in html and "Atap bocor di dapur" in html and "Rumah panggung, atap bocor" in html
    )
    assert "NIK: tanggal lahir tidak cocok" in html and "KTP salah cetak, akta lahir 1979" in html
    assert "#1 " in html and "#2 " in html  # the two laptops by number and label, not by id
    with db(settings) as session:
        conflict_id = session.execute(select(ConflictLog.id)).scalar_one()
    path = f"/console/quality/conflicts/{conflict_id}/resolve"
    other = console_login(client, settings, "tksk.lain", "tksk", OTHER_KECAMATAN)
    other_csrf = csrf_of(other.get("/console/quality/review").text)
    assert other.post(path, data={"csrf": other_csrf}).status_code == 404
    assert tksk.post(path, data={}).status_code == 403
    assert tksk.post(path, data={"csrf": csrf_of(html)}, follow_redirects=False).status_code == 303
    with db(settings) as session:
        assert session.execute(select(ConflictLog.resolved)).scalar_one() is True
        assert (
            session.execute(select(func.count()).where(Audit.action == "conflict.resolve")).scalar_one() == 1
        )
    assert 'id="conflicts"' not in tksk.get("/console/quality/review").text


def test_persons_without_nik_for_dukcapil(client, settings, seeded):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    html = tksk.get("/console/quality/no-nik").text
    for name, reason in (("Nur Haliza", "belum_punya"), ("Muhamad Rizki", "hilang"), ("Nurhaliza", "tidak_diketahui"),
                         ("Sri Wahyuni", "tidak_diketahui")):  # fmt: skip
        assert f"<td>{name}</td>" in html and reason in html, name
    assert "Muhammad Rizki" not in html and 'id="total">4<' in html
    csv_text = tksk.get("/console/quality/no-nik?format=csv").content.decode("utf-8-sig")
    assert len(csv_text.splitlines()) == 5 and csv_text.startswith("Nama,Jenis kelamin")
    with db(
        settings
    ) as session:  # the export reads the list in keyset chunks: chunks of one give the same rows
        whole = [(r.record_id, r.member_id) for r in quality.persons_without_nik(session, scope=KECAMATAN)]
        ones = [
            (r.record_id, r.member_id) for r in quality.persons_without_nik(session, scope=KECAMATAN, chunk=1)
        ]
    assert len(whole) == 4 and ones == whole
    other = console_login(client, settings, "tksk.lain", "tksk", OTHER_KECAMATAN)
    assert 'id="total">0<' in other.get("/console/quality/no-nik").text
    xlsx = tksk.get("/console/quality/duplicates?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    with db(settings) as session:
        targets = session.execute(
            select(Audit.target).where(Audit.action == "export").order_by(Audit.id)
        ).scalars()
        assert list(targets) == ["list:no_nik", "list:duplicates"]
