"""GH → lipolysis → FFA → insulin-sensitivity teaching model: exposure, directions, invariants.

The model is qualitative (relative units, no published numbers to reproduce). These tests check
equal exposure of the two patterns, the directions chapter 10 teaches (GH is diabetogenic mainly
via lipolysis and an antilipolytic removes the effect: Vila et al. 2019, FACTS.md §A3.2), that
the pulsatile-vs-continuous answer depends on the assumed response curve, and the invariants.
"""

import inspect
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from insulinlab import growth_hormone as gh
from insulinlab import hyperbola
from insulinlab.growth_hormone import (
    GHParameters,
    compare_exposure_patterns,
    gh_profile,
    simulate,
)

SERIES = ("gh", "lipolysis", "ffa", "insulin_sensitivity_relative", "igf1")

parameters = st.builds(
    GHParameters,
    signal_delay_hours=st.floats(0.25, 6),
    max_lipolysis_increase=st.floats(0.1, 5),
    lipolysis_ec50=st.floats(0.1, 10),
    lipolysis_hill=st.floats(0.5, 4),
    ffa_time_constant_hours=st.floats(0.1, 3),
    ffa_effect_on_insulin_sensitivity=st.floats(0.1, 3),
    insulin_sensitivity_time_constant_hours=st.floats(0.5, 12),
    igf1_time_constant_hours=st.floats(4, 72),
    igf1_max_increase=st.floats(0, 3),
    igf1_ec50=st.floats(0.1, 10),
)


