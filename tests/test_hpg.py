"""HPG-axis teaching model: normalisation, feedback directions, recovery and input checks.

The model is qualitative (relative units, no published numbers to reproduce), so these tests
check the directions chapter 08 teaches (FACTS.md §C2, §C5, D10, D11) and the invariants.
"""

import inspect
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insulinlab import hpg
from insulinlab.hpg import HPGParameters, StepInput, simulate, steady_state

SERIES = ("gnrh", "lh", "endogenous_testosterone", "exogenous_testosterone", "oestradiol")

parameters = st.builds(
    HPGParameters,
    gnrh_rate_per_day=st.floats(0.5, 10),
    lh_rate_per_day=st.floats(0.5, 10),
    testis_rate_per_day=st.floats(0.02, 2),
    exogenous_rate_per_day=st.floats(0.1, 5),
    oestradiol_rate_per_day=st.floats(0.5, 10),
    testosterone_feedback_half=st.floats(0.2, 3),
    testosterone_feedback_hill=st.floats(0.5, 4),
    oestradiol_feedback_half=st.floats(0.2, 3),
    oestradiol_feedback_hill=st.floats(0.5, 4),
    lh_half_saturation=st.floats(0.1, 5),
)


def test_untreated_steady_state_is_one_for_every_state():
    state = steady_state()
    for value in (state.gnrh, state.lh, state.endogenous_testosterone, state.oestradiol):
        assert value == pytest.approx(1.0, abs=1e-9)
    assert state.total_testosterone == pytest.approx(1.0, abs=1e-9)
    assert state.exogenous_testosterone == 0.0


@settings(max_examples=40, deadline=None)
@given(params=parameters)
def test_normalisation_holds_for_any_parameters(params):
    state = steady_state(params)
    assert state.lh == pytest.approx(1.0, abs=1e-8)
    assert state.total_testosterone == pytest.approx(1.0, abs=1e-8)
    assert state.oestradiol == pytest.approx(1.0, abs=1e-8)


@settings(max_examples=60, deadline=None)
@given(low=st.floats(0, 5), step=st.floats(0.01, 5), params=parameters)
def test_exogenous_testosterone_suppresses_lh_and_endogenous_but_raises_total(low, step, params):
    less = steady_state(params, exogenous_testosterone=low)
    more = steady_state(params, exogenous_testosterone=low + step)
    assert more.lh < less.lh
    assert more.endogenous_testosterone < less.endogenous_testosterone
    assert more.total_testosterone > less.total_testosterone


def test_replacement_level_input_strongly_suppresses_lh_with_default_parameters():
    # Exogenous supply twice normal production: LH and own production fall to a small fraction.
    state = steady_state(exogenous_testosterone=2.0)
    assert state.lh < 0.1
    assert state.endogenous_testosterone < 0.2
    assert state.total_testosterone > 2.0


@settings(max_examples=60, deadline=None)
@given(inhibition=st.floats(0.01, 1.0), exogenous=st.floats(0, 3), params=parameters)
def test_aromatase_inhibition_raises_lh_and_lowers_oestradiol(inhibition, exogenous, params):
    without = steady_state(params, exogenous_testosterone=exogenous)
    with_ai = steady_state(
        params, exogenous_testosterone=exogenous, aromatase_inhibition=inhibition
    )
    assert with_ai.lh > without.lh
    assert with_ai.endogenous_testosterone > without.endogenous_testosterone
    assert with_ai.oestradiol < without.oestradiol


@settings(max_examples=60, deadline=None)
@given(analogue=st.floats(0.05, 5), exogenous=st.floats(1.0, 5), params=parameters)
def test_lh_analogue_raises_endogenous_production_even_when_lh_is_suppressed(
    analogue, exogenous, params
):
    suppressed = steady_state(params, exogenous_testosterone=exogenous)
    with_analogue = steady_state(params, exogenous_testosterone=exogenous, lh_analogue=analogue)
    assert suppressed.lh < 1.0
    assert with_analogue.endogenous_testosterone > suppressed.endogenous_testosterone
    # The extra testosterone feeds back too: the pituitary's own LH falls further.
    assert with_analogue.lh < suppressed.lh


def test_lh_analogue_with_default_parameters_restores_endogenous_production():
    suppressed = steady_state(exogenous_testosterone=2.0)
    assert suppressed.endogenous_testosterone < 0.2
    assert steady_state(exogenous_testosterone=2.0, lh_analogue=1.0).endogenous_testosterone > 0.9


