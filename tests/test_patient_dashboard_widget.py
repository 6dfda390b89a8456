"""Tests for the chapter 17 patient dashboard: words, drawing, the live and the no-kernel forms.

Headless (Agg). Frames are rendered at a low resolution where only their structure matters;
the saved-state size is measured once at the defaults the chapter uses.
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
from widget_helpers import count_full_draws  # noqa: E402

from insulinlab import patient  # noqa: E402
from insulinlab.widgets import patient_dashboard as dashboard  # noqa: E402
from insulinlab.widgets.static_stack import widget_state_size  # noqa: E402

TEST_DPI = 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_SOURCE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
IMG_ALT = re.compile(r'<img alt="([^"]+)"')
MAX_STATIC_STATE_BYTES = 700_000


def png_in(frame_html):
    match = IMG_SOURCE.search(frame_html)
    assert match, "the frame holds no PNG data URI"
    return base64.b64decode(match.group(1))


def alt_of(frame_html):
    return html.unescape(IMG_ALT.search(frame_html).group(1))


def find(widget, kind):
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found.extend(find(child, kind))
    return found


def new_axes(count):
    figure = Figure(figsize=dashboard.FIGSIZE_IN, dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    return figure, figure.subplots(count, 1)


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the dashboard must not create pyplot figures"


# --- words -------------------------------------------------------------------------------------


def test_years_phrase_covers_none_zero_and_a_year():
    assert dashboard.years_phrase(None) == "not within 10 years"
    assert dashboard.years_phrase(0.0) == "already now"
    assert dashboard.years_phrase(5.87) == "from year 5.9"


def test_summary_states_the_key_numbers():
    scenario = patient.patient_scenario("patient-a", "weight_loss")
    text = dashboard.summary_text(scenario)
    assert text.startswith("Patient A, Weight loss ≥7 %: SI × 1.40, β-cell stress relieved by 50 %")
    assert "ADA category prediabetes, HOMA-IR 4.98" in text
    assert f"{scenario.ivgtt_glucose_at(60, after=False):.0f} → " in text
    assert "from year 3.9 without the change, from year 5.9 with it" in text


def test_summary_says_when_an_intervention_does_not_apply():
    text = dashboard.summary_text(patient.patient_scenario("patient-b", "sleep"))
    assert "Sleep restored: not applied (only for sleep below 7 h a night)" in text
    assert "not within 10 years without the change" in text


def test_alt_text_describes_every_panel_with_numbers():
    scenario = patient.patient_scenario("patient-c", "weight_loss")
    alt = dashboard.frame_alt_text(scenario)
    for panel_name in ("Panel A", "Panel B", "Panel C", "Panel D"):
        assert panel_name in alt
    assert "Fasting glucose 136 mg/dL, in the diabetes band" in alt
    assert "2-h OGTT glucose not measured" in alt
    assert "dashed" in alt and "solid" in alt
    assert "already now" in alt and "from year 2.9" in alt


def test_patient_card_shows_history_report_indices_and_mappings():
    card = dashboard.patient_card_html("patient-b")
    assert "Patient B" in card and "(fictional)" in card
    assert "fasting glucose 5 mmol/L" in card and "fasting insulin 84 pmol/L" in card
    assert "HOMA-IR" in card and "ADA glycaemic categories" in card  # chapter 03 report
    assert "no full OGTT" in card
    assert "mL µU⁻¹ d⁻¹" in card and "d0" in card
    assert html.escape(patient.TEACHING_NOTE) in card
    card_a = dashboard.patient_card_html(patient.load_patient("patient-a"))
    assert "Matsuda index:</strong> 1.83" in card_a
    assert "Medications:</strong> none" in card_a
    assert "metformin" in dashboard.patient_card_html("patient-c")


def test_intervention_card_names_level_sources_and_model_basis():
    card = dashboard.intervention_card_html(patient.patient_scenario("patient-a", "activity"))
    assert "Evidence level:</strong> MA" in card
    assert "umpierre2011" in card
    assert "assumption" in card
    none_card = dashboard.intervention_card_html(patient.patient_scenario("patient-a", "none"))
    assert "Sources (references.bib keys):</strong> none" in none_card


def test_words_reject_a_non_scenario():
    with pytest.raises(ValueError, match="scenario must be a PatientScenario"):
        dashboard.summary_text("patient-a")
    with pytest.raises(ValueError, match="scenario"):
        dashboard.frame_alt_text(None)


# --- drawing -----------------------------------------------------------------------------------


def test_ada_strips_place_each_measured_value_in_its_band():
    _, axes = new_axes(3)
    markers = dashboard.draw_ada_strips(list(axes), patient.load_patient("patient-c").panel)
    assert markers[1] is None  # no OGTT
    assert markers[0].get_xdata()[0] == 136 and markers[2].get_xdata()[0] == 6.8
    texts = [t.get_text() for t in axes[1].texts]
    assert "not measured" in texts
    assert {"normal", "prediabetes", "diabetes"} <= {t.get_text() for t in axes[0].texts}
    with pytest.raises(ValueError, match="three|3 axes"):
        dashboard.draw_ada_strips(list(axes[:2]), patient.load_patient("patient-c").panel)


def test_ivgtt_panel_draws_before_dashed_and_after_solid():
    _, axes = new_axes(1)
    scenario = patient.patient_scenario("patient-a", "combined")
    before, after = dashboard.draw_ivgtt(axes, scenario)
    np.testing.assert_allclose(before.get_ydata(), scenario.ivgtt_before.glucose_mg_dl)
    np.testing.assert_allclose(after.get_ydata(), scenario.ivgtt_after.glucose_mg_dl)
    assert before.get_linestyle() == "--" and after.get_linestyle() == "-"


def test_decade_panel_clips_and_says_so():
    _, axes = new_axes(2)
    scenario = patient.patient_scenario("patient-c", "none")
    glucose_without, _, beta_without, _ = dashboard.draw_decade(axes[0], axes[1], scenario)
    assert glucose_without.get_ydata().max() == dashboard.DECADE_GLUCOSE_TOP_MG_DL
    assert any("600 mg/dL" in t.get_text() for t in axes[0].texts)
    assert beta_without.get_ydata()[0] == pytest.approx(100)
    _, axes = new_axes(2)
    dashboard.draw_decade(axes[0], axes[1], patient.patient_scenario("patient-a", "none"))
    assert not any("600 mg/dL" in t.get_text() for t in axes[0].texts)
    assert axes[0].get_ylim()[1] < dashboard.DECADE_GLUCOSE_TOP_MG_DL
    assert any("≥126 from year 3.9" in t.get_text() for t in axes[0].texts)


def test_dashboard_figure_has_six_axes_and_a_titled_frame():
    figure = dashboard.dashboard_figure(patient.patient_scenario("patient-b", "activity"))
    assert len(figure.axes) == 6
    assert "Patient B (fictional)" in figure.texts[0].get_text()
    frame = dashboard.frame_html(patient.patient_scenario("patient-b", "activity"), TEST_DPI)
    assert png_in(frame).startswith(PNG_MAGIC)
    assert alt_of(frame).startswith("Dashboard for Patient B")
    assert "<figcaption>Patient B, Activity ≥150 min/week" in frame


def test_render_frames_validates_its_choices():
    with pytest.raises(ValueError, match="patient_ids"):
        dashboard.render_frames(["patient-z"], dpi=TEST_DPI)
    with pytest.raises(ValueError, match="interventions"):
        dashboard.render_frames(["patient-a"], ["none", "none"], dpi=TEST_DPI)
    with pytest.raises(ValueError, match="interventions"):
        dashboard.render_frames(["patient-a"], "none", dpi=TEST_DPI)


# --- the live widget ---------------------------------------------------------------------------


def test_live_dashboard_opens_on_patient_a_with_weight_loss_and_responds():
    box = dashboard.patient_dashboard(dpi=TEST_DPI)
    patients, choices = find(box, ipywidgets.ToggleButtons)
    assert patients.value == "patient-a" and choices.value == "weight_loss"
    card, evidence, frame = box.children[2], box.children[4], box.children[5]
    assert "Patient A" in card.value and "RCT" in evidence.value
    assert "Weight loss" in alt_of(frame.value)
    patients.value = "patient-c"
    choices.value = "none"
    assert "Patient C" in card.value
    assert alt_of(frame.value).startswith("Dashboard for Patient C (no change)")


# --- the no-kernel form ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static():
    return dashboard.patient_dashboard_static(
        ["patient-a", "patient-c"], ["none", "weight_loss"], dpi=TEST_DPI, colours=16
    )


def test_static_form_has_one_page_per_patient_and_frame_per_intervention(static):
    outer = static.children[-1]
    assert isinstance(outer, ipywidgets.Stack) and len(outer.children) == 2
    frames = []
    for page, label in zip(outer.children, ("Patient A", "Patient C"), strict=True):
        card, inner = page.children
        assert label in card.value
        assert isinstance(inner, ipywidgets.Stack) and len(inner.children) == 2
        for child in inner.children:
            evidence, frame = child.children
            assert "Evidence level" in evidence.value
            frames.append(png_in(frame.value))
    assert len(set(frames)) == len(frames), "every frame differs"


def test_static_form_links_buttons_to_stacks_in_the_browser(static):
    patient_buttons, intervention_buttons = find(static, ipywidgets.ToggleButtons)
    outer = static.children[-1]
    inner_stacks = [page.children[-1] for page in outer.children]
    assert all(isinstance(link, Link) for link in static.links)
    pairs = {(l.source[0], l.source[1], l.target[0], l.target[1]) for l in static.links}  # noqa: E741
    assert (patient_buttons, "index", outer, "selected_index") in pairs
    for inner in inner_stacks:
        assert (intervention_buttons, "index", inner, "selected_index") in pairs
    assert len(static.links) == 1 + len(inner_stacks)
    assert [label for label, _ in patient_buttons.options] == ["Patient A", "Patient C"]
    assert [value for _, value in intervention_buttons.options] == [0, 1]


def test_static_form_saved_state_stays_light_at_the_chapter_defaults():
    box = dashboard.patient_dashboard_static()
    outer = box.children[-1]
    assert len(outer.children) == len(patient.patient_ids())
    assert all(
        len(page.children[-1].children) == len(dashboard.DASHBOARD_INTERVENTIONS)
        for page in outer.children
    )
    assert widget_state_size(box) < MAX_STATIC_STATE_BYTES


# --- the build-once figure of the live widget -----------------------------------------------


def rgba_of(figure):
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="rgba", dpi=TEST_DPI)
    return buffer.getvalue()


def test_build_once_figure_draws_exactly_the_static_dashboard():
    built = dashboard.build_dashboard_figure("patient-b", "none")
    counts = [len(ax.get_children()) for ax in built.figure.axes]
    for patient_id, key in (
        ("patient-c", "weight_loss"),
        ("patient-a", "sleep"),
        ("patient-a", "combined"),
        ("patient-c", "none"),
        ("patient-b", "activity"),
    ):
        built.update(patient_id, key)
        scenario = patient.patient_scenario(patient_id, key)
        assert built.scenario is scenario
        assert rgba_of(built.figure) == rgba_of(dashboard.dashboard_figure(scenario))
    assert [len(ax.get_children()) for ax in built.figure.axes] == counts
    with pytest.raises(ValueError):
        built.update("patient-z", "none")


def test_live_picture_leaves_changing_text_to_the_html():
    box = dashboard.patient_dashboard(dpi=TEST_DPI)
    patients, choices = find(box, ipywidgets.ToggleButtons)
    frame = box.children[5]
    patients.value, choices.value = "patient-c", "none"
    built = box.dashboard_figure
    assert not built.title.get_visible()
    hidden = [t for ax in built.figure.axes for t in ax.texts if t.get_visible()]
    assert not any("600 mg/dL" in t.get_text() or "≥126" in t.get_text() for t in hidden)
    above, picture = frame.value.split("<figure", 1)
    scenario = patient.patient_scenario("patient-c", "none")
    assert "Patient C (fictional) · no change" in above
    assert "Fasting glucose 136 mg/dL (diabetes)" in above
    assert "2-h OGTT glucose not measured" in above and "Clipped at 320 mg/dL" in above
    assert alt_of(frame.value) == dashboard.frame_alt_text(scenario)
    assert html.escape(dashboard.summary_text(scenario)) in picture
    patients.value = "patient-a"
    assert "Clipped" not in frame.value.split("<figure", 1)[0]


def test_live_changes_need_no_full_draw_and_reuse_pictures():
    box = dashboard.patient_dashboard(dpi=TEST_DPI)
    patients, choices = find(box, ipywidgets.ToggleButtons)
    frame = box.children[5]
    calls = count_full_draws(box.dashboard_figure.figure)
    pictures = {}
    for patient_id in ("patient-b", "patient-c", "patient-a"):
        for key in ("none", "combined"):
            patients.value, choices.value = patient_id, key
            pictures[patient_id, key] = png_in(frame.value)
    assert calls == [], "each patient's background is cached when the widget is built"
    assert len(set(pictures.values())) == len(pictures)
    patients.value, choices.value = "patient-b", "none"
    assert png_in(frame.value) == pictures["patient-b", "none"]
