"""Tests for insulinlab.cascade: the cascade data, the signal arithmetic and its checks."""

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insulinlab import cascade
from insulinlab.cascade import (
    CONDITION_IDS,
    CONDITIONS,
    EDGES,
    NODES,
    STEP_COUNT,
    STEPS,
    affected_nodes,
    compute_signals,
    condition_signals,
    downstream,
    relative_glucose_uptake,
    signal_at_step,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
BIB_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")
NODE_IDS = {n.id for n in NODES}
HEALTHY = condition_signals("healthy")
LESIONS = [c for c in CONDITIONS if c.site is not None]
ALL_SITES = [n.id for n in NODES] + [e.key for e in EDGES]


def bib_keys():
    return set(BIB_KEY.findall((REPO_ROOT / "references.bib").read_text(encoding="utf-8")))


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


# --- the graph -------------------------------------------------------------------------------


def test_node_and_edge_ids_are_unique():
    assert len(NODE_IDS) == len(NODES)
    assert len({e.key for e in EDGES}) == len(EDGES)


def test_every_edge_joins_defined_nodes():
    for e in EDGES:
        assert e.source in NODE_IDS, e
        assert e.target in NODE_IDS, e
        assert e.source != e.target
        assert e.effect in ("activates", "inhibits")
        assert e.label


def test_graph_is_acyclic_and_rooted_at_insulin_and_contraction():
    targets = {e.target for e in EDGES}
    assert NODE_IDS - targets == set(cascade.ROOT_NODES)
    for node_id in NODE_IDS:
        assert node_id not in downstream(node_id)


def test_the_required_nodes_exist():
    required = {
        "insulin",
        "receptor",
        "autophos",
        "irs",
        "pi3k",
        "pip3",
        "pdk1",
        "mtorc2",
        "akt",
        "as160",
        "rab",
        "gsv",
        "glut4_pm",
        "glucose_uptake",
        "gsk3",
        "glycogen_synthase",
        "foxo1",
        "shc_grb2",
        "ras",
        "mapk",
        "contraction",
    }
    assert required <= NODE_IDS
    assert "α2β2" in cascade.node("receptor").label
    assert cascade.node("foxo1").tissue == "liver"


def test_akt_needs_both_phosphorylation_sites():
    labels = {e.key: e.label for e in EDGES}
    assert labels[("pdk1", "akt")] == "Thr308"
    assert labels[("mtorc2", "akt")] == "Ser473"
    assert labels[("pi3k", "pip3")] == "PIP2 → PIP3"
    assert labels[("autophos", "irs")] == "Tyr phosphorylation"


def test_contraction_feeds_glut4_translocation_directly():
    assert downstream("contraction") == {"gsv", "glut4_pm", "glucose_uptake"}


def test_downstream_examples():
    assert downstream("gsk3") == {"glycogen_synthase"}
    assert downstream("glucose_uptake") == frozenset()
    assert downstream("insulin") == NODE_IDS - {"insulin", "contraction"}
    assert "mapk" not in downstream("akt")
    assert "mapk" in downstream("receptor")


# --- the steps -------------------------------------------------------------------------------


def test_steps_walk_the_main_chain_then_the_branches():
    order = [s.node for s in STEPS]
    main = [n.id for n in NODES if n.branch == "main"]
    assert order[: len(main)] == main
    assert order[0] == "insulin" and order[len(main) - 1] == "glucose_uptake"
    assert sorted(order) == sorted(NODE_IDS), "every node is activated by exactly one step"


def test_every_step_edge_exists_and_ends_at_its_node():
    edge_keys = {e.key for e in EDGES}
    for step in STEPS:
        assert step.node in NODE_IDS
        for key in step.edges:
            assert key in edge_keys
            if step.node == "contraction":
                assert key[0] == step.node, "the exercise step shows the edge it drives"
            else:
                assert key[1] == step.node
        if step.node not in cascade.ROOT_NODES:
            incoming = {e.key for e in EDGES if e.target == step.node}
            if step.node != "gsv":
                assert set(step.edges) == incoming


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.node)
def test_every_step_has_text_and_known_citations(step):
    assert step.title.strip()
    assert 2 <= len(sentences(step.text)) <= 3, step.text
    assert step.citations
    assert set(step.citations) <= bib_keys()
    assert set(step.citations) <= set(cascade.REFERENCES)


def test_exercise_step_says_ampk_acts_mainly_after_exercise():
    text = STEPS[[s.node for s in STEPS].index("contraction")].text
    assert "AMPK" in text and "after exercise" in text and "Kjøbsted" in text


def test_every_short_reference_is_in_the_bibliography():
    assert set(cascade.REFERENCES) <= bib_keys()


# --- the conditions --------------------------------------------------------------------------


