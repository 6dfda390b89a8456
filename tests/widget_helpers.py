"""Helpers shared by the widget tests."""

from __future__ import annotations


def count_full_draws(figure) -> list:
    """Record the canvas's full draws from now on; the returned list grows by one per draw.

    A live widget renders with :class:`insulinlab.widgets.static_stack.BlitRenderer`, which
    calls ``canvas.draw`` only for a full draw (a new background); blitted updates do not.
    """
    draws = []
    original = figure.canvas.draw
    figure.canvas.draw = lambda *args, **kwargs: draws.append(1) or original(*args, **kwargs)
    return draws
