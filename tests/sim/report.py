"""What both benchmark scripts do around a run: tune the simulator's own collector, write the results."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def tune_simulator_gc() -> None:
    """CPython's default collector thresholds made the simulator itself stall for 0.4-0.6 s at 2,000 phones (full
    collections over every phone's element tree), which showed up as slow acknowledgements. The server is tuned in
    eventapp/crowd.py; the simulator gets high thresholds (and tests/bench/phones.py freezes what it holds once the
    phones have joined)."""
    gc.set_threshold(200_000, 50, 1000)


def write_results(stem: Path, result: dict[str, Any], table: Callable[[dict[str, Any]], str]) -> None:
    """`<stem>.json` with every figure, `<stem>.md` with the table, and the table on stdout."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix('.json').write_text(json.dumps(result, indent=1, default=str))
    stem.with_suffix('.md').write_text(table(result))
    print(table(result))
