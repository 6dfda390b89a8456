"""The meal model: a physiological 75-g OGTT, ADA categories of the presets, mass balance of the
gut, monotone responses to insulin sensitivity and absorption speed, and input checks.

Published numbers used: ADA 2-h OGTT categories (normal < 140, IGT 140–199, diabetes ≥ 200
mg/dL; FACTS.md §A1.6); fasting diabetes threshold 126 mg/dL; Buxton 2010 −20 % SI (FACTS.md
§A2.6); bioavailability f = 0.9 of Dalla Man 2007 (FACTS.md §B5, THIRD-PARTY).
"""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from insulinlab import meal
from insulinlab.meal import Meal, day_of_meals, ogtt, simulate_meals

F = 0.9
BW_KG = 70.0


@pytest.fixture(scope="module")
def healthy_ogtt():
    return ogtt()


def test_healthy_ogtt_looks_physiological(healthy_ogtt):
    r = healthy_ogtt
    assert 120.0 <= r.peak_glucose_mg_dl <= 180.0
    assert 30.0 <= r.time_of_peak_glucose_min <= 60.0
    assert r.glucose_2h_mg_dl < 140.0  # ADA normal
    assert r.ada_category == "normal"
    # Near basal again by 180 min.
    assert abs(r.glucose_mg_dl[-1] - meal.HEALTHY.basal_glucose_mg_dl) < 10.0
    # Insulin: fasting 8 µU/mL, a peak of the order of 50–100 µU/mL.
    assert r.insulin_uu_ml[0] == pytest.approx(8.0)
    assert 40.0 <= r.insulin_uu_ml.max() <= 120.0
    assert r.t_min[-1] == 180.0 and 120.0 in r.t_min


def test_two_hour_values_are_read_at_120_min(healthy_ogtt):
    r = healthy_ogtt
    at_120 = int(np.flatnonzero(r.t_min == 120.0)[0])
    assert r.glucose_2h_mg_dl == pytest.approx(r.glucose_mg_dl[at_120])
    assert r.insulin_2h_uu_ml == pytest.approx(r.insulin_uu_ml[at_120])
    coarse = ogtt(n_points=7)  # grid every 30 min: 120 is on it
    assert coarse.glucose_2h_mg_dl == pytest.approx(r.glucose_2h_mg_dl, abs=1e-3)
    off_grid = ogtt(n_points=50)  # 120 is not on it: solved to 120 min separately
    assert 120.0 not in off_grid.t_min
    assert off_grid.glucose_2h_mg_dl == pytest.approx(r.glucose_2h_mg_dl, abs=0.01)
    assert off_grid.insulin_2h_uu_ml == pytest.approx(r.insulin_2h_uu_ml, abs=0.01)


def test_insulin_peaks_after_glucose_starts_rising(healthy_ogtt):
    r = healthy_ogtt
    first_rise = r.t_min[np.argmax(r.glucose_mg_dl > r.glucose_mg_dl[0] + 1.0)]
    insulin_peak = r.t_min[np.argmax(r.insulin_uu_ml)]
    assert insulin_peak > first_rise
    # Insulin does not move before glucose does.
    before = r.t_min < first_rise
    assert np.all(r.insulin_uu_ml[before] < r.insulin_uu_ml[0] + 5.0)


@pytest.mark.parametrize(
    ("preset", "category", "low", "high"),
    [
        ("healthy", "normal", 0.0, 140.0),
        ("insulin_resistant", "prediabetes", 140.0, 200.0),
        ("type_2_diabetes", "diabetes", 200.0, 1000.0),
    ],
)
def test_presets_fall_in_their_ada_2h_category(preset, category, low, high):
    r = ogtt(preset)
    assert low <= r.glucose_2h_mg_dl < high
    assert r.ada_category == category


def test_preset_fasting_glucose_matches_the_story():
    assert ogtt("insulin_resistant").glucose_mg_dl[0] < 100.0  # IGT with normal fasting
    assert ogtt("type_2_diabetes").glucose_mg_dl[0] >= 126.0  # ADA fasting diabetes
    # Compensatory hyperinsulinaemia: more insulin in the insulin-resistant person's OGTT.
    assert ogtt("insulin_resistant").insulin_uu_ml.max() > ogtt().insulin_uu_ml.max()


def test_gut_mass_balance_over_a_long_window():
    # ∫ Ra dt · BW = f · dose: everything that leaves the gut appears in plasma.
    for speed in (0.5, 1.0, 3.0):
        r = simulate_meals([Meal(0.0, 75.0, speed)], 1500.0, n_points=3001)
        appeared_mg = r.total_appearance_mg_per_kg * BW_KG
        assert appeared_mg == pytest.approx(F * 75_000.0, rel=0.01)


