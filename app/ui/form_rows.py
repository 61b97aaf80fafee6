"""The pieces a form on screen is made of: one `FieldRow` per question (label, input, message line) and one
`MemberBox` per repeat item (a household member), headed by the member's name and collapsible.

Every label here is created with its parent: a QLabel without one is a top-level window of its own, and
the form once left little 6×14 px windows on the desktop that kept the app from quitting (issue #27)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.field_widgets import FieldWidget
from forms.definition import Field

LABEL_WIDTH = 230  # pixels: long questions wrap instead of squeezing every input


class FieldRow:
    """One field on screen: its label, input, message line and (for NIKs) the override controls.

    A group or repeat is a row too (`container`), only shown or hidden as a whole through `box`."""

    def __init__(self, f: Field, path: tuple[str, ...], item_ids: dict[str, str], widget: FieldWidget | None,
                 parent: QWidget, *, box: QWidget | None = None) -> None:  # fmt: skip
        self.field = f
        self.path = path
        self.item_ids = item_ids
        self.widget = widget
        self.box = box
        self.container = widget is None
        self.label: QLabel | None = None
        name = (widget.objectName() if widget is not None else box.objectName()) + "_message"
        self.message = QLabel(parent, objectName=name)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.hide()
        self.lines: list[str] = []  # what the message line says now (it may wait while the field has focus)
        self.override: QCheckBox | None = None
        self.reason: QLineEdit | None = None
        self.override_codes: list[str] = []

    @property
    def key(self) -> str:
        return "/".join(self.path)

    def set_visible(self, visible: bool) -> None:
        if self.container:
            self.box.setVisible(visible)
            return
        for w in (self.label, self.widget):
            if w is not None:
                w.setVisible(visible)
        if not visible:
            self.message.setVisible(False)
            if self.override is not None:
                self.override.setVisible(False)
                self.reason.setVisible(False)

    def has_focus(self, focus: QWidget | None) -> bool:
        return focus is not None and self.widget is not None and self.widget.isAncestorOf(focus)

    def show_lines(self, lines: list[str]) -> None:
        if lines != self.lines:
            self.lines = lines
            self.message.setText("<br>".join(lines))
        self.message.setVisible(bool(lines) and self.widget.isVisibleTo(self.message.parentWidget()))


def field_label(text: str, parent: QWidget, name: str) -> QLabel:
    label = QLabel(text, parent, objectName=name)
    label.setWordWrap(True)
    label.setFixedWidth(LABEL_WIDTH)
    return label


def form_layout(parent: QWidget) -> QFormLayout:
    layout = QFormLayout(parent)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return layout


class MemberBox(QFrame):
    """One repeat item: a heading with the member's name (a button that folds the answers away), the move
    and remove buttons, and the item's questions below."""

    toggled = Signal(bool)  # collapsed

    def __init__(self, object_name: str, parent: QWidget) -> None:
        super().__init__(parent, objectName=object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.toggle = QToolButton(self, objectName=object_name + "_toggle")
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.toggle.setSizePolicy(self.toggle.sizePolicy().horizontalPolicy().Expanding,
                                  self.toggle.sizePolicy().verticalPolicy())  # fmt: skip
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.toggle.clicked.connect(lambda: self.set_collapsed(not self.collapsed, tell=True))
        self.up = QPushButton(self.tr("Naik"), self, objectName=object_name + "_up")
        self.down = QPushButton(self.tr("Turun"), self, objectName=object_name + "_down")
        self.remove = QPushButton(self.tr("Hapus"), self, objectName=object_name + "_remove")
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.toggle, 1)
        for b in (self.up, self.down, self.remove):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            header.addWidget(b)
        self.body = QWidget(self, objectName=object_name + "_body")
        self.form = form_layout(self.body)
        self.form.setContentsMargins(18, 0, 0, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 6)
        column.addLayout(header)
        column.addWidget(self.body)
        self.collapsed = False
        self.set_title("")

    def set_title(self, text: str) -> None:
        self.title = text
        self.toggle.setText(text)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if self.collapsed else Qt.ArrowType.DownArrow)
        self.toggle.setToolTip(
            self.tr("Klik untuk membuka") if self.collapsed else self.tr("Klik untuk menutup")
        )

    def set_collapsed(self, collapsed: bool, *, tell: bool = False) -> None:
        self.collapsed = collapsed
        self.body.setVisible(not collapsed)
        self.set_title(self.title)
        if tell:
            self.toggled.emit(collapsed)
