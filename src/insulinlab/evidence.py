"""The course's evidence table: trials, meta-analyses and guideline statements, and a forest plot.

Every row lives in ``insulinlab/data/evidence.csv`` (one row per study × outcome) and every
appraised claim from the source articles in ``insulinlab/data/claims.csv`` (FACTS.md §D, D1–D12).
Each row names its citation key in ``references.bib`` and the FACTS.md section it comes from, so a
reader can trace any number back to its paper. Numbers are the published ones; where the course
re-expresses a result (for example DPP's "58 % reduction" as a rate ratio of 0.42), the row's
``note`` says so.

Evidence levels (strongest synthesis first, as used in FACTS.md §D and chapter 11)
    MA          meta-analysis of trials
    GUIDELINE   a recommendation from a systematic review or consensus panel
    RCT         randomised controlled trial (including crossover and cluster designs)
    EXPERIMENT  controlled but not randomised human experiment (e.g. within-subject sleep studies)
    OBS         observational study, or a post hoc / non-randomised analysis within a trial
    ANIMAL      animal study
    IN VITRO    cells or tissue in a dish
    NONE        no direct study found

For education only; not medical advice. Doses never appear here.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources

from insulinlab._validate import check_positive

EVIDENCE_LEVELS = ("MA", "GUIDELINE", "RCT", "EXPERIMENT", "OBS", "ANIMAL", "IN VITRO", "NONE")
"""Evidence levels, strongest first."""

LEVEL_DESCRIPTIONS = {
    "MA": "Meta-analysis of trials",
    "GUIDELINE": "Recommendation from a systematic review or consensus panel",
    "RCT": "Randomised controlled trial",
    "EXPERIMENT": "Controlled, non-randomised human experiment",
    "OBS": "Observational or post hoc analysis",
    "ANIMAL": "Animal study",
    "IN VITRO": "Cells or tissue in a dish",
    "NONE": "No direct study found",
}

RATIO_MEASURES = ("RR", "HR", "OR")
"""Effect measures on a ratio scale (no effect = 1, drawn on a log axis)."""

DIFFERENCE_MEASURES = ("MD", "percent")
"""Effect measures on a difference scale (no effect = 0): mean difference, percent change."""

OUTCOME_KINDS = ("clinical", "surrogate", "safety")

MEASURE_LABELS = {
    "RR": "Risk or rate ratio",
    "HR": "Hazard ratio",
    "OR": "Odds ratio",
    "MD": "Mean difference",
    "percent": "Change (%)",
}


@dataclass(frozen=True)
class EvidenceRow:
    """One study × outcome from ``evidence.csv``; empty cells are ``None``.

    ``n`` is the number randomised or analysed as the paper reports it; ``events_*`` and
    ``n_*`` are the per-arm counts where they are published (for absolute risks and NNT).
    """

    id: str
    topic: str
    study: str
    year: int
    intervention: str
    comparator: str
    population: str
    design: str
    n: int | None
    duration: str
    outcome: str
    outcome_kind: str
    measure: str | None
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    events_treated: int | None
    n_treated: int | None
    events_control: int | None
    n_control: int | None
    evidence_level: str
    species: str
    cite_key: str
    facts_ref: str
    note: str

    @property
    def label(self) -> str:
        """A short label for plots and tables: study, year and intervention (≤ 48 characters)."""
        text = f"{self.study} {self.year}: {self.intervention}"
        return text if len(text) <= 48 else text[:47].rstrip() + "…"

    @property
    def null_value(self) -> float | None:
        """The no-effect value: 1 for ratios, 0 for differences, None without a measure."""
        if self.measure is None:
            return None
        return 1.0 if self.measure in RATIO_MEASURES else 0.0

    @property
    def has_ci(self) -> bool:
        return self.ci_low is not None and self.ci_high is not None

    @property
    def ci_excludes_null(self) -> bool | None:
        """True if the 95 % CI lies wholly on one side of no effect; None if no CI is recorded."""
        if not self.has_ci:
            return None
        return not (self.ci_low <= self.null_value <= self.ci_high)

    @property
    def has_counts(self) -> bool:
        return None not in (
            self.events_treated,
            self.n_treated,
            self.events_control,
            self.n_control,
        )

    @property
    def risk_treated(self) -> float | None:
        """Proportion with the outcome in the intervention arm (from published counts)."""
        return self.events_treated / self.n_treated if self.has_counts else None

    @property
    def risk_control(self) -> float | None:
        """Proportion with the outcome in the comparator arm (from published counts)."""
        return self.events_control / self.n_control if self.has_counts else None


@dataclass(frozen=True)
class Claim:
    """One claim from the source articles with its appraisal (FACTS.md §D)."""

    id: str
    claim: str
    what_the_evidence_shows: str
    evidence_level: str
    level_note: str
    verdict: str
    cite_keys: tuple[str, ...]
    chapter: str


def _data_path(name: str):
    return resources.files("insulinlab") / "data" / name


def _read_csv(name: str) -> list[dict[str, str]]:
    with _data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _optional(text: str, kind: type):
    return None if text.strip() == "" else kind(text)


def _evidence_row(raw: dict[str, str], line: int) -> EvidenceRow:
    numbers = {"n": int, "year": int, "estimate": float, "ci_low": float, "ci_high": float}
    counts = ("events_treated", "n_treated", "events_control", "n_control")
    values = {}
    for field in fields(EvidenceRow):
        text = raw.get(field.name, "")
        if field.name in numbers:
            values[field.name] = _optional(text, numbers[field.name])
        elif field.name in counts:
            values[field.name] = _optional(text, int)
        elif field.name == "measure":
            values[field.name] = text or None
        else:
            values[field.name] = text
    row = EvidenceRow(**values)
    _check_row(row, line)
    return row


def _check_row(row: EvidenceRow, line: int) -> None:
    where = f"evidence.csv line {line} ({row.id or 'no id'})"
    problems = []
    if not row.id or not row.cite_key or row.year is None:
        problems.append("id, year and cite_key are required")
    if row.evidence_level not in EVIDENCE_LEVELS:
        problems.append(f"evidence_level {row.evidence_level!r} not in {EVIDENCE_LEVELS}")
    if row.outcome_kind not in OUTCOME_KINDS:
        problems.append(f"outcome_kind {row.outcome_kind!r} not in {OUTCOME_KINDS}")
    if row.measure is not None and row.measure not in RATIO_MEASURES + DIFFERENCE_MEASURES:
        problems.append(f"measure {row.measure!r} not in {RATIO_MEASURES + DIFFERENCE_MEASURES}")
    if row.estimate is not None and row.measure is None:
        problems.append("an estimate needs a measure")
    if row.has_ci and not (row.ci_low <= row.estimate <= row.ci_high):
        problems.append("estimate must lie within [ci_low, ci_high]")
    if (row.ci_low is None) != (row.ci_high is None):
        problems.append("give both CI limits or neither")
    if row.measure in RATIO_MEASURES and row.estimate is not None and row.estimate <= 0:
        problems.append("ratio estimates must be > 0")
    if row.has_counts and not (
        0 <= row.events_treated <= row.n_treated and 0 <= row.events_control <= row.n_control
    ):
        problems.append("event counts must lie between 0 and the arm size")
    if problems:
        raise ValueError(f"{where}: " + "; ".join(problems))


@lru_cache(maxsize=1)
def load_evidence() -> tuple[EvidenceRow, ...]:
    """Return every row of ``evidence.csv`` as checked :class:`EvidenceRow` objects.

    Raises
    ------
    ValueError
        If a row breaks the table's rules (unknown level or measure, estimate outside its CI,
        impossible counts, duplicate id); the message names the line and the row id.
    """
    rows = tuple(_evidence_row(raw, line) for line, raw in enumerate(_read_csv("evidence.csv"), 2))
    ids = [row.id for row in rows]
    duplicates = sorted({row_id for row_id in ids if ids.count(row_id) > 1})
    if duplicates:
        raise ValueError(f"evidence.csv: duplicate ids {duplicates}")
    return rows


@lru_cache(maxsize=1)
def load_claims() -> tuple[Claim, ...]:
    """Return the appraised claims D1–D12 from ``claims.csv``."""
    claims = []
    for raw in _read_csv("claims.csv"):
        keys = tuple(key for key in raw["cite_keys"].split(";") if key)
        claim = Claim(**{**raw, "cite_keys": keys})
        if claim.evidence_level not in EVIDENCE_LEVELS:
            raise ValueError(
                f"claims.csv ({claim.id}): evidence_level {claim.evidence_level!r} "
                f"not in {EVIDENCE_LEVELS}"
            )
        claims.append(claim)
    return tuple(claims)


def _check_choice(name: str, value: str | None, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {allowed} or None; got {value!r}")


def filter_evidence(
    rows: Sequence[EvidenceRow] | None = None,
    *,
    topic: str | None = None,
    outcome_kind: str | None = None,
    evidence_level: str | None = None,
    measure: str | None = None,
    with_estimate: bool = False,
) -> tuple[EvidenceRow, ...]:
    """Rows matching every given filter (None means "any"); all rows when ``rows`` is None.

    Raises
    ------
    ValueError
        If a filter value is not one the table uses (the message lists the accepted values).
    """
    rows = load_evidence() if rows is None else tuple(rows)
    _check_choice("topic", topic, topics(rows))
    _check_choice("outcome_kind", outcome_kind, OUTCOME_KINDS)
    _check_choice("evidence_level", evidence_level, EVIDENCE_LEVELS)
    _check_choice("measure", measure, RATIO_MEASURES + DIFFERENCE_MEASURES)
    wanted = {
        "topic": topic,
        "outcome_kind": outcome_kind,
        "evidence_level": evidence_level,
        "measure": measure,
    }
    return tuple(
        row
        for row in rows
        if all(value is None or getattr(row, name) == value for name, value in wanted.items())
        and (row.estimate is not None or not with_estimate)
    )


def topics(rows: Sequence[EvidenceRow] | None = None) -> tuple[str, ...]:
    """The topics used in the table, sorted."""
    rows = load_evidence() if rows is None else rows
    return tuple(sorted({row.topic for row in rows}))


def get_row(row_id: str) -> EvidenceRow:
    """The row with this id; ValueError listing the known ids otherwise."""
    for row in load_evidence():
        if row.id == row_id:
            return row
    known = ", ".join(row.id for row in load_evidence())
    raise ValueError(f"row_id must be one of: {known}; got {row_id!r}")


def absolute_risk_difference(risk_treated: float, risk_control: float) -> float:
    """Risk in the intervention arm minus risk in the comparator arm (proportions 0–1)."""
    for name, value in (("risk_treated", risk_treated), ("risk_control", risk_control)):
        if not 0 <= check_positive(name, value, allow_zero=True) <= 1:
            raise ValueError(f"{name} must be a proportion in [0, 1]; got {value}")
    return risk_treated - risk_control


def number_needed_to_treat(risk_treated: float, risk_control: float) -> float:
    """1 / |absolute risk difference|: people treated for one fewer (or one more) event.

    Raises
    ------
    ValueError
        If a risk is outside [0, 1] or the two risks are equal (no difference, NNT undefined).
    """
    difference = absolute_risk_difference(risk_treated, risk_control)
    if difference == 0:
        raise ValueError("risk_treated and risk_control are equal: the NNT is undefined")
    return 1.0 / abs(difference)


def forest_plot(rows: Sequence[EvidenceRow], ax=None, *, title: str | None = None):
    """Draw a forest plot of rows that share one effect measure; return the Axes.

    Each row is a point with its 95 % CI (a hollow point where no CI is recorded), coloured by
    evidence level, with a dashed line at no effect. Ratio measures use a log axis.

    Raises
    ------
    ValueError
        If ``rows`` is empty, a row has no estimate, or the rows mix measures.
    """
    import matplotlib.pyplot as plt

    from insulinlab.plotting import PALETTE

    rows = tuple(rows)
    if not rows:
        raise ValueError("rows must contain at least one evidence row")
    missing = [row.id for row in rows if row.estimate is None]
    if missing:
        raise ValueError(f"rows without an estimate cannot be drawn: {missing}")
    measures = sorted({row.measure for row in rows})
    if len(measures) > 1:
        raise ValueError(f"rows must share one measure to share an axis; got {measures}")
    measure = measures[0]
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.45 * len(rows) + 1.4))
    colours = dict(zip(EVIDENCE_LEVELS, level_colours(PALETTE), strict=True))
    for position, row in enumerate(reversed(rows)):
        colour = colours[row.evidence_level]
        if row.has_ci:
            ax.plot([row.ci_low, row.ci_high], [position, position], color=colour, linewidth=2)
        face = colour if row.has_ci else "white"
        ax.plot(row.estimate, position, "s", color=colour, markerfacecolor=face, markersize=8)
    ax.axvline(rows[0].null_value, color=PALETTE["black"], linestyle="--", linewidth=1)
    ax.set_yticks(range(len(rows)), [row.label for row in reversed(rows)])
    if measure in RATIO_MEASURES:
        ax.set_xscale("log")
        _ratio_ticks(ax, rows)
    ax.set_xlabel(f"{MEASURE_LABELS[measure]} with 95% CI (hollow square: no CI recorded)")
    _level_legend(ax, rows, colours)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def level_colours(palette: dict[str, str]) -> list[str]:
    """One colour per evidence level (:data:`EVIDENCE_LEVELS` order) from ``palette``."""
    names = ("blue", "reddish_purple", "bluish_green", "sky_blue", "orange", "vermillion")
    chosen = [palette[name] for name in names]
    return chosen + [palette["black"], palette["black"]]


def ratio_axis(rows: Sequence[EvidenceRow]) -> tuple[tuple[float, float], list[float]]:
    """A forest plot's log axis for ratio rows: its limits and the ticks within them.

    The limits pad the estimates, CIs and the null value 1 by a factor of 1.3; the ticks are the
    round ratios (0.1 … 50) within a factor of 1.5 of those values.
    """
    values = [v for row in rows for v in (row.estimate, row.ci_low, row.ci_high) if v is not None]
    low, high = min(values + [1.0]), max(values + [1.0])
    candidates = (0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 10, 20, 50)
    limits = (low / 1.3, high * 1.3)
    ticks = [tick for tick in candidates if low / 1.5 <= tick <= high * 1.5]
    return limits, [tick for tick in ticks if limits[0] <= tick <= limits[1]]


def _ratio_ticks(ax, rows: Sequence[EvidenceRow]) -> None:
    limits, ticks = ratio_axis(rows)
    ax.set_xticks(ticks, [f"{tick:g}" for tick in ticks])
    ax.set_xticks([], minor=True)
    ax.set_xlim(*limits)


def _level_legend(ax, rows: Sequence[EvidenceRow], colours: dict[str, str]) -> None:
    from matplotlib.lines import Line2D

    present = [level for level in EVIDENCE_LEVELS if any(r.evidence_level == level for r in rows)]
    handles = [
        Line2D(
            [], [], marker="s", linestyle="", color=colours[level], label=LEVEL_DESCRIPTIONS[level]
        )
        for level in present
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.25),
        frameon=False,
        ncols=min(len(handles), 2),
        fontsize="small",
    )


def log_ratio_standard_error(ci_low: float, ci_high: float) -> float:
    """Standard error of log(ratio) recovered from a 95 % CI: (ln high − ln low) / (2 × 1.96)."""
    low = check_positive("ci_low", ci_low)
    high = check_positive("ci_high", ci_high)
    if high <= low:
        raise ValueError(f"ci_high must exceed ci_low; got {ci_low} and {ci_high}")
    return (math.log(high) - math.log(low)) / (2 * 1.959964)


# --------------------------------------------------------------------------------------------
# Reading a row: effects as text, scales a forest plot can share
# --------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A number as published: no trailing zeros, a true minus sign."""
    return f"{value:g}".replace("-", "−")


