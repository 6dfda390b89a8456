"""The insulin-signalling cascade as plain data, and the signal arithmetic the stepper draws.

The cascade is one generic insulin-target cell: insulin → receptor (α2β2) → autophosphorylation
→ IRS-1/2 → PI3K → PIP3 → PDK1 and mTORC2 → Akt → AS160 → Rab → GLUT4 storage vesicles → GLUT4
at the membrane → glucose uptake, with three side branches (Akt → GSK3 → glycogen synthase;
Akt → FOXO1; receptor → Shc/Grb2 → Ras → MAPK) and an insulin-independent muscle-contraction
path into the GLUT4 vesicles. :data:`STEPS` walks it one node at a time; :data:`CONDITIONS` are
the lesion presets of chapters 12 and 13.

Signal arithmetic (:func:`compute_signals`)
-------------------------------------------
Insulin enters with signal 1.0 (:data:`INSULIN_INPUT`). Each edge passes on its source's signal
times a transmission factor, 1.0 unless a condition weakens that edge. A node with one input
takes that input; Akt, which needs both Thr308 (PDK1) and Ser473 (mTORC2), takes the mean of its
two inputs; the GLUT4 storage-vesicle pool adds its insulin (Rab) and contraction inputs. A
lesion on a node multiplies that node's own signal, so a lesion lowers only its site and what
lies downstream of it (:func:`downstream`); everything upstream is unchanged.

Relative glucose uptake (:func:`relative_glucose_uptake`) is the signal reaching the
glucose-uptake node, which works out to::

    uptake = GLUT4 availability × (insulin path + contraction path)

where the insulin path is the product of the transmission factors from insulin to Rab, the
GLUT4 availability is the factor on the storage-vesicle node (1.0 unless expression is reduced)
and the contraction path is 0 at rest and :data:`CONTRACTION_GAIN` during exercise. Healthy
insulin stimulation gives exactly 1.0. Contraction also needs GLUT4, so it is scaled by GLUT4
availability too.

Teaching simplifications
------------------------
- Every transmission factor is QUALITATIVE (:data:`FACTORS_ARE_QUALITATIVE`,
  :data:`QUALITATIVE_NOTE`): a round number chosen so the figure shows where a mechanism
  strikes, not a measured effect size. No paper reports "0.4 transmission at IRS-1".
- Signals multiply along a chain of single steps; there is no kinetics, no dose-response, no
  feedback loop (S6K1, ERK and others phosphorylate IRS-1 on serine in reality) and no
  phosphatase (PTP1B, PTEN, SHIP2).
- One generic cell stands for several tissues: GLUT4 uptake is a muscle and fat readout (the
  liver takes up glucose through GLUT2), FOXO1's control of gluconeogenic genes is a liver
  readout. Each node and condition names its tissue.
- For the Akt arms (GSK3, FOXO1) and AS160 the "signal" is how far insulin has switched that
  protein off, since Akt inhibits them.

Claims the fact sheet marks FROM MEMORY or THIRD-PARTY
------------------------------------------------------
The course fact sheet (FACTS.md §A3.1, §A2.4) has not checked these against a primary source;
the step texts state them plainly, so check them before publishing:

- FOXO1 suppressing hepatic gluconeogenic genes (FROM MEMORY);
- the p85/p110 subunit detail behind "the regulatory subunit grips IRS with its SH2 domains"
  (FROM MEMORY);
- the disulfide-linked α2β2 detail of the receptor (THIRD-PARTY and textbook);
- the individual contraction signals (calcium, Rac1, mechanical stress; FROM MEMORY, listed
  after the Sylow 2017 and Stanford & Goodyear 2014 reviews);
- Raf–MEK–ERK names in the MAPK branch (textbook);
- mTORC2 being switched on downstream of PI3K is this module's modelling choice; the fact sheet
  verifies only that mTORC2 phosphorylates Akt Ser473.

Sources
-------
- Cascade and Akt arms: Petersen & Shulman 2018, *Physiol Rev* 98:2133–2223,
  doi:10.1152/physrev.00063.2017; IRS regulation by Ser/Thr kinases: Copps & White 2012,
  *Diabetologia* 55:2565–2582, doi:10.1007/s00125-012-2644-8.
- Lesions: Samuel & Shulman 2012, *Cell* 148:852–871; Li et al. 2004, *J Biol Chem*
  279:45304–45307 (PKCθ, IRS-1 Ser1101); Petersen et al. 2016, *J Clin Invest* 126,
  doi:10.1172/JCI86013 (INSR Thr1160); Brandon et al. 2019, *Cell Metab* 29:183–191 (the PKCε
  tissue debate); Bikman & Summers 2011, *J Clin Invest* 121:4222–4230 (ceramides); Abel et al.
  2001, *Nature* 409:729–733 (GLUT4 expression).
- Exercise: Richter & Hargreaves 2013, *Physiol Rev* 93:993–1017; Stanford & Goodyear 2014,
  *Adv Physiol Educ* 38:308–314; Sylow et al. 2017, *Nat Rev Endocrinol* 13:133–148; Kjøbsted et
  al. 2019, *Diabetes* 68:1427 (AMPK acts mainly after exercise; named in the text, no
  bibliography entry because its DOI was not checked).

For education only; not medical advice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from insulinlab._validate import check_range

FACTORS_ARE_QUALITATIVE = True
"""Every transmission factor and gain in this module is a teaching number, not a measurement."""

QUALITATIVE_NOTE = (
    "Transmission factors are qualitative teaching numbers chosen to show where a mechanism "
    "strikes the cascade; they are not measured effect sizes."
)

INSULIN_INPUT = 1.0
"""Signal carried by insulin at the receptor: the reference stimulus (dimensionless)."""

CONTRACTION_GAIN = 1.0
"""Signal of the contraction path during exercise, in units of the healthy insulin signal.

