"""The chapter 07 demo: an oral glucose tolerance test with insulin sensitivity lowered by a %.

The model lives in :mod:`insulinlab.meal` (:func:`~insulinlab.meal.ogtt`); this module only
compares two of its runs and draws them.

- :func:`compare_ogtt` runs a 75-g OGTT twice for one preset: at the preset's own insulin
  sensitivity (the baseline) and with sensitivity lowered by a chosen percentage, and returns
  both as an :class:`OgttComparison`. :func:`summary_text` and :func:`frame_alt_text` turn a
  comparison into plain sentences (pure, unit-tested).
- :func:`draw_comparison` is the pure drawing function: on two given axes it draws glucose and
  insulin over 0–180 min for both runs, marks the 2-hour values and the ADA 2-hour lines at
  140 and 200 mg/dL, and returns its artists as :class:`ComparisonArtists`, whose ``update``
  moves them to another comparison without creating new ones.
- :func:`build_ogtt_figure` builds the demo figure once (a plain Agg ``Figure``, never a pyplot
  one); :meth:`OgttFigure.update` moves it to another preset or reduction.
- :func:`ogtt_sensitivity_explorer` is the live widget: a preset selector and a 0–60 %
  reduction slider (needs a running kernel to respond).
- :func:`ogtt_sensitivity_static` precomputes one frame per preset × sampled reduction into
  nested ``ipywidgets.Stack`` s linked with ``jslink`` to ``ToggleButtons`` (preset) and a
  ``SelectionSlider`` (reduction), so it responds on the static site with no kernel (see
  ``STATIC_WIDGETS.md``).

Colour is never the only cue: the baseline is dashed and the lowered-sensitivity run solid,
the 2-hour values are marked with different shapes and written out, and the ADA lines carry
text labels. Every frame is an ``<img>`` whose alt text states the key numbers.

Sources
-------
Model and parameters: :mod:`insulinlab.meal` (teaching values; a teaching model, not a
patient). 20 % is the fall in IVGTT-derived insulin sensitivity after a week of 5-h nights in
Buxton et al., *Diabetes* 2010;59(9):2126–33, doi:10.2337/db09-0699 (the clamp showed 11 %).
ADA 2-h OGTT thresholds (140 and 200 mg/dL): American Diabetes Association, Standards of Care
in Diabetes—2025, section 2, doi:10.2337/dc25-S002.

For education only; not medical advice.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from insulinlab import indices, meal
from insulinlab._validate import check_range
from insulinlab.plotting import CATEGORY_COLOURS, PALETTE
from insulinlab.widgets.static_stack import (
    check_colours,
    check_dpi,
    figure_to_png_bytes,
    live_png_bytes,
    live_renderer,
    nested_linked_stacks,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

REDUCTION_RANGE_PERCENT = (0.0, 60.0)
"""Accepted reductions of insulin sensitivity, in percent of the preset's own value."""

LIVE_STEP_PERCENT = 5
"""Step of the live slider, in percent."""

STATIC_REDUCTIONS_PERCENT = (0, 10, 20, 30, 40, 50)
"""The reductions precomputed for the no-kernel form, in percent."""

BUXTON_IVGTT_REDUCTION_PERCENT = 20
"""Fall in IVGTT insulin sensitivity after 7 nights of 5 h in bed (Buxton et al. 2010)."""

PRESET_LABELS = {
    "healthy": "Healthy",
    "insulin_resistant": "Insulin-resistant (IGT)",
    "type_2_diabetes": "Type 2 diabetes",
}
"""A short label for each preset of :data:`insulinlab.meal.PRESETS`."""

DURATION_MIN = 180.0
"""Length of every simulated OGTT, in minutes."""

TWO_HOURS_MIN = 120.0
"""When the ADA 2-hour value is read, in minutes after the drink."""

FIGSIZE_IN = (7.2, 5.6)
"""Size of the demo figure, inches."""

LIVE_DPI = 90
"""Resolution of the live widget's image."""

STATIC_DPI = 80
"""Resolution of each precomputed frame of the no-kernel form."""

TEACHING_MODEL_NOTE = (
    "A teaching model, not a patient: the parameters of insulinlab.meal were chosen for "
    "teaching, not fitted to any person, so read the shapes and the comparisons rather than "
    "the exact numbers. The model lowers insulin sensitivity and nothing else: fasting values "
    "and the β-cells' responsiveness stay those of the preset."
)

LIVE_UPDATE_NOTE = (
    "The slider and the preset buttons need a running kernel (use the launch buttons). On the "
    "static site, use the no-kernel version of this demo."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a preset with the buttons and a reduction with "
    "the slider (drag it, or click it and use the arrow keys). Each picture was computed when "
    "the page was built."
)

GLUCOSE_COLOUR = PALETTE["blue"]
INSULIN_COLOUR = PALETTE["vermillion"]
BASELINE_COLOUR = PALETTE["black"]
_TWO_HOUR_LINE_COLOUR = "#8c8c8c"
_GLUCOSE_FLOOR_MG_DL = 50.0
_BAND_ALPHA = 0.18
_NOTE_BOX = {"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#bdbdbd"}


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_preset(preset: object) -> str:
    if not isinstance(preset, str) or preset not in meal.PRESETS:
        raise ValueError(f"preset must be one of {tuple(meal.PRESETS)}; got {preset!r}")
    return preset


