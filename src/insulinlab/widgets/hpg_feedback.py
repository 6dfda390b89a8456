"""The chapter 08 demo: the HPG feedback loop under testosterone, an aromatase inhibitor and hCG.

The model lives in :mod:`insulinlab.hpg` (a qualitative teaching model in relative units:
1.0 = an untreated man's steady state); this module only runs it for named scenarios,
summarises the runs in words and draws them.

- :class:`Scenario` and :data:`SCENARIOS` name the settings the chapter discusses (untreated,
  exogenous testosterone at two levels, stopping it, adding an LH analogue, an aromatase
  inhibitor alone and with testosterone). :func:`run_scenario`, :func:`readout`,
  :func:`summary_text` and :func:`frame_alt_text` are pure and unit-tested.
- :func:`draw_hpg` draws one run on two given axes (testosterone above; LH and oestradiol
  below) and returns a :class:`HPGArtists`, whose ``update`` redraws the same artists for
  another run.
- :func:`build_hpg_figure` builds the demo figure once (a plain Agg ``Figure``, never a pyplot
  one); :meth:`HPGFigure.update` moves it to another scenario.
- :func:`hpg_feedback_explorer` is the live widget: sliders for exogenous testosterone,
  aromatase inhibition and an LH analogue, and a check box that stops the testosterone on day
  90 (``continuous_update=False``); it needs a running kernel.
- :func:`hpg_feedback_static` precomputes one frame per scenario into an ``ipywidgets.Stack``
  whose ``selected_index`` is linked with ``jslink`` to ``ToggleButtons``, so it responds on the
  static site with no kernel (``STATIC_WIDGETS.md``).
- Static figures: :func:`plot_axis_diagram` (the feedback loop and where each treatment acts)
  and :func:`plot_scenario_bars` (steady states side by side). The trials themselves are data
  in :mod:`insulinlab.evidence` (drawn with its ``forest_plot``).

Colour is never the only cue: every series has its own line style and a legend entry, every
bar is labelled with its value, and every frame has alt text stating the key numbers.

Sources
-------
Model: :mod:`insulinlab.hpg` (every parameter illustrative; see its docstring for the
sources of the feedback structure). The scenario notes paraphrase the chapter's sources:
WHO Task Force 1990, *Lancet* 336:955–959, doi:10.1016/0140-6736(90)92416-F (testosterone
suppresses sperm production); Burnett-Bowie et al. 2009, *J Clin Endocrinol Metab*
94:4785–4792, doi:10.1210/jc.2009-0739, and *Clin Endocrinol* 70:116–123,
doi:10.1111/j.1365-2265.2008.03327.x (anastrozole in older men); Finkelstein et al. 2013,
*N Engl J Med* 369:1011–1022, doi:10.1056/NEJMoa1206168 (oestradiol and fat mass in men).

For education only; not medical advice. Nothing here is a dose: every input is a relative
level in a teaching model.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from insulinlab import hpg
from insulinlab._validate import check_range
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    check_dpi,
    figure_to_png_bytes,
    linked_stack,
    live_png_bytes,
    live_renderer,
)
from insulinlab.widgets.static_stack import frame_html as static_frame_html

DAYS = 180
"""Length of every simulated course, in days."""

STOP_DAY = 90
"""Day on which the "stopped" scenarios switch exogenous testosterone off."""

POINTS_PER_DAY = 2
"""Output resolution of every run (points per day)."""

EXOGENOUS_RANGE = (0.0, 3.0)
"""Exogenous testosterone accepted by the demo, relative to normal own production."""

AROMATASE_RANGE = (0.0, 1.0)
"""Aromatase inhibition accepted by the demo (fraction of aromatisation blocked)."""

LH_ANALOGUE_RANGE = (0.0, 2.0)
"""LH analogue (hCG-like stimulus) accepted by the demo, relative to normal LH."""

FIGSIZE_IN = (7.2, 5.0)
"""Size of the demo figure, inches."""

LIVE_DPI = 90
"""Resolution of the live widget's image."""

STATIC_DPI = 72
"""Resolution of each precomputed frame of the no-kernel form."""

TEACHING_MODEL_NOTE = (
    "A qualitative teaching model, not a patient: every level is relative to an untreated "
    "man's steady state (1.0), the rates are illustrative, and no input is a dose. It leaves "
    "out FSH, sperm production, SHBG and the pulsatile rhythm of GnRH and LH."
)

LIVE_UPDATE_NOTE = (
    "The sliders need a running kernel (use the launch buttons). On the static site, use the "
    "no-kernel version of this demo above."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a scenario with the buttons. Each picture was "
    "computed when the page was built."
)

TOTAL_COLOUR = PALETTE["black"]
OWN_COLOUR = PALETTE["blue"]
EXOGENOUS_COLOUR = PALETTE["orange"]
LH_COLOUR = PALETTE["vermillion"]
OESTRADIOL_COLOUR = PALETTE["bluish_green"]
_REFERENCE_COLOUR = "#8c8c8c"
_GRID_COLOUR = "#e5e5e5"
TOP_LIMITS = (3.5, 5.0)
"""Upper limits the testosterone axes may take (relative units): the smallest that leaves 10 %
headroom above the highest total testosterone is used, so a live widget needs only a few
backgrounds; 5.0 holds every setting of the live sliders."""

