"""Print requirements.txt with each exact pin widened to "this release or newer, same major".

Used by `make venv-newest` (and the weekly CI run) to test the newest releases our pins claim to
be compatible with: ``name==X.Y.Z`` becomes ``name>=X.Y.Z,<X+1`` (``<0.Y+1`` for 0.x releases,
whose minor versions may break). The constraints line is dropped; ``-e .`` is kept.

    python tools/newest_requirements.py requirements.txt > /tmp/requirements-newest.txt
"""

from __future__ import annotations

import re
import sys

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-\[\]]+)==(?P<version>\d+(?:\.\d+)*)(?:\.post\d+)?\s*$")


def widen(line: str) -> str | None:
    """The widened form of one requirements line, or None to drop it."""
    stripped = line.strip()
    if stripped.startswith("-c"):
        return None
    match = PIN.match(stripped)
    if not match:
        return stripped
    major, minor = (int(part) for part in (match["version"].split(".") + ["0"])[:2])
    upper = f"0.{minor + 1}" if major == 0 else f"{major + 1}"
    return f"{match['name']}>={match['version']},<{upper}"


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            widened = widen(line)
            if widened is not None:
                print(widened)


if __name__ == "__main__":
    main(sys.argv[1])
