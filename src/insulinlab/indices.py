"""Surrogate indices of insulin resistance and the ADA glycaemic categories.

All functions take glucose in mg/dL, insulin in µU/mL (= mU/L) and triglycerides in mg/dL;
convert first with :mod:`insulinlab.units`. Inputs outside a possible range raise
``ValueError`` naming the argument and the accepted range.

The surrogate indices are research tools. Insulin resistance has no ADA diagnostic threshold,
and published "normal" cut-offs for HOMA-IR or QUICKI depend on the population and the
insulin assay.

Sources
-------
- HOMA-IR and HOMA-%B: Matthews et al. 1985, *Diabetologia* 28:412–419.
- QUICKI: Katz et al. 2000, *J Clin Endocrinol Metab* 85:2402–2410, doi:10.1210/jcem.85.7.6661.
- Matsuda index: Matsuda & DeFronzo 1999, *Diabetes Care* 22:1462–1470
  (constant 10,000, not 1,000).
- TyG index: Simental-Mendía et al. 2008, *Metab Syndr Relat Disord* 6:299–304.
- ADA categories: American Diabetes Association, Standards of Care in Diabetes—2025,
  section 2, doi:10.2337/dc25-S002.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from insulinlab.units import (
    check_glucose_mg_dl,
    check_hba1c_percent,
    check_insulin_uu_ml,
    check_triglycerides_mg_dl,
)

HOMA_IR_CONSTANT_MG_DL = 405.0
"""HOMA-IR = glucose (mg/dL) × insulin (µU/mL) / 405; 405 = 22.5 × 18."""

HOMA_BETA_GLUCOSE_OFFSET_MG_DL = 63.0
"""HOMA-%B is undefined at or below 63 mg/dL (3.5 mmol/L)."""

MATSUDA_CONSTANT = 10_000.0

NORMAL = "normal"
PREDIABETES = "prediabetes"
DIABETES = "diabetes"
ADA_CATEGORIES = (NORMAL, PREDIABETES, DIABETES)
"""The three ADA categories, from least to most severe."""

# Lower bounds (inclusive) of the prediabetes and diabetes ranges, ADA Standards of Care 2025.
ADA_FASTING_GLUCOSE_MG_DL = (100.0, 126.0)
ADA_OGTT_2H_GLUCOSE_MG_DL = (140.0, 200.0)
ADA_HBA1C_PERCENT = (5.7, 6.5)


def homa_ir(fasting_glucose_mg_dl: float, fasting_insulin_uu_ml: float) -> float:
    """HOMA-IR (HOMA1): fasting glucose (mg/dL) × fasting insulin (µU/mL) / 405.

    Equivalent to glucose (mmol/L) × insulin (µU/mL) / 22.5 (Matthews et al. 1985).

    Raises
    ------
    ValueError
        If glucose is outside [20, 1000] mg/dL or insulin outside [0, 1000] µU/mL.

    Examples
    --------
    >>> round(homa_ir(99, 10), 2)
    2.44
    """
    glucose = check_glucose_mg_dl(fasting_glucose_mg_dl, "fasting_glucose_mg_dl")
    insulin = check_insulin_uu_ml(fasting_insulin_uu_ml, "fasting_insulin_uu_ml")
    return glucose * insulin / HOMA_IR_CONSTANT_MG_DL


def homa_beta_percent(fasting_glucose_mg_dl: float, fasting_insulin_uu_ml: float) -> float:
    """HOMA-%B, an estimate of β-cell function: 360 × insulin / (glucose − 63), in %.

    Equivalent to 20 × insulin (µU/mL) / (glucose (mmol/L) − 3.5) (Matthews et al. 1985).

    Raises
    ------
    ValueError
        If glucose is not in (63, 1000] mg/dL (the formula is undefined at or below 63) or
        insulin is outside [0, 1000] µU/mL.

    Examples
    --------
    >>> homa_beta_percent(99, 10)
    100.0
    """
    glucose = check_glucose_mg_dl(fasting_glucose_mg_dl, "fasting_glucose_mg_dl")
    if glucose <= HOMA_BETA_GLUCOSE_OFFSET_MG_DL:
        raise ValueError(
            "fasting_glucose_mg_dl must be in (63, 1000] mg/dL for HOMA-%B "
            f"(the formula divides by glucose − 63); got {glucose:g}"
        )
    insulin = check_insulin_uu_ml(fasting_insulin_uu_ml, "fasting_insulin_uu_ml")
    return 360.0 * insulin / (glucose - HOMA_BETA_GLUCOSE_OFFSET_MG_DL)


def quicki(fasting_glucose_mg_dl: float, fasting_insulin_uu_ml: float) -> float:
    """QUICKI: 1 / (log10 insulin (µU/mL) + log10 glucose (mg/dL)) (Katz et al. 2000).

    Higher means more insulin-sensitive. Insulin must be above zero (the log of 0 is undefined).

    Raises
    ------
    ValueError
        If glucose is outside [20, 1000] mg/dL or insulin outside (0, 1000] µU/mL.

    Examples
    --------
    >>> round(quicki(99, 10), 3)
    0.334
    """
    glucose = check_glucose_mg_dl(fasting_glucose_mg_dl, "fasting_glucose_mg_dl")
    insulin = check_insulin_uu_ml(fasting_insulin_uu_ml, "fasting_insulin_uu_ml", positive=True)
    return 1.0 / (math.log10(insulin) + math.log10(glucose))


def tyg_index(fasting_triglycerides_mg_dl: float, fasting_glucose_mg_dl: float) -> float:
    """Triglyceride–glucose index: ln(triglycerides (mg/dL) × glucose (mg/dL) / 2).

    Needs no insulin measurement (Simental-Mendía et al. 2008). Cut-offs are population-specific.

    Raises
    ------
    ValueError
        If triglycerides are outside [10, 5000] mg/dL or glucose outside [20, 1000] mg/dL.

    Examples
    --------
    >>> round(tyg_index(150, 100), 2)
    8.92
    """
    triglycerides = check_triglycerides_mg_dl(
        fasting_triglycerides_mg_dl, "fasting_triglycerides_mg_dl"
    )
    glucose = check_glucose_mg_dl(fasting_glucose_mg_dl, "fasting_glucose_mg_dl")
    return math.log(triglycerides * glucose / 2.0)


def matsuda_index(
    ogtt_glucose_mg_dl: Sequence[float], ogtt_insulin_uu_ml: Sequence[float]
) -> float:
    """Matsuda index (ISI-composite) from an oral glucose tolerance test.

    10,000 / √(fasting glucose × fasting insulin × mean OGTT glucose × mean OGTT insulin),
    where the first sample of each series is the fasting (time 0) value and the means are taken
    over all samples, usually 0, 30, 60, 90 and 120 min (Matsuda & DeFronzo 1999).

    Parameters
    ----------
    ogtt_glucose_mg_dl : sequence of float
        Glucose at each sampling time, mg/dL, fasting value first.
    ogtt_insulin_uu_ml : sequence of float
        Insulin at the same times, µU/mL, fasting value first.

    Raises
    ------
    ValueError
        If the series differ in length or have fewer than 2 samples, or a value is out of
        range (glucose [20, 1000] mg/dL; insulin (0, 1000] µU/mL).

    Examples
    --------
    >>> round(matsuda_index([90, 140, 130, 110, 100], [8, 60, 55, 40, 30]), 1)
    5.6
    """
    glucose = _series("ogtt_glucose_mg_dl", ogtt_glucose_mg_dl)
    insulin = _series("ogtt_insulin_uu_ml", ogtt_insulin_uu_ml)
    if len(glucose) != len(insulin):
        raise ValueError(
            "ogtt_glucose_mg_dl and ogtt_insulin_uu_ml must have the same number of samples; "
            f"got {len(glucose)} and {len(insulin)}"
        )
    glucose = [
        check_glucose_mg_dl(value, f"ogtt_glucose_mg_dl[{i}]") for i, value in enumerate(glucose)
    ]
    insulin = [
        check_insulin_uu_ml(value, f"ogtt_insulin_uu_ml[{i}]", positive=True)
        for i, value in enumerate(insulin)
    ]
    mean_glucose = sum(glucose) / len(glucose)
    mean_insulin = sum(insulin) / len(insulin)
    return MATSUDA_CONSTANT / math.sqrt(glucose[0] * insulin[0] * mean_glucose * mean_insulin)


def _series(name: str, values: object) -> list:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise ValueError(f"{name} must be a sequence of at least 2 numbers; got {values!r}")
    values = list(values)
    if len(values) < 2:
        raise ValueError(f"{name} must hold at least 2 samples (fasting first); got {len(values)}")
    return values


# A threshold met to within this much counts as met, so 5.7 % computed from mmol/mol (which may
# come out as 5.6999999999) lands in the same category as 5.7 typed in.
_THRESHOLD_TOLERANCE = 1e-9


def _category(value: float, prediabetes_from: float, diabetes_from: float) -> str:
    if value >= diabetes_from - _THRESHOLD_TOLERANCE:
        return DIABETES
    if value >= prediabetes_from - _THRESHOLD_TOLERANCE:
        return PREDIABETES
    return NORMAL


def ada_fasting_glucose_category(fasting_glucose_mg_dl: float) -> str:
    """ADA category for fasting plasma glucose: normal < 100 ≤ prediabetes < 126 ≤ diabetes.

    Returns one of ``"normal"``, ``"prediabetes"`` (impaired fasting glucose) or ``"diabetes"``.
    A single result is not a diagnosis: without unequivocal hyperglycaemia the ADA asks for a
    repeat test.

    Examples
    --------
    >>> ada_fasting_glucose_category(99), ada_fasting_glucose_category(100)
    ('normal', 'prediabetes')
    >>> ada_fasting_glucose_category(125), ada_fasting_glucose_category(126)
    ('prediabetes', 'diabetes')
    """
    glucose = check_glucose_mg_dl(fasting_glucose_mg_dl, "fasting_glucose_mg_dl")
    return _category(glucose, *ADA_FASTING_GLUCOSE_MG_DL)


def ada_ogtt_2h_category(ogtt_2h_glucose_mg_dl: float) -> str:
    """ADA category for 2-h glucose in a 75-g OGTT: normal < 140 ≤ prediabetes < 200 ≤ diabetes.

    Examples
    --------
    >>> ada_ogtt_2h_category(139), ada_ogtt_2h_category(140), ada_ogtt_2h_category(200)
    ('normal', 'prediabetes', 'diabetes')
    """
    glucose = check_glucose_mg_dl(ogtt_2h_glucose_mg_dl, "ogtt_2h_glucose_mg_dl")
    return _category(glucose, *ADA_OGTT_2H_GLUCOSE_MG_DL)


def ada_hba1c_category(hba1c_percent: float) -> str:
    """ADA category for HbA1c (NGSP %): normal < 5.7 ≤ prediabetes < 6.5 ≤ diabetes.

    Examples
    --------
    >>> ada_hba1c_category(5.6), ada_hba1c_category(5.7)
    ('normal', 'prediabetes')
    >>> ada_hba1c_category(6.4), ada_hba1c_category(6.5)
    ('prediabetes', 'diabetes')
    """
    hba1c = check_hba1c_percent(hba1c_percent)
    return _category(hba1c, *ADA_HBA1C_PERCENT)


def most_severe_category(*categories: str | None) -> str | None:
    """Return the most severe of the given ADA categories, ignoring ``None`` (test not done).

    Examples
    --------
    >>> most_severe_category("normal", None, "prediabetes")
    'prediabetes'
    """
    present = [category for category in categories if category is not None]
    for category in present:
        if category not in ADA_CATEGORIES:
            raise ValueError(f"categories must be among {ADA_CATEGORIES}; got {category!r}")
    if not present:
        return None
    return max(present, key=ADA_CATEGORIES.index)
