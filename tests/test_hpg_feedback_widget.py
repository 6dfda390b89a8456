"""Tests for the chapter 08 demo: HPG scenarios, their words, the drawings and both widgets.

Headless (Agg). Frames are rendered at a low resolution where only their structure matters;
the saved-state size is measured at the defaults the chapter uses.
"""

import base64
import html
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

from insulinlab import hpg  # noqa: E402
from insulinlab.widgets import hpg_feedback as demo  # noqa: E402
from insulinlab.widgets.static_stack import widget_state_size  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
IMG_ALT = re.compile(r'<img alt="([^"]+)"')
MAX_STATIC_STATE_BYTES = 250_000


def png_in(frame_html):
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


# --- scenarios --------------------------------------------------------------------------------


def test_scenarios_are_five_to_nine_with_unique_keys():
    assert 5 <= len(demo.SCENARIOS) <= 9
    assert len(set(demo.SCENARIO_KEYS)) == len(demo.SCENARIO_KEYS)
    assert demo.SCENARIO_KEYS[0] == "untreated"
    assert "stopped" not in demo.BAR_SCENARIO_KEYS
    assert all(scenario.note for scenario in demo.SCENARIOS)


def test_scenario_lookup_and_unknown_keys():
    assert demo.scenario("exogenous").exogenous_testosterone == 2.0
    with pytest.raises(ValueError, match="key"):
        demo.scenario("anabolic stack")


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"exogenous_testosterone": -0.1}, "exogenous_testosterone"),
        ({"exogenous_testosterone": 3.5}, "exogenous_testosterone"),
        ({"aromatase_inhibition": 1.2}, "aromatase_inhibition"),
        ({"lh_analogue": float("nan")}, "lh_analogue"),
        ({"exogenous_testosterone": 1.0, "stop_day": 0}, "stop_day"),
        ({"exogenous_testosterone": 1.0, "stop_day": 180}, "stop_day"),
        ({"stop_day": 90}, "stop_day"),
    ],
)
def test_scenario_rejects_bad_settings(kwargs, name):
    with pytest.raises(ValueError, match=name):
        demo.Scenario("bad", "Bad", **kwargs)


def test_custom_scenario_labels_and_stop():
    assert demo.custom_scenario().label == "Untreated"
    stopped = demo.custom_scenario(2.0, stop_on_day_90=True)
    assert stopped.stop_day == demo.STOP_DAY
    assert stopped.label == "Testosterone 2×, stopped on day 90"
    # Stopping nothing is ignored rather than an error (the check box can be ticked at 0).
    assert demo.custom_scenario(0.0, 0.5, stop_on_day_90=True).stop_day is None
    assert demo.custom_scenario(0, 0, 1.25).label == "LH analogue 1.25×"
    assert "hCG" in demo.custom_scenario(0, 0, 1.25).note
    assert demo.custom_scenario().note == ""
    assert "sperm" in stopped.note and "oestradiol" not in stopped.note
    with pytest.raises(ValueError, match="lh_analogue"):
        demo.custom_scenario(1.0, 0.0, 2.5)


@pytest.mark.parametrize("key", demo.BAR_SCENARIO_KEYS)
def test_constant_scenarios_end_at_the_model_steady_state(key):
    chosen = demo.scenario(key)
    run = demo.run_scenario(chosen)
    state = demo.steady_states([key])[key]
    assert run.t_days[-1] == demo.DAYS
    assert run.lh[-1] == pytest.approx(state.lh, rel=1e-3, abs=1e-4)
    assert run.total_testosterone[-1] == pytest.approx(state.total_testosterone, rel=1e-3)
    assert run.oestradiol[-1] == pytest.approx(state.oestradiol, rel=1e-3)


def test_run_scenario_matches_hpg_simulate_with_a_step_input():
    run = demo.run_scenario(demo.scenario("stopped"))
    direct = hpg.simulate(180, exogenous_testosterone=hpg.StepInput(2.0, stop_day=90))
    assert np.allclose(run.lh, direct.lh)
    with pytest.raises(ValueError, match="chosen"):
        demo.run_scenario("stopped")


# --- numbers and words -----------------------------------------------------------------------


