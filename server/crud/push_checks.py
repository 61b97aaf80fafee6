"""The checks of one pushed change that read nothing from the database: the shape of its paths and stamps,
its nesting, which of its paths the server owns, the area its answers name, and how validation errors
split between rejecting a change and flagging a merged record (crud/push.py says when each applies).
"""

from __future__ import annotations

import re
from typing import Any

from forms.definition import FormDef
from forms.problems import Problem
from forms.projection import project
from sync.protocol import Change, ChangeResult, Rejection, ResultStatus, ReviewFlag, rejection

CROSS_FIELD_CODES = {"required", "constraint", "nik_sex_mismatch", "nik_birth_date_mismatch"}
MERGED_INVALID = "merged_invalid"
MAX_REJECTIONS = 50
MAX_PATH = 512
STAMP_RE = re.compile(r"[0-9]{13}-[0-9a-f]{4}-.+\Z", re.ASCII)  # sync.hlc.Stamp's text form
STAMP_LINES_RE = re.compile(r"(?:[0-9]{13}-[0-9a-f]{4}-.+\n)*\Z", re.ASCII)  # the same, one per line


def rejected(change: Change, rejections: list[Rejection]) -> ChangeResult:
    """The result of a change refused for `rejections` (at most MAX_REJECTIONS of them)."""
    return ChangeResult(change_id=change.change_id, status=ResultStatus.REJECTED,
                        rejections=rejections[:MAX_REJECTIONS])  # fmt: skip


def problem_rejection(problem: Problem) -> Rejection:
    """A validation problem as a rejection of the change."""
    return Rejection(path=problem.path, code="invalid_answer", id=problem.id, en=problem.en)


EMPTY_PART = re.compile("//")
MAX_ANSWER_DEPTH = 64  # no form nests answers at all past a select_multiple's list; hashing fails past ~300


def too_deep(value: Any, limit: int = MAX_ANSWER_DEPTH) -> bool:
    """True when `value` nests lists or objects more than `limit` levels deep (walked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth >= limit:
            return True
        if isinstance(item, (list, dict)):
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))
    return False


def well_formed(fields: dict, clocks: dict) -> bool:
    """True when every path is well formed and has a well-formed stamp — the usual case, checked over the
    joined texts in a few C calls instead of ~5 Python steps per path. False means "look closer"."""
    try:
        # Usually the clocks hold exactly the fields' paths: then their stamps are all of its values (the
        # check below reads the stamps as a whole, so their order does not matter), joined without a lookup
        # per path. Otherwise each path's stamp is looked up, a missing one failing the check.
        if clocks.keys() == fields.keys():
            stamps = "\n".join(clocks.values()) + "\n"
        else:
            stamps = "\n".join([clocks[path] for path in fields]) + "\n"
    except (KeyError, TypeError):
        return False
    if stamps.count("\n") != len(fields) or STAMP_LINES_RE.match(stamps) is None:
        return False  # a stamp holding a newline, or one that is not a stamp
    # Joined by "/" and framed by "/", every empty part — a leading, trailing or doubled "/", or an empty
    # path — shows up as "//", and nothing else does (a regex finds it ~2x faster than `in`: "/" is frequent).
    return max(map(len, fields)) <= MAX_PATH and EMPTY_PART.search(f"/{'/'.join(fields)}/") is None


def structure_problem(change: Change) -> Rejection | None:
    """Why a change's paths or stamps are malformed (or it carries nothing), or None. The fast whole-change
    check answers for the common well-formed change; the walk finds the first problem of the others."""
    if change.fields and well_formed(change.fields, change.clocks):
        return None
    return walk_structure(change)


def walk_structure(change: Change) -> Rejection | None:
    """The reference check, path by path: what `structure_problem` must answer for every change."""
    for path in change.fields:
        if not path or len(path) > MAX_PATH or any(part == "" for part in path.split("/")):
            return rejection("invalid_change", path[:MAX_PATH], en=f"Invalid field path {path[:80]!r}.")
        stamp = change.clocks.get(path)
        if stamp is None:
            return rejection("invalid_change", path, en=f"The field {path!r} has no clock stamp.")
        if not isinstance(stamp, str) or STAMP_RE.match(stamp) is None:
            return rejection("invalid_change", path, en=f"Not a clock stamp: {str(stamp)[:80]!r}.")
    if not change.fields and not change.deleted:
        return rejection("invalid_change", en="The change carries no field.")
    return None


def area_of(form: FormDef, answers: dict, fallback: str) -> tuple[str, list[dict] | None]:
    """The desa a record's answers name (else `fallback`), and a household's person rows (else None)."""
    rows = project(form, answers)
    for row in (rows.household, rows.complaint, rows.service, rows.visit):
        if row and isinstance(row.get("desa"), str) and row["desa"]:
            return row["desa"], rows.persons if rows.household is not None else None
    return fallback, rows.persons if rows.household is not None else None


def never(_path: str) -> bool:
    """The server-owned test of a form without server-owned fields."""
    return False


def server_owned_test(form: FormDef):  # noqa: ANN202 - a predicate
    """`form.is_server_owned`, or a constant False for forms without server-owned fields (most; it is
    asked for every path of every change)."""
    has_any = getattr(form, "_jaring_has_server_owned", None)
    if has_any is None:
        has_any = any(f.server_owned for f in form.walk())
        form._jaring_has_server_owned = has_any
    return form.is_server_owned if has_any else never


def merged_invalid_flag(errors: list[Problem]) -> dict:
    """The review flag of a record whose merged edits break form rules that no single edit broke."""
    return ReviewFlag(
        code=MERGED_INVALID,
        id="Gabungan perubahan dari beberapa perangkat melanggar aturan formulir; mohon diperiksa: "
        + "; ".join(p.id for p in errors[:5]),
        en="Edits merged from several devices break a form rule together; please review: "
        + "; ".join(p.en for p in errors[:5]),
        paths=sorted({p.path for p in errors})[:20],
    ).model_dump()


def validation_rejections(
    change: Change, errors: list[Problem], others_since_base: bool
) -> list[Rejection] | None:
    """The rejections `errors` earn the change, or None when they only flag the merged record: with no other
    device's edit merged in since the change's base, every error is the device's; otherwise only an error on
    a path this change wrote that is wrong on its own (not a cross-field one)."""
    if errors and not others_since_base:
        return [problem_rejection(p) for p in errors]
    own = [p for p in errors if p.path in change.fields and p.code not in CROSS_FIELD_CODES]
    return [problem_rejection(p) for p in own] if own else None
