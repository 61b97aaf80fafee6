"""`jaring selfcheck`: proves an installed copy works — run by the packaging smoke test on the bundle.

Each check is a small function returning a detail string or raising; the command prints one line per
check and exits 0 only when all pass. Checks grow as parts land (store, forms, receipts, sync).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import resources


def check_resources(workdir: Path) -> str:
    needed = [resources.path("fonts", "DejaVuSans.ttf"), resources.path("icons", "jaring.png")]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise RuntimeError(f"missing resources: {missing}")
    return f"{len(needed)} resource files"


def check_window(workdir: Path) -> str:
    from app.ui.selfcheck import render_main_window

    png = render_main_window(workdir / "window.png")
    return f"main window rendered ({png.stat().st_size} bytes PNG)"


def check_forms(workdir: Path) -> str:
    """Every shipped form loads and a sample record of each kind validates without errors."""
    import random
    from datetime import date

    from forms.registry import default_registry
    from forms.samples import make_complaint, make_household
    from forms.validate import validate

    registry = default_registry()
    forms = registry.all()
    rng, today, desa = random.Random(1), date(2026, 11, 1), "62.03.01.2011"
    samples = {"household": make_household(rng, desa, today), "complaint": make_complaint(rng, desa, today)}
    for kind, answers in samples.items():
        form = next(f for f in forms if f.kind == kind)
        errors = validate(form, answers, today=today).errors
        if errors:
            raise RuntimeError(f"{form.key}: {errors[0].en}")
    return f"{len(forms)} forms loaded, samples valid"


def check_store(workdir: Path) -> str:
    """An encrypted store is created, saves a household, refuses a wrong password and reopens with the data."""
    import random
    from datetime import date

    from app.services import records
    from app.store.errors import WrongPassword
    from app.store.store import Store
    from forms.samples import make_household

    desa = "62.03.01.2011"
    with closing(Store.init(workdir / "store", "selfcheck", "selfcheck-password", area=desa)[0]) as store:
        saved = records.save_household(store, make_household(random.Random(2), desa, date(2026, 11, 1)))
    try:
        Store.open(workdir / "store", "selfcheck", "wrong-password").close()
    except WrongPassword:
        pass
    else:
        raise RuntimeError("a wrong password opened the store")
    with closing(Store.open(workdir / "store", "selfcheck", "selfcheck-password")) as store:
        record = records.open_record(store, saved.record_id)
    return f"encrypted store ok (household with {len(record.answers.get('anggota', {}))} members reopened)"


def check_receipt(workdir: Path) -> str:
    """A complaint saved in a store gets a reference, and its receipt PDF carries it in the shipped font."""
    import random
    from datetime import date

    from pypdf import PdfReader

    from app.services import complaints, records
    from app.store.store import Store
    from app.ui.receipt import ensure_gui, render_receipt_pdf
    from forms.samples import make_complaint

    desa = "62.03.01.2011"
    with closing(
        Store.init(workdir / "receipt-store", "selfcheck", "selfcheck-password", area=desa)[0]
    ) as store:
        saved = records.save_complaint(store, make_complaint(random.Random(3), desa, date(2026, 11, 1)))
        info = complaints.receipt(store, saved.record_id)
    ensure_gui()
    pdf = render_receipt_pdf(info, workdir / "receipt.pdf")
    reader = PdfReader(pdf)
    text = reader.pages[0].extract_text().replace("\t", " ")
    if info.reference not in text:
        raise RuntimeError(f"reference {info.reference} not in the receipt PDF")
    fonts = {
        str(f.get_object().get("/BaseFont", "")) for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    if not any("DejaVu" in f for f in fonts):
        raise RuntimeError(f"receipt not set in the shipped font: {sorted(fonts)}")
    return f"receipt {info.reference} ({pdf.stat().st_size} bytes PDF, DejaVu)"


CHECKS: list[tuple[str, Callable[[Path], str]]] = [
    ("resources", check_resources),
    ("forms", check_forms),
    ("store", check_store),
    ("window", check_window),
    ("receipt", check_receipt),
]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("selfcheck", help="periksa instalasi ini / check this installation")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="jaring-selfcheck-") as tmp:
        for name, check in CHECKS:
            try:
                detail = check(Path(tmp))
            except Exception as exc:  # report every failing check, not just the first
                failures += 1
                print(f"GAGAL/FAIL {name}: {type(exc).__name__}: {exc}")
            else:
                print(f"OK   {name}: {detail}")
    print("selfcheck: " + ("semua baik / all good" if not failures else f"{failures} gagal / failed"))
    return 1 if failures else 0
