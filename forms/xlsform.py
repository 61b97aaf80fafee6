"""XLSForm import: read a workbook with pyxform (the XLSForm project's own converter) and map it onto our
definition format, so forms authored as ODK and KoboToolbox users author them work here.

Whatever we do not support is refused by name — every unsupported feature listed at once — never
silently dropped. The result is loaded with `load_definition`, so a broken expression is refused with the
field and the reason, exactly as for a hand-written definition.
"""

from __future__ import annotations

import re
from pathlib import Path

from forms.definition import APPEARANCES, DefinitionError, FormDef, load_definition
from forms.problems import ListedError

TYPE_MAP = {
    "text": "text",
    "phone number": "text",
    "phonenumber": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "geopoint": "geopoint",
    "photo": "photo",
    "image": "photo",
    "note": "note",
    "calculate": "calculate",
    "group": "group",
    "repeat": "repeat",
    "acknowledge": "yes_no",
}
BIND_KEYS_SUPPORTED = {
    "relevant",
    "required",
    "constraint",
    "calculate",
    "readonly",
    "jr:constraintMsg",
    "jr:requiredMsg",
    "type",
}
LANG_RE = re.compile(r"\(([a-z]{2,3})\)\s*$")


class XlsFormUnsupported(ListedError):
    """A workbook Jaring cannot take (`XlsFormUnsupported(file name, features)`), every reason listed."""

    code = "xlsform_unsupported"
    head_id = "XLSForm {} memakai fitur yang belum didukung Jaring"
    head_en = "XLSForm {} uses features Jaring does not support"

    @property
    def features(self) -> list[str]:
        """The unsupported features, one line each (the listed `problems`)."""
        return self.problems


def _texts(raw: object) -> dict[str, str]:
    """pyxform labels: a string, or {language name: text}; language names like 'English (en)'."""
    if isinstance(raw, str):
        return {"id": raw}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, str] = {}
    for lang, text in raw.items():
        if not isinstance(text, str):
            continue
        match = LANG_RE.search(lang)
        code = (
            match.group(1)
            if match
            else ("id" if lang in ("default", "Indonesian", "Bahasa Indonesia") else None)
        )
        if code is None:
            code = "en" if lang.lower().startswith("english") else lang
        if code in ("id", "en"):
            out[code] = text
    return out


def _choices(items: list) -> list[dict]:
    """pyxform's choices ({name, label}) as our definition's ({value, label}); a choice without a label shows
    its name."""
    return [
        {"value": str(c.get("name")), "label": _texts(c.get("label")) or {"id": str(c.get("name"))}}
        for c in items
    ]


def _expr(text: object) -> str | None:
    if text is None:
        return None
    text = str(text).strip()
    return text or None


def _required(value: object) -> bool | str:
    text = str(value).strip()
    if text.lower() in ("yes", "true", "true()", "1"):
        return True
    if text.lower() in ("", "no", "false", "false()", "0"):
        return False
    return text


