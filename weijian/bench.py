"""`weijian bench import`: generate a county, import it into SQLite and PostgreSQL, print figures.

Each import runs as its own `weijian import all` process, so the figures are what a user
gets from the command line: wall time, rows per second and the process's peak memory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("divisions", "persons", "births")


def run_bench(args) -> int:
    from weijian.synth import Spec, generate

    with tempfile.TemporaryDirectory(prefix="weijian-bench-") as folder:
        source, files = Path(folder) / "generated", Path(folder) / "import"
        source.mkdir()
        files.mkdir()
        started = time.perf_counter()
        counts = generate(Spec(persons=args.persons, villages=args.villages, years=1, seed=1), source)
        print(f"generate: {counts['persons']:,} persons, {counts['births']:,} births "
              f"in {time.perf_counter() - started:.1f} s")
        for kind in KINDS:
            shutil.copy(source / f"{kind}.csv", files / f"{kind}.csv")
        rows = sum(counts[k] for k in KINDS)
        targets = []
        if args.database in ("sqlite", "both"):
            targets.append(("SQLite", {"WEIJIAN_DATA_DIR": str(Path(folder) / "sqlite")}))
        if args.database in ("postgresql", "both"):
            url = args.postgres_url or _default_pg_url()
            if url:
                targets.append(("PostgreSQL", {"DATABASE_URL": _fresh_pg_database(url)}))
            else:
                print("PostgreSQL: skipped (set WEIJIAN_BENCH_PG_URL or run scripts/postgres.sh)")
        for label, env in targets:
            _measure(label, files, rows, env)
    return 0


def _measure(label: str, folder: Path, rows: int, extra_env: dict) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | extra_env
    command = [sys.executable, "-m", "weijian.cli"]
    subprocess.run([*command, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    # The child reports its own peak memory (see _child_main below).
    done = subprocess.run([sys.executable, "-m", "weijian.bench", "import", "all", str(folder)],
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"{label}: import failed\n{done.stdout}{done.stderr[:2000]}")
        return
    peak_kb = int(done.stdout.rsplit("PEAK_KB", 1)[1])
    print(f"{label}: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s, "
          f"peak memory {peak_kb / 1024:.0f} MB")


def _child_main() -> int:
    """`python -m weijian.bench ARGS`: run `weijian ARGS`, then print the peak memory."""
    import resource

    from weijian.cli import main

    code = main(sys.argv[1:])
    print(f"PEAK_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    return code


def _default_pg_url() -> str:
    return os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""


def _fresh_pg_database(url: str, suffix: str = "_bench") -> str:
    """Drop and create `<db>_bench` (`<db>` + `suffix`) next to the database `<db>` in `url`; return its URL.

    Named after the given database so that benchmarks of different checkouts sharing one
    server do not drop each other's database.
    """
    bench_url, _ = bench_database(url, suffix)
    recreate_pg_database(bench_url)
    return bench_url


def recreate_pg_database(url: str) -> None:
    """Drop and create the database named in `url`, from the server's maintenance database."""
    import psycopg
    from psycopg import sql

    name = url.rpartition("/")[2].partition("?")[0]
    with psycopg.connect(url, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_database(url: str, suffix: str = "_bench") -> tuple[str, str]:
    """(URL, name) of the bench database for the database in `url`: its name + `suffix`."""
    base, _, rest = url.rpartition("/")
    name, _, query = rest.partition("?")
    bench = f"{name or 'weijian'}{suffix}"
    return f"{base}/{bench}" + (f"?{query}" if query else ""), bench


if __name__ == "__main__":
    sys.exit(_child_main())
