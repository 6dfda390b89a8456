"""The chapter 10 demo: pulsatile vs continuous GH exposure, lipolysis (FFA) and glucose.

**A QUALITATIVE teaching model**, labelled as such in every frame. The model lives in
:mod:`insulinlab.growth_hormone`; this module only runs it for a chosen setting and draws it.
Exposure is extra GH in relative units (multiples of a normal mean GH level), never a dose,
a product or a schedule.

- :func:`run_exposure` runs the same total GH exposure as pulses and as a steady level
  (:func:`insulinlab.growth_hormone.compare_exposure_patterns`), with one of the two assumed
  response curves of :data:`insulinlab.growth_hormone.RESPONSE_CURVES`, and adds the glucose
  readout for a person with limited β-cell reserve
  (:func:`insulinlab.growth_hormone.glucose_readout`). :func:`summary_text`,
  :func:`frame_title` and :func:`frame_alt_text` turn a run into plain sentences (pure,
  unit-tested).
- :func:`draw_exposure` is the pure drawing function: on four given axes it draws GH, plasma
  FFA, insulin sensitivity and fasting glucose over three days for both patterns, and returns
  its artists as :class:`ExposureArtists`, whose ``update`` moves them to another run without
  creating new ones.
- :func:`build_exposure_figure` builds the demo figure once (a plain Agg ``Figure``, never a
  pyplot one); :meth:`ExposureFigure.update` moves it to another setting.
- :func:`gh_exposure_explorer` is the live widget (needs a running kernel): response curve,
  exposure level, pulses per day and an antilipolytic block, each applied on release
  (``continuous_update=False``); its frames (:func:`live_frame_html`) are blitted and state
  the title and the means as text.
- :func:`gh_exposure_static` precomputes one frame per response curve × sampled exposure level
  into nested ``ipywidgets.Stack`` s linked with ``jslink`` to ``ToggleButtons`` (curve) and a
  ``SelectionSlider`` (level), so it responds on the static site with no kernel (see
  ``STATIC_WIDGETS.md``).
- :func:`plot_curves_side_by_side` is the chapter's static figure: both response curves at one
  exposure level, side by side.

Colour is never the only cue: pulses are solid, the steady level is dashed, the legend and the
notes name them, and every frame is an ``<img>`` whose alt text states the key numbers.

Sources
-------
GH is diabetogenic mainly through lipolysis; an antilipolytic drug (acipimox) reversed the
effect (Vila et al. 2019, doi:10.3389/fendo.2019.00509). Lipolysis tracked GH pulse amplitude
and area in fasting humans (Goldenberg et al. 2022, doi:10.1186/s40842-022-00137-y). Model
equations and presets: :mod:`insulinlab.growth_hormone` (illustrative constants, not fitted).

For education only; not medical advice, and no dosing information.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from insulinlab import growth_hormone as gh
from insulinlab import hyperbola
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

CURVE_LABELS = {
    "saturating": "Saturating response",
    "sigmoidal": "Threshold (sigmoidal) response",
}
"""A short label for each preset of :data:`insulinlab.growth_hormone.RESPONSE_CURVES`."""

LEVEL_RANGE = (0.25, 6.0)
"""Accepted mean extra GH levels, in multiples of a normal mean GH level."""

LIVE_LEVEL_STEP = 0.25
"""Step of the live exposure slider."""

STATIC_LEVELS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
"""The mean extra GH levels precomputed for the no-kernel form."""

FIGURE_LEVEL = 2.0
"""The mean extra GH level of the chapter's static figure and of the widgets' first view."""

PULSES_PER_DAY = 3
"""Pulses per day of the pulsatile pattern (the live widget lets the reader change it)."""

PULSES_RANGE = (1, 8)
"""Pulses per day offered by the live widget."""

DAYS = 3
"""Length of every run, in days; the first day is build-up and left out of the means."""

BURN_IN_DAYS = 1
"""Whole days left out of the means."""

POINTS_PER_HOUR = 4
"""Output resolution of each run."""

FIGSIZE_IN = (7.2, 7.0)
"""Size of the demo figure, inches."""

LIVE_DPI = 80
"""Resolution of the live widget's image."""

STATIC_DPI = 72
"""Resolution of each precomputed frame of the no-kernel form."""

QUALITATIVE_LABEL = "QUALITATIVE teaching model: relative units, not patient data, not doses"
"""Printed on every frame."""

TEACHING_MODEL_NOTE = (
    "A QUALITATIVE teaching model, not a patient: exposure is extra growth hormone in multiples "
    "of a normal mean level, never a dose. Both patterns deliver the same total exposure. Which "
    "one drives more fat breakdown here follows from the response curve we assume, not from a "
    "validated human result. Glucose uses the course's hyperbola rule for a person with little "
    "spare β-cell capacity; with ample capacity glucose would stay at 5.0 mmol/L and insulin "
    "would rise instead."
)

