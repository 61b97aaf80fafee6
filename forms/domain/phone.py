"""Telephone numbers as people write them ("0812 5566 7788", "+62 812-5566-7788", "(0536) 322-1234"), kept in
one form: E.164 ("+6281255667788"). Parsing and the numbering plan are Google's libphonenumber (the
`phonenumberslite` port); this module only says what Jaring accepts and how it is stored and shown.

What is accepted: a number that starts with 0 (Indonesian, national), with +62 or 62, or with + and another
country's code (a relative working in Malaysia); spaces, dashes, dots and brackets anywhere. A number of an
impossible length is an error. A possible number outside the numbering plan libphonenumber knows is only a
warning: the plan changes with new ranges, and a device and the server may ship different versions of it, so
the plan must never decide whether a record is accepted. Never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType, ValidationResult

from forms.problems import Problem, Severity

REGION = "ID"
_SEPARATORS = re.compile(r"[\s\-.()/]+")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_EXAMPLE_ID = "Contoh: 0812 5566 7788 atau +62 812-5566-7788."
_EXAMPLE_EN = "For example 0812 5566 7788 or +62 812-5566-7788."


def _bad(code: str, id_: str, en: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(code, f"{id_} {_EXAMPLE_ID}", f"{en} {_EXAMPLE_EN}", severity)


def _possible(number: phonenumbers.PhoneNumber) -> bool:
    """A length a mobile or fixed line can have (dialled from anywhere: no local-only short numbers); for
    Indonesia also the 8–13 digits after 0 or +62 the form accepted before."""
    if number.country_code == 62 and not 8 <= len(str(number.national_number)) <= 13:
        return False
    return any(
        phonenumbers.is_possible_number_for_type_with_reason(number, kind) == ValidationResult.IS_POSSIBLE
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)
    )


@lru_cache(maxsize=1024)
def _parse(text: str) -> tuple[str | None, tuple[Problem, ...]]:
    """(the E.164 form or None, problems) for a typed number."""
    compact = _SEPARATORS.sub("", text.strip())
    if not compact:
        return None, (_bad("phone_empty", "Nomor telepon kosong.", "The phone number is empty."),)
    if not (compact.startswith(("0", "+", "62")) and compact.lstrip("+").isdigit()):
        return None, (
            _bad("phone_format", "Nomor telepon diawali 0 atau +62 dan hanya berisi angka.",
                 "A phone number starts with 0 or +62 and holds only digits."),
        )  # fmt: skip
    try:
        number = phonenumbers.parse(compact, REGION)
    except NumberParseException:
        number = None
    if number is None or not _possible(number):
        return None, (
            _bad("phone_length", "Jumlah angka nomor telepon tidak mungkin.",
                 "A phone number cannot have that many digits."),
        )  # fmt: skip
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(number):
        return e164, (
            _bad("phone_unusual", "Nomor telepon ini tidak biasa; periksa lagi.",
                 "This phone number looks unusual; please check it.", Severity.WARNING),
        )  # fmt: skip
    return e164, ()


def normalise_phone(text: object) -> str | None:
    """The E.164 form of a typed number ("0812 5566 7788" -> "+6281255667788"); None when it is no number."""
    if not isinstance(text, str):
        return None
    return _parse(text)[0]


def check_phone(text: str) -> tuple[Problem, ...]:
    """Every problem of a typed (or stored) phone number; () for a good one."""
    return _parse(text)[1]


def plainly_valid(value: object) -> bool:
    """True only for a number already stored in E.164 with nothing to say about it (the validator's fast path)."""
    return type(value) is str and _E164.match(value) is not None and _parse(value) == (value, ())


def display_phone(value: str) -> str:
    """How a number is shown: Indonesian numbers as dialled at home ("0812-5566-7788"), others with their
    country code ("+60 12-345 6789"). Text that is no number is shown as it is."""
    e164 = normalise_phone(value)
    if e164 is None:
        return value
    number = phonenumbers.parse(e164, REGION)
    home = phonenumbers.region_code_for_number(number) == REGION
    return phonenumbers.format_number(
        number, PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    )
