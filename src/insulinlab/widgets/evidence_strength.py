"""The chapter 14 evidence-strength chart: which species, and which kind of design, each hypothesis
rests on.

The studies live in :mod:`insulinlab.mechanism_evidence`; this module only draws them.

- :func:`draw_evidence_strength` draws one hypothesis on given axes: a grid with one row per
  species (people, mice, rats, cells) and one column per kind of design (causal, associative).
  Each study is a small square in its cell, coloured and marked by which way it points
  ("+" supports, "−" against, "±" mixed). The people × causal cell, the only one that can show
  what causes insulin resistance *in people*, has a thick border. It returns the artists, so
  tests can check them without a browser.
- :func:`caption_html` is the text under each frame: the hypothesis, the counts, and every
  study with its species, design, direction and source.
- :func:`evidence_strength_static` precomputes one frame per hypothesis (and one for all
  studies) into an ``ipywidgets.Stack`` linked with ``jslink`` to a ``ToggleButtons``
  (its ``index``), so the chart responds on the static site with no kernel
  (``STATIC_WIDGETS.md``). The same cell works unchanged in a live kernel.
- :func:`plot_evidence_strength` is the static figure: the two hypotheses side by side.

Colour is never the only cue: each square also carries its sign, each cell states its count and
the directions in words, and the legend repeats the meaning of each mark. Colours come from the
Okabe–Ito palette in :mod:`insulinlab.plotting`.

A count of studies is not a measure of truth: it ignores size, quality and effect size, and the
table holds only the studies the chapter discusses (see :mod:`insulinlab.mechanism_evidence`).

Sources
-------
See :mod:`insulinlab.mechanism_evidence`; every caption lists the sources of each study.

For education only; not medical advice.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from insulinlab import mechanism_evidence as me
from insulinlab.plotting import PALETTE
from insulinlab.widgets.static_stack import (
    figure_to_png_bytes,
    image_page,
    linked_stack,
    widget_state_size,
)

ALL = "all"
"""The option that shows every study in the table, whatever its hypothesis."""

OPTIONS = (*me.HYPOTHESES, ALL)
"""What the toggle buttons offer, in order."""

BUTTON_LABELS: Mapping[str, str] = MappingProxyType(
    {"mitochondria": "Mitochondria", "microbiome": "Gut microbiome", ALL: "All studies"}
)
"""Label of each option on the toggle buttons."""

TITLES: Mapping[str, str] = MappingProxyType(
    {**me.HYPOTHESIS_LABELS, ALL: "Every study in the table"}
)
"""Title of each chart."""

DIRECTION_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "supports": PALETTE["bluish_green"],
        "against": PALETTE["vermillion"],
        "mixed": PALETTE["yellow"],
    }
)
"""Fill of a study's square by direction (always with its mark too)."""

DIRECTION_MARKS: Mapping[str, str] = MappingProxyType(
    {"supports": "+", "against": "−", "mixed": "±"}
)
"""The sign drawn in each study's square."""

DIRECTION_WORDS: Mapping[str, str] = MappingProxyType(
    {"supports": "support", "against": "against", "mixed": "mixed"}
)
"""How each direction is counted in words inside a cell."""

SPECIES_LABELS: Mapping[str, str] = MappingProxyType(
    {"human": "People", "mouse": "Mice", "rat": "Rats", "cells": "Cells"}
)
"""Row labels."""

KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "causal": "Causal design\n(investigators changed the cause)",
        "associative": "Associative design\n(observed only)",
    }
)
"""Column labels."""

HIGHLIGHT_CELL = ("human", "causal")
"""The cell that can show cause in people: drawn with a thick border."""

HIGHLIGHT_COLOUR = PALETTE["blue"]
"""Border of the highlighted cell."""

FIGSIZE_IN = (6.2, 5.0)
"""Size of one frame, inches."""

STATIC_DPI = 80
"""Resolution of each precomputed frame."""

STATIC_NOTE = (
    "This chart works without a kernel: click a hypothesis to see which species and which kind "
    "of study its evidence comes from, and which way each study points."
)

_CELL_W, _CELL_H = 2.3, 0.85
_GAP = 0.06
_SQUARE = 0.2
_PER_ROW = 6


