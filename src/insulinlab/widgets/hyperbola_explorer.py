"""The chapter 02 hyperbola explorer and the chapter's two static figures.

"Lower sensitivity, watch required secretion rise; cap β-cell capacity, watch glucose climb."
The numbers come from :mod:`insulinlab.hyperbola`; this module only draws them.

- :func:`draw_explorer` draws one state on two given axes (the hyperbola above, fasting glucose
  below, sharing the sensitivity axis) and returns the artists as an :class:`ExplorerArtists`
  whose ``update`` moves them, so a widget builds its figure once and changes it in place.
- :func:`hyperbola_explorer` is the live widget: two sliders (insulin sensitivity, β-cell
  capacity) that redraw the figure when released; it needs a running kernel to respond. Its
  picture leaves out the title and readouts (:func:`readout_texts`), which it writes as HTML
  under the picture (:func:`readout_html`).
- :func:`hyperbola_explorer_static` precomputes a grid of sensitivities × capacities as small
  PNG frames in nested ``ipywidgets.Stack`` s linked in the browser with ``jslink``, so it
  responds on the static site with no kernel (see ``STATIC_WIDGETS.md``).
- :func:`plot_hyperbola_law` and :func:`plot_whitehall_reported` are the chapter's static
  figures.

Colour is never the only cue: every line is also labelled or distinguished by its style and
marker. Colours come from the Okabe–Ito palette in :mod:`insulinlab.plotting`.

Sources
-------
Hyperbolic law: Kahn et al. 1993, *Diabetes* 42:1663–72; Bergman 2021, *Front Endocrinol*
11:583016. Whitehall II values: Tabák et al. 2009, *Lancet* 373:2215–21. ADA fasting-glucose
thresholds: American Diabetes Association, Standards of Care in Diabetes—2025, section 2,
doi:10.2337/dc25-S002. The glucose rule is a qualitative teaching relation
(:mod:`insulinlab.hyperbola`).

For education only; not medical advice.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from insulinlab import hyperbola, indices, units
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    described_image,
    image_page,
    live_png_bytes,
    live_renderer,
    nested_linked_stacks,
    palette_with_fixed_colours,
    rgba_to_png_bytes,
)

FIGSIZE_IN = (6.4, 6.4)
"""Size of the explorer figure (hyperbola above, glucose below), inches."""

LIVE_DPI = 80
"""Resolution of the live widget's image."""

LIVE_COLOURS = 48
"""Palette size of the live widget's PNG (a palette PNG is about a third of full colour; the
figure's own colours are kept exactly, so 48 suffice and encode twice as fast as 96)."""

STATIC_DPI = 72
"""Resolution of each precomputed frame of the no-kernel form."""

STATIC_COLOURS = 32
"""Palette size of each precomputed PNG frame (fewer colours = smaller frames)."""

SENSITIVITY_LIMITS = (0.0, 2.1)
"""Horizontal axis (insulin sensitivity, relative) of both panels."""

SECRETION_LIMITS = (0.0, 7.5)
"""Vertical axis (insulin secretion, relative) of the hyperbola panel."""

GLUCOSE_LIMITS_MMOL_L = (4.0, 17.0)
"""Vertical axis (fasting glucose, mmol/L) of the glucose panel."""

LIVE_SENSITIVITY = {"value": 1.0, "min": 0.15, "max": 2.0, "step": 0.05}
"""The live sensitivity slider (relative units)."""

LIVE_CAPACITY = {"value": 2.0, "min": 0.5, "max": 6.0, "step": 0.25}
"""The live β-cell capacity slider (relative units)."""

STATIC_SENSITIVITIES = (0.15, 0.25, 0.35, 0.5, 0.7, 1.0, 1.5)
"""Insulin sensitivities precomputed for the no-kernel form."""

STATIC_CAPACITIES = (("Large (4×)", 4.0), ("Medium (2×)", 2.0), ("Small (1.25×)", 1.25))
"""β-cell capacities precomputed for the no-kernel form, with their button labels."""

STATIC_START = (1.0, 2.0)
"""Sensitivity and capacity shown first in both forms."""

LIVE_UPDATE_NOTE = (
    "The sliders need a running kernel (use the launch buttons); on the static page this "
    "figure stays at its first state. Use the no-kernel explorer above instead."
)

STATIC_NOTE = (
    "This version works without a kernel: choose a β-cell capacity with the buttons, then drag "
    "the sensitivity slider (or click it and use the arrow keys)."
)

_CURVE_POINTS = 240
_CURVE_SENSITIVITIES = np.linspace(0.12, SENSITIVITY_LIMITS[1], _CURVE_POINTS)
_NEEDED = PALETTE["blue"]
_CAP = PALETTE["vermillion"]
_PERSON = PALETTE["orange"]
_GLUCOSE = PALETTE["bluish_green"]
_GREY = "#6b6b6b"
_CAP_ZONE = "#fcefe5"  # vermillion at 8 % over white, drawn opaque so the palette keeps it
_FIXED_COLOURS = ("#ffffff", "#000000", *PALETTE.values(), _GREY, _CAP_ZONE)


def _ada_fasting_thresholds_mmol_l() -> tuple[float, float]:
    """The ADA prediabetes and diabetes fasting thresholds (100 and 126 mg/dL) in mmol/L."""
    low, high = indices.ADA_FASTING_GLUCOSE_MG_DL
    return units.glucose_mg_dl_to_mmol_l(low), units.glucose_mg_dl_to_mmol_l(high)


