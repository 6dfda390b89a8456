"""The chapter 17 patient dashboard: one fictional patient through the panel and both models.

Built from the pieces of earlier demos: the chapter 03 lab-panel report
(:func:`insulinlab.widgets.lab_panel.format_panel_result`), an IVGTT of the minimal model
(chapter 15) and a Topp decade timeline (chapter 16). The computing lives in
:mod:`insulinlab.patient`; this module only draws and formats it.

- :func:`draw_ada_strips`, :func:`draw_ivgtt` and :func:`draw_decade` are pure drawing
  functions on given axes; :func:`dashboard_figure` puts the four panels together for one
  :class:`insulinlab.patient.PatientScenario`.
- :func:`summary_text` and :func:`frame_alt_text` describe a scenario in plain sentences;
  :func:`patient_card_html` and :func:`intervention_card_html` format the history, the panel
  and the evidence behind an intervention (all pure, unit-tested).
- :func:`patient_dashboard` is the live widget (patient and intervention buttons; needs a
  running kernel to respond).
- :func:`patient_dashboard_static` precomputes every patient × intervention frame into nested
  ``ipywidgets.Stack`` s linked with ``jslink`` to two ``ToggleButtons``, so it responds on the
  static site with no kernel (see ``STATIC_WIDGETS.md``).

Colour is never the only cue: the course without the intervention is dashed and the course
with it solid, the ADA bands are labelled with their names, and every frame's alt text and
caption state the key numbers.

Sources
-------
See :mod:`insulinlab.patient` (teaching mappings and the evidence behind each intervention),
:mod:`insulinlab.minimal_model` (Bergman et al. 1979) and :mod:`insulinlab.topp` (Topp et al.
2000). ADA thresholds: Standards of Care in Diabetes—2025, section 2, doi:10.2337/dc25-S002.

For education only; not medical advice. The patients are fictional.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np

from insulinlab import indices, patient
from insulinlab.plotting import CATEGORY_COLOURS, PALETTE
from insulinlab.widgets.lab_panel import format_panel_result
from insulinlab.widgets.static_stack import figure_to_png_bytes, linked_stack
from insulinlab.widgets.static_stack import frame_html as static_frame_html

__all__ = [
    "DASHBOARD_INTERVENTIONS",
    "FIGSIZE_IN",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "STATIC_DPI",
    "STATIC_NOTE",
    "dashboard_figure",
    "draw_ada_strips",
    "draw_decade",
    "draw_ivgtt",
    "frame_alt_text",
    "frame_html",
    "intervention_card_html",
    "patient_card_html",
    "patient_dashboard",
    "patient_dashboard_static",
    "render_frames",
    "summary_text",
    "years_phrase",
]

DASHBOARD_INTERVENTIONS = ("none", "sleep", "activity", "weight_loss", "combined")
"""The interventions offered, in button order (keys of :data:`insulinlab.patient.INTERVENTIONS`)."""

FIGSIZE_IN = (8.4, 6.6)
"""Size of the dashboard figure, inches."""

LIVE_DPI = 90
"""Resolution of the live widget's picture."""

STATIC_DPI = 72
"""Resolution of each precomputed frame of the no-kernel form."""

LIVE_UPDATE_NOTE = (
    "The buttons need a running kernel (use the launch buttons); on the static site, use the "
    "no-kernel version of the dashboard."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a patient and an intervention with the "
    "buttons. Every picture was computed when the page was built."
)

DECADE_GLUCOSE_TOP_MG_DL = 320.0
"""Upper limit of the decade glucose panel; higher values are clipped and annotated."""

_WITHOUT = {"color": PALETTE["black"], "linestyle": "--", "linewidth": 1.4}
_WITH = {"color": PALETTE["blue"], "linestyle": "-", "linewidth": 2.0}
_BAND_ALPHA = 0.22
_FONT = 8

