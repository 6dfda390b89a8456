"""Print the instructor guide's table of chapters from _toc.yml and the nbgrader masters.

Points come from the masters' nbgrader metadata (auto-graded test cells vs manually graded
answers), so the table cannot drift from what nbgrader will award; tests/test_conventions.py
checks that book/guides/instructors.md holds exactly this table.

    python tools/chapter_table.py           # print it
    python tools/chapter_table.py --write   # rewrite it inside book/guides/instructors.md
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Reading + exercise time (minutes) and prerequisites, per chapter id prefix.
PLAN = {
    "01": ("45 + 30", "none"),
    "02": ("45 + 30", "01"),
    "03": ("60 + 45", "01, 02"),
    "04": ("45 + 30", "01"),
    "05": ("60 + 45", "Part I, especially 03"),
    "06": ("45 + 45", "01, 05"),
    "07": ("45 + 45", "01, 03"),
    "08": ("60 + 45", "04, 05"),
    "09": ("50 + 45", "04, 08"),
    "10": ("50 + 45", "04"),
    "11": ("60 + 60", "05, 08–10"),
    "12": ("60 + 45", "01, 04"),
    "13": ("60 + 45", "12"),
    "14": ("45 + 45", "06, 12, 13"),
    "15": ("60 + 60", "03; calculus, Python"),
    "16": ("60 + 60", "02, 15"),
    "17": ("60 + 90", "Parts I–III"),
}


def toc_chapters() -> list[str]:
    """Chapter paths (without suffix) in _toc.yml order, e.g. book/fundamentals/03-…"""
    text = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"file:\s*(book/[a-z]+/\d\d-[a-z0-9-]+)", text)


def points(assignment: str) -> tuple[float, float]:
    """(auto, manual) points of one master notebook."""
    master = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    cells = json.loads(master.read_text(encoding="utf-8"))["cells"]
    auto = manual = 0.0
    for cell in cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if not grading.get("grade"):
            continue
        if grading.get("solution") or cell["cell_type"] == "markdown":
            manual += grading.get("points", 0)
        else:
            auto += grading.get("points", 0)
    return auto, manual


def table() -> str:
    rows = [
        "| Chapter | Assignment id | Auto points | Manual points | Time (read + exercise, min)"
        " | Prerequisites |",
        "|---|---|---:|---:|---|---|",
    ]
    for path in toc_chapters():
        assignment = path.rsplit("/", 1)[1]
        auto, manual = points(assignment)
        minutes, prerequisites = PLAN[assignment[:2]]
        link = f"{{doc}}`../{path.split('/', 1)[1]}`"
        rows.append(
            f"| {link} | `{assignment}` | {auto:g} | {manual:g} | {minutes} | {prerequisites} |"
        )
    return "\n".join(rows)


GUIDE = ROOT / "book" / "guides" / "instructors.md"
START, END = "<!-- chapter-table:start -->", "<!-- chapter-table:end -->"


def table_in_guide() -> str:
    """The table currently written between the markers in the instructor guide."""
    text = GUIDE.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def write_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    GUIDE.write_text(f"{before}{START}\n{table()}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    import sys

    if "--write" in sys.argv:
        write_guide()
    else:
        print(table())
