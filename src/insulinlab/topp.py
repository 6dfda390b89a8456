"""The Topp et al. 2000 model of β-cell mass, insulin and glucose ("βIG" model).

Three ordinary differential equations, with time in **days**::

    dG/dt = R0 − (EG0 + SI·I)·G                  glucose G, mg/dL
    dI/dt = β·σ·G² / (α + G²) − k·I              insulin I, µU/mL
    dβ/dt = (−d0 + r1·G − r2·G²)·β               β-cell mass β, mg

Insulin settles in minutes, glucose in hours and β-cell mass over months. With the published
parameters the model has a physiological stable point (G 100 mg/dL, I 10 µU/mL, β 300 mg), a
saddle (250 mg/dL, 2.8 µU/mL, ≈37 mg) and a pathological stable point with no β-cells
(600 mg/dL, 0, 0). If the death rate d0 rises past r1²/(4·r2) = 0.0735 d⁻¹ the physiological
point and the saddle merge and vanish (a saddle-node bifurcation).

What the published model implies for insulin resistance (derived from the equations; checked
in ``tests/test_topp.py``):

- The healthy glucose is a root of r2·G² − r1·G + d0 = 0, so it does **not** depend on SI.
  A lower SI is compensated by a larger β-cell mass and more insulin (β* ∝ 1/SI, I* ∝ 1/SI).
- The saddle's β-cell mass is also ∝ 1/SI and always 8.1 times smaller than the healthy
  β-cell mass. Starting from health, SI must therefore fall below ≈0.089 mL/µU/d (about
  8-fold) before the β-cell mass is below the saddle and the state can collapse; a smaller
  fall is always compensated, however fast it is.
- A fall larger than that leads to collapse only if it happens faster than β-cell mass can
  grow (at most r1²/(4·r2) − d0 = 0.0135 d⁻¹, an e-fold in 74 days). Topp et al. call this
  "dynamical hyperglycaemia". See :class:`SIDeclineSchedule` for a scenario that shows it.
- A collapse at plausible SI therefore needs a β-cell defect: Topp's "bifurcation" pathway,
  d0 rising past r1²/(4·r2) = 0.0735 d⁻¹. :func:`progression_scenario` combines a moderate
  SI decline with a slowly rising d0 (:class:`DeathRateSchedule`): years of compensation,
  then rising glucose and β-cell collapse; an intervention restoring SI and d0 rescues only
  while β-cell mass is above the restored system's saddle (:func:`point_of_no_return`).

Teaching simplifications
------------------------
- SI and d0 may vary with time (:func:`simulate` accepts schedules); in the paper the
  parameters are constant and changes are discussed as pathways. The schedules, their rates
  and the rise of d0 (standing for β-cell stress such as glucotoxicity) are our device, not
  fitted values.
- The model has no ceiling on β-cell mass and no counter-regulation against low glucose, so a
  compensated state can reach β-cell masses many times normal, and restoring SI abruptly to a
  person with a large β-cell mass gives a transient low glucose. Both are properties of the
  model, not physiology.

Sources
-------
- Topp B, Promislow K, deVries G, Miura RM, Finegood DT. A model of β-cell mass, insulin, and
  glucose kinetics: pathways to diabetes. *J Theor Biol* 2000;206(4):605–619. PMID 11013117.
- Parameter values: the curated BioModels SBML BIOMD0000000341 (rate rules and parameters
  read directly; VERIFIED in FACTS.md §B4). The unit strings come from an independent code
  implementation that cites the paper; the paper's Table 1 itself was not read (FACTS.md marks
  them VERIFIED-secondary).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from numbers import Integral
from typing import ClassVar

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from insulinlab._validate import check_positive, check_range

DAYS_PER_YEAR = 365.25
"""Days in a year, used by :class:`SIDeclineSchedule` and :attr:`ToppRun.t_years`."""

SBML_DEMO_STATE = (250.0, 2.8, 37.0)
"""Initial state of the BioModels SBML (G mg/dL, I µU/mL, β mg): at the saddle.

