"""The chapter 12–13 insulin-signalling cascade stepper, its static form and a static figure.

The data and the arithmetic live in :mod:`insulinlab.cascade`; this module only draws them.

- :func:`draw_cascade` and :func:`draw_signal_bar` draw one condition at one step on given
  axes and return the artists as a small object whose ``update`` restyles them, so a widget
  builds its figure once and changes it in place.
- :func:`cascade_stepper` is the live widget (Prev / Next / Reset and a condition selector);
  it needs a running kernel to respond, and a page saved with its widget state shows step 1 of
  the healthy cascade.
- :func:`cascade_stepper_static` precomputes every condition × step frame (or only chosen
  steps, e.g. the finished cascade) into nested ``ipywidgets.Stack`` s linked in the browser
  with ``jslink``, so it responds on the static site with no kernel (see
  ``STATIC_WIDGETS.md``).
- :func:`plot_lesion_small_multiples` is the static figure: healthy and every preset side by
  side, shaded by signal, with the relative glucose uptake in each title.

Colour is never the only cue: signal values are printed in each box, the current step has a
thick border and a "now" marker, and a lesion is drawn dashed or hatched and labelled with its
factor. Colours come from the Okabe–Ito palette in :mod:`insulinlab.plotting`.

Sources
-------
See :mod:`insulinlab.cascade` (Petersen & Shulman 2018; Copps & White 2012; Samuel & Shulman
2012; and the papers named for each condition). Transmission factors are qualitative teaching
numbers, not measurements.

For education only; not medical advice.
"""

from __future__ import annotations

import contextlib
import functools
import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from insulinlab import cascade
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    LiveEncoder,
    described_image,
    image_page,
    link_index,
    linked_stack,
    palette_with_fixed_colours,
    rgba_to_png_bytes,
    widget_state_size,
)

NODE_POSITIONS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "insulin": (0.0, 13.0),
        "receptor": (0.0, 12.0),
        "autophos": (0.0, 11.0),
        "irs": (0.0, 10.0),
        "pi3k": (0.0, 9.0),
        "pip3": (0.0, 8.0),
        "pdk1": (-0.8, 7.0),
        "mtorc2": (0.8, 7.0),
        "akt": (0.0, 6.0),
        "as160": (0.0, 5.0),
        "rab": (0.0, 4.0),
        "gsv": (0.0, 3.0),
        "glut4_pm": (0.0, 2.0),
        "glucose_uptake": (0.0, 1.0),
        "shc_grb2": (-2.55, 10.0),
        "ras": (-2.55, 9.0),
        "mapk": (-2.55, 8.0),
        "foxo1": (-2.55, 4.9),
        "gsk3": (2.6, 6.0),
        "glycogen_synthase": (2.6, 5.0),
        "contraction": (2.6, 3.0),
    }
)
"""Diagram coordinates (x, y) of every node: main chain down the middle, branches to the side."""

SHORT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "insulin": "Insulin",
        "receptor": "Insulin receptor α2β2",
        "autophos": "Autophosphorylation",
        "irs": "IRS-1/2",
        "pi3k": "PI3K",
        "pip3": "PIP3",
        "pdk1": "PDK1",
        "mtorc2": "mTORC2",
        "akt": "Akt",
        "as160": "AS160 off",
        "rab": "Rab-GTP",
        "gsv": "GLUT4 vesicles",
        "glut4_pm": "GLUT4 at membrane",
        "glucose_uptake": "Glucose uptake",
        "shc_grb2": "Shc/Grb2–SOS",
        "ras": "Ras-GTP",
        "mapk": "MAPK (ERK)",
        "foxo1": "FOXO1 off (liver)",
        "gsk3": "GSK3 off",
        "glycogen_synthase": "Glycogen synthase",
        "contraction": "Muscle contraction",
    }
)
"""Node labels short enough for the diagram boxes."""

COMPACT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        **SHORT_LABELS,
        "receptor": "Receptor",
        "autophos": "Autophos.",
        "gsv": "GLUT4 pool",
        "glut4_pm": "GLUT4 surface",
        "glucose_uptake": "Uptake",
        "shc_grb2": "Shc/Grb2",
        "ras": "Ras",
        "mapk": "MAPK",
        "foxo1": "FOXO1 off",
        "glycogen_synthase": "Glycogen",
        "contraction": "Contraction",
    }
)
"""Shorter node labels for the small multiples."""

CONDITION_SHORT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "healthy": "Healthy",
        "muscle_dag_pkc_theta": "DAG–PKCθ (muscle)",
        "tnf_jnk_ikk": "TNF-α",
        "ceramide": "Ceramide",
        "hepatic_dag_pkc_epsilon": "DAG–PKCε (liver)",
        "reduced_glut4": "Low GLUT4",
        "exercise": "Exercise",
        "exercise_with_muscle_lesion": "Exercise + PKCθ",
    }
)
"""Condition names short enough for toggle buttons and panel titles."""

FIGSIZE_IN = (6.5, 7.6)
"""Size of the stepper figure (diagram above, signal bars below), inches."""

LIVE_DPI = 90
"""Resolution of the live widget's image."""

STATIC_DPI = 80
"""Resolution of each precomputed frame of the static-responsive form."""

