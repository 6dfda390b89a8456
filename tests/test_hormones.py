"""Tests for the chapter 04 hormone table: citations, directions, consistency and bad input."""

import re
from pathlib import Path

import pytest

from insulinlab import hormones
from insulinlab.hormones import (
    COUNTER_REGULATORY,
    EVIDENCE_LABELS,
    HORMONE_IDS,
    HORMONES,
    REFERENCES,
    TARGETS,
    TIMESCALES,
    TISSUES,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", (REPO_ROOT / "references.bib").read_text("utf-8"))
)


# --- the data -------------------------------------------------------------------------------


def test_every_citation_key_exists_in_references_bib():
    used = set(REFERENCES)
    for h in HORMONES:
        used.update(h.citations)
    missing = sorted(used - BIB_KEYS)
    assert not missing, f"keys missing from references.bib: {missing}"


def test_every_citation_key_has_a_short_form():
    for h in HORMONES:
        for key in h.citations:
            assert key in REFERENCES, f"{h.id}: {key} has no entry in REFERENCES"


@pytest.mark.parametrize("h", HORMONES, ids=lambda h: h.id)
def test_every_effect_has_sign_text_citation_and_evidence(h):
    assert tuple(h.effects) == TARGETS
    for target, e in h.effects.items():
        assert type(e.sign) is int and e.sign in (-1, 0, 1), (h.id, target)
        assert e.text.strip() and e.text.endswith("."), (h.id, target)
        assert e.citations, (h.id, target)
        assert e.evidence in EVIDENCE_LABELS, (h.id, target, e.evidence)


@pytest.mark.parametrize("h", HORMONES, ids=lambda h: h.id)
def test_every_hormone_has_timescale_tissue_and_cited_summary(h):
    assert h.timescale in TIMESCALES
    assert h.main_tissue in TISSUES
    assert h.summary and h.summary_citations
    assert h.made_in and h.main_tissue_reason and h.timescale_note


def test_ids_are_unique_lower_case_and_in_order():
    assert len(set(HORMONE_IDS)) == len(HORMONE_IDS)
    assert all(i == i.lower() for i in HORMONE_IDS)
    assert HORMONE_IDS[0] == "insulin"


def test_no_dosing_language_in_the_data():
    text = " ".join(
        [h.summary for h in HORMONES] + [e.text for h in HORMONES for e in h.effects.values()]
    ).lower()
    for word in ("mg/day", "mg per", "µg", "dose of", "dosing", "you should"):
        assert word not in text


# --- the physiology the chapter teaches -----------------------------------------------------


def test_insulin_lowers_glucose():
    assert hormones.glucose_direction("insulin") == -1
    assert hormones.lowers_glucose("insulin")
    assert hormones.raises_glucose("insulin") is False


def test_classic_counter_regulatory_hormones_raise_glucose():
    assert set(COUNTER_REGULATORY) == {"glucagon", "cortisol", "growth hormone", "adrenaline"}
    for name in COUNTER_REGULATORY:
        assert hormones.raises_glucose(name) is True, name
        assert hormones.effect(name, "hepatic_glucose_output").sign == 1, name


def test_only_insulin_lowers_glucose_and_sex_hormones_have_no_direct_effect():
    assert [h for h in HORMONE_IDS if hormones.lowers_glucose(h)] == ["insulin"]
    for name in ("testosterone", "oestradiol"):
        assert hormones.glucose_direction(name) == 0


def test_growth_hormone_raises_glucose_through_lipolysis():
    # Vila et al. 2019: diabetogenic mainly via lipolysis (FACTS.md §A3.2).
    assert hormones.effect("growth hormone", "lipolysis").sign == 1
    assert "lipolysis" in hormones.effect("growth hormone", "lipolysis").text
    assert hormones.main_tissue("growth hormone") == "fat"


def test_glucagon_acts_on_the_liver_only():
    assert hormones.main_tissue("glucagon") == "liver"
    assert hormones.effect("glucagon", "glucose_uptake").sign == 0


def test_oestradiol_effect_is_labelled_small_and_surrogate():
    text = hormones.effect("oestradiol", "insulin_sensitivity").text
    assert "0.24" in text and "HOMA-IR" in text and "Small" in text


# --- functions consistent with the table ----------------------------------------------------


@pytest.mark.parametrize("h", HORMONES, ids=lambda h: h.id)
def test_glucose_direction_follows_liver_output_minus_uptake(h):
    balance = h.effects["hepatic_glucose_output"].sign - h.effects["glucose_uptake"].sign
    expected = (balance > 0) - (balance < 0)
    assert hormones.glucose_direction(h.id) == expected
    assert hormones.raises_glucose(h.id) is (expected == 1)
    assert hormones.lowers_glucose(h.id) is (expected == -1)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("direction", [1, -1, 0])