β = 37 mg is just above the saddle's 36.96 mg, so a run from here lingers for months and then
returns, narrowly, to the physiological point."""

# Solver settings: LSODA switches to a stiff method while the fast insulin/glucose modes are
# at equilibrium. Absolute tolerances per state (mg/dL, µU/mL, mg).
_ATOL = (1e-6, 1e-8, 1e-8)
# Breakpoints of an SI schedule closer than this are merged (a zero-length stretch upsets LSODA).
_MIN_SEGMENT_DAYS = 1e-6
# A solution may dip below zero by round-off; more than this (in the state's unit) is an error.
_NEGATIVE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ToppParameters:
    """Parameters of the Topp 2000 model, time in days (BIOMD0000000341 defaults).

    All values must be positive and finite.

    Attributes
    ----------
    r0 : float
        R0, net glucose production at zero glucose, mg dL⁻¹ d⁻¹ (864).
    eg0 : float
        EG0, glucose effectiveness at zero insulin, d⁻¹ (1.44).
    si : float
        SI, insulin sensitivity, mL µU⁻¹ d⁻¹ (0.72; = 5.0×10⁻⁴ mL µU⁻¹ min⁻¹).
    sigma : float
        σ, maximal insulin secretion per mg of β-cells, µU mL⁻¹ d⁻¹ mg⁻¹ (43.2).
    alpha : float
        α, Hill constant of secretion, mg² dL⁻² (20,000; half-maximal at G ≈ 141 mg/dL).
    k : float
        k, insulin clearance, d⁻¹ (432; half-life ≈ 2.3 min).
    d0 : float
        d0, β-cell death rate at zero glucose, d⁻¹ (0.06).
    r1 : float
        r1, glucose-driven β-cell replication, dL mg⁻¹ d⁻¹ (0.84×10⁻³).
    r2 : float
        r2, glucotoxic β-cell loss, dL² mg⁻² d⁻¹ (2.4×10⁻⁶).

    Raises
    ------
    ValueError
        If a value is not a positive finite number; the message names the parameter.

    Notes
    -----
    Values from the curated SBML BIOMD0000000341 (Topp et al. 2000). Units are
    VERIFIED-secondary (FACTS.md §B4): the paper's Table 1 was not read.
    """

    r0: float = 864.0
    eg0: float = 1.44
    si: float = 0.72
    sigma: float = 43.2
    alpha: float = 20_000.0
    k: float = 432.0
    d0: float = 0.06
    r1: float = 0.84e-3
    r2: float = 2.4e-6

    def __post_init__(self) -> None:
        for parameter in fields(self):
            value = check_positive(
                parameter.name, getattr(self, parameter.name), _UNITS[parameter.name]
            )
            object.__setattr__(self, parameter.name, value)


_UNITS = {
    "r0": "mg/dL/d",
    "eg0": "1/d",
    "si": "mL/µU/d",
    "sigma": "µU/mL/d/mg",
    "alpha": "mg²/dL²",
    "k": "1/d",
    "d0": "1/d",
    "r1": "dL/mg/d",
    "r2": "dL²/mg²/d",
}

DEFAULT_PARAMETERS = ToppParameters()
"""The published parameter set (BIOMD0000000341)."""


@dataclass(frozen=True)
class FixedPoint:
    """One steady state of the model, with its linear stability.

    Attributes
    ----------
    name : str
        ``"physiological"``, ``"saddle"`` or ``"pathological"`` (the slot it fills in
        :class:`FixedPoints`; the name does not assert the stability, ``stability`` does).
    glucose_mg_dl, insulin_uu_ml, beta_cell_mass_mg : float
        The state.
    eigenvalues_per_day : tuple of complex
        Eigenvalues of the Jacobian at the point, d⁻¹, sorted by real part.
    stability : str
        ``"stable"`` (all real parts < 0), ``"saddle"`` (some > 0, some < 0), ``"unstable"``
        (all > 0) or ``"non-hyperbolic"`` (a real part is zero to round-off, as at the
        saddle-node bifurcation).
    """

    name: str
    glucose_mg_dl: float
    insulin_uu_ml: float
    beta_cell_mass_mg: float
    eigenvalues_per_day: tuple[complex, ...]
    stability: str

    @property
    def stable(self) -> bool:
        """True if every eigenvalue has a negative real part."""
        return self.stability == "stable"

    @property
    def n_unstable_directions(self) -> int:
        """How many eigenvalues have a positive real part (1 for the saddle)."""
        return sum(1 for value in self.eigenvalues_per_day if value.real > 0)

    @property
    def state(self) -> tuple[float, float, float]:
        """(G mg/dL, I µU/mL, β mg), ready to pass to :func:`simulate`."""
        return (self.glucose_mg_dl, self.insulin_uu_ml, self.beta_cell_mass_mg)


@dataclass(frozen=True)
class FixedPoints:
    """The steady states of the model for one parameter set.

    Attributes
    ----------
    physiological : FixedPoint or None
        The lower root of the β-nullcline (100 mg/dL with the published values); None if it
        does not exist (d0 above the critical value) or is not physiological (needs I < 0).
    saddle : FixedPoint or None
        The upper root (250 mg/dL); None in the same cases.
    pathological : FixedPoint
        No β-cells and no insulin, G = R0/EG0 (600 mg/dL). Always exists.
    note : str
        A plain-language sentence on which points exist and why.
    """

    physiological: FixedPoint | None
    saddle: FixedPoint | None
    pathological: FixedPoint
    note: str

    @property
    def all(self) -> tuple[FixedPoint, ...]:
        """The points that exist, physiological first."""
        points = (self.physiological, self.saddle, self.pathological)
        return tuple(point for point in points if point is not None)


def critical_death_rate(params: ToppParameters = DEFAULT_PARAMETERS) -> float:
    """The β-cell death rate d0 at the saddle-node bifurcation, r1²/(4·r2), in d⁻¹.

    Above it, r2·G² − r1·G + d0 = 0 has no real root: the physiological point and the saddle
    have merged and vanished, and every state ends at the pathological point. With the
    published values it is 0.0735 d⁻¹ (d0 = 0.06 d⁻¹).

    Parameters
    ----------
    params : ToppParameters, optional
        Only ``r1`` and ``r2`` are used.

    Raises
    ------
    ValueError
        If ``params`` is not a :class:`ToppParameters`.

    Source
    ------
    Topp et al. 2000 (the "bifurcation" pathway); FACTS.md §B4.
    """
    params = _check_params(params)
    return params.r1**2 / (4.0 * params.r2)


def beta_cell_growth_rate(
    glucose_mg_dl: float, params: ToppParameters = DEFAULT_PARAMETERS
) -> float:
    """Net specific β-cell growth rate −d0 + r1·G − r2·G² at a glucose level, in d⁻¹.

    Positive between the two roots (100 and 250 mg/dL with the published values): moderate
    hyperglycaemia makes β-cell mass grow, severe hyperglycaemia makes it shrink. Its maximum,
    r1²/(4·r2) − d0 at G = r1/(2·r2), is the fastest the β-cell mass can adapt
    (0.0135 d⁻¹ at 175 mg/dL with the published values).

    Raises
    ------
    ValueError
        If glucose is not a finite number ≥ 0 mg/dL.

    Source
    ------
    Topp et al. 2000, the β-cell equation.
    """
    params = _check_params(params)
    glucose = check_positive("glucose_mg_dl", glucose_mg_dl, "mg/dL", allow_zero=True)
    return -params.d0 + params.r1 * glucose - params.r2 * glucose**2


def derivatives(
    glucose_mg_dl: float,
    insulin_uu_ml: float,
    beta_cell_mass_mg: float,
    params: ToppParameters = DEFAULT_PARAMETERS,
    si: float | None = None,
) -> tuple[float, float, float]:
    """Right-hand side of the model: (dG/dt mg/dL/d, dI/dt µU/mL/d, dβ/dt mg/d).

    Parameters
    ----------
    glucose_mg_dl, insulin_uu_ml, beta_cell_mass_mg : float
        The state; each finite and ≥ 0.
    params : ToppParameters, optional
        Model parameters (published values by default).
    si : float, optional
        Insulin sensitivity in mL/µU/d, overriding ``params.si``.

    Raises
    ------
    ValueError
        If a state value is negative or not finite, or ``si`` is not positive.

    Source
    ------
    Topp et al. 2000, equations as in BIOMD0000000341.
    """
    params = _check_params(params)
    state = _check_state((glucose_mg_dl, insulin_uu_ml, beta_cell_mass_mg))
    si_value = params.si if si is None else check_positive("si", si, "mL/µU/d")
    return tuple(float(value) for value in _rhs(state, params, si_value))


def jacobian(
    glucose_mg_dl: float,
    insulin_uu_ml: float,
    beta_cell_mass_mg: float,
    params: ToppParameters = DEFAULT_PARAMETERS,
    si: float | None = None,
) -> np.ndarray:
    """The 3 × 3 Jacobian of :func:`derivatives` at a state, in d⁻¹ (rows dG, dI, dβ).

    Raises
    ------
    ValueError
        As :func:`derivatives`.
    """
    params = _check_params(params)
    state = _check_state((glucose_mg_dl, insulin_uu_ml, beta_cell_mass_mg))
    si_value = params.si if si is None else check_positive("si", si, "mL/µU/d")
    return _jacobian(state, params, si_value)


def fixed_points(params: ToppParameters = DEFAULT_PARAMETERS) -> FixedPoints:
    """All steady states of the model, computed analytically, with their stability.

    The β-equation vanishes when β = 0 or when G is a root of r2·G² − r1·G + d0 = 0. For each
    root G*, the glucose equation gives I* = (R0/G* − EG0)/SI and the insulin equation
    β* = k·I*·(α + G*²)/(σ·G*²). With β = 0: I = 0 and G = R0/EG0. The stability comes from
    the eigenvalues of the Jacobian at each point.

    Parameters
    ----------
    params : ToppParameters, optional
        Model parameters (published values by default).

    Returns
    -------
    FixedPoints
        ``physiological`` (lower root) and ``saddle`` (upper root) are None when
        d0 > r1²/(4·r2) (no real root) or when the root lies at or above R0/EG0 (it would need
        negative insulin, so it is not a physiological state); ``note`` says which case
        applies. At d0 = r1²/(4·r2) (to round-off) both slots hold the same non-hyperbolic point.
        With the published values: (100, 10, 300) stable, (250, 2.8, 36.96) saddle with one
        positive eigenvalue, (600, 0, 0) stable.

    Raises
    ------
    ValueError
        If ``params`` is not a :class:`ToppParameters`.

    Source
    ------
    Topp et al. 2000; values as listed in FACTS.md §B4 (computed from BIOMD0000000341).
    """
    params = _check_params(params)
    pathological = _fixed_point("pathological", (params.r0 / params.eg0, 0.0, 0.0), params)
    discriminant = params.r1**2 - 4.0 * params.r2 * params.d0
    # Within round-off of zero counts as the saddle-node itself (d0 at the critical value).
    at_saddle_node = abs(discriminant) <= 1e-12 * params.r1**2
    if discriminant < 0 and not at_saddle_node:
        return FixedPoints(
            None,
            None,
            pathological,
            note=(
                f"d0 = {params.d0:g} 1/d is above the critical value r1²/(4·r2) = "
                f"{critical_death_rate(params):.4g} 1/d: no β-cell mass can be sustained and "
                "the only steady state is the pathological one."
            ),
        )
    # Numerically stable roots of r2·G² − r1·G + d0 = 0 (both positive).
    q = 0.5 * (params.r1 + math.sqrt(max(discriminant, 0.0)))
    lower, upper = params.d0 / q, q / params.r2
    glucose_ceiling = params.r0 / params.eg0
    points = {}
    for name, glucose in (("physiological", lower), ("saddle", upper)):
        insulin = (params.r0 / glucose - params.eg0) / params.si
        if glucose >= glucose_ceiling or insulin <= 0:
            points[name] = None
            continue
        beta = params.k * insulin * (params.alpha + glucose**2) / (params.sigma * glucose**2)
        points[name] = _fixed_point(name, (glucose, insulin, beta), params)
    if points["physiological"] is None:
        note = (
            f"Both roots of the β-nullcline ({lower:.4g} and {upper:.4g} mg/dL) lie at or above "
            f"R0/EG0 = {glucose_ceiling:.4g} mg/dL and would need negative insulin: only the "
            "pathological steady state exists."
        )
    elif points["saddle"] is None:
        note = (
            f"The upper root of the β-nullcline ({upper:.4g} mg/dL) lies at or above "
            f"R0/EG0 = {glucose_ceiling:.4g} mg/dL and would need negative insulin: there is "
            "no saddle, and the β-free state is not an attractor."
        )
    elif at_saddle_node:
        note = "Saddle-node bifurcation: the physiological point and the saddle coincide."
    else:
        note = "Two stable steady states (physiological and pathological) separated by a saddle."
    return FixedPoints(points["physiological"], points["saddle"], pathological, note)


def quasi_steady_state(
    beta_cell_mass_mg: float,
    params: ToppParameters = DEFAULT_PARAMETERS,
    si: float | None = None,
) -> tuple[float, float]:
    """Glucose and insulin at which the fast equations balance for a fixed β-cell mass.

    Insulin and glucose settle within hours, while β-cell mass changes over weeks, so on the
    slow timescale (G, I) sit at this point: the unique G > 0 with
    R0 = (EG0 + SI·I)·G and I = β·σ·G²/((α + G²)·k). This is the "slow manifold" of the paper,
    used for phase portraits in the (β, G) plane.

    Parameters
    ----------
    beta_cell_mass_mg : float
        β-cell mass, mg, finite and ≥ 0.
    params : ToppParameters, optional
        Model parameters.
    si : float, optional
        Insulin sensitivity in mL/µU/d, overriding ``params.si``.

    Returns
    -------
    (glucose_mg_dl, insulin_uu_ml) : tuple of float
        G decreases as β or SI increases; it is R0/EG0 when β = 0.

    Raises
    ------
    ValueError
        If β is negative or not finite, or ``si`` is not positive.
    """
    params = _check_params(params)
    beta = check_positive("beta_cell_mass_mg", beta_cell_mass_mg, "mg", allow_zero=True)
    si_value = params.si if si is None else check_positive("si", si, "mL/µU/d")
    capacity = beta * params.sigma / params.k  # µU/mL at full secretion

    def excess_uptake(glucose: float) -> float:
        hill = glucose**2 / (params.alpha + glucose**2)
        return (params.eg0 + si_value * capacity * hill) * glucose - params.r0

    ceiling = params.r0 / params.eg0
    glucose = ceiling if capacity == 0 else brentq(excess_uptake, 0.0, ceiling, xtol=1e-12)
    insulin = capacity * glucose**2 / (params.alpha + glucose**2)
    return float(glucose), float(insulin)


@dataclass(frozen=True)
class _RampSpec:
    """Names, unit and ranges of one ramp schedule (what differs between SI and d0)."""

    rate: str
    start: str
    limit: str
    restored: str
    unit: str
    max_rate: float
    max_value: float
    rises: bool


def _choose(condition: bool, if_true: float, if_false: float) -> float:
    """Scalar ``numpy.where``."""
    return if_true if condition else if_false


class _RampSchedule:
    """Shared logic of the schedules: a linear ramp towards a limit, then a step at an intervention.

    value(t) = start until ``onset_year``; then start ± rate·(t_years − onset_year), stopped at
    the limit (a floor for a decline, a ceiling for a rise); from ``intervention_year`` on it
    is the restored value. Subclasses are frozen dataclasses that name the fields (``_spec``).
    """

    _spec: ClassVar[_RampSpec]

    def __post_init__(self) -> None:
        spec = self._spec
        rate = check_range(
            spec.rate, getattr(self, spec.rate), 0.0, spec.max_rate, f"{spec.unit} per year"
        )
        start = check_range(
            spec.start,
            getattr(self, spec.start),
            0.0,
            spec.max_value,
            spec.unit,
            low_inclusive=False,
        )
        if spec.rises:
            limit = check_range(
                spec.limit, getattr(self, spec.limit), start, spec.max_value, spec.unit
            )
        else:
            limit = check_range(
                spec.limit, getattr(self, spec.limit), 0.0, start, spec.unit, low_inclusive=False
            )
        restored = getattr(self, spec.restored)
        restored = check_range(
            spec.restored,
            start if restored is None else restored,
            0.0,
            spec.max_value,
            spec.unit,
            low_inclusive=False,
        )
        onset = check_positive("onset_year", self.onset_year, "years", allow_zero=True)
        values = {spec.rate: rate, spec.start: start, spec.limit: limit, spec.restored: restored}
        values["onset_year"] = onset
        if self.intervention_year is not None:
            values["intervention_year"] = check_positive(
                "intervention_year", self.intervention_year, "years", allow_zero=True
            )
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _ramp(self) -> tuple[float, float, float, float]:
        """(start, signed rate per year, limit, restored)."""
        spec = self._spec
        rate = getattr(self, spec.rate)
        signed_rate = rate if spec.rises else -rate
        return (
            getattr(self, spec.start),
            signed_rate,
            getattr(self, spec.limit),
            getattr(self, spec.restored),
        )

    def __call__(self, t_days: float) -> float:
        """The scheduled value at time ``t_days`` (days from the start), in the schedule's unit."""
        return self._evaluate(t_days / DAYS_PER_YEAR, min, max, _choose)

    def _values(self, t_days: np.ndarray) -> np.ndarray:
        """The schedule at an array of times (days); equal, bit for bit, to calling it on each."""
        years = np.asarray(t_days, dtype=float) / DAYS_PER_YEAR
        return self._evaluate(years, np.minimum, np.maximum, np.where)

    def _evaluate(self, years, minimum, maximum, choose):
        """The one formula of the schedule, with scalar or array operations."""
        start, signed_rate, limit, restored = self._ramp()
        ramp = start + signed_rate * (years - self.onset_year)
        ramp = minimum(ramp, limit) if self._spec.rises else maximum(ramp, limit)
        values = choose(years <= self.onset_year, start, ramp)
        if self.intervention_year is not None:
            values = choose(years >= self.intervention_year, restored, values)
        return values

    def _limit_reached_year(self) -> float:
        start, signed_rate, limit, _ = self._ramp()
        if signed_rate == 0:
            return math.inf
        return self.onset_year + (limit - start) / signed_rate

    def breakpoints_days(self) -> tuple[float, ...]:
        """Times (days) of kinks and steps; :func:`simulate` restarts the solver there."""
        years = [self._limit_reached_year()]
        if self.onset_year > 0:
            years.append(self.onset_year)
        if self.intervention_year is not None:
            years.append(self.intervention_year)
        return tuple(sorted(year * DAYS_PER_YEAR for year in years if math.isfinite(year)))

    def _piece_at(self, t_days: float) -> tuple[float, float]:
        """(a, b) with value = a + b·t_days on the smooth stretch containing ``t_days``."""
        start, signed_rate, _, _ = self._ramp()
        years = t_days / DAYS_PER_YEAR
        intervened = self.intervention_year is not None and years >= self.intervention_year
        if intervened or years <= self.onset_year or years >= self._limit_reached_year():
            return (self(t_days), 0.0)
        slope = signed_rate / DAYS_PER_YEAR
        return (start - slope * self.onset_year * DAYS_PER_YEAR, slope)


