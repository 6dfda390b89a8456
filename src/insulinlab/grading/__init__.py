"""Safe, lossless grading of a whole class with nbgrader.

``python -m insulinlab.grading grade <assignment>`` (``make grade ASSIGNMENT=<id>``) backs up the
gradebook, pre-flights every submission (:mod:`~insulinlab.grading.preflight`), autogrades in
parallel in a sandboxed kernel (:mod:`~insulinlab.grading.sandbox`) with an ``Execute`` step that
keeps the points earned before a crash (:mod:`~insulinlab.grading.execute`), writes feedback
without the hidden tests (:mod:`~insulinlab.grading.feedback`) and a ``grades.csv`` with a status
per student × assignment (:mod:`~insulinlab.grading.report`). See ``book/guides/grading.md``.

Importing this package imports nothing else, so ``nbgrader_config.py`` can name its classes.
"""

AUTOGRADE_PREPROCESSORS = [
    "insulinlab.grading.execute.LosslessExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
"""nbgrader's autograde steps with ``Execute`` replaced by the lossless one."""

FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "insulinlab.grading.feedback_step.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
"""nbgrader's feedback steps plus hiding the hidden tests."""