LIVE_UPDATE_NOTE = (
    "Prev / Next / Reset and the condition menu need a running kernel (use the launch "
    "buttons). On the static site, use the no-kernel version of the stepper."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a condition, then drag the slider (or click "
    "it and use the arrow keys) to walk through the steps."
)

STATIC_ONE_STEP_NOTE = (
    "This version works without a kernel: choose a condition with the buttons to compare "
    "them at the same step."
)

_BOX_WIDTH = 1.9
_SIDE_BOX_WIDTH = 1.5
_SMALL_BOX_WIDTH = 1.25
_BOX_HEIGHT = 0.56
_X_LIMITS = (-3.4, 3.95)
_Y_LIMITS = (0.45, 13.55)

_UNREACHED_FILL = "#f2f2f2"
_UNREACHED_TEXT = "#8c8c8c"
_UNREACHED_EDGE = "#c8c8c8"
_EDGE_TEXT = "#4d4d4d"
_CURRENT = PALETTE["orange"]
_LESION = PALETTE["vermillion"]
_CONTRACTION = PALETTE["bluish_green"]
_SIGNAL = PALETTE["sky_blue"]


def _hex_to_rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


def signal_fill(signal: float) -> tuple[float, float, float]:
    """Box fill for a signal: white at 0, sky blue at 1 and above (a secondary cue).

    Examples
    --------
    >>> signal_fill(0.0)
    (1.0, 1.0, 1.0)
    """
    share = min(max(signal, 0.0), 1.0)
    return tuple(1.0 - share * (1.0 - c) for c in _hex_to_rgb(_SIGNAL))


def _box_width(node_id: str) -> float:
    if node_id in ("pdk1", "mtorc2"):
        return _SMALL_BOX_WIDTH
    return _BOX_WIDTH if cascade.node(node_id).branch == "main" else _SIDE_BOX_WIDTH


def _box_exit(node_id: str, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from a node's centre towards ``toward`` leaves the node's box."""
    x, y = NODE_POSITIONS[node_id]
    dx, dy = toward[0] - x, toward[1] - y
    half_width, half_height = _box_width(node_id) / 2, _BOX_HEIGHT / 2
    scales = []
    if dx:
        scales.append(half_width / abs(dx))
    if dy:
        scales.append(half_height / abs(dy))
    scale = min(scales)
    return (x + dx * scale, y + dy * scale)


_EDGE_LABEL_PLACES: Mapping[tuple[str, str], tuple[float, float, str, str]] = MappingProxyType(
    {
        ("autophos", "shc_grb2"): (-1.6, 10.7, "right", "bottom"),
        ("pip3", "pdk1"): (-0.55, 7.55, "right", "center"),
        ("pip3", "mtorc2"): (0.55, 7.55, "left", "center"),
        ("pdk1", "akt"): (-0.5, 6.45, "right", "center"),
        ("mtorc2", "akt"): (0.5, 6.45, "left", "center"),
        ("akt", "gsk3"): (1.4, 6.3, "center", "bottom"),
        ("akt", "foxo1"): (-1.45, 5.52, "center", "bottom"),
        ("contraction", "gsv"): (1.4, 3.3, "center", "bottom"),
    }
)
"""Where the diagonal and horizontal edge labels go: (x, y, ha, va)."""


def _edge_label_place(key: tuple[str, str]) -> tuple[float, float, str, str]:
    """Label position for an edge: overrides above, else beside the vertical arrow."""
    if key in _EDGE_LABEL_PLACES:
        return _EDGE_LABEL_PLACES[key]
    (x, y_start), (_, y_end) = NODE_POSITIONS[key[0]], NODE_POSITIONS[key[1]]
    middle = (y_start + y_end) / 2
    if x > -1.5:
        return (x - 0.08, middle, "right", "center")
    return (x + 0.08, middle, "left", "center")


def _now_on_right(x: float) -> bool:
    """Whether the "now" marker goes right of a box at ``x`` (else left)."""
    return not -1.5 < x < -0.1


def _lesion_text(factor: float, compact: bool) -> str:
    if factor == 0.0:
        return "× 0 blocked" if compact else "lesion × 0: blocked"
    return f"× {factor:.2f}" if compact else f"lesion × {factor:.2f}: weakened"


def _uptake_title(condition_id: str) -> str:
    signals = cascade.condition_signals(condition_id)
    uptake = signals["glucose_uptake"]
    if cascade.condition(condition_id).tissue.startswith("liver"):
        return f"FOXO1 switched off {signals['foxo1']:.2f}; GLUT4-cell uptake {uptake:.2f}"
    return f"relative glucose uptake {uptake:.2f}"


# --------------------------------------------------------------------------------------------
# Pure drawing functions
# --------------------------------------------------------------------------------------------


@dataclass
class CascadeDiagram:
    """The artists of one cascade drawing; :meth:`update` restyles them for a condition and step.

    Built by :func:`draw_cascade`. Keeping the artists lets a widget change its figure in place
    instead of drawing a new one on every click.
    """

    ax: object
    compact: bool = False
    boxes: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    arrows: dict = field(default_factory=dict)
    edge_labels: dict = field(default_factory=dict)
    lesion_markers: dict = field(default_factory=dict)
    now_marker: object = None
    title: object = None
    condition_id: str = ""
    step_index: int = 0

    def dynamic_artists(self) -> list:
        """The artists :meth:`update` changes; edge labels and the axes never change."""
        artists = [
            *self.arrows.values(),
            *self.boxes.values(),
            *self.labels.values(),
            *self.lesion_markers.values(),
            self.title,
        ]
        if self.now_marker is not None:
            artists.append(self.now_marker)
        return artists

    def update(self, condition_id: str, step_index: int, *, show_current: bool = True) -> None:
        """Restyle every artist for ``condition_id`` after step ``step_index``.

        Parameters
        ----------
        condition_id : str
            One of :data:`insulinlab.cascade.CONDITION_IDS`.
        step_index : int
            Step number in [0, ``cascade.STEP_COUNT`` − 1].
        show_current : bool, default True
            Highlight the current step's node and edges (off for the small multiples).

        Raises
        ------
        ValueError
            If ``condition_id`` or ``step_index`` is invalid (see
            :func:`insulinlab.cascade.signal_at_step`).
        """
        result = cascade.signal_at_step(condition_id, step_index)
        preset = cascade.condition(condition_id)
        self.condition_id, self.step_index = result.condition_id, result.step_index
        active = set(result.active_nodes)
        active_edges = set(result.active_edges)
        current_edges = set(result.step.edges) if show_current else set()
        lesioned_edges = set(result.weakened_edges) | set(result.blocked_edges)
        lesioned_nodes = set(result.weakened_nodes) | set(result.blocked_nodes)
        font = 6.5 if self.compact else 7.5
        names = COMPACT_LABELS if self.compact else SHORT_LABELS

        for node_id, box in self.boxes.items():
            label = self.labels[node_id]
            reached = node_id in active
            is_current = show_current and node_id == result.current_node
            name = names[node_id]
            if reached:
                value = result.signals[node_id]
                box.set_facecolor(signal_fill(value))
                label.set_text(f"{name}  {value:.2f}")
                label.set_color(PALETTE["black"])
                box.set_edgecolor(PALETTE["black"])
            else:
                box.set_facecolor(_UNREACHED_FILL)
                label.set_text(name)
                label.set_color(_UNREACHED_TEXT)
                box.set_edgecolor(_UNREACHED_EDGE)
            label.set_fontsize(font)
            label.set_fontweight("bold" if is_current else "normal")
            box.set_linewidth(2.8 if is_current else 0.9)
            if is_current:
                box.set_edgecolor(_CURRENT)
            box.set_linestyle("-")
            box.set_hatch(None)
            if node_id == "contraction" and preset.contraction_gain == 0.0:
                box.set_linestyle("--")
                if reached and not self.compact:
                    label.set_text(f"{name} (at rest)  0.00")
            marker = self.lesion_markers[node_id]
            if node_id in lesioned_nodes:
                box.set_hatch("////")
                box.set_edgecolor(_CURRENT if is_current else _LESION)
                marker.set_text(_lesion_text(preset.factor, self.compact))
                marker.set_visible(True)
            else:
                marker.set_visible(False)

        for key, arrow in self.arrows.items():
            marker = self.lesion_markers[key]
            colour, width, style = _UNREACHED_EDGE, 1.0, "-"
            if key in active_edges:
                colour, width = PALETTE["black"], 1.2
            if key == ("contraction", "gsv") and preset.contraction_gain > 0.0:
                colour, width = _CONTRACTION, 2.0
            if key in lesioned_edges:
                colour, style = _LESION, "--"
                width = max(width, 1.6)
                marker.set_text(_lesion_text(preset.factor, self.compact))
                marker.set_visible(True)
            else:
                marker.set_visible(False)
            if key in current_edges:
                width = 3.0
                if key not in lesioned_edges:
                    colour = _CURRENT
            arrow.set_color(colour)
            arrow.set_linewidth(width)
            arrow.set_linestyle(style)

        if self.now_marker is not None:
            if show_current:
                x, y = NODE_POSITIONS[result.current_node]
                half = _box_width(result.current_node) / 2
                if _now_on_right(x):
                    self.now_marker.set_position((x + half + 0.05, y))
                    self.now_marker.set_horizontalalignment("left")
                    self.now_marker.set_text("← now")
                else:
                    self.now_marker.set_position((x - half - 0.05, y))
                    self.now_marker.set_horizontalalignment("right")
                    self.now_marker.set_text("now →")
                self.now_marker.set_visible(True)
            else:
                self.now_marker.set_visible(False)

        if self.compact:
            title = f"{CONDITION_SHORT_LABELS[condition_id]}\n{_uptake_title(condition_id)}"
        else:
            title = (
                f"{preset.label}\nStep {result.step_index + 1} of {cascade.STEP_COUNT}: "
                f"{result.step.title}"
            )
        self.title.set_text(title)


def draw_cascade(
    ax, condition_id: str, step_index: int, *, compact: bool = False, show_current: bool = True
) -> CascadeDiagram:
    """Draw the cascade for one condition after one step on ``ax``.

    Nodes reached so far are filled by their signal (white = 0, sky blue = 1) and labelled
    with its value; nodes not reached yet are grey and unlabelled, so a reader can predict
    them. The current node has a thick orange border and a "now" marker, the current edges
    are thick and orange. A weakened or blocked edge is dashed vermillion and a lesioned node
    hatched, each labelled "lesion: × factor". Inhibitory edges (Akt on AS160, GSK3, FOXO1)
    end in a bar.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on; its limits are set and its frame is hidden.
    condition_id : str
        One of :data:`insulinlab.cascade.CONDITION_IDS`.
    step_index : int
        Step number in [0, ``cascade.STEP_COUNT`` − 1].
    compact : bool, default False
        Smaller text, no edge labels (for small multiples).
    show_current : bool, default True
        Highlight the current step.

    Returns
    -------
    CascadeDiagram
        The artists; call its ``update`` to redraw another condition or step in place.

    Raises
    ------
    ValueError
        If ``condition_id`` or ``step_index`` is invalid; the message names the argument and
        the accepted values.

    Source
    ------
    Node and edge data: :mod:`insulinlab.cascade` (Petersen & Shulman 2018, *Physiol Rev*
    98:2133–2223).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> diagram = draw_cascade(Figure().subplots(), "ceramide", 8)
    >>> diagram.labels["akt"].get_text()
    'Akt  0.40'
    """
    cascade.signal_at_step(condition_id, step_index)  # validate before drawing anything
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    diagram = CascadeDiagram(ax=ax, compact=compact)
    ax.set_xlim(*_X_LIMITS)
    ax.set_ylim(*_Y_LIMITS)
    ax.set_axis_off()
    small = 5.0 if compact else 6.0

    for node_id, (x, y) in NODE_POSITIONS.items():
        width = _box_width(node_id)
        box = FancyBboxPatch(
            (x - width / 2, y - _BOX_HEIGHT / 2),
            width,
            _BOX_HEIGHT,
            boxstyle="round,pad=0.0,rounding_size=0.12",
            zorder=3,
        )
        ax.add_artist(box)
        diagram.boxes[node_id] = box
        diagram.labels[node_id] = ax.text(x, y, "", ha="center", va="center", zorder=4)
        diagram.lesion_markers[node_id] = ax.text(
            x - width / 2 - 0.06,
            y,
            "",
            ha="right",
            va="center",
            fontsize=small,
            color=_LESION,
            fontweight="bold",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )

    for e in cascade.EDGES:
        start, end = NODE_POSITIONS[e.source], NODE_POSITIONS[e.target]
        # Inhibition ends in a flat bar (a bracket of zero depth), activation in an arrowhead.
        style = "-[, widthB=0.6, lengthB=0" if e.effect == "inhibits" else "-|>"
        arrow = FancyArrowPatch(
            _box_exit(e.source, end),
            _box_exit(e.target, start),
            arrowstyle=style,
            mutation_scale=8 if compact else 10,
            shrinkA=0,
            shrinkB=0,
            zorder=2,
        )
        ax.add_artist(arrow)
        diagram.arrows[e.key] = arrow
        mid_x, mid_y = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        vertical = abs(start[0] - end[0]) < 1e-9
        if not compact:
            x, y, ha, va = _edge_label_place(e.key)
            diagram.edge_labels[e.key] = ax.text(
                x, y, e.label, ha=ha, va=va, fontsize=small, color=_EDGE_TEXT, zorder=5
            )
        diagram.lesion_markers[e.key] = ax.text(
            mid_x + (0.1 if vertical else 0.0),
            mid_y if vertical else mid_y - 0.12,
            "",
            ha="left" if vertical else "center",
            va="center" if vertical else "top",
            fontsize=small,
            color=_LESION,
            fontweight="bold",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )

    if not compact:
        diagram.now_marker = ax.text(
            0,
            0,
            "",
            va="center",
            fontsize=7.5,
            fontweight="bold",
            color=PALETTE["black"],
            zorder=7,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        )
    if compact:
        diagram.title = ax.title
        diagram.title.set_fontsize(8)
    else:
        # A plain text artist, not the axes title: the axes moves its title during a full
        # draw, which would make blitted frames differ from freshly drawn ones.
        diagram.title = ax.text(
            0.5, 1.005, "", transform=ax.transAxes, ha="center", va="bottom", fontsize=9
        )
    diagram.update(condition_id, step_index, show_current=show_current)
    return diagram


@dataclass
class SignalBar:
    """The artists of the signal bars; :meth:`update` restyles them (built by
    :func:`draw_signal_bar`)."""

    ax: object
    bars: object = None
    healthy_ticks: list = field(default_factory=list)
    value_texts: list = field(default_factory=list)
    row_labels: list = field(default_factory=list)

    def dynamic_artists(self) -> list:
        """The artists :meth:`update` changes (the rest of the axes never changes)."""
        return [*self.bars, *self.healthy_ticks, *self.value_texts, self.row_labels[0]]

    def update(self, condition_id: str, step_index: int) -> None:
        """Show the signal at the current node and the glucose uptake, against healthy.

        Raises
        ------
        ValueError
            If ``condition_id`` or ``step_index`` is invalid.
        """
        result = cascade.signal_at_step(condition_id, step_index)
        current = result.current_node
        uptake_reached = "glucose_uptake" in result.active_nodes
        healthy_uptake = cascade.relative_glucose_uptake("healthy")
        values = (
            result.current_signal,
            result.relative_glucose_uptake if uptake_reached else 0.0,
        )
        references = (result.healthy_signals[current], healthy_uptake)
        texts = (
            f"{values[0]:.2f} (healthy {references[0]:.2f})",
            f"{values[1]:.2f} (healthy {references[1]:.2f})"
            if uptake_reached
            else "not reached yet: predict it",
        )
        for bar, value in zip(self.bars, values, strict=True):
            bar.set_width(value)
        for tick, reference in zip(self.healthy_ticks, references, strict=True):
            tick.set_xdata([reference, reference])
        for text, value, reference, message in zip(
            self.value_texts, values, references, texts, strict=True
        ):
            text.set_position((max(value, reference) + 0.04, text.get_position()[1]))
            text.set_text(message)
        self.row_labels[0].set_text(f"Signal at {SHORT_LABELS[current]}")


def draw_signal_bar(ax, condition_id: str, step_index: int) -> SignalBar:
    """Draw two horizontal bars: the signal at the current node and the glucose uptake.

    Each bar has a black tick at its healthy value and is labelled with both numbers. The
    uptake bar stays empty until the stepper reaches glucose uptake, so the reader can predict
    it first.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on.
    condition_id : str
        One of :data:`insulinlab.cascade.CONDITION_IDS`.
    step_index : int
        Step number in [0, ``cascade.STEP_COUNT`` − 1].

    Returns
    -------
    SignalBar
        The artists; call its ``update`` to change condition or step in place.

    Raises
    ------
    ValueError
        If ``condition_id`` or ``step_index`` is invalid.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> bar = draw_signal_bar(Figure().subplots(), "reduced_glut4", 13)
    >>> [round(b.get_width(), 2) for b in bar.bars]
    [0.5, 0.5]
    """
    cascade.signal_at_step(condition_id, step_index)
    top = max(cascade.relative_glucose_uptake(c) for c in cascade.CONDITION_IDS)
    bars = ax.barh(
        [1, 0],
        [0.0, 0.0],
        height=0.55,
        color=[_SIGNAL, _CONTRACTION],
        edgecolor=PALETTE["black"],
        linewidth=0.8,
    )
    bars[1].set_hatch("..")
    signal_bar = SignalBar(ax=ax, bars=bars)
    for y in (1, 0):
        (tick,) = ax.plot(
            [1.0, 1.0], [y - 0.38, y + 0.38], color=PALETTE["black"], linewidth=2.0, zorder=4
        )
        signal_bar.healthy_ticks.append(tick)
        signal_bar.value_texts.append(ax.text(0, y, "", va="center", fontsize=7.5, zorder=5))
        signal_bar.row_labels.append(
            ax.text(
                -0.03,
                y,
                "Relative glucose uptake" if y == 0 else "",
                transform=ax.get_yaxis_transform(),
                ha="right",
                va="center",
                fontsize=7,
            )
        )
    ax.set_yticks([])
    ax.set_xlim(0, top * 1.6)
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlabel("signal (healthy insulin stimulation = 1.0; black tick = healthy)", fontsize=7)
    ax.tick_params(labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    signal_bar.update(condition_id, step_index)
    return signal_bar


# --------------------------------------------------------------------------------------------
# Figure, text and image helpers (pure)
# --------------------------------------------------------------------------------------------


class _LiveLayers:
    """The live figure's dynamic artists drawn once per appearance and pasted afterwards.

    Drawing an artist that looks as it once did (same text, colours, widths, hatching,
    position …; see :func:`_appearance`) pastes the pixels kept from that time with
    ``draw_image``. A new appearance is drawn alone onto a transparent scratch canvas the size
    of the figure, cropped to its pixels and kept. Within that drawing, each line of text
    (one ``draw_text`` call: string, font, colour, position) is itself drawn once and pasted,
    so a two-line title made of a known condition line and a known step line costs no glyph
    rasterising. Pasted pixels differ from drawn ones only by rounding where anti-aliased
    edges blend. The oldest layers are dropped beyond :attr:`MAX_LAYERS` of each kind.
    """

    MAX_LAYERS = 4096
    """Every condition × step at one resolution needs about 230 lines and 600 artist layers."""

    def __init__(self) -> None:
        self._artists: dict = {}
        self._lines: dict = {}
        self._scratch: dict = {}
        self.drawn = {"artists": 0, "lines": 0}
        """How many artist appearances and lines of text were drawn (not pasted) so far."""

    def draw(self, artist, renderer) -> None:
        """Draw ``artist`` on ``renderer``: pasted if it looks as it once did."""
        key = _appearance(artist)
        if key is None:  # not a kind of artist whose appearance is known: drawn as usual
            self.draw_lines(artist, renderer)
            return
        if key[1:] == (False,):  # hidden: draws nothing
            return
        key = (renderer.width, renderer.height, renderer.dpi, *key)
        if key not in self._artists:
            self._store(self._artists, key, self._layer(artist.draw, renderer, "artists"))
        _paste(renderer, self._artists[key])

    def draw_lines(self, artist, renderer) -> None:
        """Draw ``artist`` as usual except for its lines of text, which come from the cache
        (drawn and kept if new)."""
        with self._serving_lines(renderer):
            artist.draw(renderer)

    @contextlib.contextmanager
    def _serving_lines(self, renderer):
        """Within this block, lines of text drawn on ``renderer`` come from the line cache."""
        renderer.draw_text = functools.partial(self._draw_text, renderer)
        try:
            yield
        finally:
            del renderer.draw_text  # back to the class's method

    def _draw_text(self, renderer, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        key = _text_line_key(renderer, gc, x, y, s, prop, angle, ismath, mtext)
        if key is None:  # clipped to a path: drawn as usual
            type(renderer).draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
            return
        if key not in self._lines:

            def draw_line(scratch):
                type(scratch).draw_text(scratch, gc, x, y, s, prop, angle, ismath, mtext)

            self._store(self._lines, key, self._layer(draw_line, renderer, "lines"))
        _paste(renderer, self._lines[key])

    def _store(self, layers: dict, key: tuple, layer) -> None:
        if len(layers) >= self.MAX_LAYERS:
            del layers[next(iter(layers))]
        layers[key] = layer

    def _layer(self, draw, renderer, kind: str):
        """``draw(scratch)`` on a transparent canvas like ``renderer``: ``(left, bottom,
        pixels)`` in display pixels (rows bottom up), or None when nothing is drawn."""
        import numpy as np
        from matplotlib.backends.backend_agg import RendererAgg

        width, height = int(renderer.width), int(renderer.height)
        size = (renderer.width, renderer.height, renderer.dpi)
        scratch = self._scratch.get(kind)
        if scratch is None or (scratch.width, scratch.height, scratch.dpi) != size:
            scratch = self._scratch[kind] = RendererAgg(width, height, renderer.dpi)
            np.asarray(scratch.buffer_rgba())[...] = 0  # blank: every word zero (see below)
        rgba = np.asarray(scratch.buffer_rgba())
        try:
            if kind == "artists":
                with self._serving_lines(scratch):
                    draw(scratch)
            else:
                draw(scratch)
        except BaseException:
            rgba[...] = 0
            raise
        self.drawn[kind] += 1
        # One word a pixel, zero where nothing was drawn: Agg blends onto a transparent pixel
        # whatever its colour channels, so a blank canvas of zeros draws as a cleared one.
        words = rgba.view(np.uint32)[..., 0]
        rows = np.flatnonzero(words.max(axis=1))
        if rows.size == 0:
            return None
        top, bottom = rows[0], rows[-1] + 1
        columns = np.flatnonzero(words[top:bottom].max(axis=0))
        left, right = columns[0], columns[-1] + 1
        block = rgba[top:bottom, left:right][::-1].copy()
        rgba[top:bottom, left:right] = 0  # the scratch canvas is blank again
        return int(left), int(height - bottom), block


def _paste(renderer, layer) -> None:
    if layer is not None:
        left, bottom, pixels = layer
        gc = renderer.new_gc()
        renderer.draw_image(gc, left, bottom, pixels)
        gc.restore()


def _colour(colour) -> tuple:
    from matplotlib.colors import to_rgba

    return to_rgba(colour)


def _patch_style(patch) -> tuple:
    return (
        tuple(patch.get_facecolor()),
        tuple(patch.get_edgecolor()),
        patch.get_linewidth(),
        str(patch.get_linestyle()),
        patch.get_hatch(),
        str(getattr(patch, "get_hatchcolor", lambda: None)()),
        getattr(patch, "get_hatch_linewidth", lambda: None)(),
        patch.get_fill(),
    )


def _appearance(artist) -> tuple | None:
    """Everything :meth:`CascadeDiagram.update` and :meth:`SignalBar.update` may change about
    the look of one of their artists (with the artist itself, for what never changes), or
    None for a kind of artist this does not know (drawn, never pasted)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
    from matplotlib.text import Text

    if not artist.get_visible():
        return (id(artist), False)
    common = (id(artist), type(artist), artist.get_alpha(), artist.get_clip_on())
    if type(artist) is Text:
        bbox = artist.get_bbox_patch()
        return (
            *common,
            artist.get_text(),
            _colour(artist.get_color()),
            _font_key(artist.get_fontproperties()),
            tuple(artist.get_position()),
            artist.get_horizontalalignment(),
            artist.get_verticalalignment(),
            artist.get_rotation(),
            getattr(artist, "_multialignment", None),
            artist.get_linespacing(),
            None if bbox is None else _patch_style(bbox),
        )
    if type(artist) is FancyBboxPatch:
        bounds = (artist.get_x(), artist.get_y(), artist.get_width(), artist.get_height())
        return (*common, bounds, _patch_style(artist))
    if type(artist) is FancyArrowPatch:
        ends = tuple(map(tuple, getattr(artist, "_posA_posB", None) or ()))
        return (*common, ends, artist.get_mutation_scale(), _patch_style(artist))
    if type(artist) is Rectangle:
        return (*common, tuple(artist.get_bbox().bounds), _patch_style(artist))
    if type(artist) is Line2D:
        return (
            *common,
            artist.get_xydata().tobytes(),
            _colour(artist.get_color()),
            artist.get_linewidth(),
            str(artist.get_linestyle()),
            str(artist.get_marker()),
        )
    return None


def _font_key(prop) -> tuple:
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
        prop.get_math_fontfamily(),
    )


def _text_line_key(renderer, gc, x, y, s, prop, angle, ismath, mtext) -> tuple | None:
    """Everything that sets the pixels of one ``draw_text`` call; None if it is clipped to a
    path (not cached)."""
    if gc.get_clip_path()[0] is not None:
        return None
    clip = gc.get_clip_rectangle()
    features = None
    if mtext is not None:
        features = (
            tuple(getattr(mtext, "get_fontfeatures", lambda: None)() or ()),
            getattr(mtext, "get_language", lambda: None)(),
        )
    return (
        renderer.width,
        renderer.height,
        renderer.dpi,
        s,
        float(x),
        float(y),
        float(angle),
        ismath,
        _font_key(prop),
        tuple(gc.get_rgb()),
        gc.get_alpha(),
        gc.get_forced_alpha(),
        gc.get_antialiased(),
        None if clip is None else tuple(clip.bounds),
        features,
    )


@dataclass
class StepperFigure:
    """A stepper figure built once: the figure, its diagram and its signal bars."""

    figure: object
    diagram: CascadeDiagram
    signal_bar: SignalBar
    _backgrounds: dict = field(default_factory=dict, repr=False)
    _live_encoder: LiveEncoder = field(default_factory=LiveEncoder, repr=False)
    _live_layers: _LiveLayers = field(default_factory=lambda: _LiveLayers(), repr=False)
    _live_pngs: dict = field(default_factory=dict, repr=False)
    _shown: tuple = ()

    def update(self, condition_id: str, step_index: int) -> None:
        """Restyle the figure in place for another condition or step."""
        self._shown = ()
        self.diagram.update(condition_id, step_index)
        self.signal_bar.update(condition_id, step_index)
        self._shown = (self.diagram.condition_id, self.diagram.step_index)

    def _dynamic_artists(self) -> list:
        artists = [*self.diagram.dynamic_artists(), *self.signal_bar.dynamic_artists()]
        return sorted(artists, key=lambda artist: artist.get_zorder())

    def _restore_background(self, dpi: float):
        """Restore the background at ``dpi`` (drawn once per resolution); the dynamic artists."""
        canvas = self.figure.canvas
        dynamic = self._dynamic_artists()
        self.figure.set_dpi(dpi)
        if dpi not in self._backgrounds:
            for artist in dynamic:
                artist.set_animated(True)
            canvas.draw()
            self._backgrounds[dpi] = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self._backgrounds[dpi])
        return dynamic

    def render_rgba(self, dpi: float):
        """Draw the figure at ``dpi`` and return its RGBA pixels (an ``(h, w, 4)`` array).

        The parts that never change (axes, edge labels, tick labels) are drawn once per
        resolution and kept as a background; each call restores it and draws only the
        artists :meth:`update` changes (Agg blitting), about half the text rendering of a full
        draw.
        """
        import numpy as np

        dynamic = self._restore_background(dpi)
        renderer = self.figure.canvas.get_renderer()
        for artist in dynamic:
            artist.draw(renderer)
        return np.asarray(self.figure.canvas.buffer_rgba()).copy()

    def render_live_rgba(self, dpi: float):
        """Like :meth:`render_rgba`, with the dynamic artists pasted from layers once drawn.

        Rasterising glyphs is most of a frame's cost, and the same looks recur from step to
        step and condition to condition (a node's box and label at its value, the "now"
        marker beside a node, each title line). Each artist is drawn once per appearance
        onto a transparent layer and pasted afterwards, and so is each line of text (see
        :class:`_LiveLayers`); the title, one per condition × step, is laid out each time
        from its two pasted lines. The pixels differ from :meth:`render_rgba`'s only by
        rounding where anti-aliased edges blend (at most a few levels of 255), so the
        static frames keep using :meth:`render_rgba`.
        """
        import numpy as np

        dynamic = self._restore_background(dpi)
        renderer = self.figure.canvas.get_renderer()
        for artist in dynamic:
            if artist is self.diagram.title:  # one per condition × step: its lines recur
                self._live_layers.draw_lines(artist, renderer)
            else:
                self._live_layers.draw(artist, renderer)
        return np.asarray(self.figure.canvas.buffer_rgba()).copy()

    def prepare_live(self, dpi: float) -> None:
        """Draw the lines of text most clicks need once for :meth:`render_live_rgba` at
        ``dpi``, so that a click seldom rasterises glyphs.

        These are every title line (each condition's name, each step's heading: the longest
        lines, and every click shows a new pair); for every step of the shown condition, the
        "now" marker, the signal-bar texts and the current node's label (most of them recur
        in other conditions); and the node and lesion labels of every condition's finished
        cascade (a condition first shown at a late step would otherwise need a dozen new
        labels at once): about 180 lines, half a second at :data:`LIVE_DPI`. The figure is
        left showing its condition and step.
        """
        shown = (self.diagram.condition_id, self.diagram.step_index)
        self.figure.set_dpi(dpi)
        renderer = self.figure.canvas.get_renderer()
        diagram, bar = self.diagram, self.signal_bar
        draw = self._live_layers.draw_lines
        for step_index in range(cascade.STEP_COUNT):
            self.update(shown[0], step_index)
            current = diagram.labels[cascade.STEPS[step_index].node]
            for text in (diagram.title, diagram.now_marker, current, *bar.value_texts):
                draw(text, renderer)
            draw(bar.row_labels[0], renderer)
        for condition_id in cascade.CONDITION_IDS:
            diagram.update(condition_id, 0)
            draw(diagram.title, renderer)
            diagram.update(condition_id, cascade.STEP_COUNT - 1)
            for text in (*diagram.labels.values(), *diagram.lesion_markers.values()):
                draw(text, renderer)
        self.update(*shown)  # the canvas holds stray text until the next render

    def png(self, dpi: float, colours: int | None = 96, *, live: bool = False) -> bytes:
        """The figure as PNG bytes at ``dpi``; with ``colours``, a palette PNG that size.

        A palette PNG is about a quarter of the size of a full-colour one for these flat
        diagrams (see :func:`palette_image`). With ``live``, the artists and text are pasted
        from cached layers (:meth:`render_live_rgba`), the PNG reuses its palette and is saved
        at zlib's fastest level instead of optimised (a few per cent larger, several times
        faster), and it is kept per condition, step, resolution and palette size (at most
        :data:`insulinlab.cascade.STEP_COUNT` × 8 conditions, about 20 KB each at
        :data:`LIVE_DPI`), so a step shown before comes back at once.
        """
        if live:
            key = (*self._shown, dpi, colours)
            if not self._shown or key not in self._live_pngs:
                png = self._live_encoder.png(self.render_live_rgba(dpi), colours, palette_image)
                if not self._shown:
                    return png
                self._live_pngs[key] = png
            return self._live_pngs[key]
        return rgba_to_png_bytes(self.render_rgba(dpi), colours, palette_image)