# (label, LabPanel attribute, axis range, unit, ADA threshold pair, category function).
_STRIPS = (
    (
        "Fasting glucose",
        "fasting_glucose_mg_dl",
        (60.0, 200.0),
        "mg/dL",
        indices.ADA_FASTING_GLUCOSE_MG_DL,
        indices.ada_fasting_glucose_category,
    ),
    (
        "2-h OGTT glucose",
        "ogtt_2h_glucose_mg_dl",
        (60.0, 300.0),
        "mg/dL",
        indices.ADA_OGTT_2H_GLUCOSE_MG_DL,
        indices.ada_ogtt_2h_category,
    ),
    (
        "HbA1c",
        "hba1c_percent",
        (4.0, 9.0),
        "%",
        indices.ADA_HBA1C_PERCENT,
        indices.ada_hba1c_category,
    ),
)


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_scenario(scenario: object) -> patient.PatientScenario:
    if not isinstance(scenario, patient.PatientScenario):
        raise ValueError(
            "scenario must be a PatientScenario (from insulinlab.patient.patient_scenario); "
            f"got {type(scenario).__name__}"
        )
    return scenario


def _check_choices(name: str, values: object, allowed: Sequence[str]) -> tuple[str, ...]:
    accepted = f"a non-empty sequence of distinct values from {tuple(allowed)}"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    chosen = tuple(values)
    if any(value not in allowed for value in chosen) or len(set(chosen)) != len(chosen):
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    return chosen


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def years_phrase(year: float | None) -> str:
    """How a "stays at or above 126 mg/dL from" year reads in a sentence.

    Examples
    --------
    >>> years_phrase(None), years_phrase(0.0), years_phrase(3.89)
    ('not within 10 years', 'already now', 'from year 3.9')
    """
    if year is None:
        return f"not within {patient.SCENARIO_YEARS:g} years"
    if year == 0.0:
        return "already now"
    return f"from year {year:.1f}"


def _effect_phrase(scenario: patient.PatientScenario) -> str:
    if scenario.intervention.key == "none":
        return "no change"
    chosen = scenario.intervention
    if scenario.si_multiplier == 1.0 and scenario.d0_relief_fraction == 0.0:
        return f"{chosen.label}: not applied (only for {chosen.applies_when})"
    relief = (
        f", β-cell stress relieved by {100 * scenario.d0_relief_fraction:.0f} %"
        if scenario.d0_relief_fraction
        else ""
    )
    return f"{chosen.label}: SI × {scenario.si_multiplier:.2f}{relief}"


def summary_text(scenario: patient.PatientScenario) -> str:
    """One plain paragraph with the scenario's key numbers.

    Examples
    --------
    >>> text = summary_text(patient.patient_scenario("patient-a", "weight_loss"))
    >>> text.split(". ")[0]
    'Patient A, Weight loss ≥7 %: SI × 1.40, β-cell stress relieved by 50 %'
    """
    scenario = _check_scenario(scenario)
    result = patient.evaluate_patient(scenario.patient)
    return (
        f"{scenario.patient.label}, {_effect_phrase(scenario)}. Today: ADA category "
        f"{result.overall_category}, HOMA-IR {result.homa_ir:.2f}, estimated SI "
        f"{scenario.inputs.minimal_model_si * 1e4:.2f} ×10⁻⁴ min⁻¹ per µU/mL. IVGTT glucose at "
        f"60 min: {scenario.ivgtt_glucose_at(60, after=False):.0f} → "
        f"{scenario.ivgtt_glucose_at(60):.0f} mg/dL. Model fasting glucose at or above "
        f"126 mg/dL for good: {years_phrase(scenario.year_without)} without the change, "
        f"{years_phrase(scenario.year_with)} with it."
    )


