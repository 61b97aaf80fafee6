"""One input widget per field type of a forms/ definition. Each answers `value()` / `set_value(v)`, emits
`edited` when the user changes it and `advance` on Enter; none of them knows the form it sits in.

Input is forgiving where people differ (dates as 15-05-1985, a NIK typed in groups of four), the stored
answer is what forms/ defines (ISO dates, 16 digits)."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QStringListModel, Qt
from PySide6.QtGui import QDoubleValidator, QIntValidator
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from app.ui.form_field import EnterMovesOn, FieldWidget, FormHost, record_of, session_of
from app.ui.form_inputs import CalendarButton, ChoiceCombo, EnterLineEdit
from app.ui.form_photo import PhotoField
from forms import metadata
from forms.definition import Field
from forms.domain import dates, regions
from forms.domain.idnumber import normalize_digits

REGION_LEVELS = ["provinsi", "kabupaten", "kecamatan", "desa"]

__all__ = ["FIELD_TYPES", "FieldWidget", "PhotoField", "make_field_widget", "record_of", "session_of"]


class LineField(FieldWidget):
    """text, integer, decimal, date (typed as people write it, or picked), nik, kk, geopoint ("lat, lon")."""

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.edit = EnterLineEdit(objectName=object_name + "_edit")
        self.calendar: CalendarButton | None = None
        if f.type == "integer":
            self.edit.setValidator(QIntValidator(self.edit))
        elif f.type == "decimal":
            self.edit.setValidator(QDoubleValidator(self.edit))
        elif f.type == "date":
            self.edit.setPlaceholderText(
                self.tr("HH-BB-TTTT, misalnya {example}").format(example=dates.EXAMPLE)
            )
            self.edit.editingFinished.connect(self._show_date_back)
        elif f.type in ("nik", "kk"):
            # No length cap: "6203 0155 0585 0002" as printed on the card is 19 characters and must fit.
            self.edit.setPlaceholderText(self.tr("16 angka"))
        elif f.type == "geopoint":
            self.edit.setPlaceholderText(self.tr("lintang, bujur"))
        elif f.type == "time":
            self.edit.setPlaceholderText(self.tr("JJ:MM, misalnya 09:15"))
        elif f.type == "datetime":
            self.edit.setPlaceholderText(self.tr("HH-BB-TTTT JJ:MM"))
        self.edit.setReadOnly(f.read_only)
        self.edit.textEdited.connect(self.edited)
        self.edit.enter.connect(self.advance)
        self.layout_.addWidget(self.edit, 1)
        if f.type == "date" and not f.read_only:
            self.calendar = CalendarButton(
                object_name + "_calendar", self.tr("Kalender"), self.tr("Pilih tanggal")
            )
            self.calendar.chosen.connect(self._picked_day)
            self.layout_.addWidget(self.calendar)
        self.setFocusProxy(self.edit)

    def offer(self, values: list[str]) -> None:
        """Answers given before (the dusun of the last households, the birthplace of the member above),
        offered as the user types: the first letters, Down, Enter."""
        if self.field.type != "text":
            return
        completer = self.edit.completer()
        if completer is None:
            if not values:
                return
            completer = QCompleter(QStringListModel(self.edit), self.edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.activated[str].connect(lambda _t: self.edited.emit())
            self.edit.setCompleter(completer)
        completer.model().setStringList(values)

    def value(self):
        text = self.edit.text().strip()
        if not text:
            return None
        t = self.field.type
        if t in ("nik", "kk"):
            return normalize_digits(text)
        if t == "date":
            return dates.to_iso(text) or text  # an unreadable date stays as typed: its message says why
        if t == "time":
            return metadata.time_answer(text) or text  # stored as ODK writes it: 09:15:00.000+07:00
        if t == "datetime":
            return metadata.datetime_answer(text, dates.to_iso) or text
        if t == "integer":
            try:
                return int(text)
            except ValueError:
                return text
        if t == "decimal":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return text
        if t == "geopoint":
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
        elif self.field.type == "date":
            text = dates.shown(value)
        elif self.field.type == "time":
            text = metadata.time_shown(value)
        else:
            text = str(value)
        self.edit.setText(text)

    def focus_widget(self) -> QWidget:
        return self.edit

    def _show_date_back(self) -> None:
        """Leaving a date: show it in the one written form, so 15051985 or 15 Mei 85 is seen as understood."""
        typed = self.edit.text().strip()
        iso = dates.to_iso(typed)
        if iso and dates.shown(iso) != typed:
            self.edit.setText(dates.shown(iso))

    def _picked_day(self, day: QDate) -> None:
        self.edit.setText(dates.shown(day.toString("yyyy-MM-dd")))
        self.edited.emit()
        self.edit.setFocus()


class ChoiceField(FieldWidget):
    """select_one and yes_no: a dropdown that filters as one types; its first entry is "not answered"."""

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.combo = ChoiceCombo(self.tr("ketik atau pilih…"), object_name + "_combo")
        if f.type == "yes_no":
            choices = [(self.tr("Ya"), True), (self.tr("Tidak"), False)]
        else:
            choices = [(c.label.get(lang) or c.label.get("id") or c.value, c.value) for c in f.choices]
        self.all_choices = choices
        self.offered: list | None = None
        self.combo.set_choices(choices)
        self.combo.picked.connect(self.edited)
        self.combo.enter.connect(self.advance)
        self.combo.setEnabled(not f.read_only)
        if f.read_only:
            self.combo.lineEdit().setPlaceholderText("")  # filled at the district, never typed here
        self.layout_.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)

    def value(self):
        return self.combo.currentData()

    def offer_only(self, codes: list[str] | None) -> None:
        """Offer only these codes (XLSForm's choice_filter; None: all). An answer no longer offered stays
        shown until changed, and the check says it is not offered here."""
        if codes == self.offered:
            return
        self.offered = codes
        current = self.value()
        kept = [c for c in self.all_choices if codes is None or c[1] in codes or c[1] == current]
        blocked = self.combo.blockSignals(True)
        self.combo.set_choices(kept)
        self.set_value(current)
        self.combo.blockSignals(blocked)

    def set_value(self, value) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class MultiField(FieldWidget):
    """select_multiple: a list of check boxes (arrows or the first letters to move, Space to tick, Enter on)."""

    ROWS_SHOWN = 10  # a longer list scrolls inside; a shorter one is shown whole

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.list = QListWidget(objectName=object_name + "_list")
        for choice in f.choices:
            item = QListWidgetItem(choice.label.get(lang) or choice.label.get("id") or choice.value)
            item.setData(Qt.ItemDataRole.UserRole, choice.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        row = self.list.sizeHintForRow(0) if self.list.count() else 20
        shown = min(max(self.list.count(), 1), self.ROWS_SHOWN)
        self.list.setFixedHeight(row * shown + 2 * self.list.frameWidth() + 2)
        self.list.itemChanged.connect(lambda _item: self.edited.emit())
        self.list.installEventFilter(EnterMovesOn(self))
        self.layout_.addWidget(self.list)
        self.setFocusProxy(self.list)

    def value(self):
        picked = [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return picked or None

    def offer_only(self, codes: list[str] | None) -> None:
        """Show only these choices (XLSForm's choice_filter; None: all); a ticked one stays until unticked."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = codes is not None and item.data(Qt.ItemDataRole.UserRole) not in codes
            item.setHidden(hidden and item.checkState() != Qt.CheckState.Checked)

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
    """The cascading region picker: provinsi → kabupaten/kota → kecamatan → desa, down to the field's level,
    two by two so long names are read whole; each dropdown filters as one types."""

    LEVEL_NAMES = {
        "provinsi": QT_TRANSLATE_NOOP("RegionField", "Provinsi"),
        "kabupaten": QT_TRANSLATE_NOOP("RegionField", "Kabupaten/kota"),
        "kecamatan": QT_TRANSLATE_NOOP("RegionField", "Kecamatan"),
        "desa": QT_TRANSLATE_NOOP("RegionField", "Desa/kelurahan"),
    }

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        depth = REGION_LEVELS.index(f.level) + 1 if f.level in REGION_LEVELS else 4
        self.combos: list[ChoiceCombo] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for i, level in enumerate(REGION_LEVELS[:depth]):
            combo = ChoiceCombo(self.tr(self.LEVEL_NAMES[level]), f"{object_name}_{level}")
            combo.setToolTip(self.tr(self.LEVEL_NAMES[level]))
            combo.setMinimumContentsLength(8)
            combo.picked.connect(lambda i=i: self._picked(i))
            combo.enter.connect(lambda i=i: self._enter(i))
            self.combos.append(combo)
            grid.addWidget(combo, i // 2, i % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid, 1)
        self._fill(0, None)
        self.setFocusProxy(self.combos[0])

    def _fill(self, i: int, parent: str | None) -> None:
        choices = [(r.name, r.code) for r in regions.children(parent)] if i == 0 or parent else []
        self.combos[i].set_choices(choices)
        for later in self.combos[i + 1 :]:
            later.set_choices([])

    def _picked(self, i: int) -> None:
        code = self.combos[i].currentData()
        if i + 1 < len(self.combos):
            self._fill(i + 1, code)
        self.edited.emit()

    def _enter(self, i: int) -> None:
        if i + 1 < len(self.combos):
            self.combos[i + 1].setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.advance.emit()

    def value(self):
        last = self.combos[-1].currentData()
        return last or None

    def set_value(self, value) -> None:
        self.preset(value)

    def preset(self, code: str | None) -> None:
        """Show `code`'s chain (a full answer, or only the upper levels — an enrolled kecamatan)."""
        self._fill(0, None)
        if not code:
            return
        chain = []
        region = regions.get(code)
        while region is not None:
            chain.append(region.code)
            region = regions.get(region.parent) if region.parent else None
        for i, part in enumerate(reversed(chain)):
            if i >= len(self.combos):
                break
            self.combos[i].setCurrentIndex(max(self.combos[i].findData(part), 0))
            if i + 1 < len(self.combos):
                self._fill(i + 1, part)

    def focus_widget(self) -> QWidget:
        """The first level not yet chosen (the levels above are usually filled from the enrolled area)."""
        return next((c for c in self.combos if c.currentData() is None), self.combos[-1])

    def focus_widgets(self) -> list[QWidget]:
        """Enter stops from the first level not chosen yet: levels filled from the area are passed over."""
        first = next((i for i, c in enumerate(self.combos) if c.currentData() is None), len(self.combos) - 1)
        return list(self.combos[first:])


def _number_text(value) -> str:
    """36.0 is shown as 36; other numbers with a comma as Indonesians write decimals."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").replace(".", ",")
    return str(value)


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
            self.label.setText(_number_text(value).strip())


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
    "audio": PhotoField,  # XLSForm audio and file questions: attachments kept by their SHA-256, as photos
    "file": PhotoField,
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
