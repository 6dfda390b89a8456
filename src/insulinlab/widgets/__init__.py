"""ipywidgets demos for the course; they only draw what the pure modules compute.

No widget is created when this package is imported: each builder creates its widgets when
called.
"""

from insulinlab.widgets.lab_panel import lab_panel_calculator

__all__ = ["lab_panel_calculator"]
