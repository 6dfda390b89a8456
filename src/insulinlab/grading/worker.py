"""One grading worker process: autogrades one student at a time, then writes their feedback.

The grading command starts one worker per core. A worker loads nbgrader once, then reads
requests from stdin and answers each on stdout, one JSON object per line::

    {"student": "alice", "feedback": true}
    {"student": "alice", "success": true, "error": null, "log": "...", "crashes": [...],
     "timeouts": [...], "removed_files": [...], "feedback": {"success": true, ...}, "seconds": 2.1}

All workers share the SQLite gradebook (``?timeout=30`` in ``db_url`` makes them wait for each
other instead of failing). nbgrader's own log goes to stderr, which the command keeps in
``grading/<assignment>/logs/``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

from insulinlab.grading import AUTOGRADE_PREPROCESSORS, FEEDBACK_PREPROCESSORS
from insulinlab.grading.execute import METADATA_KEY


def grading_config(course_root: Path, settings: dict):
    """The course's nbgrader config plus the grading settings (kernel, sockets, timeout)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    overrides = Config()
    overrides.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
    overrides.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    overrides.Execute.kernel_name = settings["kernel_name"]
    overrides.KernelManager.transport = "ipc"
    overrides.KernelManager.ip = settings["socket"]
    if settings.get("timeout"):
        overrides.Execute.timeout = int(settings["timeout"])
    config.merge(overrides)
    return config


def execution_record(folder: Path) -> dict[str, list[str]]:
    """What :class:`LosslessExecute` recorded in the notebooks: crashes, timeouts, files."""
    crashes, timeouts, removed = [], [], []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))["metadata"].get(METADATA_KEY)
        except (OSError, ValueError, KeyError):
            continue
        if not record:
            continue
        if record.get("stopped"):
            crashes.append(
                f"{path.name} stopped at {record['stopped_at']}: {record['stopped']}; "
                f"{record['not_executed']} later code cells not executed"
            )
        timeouts += [
            f"{path.name} {cell} timed out (interrupted)" for cell in record.get("timeouts", [])
        ]
        removed += record.get("removed_files", [])
    return {"crashes": crashes, "timeouts": timeouts, "removed_files": removed}


class Worker:
    """nbgrader's converters, configured once, run for one student at a time."""

    def __init__(self, course_root: Path, assignment: str, settings: dict) -> None:
        from nbgrader.coursedir import CourseDirectory

        self.course_root, self.assignment = course_root, assignment
        self.config = grading_config(course_root, settings)
        self.coursedir = CourseDirectory(config=self.config)
        self.coursedir.root = str(course_root)

    def _run(self, converter_class, student: str, **attributes) -> dict:
        from nbgrader.utils import capture_log, temp_attrs

        ids = {"assignment_id": self.assignment, "student_id": student}
        with temp_attrs(self.coursedir, **ids):
            converter = converter_class(coursedir=self.coursedir, config=self.config)
            for name, value in attributes.items():
                setattr(converter, name, value)
            return capture_log(converter)

    def handle(self, request: dict) -> dict:
        """Autograde one student and, if asked and it worked, write their feedback."""
        from nbgrader.converters import Autograde, GenerateFeedback

        student = request["student"]
        start = time.perf_counter()
        result = self._run(Autograde, student, force=True, create_student=True)
        directory = self.coursedir.autograded_directory
        result.update(
            execution_record(Path(self.coursedir.format_path(directory, student, self.assignment)))
        )
        result["feedback"] = None
        if request.get("feedback") and result.get("success"):
            written = self._run(GenerateFeedback, student, force=True)
            result["feedback"] = {key: written.get(key) for key in ("success", "error", "log")}
        result.update(student=student, seconds=time.perf_counter() - start)
        return result


def serve(course_root: Path, assignment: str, settings: dict) -> None:
    """Answer requests from stdin until it closes; nbgrader's log goes to stderr."""
    from traitlets.log import get_logger

    # Answers go to a private copy of stdout; fd 1 (inherited by kernels and any other child
    # process) and sys.stdout now point to stderr, so nothing else can corrupt the protocol.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    logger = get_logger()
    logger.setLevel(logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s] %(message)s"))
    logger.addHandler(handler)
    worker = Worker(course_root, assignment, settings)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            result = worker.handle(request)
        except Exception as error:  # report it and go on with the next student
            result = {**request, "success": False, "error": f"{type(error).__name__}: {error}"}
        protocol.write(json.dumps(result) + "\n")
        protocol.flush()
