"""Tests for the chapter 03 lab-panel calculator: pure formatting, then the widget wiring."""

import itertools
import math

import ipywidgets
import pytest

from insulinlab import indices, panel, units
from insulinlab.widgets import lab_panel_calculator
from insulinlab.widgets.lab_panel import (
    LIVE_UPDATE_NOTE,
    WORKED_EXAMPLE,
    evaluate_inputs,
    format_error,
    format_panel_result,
    parse_number,
)

FRIENDLY = "Check this value"


def worked_example_html():
    lab_panel = panel.panel_from_units(**WORKED_EXAMPLE)
    return format_panel_result(panel.evaluate_panel(lab_panel), lab_panel)


# --- pure functions -------------------------------------------------------------------------


def test_worked_example_shows_every_index():
    text = worked_example_html()
    assert "2.44" in text  # HOMA-IR
    assert "100 %" in text  # HOMA-%B
    assert "0.334" in text  # QUICKI
    # TyG = ln(150 × 99 / 2) = 8.913; the docstring example ln(150 × 100 / 2) is 8.92.
    assert f"{indices.tyg_index(150, 99):.2f}" == "8.91"
    assert "8.91" in text
    assert indices.NORMAL in text


def test_worked_example_shows_inputs_in_both_units():
    text = worked_example_html()
    assert "99 mg/dL" in text and "5.50 mmol/L" in text
    assert "10.0 µU/mL" in text
    assert "150 mg/dL" in text
    assert "5.4 %" in text


def test_result_reminds_single_result_is_not_a_diagnosis():
    text = worked_example_html()
    assert "not a diagnosis" in text
    assert "repeat test" in text
    assert "no diagnostic cut-off" in text


def test_categories_are_written_as_text():
    lab_panel = panel.LabPanel(
        fasting_glucose_mg_dl=110,
        fasting_insulin_uu_ml=12,
        hba1c_percent=6.7,
        ogtt_2h_glucose_mg_dl=150,
    )
    text = format_panel_result(panel.evaluate_panel(lab_panel), lab_panel)
    assert "<strong>prediabetes</strong>" in text
    assert "<strong>diabetes</strong>" in text
    assert "Overall" in text


def test_missing_tests_say_what_they_need():
    lab_panel = panel.LabPanel(fasting_glucose_mg_dl=99)
    text = format_panel_result(panel.evaluate_panel(lab_panel), lab_panel)
    assert text.count("not computed: needs fasting insulin") == 3
    assert "not computed: needs fasting triglycerides" in text
    assert "not measured" in text


def test_homa_beta_at_low_glucose_says_why():
    lab_panel = panel.LabPanel(fasting_glucose_mg_dl=60, fasting_insulin_uu_ml=5)
    text = format_panel_result(panel.evaluate_panel(lab_panel), lab_panel)
    assert "not computed: needs fasting glucose above 63 mg/dL" in text


def test_zero_insulin_quicki_says_why():
    lab_panel = panel.LabPanel(fasting_glucose_mg_dl=90, fasting_insulin_uu_ml=0)
    text = format_panel_result(panel.evaluate_panel(lab_panel), lab_panel)
    assert "not computed: needs fasting insulin above 0" in text


def test_evaluate_inputs_worked_example_matches_format_panel_result():
    assert evaluate_inputs(WORKED_EXAMPLE) == worked_example_html()


def test_si_units_give_the_same_homa_ir():
    conventional = panel.evaluate_panel(panel.panel_from_units(99, "mg/dL", 10, "µU/mL"))
    si = panel.evaluate_panel(
        panel.panel_from_units(
            99 / units.GLUCOSE_MG_DL_PER_MMOL_L, "mmol/L", 60, "pmol/L", "standard"
        )
    )
    assert si.homa_ir == pytest.approx(conventional.homa_ir, rel=1e-12)
    si_html = evaluate_inputs(
        {
            **WORKED_EXAMPLE,
            "fasting_glucose": "5.495",
            "glucose_unit": "mmol/L",
            "fasting_insulin": "60",
            "insulin_unit": "pmol/L",
            "ogtt_2h_glucose": "6.66",
        }
    )
    assert "2.44" in si_html
    assert FRIENDLY not in si_html


