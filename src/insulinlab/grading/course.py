"""The course folders, as ``nbgrader_config.py`` in the course root defines them."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CONFIG_FILE = "nbgrader_config.py"
STATE_FOLDER = "grading"


@dataclass(frozen=True)
class Course:
    """Where an nbgrader course keeps masters, releases, submissions, grades and feedback."""

    root: Path
    source: Path
    release: Path
    submitted: Path
    autograded: Path
    feedback: Path
    db_url: str

    @classmethod
    def load(cls, root: Path) -> Course:
        """Read ``root/nbgrader_config.py`` (as nbgrader does) and resolve the folders.

        Raises
        ------
        FileNotFoundError
            If ``root`` has no ``nbgrader_config.py``.
        """
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        root = root.resolve()
        if not (root / CONFIG_FILE).is_file():
            raise FileNotFoundError(f"{root} has no {CONFIG_FILE}: run this in the course root")
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
        coursedir = CourseDirectory(config=config)
        coursedir.root = str(root)

        def folder(name: str) -> Path:
            return root / getattr(coursedir, f"{name}_directory")

        return cls(
            root=root,
            source=folder("source"),
            release=folder("release"),
            submitted=folder("submitted"),
            autograded=folder("autograded"),
            feedback=folder("feedback"),
            db_url=coursedir.db_url,
        )

    @property
    def db_path(self) -> Path | None:
        """The SQLite gradebook file, or None for another database."""
        match = re.match(r"sqlite:///([^?]+)", self.db_url)
        return Path(match.group(1)) if match else None

    def state(self, assignment: str) -> Path:
        """``grading/<assignment>/``: status.json and the per-run logs."""
        return self.root / STATE_FOLDER / assignment

    def submissions(self, assignment: str) -> dict[str, Path]:
        """Student id -> submission folder, for every ``submitted/<student>/<assignment>/``."""
        if not self.submitted.is_dir():
            return {}
        return {
            folder.parent.name: folder
            for folder in sorted(self.submitted.glob(f"*/{assignment}"))
            if folder.is_dir()
        }

    def private_paths(self) -> list[Path]:
        """Secrets that may lie outside the course root: the masters and the gradebook."""
        paths = [self.source]
        if self.db_path is not None:
            paths.append(self.db_path)
        return [path for path in paths if self.root not in path.resolve().parents]


def backup_gradebook(course: Course, now: datetime | None = None) -> Path | None:
    """Copy the SQLite gradebook to ``grading/backups/gradebook-<UTC time>.db``.

    Uses SQLite's online backup, so the copy is consistent even while nbgrader writes. Returns
    the copy, or None when there is no gradebook yet.
    """
    database = course.db_path
    if database is None or not database.exists():
        return None
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = course.root / STATE_FOLDER / "backups" / f"gradebook-{stamp}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target


def integrity_check(database: Path) -> str:
    """SQLite's ``PRAGMA integrity_check`` result (``"ok"`` when the file is sound)."""
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
