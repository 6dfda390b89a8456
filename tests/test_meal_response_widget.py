"""Tests for the chapter 05 meal-response simulator: scenarios, summaries, drawing and widgets.

Headless (Agg). The widgets are built at a low resolution to keep the tests fast; the pictures
are still rendered and encoded, and their alt text and captions are checked.
"""

import base64
import math
import re

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.widgets.widget_link import Link  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from widget_helpers import count_full_draws  # noqa: E402

from insulinlab import meal  # noqa: E402
from insulinlab.widgets import meal_response as mr  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([^"]+)"')
IMG_ALT = re.compile(r'alt="([^"]+)"')


def png_in(frame_html):
    """The PNG bytes inside a frame's ``<img>`` data URI."""
    match = IMG_SOURCE.search(frame_html)
    assert match, "the frame holds no PNG data URI"
    return base64.b64decode(match.group(1))


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the demo must not create pyplot figures"


# --- scenario and simulation -----------------------------------------------------------------


def test_default_scenario_is_one_60_g_meal_at_the_lead_in():
    scenario = mr.MealScenario()
    (only,) = scenario.meals()
    assert (only.time_min, only.carbohydrate_g, only.absorption_speed) == (mr.LEAD_IN_MIN, 60, 1)
    assert not scenario.has_second_meal


def test_second_meal_is_placed_after_the_first():
    scenario = mr.MealScenario(second_meal_g=40, second_meal_delay_min=90, absorption_speed=0.5)
    first, second = scenario.meals()
    assert second.time_min - first.time_min == 90
    assert second.carbohydrate_g == 40 and second.absorption_speed == 0.5


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("carbohydrate_g", -1),
        ("carbohydrate_g", 151),
        ("absorption_speed", 0.1),
        ("absorption_speed", 3.5),
        ("second_meal_g", 101),
        ("second_meal_delay_min", 10),
        ("second_meal_delay_min", 301),
        ("carbohydrate_g", float("nan")),
        ("carbohydrate_g", True),
    ],
)
def test_scenario_rejects_values_out_of_range_naming_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        mr.MealScenario(**{field: value})


def test_scenario_rejects_an_unknown_preset():
    with pytest.raises(ValueError, match="preset"):
        mr.MealScenario(preset="athlete")


def test_simulation_starts_fasting_and_matches_the_package_model():
    scenario = mr.MealScenario("insulin_resistant", 75, 1.0)
    simulation = mr.simulate_scenario(scenario)
    assert simulation.t_min[-1] == mr.LEAD_IN_MIN + mr.WINDOW_MIN
    assert simulation.glucose_mg_dl[0] == meal.INSULIN_RESISTANT.basal_glucose_mg_dl
    direct = meal.simulate_meals(
        [meal.Meal(mr.LEAD_IN_MIN, 75)], mr.LEAD_IN_MIN + mr.WINDOW_MIN, "insulin_resistant"
    )
    assert np.allclose(simulation.glucose_mg_dl, direct.glucose_mg_dl)


def test_simulate_scenario_rejects_other_objects():
    with pytest.raises(ValueError, match="scenario"):
        mr.simulate_scenario({"carbohydrate_g": 60})


# --- summaries -------------------------------------------------------------------------------


def summary_of(**fields):
    return mr.summarise_response(mr.simulate_scenario(mr.MealScenario(**fields)))


def test_bigger_meals_give_higher_peaks():
    peaks = [summary_of(carbohydrate_g=g).peak_glucose_mg_dl for g in (30, 60, 90)]
    assert peaks[0] < peaks[1] < peaks[2]


def test_faster_absorption_gives_an_earlier_higher_peak_from_the_same_glucose():
    slow, fast = summary_of(absorption_speed=0.5), summary_of(absorption_speed=2.0)
    assert fast.peak_glucose_mg_dl > slow.peak_glucose_mg_dl
    assert fast.peak_time_min < slow.peak_time_min
    appeared = [
        mr.simulate_scenario(mr.MealScenario(absorption_speed=s, preset="healthy"))
        for s in (1.0, 2.0)
    ]
    # Almost all glucose has appeared by the end of the window at these speeds: equal totals.
    totals = [s.total_appearance_mg_per_kg for s in appeared]
    assert math.isclose(totals[0], totals[1], rel_tol=0.02)


def test_summary_numbers_are_read_at_the_right_times():
    simulation = mr.simulate_scenario(mr.MealScenario())
    summary = mr.summarise_response(simulation)
    assert summary.fasting_glucose_mg_dl == 90.0
    at_2h = int(mr.LEAD_IN_MIN + 120)
    assert summary.glucose_2h_mg_dl == simulation.glucose_mg_dl[at_2h]
    assert math.isclose(summary.peak_rise_mg_dl, summary.peak_glucose_mg_dl - 90.0)
    assert 0 < summary.peak_time_min < 120


