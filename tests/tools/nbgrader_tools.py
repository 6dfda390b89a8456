"""nbgrader plumbing shared by `make release`, `make test` and the grading tests.

Every nbgrader run happens in a scratch course folder (a copy of ``nbgrader_config.py`` and
``solutions/``), so no gradebook, ``submitted/`` or ``autograded/`` folder ever appears in the
repository.

Command line::

    python tests/tools/nbgrader_tools.py generate exercises
    python tests/tools/nbgrader_tools.py tag-for-nbval exercises _build/release-nbval
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = REPO_ROOT / "solutions"
EXERCISES = REPO_ROOT / "exercises"
BIN = Path(sys.executable).parent

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_TEST_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
MARK_SCHEME_MARKERS = ("### BEGIN MARK SCHEME", "### END MARK SCHEME")


def assignment_ids() -> list[str]:
    """The assignment ids: one folder per chapter under ``solutions/``."""
    return sorted(path.name for path in SOLUTIONS.iterdir() if path.is_dir())


def nbgrader(args: list[str], course: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course folder with the venv's bin first on PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


def make_scratch_course(folder: Path) -> Path:
    """Copy the nbgrader config and the instructor masters into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO_ROOT / "nbgrader_config.py", folder / "nbgrader_config.py")
    shutil.copytree(SOLUTIONS, folder / "solutions", dirs_exist_ok=True)
    return folder


_EACH_IN_ONE_PROCESS = """
import os, sys
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

config = PyFileConfigLoader("nbgrader_config.py", path=os.getcwd()).load_config()
coursedir = CourseDirectory(config=config, root=os.getcwd())
api = NbGraderAPI(coursedir, config=config)
step = getattr(api, sys.argv[1])
for request in sys.argv[2:]:
    result = step(*request.split("/"), force=True)
    if not result["success"]:
        sys.exit(f"{sys.argv[1]} {request} failed:\\n{result.get('log', '')}"
                 f"{result.get('error', '')}")
"""


def _in_one_process(course: Path, step: str, requests: list[str]) -> None:
    """Run nbgrader's own ``NbGraderAPI.<step>`` (what the ``nbgrader <step>`` command runs) for
    each request (``assignment`` or ``assignment/student``) in one Python process: starting
    nbgrader takes about 5 s, paid once instead of once per request."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [str(BIN / "python"), "-c", _EACH_IN_ONE_PROCESS, step, *requests],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {step} failed ({result.returncode}):\n{result.stderr}")


def generate_release(course: Path, ids: list[str] | None = None) -> Path:
    """Run nbgrader's ``generate_assignment`` for each id in a scratch course; return its release.

    All ids in one process (see :func:`_in_one_process`); a grading test checks that the
    ``nbgrader generate_assignment`` command makes the same bytes.
    """
    _in_one_process(course, "generate_assignment", list(ids or assignment_ids()))
    return course / "exercises"


def autograde_each(course: Path, submissions: list[tuple[str, str]]) -> None:
    """Run nbgrader's ``autograde`` for each ``(assignment, student)`` in one process."""
    _in_one_process(course, "autograde", [f"{a}/{s}" for a, s in submissions])


def generate_into(destination: Path, ids: list[str] | None = None) -> None:
    """Regenerate the student copies into ``destination`` (``exercises/`` for `make release`).

    ``ids`` limits the run to those assignments (default: every folder under ``solutions/``).
    """
    ids = ids or assignment_ids()
    with tempfile.TemporaryDirectory(prefix="insulinlab-release-") as scratch:
        release = generate_release(make_scratch_course(Path(scratch)), ids)
        for assignment in ids:
            target = destination / assignment
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(release / assignment, target)
            print(f"released {assignment} -> {target}")


def tag_for_nbval(source: Path, destination: Path) -> None:
    """Copy release notebooks, tagging answer and test cells ``raises-exception`` for nbval.

    A student copy's answer cells raise ``NotImplementedError`` and its test cells fail by design;
    everything else (setup, demos) must still run clean, which is what nbval then checks.
    """
    for notebook_path in sorted(source.glob("*/*.ipynb")):
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if cell["cell_type"] == "code" and (grading.get("solution") or grading.get("grade")):
                tags = cell["metadata"].setdefault("tags", [])
                if "raises-exception" not in tags:
                    tags.append("raises-exception")
        target = destination / notebook_path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", "utf-8")


def _split_regions(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split a cell's lines into (inside any secret region, outside every region)."""
    starts = {
        begin: end for begin, end in (SOLUTION_MARKERS, HIDDEN_TEST_MARKERS, MARK_SCHEME_MARKERS)
    }
    inside, outside, end_marker = [], [], None
    for line in lines:
        stripped = line.strip()
        if end_marker is None and stripped in starts:
            end_marker = starts[stripped]
        elif end_marker is not None and stripped == end_marker:
            end_marker = None
        else:
            (inside if end_marker else outside).append(stripped)
    return inside, outside


def secret_lines(master: Path, min_length: int = 16) -> set[str]:
    """Lines of a master that must never reach a student or the site.

    The solution, hidden-test and mark-scheme regions, stripped, less any line that also stands
    outside those regions (a visible test may repeat a type check); lines shorter than
    ``min_length`` characters and comments are skipped as too generic.
    """
    notebook = json.loads(master.read_text(encoding="utf-8"))
    secret, public = set(), set()
    for cell in notebook["cells"]:
        source = cell["source"]
        lines = (source if isinstance(source, str) else "".join(source)).splitlines()
        inside, outside = _split_regions(lines)
        secret.update(line for line in inside if len(line) >= min_length)
        public.update(outside)
    return {line for line in secret - public if not line.startswith("#")}


def solution_sources(master: dict) -> dict[str, str]:
    """grade_id -> source of each code answer cell of a master, solution markers removed."""
    sources = {}
    for cell in master["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and grading.get("solution"):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            lines = [
                line for line in source.splitlines(True) if line.strip() not in SOLUTION_MARKERS
            ]
            sources[grading["grade_id"]] = "".join(lines)
    return sources


def answered_copy(release: dict, master: dict, answered: set[str] | None = None) -> dict:
    """A student's copy of a release notebook with code answers filled in from the master.

    ``answered`` names the answer cells (grade ids) to fill; by default every one. Written
    (markdown) answers stay blank.
    """
    notebook = json.loads(json.dumps(release))
    for grade_id, source in solution_sources(master).items():
        if answered is not None and grade_id not in answered:
            continue
        for cell in notebook["cells"]:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
                cell["source"] = source
    return notebook


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="regenerate the release into a folder")
    generate.add_argument("destination", type=Path)
    generate.add_argument("--only", nargs="+", metavar="ID", help="just these assignments")
    tag = commands.add_parser("tag-for-nbval", help="copy release notebooks tagged for nbval")
    tag.add_argument("source", type=Path)
    tag.add_argument("destination", type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate_into(args.destination.resolve(), args.only)
    else:
        tag_for_nbval(args.source, args.destination)


if __name__ == "__main__":
    main()
