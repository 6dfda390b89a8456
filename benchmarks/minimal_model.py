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


if __name__ == "__main__":
    main()
