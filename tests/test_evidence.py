"""The evidence table: every row traceable, internally consistent, and drawable."""

import math
import re
from pathlib import Path

import matplotlib
import pytest

from insulinlab import evidence

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(), re.M))
FACTS_SECTIONS = {"C1", "C2", "C3", "C4", "C5", "A3.2", "D"}


def test_every_row_cites_a_key_in_references_bib():
    missing = {
        row.id: row.cite_key for row in evidence.load_evidence() if row.cite_key not in BIB_KEYS
    }
    assert not missing, f"cite keys not in references.bib: {missing}"


def test_every_row_names_its_facts_section():
    rows = evidence.load_evidence()
    assert all(row.facts_ref in FACTS_SECTIONS for row in rows)


def test_every_claim_cites_keys_in_references_bib():
    for claim in evidence.load_claims():
        assert set(claim.cite_keys) <= BIB_KEYS, claim.id


def test_the_twelve_claims_of_facts_section_d_are_all_present():
    assert [claim.id for claim in evidence.load_claims()] == [f"D{i}" for i in range(1, 13)]
    assert all(claim.verdict and claim.what_the_evidence_shows for claim in evidence.load_claims())


@pytest.mark.parametrize(
    ("row_id", "estimate", "ci"),
    [
        ("t4dm", 0.59, (0.43, 0.80)),
        ("traverse-cv", 0.96, (0.78, 1.17)),
        ("whi-ep", 0.79, (0.67, 0.93)),
        ("li2025-homa", -0.24, (-0.32, -0.16)),
        ("direct-12m", 19.7, (7.8, 49.8)),
        ("umpierre-exercise", -0.67, (-0.84, -0.49)),
    ],
)
def test_published_numbers_match_facts(row_id, estimate, ci):
    row = evidence.get_row(row_id)
    assert row.estimate == estimate
    assert (row.ci_low, row.ci_high) == ci


def test_t4dm_counts_give_the_published_percentages():
    row = evidence.get_row("t4dm")
    assert row.risk_treated == pytest.approx(0.124, abs=0.0005)
    assert row.risk_control == pytest.approx(0.211, abs=0.0005)
    assert evidence.number_needed_to_treat(row.risk_treated, row.risk_control) == pytest.approx(
        11.56, abs=0.01
    )


def test_direct_counts_give_46_and_4_percent():
    row = evidence.get_row("direct-12m")
    assert round(100 * row.risk_treated) == 46
    assert round(100 * row.risk_control) == 4


def test_the_29000_claim_is_corrected_to_5772():
    row = evidence.get_row("li2025-homa")
    assert row.n == 5772
    assert "29,287" in row.note


def test_ci_excludes_null():
    assert evidence.get_row("t4dm").ci_excludes_null is True
    assert evidence.get_row("traverse-cv").ci_excludes_null is False
    assert evidence.get_row("whi-e").ci_excludes_null is False
    assert evidence.get_row("traverse-diabetes").ci_excludes_null is None


def test_filters_combine_and_reject_unknown_values():
    hr_rows = evidence.filter_evidence(topic="menopausal hormone therapy", measure="HR")
    assert {row.id for row in hr_rows} == {"whi-ep", "whi-e", "hers"}
    assert all(row.estimate is not None for row in evidence.filter_evidence(with_estimate=True))
    with pytest.raises(ValueError, match="evidence_level must be one of"):
        evidence.filter_evidence(evidence_level="anecdote")
    with pytest.raises(ValueError, match="topic must be one of"):
        evidence.filter_evidence(topic="crystals")


def test_get_row_names_known_ids_on_error():
    with pytest.raises(ValueError, match="row_id must be one of: dpp-lifestyle"):
        evidence.get_row("nope")


@pytest.mark.parametrize(
    ("treated", "control", "match"),
    [(0.2, 0.2, "undefined"), (-0.1, 0.2, "risk_treated"), (0.2, 1.5, "risk_control")],
)
def test_nnt_rejects_bad_input(treated, control, match):
    with pytest.raises(ValueError, match=match):
        evidence.number_needed_to_treat(treated, control)


def test_nnt_for_dpp_incidences_over_three_years():
    # DPP: 11.0 vs 4.8 cases per 100 person-years; over 3 years about 33% vs 14.4%.
    assert evidence.number_needed_to_treat(0.144, 0.33) == pytest.approx(5.4, abs=0.1)