def _check_reduction(reduction_percent: object, name: str = "reduction_percent") -> float:
    return check_range(name, reduction_percent, *REDUCTION_RANGE_PERCENT, "% of the preset's SI")


def _check_reductions(reductions: object) -> tuple[float, ...]:
    """``reductions`` as a tuple of 2–12 strictly increasing percentages in the accepted range."""
    low, high = REDUCTION_RANGE_PERCENT
    accepted = f"a sequence of 2 to 12 strictly increasing percentages in [{low:g}, {high:g}]"
    if isinstance(reductions, (str, bytes)) or not isinstance(reductions, Sequence):
        raise ValueError(f"reductions must be {accepted}; got {reductions!r}")
    if not 2 <= len(reductions) <= 12:
        raise ValueError(f"reductions must be {accepted}; got {len(reductions)} values")
    checked = tuple(_check_reduction(value, "reductions[…]") for value in reductions)
    if any(later <= earlier for earlier, later in zip(checked, checked[1:], strict=False)):
        raise ValueError(f"reductions must be {accepted}; got {reductions!r}")
    return checked


def _check_presets(presets: object) -> tuple[str, ...]:
    accepted = f"a non-empty sequence of distinct presets from {tuple(meal.PRESETS)}"
    if isinstance(presets, (str, bytes)) or not isinstance(presets, Sequence) or not presets:
        raise ValueError(f"presets must be {accepted}; got {presets!r}")
    checked = tuple(_check_preset(preset) for preset in presets)
    if len(set(checked)) != len(checked):
        raise ValueError(f"presets must be {accepted}; got {presets!r}")
    return checked


# --------------------------------------------------------------------------------------------
# Pure computations and labels
# --------------------------------------------------------------------------------------------


def sensitivity_scale(reduction_percent: float) -> float:
    """The multiple of the preset's insulin sensitivity left after a reduction in percent.

    Raises
    ------
    ValueError
        If ``reduction_percent`` is not a number in [0, 60].

    Examples
    --------
    >>> sensitivity_scale(20)
    0.8
    """
    return 1.0 - _check_reduction(reduction_percent) / 100.0


def reduction_label(reduction_percent: float) -> str:
    """A reduction as a label, e.g. ``"20 %"`` (rounded to a whole percent).

    Examples
    --------
    >>> reduction_label(20), reduction_label(0)
    ('20 %', '0 %')
    """
    return f"{float(reduction_percent):.0f} %"


@functools.lru_cache(maxsize=256)
def _ogtt(preset: str, reduction_percent: float) -> meal.OgttResult:
    return meal.ogtt(
        preset,
        insulin_sensitivity_scale=sensitivity_scale(reduction_percent),
        duration_min=DURATION_MIN,
    )


@dataclass(frozen=True)
class OgttComparison:
    """Two 75-g OGTTs of one preset: at its own insulin sensitivity and with it lowered.

    Attributes
    ----------
    preset : str
        A key of :data:`insulinlab.meal.PRESETS`.
    reduction_percent : float
        How much lower insulin sensitivity is in the second run, in percent (0–60).
    baseline : insulinlab.meal.OgttResult
        The OGTT at the preset's own sensitivity.
    reduced : insulinlab.meal.OgttResult
        The OGTT with sensitivity × (1 − reduction_percent / 100).
    """

    preset: str
    reduction_percent: float
    baseline: meal.OgttResult
    reduced: meal.OgttResult

    @property
    def glucose_2h_change_mg_dl(self) -> float:
        """Reduced minus baseline glucose at 120 min, mg/dL."""
        return self.reduced.glucose_2h_mg_dl - self.baseline.glucose_2h_mg_dl

    @property
    def insulin_2h_change_percent(self) -> float:
        """Relative change of insulin at 120 min, percent of the baseline value."""
        base = self.baseline.insulin_2h_uu_ml
        return 100.0 * (self.reduced.insulin_2h_uu_ml - base) / base

    @property
    def category_changed(self) -> bool:
        """Whether the ADA 2-h category differs between the two runs."""
        return self.reduced.ada_category != self.baseline.ada_category


def compare_ogtt(
    preset: str = "healthy", reduction_percent: float = BUXTON_IVGTT_REDUCTION_PERCENT
) -> OgttComparison:
    """Simulate a 75-g OGTT (0–180 min) for ``preset`` at 100 % and at lowered sensitivity.

    Results are cached, so moving back and forth between values costs nothing.

    Parameters
    ----------
    preset : str, default "healthy"
        ``"healthy"``, ``"insulin_resistant"`` or ``"type_2_diabetes"``.
    reduction_percent : float, default 20
        How much to lower insulin sensitivity, in [0, 60] percent; 20 is the fall in
        IVGTT-derived sensitivity after a week of 5-h nights (Buxton et al. 2010).

    Returns
    -------
    OgttComparison

    Raises
    ------
    ValueError
        For an unknown preset or a reduction outside [0, 60].

    Examples
    --------
    >>> comparison = compare_ogtt("healthy", 20)
    >>> comparison.baseline.ada_category, comparison.reduced.ada_category
    ('normal', 'normal')
    >>> round(comparison.glucose_2h_change_mg_dl)
    7
    """
    preset = _check_preset(preset)
    reduction = _check_reduction(reduction_percent)
    return OgttComparison(
        preset=preset,
        reduction_percent=reduction,
        baseline=_ogtt(preset, 0.0),
        reduced=_ogtt(preset, reduction),
    )