def format_effect(row: EvidenceRow) -> str:
    """The row's effect as text, e.g. ``"HR 0.79 (95% CI 0.67 to 0.93)"``; ``""`` without one.

    Percent changes read ``"−12.9% (95% CI −17.1 to −8.6)"``; a missing CI is said so.

    Examples
    --------
    >>> format_effect(get_row("whi-ep"))
    'HR 0.79 (95% CI 0.67 to 0.93)'
    >>> format_effect(get_row("kapoor-homa"))
    'MD −1.73 (no CI recorded)'
    """
    if row.estimate is None:
        return ""
    if row.measure == "percent":
        head = f"{_number(row.estimate)}%"
    else:
        head = f"{row.measure} {_number(row.estimate)}"
    if not row.has_ci:
        return f"{head} (no CI recorded)"
    return f"{head} (95% CI {_number(row.ci_low)} to {_number(row.ci_high)})"


def effect_scale(row: EvidenceRow) -> str | None:
    """The scale a row's estimate lives on; rows can share a forest-plot axis only if equal.

    Ratios (RR, HR, OR) are unitless, so each ratio measure is one scale. A mean difference or a
    percent change is only comparable for the same outcome, so the scale names the outcome too
    (HOMA1-IR counts as HOMA-IR; HOMA2-IR is a different scale). None without an estimate.

    Examples
    --------
    >>> effect_scale(get_row("whi-ep"))
    'HR'
    >>> effect_scale(get_row("grossmann-homa1"))
    'MD: HOMA-IR'
    >>> effect_scale(get_row("lookahead-weight")) is None
    True
    """
    if row.estimate is None:
        return None
    if row.measure in RATIO_MEASURES:
        return row.measure
    return f"{row.measure}: {row.outcome.replace('HOMA1-IR', 'HOMA-IR')}"


