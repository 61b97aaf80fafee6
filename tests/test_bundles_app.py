"""Bundles on a real encrypted laptop store: a file-enrolled village exports, the district imports and
answers, the village imports the answer (its first bundle's key proof then dropped); a TKSK laptop keeps
another village's bundle to carry and lists it; bad files give clear errors and change nothing."""

from __future__ import annotations

import random
from datetime import date

import pytest

from app.services import bundles, records
from app.store.store import Store
from forms.problems import UserError
from forms.samples import make_complaint, make_household
from server.core.db import session_scope
from server.crud.bundles import import_outbound, write_return
from support.bundles import file_enrolled_laptop
from support.store import PASSWORD

DESA = "62.03.01.2011"


def pending(store: Store) -> int:
    return len(store.pending_changes(0, 10_000))


def test_village_round_trip_through_files(tmp_path, district):
    settings, engine = district
    village = file_enrolled_laptop(tmp_path, district, "village")
    rng = random.Random(3)
    for i in range(3):
        records.save_household(village, make_household(rng, DESA, date(2026, 11, 1), serial=i))
    complaint = records.save_complaint(village, make_complaint(rng, DESA, date(2026, 11, 2)))
    assert complaint.reference and pending(village) == 5  # 3 households, the complaint and its diterima event

    stick = tmp_path / "usb" / "desa.bundle"
    stick.parent.mkdir()
    out = bundles.export_bundle(village, stick)
    assert out.changes == 5 and stick.read_bytes() == out.data and pending(village) == 5
    assert b"Siti" not in stick.read_bytes() and DESA.encode() not in stick.read_bytes()[200:]

    with session_scope(engine) as session:
        assert import_outbound(session, stick.read_bytes(), actor="test").applied == 5
    with session_scope(engine) as session:
        back = write_return(session, device_id=village.setting("device_id"), actor="test")
    returned = tmp_path / "usb" / "balasan.bundle"
    returned.write_bytes(back)

    outcome = bundles.import_bundle(village, returned)
    assert outcome.kind == "return" and outcome.summary.acknowledged == 5 and pending(village) == 0
    assert village.setting(bundles.PROOF_SETTING) == ""  # the district has bound our keys
    again = bundles.import_bundle(village, returned)
    assert (again.summary.results, again.summary.received) == (0, 0)


def test_tksk_laptop_carries_other_villages_bundles(tmp_path, district):
    village = file_enrolled_laptop(tmp_path, district, "village")
    records.save_household(village, make_household(random.Random(1), DESA, date(2026, 11, 1), serial=1))
    stick = tmp_path / "desa.bundle"
    bundles.export_bundle(village, stick)

    tksk = file_enrolled_laptop(tmp_path, district, "tksk", area="62.03.01")
    first = bundles.import_bundle(tksk, stick)
    second = bundles.import_bundle(tksk, stick)
    assert first.kind == "carry" and first.device == village.setting("device_id")
    assert second.path == first.path  # carried once
    carried = bundles.carried(tksk)
    assert [(c.direction, c.device) for c in carried] == [("outbound", village.setting("device_id"))]
    assert pending(tksk) == 0  # carrying is not the carrier's own data


def test_bad_files_are_refused_clearly_and_change_nothing(tmp_path, district):
    village = file_enrolled_laptop(tmp_path, district, "village")
    records.save_household(village, make_household(random.Random(1), DESA, date(2026, 11, 1), serial=1))
    good = tmp_path / "ok.bundle"
    bundles.export_bundle(village, good)
    truncated, garbage = tmp_path / "cut.bundle", tmp_path / "photo.jpg"
    truncated.write_bytes(good.read_bytes()[:50])
    garbage.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    for path in (truncated, garbage, tmp_path / "missing.bundle"):
        with pytest.raises(UserError) as refused:
            bundles.import_bundle(village, path)
        assert refused.value.id and refused.value.en
    with pytest.raises(UserError):  # its own outbound bundle is not something to carry or apply
        bundles.import_bundle(village, good)
    assert pending(village) == 1 and bundles.carried(village) == []

    with pytest.raises(bundles.BundleUnwritable):  # e.g. the stick was pulled out: its folder is gone
        bundles.export_bundle(village, tmp_path / "gone" / "x.bundle")
    assert not (tmp_path / "gone").exists()

    practice, _ = Store.init(tmp_path / "practice", "ani", PASSWORD, area=DESA)
    with pytest.raises(UserError) as refused:
        bundles.export_bundle(practice, tmp_path / "p.bundle")
    assert refused.value.code == "not_enrolled"