def _fmt(value: float) -> str:
    """A relative value for display: two decimals, trailing zeros kept."""
    return f"{value:.2f}"


def readout_texts(state: hyperbola.SteadyState) -> tuple[str, str, str]:
    """The title and the two readouts of one state: (title, secretion, glucose).

    The figure shows them (the title above the top panel, a boxed readout in each panel); the
    live widget writes them as HTML under the picture instead.

    Examples
    --------
    >>> readout_texts(hyperbola.steady_state(1.0, 2.0))[0]
    'Sensitivity 1.00×, β-cell capacity 2.00×'
    """
    glucose = state.fasting_glucose_mmol_l
    if state.compensated:
        secretion_text = (
            f"needed = made: {_fmt(state.secretion)}×   DI {_fmt(state.disposition_index)}"
        )
    else:
        secretion_text = (
            f"needed {_fmt(state.required_secretion)}×, made only "
            f"{_fmt(state.secretion)}×   DI {_fmt(state.disposition_index)}"
        )
    glucose_text = f"fasting glucose ≈ {glucose:.1f} mmol/L" + (
        " (set point)" if state.compensated else " (above set point)"
    )
    title = (
        f"Sensitivity {_fmt(state.insulin_sensitivity)}×, "
        f"β-cell capacity {_fmt(state.beta_cell_capacity)}×"
    )
    return title, secretion_text, glucose_text


# --------------------------------------------------------------------------------------------
# Pure drawing
# --------------------------------------------------------------------------------------------


@dataclass
class ExplorerArtists:
    """The artists of one explorer figure that :meth:`update` moves."""

    hyperbola_ax: object
    glucose_ax: object
    cap_line: object
    cap_zone: object
    cap_label: object
    limit_lines: tuple
    shortfall_line: object
    required_marker: object
    required_label: object
    person_marker: object
    person_label: object
    glucose_line: object
    glucose_marker: object
    secretion_readout: object
    glucose_readout: object
    title: object
    state: hyperbola.SteadyState | None = None
    readouts: bool = True

    def update(self, insulin_sensitivity: float, beta_cell_capacity: float):
        """Move every dynamic artist to a new sensitivity and capacity; return the state.

        Raises
        ------
        ValueError
            If either value is outside the model's accepted range (see
            :func:`insulinlab.hyperbola.steady_state`).
        """
        state = hyperbola.steady_state(insulin_sensitivity, beta_cell_capacity)
        sensitivity, capacity = state.insulin_sensitivity, state.beta_cell_capacity
        x_low, x_high = SENSITIVITY_LIMITS
        y_high = SECRETION_LIMITS[1]
        self.cap_line.set_ydata([capacity, capacity])
        self.cap_zone.set_y(capacity)
        self.cap_zone.set_height(max(y_high - capacity, 0.0))
        # The label goes where the hyperbola is not: at the left for small capacities, at the
        # right otherwise, and below the line near the top of the axes.
        if capacity < 1.0:
            self.cap_label.set_position((x_low + 0.03, capacity))
            self.cap_label.set_horizontalalignment("left")
        else:
            self.cap_label.set_position((x_high - 0.03, capacity))
            self.cap_label.set_horizontalalignment("right")
        self.cap_label.set_verticalalignment("top" if capacity > y_high - 0.8 else "bottom")
        self.cap_label.set_text(f"β-cell capacity {_fmt(capacity)}×")
        limit = hyperbola.compensation_limit(capacity)
        for line in self.limit_lines:
            line.set_xdata([limit, limit])
        self.person_marker.set_data([sensitivity], [state.secretion])
        # Above the point while it sits on the hyperbola (which falls to the right), below it
        # once capped (the "needed" marker is above); to the left near the right edge.
        on_right = sensitivity < SENSITIVITY_LIMITS[1] - 0.5
        offset_y = 0.25 if state.compensated else -0.25
        self.person_label.set_position(
            (sensitivity + (0.05 if on_right else -0.05), state.secretion + offset_y)
        )
        self.person_label.set_horizontalalignment("left" if on_right else "right")
        self.person_label.set_verticalalignment("bottom" if state.compensated else "top")
        self.person_label.set_text("made = needed" if state.compensated else "made")
        self.required_marker.set_data([sensitivity], [state.required_secretion])
        self.required_label.set_position((sensitivity + 0.05, state.required_secretion + 0.15))
        self.shortfall_line.set_data(
            [sensitivity, sensitivity], [state.secretion, state.required_secretion]
        )
        for artist in (self.required_marker, self.required_label, self.shortfall_line):
            artist.set_visible(not state.compensated)
        self.glucose_line.set_ydata(hyperbola.glucose_curve(_CURVE_SENSITIVITIES, capacity))
        self.glucose_marker.set_data([sensitivity], [state.fasting_glucose_mmol_l])
        # Without ``readouts`` (the live widget writes them as HTML) the three texts stay empty.
        texts = readout_texts(state) if self.readouts else ("", "", "")
        self.title.set_text(texts[0])
        self.secretion_readout.set_text(texts[1])
        self.glucose_readout.set_text(texts[2])
        self.state = state
        return state

    def dynamic_artists(self) -> list:
        """The artists :meth:`update` changes."""
        return [
            self.cap_line,
            self.cap_zone,
            self.cap_label,
            *self.limit_lines,
            self.shortfall_line,
            self.required_marker,
            self.required_label,
            self.person_marker,
            self.person_label,
            self.glucose_line,
            self.glucose_marker,
            self.secretion_readout,
            self.glucose_readout,
            self.title,
        ]


