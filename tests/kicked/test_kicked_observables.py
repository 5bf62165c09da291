"""`noneq.kicked.observables`: the diffusion coefficient, classical histograms, the quantum binned density
(normalized, unbiased for bins narrower than the mode spacing), and the two purity identities."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.kicked.observables import (averaged_purity, binned_density, diffusion_coefficient, histogram,
                                      reduced_purity)
from noneq.quantum import partial_trace, purity

ROUNDING = 1e-10  # sums of a few hundred terms in double precision


def test_diffusion_coefficient_and_histogram():
    assert diffusion_coefficient(np.array([0.0, 1.0, 50.0]), 500) == 0.1
    counts = histogram(np.array([-0.5, 0.5, 1.5, 9.0]), np.array([0.0, 1.0, 2.0]))
    assert np.allclose(counts, [0.5, 0.25])


def test_binned_density_is_normalized_and_unbiased_for_narrow_bins():
    dp = 0.05
    p = dp * np.arange(1, 401)  # modes up to p = 20
    P = np.full(p.size, 1.0 / p.size)
    edges = np.arange(0.0, 20.0 + 1e-9, 0.5)
    density = binned_density(p, P, edges)
    assert np.allclose(density, 1.0 / 20.0)  # uniform over [0, 20]
    assert abs(np.nansum(density * np.diff(edges)) - 1.0) < ROUNDING
    narrow = binned_density(p, P, np.arange(0.0, 20.0 + 1e-9, 0.02))  # bins narrower than the mode spacing
    assert np.isnan(narrow).any() and np.allclose(narrow[np.isfinite(narrow)], 1.0 / 20.0)


@pytest.mark.parametrize("momenta, edges, name", [([0.1, 0.2], [1.0, 0.5], "edges"), ([0.1, 0.2], [0.5], "edges"),
                                                  ([0.1], [0.0, 1.0], "momenta")])
def test_binned_density_rejects_bad_input(momenta, edges, name):
    with pytest.raises(NoneqInputError, match=f"'{name}'"):
        binned_density(momenta, np.ones(len(momenta)), edges)


def test_reduced_purity_matches_partial_trace():
    rng = np.random.default_rng(4)
    c = rng.normal(size=(6, 4)) + 1j * rng.normal(size=(6, 4))
    c /= np.linalg.norm(c)
    rho = np.outer(c.ravel(), c.ravel().conj())
    assert abs(reduced_purity(c) - purity(partial_trace(rho, [6, 4], 0))) < ROUNDING


def test_averaged_purity_identity():
    rng = np.random.default_rng(2)
    c = rng.normal(size=(3, 8)) + 1j * rng.normal(size=(3, 8))
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    rho = sum(np.outer(row, row.conj()) for row in c) / 3
    assert abs(averaged_purity(c) - np.trace(rho @ rho).real) < ROUNDING