def frame_alt_text(scenario: patient.PatientScenario) -> str:
    """Alt text for one dashboard frame: what each of the four panels shows, with numbers.

    Examples
    --------
    >>> text = frame_alt_text(patient.patient_scenario("patient-c", "weight_loss"))
    >>> "Panel C" in text and "dashed" in text and "solid" in text
    True
    """
    scenario = _check_scenario(scenario)
    lab_panel = scenario.patient.panel
    placed = []
    for label, attribute, _, unit, _, category_of in _STRIPS:
        value = getattr(lab_panel, attribute)
        if value is None:
            placed.append(f"{label} not measured")
        else:
            category = category_of(value)
            placed.append(f"{label} {value:.3g} {unit}, in the {category} band")
    without, with_ = scenario.decade_without, scenario.decade_with
    return (
        f"Dashboard for {scenario.patient.label} ({_effect_phrase(scenario)}), four panels. "
        f"Panel A places today's results on the ADA scales: {'; '.join(placed)}. "
        "Panel B, an intravenous glucose tolerance test in the minimal model over 180 minutes: "
        "glucose falls from about "
        f"{scenario.ivgtt_before.glucose_mg_dl[0]:.0f} mg/dL towards the fasting value; at 60 "
        f"minutes it is {scenario.ivgtt_glucose_at(60, after=False):.0f} mg/dL on the dashed "
        f"curve (today) and {scenario.ivgtt_glucose_at(60):.0f} mg/dL on the solid curve (with "
        "the change). Panel C, model fasting glucose over 10 years against the ADA bands: the "
        f"dashed natural course goes from {without.glucose_mg_dl[0]:.0f} to "
        f"{without.glucose_mg_dl[-1]:.0f} mg/dL and stays at or above 126 mg/dL "
        f"{years_phrase(scenario.year_without)}; the solid course with the change ends at "
        f"{with_.glucose_mg_dl[-1]:.0f} mg/dL and stays at or above 126 "
        f"{years_phrase(scenario.year_with)}. Panel D, β-cell mass as a percentage of "
        f"today's: it ends at {_beta_percent(without)[-1]:.0f} % dashed and "
        f"{_beta_percent(with_)[-1]:.0f} % solid."
    )


def _list_html(items: Sequence[tuple[str, str]]) -> str:
    rows = "".join(
        f"<li><strong>{html.escape(name)}:</strong> {html.escape(value)}</li>"
        for name, value in items
    )
    return f'<ul style="margin: 0.2em 0 0.6em 1.2em; padding: 0;">{rows}</ul>'


def patient_card_html(chosen: patient.VirtualPatient | str) -> str:
    """The patient's history, the panel report (chapter 03 format) and the model inputs.

    Examples
    --------
    >>> card = patient_card_html("patient-b")
    >>> "Patient B" in card and "HOMA-IR" in card and "fictional" in card
    True
    """
    chosen = chosen if isinstance(chosen, patient.VirtualPatient) else patient.load_patient(chosen)
    history = chosen.history
    medications = ", ".join(history.medications) if history.medications else "none"
    history_items = [
        ("Age and sex", f"{history.age_years:g} years, {history.sex}"),
        ("BMI and waist", f"{history.bmi_kg_m2:g} kg/m², waist {history.waist_cm:g} cm"),
        ("Family history", history.family_history),
        ("Medications", medications),
        ("Sleep", f"about {history.sleep_hours_per_night:g} h a night"),
        ("Planned activity", f"about {history.activity_min_per_week:g} min a week"),
    ]
    report = chosen.report
    printed = [
        f"{name.replace('_', ' ')} {report[name]:g} {report[unit]}"
        for name, unit in (
            ("fasting_glucose", "glucose_unit"),
            ("fasting_insulin", "insulin_unit"),
            ("fasting_triglycerides", "triglyceride_unit"),
            ("hba1c", "hba1c_unit"),
            ("ogtt_2h_glucose", "glucose_unit"),
        )
        if report.get(name) is not None
    ]
    matsuda = patient.matsuda_for_patient(chosen)
    matsuda_text = "no full OGTT" if matsuda is None else f"{matsuda:.2f} (from the 5-sample OGTT)"
    inputs = patient.model_inputs(chosen)
    model_items = [
        ("Matsuda index", matsuda_text),
        (
            "SI (both models)",
            f"{inputs.minimal_model_si * 1e4:.2f} ×10⁻⁴ min⁻¹ per µU/mL = "
            f"{inputs.topp_si:.3f} mL µU⁻¹ d⁻¹",
        ),
        ("β-cell death rate d0 (Topp)", f"{inputs.topp_d0:.4f} d⁻¹ (published value 0.06)"),
    ]
    return (
        '<div class="insulinlab-patient-card">'
        f"<p><strong>{html.escape(chosen.label)}</strong> (fictional). "
        f"{html.escape(chosen.summary)}</p>"
        f"{_list_html(history_items)}"
        f"<p><strong>Report as printed:</strong> {html.escape('; '.join(printed))}.</p>"
        f"{format_panel_result(patient.evaluate_patient(chosen), chosen.panel)}"
        "<p><strong>Teaching mappings to the models</strong> (assumptions, not measurements):</p>"
        f"{_list_html(model_items)}"
        f"<p><em>{html.escape(patient.TEACHING_NOTE)}</em></p></div>"
    )