def test_day_of_meals_mass_balance():
    r = day_of_meals(n_points=1441)
    eaten_g = sum(m.carbohydrate_g for m in meal.ILLUSTRATIVE_DAY)
    # The dinner at 19:00 is not fully absorbed by midnight: compare with a longer run.
    longer = simulate_meals(meal.ILLUSTRATIVE_DAY, 2400.0, n_points=2401)
    assert longer.total_appearance_mg_per_kg * BW_KG == pytest.approx(F * eaten_g * 1000, rel=0.01)
    assert r.total_appearance_mg_per_kg < longer.total_appearance_mg_per_kg


@settings(max_examples=15, deadline=None)
@given(
    low=st.floats(min_value=0.0, max_value=2.9),
    step=st.floats(min_value=0.05, max_value=1.0),
    preset=st.sampled_from(sorted(meal.PRESETS)),
)
def test_two_hour_glucose_falls_as_insulin_sensitivity_rises(low, step, preset):
    high = min(low + step, 3.0)
    worse = ogtt(preset, insulin_sensitivity_scale=low).glucose_2h_mg_dl
    better = ogtt(preset, insulin_sensitivity_scale=high).glucose_2h_mg_dl
    assert worse > better


def test_lower_sensitivity_raises_the_2h_glucose_buxton_example():
    two_hour = [ogtt(insulin_sensitivity_scale=s).glucose_2h_mg_dl for s in (1.0, 0.8, 0.5)]
    assert two_hour[0] < two_hour[1] < two_hour[2]
    r = ogtt(insulin_sensitivity_scale=0.8)  # Buxton 2010: −20 % SI after 5-h nights
    assert r.params.insulin_sensitivity == pytest.approx(0.8 * meal.HEALTHY.insulin_sensitivity)
    assert r.glucose_mg_dl[0] == pytest.approx(meal.HEALTHY.basal_glucose_mg_dl)  # fasting kept


def test_weaker_beta_cells_raise_the_2h_glucose():
    two_hour = [ogtt(beta_cell_scale=s).glucose_2h_mg_dl for s in (2.0, 1.0, 0.5, 0.0)]
    assert np.all(np.diff(two_hour) > 0)


def test_faster_absorption_gives_a_higher_earlier_peak_with_the_same_area():
    runs = [simulate_meals([Meal(0, 75, s)], 1500.0, n_points=3001) for s in (0.5, 1.0, 2.0)]
    peaks = [r.peak_glucose_mg_dl for r in runs]
    times = [r.time_of_peak_glucose_min for r in runs]
    ra_peaks = [r.glucose_appearance_mg_per_kg_min.max() for r in runs]
    areas = [r.total_appearance_mg_per_kg for r in runs]
    assert peaks[0] < peaks[1] < peaks[2]
    assert times[0] > times[1] > times[2]
    assert ra_peaks[0] < ra_peaks[1] < ra_peaks[2]
    assert areas[0] == pytest.approx(areas[1], rel=0.01)
    assert areas[2] == pytest.approx(areas[1], rel=0.01)


def test_a_later_meal_shifts_the_curve_in_time():
    early = simulate_meals([Meal(0.0, 60.0)], 300.0, n_points=301)
    late = simulate_meals([Meal(60.0, 60.0)], 360.0, n_points=361)
    np.testing.assert_allclose(late.glucose_mg_dl[60:], early.glucose_mg_dl, atol=0.05)
    np.testing.assert_allclose(late.insulin_uu_ml[60:], early.insulin_uu_ml, atol=0.05)
    assert np.all(late.glucose_mg_dl[:61] == pytest.approx(meal.HEALTHY.basal_glucose_mg_dl))


def test_no_meals_stays_at_basal():
    for preset in meal.PRESETS.values():
        r = simulate_meals([], 600.0, preset)
        np.testing.assert_allclose(r.glucose_mg_dl, preset.basal_glucose_mg_dl, atol=1e-9)
        np.testing.assert_allclose(r.insulin_uu_ml, preset.basal_insulin_uu_ml, atol=1e-9)
        assert np.all(r.glucose_appearance_mg_per_kg_min == 0.0)
    zero = simulate_meals([Meal(30.0, 0.0)], 120.0)  # a meal without carbohydrate
    np.testing.assert_allclose(zero.glucose_mg_dl, meal.HEALTHY.basal_glucose_mg_dl, atol=1e-9)