@dataclass(frozen=True)
class SIDeclineSchedule(_RampSchedule):
    """Insulin sensitivity over time: a linear decline, optionally undone at an intervention.

    SI(t) = max(start_si − decline_per_year·(t_years − onset_year), floor_si) after
    ``onset_year`` (start_si before it) until ``intervention_year``; from then on
    SI = ``restored_si`` (a step, e.g. a lifestyle change). Call it with a time in days; pass
    it as ``si`` to :func:`simulate`. :class:`DeathRateSchedule` is the same shape for d0.

    Parameters
    ----------
    decline_per_year : float
        Fall of SI per year, mL/µU/d per year, in [0, 10].
    start_si : float, optional
        SI at t = 0, mL/µU/d (0.72, the published value), in (0, 100].
    floor_si : float, optional
        The lowest SI the decline reaches, mL/µU/d, in (0, start_si]. Default 0.001.
    intervention_year : float or None, optional
        Year of the step restoration (≥ 0), or None for no intervention.
    restored_si : float or None, optional
        SI after the intervention, mL/µU/d, in (0, 100]; defaults to ``start_si``.
    onset_year : float, optional
        Year the decline begins (≥ 0; default 0, from the start).

    Raises
    ------
    ValueError
        For values outside the ranges above; the message names the argument.

    Notes
    -----
    **What the published model does with a declining SI** (derived from the equations and
    checked in ``tests/test_topp.py``): healthy glucose is 100 mg/dL whatever SI is, and the
    β-cell mass compensates a slow decline by growing in proportion to 1/SI. Collapse needs
    SI to fall below ≈0.089 mL/µU/d (8-fold) *and* faster than β-cell mass can follow
    (≤ 1.35 %/day). With a linear decline the relative fall, decline_per_year/SI, is fastest at
    the end, so collapse happens, if at all, as SI reaches a low floor: with the published
    parameters only if floor_si < 0.022·decline_per_year (found by simulation). An SI that low
    (well under 1 % of normal, with β-cell mass and insulin tens of times normal just before
    the collapse) is far outside human physiology: in this model insulin resistance alone is
    almost always compensated, and diabetes at plausible SI needs a β-cell defect as well
    (Topp's "regulated hyperglycaemia" and "bifurcation" pathways, e.g. d0 above 0.0735 d⁻¹).
    Say so when teaching with it. :func:`progression_scenario` adds such a defect (a rising
    d0) to a moderate SI decline.

    **Demonstration settings** (published parameters, start at the healthy point; used by the
    chapter 16 demo and by the tests): ``decline_per_year=0.1`` with the default
    ``floor_si=0.001`` (collapse threshold 0.0022, a 2-fold margin). SI reaches the floor at
    7.19 years. Glucose stays within 10 % of 100 mg/dL for 6.5 years while β-cell mass rises
    (5-fold by year 6), passes 126 mg/dL at 7.0 years, escapes above 250 mg/dL at 7.18 years
    and ends at 600 mg/dL with no β-cells. Restoring SI to 0.72 at year 5 rescues: glucose dips
    to ≈66 mg/dL (the enlarged β-cell mass now over-secretes; the model has no
    counter-regulation) and is back within 5 mg/dL of 100 five months later. Restoring it at
    year 8 does not. The point of no return is ≈7.25 years, when β-cell mass falls below the
    saddle's 37 mg; interventions just before it rescue but with a glucose dip to ≈30 mg/dL.
    With this floor any rate above 0.045 per year collapses, at ≈ 0.72/rate years, so a rate
    slider over [0.08, 0.3] per year places the collapse between 9 and 2.4 years; at 0.05 per
    year the collapse comes after the decade.

    Source
    ------
    A teaching device on top of Topp et al. 2000, whose abstract describes progressive defects
    that raise glucose faster than β-cell mass adapts ("dynamical hyperglycaemia"). The paper
    does not use this schedule.
    """

    decline_per_year: float
    start_si: float = 0.72
    floor_si: float = 0.001
    intervention_year: float | None = None
    restored_si: float | None = None
    onset_year: float = 0.0

    _spec = _RampSpec(
        "decline_per_year", "start_si", "floor_si", "restored_si", "mL/µU/d", 10.0, 100.0, False
    )

    @property
    def floor_reached_year(self) -> float:
        """Year at which the decline reaches ``floor_si`` (infinite if it never declines)."""
        return self._limit_reached_year()


