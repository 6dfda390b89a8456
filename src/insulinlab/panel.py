"""A whole lab panel, converted to the units the indices use and evaluated at once.

This is the pure core of the chapter 03 lab-panel calculator: the widget reads its inputs,
calls :func:`panel_from_units` and :func:`evaluate_panel`, and only formats the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from insulinlab import indices, units

GLUCOSE_UNITS = ("mg/dL", "mmol/L")
INSULIN_UNITS = ("µU/mL", "pmol/L")
TRIGLYCERIDE_UNITS = ("mg/dL", "mmol/L")
HBA1C_UNITS = ("%", "mmol/mol")


@dataclass(frozen=True)
class LabPanel:
    """Fasting (and optional OGTT and HbA1c) results in the units the indices use.

    ``None`` means the test was not done.
    """

    fasting_glucose_mg_dl: float
    fasting_insulin_uu_ml: float | None = None
    fasting_triglycerides_mg_dl: float | None = None
    hba1c_percent: float | None = None
    ogtt_2h_glucose_mg_dl: float | None = None


@dataclass(frozen=True)
class PanelResult:
    """Every index and ADA category a :class:`LabPanel` allows; ``None`` where not computable."""

    homa_ir: float | None
    homa_beta_percent: float | None
    quicki: float | None
    tyg_index: float | None
    fasting_glucose_category: str
    ogtt_2h_category: str | None
    hba1c_category: str | None
    overall_category: str


def _choose(name: str, unit: str, allowed: tuple[str, ...]) -> str:
    if unit not in allowed:
        raise ValueError(f"{name} must be one of {allowed}; got {unit!r}")
    return unit


def _glucose_to_mg_dl(name: str, value: float, unit: str) -> float:
    if _choose(f"{name} unit", unit, GLUCOSE_UNITS) == "mmol/L":
        return units.check_glucose_mmol_l(value, name) * units.GLUCOSE_MG_DL_PER_MMOL_L
    return units.check_glucose_mg_dl(value, name)


def panel_from_units(
    fasting_glucose: float,
    glucose_unit: str = "mg/dL",
    fasting_insulin: float | None = None,
    insulin_unit: str = "µU/mL",
    insulin_factor: str | float = "standard",
    fasting_triglycerides: float | None = None,
    triglyceride_unit: str = "mg/dL",
    hba1c: float | None = None,
    hba1c_unit: str = "%",
    ogtt_2h_glucose: float | None = None,
) -> LabPanel:
    """Build a :class:`LabPanel` from values in the units a laboratory report uses.

    Glucose (fasting and 2-h OGTT) shares ``glucose_unit``. Insulin in pmol/L is converted with
    ``insulin_factor`` (``"standard"`` 6.00 or ``"legacy"`` 6.945 pmol/L per µU/mL).

    Raises
    ------
    ValueError
        If a unit is not one of the listed ones or a value is impossible in its unit; the message
        names the argument and the accepted range.

    Examples
    --------
    >>> panel = panel_from_units(5.5, "mmol/L", 60, "pmol/L")
    >>> round(panel.fasting_glucose_mg_dl, 1), panel.fasting_insulin_uu_ml
    (99.1, 10.0)
    """
    glucose_mg_dl = _glucose_to_mg_dl("fasting_glucose", fasting_glucose, glucose_unit)

    insulin_uu_ml = None
    if fasting_insulin is not None:
        if _choose("insulin_unit", insulin_unit, INSULIN_UNITS) == "pmol/L":
            insulin_uu_ml = units.insulin_pmol_l_to_uu_ml(fasting_insulin, insulin_factor)
        else:
            insulin_uu_ml = units.check_insulin_uu_ml(fasting_insulin, "fasting_insulin")

    triglycerides_mg_dl = None
    if fasting_triglycerides is not None:
        unit = _choose("triglyceride_unit", triglyceride_unit, TRIGLYCERIDE_UNITS)
        if unit == "mmol/L":
            triglycerides_mg_dl = units.triglycerides_mmol_l_to_mg_dl(fasting_triglycerides)
        else:
            triglycerides_mg_dl = units.check_triglycerides_mg_dl(
                fasting_triglycerides, "fasting_triglycerides"
            )

    hba1c_percent = None
    if hba1c is not None:
        if _choose("hba1c_unit", hba1c_unit, HBA1C_UNITS) == "mmol/mol":
            hba1c_percent = units.hba1c_mmol_mol_to_percent(hba1c)
        else:
            hba1c_percent = units.check_hba1c_percent(hba1c, "hba1c")

    ogtt_mg_dl = None
    if ogtt_2h_glucose is not None:
        ogtt_mg_dl = _glucose_to_mg_dl("ogtt_2h_glucose", ogtt_2h_glucose, glucose_unit)

    return LabPanel(
        fasting_glucose_mg_dl=glucose_mg_dl,
        fasting_insulin_uu_ml=insulin_uu_ml,
        fasting_triglycerides_mg_dl=triglycerides_mg_dl,
        hba1c_percent=hba1c_percent,
        ogtt_2h_glucose_mg_dl=ogtt_mg_dl,
    )


def evaluate_panel(panel: LabPanel) -> PanelResult:
    """Compute every index the panel allows and its ADA categories.

    HOMA-%B is left as ``None`` when fasting glucose is at or below 63 mg/dL (undefined), and
    QUICKI when insulin is 0. The overall category is the most severe of the tests done; a single
    abnormal result still needs confirming by a repeat test (ADA).

    Examples
    --------
    >>> result = evaluate_panel(LabPanel(99, 10))
    >>> round(result.homa_ir, 2), result.homa_beta_percent, result.overall_category
    (2.44, 100.0, 'normal')
    """
    glucose = panel.fasting_glucose_mg_dl
    insulin = panel.fasting_insulin_uu_ml

    homa = beta = sensitivity = None
    if insulin is not None:
        homa = indices.homa_ir(glucose, insulin)
        if glucose > indices.HOMA_BETA_GLUCOSE_OFFSET_MG_DL:
            beta = indices.homa_beta_percent(glucose, insulin)
        if insulin > 0:
            sensitivity = indices.quicki(glucose, insulin)

    tyg = None
    if panel.fasting_triglycerides_mg_dl is not None:
        tyg = indices.tyg_index(panel.fasting_triglycerides_mg_dl, glucose)

    fasting_category = indices.ada_fasting_glucose_category(glucose)
    ogtt_category = (
        None
        if panel.ogtt_2h_glucose_mg_dl is None
        else indices.ada_ogtt_2h_category(panel.ogtt_2h_glucose_mg_dl)
    )
    hba1c_category = (
        None if panel.hba1c_percent is None else indices.ada_hba1c_category(panel.hba1c_percent)
    )
    return PanelResult(
        homa_ir=homa,
        homa_beta_percent=beta,
        quicki=sensitivity,
        tyg_index=tyg,
        fasting_glucose_category=fasting_category,
        ogtt_2h_category=ogtt_category,
        hba1c_category=hba1c_category,
        overall_category=indices.most_severe_category(
            fasting_category, ogtt_category, hba1c_category
        ),
    )
