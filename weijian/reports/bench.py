"""`weijian bench summary`: the time to write the work summary and the statistical tables.

Two cases, on each database asked for:

- the demo township (``weijian demo``'s data, built afresh in a temporary place);
- a synthetic county (``--persons``, ``--villages``), generated and imported exactly as
  ``weijian bench indicators`` does, sharing its ``--workdir`` and databases, so a county
  loaded for one bench is timed by the other without importing again.

Each case runs in a fresh process, timing ``write_summary`` (the .docx: engine, charts,
rendering), ``write_tables`` (the .xlsx), and the PDF where LibreOffice is installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from weijian.bench import _default_pg_url, bench_database, recreate_pg_database


def run_bench(args) -> int:
    from weijian.indicators.bench import _generated, _load
    from weijian.synth import Spec

    databases = []
    if args.database in ("sqlite", "both"):
        databases.append("SQLite")
    url = args.postgres_url or _default_pg_url()
    if args.database in ("postgresql", "both"):
        if url:
            databases.append("PostgreSQL")
        else:
            print("PostgreSQL: skipped (set WEIJIAN_BENCH_PG_URL or DATABASE_URL, or run scripts/postgres.sh)")
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}

    with tempfile.TemporaryDirectory(prefix="weijian-bench-summary-") as scratch:
        for label in databases:
            env = base | ({"WEIJIAN_DATA_DIR": scratch + "/demo"} if label == "SQLite" else
                          {"DATABASE_URL": bench_database(url, "_bench_summary_demo")[0]})
            if label == "PostgreSQL":
                recreate_pg_database(env["DATABASE_URL"])
            else:
                Path(env["WEIJIAN_DATA_DIR"]).mkdir()
            _report(f"{label} demo township", _child(env, "demo", args.pdf))

    spec = Spec(persons=args.persons, villages=args.villages, years=args.years, seed=1)
    folder = Path(args.workdir or Path(tempfile.gettempdir())
                  / f"weijian-bench-indicators-{spec.persons}-{spec.villages}-{spec.years}")
    folder.mkdir(parents=True, exist_ok=True)
    files = _generated(spec, folder / "csv")
    for label in databases:
        if label == "SQLite":
            env, done = base | {"WEIJIAN_DATA_DIR": str(folder / "sqlite")}, folder / "sqlite.done"
        else:
            bench_url, name = bench_database(url, "_bench_indicators")
            env, done = base | {"DATABASE_URL": bench_url}, folder / f"{name}.done"
        if not done.exists():
            if not _load(label, files, env):
                continue
            done.touch()
        _report(f"{label} county", _child(env, "county", args.pdf))
    return 0


def _child(env: dict, case: str, pdf: bool) -> dict | None:
    done = subprocess.run([sys.executable, "-m", "weijian.reports.bench", case, "pdf" if pdf else "-"],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"{case}: failed\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(label: str, f: dict | None) -> None:
    if f is None:
        return
    pdf = f" + PDF {f['pdf']:.2f} s" if f.get("pdf") is not None else ""
    print(f"{label}: {f['org']}, {f['persons']:,} persons, {f['villages']} villages, period {f['period']}: "
          f"summary {f['summary']:.2f} s ({f['kb']} KB, {f['problems']} problems), tables {f['tables']:.2f} s, "
          f"together {f['summary'] + f['tables']:.2f} s{pdf}")


def _child_main(case: str, pdf: bool) -> int:
    import time

    from weijian.cli import _setup_django, ensure_database

    _setup_django()
    ensure_database()
    from weijian.divisions.models import Division, Level
    from weijian.divisions.selectors import code_prefix
    from weijian.register.models import Person
    from weijian.reports.summary import write_summary
    from weijian.reports.tables import write_tables

    if case == "demo":
        from weijian.demo import build_demo

        build_demo()
        org = Division.objects.filter(level=Level.TOWNSHIP).order_by("code").first()
    else:
        org = Division.objects.filter(level=Level.COUNTY).order_by("code").first()
    from weijian.indicators.bench import last_statistical_year

    period = last_statistical_year()
    started = time.perf_counter()
    made = write_summary(period, org)
    summary_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        write_tables(period, org, Path(folder) / "tables.xlsx")
        tables_seconds = time.perf_counter() - started
    pdf_seconds = None
    if pdf:
        from weijian.reports.pdf import PdfError, to_pdf

        started = time.perf_counter()
        try:
            to_pdf(made.docx)
            pdf_seconds = time.perf_counter() - started
        except PdfError as error:
            print(error, file=sys.stderr)
    print(json.dumps({"org": org.name, "period": period.code, "persons": Person.objects.count(),
                      "villages": Division.objects.filter(level=Level.VILLAGE,
                                                          code__startswith=code_prefix(org)).count(),
                      "summary": summary_seconds, "tables": tables_seconds, "pdf": pdf_seconds,
                      "kb": len(made.docx) // 1024, "problems": len(made.problems)}))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1], len(sys.argv) > 2 and sys.argv[2] == "pdf"))
