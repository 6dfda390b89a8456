"""Tests for the chapter 01 meal-day demo: summaries, drawing, the live and the no-kernel widget.

Headless (Agg). Frames are rendered at a low resolution where only their structure matters;
the saved-state size is measured at the defaults the chapter uses.
"""

import base64
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
from insulinlab.widgets import meal_day  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
IMG_ALT = re.compile(r'<img alt="([^"]+)"')
MAX_STATIC_STATE_BYTES = 300_000


def png_in(frame_html):
    """The PNG bytes inside a frame's ``<img>`` data URI."""
    match = IMG_SOURCE.search(frame_html)
    assert match, "the frame holds no PNG data URI"
    return base64.b64decode(match.group(1))


def new_axes(sharex=False):
    figure = Figure(figsize=meal_day.FIGSIZE_IN, dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    return figure, *figure.subplots(2, 1, sharex=sharex)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the demo must not create pyplot figures"


@pytest.fixture(scope="module")
def healthy_day():
    return meal.day_of_meals("healthy")


# --- labels and summaries --------------------------------------------------------------------


def test_clock_and_scale_labels():
    assert meal_day.clock_label(0) == "00:00"
    assert meal_day.clock_label(7 * 60) == "07:00"
    assert meal_day.clock_label(12 * 60 + 30) == "12:30"
    assert meal_day.clock_label(24 * 60) == "24:00"
    assert meal_day.scale_label(0.25) == "25 %"
    assert meal_day.scale_label(1.0) == "100 %"


def test_meal_labels_name_a_three_meal_day_and_number_others():
    labels = meal_day.meal_labels(meal.ILLUSTRATIVE_DAY)
    assert labels == ["Breakfast 07:00\n50 g", "Lunch 12:30\n70 g", "Dinner 19:00\n80 g"]
    two = meal_day.meal_labels([meal.Meal(60, 20), meal.Meal(600, 30)])
    assert two == ["Meal 1 01:00\n20 g", "Meal 2 10:00\n30 g"]


def test_summary_matches_the_simulation(healthy_day):
    summary = meal_day.summarise_day(healthy_day)
    assert summary.fasting_glucose_mg_dl == pytest.approx(90.0)
    assert summary.peak_glucose_mg_dl == pytest.approx(np.max(healthy_day.glucose_mg_dl))
    assert summary.peak_time_min == healthy_day.time_of_peak_glucose_min
    assert summary.peak_insulin_uu_ml == pytest.approx(np.max(healthy_day.insulin_uu_ml))
    # Averages lie between the lowest and highest values of the day.
    assert 90.0 < summary.mean_glucose_mg_dl < summary.peak_glucose_mg_dl
    assert 8.0 < summary.mean_insulin_uu_ml < summary.peak_insulin_uu_ml


def test_lower_sensitivity_raises_glucose_and_insulin(healthy_day):
    low = meal.day_of_meals("healthy", insulin_sensitivity_scale=0.25)
    healthy, resistant = meal_day.summarise_day(healthy_day), meal_day.summarise_day(low)
    assert resistant.peak_glucose_mg_dl > healthy.peak_glucose_mg_dl
    assert resistant.mean_insulin_uu_ml > healthy.mean_insulin_uu_ml
    text = meal_day.summary_text(low, healthy_day)
    ratio = resistant.mean_insulin_uu_ml / healthy.mean_insulin_uu_ml
    assert f"({ratio:.1f} × the reference day)" in text
    assert "reference day" not in meal_day.summary_text(healthy_day)


def test_alt_text_states_meals_and_peaks(healthy_day):
    low = meal.day_of_meals("healthy", insulin_sensitivity_scale=0.5)
    alt = meal_day.frame_alt_text(low, healthy_day, "healthy", 0.5)
    assert "07:00, 12:30 and 19:00" in alt
    assert f"{low.peak_glucose_mg_dl:.0f} mg/dL" in alt
    assert f"{healthy_day.peak_glucose_mg_dl:.0f} mg/dL on the dashed reference" in alt
    assert "inside the shaded ADA normal fasting range" in alt
    t2d = meal.day_of_meals("type_2_diabetes")
    assert "above the shaded" in meal_day.frame_alt_text(t2d, t2d, "type_2_diabetes", 1.0)


# --- pure drawing ----------------------------------------------------------------------------


def test_draw_day_plots_hours_and_values(healthy_day):
    _, ax_glucose, ax_insulin = new_axes()
    lines = meal_day.draw_day(ax_glucose, ax_insulin, healthy_day, label="healthy")
    np.testing.assert_allclose(lines.glucose_line.get_xdata(), healthy_day.t_min / 60)
    np.testing.assert_allclose(lines.glucose_line.get_ydata(), healthy_day.glucose_mg_dl)
    np.testing.assert_allclose(lines.insulin_line.get_ydata(), healthy_day.insulin_uu_ml)
    assert lines.glucose_line.get_label() == "healthy"


def test_day_lines_update_in_place(healthy_day):
    _, ax_glucose, ax_insulin = new_axes()
    lines = meal_day.draw_day(ax_glucose, ax_insulin, healthy_day)
    before = len(ax_glucose.lines) + len(ax_insulin.lines)
    low = meal.day_of_meals("healthy", insulin_sensitivity_scale=0.25)
    lines.update(low)
    np.testing.assert_allclose(lines.glucose_line.get_ydata(), low.glucose_mg_dl)
    np.testing.assert_allclose(lines.insulin_line.get_ydata(), low.insulin_uu_ml)
    assert len(ax_glucose.lines) + len(ax_insulin.lines) == before


@pytest.mark.parametrize("sharex", [False, True])
def test_style_day_axes_uses_clock_hours_meals_and_the_fasting_band(sharex):
    figure, ax_glucose, ax_insulin = new_axes(sharex=sharex)
    meal_day.style_day_axes(ax_glucose, ax_insulin, glucose_top_mg_dl=250, insulin_top_uu_ml=100)
    figure.canvas.draw()
    labels = [tick.get_text() for tick in ax_insulin.get_xticklabels()]
    assert labels == [f"{hour:02d}:00" for hour in range(0, 25, 3)]
    assert not any(tick.get_visible() and tick.get_text() for tick in ax_glucose.get_xticklabels())
    texts = [text.get_text() for text in ax_glucose.texts]
    assert "ADA normal fasting glucose: below 100 mg/dL" in texts
    assert "Breakfast 07:00\n50 g" in texts
    assert ax_glucose.get_ylim() == (50.0, 250.0)
    assert ax_insulin.get_ylim() == (0.0, 100.0)
    band = ax_glucose.patches[0]
    assert band.get_extents().height > 0
    meal_lines = [line for line in ax_insulin.lines if line.get_linestyle() == ":"]
    assert sorted(line.get_xdata()[0] for line in meal_lines) == [7.0, 12.5, 19.0]


def test_style_day_axes_rejects_impossible_limits():
    _, ax_glucose, ax_insulin = new_axes()
    with pytest.raises(ValueError, match="glucose_top_mg_dl"):
        meal_day.style_day_axes(ax_glucose, ax_insulin, glucose_top_mg_dl=90)
    with pytest.raises(ValueError, match="insulin_top_uu_ml"):
        meal_day.style_day_axes(ax_glucose, ax_insulin, insulin_top_uu_ml=0)


def test_axis_limits_fit_the_whole_slider_range():
    for preset in meal.PRESETS:
        glucose_top, insulin_top = meal_day.axis_limits(preset)
        for scale in meal_day.SENSITIVITY_SCALE_RANGE:
            day = meal.day_of_meals(preset, insulin_sensitivity_scale=scale)
            assert np.max(day.glucose_mg_dl) < glucose_top
            assert np.max(day.insulin_uu_ml) < insulin_top


# --- the figure built once ------------------------------------------------------------------


def test_build_day_figure_shows_the_chosen_day_against_the_preset():
    day_figure = meal_day.build_day_figure("healthy", 0.5)
    expected = meal.day_of_meals("healthy", insulin_sensitivity_scale=0.5)
    reference = meal.day_of_meals("healthy")
    np.testing.assert_allclose(day_figure.lines.glucose_line.get_ydata(), expected.glucose_mg_dl)
    np.testing.assert_allclose(
        day_figure.reference_lines.glucose_line.get_ydata(), reference.glucose_mg_dl
    )
    assert day_figure.reference_lines.glucose_line.get_linestyle() == "--"
    legend = [text.get_text() for text in day_figure.legend.get_texts()]
    assert legend == list(meal_day.LEGEND_LABELS)
    assert day_figure.legend._loc != 0, "an explicit legend position, never 'best'"
    assert day_figure.title == meal_day.frame_title("healthy", 0.5)
    # What is shown is said in the caption, not in text drawn on the figure.
    assert day_figure.figure.texts == []


def test_figure_update_changes_data_not_artists():
    day_figure = meal_day.build_day_figure()
    figure = day_figure.figure
    artists = (len(day_figure.ax_glucose.get_children()), len(day_figure.ax_insulin.get_children()))
    before = day_figure.lines.glucose_line.get_ydata().copy()
    day_figure.update("insulin_resistant", 0.75)
    assert day_figure.figure is figure
    assert (
        len(day_figure.ax_glucose.get_children()),
        len(day_figure.ax_insulin.get_children()),
    ) == artists
    expected = meal.day_of_meals("insulin_resistant", insulin_sensitivity_scale=0.75)
    np.testing.assert_allclose(day_figure.lines.insulin_line.get_ydata(), expected.insulin_uu_ml)
    assert not np.allclose(day_figure.lines.glucose_line.get_ydata(), before)
    assert day_figure.ax_insulin.get_ylim()[1] == meal_day.axis_limits("insulin_resistant")[1]
    assert day_figure.title.startswith("Insulin-resistant (IGT) preset")
    legend = [text.get_text() for text in day_figure.legend.get_texts()]
    assert legend == list(meal_day.LEGEND_LABELS), "the legend never changes"


def test_live_figure_needs_no_full_draw_after_it_is_prepared():
    """Every preset's axis limits are drawn when the live figure is prepared, and only the
    lines change, so a change (a new preset included) redraws only them."""
    from insulinlab.widgets.static_stack import live_renderer

    day_figure = meal_day.build_day_figure()
    day_figure.prepare_live(TEST_DPI)
    assert day_figure.ax_glucose.get_ylim() == (50.0, meal_day.axis_limits("healthy")[0])
    day_figure.png(TEST_DPI, live=True)
    renderer = live_renderer(day_figure.figure)
    draws = count_full_draws(day_figure.figure)
    for preset, scale in [("type_2_diabetes", 0.25), ("insulin_resistant", 1.5), ("healthy", 0.5)]:
        day_figure.update(preset, scale)
        blitted = renderer.rgba(TEST_DPI)
        full = np.asarray(_full_draw(day_figure.figure, TEST_DPI))
        assert np.abs(blitted.astype(int) - full.astype(int)).max() <= 8
    assert draws == []


def _full_draw(figure, dpi):
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="rgba", dpi=dpi)
    width, height = (round(side * dpi) for side in figure.get_size_inches())
    return np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(height, width, 4)