def area_relative_days(profile):
    """Area under a profile by adaptive quadrature, split at the pulses, in relative × days."""
    window = profile.window_hours
    cuts = [0.0, *profile.pulse_centres_hours, window]
    area_hours = sum(
        quad(profile, a, b, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
        for a, b in zip(cuts[:-1], cuts[1:], strict=True)
        if b > a
    )
    return area_hours / 24.0


@settings(max_examples=40, deadline=None)
@given(
    days=st.floats(0.5, 10),
    pulses_per_day=st.integers(2, 12),
    total=st.floats(0.01, 50),
    width=st.floats(0.5, 6),
)
def test_pulsatile_and_continuous_profiles_have_equal_area(days, pulses_per_day, total, width):
    pulsatile = gh_profile("pulsatile", days, pulses_per_day, total, pulse_width_hours=width)
    continuous = gh_profile("continuous", days, pulses_per_day, total, pulse_width_hours=width)
    assert area_relative_days(pulsatile) == pytest.approx(total, rel=1e-6)
    assert area_relative_days(continuous) == pytest.approx(total, rel=1e-6)
    assert pulsatile.mean_level == pytest.approx(continuous.mean_level)


def test_profile_shapes():
    pulsatile = gh_profile("pulsatile", 2, 4, 2.0)
    continuous = gh_profile("continuous", 2, 4, 2.0)
    assert pulsatile.pulse_centres_hours == pytest.approx([3, 9, 15, 21, 27, 33, 39, 45])
    assert continuous(10.0) == pytest.approx(1.0)
    assert pulsatile(3.0) > 2.0 > pulsatile(6.0)  # pulses peak well above the mean
    assert pulsatile(-1.0) == continuous(-1.0) == continuous(48.5) == 0.0
    t = np.linspace(-2, 50, 500)
    scalar = np.array([pulsatile(value) for value in t])
    assert np.allclose(pulsatile(t), scalar, rtol=1e-12, atol=1e-14)
    shuffled = np.random.default_rng(0).permutation(t)
    assert np.allclose(pulsatile(shuffled), [pulsatile(value) for value in shuffled])


@pytest.mark.parametrize("kind", ["pulsatile", "continuous"])
@pytest.mark.parametrize("method", ["exponential", "LSODA"])
def test_no_extra_gh_leaves_every_state_at_baseline(kind, method):
    run = simulate(gh_profile(kind, 3, 3, 0.0), method=method)
    assert np.all(run.gh == 0.0)
    for name in ("lipolysis", "ffa", "insulin_sensitivity_relative", "igf1"):
        assert np.allclose(getattr(run, name), 1.0, rtol=0, atol=1e-12), name


@settings(max_examples=25, deadline=None)
@given(low=st.floats(0, 20), step=st.floats(0.05, 20), params=parameters)
def test_more_gh_exposure_lowers_mean_insulin_sensitivity(low, step, params):
    less = compare_exposure_patterns(days=3, total_exposure=low, params=params)
    more = compare_exposure_patterns(days=3, total_exposure=low + step, params=params)
    assert more.pulsatile_mean_insulin_sensitivity < less.pulsatile_mean_insulin_sensitivity
    assert more.continuous_mean_insulin_sensitivity < less.continuous_mean_insulin_sensitivity
    assert more.pulsatile_mean_ffa > less.pulsatile_mean_ffa
    assert more.continuous_mean_ffa > less.continuous_mean_ffa


def test_gh_lowers_insulin_sensitivity_with_default_parameters():
    result = compare_exposure_patterns()
    for mean in (
        result.pulsatile_mean_insulin_sensitivity,
        result.continuous_mean_insulin_sensitivity,
    ):
        assert 0.5 < mean < 0.9
    for mean in (result.pulsatile_mean_ffa, result.continuous_mean_ffa):
        assert mean > 1.5


@settings(max_examples=20, deadline=None)
@given(
    total=st.floats(0.1, 50), params=parameters, kind=st.sampled_from(["pulsatile", "continuous"])
)
def test_full_lipolysis_block_removes_the_gh_effect(total, params, kind):
    # As with acipimox in the study Vila et al. 2019 describe: block lipolysis, no GH effect.
    run = simulate(gh_profile(kind, 3, 3, total), params=params, lipolysis_block=1.0)
    assert np.allclose(run.ffa, 1.0, atol=1e-12)
    assert np.allclose(run.insulin_sensitivity_relative, 1.0, atol=1e-12)
    # ... while IGF-1, which does not pass through lipolysis, still responds to GH.
    if params.igf1_max_increase > 0.01:
        assert run.igf1[-1] > 1.0


def test_partial_block_shrinks_the_effect_in_proportion():
    means = [
        compare_exposure_patterns(days=3, total_exposure=3, lipolysis_block=block)
        for block in (0.0, 0.5, 0.9)
    ]
    sensitivity = [m.continuous_mean_insulin_sensitivity for m in means]
    assert sensitivity[0] < sensitivity[1] < sensitivity[2] < 1.0


@settings(max_examples=25, deadline=None)
@given(
    params=parameters,
    kind=st.sampled_from(["pulsatile", "continuous"]),
    total=st.floats(0, 200),
    pulses_per_day=st.integers(1, 8),
    block=st.floats(0, 1),
    extra_days=st.floats(0, 2),
)
def test_states_stay_non_negative_and_finite(
    params, kind, total, pulses_per_day, block, extra_days
):
    profile = gh_profile(kind, 2, pulses_per_day, total)
    run = simulate(profile, 2 + extra_days, params, lipolysis_block=block)
    for name in SERIES:
        series = getattr(run, name)
        assert np.all(np.isfinite(series)) and np.all(series >= 0.0), name
    assert np.all(run.insulin_sensitivity_relative <= 1.0 + 1e-12)
    assert np.all(run.ffa >= 1.0 - 1e-12)


@pytest.mark.parametrize(
    ("kind", "days", "params"),
    [
        ("pulsatile", None, GHParameters()),
        ("continuous", None, GHParameters()),
        ("pulsatile", 9.5, GHParameters(lipolysis_hill=3, lipolysis_ec50=4)),
        ("continuous", 8.25, GHParameters(ffa_time_constant_hours=0.1)),
    ],
)
def test_exponential_integrator_agrees_with_lsoda(kind, days, params):
    profile = gh_profile(kind, 7, 3, 10.0)
    fast = simulate(profile, days, params)
    reference = simulate(profile, days, params, method="LSODA")
    assert np.array_equal(fast.t_hours, reference.t_hours)
    for name in SERIES:
        assert np.allclose(getattr(fast, name), getattr(reference, name), rtol=0, atol=5e-5), name


def test_default_saturating_curve_favours_continuous_exposure():
    # Hill coefficient 1 is concave: a steady level beats pulses of the same mean (Jensen).
    result = compare_exposure_patterns()
    assert result.continuous_mean_lipolysis > result.pulsatile_mean_lipolysis
    assert result.continuous_mean_insulin_sensitivity < result.pulsatile_mean_insulin_sensitivity


@settings(max_examples=20, deadline=None)
@given(ec50=st.floats(0.1, 20), total=st.floats(0.5, 30))
def test_with_simple_saturation_continuous_never_gives_less_lipolysis(ec50, total):
    result = compare_exposure_patterns(
        days=3, total_exposure=total, params=GHParameters(lipolysis_ec50=ec50)
    )
    assert result.continuous_mean_lipolysis >= result.pulsatile_mean_lipolysis - 1e-9


def test_the_comparison_flips_with_the_assumed_response_curve():
    # The answer is the model's assumption, not a validated human result: a sigmoidal curve with
    # exposure below its saturation constant favours pulses; a low constant favours continuous.
    sigmoid_high_ec50 = GHParameters(lipolysis_hill=2.0, lipolysis_ec50=5.0)
    sigmoid_low_ec50 = GHParameters(lipolysis_hill=2.0, lipolysis_ec50=0.2)
    pulses_win = compare_exposure_patterns(params=sigmoid_high_ec50)
    continuous_wins = compare_exposure_patterns(params=sigmoid_low_ec50)
    assert pulses_win.pulsatile_mean_lipolysis > pulses_win.continuous_mean_lipolysis
    assert (
        pulses_win.pulsatile_mean_insulin_sensitivity
        < pulses_win.continuous_mean_insulin_sensitivity
    )
    assert continuous_wins.continuous_mean_lipolysis > continuous_wins.pulsatile_mean_lipolysis


def test_lipolysis_lags_the_gh_pulse_and_igf1_integrates_slowly():
    profile = gh_profile("pulsatile", 3, 2, 3.0)
    run = simulate(profile, points_per_hour=12)
    first_pulse = run.t_hours < 12
    gh_peak = run.t_hours[first_pulse][np.argmax(run.gh[first_pulse])]
    ffa_peak = run.t_hours[first_pulse][np.argmax(run.ffa[first_pulse])]
    sensitivity_low = run.t_hours[first_pulse][
        np.argmin(run.insulin_sensitivity_relative[first_pulse])
    ]
    assert gh_peak == pytest.approx(6.0)
    assert ffa_peak > gh_peak + 1.0
    assert sensitivity_low > ffa_peak
    day = run.t_hours.searchsorted(24)
    assert 1.0 < run.igf1[day] < run.igf1[-1]


def test_states_return_towards_baseline_after_the_profile_ends():
    run = simulate(gh_profile("continuous", 2, 3, 4.0), days=6)
    assert run.insulin_sensitivity_relative[run.t_hours.searchsorted(48)] < 0.8
    assert run.gh[-1] == 0.0
    assert run.ffa[-1] == pytest.approx(1.0, abs=1e-3)
    assert run.insulin_sensitivity_relative[-1] == pytest.approx(1.0, abs=1e-3)


def test_output_grid_and_frozen_results():
    run = simulate(gh_profile("pulsatile", 7, 3, 7.0))
    assert run.t_hours[0] == 0.0 and run.t_hours[-1] == 168.0 and run.t_hours.size == 673
    assert simulate(gh_profile("continuous", 1, 3, 1.0), points_per_hour=1).t_hours.size == 25
    with pytest.raises(AttributeError):
        run.ffa = None
    with pytest.raises(AttributeError):
        GHParameters().lipolysis_ec50 = 2.0


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        (("bolus", 7, 3, 7.0), {}, "kind"),
        (("pulsatile", 0, 3, 7.0), {}, "days"),
        (("pulsatile", 31, 3, 7.0), {}, "days"),
        (("pulsatile", math.nan, 3, 7.0), {}, "days"),
        (("pulsatile", 7, 0, 7.0), {}, "pulses_per_day"),
        (("pulsatile", 7, 2.5, 7.0), {}, "pulses_per_day"),
        (("pulsatile", 7, True, 7.0), {}, "pulses_per_day"),
        (("pulsatile", 7, 3, -1.0), {}, "total_exposure"),
        (("pulsatile", 7, 3, math.inf), {}, "total_exposure"),
        (("pulsatile", 7, 3, "7"), {}, "total_exposure"),
        (("pulsatile", 7, 3, 7.0), {"pulse_width_hours": 0}, "pulse_width_hours"),
        (("pulsatile", 7, 3, 7.0), {"pulse_width_hours": 24}, "pulse_width_hours"),
        (("pulsatile", 0.01, 1, 7.0), {}, "days"),
    ],
)
def test_gh_profile_rejects_bad_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        gh_profile(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ((lambda t: 1.0,), {}, "profile"),
        ((None,), {}, "profile"),
        ((gh_profile("continuous", 1, 3, 1.0), -1), {}, "days"),
        ((gh_profile("continuous", 1, 3, 1.0), 40), {}, "days"),
        ((gh_profile("continuous", 1, 3, 1.0), None, "defaults"), {}, "params"),
        ((gh_profile("continuous", 1, 3, 1.0),), {"lipolysis_block": 1.5}, "lipolysis_block"),
        ((gh_profile("continuous", 1, 3, 1.0),), {"lipolysis_block": math.nan}, "lipolysis_block"),
        ((gh_profile("continuous", 1, 3, 1.0),), {"points_per_hour": 0}, "points_per_hour"),
        ((gh_profile("continuous", 1, 3, 1.0),), {"points_per_hour": 2.0}, "points_per_hour"),
        ((gh_profile("continuous", 1, 3, 1.0),), {"method": "RK45"}, "method"),
    ],
)
def test_simulate_rejects_bad_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        simulate(*args, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"days": -1}, "days"),
        ({"total_exposure": -1}, "total_exposure"),
        ({"pulses_per_day": 30}, "pulses_per_day"),
        ({"lipolysis_block": 2}, "lipolysis_block"),
        ({"params": {}}, "params"),
    ],
)
def test_compare_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        compare_exposure_patterns(**kwargs)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("signal_delay_hours", 0.0),
        ("igf1_time_constant_hours", 1000.0),
        ("lipolysis_ec50", 0.0),
        ("lipolysis_hill", 0.1),
        ("max_lipolysis_increase", -1.0),
        ("ffa_effect_on_insulin_sensitivity", math.nan),
        ("igf1_ec50", "1"),
    ],
)
def test_parameters_reject_bad_values(field, value):
    with pytest.raises(ValueError, match=field):
        GHParameters(**{field: value})


