"""Unit conversions: published factors, round trips and clear errors for impossible input."""

import math

import numpy as np
import pytest

from insulinlab import units


def test_glucose_factor_is_18_016():
    assert units.GLUCOSE_MG_DL_PER_MMOL_L == 18.016
    assert units.glucose_mmol_l_to_mg_dl(5.5) == pytest.approx(99.088)
    assert units.glucose_mg_dl_to_mmol_l(126) == pytest.approx(126 / 18.016)


@pytest.mark.parametrize("mg_dl", [20.0, 70.0, 99.0, 126.0, 400.0, 1000.0])
def test_glucose_round_trip(mg_dl):
    mmol_l = units.glucose_mg_dl_to_mmol_l(mg_dl)
    assert units.glucose_mmol_l_to_mg_dl(mmol_l) == pytest.approx(mg_dl)


def test_insulin_factor_standard_is_6_and_legacy_is_6_945():
    # Knopp et al. 2019: 6.00 pmol/L per µU/mL is correct; 6.945 is the legacy factor.
    assert units.insulin_factor() == 6.00
    assert units.insulin_factor("standard") == 6.00
    assert units.insulin_factor("legacy") == 6.945
    assert units.insulin_factor(6.5) == 6.5
    assert units.insulin_uu_ml_to_pmol_l(10) == pytest.approx(60.0)
    assert units.insulin_uu_ml_to_pmol_l(10, "legacy") == pytest.approx(69.45)
    assert units.insulin_pmol_l_to_uu_ml(60) == pytest.approx(10.0)


def test_legacy_factor_gives_values_about_14_percent_lower():
    standard = units.insulin_pmol_l_to_uu_ml(69.45, "standard")
    legacy = units.insulin_pmol_l_to_uu_ml(69.45, "legacy")
    assert legacy == pytest.approx(10.0)
    assert standard / legacy == pytest.approx(6.945 / 6.00)  # 1.1575


def test_hba1c_ada_boundaries_in_both_units():
    # ADA: 5.7 % = 39 mmol/mol, 6.5 % = 48 mmol/mol.
    assert round(units.hba1c_percent_to_mmol_mol(5.7)) == 39
    assert round(units.hba1c_percent_to_mmol_mol(6.5)) == 48
    assert units.hba1c_mmol_mol_to_percent(units.hba1c_percent_to_mmol_mol(6.2)) == pytest.approx(
        6.2
    )


def test_triglycerides_conversion():
    assert units.triglycerides_mmol_l_to_mg_dl(1.0) == pytest.approx(88.57)


def test_numpy_scalars_are_accepted():
    assert units.glucose_mg_dl_to_mmol_l(np.float64(90.08)) == pytest.approx(5.0)
    assert units.insulin_uu_ml_to_pmol_l(np.int64(5)) == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("function", "value", "argument"),
    [
        (units.glucose_mg_dl_to_mmol_l, -5, "glucose_mg_dl"),
        (units.glucose_mg_dl_to_mmol_l, 5000, "glucose_mg_dl"),
        (units.glucose_mg_dl_to_mmol_l, math.nan, "glucose_mg_dl"),
        (units.glucose_mg_dl_to_mmol_l, math.inf, "glucose_mg_dl"),
        (units.glucose_mg_dl_to_mmol_l, "99", "glucose_mg_dl"),
        (units.glucose_mg_dl_to_mmol_l, True, "glucose_mg_dl"),
        (units.glucose_mg_dl_to_mmol_l, None, "glucose_mg_dl"),
        (units.glucose_mmol_l_to_mg_dl, 99, "glucose_mmol_l"),
        (units.glucose_mmol_l_to_mg_dl, 0, "glucose_mmol_l"),
        (units.insulin_uu_ml_to_pmol_l, -1, "insulin_uu_ml"),
        (units.insulin_uu_ml_to_pmol_l, 2000, "insulin_uu_ml"),
        (units.insulin_pmol_l_to_uu_ml, 9000, "insulin_pmol_l"),
        (units.hba1c_percent_to_mmol_mol, 48, "hba1c_percent"),
        (units.hba1c_mmol_mol_to_percent, 6.5, "hba1c_mmol_mol"),
        (units.triglycerides_mmol_l_to_mg_dl, 150, "triglycerides_mmol_l"),
    ],
)
def test_impossible_values_name_the_argument_and_range(function, value, argument):
    with pytest.raises(ValueError, match=argument) as error:
        function(value)
    message = str(error.value)
    assert "[" in message or "(" in message, "the message should state the accepted range"


def test_wrong_unit_gets_a_hint():
    with pytest.raises(ValueError, match="looks like mmol/L"):
        units.check_glucose_mg_dl(5.5)
    with pytest.raises(ValueError, match="looks like mg/dL"):
        units.check_glucose_mmol_l(99)


@pytest.mark.parametrize("factor", ["modern", "", 1.0, 60.0, math.nan])
def test_bad_insulin_factor(factor):
    with pytest.raises(ValueError, match="factor"):
        units.insulin_uu_ml_to_pmol_l(10, factor)