def test_condition_presets():
    assert CONDITION_IDS[0] == "healthy"
    assert {
        "healthy",
        "muscle_dag_pkc_theta",
        "tnf_jnk_ikk",
        "ceramide",
        "hepatic_dag_pkc_epsilon",
        "reduced_glut4",
        "exercise",
    } <= set(CONDITION_IDS)
    assert cascade.condition("muscle_dag_pkc_theta").site == ("autophos", "irs")
    assert cascade.condition("tnf_jnk_ikk").site == ("autophos", "irs")
    assert cascade.condition("ceramide").site == "akt"
    assert cascade.condition("hepatic_dag_pkc_epsilon").site == ("receptor", "autophos")
    assert cascade.condition("reduced_glut4").site == "gsv"
    assert cascade.condition("exercise").contraction_gain == cascade.CONTRACTION_GAIN


@pytest.mark.parametrize("preset", CONDITIONS, ids=lambda c: c.id)
def test_every_condition_is_complete(preset):
    assert preset.label and preset.tissue and preset.evidence_note
    assert 1 <= len(sentences(preset.explanation)) <= 4
    assert set(preset.citations) <= bib_keys()
    assert preset.evidence and set(preset.evidence) <= set(cascade.EVIDENCE_TYPES)
    assert 0.0 <= preset.factor <= 1.0
    if preset.site is not None or preset.contraction_gain:
        assert "qualitative" in preset.explanation
    if preset.site is not None:
        assert affected_nodes(preset.site)


def test_factors_are_labelled_qualitative():
    assert cascade.FACTORS_ARE_QUALITATIVE is True
    assert "not measured" in cascade.QUALITATIVE_NOTE
    assert "QUALITATIVE" in cascade.__doc__
    assert "QUALITATIVE" in cascade.Condition.__doc__
    assert "QUALITATIVE" in cascade.compute_signals.__doc__


def test_hepatic_condition_names_thr1160_and_the_tissue_debate():
    preset = cascade.condition("hepatic_dag_pkc_epsilon")
    assert "Thr1160" in preset.explanation
    assert "debated" in preset.tissue or "debated" in preset.evidence_note
    assert "brandon2019" in preset.citations


# --- the arithmetic --------------------------------------------------------------------------


def test_healthy_gives_full_uptake_and_full_signal():
    assert relative_glucose_uptake("healthy") == 1.0
    for node_id, value in HEALTHY.items():
        assert value == (0.0 if node_id == "contraction" else 1.0), node_id


@pytest.mark.parametrize("preset", LESIONS, ids=lambda c: c.id)
def test_a_lesion_lowers_only_what_lies_downstream_of_its_site(preset):
    signals = condition_signals(preset.id)
    below = affected_nodes(preset.site)
    boosted = affected_nodes("contraction") if preset.contraction_gain else frozenset()
    for node_id in NODE_IDS - below - boosted - {"contraction"}:
        assert signals[node_id] == HEALTHY[node_id], f"{node_id} is upstream and must not change"
    for node_id in below - boosted:
        assert signals[node_id] < HEALTHY[node_id], f"{node_id} is downstream and must fall"
        assert signals[node_id] == pytest.approx(preset.factor)


def test_edge_lesion_spares_its_source_node():
    signals = condition_signals("muscle_dag_pkc_theta")
    assert signals["autophos"] == 1.0
    assert signals["irs"] == pytest.approx(0.4)


def test_exercise_raises_uptake_and_nothing_upstream():
    signals = condition_signals("exercise")
    assert signals["contraction"] == cascade.CONTRACTION_GAIN
    assert signals["akt"] == 1.0
    assert relative_glucose_uptake("exercise") == pytest.approx(1.0 + cascade.CONTRACTION_GAIN)


def test_exercise_keeps_uptake_when_the_insulin_chain_is_blocked():
    blocked = compute_signals(("insulin", "receptor"), 0.0)
    assert blocked["glucose_uptake"] == 0.0
    assert blocked["akt"] == 0.0
    with_exercise = compute_signals(("insulin", "receptor"), 0.0, contraction_gain=1.0)
    assert with_exercise["akt"] == 0.0
    assert with_exercise["glucose_uptake"] == pytest.approx(1.0)
    assert with_exercise["glucose_uptake"] > 0.0


def test_exercise_rescues_uptake_in_insulin_resistant_muscle():
    lesioned = relative_glucose_uptake("muscle_dag_pkc_theta")
    rescued = relative_glucose_uptake("exercise_with_muscle_lesion")
    assert lesioned == pytest.approx(0.4)
    assert rescued == pytest.approx(1.4)
    assert condition_signals("exercise_with_muscle_lesion")["akt"] == pytest.approx(0.4)


def test_reduced_glut4_lowers_uptake_but_not_akt():
    signals = condition_signals("reduced_glut4")
    assert signals["glucose_uptake"] < 1.0
    assert signals["akt"] == 1.0
    assert signals["rab"] == 1.0
    assert signals["glycogen_synthase"] == 1.0


def test_mapk_branch_is_spared_by_akt_and_irs_lesions_but_not_by_the_receptor_lesion():
    assert condition_signals("ceramide")["mapk"] == 1.0
    assert condition_signals("muscle_dag_pkc_theta")["mapk"] == 1.0
    assert condition_signals("tnf_jnk_ikk")["mapk"] == 1.0
    assert condition_signals("hepatic_dag_pkc_epsilon")["mapk"] == pytest.approx(0.4)
    assert condition_signals("ceramide")["foxo1"] == pytest.approx(0.4)


