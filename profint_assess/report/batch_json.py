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
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    yield f'{{"format": "{BATCH_FORMAT}",\n"files": {batch.files},\n"assessments": ['
    separator = "\n"
    for report in batch.reports(summary):
        yield separator + dumps(report_to_dict(report))
        separator = ",\n"
    body = json.dumps(summary.as_dict(), indent=2, ensure_ascii=False)
    yield f'\n],\n"summary": {body}}}\n'
