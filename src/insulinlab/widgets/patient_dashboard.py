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
- :func:`build_dashboard_figure` builds the same dashboard once for the live widget, with
  every artist created up front; :meth:`DashboardFigure.update` moves it to another patient
  or intervention, and :func:`live_frame_html` shows it with :func:`live_readout_html` (the
  words a live picture leaves out: the title, panel A's values, the clipping note).
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

import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from insulinlab import indices, patient
from insulinlab.plotting import CATEGORY_COLOURS, PALETTE
from insulinlab.widgets.lab_panel import format_panel_result
from insulinlab.widgets.static_stack import (
    check_dpi,
    figure_to_png_bytes,
    linked_stack,
    live_png_bytes,
    live_renderer,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

__all__ = [
    "DASHBOARD_INTERVENTIONS",
    "FIGSIZE_IN",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "STATIC_DPI",
    "STATIC_NOTE",
    "DashboardFigure",
    "build_dashboard_figure",
    "dashboard_figure",
    "draw_ada_strips",
    "draw_decade",
    "draw_ivgtt",
    "frame_alt_text",
    "frame_html",
    "intervention_card_html",
    "live_frame_html",
    "live_readout_html",
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
    top = _decade_top(highest)
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


def _decade_top(highest: float) -> float:
    """Top of the decade glucose axis for courses peaking at ``highest`` mg/dL."""
    return float(min(DECADE_GLUCOSE_TOP_MG_DL, max(160.0, 20.0 * np.ceil(1.1 * highest / 20.0))))


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
    strips, ax_ivgtt, ax_glucose, ax_beta = _dashboard_axes(figure)
    draw_ada_strips(strips, scenario.patient.panel)
    draw_ivgtt(ax_ivgtt, scenario)
    draw_decade(ax_glucose, ax_beta, scenario)
    figure.suptitle(_figure_title(scenario), fontsize=10, y=0.985)
    return figure


# --------------------------------------------------------------------------------------------
# The live figure, built once
# --------------------------------------------------------------------------------------------


def _dashboard_axes(figure) -> tuple:
    """The six axes of a dashboard, at fixed positions: three strips, B, C and D.

    A layout engine cannot place the thin strips and would re-run on every render.
    """
    strips = [figure.add_axes((0.2, bottom, 0.28, 0.055)) for bottom in (0.82, 0.7, 0.58)]
    ax_ivgtt = figure.add_axes((0.62, 0.56, 0.35, 0.33))
    ax_glucose = figure.add_axes((0.09, 0.08, 0.39, 0.36))
    ax_beta = figure.add_axes((0.62, 0.08, 0.35, 0.36))
    return strips, ax_ivgtt, ax_glucose, ax_beta


def _figure_title(scenario: patient.PatientScenario) -> str:
    return f"{scenario.patient.label} (fictional) · {_effect_phrase(scenario)}"


@dataclass(frozen=True)
class _PatientView:
    """What a patient's frames share whatever the intervention: the axis limits (chosen to fit
    every intervention, so switching interventions never rescales an axis) and the positions
    of the IVGTT labels."""

    basal_mg_dl: float
    ivgtt_ylim: tuple[float, float]
    note_y: float
    decade_top: float
    decade_highest: float
    beta_top: float


@functools.cache
def _patient_view(patient_id: str) -> _PatientView:
    scenarios = [patient.patient_scenario(patient_id, key) for key in patient.INTERVENTIONS]
    first = scenarios[0]
    basal = first.inputs.fasting_glucose_mg_dl
    start = float(first.ivgtt_before.glucose_mg_dl[0])
    highest = max(
        float(run.glucose_mg_dl.max())
        for scenario in scenarios
        for run in (scenario.decade_without, scenario.decade_with)
    )
    beta = max(
        float(_beta_percent(run).max())
        for scenario in scenarios
        for run in (scenario.decade_without, scenario.decade_with)
    )
    return _PatientView(
        basal_mg_dl=basal,
        ivgtt_ylim=(0.8 * basal, 1.05 * start),
        note_y=basal + 0.45 * (start - basal),
        decade_top=_decade_top(highest),
        decade_highest=highest,
        beta_top=1.1 * max(beta, 110.0),
    )


def _strip_place(strip, value: float) -> tuple[float, float, str]:
    """Where a strip's marker and value label go: ``(marker x, label x, alignment)``."""
    _, _, (low, high), _, _, _ = strip
    shown = min(max(value, low), high)
    offset = 0.03 * (high - low)
    right = shown < low + 0.7 * (high - low)
    return shown, shown + (offset if right else -offset), "left" if right else "right"


@dataclass
class DashboardFigure:
    """The dashboard built once by :func:`build_dashboard_figure`; :meth:`update` moves it.

    Its artists (``artists``, by name) are all created at build time, some hidden, and an
    update only changes their data, text, position or visibility. Axis limits depend on the
    patient only (:func:`_patient_view`), so a live render redraws just what changed.
    """

    figure: object
    axes: tuple
    artists: dict
    title: object
    scenario: patient.PatientScenario
    patient_id: str = ""
    live: bool = False
    frames: dict = field(default_factory=dict)

    def update(self, patient_id: str, intervention: str = "none") -> None:
        """Show ``patient_id`` under ``intervention``; no artist or figure is created.

        Raises
        ------
        ValueError
            For an unknown patient or intervention.
        """
        scenario = patient.patient_scenario(patient_id, intervention)
        if patient_id != self.patient_id:
            self._show_patient(patient_id, scenario)
        self._show_scenario(scenario, _patient_view(patient_id))
        self.title.set_text(_figure_title(scenario))
        self.scenario = scenario

    def _show_patient(self, patient_id: str, scenario: patient.PatientScenario) -> None:
        view, parts = _patient_view(patient_id), self.artists
        for strip, (marker, label, missing) in zip(_STRIPS, parts["strips"], strict=True):
            name, attribute, _, unit, _, _ = strip
            value = getattr(scenario.patient.panel, attribute)
            measured = value is not None
            marker.set_visible(measured)
            label.set_visible(measured and not self.live)
            missing.set_visible(not measured and not self.live)
            if measured:
                shown, at, align = _strip_place(strip, value)
                marker.set_data([shown], [0.35])
                label.set_position((at, 0.35))
                label.set_horizontalalignment(align)
                label.set_text(f"{value:.3g} {unit}")
        ax_ivgtt, ax_glucose, ax_beta = self.axes[3:]
        ax_ivgtt.set_ylim(*view.ivgtt_ylim)
        parts["basal"].set_ydata([view.basal_mg_dl] * 2)
        parts["basal_label"].set_position((178, view.basal_mg_dl))
        parts["ivgtt_note"].set_position((64, view.note_y))
        top = view.decade_top
        ax_glucose.set_ylim(60, top)
        ax_glucose.set_yticks(np.arange(80, top + 1, 40 if top > 200 else 20))
        ax_beta.set_ylim(0, view.beta_top)
        self.patient_id = patient_id

    def _show_scenario(self, scenario: patient.PatientScenario, view: _PatientView) -> None:
        parts = self.artists
        before, after = scenario.ivgtt_before, scenario.ivgtt_after
        parts["ivgtt_before"].set_data(before.t_min, before.glucose_mg_dl)
        parts["ivgtt_after"].set_data(after.t_min, after.glucose_mg_dl)
        if not self.live:
            _set_label(parts["ivgtt_after"], parts["ivgtt_legend"], 1, _after_label(scenario))
        parts["ivgtt_note"].set_text(_ivgtt_note(scenario))
        without, with_ = scenario.decade_without, scenario.decade_with
        top = view.decade_top
        parts["glucose_without"].set_data(without.t_years, np.minimum(without.glucose_mg_dl, top))
        parts["glucose_with"].set_data(with_.t_years, np.minimum(with_.glucose_mg_dl, top))
        if not self.live:
            _set_label(parts["glucose_with"], parts["decade_legend"], 1, _with_label(scenario))
        diab = indices.ADA_FASTING_GLUCOSE_MG_DL[1]
        for year, marker, note in (
            (scenario.year_without, parts["year_without"], parts["year_without_note"]),
            (scenario.year_with, parts["year_with"], parts["year_with_note"]),
        ):
            marker.set_visible(year is not None)
            note.set_visible(year is not None and not self.live)
            if year is not None:
                marker.set_data([year], [diab])
                note.xy = (year, diab)
                note.set_text(f"≥126 {years_phrase(year)}")
        highest = max(float(without.glucose_mg_dl.max()), float(with_.glucose_mg_dl.max()))
        parts["clipped"].set_visible(highest > top and not self.live)
        parts["beta_without"].set_data(without.t_years, _beta_percent(without))
        parts["beta_with"].set_data(with_.t_years, _beta_percent(with_))

    @property
    def changing(self) -> list:
        """Every artist a change of patient or intervention can change (in a live figure, the
        legends and the notes it hides never change)."""
        parts = self.artists
        fixed = {"strips"}
        if self.live:
            fixed |= set(_LIVE_HIDDEN) | {"ivgtt_legend", "decade_legend"}
        found = [artist for strip in parts["strips"] for artist in strip[: 1 if self.live else 3]]
        found += [artist for name, artist in parts.items() if name not in fixed]
        return found

    def make_live(self, dpi: float | None = None) -> None:
        """Prepare the figure for a live widget (:func:`live_frame_html`).

        Text that depends on the choice would be drawn again at every render (text is the
        costliest part of a render), so it leaves the picture for the HTML beside it
        (:func:`live_readout_html` above, the summary below): the figure title, the values
        next to the panel A diamonds ("not measured" included), the IVGTT's 60-min note, the
        "≥126 from year …" notes and the note on a clipped panel C. The legends name the
        solid curves "after the change" and "with the change" (the title names the change
        and its SI factor), and the IVGTT legend names the dotted fasting level (its label
        moves with the patient). Every artist a choice can change is declared to the
        figure's :class:`~insulinlab.widgets.static_stack.BlitRenderer`; with ``dpi``, one
        frame per patient is rendered at that resolution now, so that the background of each
        patient's axis limits is cached before the first change. It ends on the scenario it
        started on.
        """
        self.live = True
        self.title.set_visible(False)
        parts = self.artists
        for name in _LIVE_HIDDEN:
            parts[name].set_visible(False)
        for _, value, missing in parts["strips"]:
            value.set_visible(False)
            missing.set_visible(False)
        ax_ivgtt = self.axes[3]
        parts["ivgtt_legend"].remove()
        parts["ivgtt_legend"] = ax_ivgtt.legend(
            [parts["ivgtt_before"], parts["ivgtt_after"], parts["basal"]],
            ["today (dashed)", "after the change (solid)", "fasting level (dotted)"],
            fontsize=7,
            frameon=False,
            loc="upper right",
        )
        _set_label(parts["glucose_with"], parts["decade_legend"], 1, "with the change (solid)")
        live_renderer(self.figure).expect_changes(self.changing)
        if dpi is None:
            return
        start = (self.patient_id, self.scenario.intervention.key)
        for patient_id in patient.patient_ids():
            self.update(patient_id, start[1])
            self.png(dpi, live=True)
        self.update(*start)

    def png(self, dpi: float, colours: int | None = 64, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`); render one figure either
        always live or never. After :meth:`make_live`, each scenario's live picture is kept
        in ``frames`` and returned again when the scenario comes back.
        """
        if not live:
            return figure_to_png_bytes(self.figure, check_dpi(dpi), colours)
        if not self.live:
            return live_png_bytes(self.figure, check_dpi(dpi), colours)
        # A live figure's picture depends on the scenario only: keep each one (15 at most).
        key = (self.patient_id, self.scenario.intervention.key, check_dpi(dpi), colours)
        if key not in self.frames:
            self.frames[key] = live_png_bytes(self.figure, key[2], colours)
        return self.frames[key]


_LIVE_HIDDEN = ("basal_label", "ivgtt_note", "year_without_note", "year_with_note", "clipped")
"""The texts a live figure leaves out (their words are in the HTML beside the picture)."""


def _set_label(line, legend, index: int, label: str) -> None:
    if line.get_label() != label:
        line.set_label(label)
        legend.get_texts()[index].set_text(label)


def _after_label(scenario: patient.PatientScenario) -> str:
    return f"SI × {scenario.si_multiplier:.2f} (solid)"


def _with_label(scenario: patient.PatientScenario) -> str:
    return f"{scenario.intervention.label} (solid)"


def _ivgtt_note(scenario: patient.PatientScenario) -> str:
    return (
        f"at 60 min: {scenario.ivgtt_glucose_at(60, after=False):.0f} → "
        f"{scenario.ivgtt_glucose_at(60):.0f} mg/dL"
    )


def build_dashboard_figure(
    patient_id: str = "patient-a", intervention: str = "weight_loss"
) -> DashboardFigure:
    """Build the dashboard figure once, for a live widget; :meth:`DashboardFigure.update`
    moves it to another patient or intervention.

    The same four panels as :func:`dashboard_figure`, drawn with the same styles, with every
    artist any scenario needs created now (hidden where unused). Axis limits fit all of a
    patient's interventions. A plain Agg ``Figure``, not registered with pyplot.

    Raises
    ------
    ValueError
        For an unknown patient or intervention.

    Examples
    --------
    >>> dashboard = build_dashboard_figure("patient-b", "sleep")
    >>> len(dashboard.figure.axes), dashboard.title.get_text()
    (6, 'Patient B (fictional) · Sleep restored: not applied (only for sleep below 7 h a night)')
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scenario = patient.patient_scenario(patient_id, intervention)
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    strips, ax_ivgtt, ax_glucose, ax_beta = _dashboard_axes(figure)
    empty: list[float] = []
    parts: dict = {"strips": []}
    for ax, strip in zip(strips, _STRIPS, strict=True):
        label, _, (low, high), _, (pre, diab), _ = strip
        bands = ((indices.NORMAL, low, pre), (indices.PREDIABETES, pre, diab))
        bands += ((indices.DIABETES, diab, high),)
        for category, start, stop in bands:
            ax.axvspan(start, stop, color=CATEGORY_COLOURS[category], alpha=0.45, lw=0)
            ax.text((start + stop) / 2, 0.82, category, ha="center", va="center", fontsize=6.5)
        ax.set_xlim(low, high)
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=_FONT)
        ax.tick_params(labelsize=7)
        missing = ax.text(
            (low + high) / 2, 0.35, "not measured", ha="center", va="center", fontsize=7
        )
        (marker,) = ax.plot(
            [low], [0.35], marker="D", markersize=7, color=PALETTE["black"], linestyle="none"
        )
        value = ax.text(low, 0.35, "", va="center", fontsize=7, fontweight="bold")
        parts["strips"].append((marker, value, missing))
    strips[0].set_title("A · Today's results on the ADA scales", fontsize=9, loc="left")

    (parts["ivgtt_before"],) = ax_ivgtt.plot(empty, empty, label="today (dashed)", **_WITHOUT)
    (parts["ivgtt_after"],) = ax_ivgtt.plot(empty, empty, label=_after_label(scenario), **_WITH)
    parts["basal"] = ax_ivgtt.axhline(90.0, color="#8c8c8c", linestyle=":", linewidth=1.0)
    parts["basal_label"] = ax_ivgtt.text(178, 90.0, "fasting", ha="right", va="bottom", fontsize=7)
    ax_ivgtt.axvline(60, color="#8c8c8c", linestyle=":", linewidth=1.0)
    parts["ivgtt_note"] = ax_ivgtt.text(64, 90.0, "", fontsize=7, va="center")
    ax_ivgtt.set_xlim(0, 180)
    ax_ivgtt.set_xticks(range(0, 181, 30))
    ax_ivgtt.set_xlabel("Minutes after the glucose bolus", fontsize=_FONT)
    ax_ivgtt.set_ylabel("Glucose (mg/dL)", fontsize=_FONT)
    ax_ivgtt.set_title("B · IVGTT in the minimal model", fontsize=9, loc="left")
    parts["ivgtt_legend"] = ax_ivgtt.legend(fontsize=7, frameon=False, loc="upper right")
    _style(ax_ivgtt)

    pre, diab = indices.ADA_FASTING_GLUCOSE_MG_DL
    for category, start, stop in (
        (indices.NORMAL, 0.0, pre),
        (indices.PREDIABETES, pre, diab),
        (indices.DIABETES, diab, DECADE_GLUCOSE_TOP_MG_DL),  # never below the axis top
    ):
        ax_glucose.axhspan(start, stop, color=CATEGORY_COLOURS[category], alpha=_BAND_ALPHA, lw=0)
        ax_glucose.text(
            9.85, max(start, 60.0) + 2.0, category, fontsize=6.5, ha="right", va="bottom"
        )
    (parts["glucose_without"],) = ax_glucose.plot(
        empty, empty, label="no change (dashed)", **_WITHOUT
    )
    (parts["glucose_with"],) = ax_glucose.plot(empty, empty, label=_with_label(scenario), **_WITH)
    for name, style, marker, below in (
        ("year_without", _WITHOUT, "o", False),
        ("year_with", _WITH, "D", True),
    ):
        (parts[name],) = ax_glucose.plot(
            [0.0], [diab], marker=marker, color=style["color"], markersize=6
        )
        parts[f"{name}_note"] = ax_glucose.annotate(
            "",
            (0.0, diab),
            xytext=(4, -11 if below else 7),
            textcoords="offset points",
            fontsize=6.5,
            color=style["color"],
        )
    parts["clipped"] = ax_glucose.text(
        9.9,
        DECADE_GLUCOSE_TOP_MG_DL - 8,
        "clipped: the model ends at 600 mg/dL\nwith no β-cells left",
        ha="right",
        va="top",
        fontsize=6.5,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#bdbdbd"},
    )
    ax_glucose.set_ylabel("Fasting glucose (mg/dL)", fontsize=_FONT)
    ax_glucose.set_title("C · Fasting glucose over a decade (Topp)", fontsize=9, loc="left")
    parts["decade_legend"] = ax_glucose.legend(fontsize=7, frameon=False, loc="upper left")
    (parts["beta_without"],) = ax_beta.plot(empty, empty, **_WITHOUT)
    (parts["beta_with"],) = ax_beta.plot(empty, empty, **_WITH)
    ax_beta.axhline(100, color="#8c8c8c", linestyle=":", linewidth=1.0)
    ax_beta.set_ylabel("β-cell mass (% of today's)", fontsize=_FONT)
    ax_beta.set_title("D · β-cell mass (Topp)", fontsize=9, loc="left")
    for ax in (ax_glucose, ax_beta):
        ax.set_xlim(0, patient.SCENARIO_YEARS)
        ax.set_xlabel("Years from now", fontsize=_FONT)
        _style(ax)
    title = figure.suptitle(_figure_title(scenario), fontsize=10, y=0.985)
    dashboard = DashboardFigure(
        figure=figure,
        axes=(*strips, ax_ivgtt, ax_glucose, ax_beta),
        artists=parts,
        title=title,
        scenario=scenario,
    )
    dashboard.update(patient_id, intervention)
    return dashboard


def live_readout_html(scenario: patient.PatientScenario) -> str:
    """The words a live picture leaves out: its title, today's results as placed in panel A
    and, when the decade panel is clipped, the note saying so.

    Examples
    --------
    >>> text = live_readout_html(patient.patient_scenario("patient-c", "none"))
    >>> "2-h OGTT glucose not measured" in text and "Clipped at 320 mg/dL" in text
    True
    """
    scenario = _check_scenario(scenario)
    placed = []
    for label, attribute, _, unit, _, category_of in _STRIPS:
        value = getattr(scenario.patient.panel, attribute)
        if value is None:
            placed.append(f"{label} not measured")
        else:
            placed.append(f"{label} {value:.3g} {unit} ({category_of(value)})")
    lines = [
        f"<strong>{html.escape(_figure_title(scenario))}</strong>",
        html.escape(f"A · Today: {'; '.join(placed)}."),
    ]
    view = _patient_view(scenario.patient.patient_id)
    without, with_ = scenario.decade_without, scenario.decade_with
    highest = max(float(without.glucose_mg_dl.max()), float(with_.glucose_mg_dl.max()))
    if highest > view.decade_top:
        lines.append(
            html.escape(
                f"C · Clipped at {view.decade_top:.0f} mg/dL: the model ends at 600 mg/dL "
                "with no β-cells left."
            )
        )
    return f'<p style="margin: 0 0 0.3em 0;">{"<br>".join(lines)}</p>'


def live_frame_html(dashboard: DashboardFigure, dpi: float, colours: int | None = 64) -> str:
    """The live widget's frame: :func:`live_readout_html`, then the picture (drawn live) with
    alt text and the summary.

    Use it with a figure prepared by :meth:`DashboardFigure.make_live`.

    Examples
    --------
    >>> dashboard = build_dashboard_figure("patient-c", "none")
    >>> dashboard.make_live()
    >>> live_frame_html(dashboard, dpi=20)[:60]
    '<p style="margin: 0 0 0.3em 0;"><strong>Patient C (fictional'
    """
    scenario = dashboard.scenario
    return live_readout_html(scenario) + static_frame_html(
        dashboard.png(dpi, colours, live=True),
        frame_alt_text(scenario),
        summary_text(scenario),
        max_width_px=FIGSIZE_IN[0] * 96,
    )


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

    Choosing a patient or an intervention moves a figure built once
    (:func:`build_dashboard_figure`) to that scenario and redraws only what changed; the
    scenarios of every patient are computed, and a picture per patient drawn, when the widget
    is built, and each scenario's picture is kept after its first showing
    (:meth:`DashboardFigure.make_live`). The title, the values of panel A and the clipping
    note are HTML above the picture (:func:`live_readout_html`). It opens on Patient A with
    weight loss, rendered at construction, so a page saved with its widget state shows that
    view; responding needs a running kernel (use :func:`patient_dashboard_static` for the
    static site).

    Returns
    -------
    ipywidgets.VBox
        Children: a header, the patient ``ToggleButtons``, the patient card (HTML), the
        intervention ``ToggleButtons``, the intervention card (HTML) and the frame (HTML).
        The :class:`DashboardFigure` is kept on the box as ``box.dashboard_figure``.

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
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
    resolution = check_dpi(dpi)
    dashboard = build_dashboard_figure(patients.value, choices.value)
    dashboard.make_live(resolution)
    card = widgets.HTML()
    evidence = widgets.HTML()
    frame = widgets.HTML()

    def refresh(_change=None) -> None:
        dashboard.update(patients.value, choices.value)
        card.value = _patient_card(patients.value)
        evidence.value = intervention_card_html(dashboard.scenario)
        frame.value = live_frame_html(dashboard, resolution)

    refresh()
    patients.observe(refresh, names="value")
    choices.observe(refresh, names="value")
    box = widgets.VBox(
        [widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), patients, card, choices, evidence, frame]
    )
    box.dashboard_figure = dashboard
    return box


@functools.cache
def _patient_card(patient_id: str) -> str:
    return patient_card_html(patient_id)


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
