"""`weijian bench web`: logged-in clients browse the demo township; print throughput and latency.

The demo township is prepared in a temporary data folder (`weijian demo --no-serve`), served by
`weijian serve` on a free loopback port, both in their own processes; then `--clients` clients
(20) log in as the demo user and for `--seconds` (60) each loops over the pages of `PAGES`,
one request at a time. Figures: requests per second and p50/p95/p99 latency, overall and per
page kind; any answer but 200 counts as an error.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

# kind -> URL template; {page}, {q} and {person} are filled per request. Adjust as pages change.
PAGES = {
    "dashboard": "/",
    "persons": "/register/persons/?page={page}",
    "search": "/register/persons/?q={q}",
    "person": "/register/persons/{person}/",
    "imports": "/imports/",
}
DEFAULT_PAGES = ("dashboard", "persons", "search", "person")
LIST_PAGES = 20  # ?page= is drawn from 1..LIST_PAGES
DEMO_LOGIN = ("demo", "weijian-demo")
SAMPLE = 1000  # persons whose pages are visited


@dataclass
class Sample:
    """What the clients browse: person ids and search texts from the database."""

    persons: list[int] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


def run_bench(args) -> int:
    from weijian.bench import _default_pg_url, _fresh_pg_database

    pages = tuple(args.pages.split(",")) if args.pages else DEFAULT_PAGES
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        print(f"未知的页面类别：{', '.join(unknown)}（可选 {', '.join(PAGES)}）", file=sys.stderr)
        return 2
    targets = []
    if args.database in ("sqlite", "both"):
        targets.append(("SQLite", {}))
    if args.database in ("postgresql", "both"):
        url = args.postgres_url or _default_pg_url()
        if url:
            targets.append(("PostgreSQL", {"DATABASE_URL": _fresh_pg_database(url, suffix="_bench_web")}))
        else:
            print("PostgreSQL: skipped (set WEIJIAN_BENCH_PG_URL or run scripts/postgres.sh)")
    for label, extra in targets:
        with tempfile.TemporaryDirectory(prefix="weijian-bench-web-") as folder:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | extra
            env["WEIJIAN_DATA_DIR"] = folder
            bench_one(label, env, pages, clients=args.clients, seconds=args.seconds, workers=args.workers,
                      threads=args.threads)
    return 0


def bench_one(label: str, env: dict, pages: tuple[str, ...], *, clients: int, seconds: float,
              workers: int = 1, threads: int = 2) -> None:
    command = [sys.executable, "-m", "weijian.cli"]
    started = time.perf_counter()
    subprocess.run([*command, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    sample = Sample(**json.loads(subprocess.run([sys.executable, "-m", "weijian.web.bench", "sample"], env=env,
                                                check=True, capture_output=True, text=True).stdout))
    print(f"{label}: demo township ready in {time.perf_counter() - started:.0f} s")
    port = free_port()
    log = Path(env["WEIJIAN_DATA_DIR"]) / "serve.log"  # waitress's queue-depth warnings go here
    with open(log, "wb") as output:
        server = subprocess.Popen([*command, "serve", "--port", str(port), "--workers", str(workers),
                                   "--threads", str(threads)], env=env,
                                  stdout=output, stderr=output)
        try:
            wait_for_server(port)
            tally = measure("127.0.0.1", port, pages, sample, clients=clients, seconds=seconds)
        except RuntimeError:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{label}: {clients} clients for {seconds:g} s, {workers} server process(es) of {threads} thread(s)")
    print(report(tally, seconds))


def measure(host: str, port: int, pages: tuple[str, ...], sample: Sample, *, clients: int, seconds: float,
            login: tuple[str, str] = DEMO_LOGIN) -> Tally:
    """Log `clients` clients in, then let each browse `pages` in turn for `seconds`."""
    tally = Tally()
    sessions = [Client(host, port) for _ in range(clients)]
    for client in sessions:
        client.log_in(*login)
    deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=browse, args=(client, pages, sample, tally, deadline, n))
               for n, client in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def browse(client: Client, pages: tuple[str, ...], sample: Sample, tally: Tally, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    turn = seed
    while time.perf_counter() < deadline:
        kind = pages[turn % len(pages)]
        turn += 1
        url = PAGES[kind].format(
            page=rng.randint(1, LIST_PAGES), q=quote(rng.choice(sample.queries or [""])),
            person=rng.choice(sample.persons or [0]),
        )
        started = time.perf_counter()
        status = client.get(url)
        tally.add(kind, time.perf_counter() - started, status == 200)


class Client:
    """One browser: a keep-alive connection and its cookies (session and CSRF)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(host, port, timeout=60)

    def log_in(self, username: str, password: str) -> None:
        page = self.request("GET", "/accounts/login/")[1].decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = f"username={username}&password={password}&csrfmiddlewaretoken={token}&next=/"
        status, _ = self.request("POST", "/accounts/login/", form.encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed (HTTP {status})")

    def get(self, url: str) -> int:
        try:
            return self.request("GET", url)[0]
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            return 0

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, url, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content


def report(tally: Tally, seconds: float) -> str:
    lines = [f"{'page':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"]
    every = [t for times in tally.latencies.values() for t in times]
    rows = [(kind, times, tally.errors[kind]) for kind, times in tally.latencies.items()]
    rows.append(("all", every, sum(tally.errors.values())))
    for kind, times, errors in rows:
        p50, p95, p99 = (percentile(times, q) * 1000 for q in (50, 95, 99))
        lines.append(f"{kind:<10} {len(times):>9,} {len(times) / seconds:>8.1f} {p50:>8.1f} {p95:>8.1f} "
                     f"{p99:>8.1f} {errors:>7}")
    return "\n".join(lines)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"weijian serve did not start on port {port}")


def _sample_main() -> None:
    """`python -m weijian.web.bench sample`: print person ids and search texts as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weijian.settings")
    import django

    django.setup()
    from weijian.register.models import Person

    rows = list(Person.objects.order_by("pk").values_list("pk", "name")[:SAMPLE * 10:10])
    print(json.dumps({"persons": [pk for pk, _ in rows], "queries": sorted({name[:1] for _, name in rows if name})}))


if __name__ == "__main__" and sys.argv[1:] == ["sample"]:
    _sample_main()
