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


def _busy_figure():
    """A line and a band under the grid, with a legend, an annotation and a title over them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = Figure(figsize=(4, 3))
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    x = np.linspace(0, 10, 200)
    band = ax.fill_between(x, 0, 1, color="#56b4e9", alpha=0.3)
    (line,) = ax.plot(x, np.sin(x), color="#0072b2", label="moving")
    ax.plot(x, np.cos(x), color="#e69f00", label="still")
    ax.legend(loc="upper right")
    ax.annotate("a label", (2, 1), xytext=(4, 2), arrowprops={"arrowstyle": "->"})
    ax.set(title="A title", xlim=(0, 10), ylim=(-2, 3))
    ax.grid(True)
    return figure, line, band, x


def _full_draw(figure, dpi):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="rgba", dpi=dpi)
    width, height = figure.canvas.get_width_height(physical=True)
    return np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(height, width, 4)


def test_blit_renderer_pastes_costly_artists_within_rounding_of_a_full_draw():
    figure, line, band, x = _busy_figure()
    renderer = static_stack.BlitRenderer(figure)
    renderer.rgba(60)
    for shift in (1, 2, 3):
        line.set_ydata(np.sin(x + shift))
        band.set_visible(shift % 2 == 0)  # the band sits under the grid: the axes move too
        blitted = renderer.rgba(60)
        difference = np.abs(blitted.astype(int) - _full_draw(figure, 60)).max(axis=-1)
        assert difference.max() <= 3
        assert (difference > 0).mean() < 0.01
    figure.axes[0].legend_.get_texts()[0].set_text("renamed")  # a pasted artist changes
    blitted = renderer.rgba(60)
    assert np.abs(blitted.astype(int) - _full_draw(figure, 60)).max() <= 3


def test_expected_changes_leave_the_background_before_they_happen():
    figure, line, band, x = _busy_figure()
    renderer = static_stack.live_renderer(figure)
    assert static_stack.live_renderer(figure) is renderer
    renderer.expect_changes([line, band])
    renderer.rgba(40)
    backgrounds = dict(renderer._backgrounds)
    line.set_ydata(np.cos(x))
    band.set_visible(False)
    blitted = renderer.rgba(40)
    assert renderer._backgrounds == backgrounds  # no new full draw
    assert np.abs(blitted.astype(int) - _full_draw(figure, 40)).max() <= 3


def test_live_encoder_reuses_its_palette_until_a_colour_is_missing():
    figure, line, _, x = _busy_figure()
    renderer, encoder = static_stack.BlitRenderer(figure), static_stack.LiveEncoder()
    for shift in range(4):
        line.set_ydata(np.sin(x + shift))
        png = encoder.png(renderer.rgba(50), colours=32)
        decoded = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        original = _full_draw(figure, 50)[..., :3]
        assert png.startswith(PNG_MAGIC)
        assert np.mean(np.abs(decoded.astype(int) - original).max(axis=-1) > 48) < 0.01
    assert encoder.palettes_found == 1
    line.set_color("#d55e00")  # vermillion: not in the first palette
    line.set_linewidth(6)
    encoder.png(renderer.rgba(50), colours=32)
    assert encoder.palettes_found == 2
    assert encoder.png(renderer.rgba(50))[:8] == PNG_MAGIC  # full colour without ``colours``


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
