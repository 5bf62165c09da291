"""Validation of the Otto cycle parameters: clear errors before any computation."""

import math
import pickle

import pytest

from noneq.core.errors import NoneqInputError
from noneq.otto.model import OttoCycle

GOOD = dict(w_a=1.0, w_b=2.0, T_c=1.0, T_h=1.5, gamma_c=1.0, gamma_h=1.0, tau_c=1.0, tau_h=1.0, tau_adi=0.5)


@pytest.mark.parametrize("name,value,fragment", [
    ("w_b", 1.0, "greater than w_a"), ("w_b", 0.5, "greater than w_a"), ("T_c", 0.0, "in (0, inf)"),
    ("T_h", -1.0, "in (0, inf)"), ("T_h", 0.9, "greater than T_c"), ("gamma_c", 0.0, "in (0, inf)"),
    ("gamma_h", -2.0, "in (0, inf)"), ("tau_c", -0.1, "in (0, inf)"), ("tau_h", 0.0, "in (0, inf)"),
    ("tau_adi", -1.0, "in [0, inf)"), ("w_a", math.nan, "finite"), ("w_a", True, "real number"),
    ("levels", (2.0, 1.0), "increasing"), ("levels", (1.0,), "at least two"), ("levels", "12", "increasing"),
])
def test_bad_parameters_name_value_and_range(name, value, fragment):
    with pytest.raises(NoneqInputError) as info:
        OttoCycle(**{**GOOD, name: value})
    message = str(info.value)
    assert name in message and fragment in message


def test_frozen_and_derived_quantities():
    c = OttoCycle(**GOOD)
    with pytest.raises(AttributeError):
        c.w_a = 3.0
    assert c.t_cycle == pytest.approx(2.5)
    assert c.cop_carnot == pytest.approx(2.0)
    assert c.eta_carnot == pytest.approx(1 / 3)


def test_picklable_and_levels_canonical():
    c = OttoCycle(**GOOD, levels=(1, 2, 3))
    assert pickle.loads(pickle.dumps(c)) == c
    assert c.levels == (1.0, 2.0, 3.0) and c.n_levels == 3
