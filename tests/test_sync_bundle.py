"""Offline bundles and enrollment files: round trips, and every kind of bad file refused with its typed error."""

from __future__ import annotations

import gzip

import pytest

from sync.bundle import (
    BundleError,
    BundleNotForThisDevice,
    BundleTampered,
    BundleTruncated,
    BundleUnknownSender,
    UnsupportedBundleVersion,
    read_bundle,
    write_bundle,
)
from sync.compression import BadCompression, TooLarge, compress_zstd, decompress
from sync.enrollment import (
    EnrollmentFileRefused,
    check_enrollment_proof,
    make_enrollment_proof,
    read_enrollment_file,
    write_enrollment_file,
)
from sync.keys import KeyPair
from sync.protocol import EnrollAnswer

DEVICE, OTHER_DEVICE = "dev-village", "dev-other"
CODE = "K7Q2-MX4P-9DAB"


@pytest.fixture(scope="module")
def keys():
    return {"device": KeyPair.generate(), "server": KeyPair.generate(), "other": KeyPair.generate()}


PAYLOAD = {
    "device_id": DEVICE,
    "batches": [{"changes": [{"nama": "Siti Nurhaliza", "nik": "6203015505850001"}]}],
}


def outbound(keys, **kw):
    args = dict(direction="outbound", sender=DEVICE, recipient="server", sender_key=keys["device"].sign,
                recipient_key=keys["server"].box.public_key, counts={"changes": 1})  # fmt: skip
    args.update(kw)
    return write_bundle(PAYLOAD, **args)


def server_reads(keys, data, registered=True, accept_proof=None):
    known = {DEVICE: keys["device"].sign.verify_key} if registered else {}
    return read_bundle(
        data, me="server", my_key=keys["server"].box, sender_key=known.get, accept_proof=accept_proof
    )


def test_round_trip(keys):
    header, payload = server_reads(keys, outbound(keys))
    assert payload == PAYLOAD and header.sender == DEVICE and header.counts == {"changes": 1}


def test_nothing_personal_is_readable_in_the_file(keys):
    data = outbound(keys)
    assert b"Nurhaliza" not in data and b"6203015505850001" not in data


def test_one_flipped_byte_anywhere_is_refused(keys):
    """Every position, every bit: the file is small, and a refused read must name its reason."""
    data = outbound(keys)
    for pos in range(len(data)):
        for bit in (0x01, 0x80):
            flipped = bytearray(data)
            flipped[pos] ^= bit
            with pytest.raises(BundleError):
                server_reads(keys, bytes(flipped))


def test_signature_or_payload_bytes_flipped_are_tampered(keys):
    data = outbound(keys)
    for pos in (len(data) - 1, len(data) - 100):
        flipped = bytearray(data)
        flipped[pos] ^= 0x80
        with pytest.raises(BundleTampered):
            server_reads(keys, bytes(flipped))


@pytest.mark.parametrize("keep", [0, 5, 20, 200, -1])
def test_truncated_file_is_refused(keys, keep):
    data = outbound(keys)
    cut = data[:keep] if keep >= 0 else data[:-1]
    with pytest.raises((BundleTruncated, BundleTampered)) as caught:
        server_reads(keys, cut)
    if keep != 0:
        assert isinstance(caught.value, BundleTruncated)


def test_a_bundle_for_another_device_is_refused(keys):
    data = write_bundle({"x": 1}, direction="return", sender="server", recipient=OTHER_DEVICE,
                        sender_key=keys["server"].sign, recipient_key=keys["other"].box.public_key)  # fmt: skip
    with pytest.raises(BundleNotForThisDevice):
        read_bundle(data, me=DEVICE, my_key=keys["device"].box,
                    sender_key={"server": keys["server"].sign.verify_key}.get)  # fmt: skip


def test_a_bundle_signed_by_an_unregistered_unproven_key_is_refused(keys):
    impostor = KeyPair.generate()
    data = outbound(keys, sender_key=impostor.sign)
    with pytest.raises(BundleTampered):  # a registered device id, the wrong key
        server_reads(keys, data)
    with pytest.raises(BundleUnknownSender):  # an unknown device without a proof
        server_reads(keys, data, registered=False, accept_proof=lambda *a: True)