@dataclass(frozen=True)
class DeathRateSchedule(_RampSchedule):
    """β-cell death rate d0 over time: a linear rise, optionally undone at an intervention.

    d0(t) = start_d0 until ``onset_year``, then min(start_d0 + rise_per_year·(t_years −
    onset_year), ceiling_d0) until ``intervention_year``; from then on d0 = ``restored_d0``.
    Call it with a time in days; pass it as ``d0`` to :func:`simulate`.

    Parameters
    ----------
    rise_per_year : float
        Rise of d0 per year, d⁻¹ per year, in [0, 1].
    start_d0 : float, optional
        d0 before the onset, d⁻¹ (0.06, the published value), in (0, 1].
    ceiling_d0 : float, optional
        The highest d0 the rise reaches, d⁻¹, in [start_d0, 1]. Default 0.09 (1.5 × the
        published value, above the critical 0.0735).
    intervention_year : float or None, optional
        Year of the step restoration (≥ 0), or None for no intervention.
    restored_d0 : float or None, optional
        d0 after the intervention, d⁻¹, in (0, 1]; defaults to ``start_d0``.
    onset_year : float, optional
        Year the rise begins (≥ 0; default 0).

    Raises
    ------
    ValueError
        For values outside the ranges above; the message names the argument.

    Notes
    -----
    A rising d0 is Topp's "bifurcation" pathway made gradual: while d0 < r1²/(4·r2)
    (0.0735 d⁻¹) the healthy glucose is the lower root of r2·G² − r1·G + d0 = 0 and rises with
    d0 (100 mg/dL at 0.06, 119 at 0.066, 137 at 0.07, 175 at 0.0735), the healthy β-cell mass
    falls, and the saddle moves towards the healthy point; past 0.0735 no healthy state is left
    and β-cell mass collapses. The rise itself is a **teaching assumption** standing for
    β-cell stress (glucotoxicity, lipotoxicity, ...), not a fitted value: the paper treats d0 as
    a constant and discusses an increase of it as a pathway, without a time course.

    Source
    ------
    A teaching device on top of Topp et al. 2000 (the "bifurcation" pathway; critical d0 from
    the equations, FACTS.md §B4). The paper does not use this schedule.
    """

    rise_per_year: float
    start_d0: float = 0.06
    ceiling_d0: float = 0.09
    intervention_year: float | None = None
    restored_d0: float | None = None
    onset_year: float = 0.0

    _spec = _RampSpec(
        "rise_per_year", "start_d0", "ceiling_d0", "restored_d0", "1/d", 1.0, 1.0, True
    )

    @property
    def ceiling_reached_year(self) -> float:
        """Year at which the rise reaches ``ceiling_d0`` (infinite if it never rises)."""
        return self._limit_reached_year()


@dataclass(frozen=True)
class _Constant:
    """A constant SI or d0, with the interface of a schedule (no breakpoints, one piece)."""

    value: float

    def __call__(self, t_days: float) -> float:
        return self.value

    def _values(self, t_days):
        return np.full(np.shape(t_days), self.value)

    def breakpoints_days(self) -> tuple[float, ...]:
        return ()

    def _piece_at(self, t_days: float) -> tuple[float, float]:
        return (self.value, 0.0)


@dataclass(frozen=True, eq=False)
class ToppRun:
    """A simulated trajectory of the Topp model (arrays are read-only).

    Attributes
    ----------
    t_days : numpy.ndarray
        Output times, days from the start.
    glucose_mg_dl, insulin_uu_ml, beta_cell_mass_mg : numpy.ndarray
        The state at those times (all ≥ 0).
    si_ml_per_uu_per_day : numpy.ndarray
        Insulin sensitivity used at those times, mL/µU/d.
    d0_per_day : numpy.ndarray
        β-cell death rate d0 used at those times, d⁻¹.
    """

    t_days: np.ndarray
    glucose_mg_dl: np.ndarray
    insulin_uu_ml: np.ndarray
    beta_cell_mass_mg: np.ndarray
    si_ml_per_uu_per_day: np.ndarray = field(repr=False)
    d0_per_day: np.ndarray = field(repr=False)

    @property
    def t_years(self) -> np.ndarray:
        """Output times in years (365.25 days)."""
        return self.t_days / DAYS_PER_YEAR


def simulate(
    days: float,
    initial_state: tuple[float, float, float] | None = None,
    params: ToppParameters = DEFAULT_PARAMETERS,
    si: float | Callable[[float], float] | None = None,
    d0: float | Callable[[float], float] | None = None,
    *,
    n_points: int | None = None,
    rtol: float = 1e-5,
) -> ToppRun:
    """Integrate the full three-equation model for ``days`` days.

    Parameters
    ----------
    days : float
        Length of the run, days, in (0, 36525] (up to a century).
    initial_state : (G mg/dL, I µU/mL, β mg), optional
        Start state, each finite and ≥ 0. By default the physiological fixed point for
        ``params`` with the SI and d0 at t = 0.
    params : ToppParameters, optional
        Model parameters (published values by default).
    si : float or callable, optional
        Insulin sensitivity, mL/µU/d: None for ``params.si``, a positive constant, or a
        function of time in days returning a positive value (e.g. :class:`SIDeclineSchedule`).
    d0 : float or callable, optional
        β-cell death rate, d⁻¹: None for ``params.d0``, a positive constant, or a function of
        time in days returning a positive value (e.g. :class:`DeathRateSchedule`). A constant
        gives the same run as ``params`` with that d0.
    n_points : int, optional
        Number of evenly spaced output times, from 0 to ``days`` inclusive, in [2, 100000].
        Default: about one per week (``round(days / 7) + 1``, at least 2).
    rtol : float, optional
        Relative tolerance of the solver, in [1e-12, 1e-2]. The default 1e-5 keeps a 10-year
        run within a few ×10⁻⁴ (relative) of a 1e-9 reference and fast enough for sliders.

    Returns
    -------
    ToppRun
        Output times, states, and the SI and d0 used. Values that dip below zero by solver
        round-off (≤ 10⁻⁶ in the state's unit) are returned as 0.

    Raises
    ------
    ValueError
        For arguments out of range, a callable ``si`` or ``d0`` returning a non-positive or
        non-finite value, or no physiological fixed point when ``initial_state`` is omitted.
    RuntimeError
        If the solver fails or undershoots zero by more than round-off.

    Notes
    -----
    LSODA (``scipy.integrate.solve_ivp``) with an analytic Jacobian (d0 enters only the
    β-row; a time-varying SI or d0 changes no partial derivative with respect to the state).
    The model is stiff: insulin relaxes in minutes (k = 432 d⁻¹) while β-cell mass changes
    over months. For :class:`SIDeclineSchedule` and :class:`DeathRateSchedule` the solver
    restarts at every kink and step of either schedule and evaluates them in closed form; a
    plain function is integrated in one piece (LSODA then has to find any kink itself).

    Source
    ------
    Topp et al. 2000; parameters BIOMD0000000341. Time-varying SI and d0 are teaching devices.
    """
    params = _check_params(params)
    days = check_range("days", days, 0.0, 100 * 365.25, "days", low_inclusive=False)
    rtol = check_range("rtol", rtol, 1e-12, 1e-2, "")
    if n_points is None:
        n_points = max(2, round(days / 7.0) + 1)
    else:
        if isinstance(n_points, bool) or not isinstance(n_points, Integral):
            raise ValueError(f"n_points must be a whole number in [2, 100000]; got {n_points!r}")
        n_points = int(check_range("n_points", n_points, 2, 100_000, "points"))
    si_of_t = _time_function("si", si, params.si, "mL/µU/d")
    d0_of_t = _time_function("d0", d0, params.d0, "1/d")
    if initial_state is None:
        start = fixed_points(_with_rates(params, si_of_t(0.0), d0_of_t(0.0))).physiological
        if start is None:
            raise ValueError(
                "initial_state is required: these parameters have no physiological fixed point "
                "to start from"
            )
        state0 = np.array(start.state)
    else:
        state0 = _check_state(initial_state, prefix="initial_state")

    t_eval = np.linspace(0.0, days, n_points)
    si_values = _sample("si", si_of_t, t_eval, "insulin sensitivity (mL/µU/d)")
    d0_values = _sample("d0", d0_of_t, t_eval, "β-cell death rate (1/d)")
    pieces = []
    state = state0
    segments = _segments((si_of_t, d0_of_t), days)
    for index, (t0, t1, (si_piece, d0_piece)) in enumerate(segments):
        last = index == len(segments) - 1
        inside = t_eval[(t_eval >= t0) & ((t_eval <= t1) if last else (t_eval < t1))]
        segment_eval = np.unique(np.concatenate([inside, [t1]]))
        solution = _solve_segment(t0, t1, state, segment_eval, params, si_piece, d0_piece, rtol)
        keep = np.isin(solution.t, inside)
        pieces.append(solution.y[:, keep])
        state = solution.y[:, -1]
    states = np.concatenate(pieces, axis=1)
    if states.shape[1] != n_points:  # pragma: no cover - guards the bookkeeping above
        raise RuntimeError("internal error: output grid lost points")
    if np.min(states) < -_NEGATIVE_TOLERANCE:
        raise RuntimeError(
            f"the solver undershot zero (minimum {np.min(states):.3g}); the run is not reliable"
        )
    states = np.maximum(states, 0.0)
    arrays = (t_eval, states[0], states[1], states[2], si_values, d0_values)
    for array in arrays:
        array.setflags(write=False)
    return ToppRun(*arrays)


