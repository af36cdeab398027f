"""Benchmark ``profint-assess export`` against the libyaml floor; peak memory; DuckDB over it.

Generates N single-respondent answers files written by ``yaml.safe_dump`` (no comments; one
device each, so N assessments: ``generate_plain`` of ``benchmarks/batch.py``), then, each in a
fresh process so that its peak memory is its own:

- the floor: every file read and parsed with ``yaml.CSafeLoader``, nothing else;
- ``export --to DIR`` (CSV): the function the CLI calls, in-process (start-up excluded, the
  model loaded before the clock starts, as in the batch benchmark);
- with ``--parquet``, the same with ``--format parquet``.

Prints wall times, the ratio export / floor, peak RSS and the size of the tables; then DuckDB
over the export: the time to load ``factor_scores`` and ``answers`` into tables, and the
README's first query (the network factor by factor) over the files where they lie. With
several ``-n``, the ratio of peak memory between the largest and the smallest run.

``--scale K`` also stacks K copies of the largest export (new assessment ids) into Parquet with
DuckDB and times the same queries over K x N assessments, when generating K x N files would
take too long; ``-n 100000 --parquet`` measures 100,000 real ones.
``--profile`` prints the top functions of one export under cProfile instead.

    python benchmarks/export.py                          # 2,000 files
    python benchmarks/export.py -n 2000 -n 20000         # the ratio, and memory flat in N
    python benchmarks/export.py -n 100000 --repeat 1 --parquet
    python benchmarks/export.py -n 20000 --repeat 1 --scale 5
    python benchmarks/export.py -n 2000 --profile
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The batch benchmark's plain corpus: one respondent (so one assessment) per file.
from benchmarks.batch import generate_plain as generate  # noqa: E402
from benchmarks.batch import peak_rss_mb  # noqa: E402

FACTOR_QUERY = """
select factor, count(score) as assessed, avg(score) as mean,
       quantile_cont(score, 0.25) as q1, median(score) as median,
       quantile_cont(score, 0.75) as q3, count(*) filter (where gap > 0) as below_target
from {source} where role = 'all' group by factor order by mean
"""
ANSWERS_QUERY = """
select question, count(*) as answers, avg((status = 'unknown')::int) as unknown,
       avg((status = 'na')::int) as na, avg(value) as mean
from {source} group by question order by unknown desc
"""


# --- measurements, each run in a fresh process ----------------------------------------------


def _floor(folder: str) -> dict:
    import yaml

    start = time.perf_counter()
    paths = sorted(Path(folder).rglob("*.yaml"))
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506
    return {"seconds": time.perf_counter() - start, "files": len(paths), "rss_mb": peak_rss_mb()}


def _export(folder: str, out: str, fmt: str = "csv") -> dict:
    from profint_assess.cli.export import ExportFormat, export
    from profint_assess.loading import load_model

    load_model()  # warm: the ratio compares the per-file work, as the batch benchmark does
    if fmt == "parquet":
        import pyarrow.parquet  # noqa: F401 - an import, not per-file work
    start = time.perf_counter()
    export([folder], to=Path(out), fmt=ExportFormat(fmt))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rss_mb": peak_rss_mb()}


def _profile(folder: str, out: str) -> dict:
    import cProfile
    import io
    import pstats

    from profint_assess.cli.export import ExportFormat, export
    from profint_assess.loading import load_model

    load_model()
    profiler = cProfile.Profile()
    profiler.enable()
    export([folder], to=Path(out), fmt=ExportFormat.csv)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
    return {"profile": text.getvalue()}


def _child(kind: str, *args: object) -> dict:
    call = ", ".join(repr(a) for a in args)
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); import benchmarks.export as b; "
        f"print(json.dumps(b._{kind}({call})))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir()) / 2**20


def _duckdb(out: str, fmt: str) -> dict:
    """DuckDB over one export: load into tables, then the two queries over the files; run in
    a fresh process (``_child``) so that the peak memory is DuckDB's own."""
    import duckdb

    out = Path(out)
    con = duckdb.connect()
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    result: dict = {}
    start = time.perf_counter()
    for table in ("factor_scores", "answers"):
        con.execute(f"create table {table} as select * from {reader}('{out / table}.{fmt}')")
    result["load_s"] = time.perf_counter() - start
    result["answer_rows"] = con.execute("select count(*) from answers").fetchone()[0]
    for name, query, table in (
        ("factor_query_s", FACTOR_QUERY, "factor_scores"),
        ("answers_query_s", ANSWERS_QUERY, "answers"),
    ):
        start = time.perf_counter()
        con.execute(query.format(source=f"{reader}('{out / table}.{fmt}')")).fetchall()
        result[name] = time.perf_counter() - start
    result["rss_mb"] = peak_rss_mb()
    return result


