"""The Topp 2000 β-cell model against FACTS.md §B4, its invariants, and the chapter 16 scenario.

Residual tolerance: a fixed point "satisfies an equation to 1e-9" when the right-hand side is
at most 1e-9 times the sum of the magnitudes of the terms in that equation (a relative test,
so it means the same for glucose in mg/dL as for β-cell mass in mg).
"""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from insulinlab import topp

DEFAULT = topp.DEFAULT_PARAMETERS
TEN_YEARS_DAYS = 10 * topp.DAYS_PER_YEAR
SADDLE_BETA_MG = 36.96  # FACTS.md §B4: saddle β ≈ 37 mg (k·I*·(α + G*²)/(σ·G*²) = 36.96)


def _relative_residuals(point, params):
    """|dG/dt|, |dI/dt|, |dβ/dt| at a point, each divided by the sum of its terms' magnitudes."""
    g, i, b = point.state
    p = params
    hill = g**2 / (p.alpha + g**2)
    scales = (
        p.r0 + (p.eg0 + p.si * i) * g,
        b * p.sigma * hill + p.k * i,
        (p.d0 + p.r1 * g + p.r2 * g**2) * b,
    )
    rates = topp.derivatives(g, i, b, p)
    return [
        abs(rate) / scale if scale > 0 else abs(rate)
        for rate, scale in zip(rates, scales, strict=True)
    ]


# --- parameters --------------------------------------------------------------------------------


def test_default_parameters_are_the_sbml_values():
    p = topp.ToppParameters()
    assert (p.r0, p.eg0, p.si, p.sigma, p.alpha, p.k) == (864, 1.44, 0.72, 43.2, 20000, 432)
    assert (p.d0, p.r1, p.r2) == (0.06, 0.84e-3, 2.4e-6)
    assert p == DEFAULT


@pytest.mark.parametrize("value", [0, -1.0, math.nan, math.inf, "0.72", None, True])
@pytest.mark.parametrize("name", ["r0", "si", "k", "d0", "r2"])
def test_parameters_must_be_positive_and_finite(name, value):
    with pytest.raises(ValueError, match=name):
        topp.ToppParameters(**{name: value})


def test_parameters_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.si = 0.5


# --- fixed points ------------------------------------------------------------------------------


def test_published_fixed_points():
    points = topp.fixed_points()
    physiological, saddle, pathological = points.physiological, points.saddle, points.pathological
    assert physiological.state == pytest.approx((100.0, 10.0, 300.0), rel=1e-12)
    assert saddle.glucose_mg_dl == pytest.approx(250.0, rel=1e-12)
    assert saddle.insulin_uu_ml == pytest.approx(2.8, rel=1e-12)
    assert saddle.beta_cell_mass_mg == pytest.approx(SADDLE_BETA_MG, rel=1e-12)
    assert round(saddle.beta_cell_mass_mg) == 37
    assert pathological.state == (600.0, 0.0, 0.0)
    assert points.all == (physiological, saddle, pathological)


def test_critical_death_rate_is_0_0735():
    assert round(topp.critical_death_rate(), 4) == 0.0735
    assert topp.critical_death_rate() == pytest.approx(0.0735, rel=1e-12)


def test_published_fixed_points_satisfy_the_equations():
    for point in topp.fixed_points().all:
        assert max(_relative_residuals(point, DEFAULT)) <= 1e-9, point.name


def test_published_stability():
    points = topp.fixed_points()
    assert points.physiological.stable and points.physiological.stability == "stable"
    assert points.pathological.stable
    assert points.saddle.stability == "saddle" and not points.saddle.stable
    assert points.saddle.n_unstable_directions == 1
    # Upper triangular at the pathological point: −EG0, −k and the β growth rate at 600 mg/dL.
    eigenvalues = [value.real for value in points.pathological.eigenvalues_per_day]
    assert eigenvalues == pytest.approx([-432.0, -1.44, -0.42])
    # Timescales: insulin in minutes, glucose in hours, β-cell mass in months (FACTS.md §B4).
    fast, middle, slow = sorted(-value.real for value in points.physiological.eigenvalues_per_day)[
        ::-1
    ]
    assert 1 / fast < 1 / 24 / 60 * 5 and 1 / middle < 0.25 and 1 / slow > 30


def test_death_rate_above_critical_leaves_only_the_pathological_point():
    points = topp.fixed_points(dataclasses.replace(DEFAULT, d0=0.08))
    assert points.physiological is None and points.saddle is None
    assert points.pathological.state == (600.0, 0.0, 0.0) and points.pathological.stable
    assert "critical" in points.note and "0.0735" in points.note
    assert points.all == (points.pathological,)


def test_just_below_critical_the_two_points_are_about_to_merge():
    params = dataclasses.replace(DEFAULT, d0=topp.critical_death_rate() * (1 - 1e-6))
    points = topp.fixed_points(params)
    for point in points.all:
        assert max(_relative_residuals(point, params)) <= 1e-9
    vertex = DEFAULT.r1 / (2 * DEFAULT.r2)  # 175 mg/dL
    assert points.physiological.glucose_mg_dl == pytest.approx(vertex, rel=1e-2)
    assert points.saddle.glucose_mg_dl == pytest.approx(vertex, rel=1e-2)
    assert points.physiological.glucose_mg_dl < points.saddle.glucose_mg_dl
    assert points.physiological.stable and points.saddle.stability == "saddle"


@pytest.mark.parametrize(
    "params",
    [
        dataclasses.replace(DEFAULT, d0=topp.critical_death_rate()),
        topp.ToppParameters(r1=1e-3, r2=2.5e-6, d0=0.1),  # r1² − 4·r2·d0 is −2e-22 in floats
    ],
)
def test_at_the_critical_death_rate_the_points_coincide(params):
    points = topp.fixed_points(params)
    assert points.physiological == dataclasses.replace(points.saddle, name="physiological")
    assert points.saddle.glucose_mg_dl == pytest.approx(params.r1 / (2 * params.r2))
    assert points.saddle.stability == "non-hyperbolic"
    assert "Saddle-node" in points.note


def test_root_needing_negative_insulin_is_not_returned():
    # R0/EG0 = 200 mg/dL: the upper root (250) would need I < 0.
    params = dataclasses.replace(DEFAULT, r0=288.0)
    points = topp.fixed_points(params)
    assert points.saddle is None
    assert points.physiological.state == pytest.approx((100.0, 2.0, 60.0))
    # With no saddle the β-free state repels: β grows at 200 mg/dL.
    assert points.pathological.stability == "saddle"
    assert "negative insulin" in points.note
    # Both roots above R0/EG0 = 90 mg/dL: only the β-free state.
    points = topp.fixed_points(dataclasses.replace(DEFAULT, r0=129.6))
    assert points.physiological is None and points.saddle is None


