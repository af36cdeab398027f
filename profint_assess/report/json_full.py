"""``batch --format json-full`` (``profint-batch/1``): every assessment as the full ``score``
JSON report, recommendations' texts included, then the summary.

Kept for scripts written against ``profint-batch/1``; the default ``--format json``
(``profint-batch/3``, :func:`profint_assess.report.json.batch`) holds the same numbers in a
fraction of the size. One assessment per line, so that the document streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from profint_assess.batch import BATCH_FORMAT_FULL, Batch, Summary
from profint_assess.report.json import learning_to_dict, report_to_dict

if TYPE_CHECKING:
    from profint_assess.learning import LearningResult


def batch(
    batch: Batch, summary: Summary, *, learning: Sequence[LearningResult] = (), **_: Any
) -> Iterator[str]:
    """Every assessment as the ``score`` report, then a summary; one assessment per line."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    # Recommendations are most of each report's text (about 30 kB with the built-in model) and
    # the same for every assessment that triggers them: encode each once. "recommendations" is
    # the report's last key, so splicing them in gives the very text encoding the whole dict
    # would.
    encoded: dict[str, str] = {}
    yield f'{{"format": "{BATCH_FORMAT_FULL}",\n"files": {batch.files},\n"assessments": ['
    separator = "\n"
    for report in batch.reports(summary):
        data = report_to_dict(report)
        recommendations = data.pop("recommendations")
        parts = []
        for rec in recommendations:
            text = encoded.get(rec["id"])
            if text is None:
                text = encoded[rec["id"]] = encode(rec)
            parts.append(text)
        head = encode(data)
        yield f'{separator}{head[:-1]}, "recommendations": [{", ".join(parts)}]}}'
        separator = ",\n"
    body = json.dumps(summary.as_dict(), indent=2, ensure_ascii=False)
    if not learning:
        yield f'\n],\n"summary": {body}}}\n'
        return
    # Added with the learning grid (same format version: keys only added).
    extra = json.dumps(learning_to_dict(learning, model=batch.model), indent=2, ensure_ascii=False)
    yield f'\n],\n"summary": {body},\n{extra[1:-1].strip()}\n}}\n'
