"""One input widget per field type of a forms/ definition. Each answers `value()` / `set_value(v)` and
emits `edited` when the user changes it; none of them knows the form it sits in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QImage, QIntValidator, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.errors import show_error
from forms.definition import Field
from forms.domain import regions

if TYPE_CHECKING:
    from app.ui.session import Session

REGION_LEVELS = ["provinsi", "kabupaten", "kecamatan", "desa"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("FieldWidget", text)


class FieldWidget(QWidget):
    edited = Signal()
    host: FormHost | None = None  # the form this field belongs to (set by make_field_widget)

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__()
        self.field = f
        self.lang = lang
        self.setObjectName(object_name)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self


class LineField(FieldWidget):
    """text, integer, decimal, date (YYYY-MM-DD typed), nik, kk, geopoint ("lat, lon")."""

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.edit = QLineEdit(objectName=object_name + "_edit")
        if f.type == "integer":
            self.edit.setValidator(QIntValidator(self.edit))
        elif f.type == "decimal":
            self.edit.setValidator(QDoubleValidator(self.edit))
        elif f.type == "date":
            self.edit.setPlaceholderText(_tr("TTTT-BB-HH"))
        elif f.type in ("nik", "kk"):
            self.edit.setMaxLength(16)
            self.edit.setPlaceholderText(_tr("16 angka"))
        elif f.type == "geopoint":
            self.edit.setPlaceholderText(_tr("lintang, bujur"))
        self.edit.setReadOnly(f.read_only)
        self.edit.textEdited.connect(self.edited)
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self):
        text = self.edit.text().strip()
        if not text:
            return None
        if self.field.type == "integer":
            try:
                return int(text)
            except ValueError:
                return text
        if self.field.type == "decimal":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return text
        if self.field.type == "geopoint":
            parts = [p for p in re.split(r"[,\s]+", text) if p]
            try:
                lat, lon = float(parts[0]), float(parts[1])
            except (IndexError, ValueError):
                return text
            return {"lat": lat, "lon": lon, "accuracy": float(parts[2]) if len(parts) > 2 else None}
        return text

    def set_value(self, value) -> None:
        if value is None:
            text = ""
        elif isinstance(value, dict):
            text = f"{value.get('lat')}, {value.get('lon')}"
        else:
            text = str(value)
        self.edit.setText(text)

    def focus_widget(self) -> QWidget:
        return self.edit


class ChoiceField(FieldWidget):
    """select_one and yes_no: a combo box whose first entry is "not answered"."""

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.combo = QComboBox(objectName=object_name + "_combo")
        self.combo.addItem("—", None)
        if f.type == "yes_no":
            self.combo.addItem(_tr("Ya"), True)
            self.combo.addItem(_tr("Tidak"), False)
        else:
            for choice in f.choices:
                self.combo.addItem(
                    choice.label.get(lang) or choice.label.get("id") or choice.value, choice.value
                )
        self.combo.activated.connect(lambda _i: self.edited.emit())
        self.combo.setEnabled(not f.read_only)
        self.layout_.addWidget(self.combo)
        self.setFocusProxy(self.combo)

    def value(self):
        return self.combo.currentData()

    def set_value(self, value) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class MultiField(FieldWidget):
    """select_multiple: a list of check boxes (arrows to move, Space to tick)."""

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.list = QListWidget(objectName=object_name + "_list")
        choices = f.choices
        for choice in choices:
            item = QListWidgetItem(choice.label.get(lang) or choice.label.get("id") or choice.value)
            item.setData(Qt.ItemDataRole.UserRole, choice.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMaximumHeight(min(22 * max(self.list.count(), 1) + 6, 160))
        self.list.itemChanged.connect(lambda _item: self.edited.emit())
        self.layout_.addWidget(self.list)
        self.setFocusProxy(self.list)

    def value(self):
        picked = [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return picked or None

    def set_value(self, value) -> None:
        chosen = set(value or [])
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)

    def focus_widget(self) -> QWidget:
        return self.list


class RegionField(FieldWidget):
    """The cascading region picker: provinsi → kabupaten/kota → kecamatan → desa, down to the field's level."""

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        depth = REGION_LEVELS.index(f.level) + 1 if f.level in REGION_LEVELS else 4
        self.combos: list[QComboBox] = []
        for level in REGION_LEVELS[:depth]:
            combo = QComboBox(objectName=f"{object_name}_{level}")
            combo.setEditable(False)
            self.combos.append(combo)
            self.layout_.addWidget(combo, 1)
        for i, combo in enumerate(self.combos):
            combo.activated.connect(lambda _index, i=i: self._picked(i))
        self._fill(0, None)
        self.setFocusProxy(self.combos[0])

    def _fill(self, i: int, parent: str | None) -> None:
        combo = self.combos[i]
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("—", None)
        if i == 0 or parent:
            for region in regions.children(parent):
                combo.addItem(region.name, region.code)
        combo.blockSignals(False)
        for later in self.combos[i + 1 :]:
            later.clear()
            later.addItem("—", None)

    def _picked(self, i: int) -> None:
        code = self.combos[i].currentData()
        if i + 1 < len(self.combos):
            self._fill(i + 1, code)
        self.edited.emit()

    def value(self):
        last = self.combos[-1].currentData()
        return last or None

    def set_value(self, value) -> None:
        self._fill(0, None)
        if not value:
            return
        chain = []
        region = regions.get(value)
        while region is not None:
            chain.append(region.code)
            region = regions.get(region.parent) if region.parent else None
        for i, code in enumerate(reversed(chain)):
            if i >= len(self.combos):
                break
            self.combos[i].setCurrentIndex(max(self.combos[i].findData(code), 0))
            if i + 1 < len(self.combos):
                self._fill(i + 1, code)

    def focus_widget(self) -> QWidget:
        return self.combos[0]


