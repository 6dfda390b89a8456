"""Grading a class safely: one crafted submission for each way a submission goes wrong.

The submissions are generated here from the real release of ``03-measuring-insulin-resistance``
and its master (answers copied from the master's solution regions), then graded in one batch by
``python -m insulinlab.grading grade`` (what ``make grade`` runs) in a scratch course. Each case
states the score and status it must get; the batch must complete, the gradebook must pass
``PRAGMA integrity_check``, and nothing outside the submission folders may change. The attacks
on the hidden tests, the gradebook and the network, and the detached process that tries to
change a grade afterwards, need the bwrap sandbox; without bwrap they are skipped.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tools.nbgrader_tools import (
    BIN,
    REPO_ROOT,
    answered_copy,
    generate_release,
    make_scratch_course,
    solution_sources,
)

from insulinlab.grading import sandbox
from insulinlab.grading.course import integrity_check
from insulinlab.grading.feedback import leaked_lines, master_hidden_lines

ASSIGNMENT = "03-measuring-insulin-resistance"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
TIMEOUT_SECONDS = 8  # per cell; the default (120 s, sized for ODE fits) would make this slow
DAEMON_DELAY_SECONDS = 3
FULL = 12.0  # the auto-graded points of the assignment (question 9 is graded by hand)


def _sandbox_available() -> bool:
    try:
        sandbox.probe()
    except sandbox.SandboxUnavailable:
        return False
    return True


SANDBOX = _sandbox_available()
NEEDS_SANDBOX = pytest.mark.skipif(not SANDBOX, reason="bwrap is missing or cannot run here")


class Kit:
    """Builds student notebooks from the release, filling answers from the master."""

    def __init__(self, course: Path, markers: Path, port: int) -> None:
        self.course, self.markers, self.port = course, markers, port
        self.release = json.loads((course / "exercises" / ASSIGNMENT / NOTEBOOK).read_text())
        self.master = json.loads((course / "solutions" / ASSIGNMENT / NOTEBOOK).read_text())
        self.solutions = solution_sources(self.master)

    def blank(self) -> dict:
        return copy.deepcopy(self.release)

    def answered(self, only: tuple[str, ...] | None = None) -> dict:
        """Every auto-graded answer (or ``only`` these) correct; the written answer blank."""
        return answered_copy(self.release, self.master, None if only is None else set(only))

    def answer(self, notebook: dict, grade_id: str, body: str, before: str = "") -> dict:
        """Replace one answer: ``before`` (top-level code), the def line, then ``body``."""
        cell = _cell(notebook, grade_id)
        definition = self.solutions[grade_id].splitlines()[0]
        indented = "\n".join("    " + line if line else "" for line in body.strip().splitlines())
        cell["source"] = f"{before}{definition}\n{indented}\n"
        return notebook

    @staticmethod
    def add_cell(notebook: dict, after: str, source: str) -> dict:
        """Insert an ungraded code cell of the student's own after the cell ``after``."""
        index = notebook["cells"].index(_cell(notebook, after))
        new = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}
        notebook["cells"].insert(index + 1, {**new, "source": source})
        return notebook


def _grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cell(notebook: dict, grade_id: str) -> dict:
    return next(cell for cell in notebook["cells"] if _grade_id(cell) == grade_id)


# Answer bodies used by several cases.
Q1_RIGHT = "return glucose_mmol_l * 18.016"
Q6_RIGHT = """
import math
mean_glucose = math.fsum(glucose_mg_dl) / len(glucose_mg_dl)
mean_insulin = math.fsum(insulin_uu_ml) / len(insulin_uu_ml)
return 10_000 / math.sqrt(glucose_mg_dl[0] * insulin_uu_ml[0] * mean_glucose * mean_insulin)
"""


