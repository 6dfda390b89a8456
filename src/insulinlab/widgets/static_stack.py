"""Shared plumbing for the "no-kernel" precomputed widgets (see ``STATIC_WIDGETS.md``).

Each static demo precomputes one frame per state, puts the frames into an ``ipywidgets.Stack``
(nested Stacks for two controls) and links each control's ``index`` to a stack's
``selected_index`` with ``jslink``, so the control switches frames in the browser with no
kernel. This module holds the parts those demos share:

- images: :func:`figure_to_png_bytes`, :func:`palette_with_fixed_colours`,
  :func:`rgba_to_png_bytes`, :func:`png_data_uri`;
- one frame: :func:`frame_html` (an ``<img>`` with alt text and a caption) and
  :func:`image_page` (an ``Image`` widget above an HTML caption);
- stacks and links: :func:`linked_stack`, :func:`nested_linked_stacks`, :func:`link_index`;
- measuring: :func:`widget_state_size`.
"""

from __future__ import annotations

import base64
import functools
import html
import io
from collections.abc import Iterable, Sequence

__all__ = [
    "figure_to_png_bytes",
    "described_image",
    "frame_html",
    "html_to_text",
    "image_page",
    "link_index",
    "linked_stack",
    "nested_linked_stacks",
    "palette_with_fixed_colours",
    "png_data_uri",
    "rgba_to_png_bytes",
    "widget_state_size",
]


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------


def figure_to_png_bytes(figure, dpi: float, colours: int | None = None) -> bytes:
    """A matplotlib figure as PNG bytes (``savefig`` at ``dpi``).

    With ``colours``, the image is quantised to a palette PNG of that many colours (adaptive
    max-coverage palette, optimised), a fraction of the size for line plots.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_to_png_bytes(Figure(figsize=(1, 1)), dpi=20, colours=16)[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    if colours is None:
        return buffer.getvalue()
    from PIL import Image

    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    palette = image.quantize(colors=colours, method=Image.Quantize.MAXCOVERAGE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def palette_with_fixed_colours(image, colours: int, fixed: Sequence[tuple[int, int, int]]):
    """Map an RGB ``PIL.Image`` to a ``colours``-entry palette without dithering.

    The palette holds the ``fixed`` RGB colours exactly, then an adaptive max-coverage palette
    for the rest (anti-aliased edges); adaptive palettes alone tint pale fills and merge
    near colours.
    """
    from PIL import Image

    adaptive = image.quantize(colors=colours - len(fixed), method=Image.Quantize.MAXCOVERAGE)
    entries = [value for rgb in fixed for value in rgb]
    entries += adaptive.getpalette()[: 3 * (colours - len(fixed))]
    palette = Image.new("P", (1, 1))
    palette.putpalette(entries + [0] * (768 - len(entries)))
    return image.quantize(palette=palette, dither=Image.Dither.NONE)


def rgba_to_png_bytes(rgba, colours: int | None = None, quantise=None) -> bytes:
    """RGBA pixels (an ``(h, w, 4)`` array) as PNG bytes, dropping the alpha channel.

    With ``colours``, ``quantise(image, colours)`` makes the palette image, saved optimised.
    """
    from PIL import Image

    image = Image.fromarray(rgba).convert("RGB")
    if colours is not None:
        image = quantise(image, colours)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=colours is not None)
    return buffer.getvalue()


def png_data_uri(image_bytes: bytes, mime: str = "image/png") -> str:
    """Image bytes as a ``data:`` URI (base64).

    Examples
    --------
    >>> png_data_uri(b"abc")
    'data:image/png;base64,YWJj'
    """
    return f"data:{mime};base64," + base64.b64encode(image_bytes).decode("ascii")


# --------------------------------------------------------------------------------------------
# One frame
# --------------------------------------------------------------------------------------------


def frame_html(
    image_bytes: bytes,
    alt_text: str,
    caption: str,
    *,
    max_width_px: float,
    mime: str = "image/png",
) -> str:
    """One frame as HTML: an ``<img>`` (data URI) with alt text, then a caption.

    The image fills the width on small screens, never wider than ``max_width_px``. The alt text
    and caption are escaped.

    Examples
    --------
    >>> frame_html(b"abc", "A chart", "x < y", max_width_px=640)
    '<figure style="margin: 0;"><img alt="A chart" src="data:image/png;base64,YWJj" \
style="width: 100%; max-width: 640px; height: auto;"><figcaption>x &lt; y</figcaption></figure>'
    """
    return (
        '<figure style="margin: 0;">'
        f'<img alt="{html.escape(alt_text)}" src="{png_data_uri(image_bytes, mime)}" '
        f'style="width: 100%; max-width: {max_width_px:.0f}px; height: auto;">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def image_page(png: bytes, caption_html: str, layout, alt_text: str | None = None):
    """One frame as widgets: a PNG image (with ``layout``) above an HTML caption.

    The image carries its text alternative (``alt_text``, or the caption's text); see
    :func:`described_image`.
    """
    import ipywidgets as widgets

    description = alt_text if alt_text is not None else html_to_text(caption_html)
    image = described_image(png, layout, description)
    return widgets.VBox([image, widgets.HTML(caption_html)])


@functools.cache
def _described_image_class():
    import ipywidgets as widgets
    from traitlets import Unicode

    class DescribedImage(widgets.Image):
        """An ``ipywidgets.Image`` whose ``tooltip`` works: ``ImageModel`` has no ``description``,
        which the widget manager reads before it shows a tooltip (and fails without)."""

        description = Unicode("").tag(sync=True)

    return DescribedImage


def described_image(png: bytes, layout, alt_text: str):
    """A PNG ``ipywidgets.Image`` with ``alt_text`` as its tooltip.

    The site's script copies the tooltip (the ``title`` attribute) into the ``alt`` attribute,
    so screen readers announce the figure; sighted readers see it on hover.
    """
    image_class = _described_image_class()
    return image_class(value=png, format="png", layout=layout, tooltip=alt_text)


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, tags removed and whitespace collapsed.

    Examples
    --------
    >>> html_to_text("<p>Step <b>3</b>:&nbsp;PI3K</p>")
    'Step 3: PI3K'
    """
    import re

    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([:;,.!?)])", r"\1", text)


