"""The grading kernel: a kernelspec that runs each student's kernel in a sandbox.

The kernelspec's ``argv`` starts a small launcher (``_launch.py``, copied next to
``kernel.json``) that reads ``policy.json`` and replaces itself with::

    bwrap  --unshare-all (no network, own PID/IPC/user namespaces) --die-with-parent
           --ro-bind / /                  read-only view of the system
           --tmpfs /tmp, $HOME, COURSE    the course (solutions/, gradebook, other students) hidden
           --ro-bind  the Python installation and the course package, read-only
           --bind     the kernel's socket folder and its submission folder, read-write
           --ro-bind /dev/null over the notebook being graded (it holds the hidden tests)
      prlimit  address space, CPU seconds, file size, open files, processes
        python -m ipykernel_launcher

``bwrap`` needs unprivileged user namespaces: it works on a plain Linux host or VM, usually not
inside a default Docker or Kubernetes container. :func:`probe` says whether it can run here.
With ``sandboxed=False`` (the instructor's explicit opt-out) the kernel still gets the resource
limits and a clean environment, but sees and can write everything the grader can.

Sources: bubblewrap, https://github.com/containers/bubblewrap; prlimit(1) from util-linux.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

KERNEL_NAME = "insulinlab-sandbox"
LAUNCHER = Path(__file__).with_name("_launch.py")

# Inside the sandbox the kernel runs with no access to the instructor's environment.
KERNEL_ENV = {
    "HOME": "/tmp",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "MPLBACKEND": "Agg",
    "MPLCONFIGDIR": "/tmp/matplotlib",
    "IPYTHONDIR": "/tmp/ipython",
    "JUPYTER_CONFIG_DIR": "/tmp/jupyter",
    "JUPYTER_DATA_DIR": "/tmp/jupyter-data",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    # One thread per kernel: the grader runs one kernel per core.
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
PASS_ENV = ("NBGRADER_EXECUTION",)


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run on this machine (the message says why and what to do)."""


@dataclass(frozen=True)
class Limits:
    """Resource limits for one grading kernel (``prlimit``; the kernel cannot raise them).

    ``processes`` counts every process of the grading user, and Linux does not enforce it for
    root: grade as an ordinary user.
    """

    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 600
    file_bytes: int = 64 * 1024**2
    open_files: int = 256
    processes: int = 256

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive integer; got {value!r}")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def hidden_paths(course_root: Path, private: list[Path]) -> list[str]:
    """Folders the kernel sees as empty: ``/tmp``, the home folder, the course, ``private``."""
    home = Path(os.path.expanduser("~")).resolve()
    candidates = [Path("/tmp"), course_root, *private]
    if home != Path("/"):
        candidates.append(home)
    return sorted({str(path) for path in candidates if path.is_dir()})


def python_paths(course_root: Path, private: list[Path]) -> list[str]:
    """Where the grading Python and its packages live: re-exposed read-only in the sandbox.

    The interpreter prefixes and every ``sys.path`` folder, except the current folder, any
    folder that holds the course root, and anything inside a private course folder.
    """
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    entries = [Path(entry).resolve() for entry in [*prefixes, *sys.path] if entry]
    cwd = Path.cwd().resolve()
    chosen = set()
    for entry in entries:
        if not entry.exists() or entry == cwd or _inside(course_root, entry):
            continue
        if any(_inside(entry, folder) for folder in private):
            continue
        chosen.add(str(entry))
    return sorted(chosen)


def matplotlib_font_cache() -> list[list[str]]:
    """The grader's matplotlib font list, shown read-only to kernels (saves ~1 s per kernel)."""
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "matplotlib"
    )
    return [
        [str(path), f"{KERNEL_ENV['MPLCONFIGDIR']}/{path.name}"]
        for path in sorted(Path(cache).glob("fontlist-v*.json"))
    ]