def test_fixed_points_rejects_wrong_params_type():
    with pytest.raises(ValueError, match="params"):
        topp.fixed_points({"si": 0.72})


parameter_sets = st.builds(
    topp.ToppParameters,
    r0=st.floats(100, 2000),
    eg0=st.floats(0.5, 5),
    si=st.floats(0.01, 5),
    sigma=st.floats(5, 200),
    alpha=st.floats(2e3, 1e5),
    k=st.floats(50, 2000),
    d0=st.floats(0.005, 0.2),
    r1=st.floats(1e-4, 5e-3),
    r2=st.floats(5e-7, 2e-5),
)


@settings(max_examples=200, deadline=None)
@given(parameter_sets)
@example(
    topp.ToppParameters(
        r0=100.0,
        eg0=0.5,
        si=1.0,
        sigma=5.0,
        alpha=2000.0,
        k=50.0,
        d0=0.005000000000000001,
        r1=1e-4,
        r2=5e-7,
    )
)
@example(  # found by hypothesis: the saddle-node exactly on R0/EG0 = 100 mg/dL
    topp.ToppParameters(
        r0=100.0,
        eg0=0.5,
        si=1.0,
        sigma=5.0,
        alpha=2000.0,
        k=50.0,
        d0=0.005,
        r1=1e-4,
        r2=5.000000000000001e-07,
    )
)
@example(
    topp.ToppParameters(
        r0=100.0,
        eg0=1.0,
        si=1.0,
        sigma=5.0,
        alpha=2000.0,
        k=50.0,
        d0=0.005,
        r1=1e-4,
        r2=5.000000000000001e-07,
    )
)
def test_fixed_points_satisfy_the_equations_for_random_parameters(params):
    points = topp.fixed_points(params)
    for point in points.all:
        assert max(_relative_residuals(point, params)) <= 1e-9, point.name
        assert min(point.state) >= 0
        assert len(point.eigenvalues_per_day) == 3
    discriminant = params.r1**2 - 4 * params.r2 * params.d0
    # Within round-off of zero (|·| ≤ 1e-12·r1²) counts as the saddle-node, where the two points
    # coincide (test_at_the_critical_death_rate_the_points_coincide), as in the @example above
    # (r1 = 1e-4, r2 = 5e-7, d0 = 0.005 + 1 ulp: the discriminant is −1.7e-24 in floats).
    if discriminant < -1e-12 * params.r1**2:
        assert points.physiological is None and points.saddle is None
    if points.saddle is not None:
        # At the saddle-node with both points on R0/EG0 (the @examples below), round-off decides
        # whether the physiological point still has non-negative insulin; elsewhere it exists.
        on_boundary = points.saddle.glucose_mg_dl >= params.r0 / params.eg0 * (1 - 1e-12)
        assert points.physiological is not None or on_boundary
    if points.saddle is not None and points.physiological is not None:
        saddle_glucose = points.saddle.glucose_mg_dl
        assert points.physiological.glucose_mg_dl <= saddle_glucose * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.02, 5), st.floats(1.01, 20))
def test_higher_si_same_healthy_glucose_less_insulin_and_beta(si_low, factor):
    si_high = si_low * factor
    low = topp.fixed_points(dataclasses.replace(DEFAULT, si=si_low))
    high = topp.fixed_points(dataclasses.replace(DEFAULT, si=si_high))
    # The healthy glucose is a root of the β-nullcline: it does not depend on SI ...
    assert high.physiological.glucose_mg_dl == pytest.approx(
        low.physiological.glucose_mg_dl, rel=1e-12
    )
    assert high.physiological.glucose_mg_dl <= low.physiological.glucose_mg_dl * (1 + 1e-12)
    # ... what compensates is insulin and β-cell mass, both ∝ 1/SI.
    assert high.physiological.insulin_uu_ml < low.physiological.insulin_uu_ml
    assert high.physiological.beta_cell_mass_mg < low.physiological.beta_cell_mass_mg
    assert high.physiological.insulin_uu_ml * si_high == pytest.approx(
        low.physiological.insulin_uu_ml * si_low, rel=1e-9
    )
    # The saddle moves with it: healthy β is always 8.1 × the saddle β (the collapse margin).
    for points in (low, high):
        ratio = points.physiological.beta_cell_mass_mg / points.saddle.beta_cell_mass_mg
        assert ratio == pytest.approx(300 / SADDLE_BETA_MG, rel=1e-9)


# --- slow manifold -----------------------------------------------------------------------------


def test_quasi_steady_state_at_the_fixed_points():
    assert topp.quasi_steady_state(300.0) == pytest.approx((100.0, 10.0), rel=1e-9)
    assert topp.quasi_steady_state(SADDLE_BETA_MG) == pytest.approx((250.0, 2.8), rel=1e-9)
    assert topp.quasi_steady_state(0.0) == (600.0, 0.0)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 5e4), st.floats(0.01, 5), st.floats(1.01, 10))
def test_quasi_steady_glucose_falls_with_si_and_beta(beta, si, factor):
    glucose, _ = topp.quasi_steady_state(beta, si=si)
    assert 0 < glucose <= 600.0
    assert topp.quasi_steady_state(beta, si=si * factor)[0] <= glucose * (1 + 1e-9)
    assert topp.quasi_steady_state(beta * factor + 1, si=si)[0] <= glucose * (1 + 1e-9)


def test_full_model_relaxes_to_the_quasi_steady_state_within_a_day():
    run = topp.simulate(1.0, initial_state=(180.0, 25.0, 500.0), n_points=3)
    glucose, insulin = topp.quasi_steady_state(run.beta_cell_mass_mg[-1])
    assert run.glucose_mg_dl[-1] == pytest.approx(glucose, rel=5e-3)
    assert run.insulin_uu_ml[-1] == pytest.approx(insulin, rel=5e-3)


# --- simulation: fixed points and the separatrix -----------------------------------------------


