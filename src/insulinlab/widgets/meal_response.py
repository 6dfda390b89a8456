"""The chapter 05 demo: how meal size, absorption speed and a second meal shape the glucose curve.

The model lives in :mod:`insulinlab.meal` (:func:`~insulinlab.meal.simulate_meals`); this module
only describes a scenario, summarises the simulated curves and draws them.

- :class:`MealScenario` is one choice of preset, meal size, absorption speed and (optionally) a
  second meal; :func:`simulate_scenario` runs it (pure).
- :func:`summarise_response` and :func:`summary_text` turn a simulation into a few numbers and a
  sentence; :func:`frame_title` and :func:`frame_alt_text` label a frame (pure, unit-tested).
- :func:`style_response_axes` and :func:`draw_response` draw on given axes (glucose above,
  insulin below, minutes after the first meal). :func:`draw_response` returns the lines as
  :class:`ResponseLines`, whose ``update`` changes their data in place.
- :func:`build_response_figure` builds the demo figure once (a plain Agg ``Figure``, never a
  pyplot one); :meth:`ResponseFigure.update` moves its lines and meal markers.
- :func:`meal_response_explorer` is the live widget (preset buttons and sliders for the meal
  size, the absorption speed and a second meal); it needs a running kernel to respond.
- :func:`meal_response_static` precomputes meal sizes × absorption speeds into nested
  ``ipywidgets.Stack`` s linked with ``jslink`` to two ``ToggleButtons``, so it responds on the
  static site with no kernel (see ``STATIC_WIDGETS.md``).
- :func:`plot_speed_comparison` is the chapter's static figure: one meal at several absorption
  speeds on one pair of axes.

"Absorption speed" multiplies gastric emptying and intestinal absorption in the model. It is a
teaching knob that stands in for fibre, food form and meal composition; it is **not** a measured
effect of fibre or of any food. At every speed the same amount of glucose reaches the blood, so
the knob changes the *shape* of the curve, not the total. The model knows nothing of long-term
outcomes (weight, diabetes incidence, remission), and it has no body clock: the same meal gives
the same curve at any time of day.

Colour is never the only cue: the reference curve is dashed, every meal is a labelled dotted
line, and each frame carries alt text and a sentence with its numbers.

Sources
-------
Model and parameters: :mod:`insulinlab.meal` (Dalla Man, Rizza & Cobelli 2007,
doi:10.1109/TBME.2007.893506, and the oral minimal model, Cobelli et al. 2014,
doi:10.2337/db13-1198). The parameters are teaching values: a teaching model, not a patient.

For education only; not medical advice.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from insulinlab import meal
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    figure_to_png_bytes,
    live_png_bytes,
    live_renderer,
    nested_linked_stacks,
    widget_state_size,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

CARBOHYDRATE_RANGE_G = (0.0, 150.0)
"""Range of the first meal's carbohydrate, grams (the live slider's range)."""

CARBOHYDRATE_STEP_G = 5.0
"""Step of the live carbohydrate sliders, grams."""

ABSORPTION_SPEED_RANGE = (0.25, 3.0)
"""Range of the absorption speed, × the preset's gastric emptying and absorption rates."""

ABSORPTION_SPEED_STEP = 0.05
"""Step of the live absorption-speed slider."""

SECOND_MEAL_RANGE_G = (0.0, 100.0)
"""Range of the second meal's carbohydrate, grams; 0 means no second meal."""

SECOND_MEAL_DELAY_RANGE_MIN = (30.0, 300.0)
"""Range of the time from the first meal to the second, minutes."""

SECOND_MEAL_DELAY_STEP_MIN = 15.0
"""Step of the live second-meal timing slider, minutes."""

LEAD_IN_MIN = 30.0
"""Fasting minutes simulated before the first meal, so the curve starts at the fasting level."""

WINDOW_MIN = 360.0
"""Minutes shown after the first meal."""

STATIC_CARBOHYDRATES_G = (30.0, 60.0, 90.0)
"""Meal sizes precomputed for the no-kernel form, grams of carbohydrate."""

STATIC_SPEEDS = (0.5, 1.0, 2.0)
"""Absorption speeds precomputed for the no-kernel form (× the preset's rates)."""

REFERENCE_CARBOHYDRATE_G = 60.0
"""The dashed reference curve: this meal size ..."""

REFERENCE_SPEED = 1.0
"""... at the preset's own absorption speed, alone, for the same preset."""

PRESET_LABELS = {
    "healthy": "Healthy",
    "insulin_resistant": "Insulin-resistant (IGT)",
    "type_2_diabetes": "Type 2 diabetes",
}
"""A short label for each preset of :data:`insulinlab.meal.PRESETS`."""

FIGSIZE_IN = (7.0, 5.4)
"""Size of the demo figure, inches."""

LIVE_DPI = 90
"""Resolution of the live widget's picture."""

STATIC_DPI = 72
"""Resolution of each precomputed frame of the no-kernel form."""

TEACHING_MODEL_NOTE = (
    "A teaching model, not a patient: absorption speed is a knob standing in for fibre, food "
    "form and meal composition, not a measured effect of any food, and the model says nothing "
    "about weight, diabetes or other long-term outcomes."
)

LIVE_UPDATE_NOTE = (
    "The sliders and buttons need a running kernel (use the launch buttons). On the static "
    "site, use the no-kernel version of this demo."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a meal size and an absorption speed with the "
    "buttons. Each picture was computed when the page was built."
)

