"""A definition compiled once into a validation plan: per container, a flat list of one closure per field.

Each closure knows its field's type test, whether it has relevance, a requirement expression, a constraint,
a calculation, a NIK cross-check or PPKS age rules, and the readers of the answers those need (resolved at
load time, forms/scope.py). A valid answer costs a dict lookup and a type test; `Problem`s, paths and
messages are built only when something is wrong. The plan is cached on the `FormDef`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from forms.answers import MAX_TEXT, check_answer, label_en, label_id, quick_check
from forms.definition import RESERVED_KEYS, Field, FormDef
from forms.domain.idnumber import plain_valid
from forms.domain.kk import check_kk
from forms.domain.nik import check_nik, cross_check_nik, cross_check_parts
from forms.domain.ppks import age_problems
from forms.expr.functions import to_date, to_number
from forms.problems import Findings, Problem, Severity
from forms.scope import Frame, calculated, chain_of, ordered_items, reader

ERROR, WARNING = Severity.ERROR, Severity.WARNING
_NO_OVERRIDES: dict = {}


@dataclass
class ValidationResult(Findings):
    problems: list[Problem] = field(default_factory=list)
    overridden: list[tuple[Problem, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, problem: Problem, overrides: dict) -> None:
        """Record a problem, or move an overridable error waived with a reason to `overridden`."""
        if problem.overridable and problem.is_error:
            reason = overrides.get(f"{problem.path.rsplit('/', 1)[-1]}:{problem.code}")
            if isinstance(reason, str) and reason.strip():
                self.overridden.append((problem, reason.strip()))
                return
        self.problems.append(problem)


# A field's check: (the object holding it, the frame, the path prefix, the result, that object's overrides)
Check = Callable[[dict, Frame, str, ValidationResult, dict], None]
# A container's check: (its object, the frame, the path prefix, the result)
ContainerCheck = Callable[[dict, Frame, str, ValidationResult], None]


def plan(form: FormDef) -> ContainerCheck:
    """The compiled check of a form's answers (built on first use, then kept with the definition)."""
    compiled = form.cache.get("plan")
    if compiled is None:
        compiled = form.cache["plan"] = _container(form.fields, form.by_name)
    return compiled


def _container(fields: list[Field], by_name: dict[str, Field]) -> ContainerCheck:
    allowed = frozenset(f.name for f in fields) | RESERVED_KEYS
    checks = [c for c in (_check(f, by_name) for f in fields) if c is not None]

    def check_container(obj: dict, frame: Frame, prefix: str, result: ValidationResult) -> None:
        if "_overrides" in obj:
            overrides = obj["_overrides"]
            if not isinstance(overrides, dict):
                result.problems.append(Problem("wrong_type", "_overrides harus objek.", "_overrides must be an object.",
                                               ERROR, f"{prefix}_overrides"))  # fmt: skip
                overrides = _NO_OVERRIDES
        else:
            overrides = _NO_OVERRIDES
        if not allowed.issuperset(obj):
            for key in obj:
                if key not in allowed:
                    result.problems.append(Problem("unknown_field", f"Isian '{key}' tidak ada di formulir ini.",
                                                   f"Field '{key}' is not in this form.", ERROR, f"{prefix}{key}"))  # fmt: skip
        for check in checks:
            check(obj, frame, prefix, result, overrides)

    return check_container


def _check(f: Field, by_name: dict[str, Field]) -> Check | None:
    if f.type == "group":
        return _group(f, by_name)
    if f.type == "repeat":
        return _repeat(f, by_name)
    if f.type in ("note", "calculate"):
        return None  # nothing to judge; a calculation is computed when something reads it
    return _leaf(f, by_name)


def _requirement(f: Field) -> Callable[[Frame], bool]:
    if f.required_fn is not None:
        return f.required_fn
    required = f.required is True
    return lambda frame: required


def _group(f: Field, by_name: dict[str, Field]) -> Check:
    name, relevant, inner = f.name, f.relevant_fn, _container(f.fields, by_name)
    wrong_id, wrong_en = f"'{label_id(f)}' harus berisi kelompok jawaban.", f"'{f.name}' must be an object."

    def check_group(obj, frame, prefix, result, overrides):
        if relevant is not None and not relevant(frame):
            return
        value = obj.get(name)
        if value is not None and not isinstance(value, dict):
            result.problems.append(Problem("wrong_type", wrong_id, wrong_en, ERROR, prefix + name))
            return
        inner(value or {}, frame, f"{prefix}{name}/", result)

    return check_group


