"""``python -m insulinlab.grading``: grade a whole class with one command.

Commands::

    grade ASSIGNMENT [--jobs N] [--timeout S] [--allow-unsandboxed] [--no-feedback]
    report                      rewrite grades.csv from the gradebook (after manual grading)
    lms [--output FILE]         one row per student, one column per assignment, for an LMS
    kernelspec --prefix DIR     write the sandbox kernelspec for plain `nbgrader autograde`
    probe                       say whether the sandbox can run on this machine

Run them in the course root (the folder with ``nbgrader_config.py``) or pass ``--course``.
``grade`` backs up the gradebook, pre-flights every submission, autogrades the readable ones in
parallel (one worker per core) in the sandbox kernel, writes feedback (hidden tests removed;
withheld for flagged submissions) and writes ``grades.csv`` with a status per row.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from insulinlab.grading import feedback, preflight, report, sandbox
from insulinlab.grading.course import Course, backup_gradebook, integrity_check
from insulinlab.grading.pool import WorkerPool

BIN = Path(sys.executable).parent
EXIT_REFUSED = 2


class GradingError(RuntimeError):
    """The batch cannot run (the message says why)."""


def _say(message: str) -> None:
    print(message, flush=True)


def ensure_assignment(course: Course, assignment: str) -> None:
    """Make sure the gradebook knows the assignment (``generate_assignment`` records it)."""
    from nbgrader.api import Gradebook, MissingEntry

    if not (course.source / assignment).is_dir():
        raise GradingError(f"no master for {assignment!r}: {course.source / assignment} is missing")
    with Gradebook(course.db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    _say(f"{assignment} is not in the gradebook yet: running nbgrader generate_assignment")
    command = [str(BIN / "nbgrader"), "generate_assignment", assignment, "--force"]
    result = subprocess.run(command, cwd=course.root, capture_output=True, text=True)
    if result.returncode != 0:
        raise GradingError(f"nbgrader generate_assignment failed:\n{result.stderr[-3000:]}")


def decide_sandbox(allow_unsandboxed: bool) -> bool:
    """Whether the kernels will be sandboxed: True if bwrap can run here.

    Raises
    ------
    GradingError
        If the sandbox cannot run and the instructor did not opt out.
    """
    try:
        sandbox.probe()
    except sandbox.SandboxUnavailable as problem:
        if not allow_unsandboxed:
            raise GradingError(
                f"Refusing to grade: the sandbox cannot run here.\n{problem}\n"
                "To grade anyway, without isolation (student code could read the hidden tests "
                "and change grades), pass --allow-unsandboxed (make grade ALLOW_UNSANDBOXED=1)."
            ) from problem
        _say(f"WARNING: grading WITHOUT the sandbox (--allow-unsandboxed): {problem}")
        return False
    return True


def write_grading_kernel(
    course: Course, folder: Path, sandboxed: bool, limits: sandbox.Limits
) -> None:
    """Write the grading kernelspec under ``folder`` (``folder/kernels/insulinlab-sandbox``)."""
    policy = sandbox.build_policy(course.root, course.private_paths(), limits, sandboxed)
    sandbox.write_kernelspec(folder, policy)


def limits(args: argparse.Namespace) -> sandbox.Limits:
    """The kernel's resource limits from ``--memory-mb`` and ``--cpu-seconds``."""
    return sandbox.Limits(memory_bytes=args.memory_mb * 1024**2, cpu_seconds=args.cpu_seconds)


def worker_settings(run: Path, timeout: int | None, index: int) -> dict:
    """Kernel, socket folder (one per worker, absolute) and cell timeout of worker ``index``."""
    sockets = run / f"s{index}"
    sockets.mkdir(exist_ok=True)
    return {"kernel_name": sandbox.KERNEL_NAME, "socket": str(sockets / "k"), "timeout": timeout}


