"""The chapter 06 demo: muscle glucose uptake = insulin path + contraction path.

The model lives in :mod:`insulinlab.uptake` (:func:`~insulinlab.uptake.muscle_glucose_uptake`);
this module only summarises and draws what it computes. The idea it shows: *block the insulin
path and exercise still works*, because muscle contraction moves GLUT4 to the cell surface
through signals of its own.

- :func:`snapshot` and :func:`snapshot_text` give the numbers at one setting (pure,
  unit-tested); :func:`frame_alt_text` describes a whole frame in words.
- :func:`draw_two_paths` draws on given axes the two paths stacked against exercise intensity,
  for one insulin-signalling efficiency and insulin level, with healthy muscle as a dashed
  reference and a marker at the chosen intensity. It returns a :class:`TwoPathArtists`, whose
  ``update`` reshapes the same artists for new settings.
- :func:`build_two_path_figure` builds the demo figure once (a plain Agg ``Figure``, never a
  pyplot one); :meth:`TwoPathFigure.update` restyles it.
- :func:`two_path_explorer` is the live widget: sliders for insulin signalling, exercise
  intensity and insulin (on release: ``continuous_update=False``); it needs a running kernel.
  Its picture has no title and no "total" label: the setting (:func:`frame_title`) and the
  total are a line of HTML above it.
- :func:`two_path_static` precomputes signalling × intensity frames into nested
  ``ipywidgets.Stack`` s linked with ``jslink`` to two ``SelectionSlider`` s, so it responds on
  the static site with no kernel (see ``STATIC_WIDGETS.md``).
- :func:`plot_two_path_panels` is the static figure: healthy, insulin-resistant and blocked
  insulin signalling side by side.

Colour is never the only cue: the contraction path is hatched, both paths are named in the
legend and inside the areas, and the healthy reference is dashed.

Sources
-------
Model, parameters and citations: :mod:`insulinlab.uptake` (Stanford & Goodyear 2014, *Adv
Physiol Educ* 38:308–314; Sylow et al. 2017, *Nat Rev Endocrinol* 13:133–148; Kjøbsted et al.
2019, *Diabetes* 68:1427, for AMPK acting mainly after exercise; DeFronzo & Tripathy 2009 for
muscle's share of clamp glucose uptake). Every parameter is a teaching value (order of
magnitude only): a teaching model, not a patient.

For education only; not medical advice.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from insulinlab import uptake
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    figure_to_png_bytes,
    live_png_bytes,
    live_renderer,
    nested_linked_stacks,
    widget_state_size,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

SIGNALLING_RANGE = (0.0, 1.0)
"""Insulin-signalling efficiency: 0 = insulin path blocked, 1 = healthy muscle."""

INTENSITY_RANGE = (0.0, 1.0)
"""Exercise intensity as a fraction of VO2max: 0 = rest, 1 = maximal."""

INSULIN_RANGE_UU_ML = (0.0, 200.0)
"""Insulin range of the live slider and of the drawing, µU/mL (a clamp is about 100)."""

SLIDER_STEP = 0.05
"""Step of the live signalling and intensity sliders."""

INSULIN_STEP_UU_ML = 5.0
"""Step of the live insulin slider, µU/mL."""

DEFAULT_INSULIN_UU_ML = 100.0
"""Insulin for the static figure and the no-kernel demo: about the level of a clamp study."""

STATIC_SIGNALLING = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Insulin-signalling values precomputed for the no-kernel demo."""

STATIC_INTENSITIES = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Exercise intensities precomputed for the no-kernel demo (fractions of VO2max)."""

PANEL_SIGNALLING = (1.0, 0.5, 0.0)
"""Insulin-signalling values of the three panels of the static figure."""

UPTAKE_TOP_MG_PER_KG_MIN = 18.0
"""Upper limit of the uptake axis: above the largest total in the whole live range (≈ 17.4)."""

FIGSIZE_IN = (6.4, 4.0)
"""Size of the demo figure, inches."""

LIVE_DPI = 90
"""Resolution of the live widget's image."""

STATIC_DPI = 72
"""Resolution of each precomputed frame of the no-kernel form."""

CURVE_POINTS = 101
"""Intensity samples along the contraction curve."""

TEACHING_MODEL_NOTE = (
    "A teaching model, not a patient: the parameters of insulinlab.uptake are round numbers "
    "of the right order of magnitude, not fitted to anyone, and the model leaves out the "
    "after-effects of exercise and training. Read the shapes, not the decimals."
)

LIVE_UPDATE_NOTE = (
    "The sliders need a running kernel (use the launch buttons). On the static site, use the "
    "no-kernel version of this demo."
)

STATIC_NOTE = (
    "This version works without a kernel: choose the insulin signalling with the first "
    "slider and the exercise intensity with the second (drag, or click and use the arrow "
    "keys). Each picture was computed when the page was built, with insulin at "
    "{insulin:g} µU/mL."
)

