"""The chapter 11 evidence explorer, and the chapter 09 forest-plot toggle.

The data live in :mod:`insulinlab.evidence` (``data/evidence.csv``); this module only filters
and draws them.

- :func:`explorer_frame` is the pure core: for a topic, an outcome kind (clinical, surrogate,
  safety) and an evidence level it returns an :class:`ExplorerFrame` with every matching row
  and the rows that share one effect scale (:func:`insulinlab.evidence.largest_shared_scale`),
  which are the ones a forest plot can honestly put on one axis. :func:`frame_summary` and
  :func:`forest_alt_text` turn a frame into plain sentences (unit-tested).
- :func:`draw_forest` draws those rows on given axes (a forest plot, or a plain message when
  no row has an estimate); :func:`forest_frame_html` makes one frame: the plot as an SVG
  ``<img>`` with alt text, a caption, and the table of rows
  (:func:`insulinlab.evidence.evidence_table_html`).
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

import html
import io
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

SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "insulinlab-evidence"}
"""Matplotlib settings for the SVG frames: text stays text (smaller), ids are reproducible."""

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


def forest_svg(rows: Sequence, *, title: str = "", labels: Sequence[str] = ()) -> bytes:
    """A forest plot (or the no-estimate message) as SVG bytes, text kept as text."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context(SVG_RC):
        figure = Figure(figsize=(FIG_WIDTH_IN, figure_height(len(rows)) if rows else 1.2))
        FigureCanvasSVG(figure)
        draw_forest(figure.add_subplot(), rows, title=title, labels=labels)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(
            buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.1
        )
    return buffer.getvalue()


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

    Each change recomputes :func:`explorer_frame` and redraws the frame (needs a kernel). It
    opens on all topics, any outcome, any level.

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
        box.frame = explorer_frame(
            topics[topic.index][1],
            OUTCOME_KIND_OPTIONS[kind.index][1],
            LEVEL_OPTIONS[level.index][1],
        )
        output.value = explorer_frame_html(box.frame)

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
    rows = [
        [explorer_frame_html(explorer_frame(topic, kind)) for _, kind in kind_choice]
        for _, topic in topic_choice
    ]
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
    "SVG_RC",
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
    "topic_options",
]
