"""Tests for the chapter 15 demo: an IVGTT in the Bergman minimal model, SI and SG to choose.

Headless (Agg). Frames are rendered at a low resolution where only their structure matters;
the saved-state size is measured at the defaults the chapter uses.
"""

import base64
import doctest
import html
import json
import math
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

from insulinlab import minimal_model as mm  # noqa: E402
from insulinlab.widgets import ivgtt_simulator as demo  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
IMG_ALT = re.compile(r'<img alt="([^"]+)"')
MAX_STATIC_STATE_BYTES = 450_000
PRESETS = tuple(demo.PRESET_LABELS)


def png_in(frame_html):
    match = IMG_SOURCE.search(frame_html)
    assert match, "the frame holds no PNG data URI"
    return base64.b64decode(match.group(1))


def alt_of(frame_html):
    return html.unescape(IMG_ALT.search(frame_html).group(1))


def new_axes():
    figure = Figure(figsize=demo.FIGSIZE_IN, dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    return figure, *figure.subplots(3, 1, sharex=True)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the demo must not create pyplot figures"


def test_doctests_pass():
    result = doctest.testmod(demo)
    assert result.failed == 0
    assert result.attempted >= 10


# --- pure computations and labels ------------------------------------------------------------


def test_presets_and_labels_match_the_model_presets():
    assert set(demo.PRESET_LABELS) == set(mm.PRESETS)
    assert [demo.preset_si_e4(name) for name in PRESETS] == [5.0, 1.3, 0.6]
    for name in PRESETS:
        assert demo.preset_si_e4(name) in demo.STATIC_SI_E4, "every preset's own SI is sampled"
    assert demo.si_label(0.6) == "0.6 ×10⁻⁴"


def test_comparison_matches_the_minimal_model():
    comparison = demo.compare_ivgtt("igt", 3.0, 0.015)
    params = mm.MinimalModelParameters.from_si(0.015, 3e-4, 0.025, 90, 8)
    expected = mm.simulate_ivgtt(params, demo.GRID_MIN, insulin=mm.teaching_fsigt_insulin())
    np.testing.assert_allclose(comparison.current.glucose_mg_dl, expected.glucose_mg_dl, rtol=1e-6)
    own = mm.simulate_ivgtt(mm.preset("igt"), demo.GRID_MIN, insulin=mm.teaching_fsigt_insulin())
    np.testing.assert_allclose(comparison.reference.glucose_mg_dl, own.glucose_mg_dl, rtol=1e-6)
    assert comparison.current.t_min[-1] == demo.DURATION_MIN
    default = demo.compare_ivgtt("t2d")
    assert (default.si_e4, default.sg) == (0.6, 0.02)
    np.testing.assert_allclose(default.current.glucose_mg_dl, default.reference.glucose_mg_dl)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("athlete",), "preset"),
        (("healthy", 0.1), "si_e4"),
        (("healthy", 13.0), "si_e4"),
        (("healthy", float("nan")), "si_e4"),
        (("healthy", 5.0, 0.001), "sg"),
        (("healthy", 5.0, True), "sg"),
    ],
)
def test_bad_choices_are_rejected(args, match):
    with pytest.raises(ValueError, match=match):
        demo.compare_ivgtt(*args)


def test_higher_si_returns_glucose_faster_in_the_summaries():
    summaries = [demo.compare_ivgtt("healthy", si).current_summary for si in demo.STATIC_SI_E4]
    at_60 = [summary.glucose_60_mg_dl for summary in summaries]
    halves = [summary.half_return_min for summary in summaries]
    assert at_60 == sorted(at_60, reverse=True)
    assert halves == sorted(halves, reverse=True)
    peaks = [summary.peak_action_per_min for summary in summaries]
    assert peaks == sorted(peaks)


def test_summarise_curve_reads_the_right_numbers():
    result = demo.compare_ivgtt("healthy").current
    summary = demo.summarise_curve(result, 90.0)
    assert summary.glucose_60_mg_dl == pytest.approx(result.glucose_mg_dl[60])
    half_level = 90 + (result.glucose_mg_dl[0] - 90) / 2
    k = int(math.floor(summary.half_return_min))
    assert result.glucose_mg_dl[k] >= half_level >= result.glucose_mg_dl[k + 1]
    assert summary.lowest_mg_dl == pytest.approx(np.min(result.glucose_mg_dl))
    assert summary.lowest_mg_dl < 90, "the healthy preset undershoots basal"
    assert summary.peak_action_min > 20, "X peaks after the insulin injection at 20 min"
    never = mm.simulate_ivgtt(
        mm.MinimalModelParameters(sg=0.0, p2=0.025, p3=0.0, gb_mg_dl=90, ib_uu_ml=8),
        demo.GRID_MIN,
        insulin=mm.teaching_fsigt_insulin(),
    )
    assert math.isinf(demo.summarise_curve(never, 90.0).half_return_min)
    with pytest.raises(ValueError, match="60 min"):
        demo.summarise_curve(mm.simulate_ivgtt(mm.preset("healthy"), [0, 30], insulin=PROFILE), 90)