class ShowField(FieldWidget):
    """calculate and note: shown, never typed; a calculated value keeps its answer for the save."""

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.label = QLabel(objectName=object_name + "_value")
        self.label.setWordWrap(True)
        if f.type == "note":
            self.label.setText(f.text("label", lang))
        self.layout_.addWidget(self.label, 1)
        self._value = None

    def value(self):
        return self._value if self.field.type == "calculate" else None

    def set_value(self, value) -> None:
        if self.field.type == "calculate":
            self._value = value
            self.label.setText("" if value is None else str(value))


class PhotoField(FieldWidget):
    """photo: the SHA-256 of a chosen file. Choosing a file copies its bytes into the encrypted store at once
    (app.services.attachments, on the runner), before the record naming it is saved; the sync sends the
    bytes after the record. The store is reached through the session of the form it was made for (`host`).

    Below the buttons, what the answer holds: a thumbnail when the bytes are on this laptop and are a
    picture, else a line saying why there is none (a record captured on another laptop names its photo,
    whose bytes stay at the district)."""

    THUMBNAIL = 160  # pixels, the longer side

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.edit = QLineEdit(objectName=object_name + "_edit")
        self.edit.setReadOnly(True)
        self.edit.setPlaceholderText(self.tr("Belum ada foto"))
        self.choose = QPushButton(self.tr("Pilih foto…"), objectName=object_name + "_choose")
        self.choose.clicked.connect(self._ask_file)
        self.clear = QPushButton(self.tr("Hapus"), objectName=object_name + "_clear")
        self.clear.clicked.connect(lambda: self._set_and_tell(None))
        self.preview = QLabel(objectName=object_name + "_preview")
        self.preview.setWordWrap(True)
        self.preview.hide()
        self.download = QPushButton(self.tr("Unduh foto dari server"), objectName=object_name + "_download")
        self.download.clicked.connect(self._download)
        self.download.hide()
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose)
        row.addWidget(self.clear)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.preview)
        column.addWidget(self.download, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addLayout(column, 1)
        self._value = None
        self._shown_for: str | None = None  # the answer the preview shows (or is being made for)

    def value(self):
        return self._value

    def set_value(self, value) -> None:
        self._value = value
        self.edit.setText(f"{value[:12]}…" if value else "")
        self.edit.setToolTip(value or "")
        self.clear.setEnabled(bool(value))
        self._show_preview()

    def focus_widget(self) -> QWidget:
        return self.choose

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._show_preview()  # an answer set before the field sat in a form had no store to read from

    def _show_preview(self) -> None:
        """Read the answer's bytes off the UI thread and show them small (once per answer)."""
        value = self._value
        if not value:
            self._shown_for = None
            self.preview.clear()
            self.preview.hide()
            self.download.hide()
            return
        if value == self._shown_for:
            return
        session = _session_of(self)
        if session is None:
            return
        from app.services import attachments  # the service layer, imported where it is used

        self._shown_for = value
        store, size = session.store, self.THUMBNAIL

        def thumbnail() -> QImage | bool:  # on the runner: reading and decoding a photo takes a while
            data = attachments.attachment_bytes(store, value)
            if data is None:
                return attachments.can_download(store)  # not on this laptop: whether it can be fetched
            image = QImage.fromData(data)
            if image.isNull():
                return QImage()
            return image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)  # fmt: skip

        def done(image: QImage | bool) -> None:
            if self._value != value:
                return  # the answer changed meanwhile; its own preview is on its way
            # Only a saved record's photo can be fetched: the server hands it out for a record naming it.
            self.download.setVisible(image is True and _record_of(self) is not None)
            self.download.setEnabled(True)
            if image is True:
                self.preview.setText(
                    self.tr("Foto ini tersimpan di server kabupaten, belum ada di laptop ini.")
                )
            elif image is False:  # a village reached only by USB bundles
                self.preview.setText(
                    self.tr("Foto ini tersimpan di server kabupaten; laptop ini tidak terhubung ke server.")
                )
            elif image.isNull():
                self.preview.setText(self.tr("Berkas tersimpan, tetapi bukan gambar yang dapat ditampilkan."))
            else:
                self.preview.setPixmap(QPixmap.fromImage(image))
            self.preview.show()

        def failed(err: BaseException) -> None:
            self._shown_for = None
            self.preview.setText(self.tr("Foto tidak dapat dibaca."))
            self.preview.show()

        session.runner.run(thumbnail, done, failed, owner=self)

    def _download(self) -> None:
        """Fetch the photo for the saved record this form shows (from the district server, on the runner)."""
        from app.services import attachments  # the service layer, imported where it is used

        session, record_id, value = _session_of(self), _record_of(self), self._value
        if session is None or record_id is None or not value:
            return
        store = session.store
        self.download.setEnabled(False)

        def done(_data: bytes) -> None:
            self._shown_for = None  # now on this laptop: show it
            self._show_preview()

        def failed(err: BaseException) -> None:
            self.download.setEnabled(True)
            show_error(self, err)

        session.runner.run(lambda: attachments.download(store, value, record_id), done, failed, owner=self)

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Pilih foto"),
            str(Path.home()),
            self.tr("Gambar (*.jpg *.jpeg *.png *.webp);;Semua berkas (*)"),
        )
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> None:
        """Copy the file into the store off the UI thread; the answer becomes its SHA-256 once it is kept."""
        from app.services import attachments  # the service layer, imported where it is used

        session = _session_of(self)
        if session is None:
            return
        store = session.store
        self.choose.setEnabled(False)

        def done(sha256: str) -> None:
            self.choose.setEnabled(True)
            self._set_and_tell(sha256)

        def failed(err: BaseException) -> None:
            self.choose.setEnabled(True)
            show_error(self, err)

        session.runner.run(lambda: attachments.attach_file(store, path), done, failed, owner=self)

    def _set_and_tell(self, value) -> None:
        self.set_value(value)
        self.edited.emit()