def test_readout_of_exogenous_testosterone_shows_suppression():
    numbers = demo.readout(demo.scenario("exogenous"))
    assert numbers.day == 180
    assert numbers.total_testosterone > 2.0
    assert numbers.lh < 0.1 and numbers.own_testosterone < 0.2
    assert numbers.recovery_dip is None and numbers.lh_peak_after_stop is None


def test_readout_of_the_stopped_scenario_reads_on_the_stop_day_and_the_recovery():
    numbers = demo.readout(demo.scenario("stopped"))
    assert numbers.day == demo.STOP_DAY
    assert numbers.exogenous_testosterone == pytest.approx(2.0, rel=1e-3)
    assert numbers.lh < 0.1
    assert numbers.recovery_dip < 0.95 and numbers.recovery_dip_day > demo.STOP_DAY
    assert numbers.lh_peak_after_stop > 1.0
    assert numbers.end_total_testosterone == pytest.approx(1.0, abs=0.01)
    assert numbers.end_lh == pytest.approx(1.0, abs=0.01)


def test_lh_analogue_and_aromatase_inhibitor_directions():
    analogue = demo.readout(demo.scenario("with_lh_analogue"))
    plain = demo.readout(demo.scenario("exogenous"))
    assert analogue.own_testosterone > 0.9 > plain.own_testosterone
    assert analogue.lh < plain.lh
    inhibitor = demo.readout(demo.scenario("aromatase_inhibitor"))
    assert inhibitor.lh > 1.0 and inhibitor.own_testosterone > 1.0 and inhibitor.oestradiol < 1.0
    both = demo.readout(demo.scenario("exogenous_with_ai"))
    assert both.oestradiol < 1.0 < both.total_testosterone


def test_summary_and_alt_text_quote_the_numbers():
    numbers = demo.readout(demo.scenario("stopped"))
    summary = demo.summary_text(numbers)
    assert summary.startswith("Day 90: total testosterone 2.13× normal")
    assert "After stopping" in summary and numbers.scenario.note in summary
    alt = demo.frame_alt_text(numbers)
    assert "2×, stopped on day 90" in alt and "vertical line" in alt
    assert f"{numbers.lh:.2f}" in alt
    untreated = demo.frame_alt_text(demo.readout(demo.scenario("untreated")))
    assert "vertical line" not in untreated and "total testosterone is 1.00" in untreated


def test_no_text_gives_a_dose():
    texts = [scenario.note for scenario in demo.SCENARIOS]
    texts += [demo.custom_scenario(1, 1, 1).note]
    texts += [demo.TEACHING_MODEL_NOTE, demo.STATIC_NOTE, demo.LIVE_UPDATE_NOTE]
    for text in texts:
        assert not re.search(r"\d\s*(mg|µg|mcg|IU|units?)\b", text), text


# --- drawing ----------------------------------------------------------------------------------


def test_draw_hpg_puts_each_series_on_its_axes():
    figure, top, bottom = new_axes()
    artists = demo.draw_hpg(top, bottom, demo.scenario("exogenous"))
    t, total = artists.total.get_data()
    assert t[-1] == demo.DAYS and total[-1] == pytest.approx(artists.numbers.total_testosterone)
    assert artists.own.get_linestyle() == "--" and artists.exogenous.get_linestyle() == ":"
    assert artists.oestradiol.get_linestyle() == "-."
    assert [line.get_visible() for line in artists.stop_lines] == [False, False]
    assert top.get_ylim() == (0, 3.5)
    assert top.get_legend() is not None and bottom.get_legend() is not None


def test_update_redraws_in_place_and_marks_the_stop():
    figure, top, bottom = new_axes()
    artists = demo.draw_hpg(top, bottom, demo.scenario("untreated"), legend=False)
    lines_before = len(top.lines) + len(bottom.lines)
    numbers = artists.update(demo.scenario("stopped"))
    assert len(top.lines) + len(bottom.lines) == lines_before
    assert numbers.day == demo.STOP_DAY
    assert all(line.get_visible() for line in artists.stop_lines)
    assert artists.stop_lines[0].get_xdata()[0] == demo.STOP_DAY
    assert artists.stop_label.get_visible()
    assert top.get_legend() is None


