"""Judge a record's answers against the form version it was captured with — the same code on app and server.

`validate(form, answers)` returns every error and warning with its field path, machine code and
Indonesian/English messages. It never raises for any answers: unknown fields and wrong types are errors.
An overridable error (the NIK/birth-date mismatch) with a reason under `_overrides` moves to `overridden`:
still visible to the district with its reason, no longer blocking the save.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from forms.definition import RESERVED_KEYS, Field, FormDef
from forms.domain import regions
from forms.domain.kk import check_kk
from forms.domain.nik import check_nik, cross_check_nik
from forms.domain.ppks import age_problems
from forms.expr.functions import is_empty, to_bool, to_date, to_number
from forms.problems import Problem, Severity
from forms.scope import Scope, ordered_items

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_TEXT = 5000


@dataclass
class ValidationResult:
    problems: list[Problem] = field(default_factory=list)
    overridden: list[tuple[Problem, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _p(code: str, id_: str, en: str, path: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(code, id_, en, severity, path)


def _label(f: Field) -> str:
    return f.text("label") or f.name


def _check_type(f: Field, value: object, path: str) -> list[Problem]:
    """Whether an answer has the shape its field type needs; domain checks for NIK, KK and regions."""
    t = f.type

    def wrong() -> list[Problem]:  # built only when needed: validation runs per field of every record
        return [_p("wrong_type", f"Jawaban '{_label(f)}' tidak sesuai jenisnya ({t}).",
                   f"The answer to '{f.text('label', 'en') or f.name}' has the wrong type ({t}).", path)]  # fmt: skip

    if t in ("text",):
        if not isinstance(value, str):
            return wrong()
        if len(value) > MAX_TEXT:
            return [
                _p("too_long", f"Teks lebih dari {MAX_TEXT} huruf.", f"Text longer than {MAX_TEXT}.", path)
            ]
        return []
    if t == "integer":
        return [] if isinstance(value, int) and not isinstance(value, bool) else wrong()
    if t == "decimal":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        return [] if ok else wrong()
    if t == "date":
        if not isinstance(value, str) or len(value) != 10 or to_date(value) is None:
            return wrong()
        return []
    if t == "yes_no":
        return [] if isinstance(value, bool) else wrong()
    if t == "select_one":
        if not isinstance(value, str):
            return wrong()
        if value not in f.choice_values:
            return [_p("invalid_choice", f"Pilihan '{value}' tidak ada untuk '{_label(f)}'.",
                       f"'{value}' is not a choice of '{f.name}'.", path)]  # fmt: skip
        return []
    if t == "select_multiple":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return wrong()
        bad = [v for v in value if v not in f.choice_values]
        if bad or len(set(value)) != len(value):
            return [_p("invalid_choice", f"Pilihan tidak dikenal atau ganda: {', '.join(bad) or 'ganda'}.",
                       f"Unknown or repeated choices: {', '.join(bad) or 'repeated'}.", path)]  # fmt: skip
        return []
    if t == "nik":
        if not isinstance(value, str):
            return wrong()
        return [p.at(path) for p in check_nik(value).problems]
    if t == "kk":
        if not isinstance(value, str):
            return wrong()
        return [p.at(path) for p in check_kk(value).problems]
    if t == "region":
        if not isinstance(value, str):
            return wrong()
        region = regions.get(value)
        if region is None or region.code != value:
            return [
                _p(
                    "unknown_region",
                    f"Kode wilayah '{value}' tidak dikenal.",
                    f"Unknown region code '{value}'.",
                    path,
                )
            ]
        if region.level != f.level:
            return [
                _p(
                    "wrong_region_level",
                    f"'{region.name}' bukan {f.level}.",
                    f"'{region.name}' is not a {f.level}.",
                    path,
                )
            ]
        return []
    if t == "geopoint":
        if not isinstance(value, dict):
            return wrong()
        lat, lon = value.get("lat"), value.get("lon")
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
        if (
            not numeric
            or not (-90 <= lat <= 90 and -180 <= lon <= 180)
            or set(value) - {"lat", "lon", "accuracy"}
        ):
            return [_p("invalid_geopoint", "Titik GPS tidak valid.", "Invalid GPS point.", path)]
        return []
    if t == "photo":
        if not isinstance(value, str) or not SHA256_RE.match(value):
            return [_p("invalid_attachment", "Lampiran harus berupa sidik SHA-256 berkasnya.",
                       "An attachment must be its file's SHA-256.", path)]  # fmt: skip
        return []
    return []


class _Validator:
    def __init__(self, form: FormDef, answers: dict, today: date):
        self.form = form
        self.today = today
        self.result = ValidationResult()
        self.root = Scope(form, answers, today)

    def add(self, problem: Problem, overrides: dict) -> None:
        if problem.is_error and problem.overridable:
            key = f"{problem.path.rsplit('/', 1)[-1]}:{problem.code}"
            reason = overrides.get(key)
            if isinstance(reason, str) and reason.strip():
                self.result.overridden.append((problem, reason.strip()))
                return
        self.result.problems.append(problem)

    def run(self, answers: object) -> ValidationResult:
        if not isinstance(answers, dict):
            self.result.problems.append(
                _p("wrong_type", "Jawaban harus berupa objek JSON.", "Answers must be a JSON object.", "")
            )
            return self.result
        self.fields(self.form.fields, answers, "", self.root)
        return self.result

    def fields(self, fields: list[Field], obj: dict, prefix: str, scope: Scope) -> None:
        names = {f.name for f in fields}
        overrides = obj.get("_overrides") if isinstance(obj.get("_overrides"), dict) else {}
        if "_overrides" in obj and not isinstance(obj["_overrides"], dict):
            self.result.problems.append(_p("wrong_type", "_overrides harus objek.", "_overrides must be an object.",
                                           f"{prefix}_overrides"))  # fmt: skip
        for key in obj:
            if key not in names and key not in RESERVED_KEYS:
                self.result.problems.append(
                    _p(
                        "unknown_field",
                        f"Isian '{key}' tidak ada di formulir ini.",
                        f"Field '{key}' is not in this form.",
                        f"{prefix}{key}",
                    )  # fmt: skip
                )
        for f in fields:
            self.one(f, obj, prefix, scope, overrides)

    def one(self, f: Field, obj: dict, prefix: str, scope: Scope, overrides: dict) -> None:
        path = f"{prefix}{f.name}"
        if f.relevant_fn is not None and not to_bool(f.relevant_fn(scope.env())):
            return
        value = obj.get(f.name)
        if f.type == "group":
            if value is not None and not isinstance(value, dict):
                self.result.problems.append(
                    _p(
                        "wrong_type",
                        f"'{_label(f)}' harus berisi kelompok jawaban.",
                        f"'{f.name}' must be an object.",
                        path,
                    )
                )
                return
            self.fields(f.fields, value or {}, f"{path}/", scope)
            return
        if f.type == "repeat":
            self.repeat(f, value, path, scope)
            return
        if f.type == "note":
            return
        if f.calculate_fn is not None:
            value = scope.calculated(f, scope.items)
            if f.type == "calculate":
                return
        if is_empty(value):
            required = to_bool(f.required_fn(scope.env())) if f.required_fn else f.required is True
            if required and not f.server_owned:
                self.result.problems.append(
                    _p(
                        "required",
                        f"'{_label(f)}' wajib diisi.",
                        f"'{f.text('label', 'en') or f.name}' is required.",
                        path,
                    )
                )
            return
        type_problems = _check_type(f, value, path)
        for p in type_problems:
            self.add(p, overrides)
        if any(p.code == "wrong_type" for p in type_problems):
            return
        if f.type == "nik" and f.cross_check:
            sex = scope.lookup(f.cross_check["sex"]) if "sex" in f.cross_check else None
            born = (
                to_date(scope.lookup(f.cross_check["birth_date"])) if "birth_date" in f.cross_check else None
            )
            for p in cross_check_nik(
                check_nik(value), sex=sex if isinstance(sex, str) else None, birth_date=born
            ):
                self.add(p.at(path), overrides)
        if f.age_field and isinstance(value, list):
            age = to_number(scope.lookup(f.age_field))
            years = int(age) if math.isfinite(age) else None
            for code in value:
                for p in age_problems(code, years):
                    self.add(p.at(path), overrides)
        if f.constraint_fn is not None and not any(p.is_error for p in type_problems):
            if not to_bool(f.constraint_fn(scope.env(current=value))):
                severity = Severity.WARNING if f.constraint_severity == "warning" else Severity.ERROR
                msg_id = f.constraint_message.get("id") or f"Jawaban '{_label(f)}' tidak memenuhi syarat."
                msg_en = f.constraint_message.get("en") or f"The answer to '{f.name}' breaks its rule."
                self.add(_p("constraint", msg_id, msg_en, path, severity), overrides)

    def repeat(self, f: Field, value: object, path: str, scope: Scope) -> None:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.result.problems.append(_p("wrong_type", f"'{_label(f)}' harus berisi daftar item.",
                                           f"'{f.name}' must be an object of items.", path))  # fmt: skip
            return
        for item_id, item in value.items():
            if not isinstance(item, dict) or not item_id or "/" in item_id:
                self.result.problems.append(
                    _p("wrong_type", "Item tidak valid.", "Invalid repeat item.", f"{path}/{item_id}")
                )
                continue
            pos = item.get("_pos")
            if not isinstance(pos, (int, float)) or isinstance(pos, bool) or not math.isfinite(pos):
                self.result.problems.append(_p("wrong_type", "Item tanpa urutan (_pos).", "Item without a _pos number.",
                                               f"{path}/{item_id}/_pos"))  # fmt: skip
        items = ordered_items(value)
        required = to_bool(f.required_fn(scope.env())) if f.required_fn else f.required is True
        if required and not items:
            self.result.problems.append(
                _p(
                    "required",
                    f"'{_label(f)}' perlu paling sedikit satu.",
                    f"'{f.name}' needs at least one item.",
                    path,
                )
            )
        for item_id, item in items:
            if "/" in item_id:
                continue
            self.fields(f.fields, item, f"{path}/{item_id}/", scope.inside(f, item_id, item))


def validate(form: FormDef, answers: dict, *, today: date | None = None) -> ValidationResult:
    """Every error and warning of `answers` against `form`. Never raises for any `answers`."""
    try:
        return _Validator(form, answers, today or date.today()).run(answers)
    except RecursionError:
        result = ValidationResult()
        result.problems.append(
            _p("too_deep", "Jawaban terlalu bersarang.", "Answers are nested too deeply.", "")
        )
        return result


def calculate(form: FormDef, answers: dict, *, today: date | None = None) -> dict:
    """A copy of `answers` with every relevant calculated field filled in (the app stores them with a save)."""
    import copy

    result = copy.deepcopy(answers) if isinstance(answers, dict) else {}
    root = Scope(form, result, today or date.today())

    def fill(fields: list[Field], obj: dict, scope: Scope) -> None:
        for f in fields:
            if f.relevant_fn is not None and not to_bool(f.relevant_fn(scope.env())):
                continue
            if f.type == "group":
                sub = obj.get(f.name)
                if isinstance(sub, dict):
                    fill(f.fields, sub, scope)
            elif f.type == "repeat":
                for item_id, item in ordered_items(obj.get(f.name)):
                    fill(f.fields, item, scope.inside(f, item_id, item))
            elif f.calculate_fn is not None:
                value = scope.calculated(f, scope.items)
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if isinstance(value, date):
                    value = value.isoformat()
                obj[f.name] = None if isinstance(value, float) and math.isnan(value) else value

    fill(form.fields, result, root)
    return result


def is_relevant(form: FormDef, field_name: str, answers: dict, item_ids: dict[str, str] | None = None,
                *, today: date | None = None) -> bool:  # fmt: skip
    """Whether a field is shown, given the answers so far (for the UI's live skip logic).

    `item_ids` names the repeat item(s) the field sits in: {repeat name: item id}.
    """
    f = form.by_name[field_name]
    scope = Scope(form, answers, today or date.today())
    for repeat_name, item_id in (item_ids or {}).items():
        repeat = form.by_name[repeat_name]
        scope = scope.inside(repeat, item_id, _find_item(answers, repeat, item_id) or {})
    node: Field | None = f
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return all(n.relevant_fn is None or to_bool(n.relevant_fn(scope.env())) for n in reversed(chain))


def _find_item(answers: dict, repeat: Field, item_id: str) -> dict | None:
    node: object = answers
    for kind, key in repeat.steps:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
        if kind == "repeat" and key != repeat.name:
            return None  # nested repeats: the UI passes the outer item; not needed by our forms
    return node.get(item_id) if isinstance(node, dict) else None
