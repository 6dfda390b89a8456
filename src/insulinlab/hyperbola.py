"""The hyperbolic law of insulin sensitivity and secretion, and a teaching model of fasting glucose.

**Status: a qualitative teaching model** built on Bergman's hyperbolic law (chapter 02). It
shows *why* glucose stays normal while the β-cells can compensate for falling insulin
sensitivity, and why it climbs once they cannot. It is not calibrated to anyone, predicts no
one's glucose and diagnoses nothing.

Units: everything relative to a healthy reference person
--------------------------------------------------------
- **Insulin sensitivity** (``insulin_sensitivity``): the effect of one unit of insulin, as a
  multiple of the reference person's (1.0 = reference, 0.5 = the same insulin does half as
  much). Research measures it, for example, as the minimal-model index SI from an intravenous
  glucose tolerance test (×10⁻⁴ min⁻¹ per µU/mL) or with a clamp; dividing a person's value by
  a reference value gives the relative number used here.
- **Insulin secretion** (``insulin_secretion``) and **β-cell capacity**
  (``beta_cell_capacity``): insulin released by the β-cells, and the most they can release, as
  multiples of the reference person's secretion (2.0 = twice as much). Research measures
  secretion, for example, as the acute insulin response to glucose, AIRg (µU/mL·min).
- **Disposition index** (``disposition_index``): sensitivity × secretion, a pure number here
  (1.0 = reference). With SI and AIRg in their research units the product has awkward units
  and large numbers, which is why the course works in relative units.
- **Fasting glucose**: mmol/L (multiply by 18.016 for mg/dL).

The hyperbolic law
------------------
Among people with similar glucose tolerance, insulin secretion rises as insulin sensitivity
falls, so that their product stays roughly constant: ``sensitivity × secretion = DI``. Plotted
as secretion against sensitivity, the people lie on a rectangular hyperbola; halve the
sensitivity and the secretion needed doubles (:func:`required_secretion`). Kahn et al. found
the relation in 93 healthy people (*Diabetes* 1993;42:1663–72,
doi:10.2337/diab.42.11.1663); Bergman named the product the disposition index, the
β-cells' ability to compensate for insulin resistance, which predicts type 2 diabetes
(Bergman 2021, *Front Endocrinol* 11:583016, doi:10.3389/fendo.2020.583016). People who
progressed to diabetes fell off the curve: their insulin response declined while their
sensitivity fell (Weyer et al. 1999, *J Clin Invest* 104:787–94, doi:10.1172/JCI7231).

The teaching relation for fasting glucose (qualitative, not from a paper)
-------------------------------------------------------------------------
A steady state of supply and removal, in the spirit of HOMA and the minimal model:

- the liver supplies glucose at a fixed rate, chosen so that the reference person sits at the
  set point ``set_point_mmol_l`` (default 5.0 mmol/L);
- the body removes glucose in proportion to glucose itself, through an insulin-independent
  part (share ``s``, default 0.25) and an insulin-dependent part that grows with
  sensitivity × secretion;
- the β-cells secrete what holding the set point requires, ``target DI / sensitivity``, up to
  their capacity.

With ``r = sensitivity × secretion / target DI`` (1 while the β-cells keep up, below 1 once
they are capped), the balance gives::

    fasting glucose = set point / (s + (1 − s) · r)

So glucose stays exactly at the set point while compensation works, and rises smoothly and
monotonically once the required secretion exceeds the capacity; it can never exceed
``set point / s`` (20 mmol/L with the defaults). The numbers are illustrative: the share ``s``
is a teaching choice, not a measured quantity; the liver's own insulin resistance, the
β-cells' response to higher glucose, glucotoxicity and the decline of capacity over years
(see :mod:`insulinlab.topp`) are all left out.

For education only; not medical advice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from insulinlab._validate import check_range

MODEL_STATUS = (
    "Teaching model: relative units (1.0 = a healthy reference person); the glucose rule is "
    "qualitative and predicts no one's glucose."
)
"""One sentence to show wherever the model's numbers are displayed."""