@pytest.mark.parametrize("condition_id", CONDITION_IDS)
def test_uptake_is_glut4_availability_times_insulin_plus_contraction(condition_id):
    preset = cascade.condition(condition_id)
    signals = condition_signals(condition_id)
    availability = preset.factor if preset.site == "gsv" else 1.0
    expected = availability * (signals["rab"] + preset.contraction_gain)
    assert relative_glucose_uptake(condition_id) == pytest.approx(expected)


def test_signals_are_read_only():
    with pytest.raises(TypeError):
        HEALTHY["akt"] = 0.0


@settings(max_examples=60, deadline=None)
@given(
    site=st.sampled_from(ALL_SITES),
    factor=st.floats(0.0, 1.0),
    lower=st.floats(0.0, 1.0),
    gain=st.floats(0.0, cascade.MAX_CONTRACTION_GAIN),
)
def test_signals_stay_in_range_and_fall_monotonically_with_the_factor(site, factor, lower, gain):
    signals = compute_signals(site, factor, contraction_gain=gain)
    weaker = compute_signals(site, factor * lower, contraction_gain=gain)
    reference = compute_signals(None, 1.0, contraction_gain=gain)
    untouched = NODE_IDS - affected_nodes(site)
    for node_id, value in signals.items():
        assert value >= 0.0 and math.isfinite(value)
        assert value <= reference[node_id] + 1e-12
        assert weaker[node_id] <= value + 1e-12
        if node_id in untouched:
            assert value == reference[node_id]


# --- the stepper result ----------------------------------------------------------------------


def test_signal_at_step_grows_one_node_at_a_time():
    for index in range(STEP_COUNT):
        result = signal_at_step("healthy", index)
        assert result.active_nodes == tuple(s.node for s in STEPS[: index + 1])
        assert set(result.signals) == set(result.active_nodes)
        assert result.current_node == STEPS[index].node
        assert result.step is STEPS[index]
        assert result.relative_glucose_uptake == 1.0


def test_signal_at_step_reports_the_lesion_before_it_is_reached():
    result = signal_at_step("muscle_dag_pkc_theta", 0)
    assert result.weakened_edges == (("autophos", "irs"),)
    assert result.blocked_edges == ()
    assert result.active_nodes == ("insulin",)
    at_irs = signal_at_step("muscle_dag_pkc_theta", 3)
    assert at_irs.current_signal == pytest.approx(0.4)
    assert at_irs.healthy_signals["irs"] == 1.0
    assert signal_at_step("ceramide", 8).weakened_nodes == ("akt",)


def test_exercise_contraction_is_active_from_the_start():
    result = signal_at_step("exercise", 0)
    assert result.active_nodes == ("insulin", "contraction")
    assert ("contraction", "gsv") in result.active_edges
    last = signal_at_step("exercise", STEP_COUNT - 1)
    assert last.active_nodes.count("contraction") == 1


def test_step_results_are_frozen():
    result = signal_at_step("healthy", 0)
    with pytest.raises(AttributeError):
        result.step_index = 3


# --- checks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["unknown", "", None, 3, "Healthy"])
def test_unknown_condition_lists_the_accepted_ids(bad):
    with pytest.raises(ValueError, match="condition_id") as info:
        signal_at_step(bad, 0)
    assert "healthy" in str(info.value) and "exercise" in str(info.value)
    with pytest.raises(ValueError, match="condition_id"):
        relative_glucose_uptake(bad)


@pytest.mark.parametrize("bad", [-1, STEP_COUNT, 1.5, "3", True, math.nan, None])
def test_step_out_of_range_names_the_range(bad):
    with pytest.raises(ValueError, match="step_index") as info:
        signal_at_step("healthy", bad)
    assert str(STEP_COUNT - 1) in str(info.value)


def test_whole_float_step_is_accepted():
    assert signal_at_step("healthy", 2.0).step_index == 2


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"site": "nucleus"}, "site"),
        ({"site": ("akt", "insulin")}, "site"),
        ({"site": ["autophos", "irs"]}, "site"),
        ({"site": "akt", "factor": 1.5}, "factor"),
        ({"site": "akt", "factor": -0.1}, "factor"),
        ({"site": "akt", "factor": math.nan}, "factor"),
        ({"contraction_gain": -1.0}, "contraction_gain"),
        ({"contraction_gain": math.inf}, "contraction_gain"),
    ],
)
def test_compute_signals_rejects_impossible_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        compute_signals(**kwargs)


def test_lookups_reject_unknown_ids():
    with pytest.raises(ValueError, match="node_id"):
        downstream("nucleus")
    with pytest.raises(ValueError, match="node_id"):
        cascade.node("nucleus")
    with pytest.raises(ValueError, match="site"):
        cascade.edge("akt", "insulin")
    with pytest.raises(ValueError, match="keys"):
        cascade.citation_text(("nobody2099",))
    assert cascade.edge("pdk1", "akt").label == "Thr308"
