"""Start-up cost: `profint-assess --help` and `score` of one file, against `import typer`.

Run: python benchmarks/startup.py [--runs N]. Prints the best and median wall time of each
command over N runs and the ratio to the baseline. The goal for --help is at most 1.5x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "valcourt-pathways.yaml"


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - started)
    return min(samples), statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    py = sys.executable
    # The console script is what users run; `python -m` adds runpy's own start-up.
    script = Path(py).parent / "profint-assess"
    cli = [str(script)] if script.exists() else [py, "-m", "profint_assess"]
    commands = {
        "python -c 'import typer' (baseline)": [py, "-c", "import typer"],
        "profint-assess --help": [*cli, "--help"],
        "profint-assess score (one file)": [*cli, "score", str(EXAMPLE), "--format", "json"],
    }
    results = {name: timed(cmd, args.runs) for name, cmd in commands.items()}
    base_best, base_median = next(iter(results.values()))
    print(f"{'command':42} {'best ms':>8} {'median ms':>10} {'ratio':>6}")
    for name, (best, median) in results.items():
        print(f"{name:42} {best * 1000:8.1f} {median * 1000:10.1f} {median / base_median:6.2f}")


if __name__ == "__main__":
    main()
