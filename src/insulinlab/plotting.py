"""The course palette and static figures.

Colours come from the Okabe–Ito palette, chosen to stay distinguishable for readers with the
common forms of colour-vision deficiency. Colour is never the only cue: every band and line is
also labelled with text.

Sources
-------
- Palette: Okabe & Ito 2008, "Color Universal Design (CUD): how to make figures and
  presentations that are friendly to colorblind people", https://jfly.uni-koeln.de/color/.
- HOMA-IR: Matthews et al. 1985, *Diabetologia* 28:412–419.
- ADA fasting-glucose categories: American Diabetes Association, Standards of Care in
  Diabetes—2025, section 2, doi:10.2337/dc25-S002.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real

import numpy as np

from insulinlab import indices, units

PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The eight Okabe–Ito colours by name, as hex strings."""

CATEGORY_COLOURS = {
    indices.NORMAL: PALETTE["sky_blue"],
    indices.PREDIABETES: PALETTE["yellow"],
    indices.DIABETES: PALETTE["vermillion"],
}
"""A colour for each ADA category (a secondary cue; the category name is always shown too).

Sky blue, yellow and vermillion differ in lightness as well as hue, so they stay apart under
simulated deuteranopia, protanopia and tritanopia even as pale bands; bluish green and
vermillion, by contrast, become hard to tell apart for protanopes when drawn pale.
"""

HOMA_IR_LINE_POINTS = 200
"""Number of glucose samples along each iso-line."""

_BAND_ALPHA = 0.3


def _check_range_pair(
    name: str, value: object, low: float, high: float, unit: str
) -> tuple[float, float]:
    """Return ``value`` as ``(start, stop)`` floats with ``low <= start < stop <= high``."""
    accepted = f"a pair (start, stop) with {low:g} <= start < stop <= {high:g} {unit}"
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise ValueError(f"{name} must be {accepted}; got {value!r}")
    start, stop = value
    for number in (start, stop):
        if isinstance(number, bool) or not isinstance(number, Real) or not math.isfinite(number):
            raise ValueError(f"{name} must be {accepted}; got {value!r}")
    if not low <= start < stop <= high:
        raise ValueError(f"{name} must be {accepted}; got {value!r}")
    return float(start), float(stop)


def _check_homa_levels(homa_levels: object) -> tuple[float, ...]:
    """Return the HOMA-IR levels as floats, each finite and above zero."""
    accepted = "a non-empty sequence of finite numbers > 0"
    if isinstance(homa_levels, (str, bytes)) or not isinstance(homa_levels, Sequence):
        raise ValueError(f"homa_levels must be {accepted}; got {homa_levels!r}")
    if len(homa_levels) == 0:
        raise ValueError(f"homa_levels must be {accepted}; got an empty sequence")
    levels = []
    for level in homa_levels:
        if isinstance(level, bool) or not isinstance(level, Real) or not math.isfinite(level):
            raise ValueError(f"homa_levels must be {accepted}; got {level!r}")
        if level <= 0:
            raise ValueError(f"homa_levels must be {accepted} (in (0, inf)); got {level!r}")
        levels.append(float(level))
    return tuple(levels)


def homa_ir_iso_line(homa_ir_level: float, glucose_mg_dl: np.ndarray) -> np.ndarray:
    """Fasting insulin (µU/mL) that gives a fixed HOMA-IR at each fasting glucose (mg/dL).

    Solves HOMA-IR = glucose × insulin / 405 for insulin.

    Parameters
    ----------
    homa_ir_level : float
        The HOMA-IR value held constant, above zero.
    glucose_mg_dl : numpy.ndarray
        Fasting glucose values, mg/dL, above zero.

    Returns
    -------
    numpy.ndarray
        Fasting insulin, µU/mL, one per glucose value.

    Source
    ------
    Matthews et al. 1985, *Diabetologia* 28:412–419.

    Examples
    --------
    >>> float(homa_ir_iso_line(2.0, np.array([81.0]))[0])
    10.0
    """
    return homa_ir_level * indices.HOMA_IR_CONSTANT_MG_DL / np.asarray(glucose_mg_dl, float)


def _ada_fasting_bands(glucose_start: float, glucose_stop: float) -> list[tuple[str, float, float]]:
    """The ADA fasting-glucose bands clipped to ``[glucose_start, glucose_stop]`` (mg/dL)."""
    prediabetes_from, diabetes_from = indices.ADA_FASTING_GLUCOSE_MG_DL
    bands = [
        (indices.NORMAL, -math.inf, prediabetes_from),
        (indices.PREDIABETES, prediabetes_from, diabetes_from),
        (indices.DIABETES, diabetes_from, math.inf),
    ]
    clipped = []
    for category, start, stop in bands:
        start, stop = max(start, glucose_start), min(stop, glucose_stop)
        if start < stop:
            clipped.append((category, start, stop))
    return clipped


