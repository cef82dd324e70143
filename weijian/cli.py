"""The `weijian` command: a thin layer over the services the web app uses too.

Exit codes: 0 success, 1 invalid input (nothing written), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weijian.settings")
    import django

    django.setup()


def ensure_database(verbosity: int = 0) -> None:
    """Apply any migrations not yet applied (creates the database on first use)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_init(args) -> int:
    ensure_database(verbosity=1)
    from django.conf import settings

    print(f"数据库已就绪：{settings.DATABASES['default']['NAME']}")
    return EXIT_OK


def cmd_import(args) -> int:
    from weijian.interchange import KIND_NAMES
    from weijian.interchange.importer import discover, import_files

    ensure_database()
    path = Path(args.file)
    if args.kind == "all":
        if not path.is_dir():
            print(f"“all”需要一个文件夹：{path}", file=sys.stderr)
            return EXIT_USAGE
        files = discover(path)
        if not files:
            print(f"文件夹中没有可导入的文件（{', '.join(f'{k}.csv' for k in KIND_NAMES)}）：{path}", file=sys.stderr)
            return EXIT_INVALID
    else:
        files = [(args.kind, path)]
    results = import_files(files, dry_run=args.dry_run, user=_user(args.user))
    return _report(results, args.dry_run)


def _user(username: str | None):
    if not username:
        return None
    from django.contrib.auth import get_user_model

    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise SystemExit(f"用户不存在：{username}") from None


def _report(results, dry_run: bool) -> int:
    failed = False
    for result in results:
        if result.ignored_columns:
            print(f"[{result.filename}] 已忽略的列：{'、'.join(result.ignored_columns)}")
        if result.ok:
            verb = "可导入" if dry_run else "已导入"
            print(f"[{result.filename}] {verb} {result.rows} 行：新增 {result.created}，更新 {result.updated}")
            continue
        failed = True
        print(f"[{result.filename}] 发现 {result.error_count} 处错误，未写入任何数据：", file=sys.stderr)
        for issue in result.errors:
            print(f"  {issue}", file=sys.stderr)
        hidden = result.error_count - len(result.errors)
        if hidden > 0:
            print(f"  另有 {hidden} 处错误未列出", file=sys.stderr)
    if dry_run and not failed:
        print("试导入：未写入任何数据")
    return EXIT_INVALID if failed else EXIT_OK


def cmd_export(args) -> int:
    from weijian.interchange.exporter import ExportError, export_file

    ensure_database()
    try:
        count = export_file(args.kind, args.output, fmt=args.format, org=args.org, headers=args.headers)
    except ExportError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INVALID
    print(f"已导出 {count} 行到 {args.output}")
    return EXIT_OK


def cmd_generate(args) -> int:
    from weijian.synth import Spec, generate

    spec = Spec(persons=args.persons, villages=args.villages, years=args.years, seed=args.seed)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    counts = generate(spec, out)
    for kind, count in counts.items():
        print(f"{kind}: {count}")
    return EXIT_OK


def cmd_demo(args) -> int:
    from weijian.demo import build_demo

    ensure_database()
    login = build_demo(seed=args.seed)
    print(f"演示乡镇已就绪。登录：用户名 {login.username}  密码 {login.password}")
    if args.no_serve:
        return EXIT_OK
    return _serve(args.host, args.port, args.workers, args.threads)


def cmd_serve(args) -> int:
    ensure_database()
    return _serve(args.host, args.port, args.workers, args.threads)


def _serve(host: str, port: int, workers: int = 1, threads: int | None = None) -> int:
    from weijian.server import THREADS, serve

    print(f"卫健系统已启动：http://{host}:{port}/  （按 Ctrl+C 停止）", flush=True)
    serve(host, port, workers, threads or THREADS)
    return EXIT_OK


def _asked(args):
    """(period, division, date for time progress) of --period, --org and --at (None where the
    command has no --at), with the database ready; None after printing why, in Chinese."""
    from weijian.divisions.models import Division
    from weijian.periods import PeriodError, parse

    ensure_database()
    try:
        at = _date_arg(args.at) if getattr(args, "at", None) else None
        period = parse(args.period)
    except (ValueError, PeriodError) as error:
        print(str(error), file=sys.stderr)
        return None
    org = Division.objects.filter(code=args.org).first()
    if org is None:
        print(f"单位代码不存在：{args.org}", file=sys.stderr)
        return None
    return period, org, at