_READOUT_BOX = {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": _GREY}


def _marker(ax, face: str, edge: str, size: float, zorder: int):
    (line,) = ax.plot(
        [],
        [],
        marker="o",
        markersize=size,
        markerfacecolor=face,
        markeredgecolor=edge,
        markeredgewidth=1.6,
        linestyle="none",
        zorder=zorder,
    )
    return line


def _vertical_line(ax):
    (line,) = ax.plot(
        [0, 0],
        [0, 1],
        transform=ax.get_xaxis_transform(),
        color=_GREY,
        linewidth=1.0,
        linestyle="-.",
        zorder=2,
    )
    return line


def draw_explorer(
    hyperbola_ax,
    glucose_ax,
    insulin_sensitivity: float = STATIC_START[0],
    beta_cell_capacity: float = STATIC_START[1],
    *,
    readouts: bool = True,
) -> ExplorerArtists:
    """Draw the explorer on two axes: the hyperbola above, fasting glucose below.

    Top: the secretion needed to hold fasting glucose at its set point (the solid hyperbola
    DI = 1), a dotted hyperbola DI = 0.5 for comparison, the β-cell capacity as a dashed
    horizontal line with the region above it shaded, and the person: a filled marker
    labelled "made" at the secretion actually made and, once capped, a hollow marker labelled
    "needed" on the hyperbola, joined by a dotted line (the shortfall). Bottom: fasting glucose
    against sensitivity for this capacity, the person's glucose, the set point and the ADA
    fasting thresholds for orientation. A dash-dot vertical line in both panels marks the
    sensitivity below which the capacity is reached. Every element is labelled in the figure.

    Parameters
    ----------
    hyperbola_ax, glucose_ax : matplotlib.axes.Axes
        Where to draw; sharing the x axis is up to the caller.
    insulin_sensitivity, beta_cell_capacity : float
        The first state (relative units).
    readouts : bool, default True
        Write the title and the two boxed readouts (:func:`readout_texts`); False leaves them
        empty (the live widget shows them as HTML: rewriting them costs most of a redraw).

    Returns
    -------
    ExplorerArtists
        The dynamic artists; call ``update`` to move them.

    Raises
    ------
    ValueError
        If the sensitivity or capacity is outside the model's accepted range.
    """
    from matplotlib.patches import Rectangle

    x_low, x_high = SENSITIVITY_LIMITS
    ax = hyperbola_ax
    ax.plot(
        _CURVE_SENSITIVITIES,
        hyperbola.hyperbola_curve(1.0, _CURVE_SENSITIVITIES),
        color=_NEEDED,
        linewidth=2.2,
        zorder=3,
    )
    ax.plot(
        _CURVE_SENSITIVITIES,
        hyperbola.hyperbola_curve(0.5, _CURVE_SENSITIVITIES),
        color=_GREY,
        linewidth=1.2,
        linestyle=":",
        zorder=2,
    )
    ax.text(1.85, 0.5 / 1.85 + 0.03, "DI = 0.5", color=_GREY, fontsize=8, ha="center")
    ax.text(
        0.22,
        SECRETION_LIMITS[1] - 0.25,
        "solid curve (DI = 1): needed\nshaded: beyond capacity",
        color=_GREY,
        fontsize=8,
        ha="left",
        va="top",
    )
    cap_zone = Rectangle(
        (x_low, 0.0), x_high - x_low, 1.0, facecolor=_CAP_ZONE, edgecolor="none", zorder=1
    )
    ax.add_patch(cap_zone)
    (cap_line,) = ax.plot([x_low, x_high], [0.0, 0.0], color=_CAP, linewidth=1.8, linestyle="--")
    cap_label = ax.text(x_high, 0.0, "", color=_CAP, fontsize=9, zorder=5)
    limit_top = _vertical_line(ax)
    (shortfall_line,) = ax.plot([], [], color=_CAP, linewidth=1.6, linestyle=":", zorder=4)
    required_marker = _marker(ax, "white", _NEEDED, 9, 6)
    required_label = ax.text(0, 0, "needed", color=_NEEDED, fontsize=9, va="bottom", zorder=6)
    person_marker = _marker(ax, _PERSON, "black", 10, 7)
    person_label = ax.text(0, 0, "", fontsize=9, zorder=7)
    secretion_readout = ax.text(
        0.985,
        0.97,
        "",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        bbox=_READOUT_BOX,
        zorder=8,
    )
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(*SECRETION_LIMITS)
    ax.set_ylabel("Insulin secretion\n(× reference)")
    title = ax.set_title("", fontsize=10)

    gx = glucose_ax
    prediabetes, diabetes = _ada_fasting_thresholds_mmol_l()
    set_point = hyperbola.GLUCOSE_SET_POINT_MMOL_L
    gx.axhline(set_point, color=_GREY, linewidth=1.0, linestyle=":")
    gx.text(
        x_low + 0.03,
        set_point - 0.15,
        f"set point {set_point:.1f}",
        fontsize=8,
        color=_GREY,
        va="top",
    )
    for level, text in (
        (prediabetes, f"ADA prediabetes from {prediabetes:.1f}"),
        (diabetes, f"ADA diabetes from {diabetes:.1f}"),
    ):
        gx.axhline(level, color=_GREY, linewidth=0.8, linestyle="--")
        gx.text(x_high - 0.03, level + 0.15, text, fontsize=8, color=_GREY, ha="right", va="bottom")
    (glucose_line,) = gx.plot(
        _CURVE_SENSITIVITIES, np.full(_CURVE_POINTS, set_point), color=_GLUCOSE, linewidth=2.2
    )
    glucose_marker = _marker(gx, _PERSON, "black", 10, 7)
    limit_bottom = _vertical_line(gx)
    glucose_readout = gx.text(
        0.985,
        0.97,
        "",
        transform=gx.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        bbox=_READOUT_BOX,
        zorder=8,
    )
    gx.text(
        0.015,
        0.97,
        "dash-dot line: capacity reached\n(to its left, glucose climbs)",
        transform=gx.transAxes,
        ha="left",
        va="top",
        fontsize=8,
        color=_GREY,
    )
    gx.set_xlim(x_low, x_high)
    gx.set_ylim(*GLUCOSE_LIMITS_MMOL_L)
    gx.set_xlabel("Insulin sensitivity (× reference; left = more resistant)")
    gx.set_ylabel("Fasting glucose\n(mmol/L, teaching model)")

    artists = ExplorerArtists(
        hyperbola_ax=ax,
        glucose_ax=gx,
        cap_line=cap_line,
        cap_zone=cap_zone,
        cap_label=cap_label,
        limit_lines=(limit_top, limit_bottom),
        shortfall_line=shortfall_line,
        required_marker=required_marker,
        required_label=required_label,
        person_marker=person_marker,
        person_label=person_label,
        glucose_line=glucose_line,
        glucose_marker=glucose_marker,
        secretion_readout=secretion_readout,
        glucose_readout=glucose_readout,
        title=title,
        readouts=bool(readouts),
    )
    artists.update(insulin_sensitivity, beta_cell_capacity)
    return artists


@dataclass
class ExplorerFigure:
    """An explorer figure built once (not registered with pyplot) and its artists."""

    figure: object
    artists: ExplorerArtists

    def update(self, insulin_sensitivity: float, beta_cell_capacity: float):
        """Move the artists; return the new :class:`insulinlab.hyperbola.SteadyState`."""
        return self.artists.update(insulin_sensitivity, beta_cell_capacity)

    def png(self, dpi: float, colours: int | None = STATIC_COLOURS, *, live: bool = False) -> bytes:
        """The figure as PNG bytes at ``dpi``; with ``colours``, a palette PNG that size.

        With ``live``, drawn by blitting and encoded faster (same pixels; see
        :func:`~insulinlab.widgets.static_stack.live_png_bytes`).
        """
        if live:
            return live_png_bytes(self.figure, dpi, colours, _palette_image)
        self.figure.set_dpi(dpi)
        canvas = self.figure.canvas
        canvas.draw()
        return rgba_to_png_bytes(np.asarray(canvas.buffer_rgba()), colours, _palette_image)


def _palette_image(image, colours: int):
    """Quantise an RGB ``PIL.Image`` to ``colours`` entries without dithering.

    The figure's own colours are kept exactly; an adaptive palette covers the anti-aliased
    edges (an adaptive palette alone turns the pale capacity zone grey).
    """
    fixed = [tuple(int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)) for c in _FIXED_COLOURS]
    return palette_with_fixed_colours(image, colours, fixed)


