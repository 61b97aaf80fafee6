"""The one definition of answers <-> field paths (docs/records.md#field-paths).

Answers are nested JSON objects: groups are objects, a repeat is an object keyed by item UUID whose items
hold `_pos`. A field path joins keys with "/" (`anggota/6f1c…/nama`, `alamat/desa`). Leaves are scalars
and lists (a select_multiple answer is one leaf); objects are containers. Keys never contain "/".

A leaf set to None is a cleared answer; `unflatten` leaves it out, and drops containers left empty.
A repeat item whose `_pos` is None was removed (a tombstone a later `_pos` revives explicitly) and is left
out too, so two devices' edits to a removed member cannot bring half a member back.
"""

from __future__ import annotations

from itertools import repeat
from operator import is_
from typing import Any

SEPARATOR = "/"
DELETED = "_deleted"  # record tombstone path: True when the record was deleted


class PathError(ValueError):
    pass


def flatten(answers: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{path: leaf} for every leaf of `answers`."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        key = str(key)
        if not key or SEPARATOR in key:
            raise PathError(f"answer key {key!r} is empty or contains '/'")
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten(value, f"{path}{SEPARATOR}"))
        elif isinstance(value, dict):
            continue  # an empty container carries no answer
        else:
            out[path] = value
    return out


def unflatten(fields: dict[str, Any]) -> dict[str, Any]:
    """The nested answers of {path: leaf}; None leaves, removed repeat items and empty containers dropped."""
    # Leaving out the paths to skip first builds the same tree: a skipped path never touched it. A new
    # record holds no None (one C pass tells), so its paths go straight to the builder.
    if any(map(is_, fields.values(), repeat(None))):
        fields = _kept(fields)
    return _nest(fields)


def _kept(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` without None leaves and without the paths under a removed repeat item (`…/_pos: None`)."""
    removed = tuple({path[: -len("/_pos")] + SEPARATOR for path, v in fields.items()
                     if v is None and path.endswith("/_pos")})  # fmt: skip
    return {
        path: v for path, v in fields.items() if v is not None and not (removed and path.startswith(removed))
    }


def _nest(fields: dict[str, Any]) -> dict[str, Any]:
    """The tree of {path: leaf}, built in sorted path order."""
    root: dict[str, Any] = {}
    # The container of each parent path met so far: sibling leaves (most of a record) skip the walk. In
    # sorted order a path comes before every path under it, so a cached container is never replaced later.
    containers: dict[str, dict[str, Any]] = {}
    # Siblings are mostly neighbours in sorted order: the last parent's container is reused without even
    # a lookup (comparing two equal texts is cheaper than hashing a new one).
    last_parent, node = None, root
    for path in sorted(fields):
        parent, sep, leaf = path.rpartition(SEPARATOR)
        if not sep:
            root[path] = fields[path]
            continue
        if parent != last_parent:
            last_parent = parent
            node = containers.get(parent)
            if node is None:
                node = root
                for part in parent.split(SEPARATOR):
                    child = node.get(part)
                    if not isinstance(child, dict):
                        child = {}
                        node[part] = child
                    node = child
                containers[parent] = node
        node[leaf] = fields[path]
    return root


def removed_item_paths(repeat_path: str, item_id: str, current: dict[str, Any]) -> dict[str, None]:
    """The field changes that remove a repeat item: its `_pos` and every answer set to None."""
    prefix = f"{repeat_path}{SEPARATOR}{item_id}{SEPARATOR}"
    cleared = {path: None for path in current if path.startswith(prefix)}
    cleared[f"{prefix}_pos"] = None
    return cleared


def record_deleted(fields: dict[str, Any]) -> bool:
    return fields.get(DELETED) is True