def largest_shared_scale(rows: Sequence[EvidenceRow]) -> tuple[str | None, tuple[EvidenceRow, ...]]:
    """The scale most of ``rows`` share, and those rows in table order.

    Ties go to the scale met first. Returns ``(None, ())`` when no row has an estimate.

    Examples
    --------
    >>> scale, shared = largest_shared_scale(filter_evidence(topic="menopausal hormone therapy"))
    >>> scale, len(shared)
    ('MD: HOMA-IR', 5)
    """
    counts: dict[str, int] = {}
    for row in rows:
        scale = effect_scale(row)
        if scale is not None:
            counts[scale] = counts.get(scale, 0) + 1
    if not counts:
        return None, ()
    best = max(counts, key=lambda scale: counts[scale])
    return best, tuple(row for row in rows if effect_scale(row) == best)


def scale_label(scale: str) -> str:
    """An axis label for a scale from :func:`effect_scale`.

    Examples
    --------
    >>> scale_label("MD: HOMA-IR")
    'Mean difference in HOMA-IR, with 95% CI'
    >>> scale_label("HR")
    'Hazard ratio, with 95% CI'
    """
    measure, _, outcome = scale.partition(": ")
    if measure not in MEASURE_LABELS:
        raise ValueError(f"scale must start with one of {tuple(MEASURE_LABELS)}; got {scale!r}")
    if not outcome:
        return f"{MEASURE_LABELS[measure]}, with 95% CI"
    if measure == "percent":
        return f"Change in {outcome.replace(' (percent change)', '')} (%), with 95% CI"
    return f"{MEASURE_LABELS[measure]} in {outcome}, with 95% CI"


