"""Passwords, tokens and one-time codes.

Passwords: Argon2id (argon2-cffi). Bearer tokens and enrollment-code secrets are random (`secrets`), shown
once, and stored only as SHA-256 digests: a 256-bit token needs no slow hash, and a code's secret is
protected by locking the code after a few wrong tries. Codes read well aloud and on paper: Crockford-style
base32 without I, L, O, U, in groups of four — the first group names the code, the rest is its secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import CHEAPEST

from sync import kdf
from sync.enrollment import normalize_code

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_ID_LENGTH = 4
CODE_SECRET_LENGTH = 8  # 40 bits: with 5 tries before locking, guessing is hopeless

_production_hasher = PasswordHasher()  # argon2-cffi's defaults (RFC 9106's low-memory profile)
_cheap_hasher = PasswordHasher.from_parameters(CHEAPEST)


def password_hasher() -> PasswordHasher:
    """The production hasher, unless the test suite asked for the cheapest (sync/kdf.py). A hash carries its
    own parameters, so verifying works the same with either."""
    return _cheap_hasher if kdf.cheap() else _production_hasher


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A bearer token (shown once to its holder)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_code() -> tuple[str, str, str]:
    """(printed code "ABCD-EFGH-JKMN", its lookup id, its secret) for a one-time enrollment code."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_ID_LENGTH + CODE_SECRET_LENGTH))
    lookup, secret = chars[:CODE_ID_LENGTH], chars[CODE_ID_LENGTH:]
    printed = "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))
    return printed, lookup, secret


def split_code(code: str) -> tuple[str, str]:
    """(lookup id, secret) of a code as typed (case, spaces and dashes ignored)."""
    plain = normalize_code(code)
    return plain[:CODE_ID_LENGTH], plain[CODE_ID_LENGTH:]


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
