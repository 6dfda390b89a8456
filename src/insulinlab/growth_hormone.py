"""Growth hormone, lipolysis and insulin sensitivity: a qualitative teaching model.

**Status: a conceptual teaching model.** Every quantity is in relative, dimensionless units and
nothing is calibrated to patients; GH exposure is a relative time profile with a given total
exposure, never a dose, a product or an injection schedule. See :data:`MODEL_STATUS`.
Educational use only: GH and GH secretagogues require a clinician (FACTS.md §E).

What it shows (chapter 10)
--------------------------
GH is counter-regulatory and diabetogenic, **mainly through stimulating lipolysis**: more free
fatty acids (FFA) raise hepatic glucose output and lower muscle glucose uptake; in type 1
diabetes the GH effect was reversed by the antilipolytic drug acipimox (Vila et al. 2019,
FACTS.md §A3.2, §C4). The model is the chain::

    GH exposure ─(delay)→ lipolytic signal ─(saturating)→ lipolysis → plasma FFA
        → relative insulin sensitivity (falls as FFA rises);  signal ─(slow)→ IGF-1

Context only (not modelled): acromegaly (chronic GH excess) combines severe insulin resistance
with reduced fat mass (Vila et al. 2019); the GHRH analogue tesamorelin raised the incidence of
diabetes (HbA1c ≥ 6.5 %) at 26 weeks, 4.5 % vs 1.3 % (manufacturer's healthcare-professional
page), although glycaemic measures did not differ significantly in the first phase 3 trial
(Falutz et al. 2007, *N Engl J Med*; volume and pages FROM MEMORY), FACTS.md §C4.

Pulsatile versus continuous exposure — read this before drawing conclusions
-------------------------------------------------------------------------------
:func:`compare_exposure_patterns` gives the same total exposure (area under the curve) as a few
pulses per day or as a constant level. **Which pattern produces more lipolysis in this model
follows from the assumed shape of the GH → lipolysis response, not from a validated human
result.** With a saturating response (Hill coefficient 1, the default) a steady level always
gives at least as much mean drive as repeating pulses of the same mean (Jensen's inequality for
a concave curve), so continuous exposure looks more diabetogenic. With a sigmoidal response (Hill
coefficient > 1) and exposures below the saturation constant ``lipolysis_ec50``, pulses reach the
steep part of the curve and the comparison flips. Receptor desensitisation (e.g. SOCS induction)
is not modelled; if added, it could also favour pulses. Change ``lipolysis_ec50`` and
``lipolysis_hill`` to see this, or use the two presets in :data:`RESPONSE_CURVES`.

What human studies suggest (small, short studies; see chapter 10): lipolysis tracked the
amplitude and area of GH pulses, not their frequency or the level between pulses, in 15 fasting
volunteers (Goldenberg et al. 2022), and a review concluded that only pulsatile GH has been shown
to raise adipose-tissue lipolysis (Thomas et al. 2013). The ``"sigmoidal"`` preset reproduces
that direction at moderate exposure; the default ``"saturating"`` curve does not. Neither is
fitted to those data.

Glucose readout (added for chapter 10)
--------------------------------------
:func:`glucose_readout` turns the model's relative insulin sensitivity into the insulin
secretion a person would need and a fasting glucose, with the qualitative steady-state rule of
:mod:`insulinlab.hyperbola` applied at each moment (a quasi-steady-state simplification): with
ample β-cell reserve the lost sensitivity is met by more insulin and glucose stays at the set
point; with limited reserve glucose rises. This is reasoning with a teaching model, not a
prediction for anyone.

Model (all states relative; time in hours)
------------------------------------------
With ``g(t)`` the GH profile (extra GH above the person's own, relative to the normal mean GH
level) and ``b`` the fraction of GH-stimulated lipolysis blocked::

    dS/dt   = (g(t) − S) / τ_S                                  delayed lipolytic signal
    lip     = 1 + E_max · Sⁿ / (Sⁿ + EC50ⁿ) · (1 − b)           lipolysis (1 = basal)
    dF/dt   = (lip − F) / τ_F                                   plasma FFA (1 = basal)
    dI/dt   = ((1 + β) / (1 + β F) − I) / τ_I                   insulin sensitivity (1 = no GH)
    dIGF/dt = (1 + IGF_max · S / (S + IGF_EC50) − IGF) / τ_IGF  IGF-1 (1 = normal)

Without extra GH every state stays at its reference (S = 0; FFA, insulin sensitivity and IGF-1
= 1.0).

Teaching simplifications
------------------------
- The whole GH effect on insulin sensitivity passes through FFA. The literature says "mainly",
  not "only"; direct effects of GH on insulin signalling are left out.
- The antilipolytic block acts on the GH-stimulated part of lipolysis only; a real antilipolytic
  drug also lowers basal lipolysis.
- No glucose or insulin concentrations, no counter-regulation by insulin, no IGF-1 feedback on
  GH, no liver/muscle split; hepatic and muscle effects are lumped into one sensitivity.
- The input is GH *above* a healthy person's own. GH deficiency is outside the model: in severe
  deficiency, low-dose replacement improved clamp insulin sensitivity in a 6-patient pilot
  (Arafat et al. 2010, *Diabetologia* 53:1304–13), while high doses worsen it (FACTS.md §C4).
- Every parameter value is illustrative. The time constants are chosen to match the order of
  magnitude described in reviews (a lipolytic response that lags a GH pulse by hours; FFA-induced
  insulin resistance that develops over hours) — those magnitudes are FROM MEMORY, not verified.

Numerics
--------
The equations are a feed-forward cascade of linear first-order steps joined by static curves,
so :func:`simulate` integrates each step exactly for an input that is linear between points of
a fine grid (an exponential integrator, run by :func:`scipy.signal.lfilter`). That is several
times faster than :func:`scipy.integrate.solve_ivp` for pulsatile input, which must resolve
every pulse; ``method="LSODA"`` runs ``solve_ivp`` on the same equations, and the tests check
that the two agree to 5e-5.

Sources
-------
- Vila G, Jørgensen JOL, Luger A, Stalla GK. Insulin resistance in patients with acromegaly.
  *Front Endocrinol* 2019;10:509, doi:10.3389/fendo.2019.00509 (VERIFIED, FACTS.md §A3.2):
  GH is diabetogenic mainly via lipolysis; acipimox reverses the effect.
- Goldenberg N, Horowitz JF, Gorgey A, Sakharova A, Barkan AL. Role of pulsatile growth
  hormone (GH) secretion in the regulation of lipolysis in fasting humans. *Clin Diabetes
  Endocrinol* 2022, doi:10.1186/s40842-022-00137-y (abstract seen).
- Thomas GA, Kraemer WJ, Comstock BA, Dunn-Lewis C, Maresh CM, Volek JS. Obesity, growth
  hormone and exercise. *Sports Med* 2013;43:839–849, doi:10.1007/s40279-013-0064-7.
- Tesamorelin diabetes signal: manufacturer HCP page (hcp.egriftasv.com); Falutz J et al.
  *N Engl J Med* 2007, PMID 18057338 (VERIFIED, FACTS.md §C4).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Literal

import numpy as np
from scipy.integrate import solve_ivp
from scipy.signal import lfilter
from scipy.special import erf

from insulinlab import hyperbola
from insulinlab._validate import check_range

MODEL_STATUS = (
    "qualitative teaching model: relative units, not calibrated to patients, not for dosing; "
    "which GH pattern gives more lipolysis follows from assumed response curves"
)
"""Printed next to any chart drawn from this module."""

MAX_DAYS = 30.0
"""Longest profile or simulation accepted, in days."""

MAX_TOTAL_EXPOSURE = 1000.0
"""Largest total exposure accepted, in relative units × days."""

HOURS_PER_DAY = 24.0

_FWHM_PER_SD = 2.0 * math.sqrt(2.0 * math.log(2.0))
_PULSE_REACH_SD = 8.0
"""Pulses are evaluated within 8 SD of their peak; beyond that a Gaussian is below 1.3e-14."""


@dataclass(frozen=True)
class GHParameters:
    """Constants of the GH → lipolysis → FFA → insulin-sensitivity teaching model.

    Relative units, time in hours; every value is illustrative (a modelling choice, not fitted).

    Parameters
    ----------
    signal_delay_hours : float
        Time constant (h, in (0, 48]) of the lipolytic signal that lags GH exposure.
    max_lipolysis_increase : float
        Largest GH-driven rise in lipolysis, as a multiple of basal lipolysis, in [0, 20].
    lipolysis_ec50 : float
        Saturation constant: the lipolytic signal (relative GH level) giving half the maximal
        rise, in (0, 100]. Changing it can flip the pulsatile vs continuous comparison when
        ``lipolysis_hill`` > 1.
    lipolysis_hill : float
        Shape of the GH → lipolysis response, in [0.5, 6]: 1 = simple saturation (concave);
        > 1 = sigmoidal.
    ffa_time_constant_hours : float
        Time constant (h, in (0, 48]) with which plasma FFA follow lipolysis.
    ffa_effect_on_insulin_sensitivity : float
        β in the target sensitivity (1 + β) / (1 + β · FFA), in [0, 20]; 0 = FFA have no effect.
    insulin_sensitivity_time_constant_hours : float
        Time constant (h, in (0, 48]) with which insulin sensitivity follows FFA.
    igf1_time_constant_hours : float
        Time constant (h, in (0, 480]) of IGF-1, which integrates GH slowly.
    igf1_max_increase : float
        Largest GH-driven rise in IGF-1, as a multiple of its normal level, in [0, 20].
    igf1_ec50 : float
        Lipolytic-signal level (relative GH) giving half the maximal IGF-1 rise, in (0, 100].

    Raises
    ------
    ValueError
        If a value is not a finite number in its range; the message names the field.
    """

    signal_delay_hours: float = 2.0
    max_lipolysis_increase: float = 2.0
    lipolysis_ec50: float = 1.0
    lipolysis_hill: float = 1.0
    ffa_time_constant_hours: float = 0.5
    ffa_effect_on_insulin_sensitivity: float = 0.5
    insulin_sensitivity_time_constant_hours: float = 3.0
    igf1_time_constant_hours: float = 24.0
    igf1_max_increase: float = 1.5
    igf1_ec50: float = 1.0

    def __post_init__(self) -> None:
        for item in fields(self):
            name = item.name
            value = getattr(self, name)
            if name == "igf1_time_constant_hours":
                check_range(name, value, 0.0, 480.0, "h", low_inclusive=False)
            elif name.endswith("_hours"):
                check_range(name, value, 0.0, 48.0, "h", low_inclusive=False)
            elif name.endswith("_ec50"):
                check_range(name, value, 0.0, 100.0, "(relative GH)", low_inclusive=False)
            elif name == "lipolysis_hill":
                check_range(name, value, 0.5, 6.0, "(dimensionless)")
            else:
                check_range(name, value, 0.0, 20.0, "(relative)")


@dataclass(frozen=True)
class GHProfile:
    """A relative GH exposure profile over ``days``: pulsatile or continuous (teaching input).

    Build it with :func:`gh_profile`. Calling it with a time in hours (a float or an array)
    returns the relative GH level: extra GH above the person's own, in units of the normal mean
    GH level. It is zero outside ``[0, 24 · days]`` hours. Not a dose or an injection schedule.

    Attributes
    ----------
    kind : {"pulsatile", "continuous"}
    days : float
        Length of the profile in days.
    pulses_per_day : int
        Evenly spaced pulses per day (pulsatile only), peaking half an interval after 0 h and
        then every interval. The train is periodic: tails of pulses peaking just outside the
        window count too, so each whole interval has the same area.
    total_exposure : float
        Area under the profile in relative units × days (the mean level times ``days``).
    pulse_width_hours : float
        Full width at half maximum of each Gaussian pulse, in hours (pulsatile only).
    amplitude : float
        Peak of a full pulse (pulsatile) or the constant level (continuous), relative units.
    """

    kind: Literal["pulsatile", "continuous"]
    days: float
    pulses_per_day: int
    total_exposure: float
    pulse_width_hours: float = 2.0
    amplitude: float = field(init=False)
    _centres_hours: tuple[float, ...] = field(init=False, repr=False)
    _first_pulse_index: int = field(init=False, repr=False, default=0)

    def __post_init__(self) -> None:
        if self.kind not in ("pulsatile", "continuous"):
            raise ValueError(f"kind must be 'pulsatile' or 'continuous'; got {self.kind!r}")
        days = check_range("days", self.days, 0.0, MAX_DAYS, "days", low_inclusive=False)
        if isinstance(self.pulses_per_day, bool) or not isinstance(
            self.pulses_per_day, int | np.integer
        ):
            raise ValueError(
                f"pulses_per_day must be an integer in [1, 24]; got {self.pulses_per_day!r}"
            )
        check_range("pulses_per_day", self.pulses_per_day, 1, 24, "pulses/day")
        exposure = check_range(
            "total_exposure", self.total_exposure, 0.0, MAX_TOTAL_EXPOSURE, "relative units × days"
        )
        width = check_range("pulse_width_hours", self.pulse_width_hours, 0.25, 12.0, "h")
        window = days * HOURS_PER_DAY
        if self.kind == "continuous":
            amplitude = exposure / days
            centres: tuple[float, ...] = ()
        else:
            period = HOURS_PER_DAY / self.pulses_per_day
            count = math.ceil(window / period - 0.5)  # peaks inside the window
            if count == 0:
                raise ValueError(
                    f"days ({days:g}) is too short for one pulse at {self.pulses_per_day} "
                    "pulses/day; use more days or more pulses per day"
                )
            sd = width / _FWHM_PER_SD
            # The pulse train is periodic: pulses peaking just outside the window also
            # contribute their tails, so every whole period inside it has the same area.
            extra = math.ceil(_PULSE_REACH_SD * sd / period)
            centres = tuple((k + 0.5) * period for k in range(-extra, count + extra))
            # Exact area of each Gaussian inside [0, window] hours, so the total is exact.
            peaks = np.array(centres)
            scale = sd * math.sqrt(2.0)
            areas = (
                sd * math.sqrt(math.pi / 2.0) * (erf((window - peaks) / scale) + erf(peaks / scale))
            )
            amplitude = exposure * HOURS_PER_DAY / float(np.sum(areas))
            object.__setattr__(self, "_first_pulse_index", -extra)
        object.__setattr__(self, "amplitude", amplitude)
        object.__setattr__(self, "_centres_hours", centres)

    @property
    def window_hours(self) -> float:
        """Length of the profile in hours."""
        return self.days * HOURS_PER_DAY

    @property
    def mean_level(self) -> float:
        """Time-averaged relative GH level over the profile (total_exposure / days)."""
        return self.total_exposure / self.days

    @property
    def pulse_centres_hours(self) -> tuple[float, ...]:
        """Times of the pulse peaks inside the window, in hours (empty if continuous)."""
        return tuple(c for c in self._centres_hours if 0.0 <= c <= self.window_hours)

    @property
    def max_step_hours(self) -> float:
        """Largest integrator step that cannot skip over a pulse."""
        if self.kind == "continuous":
            return math.inf
        return self.pulse_width_hours / _FWHM_PER_SD

    def level_at(self, t_hours: float) -> float:
        """Relative GH level at one time in hours (fast scalar path for the integrator)."""
        if t_hours < 0.0 or t_hours > self.window_hours:
            return 0.0
        if self.kind == "continuous":
            return self.amplitude
        sd = self.pulse_width_hours / _FWHM_PER_SD
        period = HOURS_PER_DAY / self.pulses_per_day
        reach = math.ceil(_PULSE_REACH_SD * sd / period) + 1
        nearest = math.floor(t_hours / period) - self._first_pulse_index
        centres = self._centres_hours
        total = 0.0
        for k in range(max(nearest - reach, 0), min(nearest + reach + 1, len(centres))):
            z = (t_hours - centres[k]) / sd
            total += math.exp(-0.5 * z * z)
        return self.amplitude * total

    def on_grid(self, t_hours: np.ndarray) -> np.ndarray:
        """Relative GH levels on a sorted 1-D array of hours (each pulse evaluated near itself)."""
        t = np.asarray(t_hours, dtype=float)
        inside = (t >= 0.0) & (t <= self.window_hours)
        if self.kind == "continuous":
            return np.where(inside, self.amplitude, 0.0)
        sd = self.pulse_width_hours / _FWHM_PER_SD
        levels = np.zeros_like(t)
        for centre in self._centres_hours:
            reach = _PULSE_REACH_SD * sd
            first, last = np.searchsorted(t, (centre - reach, centre + reach))
            z = (t[first:last] - centre) / sd
            levels[first:last] += np.exp(-0.5 * z * z)
        return np.where(inside, self.amplitude * levels, 0.0)

    def __call__(self, t_hours: float | np.ndarray) -> float | np.ndarray:
        """Relative GH level at ``t_hours`` (a float or an array of hours)."""
        if np.ndim(t_hours) == 0:
            return self.level_at(float(t_hours))
        t = np.asarray(t_hours, dtype=float)
        if t.ndim == 1 and np.all(np.diff(t) >= 0):
            return self.on_grid(t)
        return np.reshape([self.level_at(value) for value in t.ravel()], t.shape)


@dataclass(frozen=True)
class GHSimulation:
    """Time course of the GH teaching model; every series relative (see each attribute).

    Attributes
    ----------
    t_hours : numpy.ndarray
        Output times in **hours**, from 0 to ``24 · days``.
    gh : numpy.ndarray
        The GH profile (extra GH, relative to the normal mean GH level).
    lipolysis : numpy.ndarray
        Lipolysis rate relative to basal (1.0 = no extra GH).
    ffa : numpy.ndarray
        Plasma free fatty acids relative to basal (1.0 = no extra GH).
    insulin_sensitivity_relative : numpy.ndarray
        Insulin sensitivity relative to the same person without extra GH (1.0).
    igf1 : numpy.ndarray
        IGF-1 relative to its normal level (1.0).
    """

    t_hours: np.ndarray
    gh: np.ndarray
    lipolysis: np.ndarray
    ffa: np.ndarray
    insulin_sensitivity_relative: np.ndarray
    igf1: np.ndarray


@dataclass(frozen=True)
class ExposureComparison:
    """Pulsatile vs continuous GH at equal total exposure (qualitative teaching model).

    Means are time averages (trapezoidal rule) from ``averaged_from_hours`` to the end. Which
    pattern gives more lipolysis follows from the model's assumed response curve, not from a
    validated human result.

    Attributes
    ----------
    pulsatile, continuous : GHSimulation
        The two time courses.
    pulsatile_mean_lipolysis, continuous_mean_lipolysis : float
        Mean lipolysis, relative to basal.
    pulsatile_mean_ffa, continuous_mean_ffa : float
        Mean plasma FFA, relative to basal.
    pulsatile_mean_insulin_sensitivity, continuous_mean_insulin_sensitivity : float
        Mean insulin sensitivity relative to no extra GH.
    averaged_from_hours : float
        Start of the averaging window in hours (the end of the burn-in).
    """

    pulsatile: GHSimulation
    continuous: GHSimulation
    pulsatile_mean_lipolysis: float
    continuous_mean_lipolysis: float
    pulsatile_mean_ffa: float
    continuous_mean_ffa: float
    pulsatile_mean_insulin_sensitivity: float
    continuous_mean_insulin_sensitivity: float
    averaged_from_hours: float


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def gh_profile(
    kind: Literal["pulsatile", "continuous"],
    days: float,
    pulses_per_day: int,
    total_exposure: float,
    *,
    pulse_width_hours: float = 2.0,
) -> GHProfile:
    """A relative GH exposure profile, pulsatile or continuous, with a given total exposure.

    Part of a qualitative teaching model (see :data:`MODEL_STATUS`): the profile is extra GH
    above the person's own, in units of the normal mean GH level, not a dose or a schedule.
    A pulsatile profile is a periodic train of evenly spaced Gaussian pulses, the first peaking
    half an interval after 0 h; its height is set so that the area inside ``[0, 24 · days]``
    hours is exactly ``total_exposure`` (computed with the error function, so tails cut by the
    window edges are accounted for). A continuous profile with the same ``total_exposure``
    therefore has the same area under the curve, and over any whole number of pulse intervals
    the two have the same mean.

    Parameters
    ----------
    kind : {"pulsatile", "continuous"}
        The exposure pattern.
    days : float
        Length of the profile in days, in (0, 30].
    pulses_per_day : int
        Pulses per day, an integer in [1, 24] (checked but unused for a continuous profile).
    total_exposure : float
        Area under the profile in relative units × days, in [0, 1000]; e.g. 7 over 7 days is a
        mean extra GH level equal to the normal mean GH level.
    pulse_width_hours : float, optional
        Full width at half maximum of each pulse, in [0.25, 12] hours (illustrative).

    Returns
    -------
    GHProfile
        A callable of time in hours (float or array) returning the relative GH level.

    Raises
    ------
    ValueError
        If ``kind`` is not one of the two patterns, a number is outside its range, or ``days``
        is too short to hold one pulse.

    Examples
    --------
    >>> pulses = gh_profile("pulsatile", 1, 3, 1.0)
    >>> steady = gh_profile("continuous", 1, 3, 1.0)
    >>> round(steady(12.0), 6), bool(pulses(4.0) > steady(4.0))
    (1.0, True)
    """
    return GHProfile(
        kind=kind,
        days=days,
        pulses_per_day=pulses_per_day,
        total_exposure=total_exposure,
        pulse_width_hours=pulse_width_hours,
    )


def simulate(
    profile: GHProfile,
    days: float | None = None,
    params: GHParameters | None = None,
    *,
    lipolysis_block: float = 0.0,
    points_per_hour: int = 4,
    method: Literal["exponential", "LSODA"] = "exponential",
) -> GHSimulation:
    """Time course of GH → lipolysis → FFA → insulin sensitivity (qualitative, time in hours).

    A conceptual teaching model (see :data:`MODEL_STATUS` and the module docstring for the
    equations): relative units, illustrative constants, not calibrated, not for dosing. Starts
    from the reference state (no extra GH: FFA, insulin sensitivity and IGF-1 = 1.0).

    The model is a feed-forward cascade of linear first-order equations joined by static
    curves, so by default (``method="exponential"``) each equation is integrated exactly for an
    input that is linear between grid points (an exponential integrator on a grid of at most
    0.01 h and at most 1/20 of a pulse's standard deviation). That is several times faster
    than :func:`scipy.integrate.solve_ivp` (see ``benchmarks/hormones.py``) and agrees with it
    to within 5e-5 (checked in the tests). ``method="LSODA"`` integrates the same equations
    with ``solve_ivp`` (rtol 1e-8, steps no longer than one pulse's standard deviation) as the
    reference.

    Parameters
    ----------
    profile : GHProfile
        The GH exposure, from :func:`gh_profile`.
    days : float, optional
        Length of the simulation in days, in (0, 30]; defaults to ``profile.days``. After the
        profile ends the GH level is zero and the states return towards 1.0.
    params : GHParameters, optional
        Model constants; defaults to ``GHParameters()``.
    lipolysis_block : float, optional
        Fraction of the GH-stimulated lipolysis that is blocked, in [0, 1]. Stands for an
        antilipolytic drug, as in the acipimox study (Vila et al. 2019); 1 removes the GH effect
        on FFA and insulin sensitivity entirely in this model.
    points_per_hour : int, optional
        Output resolution, an integer in [1, 60] points per hour.
    method : {"exponential", "LSODA"}, optional
        Integrator: the exact exponential scheme (fast, default) or ``solve_ivp`` LSODA.

    Returns
    -------
    GHSimulation
        ``t_hours`` and the series ``gh``, ``lipolysis``, ``ffa``,
        ``insulin_sensitivity_relative`` and ``igf1`` (all relative).

    Raises
    ------
    ValueError
        If ``profile`` is not a :class:`GHProfile`, ``params`` not a :class:`GHParameters`,
        ``method`` unknown, or a number is outside its range.
    RuntimeError
        If the integrator fails.

    Examples
    --------
    >>> run = simulate(gh_profile("continuous", 2, 3, 2.0))
    >>> bool(run.insulin_sensitivity_relative[-1] < 1.0 < run.ffa[-1])
    True
    """
    if not isinstance(profile, GHProfile):
        raise ValueError(f"profile must be a GHProfile from gh_profile(); got {profile!r}")
    if days is None:
        days = profile.days
    days = check_range("days", days, 0.0, MAX_DAYS, "days", low_inclusive=False)
    if params is None:
        params = GHParameters()
    elif not isinstance(params, GHParameters):
        raise ValueError(f"params must be a GHParameters instance; got {type(params).__name__}")
    block = check_range("lipolysis_block", lipolysis_block, 0.0, 1.0, "(fraction)")
    if isinstance(points_per_hour, bool) or not isinstance(points_per_hour, int | np.integer):
        raise ValueError(f"points_per_hour must be an integer in [1, 60]; got {points_per_hour!r}")
    check_range("points_per_hour", points_per_hour, 1, 60, "points/h")
    if method not in ("exponential", "LSODA"):
        raise ValueError(f"method must be 'exponential' or 'LSODA'; got {method!r}")

    window = days * HOURS_PER_DAY
    t_hours = np.linspace(0.0, window, int(round(window * points_per_hour)) + 1)
    # Integrate piecewise: the profile switches off at its end, a kink the grid must not blur.
    edges = [0.0, window]
    if 0.0 < profile.window_hours < window:
        edges.insert(1, profile.window_hours)
    if method == "exponential":
        out = _integrate_exponential(profile, params, block, edges, t_hours)
    else:
        out = _integrate_lsoda(profile, params, block, edges, t_hours)

    if np.min(out) < -1e-9:
        raise RuntimeError(f"GH integration went below zero ({np.min(out):.3g}); this is a bug")
    # Production is ≥ 0 and clearance linear, so the exact solution is ≥ 0; clip round-off.
    signal, ffa, sensitivity, igf1 = np.maximum(out, 0.0)
    return GHSimulation(
        t_hours=t_hours,
        gh=np.asarray(profile(t_hours), dtype=float),
        lipolysis=_lipolysis(signal, params, block),
        ffa=ffa,
        insulin_sensitivity_relative=sensitivity,
        igf1=igf1,
    )


def compare_exposure_patterns(
    days: int = 7,
    total_exposure: float = 7.0,
    pulses_per_day: int = 3,
    params: GHParameters | None = None,
    *,
    pulse_width_hours: float = 2.0,
    lipolysis_block: float = 0.0,
    points_per_hour: int = 4,
    burn_in_days: int = 1,
) -> ExposureComparison:
    """Pulsatile vs continuous GH at equal total exposure: mean lipolysis, FFA, sensitivity.

    A conceptual teaching model (see :data:`MODEL_STATUS`), labelled as such wherever it is
    shown. **Which pattern gives more lipolysis here follows from the assumed response curve
    (``params.lipolysis_ec50`` and ``params.lipolysis_hill``), not from a validated human
    result**: with the default simple saturation, continuous exposure gives more mean lipolysis;
    with a sigmoidal curve and exposure below the saturation constant, pulses do.

    Both profiles have the same area over the whole ``days``. The means are time averages over
    the whole days after the first ``burn_in_days``, so the build-up from the reference state
    does not bias the comparison; over whole days the pulses repeat a whole number of times,
    and with simple saturation (Hill coefficient 1) continuous exposure then gives at least as
    much mean lipolysis as pulses (Jensen's inequality), up to the tiny remainder of the
    build-up.

    Parameters
    ----------
    days : int
        Length of both profiles and simulations in whole days, in [burn_in_days + 1, 30].
    total_exposure : float
        Area under each profile in relative units × days, in [0, 1000] (7 over 7 days = a mean
        extra GH level equal to the normal mean GH level).
    pulses_per_day : int
        Pulses per day of the pulsatile profile, an integer in [1, 24].
    params : GHParameters, optional
        Model constants; defaults to ``GHParameters()``.
    pulse_width_hours : float, optional
        Full width at half maximum of each pulse, in [0.25, 12] hours.
    lipolysis_block : float, optional
        Fraction of GH-stimulated lipolysis blocked, in [0, 1] (stands for an antilipolytic).
    points_per_hour : int, optional
        Output resolution, an integer in [1, 60].
    burn_in_days : int, optional
        Whole days left out of the means, in [0, 29] (0 = average over the whole simulation).

    Returns
    -------
    ExposureComparison
        Both simulations (over all ``days``) and the time-averaged lipolysis, FFA and insulin
        sensitivity of each after the burn-in.

    Raises
    ------
    ValueError
        If an argument is outside its range (see also :func:`gh_profile` and
        :func:`simulate`).

    Examples
    --------
    >>> result = compare_exposure_patterns()
    >>> bool(result.continuous_mean_lipolysis > result.pulsatile_mean_lipolysis)
    True
    """
    burn_in = _check_whole_days("burn_in_days", burn_in_days, 0, int(MAX_DAYS) - 1)
    days = _check_whole_days("days", days, burn_in + 1, int(MAX_DAYS))
    results = {}
    for kind in ("pulsatile", "continuous"):
        profile = gh_profile(
            kind, days, pulses_per_day, total_exposure, pulse_width_hours=pulse_width_hours
        )
        results[kind] = simulate(
            profile,
            params=params,
            lipolysis_block=lipolysis_block,
            points_per_hour=points_per_hour,
        )
    pulsatile, continuous = results["pulsatile"], results["continuous"]
    start = burn_in * HOURS_PER_DAY

    def mean(run: GHSimulation, name: str) -> float:
        return _time_average(run.t_hours, getattr(run, name), start)

    return ExposureComparison(
        pulsatile=pulsatile,
        continuous=continuous,
        pulsatile_mean_lipolysis=mean(pulsatile, "lipolysis"),
        continuous_mean_lipolysis=mean(continuous, "lipolysis"),
        pulsatile_mean_ffa=mean(pulsatile, "ffa"),
        continuous_mean_ffa=mean(continuous, "ffa"),
        pulsatile_mean_insulin_sensitivity=mean(pulsatile, "insulin_sensitivity_relative"),
        continuous_mean_insulin_sensitivity=mean(continuous, "insulin_sensitivity_relative"),
        averaged_from_hours=start,
    )


RESPONSE_CURVES: Mapping[str, GHParameters] = MappingProxyType(
    {
        "saturating": GHParameters(),
        "sigmoidal": GHParameters(lipolysis_hill=3.0, lipolysis_ec50=3.0),
    }
)
"""Two assumed shapes of the GH → lipolysis response (qualitative teaching presets).

``"saturating"`` is the default :class:`GHParameters` (Hill coefficient 1, saturation constant
1): a steady level drives at least as much mean lipolysis as pulses of the same mean.
``"sigmoidal"`` (Hill coefficient 3, saturation constant 3) has a threshold: below about three
times the normal mean GH level, pulses drive more lipolysis than the same exposure spread
evenly, the direction small human studies point to (Goldenberg et al. 2022; Thomas et al.
2013); well above it, the comparison flips back. Neither preset is fitted to data.
"""

LIMITED_BETA_CELL_RESERVE = 1.1
"""β-cell capacity (relative to a reference person's secretion) of the "limited reserve" readout."""

AMPLE_BETA_CELL_RESERVE = 3.0
"""β-cell capacity of the "ample reserve" readout: enough for any sensitivity above 1/3."""


def response_curve(name: str) -> GHParameters:
    """The :class:`GHParameters` of a named response-curve preset (qualitative teaching model).

    Parameters
    ----------
    name : {"saturating", "sigmoidal"}
        A key of :data:`RESPONSE_CURVES`.

    Raises
    ------
    ValueError
        If ``name`` is not a preset.

    Examples
    --------
    >>> response_curve("sigmoidal").lipolysis_hill
    3.0
    """
    if not isinstance(name, str) or name not in RESPONSE_CURVES:
        raise ValueError(f"name must be one of {tuple(RESPONSE_CURVES)}; got {name!r}")
    return RESPONSE_CURVES[name]


@dataclass(frozen=True)
class GlucoseReadout:
    """Insulin needed and fasting glucose for a time course of relative insulin sensitivity.

    Qualitative teaching readout (see :func:`glucose_readout`); arrays share one length.

    Attributes
    ----------
    insulin_sensitivity_relative : numpy.ndarray
        The input: insulin sensitivity relative to the same person without extra GH.
    beta_cell_capacity : float
        The most insulin the β-cells can secrete, relative to the reference secretion.
    required_secretion : numpy.ndarray
        Secretion that would hold glucose at the set point: 1 / sensitivity (the hyperbola).
    secretion : numpy.ndarray
        Secretion delivered: the required secretion, capped at the capacity.
    fasting_glucose_mmol_l : numpy.ndarray
        Fasting glucose from the teaching rule of :mod:`insulinlab.hyperbola`, mmol/L.
    """

    insulin_sensitivity_relative: np.ndarray
    beta_cell_capacity: float
    required_secretion: np.ndarray
    secretion: np.ndarray
    fasting_glucose_mmol_l: np.ndarray

    @property
    def compensated(self) -> bool:
        """True when the β-cells deliver the required secretion at every moment."""
        return bool(np.all(self.required_secretion <= self.beta_cell_capacity))


def glucose_readout(
    insulin_sensitivity_relative: float | np.ndarray,
    beta_cell_capacity: float = LIMITED_BETA_CELL_RESERVE,
) -> GlucoseReadout:
    """Insulin secretion needed and fasting glucose for the GH model's insulin sensitivity.

    A qualitative teaching readout: the steady-state rule of :mod:`insulinlab.hyperbola`
    (reference person: sensitivity 1, secretion 1, glucose at the set point of 5.0 mmol/L) is
    applied at every moment, as if glucose settled instantly (quasi-steady state). While the
    required secretion ``1 / sensitivity`` is within ``beta_cell_capacity`` glucose stays at the
    set point and only insulin rises; beyond it glucose rises. Not a prediction for anyone.

    Parameters
    ----------
    insulin_sensitivity_relative : float or array of float
        Relative insulin sensitivity, each value in (0, 10], e.g.
        ``GHSimulation.insulin_sensitivity_relative``.
    beta_cell_capacity : float, optional
        Largest secretion the β-cells can deliver, relative to the reference, in (0, 100];
        :data:`LIMITED_BETA_CELL_RESERVE` (1.1) by default, :data:`AMPLE_BETA_CELL_RESERVE` (3.0)
        for a person with plenty of reserve.

    Returns
    -------
    GlucoseReadout

    Raises
    ------
    ValueError
        If a sensitivity is not a finite number in (0, 10] or the capacity is out of range.

    Source
    ------
    Hyperbolic law: Kahn et al. 1993; Bergman 2021 (see :mod:`insulinlab.hyperbola`). Glucose
    rule: a teaching relation, not a published model.

    Examples
    --------
    >>> readout = glucose_readout([1.0, 0.75], beta_cell_capacity=3.0)
    >>> readout.fasting_glucose_mmol_l.tolist(), readout.secretion.round(3).tolist()
    ([5.0, 5.0], [1.0, 1.333])
    >>> round(float(glucose_readout(0.75).fasting_glucose_mmol_l[0]), 2)
    5.76
    """
    values = insulin_sensitivity_relative
    if np.ndim(values) == 0 and not isinstance(values, (str, bytes)):
        values = [values]
    # The hyperbola module's own check: a non-empty 1-D array of numbers in (0, 10].
    sensitivity = hyperbola._sensitivity_array(values, "insulin_sensitivity_relative")
    capacity = check_range(
        "beta_cell_capacity", beta_cell_capacity, 0.0, 100.0, "(relative)", low_inclusive=False
    )
    required = hyperbola.hyperbola_curve(hyperbola.REFERENCE_DISPOSITION_INDEX, sensitivity)
    glucose = hyperbola.glucose_curve(sensitivity, capacity)
    return GlucoseReadout(
        insulin_sensitivity_relative=sensitivity,
        beta_cell_capacity=capacity,
        required_secretion=required,
        secretion=np.minimum(required, capacity),
        fasting_glucose_mmol_l=glucose,
    )


def _check_whole_days(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number of days in [{low}, {high}]; got {value!r}")
    check_range(name, value, low, high, "days")
    return int(value)


# --------------------------------------------------------------------------------------------
# Model equations
# --------------------------------------------------------------------------------------------


def _lipolysis(signal: np.ndarray, params: GHParameters, block: float) -> np.ndarray:
    """Lipolysis relative to basal for a (non-negative) lipolytic signal."""
    powered = np.power(np.maximum(signal, 0.0), params.lipolysis_hill)
    saturation = powered / (powered + params.lipolysis_ec50**params.lipolysis_hill)
    return 1.0 + params.max_lipolysis_increase * saturation * (1.0 - block)


def _make_rhs(
    profile: GHProfile | None, params: GHParameters, block: float
) -> Callable[[float, np.ndarray], list[float]]:
    """Right-hand side of the model ODE; ``profile=None`` means no extra GH (after the profile)."""
    # Plain floats and inlined formulas: this function runs thousands of times per simulation.
    gh_at = profile.level_at if profile is not None else _no_gh
    inv_tau_s = 1.0 / params.signal_delay_hours
    inv_tau_f = 1.0 / params.ffa_time_constant_hours
    inv_tau_i = 1.0 / params.insulin_sensitivity_time_constant_hours
    inv_tau_igf = 1.0 / params.igf1_time_constant_hours
    hill = params.lipolysis_hill
    ec50_n = params.lipolysis_ec50**hill
    gain = params.max_lipolysis_increase * (1.0 - block)
    beta = params.ffa_effect_on_insulin_sensitivity
    igf_max = params.igf1_max_increase
    igf_ec50 = params.igf1_ec50

    def rhs(t: float, y: np.ndarray) -> list[float]:
        signal, ffa, sensitivity, igf1 = y.tolist()
        signal = max(signal, 0.0)
        powered = signal**hill
        lipolysis = 1.0 + gain * powered / (powered + ec50_n)
        target_sensitivity = (1.0 + beta) / (1.0 + beta * max(ffa, 0.0))
        return [
            (gh_at(t) - signal) * inv_tau_s,
            (lipolysis - ffa) * inv_tau_f,
            (target_sensitivity - sensitivity) * inv_tau_i,
            (1.0 + igf_max * signal / (signal + igf_ec50) - igf1) * inv_tau_igf,
        ]

    return rhs


_MAX_STEP_EXPONENTIAL_HOURS = 0.01
"""Largest internal step of the exponential integrator, in hours (36 s)."""


def _first_order(u: np.ndarray, dt: float, tau: float, x0: float) -> np.ndarray:
    """Exact solution of dx/dt = (u − x)/τ on a uniform grid, u linear between grid points.

    Over one step, x₁ = a·x₀ + (r − a)·u₀ + (1 − r)·u₁ with a = e^(−dt/τ) and
    r = (τ/dt)(1 − a); run as an IIR filter by :func:`scipy.signal.lfilter`.
    """
    a = math.exp(-dt / tau)
    r = -math.expm1(-dt / tau) * tau / dt
    b0, b1 = 1.0 - r, r - a
    result, _ = lfilter([b0, b1], [1.0, -a], u, zi=[x0 - b0 * u[0]])
    return result


def _integrate_exponential(
    profile: GHProfile,
    params: GHParameters,
    block: float,
    edges: list[float],
    t_hours: np.ndarray,
) -> np.ndarray:
    max_dt = _MAX_STEP_EXPONENTIAL_HOURS
    if profile.kind == "pulsatile":
        max_dt = min(max_dt, profile.max_step_hours / 20.0)
    state = (0.0, 1.0, 1.0, 1.0)
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    for start, stop in zip(edges[:-1], edges[1:], strict=True):
        steps = max(math.ceil((stop - start) / max_dt), 1)
        fine = np.linspace(start, stop, steps + 1)
        dt = (stop - start) / steps
        gh = profile.on_grid(fine)
        if start >= profile.window_hours:
            gh[:] = 0.0  # after the profile: no extra GH (also at the switching point)
        signal = _first_order(gh, dt, params.signal_delay_hours, state[0])
        lipolysis = _lipolysis(signal, params, block)
        ffa = _first_order(lipolysis, dt, params.ffa_time_constant_hours, state[1])
        beta = params.ffa_effect_on_insulin_sensitivity
        target = (1.0 + beta) / (1.0 + beta * np.maximum(ffa, 0.0))
        sensitivity = _first_order(
            target, dt, params.insulin_sensitivity_time_constant_hours, state[2]
        )
        positive = np.maximum(signal, 0.0)
        igf_target = 1.0 + params.igf1_max_increase * positive / (positive + params.igf1_ec50)
        igf1 = _first_order(igf_target, dt, params.igf1_time_constant_hours, state[3])
        states = np.vstack([signal, ffa, sensitivity, igf1])
        pieces.append((fine, states))
        state = tuple(states[:, -1])
    fine_t = np.concatenate([p[0] if k == 0 else p[0][1:] for k, p in enumerate(pieces)])
    fine_y = np.hstack([p[1] if k == 0 else p[1][:, 1:] for k, p in enumerate(pieces)])
    return np.vstack([np.interp(t_hours, fine_t, row) for row in fine_y])


def _integrate_lsoda(
    profile: GHProfile,
    params: GHParameters,
    block: float,
    edges: list[float],
    t_hours: np.ndarray,
) -> np.ndarray:
    y = np.array([0.0, 1.0, 1.0, 1.0])
    out = np.empty((4, t_hours.size))
    for start, stop in zip(edges[:-1], edges[1:], strict=True):
        profile_on = start < profile.window_hours
        rhs = _make_rhs(profile if profile_on else None, params, block)
        last = stop == edges[-1]
        mask = (t_hours >= start) & ((t_hours <= stop) if last else (t_hours < stop))
        grid = t_hours[mask]
        grid_with_end = np.append(grid, stop) if (grid.size == 0 or grid[-1] < stop) else grid
        solution = solve_ivp(
            rhs,
            (start, stop),
            y,
            method="LSODA",
            t_eval=grid_with_end,
            rtol=1e-8,
            atol=1e-10,
            max_step=profile.max_step_hours if profile_on else math.inf,
        )
        if not solution.success:
            raise RuntimeError(f"GH integration failed: {solution.message}")
        out[:, mask] = solution.y[:, : grid.size]
        y = solution.y[:, -1]
    return out


def _no_gh(t_hours: float) -> float:
    return 0.0


def _time_average(t: np.ndarray, values: np.ndarray, start: float) -> float:
    """Trapezoidal time average of ``values`` over ``t ≥ start`` (start must be a grid point)."""
    keep = t >= start - 1e-9
    return float(np.trapezoid(values[keep], t[keep]) / (t[-1] - t[keep][0]))