INSULIN_PATH_COLOUR = PALETTE["blue"]
CONTRACTION_PATH_COLOUR = PALETTE["bluish_green"]
REFERENCE_COLOUR = PALETTE["black"]
MARKER_COLOUR = PALETTE["vermillion"]
_CONTRACTION_HATCH = "///"
_GRID_COLOUR = "#e5e5e5"
_MIN_LABEL_HEIGHT = 1.2  # mg/kg/min: below this an area is too thin to hold its name


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_signalling(value: object, name: str = "insulin_signalling") -> float:
    from insulinlab._validate import check_range

    return check_range(name, value, *SIGNALLING_RANGE, "(1 = healthy muscle)")


def _check_intensity(value: object, name: str = "exercise_intensity") -> float:
    from insulinlab._validate import check_range

    return check_range(name, value, *INTENSITY_RANGE, "of VO2max")


def _check_insulin(value: object, name: str = "insulin_uu_ml") -> float:
    from insulinlab._validate import check_range

    return check_range(name, value, *INSULIN_RANGE_UU_ML, "µU/mL")


def _check_dpi(dpi: object) -> float:
    from insulinlab._validate import check_range

    return check_range("dpi", dpi, 10, 300, "dots per inch")


def _check_colours(colours: object) -> int:
    from insulinlab._validate import check_range

    return int(check_range("colours", colours, 16, 256, "colours"))


def _check_grid(name: str, values: object, check) -> tuple[float, ...]:
    """``values`` as 2–9 strictly increasing numbers, each passing ``check``."""
    accepted = "a sequence of 2 to 9 strictly increasing numbers in [0, 1]"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    if not 2 <= len(values) <= 9:
        raise ValueError(f"{name} must be {accepted}; got {len(values)} values")
    checked = tuple(check(value, f"{name}[…]") for value in values)
    if any(later <= earlier for earlier, later in zip(checked, checked[1:], strict=False)):
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    return checked


# --------------------------------------------------------------------------------------------
# Pure numbers and words
# --------------------------------------------------------------------------------------------


def percent_label(fraction: float) -> str:
    """A fraction as a whole percentage, e.g. ``"25 %"``.

    Examples
    --------
    >>> percent_label(0.25), percent_label(1.0)
    ('25 %', '100 %')
    """
    return f"{100 * fraction:.0f} %"


def intensity_label(intensity: float) -> str:
    """An exercise intensity in words: ``"rest"`` at 0, else a percentage of VO₂max.

    Examples
    --------
    >>> intensity_label(0.0), intensity_label(0.5)
    ('rest', '50 % of VO₂max')
    """
    return "rest" if intensity == 0 else f"{percent_label(intensity)} of VO₂max"


def signalling_label(signalling: float) -> str:
    """An insulin-signalling efficiency in words.

    Examples
    --------
    >>> signalling_label(0.0), signalling_label(0.5), signalling_label(1.0)
    ('0 % (insulin path blocked)', '50 % of healthy', '100 % (healthy muscle)')
    """
    if signalling == 0:
        return "0 % (insulin path blocked)"
    if signalling == 1:
        return "100 % (healthy muscle)"
    return f"{percent_label(signalling)} of healthy"


@dataclass(frozen=True)
class UptakeSnapshot:
    """The two paths at one setting, with healthy muscle for comparison (mg/kg/min).

    Attributes
    ----------
    insulin_signalling, exercise_intensity, insulin_uu_ml : float
        The setting.
    insulin_path, contraction_path, total : float
        Muscle glucose uptake through each path and in total.
    contraction_share : float
        Fraction of the total from contraction, in [0, 1]; 0 when the total is 0.
    healthy_total : float
        Healthy muscle (signalling 1) at the same insulin and intensity.
    healthy_at_rest : float
        Healthy muscle at the same insulin, at rest.
    """

    insulin_signalling: float
    exercise_intensity: float
    insulin_uu_ml: float
    insulin_path: float
    contraction_path: float
    total: float
    contraction_share: float
    healthy_total: float
    healthy_at_rest: float


