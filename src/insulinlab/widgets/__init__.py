"""ipywidgets demos for the course; they only draw what the pure modules compute.

No widget is created when this package is imported: each builder creates its widgets when
called. Import builders from their modules, e.g.
``from insulinlab.widgets.cascade_stepper import cascade_stepper`` (re-exporting that function
here would shadow the module of the same name).
"""

from insulinlab.widgets.lab_panel import lab_panel_calculator

__all__ = ["lab_panel_calculator"]
