"""Per-field merge of record states — the same code on the device and on the server
(docs/sync-protocol.md#per-field-merge).

Every field path keeps the value with the latest clock stamp (a last-writer-wins register per path), so
merging is deterministic whatever order changes arrive in and merging the same change twice changes
nothing. Different paths never conflict; repeat items added on two devices are different paths and both
stay. When the same path was changed concurrently (by default: by two devices; the server narrows it with
the change's base_rev) and the values differ, the loser is returned as a `Conflict` — never lost silently.

Deletion is a tombstone: the record's `_deleted` path set to True; a repeat item's `_pos` set to None.
Only an explicit later write of that same path (False, or a number) revives it; editing another field does
not. Server-owned paths (a complaint's referral, review flags, duplicate links) are never taken from a
device: they are dropped and reported, so the server can reject those fields.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sync.hlc import device_of


@dataclass
class RecordState:
    fields: dict[str, Any] = field(default_factory=dict)  # flat: path -> value (sync.paths)
    clocks: dict[str, str] = field(default_factory=dict)  # path -> stamp of its last change

    def copy(self) -> RecordState:
        return RecordState(dict(self.fields), dict(self.clocks))


@dataclass(frozen=True)
class Conflict:
    path: str
    winner_value: Any
    winner_stamp: str
    loser_value: Any
    loser_stamp: str

    @property
    def winner_device(self) -> str:
        return device_of(self.winner_stamp)

    @property
    def loser_device(self) -> str:
        return device_of(self.loser_stamp)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "winner": {"value": self.winner_value, "stamp": self.winner_stamp, "device": self.winner_device},
            "loser": {"value": self.loser_value, "stamp": self.loser_stamp, "device": self.loser_device},
        }


@dataclass
class MergeResult:
    state: RecordState
    applied: list[str] = field(default_factory=list)  # incoming paths that now hold the incoming value
    conflicts: list[Conflict] = field(default_factory=list)
    dropped_server_owned: list[str] = field(default_factory=list)


class MergeError(ValueError):
    """A change that cannot be merged: a field without a stamp."""


def same_value(a: Any, b: Any) -> bool:
    """Equality as JSON sees it: True is not 1 (Python says it is), 1 and 1.0 are the same answer."""
    return a == b and (isinstance(a, bool) == isinstance(b, bool))


def different_devices(path: str, current_stamp: str, incoming_stamp: str) -> bool:
    """The default notion of 'concurrent': two devices wrote the path without one seeing the other."""
    return device_of(current_stamp) != device_of(incoming_stamp)


def merge(
    current: RecordState,
    incoming_fields: dict[str, Any],
    incoming_clocks: dict[str, str],
    *,
    concurrent: Callable[[str, str, str], bool] = different_devices,
    server_owned: Callable[[str], bool] = lambda path: False,
) -> MergeResult:
    """Merge changed fields with their stamps into `current` (not modified); returns the merged state."""
    missing = sorted(set(incoming_fields) - set(incoming_clocks))
    if missing:
        raise MergeError(f"fields without a clock stamp: {', '.join(missing[:5])}")
    state = current.copy()
    result = MergeResult(state)
    for path in sorted(incoming_fields):
        value, stamp = incoming_fields[path], incoming_clocks[path]
        if server_owned(path):
            result.dropped_server_owned.append(path)
            continue
        current_stamp = state.clocks.get(path)
        if current_stamp is None:
            state.fields[path], state.clocks[path] = value, stamp
            result.applied.append(path)
            continue
        current_value = state.fields.get(path)
        if current_stamp == stamp:
            if same_value(current_value, value):
                result.applied.append(path)  # the same edit again: nothing changes
                continue
            # One clock never stamps two values alike, but two far-future stamps clamped in the same
            # server millisecond can collide. Pick the winner by value so every arrival order agrees,
            # and always log the loser: a tie says nothing about who wrote last.
            incoming_wins = _tie_key(value) > _tie_key(current_value)
            if incoming_wins:
                state.fields[path] = value
                result.applied.append(path)
            winner, loser = (value, current_value) if incoming_wins else (current_value, value)
            result.conflicts.append(Conflict(path, winner, stamp, loser, stamp))
            continue
        incoming_wins = stamp > current_stamp
        if incoming_wins:
            state.fields[path], state.clocks[path] = value, stamp
            result.applied.append(path)
        if not same_value(current_value, value) and concurrent(path, current_stamp, stamp):
            winner = (value, stamp) if incoming_wins else (current_value, current_stamp)
            loser = (current_value, current_stamp) if incoming_wins else (value, stamp)
            result.conflicts.append(Conflict(path, winner[0], winner[1], loser[0], loser[1]))
    return result


def conflicts_to_log(device_id: str, local: list[Conflict], pending_paths: set[str],
                     notes: Iterable[Any] = ()) -> list[Conflict]:  # fmt: skip
    """What a device writes to its conflict log when it merges a pulled record into its copy.

    Its own merge cannot tell a concurrent edit from a later one made after seeing this device's (it has no
    revisions), so from that merge only losses involving edits still waiting to be sent count. The server's
    notes (its conflict log, which knows each change's base revision) say which of this device's sent edits
    lost to — or beat — a concurrent one. Each loss is logged once (path and losing stamp).
    """
    found: dict[tuple[str, str], Conflict] = {}
    for c in local:
        if c.path in pending_paths:
            found[(c.path, c.loser_stamp)] = c
    for note in notes:
        c = Conflict(note.path, note.winner_value, note.winner_stamp, note.loser_value, note.loser_stamp)
        if device_id in (c.winner_device, c.loser_device):
            found.setdefault((c.path, c.loser_stamp), c)
    return list(found.values())


def _tie_key(value: Any) -> str:
    """A total order on JSON values, used only to break a tie between equal stamps.

    Not the canonical form: that one equates NFC and NFD spellings, which `same_value` tells apart, and
    two values that differ must never tie again here.
    """
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=repr)


def merge_states(a: RecordState, b: RecordState, **kwargs) -> MergeResult:
    """Merge a whole state into another (a pulled record into the local one)."""
    return merge(a, b.fields, b.clocks, **kwargs)


def adopt_acknowledged(
    local: RecordState, server: RecordState, device_id: str, unacknowledged: set[str]
) -> tuple[RecordState, list[Conflict]]:
    """The local state to merge a pulled record into: where this device wrote a path, the server has
    acknowledged that write (the path is in no pending or rejected change) and yet holds an *older* stamp
    for it, the server's value and stamp replace the local ones.

    That only happens when the server clamped the write (the laptop's date was far ahead, `hlc.clamp_batch`):
    kept as it was, the local future stamp would beat every later edit from a correct device on this laptop
    and the laptop would disagree with the server for a year. A value of another device replacing ours this
    way is returned as a conflict (ours lost), as the server logged it."""
    state = local.copy()
    conflicts: list[Conflict] = []
    for path, stamp in local.clocks.items():
        theirs = server.clocks.get(path)
        if theirs is None or path in unacknowledged or device_of(stamp) != device_id or stamp <= theirs:
            continue
        mine, value = local.fields.get(path), server.fields.get(path)
        state.fields[path], state.clocks[path] = value, theirs
        if device_of(theirs) != device_id and not same_value(mine, value):
            conflicts.append(Conflict(path, value, theirs, mine, stamp))
    return state, conflicts
