"""What bench/district.py measures over one built district: console pages through a real `jaring-server serve`
(logged in as an admin), exports (each in a fresh serve process, its peak RSS read from /proc), `import-list`
of a list as big as the district (a child process into a throwaway schema, its peak RSS from wait4) and the
duplicate finder (in this process).

The pages and exports are the lists PAGES and EXPORTS below: a page another change adds is one line there.
"""

from __future__ import annotations

import csv
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests
from sqlalchemy.engine import make_url

from bench.support.district_build import household, schema_url, villages
from server.core.db import get_engine, session_scope
from server.crud import duplicates
from server.crud.accounts import create_user
from server.errors import ApiError
from support.server_db import dispose_engines_of, free_port

ADMIN, PASSWORD = "bench.admin", "bench-password-panjang"

# (label, path): {household}, {complaint}, {reference}, {code}, {desa}, {kecamatan}, {name}, {nik} are filled
# from the district's own rows. A path answering 404 is reported as missing, not measured.
PAGES = [
    ("dashboard", "/console/"),
    ("complaints work list", "/console/complaints"),
    ("complaints: open, one desa, overdue", "/console/complaints?status=open&area={desa}&overdue=1"),
    ("complaints: one kecamatan, urgent", "/console/complaints?area={kecamatan}&urgency=mendesak"),
    ("complaints: by reference", "/console/complaints?q={reference}"),
    ("complaints: page 20", "/console/complaints?page=20"),
    ("one complaint", "/console/complaints/{complaint}"),
    ("records", "/console/records"),
    ("records: one desa", "/console/records?desa={desa}"),
    ("records: page 200", "/console/records?p=200"),
    ("persons search: name", "/console/records?q={name}"),
    ("persons search: NIK", "/console/records?q={nik}"),
    ("persons page: name", "/console/persons?q={name}"),
    ("household view", "/console/records/{household}"),
    ("duplicates", "/console/quality/duplicates"),
    ("review", "/console/quality/review"),
    ("no-NIK", "/console/quality/no-nik"),
    ("devices", "/console/devices"),
    ("deadlines", "/console/deadlines"),
    ("public status page", "/status?ref={reference}&code={code}"),
]

# (label, path, rows counted as): every export of the whole district a console user can ask for.
EXPORTS = [
    ("persons CSV", "/console/persons?format=csv", "persons"),
    ("persons XLSX", "/console/persons?format=xlsx", "persons"),
    ("households CSV", "/console/records?format=csv", "households"),
    ("households XLSX", "/console/records?format=xlsx", "households"),
    ("no-NIK persons CSV", "/console/quality/no-nik?format=csv", "no_nik"),
    ("complaints XLSX", "/console/complaints/export?format=xlsx", "complaints"),
    ("duplicate pairs CSV", "/console/quality/duplicates?format=csv", "persons"),
]
SHORT_WAIT = {"duplicate pairs CSV": 180}  # seconds without a byte before giving up (330,000: it hung once)


