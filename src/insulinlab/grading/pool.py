"""A pool of worker processes (``python -m insulinlab.grading worker``), one per core.

Each worker takes the next request as soon as it is free, so one slow submission (a timeout)
does not hold up the others. A worker that dies is replaced and its request reported as failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from queue import Empty, Queue


class WorkerPool:
    """``count`` workers for one assignment; use as a context manager."""

    def __init__(
        self,
        count: int,
        course_root: Path,
        assignment: str,
        settings_for: Callable[[int], dict],
        env_for: Callable[[int], dict],
        log_folder: Path,
    ) -> None:
        self.count, self.course_root, self.assignment = count, course_root, assignment
        self.settings_for, self.env_for, self.log_folder = settings_for, env_for, log_folder
        self.processes: list[subprocess.Popen | None] = [None] * count
        self.logs: list = []

    def __enter__(self) -> WorkerPool:
        self.log_folder.mkdir(parents=True, exist_ok=True)
        for index in range(self.count):
            self._start(index)
        return self

    def __exit__(self, *exc_info) -> None:
        for process in self.processes:
            if process is not None:
                process.stdin.close()
        for process in self.processes:
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        for log in self.logs:
            log.close()

    def _start(self, index: int) -> None:
        log = open(self.log_folder / f"worker-{index}.log", "a", encoding="utf-8")  # noqa: SIM115
        self.logs.append(log)
        command = [sys.executable, "-m", "insulinlab.grading", "worker", self.assignment]
        command += ["--course", str(self.course_root)]
        command += ["--settings", json.dumps(self.settings_for(index))]
        self.processes[index] = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env={**os.environ, **self.env_for(index)},
            cwd=self.course_root,
        )

    def _ask(self, index: int, request: dict) -> dict:
        process = self.processes[index]
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        if line:
            return json.loads(line)
        process.kill()
        process.wait()
        self._start(index)
        return {**request, "success": False, "error": "the grading worker process died"}

    def run(self, requests: list[dict], on_result: Callable[[dict], None]) -> list[dict]:
        """Send every request to the first free worker; return the results in request order."""
        queue: Queue = Queue()
        for position, request in enumerate(requests):
            queue.put((position, request))
        results: list[dict | None] = [None] * len(requests)
        lock = threading.Lock()

        def serve(index: int) -> None:
            while True:
                try:
                    position, request = queue.get_nowait()
                except Empty:
                    return
                result = self._ask(index, request)
                with lock:
                    results[position] = result
                    on_result(result)

        threads = [threading.Thread(target=serve, args=(index,)) for index in range(self.count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return [result for result in results if result is not None]