GLUCOSE_COLOUR = PALETTE["blue"]
INSULIN_COLOUR = PALETTE["vermillion"]
REFERENCE_COLOUR = PALETTE["black"]
_MEAL_LINE_COLOUR = "#6f6f6f"
_GLUCOSE_FLOOR_MG_DL = 50.0
_DEFAULT_TOPS = {
    "healthy": (250.0, 150.0),
    "insulin_resistant": (300.0, 250.0),
    "type_2_diabetes": (450.0, 100.0),
}
_RAISED_TOPS = {
    "healthy": (400.0, 300.0),
    "insulin_resistant": (600.0, 550.0),
    "type_2_diabetes": (1150.0, 150.0),
}
"""Upper y limits that fit every scenario of the live sliders, per preset (150 g, then 100 g at
any delay and speed; the highest curves, times 1.05, rounded up to 50)."""


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_range(name: str, value: object, bounds: tuple[float, float], unit: str) -> float:
    from insulinlab._validate import check_range

    return check_range(name, value, *bounds, unit)


def _check_preset(preset: object) -> str:
    if not isinstance(preset, str) or preset not in meal.PRESETS:
        raise ValueError(f"preset must be one of {tuple(meal.PRESETS)}; got {preset!r}")
    return preset


def _check_dpi(dpi: object) -> float:
    return _check_range("dpi", dpi, (10.0, 300.0), "dots per inch")


def _check_colours(colours: object) -> int:
    number = _check_range("colours", colours, (16.0, 256.0), "colours")
    if not number.is_integer():
        raise ValueError(f"colours must be a whole number in [16, 256]; got {colours!r}")
    return int(number)


def _check_choices(
    name: str, values: object, bounds: tuple[float, float], unit: str
) -> tuple[float, ...]:
    """``values`` as 1–6 strictly increasing numbers inside ``bounds``."""
    low, high = bounds
    accepted = f"a sequence of 1 to 6 strictly increasing numbers in [{low:g}, {high:g}] {unit}"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    if not 1 <= len(values) <= 6:
        raise ValueError(f"{name} must be {accepted}; got {len(values)} values")
    checked = tuple(_check_range(f"{name}[{i}]", v, bounds, unit) for i, v in enumerate(values))
    if any(later <= earlier for earlier, later in zip(checked, checked[1:], strict=False)):
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    return checked


