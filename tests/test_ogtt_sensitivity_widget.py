"""Tests for the chapter 07 demo: an OGTT with insulin sensitivity lowered by a chosen percentage.

Headless (Agg). Frames are rendered at a low resolution where only their structure matters;
the saved-state size is measured at the defaults the chapter uses.
"""

import base64
import html
import json
import re

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.widgets.widget_link import Link  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from widget_helpers import count_full_draws  # noqa: E402

from insulinlab import meal  # noqa: E402
from insulinlab.widgets import ogtt_sensitivity as demo  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
IMG_ALT = re.compile(r'<img alt="([^"]+)"')
MAX_STATIC_STATE_BYTES = 500_000
PRESETS = tuple(demo.PRESET_LABELS)


def png_in(frame_html):
    """The PNG bytes inside a frame's ``<img>`` data URI."""
    match = IMG_SOURCE.search(frame_html)
    assert match, "the frame holds no PNG data URI"
    return base64.b64decode(match.group(1))


def alt_of(frame_html):
    return html.unescape(IMG_ALT.search(frame_html).group(1))


def new_axes():
    figure = Figure(figsize=demo.FIGSIZE_IN, dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    return figure, *figure.subplots(2, 1, sharex=True)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the demo must not create pyplot figures"


# --- pure computations and labels ------------------------------------------------------------


def test_reduction_becomes_a_sensitivity_scale():
    assert demo.sensitivity_scale(0) == 1.0
    assert demo.sensitivity_scale(20) == pytest.approx(0.8)
    assert demo.sensitivity_scale(60) == pytest.approx(0.4)
    assert demo.reduction_label(20) == "20 %"
    assert demo.reduction_label(0.0) == "0 %"


@pytest.mark.parametrize("bad", [-1, 60.5, 100, float("nan"), True, "20", None])
def test_reductions_outside_the_range_are_rejected(bad):
    with pytest.raises(ValueError, match="reduction_percent"):
        demo.compare_ogtt("healthy", bad)


def test_unknown_presets_are_rejected():
    with pytest.raises(ValueError, match="preset"):
        demo.compare_ogtt("athlete", 20)


def test_comparison_matches_the_meal_model():
    comparison = demo.compare_ogtt("insulin_resistant", 30)
    baseline = meal.ogtt("insulin_resistant", duration_min=180)
    reduced = meal.ogtt("insulin_resistant", insulin_sensitivity_scale=0.7, duration_min=180)
    np.testing.assert_allclose(comparison.baseline.glucose_mg_dl, baseline.glucose_mg_dl)
    np.testing.assert_allclose(comparison.reduced.insulin_uu_ml, reduced.insulin_uu_ml)
    assert comparison.reduced.t_min[-1] == 180.0
    assert comparison.glucose_2h_change_mg_dl == pytest.approx(
        reduced.glucose_2h_mg_dl - baseline.glucose_2h_mg_dl
    )
    assert comparison.insulin_2h_change_percent == pytest.approx(
        100 * (reduced.insulin_2h_uu_ml / baseline.insulin_2h_uu_ml - 1)
    )


def test_zero_reduction_changes_nothing():
    comparison = demo.compare_ogtt("healthy", 0)
    assert comparison.glucose_2h_change_mg_dl == 0.0
    assert comparison.insulin_2h_change_percent == 0.0
    assert not comparison.category_changed
    assert "unchanged (0 % lower)" in demo.frame_title("healthy", 0)


def test_the_chapter_story_holds_in_the_model():
    """Lower sensitivity raises 2-h glucose and insulin; more so where reserve is smaller."""
    healthy = demo.compare_ogtt("healthy", 20)
    resistant = demo.compare_ogtt("insulin_resistant", 20)
    diabetes = demo.compare_ogtt("type_2_diabetes", 20)
    assert 0 < healthy.glucose_2h_change_mg_dl < resistant.glucose_2h_change_mg_dl
    assert healthy.reduced.ada_category == "normal"
    assert resistant.baseline.ada_category == resistant.reduced.ada_category == "prediabetes"
    assert healthy.insulin_2h_change_percent > resistant.insulin_2h_change_percent > 0
    assert diabetes.glucose_2h_change_mg_dl < healthy.glucose_2h_change_mg_dl
    for preset in PRESETS:
        changes = [demo.compare_ogtt(preset, r).glucose_2h_change_mg_dl for r in (10, 30, 60)]
        assert changes == sorted(changes), f"{preset}: 2-h glucose rises with the reduction"


def test_summary_and_alt_text_state_the_numbers():
    comparison = demo.compare_ogtt("insulin_resistant", 20)
    base, low = comparison.baseline, comparison.reduced
    text = demo.summary_text(comparison)
    assert text.startswith(f"2-h glucose {base.glucose_2h_mg_dl:.0f} → {low.glucose_2h_mg_dl:.0f}")
    assert "ADA 2-h category prediabetes in both" in text
    alt = demo.frame_alt_text(comparison)
    assert "Insulin-resistant (IGT) preset: insulin sensitivity 20 % lower" in alt
    assert f"{low.glucose_2h_mg_dl:.0f} mg/dL on the solid curve" in alt
    assert "140 mg/dL (prediabetes) and 200 mg/dL (diabetes)" in alt
    assert "dashed" in alt and "solid" in alt


def test_a_category_change_is_named():
    # No 0–60 % reduction moves a preset across an ADA line in this model, so build a
    # comparison whose two runs differ in category to check the wording.
    base = demo.compare_ogtt("healthy", 0).baseline
    moved = demo.compare_ogtt("insulin_resistant", 0).baseline
    comparison = demo.OgttComparison("healthy", 20.0, base, moved)
    assert comparison.category_changed
    assert "ADA 2-h category normal → prediabetes" in demo.summary_text(comparison)


# --- pure drawing ----------------------------------------------------------------------------


def test_draw_comparison_plots_both_runs_and_marks_two_hours():
    _, ax_glucose, ax_insulin = new_axes()
    comparison = demo.compare_ogtt("healthy", 40)
    artists = demo.draw_comparison(ax_glucose, ax_insulin, comparison)
    np.testing.assert_allclose(artists.baseline_glucose.get_xdata(), comparison.baseline.t_min)
    np.testing.assert_allclose(
        artists.reduced_glucose.get_ydata(), comparison.reduced.glucose_mg_dl
    )
    np.testing.assert_allclose(
        artists.reduced_insulin.get_ydata(), comparison.reduced.insulin_uu_ml
    )
    assert artists.baseline_glucose.get_linestyle() == "--"
    assert artists.reduced_glucose.get_linestyle() == "-"
    assert list(artists.reduced_marker.get_xdata()) == [120.0]
    assert artists.reduced_marker.get_ydata()[0] == pytest.approx(
        comparison.reduced.glucose_2h_mg_dl
    )
    assert artists.baseline_marker.get_marker() != artists.reduced_marker.get_marker()
    assert "2-h glucose:" in artists.glucose_note.get_text()
    assert "2-h insulin:" in artists.insulin_note.get_text()


def test_axes_carry_labelled_ada_lines_and_the_two_hour_mark():
    figure, ax_glucose, ax_insulin = new_axes()
    demo.draw_comparison(ax_glucose, ax_insulin, demo.compare_ogtt("healthy", 20))
    figure.canvas.draw()
    texts = [text.get_text() for text in ax_glucose.texts]
    assert "2-h ≥ 140 mg/dL:\nprediabetes (IGT)" in texts
    assert "2-h ≥ 200 mg/dL:\ndiabetes" in texts
    horizontal = {
        line.get_ydata()[0]
        for line in ax_glucose.lines
        if len(set(line.get_ydata())) == 1 and line.get_linestyle() == "--"
    }
    assert {140.0, 200.0} <= horizontal
    labels = [tick.get_text() for tick in ax_insulin.get_xticklabels()]
    assert "120\n(2 h)" in labels
    assert ax_glucose.get_ylim() == (50.0, 225.0)
    legend = [text.get_text() for text in ax_glucose.get_legend().get_texts()]
    assert any("dashed" in text for text in legend) and any("solid" in text for text in legend)


def test_style_rejects_impossible_limits():
    _, ax_glucose, ax_insulin = new_axes()
    with pytest.raises(ValueError, match="glucose_top_mg_dl"):
        demo.style_ogtt_axes(ax_glucose, ax_insulin, glucose_top_mg_dl=180)
    with pytest.raises(ValueError, match="insulin_top_uu_ml"):
        demo.style_ogtt_axes(ax_glucose, ax_insulin, insulin_top_uu_ml=0)


def test_axis_limits_fit_every_reduction_and_show_the_200_line():
    for preset in PRESETS:
        glucose_top, insulin_top = demo.axis_limits(preset)
        assert glucose_top > 200
        for reduction in demo.REDUCTION_RANGE_PERCENT:
            result = demo.compare_ogtt(preset, reduction).reduced
            assert np.max(result.glucose_mg_dl) < glucose_top
            assert np.max(result.insulin_uu_ml) < insulin_top


def test_artists_update_in_place():
    _, ax_glucose, ax_insulin = new_axes()
    artists = demo.draw_comparison(ax_glucose, ax_insulin, demo.compare_ogtt("healthy", 0))
    count = len(ax_glucose.get_children()) + len(ax_insulin.get_children())
    comparison = demo.compare_ogtt("healthy", 60)
    artists.update(comparison)
    np.testing.assert_allclose(
        artists.reduced_glucose.get_ydata(), comparison.reduced.glucose_mg_dl
    )
    assert len(ax_glucose.get_children()) + len(ax_insulin.get_children()) == count


# --- the figure built once -------------------------------------------------------------------


def test_figure_update_changes_data_and_limits_not_artists():
    ogtt_figure = demo.build_ogtt_figure("healthy", 20)
    figure = ogtt_figure.figure
    counts = (
        len(ogtt_figure.ax_glucose.get_children()),
        len(ogtt_figure.ax_insulin.get_children()),
    )
    ogtt_figure.update("type_2_diabetes", 50)
    assert ogtt_figure.figure is figure
    assert (
        len(ogtt_figure.ax_glucose.get_children()),
        len(ogtt_figure.ax_insulin.get_children()),
    ) == counts
    expected = demo.compare_ogtt("type_2_diabetes", 50)
    np.testing.assert_allclose(
        ogtt_figure.artists.reduced_insulin.get_ydata(), expected.reduced.insulin_uu_ml
    )
    assert ogtt_figure.ax_glucose.get_ylim()[1] == demo.axis_limits("type_2_diabetes")[0]
    assert ogtt_figure.title == demo.frame_title("type_2_diabetes", 50)
    # What is shown and the 2-h values are in the caption, not in text drawn on the figure.
    assert ogtt_figure.figure.texts == []
    notes = (ogtt_figure.artists.glucose_note, ogtt_figure.artists.insulin_note)
    assert not any(note.get_visible() for note in notes)


def test_live_figure_needs_no_full_draw_after_it_is_prepared():
    """Every preset's axis limits are drawn when the live figure is prepared, and only lines
    and markers change, so a change (a new preset included) redraws only them."""
    import io

    from insulinlab.widgets.static_stack import live_renderer

    ogtt_figure = demo.build_ogtt_figure("healthy", 20)
    ogtt_figure.prepare_live(TEST_DPI)
    assert ogtt_figure.ax_glucose.get_ylim() == (50.0, demo.axis_limits("healthy")[0])
    ogtt_figure.png(TEST_DPI, live=True)
    renderer = live_renderer(ogtt_figure.figure)
    draws = count_full_draws(ogtt_figure.figure)
    width, height = (round(side * TEST_DPI) for side in ogtt_figure.figure.get_size_inches())
    for preset, reduction in [("type_2_diabetes", 60), ("insulin_resistant", 0), ("healthy", 35)]:
        ogtt_figure.update(preset, reduction)
        blitted = renderer.rgba(TEST_DPI).astype(int)
        buffer = io.BytesIO()
        ogtt_figure.figure.savefig(buffer, format="rgba", dpi=TEST_DPI)
        full = np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(height, width, 4)
        assert np.abs(blitted - full.astype(int)).max() <= 8
    assert draws == []


def test_frame_html_is_an_image_with_alt_text_and_a_caption():
    ogtt_figure = demo.build_ogtt_figure("healthy", 20)
    frame = demo.frame_html(ogtt_figure, TEST_DPI)
    assert png_in(frame).startswith(PNG_MAGIC)
    assert alt_of(frame).startswith("Two line charts of a 75-gram oral glucose tolerance test")
    title = demo.frame_title("healthy", 20)
    assert f"<figcaption>{title}. 2-h glucose" in frame


# --- the no-kernel form ----------------------------------------------------------------------


def test_every_frame_renders_and_differs():
    frames = demo.render_frames(dpi=TEST_DPI)
    assert tuple(frames) == PRESETS
    images = []
    for preset, preset_frames in frames.items():
        assert len(preset_frames) == len(demo.STATIC_REDUCTIONS_PERCENT)
        for reduction, frame in zip(demo.STATIC_REDUCTIONS_PERCENT, preset_frames, strict=True):
            image = png_in(frame)
            assert image.startswith(PNG_MAGIC)
            images.append(image)
            assert demo.frame_title(preset, reduction) in alt_of(frame)
    assert len(set(images)) == len(images), "every frame differs"


def test_slider_extremes_render():
    low, high = demo.REDUCTION_RANGE_PERCENT
    frames = demo.render_frames(("type_2_diabetes", "healthy"), (low, high), dpi=TEST_DPI)
    assert list(frames) == ["type_2_diabetes", "healthy"]
    for preset_frames in frames.values():
        assert all(png_in(frame).startswith(PNG_MAGIC) for frame in preset_frames)
    assert "unchanged (0 % lower)" in frames["healthy"][0]
    assert "60 % lower" in frames["healthy"][1]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"reductions": (20,)}, "reductions"),
        ({"reductions": (20, 10)}, "reductions"),
        ({"reductions": (0, 70)}, "reductions"),
        ({"reductions": "0, 10"}, "reductions"),
        ({"reductions": tuple(range(13))}, "reductions"),
        ({"presets": ()}, "presets"),
        ({"presets": ("healthy", "healthy")}, "presets"),
        ({"presets": "healthy"}, "presets"),
        ({"presets": ("nobody",)}, "preset"),
        ({"dpi": 5}, "dpi"),
        ({"colours": 4}, "colours"),
        ({"colours": 32.5}, "colours"),
    ],
)
def test_render_frames_rejects_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        demo.render_frames(**{"dpi": TEST_DPI, **kwargs})