PROFILE = mm.teaching_fsigt_insulin()


def test_summary_and_alt_text_state_the_numbers():
    comparison = demo.compare_ivgtt("healthy", 1.3)
    ref, cur = comparison.reference_summary, comparison.current_summary
    text = demo.summary_text(comparison)
    assert f"{ref.glucose_60_mg_dl:.0f} mg/dL for the preset" in text
    assert f"{cur.glucose_60_mg_dl:.0f} mg/dL for the chosen values" in text
    alt = demo.frame_alt_text(comparison)
    assert demo.frame_title(comparison) in alt
    assert text in alt
    assert "dashed" in alt and "solid" in alt
    assert "insulin injection at 20 minutes" in alt
    never = demo.compare_ivgtt("t2d", 0.2, 0.005)
    if math.isinf(never.current_summary.half_return_min):
        assert "not within 180 min" in demo.summary_text(never)


# --- pure drawing ----------------------------------------------------------------------------


def test_draw_comparison_plots_both_runs():
    _, ax_glucose, ax_insulin, ax_action = new_axes()
    comparison = demo.compare_ivgtt("igt", 7.5)
    artists = demo.draw_comparison(ax_glucose, ax_insulin, ax_action, comparison)
    np.testing.assert_allclose(
        artists.current_glucose.get_ydata(), comparison.current.glucose_mg_dl
    )
    np.testing.assert_allclose(
        artists.reference_glucose.get_ydata(), comparison.reference.glucose_mg_dl
    )
    np.testing.assert_allclose(
        artists.current_action.get_ydata(), 100 * comparison.current.insulin_action_per_min
    )
    np.testing.assert_allclose(artists.insulin.get_ydata(), comparison.current.insulin_uu_ml)
    assert artists.reference_glucose.get_linestyle() == "--"
    assert artists.current_glucose.get_linestyle() == "-"
    assert "at 60 min:" in artists.note.get_text()
    legend = [text.get_text() for text in ax_glucose.get_legend().get_texts()]
    assert any("dashed" in text for text in legend) and any("solid" in text for text in legend)


def test_axes_fit_every_slider_extreme():
    _, ax_glucose, ax_insulin, ax_action = new_axes()
    demo.style_ivgtt_axes(ax_glucose, ax_insulin, ax_action)
    bottom, top = ax_glucose.get_ylim()
    action_top = ax_action.get_ylim()[1]
    for si in demo.SI_RANGE_E4:
        for sg in demo.SG_RANGE_PER_MIN:
            current = demo.compare_ivgtt("healthy", si, sg).current
            assert bottom < np.min(current.glucose_mg_dl) and np.max(current.glucose_mg_dl) < top
            assert 100 * np.max(current.insulin_action_per_min) < action_top
    with pytest.raises(ValueError, match="action_top"):
        demo.style_ivgtt_axes(ax_glucose, ax_insulin, ax_action, action_top=0)


def test_artists_update_in_place():
    _, *axes = new_axes()
    artists = demo.draw_comparison(*axes, demo.compare_ivgtt("healthy", 0.6))
    count = sum(len(ax.get_children()) for ax in axes)
    comparison = demo.compare_ivgtt("t2d", 10.0, 0.03)
    artists.update(comparison)
    np.testing.assert_allclose(
        artists.current_glucose.get_ydata(), comparison.current.glucose_mg_dl
    )
    assert sum(len(ax.get_children()) for ax in axes) == count


def test_figure_update_changes_data_not_artists():
    ivgtt_figure = demo.build_ivgtt_figure("healthy")
    figure = ivgtt_figure.figure
    counts = [len(ax.get_children()) for ax in ivgtt_figure.axes]
    ivgtt_figure.update("t2d", 2.5, 0.01)
    assert ivgtt_figure.figure is figure
    assert [len(ax.get_children()) for ax in ivgtt_figure.axes] == counts
    expected = demo.compare_ivgtt("t2d", 2.5, 0.01)
    np.testing.assert_allclose(
        ivgtt_figure.artists.current_glucose.get_ydata(), expected.current.glucose_mg_dl
    )
    assert ivgtt_figure.title.get_text() == demo.frame_title(expected)


def test_frame_html_is_an_image_with_alt_text_and_a_caption():
    frame = demo.frame_html(demo.build_ivgtt_figure("igt", 5.0), TEST_DPI)
    assert png_in(frame).startswith(PNG_MAGIC)
    assert alt_of(frame).startswith("Three line charts over 180 minutes")
    assert "<figcaption>Glucose at 60 min" in frame


