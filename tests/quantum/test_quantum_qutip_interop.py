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
    np.testing.assert_allclose(partial_trace(q, dims, keep), q.ptrace(keep).full(), atol=ATOL)


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
    np.testing.assert_allclose(thermal_state(h, 0.7), ((-0.7 * h).expm() / (-0.7 * h).expm().tr()).full(), atol=ATOL)


@pytest.mark.parametrize("j", [0.5, 1, 1.5, 4])
def test_spin_operators_match_qutip_jmat(qt, j):
    for ours, name in zip(spin_operators(j), "xyz"):
        np.testing.assert_allclose(ours, qt.jmat(j, name).full(), atol=ATOL)