@dataclass
class EvidenceChartDrawing:
    """The artists of one evidence-strength chart (built by :func:`draw_evidence_strength`).

    Attributes
    ----------
    option : str
        The hypothesis drawn, or :data:`ALL`.
    cells : dict
        Background patch per (species, kind).
    count_texts : dict
        The count-and-directions text per (species, kind).
    squares : dict
        One square patch per study key.
    marks : dict
        The "+", "−" or "±" text per study key.
    highlight : object
        The thick border of :data:`HIGHLIGHT_CELL`.
    """

    option: str
    cells: dict = field(default_factory=dict)
    count_texts: dict = field(default_factory=dict)
    squares: dict = field(default_factory=dict)
    marks: dict = field(default_factory=dict)
    highlight: object = None


def _check_option(option: object) -> str:
    if not isinstance(option, str) or option not in OPTIONS:
        raise ValueError(f"option must be one of {', '.join(OPTIONS)}; got {option!r}")
    return option


def _hypothesis(option: str) -> str | None:
    return None if option == ALL else option


def _cell_origin(species: str, kind: str) -> tuple[float, float]:
    """Lower-left corner of a cell: kinds left to right, species top to bottom."""
    column = me.KINDS.index(kind)
    row = len(me.SPECIES) - 1 - me.SPECIES.index(species)
    return column * _CELL_W, float(row) * _CELL_H


def cell_summary(studies) -> str:
    r"""The text of one cell: the count, then the directions in words on a second line.

    Examples
    --------
    >>> cell_summary(())
    'none'
    >>> from insulinlab import mechanism_evidence as me
    >>> cell_summary(me.select(hypothesis="mitochondria", species="rat"))
    '2 studies\n2 against'
    """
    if not studies:
        return "none"
    counts = me.direction_counts(studies)
    parts = [f"{count} {DIRECTION_WORDS[d]}" for d, count in counts.items() if count]
    noun = "study" if len(studies) == 1 else "studies"
    return f"{len(studies)} {noun}\n" + " · ".join(parts)


def draw_evidence_strength(ax, option: str, studies=None, *, compact: bool = False):
    r"""Draw one hypothesis's evidence grid on ``ax``.

    Rows are species (people at the top), columns the kind of design (causal on the left). Each
    study is a square in its cell, filled by direction (:data:`DIRECTION_COLOURS`) and marked
    with :data:`DIRECTION_MARKS`; each cell states its count and directions in words. The
    people × causal cell has a thick border: only that kind of study can show what causes
    insulin resistance in people.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on; its limits are set and its frame hidden.
    option : str
        A hypothesis from :data:`insulinlab.mechanism_evidence.HYPOTHESES`, or :data:`ALL`.
    studies : iterable of Study, optional
        Default: the course table.
    compact : bool, default False
        Smaller text and no legend (for side-by-side panels).

    Returns
    -------
    EvidenceChartDrawing

    Raises
    ------
    ValueError
        For an unknown option.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> drawing = draw_evidence_strength(Figure().subplots(), "mitochondria")
    >>> drawing.count_texts[("rat", "causal")].get_text()
    '2 studies\n2 against'
    """
    from matplotlib.patches import Rectangle

    option = _check_option(option)
    groups = me.group_by_species_and_kind(studies, hypothesis=_hypothesis(option))
    drawing = EvidenceChartDrawing(option=option)
    font = 7.0 if compact else 8.0
    width = len(me.KINDS) * _CELL_W
    top = len(me.SPECIES) * _CELL_H
    bottom = -0.08 if compact else -0.95
    ax.set_xlim(-0.62, width + 0.02)
    ax.set_ylim(bottom, top + 0.42)
    ax.set_aspect("equal")
    ax.set_axis_off()

    def cell_box(species, kind, **style):
        x0, y0 = _cell_origin(species, kind)
        return Rectangle((x0 + _GAP / 2, y0 + _GAP / 2), _CELL_W - _GAP, _CELL_H - _GAP, **style)

    for (species, kind), group in groups.items():
        x0, y0 = _cell_origin(species, kind)
        cell = cell_box(species, kind, facecolor="#f4f4f4", edgecolor="#c8c8c8", lw=0.8)
        ax.add_patch(cell)
        drawing.cells[(species, kind)] = cell
        drawing.count_texts[(species, kind)] = ax.text(
            x0 + _CELL_W / 2,
            y0 + 0.1,
            cell_summary(group),
            ha="center",
            va="bottom",
            fontsize=font - 0.6,
            linespacing=1.15,
            color="#333333" if group else "#8c8c8c",
        )
        for index, study in enumerate(group):
            column, row = index % _PER_ROW, index // _PER_ROW
            step = _SQUARE + 0.04
            sx = x0 + _CELL_W / 2 + (column - (_PER_ROW - 1) / 2) * step - _SQUARE / 2
            sy = y0 + _CELL_H - 0.1 - (row + 1) * step
            square = Rectangle(
                (sx, sy),
                _SQUARE,
                _SQUARE,
                facecolor=DIRECTION_COLOURS[study.direction],
                edgecolor="black",
                lw=0.7,
            )
            ax.add_patch(square)
            drawing.squares[study.key] = square
            drawing.marks[study.key] = ax.text(
                sx + _SQUARE / 2,
                sy + _SQUARE / 2,
                DIRECTION_MARKS[study.direction],
                ha="center",
                va="center",
                fontsize=font + 1,
                fontweight="bold",
            )

    drawing.highlight = cell_box(*HIGHLIGHT_CELL, fill=False, edgecolor=HIGHLIGHT_COLOUR, lw=2.6)
    ax.add_patch(drawing.highlight)

    for species in me.SPECIES:
        _, y0 = _cell_origin(species, me.KINDS[0])
        ax.text(
            -0.06, y0 + _CELL_H / 2, SPECIES_LABELS[species], ha="right", va="center", fontsize=font
        )
    for kind in me.KINDS:
        x0, _ = _cell_origin(me.SPECIES[0], kind)
        ax.text(
            x0 + _CELL_W / 2,
            top + 0.03,
            KIND_LABELS[kind],
            ha="center",
            va="bottom",
            fontsize=font - 0.6,
            linespacing=1.1,
        )
    if not compact:
        ax.text(
            width / 2 - 0.3,
            -0.1,
            "Each square is one study:  + (green) supports the hypothesis,\n"
            "− (vermillion) counts against it,  ± (yellow) mixed.\n"
            "Thick blue border: causal studies in people, the only kind\n"
            "that can show what causes insulin resistance in people.\n"
            "A count is not a verdict: it ignores size, quality and effect size.",
            ha="center",
            va="top",
            fontsize=font - 0.8,
            color="#333333",
            linespacing=1.3,
        )
    return drawing


