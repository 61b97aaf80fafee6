"""The photo field: a picture of the house or a document, kept in the encrypted store by its SHA-256."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.errors import show_error
from app.ui.form_field import EnterMovesOn, FieldWidget, record_of, session_of
from forms.definition import Field


class PhotoField(FieldWidget):
    """photo: the SHA-256 of a chosen file. Choosing a file copies its bytes into the encrypted store at once
    (app.services.attachments, on the runner), before the record naming it is saved; the sync sends the
    bytes after the record. The store is reached through the form's session, found among the parents.

    Below the buttons, what the answer holds: a thumbnail when the bytes are on this laptop and are a
    picture, else a line saying why there is none (a record captured on another laptop names its photo,
    whose bytes stay at the district)."""

    THUMBNAIL = 160  # pixels, the longer side

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.edit = QLineEdit(objectName=object_name + "_edit")
        self.edit.setReadOnly(True)
        photo = f.type == "photo"  # audio and file questions (XLSForm) are attachments the same way
        self.edit.setPlaceholderText(self.tr("Belum ada foto") if photo else self.tr("Belum ada berkas"))
        self.choose = QPushButton(self.tr("Pilih foto…") if photo else self.tr("Pilih berkas…"),
                                  objectName=object_name + "_choose")  # fmt: skip
        # Space (or a click) opens the file dialog; Enter, as everywhere in the form, moves on.
        self.choose.installEventFilter(EnterMovesOn(self))
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

    def set_value(self, value, file_name: str | None = None) -> None:
        self._value = value
        # Words, never the file's hash: which file was chosen now, or that the record has its photo.
        if not value:
            text = ""
        elif file_name:
            text = self.tr("Foto dipilih: {name}").format(name=file_name)
        else:
            text = self.tr("Foto tersimpan")
        self.edit.setText(text)
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
        session = session_of(self)
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
            self.download.setVisible(image is True and record_of(self) is not None)
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

        session, record_id, value = session_of(self), record_of(self), self._value
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
            self.tr("Pilih foto") if self.field.type == "photo" else self.tr("Pilih berkas"),
            str(Path.home()),
            self.tr("Gambar (*.jpg *.jpeg *.png *.webp);;Semua berkas (*)")
            if self.field.type == "photo"
            else self.tr("Rekaman suara (*.m4a *.mp3 *.ogg *.wav *.amr);;Semua berkas (*)")
            if self.field.type == "audio"
            else self.tr("Semua berkas (*)"),
        )
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> None:
        """Copy the file into the store off the UI thread; the answer becomes its SHA-256 once it is kept."""
        from app.services import attachments  # the service layer, imported where it is used

        session = session_of(self)
        if session is None:
            return
        store = session.store
        self.choose.setEnabled(False)

        def done(sha256: str) -> None:
            self.choose.setEnabled(True)
            self.set_value(sha256, path.name)
            self.edited.emit()

        def failed(err: BaseException) -> None:
            self.choose.setEnabled(True)
            show_error(self, err)

        session.runner.run(lambda: attachments.attach_file(store, path), done, failed, owner=self)

    def _set_and_tell(self, value) -> None:
        self.set_value(value)
        self.edited.emit()