BOTTOM_LIMITS = (2.5, 3.5, 5.0)
"""Upper limits the LH and oestradiol axes may take, chosen as for :data:`TOP_LIMITS`."""


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One setting of the HPG teaching model, with a name and what to look for.

    Parameters
    ----------
    key : str
        Identifier (``"custom"`` for a live-widget setting).
    label : str
        Short name, used on the buttons and as the figure title.
    exogenous_testosterone : float
        Exogenous testosterone relative to normal own production, in [0, 3].
    aromatase_inhibition : float
        Fraction of aromatisation blocked, in [0, 1].
    lh_analogue : float
        LH-like stimulus to the testes (stands for hCG) relative to normal LH, in [0, 2].
    stop_day : float or None
        Day on which exogenous testosterone stops, in (0, :data:`DAYS`); None = never.
    note : str
        One or two sentences on what the scenario shows and what the model leaves out.

    Raises
    ------
    ValueError
        If a level is out of range or ``stop_day`` is set without exogenous testosterone.
    """

    key: str
    label: str
    exogenous_testosterone: float = 0.0
    aromatase_inhibition: float = 0.0
    lh_analogue: float = 0.0
    stop_day: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        check_range("exogenous_testosterone", self.exogenous_testosterone, *EXOGENOUS_RANGE, "")
        check_range("aromatase_inhibition", self.aromatase_inhibition, *AROMATASE_RANGE, "")
        check_range("lh_analogue", self.lh_analogue, *LH_ANALOGUE_RANGE, "")
        if self.stop_day is not None:
            check_range("stop_day", self.stop_day, 0, DAYS, "days", low_inclusive=False)
            if self.stop_day >= DAYS or self.exogenous_testosterone == 0:
                raise ValueError(
                    f"stop_day must be before day {DAYS} and needs exogenous testosterone "
                    f"above 0; got stop_day={self.stop_day!r}"
                )


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "untreated",
        "Untreated",
        note="Every level sits at 1.0: the loop is in balance.",
    ),
    Scenario(
        "small_supply",
        "Small external supply",
        exogenous_testosterone=0.5,
        note=(
            "A small external supply is partly cancelled: the testes make less, so total "
            "testosterone rises by less than the amount added."
        ),
    ),
    Scenario(
        "exogenous",
        "Testosterone 2×",
        exogenous_testosterone=2.0,
        note=(
            "Total testosterone doubles, but LH and the testes' own production almost vanish. "
            "Outside the model, FSH and sperm production are suppressed too."
        ),
    ),
    Scenario(
        "stopped",
        "2×, stopped on day 90",
        exogenous_testosterone=2.0,
        stop_day=STOP_DAY,
        note=(
            "After stopping, total testosterone dips below normal until the suppressed testes "
            "recover, and LH briefly overshoots. How long this takes in real men varies and "
            "is not predicted by this model."
        ),
    ),
    Scenario(
        "with_lh_analogue",
        "2× + LH analogue (hCG-like)",
        exogenous_testosterone=2.0,
        lh_analogue=1.0,
        note=(
            "An LH-like stimulus keeps the testes working while the pituitary's own LH stays "
            "suppressed, and total testosterone rises further. Controlled trials of such "
            "add-ons during testosterone therapy are lacking."
        ),
    ),
    Scenario(
        "aromatase_inhibitor",
        "Aromatase inhibitor alone",
        aromatase_inhibition=0.8,
        note=(
            "Less oestradiol means weaker feedback, so LH and own testosterone rise. In trials "
            "in older men, anastrozole lowered spine bone density and did not improve body "
            "composition or strength; the model shows none of that."
        ),
    ),
    Scenario(
        "exogenous_with_ai",
        "2× + aromatase inhibitor",
        exogenous_testosterone=2.0,
        aromatase_inhibition=0.8,
        note=(
            "Oestradiol is pushed below the untreated level even though total testosterone is "
            "high. Oestrogen deficiency in men is linked to fat gain and bone loss."
        ),
    ),
)
"""The scenarios of the no-kernel demo and the static bar chart, in button order."""

SCENARIO_KEYS: tuple[str, ...] = tuple(scenario.key for scenario in SCENARIOS)
"""The keys of :data:`SCENARIOS`, in order."""

BAR_SCENARIO_KEYS: tuple[str, ...] = tuple(
    scenario.key for scenario in SCENARIOS if scenario.stop_day is None
)
"""Scenarios with constant inputs (a steady state exists): the static bar chart's groups."""


def scenario(key: str) -> Scenario:
    """The scenario of :data:`SCENARIOS` with this key.

    Raises
    ------
    ValueError
        If there is no such scenario.

    Examples
    --------
    >>> scenario("exogenous").exogenous_testosterone
    2.0
    """
    for candidate in SCENARIOS:
        if candidate.key == key:
            return candidate
    raise ValueError(f"key must be one of {SCENARIO_KEYS}; got {key!r}")


def _check_keys(keys: object, allowed: Sequence[str] = SCENARIO_KEYS) -> tuple[str, ...]:
    accepted = f"a sequence of 1 to 9 distinct keys from {tuple(allowed)}"
    if isinstance(keys, (str, bytes)) or not isinstance(keys, Sequence):
        raise ValueError(f"keys must be {accepted}; got {keys!r}")
    chosen = tuple(keys)
    if not 1 <= len(chosen) <= 9 or len(set(chosen)) != len(chosen):
        raise ValueError(f"keys must be {accepted}; got {keys!r}")
    for key in chosen:
        if key not in allowed:
            raise ValueError(f"keys must be {accepted}; got {key!r}")
    return chosen