def _repeat(f: Field, by_name: dict[str, Field]) -> Check:
    name, relevant, inner, required = f.name, f.relevant_fn, _container(f.fields, by_name), _requirement(f)
    wrong_id, wrong_en = (
        f"'{label_id(f)}' harus berisi daftar item.",
        f"'{f.name}' must be an object of items.",
    )
    need_id, need_en = f"'{label_id(f)}' perlu paling sedikit satu.", f"'{f.name}' needs at least one item."

    def check_repeat(obj, frame, prefix, result, overrides):
        if relevant is not None and not relevant(frame):
            return
        value = obj.get(name)
        path = prefix + name
        if value is None:
            value = {}
        if not isinstance(value, dict):
            result.problems.append(Problem("wrong_type", wrong_id, wrong_en, ERROR, path))
            return
        problems = result.problems
        for item_id, item in value.items():
            if not isinstance(item, dict) or not isinstance(item_id, str) or not item_id or "/" in item_id:
                problems.append(Problem("wrong_type", "Item tidak valid.", "Invalid repeat item.", ERROR, f"{path}/{item_id}"))  # fmt: skip
                continue
            pos = item.get("_pos")
            if type(pos) is not int and (
                not isinstance(pos, (int, float)) or isinstance(pos, bool) or not math.isfinite(pos)
            ):
                problems.append(Problem("wrong_type", "Item tanpa urutan (_pos).", "Item without a _pos number.",
                                        ERROR, f"{path}/{item_id}/_pos"))  # fmt: skip
        items = ordered_items(value)
        if not items and required(frame):
            problems.append(Problem("required", need_id, need_en, ERROR, path))
        for position, (item_id, item) in enumerate(items, start=1):
            if "/" not in item_id:
                inner(item, frame.inside(name, item, position), f"{path}/{item_id}/", result)

    return check_repeat


def _has_rules(f: Field) -> bool:
    """Whether `_rules` has anything to check for this field (a NIK cross-check, age rules, a constraint)."""
    return (
        bool(f.cross_check)
        and f.type == "nik"
        or bool(f.age_field)
        or f.constraint_fn is not None
        or f.choice_filter_fn is not None
    )


def _rules(f: Field, by_name: dict[str, Field]) -> Callable:
    """`rules` for an answer of the right type: the NIK cross-check, the PPKS age rules, the constraint."""
    name = f.name
    chain = chain_of(f)
    sex = reader(by_name[f.cross_check["sex"]], chain) if "sex" in f.cross_check else None
    born = reader(by_name[f.cross_check["birth_date"]], chain) if "birth_date" in f.cross_check else None
    cross = bool(f.cross_check) and f.type == "nik"
    age = reader(by_name[f.age_field], chain) if f.age_field else None
    constraint = f.constraint_fn
    shown = f.choice_filter_fn
    severity = WARNING if f.constraint_severity == "warning" else ERROR
    broken_id = f.constraint_message.get("id") or f"Jawaban '{label_id(f)}' tidak memenuhi syarat."
    broken_en = f.constraint_message.get("en") or f"The answer to '{f.name}' breaks its rule."

    def rules(frame, value, prefix, result, overrides, well_typed, info, parts):
        """The NIK cross-check, the PPKS age rules and the constraint of an answer of the right type."""
        if cross:
            answered_sex = sex(frame) if sex is not None else None
            birth = to_date(born(frame)) if born is not None else None
            if parts is not None:
                day, month, yy, female = parts
                nik_sex = "P" if female else "L"
                if (answered_sex is None or answered_sex == nik_sex) and (
                    birth is None or (birth.day == day and birth.month == month and birth.year % 100 == yy)
                ):
                    mismatches = ()  # they agree (cross_check_parts would say the same, slower)
                else:
                    mismatches = cross_check_parts(
                        nik_sex,
                        day,
                        month,
                        yy,
                        sex=answered_sex if isinstance(answered_sex, str) else None,
                        birth_date=birth,
                    )
            else:
                mismatches = cross_check_nik(
                    info if info is not None else check_nik(value),
                    sex=answered_sex if isinstance(answered_sex, str) else None,
                    birth_date=birth,
                )
            for p in mismatches:
                result.add(p.at(prefix + name), overrides)
        if age is not None and isinstance(value, list):
            years = to_number(age(frame))
            if math.isfinite(years):
                for code in value:
                    for p in age_problems(code, int(years)):
                        result.add(p.at(prefix + name), overrides)
        if shown is not None and well_typed:
            offered = {row.get("name") for row in shown(frame) or ()}
            hidden = [v for v in (value if isinstance(value, list) else [value]) if v not in offered]
            if hidden:
                result.add(Problem("invalid_choice", f"Pilihan {', '.join(hidden)} tidak tersedia di sini.",
                                   f"Choice {', '.join(hidden)} is not offered here.", ERROR, prefix + name),
                           overrides)  # fmt: skip
        if constraint is not None and well_typed:
            current, frame.current = frame.current, value
            kept = constraint(frame)
            frame.current = current
            if not kept:
                result.add(Problem("constraint", broken_id, broken_en, severity, prefix + name), overrides)

    return rules