def intervention_card_html(scenario: patient.PatientScenario) -> str:
    """What the intervention is, the evidence behind it and how the models represent it.

    Examples
    --------
    >>> card = intervention_card_html(patient.patient_scenario("patient-a", "sleep"))
    >>> "EXPERIMENT" in card and "buxton2010" in card
    True
    """
    scenario = _check_scenario(scenario)
    chosen = scenario.intervention
    citations = ", ".join(chosen.citations) if chosen.citations else "none"
    items = [
        ("For this patient", _effect_phrase(scenario)),
        ("Evidence level", chosen.evidence_level),
        ("Evidence", chosen.evidence),
        ("Sources (references.bib keys)", citations),
        ("In the models", chosen.model_basis),
    ]
    return f'<div class="insulinlab-intervention-card">{_list_html(items)}</div>'


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


def _style(ax) -> None:
    ax.tick_params(labelsize=_FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def draw_ada_strips(axes: Sequence, lab_panel) -> list:
    """Place a panel's fasting glucose, 2-h OGTT glucose and HbA1c on their ADA scales.

    One thin axes per test (``axes`` holds three): shaded, labelled bands for normal,
    prediabetes and diabetes, and a diamond with the value written next to it, or "not
    measured".

    Parameters
    ----------
    axes : sequence of three matplotlib.axes.Axes
    lab_panel : insulinlab.panel.LabPanel

    Returns
    -------
    list
        The marker artist of each strip (None where the test was not done).

    Raises
    ------
    ValueError
        If ``axes`` does not hold three axes.
    """
    if len(axes) != len(_STRIPS):
        raise ValueError(f"axes must hold {len(_STRIPS)} axes, one per test; got {len(axes)}")
    markers = []
    for ax, strip in zip(axes, _STRIPS, strict=True):
        label, attribute, (low, high), unit, (pre, diab), _ = strip
        bands = ((indices.NORMAL, low, pre), (indices.PREDIABETES, pre, diab))
        bands += ((indices.DIABETES, diab, high),)
        for category, start, stop in bands:
            ax.axvspan(start, stop, color=CATEGORY_COLOURS[category], alpha=0.45, lw=0)
            ax.text((start + stop) / 2, 0.82, category, ha="center", va="center", fontsize=6.5)
        value = getattr(lab_panel, attribute)
        ax.set_xlim(low, high)
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=_FONT)
        ax.tick_params(labelsize=7)
        if value is None:
            ax.text((low + high) / 2, 0.35, "not measured", ha="center", va="center", fontsize=7)
            markers.append(None)
            continue
        shown = min(max(value, low), high)
        (marker,) = ax.plot(
            [shown], [0.35], marker="D", markersize=7, color=PALETTE["black"], linestyle="none"
        )
        offset = 0.03 * (high - low)
        right = shown < low + 0.7 * (high - low)
        ax.text(
            shown + (offset if right else -offset),
            0.35,
            f"{value:.3g} {unit}",
            ha="left" if right else "right",
            va="center",
            fontsize=7,
            fontweight="bold",
        )
        markers.append(marker)
    axes[0].set_title("A · Today's results on the ADA scales", fontsize=9, loc="left")
    return markers


def draw_ivgtt(ax, scenario: patient.PatientScenario) -> tuple:
    """The patient's IVGTT glucose today (dashed) and with the intervention's SI (solid).

    Returns
    -------
    tuple
        ``(line_before, line_after)``.
    """
    scenario = _check_scenario(scenario)
    before, after = scenario.ivgtt_before, scenario.ivgtt_after
    (line_before,) = ax.plot(before.t_min, before.glucose_mg_dl, label="today (dashed)", **_WITHOUT)
    (line_after,) = ax.plot(
        after.t_min,
        after.glucose_mg_dl,
        label=f"SI × {scenario.si_multiplier:.2f} (solid)",
        **_WITH,
    )
    basal = scenario.inputs.fasting_glucose_mg_dl
    ax.axhline(basal, color="#8c8c8c", linestyle=":", linewidth=1.0)
    ax.text(178, basal, "fasting", ha="right", va="bottom", fontsize=7)
    ax.axvline(60, color="#8c8c8c", linestyle=":", linewidth=1.0)
    ax.text(
        64,
        basal + 0.45 * (float(before.glucose_mg_dl[0]) - basal),
        f"at 60 min: {scenario.ivgtt_glucose_at(60, after=False):.0f} → "
        f"{scenario.ivgtt_glucose_at(60):.0f} mg/dL",
        fontsize=7,
        va="center",
    )
    ax.set_xlim(0, 180)
    ax.set_ylim(0.8 * basal, 1.05 * float(before.glucose_mg_dl[0]))
    ax.set_xticks(range(0, 181, 30))
    ax.set_xlabel("Minutes after the glucose bolus", fontsize=_FONT)
    ax.set_ylabel("Glucose (mg/dL)", fontsize=_FONT)
    ax.set_title("B · IVGTT in the minimal model", fontsize=9, loc="left")
    ax.legend(fontsize=7, frameon=False, loc="upper right")
    _style(ax)
    return line_before, line_after