def test_physiological_point_stays_put_for_ten_years():
    run = topp.simulate(TEN_YEARS_DAYS)
    assert run.glucose_mg_dl == pytest.approx(100.0, rel=1e-6)
    assert run.insulin_uu_ml == pytest.approx(10.0, rel=1e-6)
    assert run.beta_cell_mass_mg == pytest.approx(300.0, rel=1e-6)
    assert run.t_days[0] == 0 and run.t_days[-1] == TEN_YEARS_DAYS
    assert len(run.t_days) == round(TEN_YEARS_DAYS / 7) + 1  # weekly by default
    assert run.t_years[-1] == pytest.approx(10.0)


def _ends_pathological(run):
    return run.glucose_mg_dl[-1] > 590 and run.beta_cell_mass_mg[-1] < 0.01


def _ends_physiological(run):
    return abs(run.glucose_mg_dl[-1] - 100) < 1 and abs(run.beta_cell_mass_mg[-1] - 300) < 3


def test_below_the_saddle_collapses_above_it_recovers():
    below = topp.simulate(TEN_YEARS_DAYS, initial_state=(250.0, 2.8, 30.0))
    above = topp.simulate(TEN_YEARS_DAYS, initial_state=(250.0, 2.8, 45.0))
    assert _ends_pathological(below)
    assert _ends_physiological(above)


def test_sbml_demo_state_sits_on_the_separatrix():
    demo = topp.simulate(TEN_YEARS_DAYS, initial_state=topp.SBML_DEMO_STATE)
    # It lingers near the saddle (the unstable eigenvalue is 0.04 /d) ...
    sixty_days = np.searchsorted(demo.t_days, 60.0)
    assert 240 < demo.glucose_mg_dl[sixty_days] < 260
    # ... and 37 mg is just above the saddle's 36.96 mg, so it narrowly recovers.
    assert _ends_physiological(demo)
    assert _ends_physiological(topp.simulate(TEN_YEARS_DAYS, topp.SBML_DEMO_STATE, rtol=1e-9))
    # Half a milligram either side decides the outcome.
    assert _ends_pathological(topp.simulate(TEN_YEARS_DAYS, initial_state=(250.0, 2.8, 36.5)))
    assert _ends_physiological(topp.simulate(TEN_YEARS_DAYS, initial_state=(250.0, 2.8, 37.5)))


@settings(max_examples=30, deadline=None)
@given(
    st.floats(0.0, 1000.0),
    st.floats(0.0, 500.0),
    st.floats(0.0, 5000.0),
    st.floats(0.05, 3.0),
)
def test_states_stay_non_negative(glucose, insulin, beta, si):
    run = topp.simulate(2 * 365.25, initial_state=(glucose, insulin, beta), si=si, n_points=60)
    for values in (run.glucose_mg_dl, run.insulin_uu_ml, run.beta_cell_mass_mg):
        assert np.all(np.isfinite(values)) and np.all(values >= 0)
    # dG/dt < 0 whenever G > R0/EG0 = 600 mg/dL, so G never exceeds max(G(0), 600).
    assert np.all(run.glucose_mg_dl <= max(glucose, 600.0) * (1 + 1e-4))


@settings(max_examples=30, deadline=None)
@given(
    st.floats(50.0, 400.0),
    st.floats(0.0, 50.0),
    st.floats(10.0, 2000.0),
    st.floats(0.1, 2.0),
    st.floats(1.1, 3.0),
)
def test_higher_si_never_gives_higher_glucose_after_a_perturbation(
    glucose, insulin, beta, si_low, factor
):
    start = (glucose, insulin, beta)
    low = topp.simulate(1.0, initial_state=start, si=si_low, n_points=5)
    high = topp.simulate(1.0, initial_state=start, si=si_low * factor, n_points=5)
    assert high.glucose_mg_dl[-1] <= low.glucose_mg_dl[-1] * (1 + 1e-4)


def test_step_fall_in_si_collapses_only_below_the_saddle_threshold():
    # From health (β = 300 mg) the state can only fall beyond the saddle if SI drops below
    # 26.6/300 ≈ 0.089 mL/µU/d (8.1-fold): a smaller drop is compensated however sudden.
    threshold = topp.fixed_points().saddle.beta_cell_mass_mg * 0.72 / 300
    assert threshold == pytest.approx(0.0887, abs=1e-4)
    healthy = topp.fixed_points().physiological.state
    compensated = topp.simulate(TEN_YEARS_DAYS, initial_state=healthy, si=0.1)
    assert compensated.glucose_mg_dl[-1] == pytest.approx(100.0, abs=0.5)
    assert compensated.beta_cell_mass_mg[-1] == pytest.approx(300 * 7.2, rel=1e-2)
    assert _ends_pathological(topp.simulate(TEN_YEARS_DAYS, initial_state=healthy, si=0.075))


# --- the SI schedule and the chapter 16 scenario -----------------------------------------------


def test_schedule_values():
    schedule = topp.SIDeclineSchedule(0.1, intervention_year=5.0, restored_si=0.5)
    year = topp.DAYS_PER_YEAR
    assert schedule(0.0) == 0.72
    assert schedule(2 * year) == pytest.approx(0.52)
    assert schedule(5 * year) == 0.5
    assert topp.SIDeclineSchedule(0.1)(8 * year) == 0.001
    assert topp.SIDeclineSchedule(0.1).floor_reached_year == pytest.approx(7.19)
    assert topp.SIDeclineSchedule(0.0).floor_reached_year == math.inf
    assert topp.SIDeclineSchedule(0.0).breakpoints_days() == ()
    assert schedule.breakpoints_days() == pytest.approx((5 * year, 7.19 * year))
    assert topp.SIDeclineSchedule(0.1, intervention_year=3).restored_si == 0.72


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"decline_per_year": -0.1}, "decline_per_year"),
        ({"decline_per_year": math.nan}, "decline_per_year"),
        ({"decline_per_year": 0.1, "start_si": 0}, "start_si"),
        ({"decline_per_year": 0.1, "floor_si": 0}, "floor_si"),
        ({"decline_per_year": 0.1, "floor_si": 1.0}, "floor_si"),
        ({"decline_per_year": 0.1, "intervention_year": -1}, "intervention_year"),
        ({"decline_per_year": 0.1, "restored_si": -0.2}, "restored_si"),
    ],
)
def test_schedule_rejects_impossible_values(kwargs, name):
    with pytest.raises(ValueError, match=name):
        topp.SIDeclineSchedule(**kwargs)