QUALITATIVE: exercise can raise muscle glucose uptake far more than insulin does; 1.0 only says
"about as strong as the insulin path" so both fit on one scale.
"""

MAX_CONTRACTION_GAIN = 10.0
"""Largest contraction gain :func:`compute_signals` accepts."""

EVIDENCE_TYPES = ("cells", "rodents", "human")
"""The kinds of evidence a condition can rest on (FACTS.md §A3.2)."""


# --------------------------------------------------------------------------------------------
# Data types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """One molecule, complex or outcome in the cascade.

    Attributes
    ----------
    id : str
        Short identifier used in edges, steps and lesion sites.
    label : str
        Name shown on the diagram.
    description : str
        One sentence on what the node is.
    tissue : str
        Where the node matters, if not in every insulin-target cell ("" otherwise).
    branch : str
        ``"main"`` (the metabolic chain to glucose uptake), ``"glycogen"``, ``"liver"``,
        ``"mapk"`` or ``"exercise"``.
    combine : str
        How several inputs combine: ``"mean"`` (all are needed, as Akt needs Thr308 and Ser473)
        or ``"sum"`` (independent routes that add, as insulin and contraction both mobilise
        GLUT4 vesicles). Irrelevant for nodes with one input.
    """

    id: str
    label: str
    description: str
    tissue: str = ""
    branch: str = "main"
    combine: str = "mean"


@dataclass(frozen=True)
class Edge:
    """A signalling link from ``source`` to ``target``.

    Attributes
    ----------
    source, target : str
        Node ids.
    label : str
        What happens along the link (e.g. ``"Thr308"``).
    effect : str
        ``"activates"`` or ``"inhibits"`` (Akt switches AS160, GSK3 and FOXO1 off).
    """

    source: str
    target: str
    label: str
    effect: str = "activates"

    @property
    def key(self) -> tuple[str, str]:
        """``(source, target)``, the form used for lesion sites."""
        return (self.source, self.target)


@dataclass(frozen=True)
class Step:
    """One step of the stepper: the node it activates, the edges into it, and what happens.

    Attributes
    ----------
    node : str
        The node switched on at this step.
    edges : tuple of (str, str)
        The ``(source, target)`` edges carrying the signal into ``node`` (empty for insulin).
    title : str
        A short heading.
    text : str
        Two or three sentences, in the course's own words.
    citations : tuple of str
        Keys in ``references.bib``.
    """

    node: str
    edges: tuple[tuple[str, str], ...]
    title: str
    text: str
    citations: tuple[str, ...]


Site = str | tuple[str, str]
"""A lesion site: a node id, or an edge as ``(source, target)``."""


@dataclass(frozen=True)
class Condition:
    """A preset for the stepper: where a mechanism strikes the cascade, and how hard.

    Attributes
    ----------
    id : str
        Identifier passed to :func:`signal_at_step`.
    label : str
        Name shown on the selector.
    site : str, (str, str) or None
        The lesioned node or edge; ``None`` when nothing is lesioned.
    factor : float
        Transmission factor at ``site`` in [0, 1]; QUALITATIVE (:data:`QUALITATIVE_NOTE`).
    contraction_gain : float
        Signal of the contraction path (0 at rest, :data:`CONTRACTION_GAIN` in exercise);
        QUALITATIVE.
    tissue : str
        Where the mechanism acts.
    explanation : str
        One or two sentences.
    citations : tuple of str
        Keys in ``references.bib``.
    evidence : tuple of str
        Kinds of evidence, from :data:`EVIDENCE_TYPES`.
    evidence_note : str
        What the evidence is, and its limits.
    """

    id: str
    label: str
    site: Site | None
    factor: float
    contraction_gain: float
    tissue: str
    explanation: str
    citations: tuple[str, ...]
    evidence: tuple[str, ...]
    evidence_note: str


@dataclass(frozen=True)
class StepResult:
    """What the stepper shows for one condition at one step (see :func:`signal_at_step`).

    Attributes
    ----------
    condition_id : str
    step_index : int
    step : Step
        The step itself (node, edges, title, text, citations).
    active_nodes : tuple of str
        Nodes switched on so far (steps 0 … ``step_index``), in step order; for a condition
        with exercise, muscle contraction is active from step 0 (listed last until its own
        step), since it runs alongside insulin.
    active_edges : tuple of (str, str)
        Edges used so far.
    signals : mapping of str to float
        Signal reaching each active node (insulin = 1.0; dimensionless).
    healthy_signals : mapping of str to float
        The same nodes under the healthy condition, for comparison.
    weakened_edges, blocked_edges : tuple of (str, str)
        Edges the condition weakens (0 < factor < 1) or blocks (factor 0), whether or not the
        stepper has reached them yet.
    weakened_nodes, blocked_nodes : tuple of str
        Nodes the condition weakens or blocks.
    relative_glucose_uptake : float
        The condition's relative glucose uptake (healthy = 1.0; dimensionless).
    """

    condition_id: str
    step_index: int
    step: Step
    active_nodes: tuple[str, ...]
    active_edges: tuple[tuple[str, str], ...]
    signals: Mapping[str, float]
    healthy_signals: Mapping[str, float]
    weakened_edges: tuple[tuple[str, str], ...]
    blocked_edges: tuple[tuple[str, str], ...]
    weakened_nodes: tuple[str, ...]
    blocked_nodes: tuple[str, ...]
    relative_glucose_uptake: float

    @property
    def current_node(self) -> str:
        """The node this step switches on."""
        return self.step.node

    @property
    def current_signal(self) -> float:
        """The signal reaching the node this step switches on."""
        return self.signals[self.step.node]


# --------------------------------------------------------------------------------------------
# The cascade
# --------------------------------------------------------------------------------------------

NODES: tuple[Node, ...] = (
    Node("insulin", "Insulin", "Peptide hormone from pancreatic β-cells; the input signal."),
    Node(
        "receptor",
        "Insulin receptor (α2β2)",
        "Receptor tyrosine kinase: two insulin-binding α subunits, two kinase β subunits.",
    ),
    Node(
        "autophos",
        "Receptor autophosphorylation",
        "The β subunits phosphorylate each other's tyrosines and switch the kinase on.",
    ),
    Node("irs", "IRS-1/2", "Insulin receptor substrates: tyrosine-phosphorylated scaffolds."),
    Node("pi3k", "PI3K", "Class IA phosphoinositide 3-kinase, recruited by phospho-IRS."),
    Node("pip3", "PIP3", "Membrane lipid made from PIP2; recruits PDK1 and Akt."),
    Node("pdk1", "PDK1", "Kinase that phosphorylates Akt at Thr308."),
    Node("mtorc2", "mTORC2", "Kinase complex that phosphorylates Akt at Ser473."),
    Node("akt", "Akt", "The hub kinase of insulin's metabolic actions (also called PKB)."),
    Node(
        "as160",
        "AS160",
        "Rab GTPase-activating protein (TBC1D4); Akt switches it off.",
        tissue="muscle, adipose tissue",
    ),
    Node(
        "rab",
        "Rab-GTP",
        "Small GTPases that steer GLUT4 vesicles once AS160 lets go.",
        tissue="muscle, adipose tissue",
    ),
    Node(
        "gsv",
        "GLUT4 storage vesicles",
        "Intracellular pool of GLUT4 waiting for a signal; its size is GLUT4 expression.",
        tissue="muscle, adipose tissue",
        combine="sum",
    ),
    Node(
        "glut4_pm",
        "GLUT4 at the membrane",
        "Transporters inserted into the plasma membrane (and T-tubules in muscle).",
        tissue="muscle, adipose tissue",
    ),
    Node(
        "glucose_uptake",
        "Glucose uptake",
        "Glucose entering the cell through GLUT4; the readout of the main chain.",
        tissue="muscle, adipose tissue",
    ),
    Node(
        "gsk3",
        "GSK3 (switched off)",
        "Glycogen synthase kinase 3, inhibited by Akt.",
        tissue="muscle, liver",
        branch="glycogen",
    ),
    Node(
        "glycogen_synthase",
        "Glycogen synthase",
        "Stores glucose as glycogen once GSK3 stops inhibiting it.",
        tissue="muscle, liver",
        branch="glycogen",
    ),
    Node(
        "foxo1",
        "FOXO1 (switched off)",
        "Transcription factor for gluconeogenic genes; Akt moves it out of the nucleus.",
        tissue="liver",
        branch="liver",
    ),
    Node("shc_grb2", "Shc/Grb2–SOS", "Adaptors linking the receptor to Ras.", branch="mapk"),
    Node("ras", "Ras-GTP", "Small GTPase switched on by SOS.", branch="mapk"),
    Node(
        "mapk",
        "MAPK (Raf–MEK–ERK)",
        "Kinase cascade for growth and mitogenic gene expression.",
        branch="mapk",
    ),
    Node(
        "contraction",
        "Muscle contraction",
        "Insulin-independent signals of working muscle (Ca²⁺, Rac1, mechanical stress).",
        tissue="skeletal muscle",
        branch="exercise",
    ),
)
"""Every node of the cascade."""

EDGES: tuple[Edge, ...] = (
    Edge("insulin", "receptor", "binds α subunits"),
    Edge("receptor", "autophos", "trans-autophosphorylation"),
    Edge("autophos", "irs", "Tyr phosphorylation"),
    Edge("irs", "pi3k", "SH2 docking"),
    Edge("pi3k", "pip3", "PIP2 → PIP3"),
    Edge("pip3", "pdk1", "membrane recruitment"),
    Edge("pip3", "mtorc2", "PI3K-dependent"),
    Edge("pdk1", "akt", "Thr308"),
    Edge("mtorc2", "akt", "Ser473"),
    Edge("akt", "as160", "phosphorylation", effect="inhibits"),
    Edge("as160", "rab", "GAP released"),
    Edge("rab", "gsv", "vesicle mobilisation"),
    Edge("gsv", "glut4_pm", "translocation, fusion"),
    Edge("glut4_pm", "glucose_uptake", "facilitated diffusion"),
    Edge("akt", "gsk3", "phosphorylation", effect="inhibits"),
    Edge("gsk3", "glycogen_synthase", "inhibition relieved"),
    Edge("akt", "foxo1", "nuclear exclusion", effect="inhibits"),
    Edge("autophos", "shc_grb2", "Tyr phosphorylation"),
    Edge("shc_grb2", "ras", "SOS: GDP → GTP"),
    Edge("ras", "mapk", "Raf → MEK → ERK"),
    Edge("contraction", "gsv", "insulin-independent"),
)
"""Every edge of the cascade."""

ROOT_NODES = ("insulin", "contraction")
"""Nodes with no input: insulin (signal :data:`INSULIN_INPUT`) and contraction (its gain)."""

_NODE_BY_ID = MappingProxyType({n.id: n for n in NODES})
_EDGE_BY_KEY = MappingProxyType({e.key: e for e in EDGES})

REFERENCES = MappingProxyType(
    {
        "abel2001": "Abel et al. 2001, Nature 409:729–733",
        "bikman2011": "Bikman & Summers 2011, J Clin Invest 121:4222–4230",
        "brandon2019": "Brandon et al. 2019, Cell Metab 29:183–191",
        "copps2012": "Copps & White 2012, Diabetologia 55:2565–2582",
        "defronzo2009": "DeFronzo & Tripathy 2009, Diabetes Care 32(S2):S157–S163",
        "li2004": "Li et al. 2004, J Biol Chem 279:45304–45307",
        "petersen2006": "Petersen & Shulman 2006, Am J Med 119(5A):S10–S16",
        "petersen2016": "Petersen et al. 2016, J Clin Invest 126",
        "petersen2018": "Petersen & Shulman 2018, Physiol Rev 98:2133–2223",
        "richter2013": "Richter & Hargreaves 2013, Physiol Rev 93:993–1017",
        "samuel2012": "Samuel & Shulman 2012, Cell 148:852–871",
        "samuel2016": "Samuel & Shulman 2016, J Clin Invest 126:12–22",
        "stanford2014": "Stanford & Goodyear 2014, Adv Physiol Educ 38:308–314",
        "sylow2017": "Sylow et al. 2017, Nat Rev Endocrinol 13:133–148",
    }
)
"""Short citation text for every bibliography key used here (the keys are in references.bib)."""

STEPS: tuple[Step, ...] = (
    Step(
        "insulin",
        (),
        "Insulin arrives",
        "After a meal, rising blood glucose makes the pancreatic β-cells release insulin. Here "
        "it reaches a target cell at a fixed stimulating level, the reference signal of 1.0 "
        "against which every later node is measured.",
        ("petersen2018",),
    ),
    Step(
        "receptor",
        (("insulin", "receptor"),),
        "Insulin binds its receptor",
        "The receptor is a receptor tyrosine kinase built from two outer α subunits and two "
        "membrane-spanning β subunits, held together by disulfide bonds. Insulin docks on the "
        "α subunits, on the outside of the cell.",
        ("petersen2018",),
    ),
    Step(
        "autophos",
        (("receptor", "autophos"),),
        "The receptor phosphorylates itself",
        "Binding changes the receptor's shape so that its two β subunits phosphorylate each "
        "other on tyrosine. Three tyrosines in the activation loop release the kinase from "
        "self-inhibition, and another tyrosine near the membrane becomes a docking site.",
        ("copps2012",),
    ),
    Step(
        "irs",
        (("autophos", "irs"),),
        "IRS-1 and IRS-2 are tyrosine-phosphorylated",
        "The switched-on kinase adds phosphate to tyrosines on the scaffold proteins IRS-1 and "
        "IRS-2, turning them into landing pads for other proteins. IRS proteins also carry more "
        "than 50 serine/threonine sites where other kinases can tune or blunt the signal; "
        "several lesions in this course strike there.",
        ("copps2012",),
    ),
    Step(
        "pi3k",
        (("irs", "pi3k"),),
        "PI3K docks on IRS",
        "The regulatory subunit of class IA PI3K grips the phosphotyrosines of IRS with its SH2 "
        "domains. That brings the lipid kinase to the inner face of the plasma membrane, next "
        "to its substrate.",
        ("petersen2018", "copps2012"),
    ),
    Step(
        "pip3",
        (("pi3k", "pip3"),),
        "PI3K makes PIP3",
        "PI3K adds a phosphate to the membrane lipid PIP2, producing PIP3. PIP3 works as a flag "
        "on the membrane that gathers the next kinases in the chain.",
        ("petersen2018",),
    ),
    Step(
        "pdk1",
        (("pip3", "pdk1"),),
        "PDK1 is recruited",
        "PIP3 draws PDK1 and Akt to the same patch of membrane. There PDK1 phosphorylates Akt "
        "on threonine 308, in the activation loop of Akt.",
        ("petersen2018",),
    ),
    Step(
        "mtorc2",
        (("pip3", "mtorc2"),),
        "mTORC2 adds the second phosphate",
        "A second kinase complex, mTORC2, is also switched on downstream of PI3K. It "
        "phosphorylates Akt on serine 473, the second site Akt needs for full activity.",
        ("petersen2018",),
    ),
    Step(
        "akt",
        (("pdk1", "akt"), ("mtorc2", "akt")),
        "Akt is fully active",
        "With Thr308 and Ser473 both phosphorylated, Akt is fully active. Akt is the hub of the "
        "metabolic branch: from here the signal splits towards glucose transport, glycogen "
        "storage and gene control.",
        ("petersen2018",),
    ),
    Step(
        "as160",
        (("akt", "as160"),),
        "Akt switches AS160 off",
        "AS160 (TBC1D4) normally keeps Rab proteins inactive by making them hydrolyse their "
        "GTP. Akt phosphorylates AS160, which takes this brake off; the signal here is how far "
        "AS160 has been switched off.",
        ("petersen2018",),
    ),
    Step(
        "rab",
        (("as160", "rab"),),
        "Rab proteins stay loaded with GTP",
        "Freed from AS160, Rab GTPases (Rab8A and Rab13 have been implicated in muscle) stay "
        "in their GTP-bound, active form. Active Rabs direct GLUT4-containing vesicles towards "
        "the cell surface.",
        ("petersen2018",),
    ),
    Step(
        "gsv",
        (("rab", "gsv"),),
        "GLUT4 storage vesicles are mobilised",
        "At rest most GLUT4 waits inside the cell in storage vesicles. The size of this pool "
        "is set by how much GLUT4 the cell makes, which is why GLUT4 expression caps how much "
        "glucose any signal can bring in.",
        ("richter2013", "petersen2018"),
    ),
    Step(
        "glut4_pm",
        (("gsv", "glut4_pm"),),
        "GLUT4 reaches the membrane",
        "The vesicles dock and fuse with the plasma membrane (and, in muscle, with the "
        "T-tubules), inserting GLUT4 transporters into the surface. The signal is now a change "
        "in where a protein sits, not in its phosphorylation.",
        ("richter2013",),
    ),
    Step(
        "glucose_uptake",
        (("glut4_pm", "glucose_uptake"),),
        "Glucose enters the cell",
        "Each GLUT4 lets glucose diffuse down its concentration gradient into the cell. "
        "Skeletal muscle takes up 80–90% of the glucose infused during a "
        "euglycaemic–hyperinsulinaemic clamp, so this step dominates clamp-measured insulin "
        "sensitivity.",
        ("defronzo2009",),
    ),
    Step(
        "gsk3",
        (("akt", "gsk3"),),
        "Side branch: Akt switches GSK3 off",
        "Akt also phosphorylates glycogen synthase kinase 3 (GSK3) and inactivates it. The "
        "signal here is how far GSK3 has been turned off.",
        ("petersen2018",),
    ),
    Step(
        "glycogen_synthase",
        (("gsk3", "glycogen_synthase"),),
        "Glycogen synthase stores glucose",
        "With GSK3 quiet, glycogen synthase is no longer held back and builds glycogen from "
        "incoming glucose. Magnetic resonance studies in people found that reduced muscle "
        "glycogen synthesis is the main defect in insulin resistance, traced back to reduced "
        "glucose transport.",
        ("petersen2006", "petersen2018"),
    ),
    Step(
        "foxo1",
        (("akt", "foxo1"),),
        "Side branch (liver): Akt switches FOXO1 off",
        "In the liver Akt phosphorylates the transcription factor FOXO1, which leaves the "
        "nucleus, so genes for making new glucose are turned down. Hepatic glucose output also "
        "depends on substrate supply from fat tissue, not only on this switch.",
        ("petersen2018", "samuel2016"),
    ),
    Step(
        "shc_grb2",
        (("autophos", "shc_grb2"),),
        "Side branch: Shc and Grb2",
        "The active receptor also phosphorylates the adaptor Shc. Phosphorylated Shc binds "
        "Grb2, which brings along SOS, the protein that switches Ras on.",
        ("petersen2018",),
    ),
    Step(
        "ras",
        (("shc_grb2", "ras"),),
        "Ras is switched on",
        "SOS swaps GDP for GTP on the small GTPase Ras. Ras-GTP starts a kinase cascade that "
        "runs separately from the PI3K–Akt chain.",
        ("petersen2018",),
    ),
    Step(
        "mapk",
        (("ras", "mapk"),),
        "MAPK: growth and mitogenic signals",
        "Ras activates Raf, which activates MEK, which activates ERK1/2 (MAPK), controlling "
        "genes for growth and cell division. This branch leaves the chain at the receptor, so "
        "a lesion at IRS-1 or at Akt leaves it running in this model.",
        ("petersen2018", "copps2012"),
    ),
    Step(
        "contraction",
        (("contraction", "gsv"),),
        "Exercise: contraction moves GLUT4 without insulin",
        "Working muscle brings GLUT4 to the surface through its own signals (calcium, Rac1, "
        "mechanical stress), so glucose uptake rises even when the insulin chain is impaired. "
        "AMPK matters mainly after exercise, keeping uptake raised (Kjøbsted et al. 2019, "
        "Diabetes), rather than during contraction.",
        ("sylow2017", "stanford2014"),
    ),
)
"""The steps of the stepper: the main metabolic chain, then the side branches."""

STEP_COUNT = len(STEPS)

_QUALITATIVE = " The factor is a qualitative teaching number."

CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "healthy",
        "Healthy",
        None,
        1.0,
        0.0,
        "all insulin-target tissues",
        "Every link passes the whole signal, so insulin stimulation gives the reference "
        "glucose uptake of 1.0.",
        ("petersen2018", "copps2012"),
        ("cells", "rodents", "human"),
        "Textbook physiology assembled from cell, rodent and human studies.",
    ),
    Condition(
        "muscle_dag_pkc_theta",
        "High-fat diet: DAG–PKCθ at IRS-1 (muscle)",
        ("autophos", "irs"),
        0.4,
        0.0,
        "skeletal muscle",
        "Diacylglycerol from ectopic fat in muscle activates PKCθ, which phosphorylates IRS-1 "
        "on serine (Ser1101) so the receptor can no longer tyrosine-phosphorylate it well."
        + _QUALITATIVE,
        ("samuel2012", "li2004", "petersen2006"),
        ("cells", "rodents", "human"),
        "Ser1101 comes from cell lines; the human evidence is magnetic resonance spectroscopy "
        "linking muscle lipid to reduced IRS-1 signalling and glucose transport.",
    ),
    Condition(
        "tnf_jnk_ikk",
        "Inflammation: TNF-α → JNK/IKKβ at IRS-1",
        ("autophos", "irs"),
        0.5,
        0.0,
        "skeletal muscle, adipose tissue",
        "TNF-α activates the stress kinases JNK and IKKβ, which phosphorylate IRS-1 on serine "
        "and weaken its tyrosine phosphorylation. TNF-α infused into healthy volunteers did "
        "this in muscle and lowered AS160 phosphorylation (Plomgaard et al. 2005, Diabetes)."
        + _QUALITATIVE,
        ("copps2012", "petersen2018"),
        ("cells", "rodents", "human"),
        "Rodent studies plus a human TNF-α infusion study; whether everyday low-grade "
        "inflammation reaches such levels is less certain.",
    ),
    Condition(
        "ceramide",
        "Ceramide: PP2A/PKCζ at Akt",
        "akt",
        0.4,
        0.0,
        "skeletal muscle, liver",
        "Ceramides activate the phosphatase PP2A, which strips phosphate from Akt, and PKCζ, "
        "which keeps Akt from reaching the membrane, so less Akt activity survives." + _QUALITATIVE,
        ("bikman2011", "samuel2012", "petersen2018"),
        ("cells", "rodents"),
        "Mostly cell and rodent work; human lipidomics shows associations only, and the "
        "relative roles of ceramide and DAG are still disputed.",
    ),
    Condition(
        "hepatic_dag_pkc_epsilon",
        "Fatty liver: DAG–PKCε at the receptor (liver)",
        ("receptor", "autophos"),
        0.4,
        0.0,
        "liver (debated)",
        "In liver, diacylglycerol activates PKCε, which phosphorylates the receptor on Thr1160 "
        "in its kinase activation loop and blunts kinase activity; mice whose receptor lacks "
        "this threonine resist fat-induced hepatic insulin resistance. Deleting PKCε in liver "
        "alone did not protect mice in another study, which points to a role in fat tissue."
        + _QUALITATIVE,
        ("petersen2016", "samuel2012", "brandon2019"),
        ("cells", "rodents", "human"),
        "Thr1160 comes from mass spectrometry, kinase assays and knock-in mice; human support "
        "for the DAG hypothesis is associative (MRS and liver lipids). Which tissue PKCε acts "
        "in is debated.",
    ),
    Condition(
        "reduced_glut4",
        "Reduced GLUT4 expression",
        "gsv",
        0.5,
        0.0,
        "adipose tissue (muscle GLUT4 is usually preserved)",
        "With fewer GLUT4 transporters made, every upstream signal is intact but the vesicle "
        "pool is smaller, so less glucose gets in. In obesity and type 2 diabetes GLUT4 falls "
        "in fat cells but not in muscle; exercise training raises muscle GLUT4." + _QUALITATIVE,
        ("abel2001", "richter2013"),
        ("rodents", "human"),
        "Lower adipose GLUT4 is seen in people with obesity and type 2 diabetes; a mouse that "
        "lacks GLUT4 only in fat became insulin resistant in muscle and liver.",
    ),
    Condition(
        "exercise",
        "Exercise: contraction path",
        None,
        1.0,
        CONTRACTION_GAIN,
        "skeletal muscle",
        "Contraction adds a second, insulin-independent route into the GLUT4 vesicles, so "
        "uptake rises above the insulin-only value. AMPK helps mainly after exercise, not "
        "during it (Kjøbsted et al. 2019, Diabetes)." + " The gain is a qualitative number.",
        ("sylow2017", "stanford2014", "richter2013"),
        ("rodents", "human"),
        "Contraction-stimulated uptake in insulin-resistant human muscle is well established; "
        "the signals behind it come mostly from rodent work.",
    ),
    Condition(
        "exercise_with_muscle_lesion",
        "Exercise in insulin-resistant muscle (DAG–PKCθ)",
        ("autophos", "irs"),
        0.4,
        CONTRACTION_GAIN,
        "skeletal muscle",
        "The DAG–PKCθ lesion still weakens the insulin chain at IRS-1, but contraction feeds "
        "the GLUT4 vesicles directly, so uptake recovers without repairing the lesion."
        + " The factor and gain are qualitative numbers.",
        ("samuel2012", "sylow2017", "stanford2014"),
        ("rodents", "human"),
        "Combines the two presets above; the arithmetic, not a study, sets the total.",
    ),
)
"""The condition presets, healthy first."""

_CONDITION_BY_ID = MappingProxyType({c.id: c for c in CONDITIONS})
CONDITION_IDS = tuple(c.id for c in CONDITIONS)


# --------------------------------------------------------------------------------------------
# Look-ups and checks
# --------------------------------------------------------------------------------------------


def _check_condition_id(condition_id: object) -> Condition:
    if isinstance(condition_id, str) and condition_id in _CONDITION_BY_ID:
        return _CONDITION_BY_ID[condition_id]
    raise ValueError(
        f"condition_id must be one of {', '.join(CONDITION_IDS)}; got {condition_id!r}"
    )


def _check_node_id(name: str, node_id: object) -> str:
    if isinstance(node_id, str) and node_id in _NODE_BY_ID:
        return node_id
    raise ValueError(f"{name} must be one of {', '.join(_NODE_BY_ID)}; got {node_id!r}")


def _check_step_index(step_index: object) -> int:
    number = check_range("step_index", step_index, 0, STEP_COUNT - 1, "(step number)")
    if not number.is_integer():
        raise ValueError(
            f"step_index must be a whole number in [0, {STEP_COUNT - 1}]; got {step_index!r}"
        )
    return int(number)


def _check_site(site: object) -> Site | None:
    if site is None:
        return None
    if isinstance(site, str):
        return _check_node_id("site", site)
    if isinstance(site, tuple) and len(site) == 2 and site in _EDGE_BY_KEY:
        return site
    edges = ", ".join(f"{s}→{t}" for s, t in _EDGE_BY_KEY)
    raise ValueError(
        f"site must be None, a node id ({', '.join(_NODE_BY_ID)}) or an edge "
        f"(source, target) among {edges}; got {site!r}"
    )


def condition(condition_id: str) -> Condition:
    """The :class:`Condition` with this id.

    Raises
    ------
    ValueError
        If ``condition_id`` is not in :data:`CONDITION_IDS`; the message lists them.
    """
    return _check_condition_id(condition_id)


def node(node_id: str) -> Node:
    """The :class:`Node` with this id.

    Raises
    ------
    ValueError
        If ``node_id`` is unknown; the message lists the node ids.
    """
    return _NODE_BY_ID[_check_node_id("node_id", node_id)]


def edge(source: str, target: str) -> Edge:
    """The :class:`Edge` from ``source`` to ``target``.

    Raises
    ------
    ValueError
        If there is no such edge.
    """
    return _EDGE_BY_KEY[_check_site((source, target))]


def _children() -> dict[str, list[str]]:
    children: dict[str, list[str]] = {n.id: [] for n in NODES}
    for e in EDGES:
        children[e.source].append(e.target)
    return children


def downstream(node_id: str) -> frozenset[str]:
    """Every node reachable from ``node_id`` along the edges, not counting the node itself.

    Parameters
    ----------
    node_id : str
        A node id (see :data:`NODES`).

    Returns
    -------
    frozenset of str

    Raises
    ------
    ValueError
        If ``node_id`` is unknown; the message lists the node ids.

    Examples
    --------
    >>> sorted(downstream("gsk3"))
    ['glycogen_synthase']
    >>> "mapk" in downstream("akt")
    False
    """
    start = _check_node_id("node_id", node_id)
    children = _children()
    seen: set[str] = set()
    stack = list(children[start])
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(children[current])
    return frozenset(seen)


def affected_nodes(site: Site | None) -> frozenset[str]:
    """The nodes a lesion at ``site`` can change: the site node (or edge target) and below.

    Raises
    ------
    ValueError
        If ``site`` is not None, a node id or an edge ``(source, target)``.
    """
    checked = _check_site(site)
    if checked is None:
        return frozenset()
    first = checked if isinstance(checked, str) else checked[1]
    return downstream(first) | {first}


def _topological_order() -> tuple[str, ...]:
    indegree = {n.id: 0 for n in NODES}
    for e in EDGES:
        indegree[e.target] += 1
    children = _children()
    ready = [n.id for n in NODES if indegree[n.id] == 0]
    order: list[str] = []
    while ready:
        current = ready.pop(0)
        order.append(current)
        for child in children[current]:
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return tuple(order)


_ORDER = _topological_order()


# --------------------------------------------------------------------------------------------
# Signal arithmetic
# --------------------------------------------------------------------------------------------


def compute_signals(
    site: Site | None = None, factor: float = 1.0, *, contraction_gain: float = 0.0
) -> Mapping[str, float]:
    """Signal reaching every node with one lesion and, optionally, the contraction path.

    Insulin enters with :data:`INSULIN_INPUT` = 1.0 and muscle contraction with
    ``contraction_gain``. Each edge passes its source's signal on unchanged, except the
    lesioned edge, which multiplies it by ``factor``. A node with several inputs combines them
    as its :attr:`Node.combine` says (Akt: mean of Thr308 and Ser473; GLUT4 vesicles: sum of
    insulin and contraction). A lesioned node multiplies its own signal by ``factor``.

    Parameters
    ----------
    site : str, (str, str) or None, default None
        The lesioned node id or edge ``(source, target)``; None for no lesion.
    factor : float, default 1.0
        Transmission factor at ``site``, dimensionless, in [0, 1] (0 blocks, 1 does nothing).
        QUALITATIVE: a teaching number (:data:`QUALITATIVE_NOTE`).
    contraction_gain : float, default 0.0
        Signal of the contraction path, in units of the healthy insulin signal, in
        [0, :data:`MAX_CONTRACTION_GAIN`]; 0 at rest. QUALITATIVE.

    Returns
    -------
    mapping of str to float
        Read-only signal per node id (dimensionless, ≥ 0). ``"glucose_uptake"`` is the
        relative glucose uptake (healthy = 1.0).

    Raises
    ------
    ValueError
        If ``site`` is unknown, or ``factor`` or ``contraction_gain`` is not a finite number in
        its range; the message names the argument and the accepted range.

    Source
    ------
    Chain and branches: Petersen & Shulman 2018, *Physiol Rev* 98:2133–2223. The multiplicative
    arithmetic is a teaching simplification of this course.

    Examples
    --------
    >>> compute_signals()["glucose_uptake"]
    1.0
    >>> round(compute_signals(("autophos", "irs"), 0.4)["akt"], 2)
    0.4
    >>> compute_signals(("insulin", "receptor"), 0.0, contraction_gain=1.0)["glucose_uptake"]
    1.0
    """
    checked_site = _check_site(site)
    transmission = check_range("factor", factor, 0.0, 1.0, "(dimensionless transmission)")
    gain = check_range(
        "contraction_gain", contraction_gain, 0.0, MAX_CONTRACTION_GAIN, "(× insulin signal)"
    )
    incoming: dict[str, list[float]] = {n.id: [] for n in NODES}
    signals: dict[str, float] = {}
    for node_id in _ORDER:
        if node_id == "insulin":
            value = INSULIN_INPUT
        elif node_id == "contraction":
            value = gain
        else:
            inputs = incoming[node_id]
            if _NODE_BY_ID[node_id].combine == "sum":
                value = math.fsum(inputs)
            else:
                value = math.fsum(inputs) / len(inputs)
        if checked_site == node_id:
            value *= transmission
        signals[node_id] = value
        for e in EDGES:
            if e.source == node_id:
                passed = value * (transmission if checked_site == e.key else 1.0)
                incoming[e.target].append(passed)
    return MappingProxyType({n.id: signals[n.id] for n in NODES})


def condition_signals(condition_id: str) -> Mapping[str, float]:
    """Signal reaching every node under one condition preset.

    Parameters
    ----------
    condition_id : str
        One of :data:`CONDITION_IDS`.

    Returns
    -------
    mapping of str to float
        As :func:`compute_signals`.

    Raises
    ------
    ValueError
        If ``condition_id`` is unknown; the message lists the accepted ids.

    Examples
    --------
    >>> signals = condition_signals("ceramide")
    >>> round(signals["pip3"], 2), round(signals["akt"], 2)
    (1.0, 0.4)
    """
    preset = _check_condition_id(condition_id)
    return compute_signals(preset.site, preset.factor, contraction_gain=preset.contraction_gain)


def relative_glucose_uptake(condition_id: str) -> float:
    """Relative glucose uptake under a condition (healthy insulin stimulation = 1.0).

    ``uptake = GLUT4 availability × (insulin path + contraction path)``; see the module
    docstring. It is a muscle and fat readout: for the liver condition it shows what the same
    lesion would do to a GLUT4 cell (the liver takes up glucose through GLUT2).

    Parameters
    ----------
    condition_id : str
        One of :data:`CONDITION_IDS`.

    Returns
    -------
    float
        Dimensionless, ≥ 0; QUALITATIVE because the factors are.

    Raises
    ------
    ValueError
        If ``condition_id`` is unknown; the message lists the accepted ids.

    Examples
    --------
    >>> relative_glucose_uptake("healthy"), relative_glucose_uptake("exercise")
    (1.0, 2.0)
    >>> round(relative_glucose_uptake("exercise_with_muscle_lesion"), 2)
    1.4
    """
    return condition_signals(condition_id)["glucose_uptake"]


def signal_at_step(condition_id: str, step_index: int) -> StepResult:
    """What the stepper shows for ``condition_id`` after step ``step_index``.

    Parameters
    ----------
    condition_id : str
        One of :data:`CONDITION_IDS`.
    step_index : int
        Step number, a whole number in [0, ``STEP_COUNT`` − 1] (0 = insulin arrives).

    Returns
    -------
    StepResult
        Active nodes and edges so far, their signals (and the healthy ones), the condition's
        weakened and blocked edges or nodes, the step text and citations, and the relative
        glucose uptake.

    Raises
    ------
    ValueError
        If ``condition_id`` is unknown (the message lists the ids) or ``step_index`` is not a
        whole number in range (the message gives the range).

    Examples
    --------
    >>> result = signal_at_step("muscle_dag_pkc_theta", 3)
    >>> result.current_node, round(result.current_signal, 2), result.weakened_edges
    ('irs', 0.4, (('autophos', 'irs'),))
    """
    preset = _check_condition_id(condition_id)
    index = _check_step_index(step_index)
    signals = condition_signals(preset.id)
    healthy = condition_signals("healthy")
    done = STEPS[: index + 1]
    active_nodes = tuple(s.node for s in done)
    active_edges = tuple(e for s in done for e in s.edges)
    if preset.contraction_gain > 0.0 and "contraction" not in active_nodes:
        # Exercise runs alongside insulin from the start; its own step explains it last.
        active_nodes += ("contraction",)
        active_edges += (("contraction", "gsv"),)
    weakened_edges: tuple[tuple[str, str], ...] = ()
    blocked_edges: tuple[tuple[str, str], ...] = ()
    weakened_nodes: tuple[str, ...] = ()
    blocked_nodes: tuple[str, ...] = ()
    if preset.site is not None and preset.factor < 1.0:
        blocked = preset.factor == 0.0
        if isinstance(preset.site, tuple):
            if blocked:
                blocked_edges = (preset.site,)
            else:
                weakened_edges = (preset.site,)
        elif blocked:
            blocked_nodes = (preset.site,)
        else:
            weakened_nodes = (preset.site,)
    return StepResult(
        condition_id=preset.id,
        step_index=index,
        step=STEPS[index],
        active_nodes=active_nodes,
        active_edges=active_edges,
        signals=MappingProxyType({n: signals[n] for n in active_nodes}),
        healthy_signals=MappingProxyType({n: healthy[n] for n in active_nodes}),
        weakened_edges=weakened_edges,
        blocked_edges=blocked_edges,
        weakened_nodes=weakened_nodes,
        blocked_nodes=blocked_nodes,
        relative_glucose_uptake=signals["glucose_uptake"],
    )


def citation_text(keys: tuple[str, ...]) -> str:
    """Short author–year text for bibliography keys, joined with "; ".

    Raises
    ------
    ValueError
        If a key is not in :data:`REFERENCES`.

    Examples
    --------
    >>> citation_text(("li2004",))
    'Li et al. 2004, J Biol Chem 279:45304–45307'
    """
    unknown = [key for key in keys if key not in REFERENCES]
    if unknown:
        raise ValueError(f"keys must be among {', '.join(REFERENCES)}; got {unknown!r}")
    return "; ".join(REFERENCES[key] for key in keys)


__all__ = [
    "CONDITIONS",
    "CONDITION_IDS",
    "CONTRACTION_GAIN",
    "EDGES",
    "EVIDENCE_TYPES",
    "FACTORS_ARE_QUALITATIVE",
    "INSULIN_INPUT",
    "MAX_CONTRACTION_GAIN",
    "NODES",
    "QUALITATIVE_NOTE",
    "REFERENCES",
    "ROOT_NODES",
    "STEPS",
    "STEP_COUNT",
    "Condition",
    "Edge",
    "Node",
    "Step",
    "StepResult",
    "affected_nodes",
    "citation_text",
    "compute_signals",
    "condition",
    "condition_signals",
    "downstream",
    "edge",
    "node",
    "relative_glucose_uptake",
    "signal_at_step",
]
