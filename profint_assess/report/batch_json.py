"""Batch JSON (``profint-batch/1``): every assessment as the ``score`` JSON report, then a summary.

Written one assessment per line so that it streams; still one JSON document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from profint_assess.batch import BATCH_FORMAT, Batch, Summary
from profint_assess.report.json_report import report_to_dict


def render(batch: Batch, summary: Summary, **_: Any) -> Iterator[str]:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    # Recommendations are most of each report's text (about 45 kB with the built-in model) and
    # the same for every assessment that triggers them: encode each once. "recommendations" is
    # the report's last key, so splicing them in gives the very text encoding the whole dict
    # would.
    encoded: dict[str, str] = {}
    yield f'{{"format": "{BATCH_FORMAT}",\n"files": {batch.files},\n"assessments": ['
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
    yield f'\n],\n"summary": {body}}}\n'
