"""End to end in a real pseudo-terminal: answer, Ctrl-C, resume, finish, score.

The child is the real CLI (``python -m profint_assess``) with the pty as its controlling
terminal, so Ctrl-C is the terminal's own SIGINT and Ctrl-D its own end of input. Timeouts only
stop a hung test; nothing asserts on speed.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from profint_assess.loading import load_answers
from profint_assess.model import Answer, Model
from tests.helpers import cli_env, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
BOX_CHARS = set("─│┌┐└┘╭╮╰╯━┃")
WAIT = 60.0  # seconds before a hung child fails the test


class Terminal:
    """A child process on a pseudo-terminal; ``expect`` text, ``send`` keys."""

    def __init__(self, args: list[str], cwd: Path, **env: str) -> None:
        environment = cli_env(TERM="xterm-256color", COLUMNS="120", LINES="40", **env)
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the CLI
            try:
                os.chdir(cwd)
                argv = [sys.executable, "-m", "profint_assess", *args]
                os.execve(sys.executable, argv, environment)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.raw = b""
        self.pos = 0
        self.status: int | None = None

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError as exc:  # EIO: the child has gone and closed the terminal
            if exc.errno != errno.EIO:
                raise
            chunk = b""
        self.raw += chunk
        return bool(chunk)

    def expect(self, needle: str) -> None:
        """Wait until ``needle`` appears after what was already matched."""
        remaining = int(WAIT * 10)
        while True:
            found = self.text.find(needle, self.pos)
            if found >= 0:
                self.pos = found + len(needle)
                return
            if remaining == 0 or not self._read(0.1):
                pytest.fail(f"never saw {needle!r}; the terminal shows:\n{self.text[-3000:]}")
            remaining -= 1

    def send(self, keys: str | bytes) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def line(self, text: str) -> None:
        self.send(text + "\r")  # the Enter key; the terminal turns it into a newline

    def wait(self) -> int:
        """Read to the end and return the exit code."""
        for _ in range(int(WAIT * 10)):
            if not self._read(0.1):
                break
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        self.status = os.waitstatus_to_exitcode(status)
        return self.status

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


Spawn = Callable[..., Terminal]


@pytest.fixture
def spawn() -> Iterator[Spawn]:
    """Start terminals; kill any still running when the test ends (e.g. after a failure)."""
    started: list[Terminal] = []

    def start(args: list[str], cwd: Path, **env: str) -> Terminal:
        terminal = Terminal(args, cwd, **env)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.kill()


def test_ctrl_c_then_resume_to_the_end(spawn: Spawn, tmp_path: Path, builtin_model: Model) -> None:
    questions = [q.id for q in builtin_model.questionnaire_for("manager").questions]  # type: ignore[union-attr]
    first_five = {
        "F01.Q1": Answer(value=3, note="signed with two housing associations"),
        "F01.Q2": Answer(value="na"),
        "F01.Q3": Answer(value="unknown", note='ask "Marie": she knows'),
        "F01.Q4": Answer(value=0),
        "F01.Q5": Answer(value=4, note="réunion annuelle, compte rendu"),
    }
    typed = ["3 signed with two housing associations", "n", 'u ask "Marie": she knows', "0",
             "4 réunion annuelle, compte rendu"]  # fmt: skip

    term = spawn(["assess", "-o", "answers.yaml"], tmp_path)
    term.expect("Organisation: ")
    term.line("Mission Locale Example")
    term.expect("Device (the programme assessed): ")
    term.line("Youth Guarantee 2026")
    term.expect("Your role (manager, team, partner, company, beneficiary, external) [manager]: ")
    term.line("")  # Enter takes the default role
    term.expect("F01 Comprehensive accompaniment")
    term.expect("F01.Q1 [0-4 n u ? b q]: ")
    term.line("7")  # not a key: a reminder, then the same question
    term.expect("Type 0-4")
    term.expect("F01.Q1 [0-4 n u ? b q]: ")
    for qid, keys in zip(questions[:5], typed, strict=True):
        if qid != "F01.Q1":
            term.expect(f"{qid} [0-4 n u ? b q]: ")
        term.line(keys)
    term.expect("F01 done, 5 questions: 3 with a level, 1 not applicable, 1 don't know.")
    term.expect("F02.Q1 [0-4 n u ? b q]: ")
    term.send(b"\x03")  # Ctrl-C
    assert term.wait() == 130
    assert "Traceback" not in term.text
    assert "interrupted: 5 of 63 questions answered, all saved (status in-progress)" in term.text
    assert "Resume with: profint-assess assess --resume answers.yaml" in term.text

    path = tmp_path / "answers.yaml"
    saved = load_answers(path, builtin_model)
    assert saved.status == "in-progress"
    assert saved.answers == first_five

    term = spawn(["assess", "--resume", "answers.yaml"], tmp_path)
    term.expect("Resuming at F02.Q1: 5 of 63 questions answered so far.")
    for i, qid in enumerate(questions[5:]):
        term.expect(f"{qid} [0-4 n u ? b q]: ")
        term.line(str(i % 5))
    for _ in builtin_model.questionnaire_for("manager").open_questions:  # type: ignore[union-attr]
        term.expect("> ")
        term.line("")  # Enter skips an open question
    term.expect("Overall score")
    term.expect("Saved answers.yaml (status complete, 63 of 63 answered).")
    assert term.wait() == 0
    assert "Traceback" not in term.text

    saved = load_answers(path, builtin_model)
    assert saved.status == "complete"
    assert list(saved.answers) == questions
    assert {k: saved.answers[k] for k in first_five} == first_five
    scored = run_cli("score", "answers.yaml", "--format", "json", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert '"status": "complete"' in scored.stdout


def test_ctrl_d_saves_and_exits_without_a_traceback(
    spawn: Spawn, tmp_path: Path, small_model_dir: Path, small_model: Model
) -> None:
    term = spawn(
        ["assess", "--model", str(small_model_dir), "--organization", "Org", "--device", "Dev",
         "--role", "team", "-o", "a.yaml"],
        tmp_path,
    )  # fmt: skip
    term.expect("F01.Q1 [0-4 n u ? b q]: ")
    term.line("2 a note")
    term.expect("F01.Q2 [0-4 n u ? b q]: ")
    term.send(b"\x04")  # Ctrl-D: end of input
    assert term.wait() == 130
    assert "Traceback" not in term.text
    assert "input ended: 1 of 4 questions answered, all saved" in term.text
    assert load_answers(tmp_path / "a.yaml", small_model).answers == {
        "F01.Q1": Answer(value=2, note="a note")
    }


@pytest.mark.parametrize(("flag", "env"), [("--plain", {}), (None, {"NO_COLOR": "1"})])
def test_plain_and_no_color_in_a_terminal(
    spawn: Spawn, tmp_path: Path, small_model_dir: Path, flag: str | None, env: dict[str, str]
) -> None:
    args = ["assess", "--model", str(small_model_dir), "--organization", "O", "--device", "D",
            "--role", "team", "-o", "a.yaml"]  # fmt: skip
    term = spawn(args + ([flag] if flag else []), tmp_path, **env)
    term.expect("F01.Q1 [0-4 n u ? b q]: ")
    term.line("q")
    assert term.wait() == 0
    raw = term.raw.decode("utf-8", "replace")
    assert "\x1b[" not in raw  # no colour, no style
    assert not BOX_CHARS & set(raw)
    assert "Continue with: profint-assess assess --resume a.yaml" in term.text


def test_a_colour_terminal_gets_the_panel(
    spawn: Spawn, tmp_path: Path, small_model_dir: Path
) -> None:
    args = ["assess", "--model", str(small_model_dir), "--organization", "O", "--device", "D",
            "--role", "team", "-o", "a.yaml"]  # fmt: skip
    term = spawn(args, tmp_path)
    term.expect("F01.Q1 [0-4 n u ? b q]: ")
    term.line("q")
    assert term.wait() == 0
    assert BOX_CHARS & set(term.text)


def test_arrow_keys_edit_the_line_instead_of_landing_in_the_note(
    spawn: Spawn, tmp_path: Path, small_model_dir: Path, small_model: Model
) -> None:
    term = spawn(
        ["assess", "--model", str(small_model_dir), "--organization", "Org", "--device", "Dev",
         "--role", "team", "-o", "a.yaml"],
        tmp_path,
    )  # fmt: skip
    term.expect("F01.Q1 [0-4 n u ? b q]: ")
    term.send(b"2 abc\x1b[D\x1b[DX")  # two left arrows, then X inserted before "bc"
    term.line("")
    term.expect("F01.Q2 [0-4 n u ? b q]: ")
    term.send(b"\x04")
    assert term.wait() == 130
    assert load_answers(tmp_path / "a.yaml", small_model).answers == {
        "F01.Q1": Answer(value=2, note="aXbc")
    }
