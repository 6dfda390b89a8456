"""Tests for the chapter 16 progression timeline: scenario, summaries, drawing and widgets.

Headless (Agg). The widgets are built at a low resolution to keep the tests fast; the pictures
are still rendered and encoded, and their alt text and captions are checked.
"""

import base64
import dataclasses
import html
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

from insulinlab import topp  # noqa: E402
from insulinlab.widgets import progression_timeline as pt  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([^"]+)"')
IMG_ALT = re.compile(r'alt="([^"]+)"')
CAPTION = re.compile(r"<figcaption>(.*)</figcaption>")


def png_in(frame_html):
    match = IMG_SOURCE.search(frame_html)
    assert match, "the frame holds no PNG data URI"
    return base64.b64decode(match.group(1))


def caption_of(frame_html):
    return html.unescape(CAPTION.search(frame_html).group(1))


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def summary_for(rate=0.04, year=None, restore_d0=True):
    scenario = pt.TimelineScenario(rate, year, restore_d0)
    return pt.summarise_timeline(pt.simulate_timeline(scenario), scenario)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the demo must not create pyplot figures"


# --- scenario and simulation -----------------------------------------------------------------


def test_default_scenario_is_the_natural_course_at_the_chapter_rate():
    scenario = pt.TimelineScenario()
    assert (scenario.si_decline_per_year, scenario.intervention_year) == (0.04, None)
    assert scenario.restore_d0 and not scenario.intervenes
    assert pt.TimelineScenario(0.02, 6).intervention_year == 6.0
    assert pt.TimelineScenario(0.02, 6).intervenes


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"si_decline_per_year": -0.01}, "si_decline_per_year"),
        ({"si_decline_per_year": 0.2}, "si_decline_per_year"),
        ({"si_decline_per_year": math.nan}, "si_decline_per_year"),
        ({"intervention_year": -1}, "intervention_year"),
        ({"intervention_year": 10.5}, "intervention_year"),
        ({"intervention_year": "6"}, "intervention_year"),
        ({"restore_d0": 1}, "restore_d0"),
    ],
)
def test_scenario_rejects_values_out_of_range_naming_the_field(kwargs, name):
    with pytest.raises(ValueError, match=name):
        pt.TimelineScenario(**kwargs)


def test_simulation_is_the_package_scenario_over_ten_years():
    run = pt.simulate_timeline(pt.TimelineScenario(0.06, 7.0))
    direct = topp.progression_scenario(0.06, pt.D0_RISE_PER_YEAR, 7.0, pt.TIMELINE_YEARS)
    np.testing.assert_array_equal(run.glucose_mg_dl, direct.glucose_mg_dl)
    assert run.t_years[-1] == pytest.approx(pt.TIMELINE_YEARS)
    with pytest.raises(ValueError, match="scenario"):
        pt.simulate_timeline({"si_decline_per_year": 0.04})


def test_point_of_no_return_year_is_the_package_value_and_cached():
    assert pt.point_of_no_return_year(0.04) == topp.point_of_no_return(0.04)
    assert pt.point_of_no_return_year(0.04) is pt.point_of_no_return_year(0.04)
    # Faster insulin-resistance: a larger restored saddle is never reached later.
    years = [pt.point_of_no_return_year(rate) for rate in pt.STATIC_SI_DECLINES]
    assert all(8.0 < year < 8.4 for year in years)
    assert years == sorted(years, reverse=True)
    with pytest.raises(ValueError, match="si_decline_per_year"):
        pt.point_of_no_return_year(0.5)


# --- summaries and texts -----------------------------------------------------------------------


def test_natural_course_summary():
    summary = summary_for()
    assert 6.0 < summary.diagnosis_year < 6.3 and 8.1 < summary.escape_year < 8.4
    assert summary.peak_beta_mg == pytest.approx(381, abs=2)
    assert 3.9 < summary.peak_beta_year < 4.3
    assert summary.final_glucose_mg_dl > 590 and summary.final_beta_mg < 0.01
    assert summary.rescued is None and summary.glucose_at_intervention_mg_dl is None
    assert summary.point_of_no_return_year == pt.point_of_no_return_year(0.04)
    assert summary.si_at_end == pytest.approx(0.72 - 0.4)


def test_early_intervention_rescues_late_one_does_not():
    early, late = summary_for(year=6.0), summary_for(year=9.0)
    assert early.rescued is True and late.rescued is False
    assert abs(early.final_glucose_mg_dl - 100) < 1 and early.final_beta_mg > 290
    assert early.glucose_at_intervention_mg_dl < 126 < late.glucose_at_intervention_mg_dl
    assert late.beta_at_intervention_mg < 1