# --------------------------------------------------------------------------------------------
# Classifying a study, and tables for the notebooks
# --------------------------------------------------------------------------------------------

SUBJECTS = ("none", "cells", "animals", "humans")
"""What a study was done in, for :func:`classify_study` (``"none"``: no study found)."""


def classify_study(subject: str, *, randomised: bool, pooled: bool, assigned: bool) -> str:
    """The evidence level (one of :data:`EVIDENCE_LEVELS`) of a study described by its features.

    The rules, in order (the first that applies wins), follow FACTS.md §D and §E5:

    1. ``subject == "none"`` → ``"NONE"``; ``"cells"`` → ``"IN VITRO"``; ``"animals"`` →
       ``"ANIMAL"`` (whatever the design: a randomised mouse study is still a mouse study).
    2. In humans: ``pooled`` (a meta-analysis of several studies) → ``"MA"``.
    3. ``randomised`` → ``"RCT"``.
    4. ``assigned`` (the investigators chose who got what, without randomising) →
       ``"EXPERIMENT"``.
    5. Otherwise (people chose or simply had the exposure) → ``"OBS"``.

    A guideline is not a study, so it has no feature here; the course marks guideline statements
    ``"GUIDELINE"`` directly.

    Parameters
    ----------
    subject : str
        One of :data:`SUBJECTS`.
    randomised, pooled, assigned : bool
        Design features of the study.

    Raises
    ------
    ValueError
        For an unknown subject or a feature that is not a bool.

    Examples
    --------
    >>> classify_study("humans", randomised=True, pooled=False, assigned=True)
    'RCT'
    >>> classify_study("animals", randomised=True, pooled=False, assigned=True)
    'ANIMAL'
    """
    if subject not in SUBJECTS:
        raise ValueError(f"subject must be one of {SUBJECTS}; got {subject!r}")
    for name, value in (("randomised", randomised), ("pooled", pooled), ("assigned", assigned)):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be True or False; got {value!r}")
    if subject != "humans":
        return {"none": "NONE", "cells": "IN VITRO", "animals": "ANIMAL"}[subject]
    if pooled:
        return "MA"
    if randomised:
        return "RCT"
    return "EXPERIMENT" if assigned else "OBS"


