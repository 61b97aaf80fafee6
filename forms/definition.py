"""Form definitions as data: the model, the loader and the checks run when a definition is loaded.

A definition is JSON (format in forms/README.md). Loading it builds `FormDef` — a tree of `Field`s with
their expressions compiled once — or raises `DefinitionError` listing every problem, each naming the form,
the field and, for expressions, the column. Field names are unique in a form, so `${name}` is unambiguous.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from forms.expr.ast import Call, Ref, references, walk
from forms.expr.compile import Compiled, compile_expr
from forms.expr.parser import ExpressionError, parse
from forms.lists import BUILTIN_CHOICES
from forms.odk_fields import PRELOADS, choice_filter_node, lists_problems, lookups_for, parameter_problems
from forms.problems import ListedError
from forms.scope import chain_of, reader

FIELD_TYPES = {
    "text", "integer", "decimal", "date", "select_one", "select_multiple", "yes_no", "nik", "kk", "phone",
    "region", "geopoint", "photo", "note", "calculate", "group", "repeat", "time", "datetime", "geotrace",
    "audio", "file",
}  # fmt: skip
CONTAINER_TYPES = {"group", "repeat"}
NO_ANSWER_TYPES = {"note", "group", "repeat"}
REGION_LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")
PROJECTIONS = {"household", "person", "complaint", "service", "visit"}
# a record kind is one of sync.protocol.Kind
KINDS = ("household", "complaint", "service", "visit", "proposal")
# How a question looks, never what it accepts (XLSForm's `appearance`): "multiline" is a text box of several lines;
# "hidden" is a value the app fills in and never shows (a service's subject ids: its name is shown instead).
APPEARANCES = {"text": {"multiline", "hidden"}}
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_KEYS = {"_pos", "_overrides"}


class DefinitionError(ListedError):
    """A form definition that cannot be used (`DefinitionError(form_id, problems)`); `problems` lists each one."""

    code = "invalid_form_definition"
    head_id = "Definisi formulir {!r} tidak valid"
    head_en = "Form definition {!r} is invalid"


@dataclass(frozen=True)
class Choice:
    value: str
    label: dict[str, str]
    columns: tuple[tuple[str, str], ...] = ()  # a choice list's own columns, for choice filters and lookups


@dataclass(eq=False)
class Field:
    name: str
    type: str
    label: dict[str, str]
    hint: dict[str, str] = field(default_factory=dict)
    required: bool | str = False
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: dict[str, str] = field(default_factory=dict)
    constraint_severity: str = "error"
    calculate: str | None = None
    default: object = None
    choices: list[Choice] = field(default_factory=list)
    level: str = "desa"
    cross_check: dict[str, str] = field(default_factory=dict)
    age_field: str | None = None
    server_owned: bool = False
    read_only: bool = False
    appearance: str | None = None
    choice_filter: str | None = None  # which of the list's choices show, over its columns: "prov = ${prov}"
    preload: str | None = (
        None  # metadata the device fills: start, end, today, deviceid, … (forms/odk_fields.py)
    )
    parameters: dict[str, str] = field(default_factory=dict)
    choice_list: str | None = None  # the choice list's name, when the choices are a named list
    set_on: list[str] = field(
        default_factory=list
    )  # XLSForm's trigger: questions whose change sets this answer
    set_to: str | None = None  # … to this expression's value (then it is an answer like any other)
    fields: list[Field] = field(default_factory=list)
    # filled in by the loader
    parent: Field | None = None
    steps: tuple[tuple[str, str], ...] = ()  # ("group"|"repeat"|"field", name) from the root to this field
    # compiled closures of a forms.scope.Frame; relevance, required and constraint return a bool
    relevant_fn: Compiled | None = None
    required_fn: Compiled | None = None
    constraint_fn: Compiled | None = None
    calculate_fn: Compiled | None = None
    choice_filter_fn: Compiled | None = None  # the choices shown, given the answers (a list of rows)
    set_to_fn: Compiled | None = None
    choice_values: frozenset[str] = frozenset()

    @property
    def repeat(self) -> Field | None:
        """The innermost repeat this field lives in (None at the top level)."""
        node = self.parent
        while node is not None and node.type != "repeat":
            node = node.parent
        return node

    def text(self, key: str, lang: str = "id") -> str:
        texts = getattr(self, key)
        return texts.get(lang) or texts.get("id") or texts.get("en") or ""


@dataclass(eq=False)
class FormDef:
    form_id: str
    version: int
    kind: str
    title: dict[str, str]
    fields: list[Field]
    projections: dict[str, dict]
    source: dict
    by_name: dict[str, Field] = field(default_factory=dict)
    cache: dict[str, object] = field(default_factory=dict, repr=False)  # compiled once: forms/plan.py

    @property
    def key(self) -> str:
        return f"{self.form_id}@{self.version}"

    def walk(self) -> Iterator[Field]:
        """Every field, depth first, in definition order."""
        stack = list(reversed(self.fields))
        while stack:
            f = stack.pop()
            yield f
            stack.extend(reversed(f.fields))

    def field_for_path(self, path: str) -> Field | None:
        """The field a field path (`members/<uuid>/name`, `_overrides` keys excluded) points at."""
        parts = path.split("/")
        node_fields, current = self.fields, None
        i = 0
        while i < len(parts):
            current = next((f for f in node_fields if f.name == parts[i]), None)
            if current is None:
                return None
            if current.type == "repeat":
                i += 1  # skip the item id
                if i + 1 < len(parts) and parts[i + 1] in RESERVED_KEYS:
                    return current
            node_fields = current.fields
            i += 1
            if i < len(parts) and parts[i] in RESERVED_KEYS:
                return current
        return current

    def is_server_owned(self, path: str) -> bool:
        """True when a field path belongs to a server-owned field (a device never sets those)."""
        f = self.field_for_path(path)
        while f is not None:
            if f.server_owned:
                return True
            f = f.parent
        return False

    def to_json(self) -> str:
        return json.dumps(self.source, ensure_ascii=False, sort_keys=True, indent=1)


def _texts(raw: object) -> dict[str, str]:
    if isinstance(raw, str):
        return {"id": raw}
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items() if isinstance(v, str)}
    return {}


class _Loader:
    def __init__(self, source: dict):
        self.source = source
        self.form_id = str(source.get("form_id") or "?")
        self.problems: list[str] = []
        self.by_name: dict[str, Field] = {}
        self.choice_lists: dict[str, list[Choice]] = {}
        self.lookups = None

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.form_id}: {where}: {message}")

    def load(self) -> FormDef:
        src = self.source
        if not isinstance(src, dict):
            raise DefinitionError("?", ["a definition must be a JSON object"])
        if not isinstance(src.get("form_id"), str) or not NAME_RE.match(src.get("form_id", "")):
            self.problem("form_id", "missing or not a simple name")
        version = src.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem("version", "must be a positive integer")
            version = 0
        kind = src.get("kind", "household")
        if kind not in KINDS:
            self.problem("kind", f"unknown record kind {kind!r}")
        self._load_choice_lists(src.get("choice_lists", {}))
        for message in lists_problems(src.get("lists", {})):
            self.problem("lists", message)
        raw_fields = src.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            self.problem("fields", "a form needs a non-empty list of fields")
            raw_fields = []
        fields = [f for f in (self._field(raw, None, ()) for raw in raw_fields) if f is not None]
        form = FormDef(
            form_id=self.form_id,
            version=version,
            kind=kind,
            title=_texts(src.get("title")),
            fields=fields,
            projections=src.get("projections") or {},
            source=src,
            by_name=self.by_name,
        )
        if not self.problems:
            lists = src.get("lists") or {}
            self.lookups = lookups_for(self.choice_lists, lists, list(form.walk()))
            self._compile_expressions(form)
            self._check_calculation_cycles(form)
            self._check_projections(form)
        if self.problems:
            raise DefinitionError(self.form_id, self.problems)
        return form

    def _load_choice_lists(self, raw: object) -> None:
        if not isinstance(raw, dict):
            self.problem("choice_lists", "must be an object of list name -> choices")
            return
        for list_name, items in {**BUILTIN_CHOICES, **raw}.items():
            choices = self._choices(items, f"choice list {list_name!r}")
            if choices is not None:
                self.choice_lists[list_name] = choices

    def _choices(self, items: object, where: str) -> list[Choice] | None:
        if not isinstance(items, list) or not items:
            self.problem(where, "needs a non-empty list of choices")
            return None
        out, seen = [], set()
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("value"), str) or not item["value"]:
                self.problem(where, f"choice {item!r} needs a text 'value'")
                continue
            if " " in item["value"]:
                self.problem(where, f"choice value {item['value']!r} must not contain spaces")
            columns = tuple(sorted((str(k), str(v)) for k, v in item.items() if k not in ("value", "label")))
            if (item["value"], columns) in seen or (item["value"] in seen and not columns):
                # a cascading list may repeat a code under another parent (its columns differ), as ODK allows
                self.problem(where, f"choice value {item['value']!r} appears twice")
            seen.update((item["value"], (item["value"], columns)))
            out.append(Choice(item["value"], _texts(item.get("label")) or {"id": item["value"]}, columns))
        return out

    def _field(self, raw: object, parent: Field | None, steps: tuple) -> Field | None:
        """One field of the definition, checked; None (with the problem noted) when it cannot be.

        Long because it reads every property of a field once, in the order forms/README.md lists them.
        """
        if not isinstance(raw, dict):
            self.problem("fields", f"field {raw!r} must be an object")
            return None
        name = raw.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name):
            self.problem(f"field {name!r}", "needs a simple name (letters, digits, _)")
            return None
        ftype = raw.get("type")
        if ftype not in FIELD_TYPES:
            self.problem(f"field {name!r}", f"unknown type {ftype!r}")
            return None
        if name in self.by_name:
            self.problem(f"field {name!r}", "the name is used twice (names are unique in a form)")
            return None
        known = {
            "name", "type", "label", "hint", "required", "relevant", "constraint", "constraint_message",
            "constraint_severity", "calculate", "default", "choices", "level", "cross_check",
            "age_field", "server_owned", "read_only", "appearance", "fields", "projection", "choice_filter",
            "preload", "parameters", "trigger",
        }  # fmt: skip
        for key in raw:
            if key not in known:
                self.problem(f"field {name!r}", f"unknown property {key!r}")
        kind = "group" if ftype == "group" else "repeat" if ftype == "repeat" else "field"
        f = Field(
            name=name,
            type=ftype,
            label=_texts(raw.get("label")),
            hint=_texts(raw.get("hint")),
            required=raw.get("required", False),
            relevant=raw.get("relevant"),
            constraint=raw.get("constraint"),
            constraint_message=_texts(raw.get("constraint_message")),
            constraint_severity=raw.get("constraint_severity", "error"),
            calculate=None if raw.get("trigger") else raw.get("calculate"),
            set_on=raw.get("trigger") or [],
            set_to=raw.get("calculate") if raw.get("trigger") else None,
            default=raw.get("default"),
            level=raw.get("level", "desa"),
            cross_check=raw.get("cross_check") or {},
            age_field=raw.get("age_field"),
            server_owned=bool(raw.get("server_owned", False)),
            read_only=bool(raw.get("read_only", False)),
            appearance=raw.get("appearance"),
            choice_filter=raw.get("choice_filter"),
            preload=raw.get("preload"),
            parameters=raw.get("parameters") or {},
            parent=parent,
            steps=(*steps, (kind, name)),
        )
        self.by_name[name] = f
        where = f"field {name!r}"
        if not f.label and ftype not in ("calculate",):
            self.problem(where, "needs a label")
        if f.constraint_severity not in ("error", "warning"):
            self.problem(where, "constraint_severity must be 'error' or 'warning'")
        if ftype == "calculate" and not (f.calculate or f.set_to):
            self.problem(where, "a calculate field needs a 'calculate' expression")
        if ftype in ("select_one", "select_multiple"):
            choices = raw.get("choices")
            if isinstance(choices, str):
                if choices not in self.choice_lists:
                    self.problem(where, f"unknown choice list {choices!r}")
                f.choices = self.choice_lists.get(choices, [])
                f.choice_list = choices
            else:
                f.choices = self._choices(choices, where) or []
            f.choice_values = frozenset(c.value for c in f.choices)
        self._check_odk(f, where)
        if f.appearance is not None and f.appearance not in APPEARANCES.get(ftype, set()):
            allowed = ", ".join(sorted(APPEARANCES.get(ftype, set()))) or "none"
            self.problem(where, f"appearance {f.appearance!r} is not one of a {ftype}'s ({allowed})")
        if ftype == "region" and f.level not in REGION_LEVELS:
            self.problem(where, f"level must be one of {', '.join(REGION_LEVELS)}")
        if ftype in CONTAINER_TYPES:
            children = raw.get("fields")
            if not isinstance(children, list) or not children:
                self.problem(where, f"a {ftype} needs a non-empty list of fields")
                children = []
            f.fields = [c for c in (self._field(c, f, f.steps) for c in children) if c is not None]
        elif "fields" in raw:
            self.problem(where, "only groups and repeats hold fields")
        return f

    def _check_odk(self, f: Field, where: str) -> None:
        """What came with XLSForm: a choice filter on a select only, a known preload, known parameters."""
        if f.choice_filter is not None and f.type not in ("select_one", "select_multiple"):
            self.problem(where, "only select questions have a choice_filter")
        if f.preload is not None and (not isinstance(f.preload, str) or PRELOADS.get(f.preload) != f.type):
            known = ", ".join(f"{k} ({v})" for k, v in PRELOADS.items())
            self.problem(where, f"preload {f.preload!r} is not one of {known}")
        for message in parameter_problems(f.type, f.parameters):
            self.problem(where, message)
        if (
            not isinstance(f.set_on, list)
            or not all(isinstance(n, str) for n in f.set_on)
            or (f.set_on and not f.set_to)
        ):
            self.problem(where, "trigger must be a list of question names, with a calculate expression")

    def _expr(self, f: Field, prop: str, text: object, *, boolean: bool = True) -> Compiled | None:
        where = f"field {f.name!r} {prop}"
        if not isinstance(text, str):
            self.problem(where, "must be an expression in text")
            return None
        try:
            node = choice_filter_node(f) if prop == "choice_filter" else parse(text)
            for n in walk(node):
                if isinstance(n, Ref) and n.name not in self.by_name:
                    self.problem(where, f"unknown field ${{{n.name}}} at column {n.pos + 1} in {text!r}")
                if isinstance(n, Call) and n.name in ("selected", "count-selected") and n.args:
                    target = n.args[0]
                    if isinstance(target, Ref) and target.name in self.by_name:
                        if self.by_name[target.name].type not in (
                            "select_one",
                            "select_multiple",
                            "calculate",
                        ):
                            self.problem(
                                where,
                                f"{n.name}() needs a select field, ${{{target.name}}} is not (column {n.pos + 1})",
                            )
                if isinstance(n, Call) and n.name == "count" and n.args and isinstance(n.args[0], Ref):
                    target = self.by_name.get(n.args[0].name)
                    if target is not None and target.type != "repeat" and target.repeat is None:
                        self.problem(
                            where, f"count() needs a repeat or a field inside one (column {n.pos + 1})"
                        )
            if (
                self.problems
            ):  # compiled only for its own errors: the form will not load, references may dangle
                return compile_expr(node, lookups=self.lookups)
            chain = chain_of(f)  # each ${name} is resolved once, for where this field sits (forms/scope.py)
            return compile_expr(
                node,
                ref=lambda ref: reader(self.by_name[ref.name], chain),
                boolean=boolean,
                lookups=self.lookups,
            )
        except ExpressionError as err:
            col = f" at column {err.pos + 1}" if err.pos is not None else ""
            self.problem(where, f"{err.message}{col} in {text!r}")
            return None

    def _compile_expressions(self, form: FormDef) -> None:
        for f in form.walk():
            if f.relevant is not None:
                f.relevant_fn = self._expr(f, "relevant", f.relevant)
            if isinstance(f.required, str):
                f.required_fn = self._expr(f, "required", f.required)
            elif not isinstance(f.required, bool):
                self.problem(f"field {f.name!r} required", "must be true, false or an expression")
            if f.constraint is not None:
                f.constraint_fn = self._expr(f, "constraint", f.constraint)
            if f.calculate is not None:
                f.calculate_fn = self._expr(f, "calculate", f.calculate, boolean=False)
            if f.choice_filter is not None:
                f.choice_filter_fn = self._expr(f, "choice_filter", f.choice_filter, boolean=False)
            if f.set_to is not None:
                f.set_to_fn = self._expr(f, "calculate", f.set_to, boolean=False)
                for name in f.set_on:
                    if name not in self.by_name:
                        self.problem(f"field {f.name!r} trigger", f"unknown field {name!r}")
            for role, target in f.cross_check.items():
                if role not in ("sex", "birth_date") or target not in self.by_name:
                    self.problem(
                        f"field {f.name!r} cross_check", f"{role!r} -> {target!r} is not a known field"
                    )
            if f.cross_check and f.type != "nik":
                self.problem(f"field {f.name!r}", "cross_check applies to NIK fields only")
            if f.age_field is not None and f.age_field not in self.by_name:
                self.problem(f"field {f.name!r} age_field", f"unknown field {f.age_field!r}")

    def _check_calculation_cycles(self, form: FormDef) -> None:
        graph = {
            f.name: references(parse(f.calculate)) & set(self.by_name)
            for f in form.walk()
            if f.calculate and f.calculate_fn is not None
        }
        state: dict[str, int] = {}

        def visit(name: str, trail: list[str]) -> None:
            if state.get(name) == 2 or name not in graph:
                return
            if state.get(name) == 1:
                cycle = trail[trail.index(name) :] + [name]
                self.problem(f"field {name!r} calculate", "calculations form a cycle: " + " -> ".join(cycle))
                return
            state[name] = 1
            for dep in sorted(graph[name]):
                visit(dep, [*trail, name])
            state[name] = 2

        for name in graph:
            visit(name, [])

    def _check_projections(self, form: FormDef) -> None:
        for target, spec in form.projections.items():
            if target not in PROJECTIONS:
                self.problem(
                    f"projection {target!r}", f"unknown projection (known: {', '.join(sorted(PROJECTIONS))})"
                )
                continue
            if not isinstance(spec, dict):
                self.problem(f"projection {target!r}", "must be an object")
                continue
            columns = spec.get("columns", {})
            repeat = spec.get("repeat")
            if repeat is not None and (repeat not in self.by_name or self.by_name[repeat].type != "repeat"):
                self.problem(f"projection {target!r}", f"repeat {repeat!r} is not a repeat of this form")
            if not isinstance(columns, dict) or not columns:
                self.problem(f"projection {target!r}", "needs 'columns': {column: field name}")
                continue
            for column, source_name in columns.items():
                if source_name not in self.by_name:
                    self.problem(
                        f"projection {target!r}", f"column {column!r} reads unknown field {source_name!r}"
                    )


def load_definition(source: dict | str | Path) -> FormDef:
    """Load and check a definition from a dict, JSON text or a file path; raises DefinitionError."""
    if isinstance(source, Path):
        try:
            source = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise DefinitionError(str(source), [f"cannot read the file: {err}"]) from None
    if isinstance(source, str):
        try:
            source = json.loads(source)
        except json.JSONDecodeError as err:
            raise DefinitionError(
                "?", [f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}"]
            ) from None
    return _Loader(source).load()
