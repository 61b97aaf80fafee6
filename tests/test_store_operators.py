"""Who may manage operators on a shared laptop: the operator who set it up is its administrator; only an
administrator removes others or sets their passwords; nobody removes the last administrator; everyone changes
their own password; the key-slot file (readable without a key) cannot make anyone an administrator."""

from __future__ import annotations

import json

import pytest

from app.store.errors import LastAdministrator, LastOperator, NotAdministrator
from app.store.keyslots import SLOTS_FILE
from app.store.operators import administrators
from app.store.store import Store
from support.store import PASSWORD, new_store


def test_only_an_administrator_removes_others_or_sets_their_passwords(tmp_path):
    ani, _ = new_store(tmp_path / "d")  # ani set the laptop up
    ani.add_operator("budi", "budi-sandi-99")
    ani.add_operator("citra", "citra-sandi-99")
    ani.close()
    budi = Store.open(tmp_path / "d", "budi", "budi-sandi-99")
    with pytest.raises(NotAdministrator):
        budi.remove_operator("citra")
    with pytest.raises(NotAdministrator):
        budi.change_password("ani", "diambil-alih-1")  # then log in as ani: refused too
    with pytest.raises(NotAdministrator):
        budi.add_operator("dodi", "dodi-sandi-99", administrator=True)
    budi.change_password("budi", "budi-baru-2026")  # his own password: yes
    budi.close()
    assert Store.operators(tmp_path / "d") == ["ani", "budi", "citra"]
    Store.open(tmp_path / "d", "ani", PASSWORD).close()
    Store.open(tmp_path / "d", "budi", "budi-baru-2026").close()

    ani = Store.open(tmp_path / "d", "ani", PASSWORD)
    assert administrators(ani) == ["ani"]
    with pytest.raises(LastAdministrator):
        ani.remove_operator("ani")  # budi and citra would be left with nobody to manage them
    ani.add_operator("dodi", "dodi-sandi-99", administrator=True)
    ani.remove_operator("citra")
    ani.close()
    dodi = Store.open(tmp_path / "d", "dodi", "dodi-sandi-99")
    dodi.remove_operator("ani")  # another administrator remains: dodi himself
    assert administrators(dodi) == ["dodi"] and Store.operators(tmp_path / "d") == ["budi", "dodi"]
    dodi.remove_operator("budi")
    with pytest.raises(LastOperator):
        dodi.remove_operator("dodi")
    dodi.close()


def test_the_slot_file_cannot_make_an_administrator(tmp_path):
    ani, _ = new_store(tmp_path / "d")
    ani.add_operator("budi", "budi-sandi-99")
    ani.close()
    path = tmp_path / "d" / SLOTS_FILE
    document = json.loads(path.read_text())
    document["slots"].reverse()  # budi's slot first, as if he had set the laptop up
    path.write_text(json.dumps(document))
    budi = Store.open(tmp_path / "d", "budi", "budi-sandi-99")
    with pytest.raises(NotAdministrator):
        budi.remove_operator("ani")
    budi.close()


def test_the_recovery_code_manages_every_operator(tmp_path):
    ani, recovery = new_store(tmp_path / "d")
    ani.add_operator("budi", "budi-sandi-99")
    ani.close()
    rescued = Store.open_with_recovery(tmp_path / "d", recovery)
    rescued.change_password("ani", "sandi-baru-2026")
    rescued.remove_operator("budi")
    rescued.close()
    Store.open(tmp_path / "d", "ani", "sandi-baru-2026").close()
