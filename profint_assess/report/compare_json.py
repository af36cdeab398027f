"""Compare JSON (``profint-compare/1``): before, after, delta and status, full precision."""

from __future__ import annotations

import json
from typing import Any

from profint_assess.compare import Comparison, comparison_to_dict


def render(comparison: Comparison, **_: Any) -> str:
    return json.dumps(comparison_to_dict(comparison), indent=2, ensure_ascii=False) + "\n"