def build_explorer_figure(
    insulin_sensitivity: float = STATIC_START[0],
    beta_cell_capacity: float = STATIC_START[1],
    *,
    readouts: bool = True,
) -> ExplorerFigure:
    """Build the two-panel explorer figure once, with an Agg canvas and fixed axes positions.

    ``readouts`` is passed on to :func:`draw_explorer`.

    Raises
    ------
    ValueError
        If the sensitivity or capacity is outside the model's accepted range.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    # Fixed axes positions: a layout engine would re-run on every render.
    hyperbola_ax = figure.add_axes((0.15, 0.53, 0.82, 0.41))
    glucose_ax = figure.add_axes((0.15, 0.085, 0.82, 0.36), sharex=hyperbola_ax)
    artists = draw_explorer(
        hyperbola_ax, glucose_ax, insulin_sensitivity, beta_cell_capacity, readouts=readouts
    )
    return ExplorerFigure(figure=figure, artists=artists)


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def state_html(state: hyperbola.SteadyState) -> str:
    """Two or three sentences describing one state, as HTML (the text alternative of a frame).

    Examples
    --------
    >>> "fall short" in state_html(hyperbola.steady_state(0.25, 2.0))
    True
    """
    set_point = hyperbola.GLUCOSE_SET_POINT_MMOL_L
    glucose = state.fasting_glucose_mmol_l
    glucose_mg_dl = units.glucose_mmol_l_to_mg_dl(glucose)
    parts = [
        f"Insulin sensitivity {_fmt(state.insulin_sensitivity)}× the reference. To hold "
        f"fasting glucose at {set_point:.1f} mmol/L the β-cells would need to secrete "
        f"{_fmt(state.required_secretion)}× the reference amount; their capacity is "
        f"{_fmt(state.beta_cell_capacity)}×."
    ]
    if state.compensated:
        parts.append(
            f"They keep up: the disposition index stays at {_fmt(state.disposition_index)} and "
            f"fasting glucose stays at the set point, {set_point:.1f} mmol/L."
        )
    else:
        parts.append(
            f"They fall short by {_fmt(state.shortfall)}×, so the disposition index drops to "
            f"{_fmt(state.disposition_index)} and fasting glucose settles at about "
            f"{glucose:.1f} mmol/L ({glucose_mg_dl:.0f} mg/dL) in the teaching model."
        )
    return f"<p>{html.escape(' '.join(parts))}</p>"


def readout_html(state: hyperbola.SteadyState) -> str:
    """The title and readouts of one state (:func:`readout_texts`) as one HTML paragraph.

    Examples
    --------
    >>> print(readout_html(hyperbola.steady_state(1.0, 2.0)).replace("<br>", "\\n"))
    <p><strong>Sensitivity 1.00×, β-cell capacity 2.00×</strong>
    Insulin secretion: needed = made: 1.00× · DI 1.00
    Fasting glucose ≈ 5.0 mmol/L (set point)</p>
    """
    title, secretion, glucose = (
        html.escape(text.replace("   ", " · ")) for text in readout_texts(state)
    )
    return (
        f"<p><strong>{title}</strong><br>Insulin secretion: {secretion}<br>"
        f"{glucose[0].upper()}{glucose[1:]}</p>"
    )


def _image_description(state: hyperbola.SteadyState) -> str:
    """The live image's tooltip (and, on the site, alt text): what it shows, for this state."""
    title, secretion, glucose = readout_texts(state)
    secretion = secretion.replace("   ", ", ")
    return (
        "Insulin secretion against insulin sensitivity on the hyperbola (top) and fasting "
        f"glucose against sensitivity (bottom). {title}: secretion {secretion}; {glucose}. "
        "The text below gives the values shown"
    )


