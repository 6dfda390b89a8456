"""Hormones as a network: which hormones push blood glucose up or down, where, and how fast.

Plain data and small pure functions for chapter 04. Seven hormones (:data:`HORMONES`) act on
four targets (:data:`TARGETS`):

- ``"hepatic_glucose_output"``: how much glucose the liver releases into the blood;
- ``"glucose_uptake"``: how much glucose muscle and fat take up from the blood;
- ``"lipolysis"``: how fast fat tissue breaks down stored fat into fatty acids and glycerol;
- ``"insulin_sensitivity"``: how strongly the tissues respond to insulin.

Each effect is a sign (+1 raises, −1 lowers, 0 no clear direct effect in the sources used here)
with one sentence of explanation, the citation keys it rests on (all in ``references.bib``) and
an evidence label (:data:`EVIDENCE_LABELS`).

Net effect on blood glucose
---------------------------
Blood glucose rises when more glucose enters the blood than leaves it. Over minutes to hours
the liver is the main source and muscle and fat are the main sinks, so the course reads a
hormone's net direction on blood glucose from those two targets::

    direction = sign(effect on liver glucose output − effect on glucose uptake)

Insulin: sign(−1 − (+1)) = −1 (lowers). Glucagon: sign(+1 − 0) = +1 (raises). Cortisol, growth
hormone and adrenaline: sign(+1 − (−1)) = +1. Testosterone and oestradiol: 0 (no direct,
short-term effect on blood glucose; their metabolic effects work through body composition
over weeks to months). This is a teaching rule that counts directions, not sizes: the signs
say which way each hormone pushes, never how hard.

Teaching simplifications
------------------------
- Signs only. Real effects differ in size, depend on dose and on what other hormones are doing
  (adrenaline's hepatic effect, for example, is brief on its own and lasts longer when glucagon
  and cortisol rise with it).
- Muscle and fat uptake are one target; the kidney's small glucose output is left out.
- "0" means no clear direct effect in the sources cited, not proof of no effect.
- Timescales (:data:`TIMESCALES`) are orders of magnitude from textbook physiology: glucagon,
  adrenaline and insulin act within minutes; cortisol and growth hormone over hours; the
  effects of sex hormones on body composition over weeks to months ("days" or longer).

Claims the fact sheet marks FROM MEMORY, and how they are handled
-----------------------------------------------------------------
- Glucocorticoids raising hepatic gluconeogenesis, causing muscle insulin resistance and
  increasing lipolysis (FACTS.md §A2.7, FROM MEMORY): cited to a review (Geer et al. 2014) and a
  randomised trial of hydrocortisone (Dube et al. 2015); lipolysis is labelled "reports vary".
- Adrenaline restraining insulin secretion: textbook, not checked here, so it is not in the
  table and the chapter says so.
- The timescales above: textbook orders of magnitude.

Sources
-------
petersen2018, defronzo2009 (insulin); sandoval2015, finan2020 (glucagon); cryer2008,
mitrakou1991 (the counter-regulatory hierarchy and thresholds); rizza1979 (adrenaline infusion
in people); arner2005 (which hormones drive lipolysis in human fat cells); geer2014, dube2015
(glucocorticoids); vila2019 (growth hormone); finkelstein2013, grossmann2015, li2025 (sex
hormones); spiegel1999, buxton2010 (sleep). Full entries in ``references.bib``; short forms in
:data:`REFERENCES`.

For education only; not medical advice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

TARGETS = ("hepatic_glucose_output", "glucose_uptake", "lipolysis", "insulin_sensitivity")
"""The four targets every hormone has an effect on (possibly 0)."""

TARGET_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "hepatic_glucose_output": "Liver glucose output",
        "glucose_uptake": "Muscle and fat glucose uptake",
        "lipolysis": "Fat breakdown (lipolysis)",
        "insulin_sensitivity": "Insulin sensitivity",
    }
)
"""Plain-language name of each target."""

TISSUES = ("liver", "muscle", "fat")
"""The tissues a hormone's main action can be in (see :func:`main_tissue`)."""

TIMESCALES = ("minutes", "hours", "days")
"""How fast a hormone's metabolic effect appears, as an order of magnitude."""