# --- static figures --------------------------------------------------------------------------


def test_plot_presets_draws_three_presets_on_three_axes():
    figure = demo.plot_presets()
    assert len(figure.axes) == 3
    assert list(figure.results) == list(PRESETS)
    assert len(figure.axes[0].get_lines()) == 4  # basal line + three presets
    labels = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert labels[0] == "Healthy: SI 5 ×10⁻⁴"
    styles = {line.get_linestyle() for line in figure.axes[0].get_lines()[1:]}
    assert len(styles) == 3, "presets differ in line style, not only colour"


def test_plot_identifiability_small():
    figure = demo.plot_identifiability(("t2d",), n=3, seed=1, grid_points=5)
    assert len(figure.axes) == 1
    fits = figure.fits["t2d"]
    assert len(fits) == 3 and all(isinstance(fit, mm.MinimalModelFit) for fit in fits)
    expected = mm.replicate_fits(mm.preset("t2d"), n=3, seed=1)
    assert [fit.si for fit in fits] == pytest.approx([fit.si for fit in expected])
    labels = [text.get_text() for text in figure.legends[0].get_texts()]
    assert "truth" in labels and any("cost valley" in label for label in labels)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"presets": ()}, "presets"),
        ({"presets": ("healthy", "healthy")}, "presets"),
        ({"n": 1}, "n must"),
        ({"noise_cv": 0}, "noise_cv"),
        ({"grid_points": 3}, "grid_points"),
        ({"grid_points": 5.5}, "grid_points"),
    ],
)
def test_plot_identifiability_rejects_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        demo.plot_identifiability(**kwargs)


# --- the no-kernel form ----------------------------------------------------------------------


def test_every_frame_renders_and_differs():
    frames = demo.render_frames(dpi=TEST_DPI)
    assert tuple(frames) == PRESETS
    images = []
    for preset, preset_frames in frames.items():
        assert len(preset_frames) == len(demo.STATIC_SI_E4)
        for si, frame in zip(demo.STATIC_SI_E4, preset_frames, strict=True):
            image = png_in(frame)
            assert image.startswith(PNG_MAGIC)
            images.append(image)
            assert demo.frame_title(demo.compare_ivgtt(preset, si)) in alt_of(frame)
    assert len(set(images)) == len(images), "every frame differs"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"si_values_e4": (5.0,)}, "si_values_e4"),
        ({"si_values_e4": (5.0, 1.0)}, "si_values_e4"),
        ({"si_values_e4": (0.1, 5.0)}, "si_values_e4"),
        ({"si_values_e4": tuple(range(1, 11))}, "si_values_e4"),
        ({"si_values_e4": "1, 2"}, "si_values_e4"),
        ({"presets": ()}, "presets"),
        ({"presets": "healthy"}, "presets"),
        ({"presets": ("nobody",)}, "preset"),
        ({"dpi": 5}, "dpi"),
        ({"colours": 8}, "colours"),
        ({"colours": 20.5}, "colours"),
    ],
)
def test_render_frames_rejects_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        demo.render_frames(**{"dpi": TEST_DPI, **kwargs})


@pytest.fixture(scope="module")
def static():
    """The no-kernel form at the defaults the chapter uses."""
    return demo.ivgtt_simulator_static()


def test_static_form_nests_one_stack_per_preset(static):
    header, buttons, slider, outer = static.children
    assert isinstance(header, ipywidgets.HTML) and "works without a kernel" in header.value
    assert isinstance(outer, ipywidgets.Stack) and len(outer.children) == len(PRESETS)
    for inner in outer.children:
        assert isinstance(inner, ipywidgets.Stack)
        assert len(inner.children) == len(demo.STATIC_SI_E4)
    assert isinstance(buttons, ipywidgets.ToggleButtons)
    assert buttons.options == tuple(
        (demo.PRESET_LABELS[preset], index) for index, preset in enumerate(PRESETS)
    )
    assert isinstance(slider, ipywidgets.SelectionSlider)
    assert [label for label, _ in slider.options] == [
        demo.si_label(value) for value in demo.STATIC_SI_E4
    ]


def test_static_controls_are_linked_by_index(static):
    _, buttons, slider, outer = static.children
    links = static.links
    assert all(isinstance(link, Link) for link in links)
    assert len(links) == 1 + len(PRESETS)
    assert (links[0].source, links[0].target) == ((buttons, "index"), (outer, "selected_index"))
    assert [link.source for link in links[1:]] == [(slider, "index")] * len(PRESETS)
    assert [link.target for link in links[1:]] == [
        (inner, "selected_index") for inner in outer.children
    ]
    start = demo.STATIC_SI_E4.index(5.0)
    assert slider.index == start and slider.label == "5 ×10⁻⁴"
    assert all(inner.selected_index == start for inner in outer.children)


