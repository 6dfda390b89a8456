"""The chapter 16 demo: a decade of falling insulin sensitivity, an intervention, a phase portrait.

The model lives in :mod:`insulinlab.topp` (:func:`~insulinlab.topp.progression_scenario`); this
module only describes a scenario, summarises the simulated decade and draws it.

- :class:`TimelineScenario` is one choice of SI decline rate and intervention year (and, live,
  whether the intervention also relieves the β-cell stress); :func:`simulate_timeline` runs it
  and :func:`summarise_timeline` reduces the run to a few numbers (pure).
- :func:`summary_text` and :func:`frame_alt_text` put those numbers into words (pure,
  unit-tested).
- :func:`draw_phase_background` draws the fixed parts of a phase portrait of the published
  model on given axes: the glucose nullcline, the β-nullclines, the separatrix and the fixed
  points.
- :func:`build_timeline_figure` builds the demo figure once (glucose and β-cell mass over ten
  years on the left, the (glucose, β-cell mass) plane on the right; a plain Agg ``Figure``,
  never a pyplot one); :meth:`TimelineFigure.update` moves its lines.
- :func:`progression_timeline` is the live widget (sliders for the SI decline rate and the
  intervention year, with ``continuous_update=False``); it needs a running kernel to respond.
  Its picture has no title: the scenario's label is a line of HTML above it.
- :func:`progression_timeline_static` precomputes SI decline rates × intervention years into
  nested ``ipywidgets.Stack`` s linked with ``jslink`` to two controls, so it responds on the
  static site with no kernel (see ``STATIC_WIDGETS.md``).
- :func:`plot_progression_timeline` and :func:`plot_phase_portrait` are the chapter's static
  figures.

The scenario is a **teaching device**: insulin sensitivity falls linearly and, from year 4, the
β-cell death rate d0 rises linearly (standing for β-cell stress); an intervention restores
both as a step. Neither schedule is fitted to data, and the model leaves out much of human
physiology (no change of β-cell *function*, no ceiling on β-cell mass, no counter-regulation
against low glucose). A model is not a patient.

Colour is never the only cue: reference lines are labelled, the trajectory before the
intervention is dashed and after it solid, stable points are filled and the saddle is open,
and every frame carries alt text and a sentence with its numbers.

Sources
-------
Topp B, Promislow K, deVries G, Miura RM, Finegood DT. *J Theor Biol* 2000;206(4):605–619,
doi:10.1006/jtbi.2000.2150; parameters from BioModels BIOMD0000000341 (see
:mod:`insulinlab.topp`). ADA fasting threshold for diabetes (126 mg/dL): Standards of Care
2025, doi:10.2337/dc25-S002.

For education only; not medical advice.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from insulinlab import topp
from insulinlab._validate import check_range
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    figure_to_png_bytes,
    live_png_bytes,
    live_renderer,
    nested_linked_stacks,
    palette_with_fixed_colours,
    widget_state_size,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

TIMELINE_YEARS = 10.0
"""Length of every simulated timeline, years."""

D0_RISE_PER_YEAR = 0.004
"""Rise of the β-cell death rate d0 after :data:`D0_ONSET_YEAR`, d⁻¹ per year (teaching value)."""

D0_ONSET_YEAR = 4.0
"""Year the β-cell death rate starts to rise (teaching value)."""

SI_DECLINE_RANGE = (0.0, 0.075)
"""Range of the SI decline rate, mL/µU/d per year (SI starts at 0.72)."""

SI_DECLINE_STEP = 0.005
"""Step of the live SI-decline slider."""

INTERVENTION_RANGE = (0.5, TIMELINE_YEARS)
"""Range of the live intervention-year slider, years."""

INTERVENTION_STEP = 0.25
"""Step of the live intervention-year slider, years."""

STATIC_SI_DECLINES = (0.0, 0.02, 0.04, 0.06, 0.075)
"""SI decline rates precomputed for the no-kernel form, mL/µU/d per year."""

STATIC_INTERVENTIONS = (None, 2.0, 4.0, 6.0, 7.0, 8.0, 9.0)
"""Intervention years precomputed for the no-kernel form (None: the natural course)."""

STATIC_START = (0.04, None)
"""The frame the no-kernel form opens on: the default decline rate, no intervention."""

FIGSIZE_IN = (8.4, 4.0)
"""Size of the demo figure, inches."""

LIVE_DPI = 80
"""Resolution of the live widget's picture."""

STATIC_DPI = 72
"""Resolution of each precomputed frame of the no-kernel form."""

STATIC_COLOURS = 40
"""Palette size of each precomputed frame (fewer colours, smaller frames)."""

BETA_AXIS_MG = (1.0, 1000.0)
"""Limits of the (logarithmic) β-cell mass axis of the phase portraits, mg."""

GLUCOSE_AXIS_MG_DL = (0.0, 650.0)
"""Limits of the glucose axes, mg/dL."""

TIMELINE_BETA_TOP_MG = 550.0
"""Top of the timeline's β-cell mass axis, mg."""

DIAGNOSIS_THRESHOLD_MG_DL = 126.0
"""The ADA fasting-glucose threshold for diabetes, drawn on the timeline (mg/dL)."""

LOW_GLUCOSE_NOTE_MG_DL = 70.0
"""Below this, a frame's caption explains the glucose dip after an intervention (mg/dL)."""

TEACHING_MODEL_NOTE = (
    "A teaching model, not a patient: the falling insulin sensitivity and the rising β-cell "
    "death rate are invented schedules, not fitted to anyone, and the model leaves out "
    "β-cell function, counter-regulation and much else."
)

LIVE_UPDATE_NOTE = (
    "The sliders need a running kernel (use the launch buttons). On the static site, use the "
    "no-kernel version of this demo."
)

STATIC_NOTE = (
    "This version works without a kernel: choose how fast insulin sensitivity falls, then an "
    "intervention year. Each picture was computed when the page was built."
)

GLUCOSE_COLOUR = PALETTE["blue"]
BETA_COLOUR = PALETTE["bluish_green"]
BEFORE_COLOUR = "#7a7a7a"
SEPARATRIX_COLOUR = PALETTE["vermillion"]
INTERVENTION_COLOUR = PALETTE["black"]
NO_RETURN_COLOUR = PALETTE["reddish_purple"]
_REFERENCE_GREY = "#9a9a9a"
_COLLAPSE_FILL = "#fbe3d6"


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_dpi(dpi: object) -> float:
    return check_range("dpi", dpi, 10.0, 300.0, "dots per inch")


def _check_colours(colours: object) -> int:
    number = check_range("colours", colours, 16.0, 256.0, "colours")
    if not number.is_integer():
        raise ValueError(f"colours must be a whole number in [16, 256]; got {colours!r}")
    return int(number)


def _check_choices(name: str, values: object, low: float, high: float, unit: str, *, none_ok):
    """``values`` as 1–9 strictly increasing numbers in [low, high] (a leading None if allowed)."""
    accepted = f"a sequence of 1 to 9 distinct numbers in [{low:g}, {high:g}] {unit}"
    if none_ok:
        accepted += ", in increasing order (None, for no intervention, may come first)"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    if not 1 <= len(values) <= 9:
        raise ValueError(f"{name} must be {accepted}; got {len(values)} values")
    checked = []
    for index, value in enumerate(values):
        if value is None and none_ok and index == 0:
            checked.append(None)
            continue
        checked.append(check_range(f"{name}[{index}]", value, low, high, unit))
    numbers = [value for value in checked if value is not None]
    if any(later <= earlier for earlier, later in zip(numbers, numbers[1:], strict=False)):
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    return tuple(checked)