_TABLE_STYLE = "border-collapse: collapse; font-size: 0.85em; line-height: 1.3;"
_CELL_STYLE = "text-align: left; vertical-align: top; padding: 0.2em 0.6em 0.2em 0;"
_HEAD_STYLE = _CELL_STYLE + " border-bottom: 1px solid #888;"
_TABLE_COLUMNS = ("Study", "Compared", "Who", "Outcome", "Effect", "Level")


def _row_cells(row: EvidenceRow) -> tuple[str, ...]:
    import html

    design = row.design + (f", n = {row.n:,}" if row.n is not None else "")
    compared = row.intervention + (f" vs {row.comparator.lower()}" if row.comparator else "")
    effect = html.escape(format_effect(row) or "—")
    if row.note:
        effect += f"<br><span style='color: #444;'>{html.escape(row.note)}</span>"
    return (
        f"<b>{html.escape(row.study)}</b> {row.year}<br>{html.escape(design)}",
        html.escape(compared),
        html.escape(row.population),
        html.escape(f"{row.outcome} ({row.outcome_kind})"),
        effect,
        f"<span title='{html.escape(LEVEL_DESCRIPTIONS[row.evidence_level])}'>"
        f"{html.escape(row.evidence_level)}</span>",
    )


def evidence_table_html(rows: Sequence[EvidenceRow], *, caption: str = "") -> str:
    """The rows as an HTML table: study and design, comparison, who, outcome, effect, level.

    The effect column also carries each row's note (denominators, absolute numbers, caveats);
    hovering over a level shows what it means. Every text is escaped.

    Examples
    --------
    >>> text = evidence_table_html([get_row("whi-ep")], caption="WHI")
    >>> "HR 0.79 (95% CI 0.67 to 0.93)" in text and text.count("<tr>") == 2
    True
    """
    import html

    head = "".join(f"<th style='{_HEAD_STYLE}'>{name}</th>" for name in _TABLE_COLUMNS)
    body = "".join(
        "<tr>"
        + "".join(f"<td style='{_CELL_STYLE}'>{cell}</td>" for cell in _row_cells(row))
        + "</tr>"
        for row in rows
    )
    title = ""
    if caption:
        title = f"<caption style='text-align: left;'>{html.escape(caption)}</caption>"
    return f"<table style='{_TABLE_STYLE}'>{title}<tr>{head}</tr>{body}</table>"