def _band_label(category: str) -> str:
    prediabetes_from, diabetes_from = indices.ADA_FASTING_GLUCOSE_MG_DL
    ranges = {
        indices.NORMAL: f"< {prediabetes_from:g}",
        indices.PREDIABETES: f"{prediabetes_from:g}–{diabetes_from - 1:g}",
        indices.DIABETES: f"≥ {diabetes_from:g}",
    }
    return f"{category}\n{ranges[category]} mg/dL"


def _label_position(
    homa_ir_level: float,
    glucose_range_mg_dl: tuple[float, float],
    insulin_range_uu_ml: tuple[float, float],
) -> tuple[float, float] | None:
    """Where to write an iso-line's label: near the right edge, below the top; None if unseen."""
    glucose_start, glucose_stop = glucose_range_mg_dl
    insulin_start, insulin_stop = insulin_range_uu_ml
    insulin_span = insulin_stop - insulin_start
    top = insulin_stop - 0.2 * insulin_span  # leave the top strip to the band labels
    glucose = glucose_stop - 0.06 * (glucose_stop - glucose_start)
    insulin = float(homa_ir_iso_line(homa_ir_level, np.array([glucose]))[0])
    if insulin > top:
        glucose = homa_ir_level * indices.HOMA_IR_CONSTANT_MG_DL / top
        insulin = top
        if glucose > glucose_stop:
            return None
    if insulin < insulin_start + 0.02 * insulin_span:
        return None
    return glucose, insulin


def plot_homa_iso_lines(
    ax=None,
    homa_levels: Sequence[float] = (1.0, 2.0, 3.0, 5.0),
    glucose_range_mg_dl: tuple[float, float] = (60, 160),
    insulin_range_uu_ml: tuple[float, float] = (0, 40),
    person: tuple[float, float] | None = None,
):
    """Draw HOMA-IR iso-lines over fasting glucose × fasting insulin, with the ADA bands.

    Each curve joins the (glucose, insulin) pairs that share one HOMA-IR value
    (glucose × insulin / 405), so the figure shows that one index can hide very different
    glucose values. The ADA fasting-glucose categories are shaded as vertical bands and
    labelled with their names and ranges (colour is only a secondary cue).

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on. If omitted, a new figure with one axes is created.
    homa_levels : sequence of float, default (1.0, 2.0, 3.0, 5.0)
        HOMA-IR values to draw, each finite and above zero.
    glucose_range_mg_dl : (float, float), default (60, 160)
        x-axis range, fasting glucose in mg/dL, with 20 <= start < stop <= 1000.
    insulin_range_uu_ml : (float, float), default (0, 40)
        y-axis range, fasting insulin in µU/mL, with 0 <= start < stop <= 1000.
    person : (float, float), optional
        A (fasting glucose mg/dL, fasting insulin µU/mL) pair to mark and annotate with its
        HOMA-IR. It must lie inside both ranges.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. Each iso-line is a ``Line2D`` labelled ``"HOMA-IR <level>"``; each
        band is a patch labelled ``"ADA <category>"``.

    Raises
    ------
    ValueError
        If a range is not an increasing pair inside its accepted interval, a level is not a
        finite number above zero, or ``person`` is impossible or outside the drawn ranges.
        The message names the argument and the accepted range.

    Source
    ------
    Matthews et al. 1985, *Diabetologia* 28:412–419 (HOMA-IR); American Diabetes Association,
    Standards of Care in Diabetes—2025, section 2, doi:10.2337/dc25-S002 (fasting-glucose
    categories).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_homa_iso_lines(person=(99, 10))
    >>> ax.get_xlabel()
    'Fasting glucose (mg/dL)'
    """
    levels = _check_homa_levels(homa_levels)
    glucose_start, glucose_stop = _check_range_pair(
        "glucose_range_mg_dl", glucose_range_mg_dl, *units.GLUCOSE_RANGE_MG_DL, "mg/dL"
    )
    insulin_start, insulin_stop = _check_range_pair(
        "insulin_range_uu_ml", insulin_range_uu_ml, *units.INSULIN_RANGE_UU_ML, "µU/mL"
    )
    person_point = _check_person(
        person, (glucose_start, glucose_stop), (insulin_start, insulin_stop)
    )

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7.5, 5.0), layout="constrained")

    _draw_bands(ax, glucose_start, glucose_stop)

    glucose_mg_dl = np.linspace(glucose_start, glucose_stop, HOMA_IR_LINE_POINTS)
    for level in levels:
        ax.plot(
            glucose_mg_dl,
            homa_ir_iso_line(level, glucose_mg_dl),
            color=PALETTE["black"],
            linewidth=1.5,
            label=f"HOMA-IR {level:g}",
            zorder=3,
        )
        position = _label_position(
            level, (glucose_start, glucose_stop), (insulin_start, insulin_stop)
        )
        if position is not None:
            ax.text(
                *position,
                f"HOMA-IR {level:g}",
                ha="center",
                va="center",
                fontsize=9,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
                zorder=4,
            )

    if person_point is not None:
        _draw_person(
            ax, *person_point, (glucose_start, glucose_stop), (insulin_start, insulin_stop)
        )

    ax.set_xlim(glucose_start, glucose_stop)
    ax.set_ylim(insulin_start, insulin_stop)
    ax.set_xlabel("Fasting glucose (mg/dL)")
    ax.set_ylabel("Fasting insulin (µU/mL)")
    ax.set_title("Same HOMA-IR, different glucose: two numbers, one index")
    return ax


