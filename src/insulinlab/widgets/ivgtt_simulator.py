"""The chapter 15 demo: an IVGTT simulated with the Bergman minimal model, SI and SG to choose.

The model lives in :mod:`insulinlab.minimal_model`; this module only runs it and draws it.

- :func:`compare_ivgtt` simulates one insulin-modified IVGTT (0–180 min, 1-min grid) for a
  chosen SI and SG next to the preset's own curve (the reference) and returns both as an
  :class:`IvgttComparison`, with the numbers the captions quote (:class:`CurveSummary`).
  :func:`summary_text` and :func:`frame_alt_text` turn a comparison into sentences (pure,
  unit-tested).
- :func:`draw_comparison` is the pure drawing function: on three given axes it draws glucose,
  the insulin input and the remote insulin action X, and returns its artists as
  :class:`ComparisonArtists`, whose ``update`` moves them without creating new ones.
- :func:`build_ivgtt_figure` builds the demo figure once (a plain Agg ``Figure``, never a
  pyplot one); :meth:`IvgttFigure.update` moves it to another preset, SI or SG.
- :func:`ivgtt_simulator` is the live widget: preset buttons and SI/SG sliders
  (``continuous_update=False``; needs a running kernel to respond). Its figure is prepared by
  :meth:`IvgttFigure.make_live` and shown by :func:`live_frame_html`: redrawn by blitting
  (only the moved lines), with the title as HTML above the picture and the note's numbers in
  the caption, so a change costs a model run and a few milliseconds of drawing.
- :func:`ivgtt_simulator_static` precomputes one frame per preset × sampled SI into nested
  ``ipywidgets.Stack`` s linked with ``jslink`` to ``ToggleButtons`` (preset) and a
  ``SelectionSlider`` (SI), so it responds on the static site with no kernel
  (``STATIC_WIDGETS.md``).
- :func:`plot_presets` and :func:`plot_identifiability` draw the chapter's static figures.

Every run uses the same insulin input, :func:`insulinlab.minimal_model.teaching_fsigt_insulin`
(a synthetic insulin-modified FSIGT profile): the minimal model takes insulin as given, so only
SI and SG change the glucose curve here. In a real test insulin differs between people too.

Colour is never the only cue: the reference is dashed, the chosen curve solid, and the numbers
are written on the chart (in the live widget, beside it) and in the alt text.

Sources
-------
Model: Bergman, Ider, Bowden & Cobelli, *Am J Physiol* 1979;236(6):E667–77,
doi:10.1152/ajpendo.1979.236.6.E667; presets are the course's teaching sets (FACTS.md §B3,
:data:`insulinlab.minimal_model.PRESETS`), not published values. A teaching model, not a
patient. For education only; not medical advice.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from insulinlab import minimal_model as mm
from insulinlab._validate import check_range
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    check_colours,
    check_dpi,
    figure_to_png_bytes,
    live_png_bytes,
    live_renderer,
    nested_linked_stacks,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

PRESET_LABELS = {
    "healthy": "Healthy",
    "igt": "Impaired glucose tolerance",
    "t2d": "Type 2 diabetes",
}
"""A short label for each teaching preset of :data:`insulinlab.minimal_model.PRESETS`."""

SI_RANGE_E4 = (0.2, 12.0)
"""Accepted insulin sensitivity, in units of 10⁻⁴ min⁻¹ per µU/mL."""

SG_RANGE_PER_MIN = (0.005, 0.04)
"""Accepted glucose effectiveness, min⁻¹."""

LIVE_SI_STEP_E4 = 0.1
LIVE_SG_STEP = 0.001

STATIC_SI_E4 = (0.6, 1.3, 2.5, 3.75, 5.0, 7.5, 10.0)
"""The SI values (×10⁻⁴) precomputed for the no-kernel form; the presets' own values included."""

DURATION_MIN = 180.0
GRID_MIN = np.arange(0.0, DURATION_MIN + 1.0)
"""1-min output grid, 0–180 min."""

FIGSIZE_IN = (7.2, 6.4)
LIVE_DPI = 90
STATIC_DPI = 72

GLUCOSE_TOP_MG_DL = 300.0
GLUCOSE_BOTTOM_MG_DL = 30.0
ACTION_SCALE = 100.0
"""X is drawn in units of 10⁻² min⁻¹."""

TEACHING_MODEL_NOTE = (
    "A teaching model, not a patient: the presets are parameter sets chosen for teaching, of "
    "the order of published group means. Everyone gets the same insulin curve, so only SI and "
    "SG change the glucose curve."
)