def test_restoring_si_alone_is_summarised_without_a_point_of_no_return():
    summary = summary_for(year=5.0, restore_d0=False)
    assert summary.rescued is False and summary.point_of_no_return_year is None
    assert summary.final_glucose_mg_dl > 590


def test_summarise_rejects_other_objects():
    run = pt.simulate_timeline(pt.TimelineScenario())
    with pytest.raises(ValueError, match="run"):
        pt.summarise_timeline("run", pt.TimelineScenario())
    with pytest.raises(ValueError, match="scenario"):
        pt.summarise_timeline(run, None)


def test_texts_state_the_numbers():
    natural = pt.summary_text(summary_for())
    assert natural.startswith("Compensation: β-cell mass grows to 381 mg")
    assert "126 mg/dL at year 6.1" in natural and "Point of no return: year 8.3" in natural
    assert "rescues" in pt.summary_text(summary_for(year=6.0))
    assert "too late" in pt.summary_text(summary_for(year=9.0))
    assert "SI alone" in pt.summary_text(summary_for(year=5.0, restore_d0=False))
    flat = pt.summary_text(summary_for(rate=0.0, year=4.0))
    assert "never reaches 126 mg/dL" in flat
    dip = dataclasses.replace(summary_for(year=4.0), lowest_glucose_after_mg_dl=60.0)
    assert "dips to 60 mg/dL" in pt.summary_text(dip) and "counter-regulation" in pt.summary_text(
        dip
    )
    alt = pt.frame_alt_text(summary_for(year=6.0))
    assert alt.startswith("Three charts. SI falls 0.04 per year; SI and d0 restored at year 6")
    assert "intervention at year 6" in alt and "returns to the healthy point" in alt
    assert "β-free point" in pt.frame_alt_text(summary_for(year=9.0))


def test_scenario_labels():
    assert pt.scenario_label(pt.TimelineScenario(0.0)) == (
        "SI constant; natural course (no intervention)"
    )
    assert pt.scenario_label(pt.TimelineScenario(0.06, 7.5, False)) == (
        "SI falls 0.06 per year; SI alone restored at year 7.5"
    )


# --- drawing -------------------------------------------------------------------------------------


def test_phase_background_draws_the_published_fixed_points_and_separatrix():
    ax = Figure().subplots()
    pt.draw_phase_background(ax)
    assert ax.get_yscale() == "log" and ax.get_ylim() == pt.BETA_AXIS_MG
    markers = [line for line in ax.get_lines() if line.get_marker() in ("o", "s")]
    points = sorted((float(m.get_xdata()[0]), float(m.get_ydata()[0])) for m in markers)
    np.testing.assert_allclose(points, [(100.0, 300.0), (250.0, 36.96), (600.0, 1.0)], rtol=1e-3)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "saddle (250, 37)" in texts and "separatrix" in texts
    bare = Figure().subplots()
    pt.draw_phase_background(bare, labels=False)
    assert len(bare.texts) == 0


def test_update_moves_lines_in_place_and_matches_a_fresh_figure():
    timeline = pt.build_timeline_figure(pt.TimelineScenario(0.02))
    lines_before = list(timeline.ax_glucose.get_lines())
    summary = timeline.update(pt.TimelineScenario(0.06, 7.0))
    assert list(timeline.ax_glucose.get_lines()) == lines_before
    fresh = pt.build_timeline_figure(pt.TimelineScenario(0.06, 7.0))
    np.testing.assert_array_equal(timeline.glucose_line.get_ydata(), fresh.glucose_line.get_ydata())
    assert timeline.title.get_text() == fresh.title.get_text()
    assert summary == fresh.summary
    assert all(line.get_visible() for line in timeline.intervention_lines)
    assert timeline.intervention_lines[0].get_xdata()[0] == 7.0
    assert timeline.no_return_lines[0].get_xdata()[0] == pytest.approx(
        pt.point_of_no_return_year(0.06)
    )
    # The phase path splits at the intervention and never drops below the log axis.
    before, after = timeline.phase_before.get_ydata(), timeline.phase_after.get_ydata()
    assert len(before) > 0 and len(after) > 0 and min(np.min(before), np.min(after)) >= 1.0
    timeline.update(pt.TimelineScenario(0.06, 5.0, restore_d0=False))
    assert not any(line.get_visible() for line in timeline.no_return_lines)
    timeline.update(pt.TimelineScenario())
    assert not any(line.get_visible() for line in timeline.intervention_lines)
    assert len(timeline.phase_after.get_xdata()) == 0
    with pytest.raises(ValueError, match="scenario"):
        timeline.update(0.04)