@pytest.mark.parametrize(
    ("preset", "scale", "match"),
    [
        ("athlete", 1.0, "preset"),
        ("healthy", 0.1, "insulin_sensitivity_scale"),
        ("healthy", 2.0, "insulin_sensitivity_scale"),
        ("healthy", float("nan"), "insulin_sensitivity_scale"),
        ("healthy", True, "insulin_sensitivity_scale"),
    ],
)
def test_figure_rejects_bad_presets_and_scales(preset, scale, match):
    with pytest.raises(ValueError, match=match):
        meal_day.build_day_figure(preset, scale)


def test_frame_html_is_an_image_with_alt_text_and_a_caption():
    day_figure = meal_day.build_day_figure("healthy", 0.5)
    frame = meal_day.frame_html(day_figure, TEST_DPI)
    assert png_in(frame).startswith(PNG_MAGIC)
    alt = IMG_ALT.search(frame).group(1)
    assert alt.startswith("Two line charts over 24 hours")
    title = meal_day.frame_title("healthy", 0.5)
    assert f"<figcaption>{title}. Highest glucose" in frame


# --- the no-kernel form ----------------------------------------------------------------------


def test_every_sampled_value_renders_a_distinct_frame():
    scales = meal_day.STATIC_SENSITIVITY_SCALES
    frames = meal_day.render_frames(scales, dpi=TEST_DPI)
    assert len(frames) == len(scales)
    images = [png_in(frame) for frame in frames]
    assert all(image.startswith(PNG_MAGIC) for image in images)
    assert len(set(images)) == len(images), "every frame differs"
    for scale, frame in zip(scales, frames, strict=True):
        assert html_unescape_title(frame) == meal_day.frame_title("healthy", scale)


