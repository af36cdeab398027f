"""Running the real CLI in a subprocess, from this tree, with real exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import profint_assess

ROOT = Path(profint_assess.__file__).resolve().parent.parent


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run_cli(
    *args: str, cwd: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "profint_assess", *args],
        cwd=cwd,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(**env),
        check=False,
    )