def cmd_tables(args) -> int:
    from weijian.reports.tables import write_tables

    asked = _asked(args)
    if asked is None:
        return EXIT_USAGE
    period, org, _ = asked
    write_tables(period, org, args.output)
    print(f"已写入 {args.output}")
    return EXIT_OK


def cmd_summary(args) -> int:
    from pathlib import Path

    from weijian.reports import summary
    from weijian.reports.pdf import PdfError, to_pdf

    asked = _asked(args)
    if asked is None:
        return EXIT_USAGE
    period, org, at = asked
    try:
        template = Path(args.template).read_bytes() if args.template else None
        if template is not None and args.keep_template:
            summary.save_template(user=_user(args.user), org=org, name=args.template, content=template)
            print(f"已保存为{org.name}的模板：{Path(args.template).name}")
        made = summary.write_summary(period, org, template=template, at=at)
    except OSError as error:
        print(f"无法读取模板：{error}", file=sys.stderr)
        return EXIT_USAGE
    except summary.SummaryError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    output = Path(args.output)
    output.write_bytes(made.docx)
    print(f"已写入 {output}（{made.template}；存在的问题 {len(made.problems)} 条）")
    if args.pdf:
        try:
            output.with_suffix(".pdf").write_bytes(to_pdf(made.docx))
        except PdfError as error:
            print(str(error), file=sys.stderr)
            return EXIT_USAGE
        print(f"已写入 {output.with_suffix('.pdf')}")
    return EXIT_OK


def cmd_summary_text(args) -> int:
    from pathlib import Path

    from weijian.reports import summary

    asked = _asked(args)
    if asked is None:
        return EXIT_USAGE
    period, org, _ = asked
    if args.file is None:
        for state in summary.texts_for(org, period).values():
            where = "本期" if state.own else f"沿用 {state.period}" if state.period else "默认"
            print(f"【{state.part.name}】（{state.part.code}，{where}）\n{state.text}\n")
        return EXIT_OK
    if not args.part:
        print("保存文字时请用 --part 指定部分：" + "、".join(summary.PART_CODES), file=sys.stderr)
        return EXIT_USAGE
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8-sig")
        summary.save_text(user=_user(args.user), org=org, period=period, part=args.part, text=text)
    except (OSError, UnicodeDecodeError) as error:
        print(f"无法读取文字：{error}", file=sys.stderr)
        return EXIT_USAGE
    except summary.SummaryError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    print(f"已保存{org.name}{period.code}的“{args.part}”")
    return EXIT_OK


def cmd_createuser(args) -> int:
    import getpass

    from weijian.accounts.services import AccountError, user_create

    ensure_database()
    password = args.password
    if password is None:
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再次输入密码："):
            print("两次输入的密码不一致", file=sys.stderr)
            return EXIT_USAGE
    if len(password) < 8:
        print("密码至少8位", file=sys.stderr)
        return EXIT_USAGE
    try:
        user_create(username=args.username, password=password, role=args.role, division_codes=args.division)
    except AccountError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INVALID
    print(f"已创建用户 {args.username}")
    return EXIT_OK