def html_unescape_title(frame):
    import html

    alt = html.unescape(IMG_ALT.search(frame).group(1))
    return alt.split("Two line charts over 24 hours. ", 1)[1].split(". Meals", 1)[0]


def test_slider_extremes_render():
    low, high = meal_day.SENSITIVITY_SCALE_RANGE
    frames = meal_day.render_frames((low, high), preset="type_2_diabetes", dpi=TEST_DPI)
    assert all(png_in(frame).startswith(PNG_MAGIC) for frame in frames)
    assert "25 % of the preset" in frames[0] and "150 % of the preset" in frames[1]


@pytest.mark.parametrize(
    "bad",
    [
        (1.0,),
        (0.5, 0.5),
        (1.0, 0.5),
        (0.1, 1.0),
        (1.0, 1.6),
        "0.5, 1.0",
        None,
        tuple(np.linspace(0.25, 1.5, 13)),
    ],
)
def test_render_frames_rejects_bad_scale_lists(bad):
    with pytest.raises(ValueError, match="scales"):
        meal_day.render_frames(bad, dpi=TEST_DPI)


def test_render_frames_rejects_bad_settings():
    with pytest.raises(ValueError, match="preset"):
        meal_day.render_frames(preset="nobody", dpi=TEST_DPI)
    with pytest.raises(ValueError, match="dpi"):
        meal_day.render_frames(dpi=5)
    with pytest.raises(ValueError, match="colours"):
        meal_day.render_frames(dpi=TEST_DPI, colours=4)