REFERENCE_SENSITIVITY = 1.0
"""Insulin sensitivity of the healthy reference person (relative units)."""

REFERENCE_SECRETION = 1.0
"""Insulin secretion of the healthy reference person (relative units)."""

REFERENCE_DISPOSITION_INDEX = REFERENCE_SENSITIVITY * REFERENCE_SECRETION
"""Disposition index of the healthy reference person: 1.0."""

GLUCOSE_SET_POINT_MMOL_L = 5.0
"""Fasting glucose the teaching model holds while the β-cells keep up, mmol/L (90 mg/dL)."""

INSULIN_INDEPENDENT_SHARE = 0.25
"""Share of glucose removal at the set point that does not depend on insulin (teaching choice)."""

SENSITIVITY_RANGE = (0.0, 10.0)
"""Accepted insulin sensitivity, relative units: above 0, at most 10× the reference."""

SECRETION_RANGE = (0.0, 100.0)
"""Accepted insulin secretion and β-cell capacity, relative units: above 0, at most 100×."""

DISPOSITION_INDEX_RANGE = (0.0, 100.0)
"""Accepted disposition index, relative units: above 0, at most 100."""

SET_POINT_RANGE_MMOL_L = (3.0, 8.0)
"""Accepted glucose set point, mmol/L."""

SHARE_RANGE = (0.05, 0.95)
"""Accepted insulin-independent share of glucose removal."""


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _sensitivity(value: object, name: str = "insulin_sensitivity") -> float:
    low, high = SENSITIVITY_RANGE
    return check_range(name, value, low, high, "(relative, 1 = reference)", low_inclusive=False)


def _secretion(value: object, name: str) -> float:
    low, high = SECRETION_RANGE
    return check_range(name, value, low, high, "(relative, 1 = reference)", low_inclusive=False)


def _disposition_index(value: object, name: str = "disposition_index") -> float:
    low, high = DISPOSITION_INDEX_RANGE
    return check_range(name, value, low, high, "(relative, 1 = reference)", low_inclusive=False)


def _set_point(value: object) -> float:
    return check_range("set_point_mmol_l", value, *SET_POINT_RANGE_MMOL_L, "mmol/L")


def _share(value: object) -> float:
    return check_range("insulin_independent_share", value, *SHARE_RANGE, "(fraction)")


