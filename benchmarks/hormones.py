"""Wall time of the two hormone teaching models at the sizes the chapter 08 and 10 widgets use.

Run: /work/main/.venv/bin/python benchmarks/hormones.py

Prints the median time per call (after a warm-up) next to the aim of 20 ms per call, so that
sliders stay responsive. It does not assert: timings depend on the machine and its load.
"""

from __future__ import annotations

from _timing import median_ms, report

from insulinlab import growth_hormone, hpg

TARGET_MS = 20.0


def main() -> None:
    days = 180
    points = days * 2 + 1
    print(f"hpg.simulate(): one {days}-day run, {points} output points, LSODA, rtol 1e-5")
    cases = {
        "untreated": {},
        "exogenous testosterone 2× normal production, constant": {"exogenous_testosterone": 2.0},
        "  stopped on day 90 (StepInput)": {
            "exogenous_testosterone": hpg.StepInput(2.0, stop_day=90)
        },
        "  + LH analogue from day 30 (two StepInputs)": {
            "exogenous_testosterone": hpg.StepInput(2.0, stop_day=90),
            "lh_analogue": hpg.StepInput(1.0, start_day=30),
        },
        "aromatase inhibition 0.8": {"aromatase_inhibition": 0.8},
        "stop-on-day-90 as a plain function (max step 1 day)": {
            "exogenous_testosterone": lambda t: 2.0 if t < 90 else 0.0
        },
    }
    for label, kwargs in cases.items():
        report(label, median_ms(lambda kwargs=kwargs: hpg.simulate(days, **kwargs)), TARGET_MS)

    print("hpg.steady_state(): one call (brentq on the reduced equation, then checked)")
    report(
        "exogenous 1.5, aromatase inhibition 0.3, LH analogue 0.5",
        median_ms(
            lambda: hpg.steady_state(
                exogenous_testosterone=1.5, aromatase_inhibition=0.3, lh_analogue=0.5
            )
        ),
        TARGET_MS,
    )

    print("growth_hormone.compare_exposure_patterns(): 7 days, 3 pulses/day, 4 points/h")
    report(
        "default (two simulations, exponential integrator)",
        median_ms(growth_hormone.compare_exposure_patterns),
        TARGET_MS,
    )
    report(
        "sigmoidal response (Hill 2, EC50 5)",
        median_ms(
            lambda: growth_hormone.compare_exposure_patterns(
                params=growth_hormone.GHParameters(lipolysis_hill=2.0, lipolysis_ec50=5.0)
            )
        ),
        TARGET_MS,
    )
    pulses = growth_hormone.gh_profile("pulsatile", 7, 3, 7.0)
    print("growth_hormone.simulate(): one 7-day pulsatile run, for comparison of integrators")
    report(
        "exponential integrator (default)",
        median_ms(lambda: growth_hormone.simulate(pulses)),
        TARGET_MS,
    )
    report(
        "solve_ivp LSODA reference (rtol 1e-8)",
        median_ms(lambda: growth_hormone.simulate(pulses, method="LSODA"), repeats=10),
    )


if __name__ == "__main__":
    main()
