"""Tests for the chapter 02 hyperbola explorer: pure drawing, live widget, static form, figures.

Headless (Agg). No pyplot figure is left open by the widgets; the static figures draw on axes
the tests provide.
"""

import html
import importlib
import json

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

from insulinlab import hyperbola  # noqa: E402
from insulinlab.widgets import hyperbola_explorer as explorer  # noqa: E402
from insulinlab.widgets.cascade_stepper import widget_state_size  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXTREMES = [
    (explorer.LIVE_SENSITIVITY["min"], explorer.LIVE_CAPACITY["min"]),
    (explorer.LIVE_SENSITIVITY["min"], explorer.LIVE_CAPACITY["max"]),
    (explorer.LIVE_SENSITIVITY["max"], explorer.LIVE_CAPACITY["min"]),
    (explorer.LIVE_SENSITIVITY["max"], explorer.LIVE_CAPACITY["max"]),
    (min(explorer.STATIC_SENSITIVITIES), min(v for _, v in explorer.STATIC_CAPACITIES)),
    (max(explorer.STATIC_SENSITIVITIES), max(v for _, v in explorer.STATIC_CAPACITIES)),
]


def png_of(image):
    """The bytes an ``ipywidgets.Image`` holds (its value is a memoryview)."""
    return bytes(image.value)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def find(widget, kind, description=None):
    found = [
        w
        for w in walk(widget)
        if isinstance(w, kind) and (description is None or w.description == description)
    ]
    assert found, f"no {kind.__name__} {description or ''} in the widget"
    return found


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the explorer must not leave pyplot figures open"


def new_axes():
    figure = Figure(figsize=explorer.FIGSIZE_IN, dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True)
    return figure, top, bottom


def xy(line):
    x, y = line.get_data()
    return float(np.asarray(x)[0]), float(np.asarray(y)[0])


# --- pure drawing ----------------------------------------------------------------------------


@pytest.mark.parametrize(("sensitivity", "capacity"), EXTREMES + [(1.0, 2.0), (0.35, 1.25)])
def test_artists_sit_where_the_model_says(sensitivity, capacity):
    figure, top, bottom = new_axes()
    artists = explorer.draw_explorer(top, bottom, sensitivity, capacity)
    state = hyperbola.steady_state(sensitivity, capacity)
    assert artists.state == state
    assert xy(artists.person_marker) == pytest.approx((sensitivity, state.secretion))
    assert xy(artists.glucose_marker) == pytest.approx((sensitivity, state.fasting_glucose_mmol_l))
    assert list(artists.cap_line.get_ydata()) == pytest.approx([capacity, capacity])
    limit = hyperbola.compensation_limit(capacity)
    for line in artists.limit_lines:
        assert list(line.get_xdata()) == pytest.approx([limit, limit])
    assert artists.required_marker.get_visible() is (not state.compensated)
    assert artists.shortfall_line.get_visible() is (not state.compensated)
    if not state.compensated:
        assert xy(artists.required_marker) == pytest.approx((sensitivity, state.required_secretion))
        assert "made only" in artists.secretion_readout.get_text()
        assert "above set point" in artists.glucose_readout.get_text()
    else:
        assert "needed = made" in artists.secretion_readout.get_text()
        assert "(set point)" in artists.glucose_readout.get_text()
    assert f"{state.fasting_glucose_mmol_l:.1f}" in artists.glucose_readout.get_text()
    assert f"{capacity:.2f}" in artists.cap_label.get_text()
    figure.canvas.draw()


def test_glucose_line_follows_the_capacity():
    _, top, bottom = new_axes()
    artists = explorer.draw_explorer(top, bottom, 1.0, 4.0)
    large = np.asarray(artists.glucose_line.get_ydata()).copy()
    artists.update(1.0, 1.0)
    small = np.asarray(artists.glucose_line.get_ydata())
    assert np.all(small >= large - 1e-12)
    assert small.max() > large.max()


def test_updating_in_place_matches_a_fresh_figure():
    reused = explorer.build_explorer_figure(1.0, 2.0)
    reused.png(TEST_DPI)
    for sensitivity, capacity in [(0.25, 1.25), (1.5, 4.0), (0.5, 0.5)]:
        reused.update(sensitivity, capacity)
        fresh = explorer.build_explorer_figure(sensitivity, capacity)
        assert reused.png(TEST_DPI, None) == fresh.png(TEST_DPI, None)