def _header_html(note: str) -> str:
    return (
        "<p><strong>Hyperbola explorer.</strong> Lower the insulin sensitivity and watch the "
        "secretion needed rise along the hyperbola; lower the β-cell capacity and watch "
        f"fasting glucose climb once the cap is reached. {html.escape(hyperbola.MODEL_STATUS)}"
        f"<br><em>{html.escape(note)}</em></p>"
    )


def _image_layout(dpi: float):
    """Full width on small screens, never wider than the image's own pixels."""
    import ipywidgets as widgets

    return widgets.Layout(width="100%", max_width=f"{FIGSIZE_IN[0] * dpi:.0f}px", height="auto")


# --------------------------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------------------------


def hyperbola_explorer(*, dpi: float = LIVE_DPI):
    """Build the live explorer: two sliders, the figure (built once) and a text readout.

    The sliders have ``continuous_update=False``: the figure is redrawn when a slider is
    released (or moved with the arrow keys), by moving the existing artists and re-encoding
    the image (only what changed is redrawn). The title and the two readouts are not drawn in
    the live picture: the text under it gives them (:func:`readout_html`) with the sentences
    of :func:`state_html`, and the picture's description (tooltip and alt text) names them.
    A page saved with its widget state shows the first state; responding needs a running
    kernel (use :func:`hyperbola_explorer_static` on the static site).

    Parameters
    ----------
    dpi : float, default :data:`LIVE_DPI`
        Resolution of the rendered image, dots per inch, in [10, 300].

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the sensitivity slider, the capacity slider (both
        ``FloatSlider``), the figure (``Image``) and the state text (HTML). The figure object
        is kept on the box as ``box.explorer`` (an :class:`ExplorerFigure`).

    Raises
    ------
    ValueError
        If ``dpi`` is outside [10, 300].
    """
    import ipywidgets as widgets

    from insulinlab._validate import check_range

    resolution = check_range("dpi", dpi, 10, 300, "dots per inch")
    sensitivity, capacity = STATIC_START
    explorer = build_explorer_figure(sensitivity, capacity, readouts=False)
    style = {"description_width": "12em"}
    layout = widgets.Layout(width="36em")
    sensitivity_slider = widgets.FloatSlider(
        description="Insulin sensitivity",
        continuous_update=False,
        readout_format=".2f",
        style=style,
        layout=layout,
        **LIVE_SENSITIVITY,
    )
    capacity_slider = widgets.FloatSlider(
        description="β-cell capacity",
        continuous_update=False,
        readout_format=".2f",
        style=style,
        layout=layout,
        **LIVE_CAPACITY,
    )
    # Every artist the sliders change leaves the cached background at the first render, so no
    # later change needs a full draw.
    live_renderer(explorer.figure).expect_changes(explorer.artists.dynamic_artists())
    image = described_image(
        explorer.png(resolution, LIVE_COLOURS, live=True),
        _image_layout(resolution),
        _image_description(explorer.artists.state),
    )
    text = widgets.HTML(readout_html(explorer.artists.state) + state_html(explorer.artists.state))

    def refresh(_change=None) -> None:
        state = explorer.update(sensitivity_slider.value, capacity_slider.value)
        png = explorer.png(resolution, LIVE_COLOURS, live=True)
        with image.hold_sync():  # picture and description in one message
            image.value = png
            image.tooltip = _image_description(state)
        text.value = readout_html(state) + state_html(state)

    sensitivity_slider.observe(refresh, names="value")
    capacity_slider.observe(refresh, names="value")
    box = widgets.VBox(
        [
            widgets.HTML(_header_html(LIVE_UPDATE_NOTE)),
            sensitivity_slider,
            capacity_slider,
            image,
            text,
        ]
    )
    box.explorer = explorer
    return box


