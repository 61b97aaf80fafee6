"""Indonesia's three time zones by province, so a date is written in the time of the place it happened
("14.05 WIB"), whatever the laptop's clock zone is set to (often UTC or wrong on a village laptop).

Kalimantan Barat and Tengah keep WIB; the rest of Kalimantan, Bali, Nusa Tenggara and Sulawesi are WITA;
Maluku and the Papua provinces are WIT (Keppres 41/1987)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone


@dataclass(frozen=True)
class Zone:
    name: str  # "WIB"
    tz: timezone


WIB = Zone("WIB", timezone(timedelta(hours=7), "WIB"))
WITA = Zone("WITA", timezone(timedelta(hours=8), "WITA"))
WIT = Zone("WIT", timezone(timedelta(hours=9), "WIT"))

_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_of(region_code: str | None) -> Zone:
    """The time zone of a region (any level: its province decides); WIB when the code is unknown."""
    province = (region_code or "").replace(".", "")[:2]
    if province in _WIT_PROVINCES:
        return WIT
    if province in _WITA_PROVINCES:
        return WITA
    return WIB


def local_time(iso: str, region_code: str | None) -> tuple[datetime, Zone]:
    """An ISO timestamp (with its offset; a naive one is taken as UTC) as the region's local time."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = zone_of(region_code)
    return moment.astimezone(zone.tz), zone


ZONES = {zone.name: zone for zone in (WIB, WITA, WIT)}