# --------------------------------------------------------------------------------------------
# Scenario, simulation and summaries (pure)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineScenario:
    """One choice of SI decline rate and intervention for the ten-year timeline.

    Parameters
    ----------
    si_decline_per_year : float, default 0.04
        Fall of insulin sensitivity, mL/µU/d per year (from 0.72), in :data:`SI_DECLINE_RANGE`.
    intervention_year : float or None, default None
        Year of the intervention, in [0, :data:`TIMELINE_YEARS`], or None for the natural course.
    restore_d0 : bool, default True
        True: the intervention restores SI and lowers the β-cell death rate back to 0.06 d⁻¹.
        False: it restores SI only, and d0 keeps rising.

    Raises
    ------
    ValueError
        If a value is out of range; the message names the field and the range.
    """

    si_decline_per_year: float = 0.04
    intervention_year: float | None = None
    restore_d0: bool = True

    def __post_init__(self) -> None:
        rate = check_range(
            "si_decline_per_year", self.si_decline_per_year, *SI_DECLINE_RANGE, "mL/µU/d per year"
        )
        object.__setattr__(self, "si_decline_per_year", rate)
        if self.intervention_year is not None:
            year = check_range(
                "intervention_year", self.intervention_year, 0.0, TIMELINE_YEARS, "years"
            )
            object.__setattr__(self, "intervention_year", year)
        if not isinstance(self.restore_d0, bool):
            raise ValueError(f"restore_d0 must be True or False; got {self.restore_d0!r}")

    @property
    def intervenes(self) -> bool:
        """Whether there is an intervention in the timeline."""
        return self.intervention_year is not None


def simulate_timeline(scenario: TimelineScenario) -> topp.ToppRun:
    """Simulate a scenario for :data:`TIMELINE_YEARS` years with weekly output (pure).

    Calls :func:`insulinlab.topp.progression_scenario` with the scenario's SI decline and
    intervention, and the chapter's d0 rise (:data:`D0_RISE_PER_YEAR` from
    :data:`D0_ONSET_YEAR`).

    Raises
    ------
    ValueError
        If ``scenario`` is not a :class:`TimelineScenario`.

    Examples
    --------
    >>> run = simulate_timeline(TimelineScenario())
    >>> round(float(run.t_years[-1]), 6), round(float(run.glucose_mg_dl[0]), 6)
    (10.0, 100.0)
    """
    scenario = _check_scenario(scenario)
    # Without an intervention, restore_d0 changes nothing in the run: share one cache entry.
    restore_d0 = scenario.restore_d0 or not scenario.intervenes
    return _simulate(scenario.si_decline_per_year, scenario.intervention_year, restore_d0)


@lru_cache(maxsize=512)
def _simulate(
    si_decline_per_year: float, intervention_year: float | None, restore_d0: bool
) -> topp.ToppRun:
    """:func:`simulate_timeline` without the check, cached: the live sliders revisit settings."""
    return topp.progression_scenario(
        si_decline_per_year,
        D0_RISE_PER_YEAR,
        intervention_year,
        TIMELINE_YEARS,
        d0_onset_year=D0_ONSET_YEAR,
        restore_d0=restore_d0,
    )


def _check_scenario(scenario: object) -> TimelineScenario:
    if not isinstance(scenario, TimelineScenario):
        raise ValueError(f"scenario must be a TimelineScenario; got {scenario!r}")
    return scenario


@lru_cache(maxsize=64)
def point_of_no_return_year(si_decline_per_year: float) -> float | None:
    """The point of no return of the chapter's scenario at one SI decline rate, years (cached).

    :func:`insulinlab.topp.point_of_no_return` with :data:`D0_RISE_PER_YEAR`,
    :data:`D0_ONSET_YEAR` and a 0.01-year bracket; None if an intervention at
    :data:`TIMELINE_YEARS` still rescues. At the live slider's steps the value comes from a
    stored table of that function's results (the tests recompute it), so the slider never
    waits for the bisection.

    Examples
    --------
    >>> round(point_of_no_return_year(0.04), 1)
    8.3
    """
    rate = check_range(
        "si_decline_per_year", si_decline_per_year, *SI_DECLINE_RANGE, "mL/µU/d per year"
    )
    if rate in _POINT_OF_NO_RETURN_AT_SLIDER_STEPS:
        return _POINT_OF_NO_RETURN_AT_SLIDER_STEPS[rate]
    return topp.point_of_no_return(
        rate, D0_RISE_PER_YEAR, TIMELINE_YEARS, d0_onset_year=D0_ONSET_YEAR
    )


_POINT_OF_NO_RETURN_AT_SLIDER_STEPS = {
    0.0: 8.3349609375,
    0.005: 8.3349609375,
    0.01: 8.3349609375,
    0.015: 8.3349609375,
    0.02: 8.3349609375,
    0.025: 8.3349609375,
    0.03: 8.3349609375,
    0.035: 8.3251953125,
    0.04: 8.3154296875,
    0.045: 8.3056640625,
    0.05: 8.2958984375,
    0.055: 8.2763671875,
    0.06: 8.2470703125,
    0.065: 8.2080078125,
    0.07: 8.1591796875,
    0.075: 8.0908203125,
}
"""What :func:`insulinlab.topp.point_of_no_return` returns (exactly) at every step of the live
SI-decline slider, with :data:`D0_RISE_PER_YEAR`, :data:`D0_ONSET_YEAR` and a ten-year horizon.

Each value is a bisection of a dozen runs (about 0.1 s); stored here so that moving the slider
to a new rate does not wait for it. ``tests/test_progression_timeline_widget.py`` recomputes
every entry, so a change to the model or the scenario cannot leave a stale value here."""


@dataclass(frozen=True)
class TimelineSummary:
    """A few numbers that describe one simulated decade.

    Attributes
    ----------
    scenario : TimelineScenario
        What was simulated.
    diagnosis_year, escape_year : float or None
        First years at which glucose passes 126 mg/dL (the ADA fasting threshold) and 250 mg/dL
        (the saddle's glucose); None if it never does.
    peak_beta_mg, peak_beta_year : float
        Largest β-cell mass (mg) and when it was reached (years).
    peak_insulin_uu_ml : float
        Highest insulin, µU/mL.
    si_at_end : float
        Insulin sensitivity at year 10 (or the restored value), mL/µU/d.
    glucose_at_intervention_mg_dl, beta_at_intervention_mg : float or None
        The state at the intervention (None without one).
    lowest_glucose_after_mg_dl : float or None
        Lowest glucose after the intervention (None without one).
    final_glucose_mg_dl, final_beta_mg : float
        The state at year 10.
    rescued : bool or None
        With an intervention: whether the run ends on the healthy side (see
        :class:`insulinlab.topp.InterventionOutcome`). None for the natural course.
    point_of_no_return_year : float or None
        The scenario's point of no return (restoring SI and d0), years; None if restoring SI
        alone was chosen (it never rescues here) or if there is none within ten years.
    """

    scenario: TimelineScenario
    diagnosis_year: float | None
    escape_year: float | None
    peak_beta_mg: float
    peak_beta_year: float
    peak_insulin_uu_ml: float
    si_at_end: float
    glucose_at_intervention_mg_dl: float | None
    beta_at_intervention_mg: float | None
    lowest_glucose_after_mg_dl: float | None
    final_glucose_mg_dl: float
    final_beta_mg: float
    rescued: bool | None
    point_of_no_return_year: float | None