# --------------------------------------------------------------------------------------------
# Stacks and links
# --------------------------------------------------------------------------------------------


def _as_widgets(children: Iterable) -> list:
    import ipywidgets as widgets

    return [widgets.HTML(child) if isinstance(child, str) else child for child in children]


def link_index(control, stack):
    """``jslink`` the control's ``index`` to the stack's ``selected_index``.

    Link ``index``, never ``value`` (a ``SelectionSlider``/``ToggleButtons`` ``value`` cannot be
    synced without a kernel).
    """
    import ipywidgets as widgets

    return widgets.jslink((control, "index"), (stack, "selected_index"))


def linked_stack(control, children: Iterable) -> tuple:
    """A ``Stack`` of ``children`` shown at ``control.index``, and the ``jslink`` between them.

    ``children`` are widgets or HTML strings (each wrapped in ``ipywidgets.HTML``).

    Returns
    -------
    tuple
        ``(stack, link)``.
    """
    import ipywidgets as widgets

    stack = widgets.Stack(children=_as_widgets(children), selected_index=control.index)
    return stack, link_index(control, stack)


def nested_linked_stacks(outer_control, inner_control, children_by_outer: Iterable) -> tuple:
    """Nested ``Stack`` s for two controls: the outer one picks a row, the inner one a frame.

    ``children_by_outer`` holds one row of frames (widgets or HTML strings) per option of
    ``outer_control``; each row becomes an inner ``Stack`` shown at ``inner_control.index``,
    and the outer ``Stack`` of those rows is shown at ``outer_control.index``.

    Returns
    -------
    tuple
        ``(outer, inner_stacks, links)``; ``links`` holds the outer control's link first, then
        the inner control's link to every inner stack, in order.
    """
    inner_stacks, inner_links = [], []
    for row in children_by_outer:
        inner, link = linked_stack(inner_control, row)
        inner_stacks.append(inner)
        inner_links.append(link)
    outer, outer_link = linked_stack(outer_control, inner_stacks)
    return outer, inner_stacks, [outer_link, *inner_links]


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


def widget_state_size(widget) -> int:
    """Size in bytes of the JSON widget state a saved page needs for ``widget``.

    Uses ``ipywidgets.embed.dependency_state`` and ``embed_data`` (the state a notebook saves
    for this widget and everything it references, including the ``jslink`` s kept on
    ``widget.links``).
    """
    import json

    from ipywidgets.embed import dependency_state, embed_data

    links = list(getattr(widget, "links", []))
    state = dependency_state([widget, *links])
    data = embed_data(views=[widget], state=state)
    return len(json.dumps(data["manager_state"]).encode("utf-8"))
