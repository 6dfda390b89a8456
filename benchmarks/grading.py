"""Grading a class: serial stock nbgrader against ``make grade``, in one run.

Run: /work/main/.venv/bin/python benchmarks/grading.py [--submissions N]   (default 100)

Generates N submissions of one assignment (every third fully answered, the others partly
answered or blank, all from the real release and master), copies them into two scratch courses
and times, on the same machine in the same run:

- stock: ``nbgrader autograde`` then ``nbgrader generate_feedback`` (one process, serial, stock
  preprocessors and kernel);
- ``make grade``: ``python -m insulinlab.grading grade`` (pre-flight, sandboxed kernels, one
  worker per core, lossless execution, feedback, grades.csv).

Prints both wall times, the ratio and whether both gave every student the same score. The
target is a ratio of at least 1.8 on 2 cores. It does not assert: timings depend on the machine
and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from tools.nbgrader_tools import (  # noqa: E402
    answered_copy,
    generate_release,
    make_scratch_course,
    nbgrader,
    solution_sources,
)

ASSIGNMENT = "03-measuring-insulin-resistance"
TARGET_RATIO = 1.8
# Undo the course's grading settings in the stock course: nbgrader's own preprocessors.
STOCK_CONFIG = """
c.Autograde.pop("autograde_preprocessors", None)
c.GenerateFeedback.pop("preprocessors", None)
"""


def submission(release: dict, master: dict, number: int) -> dict:
    """Student ``number``'s notebook: all, some or none of the answers right."""
    answers = sorted(solution_sources(master))
    if number % 3 == 0:
        return answered_copy(release, master)
    return answered_copy(release, master, set(answers[: number % len(answers)]))


def make_courses(root: Path, count: int) -> tuple[Path, Path]:
    """Two scratch courses with the same release and the same ``count`` submissions."""
    stock = make_scratch_course(root / "stock")
    generate_release(stock, [ASSIGNMENT])
    notebook = f"{ASSIGNMENT}.ipynb"
    release = json.loads((stock / "exercises" / ASSIGNMENT / notebook).read_text())
    master = json.loads((stock / "solutions" / ASSIGNMENT / notebook).read_text())
    for number in range(count):
        folder = stock / "submitted" / f"student{number:03d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / notebook).write_text(json.dumps(submission(release, master, number)))
    fast = root / "make-grade"
    shutil.copytree(stock, fast)
    with (stock / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write(STOCK_CONFIG)
    return stock, fast


def timed(action) -> tuple[float, float]:
    """Wall seconds and CPU seconds (of all the child processes, kernels included)."""
    start, cpu = time.perf_counter(), _children_cpu()
    action()
    return time.perf_counter() - start, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stock_run(course: Path) -> None:
    nbgrader(["autograde", ASSIGNMENT, "--force"], course, timeout=7200)
    nbgrader(["generate_feedback", ASSIGNMENT, "--force"], course, timeout=7200)


def make_grade_run(course: Path) -> None:
    command = [sys.executable, "-m", "insulinlab.grading", "grade", ASSIGNMENT]
    command += ["--jobs", str(os.cpu_count() or 1)]
    subprocess.run(command, cwd=course, check=True, capture_output=True, text=True, timeout=7200)


def code_scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assignment = gradebook.find_assignment(ASSIGNMENT)
        return {s.student.id: s.code_score for s in assignment.submissions}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=100)
    count = parser.parse_args(argv).submissions
    with tempfile.TemporaryDirectory(prefix="insulinlab-bench-grading-") as scratch:
        stock, fast = make_courses(Path(scratch), count)
        stock_seconds, stock_cpu = timed(lambda: stock_run(stock))
        fast_seconds, fast_cpu = timed(lambda: make_grade_run(fast))
        same = code_scores(stock) == code_scores(fast)
    ratio = stock_seconds / fast_seconds
    verdict = "ok" if ratio >= TARGET_RATIO else "under"
    print(f"grading {count} submissions of {ASSIGNMENT} on {os.cpu_count()} cores")
    print("  (autograde + feedback; CPU = all processes, kernels included)")
    for label, wall, cpu in (
        ("serial stock nbgrader", stock_seconds, stock_cpu),
        ("make grade", fast_seconds, fast_cpu),
    ):
        print(f"  {label:<22} {wall:8.1f} s wall ({wall / count:.2f} s each) {cpu:8.1f} s CPU")
    print(f"  ratio                  {ratio:8.2f} x  (target ≥ {TARGET_RATIO}: {verdict})")
    print(f"  same scores for every student: {'yes' if same else 'NO'}")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"  note: load average {load:.1f} > cores: other jobs shared the machine")


if __name__ == "__main__":
    main()