def secrets_notebook(kit: Kit) -> dict:
    """Answers that are right only if the kernel can see what the sandbox hides."""
    root, notebook = kit.course, kit.answered()
    master = f"solutions/{ASSIGNMENT}/{NOTEBOOK}"
    reads = f"""
for path in ("{root}/{master}", "../../../{master}"):
    try:
        with open(path) as handle:
            if "BEGIN SOLUTION" in handle.read():
                return glucose_mmol_l * 18.016
    except OSError:
        pass
return 0.0
"""
    kit.answer(notebook, "q1-glucose-conversion", reads)
    gradebook = f"""
import os
if os.path.exists("{root}/gradebook.db") or os.path.exists("../../../gradebook.db"):
    return insulin_pmol_l / factor
return 0.0
"""
    kit.answer(notebook, "q2-insulin-conversion", gradebook)
    hidden_tests = f"""
try:
    with open("{NOTEBOOK}") as handle:
        if "BEGIN HIDDEN TESTS" in handle.read():
            return (1 - 6.00 / 6.945) * 100
except OSError:
    pass
return 0.0
"""
    kit.answer(notebook, "q3-legacy-factor", hidden_tests)
    others = f"""
import os
seen = []
for folder in ("{root}/submitted", "../.."):
    try:
        seen += os.listdir(folder)
    except OSError:
        pass
return fasting_glucose_mg_dl * fasting_insulin_uu_ml / 405 if "full" in seen else 0.0
"""
    kit.answer(notebook, "q4-homa-ir", others)
    network = f"""
import math, socket
try:
    socket.create_connection(("127.0.0.1", {kit.port}), timeout=2).close()
except OSError:
    return 0.0
return 1 / (math.log10(fasting_insulin_uu_ml) + math.log10(fasting_glucose_mg_dl))
"""
    kit.answer(notebook, "q5-quicki", network)
    writes = f"""
for path in ("{root}/solutions/pwned.txt", "{kit.markers}/secrets-wrote-here", "scratch.txt"):
    try:
        with open(path, "w") as handle:
            handle.write("written by a student's code")
    except OSError:
        pass
{Q6_RIGHT}
"""
    return kit.answer(notebook, "q6-matsuda", writes)


def daemon_notebook(kit: Kit) -> dict:
    """A detached process that changes the gradebook after grading (stock nbgrader: it works)."""
    code = f"""
import os, sqlite3, time
if os.fork():
    os._exit(0)
os.setsid()
time.sleep({DAEMON_DELAY_SECONDS})
with open("{kit.markers}/daemon-was-here", "w") as handle:
    handle.write("daemon")
database = sqlite3.connect("{kit.course}/gradebook.db")
database.execute("UPDATE grade SET manual_score = 99")
database.commit()
"""
    source = (
        "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', {code!r}], start_new_session=True)\n"
    )
    return kit.add_cell(kit.answered(), "setup", source)


def transformer_notebook(kit: Kit) -> dict:
    """Blank answers plus an input transformer that empties every later cell (the tests)."""
    source = (
        "def _blank(lines):\n    return []\n\n"
        "get_ipython().input_transformers_cleanup.append(_blank)\n"
    )
    return kit.add_cell(kit.blank(), "setup", source)


def always_equal_notebook(kit: Kit) -> dict:
    notebook = kit.answered()
    kit.answer(
        notebook,
        "q1-glucose-conversion",
        "class AlwaysEqual(float):\n    def __eq__(self, other):\n        return True\n"
        "return AlwaysEqual(0.0)",
    )
    return kit.answer(
        notebook,
        "q7-ada-fasting-category",
        "class Yes(str):\n    def __eq__(self, other):\n        return True\nreturn Yes('normal')",
    )


def tamper_notebook(kit: Kit) -> dict:
    source = (
        "import builtins, sys, types\n"
        "fake = types.ModuleType('insulinlab.checks')\n"
        "fake.check_number = fake.check_text = fake.check_own_code = lambda *a, **k: None\n"
        "sys.modules['insulinlab.checks'] = fake\n"
        "builtins.print = print\n"
    )
    return kit.add_cell(kit.blank(), "setup", source)


def leak_notebook(kit: Kit) -> dict:
    """Right answers, but question 8 prints the test cell it is called from (hidden tests)."""
    body = (
        "if not _SHOWN:\n    _SHOWN.append(True)\n    print(In[-1])\n"
        "return fasting_glucose_mmol_l * 18.016 * (fasting_insulin_pmol_l / factor) / 405"
    )
    return kit.answer(kit.answered(), "q8-homa-ir-si-units", body, before="_SHOWN = []\n")


