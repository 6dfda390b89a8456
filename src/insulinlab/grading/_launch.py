"""Start one grading kernel inside the sandbox described by ``policy.json`` next to this file.

Copied into the sandbox kernelspec by :mod:`insulinlab.grading.sandbox` and run as the
kernelspec's ``argv``::

    python -I -S launch.py CONNECTION_FILE [KERNEL ARGUMENTS...]

Standard library only, so it starts in milliseconds and does not import the course package.
It checks that it runs in a submission folder inside the course, builds the ``bwrap`` and
``prlimit`` command line and replaces itself with it (``exec``), so the kernel manager's process
is the sandbox. It ignores SIGINT first: the kernel manager interrupts the whole process group,
and the interrupt must reach the kernel (ipykernel installs its own handler while a cell runs)
without killing ``bwrap``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

POLICY_FILE = "policy.json"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _outermost(paths: list[str]) -> list[str]:
    """``paths`` without any path that lies inside another one, shallowest first."""
    chosen: list[str] = []
    for path in sorted(paths, key=lambda item: len(Path(item).parts)):
        if not any(_inside(Path(path), Path(kept)) for kept in chosen):
            chosen.append(path)
    return chosen


def limits_command(policy: dict, kernel: list[str]) -> list[str]:
    """``prlimit`` around ``kernel``: address space, CPU seconds, file size, files, processes."""
    limits = policy["limits"]
    cpu = int(limits["cpu_seconds"])
    return [
        policy["prlimit"],
        f"--as={int(limits['memory_bytes'])}",
        f"--cpu={cpu}:{cpu + 5}",
        f"--fsize={int(limits['file_bytes'])}",
        f"--nofile={int(limits['open_files'])}",
        f"--nproc={int(limits['processes'])}",
        "--",
        *kernel,
    ]


def bwrap_command(
    policy: dict, workdir: str, connection_file: str, socket_dir: str, env: dict
) -> list[str]:
    """The ``bwrap`` options: read-only system, hidden course, one writable submission folder."""
    command = [policy["bwrap"], "--unshare-all", "--unshare-user", "--disable-userns"]
    command += ["--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    size = ["--size", str(int(policy["tmpfs_bytes"]))]
    for hidden in [*_outermost(policy["hide"]), "/dev/shm"]:
        command += [*size, "--tmpfs", hidden]
    for path in sorted(policy["expose_read_only"], key=lambda item: len(Path(item).parts)):
        command += ["--ro-bind", path, path]
    for masked in policy.get("mask_files", []):
        command += ["--ro-bind", "/dev/null", masked]
    command += ["--bind", socket_dir, socket_dir, "--ro-bind", connection_file, connection_file]
    command += ["--bind", workdir, workdir]
    for notebook in sorted(Path(workdir).glob("*.ipynb")):
        # The notebook being graded holds the hidden tests: the kernel gets only its cells.
        command += ["--ro-bind", "/dev/null", str(notebook)]
    for source, target in policy.get("copy_read_only", []):
        command += ["--ro-bind-try", source, target]
    command += ["--clearenv"]
    for name, value in sorted(env.items()):
        command += ["--setenv", name, value]
    return [*command, "--chdir", workdir, "--"]


def kernel_environment(policy: dict) -> dict:
    """The kernel's environment: the policy's variables plus the few passed through."""
    env = dict(policy["env"])
    env.update({name: os.environ[name] for name in policy["pass_env"] if name in os.environ})
    return env


def command_line(policy: dict, workdir: str, argv: list[str]) -> tuple[list[str], dict]:
    """The command that starts the kernel, and the environment for ``exec``."""
    if len(argv) < 1:
        raise SystemExit("usage: launch.py CONNECTION_FILE [KERNEL ARGUMENTS...]")
    connection_file, extra = os.path.abspath(argv[0]), argv[1:]
    root = Path(policy["course_root"])
    if not _inside(Path(workdir), root) or Path(workdir) == root:
        raise SystemExit(
            f"insulinlab sandbox: refusing to start a grading kernel in {workdir}; it only runs "
            f"in a submission folder inside the course {root}"
        )
    kernel = [policy["python"], "-m", "ipykernel_launcher", "-f", connection_file, *extra]
    env = kernel_environment(policy)
    limited = limits_command(policy, kernel)
    if not policy["bwrap"]:
        return limited, env
    with open(connection_file, encoding="utf-8") as handle:
        connection = json.load(handle)
    if connection.get("transport") != "ipc" or not os.path.isabs(connection.get("ip", "")):
        raise SystemExit(
            "insulinlab sandbox: the kernel has no network, so it needs "
            "KernelManager.transport='ipc' and an absolute KernelManager.ip (a socket path)"
        )
    socket_dir = os.path.dirname(connection["ip"])
    sandbox = bwrap_command(policy, workdir, connection_file, socket_dir, env)
    return [*sandbox, *limited], env


def main(argv: list[str]) -> None:
    policy_path = Path(__file__).resolve().with_name(POLICY_FILE)
    policy = json.loads(policy_path.read_text(encoding="utf-8"))
    command, env = command_line(policy, os.getcwd(), argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv[1:])
