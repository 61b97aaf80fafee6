"""One XLSForm question (pyxform's JSON of it) as a field of our definition, or the reasons it cannot be.

Every feature Jaring does not have is named in the refusal (`_Importer.unsupported`), never dropped.
"""

from __future__ import annotations

import re

from forms.definition import APPEARANCES
from forms.odk_fields import PARAMETERS, PRELOADS

TYPE_MAP = {
    "text": "text", "string": "text", "barcode": "text", "phone number": "text", "integer": "integer",
    "int": "integer", "decimal": "decimal", "date": "date", "time": "time", "dateTime": "datetime",
    "datetime": "datetime", "select one": "select_one", "select all that apply": "select_multiple",
    "geopoint": "geopoint", "gps": "geopoint", "geotrace": "geotrace", "photo": "photo", "image": "photo", "audio": "audio",
    "file": "file", "note": "note", "calculate": "calculate", "group": "group", "repeat": "repeat",
    "acknowledge": "yes_no", "trigger": "yes_no", "range": "decimal",
}  # fmt: skip
BIND_KEYS_SUPPORTED = {
    "relevant", "required", "constraint", "calculate", "readonly", "jr:constraintMsg", "jr:requiredMsg", "type",
}  # fmt: skip
BIND_PARAMETERS = {
    "orx:max-pixels": "max-pixels",
    "odk:quality": "quality",
}  # pyxform writes these from parameters
LANG_RE = re.compile(r"\(([a-z]{2,3})\)\s*$")
LAST_SAVED_RE = re.compile(r"\$\{last-saved#")


def texts(raw: object) -> dict[str, str]:
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


def choices_of(items: list) -> list[dict]:
    """pyxform's choices ({name, label, other columns}) as ours ({value, label, other columns}); a choice
    without a label shows its name."""
    out = []
    for c in items:
        choice = {"value": str(c.get("name")), "label": texts(c.get("label")) or {"id": str(c.get("name"))}}
        for key, value in c.items():
            if key not in ("name", "label", "media") and isinstance(value, (str, int, float)):
                choice[str(key)] = str(value)
        out.append(choice)
    return out


def parameters_of(raw: object) -> dict[str, str]:
    """The `parameters` column: pyxform gives a dict, or for some types the text `key=value key=value`."""
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items()}
    out = {}
    for part in str(raw or "").split():
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out


def expr(text: object) -> str | None:
    if text is None:
        return None
    text = str(text).strip()
    return text or None


def required_of(value: object) -> bool | str:
    text = str(value).strip()
    if text.lower() in ("yes", "true", "true()", "1"):
        return True
    if text.lower() in ("", "no", "false", "false()", "0"):
        return False
    return text


def range_type(parameters: dict[str, str]) -> str:
    """A range question holds whole numbers when its start, end and step are whole."""
    values = [parameters.get(k, "1") for k in ("start", "end", "step")]
    return "integer" if all(re.fullmatch(r"-?\d+", v.strip()) for v in values) else "decimal"


