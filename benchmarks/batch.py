"""Benchmark ``profint-assess batch`` against the libyaml floor, and measure its peak memory.

Two corpora of N files each, scattered over sub-folders, in a temporary folder:

- ``template``: filled-in copies of the ``template`` output (the question texts as comments,
  1-3 respondents per device, notes on about a third of the answers, some ``na`` and
  ``unknown``), shuffled so that the respondents of a device are far apart;
- ``plain``: one respondent per file (so one assessment per file), written by
  ``yaml.safe_dump`` (no comments): what a script producing answers files gives. Realistic
  values, notes on about a third of the answers, evidence on some, a named respondent on some.

Then, on each corpus, each in a fresh process so that its peak memory is its own, interleaved
and the best of ``--repeat`` kept (a busy machine slows all alike, not one of them):

- the floor: every file read and parsed with ``yaml.CSafeLoader``, nothing else;
- ``batch --format csv`` and ``batch --format json`` (the compact ``profint-batch/3``): the
  function the CLI calls, in-process, output to a file.

Prints wall times, the ratio batch / floor (wall time; ``cpu``: the same ratio in CPU time of
the process, steadier on a busy machine), peak RSS and, for JSON, kB per assessment; then,
once per corpus, whether every assessment equals what ``score`` gives for its files (checked
against ``--format json-full``, ``profint-batch/1``). ``--checks`` also times the CLI as a
subprocess (start-up included) and ``--jobs N``. Usage::

    python benchmarks/batch.py                      # 2,000 files per corpus, csv and json
    python benchmarks/batch.py -n 2000 -n 20000     # peak memory flat in the number of files?
    python benchmarks/batch.py --corpus plain --format csv --repeat 5
    python benchmarks/batch.py --profile plain      # cProfile of batch (json), top functions

Generated files live in a temporary folder that is removed at the end (``--keep DIR`` keeps them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CITIES = [
    "Lyon",
    "Lille",
    "Nantes",
    "Rennes",
    "Toulouse",
    "Grenoble",
    "Strasbourg",
    "Marseille",
    "Bordeaux",
    "Montpellier",
    "Dijon",
    "Rouen",
    "Brest",
    "Metz",
    "Limoges",
    "Nice",
    "Tours",
    "Amiens",
    "Caen",
    "Poitiers",
    "Besançon",
    "Orléans",
    "Pau",
    "Valence",
    "Annecy",
    "Bilbao",
    "Porto",
    "Graz",
    "Gent",
    "Turku",
    "Malmö",
    "Bologna",
    "Kraków",
    "Utrecht",
    "Aarhus",
]
KINDS = [
    "Mission Locale",
    "Association d'accueil",
    "Centre social",
    "Maison de l'emploi",
    "Plateforme mobilité",
    "Chantier d'insertion",
    "Service intégration réfugiés",
]
DEVICES = [
    "Youth Guarantee",
    "HOPE pathway",
    "Accompagnement global",
    "Parcours emploi réfugiés",
    "Language and jobs",
    "Tremplin métiers",
    "Mentoring for newcomers",
    "Sas vers l'emploi",
]
NOTES = [
    "housing and health partners in place since the spring",
    "written protocol with the prefecture; reviewed in the last steering committee",
    "only for the 2025 cohort so far, to be extended to all beneficiaries",
    "the team knows the route but it is not written down anywhere",
    "exit questionnaire covers job, housing and social network; 62% returned",
    "evidence: signed agreements with 4 employers and the regional training body",
    "pilot with two volunteer mentors; evaluation planned in June",
    "language assessment at entry (CEFR) and every three months, recorded in the file",
    "no budget for this yet; discussed with the funder",
    "referent named for each beneficiary, but turnover in the team makes it fragile",
    "monthly case review with partners: minutes kept on the shared drive",
    "we rely on the municipality for this, with no agreement in writing",
]


def _value(rng: random.Random, base: float) -> object:
    """An answer of a device this far along: some na and unknown, levels around ``base``."""
    roll = rng.random()
    if roll < 0.04:
        return "na"
    if roll < 0.08:
        return "unknown"
    return max(0, min(4, round(rng.gauss(base, 1.0))))


def _answer_line(qid: str, rng: random.Random, base: float) -> str:
    value = _value(rng, base)
    if rng.random() < 0.35:
        note = json.dumps(rng.choice(NOTES), ensure_ascii=False)
        return f"  {qid}: {{value: {value}, note: {note}}}"
    return f"  {qid}: {value}"


def generate(n: int, folder: Path, seed: int = 6) -> int:
    """Write ``n`` answers files under ``folder``; return the number of assessments.

    (An organisation may run several devices; two devices may share a name, so an assessment
    is one organisation, device and date, as ``batch`` groups them.)
    """
    sys.path.insert(0, str(ROOT))
    from profint_assess.answers import blank_template
    from profint_assess.loading import load_model

    model = load_model()
    questionnaire = model.questionnaire_for("manager")
    assert questionnaire is not None
    rng = random.Random(seed)
    files: list[str] = []
    keys: set[tuple[str, str, dt.date]] = set()
    device_no = 0
    while len(files) < n:
        device_no += 1
        city = rng.choice(CITIES)
        org = f"{rng.choice(KINDS)} {city} {device_no % 97}"
        device = f"{rng.choice(DEVICES)} {2024 + device_no % 3}"
        date = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(330))
        base = rng.uniform(0.8, 3.4)  # how far along this device is
        keys.add((org, device, date))
        for respondent in range(rng.choice((1, 2, 2, 3))):
            if len(files) >= n:
                break
            text = blank_template(model, questionnaire, "manager", today=date)
            text = text.replace('organization: ""', f"organization: {json.dumps(org)}", 1)
            text = text.replace('device: ""', f"device: {json.dumps(device)}", 1)
            text = text.replace("status: in-progress", "status: complete", 1)
            text = text.replace(
                "respondent: {role: manager}",
                f'respondent: {{role: manager, name: "respondent {respondent}"}}',
            )
            text = re.sub(
                r"^  (F\d\d\.Q\d+):$",
                lambda m, b=base: _answer_line(m.group(1), rng, b + rng.uniform(-0.5, 0.5)),
                text,
                flags=re.MULTILINE,
            )
            files.append(text)
    rng.shuffle(files)  # respondents of one device end up far apart, as in a real export
    for i, text in enumerate(files):
        sub = folder / f"region-{i % 13:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"answers-{i:06d}.yaml").write_text(text, encoding="utf-8")
    return len(keys)


RESPONDENTS = ["A. Martin", "K. Haddad", "S. Lindqvist", "M. Rossi", "O. Kovalenko", "J. Diallo"]


def generate_plain(n: int, folder: Path, seed: int = 7) -> int:
    """Write ``n`` single-respondent files with ``yaml.safe_dump``; return the number of
    assessments (``n``: each file is its own organisation, device and date)."""
    import yaml

    sys.path.insert(0, str(ROOT))
    from profint_assess.loading import load_model

    model = load_model()
    questionnaire = model.questionnaire_for("manager")
    assert questionnaire is not None
    rng = random.Random(seed)
    for i in range(n):
        base = rng.uniform(0.8, 3.4)  # how far along this device is
        answers: dict[str, object] = {}
        for question in questionnaire.questions:
            value = _value(rng, base)
            if rng.random() < 0.35 or value == "na":
                answer: dict[str, object] = {"value": value, "note": rng.choice(NOTES)}
                if isinstance(value, int) and rng.random() < 0.3:
                    answer["evidence"] = rng.choice(("documented", "verified"))
                answers[question.id] = answer
            else:
                answers[question.id] = value
        respondent: dict[str, str] = {"role": "manager"}
        if rng.random() < 0.5:
            respondent["name"] = rng.choice(RESPONDENTS)
        data = {
            "format": "profint-answers/1",
            "questionnaire": questionnaire.id,
            "model": {"id": model.meta.id, "version": model.meta.version},
            "organization": f"{rng.choice(KINDS)} {rng.choice(CITIES)} {i}",
            "device": f"{rng.choice(DEVICES)} {2024 + i % 3}",
            "respondent": respondent,
            "date": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(330)),
            "status": "complete",
            "answers": answers,
        }
        sub = folder / f"region-{i % 13:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        (sub / f"answers-{i:06d}.yaml").write_text(text, encoding="utf-8")
    return n


CORPORA = {"template": generate, "plain": generate_plain}


# --- measurements, each run in a fresh process ----------------------------------------------


def _floor(folder: str) -> dict:
    import yaml

    start, cpu = time.perf_counter(), time.process_time()
    paths = sorted(Path(folder).rglob("*.yaml"))
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "files": len(paths),
        "rss_mb": peak_rss_mb(),
    }


def _batch(folder: str, fmt: str = "json", jobs: int = 1) -> dict:
    """The function behind ``profint-assess batch``, called in-process, output to a file."""
    from profint_assess.cli.batch import batch
    from profint_assess.cli.common import BatchFormat
    from profint_assess.errors import ProfintError
    from profint_assess.loading import load_model

    # Imports and the model are loaded once per run, not per file: warm them up so that the
    # ratio compares the per-file paths (the subprocess run below includes start-up).
    load_model()
    out = Path(folder).parent / f"batch.{fmt}"
    start, cpu = time.perf_counter(), time.process_time()
    try:
        batch([folder], fmt=BatchFormat(fmt), output=out, jobs=jobs)
        code = 0
    except ProfintError as exc:
        code = exc.exit_code
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss = peak_rss_mb()  # before the count below, which reads the whole output
    size = out.stat().st_size
    text = out.read_text(encoding="utf-8")
    out.unlink()
    if fmt.startswith("json"):
        assessments = len(json.loads(text)["assessments"])
    else:
        assessments = sum(1 for line in text.splitlines() if line.startswith("assessment,"))
    return {
        "seconds": seconds,
        "cpu": cpu,
        "exit": code,
        "assessments": assessments,
        "rss_mb": rss,
        "bytes": size,
    }


def _verify(folder: str) -> dict:
    """Every assessment of ``batch`` equal to the report ``score`` gives for its files."""
    from profint_assess.cli.batch import batch
    from profint_assess.cli.common import BatchFormat
    from profint_assess.loading import expand_answer_paths, load_answers, load_model
    from profint_assess.report.json import report_to_dict
    from profint_assess.scoring import score

    out = Path(folder).parent / "verify.json"
    # The full form (profint-batch/1) carries each assessment as `score` reports it; the
    # compact /2 drops the texts by design.
    batch([folder], fmt=BatchFormat("json-full"), output=out)
    assessments = json.loads(out.read_text(encoding="utf-8"))["assessments"]
    out.unlink()
    model = load_model()
    groups: dict[tuple, list] = {}
    for path in expand_answer_paths([folder]):
        answers = load_answers(path, model)
        groups.setdefault((answers.organization, answers.device, answers.date), []).append(answers)
    expected = [report_to_dict(score(model, groups[key])) for key in sorted(groups)]
    return {"assessments": len(assessments), "equal": assessments == expected}


def _profile(folder: str, fmt: str = "json", top: int = 30) -> dict:
    """cProfile of one in-process batch; the ``top`` functions by own time, as text."""
    import cProfile
    import io
    import pstats

    from profint_assess.cli.batch import batch
    from profint_assess.cli.common import BatchFormat
    from profint_assess.loading import load_model

    load_model()
    out = Path(folder).parent / f"profile.{fmt}"
    profiler = cProfile.Profile()
    profiler.enable()
    batch([folder], fmt=BatchFormat(fmt), output=out)
    profiler.disable()
    out.unlink()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return {"text": text.getvalue()}


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MiB.

    Linux's VmHWM is the peak of the current program only; ``ru_maxrss`` would also count the
    parent's memory copied at fork, which survives exec.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024


def _child(kind: str, folder: str, *args: object) -> dict:
    """Run one measurement in a fresh interpreter; return its result and peak memory."""
    call = ", ".join(repr(a) for a in (folder, *args))
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); import benchmarks.batch as b; "
        f"r = b._{kind}({call}); print(json.dumps(r))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def _cli(folder: str, fmt: str) -> dict:
    """``profint-assess batch`` as a user runs it, start-up included (output to /dev/null)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "profint_assess", "batch", folder, "--format", fmt],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return {"seconds": time.perf_counter() - start, "exit": proc.returncode}


