"""Tests for the chapter 11 evidence explorer and the chapter 09 forest-plot toggle."""

import matplotlib

matplotlib.use("Agg")

import doctest  # noqa: E402
from xml.etree import ElementTree  # noqa: E402

import ipywidgets  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.embed import dependency_state  # noqa: E402
from ipywidgets.widgets.widget_link import Link  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from insulinlab import evidence  # noqa: E402
from insulinlab.plotting import PALETTE  # noqa: E402
from insulinlab.widgets import evidence_explorer as ee  # noqa: E402
from insulinlab.widgets.static_stack import widget_state_size  # noqa: E402

EXPLORER_STATE_LIMIT_BYTES = 700_000
TOGGLE_STATE_LIMIT_BYTES = 120_000

HT_PANELS = (
    ee.ForestPanel("Incident diabetes", ("whi-ep", "whi-e", "hers"), "Incident diabetes"),
    ee.ForestPanel(
        "HOMA-IR",
        ("li2025-homa", "li2025-homa-e-alone", "whi-e-homa"),
        "HOMA-IR",
        ("Li 2025, all", "Li 2025, oestrogen alone", "WHI oestrogen alone, year 1"),
    ),
)


def test_doctests_pass():
    result = doctest.testmod(ee)
    assert result.failed == 0
    assert result.attempted >= 4


# --- the pure core --------------------------------------------------------------------------


def test_topic_options_start_with_all_and_list_every_topic():
    options = ee.topic_options()
    assert options[0] == ("All topics", None)
    assert [value for _, value in options[1:]] == list(evidence.topics())


@pytest.mark.parametrize("topic", [value for _, value in ee.topic_options()])
@pytest.mark.parametrize("kind", [value for _, value in ee.OUTCOME_KIND_OPTIONS])
def test_every_frame_plots_only_rows_on_one_scale_and_tables_every_match(topic, kind):
    frame = ee.explorer_frame(topic, kind)
    assert frame.rows == evidence.filter_evidence(topic=topic, outcome_kind=kind)
    assert set(frame.plotted) <= set(frame.rows)
    assert len({evidence.effect_scale(row) for row in frame.plotted}) <= 1
    assert len(frame.plotted) + len(frame.other_scale_rows) + len(frame.without_estimate) == len(
        frame.rows
    )
    if frame.plotted:
        assert frame.scale == evidence.effect_scale(frame.plotted[0])


def test_frame_filters_by_evidence_level_and_titles_the_choice():
    frame = ee.explorer_frame(None, None, "GUIDELINE")
    assert frame.rows and all(row.evidence_level == "GUIDELINE" for row in frame.rows)
    assert frame.plotted == ()
    assert frame.title == "All topics · any outcome · level GUIDELINE"


def test_frame_rejects_unknown_filters():
    with pytest.raises(ValueError, match="topic must be one of"):
        ee.explorer_frame("astrology")
    with pytest.raises(ValueError, match="outcome_kind must be one of"):
        ee.explorer_frame(None, "anecdotal")


def test_summary_counts_plotted_other_and_unplotted_rows():
    frame = ee.explorer_frame("lifestyle", "clinical")
    text = ee.frame_summary(frame)
    assert text.startswith(f"{len(frame.rows)} rows match.")
    assert f"the {len(frame.plotted)} estimates on one scale (risk or rate ratio)" in text
    assert f"{len(frame.without_estimate)} rows without a single effect estimate" in text


def test_alt_text_reports_every_estimate_and_its_interval():
    rows = [evidence.get_row(row_id) for row_id in ("whi-ep", "whi-e")]
    text = ee.forest_alt_text(rows, "Incident diabetes")
    assert "HR 0.79 (95% CI 0.67 to 0.93), interval excludes no effect (1)" in text
    assert "HR 0.88 (95% CI 0.77 to 1.01), interval includes no effect (1)" in text
    hollow = ee.forest_alt_text([evidence.get_row("kapoor-homa")], "HOMA")
    assert "no interval recorded (hollow square)" in hollow and "no effect at 0" in hollow
    assert ee.forest_alt_text([], "Nothing") == "Nothing: no estimates to plot."


# --- drawing --------------------------------------------------------------------------------


def test_draw_forest_relabels_rows_and_names_the_scale():
    rows = ee.explorer_frame("lifestyle", "clinical").plotted
    ax = ee.draw_forest(Figure().subplots(), rows, title="Lifestyle")
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels[-1].startswith("DPP 2002: Incident type 2 diabetes")
    assert ax.get_xlabel().startswith("Risk or rate ratio, with 95% CI")
    assert ax.get_xscale() == "log"


