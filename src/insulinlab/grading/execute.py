"""A lossless replacement for nbgrader's ``Execute`` preprocessor.

Stock nbgrader drops a whole submission (exported as 0, like a real zero) when the kernel dies
(``os._exit``, killed for memory or CPU time) or ignores the interrupt sent after a cell timed
out. :class:`LosslessExecute` catches both per cell, keeps the outputs (and so the points) of the
cells that ran, marks every later code cell *not executed* (an error output, so its tests score
0) and records what happened in the notebook metadata under :data:`METADATA_KEY`, which
:mod:`insulinlab.grading.report` turns into the ``graded-after-crash`` status.

It also stops a correct answer from losing its points for writing to stderr (a
``warnings.warn``): in a test cell that raised no error, stderr output is kept but relabelled
stdout, because nbgrader scores any stderr output as a failure. Last, it removes whatever the
student's kernel left in the submission folder (new or changed files, links), so nothing a
student's code wrote can reach nbgrader's later steps or the feedback folder.

Enable it in ``nbgrader_config.py`` in place of ``Execute`` in
``Autograde.autograde_preprocessors``; it reads ``Execute``'s settings (timeout and so on).
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute

METADATA_KEY = "insulinlab_grading"
NOT_EXECUTED = "NotExecuted"


def not_executed_output(reason: str) -> NotebookNode:
    """The error output put in a code cell that never ran because the kernel had stopped."""
    message = f"this cell was not executed: {reason}"
    return NotebookNode(
        output_type="error", ename=NOT_EXECUTED, evalue=message, traceback=[message]
    )


def exit_reason(returncode: int | None) -> str:
    """Describe how the kernel process ended, from its return code."""
    if returncode is None:
        return "the kernel died"
    number = -returncode if returncode < 0 else returncode - 128
    hints = {
        signal.SIGKILL: "killed (SIGKILL: out of memory, or killed by its own code)",
        signal.SIGXCPU: "stopped at the CPU-time limit (SIGXCPU)",
        signal.SIGXFSZ: "stopped at the file-size limit (SIGXFSZ)",
        signal.SIGSEGV: "crashed (SIGSEGV)",
    }
    if returncode < 0 or returncode > 128:
        try:
            name = signal.Signals(number)
        except ValueError:
            return f"the kernel died (exit code {returncode})"
        return f"the kernel was {hints.get(name, f'killed by {name.name}')}"
    return f"the kernel exited with code {returncode} (os._exit or sys.exit in the answer?)"


def relabel_stderr(cell: NotebookNode) -> None:
    """In a test cell that raised nothing, show stderr output as stdout (nbgrader scores 0)."""
    if any(output.output_type == "error" for output in cell.outputs):
        return
    for output in cell.outputs:
        if output.output_type == "stream" and output.name == "stderr":
            output.name = "stdout"


def _is_grade_cell(cell: NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def _cell_label(cell: NotebookNode, index: int) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"cell {index}" + (f" ({grade_id})" if grade_id else "")


def folder_state(folder: Path) -> dict[str, tuple]:
    """Relative path -> (kind, size, mtime_ns, inode) of everything under ``folder``."""
    state = {}
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        kind = "dir" if path.is_dir() and not path.is_symlink() else "other"
        if path.is_file() and not path.is_symlink():
            kind = "file"
        state[str(path.relative_to(folder))] = (kind, info.st_size, info.st_mtime_ns, info.st_ino)
    return state


def restore_folder(folder: Path, before: dict[str, tuple]) -> list[str]:
    """Remove what appeared or changed in ``folder`` since ``before``; return those paths."""
    removed = []
    for relative, now in sorted(folder_state(folder).items(), key=lambda item: item[0]):
        if relative == ".":
            continue
        unchanged = before.get(relative) == now or (now[0] == "dir" and relative in before)
        path = folder / relative
        if unchanged or not os.path.lexists(path):
            continue
        if now[0] == "dir":
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(relative)
    return removed


class LosslessExecute(Execute):
    """nbgrader's ``Execute`` that survives a dead kernel or an unanswered interrupt."""

    def preprocess(self, nb, resources=None, km=None):
        nb.metadata.pop(METADATA_KEY, None)
        self._stopped: str | None = None
        self._stopped_at: str | None = None
        self._skipped = 0
        self._timeouts: list[str] = []
        folder = Path((resources or {}).get("metadata", {}).get("path") or ".")
        before = folder_state(folder)
        try:
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            removed = restore_folder(folder, before)
        nb.metadata[METADATA_KEY] = {
            "stopped": self._stopped,
            "stopped_at": self._stopped_at,
            "not_executed": self._skipped,
            "timeouts": self._timeouts,
            "removed_files": removed[:20],
        }
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        if self._stopped is not None:
            if cell.cell_type == "code" and cell.source.strip():
                cell.outputs = [not_executed_output(self._stopped)]
                cell.execution_count = None
                self._skipped += 1
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stop(cell, index, exit_reason(self._kernel_returncode()))
        except CellTimeoutError:
            # The interrupt sent after the cell's timeout got no answer: the kernel is stuck.
            self.shutdown_kernel = "immediate"
            self._stop(cell, index, "the kernel did not answer the interrupt after the timeout")
        else:
            if any(out.get("ename") == "CellTimeoutError" for out in cell.get("outputs", [])):
                self._timeouts.append(_cell_label(cell, index))
            if cell.cell_type == "code" and _is_grade_cell(cell):
                relabel_stderr(cell)
        return cell, resources

    def _stop(self, cell: NotebookNode, index: int, reason: str) -> None:
        self._stopped, self._stopped_at = reason, _cell_label(cell, index)
        self.log.warning("Stopped at %s: %s", self._stopped_at, reason)
        cell.outputs = [
            *cell.get("outputs", []),
            NotebookNode(
                output_type="error",
                ename="KernelStopped",
                evalue=reason,
                traceback=[f"KernelStopped: {reason}"],
            ),
        ]

    def _kernel_returncode(self) -> int | None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            return None if process is None else process.wait(timeout=2)
        except Exception:  # a process already reaped or not a Popen
            return getattr(process, "returncode", None)