def sample_values(url: str) -> dict[str, str]:
    """Values for the PAGES' placeholders, taken from the district's rows (the middle of each table)."""
    from sync.reference import status_code

    u = make_url(url)
    schema = u.query["options"].split("=", 1)[1]
    with psycopg.connect(
        f"host={u.host} port={u.port or 5432} user={u.username} dbname={u.database}"
    ) as conn:
        conn.execute(f'SET search_path = "{schema}"')
        one = conn.execute
        count = one("SELECT count(*) FROM record WHERE kind = 'household'").fetchone()[0]
        household = one("SELECT id FROM record WHERE kind = 'household' ORDER BY id OFFSET %s LIMIT 1",
                        (count // 2,)).fetchone()[0]  # fmt: skip
        complaint, reference = one("SELECT id, reference FROM record WHERE kind = 'complaint' ORDER BY id "
                                   "LIMIT 1").fetchone()  # fmt: skip
        nik, name_key = one("SELECT nik, name_key FROM person WHERE nik IS NOT NULL ORDER BY record_id "
                            "OFFSET %s LIMIT 1", (count // 3,)).fetchone()  # fmt: skip
        desa = one("SELECT area FROM complaint_state GROUP BY area ORDER BY count(*) DESC LIMIT 1").fetchone()
    return {"household": household, "complaint": complaint, "reference": reference, "code": status_code(complaint),
            "desa": desa[0] if desa else villages()[0], "kecamatan": villages()[0][:8], "nik": nik,
            "name": name_key.title()}  # fmt: skip


def persons_of(url: str) -> dict[str, int]:
    u = make_url(url)
    schema = u.query["options"].split("=", 1)[1]
    with psycopg.connect(
        f"host={u.host} port={u.port or 5432} user={u.username} dbname={u.database}"
    ) as conn:
        conn.execute(f'SET search_path = "{schema}"')
        rows = conn.execute("SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM record WHERE kind = "
                            "'household'), (SELECT count(*) FROM person WHERE nik IS NULL), (SELECT count(*) "
                            "FROM record WHERE kind = 'complaint')").fetchone()  # fmt: skip
    return dict(zip(("persons", "households", "no_nik", "complaints"), rows, strict=True))


def ensure_admin(url: str) -> None:
    with session_scope(get_engine(url)) as session:
        try:
            create_user(session, username=ADMIN, password=PASSWORD, role="admin", actor="bench")
        except ApiError:
            pass  # made by an earlier run


class Server:
    """A real `jaring-server serve` on a free loopback port over `url`; `peak_rss()` reads its VmHWM."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        script = Path(sys.executable).with_name("jaring-server")
        env = {**os.environ, "JARING_SERVER_DATA_DIR": str(data_dir), "JARING_DATABASE_URL": url,
               "FORWARDED_ALLOW_IPS": "127.0.0.1"}  # fmt: skip
        self.process = subprocess.Popen([str(script), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{self.base}/api/v1/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start: {self.process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        self.http = requests.Session()
        form = self.http.get(f"{self.base}/console/login").text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
        answer = self.http.post(f"{self.base}/console/login", data={"username": ADMIN, "password": PASSWORD,
                                                                   "csrf": csrf}, allow_redirects=False)  # fmt: skip
        if answer.status_code != 303:
            raise RuntimeError(f"the bench's admin could not log in: {answer.status_code}")

    def peak_rss(self) -> int:
        """The serve process's peak resident memory so far, bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class PageFigure:
    p50: float | None  # seconds; None: the page is not there (404) or failed
    p95: float | None
    note: str = ""


def measure_pages(
    server: Server, values: dict[str, str], repeat: int, only: set[str]
) -> dict[str, PageFigure]:
    """Each page (of `only`, when given) `repeat` times after one warm-up request; p50 and p95 of the wall time."""
    out = {}
    for number, (label, template) in enumerate(PAGES):
        if only and label not in only:
            continue
        path = template.format(**values)
        times = []
        for i in range(repeat + 1):
            headers = {
                "X-Forwarded-For": f"10.{number}.{i // 250}.{i % 250 + 1}"
            }  # the status page's throttle
            started = time.perf_counter()
            answer = server.http.get(server.base + path, headers=headers, timeout=600)
            elapsed = time.perf_counter() - started
            if answer.status_code != 200:
                out[label] = PageFigure(None, None, f"HTTP {answer.status_code}")
                break
            if i:
                times.append(elapsed)
        else:
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
            out[label] = PageFigure(statistics.median(times), p95)
        figure = out[label]
        print(f"    {label}: " + (figure.note or f"p50 {figure.p50 * 1000:,.1f} ms, p95 {figure.p95 * 1000:,.1f} ms"),
              flush=True)  # fmt: skip
    return out


@dataclass
class JobFigure:
    seconds: float | None
    rows: int
    peak_rss: int  # bytes
    note: str = ""

    @property
    def per_row(self) -> float | None:
        return self.seconds / self.rows if self.seconds and self.rows else None


def measure_exports(url: str, data_dir: Path, counts: dict[str, int]) -> dict[str, JobFigure]:
    """Each export in a fresh serve process (so its peak RSS is the export's), the body read and dropped."""
    out = {}
    for label, path, rows in EXPORTS:
        server = Server(url, data_dir)
        try:
            started = time.perf_counter()
            answer = server.http.get(server.base + path, timeout=SHORT_WAIT.get(label, 3600), stream=True)
            size = sum(len(chunk) for chunk in answer.iter_content(1 << 20))
            seconds = time.perf_counter() - started
            if answer.status_code != 200 or "html" in answer.headers.get("content-type", ""):
                out[label] = JobFigure(None, 0, 0, f"HTTP {answer.status_code}, no file")
            else:
                out[label] = JobFigure(seconds, counts[rows], server.peak_rss(), f"{size / 1e6:.0f} MB")
        except requests.RequestException as err:
            out[label] = JobFigure(None, 0, 0, f"failed: {type(err).__name__}")
        finally:
            server.close()
        f = out[label]
        print(f"    {label}: {f.seconds or 0:,.1f} s, {f.rows:,} rows, peak {f.peak_rss / 2**20:,.0f} MB {f.note}",
              flush=True)  # fmt: skip
    return out


def write_list(path: Path, households: int) -> int:
    """The district's households as a DTKS list (CSV, one row per person); the number of rows."""
    desas, rows = villages(), 0
    columns = [
        "desa",
        "no_kk",
        "kepala_keluarga",
        "nama",
        "nik",
        "jenis_kelamin",
        "tanggal_lahir",
        "hubungan",
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for serial in range(households):
            answers = household(serial, desas)
            for m in answers["anggota"].values():
                writer.writerow([answers["alamat"]["desa"], answers["no_kk"], answers["kepala_keluarga"], m["nama"],
                                 m.get("nik", ""), m["jenis_kelamin"], m["tanggal_lahir"], m["hubungan"]])  # fmt: skip
                rows += 1
    return rows


def measure_import(db_url: str, list_path: Path, rows: int, data_dir: Path, label: str) -> JobFigure:
    """`jaring-server import-list` of the list into a new schema (dropped after), in a child process."""
    schema = f"import_{label}"
    u = make_url(db_url)
    dsn = f"host={u.host} port={u.port or 5432} user={u.username} dbname={u.database}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = schema_url(db_url, schema)
    from server.core.migrate import migrate

    migrate(url)  # the schema made before the clock starts: the import measures importing
    dispose_engines_of(schema)
    env = {**os.environ, "JARING_SERVER_DATA_DIR": str(data_dir), "JARING_DATABASE_URL": url}
    script = Path(sys.executable).with_name("jaring-server")
    try:
        started = time.perf_counter()
        child = subprocess.Popen([str(script), "import-list", str(list_path)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        note = "" if child.returncode in (0, 1) else f"exit {child.returncode}"
        return JobFigure(seconds if not note else None, rows, usage.ru_maxrss * 1024, note)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def measure_duplicates(url: str, persons: int, repeat: int) -> JobFigure:
    """The duplicate finder over the whole district: every pair found and counted, the first 100 read (what
    the duplicates page asks; the export of every pair is in EXPORTS), best of `repeat`."""
    best, found = None, 0
    peak = [0]

    def sample() -> None:  # this process's RSS while the finder runs
        while not done.is_set():
            text = Path("/proc/self/status").read_text()
            peak[0] = max(peak[0], int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1)) * 1024)
            time.sleep(0.05)

    done = threading.Event()
    threading.Thread(target=sample, daemon=True).start()
    for _ in range(repeat):
        with session_scope(get_engine(url)) as session:
            started = time.perf_counter()
            found = duplicates.candidates(session, scope="", limit=100)[1]
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    done.set()
    return JobFigure(best, persons, peak[0], f"{found:,} pairs")
