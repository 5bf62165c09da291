"""Entropy maps over a grid of initial states: symmetry, agreement with direct propagation, dataset labels."""

import json

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.kicked_top.classical import (classical_orbits, coherent_cloud, ensemble_entropy,
                                        finite_time_lyapunov)
from noneq.kicked_top.maps import classical_maps, entropy_map
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import bloch_vectors
from noneq.kicked_top.quantum import coherent_batch, floquet_kicks
from noneq.quantum import bloch_vector_from_angles

SYMMETRY_ATOL = 1e-10  # two propagations of mirrored coherent states of dim <= 41 for 12 kicks
MIRROR = np.array([-1.0, 1.0, -1.0])  # the pi rotation about y, (X, Y, Z) -> (-X, Y, -Z), commutes with U


@pytest.mark.parametrize("j, kappa, p", [(1.5, 2.5, np.pi / 2), (4, 6.0, np.pi / 2), (20, 3.0, 0.9)])
def test_quantum_entropy_map_symmetric_under_pi_rotation_about_y(j, kappa, p):
    # grids symmetric under theta -> pi - theta and phi -> pi - phi, so the mirror is an index reversal
    theta = np.linspace(0.15, np.pi - 0.15, 6)
    phi = np.pi / 2 + np.linspace(-2.9, 2.9, 8)
    ds = entropy_map(KickedTop(j=j, kappa=kappa, p=p), theta, phi, 12)
    entropy = ds.entropy.values
    bloch = ds.bloch.values
    assert entropy.shape == (13, 6, 8)
    assert entropy[1:].std() > 0.05  # the map is not constant: the symmetry check has content
    np.testing.assert_allclose(entropy[:, ::-1, ::-1], entropy, rtol=0, atol=SYMMETRY_ATOL)
    np.testing.assert_allclose(MIRROR * bloch[:, ::-1, ::-1], bloch, rtol=0, atol=SYMMETRY_ATOL)
    # the map is not also symmetric under the mere theta reflection (the check can fail)
    assert np.max(np.abs(entropy[1:, ::-1, :] - entropy[1:])) > 0.05


def test_entropy_map_bloch_matches_direct_propagation():
    model = KickedTop(j=2.5, kappa=2.0)
    theta, phi = np.array([0.4, 1.7]), np.array([-2.0, 0.3, 2.2])
    ds = entropy_map(model, theta, phi, 4)
    for a, th in enumerate(theta):
        for b, ph in enumerate(phi):
            psi0 = coherent_batch(model, np.array([th]), np.array([ph]))
            direct = np.array([bloch_vectors(psi, model.j)[0] for psi in floquet_kicks(model, psi0, 4)])
            np.testing.assert_allclose(ds.bloch.values[:, a, b], direct, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ds.mean_entropy.values[-1], ds.entropy.values[1:].mean(axis=0), atol=1e-12)


def test_entropy_map_is_labelled():
    ds = entropy_map(KickedTop(j=1.5, kappa=0.5), [0.5, 1.5], [0.0, 1.0, 2.0], 3)
    assert ds.bloch.dims == ("kick", "theta", "phi", "component")
    assert list(ds.kick.values) == [0, 1, 2, 3]
    for name in ("bloch", "entropy", "mean_entropy"):
        assert {"units", "long_name"} <= set(ds[name].attrs)
    assert ds.entropy.attrs["units"] == "bit"
    assert json.loads(ds.attrs["parameters"])["kicks"] == 3


def test_classical_maps_match_the_classical_functions():
    model = KickedTop(j=1.5, kappa=2.5)
    theta, phi = np.array([0.4, 1.3, 2.5]), np.array([-2.0, 0.2])
    ds = classical_maps(model, theta, phi, 4, lyapunov_kicks=6, samples=30, seed=7)
    TH, PH = np.meshgrid(theta, phi, indexing="ij")
    centres = bloch_vector_from_angles(TH, PH)
    np.testing.assert_array_equal(ds.lyapunov.values, finite_time_lyapunov(centres, 2.5, 6))
    cloud = coherent_cloud(TH, PH, 1.5, 30, np.random.default_rng(7))
    np.testing.assert_array_equal(ds.lyapunov_smoothed.values, finite_time_lyapunov(cloud, 2.5, 6).mean(axis=0))
    entropy = ensemble_entropy(classical_orbits(cloud, 2.5, 4))
    np.testing.assert_array_equal(ds.classical_entropy.values, entropy)
    np.testing.assert_array_equal(ds.classical_entropy.values[0], 0.0)  # normalized to the initial cloud
    assert ds.classical_entropy.dims == ("kick", "theta", "phi") and ds.attrs["seed"] == 7
    assert ds.lyapunov.attrs["units"] == "1/kick"


def test_entropy_map_rejects_bad_grids():
    model = KickedTop(j=1.5, kappa=0.5)
    with pytest.raises(NoneqInputError, match="'theta'"):
        entropy_map(model, [[0.5, 1.0]], [0.0], 2)
    with pytest.raises(NoneqInputError, match="'kicks'"):
        entropy_map(model, [0.5], [0.0], -1)
