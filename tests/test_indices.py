"""Surrogate indices against the worked examples in FACTS.md §B1, and the ADA boundaries."""

import math

import pytest

from insulinlab import indices

# FACTS.md §B1 worked example: FPG 5.5 mmol/L (99 mg/dL), fasting insulin 10 µU/mL.
GLUCOSE_MG_DL = 99.0
INSULIN_UU_ML = 10.0


def test_homa_ir_worked_example():
    assert indices.homa_ir(GLUCOSE_MG_DL, INSULIN_UU_ML) == pytest.approx(2.444, abs=5e-4)


def test_homa_ir_mg_dl_and_mmol_l_forms_agree():
    # glucose (mmol/L) × insulin / 22.5 ≡ glucose (mg/dL) × insulin / 405, since 405 = 22.5 × 18.
    assert indices.homa_ir(5.5 * 18, 10) == pytest.approx(5.5 * 10 / 22.5)


def test_homa_beta_worked_example():
    assert indices.homa_beta_percent(GLUCOSE_MG_DL, INSULIN_UU_ML) == pytest.approx(100.0)
    # mmol/L form: 20 × insulin / (glucose − 3.5)
    assert indices.homa_beta_percent(5.5 * 18, 10) == pytest.approx(20 * 10 / (5.5 - 3.5))


def test_quicki_worked_example():
    assert indices.quicki(GLUCOSE_MG_DL, INSULIN_UU_ML) == pytest.approx(0.334, abs=5e-4)


def test_tyg_worked_example():
    assert indices.tyg_index(150, 100) == pytest.approx(8.92, abs=5e-3)


def test_matsuda_worked_example_uses_10000():
    glucose = [90, 140, 130, 110, 100]
    insulin = [8, 60, 55, 40, 30]
    expected = 10_000 / math.sqrt(90 * 8 * (570 / 5) * (193 / 5))
    assert indices.matsuda_index(glucose, insulin) == pytest.approx(expected)
    assert indices.matsuda_index(glucose, insulin) == pytest.approx(5.6, abs=0.05)


def test_more_insulin_means_more_resistance_on_every_index():
    assert indices.homa_ir(99, 20) > indices.homa_ir(99, 10)
    assert indices.quicki(99, 20) < indices.quicki(99, 10)


@pytest.mark.parametrize(
    ("glucose_mg_dl", "category"),
    [
        (70, "normal"),
        (99, "normal"),
        (99.9, "normal"),
        (100, "prediabetes"),
        (125, "prediabetes"),
        (125.9, "prediabetes"),
        (126, "diabetes"),
        (300, "diabetes"),
    ],
)
def test_ada_fasting_boundaries(glucose_mg_dl, category):
    assert indices.ada_fasting_glucose_category(glucose_mg_dl) == category


@pytest.mark.parametrize(
    ("glucose_mg_dl", "category"),
    [(139, "normal"), (140, "prediabetes"), (199, "prediabetes"), (200, "diabetes")],
)
def test_ada_ogtt_boundaries(glucose_mg_dl, category):
    assert indices.ada_ogtt_2h_category(glucose_mg_dl) == category


@pytest.mark.parametrize(
    ("hba1c_percent", "category"),
    [(5.6, "normal"), (5.7, "prediabetes"), (6.4, "prediabetes"), (6.5, "diabetes")],
)
def test_ada_hba1c_boundaries(hba1c_percent, category):
    assert indices.ada_hba1c_category(hba1c_percent) == category


def test_hba1c_boundary_survives_unit_conversion():
    from insulinlab.units import hba1c_mmol_mol_to_percent, hba1c_percent_to_mmol_mol

    for percent, category in [(5.7, "prediabetes"), (6.5, "diabetes")]:
        round_tripped = hba1c_mmol_mol_to_percent(hba1c_percent_to_mmol_mol(percent))
        assert indices.ada_hba1c_category(round_tripped) == category


def test_most_severe_category():
    assert indices.most_severe_category("normal", None, "diabetes") == "diabetes"
    assert indices.most_severe_category(None, None) is None
    with pytest.raises(ValueError, match="categories"):
        indices.most_severe_category("borderline")


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: indices.homa_ir(5000, 10), "fasting_glucose_mg_dl"),
        (lambda: indices.homa_ir(5.5, 10), "fasting_glucose_mg_dl"),
        (lambda: indices.homa_ir(99, -1), "fasting_insulin_uu_ml"),
        (lambda: indices.homa_ir(math.nan, 10), "fasting_glucose_mg_dl"),
        (lambda: indices.homa_beta_percent(60, 10), "fasting_glucose_mg_dl"),
        (lambda: indices.quicki(99, 0), "fasting_insulin_uu_ml"),
        (lambda: indices.tyg_index(-150, 100), "fasting_triglycerides_mg_dl"),
        (lambda: indices.matsuda_index([90], [8]), "ogtt_glucose_mg_dl"),
        (lambda: indices.matsuda_index([90, 140, 130], [8, 60]), "same number"),
        (lambda: indices.matsuda_index([90, 14000], [8, 60]), r"ogtt_glucose_mg_dl\[1\]"),
        (lambda: indices.matsuda_index([90, 140], [8, 0]), r"ogtt_insulin_uu_ml\[1\]"),
        (lambda: indices.matsuda_index("90,140", [8, 60]), "ogtt_glucose_mg_dl"),
        (lambda: indices.ada_hba1c_category(48), "hba1c_percent"),
        (lambda: indices.ada_ogtt_2h_category(-1), "ogtt_2h_glucose_mg_dl"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