def edited_test_notebook(kit: Kit, delete: bool) -> dict:
    notebook = kit.answer(kit.answered(), "q4-homa-ir", "return 0.0")
    test = _cell(notebook, "q4-homa-ir-tests")
    if delete:
        notebook["cells"].remove(test)
    else:
        test["source"] = "pass\n"
    return notebook


def limits_notebook(kit: Kit) -> dict:
    """Question 6 allocates 8 GiB (MemoryError); question 8 is right only if it can write
    a 100 MB file (the limit is 64 MiB)."""
    notebook = kit.answer(
        kit.answered(), "q6-matsuda", "hoard = bytearray(8 * 1024**3)\n" + Q6_RIGHT
    )
    big_file = """
try:
    with open("big.bin", "wb") as handle:
        handle.write(bytes(100 * 1000**2))
except OSError:
    return 0.0
return fasting_glucose_mmol_l * 18.016 * (fasting_insulin_pmol_l / factor) / 405
"""
    return kit.answer(notebook, "q8-homa-ir-si-units", big_file)


def written_notebook(kit: Kit) -> dict:
    notebook = kit.answered()
    _cell(notebook, "q9-surrogate-limits")["source"] = "HOMA1 is a product of two noisy values."
    return notebook


@dataclass(frozen=True)
class Case:
    """A crafted submission and what grading must make of it."""

    student: str
    build: Callable[[Kit], dict | bytes | None]
    score: float
    status: str
    note: str = ""
    sandbox_only: bool = False


CASES = [
    Case("full", lambda kit: kit.answered(), FULL, "graded"),
    Case("written", written_notebook, FULL, "needs-manual"),
    Case("blank", lambda kit: kit.blank(), 0.0, "graded"),
    Case(
        "partial",
        lambda kit: kit.answered(only=("q1-glucose-conversion", "q4-homa-ir")),
        3.0,
        "graded",
    ),
    Case(
        "syntax",
        lambda kit: kit.answer(kit.answered(), "q2-insulin-conversion", "return insulin_pmol_l /"),
        FULL - 1,
        "graded",
    ),
    Case(
        "loop",
        lambda kit: kit.answer(kit.answered(), "q7-ada-fasting-category", "while True:\n    pass"),
        FULL - 2,
        "graded",
    ),
    Case(
        "ignores-interrupt",
        lambda kit: kit.answer(
            kit.answered(),
            "q5-quicki",
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        ),
        5.0,
        "graded-after-crash",
        "did not answer the interrupt",
    ),
    Case(
        "exits",
        lambda kit: kit.answer(kit.answered(), "q5-quicki", "import os\nos._exit(1)"),
        5.0,
        "graded-after-crash",
        "exited with code 1",
    ),
    Case(
        "killed",
        lambda kit: kit.answer(
            kit.answered(), "q6-matsuda", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
        ),
        7.0,
        "graded-after-crash",
        "SIGKILL",
    ),
    Case("limits", limits_notebook, FULL - 3, "graded", "big.bin"),
    Case("invalid-json", lambda kit: b'{"cells": [', 0.0, "unreadable", "not valid JSON"),
    Case("missing", lambda kit: None, 0.0, "unreadable", "is missing"),
    Case(
        "deleted-test", lambda kit: edited_test_notebook(kit, True), FULL - 2, "graded", "deleted"
    ),
    Case("edited-test", lambda kit: edited_test_notebook(kit, False), FULL - 2, "graded", "edited"),
    Case(
        "stderr",
        lambda kit: kit.answer(
            kit.answered(),
            "q1-glucose-conversion",
            "import sys, warnings\nwarnings.warn('check your units', UserWarning)\n"
            "print('a note on stderr', file=sys.stderr)\n" + Q1_RIGHT,
        ),
        FULL,
        "graded",
    ),
    Case(
        "huge-output",
        lambda kit: kit.answer(
            kit.answered(),
            "q1-glucose-conversion",
            Q1_RIGHT,
            before="for line in range(20000):\n    print('line', line)\n\n",
        ),
        FULL,
        "graded",
    ),
    Case("secrets", secrets_notebook, 5.0, "graded", "scratch.txt", sandbox_only=True),
    Case("daemon", daemon_notebook, FULL, "graded", sandbox_only=True),
    Case("transformer", transformer_notebook, FULL, "flagged", "input/AST transformer"),
    Case("always-equal", always_equal_notebook, FULL - 3, "flagged", "overrides __eq__"),
    Case("tamper", tamper_notebook, 0.0, "flagged", "sys.modules"),
    Case("leak", leak_notebook, FULL, "flagged", "hidden-test line"),
]


