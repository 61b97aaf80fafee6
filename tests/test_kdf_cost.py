"""The suite derives keys at Argon2id's cheapest cost (JARING_TEST_CHEAP_KDF=1, tests/conftest.py); these
tests take it away and check that production then derives at its own cost — key slots, console passwords,
enrollment files — once each for real, and that the cheap cost really is in force everywhere else."""

from __future__ import annotations

import nacl.pwhash.argon2id as sodium_argon2id
from argon2 import PasswordHasher, extract_parameters
from argon2.profiles import CHEAPEST, RFC_9106_LOW_MEMORY

from app.store import keyslots
from app.store.store import Store
from server.core import security
from sync import enrollment, kdf
from sync.protocol import EnrollAnswer

PASSWORD = "rahasia-desa-1"


def production(monkeypatch) -> None:
    monkeypatch.delenv(kdf.ENV, raising=False)


def test_without_the_override_a_store_is_made_and_opened_at_the_production_cost(monkeypatch, tmp_path):
    production(monkeypatch)
    assert (keyslots.TIME_COST, keyslots.MEMORY_KIB, keyslots.PARALLELISM) == (3, 64 * 1024, 1)
    store, recovery = Store.init(tmp_path, "ani", PASSWORD, area="62.03.01")
    store.close()
    slots = keyslots.KeySlots.load(tmp_path).slots
    assert [(s.time_cost, s.memory_kib) for s in slots] == [(3, 64 * 1024)] * 2  # the operator and recovery
    Store.open(tmp_path, "ani", PASSWORD).close()
    Store.open_with_recovery(tmp_path, recovery).close()


def test_without_the_override_console_passwords_use_argon2_cffis_production_profile(monkeypatch):
    production(monkeypatch)
    hashed = security.hash_password("rahasia-panjang-sekali")
    assert extract_parameters(hashed) == extract_parameters(PasswordHasher().hash("x")) == RFC_9106_LOW_MEMORY
    assert security.verify_password(hashed, "rahasia-panjang-sekali")
    assert not security.verify_password(hashed, "salah")


def test_without_the_override_an_enrollment_file_is_sealed_at_libsodiums_interactive_cost(monkeypatch):
    production(monkeypatch)
    assert enrollment.kdf_limits() == (
        sodium_argon2id.OPSLIMIT_INTERACTIVE,
        sodium_argon2id.MEMLIMIT_INTERACTIVE,
    )
    answer = EnrollAnswer(device_id="dev-1", device_number=1, token="t", area="62.03.01.2011",
                          server_sign_key="", server_box_key="")  # fmt: skip
    sealed = enrollment.write_enrollment_file(answer, "ABCD-EFGH-JKMN")
    assert enrollment.read_enrollment_file(sealed, "abcd efgh jkmn") == answer
    monkeypatch.setenv(kdf.ENV, "1")  # a cheap reader derives another key: the override really changes it
    try:
        enrollment.read_enrollment_file(sealed, "ABCD-EFGH-JKMN")
    except enrollment.EnrollmentFileRefused:
        pass
    else:
        raise AssertionError("a file sealed at the production cost opened at the cheap cost")


def test_the_suite_itself_runs_at_the_cheapest_cost(tmp_path):
    assert kdf.cheap()
    slot = keyslots.Slot.make("ani", PASSWORD, b"k" * 32)
    assert (slot.time_cost, slot.memory_kib) == (CHEAPEST.time_cost, CHEAPEST.memory_cost)
    assert slot.open(PASSWORD) == b"k" * 32
    assert extract_parameters(security.hash_password("x")) == CHEAPEST
    assert enrollment.kdf_limits() == (sodium_argon2id.OPSLIMIT_MIN, sodium_argon2id.MEMLIMIT_MIN)