def worker_env(run: Path, index: int) -> dict:
    """Environment of worker ``index``: finds the grading kernelspec and the course's nbgrader."""
    jupyter_path = [str(run / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
    return {
        "JUPYTER_PATH": os.pathsep.join(filter(None, jupyter_path)),
        "JUPYTER_RUNTIME_DIR": str(run / f"runtime{index}"),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def error_summary(result: dict) -> str:
    """A short reason for a failed nbgrader run, from its log and traceback."""
    lines = [*(result.get("log") or "").splitlines(), *(result.get("error") or "").splitlines()]
    errors = [line for line in lines if re.match(r"^\w*(Error|Exception)\b", line.strip())]
    logged = [line for line in lines if line.startswith("[ERROR]")]
    chosen = (errors[-1:] + logged[:1]) or lines[-1:] or ["unknown error"]
    return " | ".join(line.strip() for line in chosen)[:400]


def preflight_all(
    folders: dict[str, Path], assignment: str, release: dict[str, dict]
) -> dict[str, preflight.SubmissionCheck]:
    """Pre-flight every submission and print what it found."""
    checks = {}
    for student, folder in folders.items():
        check = preflight.check_submission(folder, student, assignment, release)
        for finding in (*check.unreadable, *check.suspicious, *check.test_cells):
            _say(f"pre-flight {student}: {finding}")
        checks[student] = check
    return checks


def autograde_all(
    pool: WorkerPool, checks: dict[str, preflight.SubmissionCheck], with_feedback: bool
) -> dict[str, dict]:
    """Autograde the readable submissions (feedback for the unflagged ones), printing progress."""
    readable = [check for check in checks.values() if check.readable]
    _say(f"grading {len(readable)} of {len(checks)} submissions with {pool.count} worker(s)")
    requests = [
        {"student": check.student, "feedback": with_feedback and not check.flagged}
        for check in readable
    ]
    done = Counter()

    def progress(result: dict) -> None:
        done["n"] += 1
        state = "ok" if result.get("success") else "FAILED"
        crash = " (kernel stopped)" if result.get("crashes") else ""
        seconds = result.get("seconds", 0)
        _say(f"[{done['n']}/{len(readable)}] {result['student']}: {state}{crash} {seconds:.1f} s")

    return {result["student"]: result for result in pool.run(requests, progress)}


def outcome_for(
    check: preflight.SubmissionCheck, result: dict | None, sandboxed: bool
) -> report.Outcome:
    """Combine pre-flight findings and the autograde result of one submission."""
    error = None
    if check.readable and result is None:
        error = "no result from the grading worker"
    elif result is not None and not result.get("success"):
        error = error_summary(result)
    result = result or {}
    return report.Outcome(
        student=check.student,
        assignment=check.assignment,
        unreadable=check.unreadable,
        test_cells=check.test_cells,
        suspicious=check.suspicious,
        crashes=tuple(result.get("crashes", [])),
        timeouts=tuple(result.get("timeouts", [])),
        error=error,
        feedback="withheld (flagged)" if check.flagged and check.readable else "not generated",
        sandboxed=sandboxed,
        removed_files=tuple(result.get("removed_files", [])),
    )


def check_feedback(
    outcome: report.Outcome, written: dict | None, folder: Path, secrets: set[str]
) -> report.Outcome:
    """Record the feedback's state; withhold (delete) and flag feedback that shows hidden tests."""
    if written is None:
        return outcome
    if not written.get("success"):
        return replace(outcome, feedback=f"failed: {error_summary(written)}")
    leaks = sorted(
        {line for page in folder.glob("*.html") for line in feedback.leaked_lines(page, secrets)}
    )
    if not leaks:
        return replace(outcome, feedback="written")
    shutil.rmtree(folder, ignore_errors=True)
    finding = f"feedback shows {len(leaks)} hidden-test line(s), e.g. {leaks[0]!r}"
    return replace(
        outcome,
        suspicious=(*outcome.suspicious, finding),
        feedback="withheld (it showed hidden-test code)",
    )


def hidden_lines(course: Course, assignment: str) -> set[str]:
    """The master's hidden-test lines, to look for in feedback."""
    paths = sorted((course.source / assignment).glob("*.ipynb"))
    masters = [preflight.read_notebook(path)[0] for path in paths]
    return feedback.master_hidden_lines([notebook for notebook in masters if notebook])


def question_order(course: Course, assignment: str) -> list[str]:
    """The grade cells' ids in the master's order (the per-question columns)."""
    order = []
    for path in sorted((course.source / assignment).glob("*.ipynb")):
        notebook, _ = preflight.read_notebook(path)
        for cell in (notebook or {"cells": []})["cells"]:
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if grading.get("grade"):
                order.append(grading["grade_id"])
    return order


def write_report(course: Course) -> Path:
    """Rewrite ``grades.csv`` for every assignment graded with this command; return its path."""
    rows = []
    for status_file in sorted(course.root.glob("grading/*/status.json")):
        outcomes = report.load_outcomes(status_file)
        if not outcomes:
            continue
        assignment = outcomes[0].assignment
        students = [outcome.student for outcome in outcomes]
        scores = report.gradebook_scores(course.db_url, assignment, students)
        questions = question_order(course, assignment)
        rows += [report.row(o, scores.get(o.student), questions) for o in outcomes]
    target = course.root / "grades.csv"
    report.write_grades_csv(target, rows)
    return target


def collect_outcomes(
    course: Course,
    assignment: str,
    checks: dict[str, preflight.SubmissionCheck],
    results: dict[str, dict],
    sandboxed: bool,
) -> list[report.Outcome]:
    """One outcome per submission: pre-flight, autograde result and the feedback check."""
    secrets = hidden_lines(course, assignment)
    outcomes = []
    for student, check in checks.items():
        outcome = outcome_for(check, results.get(student), sandboxed)
        written = results.get(student, {}).get("feedback")
        folder = Path(course.feedback, student, assignment)
        outcomes.append(check_feedback(outcome, written, folder, secrets))
    return outcomes


def grade(args: argparse.Namespace) -> int:
    """Grade every submission of one assignment (the ``grade`` command)."""
    course, assignment, started = Course.load(args.course), args.assignment, time.perf_counter()
    sandboxed = decide_sandbox(args.allow_unsandboxed)
    folders = course.submissions(assignment)
    if not folders:
        raise GradingError(f"no submissions: {course.submitted}/*/{assignment}/ is empty")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    logs = course.state(assignment) / "logs" / stamp
    jobs = max(1, min(args.jobs, len(folders)))
    with tempfile.TemporaryDirectory(prefix="ilg-") as scratch:
        run = Path(scratch)
        settings, env = partial(worker_settings, run, args.timeout), partial(worker_env, run)
        # The workers load nbgrader while this process prepares the batch.
        with WorkerPool(jobs, course.root, assignment, settings, env, logs) as pool:
            write_grading_kernel(course, run / "jupyter", sandboxed, limits(args))
            ensure_assignment(course, assignment)
            release = preflight.load_release(course.release / assignment)
            backup = backup_gradebook(course)
            _say(f"gradebook backed up to {backup}" if backup else "no gradebook yet to back up")
            checks = preflight_all(folders, assignment, release)
            results = autograde_all(pool, checks, with_feedback=not args.no_feedback)
    outcomes = collect_outcomes(course, assignment, checks, results, sandboxed)
    run_facts = {"graded_at": stamp, "sandboxed": sandboxed, "logs": str(logs)}
    run_facts["gradebook_backup"] = str(backup) if backup else None
    status_file = course.state(assignment) / "status.json"
    report.save_outcomes(status_file, assignment, outcomes, **run_facts)
    summarise(course, assignment, write_report(course), time.perf_counter() - started)
    return 0


def summarise(course: Course, assignment: str, target: Path, seconds: float) -> None:
    """Print the counts per status, the gradebook's integrity check and where the CSV is."""
    with target.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["assignment"] == assignment]
    counts = Counter(row["status"] for row in rows)
    parts = [f"{counts[name]} {name}" for name in report.STATUSES if counts[name]]
    _say(f"{assignment}: {len(rows)} submissions in {seconds:.1f} s: " + ", ".join(parts))
    if course.db_path is not None and course.db_path.exists():
        _say(f"gradebook integrity_check: {integrity_check(course.db_path)}")
    _say(f"wrote {target}")


def lms(args: argparse.Namespace) -> int:
    """Write grades-lms.csv: one row per student, final scores only."""
    course = Course.load(args.course)
    with (course.root / "grades.csv").open(encoding="utf-8") as handle:
        columns, rows = report.lms_rows(list(csv.DictReader(handle)))
    output = args.output or course.root / "grades-lms.csv"
    with Path(output).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    _say(f"wrote {output}")
    return 0


def kernelspec(args: argparse.Namespace) -> int:
    """Write the grading kernelspec and print the plain nbgrader command that uses it."""
    course = Course.load(args.course)
    prefix = args.prefix.resolve()
    sandboxed = decide_sandbox(args.allow_unsandboxed)
    write_grading_kernel(course, prefix, sandboxed, limits(args))
    kind = "sandboxed" if sandboxed else "NOT sandboxed"
    _say(f"wrote {prefix / 'kernels' / sandbox.KERNEL_NAME} ({kind})")
    _say("grade one student with plain nbgrader (run one such command per core):")
    _say(
        f"  mkdir -p /tmp/ilg-sockets/STUDENT && JUPYTER_PATH={prefix} nbgrader autograde "
        f"ASSIGNMENT --student=STUDENT --force --Execute.kernel_name={sandbox.KERNEL_NAME} "
        "--KernelManager.transport=ipc --KernelManager.ip=/tmp/ilg-sockets/STUDENT/kernel"
    )
    return 0


def probe(args: argparse.Namespace) -> int:
    """Exit 0 if the sandbox can run here, 1 (with the reason) if not."""
    try:
        sandbox.probe()
    except sandbox.SandboxUnavailable as problem:
        _say(f"sandbox unavailable: {problem}")
        return 1
    _say("sandbox available: bwrap can create user, network and PID namespaces here")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    main_parser = argparse.ArgumentParser(
        prog="python -m insulinlab.grading", description=__doc__.split("\n\n")[0]
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    grading = commands.add_parser("grade", help="grade every submission of one assignment")
    grading.add_argument("assignment")
    grading.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="workers (default: one per core)"
    )
    grading.add_argument("--timeout", type=int, help="seconds per cell (default: the config's)")
    grading.add_argument(
        "--allow-unsandboxed", action="store_true", help="grade where the sandbox cannot run"
    )
    grading.add_argument("--no-feedback", action="store_true", help="skip feedback")
    reporting = commands.add_parser("report", help="rewrite grades.csv from the gradebook")
    exporting = commands.add_parser("lms", help="grades.csv as one row per student")
    exporting.add_argument("--output", type=Path)
    spec = commands.add_parser("kernelspec", help="write the grading kernelspec")
    spec.add_argument("--prefix", type=Path, required=True)
    spec.add_argument("--allow-unsandboxed", action="store_true")
    defaults = sandbox.Limits()
    for sub in (grading, spec):
        sub.add_argument(
            "--memory-mb",
            type=int,
            default=defaults.memory_bytes // 1024**2,
            help="address-space limit per kernel (default: %(default)s)",
        )
        sub.add_argument(
            "--cpu-seconds",
            type=int,
            default=defaults.cpu_seconds,
            help="CPU-time limit per kernel (default: %(default)s)",
        )
    checking = commands.add_parser("probe", help="check that the sandbox can run here")
    worker = commands.add_parser("worker", help=argparse.SUPPRESS)
    worker.add_argument("assignment")
    worker.add_argument("--settings", type=json.loads, required=True)
    for sub in (grading, reporting, exporting, spec, checking, worker):
        sub.add_argument("--course", type=Path, default=Path.cwd(), help="course root")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (2 when grading is refused or impossible)."""
    args = parser().parse_args(argv)
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"  # nbgrader runs alembic
    try:
        if args.command == "worker":
            from insulinlab.grading.worker import serve

            serve(args.course.resolve(), args.assignment, args.settings)
            return 0
        if args.command == "report":
            _say(f"wrote {write_report(Course.load(args.course))}")
            return 0
        handlers = {"grade": grade, "lms": lms, "kernelspec": kernelspec, "probe": probe}
        return handlers[args.command](args)
    except (GradingError, FileNotFoundError, ValueError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_REFUSED
