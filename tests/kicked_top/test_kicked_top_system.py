"""The system face `noneq.kicked_top.system`: the dataset of one run, checked against explicit dynamics, and
the parameter table behind ``noneq run kicked-top``."""

import json
import math

import numpy as np
import pytest
import xarray as xr
from scipy.linalg import expm

from noneq.core.errors import NoneqInputError
from noneq.kicked_top.system import SYSTEM, run_kicked_top
from noneq.quantum import (fidelity, partial_trace, pauli_labels, pauli_string, spin_coherent_state,
                           spin_operators, symmetric_embedding, von_neumann_entropy)

DATASET_ATOL = 1e-10  # dataset vs explicit dense expm dynamics of dim <= 41 for <= 12 kicks
ENTROPY_ATOL = 1e-9  # entropies near 0 are steep in the eigenvalues (see test_kicked_top_observables)
OVERLAP_ATOL = 1e-7  # overlap of low-rank averages: sqrt of rounding-level null eigenvalues ~3e-9

BASE = dict(kappa=2.5, p=math.pi / 2, theta=1.1, phi=0.6, kicks=8, include_initial=False, T1=math.inf,
            T2=math.inf, rotation_time=20.0, interaction_time_per_kappa=10.0)


def run(**overrides):
    return run_kicked_top(**{**BASE, **overrides})


def explicit_qubit_states(j, kappa, p, theta, phi, kicks):
    """Pure 2j-qubit states along the run: product coherent state, dense U from expm, symmetric embedding."""
    n = int(round(2 * j))
    jx, jy, jz = spin_operators(j)
    U = expm(-1j * kappa / (2 * j) * jz @ jz) @ expm(-1j * p * jy)
    V = symmetric_embedding(n)
    qubit = np.array([math.cos(theta / 2), np.exp(-1j * phi) * math.sin(theta / 2)])
    product = qubit
    for _ in range(n - 1):
        product = np.kron(product, qubit)
    psi = V.T @ product
    states = []
    for _ in range(kicks + 1):
        states.append(V @ psi)
        psi = U @ psi
    return np.array(states)


@pytest.fixture(scope="module")
def small_run():
    return run(j=1.5)


def test_small_register_dataset_contents(small_run):
    ds = small_run
    assert isinstance(ds, xr.Dataset)
    for name in ("bloch", "entropy", "mean_entropy", "final_entropy", "overlap", "overlap_vs_kicks", "purity",
                 "pauli_values"):
        assert name in ds, name
        assert "units" in ds[name].attrs and "long_name" in ds[name].attrs
    assert ds["pauli_values"].shape == (9, 63)
    assert ds["pauli_values"].dims == ("kick", "pauli")
    assert list(ds.pauli.values) == pauli_labels(3)  # the labels survive as the coordinate
    assert ds.entropy.dims == ("kick",) and ds.sizes["kick"] == 9
    assert ds.bloch.dims == ("kick", "component")
    for attr in ("noneq_version", "parameters", "seed", "created", "system"):
        assert attr in ds.attrs, attr
    assert ds.attrs["system"] == "kicked-top"
    assert ds.attrs["seed"] == -1  # nothing random is drawn
    params = json.loads(ds.attrs["parameters"])
    assert params["j"] == 1.5 and params["kappa"] == 2.5 and params["kicks"] == 8


def test_small_register_dataset_matches_explicit_dynamics(small_run):
    ds = small_run
    states = explicit_qubit_states(1.5, **{k: BASE[k] for k in ("kappa", "p", "theta", "phi", "kicks")})
    rhos = np.einsum("ni,nj->nij", states, states.conj())
    sigma = [pauli_string(a) for a in "XYZ"]
    rho1 = np.stack([partial_trace(r, [2, 2, 2], 0) for r in rhos])
    bloch = np.einsum("nij,aji->na", rho1, np.stack(sigma)).real
    entropy = np.array([von_neumann_entropy(r) for r in rho1])
    np.testing.assert_allclose(ds.bloch.values, bloch, rtol=0, atol=DATASET_ATOL)
    np.testing.assert_allclose(ds.entropy.values, entropy, rtol=0, atol=ENTROPY_ATOL)
    assert ds.entropy.values[0] == pytest.approx(0.0, abs=ENTROPY_ATOL)  # a coherent state is a product state
    assert float(ds.mean_entropy) == pytest.approx(entropy[1:].mean(), abs=ENTROPY_ATOL)
    assert float(ds.final_entropy) == pytest.approx(entropy[-1], abs=ENTROPY_ATOL)
    np.testing.assert_allclose(ds.purity.values, 1.0, rtol=0, atol=DATASET_ATOL)
    rho_mc = symmetric_embedding(3) @ symmetric_embedding(3).T / 4
    assert float(ds.overlap) == pytest.approx(fidelity(rhos[1:].mean(axis=0), rho_mc), abs=OVERLAP_ATOL)
    for n in range(1, 9):
        assert float(ds.overlap_vs_kicks[n]) == pytest.approx(fidelity(rhos[1:n + 1].mean(axis=0), rho_mc),
                                                              abs=OVERLAP_ATOL)
    # values labelled by the Pauli strings, in the documented order pauli_labels(3)
    labels = pauli_labels(3)
    assert len(labels) == 63
    for label in ("ZII", "IXI", "IIY", "XXI", "YIZ", "ZZZ", "XYZ"):
        expected = np.einsum("nij,ji->n", rhos, pauli_string(label)).real
        np.testing.assert_allclose(ds["pauli_values"].sel(pauli=label).values, expected, rtol=0,
                                   atol=DATASET_ATOL)