def custom_scenario(
    exogenous_testosterone: float = 0.0,
    aromatase_inhibition: float = 0.0,
    lh_analogue: float = 0.0,
    *,
    stop_on_day_90: bool = False,
) -> Scenario:
    """A :class:`Scenario` for a live-widget setting, labelled with its levels.

    Stopping needs exogenous testosterone: with none, ``stop_on_day_90`` is ignored.

    Raises
    ------
    ValueError
        If a level is out of range.

    Examples
    --------
    >>> custom_scenario(1.5, 0.2).label
    'Testosterone 1.5×, aromatase inhibition 20 %'
    """
    exogenous = check_range("exogenous_testosterone", exogenous_testosterone, *EXOGENOUS_RANGE, "")
    inhibition = check_range("aromatase_inhibition", aromatase_inhibition, *AROMATASE_RANGE, "")
    analogue = check_range("lh_analogue", lh_analogue, *LH_ANALOGUE_RANGE, "")
    parts = []
    if exogenous:
        parts.append(f"Testosterone {exogenous:g}×")
        if stop_on_day_90:
            parts[-1] += f", stopped on day {STOP_DAY}"
    if inhibition:
        parts.append(f"aromatase inhibition {100 * inhibition:.0f} %")
    if analogue:
        parts.append(f"LH analogue {analogue:g}×")
    label = ", ".join(parts) if parts else "Untreated"
    levels = (exogenous, inhibition, analogue)
    notes = [note for level, note in zip(levels, _NOTES, strict=True) if level]
    return Scenario(
        "custom",
        label[0].upper() + label[1:],
        exogenous_testosterone=exogenous,
        aromatase_inhibition=inhibition,
        lh_analogue=analogue,
        stop_day=STOP_DAY if (stop_on_day_90 and exogenous) else None,
        note=" ".join(notes),
    )


_NOTES = (
    "Outside the model, external testosterone also suppresses FSH and sperm production.",
    "Outside the model, lowering oestradiol in men costs bone density and adds fat mass.",
    "Controlled trials of LH-like add-ons (hCG) during testosterone therapy are lacking.",
)


def run_scenario(chosen: Scenario) -> hpg.HPGSimulation:
    """Simulate ``chosen`` for :data:`DAYS` days from the untreated steady state.

    Exogenous testosterone starts on day 0 (and stops on ``stop_day`` if set); the aromatase
    inhibition and the LH analogue are constant from day 0.

    Examples
    --------
    >>> run = run_scenario(scenario("exogenous"))
    >>> bool(run.lh[-1] < 0.1 < 2.0 < run.total_testosterone[-1])
    True
    """
    if not isinstance(chosen, Scenario):
        raise ValueError(f"chosen must be a Scenario; got {type(chosen).__name__}")
    return _simulate(
        chosen.exogenous_testosterone,
        chosen.aromatase_inhibition,
        chosen.lh_analogue,
        chosen.stop_day,
    )


@functools.lru_cache(maxsize=128)
def _simulate(
    exogenous_level: float, inhibition: float, analogue: float, stop_day: float | None
) -> hpg.HPGSimulation:
    """One run, cached by its inputs (a live widget often comes back to a setting); the
    arrays are read-only, as they are shared."""
    exogenous: hpg.RelativeInput = exogenous_level
    if stop_day is not None:
        exogenous = hpg.StepInput(exogenous_level, stop_day=stop_day)
    run = hpg.simulate(
        DAYS,
        exogenous_testosterone=exogenous,
        aromatase_inhibition=inhibition,
        lh_analogue=analogue,
        points_per_day=POINTS_PER_DAY,
    )
    for value in vars(run).values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return run


# --------------------------------------------------------------------------------------------
# Numbers and words
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readout:
    """Numbers read off one run (relative units, 1.0 = untreated man).

    Attributes
    ----------
    scenario : Scenario
        The scenario that was run.
    day : float
        The day the main values are read: the last day while treatment is on (the stop day
        for a stopped scenario, else :data:`DAYS`).
    lh, own_testosterone, exogenous_testosterone, total_testosterone, oestradiol : float
        Values on ``day``.
    recovery_dip, recovery_dip_day : float or None
        For a stopped scenario, the lowest total testosterone after stopping, and its day.
    lh_peak_after_stop : float or None
        For a stopped scenario, the highest LH after stopping.
    end_total_testosterone, end_lh : float
        Values on the last day, :data:`DAYS`.
    """

    scenario: Scenario
    day: float
    lh: float
    own_testosterone: float
    exogenous_testosterone: float
    total_testosterone: float
    oestradiol: float
    recovery_dip: float | None
    recovery_dip_day: float | None
    lh_peak_after_stop: float | None
    end_total_testosterone: float
    end_lh: float


def readout(chosen: Scenario, run: hpg.HPGSimulation | None = None) -> Readout:
    """Read the numbers the captions quote off a run of ``chosen`` (runs it if not given).

    Examples
    --------
    >>> numbers = readout(scenario("stopped"))
    >>> numbers.day, bool(numbers.recovery_dip < 1.0 < numbers.lh_peak_after_stop)
    (90.0, True)
    """
    run = run_scenario(chosen) if run is None else run
    t = run.t_days
    day = float(chosen.stop_day) if chosen.stop_day is not None else float(t[-1])
    # The last point while treatment is on (the stop day itself belongs to "off").
    index = int(np.searchsorted(t, day, side="left"))
    index = min(index, t.size - 1)
    dip = dip_day = lh_peak = None
    if chosen.stop_day is not None:
        after = t > chosen.stop_day
        lowest = int(np.argmin(np.where(after, run.total_testosterone, np.inf)))
        dip, dip_day = float(run.total_testosterone[lowest]), float(t[lowest])
        lh_peak = float(np.max(run.lh[after]))
    return Readout(
        scenario=chosen,
        day=float(t[index]),
        lh=float(run.lh[index]),
        own_testosterone=float(run.endogenous_testosterone[index]),
        exogenous_testosterone=float(run.exogenous_testosterone[index]),
        total_testosterone=float(run.total_testosterone[index]),
        oestradiol=float(run.oestradiol[index]),
        recovery_dip=dip,
        recovery_dip_day=dip_day,
        lh_peak_after_stop=lh_peak,
        end_total_testosterone=float(run.total_testosterone[-1]),
        end_lh=float(run.lh[-1]),
    )


