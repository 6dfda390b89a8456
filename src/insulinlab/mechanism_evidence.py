"""Mechanism studies for chapter 14: who was studied, how, and which way the result points.

Every row of ``insulinlab/data/mechanism_studies.csv`` is one study (or one experiment inside a
paper) bearing on one of two hypotheses about insulin resistance:

``"mitochondria"``
    A shortage or malfunction of muscle mitochondria causes insulin resistance.
``"microbiome"``
    Gut microbes, through products such as lipopolysaccharide (LPS), short-chain fatty acids
    or branched-chain amino acids, change insulin sensitivity.

Columns: ``key`` (unique), ``finding`` (one sentence), ``species`` (:data:`SPECIES`),
``design`` (a key of :data:`DESIGN_KINDS`), ``causal_or_associative`` (:data:`KINDS`, and it must
agree with the design), ``direction`` (:data:`DIRECTIONS`: does the finding support the
hypothesis, count against it, or is it mixed), ``hypothesis`` (:data:`HYPOTHESES`), ``n`` (the
number of people studied where the paper's abstract gives it; empty otherwise and for animals)
and ``cite_key`` (a key in ``references.bib``).

Causal and associative designs
------------------------------
A design is *causal* when the investigators change the suspected cause themselves (assign a
diet, a drug, an infusion, a transplant, a gene deletion, a training programme) and compare
with a control, so a difference can be put down to what they changed. It is *associative* when
they only observe people or animals as they are (cross-sectional comparisons, cohorts,
case-control studies), so a difference may come from anything else that differs between the
groups. Causal says nothing about *relevance*: a causal result in mice shows what happens in
mice.

Counting rows is a teaching device
----------------------------------
:func:`counts_by_species_and_kind` and :func:`direction_counts` count rows. A count is not a
meta-analysis: it ignores study size, quality and effect size, and the table holds only the
studies the chapter discusses. The chapter uses the counts to show *where* the evidence for
each hypothesis comes from, not to decide it.

Sources
-------
petersen2003, petersen2004, hancock2008, han2011, meex2010 (mitochondria); cani2007,
pedersen2016, mehta2010, vrieze2012, kootte2017, yu2020 (microbiome). Full entries in
``references.bib``.

For education only; not medical advice.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from numbers import Real
from types import MappingProxyType

DATA_FILE = "mechanism_studies.csv"
"""The table's file name inside ``insulinlab/data``."""

SPECIES = ("human", "mouse", "rat", "cells")
"""What was studied: people, mice, rats, or cells in culture."""

KINDS = ("causal", "associative")
"""Whether the design can show cause (see the module docstring)."""

DIRECTIONS = ("supports", "against", "mixed")
"""Which way a finding points for its hypothesis."""

HYPOTHESES = ("mitochondria", "microbiome")
"""The two hypotheses of chapter 14."""

HYPOTHESIS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "mitochondria": "Too few or faulty muscle mitochondria cause insulin resistance",
        "microbiome": "Gut microbes change insulin sensitivity",
    }
)
"""A one-line statement of each hypothesis, for captions."""

DESIGN_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "RCT": "causal",
        "crossover": "causal",
        "diet intervention": "causal",
        "training intervention": "causal",
        "infusion": "causal",
        "colonisation": "causal",
        "knockout": "causal",
        "cell culture": "causal",
        "cross-sectional": "associative",
        "cohort": "associative",
        "case-control": "associative",
    }
)
"""Every design the table uses, and whether it is causal or associative."""

SHORT_CITATIONS: Mapping[str, str] = MappingProxyType(
    {
        "petersen2003": "Petersen et al. 2003",
        "petersen2004": "Petersen et al. 2004",
        "hancock2008": "Hancock et al. 2008",
        "han2011": "Han et al. 2011",
        "meex2010": "Meex et al. 2010",
        "cani2007": "Cani et al. 2007",
        "pedersen2016": "Pedersen et al. 2016",
        "mehta2010": "Mehta et al. 2010",
        "vrieze2012": "Vrieze et al. 2012",
        "kootte2017": "Kootte et al. 2017",
        "yu2020": "Yu et al. 2020",
    }
)
"""A short "Author et al. year" form of every citation key the table uses."""

COLUMNS = (
    "key",
    "finding",
    "species",
    "design",
    "causal_or_associative",
    "direction",
    "hypothesis",
    "n",
    "cite_key",
)
"""The CSV columns, in order."""


@dataclass(frozen=True)
class Study:
    """One row of the mechanism table (see the module docstring for the columns)."""

    key: str
    finding: str
    species: str
    design: str
    causal_or_associative: str
    direction: str
    hypothesis: str
    n: int | None
    cite_key: str