def test_meals_in_any_order_give_the_same_result():
    meals = list(meal.ILLUSTRATIVE_DAY)
    forward = day_of_meals(meals=meals)
    backward = day_of_meals(meals=meals[::-1])
    np.testing.assert_array_equal(forward.glucose_mg_dl, backward.glucose_mg_dl)
    assert backward.meals == tuple(meals)  # stored sorted by time
    single = simulate_meals(Meal(0.0, 75.0), 180.0)  # a single Meal is accepted too
    assert single.meals == (Meal(0.0, 75.0),)


def test_gut_is_linear_two_meals_at_once_equal_one_bigger_meal():
    split = simulate_meals([Meal(0.0, 30.0), Meal(0.0, 45.0)], 240.0)
    whole = simulate_meals([Meal(0.0, 75.0)], 240.0)
    np.testing.assert_allclose(split.glucose_mg_dl, whole.glucose_mg_dl, atol=1e-6)
    # Ra of two meals with different speeds is the sum of each one's Ra.
    fast, slow = Meal(0.0, 40.0, 2.0), Meal(30.0, 50.0, 0.5)
    both = simulate_meals([fast, slow], 400.0).glucose_appearance_mg_per_kg_min
    alone = [simulate_meals([m], 400.0).glucose_appearance_mg_per_kg_min for m in (fast, slow)]
    np.testing.assert_allclose(both, alone[0] + alone[1], atol=1e-4)


def test_day_of_meals_has_three_responses_that_settle_between_meals():
    r = day_of_meals()
    assert r.t_min.size == 289 and r.t_min[1] - r.t_min[0] == pytest.approx(5.0)
    basal = meal.HEALTHY.basal_glucose_mg_dl
    for m in meal.ILLUSTRATIVE_DAY:
        window = (r.t_min >= m.time_min) & (r.t_min <= m.time_min + 120)
        peak_time = r.t_min[window][np.argmax(r.glucose_mg_dl[window])]
        assert 20.0 <= peak_time - m.time_min <= 90.0
        assert r.glucose_mg_dl[window].max() > basal + 30.0
        assert r.glucose_mg_dl[r.t_min == m.time_min][0] == pytest.approx(basal, abs=5.0)
    lower_si = day_of_meals(insulin_sensitivity_scale=0.5)
    assert lower_si.glucose_mg_dl.max() > r.glucose_mg_dl.max()


@settings(max_examples=20, deadline=None)
@given(
    meals=st.lists(
        st.builds(
            Meal,
            time_min=st.floats(min_value=0.0, max_value=600.0),
            carbohydrate_g=st.floats(min_value=0.0, max_value=500.0),
            absorption_speed=st.floats(min_value=0.1, max_value=5.0),
        ),
        max_size=4,
    ),
    preset=st.sampled_from(sorted(meal.PRESETS)),
    si_scale=st.floats(min_value=0.0, max_value=3.0),
    beta_scale=st.floats(min_value=0.0, max_value=5.0),
)
def test_concentrations_stay_physical(meals, preset, si_scale, beta_scale):
    r = simulate_meals(
        meals,
        600.0,
        preset,
        insulin_sensitivity_scale=si_scale,
        beta_cell_scale=beta_scale,
        n_points=601,  # 1-min grid: the trapezoid rule follows the fastest absorption
    )
    params = meal.PRESETS[preset]
    assert np.all(np.isfinite(r.glucose_mg_dl)) and np.all(r.glucose_mg_dl > 0.0)
    # Secretion above basal is ≥ 0, so insulin never falls below its basal value (to within
    # the solver's tolerance, rtol 1e-5).
    assert np.all(r.insulin_uu_ml >= params.basal_insulin_uu_ml - 1e-3)
    assert np.all(r.glucose_appearance_mg_per_kg_min >= 0.0)
    eaten_mg_per_kg = sum(m.carbohydrate_g for m in meals) * 1000.0 / BW_KG
    # No more than f × eaten can appear (1 % for the trapezoid rule, 1e-3 mg/kg solver atol).
    assert r.total_appearance_mg_per_kg <= F * eaten_mg_per_kg * 1.01 + 1e-3