@pytest.fixture(scope="module")
def static():
    """The no-kernel form at the defaults the chapter uses."""
    return meal_day.meal_day_static()


def test_static_form_has_one_frame_per_value(static):
    header, slider, stack = static.children
    assert isinstance(header, ipywidgets.HTML) and "works without a kernel" in header.value
    assert isinstance(stack, ipywidgets.Stack)
    scales = meal_day.STATIC_SENSITIVITY_SCALES
    assert len(stack.children) == len(scales)
    assert all(isinstance(child, ipywidgets.HTML) for child in stack.children)
    assert all(png_in(child.value).startswith(PNG_MAGIC) for child in stack.children)


def test_static_slider_is_linked_to_the_stack_in_the_browser(static):
    _, slider, stack = static.children
    assert isinstance(slider, ipywidgets.SelectionSlider)
    assert slider.options == tuple(
        (meal_day.scale_label(scale), index)
        for index, scale in enumerate(meal_day.STATIC_SENSITIVITY_SCALES)
    )
    assert len(static.links) == 1
    link = static.links[0]
    assert isinstance(link, Link)
    assert (link.source[0], link.source[1], link.target[0], link.target[1]) == (
        slider,
        "index",
        stack,
        "selected_index",
    )
    start = meal_day.STATIC_SENSITIVITY_SCALES.index(1.0)
    assert slider.index == stack.selected_index == start
    assert slider.label == "100 %"


