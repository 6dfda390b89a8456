"""insulinlab: the Python package behind the course on insulin resistance.

Modules
-------
units
    Glucose, insulin, triglyceride and HbA1c unit conversions with explicit factors.
indices
    HOMA-IR, HOMA-%B, QUICKI, TyG, Matsuda and the ADA glycaemic categories.
panel
    A whole lab panel evaluated at once (used by the chapter 03 calculator).
plotting
    The course palette and static figures.
widgets
    ipywidgets demos; they only draw what the pure modules compute.

For education only; not medical advice.
"""

__version__ = "0.1.0"