def summarise_timeline(run: topp.ToppRun, scenario: TimelineScenario) -> TimelineSummary:
    """Summarise a run of :func:`simulate_timeline` for ``scenario`` (pure, apart from a cache).

    Raises
    ------
    ValueError
        If ``run`` is not a :class:`insulinlab.topp.ToppRun` or ``scenario`` is not a
        :class:`TimelineScenario`.

    Examples
    --------
    >>> scenario = TimelineScenario()
    >>> summary = summarise_timeline(simulate_timeline(scenario), scenario)
    >>> round(summary.diagnosis_year, 1), round(summary.peak_beta_mg)
    (6.1, 381)
    """
    scenario = _check_scenario(scenario)
    if not isinstance(run, topp.ToppRun):
        raise ValueError(f"run must be a ToppRun; got {type(run).__name__}")
    years, glucose, beta = run.t_years, run.glucose_mg_dl, run.beta_cell_mass_mg
    peak = int(np.argmax(beta))
    at_intervention = beta_at = lowest = None
    rescued = None
    if scenario.intervenes:
        before = max(int(np.searchsorted(years, scenario.intervention_year, side="left")) - 1, 0)
        at_intervention = float(glucose[before])
        beta_at = float(beta[before])
        lowest = float(np.min(glucose[years >= scenario.intervention_year]))
        end = topp.fixed_points(
            replace(
                topp.DEFAULT_PARAMETERS,
                si=float(run.si_ml_per_uu_per_day[-1]),
                d0=float(run.d0_per_day[-1]),
            )
        )
        rescued = end.physiological is not None and (
            end.saddle is None or float(beta[-1]) > end.saddle.beta_cell_mass_mg
        )
    no_return = None
    if scenario.restore_d0:
        no_return = point_of_no_return_year(scenario.si_decline_per_year)
    return TimelineSummary(
        scenario=scenario,
        diagnosis_year=topp.first_crossing_year(run, DIAGNOSIS_THRESHOLD_MG_DL),
        escape_year=topp.first_crossing_year(run, _saddle().glucose_mg_dl),
        peak_beta_mg=float(beta[peak]),
        peak_beta_year=float(years[peak]),
        peak_insulin_uu_ml=float(np.max(run.insulin_uu_ml)),
        si_at_end=float(run.si_ml_per_uu_per_day[-1]),
        glucose_at_intervention_mg_dl=at_intervention,
        beta_at_intervention_mg=beta_at,
        lowest_glucose_after_mg_dl=lowest,
        final_glucose_mg_dl=float(glucose[-1]),
        final_beta_mg=float(beta[-1]),
        rescued=None if rescued is None else bool(rescued),
        point_of_no_return_year=no_return,
    )


@lru_cache(maxsize=1)
def _saddle() -> topp.FixedPoint:
    return topp.fixed_points().saddle


@lru_cache(maxsize=1)
def _published_separatrix() -> topp.Separatrix:
    return topp.separatrix()


def scenario_label(scenario: TimelineScenario) -> str:
    """A short title for a scenario.

    Examples
    --------
    >>> scenario_label(TimelineScenario(0.02, 6.0))
    'SI falls 0.02 per year; SI and d0 restored at year 6'
    >>> scenario_label(TimelineScenario(0.0))
    'SI constant; natural course (no intervention)'
    """
    rate = scenario.si_decline_per_year
    text = f"SI falls {rate:g} per year" if rate > 0 else "SI constant"
    if not scenario.intervenes:
        return text + "; natural course (no intervention)"
    what = "SI and d0 restored" if scenario.restore_d0 else "SI alone restored"
    return f"{text}; {what} at year {scenario.intervention_year:g}"


def _year(value: float | None) -> str:
    return "never" if value is None else f"year {value:.1f}"


def summary_text(summary: TimelineSummary) -> str:
    """Two or three plain sentences about a decade: compensation, collapse or rescue.

    Examples
    --------
    >>> scenario = TimelineScenario()
    >>> text = summary_text(summarise_timeline(simulate_timeline(scenario), scenario))
    >>> text.startswith("Compensation: β-cell mass grows to 381 mg")
    True
    """
    scenario = summary.scenario
    parts = [
        f"Compensation: β-cell mass grows to {summary.peak_beta_mg:.0f} mg "
        f"(year {summary.peak_beta_year:.1f}) and insulin to {summary.peak_insulin_uu_ml:.1f} "
        "µU/mL while glucose stays near 100 mg/dL."
    ]
    if summary.diagnosis_year is None:
        parts.append("Glucose never reaches 126 mg/dL.")
    else:
        escape = (
            "never passes 250 mg/dL"
            if summary.escape_year is None
            else f"passes 250 mg/dL at year {summary.escape_year:.1f}"
        )
        parts.append(
            f"Glucose reaches 126 mg/dL at year {summary.diagnosis_year:.1f} and {escape}."
        )
    if not scenario.intervenes:
        parts.append(
            f"At year {TIMELINE_YEARS:g}: glucose {summary.final_glucose_mg_dl:.0f} mg/dL, "
            f"β-cell mass {summary.final_beta_mg:.0f} mg."
        )
    elif summary.rescued:
        parts.append(
            f"The intervention at year {scenario.intervention_year:g} (glucose "
            f"{summary.glucose_at_intervention_mg_dl:.0f} mg/dL, β-cell mass "
            f"{summary.beta_at_intervention_mg:.0f} mg) rescues: the state returns towards "
            "100 mg/dL and 300 mg."
        )
        if summary.lowest_glucose_after_mg_dl < LOW_GLUCOSE_NOTE_MG_DL:
            parts.append(
                f"Glucose first dips to {summary.lowest_glucose_after_mg_dl:.0f} mg/dL: the "
                "enlarged β-cell mass over-secretes once SI is restored, and the model has no "
                "counter-regulation."
            )
    elif scenario.restore_d0:
        parts.append(
            f"The intervention at year {scenario.intervention_year:g} comes too late: β-cell "
            f"mass ({summary.beta_at_intervention_mg:.0f} mg) is already below the separatrix "
            f"(about {_saddle().beta_cell_mass_mg:.0f} mg), so the state still collapses."
        )
    else:
        parts.append(
            f"Restoring SI alone at year {scenario.intervention_year:g} does not help: d0 keeps "
            f"rising past the critical {topp.critical_death_rate():.4f} per day and the "
            "β-cells collapse anyway."
        )
    if summary.point_of_no_return_year is not None:
        parts.append(f"Point of no return: year {summary.point_of_no_return_year:.1f}.")
    return " ".join(parts)


