"""insulinlab: the Python package behind the course on insulin resistance.

Lab values
    units          glucose, insulin, triglyceride and HbA1c conversions with explicit factors
    indices        HOMA-IR, HOMA-%B, QUICKI, TyG, Matsuda and the ADA glycaemic categories
    panel          a whole lab panel evaluated at once (the chapter 03 calculator)
    patient        the capstone's fictional patients (data/virtual_patients.json) and model mappings
    hormones       the hormone network as data: effects on glucose output, uptake, lipolysis

Models (plain functions and frozen dataclasses; no widgets)
    hyperbola      the hyperbolic law and disposition index (qualitative glucose rule)
    minimal_model  Bergman minimal model: IVGTT simulation, presets, SI/SG fitting
    topp           Topp et al. 2000 β-cell / insulin / glucose model over years
    meal           gut absorption feeding an oral minimal model: meals, OGTT, a day
    uptake         muscle glucose uptake through insulin and contraction paths
    hpg            HPG-axis feedback (qualitative teaching model)
    growth_hormone pulsatile vs continuous GH exposure (qualitative teaching model)

Evidence
    evidence       the course's trials and appraised claims as data (data/*.csv); forest plots

Mechanisms
    mechanism_evidence  studies behind the mitochondrial and microbiome hypotheses (chapter 14)
    cascade        the insulin-signalling cascade as data, with lesions and transmission

Teaching support
    plotting       the course palette and static figures
    widgets        ipywidgets demos that only draw what the pure modules compute
    checks         helpers for the exercises' hidden tests

For education only; not medical advice.
"""

__version__ = "0.1.0"