@pytest.mark.parametrize("scenario", [(0.0, None), (0.075, 0.0), (0.075, 10.0), (0.04, 8.0)])
def test_extremes_render_and_fit_on_the_axes(scenario):
    timeline = pt.build_timeline_figure(pt.TimelineScenario(*scenario))
    assert timeline.png(TEST_DPI).startswith(PNG_MAGIC)
    assert np.max(timeline.beta_line.get_ydata()) <= pt.TIMELINE_BETA_TOP_MG
    assert np.max(timeline.glucose_line.get_ydata()) <= pt.GLUCOSE_AXIS_MG_DL[1]


def test_frame_html_has_alt_text_and_a_caption():
    timeline = pt.build_timeline_figure(pt.TimelineScenario(0.04, 9.0))
    frame = pt.frame_html(timeline, TEST_DPI)
    assert png_in(frame).startswith(PNG_MAGIC)
    assert IMG_ALT.search(frame).group(1).startswith("Three charts.")
    assert "too late" in caption_of(frame)
    with pytest.raises(ValueError, match="dpi"):
        pt.frame_html(timeline, 5)
    with pytest.raises(ValueError, match="colours"):
        pt.frame_html(timeline, TEST_DPI, colours=20.5)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"si_declines": ()}, "si_declines"),
        ({"si_declines": (0.04, 0.02)}, "si_declines"),
        ({"si_declines": (0.04, 0.04)}, "si_declines"),
        ({"si_declines": "0.04"}, "si_declines"),
        ({"si_declines": (0.5,)}, r"si_declines\[0\]"),
        ({"interventions": (2.0, None)}, r"interventions\[1\]"),
        ({"interventions": tuple(range(10))}, "interventions"),
        ({"dpi": 1000}, "dpi"),
        ({"colours": 8}, "colours"),
    ],
)
def test_render_frames_rejects_bad_settings(kwargs, name):
    with pytest.raises(ValueError, match=name):
        pt.render_frames(**kwargs)


def test_static_timeline_figure_labels_every_intervention():
    figure = pt.plot_progression_timeline(0.04, (5.0, 8.0, 8.5))
    assert isinstance(figure, Figure)
    labels = [line.get_label() for line in figure.axes[2].get_lines()]
    assert "SI and d0 restored at year 5 (rescued)" in labels
    assert "SI and d0 restored at year 8 (rescued)" in labels
    assert "SI and d0 restored at year 8.5 (too late)" in labels
    names = [t.get_text() for t in figure.axes[0].texts]
    assert {"compensation", "decompensation", "collapse"} <= set(names)
    # The natural course, three reference levels and the point of no return.
    assert len(pt.plot_progression_timeline(0.0, ()).axes[2].get_lines()) == 5
    with pytest.raises(ValueError, match="intervention_years"):
        pt.plot_progression_timeline(0.04, (1.0, 2.0, 3.0, 4.0))
    with pytest.raises(ValueError, match="intervention_years"):
        pt.plot_progression_timeline(0.04, 5.0)


def test_static_phase_portrait_draws_a_labelled_path_per_start():
    figure = pt.plot_phase_portrait(years=1.0)
    ax = figure.axes[0]
    labels = {t.get_text() for t in ax.texts}
    assert {"A", "B", "C", "D"} <= labels
    with pytest.raises(ValueError, match="starts"):
        pt.plot_phase_portrait(starts=())
    with pytest.raises(ValueError, match=r"starts\[0\]"):
        pt.plot_phase_portrait(starts=((1, (100.0, 10.0, 300.0)),))
    with pytest.raises(ValueError, match="years"):
        pt.plot_phase_portrait(years=0)


# --- the no-kernel form --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static():
    return pt.progression_timeline_static((0.0, 0.04), (None, 6.0, 9.0), dpi=TEST_DPI)


def test_static_form_renders_every_rate_and_intervention(static):
    header, buttons, slider, outer = static.children
    assert isinstance(buttons, ipywidgets.ToggleButtons)
    assert isinstance(slider, ipywidgets.SelectionSlider)
    assert len(outer.children) == 2
    assert all(len(inner.children) == 3 for inner in outer.children)
    frames = [frame.value for inner in outer.children for frame in inner.children]
    assert all(png_in(frame).startswith(PNG_MAGIC) for frame in frames)
    assert len(set(frames)) == len(frames)
    assert "without a kernel" in header.value
    assert [label for label, _ in slider.options] == ["none", "year 6", "year 9"]


def test_static_form_links_both_controls_in_the_browser(static):
    _, buttons, slider, outer = static.children
    assert len(static.links) == 1 + len(outer.children)
    assert all(isinstance(link, Link) for link in static.links)
    assert static.links[0].source == (buttons, "index")
    assert static.links[0].target == (outer, "selected_index")
    for link, inner in zip(static.links[1:], outer.children, strict=True):
        assert link.source == (slider, "index") and link.target == (inner, "selected_index")


