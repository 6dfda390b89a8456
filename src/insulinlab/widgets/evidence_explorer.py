"""The chapter 11 evidence explorer, and the chapter 09 forest-plot toggle.

The data live in :mod:`insulinlab.evidence` (``data/evidence.csv``); this module only filters
and draws them.

- :func:`explorer_frame` is the pure core: for a topic, an outcome kind (clinical, surrogate,
  safety) and an evidence level it returns an :class:`ExplorerFrame` with every matching row
  and the rows that share one effect scale (:func:`insulinlab.evidence.largest_shared_scale`),
  which are the ones a forest plot can honestly put on one axis. :func:`frame_summary` and
  :func:`forest_alt_text` turn a frame into plain sentences (unit-tested).
- :func:`draw_forest` draws those rows on given matplotlib axes (a forest plot, or a plain
  message when no row has an estimate); :func:`forest_svg` writes the same plot as SVG text
  directly (no matplotlib figure: a few milliseconds, so a live change never waits for a
  drawing); :func:`forest_frame_html` makes one frame: that SVG as an ``<img>`` with alt
  text, a caption, and the table of rows (:func:`insulinlab.evidence.evidence_table_html`).
- :func:`evidence_explorer` is the live widget: two dropdowns (topic, evidence level) and
  toggle buttons (outcome kind) with callbacks; it needs a running kernel to respond.
- :func:`evidence_explorer_static` precomputes one frame per topic × outcome kind into nested
  ``ipywidgets.Stack`` s linked with ``jslink`` to two ``ToggleButtons`` (their ``index``), so
  it responds on the static site with no kernel (``STATIC_WIDGETS.md``).
- :class:`ForestPanel`, :func:`forest_toggle_static` and :func:`plot_forest_panels` serve
  chapter 09: a few named forest plots (e.g. incident-diabetes hazard ratios and HOMA-IR
  differences) switched by toggle buttons with no kernel, and the same panels as one static
  figure.

Colour is never the only cue: the evidence level of each row is also in the table and the
legend, a hollow square marks an estimate without a recorded CI, and every frame's alt text
lists each estimate and whether its interval excludes no effect.

Sources
-------
Every row names its citation key in ``references.bib``; see :mod:`insulinlab.evidence`.
Pattern: ``STATIC_WIDGETS.md`` (nested Stacks linked with ``jslink``).

For education only; not medical advice.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from insulinlab import evidence
from insulinlab.widgets.static_stack import frame_html, linked_stack, nested_linked_stacks

OUTCOME_KIND_OPTIONS: tuple[tuple[str, str | None], ...] = (
    ("Any outcome", None),
    ("Clinical", "clinical"),
    ("Surrogate", "surrogate"),
    ("Safety", "safety"),
)
"""(button label, outcome kind) pairs; None means any kind."""

LEVEL_OPTIONS: tuple[tuple[str, str | None], ...] = (("Any level", None),) + tuple(
    (f"{level}: {evidence.LEVEL_DESCRIPTIONS[level].lower()}", level)
    for level in evidence.EVIDENCE_LEVELS
)
"""(dropdown label, evidence level) pairs; None means any level."""

FIG_WIDTH_IN = 7.5
"""Width of one forest plot, inches."""

LEGEND_GAP_PT = 48
"""Distance from the bottom of a forest plot's axes to its legend, in points."""

STATIC_NOTE = (
    "This explorer works without a kernel: every combination of topic and outcome kind was "
    "drawn when the page was built, and the buttons switch between them in your browser."
)

LIVE_NOTE = (
    "This version needs a running Python kernel (use the launch buttons at the top of the "
    "page); it also filters by evidence level. On the static page it shows its first view."
)


def topic_options() -> tuple[tuple[str, str | None], ...]:
    """(label, topic) pairs for every topic in the table, after ``("All topics", None)``."""
    return (("All topics", None),) + tuple(
        (topic[0].upper() + topic[1:], topic) for topic in evidence.topics()
    )


def _label_of(options: Sequence[tuple[str, str | None]], value: str | None) -> str:
    return dict((v, label) for label, v in options)[value]


