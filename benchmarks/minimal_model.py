"""Wall time of the Bergman minimal model at the sizes the chapter 15 widgets and exercise use.

Run: /work/main/.venv/bin/python benchmarks/minimal_model.py

Prints the median wall time per call (after a warm-up) next to the target, and the median CPU
time of this process, which is less affected when other jobs share the machine. It does not
assert: timings depend on the machine and its load. The solve_ivp lines are for reference
only (the module uses LSODA through odeint; see its "Numerics" section).
"""

from __future__ import annotations

import numpy as np
from _timing import median_ms, report
from scipy.integrate import solve_ivp

from insulinlab import minimal_model as mm

SIMULATION_TARGET_MS = 5.0
FIT_SI_TARGET_MS = 1000.0  # six fits must stay well under 10 s per graded cell
FRAME_TARGET_MS = 500.0  # a live slider release should redraw within half a second
GRID_MIN = np.arange(181.0)  # 1-min output, 0–180 min: what a widget plots


def main() -> None:
    profile = mm.teaching_fsigt_insulin()
    print(f"simulate_ivgtt(): one 180-min IVGTT, 1-min output ({GRID_MIN.size} points)")
    for name in mm.PRESETS:
        timing = median_ms(
            lambda name=name: mm.simulate_ivgtt(mm.preset(name), GRID_MIN, insulin=profile)
        )
        report(f"{name}, measured insulin profile", timing, SIMULATION_TARGET_MS)
    timing = median_ms(
        lambda: mm.simulate_ivgtt(mm.preset("healthy"), GRID_MIN, insulin=mm.TEACHING_SECRETION)
    )
    report("healthy, insulin secretion equation", timing, SIMULATION_TARGET_MS)

    print("reference only: solve_ivp on the same problem (not used by the module)")
    params = mm.preset("healthy")

    rhs = mm._profile_rhs(params, profile)  # the module's own right-hand side
    for method in ("RK45", "LSODA"):
        timing = median_ms(
            lambda method=method: solve_ivp(
                rhs, (0, 180), [280.0, 0.0], method=method, t_eval=GRID_MIN, rtol=1e-6
            ),
            20,
        )
        report(f"solve_ivp {method}, rtol 1e-6", timing, SIMULATION_TARGET_MS)

    print("fit_minimal_model(): 26 FSIGT samples, 2 % noise on glucose")
    times = np.array(mm.FSIGT_SAMPLE_TIMES_MIN, dtype=float)
    glucose = mm.simulate_ivgtt(params, times, insulin=profile).glucose_mg_dl.copy()
    glucose[0] = params.gb_mg_dl
    glucose *= 1.0 + 0.02 * np.random.default_rng(1).standard_normal(glucose.size)
    for label, kwargs in {"SG, SI, p2, G0 free": {}, "p2 fixed at 0.025": {"p2": 0.025}}.items():
        timing = median_ms(
            lambda kwargs=kwargs: mm.fit_minimal_model(
                times, glucose, profile.insulin_uu_ml, **kwargs
            ),
            10,
        )
        report(label, timing)

    print("chapter 15: the exercise's one-parameter fit and the identifiability figure")
    data = mm.random_synthetic_ivgtt(15)
    truth = data.params
    t_fit, g_fit = data.after(10)
    known = {
        "sg": truth.sg,
        "p2": truth.p2,
        "g0_mg_dl": data.g0_mg_dl,
        "gb_mg_dl": truth.gb_mg_dl,
        "ib_uu_ml": truth.ib_uu_ml,
    }
    timing = median_ms(lambda: mm.fit_si(t_fit, g_fit, data.profile, **known), 10)
    report("fit_si(): SI alone (hidden tests fit 6 cases per cell)", timing, FIT_SI_TARGET_MS)
    grid = np.linspace(0.01, 0.03, 31), np.linspace(3e-4, 7e-4, 31)
    timing = median_ms(
        lambda: mm.cost_surface(
            t_fit,
            g_fit,
            data.profile,
            *grid,
            p2=truth.p2,
            g0_mg_dl=data.g0_mg_dl,
            gb_mg_dl=truth.gb_mg_dl,
            ib_uu_ml=truth.ib_uu_ml,
        ),
        3,
    )
    report("cost_surface(): 31 × 31 grid", timing)
    print("chapter 15 widget: one frame (simulate, draw, 32-colour PNG at 72 dpi)")
    from insulinlab.widgets import ivgtt_simulator as demo

    figure = demo.build_ivgtt_figure("healthy")
    values = iter(np.linspace(0.2, 12.0, 200))  # a new SI each call, so the cache never hits

    def one_frame() -> None:
        figure.update("healthy", round(float(next(values)), 3))
        demo.frame_html(figure, demo.STATIC_DPI, 32)

    report("update + frame_html", median_ms(one_frame, 20), FRAME_TARGET_MS)


if __name__ == "__main__":
    main()