def test_a_first_bundle_with_a_valid_enrollment_proof_is_accepted(keys):
    device = keys["device"]
    proof = make_enrollment_proof(CODE, DEVICE, device.sign_public, device.box_public)
    data = outbound(keys, enrollment_proof=proof)

    def accept(sender, got_proof):
        return check_enrollment_proof(CODE, sender, got_proof)

    header, payload = server_reads(keys, data, registered=False, accept_proof=accept)
    assert payload == PAYLOAD and header.enrollment_proof.sign_key == device.sign_public


def test_a_first_bundle_with_a_wrong_proof_is_refused(keys):
    device = keys["device"]
    proof = make_enrollment_proof("WRONG-CODE-0000", DEVICE, device.sign_public, device.box_public)
    data = outbound(keys, enrollment_proof=proof)
    with pytest.raises(BundleUnknownSender):
        server_reads(
            keys, data, registered=False, accept_proof=lambda s, p: check_enrollment_proof(CODE, s, p)
        )


def test_proof_for_other_keys_fails():
    a, b = KeyPair.generate(), KeyPair.generate()
    proof = make_enrollment_proof(CODE, DEVICE, a.sign_public, a.box_public)
    forged = proof.model_copy(update={"sign_key": b.sign_public})
    assert check_enrollment_proof(CODE, DEVICE, proof) and not check_enrollment_proof(CODE, DEVICE, forged)
    assert not check_enrollment_proof(CODE, OTHER_DEVICE, proof)


def test_unsupported_version_is_named(keys):
    data = outbound(keys)
    patched = data.replace(b'"format_version":1', b'"format_version":9')
    with pytest.raises(UnsupportedBundleVersion):
        server_reads(keys, patched)


def test_not_a_bundle(keys):
    with pytest.raises(BundleTampered):
        server_reads(keys, b"PK\x03\x04 this is a zip file, not a bundle")


def test_errors_speak_both_languages(keys):
    with pytest.raises(BundleTruncated) as caught:
        server_reads(keys, outbound(keys)[:-10])
    assert "terpotong" in caught.value.id and "truncated" in caught.value.en


def answer() -> EnrollAnswer:
    return EnrollAnswer(device_id=DEVICE, device_number=7, token="secret-token", area="62.03.01.2011",
                        server_sign_key="c2lnbg==", server_box_key="Ym94")  # fmt: skip


def test_enrollment_file_round_trip_and_code_formatting():
    data = write_enrollment_file(answer(), CODE)
    assert b"secret-token" not in data and b"62.03.01.2011" not in data
    assert read_enrollment_file(data, "k7q2 mx4p 9dab") == answer()


def test_enrollment_file_with_the_wrong_code_or_altered_is_refused():
    data = write_enrollment_file(answer(), CODE)
    with pytest.raises(EnrollmentFileRefused):
        read_enrollment_file(data, "K7Q2-MX4P-9DAC")
    altered = data.replace(DEVICE.encode(), OTHER_DEVICE.encode())
    with pytest.raises(EnrollmentFileRefused):
        read_enrollment_file(altered, CODE)
    with pytest.raises(EnrollmentFileRefused):
        read_enrollment_file(b"\xff\xfe not json", CODE)


def test_a_decompression_bomb_is_refused_not_unpacked(keys):
    bomb = {"device_id": DEVICE, "batches": [], "padding": "0" * 2_000_000}  # compresses to a few KB
    data = write_bundle(bomb, direction="outbound", sender=DEVICE, recipient="server",
                        sender_key=keys["device"].sign, recipient_key=keys["server"].box.public_key)  # fmt: skip
    assert len(data) < 10_000
    with pytest.raises(BundleTampered, match="too large"):
        read_bundle(data, me="server", my_key=keys["server"].box,
                    sender_key={DEVICE: keys["device"].sign.verify_key}.get, max_payload_bytes=1_000_000)  # fmt: skip


def test_a_compressed_body_stops_one_byte_past_the_limit():
    body = compress_zstd(b"x" * 5_000)
    assert decompress(body, "zstd", 5_000) == b"x" * 5_000
    for encoding, packed in (
        ("zstd", body),
        ("gzip", gzip.compress(b"x" * 5_000)),
        ("identity", b"x" * 5_000),
    ):
        with pytest.raises(TooLarge):
            decompress(packed, encoding, 4_999)
    with pytest.raises(BadCompression):
        decompress(b"not zstd at all", "zstd", 1_000)
    with pytest.raises(BadCompression):
        decompress(body, "brotli", 10_000)