# --------------------------------------------------------------------------------------------
# The pure core
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExplorerFrame:
    """What one explorer view shows (built by :func:`explorer_frame`).

    Attributes
    ----------
    topic, outcome_kind, evidence_level : str or None
        The filters (None: any).
    rows : tuple of EvidenceRow
        Every matching row, in table order.
    scale : str or None
        The effect scale most matching rows share (:func:`insulinlab.evidence.effect_scale`).
    plotted : tuple of EvidenceRow
        The rows on that scale: the forest plot.
    """

    topic: str | None
    outcome_kind: str | None
    evidence_level: str | None
    rows: tuple
    scale: str | None
    plotted: tuple

    @property
    def other_scale_rows(self) -> tuple:
        """Rows with an estimate on another scale (in the table, not the plot)."""
        return tuple(
            row for row in self.rows if row.estimate is not None and row not in self.plotted
        )

    @property
    def without_estimate(self) -> tuple:
        """Rows with no single numeric estimate (in the table only)."""
        return tuple(row for row in self.rows if row.estimate is None)

    @property
    def title(self) -> str:
        """e.g. ``"Menopausal hormone therapy · surrogate outcomes · any level"``."""
        topic = _label_of(topic_options(), self.topic)
        kind = "any outcome" if self.outcome_kind is None else f"{self.outcome_kind} outcomes"
        level = "any level" if self.evidence_level is None else f"level {self.evidence_level}"
        return f"{topic} · {kind} · {level}"


def explorer_frame(
    topic: str | None = None, outcome_kind: str | None = None, evidence_level: str | None = None
) -> ExplorerFrame:
    """The rows matching the filters, and those a forest plot can share one axis for.

    Raises
    ------
    ValueError
        For a topic, outcome kind or evidence level the table does not use (the message lists
        the accepted values).

    Examples
    --------
    >>> frame = explorer_frame("menopausal hormone therapy", "clinical")
    >>> frame.scale, [row.id for row in frame.plotted]
    ('HR', ['whi-ep', 'whi-e', 'hers'])
    """
    rows = evidence.filter_evidence(
        topic=topic, outcome_kind=outcome_kind, evidence_level=evidence_level
    )
    scale, plotted = evidence.largest_shared_scale(rows)
    return ExplorerFrame(topic, outcome_kind, evidence_level, rows, scale, plotted)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def frame_summary(frame: ExplorerFrame) -> str:
    """One or two sentences under the frame: how many rows match and which are plotted.

    Examples
    --------
    >>> frame_summary(explorer_frame("sleep", "safety"))
    'No rows match these filters.'
    """
    if not frame.rows:
        return "No rows match these filters."
    text = f"{_plural(len(frame.rows), 'row')} match."
    if frame.plotted:
        text += (
            f" The forest plot shows the {_plural(len(frame.plotted), 'estimate')} on one "
            f"scale ({evidence.scale_label(frame.scale).split(',')[0].lower()})"
        )
        others = len(frame.other_scale_rows)
        text += f"; {others} more on other scales are in the table." if others else "."
    missing = len(frame.without_estimate)
    if missing:
        text += (
            f" {_plural(missing, 'row')} without a single effect estimate "
            f"({'it is' if missing == 1 else 'they are'} described in words) "
            f"{'is' if missing == 1 else 'are'} in the table only."
        )
    return text


def forest_alt_text(rows: Sequence, title: str) -> str:
    """Alt text for a forest plot of ``rows``: each estimate and where its interval lies.

    Examples
    --------
    >>> text = forest_alt_text([evidence.get_row("whi-e")], "Diabetes")
    >>> "HR 0.88 (95% CI 0.77 to 1.01), interval includes no effect (1)" in text
    True
    """
    if not rows:
        return f"{title}: no estimates to plot."
    scale = evidence.effect_scale(rows[0])
    null = f"{rows[0].null_value:g}"
    parts = []
    for row in rows:
        where = {
            True: f"interval excludes no effect ({null})",
            False: f"interval includes no effect ({null})",
            None: "no interval recorded (hollow square)",
        }[row.ci_excludes_null]
        parts.append(
            f"{row.study} {row.year}, {row.intervention}: {evidence.format_effect(row)}, {where}"
        )
    return (
        f"Forest plot: {title}. Horizontal axis: {evidence.scale_label(scale)}; a dashed "
        f"vertical line marks no effect at {null}. One row per estimate, top to bottom: "
        + "; ".join(parts)
        + "."
    )


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def _row_labels(rows: Sequence) -> list[str]:
    """Study, year and intervention when the rows share an outcome; else study and outcome."""
    if len({evidence.effect_scale(row) for row in rows}) <= 1 and rows[0].measure not in (
        evidence.RATIO_MEASURES
    ):
        return [row.label for row in rows]
    labels = []
    for row in rows:
        text = f"{row.study} {row.year}: {row.outcome}"
        labels.append(text if len(text) <= 44 else text[:43].rstrip() + "…")
    return labels


def figure_height(row_count: int) -> float:
    """Height in inches of a forest plot with ``row_count`` rows (legend and title included)."""
    return 0.42 * max(row_count, 1) + 2.0


