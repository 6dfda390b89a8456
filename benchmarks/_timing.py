"""Timing helpers shared by the benchmark scripts (not a benchmark itself)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

REPEATS = 50
REPEAT_SCALE = float(os.environ.get("INSULINLAB_BENCH_REPEAT_SCALE", "1"))
"""Scales every repeat count (at least one repeat remains): `make test` runs the benchmarks at 0.2
to keep its time down; `make bench` gives the full figures."""


def median_ms(function: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Median wall and CPU time of ``function()`` in milliseconds, after one warm-up call.

    On a loaded machine the wall time exceeds the CPU time; the CPU time shows the cost itself.
    """
    function()
    wall, cpu = [], []
    for _ in range(max(1, round(repeats * REPEAT_SCALE))):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return 1e3 * statistics.median(wall), 1e3 * statistics.median(cpu)


def report(label: str, timing: tuple[float, float], target_ms: float | None = None) -> None:
    """Print one line: label, wall and CPU milliseconds, and the target with a verdict."""
    wall, cpu = timing
    if target_ms is None:
        verdict = "no target"
    else:
        verdict = f"target ≤ {target_ms:g} ms: {'ok' if wall <= target_ms else 'over'}"
    print(f"  {label:<56} {wall:8.2f} ms wall {cpu:8.2f} ms CPU  ({verdict})")
