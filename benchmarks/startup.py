"""Start-up cost: ``--help`` and a one-file ``score`` (JSON and terminal), against ``import typer``.

Usage::

    python benchmarks/startup.py [--runs N] [--example FILE] [--tree DIR]

Runs each command N times (default 20), interleaved: round after round, every command once, so
that a busy machine slows them all alike. Prints the best and median wall time of each, and the
ratio of its median to the median of ``python -c "import typer"`` (the baseline), with the
targets: ``--help`` at most 1.5x, ``score --format json`` 2.0x, ``score`` to the terminal 2.5x.
The ratio of the best times is shown too: on a machine busy with other work, waiting for a CPU
adds about the same time to every run and so brings the medians' ratios closer to 1; the best
times are nearer to what a quiet machine gives.
``score --help`` is shown too: it parses a command and stops before any of our core is
imported, so it measures the CLI's own part.

What is timed is what a user gets after the first run on a machine: the commands run this
tree's code as the console script does (``from profint_assess.cli import main; main()``); one
untimed run of each first fills the model cache (in its usual place, or ``PROFINT_CACHE_DIR``)
and writes the bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped for the children: an installed
package has its ``.pyc`` files, and compiling our modules at every run would be timed
otherwise). The terminal report goes to a pipe at 100 columns: Rich lays it out as for a
terminal, without colour codes. ``--tree DIR`` times the code of another checkout instead
(e.g. an unpacked ``git archive main``, to compare before and after a change).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "valcourt-pathways.yaml"
ENTRY = "from profint_assess.cli import main; main()"
BASELINE = "import typer (baseline)"
TARGETS = {"--help": 1.5, "score --format json": 2.0, "score (terminal)": 2.5}


def commands(example: Path) -> dict[str, list[str]]:
    py = sys.executable
    cli = [py, "-c", ENTRY]
    return {
        BASELINE: [py, "-c", "import typer"],
        "--help": [*cli, "--help"],
        "score --help": [*cli, "score", "--help"],
        "score --format json": [*cli, "score", str(example), "--format", "json"],
        "score (terminal)": [*cli, "score", str(example)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=20, help="rounds of timing (default 20)")
    parser.add_argument("--example", type=Path, default=EXAMPLE, help="the answers file scored")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code runs")
    args = parser.parse_args()
    tree = args.tree.resolve()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(tree), COLUMNS="100")
    runs = commands(args.example.resolve())
    for cmd in runs.values():  # bytecode written, model cache and OS file cache warm
        subprocess.run(cmd, env=env, cwd=tree, capture_output=True, check=True)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.runs):
        for name, cmd in runs.items():
            started = time.perf_counter()
            subprocess.run(cmd, env=env, cwd=tree, capture_output=True, check=True)
            samples[name].append(time.perf_counter() - started)
    base = statistics.median(samples[BASELINE])
    print(f"{tree}: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} rounds")
    base_best = min(samples[BASELINE])
    print(f"{'command':24} {'best ms':>8} {'median ms':>10} {'ratio':>6} {'(best)':>7}  target")
    for name, values in samples.items():
        median = statistics.median(values)
        ratio = median / base
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"{target:.1f}x " + ("ok" if ratio <= target else "MISSED")
        best = min(values)
        print(
            f"{name:24} {best * 1000:8.1f} {median * 1000:10.1f} {ratio:5.2f}x "
            f"{best / base_best:6.2f}x  {verdict}"
        )


if __name__ == "__main__":
    main()
