"""The shared input checks: canonical types, bounds, and the standard error message naming the parameter."""

import math

import numpy as np
import pytest

from noneq.core import validation
from noneq.core.errors import NoneqInputError


@pytest.mark.parametrize("value", [2.5, 2, np.float32(2.5), np.float64(2.5), np.int64(2)])
def test_real_accepts_every_real_scalar_type(value):
    out = validation.real("kappa", value)
    assert type(out) is float and out == float(value)


@pytest.mark.parametrize("value", [True, np.bool_(False), "2.5", None, [1.0], math.nan, math.inf, -math.inf,
                                   1j, np.array([1.0, 2.0])])
def test_real_refuses_non_numbers_and_non_finite_values(value):
    with pytest.raises(NoneqInputError, match="parameter 'kappa' = .*: must be a finite real number"):
        validation.real("kappa", value)


def test_real_bounds_inclusive_and_exclusive():
    assert validation.real("beta", 0.0, minimum=0.0) == 0.0
    with pytest.raises(NoneqInputError, match=r"in \(0, inf\)"):
        validation.real("m", 0.0, minimum=0.0, exclusive_minimum=True)
    with pytest.raises(NoneqInputError, match=r"in \[0, 1\)"):
        validation.real("p", 1.0, minimum=0.0, maximum=1.0, exclusive_maximum=True)
    assert validation.real("T1", math.inf, minimum=0.0, allow_infinity=True) == math.inf
    with pytest.raises(NoneqInputError):
        validation.real("T1", -math.inf, allow_infinity=True)


def test_integer_accepts_integral_floats_and_refuses_the_rest():
    assert validation.integer("kicks", 500.0, minimum=1) == 500
    assert validation.integer("kicks", np.int32(7)) == 7
    for bad in (2.5, True, "3", math.inf, math.nan):
        with pytest.raises(NoneqInputError, match="parameter 'kicks'"):
            validation.integer("kicks", bad, minimum=1)
    with pytest.raises(NoneqInputError, match=r"a finite integer in \[1, 10\]"):
        validation.integer("kicks", 11, minimum=1, maximum=10)


def test_boolean_choice_and_custom_wording():
    assert validation.boolean("strict", np.bool_(True)) is True
    with pytest.raises(NoneqInputError, match="true or false"):
        validation.boolean("strict", 2)
    assert validation.choice("average", "annealed", ("annealed", "quenched")) == "annealed"
    with pytest.raises(NoneqInputError, match="one of annealed, quenched"):
        validation.choice("average", "both", ("annealed", "quenched"))
    with pytest.raises(NoneqInputError, match="must be a positive half-integer"):
        validation.real("j", -1.0, minimum=0.5, allowed="a positive half-integer")


def test_real_array_checks_shape_finiteness_bounds_and_order():
    out = validation.real_array("times", [0, 1, 2], ndim=1, minimum=0.0, increasing=True)
    assert out.dtype == float and out.tolist() == [0.0, 1.0, 2.0]
    for bad in ([[0.0, 1.0]], [], [0.0, math.nan], [-1.0, 1.0], [1.0, 1.0], "abc"):
        with pytest.raises(NoneqInputError, match="parameter 'times'"):
            validation.real_array("times", bad, ndim=1, minimum=0.0, increasing=True)


def test_large_arrays_are_described_by_shape_not_printed():
    with pytest.raises(NoneqInputError, match=r"<array of shape \(100,\)>"):
        validation.real_array("x", np.full(100, np.nan))
