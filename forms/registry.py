"""All form definitions the program knows: the shipped ones in forms/definitions/ plus any added later
(new versions published by the district arrive by sync and are registered from their JSON).

Old versions stay loadable: a record is always judged against the version it was captured with.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from forms.definition import DefinitionError, FormDef, load_definition
from forms.problems import UserError

FILE_RE = re.compile(r"^(?P<form_id>[a-z_][a-z0-9_]*)@(?P<version>[0-9]+)\.json$")


def shipped_definitions_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "forms" / "definitions"


class UnknownForm(UserError):
    code = "unknown_form_version"


class Registry:
    def __init__(self) -> None:
        self._forms: dict[tuple[str, int], FormDef] = {}

    def add(self, form: FormDef) -> FormDef:
        self._forms[(form.form_id, form.version)] = form
        return form

    def add_source(self, source: dict | str) -> FormDef:
        """Register a definition from its JSON (a published version received by sync)."""
        return self.add(load_definition(source))

    def load_dir(self, folder: Path) -> list[FormDef]:
        loaded = []
        for path in sorted(folder.glob("*.json")):
            form = load_definition(path)
            match = FILE_RE.match(path.name)
            if match is None or (match["form_id"], int(match["version"])) != (form.form_id, form.version):
                raise DefinitionError(form.form_id, [f"file {path.name} must be named {form.key}.json"])
            loaded.append(self.add(form))
        return loaded

    def get(self, form_id: str, version: int | None = None) -> FormDef:
        """A form by id and version (the latest when version is None); UnknownForm if absent."""
        if version is None:
            versions = [v for (fid, v) in self._forms if fid == form_id]
            if not versions:
                raise UnknownForm(f"Formulir '{form_id}' tidak dikenal.", f"Unknown form '{form_id}'.")
            version = max(versions)
        form = self._forms.get((form_id, version))
        if form is None:
            raise UnknownForm(
                f"Formulir '{form_id}' versi {version} tidak dikenal.",
                f"Unknown form '{form_id}' version {version}.",
            )
        return form

    def latest(self, form_id: str) -> FormDef:
        return self.get(form_id)

    def versions(self, form_id: str) -> list[int]:
        return sorted(v for (fid, v) in self._forms if fid == form_id)

    def all(self) -> list[FormDef]:
        return [self._forms[k] for k in sorted(self._forms)]

    def parse_ref(self, ref: str) -> FormDef:
        """`ID` or `ID@VERSION` as typed on a command line."""
        form_id, _, version = ref.partition("@")
        if version and not version.isdigit():
            raise UnknownForm(f"Versi '{version}' bukan angka.", f"Version '{version}' is not a number.")
        return self.get(form_id, int(version) if version else None)


_default: Registry | None = None


def default_registry() -> Registry:
    """The shipped definitions, loaded once."""
    global _default
    if _default is None:
        registry = Registry()
        registry.load_dir(shipped_definitions_dir())
        _default = registry
    return _default