def caption_html(option: str, studies=None) -> str:
    """HTML under a frame: the hypothesis, its counts, and each study with its source.

    An unknown option raises ``ValueError``.

    Examples
    --------
    >>> "Vrieze et al. 2012" in caption_html("microbiome")
    True
    """
    option = _check_option(option)
    chosen = me.select(studies, hypothesis=_hypothesis(option))
    counts = me.direction_counts(chosen)
    people_causal = me.select(chosen, species="human", kind="causal")
    note = "font-size: 0.9em; color: #444;"
    items = []
    for study in chosen:
        source = me.SHORT_CITATIONS.get(study.cite_key, study.cite_key)
        size = f", n = {study.n}" if study.n else ""
        items.append(
            f"<li><b>{html.escape(DIRECTION_MARKS[study.direction])} "
            f"{html.escape(study.direction)}</b> · {html.escape(SPECIES_LABELS[study.species])}, "
            f"{html.escape(study.design)} ({html.escape(study.causal_or_associative)}{size}): "
            f"{html.escape(study.finding)} <span style='{note}'>{html.escape(source)}</span></li>"
        )
    tally = ", ".join(f"{count} {d}" for d, count in counts.items())
    return (
        f"<div style='font-size: 0.92em; line-height: 1.35;'>"
        f"<p><strong>{html.escape(TITLES[option])}</strong>: {len(chosen)} studies ({tally}); "
        f"{len(people_causal)} of them causal studies in people.</p>"
        f"<ul style='margin-top: 0.2em;'>{''.join(items)}</ul></div>"
    )