def build_policy(
    course_root: Path,
    private: list[Path],
    limits: Limits,
    sandboxed: bool = True,
    python: str | None = None,
) -> dict:
    """The launcher's policy (JSON-ready): what to hide, expose and limit.

    Parameters
    ----------
    course_root : Path
        The nbgrader course root; hidden from the kernel except its own submission folder.
    private : list of Path
        Further folders to hide and files to mask (the source directory or the gradebook
        when they lie outside the course).
    limits : Limits
        Resource limits.
    sandboxed : bool
        False only when the instructor opted out: limits and a clean environment, no bwrap.
    python : str, optional
        The kernel's Python (default: this interpreter, i.e. the course's virtual environment).

    Raises
    ------
    SandboxUnavailable
        If ``prlimit`` (or ``bwrap`` when ``sandboxed``) is not installed.
    """
    course_root = course_root.resolve()
    private = [path.resolve() for path in private if path.exists()]
    private_dirs = [path for path in private if path.is_dir()]
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SandboxUnavailable("prlimit is not installed (it is part of util-linux).")
    bwrap = shutil.which("bwrap") if sandboxed else None
    if sandboxed and bwrap is None:
        raise SandboxUnavailable("bubblewrap is not installed: apt-get install bubblewrap")
    python = python or sys.executable
    return {
        "sandboxed": sandboxed,
        "python": python,
        "bwrap": bwrap,
        "prlimit": prlimit,
        "course_root": str(course_root),
        "hide": hidden_paths(course_root, private_dirs),
        "expose_read_only": python_paths(course_root, [*private, *_course_private(course_root)]),
        "mask_files": sorted(str(path) for path in private if not path.is_dir()),
        "copy_read_only": matplotlib_font_cache(),
        "tmpfs_bytes": 128 * 1024**2,
        "limits": asdict(limits),
        "env": {**KERNEL_ENV, "PATH": f"{Path(python).parent}:/usr/local/bin:/usr/bin:/bin"},
        "pass_env": list(PASS_ENV),
    }


def _course_private(course_root: Path) -> list[Path]:
    return [course_root / name for name in ("solutions", "submitted", "autograded", "feedback")]


def write_kernelspec(jupyter_path: Path, policy: dict, name: str = KERNEL_NAME) -> Path:
    """Write ``kernels/<name>/`` (kernel.json, launch.py, policy.json) under ``jupyter_path``.

    Put ``jupyter_path`` on ``JUPYTER_PATH`` and select the kernel with
    ``--Execute.kernel_name=<name>``. Returns the kernelspec folder.
    """
    folder = jupyter_path / "kernels" / name
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(LAUNCHER, folder / "launch.py")
    (folder / "policy.json").write_text(json.dumps(policy, indent=1) + "\n", encoding="utf-8")
    label = "grading sandbox" if policy["sandboxed"] else "grading, limits only, NOT sandboxed"
    spec = {
        "argv": [
            policy["python"],
            "-I",
            "-S",
            "{resource_dir}/launch.py",
            "{connection_file}",
        ],
        "display_name": f"Python 3 ({label})",
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return folder


def probe(timeout: float = 30.0) -> None:
    """Check that ``bwrap`` can create a sandbox here.

    Raises
    ------
    SandboxUnavailable
        With the reason and what to do about it.
    """
    bwrap, true = shutil.which("bwrap"), shutil.which("true") or "/bin/true"
    if bwrap is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed. Install it (apt-get install bubblewrap)."
        )
    command = [bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent"]
    command += ["--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--", true]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SandboxUnavailable(f"bwrap could not be run: {error}") from error
    if result.returncode != 0:
        raise SandboxUnavailable(
            f"bwrap cannot create a sandbox on this machine: {result.stderr.strip()}\n"
            "It needs unprivileged user namespaces, which a default Docker or Kubernetes "
            "container does not allow. Grade on a Linux host or VM (check: unshare -r -n true), "
            "or run the whole grading job in its own locked-down container."
        )