def test_module_says_it_is_a_teaching_model_and_carries_no_doses():
    assert "teaching model" in gh.MODEL_STATUS and "not for dosing" in gh.MODEL_STATUS
    public = [gh_profile, simulate, compare_exposure_patterns, GHParameters, gh.GHProfile]
    for obj in [gh, *public]:
        doc = inspect.getdoc(obj).lower()
        assert "teaching" in doc or "qualitative" in doc or "conceptual" in doc, obj
    module_doc = " ".join(inspect.getdoc(gh).split())
    assert "Vila" in module_doc and "not from a validated human result" in module_doc
    compare_doc = " ".join(inspect.getdoc(compare_exposure_patterns).split())
    assert "not from a validated human result" in compare_doc
    source = inspect.getsource(gh)
    assert not re.search(r"\d\s*(mg|µg|mcg|IU|iu|units?/|mL)\b", source)


# --- response-curve presets and the glucose readout (chapter 10) ----------------------------


def test_response_curve_presets():
    assert gh.response_curve("saturating") == GHParameters()
    sigmoidal = gh.response_curve("sigmoidal")
    assert (sigmoidal.lipolysis_hill, sigmoidal.lipolysis_ec50) == (3.0, 3.0)
    with pytest.raises(TypeError):
        gh.RESPONSE_CURVES["other"] = GHParameters()  # read-only mapping
    for bad in ("linear", None, 3):
        with pytest.raises(ValueError, match="name"):
            gh.response_curve(bad)


