"""Tests for the chapter 06 two-path uptake demo: numbers, drawing, the live and no-kernel widget.

Headless (Agg). Frames are rendered at a low resolution where only their structure matters;
the saved-state size is measured at the defaults the chapter uses.
"""

import base64
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

from insulinlab import uptake  # noqa: E402
from insulinlab.widgets import two_path_uptake as demo  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
IMG_ALT = re.compile(r'<img alt="([^"]+)"')
MAX_STATIC_STATE_BYTES = 500_000


def png_in(frame_html):
    """The PNG bytes inside a frame's ``<img>`` data URI."""
    match = IMG_SOURCE.search(frame_html)
    assert match, "the frame holds no PNG data URI"
    return base64.b64decode(match.group(1))


def new_axes():
    figure = Figure(figsize=demo.FIGSIZE_IN, dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    return figure, figure.subplots()


def polygon_top(polygon):
    return float(np.max(polygon.get_xy()[:, 1]))


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the demo must not create pyplot figures"


# --- numbers and words -----------------------------------------------------------------------


@pytest.mark.parametrize("signalling", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("intensity", [0.0, 0.45, 1.0])
@pytest.mark.parametrize("insulin", [0.0, 100.0, 200.0])
def test_snapshot_matches_the_model(signalling, intensity, insulin):
    state = demo.snapshot(signalling, intensity, insulin)
    model = uptake.muscle_glucose_uptake(insulin, signalling, intensity)
    healthy = uptake.muscle_glucose_uptake(insulin, 1.0, intensity)
    healthy_rest = uptake.muscle_glucose_uptake(insulin, 1.0, 0.0)
    assert state.insulin_path == pytest.approx(model.insulin_path_mg_per_kg_min)
    assert state.contraction_path == pytest.approx(model.contraction_path_mg_per_kg_min)
    assert state.total == pytest.approx(state.insulin_path + state.contraction_path)
    assert state.contraction_share == pytest.approx(model.contraction_share)
    assert state.healthy_total == pytest.approx(healthy.total_mg_per_kg_min)
    assert state.healthy_at_rest == pytest.approx(healthy_rest.total_mg_per_kg_min)


def test_blocking_the_insulin_path_leaves_the_contraction_path_unchanged():
    for intensity in demo.STATIC_INTENSITIES:
        blocked, healthy = demo.snapshot(0.0, intensity), demo.snapshot(1.0, intensity)
        assert blocked.insulin_path == 0.0
        assert blocked.contraction_path == pytest.approx(healthy.contraction_path)
        if intensity > 0:
            assert blocked.contraction_share == 1.0
    # With the insulin path blocked, exercise still raises uptake.
    assert demo.snapshot(0.0, 0.5).total > demo.snapshot(0.0, 0.0).total


def test_extremes_have_sensible_numbers_and_words():
    nothing = demo.snapshot(0.0, 0.0)
    assert nothing.total == 0.0 and nothing.contraction_share == 0.0
    text = demo.snapshot_text(nothing)
    assert text.startswith("At rest, with insulin signalling 0 % (insulin path blocked)")
    assert "contraction supplies" not in text
    top = demo.snapshot(1.0, 1.0, demo.INSULIN_RANGE_UU_ML[1])
    assert top.total < demo.UPTAKE_TOP_MG_PER_KG_MIN, "the largest total must fit the axis"
    assert "100 % of VO₂max" in demo.snapshot_text(top)


def test_labels():
    assert demo.percent_label(0.25) == "25 %"
    assert demo.intensity_label(0.0) == "rest"
    assert demo.intensity_label(0.75) == "75 % of VO₂max"
    assert demo.signalling_label(0.0) == "0 % (insulin path blocked)"
    assert demo.signalling_label(1.0) == "100 % (healthy muscle)"
    assert demo.frame_title(0.5, 60) == "Insulin signalling 50 % of healthy · insulin 60 µU/mL"


def test_alt_text_states_the_paths_and_the_marker():
    state = demo.snapshot(0.25, 0.5)
    alt = demo.frame_alt_text(state)
    assert f"flat at {state.insulin_path:.1f} mg/kg/min" in alt
    assert f"a total of {state.total:.1f} mg/kg/min" in alt
    assert "contraction supplies" in alt
    assert "contraction supplies" not in demo.frame_alt_text(demo.snapshot(0.0, 0.0))


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ((-0.1, 0.5), "insulin_signalling"),
        ((1.1, 0.5), "insulin_signalling"),
        ((0.5, 1.5), "exercise_intensity"),
        ((0.5, float("nan")), "exercise_intensity"),
        ((0.5, 0.5, 250.0), "insulin_uu_ml"),
        ((True, 0.5), "insulin_signalling"),
    ],
)
def test_out_of_range_settings_are_rejected_by_name(arguments, name):
    with pytest.raises(ValueError, match=name):
        demo.snapshot(*arguments)
    _, ax = new_axes()
    with pytest.raises(ValueError, match=name):
        demo.draw_two_paths(ax, *arguments)


