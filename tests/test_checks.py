"""The hidden-test helpers: types before values, and no delegation to the course package."""

import math

import pytest

from insulinlab import checks, indices


class AlwaysEqual(float):
    def __eq__(self, other):
        return True


class Sneaky:
    """Claims to equal everything; not a number at all."""

    def __eq__(self, other):
        return True

    def __float__(self):
        return 2.44


def test_check_number_accepts_close_real_numbers():
    checks.check_number(2.444, 2.4444444, "homa_ir(99, 10)", rel_tol=1e-3)
    checks.check_number(3, 3.0, "f()")


@pytest.mark.parametrize("value", [Sneaky(), True, "2.44", None, [2.44]])
def test_check_number_rejects_non_numbers(value):
    with pytest.raises(AssertionError, match="should return a number"):
        checks.check_number(value, 2.44, "homa_ir(99, 10)")


def test_check_number_compares_the_float_value_not_eq():
    with pytest.raises(AssertionError, match="expected about"):
        checks.check_number(AlwaysEqual(1.0), 2.44, "homa_ir(99, 10)")
    with pytest.raises(AssertionError):
        checks.check_number(math.nan, 2.44, "homa_ir(99, 10)")


def test_check_text_requires_an_exact_str():
    checks.check_text("normal", "normal", "f(90)")

    class Text(str):
        def __eq__(self, other):
            return True

    with pytest.raises(AssertionError, match="should return a string"):
        checks.check_text(Text("x"), "normal", "f(90)")
    with pytest.raises(AssertionError, match="expected 'normal'"):
        checks.check_text("diabetes", "normal", "f(90)")


def own_homa_ir(glucose, insulin):
    return glucose * insulin / 405


def delegating_homa_ir(glucose, insulin):
    return indices.homa_ir(glucose, insulin)


def importing_homa_ir(glucose, insulin):
    from insulinlab.indices import homa_ir

    return homa_ir(glucose, insulin)


def helper_delegating_homa_ir(glucose, insulin):
    return delegating_homa_ir(glucose, insulin)


def default_argument_homa_ir(glucose, insulin, formula=indices.homa_ir):
    return formula(glucose, insulin)


def test_check_own_code_accepts_own_code():
    checks.check_own_code(own_homa_ir, "homa_ir")


@pytest.mark.parametrize(
    "func",
    [delegating_homa_ir, importing_homa_ir, helper_delegating_homa_ir, default_argument_homa_ir],
)
def test_check_own_code_catches_delegation(func):
    with pytest.raises(AssertionError, match="your own code"):
        checks.check_own_code(func, "homa_ir")


def test_check_own_code_requires_a_function():
    with pytest.raises(AssertionError, match="defined with def"):
        checks.check_own_code(indices.homa_ir.__call__, "homa_ir")
