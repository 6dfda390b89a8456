"""Unit conversions for the lab values used in the course.

Every conversion checks that its input is physiologically possible in the stated unit and
raises ``ValueError`` naming the argument and the accepted range otherwise, with a hint when
the number looks like it was entered in the other unit.

Sources
-------
- Glucose: 1 mmol/L = 18.016 mg/dL (molar mass of glucose, 180.16 g/mol).
- Insulin: 1 µU/mL = 6.00 pmol/L is the metrologically correct factor; 6.945 is a legacy
  factor still used by many laboratories and calculators (Knopp et al. 2019,
  doi:10.1177/1932296818805074).
- HbA1c: the NGSP–IFCC master equation, IFCC (mmol/mol) = 10.929 × (NGSP % − 2.15).
- Triglycerides: 1 mmol/L = 88.57 mg/dL (molar mass of triolein, about 885.7 g/mol).
"""

from __future__ import annotations

from insulinlab._validate import check_range

GLUCOSE_MG_DL_PER_MMOL_L = 18.016
"""mg/dL of glucose in 1 mmol/L."""

INSULIN_PMOL_L_PER_UU_ML = {"standard": 6.00, "legacy": 6.945}
"""pmol/L of insulin in 1 µU/mL: ``"standard"`` (6.00, correct) and ``"legacy"`` (6.945)."""

TRIGLYCERIDE_MG_DL_PER_MMOL_L = 88.57
"""mg/dL of triglyceride in 1 mmol/L."""

HBA1C_IFCC_SLOPE = 10.929
HBA1C_IFCC_OFFSET_PERCENT = 2.15

# Accepted ranges: wide enough for any value a laboratory could report from a living person,
# narrow enough to catch a number typed in the other unit.
GLUCOSE_RANGE_MG_DL = (20.0, 1000.0)
GLUCOSE_RANGE_MMOL_L = tuple(mg_dl / GLUCOSE_MG_DL_PER_MMOL_L for mg_dl in GLUCOSE_RANGE_MG_DL)
INSULIN_RANGE_UU_ML = (0.0, 1000.0)
INSULIN_RANGE_PMOL_L = (0.0, 6000.0)
TRIGLYCERIDE_RANGE_MG_DL = (10.0, 5000.0)
TRIGLYCERIDE_RANGE_MMOL_L = (0.1, 56.5)
HBA1C_RANGE_PERCENT = (3.0, 20.0)
HBA1C_RANGE_MMOL_MOL = (9.0, 195.0)


def check_glucose_mg_dl(glucose_mg_dl: object, name: str = "glucose_mg_dl") -> float:
    """Return a glucose in mg/dL as a float, or raise ``ValueError`` if impossible."""
    return check_range(
        name,
        glucose_mg_dl,
        *GLUCOSE_RANGE_MG_DL,
        "mg/dL",
        hint="A value below 20 looks like mmol/L: multiply by 18.016 to get mg/dL.",
    )


def check_glucose_mmol_l(glucose_mmol_l: object, name: str = "glucose_mmol_l") -> float:
    """Return a glucose in mmol/L as a float, or raise ``ValueError`` if impossible."""
    return check_range(
        name,
        glucose_mmol_l,
        *GLUCOSE_RANGE_MMOL_L,
        "mmol/L",
        hint="A value above 55.51 looks like mg/dL: divide by 18.016 to get mmol/L.",
    )


def check_insulin_uu_ml(
    insulin_uu_ml: object, name: str = "insulin_uu_ml", *, positive: bool = False
) -> float:
    """Return an insulin in µU/mL as a float, or raise ``ValueError`` if impossible.

    With ``positive=True`` zero is rejected too (the log-based indices need insulin > 0).
    """
    return check_range(
        name,
        insulin_uu_ml,
        *INSULIN_RANGE_UU_ML,
        "µU/mL",
        low_inclusive=not positive,
        hint="A value above 1000 looks like pmol/L: divide by 6.00 to get µU/mL.",
    )


def check_triglycerides_mg_dl(
    triglycerides_mg_dl: object, name: str = "triglycerides_mg_dl"
) -> float:
    """Return fasting triglycerides in mg/dL as a float, or raise ``ValueError`` if impossible."""
    return check_range(
        name,
        triglycerides_mg_dl,
        *TRIGLYCERIDE_RANGE_MG_DL,
        "mg/dL",
        hint="A value below 10 looks like mmol/L: multiply by 88.57 to get mg/dL.",
    )


def check_hba1c_percent(hba1c_percent: object, name: str = "hba1c_percent") -> float:
    """Return an HbA1c in NGSP % as a float, or raise ``ValueError`` if impossible."""
    return check_range(
        name,
        hba1c_percent,
        *HBA1C_RANGE_PERCENT,
        "%",
        hint="A value above 20 looks like mmol/mol: use hba1c_mmol_mol_to_percent.",
    )


