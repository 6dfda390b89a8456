"""The shared input checks behind every model's ValueError."""

import math

import numpy as np
import pytest

from insulinlab._validate import check_positive, check_range, check_time_grid


def test_check_range_names_argument_and_range():
    with pytest.raises(ValueError, match=r"dose must be in \[0, 10\] mg; got 11"):
        check_range("dose", 11, 0, 10, "mg")


@pytest.mark.parametrize("value", [-1, 0, math.nan, math.inf, "1", None, True])
def test_check_positive_rejects(value):
    with pytest.raises(ValueError, match="rate"):
        check_positive("rate", value, "1/min")


def test_check_positive_allows_zero_when_asked():
    assert check_positive("rate", 0, allow_zero=True) == 0.0
    assert check_positive("rate", np.float64(0.5)) == 0.5


@pytest.mark.parametrize("times", [[], [0], [0, 0, 1], [0, 2, 1], [0, math.nan], [[0, 1]], "ab"])
def test_check_time_grid_rejects(times):
    with pytest.raises(ValueError, match="t_min"):
        check_time_grid("t_min", times)


def test_check_time_grid_returns_float_array():
    grid = check_time_grid("t_min", [0, 1, 5])
    assert grid.dtype == float and grid.tolist() == [0.0, 1.0, 5.0]