# --- the chapter 16 progression scenario ----------------------------------------------------

SCENARIO_SI_FLOOR_FRACTION = 0.1
"""In :func:`progression_scenario`, SI never falls below this fraction of its start value."""

RECOVERY_YEARS = 5.0
"""How long :func:`point_of_no_return` follows a run after the intervention to classify it."""


def progression_scenario(
    si_decline_per_year: float = 0.04,
    d0_rise_per_year: float = 0.004,
    intervention_year: float | None = None,
    years: float = 10.0,
    *,
    d0_onset_year: float = 4.0,
    restore_d0: bool = True,
    restored_d0: float | None = None,
    params: ToppParameters = DEFAULT_PARAMETERS,
    n_points: int | None = None,
) -> ToppRun:
    """Falling insulin sensitivity plus a slowly rising β-cell death rate, with an optional cure.

    From the healthy steady state of ``params``, SI falls linearly from ``params.si`` (never
    below 10 % of it) and, from ``d0_onset_year`` on, the β-cell death rate d0 rises linearly
    from ``params.d0`` (up to the :class:`DeathRateSchedule` ceiling of 0.09 d⁻¹). An
    intervention at ``intervention_year`` restores SI to ``params.si`` and, with
    ``restore_d0``, lowers d0 to ``restored_d0`` (default ``params.d0``); both as steps.

    Parameters
    ----------
    si_decline_per_year : float, optional
        Fall of SI, mL/µU/d per year, in [0, 10]. Default 0.04 (SI 0.72 → 0.32, 44 %, at 10
        years).
    d0_rise_per_year : float, optional
        Rise of d0 after the onset, d⁻¹ per year, in [0, 1]. Default 0.004 (d0 passes the
        critical 0.0735 d⁻¹ at 7.4 years).
    intervention_year : float or None, optional
        Year of the intervention (≥ 0), or None for the natural course.
    years : float, optional
        Length of the run, years, in (0, 100]. Default 10.
    d0_onset_year : float, optional
        Year d0 starts to rise (≥ 0). Default 4.
    restore_d0 : bool, optional
        True (default): the intervention also lowers d0. False: it restores SI only and d0
        keeps rising.
    restored_d0 : float or None, optional
        d0 after the intervention, d⁻¹, in (0, 1]; default ``params.d0`` (full relief of the
        β-cell stress). Only with ``restore_d0``.
    params : ToppParameters, optional
        Model parameters; ``params.si`` and ``params.d0`` are the start (and restored) values.
    n_points : int, optional
        Output times, as in :func:`simulate` (default weekly).

    Returns
    -------
    ToppRun
        The run; ``si_ml_per_uu_per_day`` and ``d0_per_day`` hold the two schedules.

    Raises
    ------
    ValueError
        For arguments out of range (the message names the argument), ``restored_d0`` given
        with ``restore_d0=False``, or ``params`` without a healthy state to start from.

    Notes
    -----
    **The d0 rise is a teaching assumption**, standing for β-cell stress (glucotoxicity,
    lipotoxicity, ...); it is not a fitted value, and neither are its onset and rate. The paper
    holds d0 constant and names its increase as the "bifurcation" pathway to diabetes. The
    scenario exists because in this model a fall in SI alone is compensated by β-cell growth
    (see :class:`SIDeclineSchedule`); a collapse at plausible SI needs a β-cell defect.

    **With the defaults** (published parameters, weekly output; checked in
    ``tests/test_topp.py``):

    - *Compensation*, years 0–4: glucose stays within 1 mg/dL of 100 while β-cell mass and
      insulin grow by about a quarter (β 300 → 380 mg, I 10 → 12.8 µU/mL) as SI falls to 0.56.
    - *Decompensation*, from year 4: the healthy glucose rises with d0 (110 mg/dL at year 5,
      126 at 6.1, 150 at 7.2) and β-cell mass falls (204 mg at year 7). d0 passes 0.0735 d⁻¹
      at 7.4 years; glucose passes the saddle's 250 mg/dL at 8.3 years and β-cell mass is
      below 1 mg by 8.4 years. It ends at 600 mg/dL with no β-cells.
    - *Intervention*: restoring SI and d0 at year 5, 6, 7 or 8 returns the state to
      (100 mg/dL, 300 mg) within a year (at year 5 with a dip to ≈97 mg/dL: the β-cell mass
      grown for a lower SI over-secretes for a while); at year 8.5 it is too late. Restoring
      SI alone (``restore_d0=False``) does not help at any year: the collapse comes at
      8.3–8.7 years regardless, because d0 still passes the critical value.

    **The point of no return** (:func:`point_of_no_return`; 8.32 years with the defaults) is
    the time after which restoring the parameters no longer rescues. Once the intervention has
    been made the parameters are constant again, so the outcome is decided by which side of
    the restored system's saddle the state is on: after the fast glucose and insulin settle
    (hours), a β-cell mass above the saddle's (36.96 mg with the published values) grows back
    to the healthy point, one below it collapses. The point of no return is therefore, to
    within days, the time at which the untreated β-cell mass falls below the restored
    saddle's β (8.32 years with the defaults, when glucose is already ≈300 mg/dL). It is a
    property of this model, not a clinical threshold; in the model the window closes about
    two years after glucose passes 126 mg/dL.

    Source
    ------
    Topp et al. 2000 (the "bifurcation" pathway: d0 past r1²/(4·r2)); SI and d0 schedules are
    a teaching device (see :class:`SIDeclineSchedule`, :class:`DeathRateSchedule`).
    """
    si_schedule, d0_schedule = _progression_schedules(
        si_decline_per_year,
        d0_rise_per_year,
        intervention_year,
        d0_onset_year=d0_onset_year,
        restore_d0=restore_d0,
        restored_d0=restored_d0,
        params=params,
    )
    years = check_range("years", years, 0.0, 100.0, "years", low_inclusive=False)
    return simulate(
        years * DAYS_PER_YEAR, params=params, si=si_schedule, d0=d0_schedule, n_points=n_points
    )


