"""XLSForm import: read a workbook with pyxform (the XLSForm project's own converter) and map it onto our
definition format, so forms authored as ODK and KoboToolbox users author them work here.

Whatever we do not support is refused by name — every unsupported feature listed at once — never
silently dropped (forms/xlsform_fields.py converts each question). CSV files given with the workbook (beside
it, or uploaded with it in the console) travel inside the definition as `lists`, for `pulldata()`,
`instance('name')` and `select_one_from_file`. The result is loaded with `load_definition`, so a broken
expression is refused with the field and the reason, exactly as for a hand-written definition.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from forms.definition import DefinitionError, FormDef, load_definition
from forms.problems import ListedError
from forms.xlsform_fields import FieldImporter, choices_of, rewrite_references, texts

MAX_CSV_BYTES = 5_000_000
_LIST_NAME_RE = re.compile(r"""(?:pulldata|instance)\(\s*['"]([^'"]+)['"]""")


class XlsFormUnsupported(ListedError):
    """A workbook Jaring cannot take (`XlsFormUnsupported(file name, features)`), every reason listed."""

    code = "xlsform_unsupported"
    head_id = "XLSForm {} memakai fitur yang belum didukung Jaring"
    head_en = "XLSForm {} uses features Jaring does not support"

    @property
    def features(self) -> list[str]:
        """The unsupported features, one line each (the listed `problems`)."""
        return self.problems


def read_csv(name: str, data: bytes) -> list[dict]:
    """A CSV file's rows as dicts (UTF-8, with or without a byte-order mark; `,` or `;` between columns)."""
    if len(data) > MAX_CSV_BYTES:
        raise XlsFormUnsupported(name, [f"{name} is larger than {MAX_CSV_BYTES // 1_000_000} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise XlsFormUnsupported(name, [f"{name} is not UTF-8 text"]) from None
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    return [
        {k: (v or "") for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO(text), dialect=dialect)
    ]


def _expressions(node: dict):
    for value in (node.get("bind") or {}).values():
        if isinstance(value, str):
            yield value
    for child in node.get("children") or []:
        yield from _expressions(child)


class _Importer:
    def __init__(self, survey: dict, source: str, files: dict[str, bytes]):
        self.survey = survey
        self.source = source
        self.external = {name.rsplit(".", 1)[0]: read_csv(name, data) for name, data in files.items()
                         if name.lower().endswith(".csv")}  # fmt: skip

    def run(self) -> dict:
        choice_lists = {name: choices_of(items) for name, items in (self.survey.get("choices") or {}).items()}
        importer = FieldImporter(choice_lists, self.external)
        fields = importer.children(self.survey.get("children", []))
        rewrite_references(fields, importer.renamed)
        lists, unsupported = {}, importer.unsupported
        for text in _expressions(self.survey):
            for name in _LIST_NAME_RE.findall(text):
                if name in choice_lists:
                    continue
                if name in self.external:
                    lists[name] = self.external[name]
                else:
                    unsupported.append(
                        f"{name}: the form reads the file {name}.csv, which was not given with it"
                    )
        if unsupported:
            raise XlsFormUnsupported(self.source, sorted(set(unsupported), key=unsupported.index))
        form_id = (
            re.sub(r"[^a-z0-9_]+", "_", str(self.survey.get("id_string") or "form").lower()).strip("_")
            or "form"
        )
        if not form_id[0].isalpha():
            form_id = f"form_{form_id}"
        version = str(self.survey.get("version") or "1")
        definition = {
            "form_id": form_id,
            "version": int(version) if version.isdigit() and 0 < int(version) < 2**31 else 1,
            "kind": "household",
            "title": texts(self.survey.get("title")) or {"id": form_id},
            "fields": fields,
        }
        if choice_lists:
            definition["choice_lists"] = choice_lists
        if lists:
            definition["lists"] = lists
        return definition


def import_xlsform(path: str | Path, files: dict[str, bytes] | None = None) -> tuple[dict, FormDef]:
    """Convert a workbook; returns (our definition as a dict, the loaded FormDef).

    `files` are the CSV files that come with the form (name -> bytes); without it, the CSV files beside the
    workbook. Raises XlsFormUnsupported (naming every unsupported feature) or DefinitionError (e.g. a broken
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
                '(pip install "jaring[laptop]" or "jaring[server]")'
            ],
        ) from None
    try:
        survey = parse_file_to_json(str(path))
    except Exception as err:  # pyxform raises many types for bad workbooks; all mean "cannot read it"
        raise XlsFormUnsupported(path.name, [f"pyxform could not read the workbook: {err}"]) from None
    if files is None:
        files = {p.name: p.read_bytes() for p in path.parent.glob("*.csv") if p.is_file()}
    definition = _Importer(survey, path.name, files).run()
    try:
        form = load_definition(definition)
    except DefinitionError as err:
        raise DefinitionError(definition["form_id"], [f"{path.name}: {p}" for p in err.problems]) from None
    return definition, form