def _check_person(
    person: object,
    glucose_range_mg_dl: tuple[float, float],
    insulin_range_uu_ml: tuple[float, float],
) -> tuple[float, float] | None:
    if person is None:
        return None
    if isinstance(person, (str, bytes)) or not isinstance(person, Sequence) or len(person) != 2:
        raise ValueError(
            f"person must be a pair (fasting glucose mg/dL, fasting insulin µU/mL); got {person!r}"
        )
    glucose = units.check_glucose_mg_dl(person[0], "person[0] (fasting glucose, mg/dL)")
    insulin = units.check_insulin_uu_ml(person[1], "person[1] (fasting insulin, µU/mL)")
    (glucose_start, glucose_stop), (insulin_start, insulin_stop) = (
        glucose_range_mg_dl,
        insulin_range_uu_ml,
    )
    if not (glucose_start <= glucose <= glucose_stop and insulin_start <= insulin <= insulin_stop):
        raise ValueError(
            f"person must lie inside glucose_range_mg_dl [{glucose_start:g}, {glucose_stop:g}] "
            f"mg/dL and insulin_range_uu_ml [{insulin_start:g}, {insulin_stop:g}] µU/mL; "
            f"got ({glucose:g}, {insulin:g}). Widen the ranges to show it."
        )
    return glucose, insulin


def _draw_bands(ax, glucose_start: float, glucose_stop: float) -> None:
    """Shade and label the ADA fasting-glucose bands inside the glucose range."""
    label_transform = ax.get_xaxis_transform()  # x in data, y in axes fraction
    for category, start, stop in _ada_fasting_bands(glucose_start, glucose_stop):
        ax.axvspan(
            start,
            stop,
            facecolor=CATEGORY_COLOURS[category],
            alpha=_BAND_ALPHA,
            edgecolor="none",
            label=f"ADA {category}",
            zorder=1,
        )
        ax.text(
            (start + stop) / 2,
            0.98,
            _band_label(category),
            transform=label_transform,
            ha="center",
            va="top",
            fontsize=9,
            zorder=4,
        )
    for edge in indices.ADA_FASTING_GLUCOSE_MG_DL:
        if glucose_start < edge < glucose_stop:
            ax.axvline(edge, color=PALETTE["black"], linewidth=0.8, linestyle=":", zorder=2)


def _draw_person(
    ax,
    glucose_mg_dl: float,
    insulin_uu_ml: float,
    glucose_range_mg_dl: tuple[float, float],
    insulin_range_uu_ml: tuple[float, float],
) -> None:
    """Mark one person's fasting values and annotate them with their HOMA-IR."""
    homa = indices.homa_ir(glucose_mg_dl, insulin_uu_ml)
    ax.plot(
        [glucose_mg_dl],
        [insulin_uu_ml],
        marker="D",
        markersize=8,
        color=PALETTE["blue"],
        markeredgecolor=PALETTE["black"],
        linestyle="none",
        label="person",
        zorder=5,
    )
    glucose_start, glucose_stop = glucose_range_mg_dl
    insulin_start, insulin_stop = insulin_range_uu_ml
    on_left_half = glucose_mg_dl < (glucose_start + glucose_stop) / 2
    # Keep the annotation clear of the band labels along the top.
    in_upper_part = insulin_uu_ml > insulin_start + 0.6 * (insulin_stop - insulin_start)
    ax.annotate(
        f"HOMA-IR {homa:.2f}\n({glucose_mg_dl:g} mg/dL, {insulin_uu_ml:g} µU/mL)",
        xy=(glucose_mg_dl, insulin_uu_ml),
        xytext=(40 if on_left_half else -40, -45 if in_upper_part else 30),
        textcoords="offset points",
        ha="left" if on_left_half else "right",
        fontsize=9,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": PALETTE["blue"]},
        arrowprops={"arrowstyle": "->", "color": PALETTE["blue"]},
        zorder=6,
    )


__all__ = [
    "CATEGORY_COLOURS",
    "PALETTE",
    "homa_ir_iso_line",
    "plot_homa_iso_lines",
]