SIGN_WORDS: Mapping[int, str] = MappingProxyType({1: "raises", -1: "lowers", 0: "no clear effect"})
"""The word for each sign."""

DIRECTION_NAMES: Mapping[str, int] = MappingProxyType({"raises": 1, "lowers": -1, "none": 0})
"""Words :func:`hormones_affecting` accepts for a direction, and the sign each stands for."""

EVIDENCE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "human experiments": "studies in people: hormone infusions, clamps, tracers or patients "
        "with too much of the hormone",
        "human trials": "randomised controlled trials in people",
        "human and animal": "studies in people and in animals, summarised in a review",
        "reports vary": "studies disagree, or the effect depends on the conditions",
        "no clear effect": "the sources used here show no clear, direct effect",
        "not applicable": "the question does not apply to this hormone",
    }
)
"""What each evidence label means."""

REFERENCES: Mapping[str, str] = MappingProxyType(
    {
        "petersen2018": "Petersen & Shulman 2018, Physiol Rev",
        "defronzo2009": "DeFronzo & Tripathy 2009, Diabetes Care",
        "arner2005": "Arner 2005, Best Pract Res Clin Endocrinol Metab",
        "sandoval2015": "Sandoval & D'Alessio 2015, Physiol Rev",
        "finan2020": "Finan et al. 2020, Diabetes",
        "cryer2008": "Cryer 2008, Diabetes",
        "mitrakou1991": "Mitrakou et al. 1991, Am J Physiol",
        "rizza1979": "Rizza et al. 1979, Am J Physiol",
        "geer2014": "Geer et al. 2014, Endocrinol Metab Clin North Am",
        "dube2015": "Dube et al. 2015, J Clin Endocrinol Metab",
        "vila2019": "Vila et al. 2019, Front Endocrinol",
        "finkelstein2013": "Finkelstein et al. 2013, N Engl J Med",
        "grossmann2015": "Grossmann et al. 2015, Clin Endocrinol",
        "li2025": "Li et al. 2025, Climacteric",
        "spiegel1999": "Spiegel et al. 1999, Lancet",
        "buxton2010": "Buxton et al. 2010, Diabetes",
    }
)
"""Short citation for every key this module uses; each key is in ``references.bib``."""


@dataclass(frozen=True)
class Effect:
    """One hormone's effect on one target.

    Attributes
    ----------
    sign : int
        +1 raises, −1 lowers, 0 no clear direct effect in the sources cited.
    text : str
        One or two plain-language sentences on what happens.
    citations : tuple of str
        Keys in ``references.bib`` (and in :data:`REFERENCES`).
    evidence : str
        One of :data:`EVIDENCE_LABELS`.
    """

    sign: int
    text: str
    citations: tuple[str, ...]
    evidence: str

    @property
    def word(self) -> str:
        """``"raises"``, ``"lowers"`` or ``"no clear effect"``."""
        return SIGN_WORDS[self.sign]


@dataclass(frozen=True)
class Hormone:
    """A hormone, where it is made, how fast it acts and its effect on each target.

    Attributes
    ----------
    id : str
        Lower-case name used by every function (``"growth hormone"`` has a space).
    label : str
        Display name.
    made_in : str
        Where the hormone is made.
    timescale : str
        One of :data:`TIMESCALES`.
    timescale_note : str
        What the timescale means for this hormone.
    main_tissue : str
        One of :data:`TISSUES`: where its main metabolic action is, as taught in chapter 04.
    main_tissue_reason : str
        Why that tissue.
    counter_regulatory : bool
        Whether it is one of the classic glucose-raising (counter-regulatory) hormones.
    summary : str
        Two or three sentences for the clickable map's caption.
    summary_citations : tuple of str
        Keys supporting the summary.
    effects : Mapping[str, Effect]
        One :class:`Effect` per target in :data:`TARGETS`.
    """

    id: str
    label: str
    made_in: str
    timescale: str
    timescale_note: str
    main_tissue: str
    main_tissue_reason: str
    counter_regulatory: bool
    summary: str
    summary_citations: tuple[str, ...]
    effects: Mapping[str, Effect]

    @property
    def citations(self) -> tuple[str, ...]:
        """Every citation key of the summary and the effects, in first-use order."""
        keys = list(self.summary_citations)
        for target in TARGETS:
            keys.extend(self.effects[target].citations)
        return tuple(dict.fromkeys(keys))