def test_steady_state_derivatives_vanish():
    state = steady_state(exogenous_testosterone=1.5, aromatase_inhibition=0.3, lh_analogue=0.5)
    run = simulate(
        30,
        exogenous_testosterone=1.5,
        aromatase_inhibition=0.3,
        lh_analogue=0.5,
        initial=state,
    )
    for name in SERIES:
        assert np.allclose(getattr(run, name), getattr(state, name), atol=1e-6)


@pytest.mark.parametrize(
    "inputs",
    [
        {},
        {"exogenous_testosterone": 2.0},
        {"aromatase_inhibition": 0.8},
        {"exogenous_testosterone": 2.0, "lh_analogue": 1.0},
        {"exogenous_testosterone": 0.7, "aromatase_inhibition": 0.5, "lh_analogue": 0.3},
    ],
)
def test_simulate_converges_to_steady_state(inputs):
    run = simulate(400, **inputs)
    state = steady_state(**inputs)
    for name in SERIES:
        assert getattr(run, name)[-1] == pytest.approx(getattr(state, name), rel=1e-4, abs=1e-6)
    assert run.total_testosterone[-1] == pytest.approx(state.total_testosterone, rel=1e-4)


@settings(max_examples=15, deadline=None)
@given(
    level=st.floats(0, 10),
    stop=st.floats(1, 170),
    inhibition=st.floats(0, 1),
    analogue=st.floats(0, 10),
)
def test_every_state_stays_non_negative(level, stop, inhibition, analogue):
    run = simulate(
        180,
        exogenous_testosterone=StepInput(level, stop_day=stop),
        aromatase_inhibition=inhibition,
        lh_analogue=StepInput(analogue, start_day=stop / 2),
    )
    for name in (*SERIES, "total_testosterone"):
        series = getattr(run, name)
        assert np.all(np.isfinite(series))
        assert np.all(series >= 0.0)


def test_stopping_exogenous_testosterone_lets_the_axis_recover():
    # The recovery time scale comes from illustrative rates, not from data.
    run = simulate(240, exogenous_testosterone=StepInput(2.0, stop_day=90))
    on = run.t_days <= 90
    assert run.lh[run.t_days == 90][0] < 0.1
    assert run.endogenous_testosterone[run.t_days == 90][0] < 0.2
    # While on, total testosterone is above normal although the testes make less.
    assert run.total_testosterone[on][-1] > 2.0
    # After stopping: LH and own production come back to normal.
    assert run.lh[-1] == pytest.approx(1.0, abs=0.01)
    assert run.endogenous_testosterone[-1] == pytest.approx(1.0, abs=0.01)
    after = run.t_days > 90
    week_after = np.searchsorted(run.t_days, 97)
    assert run.endogenous_testosterone[week_after] > run.endogenous_testosterone[on][-1]
    assert np.all(run.exogenous_testosterone[after][1:] < run.exogenous_testosterone[on][-1])
    # On the way back, total testosterone dips below normal while the testes recover.
    assert run.total_testosterone[after].min() < 0.95


def test_recovery_from_a_treated_steady_state_matches_the_step_input():
    treated = steady_state(exogenous_testosterone=2.0)
    from_state = simulate(60, initial=treated)
    assert from_state.lh[0] == pytest.approx(treated.lh)
    assert from_state.lh[-1] == pytest.approx(1.0, abs=0.02)
    assert from_state.endogenous_testosterone[-1] == pytest.approx(1.0, abs=0.02)
    # After 90 days on the step input the axis is at the treated steady state, so what follows
    # the stop is the same recovery.
    step = simulate(150, exogenous_testosterone=StepInput(2.0, stop_day=90))
    assert np.allclose(step.lh[180:], from_state.lh, atol=1e-3)
    assert np.allclose(
        step.endogenous_testosterone[180:], from_state.endogenous_testosterone, atol=1e-3
    )


def test_step_input_and_plain_callable_agree():
    step = simulate(120, exogenous_testosterone=StepInput(1.5, start_day=10, stop_day=60))
    plain = simulate(120, exogenous_testosterone=lambda t: 1.5 if 10 <= t < 60 else 0.0)
    assert np.allclose(step.lh, plain.lh, atol=1e-3)
    assert np.allclose(step.endogenous_testosterone, plain.endogenous_testosterone, atol=1e-3)


def test_output_grid():
    run = simulate(180)
    assert run.t_days[0] == 0.0 and run.t_days[-1] == 180.0
    assert run.t_days.size == 361
    assert simulate(10, points_per_day=24).t_days.size == 241
    for name in SERIES:
        assert np.allclose(getattr(run, name), 0.0 if name.startswith("exo") else 1.0)


