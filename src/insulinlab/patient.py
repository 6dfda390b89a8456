"""Virtual patients for the capstone (chapter 17): history, lab panel, and teaching mappings.

A virtual patient is **fictional**: a short history and a laboratory report invented for
teaching, stored in ``insulinlab/data/virtual_patients.json``. This module loads and checks
them (:func:`load_patient`, :func:`patient_from_dict`), evaluates the panel with the chapter 03
machinery (:func:`evaluate_patient`, through :mod:`insulinlab.panel` and
:mod:`insulinlab.indices`), and maps a patient to inputs of the two Part III models:

- the Bergman minimal model (:mod:`insulinlab.minimal_model`): an IVGTT simulated with the
  patient's basal glucose and insulin and an estimated insulin sensitivity SI
  (:func:`minimal_model_parameters`, :func:`simulate_patient_ivgtt`);
- the Topp 2000 β-cell model (:mod:`insulinlab.topp`): a decade of fasting glucose, insulin and
  β-cell mass starting from the patient's current state (:func:`simulate_decade`).

Teaching mappings (our assumptions, not published methods)
----------------------------------------------------------
**Models are not patients** (FACTS.md §E6). Every mapping below is a device for reasoning,
chosen for the course; none is a validated way to estimate anything about a person.

1. *SI from the fasting steady state.* In the Topp glucose equation
   ``dG/dt = R0 − (EG0 + SI·I)·G`` a fasting person is at steady state, so
   ``SI = (R0/G − EG0)/I`` with the patient's fasting glucose G and insulin I
   (:func:`topp_si_from_fasting`). With G = 100 mg/dL and I = 10 µU/mL this returns the
   published 0.72 mL µU⁻¹ d⁻¹. Like HOMA, it assumes a steady state and reads a single fasting
   sample; it inherits the assay and conversion-factor problems of chapter 03.
2. *The same SI in the minimal model.* In both models insulin removes glucose at a rate
   SI·I·G, so the two SIs are one quantity in different time units:
   SI (min⁻¹ per µU/mL) = SI (mL µU⁻¹ d⁻¹) / 1440 (:func:`minimal_model_si_from_topp`;
   FACTS.md §B4 makes the same cross-check: 0.72/1440 = 5.0 ×10⁻⁴). The minimal model's other
   parameters (SG, p2) are the course's teaching values (FACTS.md §B3), not the patient's.
3. *β-cell stress from fasting glucose.* In the Topp model the healthy steady-state glucose
   is the lower root of r2·G² − r1·G + d0 = 0, so reading the patient's fasting glucose as
   that steady state gives the β-cell death rate ``d0 = r1·G − r2·G²``
   (:func:`topp_d0_from_fasting_glucose`). It exists only below r1/(2·r2) = 175 mg/dL: at or
   above that the model has no healthy steady state left.
4. *The natural course.* Over the decade SI falls by
   :data:`NATURAL_SI_DECLINE_FRACTION_PER_YEAR` of its starting value a year and d0 rises by
   :data:`NATURAL_D0_RISE_PER_YEAR` d⁻¹ a year: an assumed, steady drift standing for ageing
   and continued β-cell stress, not a fitted rate.
5. *Interventions* change SI by a multiplier and relieve part of the β-cell stress
   (:class:`Intervention`, :data:`INTERVENTIONS`, :func:`intervention_effect`). The sizes are
   teaching assumptions; each intervention names the evidence it is loosely anchored to and
   its evidence level. The drift of point 4 continues afterwards, from the improved values.

What the mappings imply (checked in ``tests/test_patient.py``): in the Topp model fasting
glucose at steady state depends on d0 only, so an intervention that only raises SI lowers the
insulin and β-cell mass needed but leaves the glucose trajectory (after a transient dip)
unchanged; only relief of β-cell stress moves the year at which glucose reaches 126 mg/dL.
That is a property of the model, which has no other route from sensitivity to glucose, and
the chapter says so.

Sources
-------
- Panel, indices and ADA categories: :mod:`insulinlab.panel`, :mod:`insulinlab.indices`
  (Matthews et al. 1985; Katz et al. 2000; Matsuda & DeFronzo 1999; Simental-Mendía et al.
  2008; ADA Standards of Care 2025, doi:10.2337/dc25-S002).
- Minimal model: Bergman, Ider, Bowden & Cobelli, *Am J Physiol* 1979;236(6):E667–77,
  doi:10.1152/ajpendo.1979.236.6.E667; teaching parameter values FACTS.md §B3.
- Topp model: Topp et al., *J Theor Biol* 2000;206(4):605–619, doi:10.1006/jtbi.2000.2150;
  parameters BIOMD0000000341 (FACTS.md §B4).
- Anchors of the interventions: Buxton et al., *Diabetes* 2010;59(9):2126–33 (sleep
  restriction lowered IVGTT SI by 20 %); Knowler et al., *N Engl J Med* 2002;346:393–403 (DPP:
  ≥7 % weight loss and ≥150 min/week of activity); Umpierre et al., *JAMA*
  2011;305:1790–9 (structured exercise and HbA1c); Magkos et al., *Cell Metab*
  2016;23(4):591–601 (graded weight loss improved insulin sensitivity and β-cell function);
  Taylor et al., *Cell Metab* 2018;28(4):547–56 (DiRECT: remission depended on β-cell
  recovery).

For education only; not medical advice. These patients are fictional.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from types import MappingProxyType

import numpy as np

from insulinlab import indices, minimal_model, topp
from insulinlab import panel as panel_module
from insulinlab._validate import check_positive, check_range, check_time_grid
from insulinlab.units import check_glucose_mg_dl, check_insulin_uu_ml

__all__ = [
    "ADA_DIABETES_FASTING_MG_DL",
    "DATA_FILE",
    "EVIDENCE_LEVELS",
    "INTERVENTIONS",
    "IVGTT_BOLUS_RISE_MG_DL",
    "IVGTT_TIMES_MIN",
    "MINUTES_PER_DAY",
    "NATURAL_D0_RISE_PER_YEAR",
    "NATURAL_SI_DECLINE_FRACTION_PER_YEAR",
    "SCENARIO_YEARS",
    "TEACHING_NOTE",
    "History",
    "Intervention",
    "ModelInputs",
    "OgttSamples",
    "PatientScenario",
    "VirtualPatient",
    "evaluate_patient",
    "intervention_effect",
    "load_patient",
    "matsuda_for_patient",
    "minimal_model_parameters",
    "minimal_model_si_from_topp",
    "model_inputs",
    "patient_from_dict",
    "patient_ids",
    "patient_scenario",
    "simulate_decade",
    "simulate_patient_ivgtt",
    "topp_d0_from_fasting_glucose",
    "topp_si_from_fasting",
    "year_glucose_stays_above",
]

DATA_FILE = "virtual_patients.json"
"""Name of the patients file in ``insulinlab/data``."""

TEACHING_NOTE = (
    "Fictional patient, teaching models: the mappings from a lab panel to model parameters are "
    "assumptions made for the course, and the models are tools for reasoning about mechanisms, "
    "not forecasts for any person."
)

MINUTES_PER_DAY = 1440.0
"""Converts the Topp SI (per day) to the minimal-model SI (per minute)."""

ADA_DIABETES_FASTING_MG_DL = indices.ADA_FASTING_GLUCOSE_MG_DL[1]
"""126 mg/dL, the ADA fasting-glucose threshold for diabetes (Standards of Care 2025)."""

NATURAL_SI_DECLINE_FRACTION_PER_YEAR = 0.03
"""Teaching assumption: SI falls by 3 % of its starting value a year in the natural course."""

NATURAL_D0_RISE_PER_YEAR = 0.001
"""Teaching assumption: the β-cell death rate d0 rises by 0.001 d⁻¹ a year (β-cell stress)."""

SCENARIO_YEARS = 10.0
"""Length of the decade simulations, years."""

IVGTT_TIMES_MIN = tuple(float(t) for t in range(0, 181, 2))
"""Output grid of the patient IVGTTs, min (0–180 every 2 min)."""

_HEALTHY = minimal_model.preset("healthy")
IVGTT_BOLUS_RISE_MG_DL = minimal_model.TEACHING_G0_MG_DL - _HEALTHY.gb_mg_dl
"""Rise of glucose just after the bolus, mg/dL (190: the teaching G0 of 280 less Gb of 90)."""

EVIDENCE_LEVELS = ("MA", "RCT", "EXPERIMENT", "OBS", "ANIMAL", "IN VITRO", "NONE", "—")
"""Evidence levels used to tag interventions (as in chapter 11; "—" for "no intervention")."""

SEXES = ("female", "male")

# name: (low, high, unit) for the numeric history fields.
_HISTORY_RANGES = {
    "age_years": (18.0, 100.0, "years"),
    "bmi_kg_m2": (12.0, 80.0, "kg/m²"),
    "waist_cm": (40.0, 200.0, "cm"),
    "sleep_hours_per_night": (0.0, 16.0, "h"),
    "activity_min_per_week": (0.0, 3000.0, "min/week"),
}
_REPORT_NUMBERS = (
    "fasting_glucose",
    "fasting_insulin",
    "fasting_triglycerides",
    "hba1c",
    "ogtt_2h_glucose",
)
_REPORT_UNITS = (
    "glucose_unit",
    "insulin_unit",
    "insulin_factor",
    "triglyceride_unit",
    "hba1c_unit",
)


# --------------------------------------------------------------------------------------------
# The patient: data classes and loading
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """What the patient tells the clinician (fictional).

    Attributes
    ----------
    age_years : float
        Age, years, in [18, 100].
    sex : str
        ``"female"`` or ``"male"``.
    bmi_kg_m2 : float
        Body-mass index, kg/m², in [12, 80].
    waist_cm : float
        Waist circumference, cm, in [40, 200].
    family_history : str
        Diabetes in the family, in words.
    medications : tuple of str
        Medicines currently prescribed (names only; never doses).
    sleep_hours_per_night : float
        Usual sleep, hours per night, in [0, 16].
    activity_min_per_week : float
        Planned moderate activity, minutes per week, in [0, 3000].
    notes : str
        Anything else the history records.
    """

    age_years: float
    sex: str
    bmi_kg_m2: float
    waist_cm: float
    family_history: str
    medications: tuple[str, ...]
    sleep_hours_per_night: float
    activity_min_per_week: float
    notes: str = ""


@dataclass(frozen=True)
class OgttSamples:
    """The samples of a 75-g oral glucose tolerance test, fasting sample first.

    Attributes
    ----------
    times_min : tuple of float
        Sampling times, minutes after the drink, strictly increasing from 0.
    glucose_mg_dl : tuple of float
        Glucose at those times, mg/dL.
    insulin_uu_ml : tuple of float
        Insulin at those times, µU/mL.
    """

    times_min: tuple[float, ...]
    glucose_mg_dl: tuple[float, ...]
    insulin_uu_ml: tuple[float, ...]


@dataclass(frozen=True)
class VirtualPatient:
    """A fictional patient: history, the report as printed, and the panel in standard units.

    Attributes
    ----------
    patient_id : str
        Identifier, e.g. ``"patient-a"``.
    label : str
        Short display name, e.g. ``"Patient A"``.
    summary : str
        One or two sentences of context.
    history : History
    report : Mapping
        The laboratory report as printed: values and units, keyed like the arguments of
        :func:`insulinlab.panel.panel_from_units` (read-only).
    panel : insulinlab.panel.LabPanel
        The report converted to mg/dL, µU/mL and %.
    ogtt : OgttSamples or None
        The full OGTT, if one was done.
    """

    patient_id: str
    label: str
    summary: str
    history: History
    report: Mapping
    panel: panel_module.LabPanel
    ogtt: OgttSamples | None = None


def _text(name: str, value: object, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        kind = "a string" if allow_empty else "a non-empty string"
        raise ValueError(f"{name} must be {kind}; got {value!r}")
    return value.strip()


def _mapping(name: str, value: object) -> Mapping:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a mapping (a JSON object); got {type(value).__name__}")
    return value


def _require(name: str, data: Mapping, keys: Sequence[str]) -> None:
    missing = [key for key in keys if key not in data]
    if missing:
        raise ValueError(f"{name} is missing {', '.join(missing)}")


def _history_from_dict(data: object, where: str) -> History:
    data = _mapping(f"{where}.history", data)
    fields = ("age_years", "sex", "bmi_kg_m2", "waist_cm", "family_history", "medications")
    _require(f"{where}.history", data, (*fields, "sleep_hours_per_night", "activity_min_per_week"))
    numbers = {
        name: check_range(f"{where}.history.{name}", data[name], low, high, unit)
        for name, (low, high, unit) in _HISTORY_RANGES.items()
    }
    sex = data["sex"]
    if sex not in SEXES:
        raise ValueError(f"{where}.history.sex must be one of {SEXES}; got {sex!r}")
    medications = data["medications"]
    if isinstance(medications, (str, bytes)) or not isinstance(medications, Sequence):
        raise ValueError(
            f"{where}.history.medications must be a list of names (empty if none); "
            f"got {medications!r}"
        )
    return History(
        sex=sex,
        family_history=_text(f"{where}.history.family_history", data["family_history"]),
        medications=tuple(
            _text(f"{where}.history.medications[{i}]", name) for i, name in enumerate(medications)
        ),
        notes=_text(f"{where}.history.notes", data.get("notes", ""), allow_empty=True),
        **numbers,
    )


def _report_from_dict(data: object, where: str) -> tuple[Mapping, panel_module.LabPanel]:
    data = _mapping(f"{where}.report", data)
    _require(f"{where}.report", data, ("fasting_glucose", "glucose_unit"))
    unknown = sorted(set(data) - set(_REPORT_NUMBERS) - set(_REPORT_UNITS))
    if unknown:
        raise ValueError(
            f"{where}.report has unknown fields {unknown}; accepted: "
            f"{', '.join(_REPORT_NUMBERS + _REPORT_UNITS)}"
        )
    report = {key: value for key, value in data.items() if value is not None}
    try:
        lab_panel = panel_module.panel_from_units(**report)
    except ValueError as exc:
        raise ValueError(f"{where}.report: {exc}") from None
    return MappingProxyType(dict(data)), lab_panel


def _ogtt_from_dict(data: object, where: str, glucose_unit: str) -> OgttSamples | None:
    if data is None:
        return None
    data = _mapping(f"{where}.ogtt", data)
    _require(f"{where}.ogtt", data, ("times_min", "glucose", "insulin_uu_ml"))
    series = {}
    for key in ("times_min", "glucose", "insulin_uu_ml"):
        values = data[key]
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise ValueError(f"{where}.ogtt.{key} must be a list of numbers; got {values!r}")
        series[key] = list(values)
    sizes = {len(values) for values in series.values()}
    if len(sizes) != 1 or sizes.pop() < 2:
        raise ValueError(
            f"{where}.ogtt must hold equally long lists of at least 2 samples "
            "(times_min, glucose, insulin_uu_ml)"
        )
    times = [
        check_range(f"{where}.ogtt.times_min[{i}]", t, 0.0, 300.0, "min")
        for i, t in enumerate(series["times_min"])
    ]
    if times[0] != 0.0 or any(b <= a for a, b in zip(times, times[1:], strict=False)):
        raise ValueError(
            f"{where}.ogtt.times_min must start at 0 (the fasting sample) and strictly increase"
        )
    glucose = [
        panel_module.panel_from_units(value, glucose_unit).fasting_glucose_mg_dl
        for value in series["glucose"]
    ]
    insulin = [
        check_insulin_uu_ml(value, f"{where}.ogtt.insulin_uu_ml[{i}]", positive=True)
        for i, value in enumerate(series["insulin_uu_ml"])
    ]
    return OgttSamples(tuple(times), tuple(glucose), tuple(insulin))


def patient_from_dict(data: Mapping) -> VirtualPatient:
    """Build a :class:`VirtualPatient` from one entry of the patients file, checking everything.

    Parameters
    ----------
    data : mapping
        Keys ``id``, ``label``, ``summary``, ``history`` (the fields of :class:`History`),
        ``report`` (values and units as printed, keyed like the arguments of
        :func:`insulinlab.panel.panel_from_units`; ``null`` for a test not done) and
        optionally ``ogtt`` (``times_min``, ``glucose`` in the report's glucose unit and
        ``insulin_uu_ml``).

    Returns
    -------
    VirtualPatient

    Raises
    ------
    ValueError
        Naming the field (e.g. ``patient-a.history.bmi_kg_m2``) and the accepted range or values:
        a missing field, an unknown report field or unit, an impossible lab value, an OGTT whose
        lists differ in length or whose times do not start at 0.

    Examples
    --------
    >>> patient = patient_from_dict({
    ...     "id": "demo", "label": "Demo", "summary": "A made-up example.",
    ...     "history": {"age_years": 40, "sex": "female", "bmi_kg_m2": 24, "waist_cm": 80,
    ...                 "family_history": "None known.", "medications": [],
    ...                 "sleep_hours_per_night": 7, "activity_min_per_week": 150},
    ...     "report": {"fasting_glucose": 5.5, "glucose_unit": "mmol/L",
    ...                "fasting_insulin": 60, "insulin_unit": "pmol/L"}})
    >>> round(patient.panel.fasting_glucose_mg_dl, 1), patient.panel.fasting_insulin_uu_ml
    (99.1, 10.0)
    """
    data = _mapping("patient", data)
    _require("patient", data, ("id", "label", "summary", "history", "report"))
    patient_id = _text("patient.id", data["id"])
    report, lab_panel = _report_from_dict(data["report"], patient_id)
    ogtt = _ogtt_from_dict(data.get("ogtt"), patient_id, report["glucose_unit"])
    return VirtualPatient(
        patient_id=patient_id,
        label=_text(f"{patient_id}.label", data["label"]),
        summary=_text(f"{patient_id}.summary", data["summary"]),
        history=_history_from_dict(data["history"], patient_id),
        report=report,
        panel=lab_panel,
        ogtt=ogtt,
    )


@functools.lru_cache(maxsize=1)
def _patients() -> MappingProxyType:
    path = resources.files("insulinlab") / "data" / DATA_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    patients = {}
    for entry in data["patients"]:
        patient = patient_from_dict(entry)
        if patient.patient_id in patients:
            raise ValueError(f"{DATA_FILE} lists the id {patient.patient_id!r} twice")
        patients[patient.patient_id] = patient
    return MappingProxyType(patients)


def patient_ids() -> tuple[str, ...]:
    """The ids of the virtual patients, in file order.

    Examples
    --------
    >>> patient_ids()
    ('patient-a', 'patient-b', 'patient-c')
    """
    return tuple(_patients())


def load_patient(patient_id: str) -> VirtualPatient:
    """Load one fictional patient from ``insulinlab/data/virtual_patients.json``.

    Parameters
    ----------
    patient_id : str
        One of :func:`patient_ids`.

    Raises
    ------
    ValueError
        If ``patient_id`` is not one of the ids (the message lists them).

    Examples
    --------
    >>> patient = load_patient("patient-a")
    >>> patient.label, patient.panel.fasting_glucose_mg_dl
    ('Patient A', 112.0)
    """
    patients = _patients()
    if not isinstance(patient_id, str) or patient_id not in patients:
        raise ValueError(f"patient_id must be one of {tuple(patients)}; got {patient_id!r}")
    return patients[patient_id]


def _as_patient(patient: VirtualPatient | str) -> VirtualPatient:
    if isinstance(patient, VirtualPatient):
        return patient
    return load_patient(patient)


# --------------------------------------------------------------------------------------------
# The panel
# --------------------------------------------------------------------------------------------


def evaluate_patient(patient: VirtualPatient | str) -> panel_module.PanelResult:
    """Every index and ADA category the patient's panel allows (:func:`insulinlab.panel.evaluate_panel`).

    Examples
    --------
    >>> result = evaluate_patient("patient-a")
    >>> round(result.homa_ir, 2), result.overall_category
    (4.98, 'prediabetes')
    """  # noqa: E501
    return panel_module.evaluate_panel(_as_patient(patient).panel)


def matsuda_for_patient(patient: VirtualPatient | str) -> float | None:
    """The Matsuda index from the patient's OGTT samples, or None if no OGTT was done.

    Examples
    --------
    >>> round(matsuda_for_patient("patient-a"), 2), matsuda_for_patient("patient-b")
    (1.83, None)
    """
    samples = _as_patient(patient).ogtt
    if samples is None:
        return None
    return indices.matsuda_index(samples.glucose_mg_dl, samples.insulin_uu_ml)


# --------------------------------------------------------------------------------------------
# Teaching mappings to the models
# --------------------------------------------------------------------------------------------


def _check_topp_params(params: object) -> topp.ToppParameters:
    if not isinstance(params, topp.ToppParameters):
        raise ValueError(f"params must be a ToppParameters instance; got {type(params).__name__}")
    return params


def topp_si_from_fasting(
    fasting_glucose_mg_dl: float,
    fasting_insulin_uu_ml: float,
    params: topp.ToppParameters = topp.DEFAULT_PARAMETERS,
) -> float:
    """Insulin sensitivity of the Topp model that makes the fasting values a steady state.

    ``SI = (R0/G − EG0) / I`` in mL µU⁻¹ d⁻¹ (teaching mapping 1 of the module docstring).

    Parameters
    ----------
    fasting_glucose_mg_dl : float
        Fasting glucose G, mg/dL, in [20, R0/EG0) (600 with the published values).
    fasting_insulin_uu_ml : float
        Fasting insulin I, µU/mL, in (0, 1000].
    params : ToppParameters, optional
        Only ``r0`` and ``eg0`` are used.

    Raises
    ------
    ValueError
        Naming the argument, for glucose at or above R0/EG0 (no insulin could hold it), zero
        insulin or values out of range.

    Source
    ------
    The glucose equation of Topp et al. 2000 at steady state; a teaching mapping.

    Examples
    --------
    >>> round(topp_si_from_fasting(100, 10), 6)   # the published SI
    0.72
    >>> round(topp_si_from_fasting(112, 18), 4)
    0.3486
    """
    params = _check_topp_params(params)
    ceiling = params.r0 / params.eg0
    glucose = check_glucose_mg_dl(fasting_glucose_mg_dl, "fasting_glucose_mg_dl")
    if glucose >= ceiling:
        raise ValueError(
            f"fasting_glucose_mg_dl must be below R0/EG0 = {ceiling:g} mg/dL (no insulin could "
            f"hold glucose there); got {glucose:g}"
        )
    insulin = check_insulin_uu_ml(fasting_insulin_uu_ml, "fasting_insulin_uu_ml", positive=True)
    return (params.r0 / glucose - params.eg0) / insulin


def topp_d0_from_fasting_glucose(
    fasting_glucose_mg_dl: float, params: topp.ToppParameters = topp.DEFAULT_PARAMETERS
) -> float:
    """β-cell death rate d0 (d⁻¹) for which the fasting glucose is the healthy steady state.

    ``d0 = r1·G − r2·G²``: the healthy glucose of the Topp model is the lower root of
    r2·G² − r1·G + d0 = 0 (teaching mapping 3 of the module docstring). With the published
    values, 100 mg/dL gives the published 0.06 d⁻¹ and 126 mg/dL gives 0.0677 d⁻¹.

    Parameters
    ----------
    fasting_glucose_mg_dl : float
        Fasting glucose, mg/dL, in [20, r1/(2·r2)) (175 mg/dL with the published values).
    params : ToppParameters, optional
        Only ``r1`` and ``r2`` are used.

    Raises
    ------
    ValueError
        For glucose at or above r1/(2·r2): there the model has no healthy steady state for
        any d0 (the patient would be past the saddle-node).

    Examples
    --------
    >>> round(topp_d0_from_fasting_glucose(100), 6)
    0.06
    >>> round(topp_d0_from_fasting_glucose(112), 5)
    0.06397
    """
    params = _check_topp_params(params)
    vertex = params.r1 / (2.0 * params.r2)
    glucose = check_glucose_mg_dl(fasting_glucose_mg_dl, "fasting_glucose_mg_dl")
    if glucose >= vertex:
        raise ValueError(
            f"fasting_glucose_mg_dl must be below r1/(2·r2) = {vertex:g} mg/dL to be a healthy "
            f"steady state of the Topp model; got {glucose:g}. Above it the model has no "
            "healthy state for any d0."
        )
    return params.r1 * glucose - params.r2 * glucose**2


def minimal_model_si_from_topp(si_ml_per_uu_per_day: float) -> float:
    """The same insulin sensitivity per minute: SI (min⁻¹ per µU/mL) = SI (mL/µU/d) / 1440.

    Raises
    ------
    ValueError
        If the value is not a positive number, or the result exceeds the minimal model's
        accepted 1e-2 min⁻¹ per µU/mL.

    Examples
    --------
    >>> minimal_model_si_from_topp(0.72)
    0.0005
    """
    si = check_positive("si_ml_per_uu_per_day", si_ml_per_uu_per_day, "mL/µU/d")
    return check_range(
        "minimal-model SI (si_ml_per_uu_per_day / 1440)",
        si / MINUTES_PER_DAY,
        0.0,
        minimal_model.SI_RANGE[1],
        "min⁻¹ per µU/mL",
        low_inclusive=False,
    )


@dataclass(frozen=True)
class ModelInputs:
    """A patient's fasting values and the model parameters the teaching mappings give.

    Attributes
    ----------
    fasting_glucose_mg_dl, fasting_insulin_uu_ml : float
        From the panel.
    topp_si : float
        SI of the Topp model, mL µU⁻¹ d⁻¹ (:func:`topp_si_from_fasting`).
    topp_d0 : float
        β-cell death rate d0, d⁻¹ (:func:`topp_d0_from_fasting_glucose`).
    minimal_model_si : float
        SI of the minimal model, min⁻¹ per µU/mL (= topp_si / 1440).
    """

    fasting_glucose_mg_dl: float
    fasting_insulin_uu_ml: float
    topp_si: float
    topp_d0: float
    minimal_model_si: float


def model_inputs(patient: VirtualPatient | str) -> ModelInputs:
    """Map a patient's fasting glucose and insulin to both models (teaching mappings 1–3).

    Raises
    ------
    ValueError
        If the panel has no fasting insulin, or a mapping is out of its range (see
        :func:`topp_si_from_fasting` and :func:`topp_d0_from_fasting_glucose`).

    Examples
    --------
    >>> inputs = model_inputs("patient-a")
    >>> round(inputs.topp_si, 4), round(inputs.topp_d0, 5), f"{inputs.minimal_model_si:.3g}"
    (0.3486, 0.06397, '0.000242')
    """
    lab_panel = _as_patient(patient).panel
    if lab_panel.fasting_insulin_uu_ml is None:
        raise ValueError("the patient's panel has no fasting insulin: the models need it")
    glucose, insulin = lab_panel.fasting_glucose_mg_dl, lab_panel.fasting_insulin_uu_ml
    si = topp_si_from_fasting(glucose, insulin)
    return ModelInputs(
        fasting_glucose_mg_dl=glucose,
        fasting_insulin_uu_ml=insulin,
        topp_si=si,
        topp_d0=topp_d0_from_fasting_glucose(glucose),
        minimal_model_si=minimal_model_si_from_topp(si),
    )


# --------------------------------------------------------------------------------------------
# Interventions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intervention:
    """A lifestyle intervention as the models see it, with the evidence it rests on.

    Attributes
    ----------
    key : str
        Identifier, e.g. ``"weight_loss"``.
    label : str
        Short display name.
    si_multiplier : float
        Factor on insulin sensitivity when it applies (teaching assumption), in [1, 5].
    d0_relief_fraction : float
        Fraction of the patient's β-cell stress above the published d0 (0.06 d⁻¹) that it
        removes (teaching assumption), in [0, 1].
    applies_when : str
        In words, which patients it is applied to (see :func:`intervention_effect`).
    evidence_level : str
        One of :data:`EVIDENCE_LEVELS`, for the evidence behind the *clinical* claim.
    evidence : str
        What that evidence shows, in one or two sentences.
    citations : tuple of str
        Keys in ``references.bib``.
    model_basis : str
        Where the model's numbers come from, and that they are assumptions.
    """

    key: str
    label: str
    si_multiplier: float
    d0_relief_fraction: float
    applies_when: str
    evidence_level: str
    evidence: str
    citations: tuple[str, ...]
    model_basis: str

    def __post_init__(self) -> None:
        check_range("si_multiplier", self.si_multiplier, 1.0, 5.0, "×")
        check_range("d0_relief_fraction", self.d0_relief_fraction, 0.0, 1.0, "")
        if self.evidence_level not in EVIDENCE_LEVELS:
            raise ValueError(
                f"evidence_level must be one of {EVIDENCE_LEVELS}; got {self.evidence_level!r}"
            )


SLEEP_SHORT_HOURS = 7.0
"""Sleep restoration is applied to patients who sleep less than this, h per night."""

ACTIVITY_TARGET_MIN_PER_WEEK = 150.0
"""The DPP activity goal, min/week; activity is applied to patients below it."""

WEIGHT_LOSS_BMI_FROM = 25.0
"""Weight loss is applied to patients with a BMI at or above this, kg/m²."""

INTERVENTIONS = MappingProxyType(
    {
        "none": Intervention(
            key="none",
            label="No change",
            si_multiplier=1.0,
            d0_relief_fraction=0.0,
            applies_when="always (the natural course)",
            evidence_level="—",
            evidence="The comparison arm: the natural course of the teaching model.",
            citations=(),
            model_basis="SI and β-cell stress drift as assumed for the natural course.",
        ),
        "sleep": Intervention(
            key="sleep",
            label="Sleep restored",
            si_multiplier=1.25,
            d0_relief_fraction=0.0,
            applies_when=f"sleep below {SLEEP_SHORT_HOURS:g} h a night",
            evidence_level="EXPERIMENT",
            evidence=(
                "In 20 healthy men, a week of 5 h in bed lowered IVGTT insulin sensitivity by "
                "about 20 % (clamp: 11 %). Short laboratory studies in young men; no trial has "
                "shown that extending sleep prevents diabetes."
            ),
            citations=("buxton2010", "spiegel1999"),
            model_basis=(
                "SI × 1.25 undoes a 20 % fall (1/0.8). That the fall is reversible, and that it "
                "applies to habitual short sleep, are assumptions."
            ),
        ),
        "activity": Intervention(
            key="activity",
            label="Activity ≥150 min/week",
            si_multiplier=1.2,
            d0_relief_fraction=0.0,
            applies_when=f"activity below {ACTIVITY_TARGET_MIN_PER_WEEK:g} min a week",
            evidence_level="MA",
            evidence=(
                "In a meta-analysis of 47 trials in type 2 diabetes, structured exercise "
                "lowered HbA1c by 0.67 points, more with over 150 min a week; advice alone did "
                "not. The outcome is HbA1c, not insulin sensitivity."
            ),
            citations=("umpierre2011",),
            model_basis=(
                "SI × 1.2 is a teaching assumption of modest size. Contraction-driven glucose "
                "uptake (chapter 06) is in neither model."
            ),
        ),
        "weight_loss": Intervention(
            key="weight_loss",
            label="Weight loss ≥7 %",
            si_multiplier=1.4,
            d0_relief_fraction=0.5,
            applies_when=f"BMI {WEIGHT_LOSS_BMI_FROM:g} kg/m² or more",
            evidence_level="RCT",
            evidence=(
                "DPP: a lifestyle programme aiming at ≥7 % weight loss and ≥150 min/week of "
                "activity cut diabetes incidence by 58 % in people with prediabetes. DiRECT: "
                "46 % remission at 12 months in early type 2 diabetes with total diet "
                "replacement, strongly dependent on the weight lost."
            ),
            citations=("knowler2002", "lean2018", "magkos2016", "taylor2018"),
            model_basis=(
                "SI × 1.4 and half of the excess β-cell stress removed are teaching assumptions; "
                "the direction follows graded weight loss improving insulin sensitivity and "
                "β-cell function, and remission in DiRECT depending on β-cell recovery."
            ),
        ),
        "combined": Intervention(
            key="combined",
            label="All three",
            si_multiplier=1.4 * 1.25 * 1.2,
            d0_relief_fraction=0.5,
            applies_when="each part applied as for the single interventions",
            evidence_level="RCT",
            evidence=(
                "DPP and DiRECT tested packages, not single levers; no trial adds the three "
                "effects up."
            ),
            citations=("knowler2002", "lean2018"),
            model_basis=(
                "The SI multipliers of the parts that apply are multiplied, which assumes "
                "their effects are independent: an assumption no trial has tested."
            ),
        ),
    }
)
"""The interventions of the capstone, from "no change" to all three levers combined."""


def _check_intervention(intervention: object) -> Intervention:
    if isinstance(intervention, Intervention):
        return intervention
    if not isinstance(intervention, str) or intervention not in INTERVENTIONS:
        raise ValueError(
            f"intervention must be one of {tuple(INTERVENTIONS)}; got {intervention!r}"
        )
    return INTERVENTIONS[intervention]


def intervention_effect(intervention: str | Intervention, history: History) -> tuple[float, float]:
    """The (SI multiplier, d0 relief fraction) an intervention has for this patient.

    Each lever applies only where it has room to act: sleep for patients sleeping less than
    7 h, activity below 150 min/week, weight loss at a BMI of 25 kg/m² or more; otherwise its
    multiplier is 1 and its relief 0. ``"combined"`` multiplies the multipliers of the parts
    that apply and takes the weight-loss relief if weight loss applies.

    Raises
    ------
    ValueError
        For an unknown intervention or a ``history`` that is not a :class:`History`.

    Examples
    --------
    >>> history = load_patient("patient-b").history   # sleeps 7.5 h, BMI 27.4, 100 min/week
    >>> intervention_effect("sleep", history), intervention_effect("combined", history)
    ((1.0, 0.0), (1.68, 0.5))
    """
    chosen = _check_intervention(intervention)
    if not isinstance(history, History):
        raise ValueError(f"history must be a History; got {type(history).__name__}")
    applies = {
        "none": True,
        "sleep": history.sleep_hours_per_night < SLEEP_SHORT_HOURS,
        "activity": history.activity_min_per_week < ACTIVITY_TARGET_MIN_PER_WEEK,
        "weight_loss": history.bmi_kg_m2 >= WEIGHT_LOSS_BMI_FROM,
    }
    if chosen.key == "combined":
        multiplier = math.prod(
            INTERVENTIONS[part].si_multiplier
            for part in ("sleep", "activity", "weight_loss")
            if applies[part]
        )
        relief = INTERVENTIONS["weight_loss"].d0_relief_fraction if applies["weight_loss"] else 0.0
        return round(multiplier, 12), relief
    if chosen.key in applies and not applies[chosen.key]:
        return 1.0, 0.0
    return chosen.si_multiplier, chosen.d0_relief_fraction


# --------------------------------------------------------------------------------------------
# Simulations
# --------------------------------------------------------------------------------------------


def minimal_model_parameters(
    patient: VirtualPatient | str | ModelInputs, si_multiplier: float = 1.0
) -> minimal_model.MinimalModelParameters:
    """Minimal-model parameters for a patient: Gb, Ib and SI from the panel, SG and p2 taught.

    Gb and Ib are the patient's fasting glucose and insulin; SI is
    ``model_inputs(patient).minimal_model_si × si_multiplier``; SG (0.02 min⁻¹) and p2
    (0.025 min⁻¹) are the course's teaching values (``preset("healthy")``), not the patient's.

    Raises
    ------
    ValueError
        For ``si_multiplier`` outside [0.1, 10] or a patient the mappings cannot handle.

    Examples
    --------
    >>> params = minimal_model_parameters("patient-a")
    >>> params.gb_mg_dl, params.ib_uu_ml, f"{params.si:.3g}"
    (112.0, 18.0, '0.000242')
    """
    inputs = patient if isinstance(patient, ModelInputs) else model_inputs(patient)
    multiplier = check_range("si_multiplier", si_multiplier, 0.1, 10.0, "×")
    return minimal_model.MinimalModelParameters.from_si(
        sg=_HEALTHY.sg,
        si=inputs.minimal_model_si * multiplier,
        p2=_HEALTHY.p2,
        gb_mg_dl=inputs.fasting_glucose_mg_dl,
        ib_uu_ml=inputs.fasting_insulin_uu_ml,
    )


def simulate_patient_ivgtt(
    patient: VirtualPatient | str | ModelInputs,
    si_multiplier: float = 1.0,
    t_min: Sequence[float] = IVGTT_TIMES_MIN,
) -> minimal_model.IVGTTResult:
    """An insulin-modified IVGTT for the patient (teaching insulin profile, measured basal).

    The bolus raises glucose by :data:`IVGTT_BOLUS_RISE_MG_DL` (190 mg/dL) above the
    patient's fasting glucose; insulin is :func:`insulinlab.minimal_model.teaching_fsigt_insulin`
    started from the patient's fasting insulin, the same shape for everyone, so two runs differ
    only through SI and the basal values.

    Parameters
    ----------
    patient : VirtualPatient, str or ModelInputs
    si_multiplier : float, optional
        Factor on the patient's SI (e.g. an intervention's), in [0.1, 10].
    t_min : sequence of float, optional
        Output times, min, strictly increasing within [0, 1440]; default 0–180 every 2 min.

    Raises
    ------
    ValueError
        As :func:`minimal_model_parameters` and :func:`insulinlab.minimal_model.simulate_ivgtt`.

    Examples
    --------
    >>> run = simulate_patient_ivgtt("patient-a")
    >>> float(run.glucose_mg_dl[0])
    302.0
    """
    params = minimal_model_parameters(patient, si_multiplier)
    insulin = minimal_model.teaching_fsigt_insulin(params.ib_uu_ml)
    return minimal_model.simulate_ivgtt(
        params, t_min, insulin=insulin, g0_mg_dl=params.gb_mg_dl + IVGTT_BOLUS_RISE_MG_DL
    )


def simulate_decade(
    si_ml_per_uu_per_day: float,
    d0_per_day: float,
    *,
    si_multiplier: float = 1.0,
    d0_relief_fraction: float = 0.0,
    years: float = SCENARIO_YEARS,
    n_points: int | None = None,
) -> topp.ToppRun:
    """A decade of the Topp model from the patient's current state, with an optional change now.

    The run starts at the healthy steady state for ``(si, d0)`` (the patient today). At t = 0
    the intervention multiplies SI by ``si_multiplier`` and lowers d0 by
    ``d0_relief_fraction`` × (d0 − 0.06 d⁻¹) when d0 is above the published 0.06. From then on
    the natural drift continues from the new values: SI falls by
    :data:`NATURAL_SI_DECLINE_FRACTION_PER_YEAR` of its new starting value a year (never below
    10 % of it) and d0 rises by :data:`NATURAL_D0_RISE_PER_YEAR` d⁻¹ a year (up to 0.09 d⁻¹).
    With the defaults it is the natural course.

    Parameters
    ----------
    si_ml_per_uu_per_day : float
        The patient's SI today, mL µU⁻¹ d⁻¹, in (0, 100].
    d0_per_day : float
        The patient's β-cell death rate today, d⁻¹, in (0, r1²/(4·r2)) (0.0735).
    si_multiplier : float, optional
        Factor on SI from now on, in [0.1, 10]. Default 1 (no change).
    d0_relief_fraction : float, optional
        Share of the β-cell stress above 0.06 d⁻¹ removed now, in [0, 1]. Default 0.
    years : float, optional
        Length, years, in (0, 50]. Default 10.
    n_points : int, optional
        Output times (default weekly), as in :func:`insulinlab.topp.simulate`.

    Returns
    -------
    insulinlab.topp.ToppRun
        ``t_years`` and ``glucose_mg_dl`` give the fasting-glucose trajectory.

    Raises
    ------
    ValueError
        Naming the argument, for values out of range or a d0 with no healthy state.

    Source
    ------
    Topp et al. 2000 (model); the drift and the intervention are teaching assumptions
    (module docstring, mappings 4 and 5).

    Examples
    --------
    >>> run = simulate_decade(0.3486, 0.06397)
    >>> round(float(run.glucose_mg_dl[0]), 1), round(year_glucose_stays_above(
    ...     run.t_years, run.glucose_mg_dl), 1)
    (112.0, 3.9)
    """
    params = topp.DEFAULT_PARAMETERS
    si = check_range(
        "si_ml_per_uu_per_day", si_ml_per_uu_per_day, 0.0, 100.0, "mL/µU/d", low_inclusive=False
    )
    critical = topp.critical_death_rate(params)
    d0 = check_range("d0_per_day", d0_per_day, 0.0, critical, "1/d", low_inclusive=False)
    multiplier = check_range("si_multiplier", si_multiplier, 0.1, 10.0, "×")
    relief = check_range("d0_relief_fraction", d0_relief_fraction, 0.0, 1.0, "")
    years = check_range("years", years, 0.0, 50.0, "years", low_inclusive=False)
    today = topp.fixed_points(replace(params, si=si, d0=d0)).physiological
    if today is None or d0 >= critical:
        raise ValueError(
            f"d0_per_day must leave the Topp model a healthy steady state (below "
            f"{critical:.4g} 1/d); got {d0:g}"
        )
    new_si = si * multiplier
    new_d0 = d0 - relief * max(d0 - params.d0, 0.0)
    si_schedule = topp.SIDeclineSchedule(
        NATURAL_SI_DECLINE_FRACTION_PER_YEAR * new_si,
        start_si=new_si,
        floor_si=0.1 * new_si,
    )
    d0_schedule = topp.DeathRateSchedule(
        NATURAL_D0_RISE_PER_YEAR,
        start_d0=new_d0,
        ceiling_d0=max(new_d0, topp.DeathRateSchedule.ceiling_d0),
    )
    return topp.simulate(
        years * topp.DAYS_PER_YEAR,
        initial_state=today.state,
        params=replace(params, si=new_si, d0=new_d0),
        si=si_schedule,
        d0=d0_schedule,
        n_points=n_points,
    )


def year_glucose_stays_above(
    t_years: Sequence[float],
    glucose_mg_dl: Sequence[float],
    threshold_mg_dl: float = ADA_DIABETES_FASTING_MG_DL,
) -> float | None:
    """The time from which glucose stays at or above a threshold until the end of the run.

    Finds the last sample below the threshold and interpolates linearly between it and the
    next sample. Returns 0.0 if glucose is never below the threshold, and None if it ends
    below it (it does not stay above within the run).

    Parameters
    ----------
    t_years : sequence of float
        Times, strictly increasing (any unit; the result is in the same unit).
    glucose_mg_dl : sequence of float
        Glucose at those times, mg/dL.
    threshold_mg_dl : float, optional
        Threshold, mg/dL, in [20, 1000]; default 126 (ADA fasting diabetes threshold).

    Raises
    ------
    ValueError
        For sequences of different lengths, fewer than 2 points, unsorted times or
        non-finite values.

    Examples
    --------
    >>> year_glucose_stays_above([0, 1, 2, 3], [110, 120, 130, 140])
    1.6
    >>> year_glucose_stays_above([0, 1, 2], [130, 120, 140]), year_glucose_stays_above(
    ...     [0, 1], [100, 110])
    (1.3, None)
    """
    times = check_time_grid("t_years", t_years, unit="years")
    glucose = np.asarray(glucose_mg_dl, dtype=float)
    if glucose.shape != times.shape or not np.all(np.isfinite(glucose)):
        raise ValueError(
            f"glucose_mg_dl must hold one finite value per time ({times.size}); "
            f"got shape {glucose.shape}"
        )
    threshold = check_glucose_mg_dl(threshold_mg_dl, "threshold_mg_dl")
    below = np.flatnonzero(glucose < threshold)
    if below.size == 0:
        return 0.0
    last = int(below[-1])
    if last == times.size - 1:
        return None
    t0, t1, g0, g1 = times[last], times[last + 1], glucose[last], glucose[last + 1]
    return float(t0 + (threshold - g0) / (g1 - g0) * (t1 - t0))


@dataclass(frozen=True, eq=False)
class PatientScenario:
    """One patient under one intervention, through both models.

    Attributes
    ----------
    patient : VirtualPatient
    intervention : Intervention
    si_multiplier, d0_relief_fraction : float
        The effect for this patient (:func:`intervention_effect`).
    inputs : ModelInputs
    ivgtt_before, ivgtt_after : insulinlab.minimal_model.IVGTTResult
        Today's SI and the SI after the intervention.
    decade_without, decade_with : insulinlab.topp.ToppRun
        The natural course and the course with the intervention now.
    """

    patient: VirtualPatient
    intervention: Intervention
    si_multiplier: float
    d0_relief_fraction: float
    inputs: ModelInputs
    ivgtt_before: minimal_model.IVGTTResult
    ivgtt_after: minimal_model.IVGTTResult
    decade_without: topp.ToppRun
    decade_with: topp.ToppRun

    @property
    def year_without(self) -> float | None:
        """Year from which model glucose stays ≥126 mg/dL without the intervention (or None)."""
        run = self.decade_without
        return year_glucose_stays_above(run.t_years, run.glucose_mg_dl)

    @property
    def year_with(self) -> float | None:
        """The same with the intervention (or None if it ends the decade below 126)."""
        run = self.decade_with
        return year_glucose_stays_above(run.t_years, run.glucose_mg_dl)

    def ivgtt_glucose_at(self, minute: float, after: bool = True) -> float:
        """IVGTT glucose (mg/dL) at ``minute`` after the bolus, interpolated."""
        run = self.ivgtt_after if after else self.ivgtt_before
        return float(np.interp(minute, run.t_min, run.glucose_mg_dl))


@functools.lru_cache(maxsize=64)
def _scenario(patient_id: str, intervention_key: str) -> PatientScenario:
    chosen_patient = load_patient(patient_id)
    chosen = INTERVENTIONS[intervention_key]
    multiplier, relief = intervention_effect(chosen, chosen_patient.history)
    inputs = model_inputs(chosen_patient)
    return PatientScenario(
        patient=chosen_patient,
        intervention=chosen,
        si_multiplier=multiplier,
        d0_relief_fraction=relief,
        inputs=inputs,
        ivgtt_before=simulate_patient_ivgtt(inputs),
        ivgtt_after=simulate_patient_ivgtt(inputs, multiplier),
        decade_without=simulate_decade(inputs.topp_si, inputs.topp_d0),
        decade_with=simulate_decade(
            inputs.topp_si,
            inputs.topp_d0,
            si_multiplier=multiplier,
            d0_relief_fraction=relief,
        ),
    )


def patient_scenario(patient_id: str, intervention: str = "none") -> PatientScenario:
    """Run a stored patient under an intervention in both models (results are cached).

    Parameters
    ----------
    patient_id : str
        One of :func:`patient_ids`.
    intervention : str, optional
        A key of :data:`INTERVENTIONS`; default ``"none"``.

    Raises
    ------
    ValueError
        For an unknown patient or intervention.

    Examples
    --------
    >>> scenario = patient_scenario("patient-a", "weight_loss")
    >>> scenario.si_multiplier, round(scenario.year_without, 1), round(scenario.year_with, 1)
    (1.4, 3.9, 5.9)
    """
    load_patient(patient_id)
    return _scenario(patient_id, _check_intervention(intervention).key)