class FieldImporter:
    """Converts pyxform's question tree; `unsupported` collects what cannot be taken, `lists` the CSV files
    and external lists the form's expressions and selects read (filled by the caller)."""

    def __init__(self, choice_lists: dict[str, list], external: dict[str, list[dict]]):
        self.unsupported: list[str] = []
        self.choice_lists = choice_lists
        self.external = external  # CSV files beside the workbook: name (without .csv) -> rows
        self.used_lists: set[str] = set()
        self.seen_names: set[str] = set()
        self.renamed: dict[str, str] = {}  # an XLSForm name with '.' or '-' -> ours (letters, digits, _)

    def children(self, children: list, group: str = "") -> list[dict]:
        out = []
        for child in children:
            converted = self.field(child, group)
            if converted is not None:
                out.append(converted)
        return out

    def _refuse(self, where: str, what: str) -> None:
        self.unsupported.append(f"question {where}: {what}")

    def field(self, node: dict, group: str = "") -> dict | None:
        """Long because it walks every column of a question once, in the order the XLSForm spec lists them."""
        name = str(node.get("name"))
        xtype = str(node.get("type"))
        bind = node.get("bind") or {}
        control = node.get("control") or {}
        if xtype == "group" and name == "meta" and control.get("bodyless"):
            return None  # pyxform's own instanceID block, not a question anybody wrote
        where = f"'{name}' (type '{xtype}')"
        if xtype in PRELOADS:
            return self._metadata(node, name, xtype, where)
        ours = TYPE_MAP.get(xtype)
        if ours is None:
            self._refuse(where, "this question type is not supported")
            return None
        parameters = parameters_of(node.get("parameters"))
        for key, param in BIND_PARAMETERS.items():
            if key in bind:
                parameters.setdefault(param, str(bind[key]))
        if xtype == "range":
            ours = range_type(parameters)
        for key in bind:
            if key == "jr:preload":
                self._refuse(where, f"metadata preload '{bind[key]}'")
            elif key not in BIND_KEYS_SUPPORTED and key not in BIND_PARAMETERS:
                self._refuse(where, f"bind attribute '{key}'")
        allowed = PARAMETERS.get(ours, set())
        odd = {k: v for k, v in parameters.items() if k not in allowed}
        if odd:
            shown = " ".join(f"{k}={v}" for k, v in odd.items())
            self._refuse(where, f"parameters {shown} (a {ours} takes {', '.join(sorted(allowed)) or 'none'})")
        if node.get("media"):
            self._refuse(where, "media (images/audio in labels)")
        for key in ("query", "actions", "columns", "tags", "buttonText"):
            if key in node:
                self._refuse(where, f"'{key}'")
        for key in ("relevant", "constraint", "calculate", "required"):
            if LAST_SAVED_RE.search(str(bind.get(key, ""))):
                self._refuse(where, f"{key} uses ${{last-saved#…}} (the last saved record's answers)")
        if LAST_SAVED_RE.search(str(node.get("default", ""))):
            self._refuse(where, "default ${last-saved#…} (the last saved record's answers)")
        field: dict = {
            "name": self._unique(name, group),
            "type": ours,
            "label": texts(node.get("label")) or {"id": name},
        }
        if ours == "calculate" and not texts(node.get("label")):
            del field["label"]  # a calculation nobody labelled is not shown, as in ODK
        if node.get("hint"):
            field["hint"] = texts(node["hint"])
        # appearance only changes how a question looks; our renderer decides that, keeping the ones it knows
        if control.get("appearance") in APPEARANCES.get(ours, set()):
            field["appearance"] = control["appearance"]
        for key in ("relevant", "constraint", "calculate"):
            if key in bind and expr(bind[key]):
                field[key] = expr(bind[key])
        if "required" in bind:
            field["required"] = required_of(bind["required"])
        if field.get("constraint") and bind.get("jr:constraintMsg"):
            field["constraint_message"] = texts(bind["jr:constraintMsg"])
        if str(bind.get("readonly", "")).strip() in ("true()", "yes", "true"):
            field["read_only"] = True
        if "default" in node and node["default"] not in (None, ""):
            field["default"] = node["default"]
        if node.get("trigger"):  # calculated when these questions change, then an answer like any other
            triggers = node["trigger"] if isinstance(node["trigger"], (list, tuple)) else [node["trigger"]]
            field["trigger"] = [str(t).strip().removeprefix("${").removesuffix("}") for t in triggers]
        kept = {k: v for k, v in parameters.items() if k in allowed}
        if kept:
            field["parameters"] = kept
        if ours in ("select_one", "select_multiple"):
            self._select(node, field, where)
        if ours in ("group", "repeat"):
            field["fields"] = self.children(node.get("children", []), field["name"])
            if not field["fields"]:
                self.unsupported.append(f"{ours} {where}: holds no supported question")
        return field

    def _unique(self, name: str, group: str) -> str:
        """A name used again in another group becomes `<group>_<name>` (names are unique in our forms); a name
        with '.' or '-' (XLSForm allows them) becomes one with '_' there, its references rewritten."""
        plain = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if plain != name:
            while plain in self.seen_names or plain in self.renamed.values():
                plain += "_"
            self.renamed[name] = plain
            name = plain
        if name in self.seen_names and group:
            renamed = f"{group}_{name}"
            while renamed in self.seen_names:
                renamed += "_"
            name = renamed
        self.seen_names.add(name)
        return name

    def _metadata(self, node: dict, name: str, xtype: str, where: str) -> dict:
        actions = node.get("actions") or []
        if any(a.get("name") != "odk:setgeopoint" for a in actions if isinstance(a, dict)):
            self._refuse(where, "'actions'")
        return {"name": self._unique(name, ""), "type": PRELOADS[xtype], "preload": xtype,
                "label": texts(node.get("label")) or {"id": name}, "read_only": True}  # fmt: skip

    def _select(self, node: dict, field: dict, where: str) -> None:
        list_name = node.get("itemset") or node.get("list_name")
        if isinstance(list_name, str) and "." in list_name:  # select_one_from_file
            stem, _, suffix = list_name.rpartition(".")
            if suffix != "csv":
                self._refuse(where, f"choices from the file {list_name} (only CSV files are supported)")
                return
            if stem not in self.external:
                self._refuse(where, f"choices from {list_name}: the file was not given with the workbook")
                return
            self.choice_lists.setdefault(stem, [
                {"value": str(r.get("name")), "label": {"id": str(r.get("label") or r.get("name"))},
                 **{k: str(v) for k, v in r.items() if k not in ("name", "label")}}
                for r in self.external[stem] if r.get("name")
            ])  # fmt: skip
            list_name = stem
        if isinstance(node.get("choices"), list) and node["choices"] and not list_name:
            field["choices"] = choices_of(node["choices"])
        elif list_name:
            field["choices"] = list_name
            if list_name not in self.choice_lists and isinstance(node.get("choices"), list):
                self.choice_lists[list_name] = choices_of(node["choices"])
        if node.get("choice_filter"):
            field["choice_filter"] = str(node["choice_filter"]).strip()


_EXPRESSION_KEYS = ("relevant", "constraint", "calculate", "required", "choice_filter")


def rewrite_references(fields: list[dict], renamed: dict[str, str]) -> None:
    """`${ice.creams}` and `../ice.creams` in every expression, after a rename, read `ice_creams`."""
    if not renamed:
        return
    pattern = re.compile(
        r"\$\{("
        + "|".join(map(re.escape, renamed))
        + r")\}|(\.\./)("
        + "|".join(map(re.escape, renamed))
        + r")(?![\w.-])"
    )

    def swap(m: re.Match) -> str:
        return "${" + renamed[m[1]] + "}" if m[1] else m[2] + renamed[m[3]]

    for field in fields:
        for key in _EXPRESSION_KEYS:
            if isinstance(field.get(key), str):
                field[key] = pattern.sub(swap, field[key])
        rewrite_references(field.get("fields", []), renamed)