def test_axis_limits_grow_for_large_live_settings():
    figure, top, bottom = new_axes()
    artists = demo.draw_hpg(top, bottom, demo.custom_scenario(3.0, 0.0, 2.0))
    assert top.get_ylim()[1] > 3.5
    assert top.get_ylim()[1] >= np.max(artists.total.get_data()[1])


@pytest.mark.parametrize(
    "levels",
    [(3.0, 0.0, 2.0, False), (0.0, 1.0, 0.0, False), (0.0, 1.0, 2.0, False), (3.0, 1.0, 2.0, True)],
)
def test_axis_limits_come_from_a_few_fixed_values_that_fit(levels):
    *values, stop = levels
    figure, top, bottom = new_axes()
    artists = demo.draw_hpg(
        top, bottom, demo.custom_scenario(*values, stop_on_day_90=stop), legend=False
    )
    assert top.get_ylim()[1] in demo.TOP_LIMITS
    assert bottom.get_ylim()[1] in demo.BOTTOM_LIMITS
    assert top.get_ylim()[1] >= 1.1 * np.max(artists.total.get_data()[1])
    highest = max(np.max(artists.lh.get_data()[1]), np.max(artists.oestradiol.get_data()[1]))
    assert bottom.get_ylim()[1] >= 1.1 * highest


def test_draw_hpg_rejects_a_non_scenario():
    figure, top, bottom = new_axes()
    with pytest.raises(ValueError, match="chosen"):
        demo.draw_hpg(top, bottom, {"exogenous_testosterone": 2})


def test_build_figure_update_and_png():
    hpg_figure = demo.build_hpg_figure()
    assert hpg_figure.artists.title.get_text() == "Testosterone 2×"
    hpg_figure.update(demo.scenario("aromatase_inhibitor"))
    assert hpg_figure.artists.title.get_text() == "Aromatase inhibitor alone"
    assert hpg_figure.numbers.scenario.key == "aromatase_inhibitor"
    assert hpg_figure.png(TEST_DPI).startswith(PNG_MAGIC)


def test_frame_html_has_alt_text_and_caption():
    text = demo.frame_html(demo.build_hpg_figure(demo.scenario("stopped")), dpi=TEST_DPI)
    assert png_in(text).startswith(PNG_MAGIC)
    assert alt_of(text).startswith("Two line charts over 180 days")
    assert "<figcaption>Day 90:" in text
    with pytest.raises(ValueError, match="dpi"):
        demo.frame_html(demo.build_hpg_figure(), dpi=5)


def test_render_frames_follows_the_keys():
    keys = ("untreated", "aromatase_inhibitor")
    frames = demo.render_frames(keys, dpi=TEST_DPI, colours=16)
    assert len(frames) == 2
    assert "Untreated" in alt_of(frames[0]) and "Aromatase inhibitor alone" in alt_of(frames[1])


@pytest.mark.parametrize(
    ("keys", "kwargs", "name"),
    [
        ((), {}, "keys"),
        ("untreated", {}, "keys"),
        (("untreated", "untreated"), {}, "keys"),
        (("untreated", "sauna"), {}, "keys"),
        (("untreated",), {"dpi": 1000}, "dpi"),
        (("untreated",), {"colours": 4}, "colours"),
    ],
)
def test_render_frames_rejects_bad_arguments(keys, kwargs, name):
    with pytest.raises(ValueError, match=name):
        demo.render_frames(keys, **kwargs)


# --- static figures ---------------------------------------------------------------------------


def test_axis_diagram_names_every_part_and_treatment():
    figure = demo.plot_axis_diagram()
    texts = " ".join(text.get_text() for text in figure.axes[0].texts)
    for word in ("Hypothalamus", "Pituitary", "Testes", "Oestradiol", "aromatase", "hCG"):
        assert word in texts
    assert "Gonadorelin" in texts and "Aromatase" in texts and "External" in texts
    assert "steady exposure suppresses" in texts


def test_scenario_bars_show_the_steady_states():
    figure = demo.plot_scenario_bars()
    ax = figure.axes[0]
    assert len(ax.patches) == 4 * len(demo.BAR_SCENARIO_KEYS)
    heights = sorted(round(patch.get_height(), 2) for patch in ax.patches)
    state = demo.steady_states(["exogenous"])["exogenous"]
    assert round(state.total_testosterone, 2) in heights
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        label for _, label, _, _ in demo.BAR_SERIES
    ]
    with pytest.raises(ValueError, match="keys"):
        demo.steady_states(["stopped"])