def draw_forest(ax, rows: Sequence, *, title: str = "", labels: Sequence[str] = ()):
    """Draw a forest plot of ``rows`` (which must share one scale) on ``ax``; return ``ax``.

    Uses :func:`insulinlab.evidence.forest_plot`, then labels the axis with the shared scale
    and, where the rows measure different outcomes, names the outcome in each row label;
    ``labels`` (one per row, top to bottom) replace those labels. With no rows it writes a
    short message instead.

    Raises
    ------
    ValueError
        If the rows do not share one scale (:func:`insulinlab.evidence.effect_scale`), or
        ``labels`` is given with the wrong length.
    """
    from matplotlib.transforms import offset_copy

    rows = tuple(rows)
    if not rows:
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "No numeric estimates to plot for these filters:\nsee the table below.",
            ha="center",
            va="center",
            fontsize=10,
            transform=ax.transAxes,
        )
        return ax
    scales = {evidence.effect_scale(row) for row in rows}
    if len(scales) != 1 or None in scales:
        raise ValueError(f"rows must share one effect scale to share an axis; got {scales}")
    if labels and len(labels) != len(rows):
        raise ValueError(f"labels must hold one label per row ({len(rows)}); got {len(labels)}")
    evidence.forest_plot(rows, ax=ax, title=title or None)
    ax.set_yticks(range(len(rows)), list(reversed(labels or _row_labels(rows))), fontsize=8)
    ax.set_xlabel(evidence.scale_label(scales.pop()) + "\n(hollow square: no CI recorded)")
    legend = ax.get_legend()
    if legend is not None:
        # A fixed distance below the axes, clear of the two-line axis label at any height.
        below = offset_copy(
            ax.transAxes, fig=ax.get_figure(root=True), y=-LEGEND_GAP_PT, units="points"
        )
        legend.set_bbox_to_anchor((0.5, 0.0), transform=below)
    return ax


# --------------------------------------------------------------------------------------------
# Forest plots as SVG, written directly
# --------------------------------------------------------------------------------------------

SVG_PX_PER_IN = 96
"""CSS pixels per inch: an SVG forest plot is ``FIG_WIDTH_IN`` × 96 px wide."""

SVG_FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
"""Font of every text in the SVG forest plots (DejaVu Sans is matplotlib's default font)."""

_PT = SVG_PX_PER_IN / 72  # px per point: sizes below match the matplotlib figures in points
_TITLE_PX = 12 * _PT
_TICK_PX = 10 * _PT
_ROW_LABEL_PX = 8 * _PT
_LEGEND_PX = 8.33 * _PT
_MESSAGE_PX = 10 * _PT
_ROW_PX = 0.42 * SVG_PX_PER_IN
_PAD_PX = 8.0
_TICK_LEN_PX = 3.5 * _PT
_TICK_PAD_PX = 3.5 * _PT
_MARKER_PX = 8 * _PT
_WIDTH_SLACK = 1.06  # text may render in a slightly wider fallback font than DejaVu Sans


@functools.cache
def _advances() -> tuple:
    """DejaVu Sans (bundled with matplotlib) and a cache of advance widths at 100 px, by char."""
    import matplotlib
    from matplotlib import ft2font

    path = f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf"
    font = ft2font.FT2Font(path)  # our own instance: matplotlib's cached fonts keep their size
    font.set_size(100, 72)
    return font, {}


def text_width(text: str, size_px: float) -> float:
    """Width in px of ``text`` set in DejaVu Sans at ``size_px`` (sum of glyph advances).

    Examples
    --------
    >>> round(text_width("HOMA-IR", 100)) == round(2 * text_width("HOMA-IR", 50))
    True
    """
    from matplotlib import ft2font

    font, cache = _advances()
    total = 0.0
    for char in text:
        width = cache.get(char)
        if width is None:
            if font.get_char_index(ord(char)):
                glyph = font.load_char(ord(char), flags=ft2font.LoadFlags.NO_HINTING)
                width = glyph.linearHoriAdvance / 65536
            else:
                width = 100.0  # no glyph: assume a full em, wider than any fallback glyph
            cache[char] = width
        total += width
    return total * size_px / 100


def _linear_axis(rows: Sequence, nbins: int) -> tuple[tuple[float, float], list[float]]:
    """Limits (data, null value and 5 % margins, as matplotlib's autoscale) and nice ticks."""
    from matplotlib.ticker import MaxNLocator

    values = [rows[0].null_value] + [
        v for row in rows for v in (row.estimate, row.ci_low, row.ci_high) if v is not None
    ]
    low, high = min(values), max(values)
    span = high - low or max(abs(high), 1.0)
    low, high = low - 0.05 * span, high + 0.05 * span
    ticks = MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    tolerance = 1e-9 * (high - low)
    return (low, high), [float(t) for t in ticks if low - tolerance <= t <= high + tolerance]