def test_zero_carbohydrate_stays_at_the_fasting_level():
    summary = summary_of(carbohydrate_g=0)
    assert summary.peak_rise_mg_dl == pytest.approx(0.0, abs=1e-6)
    assert summary.peak_time_min == -mr.LEAD_IN_MIN


def test_summarise_response_needs_a_point_at_two_hours():
    coarse = meal.simulate_meals([meal.Meal(mr.LEAD_IN_MIN, 60)], 390, n_points=4)
    with pytest.raises(ValueError, match="120 min"):
        mr.summarise_response(coarse)


def test_texts_state_the_numbers_and_the_reference():
    chosen, reference = summary_of(carbohydrate_g=90), summary_of()
    text = mr.summary_text(chosen, reference)
    assert f"{chosen.peak_glucose_mg_dl:.0f} mg/dL" in text
    assert "dashed reference" in text
    scenario = mr.MealScenario(carbohydrate_g=90, second_meal_g=30, second_meal_delay_min=120)
    alt = mr.frame_alt_text(scenario, chosen, reference)
    assert "meals at 0 and 120 min" in alt
    assert f"{reference.peak_glucose_mg_dl:.0f} mg/dL" in alt
    assert mr.speed_label(0.5).startswith("slow") and mr.speed_label(3.0).startswith("fast")


# --- drawing ---------------------------------------------------------------------------------

EXTREMES = [
    mr.MealScenario("healthy", 0, 0.25),
    mr.MealScenario("healthy", 150, 3.0, 100, 30),
    mr.MealScenario("type_2_diabetes", 150, 3.0, 100, 300),
    mr.MealScenario("insulin_resistant", 10, 0.25, 100, 30),
]


@pytest.mark.parametrize("scenario", EXTREMES, ids=lambda s: mr.scenario_label(s))
def test_extremes_render_and_fit_on_the_axes(scenario):
    response_figure = mr.build_response_figure(scenario)
    simulation = response_figure.simulation
    assert response_figure.ax_glucose.get_ylim()[1] >= simulation.glucose_mg_dl.max()
    assert response_figure.ax_insulin.get_ylim()[1] >= simulation.insulin_uu_ml.max()
    assert response_figure.png(TEST_DPI).startswith(PNG_MAGIC)
    second_marker_visible = response_figure.meal_markers[1][0].get_visible()
    assert second_marker_visible == scenario.has_second_meal


def test_update_moves_lines_in_place_and_matches_a_fresh_figure():
    reused = mr.build_response_figure()
    glucose_line = reused.lines.glucose_line
    target = mr.MealScenario("insulin_resistant", 90, 2.0, 40, 90)
    reused.update(target)
    assert reused.lines.glucose_line is glucose_line, "the line is moved, not redrawn"
    fresh = mr.build_response_figure(target)
    assert np.array_equal(glucose_line.get_ydata(), fresh.lines.glucose_line.get_ydata())
    assert np.array_equal(
        reused.reference_lines.glucose_line.get_ydata(),
        fresh.reference_lines.glucose_line.get_ydata(),
    )
    assert reused.title == fresh.title == mr.frame_title(target)
    assert reused.meal_labels[1].get_text() == "meal 2"
    assert reused.meal_labels[1].get_position()[0] == 90
    assert reused.meal_markers[1][0].get_xdata()[0] == 90
    # What is shown is said in the caption, not in text drawn on the figure.
    assert reused.figure.texts == []
    reused.update(mr.MealScenario("insulin_resistant", 90, 2.0))
    assert not reused.meal_labels[1].get_visible()
    assert not any(marker.get_visible() for marker in reused.meal_markers[1])


def test_live_axis_tops_fit_every_slider_state_with_two_pairs_per_preset():
    for preset in mr.PRESET_LABELS:
        default = mr.live_axis_tops(preset)
        assert default == mr.axis_tops(preset)
        tops = set()
        for carbohydrate, speed, second, delay in [
            (60, 1.0, 0, 180),
            (150, 3.0, 100, 30),
            (150, 2.95, 100, 30),
            (150, 0.25, 100, 300),
            (0, 0.25, 100, 30),
            (150, 1.0, 0, 180),
        ]:
            scenario = mr.MealScenario(preset, carbohydrate, speed, second, delay)
            simulation = mr.simulate_scenario(scenario)
            reference = mr.simulate_scenario(mr.reference_scenario(preset))
            glucose_top, insulin_top = mr.live_axis_tops(preset, (simulation, reference))
            tops.add((glucose_top, insulin_top))
            assert simulation.glucose_mg_dl.max() * 1.05 <= glucose_top
            assert simulation.insulin_uu_ml.max() * 1.05 <= insulin_top
        assert len(tops) == 2 and default in tops