def _choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """``value`` if it is one of ``allowed`` (exact match); ValueError naming ``name`` if not."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def design_kind(design: str) -> str:
    """Return ``"causal"`` or ``"associative"`` for a study design.

    Case and surrounding spaces are ignored (``" rct "`` is an RCT).

    Parameters
    ----------
    design : str
        A design from :data:`DESIGN_KINDS`.

    Returns
    -------
    str
        ``"causal"`` if the investigators changed the suspected cause and compared with a
        control, ``"associative"`` if they only observed.

    Raises
    ------
    ValueError
        For anything that is not a known design; the message lists the designs.

    Examples
    --------
    >>> design_kind("RCT"), design_kind("Cross-sectional")
    ('causal', 'associative')
    """
    if isinstance(design, str):
        wanted = design.strip().lower()
        for known, kind in DESIGN_KINDS.items():
            if known.lower() == wanted:
                return kind
    raise ValueError(f"design must be one of {', '.join(DESIGN_KINDS)}; got {design!r}")


def _parse_n(text: str, where: str) -> int | None:
    if text.strip() == "":
        return None
    try:
        n = int(text)
    except ValueError:
        raise ValueError(f"{where}: n must be a whole number or empty; got {text!r}") from None
    if n < 1:
        raise ValueError(f"{where}: n must be at least 1; got {n}")
    return n


def parse_row(raw: Mapping[str, str], line: int = 0) -> Study:
    """Check one CSV row (a mapping of column name to text) and return it as a :class:`Study`.

    Raises
    ------
    ValueError
        For a missing column, an empty key, finding or cite_key, a value outside its list, a
        ``causal_or_associative`` that disagrees with the design, or a bad ``n``; the message
        names the line, the row key and the column.
    """
    where = f"{DATA_FILE} line {line} ({raw.get('key') or 'no key'})"
    missing = [column for column in COLUMNS if column not in raw]
    if missing:
        raise ValueError(f"{where}: missing columns {missing}")
    for column in ("key", "finding", "cite_key"):
        if not raw[column].strip():
            raise ValueError(f"{where}: {column} must not be empty")
    try:
        species = _choice("species", raw["species"], SPECIES)
        design = _choice("design", raw["design"], DESIGN_KINDS)
        kind = _choice("causal_or_associative", raw["causal_or_associative"], KINDS)
        direction = _choice("direction", raw["direction"], DIRECTIONS)
        hypothesis = _choice("hypothesis", raw["hypothesis"], HYPOTHESES)
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
    if kind != DESIGN_KINDS[design]:
        raise ValueError(
            f"{where}: causal_or_associative is {kind!r} but a {design} design is "
            f"{DESIGN_KINDS[design]!r}"
        )
    return Study(
        key=raw["key"].strip(),
        finding=raw["finding"].strip(),
        species=species,
        design=design,
        causal_or_associative=kind,
        direction=direction,
        hypothesis=hypothesis,
        n=_parse_n(raw["n"], where),
        cite_key=raw["cite_key"].strip(),
    )


def parse_rows(raw_rows: Iterable[Mapping[str, str]]) -> tuple[Study, ...]:
    """Check every row (see :func:`parse_row`) and that the keys are unique.

    Raises
    ------
    ValueError
        For a bad row, for duplicate keys, or for an empty table.
    """
    studies = tuple(parse_row(raw, line) for line, raw in enumerate(raw_rows, start=2))
    if not studies:
        raise ValueError(f"{DATA_FILE} holds no studies")
    repeated = sorted(key for key, count in Counter(s.key for s in studies).items() if count > 1)
    if repeated:
        raise ValueError(f"{DATA_FILE}: duplicate keys {repeated}")
    return studies


@lru_cache(maxsize=1)
def load_studies() -> tuple[Study, ...]:
    """Return every checked row of ``mechanism_studies.csv``, in file order.

    Raises
    ------
    ValueError
        If the table breaks its rules (see :func:`parse_rows`).
    """
    path = resources.files("insulinlab") / "data" / DATA_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        return parse_rows(csv.DictReader(handle))


def _studies(studies: Iterable[Study] | None) -> tuple[Study, ...]:
    return load_studies() if studies is None else tuple(studies)


def select(
    studies: Iterable[Study] | None = None,
    *,
    hypothesis: str | None = None,
    species: str | None = None,
    kind: str | None = None,
) -> tuple[Study, ...]:
    """The studies matching every filter given (None means no filter on that column).

    Raises
    ------
    ValueError
        For a filter value outside :data:`HYPOTHESES`, :data:`SPECIES` or :data:`KINDS`.

    Examples
    --------
    >>> [s.key for s in select(hypothesis="mitochondria", species="rat")]
    ['hancock2008-high-fat-rats', 'han2011-iron-deficient-rats']
    """
    filters = {
        "hypothesis": ("hypothesis", hypothesis, HYPOTHESES),
        "species": ("species", species, SPECIES),
        "causal_or_associative": ("kind", kind, KINDS),
    }
    wanted = {
        column: _choice(name, value, allowed)
        for column, (name, value, allowed) in filters.items()
        if value is not None
    }
    return tuple(
        study
        for study in _studies(studies)
        if all(getattr(study, column) == value for column, value in wanted.items())
    )


def group_by_species_and_kind(
    studies: Iterable[Study] | None = None, *, hypothesis: str | None = None
) -> dict[tuple[str, str], tuple[Study, ...]]:
    """The studies in each (species, kind) cell, in table order; empty cells included.

    Returns
    -------
    dict
        ``{(species, kind): (study, ...)}`` for every species in :data:`SPECIES` and kind in
        :data:`KINDS`, in that order.
    """
    chosen = select(studies, hypothesis=hypothesis)
    return {
        (species, kind): tuple(
            s for s in chosen if s.species == species and s.causal_or_associative == kind
        )
        for species in SPECIES
        for kind in KINDS
    }


def counts_by_species_and_kind(
    studies: Iterable[Study] | None = None, *, hypothesis: str | None = None
) -> dict[tuple[str, str], int]:
    """Count studies in each (species, kind) cell, zeros included.

    Parameters
    ----------
    studies : iterable of Study, optional
        Default: the whole table.
    hypothesis : str, optional
        Count only this hypothesis's studies.

    Returns
    -------
    dict
        ``{(species, kind): count}`` for every species in :data:`SPECIES` and kind in
        :data:`KINDS`, in that order.

    Examples
    --------
    >>> counts = counts_by_species_and_kind(hypothesis="microbiome")
    >>> counts[("mouse", "causal")], counts[("human", "associative")]
    (4, 1)
    """
    groups = group_by_species_and_kind(studies, hypothesis=hypothesis)
    return {cell: len(group) for cell, group in groups.items()}


def direction_counts(
    studies: Iterable[Study] | None = None,
    *,
    hypothesis: str | None = None,
    species: str | None = None,
    kind: str | None = None,
) -> dict[str, int]:
    """Count how many of the selected studies support, count against, or are mixed.

    Returns
    -------
    dict
        ``{"supports": a, "against": b, "mixed": c}``, zeros included.

    Examples
    --------
    >>> direction_counts(hypothesis="mitochondria")
    {'supports': 2, 'against': 2, 'mixed': 1}
    >>> direction_counts(hypothesis="mitochondria", species="human", kind="causal")
    {'supports': 0, 'against': 0, 'mixed': 1}
    """
    chosen = select(studies, hypothesis=hypothesis, species=species, kind=kind)
    counts = dict.fromkeys(DIRECTIONS, 0)
    for study in chosen:
        counts[study.direction] += 1
    return counts


def as_dicts(studies: Iterable[Study] | None = None) -> list[dict[str, object]]:
    """The studies as plain dictionaries (column name to value), e.g. for an exercise."""
    return [asdict(study) for study in _studies(studies)]


def citation_keys(studies: Iterable[Study] | None = None) -> tuple[str, ...]:
    """The distinct citation keys of the studies, in first-seen order."""
    return tuple(dict.fromkeys(study.cite_key for study in _studies(studies)))


def percent_change(before: float, after: float) -> float:
    """Return the change from ``before`` to ``after`` as a percentage of ``before``.

    ``100 × (after − before) / before``. Vrieze et al. 2012: median Rd 26.2 → 45.3
    µmol/kg/min is about +72.9 %.

    Raises
    ------
    ValueError
        If either value is not a finite number, or ``before`` is 0 (no percentage of zero).

    Examples
    --------
    >>> round(percent_change(26.2, 45.3), 1)
    72.9
    """
    numbers = {"before": before, "after": after}
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number; got {value!r}")
    if before == 0:
        raise ValueError("before must not be 0: a change cannot be a percentage of zero")
    return 100.0 * (float(after) - float(before)) / float(before)


__all__ = [
    "COLUMNS",
    "DATA_FILE",
    "DESIGN_KINDS",
    "DIRECTIONS",
    "HYPOTHESES",
    "HYPOTHESIS_LABELS",
    "KINDS",
    "SHORT_CITATIONS",
    "SPECIES",
    "Study",
    "as_dicts",
    "citation_keys",
    "counts_by_species_and_kind",
    "design_kind",
    "direction_counts",
    "group_by_species_and_kind",
    "load_studies",
    "parse_row",
    "parse_rows",
    "percent_change",
    "select",
]
