"""Tests for the cascade stepper: pure drawing, the live widget, the static form and the figure.

Headless (Agg). Rendering text is the slow part (about 0.1 s of CPU a frame, whatever the
resolution: matplotlib rasterises ~400 glyphs one by one), so the tests that walk every
condition × step skip glyph rasterisation (``skip_glyphs``); everything else in the frame is
still drawn and encoded, and the text content is checked on the artists and in full renders
elsewhere in this file.
"""

import contextlib

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.widgets.widget_link import Link  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from insulinlab import cascade  # noqa: E402
from insulinlab.widgets import cascade_stepper as stepper  # noqa: E402

TEST_DPI = 10
LAST = cascade.STEP_COUNT - 1
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_of(image):
    """The bytes an ``ipywidgets.Image`` holds (its value is a memoryview)."""
    return bytes(image.value)


def walk(widget):
    """Every widget inside ``widget`` (depth first), itself included."""
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


@contextlib.contextmanager
def glyphs_skipped():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matplotlib.text.Text, "draw", lambda self, renderer: None)
        yield


@pytest.fixture
def skip_glyphs():
    with glyphs_skipped():
        yield


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    yield
    assert plt.get_fignums() == [], "the stepper must not create pyplot figures"


# --- pure drawing ----------------------------------------------------------------------------