def _reference_ogtt(params, dose_g, t_eval):
    """The documented equations, written out again and solved with a tight DOP853."""
    p = params
    gb, ib = p.basal_glucose_mg_dl, p.basal_insulin_uu_ml

    def rhs(_t, y):
        g, x, i, s, q_sto, q_gut = y
        ra = p.bioavailability * p.absorption_per_min * q_gut / p.body_weight_kg
        dg = (
            -(p.glucose_effectiveness_per_min + x) * g
            + p.glucose_effectiveness_per_min * gb
            + ra / p.glucose_volume_dl_per_kg
        )
        dx = -p.insulin_action_rate_per_min * (x - p.insulin_sensitivity * (i - ib))
        di = -p.insulin_clearance_per_min * (i - ib) + s + p.first_phase_gain * max(dg, 0.0)
        ds = -p.secretion_rate_per_min * (s - p.secretion_gain * max(g - gb, 0.0))
        empt = p.gastric_emptying_per_min * q_sto
        return [dg, dx, di, ds, -empt, empt - p.absorption_per_min * q_gut]

    y0 = [gb, 0.0, ib, 0.0, dose_g * 1000.0, 0.0]
    sol = solve_ivp(
        rhs, (0, t_eval[-1]), y0, method="DOP853", t_eval=t_eval, rtol=1e-10, atol=1e-10
    )
    return sol.y[0], sol.y[2]


@pytest.mark.parametrize("preset", sorted(meal.PRESETS))
def test_solution_matches_the_documented_equations(preset):
    r = ogtt(preset, duration_min=240.0)
    glucose, insulin = _reference_ogtt(meal.PRESETS[preset], 75.0, r.t_min)
    np.testing.assert_allclose(r.glucose_mg_dl, glucose, atol=0.01)
    np.testing.assert_allclose(r.insulin_uu_ml, insulin, atol=0.01)


def test_results_are_immutable():
    r = ogtt()
    with pytest.raises(ValueError):
        r.glucose_mg_dl[0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.glucose_2h_mg_dl = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        Meal(0, 75).carbohydrate_g = 10
    assert isinstance(r, meal.MealSimulation)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: Meal(0.0, -5.0), "carbohydrate_g"),
        (lambda: Meal(0.0, float("nan")), "carbohydrate_g"),
        (lambda: Meal(0.0, 501.0), "carbohydrate_g"),
        (lambda: Meal(-1.0, 50.0), "time_min"),
        (lambda: Meal(float("inf"), 50.0), "time_min"),
        (lambda: Meal(0.0, 50.0, 0.0), "absorption_speed"),
        (lambda: Meal(0.0, True), "carbohydrate_g"),
        (lambda: Meal("7:00", 50.0), "time_min"),
        (lambda: simulate_meals([Meal(200.0, 50.0)], 180.0), r"meals\[0\]\.time_min"),
        (lambda: simulate_meals([Meal(0, 50), (10, 50)], 180.0), r"meals\[1\]"),
        (lambda: simulate_meals("breakfast", 180.0), "meals"),
        (lambda: simulate_meals([], 0.0), "duration_min"),
        (lambda: simulate_meals([], float("nan")), "duration_min"),
        (lambda: simulate_meals([], 20_000.0), "duration_min"),
        (lambda: simulate_meals([], 100.0, "diabetic"), "params"),
        (lambda: simulate_meals([], 100.0, n_points=1), "n_points"),
        (lambda: simulate_meals([], 100.0, n_points=10.5), "n_points"),
        (lambda: simulate_meals([], 100.0, insulin_sensitivity_scale=-0.1), "insulin_sens"),
        (lambda: simulate_meals([], 100.0, beta_cell_scale=float("nan")), "beta_cell_scale"),
        (lambda: ogtt(glucose_g=-75.0), "glucose_g"),
        (lambda: ogtt(duration_min=90.0), "duration_min"),
        (lambda: ogtt(absorption_speed=10.0), "absorption_speed"),
        (lambda: dataclasses.replace(meal.HEALTHY, body_weight_kg=0.0), "body_weight_kg"),
        (
            lambda: dataclasses.replace(meal.HEALTHY, glucose_volume_dl_per_kg=0.0),
            "glucose_volume_dl_per_kg",
        ),
        (lambda: dataclasses.replace(meal.HEALTHY, bioavailability=1.5), "bioavailability"),
        (
            lambda: dataclasses.replace(meal.HEALTHY, insulin_clearance_per_min=-0.2),
            "insulin_clearance_per_min",
        ),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_custom_parameters_are_used():
    heavier = dataclasses.replace(meal.HEALTHY, name="heavier", body_weight_kg=100.0)
    # The same 75 g spread over more body weight: a smaller excursion.
    assert ogtt(heavier).peak_glucose_mg_dl < ogtt().peak_glucose_mg_dl
    assert ogtt(heavier).params.name == "heavier"
