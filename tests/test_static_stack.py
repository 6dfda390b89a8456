"""Tests for the shared plumbing of the no-kernel precomputed widgets."""

from __future__ import annotations

import doctest
import io

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from insulinlab.widgets import static_stack  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _figure() -> Figure:
    figure = Figure(figsize=(2, 1))
    ax = figure.add_subplot()
    ax.plot([0, 1, 2], [0, 1, 0], color="#0072b2")
    return figure


def test_doctests_pass():
    result = doctest.testmod(static_stack)
    assert result.failed == 0
    assert result.attempted >= 3


def test_figure_to_png_bytes_full_colour_and_palette():
    figure = _figure()
    full = static_stack.figure_to_png_bytes(figure, dpi=40)
    small = static_stack.figure_to_png_bytes(figure, dpi=40, colours=16)
    assert full.startswith(PNG_MAGIC) and small.startswith(PNG_MAGIC)
    assert Image.open(io.BytesIO(full)).size == (80, 40)
    palette = Image.open(io.BytesIO(small))
    assert palette.mode == "P"
    assert palette.size == (80, 40)


def test_palette_with_fixed_colours_keeps_fixed_colours_first():
    pixels = np.zeros((4, 4, 3), dtype=np.uint8)
    pixels[:2] = (230, 159, 0)
    image = Image.fromarray(pixels)
    fixed = [(255, 255, 255), (230, 159, 0)]
    quantised = static_stack.palette_with_fixed_colours(image, 16, fixed)
    assert quantised.mode == "P"
    assert quantised.getpalette()[:6] == [255, 255, 255, 230, 159, 0]
    assert quantised.convert("RGB").getpixel((0, 0)) == (230, 159, 0)


def test_rgba_to_png_bytes_with_and_without_palette():
    rgba = np.full((3, 5, 4), 255, dtype=np.uint8)
    plain = static_stack.rgba_to_png_bytes(rgba)
    assert Image.open(io.BytesIO(plain)).mode == "RGB"
    calls = []

    def quantise(image, colours):
        calls.append(colours)
        return image.quantize(colors=colours)

    small = static_stack.rgba_to_png_bytes(rgba, 8, quantise)
    assert calls == [8]
    assert Image.open(io.BytesIO(small)).size == (5, 3)


def test_frame_html_escapes_alt_and_caption():
    text = static_stack.frame_html(
        b"\x00", 'a "quoted" <alt>', "x & y", max_width_px=799.6, mime="image/svg+xml"
    )
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt;"' in text
    assert 'src="data:image/svg+xml;base64,AA=="' in text
    assert "max-width: 800px;" in text
    assert text.endswith("<figcaption>x &amp; y</figcaption></figure>")


def test_image_page_holds_image_then_caption():
    layout = widgets.Layout(width="100%")
    page = static_stack.image_page(PNG_MAGIC, "<p>hi</p>", layout)
    image, caption = page.children
    assert isinstance(image, widgets.Image) and image.format == "png"
    assert image.layout is layout
    assert caption.value == "<p>hi</p>"
    assert image.tooltip == "hi", "the caption's text is the image's text alternative"


def test_described_image_state_carries_the_description_the_tooltip_needs():
    # The widget manager reads `description` before it shows a tooltip; ImageModel has none,
    # so a plain Image with a tooltip fails to render. The saved state must hold "".
    image = static_stack.described_image(PNG_MAGIC, widgets.Layout(), "A chart")
    state = image.get_state()
    assert state["description"] == "" and state["tooltip"] == "A chart"
    assert isinstance(image, widgets.Image)


def test_linked_stack_starts_at_control_index_and_links_index():
    slider = widgets.SelectionSlider(options=[("a", 0), ("b", 1), ("c", 2)], index=1)
    stack, link = static_stack.linked_stack(slider, ["<p>0</p>", "<p>1</p>", "<p>2</p>"])
    assert isinstance(stack, widgets.Stack)
    assert stack.selected_index == 1
    assert [child.value for child in stack.children] == ["<p>0</p>", "<p>1</p>", "<p>2</p>"]
    assert link.source == (slider, "index")
    assert link.target == (stack, "selected_index")


def test_linked_stack_keeps_widgets_as_they_are():
    buttons = widgets.ToggleButtons(options=[("a", 0), ("b", 1)], index=0)
    pages = [widgets.HTML("a"), widgets.VBox()]
    stack, _ = static_stack.linked_stack(buttons, pages)
    assert list(stack.children) == pages


def test_nested_linked_stacks_links_outer_then_every_inner():
    outer_control = widgets.ToggleButtons(options=[("x", 0), ("y", 1)], index=1)
    inner_control = widgets.SelectionSlider(options=[("a", 0), ("b", 1), ("c", 2)], index=2)
    rows = [["x0", "x1", "x2"], ["y0", "y1", "y2"]]
    outer, inner_stacks, links = static_stack.nested_linked_stacks(
        outer_control, inner_control, rows
    )
    assert outer.selected_index == 1
    assert list(outer.children) == inner_stacks
    assert [inner.selected_index for inner in inner_stacks] == [2, 2]
    assert [child.value for child in inner_stacks[1].children] == rows[1]
    assert links[0].source == (outer_control, "index")
    assert links[0].target == (outer, "selected_index")
    assert [link.target[0] for link in links[1:]] == inner_stacks
    assert all(link.source == (inner_control, "index") for link in links[1:])


def test_widget_state_size_grows_with_frames():
    def box(frame_count: int):
        buttons = widgets.ToggleButtons(options=[(str(i), i) for i in range(frame_count)])
        stack, link = static_stack.linked_stack(buttons, ["x" * 500] * frame_count)
        built = widgets.VBox([buttons, stack])
        built.links = [link]
        return built

    assert static_stack.widget_state_size(box(4)) > static_stack.widget_state_size(box(2)) > 0


@pytest.mark.parametrize(
    "module",
    [
        "meal_day",
        "meal_response",
        "ogtt_sensitivity",
        "two_path_uptake",
        "hyperbola_explorer",
        "hormone_map",
        "cascade_stepper",
    ],
)
def test_widget_modules_use_the_shared_helpers(module):
    import importlib

    loaded = importlib.import_module(f"insulinlab.widgets.{module}")
    source = open(loaded.__file__, encoding="utf-8").read()
    assert "from insulinlab.widgets.static_stack import" in source
    assert "widgets.jslink(" not in source
    assert "import base64" not in source
