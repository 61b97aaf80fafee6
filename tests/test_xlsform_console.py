"""Publishing an XLSForm from the console's forms page: a broken workbook is refused with every problem in
words, a good one is previewed question by question in words and published on request, the published
definition and its workbook download again, and a device pulls the new version."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from server.web.forms_words import TYPE_WORDS, WORDS
from support.console_web import admin, csrf_of
from support.xlsforms import PRICES_CSV, odk_workbook
from sync.protocol import PROTOCOL_HEADER

FORMS = "/console/forms"


def _check(user, token, workbook: Path, csvs=(), lang=""):
    files = [("workbook", (workbook.name, workbook.read_bytes()))]
    files += [("csv", (name, data)) for name, data in csvs]
    return user.post(f"{FORMS}/xlsform{lang}", files=files, data={"csrf": token})


def test_words_tables_have_the_same_keys():
    assert WORDS["id"].keys() == WORDS["en"].keys()
    assert TYPE_WORDS["id"].keys() == TYPE_WORDS["en"].keys()


def test_upload_preview_publish_download_and_pull(client, settings, enroll, tmp_path):
    device = enroll("62.03.01.2011")
    user = admin(client, settings)
    token = csrf_of(user.get(FORMS).text)
    workbook = odk_workbook(tmp_path / "kunjungan.xlsx")

    # a broken one: refused, every problem in words, nothing kept
    broken = odk_workbook(tmp_path / "rusak.xlsx", extra=[["video", "v", "Video", "Video", *[""] * 7]])
    refused = _check(user, token, broken, [("harga.csv", PRICES_CSV)])
    assert refused.status_code == 400 and 'id="problems"' in refused.text
    assert "question &#39;v&#39; (type &#39;video&#39;): this question type is not supported" in refused.text
    missing_csv = _check(user, token, workbook)
    assert missing_csv.status_code == 400 and "harga.csv" in missing_csv.text
    not_a_workbook = user.post(
        f"{FORMS}/xlsform", files=[("workbook", ("x.txt", b"hello"))], data={"csrf": token}
    )
    assert not_a_workbook.status_code == 400 and ".xlsx atau .xls" in not_a_workbook.text
    assert user.post(f"{FORMS}/xlsform", files=[("workbook", ("k.xlsx", b"x"))]).status_code == 403  # no CSRF

    # a good one: a preview in words, not yet published
    preview = _check(user, token, workbook, [("harga.csv", PRICES_CSV)])
    assert preview.status_code == 200 and 'id="preview"' in preview.text
    assert "Pratinjau kunjungan_rumah@2" in preview.text
    assert (
        "diisi otomatis oleh laptop (start)" in preview.text
        and "pilihan disaring: prov = ${prov}" in preview.text
    )
    assert "jam" in preview.text and "Kota Bandung" in preview.text
    assert 'data-form="kunjungan_rumah@2"' not in preview.text
    english = _check(user, token, workbook, [("harga.csv", PRICES_CSV)], lang="?lang=en")
    assert "Preview of kunjungan_rumah@2" in english.text and "choices filtered" in english.text
    pending = csrf_of(preview.text)
    stash = preview.text.split('name="token" value="')[1].split('"')[0]
    assert (
        user.post(f"{FORMS}/xlsform/publish", data={"csrf": pending, "token": "../../etc"}).status_code == 400
    )

    done = user.post(f"{FORMS}/xlsform/publish", data={"csrf": pending, "token": stash})
    assert done.status_code == 200 and 'data-form="kunjungan_rumah@2"' in done.text
    again = user.post(f"{FORMS}/xlsform/publish", data={"csrf": pending, "token": stash})
    assert again.status_code == 400  # the upload was used up: upload it again

    definition = user.get(f"{FORMS}/kunjungan_rumah/2/definition.json")
    assert definition.status_code == 200 and definition.json()["lists"]["harga"][1]["barang"] == "gula"
    book = user.get(f"{FORMS}/kunjungan_rumah/2/xlsform")
    assert book.status_code == 200 and book.content == workbook.read_bytes()
    (tmp_path / "back.xlsx").write_bytes(book.content)
    assert openpyxl.load_workbook(tmp_path / "back.xlsx")["settings"]["B2"].value == "kunjungan_rumah"
    assert user.get(f"{FORMS}/kunjungan_rumah/9/definition.json").status_code == 400  # an unknown version

    pulled = client.get(
        "/api/v1/sync/pull", params={"cursor": 0}, headers={**device.headers, PROTOCOL_HEADER: "1"}
    )
    assert ("kunjungan_rumah", 2) in [(f["form_id"], f["version"]) for f in pulled.json()["forms"]]


def test_the_server_command_publishes_an_xlsform_too(db_url, tmp_path, monkeypatch, capsys, client, settings):
    from server.cli import main

    monkeypatch.setenv("JARING_DATABASE_URL", db_url)
    monkeypatch.setenv("JARING_SERVER_DATA_DIR", str(settings.data_dir))
    folder = tmp_path / "buku"
    folder.mkdir()
    workbook = odk_workbook(folder / "kunjungan.xlsx")  # harga.csv beside it
    assert main(["forms", "publish", str(workbook)]) == 0
    assert "kunjungan_rumah@2 published" in capsys.readouterr().out
    user = admin(client, settings)
    assert user.get(f"{FORMS}/kunjungan_rumah/2/xlsform").content == workbook.read_bytes()
    (folder / "harga.csv").unlink()
    assert main(["forms", "publish", str(workbook)]) == 2  # refused, naming the missing file
    assert "harga.csv" in capsys.readouterr().err