class _Importer:
    def __init__(self, survey: dict, source: str):
        self.survey = survey
        self.source = source
        self.unsupported: list[str] = []
        self.choice_lists: dict[str, list] = {}

    def run(self) -> dict:
        choices = self.survey.get("choices") or {}
        for list_name, items in choices.items():
            self.choice_lists[list_name] = _choices(items)
        fields = self.children(self.survey.get("children", []))
        if self.unsupported:
            raise XlsFormUnsupported(self.source, self.unsupported)
        form_id = (
            re.sub(r"[^a-z0-9_]+", "_", str(self.survey.get("id_string") or "form").lower()).strip("_")
            or "form"
        )
        if not form_id[0].isalpha():
            form_id = f"form_{form_id}"
        version = str(self.survey.get("version") or "1")
        definition = {
            "form_id": form_id,
            "version": int(version) if version.isdigit() and int(version) > 0 else 1,
            "kind": "household",
            "title": _texts(self.survey.get("title")) or {"id": form_id},
            "fields": fields,
        }
        if self.choice_lists:
            definition["choice_lists"] = self.choice_lists
        return definition

    def children(self, children: list) -> list[dict]:
        out = []
        for child in children:
            converted = self.field(child)
            if converted is not None:
                out.append(converted)
        return out

    def field(self, node: dict) -> dict | None:
        name = str(node.get("name"))
        xtype = str(node.get("type"))
        bind = node.get("bind") or {}
        control = node.get("control") or {}
        if xtype == "group" and name == "meta" and control.get("bodyless"):
            return None  # pyxform's own instanceID block, not a question anybody wrote
        where = f"'{name}' (type '{xtype}')"
        ours = TYPE_MAP.get(xtype)
        if ours is None:
            self.unsupported.append(f"question {where}: this question type is not supported")
            return None
        for key in bind:
            if key == "jr:preload":
                self.unsupported.append(f"question {where}: metadata preload '{bind[key]}'")
            elif key not in BIND_KEYS_SUPPORTED:
                self.unsupported.append(f"question {where}: bind attribute '{key}'")
        if node.get("choice_filter"):
            self.unsupported.append(f"question {where}: choice_filter (cascading selects from a choice list)")
        if node.get("parameters"):
            self.unsupported.append(f"question {where}: parameters {sorted(node['parameters'])}")
        if node.get("media"):
            self.unsupported.append(f"question {where}: media (images/audio in labels)")
        for key in ("query", "actions", "columns", "tags", "buttonText"):
            if key in node:
                self.unsupported.append(f"question {where}: '{key}'")
        # appearance only changes how a question looks; our renderer decides that, keeping the ones it knows
        keep_appearance = control.get("appearance") in APPEARANCES.get(ours, set())
        for key in ("relevant", "constraint", "calculate", "required"):
            text = str(bind.get(key, ""))
            if "../" in text or "instance(" in text or "pulldata(" in text:
                self.unsupported.append(f"question {where}: {key} uses XPath paths or instances ({text!r})")
        field: dict = {"name": name, "type": ours, "label": _texts(node.get("label")) or {"id": name}}
        if node.get("hint"):
            field["hint"] = _texts(node["hint"])
        if keep_appearance:
            field["appearance"] = control["appearance"]
        if "relevant" in bind:
            field["relevant"] = _expr(bind["relevant"])
        if "required" in bind:
            field["required"] = _required(bind["required"])
        if "constraint" in bind:
            field["constraint"] = _expr(bind["constraint"])
            if bind.get("jr:constraintMsg"):
                field["constraint_message"] = _texts(bind["jr:constraintMsg"])
        if "calculate" in bind:
            field["calculate"] = _expr(bind["calculate"])
        if str(bind.get("readonly", "")).strip() in ("true()", "yes", "true"):
            field["read_only"] = True
        if "default" in node and node["default"] not in (None, ""):
            field["default"] = node["default"]
        if ours in ("select_one", "select_multiple"):
            list_name = node.get("itemset") or node.get("list_name")
            if isinstance(node.get("choices"), list) and node["choices"] and not list_name:
                field["choices"] = _choices(node["choices"])
            elif list_name:
                field["choices"] = list_name
                if list_name not in self.choice_lists and isinstance(node.get("choices"), list):
                    self.choice_lists[list_name] = _choices(node["choices"])
        if ours in ("group", "repeat"):
            field["fields"] = self.children(node.get("children", []))
            if not field["fields"]:
                self.unsupported.append(f"{ours} {where}: holds no supported question")
        return field


def import_xlsform(path: str | Path) -> tuple[dict, FormDef]:
    """Convert a workbook; returns (our definition as a dict, the loaded FormDef).

    Raises XlsFormUnsupported (naming every unsupported feature) or DefinitionError (e.g. a broken
    calculation, naming the field and the reason).
    """
    path = Path(path)
    try:
        from pyxform.xls2json import parse_file_to_json
    except ImportError:  # the village laptops' bundle leaves pyxform out (build.spec)
        raise XlsFormUnsupported(
            path.name,
            [
                "XLSForm import is not installed in this program; use a pip installation of Jaring "
                '(pip install "jaring[laptop]")'
            ],
        ) from None
    try:
        survey = parse_file_to_json(str(path))
    except Exception as err:  # pyxform raises many types for bad workbooks; all mean "cannot read it"
        raise XlsFormUnsupported(path.name, [f"pyxform could not read the workbook: {err}"]) from None
    definition = _Importer(survey, path.name).run()
    try:
        form = load_definition(definition)
    except DefinitionError as err:
        raise DefinitionError(definition["form_id"], [f"{path.name}: {p}" for p in err.problems]) from None
    return definition, form