def _times(value: float) -> str:
    return f"{value:.2f}×"


def summary_text(numbers: Readout) -> str:
    """The caption of a frame: the levels on the reading day, then the scenario's note.

    Examples
    --------
    >>> summary_text(readout(scenario("untreated"))).startswith("Day 180: total testosterone")
    True
    """
    text = (
        f"Day {numbers.day:.0f}: total testosterone {_times(numbers.total_testosterone)} "
        f"normal (own production {_times(numbers.own_testosterone)}), LH "
        f"{_times(numbers.lh)}, oestradiol {_times(numbers.oestradiol)}."
    )
    if numbers.recovery_dip is not None:
        text += (
            f" After stopping, total testosterone falls to {_times(numbers.recovery_dip)} "
            f"normal around day {numbers.recovery_dip_day:.0f} and LH peaks at "
            f"{_times(numbers.lh_peak_after_stop)}; by day {DAYS} they are "
            f"{_times(numbers.end_total_testosterone)} and {_times(numbers.end_lh)}."
        )
    if numbers.scenario.note:
        text += " " + numbers.scenario.note
    return text


def frame_alt_text(numbers: Readout) -> str:
    """Alt text for a frame: what the two charts show, with the key numbers.

    Examples
    --------
    >>> frame_alt_text(readout(scenario("exogenous")))[:40]
    'Two line charts over 180 days for the sc'
    """
    chosen = numbers.scenario
    text = (
        f"Two line charts over {DAYS} days for the scenario {chosen.label}, in relative units "
        "where 1 is an untreated man. Top: total testosterone (solid black), the testes' own "
        "production (dashed blue) and external testosterone (dotted orange). Bottom: LH (solid "
        "red) and oestradiol (dash-dot green). A grey line marks 1. "
        f"On day {numbers.day:.0f} total testosterone is {numbers.total_testosterone:.2f}, "
        f"own production {numbers.own_testosterone:.2f}, LH {numbers.lh:.2f} and oestradiol "
        f"{numbers.oestradiol:.2f}."
    )
    if numbers.recovery_dip is not None:
        text += (
            f" A vertical line marks the stop on day {chosen.stop_day:g}; total testosterone "
            f"then dips to {numbers.recovery_dip:.2f} and LH peaks at "
            f"{numbers.lh_peak_after_stop:.2f} before both return to about 1."
        )
    return text


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def _fixed_limit(limits: Sequence[float], highest: float) -> float:
    """The smallest of ``limits`` at least 1.1 × ``highest`` (that, beyond the last)."""
    needed = 1.1 * highest
    return next((limit for limit in limits if limit >= needed), needed)


def _top_limit(run: hpg.HPGSimulation) -> float:
    return _fixed_limit(TOP_LIMITS, float(np.max(run.total_testosterone)))


def _bottom_limit(run: hpg.HPGSimulation) -> float:
    return _fixed_limit(BOTTOM_LIMITS, float(max(np.max(run.lh), np.max(run.oestradiol))))


@dataclass
class HPGArtists:
    """The artists of one HPG drawing; :meth:`update` redraws them for another run.

    Built by :func:`draw_hpg`.
    """

    ax_testosterone: object
    ax_lh: object
    total: object
    own: object
    exogenous: object
    lh: object
    oestradiol: object
    stop_lines: tuple
    stop_label: object
    title: object = None
    numbers: Readout | None = None

    def update(self, chosen: Scenario, run: hpg.HPGSimulation | None = None) -> Readout:
        """Redraw every series for ``chosen`` (simulated unless ``run`` is given)."""
        run = run_scenario(chosen) if run is None else run
        t = run.t_days
        self.total.set_data(t, run.total_testosterone)
        self.own.set_data(t, run.endogenous_testosterone)
        self.exogenous.set_data(t, run.exogenous_testosterone)
        self.lh.set_data(t, run.lh)
        self.oestradiol.set_data(t, run.oestradiol)
        self.ax_testosterone.set_ylim(0, _top_limit(run))
        self.ax_lh.set_ylim(0, _bottom_limit(run))
        stopped = chosen.stop_day is not None
        for line in self.stop_lines:
            line.set_xdata([chosen.stop_day or 0.0] * 2)
            line.set_visible(stopped)
        self.stop_label.set_visible(stopped)
        if stopped:
            self.stop_label.set_x(chosen.stop_day)
        if self.title is not None:
            self.title.set_text(chosen.label)
        self.numbers = readout(chosen, run)
        return self.numbers