def snapshot(
    insulin_signalling: float,
    exercise_intensity: float,
    insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
) -> UptakeSnapshot:
    """Muscle glucose uptake by path at one setting, from :mod:`insulinlab.uptake`.

    Parameters
    ----------
    insulin_signalling : float
        Insulin-signalling efficiency in [0, 1] (1 = healthy muscle).
    exercise_intensity : float
        Fraction of VO2max in [0, 1] (0 = rest).
    insulin_uu_ml : float, default :data:`DEFAULT_INSULIN_UU_ML`
        Plasma insulin in [0, 200] µU/mL.

    Returns
    -------
    UptakeSnapshot

    Raises
    ------
    ValueError
        If an argument is out of range; the message names it.

    Examples
    --------
    >>> blocked = snapshot(0.0, 0.5)
    >>> blocked.insulin_path, round(blocked.contraction_path, 2), blocked.contraction_share
    (0.0, 4.92, 1.0)
    """
    signalling = _check_signalling(insulin_signalling)
    intensity = _check_intensity(exercise_intensity)
    insulin = _check_insulin(insulin_uu_ml)
    chosen = uptake.muscle_glucose_uptake(insulin, signalling, intensity)
    healthy = uptake.muscle_glucose_uptake(insulin, 1.0, intensity)
    healthy_rest = uptake.muscle_glucose_uptake(insulin, 1.0, 0.0)
    return UptakeSnapshot(
        insulin_signalling=signalling,
        exercise_intensity=intensity,
        insulin_uu_ml=insulin,
        insulin_path=chosen.insulin_path_mg_per_kg_min,
        contraction_path=chosen.contraction_path_mg_per_kg_min,
        total=chosen.total_mg_per_kg_min,
        contraction_share=chosen.contraction_share,
        healthy_total=healthy.total_mg_per_kg_min,
        healthy_at_rest=healthy_rest.total_mg_per_kg_min,
    )


def snapshot_text(state: UptakeSnapshot) -> str:
    """One plain-text sentence with the numbers of a snapshot.

    Examples
    --------
    >>> snapshot_text(snapshot(0.0, 0.5)).startswith("At 50 % of VO₂max, with insulin")
    True
    """
    where = (
        "At rest"
        if state.exercise_intensity == 0
        else (f"At {intensity_label(state.exercise_intensity)}")
    )
    text = (
        f"{where}, with insulin signalling {signalling_label(state.insulin_signalling)} and "
        f"insulin at {state.insulin_uu_ml:g} µU/mL: insulin path {state.insulin_path:.1f}, "
        f"contraction path {state.contraction_path:.1f}, total {state.total:.1f} "
        f"{uptake.UNIT}"
    )
    if state.total > 0:
        text += f"; contraction supplies {percent_label(state.contraction_share)} of it"
    return (
        f"{text}. Healthy muscle at the same insulin: {state.healthy_at_rest:.1f} at rest, "
        f"{state.healthy_total:.1f} at this intensity."
    )


def frame_title(insulin_signalling: float, insulin_uu_ml: float) -> str:
    """The figure title for one signalling efficiency and insulin level.

    Examples
    --------
    >>> frame_title(0.25, 100)
    'Insulin signalling 25 % of healthy · insulin 100 µU/mL'
    """
    signalling = signalling_label(insulin_signalling)
    return f"Insulin signalling {signalling} · insulin {insulin_uu_ml:g} µU/mL"


def frame_alt_text(state: UptakeSnapshot) -> str:
    """Alt text for one frame: what the chart shows, with its key numbers.

    Examples
    --------
    >>> "flat at 0.0 mg/kg/min" in frame_alt_text(snapshot(0.0, 0.0))
    True
    """
    top = uptake.muscle_glucose_uptake(
        state.insulin_uu_ml, state.insulin_signalling, INTENSITY_RANGE[1]
    )
    healthy_top = uptake.muscle_glucose_uptake(state.insulin_uu_ml, 1.0, INTENSITY_RANGE[1])
    marker = f"A marker at {intensity_label(state.exercise_intensity)} shows a total of " + (
        f"{state.total:.1f} {uptake.UNIT}"
    )
    if state.total > 0:
        marker += f", of which contraction supplies {percent_label(state.contraction_share)}"
    return (
        "Stacked area chart of muscle glucose uptake in mg/kg/min (vertical axis, 0 to "
        f"{UPTAKE_TOP_MG_PER_KG_MIN:g}) against exercise intensity (horizontal axis, from rest "
        f"to 100 % of VO₂max). {frame_title(state.insulin_signalling, state.insulin_uu_ml)}. "
        f"The lower band, the insulin path, is flat at {state.insulin_path:.1f} {uptake.UNIT} "
        "at every intensity. Stacked on it, the hatched contraction path rises from 0 at rest "
        f"to {top.contraction_path_mg_per_kg_min:.1f} at 100 % of VO₂max, whatever the insulin "
        "signalling. A dashed line shows healthy muscle with the same insulin, from "
        f"{state.healthy_at_rest:.1f} at rest to {healthy_top.total_mg_per_kg_min:.1f} at 100 %. "
        f"{marker}."
    )


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


def _curve(insulin_signalling: float, insulin_uu_ml: float):
    """Intensity grid and the two paths along it (the insulin path is flat)."""
    intensity = np.linspace(*INTENSITY_RANGE, CURVE_POINTS)
    result = uptake.muscle_glucose_uptake(insulin_uu_ml, insulin_signalling, intensity)
    return (
        intensity,
        np.asarray(result.insulin_path_mg_per_kg_min, dtype=float),
        np.asarray(result.contraction_path_mg_per_kg_min, dtype=float),
    )


