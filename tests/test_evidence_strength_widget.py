"""Tests for the chapter 14 evidence-strength chart: drawing, captions, no-kernel form, figure."""

import matplotlib

matplotlib.use("Agg")

import html  # noqa: E402

import ipywidgets  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.embed import dependency_state  # noqa: E402
from ipywidgets.widgets.widget_link import Link  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from insulinlab import mechanism_evidence as me  # noqa: E402
from insulinlab.widgets import evidence_strength as es  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STATE_LIMIT_BYTES = 150_000


def draw(option, **kwargs):
    return es.draw_evidence_strength(Figure().subplots(), option, **kwargs)


def chosen(option):
    return me.select(hypothesis=None if option == es.ALL else option)


# --- pure drawing ---------------------------------------------------------------------------


@pytest.mark.parametrize("option", es.OPTIONS)
@pytest.mark.parametrize("compact", [False, True])
def test_one_square_per_study_and_one_cell_per_species_and_kind(option, compact):
    drawing = draw(option, compact=compact)
    assert set(drawing.squares) == {s.key for s in chosen(option)}
    assert set(drawing.cells) == {(s, k) for s in me.SPECIES for k in me.KINDS}


@pytest.mark.parametrize("option", es.OPTIONS)
def test_squares_are_coloured_and_marked_by_direction(option):
    drawing = draw(option)
    for study in chosen(option):
        square = drawing.squares[study.key]
        assert to_hex(square.get_facecolor()) == to_hex(es.DIRECTION_COLOURS[study.direction])
        assert drawing.marks[study.key].get_text() == es.DIRECTION_MARKS[study.direction]


@pytest.mark.parametrize("option", es.OPTIONS)
def test_each_cell_states_its_count_in_words(option):
    drawing = draw(option)
    groups = me.group_by_species_and_kind(hypothesis=None if option == es.ALL else option)
    for cell, group in groups.items():
        text = drawing.count_texts[cell].get_text()
        assert text == es.cell_summary(group)
        assert (text == "none") == (not group)


def test_squares_sit_inside_their_cell():
    drawing = draw(es.ALL)
    for study in me.load_studies():
        cell = drawing.cells[(study.species, study.causal_or_associative)].get_bbox()
        square = drawing.squares[study.key].get_bbox()
        assert cell.x0 <= square.x0 and square.x1 <= cell.x1
        assert cell.y0 <= square.y0 and square.y1 <= cell.y1


def test_people_causal_cell_is_highlighted():
    drawing = draw("microbiome")
    assert drawing.highlight.get_linewidth() > drawing.cells[("mouse", "causal")].get_linewidth()
    assert to_hex(drawing.highlight.get_edgecolor()) == to_hex(es.HIGHLIGHT_COLOUR)
    assert drawing.highlight.get_bbox().bounds == drawing.cells[es.HIGHLIGHT_CELL].get_bbox().bounds


def test_cell_summary_words():
    assert es.cell_summary(()) == "none"
    assert es.cell_summary(me.select(hypothesis="mitochondria", species="rat")) == (
        "2 studies\n2 against"
    )
    one = me.select(hypothesis="mitochondria", species="human", kind="causal")
    assert es.cell_summary(one) == "1 study\n1 mixed"


@pytest.mark.parametrize("bad", ["lipids", "", None, "Mitochondria"])
def test_draw_rejects_unknown_options(bad):
    with pytest.raises(ValueError, match="option must be one of"):
        draw(bad)


# --- captions -------------------------------------------------------------------------------


@pytest.mark.parametrize("option", es.OPTIONS)
def test_caption_lists_every_study_with_its_source(option):
    text = es.caption_html(option)
    assert html.escape(es.TITLES[option]) in text
    for study in chosen(option):
        assert html.escape(study.finding) in text
        assert me.SHORT_CITATIONS[study.cite_key] in text


def test_caption_counts_causal_human_studies():
    assert "1 of them causal studies in people" in es.caption_html("mitochondria")


# --- the no-kernel form ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def static():
    return es.evidence_strength_static(dpi=30, colours=16)


def test_static_form_has_one_frame_per_option(static):
    stack = static.children[-1]
    assert isinstance(stack, ipywidgets.Stack)
    assert len(stack.children) == len(es.OPTIONS)
    for page, option in zip(stack.children, es.OPTIONS, strict=True):
        image, caption = page.children
        assert isinstance(image, ipywidgets.Image)
        assert bytes(image.value).startswith(PNG_SIGNATURE)
        assert html.escape(es.TITLES[option]) in caption.value


def test_static_form_links_buttons_to_stack_in_the_browser(static):
    selector, stack = static.children[1], static.children[-1]
    assert isinstance(selector, ipywidgets.ToggleButtons)
    assert [label for label, _ in selector.options] == [es.BUTTON_LABELS[o] for o in es.OPTIONS]
    (link,) = static.links
    assert isinstance(link, Link)
    assert link.source == (selector, "index")
    assert link.target == (stack, "selected_index")


def test_static_form_saved_state_includes_link_and_is_light():
    box = es.evidence_strength_static()  # default resolution, as in the chapter
    state = dependency_state([box, *box.links])
    assert sum(s["model_name"] == "LinkModel" for s in state.values()) == 1
    size = es.widget_state_size(box)
    assert size < STATE_LIMIT_BYTES, f"widget state {size} bytes"


def test_static_form_with_chosen_options_and_studies():
    studies = me.select(hypothesis="microbiome")
    box = es.evidence_strength_static(["microbiome"], studies, dpi=30, colours=16)
    assert len(box.children[-1].children) == 1
    assert [label for label, _ in box.children[1].options] == ["Gut microbiome"]


@pytest.mark.parametrize("bad", ["microbiome", [], ["all", "all"], ["lipids"], 3])
def test_static_form_rejects_bad_option_lists(bad):
    with pytest.raises(ValueError):
        es.evidence_strength_static(bad, dpi=30, colours=16)


@pytest.mark.parametrize("kwargs", [{"dpi": 5}, {"dpi": 1000}, {"colours": 8}, {"colours": 300}])
def test_render_frame_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        es.render_frame("all", **kwargs)


# --- the static figure ----------------------------------------------------------------------


def test_static_figure_has_one_titled_panel_per_hypothesis():
    figure = es.plot_evidence_strength()
    titles = [ax.get_title() for ax in figure.axes]
    assert titles == [es.TITLES[h] for h in me.HYPOTHESES]
    legend = " ".join(t.get_text() for t in figure.texts)
    assert "supports" in legend and "against" in legend and "mixed" in legend
