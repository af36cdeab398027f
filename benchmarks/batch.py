"""Benchmark ``profint-assess batch`` against the libyaml floor, and measure its peak memory.

Generates N realistic answers files (filled-in copies of the ``template`` output: the question
texts as comments, 1-3 respondents per device, notes on about a third of the answers, some
``na`` and ``unknown``), scattered over sub-folders in a shuffled order, into a temporary folder.
Then, each in a fresh process so that peak memory is its own:

- the floor: every file read and parsed with ``yaml.CSafeLoader``, nothing else;
- ``batch``: the function the CLI calls, in-process, JSON output to a file (the heaviest
  output: every assessment carries the whole ``score`` JSON report);
- ``profint-assess batch`` as a subprocess (start-up included), table output to /dev/null;
- ``batch --jobs N`` with N the number of CPUs, once.

Prints wall times, the ratio batch / floor and peak RSS. Usage::

    python benchmarks/batch.py                 # 2,000 files
    python benchmarks/batch.py -n 20000        # or any N
    python benchmarks/batch.py -n 2000 -n 20000 --repeat 3

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


def _answer_line(qid: str, rng: random.Random, base: float) -> str:
    roll = rng.random()
    if roll < 0.04:
        value: object = "na"
    elif roll < 0.08:
        value = "unknown"
    else:
        value = max(0, min(4, round(rng.gauss(base, 1.0))))
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


# --- measurements, each run in a fresh process ----------------------------------------------


def _floor(folder: str) -> dict:
    import yaml

    start = time.perf_counter()
    paths = sorted(Path(folder).rglob("*.yaml"))
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506
    return {"seconds": time.perf_counter() - start, "files": len(paths), "rss_mb": peak_rss_mb()}


def _batch(folder: str, jobs: int = 1) -> dict:
    """The function behind ``profint-assess batch``, called in-process, JSON to a file."""
    from profint_assess.cli.batch import batch
    from profint_assess.cli.common import BatchFormat
    from profint_assess.errors import ProfintError
    from profint_assess.loading import load_model

    # Imports and the model are loaded once per run, not per file: warm them up so that the
    # ratio compares the per-file paths (the subprocess run below includes start-up).
    load_model()
    out = Path(folder).parent / "batch.json"
    start = time.perf_counter()
    try:
        batch([folder], fmt=BatchFormat.json, output=out, jobs=jobs)
        code = 0
    except ProfintError as exc:
        code = exc.exit_code
    seconds = time.perf_counter() - start
    rss = peak_rss_mb()  # before the check below, which reads the whole output
    data = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return {
        "seconds": seconds,
        "exit": code,
        "assessments": len(data["assessments"]),
        "rss_mb": rss,
    }


def _verify(folder: str) -> dict:
    """Every assessment of ``batch`` equal to the report ``score`` gives for its files."""
    from profint_assess.cli.batch import batch
    from profint_assess.cli.common import BatchFormat
    from profint_assess.loading import expand_answer_paths, load_answers, load_model
    from profint_assess.report.json import report_to_dict
    from profint_assess.scoring import score

    out = Path(folder).parent / "verify.json"
    # The full form (profint-batch/1) carries each assessment as `score` reports it.
    batch([folder], fmt=BatchFormat("json-full"), output=out)
    batch = json.loads(out.read_text(encoding="utf-8"))["assessments"]
    out.unlink()
    model = load_model()
    groups: dict[tuple, list] = {}
    for path in expand_answer_paths([folder]):
        answers = load_answers(path, model)
        groups.setdefault((answers.organization, answers.device, answers.date), []).append(answers)
    expected = [report_to_dict(score(model, groups[key])) for key in sorted(groups)]
    return {"assessments": len(batch), "equal": batch == expected}


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


def _cli(folder: str) -> dict:
    """``profint-assess batch`` as a user runs it, start-up included (table to /dev/null)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "profint_assess", "batch", folder, "--format", "table"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return {"seconds": time.perf_counter() - start, "exit": proc.returncode}


def measure(n: int, repeat: int, keep: Path | None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="profint-bench-"))
    folder = tmp / "answers"
    try:
        devices = generate(n, folder)
        size = sum(p.stat().st_size for p in folder.rglob("*.yaml"))
        # Interleaved, best of each kept: a busy machine slows both alike, not one of them.
        floors, batches = [], []
        for _ in range(repeat):
            floors.append(_child("floor", str(folder)))
            batches.append(_child("batch", str(folder)))
        cli = _cli(str(folder))
        verified = _child("verify", str(folder))
        jobs = os.cpu_count() or 1
        parallel = _child("batch", str(folder), jobs) if jobs > 1 else None
        floor = min(r["seconds"] for r in floors)
        batch = min(r["seconds"] for r in batches)
        result = {
            "files": n,
            "devices": devices,
            "mean_file_kb": size / n / 1024,
            "floor_s": floor,
            "batch_s": batch,
            "ratio": batch / floor,
            "assessments": batches[0]["assessments"],
            "exit": batches[0]["exit"],
            "floor_rss_mb": max(r["rss_mb"] for r in floors),
            "batch_rss_mb": max(r["rss_mb"] for r in batches),
            "cli_s": cli["seconds"],
            "jobs": jobs,
            "verified": verified["equal"] and verified["assessments"] == devices,
            "jobs_s": parallel["seconds"] if parallel else None,
            "cli_exit": cli["exit"],
        }
        if keep:
            shutil.copytree(folder, keep / f"answers-{n}", dirs_exist_ok=True)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", help="files to generate (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--keep", type=Path, help="copy the generated files into this folder")
    args = parser.parse_args()
    results = [measure(n, args.repeat, args.keep) for n in (args.n or [2000])]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    header = (
        f"{'files':>7} {'assess.':>7} {'kB/file':>7} {'floor s':>8} {'batch s':>8} "
        f"{'ratio':>6} {'cli s':>7} {'floor RSS':>10} {'batch RSS':>10}"
    )
    print(header)
    for r in results:
        print(
            f"{r['files']:>7} {r['devices']:>7} {r['mean_file_kb']:>7.1f} {r['floor_s']:>8.2f} "
            f"{r['batch_s']:>8.2f} {r['ratio']:>6.2f} {r['cli_s']:>7.2f} "
            f"{r['floor_rss_mb']:>8.1f}MB {r['batch_rss_mb']:>8.1f}MB"
        )
        print(
            "        every assessment equal to what `score` gives for its files: "
            + ("yes" if r["verified"] else "NO")
        )
        if r["jobs_s"] is not None:
            print(
                f"        --jobs {r['jobs']}: {r['jobs_s']:.2f} s "
                f"({r['jobs_s'] / r['floor_s']:.2f}x the single-process floor)"
            )
        if r["exit"] != 0 or r["assessments"] != r["devices"]:
            print(f"  ! exit {r['exit']}, {r['assessments']} assessments, {r['devices']} expected")
    if len(results) > 1:
        low, high = results[0], results[-1]
        print(
            f"peak memory {high['files']} vs {low['files']} files: "
            f"{high['batch_rss_mb'] / low['batch_rss_mb']:.2f}x"
        )


if __name__ == "__main__":
    main()