def measure(
    n: int, corpus: str, formats: list[str], repeat: int, checks: bool, keep: Path | None
) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="profint-bench-"))
    folder = tmp / "answers"
    try:
        assessments = CORPORA[corpus](n, folder)
        size = sum(p.stat().st_size for p in folder.rglob("*.yaml"))
        floors: list[dict] = []
        runs: dict[str, list[dict]] = {fmt: [] for fmt in formats}
        for _ in range(repeat):
            floors.append(_child("floor", str(folder)))
            for fmt in formats:
                runs[fmt].append(_child("batch", str(folder), fmt))
        floor = min(r["seconds"] for r in floors)
        floor_cpu = min(r["cpu"] for r in floors)
        result: dict = {
            "files": n,
            "corpus": corpus,
            "assessments": assessments,
            "mean_file_kb": size / n / 1024,
            "floor_s": floor,
            "floor_rss_mb": max(r["rss_mb"] for r in floors),
            "formats": {},
            "verified": _child("verify", str(folder)),
        }
        for fmt, results in runs.items():
            best = min(r["seconds"] for r in results)
            result["formats"][fmt] = {
                "seconds": best,
                "ratio": best / floor,
                # CPU time of the process alone: steadier than wall time on a shared machine.
                "cpu_ratio": min(r["cpu"] for r in results) / floor_cpu,
                "rss_mb": max(r["rss_mb"] for r in results),
                "kb_per_assessment": results[0]["bytes"] / max(1, results[0]["assessments"]) / 1024,
                "exit": results[0]["exit"],
                "assessments": results[0]["assessments"],
            }
        if checks:
            jobs = os.cpu_count() or 1
            result["cli_s"] = _cli(str(folder), formats[0])["seconds"]
            result["jobs"] = jobs
            if jobs > 1:
                result["jobs_s"] = _child("batch", str(folder), formats[0], jobs)["seconds"]
        if keep:
            shutil.copytree(folder, keep / f"answers-{corpus}-{n}", dirs_exist_ok=True)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def profile(n: int, corpus: str, fmt: str) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="profint-bench-"))
    folder = tmp / "answers"
    try:
        CORPORA[corpus](n, folder)
        return _child("profile", str(folder), fmt)["text"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", help="files to generate (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="default: both")
    parser.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=["csv", "json", "json-full", "table"],
        help="batch output formats to time (default: csv and json)",
    )
    parser.add_argument("--checks", action="store_true", help="also time the CLI and --jobs")
    parser.add_argument("--keep", type=Path, help="copy the generated files into this folder")
    parser.add_argument(
        "--profile", choices=sorted(CORPORA), help="only profile batch on this corpus"
    )
    args = parser.parse_args()
    formats = args.formats or ["csv", "json"]
    sizes = args.n or [2000]
    if args.profile:
        print(profile(sizes[0], args.profile, formats[-1]))
        return
    results = [
        measure(n, corpus, formats, args.repeat, args.checks, args.keep)
        for n in sizes
        for corpus in args.corpus or ["template", "plain"]
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, best of {args.repeat}")
    print(
        f"{'files':>6} {'corpus':>8} {'assess.':>7} {'kB/file':>7} {'floor s':>7} "
        f"{'floor RSS':>9} {'format':>9} {'batch s':>7} {'ratio':>6} {'cpu':>6} {'peak RSS':>9} "
        f"{'kB/assess.':>10}"
    )
    for r in results:
        for fmt, f in r["formats"].items():
            print(
                f"{r['files']:>6} {r['corpus']:>8} {r['assessments']:>7} "
                f"{r['mean_file_kb']:>7.1f} {r['floor_s']:>7.2f} {r['floor_rss_mb']:>7.1f}MB "
                f"{fmt:>9} {f['seconds']:>7.2f} {f['ratio']:>5.2f}x {f['cpu_ratio']:>5.2f}x "
                f"{f['rss_mb']:>7.1f}MB "
                + (f"{f['kb_per_assessment']:>10.1f}" if fmt.startswith("json") else f"{'':>10}")
            )
            if f["exit"] != 0 or f["assessments"] != r["assessments"]:
                print(
                    f"  ! exit {f['exit']}, {f['assessments']} assessments, "
                    f"{r['assessments']} expected"
                )
        v = r["verified"]
        same = v["equal"] and v["assessments"] == r["assessments"]
        print(
            f"       every assessment equal to what `score` gives for its files: "
            f"{'yes' if same else 'NO'}"
        )
        if "cli_s" in r:
            print(f"       the CLI as a subprocess (start-up included): {r['cli_s']:.2f} s")
        if "jobs_s" in r:
            print(
                f"       --jobs {r['jobs']}: {r['jobs_s']:.2f} s "
                f"({r['jobs_s'] / r['floor_s']:.2f}x the single-process floor)"
            )
    if len(sizes) > 1:
        for corpus in args.corpus or ["template", "plain"]:
            low, high = (
                next(r for r in results if r["corpus"] == corpus and r["files"] == n)
                for n in (min(sizes), max(sizes))
            )
            for fmt in formats:
                ratio = high["formats"][fmt]["rss_mb"] / low["formats"][fmt]["rss_mb"]
                print(
                    f"peak memory {corpus} {fmt}, {high['files']} vs {low['files']} files: "
                    f"{ratio:.2f}x"
                )


if __name__ == "__main__":
    main()
