"""Command line: each command is a few lines over the library.

Exit status (the contract): 0 every input read; 1 an input could not be read (one line on
stderr naming the file and the reason); 2 bad usage; 3 with ``parse --strict`` when an
error-severity check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

# The command line uses no pydantic plugin; looking for them scans every installed distribution's
# metadata and costs a tenth of a second at each start. A user who wants plugins can still set this.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from report_miner.errors import InputError  # noqa: E402

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False)


def _cmd_parse(args: argparse.Namespace) -> int:
    from report_miner.pipeline import parse_file

    record = parse_file(args.file)
    text = record.model_dump_json(indent=1)
    if args.output:
        from report_miner.fileutil import write_atomic

        write_atomic(args.output, text + "\n")
    else:
        sys.stdout.write(text + "\n")
    failing = [c for c in record.checks if c.status == "fail"]
    if args.explain and failing:
        from report_miner.checks.explain import explain

        sys.stderr.write(explain(record))
    if args.strict and any(c.severity == "error" for c in failing):
        return EXIT_STRICT
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from report_miner.checks.explain import explain
    from report_miner.pipeline import parse_file

    worst = EXIT_OK
    for path in args.files:
        try:
            record = parse_file(path)
        except InputError as exc:
            sys.stderr.write(f"lỗi: {exc}\n")
            worst = EXIT_INPUT
            continue
        sys.stdout.write(explain(record, all_results=args.all))
        if args.strict and any(c.status == "fail" and c.severity == "error" for c in record.checks):
            worst = max(worst, EXIT_STRICT) if worst != EXIT_INPUT else worst
    return worst


def _cmd_schema(args: argparse.Namespace) -> int:
    from report_miner.models import ReportRecord

    sys.stdout.write(_dump(ReportRecord.model_json_schema(mode="serialization")) + "\n")
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace) -> int:
    from report_miner.batch import run_batch

    return run_batch(args.inputs, out=args.out, workers=args.workers, db=args.db, force=args.force,
                     timeout=args.timeout, progress=not args.quiet)


def _cmd_summary(args: argparse.Namespace) -> int:
    from report_miner.batch import rerender

    return rerender(args.dir, db=args.db)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="report-miner",
        description="Đọc báo cáo TTHC của xã/phường (DOCX, PDF), trích số liệu, kiểm tra và tổng hợp.",
    )
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="một báo cáo → bản ghi JSON (read one report into a JSON record)")
    p.add_argument("file", help="tệp .docx hoặc .pdf")
    p.add_argument("-o", "--output", help="ghi JSON vào tệp này thay vì stdout")
    p.add_argument("--strict", action="store_true", help="exit 3 khi có kiểm tra mức lỗi (error) không đạt")
    p.add_argument("--explain", action="store_true", help="in tóm tắt các kiểm tra không đạt ra stderr")
    p.set_defaults(func=_cmd_parse)

    c = sub.add_parser("check", help="in bảng các phát hiện của từng báo cáo (readable findings)")
    c.add_argument("files", nargs="+", help="tệp .docx hoặc .pdf")
    c.add_argument("--all", action="store_true", help="in cả các kiểm tra đạt và bỏ qua")
    c.add_argument("--strict", action="store_true", help="exit 3 khi có kiểm tra mức lỗi không đạt")
    c.set_defaults(func=_cmd_check)

    b = sub.add_parser("batch", help="nhiều tệp/thư mục → bản tổng hợp (records, manifest, XLSX, HTML, DOCX)")
    b.add_argument("inputs", nargs="+", help="tệp hoặc thư mục (đọc đệ quy)")
    b.add_argument("--out", required=True, help="thư mục kết quả")
    b.add_argument("--workers", type=int, default=None, help="số tiến trình (mặc định: số lõi CPU)")
    b.add_argument("--db", default=None, help="tệp SQLite lưu lịch sử (mặc định: OUT/history.sqlite)")
    b.add_argument("--force", action="store_true", help="đọc lại cả các tệp không đổi")
    b.add_argument("--timeout", type=float, default=60.0, help="giới hạn thời gian mỗi tệp (giây)")
    b.add_argument("-q", "--quiet", action="store_true", help="không hiện thanh tiến độ")
    b.set_defaults(func=_cmd_batch)

    s = sub.add_parser("summary", help="dựng lại các tệp tổng hợp từ records.jsonl, không đọc lại báo cáo")
    s.add_argument("dir", help="thư mục kết quả của batch")
    s.add_argument("--db", default=None, help="tệp SQLite lưu lịch sử")
    s.set_defaults(func=_cmd_summary)

    sc = sub.add_parser("schema", help="JSON Schema của bản ghi")
    sc.set_defaults(func=_cmd_schema)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except InputError as exc:
        sys.stderr.write(f"lỗi: {exc}\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("đã dừng (interrupted)\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
