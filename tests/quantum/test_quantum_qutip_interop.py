"""Interoperability with qutip (optional dependency): Qobj inputs and agreement with qutip's routines."""

import numpy as np
import pytest

from noneq.quantum import (
    fidelity,
    mutual_information,
    partial_trace,
    pauli_expectations,
    purity,
    random_density_matrix,
    random_pure_state,
    relative_entropy,
    spin_coherent_state,
    spin_operators,
    thermal_state,
    von_neumann_entropy,
)

ATOL = 1e-10  # both libraries use LAPACK on the same small matrices: agreement to rounding (~1e-14)
FIDELITY_ATOL = 1e-7  # qutip's fidelity uses sqrtm of rank-deficient matrices: error ~sqrt(eps)


@pytest.fixture()
def qt():
    return pytest.importorskip("qutip")


@pytest.mark.parametrize(("dims", "keep"), [([2, 3], [0]), ([2, 3], [1]), ([2, 3, 2], [0, 2]), ([3, 2, 2], [1])])
def test_partial_trace_matches_qutip_ptrace(qt, dims, keep):
    d = int(np.prod(dims))
    rho = random_density_matrix(d, np.random.default_rng(d + sum(keep)))
    q = qt.Qobj(rho, dims=[dims, dims])
    np.testing.assert_allclose(partial_trace(rho, dims, keep), q.ptrace(keep).full(), atol=ATOL)
    np.testing.assert_allclose(partial_trace(q, dims, keep).full(), q.ptrace(keep).full(), atol=ATOL)


def test_qobj_inputs_are_accepted(qt):
    rng = np.random.default_rng(11)
    rho, sigma = random_density_matrix(4, rng), random_density_matrix(4, rng)
    psi = random_pure_state(4, rng)
    qr, qs = qt.Qobj(rho, dims=[[2, 2], [2, 2]]), qt.Qobj(sigma, dims=[[2, 2], [2, 2]])
    qpsi = qt.Qobj(psi.reshape(4, 1), dims=[[2, 2], [1, 1]])
    assert von_neumann_entropy(qr) == pytest.approx(qt.entropy_vn(qr, base=2), abs=ATOL)
    assert von_neumann_entropy(qpsi) == 0.0
    assert purity(qpsi) == 1.0
    assert relative_entropy(qr, qs) == pytest.approx(relative_entropy(rho, sigma), abs=ATOL)
    assert relative_entropy(qr, qs, base=np.e) == pytest.approx(qt.entropy_relative(qr, qs), abs=ATOL)
    assert fidelity(qr, qs) == pytest.approx(qt.fidelity(qr, qs), abs=FIDELITY_ATOL)
    assert fidelity(qpsi, qs) == pytest.approx(fidelity(psi, sigma), abs=ATOL)
    assert mutual_information(qr, [2, 2], 0, 1) == pytest.approx(
        qt.entropy_mutual(qr, 0, 1, base=2), abs=ATOL
    )
    values = pauli_expectations(qr, ["XZ", "YY"])
    expected = [qt.expect(qt.tensor(qt.sigmax(), qt.sigmaz()), qr), qt.expect(qt.tensor(qt.sigmay(), qt.sigmay()), qr)]
    np.testing.assert_allclose(values, expected, atol=ATOL)
    h = qt.sigmaz() + 0.3 * qt.sigmax()
    np.testing.assert_allclose(thermal_state(h, 0.7).full(), ((-0.7 * h).expm() / (-0.7 * h).expm().tr()).full(),
                               atol=ATOL)


@pytest.mark.parametrize("j", [0.5, 1, 1.5, 4])
def test_spin_operators_match_qutip_jmat(qt, j):
    for ours, name in zip(spin_operators(j), "xyz"):
        np.testing.assert_allclose(ours, qt.jmat(j, name).full(), atol=ATOL)


def test_qobj_in_qobj_out_with_dims(qt):
    rng = np.random.default_rng(12)
    rho = qt.Qobj(random_density_matrix(6, rng), dims=[[2, 3], [2, 3]])
    reduced = partial_trace(rho, None, 1)
    assert isinstance(reduced, qt.Qobj) and reduced.dims == [[3], [3]]
    np.testing.assert_allclose(reduced.full(), rho.ptrace(1).full(), atol=ATOL)
    ket = qt.tensor(qt.basis(2, 0), qt.basis(3, 2))
    assert partial_trace(ket, None, [0]).dims == [[2], [2]]
    h = qt.tensor(qt.sigmaz(), qt.qeye(3))
    gibbs = thermal_state(h, 0.4)
    assert isinstance(gibbs, qt.Qobj) and gibbs.dims == h.dims
    assert not isinstance(partial_trace(rho.full(), [2, 3], 1), qt.Qobj)  # arrays in, arrays out


def test_entropy_base_matches_qutips_nats(qt):
    rho = qt.Qobj(random_density_matrix(3, np.random.default_rng(13)))
    assert von_neumann_entropy(rho, base="e") == pytest.approx(qt.entropy_vn(rho), abs=ATOL)
    assert von_neumann_entropy(rho) == pytest.approx(qt.entropy_vn(rho) / np.log(2), abs=ATOL)


@pytest.mark.parametrize("j", [0.5, 1.5, 5])
def test_coherent_state_is_qutips_with_the_opposite_azimuth(qt, j):
    for theta, phi in ((0.3, 1.1), (2.0, -0.7)):
        ours = spin_coherent_state(j, theta, phi)
        np.testing.assert_allclose(ours, qt.spin_coherent(j, theta, -phi).full().ravel(), atol=ATOL)