def test_draw_forest_uses_given_labels_and_checks_their_number():
    rows = HT_PANELS[1].rows
    ax = ee.draw_forest(Figure().subplots(), rows, labels=HT_PANELS[1].row_labels)
    assert [tick.get_text() for tick in ax.get_yticklabels()] == list(
        reversed(HT_PANELS[1].row_labels)
    )
    with pytest.raises(ValueError, match="one label per row"):
        ee.draw_forest(Figure().subplots(), rows, labels=("only one",))


def test_draw_forest_without_rows_writes_a_message_and_rejects_mixed_scales():
    ax = ee.draw_forest(Figure().subplots(), [])
    assert "No numeric estimates" in ax.texts[0].get_text()
    mixed = [evidence.get_row("whi-ep"), evidence.get_row("t4dm")]
    with pytest.raises(ValueError, match="share one effect scale"):
        ee.draw_forest(Figure().subplots(), mixed)


SVG = "{http://www.w3.org/2000/svg}"


def _svg(rows, **kwargs):
    return ElementTree.fromstring(ee.forest_svg(rows, **kwargs))


def _texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def _estimates(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "estimate"]


def _centre_x(rect):
    return float(rect.get("x")) + float(rect.get("width")) / 2


def _tick_x(root):
    return {
        float(line.get("data-value")): float(line.get("x1"))
        for line in root.iter(f"{SVG}line")
        if line.get("class") == "tick"
    }


def _null_x(root):
    (line,) = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    return float(line.get("x1"))


LEVEL_COLOURS = dict(zip(evidence.EVIDENCE_LEVELS, evidence.level_colours(PALETTE), strict=True))


def test_forest_svg_is_well_formed_with_title_size_and_role():
    rows = HT_PANELS[0].rows
    svg = ee.forest_svg(rows, title="Incident diabetes")
    assert svg.startswith(b"<?xml")
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    width, height = float(root.get("width")), float(root.get("height"))
    assert width == ee.FIG_WIDTH_IN * 96
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.find(f"{SVG}title").text == ee.forest_alt_text(rows, "Incident diabetes")
    assert root.get("font-family") == "DejaVu Sans, Arial, sans-serif"
    texts = _texts(root)
    assert "Incident diabetes" in texts  # text stays text
    assert "Hazard ratio, with 95% CI" in texts and "(hollow square: no CI recorded)" in texts
    taller = _svg(ee.explorer_frame().plotted)  # 9 rows
    assert float(taller.get("height")) > height


def test_forest_svg_is_reproducible():
    rows = ee.explorer_frame().plotted
    assert ee.forest_svg(rows, title="All") == ee.forest_svg(rows, title="All")


def test_forest_svg_has_one_square_per_row_coloured_by_level_and_hollow_without_ci():
    rows = ee.explorer_frame().plotted  # HOMA-IR: meta-analyses with CIs, trials without
    assert {row.has_ci for row in rows} == {True, False}
    root = _svg(rows, title="All")
    squares = _estimates(root)
    assert len(squares) == len(rows)
    for square, row in zip(squares, rows, strict=True):  # top to bottom in the given order
        colour = LEVEL_COLOURS[row.evidence_level]
        assert square.get("stroke") == colour
        assert square.get("fill") == (colour if row.has_ci else "#ffffff")
        assert float(square.get("data-estimate")) == row.estimate
    tops = [float(square.get("y")) for square in squares]
    assert tops == sorted(tops)
    labels = [label for label in _texts(root) if label in ee._row_labels(rows)]
    assert labels == ee._row_labels(rows)
    ci_lines = [line for line in root.iter(f"{SVG}line") if line.get("class") == "ci"]
    assert len(ci_lines) == sum(row.has_ci for row in rows)


def test_forest_svg_uses_given_labels_and_checks_rows():
    panel = HT_PANELS[1]
    texts = _texts(_svg(panel.rows, labels=panel.row_labels))
    assert [text for text in texts if text in panel.row_labels] == list(panel.row_labels)
    with pytest.raises(ValueError, match="one label per row"):
        ee.forest_svg(panel.rows, labels=("only one",))
    with pytest.raises(ValueError, match="share one effect scale"):
        ee.forest_svg([evidence.get_row("whi-ep"), evidence.get_row("t4dm")])


def test_forest_svg_places_estimates_on_a_linear_axis():
    root = _svg(HT_PANELS[1].rows)  # Li 2025, all: MD -0.24 in HOMA-IR
    ticks = _tick_x(root)
    assert ticks[-0.3] < ticks[-0.2] < ticks[0.0]
    expected = ticks[-0.3] + (ticks[-0.2] - ticks[-0.3]) * (0.06 / 0.1)
    assert _centre_x(_estimates(root)[0]) == pytest.approx(expected, abs=0.05)
    assert _null_x(root) == pytest.approx(ticks[0.0], abs=0.01)
    assert "\N{MINUS SIGN}0.3" in _texts(root) and "0.0" in _texts(root)