def test_log_ratio_standard_error_round_trips_a_ci():
    se = evidence.log_ratio_standard_error(0.43, 0.80)
    assert math.exp(math.log(0.59) + 1.96 * se) == pytest.approx(0.80, rel=0.05)
    with pytest.raises(ValueError, match="ci_high must exceed ci_low"):
        evidence.log_ratio_standard_error(0.8, 0.4)


def test_forest_plot_draws_one_marker_per_row_on_a_log_axis():
    rows = evidence.filter_evidence(measure="HR")
    ax = evidence.forest_plot(rows, title="Hazard ratios")
    assert ax.get_xscale() == "log"
    assert len(ax.get_yticks()) == len(rows)
    assert ax.get_title() == "Hazard ratios"
    matplotlib.pyplot.close(ax.figure)


def test_forest_plot_rejects_mixed_measures_and_missing_estimates():
    with pytest.raises(ValueError, match="share one measure"):
        evidence.forest_plot([evidence.get_row("t4dm"), evidence.get_row("li2025-homa")])
    with pytest.raises(ValueError, match="without an estimate"):
        evidence.forest_plot([evidence.get_row("traverse-diabetes")])
    with pytest.raises(ValueError, match="at least one"):
        evidence.forest_plot([])


# --- rows added for chapters 09 and 11 -----------------------------------------------------


@pytest.mark.parametrize(
    ("row_id", "estimate", "ci"),
    [
        ("li2025-homa-e-alone", -0.42, (-0.55, -0.29)),
        ("li2025-homa-ep", -0.14, (-0.23, -0.04)),
        ("whi-ep-homa", -0.22, (None, None)),
        ("whi-e-homa", -0.53, (None, None)),
    ],
)
def test_hormone_therapy_homa_rows_match_facts(row_id, estimate, ci):
    row = evidence.get_row(row_id)
    assert (row.estimate, (row.ci_low, row.ci_high)) == (estimate, ci)
    assert row.measure == "MD" and row.outcome == "HOMA-IR"


def test_guideline_and_safety_rows_added_for_claims_d9_and_d10():
    consensus = evidence.get_row("davis-testosterone-women")
    assert consensus.evidence_level == "GUIDELINE" and "hypoactive sexual desire" in consensus.note
    anastrozole = evidence.get_row("burnettbowie-anastrozole")
    assert (anastrozole.n, anastrozole.outcome_kind) == (69, "safety")
    assert "0.0014" in anastrozole.note


def test_claims_d9_and_d10_cite_their_checked_sources():
    claims = {claim.id: claim for claim in evidence.load_claims()}
    assert claims["D9"].cite_keys == ("davis2019",)
    assert claims["D7"].cite_keys == ("dhindsa2016",)  # the adipose-tissue gene-expression RCT
    assert "burnettbowie2009" in claims["D10"].cite_keys


# --- reading a row ---------------------------------------------------------------------------


def test_format_effect_covers_ratios_differences_percent_and_missing():
    assert evidence.format_effect(evidence.get_row("t4dm")) == "RR 0.59 (95% CI 0.43 to 0.8)"
    assert evidence.format_effect(evidence.get_row("li2025-homa")) == (
        "MD −0.24 (95% CI −0.32 to −0.16)"
    )
    assert evidence.format_effect(evidence.get_row("salpeter-homa")) == (
        "−12.9% (95% CI −17.1 to −8.6)"
    )
    assert evidence.format_effect(evidence.get_row("traverse-diabetes")) == ""


def test_effect_scale_groups_ratios_by_measure_and_differences_by_outcome():
    assert evidence.effect_scale(evidence.get_row("whi-ep")) == "HR"
    assert evidence.effect_scale(evidence.get_row("grossmann-homa1")) == "MD: HOMA-IR"
    assert evidence.effect_scale(evidence.get_row("grossmann-homa2")) == "MD: HOMA2-IR"
    assert evidence.effect_scale(evidence.get_row("umpierre-exercise")) == (
        "MD: HbA1c (percentage points)"
    )
    assert evidence.effect_scale(evidence.get_row("direct-24m")) is None


def test_largest_shared_scale_picks_the_biggest_group_and_keeps_order():
    scale, rows = evidence.largest_shared_scale(
        evidence.filter_evidence(topic="menopausal hormone therapy", outcome_kind="clinical")
    )
    assert scale == "HR" and [row.id for row in rows] == ["whi-ep", "whi-e", "hers"]
    assert evidence.largest_shared_scale([evidence.get_row("direct-24m")]) == (None, ())
    assert evidence.largest_shared_scale([]) == (None, ())


