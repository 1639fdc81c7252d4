"""What both benchmark scripts do around a run: tune the simulator's own collector, write the results."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def tune_simulator_gc() -> None:
    """CPython's default collector thresholds made the simulator itself stall for 0.4-0.6 s at 2,000 phones (full
    collections over every phone's element tree), which showed up as slow acknowledgements. The server is tuned in
    eventapp/crowd.py; the simulator gets high thresholds (and tests/bench/phones.py freezes what it holds once the
    phones have joined)."""
    gc.set_threshold(200_000, 50, 1000)


def reference_ms() -> float:
    """How fast this machine runs plain Python right now: the best of three runs of a fixed loop, in ms.

    This laptop-sized VM shares its host: the same loop took 470-700 ms within a minute on an idle machine. Taken at
    the start and the end of each run, it tells which runs had the machine at full speed (lower is faster)."""
    best = float('inf')
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i
        best = min(best, time.perf_counter() - t0)
    return round(best * 1000, 1)


def write_results(stem: Path, result: dict[str, Any], table: Callable[[dict[str, Any]], str]) -> None:
    """`<stem>.json` with every figure, `<stem>.md` with the table, and the table on stdout."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix('.json').write_text(json.dumps(result, indent=1, default=str))
    stem.with_suffix('.md').write_text(table(result))
    print(table(result))
