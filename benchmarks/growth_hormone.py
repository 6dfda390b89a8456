"""Wall time of the chapter 10 GH-exposure demo at the sizes its widgets use.

Run: /work/main/.venv/bin/python benchmarks/growth_hormone.py

Prints the median time per call (after a warm-up) next to its aim: a live slider should answer
within about 300 ms (model run plus one rendered frame), and the no-kernel form is built once
when the page is built. It does not assert: timings depend on the machine and its load. The
model alone (``compare_exposure_patterns``) is timed in ``benchmarks/hormones.py``.
"""

from __future__ import annotations

from _timing import median_ms, report

from insulinlab import growth_hormone
from insulinlab.widgets import gh_exposure

LIVE_TARGET_MS = 300.0


def main() -> None:
    uncached = gh_exposure._run.__wrapped__  # the cache would hide the model's cost
    print("gh_exposure.run_exposure(): 3 days, both patterns, glucose readout (uncached)")
    for curve in gh_exposure.CURVE_LABELS:
        report(
            f"{curve}, 2 × normal mean, 3 pulses/day",
            median_ms(lambda curve=curve: uncached(curve, 2.0, 3, 0.0), repeats=20),
            LIVE_TARGET_MS,
        )
    run = gh_exposure.run_exposure()
    sensitivity = run.comparison.pulsatile.insulin_sensitivity_relative
    print(f"growth_hormone.glucose_readout(): {sensitivity.size} points")
    report(
        "limited β-cell reserve",
        median_ms(lambda: growth_hormone.glucose_readout(sensitivity)),
        LIVE_TARGET_MS,
    )

    figure = gh_exposure.build_exposure_figure()
    settings = [("saturating", 1.0), ("sigmoidal", 3.0)]

    def move_and_render() -> None:
        curve, level = settings.pop(0)
        settings.append((curve, level))
        figure.update(curve, level)
        gh_exposure.frame_html(figure, gh_exposure.LIVE_DPI)

    print("one live update: move the figure to a new (cached) run and render one frame")
    report("update + PNG + HTML", median_ms(move_and_render, repeats=10), LIVE_TARGET_MS)
    print("the no-kernel form: 2 curves × 6 levels, built once per book build")
    report(
        "gh_exposure_static() (runs cached after the first call)",
        median_ms(gh_exposure.gh_exposure_static, repeats=3),
    )


if __name__ == "__main__":
    main()
