"""The push path's fast structure check (`well_formed`) against the per-path walk it stands in for
(`walk_structure`): whatever the paths and stamps, `structure_problem` answers exactly what the walk alone
answers, so the fast check never lets a malformed change through."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from server.crud.push_checks import MAX_PATH, structure_problem, walk_structure, well_formed
from sync.protocol import Change

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
    assert structure_problem(change) == walk_structure(change)
    if change.fields and well_formed(change.fields, change.clocks):  # never wrong when it says "fine"
        assert walk_structure(change) is None


def test_a_usual_change_passes_the_fast_check_and_unusual_ones_do_not():
    fields = {"a": 1, "b/c": "x"}
    assert well_formed(fields, {"a": GOOD_STAMP, "b/c": GOOD_STAMP})  # the same paths: values joined
    assert well_formed(fields, {"b/c": GOOD_STAMP, "z": "junk", "a": GOOD_STAMP})  # more stamps: looked up
    assert not well_formed(fields, {"a": GOOD_STAMP})
    assert not well_formed(fields, {"a": GOOD_STAMP, "b/c": "x"})
    for bad in ("/a", "a/", "a//b", "", "q" * (MAX_PATH + 1)):
        assert not well_formed({**fields, bad: 1}, {"a": GOOD_STAMP, "b/c": GOOD_STAMP, bad: GOOD_STAMP})