def test_live_figure_needs_no_full_draw_after_it_is_prepared():
    """Both pairs of limits of every preset are drawn when the live figure is prepared, and
    only lines and the second meal change, so no change needs a full draw."""
    import io

    from insulinlab.widgets.static_stack import live_renderer

    response_figure = mr.build_response_figure()
    response_figure.prepare_live(TEST_DPI)
    assert response_figure.ax_glucose.get_ylim() == (50.0, mr.axis_tops("healthy")[0])
    response_figure.png(TEST_DPI, live=True)
    renderer = live_renderer(response_figure.figure)
    figure = response_figure.figure
    draws = count_full_draws(figure)
    width, height = (round(side * TEST_DPI) for side in figure.get_size_inches())
    for scenario in [
        mr.MealScenario("type_2_diabetes", 150, 3.0, 100, 30),
        mr.MealScenario("insulin_resistant", 30, 0.5, 40, 120),
        mr.MealScenario("healthy", 90, 2.0),
        mr.MealScenario("healthy", 150, 3.0, 100, 300),
    ]:
        response_figure.update(scenario)
        blitted = renderer.rgba(TEST_DPI).astype(int)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="rgba", dpi=TEST_DPI)
        full = np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(height, width, 4)
        assert np.abs(blitted - full.astype(int)).max() <= 8
    assert draws == []


def test_draw_response_plots_minutes_after_the_first_meal():
    figure = Figure()
    ax_glucose, ax_insulin = figure.subplots(2, 1)
    simulation = mr.simulate_scenario(mr.MealScenario())
    lines = mr.draw_response(ax_glucose, ax_insulin, simulation, label="x")
    assert lines.glucose_line.get_xdata()[0] == -mr.LEAD_IN_MIN
    assert lines.insulin_line.get_xdata()[-1] == mr.WINDOW_MIN


def test_style_rejects_impossible_limits():
    figure = Figure()
    ax_glucose, ax_insulin = figure.subplots(2, 1)
    with pytest.raises(ValueError, match="glucose_top_mg_dl"):
        mr.style_response_axes(ax_glucose, ax_insulin, glucose_top_mg_dl=80)


def test_frame_html_has_alt_text_and_a_caption():
    text = mr.frame_html(mr.build_response_figure(), dpi=TEST_DPI)
    assert png_in(text).startswith(PNG_MAGIC)
    alt = IMG_ALT.search(text).group(1)
    assert alt.startswith("Two line charts") and "dashed reference" in alt
    title = mr.frame_title(mr.MealScenario())
    assert f"<figcaption>{title}. Glucose rises from 90" in text


def test_static_comparison_figure_labels_every_speed():
    figure = mr.plot_speed_comparison()
    labels = [line.get_label() for line in figure.axes[1].get_lines()]
    assert labels[:3] == [mr.speed_label(s) for s in mr.STATIC_SPEEDS]
    annotations = [child.get_text() for child in figure.axes[0].texts]
    assert sum("peak" in text for text in annotations) == 3
    assert "not a measured food effect" in figure.texts[0].get_text()
    figure.canvas.draw()


# --- the no-kernel form ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def static():
    return mr.meal_response_static(preset="insulin_resistant", dpi=TEST_DPI, colours=16)


def test_static_form_renders_every_size_and_speed(static):
    outer = static.children[-1]
    assert isinstance(outer, ipywidgets.Stack)
    assert len(outer.children) == len(mr.STATIC_CARBOHYDRATES_G)
    pictures = []
    for size, inner in zip(mr.STATIC_CARBOHYDRATES_G, outer.children, strict=True):
        assert isinstance(inner, ipywidgets.Stack)
        assert len(inner.children) == len(mr.STATIC_SPEEDS)
        for speed, frame in zip(mr.STATIC_SPEEDS, inner.children, strict=True):
            assert isinstance(frame, ipywidgets.HTML)
            pictures.append(png_in(frame.value))
            alt = IMG_ALT.search(frame.value).group(1)
            assert f"{size:g} g carbohydrate" in alt
            assert f"absorption speed × {speed:g}" in alt
            assert "Insulin-resistant" in alt
    assert len(set(pictures)) == len(pictures), "every frame differs"


def test_static_form_links_both_controls_in_the_browser(static):
    size_buttons, speed_buttons = (
        w for w in static.children if isinstance(w, ipywidgets.ToggleButtons)
    )
    outer = static.children[-1]
    pairs = {
        (link.source[0], link.source[1], link.target[0], link.target[1]) for link in static.links
    }
    assert all(isinstance(link, Link) for link in static.links)
    assert (size_buttons, "index", outer, "selected_index") in pairs
    for inner in outer.children:
        assert (speed_buttons, "index", inner, "selected_index") in pairs
    assert len(static.links) == 1 + len(outer.children)
    assert [label for label, _ in size_buttons.options] == ["30 g", "60 g", "90 g"]
    assert [value for _, value in speed_buttons.options] == [0, 1, 2]


