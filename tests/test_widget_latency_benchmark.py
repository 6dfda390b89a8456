"""Smoke tests for benchmarks/widget_latency.py: it finds the live widgets and measures one.

No timing thresholds: only that the numbers are there and make sense.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "widget_latency.py"


@pytest.fixture(scope="module")
def latency():
    spec = importlib.util.spec_from_file_location("widget_latency", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_finds_live_builders_but_not_static_forms(latency):
    builders, skipped = latency.live_builders()
    labels = {builder.label for builder in builders}
    assert "hyperbola_explorer.hyperbola_explorer" in labels
    assert "meal_day.meal_day_explorer" in labels
    assert not any(builder.function.endswith("_static") for builder in builders)
    assert skipped.get("hormone_map") == "no live builder"


def test_measures_one_widget_in_a_kernel(latency):
    builder = latency.LiveBuilder("hyperbola_explorer", "hyperbola_explorer")
    with latency.KernelSession() as session:
        timing = latency.measure_widget(session, builder, changes=3, seed=1, warm_up=0)
    assert timing.label == "hyperbola_explorer.hyperbola_explorer"
    assert len(timing.latencies_ms) == 3
    assert all(math.isfinite(ms) and ms > 0 for ms in timing.latencies_ms)
    assert timing.median_ms <= timing.p95_ms <= max(timing.latencies_ms)
    assert timing.kernel_cpu_ms >= 0
    assert timing.figure_updates == 3  # every slider move sends a new picture


def test_baseline_recreates_the_figure_and_undoes(latency):
    from insulinlab.widgets import hyperbola_explorer

    undo = latency.recreate_figures_on_update("insulinlab.widgets.hyperbola_explorer")
    assert undo is not None and undo.classes == ["ExplorerFigure"]
    try:
        explorer = hyperbola_explorer.build_explorer_figure()
        figure = explorer.figure
        state = explorer.update(0.5, 2.0)
        assert explorer.figure is not figure  # a new figure, every artist drawn again
        assert state.insulin_sensitivity == 0.5
    finally:
        undo()
    explorer = hyperbola_explorer.build_explorer_figure()
    figure = explorer.figure
    explorer.update(0.5, 2.0)
    assert explorer.figure is figure