def _check_values(name: str, values: object, low: float, high: float) -> tuple[float, ...]:
    """``values`` as a tuple of distinct numbers in (low, high]."""
    accepted = f"a non-empty sequence of distinct numbers in ({low:g}, {high:g}] (relative)"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ValueError(f"{name} must be {accepted}; got {values!r}")
    from insulinlab._validate import check_range

    checked = tuple(
        check_range(f"{name}[{i}]", value, low, high, "(relative)", low_inclusive=False)
        for i, value in enumerate(values)
    )
    if len(set(checked)) != len(checked):
        raise ValueError(f"{name} must be {accepted}; got repeats in {values!r}")
    return checked


def _check_capacities(capacities: object) -> tuple[tuple[str, float], ...]:
    accepted = "a non-empty sequence of distinct (label, capacity) pairs"
    if isinstance(capacities, (str, bytes)) or not isinstance(capacities, Sequence):
        raise ValueError(f"capacities must be {accepted}; got {capacities!r}")
    pairs = []
    for item in capacities:
        if (
            isinstance(item, (str, bytes))
            or not isinstance(item, Sequence)
            or len(item) != 2
            or not isinstance(item[0], str)
            or not item[0].strip()
        ):
            raise ValueError(f"capacities must be {accepted}; got {capacities!r}")
        pairs.append(item)
    values = _check_values(
        "capacities", [value for _, value in pairs], 0.0, hyperbola.SECRETION_RANGE[1]
    )
    labels = [label for label, _ in pairs]
    if len(set(labels)) != len(labels):
        raise ValueError(f"capacities must be {accepted}; got repeated labels {labels!r}")
    return tuple(zip(labels, values, strict=True))


def _start_index(values: tuple[float, ...], start: float) -> int:
    """The index of the value closest to ``start``."""
    return int(np.argmin([abs(value - start) for value in values]))


def render_frames(
    sensitivities: Sequence[float] = STATIC_SENSITIVITIES,
    capacities: Sequence[float] = tuple(value for _, value in STATIC_CAPACITIES),
    *,
    dpi: float = STATIC_DPI,
    colours: int = STATIC_COLOURS,
) -> tuple[tuple[bytes, ...], ...]:
    """PNG bytes of every capacity × sensitivity frame (one figure reused).

    Parameters
    ----------
    sensitivities : sequence of float
        Distinct insulin sensitivities in (0, 10] (relative), in slider order.
    capacities : sequence of float
        Distinct β-cell capacities in (0, 100] (relative), in button order.
    dpi : float, default :data:`STATIC_DPI`
        Resolution, dots per inch, in [10, 300].
    colours : int, default :data:`STATIC_COLOURS`
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    tuple of tuple of bytes
        ``frames[capacity_index][sensitivity_index]``.

    Raises
    ------
    ValueError
        If a value is out of range or repeated, or ``dpi`` or ``colours`` is out of range.
    """
    from insulinlab._validate import check_range

    chosen_sensitivities = _check_values(
        "sensitivities", sensitivities, *hyperbola.SENSITIVITY_RANGE
    )
    chosen_capacities = _check_values("capacities", capacities, *hyperbola.SECRETION_RANGE)
    resolution = check_range("dpi", dpi, 10, 300, "dots per inch")
    palette_size = int(check_range("colours", colours, 16, 256, "colours"))
    explorer = build_explorer_figure(chosen_sensitivities[0], chosen_capacities[0])
    frames = []
    for capacity in chosen_capacities:
        row = []
        for sensitivity in chosen_sensitivities:
            explorer.update(sensitivity, capacity)
            row.append(explorer.png(resolution, palette_size))
        frames.append(tuple(row))
    return tuple(frames)


