"""The chapter 01 demo: a day of meals, glucose and insulin, with an insulin-sensitivity slider.

The model lives in :mod:`insulinlab.meal` (:func:`~insulinlab.meal.day_of_meals`); this module
only summarises and draws what it computes.

- :func:`summarise_day` and :func:`summary_text` turn one simulated day into a few numbers and
  a sentence (pure, unit-tested).
- :func:`style_day_axes` and :func:`draw_day` draw on given axes: glucose above, insulin below,
  time in clock hours, meals marked, the ADA normal fasting-glucose range shaded.
  :func:`draw_day` returns the two lines as a :class:`DayLines`, whose ``update`` changes their
  data in place.
- :func:`build_day_figure` builds the demo figure once (a plain Agg ``Figure``, never a pyplot
  one); :meth:`DayFigure.update` moves its lines for another preset or sensitivity.
- :func:`meal_day_explorer` is the live widget: a preset selector and a continuous
  insulin-sensitivity slider (needs a running kernel to respond).
- :func:`meal_day_static` precomputes one frame per sampled sensitivity into an
  ``ipywidgets.Stack`` linked with ``jslink`` to a ``SelectionSlider``, so it responds on the
  static site with no kernel (see ``STATIC_WIDGETS.md``).

Each frame is a PNG inside an ``<img>`` with alt text that states what the curves show, so the
numbers are readable without seeing the picture. Colour is never the only cue: the reference
curve is dashed, and every band and meal is labelled with text.

Sources
-------
Model and parameters: :mod:`insulinlab.meal` (Dalla Man, Rizza & Cobelli 2007,
doi:10.1109/TBME.2007.893506, and the oral minimal model). Parameters are teaching values:
a teaching model, not a patient. ADA normal fasting glucose (below 100 mg/dL): American
Diabetes Association, Standards of Care in Diabetes—2025, section 2, doi:10.2337/dc25-S002.

For education only; not medical advice.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from insulinlab import indices, meal
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    figure_to_png_bytes,
    linked_stack,
    live_png_bytes,
    live_renderer,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

SENSITIVITY_SCALE_RANGE = (0.25, 1.5)
"""Range of the live slider: insulin sensitivity as a multiple of the chosen preset's SI."""

SENSITIVITY_STEP = 0.05
"""Step of the live slider."""

STATIC_SENSITIVITY_SCALES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5)
"""The sensitivities precomputed for the no-kernel form (multiples of the preset's SI)."""

PRESET_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "healthy": "Healthy",
        "insulin_resistant": "Insulin-resistant (IGT)",
        "type_2_diabetes": "Type 2 diabetes",
    }
)
"""A short label for each preset of :data:`insulinlab.meal.PRESETS`."""

MEAL_NAMES = ("Breakfast", "Lunch", "Dinner")
"""Names given to the meals of a three-meal day (other days number their meals)."""

FIGSIZE_IN = (7.0, 5.6)
"""Size of the demo figure, inches."""

LIVE_DPI = 90
"""Resolution of the live widget's image."""

STATIC_DPI = 80
"""Resolution of each precomputed frame of the no-kernel form."""

TEACHING_MODEL_NOTE = (
    "A teaching model, not a patient: the parameters of insulinlab.meal were chosen for "
    "teaching, not fitted to any person, so read the shapes and the comparisons rather than "
    "the exact numbers."
)

LIVE_UPDATE_NOTE = (
    "The slider and the preset buttons need a running kernel (use the launch buttons). On the "
    "static site, use the no-kernel version of this demo."
)

STATIC_NOTE = (
    "This version works without a kernel: drag the slider (or click it and use the arrow keys) "
    "to choose an insulin sensitivity. Each picture was computed when the page was built."
)

GLUCOSE_COLOUR = PALETTE["blue"]
INSULIN_COLOUR = PALETTE["vermillion"]
REFERENCE_COLOUR = PALETTE["black"]
_BAND_COLOUR = PALETTE["sky_blue"]
_MEAL_LINE_COLOUR = "#8c8c8c"
_GLUCOSE_FLOOR_MG_DL = 50.0
_HOURS_PER_DAY = 24


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_preset(preset: object) -> str:
    if not isinstance(preset, str) or preset not in meal.PRESETS:
        raise ValueError(f"preset must be one of {tuple(meal.PRESETS)}; got {preset!r}")
    return preset