def test_results_are_frozen():
    state = steady_state()
    with pytest.raises(AttributeError):
        state.lh = 2.0
    with pytest.raises(AttributeError):
        HPGParameters().gnrh_rate_per_day = 1.0


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"exogenous_testosterone": -0.1}, "exogenous_testosterone"),
        ({"exogenous_testosterone": math.nan}, "exogenous_testosterone"),
        ({"exogenous_testosterone": "1"}, "exogenous_testosterone"),
        ({"exogenous_testosterone": 11}, "exogenous_testosterone"),
        ({"aromatase_inhibition": 1.5}, "aromatase_inhibition"),
        ({"aromatase_inhibition": -0.1}, "aromatase_inhibition"),
        ({"lh_analogue": -1}, "lh_analogue"),
        ({"lh_analogue": math.inf}, "lh_analogue"),
        ({"params": "default"}, "params"),
    ],
)
def test_steady_state_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        steady_state(**kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ((0,), {}, "days"),
        ((-5,), {}, "days"),
        ((math.nan,), {}, "days"),
        ((10_000,), {}, "days"),
        ((None,), {}, "days"),
        ((10,), {"points_per_day": 0}, "points_per_day"),
        ((10,), {"points_per_day": 2.5}, "points_per_day"),
        ((10,), {"aromatase_inhibition": 2}, "aromatase_inhibition"),
        ((10,), {"exogenous_testosterone": -1}, "exogenous_testosterone"),
        ((10,), {"exogenous_testosterone": lambda t: -1.0}, "exogenous_testosterone"),
        ((10,), {"lh_analogue": lambda t: math.nan}, "lh_analogue"),
        ((10,), {"lh_analogue": lambda t: "high"}, "lh_analogue"),
        ((10,), {"initial": (1, 1, 1)}, "initial"),
        ((10,), {"initial": hpg.HPGSteadyState(1, -0.5, 1, 0, 1, 1)}, "initial.lh"),
        ((10, "params"), {}, "params"),
    ],
)
def test_simulate_rejects_bad_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        simulate(*args, **kwargs)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gnrh_rate_per_day", 0.0),
        ("lh_rate_per_day", -1.0),
        ("testis_rate_per_day", math.nan),
        ("testosterone_feedback_half", 0.0),
        ("oestradiol_feedback_hill", 10.0),
        ("lh_half_saturation", "1"),
    ],
)
def test_parameters_reject_bad_values(field, value):
    with pytest.raises(ValueError, match=field):
        HPGParameters(**{field: value})


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"level": -1}, "level"),
        ({"level": 1, "start_day": -1}, "start_day"),
        ({"level": 1, "start_day": 5, "stop_day": 5}, "stop_day"),
        ({"level": 1, "stop_day": math.nan}, "stop_day"),
    ],
)
def test_step_input_rejects_bad_values(kwargs, name):
    with pytest.raises(ValueError, match=name):
        StepInput(**kwargs)


def test_module_says_it_is_a_teaching_model_and_carries_no_doses():
    assert "teaching model" in hpg.MODEL_STATUS and "not for dosing" in hpg.MODEL_STATUS
    public = [steady_state, simulate, HPGParameters, StepInput]
    for obj in [hpg, *public]:
        doc = inspect.getdoc(obj).lower()
        assert "teaching" in doc or "qualitative" in doc or "conceptual" in doc, obj
    source = inspect.getsource(hpg)
    assert not re.search(r"\d\s*(mg|µg|mcg|IU|iu|units?/|mL)\b", source)


def test_simulate_reports_an_integrator_failure(monkeypatch):
    def failing(rhs, y0, times, **kwargs):
        return np.zeros((len(times), len(y0))), {"message": "Excess work done on this call."}

    monkeypatch.setattr(hpg, "odeint", failing)
    with pytest.raises(RuntimeError, match="HPG integration failed: Excess work"):
        hpg.simulate(30)


def test_simulate_output_lands_on_the_grid_across_off_grid_switches():
    run = hpg.simulate(
        100.3,
        exogenous_testosterone=hpg.StepInput(1.5, start_day=10.25, stop_day=60.7),
        points_per_day=3,
    )
    assert run.t_days.size == round(100.3 * 3) + 1
    assert np.all(np.isfinite(run.lh))
    before = run.lh[run.t_days < 10.25]
    assert np.allclose(before, 1.0, atol=1e-6)  # untreated until the switch