def test_png_is_a_small_palette_png():
    figure = explorer.build_explorer_figure(0.35, 1.25)
    png = figure.png(explorer.STATIC_DPI)
    assert png.startswith(PNG_MAGIC)
    assert len(png) < 25_000
    assert len(figure.png(explorer.STATIC_DPI, None)) > len(png)


def test_update_rejects_impossible_values():
    _, top, bottom = new_axes()
    artists = explorer.draw_explorer(top, bottom)
    with pytest.raises(ValueError, match="insulin_sensitivity"):
        artists.update(0, 2.0)
    with pytest.raises(ValueError, match="beta_cell_capacity"):
        artists.update(1.0, -1)
    with pytest.raises(ValueError, match="insulin_sensitivity"):
        explorer.build_explorer_figure(float("nan"), 2.0)


def test_state_html_describes_the_frame():
    kept = explorer.state_html(hyperbola.steady_state(1.0, 2.0))
    assert "They keep up" in kept and "5.0 mmol/L" in kept
    short = explorer.state_html(hyperbola.steady_state(0.25, 2.0))
    assert "fall short by 2.00×" in short
    assert "8.0 mmol/L" in short and "144 mg/dL" in short
    assert "teaching model" in short
    assert short.startswith("<p>") and "<script" not in short


# --- the live widget -------------------------------------------------------------------------


@pytest.fixture
def live():
    box = explorer.hyperbola_explorer(dpi=TEST_DPI)
    yield box
    for widget in walk(box):
        widget.close()


def sliders(box):
    return (
        find(box, ipywidgets.FloatSlider, "Insulin sensitivity")[0],
        find(box, ipywidgets.FloatSlider, "β-cell capacity")[0],
    )


def test_live_widget_opens_on_the_start_state(live):
    sensitivity, capacity = sliders(live)
    assert (sensitivity.value, capacity.value) == explorer.STATIC_START
    assert not sensitivity.continuous_update and not capacity.continuous_update
    image = find(live, ipywidgets.Image)[0]
    assert png_of(image).startswith(PNG_MAGIC)
    texts = " ".join(w.value for w in walk(live) if isinstance(w, ipywidgets.HTML))
    assert explorer.LIVE_UPDATE_NOTE in texts
    assert html.escape(hyperbola.MODEL_STATUS) in texts
    assert not any(isinstance(w, (ipywidgets.Output, ipywidgets.Button)) for w in walk(live))


def test_live_sliders_move_the_artists(live):
    sensitivity, capacity = sliders(live)
    artists = live.explorer.artists
    image = find(live, ipywidgets.Image)[0]
    text = live.children[-1]
    before_png, before_text = png_of(image), text.value
    assert xy(artists.person_marker)[0] == pytest.approx(1.0)

    sensitivity.value = 0.3
    assert xy(artists.person_marker)[0] == pytest.approx(0.3)
    assert xy(artists.glucose_marker)[0] == pytest.approx(0.3)
    assert png_of(image) != before_png
    assert text.value != before_text
    assert "fall short" in text.value  # 1 / 0.3 = 3.33 > capacity 2

    capacity.value = 4.0
    assert list(artists.cap_line.get_ydata()) == pytest.approx([4.0, 4.0])
    assert xy(artists.glucose_marker)[1] == pytest.approx(hyperbola.GLUCOSE_SET_POINT_MMOL_L)
    assert "They keep up" in text.value


def test_live_sliders_reach_their_extremes(live):
    sensitivity, capacity = sliders(live)
    for s, c in EXTREMES[:4]:
        sensitivity.value, capacity.value = s, c
        state = live.explorer.artists.state
        assert state.insulin_sensitivity == pytest.approx(s)
        assert state.beta_cell_capacity == pytest.approx(c)
        assert png_of(find(live, ipywidgets.Image)[0]).startswith(PNG_MAGIC)