def new_axes():
    figure = Figure(figsize=stepper.FIGSIZE_IN, dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    return figure, figure.subplots()


def test_draw_cascade_covers_every_condition_and_step():
    figure, ax = new_axes()
    diagram = stepper.draw_cascade(ax, "healthy", 0)
    for condition_id in cascade.CONDITION_IDS:
        for step_index in range(cascade.STEP_COUNT):
            diagram.update(condition_id, step_index)
            result = cascade.signal_at_step(condition_id, step_index)
            current = diagram.labels[result.current_node]
            assert f"{result.current_signal:.2f}" in current.get_text()
            assert current.get_fontweight() == "bold"
            assert diagram.boxes[result.current_node].get_linewidth() > 2
    figure.canvas.draw()


def test_fresh_drawing_of_every_condition_renders():
    figure = Figure(figsize=(12, 6), dpi=TEST_DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, len(cascade.CONDITIONS))
    for ax, preset in zip(axes, cascade.CONDITIONS, strict=True):
        diagram = stepper.draw_cascade(ax, preset.id, 8)
        assert preset.label in diagram.title.get_text()
    figure.canvas.draw()


def test_unreached_nodes_show_no_value():
    _, ax = new_axes()
    diagram = stepper.draw_cascade(ax, "ceramide", 2)
    assert diagram.labels["akt"].get_text() == stepper.SHORT_LABELS["akt"]
    assert diagram.labels["irs"].get_text() == stepper.SHORT_LABELS["irs"]
    assert diagram.labels["autophos"].get_text().endswith("1.00")


def test_lesions_are_marked_by_style_and_text_not_colour_alone():
    _, ax = new_axes()
    diagram = stepper.draw_cascade(ax, "muscle_dag_pkc_theta", 0)
    arrow = diagram.arrows[("autophos", "irs")]
    marker = diagram.lesion_markers[("autophos", "irs")]
    assert arrow.get_linestyle() == "--"
    assert marker.get_visible() and "0.40" in marker.get_text()
    assert "weakened" in marker.get_text()
    assert diagram.arrows[("irs", "pi3k")].get_linestyle() == "-"

    diagram.update("ceramide", 8)
    assert diagram.boxes["akt"].get_hatch()
    assert "0.40" in diagram.lesion_markers["akt"].get_text()
    assert not diagram.lesion_markers[("autophos", "irs")].get_visible()
    assert diagram.now_marker.get_visible() and "now" in diagram.now_marker.get_text()


def test_inhibitory_edges_end_in_a_bar():
    _, ax = new_axes()
    diagram = stepper.draw_cascade(ax, "healthy", LAST)
    for e in cascade.EDGES:
        style = type(diagram.arrows[e.key].get_arrowstyle()).__name__
        assert style == ("BracketB" if e.effect == "inhibits" else "CurveFilledB"), e


def test_signal_bar_shows_current_signal_and_uptake_against_healthy():
    _, ax = new_axes()
    bar = stepper.draw_signal_bar(ax, "reduced_glut4", 3)
    assert [round(b.get_width(), 2) for b in bar.bars] == [1.0, 0.0]
    assert "predict" in bar.value_texts[1].get_text()
    bar.update("reduced_glut4", 13)
    assert [round(b.get_width(), 2) for b in bar.bars] == [0.5, 0.5]
    assert "healthy 1.00" in bar.value_texts[1].get_text()
    assert bar.row_labels[0].get_text() == "Signal at Glucose uptake"


def test_updating_in_place_matches_a_fresh_figure():
    reused = stepper.build_stepper_figure("healthy", 0)
    reused.png(TEST_DPI)
    for condition_id, step_index in [("ceramide", 8), ("exercise", LAST), ("healthy", 0)]:
        reused.update(condition_id, step_index)
        fresh = stepper.build_stepper_figure(condition_id, step_index)
        assert np.array_equal(reused.render_rgba(TEST_DPI), fresh.render_rgba(TEST_DPI))


def test_live_render_matches_in_place_and_fresh():
    reused = stepper.build_stepper_figure("healthy", 0)
    reused.png(TEST_DPI, live=True)
    for condition_id, step_index in [("ceramide", 8), ("exercise", LAST), ("healthy", 0)]:
        reused.update(condition_id, step_index)
        fresh = stepper.build_stepper_figure(condition_id, step_index)
        assert np.array_equal(
            reused.render_live_rgba(TEST_DPI), fresh.render_live_rgba(TEST_DPI)
        ), (condition_id, step_index)


LIVE_WALK = [
    ("healthy", 0),
    ("ceramide", 8),
    ("muscle_dag_pkc_theta", 3),
    ("exercise", LAST),
    ("exercise_with_muscle_lesion", LAST),
    ("hepatic_dag_pkc_epsilon", 12),
    ("healthy", 8),
    ("ceramide", 0),
    ("reduced_glut4", 13),
    ("tnf_jnk_ikk", 9),
]


def test_live_frames_look_like_the_static_frames():
    """Pasted layers differ from a full draw only by rounding (a few levels of 255), through a
    walk that restyles every kind of artist; a stale layer would differ far more."""
    figure = stepper.build_stepper_figure()
    for condition_id, step_index in LIVE_WALK:
        figure.update(condition_id, step_index)
        live = figure.render_live_rgba(40).astype(int)
        static = figure.render_rgba(40).astype(int)
        assert np.abs(live - static).max() <= 4, (condition_id, step_index)


def test_live_layers_and_pictures_are_reused():
    figure = stepper.build_stepper_figure("ceramide", 8)
    first = figure.png(TEST_DPI, live=True)
    pixels = figure.render_live_rgba(TEST_DPI)
    figure.update("exercise", LAST)
    other = figure.png(TEST_DPI, live=True)
    assert other != first
    drawn = dict(figure._live_layers.drawn)
    figure.update("ceramide", 8)
    assert figure.png(TEST_DPI, live=True) is first, "a picture shown before is kept"
    assert np.array_equal(figure.render_live_rgba(TEST_DPI), pixels)
    assert figure._live_layers.drawn == drawn, "nothing drawn again for a state seen before"
    assert figure.png(TEST_DPI, live=True, colours=32) != first  # another palette: new PNG


def test_prepare_live_draws_the_titles_and_keeps_the_state():
    figure = stepper.build_stepper_figure("ceramide", 8)
    title = figure.diagram.title.get_text()
    figure.prepare_live(TEST_DPI)
    assert (figure.diagram.condition_id, figure.diagram.step_index) == ("ceramide", 8)
    assert figure.diagram.title.get_text() == title
    layers = figure._live_layers
    lines = layers.drawn["lines"]
    assert lines >= len(cascade.CONDITIONS) + cascade.STEP_COUNT - 1
    renderer = figure.figure.canvas.get_renderer()
    for condition_id, step_index in [("exercise", 4), ("tnf_jnk_ikk", LAST), ("healthy", 0)]:
        figure.update(condition_id, step_index)
        layers.draw_lines(figure.diagram.title, renderer)
    assert layers.drawn["lines"] == lines, "every title line was drawn beforehand"
    figure.update("ceramide", 8)
    fresh = stepper.build_stepper_figure("ceramide", 8)
    assert np.array_equal(figure.render_live_rgba(TEST_DPI), fresh.render_live_rgba(TEST_DPI))


def test_png_is_a_small_png():
    figure = stepper.build_stepper_figure("tnf_jnk_ikk", 5)
    png = figure.png(stepper.STATIC_DPI)
    assert png.startswith(PNG_MAGIC)
    assert len(png) < 40_000


def test_draw_functions_validate_their_input():
    _, ax = new_axes()
    with pytest.raises(ValueError, match="condition_id"):
        stepper.draw_cascade(ax, "nope", 0)
    with pytest.raises(ValueError, match="step_index"):
        stepper.draw_cascade(ax, "healthy", cascade.STEP_COUNT)
    with pytest.raises(ValueError, match="step_index"):
        stepper.draw_signal_bar(ax, "healthy", -1)
    diagram = stepper.draw_cascade(ax, "healthy", 0)
    with pytest.raises(ValueError, match="condition_id"):
        diagram.update("nope", 0)


def test_html_texts_carry_citations_as_text():
    text = stepper.step_html("healthy", 2)
    assert "Copps &amp; White 2012" in text
    assert f"Step 3 of {cascade.STEP_COUNT}" in text
    condition = stepper.condition_html("hepatic_dag_pkc_epsilon")
    assert "Thr1160" in condition and "Brandon et al. 2019" in condition
    assert "Evidence:" in condition


# --- the live widget -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live():
    return stepper.cascade_stepper(dpi=TEST_DPI)


def parts(box):
    return {
        "prev": find(box, ipywidgets.Button, "Prev")[0],
        "next": find(box, ipywidgets.Button, "Next")[0],
        "reset": find(box, ipywidgets.Button, "Reset")[0],
        "menu": find(box, ipywidgets.Dropdown)[0],
        "image": find(box, ipywidgets.Image)[0],
        "html": [w.value for w in walk(box) if isinstance(w, ipywidgets.HTML)],
    }


def shown_step(box):
    texts = " ".join(parts(box)["html"])
    for index in range(cascade.STEP_COUNT, 0, -1):
        if f"Step {index} of {cascade.STEP_COUNT}" in texts:
            return index - 1
    raise AssertionError("no step label shown")


def test_live_widget_opens_on_step_one_of_healthy():
    live = stepper.cascade_stepper(dpi=TEST_DPI)  # fresh: the shared one has been clicked
    p = parts(live)
    assert isinstance(live, ipywidgets.VBox)
    assert png_of(p["image"]).startswith(PNG_MAGIC)
    assert p["menu"].value == "healthy"
    assert shown_step(live) == 0
    assert p["prev"].disabled and not p["next"].disabled
    assert "kernel" in " ".join(p["html"])


def test_live_widget_renders_every_condition_and_step(live, skip_glyphs):
    p = parts(live)
    for condition_id in cascade.CONDITION_IDS:
        p["menu"].value = condition_id
        p["reset"].click()
        images = {png_of(p["image"])}
        for step_index in range(1, cascade.STEP_COUNT):
            p["next"].click()
            assert shown_step(live) == step_index
            images.add(png_of(p["image"]))
        assert len(images) == cascade.STEP_COUNT, "each step shows a different picture"
        assert cascade.condition(condition_id).label in " ".join(parts(live)["html"])


def test_next_stops_at_the_last_step_and_prev_at_the_first(live, skip_glyphs):
    p = parts(live)
    p["menu"].value = "ceramide"
    p["reset"].click()
    p["prev"].click()
    assert shown_step(live) == 0
    for _ in range(cascade.STEP_COUNT + 2):
        p["next"].click()
    assert shown_step(live) == LAST
    assert p["next"].disabled
    p["prev"].click()
    assert shown_step(live) == LAST - 1


def test_reset_returns_to_step_one(live):
    p = parts(live)
    p["next"].click()
    p["next"].click()
    p["reset"].click()
    assert shown_step(live) == 0
    assert p["prev"].disabled


def test_changing_condition_keeps_the_step(live):
    p = parts(live)
    p["menu"].value = "healthy"
    p["reset"].click()
    for _ in range(3):
        p["next"].click()
    before = png_of(p["image"])
    p["menu"].value = "muscle_dag_pkc_theta"
    assert shown_step(live) == 3
    assert png_of(p["image"]) != before
    assert "0.40" in " ".join(parts(live)["html"])


def test_live_image_describes_what_it_shows(live):
    p = parts(live)
    p["menu"].value = "ceramide"
    p["reset"].click()
    p["next"].click()
    tooltip = p["image"].tooltip
    assert cascade.condition("ceramide").label in tooltip
    assert f"step 2 of {cascade.STEP_COUNT}" in tooltip
    assert tooltip == stepper.image_description("ceramide", 1)


def test_live_widget_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match="dpi"):
        stepper.cascade_stepper(dpi=0)


