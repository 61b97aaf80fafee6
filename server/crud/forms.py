"""Form definitions: the shipped ones plus versions the district publishes (`jaring-server forms publish`).

Published versions live in the database and reach devices by pull. Each server process keeps its own
registry and loads a version from the database the first time a change names it, so a version published
through one process is known to every other without a restart.
"""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.definition import DefinitionError, FormDef, load_definition
from forms.display import AnswerLine, answer_lines, raw_lines
from forms.registry import Registry, UnknownForm, default_registry
from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.revisions import allocate
from server.errors import BadRequest, Conflict
from server.models import FormDefinition, Record
from sync.canonical import canonical_json
from sync.paths import unflatten

_lock = threading.RLock()  # re-entrant: publish adds to the registry it fetches under the lock
_registries: dict[str, Registry] = {}


def process_registry(session: Session | None = None) -> Registry:
    """This process's registry for the session's database: the shipped definitions, plus published ones as
    they are met. One per database, so a version published in one database is never taken as known in
    another served by the same process (tests run many; a province may host several districts)."""
    key = str(session.get_bind().url) if session is not None else ""
    with _lock:
        registry = _registries.get(key)
        if registry is None:
            registry = Registry()
            for form in default_registry().all():
                registry.add(form)
            _registries[key] = registry
        return registry


MAX_FORM_VERSION = 2**31 - 1  # form_definition.version is an INTEGER column


def get_form(session: Session, *, form_id: str, version: int) -> FormDef:
    """The definition of form_id@version, from this process or the database; UnknownForm if neither has it."""
    registry = process_registry(session)
    try:
        return registry.get(form_id, version)
    except UnknownForm:
        # A version no column can hold (2**63 from a device) is simply unknown, not a database error.
        if not 0 <= version <= MAX_FORM_VERSION:
            raise
        row = session.get(FormDefinition, (form_id, version))
        if row is None:
            raise
        with _lock:
            return registry.add_source(row.definition)


def publish_form(session: Session, *, source: dict, actor: str = "cli") -> tuple[FormDef, bool]:
    """Check a definition with forms/ and store it as a new version; (form, newly published)."""
    try:
        form = load_definition(source)
    except DefinitionError:
        raise
    except Exception as exc:  # noqa: BLE001 - any shape problem in a user's file is theirs to fix
        raise BadRequest(
            f"Definisi formulir tidak bisa dibaca: {exc}", f"Cannot read the form definition: {exc}"
        ) from None
    existing = session.get(FormDefinition, (form.form_id, form.version))
    shipped = (form.form_id, form.version) in {(f.form_id, f.version) for f in default_registry().all()}
    reference = existing.definition if existing is not None else (
        default_registry().get(form.form_id, form.version).source if shipped else None)  # fmt: skip
    if reference is not None:
        if canonical_json(reference) == canonical_json(form.source):
            if existing is not None:
                return form, False
        else:
            raise Conflict(
                f"{form.key} sudah ada dengan isi lain; naikkan nomor versinya.",
                f"{form.key} already exists with other content; raise its version number.",
            )
    session.add(FormDefinition(form_id=form.form_id, version=form.version, definition=form.source,
                               rev=allocate(session, count=1), published_by=actor, published_at=utcnow()))  # fmt: skip
    audit(session, actor=actor, action="form.publish", target=form.key)
    with _lock:
        process_registry(session).add(form)
    return form, True


def published_forms(session: Session) -> list[FormDefinition]:
    return list(session.execute(select(FormDefinition).order_by(FormDefinition.rev)).scalars())


def answers_in_words(session: Session, record: Record, lang: str = "id") -> list[AnswerLine]:
    """A record's answers as people read them (forms/display.py), against the form version it was written
    with; as stored (path and value) when this server does not know that version — shown, never lost."""
    try:
        form = get_form(session, form_id=record.form_id, version=record.form_version)
    except UnknownForm:
        return raw_lines(record.fields or {})
    return answer_lines(form, unflatten(record.fields or {}), lang)