def test_static_form_saved_state_is_small_and_includes_the_links(static):
    from ipywidgets.embed import dependency_state, embed_data

    state = dependency_state([static, *static.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == len(static.links)
    data = embed_data(views=[static], state=state)
    size = len(json.dumps(data["manager_state"]).encode("utf-8"))
    assert size < MAX_STATIC_STATE_BYTES, size


def test_static_form_opens_on_the_first_value_without_the_preset_si():
    box = demo.ivgtt_simulator_static(("igt",), (2.0, 8.0), dpi=TEST_DPI)
    _, buttons, slider, outer = box.children
    assert slider.index == outer.children[0].selected_index == 0
    assert buttons.options == (("Impaired glucose tolerance", 0),)


# --- the live form ---------------------------------------------------------------------------


@pytest.fixture
def live():
    return demo.ivgtt_simulator(dpi=TEST_DPI)


def test_live_widget_opens_on_the_healthy_preset(live):
    header, presets, si, sg, frame = live.children
    assert "need a running kernel" in header.value
    assert presets.value == "healthy"
    assert isinstance(si, ipywidgets.FloatSlider) and isinstance(sg, ipywidgets.FloatSlider)
    assert (si.min, si.max, si.value) == (0.2, 12.0, 5.0)
    assert (sg.min, sg.max, sg.value) == (0.005, 0.04, 0.02)
    assert si.continuous_update is False and sg.continuous_update is False
    assert png_in(frame.value).startswith(PNG_MAGIC)


def test_live_sliders_move_the_lines_without_new_artists(live):
    _, _, si, sg, frame = live.children
    ivgtt_figure = live.ivgtt_figure
    counts = [len(ax.get_children()) for ax in ivgtt_figure.axes]
    for value in (si.min, si.max):
        before = frame.value
        si.value = value
        expected = demo.compare_ivgtt("healthy", value)
        np.testing.assert_allclose(
            ivgtt_figure.artists.current_glucose.get_ydata(), expected.current.glucose_mg_dl
        )
        assert frame.value != before
    sg.value = 0.01
    assert ivgtt_figure.comparison.sg == 0.01
    assert [len(ax.get_children()) for ax in ivgtt_figure.axes] == counts


def test_live_preset_moves_both_sliders_and_redraws_once(live):
    _, presets, si, sg, frame = live.children
    ivgtt_figure = live.ivgtt_figure
    calls = []
    original = ivgtt_figure.update

    def counting_update(*args):
        calls.append(args)
        original(*args)

    ivgtt_figure.update = counting_update
    si.value, sg.value = 9.0, 0.03
    calls.clear()
    presets.value = "t2d"
    assert (si.value, sg.value) == (0.6, 0.02)
    assert calls == [("t2d", 0.6, 0.02)]
    assert "Type 2 diabetes preset" in alt_of(frame.value)


def test_live_widget_rejects_bad_dpi():
    with pytest.raises(ValueError, match="dpi"):
        demo.ivgtt_simulator(dpi=1000)


def test_update_leaves_unchanged_lines_alone():
    ivgtt_figure = demo.build_ivgtt_figure("healthy")
    ivgtt_figure.figure.canvas.draw()  # a draw clears every stale flag
    ivgtt_figure.update("healthy", 2.0, 0.01)
    artists = ivgtt_figure.artists
    assert artists.current_glucose.stale and artists.current_action.stale
    assert not artists.insulin.stale, "the same insulin input in every run"
    assert not artists.basal.stale and not artists.reference_glucose.stale


def test_live_picture_leaves_changing_text_to_the_html(live):
    ivgtt_figure = live.ivgtt_figure
    assert not ivgtt_figure.title.get_visible()
    assert not ivgtt_figure.artists.note.get_visible()
    _, _, si, _, frame = live.children
    si.value = 2.5
    comparison = demo.compare_ivgtt("healthy", 2.5)
    above, picture = frame.value.split("<figure", 1)
    assert html.escape(demo.frame_title(comparison)) in above
    assert html.escape(demo.summary_text(comparison)) in picture  # the note's numbers
    assert demo.frame_title(comparison) in alt_of(frame.value)
    assert ivgtt_figure.title.get_text() == demo.frame_title(comparison)


def test_live_changes_need_no_full_draw(live):
    _, presets, si, sg, frame = live.children
    calls = count_full_draws(live.ivgtt_figure.figure)
    pictures = set()
    for control, value in ((si, si.min), (sg, sg.max), (presets, "t2d"), (si, si.max)):
        control.value = value
        pictures.add(png_in(frame.value))
    assert calls == [], "the expected changes and fixed limits keep the background"
    assert len(pictures) == 4