# --- the static-responsive form --------------------------------------------------------------

STATIC_CONDITIONS = ("healthy", "ceramide", "exercise")


@pytest.fixture(scope="module")
def static():
    with glyphs_skipped():
        return stepper.cascade_stepper_static(STATIC_CONDITIONS, dpi=TEST_DPI, colours=16)


def test_static_form_has_one_frame_per_condition_and_step(static):
    outer = static.children[-1]
    assert isinstance(outer, ipywidgets.Stack)
    assert len(outer.children) == len(STATIC_CONDITIONS)
    for page in outer.children:
        inner = page.children[-1]
        assert isinstance(inner, ipywidgets.Stack)
        assert len(inner.children) == cascade.STEP_COUNT
        for frame in inner.children:
            image, text = frame.children
            assert png_of(image).startswith(PNG_MAGIC)
            assert "Sources:" in text.value
    frames = [png_of(f.children[0]) for p in outer.children for f in p.children[-1].children]
    assert len(set(frames)) == len(frames), "every frame differs"


def test_static_form_links_controls_to_stacks_in_the_browser(static):
    selector = find(static, ipywidgets.ToggleButtons)[0]
    slider = find(static, ipywidgets.SelectionSlider)[0]
    outer = static.children[-1]
    inner_stacks = [page.children[-1] for page in outer.children]
    links = static.links
    assert all(isinstance(link, Link) for link in links)
    pairs = {(link.source[0], link.source[1], link.target[0], link.target[1]) for link in links}
    assert (selector, "index", outer, "selected_index") in pairs
    for inner in inner_stacks:
        assert (slider, "index", inner, "selected_index") in pairs
    assert len(links) == 1 + len(inner_stacks)
    assert [label for label, _ in selector.options] == [
        stepper.CONDITION_SHORT_LABELS[c] for c in STATIC_CONDITIONS
    ]
    assert [value for _, value in slider.options] == list(range(cascade.STEP_COUNT))
    assert slider.options[0][0] == "1"