# --------------------------------------------------------------------------------------------
# The appraised claims as MyST Markdown (chapter 11 renders them from here)
# --------------------------------------------------------------------------------------------


def toc_chapter_paths(toc_path, relative_to: str) -> dict[str, str]:
    """Chapter id → path for ``{doc}`` links, for every chapter listed in a ``_toc.yml``.

    Only lines of the form ``- file: <path>`` whose last part starts with two digits and a dash
    count as chapters. Paths are made relative to ``relative_to`` (the linking page's folder,
    relative to the book root). A missing file gives ``{}`` (e.g. on Colab), so links fall back
    to plain text.

    Examples
    --------
    >>> toc_chapter_paths("no/such/_toc.yml", "book/intermediate")
    {}
    """
    import posixpath
    import re
    from pathlib import Path

    path = Path(toc_path)
    if not path.is_file():
        return {}
    chapters = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*-\s*file:\s*(\S+)\s*$", line)
        if match:
            file = match.group(1).strip("'\"")
            chapter_id = posixpath.basename(file)
            if re.match(r"^\d\d-", chapter_id):
                chapters[chapter_id] = posixpath.relpath(file, relative_to)
    return chapters


def chapter_label(chapter_id: str) -> str:
    """A readable name for a chapter id.

    Examples
    --------
    >>> chapter_label("09-menopause-and-hormone-therapy")
    'chapter 09 (menopause and hormone therapy)'
    """
    number, _, words = chapter_id.partition("-")
    return f"chapter {number} ({words.replace('-', ' ')})"


