"""The complaints work list in words: steps, areas by name (code small), category and urgency labels from the
complaint form, and dates in the area's local time (WIB/WITA/WIT from the province)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.display import answer_text, column_field
from forms.domain import regions
from forms.domain.timezones import zone_of
from forms.registry import UnknownForm
from server.crud.forms import get_form
from server.models import FormDefinition, Record
from server.web.strings import LANGUAGES
from sync.protocol import Kind


@dataclass
class Words:
    lang: str
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> {code: label}

    def step(self, code: str) -> str:
        return LANGUAGES[self.lang].get(f"step_{code}", code)

    def area(self, code: str) -> str:
        region = regions.get(code) if code else None
        return region.name if region is not None else code

    def label(self, column: str, code: str) -> str:
        return self.labels.get(column, {}).get(code, code)

    def date(self, moment: datetime | None, area: str) -> str:
        if moment is None:
            return "—"
        zone = zone_of(area)
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone.tz)
        return local.strftime("%d-%m-%Y")


def words_for(session: Session, lang: str) -> Words:
    """The labels come from the newest version of the form the district's complaints were written with."""
    words = Words(lang)
    form_id = session.execute(
        select(Record.form_id).where(Record.kind == Kind.COMPLAINT.value).limit(1)
    ).scalar()
    if form_id is None:
        return words
    version = session.execute(
        select(func.max(FormDefinition.version)).where(FormDefinition.form_id == form_id)
    ).scalar()
    try:
        form = get_form(session, form_id=form_id, version=version or 1)
    except UnknownForm:
        return words
    for column in ("category", "urgency"):
        f = column_field(form, "complaint", column)
        if f is not None:
            words.labels[column] = {c.value: answer_text(f, c.value, lang) for c in f.choices}
    return words