def _check_scale(scale: object, name: str = "insulin_sensitivity_scale") -> float:
    from insulinlab._validate import check_range

    return check_range(name, scale, *SENSITIVITY_SCALE_RANGE, "× the preset's sensitivity")


def _check_scales(scales: object) -> tuple[float, ...]:
    """``scales`` as a tuple of 2–12 strictly increasing numbers in the slider range."""
    low, high = SENSITIVITY_SCALE_RANGE
    accepted = (
        f"a sequence of 2 to 12 strictly increasing numbers in [{low:g}, {high:g}] "
        "(multiples of the preset's insulin sensitivity)"
    )
    if isinstance(scales, (str, bytes)) or not isinstance(scales, Sequence):
        raise ValueError(f"scales must be {accepted}; got {scales!r}")
    if not 2 <= len(scales) <= 12:
        raise ValueError(f"scales must be {accepted}; got {len(scales)} values")
    checked = tuple(_check_scale(scale, "scales[…]") for scale in scales)
    if any(later <= earlier for earlier, later in zip(checked, checked[1:], strict=False)):
        raise ValueError(f"scales must be {accepted}; got {scales!r}")
    return checked


def _check_dpi(dpi: object) -> float:
    from insulinlab._validate import check_range

    return check_range("dpi", dpi, 10, 300, "dots per inch")


@functools.lru_cache(maxsize=256)
def _day(preset: str, scale: float = 1.0) -> meal.MealSimulation:
    """The illustrative day of ``preset`` at ``scale`` × its sensitivity (cached: the arrays
    of a :class:`~insulinlab.meal.MealSimulation` are read-only)."""
    return meal.day_of_meals(preset, insulin_sensitivity_scale=scale)


# --------------------------------------------------------------------------------------------
# Pure summaries and labels
# --------------------------------------------------------------------------------------------


def clock_label(minutes: float) -> str:
    """Minutes after midnight as a 24-hour clock time, rounded to the minute.

    Examples
    --------
    >>> clock_label(450), clock_label(1190.4), clock_label(1440)
    ('07:30', '19:50', '24:00')
    """
    total = int(round(float(minutes)))
    return f"{total // 60:02d}:{total % 60:02d}"


def scale_label(scale: float) -> str:
    """A sensitivity multiple as a percentage of the preset, e.g. ``"50 %"``.

    Examples
    --------
    >>> scale_label(0.5), scale_label(1.25)
    ('50 %', '125 %')
    """
    return f"{100 * scale:.0f} %"


def meal_labels(meals: Sequence[meal.Meal]) -> list[str]:
    """A label for each meal: name (for a three-meal day), clock time and grams.

    Examples
    --------
    >>> meal_labels(meal.ILLUSTRATIVE_DAY)[0]
    'Breakfast 07:00\\n50 g'
    """
    names = MEAL_NAMES if len(meals) == len(MEAL_NAMES) else None
    labels = []
    for index, item in enumerate(meals):
        name = names[index] if names else f"Meal {index + 1}"
        labels.append(f"{name} {clock_label(item.time_min)}\n{item.carbohydrate_g:g} g")
    return labels


@dataclass(frozen=True)
class DaySummary:
    """A few numbers that describe one simulated day.

    Attributes
    ----------
    fasting_glucose_mg_dl : float
        Glucose at the start of the day (midnight, after the overnight fast), mg/dL.
    peak_glucose_mg_dl : float
        Highest glucose of the day, mg/dL.
    peak_time_min : float
        When it was reached, minutes after midnight.
    mean_glucose_mg_dl : float
        Average glucose over the day (trapezoid rule), mg/dL.
    peak_insulin_uu_ml : float
        Highest insulin of the day, µU/mL.
    mean_insulin_uu_ml : float
        Average insulin over the day (trapezoid rule), µU/mL.
    """

    fasting_glucose_mg_dl: float
    peak_glucose_mg_dl: float
    peak_time_min: float
    mean_glucose_mg_dl: float
    peak_insulin_uu_ml: float
    mean_insulin_uu_ml: float