def test_static_slider_extremes_select_existing_frames(static):
    _, slider, stack = static.children
    for index in (0, len(slider.options) - 1):
        slider.index = index
        # jslink acts in the browser; here we check the index it would copy is a valid child.
        assert 0 <= slider.index < len(stack.children)
    slider.index = meal_day.STATIC_SENSITIVITY_SCALES.index(1.0)


def test_static_form_saved_state_is_small_and_includes_the_link(static):
    from ipywidgets.embed import dependency_state, embed_data

    state = dependency_state([static, *static.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == 1
    data = embed_data(views=[static], state=state)
    size = len(json.dumps(data["manager_state"]).encode("utf-8"))
    frames = sum(len(child.value) for child in static.children[-1].children)
    assert frames < size < MAX_STATIC_STATE_BYTES, size


def test_static_form_opens_on_the_first_value_without_100_percent():
    box = meal_day.meal_day_static((0.25, 0.5), dpi=TEST_DPI)
    _, slider, stack = box.children
    assert slider.index == stack.selected_index == 0
    assert [label for label, _ in slider.options] == ["25 %", "50 %"]


# --- the live form ---------------------------------------------------------------------------


@pytest.fixture
def live():
    return meal_day.meal_day_explorer(dpi=TEST_DPI)


def test_live_widget_opens_on_the_healthy_preset(live):
    header, presets, slider, frame = live.children
    assert "need a running kernel" in header.value
    assert isinstance(presets, ipywidgets.ToggleButtons) and presets.value == "healthy"
    assert isinstance(slider, ipywidgets.FloatSlider)
    assert (slider.min, slider.max, slider.value) == (0.25, 1.5, 1.0)
    assert slider.continuous_update is False
    assert png_in(frame.value).startswith(PNG_MAGIC)


def test_live_slider_moves_the_lines_without_new_figures(live):
    _, _, slider, frame = live.children
    day_figure = live.day_figure
    figure, lines = day_figure.figure, day_figure.lines
    children = len(day_figure.ax_glucose.get_children())
    for scale in (slider.min, slider.max):
        before_data = lines.glucose_line.get_ydata().copy()
        before_frame = frame.value
        slider.value = scale
        expected = meal.day_of_meals("healthy", insulin_sensitivity_scale=scale)
        np.testing.assert_allclose(lines.glucose_line.get_ydata(), expected.glucose_mg_dl)
        np.testing.assert_allclose(lines.insulin_line.get_ydata(), expected.insulin_uu_ml)
        assert not np.allclose(lines.glucose_line.get_ydata(), before_data)
        assert frame.value != before_frame
        assert meal_day.scale_label(scale) in frame.value
    assert live.day_figure.figure is figure and live.day_figure.lines is lines
    assert len(day_figure.ax_glucose.get_children()) == children
    assert plt.get_fignums() == []


def test_live_preset_buttons_change_the_reference(live):
    _, presets, slider, frame = live.children
    slider.value = 0.5
    presets.value = "type_2_diabetes"
    reference = meal.day_of_meals("type_2_diabetes")
    chosen = meal.day_of_meals("type_2_diabetes", insulin_sensitivity_scale=0.5)
    day_figure = live.day_figure
    np.testing.assert_allclose(
        day_figure.reference_lines.glucose_line.get_ydata(), reference.glucose_mg_dl
    )
    np.testing.assert_allclose(day_figure.lines.glucose_line.get_ydata(), chosen.glucose_mg_dl)
    assert "Type 2 diabetes preset, insulin sensitivity 50 %" in frame.value
    presets.value = "insulin_resistant"
    assert "Insulin-resistant (IGT) preset" in frame.value


def test_live_widget_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match="dpi"):
        meal_day.meal_day_explorer(dpi=1000)
