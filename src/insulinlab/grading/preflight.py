"""Pre-flight checks of submitted notebooks, before any student code runs.

Per submission it reports, without stopping the batch:

- notebooks that are missing or cannot be read (invalid JSON or not a notebook): status
  ``unreadable``; the submission is not executed;
- test cells that were deleted or edited (nbgrader restores them from the master when it grades;
  the report says so);
- suspicious code, which makes the status ``flagged``: code that can change how later cells
  (the tests) run or what they see: IPython input/AST transformers and event hooks, other uses of
  ``get_ipython()``, tampering with ``sys.modules``, ``builtins`` or interpreter hooks, and
  classes that override ``__eq__`` and other comparisons to fool ``assert``.

The checks are static (``ast``), so a flag means "look at this notebook", not "cheated". The
hidden tests also check types before values, so an object whose ``==`` is always true fails them.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

TRANSFORMER_NAMES = frozenset(
    {
        "input_transformers_cleanup",
        "input_transformers_post",
        "input_transformer_manager",
        "ast_transformers",
        "register_magic_function",
    }
)
SYS_HOOKS = frozenset(
    {"modules", "meta_path", "path_hooks", "settrace", "setprofile", "excepthook", "displayhook"}
)
COMPARISON_DUNDERS = frozenset(
    {
        "__eq__",
        "__ne__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
        "__instancecheck__",
        "__subclasscheck__",
        "__subclasshook__",
        "__class__",
    }
)
FLAGGED_MODULES = {
    "builtins": "imports builtins (can replace isinstance, float, ...)",
    "__builtin__": "imports builtins (can replace isinstance, float, ...)",
    "ctypes": "imports ctypes (can rewrite objects in memory)",
    "gc": "imports gc (can find and patch the test helpers)",
    "linecache": "imports linecache (can read the source of the tests)",
    "IPython": "imports IPython (can change how later cells run)",
}
# What IPython itself writes for %magic and !shell lines; other get_ipython() uses are flagged.
IPYTHON_CALLS = frozenset({"run_line_magic", "run_cell_magic", "system", "getoutput"})
CODE_LOADING_MAGICS = frozenset({"load_ext", "reload_ext", "run", "load", "loadpy", "config"})


@dataclass(frozen=True)
class SubmissionCheck:
    """What pre-flight found in one student's submission of one assignment."""

    student: str
    assignment: str
    unreadable: tuple[str, ...] = ()
    test_cells: tuple[str, ...] = ()
    suspicious: tuple[str, ...] = ()
    notebooks: tuple[str, ...] = field(default=())

    @property
    def readable(self) -> bool:
        return not self.unreadable

    @property
    def flagged(self) -> bool:
        return bool(self.suspicious)


