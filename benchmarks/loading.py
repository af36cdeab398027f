"""Reading the model and an answers file: the validated-model cache and the answers fast path.

Run: python benchmarks/loading.py [--runs N]. Prints, each in fresh processes (imports
included, a cache folder of its own):

- ``load_model()`` cold (parse and validate the YAML with pydantic, then write the cache) and
  warm (read the cache), for English and French, and whether pydantic was imported;
- per answers file, in one process: the fast path against pydantic validation plus the model's
  checks (what the loader falls back to), on every example answers file, and whether the fast
  path accepted each (it should: they are well formed).

Wall time and CPU time (user + system) are both shown: on a busy machine CPU time is steadier.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOAD = """
import json, sys, time
from profint_assess.loading import load_model
started, cpu = time.perf_counter(), time.process_time()
load_model(lang=sys.argv[1] if sys.argv[1] != "en" else None)
print(json.dumps([time.perf_counter() - started, time.process_time() - cpu,
                  "pydantic" in sys.modules]))
"""

ANSWERS = """
import json, sys, time
from pathlib import Path
from profint_assess import fast_answers, loading

model = loading.load_model()
rows = []
for name in sys.argv[1:]:
    doc = loading.read_document(Path(name))
    accepted = fast_answers.read(doc.data, model) is not None
    times = {}
    for kind, read in (("fast", lambda: fast_answers.read(doc.data, model)),
                       ("pydantic", lambda: loading.validated_answers(doc, model))):
        best = float("inf")
        for _ in range(5):
            started = time.process_time()
            for _ in range(50):
                read()
            best = min(best, (time.process_time() - started) / 50)
        times[kind] = best
    parse = time.process_time()
    for _ in range(50):
        loading.read_document(Path(name))
    times["parse"] = (time.process_time() - parse) / 50
    rows.append([name, accepted, times])
print(json.dumps(rows))
"""


def _run(code: str, args: list[str], cache: str) -> tuple[object, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROFINT_CACHE_DIR": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out), cpu


def _model(runs: int) -> None:
    print(
        "load_model() in a fresh process, its module already imported (ms, median: wall / CPU "
        "of the call, CPU of the whole process)"
    )
    for lang in ("en", "fr"):
        rows: dict[str, list[tuple[float, float, float, bool]]] = {"cold": [], "warm": []}
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as cache:
                for kind in ("cold", "warm"):
                    (wall, cpu, pydantic), process = _run(LOAD, [lang], cache)  # type: ignore[misc]
                    rows[kind].append((wall, cpu, process, pydantic))
        for kind, samples in rows.items():
            wall, cpu, process = (statistics.median(s[i] for s in samples) for i in range(3))
            imported = "pydantic imported" if samples[0][3] else "no pydantic"
            print(
                f"  {lang} {kind}: {wall * 1000:6.1f} / {cpu * 1000:6.1f}, "
                f"process {process * 1000:6.0f}  ({imported})"
            )


def _answers() -> None:
    files = sorted(
        str(p)
        for p in (ROOT / "examples").rglob("*.yaml")
        if "profint-answers/1" in p.read_text(encoding="utf-8")
    )
    with tempfile.TemporaryDirectory() as cache:
        rows, _cpu = _run(ANSWERS, files, cache)
    print("\nOne answers file, CPU time per file (us): YAML parse, then fast path vs pydantic")
    for name, accepted, times in rows:  # type: ignore[union-attr]
        ratio = times["pydantic"] / times["fast"]
        print(
            f"  {Path(name).relative_to(ROOT)}: parse {times['parse'] * 1e6:5.0f}, "
            f"fast {times['fast'] * 1e6:4.0f}{'' if accepted else ' (REFUSED)'}, "
            f"pydantic {times['pydantic'] * 1e6:5.0f} ({ratio:.1f}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measure")
    args = parser.parse_args()
    started = time.perf_counter()
    _model(args.runs)
    _answers()
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
