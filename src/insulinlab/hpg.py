"""Hypothalamic–pituitary–gonadal (HPG) axis feedback in men: a qualitative teaching model.

**Status: a conceptual teaching model.** Every quantity is in relative, dimensionless units
(1.0 = a healthy man's untreated steady state); nothing is calibrated to patients, and nothing
here is a dose, a schedule or a recommendation. See :data:`MODEL_STATUS`. Educational use only:
testosterone, hCG, gonadorelin and aromatase inhibitors require a clinician (FACTS.md §E).

What it shows (chapter 08)
--------------------------
The hypothalamus sends a GnRH drive to the pituitary, which secretes LH; LH makes the testes
produce testosterone; part of the testosterone is aromatised to oestradiol; testosterone **and**
oestradiol feed back to lower the GnRH/LH drive. Consequences a learner can see:

- **Exogenous testosterone** raises total testosterone but, through the same feedback, lowers LH
  and the testes' own (endogenous) production, tracked separately here. This is why
  testosterone therapy suppresses the axis (and, outside this model, spermatogenesis: FSH and
  intratesticular testosterone are lumped into "LH" and "endogenous production" here). When
  it stops, total testosterone dips below normal until the suppressed testes recover, and LH
  briefly overshoots; how deep and how long follows from the illustrative rates.
- **Aromatase inhibition** lowers oestradiol, so feedback weakens and LH and testosterone rise.
  In reality oestradiol matters in men: oestrogen deficiency primarily accounted for fat gain
  (Finkelstein et al. 2013, *N Engl J Med* 369:1011–22), anastrozole lowered spine bone density
  and did not improve body composition or strength (Burnett-Bowie et al. 2009), and routine
  aromatase-inhibitor use in men is not recommended (FACTS.md §C2, §C5, appraisal D10). Those
  harms are outside this model.
- **An LH analogue** (an external LH-like stimulus to the testes, standing for hCG) keeps
  endogenous production up even when the pituitary's LH is suppressed. The course presents it
  only to explain *why* testosterone protocols add hCG or gonadorelin; robust controlled-trial
  evidence for such add-ons during testosterone therapy is lacking (FACTS.md §C5, D11).
  Gonadorelin is not modelled: pulsatile GnRH stimulates LH/FSH, whereas continuous exposure
  desensitises and suppresses the pituitary, and its half-life is minutes (FACTS.md §C5, D11);
  a daily-averaged model like this one cannot represent that distinction.

Model (all states relative, time in days)
-----------------------------------------
With ``T = Te + X`` the total testosterone and ``h(x) = 1 / (1 + x**n)`` a Hill inhibition::

    dG/dt  = k_G (s · h(T / K_T; n_T) · h(E / K_E; n_E) − G)      GnRH drive
    dL/dt  = k_L (G − L)                                          LH
    dTe/dt = k_T (P(L + a) − Te),  P(x) = x (1 + K_L) / (x + K_L) endogenous testosterone
    dX/dt  = k_X (u(t) − X)                                       exogenous testosterone
    dE/dt  = k_E ((1 − i) T − E)                                  oestradiol

``u`` is the exogenous testosterone input (relative to normal endogenous production, so that at
steady state ``X = u``), ``a`` the LH analogue (relative to normal LH stimulation of the testes)
and ``i`` the aromatase inhibition (0–1). The scale ``s`` and the normalisations of ``P`` and of
the aromatisation rate are chosen so that the untreated steady state is exactly 1.0 for every
state, whatever the parameters.

Teaching simplifications
------------------------
- Daily-averaged drives: GnRH and LH pulsatility, FSH, SHBG/free testosterone, the
  diurnal rhythm and the separate hypothalamic and pituitary sites of feedback are lumped.
- The rates are illustrative. The slow testicular rate lumps fast plasma clearance (hours)
  with slower testicular adaptation, so that suppression and recovery unfold over weeks on a
  180-day chart; real recovery after stopping testosterone varies between men (months or
  longer) and is not predicted by this model.
- The feedback strengths (equal weights for testosterone and oestradiol) are a modelling
  choice, not fitted values.

Sources (for the concepts, not the numbers)
-------------------------------------------
- The feedback structure (testosterone and oestradiol both inhibit GnRH/LH secretion) is
  textbook physiology, FROM MEMORY here: FACTS.md does not source it. Suppression of the axis
  and of fertility by exogenous testosterone: FACTS.md §E ("fertility suppression" as a
  monitoring issue) and the AUA guideline (Mulhall JP et al. *J Urol* 2018;200:423, existence
  VERIFIED; its statement on men trying to conceive FROM MEMORY).
- Oestradiol's role in men: Finkelstein JS et al. *N Engl J Med* 2013;369(11):1011–22,
  doi:10.1056/NEJMoa1206168 (VERIFIED, FACTS.md §C2).
- Aromatase inhibition in men: Burnett-Bowie SAM et al. *J Clin Endocrinol Metab*
  2009;94(12):4785–92, doi:10.1210/jc.2009-0739; de Ronde W & de Jong FH, *Reprod Biol
  Endocrinol* 2011;9:93 (VERIFIED, FACTS.md §C5).
- Gonadorelin/hCG add-ons: FACTS.md §C5 and appraisal D11 (pulsatile vs continuous GnRH
  VERIFIED as physiology; the add-on practice is THIRD-PARTY-sourced and unproven).
- No parameter value in this module comes from a paper; all are illustrative.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
from scipy.integrate import odeint
from scipy.optimize import brentq

from insulinlab._validate import check_positive, check_range

MODEL_STATUS = (
    "qualitative teaching model: relative units (1.0 = a healthy man's untreated steady state), "
    "not calibrated to patients, not for dosing"
)
"""Printed next to any chart drawn from this module."""

MAX_RELATIVE_INPUT = 10.0
"""Upper bound accepted for the exogenous testosterone and LH-analogue inputs (relative units)."""

MAX_DAYS = 3650.0
"""Longest simulation accepted, in days."""

# LSODA: the GnRH and LH rates are fast next to a 180-day horizon, so RK45 is stability-limited to
# steps under a day (about 1,700 evaluations); LSODA switches to its stiff method and needs
# about half as many (measured in benchmarks/hormones.py).

_STATES = ("gnrh", "lh", "endogenous_testosterone", "exogenous_testosterone", "oestradiol")
"""The integrated states, in the order of the ODE vector."""

RelativeInput = float | Callable[[float], float]


@dataclass(frozen=True)
class HPGParameters:
    """Rates and feedback constants of the HPG teaching model (relative units, time in days).

    Every value is illustrative (a modelling choice, not from a paper). Whatever the values, the
    untreated steady state stays at 1.0 for every state.

    Parameters
    ----------
    gnrh_rate_per_day : float
        Rate (1/day, > 0) at which the daily-averaged GnRH drive follows its feedback-set target.
    lh_rate_per_day : float
        Rate (1/day, > 0) at which LH follows the GnRH drive.
    testis_rate_per_day : float
        Rate (1/day, > 0) at which endogenous testosterone follows its LH-driven target. Slow on
        purpose: it lumps plasma clearance (hours) with testicular adaptation (weeks).
    exogenous_rate_per_day : float
        Rate (1/day, > 0) at which the exogenous testosterone level follows the input (0.2/day:
        a 5-day time constant); it stands for absorption and clearance of any preparation,
        without modelling one.
    oestradiol_rate_per_day : float
        Rate (1/day, > 0) at which oestradiol follows aromatisation of total testosterone.
    testosterone_feedback_half : float
        Total testosterone (relative, in (0, 10]) at which its feedback halves the GnRH drive.
    testosterone_feedback_hill : float
        Steepness of the testosterone feedback (Hill coefficient, in [0.5, 6]).
    oestradiol_feedback_half : float
        Oestradiol (relative, in (0, 10]) at which its feedback halves the GnRH drive.
    oestradiol_feedback_hill : float
        Steepness of the oestradiol feedback (Hill coefficient, in [0.5, 6]).
    lh_half_saturation : float
        LH stimulus (relative, in (0, 10]) giving half the testes' maximal output; the maximal
        output is ``1 + lh_half_saturation`` times normal.

    Raises
    ------
    ValueError
        If a rate is not a finite number > 0 (at most 1000/day) or a constant is out of range.
    """

    gnrh_rate_per_day: float = 4.0
    lh_rate_per_day: float = 2.0
    testis_rate_per_day: float = 0.1
    exogenous_rate_per_day: float = 0.2
    oestradiol_rate_per_day: float = 2.0
    testosterone_feedback_half: float = 0.5
    testosterone_feedback_hill: float = 2.0
    oestradiol_feedback_half: float = 0.5
    oestradiol_feedback_hill: float = 2.0
    lh_half_saturation: float = 1.0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name.endswith("_rate_per_day"):
                check_range(field.name, value, 0.0, 1000.0, "1/day", low_inclusive=False)
            elif field.name.endswith("_hill"):
                check_range(field.name, value, 0.5, 6.0, "(dimensionless)")
            else:
                check_range(field.name, value, 0.0, 10.0, "(relative)", low_inclusive=False)


@dataclass(frozen=True)
class HPGSteadyState:
    """Equilibrium of the HPG teaching model; every value relative (1.0 = untreated man).

    Attributes
    ----------
    gnrh, lh : float
        GnRH drive and LH.
    endogenous_testosterone, exogenous_testosterone, total_testosterone : float
        Testosterone made by the testes, from the exogenous input, and their sum.
    oestradiol : float
        Oestradiol from aromatisation of total testosterone.
    """

    gnrh: float
    lh: float
    endogenous_testosterone: float
    exogenous_testosterone: float
    total_testosterone: float
    oestradiol: float


@dataclass(frozen=True)
class HPGSimulation:
    """Time course of the HPG teaching model; every series relative (1.0 = untreated man).

    Attributes
    ----------
    t_days : numpy.ndarray
        Output times in days, from 0 to ``days``.
    gnrh, lh, endogenous_testosterone, exogenous_testosterone, total_testosterone, oestradiol
        Arrays of the same length as ``t_days``.
    """

    t_days: np.ndarray
    gnrh: np.ndarray
    lh: np.ndarray
    endogenous_testosterone: np.ndarray
    exogenous_testosterone: np.ndarray
    total_testosterone: np.ndarray
    oestradiol: np.ndarray


@dataclass(frozen=True)
class StepInput:
    """A relative input switched on at ``start_day`` and off at ``stop_day`` (a teaching input).

    Use it for ``exogenous_testosterone`` or ``lh_analogue`` in :func:`simulate`, e.g. "exogenous
    testosterone at 2 × normal endogenous production from day 0, stopped on day 90". It is a
    relative level in a qualitative model, not a dose or an injection schedule. :func:`simulate`
    restarts the integrator at the switching days, so the jump is resolved exactly.

    Parameters
    ----------
    level : float
        Input level while on, relative units in [0, 10].
    start_day, stop_day : float
        Switching times in days, ``0 ≤ start_day < stop_day`` (``stop_day`` may be ``inf``).

    Raises
    ------
    ValueError
        If ``level`` is out of range or the days are negative, non-finite (start) or unordered.
    """

    level: float
    start_day: float = 0.0
    stop_day: float = math.inf

    def __post_init__(self) -> None:
        check_range("level", self.level, 0.0, MAX_RELATIVE_INPUT, "(relative)")
        check_positive("start_day", self.start_day, "days", allow_zero=True)
        stop = self.stop_day
        if isinstance(stop, bool) or not isinstance(stop, int | float) or not stop > self.start_day:
            raise ValueError(
                f"stop_day must be a number of days > start_day ({self.start_day:g}), "
                f"or inf; got {stop!r}"
            )

    def __call__(self, t_days: float) -> float:
        """The input level at ``t_days`` (relative units)."""
        return self.level if self.start_day <= t_days < self.stop_day else 0.0

    @property
    def breakpoints(self) -> tuple[float, ...]:
        """Days at which the input switches."""
        return (self.start_day, self.stop_day)


# --------------------------------------------------------------------------------------------
# Model equations
# --------------------------------------------------------------------------------------------


def _feedback_scale(params: HPGParameters) -> float:
    """Scale ``s`` that makes the GnRH drive exactly 1.0 when T = E = 1."""
    t_term = (1.0 / params.testosterone_feedback_half) ** params.testosterone_feedback_hill
    e_term = (1.0 / params.oestradiol_feedback_half) ** params.oestradiol_feedback_hill
    return (1.0 + t_term) * (1.0 + e_term)


def _gnrh_target(total_t: float, oestradiol: float, params: HPGParameters, scale: float) -> float:
    t_term = (max(total_t, 0.0) / params.testosterone_feedback_half) ** (
        params.testosterone_feedback_hill
    )
    e_term = (max(oestradiol, 0.0) / params.oestradiol_feedback_half) ** (
        params.oestradiol_feedback_hill
    )
    return scale / ((1.0 + t_term) * (1.0 + e_term))


def _testis_output(stimulus: float, params: HPGParameters) -> float:
    """Saturating LH → testosterone production, 1.0 at a normal stimulus of 1.0."""
    k = params.lh_half_saturation
    stimulus = max(stimulus, 0.0)
    return stimulus * (1.0 + k) / (stimulus + k)


def _check_params(params: object) -> HPGParameters:
    if params is None:
        return HPGParameters()
    if not isinstance(params, HPGParameters):
        raise ValueError(f"params must be an HPGParameters instance; got {type(params).__name__}")
    return params


def _check_input(name: str, value: object) -> RelativeInput:
    if callable(value):
        return value
    return check_range(
        name,
        value,
        0.0,
        MAX_RELATIVE_INPUT,
        "(relative; or a callable of time in days)",
    )


def _input_at(name: str, source: RelativeInput, t_days: float) -> float:
    if not callable(source):
        return source
    value = source(t_days)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}({t_days:g}) must return a number; got {value!r}") from None
    if not 0.0 <= number <= MAX_RELATIVE_INPUT:  # also rejects NaN
        raise ValueError(
            f"{name}({t_days:g}) must return a value in [0, {MAX_RELATIVE_INPUT:g}] (relative); "
            f"got {number:g}"
        )
    return number


def _make_rhs(
    params: HPGParameters,
    exogenous_testosterone: RelativeInput,
    aromatase_inhibition: float,
    lh_analogue: RelativeInput,
) -> Callable[[float, np.ndarray], list[float]]:
    # Plain floats and inlined formulas: this function runs a few hundred times per simulation.
    scale = _feedback_scale(params)
    k_g = params.gnrh_rate_per_day
    k_l = params.lh_rate_per_day
    k_t = params.testis_rate_per_day
    k_x = params.exogenous_rate_per_day
    k_e = params.oestradiol_rate_per_day
    inv_kt = 1.0 / params.testosterone_feedback_half
    n_t = params.testosterone_feedback_hill
    inv_ke = 1.0 / params.oestradiol_feedback_half
    n_e = params.oestradiol_feedback_hill
    k_lh = params.lh_half_saturation
    testis_max = 1.0 + k_lh
    aromatised = 1.0 - aromatase_inhibition
    exo_callable = callable(exogenous_testosterone)
    lh_callable = callable(lh_analogue)

    def rhs(t: float, y: np.ndarray) -> list[float]:
        gnrh, lh, endo, exo, oestradiol = y.tolist()
        if exo_callable:
            u = _input_at("exogenous_testosterone", exogenous_testosterone, t)
        else:
            u = exogenous_testosterone
        a = _input_at("lh_analogue", lh_analogue, t) if lh_callable else lh_analogue
        total = endo + exo
        # max(…, 0) keeps fractional powers real if round-off dips a state below zero.
        target = scale / (
            (1.0 + (max(total, 0.0) * inv_kt) ** n_t)
            * (1.0 + (max(oestradiol, 0.0) * inv_ke) ** n_e)
        )
        stimulus = max(lh + a, 0.0)
        return [
            k_g * (target - gnrh),
            k_l * (gnrh - lh),
            k_t * (stimulus * testis_max / (stimulus + k_lh) - endo),
            k_x * (u - exo),
            k_e * (aromatised * total - oestradiol),
        ]

    return rhs


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def steady_state(
    params: HPGParameters | None = None,
    exogenous_testosterone: float = 0.0,
    aromatase_inhibition: float = 0.0,
    lh_analogue: float = 0.0,
) -> HPGSteadyState:
    """Equilibrium of the HPG teaching model for constant inputs (qualitative, relative units).

    A conceptual model (see :data:`MODEL_STATUS`): relative units, not calibrated, not dosing.
    At equilibrium ``L = G``, ``X = u`` and ``E = (1 − i) T``, so the five equations reduce to
    one equation for endogenous testosterone, ``Te = P(G(Te + u) + a)``. Its left side rises and
    its right side falls (or stays flat) with ``Te``, so the root is unique; it is found with
    :func:`scipy.optimize.brentq` and then checked by evaluating every time derivative at the
    solution.

    Parameters
    ----------
    params : HPGParameters, optional
        Model constants; defaults to ``HPGParameters()``.
    exogenous_testosterone : float
        Exogenous testosterone supply relative to normal endogenous production, in [0, 10]
        (0 = none; 1 = as much as the testes normally make). A teaching input, not a dose.
    aromatase_inhibition : float
        Fraction of aromatisation blocked, in [0, 1] (stands for an aromatase inhibitor; see the
        module docstring for the real bone and fat-mass harms this model leaves out).
    lh_analogue : float
        External LH-like stimulus to the testes relative to normal LH, in [0, 10] (stands for
        hCG; the evidence for such add-ons is thin, FACTS.md D11).

    Returns
    -------
    HPGSteadyState
        ``gnrh``, ``lh``, ``endogenous_testosterone``, ``exogenous_testosterone``,
        ``total_testosterone`` and ``oestradiol``, all relative (1.0 = untreated man).

    Raises
    ------
    ValueError
        If an input is outside its range or ``params`` is not an :class:`HPGParameters`.
    RuntimeError
        If the computed equilibrium fails the derivative check (should not happen).

    Examples
    --------
    >>> untreated = steady_state()
    >>> round(untreated.lh, 6), round(untreated.total_testosterone, 6)
    (1.0, 1.0)
    >>> steady_state(exogenous_testosterone=1.0).lh < 1.0
    True
    """
    params = _check_params(params)
    u = check_range("exogenous_testosterone", exogenous_testosterone, 0.0, MAX_RELATIVE_INPUT, "")
    i = check_range("aromatase_inhibition", aromatase_inhibition, 0.0, 1.0, "(fraction)")
    a = check_range("lh_analogue", lh_analogue, 0.0, MAX_RELATIVE_INPUT, "(relative)")
    scale = _feedback_scale(params)

    def gnrh_at(endo: float) -> float:
        total = endo + u
        return _gnrh_target(total, (1.0 - i) * total, params, scale)

    def residual(endo: float) -> float:
        return endo - _testis_output(gnrh_at(endo) + a, params)

    upper = 1.0 + params.lh_half_saturation  # the testes' maximal output
    endo = brentq(residual, 0.0, upper, xtol=1e-14, rtol=1e-14)
    gnrh = gnrh_at(endo)
    total = endo + u
    state = np.array([gnrh, gnrh, endo, u, (1.0 - i) * total])
    derivatives = _make_rhs(params, u, i, a)(0.0, state)
    if max(abs(d) for d in derivatives) > 1e-9 * max(1.0, float(np.max(state))):
        raise RuntimeError(f"steady_state failed its check: derivatives {derivatives}")
    return HPGSteadyState(
        gnrh=gnrh,
        lh=gnrh,
        endogenous_testosterone=endo,
        exogenous_testosterone=u,
        total_testosterone=total,
        oestradiol=(1.0 - i) * total,
    )


def simulate(
    days: float,
    params: HPGParameters | None = None,
    *,
    exogenous_testosterone: RelativeInput = 0.0,
    aromatase_inhibition: float = 0.0,
    lh_analogue: RelativeInput = 0.0,
    initial: HPGSteadyState | None = None,
    points_per_day: int = 2,
) -> HPGSimulation:
    """Time course of the HPG teaching model (qualitative, relative units, time in days).

    A conceptual model (see :data:`MODEL_STATUS`): relative units, not calibrated, not dosing.
    The time scale is illustrative: how many weeks suppression or recovery takes here follows
    from the chosen rates, not from data. Integrated with LSODA through
    :func:`scipy.integrate.odeint` (rtol 1e-5, atol 1e-8; its stepping loop runs in compiled
    code, about five times faster than ``solve_ivp``'s); the integration restarts at the
    switching days of any :class:`StepInput`, and other callables are sampled at least once per
    day.

    Parameters
    ----------
    days : float
        Length of the simulation in days, in (0, 3650].
    params : HPGParameters, optional
        Model constants; defaults to ``HPGParameters()``.
    exogenous_testosterone : float or callable
        Exogenous testosterone supply relative to normal endogenous production, in [0, 10]: a
        constant, a :class:`StepInput`, or a function of time in days returning such a value.
    aromatase_inhibition : float
        Fraction of aromatisation blocked, constant, in [0, 1].
    lh_analogue : float or callable
        External LH-like stimulus (stands for hCG) relative to normal LH, in [0, 10]: a
        constant, a :class:`StepInput` or a function of time in days.
    initial : HPGSteadyState, optional
        Starting state; defaults to the untreated steady state (every state 1.0). Pass
        ``steady_state(exogenous_testosterone=…)`` to start on treatment, e.g. to show recovery
        after stopping.
    points_per_day : int
        Output resolution, in [1, 96] points per day (2 is enough for a 180-day chart).

    Returns
    -------
    HPGSimulation
        ``t_days`` and the relative series ``gnrh``, ``lh``, ``endogenous_testosterone``,
        ``exogenous_testosterone``, ``total_testosterone`` and ``oestradiol``.

    Raises
    ------
    ValueError
        If an argument is outside its range, a callable input returns a value outside
        [0, 10], or ``initial`` is not an :class:`HPGSteadyState`.
    RuntimeError
        If the integrator fails.

    Examples
    --------
    >>> run = simulate(180, exogenous_testosterone=StepInput(2.0, stop_day=90))
    >>> bool(run.lh[180] < 0.5 and run.lh[-1] > run.lh[180])
    True
    """
    days = check_range("days", days, 0.0, MAX_DAYS, "days", low_inclusive=False)
    params = _check_params(params)
    exogenous = _check_input("exogenous_testosterone", exogenous_testosterone)
    inhibition = check_range("aromatase_inhibition", aromatase_inhibition, 0.0, 1.0, "(fraction)")
    analogue = _check_input("lh_analogue", lh_analogue)
    if isinstance(points_per_day, bool) or not isinstance(points_per_day, int | np.integer):
        raise ValueError(f"points_per_day must be an integer in [1, 96]; got {points_per_day!r}")
    check_range("points_per_day", points_per_day, 1, 96, "points/day")
    if initial is None:
        initial = HPGSteadyState(1.0, 1.0, 1.0, 0.0, 1.0, 1.0)
    elif not isinstance(initial, HPGSteadyState):
        raise ValueError(f"initial must be an HPGSteadyState; got {type(initial).__name__}")
    else:
        for name in _STATES:
            check_range(f"initial.{name}", getattr(initial, name), 0.0, 100.0, "(relative)")

    n_points = int(round(days * points_per_day)) + 1
    t_days = np.linspace(0.0, days, max(n_points, 2))
    # Restart the integrator wherever a StepInput switches, so no jump is stepped over.
    cuts = {0.0, days}
    plain_callable = False
    for source in (exogenous, analogue):
        if isinstance(source, StepInput):
            cuts.update(b for b in source.breakpoints if 0.0 < b < days)
        elif callable(source):
            plain_callable = True
    edges = sorted(cuts)
    max_step = 1.0 if plain_callable else math.inf

    y = np.array([getattr(initial, name) for name in _STATES], dtype=float)
    out = np.empty((5, t_days.size))
    for start, stop in zip(edges[:-1], edges[1:], strict=True):
        # A StepInput is constant between its switching days: pass its value on this piece as
        # a constant, so the integrator never sees the jump (not even at the piece's end).
        middle = 0.5 * (start + stop)
        rhs = _make_rhs(
            params,
            exogenous(middle) if isinstance(exogenous, StepInput) else exogenous,
            inhibition,
            analogue(middle) if isinstance(analogue, StepInput) else analogue,
        )
        last = stop == edges[-1]
        mask = (t_days >= start) & ((t_days <= stop) if last else (t_days < stop))
        grid = t_days[mask]
        # odeint reports the state at each time asked for, from the piece's start to its end.
        inner = grid[(grid > start) & (grid < stop)]
        times = np.concatenate(([start], inner, [stop]))
        states, info = odeint(
            rhs,
            y,
            times,
            rtol=1e-5,
            atol=1e-8,
            hmax=0.0 if math.isinf(max_step) else max_step,
            tfirst=True,
            full_output=True,
        )
        if info["message"] != "Integration successful.":
            raise RuntimeError(f"HPG integration failed: {info['message']}")
        first = 0 if grid.size and grid[0] == start else 1
        end = len(times) if grid.size and grid[-1] == stop else len(times) - 1
        out[:, mask] = states[first:end].T
        y = states[-1]

    if np.min(out) < -1e-6:
        raise RuntimeError(f"HPG integration went below zero ({np.min(out):.3g}); this is a bug")
    # Every rate is a non-negative production minus a linear clearance, so the exact solution
    # stays ≥ 0; clip the integrator's error (a few times atol at most) below zero.
    gnrh, lh, endo, exo, oestradiol = np.maximum(out, 0.0)
    return HPGSimulation(
        t_days=t_days,
        gnrh=gnrh,
        lh=lh,
        endogenous_testosterone=endo,
        exogenous_testosterone=exo,
        total_testosterone=endo + exo,
        oestradiol=oestradiol,
    )
