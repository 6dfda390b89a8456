"""Shared plumbing for the "no-kernel" precomputed widgets (see ``STATIC_WIDGETS.md``).

Each static demo precomputes one frame per state, puts the frames into an ``ipywidgets.Stack``
(nested Stacks for two controls) and links each control's ``index`` to a stack's
``selected_index`` with ``jslink``, so the control switches frames in the browser with no
kernel. This module holds the parts those demos share:

- images: :func:`figure_to_png_bytes`, :func:`palette_with_fixed_colours`,
  :func:`rgba_to_png_bytes`, :func:`png_data_uri`, and for the live widgets'
  build-once figures :func:`live_png_bytes` (drawn by a :class:`BlitRenderer`);
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

from insulinlab._validate import check_range

__all__ = [
    "check_colours",
    "check_dpi",
    "BlitRenderer",
    "figure_to_png_bytes",
    "described_image",
    "frame_html",
    "html_to_text",
    "image_page",
    "link_index",
    "linked_stack",
    "live_png_bytes",
    "live_renderer",
    "LiveEncoder",
    "nested_linked_stacks",
    "palette_with_fixed_colours",
    "png_data_uri",
    "rgba_to_png_bytes",
    "widget_state_size",
]


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------


def figure_to_png_bytes(figure, dpi: float, colours: int | None = None, quantise=None) -> bytes:
    """A matplotlib figure as PNG bytes (``savefig`` at ``dpi``).

    With ``colours``, the image is quantised to a palette PNG of that many colours (optimised),
    a fraction of the size for line plots; the pixels are then taken from ``savefig`` as raw
    RGBA, skipping a full-colour PNG encode and decode. ``quantise(image, colours)`` makes the
    palette image (default: an adaptive max-coverage palette; see
    :func:`palette_with_fixed_colours` to keep a figure's own colours exact).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_to_png_bytes(Figure(figsize=(1, 1)), dpi=20, colours=16)[:4]
    b'\\x89PNG'
    """
    import numpy as np

    buffer = io.BytesIO()
    if colours is None:
        figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()
    figure.savefig(buffer, format="rgba", dpi=dpi)
    original_dpi = figure.dpi
    figure.dpi = dpi  # the canvas's size in pixels at ``dpi``, as savefig used it
    try:
        width, height = figure.canvas.get_width_height(physical=True)
    finally:
        figure.dpi = original_dpi
    rgba = np.frombuffer(buffer.getbuffer(), dtype=np.uint8).reshape(height, width, 4)
    return rgba_to_png_bytes(rgba, colours, quantise)


def _adaptive_palette(image, colours: int):
    """``image`` quantised to an adaptive max-coverage palette of ``colours`` entries."""
    from PIL import Image

    return image.quantize(colors=colours, method=Image.Quantize.MAXCOVERAGE)


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


def rgba_to_png_bytes(
    rgba, colours: int | None = None, quantise=None, *, optimize: bool | None = None
) -> bytes:
    """RGBA pixels (an ``(h, w, 4)`` array) as PNG bytes, dropping the alpha channel.

    With ``colours``, ``quantise(image, colours)`` makes the palette image (default: an
    adaptive max-coverage palette, as :func:`figure_to_png_bytes` uses). A palette image is
    saved optimised unless ``optimize`` is False: zlib's default level, a few per cent larger
    and several times faster to encode, which suits a live widget's image.
    """
    from PIL import Image

    image = Image.fromarray(rgba).convert("RGB")
    if colours is not None:
        image = (quantise or _adaptive_palette)(image, colours)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=colours is not None if optimize is None else optimize)
    return buffer.getvalue()


class BlitRenderer:
    """Re-render a build-once figure by redrawing only what changes (Agg blitting).

    The first render at a resolution is a full draw. Afterwards, the artists that changed since
    the last render (matplotlib marks them *stale*: ``set_data``, ``set_text``, ``set_visible``
    …), and every artist drawn after them in the same Axes or figure, become *moving*: they are
    left out of a cached background (captured once per resolution and set of axis limits) and
    drawn over it, in the order a full draw uses. Tick labels, grids and most text stay in the
    background, which saves most of the drawing time.

    A moving artist that has never changed itself but is costly to draw (an axis with its tick
    labels, a text, a legend, an annotation box) is drawn once per background onto a transparent
    layer, kept, and pasted in its turn: the pixels then differ from a full draw's by rounding
    (a level or two of 255 where the layer's anti-aliased edges blend). Everything else is
    drawn as a full draw would: a figure whose changes all come before its costly artists in
    drawing order gets exactly the pixels of a full draw.

    Changes are found through the stale flags, which any other draw of the figure (``savefig``)
    clears: render one figure either always this way or never.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> figure = Figure(figsize=(2, 1))
    >>> canvas = FigureCanvasAgg(figure)
    >>> (line,) = figure.add_subplot().plot([0, 1], [0, 1])
    >>> renderer = BlitRenderer(figure)
    >>> first = renderer.rgba(40).tobytes()
    >>> line.set_ydata([1, 0])
    >>> blitted = renderer.rgba(40).tobytes()
    >>> full_draw = io.BytesIO()
    >>> figure.savefig(full_draw, format="rgba", dpi=40)
    >>> blitted == full_draw.getvalue(), blitted == first
    (True, False)
    """

    def __init__(self, figure) -> None:
        self.figure = figure
        self._moving: list = []
        self._changing: set = set()
        self._layout: tuple = ()
        self._blank: set = set()
        self._backgrounds: dict = {}
        self._layers: dict = {}
        self._expected: set = set()

    def expect_changes(self, artists: Iterable) -> None:
        """Declare artists that will change (lines a slider moves, texts it rewrites).

        They and what is drawn after them leave the background at the next render, which
        otherwise happens the first time each of them changes (a full draw each time).
        """
        self._expected |= set(artists)

    def rgba(self, dpi: float):
        """Render at ``dpi``; the RGBA pixels as a new ``(h, w, 4)`` array."""
        import numpy as np

        figure, canvas = self.figure, self.figure.canvas
        if figure.dpi != dpi:
            figure.set_dpi(dpi)
        orders = self._draw_orders()
        leaves = {a: _leaves(a) for order in orders.values() for a in order}
        layout = tuple(tuple(map(id, order)) for order in orders.values())
        changed = set()
        if self._layout:  # on the first render, everything is new: a full draw
            changed = {
                a for a, parts in leaves.items() if a not in self._changing and self._changed(parts)
            }
        changed |= self._expected & leaves.keys()
        self._expected = set()
        self._changing = (self._changing & leaves.keys()) | changed
        moving = set(self._moving)
        if changed - moving or layout != self._layout:
            self._restage(orders, moving | changed)
            self._layout = layout
        key = (dpi, *((ax.get_xlim(), ax.get_ylim()) for ax in figure.axes))
        if key not in self._backgrounds:
            for artist in self._moving:  # animated only while the background is drawn
                artist.set_animated(True)
            try:
                canvas.draw()
            finally:
                for artist in self._moving:
                    artist.set_animated(False)
            self._backgrounds[key] = canvas.copy_from_bbox(figure.bbox)
        else:
            canvas.restore_region(self._backgrounds[key])
        renderer = canvas.get_renderer()
        for artist in self._moving:
            if artist in self._changing or not _costly(artist):
                artist.draw(renderer)
                continue
            axes = artist.axes
            # a layer depends on the resolution and its own axes' limits only
            layer_key = (artist, dpi, (axes.get_xlim(), axes.get_ylim()) if axes else None)
            if layer_key not in self._layers:
                self._layers[layer_key] = _layer(artist, renderer)
            if self._layers[layer_key] is not None:
                x, y, pixels = self._layers[layer_key]
                gc = renderer.new_gc()
                renderer.draw_image(gc, x, y, pixels)
                gc.restore()
        self._blank = {leaf for parts in leaves.values() for leaf in parts if not _draws(leaf)}
        return np.asarray(canvas.buffer_rgba()).copy()

    def _changed(self, leaves: list) -> bool:
        """Whether any of ``leaves`` changed since the last render.

        An artist that draws nothing (hidden, or an empty text) stays stale; it changed only if
        it draws something now.
        """
        return any(leaf.stale and (_draws(leaf) or leaf not in self._blank) for leaf in leaves)

    def _draw_orders(self) -> dict:
        """Each container's children in the order a full draw draws them (stable by zorder)."""
        containers = [self.figure, *self.figure.axes]
        return {c: sorted(_children(c), key=lambda a: a.get_zorder()) for c in containers}

    def _restage(self, orders: dict, moving: set) -> None:
        """Move ``moving`` and everything drawn after it out of the background; drop those."""
        import matplotlib.axes

        staged = {}
        for container, order in orders.items():
            first = next((i for i, a in enumerate(order) if a in moving), len(order))
            staged[container] = order[first:]
        if any(isinstance(a, matplotlib.axes.Axes) for a in staged[self.figure]):
            staged = {}  # an Axes would move: draw everything, every time
        self._moving = []
        for artist in orders[self.figure]:  # axes and figure-level artists, in drawing order
            if artist in staged.get(self.figure, ()):
                self._moving.append(artist)
            else:
                self._moving += staged.get(artist, [])
        self._backgrounds.clear()
        self._layers.clear()


def _costly(artist) -> bool:
    """Whether ``artist`` is worth drawing once onto a layer (text and what holds text)."""
    import matplotlib.axis
    import matplotlib.legend
    import matplotlib.offsetbox
    import matplotlib.table
    import matplotlib.text

    kinds = (
        matplotlib.axis.Axis,
        matplotlib.text.Text,
        matplotlib.legend.Legend,
        matplotlib.offsetbox.OffsetBox,
        matplotlib.offsetbox.AnnotationBbox,
        matplotlib.table.Table,
    )
    return isinstance(artist, kinds)


def _layer(artist, renderer):
    """``artist`` drawn alone onto a transparent canvas the size of ``renderer``'s: ``(x, y,
    pixels)``, the smallest block holding it and its lower-left corner in display pixels, or
    None when it draws nothing."""
    import numpy as np
    from matplotlib.backends.backend_agg import RendererAgg

    width, height = int(renderer.width), int(renderer.height)
    scratch = RendererAgg(width, height, renderer.dpi)
    artist.draw(scratch)
    pixels = np.asarray(scratch.buffer_rgba())
    opaque = pixels[..., 3] > 0
    rows, columns = np.flatnonzero(opaque.any(axis=1)), np.flatnonzero(opaque.any(axis=0))
    if rows.size == 0:
        return None
    top, bottom = rows[0], rows[-1] + 1
    left, right = columns[0], columns[-1] + 1
    # draw_image takes rows from the bottom up
    return int(left), int(height - bottom), pixels[top:bottom, left:right][::-1].copy()


def _children(container) -> list:
    """The artists a Figure or an Axes draws itself (after its patch), as its ``draw`` does."""
    import matplotlib.axes

    children = [a for a in container.get_children() if a is not container.patch]
    if isinstance(container, matplotlib.axes.Axes):
        if not (container.axison and container.get_frame_on()):
            children = [a for a in children if a not in container.spines.values()]
        if not container.axison:
            children = [a for a in children if a not in (container.xaxis, container.yaxis)]
    return children


def _leaves(artist) -> list:
    """The artists whose change means ``artist`` must be redrawn.

    Axes are containers, handled on their own; an Axis or a spine changes with the limits,
    which key the background, so only an axis's label counts.
    """
    import matplotlib.axes
    import matplotlib.axis
    import matplotlib.spines

    if isinstance(artist, (matplotlib.axes.Axes, matplotlib.spines.Spine)):
        return []
    if isinstance(artist, matplotlib.axis.Axis):
        return [artist.label]
    return artist.findobj()


def _draws(artist) -> bool:
    """Whether drawing ``artist`` puts anything on the canvas (it is shown; a text is not empty).

    Matplotlib leaves such an artist stale after a draw.
    """
    import matplotlib.text

    if not artist.get_visible():
        return False
    return not (isinstance(artist, matplotlib.text.Text) and artist.get_text() == "")


def live_renderer(figure) -> BlitRenderer:
    """The :class:`BlitRenderer` kept on ``figure`` for :func:`live_png_bytes` (made once).

    Call its :meth:`~BlitRenderer.expect_changes` when building a live widget, with the artists
    its controls change, so that no later change needs a full draw.
    """
    renderer = getattr(figure, "_blit_renderer", None)
    if renderer is None:
        renderer = figure._blit_renderer = BlitRenderer(figure)
    return renderer


def live_png_bytes(figure, dpi: float, colours: int | None = None, quantise=None) -> bytes:
    """A build-once figure as PNG bytes for a live widget: blitted and quickly encoded.

    The pixels are drawn by the figure's :class:`BlitRenderer` (:func:`live_renderer`); the
    PNG is made by the figure's :class:`LiveEncoder` (its palette is found once and reused
    while it stays faithful). Both are kept on the figure.
    """
    renderer = live_renderer(figure)
    encoder = getattr(figure, "_live_encoder", None)
    if encoder is None:
        encoder = figure._live_encoder = LiveEncoder()
    return encoder.png(renderer.rgba(dpi), colours, quantise)


class LiveEncoder:
    """PNG encoding for a live widget's successive frames, about five times faster than
    :func:`rgba_to_png_bytes`.

    Finding a palette (``quantise``, default an adaptive max-coverage palette) is most of the
    time a palette PNG takes. A live figure keeps its colours from frame to frame, so the
    encoder finds a palette for the first frame and maps the next frames onto it (no
    dithering), saved at zlib's fastest level. It checks every frame: where more pixels than
    in the palette's own frame would land far from their colour (a colour the palette lacks,
    such as a band that appears), it finds a new palette for that frame.

    Examples
    --------
    >>> import numpy as np
    >>> frame = np.full((20, 30, 4), 255, dtype=np.uint8)
    >>> frame[5:15, 5:25, :3] = (0, 114, 178)
    >>> encoder = LiveEncoder()
    >>> encoder.png(frame, colours=16)[:4], encoder.palettes_found
    (b'\\x89PNG', 1)
    >>> frame[5:15, 5:25, :3] = (0, 114, 178)[::-1]  # a colour the first palette lacks
    >>> _ = encoder.png(frame, colours=16)
    >>> encoder.palettes_found
    2
    """

    FAR = 48
    """How far (largest channel difference, of 255) a pixel may land from its colour before it
    counts as far."""
    SAMPLE_STEP = 4
    """Every fourth pixel in each direction is checked."""

    def __init__(self) -> None:
        self._palette = None
        self._palette_rgb = None
        self._key: tuple = ()
        self._allowed_far = 0.0
        self.palettes_found = 0

    def png(self, rgba, colours: int | None = None, quantise=None) -> bytes:
        """RGBA pixels (an ``(h, w, 4)`` array) as PNG bytes, alpha dropped; with ``colours``,
        a palette PNG of at most that many colours."""
        from PIL import Image

        image = Image.fromarray(rgba).convert("RGB")
        buffer = io.BytesIO()
        if colours is None:
            image.save(buffer, format="PNG", compress_level=1)
            return buffer.getvalue()
        key = (colours, quantise)
        indexed = None
        if self._palette is not None and key == self._key:
            indexed = image.quantize(palette=self._palette, dither=Image.Dither.NONE)
            if self._far_fraction(rgba, indexed) > self._allowed_far:
                indexed = None
        if indexed is None:
            indexed = (quantise or _adaptive_palette)(image, colours)
            self._keep_palette(indexed, key, rgba)
        indexed.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

    def _keep_palette(self, indexed, key: tuple, rgba) -> None:
        import numpy as np

        entries = np.array(indexed.getpalette() or [], dtype=np.int16).reshape(-1, 3)
        self._palette, self._palette_rgb, self._key = indexed, entries, key
        self.palettes_found += 1
        own = self._far_fraction(rgba, indexed)
        self._allowed_far = 2 * own + 0.0005  # a new colour covers more than 0.05 % of pixels

    def _far_fraction(self, rgba, indexed) -> float:
        """The fraction of sampled pixels whose palette colour is far from their own."""
        import numpy as np

        step = self.SAMPLE_STEP
        pixels = np.asarray(rgba)[::step, ::step, :3].astype(np.int16)
        indices = np.asarray(indexed)[::step, ::step]
        mapped = self._palette_rgb[np.minimum(indices, len(self._palette_rgb) - 1)]
        return float((np.abs(pixels - mapped).max(axis=-1) > self.FAR).mean())


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


# --------------------------------------------------------------------------------------------
# Checks shared by the widget builders
# --------------------------------------------------------------------------------------------


def check_dpi(dpi: object) -> float:
    """``dpi`` as a float in [10, 300] dots per inch; ValueError naming ``dpi`` otherwise."""
    return check_range("dpi", dpi, 10, 300, "dots per inch")


def check_colours(colours: object) -> int:
    """``colours`` as a whole number of palette colours in [16, 256]; ValueError otherwise."""
    value = check_range("colours", colours, 16, 256, "colours")
    if not float(value).is_integer():
        raise ValueError(f"colours must be a whole number in [16, 256]; got {colours!r}")
    return int(value)
