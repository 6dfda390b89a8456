"""Wall time of the Topp 2000 model at the sizes the chapter 16 widgets use.

Run: /work/main/.venv/bin/python benchmarks/topp.py

Prints the median wall time per call (after a warm-up) next to the target, and the median CPU
time of this process, which is less affected when other jobs share the machine. It does not
assert: timings depend on the machine and its load.
"""

from __future__ import annotations

import numpy as np
from _timing import median_ms, report

from insulinlab import topp

TEN_YEARS_DAYS = 10 * topp.DAYS_PER_YEAR
RUN_TARGET_MS = 20.0


def main() -> None:
    schedule = topp.SIDeclineSchedule(0.1)
    cases = {
        "healthy, constant SI": {},
        "SI decline 0.1/yr, collapse at ~7.2 yr": {"si": schedule},
        "  + intervention at year 5 (rescue)": {
            "si": topp.SIDeclineSchedule(0.1, intervention_year=5.0)
        },
        "  + intervention at year 8 (too late)": {
            "si": topp.SIDeclineSchedule(0.1, intervention_year=8.0)
        },
        "SI decline 0.3/yr, collapse at ~2.4 yr": {"si": topp.SIDeclineSchedule(0.3)},
        "same schedule as a plain function": {"si": lambda t: schedule(t)},
        "SBML demo start (saddle)": {"initial_state": topp.SBML_DEMO_STATE},
    }
    weekly = round(TEN_YEARS_DAYS / 7) + 1
    print(f"simulate(): one 10-year run, weekly output ({weekly} points), LSODA, rtol 1e-5")
    for label, kwargs in cases.items():
        timing = median_ms(lambda kwargs=kwargs: topp.simulate(TEN_YEARS_DAYS, **kwargs))
        report(label, timing, RUN_TARGET_MS)
    timing = median_ms(lambda: topp.simulate(TEN_YEARS_DAYS, si=schedule, n_points=200))
    report("decline 0.1/yr, 200 output points", timing, RUN_TARGET_MS)
    timing = median_ms(lambda: topp.simulate(TEN_YEARS_DAYS, si=schedule, rtol=1e-4))
    report("decline 0.1/yr, rtol 1e-4", timing, RUN_TARGET_MS)

    print("progression_scenario(): SI 0.04/yr + d0 0.004/yr from year 4, 10 years, weekly")
    scenarios = {
        "natural course, collapse at ~8.3 yr": {},
        "  + SI, d0 restored at year 6 (rescue)": {"intervention_year": 6.0},
        "  + SI, d0 restored at 8.5 yr (too late)": {"intervention_year": 8.5},
        "  + SI only restored at year 6 (collapse)": {
            "intervention_year": 6.0,
            "restore_d0": False,
        },
    }
    for label, kwargs in scenarios.items():
        timing = median_ms(lambda kwargs=kwargs: topp.progression_scenario(**kwargs))
        report(label, timing, RUN_TARGET_MS)
    year = topp.point_of_no_return()
    timing = median_ms(topp.point_of_no_return, 10)
    print(f"point_of_no_return() with the defaults: {year:.3f} years (bisection to 0.01 yr)")
    report("point_of_no_return() (~12 runs; not a slider)", timing)

    print("other calls")
    report("fixed_points() (3 points + eigenvalues)", median_ms(topp.fixed_points, 200), 1)
    timing = median_ms(lambda: [topp.quasi_steady_state(b) for b in range(0, 3000, 30)], 20)
    report("quasi_steady_state() × 100 (slow manifold)", timing, RUN_TARGET_MS)
    run = topp.progression_scenario()
    report(
        "first_crossing_year() (weekly run)",
        median_ms(lambda: topp.first_crossing_year(run, 126.0), 200),
        1,
    )

    print("chapter 16 phase portrait and intervention sweep")
    glucose = np.linspace(40.0, 600.0, 300)
    report(
        "glucose_nullcline() on 300 glucose levels",
        median_ms(lambda: topp.glucose_nullcline(glucose), 200),
        1,
    )
    grid = np.meshgrid(np.linspace(0.0, 600.0, 30), np.geomspace(1.0, 1000.0, 30))
    report(
        "reduced_vector_field() on a 30 × 30 grid",
        median_ms(lambda: topp.reduced_vector_field(*grid), 200),
        1,
    )
    report(
        "separatrix() (backward runs from the saddle)",
        median_ms(topp.separatrix, 20),
        RUN_TARGET_MS * 5,
    )
    years = [2.0, 4.0, 6.0, 7.0, 8.0, 8.5, 9.0]
    timing = median_ms(lambda: topp.intervention_outcomes(years), 5)
    report("intervention_outcomes() for 7 years (chapter table)", timing, 7 * RUN_TARGET_MS * 5)


if __name__ == "__main__":
    main()
