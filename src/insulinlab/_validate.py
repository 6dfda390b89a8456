"""Input checks shared by every module: one place that turns bad input into a clear ValueError."""

from __future__ import annotations

import math
from numbers import Real


def check_range(
    name: str,
    value: object,
    low: float,
    high: float,
    unit: str,
    *,
    low_inclusive: bool = True,
    hint: str = "",
) -> float:
    """Return ``value`` as a float if it is a finite real number within ``[low, high]``.

    Parameters
    ----------
    name : str
        The argument name, repeated in the error message so the caller knows what to fix.
    value : object
        The value to check. ``bool`` is rejected even though it is an ``int`` subclass.
    low, high : float
        The accepted range. ``high`` is always inclusive; ``low`` is inclusive unless
        ``low_inclusive`` is False.
    unit : str
        The unit of the accepted range, shown in the message (e.g. ``"mg/dL"``).
    hint : str, optional
        An extra sentence appended when the value is out of range (e.g. a unit mix-up).

    Raises
    ------
    ValueError
        If ``value`` is not a real number, is NaN or infinite, or lies outside the range.
    """
    bracket = "[" if low_inclusive else "("
    accepted = f"{bracket}{low:.4g}, {high:.4g}] {unit}".rstrip()
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number in {accepted}; got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number in {accepted}; got {number}")
    too_low = number < low if low_inclusive else number <= low
    if too_low or number > high:
        message = f"{name} must be in {accepted}; got {number:g}"
        if hint:
            message += f". {hint}"
        raise ValueError(message)
    return number


def check_positive(name: str, value: object, unit: str = "", *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float if it is finite and > 0 (or ≥ 0 with ``allow_zero``).

    Raises
    ------
    ValueError
        Naming the argument and the accepted range, for NaN, infinities, non-numbers and values
        out of range.
    """
    bracket = "[" if allow_zero else "("
    accepted = f"{bracket}0, ∞) {unit}".rstrip()
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number in {accepted}; got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        raise ValueError(f"{name} must be a finite number in {accepted}; got {number:g}")
    return number


def check_time_grid(name: str, times: object, unit: str = "min"):
    """Return ``times`` as a 1-D float array if it is finite, has ≥ 2 points and strictly increases.

    Raises
    ------
    ValueError
        For an empty, too short, non-finite, multi-dimensional or non-increasing grid; the message
        names the argument.
    """
    import numpy as np

    try:
        grid = np.asarray(times, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of times in {unit}; got {times!r}") from None
    if grid.ndim != 1 or grid.size < 2:
        raise ValueError(
            f"{name} must be a 1-D sequence of at least 2 times in {unit}; got shape {grid.shape}"
        )
    if not np.all(np.isfinite(grid)):
        raise ValueError(f"{name} must contain only finite times in {unit}")
    if not np.all(np.diff(grid) > 0):
        raise ValueError(f"{name} must be strictly increasing (sorted, no repeats), in {unit}")
    return grid
