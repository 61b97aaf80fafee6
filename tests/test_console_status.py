"""The public complaint-status page for citizens (issue 30), on SQLite and PostgreSQL: its own header, the status
in plain words with what each means, the last update in the desa's local time (a date, not a raw timestamp),
the district's contact, the number found however it is typed, a wrong check digit said as "check the number"
without a lookup, and the note about villages without network."""

from __future__ import annotations

import re

from support.console_web import push_complaint
from sync.reference import status_code

DESA = "62.03.01.2011"


def test_the_status_page_says_it_in_words_whatever_the_typing(client, enroll, monkeypatch):
    monkeypatch.setenv("JARING_DISTRICT_NAME", "Dinas Sosial Kabupaten Kapuas")
    monkeypatch.setenv("JARING_DISTRICT_CONTACT", "Jl. Tambun Bungai 1, Kuala Kapuas · 0513-21000")
    record_id, reference = push_complaint(client, enroll(DESA), DESA)
    code = status_code(record_id)
    digits = reference.replace("-", "")
    for typed in (reference, digits, " ".join(digits[i : i + 4] for i in range(0, len(digits), 4)),
                  reference.replace("-", " - "), reference.lower()):  # fmt: skip
        page = client.get("/status", params={"ref": typed, "code": code})
        assert page.status_code == 200, typed
    text = page.text
    assert 'class="public"' in text and "/console/logout" not in text and "Konsol Kabupaten" not in text
    assert "<title>Status pengaduan · Dinas Sosial Kabupaten Kapuas</title>" in text
    assert "<b>Diterima</b>" in text and "menunggu diperiksa petugas" in text and ">dirujuk<" not in text
    assert re.search(r'id="last-update">\d\d-\d\d-\d{4} \d\d:\d\d WIB<', text)  # Kalimantan Tengah: WIB
    assert "Jl. Tambun Bungai 1" in text and "tanpa jaringan internet" in text
    assert record_id not in text
    english = client.get("/status", params={"ref": digits, "code": code, "lang": "en"}).text
    assert "<b>Received</b>" in english and "without internet" in english


def test_a_mistyped_number_is_caught_by_its_check_digit(client, enroll):
    record_id, reference = push_complaint(client, enroll(DESA), DESA)
    wrong_digit = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    page = client.get("/status", params={"ref": wrong_digit, "code": status_code(record_id)})
    assert page.status_code == 400 and "Periksa nomornya" in page.text and 'aria-invalid="true"' in page.text
    # a right number with a wrong code is "not found", never which of the two was wrong
    other = client.get("/status", params={"ref": reference, "code": "000000"})
    assert other.status_code == 404 and "Periksa nomornya" not in other.text


def test_an_unknown_console_url_is_a_page_in_the_console_look(client):
    page = client.get("/console/no/such/page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert (
        "<title>Halaman tidak ditemukan" in page.text
        and '<link rel="stylesheet" href="/console/static/console.css">' in page.text
    )
    assert client.get("/console/static/console.css").status_code == 200  # the static files still answer
    assert (
        client.get("/api/v1/no-such").headers["content-type"].startswith("application/json")
    )  # the API as it was
