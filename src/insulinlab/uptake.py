"""Muscle glucose uptake through two paths: insulin signalling and muscle contraction.

Chapter 06 (movement) teaches one idea with it: *uptake = insulin path + contraction path;
impair the insulin path and exercise still works.* The model is qualitative and steady-state::

    insulin path      = signalling · Vmax_ins · I^h / (EC50_ins^h + I^h)
    contraction path  = Vmax_con · e^k / (EC50_con^k + e^k)
    total             = insulin path + contraction path

with I the plasma insulin (µU/mL), ``signalling`` in [0, 1] the efficiency of insulin
signalling (1 = healthy muscle, lower = insulin resistance) and e the exercise intensity as a
fraction of VO2max in [0, 1]. Uptakes are in mg glucose per kg body weight per min.

Sources
-------
- Skeletal muscle takes up about 80–90 % of the glucose infused during a euglycaemic–
  hyperinsulinaemic clamp, so clamp sensitivity mostly reflects muscle: DeFronzo RA & Tripathy
  D, *Diabetes Care* 2009;32(Suppl 2):S157 (FACTS.md §A1.2).
- Contraction raises muscle glucose uptake through signals separate from the insulin
  pathway, so it works in insulin-resistant muscle: Stanford KI & Goodyear LJ, *Adv Physiol
  Educ* 2014;38:308–14, doi:10.1152/advan.00080.2014; Sylow L et al., *Nat Rev Endocrinol*
  2017;13:133–148, doi:10.1038/nrendo.2016.162 (FACTS.md §A2.4).
- AMPK is not strictly needed *during* contraction; AMPK→TBC1D1 keeps uptake high *after*
  exercise: Kjøbsted R et al., *Diabetes* 2019;68(7):1427. So the contraction path here is
  "contraction signals" (Ca²⁺, Rac1, mechanical stress, ROS/NO, with AMPK contributing), not
  "AMPK".

Teaching simplifications
------------------------
- Every parameter is a teaching value chosen for the right order of magnitude, not fitted to
  data: Vmax_ins = 10 mg/kg/min with EC50 60 µU/mL and h = 1.5 gives ≈ 7 mg/kg/min at a
  clamp insulin of 100 µU/mL (clamp glucose disposal in healthy adults is of the order of
  5–10 mg/kg/min; FROM MEMORY); Vmax_con = 12 mg/kg/min with EC50 0.6 VO2max and k = 2 gives
  ≈ 5 mg/kg/min at 50 % VO2max (FROM MEMORY, order of magnitude).
- The paths add. In muscle the effects of insulin and contraction are additive or more,
  and exercise raises insulin sensitivity for hours afterwards (the AMPK–TBC1D1 after-effect
  of Kjøbsted 2019); neither is modelled.
- No basal (insulin- and contraction-independent, GLUT1) uptake, no glucose concentration
  dependence (glucose is taken as held constant, as in a clamp), no training effect (more
  GLUT4, more mitochondria), no time course: a steady state at each intensity.

Inputs outside a possible range raise ``ValueError`` naming the argument and the accepted
range. For education only; not medical advice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from insulinlab._validate import check_range
from insulinlab.units import INSULIN_RANGE_UU_ML

UNIT = "mg/kg/min"
"""Unit of every uptake: mg glucose per kg body weight per minute."""


@dataclass(frozen=True)
class UptakeParams:
    """Teaching parameters of the two-path uptake model (order of magnitude only).

    Parameters
    ----------
    insulin_vmax_mg_per_kg_min : float
        Maximal insulin-stimulated uptake with full signalling, in (0, 100] mg/kg/min.
    insulin_ec50_uu_ml : float
        Insulin giving half the maximal insulin path, in (0, 1000] µU/mL.
    insulin_hill : float
        Steepness of the insulin response, in (0, 10].
    contraction_vmax_mg_per_kg_min : float
        Maximal contraction-stimulated uptake, in (0, 100] mg/kg/min.
    contraction_ec50_fraction : float
        Intensity (fraction of VO2max) giving half the maximal contraction path, in (0, 1].
    contraction_hill : float
        Steepness of the intensity response, in (0, 10].

    Raises
    ------
    ValueError
        If a field is out of its range; the message names the field.
    """

    insulin_vmax_mg_per_kg_min: float = 10.0
    insulin_ec50_uu_ml: float = 60.0
    insulin_hill: float = 1.5
    contraction_vmax_mg_per_kg_min: float = 12.0
    contraction_ec50_fraction: float = 0.6
    contraction_hill: float = 2.0

    def __post_init__(self) -> None:
        ranges = {
            "insulin_vmax_mg_per_kg_min": (100.0, UNIT),
            "insulin_ec50_uu_ml": (1000.0, "µU/mL"),
            "insulin_hill": (10.0, ""),
            "contraction_vmax_mg_per_kg_min": (100.0, UNIT),
            "contraction_ec50_fraction": (1.0, "of VO2max"),
            "contraction_hill": (10.0, ""),
        }
        for name, (high, unit) in ranges.items():
            value = check_range(name, getattr(self, name), 0.0, high, unit, low_inclusive=False)
            object.__setattr__(self, name, value)


DEFAULT_PARAMS = UptakeParams()
"""The teaching parameter set described in the module docstring."""


@dataclass(frozen=True)
class UptakeResult:
    """Muscle glucose uptake by path, in mg/kg/min (floats, or read-only arrays if any input
    was an array).

    Attributes
    ----------
    insulin_path_mg_per_kg_min : float or numpy.ndarray
        Uptake driven by insulin signalling.
    contraction_path_mg_per_kg_min : float or numpy.ndarray
        Uptake driven by muscle contraction; independent of insulin and insulin signalling.
    total_mg_per_kg_min : float or numpy.ndarray
        The sum of the two paths.
    """

    insulin_path_mg_per_kg_min: float | np.ndarray
    contraction_path_mg_per_kg_min: float | np.ndarray
    total_mg_per_kg_min: float | np.ndarray

    @property
    def contraction_share(self) -> float | np.ndarray:
        """Fraction of the total from contraction, in [0, 1]; 0 where the total is 0."""
        total = np.asarray(self.total_mg_per_kg_min, dtype=float)
        contraction = np.asarray(self.contraction_path_mg_per_kg_min, dtype=float)
        share = np.divide(contraction, total, out=np.zeros_like(total), where=total > 0)
        return float(share) if share.ndim == 0 else share


def _checked_array(name: str, value: object, low: float, high: float, unit: str) -> np.ndarray:
    """``value`` as a float array with every element in [low, high]; else ValueError (via
    :func:`check_range`, so the message is the same as for a scalar)."""
    if isinstance(value, bool | np.bool_) or (
        isinstance(value, np.ndarray) and value.dtype == bool
    ):
        check_range(name, value, low, high, unit)  # rejects booleans with the usual message
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a number or an array of numbers in [{low:g}, {high:g}] {unit}; "
            f"got {value!r}"
        ) from None
    bad = ~((array >= low) & (array <= high))  # NaN compares False, so it is caught here
    if np.any(bad):
        check_range(name, float(array[bad].flat[0]), low, high, unit)
    return array


def _hill(x: np.ndarray, ec50: float, hill: float) -> np.ndarray:
    """x^h / (ec50^h + x^h), in [0, 1), for x ≥ 0."""
    powered = np.power(x, hill)
    return powered / (ec50**hill + powered)


def muscle_glucose_uptake(
    insulin_uu_ml: float | np.ndarray,
    insulin_signalling: float | np.ndarray = 1.0,
    exercise_intensity: float | np.ndarray = 0.0,
    params: UptakeParams = DEFAULT_PARAMS,
) -> UptakeResult:
    """Steady-state muscle glucose uptake = insulin path + contraction path (mg/kg/min).

    Parameters
    ----------
    insulin_uu_ml : float or array_like
        Plasma insulin, in [0, 1000] µU/mL (fasting ≈ 5–10, a clamp ≈ 100).
    insulin_signalling : float or array_like, optional
        Efficiency of muscle insulin signalling, in [0, 1]: 1 = healthy (default), 0.3 =
        severe insulin resistance, 0 = none. Scales the insulin path only.
    exercise_intensity : float or array_like, optional
        Exercise intensity as a fraction of VO2max, in [0, 1]; 0 = rest (default). Drives the
        contraction path only.
    params : UptakeParams, optional
        Teaching parameters (order of magnitude only); default :data:`DEFAULT_PARAMS`.

    Returns
    -------
    UptakeResult
        Both paths and the total, in mg glucose per kg body weight per min. Floats if every
        input is a scalar; otherwise read-only arrays of the broadcast shape of the inputs.

    Raises
    ------
    ValueError
        If an input (or any element of an array input) is NaN, infinite, not a number or out
        of its range, if the array shapes cannot be broadcast together, or if ``params`` is not
        an :class:`UptakeParams`; the message names the argument.

    Notes
    -----
    The insulin path is a Hill function of insulin (monotone, saturating at
    ``signalling × Vmax_ins``); the contraction path is a Hill function of intensity and does
    not depend on insulin or signalling: the two-path picture of Stanford & Goodyear 2014 and
    Sylow 2017, with AMPK needed mainly after exercise (Kjøbsted 2019). Muscle, not the whole
    body: muscle takes 80–90 % of clamp glucose (DeFronzo & Tripathy 2009). Teaching values;
    see the module docstring.

    Examples
    --------
    >>> rest = muscle_glucose_uptake(100, insulin_signalling=0.0)
    >>> walk = muscle_glucose_uptake(100, insulin_signalling=0.0, exercise_intensity=0.5)
    >>> rest.total_mg_per_kg_min < walk.total_mg_per_kg_min
    True
    """
    if not isinstance(params, UptakeParams):
        raise ValueError(f"params must be an UptakeParams; got {params!r}")
    insulin = _checked_array("insulin_uu_ml", insulin_uu_ml, *INSULIN_RANGE_UU_ML, "µU/mL")
    signalling = _checked_array("insulin_signalling", insulin_signalling, 0.0, 1.0, "")
    intensity = _checked_array("exercise_intensity", exercise_intensity, 0.0, 1.0, "of VO2max")
    try:
        insulin, signalling, intensity = np.broadcast_arrays(insulin, signalling, intensity)
    except ValueError:
        raise ValueError(
            "insulin_uu_ml, insulin_signalling and exercise_intensity must have shapes that "
            f"broadcast together; got {np.shape(insulin)}, {np.shape(signalling)}, "
            f"{np.shape(intensity)}"
        ) from None
    insulin_path = (
        signalling
        * params.insulin_vmax_mg_per_kg_min
        * _hill(insulin, params.insulin_ec50_uu_ml, params.insulin_hill)
    )
    contraction_path = params.contraction_vmax_mg_per_kg_min * _hill(
        intensity, params.contraction_ec50_fraction, params.contraction_hill
    )
    total = insulin_path + contraction_path
    if insulin_path.ndim == 0:
        return UptakeResult(float(insulin_path), float(contraction_path), float(total))
    for array in (insulin_path, contraction_path, total):
        array.setflags(write=False)
    return UptakeResult(insulin_path, contraction_path, total)


__all__ = [
    "DEFAULT_PARAMS",
    "UNIT",
    "UptakeParams",
    "UptakeResult",
    "muscle_glucose_uptake",
]