def test_legacy_factor_changes_insulin():
    pmol_l = {"fasting_glucose": 99, "fasting_insulin": 60, "insulin_unit": "pmol/L"}
    standard = evaluate_inputs({**pmol_l, "insulin_factor": "standard"})
    legacy = evaluate_inputs({**pmol_l, "insulin_factor": "legacy"})
    assert "10.0 µU/mL" in standard
    assert f"{60 / 6.945:.1f} µU/mL" in legacy


def test_blank_optional_fields_are_not_measured():
    text = evaluate_inputs(
        {
            **WORKED_EXAMPLE,
            "fasting_insulin": "",
            "fasting_triglycerides": "  ",
            "hba1c": None,
            "ogtt_2h_glucose": "",
        }
    )
    assert FRIENDLY not in text
    assert "not computed: needs fasting insulin" in text
    assert "not computed: needs fasting triglycerides" in text


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"fasting_glucose": 5000}, "fasting_glucose"),
        ({"fasting_glucose": "5000"}, "fasting_glucose"),
        ({"fasting_insulin": -3}, "fasting_insulin"),
        ({"fasting_insulin": "-3"}, "fasting_insulin"),
        ({"fasting_glucose": math.nan}, "fasting_glucose"),
        ({"fasting_glucose": "nan"}, "fasting_glucose"),
        ({"fasting_insulin": "abc"}, "fasting_insulin"),
        ({"hba1c": "5,4"}, "hba1c"),
        ({"fasting_glucose": 99, "glucose_unit": "mmol/L"}, "fasting_glucose"),
        ({"fasting_glucose": ""}, "fasting_glucose"),
        ({"fasting_glucose": None}, "fasting_glucose"),
        ({"fasting_triglycerides": 2, "triglyceride_unit": "mg/dL"}, "fasting_triglycerides"),
        ({"hba1c": 48}, "hba1c"),
        ({"glucose_unit": "g/L"}, "fasting_glucose unit"),
    ],
)
def test_impossible_inputs_give_a_friendly_message_naming_the_argument(changes, argument):
    text = evaluate_inputs({**WORKED_EXAMPLE, **changes})
    assert FRIENDLY in text
    assert argument in text
    assert "Traceback" not in text
    assert "HOMA-IR" not in text


def test_unit_mix_up_message_gives_a_hint():
    text = evaluate_inputs({**WORKED_EXAMPLE, "glucose_unit": "mmol/L"})
    assert "looks like mg/dL" in text


def test_format_error_escapes_html():
    text = format_error(ValueError("fasting_glucose must be a number; got '<script>'"))
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert FRIENDLY in text


def test_user_text_is_escaped():
    text = evaluate_inputs({**WORKED_EXAMPLE, "fasting_insulin": "<img src=x>"})
    assert "<img" not in text
    assert "&lt;img" in text


def test_parse_number():
    assert parse_number("hba1c", " 5.4 ") == 5.4
    assert parse_number("hba1c", "") is None
    assert parse_number("hba1c", None) is None
    assert parse_number("hba1c", 6) == 6
    with pytest.raises(ValueError, match="fasting_glucose is required"):
        parse_number("fasting_glucose", " ", required=True)
    with pytest.raises(ValueError, match="hba1c must be a number"):
        parse_number("hba1c", "five")


# --- widget ---------------------------------------------------------------------------------


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def control(calculator, description):
    matches = [w for w in walk(calculator) if getattr(w, "description", None) == description]
    assert len(matches) == 1, description
    return matches[0]


def result_html(calculator):
    return calculator.children[-1]


@pytest.fixture
def calculator():
    built = lab_panel_calculator()
    yield built
    for widget in walk(built):
        widget.close()


def test_widget_builds_with_a_computed_result(calculator):
    assert isinstance(calculator, ipywidgets.VBox)
    html_widget = result_html(calculator)
    assert isinstance(html_widget, ipywidgets.HTML)
    assert "2.44" in html_widget.value
    assert not any(isinstance(w, (ipywidgets.Output, ipywidgets.Button)) for w in walk(calculator))