def test_schedule_and_plain_callable_give_the_same_run():
    # simulate() restarts the solver at the schedule's kinks and evaluates SI in closed form;
    # a plain function takes the generic path.
    schedule = topp.SIDeclineSchedule(0.1, intervention_year=4.0)
    fast = topp.simulate(6 * 365.25, si=schedule, n_points=100)
    generic = topp.simulate(6 * 365.25, si=lambda t: schedule(t), n_points=100, rtol=1e-8)
    for a, b in [
        (fast.glucose_mg_dl, generic.glucose_mg_dl),
        (fast.beta_cell_mass_mg, generic.beta_cell_mass_mg),
    ]:
        np.testing.assert_allclose(a, b, rtol=2e-3)
    np.testing.assert_array_equal(fast.si_ml_per_uu_per_day, generic.si_ml_per_uu_per_day)


def test_intervention_at_the_moment_the_floor_is_reached():
    schedule = topp.SIDeclineSchedule(0.1, floor_si=0.02, intervention_year=7.0)
    assert schedule.floor_reached_year == pytest.approx(7.0)
    run = topp.simulate(TEN_YEARS_DAYS, si=schedule)
    assert _ends_physiological(run)


def test_default_solver_tolerance_is_close_to_a_tight_reference():
    schedule = topp.SIDeclineSchedule(0.1)
    default = topp.simulate(7.0 * 365.25, si=schedule)
    tight = topp.simulate(7.0 * 365.25, si=schedule, rtol=1e-9)
    for a, b in [
        (default.glucose_mg_dl, tight.glucose_mg_dl),
        (default.insulin_uu_ml, tight.insulin_uu_ml),
        (default.beta_cell_mass_mg, tight.beta_cell_mass_mg),
    ]:
        np.testing.assert_allclose(a, b, rtol=1e-3)


DEMO_RATE = 0.1  # mL/µU/d per year, default floor 0.001: see SIDeclineSchedule


def test_slow_decline_is_compensated_then_collapses():
    schedule = topp.SIDeclineSchedule(DEMO_RATE)
    run = topp.simulate(TEN_YEARS_DAYS, si=schedule)
    years, glucose, beta = run.t_years, run.glucose_mg_dl, run.beta_cell_mass_mg
    compensated = years <= 6.0
    # Compensation: glucose within 10 % of 100 while β-cell mass keeps rising (> 5-fold).
    assert np.all(glucose[compensated] < 110)
    assert np.all(np.diff(beta[compensated]) > 0)
    assert beta[compensated][-1] > 5 * 300
    # Collapse: glucose escapes past the saddle's 250 mg/dL near the end of the decline,
    # after SI has fallen far below the 0.089 mL/µU/d saddle threshold, then β-cells vanish.
    escape = years[np.argmax(glucose > 250)]
    assert 6.5 < escape < schedule.floor_reached_year + 0.1
    assert schedule(escape * topp.DAYS_PER_YEAR) < 0.089
    assert _ends_pathological(run)
    assert np.argmax(beta) < np.argmax(glucose > 250) + 3  # β peaks at the escape, then falls


def test_early_restoration_rescues_late_restoration_does_not():
    early = topp.simulate(TEN_YEARS_DAYS, si=topp.SIDeclineSchedule(DEMO_RATE, intervention_year=5))
    late = topp.simulate(TEN_YEARS_DAYS, si=topp.SIDeclineSchedule(DEMO_RATE, intervention_year=8))
    assert _ends_physiological(early)
    after = early.t_years >= 6.0
    assert np.all(np.abs(early.glucose_mg_dl[after] - 100) < 2)  # back to normal within a year
    assert _ends_pathological(late)


def test_point_of_no_return_is_the_saddle():
    # Without intervention, find when β-cell mass falls below the saddle's β for SI = 0.72.
    run = topp.simulate(9 * 365.25, si=topp.SIDeclineSchedule(DEMO_RATE), n_points=5000)
    peak = np.argmax(run.beta_cell_mass_mg)
    crossing = run.t_years[peak + np.argmax(run.beta_cell_mass_mg[peak:] < SADDLE_BETA_MG)]
    before = topp.SIDeclineSchedule(DEMO_RATE, intervention_year=crossing - 0.02)
    after = topp.SIDeclineSchedule(DEMO_RATE, intervention_year=crossing + 0.02)
    assert _ends_physiological(topp.simulate(TEN_YEARS_DAYS, si=before))
    assert _ends_pathological(topp.simulate(TEN_YEARS_DAYS, si=after))


def test_faster_decline_collapses_sooner_slow_one_not_within_a_decade():
    fast = topp.simulate(TEN_YEARS_DAYS, si=topp.SIDeclineSchedule(0.2))
    slow = topp.simulate(TEN_YEARS_DAYS, si=topp.SIDeclineSchedule(0.05))
    assert fast.t_years[np.argmax(fast.glucose_mg_dl > 250)] < 4.0
    assert np.all(slow.glucose_mg_dl < 110)


def test_collapse_needs_a_low_floor():
    # With a linear decline, collapse needs floor_si below ≈ 0.022 × decline_per_year.
    high_floor = topp.simulate(TEN_YEARS_DAYS, si=topp.SIDeclineSchedule(0.1, floor_si=0.003))
    low_floor = topp.simulate(TEN_YEARS_DAYS, si=topp.SIDeclineSchedule(0.1, floor_si=0.0015))
    assert abs(high_floor.glucose_mg_dl[-1] - 100) < 5 and high_floor.glucose_mg_dl.max() < 250
    assert _ends_pathological(low_floor)


# --- input checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"days": 0}, "days"),
        ({"days": -5}, "days"),
        ({"days": math.nan}, "days"),
        ({"days": 10, "n_points": 1}, "n_points"),
        ({"days": 10, "n_points": 2.5}, "n_points"),
        ({"days": 10, "n_points": True}, "n_points"),
        ({"days": 10, "initial_state": (-1, 10, 300)}, "glucose_mg_dl"),
        ({"days": 10, "initial_state": (100, math.nan, 300)}, "insulin_uu_ml"),
        ({"days": 10, "initial_state": (100, 10)}, "initial_state"),
        ({"days": 10, "initial_state": "100,10,300"}, "initial_state"),
        ({"days": 10, "si": -0.5}, "si"),
        ({"days": 10, "si": 0}, "si"),
        ({"days": 10, "si": lambda t: -1.0}, "si"),
        ({"days": 10, "si": lambda t: 0.72 if t < 5 else -1.0}, "si"),
        ({"days": 10, "params": "default"}, "params"),
        ({"days": 10, "rtol": 0.5}, "rtol"),
    ],
)
def test_simulate_rejects_impossible_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        topp.simulate(**kwargs)