def frame_title(preset: str, reduction_percent: float) -> str:
    """The figure title for a preset and a reduction.

    Examples
    --------
    >>> frame_title("healthy", 20)
    'Healthy preset: insulin sensitivity 20 % lower'
    """
    label = PRESET_LABELS[_check_preset(preset)]
    reduction = _check_reduction(reduction_percent)
    if reduction == 0:
        return f"{label} preset: insulin sensitivity unchanged (0 % lower)"
    return f"{label} preset: insulin sensitivity {reduction_label(reduction)} lower"


def _category_phrase(comparison: OgttComparison) -> str:
    before, after = comparison.baseline.ada_category, comparison.reduced.ada_category
    if before == after:
        return f"ADA 2-h category {after} in both"
    return f"ADA 2-h category {before} → {after}"


def summary_text(comparison: OgttComparison) -> str:
    """One plain sentence comparing the two OGTTs (2-h glucose and insulin, peak glucose).

    Examples
    --------
    >>> summary_text(compare_ogtt("healthy", 20))
    '2-h glucose 99 → 106 mg/dL (+7.4 mg/dL; ADA 2-h category normal in both); 2-h insulin 38 → 47 µU/mL (+23 %); highest glucose 164 → 170 mg/dL.'
    """  # noqa: E501
    base, low = comparison.baseline, comparison.reduced
    return (
        f"2-h glucose {base.glucose_2h_mg_dl:.0f} → {low.glucose_2h_mg_dl:.0f} mg/dL "
        f"({comparison.glucose_2h_change_mg_dl:+.1f} mg/dL; {_category_phrase(comparison)}); "
        f"2-h insulin {base.insulin_2h_uu_ml:.0f} → {low.insulin_2h_uu_ml:.0f} µU/mL "
        f"({comparison.insulin_2h_change_percent:+.0f} %); "
        f"highest glucose {base.peak_glucose_mg_dl:.0f} → {low.peak_glucose_mg_dl:.0f} mg/dL."
    )


def frame_alt_text(comparison: OgttComparison) -> str:
    """Alt text for one frame: what the two charts show, with the key numbers.

    Examples
    --------
    >>> text = frame_alt_text(compare_ogtt("insulin_resistant", 20))
    >>> "2-hour glucose is 149 mg/dL on the dashed baseline and 160 mg/dL" in text
    True
    """
    base, low = comparison.baseline, comparison.reduced
    prediabetes_from, diabetes_from = indices.ADA_OGTT_2H_GLUCOSE_MG_DL
    return (
        "Two line charts of a 75-gram oral glucose tolerance test over 180 minutes. "
        f"{frame_title(comparison.preset, comparison.reduction_percent)}. Each chart has a "
        "dashed curve, the preset at its own insulin sensitivity, and a solid curve, the "
        "lowered sensitivity. Top chart, glucose: both curves start at "
        f"{base.glucose_mg_dl[0]:.0f} mg/dL; the highest value is "
        f"{base.peak_glucose_mg_dl:.0f} mg/dL dashed and {low.peak_glucose_mg_dl:.0f} mg/dL "
        f"solid. At the 2-hour mark the 2-hour glucose is {base.glucose_2h_mg_dl:.0f} mg/dL on "
        f"the dashed baseline and {low.glucose_2h_mg_dl:.0f} mg/dL on the solid curve, against "
        f"horizontal lines at the ADA 2-hour thresholds of {prediabetes_from:g} mg/dL "
        f"(prediabetes) and {diabetes_from:g} mg/dL (diabetes): {_category_phrase(comparison)}. "
        f"Bottom chart, insulin: both start at {base.insulin_uu_ml[0]:.0f} µU/mL; at 2 hours "
        f"insulin is {base.insulin_2h_uu_ml:.0f} µU/mL dashed and "
        f"{low.insulin_2h_uu_ml:.0f} µU/mL solid."
    )


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


def axis_limits(preset: str = "healthy") -> tuple[float, float]:
    """Upper y limits (glucose mg/dL, insulin µU/mL) that fit every reduction of a preset.

    The glucose limit is at least 225 mg/dL so that the 200 mg/dL line is always in view.
    The axes then stay still while the slider moves, and frames compare by eye.

    Examples
    --------
    >>> axis_limits("healthy")
    (225.0, 100.0)
    """
    preset = _check_preset(preset)
    glucose_top, insulin_top = 0.0, 0.0
    for reduction in REDUCTION_RANGE_PERCENT:
        result = _ogtt(preset, reduction)
        glucose_top = max(glucose_top, result.peak_glucose_mg_dl)
        insulin_top = max(insulin_top, float(np.max(result.insulin_uu_ml)))
    glucose_top = max(225.0, 25.0 * math.ceil(glucose_top * 1.05 / 25.0))
    return glucose_top, 25.0 * math.ceil(insulin_top * 1.05 / 25.0)


