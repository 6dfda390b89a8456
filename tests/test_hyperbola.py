"""Tests for insulinlab.hyperbola: the hyperbolic law, the glucose teaching rule and its checks."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insulinlab import hyperbola
from insulinlab.hyperbola import (
    GLUCOSE_SET_POINT_MMOL_L,
    INSULIN_INDEPENDENT_SHARE,
    TEACHING_PEOPLE,
    WHITEHALL_II_REPORTED,
    compensation_limit,
    disposition_index,
    fasting_glucose_mmol_l,
    glucose_curve,
    hyperbola_curve,
    required_secretion,
    steady_state,
)

sensitivities = st.floats(min_value=0.01, max_value=10.0, allow_nan=False)
capacities = st.floats(min_value=0.05, max_value=50.0, allow_nan=False)
indices = st.floats(min_value=0.05, max_value=5.0, allow_nan=False)


# --- the hyperbolic law ----------------------------------------------------------------------


def test_reference_person():
    assert hyperbola.REFERENCE_DISPOSITION_INDEX == 1.0
    assert disposition_index(1.0, 1.0) == 1.0
    assert required_secretion(1.0) == 1.0


def test_disposition_index_is_the_product():
    assert disposition_index(0.5, 2.0) == pytest.approx(1.0)
    assert disposition_index(0.4, 1.6) == pytest.approx(0.64)
    assert disposition_index(2, 3) == pytest.approx(6.0)


@settings(max_examples=100, deadline=None)
@given(index=indices, sensitivity=sensitivities)
def test_disposition_index_is_invariant_along_the_curve(index, sensitivity):
    secretion = required_secretion(sensitivity, index)
    if secretion <= hyperbola.SECRETION_RANGE[1]:
        assert disposition_index(sensitivity, secretion) == pytest.approx(index, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(index=indices, sensitivity=st.floats(min_value=0.02, max_value=10.0))
def test_halving_sensitivity_doubles_required_secretion(index, sensitivity):
    assert required_secretion(sensitivity / 2, index) == pytest.approx(
        2 * required_secretion(sensitivity, index), rel=1e-12
    )


def test_hyperbola_curve_matches_required_secretion():
    values = [0.1, 0.25, 0.5, 1.0, 2.0, 10.0]
    curve = hyperbola_curve(1.5, values)
    assert isinstance(curve, np.ndarray) and curve.shape == (6,)
    for sensitivity, secretion in zip(values, curve, strict=True):
        assert secretion == pytest.approx(required_secretion(sensitivity, 1.5))
    assert np.allclose(np.asarray(values) * curve, 1.5)
    assert np.all(np.diff(curve) < 0), "the hyperbola falls as sensitivity rises"


def test_hyperbola_curve_accepts_arrays_and_tuples():
    assert hyperbola_curve(1.0, np.array([0.5, 2.0])).tolist() == [2.0, 0.5]
    assert hyperbola_curve(1.0, (0.5,)).tolist() == [2.0]


def test_compensation_limit():
    assert compensation_limit(2.0) == 0.5
    assert compensation_limit(4.0, 2.0) == 0.5
    state = steady_state(compensation_limit(2.5), 2.5)
    assert state.compensated


# --- the teaching relation --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(sensitivity=sensitivities, capacity=capacities)
def test_glucose_stays_at_set_point_while_the_cells_keep_up(sensitivity, capacity):
    state = steady_state(sensitivity, capacity)
    if required_secretion(sensitivity) <= capacity:
        assert state.compensated
        assert state.fasting_glucose_mmol_l == GLUCOSE_SET_POINT_MMOL_L
        assert state.secretion == pytest.approx(state.required_secretion)
        assert state.shortfall == 0
        assert state.disposition_index == pytest.approx(1.0)
    else:
        assert not state.compensated
        assert state.secretion == capacity
        assert state.shortfall > 0
        assert state.disposition_index < 1.0
        assert state.fasting_glucose_mmol_l > GLUCOSE_SET_POINT_MMOL_L


@settings(max_examples=150, deadline=None)
@given(
    capacity=capacities,
    pair=st.tuples(sensitivities, sensitivities).map(sorted),
)
def test_glucose_rises_monotonically_as_sensitivity_falls(capacity, pair):
    lower, higher = pair
    assert fasting_glucose_mmol_l(lower, capacity) >= fasting_glucose_mmol_l(higher, capacity)


@settings(max_examples=150, deadline=None)
@given(
    sensitivity=sensitivities,
    pair=st.tuples(capacities, capacities).map(sorted),
)
def test_glucose_rises_monotonically_as_capacity_falls(sensitivity, pair):
    smaller, larger = pair
    assert fasting_glucose_mmol_l(sensitivity, smaller) >= fasting_glucose_mmol_l(
        sensitivity, larger
    )


@settings(max_examples=100, deadline=None)
@given(capacity=capacities, below=st.floats(min_value=0.01, max_value=0.99))
def test_glucose_rises_strictly_beyond_the_cap(capacity, below):
    limit = compensation_limit(capacity)
    lower, lowest = limit * below, limit * below * below
    if lowest > hyperbola.SENSITIVITY_RANGE[0] and limit <= hyperbola.SENSITIVITY_RANGE[1]:
        at_limit = fasting_glucose_mmol_l(limit, capacity)
        assert at_limit == pytest.approx(GLUCOSE_SET_POINT_MMOL_L)
        assert fasting_glucose_mmol_l(lower, capacity) > at_limit
        assert fasting_glucose_mmol_l(lowest, capacity) > fasting_glucose_mmol_l(lower, capacity)


@settings(max_examples=100, deadline=None)
@given(sensitivity=sensitivities, capacity=capacities)
def test_glucose_is_bounded_by_set_point_over_share(sensitivity, capacity):
    glucose = fasting_glucose_mmol_l(sensitivity, capacity)
    assert GLUCOSE_SET_POINT_MMOL_L <= glucose
    assert glucose < GLUCOSE_SET_POINT_MMOL_L / INSULIN_INDEPENDENT_SHARE


def test_glucose_is_continuous_at_the_cap():
    limit = compensation_limit(2.0)
    just_below = fasting_glucose_mmol_l(limit * (1 - 1e-9), 2.0)
    assert just_below == pytest.approx(GLUCOSE_SET_POINT_MMOL_L, rel=1e-6)


def test_worked_values():
    assert fasting_glucose_mmol_l(0.25, 2.0) == pytest.approx(8.0)
    failing = steady_state(0.4, 1.6)
    assert failing.disposition_index == pytest.approx(0.64)
    assert failing.required_secretion == pytest.approx(2.5)
    assert failing.shortfall == pytest.approx(0.9)
    assert failing.fasting_glucose_mmol_l == pytest.approx(5 / (0.25 + 0.75 * 0.64))


def test_options_change_the_rule_as_documented():
    state = steady_state(
        0.5, 1.0, target_disposition_index=1.0, set_point_mmol_l=4.5, insulin_independent_share=0.5
    )
    assert state.fasting_glucose_mmol_l == pytest.approx(4.5 / (0.5 + 0.5 * 0.5))
    # A larger target DI needs more secretion.
    assert steady_state(1.0, 10.0, target_disposition_index=2.0).required_secretion == 2.0


def test_glucose_curve_matches_steady_state():
    values = np.linspace(0.1, 2.0, 40)
    curve = glucose_curve(values, 1.5)
    expected = [fasting_glucose_mmol_l(v, 1.5) for v in values]
    assert np.allclose(curve, expected)
    assert np.all(np.diff(curve) <= 1e-12), "glucose falls (or stays) as sensitivity rises"


def test_teaching_people():
    states = {person.id: person.state() for person in TEACHING_PEOPLE}
    assert states["healthy"].compensated and states["compensating"].compensated
    assert states["healthy"].disposition_index == pytest.approx(1.0)
    assert states["compensating"].disposition_index == pytest.approx(1.0)
    assert states["compensating"].secretion > states["healthy"].secretion
    assert not states["failing"].compensated
    assert states["failing"].disposition_index < 1.0
    assert states["failing"].fasting_glucose_mmol_l > GLUCOSE_SET_POINT_MMOL_L


def test_whitehall_values_are_the_published_ones():
    beta = dict(WHITEHALL_II_REPORTED["homa_beta_percent"])
    assert beta == {-4.0: 85.0, -3.0: 92.6, 0.0: 62.4}
    assert dict(WHITEHALL_II_REPORTED["fasting_glucose_mmol_l"]) == {-3.0: 5.79, 0.0: 7.40}
    assert dict(WHITEHALL_II_REPORTED["two_hour_glucose_mmol_l"]) == {-3.0: 7.60, 0.0: 11.90}
    with pytest.raises(TypeError):
        WHITEHALL_II_REPORTED["x"] = ()


def test_steady_state_is_frozen():
    state = steady_state(1.0, 2.0)
    with pytest.raises(AttributeError):
        state.secretion = 3.0


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: disposition_index(0, 1), "insulin_sensitivity"),
        (lambda: disposition_index(-1, 1), "insulin_sensitivity"),
        (lambda: disposition_index(11, 1), "insulin_sensitivity"),
        (lambda: disposition_index(math.nan, 1), "insulin_sensitivity"),
        (lambda: disposition_index(math.inf, 1), "insulin_sensitivity"),
        (lambda: disposition_index("1", 1), "insulin_sensitivity"),
        (lambda: disposition_index(True, 1), "insulin_sensitivity"),
        (lambda: disposition_index(1, 0), "insulin_secretion"),
        (lambda: disposition_index(1, 101), "insulin_secretion"),
        (lambda: disposition_index(1, None), "insulin_secretion"),
        (lambda: required_secretion(0), "insulin_sensitivity"),
        (lambda: required_secretion(1, 0), "disposition_index"),
        (lambda: required_secretion(1, -2), "disposition_index"),
        (lambda: hyperbola_curve(0, [1.0]), "disposition_index"),
        (lambda: hyperbola_curve(1, []), "sensitivities"),
        (lambda: hyperbola_curve(1, [[1.0, 2.0]]), "sensitivities"),
        (lambda: hyperbola_curve(1, [1.0, 0.0]), "sensitivities"),
        (lambda: hyperbola_curve(1, [1.0, math.nan]), "sensitivities"),
        (lambda: hyperbola_curve(1, "abc"), "sensitivities"),
        (lambda: hyperbola_curve(1, ["a"]), "sensitivities"),
        (lambda: hyperbola_curve(1, [True, False]), "sensitivities"),
        (lambda: compensation_limit(0), "beta_cell_capacity"),
        (lambda: steady_state(0, 1), "insulin_sensitivity"),
        (lambda: steady_state(1, 0), "beta_cell_capacity"),
        (lambda: steady_state(1, 1, target_disposition_index=0), "target_disposition_index"),
        (lambda: steady_state(1, 1, set_point_mmol_l=90), "set_point_mmol_l"),
        (lambda: steady_state(1, 1, insulin_independent_share=0), "insulin_independent_share"),
        (lambda: steady_state(1, 1, insulin_independent_share=1), "insulin_independent_share"),
        (lambda: glucose_curve([0.5], -1), "beta_cell_capacity"),
        (lambda: glucose_curve([], 1), "sensitivities"),
        (lambda: fasting_glucose_mmol_l(1, math.nan), "beta_cell_capacity"),
    ],
)
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


def test_error_message_gives_the_accepted_range():
    with pytest.raises(ValueError, match=r"\(0, 10\]"):
        disposition_index(20, 1)
    with pytest.raises(ValueError, match=r"\[3, 8\] mmol/L"):
        steady_state(1, 1, set_point_mmol_l=90)