def frame_figure(option: str, studies=None):
    """One option's chart as a titled matplotlib ``Figure`` of :data:`FIGSIZE_IN` (not pyplot).

    An unknown option raises ``ValueError``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGSIZE_IN)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0.01, 0.01, 0.98, 0.93))
    draw_evidence_strength(ax, option, studies)
    ax.set_title(TITLES[option], fontsize=9.5, pad=2)
    return figure


def render_frame(option: str, studies=None, *, dpi: float = STATIC_DPI, colours: int = 48) -> bytes:
    """:func:`frame_figure` as palette-PNG bytes, for one frame of the static form.

    ``ValueError`` for an unknown option, a ``dpi`` outside 10–300 or ``colours`` outside
    16–256.
    """
    from insulinlab._validate import check_range

    check_range("dpi", dpi, 10, 300, "dots per inch")
    check_range("colours", colours, 16, 256, "colours")
    return figure_to_png_bytes(frame_figure(option, studies), dpi=dpi, colours=int(colours))


def _check_options(options: object) -> tuple[str, ...]:
    if options is None:
        return OPTIONS
    accepted = f"None or a non-empty list of distinct options from {', '.join(OPTIONS)}"
    if isinstance(options, str) or not isinstance(options, (list, tuple)):
        raise ValueError(f"options must be {accepted}; got {options!r}")
    chosen = tuple(_check_option(option) for option in options)
    if not chosen or len(set(chosen)) != len(chosen):
        raise ValueError(f"options must be {accepted}; got {options!r}")
    return chosen


def evidence_strength_static(
    options=None, studies=None, *, dpi: float = STATIC_DPI, colours: int = 48
):
    """The clickable chart for the static site: precomputed frames switched in the browser.

    Each option becomes one frame (the PNG chart from :func:`render_frame` over the text of
    :func:`caption_html`) in an ``ipywidgets.Stack``; a ``ToggleButtons`` row chooses the frame
    through a ``jslink`` from its ``index`` to the stack's ``selected_index``, which is saved
    with the page, so the buttons work with no kernel (``STATIC_WIDGETS.md``) and unchanged in
    a live one. The default three frames stay under 150 KB of saved widget state.

    Parameters
    ----------
    options : list or tuple of str, optional
        Which charts to offer and in what order (default :data:`OPTIONS`).
    studies : iterable of Study, optional
        The table to draw from (default: the course table).
    dpi : float, default :data:`STATIC_DPI`
        Frame resolution in dots per inch, 10 to 300.
    colours : int, default 48
        Colours in each frame's PNG palette, 16 to 256.

    Returns
    -------
    ipywidgets.VBox
        ``[note, buttons, stack]``; the one ``jslink`` is in ``box.links`` so that measuring
        and saving the state can find it.

    Raises
    ------
    ValueError
        For an unknown or repeated option, or a resolution or palette outside its range.
    """
    import ipywidgets as widgets

    chosen = _check_options(options)
    table = me.load_studies() if studies is None else tuple(studies)
    layout = widgets.Layout(width="100%", max_width=f"{FIGSIZE_IN[0] * 100:.0f}px", height="auto")

    def frame(option):
        png = render_frame(option, table, dpi=dpi, colours=colours)
        return image_page(png, caption_html(option, table), layout)

    buttons = widgets.ToggleButtons(
        options=[(BUTTON_LABELS[option], index) for index, option in enumerate(chosen)],
        index=0,
        description="Hypothesis",
        tooltips=[TITLES[option] for option in chosen],
        style={"description_width": "initial", "button_width": "auto"},
    )
    stack, link = linked_stack(buttons, [frame(option) for option in chosen])
    note = widgets.HTML(f"<p><em>{html.escape(STATIC_NOTE)}</em></p>")
    box = widgets.VBox([note, buttons, stack])
    box.links = [link]
    return box


def plot_evidence_strength(studies=None):
    """The static figure: both hypotheses' grids side by side, with one shared legend.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels (one per hypothesis, in :data:`insulinlab.mechanism_evidence.HYPOTHESES`
        order) and a legend line; not registered with pyplot.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> len(plot_evidence_strength().axes)
    2
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10.0, 3.9))
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, len(me.HYPOTHESES))
    for ax, hypothesis in zip(axes, me.HYPOTHESES, strict=True):
        draw_evidence_strength(ax, hypothesis, studies, compact=True)
        ax.set_title(TITLES[hypothesis], fontsize=9.5, pad=2)
    figure.text(
        0.5,
        0.02,
        "Each square is one study.  + (green) supports   − (vermillion) against   ± (yellow) "
        "mixed.   Thick blue border: causal studies in people.   Counts ignore study size "
        "and quality.",
        ha="center",
        va="bottom",
        fontsize=8,
        color="#333333",
    )
    figure.subplots_adjust(left=0.02, right=0.99, top=0.93, bottom=0.07, wspace=0.08)
    return figure


__all__ = [
    "ALL",
    "BUTTON_LABELS",
    "DIRECTION_COLOURS",
    "DIRECTION_MARKS",
    "FIGSIZE_IN",
    "HIGHLIGHT_CELL",
    "OPTIONS",
    "STATIC_DPI",
    "STATIC_NOTE",
    "TITLES",
    "EvidenceChartDrawing",
    "caption_html",
    "cell_summary",
    "draw_evidence_strength",
    "evidence_strength_static",
    "frame_figure",
    "plot_evidence_strength",
    "render_frame",
    "widget_state_size",
]
