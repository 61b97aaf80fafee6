"""Expected values for the expression language from Enketo's openrosa-xpath-evaluator (the ODK XPath of
Enketo and KoboToolbox), run with node from its npm package.

`harvest(package_dir)` collects the literal-only cases of the package's own test suite
(`test/integration/openrosa-xpath/*.spec.js`: `assertStringValue('expr', 'expected')`, `assertNumberValue`,
`assertTrue`, `assertFalse`) plus `EXTRA_CASES` (every ODK function Jaring has, the disagreements of issue
#35); `evaluate(cases)` runs them through the evaluator under node (`orxe_eval.js`) in the zone `ZONE`.
`python tests/support/orxe.py PACKAGE_DIR` rewrites `tests/fixtures/expr/orxe_expected.json`, which
tests/test_expr_odk.py checks Jaring against (and, with node at hand, against the evaluator again).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "expr" / "orxe_expected.json"
ZONE = "Asia/Jakarta"  # +07:00 all year (WIB), so the expected values do not move with daylight saving
PACKAGE = "openrosa-xpath-evaluator"
CACHE = Path(os.environ.get("ORXE_DIR", "/work/.cache/orxe"))

_Q = r"""(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`([^`$]*)`)"""
_STRING = re.compile(rf"assertStringValue\(\s*{_Q}\s*,\s*{_Q}\s*\)")
_NUMBER = re.compile(rf"assertNumberValue\(\s*{_Q}\s*,\s*(-?[0-9.]+(?:e-?[0-9]+)?|NaN)\s*\)")
_BOOL = re.compile(rf"assert(True|False)\(\s*{_Q}\s*\)")

# name -> (expression, result type): what the suite's literal cases leave out
EXTRA_CASES = [
    ("round(-1.5)", "number"), ("round(-2.5)", "number"), ("round(2.5)", "number"), ("round(1234.5678, 2)", "number"),
    ("round(1234.5678, -2)", "number"), ("round(-1.55, 1)", "number"), ("round(2.15, 1)", "number"),
    ('substr("hello", -2)', "string"), ('substr("hello", -3, -1)', "string"), ('substr("hello", 1, 100)', "string"),
    ("selected(' a b ', 'a')", "boolean"), ("selected('a b', ' b ')", "boolean"), ("selected('a b', '')", "boolean"),
    ("selected('', '')", "boolean"), ("selected('', 'a')", "boolean"),
    ("date('2001-1-1')", "string"), ("date('2001-01-01')", "number"), ("date('2001-02-30')", "string"),
    ("date(20)", "string"), ("15.", "number"), ("15. + 0.5", "number"), (".5 * 2", "number"),
    ("now() > date('2020-01-01')", "boolean"), ("date-time('2001-01-01T12:00:00+07:00')", "string"),
    ("date-time(11323.5)", "string"), ("decimal-date-time('2001-01-01T12:00:00+07:00')", "number"),
    ("decimal-date-time('2001-01-01T00:00:00Z')", "number"), ("decimal-time('06:00:00.000+07:00')", "number"),
    ("decimal-time('12:00:00.000+00:00')", "number"), ("decimal-time('25:00:00.000+07:00')", "number"),
    ("format-date('2001-12-31', '%Y/%n/%e %b %a %d %m %y')", "string"),
    ("format-date-time('2001-12-31T10:20:30.456+07:00', '%H:%M:%S.%3 %h')", "string"),
    ("format-date-time('2001-12-31T00:20:30+00:00', '%Y-%m-%d %H:%M')", "string"),
    ("format-date('', '%Y')", "string"), ("normalize-space('  a \t b  ')", "string"),
    ("substring-before('2001-12-31', '-')", "string"), ("substring-after('2001-12-31', '-')", "string"),
    ("substring-before('abc', 'x')", "string"), ("substring-after('abc', 'x')", "string"),
    ("translate('bar', 'abc', 'ABC')", "string"), ("translate('--aaa--', 'abc-', 'ABC')", "string"),
    ("join(', ', 'a', 'b', 'c')", "string"), ("boolean-from-string('true')", "boolean"),
    ("boolean-from-string('1')", "boolean"), ("boolean-from-string('yes')", "boolean"),
    ("pow(2, 10)", "number"), ("pow(2, 0.5)", "number"), ("pow(-8, 0.5)", "number"), ("sqrt(16)", "number"),
    ("sqrt(-1)", "number"), ("log(10)", "number"), ("log10(1000)", "number"), ("exp(1)", "number"),
    ("exp10(2)", "number"), ("sin(pi() div 2)", "number"), ("cos(0)", "number"), ("tan(1)", "number"),
    ("asin(1)", "number"), ("acos(0.5)", "number"), ("atan(1)", "number"), ("atan2(1, 1)", "number"),
    ("pi()", "number"), ("digest('abc', 'SHA-256', 'hex')", "string"), ("digest('abc', 'MD5', 'base64')", "string"),
    ("digest('abc', 'SHA-1')", "string"), ("digest('Jaring', 'SHA-512', 'hex')", "string"),
    ("area('7.25 112.75 0 0;7.25 112.76 0 0;7.26 112.76 0 0;7.26 112.75 0 0;7.25 112.75 0 0')", "number"),
    ("distance('-6.2 106.8 0 0;-6.3 106.9 0 0;-6.3 107 0 0')", "number"), ("distance('91 0;0 0')", "number"),
    ("checklist(1, 2, true(), false(), true())", "boolean"), ("checklist(-1, 1, true(), true())", "boolean"),
    ("weighted-checklist(3, 3, true(), 2, true(), 1, false(), 5)", "boolean"),
    ("weighted-checklist(-1, 2, true(), 2, true(), 1)", "boolean"), ("string-length('Jaring')", "number"),
    ("if('', 1, 2)", "number"), ("if('a', 1, 2)", "number"), ("number('12.5')", "number"),
    ("coalesce('', 'b')", "string"), ("concat('a', 1, true())", "string"), ("int(-1.7)", "number"),
]  # fmt: skip


# XPath 1.0 functions the evaluator hands to the browser's own XPath (which node lacks): the values XPath 1.0
# (https://www.w3.org/TR/1999/REC-xpath-19991116/#section-String-Functions) gives, as its examples show
NATIVE = {
    "substring-before('2001-12-31', '-')": "2001", "substring-after('2001-12-31', '-')": "12-31",
    "substring-before('abc', 'x')": "", "substring-after('abc', 'x')": "",
    "translate('bar', 'abc', 'ABC')": "BAr", "translate('--aaa--', 'abc-', 'ABC')": "AAA",
}  # fmt: skip


def _text(groups: tuple) -> str:
    raw = next((g for g in groups if g is not None), "")
    return raw.encode("utf-8").decode("unicode_escape") if "\\" in raw else raw


def harvest(package_dir: Path) -> list[dict]:
    """The suite's literal-only cases, each with the spec file it came from."""
    cases: list[dict] = []
    specs = sorted((package_dir / "test" / "integration" / "openrosa-xpath").glob("*.spec.js"))
    for spec in specs:
        source = f"{PACKAGE} test/integration/openrosa-xpath/{spec.name}"
        text = spec.read_text(encoding="utf-8")
        for m in _STRING.finditer(text):
            cases.append({"expr": _text(m.groups()[0:3]), "type": "string", "source": source})
        for m in _NUMBER.finditer(text):
            cases.append({"expr": _text(m.groups()[0:3]), "type": "number", "source": source})
        for m in _BOOL.finditer(text):
            cases.append({"expr": _text(m.groups()[1:4]), "type": "boolean", "source": source})
    cases += [
        {"expr": e, "type": t, "source": "EXTRA_CASES in tests/support/orxe.py"} for e, t in EXTRA_CASES
    ]
    seen, unique = set(), []
    for case in cases:
        if (case["expr"], case["type"]) not in seen and "/" not in case["expr"].replace("div", ""):
            seen.add((case["expr"], case["type"]))
            unique.append(case)
    return unique


def node_available(package_dir: Path = CACHE) -> str | None:
    """Why the evaluator cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (package_dir / "node_modules" / PACKAGE / "package.json").exists():
        return f"{PACKAGE} is not installed in {package_dir} (npm install {PACKAGE} there, or set ORXE_DIR)"
    return None


def evaluate(cases: list[dict], package_dir: Path = CACHE) -> list[dict]:
    """Each case's result from the evaluator: {"v": value} or {"error": message}."""
    payload = json.dumps([[c["expr"], c["type"]] for c in cases])
    env = {**os.environ, "TZ": ZONE, "ORXE_DIR": str(package_dir)}
    done = subprocess.run(
        ["node", str(HERE / "orxe_eval.js")],
        input=payload,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


def main(argv: list[str]) -> int:
    package_root = Path(argv[1]) if len(argv) > 1 else CACHE
    cases = harvest(package_root / "node_modules" / PACKAGE)
    results = evaluate(cases, package_root)
    version = json.loads((package_root / "node_modules" / PACKAGE / "package.json").read_text())["version"]
    rows = []
    for case, result in zip(cases, results, strict=True):
        if case["expr"] in NATIVE:
            case = {**case, "expected": NATIVE[case["expr"]], "source": "XPath 1.0 (native in the evaluator)"}
        elif "error" in result:
            case = {**case, "error": result["error"]}
        else:
            case = {**case, "expected": result["v"]}
        rows.append(case)
    FIXTURE.write_text(
        json.dumps(
            {"package": f"{PACKAGE}@{version}", "zone": ZONE, "licence": "Apache-2.0", "cases": rows},
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} cases, {sum('error' in r for r in rows)} refused by the evaluator -> {FIXTURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