def _tick_labels(ticks: Sequence[float], log: bool) -> list[str]:
    """``g`` labels on a log axis; on a linear one, the fewest decimals that show every tick."""
    if log:
        return [f"{tick:g}" for tick in ticks]
    decimals = next((d for d in range(7) if all(abs(t - round(t, d)) < 1e-9 for t in ticks)), 6)
    labels = []
    for tick in ticks:
        text = f"{tick:.{decimals}f}"
        if float(text) == 0:
            text = text.lstrip("-")
        labels.append(text.replace("-", "\N{MINUS SIGN}"))
    return labels


def _num(value: float) -> str:
    """A coordinate as short, reproducible text."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _svg_text(x, y, text, size, *, anchor="middle", weight="") -> str:
    bold = ' font-weight="bold"' if weight else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" '
        f'text-anchor="{anchor}"{bold}>{html.escape(text, quote=False)}</text>'
    )


def _centred(centre: float, width: float, total: float) -> float:
    """``centre`` moved as little as needed for a ``width`` wide text to fit in the figure."""
    return min(max(centre, _PAD_PX + width / 2), total - _PAD_PX - width / 2)


def _fitting_size(text: str, size: float, room: float) -> float:
    """``size``, or smaller so that ``text`` fits in ``room`` px."""
    width = text_width(text, size) * _WIDTH_SLACK
    return size if width <= room else size * room / width


def _svg_document(width: float, height: float, title: str, body: list[str]) -> bytes:
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" role="img" '
        f'font-family="{SVG_FONT_FAMILY}">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        f'<rect width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>\n'
    )
    return (head + "\n".join(body) + "\n</svg>\n").encode("utf-8")


def _check_forest_rows(rows: tuple, labels: Sequence[str]) -> str:
    """The rows' shared scale; ValueError as :func:`draw_forest` for anything it rejects."""
    scales = {evidence.effect_scale(row) for row in rows}
    if len(scales) != 1 or None in scales:
        raise ValueError(f"rows must share one effect scale to share an axis; got {scales}")
    if labels and len(labels) != len(rows):
        raise ValueError(f"labels must hold one label per row ({len(rows)}); got {len(labels)}")
    return scales.pop()


