"""Reading answers files in worker processes, for ``batch --jobs N``.

Each worker loads the model once, then reads, parses, validates and checks files and sends back
only the compact record (:class:`~profint_assess.batch.Encoder`) or the file's problems: about
a hundred bytes per file cross the process boundary, not the parsed file. Results come back in
input order, so the output is the same as with one process.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path

from profint_assess.batch import Encoded, Encoder
from profint_assess.errors import AnswersError, Problem
from profint_assess.loading import load_any_answers, load_model
from profint_assess.records import GridAnswersFile, Model

CHUNK = 32  # files per task: large enough to amortise the queue, small enough to balance

_worker: dict[str, object] = {}


def _start(model_path: Path | None) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the pool and says
    # so once; a worker printing its own KeyboardInterrupt traceback would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    model = load_model(model_path)
    _worker["model"] = model
    _worker["encoder"] = Encoder(model)


def _read(path: Path) -> Encoded | GridAnswersFile | list[Problem]:
    model = _worker["model"]
    encoder = _worker["encoder"]
    assert isinstance(model, Model) and isinstance(encoder, Encoder)
    try:
        answers = load_any_answers(path, model)
    except AnswersError as exc:
        return exc.problems
    # A learning-grid file is sent whole (it is never encoded into an assessment's record).
    return answers if isinstance(answers, GridAnswersFile) else encoder.encode(answers)


def read_encoded(
    paths: Iterable[Path], model_path: Path | None, jobs: int
) -> Iterator[Encoded | GridAnswersFile | list[Problem]]:
    """Each file's record, or its problems, in input order, read by ``jobs`` processes."""
    with multiprocessing.Pool(jobs, initializer=_start, initargs=(model_path,)) as pool:
        yield from pool.imap(_read, paths, chunksize=CHUNK)
