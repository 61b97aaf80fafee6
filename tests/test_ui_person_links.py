"""A duplicate the district confirmed reaches the form: under a member's name, the person confirmed as the
same one — a link to that household when this laptop holds it, and only "someone in another desa" when it
does not (a laptop never learns personal data outside its area). The links arrive through the store's pull."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services import records
from app.ui.main_window import MainWindow
from support.store import make_store, session_for
from sync.protocol import PersonLink, PullPage


def _first_member(store, record_id: str) -> tuple[str, str]:
    answers = records.open_record(store, record_id).answers
    member_id, member = min(answers["anggota"].items(), key=lambda item: item[1]["_pos"])
    return member_id, member["nama"]


def test_confirmed_same_person_shown_under_the_members_name(qtbot, data_dir):
    store = make_store(data_dir, households=2)
    first, second = [
        r[0] for r in store.db.reader().execute("SELECT record_id FROM household ORDER BY rowid")
    ]
    member, _name = _first_member(store, first)
    other_member, other_name = _first_member(store, second)
    store.apply_pull_page(PullPage(cursor=0, next_cursor=3, has_more=False, person_links=[
        PersonLink(link_id="l1", record_id=first, member_id=member, other_record_id=second,
                   other_member_id=other_member, by="admin:dinsos", at="2026-11-29T08:00:00Z", rev=2),
        PersonLink(link_id="l2", record_id="rec-in-another-desa", member_id="m9", other_record_id=first,
                   other_member_id=member, by="admin:dinsos", at="2026-11-29T08:00:00Z", rev=3),
    ]))  # fmt: skip

    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.record_opened, timeout=10_000) as opened:
        window.open_record(first)
    editor = opened.args[0]
    row = next(r for r in editor.rows if r.key == f"anggota/{member}/nama")
    qtbot.waitUntil(lambda: "orang yang sama" in row.message.text(), timeout=10_000)
    text = row.message.text()
    assert other_name in text and f"href='{second}'" in text
    assert "desa lain" in text and "rec-in-another-desa" not in text
    others = [r for r in editor.rows if r.key.endswith("/nama") and r.key != row.key]
    assert all("orang yang sama" not in r.message.text() for r in others)

    with qtbot.waitSignal(window.record_opened, timeout=10_000) as followed:
        row.message.linkActivated.emit(second)  # the link opens the other household
    assert followed.args[0].record_id == second
    window.session.runner.wait_idle()
    window.close()
    QApplication.processEvents()
    window.session.runner.wait_idle()
    store.close()


def test_a_person_opened_from_the_list_opens_their_household_at_them(qtbot, data_dir):
    """Opening the third member of a household shows that member unfolded with the keyboard in their name,
    not the household's top with every member open (issue #27, item 6)."""
    from app.ui.form_rows import MemberBox

    store = make_store(data_dir, households=3)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    view = window.persons_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    rows = [view.model.row_at(i) for i in range(view.model.rowCount())]
    counts = {}
    for person in rows:
        counts[person.record_id] = counts.get(person.record_id, 0) + 1
    index, person = next((i, p) for i, p in enumerate(rows) if counts[p.record_id] >= 2 and
                         _first_member(store, p.record_id)[0] != p.member_id)  # fmt: skip

    with qtbot.waitSignal(window.record_opened, timeout=10_000) as opened:
        view.table.activated.emit(view.model.index(index, 0))
    editor = opened.args[0]
    name_row = next(r for r in editor.rows if r.key == f"anggota/{person.member_id}/nama")
    qtbot.waitUntil(lambda: name_row.widget.focus_widget().hasFocus() or
                    QApplication.focusWidget() is name_row.widget.focus_widget(), timeout=10_000)  # fmt: skip
    boxes = editor.findChildren(MemberBox)
    opened_boxes = [b for b in boxes if not b.collapsed]
    assert len(boxes) == counts[person.record_id] and len(opened_boxes) == 1
    assert opened_boxes[0].isAncestorOf(name_row.widget)
    window.session.runner.wait_idle()
    window.close()
    QApplication.processEvents()
    window.session.runner.wait_idle()
    store.close()