@pytest.mark.parametrize("level", [0.5, 1.0, 2.0])
def test_presets_disagree_on_which_pattern_drives_more_lipolysis(level):
    """The chapter's point: the answer comes from the assumed curve (below ~3 × normal)."""
    days = 3
    results = {
        name: compare_exposure_patterns(
            days=days, total_exposure=level * days, params=gh.response_curve(name)
        )
        for name in gh.RESPONSE_CURVES
    }
    saturating, sigmoidal = results["saturating"], results["sigmoidal"]
    assert saturating.continuous_mean_lipolysis > saturating.pulsatile_mean_lipolysis
    assert sigmoidal.pulsatile_mean_lipolysis > sigmoidal.continuous_mean_lipolysis


def test_sigmoidal_preset_flips_back_at_high_exposure():
    result = compare_exposure_patterns(
        days=3, total_exposure=12.0, params=gh.response_curve("sigmoidal")
    )
    assert result.continuous_mean_lipolysis > result.pulsatile_mean_lipolysis


def test_glucose_readout_with_ample_reserve_holds_glucose_and_raises_insulin():
    sensitivity = np.array([1.0, 0.8, 0.5, 0.4])
    readout = gh.glucose_readout(sensitivity, beta_cell_capacity=gh.AMPLE_BETA_CELL_RESERVE)
    assert readout.compensated
    assert np.allclose(readout.fasting_glucose_mmol_l, 5.0)
    assert np.allclose(readout.secretion, 1 / sensitivity)
    assert np.allclose(readout.required_secretion, readout.secretion)


