"""Speed of the meal model at the sizes the chapter 01, 05 and 07 widgets use.

Prints the median wall time per call (time.perf_counter, after a warm-up) next to the target.
Run: .venv/bin/python benchmarks/meal.py
"""

from __future__ import annotations

from _timing import median_ms, report

from insulinlab.meal import Meal, day_of_meals, ogtt, simulate_meals

TARGET_MS = 10.0


def main() -> None:
    cases = {
        "day of 3 meals, 24 h, output every 5 min (ch. 01)": lambda: day_of_meals(),
        "day of 3 meals, 24 h, T2D, SI × 0.5": lambda: day_of_meals(
            "type_2_diabetes", insulin_sensitivity_scale=0.5
        ),
        "day of 3 meals with 3 absorption speeds (ch. 05)": lambda: day_of_meals(
            meals=[Meal(420, 50, 0.5), Meal(750, 70, 1.0), Meal(1140, 80, 2.0)]
        ),
        "one meal, 6 h, 1-min output (ch. 05)": lambda: simulate_meals([Meal(0, 60)], 360.0),
        "75-g OGTT, 180 min (ch. 07)": lambda: ogtt(insulin_sensitivity_scale=0.8),
    }
    print(f"meal model: median of 50 calls, target ≤ {TARGET_MS:g} ms per call")
    for label, call in cases.items():
        report(label, median_ms(call), TARGET_MS)


if __name__ == "__main__":
    main()
