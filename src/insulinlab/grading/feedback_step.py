"""The feedback step that hides the hidden tests (see :mod:`insulinlab.grading.feedback`).

Kept apart so that the grading command does not import nbconvert just to check feedback.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

from insulinlab.grading.feedback import strip_hidden_tests


class HideHiddenTests(Preprocessor):
    """Remove hidden tests and traceback code lines from grade cells (for feedback)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.enabled = True

    def preprocess_cell(self, cell, resources, index):
        if not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            return cell, resources
        cell.source = strip_hidden_tests(cell.source)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output.traceback = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