# --- widgets ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_box():
    return demo.hpg_feedback_static()


def test_static_widget_links_the_buttons_to_the_stack(static_box):
    header, buttons, stack = static_box.children
    assert isinstance(buttons, ipywidgets.ToggleButtons)
    assert isinstance(stack, ipywidgets.Stack)
    assert len(stack.children) == len(demo.SCENARIOS)
    assert [label for label, _ in buttons.options] == [s.label for s in demo.SCENARIOS]
    (link,) = static_box.links
    assert isinstance(link, Link)
    assert link.source == (buttons, "index") and link.target == (stack, "selected_index")
    assert stack.selected_index == buttons.index == 0


def test_static_widget_frames_match_their_buttons(static_box):
    _, buttons, stack = static_box.children
    for (label, index), child in zip(buttons.options, stack.children, strict=True):
        assert label in alt_of(child.value)
        assert png_in(child.value).startswith(PNG_MAGIC)
        assert index == stack.children.index(child)


def test_static_widget_state_fits_the_page_budget(static_box):
    assert widget_state_size(static_box) < MAX_STATIC_STATE_BYTES


def test_static_widget_with_a_subset():
    box = demo.hpg_feedback_static(("untreated", "exogenous"), dpi=TEST_DPI, colours=16)
    assert len(box.children[2].children) == 2
    with pytest.raises(ValueError, match="keys"):
        demo.hpg_feedback_static(("exogenous", "exogenous"))


def test_live_widget_controls_update_the_figure():
    box = demo.hpg_feedback_explorer(dpi=TEST_DPI)
    controls = box.controls
    for name in ("exogenous", "aromatase", "lh_analogue"):
        assert controls[name].continuous_update is False
    frame = box.children[-1]
    assert "Testosterone 2×" in alt_of(frame.value)
    controls["stop"].value = True
    assert box.hpg_figure.numbers.scenario.stop_day == demo.STOP_DAY
    assert "stopped on day 90" in alt_of(frame.value)
    controls["exogenous"].value = 0.0
    controls["aromatase"].value = 0.5
    numbers = box.hpg_figure.numbers
    assert numbers.scenario.stop_day is None
    assert numbers.lh > 1.0 and numbers.oestradiol < 1.0
    assert "Aromatase inhibition 50 %" in alt_of(frame.value)
    assert "bone density" in frame.value


def test_live_frame_states_the_label_as_text_and_hides_the_title():
    box = demo.hpg_feedback_explorer(dpi=TEST_DPI)
    frame = box.children[-1]
    assert not box.hpg_figure.artists.title.get_visible()
    assert "<strong>Testosterone 2×</strong>" in frame.value
    box.controls["aromatase"].value = 0.3
    label = box.hpg_figure.numbers.scenario.label
    assert label == "Testosterone 2×, aromatase inhibition 30 %"
    assert f"<strong>{html.escape(label)}</strong>" in frame.value
    assert label in alt_of(frame.value)


def test_live_changes_need_no_full_draw(monkeypatch):
    box = demo.hpg_feedback_explorer(dpi=TEST_DPI)
    controls, frame = box.controls, box.children[-1]
    full_draws = []
    canvas = box.hpg_figure.figure.canvas
    monkeypatch.setattr(canvas, "draw", lambda *a, **k: full_draws.append(1))
    for name, value in (
        ("exogenous", 3.0),
        ("lh_analogue", 2.0),
        ("stop", True),
        ("exogenous", 0.0),
        ("aromatase", 1.0),
        ("lh_analogue", 0.0),
        ("exogenous", 1.5),
    ):
        before = frame.value
        controls[name].value = value
        assert frame.value != before
    assert full_draws == [], "every pair of axis limits has its background from the build"


def test_runs_are_cached_and_read_only():
    run = demo.run_scenario(demo.scenario("stopped"))
    assert demo.run_scenario(demo.custom_scenario(2.0, stop_on_day_90=True)) is run
    with pytest.raises(ValueError, match="read-only"):
        run.lh[0] = 2.0


def test_live_widget_rejects_bad_dpi():
    with pytest.raises(ValueError, match="dpi"):
        demo.hpg_feedback_explorer(dpi=0)
