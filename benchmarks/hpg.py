"""Wall time of the chapter 08 HPG demo: one live refresh, the no-kernel build and its weight.

Run: /work/main/.venv/bin/python benchmarks/hpg.py

The model itself (``hpg.simulate``, ``hpg.steady_state``) is timed in benchmarks/hormones.py;
this script times what the widget adds on top: one live refresh (a 180-day run, redrawing the
artists and a PNG), the seven-frame no-kernel stack, and the saved widget state the page
carries. It does not assert: timings depend on the machine and its load.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from _timing import median_ms, report  # noqa: E402

from insulinlab.widgets import hpg_feedback  # noqa: E402
from insulinlab.widgets.static_stack import widget_state_size  # noqa: E402

LIVE_TARGET_MS = 500.0
"""Aim for one live refresh: under half a second after the slider is released."""


def main() -> None:
    hpg_figure = hpg_feedback.build_hpg_figure()
    setting = hpg_feedback.custom_scenario(1.5, 0.3, 0.5, stop_on_day_90=True)
    print("live widget: one refresh (simulate 180 days, redraw, PNG at 90 dpi, HTML)")
    report(
        "custom setting, stopped on day 90",
        median_ms(
            lambda: (
                hpg_figure.update(setting),
                hpg_feedback.frame_html(hpg_figure, hpg_feedback.LIVE_DPI),
            ),
            repeats=10,
        ),
        LIVE_TARGET_MS,
    )
    report(
        "  of which the simulation alone",
        median_ms(lambda: hpg_feedback.run_scenario(setting), repeats=10),
    )
    print("no-kernel form: all seven frames at 72 dpi, 48 colours (built once per page)")
    report("render_frames()", median_ms(hpg_feedback.render_frames, repeats=3))
    box = hpg_feedback.hpg_feedback_static()
    live = hpg_feedback.hpg_feedback_explorer()
    print(
        f"  saved widget state: no-kernel form {widget_state_size(box) / 1024:.0f} KB, "
        f"live form {widget_state_size(live) / 1024:.0f} KB (page budget 1.5 MB in all)"
    )


if __name__ == "__main__":
    main()
