"""The chapter 17 virtual patients: loading and checking, the panel, and the teaching mappings.

The mappings are teaching devices, so the tests check what they are defined to do (the
published Topp values come back for a healthy panel, the two SIs agree in different units, the
minimal model and the Topp model are driven as documented) and the properties the chapter
teaches (an SI-only intervention leaves the Topp glucose course unchanged; relieving β-cell
stress delays it).
"""

import copy
import json
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from insulinlab import indices, minimal_model, panel, patient, topp

RAW = json.loads(
    (resources.files("insulinlab") / "data" / patient.DATA_FILE).read_text(encoding="utf-8")
)


def raw_patient(index=0):
    return copy.deepcopy(RAW["patients"][index])


# --- loading -----------------------------------------------------------------------------------


def test_every_stored_patient_loads_and_is_marked_fictional():
    assert patient.patient_ids() == ("patient-a", "patient-b", "patient-c")
    assert "fictional" in RAW["about"].lower() or "invented" in RAW["about"].lower()
    for patient_id in patient.patient_ids():
        loaded = patient.load_patient(patient_id)
        assert loaded.patient_id == patient_id
        assert loaded.label.startswith("Patient ")
        assert loaded.history.sex in ("female", "male")
        assert isinstance(loaded.history.medications, tuple)
        assert loaded.panel.fasting_insulin_uu_ml is not None


def test_report_units_are_converted_like_the_chapter_03_calculator():
    b = patient.load_patient("patient-b")
    assert b.report["glucose_unit"] == "mmol/L" and b.report["insulin_unit"] == "pmol/L"
    expected = panel.panel_from_units(
        5.0,
        "mmol/L",
        84,
        "pmol/L",
        "standard",
        1.7,
        "mmol/L",
        36,
        "mmol/mol",
    )
    assert b.panel == expected
    assert b.panel.fasting_insulin_uu_ml == pytest.approx(14.0)
    assert b.panel.fasting_glucose_mg_dl == pytest.approx(90.08)


def test_report_is_read_only():
    with pytest.raises(TypeError):
        patient.load_patient("patient-a").report["fasting_glucose"] = 90


@pytest.mark.parametrize("bad", ["patient-z", "", None, 3, "Patient A"])
def test_unknown_patient_ids_are_rejected_with_the_list(bad):
    with pytest.raises(ValueError, match="patient-a"):
        patient.load_patient(bad)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("history", "bmi_kg_m2"), 5, r"patient-a\.history\.bmi_kg_m2"),
        (("history", "age_years"), 12, r"history\.age_years"),
        (("history", "sex"), "other", r"history\.sex must be one of"),
        (("history", "sleep_hours_per_night"), "long", r"sleep_hours_per_night"),
        (("history", "medications"), "metformin", r"medications must be a list"),
        (("report", "fasting_glucose"), 5.5, r"patient-a\.report: fasting_glucose"),
        (("report", "glucose_unit"), "mg%", r"report: fasting_glucose unit"),
        (("report", "hba1c"), 48, r"report: hba1c"),
        (("report", "potassium"), 4.0, r"unknown fields \['potassium'\]"),
        (("ogtt", "times_min"), [30, 60, 90, 120, 150], r"start at 0"),
        (("ogtt", "insulin_uu_ml"), [18, 88], r"equally long"),
        (("label",), "", r"label must be a non-empty string"),
    ],
)
def test_bad_patient_data_gives_a_clear_error(path, value, message):
    data = raw_patient(0)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValueError, match=message):
        patient.patient_from_dict(data)


def test_missing_fields_are_named():
    data = raw_patient(0)
    del data["history"]["waist_cm"]
    with pytest.raises(ValueError, match="missing waist_cm"):
        patient.patient_from_dict(data)
    with pytest.raises(ValueError, match="mapping"):
        patient.patient_from_dict(["not", "a", "mapping"])


# --- the panel ---------------------------------------------------------------------------------