# --- pure drawing ----------------------------------------------------------------------------


def test_draw_two_paths_stacks_the_paths():
    _, ax = new_axes()
    artists = demo.draw_two_paths(ax, 0.5, 0.25, 100.0)
    state = artists.state
    top = demo.snapshot(0.5, 1.0, 100.0)
    assert polygon_top(artists.insulin_area) == pytest.approx(state.insulin_path)
    assert polygon_top(artists.contraction_area) == pytest.approx(top.total)
    x, y = artists.healthy_line.get_data()
    healthy = uptake.muscle_glucose_uptake(100.0, 1.0, np.asarray(x))
    np.testing.assert_allclose(y, healthy.total_mg_per_kg_min)
    assert list(artists.marker_line.get_xdata()) == [0.25, 0.25]
    assert artists.marker_text.get_text() == f"total {state.total:.1f}"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[0].startswith("contraction path") and legend[1].startswith("insulin path")
    assert artists.contraction_area.get_hatch(), "the contraction path needs a non-colour cue"
    assert ax.get_ylim() == (0.0, demo.UPTAKE_TOP_MG_PER_KG_MIN)
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "rest"


def test_update_reshapes_artists_in_place():
    _, ax = new_axes()
    artists = demo.draw_two_paths(ax, 1.0, 0.0)
    children = len(ax.get_children())
    before = polygon_top(artists.insulin_area)
    state = artists.update(0.0, 1.0, 100.0)
    assert len(ax.get_children()) == children
    assert before > 0.0
    assert polygon_top(artists.insulin_area) == 0.0
    assert artists.marker_point.get_xdata()[0] == 1.0
    assert artists.marker_point.get_ydata()[0] == pytest.approx(state.total)
    assert not artists.insulin_label.get_visible(), "no label inside an empty band"
    assert artists.title.get_text() == demo.frame_title(0.0, 100.0)


def test_build_figure_and_png():
    two_path = demo.build_two_path_figure(0.25, 0.5)
    assert two_path.state == demo.snapshot(0.25, 0.5)
    assert two_path.png(TEST_DPI).startswith(PNG_MAGIC)
    assert two_path.png(TEST_DPI, colours=None).startswith(PNG_MAGIC)
    figure = two_path.figure
    two_path.update(0.0, 0.0, 0.0)
    assert two_path.figure is figure and two_path.state.total == 0.0


def test_static_panels():
    panels = demo.plot_two_path_panels()
    assert [p.state.insulin_signalling for p in panels] == list(demo.PANEL_SIGNALLING)
    assert panels[0].ax.get_legend() is not None
    assert panels[1].ax.get_legend() is None and panels[1].ax.get_ylabel() == ""
    assert panels[-1].title.get_text() == "Insulin signalling 0 % (insulin path blocked)"
    figure = Figure()
    with pytest.raises(ValueError, match="axes"):
        demo.plot_two_path_panels(figure.subplots(1, 2))
    with pytest.raises(ValueError, match="signalling_values"):
        demo.plot_two_path_panels(signalling_values=[])


# --- no-kernel form ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_box():
    return demo.two_path_static(dpi=TEST_DPI)


def test_every_frame_renders_with_alt_text():
    frames = demo.render_frames(dpi=TEST_DPI)
    assert len(frames) == len(demo.STATIC_SIGNALLING)
    for signalling, row in zip(demo.STATIC_SIGNALLING, frames, strict=True):
        assert len(row) == len(demo.STATIC_INTENSITIES)
        for intensity, frame in zip(demo.STATIC_INTENSITIES, row, strict=True):
            assert png_in(frame).startswith(PNG_MAGIC)
            alt = IMG_ALT.search(frame).group(1)
            assert alt.startswith("Stacked area chart")
            expected = demo.snapshot(signalling, intensity)
            assert f"total {expected.total:.1f} mg/kg/min" in frame


def test_static_widget_links_sliders_to_stacks(static_box):
    header, signalling_slider, intensity_slider, outer = static_box.children
    assert isinstance(header, ipywidgets.HTML)
    assert isinstance(signalling_slider, ipywidgets.SelectionSlider)
    assert isinstance(intensity_slider, ipywidgets.SelectionSlider)
    assert isinstance(outer, ipywidgets.Stack)
    assert len(outer.children) == len(demo.STATIC_SIGNALLING)
    assert all(isinstance(inner, ipywidgets.Stack) for inner in outer.children)
    assert all(len(inner.children) == len(demo.STATIC_INTENSITIES) for inner in outer.children)
    assert [label for label, _ in signalling_slider.options][0] == "0 %"
    assert [label for label, _ in intensity_slider.options][0] == "rest"
    assert outer.selected_index == len(demo.STATIC_SIGNALLING) - 1, "opens on healthy muscle"

    links = static_box.links
    assert all(isinstance(link, Link) for link in links)
    assert len(links) == 1 + len(outer.children)
    assert links[0].source == (signalling_slider, "index")
    assert links[0].target == (outer, "selected_index")
    linked_inner = {id(link.target[0]) for link in links[1:]}
    assert linked_inner == {id(inner) for inner in outer.children}
    assert all(link.source == (intensity_slider, "index") for link in links[1:])
    assert all(link.target[1] == "selected_index" for link in links[1:])


