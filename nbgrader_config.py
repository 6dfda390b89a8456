"""nbgrader configuration for the course.

Instructor masters (solutions and hidden tests) live in ``solutions/<assignment>/``; the student
copies that ``nbgrader generate_assignment`` makes from them are committed in ``exercises/``.
Assignment ids are the chapter ids, e.g. ``03-measuring-insulin-resistance``.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

COURSE_ROOT = Path(__file__).resolve().parent

c.CourseDirectory.root = str(COURSE_ROOT)
c.CourseDirectory.course_id = "insulin-resistance"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# A busy SQLite gradebook waits up to 30 s instead of aborting the batch after 5 s.
c.CourseDirectory.db_url = f"sqlite:///{COURSE_ROOT / 'gradebook.db'}?timeout=30"

# What a student sees where a solution was removed: only NotImplementedError, never a NameError
# cascading through later cells (every graded answer is a function).
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A deleted test cell is restored from the master and graded, not silently skipped.
c.OverwriteCells.add_missing_cells = True

# ODE fits in later chapters need more than the default 30 s per cell.
c.Execute.timeout = 120
c.ExecutePreprocessor.timeout = 120

# Lossless grading (insulinlab.grading): a dead kernel or an unanswered interrupt keeps the points
# earned before it, and a passing test that writes a warning to stderr still scores. Feedback
# leaves out the hidden tests. The sandboxed grading kernel is selected only by the grading
# command (`make grade`, `python -m insulinlab.grading grade`), so releases are unaffected.
from insulinlab.grading import AUTOGRADE_PREPROCESSORS, FEEDBACK_PREPROCESSORS  # noqa: E402

c.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