def _effects(**by_target: Effect) -> Mapping[str, Effect]:
    return MappingProxyType({target: by_target[target] for target in TARGETS})


HORMONES: tuple[Hormone, ...] = (
    Hormone(
        id="insulin",
        label="Insulin",
        made_in="β-cells of the pancreatic islets",
        timescale="minutes",
        timescale_note="acts within minutes of its release after a meal",
        main_tissue="muscle",
        main_tissue_reason=(
            "skeletal muscle takes up about 80–90 % of the glucose infused during a clamp"
        ),
        counter_regulatory=False,
        summary=(
            "The main glucose-lowering hormone. It restrains the liver's glucose output, moves "
            "glucose into muscle and fat, and holds back the breakdown of stored fat."
        ),
        summary_citations=("petersen2018",),
        effects=_effects(
            hepatic_glucose_output=Effect(
                -1,
                "Holds back the liver's glucose output: less glycogen is broken down and less "
                "new glucose is made.",
                ("petersen2018",),
                "human experiments",
            ),
            glucose_uptake=Effect(
                1,
                "Brings GLUT4 transporters to the surface of muscle and fat cells, so they take "
                "up more glucose; muscle takes most of it.",
                ("petersen2018", "defronzo2009"),
                "human experiments",
            ),
            lipolysis=Effect(
                -1,
                "Restrains the breakdown of stored fat; it is one of the few hormones with a "
                "strong, fast effect on lipolysis in human fat cells.",
                ("petersen2018", "arner2005"),
                "human experiments",
            ),
            insulin_sensitivity=Effect(
                0,
                "Not applicable: insulin sensitivity is how strongly the tissues respond to "
                "insulin itself.",
                ("petersen2018",),
                "not applicable",
            ),
        ),
    ),
    Hormone(
        id="glucagon",
        label="Glucagon",
        made_in="α-cells of the pancreatic islets",
        timescale="minutes",
        timescale_note="raises the liver's glucose output within minutes",
        main_tissue="liver",
        main_tissue_reason="its glucose-raising action is on the liver",
        counter_regulatory=True,
        summary=(
            "The first hormone to rise when glucose falls, and the primary defence against low "
            "glucose. It makes the liver break down glycogen and build new glucose. Its other "
            "roles are an active research topic."
        ),
        summary_citations=("cryer2008", "sandoval2015", "finan2020"),
        effects=_effects(
            hepatic_glucose_output=Effect(
                1,
                "Makes the liver break down its glycogen store and build new glucose "
                "(gluconeogenesis), so the liver releases more glucose.",
                ("sandoval2015", "finan2020", "cryer2008"),
                "human experiments",
            ),
            glucose_uptake=Effect(
                0,
                "No clear direct effect on glucose uptake by muscle or fat: its action is on "
                "the liver's glucose output.",
                ("cryer2008", "sandoval2015"),
                "no clear effect",
            ),
            lipolysis=Effect(
                0,
                "Not among the hormones with a strong, fast effect on lipolysis in human fat "
                "cells (catecholamines, insulin and natriuretic peptides).",
                ("arner2005",),
                "no clear effect",
            ),
            insulin_sensitivity=Effect(
                0,
                "No clear direct effect in the sources used here.",
                ("sandoval2015",),
                "no clear effect",
            ),
        ),
    ),
    Hormone(
        id="adrenaline",
        label="Adrenaline",
        made_in="the adrenal medulla (also called epinephrine)",
        timescale="minutes",
        timescale_note="acts within minutes, as part of the acute stress response",
        main_tissue="liver",
        main_tissue_reason="its first, fast action is glucose release from the liver",
        counter_regulatory=True,
        summary=(
            "The fast stress hormone. It pushes the liver's glucose output up and holds "
            "glucose use by the tissues down. It is not normally critical, but it becomes "
            "critical when glucagon is missing."
        ),
        summary_citations=("cryer2008", "rizza1979"),
        effects=_effects(
            hepatic_glucose_output=Effect(
                1,
                "Raises the liver's glucose output quickly; when adrenaline alone was infused "
                "into healthy people, the rise was transient.",
                ("rizza1979", "cryer2008"),
                "human experiments",
            ),
            glucose_uptake=Effect(
                -1,
                "Holds down glucose clearance by the tissues; in the same infusion studies this "
                "lasted as long as the infusion and kept glucose high.",
                ("rizza1979",),
                "human experiments",
            ),
            lipolysis=Effect(
                1,
                "Catecholamines such as adrenaline are among the few hormones with a strong, "
                "fast effect on lipolysis in human fat cells.",
                ("arner2005",),
                "human experiments",
            ),
            insulin_sensitivity=Effect(
                -1,
                "Glucose clearance stayed low even though insulin rose a little, so insulin "
                "was having less effect than usual.",
                ("rizza1979",),
                "human experiments",
            ),
        ),
    ),
    Hormone(
        id="cortisol",
        label="Cortisol",
        made_in="the adrenal cortex (a glucocorticoid)",
        timescale="hours",
        timescale_note="its metabolic effects build up over hours; trials look at days to weeks",
        main_tissue="liver",
        main_tissue_reason="its best-established glucose-raising action is on the liver",
        counter_regulatory=True,
        summary=(
            "A slower stress hormone. Excess cortisol keeps the liver making glucose and makes "
            "muscle resistant to insulin. It rises when glucose falls, but it is not critical "
            "for the quick recovery."
        ),
        summary_citations=("geer2014", "dube2015", "cryer2008"),
        effects=_effects(
            hepatic_glucose_output=Effect(
                1,
                "Keeps the liver making glucose: in a 1-week randomised trial in 30 healthy "
                "people, the liver's glucose production was less well suppressed with "
                "hydrocortisone than with placebo.",
                ("dube2015", "geer2014"),
                "human trials",
            ),
            glucose_uptake=Effect(
                -1,
                "Excess glucocorticoid makes muscle resistant to insulin, so it takes up less "
                "glucose.",
                ("geer2014",),
                "human and animal",
            ),
            lipolysis=Effect(
                1,
                "Often reported to increase fat breakdown, feeding fatty acids to the liver, "
                "but results vary with the fat depot and the conditions.",
                ("geer2014",),
                "reports vary",
            ),
            insulin_sensitivity=Effect(
                -1,
                "Too much glucocorticoid for too long causes whole-body insulin resistance.",
                ("geer2014", "dube2015"),
                "human and animal",
            ),
        ),
    ),
    Hormone(
        id="growth hormone",
        label="Growth hormone",
        made_in="the anterior pituitary gland",
        timescale="hours",
        timescale_note="its effect on glucose builds up over hours",
        main_tissue="fat",
        main_tissue_reason="it raises glucose mainly by stimulating fat breakdown",
        counter_regulatory=True,
        summary=(
            "Raises glucose mainly by stimulating fat breakdown: the extra fatty acids push the "
            "liver's glucose output up and muscle glucose uptake down. People with too much of "
            "it (acromegaly) are markedly insulin resistant although they carry little fat."
        ),
        summary_citations=("vila2019",),
        effects=_effects(
            hepatic_glucose_output=Effect(
                1,
                "The fatty acids released from fat push the liver's glucose output up.",
                ("vila2019",),
                "human experiments",
            ),
            glucose_uptake=Effect(
                -1,
                "The same fatty acids reduce glucose uptake by muscle.",
                ("vila2019",),
                "human experiments",
            ),
            lipolysis=Effect(
                1,
                "Stimulates fat breakdown; in type 1 diabetes, blocking lipolysis with the drug "
                "acipimox reversed growth hormone's effect on glucose.",
                ("vila2019",),
                "human experiments",
            ),
            insulin_sensitivity=Effect(
                -1,
                "Growth hormone excess (acromegaly) causes marked insulin resistance.",
                ("vila2019",),
                "human experiments",
            ),
        ),
    ),
    Hormone(
        id="testosterone",
        label="Testosterone",
        made_in="mainly the testes in men (smaller amounts from the ovaries and adrenal glands)",
        timescale="days",
        timescale_note="effects on body composition appear over weeks to months",
        main_tissue="muscle",
        main_tissue_reason=(
            "in men whose own hormones were suppressed, too little testosterone mainly cost "
            "lean mass and strength"
        ),
        counter_regulatory=False,
        summary=(
            "Shapes body composition slowly: in men whose own sex hormones were suppressed, "
            "too little testosterone mainly cost lean mass and strength. Its effect on insulin "
            "sensitivity is unclear (chapter 08)."
        ),
        summary_citations=("finkelstein2013", "grossmann2015"),
        effects=_effects(
            hepatic_glucose_output=Effect(
                0,
                "No clear direct effect on the liver's glucose output in the sources used here.",
                ("grossmann2015",),
                "no clear effect",
            ),
            glucose_uptake=Effect(
                0,
                "No clear direct, short-term effect on glucose uptake in the sources used here.",
                ("grossmann2015",),
                "no clear effect",
            ),
            lipolysis=Effect(
                0,
                "No clear direct effect; in men, most of the rise in body fat with low sex "
                "hormones was explained by too little oestradiol, not too little testosterone.",
                ("finkelstein2013",),
                "no clear effect",
            ),
            insulin_sensitivity=Effect(
                0,
                "Unclear: in a meta-analysis of trials, testosterone lowered HOMA1-IR but not "
                "HOMA2-IR, and HbA1c did not improve significantly.",
                ("grossmann2015",),
                "reports vary",
            ),
        ),
    ),
    Hormone(
        id="oestradiol",
        label="Oestradiol",
        made_in=(
            "the ovaries before menopause; in men, mostly made from testosterone in other "
            "tissues (also called estradiol)"
        ),
        timescale="days",
        timescale_note="effects on body composition appear over weeks to months",
        main_tissue="fat",
        main_tissue_reason=(
            "in men whose own hormones were suppressed, too little oestradiol accounted for "
            "most of the rise in body fat"
        ),
        counter_regulatory=False,
        summary=(
            "Shapes body fat slowly: in men whose own sex hormones were suppressed, too little "
            "oestradiol accounted for most of the rise in body fat. Menopausal hormone therapy "
            "improved a surrogate index of insulin resistance slightly (chapter 09)."
        ),
        summary_citations=("finkelstein2013", "li2025"),
        effects=_effects(
            hepatic_glucose_output=Effect(
                0,
                "No clear direct effect on the liver's glucose output in the sources used here.",
                ("li2025",),
                "no clear effect",
            ),
            glucose_uptake=Effect(
                0,
                "No clear direct, short-term effect on glucose uptake in the sources used here.",
                ("li2025",),
                "no clear effect",
            ),
            lipolysis=Effect(
                0,
                "No clear direct effect on lipolysis in the sources used here; its effect on "
                "body fat builds up over weeks to months.",
                ("finkelstein2013",),
                "no clear effect",
            ),
            insulin_sensitivity=Effect(
                1,
                "Small effect on a surrogate index: across 17 trials (5,772 women), menopausal "
                "hormone therapy lowered HOMA-IR by 0.24 units on average.",
                ("li2025",),
                "human trials",
            ),
        ),
    ),
)
"""The hormones of chapter 04, insulin first, then the counter-regulatory and sex hormones."""

