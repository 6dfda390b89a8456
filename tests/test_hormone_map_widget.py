"""Tests for the chapter 04 hormone map: pure drawing, captions, the no-kernel form, the figure."""

import matplotlib

matplotlib.use("Agg")

import html  # noqa: E402

import ipywidgets  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.embed import dependency_state  # noqa: E402
from ipywidgets.widgets.widget_link import Link  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from insulinlab import hormones  # noqa: E402
from insulinlab.widgets import hormone_map as hm  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STATE_LIMIT_BYTES = 400_000


def draw(name, **kwargs):
    return hm.draw_hormone_map(Figure().subplots(), name, **kwargs)


# --- pure drawing ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", hormones.HORMONE_IDS)
@pytest.mark.parametrize("compact", [False, True])
def test_every_hormone_renders_with_one_arrow_per_nonzero_effect(name, compact):
    drawing = draw(name, compact=compact)
    h = hormones.hormone(name)
    expected = {t for t in hm.ARROW_TARGETS if h.effects[t].sign != 0}
    assert set(drawing.arrows) == expected
    assert set(drawing.glyphs) == expected
    assert set(drawing.boxes) == set(hm.TARGET_POSITIONS)


@pytest.mark.parametrize("name", hormones.HORMONE_IDS)
def test_arrows_are_coloured_and_marked_and_styled_by_sign(name):
    drawing = draw(name)
    for target, arrow in drawing.arrows.items():
        sign = hormones.effect(name, target).sign
        colour = hm.RAISE_COLOUR if sign > 0 else hm.LOWER_COLOUR
        assert to_hex(arrow.get_edgecolor()) == to_hex(colour)
        assert arrow.get_linestyle() == ("-" if sign > 0 else "--")
        assert drawing.glyphs[target].get_text() == ("+" if sign > 0 else "−")


@pytest.mark.parametrize("name", hormones.HORMONE_IDS)
def test_every_box_says_the_effect_in_words(name):
    drawing = draw(name)
    for target in hm.ARROW_TARGETS:
        word = hormones.effect(name, target).word
        assert word in drawing.box_texts[target].get_text()
    blood = drawing.box_texts["blood_glucose"].get_text()
    direction = hormones.glucose_direction(name)
    assert {1: "rises", -1: "falls", 0: "no direct change"}[direction] in blood


@pytest.mark.parametrize("name", hormones.HORMONE_IDS)
def test_picked_hormone_is_highlighted(name):
    drawing = draw(name)
    assert set(drawing.row_boxes) == set(hormones.HORMONE_IDS)
    picked = drawing.row_boxes[name]
    others = [box for key, box in drawing.row_boxes.items() if key != name]
    assert all(picked.get_linewidth() > box.get_linewidth() for box in others)
    assert to_hex(picked.get_edgecolor()) == to_hex(hm.PICKED_COLOUR)


def test_compact_drawing_shows_only_the_picked_hormone():
    drawing = draw("cortisol", compact=True)
    assert list(drawing.row_boxes) == ["cortisol"]


def test_insulin_sensitivity_strip():
    assert "not applicable" in draw("insulin").sensitivity_text.get_text()
    assert "− lowers" in draw("growth hormone").sensitivity_text.get_text()
    assert "+ raises" in draw("oestradiol").sensitivity_text.get_text()


def test_draw_rejects_unknown_hormone():
    with pytest.raises(ValueError, match="'glucagon'"):
        draw("leptin")


# --- captions -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", hormones.HORMONE_IDS)
def test_caption_has_every_effect_its_evidence_and_sources(name):
    text = hm.caption_html(name)
    h = hormones.hormone(name)
    assert h.label in text
    for target in hormones.TARGETS:
        e = h.effects[target]
        assert e.evidence in text
        for key in e.citations:
            assert html.escape(hormones.REFERENCES[key]) in text


def test_caption_states_net_direction():
    assert "<b>lowers</b> blood glucose" in hm.caption_html("insulin")
    assert "<b>raises</b> blood glucose" in hm.caption_html("adrenaline")
    assert "no direct, short-term effect on" in hm.caption_html("testosterone")


# --- the no-kernel form ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def static():
    return hm.hormone_map_static(dpi=40, colours=32)


def test_static_form_has_one_frame_per_hormone(static):
    stack = static.children[-1]
    assert isinstance(stack, ipywidgets.Stack)
    assert len(stack.children) == len(hormones.HORMONE_IDS)
    for page, name in zip(stack.children, hormones.HORMONE_IDS, strict=True):
        image, caption = page.children
        assert isinstance(image, ipywidgets.Image)
        assert bytes(image.value).startswith(PNG_SIGNATURE)
        assert isinstance(caption, ipywidgets.HTML)
        assert hormones.hormone(name).label in caption.value


def test_static_form_links_buttons_to_stack_in_the_browser(static):
    selector = static.children[1]
    stack = static.children[-1]
    assert isinstance(selector, ipywidgets.ToggleButtons)
    assert [label for label, _ in selector.options] == [
        hormones.hormone(h).label for h in hormones.HORMONE_IDS
    ]
    (link,) = static.links
    assert isinstance(link, Link)
    assert link.source == (selector, "index")
    assert link.target == (stack, "selected_index")


def test_static_form_saved_state_includes_link_and_is_light():
    box = hm.hormone_map_static()  # default resolution, as in the chapter
    state = dependency_state([box, *box.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == 1
    size = hm.widget_state_size(box)
    assert size < STATE_LIMIT_BYTES, f"widget state {size} bytes"


def test_static_form_with_chosen_hormones():
    box = hm.hormone_map_static(["Glucagon", "insulin"], dpi=30, colours=16)
    assert len(box.children[-1].children) == 2
    assert [label for label, _ in box.children[1].options] == ["Glucagon", "Insulin"]


@pytest.mark.parametrize("bad", ["insulin", [], ["insulin", "Insulin"], ["leptin"], 3])
def test_static_form_rejects_bad_hormone_lists(bad):
    with pytest.raises(ValueError):
        hm.hormone_map_static(bad, dpi=30, colours=16)


@pytest.mark.parametrize("kwargs", [{"dpi": 5}, {"dpi": 1000}, {"colours": 8}, {"colours": 300}])
def test_render_frame_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        hm.render_frame("insulin", **kwargs)


# --- the static figure ----------------------------------------------------------------------


def test_small_multiples_has_a_panel_per_hormone_and_a_legend():
    figure = hm.plot_hormone_map_small_multiples()
    assert len(figure.axes) == len(hormones.HORMONES) + 1
    texts = " ".join(t.get_text() for t in figure.axes[-1].texts)
    assert "dashed" in texts and "solid" in texts