def test_forest_svg_places_estimates_on_a_log_axis_with_the_ratio_ticks():
    import math

    rows = HT_PANELS[0].rows  # WHI E+P: HR 0.79
    root = _svg(rows)
    ticks = _tick_x(root)
    assert sorted(ticks) == [0.5, 0.7, 1.0]  # evidence.ratio_axis
    assert {"0.5", "0.7", "1"} <= set(_texts(root))
    fraction = math.log(0.79 / 0.7) / math.log(1 / 0.7)
    expected = ticks[0.7] + (ticks[1.0] - ticks[0.7]) * fraction
    assert _centre_x(_estimates(root)[0]) == pytest.approx(expected, abs=0.05)
    assert _null_x(root) == pytest.approx(ticks[1.0], abs=0.01)


def test_forest_svg_legend_lists_the_levels_present():
    rows = ee.explorer_frame().plotted
    root = _svg(rows)
    (legend,) = [group for group in root.iter(f"{SVG}g") if group.get("class") == "legend"]
    present = [
        level for level in evidence.EVIDENCE_LEVELS if level in {r.evidence_level for r in rows}
    ]
    keys = [rect for rect in legend.iter(f"{SVG}rect")]
    assert [key.get("data-level") for key in keys] == present == ["MA", "RCT"]
    assert [key.get("fill") for key in keys] == [LEVEL_COLOURS[level] for level in present]
    assert _texts(legend) == [evidence.LEVEL_DESCRIPTIONS[level] for level in present]


def test_forest_svg_without_rows_writes_the_message():
    root = _svg([], title="Nothing")
    assert _texts(root) == [
        "No numeric estimates to plot for these filters:",
        "see the table below.",
    ]
    assert not _estimates(root)
    assert root.find(f"{SVG}title").text == "Nothing: no estimates to plot."


def _text_extent(element):
    x, size = float(element.get("x")), float(element.get("font-size"))
    width = ee.text_width(element.text, size)
    start = {"start": x, "middle": x - width / 2, "end": x - width}[element.get("text-anchor")]
    return start, start + width


def test_no_text_is_cut_off_or_runs_into_the_plot_in_any_view():
    for _, topic in ee.topic_options():
        for _, kind in ee.OUTCOME_KIND_OPTIONS:
            for _, level in ee.LEVEL_OPTIONS:
                frame = ee.explorer_frame(topic, kind, level)
                if not frame.plotted:
                    continue
                root = _svg(frame.plotted, title=frame.title)
                width, height = float(root.get("width")), float(root.get("height"))
                (plot,) = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "none"]
                for text in root.iter(f"{SVG}text"):
                    start, end = _text_extent(text)
                    assert 0 <= start and end <= width, (frame.title, text.text)
                    assert float(text.get("font-size")) <= float(text.get("y")) <= height
                    if text.get("text-anchor") == "end":  # a row label
                        assert end < float(plot.get("x")), (frame.title, text.text)


def test_no_matplotlib_figure_is_made_for_the_explorer(monkeypatch):
    import matplotlib.figure

    def refuse(*args, **kwargs):
        raise AssertionError("a matplotlib Figure was created")

    monkeypatch.setattr(matplotlib.figure.Figure, "__init__", refuse)
    ee._view.cache_clear()
    box = ee.evidence_explorer()
    _, topic, kind, level, output = box.children
    for index in range(len(ee.LEVEL_OPTIONS)):
        level.index = index
    kind.index = 1
    assert (
        "data:image/svg+xml;base64,"
        in ee.forest_toggle_static(HT_PANELS).children[1].children[0].value
    )
    ee._view.cache_clear()


def test_frame_html_has_alt_text_caption_and_table():
    frame = ee.explorer_frame("menopausal hormone therapy", "clinical")
    text = ee.explorer_frame_html(frame)
    assert 'src="data:image/svg+xml;base64,' in text
    assert 'alt="Forest plot: Menopausal hormone therapy' in text
    assert text.count("<tr>") == len(frame.rows) + 1
    empty = ee.explorer_frame_html(ee.explorer_frame("sleep", "safety"))
    assert "No rows match these filters." in empty and "<img" not in empty


# --- widgets --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_box():
    return ee.evidence_explorer_static()


def test_static_explorer_has_a_frame_per_topic_and_kind(static_box):
    _, topics, kinds, outer = static_box.children
    assert isinstance(outer, ipywidgets.Stack)
    assert len(outer.children) == len(topics.options) == len(ee.topic_options())
    for inner in outer.children:
        assert isinstance(inner, ipywidgets.Stack)
        assert len(inner.children) == len(kinds.options) == len(ee.OUTCOME_KIND_OPTIONS)
        assert all(isinstance(child, ipywidgets.HTML) for child in inner.children)