def test_indices_match_the_formulas_of_chapter_03():
    a = patient.evaluate_patient("patient-a")
    assert a.homa_ir == pytest.approx(112 * 18 / 405)
    assert a.homa_beta_percent == pytest.approx(360 * 18 / (112 - 63))
    assert a.quicki == pytest.approx(1 / (math.log10(18) + math.log10(112)))
    assert a.tyg_index == pytest.approx(math.log(195 * 112 / 2))
    mean_g, mean_i = np.mean([112, 176, 192, 181, 168]), np.mean([18, 88, 124, 117, 102])
    assert patient.matsuda_for_patient("patient-a") == pytest.approx(
        10_000 / math.sqrt(112 * 18 * mean_g * mean_i)
    )
    assert patient.matsuda_for_patient("patient-c") is None


def test_the_three_patients_span_the_ada_categories():
    categories = {
        pid: patient.evaluate_patient(pid).overall_category for pid in patient.patient_ids()
    }
    assert categories == {
        "patient-a": "prediabetes",
        "patient-b": "normal",
        "patient-c": "diabetes",
    }
    # Patient B: normal glucose, but insulin-resistant by HOMA with compensating β-cells.
    b = patient.evaluate_patient("patient-b")
    assert b.homa_ir > 2.5 and b.homa_beta_percent > 150


# --- teaching mappings -------------------------------------------------------------------------


def test_healthy_fasting_values_give_the_published_topp_parameters():
    assert patient.topp_si_from_fasting(100, 10) == pytest.approx(topp.DEFAULT_PARAMETERS.si)
    assert patient.topp_d0_from_fasting_glucose(100) == pytest.approx(topp.DEFAULT_PARAMETERS.d0)
    assert patient.minimal_model_si_from_topp(0.72) == pytest.approx(5e-4)


@pytest.mark.parametrize("seed", range(5))
def test_mapped_parameters_make_the_fasting_values_a_topp_steady_state(seed):
    rng = np.random.default_rng(seed)
    glucose, insulin = rng.uniform(75, 170), rng.uniform(4, 40)
    si = patient.topp_si_from_fasting(glucose, insulin)
    d0 = patient.topp_d0_from_fasting_glucose(glucose)
    params = topp.ToppParameters(si=si, d0=d0)
    healthy = topp.fixed_points(params).physiological
    assert healthy.glucose_mg_dl == pytest.approx(glucose, rel=1e-9)
    assert healthy.insulin_uu_ml == pytest.approx(insulin, rel=1e-9)
    assert healthy.stable


def test_mapping_limits_are_explained():
    with pytest.raises(ValueError, match="r1/\\(2·r2\\) = 175"):
        patient.topp_d0_from_fasting_glucose(180)
    with pytest.raises(ValueError, match="R0/EG0 = 600"):
        patient.topp_si_from_fasting(650, 10)
    with pytest.raises(ValueError, match="fasting_insulin_uu_ml"):
        patient.topp_si_from_fasting(100, 0)
    with pytest.raises(ValueError, match="params"):
        patient.topp_si_from_fasting(100, 10, params="published")
    with pytest.raises(ValueError, match="si_ml_per_uu_per_day"):
        patient.minimal_model_si_from_topp(-1)


def test_model_inputs_and_minimal_model_parameters_for_a_patient():
    inputs = patient.model_inputs("patient-a")
    assert inputs.topp_si == pytest.approx((864 / 112 - 1.44) / 18)
    assert inputs.topp_d0 == pytest.approx(0.84e-3 * 112 - 2.4e-6 * 112**2)
    assert inputs.minimal_model_si == pytest.approx(inputs.topp_si / 1440)
    params = patient.minimal_model_parameters("patient-a", si_multiplier=1.4)
    healthy = minimal_model.preset("healthy")
    assert (params.sg, params.p2) == (healthy.sg, healthy.p2)
    assert (params.gb_mg_dl, params.ib_uu_ml) == (112.0, 18.0)
    assert params.si == pytest.approx(1.4 * inputs.minimal_model_si)
    with pytest.raises(ValueError, match="si_multiplier"):
        patient.minimal_model_parameters("patient-a", si_multiplier=0)