def test_include_initial_changes_averages_as_documented(small_run):
    with_initial = run(j=1.5, include_initial=True)
    entropy = small_run.entropy.values
    np.testing.assert_allclose(with_initial.entropy.values, entropy, rtol=0, atol=0)
    assert float(with_initial.mean_entropy) == pytest.approx(entropy.mean(), abs=ENTROPY_ATOL)
    assert float(small_run.mean_entropy) == pytest.approx(entropy[1:].mean(), abs=ENTROPY_ATOL)
    # entropy[0] = 0, so including it scales the mean by N/(N+1)
    assert float(with_initial.mean_entropy) == pytest.approx(float(small_run.mean_entropy) * 8 / 9,
                                                             abs=ENTROPY_ATOL)
    states = explicit_qubit_states(1.5, **{k: BASE[k] for k in ("kappa", "p", "theta", "phi", "kicks")})
    rhos = np.einsum("ni,nj->nij", states, states.conj())
    rho_mc = symmetric_embedding(3) @ symmetric_embedding(3).T / 4
    assert float(with_initial.overlap) == pytest.approx(fidelity(rhos.mean(axis=0), rho_mc), abs=OVERLAP_ATOL)
    assert abs(float(with_initial.overlap) - float(small_run.overlap)) > 1e-3


def test_large_j_dataset_has_no_register_outputs():
    ds = run(j=20, kicks=12)
    for name in ("overlap", "overlap_vs_kicks", "purity", "pauli_values"):
        assert name not in ds
    entropy = ds.entropy.values
    assert entropy.shape == (13,)
    assert float(ds.mean_entropy) == pytest.approx(entropy[1:].mean(), abs=1e-14)
    assert float(ds.final_entropy) == entropy[-1]
    with_initial = run(j=20, kicks=12, include_initial=True)
    assert float(with_initial.mean_entropy) == pytest.approx(entropy.mean(), abs=1e-14)
    # the Bloch vector path agrees with explicit expm dynamics in the spin basis
    jx, jy, jz = spin_operators(20)
    U = expm(-1j * 2.5 / 40 * jz @ jz) @ expm(-1j * BASE["p"] * jy)
    psi = spin_coherent_state(20, BASE["theta"], BASE["phi"])
    for n in range(13):
        expected = np.array([np.vdot(psi, op @ psi).real for op in (jx, jy, jz)]) / 20
        np.testing.assert_allclose(ds.bloch.values[n], expected, rtol=0, atol=DATASET_ATOL)
        psi = U @ psi


def test_noisy_small_register_runs_and_mixes():
    ds = run(j=1.5, T1=1.0, T2=0.8)  # microseconds; gates are tens of ns
    assert "overlap" in ds and "pauli_values" in ds
    purity = ds.purity.values
    assert purity[0] == pytest.approx(1.0, abs=1e-10)
    assert np.all(purity[1:] < 1.0 - 1e-3)
    noiseless = run(j=1.5)
    assert abs(float(ds.final_entropy) - float(noiseless.final_entropy)) > 1e-3


@pytest.mark.parametrize("overrides", [dict(j=20, T1=10.0), dict(j=20, T2=10.0), dict(j=3, T1=5.0, T2=5.0)])
def test_finite_T1_T2_with_large_register_raises(overrides):
    with pytest.raises(NoneqInputError) as info:
        run(**overrides)
    assert "'j'" in str(info.value)


def test_bad_j_raises():
    with pytest.raises(NoneqInputError):
        run(j=1.3)


def test_T2_above_twice_T1_raises_in_run():
    with pytest.raises(NoneqInputError) as info:
        run(j=1.5, T1=1.0, T2=3.0)
    assert "'T2'" in str(info.value)


def test_parameter_and_output_names():
    names = [p.name for p in SYSTEM.parameters]
    assert {"kicks", "T1", "T2"} <= set(names) and not {"steps", "t1", "t2"} & set(names)
    assert {o.name for o in SYSTEM.outputs} >= {"overlap_vs_kicks", "pauli_values"}
    assert all("step" not in o.dims for o in SYSTEM.outputs)


def test_system_run_equals_direct_run():
    via_system = SYSTEM.run({"j": "1.5", "kappa": "2.5", "theta": "1.1", "phi": "0.6", "kicks": "8"})
    direct = run(j=1.5)
    np.testing.assert_array_equal(via_system.entropy.values, direct.entropy.values)
    assert float(via_system.overlap) == float(direct.overlap)


@pytest.mark.parametrize("overrides, name", [(dict(theta=7.0), "theta"), (dict(kicks=0), "kicks"),
                                             (dict(T1=-1.0), "T1"), (dict(kappa=math.nan), "kappa")])
def test_direct_run_validates_its_arguments(overrides, name):
    with pytest.raises(NoneqInputError, match=f"'{name}'"):
        run(**{"j": 1.5, **overrides})