def style_axes(ax) -> None:
    """Axis limits, ticks (rest, 25 %, …, 100 % of VO₂max) and labels shared by every frame."""
    ax.set_xlim(*INTENSITY_RANGE)
    ax.set_ylim(0.0, UPTAKE_TOP_MG_PER_KG_MIN)
    ticks = np.linspace(*INTENSITY_RANGE, 5)
    ax.set_xticks(ticks)
    ax.set_xticklabels(["rest"] + [percent_label(t) for t in ticks[1:]])
    ax.set_xlabel("Exercise intensity (% of VO₂max)", fontsize=9)
    ax.set_ylabel(f"Muscle glucose uptake ({uptake.UNIT})", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", color=_GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


@dataclass
class TwoPathArtists:
    """The artists of one two-path drawing; :meth:`update` reshapes them in place.

    Built by :func:`draw_two_paths`. Keeping the artists lets a widget change its figure
    without drawing a new one.
    """

    ax: object
    insulin_area: object
    contraction_area: object
    healthy_line: object
    marker_line: object
    marker_point: object
    marker_text: object
    insulin_label: object
    contraction_label: object
    title: object = None
    state: UptakeSnapshot | None = None
    marker_total: bool = True

    def update(
        self,
        insulin_signalling: float,
        exercise_intensity: float,
        insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
    ) -> UptakeSnapshot:
        """Reshape every artist for a new setting; return its :class:`UptakeSnapshot`.

        Raises
        ------
        ValueError
            If an argument is out of range (see :func:`snapshot`).
        """
        state = snapshot(insulin_signalling, exercise_intensity, insulin_uu_ml)
        intensity, insulin_path, contraction_path = _curve(
            state.insulin_signalling, state.insulin_uu_ml
        )
        low, high = INTENSITY_RANGE
        level = state.insulin_path
        self.insulin_area.set_xy([(low, 0.0), (high, 0.0), (high, level), (low, level)])
        top = insulin_path + contraction_path
        outline = np.concatenate(
            [np.column_stack([intensity, insulin_path]), np.column_stack([intensity, top])[::-1]]
        )
        self.contraction_area.set_xy(outline)
        healthy = uptake.muscle_glucose_uptake(state.insulin_uu_ml, 1.0, intensity)
        self.healthy_line.set_data(intensity, np.asarray(healthy.total_mg_per_kg_min))

        x = state.exercise_intensity
        self.marker_line.set_xdata([x, x])
        self.marker_point.set_data([x], [state.total])
        on_right = x < 0.6
        self.marker_text.set_text(f"total {state.total:.1f}" if self.marker_total else "")
        self.marker_text.xy = (x, state.total)
        self.marker_text.set_position((8 if on_right else -8, 6))
        self.marker_text.set_horizontalalignment("left" if on_right else "right")

        self.insulin_label.set_position((0.03, level / 2))
        self.insulin_label.set_visible(level >= _MIN_LABEL_HEIGHT)
        end_contraction = float(contraction_path[-1])
        self.contraction_label.set_position((0.97, level + end_contraction / 2))
        self.contraction_label.set_visible(end_contraction >= _MIN_LABEL_HEIGHT)
        if self.title is not None:
            self.title.set_text(frame_title(state.insulin_signalling, state.insulin_uu_ml))
        self.state = state
        return state


def draw_two_paths(
    ax,
    insulin_signalling: float,
    exercise_intensity: float = 0.0,
    insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
    *,
    legend: bool = True,
    title: bool = True,
    marker_total: bool = True,
) -> TwoPathArtists:
    """Draw the insulin and contraction paths stacked against exercise intensity on ``ax``.

    The insulin path is a flat band (it does not depend on exercise); the contraction path is
    stacked on top and rises with intensity (it does not depend on insulin or signalling). A
    dashed line is healthy muscle (signalling 1) at the same insulin; a vertical marker shows
    the chosen intensity and its total.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on; limits, ticks and labels are set (:func:`style_axes`).
    insulin_signalling : float
        Insulin-signalling efficiency in [0, 1] (1 = healthy muscle, 0 = blocked).
    exercise_intensity : float, default 0
        Intensity to mark, as a fraction of VO2max in [0, 1].
    insulin_uu_ml : float, default :data:`DEFAULT_INSULIN_UU_ML`
        Plasma insulin in [0, 200] µU/mL.
    legend : bool, default True
        Add a legend naming the two paths and the healthy reference.
    title : bool, default True
        Title the axes with the setting (:func:`frame_title`).
    marker_total : bool, default True
        Write the total ("total 6.6") next to the marker; False leaves that label empty.

    Returns
    -------
    TwoPathArtists
        The artists; ``update`` reshapes them for a new setting.

    Raises
    ------
    ValueError
        If an argument is out of range; the message names it.

    Source
    ------
    :func:`insulinlab.uptake.muscle_glucose_uptake` (teaching parameters; Stanford & Goodyear
    2014; Sylow et al. 2017).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> artists = draw_two_paths(Figure().subplots(), 0.0, 0.5)
    >>> artists.state.insulin_path
    0.0
    """
    from matplotlib.patches import Polygon

    snapshot(insulin_signalling, exercise_intensity, insulin_uu_ml)  # validate first
    style_axes(ax)
    empty = [(0.0, 0.0), (1.0, 0.0), (1.0, 0.0)]
    insulin_area = Polygon(
        empty,
        closed=True,
        facecolor=INSULIN_PATH_COLOUR,
        alpha=0.85,
        edgecolor="none",
        label="insulin path (needs insulin signalling)",
        zorder=2,
    )
    contraction_area = Polygon(
        empty,
        closed=True,
        facecolor=CONTRACTION_PATH_COLOUR,
        alpha=0.85,
        edgecolor="white",
        linewidth=0.0,
        hatch=_CONTRACTION_HATCH,
        label="contraction path (no insulin needed)",
        zorder=2,
    )
    ax.add_patch(insulin_area)
    ax.add_patch(contraction_area)
    (healthy_line,) = ax.plot(
        [],
        [],
        color=REFERENCE_COLOUR,
        linestyle="--",
        linewidth=1.4,
        label="healthy muscle, same insulin (total)",
        zorder=4,
    )
    marker_line = ax.axvline(0.0, color=MARKER_COLOUR, linestyle=":", linewidth=1.3, zorder=3)
    (marker_point,) = ax.plot(
        [],
        [],
        marker="o",
        markersize=6,
        color=MARKER_COLOUR,
        markeredgecolor=REFERENCE_COLOUR,
        linestyle="none",
        clip_on=False,
        zorder=5,
    )
    marker_text = ax.annotate(
        "",
        xy=(0.0, 0.0),
        xytext=(8, 6),
        textcoords="offset points",
        fontsize=8.5,
        fontweight="bold",
        color=REFERENCE_COLOUR,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": MARKER_COLOUR},
        zorder=6,
    )
    insulin_label = ax.text(
        0.03, 0.0, "insulin path", fontsize=8, color="white", va="center", ha="left", zorder=4
    )
    contraction_label = ax.text(
        0.97,
        0.0,
        "contraction\npath",
        fontsize=8,
        color=REFERENCE_COLOUR,
        va="center",
        ha="right",
        zorder=4,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    )
    if legend:
        ax.legend(
            handles=[contraction_area, insulin_area, healthy_line],
            loc="upper left",
            fontsize=7.5,
            frameon=False,
        )
    title_artist = ax.set_title("", fontsize=9.5) if title else None
    artists = TwoPathArtists(
        ax=ax,
        insulin_area=insulin_area,
        contraction_area=contraction_area,
        healthy_line=healthy_line,
        marker_line=marker_line,
        marker_point=marker_point,
        marker_text=marker_text,
        insulin_label=insulin_label,
        contraction_label=contraction_label,
        title=title_artist,
        marker_total=bool(marker_total),
    )
    artists.update(insulin_signalling, exercise_intensity, insulin_uu_ml)
    return artists


# --------------------------------------------------------------------------------------------
# The demo figure, built once
# --------------------------------------------------------------------------------------------


@dataclass
class TwoPathFigure:
    """The demo figure, built once by :func:`build_two_path_figure`."""

    figure: object
    artists: TwoPathArtists

    @property
    def state(self) -> UptakeSnapshot:
        """The snapshot currently drawn."""
        return self.artists.state

    @property
    def readouts_in_figure(self) -> bool:
        """Whether the figure writes the setting (title) and the total (next to the marker);
        else :func:`frame_html` writes them above the picture."""
        return self.artists.title is not None

    @property
    def changing_artists(self) -> list:
        """The artists :meth:`update` changes (for ``BlitRenderer.expect_changes``)."""
        artists = self.artists
        changing = [
            artists.insulin_area,
            artists.contraction_area,
            artists.healthy_line,
            artists.marker_line,
            artists.marker_point,
            artists.marker_text,
            artists.insulin_label,
            artists.contraction_label,
        ]
        return changing + ([artists.title] if self.readouts_in_figure else [])

    def update(
        self,
        insulin_signalling: float,
        exercise_intensity: float,
        insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
    ) -> UptakeSnapshot:
        """Reshape the figure for a new setting (no artist or figure is created)."""
        return self.artists.update(insulin_signalling, exercise_intensity, insulin_uu_ml)

    def png(self, dpi: float, colours: int | None = 48, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (same pixels; see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`).
        """
        if live:
            return live_png_bytes(self.figure, dpi, colours)
        return figure_to_png_bytes(self.figure, dpi, colours)


def build_two_path_figure(
    insulin_signalling: float = 1.0,
    exercise_intensity: float = 0.0,
    insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
    *,
    readouts_in_figure: bool = True,
) -> TwoPathFigure:
    """Build the demo figure once, drawn for the given setting.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot, so it never shows up twice in a notebook and needs no closing. With
    ``readouts_in_figure`` False the axes have no title and the marker no "total" label, and
    :func:`frame_html` writes the setting (:func:`frame_title`) and the total above the
    picture as HTML instead (the live widget: texts rewritten on every change are the
    costliest things to draw).

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> two_path = build_two_path_figure(0.25, 0.5)
    >>> round(two_path.state.total, 1)
    6.6
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    snapshot(insulin_signalling, exercise_intensity, insulin_uu_ml)  # validate first
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed position: a layout engine would re-run on every render.
    ax = figure.add_axes((0.1, 0.13, 0.87, 0.78))
    artists = draw_two_paths(
        ax,
        insulin_signalling,
        exercise_intensity,
        insulin_uu_ml,
        title=bool(readouts_in_figure),
        marker_total=bool(readouts_in_figure),
    )
    return TwoPathFigure(figure=figure, artists=artists)


def frame_html(
    two_path: TwoPathFigure, dpi: float, colours: int | None = 48, *, live: bool = False
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then a one-sentence caption.

    ``live`` is passed on to :meth:`TwoPathFigure.png`. When the figure has no readouts
    (``readouts_in_figure`` False), the setting (:func:`frame_title`) and the total come
    first, as a line of HTML.

    Examples
    --------
    >>> text = frame_html(build_two_path_figure(), dpi=20)
    >>> text.startswith('<figure style="margin: 0;"><img alt="Stacked area chart')
    True
    """
    png = two_path.png(dpi, colours, live=live)
    state = two_path.state
    frame = static_frame_html(
        png, frame_alt_text(state), snapshot_text(state), max_width_px=FIGSIZE_IN[0] * 100
    )
    if two_path.readouts_in_figure:
        return frame
    title = html.escape(frame_title(state.insulin_signalling, state.insulin_uu_ml))
    where = (
        "at rest"
        if state.exercise_intensity == 0
        else f"at {intensity_label(state.exercise_intensity)}"
    )
    total = html.escape(f"total {state.total:.1f} {uptake.UNIT} {where}")
    return (
        f'<p style="margin: 0; max-width: {FIGSIZE_IN[0] * 100:.0f}px; text-align: center;">'
        f"<strong>{title}</strong> · {total}</p>{frame}"
    )


def render_frames(
    signalling_values: Sequence[float] = STATIC_SIGNALLING,
    intensities: Sequence[float] = STATIC_INTENSITIES,
    *,
    insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
    dpi: float = STATIC_DPI,
    colours: int = 48,
) -> tuple[tuple[str, ...], ...]:
    """HTML of every signalling × intensity frame (one figure reused).

    Parameters
    ----------
    signalling_values : sequence of float, default :data:`STATIC_SIGNALLING`
        2 to 9 strictly increasing insulin-signalling values in [0, 1].
    intensities : sequence of float, default :data:`STATIC_INTENSITIES`
        2 to 9 strictly increasing intensities (fractions of VO2max) in [0, 1].
    insulin_uu_ml : float, default :data:`DEFAULT_INSULIN_UU_ML`
        Plasma insulin in [0, 200] µU/mL, the same in every frame.
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default 48
        Palette size of each PNG, in [16, 256] (fewer = smaller).

    Returns
    -------
    tuple of tuple of str
        ``frames[i][j]`` is the frame for ``signalling_values[i]`` at ``intensities[j]``.

    Raises
    ------
    ValueError
        If an argument is invalid; the message names it.
    """
    signalling_grid = _check_grid("signalling_values", signalling_values, _check_signalling)
    intensity_grid = _check_grid("intensities", intensities, _check_intensity)
    insulin = _check_insulin(insulin_uu_ml)
    resolution = _check_dpi(dpi)
    palette_size = _check_colours(colours)
    two_path = build_two_path_figure(signalling_grid[0], intensity_grid[0], insulin)
    frames = []
    for signalling in signalling_grid:
        row = []
        for intensity in intensity_grid:
            two_path.update(signalling, intensity, insulin)
            row.append(frame_html(two_path, resolution, palette_size))
        frames.append(tuple(row))
    return tuple(frames)


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>Two paths into muscle.</strong> Muscle glucose uptake is drawn as the sum of "
        "an insulin path (blue band) and a contraction path (green, hatched), against exercise "
        "intensity. The dashed line is healthy muscle at the same insulin. Turn insulin "
        "signalling down and watch which part shrinks. "
        f"{html.escape(TEACHING_MODEL_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


def two_path_explorer(*, dpi: float = LIVE_DPI):
    """Build the live demo: sliders for insulin signalling, exercise intensity and insulin.

    The figure is built once (:func:`build_two_path_figure`); releasing a slider
    (``continuous_update=False``) reshapes its artists in place and re-renders the picture
    (only what changed is redrawn; the setting and the total are a line of HTML above the
    picture, not texts drawn in it). It
    opens on healthy muscle at rest with insulin at :data:`DEFAULT_INSULIN_UU_ML`, rendered at
    construction, so a page saved with its widget state shows that view; responding needs a
    running kernel (use :func:`two_path_static` on the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the three ``FloatSlider`` s (signalling, intensity,
        insulin) and the frame (HTML: picture with alt text, and a caption). The
        :class:`TwoPathFigure` is kept on the box as ``box.two_path`` and the sliders as
        ``box.sliders`` (a dict keyed ``"signalling"``, ``"intensity"``, ``"insulin"``).

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = _check_dpi(dpi)
    two_path = build_two_path_figure(1.0, 0.0, DEFAULT_INSULIN_UU_ML, readouts_in_figure=False)
    common = {
        "continuous_update": False,
        "style": {"description_width": "16em"},
        "layout": widgets.Layout(width="36em"),
    }
    sliders = {
        "signalling": widgets.FloatSlider(
            value=1.0,
            min=SIGNALLING_RANGE[0],
            max=SIGNALLING_RANGE[1],
            step=SLIDER_STEP,
            description="Insulin signalling (1 = healthy)",
            readout_format=".2f",
            **common,
        ),
        "intensity": widgets.FloatSlider(
            value=0.0,
            min=INTENSITY_RANGE[0],
            max=INTENSITY_RANGE[1],
            step=SLIDER_STEP,
            description="Exercise intensity (× VO₂max)",
            readout_format=".2f",
            **common,
        ),
        "insulin": widgets.FloatSlider(
            value=DEFAULT_INSULIN_UU_ML,
            min=INSULIN_RANGE_UU_ML[0],
            max=INSULIN_RANGE_UU_ML[1],
            step=INSULIN_STEP_UU_ML,
            description="Insulin (µU/mL)",
            readout_format=".0f",
            **common,
        ),
    }
    # Every artist the sliders change leaves the cached background at the first render, so no
    # later change needs a full draw.
    live_renderer(two_path.figure).expect_changes(two_path.changing_artists)
    frame = widgets.HTML(value=frame_html(two_path, resolution, live=True))

    def refresh(_change=None) -> None:
        two_path.update(
            sliders["signalling"].value, sliders["intensity"].value, sliders["insulin"].value
        )
        frame.value = frame_html(two_path, resolution, live=True)

    for slider in sliders.values():
        slider.observe(refresh, names="value")
    box = widgets.VBox([widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), *sliders.values(), frame])
    box.two_path = two_path
    box.sliders = sliders
    return box


def two_path_static(
    signalling_values: Sequence[float] = STATIC_SIGNALLING,
    intensities: Sequence[float] = STATIC_INTENSITIES,
    *,
    insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
    dpi: float = STATIC_DPI,
    colours: int = 48,
):
    """Build the no-kernel demo: signalling × intensity frames switched in the browser.

    An outer ``ipywidgets.Stack`` holds one child per insulin-signalling value, each an inner
    ``Stack`` of one HTML frame per intensity (the picture with alt text, and a caption). A
    signalling ``SelectionSlider`` has its ``index`` linked to the outer stack's
    ``selected_index``; an intensity ``SelectionSlider`` has its ``index`` linked to every inner
    stack. The links are ``jslink`` s, so they live in the saved widget state and work on the
    static site with no kernel; the same cell works unchanged in a live kernel. It opens on
    the highest signalling value (healthy muscle when 1 is sampled) at the lowest intensity.

    Each frame is a 48-colour PNG of about 10 KB at 72 dpi, so the default 5 × 5 frames make
    roughly 350 KB of widget state (see :func:`widget_state_size`).

    Parameters
    ----------
    signalling_values : sequence of float, default :data:`STATIC_SIGNALLING`
        2 to 9 strictly increasing insulin-signalling values in [0, 1].
    intensities : sequence of float, default :data:`STATIC_INTENSITIES`
        2 to 9 strictly increasing intensities (fractions of VO2max) in [0, 1].
    insulin_uu_ml : float, default :data:`DEFAULT_INSULIN_UU_ML`
        Plasma insulin in [0, 200] µU/mL, the same in every frame.
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 48
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the signalling and intensity ``SelectionSlider`` s and the
        outer ``Stack``. The ``jslink`` objects are kept on the box as ``box.links``.

    Raises
    ------
    ValueError
        If an argument is invalid.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (nested ``Stack`` s linked with ``jslink``). Model:
    :mod:`insulinlab.uptake`.
    """
    import ipywidgets as widgets

    signalling_grid = _check_grid("signalling_values", signalling_values, _check_signalling)
    intensity_grid = _check_grid("intensities", intensities, _check_intensity)
    insulin = _check_insulin(insulin_uu_ml)
    frames = render_frames(
        signalling_grid, intensity_grid, insulin_uu_ml=insulin, dpi=dpi, colours=colours
    )
    start = len(signalling_grid) - 1
    slider_style = {"description_width": "16em"}
    signalling_slider = widgets.SelectionSlider(
        options=[(percent_label(value), index) for index, value in enumerate(signalling_grid)],
        index=start,
        description="Insulin signalling (% of healthy)",
        continuous_update=True,
        style=slider_style,
        layout=widgets.Layout(width="36em"),
    )
    intensity_slider = widgets.SelectionSlider(
        options=[
            ("rest" if value == 0 else percent_label(value), index)
            for index, value in enumerate(intensity_grid)
        ],
        index=0,
        description="Exercise intensity (% of VO₂max)",
        continuous_update=True,
        style=slider_style,
        layout=widgets.Layout(width="36em"),
    )
    outer, _, links = nested_linked_stacks(signalling_slider, intensity_slider, frames)
    header = widgets.HTML(_header_html(STATIC_NOTE.format(insulin=insulin)))
    box = widgets.VBox([header, signalling_slider, intensity_slider, outer])
    box.links = links
    return box


# --------------------------------------------------------------------------------------------
# Static figure
# --------------------------------------------------------------------------------------------


def plot_two_path_panels(
    axes=None,
    signalling_values: Sequence[float] = PANEL_SIGNALLING,
    *,
    insulin_uu_ml: float = DEFAULT_INSULIN_UU_ML,
    marked_intensity: float = 0.5,
):
    """Small multiples: the two paths for healthy, weakened and blocked insulin signalling.

    Each panel is :func:`draw_two_paths` for one signalling value at the same insulin, with the
    marker at ``marked_intensity``; only the first panel carries the legend and the y label.

    Parameters
    ----------
    axes : sequence of matplotlib.axes.Axes, optional
        One axes per signalling value. If omitted, a new figure (not registered with pyplot)
        with one row of axes is created.
    signalling_values : sequence of float, default :data:`PANEL_SIGNALLING`
        Insulin-signalling values in [0, 1], one per panel (1 to 4 panels).
    insulin_uu_ml : float, default :data:`DEFAULT_INSULIN_UU_ML`
        Plasma insulin in [0, 200] µU/mL.
    marked_intensity : float, default 0.5
        Intensity (fraction of VO2max) marked in every panel.

    Returns
    -------
    list of TwoPathArtists
        One per panel, in order.

    Raises
    ------
    ValueError
        If a value is out of range, there are not 1 to 4 panels, or ``axes`` has a different
        length from ``signalling_values``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> panels = plot_two_path_panels()
    >>> [round(p.state.total, 1) for p in panels]
    [11.7, 8.3, 4.9]
    """
    if isinstance(signalling_values, (str, bytes)) or not isinstance(signalling_values, Sequence):
        raise ValueError(
            f"signalling_values must be a sequence of 1 to 4 numbers in [0, 1]; "
            f"got {signalling_values!r}"
        )
    if not 1 <= len(signalling_values) <= 4:
        raise ValueError(
            f"signalling_values must hold 1 to 4 numbers in [0, 1]; got {len(signalling_values)}"
        )
    checked = [_check_signalling(value, "signalling_values[…]") for value in signalling_values]
    _check_intensity(marked_intensity, "marked_intensity")
    _check_insulin(insulin_uu_ml)
    if axes is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(4.0 * len(checked), 3.8), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.subplots(1, len(checked), squeeze=False).ravel()
    axes = list(np.ravel(axes))
    if len(axes) != len(checked):
        raise ValueError(
            f"axes must hold one axes per signalling value ({len(checked)}); got {len(axes)}"
        )
    panels = []
    for index, (ax, signalling) in enumerate(zip(axes, checked, strict=True)):
        artists = draw_two_paths(ax, signalling, marked_intensity, insulin_uu_ml, legend=index == 0)
        artists.title.set_text(f"Insulin signalling {signalling_label(signalling)}")
        if index > 0:
            ax.set_ylabel("")
        panels.append(artists)
    return panels


__all__ = [
    "DEFAULT_INSULIN_UU_ML",
    "FIGSIZE_IN",
    "INSULIN_RANGE_UU_ML",
    "INTENSITY_RANGE",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "PANEL_SIGNALLING",
    "SIGNALLING_RANGE",
    "STATIC_DPI",
    "STATIC_INTENSITIES",
    "STATIC_NOTE",
    "STATIC_SIGNALLING",
    "TEACHING_MODEL_NOTE",
    "UPTAKE_TOP_MG_PER_KG_MIN",
    "TwoPathArtists",
    "TwoPathFigure",
    "UptakeSnapshot",
    "build_two_path_figure",
    "draw_two_paths",
    "frame_alt_text",
    "frame_html",
    "frame_title",
    "intensity_label",
    "percent_label",
    "plot_two_path_panels",
    "render_frames",
    "signalling_label",
    "snapshot",
    "snapshot_text",
    "style_axes",
    "two_path_explorer",
    "two_path_static",
    "widget_state_size",
]