def test_static_widget_frames_sit_where_the_sliders_point(static_box):
    # jslink runs in the browser, so here only the layout is checked: outer child i is
    # signalling value i, inner child j is intensity j.
    _, signalling_slider, intensity_slider, outer = static_box.children
    for i, signalling in enumerate(demo.STATIC_SIGNALLING):
        assert signalling_slider.options[i] == (demo.percent_label(signalling), i)
        for j, intensity in enumerate(demo.STATIC_INTENSITIES):
            shown = outer.children[i].children[j].value
            expected = demo.snapshot(signalling, intensity)
            assert f"total {expected.total:.1f} mg/kg/min" in shown
            assert demo.signalling_label(signalling) in shown


def test_static_widget_rejects_bad_grids():
    with pytest.raises(ValueError, match="signalling_values"):
        demo.two_path_static(signalling_values=[0.5], dpi=TEST_DPI)
    with pytest.raises(ValueError, match="intensities"):
        demo.two_path_static(intensities=[0.5, 0.25], dpi=TEST_DPI)
    with pytest.raises(ValueError, match="dpi"):
        demo.render_frames(dpi=5)


def test_static_widget_state_fits_the_page_budget():
    box = demo.two_path_static()  # the chapter's defaults
    size = demo.widget_state_size(box)
    assert size < MAX_STATIC_STATE_BYTES, f"{size} bytes of widget state"


# --- live form -------------------------------------------------------------------------------


def test_live_widget_sliders_update_the_artists():
    box = demo.two_path_explorer(dpi=TEST_DPI)
    sliders = box.sliders
    assert set(sliders) == {"signalling", "intensity", "insulin"}
    for slider in sliders.values():
        assert isinstance(slider, ipywidgets.FloatSlider)
        assert slider.continuous_update is False
    frame = box.children[-1]
    artists = box.two_path.artists
    before_html = frame.value
    before_band = polygon_top(artists.insulin_area)
    before_contraction = polygon_top(artists.contraction_area)

    sliders["signalling"].value = 0.0
    assert before_band > 0.0
    assert polygon_top(artists.insulin_area) == 0.0
    assert polygon_top(artists.contraction_area) < before_contraction
    sliders["intensity"].value = 1.0
    assert list(artists.marker_line.get_xdata()) == [1.0, 1.0]
    sliders["insulin"].value = 0.0
    assert box.two_path.state == demo.snapshot(0.0, 1.0, 0.0)
    assert frame.value != before_html
    assert png_in(frame.value).startswith(PNG_MAGIC)
    assert "Insulin signalling 0 %" in IMG_ALT.search(frame.value).group(1)


def test_live_widget_rejects_bad_dpi():
    with pytest.raises(ValueError, match="dpi"):
        demo.two_path_explorer(dpi=0)


def test_live_frame_titles_the_setting_in_html_and_never_redraws_everything():
    box = demo.two_path_explorer(dpi=TEST_DPI)
    two_path, frame = box.two_path, box.children[-1]
    assert not two_path.readouts_in_figure and two_path.artists.ax.get_title() == ""
    assert two_path.artists.marker_text.get_text() == ""
    title = demo.frame_title(1.0, demo.DEFAULT_INSULIN_UU_ML)  # nothing in it to escape
    assert frame.value.startswith("<p") and f"<strong>{title}</strong>" in frame.value
    assert f"total {two_path.state.total:.1f} {demo.uptake.UNIT} at rest" in frame.value
    full_draws = count_full_draws(two_path.figure)
    sliders = box.sliders
    sliders["signalling"].value = 0.0
    sliders["intensity"].value = 1.0
    sliders["insulin"].value = sliders["insulin"].max
    sliders["signalling"].value = 1.0
    assert full_draws == []
    assert demo.frame_title(1.0, sliders["insulin"].max) in frame.value
    assert f"total {two_path.state.total:.1f} {demo.uptake.UNIT} at 100 %" in frame.value
    # The static frames keep the title and the total in the picture.
    static = demo.build_two_path_figure(0.25, 0.5)
    assert static.artists.ax.get_title() == demo.frame_title(0.25, demo.DEFAULT_INSULIN_UU_ML)
    assert static.artists.marker_text.get_text() == f"total {static.state.total:.1f}"