def forest_svg(rows: Sequence, *, title: str = "", labels: Sequence[str] = ()) -> bytes:
    """A forest plot of ``rows`` (or the no-estimate message) as SVG bytes, written directly.

    It shows what :func:`draw_forest` draws, in a few milliseconds and without matplotlib
    figures: one row per estimate, top to bottom, labelled at left (``labels``, or as
    :func:`draw_forest` labels them); a square at the estimate in its evidence level's colour
    (hollow without a recorded CI) on a horizontal 95 % CI line; a dashed line at no effect; a
    log axis for ratios (the ticks of :func:`insulinlab.evidence.forest_plot`); the scale as
    axis label; the title; and a legend of the evidence levels present. The SVG is
    ``FIG_WIDTH_IN`` × 96 px wide, its height grows with the rows, its ``<title>`` is the alt
    text (:func:`forest_alt_text`), and the same input always gives the same bytes.

    Raises
    ------
    ValueError
        As :func:`draw_forest`: rows on different scales, or labels of the wrong length.

    Examples
    --------
    >>> svg = forest_svg([evidence.get_row("whi-e")], title="Diabetes")
    >>> svg.startswith(b"<?xml") and b'role="img"' in svg and b">Diabetes</text>" in svg
    True
    """
    from insulinlab.plotting import PALETTE

    rows = tuple(rows)
    width = FIG_WIDTH_IN * SVG_PX_PER_IN
    if not rows:
        lines = ("No numeric estimates to plot for these filters:", "see the table below.")
        line_height = 1.2 * _MESSAGE_PX
        body = [
            _svg_text(width / 2, _PAD_PX + _MESSAGE_PX + i * line_height, line, _MESSAGE_PX)
            for i, line in enumerate(lines)
        ]
        height = 2 * _PAD_PX + len(lines) * line_height
        return _svg_document(width, height, forest_alt_text(rows, title), body)
    scale = _check_forest_rows(rows, labels)
    labels = list(labels or _row_labels(rows))
    colours = dict(zip(evidence.EVIDENCE_LEVELS, evidence.level_colours(PALETTE), strict=True))
    black = PALETTE["black"]
    log = rows[0].measure in evidence.RATIO_MEASURES

    # Horizontal layout: row labels, then the plot area up to the right margin.
    label_width = max(text_width(label, _ROW_LABEL_PX) for label in labels) * _WIDTH_SLACK
    left = _PAD_PX + label_width + _TICK_LEN_PX + _TICK_PAD_PX
    right = width - _PAD_PX - 2.5 * _TICK_PX  # room for half of the last tick label
    if log:
        (low, high), ticks = evidence.ratio_axis(rows)
    else:
        (low, high), ticks = _linear_axis(rows, max(1, int((right - left) / (3 * _TICK_PX))))
    tick_labels = _tick_labels(ticks, log)

    def to_x(value: float) -> float:
        if log:
            fraction = math.log(value / low) / math.log(high / low)
        else:
            fraction = (value - low) / (high - low)
        return left + (right - left) * min(max(fraction, 0.0), 1.0)

    # Vertical layout: title, plot area, tick labels, two-line axis label, legend.
    body: list[str] = []
    y = _PAD_PX
    if title:
        size = _fitting_size(title, _TITLE_PX, width - 2 * _PAD_PX)
        x = _centred((left + right) / 2, text_width(title, size) * _WIDTH_SLACK, width)
        body.append(_svg_text(x, y + 0.8 * size, title, size))
        y += 1.2 * size + 0.5 * _TITLE_PX
    top, bottom = y, y + _ROW_PX * len(rows)
    row_y = [top + _ROW_PX * (i + 0.5) for i in range(len(rows))]

    body.append(
        f'<line x1="{_num(to_x(rows[0].null_value))}" y1="{_num(top)}" '
        f'x2="{_num(to_x(rows[0].null_value))}" y2="{_num(bottom)}" stroke="{black}" '
        f'stroke-width="{_num(_PT)}" stroke-dasharray="{_num(3.7 * _PT)} {_num(1.6 * _PT)}"/>'
    )
    half = _MARKER_PX / 2
    for row, label, ry in zip(rows, labels, row_y, strict=True):
        colour = colours[row.evidence_level]
        group = [f'<g class="row" data-level="{html.escape(row.evidence_level)}">']
        group.append(
            f'<line x1="{_num(left - _TICK_LEN_PX)}" y1="{_num(ry)}" x2="{_num(left)}" '
            f'y2="{_num(ry)}" stroke="{black}" stroke-width="{_num(0.8 * _PT)}"/>'
        )
        group.append(
            _svg_text(
                left - _TICK_LEN_PX - _TICK_PAD_PX,
                ry + 0.35 * _ROW_LABEL_PX,
                label,
                _ROW_LABEL_PX,
                anchor="end",
            )
        )
        if row.has_ci:
            group.append(
                f'<line class="ci" x1="{_num(to_x(row.ci_low))}" y1="{_num(ry)}" '
                f'x2="{_num(to_x(row.ci_high))}" y2="{_num(ry)}" stroke="{colour}" '
                f'stroke-width="{_num(2 * _PT)}"/>'
            )
        fill = colour if row.has_ci else "#ffffff"
        group.append(
            f'<rect class="estimate" x="{_num(to_x(row.estimate) - half)}" '
            f'y="{_num(ry - half)}" width="{_num(_MARKER_PX)}" height="{_num(_MARKER_PX)}" '
            f'fill="{fill}" stroke="{colour}" stroke-width="{_num(_PT)}" '
            f'data-estimate="{row.estimate:g}"/>'
        )
        body.extend(group + ["</g>"])
    body.append(
        f'<rect x="{_num(left)}" y="{_num(top)}" width="{_num(right - left)}" '
        f'height="{_num(bottom - top)}" fill="none" stroke="{black}" '
        f'stroke-width="{_num(0.8 * _PT)}"/>'
    )
    for tick, text in zip(ticks, tick_labels, strict=True):
        x = to_x(tick)
        body.append(
            f'<line class="tick" x1="{_num(x)}" y1="{_num(bottom)}" x2="{_num(x)}" '
            f'y2="{_num(bottom + _TICK_LEN_PX)}" stroke="{black}" '
            f'stroke-width="{_num(0.8 * _PT)}" data-value="{tick:g}"/>'
        )
        body.append(
            _svg_text(x, bottom + _TICK_LEN_PX + _TICK_PAD_PX + 0.8 * _TICK_PX, text, _TICK_PX)
        )
    y = bottom + _TICK_LEN_PX + _TICK_PAD_PX + 1.2 * _TICK_PX + 4 * _PT
    for line in (evidence.scale_label(scale), "(hollow square: no CI recorded)"):
        size = _fitting_size(line, _TICK_PX, width - 2 * _PAD_PX)
        x = _centred((left + right) / 2, text_width(line, size) * _WIDTH_SLACK, width)
        body.append(_svg_text(x, y + 0.8 * size, line, size))
        y += 1.2 * _TICK_PX

    # Legend: the levels present, filled squares, in up to two columns filled column by column.
    present = [
        level for level in evidence.EVIDENCE_LEVELS if any(r.evidence_level == level for r in rows)
    ]
    names = [evidence.LEVEL_DESCRIPTIONS[level] for level in present]
    per_column = -(-len(present) // min(len(present), 2))
    columns = [
        list(range(len(present)))[i : i + per_column] for i in range(0, len(present), per_column)
    ]
    key = _LEGEND_PX * 2.0  # marker box and the gap after it
    widths = [
        key + max(text_width(names[i], _LEGEND_PX) for i in column) * _WIDTH_SLACK
        for column in columns
    ]
    gap = 2 * _LEGEND_PX
    total = sum(widths) + gap * (len(columns) - 1)
    if total > width - 2 * _PAD_PX and len(columns) > 1:  # too wide for two columns: one
        columns, widths = [list(range(len(present)))], [max(widths)]
        total = widths[0]
    x0 = _centred((left + right) / 2, total, width) - total / 2
    y += 0.6 * _LEGEND_PX
    legend = ['<g class="legend">']
    for column, column_width in zip(columns, widths, strict=True):
        for position, index in enumerate(column):
            cy = y + (position + 0.5) * 1.5 * _LEGEND_PX
            side = 0.75 * _MARKER_PX
            legend.append(
                f'<rect class="key" x="{_num(x0 + _LEGEND_PX * 0.6 - side / 2)}" '
                f'y="{_num(cy - side / 2)}" width="{_num(side)}" height="{_num(side)}" '
                f'fill="{colours[present[index]]}" data-level="{html.escape(present[index])}"/>'
            )
            legend.append(
                _svg_text(
                    x0 + key, cy + 0.35 * _LEGEND_PX, names[index], _LEGEND_PX, anchor="start"
                )
            )
        x0 += column_width + gap
    body.extend(legend + ["</g>"])
    height = y + max(len(column) for column in columns) * 1.5 * _LEGEND_PX + _PAD_PX
    return _svg_document(width, height, forest_alt_text(rows, title), body)


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------


def forest_frame_html(
    rows_shown: Sequence,
    plotted: Sequence,
    *,
    title: str,
    summary: str,
    labels: Sequence[str] = (),
) -> str:
    """One frame: the forest plot of ``plotted`` (SVG ``<img>`` with alt text), a summary
    caption, then the table of ``rows_shown``. Without plotted rows, only caption and table."""
    table = evidence.evidence_table_html(rows_shown) if rows_shown else ""
    if plotted:
        image = frame_html(
            forest_svg(plotted, title=title, labels=labels),
            forest_alt_text(plotted, title),
            summary,
            max_width_px=FIG_WIDTH_IN * 100,
            mime="image/svg+xml",
        )
    else:
        image = f"<p><strong>{html.escape(title)}</strong>. {html.escape(summary)}</p>"
    return f"<div>{image}{table}</div>"


def explorer_frame_html(frame: ExplorerFrame) -> str:
    """The HTML of one explorer view (see :func:`forest_frame_html`)."""
    return forest_frame_html(
        frame.rows, frame.plotted, title=frame.title, summary=frame_summary(frame)
    )


@functools.lru_cache(maxsize=512)
def _view(
    topic: str | None, outcome_kind: str | None, evidence_level: str | None
) -> tuple[ExplorerFrame, str]:
    """One explorer view and its HTML, made once per set of filters.

    A view costs a few milliseconds (mostly its table and SVG); the evidence table
    does not change while the kernel runs, and there are at most a few hundred views (9 topics
    × 4 outcome kinds × 9 levels), each a few tens of kilobytes, so every view is kept: coming
    back to a view, or opening in the live explorer one the no-kernel explorer already drew,
    costs nothing.
    """
    frame = explorer_frame(topic, outcome_kind, evidence_level)
    return frame, explorer_frame_html(frame)


# --------------------------------------------------------------------------------------------
# The explorer, live and without a kernel
# --------------------------------------------------------------------------------------------


def _header(note: str) -> str:
    return (
        "<p><strong>Every trial, meta-analysis and guideline in the course.</strong> Choose a "
        "topic and a kind of outcome. Estimates that share a scale are drawn as a forest plot "
        "(square: estimate; line: 95 % confidence interval; dashed line: no effect); every "
        "matching row, with its note, is in the table below the plot."
        f"<br><em>{html.escape(note)}</em></p>"
    )


def _toggle(options, description: str, index: int = 0):
    import ipywidgets as widgets

    return widgets.ToggleButtons(
        options=[(label, position) for position, (label, _) in enumerate(options)],
        index=index,
        description=description,
        style={"description_width": "initial", "button_width": "auto"},
    )


def evidence_explorer():
    """Build the live explorer: topic and evidence-level dropdowns, outcome-kind buttons.

    Each change recomputes :func:`explorer_frame` and redraws the frame (needs a kernel); a
    view is drawn once per kernel and then kept (so are the views the no-kernel explorer drew).
    It opens on all topics, any outcome, any level.

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the topic ``Dropdown``, the outcome ``ToggleButtons``, the
        level ``Dropdown`` and the frame (HTML). ``box.frame`` holds the current
        :class:`ExplorerFrame`.
    """
    import ipywidgets as widgets

    topics = topic_options()
    topic = widgets.Dropdown(
        options=[(label, position) for position, (label, _) in enumerate(topics)],
        index=0,
        description="Topic",
    )
    kind = _toggle(OUTCOME_KIND_OPTIONS, "Outcome")
    level = widgets.Dropdown(
        options=[(label, position) for position, (label, _) in enumerate(LEVEL_OPTIONS)],
        index=0,
        description="Evidence level",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="34em"),
    )
    output = widgets.HTML()
    box = widgets.VBox([widgets.HTML(_header(LIVE_NOTE)), topic, kind, level, output])

    def refresh(_change=None) -> None:
        box.frame, output.value = _view(
            topics[topic.index][1],
            OUTCOME_KIND_OPTIONS[kind.index][1],
            LEVEL_OPTIONS[level.index][1],
        )

    for control in (topic, kind, level):
        control.observe(refresh, names="index")
    refresh()
    return box


