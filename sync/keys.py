"""Device and server key pairs: Ed25519 for signing, X25519 for encryption (PyNaCl / libsodium).

Public keys travel as base64; private keys are kept by their owner only (the device in its encrypted
store, the server in its database).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey, VerifyKey


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KeyPair:
    sign: SigningKey
    box: PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(SigningKey.generate(), PrivateKey.generate())

    @classmethod
    def from_private(cls, sign_private_b64: str, box_private_b64: str) -> KeyPair:
        return cls(SigningKey(unb64(sign_private_b64)), PrivateKey(unb64(box_private_b64)))

    @property
    def sign_public(self) -> str:
        return b64(bytes(self.sign.verify_key))

    @property
    def box_public(self) -> str:
        return b64(bytes(self.box.public_key))

    def private_parts(self) -> tuple[str, str]:
        """(signing key, encryption key) as base64 — for the owner's encrypted store only."""
        return b64(bytes(self.sign)), b64(bytes(self.box))


def verify_key(public_b64: str) -> VerifyKey:
    return VerifyKey(unb64(public_b64))


def box_public_key(public_b64: str) -> PublicKey:
    return PublicKey(unb64(public_b64))