def _beta_percent(run) -> np.ndarray:
    return 100.0 * run.beta_cell_mass_mg / run.beta_cell_mass_mg[0]


def draw_decade(ax_glucose, ax_beta, scenario: patient.PatientScenario) -> tuple:
    """Model fasting glucose and β-cell mass over the decade, without (dashed) and with (solid).

    Glucose is drawn against the ADA fasting bands (clipped at 320 mg/dL, with a note when
    the model reaches its β-cell-free state); the year from which each course stays at or above
    126 mg/dL is marked. β-cell mass is shown as a percentage of today's.

    Returns
    -------
    tuple
        ``(glucose_without, glucose_with, beta_without, beta_with)`` lines.
    """
    scenario = _check_scenario(scenario)
    without, with_ = scenario.decade_without, scenario.decade_with
    highest = max(float(without.glucose_mg_dl.max()), float(with_.glucose_mg_dl.max()))
    top = min(DECADE_GLUCOSE_TOP_MG_DL, max(160.0, 20.0 * np.ceil(1.1 * highest / 20.0)))
    pre, diab = indices.ADA_FASTING_GLUCOSE_MG_DL
    for category, start, stop in (
        (indices.NORMAL, 0.0, pre),
        (indices.PREDIABETES, pre, diab),
        (indices.DIABETES, diab, top),
    ):
        ax_glucose.axhspan(start, stop, color=CATEGORY_COLOURS[category], alpha=_BAND_ALPHA, lw=0)
        label_at = max(start, 60.0) + 2.0
        ax_glucose.text(9.85, label_at, category, fontsize=6.5, ha="right", va="bottom")
    (glucose_without,) = ax_glucose.plot(
        without.t_years,
        np.minimum(without.glucose_mg_dl, top),
        label="no change (dashed)",
        **_WITHOUT,
    )
    (glucose_with,) = ax_glucose.plot(
        with_.t_years,
        np.minimum(with_.glucose_mg_dl, top),
        label=f"{scenario.intervention.label} (solid)",
        **_WITH,
    )
    for year, style, marker, below in (
        (scenario.year_without, _WITHOUT, "o", False),
        (scenario.year_with, _WITH, "D", True),
    ):
        if year is not None:
            ax_glucose.plot([year], [diab], marker=marker, color=style["color"], markersize=6)
            ax_glucose.annotate(
                f"≥126 {years_phrase(year)}",
                (year, diab),
                xytext=(4, -11 if below else 7),
                textcoords="offset points",
                fontsize=6.5,
                color=style["color"],
            )
    if highest > top:
        ax_glucose.text(
            9.9,
            top - 8,
            "clipped: the model ends at 600 mg/dL\nwith no β-cells left",
            ha="right",
            va="top",
            fontsize=6.5,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#bdbdbd"},
        )
    ax_glucose.set_ylim(60, top)
    ax_glucose.set_yticks(np.arange(80, top + 1, 40 if top > 200 else 20))
    ax_glucose.set_ylabel("Fasting glucose (mg/dL)", fontsize=_FONT)
    ax_glucose.set_title("C · Fasting glucose over a decade (Topp)", fontsize=9, loc="left")
    ax_glucose.legend(fontsize=7, frameon=False, loc="upper left")
    (beta_without,) = ax_beta.plot(without.t_years, _beta_percent(without), **_WITHOUT)
    (beta_with,) = ax_beta.plot(with_.t_years, _beta_percent(with_), **_WITH)
    ax_beta.axhline(100, color="#8c8c8c", linestyle=":", linewidth=1.0)
    highest = max(_beta_percent(without).max(), _beta_percent(with_).max(), 110.0)
    ax_beta.set_ylim(0, 1.1 * highest)
    ax_beta.set_ylabel("β-cell mass (% of today's)", fontsize=_FONT)
    ax_beta.set_title("D · β-cell mass (Topp)", fontsize=9, loc="left")
    for ax in (ax_glucose, ax_beta):
        ax.set_xlim(0, patient.SCENARIO_YEARS)
        ax.set_xlabel("Years from now", fontsize=_FONT)
        _style(ax)
    return glucose_without, glucose_with, beta_without, beta_with