def _time_average(values: np.ndarray, t_min: np.ndarray) -> float:
    return float(np.trapezoid(values, t_min) / (t_min[-1] - t_min[0]))


def summarise_day(simulation: meal.MealSimulation) -> DaySummary:
    """Summarise a simulated day (or any :class:`insulinlab.meal.MealSimulation`).

    Parameters
    ----------
    simulation : insulinlab.meal.MealSimulation
        For example the result of :func:`insulinlab.meal.day_of_meals`.

    Returns
    -------
    DaySummary

    Examples
    --------
    >>> summary = summarise_day(meal.day_of_meals("healthy"))
    >>> summary.fasting_glucose_mg_dl
    90.0
    >>> clock_label(summary.peak_time_min)
    '19:50'
    """
    t_min = simulation.t_min
    glucose, insulin = simulation.glucose_mg_dl, simulation.insulin_uu_ml
    return DaySummary(
        fasting_glucose_mg_dl=float(glucose[0]),
        peak_glucose_mg_dl=simulation.peak_glucose_mg_dl,
        peak_time_min=simulation.time_of_peak_glucose_min,
        mean_glucose_mg_dl=_time_average(glucose, t_min),
        peak_insulin_uu_ml=float(np.max(insulin)),
        mean_insulin_uu_ml=_time_average(insulin, t_min),
    )


def summary_text(
    simulation: meal.MealSimulation, reference: meal.MealSimulation | None = None
) -> str:
    """One plain-text sentence about a day; with ``reference``, compared with that day.

    Examples
    --------
    >>> healthy = meal.day_of_meals("healthy")
    >>> summary_text(healthy).startswith("Highest glucose 168 mg/dL at 19:50")
    True
    >>> half = meal.day_of_meals("healthy", insulin_sensitivity_scale=0.5)
    >>> "1.3 × the reference day" in summary_text(half, healthy)
    True
    """
    day = summarise_day(simulation)
    text = (
        f"Highest glucose {day.peak_glucose_mg_dl:.0f} mg/dL at {clock_label(day.peak_time_min)}; "
        f"average glucose {day.mean_glucose_mg_dl:.0f} mg/dL; "
        f"highest insulin {day.peak_insulin_uu_ml:.0f} µU/mL; "
        f"average insulin {day.mean_insulin_uu_ml:.1f} µU/mL"
    )
    if reference is not None:
        base = summarise_day(reference)
        ratio = day.mean_insulin_uu_ml / base.mean_insulin_uu_ml
        text += f" ({ratio:.1f} × the reference day)"
    return text + "."


def frame_title(preset: str, scale: float) -> str:
    """The figure title for a preset at a sensitivity multiple.

    Examples
    --------
    >>> frame_title("healthy", 0.5)
    'Healthy preset, insulin sensitivity 50 % of the preset'
    """
    label = PRESET_LABELS[_check_preset(preset)]
    return f"{label} preset, insulin sensitivity {scale_label(scale)} of the preset"


def frame_alt_text(
    simulation: meal.MealSimulation, reference: meal.MealSimulation, preset: str, scale: float
) -> str:
    """Alt text for one demo frame: what the two charts show, with the key numbers.

    Examples
    --------
    >>> healthy = meal.day_of_meals("healthy")
    >>> "07:00, 12:30 and 19:00" in frame_alt_text(healthy, healthy, "healthy", 1.0)
    True
    """
    day, base = summarise_day(simulation), summarise_day(reference)
    times = [clock_label(item.time_min) for item in simulation.meals]
    if len(times) > 1:
        meal_times = ", ".join(times[:-1]) + f" and {times[-1]}"
    else:
        meal_times = times[0] if times else "no meal"
    normal_below = indices.ADA_FASTING_GLUCOSE_MG_DL[0]
    where = "inside" if day.fasting_glucose_mg_dl < normal_below else "above"
    return (
        f"Two line charts over 24 hours. {frame_title(preset, scale)}. "
        f"Meals at {meal_times}. Top chart, glucose: it starts at "
        f"{day.fasting_glucose_mg_dl:.0f} mg/dL, {where} the shaded ADA normal fasting range "
        f"(below {normal_below:g} mg/dL), and rises after each meal; the highest value is "
        f"{day.peak_glucose_mg_dl:.0f} mg/dL at {clock_label(day.peak_time_min)}, against "
        f"{base.peak_glucose_mg_dl:.0f} mg/dL on the dashed reference curve (the preset at "
        f"100 %). Bottom chart, insulin: it starts at {simulation.insulin_uu_ml[0]:.0f} µU/mL "
        f"and rises after each meal to a highest value of {day.peak_insulin_uu_ml:.0f} µU/mL, "
        f"against {base.peak_insulin_uu_ml:.0f} µU/mL on the reference curve."
    )


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