def test_live_slider_ranges_stay_inside_the_drawn_axes():
    top = hyperbola.required_secretion(explorer.LIVE_SENSITIVITY["min"])
    assert top < explorer.SECRETION_LIMITS[1]
    assert explorer.LIVE_CAPACITY["max"] < explorer.SECRETION_LIMITS[1]
    assert explorer.LIVE_SENSITIVITY["max"] < explorer.SENSITIVITY_LIMITS[1]
    worst = hyperbola.fasting_glucose_mmol_l(
        explorer.LIVE_SENSITIVITY["min"], explorer.LIVE_CAPACITY["min"]
    )
    assert worst < explorer.GLUCOSE_LIMITS_MMOL_L[1]


def test_live_widget_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match="dpi"):
        explorer.hyperbola_explorer(dpi=5)


def test_live_widget_state_is_small():
    box = explorer.hyperbola_explorer()
    try:
        assert widget_state_size(box) < 60_000
    finally:
        for widget in walk(box):
            widget.close()


# --- the no-kernel form ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def static():
    return explorer.hyperbola_explorer_static()


def test_every_static_frame_renders(static):
    outer = static.children[-1]
    assert isinstance(outer, ipywidgets.Stack)
    assert len(outer.children) == len(explorer.STATIC_CAPACITIES)
    for (_, capacity), inner in zip(explorer.STATIC_CAPACITIES, outer.children, strict=True):
        assert isinstance(inner, ipywidgets.Stack)
        assert len(inner.children) == len(explorer.STATIC_SENSITIVITIES)
        for sensitivity, frame in zip(explorer.STATIC_SENSITIVITIES, inner.children, strict=True):
            image, text = frame.children
            assert png_of(image).startswith(PNG_MAGIC)
            assert text.value == explorer.state_html(hyperbola.steady_state(sensitivity, capacity))
    frames = [png_of(f.children[0]) for inner in outer.children for f in inner.children]
    assert len(set(frames)) == len(frames), "every frame differs"


def test_static_form_links_controls_to_stacks_in_the_browser(static):
    selector = find(static, ipywidgets.ToggleButtons)[0]
    slider = find(static, ipywidgets.SelectionSlider)[0]
    outer = static.children[-1]
    inner_stacks = list(outer.children)
    links = static.links
    assert all(isinstance(link, Link) for link in links)
    pairs = {(link.source[0], link.source[1], link.target[0], link.target[1]) for link in links}
    assert (selector, "index", outer, "selected_index") in pairs
    for inner in inner_stacks:
        assert (slider, "index", inner, "selected_index") in pairs
    assert len(links) == 1 + len(inner_stacks)
    assert [label for label, _ in selector.options] == [
        label for label, _ in explorer.STATIC_CAPACITIES
    ]
    assert [label for label, _ in slider.options] == [
        f"{value:g}" for value in explorer.STATIC_SENSITIVITIES
    ]


def test_static_form_starts_in_sync_on_the_start_state(static):
    selector = find(static, ipywidgets.ToggleButtons)[0]
    slider = find(static, ipywidgets.SelectionSlider)[0]
    outer = static.children[-1]
    assert selector.index == outer.selected_index
    assert all(inner.selected_index == slider.index for inner in outer.children)
    assert explorer.STATIC_SENSITIVITIES[slider.index] == explorer.STATIC_START[0]
    assert explorer.STATIC_CAPACITIES[selector.index][1] == explorer.STATIC_START[1]


def test_static_form_saved_state_is_light_and_includes_the_links(static):
    from ipywidgets.embed import dependency_state, embed_data

    assert widget_state_size(static) < 450_000
    # A notebook saves every trait, defaults included, so measure that too.
    state = dependency_state([static, *static.links], drop_defaults=False)
    saved = json.dumps(embed_data(views=[static], state=state)["manager_state"])
    assert len(saved) < 500_000, f"saved widget state {len(saved)} bytes"
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == len(static.links)


