"""Tests for the chapter 10 demo: pulsatile vs continuous GH exposure (qualitative model).

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

from insulinlab import growth_hormone as gh  # noqa: E402
from insulinlab.widgets import gh_exposure as demo  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
IMG_ALT = re.compile(r'<img alt="([^"]+)"')
MAX_STATIC_STATE_BYTES = 400_000
CURVES = tuple(demo.CURVE_LABELS)


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
    return figure, list(figure.subplots(4, 1, sharex=True))


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the demo must not create pyplot figures"


# --- pure computations and labels ------------------------------------------------------------


def test_run_matches_the_growth_hormone_model():
    run = demo.run_exposure("sigmoidal", 1.5, 4, 0.3)
    expected = gh.compare_exposure_patterns(
        days=demo.DAYS,
        total_exposure=1.5 * demo.DAYS,
        pulses_per_day=4,
        params=gh.response_curve("sigmoidal"),
        lipolysis_block=0.3,
        points_per_hour=demo.POINTS_PER_HOUR,
        burn_in_days=demo.BURN_IN_DAYS,
    )
    assert run.comparison.pulsatile_mean_ffa == pytest.approx(expected.pulsatile_mean_ffa)
    np.testing.assert_allclose(run.comparison.continuous.ffa, expected.continuous.ffa)
    glucose = gh.glucose_readout(expected.pulsatile.insulin_sensitivity_relative)
    np.testing.assert_allclose(
        run.pulsatile_glucose.fasting_glucose_mmol_l, glucose.fasting_glucose_mmol_l
    )
    assert run.comparison.pulsatile.t_hours[-1] == demo.DAYS * 24


def test_both_patterns_deliver_the_same_exposure():
    run = demo.run_exposure("saturating", 3.0)
    pulses, steady = run.comparison.pulsatile, run.comparison.continuous
    area = [np.trapezoid(series.gh, series.t_hours) for series in (pulses, steady)]
    assert area[0] == pytest.approx(area[1], rel=1e-3)
    assert area[1] == pytest.approx(3.0 * 24 * demo.DAYS, rel=1e-6)


def test_the_chapter_story_holds_in_the_model():
    """Saturating: steady level wins; sigmoidal at moderate levels: pulses win."""
    for level in (0.5, 1.0, 2.0):
        assert demo.run_exposure("saturating", level).more_lipolysis == "steady level"
        assert demo.run_exposure("sigmoidal", level).more_lipolysis == "pulses"
    assert demo.run_exposure("sigmoidal", 4.0).more_lipolysis == "steady level"
    # More GH: more FFA, lower sensitivity, higher glucose with limited reserve.
    low, high = demo.run_exposure("saturating", 0.5), demo.run_exposure("saturating", 4.0)
    assert high.comparison.continuous_mean_ffa > low.comparison.continuous_mean_ffa
    assert high.continuous_mean_glucose_mmol_l > low.continuous_mean_glucose_mmol_l > 5.0


def test_a_full_antilipolytic_block_removes_the_effect():
    run = demo.run_exposure("saturating", 4.0, lipolysis_block=1.0)
    assert run.more_lipolysis == "neither"
    assert np.allclose(run.comparison.pulsatile.ffa, 1.0)
    assert run.pulsatile_mean_glucose_mmol_l == pytest.approx(5.0)
    assert "about the same lipolysis" in demo.summary_text(run)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"curve": "linear"}, "curve"),
        ({"mean_level": 0.0}, "mean_level"),
        ({"mean_level": 7}, "mean_level"),
        ({"mean_level": "2"}, "mean_level"),
        ({"pulses_per_day": 0}, "pulses_per_day"),
        ({"pulses_per_day": 2.5}, "pulses_per_day"),
        ({"pulses_per_day": True}, "pulses_per_day"),
        ({"lipolysis_block": 1.5}, "lipolysis_block"),
    ],
)
def test_run_rejects_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        demo.run_exposure(**kwargs)


def test_labels_and_titles():
    assert demo.level_label(2.0) == "2 ×"
    assert demo.level_label(0.25) == "0.25 ×"
    run = demo.run_exposure("sigmoidal", 2.0, 1, 0.5)
    title = demo.frame_title(run)
    assert title.startswith("Threshold (sigmoidal) response, extra GH 2 ×")
    assert "1 pulse/day" in title and "50% of GH-driven lipolysis blocked" in title


def test_summary_and_alt_text_state_the_numbers():
    run = demo.run_exposure("sigmoidal", 2.0)
    comparison = run.comparison
    text = demo.summary_text(run)
    assert "pulses drive more lipolysis" in text
    assert f"{comparison.pulsatile_mean_lipolysis:.2f} × basal with pulses" in text
    assert "qualitative model" in text
    alt = demo.frame_alt_text(run)
    assert "qualitative teaching model" in alt
    assert "solid" in alt and "dashed" in alt
    assert f"{run.continuous_mean_glucose_mmol_l:.1f}" in alt
    assert "5.0 mmol/L" in alt


# --- pure drawing ----------------------------------------------------------------------------


def test_draw_exposure_plots_both_patterns_on_four_rows():
    _, axes = new_axes()
    run = demo.run_exposure("saturating", 1.0)
    artists = demo.draw_exposure(axes, run)
    assert len(artists.pulsatile_lines) == len(artists.continuous_lines) == 4
    np.testing.assert_allclose(artists.pulsatile_lines[0].get_ydata(), run.comparison.pulsatile.gh)
    np.testing.assert_allclose(
        artists.continuous_lines[1].get_ydata(), run.comparison.continuous.ffa
    )
    np.testing.assert_allclose(
        artists.pulsatile_lines[3].get_ydata(), run.pulsatile_glucose.fasting_glucose_mmol_l
    )
    assert all(line.get_linestyle() == "--" for line in artists.continuous_lines)
    assert all(line.get_linestyle() == "-" for line in artists.pulsatile_lines)
    assert "mean after day 1" in artists.ffa_note.get_text()
    assert "mmol/L" in artists.glucose_note.get_text()
    legend = [text.get_text() for text in axes[0].get_legend().get_texts()]
    assert any("solid" in text for text in legend) and any("dashed" in text for text in legend)


def test_style_needs_four_axes():
    _, axes = new_axes()
    with pytest.raises(ValueError, match="axes"):
        demo.style_exposure_axes(axes[:3])


def test_artists_update_in_place():
    _, axes = new_axes()
    artists = demo.draw_exposure(axes, demo.run_exposure("saturating", 0.5))
    count = sum(len(ax.get_children()) for ax in axes)
    run = demo.run_exposure("sigmoidal", 4.0)
    artists.update(run)
    np.testing.assert_allclose(artists.pulsatile_lines[1].get_ydata(), run.comparison.pulsatile.ffa)
    assert axes[0].get_ylim()[1] > float(np.max(run.comparison.pulsatile.gh))
    assert sum(len(ax.get_children()) for ax in axes) == count


def test_gh_limit_is_one_of_a_few_fixed_tops_with_headroom():
    _, axes = new_axes()
    artists = demo.draw_exposure(axes, demo.run_exposure())
    tops = set()
    for level, pulses in ((0.25, 8), (0.25, 1), (2.0, 3), (6.0, 8), (6.0, 1)):
        run = demo.run_exposure("saturating", level, pulses)
        artists.update(run)
        top = axes[0].get_ylim()[1]
        peak = max(float(np.max(run.comparison.pulsatile.gh)), level)
        assert top in demo.GH_TOPS
        assert 1.55 * peak <= top <= 2 * 1.55 * peak, "room for the legend, yet readable"
        tops.add(top)
    assert tops == {demo.GH_TOPS[0], demo.GH_TOPS[-1], *tops}, "the extremes use the end tops"


# --- the figure built once -------------------------------------------------------------------


def test_figure_carries_the_qualitative_label_and_updates_in_place():
    exposure_figure = demo.build_exposure_figure("saturating", 2.0)
    texts = [text.get_text() for text in exposure_figure.figure.texts]
    assert demo.QUALITATIVE_LABEL in texts
    figure = exposure_figure.figure
    exposure_figure.update("sigmoidal", 1.0, 2, 0.2)
    assert exposure_figure.figure is figure
    assert exposure_figure.run == demo.run_exposure("sigmoidal", 1.0, 2, 0.2)
    assert exposure_figure.title.get_text() == demo.frame_title(exposure_figure.run)


def test_frame_html_is_an_image_with_alt_text_and_a_caption():
    frame = demo.frame_html(demo.build_exposure_figure(), TEST_DPI)
    assert png_in(frame).startswith(PNG_MAGIC)
    assert alt_of(frame).startswith("Four stacked line charts over 3 days")
    assert "<figcaption>Same total GH:" in frame


# --- the no-kernel form ----------------------------------------------------------------------


def test_every_frame_renders_and_differs():
    frames = demo.render_frames(dpi=TEST_DPI)
    assert tuple(frames) == CURVES
    images = []
    for curve, curve_frames in frames.items():
        assert len(curve_frames) == len(demo.STATIC_LEVELS)
        for level, frame in zip(demo.STATIC_LEVELS, curve_frames, strict=True):
            images.append(png_in(frame))
            assert demo.frame_title(demo.run_exposure(curve, level)) in alt_of(frame)
    assert len(set(images)) == len(images), "every frame differs"


def test_slider_extremes_render():
    low, high = demo.LEVEL_RANGE
    frames = demo.render_frames(("sigmoidal",), (low, high), dpi=TEST_DPI)
    assert all(png_in(frame).startswith(PNG_MAGIC) for frame in frames["sigmoidal"])
    assert "extra GH 0.25 ×" in frames["sigmoidal"][0]
    assert "extra GH 6 ×" in frames["sigmoidal"][1]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"levels": (2.0,)}, "levels"),
        ({"levels": (2.0, 1.0)}, "levels"),
        ({"levels": (1.0, 8.0)}, "levels"),
        ({"levels": "1, 2"}, "levels"),
        ({"levels": tuple(0.5 + 0.5 * k for k in range(10))}, "levels"),
        ({"curves": ()}, "curves"),
        ({"curves": ("sigmoidal", "sigmoidal")}, "curves"),
        ({"curves": "sigmoidal"}, "curves"),
        ({"curves": ("linear",)}, "curve"),
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
    return demo.gh_exposure_static()


def test_static_form_nests_one_stack_per_curve(static):
    header, buttons, slider, outer = static.children
    assert isinstance(header, ipywidgets.HTML)
    assert "works without a kernel" in header.value and "QUALITATIVE" in header.value
    assert isinstance(outer, ipywidgets.Stack) and len(outer.children) == len(CURVES)
    for inner in outer.children:
        assert isinstance(inner, ipywidgets.Stack)
        assert len(inner.children) == len(demo.STATIC_LEVELS)
        assert all(png_in(child.value).startswith(PNG_MAGIC) for child in inner.children)
    assert isinstance(buttons, ipywidgets.ToggleButtons)
    assert buttons.options == tuple(
        (demo.CURVE_LABELS[curve], index) for index, curve in enumerate(CURVES)
    )
    assert isinstance(slider, ipywidgets.SelectionSlider)
    assert [label for label, _ in slider.options] == [
        "0.5 ×",
        "1 ×",
        "1.5 ×",
        "2 ×",
        "3 ×",
        "4 ×",
    ]


def test_static_controls_are_linked_by_index_in_the_browser(static):
    _, buttons, slider, outer = static.children
    links = static.links
    assert all(isinstance(link, Link) for link in links)
    assert len(links) == 1 + len(CURVES)
    first = links[0]
    assert (first.source, first.target) == ((buttons, "index"), (outer, "selected_index"))
    assert [link.source for link in links[1:]] == [(slider, "index")] * len(CURVES)
    assert [link.target for link in links[1:]] == [
        (inner, "selected_index") for inner in outer.children
    ]
    start = demo.STATIC_LEVELS.index(demo.FIGURE_LEVEL)
    assert slider.index == start and slider.label == "2 ×"
    assert all(inner.selected_index == start for inner in outer.children)
    assert buttons.index == outer.selected_index == 0


def test_static_form_saved_state_is_small_and_includes_the_links(static):
    from ipywidgets.embed import dependency_state, embed_data

    state = dependency_state([static, *static.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == len(static.links)
    data = embed_data(views=[static], state=state)
    size = len(json.dumps(data["manager_state"]).encode("utf-8"))
    assert size < MAX_STATIC_STATE_BYTES, size


def test_static_form_opens_on_the_first_level_without_2():
    box = demo.gh_exposure_static(("sigmoidal",), (0.5, 1.0), dpi=TEST_DPI)
    _, buttons, slider, outer = box.children
    assert slider.index == outer.children[0].selected_index == 0
    assert buttons.options == (("Threshold (sigmoidal) response", 0),)


# --- the live form ---------------------------------------------------------------------------


@pytest.fixture
def live():
    return demo.gh_exposure_explorer(dpi=TEST_DPI)


def test_live_widget_opens_on_the_saturating_curve(live):
    header, curves, level, pulses, block, frame = live.children
    assert "need a running kernel" in header.value and "QUALITATIVE" in header.value
    assert isinstance(curves, ipywidgets.ToggleButtons) and curves.value == "saturating"
    assert isinstance(level, ipywidgets.FloatSlider)
    assert (level.min, level.max, level.value) == (0.25, 6.0, 2.0)
    assert (pulses.min, pulses.max, pulses.value) == (1, 8, 3)
    assert (block.min, block.max, block.value) == (0, 100, 0)
    for control in (level, pulses, block):
        assert control.continuous_update is False
    assert png_in(frame.value).startswith(PNG_MAGIC)
    assert "extra GH 2 ×" in frame.value


def test_live_controls_move_the_lines_without_new_artists(live):
    _, curves, level, pulses, block, frame = live.children
    exposure_figure = live.exposure_figure
    figure, artists = exposure_figure.figure, exposure_figure.artists
    children = sum(len(ax.get_children()) for ax in artists.axes)
    for control, value in ((level, level.max), (pulses, 1), (block, 100), (curves, "sigmoidal")):
        before = frame.value
        control.value = value
        assert frame.value != before
    expected = demo.run_exposure("sigmoidal", 6.0, 1, 1.0)
    np.testing.assert_allclose(
        artists.pulsatile_lines[1].get_ydata(), expected.comparison.pulsatile.ffa
    )
    assert html.escape(demo.frame_title(expected)) in frame.value
    assert live.exposure_figure.figure is figure and live.exposure_figure.artists is artists
    assert sum(len(ax.get_children()) for ax in artists.axes) == children


def test_live_frame_states_the_title_and_means_as_text(live):
    *_, frame = live.children
    exposure_figure = live.exposure_figure
    run = exposure_figure.run
    artists = exposure_figure.artists
    hidden = (exposure_figure.title, artists.ffa_note, artists.glucose_note)
    assert not any(text.get_visible() for text in hidden), "drawn as text beside the picture"
    assert f"<strong>{html.escape(demo.frame_title(run))}</strong>" in frame.value
    caption = html.unescape(frame.value.split("<figcaption>")[1])
    assert caption.startswith(demo.summary_text(run))
    assert artists.ffa_note.get_text() in caption and artists.glucose_note.get_text() in caption
    assert demo.frame_title(run) in alt_of(frame.value)


def test_live_changes_need_no_full_draw(live, monkeypatch):
    _, curves, level, pulses, block, frame = live.children
    canvas = live.exposure_figure.figure.canvas
    full_draws = []
    monkeypatch.setattr(canvas, "draw", lambda *a, **k: full_draws.append(1))
    for control, value in (
        (level, level.min),
        (pulses, pulses.max),
        (level, level.max),
        (pulses, pulses.min),
        (curves, "sigmoidal"),
        (block, 50),
        (level, 3.25),
    ):
        before = frame.value
        control.value = value
        assert frame.value != before
    assert full_draws == [], "every reachable GH limit has its background from the build"


def test_live_widget_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match="dpi"):
        demo.gh_exposure_explorer(dpi=1000)


# --- the chapter's static figure -------------------------------------------------------------


def test_side_by_side_draws_one_column_per_curve():
    figure = demo.plot_curves_side_by_side()
    assert len(figure.exposure_artists) == 2
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles == ["Saturating response", "Threshold (sigmoidal) response"]
    assert figure.get_suptitle() == demo.QUALITATIVE_LABEL
    legend_texts = [text.get_text() for text in figure.legends[0].get_texts()]
    assert any("dashed" in text for text in legend_texts)
    for artists, curve in zip(figure.exposure_artists, CURVES, strict=True):
        expected = demo.run_exposure(curve, demo.FIGURE_LEVEL).comparison.pulsatile.ffa
        np.testing.assert_allclose(artists.pulsatile_lines[1].get_ydata(), expected)
    figure.canvas.draw()


def test_side_by_side_rejects_bad_arguments():
    with pytest.raises(ValueError, match="curves"):
        demo.plot_curves_side_by_side(())
    with pytest.raises(ValueError, match="mean_level"):
        demo.plot_curves_side_by_side(("sigmoidal",), 10)
