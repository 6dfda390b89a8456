"""Feedback that shows students their results but not the hidden tests.

nbgrader's feedback is the autograded notebook as HTML, hidden tests included (they were put back
into the test cells for grading). :class:`~insulinlab.grading.feedback_step.HideHiddenTests`,
added to ``GenerateFeedback.preprocessors``, removes the hidden-test regions from the test cells
(:func:`strip_hidden_tests`) and cuts their error tracebacks (which quote the failing test line)
to the final message, which the tests write for students.

Student code can still print what it sees while the tests run. :func:`leaked_lines` checks a
feedback file for any line of the master's hidden tests; the grading command withholds such
feedback and flags the submission.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

HIDDEN_REGION = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|$)",
    re.MULTILINE | re.DOTALL,
)
HIDDEN_NOTICE = "# (hidden tests ran here; they are not shown)\n"
TAG = re.compile(r"<[^>]+>")
MIN_SECRET_LENGTH = 16


def strip_hidden_tests(source: str) -> str:
    """``source`` with every hidden-test region replaced by a one-line notice."""
    return HIDDEN_REGION.sub(HIDDEN_NOTICE, source)


def hidden_test_lines(source: str) -> set[str]:
    """The stripped lines inside hidden-test regions of ``source`` that are long enough to be
    specific (at least 16 characters, not comments)."""
    lines = set()
    for match in HIDDEN_REGION.finditer(source):
        for line in match.group(0).splitlines()[1:-1]:
            line = line.strip()
            if len(line) >= MIN_SECRET_LENGTH and not line.startswith("#"):
                lines.add(line)
    return lines


def master_hidden_lines(notebooks: list[dict]) -> set[str]:
    """Hidden-test lines of the master notebooks, less any line that also appears elsewhere."""
    hidden, everything = set(), []
    for notebook in notebooks:
        for cell in notebook["cells"]:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            hidden |= hidden_test_lines(source)
            everything.append(HIDDEN_REGION.sub("", source))
    public = {line.strip() for text in everything for line in text.splitlines()}
    return hidden - public


def leaked_lines(feedback_html: Path, secrets: set[str]) -> list[str]:
    """Hidden-test lines that appear in a feedback file's text (tags removed)."""
    text = html.unescape(TAG.sub("", feedback_html.read_text(encoding="utf-8", errors="replace")))
    return sorted(line for line in secrets if line in text)