def frame_alt_text(summary: TimelineSummary) -> str:
    """Alt text for one frame: what the three charts show, with the key numbers.

    Examples
    --------
    >>> scenario = TimelineScenario()
    >>> alt = frame_alt_text(summarise_timeline(simulate_timeline(scenario), scenario))
    >>> alt.startswith("Three charts. SI falls 0.04 per year; natural course")
    True
    """
    scenario = summary.scenario
    intervention = "no intervention line"
    if scenario.intervenes:
        intervention = (
            f"a solid vertical line marks the intervention at year {scenario.intervention_year:g}"
        )
    no_return = ""
    if summary.point_of_no_return_year is not None:
        no_return = (
            f"; a dashed vertical line marks the point of no return at year "
            f"{summary.point_of_no_return_year:.1f}"
        )
    if not scenario.intervenes:
        outcome = "no intervention"
    elif summary.rescued:
        outcome = "after the intervention it returns to the healthy point"
    else:
        outcome = "it still ends at the β-free point"
    return (
        f"Three charts. {scenario_label(scenario)}. Left top: glucose against years 0 to "
        f"{TIMELINE_YEARS:g}, with reference lines at 100, 126 and 250 mg/dL; glucose reaches "
        f"126 mg/dL at {_year(summary.diagnosis_year)} and 250 mg/dL at "
        f"{_year(summary.escape_year)}, ending at {summary.final_glucose_mg_dl:.0f} mg/dL. "
        f"Left bottom: β-cell mass, peaking at {summary.peak_beta_mg:.0f} mg in year "
        f"{summary.peak_beta_year:.1f} and ending at {summary.final_beta_mg:.0f} mg; "
        f"{intervention}{no_return}. Right: the path in the plane of glucose (horizontal) and "
        "β-cell mass (vertical, logarithmic), over the published model's glucose nullcline, the "
        "vertical β-nullclines at 100 and 250 mg/dL, the healthy point at 100 mg/dL and 300 mg, "
        "the saddle at 250 mg/dL and 37 mg and a nearly flat separatrix near 37 mg with the "
        f"collapse region shaded below it; {outcome}."
    )


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


def draw_phase_background(ax, *, labels: bool = True, fontsize: float = 7.5) -> None:
    """The fixed parts of a phase portrait of the published model, on given axes.

    Glucose (mg/dL) on x and β-cell mass (mg, logarithmic, :data:`BETA_AXIS_MG`) on y: the
    glucose nullcline (:func:`insulinlab.topp.glucose_nullcline`), the β-nullclines (vertical
    dashed lines at the two roots, 100 and 250 mg/dL), the separatrix
    (:func:`insulinlab.topp.separatrix`) with the collapse region shaded below it, and the
    fixed points: stable ones filled, the saddle open; the β-free point (600 mg/dL, β = 0) is
    drawn on the bottom edge.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on; their scales and limits are set here.
    labels : bool, default True
        Write short labels next to the points and curves.
    fontsize : float, default 7.5
        Size of the labels, points.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> draw_phase_background(ax)
    >>> ax.get_yscale()
    'log'
    """
    points = topp.fixed_points()
    healthy, saddle, free = points.physiological, points.saddle, points.pathological
    ceiling = free.glucose_mg_dl
    low_beta, high_beta = BETA_AXIS_MG
    ax.set_yscale("log")
    ax.set_xlim(*GLUCOSE_AXIS_MG_DL)
    ax.set_ylim(low_beta, high_beta)
    curve = _published_separatrix()
    ax.fill_between(
        curve.glucose_mg_dl,
        low_beta,
        curve.beta_cell_mass_mg,
        color=_COLLAPSE_FILL,
        zorder=0,
        linewidth=0,
    )
    ax.plot(
        curve.glucose_mg_dl,
        curve.beta_cell_mass_mg,
        color=SEPARATRIX_COLOUR,
        linestyle=(0, (4, 2)),
        linewidth=1.4,
        zorder=2,
    )
    glucose = np.linspace(40.0, ceiling, 300)
    nullcline = np.maximum(topp.glucose_nullcline(glucose), low_beta)
    ax.plot(glucose, nullcline, color=PALETTE["black"], linewidth=1.0, zorder=2)
    for point in (healthy, saddle):
        ax.axvline(
            point.glucose_mg_dl, color=_REFERENCE_GREY, linestyle="--", linewidth=0.8, zorder=1
        )
    ax.plot(*healthy.state[::2], "o", color=PALETTE["black"], markersize=6, zorder=5)
    ax.plot(
        *saddle.state[::2],
        "o",
        markerfacecolor="white",
        markeredgecolor=PALETTE["black"],
        markersize=6,
        zorder=5,
    )
    ax.plot(ceiling, low_beta, "s", color=PALETTE["black"], markersize=6, clip_on=False, zorder=5)
    ax.set_xlabel("Glucose (mg/dL)", fontsize=fontsize + 1)
    ax.set_ylabel("β-cell mass (mg, log scale)", fontsize=fontsize + 1)
    ax.tick_params(labelsize=fontsize)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not labels:
        return
    text = {"fontsize": fontsize, "zorder": 6}
    ax.annotate(
        "healthy\n(100, 300)",
        healthy.state[::2],
        xytext=(-8, 6),
        textcoords="offset points",
        ha="right",
        **text,
    )
    ax.annotate(
        "saddle (250, 37)",
        saddle.state[::2],
        xytext=(-6, -12),
        textcoords="offset points",
        ha="right",
        **text,
    )
    ax.annotate(
        "β-free\n(600, 0)",
        (ceiling, low_beta),
        xytext=(-16, 10),
        textcoords="offset points",
        ha="right",
        **text,
    )
    ax.text(12.0, 1.6, "collapse region (below the separatrix)", color="#8a3a10", **text)
    ax.text(540.0, 42.0, "separatrix", color="#8a3a10", ha="right", **text)
    ax.annotate(
        "glucose nullcline",
        (130.0, float(topp.glucose_nullcline(130.0))),
        xytext=(200.0, 520.0),
        arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.7},
        **text,
    )


