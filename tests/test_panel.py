"""A lab panel entered in any supported units gives the same indices and categories."""

import itertools

import pytest

from insulinlab import panel, units


def test_same_panel_in_si_and_conventional_units():
    conventional = panel.panel_from_units(
        99, "mg/dL", 10, "µU/mL", fasting_triglycerides=150, hba1c=5.4, ogtt_2h_glucose=120
    )
    si = panel.panel_from_units(
        99 / 18.016,
        "mmol/L",
        60,
        "pmol/L",
        "standard",
        150 / 88.57,
        "mmol/L",
        units.hba1c_percent_to_mmol_mol(5.4),
        "mmol/mol",
        120 / 18.016,
    )
    for field in (
        "fasting_glucose_mg_dl",
        "fasting_insulin_uu_ml",
        "fasting_triglycerides_mg_dl",
        "hba1c_percent",
        "ogtt_2h_glucose_mg_dl",
    ):
        assert getattr(si, field) == pytest.approx(getattr(conventional, field)), field
    result = panel.evaluate_panel(si)
    assert result.homa_ir == pytest.approx(2.44, abs=0.01)
    assert result.overall_category == "normal"


def test_legacy_factor_changes_homa_ir_by_the_factor_ratio():
    standard = panel.evaluate_panel(panel.panel_from_units(99, "mg/dL", 69.45, "pmol/L"))
    legacy = panel.evaluate_panel(
        panel.panel_from_units(99, "mg/dL", 69.45, "pmol/L", insulin_factor="legacy")
    )
    assert standard.homa_ir / legacy.homa_ir == pytest.approx(6.945 / 6.00)


def test_fasting_only_panel_leaves_other_results_empty():
    result = panel.evaluate_panel(panel.LabPanel(fasting_glucose_mg_dl=110))
    assert result.homa_ir is None and result.quicki is None and result.tyg_index is None
    assert result.ogtt_2h_category is None and result.hba1c_category is None
    assert result.fasting_glucose_category == result.overall_category == "prediabetes"


def test_overall_category_is_the_most_severe_test():
    result = panel.evaluate_panel(
        panel.panel_from_units(95, fasting_insulin=8, hba1c=6.6, ogtt_2h_glucose=150)
    )
    assert result.fasting_glucose_category == "normal"
    assert result.ogtt_2h_category == "prediabetes"
    assert result.hba1c_category == "diabetes"
    assert result.overall_category == "diabetes"


def test_undefined_indices_are_none_not_errors():
    low_glucose = panel.evaluate_panel(panel.LabPanel(60, 5))
    assert low_glucose.homa_beta_percent is None
    no_insulin = panel.evaluate_panel(panel.LabPanel(90, 0))
    assert no_insulin.quicki is None and no_insulin.homa_ir == 0


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"fasting_glucose": 99, "glucose_unit": "mmol/L"}, "fasting_glucose"),
        ({"fasting_glucose": 5000}, "fasting_glucose"),
        ({"fasting_glucose": 99, "glucose_unit": "g/L"}, "fasting_glucose unit"),
        ({"fasting_glucose": 99, "fasting_insulin": -3}, "fasting_insulin"),
        ({"fasting_glucose": 99, "fasting_insulin": 10, "insulin_unit": "IU"}, "insulin_unit"),
        (
            {
                "fasting_glucose": 99,
                "fasting_insulin": 60,
                "insulin_unit": "pmol/L",
                "insulin_factor": "old",
            },
            "factor",
        ),
        ({"fasting_glucose": 99, "hba1c": 48}, "hba1c"),
        ({"fasting_glucose": 99, "hba1c": 6.5, "hba1c_unit": "mmol/mol"}, "hba1c_mmol_mol"),
        ({"fasting_glucose": 99, "fasting_triglycerides": 1.7}, "fasting_triglycerides"),
        ({"fasting_glucose": 99, "ogtt_2h_glucose": float("nan")}, "ogtt_2h_glucose"),
    ],
)
def test_impossible_panels_name_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        panel.panel_from_units(**kwargs)


def test_every_unit_combination_evaluates():
    values = {"mg/dL": 99.0, "mmol/L": 5.5}
    for glucose_unit, insulin_unit, factor, tg_unit, hba1c_unit in itertools.product(
        panel.GLUCOSE_UNITS,
        panel.INSULIN_UNITS,
        ("standard", "legacy"),
        panel.TRIGLYCERIDE_UNITS,
        panel.HBA1C_UNITS,
    ):
        result = panel.evaluate_panel(
            panel.panel_from_units(
                values[glucose_unit],
                glucose_unit,
                10 if insulin_unit == "µU/mL" else 60,
                insulin_unit,
                factor,
                150 if tg_unit == "mg/dL" else 1.7,
                tg_unit,
                5.4 if hba1c_unit == "%" else 36,
                hba1c_unit,
                values[glucose_unit] * 1.2,
            )
        )
        assert result.overall_category == "normal"
