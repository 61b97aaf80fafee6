"""A household of four (housing, assets, a photo) entered through the form window, counted in input events
— clicks, key presses, wheel notches — before and after issue #27, in the same run.

scripts/household_input_driver.py drives the real form window (offscreen, a 1366×768 screen) with real
QTest events, the way a person does it on each UI: with the mouse (wheel to the question, click, type,
click the dropdown and its choice) and with the keyboard (the key that moves on, type, first letters of a
choice). "Before" is app/ui as it was at BEFORE (taken from git into a temporary folder) over the rest of
this tree; "after" is this tree. Each run's saved household is read back and checked. Without git history
the issue's own count of the old form (85 clicks, 380 keys, 120 wheel notches) stands in for "before",
and the output says so.

    .venv/bin/python bench/household_input.py
Target: after ≤ 50% of before, in total input events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "scripts" / "household_input_driver.py"
BEFORE = "5e159ff87146f3c82ce2613465acee3b77a99bd0"  # main just before issue #27's form work
ISSUE_FIGURES = {"clicks": 85, "keys": 380, "wheel": 120}
SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
                       "logicalBpi": 96, "dpr": 1}]}  # fmt: skip


def old_ui(into: Path) -> Path | None:
    """app/ui as it was at BEFORE, unpacked under `into`; None when this checkout has no such history."""
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "app/ui"], capture_output=True,
                                 check=True, timeout=60).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return into if (into / "app" / "ui" / "form_editor.py").exists() else None


def drive(style: str, screen: Path, old: Path | None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    env.pop("QT_SCALE_FACTOR", None)
    command = [sys.executable, str(DRIVER), "--style", style] + (["--old-ui", str(old)] if old else [])
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"driver failed ({style}, {'before' if old else 'after'}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def total(counts: dict) -> int:
    return counts["clicks"] + counts["keys"] + counts["wheel"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        screen = Path(tmp) / "screen.json"
        screen.write_text(json.dumps(SCREEN))
        old = old_ui(Path(tmp))
        rows: list[tuple[str, dict]] = []
        if old is not None:
            for style in ("mouse", "keyboard"):
                rows.append((f"before ({BEFORE[:7]}), {style}", drive(style, screen, old)))
        else:
            rows.append(("before (the issue's count; no git history here)", ISSUE_FIGURES))
        for style in ("mouse", "keyboard"):
            rows.append((f"after, {style}", drive(style, screen, None)))
    print("household of four with housing and a photo, input events:")
    print(f"  {'':44} {'clicks':>6} {'keys':>6} {'wheel':>6} {'total':>6}")
    for name, counts in rows:
        print(f"  {name:44} {counts['clicks']:6} {counts['keys']:6} {counts['wheel']:6} {total(counts):6}")
    before = {name.split(", ")[-1]: total(c) for name, c in rows if name.startswith("before")}
    after = {name.split(", ")[-1]: total(c) for name, c in rows if name.startswith("after")}
    worst_before = min(before.values())  # the fairest baseline: the cheaper way on the old form
    ratios = [f"{style}: {after[style] / before.get(style, worst_before):.2f}" for style in after]
    ratios.append(f"either way against the cheaper old way: {max(after.values()) / worst_before:.2f}")
    ratios.append(f"against the issue's 585: {max(after.values()) / total(ISSUE_FIGURES):.2f}")
    print("  after / before — " + "; ".join(ratios) + " (target ≤ 0.50)")


if __name__ == "__main__":
    main()