def style_ogtt_axes(
    ax_glucose,
    ax_insulin,
    *,
    glucose_top_mg_dl: float = 225.0,
    insulin_top_uu_ml: float = 100.0,
) -> None:
    """Prepare the two axes of an OGTT: labels, limits, the ADA 2-h lines and the 2-h mark.

    The glucose axes gets labelled horizontal lines at the ADA 2-hour thresholds (140 and
    200 mg/dL) with pale bands above them; both axes get a dotted vertical line at 120 min.

    Parameters
    ----------
    ax_glucose, ax_insulin : matplotlib.axes.Axes
        Glucose above, insulin below.
    glucose_top_mg_dl : float, default 225
        Upper glucose limit, in (200, 1000] mg/dL (the 200 mg/dL line must be in view).
    insulin_top_uu_ml : float, default 100
        Upper insulin limit, in (0, 2000] µU/mL.

    Raises
    ------
    ValueError
        If a limit is out of range.

    Source
    ------
    ADA Standards of Care in Diabetes—2025, section 2 (2-h OGTT: prediabetes from 140 mg/dL,
    diabetes from 200 mg/dL).
    """
    glucose_top = check_range(
        "glucose_top_mg_dl", glucose_top_mg_dl, 200.0, 1000.0, "mg/dL", low_inclusive=False
    )
    insulin_top = check_range(
        "insulin_top_uu_ml", insulin_top_uu_ml, 0.0, 2000.0, "µU/mL", low_inclusive=False
    )
    prediabetes_from, diabetes_from = indices.ADA_OGTT_2H_GLUCOSE_MG_DL
    # (label, from, to, colour); the top band runs past any axis limit, so a taller axis
    # never shows its edge.
    bands = (
        (f"{indices.PREDIABETES} (IGT)", prediabetes_from, diabetes_from, indices.PREDIABETES),
        (indices.DIABETES, diabetes_from, 1000.0, indices.DIABETES),
    )
    right_edge = ax_glucose.get_yaxis_transform()  # x in axes fraction, y in data
    for category, start, stop, colour_key in bands:
        ax_glucose.axhspan(
            start,
            stop,
            facecolor=CATEGORY_COLOURS[colour_key],
            alpha=_BAND_ALPHA,
            edgecolor="none",
            zorder=0,
        )
        ax_glucose.axhline(start, color=PALETTE["black"], linestyle="--", linewidth=0.8, zorder=1)
        ax_glucose.text(
            1.01,
            start,
            f"2-h ≥ {start:g} mg/dL:\n{category}",
            transform=right_edge,
            ha="left",
            va="center",
            fontsize=7,
            clip_on=False,
        )
    for ax in (ax_glucose, ax_insulin):
        ax.axvline(
            TWO_HOURS_MIN, color=_TWO_HOUR_LINE_COLOUR, linestyle=":", linewidth=1.0, zorder=1
        )
        ax.set_xlim(0, DURATION_MIN)
        ticks = np.arange(0, DURATION_MIN + 1, 30)
        ax.set_xticks(
            ticks, [f"{tick:g}\n(2 h)" if tick == TWO_HOURS_MIN else f"{tick:g}" for tick in ticks]
        )
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.tick_params(labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
    ax_insulin.set_ylim(0, insulin_top)
    ax_glucose.set_ylabel("Glucose (mg/dL)", fontsize=9)
    ax_insulin.set_ylabel("Insulin (µU/mL)", fontsize=9)
    ax_insulin.set_xlabel("Minutes after the 75-g glucose drink", fontsize=9)
    ax_glucose.tick_params(labelbottom=False)


def _note_position(values: np.ndarray, t_min: np.ndarray, bottom: float, top: float) -> str:
    """``"top"`` or ``"bottom"``: where a note over the right part of the axes has more room.

    The notes span roughly the last 40 % of the time axis; the side with the larger gap
    between the curve and the axes edge there wins.
    """
    late = values[t_min >= 0.58 * DURATION_MIN]
    if late.size == 0:
        return "top"
    highest = (float(np.max(late)) - bottom) / (top - bottom)
    lowest = (float(np.min(late)) - bottom) / (top - bottom)
    return "top" if 1.0 - highest >= lowest else "bottom"


@dataclass
class ComparisonArtists:
    """What :func:`draw_comparison` drew; :meth:`update` moves it to another comparison."""

    ax_glucose: object
    ax_insulin: object
    baseline_glucose: object
    baseline_insulin: object
    reduced_glucose: object
    reduced_insulin: object
    baseline_marker: object
    reduced_marker: object
    glucose_note: object
    insulin_note: object

    def update(self, comparison: OgttComparison) -> None:
        """Replace every line's data and both notes' text; no artist is created."""
        base, low = comparison.baseline, comparison.reduced
        self.baseline_glucose.set_data(base.t_min, base.glucose_mg_dl)
        self.baseline_insulin.set_data(base.t_min, base.insulin_uu_ml)
        self.reduced_glucose.set_data(low.t_min, low.glucose_mg_dl)
        self.reduced_insulin.set_data(low.t_min, low.insulin_uu_ml)
        self.baseline_marker.set_data([TWO_HOURS_MIN], [base.glucose_2h_mg_dl])
        self.reduced_marker.set_data([TWO_HOURS_MIN], [low.glucose_2h_mg_dl])
        self.glucose_note.set_text(
            f"2-h glucose: {base.glucose_2h_mg_dl:.0f} → {low.glucose_2h_mg_dl:.0f} mg/dL\n"
            f"{_category_phrase(comparison)}"
        )
        self.insulin_note.set_text(
            f"2-h insulin: {base.insulin_2h_uu_ml:.0f} → {low.insulin_2h_uu_ml:.0f} µU/mL "
            f"({comparison.insulin_2h_change_percent:+.0f} %)"
        )
        for note, ax, values in (
            (self.glucose_note, self.ax_glucose, low.glucose_mg_dl),
            (self.insulin_note, self.ax_insulin, low.insulin_uu_ml),
        ):
            bottom, top = ax.get_ylim()
            where = _note_position(values, low.t_min, bottom, top)
            note.set_y(0.04 if where == "bottom" else 0.96)
            note.set_verticalalignment(where)


def draw_comparison(
    ax_glucose,
    ax_insulin,
    comparison: OgttComparison,
    *,
    style_axes: bool = True,
    legend: bool = True,
    notes: bool = True,
) -> ComparisonArtists:
    """Draw two OGTTs: glucose on ``ax_glucose``, insulin on ``ax_insulin``, 0–180 min.

    The baseline (the preset at its own sensitivity) is a thin dashed black line, the
    lowered-sensitivity run a thicker solid line. The 2-h glucose values are marked (open
    circle: baseline; filled diamond: lowered) and written in a note with the ADA category;
    the 2-h insulin values are written in a note on the insulin axes.

    Parameters
    ----------
    ax_glucose, ax_insulin : matplotlib.axes.Axes
        Axes to draw on.
    comparison : OgttComparison
        From :func:`compare_ogtt`.
    style_axes : bool, default True
        Call :func:`style_ogtt_axes` first, with the limits of :func:`axis_limits` for the
        comparison's preset.
    legend : bool, default True
        Put a legend above the glucose axes.
    notes : bool, default True
        Show the notes with the 2-h values (with False they are made but hidden, for a figure
        whose caption gives the same numbers: :func:`summary_text`).

    Returns
    -------
    ComparisonArtists
        The lines, markers and notes; ``update`` moves them to another comparison.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax_glucose, ax_insulin = Figure().subplots(2, 1)
    >>> artists = draw_comparison(ax_glucose, ax_insulin, compare_ogtt("healthy", 20))
    >>> artists.glucose_note.get_text().splitlines()[0]
    '2-h glucose: 99 → 106 mg/dL'
    """
    if style_axes:
        glucose_top, insulin_top = axis_limits(comparison.preset)
        style_ogtt_axes(
            ax_glucose, ax_insulin, glucose_top_mg_dl=glucose_top, insulin_top_uu_ml=insulin_top
        )
    base, low = comparison.baseline, comparison.reduced
    baseline_style = {"color": BASELINE_COLOUR, "linestyle": "--", "linewidth": 1.3, "zorder": 3}
    (baseline_glucose,) = ax_glucose.plot(
        base.t_min,
        base.glucose_mg_dl,
        label="before: the preset's own sensitivity (dashed)",
        **baseline_style,
    )
    (baseline_insulin,) = ax_insulin.plot(base.t_min, base.insulin_uu_ml, **baseline_style)
    (reduced_glucose,) = ax_glucose.plot(
        low.t_min,
        low.glucose_mg_dl,
        color=GLUCOSE_COLOUR,
        linewidth=2.2,
        label="after: sensitivity lowered (solid)",
        zorder=4,
    )
    (reduced_insulin,) = ax_insulin.plot(
        low.t_min, low.insulin_uu_ml, color=INSULIN_COLOUR, linewidth=2.2, zorder=4
    )
    (baseline_marker,) = ax_glucose.plot(
        [TWO_HOURS_MIN],
        [base.glucose_2h_mg_dl],
        marker="o",
        markersize=7,
        markerfacecolor="white",
        markeredgecolor=BASELINE_COLOUR,
        linestyle="none",
        label="2-h value before (circle)",
        zorder=5,
    )
    (reduced_marker,) = ax_glucose.plot(
        [TWO_HOURS_MIN],
        [low.glucose_2h_mg_dl],
        marker="D",
        markersize=6,
        color=GLUCOSE_COLOUR,
        markeredgecolor=BASELINE_COLOUR,
        linestyle="none",
        label="2-h value after (diamond)",
        zorder=6,
    )
    note_style = {"ha": "right", "fontsize": 7.5, "bbox": _NOTE_BOX, "zorder": 7}
    glucose_note = ax_glucose.text(0.98, 0.96, "", transform=ax_glucose.transAxes, **note_style)
    insulin_note = ax_insulin.text(0.98, 0.96, "", transform=ax_insulin.transAxes, **note_style)
    glucose_note.set_visible(notes)
    insulin_note.set_visible(notes)
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
        ax_glucose=ax_glucose,
        ax_insulin=ax_insulin,
        baseline_glucose=baseline_glucose,
        baseline_insulin=baseline_insulin,
        reduced_glucose=reduced_glucose,
        reduced_insulin=reduced_insulin,
        baseline_marker=baseline_marker,
        reduced_marker=reduced_marker,
        glucose_note=glucose_note,
        insulin_note=insulin_note,
    )
    artists.update(comparison)
    return artists