def _sensitivity_array(sensitivities: object, name: str = "sensitivities") -> np.ndarray:
    """``sensitivities`` as a non-empty 1-D float array, every value in the accepted range."""
    low, high = SENSITIVITY_RANGE
    accepted = f"a non-empty 1-D sequence of numbers in ({low:g}, {high:g}] (relative)"
    if isinstance(sensitivities, (str, bytes)):
        raise ValueError(f"{name} must be {accepted}; got {sensitivities!r}")
    try:
        values = np.asarray(sensitivities, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {accepted}; got {sensitivities!r}") from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"{name} must be {accepted}; got shape {values.shape}")
    if np.asarray(sensitivities).dtype == bool:
        raise ValueError(f"{name} must be {accepted}; got booleans")
    bad = ~np.isfinite(values) | (values <= low) | (values > high)
    if bad.any():
        raise ValueError(f"{name} must be {accepted}; got {values[bad][0]:g}")
    return values


# --------------------------------------------------------------------------------------------
# The hyperbolic law
# --------------------------------------------------------------------------------------------


def disposition_index(insulin_sensitivity: float, insulin_secretion: float) -> float:
    """Disposition index: insulin sensitivity × insulin secretion.

    Parameters
    ----------
    insulin_sensitivity : float
        Relative to the healthy reference (1.0), in (0, 10].
    insulin_secretion : float
        Relative to the healthy reference (1.0), in (0, 100].

    Returns
    -------
    float
        The product, relative to the reference person's (1.0). People on one hyperbola share
        it; a lower value means β-cells that compensate less well.

    Raises
    ------
    ValueError
        If either argument is not a finite number in its range (the message names it).

    Source
    ------
    Kahn et al. 1993, *Diabetes* 42:1663–72; Bergman 2021, *Front Endocrinol* 11:583016.

    Examples
    --------
    >>> disposition_index(0.5, 2.0)
    1.0
    """
    sensitivity = _sensitivity(insulin_sensitivity)
    secretion = _secretion(insulin_secretion, "insulin_secretion")
    return sensitivity * secretion


def required_secretion(
    insulin_sensitivity: float, disposition_index: float = REFERENCE_DISPOSITION_INDEX
) -> float:
    """The insulin secretion that keeps a person on the hyperbola: DI / sensitivity.

    Parameters
    ----------
    insulin_sensitivity : float
        Relative to the healthy reference (1.0), in (0, 10].
    disposition_index : float, default 1.0
        The hyperbola to stay on, relative to the reference, in (0, 100].

    Returns
    -------
    float
        Secretion relative to the reference. Halving the sensitivity doubles it.

    Raises
    ------
    ValueError
        If either argument is not a finite number in its range (the message names it).

    Source
    ------
    Kahn et al. 1993; Bergman 2021.

    Examples
    --------
    >>> required_secretion(1.0), required_secretion(0.5), required_secretion(0.25)
    (1.0, 2.0, 4.0)
    """
    sensitivity = _sensitivity(insulin_sensitivity)
    index = _disposition_index(disposition_index)
    return index / sensitivity


def hyperbola_curve(disposition_index: float, sensitivities: Sequence[float]) -> np.ndarray:
    """The secretion on the hyperbola ``DI`` at each sensitivity, for plotting.

    Parameters
    ----------
    disposition_index : float
        The hyperbola, relative to the reference, in (0, 100].
    sensitivities : sequence of float
        Insulin sensitivities, each in (0, 10] (relative).

    Returns
    -------
    numpy.ndarray
        ``disposition_index / sensitivities``, same length as ``sensitivities``.

    Raises
    ------
    ValueError
        If ``disposition_index`` is out of range, or ``sensitivities`` is empty, not 1-D, or
        holds a value out of range.

    Examples
    --------
    >>> hyperbola_curve(1.0, [0.5, 1.0, 2.0]).tolist()
    [2.0, 1.0, 0.5]
    """
    index = _disposition_index(disposition_index)
    values = _sensitivity_array(sensitivities)
    return index / values


def compensation_limit(
    beta_cell_capacity: float, disposition_index: float = REFERENCE_DISPOSITION_INDEX
) -> float:
    """The lowest sensitivity at which the β-cells can still keep up: DI / capacity.

    Below this sensitivity the required secretion exceeds the capacity.

    Raises
    ------
    ValueError
        If either argument is not a finite number in its range (the message names it).

    Examples
    --------
    >>> compensation_limit(2.0)
    0.5
    """
    capacity = _secretion(beta_cell_capacity, "beta_cell_capacity")
    index = _disposition_index(disposition_index)
    return index / capacity


# --------------------------------------------------------------------------------------------
# The teaching relation: cap the β-cells, watch glucose climb
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SteadyState:
    """One person's steady state in the teaching model (relative units; glucose in mmol/L).

    Attributes
    ----------
    insulin_sensitivity, beta_cell_capacity, target_disposition_index : float
        The inputs.
    required_secretion : float
        Secretion needed to hold the set point: target DI / sensitivity.
    secretion : float
        Secretion delivered: the required secretion, capped at the capacity.
    disposition_index : float
        Achieved disposition index: sensitivity × delivered secretion.
    shortfall : float
        Required minus delivered secretion (0 while the β-cells keep up).
    compensated : bool
        True while the β-cells can deliver all the required secretion.
    fasting_glucose_mmol_l : float
        Steady fasting glucose from the teaching relation, mmol/L.
    """

    insulin_sensitivity: float
    beta_cell_capacity: float
    target_disposition_index: float
    required_secretion: float
    secretion: float
    disposition_index: float
    shortfall: float
    compensated: bool
    fasting_glucose_mmol_l: float


def _glucose_from_ratio(ratio: float, set_point: float, share: float) -> float:
    """Set point / (s + (1 − s) · r): the balance of fixed supply and removal."""
    return set_point / (share + (1.0 - share) * ratio)


def steady_state(
    insulin_sensitivity: float,
    beta_cell_capacity: float,
    *,
    target_disposition_index: float = REFERENCE_DISPOSITION_INDEX,
    set_point_mmol_l: float = GLUCOSE_SET_POINT_MMOL_L,
    insulin_independent_share: float = INSULIN_INDEPENDENT_SHARE,
) -> SteadyState:
    """Compensation and fasting glucose for one sensitivity and one β-cell capacity.

    Parameters
    ----------
    insulin_sensitivity : float
        Relative to the healthy reference (1.0), in (0, 10].
    beta_cell_capacity : float
        The most insulin the β-cells can secrete, relative to the reference person's
        secretion, in (0, 100].
    target_disposition_index : float, default 1.0
        Sensitivity × secretion that holds glucose at the set point, in (0, 100].
    set_point_mmol_l : float, default 5.0
        Fasting glucose while the β-cells keep up, in [3, 8] mmol/L.
    insulin_independent_share : float, default 0.25
        Share of glucose removal at the set point that needs no insulin, in [0.05, 0.95]; it
        caps glucose at ``set_point_mmol_l / insulin_independent_share``.

    Returns
    -------
    SteadyState
        Required and delivered secretion, achieved disposition index, shortfall and fasting
        glucose.

    Raises
    ------
    ValueError
        If any argument is not a finite number in its range (the message names it).

    Source
    ------
    Hyperbola: Kahn et al. 1993; Bergman 2021. Glucose rule: a qualitative teaching relation
    (see the module docstring), not a published model.

    Examples
    --------
    >>> state = steady_state(0.4, 3.0)
    >>> round(state.required_secretion, 2), state.compensated, state.fasting_glucose_mmol_l
    (2.5, True, 5.0)
    >>> state = steady_state(0.4, 1.6)
    >>> round(state.disposition_index, 2), round(state.fasting_glucose_mmol_l, 2)
    (0.64, 6.85)
    """
    sensitivity = _sensitivity(insulin_sensitivity)
    capacity = _secretion(beta_cell_capacity, "beta_cell_capacity")
    target = _disposition_index(target_disposition_index, "target_disposition_index")
    set_point = _set_point(set_point_mmol_l)
    share = _share(insulin_independent_share)
    required = target / sensitivity
    compensated = required <= capacity
    secretion = required if compensated else capacity
    achieved = sensitivity * secretion
    glucose = set_point if compensated else _glucose_from_ratio(achieved / target, set_point, share)
    return SteadyState(
        insulin_sensitivity=sensitivity,
        beta_cell_capacity=capacity,
        target_disposition_index=target,
        required_secretion=required,
        secretion=secretion,
        disposition_index=achieved,
        shortfall=required - secretion,
        compensated=compensated,
        fasting_glucose_mmol_l=glucose,
    )


def fasting_glucose_mmol_l(
    insulin_sensitivity: float,
    beta_cell_capacity: float,
    *,
    target_disposition_index: float = REFERENCE_DISPOSITION_INDEX,
    set_point_mmol_l: float = GLUCOSE_SET_POINT_MMOL_L,
    insulin_independent_share: float = INSULIN_INDEPENDENT_SHARE,
) -> float:
    """Fasting glucose (mmol/L) from the teaching relation; see :func:`steady_state`.

    Raises
    ------
    ValueError
        If any argument is not a finite number in its range (the message names it).

    Examples
    --------
    >>> fasting_glucose_mmol_l(1.0, 2.0), fasting_glucose_mmol_l(0.25, 2.0)
    (5.0, 8.0)
    """
    return steady_state(
        insulin_sensitivity,
        beta_cell_capacity,
        target_disposition_index=target_disposition_index,
        set_point_mmol_l=set_point_mmol_l,
        insulin_independent_share=insulin_independent_share,
    ).fasting_glucose_mmol_l


def glucose_curve(
    sensitivities: Sequence[float],
    beta_cell_capacity: float,
    *,
    target_disposition_index: float = REFERENCE_DISPOSITION_INDEX,
    set_point_mmol_l: float = GLUCOSE_SET_POINT_MMOL_L,
    insulin_independent_share: float = INSULIN_INDEPENDENT_SHARE,
) -> np.ndarray:
    """Fasting glucose (mmol/L) at each sensitivity for one capacity, for plotting.

    Raises
    ------
    ValueError
        If ``sensitivities`` is empty, not 1-D or holds a value out of range, or another
        argument is out of range.

    Examples
    --------
    >>> glucose_curve([0.25, 0.5, 1.0], 2.0).tolist()
    [8.0, 5.0, 5.0]
    """
    values = _sensitivity_array(sensitivities)
    capacity = _secretion(beta_cell_capacity, "beta_cell_capacity")
    target = _disposition_index(target_disposition_index, "target_disposition_index")
    set_point = _set_point(set_point_mmol_l)
    share = _share(insulin_independent_share)
    ratio = np.minimum(values * capacity / target, 1.0)
    return set_point / (share + (1.0 - share) * ratio)


# --------------------------------------------------------------------------------------------
# Teaching people and published numbers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeachingPerson:
    """A named point for the chapter's figure (relative units; not a real person)."""

    id: str
    label: str
    insulin_sensitivity: float
    beta_cell_capacity: float

    def state(self) -> SteadyState:
        """This person's :class:`SteadyState` with the default teaching settings."""
        return steady_state(self.insulin_sensitivity, self.beta_cell_capacity)


TEACHING_PEOPLE: tuple[TeachingPerson, ...] = (
    TeachingPerson("healthy", "Healthy", 1.0, 3.0),
    TeachingPerson("compensating", "Compensating", 0.4, 3.0),
    TeachingPerson("failing", "Failing to compensate", 0.4, 1.6),
)
"""Three illustrative people: on the hyperbola, further along it, and below it."""


WHITEHALL_II_REPORTED: Mapping[str, tuple[tuple[float, float], ...]] = MappingProxyType(
    {
        "homa_beta_percent": ((-4.0, 85.0), (-3.0, 92.6), (0.0, 62.4)),
        "fasting_glucose_mmol_l": ((-3.0, 5.79), (0.0, 7.40)),
        "two_hour_glucose_mmol_l": ((-3.0, 7.60), (0.0, 11.90)),
    }
)
"""Values reported in the Whitehall II abstract, as (years relative to diagnosis, value) pairs.

Group averages from the study's multilevel models for the 505 people who developed type 2
diabetes (6,538 civil servants followed for a median of 9.7 years): HOMA β-cell function (%),
fasting glucose and 2-h glucose after a 75-g glucose drink (mmol/L). Only these published
points are stored; the study's fitted curves are not reproduced.

Source: Tabák et al. 2009, *Lancet* 373:2215–21, doi:10.1016/S0140-6736(09)60619-X.
"""


__all__ = [
    "DISPOSITION_INDEX_RANGE",
    "GLUCOSE_SET_POINT_MMOL_L",
    "INSULIN_INDEPENDENT_SHARE",
    "MODEL_STATUS",
    "REFERENCE_DISPOSITION_INDEX",
    "REFERENCE_SECRETION",
    "REFERENCE_SENSITIVITY",
    "SECRETION_RANGE",
    "SENSITIVITY_RANGE",
    "SET_POINT_RANGE_MMOL_L",
    "SHARE_RANGE",
    "TEACHING_PEOPLE",
    "WHITEHALL_II_REPORTED",
    "SteadyState",
    "TeachingPerson",
    "compensation_limit",
    "disposition_index",
    "fasting_glucose_mmol_l",
    "glucose_curve",
    "hyperbola_curve",
    "required_secretion",
    "steady_state",
]