def _judge(f: Field, quick, parse, simple: bool, rules) -> Callable:  # noqa: ANN001 - closures
    """`judge`: everything about one answer — empty and required, its type, then `rules`."""
    name = f.name
    required = (lambda frame: False) if f.server_owned else _requirement(f)
    need_id, need_en = f"'{label_id(f)}' wajib diisi.", f"'{label_en(f)}' is required."
    plus_40 = f.type == "nik"

    def judge(obj, frame, prefix, result, overrides, value):
        """Everything about one answer (the fast paths below hand over anything not plainly fine)."""
        if value is None or value == "" or value == [] or (isinstance(value, float) and value != value):
            if required(frame):
                result.problems.append(Problem("required", need_id, need_en, ERROR, prefix + name))
            return
        path = prefix + name
        if simple:
            for p in check_answer(f, value, path):
                result.add(p, overrides)
            return
        info = parts = None
        if parse is not None and type(value) is str:
            parts = plain_valid(value, women_plus_40=plus_40)
            if parts is not None:
                type_problems = ()
            else:
                info = parse(value)
                type_problems = [p.at(path) for p in info.problems] if info.problems else ()
        elif quick is not None and quick(value):
            type_problems = ()
        else:
            type_problems = check_answer(f, value, path)
        if type_problems:
            for p in type_problems:
                result.add(p, overrides)
            if any(p.code == "wrong_type" for p in type_problems):
                return
        rules(
            frame, value, prefix, result, overrides, not any(p.is_error for p in type_problems), info, parts
        )

    return judge


def _leaf(f: Field, by_name: dict[str, Field]) -> Check:
    """The check of one answer: the entry picked for the field's kind (calculated, plain, NIK or No. KK,
    other), handing anything not plainly fine to `judge` (from `_judge`) and a well-typed answer to `rules`
    (from `_rules`). The three are factories of closures, so splitting them costs nothing per answer."""
    name, relevant, calc = f.name, f.relevant_fn, f.calculate_fn is not None
    quick = quick_check(f)
    parse = check_nik if f.type == "nik" else check_kk if f.type == "kk" else None
    rules = _rules(f, by_name)
    simple = parse is None and not _has_rules(f)
    judge = _judge(f, quick, parse, simple, rules)
    plus_40 = f.type == "nik"

    # Relevance and type checks are pure, so the cheap questions go first: an answer that passes its type
    # test, or an optional question left empty, has nothing to say whether or not the field is relevant.
    optional = f.server_owned or (f.required_fn is None and f.required is not True)
    if calc:

        def check_calculated(obj, frame, prefix, result, overrides):
            if relevant is None or relevant(frame):
                judge(obj, frame, prefix, result, overrides, calculated(f, frame))

        return check_calculated
    if simple and f.type in _INLINE:  # the commonest types, with their quick test written in
        return _INLINE[f.type](f, optional, relevant, judge)
    if simple:  # a plain answer: one lookup and one type test when it is fine

        def check_plain(obj, frame, prefix, result, overrides):
            value = obj.get(name)
            if quick(value) or (value is None and optional):
                return
            if relevant is None or relevant(frame):
                judge(obj, frame, prefix, result, overrides, value)

        return check_plain

    if parse is not None:  # NIK, No. KK: a number with no problem at all goes straight to the rules

        def check_number(obj, frame, prefix, result, overrides):
            value = obj.get(name)
            if value is None and optional or relevant is not None and not relevant(frame):
                return
            parts = plain_valid(value, women_plus_40=plus_40)
            if parts is None:
                judge(obj, frame, prefix, result, overrides, value)
            else:
                rules(frame, value, prefix, result, overrides, True, None, parts)

        return check_number

    def check_leaf(obj, frame, prefix, result, overrides):
        value = obj.get(name)
        if value is None and optional or relevant is not None and not relevant(frame):
            return
        if quick(value):  # the right type: straight to the rules
            rules(frame, value, prefix, result, overrides, True, None, None)
        else:
            judge(obj, frame, prefix, result, overrides, value)

    return check_leaf


# The quick tests of forms/answers.py written into the check itself (a function call less per answer, on
# ~100 answers a household); test_forms_plan.py holds them to the reference walk.
def _inline_select_one(f: Field, optional: bool, relevant, judge) -> Check:
    name, choices = f.name, f.choice_values

    def check_select_one(obj, frame, prefix, result, overrides):
        value = obj.get(name)
        if value.__class__ is str and value in choices or (value is None and optional):
            return
        if relevant is None or relevant(frame):
            judge(obj, frame, prefix, result, overrides, value)

    return check_select_one


def _inline_text(f: Field, optional: bool, relevant, judge) -> Check:
    name = f.name

    def check_text(obj, frame, prefix, result, overrides):
        value = obj.get(name)
        if value.__class__ is str and 0 < len(value) <= MAX_TEXT or (value is None and optional):
            return
        if relevant is None or relevant(frame):
            judge(obj, frame, prefix, result, overrides, value)

    return check_text


def _inline_yes_no(f: Field, optional: bool, relevant, judge) -> Check:
    name = f.name

    def check_yes_no(obj, frame, prefix, result, overrides):
        value = obj.get(name)
        if value is True or value is False or (value is None and optional):
            return
        if relevant is None or relevant(frame):
            judge(obj, frame, prefix, result, overrides, value)

    return check_yes_no


_INLINE = {"select_one": _inline_select_one, "text": _inline_text, "yes_no": _inline_yes_no}
