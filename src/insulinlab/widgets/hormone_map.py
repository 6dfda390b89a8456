"""The chapter 04 clickable hormone map: pick a hormone, see where it pushes glucose, with sources.

The data live in :mod:`insulinlab.hormones`; this module only draws them.

- :func:`draw_hormone_map` draws one hormone's effects on given axes: the fuel chain
  *fat (lipolysis) → liver (glucose output) → blood glucose → muscle and fat (glucose uptake)*
  in the middle, the hormones along the top with the picked one highlighted, and an arrow from
  the picked hormone to every target it raises or lowers. It returns the artists, so tests can
  check them without a browser.
- :func:`caption_html` is the text under each frame: what the hormone is, how fast it acts,
  each effect with its evidence label and sources.
- :func:`hormone_map_static` precomputes one frame per hormone into an ``ipywidgets.Stack``
  whose ``selected_index`` is linked with ``jslink`` to a ``ToggleButtons`` (its ``index``),
  so the map responds on the static site with no kernel (``STATIC_WIDGETS.md``). The same cell
  works unchanged in a live kernel; there is no separate live form.
- :func:`plot_hormone_map_small_multiples` is the static figure: every hormone's map side by
  side.

Colour is never the only cue: an effect that raises its target is a solid vermillion arrow
marked "+", one that lowers it a dashed blue arrow marked "−"; each target box repeats the
effect in words; the picked hormone has a thick border and bold text. Colours come from the
Okabe–Ito palette in :mod:`insulinlab.plotting`.

Sources
-------
See :mod:`insulinlab.hormones`; every caption lists the sources of each effect.

For education only; not medical advice.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from insulinlab import hormones
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import image_page, linked_stack, widget_state_size

RAISE_COLOUR = PALETTE["vermillion"]
"""Arrow colour for an effect that raises its target (always also solid and marked "+")."""

LOWER_COLOUR = PALETTE["blue"]
"""Arrow colour for an effect that lowers its target (always also dashed and marked "−")."""

PICKED_COLOUR = PALETTE["orange"]
"""Border of the picked hormone."""

FLOW_COLOUR = "#8c8c8c"
"""The grey of the normal fuel flow between the tissues."""

GLYPHS: Mapping[int, str] = MappingProxyType({1: "+", -1: "−", 0: "0"})
"""The mark drawn on each effect arrow (and in each box), by sign."""

LINESTYLES: Mapping[int, str] = MappingProxyType({1: "-", -1: "--"})
"""Arrow line style by sign: solid raises, dashed lowers."""

ARROW_TARGETS = ("lipolysis", "hepatic_glucose_output", "glucose_uptake")
"""The targets drawn as boxes with arrows; insulin sensitivity is a labelled strip below."""

TARGET_POSITIONS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "lipolysis": (-3.85, 0.0),
        "hepatic_glucose_output": (-1.3, 0.0),
        "blood_glucose": (1.3, 0.0),
        "glucose_uptake": (3.85, 0.0),
    }
)
"""Centres of the fuel-chain boxes, left to right."""

TARGET_BOX_TEXT: Mapping[str, str] = MappingProxyType(
    {
        "lipolysis": "Fat tissue\nfat breakdown",
        "hepatic_glucose_output": "Liver\nglucose output",
        "blood_glucose": "Blood\nglucose",
        "glucose_uptake": "Muscle and fat\nglucose uptake",
    }
)
"""Box titles of the fuel chain."""

BUTTON_LABELS: Mapping[str, str] = MappingProxyType({h.id: h.label for h in hormones.HORMONES})
"""Label of each hormone on the toggle buttons and in the hormone row."""

ROW_LABELS: Mapping[str, str] = MappingProxyType(
    {**BUTTON_LABELS, "growth hormone": "Growth\nhormone", "testosterone": "Testo-\nsterone"}
)
"""Hormone-row labels, broken to fit the boxes."""

FIGSIZE_IN = (6.8, 4.3)
"""Size of one frame, inches."""

STATIC_DPI = 90
"""Resolution of each precomputed frame."""

STATIC_NOTE = (
    "This map works without a kernel: click a hormone to see which way it pushes the liver's "
    "glucose output, glucose uptake and fat breakdown, with the evidence and sources."
)

_X_LIMITS = (-5.05, 5.05)
_Y_LIMITS = (-2.75, 3.2)
_Y_LIMITS_COMPACT = (-1.5, 3.0)
_ROW_Y = 2.55
_BOX_W, _BOX_H = 1.95, 1.1
_ROW_W, _ROW_H = 1.24, 0.66
_PALE = {1: "#f9dcc4", -1: "#cce0f0", 0: "#ffffff"}
_GREY_TEXT = "#6e6e6e"


def _row_x(index: int) -> float:
    count = len(hormones.HORMONE_IDS)
    return -4.35 + index * 8.7 / (count - 1)


@dataclass
class HormoneMapDrawing:
    """The artists of one hormone map (built by :func:`draw_hormone_map`).

    Attributes
    ----------
    hormone_id : str
        The hormone drawn.
    boxes : dict
        Box patch per fuel-chain node (``TARGET_POSITIONS`` keys).
    box_texts : dict
        Text artist per fuel-chain node.
    row_boxes : dict
        Box patch per hormone in the top row (only the picked one when compact).
    arrows : dict
        Effect arrow per target in :data:`ARROW_TARGETS` whose sign is not 0.
    glyphs : dict
        The "+" / "−" mark on each effect arrow.
    sensitivity_text : object
        The insulin-sensitivity strip's text.
    """

    hormone_id: str
    boxes: dict = field(default_factory=dict)
    box_texts: dict = field(default_factory=dict)
    row_boxes: dict = field(default_factory=dict)
    arrows: dict = field(default_factory=dict)
    glyphs: dict = field(default_factory=dict)
    sensitivity_text: object = None


def _box(ax, centre, width, height, *, face="white", edge="black", lw=1.0, style="-", z=3):
    from matplotlib.patches import FancyBboxPatch

    x, y = centre
    patch = FancyBboxPatch(
        (x - width / 2, y - height / 2),
        width,
        height,
        boxstyle="round,pad=0.0,rounding_size=0.12",
        facecolor=face,
        edgecolor=edge,
        linewidth=lw,
        linestyle=style,
        zorder=z,
    )
    ax.add_patch(patch)
    return patch


def _effect_line(sign: int) -> str:
    return f"{GLYPHS[sign]} {hormones.SIGN_WORDS[sign]}"


def _blood_line(direction: int) -> str:
    return {1: "+ rises", -1: "− falls", 0: "no direct change"}[direction]


def draw_hormone_map(ax, hormone_name: str, *, compact: bool = False) -> HormoneMapDrawing:
    """Draw one hormone's effects on the fuel chain on ``ax``.

    The fuel chain runs left to right: fat tissue (fat breakdown feeds fatty acids to the
    liver), the liver (glucose output into the blood), blood glucose, and muscle and fat
    (glucose uptake from the blood); grey arrows show that normal flow. Above it, the hormone
    row with the picked hormone highlighted (thick orange border, bold); with ``compact`` only
    the picked hormone is shown. From the picked hormone, a solid vermillion arrow marked "+"
    goes to every target it raises and a dashed blue arrow marked "−" to every target it
    lowers; a target with no clear direct effect gets no arrow. Every box repeats the effect in
    words, the blood-glucose box shows the net direction (:func:`insulinlab.hormones.
    glucose_direction`), and a strip at the bottom gives the effect on insulin sensitivity.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on; its limits are set and its frame hidden.
    hormone_name : str
        A hormone name (see :func:`insulinlab.hormones.hormone`).
    compact : bool, default False
        Smaller text, no hormone row and no legend (for the small multiples).

    Returns
    -------
    HormoneMapDrawing

    Raises
    ------
    ValueError
        For an unknown hormone; the message lists the accepted names.

    Source
    ------
    :mod:`insulinlab.hormones` (each effect's citations are in :func:`caption_html`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> drawing = draw_hormone_map(Figure().subplots(), "glucagon")
    >>> sorted(drawing.arrows)
    ['hepatic_glucose_output']
    """
    from matplotlib.patches import FancyArrowPatch

    h = hormones.hormone(hormone_name)
    drawing = HormoneMapDrawing(hormone_id=h.id)
    ax.set_xlim(*_X_LIMITS)
    ax.set_ylim(*(_Y_LIMITS_COMPACT if compact else _Y_LIMITS))
    ax.set_axis_off()
    font = 7.0 if compact else 8.2
    small = 6.4 if compact else 7.2

    # The fuel chain and its normal flow.
    direction = hormones.glucose_direction(h.id)
    for node, (x, y) in TARGET_POSITIONS.items():
        if node == "blood_glucose":
            face, line = _PALE[direction], _blood_line(direction)
        else:
            sign = h.effects[node].sign
            face, line = _PALE[sign], _effect_line(sign)
        drawing.boxes[node] = _box(ax, (x, y), _BOX_W, _BOX_H, face=face, lw=1.1)
        drawing.box_texts[node] = ax.text(
            x,
            y,
            f"{TARGET_BOX_TEXT[node]}\n{line}",
            ha="center",
            va="center",
            fontsize=font,
            zorder=4,
            linespacing=1.25,
        )
    flows = (
        ("lipolysis", "hepatic_glucose_output", "fatty\nacids"),
        ("hepatic_glucose_output", "blood_glucose", "glucose"),
        ("blood_glucose", "glucose_uptake", "glucose"),
    )
    for start, end, label in flows:
        (x0, y0), (x1, _) = TARGET_POSITIONS[start], TARGET_POSITIONS[end]
        ax.add_patch(
            FancyArrowPatch(
                (x0 + _BOX_W / 2, y0),
                (x1 - _BOX_W / 2, y0),
                arrowstyle="-|>",
                mutation_scale=9,
                color=FLOW_COLOUR,
                linewidth=1.6,
                shrinkA=1,
                shrinkB=1,
                zorder=2,
            )
        )
        ax.text(
            (x0 + x1) / 2,
            y0 - 0.12,
            label,
            ha="center",
            va="top",
            fontsize=small - 0.6,
            color=_GREY_TEXT,
            zorder=4,
        )

    # The hormone row (or only the picked hormone).
    if compact:
        picked_x = 0.0
        drawing.row_boxes[h.id] = _box(
            ax, (0.0, _ROW_Y), 2.6, _ROW_H, face="#fbe9c6", edge=PICKED_COLOUR, lw=2.2, z=5
        )
        ax.text(
            0.0,
            _ROW_Y,
            f"{h.label} ({h.timescale})",
            ha="center",
            va="center",
            fontsize=font + 1,
            fontweight="bold",
            zorder=6,
        )
    else:
        picked_x = _row_x(hormones.HORMONE_IDS.index(h.id))
        for index, hormone_id in enumerate(hormones.HORMONE_IDS):
            x = _row_x(index)
            picked = hormone_id == h.id
            drawing.row_boxes[hormone_id] = _box(
                ax,
                (x, _ROW_Y),
                _ROW_W,
                _ROW_H,
                face="#fbe9c6" if picked else "#f4f4f4",
                edge=PICKED_COLOUR if picked else "#c8c8c8",
                lw=2.6 if picked else 0.8,
                z=5,
            )
            ax.text(
                x,
                _ROW_Y,
                ROW_LABELS[hormone_id],
                ha="center",
                va="center",
                fontsize=font - 0.4,
                fontweight="bold" if picked else "normal",
                color="black" if picked else _GREY_TEXT,
                zorder=6,
                linespacing=1.0,
            )
        ax.text(
            picked_x,
            _ROW_Y + _ROW_H / 2 + 0.06,
            "picked",
            ha="center",
            va="bottom",
            fontsize=small,
            fontweight="bold",
            zorder=6,
        )

    # Effect arrows from the picked hormone.
    start_y = _ROW_Y - _ROW_H / 2
    for target in ARROW_TARGETS:
        sign = h.effects[target].sign
        if sign == 0:
            continue
        x, y = TARGET_POSITIONS[target]
        end = (x, y + _BOX_H / 2)
        colour = RAISE_COLOUR if sign > 0 else LOWER_COLOUR
        arrow = FancyArrowPatch(
            (picked_x, start_y),
            end,
            arrowstyle="-|>",
            mutation_scale=12,
            color=colour,
            linewidth=2.0,
            linestyle=LINESTYLES[sign],
            shrinkA=2,
            shrinkB=2,
            zorder=3,
        )
        ax.add_patch(arrow)
        drawing.arrows[target] = arrow
        share = 0.62
        gx = picked_x + share * (end[0] - picked_x)
        gy = start_y + share * (end[1] - start_y)
        drawing.glyphs[target] = ax.text(
            gx,
            gy,
            GLYPHS[sign],
            ha="center",
            va="center",
            fontsize=font + 4,
            fontweight="bold",
            color=colour,
            zorder=7,
            bbox={"boxstyle": "circle,pad=0.12", "facecolor": "white", "edgecolor": colour},
        )

    # Insulin sensitivity strip.
    sensitivity = h.effects["insulin_sensitivity"]
    word = "not applicable" if sensitivity.evidence == "not applicable" else sensitivity.word
    mark = GLYPHS[sensitivity.sign] if sensitivity.evidence != "not applicable" else "·"
    drawing.sensitivity_text = ax.text(
        0.0,
        -1.15,
        f"Insulin sensitivity: {mark} {word}   ·   acts within {h.timescale}",
        ha="center",
        va="center",
        fontsize=font,
        zorder=4,
        bbox={
            "boxstyle": "round,pad=0.25",
            "facecolor": _PALE[sensitivity.sign],
            "edgecolor": "#c8c8c8",
        },
    )
    if not compact:
        ax.text(
            0.0,
            -2.05,
            "+ solid vermillion arrow: raises   ·   − dashed blue arrow: lowers   ·   "
            "no arrow: no clear direct effect\ngrey arrows: the normal flow of fuel. Signs "
            "show direction only, not size.",
            ha="center",
            va="center",
            fontsize=small,
            color="#333333",
            linespacing=1.3,
        )
    return drawing


def _evidence_html(evidence: str) -> str:
    meaning = hormones.EVIDENCE_LABELS[evidence]
    return f'<span title="{html.escape(meaning)}">{html.escape(evidence)}</span>'


def caption_html(hormone_name: str) -> str:
    """HTML under a frame: the hormone, how fast it acts, each effect with evidence and sources.

    Raises
    ------
    ValueError
        For an unknown hormone.

    Examples
    --------
    >>> "Vila et al. 2019" in caption_html("growth hormone")
    True
    """
    h = hormones.hormone(hormone_name)
    direction = hormones.glucose_direction(h.id)
    net = {1: "raises", -1: "lowers", 0: "has no direct, short-term effect on"}[direction]
    cell = "text-align: left; vertical-align: top; padding: 0.15em 0.8em 0.15em 0;"
    note = "font-size: 0.9em; color: #444;"
    rows = []
    for target in hormones.TARGETS:
        e = h.effects[target]
        rows.append(
            f"<tr><td style='{cell}'>{html.escape(hormones.TARGET_LABELS[target])}</td>"
            f"<td style='{cell} white-space: nowrap;'><b>{html.escape(_effect_line(e.sign))}"
            f"</b></td><td style='{cell}'>{html.escape(e.text)}<br><span style='{note}'>"
            f"<em>Evidence:</em> "
            f"{_evidence_html(e.evidence)}. <em>Sources:</em> "
            f"{html.escape(hormones.citation_text(e.citations))}</span></td></tr>"
        )
    return (
        f"<div style='font-size: 0.92em; line-height: 1.35;'>"
        f"<p><strong>{html.escape(h.label)}</strong>, made in {html.escape(h.made_in)}; "
        f"{html.escape(h.timescale_note)}. Net effect: it <b>{net}</b> blood glucose. "
        f"{html.escape(h.summary)} <span style='{note}'><em>Sources:</em> "
        f"{html.escape(hormones.citation_text(h.summary_citations))}</span></p>"
        f"<table style='border-collapse: collapse;'>"
        f"<tr><th style='{cell}'>Target</th><th style='{cell}'>Effect</th>"
        f"<th style='{cell}'>What happens</th></tr>{''.join(rows)}</table></div>"
    )


def _check_hormone_names(hormone_names: object) -> tuple[str, ...]:
    """``hormone_names`` as ids: None means all; otherwise distinct known names."""
    if hormone_names is None:
        return hormones.HORMONE_IDS
    accepted = (
        f"None or a non-empty list of distinct hormone names from {', '.join(hormones.HORMONE_IDS)}"
    )
    if isinstance(hormone_names, str) or not isinstance(hormone_names, (list, tuple)):
        raise ValueError(f"hormone_names must be {accepted}; got {hormone_names!r}")
    ids = tuple(hormones.hormone(name).id for name in hormone_names)
    if not ids or len(set(ids)) != len(ids):
        raise ValueError(f"hormone_names must be {accepted}; got {hormone_names!r}")
    return ids


def render_frame(hormone_name: str, *, dpi: float = STATIC_DPI, colours: int = 64) -> bytes:
    """One hormone's map as PNG bytes (a ``colours``-entry palette PNG, no dithering).

    Raises
    ------
    ValueError
        For an unknown hormone, or ``dpi`` outside [10, 300] or ``colours`` outside [16, 256].
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    from insulinlab._validate import check_range

    resolution = check_range("dpi", dpi, 10, 300, "dots per inch")
    palette_size = int(check_range("colours", colours, 16, 256, "colours"))
    figure = Figure(figsize=FIGSIZE_IN)
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes((0.005, 0.005, 0.99, 0.99))
    draw_hormone_map(ax, hormone_name)
    figure.set_dpi(resolution)
    canvas.draw()
    image = Image.frombuffer(
        "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    ).convert("RGB")
    image = image.quantize(
        colors=palette_size, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def hormone_map_static(hormone_names=None, *, dpi: float = STATIC_DPI, colours: int = 64):
    """Build the clickable hormone map: one precomputed frame per hormone, linked in the browser.

    An ``ipywidgets.Stack`` holds one child per hormone (its map as a PNG ``Image`` and
    :func:`caption_html`); a ``ToggleButtons`` picks the hormone, its ``index`` linked to the
    stack's ``selected_index`` with ``jslink``. The link lives in the saved widget state, so on
    the static site a click switches the frame with no kernel; the same cell works unchanged in
    a live kernel. Seven frames make about 200 KB of widget state.

    Parameters
    ----------
    hormone_names : list or tuple of str, optional
        Hormones to offer, in order; default all of :data:`insulinlab.hormones.HORMONE_IDS`.
    dpi : float, default :data:`STATIC_DPI`
        Resolution of each frame, dots per inch, in [10, 300].
    colours : int, default 64
        Palette size of each PNG, in [16, 256].

    Returns
    -------
    ipywidgets.VBox
        Children: a note (HTML), the ``ToggleButtons`` and the ``Stack``. The ``jslink`` is
        kept on the box as ``box.links``.

    Raises
    ------
    ValueError
        If a hormone is unknown or repeated, or ``dpi`` or ``colours`` is out of range.

    Source
    ------
    Pattern: ``STATIC_WIDGETS.md`` (a ``Stack`` linked with ``jslink``). Content:
    :mod:`insulinlab.hormones`.
    """
    import ipywidgets as widgets

    chosen = _check_hormone_names(hormone_names)
    width = f"{FIGSIZE_IN[0] * 100:.0f}px"
    pages = [
        image_page(
            render_frame(h, dpi=dpi, colours=colours),
            caption_html(h),
            widgets.Layout(width="100%", max_width=width, height="auto"),
        )
        for h in chosen
    ]
    selector = widgets.ToggleButtons(
        options=[(BUTTON_LABELS[h], i) for i, h in enumerate(chosen)],
        index=0,
        description="Hormone",
        style={"description_width": "initial", "button_width": "auto"},
        tooltips=[hormones.hormone(h).summary for h in chosen],
    )
    stack, link = linked_stack(selector, pages)
    note = widgets.HTML(f"<p><em>{html.escape(STATIC_NOTE)}</em></p>")
    box = widgets.VBox([note, selector, stack])
    box.links = [link]
    return box


def plot_hormone_map_small_multiples():
    """The static figure: every hormone's map side by side (alt text is set in the chapter).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per hormone in :data:`insulinlab.hormones.HORMONES` order and a legend
        panel; not registered with pyplot.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> figure = plot_hormone_map_small_multiples()
    >>> len(figure.axes)
    8
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    columns = 2
    rows = -(-(len(hormones.HORMONES) + 1) // columns)
    figure = Figure(figsize=(10.0, 2.3 * rows), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax, h in zip(axes, hormones.HORMONES, strict=False):
        draw_hormone_map(ax, h.id, compact=True)
    legend_ax = axes[len(hormones.HORMONES)]
    legend_ax.set_axis_off()
    legend_ax.text(
        0.02,
        0.5,
        "How to read each panel\n\n"
        "Grey arrows: the normal flow of fuel. Fat breakdown sends\n"
        "fatty acids to the liver; the liver releases glucose into the\n"
        "blood; muscle and fat take glucose up.\n\n"
        "+ solid vermillion arrow: the hormone raises that target.\n"
        "− dashed blue arrow: it lowers that target.\n"
        "No arrow: no clear direct effect in the sources used.\n\n"
        "Blood glucose shows the net direction: it rises when the\n"
        "liver releases more or the tissues take up less.\n"
        "Signs show direction only, not size.",
        ha="left",
        va="center",
        fontsize=8,
        linespacing=1.3,
        transform=legend_ax.transAxes,
    )
    for ax in axes[len(hormones.HORMONES) + 1 :]:
        figure.delaxes(ax)
    return figure


__all__ = [
    "ARROW_TARGETS",
    "BUTTON_LABELS",
    "FIGSIZE_IN",
    "GLYPHS",
    "LINESTYLES",
    "LOWER_COLOUR",
    "RAISE_COLOUR",
    "STATIC_DPI",
    "STATIC_NOTE",
    "TARGET_POSITIONS",
    "HormoneMapDrawing",
    "caption_html",
    "draw_hormone_map",
    "hormone_map_static",
    "plot_hormone_map_small_multiples",
    "render_frame",
    "widget_state_size",
]