def test_scale_label_names_measure_and_outcome_and_rejects_unknown():
    assert evidence.scale_label("OR") == "Odds ratio, with 95% CI"
    assert evidence.scale_label("percent: HOMA-IR (percent change)") == (
        "Change in HOMA-IR (%), with 95% CI"
    )
    with pytest.raises(ValueError, match="scale must start with"):
        evidence.scale_label("ZZ: thing")


# --- classifying a study --------------------------------------------------------------------


@pytest.mark.parametrize("randomised", [True, False])
@pytest.mark.parametrize("pooled", [True, False])
@pytest.mark.parametrize("assigned", [True, False])
def test_classify_study_non_human_subjects_ignore_design(randomised, pooled, assigned):
    features = {"randomised": randomised, "pooled": pooled, "assigned": assigned}
    assert evidence.classify_study("cells", **features) == "IN VITRO"
    assert evidence.classify_study("animals", **features) == "ANIMAL"
    assert evidence.classify_study("none", **features) == "NONE"


@pytest.mark.parametrize(
    ("randomised", "pooled", "assigned", "level"),
    [
        (True, True, True, "MA"),
        (False, True, False, "MA"),
        (True, False, True, "RCT"),
        (True, False, False, "RCT"),
        (False, False, True, "EXPERIMENT"),
        (False, False, False, "OBS"),
    ],
)
def test_classify_study_in_humans_follows_the_rule_order(randomised, pooled, assigned, level):
    features = {"randomised": randomised, "pooled": pooled, "assigned": assigned}
    assert evidence.classify_study("humans", **features) == level
    assert level in evidence.EVIDENCE_LEVELS


@pytest.mark.parametrize(
    ("subject", "features", "match"),
    [
        ("mice", {}, "subject must be one of"),
        ("humans", {"randomised": 1}, "randomised must be True or False"),
        ("humans", {"pooled": None}, "pooled must be True or False"),
    ],
)
def test_classify_study_rejects_bad_input(subject, features, match):
    arguments = {"randomised": False, "pooled": False, "assigned": False, **features}
    with pytest.raises(ValueError, match=match):
        evidence.classify_study(subject, **arguments)


# --- tables and claims for the notebooks ----------------------------------------------------


def test_evidence_table_html_escapes_and_has_one_row_per_evidence_row():
    rows = evidence.filter_evidence(topic="menopausal hormone therapy")
    text = evidence.evidence_table_html(rows, caption="A < B")
    assert text.count("<tr>") == len(rows) + 1
    assert "A &lt; B" in text and "29,287" in text
    assert "<script" not in text


def test_toc_chapter_paths_reads_chapters_and_makes_relative_links(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "root: book/welcome\nparts:\n  - chapters:\n"
        "      - file: book/intermediate/index\n"
        "      - file: book/fundamentals/03-measuring-insulin-resistance\n"
        "      - file: book/intermediate/09-menopause-and-hormone-therapy\n",
        encoding="utf-8",
    )
    paths = evidence.toc_chapter_paths(toc, "book/intermediate")
    assert paths == {
        "03-measuring-insulin-resistance": "../fundamentals/03-measuring-insulin-resistance",
        "09-menopause-and-hormone-therapy": "09-menopause-and-hormone-therapy",
    }
    assert evidence.toc_chapter_paths(tmp_path / "missing.yml", "book") == {}


def test_claims_markdown_has_every_claim_level_verdict_and_link():
    paths = {"09-menopause-and-hormone-therapy": "09-menopause-and-hormone-therapy"}
    text = evidence.claims_markdown(chapter_paths=paths)
    for claim in evidence.load_claims():
        assert f"**{claim.id}.**" in text
        assert claim.verdict in text
        assert f"**{claim.evidence_level}**" in text
    assert "{doc}`09-menopause-and-hormone-therapy`" in text
    assert "**Discussed in:** chapter 08 (testosterone in men)\n" in text
    assert "{cite:p}`davis2019`" in text
    keys = set(re.findall(r"\{cite:p\}`([^`]+)`", text))
    assert {key for group in keys for key in group.split(",")} <= BIB_KEYS


def test_chapter_label_reads_an_id():
    label = evidence.chapter_label("11-weighing-the-evidence")
    assert label == "chapter 11 (weighing the evidence)"
