"""The SPM report as a PDF (one A4 page: title, period, area, a table and a bar chart of needed vs served per
service), written directly in PDF operators with the standard Helvetica font — the server carries no PDF
library. Text is Windows-1252, the fonts' WinAnsi encoding (Indonesian needs nothing more); anything else
becomes "?"."""

from __future__ import annotations

A4 = (595, 842)
NEEDED_RGB = "0.75 0.78 0.85"
SERVED_RGB = "0.13 0.42 0.62"


def _text(value: str) -> str:
    raw = value.encode("cp1252", "replace").decode("cp1252")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _line(x: float, y: float, text: str, size: int = 10, bold: bool = False) -> str:
    return f"BT /{'F2' if bold else 'F1'} {size} Tf {x:.1f} {y:.1f} Td ({_text(text)}) Tj ET\n"


def _wrap(text: str, most: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > most and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def spm_pdf(title: str, subtitle: str, headers: list[str], rows: list[tuple[str, int, int]],
            legend: tuple[str, str], footer: str) -> bytes:  # fmt: skip
    """`rows`: (service name, persons who needed it, persons served). Long because one page is drawn top to
    bottom: the heading, the table, the chart and its legend."""
    ops = [_line(50, 790, title, 16, True), _line(50, 770, subtitle, 10)]
    y = 740
    widths = (300, 80, 80, 60)
    x = 50
    for header, width in zip(headers, widths, strict=True):
        ops.append(_line(x, y, header, 9, True))
        x += width
    y -= 6
    ops.append(f"0.5 w 50 {y:.1f} m 545 {y:.1f} l S\n")
    for name, needed, served in rows:
        lines = _wrap(name, 58)
        y -= 14
        share = f"{served * 100 / needed:.1f} %" if needed else "-"
        for i, part in enumerate(lines):
            ops.append(_line(50, y - 12 * i, part, 9))
        ops += [_line(350, y, str(needed), 9), _line(430, y, str(served), 9), _line(510, y, share, 9)]
        y -= 12 * (len(lines) - 1) + 4
    # the chart: one pair of bars per service, needed (light) beside served (dark)
    top = max([n for _, n, _ in rows] + [1])
    base, height, left = y - 250, 200, 70
    ops.append(f"0.5 w {left} {base} m {left} {base + height + 10} l S {left} {base} m 545 {base} l S\n")
    ops.append(_line(30, base + height, str(top), 8))
    ops.append(_line(55, base - 3, "0", 8))
    slot = (545 - left) / max(len(rows), 1)
    for i, (name, needed, served) in enumerate(rows):
        x0 = left + i * slot + slot * 0.15
        w = slot * 0.32
        for j, (value, rgb) in enumerate(((needed, NEEDED_RGB), (served, SERVED_RGB))):
            h = height * value / top
            ops.append(f"{rgb} rg {x0 + j * w:.1f} {base} {w:.1f} {h:.1f} re f 0 0 0 rg\n")
            ops.append(_line(x0 + j * w, base + h + 3, str(value), 7))
        for k, part in enumerate(_wrap(name, int(slot / 4.2))[:3]):
            ops.append(_line(left + i * slot + 4, base - 14 - 9 * k, part, 7))
    ly = base - 60
    for j, (label, rgb) in enumerate(zip(legend, (NEEDED_RGB, SERVED_RGB), strict=True)):
        ops.append(f"{rgb} rg {left + j * 160} {ly} 10 10 re f 0 0 0 rg\n")
        ops.append(_line(left + j * 160 + 14, ly + 1, label, 9))
    ops.append(_line(50, 40, footer, 8))
    return _document("".join(ops).encode("cp1252"))


def _document(content: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
