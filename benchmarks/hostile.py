"""Hostile inputs under the 2 MB limit that used to take minutes (issue 18): each must stay linear.

Four cases, each timed at N and 2N so that a quadratic loop shows as a ratio near 4 (linear: 2):

- ``unknown-ids``: one answers file with N unknown question ids (each problem is located on
  the node tree; 100,000 took about five minutes);
- ``compare``: two saved reports (``profint-report/1``) of N factors each, compared by the CLI
  as JSON (1.9 MB reports took about three minutes);
- ``one-assessment``: N encoded files of ONE assessment added to a :class:`Batch` then scored,
  against N files of N distinct assessments (the bytes of one assessment were concatenated
  file after file);
- ``folded-scalar``: one plain scalar folded over N lines, read by the quick YAML reader
  (joined again at every line, 80,000 lines took 48 s).

Usage::

    python benchmarks/hostile.py               # the sizes of the issue
    python benchmarks/hostile.py --scale 0.2   # smaller, for a quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def unknown_ids(n: int, folder: Path) -> float:
    from profint_assess.errors import AnswersError
    from profint_assess.loading import load_answers, load_model

    model = load_model()
    lines = [
        "format: profint-answers/1",
        "questionnaire: self-assessment",
        f'model: {{id: {model.meta.id}, version: "{model.meta.version}"}}',
        "organization: O",
        "device: D",
        "respondent: {role: manager}",
        "date: 2026-11-28",
        "answers:",
    ]
    lines += [f"  F{1 + i % 99:02d}.Q{100 + i}: 1" for i in range(n)]
    path = folder / f"unknown-{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run() -> None:
        try:
            load_answers(path, model)
        except AnswersError as exc:
            assert len(exc.problems) == n, len(exc.problems)
        else:
            raise AssertionError("unknown ids were accepted")

    return timed(run)


def _report(n: int, shift: float) -> dict[str, object]:
    factors = [
        {"id": f"X{i}", "title": f"Factor {i}", "score": (i * 7 + shift) % 100, "gap": 0.0}
        for i in range(n)
    ]
    return {
        "format": "profint-report/1",
        "organization": "O",
        "device": "D",
        "date": "2026-11-28",
        "overall": {"score": 50.0, "level": "established"},
        "fields": [{"id": "f", "title": "F", "score": 50.0}],
        "factors": factors,
    }


def compare_reports(n: int, folder: Path) -> float:
    before, after = folder / f"before-{n}.json", folder / f"after-{n}.json"
    before.write_text(json.dumps(_report(n, 0)), encoding="utf-8")
    after.write_text(json.dumps(_report(n, 13)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "profint_assess", "compare", str(before), "--to", str(after)]
    command += ["--format", "json", "-o", str(folder / "out.json")]

    def run() -> None:
        subprocess.run(command, env=env, check=True, capture_output=True)

    return timed(run)


def one_assessment(n: int, distinct: bool) -> float:
    from profint_assess.batch import Batch, Summary
    from profint_assess.loading import load_model

    model = load_model()
    batch = Batch(model)
    questionnaire = model.questionnaires[0]
    record = bytes([0, 0, 0, 0, 0, 0, 0]) + bytes([3] * len(questionnaire.questions))
    day = dt.date(2026, 11, 28)

    def run() -> None:
        for i in range(n):
            key = ("O", f"D{i}" if distinct else "D", day)
            batch.add_encoded((key, record, None))
        summary = Summary(model)
        for _ in batch.reports(summary):
            pass

    return timed(run)


def folded_scalar(n: int) -> float:
    from profint_assess.yaml_subset import parse_common

    text = "note: first\n" + "  more words\n" * n

    def run() -> None:
        if parse_common(text) is None:
            raise SystemExit("the quick reader declined a folded plain scalar")

    return timed(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--only", help="run only the cases whose name starts with this")
    args = parser.parse_args()
    sizes = {
        "unknown-ids": 50_000,
        "compare": 12_000,
        "one-assessment": 25_000,
        "folded-scalar": 80_000,
    }
    sizes = {k: max(10, int(v * args.scale)) for k, v in sizes.items()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'case':<26}{'N':>8}{'s':>9}{'2N':>8}{'s':>9}{'ratio':>7}")
        many = sizes["one-assessment"]
        cases: list[tuple[str, int, Callable[[int], float]]] = [
            ("unknown-ids", sizes["unknown-ids"], lambda n: unknown_ids(n, folder)),
            ("compare", sizes["compare"], lambda n: compare_reports(n, folder)),
            ("one-assessment (same)", many, lambda n: one_assessment(n, False)),
            ("one-assessment (distinct)", many, lambda n: one_assessment(n, True)),
            ("folded-scalar", sizes["folded-scalar"], folded_scalar),
        ]
        for name, n, case in cases:
            if args.only and not name.startswith(args.only):
                continue
            first, second = case(n), case(2 * n)
            print(f"{name:<26}{n:>8}{first:>9.2f}{2 * n:>8}{second:>9.2f}{second / first:>7.2f}")
        after = folder / f"after-{2 * sizes['compare']}.json"
        if after.exists():
            print(f"(compare at 2N: reports of {after.stat().st_size / 1e6:.1f} MB each)")


if __name__ == "__main__":
    main()
