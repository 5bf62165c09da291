"""The kicked top on a decohering qubit register (T1, T2 per qubit).

Reference: the Lindblad equation integrated directly on the density matrix with scipy's ODE solver (no
vectorization, no superoperator), and closed-form T1/T2 decay for a single idle qubit.
"""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from noneq.core.errors import NoneqInputError
from noneq.kicked_top.decoherence import evolve_register, kick_superoperator, register_states
from noneq.kicked_top.model import Decoherence, KickedTop
from noneq.kicked_top.observables import qubit_density_matrices
from noneq.kicked_top.quantum import coherent_batch, floquet_kicks

UNITARY_ATOL = 1e-11  # superoperator from expm of a 4^n Liouvillian vs U psi: rounding ~4^n eps
TRACE_ATOL = 1e-11  # trace preservation of a CPTP map over 10 kicks: rounding only
PSD_ATOL = 1e-11  # smallest eigenvalue of a valid density matrix may dip below 0 by rounding only
DECAY_ATOL = 1e-11  # closed-form exponentials vs expm of a 4x4 Liouvillian
ODE_ATOL = 1e-8  # solve_ivp with rtol = atol = 1e-11 over a few time units of O(1) rates

SIGMA_X = np.array([[0, 1], [1, 0]], dtype=complex)
SIGMA_Y = np.array([[0, -1j], [1j, 0]])
SIGMA_Z = np.array([[1, 0], [0, -1]], dtype=complex)
LOWER = np.array([[0, 0], [1, 0]], dtype=complex)  # |1><0|: |up> = |0> decays to |down> = |1>


def on_qubit(op, q, n):
    return np.kron(np.kron(np.eye(2**q), op), np.eye(2 ** (n - q - 1)))


# --- noiseless limit -------------------------------------------------------------------------------------


@pytest.mark.parametrize("j", [0.5, 1, 1.5, 2])
def test_no_decoherence_equals_pure_state_evolution(j):
    model = KickedTop(j=j, kappa=2.5)
    rng = np.random.default_rng(int(4 * j))
    theta, phi = rng.uniform(0, np.pi, 3), rng.uniform(-np.pi, np.pi, 3)
    kicks = 6
    register = evolve_register(model, Decoherence(), theta, phi, kicks)
    assert register.shape == (kicks + 1, 3, 2**model.n_qubits, 2**model.n_qubits)
    pure = [qubit_density_matrices(psi, model.n_qubits)
            for psi in floquet_kicks(model, coherent_batch(model, theta, phi), kicks)]
    np.testing.assert_allclose(register, np.stack(pure), rtol=0, atol=UNITARY_ATOL)


# --- physical validity with noise ------------------------------------------------------------------------


@pytest.mark.parametrize("T1, T2", [(100.0, 50.0), (30.0, 60.0), (math.inf, 40.0), (80.0, 10.0)])
def test_finite_T1_T2_preserves_trace_hermiticity_and_positivity(T1, T2):
    model = KickedTop(j=1.5, kappa=2.5)
    register = evolve_register(model, Decoherence(T1=T1, T2=T2), np.array([0.3, 2.0]), np.array([1.0, -0.5]), 10)
    np.testing.assert_allclose(np.trace(register, axis1=-2, axis2=-1), 1.0, rtol=0, atol=TRACE_ATOL)
    np.testing.assert_allclose(register, np.conj(np.swapaxes(register, -1, -2)), rtol=0, atol=TRACE_ATOL)
    assert np.linalg.eigvalsh(register).min() > -PSD_ATOL
    purity = np.einsum("nbij,nbji->nb", register, register).real
    np.testing.assert_allclose(purity[0], 1.0, rtol=0, atol=TRACE_ATOL)
    assert np.all(purity[1] < 0.99)  # the noise of one 45 ns kick visibly mixes the register


# --- closed-form T1 and T2 decay of one idle qubit -------------------------------------------------------


def idle_qubit(theta, T1, T2, kicks):
    model = KickedTop(j=0.5, kappa=0.0, p=0.0)  # U = identity: only the noise acts
    noise = Decoherence(T1=T1, T2=T2, rotation_time=20.0, interaction_time=25.0)
    rho = evolve_register(model, noise, np.array([theta]), np.array([0.0]), kicks)[:, 0]
    t = np.arange(kicks + 1) * (noise.rotation_time + noise.interaction_time)
    return rho, t


@pytest.mark.parametrize("T1, T2", [(300.0, 200.0), (150.0, 300.0), (500.0, 60.0)])
def test_excited_population_relaxes_with_T1(T1, T2):
    rho, t = idle_qubit(0.0, T1, T2, 12)  # theta = 0: |up> = |0>, the state sigma_- = |1><0| empties
    z = (rho[:, 0, 0] - rho[:, 1, 1]).real
    np.testing.assert_allclose(z, 2 * np.exp(-t / T1) - 1, rtol=0, atol=DECAY_ATOL)
    np.testing.assert_allclose(rho[:, 0, 1], 0.0, rtol=0, atol=DECAY_ATOL)


