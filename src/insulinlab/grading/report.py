"""``grades.csv``: one row per student × assignment, with a status and per-question scores.

Statuses, most serious first (a row gets the first that applies):

``unreadable``
    A notebook is missing, not valid JSON or not a notebook; nothing was executed. Score 0.
``grading-error``
    nbgrader itself failed on the submission (see ``notes`` and the run log). Score 0.
``flagged``
    Suspicious code (pre-flight) or feedback that would show hidden-test code. The score is the
    autograder's and may be inflated: review the notebook before releasing anything.
``graded-after-crash``
    The kernel died or ignored an interrupt; points earned before that are kept, later cells
    were not executed and score 0. ``notes`` says where and why.
``needs-manual``
    Auto-graded, but a manually graded answer still has no score.
``graded``
    Everything scored.

The status of each graded submission is kept in ``grading/<assignment>/status.json``; scores
always come from the gradebook, so the report is current after manual grading (``python -m
insulinlab.grading report``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

STATUSES = (
    "unreadable",
    "grading-error",
    "flagged",
    "graded-after-crash",
    "needs-manual",
    "graded",
)
BASE_COLUMNS = ("student", "assignment", "status", "score", "max_score")


@dataclass(frozen=True)
class Outcome:
    """What one grading run learned about one submission (stored in ``status.json``)."""

    student: str
    assignment: str
    unreadable: tuple[str, ...] = ()
    test_cells: tuple[str, ...] = ()
    suspicious: tuple[str, ...] = ()
    crashes: tuple[str, ...] = ()
    timeouts: tuple[str, ...] = ()
    error: str | None = None
    feedback: str = "not generated"
    sandboxed: bool = True
    removed_files: tuple[str, ...] = field(default=())

    @classmethod
    def from_dict(cls, data: dict) -> Outcome:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        for name, value in known.items():
            if isinstance(value, list):
                known[name] = tuple(value)
        return cls(**known)


def status(outcome: Outcome, needs_manual: bool) -> str:
    """The row's status (see the module docstring for the order)."""
    if outcome.unreadable:
        return "unreadable"
    if outcome.error:
        return "grading-error"
    if outcome.suspicious:
        return "flagged"
    if outcome.crashes:
        return "graded-after-crash"
    return "needs-manual" if needs_manual else "graded"


def notes(outcome: Outcome) -> str:
    """Everything the instructor should know about the row, as one ``; ``-separated cell."""
    parts = [*outcome.unreadable]
    if outcome.error:
        parts.append(f"grading error: {outcome.error}")
    parts += [f"suspicious: {item}" for item in outcome.suspicious]
    parts += [f"crash: {item}" for item in outcome.crashes]
    parts += [f"timeout: {item}" for item in outcome.timeouts]
    parts += list(outcome.test_cells)
    if outcome.removed_files:
        parts.append(
            "files the student's code wrote were removed: " + ", ".join(outcome.removed_files)
        )
    if not outcome.sandboxed:
        parts.append("graded WITHOUT the sandbox (--allow-unsandboxed)")
    if outcome.feedback not in ("written", "not generated"):
        parts.append(f"feedback {outcome.feedback}")
    return "; ".join(parts)


@dataclass(frozen=True)
class Scores:
    """Gradebook scores of one submission: per grade cell (None = not graded yet)."""

    per_question: dict[str, float | None]
    max_score: float
    needs_manual: bool

    @property
    def total(self) -> float:
        return sum(score for score in self.per_question.values() if score is not None)


def gradebook_scores(db_url: str, assignment: str, students: Iterable[str]) -> dict[str, Scores]:
    """Scores of ``students`` for ``assignment`` from the gradebook (missing ones are skipped)."""
    from nbgrader.api import Gradebook, MissingEntry

    found = {}
    with Gradebook(db_url) as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            per_question, needs_manual = {}, False
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    waiting = grade.needs_manual_grade and grade.manual_score is None
                    needs_manual = needs_manual or waiting
                    graded = grade.auto_score is not None or grade.manual_score is not None
                    per_question[grade.name] = float(grade.score) if graded else None
            found[student] = Scores(per_question, float(submission.max_score), needs_manual)
    return found


def row(outcome: Outcome, scores: Scores | None, questions: list[str]) -> dict[str, object]:
    """One CSV row: identity, status, total, maximum, per-question scores and notes."""
    if scores is None or outcome.unreadable or outcome.error:
        per_question = dict.fromkeys(questions, 0.0 if outcome.unreadable else "")
        total, maximum, needs_manual = 0.0, (scores.max_score if scores else ""), False
    else:
        per_question = {name: scores.per_question.get(name) for name in questions}
        total, maximum, needs_manual = scores.total, scores.max_score, scores.needs_manual
    values = {name: ("" if value is None else value) for name, value in per_question.items()}
    return {
        "student": outcome.student,
        "assignment": outcome.assignment,
        "status": status(outcome, needs_manual),
        "score": total,
        "max_score": maximum,
        **values,
        "notes": notes(outcome),
    }


def save_outcomes(path: Path, assignment: str, outcomes: list[Outcome], **run: object) -> None:
    """Write ``status.json`` for one assignment's run."""
    data = {
        "assignment": assignment,
        **run,
        "students": {outcome.student: asdict(outcome) for outcome in outcomes},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_outcomes(path: Path) -> list[Outcome]:
    """The outcomes stored in one ``status.json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Outcome.from_dict(item) for item in data["students"].values()]


def write_grades_csv(path: Path, rows: list[dict[str, object]]) -> None:
    """Write the rows with the base columns first, then every question column, then notes."""
    questions: list[str] = []
    for item in rows:
        questions += [key for key in item if key not in (*BASE_COLUMNS, "notes", *questions)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*BASE_COLUMNS, *questions, "notes"])
        writer.writeheader()
        for item in sorted(rows, key=lambda entry: (entry["assignment"], entry["student"])):
            writer.writerow(item)


def lms_rows(rows: list[dict[str, str]]) -> tuple[list[str], list[dict[str, str]]]:
    """Pivot ``grades.csv`` rows to one row per student and one score column per assignment.

    A score is left empty unless the status is ``graded`` (so an LMS never imports a score that
    is still provisional); the ``<assignment> status`` column says why.
    """
    assignments = sorted({item["assignment"] for item in rows})
    students: dict[str, dict[str, str]] = {}
    for item in rows:
        entry = students.setdefault(item["student"], {"student": item["student"]})
        final = item["status"] == "graded"
        entry[item["assignment"]] = item["score"] if final else ""
        entry[f"{item['assignment']} status"] = item["status"]
    columns = ["student"]
    for assignment in assignments:
        columns += [assignment, f"{assignment} status"]
    return columns, [students[name] for name in sorted(students)]