def _fixed_palette() -> list[tuple[int, int, int]]:
    """Colours every frame must keep exactly: white, the Okabe–Ito set, greys, signal fills."""
    colours = ["#ffffff", *PALETTE.values(), _UNREACHED_FILL, _UNREACHED_TEXT]
    colours += [_UNREACHED_EDGE, _EDGE_TEXT]
    rgb = [tuple(round(255 * c) for c in _hex_to_rgb(colour)) for colour in colours]
    rgb += [tuple(round(255 * c) for c in signal_fill(value)) for value in (0.4, 0.5)]
    return list(dict.fromkeys(rgb))


def palette_image(image, colours: int = 96):
    """Map an RGB ``PIL.Image`` to a ``colours``-entry palette without dithering.

    The palette holds the diagram's own colours exactly (:func:`_fixed_palette`) plus an
    adaptive max-coverage palette for the anti-aliased edges; adaptive palettes alone tint
    pale greys and merge the vermillion lesion labels into orange.
    """
    return palette_with_fixed_colours(image, colours, _fixed_palette())


def build_stepper_figure(condition_id: str = "healthy", step_index: int = 0) -> StepperFigure:
    """Build the stepper figure (diagram above, signal bars below) once.

    The figure is a :class:`matplotlib.figure.Figure` with an Agg canvas, not registered with
    pyplot, so it never shows up twice in a notebook and needs no closing.

    Raises
    ------
    ValueError
        If ``condition_id`` or ``step_index`` is invalid.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed axes positions: a layout engine would re-run on every render and double its cost.
    diagram_ax = figure.add_axes((0.01, 0.165, 0.98, 0.765))
    bar_ax = figure.add_axes((0.3, 0.065, 0.66, 0.075))
    diagram = draw_cascade(diagram_ax, condition_id, step_index)
    signal_bar = draw_signal_bar(bar_ax, condition_id, step_index)
    return StepperFigure(
        figure=figure,
        diagram=diagram,
        signal_bar=signal_bar,
        _shown=(diagram.condition_id, diagram.step_index),
    )


def image_description(condition_id: str, step_index: int) -> str:
    """The text alternative of the live stepper's image: what it shows, for screen readers.

    Raises
    ------
    ValueError
        If ``condition_id`` or ``step_index`` is invalid.

    Examples
    --------
    >>> image_description("healthy", 0)  # doctest: +ELLIPSIS
    'Diagram of the insulin-signalling cascade for Healthy; step 1 of 21, Insulin arrives. ...'
    """
    result = cascade.signal_at_step(condition_id, step_index)
    return (
        f"Diagram of the insulin-signalling cascade for {cascade.condition(condition_id).label}; "
        f"step {result.step_index + 1} of {cascade.STEP_COUNT}, {result.step.title}. "
        "The text below describes the step."
    )


def condition_html(condition_id: str) -> str:
    """The condition's explanation, tissue, evidence and sources as HTML.

    Raises
    ------
    ValueError
        If ``condition_id`` is unknown.

    Examples
    --------
    >>> "Ser1101" in condition_html("muscle_dag_pkc_theta")
    True
    """
    preset = cascade.condition(condition_id)
    evidence = ", ".join(preset.evidence)
    return (
        f"<p><strong>{html.escape(preset.label)}</strong> "
        f"({html.escape(preset.tissue)}; {html.escape(_uptake_title(condition_id))}). "
        f"{html.escape(preset.explanation)}<br>"
        f"<em>Evidence:</em> {html.escape(evidence)}. {html.escape(preset.evidence_note)}<br>"
        f"<em>Sources:</em> {html.escape(cascade.citation_text(preset.citations))}</p>"
    )


def step_html(condition_id: str, step_index: int) -> str:
    """The step's heading, text and sources as HTML.

    Raises
    ------
    ValueError
        If ``condition_id`` or ``step_index`` is invalid.

    Examples
    --------
    >>> "Thr308" in step_html("healthy", 6)
    False
    >>> "threonine 308" in step_html("healthy", 6)
    True
    """
    result = cascade.signal_at_step(condition_id, step_index)
    step = result.step
    node = cascade.node(step.node)
    tissue = f" <em>({html.escape(node.tissue)})</em>" if node.tissue else ""
    return (
        f"<p><strong>Step {result.step_index + 1} of {cascade.STEP_COUNT}: "
        f"{html.escape(step.title)}</strong>{tissue}<br>{html.escape(step.text)}<br>"
        f"Signal here: {result.current_signal:.2f} "
        f"(healthy {result.healthy_signals[step.node]:.2f}).<br>"
        f"<em>Sources:</em> {html.escape(cascade.citation_text(step.citations))}</p>"
    )


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------


def _image_layout():
    import ipywidgets as widgets

    return widgets.Layout(width="100%", max_width=f"{FIGSIZE_IN[0] * 100:.0f}px", height="auto")


def cascade_stepper(*, dpi: float = LIVE_DPI):
    """Build the live cascade stepper: Prev / Next / Reset, a condition menu, figure and text.

    The figure is built once; every click restyles its artists and re-renders it into an
    ``ipywidgets.Image`` (each artist's look and each line of text is drawn once and pasted
    when it recurs, see :meth:`StepperFigure.render_live_rgba`), whose tooltip (the alt text
    on the site) names the condition and step shown. The widget opens on step 1 of the
    healthy cascade, rendered at construction, so a page saved with its widget state shows
    that view; responding to the buttons needs a running kernel (use
    :func:`cascade_stepper_static` for the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the rendered image, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the button row (Prev, Next, Reset, step label), the
        condition menu (Dropdown), the figure (Image), the step text (HTML) and the condition
        text (HTML).

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].

    Source
    ------
    :mod:`insulinlab.cascade` (Petersen & Shulman 2018; Copps & White 2012; condition papers).
    """
    import ipywidgets as widgets

    from insulinlab._validate import check_range

    resolution = check_range("dpi", dpi, 10, 300, "dots per inch")
    state = {"condition": "healthy", "step": 0}
    stepper_figure = build_stepper_figure(state["condition"], state["step"])
    last = cascade.STEP_COUNT - 1

    image = described_image(
        stepper_figure.png(resolution, live=True),
        _image_layout(),
        image_description(state["condition"], state["step"]),
    )
    shown = (state["condition"], state["step"])
    stepper_figure.prepare_live(resolution)
    prev_button = widgets.Button(description="Prev", icon="arrow-left", tooltip="Previous step")
    next_button = widgets.Button(description="Next", icon="arrow-right", tooltip="Next step")
    reset_button = widgets.Button(description="Reset", icon="undo", tooltip="Back to step 1")
    step_label = widgets.HTML()
    selector = widgets.Dropdown(
        options=[(c.label, c.id) for c in cascade.CONDITIONS],
        value=state["condition"],
        description="Condition",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="32em"),
    )
    step_text = widgets.HTML()
    condition_text = widgets.HTML()

    def refresh() -> None:
        nonlocal shown
        condition_id, step_index = state["condition"], state["step"]
        if (condition_id, step_index) != shown:  # e.g. Reset on step 1: the picture stays
            stepper_figure.update(condition_id, step_index)
            with image.hold_sync():
                image.value = stepper_figure.png(resolution, live=True)
                image.tooltip = image_description(condition_id, step_index)
            shown = (condition_id, step_index)
        step_label.value = f"<b>Step {step_index + 1} of {cascade.STEP_COUNT}</b>"
        step_text.value = step_html(condition_id, step_index)
        condition_text.value = condition_html(condition_id)
        prev_button.disabled = step_index == 0
        next_button.disabled = step_index == last

    def go_to(step_index: int) -> None:
        state["step"] = min(max(step_index, 0), last)
        refresh()

    prev_button.on_click(lambda _button: go_to(state["step"] - 1))
    next_button.on_click(lambda _button: go_to(state["step"] + 1))
    reset_button.on_click(lambda _button: go_to(0))

    def on_condition(change) -> None:
        state["condition"] = change["new"]
        refresh()

    selector.observe(on_condition, names="value")
    refresh()
    header = widgets.HTML(
        "<p><strong>Insulin-signalling cascade stepper.</strong> Step through the chain from "
        "insulin to glucose uptake, then the side branches; pick a condition to see where it "
        f"strikes. {html.escape(cascade.QUALITATIVE_NOTE)}<br>"
        f"<em>{html.escape(LIVE_UPDATE_NOTE)}</em></p>"
    )
    buttons = widgets.HBox([prev_button, next_button, reset_button, step_label])
    return widgets.VBox([header, buttons, selector, image, step_text, condition_text])


def _check_condition_ids(condition_ids: object) -> tuple[str, ...]:
    """``condition_ids`` as a tuple: None means all presets; otherwise distinct known ids."""
    if condition_ids is None:
        return cascade.CONDITION_IDS
    accepted = (
        f"None or a non-empty sequence of distinct ids from {', '.join(cascade.CONDITION_IDS)}"
    )
    if isinstance(condition_ids, str) or not isinstance(condition_ids, (list, tuple)):
        raise ValueError(f"condition_ids must be {accepted}; got {condition_ids!r}")
    checked = tuple(cascade.condition(c).id for c in condition_ids)
    if not checked or len(set(checked)) != len(checked):
        raise ValueError(f"condition_ids must be {accepted}; got {condition_ids!r}")
    return checked


def _check_step_indices(step_indices: object) -> tuple[int, ...]:
    """``step_indices`` as a tuple: None means every step; otherwise distinct whole numbers."""
    if step_indices is None:
        return tuple(range(cascade.STEP_COUNT))
    accepted = (
        "None or a non-empty sequence of distinct whole numbers in "
        f"[0, {cascade.STEP_COUNT - 1}] (step numbers, 0 = insulin arrives)"
    )
    if not isinstance(step_indices, (list, tuple)) or not step_indices:
        raise ValueError(f"step_indices must be {accepted}; got {step_indices!r}")
    checked = []
    for index in step_indices:
        if isinstance(index, bool) or not isinstance(index, int):
            raise ValueError(f"step_indices must be {accepted}; got {step_indices!r}")
        if not 0 <= index < cascade.STEP_COUNT:
            raise ValueError(f"step_indices must be {accepted}; got {step_indices!r}")
        checked.append(index)
    if len(set(checked)) != len(checked):
        raise ValueError(f"step_indices must be {accepted}; got {step_indices!r}")
    return tuple(checked)


def render_frames(
    condition_ids: tuple[str, ...] | None = None,
    *,
    step_indices: tuple[int, ...] | None = None,
    dpi: float = STATIC_DPI,
    colours: int = 96,
) -> dict[str, tuple[bytes, ...]]:
    """PNG bytes of every chosen condition × step frame, keyed by condition id (one figure reused).

    Parameters
    ----------
    condition_ids : sequence of str, optional
        Conditions to render, in order; default all of :data:`insulinlab.cascade.CONDITION_IDS`.
    step_indices : sequence of int, optional
        Steps to render, in order (0 = insulin arrives); default every step. Pass
        ``(cascade.STEP_COUNT - 1,)`` for the finished cascade only.
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default 96
        Palette size of each PNG, in [16, 256] (fewer = smaller files).

    Returns
    -------
    dict of str to tuple of bytes
        One PNG image per chosen step and condition, in the order of ``step_indices``.

    Raises
    ------
    ValueError
        If a condition id is unknown or repeated, a step index is not a distinct whole number
        in [0, ``cascade.STEP_COUNT`` − 1], or ``dpi`` or ``colours`` is out of range.
    """
    from insulinlab._validate import check_range

    chosen = _check_condition_ids(condition_ids)
    steps = _check_step_indices(step_indices)
    resolution = check_range("dpi", dpi, 10, 300, "dots per inch")
    palette_size = int(check_range("colours", colours, 16, 256, "colours"))
    stepper_figure = build_stepper_figure()
    frames: dict[str, tuple[bytes, ...]] = {}
    for condition_id in chosen:
        images = []
        for step_index in steps:
            stepper_figure.update(condition_id, step_index)
            images.append(stepper_figure.png(resolution, palette_size))
        frames[condition_id] = tuple(images)
    return frames


def cascade_stepper_static(
    condition_ids: tuple[str, ...] | None = None,
    *,
    step_indices: tuple[int, ...] | None = None,
    dpi: float = STATIC_DPI,
    colours: int = 96,
):
    """Build the no-kernel stepper: every condition × step precomputed and linked in the browser.

    An outer ``ipywidgets.Stack`` holds one child per condition (its explanation and an inner
    ``Stack`` of one frame per step: the figure as a PNG ``Image`` and the step text). A
    ``ToggleButtons`` selects the condition (its ``index`` is linked to the outer stack's
    ``selected_index``) and a ``SelectionSlider`` labelled 1…N selects the step (its ``index``
    is linked to every inner stack). The links are ``jslink`` s, so they live in the saved
    widget state and work on the static site without a kernel; the same cell works unchanged
    in a live kernel.

    Each frame is about 17 KB (a 96-colour PNG at 80 dpi), so all 8 presets × 21 steps make
    about 4 MB of widget state (2.8 MB gzipped); pass fewer ``condition_ids`` or
    ``step_indices`` for a lighter page. With a single step (for example
    ``step_indices=(cascade.STEP_COUNT - 1,)``, the finished cascade) there is no step slider:
    the condition buttons switch between one frame per condition.

    Parameters
    ----------
    condition_ids : sequence of str, optional
        Conditions to offer, in order; default all of :data:`insulinlab.cascade.CONDITION_IDS`.
    step_indices : sequence of int, optional
        Steps to precompute, in order (0 = insulin arrives); default every step. The slider
        is labelled with the step numbers (1-based) and is left out when only one step is
        chosen.
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 96
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a note (HTML), the condition ``ToggleButtons``, the step ``SelectionSlider``
        (only when more than one step is chosen) and the outer ``Stack``. The ``jslink``
        objects are kept on the box as ``box.links``.

    Raises
    ------
    ValueError
        If a condition id is unknown or repeated, a step index is invalid or repeated, or
        ``dpi`` or ``colours`` is out of range.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (nested Stacks linked with ``jslink``). Content:
    :mod:`insulinlab.cascade`.
    """
    import ipywidgets as widgets

    chosen = _check_condition_ids(condition_ids)
    chosen_steps = _check_step_indices(step_indices)
    frames = render_frames(chosen, step_indices=chosen_steps, dpi=dpi, colours=colours)
    inner_stacks = []
    condition_pages = []
    for condition_id in chosen:
        steps = [
            image_page(png, step_html(condition_id, step_index), _image_layout())
            for step_index, png in zip(chosen_steps, frames[condition_id], strict=True)
        ]
        inner = widgets.Stack(children=steps, selected_index=0)
        inner_stacks.append(inner)
        condition_pages.append(widgets.VBox([widgets.HTML(condition_html(condition_id)), inner]))
    selector = widgets.ToggleButtons(
        options=[(CONDITION_SHORT_LABELS[c], i) for i, c in enumerate(chosen)],
        index=0,
        description="Condition",
        style={"description_width": "initial", "button_width": "auto"},
        tooltips=[cascade.condition(c).label for c in chosen],
    )
    outer, outer_link = linked_stack(selector, condition_pages)
    links = [outer_link]
    if len(chosen_steps) == 1:
        note = widgets.HTML(
            f"<p><em>{html.escape(STATIC_ONE_STEP_NOTE)}</em> "
            f"Each frame shows step {chosen_steps[0] + 1} of {cascade.STEP_COUNT}. "
            f"{html.escape(cascade.QUALITATIVE_NOTE)}</p>"
        )
        box = widgets.VBox([note, selector, outer])
        box.links = links
        return box
    slider = widgets.SelectionSlider(
        options=[(str(step + 1), i) for i, step in enumerate(chosen_steps)],
        index=0,
        description="Step",
        continuous_update=True,
        layout=widgets.Layout(width="32em"),
    )
    links.extend(link_index(slider, inner) for inner in inner_stacks)
    note = widgets.HTML(
        f"<p><em>{html.escape(STATIC_NOTE)}</em> {html.escape(cascade.QUALITATIVE_NOTE)}</p>"
    )
    box = widgets.VBox([note, selector, slider, outer])
    box.links = links
    return box


# --------------------------------------------------------------------------------------------
# Static figure
# --------------------------------------------------------------------------------------------


def plot_lesion_small_multiples():
    """Small multiples: healthy and every condition preset, each shaded by signal.

    Each panel is the whole cascade (all steps done) with every node's signal printed and
    shaded, the lesion marked dashed or hatched with its factor, and the relative glucose
    uptake in the title (for the liver preset, the FOXO1 switch-off and the uptake a GLUT4
    cell would show). Alt text is set in the chapter.

    Returns
    -------
    matplotlib.figure.Figure
        A figure with one axes per condition, in :data:`insulinlab.cascade.CONDITIONS` order;
        not registered with pyplot.

    Source
    ------
    :mod:`insulinlab.cascade`; factors are qualitative teaching numbers.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> figure = plot_lesion_small_multiples()
    >>> len(figure.axes) == len(cascade.CONDITIONS)
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    columns = 2
    rows = -(-len(cascade.CONDITIONS) // columns)
    figure = Figure(figsize=(4.6 * columns, 4.9 * rows), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    last = cascade.STEP_COUNT - 1
    for ax, preset in zip(axes, cascade.CONDITIONS, strict=False):
        draw_cascade(ax, preset.id, last, compact=True, show_current=False)
    for ax in axes[len(cascade.CONDITIONS) :]:
        figure.delaxes(ax)
    figure.suptitle(
        "Where each mechanism strikes the insulin cascade\n(signal in each box, healthy "
        "insulin stimulation = 1.00; dashed or hatched = lesion; factors are qualitative "
        "teaching numbers)",
        fontsize=10,
    )
    return figure


__all__ = [
    "COMPACT_LABELS",
    "CONDITION_SHORT_LABELS",
    "FIGSIZE_IN",
    "LIVE_DPI",
    "LIVE_UPDATE_NOTE",
    "NODE_POSITIONS",
    "SHORT_LABELS",
    "STATIC_DPI",
    "STATIC_NOTE",
    "STATIC_ONE_STEP_NOTE",
    "CascadeDiagram",
    "SignalBar",
    "StepperFigure",
    "build_stepper_figure",
    "cascade_stepper",
    "cascade_stepper_static",
    "condition_html",
    "draw_cascade",
    "draw_signal_bar",
    "image_description",
    "palette_image",
    "plot_lesion_small_multiples",
    "render_frames",
    "signal_fill",
    "step_html",
    "widget_state_size",
]