def test_ground_state_is_stationary():
    rho, _ = idle_qubit(math.pi, 100.0, 150.0, 8)  # theta = pi: |down> = |1>
    np.testing.assert_allclose(rho, np.tile(np.diag([0.0, 1.0]), (9, 1, 1)), rtol=0, atol=DECAY_ATOL)


@pytest.mark.parametrize("T1, T2", [(300.0, 200.0), (150.0, 300.0), (math.inf, 90.0), (500.0, 60.0)])
def test_coherence_decays_with_T2(T1, T2):
    rho, t = idle_qubit(math.pi / 2, T1, T2, 12)  # (|0> + |1>)/sqrt 2: rho_01 = 1/2 initially
    np.testing.assert_allclose(rho[:, 0, 1], 0.5 * np.exp(-t / T2), rtol=0, atol=DECAY_ATOL)
    x = 2 * rho[:, 0, 1].real
    np.testing.assert_allclose(x, np.exp(-t / T2), rtol=0, atol=DECAY_ATOL)
    # population: starts at 1/2 in |up> and relaxes towards |down>
    expected_up = 0.5 * np.exp(-t / T1) if math.isfinite(T1) else np.full_like(t, 0.5)
    np.testing.assert_allclose(rho[:, 0, 0].real, expected_up, rtol=0, atol=DECAY_ATOL)


# --- the full kick against a direct Lindblad integration -------------------------------------------------


def lindblad_rhs(H, jumps, d):
    def rhs(_, y):
        rho = y.reshape(d, d)
        out = -1j * (H @ rho - rho @ H)
        for L in jumps:
            Ld = L.conj().T
            out += L @ rho @ Ld - 0.5 * (Ld @ L @ rho + rho @ Ld @ L)
        return out.ravel()
    return rhs


@pytest.mark.parametrize("j, kappa, p, T1, T2", [(1, 2.5, np.pi / 2, 60.0, 40.0), (1.5, 3.0, 1.1, 90.0, 150.0)])
def test_kick_matches_direct_lindblad_integration(j, kappa, p, T1, T2):
    model = KickedTop(j=j, kappa=kappa, p=p)
    noise = Decoherence(T1=T1, T2=T2, rotation_time=20.0, interaction_time=25.0)
    n = model.n_qubits
    d = 2**n
    jy = sum(on_qubit(SIGMA_Y, q, n) for q in range(n)) / 2
    jz = sum(on_qubit(SIGMA_Z, q, n) for q in range(n)) / 2
    gamma_phi = 1 / T2 - 1 / (2 * T1)  # 1/T_phi
    jumps = [math.sqrt(1 / T1) * on_qubit(LOWER, q, n) for q in range(n)]
    jumps += [math.sqrt(gamma_phi / 2) * on_qubit(SIGMA_Z, q, n) for q in range(n)]
    segments = [((p / noise.rotation_time) * jy, noise.rotation_time),
                ((kappa / (2 * j)) * (jz @ jz) / noise.interaction_time, noise.interaction_time)]
    theta, phi = 1.2, 0.7
    qubit = np.array([math.cos(theta / 2), np.exp(-1j * phi) * math.sin(theta / 2)])
    psi = qubit
    for _ in range(n - 1):
        psi = np.kron(psi, qubit)
    rho = np.outer(psi, psi.conj())
    kicks = 2
    for _ in range(kicks):
        for H, duration in segments:
            sol = solve_ivp(lindblad_rhs(H, jumps, d), (0, duration), rho.ravel(), method="DOP853",
                            rtol=1e-11, atol=1e-11)
            rho = sol.y[:, -1].reshape(d, d)
    register = evolve_register(model, noise, np.array([theta]), np.array([phi]), kicks)
    np.testing.assert_allclose(register[-1, 0], rho, rtol=0, atol=ODE_ATOL)
    assert np.max(np.abs(register[-1, 0] - np.outer(psi, psi.conj()))) > 0.1  # the dynamics did something


def test_kick_superoperator_shape():
    S = kick_superoperator(KickedTop(j=1, kappa=1.0), Decoherence(T1=50.0, T2=50.0))
    assert S.shape == (16, 16)


# --- register size and the dispatch of register_states -----------------------------------------------------


def test_register_too_large_raises():
    with pytest.raises(NoneqInputError):
        kick_superoperator(KickedTop(j=3, kappa=1.0), Decoherence(T1=10.0, T2=10.0))


def test_register_states_dispatches_on_decoherence():
    model = KickedTop(j=1.5, kappa=2.5)
    theta, phi = np.array([0.4, 2.1]), np.array([1.0, -2.0])
    pure = register_states(model, theta, phi, 4)
    np.testing.assert_allclose(register_states(model, theta, phi, 4, Decoherence()), pure, rtol=0, atol=0)
    np.testing.assert_allclose(evolve_register(model, Decoherence(), theta, phi, 4), pure, rtol=0, atol=UNITARY_ATOL)
    noisy = register_states(model, theta, phi, 4, Decoherence(T1=100.0, T2=80.0))
    assert np.max(np.abs(noisy - pure)) > 1e-3
