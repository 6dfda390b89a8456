"""Binder's route, end to end: a brand-new virtual environment built from requirements.txt alone
(as repo2docker does, `pip install -r requirements.txt` in the repository root) runs a chapter
and an exercise.

Slow (a full install, about a minute with a warm pip cache), so `make test` runs it as its own
step, `make binder-check`, not with the unit tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHAPTER = REPO_ROOT / "book" / "fundamentals" / "03-measuring-insulin-resistance.ipynb"
EXERCISE = (
    REPO_ROOT
    / "exercises"
    / "03-measuring-insulin-resistance"
    / "03-measuring-insulin-resistance.ipynb"
)


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory) -> Path:
    if sys.version_info[:2] != (3, 11):
        pytest.skip("runtime.txt asks Binder for Python 3.11; run this check with Python 3.11")
    env_dir = tmp_path_factory.mktemp("binder") / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=REPO_ROOT,
        check=True,
        timeout=900,
    )
    return env_dir


def _execute(env_dir: Path, notebook: Path, output: Path, allow_errors: bool) -> dict:
    args = [
        str(env_dir / "bin" / "jupyter"),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.kernel_name=python3",
        "--ExecutePreprocessor.timeout=300",
        f"--output={output}",
        str(notebook),
    ]
    if allow_errors:
        args.insert(5, "--allow-errors")
    environment = {**os.environ, "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("PYTHONPATH", None)
    subprocess.run(args, cwd=notebook.parent, env=environment, check=True, timeout=900)
    return json.loads(output.read_text(encoding="utf-8"))


def test_the_course_package_comes_from_requirements(fresh_env):
    result = subprocess.run(
        [str(fresh_env / "bin" / "python"), "-c", "import insulinlab, ipywidgets, nbgrader"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_a_chapter_runs_clean(fresh_env, tmp_path):
    executed = _execute(fresh_env, CHAPTER, tmp_path / "chapter.ipynb", allow_errors=False)
    assert any(cell.get("outputs") for cell in executed["cells"] if cell["cell_type"] == "code")


def test_an_exercise_runs_and_only_the_unanswered_parts_fail(fresh_env, tmp_path):
    executed = _execute(fresh_env, EXERCISE, tmp_path / "exercise.ipynb", allow_errors=True)
    for cell in executed["cells"]:
        if cell["cell_type"] != "code":
            continue
        errors = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if errors and not (grading.get("solution") or grading.get("grade")):
            pytest.fail(f"cell {cell.get('id')} failed outside an answer or test: {errors[0]}")