def evidence_explorer_static(
    topics: Sequence[str | None] | None = None,
    outcome_kinds: Sequence[str | None] | None = None,
):
    """Build the no-kernel explorer: one precomputed frame per topic × outcome kind.

    An outer ``ipywidgets.Stack`` holds one inner ``Stack`` per topic and each inner stack one
    HTML frame per outcome kind (:func:`explorer_frame_html`). Two ``ToggleButtons`` choose
    them: the topic buttons' ``index`` is linked to the outer stack's ``selected_index`` with
    ``jslink``, the outcome buttons' ``index`` to every inner stack's. The links live in the
    saved widget state, so the buttons work on the static site; the same cell works unchanged
    in a live kernel. The default 9 topics × 4 kinds make 36 frames (SVG plots and tables).

    Parameters
    ----------
    topics : sequence of str or None, optional
        Topics to offer, in order (None: all topics); default every option of
        :func:`topic_options`.
    outcome_kinds : sequence of str or None, optional
        Outcome kinds to offer (None: any); default every option of
        :data:`OUTCOME_KIND_OPTIONS`.

    Returns
    -------
    ipywidgets.VBox
        Children: a header (HTML), the topic buttons, the outcome buttons and the outer
        ``Stack``. The ``jslink`` objects are kept on the box as ``box.links``.

    Raises
    ------
    ValueError
        For an unknown or repeated topic or outcome kind, or an empty choice.
    """
    import ipywidgets as widgets

    topic_choice = _choose(topic_options(), topics, "topics")
    kind_choice = _choose(OUTCOME_KIND_OPTIONS, outcome_kinds, "outcome_kinds")
    topic_buttons = _toggle(topic_choice, "Topic")
    kind_buttons = _toggle(kind_choice, "Outcome")
    rows = [[_view(topic, kind, None)[1] for _, kind in kind_choice] for _, topic in topic_choice]
    outer, _, links = nested_linked_stacks(topic_buttons, kind_buttons, rows)
    box = widgets.VBox([widgets.HTML(_header(STATIC_NOTE)), topic_buttons, kind_buttons, outer])
    box.links = links
    return box