def test_static_form_with_a_chosen_grid():
    box = explorer.hyperbola_explorer_static(
        (0.2, 1.2), (("tiny", 0.5), ("huge", 8.0)), dpi=TEST_DPI, colours=16
    )
    outer = box.children[-1]
    assert [len(inner.children) for inner in outer.children] == [2, 2]
    assert find(box, ipywidgets.SelectionSlider)[0].index == 1  # closest to sensitivity 1.0
    assert len(box.links) == 3


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"sensitivities": ()}, "sensitivities"),
        ({"sensitivities": (0.5, 0.5)}, "sensitivities"),
        ({"sensitivities": (0.0, 1.0)}, "sensitivities"),
        ({"sensitivities": "0.5"}, "sensitivities"),
        ({"capacities": ((1.0, "x"),)}, "capacities"),
        ({"capacities": (("a", 1.0), ("a", 2.0))}, "capacities"),
        ({"capacities": (("a", 1.0), ("b", 1.0))}, "capacities"),
        ({"capacities": (("a", 0.0),)}, "capacities"),
        ({"capacities": "large"}, "capacities"),
        ({"dpi": 500}, "dpi"),
        ({"colours": 4}, "colours"),
    ],
)
def test_static_form_rejects_bad_settings(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        explorer.hyperbola_explorer_static(**kwargs)


def test_render_frames_shape():
    frames = explorer.render_frames((0.3, 1.0), (1.0,), dpi=TEST_DPI, colours=16)
    assert len(frames) == 1 and len(frames[0]) == 2
    assert all(png.startswith(PNG_MAGIC) for png in frames[0])


# --- static figures --------------------------------------------------------------------------


def test_hyperbola_law_figure_draws_the_three_people():
    figure = Figure()
    FigureCanvasAgg(figure)
    ax = explorer.plot_hyperbola_law(figure.subplots())
    texts = " ".join(t.get_text() for t in ax.texts)
    for person in hyperbola.TEACHING_PEOPLE:
        assert person.label in texts
    assert "DI 0.64" in texts and "glucose 6.8 mmol/L" in texts
    assert ax.get_ylabel() == "Insulin secretion (× reference)"
    figure.canvas.draw()


def test_whitehall_figure_draws_only_the_reported_values():
    figure = Figure()
    FigureCanvasAgg(figure)
    left, right = explorer.plot_whitehall_reported(figure.subplots(1, 2))
    assert [list(line.get_ydata()) for line in left.lines] == [[85.0, 92.6, 62.4]]
    assert [list(line.get_ydata()) for line in right.lines] == [[5.79, 7.40], [7.60, 11.90]]
    labels = {t.get_text() for t in left.texts + right.texts}
    assert {"85.0 %", "92.6 %", "62.4 %", "5.79", "7.40", "7.60", "11.90"} <= labels
    figure.canvas.draw()


def test_static_figures_with_default_axes():
    ax = explorer.plot_hyperbola_law()
    left, _ = explorer.plot_whitehall_reported()
    assert ax.figure is not left.figure
    plt.close("all")


def test_no_widget_is_created_at_import():
    from ipywidgets.widgets.widget import _instances

    before = len(_instances)
    importlib.reload(explorer)
    assert len(_instances) == before


def test_live_readouts_are_html_and_the_picture_is_never_fully_redrawn(live):
    sensitivity, capacity = sliders(live)
    artists = live.explorer.artists
    image, text = find(live, ipywidgets.Image)[0], live.children[-1]
    # The live picture leaves out the title and the boxed readouts; the text under it has them.
    assert artists.title.get_text() == ""
    assert artists.secretion_readout.get_text() == artists.glucose_readout.get_text() == ""
    draws = count_full_draws(live.explorer.figure)
    for s, c in [(0.3, 2.0), (0.3, 0.5), (2.0, 6.0), (1.0, 1.25)]:
        sensitivity.value, capacity.value = s, c
        state = hyperbola.steady_state(s, c)
        title, secretion, glucose = explorer.readout_texts(state)
        assert html.escape(title) in text.value and html.escape(glucose[1:]) in text.value
        assert html.escape(secretion.replace("   ", " · ")) in text.value
        assert title in image.tooltip and glucose in image.tooltip
    assert draws == []


def test_static_figure_keeps_its_title_and_readouts():
    figure = explorer.build_explorer_figure(0.3, 2.0)
    title, secretion, glucose = explorer.readout_texts(hyperbola.steady_state(0.3, 2.0))
    assert figure.artists.title.get_text() == title
    assert figure.artists.secretion_readout.get_text() == secretion
    assert figure.artists.glucose_readout.get_text() == glucose
