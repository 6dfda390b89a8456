"""Repository conventions that keep the course consistent as chapters are added."""

import json
import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CHAPTER_ID = re.compile(r"^\d\d-[a-z0-9-]+$")
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,(.*?)(?=\n@|\Z)", re.S)


def _toc_files():
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files.extend(chapter["file"] for chapter in part.get("chapters", []))
    return files


def _resolve(toc_entry):
    for suffix in (".md", ".ipynb"):
        path = REPO_ROOT / f"{toc_entry}{suffix}"
        if path.exists():
            return path
    raise AssertionError(f"_toc.yml lists {toc_entry!r} but no .md or .ipynb file exists")


TOC_PAGES = [_resolve(entry) for entry in _toc_files()]
CHAPTERS = [page for page in TOC_PAGES if CHAPTER_ID.match(page.stem)]
NOTEBOOKS = sorted(
    path
    for folder in ("book", "solutions", "exercises")
    for path in (REPO_ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in path.parts
)


def _markdown_text(page):
    if page.suffix == ".md":
        return page.read_text(encoding="utf-8")
    notebook = json.loads(page.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
    )


def _headings_level_1(text):
    in_fence, count = False, 0
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and re.match(r"^# \S", line):
            count += 1
    return count


def _bib_entries():
    text = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    return {key: body for _, key, body in BIB_ENTRY.findall(text)}


def test_toc_has_the_three_parts():
    captions = " ".join(
        part["caption"] for part in yaml.safe_load((REPO_ROOT / "_toc.yml").read_text())["parts"]
    )
    for part in ("Fundamentals", "Intermediate", "Academic"):
        assert part in captions


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_notebooks_are_committed_without_outputs(notebook):
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for index, cell in enumerate(data["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"cell {index} has outputs: strip them"
            assert cell.get("execution_count") is None, f"cell {index} has an execution count"
    assert data["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("page", TOC_PAGES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_page_has_exactly_one_h1(page):
    assert _headings_level_1(_markdown_text(page)) == 1


def test_every_citation_key_exists_in_references_bib():
    keys = set(_bib_entries())
    missing = {}
    for page in TOC_PAGES:
        for group in CITE_ROLE.findall(_markdown_text(page)):
            for key in (k.strip() for k in group.split(",")):
                if key not in keys:
                    missing.setdefault(page.name, []).append(key)
    assert not missing, f"citation keys missing from references.bib: {missing}"


def test_every_reference_has_a_doi():
    entries = _bib_entries()
    assert entries, "references.bib holds no entries"
    without = [key for key, body in entries.items() if not re.search(r"\bdoi\s*=", body, re.I)]
    assert not without, f"references without a DOI: {without}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_has_an_assignment_of_the_same_id(chapter):
    assignment = chapter.stem
    assert (REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb").is_file()
    assert (REPO_ROOT / "exercises" / assignment / f"{assignment}.ipynb").is_file()


def test_every_assignment_belongs_to_a_chapter_in_the_toc():
    chapters = {page.stem for page in CHAPTERS}
    for folder in (REPO_ROOT / "solutions").iterdir():
        if folder.is_dir():
            assert folder.name in chapters, f"solutions/{folder.name} has no chapter in _toc.yml"


@pytest.mark.parametrize("page", ["book/welcome.md", "book/safety.md"])
def test_educational_only_notice(page):
    text = (REPO_ROOT / page).read_text(encoding="utf-8").lower()
    assert "not medical advice" in text


def test_instructor_guide_table_matches_the_masters():
    """The guide's chapter table (ids, auto and manual points) is what nbgrader will award."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "chapter_table", REPO_ROOT / "tools" / "chapter_table.py"
    )
    chapter_table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(chapter_table)
    assert chapter_table.table_in_guide() == chapter_table.table(), (
        "book/guides/instructors.md is out of date: run `python tools/chapter_table.py --write`"
    )