def _choose(options, chosen, name: str):
    if chosen is None:
        return tuple(options)
    by_value = {value: (label, value) for label, value in options}
    accepted = ", ".join(repr(value) for value in by_value)
    if isinstance(chosen, str) or not isinstance(chosen, Sequence) or not chosen:
        raise ValueError(f"{name} must be a non-empty list drawn from {accepted}; got {chosen!r}")
    if len(set(chosen)) != len(chosen) or any(value not in by_value for value in chosen):
        raise ValueError(f"{name} must hold distinct values from {accepted}; got {chosen!r}")
    return tuple(by_value[value] for value in chosen)


# --------------------------------------------------------------------------------------------
# Chapter 09: a few named forest plots
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForestPanel:
    """One named forest plot: a button label, the row ids (one shared scale), a title and,
    optionally, short row labels (one per row id)."""

    label: str
    row_ids: tuple[str, ...]
    title: str
    row_labels: tuple[str, ...] = ()

    @property
    def rows(self) -> tuple:
        """The evidence rows, in the given order (ValueError for an unknown id)."""
        return tuple(evidence.get_row(row_id) for row_id in self.row_ids)


def _check_panels(panels) -> tuple[ForestPanel, ...]:
    panels = tuple(panels)
    if not panels or not all(isinstance(panel, ForestPanel) for panel in panels):
        raise ValueError(f"panels must be a non-empty sequence of ForestPanel; got {panels!r}")
    for panel in panels:
        if panel.row_labels and len(panel.row_labels) != len(panel.row_ids):
            raise ValueError(f"panel {panel.label!r} needs one row label per row id")
        scales = {evidence.effect_scale(row) for row in panel.rows}
        if len(scales) != 1 or None in scales:
            raise ValueError(f"panel {panel.label!r} mixes effect scales {scales}")
    return panels