@dataclass
class TimelineFigure:
    """The demo figure, built once by :func:`build_timeline_figure`; :meth:`update` moves it.

    With ``title_in_figure`` False the figure's title stays empty and :func:`frame_html` puts
    the scenario's label above the picture as HTML instead (the live widget: a title rewritten
    on every change is the costliest thing to draw).
    """

    figure: object
    ax_glucose: object
    ax_beta: object
    ax_phase: object
    glucose_line: object
    beta_line: object
    phase_before: object
    phase_after: object
    intervention_lines: list
    no_return_lines: list
    intervention_marker: object
    end_marker: object
    title: object
    scenario: TimelineScenario | None = None
    summary: TimelineSummary | None = None
    title_in_figure: bool = True

    def update(self, scenario: TimelineScenario) -> TimelineSummary:
        """Simulate ``scenario`` and move the lines; return its :class:`TimelineSummary`.

        Only line data, the vertical markers and the title (when ``title_in_figure``) change;
        no figure is created.

        Raises
        ------
        ValueError
            If ``scenario`` is not a :class:`TimelineScenario`.
        """
        scenario = _check_scenario(scenario)
        run = simulate_timeline(scenario)
        summary = summarise_timeline(run, scenario)
        years, glucose, beta = run.t_years, run.glucose_mg_dl, run.beta_cell_mass_mg
        self.glucose_line.set_data(years, glucose)
        self.beta_line.set_data(years, beta)
        shown_beta = np.maximum(beta, BETA_AXIS_MG[0])
        if scenario.intervenes:
            cut = int(np.searchsorted(years, scenario.intervention_year, side="left"))
            cut = min(max(cut, 1), len(years) - 1)
            self.phase_before.set_data(glucose[: cut + 1], shown_beta[: cut + 1])
            self.phase_after.set_data(glucose[cut:], shown_beta[cut:])
            self.intervention_marker.set_data([glucose[cut - 1]], [shown_beta[cut - 1]])
        else:
            self.phase_before.set_data(glucose, shown_beta)
            self.phase_after.set_data([], [])
            self.intervention_marker.set_data([], [])
        self.end_marker.set_data([glucose[-1]], [shown_beta[-1]])
        for line in self.intervention_lines:
            line.set_visible(scenario.intervenes)
            if scenario.intervenes:
                line.set_xdata([scenario.intervention_year] * 2)
        no_return = summary.point_of_no_return_year
        for line in self.no_return_lines:
            line.set_visible(no_return is not None)
            if no_return is not None:
                line.set_xdata([no_return] * 2)
        self.title.set_text(scenario_label(scenario) if self.title_in_figure else "")
        self.scenario, self.summary = scenario, summary
        return summary

    @property
    def changing_artists(self) -> list:
        """The artists :meth:`update` changes (for ``BlitRenderer.expect_changes``)."""
        return [
            self.glucose_line,
            self.beta_line,
            self.phase_before,
            self.phase_after,
            self.intervention_marker,
            self.end_marker,
            *self.intervention_lines,
            *self.no_return_lines,
            self.title,
        ]

    def png(self, dpi: float, colours: int | None = STATIC_COLOURS, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (same pixels; see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`).
        """
        resolution = _check_dpi(dpi)
        palette_size = None if colours is None else _check_colours(colours)
        if live:
            return live_png_bytes(self.figure, resolution, palette_size, _own_colours_palette)
        return figure_to_png_bytes(self.figure, resolution, palette_size, _own_colours_palette)


def _own_colours_palette(image, colours: int):
    """A palette keeping the figure's own colours exactly, then adaptive entries (live and static).

    An adaptive palette alone turns the pale collapse region grey and merges near colours.
    """
    fixed = (
        "#ffffff",
        _COLLAPSE_FILL,
        GLUCOSE_COLOUR,
        BETA_COLOUR,
        BEFORE_COLOUR,
        SEPARATRIX_COLOUR,
        NO_RETURN_COLOUR,
        INTERVENTION_COLOUR,
        _REFERENCE_GREY,
        "#e5e5e5",
    )
    rgb = [tuple(int(code[i : i + 2], 16) for i in (1, 3, 5)) for code in fixed]
    return palette_with_fixed_colours(image, colours, rgb)


def _style_timeline_axes(ax_glucose, ax_beta, fontsize: float = 7.5) -> None:
    for ax in (ax_glucose, ax_beta):
        ax.set_xlim(0.0, TIMELINE_YEARS)
        ax.set_xticks(np.arange(0.0, TIMELINE_YEARS + 0.1, 2.0))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.tick_params(labelsize=fontsize)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    ax_glucose.tick_params(labelbottom=False)
    ax_glucose.set_ylim(*GLUCOSE_AXIS_MG_DL)
    ax_beta.set_ylim(0.0, TIMELINE_BETA_TOP_MG)
    ax_glucose.set_ylabel("Glucose (mg/dL)", fontsize=fontsize + 1)
    ax_beta.set_ylabel("β-cell mass (mg)", fontsize=fontsize + 1)
    ax_beta.set_xlabel("Years", fontsize=fontsize + 1)
    references = (
        (100.0, ":", "100 (healthy)", -48.0),
        (DIAGNOSIS_THRESHOLD_MG_DL, "--", "126 (ADA diabetes threshold)", 10.0),
        (250.0, ":", "250 (saddle)", 10.0),
    )
    for level, style, label, offset in references:
        ax_glucose.axhline(level, color=_REFERENCE_GREY, linestyle=style, linewidth=0.8)
        ax_glucose.text(0.1, level + offset, label, fontsize=fontsize - 0.5, color="#555555")
    ax_beta.axhline(300.0, color=_REFERENCE_GREY, linestyle=":", linewidth=0.8)
    ax_beta.text(0.1, 308.0, "300 (healthy)", fontsize=fontsize - 0.5, color="#555555")


def build_timeline_figure(
    scenario: TimelineScenario | None = None, *, title_in_figure: bool = True
) -> TimelineFigure:
    """Build the demo figure once: the decade on the left, the phase plane on the right.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot, so it never shows up twice in a notebook and needs no closing.

    Parameters
    ----------
    scenario : TimelineScenario, optional
        What to show first; default ``TimelineScenario()`` (SI falls 0.04 per year, no
        intervention).
    title_in_figure : bool, default True
        Write the scenario's label as the figure's title; False leaves the title empty and
        :func:`frame_html` puts the label above the picture (the live widget).

    Examples
    --------
    >>> timeline = build_timeline_figure(TimelineScenario(0.02, 6.0))
    >>> timeline.title.get_text()
    'SI falls 0.02 per year; SI and d0 restored at year 6'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scenario = TimelineScenario() if scenario is None else _check_scenario(scenario)
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions: a layout engine would re-run on every render.
    ax_glucose = figure.add_axes((0.08, 0.55, 0.40, 0.34))
    ax_beta = figure.add_axes((0.08, 0.12, 0.40, 0.34), sharex=ax_glucose)
    ax_phase = figure.add_axes((0.60, 0.12, 0.38, 0.77))
    _style_timeline_axes(ax_glucose, ax_beta)
    draw_phase_background(ax_phase, labels=True, fontsize=7.0)
    (glucose_line,) = ax_glucose.plot([], [], color=GLUCOSE_COLOUR, linewidth=2.0, zorder=3)
    (beta_line,) = ax_beta.plot([], [], color=BETA_COLOUR, linewidth=2.0, zorder=3)
    (phase_before,) = ax_phase.plot(
        [], [], color=BEFORE_COLOUR, linestyle="--", linewidth=1.6, zorder=4
    )
    (phase_after,) = ax_phase.plot([], [], color=GLUCOSE_COLOUR, linewidth=2.0, zorder=4)
    (intervention_marker,) = ax_phase.plot(
        [], [], "D", color=INTERVENTION_COLOUR, markersize=6, zorder=6
    )
    (end_marker,) = ax_phase.plot(
        [], [], "X", color=GLUCOSE_COLOUR, markersize=7, zorder=6, clip_on=False
    )
    intervention_lines = [
        ax.axvline(0.0, color=INTERVENTION_COLOUR, linewidth=1.3, zorder=2)
        for ax in (ax_glucose, ax_beta)
    ]
    no_return_lines = [
        ax.axvline(0.0, color=NO_RETURN_COLOUR, linestyle=(0, (5, 2)), linewidth=1.3, zorder=2)
        for ax in (ax_glucose, ax_beta)
    ]
    ax_glucose.text(
        1.0,
        1.02,
        "solid line: intervention · dashed: point of no return",
        transform=ax_glucose.transAxes,
        ha="right",
        va="bottom",
        fontsize=6.5,
    )
    ax_phase.text(
        1.0,
        1.02,
        "dashed: before · solid: after intervention · ◆ intervention · ✕ year 10",
        transform=ax_phase.transAxes,
        ha="right",
        va="bottom",
        fontsize=6.5,
    )
    title = figure.text(0.5, 0.985, "", ha="center", va="top", fontsize=9.5)
    timeline = TimelineFigure(
        figure=figure,
        ax_glucose=ax_glucose,
        ax_beta=ax_beta,
        ax_phase=ax_phase,
        glucose_line=glucose_line,
        beta_line=beta_line,
        phase_before=phase_before,
        phase_after=phase_after,
        intervention_lines=intervention_lines,
        no_return_lines=no_return_lines,
        intervention_marker=intervention_marker,
        end_marker=end_marker,
        title=title,
        title_in_figure=bool(title_in_figure),
    )
    timeline.update(scenario)
    return timeline


def frame_html(
    timeline: TimelineFigure,
    dpi: float,
    colours: int | None = STATIC_COLOURS,
    *,
    live: bool = False,
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then the summary sentences.

    ``live`` is passed on to :meth:`TimelineFigure.png`. When the figure has no title
    (``title_in_figure`` False), the scenario's label comes first, as a bold line of HTML.

    Examples
    --------
    >>> text = frame_html(build_timeline_figure(), dpi=20)
    >>> text.startswith('<figure style="margin: 0;"><img alt="Three charts.')
    True
    """
    png = timeline.png(dpi, colours, live=live)
    summary = timeline.summary
    frame = static_frame_html(
        png, frame_alt_text(summary), summary_text(summary), max_width_px=FIGSIZE_IN[0] * 96
    )
    if timeline.title_in_figure:
        return frame
    title = html.escape(scenario_label(summary.scenario))
    return (
        f'<p style="margin: 0; max-width: {FIGSIZE_IN[0] * 96:.0f}px; text-align: center;">'
        f"<strong>{title}</strong></p>{frame}"
    )


def render_frames(
    si_declines: Sequence[float] = STATIC_SI_DECLINES,
    interventions: Sequence[float | None] = STATIC_INTERVENTIONS,
    *,
    dpi: float = STATIC_DPI,
    colours: int = STATIC_COLOURS,
) -> tuple[tuple[str, ...], ...]:
    """HTML frames (picture with alt text, and a caption) for every SI decline × intervention.

    One figure is reused, so every frame has the same axes and can be compared by eye.

    Parameters
    ----------
    si_declines : sequence of float, default :data:`STATIC_SI_DECLINES`
        1–9 strictly increasing rates in :data:`SI_DECLINE_RANGE`, mL/µU/d per year.
    interventions : sequence of float or None, default :data:`STATIC_INTERVENTIONS`
        1–9 intervention years in [0, 10], strictly increasing; None (the natural course) may
        come first.
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default :data:`STATIC_COLOURS`
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    tuple of tuple of str
        ``frames[i][j]`` is SI decline ``i`` with intervention ``j``.

    Raises
    ------
    ValueError
        If an argument is invalid; the message names it.
    """
    rates = _check_choices(
        "si_declines", si_declines, *SI_DECLINE_RANGE, "mL/µU/d per year", none_ok=False
    )
    years = _check_choices(
        "interventions", interventions, 0.0, TIMELINE_YEARS, "years", none_ok=True
    )
    resolution = _check_dpi(dpi)
    palette_size = _check_colours(colours)
    timeline = build_timeline_figure(TimelineScenario(rates[0], years[0]))
    frames = []
    for rate in rates:
        row = []
        for year in years:
            timeline.update(TimelineScenario(rate, year))
            row.append(frame_html(timeline, resolution, palette_size))
        frames.append(tuple(row))
    return tuple(frames)


# --------------------------------------------------------------------------------------------
# Static figures
# --------------------------------------------------------------------------------------------


def _new_figure(size):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size)
    FigureCanvasAgg(figure)
    return figure


def plot_progression_timeline(
    si_decline_per_year: float = 0.04,
    intervention_years: Sequence[float] = (5.0, 8.0, 8.5),
):
    """Static figure: a decade of the chapter's scenario, natural course and interventions.

    Three panels share the years axis: (top) SI and d0 as a percentage of their published
    values, with the critical d0 (122.5 %) dashed; (middle) β-cell mass and insulin as a
    percentage of their healthy values; (bottom) glucose, with 100, 126 and 250 mg/dL marked.
    The natural course is drawn solid black; each intervention's glucose has its own line style,
    a diamond where it starts and a label saying whether it rescued. Phases (compensation,
    decompensation, collapse) are shaded and named; the point of no return is a dashed
    vertical line. Alt text is set in the chapter.

    Parameters
    ----------
    si_decline_per_year : float, default 0.04
        In :data:`SI_DECLINE_RANGE`.
    intervention_years : sequence of float, default (5, 8, 8.5)
        0–3 strictly increasing years in [0, 10].

    Returns
    -------
    matplotlib.figure.Figure
        Three axes; not registered with pyplot.

    Raises
    ------
    ValueError
        If an argument is invalid.

    Examples
    --------
    >>> figure = plot_progression_timeline(0.04, (6.0,))
    >>> [ax.get_ylabel() for ax in figure.axes]
    ['% of published value', '% of healthy value', 'Glucose (mg/dL)']
    """
    natural = TimelineScenario(si_decline_per_year)
    if isinstance(intervention_years, (str, bytes)) or not isinstance(intervention_years, Sequence):
        raise ValueError(
            f"intervention_years must be a sequence of 0 to 3 years; got {intervention_years!r}"
        )
    if len(intervention_years) > 3:
        raise ValueError(
            f"intervention_years must hold 0 to 3 years; got {len(intervention_years)} values"
        )
    years_chosen = ()
    if len(intervention_years) > 0:
        years_chosen = _check_choices(
            "intervention_years", intervention_years, 0.0, TIMELINE_YEARS, "years", none_ok=False
        )
    run = simulate_timeline(natural)
    summary = summarise_timeline(run, natural)
    params = topp.DEFAULT_PARAMETERS
    healthy = topp.fixed_points().physiological
    figure = _new_figure((7.6, 7.4))
    ax_rates = figure.add_axes((0.11, 0.69, 0.86, 0.25))
    ax_mass = figure.add_axes((0.11, 0.385, 0.86, 0.25), sharex=ax_rates)
    ax_glucose = figure.add_axes((0.11, 0.07, 0.86, 0.26), sharex=ax_rates)
    years = run.t_years
    ax_rates.plot(
        years,
        100 * run.si_ml_per_uu_per_day / params.si,
        color=GLUCOSE_COLOUR,
        linewidth=2.0,
        label="insulin sensitivity SI",
    )
    ax_rates.plot(
        years,
        100 * run.d0_per_day / params.d0,
        color=SEPARATRIX_COLOUR,
        linestyle="-.",
        linewidth=2.0,
        label="β-cell death rate d0",
    )
    critical = 100 * topp.critical_death_rate() / params.d0
    ax_rates.axhline(critical, color=_REFERENCE_GREY, linestyle="--", linewidth=0.9)
    ax_rates.text(0.1, critical + 4, f"critical d0 ({critical:.1f} %)", fontsize=7.5)
    ax_mass.plot(
        years,
        100 * run.beta_cell_mass_mg / healthy.beta_cell_mass_mg,
        color=BETA_COLOUR,
        linewidth=2.0,
        label="β-cell mass",
    )
    ax_mass.plot(
        years,
        100 * run.insulin_uu_ml / healthy.insulin_uu_ml,
        color=PALETTE["orange"],
        linestyle="--",
        linewidth=2.0,
        label="insulin",
    )
    ax_glucose.plot(
        years, run.glucose_mg_dl, color=PALETTE["black"], linewidth=2.0, label="natural course"
    )
    styles = [(0, (1, 1)), (0, (5, 2)), (0, (3, 1, 1, 1))]
    colours = [BETA_COLOUR, GLUCOSE_COLOUR, SEPARATRIX_COLOUR]
    for index, year in enumerate(years_chosen):
        scenario = TimelineScenario(si_decline_per_year, year)
        treated = simulate_timeline(scenario)
        outcome = summarise_timeline(treated, scenario)
        word = "rescued" if outcome.rescued else "too late"
        colour = colours[index % len(colours)]
        ax_glucose.plot(
            treated.t_years,
            treated.glucose_mg_dl,
            color=colour,
            linestyle=styles[index % len(styles)],
            linewidth=2.0,
            label=f"SI and d0 restored at year {year:g} ({word})",
        )
        ax_glucose.plot(
            [year], [outcome.glucose_at_intervention_mg_dl], "D", color=colour, markersize=6
        )
    for level, style in ((100.0, ":"), (DIAGNOSIS_THRESHOLD_MG_DL, "--"), (250.0, ":")):
        ax_glucose.axhline(level, color=_REFERENCE_GREY, linestyle=style, linewidth=0.8)
    ax_glucose.text(0.1, DIAGNOSIS_THRESHOLD_MG_DL + 8, "126 mg/dL", fontsize=7.5)
    ax_glucose.text(0.1, 258, "250 mg/dL (saddle)", fontsize=7.5)
    collapse = summary.escape_year or TIMELINE_YEARS
    phases = (
        (0.0, D0_ONSET_YEAR, "compensation", "#eef6fb"),
        (D0_ONSET_YEAR, collapse, "decompensation", "#fdf5e0"),
        (collapse, TIMELINE_YEARS, "collapse", _COLLAPSE_FILL),
    )
    legend_places = ("lower left", "lower left", "upper left")
    for ax, place in zip((ax_rates, ax_mass, ax_glucose), legend_places, strict=True):
        for start, stop, _, fill in phases:
            ax.axvspan(start, stop, color=fill, zorder=0, linewidth=0)
        if summary.point_of_no_return_year is not None:
            ax.axvline(
                summary.point_of_no_return_year,
                color=NO_RETURN_COLOUR,
                linestyle=(0, (5, 2)),
                linewidth=1.2,
            )
        ax.set_xlim(0.0, TIMELINE_YEARS)
        ax.tick_params(labelsize=8)
        ax.legend(loc=place, fontsize=7.5, frameon=True, framealpha=0.9, edgecolor="none")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    for start, stop, name, _ in phases:
        ax_rates.text(
            (start + stop) / 2,
            1.03,
            name,
            transform=ax_rates.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    if summary.point_of_no_return_year is not None:
        ax_mass.text(
            summary.point_of_no_return_year - 0.1,
            150.0,
            "point of\nno return",
            ha="right",
            fontsize=7.5,
            color=NO_RETURN_COLOUR,
        )
    ax_rates.set_ylim(0.0, 170.0)
    ax_mass.set_ylim(0.0, 100 * TIMELINE_BETA_TOP_MG / healthy.beta_cell_mass_mg)
    ax_glucose.set_ylim(*GLUCOSE_AXIS_MG_DL)
    ax_rates.set_ylabel("% of published value", fontsize=8.5)
    ax_mass.set_ylabel("% of healthy value", fontsize=8.5)
    ax_glucose.set_ylabel("Glucose (mg/dL)", fontsize=8.5)
    ax_glucose.set_xlabel("Years", fontsize=8.5)
    for ax in (ax_rates, ax_mass):
        ax.tick_params(labelbottom=False)
    return figure


PHASE_PORTRAIT_STARTS = (
    ("A", (450.0, 1.0, 150.0)),
    ("B", (520.0, 1.0, 55.0)),
    ("C", (60.0, 10.0, 10.0)),
    ("D", (150.0, 5.0, 20.0)),
)
"""Starting states (label, (G mg/dL, I µU/mL, β mg)) of the static phase portrait's paths."""


def plot_phase_portrait(
    starts: Sequence[tuple[str, tuple[float, float, float]]] = PHASE_PORTRAIT_STARTS,
    years: float = 3.0,
):
    """Static figure: the phase portrait of the published model with a few simulated paths.

    The background is :func:`draw_phase_background`; each path is a full three-equation run
    (:func:`insulinlab.topp.simulate`) from a labelled start, drawn with its own line style and
    ending in an arrowhead. Alt text is set in the chapter.

    Parameters
    ----------
    starts : sequence of (str, (float, float, float))
        1–6 labelled starting states (G mg/dL, I µU/mL, β mg), each finite and ≥ 0.
    years : float, default 3
        Length of each run, years, in (0, 20].

    Returns
    -------
    matplotlib.figure.Figure
        One axes; not registered with pyplot.

    Raises
    ------
    ValueError
        If an argument is invalid.

    Examples
    --------
    >>> figure = plot_phase_portrait(starts=(("A", (450.0, 1.0, 80.0)),), years=1.0)
    >>> figure.axes[0].get_xlabel()
    'Glucose (mg/dL)'
    """
    if isinstance(starts, (str, bytes)) or not isinstance(starts, Sequence):
        raise ValueError(f"starts must be a sequence of (label, state) pairs; got {starts!r}")
    if not 1 <= len(starts) <= 6:
        raise ValueError(f"starts must hold 1 to 6 (label, state) pairs; got {len(starts)}")
    length = check_range("years", years, 0.0, 20.0, "years", low_inclusive=False)
    figure = _new_figure((6.8, 5.0))
    ax = figure.add_axes((0.12, 0.11, 0.84, 0.80))
    draw_phase_background(ax, labels=True, fontsize=8.0)
    styles = ["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 1))]
    colours = [GLUCOSE_COLOUR, BETA_COLOUR, PALETTE["orange"], PALETTE["reddish_purple"]]
    for index, pair in enumerate(starts):
        if not isinstance(pair, Sequence) or len(pair) != 2 or not isinstance(pair[0], str):
            raise ValueError(f"starts[{index}] must be a (label, state) pair; got {pair!r}")
        label, state = pair
        run = topp.simulate(length * topp.DAYS_PER_YEAR, initial_state=state, n_points=4000)
        # About four points a day: the first step shows the fast glucose jump (hours).
        glucose, beta = run.glucose_mg_dl, np.maximum(run.beta_cell_mass_mg, BETA_AXIS_MG[0])
        colour = colours[index % len(colours)]
        ax.plot(
            glucose,
            beta,
            color=colour,
            linestyle=styles[index % len(styles)],
            linewidth=1.8,
            zorder=4,
        )
        ax.plot(glucose[0], beta[0], "o", color=colour, markersize=4, zorder=5)
        ax.annotate(
            label,
            (glucose[0], beta[0]),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=9,
            fontweight="bold",
            color=colour,
            zorder=6,
        )
        ax.annotate(
            "",
            xy=(glucose[-1], beta[-1]),
            xytext=(glucose[-8], beta[-8]),
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5},
            zorder=5,
            annotation_clip=False,
        )
    ax.set_title(
        "Published model (SI 0.72, d0 0.06): paths from four starts over "
        f"{length:g} years\nAbove the dashed separatrix β-cells recover; below it they die out",
        fontsize=9,
    )
    return figure


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>A decade in the Topp model.</strong> Insulin sensitivity (SI) falls every "
        f"year; from year {D0_ONSET_YEAR:g} the β-cell death rate rises by "
        f"{D0_RISE_PER_YEAR:g} per day each year. An intervention restores both. Left: glucose "
        "and β-cell mass; right: the same path in the glucose–β-cell plane of the published "
        f"model. {html.escape(TEACHING_MODEL_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


def _intervention_label(year: float | None) -> str:
    return "none" if year is None else f"year {year:g}"


def progression_timeline(*, dpi: float = LIVE_DPI):
    """Build the live demo: sliders for the SI decline rate and the intervention year.

    The figure is built once (:func:`build_timeline_figure`); moving a slider (on release:
    ``continuous_update=False``) or ticking a box re-simulates the decade, moves the lines and
    re-renders the picture (only what changed is redrawn; the scenario's label is a bold line
    of HTML above the picture, not a title drawn in it). It opens on the natural course at
    0.04 per year, rendered at
    construction, so a page saved with its widget state shows that view; responding needs a
    running kernel (use :func:`progression_timeline_static` on the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the SI-decline slider, the "intervene" checkbox, the
        intervention-year slider, the "also relieve β-cell stress" checkbox and the frame (HTML:
        picture with alt text and a summary). The :class:`TimelineFigure` is kept on the box as
        ``box.timeline`` and the controls, by name, as ``box.controls``.

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = _check_dpi(dpi)
    start = TimelineScenario()
    timeline = build_timeline_figure(start, title_in_figure=False)
    slider_style = {"description_width": "15em"}
    slider_layout = widgets.Layout(width="38em")
    decline = widgets.FloatSlider(
        value=start.si_decline_per_year,
        min=SI_DECLINE_RANGE[0],
        max=SI_DECLINE_RANGE[1],
        step=SI_DECLINE_STEP,
        description="SI decline (mL/µU/d per year)",
        readout_format=".3f",
        continuous_update=False,
        style=slider_style,
        layout=slider_layout,
    )
    intervene = widgets.Checkbox(value=False, description="Intervene", indent=False)
    year = widgets.FloatSlider(
        value=6.0,
        min=INTERVENTION_RANGE[0],
        max=INTERVENTION_RANGE[1],
        step=INTERVENTION_STEP,
        description="Intervention year",
        readout_format=".2f",
        continuous_update=False,
        style=slider_style,
        layout=slider_layout,
    )
    relieve = widgets.Checkbox(
        value=True,
        description="The intervention also relieves β-cell stress (restores d0)",
        indent=False,
        layout=widgets.Layout(width="38em"),
    )
    # Every artist the controls change leaves the cached background at the first render, so
    # no later change needs a full draw.
    live_renderer(timeline.figure).expect_changes(timeline.changing_artists)
    frame = widgets.HTML(value=frame_html(timeline, resolution, live=True))

    def refresh(_change=None) -> None:
        # On the slider's grid (0.035, not 0.035000000000000003): the stored points of no
        # return and the cached runs are keyed by these values.
        scenario = TimelineScenario(
            round(decline.value, 6),
            round(year.value, 6) if intervene.value else None,
            relieve.value,
        )
        timeline.update(scenario)
        frame.value = frame_html(timeline, resolution, live=True)

    controls = {
        "si_decline_per_year": decline,
        "intervene": intervene,
        "intervention_year": year,
        "restore_d0": relieve,
    }
    for control in controls.values():
        control.observe(refresh, names="value")
    box = widgets.VBox([widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), *controls.values(), frame])
    box.timeline = timeline
    box.controls = controls
    return box


def progression_timeline_static(
    si_declines: Sequence[float] = STATIC_SI_DECLINES,
    interventions: Sequence[float | None] = STATIC_INTERVENTIONS,
    *,
    dpi: float = STATIC_DPI,
    colours: int = STATIC_COLOURS,
):
    """Build the no-kernel demo: SI decline rates × intervention years, switched in the browser.

    An outer ``ipywidgets.Stack`` holds one child per SI decline rate; each child is an inner
    ``Stack`` with one HTML frame per intervention (the picture with alt text, and two or three
    sentences). A ``ToggleButtons`` for the decline rate has its ``index`` linked to the outer
    stack's ``selected_index`` and a ``SelectionSlider`` for the intervention has its ``index``
    linked to every inner stack, all with ``jslink``. The links live in the saved widget state,
    so the controls work on the static site with no kernel; the same cell works unchanged in a
    live kernel. It opens on :data:`STATIC_START` when that frame exists, else on the first.

    Each frame is a 40-colour PNG of roughly 9–11 KB at 72 dpi, so the default 5 × 7 frames
    make roughly 0.5 MB of widget state.

    Parameters
    ----------
    si_declines, interventions, dpi, colours
        As in :func:`render_frames`.

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the decline ``ToggleButtons``, the intervention
        ``SelectionSlider`` and the outer ``Stack``. The ``jslink`` objects are kept on the box
        as ``box.links``.

    Raises
    ------
    ValueError
        If an argument is invalid.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (nested Stacks linked with ``jslink``). Model:
    :mod:`insulinlab.topp`.
    """
    import ipywidgets as widgets

    rates = _check_choices(
        "si_declines", si_declines, *SI_DECLINE_RANGE, "mL/µU/d per year", none_ok=False
    )
    years = _check_choices(
        "interventions", interventions, 0.0, TIMELINE_YEARS, "years", none_ok=True
    )
    frames = render_frames(rates, years, dpi=dpi, colours=colours)
    rate_start = rates.index(STATIC_START[0]) if STATIC_START[0] in rates else 0
    year_start = years.index(STATIC_START[1]) if STATIC_START[1] in years else 0
    rate_buttons = widgets.ToggleButtons(
        options=[(f"{rate:g}", index) for index, rate in enumerate(rates)],
        index=rate_start,
        description="SI decline per year",
        style={"description_width": "10em", "button_width": "auto"},
        tooltips=[f"SI falls by {rate:g} mL/µU/d each year (from 0.72)" for rate in rates],
    )
    year_slider = widgets.SelectionSlider(
        options=[(_intervention_label(year), index) for index, year in enumerate(years)],
        index=year_start,
        description="Intervention",
        continuous_update=True,
        style={"description_width": "10em"},
        layout=widgets.Layout(width="34em"),
    )
    outer, _, links = nested_linked_stacks(rate_buttons, year_slider, frames)
    box = widgets.VBox([widgets.HTML(_header_html(STATIC_NOTE)), rate_buttons, year_slider, outer])
    box.links = links
    return box


__all__ = [
    "BETA_AXIS_MG",
    "D0_ONSET_YEAR",
    "D0_RISE_PER_YEAR",
    "DIAGNOSIS_THRESHOLD_MG_DL",
    "FIGSIZE_IN",
    "GLUCOSE_AXIS_MG_DL",
    "INTERVENTION_RANGE",
    "INTERVENTION_STEP",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "LOW_GLUCOSE_NOTE_MG_DL",
    "PHASE_PORTRAIT_STARTS",
    "SI_DECLINE_RANGE",
    "SI_DECLINE_STEP",
    "STATIC_COLOURS",
    "STATIC_DPI",
    "STATIC_INTERVENTIONS",
    "STATIC_NOTE",
    "STATIC_SI_DECLINES",
    "STATIC_START",
    "TEACHING_MODEL_NOTE",
    "TIMELINE_BETA_TOP_MG",
    "TIMELINE_YEARS",
    "TimelineFigure",
    "TimelineScenario",
    "TimelineSummary",
    "build_timeline_figure",
    "draw_phase_background",
    "frame_alt_text",
    "frame_html",
    "plot_phase_portrait",
    "plot_progression_timeline",
    "point_of_no_return_year",
    "progression_timeline",
    "progression_timeline_static",
    "render_frames",
    "scenario_label",
    "simulate_timeline",
    "summarise_timeline",
    "summary_text",
    "widget_state_size",
]