def hyperbola_explorer_static(
    sensitivities: Sequence[float] = STATIC_SENSITIVITIES,
    capacities: Sequence[tuple[str, float]] = STATIC_CAPACITIES,
    *,
    dpi: float = STATIC_DPI,
    colours: int = STATIC_COLOURS,
):
    """Build the no-kernel explorer: every capacity × sensitivity frame, linked in the browser.

    An outer ``ipywidgets.Stack`` holds one child per capacity, each an inner ``Stack`` of one
    frame per sensitivity (the figure as a PNG ``Image`` and its description). A
    ``ToggleButtons`` chooses the capacity (its ``index`` is linked to the outer stack's
    ``selected_index``) and a ``SelectionSlider`` chooses the sensitivity (its ``index`` is
    linked to every inner stack). The links are ``jslink`` s, so they live in the saved widget
    state and work on the static site without a kernel; the same cell works unchanged in a
    live kernel. The default 7 × 3 frames (about 12 KB each) make about 0.45 MB of widget state
    as a notebook saves it.

    Parameters
    ----------
    sensitivities : sequence of float, default :data:`STATIC_SENSITIVITIES`
        Distinct insulin sensitivities in (0, 10] (relative), in slider order.
    capacities : sequence of (str, float), default :data:`STATIC_CAPACITIES`
        Distinct (button label, β-cell capacity) pairs, capacity in (0, 100] (relative).
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default :data:`STATIC_COLOURS`
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a note (HTML), the capacity ``ToggleButtons``, the sensitivity
        ``SelectionSlider`` and the outer ``Stack``. The ``jslink`` objects are kept on the
        box as ``box.links``.

    Raises
    ------
    ValueError
        If a sensitivity or capacity is invalid or repeated, or ``dpi`` or ``colours`` is out
        of range.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (nested Stacks linked with ``jslink``). Content:
    :mod:`insulinlab.hyperbola`.
    """
    import ipywidgets as widgets

    chosen_sensitivities = _check_values(
        "sensitivities", sensitivities, *hyperbola.SENSITIVITY_RANGE
    )
    chosen_capacities = _check_capacities(capacities)
    capacity_values = tuple(value for _, value in chosen_capacities)
    frames = render_frames(chosen_sensitivities, capacity_values, dpi=dpi, colours=colours)
    start_sensitivity = _start_index(chosen_sensitivities, STATIC_START[0])
    start_capacity = _start_index(capacity_values, STATIC_START[1])

    # One Layout shared by every frame: each Layout is a model of its own in the saved state.
    image_layout = _image_layout(dpi)
    pages_by_capacity = [
        [
            image_page(png, state_html(hyperbola.steady_state(sensitivity, capacity)), image_layout)
            for sensitivity, png in zip(chosen_sensitivities, row, strict=True)
        ]
        for capacity, row in zip(capacity_values, frames, strict=True)
    ]
    selector = widgets.ToggleButtons(
        options=[(label, i) for i, (label, _) in enumerate(chosen_capacities)],
        index=start_capacity,
        description="β-cell capacity",
        style={"description_width": "initial", "button_width": "auto"},
        tooltips=[
            f"β-cell capacity {value:g}× the reference secretion" for value in capacity_values
        ],
    )
    slider = widgets.SelectionSlider(
        options=[(f"{value:g}", i) for i, value in enumerate(chosen_sensitivities)],
        index=start_sensitivity,
        description="Insulin sensitivity",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="32em"),
    )
    outer, _, links = nested_linked_stacks(selector, slider, pages_by_capacity)
    box = widgets.VBox([widgets.HTML(_header_html(STATIC_NOTE)), selector, slider, outer])
    box.links = links
    return box


# --------------------------------------------------------------------------------------------
# Static figures
# --------------------------------------------------------------------------------------------