def cmd_token(args) -> int:
    from weijian.accounts.services import AccountError, token_create

    ensure_database()
    try:
        print(token_create(username=args.username))
    except AccountError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def cmd_indicators(args) -> int:
    from weijian.indicators import engine, output
    from weijian.indicators.registry import IndicatorError

    asked = _asked(args)
    if asked is None:
        return EXIT_USAGE
    period, org, at = asked
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "json")
    if fmt not in ("json", "csv", "xlsx") or (fmt == "xlsx" and not args.output):
        print("格式应为 json、csv 或 xlsx；xlsx 需要用 -o 指定文件", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.records:
            rows = engine.records(args.records, org, period)
            row_type, title = engine.RecordRow, f"{org.name} {period.code} {args.records} 的明细记录"
        else:
            rows = engine.compute(period, org, by=args.by, indicators=args.indicator, compare=args.compare, at=at)
            row_type, title = engine.IndicatorRow, ""
    except (IndicatorError, engine.EngineError) as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    if fmt == "xlsx":
        if args.records:
            output.write_records_xlsx(rows, args.output, title)
        else:
            output.write_indicator_xlsx(rows, args.output)
        print(f"已写入 {len(rows)} 行到 {args.output}", file=sys.stderr)
        return EXIT_OK
    handle = open(args.output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") \
        if args.output else sys.stdout
    try:
        if fmt == "json":
            output.write_json(rows, handle)
        else:
            output.write_csv(rows, handle, row_type)
    finally:
        if args.output:
            handle.close()
    return EXIT_OK


def _date_arg(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"日期格式应为 2020-06-30：{text}") from None


def cmd_bench(args) -> int:
    if args.what == "indicators":
        from weijian.indicators.bench import run_bench
    elif args.what == "web":
        from weijian.web.bench import run_bench
    elif args.what == "summary":
        from weijian.reports.bench import run_bench
    else:
        from weijian.bench import run_bench

    return run_bench(args)


def build_parser() -> argparse.ArgumentParser:
    from weijian.interchange import KIND_NAMES as ORDER

    parser = argparse.ArgumentParser(prog="weijian", description="卫健：乡镇卫生健康办公室工作系统")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("init", help="创建或升级数据库").set_defaults(func=cmd_init, django=True)

    p = sub.add_parser("demo", help="生成演示乡镇并启动")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
    p.add_argument("--workers", type=int, default=1, help="服务进程数（Linux 等；Windows 上总是 1）")
    p.add_argument("--threads", type=int, help="每个进程的线程数（默认 4）")
    p.set_defaults(func=cmd_demo, django=True)

    p = sub.add_parser("serve", help="启动网页服务（waitress）")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="服务进程数（Linux 等；Windows 上总是 1）")
    p.add_argument("--threads", type=int, help="每个进程的线程数（默认 4）")
    p.set_defaults(func=cmd_serve, django=True)

    p = sub.add_parser("import", help="导入标准格式文件（CSV/XLSX）")
    p.add_argument("kind", choices=[*ORDER, "all"], help="数据类别；all 导入一个文件夹中的全部标准文件")
    p.add_argument("file", help="文件（或 all 时的文件夹）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--user", help="记为录入人的用户名")
    p.set_defaults(func=cmd_import, django=True)

    p = sub.add_parser("export", help="导出标准格式文件")
    p.add_argument("kind", choices=ORDER)
    p.add_argument("--org", help="只导出该区划及其下级")
    p.add_argument("--format", choices=["csv", "xlsx"], help="默认按文件扩展名")
    p.add_argument("--headers", choices=["zh", "en"], default="zh", help="表头语言（默认中文）")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_export, django=True)

    p = sub.add_parser("generate", help="生成模拟县的标准格式文件（测试与性能评测用）")
    p.add_argument("--persons", type=int, required=True)
    p.add_argument("--villages", type=int, required=True)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_generate, django=False)

    p = sub.add_parser("indicators", help="计算指标（或列出指标背后的记录）")
    p.add_argument("--period", required=True, help="期间：2020TJ、2020TJH1、2019Oct、2020、2020S1、2020Q3、202003 或 "
                   "2020-01-01..2020-06-30")
    p.add_argument("--org", required=True, help="单位代码")
    p.add_argument("--by", choices=["county", "township", "village"], help="按下级单位分列（默认：单位本身）")
    p.add_argument("--indicator", nargs="+", action="extend", help="指标代码（默认：全部）；immunizations:* 为各疫苗")
    p.add_argument("--compare", action="store_true", help="同比：上年同期及增减")
    p.add_argument("--at", help="计算序时进度的日期（默认今天，或期末如更早）")
    p.add_argument("--records", metavar="INDICATOR", help="列出该指标分子和分母所计的记录（身份证号已遮蔽）")
    p.add_argument("--format", choices=["json", "csv", "xlsx"], help="默认按文件扩展名，否则 json")
    p.add_argument("-o", "--output", help="输出文件（默认标准输出；xlsx 必须指定）")
    p.set_defaults(func=cmd_indicators, django=True)

    p = sub.add_parser("tables", help="按村的指标统计表（XLSX，报表格式）")
    p.add_argument("--period", required=True, help="期间，如 2020TJ、2020TJH1、2020")
    p.add_argument("--org", required=True, help="单位代码（乡镇或县）")
    p.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件")
    p.set_defaults(func=cmd_tables, django=True)

    p = sub.add_parser("summary", help="工作总结（Word 初稿，可转 PDF）")
    p.add_argument("--period", required=True, help="期间，如 2020TJ、2020TJH1、2020")
    p.add_argument("--org", required=True, help="单位代码（乡镇或县）")
    p.add_argument("--template", help="使用该 Word 模板（.docx，docxtpl 占位符）；默认用本单位保存的模板或默认模板")
    p.add_argument("--keep-template", action="store_true", help="把 --template 保存为本单位的模板，以后默认使用")
    p.add_argument("--at", help="计算序时进度的日期（默认今天，或期末如更早）")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转为 PDF（与 .docx 同名）")
    p.add_argument("--user", help="保存模板时记为操作人的用户名")
    p.add_argument("-o", "--output", required=True, help="输出的 .docx 文件")
    p.set_defaults(func=cmd_summary, django=True)

    p = sub.add_parser("summary-text", help="查看或保存工作总结中本单位自己写的文字（开头、工作描述、下一步计划）")
    p.add_argument("--period", required=True)
    p.add_argument("--org", required=True)
    p.add_argument("--part", help="部分：opening、maternal_child、screening、elderly、immunization、activities、plan")
    p.add_argument("--file", help="文字文件（UTF-8；- 为标准输入）；不指定则列出各部分当前的文字")
    p.add_argument("--user", help="记为操作人的用户名")
    p.set_defaults(func=cmd_summary_text, django=True)

    p = sub.add_parser("createuser", help="创建用户（角色和负责区划）")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["county", "township", "village", "viewer"],
                   help="county 县级管理员、township 乡镇工作人员、village 村专干、viewer 只读")
    p.add_argument("--division", required=True, action="append", metavar="CODE",
                   help="负责的区划代码（只读用户可多次指定）")
    p.add_argument("--password", help="密码（不指定则提示输入）")
    p.set_defaults(func=cmd_createuser, django=True)

    p = sub.add_parser("token", help="为用户生成接口令牌（Authorization: Bearer …）")
    p.add_argument("username")
    p.set_defaults(func=cmd_token, django=True)

    p = sub.add_parser("bench", help="性能评测（打印数据，不做判定）")
    p.add_argument("what", choices=["import", "indicators", "web", "summary"],
                   help="import：导入速度与内存；indicators：全部指标按村计算一个统计年度的用时；"
                        "web：多个已登录客户端浏览演示乡镇的吞吐量与延迟；"
                        "summary：演示乡镇和模拟县生成工作总结与统计表的用时")
    p.add_argument("--persons", type=int, default=1_000_000)
    p.add_argument("--villages", type=int, default=300)
    p.add_argument("--years", type=int, default=3, help="indicators：生成的统计年度数")
    p.add_argument("--repeat", type=int, default=3, help="indicators：计算次数（取最快）")
    p.add_argument("--pdf", action="store_true", help="summary：另计转换 PDF 的用时（需要 LibreOffice）")
    p.add_argument("--workdir", help="indicators、summary：保留生成文件和数据库的文件夹，再次运行时直接计时")
    p.add_argument("--fresh", action="store_true", help="indicators：清空 --workdir 重新生成和导入")
    p.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--postgres-url", default=os.environ.get("WEIJIAN_BENCH_PG_URL", ""))
    p.add_argument("--clients", type=int, default=20, help="web：并发客户端数")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="web：服务进程数（默认 CPU 核数）")
    p.add_argument("--threads", type=int, default=2, help="web：每个服务进程的线程数")
    p.add_argument("--seconds", type=float, default=60, help="web：浏览时长（秒）")
    p.add_argument("--pages", help="web：逗号分隔的页面类别（默认 dashboard,persons,search,person；另有 imports）")
    p.set_defaults(func=cmd_bench, django=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.django:
        _setup_django()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