def point_of_no_return(
    si_decline_per_year: float = 0.04,
    d0_rise_per_year: float = 0.004,
    years: float = 10.0,
    *,
    d0_onset_year: float = 4.0,
    restored_d0: float | None = None,
    params: ToppParameters = DEFAULT_PARAMETERS,
    tolerance_years: float = 0.01,
) -> float | None:
    """The first intervention year after which restoring SI and d0 no longer rescues.

    Bisection on ``intervention_year`` of :func:`progression_scenario` (with ``restore_d0``).
    Each trial runs until :data:`RECOVERY_YEARS` (5) years after the intervention and counts
    as a rescue if the β-cell mass then is above the restored system's saddle β (the two
    outcomes end near 300 mg and near 0 mg, so the test is clear-cut).

    Parameters
    ----------
    si_decline_per_year, d0_rise_per_year, d0_onset_year, restored_d0, params
        The scenario, as in :func:`progression_scenario`.
    years : float, optional
        Search interventions in [0, years], years, in (0, 100]. Default 10.
    tolerance_years : float, optional
        Width of the final bracket, years, in [1e-4, 1]. Default 0.01 (3.7 days).

    Returns
    -------
    float or None
        The midpoint of the final bracket, in years: an intervention ``tolerance_years``
        earlier rescues and one ``tolerance_years`` later does not. None if an intervention
        at ``years`` still rescues (no point of no return within the horizon).

    Raises
    ------
    ValueError
        For arguments out of range, or a ``restored_d0`` at or above the critical death rate
        (then there is no healthy state to return to).

    Notes
    -----
    Bisection assumes one switch from rescue to failure, as in these scenarios (β-cell mass
    falls through the restored saddle's β once). About log2(years / tolerance_years) + 2
    runs (12 with the defaults, ≈0.1 s). With the defaults it returns 8.32 years, within days
    of the time the untreated β-cell mass falls below 36.96 mg; see
    :func:`progression_scenario`.

    Source
    ------
    Derived from Topp et al. 2000 (the saddle separates recovery from collapse); the scenario
    is a teaching device.
    """
    years = check_range("years", years, 0.0, 100.0, "years", low_inclusive=False)
    tolerance = check_range("tolerance_years", tolerance_years, 1e-4, 1.0, "years")
    params = _check_params(params)
    restored = params.d0 if restored_d0 is None else restored_d0
    restored = check_range("restored_d0", restored, 0.0, 1.0, "1/d", low_inclusive=False)
    saddle = fixed_points(replace(params, d0=restored)).saddle
    if saddle is None or saddle.stability != "saddle":
        raise ValueError(
            f"restored_d0 must be below the critical death rate {critical_death_rate(params):.4g} "
            f"1/d (with a saddle to separate recovery from collapse); got {restored:g}"
        )

    def rescued(intervention_year: float) -> bool:
        run = progression_scenario(
            si_decline_per_year,
            d0_rise_per_year,
            intervention_year,
            intervention_year + RECOVERY_YEARS,
            d0_onset_year=d0_onset_year,
            restored_d0=restored_d0,
            params=params,
            n_points=2,
        )
        return bool(run.beta_cell_mass_mg[-1] > saddle.beta_cell_mass_mg)

    if rescued(years):
        return None
    low, high = 0.0, years
    if not rescued(low):
        return 0.0
    while high - low > tolerance:
        middle = 0.5 * (low + high)
        if rescued(middle):
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def first_crossing_year(run: ToppRun, threshold_mg_dl: float) -> float | None:
    """The first time, in years, at which a run's glucose rises above a threshold.

    Linear interpolation between the two output points that straddle the crossing, so the
    answer is finer than the output grid (weekly by default).

    Parameters
    ----------
    run : ToppRun
        A run from :func:`simulate` or :func:`progression_scenario`.
    threshold_mg_dl : float
        Glucose threshold, mg/dL, finite and > 0 (e.g. 126, the ADA fasting threshold for
        diabetes, or 250, the saddle's glucose).

    Returns
    -------
    float or None
        Years from the start; 0.0 if the run starts above the threshold; None if glucose never
        rises above it.

    Raises
    ------
    ValueError
        If ``run`` is not a :class:`ToppRun` or the threshold is not a positive finite number.

    Examples
    --------
    >>> round(first_crossing_year(progression_scenario(), 126.0), 1)
    6.1
    """
    if not isinstance(run, ToppRun):
        raise ValueError(f"run must be a ToppRun; got {type(run).__name__}")
    threshold = check_positive("threshold_mg_dl", threshold_mg_dl, "mg/dL")
    glucose, years = run.glucose_mg_dl, run.t_years
    above = np.flatnonzero(glucose > threshold)
    if above.size == 0:
        return None
    index = int(above[0])
    if index == 0:
        return 0.0
    before, after = glucose[index - 1], glucose[index]
    fraction = (threshold - before) / (after - before)
    return float(years[index - 1] + fraction * (years[index] - years[index - 1]))


@dataclass(frozen=True)
class InterventionOutcome:
    """What one intervention year does in :func:`progression_scenario` (see
    :func:`intervention_outcomes`).

    Attributes
    ----------
    intervention_year : float
        When SI (and, with ``restore_d0``, d0) were restored, years.
    rescued : bool
        True if the run ends on the healthy side of the parameters it settles to (SI restored;
        d0 restored, or, without ``restore_d0``, at the ceiling its rise reaches): they have a
        physiological steady state and the final β-cell mass is above their saddle's.
    glucose_at_intervention_mg_dl, beta_at_intervention_mg : float
        The untreated state at the moment of the intervention (the last output point before
        it), mg/dL and mg.
    lowest_glucose_after_mg_dl : float
        The lowest glucose after the intervention, mg/dL. Below ≈70 mg/dL it marks the model's
        artefact of restoring SI to an enlarged β-cell mass with no counter-regulation.
    final_glucose_mg_dl, final_beta_cell_mass_mg : float
        The state at the end of the follow-up, mg/dL and mg.
    """

    intervention_year: float
    rescued: bool
    glucose_at_intervention_mg_dl: float
    beta_at_intervention_mg: float
    lowest_glucose_after_mg_dl: float
    final_glucose_mg_dl: float
    final_beta_cell_mass_mg: float


def intervention_outcomes(
    intervention_years,
    si_decline_per_year: float = 0.04,
    d0_rise_per_year: float = 0.004,
    *,
    d0_onset_year: float = 4.0,
    restore_d0: bool = True,
    restored_d0: float | None = None,
    params: ToppParameters = DEFAULT_PARAMETERS,
    follow_up_years: float = RECOVERY_YEARS,
) -> tuple[InterventionOutcome, ...]:
    """Run :func:`progression_scenario` once per intervention year and summarise each outcome.

    Each run lasts until ``follow_up_years`` after its intervention (weekly output), long
    enough for the state to settle near the healthy point or near the β-free one.

    Parameters
    ----------
    intervention_years : sequence of float
        1 to 40 intervention years, each in [0, 100].
    si_decline_per_year, d0_rise_per_year, d0_onset_year, restore_d0, restored_d0, params
        The scenario, as in :func:`progression_scenario`.
    follow_up_years : float, optional
        Years simulated after each intervention, in [0.5, 50]. Default :data:`RECOVERY_YEARS`.

    Returns
    -------
    tuple of InterventionOutcome
        One per intervention year, in the order given.

    Raises
    ------
    ValueError
        For arguments out of range; the message names the argument.

    Notes
    -----
    With the defaults, interventions at years 2–8 rescue and one at year 9 does not: the point
    of no return is 8.32 years (:func:`point_of_no_return`). Each run costs ≈50–100 ms.

    Examples
    --------
    >>> [o.rescued for o in intervention_outcomes([5.0, 9.0])]
    [True, False]

    Source
    ------
    The scenario of :func:`progression_scenario` (a teaching device on Topp et al. 2000).
    """
    if isinstance(intervention_years, (str, bytes)) or not hasattr(intervention_years, "__len__"):
        raise ValueError(
            f"intervention_years must be a sequence of 1 to 40 years; got {intervention_years!r}"
        )
    if not 1 <= len(intervention_years) <= 40:
        raise ValueError(
            f"intervention_years must hold 1 to 40 years; got {len(intervention_years)} values"
        )
    years_checked = [
        check_range(f"intervention_years[{index}]", year, 0.0, 100.0, "years")
        for index, year in enumerate(intervention_years)
    ]
    follow_up = check_range("follow_up_years", follow_up_years, 0.5, 50.0, "years")
    params = _check_params(params)
    # The d0 the run settles to: restored, or (without restore_d0) the ceiling of its rise.
    if restore_d0 is True:
        settled_d0 = params.d0 if restored_d0 is None else restored_d0
    elif d0_rise_per_year:
        settled_d0 = max(params.d0, DeathRateSchedule.ceiling_d0)
    else:
        settled_d0 = params.d0
    outcomes = []
    for year in years_checked:
        run = progression_scenario(
            si_decline_per_year,
            d0_rise_per_year,
            year,
            year + follow_up,
            d0_onset_year=d0_onset_year,
            restore_d0=restore_d0,
            restored_d0=restored_d0,
            params=params,
        )
        before = max(int(np.searchsorted(run.t_years, year, side="left")) - 1, 0)
        after = run.t_years >= year
        final_beta = float(run.beta_cell_mass_mg[-1])
        end = fixed_points(replace(params, d0=settled_d0))
        healthy_side = end.physiological is not None and (
            end.saddle is None or final_beta > end.saddle.beta_cell_mass_mg
        )
        outcomes.append(
            InterventionOutcome(
                intervention_year=year,
                rescued=bool(healthy_side),
                glucose_at_intervention_mg_dl=float(run.glucose_mg_dl[before]),
                beta_at_intervention_mg=float(run.beta_cell_mass_mg[before]),
                lowest_glucose_after_mg_dl=float(np.min(run.glucose_mg_dl[after])),
                final_glucose_mg_dl=float(run.glucose_mg_dl[-1]),
                final_beta_cell_mass_mg=final_beta,
            )
        )
    return tuple(outcomes)


# --- the reduced (glucose, β-cell mass) plane: phase portraits ---------------------------------


def glucose_nullcline(
    glucose_mg_dl,
    params: ToppParameters = DEFAULT_PARAMETERS,
    si: float | None = None,
):
    """β-cell mass at which glucose is in balance, with insulin at its quasi-steady state.

    Insulin settles within minutes, so on longer timescales I = β·σ·G²/((α + G²)·k). Putting
    that into dG/dt = 0 gives the curve on which the fast variables rest (the slow manifold,
    the inverse of :func:`quasi_steady_state`):

        β = k·(R0/G − EG0)·(α + G²) / (SI·σ·G²).

    It falls from very large β at low glucose to β = 0 at G = R0/EG0 (600 mg/dL). The fixed
    points lie where it crosses the β-nullclines (G = 100 and 250 mg/dL, and β = 0).

    Parameters
    ----------
    glucose_mg_dl : float or array_like
        Glucose, mg/dL, each finite and in (0, R0/EG0].
    params : ToppParameters, optional
        Model parameters (published values by default).
    si : float, optional
        Insulin sensitivity in mL/µU/d, overriding ``params.si``.

    Returns
    -------
    float or numpy.ndarray
        β-cell mass, mg (a float for a scalar input).

    Raises
    ------
    ValueError
        If a glucose value is not finite or lies outside (0, R0/EG0]; or ``si`` is not
        positive.

    Examples
    --------
    >>> round(glucose_nullcline(100.0), 6), round(glucose_nullcline(600.0), 6)
    (300.0, 0.0)

    Source
    ------
    Derived from the Topp et al. 2000 equations (insulin at its quasi-steady state).
    """
    params = _check_params(params)
    si_value = params.si if si is None else check_positive("si", si, "mL/µU/d")
    ceiling = params.r0 / params.eg0
    glucose = _check_glucose_array("glucose_mg_dl", glucose_mg_dl, ceiling)
    g2 = glucose * glucose
    beta = params.k * (params.r0 / glucose - params.eg0) * (params.alpha + g2)
    beta = np.maximum(beta / (si_value * params.sigma * g2), 0.0)
    return float(beta) if beta.ndim == 0 else beta


