"""The push path's fast structure check (`_well_formed`) against the per-path walk it stands in for: whatever
the paths and stamps, `_structure_problem` answers exactly what the walk alone answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from server.crud.push import MAX_PATH, STAMP_RE, _structure_problem, _well_formed
from sync.protocol import Change, rejection


def walk_only(change: Change):
    """The reference: `_structure_problem` without its fast check (kept here as it was)."""
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


GOOD_STAMP = "1795975869469-0000-dev-1"
paths = st.text(st.sampled_from(["a", "b", "/", "\n", "é"]), max_size=6) | st.sampled_from(
    ["alamat/desa", "/a", "a/", "a//b", "", "x" * MAX_PATH, "y" * (MAX_PATH + 1), "a/" + "z" * MAX_PATH]
)
stamps = st.sampled_from(
    [GOOD_STAMP, "1795975869469-00ff-d\u00e9v", "1795975869469-0000-", "179597586946-0000-d", "x", "",
     f"{GOOD_STAMP}\n{GOOD_STAMP}", f"{GOOD_STAMP}\n", "1795975869469-0000-d\r"]
)  # fmt: skip


@st.composite
def changes(draw) -> Change:
    fields = draw(st.dictionaries(paths, st.none() | st.integers() | st.text(max_size=2), max_size=6))
    clocks = {path: draw(stamps) for path in fields if draw(st.integers(0, 9))}  # now and then one missing
    clocks.update(draw(st.dictionaries(paths, stamps, max_size=2)))  # stamps of other paths
    return Change(change_id="c", kind="household", record_id="r", fields=fields, clocks=clocks,
                  deleted=draw(st.booleans()))  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(changes())
def test_the_fast_structure_check_answers_what_the_walk_answers(change):
    assert _structure_problem(change) == walk_only(change)
    if change.fields and _well_formed(change.fields, change.clocks):  # never wrong when it says "fine"
        assert walk_only(change) is None


def test_a_usual_change_passes_the_fast_check_and_unusual_ones_do_not():
    fields = {"a": 1, "b/c": "x"}
    assert _well_formed(fields, {"a": GOOD_STAMP, "b/c": GOOD_STAMP})  # the same paths: values joined
    assert _well_formed(fields, {"b/c": GOOD_STAMP, "z": "junk", "a": GOOD_STAMP})  # more stamps: looked up
    assert not _well_formed(fields, {"a": GOOD_STAMP})
    assert not _well_formed(fields, {"a": GOOD_STAMP, "b/c": "x"})
    for bad in ("/a", "a/", "a//b", "", "q" * (MAX_PATH + 1)):
        assert not _well_formed({**fields, bad: 1}, {"a": GOOD_STAMP, "b/c": GOOD_STAMP, bad: GOOD_STAMP})