def test_static_explorer_links_buttons_index_to_every_stack(static_box):
    _, topics, kinds, outer = static_box.children
    links = static_box.links
    assert all(isinstance(link, Link) for link in links)
    assert links[0].source == (topics, "index") and links[0].target == (outer, "selected_index")
    assert [link.target[0] for link in links[1:]] == list(outer.children)
    assert all(link.source == (kinds, "index") for link in links[1:])


def test_static_explorer_state_is_light_enough_for_the_page(static_box):
    state = dependency_state([static_box, *static_box.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == 1 + len(
        ee.topic_options()
    )
    size = widget_state_size(static_box)
    assert size < EXPLORER_STATE_LIMIT_BYTES, f"widget state {size} bytes"


def test_static_explorer_with_chosen_filters_and_bad_choices():
    box = ee.evidence_explorer_static(["menopausal hormone therapy"], [None, "clinical"])
    outer = box.children[-1]
    assert len(outer.children) == 1 and len(outer.children[0].children) == 2
    for bad in ([], "sleep", ["sleep", "sleep"], ["astrology"]):
        with pytest.raises(ValueError, match="topics must"):
            ee.evidence_explorer_static(bad)
    with pytest.raises(ValueError, match="outcome_kinds must"):
        ee.evidence_explorer_static(None, ["anecdotal"])


def test_live_explorer_redraws_on_each_control():
    box = ee.evidence_explorer()
    _, topic, kind, level, output = box.children
    assert box.frame.rows == evidence.load_evidence()
    topic.index = [value for _, value in ee.topic_options()].index("menopausal hormone therapy")
    kind.index = 1  # clinical
    assert box.frame.topic == "menopausal hormone therapy"
    assert box.frame.outcome_kind == "clinical"
    assert "WHI oestrogen plus progestin" in output.value
    level.index = [value for _, value in ee.LEVEL_OPTIONS].index("GUIDELINE")
    assert [row.id for row in box.frame.rows] == ["uspstf-ht"]


def test_live_explorer_draws_each_view_once(monkeypatch):
    ee._view.cache_clear()
    box = ee.evidence_explorer()
    _, topic, kind, level, output = box.children
    first = output.value
    expected = ee.explorer_frame_html(ee.explorer_frame(evidence_level="RCT"))
    drawn = []
    real_svg = ee.forest_svg
    monkeypatch.setattr(ee, "forest_svg", lambda *a, **k: drawn.append(a) or real_svg(*a, **k))
    rct = [value for _, value in ee.LEVEL_OPTIONS].index("RCT")
    for _ in range(2):
        level.index = rct
        assert box.frame == ee.explorer_frame(evidence_level="RCT") and box.frame.plotted
        assert output.value == expected
        level.index = 0
        assert output.value == first
    assert len(drawn) == 1, "each view is drawn once"


def test_forest_toggle_has_one_linked_frame_per_panel():
    box = ee.forest_toggle_static(HT_PANELS)
    buttons, stack = box.children
    assert [label for label, _ in buttons.options] == ["Incident diabetes", "HOMA-IR"]
    assert len(stack.children) == 2
    assert box.links[0].source == (buttons, "index")
    assert "Li meta-analysis 2025, Oestrogen alone: MD −0.42" in stack.children[1].value
    assert widget_state_size(box) < TOGGLE_STATE_LIMIT_BYTES


def test_panel_summary_counts_intervals():
    assert ee.panel_summary(HT_PANELS[1]) == (
        "HOMA-IR: 2 of 3 intervals exclude no effect; 1 has no recorded CI (hollow)."
    )


@pytest.mark.parametrize(
    "panels",
    [
        (),
        ("not a panel",),
        (ee.ForestPanel("Mixed", ("whi-ep", "t4dm"), "Mixed"),),
        (ee.ForestPanel("Labels", ("whi-ep", "whi-e"), "Labels", ("one",)),),
    ],
)
def test_panels_are_checked(panels):
    with pytest.raises(ValueError):
        ee.forest_toggle_static(panels)


def test_plot_forest_panels_draws_one_axes_per_panel():
    figure = ee.plot_forest_panels(HT_PANELS)
    assert [ax.get_title() for ax in figure.axes] == ["Incident diabetes", "HOMA-IR"]
    assert figure.axes[0].get_xscale() == "log" and figure.axes[1].get_xscale() == "linear"


def test_figure_height_grows_with_rows_and_has_a_floor():
    assert ee.figure_height(0) == ee.figure_height(1)
    assert ee.figure_height(10) > ee.figure_height(3) > ee.figure_height(1) > 2