def insulin_factor(factor: str | float = "standard") -> float:
    """Return the pmol/L-per-µU/mL factor for a name (``"standard"``, ``"legacy"``) or number.

    Raises
    ------
    ValueError
        If the name is unknown or the number lies outside [5, 8] pmol/L per µU/mL.
    """
    if isinstance(factor, str):
        try:
            return INSULIN_PMOL_L_PER_UU_ML[factor]
        except KeyError:
            names = ", ".join(repr(name) for name in INSULIN_PMOL_L_PER_UU_ML)
            raise ValueError(f"factor must be one of {names} or a number; got {factor!r}") from None
    return check_range("factor", factor, 5.0, 8.0, "pmol/L per µU/mL")


def glucose_mg_dl_to_mmol_l(glucose_mg_dl: float) -> float:
    """Convert glucose from mg/dL to mmol/L (divide by 18.016).

    Examples
    --------
    >>> round(glucose_mg_dl_to_mmol_l(126), 2)
    6.99
    """
    return check_glucose_mg_dl(glucose_mg_dl) / GLUCOSE_MG_DL_PER_MMOL_L


def glucose_mmol_l_to_mg_dl(glucose_mmol_l: float) -> float:
    """Convert glucose from mmol/L to mg/dL (multiply by 18.016).

    Examples
    --------
    >>> round(glucose_mmol_l_to_mg_dl(5.5), 1)
    99.1
    """
    return check_glucose_mmol_l(glucose_mmol_l) * GLUCOSE_MG_DL_PER_MMOL_L


def insulin_uu_ml_to_pmol_l(insulin_uu_ml: float, factor: str | float = "standard") -> float:
    """Convert insulin from µU/mL (= mU/L) to pmol/L.

    Parameters
    ----------
    insulin_uu_ml : float
        Insulin in µU/mL, in [0, 1000].
    factor : {"standard", "legacy"} or float
        pmol/L per µU/mL: ``"standard"`` is 6.00, ``"legacy"`` is 6.945 (Knopp et al. 2019).

    Examples
    --------
    >>> insulin_uu_ml_to_pmol_l(10)
    60.0
    >>> round(insulin_uu_ml_to_pmol_l(10, factor="legacy"), 2)
    69.45
    """
    return check_insulin_uu_ml(insulin_uu_ml) * insulin_factor(factor)


def insulin_pmol_l_to_uu_ml(insulin_pmol_l: float, factor: str | float = "standard") -> float:
    """Convert insulin from pmol/L to µU/mL (= mU/L); see :func:`insulin_uu_ml_to_pmol_l`.

    Examples
    --------
    >>> insulin_pmol_l_to_uu_ml(60)
    10.0
    """
    value = check_range(
        "insulin_pmol_l",
        insulin_pmol_l,
        *INSULIN_RANGE_PMOL_L,
        "pmol/L",
        hint="Insulin above 6000 pmol/L is not a plausible laboratory value.",
    )
    return value / insulin_factor(factor)


def triglycerides_mmol_l_to_mg_dl(triglycerides_mmol_l: float) -> float:
    """Convert fasting triglycerides from mmol/L to mg/dL (multiply by 88.57)."""
    value = check_range(
        "triglycerides_mmol_l",
        triglycerides_mmol_l,
        *TRIGLYCERIDE_RANGE_MMOL_L,
        "mmol/L",
        hint="A value above 56.5 looks like mg/dL.",
    )
    return value * TRIGLYCERIDE_MG_DL_PER_MMOL_L


def hba1c_percent_to_mmol_mol(hba1c_percent: float) -> float:
    """Convert HbA1c from NGSP % to IFCC mmol/mol: 10.929 × (% − 2.15).

    Examples
    --------
    >>> round(hba1c_percent_to_mmol_mol(6.5))
    48
    """
    return HBA1C_IFCC_SLOPE * (check_hba1c_percent(hba1c_percent) - HBA1C_IFCC_OFFSET_PERCENT)


def hba1c_mmol_mol_to_percent(hba1c_mmol_mol: float) -> float:
    """Convert HbA1c from IFCC mmol/mol to NGSP %: mmol/mol / 10.929 + 2.15.

    Examples
    --------
    >>> round(hba1c_mmol_mol_to_percent(48), 1)
    6.5
    """
    value = check_range(
        "hba1c_mmol_mol",
        hba1c_mmol_mol,
        *HBA1C_RANGE_MMOL_MOL,
        "mmol/mol",
        hint="A value below 9 looks like a percentage.",
    )
    return value / HBA1C_IFCC_SLOPE + HBA1C_IFCC_OFFSET_PERCENT


__all__ = [
    "GLUCOSE_MG_DL_PER_MMOL_L",
    "INSULIN_PMOL_L_PER_UU_ML",
    "TRIGLYCERIDE_MG_DL_PER_MMOL_L",
    "check_glucose_mg_dl",
    "check_glucose_mmol_l",
    "check_hba1c_percent",
    "check_insulin_uu_ml",
    "check_triglycerides_mg_dl",
    "glucose_mg_dl_to_mmol_l",
    "glucose_mmol_l_to_mg_dl",
    "hba1c_mmol_mol_to_percent",
    "hba1c_percent_to_mmol_mol",
    "insulin_factor",
    "insulin_pmol_l_to_uu_ml",
    "insulin_uu_ml_to_pmol_l",
    "triglycerides_mmol_l_to_mg_dl",
]
