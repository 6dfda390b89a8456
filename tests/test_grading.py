"""nbgrader round trip: the release is exactly what nbgrader makes, leaks nothing, and grades right.

Runs nbgrader in a scratch course (see tools/nbgrader_tools.py), never in the repository.
"""

import json
import shutil

import pytest
from tools.nbgrader_tools import (
    EXERCISES,
    HIDDEN_TEST_MARKERS,
    MARK_SCHEME_MARKERS,
    SOLUTION_MARKERS,
    SOLUTIONS,
    assignment_ids,
    autograde_each,
    generate_release,
    make_scratch_course,
    nbgrader,
    secret_lines,
)

ASSIGNMENTS = assignment_ids()

# One worker takes this whole module (`make unit` runs pytest-xdist with --dist loadfile), so
# the scratch course is generated and graded once, in two nbgrader processes, not per worker.


def _cell_sources(notebook_path):
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"]]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A scratch course with a fresh release generated from solutions/."""
    folder = make_scratch_course(tmp_path_factory.mktemp("course"))
    generate_release(folder)
    return folder


def test_there_is_at_least_one_assignment():
    assert ASSIGNMENTS, "solutions/ holds no assignment folder"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_assignment_has_a_committed_release(assignment):
    assert (EXERCISES / assignment / f"{assignment}.ipynb").is_file(), "run `make release`"
    assert (SOLUTIONS / assignment / f"{assignment}.ipynb").is_file()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_are_exactly_the_generated_release(course, assignment):
    generated = course / "exercises" / assignment
    committed = EXERCISES / assignment
    generated_files = sorted(p.relative_to(generated) for p in generated.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert committed_files == generated_files, "exercises/ drifted: run `make release`"
    for relative in generated_files:
        assert (committed / relative).read_bytes() == (generated / relative).read_bytes(), (
            f"exercises/{assignment}/{relative} differs from what nbgrader generates "
            "from solutions/: run `make release` and commit the result"
        )


def test_generating_in_one_process_matches_the_nbgrader_command(course, tmp_path):
    """generate_release runs nbgrader's converter in one process; the command gives the same."""
    assignment = ASSIGNMENTS[0]
    command_course = make_scratch_course(tmp_path / "command")
    nbgrader(["generate_assignment", assignment, "--force"], command_course)
    by_command = command_course / "exercises" / assignment
    in_one_process = course / "exercises" / assignment
    files = sorted(p.relative_to(by_command) for p in by_command.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(in_one_process) for p in in_one_process.rglob("*") if p.is_file()
    )
    for relative in files:
        assert (by_command / relative).read_bytes() == (in_one_process / relative).read_bytes()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_solution_hidden_test_or_rubric(assignment):
    master = SOLUTIONS / assignment / f"{assignment}.ipynb"
    secrets = secret_lines(master)
    assert secrets, "the master should have solution regions"
    for notebook in (EXERCISES / assignment).glob("*.ipynb"):
        text = "\n".join(_cell_sources(notebook))
        for marker in (*SOLUTION_MARKERS, *HIDDEN_TEST_MARKERS, *MARK_SCHEME_MARKERS):
            assert marker not in text, f"{notebook.name} contains {marker!r}"
        leaked = sorted(line for line in secrets if line in text)
        assert not leaked, f"{notebook.name} leaks solution/hidden-test lines: {leaked[:5]}"


def _scores(course, assignment):
    from nbgrader.api import Gradebook

    db_url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db_url) as gradebook:
        max_code_score = gradebook.find_assignment(assignment).max_code_score
        scores = {
            student: gradebook.find_submission(assignment, student).code_score
            for student in ("solution", "blank")
        }
    return max_code_score, scores


@pytest.fixture(scope="module")
def round_trip_scores(course):
    """Each assignment's master and untouched student copy, autograded by nbgrader: for each
    assignment, (max code score, {student: code score})."""
    for assignment in ASSIGNMENTS:
        for student, source in (("solution", SOLUTIONS), ("blank", EXERCISES)):
            target = course / "submitted" / student / assignment
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source / assignment, target)
    autograde_each(course, [(a, s) for a in ASSIGNMENTS for s in ("solution", "blank")])
    return {assignment: _scores(course, assignment) for assignment in ASSIGNMENTS}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_autograde_round_trip(round_trip_scores, assignment):
    """The master earns every auto-graded point; the untouched student copy earns none."""
    max_code_score, scores = round_trip_scores[assignment]
    assert max_code_score >= 4, "each assignment should have several auto-graded parts"
    assert scores["solution"] == pytest.approx(max_code_score), scores
    assert scores["blank"] == 0, scores