def dashboard_figure(scenario: patient.PatientScenario):
    """The four-panel dashboard for one scenario, as a new Agg ``Figure`` (not pyplot).

    Examples
    --------
    >>> figure = dashboard_figure(patient.patient_scenario("patient-a", "sleep"))
    >>> len(figure.axes)
    6
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scenario = _check_scenario(scenario)
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions (left, bottom, width, height): a layout engine cannot place the thin
    # strips and would re-run on every render.
    strips = [figure.add_axes((0.2, bottom, 0.28, 0.055)) for bottom in (0.82, 0.7, 0.58)]
    draw_ada_strips(strips, scenario.patient.panel)
    draw_ivgtt(figure.add_axes((0.62, 0.56, 0.35, 0.33)), scenario)
    draw_decade(
        figure.add_axes((0.09, 0.08, 0.39, 0.36)),
        figure.add_axes((0.62, 0.08, 0.35, 0.36)),
        scenario,
    )
    figure.suptitle(
        f"{scenario.patient.label} (fictional) · {_effect_phrase(scenario)}",
        fontsize=10,
        y=0.985,
    )
    return figure


def frame_html(scenario: patient.PatientScenario, dpi: float, colours: int | None = 64) -> str:
    """One frame: the dashboard as an ``<img>`` with alt text, then the summary paragraph.

    Examples
    --------
    >>> frame_html(patient.patient_scenario("patient-b"), dpi=20)[:40]
    '<figure style="margin: 0;"><img alt="Das'
    """
    png = figure_to_png_bytes(dashboard_figure(scenario), dpi, colours)
    return static_frame_html(
        png, frame_alt_text(scenario), summary_text(scenario), max_width_px=FIGSIZE_IN[0] * 96
    )


def render_frames(
    patient_ids: Sequence[str] | None = None,
    interventions: Sequence[str] = DASHBOARD_INTERVENTIONS,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 48,
) -> dict[str, tuple[str, ...]]:
    """HTML frames (dashboard image with alt text, and the summary) per patient × intervention.

    Raises
    ------
    ValueError
        For unknown or repeated patients or interventions.
    """
    all_ids = patient.patient_ids()
    chosen_patients = _check_choices(
        "patient_ids", all_ids if patient_ids is None else patient_ids, all_ids
    )
    chosen = _check_choices("interventions", interventions, tuple(patient.INTERVENTIONS))
    return {
        patient_id: tuple(
            frame_html(patient.patient_scenario(patient_id, key), dpi, colours) for key in chosen
        )
        for patient_id in chosen_patients
    }


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>Virtual-patient dashboard.</strong> Pick a fictional patient and an "
        "intervention. Panel A places today's results on the ADA scales; B simulates an "
        "intravenous glucose tolerance test in the minimal model with the patient's estimated "
        "insulin sensitivity, before (dashed) and after (solid) the change; C and D follow the "
        "Topp model over ten years without (dashed) and with (solid) the change. "
        f"{html.escape(patient.TEACHING_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


def _buttons(options: Sequence[tuple[str, object]], description: str, **value):
    import ipywidgets as widgets

    return widgets.ToggleButtons(
        options=list(options),
        description=description,
        style={"description_width": "initial", "button_width": "auto"},
        **value,
    )


def patient_dashboard(*, dpi: float = LIVE_DPI):
    """Build the live dashboard: patient and intervention buttons, cards and the figure.

    Choosing a patient or an intervention recomputes the scenario (cached after the first
    time) and redraws. It opens on Patient A with weight loss, rendered at construction, so
    a page saved with its widget state shows that view; responding needs a running kernel
    (use :func:`patient_dashboard_static` for the static site).

    Returns
    -------
    ipywidgets.VBox
        Children: a header, the patient ``ToggleButtons``, the patient card (HTML), the
        intervention ``ToggleButtons``, the intervention card (HTML) and the frame (HTML).
    """
    import ipywidgets as widgets

    ids = patient.patient_ids()
    patients = _buttons(
        [(patient.load_patient(pid).label, pid) for pid in ids], "Patient", value=ids[0]
    )
    choices = _buttons(
        [(patient.INTERVENTIONS[key].label, key) for key in DASHBOARD_INTERVENTIONS],
        "Intervention",
        value="weight_loss",
    )
    card = widgets.HTML()
    evidence = widgets.HTML()
    frame = widgets.HTML()

    def refresh(_change=None) -> None:
        scenario = patient.patient_scenario(patients.value, choices.value)
        card.value = patient_card_html(scenario.patient)
        evidence.value = intervention_card_html(scenario)
        frame.value = frame_html(scenario, dpi)

    refresh()
    patients.observe(refresh, names="value")
    choices.observe(refresh, names="value")
    return widgets.VBox(
        [widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), patients, card, choices, evidence, frame]
    )


def patient_dashboard_static(
    patient_ids: Sequence[str] | None = None,
    interventions: Sequence[str] = DASHBOARD_INTERVENTIONS,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 48,
):
    """Build the no-kernel dashboard: every patient × intervention precomputed and linked.

    An outer ``ipywidgets.Stack`` holds one page per patient: the patient card (history,
    panel, model inputs) above an inner ``Stack`` with one child per intervention (the
    intervention card and the dashboard frame). Patient ``ToggleButtons`` are linked to the
    outer stack's ``selected_index`` and intervention ``ToggleButtons`` to every inner stack's,
    both with ``jslink`` (their ``index``, never their ``value``), so the buttons work on the
    static site with no kernel; the same cell works unchanged in a live kernel.

    Each frame is a 48-colour PNG of about 25–35 KB at 72 dpi; 3 patients × 5 interventions
    make roughly 0.5 MB of widget state.

    Parameters
    ----------
    patient_ids : sequence of str, optional
        Distinct ids from :func:`insulinlab.patient.patient_ids`; default all.
    interventions : sequence of str, optional
        Distinct keys of :data:`insulinlab.patient.INTERVENTIONS`; default
        :data:`DASHBOARD_INTERVENTIONS`.
    dpi : float, optional
        Resolution of each frame, dots per inch.
    colours : int, optional
        Palette size of each PNG.

    Returns
    -------
    ipywidgets.VBox
        Children: a header, the patient buttons, the intervention buttons and the outer
        ``Stack``. The ``jslink`` objects are kept on the box as ``box.links`` (the patient
        link first).

    Raises
    ------
    ValueError
        For unknown or repeated patients or interventions.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (nested Stacks linked with ``jslink``).
    """
    import ipywidgets as widgets

    frames = render_frames(patient_ids, interventions, dpi=dpi, colours=colours)
    chosen_patients = tuple(frames)
    chosen = _check_choices("interventions", interventions, tuple(patient.INTERVENTIONS))
    patient_buttons = _buttons(
        [(patient.load_patient(pid).label, index) for index, pid in enumerate(chosen_patients)],
        "Patient",
        index=0,
    )
    intervention_buttons = _buttons(
        [(patient.INTERVENTIONS[key].label, index) for index, key in enumerate(chosen)],
        "Intervention",
        index=0,
    )
    pages, links = [], []
    for pid in chosen_patients:
        children = [
            widgets.VBox(
                [
                    widgets.HTML(intervention_card_html(patient.patient_scenario(pid, key))),
                    widgets.HTML(frame),
                ]
            )
            for key, frame in zip(chosen, frames[pid], strict=True)
        ]
        inner, link = linked_stack(intervention_buttons, children)
        links.append(link)
        pages.append(widgets.VBox([widgets.HTML(patient_card_html(pid)), inner]))
    outer, outer_link = linked_stack(patient_buttons, pages)
    box = widgets.VBox(
        [widgets.HTML(_header_html(STATIC_NOTE)), patient_buttons, intervention_buttons, outer]
    )
    box.links = [outer_link, *links]
    return box
