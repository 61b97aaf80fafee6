"""How costly Argon2id is: production's cost always, except when the test suite asks for the cheapest.

Three places derive keys with Argon2id at a cost chosen to slow a password guesser (~0.2 s and 64 MiB each):
a laptop's key slots (app/store/keyslots.py), the console's passwords (server/core/security.py) and the
enrollment file sealed under its code (sync/enrollment.py). The test suite sets up hundreds of stores and
accounts; at that cost they take minutes of its time and prove nothing more than one would. With
`JARING_TEST_CHEAP_KDF=1` in the environment (tests/conftest.py sets it) all three use argon2-cffi's
CHEAPEST profile, which that library provides "only for testing purposes", instead. Production sets
nothing, and tests/test_kdf_cost.py checks that without the variable the production cost is the one used.
A process that sees the variable logs a warning once, so an operator who set it by mistake is told.
"""

from __future__ import annotations

import logging
import os

from argon2.profiles import CHEAPEST

ENV = "JARING_TEST_CHEAP_KDF"
CHEAP_TIME_COST, CHEAP_MEMORY_KIB = CHEAPEST.time_cost, CHEAPEST.memory_cost

log = logging.getLogger("jaring.kdf")
_warned = False


def cheap() -> bool:
    """True when the test suite asked for the cheapest Argon2id (never in production)."""
    global _warned
    if os.environ.get(ENV, "").strip() != "1":
        return False
    if not _warned:
        _warned = True
        log.warning("%s=1: passwords and keys are derived at a test-only cost; never set it in use", ENV)
    return True