def test_default_start_needs_a_physiological_point():
    with pytest.raises(ValueError, match="initial_state"):
        topp.simulate(10, params=dataclasses.replace(DEFAULT, d0=0.08))
    run = topp.simulate(
        30, initial_state=(100, 10, 300), params=dataclasses.replace(DEFAULT, d0=0.08)
    )
    assert run.beta_cell_mass_mg[-1] < 300


def test_default_start_uses_the_initial_si():
    run = topp.simulate(10, si=0.36)
    assert run.beta_cell_mass_mg[0] == pytest.approx(600.0)
    assert run.glucose_mg_dl == pytest.approx(100.0, rel=1e-6)


def test_run_arrays_are_read_only():
    run = topp.simulate(30, n_points=4)
    with pytest.raises(ValueError):
        run.glucose_mg_dl[0] = 1.0
    assert run.si_ml_per_uu_per_day.tolist() == [0.72] * 4


def test_other_public_functions_check_their_input():
    with pytest.raises(ValueError, match="glucose_mg_dl"):
        topp.derivatives(-1, 10, 300)
    with pytest.raises(ValueError, match="beta_cell_mass_mg"):
        topp.jacobian(100, 10, math.inf)
    with pytest.raises(ValueError, match="si"):
        topp.derivatives(100, 10, 300, si=0)
    with pytest.raises(ValueError, match="beta_cell_mass_mg"):
        topp.quasi_steady_state(-1)
    with pytest.raises(ValueError, match="glucose_mg_dl"):
        topp.beta_cell_growth_rate(math.nan)
    with pytest.raises(ValueError, match="params"):
        topp.critical_death_rate(None)


def test_beta_cell_growth_rate():
    assert topp.beta_cell_growth_rate(100) == pytest.approx(0.0, abs=1e-15)
    assert topp.beta_cell_growth_rate(250) == pytest.approx(0.0, abs=1e-15)
    assert topp.beta_cell_growth_rate(175) == pytest.approx(0.0735 - 0.06)
    assert topp.beta_cell_growth_rate(600) == pytest.approx(-0.42)


def test_jacobian_matches_finite_differences():
    state = np.array([150.0, 12.0, 400.0])
    analytic = topp.jacobian(*state)
    step = 1e-6 * state
    for column in range(3):
        plus, minus = state.copy(), state.copy()
        plus[column] += step[column]
        minus[column] -= step[column]
        numeric = (np.array(topp.derivatives(*plus)) - np.array(topp.derivatives(*minus))) / (
            2 * step[column]
        )
        np.testing.assert_allclose(analytic[:, column], numeric, rtol=1e-6, atol=1e-9)


# --- a time-varying β-cell death rate (Topp's "bifurcation" pathway) ---------------------------


def test_death_rate_schedule_values():
    year = topp.DAYS_PER_YEAR
    schedule = topp.DeathRateSchedule(
        0.004, onset_year=4.0, intervention_year=9.0, restored_d0=0.065
    )
    assert schedule(0.0) == 0.06 and schedule(4 * year) == 0.06
    assert schedule(6 * year) == pytest.approx(0.068)
    assert schedule(9 * year) == 0.065
    assert schedule.breakpoints_days() == pytest.approx((4 * year, 9 * year, 11.5 * year))
    assert topp.DeathRateSchedule(0.01)(10 * year) == 0.09  # the default ceiling
    assert topp.DeathRateSchedule(0.01).ceiling_reached_year == pytest.approx(3.0)
    assert topp.DeathRateSchedule(0.0).ceiling_reached_year == math.inf
    assert topp.DeathRateSchedule(0.0).breakpoints_days() == ()
    assert topp.DeathRateSchedule(0.01, intervention_year=2).restored_d0 == 0.06
    # SI schedules take an onset too; before it SI is constant.
    late = topp.SIDeclineSchedule(0.1, onset_year=2.0)
    assert late(year) == 0.72 and late(3 * year) == pytest.approx(0.62)
    assert late.floor_reached_year == pytest.approx(9.19)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"rise_per_year": -0.001}, "rise_per_year"),
        ({"rise_per_year": math.inf}, "rise_per_year"),
        ({"rise_per_year": 0.001, "start_d0": 0}, "start_d0"),
        ({"rise_per_year": 0.001, "ceiling_d0": 0.05}, "ceiling_d0"),
        ({"rise_per_year": 0.001, "intervention_year": -1}, "intervention_year"),
        ({"rise_per_year": 0.001, "restored_d0": 0}, "restored_d0"),
        ({"rise_per_year": 0.001, "onset_year": -2}, "onset_year"),
        ({"rise_per_year": 0.001, "onset_year": math.nan}, "onset_year"),
    ],
)
def test_death_rate_schedule_rejects_impossible_values(kwargs, name):
    with pytest.raises(ValueError, match=name):
        topp.DeathRateSchedule(**kwargs)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.0, 0.02),
    st.floats(0.0, 8.0),
    st.one_of(st.none(), st.floats(0.0, 12.0)),
    st.lists(st.floats(0.0, 15 * 365.25), min_size=1, max_size=20),
)
def test_schedule_arrays_equal_the_scalar_schedule(rise, onset, intervention, times):
    # simulate() samples schedules vectorised; ToppRun must hold exactly what schedule(t) gives.
    schedule = topp.DeathRateSchedule(rise, onset_year=onset, intervention_year=intervention)
    np.testing.assert_array_equal(schedule._values(np.array(times)), [schedule(t) for t in times])
    values = [schedule(t) for t in times]
    assert all(0.06 <= value <= 0.09 for value in values)


def test_run_reports_the_death_rate_used():
    schedule = topp.DeathRateSchedule(0.004, onset_year=1.0)
    run = topp.simulate(3 * topp.DAYS_PER_YEAR, d0=schedule, n_points=40)
    np.testing.assert_array_equal(run.d0_per_day, [schedule(t) for t in run.t_days])
    with pytest.raises(ValueError):
        run.d0_per_day[0] = 1.0
    assert topp.simulate(30, n_points=3).d0_per_day.tolist() == [0.06] * 3