LIVE_UPDATE_NOTE = (
    "The buttons and sliders need a running kernel (use the launch buttons). On the static "
    "site, use the no-kernel version of this demo."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a preset with the buttons (its own curve is "
    "dashed) and an insulin sensitivity with the slider (drag it, or click it and use the "
    "arrow keys). SG stays at the preset's value. Each picture was computed when the page was "
    "built."
)

GLUCOSE_COLOUR = PALETTE["blue"]
INSULIN_COLOUR = PALETTE["vermillion"]
ACTION_COLOUR = PALETTE["bluish_green"]
REFERENCE_COLOUR = PALETTE["black"]
_NOTE_BOX = {"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#bdbdbd"}
_PRESET_STYLES = {
    "healthy": {"color": PALETTE["blue"], "linestyle": "-"},
    "igt": {"color": PALETTE["orange"], "linestyle": "--"},
    "t2d": {"color": PALETTE["vermillion"], "linestyle": ":"},
}


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_preset(preset: object) -> str:
    if not isinstance(preset, str) or preset not in mm.PRESETS:
        raise ValueError(f"preset must be one of {tuple(mm.PRESETS)}; got {preset!r}")
    return preset


def _check_si_e4(si_e4: object, name: str = "si_e4") -> float:
    return check_range(name, si_e4, *SI_RANGE_E4, "×10⁻⁴ min⁻¹ per µU/mL")


def _check_sg(sg: object) -> float:
    return check_range("sg", sg, *SG_RANGE_PER_MIN, "min⁻¹")


def _check_presets(presets: object) -> tuple[str, ...]:
    accepted = f"a non-empty sequence of distinct presets from {tuple(mm.PRESETS)}"
    if isinstance(presets, (str, bytes)) or not isinstance(presets, Sequence) or not presets:
        raise ValueError(f"presets must be {accepted}; got {presets!r}")
    checked = tuple(_check_preset(preset) for preset in presets)
    if len(set(checked)) != len(checked):
        raise ValueError(f"presets must be {accepted}; got {presets!r}")
    return checked


def _check_si_values(values: object) -> tuple[float, ...]:
    low, high = SI_RANGE_E4
    accepted = f"2 to 9 strictly increasing SI values (×10⁻⁴) in [{low:g}, {high:g}]"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(f"si_values_e4 must be {accepted}; got {values!r}")
    if not 2 <= len(values) <= 9:
        raise ValueError(f"si_values_e4 must be {accepted}; got {len(values)} values")
    checked = tuple(_check_si_e4(value, "si_values_e4[…]") for value in values)
    if any(later <= earlier for earlier, later in zip(checked, checked[1:], strict=False)):
        raise ValueError(f"si_values_e4 must be {accepted}; got {values!r}")
    return checked


# --------------------------------------------------------------------------------------------
# Pure computations and labels
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def teaching_insulin() -> mm.InsulinProfile:
    """The insulin input of every run: :func:`~insulinlab.minimal_model.teaching_fsigt_insulin`."""
    return mm.teaching_fsigt_insulin()


def preset_si_e4(preset: str) -> float:
    """A preset's own SI in units of 10⁻⁴ min⁻¹ per µU/mL.

    Examples
    --------
    >>> preset_si_e4("igt")
    1.3
    """
    return round(mm.preset(_check_preset(preset)).si * 1e4, 6)


@functools.lru_cache(maxsize=512)
def _simulate(preset: str, si_e4: float, sg: float) -> mm.IVGTTResult:
    base = mm.preset(preset)
    params = mm.MinimalModelParameters.from_si(
        sg=sg, si=si_e4 * 1e-4, p2=base.p2, gb_mg_dl=base.gb_mg_dl, ib_uu_ml=base.ib_uu_ml
    )
    return mm.simulate_ivgtt(params, GRID_MIN, insulin=teaching_insulin())


@dataclass(frozen=True)
class CurveSummary:
    """Numbers read off one simulated IVGTT.

    Attributes
    ----------
    glucose_60_mg_dl : float
        Glucose at 60 min, mg/dL.
    half_return_min : float
        Minutes until glucose above basal has fallen to half its value at t = 0 (linear
        interpolation on the 1-min grid); ``inf`` if it never does within 180 min.
    lowest_mg_dl, lowest_min : float
        The lowest glucose and when it occurs (an undershoot below basal when < Gb).
    peak_action_per_min, peak_action_min : float
        The highest remote insulin action X (min⁻¹) and when it occurs.
    """

    glucose_60_mg_dl: float
    half_return_min: float
    lowest_mg_dl: float
    lowest_min: float
    peak_action_per_min: float
    peak_action_min: float


def summarise_curve(result: mm.IVGTTResult, gb_mg_dl: float) -> CurveSummary:
    """Read :class:`CurveSummary` numbers off a simulated IVGTT on a 0–180 min grid.

    Raises
    ------
    ValueError
        If the grid does not include 60 min.
    """
    t, glucose, action = result.t_min, result.glucose_mg_dl, result.insulin_action_per_min
    if not np.any(t == 60.0):
        raise ValueError("result must be sampled at 60 min (use a 1-min grid from 0)")
    excess = glucose - gb_mg_dl
    target = excess[0] / 2.0
    below = np.nonzero(excess <= target)[0]
    if below.size == 0 or below[0] == 0:
        half = math.inf if below.size == 0 else 0.0
    else:
        k = below[0]
        fraction = (excess[k - 1] - target) / (excess[k - 1] - excess[k])
        half = float(t[k - 1] + fraction * (t[k] - t[k - 1]))
    lowest, peak = int(np.argmin(glucose)), int(np.argmax(action))
    return CurveSummary(
        glucose_60_mg_dl=float(glucose[t == 60.0][0]),
        half_return_min=half,
        lowest_mg_dl=float(glucose[lowest]),
        lowest_min=float(t[lowest]),
        peak_action_per_min=float(action[peak]),
        peak_action_min=float(t[peak]),
    )


@dataclass(frozen=True)
class IvgttComparison:
    """One IVGTT at a chosen SI and SG, next to the preset's own (reference) IVGTT.

    Attributes
    ----------
    preset : str
        A key of :data:`insulinlab.minimal_model.PRESETS`.
    si_e4, sg : float
        The chosen insulin sensitivity (×10⁻⁴ min⁻¹ per µU/mL) and glucose effectiveness
        (min⁻¹).
    reference, current : insulinlab.minimal_model.IVGTTResult
        The preset's own run and the chosen run, 0–180 min.
    """

    preset: str
    si_e4: float
    sg: float
    reference: mm.IVGTTResult
    current: mm.IVGTTResult

    @property
    def gb_mg_dl(self) -> float:
        """Basal glucose of the preset, mg/dL."""
        return mm.preset(self.preset).gb_mg_dl

    @functools.cached_property
    def reference_summary(self) -> CurveSummary:
        """:func:`summarise_curve` of the reference run (computed once)."""
        return summarise_curve(self.reference, self.gb_mg_dl)

    @functools.cached_property
    def current_summary(self) -> CurveSummary:
        """:func:`summarise_curve` of the chosen run (computed once)."""
        return summarise_curve(self.current, self.gb_mg_dl)


def compare_ivgtt(preset: str = "healthy", si_e4: float | None = None, sg: float | None = None):
    """Simulate a 180-min IVGTT for ``preset`` at its own SI and SG and at the chosen ones.

    Results are cached, so moving back and forth between values costs nothing.

    Parameters
    ----------
    preset : str, default "healthy"
        ``"healthy"``, ``"igt"`` or ``"t2d"``.
    si_e4 : float, optional
        Insulin sensitivity in units of 10⁻⁴ min⁻¹ per µU/mL, in [0.2, 12]; default the
        preset's own (5, 1.3 or 0.6).
    sg : float, optional
        Glucose effectiveness, min⁻¹, in [0.005, 0.04]; default the preset's own (0.02).

    Returns
    -------
    IvgttComparison

    Raises
    ------
    ValueError
        For an unknown preset or an SI or SG out of range.

    Examples
    --------
    >>> comparison = compare_ivgtt("healthy", 1.3)
    >>> round(comparison.reference_summary.glucose_60_mg_dl), round(
    ...     comparison.current_summary.glucose_60_mg_dl)
    (98, 132)
    """
    preset = _check_preset(preset)
    own = mm.preset(preset)
    si = preset_si_e4(preset) if si_e4 is None else round(_check_si_e4(si_e4), 6)
    chosen_sg = own.sg if sg is None else round(_check_sg(sg), 6)
    return IvgttComparison(
        preset=preset,
        si_e4=si,
        sg=chosen_sg,
        reference=_simulate(preset, preset_si_e4(preset), own.sg),
        current=_simulate(preset, si, chosen_sg),
    )


def si_label(si_e4: float) -> str:
    """SI as a label, e.g. ``"5 ×10⁻⁴"``.

    Examples
    --------
    >>> si_label(5.0), si_label(3.75), si_label(1.3)
    ('5 ×10⁻⁴', '3.75 ×10⁻⁴', '1.3 ×10⁻⁴')
    """
    return f"{float(si_e4):g} ×10⁻⁴"


def frame_title(comparison: IvgttComparison) -> str:
    """The figure title: the preset and the chosen SI and SG.

    Examples
    --------
    >>> frame_title(compare_ivgtt("t2d", 2.5))
    'Type 2 diabetes preset (dashed) vs SI 2.5 ×10⁻⁴ min⁻¹ per µU/mL, SG 0.02 min⁻¹ (solid)'
    """
    label = PRESET_LABELS[comparison.preset]
    return (
        f"{label} preset (dashed) vs SI {si_label(comparison.si_e4)} min⁻¹ per µU/mL, "
        f"SG {comparison.sg:g} min⁻¹ (solid)"
    )


def _half_text(minutes: float) -> str:
    return "not within 180 min" if math.isinf(minutes) else f"{minutes:.0f} min"


def summary_text(comparison: IvgttComparison) -> str:
    """One plain sentence comparing the chosen IVGTT with the preset's own.

    Examples
    --------
    >>> summary_text(compare_ivgtt("healthy", 1.3))
    'Glucose at 60 min: 98 mg/dL for the preset, 132 mg/dL for the chosen values; excess glucose halved after 25 min vs 30 min; lowest glucose 76 vs 90 mg/dL.'
    """  # noqa: E501
    ref, cur = comparison.reference_summary, comparison.current_summary
    return (
        f"Glucose at 60 min: {ref.glucose_60_mg_dl:.0f} mg/dL for the preset, "
        f"{cur.glucose_60_mg_dl:.0f} mg/dL for the chosen values; excess glucose halved after "
        f"{_half_text(ref.half_return_min)} vs {_half_text(cur.half_return_min)}; lowest "
        f"glucose {ref.lowest_mg_dl:.0f} vs {cur.lowest_mg_dl:.0f} mg/dL."
    )


def frame_alt_text(comparison: IvgttComparison) -> str:
    """Alt text for one frame: what the three charts show, with the key numbers.

    Examples
    --------
    >>> "Type 2 diabetes preset" in frame_alt_text(compare_ivgtt("t2d"))
    True
    """
    ref, cur = comparison.reference_summary, comparison.current_summary
    insulin = comparison.current.insulin_uu_ml
    injection = comparison.current.t_min >= 20.0
    return (
        "Three line charts over 180 minutes of a simulated insulin-modified intravenous glucose "
        f"tolerance test. {frame_title(comparison)}. Top chart, glucose: both curves start at "
        f"{comparison.current.glucose_mg_dl[0]:.0f} mg/dL just after the glucose bolus and fall "
        f"towards the basal {comparison.gb_mg_dl:.0f} mg/dL, marked by a dotted line. "
        + summary_text(comparison)
        + " Middle chart, plasma insulin, the same input in every picture: it starts at "
        f"{insulin[0]:.0f} µU/mL, peaks near {np.max(insulin[~injection]):.0f} µU/mL in the "
        f"first minutes and near {np.max(insulin[injection]):.0f} µU/mL after the insulin "
        "injection at 20 minutes, and is back near basal by 180 minutes. Bottom chart, remote "
        f"insulin action X: it rises after insulin with a delay, peaking at "
        f"{ACTION_SCALE * ref.peak_action_per_min:.1f} ×10⁻² per minute at "
        f"{ref.peak_action_min:.0f} minutes dashed and {ACTION_SCALE * cur.peak_action_per_min:.1f}"
        f" ×10⁻² per minute at {cur.peak_action_min:.0f} minutes solid."
    )


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


def style_ivgtt_axes(ax_glucose, ax_insulin, ax_action, *, action_top: float = 4.0) -> None:
    """Prepare three stacked axes: glucose, insulin input and remote action X, 0–180 min.

    Parameters
    ----------
    ax_glucose, ax_insulin, ax_action : matplotlib.axes.Axes
        Top to bottom.
    action_top : float, default 4
        Upper limit of the X axes, in 10⁻² min⁻¹, in (0, 100].

    Raises
    ------
    ValueError
        If ``action_top`` is out of range.
    """
    top = check_range("action_top", action_top, 0.0, 100.0, "×10⁻² min⁻¹", low_inclusive=False)
    for ax in (ax_glucose, ax_insulin, ax_action):
        ax.set_xlim(0, DURATION_MIN)
        ax.set_xticks(np.arange(0, DURATION_MIN + 1, 30))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.tick_params(labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    for ax in (ax_glucose, ax_insulin):
        ax.tick_params(labelbottom=False)
    ax_glucose.set_ylim(GLUCOSE_BOTTOM_MG_DL, GLUCOSE_TOP_MG_DL)
    ax_insulin.set_ylim(0, 150)
    ax_action.set_ylim(-0.5, top)
    ax_glucose.set_ylabel("Glucose\n(mg/dL)", fontsize=9)
    ax_insulin.set_ylabel("Insulin\n(µU/mL)", fontsize=9)
    ax_action.set_ylabel("Remote action X\n(×10⁻² min⁻¹)", fontsize=9)
    ax_action.set_xlabel("Minutes after the glucose bolus", fontsize=9)


@dataclass
class ComparisonArtists:
    """What :func:`draw_comparison` drew; :meth:`update` moves it to another comparison."""

    reference_glucose: object
    current_glucose: object
    insulin: object
    reference_action: object
    current_action: object
    basal: object
    note: object

    def update(self, comparison: IvgttComparison) -> None:
        """Replace the lines' data and the note's text; no artist is created.

        A line whose data stay the same (the insulin input, the basal level, the reference
        while the preset stays) is left alone, so a live render does not redraw it.
        """
        ref, cur = comparison.reference, comparison.current
        _set_line(self.reference_glucose, ref.t_min, ref.glucose_mg_dl)
        _set_line(self.current_glucose, cur.t_min, cur.glucose_mg_dl)
        _set_line(self.insulin, cur.t_min, cur.insulin_uu_ml)
        _set_line(self.reference_action, ref.t_min, ACTION_SCALE * ref.insulin_action_per_min)
        _set_line(self.current_action, cur.t_min, ACTION_SCALE * cur.insulin_action_per_min)
        _set_line(self.basal, self.basal.get_xdata(), [comparison.gb_mg_dl] * 2)
        self.note.set_text(note_text(comparison))

    @property
    def changing(self) -> tuple:
        """The lines the live controls move (for ``BlitRenderer.expect_changes``)."""
        return (
            self.reference_glucose,
            self.current_glucose,
            self.reference_action,
            self.current_action,
        )


def _set_line(line, x, y) -> None:
    """``line.set_data(x, y)`` unless it already shows exactly these data."""
    if not (
        np.array_equal(line.get_xdata(orig=True), x)
        and np.array_equal(line.get_ydata(orig=True), y)
    ):
        line.set_data(x, y)


def note_text(comparison: IvgttComparison) -> str:
    """The note on the glucose chart: glucose at 60 min and the half-return time.

    Examples
    --------
    >>> print(note_text(compare_ivgtt("healthy", 1.3)))
    at 60 min: 98 → 132 mg/dL
    excess halved: 25 min → 30 min
    """
    ref_summary, cur_summary = comparison.reference_summary, comparison.current_summary
    return (
        f"at 60 min: {ref_summary.glucose_60_mg_dl:.0f} → "
        f"{cur_summary.glucose_60_mg_dl:.0f} mg/dL\n"
        f"excess halved: {_half_text(ref_summary.half_return_min)} → "
        f"{_half_text(cur_summary.half_return_min)}"
    )


def draw_comparison(
    ax_glucose,
    ax_insulin,
    ax_action,
    comparison: IvgttComparison,
    *,
    style_axes: bool = True,
    legend: bool = True,
) -> ComparisonArtists:
    """Draw one IVGTT comparison on three axes (glucose, insulin input, remote action X).

    The preset's own run is a thin dashed black line, the chosen run a thicker solid line.

    Parameters
    ----------
    ax_glucose, ax_insulin, ax_action : matplotlib.axes.Axes
        Top to bottom.
    comparison : IvgttComparison
        From :func:`compare_ivgtt`.
    style_axes : bool, default True
        Call :func:`style_ivgtt_axes` first.
    legend : bool, default True
        Put a legend above the glucose axes.

    Returns
    -------
    ComparisonArtists

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> axes = Figure().subplots(3, 1)
    >>> artists = draw_comparison(*axes, compare_ivgtt("healthy", 1.3))
    >>> artists.note.get_text().splitlines()[0]
    'at 60 min: 98 → 132 mg/dL'
    """
    if style_axes:
        style_ivgtt_axes(ax_glucose, ax_insulin, ax_action)
    reference_style = {"color": REFERENCE_COLOUR, "linestyle": "--", "linewidth": 1.3}
    empty: list[float] = []
    basal = ax_glucose.axhline(90.0, color="#8c8c8c", linestyle=":", linewidth=1.0, zorder=1)
    (reference_glucose,) = ax_glucose.plot(
        empty, empty, label="the preset's own SI and SG (dashed)", zorder=3, **reference_style
    )
    (current_glucose,) = ax_glucose.plot(
        empty,
        empty,
        color=GLUCOSE_COLOUR,
        linewidth=2.2,
        label="chosen SI and SG (solid)",
        zorder=4,
    )
    (insulin,) = ax_insulin.plot(empty, empty, color=INSULIN_COLOUR, linewidth=1.8)
    ax_insulin.text(
        0.98,
        0.92,
        "the same insulin input in every run",
        transform=ax_insulin.transAxes,
        ha="right",
        va="top",
        fontsize=7.5,
    )
    (reference_action,) = ax_action.plot(empty, empty, zorder=3, **reference_style)
    (current_action,) = ax_action.plot(empty, empty, color=ACTION_COLOUR, linewidth=2.2, zorder=4)
    ax_glucose.text(
        2, 92, "basal", fontsize=7, color="#666666", va="bottom", transform=ax_glucose.transData
    )
    note = ax_glucose.text(
        0.98,
        0.95,
        "",
        transform=ax_glucose.transAxes,
        ha="right",
        va="top",
        fontsize=7.5,
        bbox=_NOTE_BOX,
        zorder=7,
    )
    if legend:
        ax_glucose.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=2,
            fontsize=7,
            frameon=False,
            borderaxespad=0.2,
        )
    artists = ComparisonArtists(
        reference_glucose=reference_glucose,
        current_glucose=current_glucose,
        insulin=insulin,
        reference_action=reference_action,
        current_action=current_action,
        basal=basal,
        note=note,
    )
    artists.update(comparison)
    return artists


# --------------------------------------------------------------------------------------------
# The figure built once
# --------------------------------------------------------------------------------------------


@dataclass
class IvgttFigure:
    """The demo figure, built by :func:`build_ivgtt_figure`; :meth:`update` moves its artists."""

    figure: object
    axes: tuple
    artists: ComparisonArtists
    title: object
    comparison: IvgttComparison

    def update(self, preset: str, si_e4: float | None = None, sg: float | None = None) -> None:
        """Show ``preset`` with the chosen SI (×10⁻⁴) and SG; no artist or figure is created.

        Raises
        ------
        ValueError
            For an unknown preset or an SI or SG out of range.
        """
        comparison = compare_ivgtt(preset, si_e4, sg)
        self.artists.update(comparison)
        self.title.set_text(frame_title(comparison))
        self.comparison = comparison

    def make_live(self) -> None:
        """Prepare the figure for a live widget (:func:`live_frame_html`).

        The title and the note on the glucose chart change with every choice and would be
        drawn again each time (text is the costliest part of a render): they leave the
        picture, and the widget shows the title as HTML above it; the note's numbers are in
        the caption. The lines the controls move are declared to the figure's
        :class:`~insulinlab.widgets.static_stack.BlitRenderer`, so no change needs a full
        draw.
        """
        self.title.set_visible(False)
        self.artists.note.set_visible(False)
        live_renderer(self.figure).expect_changes(self.artists.changing)

    def png(self, dpi: float, colours: int | None = 64, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`); render one figure either
        always live or never.
        """
        if live:
            return live_png_bytes(self.figure, check_dpi(dpi), colours)
        return figure_to_png_bytes(self.figure, check_dpi(dpi), colours)


def build_ivgtt_figure(
    preset: str = "healthy", si_e4: float | None = None, sg: float | None = None
) -> IvgttFigure:
    """Build the demo figure once: glucose, insulin input and remote action X, stacked.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot, so it never shows up twice in a notebook and needs no closing.

    Raises
    ------
    ValueError
        For an unknown preset or an SI or SG out of range.

    Examples
    --------
    >>> build_ivgtt_figure("igt").title.get_text()[:42]
    'Impaired glucose tolerance preset (dashed)'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    comparison = compare_ivgtt(preset, si_e4, sg)
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions: a layout engine would re-run on every render.
    ax_glucose = figure.add_axes((0.13, 0.58, 0.83, 0.30))
    ax_insulin = figure.add_axes((0.13, 0.34, 0.83, 0.19), sharex=ax_glucose)
    ax_action = figure.add_axes((0.13, 0.09, 0.83, 0.19), sharex=ax_glucose)
    artists = draw_comparison(ax_glucose, ax_insulin, ax_action, comparison)
    title = figure.text(0.5, 0.985, frame_title(comparison), ha="center", va="top", fontsize=9)
    return IvgttFigure(
        figure=figure,
        axes=(ax_glucose, ax_insulin, ax_action),
        artists=artists,
        title=title,
        comparison=comparison,
    )


def frame_html(
    ivgtt_figure: IvgttFigure, dpi: float, colours: int | None = 64, *, live: bool = False
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then the summary sentence.

    ``live`` is passed on to :meth:`IvgttFigure.png`.

    Examples
    --------
    >>> frame_html(build_ivgtt_figure(), dpi=20).startswith('<figure style="margin: 0;"><img')
    True
    """
    png = ivgtt_figure.png(dpi, colours, live=live)
    comparison = ivgtt_figure.comparison
    return static_frame_html(
        png,
        frame_alt_text(comparison),
        summary_text(comparison),
        max_width_px=FIGSIZE_IN[0] * 100,
    )


def live_frame_html(ivgtt_figure: IvgttFigure, dpi: float, colours: int | None = 64) -> str:
    """The live widget's frame: the title as HTML, then :func:`frame_html` drawn live.

    Use it with a figure prepared by :meth:`IvgttFigure.make_live` (its picture has no
    title).

    Examples
    --------
    >>> ivgtt_figure = build_ivgtt_figure("t2d")
    >>> ivgtt_figure.make_live()
    >>> live_frame_html(ivgtt_figure, dpi=20)[:60]
    '<p style="margin: 0 0 0.3em 0;"><strong>Type 2 diabetes pres'
    """
    title = html.escape(frame_title(ivgtt_figure.comparison))
    return f'<p style="margin: 0 0 0.3em 0;"><strong>{title}</strong></p>' + frame_html(
        ivgtt_figure, dpi, colours, live=True
    )


def render_frames(
    presets: Sequence[str] = tuple(PRESET_LABELS),
    si_values_e4: Sequence[float] = STATIC_SI_E4,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 32,
) -> dict[str, tuple[str, ...]]:
    """HTML frames (image with alt text, and a caption) for every preset × SI value.

    One figure is built and moved from frame to frame; SG stays at each preset's value.

    Parameters
    ----------
    presets : sequence of str, default all three presets
        Distinct keys of :data:`insulinlab.minimal_model.PRESETS`.
    si_values_e4 : sequence of float, default :data:`STATIC_SI_E4`
        2 to 9 strictly increasing SI values, ×10⁻⁴ min⁻¹ per µU/mL, in [0.2, 12].
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default 32
        Palette size of each PNG, in [16, 256] (fewer = smaller).

    Returns
    -------
    dict
        For each preset, in order, a tuple of one HTML fragment per SI value.

    Raises
    ------
    ValueError
        If an argument is invalid; the message names it.
    """
    chosen_presets = _check_presets(presets)
    chosen = _check_si_values(si_values_e4)
    resolution = check_dpi(dpi)
    palette_size = check_colours(colours)
    ivgtt_figure = build_ivgtt_figure(chosen_presets[0], chosen[0])
    frames = {}
    for preset in chosen_presets:
        preset_frames = []
        for si_e4 in chosen:
            ivgtt_figure.update(preset, si_e4)
            preset_frames.append(frame_html(ivgtt_figure, resolution, palette_size))
        frames[preset] = tuple(preset_frames)
    return frames


# --------------------------------------------------------------------------------------------
# Static figures for the chapter
# --------------------------------------------------------------------------------------------


def _new_figure(figsize: tuple[float, float]):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def plot_presets(figure=None):
    """Draw the three teaching presets' IVGTTs: glucose, the insulin input and remote action X.

    Parameters
    ----------
    figure : matplotlib.figure.Figure, optional
        An empty figure to draw on (``layout="constrained"`` suits it); by default a new Agg
        ``Figure``, not registered with pyplot.

    Returns
    -------
    matplotlib.figure.Figure
        With ``figure.results``: the :class:`~insulinlab.minimal_model.IVGTTResult` per preset.

    Examples
    --------
    >>> figure = plot_presets()
    >>> [round(result.glucose_mg_dl[60]) for result in figure.results.values()]
    [98, 132, 140]
    """
    if figure is None:
        figure = _new_figure((7.2, 6.4))
    ax_glucose, ax_insulin, ax_action = figure.subplots(
        3, 1, sharex=True, height_ratios=(1.6, 1, 1)
    )
    style_ivgtt_axes(ax_glucose, ax_insulin, ax_action)
    ax_glucose.axhline(90.0, color="#8c8c8c", linestyle=":", linewidth=1.0, zorder=1)
    results = {}
    for preset, style in _PRESET_STYLES.items():
        result = _simulate(preset, preset_si_e4(preset), mm.preset(preset).sg)
        results[preset] = result
        label = f"{PRESET_LABELS[preset]}: SI {si_label(preset_si_e4(preset))}"
        ax_glucose.plot(result.t_min, result.glucose_mg_dl, linewidth=2.0, label=label, **style)
        ax_action.plot(
            result.t_min, ACTION_SCALE * result.insulin_action_per_min, linewidth=2.0, **style
        )
    insulin = results["healthy"]
    ax_insulin.plot(insulin.t_min, insulin.insulin_uu_ml, color=PALETTE["black"], linewidth=1.6)
    ax_insulin.text(
        0.98,
        0.92,
        "the same insulin input for all three",
        transform=ax_insulin.transAxes,
        ha="right",
        va="top",
        fontsize=8,
    )
    ax_glucose.legend(loc="upper right", fontsize=8, frameon=False)
    figure.results = results
    return figure


def plot_identifiability(
    presets: Sequence[str] = ("healthy", "t2d"),
    *,
    n: int = 40,
    seed: int = 2015,
    noise_cv: float = 0.02,
    grid_points: int = 31,
    figure=None,
):
    """Fits of SG and SI from ``n`` noisy copies of one IVGTT, over the cost valley.

    One panel per preset. Each dot is one fit of :func:`~insulinlab.minimal_model.fit_minimal_model`
    (SG, SI, p2 and G0 all free) to synthetic data that differ only in their noise
    (:func:`~insulinlab.minimal_model.replicate_fits`); the cross marks the truth. The contour
    lines are the cost on noise-free data with p2 and G0 held at their true values
    (:func:`~insulinlab.minimal_model.cost_surface`), at Δχ² = 1, 4 and 9 for the given noise
    (cost / noise_cv² on log residuals), roughly 1, 2 and 3 standard errors of that slice.

    Parameters
    ----------
    presets : sequence of str, default ("healthy", "t2d")
        1 to 3 distinct presets, one panel each.
    n : int, default 40
        Noisy data sets per preset, in [2, 500].
    seed : int, default 2015
        Seed of the first data set.
    noise_cv : float, default 0.02
        Relative glucose noise, in (0, 0.5].
    grid_points : int, default 31
        Grid points per axis of the cost surface, in [5, 101].
    figure : matplotlib.figure.Figure, optional
        An empty figure; by default a new Agg ``Figure``.

    Returns
    -------
    matplotlib.figure.Figure
        With ``figure.fits``: a dict preset → tuple of
        :class:`~insulinlab.minimal_model.MinimalModelFit`.

    Raises
    ------
    ValueError
        Naming the argument.
    """
    chosen = _check_presets(presets)
    if len(chosen) > 3:
        raise ValueError(f"presets must hold 1 to 3 presets; got {len(chosen)}")
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 500:
        raise ValueError(f"n must be a whole number in [2, 500]; got {n!r}")
    cv = check_range("noise_cv", noise_cv, 0.0, 0.5, "(relative SD)", low_inclusive=False)
    if isinstance(grid_points, bool) or not isinstance(grid_points, int):
        raise ValueError(f"grid_points must be a whole number in [5, 101]; got {grid_points!r}")
    check_range("grid_points", grid_points, 5, 101, "")
    if figure is None:
        figure = _new_figure((4.2 * len(chosen), 4.2))
    axes = figure.subplots(1, len(chosen), squeeze=False)[0]
    grey = "#7f7f7f"
    all_fits = {}
    for ax, preset in zip(axes, chosen, strict=True):
        truth = mm.preset(preset)
        fits = mm.replicate_fits(truth, n=n, seed=seed, noise_cv=cv)
        all_fits[preset] = fits
        sg = np.array([fit.sg for fit in fits])
        si = np.array([fit.si for fit in fits]) * 1e4
        sg_low, sg_high = _padded_range(np.append(sg, truth.sg))
        si_low, si_high = _padded_range(np.append(si, truth.si * 1e4))
        clean = mm.synthetic_ivgtt(truth, seed=0, noise_cv=0.0)
        t_fit, g_fit = clean.after(10.0)
        sg_grid = np.linspace(max(sg_low, 1e-4), sg_high, grid_points)
        si_grid = np.linspace(max(si_low, 1e-3), si_high, grid_points)
        surface = mm.cost_surface(
            t_fit,
            g_fit,
            clean.profile,
            sg_grid,
            si_grid * 1e-4,
            p2=truth.p2,
            g0_mg_dl=clean.g0_mg_dl,
            gb_mg_dl=truth.gb_mg_dl,
            ib_uu_ml=truth.ib_uu_ml,
        )
        ax.contour(sg_grid, si_grid, surface / cv**2, levels=[1, 4, 9], colors=grey, linewidths=0.9)
        converged = np.array([fit.converged for fit in fits])
        ax.scatter(
            sg[converged],
            si[converged],
            s=16,
            color=PALETTE["blue"],
            alpha=0.8,
            label="fits (all four parameters free)",
            zorder=3,
        )
        if np.any(~converged):
            ax.scatter(
                sg[~converged],
                si[~converged],
                s=22,
                marker="^",
                color=PALETTE["vermillion"],
                label="fits stopped at a bound",
                zorder=3,
            )
        ax.plot(
            [truth.sg],
            [truth.si * 1e4],
            marker="X",
            markersize=10,
            color=PALETTE["black"],
            linestyle="none",
            label="truth",
            zorder=4,
        )
        ax.set_xlim(sg_low, sg_high)
        ax.set_ylim(si_low, si_high)
        ax.set_title(f"{PRESET_LABELS[preset]} preset (SI {si_label(truth.si * 1e4)})", fontsize=9)
        ax.set_xlabel("Fitted SG (min⁻¹)", fontsize=9)
        ax.set_ylabel("Fitted SI (×10⁻⁴ min⁻¹ per µU/mL)", fontsize=9)
        ax.tick_params(labelsize=8)
    from matplotlib.lines import Line2D

    legend = {"cost valley: 1, 2, 3 SE (p2 and G0 at the truth)": Line2D([], [], color=grey)}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            legend.setdefault(label, handle)
    figure.legend(
        list(legend.values()),
        list(legend),
        loc="outside lower center",
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    figure.fits = all_fits
    return figure


def _padded_range(values: np.ndarray, pad: float = 0.12) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    span = max(high - low, 1e-9)
    return max(low - pad * span, 0.0), high + pad * span


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>An IVGTT in the minimal model.</strong> Glucose (top) after an intravenous "
        "glucose bolus, the insulin that drives the model (middle) and the remote insulin "
        "action X it builds up (bottom). The dashed curves are the preset's own values; the "
        f"solid curves use the SI and SG you choose. {html.escape(TEACHING_MODEL_NOTE)}"
        f"<br><em>{html.escape(note)}</em></p>"
    )


def ivgtt_simulator(*, dpi: float = LIVE_DPI):
    """Build the live demo: preset buttons and SI and SG sliders.

    Choosing a preset moves both sliders to its values; releasing a slider
    (``continuous_update=False``) re-simulates and re-renders the picture (only the lines that
    moved; see :meth:`IvgttFigure.make_live`). The title is HTML above the picture, and the
    caption below it gives the numbers of the static frames' note. It opens on the
    healthy preset, rendered at construction, so a saved page shows that view; responding
    needs a running kernel (use :func:`ivgtt_simulator_static` for the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the preset ``ToggleButtons``, the SI ``FloatSlider``
        (×10⁻⁴), the SG ``FloatSlider`` and the frame (HTML). The :class:`IvgttFigure` is kept
        on the box as ``box.ivgtt_figure``.

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = check_dpi(dpi)
    ivgtt_figure = build_ivgtt_figure("healthy")
    ivgtt_figure.make_live()
    presets = widgets.ToggleButtons(
        options=[(label, preset) for preset, label in PRESET_LABELS.items()],
        value="healthy",
        description="Preset",
        style={"description_width": "initial", "button_width": "auto"},
    )
    slider_style = {
        "continuous_update": False,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="34em"),
    }
    si = widgets.FloatSlider(
        value=preset_si_e4("healthy"),
        min=SI_RANGE_E4[0],
        max=SI_RANGE_E4[1],
        step=LIVE_SI_STEP_E4,
        readout_format=".1f",
        description="SI (×10⁻⁴ min⁻¹ per µU/mL)",
        **slider_style,
    )
    sg = widgets.FloatSlider(
        value=mm.preset("healthy").sg,
        min=SG_RANGE_PER_MIN[0],
        max=SG_RANGE_PER_MIN[1],
        step=LIVE_SG_STEP,
        readout_format=".3f",
        description="SG (min⁻¹)",
        **slider_style,
    )
    frame = widgets.HTML(value=live_frame_html(ivgtt_figure, resolution))
    busy = {"setting_preset": False}

    def refresh(_change=None) -> None:
        if busy["setting_preset"]:
            return
        ivgtt_figure.update(presets.value, si.value, sg.value)
        frame.value = live_frame_html(ivgtt_figure, resolution)

    def choose_preset(_change=None) -> None:
        busy["setting_preset"] = True
        try:
            si.value = preset_si_e4(presets.value)
            sg.value = mm.preset(presets.value).sg
        finally:
            busy["setting_preset"] = False
        refresh()

    presets.observe(choose_preset, names="value")
    si.observe(refresh, names="value")
    sg.observe(refresh, names="value")
    box = widgets.VBox([widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), presets, si, sg, frame])
    box.ivgtt_figure = ivgtt_figure
    return box


def ivgtt_simulator_static(
    presets: Sequence[str] = tuple(PRESET_LABELS),
    si_values_e4: Sequence[float] = STATIC_SI_E4,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 32,
):
    """Build the no-kernel demo: precomputed frames for every preset × SI value.

    An outer ``ipywidgets.Stack`` holds one inner ``Stack`` per preset, and each inner stack
    one HTML frame per SI value (the picture with alt text, and a one-sentence summary).
    ``ToggleButtons`` choose the preset (their ``index`` is ``jslink`` ed to the outer stack's
    ``selected_index``); a ``SelectionSlider`` with ``(label, index)`` options chooses SI (its
    ``index`` is linked to every inner stack). The links live in the saved widget state, so
    the controls work on the static site with no kernel. It opens on the first preset at its
    own SI when that is sampled, else at the first value.

    Each frame is a 32-colour PNG of about 10–14 KB at 72 dpi, so the default 21 frames make
    roughly 300 KB of widget state.

    Parameters
    ----------
    presets : sequence of str, default all three presets
        Distinct keys of :data:`insulinlab.minimal_model.PRESETS`, in button order.
    si_values_e4 : sequence of float, default :data:`STATIC_SI_E4`
        2 to 9 strictly increasing SI values, ×10⁻⁴ min⁻¹ per µU/mL, in [0.2, 12].
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 32
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the preset ``ToggleButtons``, the SI ``SelectionSlider``
        and the outer ``Stack``. The ``jslink`` objects are kept on the box as ``box.links``
        (the preset link first).

    Raises
    ------
    ValueError
        If an argument is invalid.
    """
    import ipywidgets as widgets

    chosen_presets = _check_presets(presets)
    chosen = _check_si_values(si_values_e4)
    frames = render_frames(chosen_presets, chosen, dpi=dpi, colours=colours)
    own = preset_si_e4(chosen_presets[0])
    start = chosen.index(own) if own in chosen else 0
    buttons = widgets.ToggleButtons(
        options=[(PRESET_LABELS[preset], index) for index, preset in enumerate(chosen_presets)],
        index=0,
        description="Preset",
        style={"description_width": "initial", "button_width": "auto"},
    )
    slider = widgets.SelectionSlider(
        options=[(si_label(value), index) for index, value in enumerate(chosen)],
        index=start,
        description="SI (min⁻¹ per µU/mL)",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="34em"),
    )
    rows = [frames[preset] for preset in chosen_presets]
    outer, _, links = nested_linked_stacks(buttons, slider, rows)
    box = widgets.VBox([widgets.HTML(_header_html(STATIC_NOTE)), buttons, slider, outer])
    box.links = links
    return box


__all__ = [
    "ACTION_SCALE",
    "DURATION_MIN",
    "FIGSIZE_IN",
    "GRID_MIN",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "PRESET_LABELS",
    "SG_RANGE_PER_MIN",
    "SI_RANGE_E4",
    "STATIC_DPI",
    "STATIC_NOTE",
    "STATIC_SI_E4",
    "TEACHING_MODEL_NOTE",
    "ComparisonArtists",
    "CurveSummary",
    "IvgttComparison",
    "IvgttFigure",
    "build_ivgtt_figure",
    "compare_ivgtt",
    "draw_comparison",
    "frame_alt_text",
    "frame_html",
    "frame_title",
    "ivgtt_simulator",
    "ivgtt_simulator_static",
    "live_frame_html",
    "note_text",
    "plot_identifiability",
    "plot_presets",
    "preset_si_e4",
    "render_frames",
    "si_label",
    "style_ivgtt_axes",
    "summarise_curve",
    "summary_text",
    "teaching_insulin",
]