def test_widget_shows_the_static_page_note(calculator):
    texts = " ".join(w.value for w in walk(calculator) if isinstance(w, ipywidgets.HTML))
    assert LIVE_UPDATE_NOTE in texts


def test_every_input_has_a_label(calculator):
    for widget in walk(calculator):
        if isinstance(widget, (ipywidgets.Text, ipywidgets.ToggleButtons)):
            assert widget.description.strip()


def test_changing_an_input_updates_the_result(calculator):
    control(calculator, "Fasting insulin").value = "20"
    assert f"{indices.homa_ir(99, 20):.2f}" in result_html(calculator).value
    control(calculator, "HbA1c").value = "6.6"
    assert "<strong>diabetes</strong>" in result_html(calculator).value


def test_impossible_glucose_shows_message_then_recovers(calculator):
    glucose = control(calculator, "Fasting glucose")
    glucose.value = "5000"
    text = result_html(calculator).value
    assert FRIENDLY in text and "fasting_glucose" in text and "Traceback" not in text
    glucose.value = "99"
    assert "2.44" in result_html(calculator).value


def test_unit_toggle_updates_the_result(calculator):
    control(calculator, "Glucose unit").value = "mmol/L"
    assert FRIENDLY in result_html(calculator).value  # 99 mmol/L is impossible
    control(calculator, "Fasting glucose").value = "5.495"
    control(calculator, "2-h OGTT glucose").value = "6.66"
    assert "2.44" in result_html(calculator).value


# Worked example in each unit: 99 mg/dL = 5.495 mmol/L, 10 µU/mL = 60 pmol/L (standard)
# = 69.45 pmol/L (legacy), 150 mg/dL = 1.6936 mmol/L, 5.4 % = 35.5 mmol/mol.
GLUCOSE = {"mg/dL": ("99", "120"), "mmol/L": ("5.495", "6.661")}
TRIGLYCERIDES = {"mg/dL": "150", "mmol/L": "1.6936"}
HBA1C = {"%": "5.4", "mmol/mol": "35.5"}


def insulin_text(unit, factor):
    if unit == "µU/mL":
        return "10"
    return f"{10 * units.INSULIN_PMOL_L_PER_UU_ML[factor]:g}"


@pytest.mark.parametrize(
    ("glucose_unit", "insulin_unit", "factor", "triglyceride_unit", "hba1c_unit"),
    list(
        itertools.product(
            panel.GLUCOSE_UNITS,
            panel.INSULIN_UNITS,
            tuple(units.INSULIN_PMOL_L_PER_UU_ML),
            panel.TRIGLYCERIDE_UNITS,
            panel.HBA1C_UNITS,
        )
    ),
)
def test_every_unit_combination_renders(
    calculator, glucose_unit, insulin_unit, factor, triglyceride_unit, hba1c_unit
):
    control(calculator, "Glucose unit").value = glucose_unit
    control(calculator, "Insulin unit").value = insulin_unit
    control(calculator, "pmol/L per µU/mL").value = factor
    control(calculator, "Triglyceride unit").value = triglyceride_unit
    control(calculator, "HbA1c unit").value = hba1c_unit
    fasting_glucose, ogtt_glucose = GLUCOSE[glucose_unit]
    control(calculator, "Fasting glucose").value = fasting_glucose
    control(calculator, "2-h OGTT glucose").value = ogtt_glucose
    control(calculator, "Fasting insulin").value = insulin_text(insulin_unit, factor)
    control(calculator, "Fasting triglycerides").value = TRIGLYCERIDES[triglyceride_unit]
    control(calculator, "HbA1c").value = HBA1C[hba1c_unit]
    text = result_html(calculator).value
    assert FRIENDLY not in text
    assert "2.44" in text
    assert "0.334" in text
    assert "<strong>normal</strong>" in text


def test_no_widget_is_created_at_import():
    import importlib

    from ipywidgets.widgets.widget import _instances

    import insulinlab.widgets as package
    import insulinlab.widgets.lab_panel as module

    before = len(_instances)
    importlib.reload(module)
    importlib.reload(package)
    assert len(_instances) == before