def test_constant_d0_is_the_same_as_params_with_that_d0():
    params = dataclasses.replace(DEFAULT, d0=0.065)
    start = (150.0, 12.0, 250.0)
    override = topp.simulate(TEN_YEARS_DAYS, initial_state=start, d0=0.065)
    replaced = topp.simulate(TEN_YEARS_DAYS, initial_state=start, params=params)
    for name in ("glucose_mg_dl", "insulin_uu_ml", "beta_cell_mass_mg", "d0_per_day"):
        np.testing.assert_array_equal(getattr(override, name), getattr(replaced, name))
    # The default start is the healthy point for that d0, and the run stays there.
    healthy = topp.fixed_points(params).physiological
    run = topp.simulate(TEN_YEARS_DAYS, d0=0.065)
    assert run.glucose_mg_dl == pytest.approx(healthy.glucose_mg_dl, rel=1e-6)
    assert run.beta_cell_mass_mg == pytest.approx(healthy.beta_cell_mass_mg, rel=1e-6)


def test_death_rate_past_critical_collapses_at_normal_si():
    # Topp's bifurcation pathway: above r1²/(4·r2) = 0.0735 /d no β-cell mass is sustainable,
    # so from the healthy state (SI = 0.72 throughout) the β-cells die out ...
    healthy = topp.fixed_points().physiological.state
    for d0 in (0.075, 0.08):
        assert _ends_pathological(topp.simulate(TEN_YEARS_DAYS, initial_state=healthy, d0=d0))
    # ... while just below it the state settles at a higher glucose with fewer β-cells
    # (regulated hyperglycaemia): the lower root of r2·G² − r1·G + d0 = 0.
    below = topp.simulate(TEN_YEARS_DAYS, initial_state=healthy, d0=0.07)
    root = (DEFAULT.r1 - math.sqrt(DEFAULT.r1**2 - 4 * DEFAULT.r2 * 0.07)) / (2 * DEFAULT.r2)
    assert root == pytest.approx(136.8, abs=0.1)
    assert below.glucose_mg_dl[-1] == pytest.approx(root, rel=1e-3)
    assert below.beta_cell_mass_mg[-1] < 300


def test_death_rate_schedule_and_plain_callable_give_the_same_run():
    # simulate() restarts the solver at the kinks of both schedules (onset, intervention) and
    # evaluates them in closed form; plain functions take the generic path.
    si = topp.SIDeclineSchedule(0.05, intervention_year=5.0)
    d0 = topp.DeathRateSchedule(0.005, onset_year=2.0, intervention_year=5.0)
    fast = topp.simulate(8 * 365.25, si=si, d0=d0, n_points=100)
    generic = topp.simulate(
        8 * 365.25, si=lambda t: si(t), d0=lambda t: d0(t), n_points=100, rtol=1e-8
    )
    assert fast.glucose_mg_dl.max() > 150 and _ends_physiological(fast)  # rise, then rescue
    for a, b in [
        (fast.glucose_mg_dl, generic.glucose_mg_dl),
        (fast.beta_cell_mass_mg, generic.beta_cell_mass_mg),
    ]:
        np.testing.assert_allclose(a, b, rtol=2e-3)
    np.testing.assert_array_equal(fast.d0_per_day, generic.d0_per_day)


def test_solver_jacobian_matches_finite_differences_with_time_varying_rates():
    def si_at(t):
        return 0.72 - 1e-4 * t

    def d0_at(t):
        return 0.06 + 2e-5 * t

    rhs, jac = topp._vector_field(DEFAULT, si_at, d0_at)
    t, state = 900.0, np.array([160.0, 11.0, 280.0])
    analytic = np.array(jac(t, state))
    for column in range(3):
        step = 1e-6 * state[column]
        plus, minus = state.copy(), state.copy()
        plus[column] += step
        minus[column] -= step
        numeric = (np.array(rhs(t, plus)) - np.array(rhs(t, minus))) / (2 * step)
        np.testing.assert_allclose(analytic[:, column], numeric, rtol=1e-6, atol=1e-9)
    # At a fixed time the field is the model with SI(t) and d0(t) as constants.
    params = dataclasses.replace(DEFAULT, si=si_at(t), d0=d0_at(t))
    np.testing.assert_allclose(rhs(t, state), topp.derivatives(*state, params), rtol=1e-12)
    np.testing.assert_allclose(analytic, topp.jacobian(*state, params), rtol=1e-12)


@pytest.mark.parametrize(
    "d0",
    [-0.06, 0, math.nan, "0.06", lambda t: -1.0, lambda t: 0.06 if t < 5 else math.nan],
)
def test_simulate_rejects_impossible_death_rates(d0):
    with pytest.raises(ValueError, match="d0"):
        topp.simulate(10, initial_state=(100, 10, 300), d0=d0)


# --- the chapter 16 progression scenario: falling SI plus a rising d0 ----------------------------


@pytest.fixture(scope="module")
def natural_course():
    return topp.progression_scenario()


def _year_when(run, values, threshold):
    return run.t_years[np.argmax(values > threshold)]


def test_progression_compensates_then_collapses(natural_course):
    run = natural_course
    years, glucose, beta = run.t_years, run.glucose_mg_dl, run.beta_cell_mass_mg
    # Plausible SI: it falls to 30–50 % of 0.72 over the decade; d0 passes 0.0735 slowly.
    assert 0.3 < run.si_ml_per_uu_per_day[-1] / 0.72 < 0.5
    assert 7.0 < _year_when(run, run.d0_per_day, topp.critical_death_rate()) < 8.0
    # Compensation: four years of glucose within 1 mg/dL of 100 while β-cells grow by > 20 %.
    early = years <= 4.0
    assert np.all(np.abs(glucose[early] - 100) < 1)
    assert np.all(np.diff(beta[early]) > 0) and beta[early][-1] > 1.2 * 300
    assert run.insulin_uu_ml[early][-1] > 12
    # Then glucose rises with d0 (126 mg/dL in year 6–7) and the β-cell mass collapses once d0
    # is past the critical value.
    assert glucose[np.searchsorted(years, 5.0)] < 115
    assert 5.5 < _year_when(run, glucose, 126) < 6.5
    escape = _year_when(run, glucose, 250)
    assert 8.0 < escape < 8.5
    assert escape > _year_when(run, run.d0_per_day, topp.critical_death_rate())
    assert _ends_pathological(run)


def test_early_intervention_rescues_late_does_not():
    for year in (5.0, 8.0):
        run = topp.progression_scenario(intervention_year=year)
        assert _ends_physiological(run), year
        after = run.t_years >= year + 1
        assert np.all(np.abs(run.glucose_mg_dl[after] - 100) < 2), year
        assert run.si_ml_per_uu_per_day[-1] == 0.72 and run.d0_per_day[-1] == 0.06
    assert _ends_pathological(topp.progression_scenario(intervention_year=8.5))
    # Restoring SI alone does not stop the collapse: d0 still passes the critical value.
    si_only = topp.progression_scenario(intervention_year=5.0, restore_d0=False)
    assert si_only.si_ml_per_uu_per_day[-1] == 0.72 and si_only.d0_per_day[-1] > 0.08
    assert _ends_pathological(si_only)