def _style_axes(ax, ylabel: str) -> None:
    ax.set_xlim(0, DAYS)
    ax.set_ylabel(ylabel, fontsize=8.5)
    ax.axhline(1.0, color=_REFERENCE_COLOUR, linewidth=1.0, zorder=1)
    ax.grid(True, color=_GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def draw_hpg(ax_testosterone, ax_lh, chosen: Scenario, *, legend: bool = True) -> HPGArtists:
    """Draw one scenario's run: testosterone on ``ax_testosterone``, LH and oestradiol below.

    Every level is relative (1.0 = untreated man, marked by a grey line); time runs over
    :data:`DAYS` days. A dotted vertical line marks the stop day of a stopped scenario.

    Parameters
    ----------
    ax_testosterone, ax_lh : matplotlib.axes.Axes
        Axes for the testosterone series (total, own production, external) and for LH and
        oestradiol. ``ax_lh`` carries the day axis.
    chosen : Scenario
        What to simulate.
    legend : bool, default True
        Put a legend to the right of each axes (the figure needs a right margin).

    Returns
    -------
    HPGArtists
        The artists; ``update`` redraws them for another scenario.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> top, bottom = Figure().subplots(2, 1)
    >>> artists = draw_hpg(top, bottom, scenario("exogenous"))
    >>> round(artists.numbers.total_testosterone, 2)
    2.13
    """
    if not isinstance(chosen, Scenario):
        raise ValueError(f"chosen must be a Scenario; got {type(chosen).__name__}")
    _style_axes(ax_testosterone, "testosterone\n(1 = untreated)")
    _style_axes(ax_lh, "LH and oestradiol\n(1 = untreated)")
    ax_lh.set_xlabel("day", fontsize=8.5)
    ax_testosterone.tick_params(labelbottom=False)
    (total,) = ax_testosterone.plot(
        [], [], color=TOTAL_COLOUR, linewidth=2.2, label="total testosterone", zorder=4
    )
    (own,) = ax_testosterone.plot(
        [], [], color=OWN_COLOUR, linewidth=1.8, linestyle="--", label="own production (testes)"
    )
    (exogenous,) = ax_testosterone.plot(
        [], [], color=EXOGENOUS_COLOUR, linewidth=1.8, linestyle=":", label="external supply"
    )
    (lh,) = ax_lh.plot([], [], color=LH_COLOUR, linewidth=2.0, label="LH (pituitary)")
    (oestradiol,) = ax_lh.plot(
        [], [], color=OESTRADIOL_COLOUR, linewidth=1.8, linestyle="-.", label="oestradiol"
    )
    stop_lines = tuple(
        ax.axvline(0.0, color=TOTAL_COLOUR, linestyle=":", linewidth=1.0, visible=False)
        for ax in (ax_testosterone, ax_lh)
    )
    stop_label = ax_testosterone.text(
        0.0,
        1.0,
        " stopped",
        transform=ax_testosterone.get_xaxis_transform(),
        fontsize=8,
        va="top",
        ha="left",
        visible=False,
    )
    if legend:
        for ax in (ax_testosterone, ax_lh):
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    artists = HPGArtists(
        ax_testosterone=ax_testosterone,
        ax_lh=ax_lh,
        total=total,
        own=own,
        exogenous=exogenous,
        lh=lh,
        oestradiol=oestradiol,
        stop_lines=stop_lines,
        stop_label=stop_label,
    )
    artists.update(chosen)
    return artists


@dataclass
class HPGFigure:
    """The demo figure, built once by :func:`build_hpg_figure`; :meth:`update` redraws it."""

    figure: object
    artists: HPGArtists

    @property
    def numbers(self) -> Readout:
        """The numbers of the scenario currently drawn."""
        return self.artists.numbers

    def update(self, chosen: Scenario) -> Readout:
        """Show another scenario (no artist or figure is created)."""
        return self.artists.update(chosen)

    def png(self, dpi: float, colours: int | None = 48, *, live: bool = False) -> bytes:
        """The figure as PNG bytes; with ``colours``, a palette PNG of that many colours.

        With ``live``, drawn by blitting and encoded faster (same pixels; see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`).
        """
        if live:
            return live_png_bytes(self.figure, dpi, colours)
        return figure_to_png_bytes(self.figure, dpi, colours)


def build_hpg_figure(chosen: Scenario | None = None) -> HPGFigure:
    """Build the demo figure once (a plain Agg figure, not registered with pyplot).

    Examples
    --------
    >>> build_hpg_figure().artists.title.get_text()
    'Testosterone 2×'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    chosen = scenario("exogenous") if chosen is None else chosen
    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed positions: a layout engine would re-run on every render; the right margin holds
    # the legends.
    ax_testosterone = figure.add_axes((0.12, 0.53, 0.56, 0.38))
    ax_lh = figure.add_axes((0.12, 0.10, 0.56, 0.36), sharex=ax_testosterone)
    artists = draw_hpg(ax_testosterone, ax_lh, chosen)
    artists.title = figure.text(0.40, 0.975, chosen.label, ha="center", va="top", fontsize=10)
    return HPGFigure(figure=figure, artists=artists)


def frame_html(
    hpg_figure: HPGFigure, dpi: float, colours: int | None = 48, *, live: bool = False
) -> str:
    """The figure as an ``<img>`` (PNG data URI) with alt text, then the summary caption.

    ``live`` is passed on to :meth:`HPGFigure.png`.

    Examples
    --------
    >>> text = frame_html(build_hpg_figure(), dpi=20)
    >>> text.startswith('<figure style="margin: 0;"><img alt="Two line charts')
    True
    """
    png = hpg_figure.png(check_dpi(dpi), colours, live=live)
    numbers = hpg_figure.numbers
    return static_frame_html(
        png, frame_alt_text(numbers), summary_text(numbers), max_width_px=FIGSIZE_IN[0] * 100
    )


def _prepare_live(hpg_figure: HPGFigure, dpi: float) -> None:
    """Ready the figure for live frames (:func:`live_frame_html`).

    The title (the setting's label) changes with every setting and drawing its glyphs would
    cost more than the rest of a frame: the live frame states it as text above the picture
    instead, and the figure hides it. The lines and the stop marks are declared as changing,
    and the background of every pair of axis limits (:data:`TOP_LIMITS` ×
    :data:`BOTTOM_LIMITS`) is drawn now, so no change needs a full draw.
    """
    artists = hpg_figure.artists
    artists.title.set_visible(False)
    renderer = live_renderer(hpg_figure.figure)
    renderer.expect_changes(
        [
            artists.total,
            artists.own,
            artists.exogenous,
            artists.lh,
            artists.oestradiol,
            *artists.stop_lines,
            artists.stop_label,
        ]
    )
    axes = (artists.ax_testosterone, artists.ax_lh)
    current = [ax.get_ylim() for ax in axes]
    for top in TOP_LIMITS:
        for bottom in BOTTOM_LIMITS:
            artists.ax_testosterone.set_ylim(0, top)
            artists.ax_lh.set_ylim(0, bottom)
            renderer.rgba(dpi)
    for ax, limits in zip(axes, current, strict=True):
        ax.set_ylim(*limits)


def live_frame_html(hpg_figure: HPGFigure, dpi: float, colours: int = 48) -> str:
    """The live widget's frame: the setting's label as text, then the picture (blitted) with
    alt text and the summary caption, as :func:`frame_html`.

    The live figure hides its title (it changes with every setting; text is quicker to send
    than to draw), so it is stated here.

    Examples
    --------
    >>> text = live_frame_html(build_hpg_figure(), dpi=20)
    >>> "<strong>Testosterone 2×</strong>" in text
    True
    """
    numbers = hpg_figure.numbers
    heading = (
        f'<p style="margin: 0 0 0.3em 0;"><strong>{html.escape(numbers.scenario.label)}'
        "</strong></p>"
    )
    return f"<div>{heading}{frame_html(hpg_figure, dpi, colours, live=True)}</div>"


def render_frames(
    keys: Sequence[str] = SCENARIO_KEYS, *, dpi: float = STATIC_DPI, colours: int = 48
) -> tuple[str, ...]:
    """HTML frames (picture with alt text, and a caption), one per scenario key, in order.

    One figure is built and redrawn from frame to frame.

    Raises
    ------
    ValueError
        If a key is unknown or repeated, or ``dpi``/``colours`` is out of range.
    """
    chosen = _check_keys(keys)
    resolution = check_dpi(dpi)
    palette_size = int(check_range("colours", colours, 16, 256, "colours"))
    hpg_figure = build_hpg_figure(scenario(chosen[0]))
    frames = []
    for key in chosen:
        hpg_figure.update(scenario(key))
        frames.append(frame_html(hpg_figure, resolution, palette_size))
    return tuple(frames)


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _header_html(note: str) -> str:
    return (
        "<p><strong>The testosterone feedback loop.</strong> Testosterone (top) and LH and "
        "oestradiol (bottom) over six months, all relative to an untreated man (grey line at "
        f"1). {html.escape(TEACHING_MODEL_NOTE)}<br><em>{html.escape(note)}</em></p>"
    )


_SLIDERS = {
    "exogenous": ("External testosterone (× own production)", EXOGENOUS_RANGE, 0.25, ".2f"),
    "aromatase": ("Aromatase inhibition (fraction blocked)", AROMATASE_RANGE, 0.1, ".1f"),
    "lh_analogue": ("LH analogue, hCG-like (× normal LH)", LH_ANALOGUE_RANGE, 0.25, ".2f"),
}
"""The live sliders: description, range, step and readout format."""

_SCENARIO_FIELDS = {
    "exogenous": "exogenous_testosterone",
    "aromatase": "aromatase_inhibition",
    "lh_analogue": "lh_analogue",
}


def hpg_feedback_explorer(*, dpi: float = LIVE_DPI):
    """Build the live demo: exogenous testosterone, aromatase inhibition and an LH analogue.

    Three ``FloatSlider`` s (``continuous_update=False``) and a ``Checkbox`` that stops the
    exogenous testosterone on day :data:`STOP_DAY`. The figure is built once
    (:func:`build_hpg_figure`); a change re-simulates and redraws its lines by blitting (the
    backgrounds of every pair of axis limits are drawn at construction), and the setting's
    label is stated as text above the picture (:func:`live_frame_html`). It opens on the
    "Testosterone 2×" scenario, rendered at construction, so a page saved with its widget
    state shows that view; responding needs a running kernel (use
    :func:`hpg_feedback_static` on the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the picture, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the sliders and the check box, and the frame (HTML). The
        :class:`HPGFigure` is kept on the box as ``box.hpg_figure`` and the controls as
        ``box.controls`` (a dict keyed ``"exogenous"``, ``"stop"``, ``"aromatase"``,
        ``"lh_analogue"``).

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    resolution = check_dpi(dpi)
    start = scenario("exogenous")
    hpg_figure = build_hpg_figure(start)

    def slider(name: str) -> object:
        description, (low, high), step, readout = _SLIDERS[name]
        return widgets.FloatSlider(
            value=getattr(start, _SCENARIO_FIELDS[name]),
            min=low,
            max=high,
            step=step,
            description=description,
            readout_format=readout,
            continuous_update=False,
            style={"description_width": "20em"},
            layout=widgets.Layout(width="40em"),
        )

    controls = {
        "exogenous": slider("exogenous"),
        "stop": widgets.Checkbox(
            value=False,
            description=f"Stop the external testosterone on day {STOP_DAY}",
            indent=False,
        ),
        "aromatase": slider("aromatase"),
        "lh_analogue": slider("lh_analogue"),
    }
    _prepare_live(hpg_figure, resolution)
    frame = widgets.HTML(value=live_frame_html(hpg_figure, resolution))

    def refresh(_change=None) -> None:
        hpg_figure.update(
            custom_scenario(
                controls["exogenous"].value,
                controls["aromatase"].value,
                controls["lh_analogue"].value,
                stop_on_day_90=controls["stop"].value,
            )
        )
        frame.value = live_frame_html(hpg_figure, resolution)

    for control in controls.values():
        control.observe(refresh, names="value")
    box = widgets.VBox([widgets.HTML(_header_html(LIVE_UPDATE_NOTE)), *controls.values(), frame])
    box.hpg_figure = hpg_figure
    box.controls = controls
    return box


def hpg_feedback_static(
    keys: Sequence[str] = SCENARIO_KEYS, *, dpi: float = STATIC_DPI, colours: int = 48
):
    """Build the no-kernel demo: one precomputed frame per scenario, chosen with buttons.

    An ``ipywidgets.Stack`` holds one HTML frame per scenario (picture with alt text, and a
    caption with the key numbers and what the model leaves out); the ``index`` of a
    ``ToggleButtons`` is linked to the stack's ``selected_index`` with ``jslink``, so the
    buttons work on the static site with no kernel, and the same cell works in a live kernel.
    It opens on the first scenario.

    Each frame is a 48-colour PNG of about 15 KB at 72 dpi, so the seven default frames make
    roughly 100 KB of widget state.

    Parameters
    ----------
    keys : sequence of str, default :data:`SCENARIO_KEYS`
        1 to 9 distinct scenario keys, in button order.
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 48
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the ``ToggleButtons`` and the ``Stack``. The ``jslink`` is
        kept on the box as ``box.links`` (a list of one).

    Raises
    ------
    ValueError
        If an argument is invalid.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (a ``Stack`` linked with ``jslink``). Model:
    :mod:`insulinlab.hpg`.
    """
    import ipywidgets as widgets

    chosen = _check_keys(keys)
    frames = render_frames(chosen, dpi=dpi, colours=colours)
    buttons = widgets.ToggleButtons(
        options=[(scenario(key).label, index) for index, key in enumerate(chosen)],
        index=0,
        description="Scenario",
        style={"description_width": "initial", "button_width": "auto"},
    )
    stack, link = linked_stack(buttons, frames)
    box = widgets.VBox([widgets.HTML(_header_html(STATIC_NOTE)), buttons, stack])
    box.links = [link]
    return box


# --------------------------------------------------------------------------------------------
# Static figure 1: the feedback loop
# --------------------------------------------------------------------------------------------

_BOXES = {
    "hypothalamus": ((0.0, 3.0), "Hypothalamus\nGnRH"),
    "pituitary": ((0.0, 1.75), "Pituitary\nLH and FSH"),
    "testes": ((0.0, 0.5), "Testes\ntestosterone, sperm"),
    "testosterone": ((3.0, 0.5), "Blood\ntestosterone"),
    "oestradiol": ((3.0, 2.4), "Oestradiol"),
}
_BOX_SIZE = (1.6, 0.7)


def _box(ax, key: str) -> None:
    from matplotlib.patches import FancyBboxPatch

    (x, y), text = _BOXES[key]
    width, height = _BOX_SIZE
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.04",
            facecolor="white",
            edgecolor=TOTAL_COLOUR,
            linewidth=1.2,
            zorder=3,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5, zorder=4)


def _arrow(ax, start, end, *, dashed=False, colour=TOTAL_COLOUR, rad=0.0, label=None, at=None):
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={
            "arrowstyle": "-|>",
            "color": colour,
            "linewidth": 1.4,
            "linestyle": "--" if dashed else "-",
            "connectionstyle": f"arc3,rad={rad}",
            "shrinkA": 2,
            "shrinkB": 2,
        },
        zorder=2,
    )
    if label:
        ax.text(
            *at,
            label,
            fontsize=8,
            ha="center",
            va="center",
            color=colour,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=5,
        )


def draw_axis_diagram(ax) -> None:
    """Draw the HPG feedback loop and where each treatment acts, on ``ax`` (no data axes).

    Solid arrows stimulate; dashed arrows marked "−" inhibit. Interventions are in shaded
    boxes, with an arrow to their point of action.
    """
    ax.set_xlim(-2.75, 5.75)
    ax.set_ylim(-0.1, 3.75)
    ax.set_aspect("equal")
    ax.axis("off")
    for key in _BOXES:
        _box(ax, key)
    half_w, half_h = _BOX_SIZE[0] / 2, _BOX_SIZE[1] / 2
    _arrow(ax, (0.0, 3.0 - half_h), (0.0, 1.75 + half_h), label="+", at=(0.22, 2.38))
    _arrow(ax, (0.0, 1.75 - half_h), (0.0, 0.5 + half_h), label="+", at=(0.22, 1.13))
    _arrow(ax, (half_w, 0.5), (3.0 - half_w, 0.5))
    _arrow(ax, (3.0, 0.5 + half_h), (3.0, 2.4 - half_h))
    ax.text(2.9, 1.45, "aromatase\n(fat tissue)", ha="right", va="center", fontsize=7.5)
    _arrow(ax, (3.0 - half_w, 0.5 + 0.2), (half_w, 1.75), dashed=True, label="−", at=(1.5, 1.2))
    _arrow(ax, (3.0 - half_w, 2.4 + 0.1), (half_w, 3.0), dashed=True, label="−", at=(1.5, 2.8))
    ax.text(
        1.5,
        3.6,
        "Negative feedback (dashed, −): testosterone and oestradiol slow GnRH and LH",
        ha="center",
        fontsize=7.5,
    )
    interventions = [
        (
            (-1.95, 2.45),
            "Gonadorelin (GnRH copy):\npulses stimulate,\nsteady exposure suppresses",
            (-half_w, 1.85),
        ),
        ((-1.95, 0.5), "hCG (LH-like):\nstimulates the testes", (-half_w, 0.5)),
        ((4.85, 0.5), "External\ntestosterone", (3.0 + half_w, 0.5)),
        ((4.85, 1.45), "Aromatase\ninhibitor:\nblocks this step", (3.05, 1.45)),
    ]
    for (x, y), text, target in interventions:
        ax.annotate(
            text,
            xy=target,
            xytext=(x, y),
            ha="center",
            va="center",
            fontsize=7.2,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "#fbe3c0", "edgecolor": "none"},
            arrowprops={"arrowstyle": "->", "color": EXOGENOUS_COLOUR, "linewidth": 1.3},
            zorder=6,
        )


