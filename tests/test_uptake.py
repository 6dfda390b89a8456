"""Two-path muscle glucose uptake: the contraction path works without insulin signalling
(Stanford & Goodyear 2014; Sylow 2017; FACTS.md §A2.4), the insulin path is monotone and
saturating, the total is the sum, inputs vectorise, and bad input raises ValueError."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insulinlab.uptake import DEFAULT_PARAMS, UptakeParams, UptakeResult, muscle_glucose_uptake

insulin_values = st.floats(min_value=0.0, max_value=1000.0)
fractions = st.floats(min_value=0.0, max_value=1.0)


def test_without_insulin_signalling_exercise_still_works():
    intensities = np.linspace(0.0, 1.0, 11)
    healthy = muscle_glucose_uptake(100.0, 1.0, intensities)
    resistant = muscle_glucose_uptake(100.0, 0.0, intensities)
    np.testing.assert_array_equal(
        resistant.contraction_path_mg_per_kg_min, healthy.contraction_path_mg_per_kg_min
    )
    assert np.all(resistant.insulin_path_mg_per_kg_min == 0.0)
    assert np.all(np.diff(resistant.total_mg_per_kg_min) > 0.0)
    assert resistant.contraction_share[-1] == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(insulin=insulin_values, signalling=fractions, intensity=fractions)
def test_contraction_path_ignores_insulin_and_signalling(insulin, signalling, intensity):
    result = muscle_glucose_uptake(insulin, signalling, intensity)
    reference = muscle_glucose_uptake(0.0, 0.0, intensity)
    assert result.contraction_path_mg_per_kg_min == reference.contraction_path_mg_per_kg_min


@settings(max_examples=50, deadline=None)
@given(insulin=insulin_values, signalling=fractions, intensity=fractions)
def test_total_is_the_sum_of_the_paths(insulin, signalling, intensity):
    result = muscle_glucose_uptake(insulin, signalling, intensity)
    assert isinstance(result, UptakeResult)
    assert isinstance(result.total_mg_per_kg_min, float)
    assert result.total_mg_per_kg_min == pytest.approx(
        result.insulin_path_mg_per_kg_min + result.contraction_path_mg_per_kg_min
    )
    assert result.insulin_path_mg_per_kg_min >= 0.0
    assert result.contraction_path_mg_per_kg_min >= 0.0
    assert 0.0 <= result.contraction_share <= 1.0


@settings(max_examples=50, deadline=None)
@given(low=insulin_values, high=insulin_values, signalling=fractions)
def test_insulin_path_is_monotone_in_insulin(low, high, signalling):
    low, high = sorted((low, high))
    path_low = muscle_glucose_uptake(low, signalling).insulin_path_mg_per_kg_min
    path_high = muscle_glucose_uptake(high, signalling).insulin_path_mg_per_kg_min
    assert path_low <= path_high


def test_insulin_path_saturates():
    vmax = DEFAULT_PARAMS.insulin_vmax_mg_per_kg_min
    insulin = np.array([0.0, 30.0, 60.0, 120.0, 500.0, 1000.0])
    path = muscle_glucose_uptake(insulin).insulin_path_mg_per_kg_min
    assert path[0] == 0.0
    assert path[2] == pytest.approx(vmax / 2)  # half-maximal at EC50
    assert np.all(path < vmax)
    assert path[-1] > 0.95 * vmax
    # Diminishing returns: the last 500 µU/mL add far less than the first 60.
    assert path[-1] - path[-2] < 0.1 * (path[2] - path[0])


def test_signalling_scales_only_the_insulin_path():
    full = muscle_glucose_uptake(100.0, 1.0, 0.5)
    half = muscle_glucose_uptake(100.0, 0.5, 0.5)
    assert half.insulin_path_mg_per_kg_min == pytest.approx(full.insulin_path_mg_per_kg_min / 2)
    assert half.contraction_path_mg_per_kg_min == full.contraction_path_mg_per_kg_min


def test_teaching_values_have_a_plausible_order_of_magnitude():
    # A clamp at ≈ 100 µU/mL: insulin-stimulated muscle uptake of a few mg/kg/min.
    clamp = muscle_glucose_uptake(100.0)
    assert 3.0 < clamp.insulin_path_mg_per_kg_min < 10.0
    fasting = muscle_glucose_uptake(8.0)
    assert fasting.insulin_path_mg_per_kg_min < 1.0
    moderate = muscle_glucose_uptake(8.0, exercise_intensity=0.5)
    assert 2.0 < moderate.contraction_path_mg_per_kg_min < 10.0
    assert muscle_glucose_uptake(8.0).contraction_path_mg_per_kg_min == 0.0  # at rest


def test_vectorised_over_arrays_and_broadcast():
    insulin = np.array([5.0, 20.0, 100.0])
    result = muscle_glucose_uptake(insulin, 0.5, 0.3)
    assert result.total_mg_per_kg_min.shape == (3,)
    for index, value in enumerate(insulin):
        scalar = muscle_glucose_uptake(float(value), 0.5, 0.3)
        assert result.total_mg_per_kg_min[index] == pytest.approx(scalar.total_mg_per_kg_min)
    grid = muscle_glucose_uptake(insulin[None, :], 1.0, np.array([[0.0], [0.5], [1.0]]))
    assert grid.total_mg_per_kg_min.shape == (3, 3)
    np.testing.assert_allclose(
        grid.total_mg_per_kg_min,
        grid.insulin_path_mg_per_kg_min + grid.contraction_path_mg_per_kg_min,
    )
    listed = muscle_glucose_uptake([5.0, 20.0], exercise_intensity=[0.0, 1.0])
    assert listed.contraction_path_mg_per_kg_min.shape == (2,)
    with pytest.raises(ValueError):
        result.total_mg_per_kg_min[0] = 0.0  # read-only
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total_mg_per_kg_min = 0.0


def test_custom_parameters():
    stronger = UptakeParams(contraction_vmax_mg_per_kg_min=20.0)
    assert (
        muscle_glucose_uptake(0.0, 0.0, 0.5, stronger).contraction_path_mg_per_kg_min
        > muscle_glucose_uptake(0.0, 0.0, 0.5).contraction_path_mg_per_kg_min
    )


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"insulin_uu_ml": float("nan")}, "insulin_uu_ml"),
        ({"insulin_uu_ml": -1.0}, "insulin_uu_ml"),
        ({"insulin_uu_ml": 1200.0}, "insulin_uu_ml"),
        ({"insulin_uu_ml": [10.0, float("inf")]}, "insulin_uu_ml"),
        ({"insulin_uu_ml": "high"}, "insulin_uu_ml"),
        ({"insulin_uu_ml": True}, "insulin_uu_ml"),
        ({"insulin_uu_ml": 10.0, "insulin_signalling": 1.5}, "insulin_signalling"),
        ({"insulin_uu_ml": 10.0, "insulin_signalling": np.array([True])}, "insulin_signalling"),
        ({"insulin_uu_ml": 10.0, "exercise_intensity": -0.1}, "exercise_intensity"),
        ({"insulin_uu_ml": 10.0, "exercise_intensity": [0.2, 1.2]}, "exercise_intensity"),
        ({"insulin_uu_ml": [1.0, 2.0], "exercise_intensity": [0.1, 0.2, 0.3]}, "broadcast"),
        ({"insulin_uu_ml": 10.0, "params": {"insulin_hill": 2}}, "params"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        muscle_glucose_uptake(**kwargs)


@pytest.mark.parametrize(
    "field", ["insulin_ec50_uu_ml", "insulin_hill", "contraction_ec50_fraction"]
)
def test_bad_parameters_raise_value_error(field):
    with pytest.raises(ValueError, match=field):
        UptakeParams(**{field: 0.0})
    with pytest.raises(ValueError, match=field):
        UptakeParams(**{field: float("nan")})