def test_point_of_no_return_agrees_with_direct_simulation(natural_course):
    tolerance = 0.01  # years: the bisection bracket; both sides are checked by direct runs
    year = topp.point_of_no_return(tolerance_years=tolerance)
    assert 8.2 < year < 8.45
    before = topp.progression_scenario(intervention_year=year - tolerance, years=year + 5)
    after = topp.progression_scenario(intervention_year=year + tolerance, years=year + 5)
    assert _ends_physiological(before)
    assert _ends_pathological(after)
    # It is (to within days) when the untreated β-cell mass falls below the restored saddle's.
    fine = topp.progression_scenario(years=9.0, n_points=20_000)
    peak = np.argmax(fine.beta_cell_mass_mg)
    crossing = fine.t_years[peak + np.argmax(fine.beta_cell_mass_mg[peak:] < SADDLE_BETA_MG)]
    assert year == pytest.approx(crossing, abs=0.02)
    # By then glucose is far above the saddle's 250 mg/dL in the untreated run.
    assert natural_course.glucose_mg_dl[np.searchsorted(natural_course.t_years, year)] > 250


def test_point_of_no_return_depends_on_the_beta_cell_defect():
    # Without a rising d0 the same SI decline is always rescuable within the decade ...
    assert topp.point_of_no_return(d0_rise_per_year=0.0) is None
    # ... and a partial relief of β-cell stress (a higher restored d0, a larger restored saddle)
    # closes the window earlier.
    full = topp.point_of_no_return(tolerance_years=0.02)
    partial = topp.point_of_no_return(restored_d0=0.07, tolerance_years=0.02)
    assert partial < full
    with pytest.raises(ValueError, match="restored_d0"):
        topp.point_of_no_return(restored_d0=0.08)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"si_decline_per_year": -0.1}, "si_decline_per_year"),
        ({"d0_rise_per_year": math.nan}, "d0_rise_per_year"),
        ({"d0_onset_year": -1}, "d0_onset_year"),
        ({"intervention_year": -1}, "intervention_year"),
        ({"years": 0}, "years"),
        ({"restore_d0": "yes"}, "restore_d0"),
        ({"restore_d0": False, "restored_d0": 0.06}, "restored_d0"),
        ({"restored_d0": 0}, "restored_d0"),
        ({"params": None}, "params"),
    ],
)
def test_progression_scenario_rejects_impossible_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        topp.progression_scenario(**kwargs)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"years": -1}, "years"),
        ({"tolerance_years": 0}, "tolerance_years"),
        ({"si_decline_per_year": 11}, "si_decline_per_year"),
    ],
)
def test_point_of_no_return_rejects_impossible_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        topp.point_of_no_return(**kwargs)


# --- crossing years, intervention sweeps ------------------------------------------------------


def test_first_crossing_year_interpolates_between_output_points(natural_course):
    coarse = topp.progression_scenario(n_points=101)  # one point every ~5 weeks
    fine = topp.progression_scenario(n_points=20_001)
    for threshold in (126.0, 250.0):
        exact = topp.first_crossing_year(fine, threshold)
        assert topp.first_crossing_year(coarse, threshold) == pytest.approx(exact, abs=0.02)
        assert topp.first_crossing_year(natural_course, threshold) == pytest.approx(exact, abs=0.01)
    assert 6.0 < topp.first_crossing_year(natural_course, 126.0) < 6.2
    # Never above 700 mg/dL (glucose cannot exceed R0/EG0 = 600 from below) ...
    assert topp.first_crossing_year(natural_course, 700.0) is None
    # ... and a run starting above the threshold crosses at year 0.
    assert topp.first_crossing_year(natural_course, 50.0) == 0.0


@pytest.mark.parametrize(
    "run, threshold, name",
    [(None, 126.0, "run"), ("run", 0.0, "threshold_mg_dl"), ("run", math.nan, "threshold")],
)
def test_first_crossing_year_rejects_bad_input(natural_course, run, threshold, name):
    with pytest.raises(ValueError, match=name):
        topp.first_crossing_year(natural_course if run == "run" else run, threshold)


def test_intervention_outcomes_match_direct_runs_and_the_point_of_no_return():
    years = (2.0, 6.0, 8.0, 9.0)
    outcomes = topp.intervention_outcomes(years)
    assert [o.intervention_year for o in outcomes] == list(years)
    assert [o.rescued for o in outcomes] == [True, True, True, False]
    for outcome in outcomes:
        run = topp.progression_scenario(
            intervention_year=outcome.intervention_year,
            years=outcome.intervention_year + topp.RECOVERY_YEARS,
        )
        assert outcome.final_glucose_mg_dl == pytest.approx(run.glucose_mg_dl[-1])
        assert outcome.final_beta_cell_mass_mg == pytest.approx(run.beta_cell_mass_mg[-1])
        if outcome.rescued:
            assert _ends_physiological(run)
        else:
            assert _ends_pathological(run)
    # The state at the intervention is the untreated one: glucose rises with the year.
    at = [o.glucose_at_intervention_mg_dl for o in outcomes]
    assert at[0] < 101 < at[1] < at[2] < at[3] and at[3] > 590
    assert (
        outcomes[2].beta_at_intervention_mg > SADDLE_BETA_MG > outcomes[3].beta_at_intervention_mg
    )
    # Rescue from year 2 dips glucose below 100 (restored SI on an enlarged β-cell mass).
    assert outcomes[0].lowest_glucose_after_mg_dl < 100 < outcomes[0].glucose_at_intervention_mg_dl
    # Either side of the point of no return.
    no_return = topp.point_of_no_return()
    before, after = topp.intervention_outcomes([no_return - 0.05, no_return + 0.05])
    assert before.rescued and not after.rescued