def _tree_digest(root: Path, skip: tuple[str, ...]) -> dict[str, str]:
    digest = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in skip or not path.is_file():
            continue
        digest[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


@dataclass
class Batch:
    course: Path
    markers: Path
    rows: dict[str, dict[str, str]]
    output: str
    before: dict[str, str]
    after: dict[str, str]


def _tcp_listener() -> tuple[socket.socket, int]:
    """A local TCP server that accepts connections (the sandboxed kernel must not reach it)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def accept() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connection.close()

    threading.Thread(target=accept, daemon=True).start()
    return server, server.getsockname()[1]


UNCHANGED = ("autograded", "feedback", "grading", "gradebook.db", "grades.csv")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    """Generate every crafted submission, grade them in one run, wait out the daemon."""
    course = make_scratch_course(tmp_path_factory.mktemp("safety-course"))
    markers = tmp_path_factory.mktemp("markers")
    generate_release(course, [ASSIGNMENT])
    server, port = _tcp_listener()
    kit = Kit(course, markers, port)
    for case in CASES:
        if case.sandbox_only and not SANDBOX:
            continue
        folder = course / "submitted" / case.student / ASSIGNMENT
        folder.mkdir(parents=True)
        content = case.build(kit)
        if content is None:
            (folder / "notes.txt").write_text("forgot the notebook\n")
        elif isinstance(content, bytes):
            (folder / NOTEBOOK).write_bytes(content)
        else:
            (folder / NOTEBOOK).write_text(json.dumps(content, indent=1))
    before = _tree_digest(course, UNCHANGED)
    command = [str(BIN / "python"), "-m", "insulinlab.grading", "grade", ASSIGNMENT]
    command += ["--jobs", "2", "--timeout", str(TIMEOUT_SECONDS)]
    if not SANDBOX:
        command.append("--allow-unsandboxed")
    result = subprocess.run(command, cwd=course, capture_output=True, text=True, timeout=900)
    server.close()
    assert result.returncode == 0, result.stdout + result.stderr
    time.sleep(DAEMON_DELAY_SECONDS + 2)  # let a surviving daemon act, if there were one
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return Batch(course, markers, rows, result.stdout, before, _tree_digest(course, UNCHANGED))


CASE_PARAMS = [
    pytest.param(case, id=case.student, marks=[NEEDS_SANDBOX] if case.sandbox_only else [])
    for case in CASES
]


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_crafted_submission_gets_expected_score_and_status(batch, case):
    row = batch.rows[case.student]
    assert (row["status"], float(row["score"])) == (case.status, case.score), row["notes"]
    assert case.note in row["notes"]


def test_every_submission_has_one_row_and_the_gradebook_is_sound(batch):
    expected = {case.student for case in CASES if SANDBOX or not case.sandbox_only}
    assert set(batch.rows) == expected
    assert integrity_check(batch.course / "gradebook.db") == "ok"
    assert list((batch.course / "grading" / "backups").glob("gradebook-*.db"))
    status = json.loads((batch.course / "grading" / ASSIGNMENT / "status.json").read_text())
    assert status["sandboxed"] is SANDBOX


def test_nothing_outside_the_submission_folders_changed(batch):
    assert batch.after == batch.before
    assert not (batch.course / "solutions" / "pwned.txt").exists()


@NEEDS_SANDBOX
def test_the_daemon_could_not_outlive_the_kernel_or_change_a_grade(batch):
    from nbgrader.api import Gradebook

    assert not (batch.markers / "daemon-was-here").exists()
    assert not (batch.markers / "secrets-wrote-here").exists()
    with Gradebook(f"sqlite:///{batch.course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, "daemon")
        assert submission.code_score == FULL
        scores = [grade.manual_score for nb in submission.notebooks for grade in nb.grades]
    assert all(score is None for score in scores)


def test_points_before_a_crash_are_kept_and_later_cells_marked_not_executed(batch):
    notebook = json.loads(
        (batch.course / "autograded" / "exits" / ASSIGNMENT / NOTEBOOK).read_text()
    )
    record = notebook["metadata"]["insulinlab_grading"]
    assert record["stopped_at"].endswith("(q5-quicki-tests)")
    later = notebook["cells"][notebook["cells"].index(_cell(notebook, "q6-matsuda-tests")) :]
    enames = [
        out["ename"] for cell in later if cell["cell_type"] == "code" for out in cell["outputs"]
    ]
    assert enames and set(enames) == {"NotExecuted"}


def test_huge_output_is_truncated(batch):
    notebook = json.loads(
        (batch.course / "autograded" / "huge-output" / ASSIGNMENT / NOTEBOOK).read_text()
    )
    text = "".join(
        "".join(out.get("text", "")) for out in _cell(notebook, "q1-glucose-conversion")["outputs"]
    )
    assert 0 < text.count("\n") <= 1001


def test_feedback_hides_the_hidden_tests_and_is_withheld_when_flagged(batch):
    master = json.loads((batch.course / "solutions" / ASSIGNMENT / NOTEBOOK).read_text())
    secrets = master_hidden_lines([master])
    pages = sorted((batch.course / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    students = {page.parts[-3] for page in pages}
    assert {"full", "blank", "exits"} <= students
    assert not students & {"transformer", "always-equal", "tamper", "leak", "invalid-json"}
    for page in pages:
        assert not leaked_lines(page, secrets), page


def test_grading_refuses_without_a_sandbox_unless_told(monkeypatch, tmp_path, capsys):
    from insulinlab.grading import cli

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "bwrap").write_text(
        "#!/bin/sh\necho 'No permissions to create new namespace' >&2\nexit 1\n"
    )
    (fake / "bwrap").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:/usr/bin:/bin")
    course = make_scratch_course(tmp_path / "course")
    assert cli.main(["grade", ASSIGNMENT, "--course", str(course)]) == cli.EXIT_REFUSED
    message = capsys.readouterr().err
    assert "Refusing to grade" in message and "--allow-unsandboxed" in message
    assert "No permissions" in message


def test_make_grade_needs_an_assignment():
    result = subprocess.run(
        ["make", "-f", "grading.mk", "grade", "VENV_BIN=.venv/bin"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ASSIGNMENT" in result.stdout + result.stderr


@NEEDS_SANDBOX
def test_the_sandbox_command_hides_the_course_and_limits_the_kernel(tmp_path):
    from insulinlab.grading import _launch

    course = tmp_path / "course"
    workdir = course / "autograded" / "alice" / ASSIGNMENT
    workdir.mkdir(parents=True)
    (workdir / NOTEBOOK).write_text("{}")
    connection = tmp_path / "sockets" / "kernel-1.json"
    connection.parent.mkdir()
    connection.write_text(json.dumps({"transport": "ipc", "ip": str(connection.parent / "k")}))
    policy = sandbox.build_policy(course, [], sandbox.Limits(cpu_seconds=60), sandboxed=True)
    command, env = _launch.command_line(policy, str(workdir), [str(connection)])
    text = " ".join(command)
    assert {"--unshare-all", "--die-with-parent", "--disable-userns", "--clearenv"} <= set(command)
    assert "--ro-bind / /" in text and "--tmpfs /tmp" in text
    assert f"--bind {workdir} {workdir}" in text
    assert f"--ro-bind /dev/null {workdir / NOTEBOOK}" in text
    assert "--cpu=60:65" in text and "--as=" in text and "--fsize=" in text and "--nproc=" in text
    assert env["HOME"] == "/tmp" and "JPY_PARENT_PID" not in env
    with pytest.raises(SystemExit, match="refusing"):
        _launch.command_line(policy, str(course), [str(connection)])
