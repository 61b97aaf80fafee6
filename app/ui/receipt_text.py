"""Dates as Indonesians write them ("7 Desember 2026, 14.05 WIB"), and the English equivalent
("7 December 2026, 14:05 WIB"): month names from Qt's locale data, the zone from the desa's province."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QLocale

from forms.domain.timezones import WIB, ZONES

_LOCALES = {
    "id": QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}
_TIME_SEPARATOR = {"id": ".", "en": ":"}  # 14.05 in Indonesian, 14:05 in English


def when_text(moment: datetime, zone: str = "WIB", lang: str = "id", *, time: bool = True) -> str:
    """A moment in the named Indonesian zone, written out: "7 Desember 2026, 14.05 WIB" (time=False: the day)."""
    zone_info = ZONES.get(zone, WIB)
    local = moment.astimezone(zone_info.tz) if moment.tzinfo is not None else moment
    locale = _LOCALES.get(lang, _LOCALES["id"])
    day = locale.toString(QDate(local.year, local.month, local.day), "d MMMM yyyy")
    if not time:
        return day
    separator = _TIME_SEPARATOR.get(lang, ".")
    return f"{day}, {local.hour:02d}{separator}{local.minute:02d} {zone_info.name}"