def read_notebook(path: Path) -> tuple[dict | None, str | None]:
    """Read a notebook as JSON; return ``(notebook, None)`` or ``(None, why it is unreadable)``.

    Only what grading needs is checked (nbformat 4, a list of cells with a type and a source),
    without importing nbformat: the grading command stays quick to start.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, f"{path.name} is missing"
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{path.name} cannot be read: {error}"
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"{path.name} is not valid JSON ({error.msg}, line {error.lineno})"
    if not isinstance(notebook, dict) or notebook.get("nbformat") != 4:
        return None, f"{path.name} is not a notebook in nbformat 4"
    cells = notebook.get("cells")
    if not isinstance(cells, list) or not all(_is_cell(cell) for cell in cells):
        return None, f"{path.name} is not a notebook: its cells are malformed"
    return notebook, None


def _is_cell(cell: object) -> bool:
    return (
        isinstance(cell, dict)
        and isinstance(cell.get("cell_type"), str)
        and isinstance(cell.get("source"), str | list)
        and isinstance(cell.get("metadata", {}), dict)
    )


def _grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _test_cells(notebook: dict) -> dict[str, str]:
    """grade_id -> source of the auto-graded test cells (grade cells that are not answers)."""
    tests = {}
    for cell in notebook["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if grading.get("grade") and not grading.get("solution") and cell["cell_type"] == "code":
            tests[grading["grade_id"]] = _source(cell)
    return tests


def test_cell_changes(submitted: dict, release: dict) -> list[str]:
    """Test cells of the release that the submission deleted or edited."""
    present = {_grade_id(cell): _source(cell) for cell in submitted["cells"] if _grade_id(cell)}
    changes = []
    for grade_id, source in _test_cells(release).items():
        if grade_id not in present:
            changes.append(f"test cell {grade_id} was deleted (restored from the master)")
        elif present[grade_id].strip() != source.strip():
            changes.append(f"test cell {grade_id} was edited (restored from the master)")
    return changes


class _Scanner(ast.NodeVisitor):
    """Collect the reasons a piece of code is suspicious."""

    def __init__(self) -> None:
        self.reasons: set[str] = set()
        self.cell_magic_bodies: list[str] = []
        self._allowed_get_ipython: set[int] = set()

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in TRANSFORMER_NAMES:
            self.reasons.add(f"IPython input/AST transformer ({node.attr})")
        elif node.attr == "register" and getattr(node.value, "attr", None) == "events":
            self.reasons.add("registers an IPython event hook (runs code around every cell)")
        elif isinstance(node.value, ast.Name) and node.value.id == "sys" and node.attr in SYS_HOOKS:
            self.reasons.add(f"uses sys.{node.attr} (can change what the tests import or see)")
        elif node.attr in COMPARISON_DUNDERS and isinstance(node.ctx, ast.Store):
            self.reasons.add(f"assigns {node.attr} (can fool == and isinstance in the tests)")
        if self._is_get_ipython_call(node.value) and node.attr in IPYTHON_CALLS:
            self._allowed_get_ipython.add(id(node.value.func))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and self._is_get_ipython_call(func.value):
            name = self._constant(node.args[0]) if node.args else None
            if func.attr == "run_cell_magic" and len(node.args) >= 3:
                body = self._constant(node.args[2])
                if isinstance(body, str):
                    self.cell_magic_bodies.append(body)
            if func.attr in ("run_line_magic", "run_cell_magic") and name in CODE_LOADING_MAGICS:
                self.reasons.add(f"loads code with the %{name} magic")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "get_ipython" and id(node) not in self._allowed_get_ipython:
            self.reasons.add("uses get_ipython() (can change how later cells run)")
        elif node.id in ("__builtins__", "__builtin__"):
            self.reasons.add("uses __builtins__ (can replace isinstance, float, ...)")
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._check_module(node.module or "")
        if node.module == "sys" and any(alias.name in SYS_HOOKS for alias in node.names):
            self.reasons.add("imports an interpreter hook from sys")
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for item in node.body:
            targets = (
                [item.name] if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) else []
            )
            if isinstance(item, ast.Assign):
                targets = [target.id for target in item.targets if isinstance(target, ast.Name)]
            for name in set(targets) & COMPARISON_DUNDERS:
                self.reasons.add(
                    f"class {node.name} overrides {name} (can fool == and isinstance in the tests)"
                )
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and node.value in TRANSFORMER_NAMES | COMPARISON_DUNDERS:
            self.reasons.add(f"names {node.value!r} in a string (getattr/setattr/type tricks)")
        self.generic_visit(node)

    def _check_module(self, module: str) -> None:
        top = module.split(".")[0]
        if top in FLAGGED_MODULES:
            self.reasons.add(FLAGGED_MODULES[top])

    @staticmethod
    def _is_get_ipython_call(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "get_ipython"
        )

    @staticmethod
    def _constant(node: ast.AST) -> object:
        return node.value if isinstance(node, ast.Constant) else None


def suspicious_code(source: str, depth: int = 0) -> list[str]:
    """Why ``source`` (one code cell, IPython syntax allowed) could fool the tests; sorted.

    Magics and shell lines are translated the way IPython runs them; the body of a cell magic
    (``%%capture`` and the like) is checked as code too. Code that does not parse is not
    reported: it cannot run either.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return []
    scanner = _Scanner()
    scanner.visit(tree)
    reasons = set(scanner.reasons)
    if depth < 3:
        for body in scanner.cell_magic_bodies:
            reasons.update(suspicious_code(body, depth + 1))
    return sorted(reasons)


def _restored_ids(release: dict) -> set[str]:
    """grade_ids of the read-only cells, which nbgrader overwrites with the master's version."""
    return {
        cell["metadata"]["nbgrader"]["grade_id"]
        for cell in release["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("locked") and _grade_id(cell)
    }


def notebook_suspicious(submitted: dict, release: dict) -> list[str]:
    """Suspicious code in the submission's code cells that will run as the student wrote them.

    Cells equal to a release cell, and read-only cells (nbgrader restores them), are skipped.
    """
    unchanged = {_source(cell).strip() for cell in release["cells"]}
    restored = _restored_ids(release)
    findings = []
    for index, cell in enumerate(submitted["cells"]):
        source = _source(cell)
        if cell.get("cell_type") != "code" or source.strip() in unchanged:
            continue
        if _grade_id(cell) in restored:
            continue
        label = f"cell {index}" + (f" ({_grade_id(cell)})" if _grade_id(cell) else "")
        findings.extend(f"{label}: {reason}" for reason in suspicious_code(source))
    return findings


def check_submission(
    folder: Path, student: str, assignment: str, release: dict[str, dict]
) -> SubmissionCheck:
    """Pre-flight one submission folder against the release notebooks (name -> notebook)."""
    unreadable, test_cells, suspicious = [], [], []
    for name in sorted(release):
        prefix = f"{name}: " if len(release) > 1 else ""
        notebook, problem = read_notebook(folder / name)
        if notebook is None:
            unreadable.append(problem)
            continue
        test_cells += [prefix + change for change in test_cell_changes(notebook, release[name])]
        suspicious += [prefix + item for item in notebook_suspicious(notebook, release[name])]
    return SubmissionCheck(
        student=student,
        assignment=assignment,
        unreadable=tuple(unreadable),
        test_cells=tuple(test_cells),
        suspicious=tuple(suspicious),
        notebooks=tuple(sorted(release)),
    )


def load_release(release_folder: Path) -> dict[str, dict]:
    """The release (student) notebooks of one assignment, by file name.

    Raises
    ------
    FileNotFoundError
        If the folder holds no notebook.
    """
    notebooks = {}
    for path in sorted(release_folder.glob("*.ipynb")):
        notebook, problem = read_notebook(path)
        if notebook is None:
            raise ValueError(f"the release notebook {path} is unreadable: {problem}")
        notebooks[path.name] = notebook
    if not notebooks:
        raise FileNotFoundError(
            f"no release notebooks in {release_folder}: run `make release` "
            "(nbgrader generate_assignment) first"
        )
    return notebooks