def test_static_form_saved_state_includes_frames_and_links(static):
    size = stepper.widget_state_size(static)
    frame_bytes = sum(
        len(png_of(f.children[0]))
        for p in static.children[-1].children
        for f in p.children[-1].children
    )
    assert size > frame_bytes
    from ipywidgets.embed import dependency_state

    state = dependency_state([static, *static.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == len(static.links)


def test_static_form_defaults_to_every_condition():
    assert stepper._check_condition_ids(None) == cascade.CONDITION_IDS


@pytest.mark.parametrize("bad", [(), ("healthy", "healthy"), ("nope",), "healthy", 3])
def test_static_form_rejects_bad_condition_lists(bad):
    with pytest.raises(ValueError, match="condition_id"):
        stepper.render_frames(bad, dpi=TEST_DPI)


def test_render_frames_rejects_bad_settings():
    with pytest.raises(ValueError, match="dpi"):
        stepper.render_frames(("healthy",), dpi=1000)
    with pytest.raises(ValueError, match="colours"):
        stepper.render_frames(("healthy",), colours=2)


def test_static_form_with_only_the_last_step_has_one_frame_per_condition(skip_glyphs):
    chosen = ("healthy", "ceramide", "hepatic_dag_pkc_epsilon")
    box = stepper.cascade_stepper_static(chosen, step_indices=(LAST,), dpi=TEST_DPI, colours=16)
    outer = box.children[-1]
    assert len(outer.children) == len(chosen)
    frames = []
    for page, condition_id in zip(outer.children, chosen, strict=True):
        inner = page.children[-1]
        assert isinstance(inner, ipywidgets.Stack) and len(inner.children) == 1
        image, text = inner.children[0].children
        frames.append(png_of(image))
        assert f"Step {LAST + 1} of {cascade.STEP_COUNT}" in text.value
        assert cascade.condition(condition_id).label in page.children[0].value
    assert len(set(frames)) == len(frames), "every condition shows a different picture"
    assert not [w for w in walk(box) if isinstance(w, ipywidgets.SelectionSlider)]
    selector = find(box, ipywidgets.ToggleButtons)[0]
    assert [(link.source[0], link.target[0]) for link in box.links] == [(selector, outer)]
    assert f"step {LAST + 1} of {cascade.STEP_COUNT}" in box.children[0].value


def test_static_form_with_chosen_steps_labels_the_slider_with_their_numbers(skip_glyphs):
    box = stepper.cascade_stepper_static(
        ("healthy",), step_indices=(0, 8, LAST), dpi=TEST_DPI, colours=16
    )
    slider = find(box, ipywidgets.SelectionSlider)[0]
    assert slider.options == (("1", 0), ("9", 1), (str(LAST + 1), 2))
    inner = box.children[-1].children[0].children[-1]
    assert len(inner.children) == 3
    assert "Step 9 of" in inner.children[1].children[1].value
    assert len(box.links) == 2


def test_render_frames_for_chosen_steps_match_the_full_render(skip_glyphs):
    full = stepper.render_frames(("tnf_jnk_ikk",), dpi=TEST_DPI, colours=16)
    some = stepper.render_frames(("tnf_jnk_ikk",), step_indices=(LAST, 3), dpi=TEST_DPI, colours=16)
    assert some["tnf_jnk_ikk"] == (full["tnf_jnk_ikk"][LAST], full["tnf_jnk_ikk"][3])


@pytest.mark.parametrize(
    "bad", [(), (LAST, LAST), (cascade.STEP_COUNT,), (-1,), (1.0,), (True,), 3]
)
def test_static_form_rejects_bad_step_lists(bad):
    with pytest.raises(ValueError, match="step_indices"):
        stepper.render_frames(("healthy",), step_indices=bad, dpi=TEST_DPI)


# --- the static figure -----------------------------------------------------------------------


def test_small_multiples_show_every_condition_with_its_uptake():
    figure = stepper.plot_lesion_small_multiples()
    assert isinstance(figure, Figure)
    titles = [ax.get_title() for ax in figure.axes]
    assert len(titles) == len(cascade.CONDITIONS)
    for title, preset in zip(titles, cascade.CONDITIONS, strict=True):
        assert stepper.CONDITION_SHORT_LABELS[preset.id] in title
        assert f"{cascade.relative_glucose_uptake(preset.id):.2f}" in title
    assert "FOXO1" in titles[cascade.CONDITION_IDS.index("hepatic_dag_pkc_epsilon")]
    figure.canvas.draw()