def test_static_form_opens_on_the_reference_meal(static):
    size_buttons, speed_buttons = (
        w for w in static.children if isinstance(w, ipywidgets.ToggleButtons)
    )
    outer = static.children[-1]
    assert size_buttons.index == outer.selected_index == 1
    assert all(inner.selected_index == 1 for inner in outer.children)
    assert speed_buttons.index == 1


def test_static_form_state_is_small_and_holds_the_links(static):
    from ipywidgets.embed import dependency_state

    state = dependency_state([static, *static.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == len(static.links)
    assert mr.widget_state_size(static) < 200_000


def test_default_static_form_stays_under_the_page_budget():
    box = mr.meal_response_static(preset="insulin_resistant")
    assert mr.widget_state_size(box) < 500_000


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"carbohydrates_g": ()}, "carbohydrates_g"),
        ({"carbohydrates_g": (60, 30)}, "carbohydrates_g"),
        ({"carbohydrates_g": (60, 200)}, "carbohydrates_g"),
        ({"speeds": "fast"}, "speeds"),
        ({"speeds": (1.0, 1.0)}, "speeds"),
        ({"preset": "nope"}, "preset"),
        ({"dpi": 5}, "dpi"),
        ({"colours": 8}, "colours"),
        ({"colours": 20.5}, "colours"),
    ],
)
def test_render_frames_rejects_bad_settings(kwargs, name):
    with pytest.raises(ValueError, match=name):
        mr.render_frames(**kwargs)


# --- the live form ---------------------------------------------------------------------------


@pytest.fixture
def live():
    return mr.meal_response_explorer(dpi=TEST_DPI)


def test_live_widget_opens_on_the_reference_meal(live):
    frame = live.children[-1]
    assert png_in(frame.value).startswith(PNG_MAGIC)
    assert "kernel" in live.children[0].value
    controls = live.controls
    assert controls["preset"].value == "healthy"
    assert controls["carbohydrate_g"].value == mr.REFERENCE_CARBOHYDRATE_G
    sliders = [w for w in walk(live) if isinstance(w, ipywidgets.FloatSlider)]
    assert len(sliders) == 4 and not any(s.continuous_update for s in sliders)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("carbohydrate_g", 120.0),
        ("absorption_speed", 2.5),
        ("second_meal_g", 50.0),
        ("preset", "type_2_diabetes"),
    ],
)
def test_each_live_control_moves_the_lines_and_the_picture(live, name, value):
    response_figure = live.response_figure
    before_line = np.array(response_figure.lines.glucose_line.get_ydata())
    before_frame = live.children[-1].value
    live.controls[name].value = value
    after_line = np.array(response_figure.lines.glucose_line.get_ydata())
    assert not np.array_equal(before_line, after_line)
    assert live.children[-1].value != before_frame
    assert getattr(response_figure.scenario, name) == value


def test_second_meal_timing_slider_moves_the_second_meal(live):
    response_figure = live.response_figure
    live.controls["second_meal_g"].value = 40.0
    live.controls["second_meal_delay_min"].value = 60.0
    early = np.array(response_figure.lines.glucose_line.get_ydata())
    assert response_figure.meal_markers[1][0].get_xdata()[0] == 60.0
    live.controls["second_meal_delay_min"].value = 240.0
    late = np.array(response_figure.lines.glucose_line.get_ydata())
    assert not np.array_equal(early, late)
    assert response_figure.meal_labels[1].get_visible()
    assert response_figure.meal_labels[1].get_position()[0] == 240.0
    assert "40 g 240 min later" in response_figure.title
    assert "40 g 240 min later" in live.children[-1].value


def test_live_widget_slider_extremes(live):
    controls = live.controls
    controls["preset"].value = "type_2_diabetes"
    for name, bounds in [
        ("carbohydrate_g", mr.CARBOHYDRATE_RANGE_G),
        ("absorption_speed", mr.ABSORPTION_SPEED_RANGE),
        ("second_meal_g", mr.SECOND_MEAL_RANGE_G),
        ("second_meal_delay_min", mr.SECOND_MEAL_DELAY_RANGE_MIN),
    ]:
        for value in bounds:
            controls[name].value = value
            assert png_in(live.children[-1].value).startswith(PNG_MAGIC)
    simulation = live.response_figure.simulation
    assert live.response_figure.ax_glucose.get_ylim()[1] >= simulation.glucose_mg_dl.max()


def test_live_widget_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match="dpi"):
        mr.meal_response_explorer(dpi=0)