def test_static_form_opens_on_the_natural_course_at_the_default_rate(static):
    _, buttons, slider, outer = static.children
    assert buttons.index == 1 and slider.index == 0
    inner = outer.children[outer.selected_index]
    assert "natural course" in IMG_ALT.search(inner.children[inner.selected_index].value).group(1)


def test_default_static_form_stays_under_the_page_budget():
    box = pt.progression_timeline_static()
    frames = [w for w in walk(box) if isinstance(w, ipywidgets.HTML) and "<img" in w.value]
    assert len(frames) == len(pt.STATIC_SI_DECLINES) * len(pt.STATIC_INTERVENTIONS)
    assert pt.widget_state_size(box) < 700_000


# --- the live form -------------------------------------------------------------------------------


@pytest.fixture
def live():
    return pt.progression_timeline(dpi=TEST_DPI)


def test_live_widget_opens_on_the_natural_course(live):
    header, *controls, frame = live.children
    assert "need a running kernel" in header.value
    assert all(
        control.continuous_update is False
        for control in controls
        if isinstance(control, ipywidgets.FloatSlider)
    )
    assert live.timeline.scenario == pt.TimelineScenario()
    assert "natural course" in IMG_ALT.search(frame.value).group(1)


def test_live_controls_re_simulate_the_decade(live):
    frame = live.children[-1]
    controls = live.controls
    controls["si_decline_per_year"].value = 0.06
    assert live.timeline.scenario.si_decline_per_year == 0.06
    controls["intervention_year"].value = 5.0
    assert live.timeline.scenario.intervention_year is None  # "Intervene" still unticked
    controls["intervene"].value = True
    assert live.timeline.scenario == pt.TimelineScenario(0.06, 5.0)
    assert "rescues" in caption_of(frame.value)
    controls["restore_d0"].value = False
    assert live.timeline.scenario.restore_d0 is False
    assert "SI alone" in caption_of(frame.value)
    controls["intervention_year"].value = pt.INTERVENTION_RANGE[1]
    assert live.timeline.scenario.intervention_year == pt.TIMELINE_YEARS


def test_live_widget_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match="dpi"):
        pt.progression_timeline(dpi=0)


def test_stored_points_of_no_return_are_the_package_values_at_every_slider_step():
    steps = round((pt.SI_DECLINE_RANGE[1] - pt.SI_DECLINE_RANGE[0]) / pt.SI_DECLINE_STEP)
    rates = [round(pt.SI_DECLINE_RANGE[0] + k * pt.SI_DECLINE_STEP, 6) for k in range(steps + 1)]
    stored = pt._POINT_OF_NO_RETURN_AT_SLIDER_STEPS
    assert sorted(stored) == rates
    for rate in rates:
        assert stored[rate] == topp.point_of_no_return(
            rate, pt.D0_RISE_PER_YEAR, pt.TIMELINE_YEARS, d0_onset_year=pt.D0_ONSET_YEAR
        )


def test_natural_course_run_is_shared_whatever_restore_d0_says():
    kept = pt.simulate_timeline(pt.TimelineScenario(0.03, None, True))
    assert pt.simulate_timeline(pt.TimelineScenario(0.03, None, False)) is kept
    # ... but the summaries still differ: restoring SI alone has no point of no return.
    assert summary_for(0.03, None, False).point_of_no_return_year is None


def test_live_frame_puts_the_label_above_the_picture_and_never_redraws_everything(live):
    frame = live.children[-1]
    assert live.timeline.title.get_text() == ""
    assert frame.value.startswith("<p") and "<strong>SI falls 0.04 per year; natural course" in (
        frame.value
    )
    full_draws = count_full_draws(live.timeline.figure)
    controls = live.controls
    controls["intervene"].value = True
    controls["si_decline_per_year"].value = pt.SI_DECLINE_RANGE[1]
    controls["restore_d0"].value = False
    controls["intervention_year"].value = pt.INTERVENTION_RANGE[0]
    controls["intervene"].value = False
    assert full_draws == []
    assert "SI falls 0.075 per year; natural course" in frame.value
    # The static frames keep the title in the picture.
    assert pt.build_timeline_figure().title.get_text().startswith("SI falls 0.04")


@pytest.mark.parametrize("live", [False, True])
def test_pictures_keep_the_pale_collapse_region_colour(live):
    import io

    from PIL import Image

    timeline = pt.build_timeline_figure()
    png = timeline.png(60, live=live)
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    fill = tuple(int(pt._COLLAPSE_FILL[i : i + 2], 16) for i in (1, 3, 5))
    assert (pixels == fill).all(axis=1).mean() > 0.01  # not turned grey by the palette