def test_restoring_si_alone_is_never_a_rescue():
    outcomes = topp.intervention_outcomes([1.0, 5.0, 8.0], restore_d0=False)
    assert not any(o.rescued for o in outcomes)
    # Five years after year 5 or 8 the β-cells are gone; after year 1 glucose is already
    # rising (d0 passes the critical value at 7.4 years, after the follow-up ends).
    assert [o.final_glucose_mg_dl > 590 for o in outcomes] == [False, True, True]
    assert outcomes[0].final_glucose_mg_dl > 110


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"intervention_years": 5.0}, "intervention_years"),
        ({"intervention_years": "5"}, "intervention_years"),
        ({"intervention_years": []}, "intervention_years"),
        ({"intervention_years": [-1.0]}, r"intervention_years\[0\]"),
        ({"intervention_years": [5.0, math.nan]}, r"intervention_years\[1\]"),
        ({"intervention_years": [5.0], "follow_up_years": 0.1}, "follow_up_years"),
        ({"intervention_years": [5.0], "si_decline_per_year": -1}, "si_decline_per_year"),
        ({"intervention_years": [5.0], "params": {}}, "params"),
    ],
)
def test_intervention_outcomes_reject_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        topp.intervention_outcomes(**kwargs)


# --- the reduced (glucose, β-cell mass) plane ---------------------------------------------------


def test_glucose_nullcline_passes_through_the_fixed_points():
    points = topp.fixed_points()
    glucose = [p.glucose_mg_dl for p in points.all]
    beta = topp.glucose_nullcline(glucose)
    assert isinstance(beta, np.ndarray)
    np.testing.assert_allclose(beta, [p.beta_cell_mass_mg for p in points.all], atol=1e-9)
    assert isinstance(topp.glucose_nullcline(100.0), float)
    # It is the inverse of quasi_steady_state (the slow manifold), for any SI.
    for b in (5.0, 37.0, 300.0, 2000.0):
        for si in (0.2, 0.72, 3.0):
            glucose_qss, _ = topp.quasi_steady_state(b, si=si)
            assert topp.glucose_nullcline(glucose_qss, si=si) == pytest.approx(b, rel=1e-8)


def test_glucose_nullcline_falls_with_glucose_and_scales_with_1_over_si():
    glucose = np.linspace(20.0, 600.0, 50)
    beta = topp.glucose_nullcline(glucose)
    assert np.all(np.diff(beta) < 0) and beta[-1] == 0.0
    np.testing.assert_allclose(topp.glucose_nullcline(glucose, si=0.36), 2 * beta, rtol=1e-12)


@pytest.mark.parametrize("glucose", [0.0, -5.0, 601.0, math.nan, [100.0, math.inf], "100", True])
def test_glucose_nullcline_rejects_glucose_outside_its_range(glucose):
    with pytest.raises(ValueError, match="glucose_mg_dl"):
        topp.glucose_nullcline(glucose)


def test_reduced_vector_field_vanishes_at_the_fixed_points_and_matches_the_full_model():
    for point in topp.fixed_points().all:
        d_glucose, d_beta = topp.reduced_vector_field(point.glucose_mg_dl, point.beta_cell_mass_mg)
        assert abs(d_glucose) < 1e-9 * DEFAULT.r0 and abs(d_beta) < 1e-9
    # With insulin at its quasi-steady state, the full right-hand side's dG and dβ agree.
    rng = np.random.default_rng(16)
    for _ in range(20):
        glucose, beta = rng.uniform(1, 600), rng.uniform(0, 3000)
        insulin = beta * DEFAULT.sigma * glucose**2 / ((DEFAULT.alpha + glucose**2) * DEFAULT.k)
        full = topp.derivatives(glucose, insulin, beta, DEFAULT)
        reduced = topp.reduced_vector_field(glucose, beta, si=0.72, d0=0.06)
        assert reduced == pytest.approx((full[0], full[2]), rel=1e-12, abs=1e-9)


def test_reduced_vector_field_broadcasts_a_grid_and_takes_overrides():
    glucose, beta = np.meshgrid(np.linspace(0.0, 600.0, 7), np.geomspace(1.0, 1000.0, 5))
    d_glucose, d_beta = topp.reduced_vector_field(glucose, beta)
    assert d_glucose.shape == d_beta.shape == (5, 7)
    # β grows only between the two β-nullcline roots (100 and 250 mg/dL).
    growing = (glucose > 100) & (glucose < 250)
    assert np.all(d_beta[growing] > 0) and np.all(d_beta[~growing & (glucose != 100)] <= 0)
    # A higher death rate shifts every β rate down by Δd0·β.
    _, d_beta_high = topp.reduced_vector_field(glucose, beta, d0=0.07)
    np.testing.assert_allclose(d_beta - d_beta_high, 0.01 * beta, rtol=1e-9, atol=1e-12)
    with pytest.raises(ValueError, match="broadcast"):
        topp.reduced_vector_field([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="beta_cell_mass_mg"):
        topp.reduced_vector_field(100.0, -1.0)
    with pytest.raises(ValueError, match="d0"):
        topp.reduced_vector_field(100.0, 300.0, d0=0.0)


def test_separatrix_passes_through_the_saddle_and_is_almost_flat():
    curve = topp.separatrix()
    assert curve.glucose_mg_dl[0] < 2.0 and curve.glucose_mg_dl[-1] > 599.0
    assert np.all(np.diff(curve.glucose_mg_dl) > 0)
    assert curve.beta_at(250.0) == pytest.approx(SADDLE_BETA_MG, rel=1e-4)
    assert 36.5 < curve.beta_cell_mass_mg.min() and curve.beta_cell_mass_mg.max() < 40.0
    with pytest.raises(ValueError):
        curve.glucose_mg_dl[0] = 0.0
    with pytest.raises(ValueError, match="glucose_mg_dl"):
        curve.beta_at(700.0)


@pytest.mark.parametrize("glucose", [20.0, 150.0, 400.0, 580.0])
def test_separatrix_separates_recovery_from_collapse(glucose):
    beta = topp.separatrix().beta_at(glucose)
    for factor, ends in ((1.03, _ends_physiological), (0.97, _ends_pathological)):
        start = (glucose, 0.0, beta * factor)
        assert ends(topp.simulate(TEN_YEARS_DAYS, initial_state=start)), (glucose, factor)


def test_separatrix_scales_with_1_over_si_and_vanishes_without_a_saddle():
    half = topp.separatrix(si=0.36)
    assert half.beta_at(250.0) == pytest.approx(2 * SADDLE_BETA_MG, rel=1e-4)
    assert topp.separatrix(dataclasses.replace(DEFAULT, d0=0.08)) is None
    assert topp.separatrix(dataclasses.replace(DEFAULT, r0=288.0)) is None  # saddle needs I < 0
    with pytest.raises(ValueError, match="glucose_floor_mg_dl"):
        topp.separatrix(glucose_floor_mg_dl=0.0)
