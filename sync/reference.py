"""Complaint reference numbers made offline without collisions (docs/domain.md#reference-numbers).

`<desa digits>-<device number, 2 digits>-<per-device counter, 6 digits>-<check digit>`, e.g.
`6203012011-07-000123-4`. The desa and the device number (unique per district, given at enrollment)
make numbers from different laptops distinct; the counter lives in the store. The check digit is Luhn
(mod 10) over all the digits, so a digit typed wrong on the public status page is caught. Practice-mode
numbers start with `LATIHAN-` and use device number 00, so they can never be mistaken for real ones.

Shared: the device makes them (app/store), the district server checks them on push (a device may only use
its own desa digits and device number: `owned_by`) and on the public status page.

The receipt also prints a short *status code* (`status_code`, 6 digits) that the public status page asks
for next to the number: numbers are sequential per device, so a number alone is easy to guess; the code is
derived from the complaint's record id — a random UUID made on the laptop that only the laptop, the district
and the devices of its area ever see — so the laptop prints it offline and the server checks it without
storing anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

PRACTICE_PREFIX = "LATIHAN-"


def luhn_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def make_reference(desa_code: str, device_number: int, counter: int, *, practice: bool = False) -> str:
    desa = desa_code.replace(".", "")
    number = 0 if practice else device_number
    body = f"{desa}{number:02d}{counter:06d}"
    ref = f"{desa}-{number:02d}-{counter:06d}-{luhn_digit(body)}"
    return PRACTICE_PREFIX + ref if practice else ref


def is_valid_reference(reference: str) -> bool:
    text = reference.strip().upper().removeprefix(PRACTICE_PREFIX)
    parts = text.split("-")
    if len(parts) != 4 or not all(p.isdigit() for p in parts) or len(parts[3]) != 1:
        return False
    return luhn_digit("".join(parts[:3])) == int(parts[3])


@dataclass(frozen=True)
class ReferenceParts:
    area: str  # dotted Kemendagri code of the desa (or of the device's area when the complaint named none)
    device_number: int
    counter: int
    practice: bool


_AREA_WIDTHS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


def parse_reference(reference: str) -> ReferenceParts | None:
    """The parts of a well-formed reference (check digit right), or None."""
    text = reference.strip().upper()
    practice = text.startswith(PRACTICE_PREFIX)
    if not is_valid_reference(text):
        return None
    digits, number, counter, _check = text.removeprefix(PRACTICE_PREFIX).split("-")
    widths = _AREA_WIDTHS.get(len(digits))
    if widths is None or len(number) != 2 or len(counter) != 6:
        return None
    parts, at = [], 0
    for width in widths:
        parts.append(digits[at : at + width])
        at += width
    return ReferenceParts(".".join(parts), int(number), int(counter), practice)


def owned_by(reference: str, *, area: str, device_number: int) -> bool:
    """True when `reference` is one the device of `area` and `device_number` can have made: its own device
    number, and desa digits of its own area (a kecamatan device's complaint names a desa inside it).
    Anything else — another device's number, another desa, a practice number — was not made by it."""
    parts = parse_reference(reference)
    if parts is None or parts.practice or parts.device_number != device_number or not area:
        return False
    return parts.area == area or parts.area.startswith(area + ".")


STATUS_CODE_DIGITS = 6


def status_code(record_id: str) -> str:
    """The complaint's 6-digit status code, printed on the receipt next to its reference number and asked for
    by the public status page (what a citizen holds and a guesser of sequential numbers does not)."""
    digest = hashlib.sha256(b"jaring-status-code\x00" + record_id.encode("utf-8")).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**STATUS_CODE_DIGITS:0{STATUS_CODE_DIGITS}d}"


def same_status_code(record_id: str, typed: str) -> bool:
    """`typed` (spaces and dashes ignored, as a citizen may copy "123 456") is the code of `record_id`."""
    plain = "".join(ch for ch in typed if ch not in " -")
    return plain.isascii() and plain == status_code(record_id)
