"""`noneq.kicked.model`: the reconstructed defaults (docs/papers/kicked.md), validation, the interaction shapes."""

import math
import pickle

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.kicked.model import KickedParticles, fast_modes

EXACT = 1e-15  # closed-form values computed the same way up to one rounding


def test_defaults_are_the_reconstructed_model():
    model = KickedParticles()
    assert (model.interaction, model.interaction_lambda, model.L) == ("gaussian", 10.0, math.pi)
    assert model.width_coefficient == 10.0
    assert abs(model.G(0.5) - math.exp(-10 * 0.25)) < EXACT
    inverse = KickedParticles(interaction="inverse")
    assert abs(inverse.G(0.5) - math.exp(-0.25 / 10)) < EXACT


@pytest.mark.parametrize("name,value", [("m", 0.0), ("m", -1.0), ("hbar_eff", 0.0), ("L", -math.pi),
                                        ("interaction_lambda", 0.0), ("K1", math.nan), ("coupling", math.inf),
                                        ("noise_W", -0.1), ("interaction", "yukawa"), ("m", True)])
def test_bad_values_name_parameter_and_value(name, value):
    with pytest.raises(NoneqInputError, match=f"'{name}'"):
        KickedParticles(**{name: value})


def test_frozen_and_picklable():
    model = KickedParticles(K1=2.0)
    with pytest.raises(Exception):
        model.K1 = 3.0
    assert pickle.loads(pickle.dumps(model)) == model


def test_required_modes_grow_with_time_and_shrink_with_hbar():
    model = KickedParticles(K1=1.8, hbar_eff=0.05)
    assert model.required_modes(400)[0] > model.required_modes(100)[0]
    finer = KickedParticles(K1=1.8, hbar_eff=0.01)
    assert finer.required_modes(100)[0] > 4 * model.required_modes(100)[0]
    # top momentum of the required basis covers the a priori bound
    n1, _ = model.required_modes(100)
    assert n1 * model.momentum_quantum >= model.momentum_bounds(100)[0]


def test_fast_modes():
    for n in (1, 7, 100, 1000, 4097):
        m = fast_modes(n)
        k = m + 1
        for p in (2, 3, 5):
            while k % p == 0:
                k //= p
        assert m >= n and k == 1
    assert fast_modes(255) == 255 and np.all([fast_modes(x) <= 2 * x for x in (10, 333, 5000)])