def plot_hyperbola_law(ax=None):
    """The hyperbolic law with a healthy, a compensating and a failing person.

    The solid hyperbola (DI = 1) is the secretion needed to hold fasting glucose at the set
    point; the healthy and compensating people lie on it, the failing person, capped by a
    smaller β-cell capacity, lies below it on a lower, dotted hyperbola. Each point is
    labelled with its numbers from :mod:`insulinlab.hyperbola`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new pyplot figure.

    Returns
    -------
    matplotlib.axes.Axes

    Source
    ------
    Kahn et al. 1993; Bergman 2021. The people are illustrative (relative units).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_hyperbola_law()
    >>> ax.get_xlabel()
    'Insulin sensitivity (× reference)'
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7.5, 5.2), layout="constrained")
    people = {person.id: person.state() for person in hyperbola.TEACHING_PEOPLE}
    failing = people["failing"]
    curve_x = np.linspace(0.2, 1.6, 200)
    ax.plot(curve_x, hyperbola.hyperbola_curve(1.0, curve_x), color=_NEEDED, linewidth=2.4)
    ax.text(
        1.585,
        0.9,
        "DI = 1.0: secretion needed\nto keep glucose at 5.0 mmol/L",
        color=_NEEDED,
        fontsize=9,
        ha="right",
        va="bottom",
    )
    ax.plot(
        curve_x,
        hyperbola.hyperbola_curve(failing.disposition_index, curve_x),
        color=_GREY,
        linewidth=1.4,
        linestyle=":",
    )
    ax.text(
        1.55,
        failing.disposition_index / 1.55 - 0.12,
        f"DI = {failing.disposition_index:.2f}",
        color=_GREY,
        fontsize=9,
        ha="right",
        va="top",
    )
    ax.axhline(failing.beta_cell_capacity, color=_CAP, linewidth=1.4, linestyle="--")
    ax.text(
        1.58,
        failing.beta_cell_capacity + 0.05,
        f"failing person's β-cell capacity ({failing.beta_cell_capacity:g}×)",
        color=_CAP,
        fontsize=9,
        ha="right",
        va="bottom",
    )
    markers = {"healthy": "o", "compensating": "s", "failing": "D"}
    offsets = {"healthy": (0.06, 0.33), "compensating": (0.06, 0.2), "failing": (0.06, -0.55)}
    for person in hyperbola.TEACHING_PEOPLE:
        state = people[person.id]
        ax.plot(
            state.insulin_sensitivity,
            state.secretion,
            marker=markers[person.id],
            markersize=10,
            markerfacecolor=_PERSON,
            markeredgecolor="black",
            linestyle="none",
            zorder=5,
        )
        dx, dy = offsets[person.id]
        ax.text(
            state.insulin_sensitivity + dx,
            state.secretion + dy,
            f"{person.label}\nsensitivity {state.insulin_sensitivity:.1f}, secretion "
            f"{state.secretion:.1f}\nDI {state.disposition_index:.2f}, glucose "
            f"{state.fasting_glucose_mmol_l:.1f} mmol/L",
            fontsize=9,
            va="center",
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": _GREY},
            zorder=6,
        )
    healthy, compensating = people["healthy"], people["compensating"]
    ax.annotate(
        "",
        xy=(compensating.insulin_sensitivity + 0.03, compensating.secretion - 0.08),
        xytext=(healthy.insulin_sensitivity - 0.04, healthy.secretion + 0.08),
        arrowprops={"arrowstyle": "->", "color": "black", "connectionstyle": "arc3,rad=0.25"},
    )
    ax.text(0.86, 2.05, "sensitivity falls;\nβ-cells compensate", fontsize=9, ha="left")
    ax.annotate(
        "",
        xy=(failing.insulin_sensitivity, failing.secretion + 0.1),
        xytext=(compensating.insulin_sensitivity, compensating.secretion - 0.12),
        arrowprops={"arrowstyle": "->", "color": _CAP, "linewidth": 1.5},
    )
    ax.text(
        compensating.insulin_sensitivity - 0.02,
        (compensating.secretion + failing.secretion) / 2,
        "capacity\nreached:\nDI falls",
        color=_CAP,
        fontsize=9,
        ha="right",
        va="center",
    )
    ax.set_xlim(0.2, 1.6)
    ax.set_ylim(0, 3.4)
    ax.set_xlabel("Insulin sensitivity (× reference)")
    ax.set_ylabel("Insulin secretion (× reference)")
    ax.set_title(
        "The hyperbolic law: sensitivity × secretion = disposition index (DI)", fontsize=11
    )
    return ax


def plot_whitehall_reported(axes=None):
    """The values reported by Whitehall II before diagnosis of type 2 diabetes.

    Left: HOMA β-cell function (%) at 4 and 3 years before diagnosis and at diagnosis. Right:
    fasting and 2-h glucose (mmol/L) at 3 years before diagnosis and at diagnosis. Only the
    published points (:data:`insulinlab.hyperbola.WHITEHALL_II_REPORTED`) are drawn; dashed
    straight lines join them and are not the study's fitted curves.

    Parameters
    ----------
    axes : pair of matplotlib.axes.Axes, optional
        Where to draw; by default a new pyplot figure with two panels.

    Returns
    -------
    tuple of matplotlib.axes.Axes

    Source
    ------
    Tabák et al. 2009, *Lancet* 373:2215–21, doi:10.1016/S0140-6736(09)60619-X.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> left, right = plot_whitehall_reported()
    >>> left.get_ylabel()
    'HOMA β-cell function (%)'
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9.0, 4.0), layout="constrained")
    left, right = axes
    reported = hyperbola.WHITEHALL_II_REPORTED
    series = [
        (
            left,
            reported["homa_beta_percent"],
            "HOMA β-cell function",
            PALETTE["blue"],
            "o",
            "{:.1f} %",
        ),
        (
            right,
            reported["fasting_glucose_mmol_l"],
            "fasting glucose",
            PALETTE["blue"],
            "o",
            "{:.2f}",
        ),
        (
            right,
            reported["two_hour_glucose_mmol_l"],
            "2-h glucose (75-g OGTT)",
            PALETTE["vermillion"],
            "s",
            "{:.2f}",
        ),
    ]
    for ax, points, label, colour, marker, fmt in series:
        years = [year for year, _ in points]
        values = [value for _, value in points]
        ax.plot(
            years,
            values,
            color=colour,
            linestyle="--",
            linewidth=1.3,
            marker=marker,
            markersize=8,
            label=label,
        )
        for year, value in points:
            ax.annotate(
                fmt.format(value),
                (year, value),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=9,
            )
    left.set_ylim(50, 105)
    left.set_ylabel("HOMA β-cell function (%)")
    left.set_title("β-cell function rose, then fell", fontsize=10)
    right.set_ylim(4, 13.5)
    right.set_ylabel("Glucose (mmol/L)")
    right.set_title("Glucose at 3 years before and at diagnosis", fontsize=10)
    right.legend(loc="upper left", fontsize=9, frameon=False)
    for ax in (left, right):
        ax.set_xlim(-4.6, 0.6)
        ax.set_xticks([-4, -3, -2, -1, 0])
        ax.set_xlabel("Years before diagnosis (0 = diagnosis)")
        ax.text(
            0.02,
            0.02,
            "markers: reported values; dashed lines only join them",
            transform=ax.transAxes,
            fontsize=8,
            color=_GREY,
            va="bottom",
        )
    return left, right


__all__ = [
    "FIGSIZE_IN",
    "GLUCOSE_LIMITS_MMOL_L",
    "LIVE_CAPACITY",
    "LIVE_COLOURS",
    "LIVE_DPI",
    "LIVE_SENSITIVITY",
    "LIVE_UPDATE_NOTE",
    "SECRETION_LIMITS",
    "SENSITIVITY_LIMITS",
    "STATIC_CAPACITIES",
    "STATIC_COLOURS",
    "STATIC_DPI",
    "STATIC_NOTE",
    "STATIC_SENSITIVITIES",
    "STATIC_START",
    "ExplorerArtists",
    "ExplorerFigure",
    "build_explorer_figure",
    "draw_explorer",
    "hyperbola_explorer",
    "hyperbola_explorer_static",
    "plot_hyperbola_law",
    "plot_whitehall_reported",
    "readout_html",
    "readout_texts",
    "render_frames",
    "state_html",
]