def _stack(out: str, scale: int, folder: str) -> dict:
    """K copies of an export stacked into Parquet (new ids)."""
    import duckdb

    Path(folder).mkdir(exist_ok=True)
    con = duckdb.connect()
    for table in ("factor_scores", "answers"):
        con.execute(
            f"copy (select * replace (assessment_id || '-' || k as assessment_id) "
            f"from read_csv('{Path(out) / table}.csv'), range({scale}) t(k)) "
            f"to '{Path(folder) / table}.parquet' (format parquet)"
        )
    return {}


def measure(n: int, repeat: int, parquet: bool, scale: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="profint-export-bench-"))
    folder = tmp / "answers"
    out = tmp / "csv"
    try:
        start = time.perf_counter()
        generate(n, folder)
        generated = time.perf_counter() - start
        floors, exports = [], []
        for _ in range(repeat):  # interleaved: a busy moment slows both, not one
            floors.append(_child("floor", str(folder)))
            exports.append(_child("export", str(folder), str(out)))
        result: dict = {
            "files": n,
            "generate_s": generated,
            "input_mb": sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 2**20,
            "floor_s": min(r["seconds"] for r in floors),
            "floor_rss_mb": max(r["rss_mb"] for r in floors),
            "export_s": min(r["seconds"] for r in exports),
            "rss_mb": max(r["rss_mb"] for r in exports),
            "tables_mb": _megabytes(out),
        }
        result["ratio"] = result["export_s"] / result["floor_s"]
        result["duckdb"] = _child("duckdb", str(out), "csv")
        if parquet:
            pq = _child("export", str(folder), str(tmp / "pq"), "parquet")
            result["parquet"] = pq | {"mb": _megabytes(tmp / "pq")}
            result["duckdb_parquet"] = _child("duckdb", str(tmp / "pq"), "parquet")
        if scale > 1:
            _child("stack", str(out), scale, str(tmp / "stacked"))
            result["scaled"] = _child("duckdb", str(tmp / "stacked"), "parquet") | {
                "mb": _megabytes(tmp / "stacked")
            }
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _print_duckdb(label: str, d: dict) -> None:
    print(
        f"        DuckDB on {label}: load factor_scores + answers ({d['answer_rows']:,} answer "
        f"rows) {d['load_s']:.2f} s; over the files: factor query "
        f"{d['factor_query_s'] * 1000:.0f} ms, answers query "
        f"{d['answers_query_s'] * 1000:.0f} ms; peak {d['rss_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", help="files (default 2000)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (best kept)")
    parser.add_argument("--parquet", action="store_true", help="also export to Parquet")
    parser.add_argument("--scale", type=int, default=1, help="stack K copies into Parquet")
    parser.add_argument("--profile", action="store_true", help="cProfile one export")
    args = parser.parse_args()
    sizes = args.n or [2000]
    if args.profile:
        tmp = Path(tempfile.mkdtemp(prefix="profint-export-profile-"))
        try:
            generate(sizes[0], tmp / "answers")
            print(_child("profile", str(tmp / "answers"), str(tmp / "out"))["profile"])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    results = [
        measure(n, args.repeat, args.parquet, args.scale if n == max(sizes) else 1) for n in sizes
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, best of {args.repeat}")
    print(
        f"{'files':>7} {'input MB':>8} {'floor s':>8} {'export s':>9} {'ratio':>6} "
        f"{'peak RSS':>9} {'floor RSS':>9} {'tables MB':>9}"
    )
    for r in results:
        print(
            f"{r['files']:>7} {r['input_mb']:>8.0f} {r['floor_s']:>8.2f} {r['export_s']:>9.2f} "
            f"{r['ratio']:>5.2f}x {r['rss_mb']:>7.1f}MB {r['floor_rss_mb']:>7.1f}MB "
            f"{r['tables_mb']:>9.1f}"
        )
        print(f"        ({r['files']:,} files generated in {r['generate_s']:.0f} s)")
        _print_duckdb("CSV", r["duckdb"])
        if "parquet" in r:
            pq = r["parquet"]
            print(
                f"        Parquet export: {pq['seconds']:.2f} s, peak {pq['rss_mb']:.1f} MB, "
                f"{pq['mb']:.1f} MB of tables"
            )
            _print_duckdb("Parquet", r["duckdb_parquet"])
        if "scaled" in r:
            s = r["scaled"]
            print(
                f"        x{args.scale} stacked ({r['files'] * args.scale:,} assessments, "
                f"{s['mb']:.0f} MB Parquet):"
            )
            _print_duckdb("the stacked Parquet", s)
    if len(results) > 1:
        low, high = results[0], results[-1]
        print(
            f"peak memory, {high['files']} vs {low['files']} files: "
            f"{high['rss_mb'] / low['rss_mb']:.2f}x"
        )


if __name__ == "__main__":
    main()