@pytest.fixture(scope="module")
def static():
    """The no-kernel form at the defaults the chapter uses."""
    return demo.ogtt_sensitivity_static()


def test_static_form_nests_one_stack_per_preset(static):
    header, buttons, slider, outer = static.children
    assert isinstance(header, ipywidgets.HTML) and "works without a kernel" in header.value
    assert isinstance(outer, ipywidgets.Stack) and len(outer.children) == len(PRESETS)
    for inner in outer.children:
        assert isinstance(inner, ipywidgets.Stack)
        assert len(inner.children) == len(demo.STATIC_REDUCTIONS_PERCENT)
        assert all(png_in(child.value).startswith(PNG_MAGIC) for child in inner.children)
    assert isinstance(buttons, ipywidgets.ToggleButtons)
    assert buttons.options == tuple(
        (demo.PRESET_LABELS[preset], index) for index, preset in enumerate(PRESETS)
    )
    assert isinstance(slider, ipywidgets.SelectionSlider)
    assert [label for label, _ in slider.options] == ["0 %", "10 %", "20 %", "30 %", "40 %", "50 %"]


def test_static_controls_are_linked_by_index_in_the_browser(static):
    _, buttons, slider, outer = static.children
    links = static.links
    assert all(isinstance(link, Link) for link in links)
    assert len(links) == 1 + len(PRESETS)
    first = links[0]
    assert (first.source, first.target) == ((buttons, "index"), (outer, "selected_index"))
    targets = [link.target for link in links[1:]]
    assert [source for source in (link.source for link in links[1:])] == [(slider, "index")] * 3
    assert targets == [(inner, "selected_index") for inner in outer.children]
    start = demo.STATIC_REDUCTIONS_PERCENT.index(20)
    assert slider.index == start and slider.label == "20 %"
    assert all(inner.selected_index == start for inner in outer.children)
    assert buttons.index == outer.selected_index == 0