def plot_side_by_side(
    presets: Sequence[str] = ("healthy", "insulin_resistant"),
    reduction_percent: float = BUXTON_IVGTT_REDUCTION_PERCENT,
    *,
    figure=None,
):
    """Draw one column per preset (glucose above, insulin below), all at the same reduction.

    The chapter's static figure: the same fall in insulin sensitivity in people who start in
    different places. One legend for the whole figure sits above the columns.

    Parameters
    ----------
    presets : sequence of str, default ("healthy", "insulin_resistant")
        1 to 3 distinct keys of :data:`insulinlab.meal.PRESETS`, one per column.
    reduction_percent : float, default 20
        How much lower insulin sensitivity is in the solid curves, in [0, 60] percent.
    figure : matplotlib.figure.Figure, optional
        An empty figure to draw on (use ``layout="constrained"``); by default a new Agg
        ``Figure``, not registered with pyplot.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``figure.comparison_artists`` holds one :class:`ComparisonArtists` per
        column.

    Raises
    ------
    ValueError
        For invalid presets or a reduction outside [0, 60].

    Examples
    --------
    >>> figure = plot_side_by_side(("healthy", "type_2_diabetes"), 20)
    >>> [ax.get_title() for ax in figure.axes[:2]]
    ['Healthy', 'Type 2 diabetes']
    """
    chosen = _check_presets(presets)
    if len(chosen) > 3:
        raise ValueError(f"presets must hold 1 to 3 presets; got {len(chosen)}")
    reduction = _check_reduction(reduction_percent)
    if figure is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(5.0 * len(chosen), 6.6), layout="constrained")
        FigureCanvasAgg(figure)
    axes = figure.subplots(2, len(chosen), sharex=True, squeeze=False)
    columns = []
    for column, preset in enumerate(chosen):
        artists = draw_comparison(
            axes[0, column], axes[1, column], compare_ogtt(preset, reduction), legend=False
        )
        axes[0, column].set_title(PRESET_LABELS[preset], fontsize=10)
        columns.append(artists)
    first = columns[0]
    handles = [
        first.baseline_glucose,
        first.reduced_glucose,
        first.baseline_marker,
        first.reduced_marker,
    ]
    labels = [
        "before: the preset's own sensitivity (dashed)",
        f"after: sensitivity {reduction_label(reduction)} lower (solid)",
        "2-h value before (circle)",
        "2-h value after (diamond)",
    ]
    figure.legend(handles, labels, loc="outside upper center", ncol=2, fontsize=8, frameon=False)
    figure.comparison_artists = columns
    return figure