def test_patient_ivgtt_starts_190_above_fasting_and_higher_si_clears_faster():
    before = patient.simulate_patient_ivgtt("patient-c")
    after = patient.simulate_patient_ivgtt("patient-c", si_multiplier=1.5)
    assert before.glucose_mg_dl[0] == pytest.approx(136 + 190)
    assert before.insulin_uu_ml[0] == pytest.approx(16)
    at_60 = np.searchsorted(before.t_min, 60)
    assert after.glucose_mg_dl[at_60] < before.glucose_mg_dl[at_60]
    reference = minimal_model.simulate_ivgtt(
        patient.minimal_model_parameters("patient-c"),
        before.t_min,
        insulin=minimal_model.teaching_fsigt_insulin(16),
        g0_mg_dl=326,
    )
    np.testing.assert_allclose(before.glucose_mg_dl, reference.glucose_mg_dl)


# --- interventions -----------------------------------------------------------------------------


def test_every_intervention_is_tagged_with_evidence():
    for key, chosen in patient.INTERVENTIONS.items():
        assert chosen.key == key
        assert chosen.evidence_level in patient.EVIDENCE_LEVELS
        assert chosen.evidence and chosen.model_basis
        if key != "none":
            assert chosen.citations, key
            assert "assumption" in chosen.model_basis
    assert "buxton2010" in patient.INTERVENTIONS["sleep"].citations
    assert "umpierre2011" in patient.INTERVENTIONS["activity"].citations
    assert {"knowler2002", "lean2018"} <= set(patient.INTERVENTIONS["weight_loss"].citations)


def test_citation_keys_of_interventions_exist_in_references_bib():
    bib = (Path(__file__).resolve().parents[1] / "references.bib").read_text(encoding="utf-8")
    for chosen in patient.INTERVENTIONS.values():
        for key in chosen.citations:
            assert f"{{{key}," in bib, key


def test_interventions_apply_only_where_they_have_room():
    a = patient.load_patient("patient-a").history  # 5.5 h sleep, 40 min/week, BMI 31.8
    b = patient.load_patient("patient-b").history  # 7.5 h sleep, 100 min/week, BMI 27.4
    assert patient.intervention_effect("sleep", a) == (1.25, 0.0)
    assert patient.intervention_effect("sleep", b) == (1.0, 0.0)
    assert patient.intervention_effect("activity", b) == (1.2, 0.0)
    assert patient.intervention_effect("weight_loss", a) == (1.4, 0.5)
    assert patient.intervention_effect("combined", a) == pytest.approx((1.4 * 1.25 * 1.2, 0.5))
    assert patient.intervention_effect("combined", b) == pytest.approx((1.4 * 1.2, 0.5))
    assert patient.intervention_effect("none", a) == (1.0, 0.0)
    with pytest.raises(ValueError, match="intervention must be one of"):
        patient.intervention_effect("metformin", a)
    with pytest.raises(ValueError, match="history"):
        patient.intervention_effect("sleep", {"sleep_hours_per_night": 5})


def test_intervention_values_are_checked():
    with pytest.raises(ValueError, match="evidence_level"):
        patient.Intervention("x", "X", 1.1, 0.0, "always", "STRONG", "e", (), "m")
    with pytest.raises(ValueError, match="si_multiplier"):
        patient.Intervention("x", "X", 0.5, 0.0, "always", "RCT", "e", (), "m")


# --- the decade --------------------------------------------------------------------------------


def test_year_glucose_stays_above_interpolates_and_handles_the_edges():
    assert patient.year_glucose_stays_above([0, 1, 2, 3], [110, 120, 130, 140]) == pytest.approx(
        1.6
    )
    assert patient.year_glucose_stays_above([0, 1, 2], [130, 140, 150]) == 0.0
    assert patient.year_glucose_stays_above([0, 1, 2], [130, 120, 110]) is None
    assert patient.year_glucose_stays_above([0, 1, 2], [130, 120, 140]) == pytest.approx(1.3)
    assert patient.year_glucose_stays_above([0, 2], [100, 110], threshold_mg_dl=105) == 1.0
    with pytest.raises(ValueError, match="glucose_mg_dl"):
        patient.year_glucose_stays_above([0, 1, 2], [100, 110])
    with pytest.raises(ValueError, match="t_years"):
        patient.year_glucose_stays_above([0, 2, 1], [100, 110, 120])