class FormHost(Protocol):
    """What a field needs from the form around it, handed to it when made (never found by walking parents)."""

    session: Session  # the logged-in session: its store and runner
    record_id: str | None  # the saved record the form shows (None for a new, unsaved one)


def _session_of(widget: FieldWidget) -> Session | None:
    return widget.host.session if widget.host is not None else None


def _record_of(widget: FieldWidget) -> str | None:
    return widget.host.record_id if widget.host is not None else None


FIELD_TYPES: dict[str, type[FieldWidget]] = {
    "text": LineField,
    "integer": LineField,
    "decimal": LineField,
    "date": LineField,
    "nik": LineField,
    "kk": LineField,
    "geopoint": LineField,
    "select_one": ChoiceField,
    "yes_no": ChoiceField,
    "select_multiple": MultiField,
    "region": RegionField,
    "calculate": ShowField,
    "note": ShowField,
    "photo": PhotoField,
}


def make_field_widget(f: Field, lang: str, object_name: str, host: FormHost | None = None) -> FieldWidget:
    """The input for a (non-group, non-repeat) field, told the form it sits in (`host`)."""
    if f.appearance == "multiline":
        from app.ui.field_text_area import TextAreaField  # its own module, which builds on FieldWidget

        widget: FieldWidget = TextAreaField(f, lang, object_name)
    else:
        widget = FIELD_TYPES.get(f.type, LineField)(f, lang, object_name)
    widget.host = host
    return widget
