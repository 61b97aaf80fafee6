"""Complaint reference numbers made offline without collisions (docs/domain.md#reference-numbers).

`<desa digits>-<device number, 2 digits>-<per-device counter, 6 digits>-<check digit>`, e.g.
`6203012011-07-000123-4`. The desa and the device number (unique per district, given at enrollment)
make numbers from different laptops distinct; the counter lives in the store. The check digit is Luhn
(mod 10) over all the digits, so a digit typed wrong on the public status page is caught. Practice-mode
numbers start with `LATIHAN-` and use device number 00, so they can never be mistaken for real ones.

Shared: the device makes them (app/store), the district server checks them on the public status page.
"""

from __future__ import annotations

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