LIVE_UPDATE_NOTE = (
    "The controls need a running kernel (use the launch buttons). On the static site, use the "
    "no-kernel version of this demo."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a response curve with the buttons and an "
    "exposure level with the slider (drag it, or click it and use the arrow keys). Each picture "
    "was computed when the page was built."
)

PULSATILE_COLOUR = PALETTE["vermillion"]
CONTINUOUS_COLOUR = PALETTE["blue"]
REFERENCE_COLOUR = "#8c8c8c"
_BURN_IN_SHADE = "#f0f0f0"
_ROW_LIMITS = {"ffa": (0.8, 3.2), "sensitivity": (0.55, 1.05), "glucose": (4.7, 7.0)}
_NOTE_BOX = {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#bdbdbd"}


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_curve(curve: object) -> str:
    if not isinstance(curve, str) or curve not in CURVE_LABELS:
        raise ValueError(f"curve must be one of {tuple(CURVE_LABELS)}; got {curve!r}")
    return curve


def _check_level(level: object, name: str = "mean_level") -> float:
    return check_range(name, level, *LEVEL_RANGE, "× normal mean GH level")


def _check_pulses(pulses: object) -> int:
    low, high = PULSES_RANGE
    if isinstance(pulses, bool) or not isinstance(pulses, int | np.integer):
        raise ValueError(
            f"pulses_per_day must be a whole number in [{low}, {high}]; got {pulses!r}"
        )
    check_range("pulses_per_day", pulses, low, high, "pulses/day")
    return int(pulses)


def _check_block(block: object) -> float:
    return check_range("lipolysis_block", block, 0.0, 1.0, "(fraction)")


def _check_levels(levels: object) -> tuple[float, ...]:
    low, high = LEVEL_RANGE
    accepted = f"a sequence of 2 to 9 strictly increasing levels in [{low:g}, {high:g}]"
    if isinstance(levels, (str, bytes)) or not isinstance(levels, Sequence):
        raise ValueError(f"levels must be {accepted}; got {levels!r}")
    if not 2 <= len(levels) <= 9:
        raise ValueError(f"levels must be {accepted}; got {len(levels)} values")
    checked = tuple(_check_level(value, "levels[…]") for value in levels)
    if any(later <= earlier for earlier, later in zip(checked, checked[1:], strict=False)):
        raise ValueError(f"levels must be {accepted}; got {levels!r}")
    return checked


def _check_curves(curves: object) -> tuple[str, ...]:
    accepted = f"a non-empty sequence of distinct curves from {tuple(CURVE_LABELS)}"
    if isinstance(curves, (str, bytes)) or not isinstance(curves, Sequence) or not curves:
        raise ValueError(f"curves must be {accepted}; got {curves!r}")
    checked = tuple(_check_curve(curve) for curve in curves)
    if len(set(checked)) != len(checked):
        raise ValueError(f"curves must be {accepted}; got {curves!r}")
    return checked


# --------------------------------------------------------------------------------------------
# Pure computations and labels
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExposureRun:
    """One setting of the demo: pulses vs a steady level at equal total GH exposure.

    Attributes
    ----------
    curve : str
        A key of :data:`insulinlab.growth_hormone.RESPONSE_CURVES`.
    mean_level : float
        Mean extra GH level (multiples of a normal mean GH level), equal for both patterns.
    pulses_per_day : int
        Pulses per day of the pulsatile pattern.
    lipolysis_block : float
        Fraction of GH-driven lipolysis blocked (stands for an antilipolytic drug).
    comparison : insulinlab.growth_hormone.ExposureComparison
        Both time courses and their means after the first day.
    pulsatile_glucose, continuous_glucose : insulinlab.growth_hormone.GlucoseReadout
        The glucose readout (limited β-cell reserve) along each time course.
    """

    curve: str
    mean_level: float
    pulses_per_day: int
    lipolysis_block: float
    comparison: gh.ExposureComparison
    pulsatile_glucose: gh.GlucoseReadout
    continuous_glucose: gh.GlucoseReadout

    def _mean(self, series: np.ndarray) -> float:
        run = self.comparison.pulsatile
        return gh._time_average(run.t_hours, series, self.comparison.averaged_from_hours)

    @property
    def pulsatile_mean_glucose_mmol_l(self) -> float:
        """Mean fasting glucose (limited reserve) after the first day, pulses, mmol/L."""
        return self._mean(self.pulsatile_glucose.fasting_glucose_mmol_l)

    @property
    def continuous_mean_glucose_mmol_l(self) -> float:
        """Mean fasting glucose (limited reserve) after the first day, steady level, mmol/L."""
        return self._mean(self.continuous_glucose.fasting_glucose_mmol_l)

    @property
    def more_lipolysis(self) -> str:
        """``"pulses"``, ``"steady level"`` or ``"neither"`` (means within 0.5 %)."""
        pulses = self.comparison.pulsatile_mean_lipolysis
        steady = self.comparison.continuous_mean_lipolysis
        if math.isclose(pulses, steady, rel_tol=5e-3):
            return "neither"
        return "pulses" if pulses > steady else "steady level"


@functools.lru_cache(maxsize=256)
def _run(curve: str, level: float, pulses: int, block: float) -> ExposureRun:
    comparison = gh.compare_exposure_patterns(
        days=DAYS,
        total_exposure=level * DAYS,
        pulses_per_day=pulses,
        params=gh.response_curve(curve),
        lipolysis_block=block,
        points_per_hour=POINTS_PER_HOUR,
        burn_in_days=BURN_IN_DAYS,
    )
    return ExposureRun(
        curve=curve,
        mean_level=level,
        pulses_per_day=pulses,
        lipolysis_block=block,
        comparison=comparison,
        pulsatile_glucose=gh.glucose_readout(comparison.pulsatile.insulin_sensitivity_relative),
        continuous_glucose=gh.glucose_readout(comparison.continuous.insulin_sensitivity_relative),
    )


def run_exposure(
    curve: str = "saturating",
    mean_level: float = FIGURE_LEVEL,
    pulses_per_day: int = PULSES_PER_DAY,
    lipolysis_block: float = 0.0,
) -> ExposureRun:
    """Run the qualitative GH model for one setting: pulses vs a steady level, same exposure.

    Three days, the first left out of the means; results are cached.

    Parameters
    ----------
    curve : {"saturating", "sigmoidal"}, default "saturating"
        The assumed GH → lipolysis response (:data:`insulinlab.growth_hormone.RESPONSE_CURVES`).
    mean_level : float, default 2.0
        Mean extra GH level, in [0.25, 6] multiples of a normal mean GH level (not a dose).
    pulses_per_day : int, default 3
        Pulses per day of the pulsatile pattern, in [1, 8].
    lipolysis_block : float, default 0
        Fraction of GH-driven lipolysis blocked, in [0, 1] (stands for an antilipolytic drug).

    Returns
    -------
    ExposureRun

    Raises
    ------
    ValueError
        If an argument is outside its range; the message names it.

    Examples
    --------
    >>> run_exposure("saturating", 2.0).more_lipolysis
    'steady level'
    >>> run_exposure("sigmoidal", 2.0).more_lipolysis
    'pulses'
    """
    return _run(
        _check_curve(curve),
        _check_level(mean_level),
        _check_pulses(pulses_per_day),
        _check_block(lipolysis_block),
    )


def level_label(mean_level: float) -> str:
    """A level as a label, e.g. ``"2 ×"`` or ``"1.5 ×"``.

    Examples
    --------
    >>> level_label(2.0), level_label(1.5), level_label(0.25)
    ('2 ×', '1.5 ×', '0.25 ×')
    """
    return f"{float(mean_level):g} ×"


def frame_title(run: ExposureRun) -> str:
    """The figure title for a run.

    Examples
    --------
    >>> frame_title(run_exposure("sigmoidal", 2.0))
    'Threshold (sigmoidal) response, extra GH 2 × the normal mean level'
    """
    level = level_label(run.mean_level)
    title = f"{CURVE_LABELS[run.curve]}, extra GH {level} the normal mean level"
    if run.pulses_per_day != PULSES_PER_DAY:
        title += f", {run.pulses_per_day} pulse{'s' if run.pulses_per_day > 1 else ''}/day"
    if run.lipolysis_block > 0:
        title += f", {run.lipolysis_block:.0%} of GH-driven lipolysis blocked"
    return title


def _lipolysis_phrase(run: ExposureRun) -> str:
    comparison = run.comparison
    pulses, steady = comparison.pulsatile_mean_lipolysis, comparison.continuous_mean_lipolysis
    if run.more_lipolysis == "neither":
        return f"pulses and the steady level drive about the same lipolysis ({pulses:.2f} × basal)"
    return (
        f"{'pulses' if run.more_lipolysis == 'pulses' else 'the steady level'} drive"
        f"{'' if run.more_lipolysis == 'pulses' else 's'} more lipolysis "
        f"(mean {pulses:.2f} × basal with pulses, {steady:.2f} × with the steady level)"
    )


def summary_text(run: ExposureRun) -> str:
    """One plain sentence comparing the two patterns (means after the first day).

    Examples
    --------
    >>> summary_text(run_exposure("saturating", 2.0))
    'Same total GH: the steady level drives more lipolysis (mean 2.20 × basal with pulses, 2.33 × with the steady level); insulin sensitivity 0.72 vs 0.69 of normal; fasting glucose with limited β-cell reserve 5.9 vs 6.1 mmol/L (qualitative model).'
    """  # noqa: E501
    comparison = run.comparison
    return (
        f"Same total GH: {_lipolysis_phrase(run)}; insulin sensitivity "
        f"{comparison.pulsatile_mean_insulin_sensitivity:.2f} vs "
        f"{comparison.continuous_mean_insulin_sensitivity:.2f} of normal; fasting glucose with "
        f"limited β-cell reserve {run.pulsatile_mean_glucose_mmol_l:.1f} vs "
        f"{run.continuous_mean_glucose_mmol_l:.1f} mmol/L (qualitative model)."
    )


def frame_alt_text(run: ExposureRun) -> str:
    """Alt text for one frame: what the four charts show, with the key numbers.

    Examples
    --------
    >>> text = frame_alt_text(run_exposure("sigmoidal", 2.0))
    >>> "pulses drive more lipolysis" in text
    True
    """
    comparison = run.comparison
    pulses, steady = comparison.pulsatile, comparison.continuous
    return (
        f"Four stacked line charts over {DAYS} days from a qualitative teaching model. "
        f"{frame_title(run)}. In each chart a solid line shows growth hormone given as "
        f"{run.pulses_per_day} pulse{'s' if run.pulses_per_day > 1 else ''} a day and a dashed "
        "line the same total given as a steady level; the first day is shaded as build-up. "
        f"Top: growth hormone; the pulses peak at {float(np.max(pulses.gh)):.1f} while the "
        f"steady level sits at {float(np.max(steady.gh)):.1f}. Second: plasma fatty acids, "
        f"relative to basal; {_lipolysis_phrase(run)}. Third: insulin sensitivity, relative to "
        f"normal, averaging {comparison.pulsatile_mean_insulin_sensitivity:.2f} with pulses and "
        f"{comparison.continuous_mean_insulin_sensitivity:.2f} with the steady level. Bottom: "
        "fasting glucose for a person with limited β-cell reserve, averaging "
        f"{run.pulsatile_mean_glucose_mmol_l:.1f} and {run.continuous_mean_glucose_mmol_l:.1f} "
        "mmol/L, against a grey line at 5.0 mmol/L where glucose would stay with ample reserve."
    )


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


@dataclass
class ExposureArtists:
    """The artists :func:`draw_exposure` creates; :meth:`update` moves them to another run."""

    axes: tuple
    pulsatile_lines: tuple
    continuous_lines: tuple
    ffa_note: object
    glucose_note: object

    def update(self, run: ExposureRun) -> None:
        """Show ``run``: line data, notes and the GH axis limit change; nothing is created."""
        pulses, steady = run.comparison.pulsatile, run.comparison.continuous
        for lines, simulation, glucose in (
            (self.pulsatile_lines, pulses, run.pulsatile_glucose),
            (self.continuous_lines, steady, run.continuous_glucose),
        ):
            series = _series(simulation, glucose)
            for line, values in zip(lines, series, strict=True):
                line.set_data(simulation.t_hours, values)
        self.axes[0].set_ylim(0, _gh_top(run))
        self.ffa_note.set_text(_ffa_note(run))
        self.glucose_note.set_text(_glucose_note(run))


def _series(simulation: gh.GHSimulation, glucose: gh.GlucoseReadout) -> tuple:
    return (
        simulation.gh,
        simulation.ffa,
        simulation.insulin_sensitivity_relative,
        glucose.fasting_glucose_mmol_l,
    )


GH_TOPS = (0.6, 1.2, 2.5, 5.0, 10.0, 20.0, 40.0, 70.0, 110.0)
"""The upper limits the GH row may take: the smallest that leaves the headroom is used."""

_GH_HEADROOM = 1.55  # the peak stays below 1/1.55 of the row: room for the legend and label


def _gh_top(run: ExposureRun) -> float:
    """The GH row's upper limit: the smallest of :data:`GH_TOPS` above the peak's headroom.

    A few fixed limits, so a live widget keeps one cached background per limit.
    """
    peak = max(float(np.max(run.comparison.pulsatile.gh)), run.mean_level)
    needed = _GH_HEADROOM * peak
    return next((top for top in GH_TOPS if top >= needed), needed)


def _ffa_note(run: ExposureRun) -> str:
    comparison = run.comparison
    return (
        f"mean after day 1: pulses {comparison.pulsatile_mean_ffa:.2f}, "
        f"steady {comparison.continuous_mean_ffa:.2f}"
    )


def _glucose_note(run: ExposureRun) -> str:
    return (
        f"mean after day 1: pulses {run.pulsatile_mean_glucose_mmol_l:.2f}, "
        f"steady {run.continuous_mean_glucose_mmol_l:.2f} mmol/L"
    )


def style_exposure_axes(axes: Sequence) -> None:
    """Prepare the four rows: labels, fixed limits, the build-up shading and the 5.0 line.

    Parameters
    ----------
    axes : sequence of four matplotlib.axes.Axes
        GH, FFA, insulin sensitivity and glucose, top to bottom, sharing the time axis.

    Raises
    ------
    ValueError
        If ``axes`` does not hold exactly four axes.
    """
    if len(axes) != 4:
        raise ValueError(f"axes must hold 4 axes (GH, FFA, sensitivity, glucose); got {len(axes)}")
    ax_gh, ax_ffa, ax_si, ax_glucose = axes
    labels = (
        "Extra GH\n(× normal mean)",
        "Plasma FFA\n(× basal)",
        "Insulin sensitivity\n(× normal)",
        "Fasting glucose\n(mmol/L)",
    )
    hours = DAYS * gh.HOURS_PER_DAY
    for ax, label in zip(axes, labels, strict=True):
        ax.axvspan(0, BURN_IN_DAYS * gh.HOURS_PER_DAY, color=_BURN_IN_SHADE, zorder=0, lw=0)
        ax.set_ylabel(label, fontsize=8)
        ax.set_xlim(0, hours)
        ax.set_xticks(np.arange(0, hours + 1, 12))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.tick_params(labelsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    ax_gh.text(
        BURN_IN_DAYS * gh.HOURS_PER_DAY / 2,
        0.97,
        "day 1: build-up\n(left out of the means)",
        transform=ax_gh.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize=7,
        color="#555555",
    )
    ax_ffa.axhline(1.0, color=REFERENCE_COLOUR, linewidth=0.8, linestyle=":")
    ax_si.axhline(1.0, color=REFERENCE_COLOUR, linewidth=0.8, linestyle=":")
    ax_glucose.axhline(
        hyperbola.GLUCOSE_SET_POINT_MMOL_L, color=REFERENCE_COLOUR, linewidth=1.2, zorder=1
    )
    ax_glucose.text(
        0.99,
        hyperbola.GLUCOSE_SET_POINT_MMOL_L - 0.05,
        "ample β-cell reserve: stays at 5.0 (more insulin instead)",
        transform=ax_glucose.get_yaxis_transform(),
        ha="right",
        va="top",
        fontsize=7,
        color="#555555",
    )
    ax_ffa.set_ylim(*_ROW_LIMITS["ffa"])
    ax_si.set_ylim(*_ROW_LIMITS["sensitivity"])
    ax_glucose.set_ylim(*_ROW_LIMITS["glucose"])
    ax_glucose.set_xlabel("Hours", fontsize=8)


def draw_exposure(axes: Sequence, run: ExposureRun, *, legend: bool = True) -> ExposureArtists:
    """Draw one run on four axes (GH, FFA, insulin sensitivity, glucose), pulses solid.

    Parameters
    ----------
    axes : sequence of four matplotlib.axes.Axes
        Top to bottom, sharing the time axis.
    run : ExposureRun
        From :func:`run_exposure`.
    legend : bool, default True
        Put a legend on the top axes.

    Returns
    -------
    ExposureArtists
        The lines (one per row and pattern) and the two notes.
    """
    style_exposure_axes(axes)
    pulses, steady = run.comparison.pulsatile, run.comparison.continuous
    pulsatile_lines, continuous_lines = [], []
    for ax, p_values, c_values in zip(
        axes,
        _series(pulses, run.pulsatile_glucose),
        _series(steady, run.continuous_glucose),
        strict=True,
    ):
        (c_line,) = ax.plot(
            steady.t_hours, c_values, color=CONTINUOUS_COLOUR, linestyle="--", linewidth=1.6
        )
        (p_line,) = ax.plot(pulses.t_hours, p_values, color=PULSATILE_COLOUR, linewidth=1.3)
        pulsatile_lines.append(p_line)
        continuous_lines.append(c_line)
    axes[0].set_ylim(0, _gh_top(run))
    notes = []
    for ax, text in ((axes[1], _ffa_note(run)), (axes[3], _glucose_note(run))):
        notes.append(
            ax.text(
                0.99,
                0.95,
                text,
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=7,
                bbox=_NOTE_BOX,
            )
        )
    if legend:
        axes[0].legend(
            [pulsatile_lines[0], continuous_lines[0]],
            ["pulses (solid)", "steady level, same total (dashed)"],
            loc="upper right",
            fontsize=7,
            frameon=True,
        )
    return ExposureArtists(
        axes=tuple(axes),
        pulsatile_lines=tuple(pulsatile_lines),
        continuous_lines=tuple(continuous_lines),
        ffa_note=notes[0],
        glucose_note=notes[1],
    )


# --------------------------------------------------------------------------------------------
# The figure built once
# --------------------------------------------------------------------------------------------


@dataclass
class ExposureFigure:
    """The demo figure, built by :func:`build_exposure_figure`; :meth:`update` moves it."""

    figure: object
    artists: ExposureArtists
    title: object
    run: ExposureRun

    def update(
        self,
        curve: str,
        mean_level: float,
        pulses_per_day: int = PULSES_PER_DAY,
        lipolysis_block: float = 0.0,
    ) -> None:
        """Show another setting; only data, notes, the GH limit and the title change.

        Raises
        ------
        ValueError
            If an argument is outside its range (see :func:`run_exposure`).
        """
        run = run_exposure(curve, mean_level, pulses_per_day, lipolysis_block)
        self.artists.update(run)
        self.title.set_text(frame_title(run))
        self.run = run

    def png(self, dpi: float, colours: int | None = 48, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`); a figure is rendered either
        always live or never.
        """
        if live:
            return live_png_bytes(self.figure, dpi, colours)
        return figure_to_png_bytes(self.figure, dpi, colours)


def build_exposure_figure(
    curve: str = "saturating", mean_level: float = FIGURE_LEVEL
) -> ExposureFigure:
    """Build the demo figure once: four rows sharing a three-day time axis.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot. Every frame carries :data:`QUALITATIVE_LABEL`.

    Raises
    ------
    ValueError
        For an unknown curve or a level outside [0.25, 6].

    Examples
    --------
    >>> build_exposure_figure("sigmoidal", 1.0).title.get_text()
    'Threshold (sigmoidal) response, extra GH 1 × the normal mean level'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    run = run_exposure(curve, mean_level)
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions: a layout engine would re-run on every render.
    axes = [figure.add_axes((0.14, 0.735 - 0.205 * row, 0.82, 0.17)) for row in range(4)]
    for ax in axes[1:]:
        ax.sharex(axes[0])
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    artists = draw_exposure(axes, run)
    title = figure.text(0.5, 0.985, frame_title(run), ha="center", va="top", fontsize=9)
    figure.text(
        0.5,
        0.955,
        QUALITATIVE_LABEL,
        ha="center",
        va="top",
        fontsize=8,
        fontweight="bold",
        color="#444444",
    )
    return ExposureFigure(figure=figure, artists=artists, title=title, run=run)


def frame_html(
    exposure_figure: ExposureFigure, dpi: float, colours: int | None = 48, *, live: bool = False
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then the summary sentence.

    Examples
    --------
    >>> text = frame_html(build_exposure_figure(), dpi=20)
    >>> text.startswith('<figure style="margin: 0;"><img alt="Four stacked line charts')
    True
    """
    png = exposure_figure.png(check_dpi(dpi), colours, live=live)
    run = exposure_figure.run
    return static_frame_html(
        png, frame_alt_text(run), summary_text(run), max_width_px=FIGSIZE_IN[0] * 100
    )


def live_frame_html(exposure_figure: ExposureFigure, dpi: float, colours: int = 48) -> str:
    """The live widget's frame: the title as text, the picture (blitted, see
    :func:`frame_html`) with alt text, then the summary and the two rows' means as a caption.

    The live figure hides its title and notes (they change with every setting; text is quicker
    to send than to draw), so they are stated here.

    Examples
    --------
    >>> text = live_frame_html(build_exposure_figure(), dpi=20)
    >>> "<strong>Saturating response, extra GH 2 × the normal mean level</strong>" in text
    True
    """
    png = exposure_figure.png(check_dpi(dpi), colours, live=True)
    run = exposure_figure.run
    caption = (
        f"{summary_text(run)} Plasma FFA (× basal), {_ffa_note(run)}. Fasting glucose, "
        f"{_glucose_note(run)}."
    )
    heading = (
        f'<p style="margin: 0 0 0.3em 0;"><strong>{html.escape(frame_title(run))}</strong></p>'
    )
    picture = static_frame_html(png, frame_alt_text(run), caption, max_width_px=FIGSIZE_IN[0] * 100)
    return f"<div>{heading}{picture}</div>"


def render_frames(
    curves: Sequence[str] = tuple(CURVE_LABELS),
    levels: Sequence[float] = STATIC_LEVELS,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 40,
) -> dict[str, tuple[str, ...]]:
    """HTML frames (image with alt text, and a caption) for every curve × level.

    One figure is built and moved from frame to frame.

    Parameters
    ----------
    curves : sequence of str, default both presets
        Distinct keys of :data:`insulinlab.growth_hormone.RESPONSE_CURVES`.
    levels : sequence of float, default :data:`STATIC_LEVELS`
        2 to 9 strictly increasing mean extra GH levels in [0.25, 6].
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default 40
        Palette size of each PNG, in [16, 256] (fewer = smaller).

    Returns
    -------
    dict
        For each curve, in order, a tuple of one HTML fragment per level.

    Raises
    ------
    ValueError
        If an argument is invalid; the message names it.
    """
    chosen_curves = _check_curves(curves)
    chosen = _check_levels(levels)
    resolution = check_dpi(dpi)
    palette_size = check_colours(colours)
    exposure_figure = build_exposure_figure(chosen_curves[0], chosen[0])
    frames = {}
    for curve in chosen_curves:
        curve_frames = []
        for level in chosen:
            exposure_figure.update(curve, level)
            curve_frames.append(frame_html(exposure_figure, resolution, palette_size))
        frames[curve] = tuple(curve_frames)
    return frames


def plot_curves_side_by_side(
    curves: Sequence[str] = tuple(CURVE_LABELS),
    mean_level: float = FIGURE_LEVEL,
    *,
    figure=None,
):
    """The chapter's static figure: one column per response curve, four rows each.

    Parameters
    ----------
    curves : sequence of str, default both presets
        1 or 2 distinct keys of :data:`insulinlab.growth_hormone.RESPONSE_CURVES`.
    mean_level : float, default 2.0
        Mean extra GH level, in [0.25, 6].
    figure : matplotlib.figure.Figure, optional
        An empty figure to draw on (use ``layout="constrained"``); by default a new Agg
        ``Figure``, not registered with pyplot.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``figure.exposure_artists`` holds one :class:`ExposureArtists` per column.

    Raises
    ------
    ValueError
        For invalid curves or a level out of range.

    Examples
    --------
    >>> figure = plot_curves_side_by_side()
    >>> [ax.get_title() for ax in figure.axes[:2]]
    ['Saturating response', 'Threshold (sigmoidal) response']
    """
    chosen = _check_curves(curves)
    if len(chosen) > 2:
        raise ValueError(f"curves must hold 1 or 2 curves; got {len(chosen)}")
    level = _check_level(mean_level)
    if figure is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(5.0 * len(chosen), 7.6), layout="constrained")
        FigureCanvasAgg(figure)
    grid = figure.subplots(4, len(chosen), sharex=True, squeeze=False)
    columns = []
    for column, curve in enumerate(chosen):
        axes = list(grid[:, column])
        columns.append(draw_exposure(axes, run_exposure(curve, level), legend=False))
        axes[0].set_title(CURVE_LABELS[curve], fontsize=10)
    first = columns[0]
    figure.legend(
        [first.pulsatile_lines[0], first.continuous_lines[0]],
        [
            f"{PULSES_PER_DAY} pulses a day (solid)",
            f"steady level, same total: {level_label(level)} the normal mean (dashed)",
        ],
        loc="outside lower center",
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    figure.suptitle(QUALITATIVE_LABEL, fontsize=9, fontweight="bold")
    figure.exposure_artists = columns
    return figure


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>Pulses or a steady level of growth hormone (QUALITATIVE teaching "
        "model).</strong> Top to bottom: extra growth hormone, plasma fatty acids (FFA, from fat "
        "breakdown), insulin sensitivity and fasting glucose, over three days. Solid lines: the "
        "GH comes in pulses; dashed lines: the same total as a steady level. "
        f"{html.escape(TEACHING_MODEL_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


def _prepare_live(exposure_figure: ExposureFigure, dpi: float) -> None:
    """Ready the figure for live frames (:func:`live_frame_html`).

    The title and the two notes change with every setting, and drawing their glyphs would cost
    more than the rest of a frame: the live frame states them as text beside the picture
    instead, and the figure hides them. The lines are declared as changing, and the background
    of every GH limit the controls can reach is drawn now, so no change needs a full draw.
    """
    artists = exposure_figure.artists
    for text in (exposure_figure.title, artists.ffa_note, artists.glucose_note):
        text.set_visible(False)
    renderer = live_renderer(exposure_figure.figure)
    renderer.expect_changes([*artists.pulsatile_lines, *artists.continuous_lines])
    low = _gh_top(run_exposure(mean_level=LEVEL_RANGE[0], pulses_per_day=PULSES_RANGE[1]))
    high = _gh_top(run_exposure(mean_level=LEVEL_RANGE[1], pulses_per_day=PULSES_RANGE[0]))
    ax_gh = artists.axes[0]
    current = ax_gh.get_ylim()
    for top in GH_TOPS:
        if low <= top <= high and top != current[1]:
            ax_gh.set_ylim(0, top)
            renderer.rgba(dpi)
    ax_gh.set_ylim(*current)


def gh_exposure_explorer(*, dpi: float = LIVE_DPI):
    """Build the live demo: response curve, exposure level, pulses per day, antilipolytic block.

    The figure is built once (:func:`build_exposure_figure`); releasing a slider
    (``continuous_update=False``) or choosing a curve re-runs the model, moves the lines with
    ``set_data`` and re-renders the picture by blitting (only the lines are redrawn; the
    backgrounds of every GH limit are drawn at construction). The title and the two rows'
    means are stated as text with the picture (:func:`live_frame_html`). It opens on the
    saturating curve at 2 × the normal mean level, rendered at construction, so a page saved
    with its widget state shows that view; responding needs a running kernel (use
    :func:`gh_exposure_static` for the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the curve ``ToggleButtons``, the level ``FloatSlider``, the
        pulses ``IntSlider``, the block ``IntSlider`` (percent) and the frame (HTML). The
        :class:`ExposureFigure` is kept on the box as ``box.exposure_figure``.

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = check_dpi(dpi)
    exposure_figure = build_exposure_figure("saturating", FIGURE_LEVEL)
    wide = {"style": {"description_width": "initial"}, "layout": widgets.Layout(width="34em")}
    curves = widgets.ToggleButtons(
        options=[(label, curve) for curve, label in CURVE_LABELS.items()],
        value="saturating",
        description="Assumed response curve",
        style={"description_width": "initial", "button_width": "auto"},
    )
    level = widgets.FloatSlider(
        value=FIGURE_LEVEL,
        min=LEVEL_RANGE[0],
        max=LEVEL_RANGE[1],
        step=LIVE_LEVEL_STEP,
        description="Extra GH (× normal mean level)",
        continuous_update=False,
        **wide,
    )
    pulses = widgets.IntSlider(
        value=PULSES_PER_DAY,
        min=PULSES_RANGE[0],
        max=PULSES_RANGE[1],
        description="Pulses per day",
        continuous_update=False,
        **wide,
    )
    block = widgets.IntSlider(
        value=0,
        min=0,
        max=100,
        step=10,
        description="GH-driven lipolysis blocked (%)",
        continuous_update=False,
        **wide,
    )
    _prepare_live(exposure_figure, resolution)
    frame = widgets.HTML(value=live_frame_html(exposure_figure, resolution))

    def refresh(_change=None) -> None:
        exposure_figure.update(curves.value, level.value, pulses.value, block.value / 100)
        frame.value = live_frame_html(exposure_figure, resolution)

    for control in (curves, level, pulses, block):
        control.observe(refresh, names="value")
    header = widgets.HTML(_header_html(LIVE_UPDATE_NOTE))
    box = widgets.VBox([header, curves, level, pulses, block, frame])
    box.exposure_figure = exposure_figure
    return box


def gh_exposure_static(
    curves: Sequence[str] = tuple(CURVE_LABELS),
    levels: Sequence[float] = STATIC_LEVELS,
    *,
    dpi: float = STATIC_DPI,
    colours: int = 40,
):
    """Build the no-kernel demo: precomputed frames for every response curve × exposure level.

    An outer ``ipywidgets.Stack`` holds one inner ``Stack`` per curve, and each inner stack one
    HTML frame per level (the picture with alt text, and a one-sentence summary).
    ``ToggleButtons`` choose the curve: their ``index`` is linked to the outer stack's
    ``selected_index`` with ``jslink``. A ``SelectionSlider`` whose options are
    ``(label, index)`` pairs (``"0.5 ×"``, ``"1 ×"``, …) chooses the level: its ``index`` is
    linked to every inner stack's ``selected_index``. The links live in the saved widget state,
    so the controls work on the static site with no kernel. It opens on the first curve at
    2 × when 2 is sampled, else at the first level.

    Parameters
    ----------
    curves : sequence of str, default both presets
        Distinct keys of :data:`insulinlab.growth_hormone.RESPONSE_CURVES`, in button order.
    levels : sequence of float, default :data:`STATIC_LEVELS`
        2 to 9 strictly increasing mean extra GH levels in [0.25, 6].
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 40
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the curve ``ToggleButtons``, the level ``SelectionSlider``
        and the outer ``Stack``. The ``jslink`` objects are kept on the box as ``box.links``
        (the curve link first).

    Raises
    ------
    ValueError
        If an argument is invalid.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (nested Stacks linked with ``jslink``). Model:
    :mod:`insulinlab.growth_hormone`.
    """
    import ipywidgets as widgets

    chosen_curves = _check_curves(curves)
    chosen = _check_levels(levels)
    frames = render_frames(chosen_curves, chosen, dpi=dpi, colours=colours)
    start = chosen.index(FIGURE_LEVEL) if FIGURE_LEVEL in chosen else 0
    buttons = widgets.ToggleButtons(
        options=[(CURVE_LABELS[curve], index) for index, curve in enumerate(chosen_curves)],
        index=0,
        description="Assumed response curve",
        style={"description_width": "initial", "button_width": "auto"},
    )
    slider = widgets.SelectionSlider(
        options=[(level_label(value), index) for index, value in enumerate(chosen)],
        index=start,
        description="Extra GH (× normal mean level)",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="34em"),
    )
    rows = [frames[curve] for curve in chosen_curves]
    outer, _, links = nested_linked_stacks(buttons, slider, rows)
    box = widgets.VBox([widgets.HTML(_header_html(STATIC_NOTE)), buttons, slider, outer])
    box.links = links
    return box


__all__ = [
    "BURN_IN_DAYS",
    "CURVE_LABELS",
    "DAYS",
    "FIGSIZE_IN",
    "FIGURE_LEVEL",
    "GH_TOPS",
    "LEVEL_RANGE",
    "LIVE_DPI",
    "LIVE_LEVEL_STEP",
    "LIVE_UPDATE_NOTE",
    "PULSES_PER_DAY",
    "PULSES_RANGE",
    "QUALITATIVE_LABEL",
    "STATIC_DPI",
    "STATIC_LEVELS",
    "STATIC_NOTE",
    "TEACHING_MODEL_NOTE",
    "ExposureArtists",
    "ExposureFigure",
    "ExposureRun",
    "build_exposure_figure",
    "draw_exposure",
    "frame_alt_text",
    "frame_html",
    "frame_title",
    "gh_exposure_explorer",
    "gh_exposure_static",
    "level_label",
    "live_frame_html",
    "plot_curves_side_by_side",
    "render_frames",
    "run_exposure",
    "style_exposure_axes",
    "summary_text",
]