def reduced_vector_field(
    glucose_mg_dl,
    beta_cell_mass_mg,
    params: ToppParameters = DEFAULT_PARAMETERS,
    si: float | None = None,
    d0: float | None = None,
):
    """(dG/dt, dβ/dt) in the (glucose, β-cell mass) plane, with insulin at its quasi-steady state.

    The phase-portrait form of the model: I = β·σ·G²/((α + G²)·k) (it settles in minutes), so

        dG/dt = R0 − (EG0 + SI·I)·G,    dβ/dt = (−d0 + r1·G − r2·G²)·β.

    Parameters
    ----------
    glucose_mg_dl, beta_cell_mass_mg : float or array_like
        Glucose (mg/dL) and β-cell mass (mg), finite and ≥ 0; broadcast against each other
        (e.g. the two arrays of ``numpy.meshgrid``).
    params : ToppParameters, optional
        Model parameters (published values by default).
    si, d0 : float, optional
        Insulin sensitivity (mL/µU/d) and β-cell death rate (d⁻¹) overriding ``params``.

    Returns
    -------
    (dG/dt mg/dL/d, dβ/dt mg/d) : tuple of float or numpy.ndarray
        Floats for scalar inputs.

    Raises
    ------
    ValueError
        For negative or non-finite values, or arrays that do not broadcast.

    Examples
    --------
    >>> [round(v, 9) for v in reduced_vector_field(100.0, 300.0)]
    [0.0, 0.0]

    Source
    ------
    Derived from the Topp et al. 2000 equations.
    """
    params = _check_params(params)
    si_value = params.si if si is None else check_positive("si", si, "mL/µU/d")
    d0_value = params.d0 if d0 is None else check_positive("d0", d0, "1/d")
    glucose = _check_glucose_array("glucose_mg_dl", glucose_mg_dl, math.inf, allow_zero=True)
    beta = _check_glucose_array("beta_cell_mass_mg", beta_cell_mass_mg, math.inf, allow_zero=True)
    try:
        glucose, beta = np.broadcast_arrays(glucose, beta)
    except ValueError:
        raise ValueError(
            "glucose_mg_dl and beta_cell_mass_mg must broadcast to one shape; got shapes "
            f"{np.shape(glucose)} and {np.shape(beta)}"
        ) from None
    g2 = glucose * glucose
    insulin = beta * params.sigma * g2 / ((params.alpha + g2) * params.k)
    d_glucose = params.r0 - (params.eg0 + si_value * insulin) * glucose
    d_beta = (-d0_value + params.r1 * glucose - params.r2 * g2) * beta
    if d_glucose.ndim == 0:
        return float(d_glucose), float(d_beta)
    return d_glucose, d_beta


@dataclass(frozen=True, eq=False)
class Separatrix:
    """The boundary between recovery and collapse in the (glucose, β-cell mass) plane.

    It is the stable manifold of the saddle in the reduced model (:func:`reduced_vector_field`):
    states above it (more β-cell mass) go to the physiological point, states below it to the
    β-free one. Arrays are read-only and sorted by glucose.

    Attributes
    ----------
    glucose_mg_dl, beta_cell_mass_mg : numpy.ndarray
        Points along the curve, mg/dL and mg.
    """

    glucose_mg_dl: np.ndarray
    beta_cell_mass_mg: np.ndarray

    def beta_at(self, glucose_mg_dl: float) -> float:
        """β-cell mass on the separatrix at a glucose level (linear interpolation), mg.

        Raises
        ------
        ValueError
            If the glucose lies outside the computed stretch of the curve.
        """
        low, high = float(self.glucose_mg_dl[0]), float(self.glucose_mg_dl[-1])
        glucose = check_range("glucose_mg_dl", glucose_mg_dl, low, high, "mg/dL")
        return float(np.interp(glucose, self.glucose_mg_dl, self.beta_cell_mass_mg))


def separatrix(
    params: ToppParameters = DEFAULT_PARAMETERS,
    si: float | None = None,
    *,
    glucose_floor_mg_dl: float = 1.0,
) -> Separatrix | None:
    """The separatrix through the saddle in the (glucose, β-cell mass) plane, or None.

    Computed by following the reduced model backwards in time from just beside the saddle,
    along its stable eigenvector, in both directions, until glucose reaches
    ``glucose_floor_mg_dl`` on one side and R0/EG0 on the other (a few simulated days).

    With the published parameters it is almost flat: β ≈ 36.8–39 mg from 1 to 600 mg/dL
    (36.96 mg at the saddle). Because glucose settles in hours and β-cell mass changes over
    months, whether a state recovers depends almost only on its β-cell mass, not on its
    glucose.

    Parameters
    ----------
    params : ToppParameters, optional
        Model parameters (published values by default).
    si : float, optional
        Insulin sensitivity in mL/µU/d, overriding ``params.si``.
    glucose_floor_mg_dl : float, optional
        Lowest glucose to follow the curve to, mg/dL, in (0, 50]. Default 1.

    Returns
    -------
    Separatrix or None
        None when the parameters have no hyperbolic saddle (d0 at or above the critical value,
        or a saddle that would need negative insulin).

    Raises
    ------
    ValueError
        For arguments out of range.

    Examples
    --------
    >>> curve = separatrix()
    >>> round(curve.beta_at(250.0), 1)
    37.0

    Source
    ------
    Derived from Topp et al. 2000 (two stable states separated by a saddle).
    """
    params = _check_params(params)
    si_value = params.si if si is None else check_positive("si", si, "mL/µU/d")
    floor = check_range(
        "glucose_floor_mg_dl", glucose_floor_mg_dl, 0.0, 50.0, "mg/dL", low_inclusive=False
    )
    saddle = fixed_points(replace(params, si=si_value)).saddle
    if saddle is None or saddle.stability != "saddle":
        return None
    ceiling = params.r0 / params.eg0
    g_s, b_s = saddle.glucose_mg_dl, saddle.beta_cell_mass_mg
    capacity = params.sigma / params.k

    def backwards(_t, y):
        d_glucose, d_beta = reduced_vector_field(
            max(y[0], 0.0), max(y[1], 0.0), params, si=si_value
        )
        return [-d_glucose, -d_beta]

    # Jacobian of the reduced field at the saddle (dβ/dt's own rate is zero there).
    hill = g_s**2 / (params.alpha + g_s**2)
    hill_slope = 2.0 * g_s * params.alpha / (params.alpha + g_s**2) ** 2
    reduced = np.array(
        [
            [
                -params.eg0 - si_value * capacity * b_s * (hill + g_s * hill_slope),
                -si_value * g_s * capacity * hill,
            ],
            [(params.r1 - 2.0 * params.r2 * g_s) * b_s, 0.0],
        ]
    )
    eigenvalues, eigenvectors = np.linalg.eig(reduced)
    stable = int(np.argmin(eigenvalues.real))
    direction = eigenvectors[:, stable].real
    # Scale the step to the state: 1e-6 of the saddle's glucose and β along the eigenvector.
    step = 1e-6 * np.array([g_s, b_s]) * direction / np.max(np.abs(direction))
    horizon = 200.0 / abs(eigenvalues[stable].real)

    def low_glucose(_t, y):
        return y[0] - floor

    def high_glucose(_t, y):
        return y[0] - ceiling * (1.0 - 1e-4)

    low_glucose.terminal = high_glucose.terminal = True
    branches = []
    for sign in (1.0, -1.0):
        solution = solve_ivp(
            backwards,
            (0.0, horizon),
            np.array([g_s, b_s]) + sign * step,
            method="LSODA",
            events=(low_glucose, high_glucose),
            rtol=1e-8,
            atol=(1e-8, 1e-10),
        )
        if not solution.success:  # pragma: no cover - the backward flow is smooth here
            raise RuntimeError(f"the ODE solver failed: {solution.message}")
        branches.append(solution.y)
    points = np.concatenate([branches[0], [[g_s], [b_s]], branches[1]], axis=1)
    keep = (points[0] >= floor) & (points[0] <= ceiling) & (points[1] >= 0)
    order = np.argsort(points[0][keep])
    glucose = points[0][keep][order]
    beta = points[1][keep][order]
    glucose, unique = np.unique(glucose, return_index=True)
    beta = beta[unique]
    for array in (glucose, beta):
        array.setflags(write=False)
    return Separatrix(glucose, beta)


