"""ipywidgets demos for the course; they only draw what the pure modules compute.

No widget is created when this package is imported: each builder creates its widgets when
called.
"""

from insulinlab.widgets.cascade_stepper import (
    cascade_stepper,
    cascade_stepper_static,
    plot_lesion_small_multiples,
)
from insulinlab.widgets.lab_panel import lab_panel_calculator

__all__ = [
    "cascade_stepper",
    "cascade_stepper_static",
    "lab_panel_calculator",
    "plot_lesion_small_multiples",
]