def plot_axis_diagram(ax=None):
    """The static figure of the feedback loop (:func:`draw_axis_diagram`); returns the figure.

    With no ``ax``, a new Agg figure (not registered with pyplot) is made.
    """
    if ax is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(8.0, 3.8), layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.subplots()
    draw_axis_diagram(ax)
    return ax.figure


# --------------------------------------------------------------------------------------------
# Static figure 2: steady states side by side
# --------------------------------------------------------------------------------------------

BAR_SERIES = (
    ("lh", "LH", LH_COLOUR, ""),
    ("endogenous_testosterone", "own testosterone", OWN_COLOUR, "//"),
    ("total_testosterone", "total testosterone", TOTAL_COLOUR, ""),
    ("oestradiol", "oestradiol", OESTRADIOL_COLOUR, ".."),
)
"""The four bars of each group: attribute of :class:`insulinlab.hpg.HPGSteadyState`, label,
colour and hatch (colour is never the only cue)."""


def steady_states(keys: Sequence[str] = BAR_SCENARIO_KEYS) -> dict[str, hpg.HPGSteadyState]:
    """The steady state of each constant-input scenario, keyed by scenario key.

    Raises
    ------
    ValueError
        If a key is unknown or is a stopped scenario (it has no steady state of its own).

    Examples
    --------
    >>> round(steady_states(["exogenous"])["exogenous"].lh, 2)
    0.07
    """
    chosen = _check_keys(keys, BAR_SCENARIO_KEYS)
    return {
        key: hpg.steady_state(
            exogenous_testosterone=scenario(key).exogenous_testosterone,
            aromatase_inhibition=scenario(key).aromatase_inhibition,
            lh_analogue=scenario(key).lh_analogue,
        )
        for key in chosen
    }