HORMONE_IDS: tuple[str, ...] = tuple(h.id for h in HORMONES)
"""Every hormone id, in :data:`HORMONES` order."""

COUNTER_REGULATORY: tuple[str, ...] = tuple(h.id for h in HORMONES if h.counter_regulatory)
"""The classic counter-regulatory (glucose-raising) hormones."""

ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "epinephrine": "adrenaline",
        "gh": "growth hormone",
        "estradiol": "oestradiol",
        "hydrocortisone": "cortisol",
    }
)
"""Other names :func:`hormone` accepts."""

_BY_ID: Mapping[str, Hormone] = MappingProxyType({h.id: h for h in HORMONES})


def _normalise(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").lower().split())


def hormone(name: str) -> Hormone:
    """The :class:`Hormone` called ``name`` (any capitals; "_" or "-" for spaces; aliases).

    Parameters
    ----------
    name : str
        One of :data:`HORMONE_IDS` or :data:`ALIASES`, e.g. ``"Growth hormone"``,
        ``"growth_hormone"``, ``"GH"`` or ``"epinephrine"``.

    Returns
    -------
    Hormone

    Raises
    ------
    ValueError
        If ``name`` is not a string or not a known hormone; the message lists the accepted
        names.

    Examples
    --------
    >>> hormone("Epinephrine").id
    'adrenaline'
    """
    accepted = ", ".join(repr(h) for h in HORMONE_IDS)
    if not isinstance(name, str):
        raise ValueError(f"hormone must be a name (str), one of {accepted}; got {name!r}")
    key = _normalise(name)
    key = ALIASES.get(key, key)
    if key not in _BY_ID:
        raise ValueError(f"hormone must be one of {accepted}; got {name!r}")
    return _BY_ID[key]


def _check_target(target: str) -> str:
    if not isinstance(target, str) or target not in TARGETS:
        accepted = ", ".join(repr(t) for t in TARGETS)
        raise ValueError(f"target must be one of {accepted}; got {target!r}")
    return target


def effect(hormone_name: str, target: str) -> Effect:
    """The effect of one hormone on one target.

    Parameters
    ----------
    hormone_name : str
        A hormone name (see :func:`hormone`).
    target : str
        One of :data:`TARGETS`.

    Returns
    -------
    Effect
        Its ``sign`` is +1 (raises), −1 (lowers) or 0 (no clear direct effect).

    Raises
    ------
    ValueError
        For an unknown hormone or target; the message lists the accepted names.

    Source
    ------
    The citation keys on the returned :class:`Effect`.

    Examples
    --------
    >>> effect("glucagon", "hepatic_glucose_output").sign
    1
    >>> effect("insulin", "glucose_uptake").word
    'raises'
    """
    return hormone(hormone_name).effects[_check_target(target)]


def glucose_direction(hormone_name: str) -> int:
    """Net direction of a hormone's effect on blood glucose: +1 raises, −1 lowers, 0 neither.

    Computed as ``sign(liver glucose output − glucose uptake)`` from the table: glucose rises
    when the liver releases more or the tissues take up less (see the module docstring).

    Raises
    ------
    ValueError
        For an unknown hormone.

    Examples
    --------
    >>> [glucose_direction(h) for h in ("insulin", "cortisol", "testosterone")]
    [-1, 1, 0]
    """
    h = hormone(hormone_name)
    balance = h.effects["hepatic_glucose_output"].sign - h.effects["glucose_uptake"].sign
    return (balance > 0) - (balance < 0)


def raises_glucose(hormone_name: str) -> bool:
    """Whether a hormone's net effect raises blood glucose (:func:`glucose_direction` is +1).

    Raises
    ------
    ValueError
        For an unknown hormone.

    Examples
    --------
    >>> raises_glucose("glucagon"), raises_glucose("insulin"), raises_glucose("oestradiol")
    (True, False, False)
    """
    return glucose_direction(hormone_name) == 1


def lowers_glucose(hormone_name: str) -> bool:
    """Whether a hormone's net effect lowers blood glucose (:func:`glucose_direction` is −1)."""
    return glucose_direction(hormone_name) == -1


def main_tissue(hormone_name: str) -> str:
    """``"liver"``, ``"muscle"`` or ``"fat"``: where the hormone's main action is (chapter 04).

    Raises
    ------
    ValueError
        For an unknown hormone.

    Examples
    --------
    >>> main_tissue("growth hormone")
    'fat'
    """
    return hormone(hormone_name).main_tissue


def _check_direction(direction: object) -> int:
    accepted = "+1, -1, 0 or one of 'raises', 'lowers', 'none'"
    if isinstance(direction, str) and direction in DIRECTION_NAMES:
        return DIRECTION_NAMES[direction]
    if isinstance(direction, int) and not isinstance(direction, bool) and direction in (1, -1, 0):
        return direction
    raise ValueError(f"direction must be {accepted}; got {direction!r}")


def hormones_affecting(target: str, direction: int | str) -> tuple[str, ...]:
    """Ids of the hormones whose effect on ``target`` has the given direction, in table order.

    Parameters
    ----------
    target : str
        One of :data:`TARGETS`.
    direction : int or str
        +1 or ``"raises"``, −1 or ``"lowers"``, 0 or ``"none"``.

    Raises
    ------
    ValueError
        For an unknown target or direction.

    Examples
    --------
    >>> hormones_affecting("lipolysis", "lowers")
    ('insulin',)
    """
    sign = _check_direction(direction)
    _check_target(target)
    return tuple(h.id for h in HORMONES if h.effects[target].sign == sign)


def _check_names(hormone_names: object) -> tuple[str, ...]:
    if isinstance(hormone_names, str) or not isinstance(hormone_names, Iterable):
        raise ValueError(
            f"hormone_names must be a list or tuple of hormone names; got {hormone_names!r}"
        )
    return tuple(hormone(name).id for name in hormone_names)


def net_effect(hormone_names: Iterable[str], target: str) -> int:
    """Sum of the signed effects on ``target`` of several hormones acting together.

    A counting rule, not a model: each hormone contributes +1, −1 or 0 whatever its size.

    Parameters
    ----------
    hormone_names : list or tuple of str
        Hormones present (each counted once per mention).
    target : str
        One of :data:`TARGETS`.

    Raises
    ------
    ValueError
        For an unknown hormone or target, or a string instead of a list.

    Examples
    --------
    >>> net_effect(["glucagon", "cortisol", "insulin"], "hepatic_glucose_output")
    1
    """
    _check_target(target)
    return sum(_BY_ID[name].effects[target].sign for name in _check_names(hormone_names))


def classify(hormone_names: Iterable[str]) -> dict[str, list[str]]:
    """Sort hormones by their net effect on blood glucose, keeping the given order.

    Returns
    -------
    dict
        ``{"raising": [...], "lowering": [...], "neither": [...]}`` with hormone ids.

    Raises
    ------
    ValueError
        For an unknown hormone or a string instead of a list.

    Examples
    --------
    >>> classify(["insulin", "glucagon", "oestradiol"])
    {'raising': ['glucagon'], 'lowering': ['insulin'], 'neither': ['oestradiol']}
    """
    groups: dict[str, list[str]] = {"raising": [], "lowering": [], "neither": []}
    names = {1: "raising", -1: "lowering", 0: "neither"}
    for name in _check_names(hormone_names):
        groups[names[glucose_direction(name)]].append(name)
    return groups


def citation_text(keys: Iterable[str]) -> str:
    """Short citations for ``keys``, joined with "; " (e.g. for a caption).

    Raises
    ------
    ValueError
        For a key not in :data:`REFERENCES`.

    Examples
    --------
    >>> citation_text(["vila2019"])
    'Vila et al. 2019, Front Endocrinol'
    """
    texts = []
    for key in keys:
        if key not in REFERENCES:
            raise ValueError(f"unknown citation key {key!r}; known: {', '.join(REFERENCES)}")
        texts.append(REFERENCES[key])
    return "; ".join(texts)


def effect_table() -> list[dict[str, object]]:
    """One row per hormone: its id, the sign on each target and its net glucose direction.

    Examples
    --------
    >>> effect_table()[0]["hepatic_glucose_output"]
    -1
    """
    return [
        {
            "hormone": h.id,
            **{target: h.effects[target].sign for target in TARGETS},
            "blood_glucose": glucose_direction(h.id),
            "timescale": h.timescale,
            "main_tissue": h.main_tissue,
        }
        for h in HORMONES
    ]


__all__ = [
    "ALIASES",
    "COUNTER_REGULATORY",
    "DIRECTION_NAMES",
    "EVIDENCE_LABELS",
    "HORMONES",
    "HORMONE_IDS",
    "REFERENCES",
    "SIGN_WORDS",
    "TARGETS",
    "TARGET_LABELS",
    "TIMESCALES",
    "TISSUES",
    "Effect",
    "Hormone",
    "citation_text",
    "classify",
    "effect",
    "effect_table",
    "glucose_direction",
    "hormone",
    "hormones_affecting",
    "lowers_glucose",
    "main_tissue",
    "net_effect",
    "raises_glucose",
]