# --------------------------------------------------------------------------------------------
# The figure built once
# --------------------------------------------------------------------------------------------


@dataclass
class OgttFigure:
    """The demo figure, built by :func:`build_ogtt_figure`; :meth:`update` moves its artists.

    The figure has no title and no notes: what is shown (:attr:`title`) and the 2-h values
    (:func:`summary_text`) are in the frame's caption, so a live update redraws only the lines
    and markers.
    """

    figure: object
    ax_glucose: object
    ax_insulin: object
    artists: ComparisonArtists
    comparison: OgttComparison

    @property
    def title(self) -> str:
        """What the figure shows, in words (:func:`frame_title`); the caption starts with it."""
        return frame_title(self.comparison.preset, self.comparison.reduction_percent)

    @property
    def changing_artists(self) -> list:
        """The artists :meth:`update` changes: the four lines and the two 2-h markers."""
        artists = self.artists
        return [
            artists.baseline_glucose,
            artists.baseline_insulin,
            artists.reduced_glucose,
            artists.reduced_insulin,
            artists.baseline_marker,
            artists.reduced_marker,
        ]

    def prepare_live(self, dpi: float) -> None:
        """Ready the figure for live updates at ``dpi``: declare the artists that change and
        draw the background of every preset's axis limits now, so that no later change (a
        new preset included) needs a full draw. Leaves what is shown as it was."""
        renderer = live_renderer(self.figure)
        renderer.expect_changes(self.changing_artists)
        shown = self.ax_glucose.get_ylim(), self.ax_insulin.get_ylim()
        for preset in PRESET_LABELS:
            glucose_top, insulin_top = axis_limits(preset)
            self.ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
            self.ax_insulin.set_ylim(0, insulin_top)
            renderer.rgba(dpi)
        self.ax_glucose.set_ylim(shown[0])
        self.ax_insulin.set_ylim(shown[1])

    def update(self, preset: str, reduction_percent: float) -> None:
        """Show ``preset`` with sensitivity lowered by ``reduction_percent``.

        Only line and marker data, the (hidden) notes and (for a new preset) the y limits
        change; no artist or figure is created.

        Raises
        ------
        ValueError
            For an unknown preset or a reduction outside [0, 60].
        """
        comparison = compare_ogtt(preset, reduction_percent)
        if comparison.preset != self.comparison.preset:
            glucose_top, insulin_top = axis_limits(comparison.preset)
            self.ax_glucose.set_ylim(_GLUCOSE_FLOOR_MG_DL, glucose_top)
            self.ax_insulin.set_ylim(0, insulin_top)
        self.artists.update(comparison)
        self.comparison = comparison

    def png(self, dpi: float, colours: int | None = 64, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (same pixels; see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`).
        """
        if live:
            return live_png_bytes(self.figure, dpi, colours)
        return figure_to_png_bytes(self.figure, dpi, colours)


def build_ogtt_figure(
    preset: str = "healthy", reduction_percent: float = BUXTON_IVGTT_REDUCTION_PERCENT
) -> OgttFigure:
    """Build the demo figure once: glucose above, insulin below, baseline dashed.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot, so it never shows up twice in a notebook and needs no closing.

    Raises
    ------
    ValueError
        For an unknown preset or a reduction outside [0, 60].

    Examples
    --------
    >>> build_ogtt_figure("healthy", 20).title
    'Healthy preset: insulin sensitivity 20 % lower'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    comparison = compare_ogtt(preset, reduction_percent)
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions: a layout engine would re-run on every render. The right margin holds
    # the labels of the ADA lines; the legend sits above the glucose axes.
    ax_glucose = figure.add_axes((0.10, 0.51, 0.73, 0.38))
    ax_insulin = figure.add_axes((0.10, 0.13, 0.73, 0.30), sharex=ax_glucose)
    artists = draw_comparison(ax_glucose, ax_insulin, comparison, notes=False)
    return OgttFigure(
        figure=figure,
        ax_glucose=ax_glucose,
        ax_insulin=ax_insulin,
        artists=artists,
        comparison=comparison,
    )


def frame_caption(ogtt_figure: OgttFigure) -> str:
    """The caption under a frame: what is shown (:attr:`OgttFigure.title`), then the 2-h
    values (:func:`summary_text`).

    Examples
    --------
    >>> frame_caption(build_ogtt_figure("healthy", 20))[:62]
    'Healthy preset: insulin sensitivity 20 % lower. 2-h glucose 99'
    """
    return f"{ogtt_figure.title}. {summary_text(ogtt_figure.comparison)}"


def frame_html(
    ogtt_figure: OgttFigure, dpi: float, colours: int | None = 64, *, live: bool = False
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then the caption
    (:func:`frame_caption`).

    ``live`` is passed on to :meth:`OgttFigure.png`.

    Examples
    --------
    >>> text = frame_html(build_ogtt_figure(), dpi=20)
    >>> text.startswith('<figure style="margin: 0;"><img alt="Two line charts')
    True
    """
    png = ogtt_figure.png(check_dpi(dpi), colours, live=live)
    alt = frame_alt_text(ogtt_figure.comparison)
    caption = frame_caption(ogtt_figure)
    return static_frame_html(png, alt, caption, max_width_px=FIGSIZE_IN[0] * 100)


def render_frames(
    presets: Sequence[str] = tuple(PRESET_LABELS),
    reductions: Sequence[float] = STATIC_REDUCTIONS_PERCENT,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 48,
) -> dict[str, tuple[str, ...]]:
    """HTML frames (image with alt text, and a caption) for every preset × reduction.

    One figure is built and moved from frame to frame.

    Parameters
    ----------
    presets : sequence of str, default all three presets
        Distinct keys of :data:`insulinlab.meal.PRESETS`.
    reductions : sequence of float, default :data:`STATIC_REDUCTIONS_PERCENT`
        2 to 12 strictly increasing reductions of insulin sensitivity, in [0, 60] percent.
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default 48
        Palette size of each PNG, in [16, 256] (fewer = smaller).

    Returns
    -------
    dict
        For each preset, in order, a tuple of one HTML fragment per reduction.

    Raises
    ------
    ValueError
        If an argument is invalid; the message names it.
    """
    chosen_presets = _check_presets(presets)
    chosen = _check_reductions(reductions)
    resolution = check_dpi(dpi)
    palette_size = check_colours(colours)
    ogtt_figure = build_ogtt_figure(chosen_presets[0], chosen[0])
    frames = {}
    for preset in chosen_presets:
        preset_frames = []
        for reduction in chosen:
            ogtt_figure.update(preset, reduction)
            preset_frames.append(frame_html(ogtt_figure, resolution, palette_size))
        frames[preset] = tuple(preset_frames)
    return frames


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>An OGTT with lower insulin sensitivity.</strong> Glucose (top) and insulin "
        "(bottom) for three hours after a 75-g glucose drink. The dashed curve is the preset at "
        "its own insulin sensitivity; the solid curve is the same person with sensitivity "
        "lowered by the chosen percentage. The dashed horizontal lines are the ADA 2-hour "
        f"thresholds. {html.escape(TEACHING_MODEL_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


def ogtt_sensitivity_explorer(*, dpi: float = LIVE_DPI):
    """Build the live demo: a preset selector and a 0–60 % sensitivity-reduction slider.

    The figure is built once (:func:`build_ogtt_figure`); releasing the slider
    (``continuous_update=False``) or choosing a preset re-simulates the OGTT, moves the
    artists with ``set_data`` and re-renders the picture. It opens on the healthy preset at
    20 % lower sensitivity, rendered at construction, so a page saved with its widget state
    shows that view; responding needs a running kernel (use :func:`ogtt_sensitivity_static`
    for the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the preset ``ToggleButtons``, the reduction ``IntSlider``
        and the frame (HTML: picture with alt text and a summary). The :class:`OgttFigure` is
        kept on the box as ``box.ogtt_figure``.

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = check_dpi(dpi)
    ogtt_figure = build_ogtt_figure("healthy", BUXTON_IVGTT_REDUCTION_PERCENT)
    low, high = REDUCTION_RANGE_PERCENT
    presets = widgets.ToggleButtons(
        options=[(label, preset) for preset, label in PRESET_LABELS.items()],
        value="healthy",
        description="Preset",
        style={"description_width": "initial", "button_width": "auto"},
    )
    slider = widgets.IntSlider(
        value=BUXTON_IVGTT_REDUCTION_PERCENT,
        min=int(low),
        max=int(high),
        step=LIVE_STEP_PERCENT,
        description="Insulin sensitivity lowered by (%)",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="34em"),
    )
    ogtt_figure.prepare_live(resolution)
    frame = widgets.HTML(value=frame_html(ogtt_figure, resolution, live=True))

    def refresh(_change=None) -> None:
        ogtt_figure.update(presets.value, slider.value)
        frame.value = frame_html(ogtt_figure, resolution, live=True)

    presets.observe(refresh, names="value")
    slider.observe(refresh, names="value")
    box = widgets.VBox([widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), presets, slider, frame])
    box.ogtt_figure = ogtt_figure
    return box


def ogtt_sensitivity_static(
    presets: Sequence[str] = tuple(PRESET_LABELS),
    reductions: Sequence[float] = STATIC_REDUCTIONS_PERCENT,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 48,
):
    """Build the no-kernel demo: precomputed frames for every preset × reduction.

    An outer ``ipywidgets.Stack`` holds one inner ``Stack`` per preset, and each inner stack
    one HTML frame per reduction (the picture with alt text, and a one-sentence summary).
    ``ToggleButtons`` choose the preset: their ``index`` is linked to the outer stack's
    ``selected_index`` with ``jslink``. A ``SelectionSlider`` whose options are
    ``(label, index)`` pairs (``"0 %"``, ``"10 %"``, …) chooses the reduction: its ``index``
    is linked to every inner stack's ``selected_index``. The links live in the saved widget
    state, so the controls work on the static site with no kernel; the same cell works
    unchanged in a live kernel. It opens on the first preset at 20 % when 20 is sampled,
    else at the first reduction.

    Each frame is a 48-colour PNG of about 13 KB at 80 dpi, so the default 18 frames make
    roughly 300 KB of widget state.

    Parameters
    ----------
    presets : sequence of str, default all three presets
        Distinct keys of :data:`insulinlab.meal.PRESETS`, in button order.
    reductions : sequence of float, default :data:`STATIC_REDUCTIONS_PERCENT`
        2 to 12 strictly increasing reductions, in [0, 60] percent.
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 48
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the preset ``ToggleButtons``, the reduction
        ``SelectionSlider`` and the outer ``Stack``. The ``jslink`` objects are kept on the
        box as ``box.links`` (the preset link first).

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

    chosen_presets = _check_presets(presets)
    chosen = _check_reductions(reductions)
    frames = render_frames(chosen_presets, chosen, dpi=dpi, colours=colours)
    start = chosen.index(BUXTON_IVGTT_REDUCTION_PERCENT) if 20.0 in chosen else 0
    buttons = widgets.ToggleButtons(
        options=[(PRESET_LABELS[preset], index) for index, preset in enumerate(chosen_presets)],
        index=0,
        description="Preset",
        style={"description_width": "initial", "button_width": "auto"},
    )
    slider = widgets.SelectionSlider(
        options=[(reduction_label(value), index) for index, value in enumerate(chosen)],
        index=start,
        description="Insulin sensitivity lowered by",
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
    "BUXTON_IVGTT_REDUCTION_PERCENT",
    "DURATION_MIN",
    "FIGSIZE_IN",
    "LIVE_DPI",
    "LIVE_STEP_PERCENT",
    "LIVE_UPDATE_NOTE",
    "PRESET_LABELS",
    "REDUCTION_RANGE_PERCENT",
    "STATIC_DPI",
    "STATIC_NOTE",
    "STATIC_REDUCTIONS_PERCENT",
    "TEACHING_MODEL_NOTE",
    "TWO_HOURS_MIN",
    "ComparisonArtists",
    "OgttComparison",
    "OgttFigure",
    "axis_limits",
    "build_ogtt_figure",
    "compare_ogtt",
    "draw_comparison",
    "frame_alt_text",
    "frame_caption",
    "frame_html",
    "frame_title",
    "ogtt_sensitivity_explorer",
    "ogtt_sensitivity_static",
    "plot_side_by_side",
    "reduction_label",
    "render_frames",
    "sensitivity_scale",
    "style_ogtt_axes",
    "summary_text",
]
