"""Tests for the chapter 14 mechanism-study table: its rules, its citations, and the summaries."""

import math
import re
from pathlib import Path

import pytest

from insulinlab import mechanism_evidence as me

REPO_ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", (REPO_ROOT / "references.bib").read_text("utf-8"))
)


def raw_row(**changes):
    row = {
        "key": "example",
        "finding": "Something happened.",
        "species": "mouse",
        "design": "knockout",
        "causal_or_associative": "causal",
        "direction": "supports",
        "hypothesis": "microbiome",
        "n": "",
        "cite_key": "cani2007",
    }
    row.update(changes)
    return row


# --- the table ------------------------------------------------------------------------------


def test_table_loads_with_unique_keys_and_both_hypotheses():
    studies = me.load_studies()
    assert len(studies) >= 10
    assert len({s.key for s in studies}) == len(studies)
    assert {s.hypothesis for s in studies} == set(me.HYPOTHESES)


def test_every_citation_key_is_in_references_bib_and_has_a_short_form():
    keys = set(me.citation_keys())
    assert not keys - BIB_KEYS, f"missing from references.bib: {sorted(keys - BIB_KEYS)}"
    assert not keys - set(me.SHORT_CITATIONS)
    assert not set(me.SHORT_CITATIONS) - BIB_KEYS


@pytest.mark.parametrize("study", me.load_studies(), ids=lambda s: s.key)
def test_every_row_is_consistent(study):
    assert study.causal_or_associative == me.DESIGN_KINDS[study.design]
    assert study.finding.endswith(".")
    assert study.n is None or study.n >= 1
    if study.species != "human":
        assert study.n is None, "n counts people; animal rows leave it empty"


def test_the_teaching_points_hold():
    # Mitochondria: human evidence is associative, the causal tests in rats point against.
    assert me.direction_counts(hypothesis="mitochondria", species="rat", kind="causal") == {
        "supports": 0,
        "against": 2,
        "mixed": 0,
    }
    human = me.select(hypothesis="mitochondria", species="human", kind="associative")
    assert all(s.direction == "supports" for s in human)
    # Microbiome: the firm causal evidence is in mice; the human trials are small and mixed.
    mouse = me.select(hypothesis="microbiome", species="mouse")
    assert mouse and all(s.causal_or_associative == "causal" for s in mouse)
    trials = me.select(hypothesis="microbiome", species="human", kind="causal")
    assert {s.direction for s in trials} == {"supports", "against", "mixed"}


def test_fmt_trials_are_recorded_as_the_papers_report():
    studies = {s.key: s for s in me.load_studies()}
    assert studies["vrieze2012-fmt"].n == 18
    assert "26.2 to 45.3" in studies["vrieze2012-fmt"].finding
    assert "18 weeks" in studies["kootte2017-fmt"].finding
    assert studies["cani2007-lps-infusion"].species == "mouse"


def test_no_dosing_language_in_the_table():
    text = " ".join(s.finding for s in me.load_studies()).lower()
    for word in ("mg/day", "dose of", "dosing", "you should", "recommended"):
        assert word not in text


# --- design_kind ----------------------------------------------------------------------------


@pytest.mark.parametrize(("design", "kind"), list(me.DESIGN_KINDS.items()))
def test_design_kind_of_every_design(design, kind):
    assert me.design_kind(design) == kind
    assert me.design_kind(f"  {design.upper()} ") == kind


@pytest.mark.parametrize("bad", ["", "trial", "case series", None, 3, ["RCT"]])
def test_design_kind_rejects_unknown_designs(bad):
    with pytest.raises(ValueError, match="design must be one of"):
        me.design_kind(bad)


# --- parsing and validation -----------------------------------------------------------------


def test_parse_row_reads_n_and_strips_text():
    study = me.parse_row(raw_row(species="human", design="RCT", n="24", key=" a "), 2)
    assert study.n == 24 and study.key == "a"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"species": "dog"}, "species"),
        ({"design": "trial"}, "design"),
        ({"direction": "neutral"}, "direction"),
        ({"hypothesis": "ceramide"}, "hypothesis"),
        ({"causal_or_associative": "associative"}, "knockout design is 'causal'"),
        ({"n": "0"}, "at least 1"),
        ({"n": "many"}, "whole number"),
        ({"cite_key": " "}, "cite_key must not be empty"),
    ],
)
def test_parse_row_rejects_bad_values_naming_the_column(changes, message):
    with pytest.raises(ValueError, match=message) as error:
        me.parse_row(raw_row(**changes), 7)
    assert "line 7 (example)" in str(error.value)


def test_parse_row_rejects_a_missing_column():
    row = raw_row()
    del row["direction"]
    with pytest.raises(ValueError, match="missing columns"):
        me.parse_row(row)


def test_parse_rows_rejects_duplicates_and_empty_tables():
    with pytest.raises(ValueError, match="duplicate keys"):
        me.parse_rows([raw_row(), raw_row()])
    with pytest.raises(ValueError, match="no studies"):
        me.parse_rows([])


# --- summaries ------------------------------------------------------------------------------


@pytest.fixture
def small_table():
    return me.parse_rows(
        [
            raw_row(key="a"),
            raw_row(key="b", direction="against"),
            raw_row(key="c", species="human", design="cohort", causal_or_associative="associative"),
            raw_row(key="d", hypothesis="mitochondria", species="rat", design="diet intervention"),
        ]
    )


def test_counts_cover_every_cell_and_add_up(small_table):
    counts = me.counts_by_species_and_kind(small_table)
    assert list(counts) == [(s, k) for s in me.SPECIES for k in me.KINDS]
    assert sum(counts.values()) == len(small_table)
    assert counts[("mouse", "causal")] == 2
    assert counts[("human", "associative")] == 1
    assert (
        me.counts_by_species_and_kind(small_table, hypothesis="mitochondria")[("rat", "causal")]
        == 1
    )


def test_groups_keep_table_order(small_table):
    groups = me.group_by_species_and_kind(small_table, hypothesis="microbiome")
    assert [s.key for s in groups[("mouse", "causal")]] == ["a", "b"]
    assert groups[("cells", "causal")] == ()


def test_direction_counts_with_filters(small_table):
    assert me.direction_counts(small_table) == {"supports": 3, "against": 1, "mixed": 0}
    assert me.direction_counts(small_table, hypothesis="microbiome", kind="causal") == {
        "supports": 1,
        "against": 1,
        "mixed": 0,
    }


@pytest.mark.parametrize(
    "kwargs", [{"hypothesis": "lipids"}, {"species": "human "}, {"kind": "causal design"}]
)
def test_select_rejects_unknown_filters(kwargs):
    with pytest.raises(ValueError):
        me.select(**kwargs)


def test_as_dicts_gives_plain_dictionaries(small_table):
    rows = me.as_dicts(small_table)
    assert [type(row) for row in rows] == [dict] * 4
    assert list(rows[0]) == list(me.COLUMNS)


# --- percent change -------------------------------------------------------------------------


def test_percent_change_of_the_chapter_examples():
    assert math.isclose(me.percent_change(26.2, 45.3), 72.900763, rel_tol=1e-6)
    assert math.isclose(me.percent_change(3.17, 2.06), -35.015773, rel_tol=1e-6)
    assert me.percent_change(-2.0, -1.0) == -50.0


@pytest.mark.parametrize(
    ("before", "after"), [(0, 1), (float("nan"), 1), (1, float("inf")), (True, 1), ("1", 2)]
)
def test_percent_change_rejects_bad_input(before, after):
    with pytest.raises(ValueError):
        me.percent_change(before, after)