@functools.cache
def axis_limits(preset: str = "healthy") -> tuple[float, float]:
    """Upper y limits (glucose mg/dL, insulin µU/mL) that fit the whole slider range of a preset.

    The lowest and highest sensitivity of :data:`SENSITIVITY_SCALE_RANGE` bound the curves, so
    the axes stay still while the slider moves and frames can be compared by eye.

    Examples
    --------
    >>> axis_limits("healthy")
    (225.0, 125.0)
    """
    _check_preset(preset)
    glucose_top, insulin_top = 0.0, 0.0
    for scale in SENSITIVITY_SCALE_RANGE:
        day = _day(preset, scale)
        glucose_top = max(glucose_top, float(np.max(day.glucose_mg_dl)))
        insulin_top = max(insulin_top, float(np.max(day.insulin_uu_ml)))
    return (
        25.0 * math.ceil(glucose_top * 1.05 / 25.0),
        25.0 * math.ceil(insulin_top * 1.05 / 25.0),
    )


def style_day_axes(
    ax_glucose,
    ax_insulin,
    *,
    meals: Sequence[meal.Meal] = meal.ILLUSTRATIVE_DAY,
    glucose_top_mg_dl: float = 225.0,
    insulin_top_uu_ml: float = 125.0,
) -> None:
    """Prepare the two axes of a day: labels, clock-hour ticks, meal markers, the fasting band.

    The glucose axes gets the ADA normal fasting-glucose range (below 100 mg/dL) as a labelled
    band; both axes get a dotted line at every meal, labelled above the glucose axes.

    Parameters
    ----------
    ax_glucose, ax_insulin : matplotlib.axes.Axes
        Glucose above, insulin below (they need not share x; both get 0–24 h).
    meals : sequence of insulinlab.meal.Meal, default :data:`insulinlab.meal.ILLUSTRATIVE_DAY`
        Meals to mark, with times in minutes after midnight.
    glucose_top_mg_dl : float, default 225
        Upper glucose limit, in (100, 1000] mg/dL.
    insulin_top_uu_ml : float, default 125
        Upper insulin limit, in (0, 2000] µU/mL.

    Raises
    ------
    ValueError
        If a limit is out of range.

    Source
    ------
    ADA Standards of Care in Diabetes—2025, section 2 (normal fasting glucose below 100 mg/dL).
    """
    from matplotlib.ticker import FuncFormatter

    from insulinlab._validate import check_range

    glucose_top = check_range(
        "glucose_top_mg_dl", glucose_top_mg_dl, 100.0, 1000.0, "mg/dL", low_inclusive=False
    )
    insulin_top = check_range(
        "insulin_top_uu_ml", insulin_top_uu_ml, 0.0, 2000.0, "µU/mL", low_inclusive=False
    )
    normal_below = indices.ADA_FASTING_GLUCOSE_MG_DL[0]
    ax_glucose.axhspan(
        _GLUCOSE_FLOOR_MG_DL,
        normal_below,
        facecolor=_BAND_COLOUR,
        alpha=0.25,
        edgecolor="none",
        zorder=0,
    )
    ax_glucose.text(
        0.3,
        _GLUCOSE_FLOOR_MG_DL + 4,
        f"ADA normal fasting glucose: below {normal_below:g} mg/dL",
        fontsize=7.5,
        va="bottom",
        ha="left",
        zorder=1,
    )
    for ax in (ax_glucose, ax_insulin):
        for item in meals:
            ax.axvline(
                item.time_min / 60.0,
                color=_MEAL_LINE_COLOUR,
                linestyle=":",
                linewidth=1.0,
                zorder=1,
            )
        ax.set_xlim(0, _HOURS_PER_DAY)
        ax.set_xticks(range(0, _HOURS_PER_DAY + 1, 3))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.tick_params(labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    for item, label in zip(meals, meal_labels(meals), strict=True):
        ax_glucose.text(
            item.time_min / 60.0,
            1.02,
            label,
            transform=ax_glucose.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=7.5,
        )
    ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
    ax_insulin.set_ylim(0, insulin_top)
    ax_glucose.set_ylabel("Glucose (mg/dL)", fontsize=9)
    ax_insulin.set_ylabel("Insulin (µU/mL)", fontsize=9)
    ax_insulin.set_xlabel("Time of day (clock hours; meals as dotted lines)", fontsize=9)
    # A formatter rather than fixed labels: shared x axes share it, so this works either way.
    clock = FuncFormatter(lambda hours, _position: clock_label(60.0 * hours))
    for ax in (ax_glucose, ax_insulin):
        ax.xaxis.set_major_formatter(clock)
    ax_glucose.tick_params(labelbottom=False)


@dataclass
class DayLines:
    """The glucose and insulin lines of one day; :meth:`update` moves them to another day."""

    glucose_line: object
    insulin_line: object

    def update(self, simulation: meal.MealSimulation) -> None:
        """Replace the lines' data with ``simulation`` (hours on x), keeping every style."""
        hours = simulation.t_min / 60.0
        self.glucose_line.set_data(hours, simulation.glucose_mg_dl)
        self.insulin_line.set_data(hours, simulation.insulin_uu_ml)


def draw_day(
    ax_glucose,
    ax_insulin,
    simulation: meal.MealSimulation,
    *,
    label: str | None = None,
    glucose_colour: str = GLUCOSE_COLOUR,
    insulin_colour: str = INSULIN_COLOUR,
    linestyle: str = "-",
    linewidth: float = 2.0,
) -> DayLines:
    """Draw one simulated day: glucose on ``ax_glucose``, insulin on ``ax_insulin``.

    Time is plotted in hours after midnight (call :func:`style_day_axes` for clock labels,
    meals and the fasting band).

    Parameters
    ----------
    ax_glucose, ax_insulin : matplotlib.axes.Axes
        Axes to draw on.
    simulation : insulinlab.meal.MealSimulation
        The day, e.g. from :func:`insulinlab.meal.day_of_meals`.
    label : str, optional
        Legend label, given to both lines.
    glucose_colour, insulin_colour : str
        Line colours (Okabe–Ito blue and vermillion by default).
    linestyle : str, default "-"
        Matplotlib line style; use a dashed style for a reference day.
    linewidth : float, default 2.0
        Line width in points.

    Returns
    -------
    DayLines
        The two ``Line2D`` artists; ``update`` changes their data in place.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax_glucose, ax_insulin = Figure().subplots(2, 1)
    >>> lines = draw_day(ax_glucose, ax_insulin, meal.day_of_meals("healthy"))
    >>> float(lines.glucose_line.get_ydata()[0])
    90.0
    """
    hours = simulation.t_min / 60.0
    (glucose_line,) = ax_glucose.plot(
        hours,
        simulation.glucose_mg_dl,
        color=glucose_colour,
        linestyle=linestyle,
        linewidth=linewidth,
        label=label,
        zorder=3,
    )
    (insulin_line,) = ax_insulin.plot(
        hours,
        simulation.insulin_uu_ml,
        color=insulin_colour,
        linestyle=linestyle,
        linewidth=linewidth,
        label=label,
        zorder=3,
    )
    return DayLines(glucose_line=glucose_line, insulin_line=insulin_line)


@dataclass
class DayFigure:
    """The demo figure, built once by :func:`build_day_figure`; :meth:`update` moves its lines.

    The figure has no title and a legend that never changes: the preset and sensitivity shown
    are in :attr:`title` (the frame's caption), so that a live update redraws only the lines.
    """

    figure: object
    ax_glucose: object
    ax_insulin: object
    lines: DayLines
    reference_lines: DayLines
    legend: object = None
    preset: str = "healthy"
    insulin_sensitivity_scale: float = 1.0
    simulation: meal.MealSimulation | None = None
    reference: meal.MealSimulation | None = None

    @property
    def title(self) -> str:
        """What the figure shows, in words (:func:`frame_title`); the frames' caption starts
        with it."""
        return frame_title(self.preset, self.insulin_sensitivity_scale)

    @property
    def changing_artists(self) -> list:
        """The artists :meth:`update` changes: the four lines."""
        return [
            self.lines.glucose_line,
            self.lines.insulin_line,
            self.reference_lines.glucose_line,
            self.reference_lines.insulin_line,
        ]

    def update(self, preset: str, insulin_sensitivity_scale: float) -> None:
        """Show ``preset`` at ``insulin_sensitivity_scale`` against the preset at 100 %.

        Only line data and (for a new preset) the y limits change; no artist or figure is
        created. Simulated days are cached, so returning to a state costs no model run.

        Raises
        ------
        ValueError
            For an unknown preset or a scale outside :data:`SENSITIVITY_SCALE_RANGE`.
        """
        preset = _check_preset(preset)
        scale = _check_scale(insulin_sensitivity_scale)
        if preset != self.preset or self.reference is None:
            self.reference = _day(preset)
            self.reference_lines.update(self.reference)
            glucose_top, insulin_top = axis_limits(preset)
            self.ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
            self.ax_insulin.set_ylim(0, insulin_top)
        self.simulation = _day(preset, scale)
        self.lines.update(self.simulation)
        self.preset, self.insulin_sensitivity_scale = preset, scale

    def png(self, dpi: float, colours: int | None = 64, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (same pixels; see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`).
        """
        if live:
            return live_png_bytes(self.figure, dpi, colours)
        return figure_to_png_bytes(self.figure, dpi, colours)

    def prepare_live(self, dpi: float) -> None:
        """Ready the figure for live updates at ``dpi``: declare the lines that change and
        draw the background of every preset's axis limits now, so that no later change (a
        new preset included) needs a full draw. Leaves what is shown as it was."""
        renderer = live_renderer(self.figure)
        renderer.expect_changes(self.changing_artists)
        shown = self.ax_glucose.get_ylim(), self.ax_insulin.get_ylim()
        for preset in meal.PRESETS:
            glucose_top, insulin_top = axis_limits(preset)
            self.ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
            self.ax_insulin.set_ylim(0, insulin_top)
            renderer.rgba(dpi)
        self.ax_glucose.set_ylim(shown[0])
        self.ax_insulin.set_ylim(shown[1])


LEGEND_LABELS = ("the preset at 100 % (dashed)", "the sensitivity you choose (solid)")
"""The legend's labels, the same for every frame (the caption names the preset and the %)."""


def build_day_figure(preset: str = "healthy", insulin_sensitivity_scale: float = 1.0) -> DayFigure:
    """Build the demo figure once: glucose above, insulin below, the preset at 100 % dashed.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot, so it never shows up twice in a notebook and needs no closing.

    Raises
    ------
    ValueError
        For an unknown preset or a scale outside :data:`SENSITIVITY_SCALE_RANGE`.

    Examples
    --------
    >>> day_figure = build_day_figure("healthy", 0.5)
    >>> day_figure.title
    'Healthy preset, insulin sensitivity 50 % of the preset'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    preset = _check_preset(preset)
    scale = _check_scale(insulin_sensitivity_scale)
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions: a layout engine would re-run on every render. The meal labels sit
    # above the glucose axes; the caption, not a title, says what is shown.
    ax_glucose = figure.add_axes((0.11, 0.50, 0.86, 0.39))
    ax_insulin = figure.add_axes((0.11, 0.09, 0.86, 0.33), sharex=ax_glucose)
    glucose_top, insulin_top = axis_limits(preset)
    style_day_axes(
        ax_glucose, ax_insulin, glucose_top_mg_dl=glucose_top, insulin_top_uu_ml=insulin_top
    )
    reference = _day(preset)
    reference_lines = draw_day(
        ax_glucose,
        ax_insulin,
        reference,
        label=LEGEND_LABELS[0],
        glucose_colour=REFERENCE_COLOUR,
        insulin_colour=REFERENCE_COLOUR,
        linestyle="--",
        linewidth=1.2,
    )
    lines = draw_day(ax_glucose, ax_insulin, reference, label=LEGEND_LABELS[1])
    legend = ax_glucose.legend(
        handles=[reference_lines.glucose_line, lines.glucose_line],
        loc="upper left",
        fontsize=7.5,
        frameon=False,
    )
    day_figure = DayFigure(
        figure=figure,
        ax_glucose=ax_glucose,
        ax_insulin=ax_insulin,
        lines=lines,
        reference_lines=reference_lines,
        legend=legend,
        preset=preset,
        reference=reference,
    )
    day_figure.update(preset, scale)
    return day_figure


def frame_caption(day_figure: DayFigure) -> str:
    """The caption under a frame: what is shown (:attr:`DayFigure.title`), then the summary.

    Examples
    --------
    >>> frame_caption(build_day_figure("healthy", 0.5)).split(". ")[0]
    'Healthy preset, insulin sensitivity 50 % of the preset'
    """
    summary = summary_text(day_figure.simulation, day_figure.reference)
    return f"{day_figure.title}. {summary}"


def frame_html(
    day_figure: DayFigure, dpi: float, colours: int | None = 64, *, live: bool = False
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then a caption: what is shown
    and the day's summary (:func:`frame_caption`).

    ``live`` is passed on to :meth:`DayFigure.png`.

    Examples
    --------
    >>> text = frame_html(build_day_figure(), dpi=20)
    >>> text.startswith('<figure style="margin: 0;"><img alt="Two line charts')
    True
    """
    png = day_figure.png(dpi, colours, live=live)
    alt = frame_alt_text(
        day_figure.simulation,
        day_figure.reference,
        day_figure.preset,
        day_figure.insulin_sensitivity_scale,
    )
    return static_frame_html(png, alt, frame_caption(day_figure), max_width_px=FIGSIZE_IN[0] * 100)


def render_frames(
    scales: Sequence[float] = STATIC_SENSITIVITY_SCALES,
    *,
    preset: str = "healthy",
    dpi: float = STATIC_DPI,
    colours: int = 64,
) -> tuple[str, ...]:
    """HTML (image with alt text, and a caption) of one frame per sensitivity; one figure reused.

    Parameters
    ----------
    scales : sequence of float, default :data:`STATIC_SENSITIVITY_SCALES`
        2 to 12 strictly increasing multiples of the preset's insulin sensitivity, each in
        :data:`SENSITIVITY_SCALE_RANGE`.
    preset : str, default "healthy"
        One of :data:`insulinlab.meal.PRESETS`.
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default 64
        Palette size of each PNG, in [16, 256] (fewer = smaller).

    Returns
    -------
    tuple of str
        One HTML fragment per scale, in order.

    Raises
    ------
    ValueError
        If ``scales``, ``preset``, ``dpi`` or ``colours`` is invalid; the message names it.
    """
    from insulinlab._validate import check_range

    chosen = _check_scales(scales)
    preset = _check_preset(preset)
    resolution = _check_dpi(dpi)
    palette_size = int(check_range("colours", colours, 16, 256, "colours"))
    day_figure = build_day_figure(preset, chosen[0])
    frames = []
    for scale in chosen:
        day_figure.update(preset, scale)
        frames.append(frame_html(day_figure, resolution, palette_size))
    return tuple(frames)


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>A day of meals.</strong> Glucose (top) and insulin (bottom) over 24 hours "
        "with breakfast, lunch and dinner. The dashed curve is the preset at its own "
        "sensitivity (100 %); the solid curve is the sensitivity you choose. "
        f"{html.escape(TEACHING_MODEL_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


def meal_day_explorer(*, dpi: float = LIVE_DPI):
    """Build the live demo: a preset selector and an insulin-sensitivity slider.

    The figure is built once (:func:`build_day_figure`); moving the slider (on release:
    ``continuous_update=False``) or choosing a preset re-simulates the day, moves the lines
    with ``set_data`` and re-renders the picture. It opens on the healthy preset at 100 %,
    rendered at construction, so a page saved with its widget state shows that view;
    responding needs a running kernel (use :func:`meal_day_static` for the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the preset ``ToggleButtons``, the sensitivity
        ``FloatSlider`` and the frame (HTML: picture with alt text and a summary). The
        :class:`DayFigure` is kept on the box as ``box.day_figure``.

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = _check_dpi(dpi)
    day_figure = build_day_figure("healthy", 1.0)
    low, high = SENSITIVITY_SCALE_RANGE
    presets = widgets.ToggleButtons(
        options=[(label, preset) for preset, label in PRESET_LABELS.items()],
        value="healthy",
        description="Preset",
        style={"description_width": "initial", "button_width": "auto"},
    )
    slider = widgets.FloatSlider(
        value=1.0,
        min=low,
        max=high,
        step=SENSITIVITY_STEP,
        description="Insulin sensitivity (× preset)",
        readout_format=".2f",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="34em"),
    )
    day_figure.prepare_live(resolution)
    frame = widgets.HTML(value=frame_html(day_figure, resolution, live=True))

    def refresh(_change=None) -> None:
        day_figure.update(presets.value, slider.value)
        frame.value = frame_html(day_figure, resolution, live=True)

    presets.observe(refresh, names="value")
    slider.observe(refresh, names="value")
    box = widgets.VBox([widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), presets, slider, frame])
    box.day_figure = day_figure
    return box


def meal_day_static(
    scales: Sequence[float] = STATIC_SENSITIVITY_SCALES,
    *,
    preset: str = "healthy",
    dpi: float = STATIC_DPI,
    colours: int = 64,
):
    """Build the no-kernel demo: one precomputed frame per sensitivity, switched in the browser.

    An ``ipywidgets.Stack`` holds one HTML frame per value of ``scales`` (the picture with alt
    text, and a one-sentence summary); a ``SelectionSlider`` whose options are
    ``(label, index)`` pairs (``"25 %"``, ``"50 %"``, …) has its ``index`` linked to the stack's
    ``selected_index`` with ``jslink``. The link lives in the saved widget state, so the slider
    works on the static site with no kernel; the same cell works unchanged in a live kernel.
    It opens on 100 % when that value is sampled, else on the first value.

    Each frame is a 64-colour PNG of about 13 KB at 80 dpi (18 KB once base64-encoded with its
    alt text), so the default six frames make about 120 KB of widget state.

    Parameters
    ----------
    scales : sequence of float, default :data:`STATIC_SENSITIVITY_SCALES`
        2 to 12 strictly increasing multiples of the preset's insulin sensitivity, each in
        :data:`SENSITIVITY_SCALE_RANGE`.
    preset : str, default "healthy"
        One of :data:`insulinlab.meal.PRESETS`.
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 64
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the ``SelectionSlider`` and the ``Stack``. The ``jslink``
        objects are kept on the box as ``box.links``.

    Raises
    ------
    ValueError
        If ``scales``, ``preset``, ``dpi`` or ``colours`` is invalid.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (a ``Stack`` linked with ``jslink``). Model:
    :mod:`insulinlab.meal`.
    """
    import ipywidgets as widgets

    chosen = _check_scales(scales)
    frames = render_frames(chosen, preset=preset, dpi=dpi, colours=colours)
    start = chosen.index(1.0) if 1.0 in chosen else 0
    slider = widgets.SelectionSlider(
        options=[(scale_label(scale), index) for index, scale in enumerate(chosen)],
        index=start,
        description="Insulin sensitivity (% of preset)",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="34em"),
    )
    stack, link = linked_stack(slider, frames)
    links = [link]
    box = widgets.VBox([widgets.HTML(_header_html(STATIC_NOTE)), slider, stack])
    box.links = links
    return box


__all__ = [
    "FIGSIZE_IN",
    "LEGEND_LABELS",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "MEAL_NAMES",
    "PRESET_LABELS",
    "SENSITIVITY_SCALE_RANGE",
    "SENSITIVITY_STEP",
    "STATIC_DPI",
    "STATIC_NOTE",
    "STATIC_SENSITIVITY_SCALES",
    "TEACHING_MODEL_NOTE",
    "DayFigure",
    "DayLines",
    "DaySummary",
    "axis_limits",
    "build_day_figure",
    "clock_label",
    "draw_day",
    "frame_alt_text",
    "frame_caption",
    "frame_html",
    "frame_title",
    "meal_day_explorer",
    "meal_day_static",
    "meal_labels",
    "render_frames",
    "scale_label",
    "style_day_axes",
    "summarise_day",
    "summary_text",
]