def claims_markdown(
    claims: Sequence[Claim] | None = None, *, chapter_paths: dict[str, str] | None = None
) -> str:
    """The appraised claims as MyST Markdown, one block per claim, for a notebook to display.

    Each block gives the claim as the source articles put it (paraphrased), its evidence level
    with what the level means, what the evidence shows, the verdict with ``{cite:p}`` citations,
    and the chapter that discusses it: a ``{doc}`` link where ``chapter_paths`` (from
    :func:`toc_chapter_paths`) knows the chapter, its plain name otherwise. Display it with MyST
    rendering (cell metadata ``mystnb: {markdown_format: myst}``) so the roles resolve.

    Examples
    --------
    >>> text = claims_markdown(load_claims()[2:3], chapter_paths={})
    >>> text.startswith("**D3.**") and "5,772" in text and "{cite:p}`li2025" in text
    True
    """
    claims = load_claims() if claims is None else tuple(claims)
    chapter_paths = chapter_paths or {}
    blocks = []
    for claim in claims:
        level = f"**{claim.evidence_level}**: {LEVEL_DESCRIPTIONS[claim.evidence_level].lower()}"
        if claim.level_note:
            level += f" ({claim.level_note})"
        verdict = claim.verdict
        if claim.cite_keys:
            verdict += f" {{cite:p}}`{','.join(claim.cite_keys)}`"
        if claim.chapter in chapter_paths:
            where = f"{{doc}}`{chapter_paths[claim.chapter]}`"
        else:
            where = chapter_label(claim.chapter)
        blocks.append(
            f"**{claim.id}.** *“{claim.claim}”*\n\n"
            f"- **Evidence level:** {level}\n"
            f"- **What the evidence shows:** {claim.what_the_evidence_shows}\n"
            f"- **Verdict:** {verdict}\n"
            f"- **Discussed in:** {where}\n"
        )
    return "\n".join(blocks)