def test_glucose_readout_with_limited_reserve_matches_the_hyperbola_module():
    sensitivity = np.linspace(0.3, 1.0, 15)
    readout = gh.glucose_readout(sensitivity)
    assert readout.beta_cell_capacity == gh.LIMITED_BETA_CELL_RESERVE
    assert not readout.compensated
    for value, glucose, secretion in zip(
        sensitivity, readout.fasting_glucose_mmol_l, readout.secretion, strict=True
    ):
        state = hyperbola.steady_state(value, gh.LIMITED_BETA_CELL_RESERVE)
        assert glucose == pytest.approx(state.fasting_glucose_mmol_l)
        assert secretion == pytest.approx(state.secretion)
    # Lower sensitivity never lowers glucose; compensated values sit at the set point.
    assert np.all(np.diff(readout.fasting_glucose_mmol_l) <= 1e-12)
    assert readout.fasting_glucose_mmol_l[-1] == pytest.approx(5.0)


def test_glucose_readout_accepts_a_scalar_and_a_simulation():
    assert gh.glucose_readout(0.75).fasting_glucose_mmol_l.shape == (1,)
    run = simulate(gh_profile("continuous", 2, 3, 4.0))
    readout = gh.glucose_readout(run.insulin_sensitivity_relative)
    assert readout.fasting_glucose_mmol_l.shape == run.t_hours.shape
    assert readout.fasting_glucose_mmol_l[-1] > readout.fasting_glucose_mmol_l[0] == 5.0


@pytest.mark.parametrize(
    ("sensitivity", "capacity", "name"),
    [
        (0.0, 1.1, "insulin_sensitivity_relative"),
        ([0.5, -1.0], 1.1, "insulin_sensitivity_relative"),
        ("0.5", 1.1, "insulin_sensitivity_relative"),
        ([], 1.1, "insulin_sensitivity_relative"),
        (True, 1.1, "insulin_sensitivity_relative"),
        (math.nan, 1.1, "insulin_sensitivity_relative"),
        (0.5, 0.0, "beta_cell_capacity"),
        (0.5, math.inf, "beta_cell_capacity"),
    ],
)
def test_glucose_readout_rejects_bad_input(sensitivity, capacity, name):
    with pytest.raises(ValueError, match=name):
        gh.glucose_readout(sensitivity, capacity)


def test_new_public_objects_say_they_are_teaching_models():
    for obj in (gh.response_curve, gh.glucose_readout, gh.GlucoseReadout):
        doc = inspect.getdoc(obj).lower()
        assert "teaching" in doc or "qualitative" in doc, obj
    module_doc = " ".join(inspect.getdoc(gh).split())
    assert "Goldenberg" in module_doc and "quasi-steady-state" in module_doc