def _progression_schedules(
    si_decline_per_year,
    d0_rise_per_year,
    intervention_year,
    *,
    d0_onset_year,
    restore_d0,
    restored_d0,
    params,
) -> tuple[SIDeclineSchedule, DeathRateSchedule]:
    params = _check_params(params)
    if not isinstance(restore_d0, bool):
        raise ValueError(f"restore_d0 must be True or False; got {restore_d0!r}")
    if not restore_d0 and restored_d0 is not None:
        raise ValueError("restored_d0 applies only with restore_d0=True")
    # Checked here so that the messages name this function's arguments.
    check_range("si_decline_per_year", si_decline_per_year, 0.0, 10.0, "mL/µU/d per year")
    check_range("d0_rise_per_year", d0_rise_per_year, 0.0, 1.0, "1/d per year")
    check_positive("d0_onset_year", d0_onset_year, "years", allow_zero=True)
    si_schedule = SIDeclineSchedule(
        si_decline_per_year,
        start_si=params.si,
        floor_si=SCENARIO_SI_FLOOR_FRACTION * params.si,
        intervention_year=intervention_year,
    )
    d0_schedule = DeathRateSchedule(
        d0_rise_per_year,
        start_d0=params.d0,
        ceiling_d0=max(params.d0, DeathRateSchedule.ceiling_d0),
        intervention_year=intervention_year if restore_d0 else None,
        restored_d0=restored_d0,
        onset_year=d0_onset_year,
    )
    return si_schedule, d0_schedule


# --- internals -------------------------------------------------------------------------------


def _check_params(params: object) -> ToppParameters:
    if not isinstance(params, ToppParameters):
        raise ValueError(f"params must be a ToppParameters instance; got {type(params).__name__}")
    return params


def _check_state(state: object, prefix: str = "") -> np.ndarray:
    names = ("glucose_mg_dl", "insulin_uu_ml", "beta_cell_mass_mg")
    units = ("mg/dL", "µU/mL", "mg")
    if isinstance(state, (str, bytes)) or not hasattr(state, "__len__") or len(state) != 3:
        raise ValueError(
            f"{prefix or 'state'} must be three numbers (G mg/dL, I µU/mL, β mg); got {state!r}"
        )
    values = []
    for name, value, unit in zip(names, state, units, strict=True):
        label = f"{prefix}.{name}" if prefix else name
        values.append(check_positive(label, value, unit, allow_zero=True))
    return np.array(values)


def _check_glucose_array(name: str, values, ceiling: float, *, allow_zero: bool = False):
    """``values`` as a float array, each finite and in (0, ceiling] (or [0, ceiling])."""
    bracket = "[" if allow_zero else "("
    accepted = f"finite numbers in {bracket}0, {ceiling:.4g}]"
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {accepted}; got {values!r}") from None
    if np.asarray(values).dtype.kind not in "iuf":
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    too_low = array < 0 if allow_zero else array <= 0
    if not np.all(np.isfinite(array)) or np.any(too_low) or np.any(array > ceiling):
        raise ValueError(f"{name} must be {accepted}")
    return array


def _with_rates(params: ToppParameters, si_value: float, d0_value: float) -> ToppParameters:
    if si_value == params.si and d0_value == params.d0:
        return params
    return replace(params, si=si_value, d0=d0_value)


def _time_function(name: str, value: object, default: float, unit: str) -> Callable[[float], float]:
    """SI or d0 as a function of time in days: None → ``default``, a number, or a callable."""
    if value is None:
        return _Constant(default)
    if callable(value):
        check_positive(f"{name}(0)", value(0.0), unit)
        return value
    return _Constant(check_positive(name, value, unit))


def _sample(name: str, function: Callable[[float], float], t_eval, what: str) -> np.ndarray:
    if isinstance(function, (_RampSchedule, _Constant)):
        values = function._values(t_eval)
    else:
        values = np.array([function(t) for t in t_eval], dtype=float)
    if not (np.all(np.isfinite(values)) and np.all(values > 0)):
        raise ValueError(f"{name} must return a positive finite {what} at every time")
    return values


def _segments(functions, days: float) -> list:
    """Split [0, days] where any function has a kink or step.

    Returns (t0, t1, pieces), one piece per function: (a, b) meaning a + b·t on that stretch
    for a schedule or a constant, or the function itself for a plain callable.
    """
    piecewise = [isinstance(f, (_RampSchedule, _Constant)) for f in functions]
    breaks = sorted(
        b
        for f, known in zip(functions, piecewise, strict=True)
        if known
        for b in f.breakpoints_days()
        if 0.0 < b < days
    )
    edges = [0.0]
    for edge in breaks:  # merge breakpoints a round-off apart
        if edge - edges[-1] > _MIN_SEGMENT_DAYS and days - edge > _MIN_SEGMENT_DAYS:
            edges.append(edge)
    edges.append(days)
    segments = []
    for t0, t1 in zip(edges[:-1], edges[1:], strict=True):
        middle = 0.5 * (t0 + t1)
        pieces = tuple(
            f._piece_at(middle) if known else f
            for f, known in zip(functions, piecewise, strict=True)
        )
        segments.append((t0, t1, pieces))
    return segments


def _rhs(state, params: ToppParameters, si_value: float):
    glucose, insulin, beta = state
    g2 = glucose * glucose
    return (
        params.r0 - (params.eg0 + si_value * insulin) * glucose,
        beta * params.sigma * g2 / (params.alpha + g2) - params.k * insulin,
        (-params.d0 + params.r1 * glucose - params.r2 * g2) * beta,
    )


def _jacobian(state, params: ToppParameters, si_value: float) -> np.ndarray:
    glucose, insulin, beta = state
    g2 = glucose * glucose
    denominator = params.alpha + g2
    hill = g2 / denominator
    hill_slope = 2.0 * glucose * params.alpha / denominator**2
    return np.array(
        [
            [-(params.eg0 + si_value * insulin), -si_value * glucose, 0.0],
            [beta * params.sigma * hill_slope, -params.k, params.sigma * hill],
            [
                (params.r1 - 2.0 * params.r2 * glucose) * beta,
                0.0,
                -params.d0 + params.r1 * glucose - params.r2 * g2,
            ],
        ]
    )


def _fixed_point(
    name: str, state: tuple[float, float, float], params: ToppParameters
) -> FixedPoint:
    eigenvalues = np.linalg.eigvals(_jacobian(state, params, params.si))
    eigenvalues = sorted((complex(value) for value in eigenvalues), key=lambda z: (z.real, z.imag))
    tolerance = 1e-9 * max(abs(value) for value in eigenvalues)
    real_parts = [value.real for value in eigenvalues]
    if any(abs(part) <= tolerance for part in real_parts):
        stability = "non-hyperbolic"
    elif all(part < 0 for part in real_parts):
        stability = "stable"
    elif all(part > 0 for part in real_parts):
        stability = "unstable"
    else:
        stability = "saddle"
    glucose, insulin, beta = (float(value) for value in state)
    return FixedPoint(name, glucose, insulin, beta, tuple(eigenvalues), stability)


def _solve_segment(t0, t1, state, t_eval, params: ToppParameters, si_piece, d0_piece, rtol):
    """Integrate one stretch on which SI and d0 are smooth.

    Each piece is either a callable of time or a pair (a, b) meaning a + b·t; the pair avoids
    calling a schedule object per right-hand-side evaluation, which is most of the cost of a run.
    """
    rhs, jac = _vector_field(params, _linear_or_callable(si_piece), _linear_or_callable(d0_piece))
    solution = solve_ivp(
        rhs, (t0, t1), state, method="LSODA", t_eval=t_eval, jac=jac, rtol=rtol, atol=_ATOL
    )
    if not solution.success:
        raise RuntimeError(f"the ODE solver failed: {solution.message}")
    return solution


def _vector_field(params: ToppParameters, si_at, d0_at):
    """Right-hand side f(t, y) and its Jacobian ∂f/∂y for solve_ivp, with SI(t) and d0(t)."""
    r0, eg0, sigma, alpha, k = params.r0, params.eg0, params.sigma, params.alpha, params.k
    r1, r2 = params.r1, params.r2

    def rhs(t, y):
        glucose, insulin, beta = y.tolist()
        s = si_at(t)
        g2 = glucose * glucose
        return [
            r0 - (eg0 + s * insulin) * glucose,
            beta * sigma * g2 / (alpha + g2) - k * insulin,
            (-d0_at(t) + r1 * glucose - r2 * g2) * beta,
        ]

    def jac(t, y):
        glucose, insulin, beta = y.tolist()
        s = si_at(t)
        g2 = glucose * glucose
        denominator = alpha + g2
        return [
            [-(eg0 + s * insulin), -s * glucose, 0.0],
            [beta * sigma * 2.0 * glucose * alpha / denominator**2, -k, sigma * g2 / denominator],
            [(r1 - 2.0 * r2 * glucose) * beta, 0.0, -d0_at(t) + r1 * glucose - r2 * g2],
        ]

    return rhs, jac


def _linear_or_callable(piece) -> Callable[[float], float]:
    if callable(piece):
        return piece
    intercept, slope = piece

    def linear(t):
        return intercept + slope * t

    return linear