def test_decade_starts_at_the_patient_and_follows_the_d0_drift():
    inputs = patient.model_inputs("patient-a")
    run = patient.simulate_decade(inputs.topp_si, inputs.topp_d0)
    assert run.glucose_mg_dl[0] == pytest.approx(112, rel=1e-6)
    assert run.insulin_uu_ml[0] == pytest.approx(18, rel=1e-6)
    assert run.t_years[-1] == pytest.approx(patient.SCENARIO_YEARS)
    # Glucose follows the healthy root of the β-nullcline as d0 drifts (quasi-steady state):
    # it reaches 126 mg/dL when d0 = r1·126 − r2·126², a little later (≈0.13 years here)
    # because β-cell mass must keep growing, with glucose slightly above the root, as SI falls.
    d0_at_126 = patient.topp_d0_from_fasting_glucose(126)
    predicted = (d0_at_126 - inputs.topp_d0) / patient.NATURAL_D0_RISE_PER_YEAR
    year = patient.year_glucose_stays_above(run.t_years, run.glucose_mg_dl)
    assert predicted < year < predicted + 0.2
    assert run.si_ml_per_uu_per_day[-1] == pytest.approx(inputs.topp_si * (1 - 0.03 * 10), rel=1e-3)


def test_si_only_changes_leave_the_glucose_course_and_lower_the_beta_cell_load():
    inputs = patient.model_inputs("patient-a")
    without = patient.simulate_decade(inputs.topp_si, inputs.topp_d0)
    better_si = patient.simulate_decade(inputs.topp_si, inputs.topp_d0, si_multiplier=1.5)
    after_a_year = without.t_years >= 1
    np.testing.assert_allclose(
        better_si.glucose_mg_dl[after_a_year], without.glucose_mg_dl[after_a_year], rtol=2e-3
    )
    assert better_si.glucose_mg_dl.min() < 110  # the transient dip of an abrupt SI change
    assert better_si.beta_cell_mass_mg[-1] < 0.75 * without.beta_cell_mass_mg[-1]


def test_relieving_beta_cell_stress_delays_the_crossing():
    scenario = patient.patient_scenario("patient-a", "weight_loss")
    assert scenario.year_without == pytest.approx(3.89, abs=0.05)
    assert scenario.year_with == pytest.approx(5.87, abs=0.05)
    c = patient.patient_scenario("patient-c", "weight_loss")
    assert c.year_without == 0.0  # already above 126 mg/dL
    assert c.decade_without.beta_cell_mass_mg[-1] < 1  # collapses in the model
    assert c.year_with == pytest.approx(2.94, abs=0.05)  # below 126 for a while, then back
    b = patient.patient_scenario("patient-b", "combined")
    assert b.year_without is None and b.year_with is None


def test_decade_rejects_impossible_inputs():
    with pytest.raises(ValueError, match="d0_per_day"):
        patient.simulate_decade(0.5, 0.08)
    with pytest.raises(ValueError, match="si_ml_per_uu_per_day"):
        patient.simulate_decade(0.0, 0.06)
    with pytest.raises(ValueError, match="d0_relief_fraction"):
        patient.simulate_decade(0.5, 0.06, d0_relief_fraction=1.5)
    with pytest.raises(ValueError, match="years"):
        patient.simulate_decade(0.5, 0.06, years=0)


def test_patient_scenarios_are_cached_and_checked():
    first = patient.patient_scenario("patient-b", "activity")
    assert patient.patient_scenario("patient-b", "activity") is first
    assert first.ivgtt_glucose_at(60) < first.ivgtt_glucose_at(60, after=False)
    with pytest.raises(ValueError, match="intervention must be one of"):
        patient.patient_scenario("patient-b", "surgery")
    with pytest.raises(ValueError, match="patient_id"):
        patient.patient_scenario("patient-q", "none")


def test_fasting_threshold_is_the_ada_one():
    assert patient.ADA_DIABETES_FASTING_MG_DL == indices.ADA_FASTING_GLUCOSE_MG_DL[1] == 126