# --------------------------------------------------------------------------------------------
# Scenario, simulation and summaries (pure)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MealScenario:
    """One choice of preset, first meal and optional second meal.

    Parameters
    ----------
    preset : str, default "healthy"
        One of :data:`insulinlab.meal.PRESETS`.
    carbohydrate_g : float, default 60
        Carbohydrate in the first meal, grams, in :data:`CARBOHYDRATE_RANGE_G`.
    absorption_speed : float, default 1.0
        × the preset's gastric emptying and absorption, in :data:`ABSORPTION_SPEED_RANGE`
        (a teaching knob, not a measured fibre effect); it applies to both meals.
    second_meal_g : float, default 0
        Carbohydrate in a second meal, grams, in :data:`SECOND_MEAL_RANGE_G`; 0 = none.
    second_meal_delay_min : float, default 180
        Minutes from the first meal to the second, in :data:`SECOND_MEAL_DELAY_RANGE_MIN`
        (ignored when there is no second meal).

    Raises
    ------
    ValueError
        If a value is out of range; the message names the field and the range.
    """

    preset: str = "healthy"
    carbohydrate_g: float = 60.0
    absorption_speed: float = 1.0
    second_meal_g: float = 0.0
    second_meal_delay_min: float = 180.0

    def __post_init__(self) -> None:
        _check_preset(self.preset)
        checked = {
            "carbohydrate_g": _check_range(
                "carbohydrate_g", self.carbohydrate_g, CARBOHYDRATE_RANGE_G, "g"
            ),
            "absorption_speed": _check_range(
                "absorption_speed", self.absorption_speed, ABSORPTION_SPEED_RANGE, "× preset"
            ),
            "second_meal_g": _check_range(
                "second_meal_g", self.second_meal_g, SECOND_MEAL_RANGE_G, "g"
            ),
            "second_meal_delay_min": _check_range(
                "second_meal_delay_min",
                self.second_meal_delay_min,
                SECOND_MEAL_DELAY_RANGE_MIN,
                "min",
            ),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def has_second_meal(self) -> bool:
        """Whether a second meal is eaten (``second_meal_g`` above zero)."""
        return self.second_meal_g > 0.0

    def meals(self) -> tuple[meal.Meal, ...]:
        """The meals in simulation time (the first at :data:`LEAD_IN_MIN`)."""
        items = [meal.Meal(LEAD_IN_MIN, self.carbohydrate_g, self.absorption_speed)]
        if self.has_second_meal:
            items.append(
                meal.Meal(
                    LEAD_IN_MIN + self.second_meal_delay_min,
                    self.second_meal_g,
                    self.absorption_speed,
                )
            )
        return tuple(items)


def reference_scenario(preset: str = "healthy") -> MealScenario:
    """The dashed reference: :data:`REFERENCE_CARBOHYDRATE_G` at the preset speed, alone."""
    return MealScenario(_check_preset(preset), REFERENCE_CARBOHYDRATE_G, REFERENCE_SPEED)


def simulate_scenario(scenario: MealScenario) -> meal.MealSimulation:
    """Simulate a scenario with :func:`insulinlab.meal.simulate_meals`, one point per minute.

    The simulation starts :data:`LEAD_IN_MIN` minutes before the first meal, in the fasting
    state, and runs :data:`WINDOW_MIN` minutes after it. Plot against ``t_min - LEAD_IN_MIN``
    for minutes after the first meal.

    Raises
    ------
    ValueError
        If ``scenario`` is not a :class:`MealScenario`.

    Examples
    --------
    >>> sim = simulate_scenario(MealScenario())
    >>> float(sim.t_min[-1]) == LEAD_IN_MIN + WINDOW_MIN
    True
    """
    if not isinstance(scenario, MealScenario):
        raise ValueError(f"scenario must be a MealScenario; got {scenario!r}")
    return _simulate(scenario)


@functools.lru_cache(maxsize=256)
def _simulate(scenario: MealScenario) -> meal.MealSimulation:
    """:func:`simulate_scenario`, cached (a scenario is frozen and a simulation's arrays are
    read-only)."""
    duration = LEAD_IN_MIN + WINDOW_MIN
    return meal.simulate_meals(
        scenario.meals(), duration, scenario.preset, n_points=int(duration) + 1
    )


@dataclass(frozen=True)
class ResponseSummary:
    """A few numbers that describe the glucose and insulin response to the first meal.

    Attributes
    ----------
    fasting_glucose_mg_dl : float
        Glucose before the first meal, mg/dL.
    peak_glucose_mg_dl : float
        Highest glucose in the window, mg/dL (after either meal).
    peak_time_min : float
        When it was reached, minutes after the first meal.
    glucose_2h_mg_dl : float
        Glucose 120 min after the first meal, mg/dL.
    peak_rise_mg_dl : float
        Highest glucose minus fasting glucose, mg/dL.
    peak_insulin_uu_ml : float
        Highest insulin in the window, µU/mL.
    """

    fasting_glucose_mg_dl: float
    peak_glucose_mg_dl: float
    peak_time_min: float
    glucose_2h_mg_dl: float
    peak_rise_mg_dl: float
    peak_insulin_uu_ml: float


def summarise_response(simulation: meal.MealSimulation) -> ResponseSummary:
    """Summarise a simulation from :func:`simulate_scenario`.

    Parameters
    ----------
    simulation : insulinlab.meal.MealSimulation
        A simulation whose first meal is at :data:`LEAD_IN_MIN` and whose grid has a point at
        ``LEAD_IN_MIN + 120`` (as :func:`simulate_scenario` makes).

    Returns
    -------
    ResponseSummary

    Raises
    ------
    ValueError
        If the grid has no point 120 min after :data:`LEAD_IN_MIN`.

    Examples
    --------
    >>> summary = summarise_response(simulate_scenario(MealScenario()))
    >>> summary.fasting_glucose_mg_dl
    90.0
    """
    t_min = simulation.t_min
    glucose, insulin = simulation.glucose_mg_dl, simulation.insulin_uu_ml
    at_2h = np.flatnonzero(np.isclose(t_min, LEAD_IN_MIN + 120.0))
    if at_2h.size == 0:
        raise ValueError(
            "simulation must have an output point 120 min after the first meal "
            f"(t = {LEAD_IN_MIN + 120.0:g} min); use simulate_scenario"
        )
    fasting = float(glucose[0])
    peak_index = int(np.argmax(glucose))
    peak = float(glucose[peak_index])
    return ResponseSummary(
        fasting_glucose_mg_dl=fasting,
        peak_glucose_mg_dl=peak,
        peak_time_min=float(t_min[peak_index] - LEAD_IN_MIN),
        glucose_2h_mg_dl=float(glucose[int(at_2h[0])]),
        peak_rise_mg_dl=peak - fasting,
        peak_insulin_uu_ml=float(np.max(insulin)),
    )


def speed_label(speed: float) -> str:
    """An absorption speed as a short label.

    Examples
    --------
    >>> speed_label(0.5), speed_label(1.0), speed_label(2.0)
    ('slow (× 0.5)', 'preset (× 1)', 'fast (× 2)')
    """
    if math.isclose(speed, 1.0):
        return "preset (× 1)"
    word = "slow" if speed < 1.0 else "fast"
    return f"{word} (× {speed:g})"


def scenario_label(scenario: MealScenario) -> str:
    """The meals of a scenario in words.

    Examples
    --------
    >>> scenario_label(MealScenario(carbohydrate_g=60))
    '60 g carbohydrate, absorption speed × 1'
    >>> scenario_label(MealScenario(second_meal_g=40, second_meal_delay_min=90))
    '60 g carbohydrate, then 40 g 90 min later, absorption speed × 1'
    """
    text = f"{scenario.carbohydrate_g:g} g carbohydrate"
    if scenario.has_second_meal:
        text += f", then {scenario.second_meal_g:g} g {scenario.second_meal_delay_min:g} min later"
    return f"{text}, absorption speed × {scenario.absorption_speed:g}"


def frame_title(scenario: MealScenario) -> str:
    """The figure title for a scenario.

    Examples
    --------
    >>> frame_title(MealScenario("insulin_resistant", 90, 2.0))
    'Insulin-resistant (IGT) preset: 90 g carbohydrate, absorption speed × 2'
    """
    return f"{PRESET_LABELS[scenario.preset]} preset: {scenario_label(scenario)}"


def summary_text(summary: ResponseSummary, reference: ResponseSummary | None = None) -> str:
    """One plain-text sentence about a response; with ``reference``, compared with it.

    Examples
    --------
    >>> chosen = summarise_response(simulate_scenario(MealScenario(carbohydrate_g=90)))
    >>> summary_text(chosen).startswith("Glucose rises from 90 to 176 mg/dL")
    True
    """
    text = (
        f"Glucose rises from {summary.fasting_glucose_mg_dl:.0f} to "
        f"{summary.peak_glucose_mg_dl:.0f} mg/dL (peak {summary.peak_time_min:.0f} min after "
        f"the first meal) and is {summary.glucose_2h_mg_dl:.0f} mg/dL at 2 hours; insulin peaks "
        f"at {summary.peak_insulin_uu_ml:.0f} µU/mL"
    )
    if reference is not None:
        text += (
            f" (dashed reference: glucose peak {reference.peak_glucose_mg_dl:.0f} mg/dL, "
            f"insulin peak {reference.peak_insulin_uu_ml:.0f} µU/mL)"
        )
    return text + "."


def frame_alt_text(
    scenario: MealScenario, summary: ResponseSummary, reference: ResponseSummary
) -> str:
    """Alt text for one frame: what the two charts show, with the key numbers.

    Examples
    --------
    >>> chosen = MealScenario()
    >>> s = summarise_response(simulate_scenario(chosen))
    >>> frame_alt_text(chosen, s, s).startswith("Two line charts against minutes")
    True
    """
    meals = "one meal at 0 min"
    if scenario.has_second_meal:
        meals = f"meals at 0 and {scenario.second_meal_delay_min:g} min"
    return (
        f"Two line charts against minutes after the first meal, from {-LEAD_IN_MIN:g} to "
        f"{WINDOW_MIN:g}. {frame_title(scenario)}; {meals}, marked by dotted lines. Top chart, "
        f"glucose: flat at {summary.fasting_glucose_mg_dl:.0f} mg/dL before the meal, rising to "
        f"{summary.peak_glucose_mg_dl:.0f} mg/dL at {summary.peak_time_min:.0f} min and "
        f"{summary.glucose_2h_mg_dl:.0f} mg/dL at 120 min; the dashed reference curve "
        f"({REFERENCE_CARBOHYDRATE_G:g} g at the preset speed) peaks at "
        f"{reference.peak_glucose_mg_dl:.0f} mg/dL. Bottom chart, insulin: it peaks at "
        f"{summary.peak_insulin_uu_ml:.0f} µU/mL, against {reference.peak_insulin_uu_ml:.0f} "
        "µU/mL on the reference curve."
    )


def axis_tops(preset: str, simulations: Sequence[meal.MealSimulation] = ()) -> tuple[float, float]:
    """Upper y limits (glucose mg/dL, insulin µU/mL): the preset's default, raised to fit.

    Examples
    --------
    >>> axis_tops("healthy")
    (250.0, 150.0)
    """
    glucose_top, insulin_top = _DEFAULT_TOPS[_check_preset(preset)]
    for simulation in simulations:
        glucose_top = max(
            glucose_top, 50.0 * math.ceil(1.05 * float(np.max(simulation.glucose_mg_dl)) / 50.0)
        )
        insulin_top = max(
            insulin_top, 50.0 * math.ceil(1.05 * float(np.max(simulation.insulin_uu_ml)) / 50.0)
        )
    return glucose_top, insulin_top


def live_axis_tops(
    preset: str, simulations: Sequence[meal.MealSimulation] = ()
) -> tuple[float, float]:
    """Upper y limits (glucose mg/dL, insulin µU/mL) for the live figure: the preset's
    default limits, or its raised ones (which fit every scenario the sliders reach) when a
    curve would not fit the defaults.

    Two fixed pairs of limits per preset, rather than :func:`axis_tops`' steps of 50, keep the
    number of different axes small, so the live figure draws each of them once (see
    :meth:`ResponseFigure.prepare_live`).

    Examples
    --------
    >>> live_axis_tops("healthy")
    (250.0, 150.0)
    >>> fast = MealScenario(carbohydrate_g=150, absorption_speed=3.0)
    >>> live_axis_tops("healthy", [simulate_scenario(fast)])
    (400.0, 300.0)
    """
    preset = _check_preset(preset)
    default = _DEFAULT_TOPS[preset]
    if all(
        float(np.max(simulation.glucose_mg_dl)) * 1.05 <= default[0]
        and float(np.max(simulation.insulin_uu_ml)) * 1.05 <= default[1]
        for simulation in simulations
    ):
        return default
    return _RAISED_TOPS[preset]


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


def style_response_axes(
    ax_glucose,
    ax_insulin,
    *,
    glucose_top_mg_dl: float = 250.0,
    insulin_top_uu_ml: float = 150.0,
) -> None:
    """Prepare the two axes: labels, limits, ticks every hour, a light grid.

    Parameters
    ----------
    ax_glucose, ax_insulin : matplotlib.axes.Axes
        Glucose above, insulin below.
    glucose_top_mg_dl : float, default 250
        Upper glucose limit, in (100, 2000] mg/dL.
    insulin_top_uu_ml : float, default 150
        Upper insulin limit, in (0, 2000] µU/mL.

    Raises
    ------
    ValueError
        If a limit is out of range.
    """
    from insulinlab._validate import check_range

    glucose_top = check_range(
        "glucose_top_mg_dl", glucose_top_mg_dl, 100.0, 2000.0, "mg/dL", low_inclusive=False
    )
    insulin_top = check_range(
        "insulin_top_uu_ml", insulin_top_uu_ml, 0.0, 2000.0, "µU/mL", low_inclusive=False
    )
    for ax in (ax_glucose, ax_insulin):
        ax.set_xlim(-LEAD_IN_MIN, WINDOW_MIN)
        ax.set_xticks(np.arange(0.0, WINDOW_MIN + 1.0, 60.0))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.tick_params(labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    ax_glucose.tick_params(labelbottom=False)
    ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
    ax_insulin.set_ylim(0.0, insulin_top)
    ax_glucose.set_ylabel("Glucose (mg/dL)", fontsize=9)
    ax_insulin.set_ylabel("Insulin (µU/mL)", fontsize=9)
    ax_insulin.set_xlabel("Minutes after the first meal (meals as dotted lines)", fontsize=9)


@dataclass
class ResponseLines:
    """The glucose and insulin lines of one response; :meth:`update` moves them."""

    glucose_line: object
    insulin_line: object

    def update(self, simulation: meal.MealSimulation) -> None:
        """Replace the lines' data with ``simulation`` (minutes after the first meal on x)."""
        minutes = simulation.t_min - LEAD_IN_MIN
        self.glucose_line.set_data(minutes, simulation.glucose_mg_dl)
        self.insulin_line.set_data(minutes, simulation.insulin_uu_ml)


def draw_response(
    ax_glucose,
    ax_insulin,
    simulation: meal.MealSimulation,
    *,
    label: str | None = None,
    glucose_colour: str = GLUCOSE_COLOUR,
    insulin_colour: str = INSULIN_COLOUR,
    linestyle: str = "-",
    linewidth: float = 2.0,
) -> ResponseLines:
    """Draw one response: glucose on ``ax_glucose``, insulin on ``ax_insulin``.

    Time is plotted in minutes after the first meal (the simulation's time minus
    :data:`LEAD_IN_MIN`).

    Returns
    -------
    ResponseLines
        The two ``Line2D`` artists; ``update`` changes their data in place.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax_glucose, ax_insulin = Figure().subplots(2, 1)
    >>> lines = draw_response(ax_glucose, ax_insulin, simulate_scenario(MealScenario()))
    >>> float(lines.glucose_line.get_xdata()[0])
    -30.0
    """
    minutes = simulation.t_min - LEAD_IN_MIN
    (glucose_line,) = ax_glucose.plot(
        minutes,
        simulation.glucose_mg_dl,
        color=glucose_colour,
        linestyle=linestyle,
        linewidth=linewidth,
        label=label,
        zorder=3,
    )
    (insulin_line,) = ax_insulin.plot(
        minutes,
        simulation.insulin_uu_ml,
        color=insulin_colour,
        linestyle=linestyle,
        linewidth=linewidth,
        label=label,
        zorder=3,
    )
    return ResponseLines(glucose_line=glucose_line, insulin_line=insulin_line)


@dataclass
class ResponseFigure:
    """The demo figure, built once by :func:`build_response_figure`; :meth:`update` moves it.

    The figure has no title: what is shown (:attr:`title`) starts the frame's caption, so a
    live update redraws only the lines and the meal markers.
    """

    figure: object
    ax_glucose: object
    ax_insulin: object
    lines: ResponseLines
    reference_lines: ResponseLines
    meal_markers: list
    meal_labels: list
    scenario: MealScenario | None = None
    simulation: meal.MealSimulation | None = None
    reference: meal.MealSimulation | None = None
    fixed_tops: tuple[float, float] | None = None

    @property
    def title(self) -> str:
        """What the figure shows, in words (:func:`frame_title`); the caption starts with it."""
        return frame_title(self.scenario)

    @property
    def changing_artists(self) -> list:
        """The artists :meth:`update` changes: the lines and the second meal's markers and
        label (the first meal is always at 0 min)."""
        return [
            self.lines.glucose_line,
            self.lines.insulin_line,
            self.reference_lines.glucose_line,
            self.reference_lines.insulin_line,
            *self.meal_markers[1],
            self.meal_labels[1],
        ]

    def prepare_live(self, dpi: float) -> None:
        """Ready the figure for live updates at ``dpi``: declare the artists that change and,
        unless the limits are fixed, draw the background of every pair of limits
        :func:`live_axis_tops` can choose (two per preset), so that no later change needs a
        full draw. Leaves what is shown as it was."""
        renderer = live_renderer(self.figure)
        renderer.expect_changes(self.changing_artists)
        shown = self.ax_glucose.get_ylim(), self.ax_insulin.get_ylim()
        pairs = [(shown[0][1], shown[1][1])]
        if self.fixed_tops is None:
            pairs = [tops[p] for p in PRESET_LABELS for tops in (_DEFAULT_TOPS, _RAISED_TOPS)]
        for glucose_top, insulin_top in dict.fromkeys(pairs):
            self.ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
            self.ax_insulin.set_ylim(0.0, insulin_top)
            renderer.rgba(dpi)
        self.ax_glucose.set_ylim(shown[0])
        self.ax_insulin.set_ylim(shown[1])

    def update(self, scenario: MealScenario) -> None:
        """Show ``scenario`` against the reference meal of its preset.

        Only line data, meal markers and (when needed) the y limits change; no artist or
        figure is created. Without fixed limits, each axis has the preset's default limit or
        its raised one (:func:`live_axis_tops`).

        Raises
        ------
        ValueError
            If ``scenario`` is not a :class:`MealScenario`.
        """
        simulation = simulate_scenario(scenario)
        if (
            self.reference is None
            or self.scenario is None
            or scenario.preset != self.scenario.preset
        ):
            self.reference = simulate_scenario(reference_scenario(scenario.preset))
            self.reference_lines.update(self.reference)
        self.lines.update(simulation)
        tops = self.fixed_tops or live_axis_tops(scenario.preset, (simulation, self.reference))
        self.ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, tops[0])
        self.ax_insulin.set_ylim(0.0, tops[1])
        times = [0.0, scenario.second_meal_delay_min]
        shown = [True, scenario.has_second_meal]
        # Only what differs is set: an artist left alone stays in the live figure's background.
        for index, (time, visible) in enumerate(zip(times, shown, strict=True)):
            label = self.meal_labels[index]
            for artist in (*self.meal_markers[index], label):
                if artist.get_visible() != visible:
                    artist.set_visible(visible)
            for marker in self.meal_markers[index]:
                if marker.get_xdata()[0] != time:
                    marker.set_xdata([time, time])
            if label.get_position()[0] != time:
                label.set_x(time)
        self.scenario, self.simulation = scenario, simulation

    def summary(self) -> ResponseSummary:
        """The summary of the scenario shown."""
        return summarise_response(self.simulation)

    def reference_summary(self) -> ResponseSummary:
        """The summary of the dashed reference meal."""
        return summarise_response(self.reference)

    def png(self, dpi: float, colours: int | None = 64, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (same pixels; see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`).
        """
        resolution = _check_dpi(dpi)
        palette_size = None if colours is None else _check_colours(colours)
        if live:
            return live_png_bytes(self.figure, resolution, palette_size)
        return figure_to_png_bytes(self.figure, resolution, palette_size)


def build_response_figure(
    scenario: MealScenario | None = None, *, fixed_tops: tuple[float, float] | None = None
) -> ResponseFigure:
    """Build the demo figure once: glucose above, insulin below, the reference meal dashed.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot, so it never shows up twice in a notebook and needs no closing.

    Parameters
    ----------
    scenario : MealScenario, optional
        What to show first; default ``MealScenario()`` (60 g, healthy, preset speed).
    fixed_tops : (float, float), optional
        Keep these y limits (glucose mg/dL, insulin µU/mL) for every update, so frames can be
        compared by eye; default: the preset's limits, raised when a curve would not fit.

    Examples
    --------
    >>> response_figure = build_response_figure(MealScenario(carbohydrate_g=30))
    >>> response_figure.title
    'Healthy preset: 30 g carbohydrate, absorption speed × 1'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scenario = MealScenario() if scenario is None else scenario
    if not isinstance(scenario, MealScenario):
        raise ValueError(f"scenario must be a MealScenario; got {scenario!r}")
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions: a layout engine would re-run on every render. The meal labels sit
    # above the glucose axes; the caption, not a title, says what is shown.
    ax_glucose = figure.add_axes((0.11, 0.49, 0.86, 0.39))
    ax_insulin = figure.add_axes((0.11, 0.09, 0.86, 0.32), sharex=ax_glucose)
    glucose_top, insulin_top = fixed_tops or live_axis_tops(scenario.preset)
    style_response_axes(
        ax_glucose, ax_insulin, glucose_top_mg_dl=glucose_top, insulin_top_uu_ml=insulin_top
    )
    reference = simulate_scenario(reference_scenario(scenario.preset))
    reference_lines = draw_response(
        ax_glucose,
        ax_insulin,
        reference,
        label=f"reference: {REFERENCE_CARBOHYDRATE_G:g} g at the preset speed (dashed)",
        glucose_colour=REFERENCE_COLOUR,
        insulin_colour=REFERENCE_COLOUR,
        linestyle="--",
        linewidth=1.2,
    )
    lines = draw_response(ax_glucose, ax_insulin, reference, label="your choice (solid)")
    markers, labels = [], []
    for index in range(2):
        markers.append(
            [
                # Above the axes' grid, ticks and spines (zorder 2.5), below the curves: the
                # markers move, and what is drawn after them is redrawn on every update.
                ax.axvline(0.0, color=_MEAL_LINE_COLOUR, linestyle=":", linewidth=1.0, zorder=2.6)
                for ax in (ax_glucose, ax_insulin)
            ]
        )
        labels.append(
            ax_glucose.text(
                0.0,
                1.01,
                f"meal {index + 1}",
                transform=ax_glucose.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=7.5,
            )
        )
    ax_glucose.legend(
        handles=[reference_lines.glucose_line, lines.glucose_line],
        loc="upper right",
        fontsize=7.5,
        frameon=False,
    )
    response_figure = ResponseFigure(
        figure=figure,
        ax_glucose=ax_glucose,
        ax_insulin=ax_insulin,
        lines=lines,
        reference_lines=reference_lines,
        meal_markers=markers,
        meal_labels=labels,
        reference=None,
        fixed_tops=fixed_tops,
    )
    response_figure.update(scenario)
    return response_figure


def frame_html(
    response_figure: ResponseFigure, dpi: float, colours: int | None = 64, *, live: bool = False
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then a caption: what is shown
    (:attr:`ResponseFigure.title`) and a one-sentence summary.

    ``live`` is passed on to :meth:`ResponseFigure.png`.

    Examples
    --------
    >>> text = frame_html(build_response_figure(), dpi=20)
    >>> text.startswith('<figure style="margin: 0;"><img alt="Two line charts')
    True
    """
    png = response_figure.png(dpi, colours, live=live)
    summary, reference = response_figure.summary(), response_figure.reference_summary()
    alt = frame_alt_text(response_figure.scenario, summary, reference)
    caption = f"{response_figure.title}. {summary_text(summary, reference)}"
    return static_frame_html(png, alt, caption, max_width_px=FIGSIZE_IN[0] * 96)


def render_frames(
    carbohydrates_g: Sequence[float] = STATIC_CARBOHYDRATES_G,
    speeds: Sequence[float] = STATIC_SPEEDS,
    *,
    preset: str = "healthy",
    dpi: float = STATIC_DPI,
    colours: int = 48,
) -> tuple[tuple[str, ...], ...]:
    """HTML frames (picture with alt text, and a caption) for every meal size × speed.

    One figure is reused, with y limits fixed to fit every frame, so the frames can be compared
    by eye.

    Parameters
    ----------
    carbohydrates_g : sequence of float, default :data:`STATIC_CARBOHYDRATES_G`
        1–6 strictly increasing meal sizes in :data:`CARBOHYDRATE_RANGE_G`, grams.
    speeds : sequence of float, default :data:`STATIC_SPEEDS`
        1–6 strictly increasing absorption speeds in :data:`ABSORPTION_SPEED_RANGE`.
    preset : str, default "healthy"
        One of :data:`insulinlab.meal.PRESETS`.
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default 48
        Palette size of each PNG, in [16, 256] (fewer = smaller).

    Returns
    -------
    tuple of tuple of str
        ``frames[i][j]`` is meal size ``i`` at speed ``j``.

    Raises
    ------
    ValueError
        If an argument is invalid; the message names it.
    """
    sizes = _check_choices("carbohydrates_g", carbohydrates_g, CARBOHYDRATE_RANGE_G, "g")
    chosen_speeds = _check_choices("speeds", speeds, ABSORPTION_SPEED_RANGE, "× preset")
    preset = _check_preset(preset)
    resolution = _check_dpi(dpi)
    palette_size = _check_colours(colours)
    scenarios = [[MealScenario(preset, size, speed) for speed in chosen_speeds] for size in sizes]
    simulations = [simulate_scenario(s) for row in scenarios for s in row]
    simulations.append(simulate_scenario(reference_scenario(preset)))
    tops = axis_tops(preset, simulations)
    response_figure = build_response_figure(scenarios[0][0], fixed_tops=tops)
    frames = []
    for row in scenarios:
        row_frames = []
        for scenario in row:
            response_figure.update(scenario)
            row_frames.append(frame_html(response_figure, resolution, palette_size))
        frames.append(tuple(row_frames))
    return tuple(frames)


def plot_speed_comparison(
    preset: str = "insulin_resistant",
    carbohydrate_g: float = 60.0,
    speeds: Sequence[float] = STATIC_SPEEDS,
):
    """Static figure: one meal at several absorption speeds, glucose above and insulin below.

    Each speed has its own line style and a text label at its glucose peak (colour is a
    secondary cue). The text under the title repeats that the same glucose appears at every
    speed. Alt text is set in the chapter.

    Parameters
    ----------
    preset : str, default "insulin_resistant"
        One of :data:`insulinlab.meal.PRESETS`.
    carbohydrate_g : float, default 60
        The meal, grams of carbohydrate, in :data:`CARBOHYDRATE_RANGE_G`.
    speeds : sequence of float, default :data:`STATIC_SPEEDS`
        1–6 strictly increasing speeds in :data:`ABSORPTION_SPEED_RANGE`.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes (glucose, insulin); not registered with pyplot.

    Raises
    ------
    ValueError
        If an argument is invalid.

    Examples
    --------
    >>> figure = plot_speed_comparison("healthy", 60, (0.5, 2.0))
    >>> [line.get_label() for line in figure.axes[1].get_lines()][:2]
    ['slow (× 0.5)', 'fast (× 2)']
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    chosen = _check_choices("speeds", speeds, ABSORPTION_SPEED_RANGE, "× preset")
    scenarios = [MealScenario(preset, carbohydrate_g, speed) for speed in chosen]
    simulations = [simulate_scenario(s) for s in scenarios]
    figure = Figure(figsize=(7.0, 5.4))
    FigureCanvasAgg(figure)
    ax_glucose = figure.add_axes((0.11, 0.49, 0.86, 0.36))
    ax_insulin = figure.add_axes((0.11, 0.09, 0.86, 0.32), sharex=ax_glucose)
    first = scenarios[0]
    glucose_top, insulin_top = axis_tops(first.preset, simulations)
    style_response_axes(
        ax_glucose, ax_insulin, glucose_top_mg_dl=glucose_top, insulin_top_uu_ml=insulin_top
    )
    styles = ["-", "--", ":", "-.", (0, (5, 1)), (0, (1, 1))]
    colours = [PALETTE["bluish_green"], PALETTE["blue"], PALETTE["vermillion"], PALETTE["orange"]]
    for index, (speed, simulation) in enumerate(zip(chosen, simulations, strict=True)):
        colour = colours[index % len(colours)]
        label = speed_label(speed)
        draw_response(
            ax_glucose,
            ax_insulin,
            simulation,
            label=label,
            glucose_colour=colour,
            insulin_colour=colour,
            linestyle=styles[index % len(styles)],
            linewidth=2.0,
        )
        summary = summarise_response(simulation)
        ax_glucose.annotate(
            f"{label}: peak {summary.peak_glucose_mg_dl:.0f}",
            xy=(summary.peak_time_min, summary.peak_glucose_mg_dl),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=7.5,
            color=PALETTE["black"],
        )
    for ax in (ax_glucose, ax_insulin):
        ax.axvline(0.0, color=_MEAL_LINE_COLOUR, linestyle=":", linewidth=1.0, zorder=1)
    ax_insulin.legend(loc="upper right", fontsize=7.5, frameon=False)
    figure.text(
        0.5,
        0.985,
        f"{PRESET_LABELS[first.preset]} preset, one meal of {first.carbohydrate_g:g} g "
        f"carbohydrate at {len(chosen)} absorption speeds\n(the same glucose is absorbed at "
        "every speed; teaching model, not a measured food effect)",
        ha="center",
        va="top",
        fontsize=9,
    )
    return figure


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>Meal-response simulator.</strong> Glucose (top) and insulin (bottom) after "
        "a meal. The dashed curve is a reference meal of "
        f"{REFERENCE_CARBOHYDRATE_G:g} g at the preset's absorption speed; the solid curve is "
        f"your choice. {html.escape(TEACHING_MODEL_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


def meal_response_explorer(*, dpi: float = LIVE_DPI):
    """Build the live demo: preset buttons and sliders for meal size, speed and a second meal.

    The figure is built once (:func:`build_response_figure`); moving a slider (on release:
    ``continuous_update=False``) or choosing a preset re-simulates, moves the lines with
    ``set_data`` and re-renders the picture. It opens on 60 g at the preset speed in the healthy
    preset, rendered at construction, so a page saved with its widget state shows that view;
    responding needs a running kernel (use :func:`meal_response_static` on the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the preset ``ToggleButtons``, four sliders (first meal in g,
        absorption speed, second meal in g, minutes to the second meal) and the frame (HTML:
        picture with alt text and a summary). The :class:`ResponseFigure` is kept on the box as
        ``box.response_figure`` and the controls, by name, as ``box.controls``.

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = _check_dpi(dpi)
    start = MealScenario()
    response_figure = build_response_figure(start)
    slider_style = {"description_width": "16em"}
    slider_layout = widgets.Layout(width="38em")
    presets = widgets.ToggleButtons(
        options=[(label, preset) for preset, label in PRESET_LABELS.items()],
        value=start.preset,
        description="Preset",
        style={"description_width": "initial", "button_width": "auto"},
    )
    carbohydrate = widgets.FloatSlider(
        value=start.carbohydrate_g,
        min=CARBOHYDRATE_RANGE_G[0],
        max=CARBOHYDRATE_RANGE_G[1],
        step=CARBOHYDRATE_STEP_G,
        description="Meal 1 carbohydrate (g)",
        readout_format=".0f",
        continuous_update=False,
        style=slider_style,
        layout=slider_layout,
    )
    speed = widgets.FloatSlider(
        value=start.absorption_speed,
        min=ABSORPTION_SPEED_RANGE[0],
        max=ABSORPTION_SPEED_RANGE[1],
        step=ABSORPTION_SPEED_STEP,
        description="Absorption speed (× preset)",
        readout_format=".2f",
        continuous_update=False,
        style=slider_style,
        layout=slider_layout,
    )
    second = widgets.FloatSlider(
        value=start.second_meal_g,
        min=SECOND_MEAL_RANGE_G[0],
        max=SECOND_MEAL_RANGE_G[1],
        step=CARBOHYDRATE_STEP_G,
        description="Meal 2 carbohydrate (g; 0 = none)",
        readout_format=".0f",
        continuous_update=False,
        style=slider_style,
        layout=slider_layout,
    )
    delay = widgets.FloatSlider(
        value=start.second_meal_delay_min,
        min=SECOND_MEAL_DELAY_RANGE_MIN[0],
        max=SECOND_MEAL_DELAY_RANGE_MIN[1],
        step=SECOND_MEAL_DELAY_STEP_MIN,
        description="Meal 2 eaten (min after meal 1)",
        readout_format=".0f",
        continuous_update=False,
        style=slider_style,
        layout=slider_layout,
    )
    response_figure.prepare_live(resolution)
    frame = widgets.HTML(value=frame_html(response_figure, resolution, live=True))

    def refresh(_change=None) -> None:
        scenario = MealScenario(
            presets.value, carbohydrate.value, speed.value, second.value, delay.value
        )
        response_figure.update(scenario)
        frame.value = frame_html(response_figure, resolution, live=True)

    controls = {
        "preset": presets,
        "carbohydrate_g": carbohydrate,
        "absorption_speed": speed,
        "second_meal_g": second,
        "second_meal_delay_min": delay,
    }
    for control in controls.values():
        control.observe(refresh, names="value")
    box = widgets.VBox([widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), *controls.values(), frame])
    box.response_figure = response_figure
    box.controls = controls
    return box


def meal_response_static(
    carbohydrates_g: Sequence[float] = STATIC_CARBOHYDRATES_G,
    speeds: Sequence[float] = STATIC_SPEEDS,
    *,
    preset: str = "healthy",
    dpi: float = STATIC_DPI,
    colours: int = 48,
):
    """Build the no-kernel demo: meal sizes × speeds precomputed and switched in the browser.

    An outer ``ipywidgets.Stack`` holds one child per meal size; each child is an inner
    ``Stack`` with one HTML frame per absorption speed (the picture with alt text, and a
    one-sentence summary). A "Meal size" ``ToggleButtons`` has its ``index`` linked to the
    outer stack's ``selected_index``, and an "Absorption speed" ``ToggleButtons`` has its
    ``index`` linked to every inner stack, all with ``jslink``. The links live in the saved
    widget state, so the buttons work on the static site with no kernel; the same cell works
    unchanged in a live kernel. It opens on the reference meal when that frame exists (60 g at
    × 1), else on the first frame.

    Each frame is a 48-colour PNG of about 10–15 KB at 72 dpi, so the default 3 × 3 frames make
    roughly 100–150 KB of widget state.

    Parameters
    ----------
    carbohydrates_g, speeds, preset, dpi, colours
        As in :func:`render_frames`.

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the meal-size ``ToggleButtons``, the speed
        ``ToggleButtons`` and the outer ``Stack``. The ``jslink`` objects are kept on the box
        as ``box.links``.

    Raises
    ------
    ValueError
        If an argument is invalid.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (nested Stacks linked with ``jslink``). Model:
    :mod:`insulinlab.meal`.
    """
    import ipywidgets as widgets

    sizes = _check_choices("carbohydrates_g", carbohydrates_g, CARBOHYDRATE_RANGE_G, "g")
    chosen_speeds = _check_choices("speeds", speeds, ABSORPTION_SPEED_RANGE, "× preset")
    frames = render_frames(sizes, chosen_speeds, preset=preset, dpi=dpi, colours=colours)
    size_start = sizes.index(REFERENCE_CARBOHYDRATE_G) if REFERENCE_CARBOHYDRATE_G in sizes else 0
    speed_start = chosen_speeds.index(REFERENCE_SPEED) if REFERENCE_SPEED in chosen_speeds else 0
    toggle_style = {"description_width": "9em", "button_width": "auto"}
    size_buttons = widgets.ToggleButtons(
        options=[(f"{size:g} g", index) for index, size in enumerate(sizes)],
        index=size_start,
        description="Meal size",
        style=toggle_style,
        tooltips=[f"{size:g} g carbohydrate" for size in sizes],
    )
    speed_buttons = widgets.ToggleButtons(
        options=[(speed_label(speed), index) for index, speed in enumerate(chosen_speeds)],
        index=speed_start,
        description="Absorption speed",
        style=toggle_style,
        tooltips=[f"absorption speed × {speed:g} the preset's" for speed in chosen_speeds],
    )
    outer, _, links = nested_linked_stacks(size_buttons, speed_buttons, frames)
    box = widgets.VBox(
        [widgets.HTML(_header_html(STATIC_NOTE)), size_buttons, speed_buttons, outer]
    )
    box.links = links
    return box


__all__ = [
    "ABSORPTION_SPEED_RANGE",
    "ABSORPTION_SPEED_STEP",
    "CARBOHYDRATE_RANGE_G",
    "CARBOHYDRATE_STEP_G",
    "FIGSIZE_IN",
    "LEAD_IN_MIN",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "PRESET_LABELS",
    "REFERENCE_CARBOHYDRATE_G",
    "REFERENCE_SPEED",
    "SECOND_MEAL_DELAY_RANGE_MIN",
    "SECOND_MEAL_DELAY_STEP_MIN",
    "SECOND_MEAL_RANGE_G",
    "STATIC_CARBOHYDRATES_G",
    "STATIC_DPI",
    "STATIC_NOTE",
    "STATIC_SPEEDS",
    "TEACHING_MODEL_NOTE",
    "WINDOW_MIN",
    "MealScenario",
    "ResponseFigure",
    "ResponseLines",
    "ResponseSummary",
    "axis_tops",
    "live_axis_tops",
    "build_response_figure",
    "draw_response",
    "frame_alt_text",
    "frame_html",
    "frame_title",
    "meal_response_explorer",
    "meal_response_static",
    "plot_speed_comparison",
    "reference_scenario",
    "render_frames",
    "scenario_label",
    "simulate_scenario",
    "speed_label",
    "style_response_axes",
    "summarise_response",
    "summary_text",
    "widget_state_size",
]