def panel_summary(panel: ForestPanel) -> str:
    """A caption: how many estimates exclude no effect, include it, or have no CI.

    Examples
    --------
    >>> panel = ForestPanel("HR", ("whi-ep", "whi-e", "hers"), "Incident diabetes")
    >>> panel_summary(panel)
    'Incident diabetes: 2 of 3 intervals exclude no effect; 1 includes it.'
    """
    rows = panel.rows
    excluding = sum(row.ci_excludes_null is True for row in rows)
    including = sum(row.ci_excludes_null is False for row in rows)
    no_ci = sum(row.ci_excludes_null is None for row in rows)
    text = f"{panel.title}: {excluding} of {len(rows)} intervals exclude no effect"
    if including:
        text += f"; {including} {'includes' if including == 1 else 'include'} it"
    if no_ci:
        text += f"; {no_ci} {'has' if no_ci == 1 else 'have'} no recorded CI (hollow)"
    return text + "."


def forest_toggle_static(panels: Sequence[ForestPanel]):
    """Toggle buttons that switch between precomputed forest plots, with no kernel.

    Each panel becomes one frame (SVG plot with alt text, a caption from
    :func:`panel_summary`, and the table of its rows) in a ``Stack`` whose
    ``selected_index`` is linked with ``jslink`` to the buttons' ``index``.

    Returns
    -------
    ipywidgets.VBox
        Children: the ``ToggleButtons`` and the ``Stack``; the link is kept as ``box.links``.

    Raises
    ------
    ValueError
        If ``panels`` is empty, holds something else, or a panel mixes effect scales.
    """
    import ipywidgets as widgets

    chosen = _check_panels(panels)
    buttons = _toggle([(panel.label, None) for panel in chosen], "Show")
    frames = [
        forest_frame_html(
            panel.rows,
            panel.rows,
            title=panel.title,
            summary=panel_summary(panel),
            labels=panel.row_labels,
        )
        for panel in chosen
    ]
    stack, link = linked_stack(buttons, frames)
    box = widgets.VBox([buttons, stack])
    box.links = [link]
    return box


def plot_forest_panels(panels: Sequence[ForestPanel]):
    """The panels stacked in one static figure (alt text is set in the chapter).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per panel, not registered with pyplot.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    chosen = _check_panels(panels)
    heights = [figure_height(len(panel.row_ids)) for panel in chosen]
    figure = Figure(figsize=(FIG_WIDTH_IN + 0.5, sum(heights)))
    FigureCanvasAgg(figure)
    axes = figure.subplots(len(chosen), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, panel in zip(axes, chosen, strict=True):
        draw_forest(ax, panel.rows, title=panel.title, labels=panel.row_labels)
    figure.tight_layout(h_pad=3.0)
    return figure


__all__ = [
    "FIG_WIDTH_IN",
    "LEGEND_GAP_PT",
    "LEVEL_OPTIONS",
    "LIVE_NOTE",
    "OUTCOME_KIND_OPTIONS",
    "STATIC_NOTE",
    "SVG_FONT_FAMILY",
    "SVG_PX_PER_IN",
    "ExplorerFrame",
    "ForestPanel",
    "draw_forest",
    "evidence_explorer",
    "evidence_explorer_static",
    "explorer_frame",
    "explorer_frame_html",
    "figure_height",
    "forest_alt_text",
    "forest_frame_html",
    "forest_svg",
    "forest_toggle_static",
    "frame_summary",
    "panel_summary",
    "plot_forest_panels",
    "text_width",
    "topic_options",
]