def plot_scenario_bars(keys: Sequence[str] = BAR_SCENARIO_KEYS, ax=None):
    """Grouped bars of LH, own and total testosterone and oestradiol at steady state.

    One group per scenario, a grey line at 1 (untreated) and each bar's value written above
    it. Returns the figure (a new Agg figure when ``ax`` is None).
    """
    states = steady_states(keys)
    if ax is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(8.0, 4.0), layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.subplots()
    width = 0.2
    positions = np.arange(len(states))
    for offset, (attribute, label, colour, hatch) in enumerate(BAR_SERIES):
        values = [getattr(state, attribute) for state in states.values()]
        xs = positions + (offset - 1.5) * width
        ax.bar(
            xs,
            values,
            width,
            label=label,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
            zorder=3,
        )
        for x, value in zip(xs, values, strict=True):
            ax.text(x, value + 0.05, f"{value:.2f}", ha="center", va="bottom", fontsize=6.5)
    ax.axhline(1.0, color=_REFERENCE_COLOUR, linewidth=1.0, zorder=2)
    ax.set_xticks(positions, [scenario(key).label.replace(" + ", "\n+ ") for key in states])
    ax.tick_params(axis="x", labelsize=7.5)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylabel("steady state (1 = untreated man)", fontsize=8.5)
    top = max(getattr(state, a) for state in states.values() for a, *_ in BAR_SERIES)
    ax.set_ylim(0, 1.15 * top + 0.2)
    ax.grid(True, axis="y", color=_GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", ncol=4, fontsize=8, frameon=False)
    return ax.figure


__all__ = [
    "AROMATASE_RANGE",
    "BAR_SCENARIO_KEYS",
    "BAR_SERIES",
    "DAYS",
    "EXOGENOUS_RANGE",
    "FIGSIZE_IN",
    "LH_ANALOGUE_RANGE",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "BOTTOM_LIMITS",
    "POINTS_PER_DAY",
    "SCENARIOS",
    "SCENARIO_KEYS",
    "STATIC_DPI",
    "STATIC_NOTE",
    "STOP_DAY",
    "TEACHING_MODEL_NOTE",
    "TOP_LIMITS",
    "HPGArtists",
    "HPGFigure",
    "Readout",
    "Scenario",
    "build_hpg_figure",
    "custom_scenario",
    "draw_axis_diagram",
    "draw_hpg",
    "frame_alt_text",
    "frame_html",
    "hpg_feedback_explorer",
    "hpg_feedback_static",
    "live_frame_html",
    "plot_axis_diagram",
    "plot_scenario_bars",
    "readout",
    "render_frames",
    "run_scenario",
    "scenario",
    "steady_states",
    "summary_text",
]