def test_static_extremes_select_existing_frames(static):
    _, buttons, slider, outer = static.children
    for index in (0, len(slider.options) - 1):
        slider.index = index
        # jslink acts in the browser; here we check the index it would copy is a valid child.
        assert all(0 <= slider.index < len(inner.children) for inner in outer.children)
    for index in (0, len(buttons.options) - 1):
        buttons.index = index
        assert 0 <= buttons.index < len(outer.children)
    slider.index, buttons.index = demo.STATIC_REDUCTIONS_PERCENT.index(20), 0


def test_static_form_saved_state_is_small_and_includes_the_links(static):
    from ipywidgets.embed import dependency_state, embed_data

    state = dependency_state([static, *static.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == len(static.links)
    data = embed_data(views=[static], state=state)
    size = len(json.dumps(data["manager_state"]).encode("utf-8"))
    assert size < MAX_STATIC_STATE_BYTES, size


def test_static_form_opens_on_the_first_value_without_20_percent():
    box = demo.ogtt_sensitivity_static(("healthy",), (0, 50), dpi=TEST_DPI)
    _, buttons, slider, outer = box.children
    assert slider.index == outer.children[0].selected_index == 0
    assert buttons.options == (("Healthy", 0),)


# --- the live form ---------------------------------------------------------------------------


@pytest.fixture
def live():
    return demo.ogtt_sensitivity_explorer(dpi=TEST_DPI)


def test_live_widget_opens_on_the_healthy_preset_at_20_percent(live):
    header, presets, slider, frame = live.children
    assert "need a running kernel" in header.value
    assert isinstance(presets, ipywidgets.ToggleButtons) and presets.value == "healthy"
    assert isinstance(slider, ipywidgets.IntSlider)
    assert (slider.min, slider.max, slider.value) == (0, 60, 20)
    assert slider.continuous_update is False
    assert png_in(frame.value).startswith(PNG_MAGIC)
    assert "20 % lower" in frame.value


def test_live_slider_moves_the_lines_without_new_artists(live):
    _, _, slider, frame = live.children
    ogtt_figure = live.ogtt_figure
    figure, artists = ogtt_figure.figure, ogtt_figure.artists
    children = len(ogtt_figure.ax_glucose.get_children())
    for reduction in (slider.min, slider.max):
        before_data = artists.reduced_glucose.get_ydata().copy()
        before_frame = frame.value
        slider.value = reduction
        expected = demo.compare_ogtt("healthy", reduction)
        np.testing.assert_allclose(
            artists.reduced_glucose.get_ydata(), expected.reduced.glucose_mg_dl
        )
        np.testing.assert_allclose(
            artists.reduced_insulin.get_ydata(), expected.reduced.insulin_uu_ml
        )
        assert not np.allclose(artists.reduced_glucose.get_ydata(), before_data)
        assert frame.value != before_frame
        assert html.escape(demo.frame_title("healthy", reduction)) in frame.value
    assert live.ogtt_figure.figure is figure and live.ogtt_figure.artists is artists
    assert len(ogtt_figure.ax_glucose.get_children()) == children


def test_live_preset_buttons_change_the_baseline(live):
    _, presets, slider, frame = live.children
    slider.value = 40
    presets.value = "insulin_resistant"
    expected = demo.compare_ogtt("insulin_resistant", 40)
    artists = live.ogtt_figure.artists
    np.testing.assert_allclose(
        artists.baseline_glucose.get_ydata(), expected.baseline.glucose_mg_dl
    )
    np.testing.assert_allclose(artists.reduced_glucose.get_ydata(), expected.reduced.glucose_mg_dl)
    assert "Insulin-resistant (IGT) preset: insulin sensitivity 40 % lower" in html.unescape(
        frame.value
    )


def test_live_widget_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match="dpi"):
        demo.ogtt_sensitivity_explorer(dpi=1000)


# --- the chapter's static figure -------------------------------------------------------------


def test_side_by_side_draws_one_column_per_preset():
    figure = demo.plot_side_by_side(("healthy", "insulin_resistant", "type_2_diabetes"), 20)
    assert len(figure.comparison_artists) == 3
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles == ["Healthy", "Insulin-resistant (IGT)", "Type 2 diabetes"]
    legend_texts = [text.get_text() for text in figure.legends[0].get_texts()]
    assert "after: sensitivity 20 % lower (solid)" in legend_texts
    for artists, preset in zip(figure.comparison_artists, PRESETS, strict=True):
        expected = demo.compare_ogtt(preset, 20).reduced.glucose_mg_dl
        np.testing.assert_allclose(artists.reduced_glucose.get_ydata(), expected)
    figure.canvas.draw()


def test_side_by_side_rejects_bad_arguments():
    with pytest.raises(ValueError, match="presets"):
        demo.plot_side_by_side(())
    with pytest.raises(ValueError, match="reduction_percent"):
        demo.plot_side_by_side(("healthy",), 75)
