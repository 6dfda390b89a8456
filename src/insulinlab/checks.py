"""Checks used by the exercises' hidden tests: types before values, and "your own code".

Hidden tests import this module with ``importlib.reload`` so that a notebook that rebinds
names in it still gets the original functions. They check the type of an answer before its
value, so an object whose ``==`` always returns True cannot pass.
"""

from __future__ import annotations

import dis
import inspect
import math
import numbers
import types
from collections.abc import Callable

COURSE_PACKAGE = "insulinlab"


def check_number(
    value: object, expected: float, call: str, *, rel_tol: float = 1e-6, abs_tol: float = 0.0
) -> None:
    """Assert that ``value`` is a real number (not a bool) close to ``expected``.

    Parameters
    ----------
    value : object
        What the learner's function returned.
    expected : float
        The correct value.
    call : str
        The call as the learner would write it, shown in the failure message.
    rel_tol, abs_tol : float
        Tolerances passed to :func:`math.isclose`.
    """
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    assert is_number, f"{call} should return a number; got {type(value).__name__}"
    got = float(value)
    assert math.isclose(got, expected, rel_tol=rel_tol, abs_tol=abs_tol), (
        f"{call} returned {got!r}; expected about {expected:.6g}"
    )


def check_text(value: object, expected: str, call: str) -> None:
    """Assert that ``value`` is exactly a ``str`` (not a subclass) equal to ``expected``."""
    assert type(value) is str, f"{call} should return a string; got {type(value).__name__}"
    assert value == expected, f"{call} returned {value!r}; expected {expected!r}"


def _names_used(code: types.CodeType) -> set[str]:
    """Global names and imported modules used anywhere in ``code``, nested functions included."""
    names, todo = set(), [code]
    while todo:
        current = todo.pop()
        for instruction in dis.get_instructions(current):
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "IMPORT_NAME"):
                names.add(str(instruction.argval))
        todo.extend(const for const in current.co_consts if isinstance(const, types.CodeType))
    return names


def _origin(obj: object) -> str | None:
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    try:
        origin = getattr(obj, "__module__", None)
    except Exception:  # an object whose attribute access itself fails
        return None
    return origin if isinstance(origin, str) else None


def _cell_contents(cell: types.CellType) -> object:
    try:
        return cell.cell_contents
    except ValueError:  # a closure variable not yet assigned
        return None


def check_own_code(func: Callable, name: str, forbidden: str = COURSE_PACKAGE) -> None:
    """Assert that ``func`` is a plain function that does not delegate to ``forbidden``.

    Follows the globals, closures and default arguments the function uses, and the learner's own
    helper functions among them. A determined learner can still evade it (for example through
    ``importlib`` with a computed string); it catches the honest shortcut.
    """
    assert inspect.isfunction(func), f"{name} should be a function defined with def"
    message = (
        f"{name} should compute its result with your own code, not with the course "
        f"package {forbidden} (that package is only for the demo cells)"
    )
    seen, todo = set(), [func]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        names = _names_used(current.__code__)
        assert not any(used.startswith(forbidden) for used in names), message
        referenced = [current.__globals__.get(used) for used in names]
        referenced += [_cell_contents(cell) for cell in (current.__closure__ or ())]
        referenced += list(current.__defaults__ or ())
        referenced += list((current.__kwdefaults__ or {}).values())
        for obj in referenced:
            origin = _origin(obj)
            assert not (origin and origin.startswith(forbidden)), message
            if inspect.isfunction(obj):
                todo.append(obj)