def test_hormones_affecting_matches_the_table(target, direction):
    found = hormones.hormones_affecting(target, direction)
    expected = tuple(h.id for h in HORMONES if h.effects[target].sign == direction)
    assert found == expected
    word = {1: "raises", -1: "lowers", 0: "none"}[direction]
    assert hormones.hormones_affecting(target, word) == expected


@pytest.mark.parametrize("target", TARGETS)
def test_hormones_affecting_partitions_all_hormones(target):
    groups = [hormones.hormones_affecting(target, d) for d in (1, -1, 0)]
    assert sorted(sum(groups, ())) == sorted(HORMONE_IDS)


def test_effect_returns_the_table_entry():
    for h in HORMONES:
        for target in TARGETS:
            assert hormones.effect(h.id, target) is h.effects[target]


def test_net_effect_sums_signs():
    assert hormones.net_effect([], "lipolysis") == 0
    assert hormones.net_effect(["glucagon", "cortisol", "insulin"], "hepatic_glucose_output") == 1
    everyone = hormones.net_effect(list(HORMONE_IDS), "glucose_uptake")
    assert everyone == sum(h.effects["glucose_uptake"].sign for h in HORMONES)
    assert type(everyone) is int


def test_classify_keeps_order_and_covers_every_hormone():
    result = hormones.classify(list(reversed(HORMONE_IDS)))
    assert list(result) == ["raising", "lowering", "neither"]
    assert result["lowering"] == ["insulin"]
    assert result["neither"] == ["oestradiol", "testosterone"]
    assert result["raising"] == ["growth hormone", "cortisol", "adrenaline", "glucagon"]


def test_effect_table_has_one_row_per_hormone():
    rows = hormones.effect_table()
    assert [row["hormone"] for row in rows] == list(HORMONE_IDS)
    assert all(row["blood_glucose"] == hormones.glucose_direction(row["hormone"]) for row in rows)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Glucagon", "glucagon"),
        ("  GROWTH HORMONE ", "growth hormone"),
        ("growth_hormone", "growth hormone"),
        ("growth-hormone", "growth hormone"),
        ("GH", "growth hormone"),
        ("epinephrine", "adrenaline"),
        ("Estradiol", "oestradiol"),
    ],
)
def test_hormone_accepts_capitals_separators_and_aliases(name, expected):
    assert hormones.hormone(name).id == expected


def test_citation_text():
    assert hormones.citation_text(["vila2019", "cryer2008"]) == (
        "Vila et al. 2019, Front Endocrinol; Cryer 2008, Diabetes"
    )


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["thyroxine", "", "insulin!", 3, None, b"insulin"])
def test_unknown_hormone_lists_accepted_names(bad):
    with pytest.raises(ValueError, match="hormone must be") as info:
        hormones.hormone(bad)
    for name in HORMONE_IDS:
        assert repr(name) in str(info.value)


@pytest.mark.parametrize("function", [hormones.raises_glucose, hormones.main_tissue])
def test_functions_reject_unknown_hormones(function):
    with pytest.raises(ValueError, match="'glucagon'"):
        function("leptin")


@pytest.mark.parametrize("bad", ["liver", "HEPATIC_GLUCOSE_OUTPUT", 1, None])
def test_unknown_target_lists_accepted_targets(bad):
    with pytest.raises(ValueError, match="target must be one of") as info:
        hormones.effect("insulin", bad)
    assert all(repr(t) in str(info.value) for t in TARGETS)
    with pytest.raises(ValueError, match="target must be one of"):
        hormones.hormones_affecting(bad, 1)


@pytest.mark.parametrize("bad", [2, "up", True, 1.0, None])
def test_bad_direction(bad):
    with pytest.raises(ValueError, match="direction must be"):
        hormones.hormones_affecting("lipolysis", bad)


@pytest.mark.parametrize("bad", ["insulin", None, 3])
def test_net_effect_and_classify_need_a_list(bad):
    with pytest.raises(ValueError, match="hormone_names must be"):
        hormones.net_effect(bad, "lipolysis")
    with pytest.raises(ValueError, match="hormone_names must be"):
        hormones.classify(bad)


def test_net_effect_rejects_unknown_members():
    with pytest.raises(ValueError, match="hormone must be"):
        hormones.net_effect(["insulin", "leptin"], "lipolysis")


def test_citation_text_rejects_unknown_keys():
    with pytest.raises(ValueError, match="unknown citation key"):
        hormones.citation_text(["nobody2000"])
