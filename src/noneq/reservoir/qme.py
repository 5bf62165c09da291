"""Weak-coupling quantum master equation for any `OpenSystem`, with the bath correlation functions computed from
the finite reservoirs themselves (hbar = k_B = 1, entropies in nats).

Decomposition. With a Hermitian, trace-orthonormal operator basis {A_a} of the system (Tr A_a A_b = delta_ab),
V = sum_a A_a (x) B_a exactly, B_a = Tr_s[(A_a (x) 1) V] Hermitian on the reservoirs. With several reservoirs V
must be a sum of system-reservoir couplings, B_a = sum_r B_a^r (B_a^r on reservoir r alone, no pure system part):
each reservoir then has its own dissipator D_r (cross-reservoir correlations <B^r><B^r'> are products of first
moments, dropped; they vanish when Tr rho_r^eq B^r = 0).
Bath of reservoir r, H_r = sum_m E_m |m><m|, rho_r^eq = sum_m p_m |m><m| (the reservoir absorbs w > 0):

    Gamma_ab(w) = int_0^inf dt e^{i w t} Tr[rho_r B_a(t) B_b] = gamma_ab(w)/2 + i S_ab(w),
    gamma_ab(w) = 2 pi sum_mn p_m (B_a)_mn (B_b)_nm delta(w - (E_n - E_m)),
    S_ab(w)     = sum_mn p_m (B_a)_mn (B_b)_nm P 1/(w - (E_n - E_m)).

A finite reservoir's delta peaks are smoothed by a box of width ``width`` (as in
`noneq.reservoir.redfield.redfield_rates_finite`; for the spin-GORM model gamma(+-D) = 2 pi lambda^2 alpha~(+-D)),
its principal part by the Hilbert transform of that box (`noneq.reservoir.redfield.box_hilbert`).
``detailed_balance=True`` weights each box by e^{beta_r (w - w_mn)/2} (normalized): then
gamma(-w) = e^{-beta_r w} gamma(w) holds exactly (the plain box violates it by up to e^{beta_r width/2}), D_r has
the Gibbs state at beta_r as a fixed point and Spohn's inequality holds reservoir by reservoir.
Generator (secular Bloch-Redfield / Davies form; Breuer & Petruccione eqs. (3.140)-(3.142)):

    d rho/dt = -i [H_s + H_LS, rho] + sum_r D_r(rho),
    D_r(rho) = sum_w sum_ab gamma^r_ab(w) (A_b(w) rho A_a(w)^dagger - {A_a(w)^dagger A_b(w), rho}/2),
    H_LS = sum_r sum_w sum_ab S^r_ab(w) A_a(w)^dagger A_b(w)      (only with ``lamb_shift=True``),

A_a(w) = sum_{e' - e = w} P(e) A_a P(e') (system eigenprojectors); H_LS commutes with H_s. Each gamma^r(w) is
positive semidefinite (a Gram matrix with non-negative weights); with gamma = sum_k g_k u_k u_k^dagger, D_r is
the sum of single-jump dissipators of L_k(w) = sqrt(g_k) sum_b conj(u_bk) A_b(w), and the generator is
`noneq.quantum.lindblad_generator` of H_s + H_LS and these jumps (row-major vec, `noneq.quantum.vec`). Its
stationary state: ``noneq.quantum.steady_state(qme_generator(model))``. For the spin-GORM model this is eq. (30)
(the Lamb shift renormalizes D to D + S(D) - S(-D) and leaves <sz> unchanged).
Thermodynamics (heat into the system counted positive, like the paper's Q_r): J_r = Tr[H_s D_r(rho)], and
Spohn's rates sigma_r = -Tr[D_r(rho)(ln rho - ln rho_r^eq)] >= 0 with sum_r sigma_r = dS/dt - sum_r beta_r J_r
(the second law; at a steady state between two temperatures the heat flows from hot to cold).

Result types: `qme_parts` returns a `QmeParts` (the effective Hamiltonian and each reservoir's jumps, with the
dissipators and the generator as properties), `qme_evolution` a labelled Dataset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.linalg
import xarray as xr

from noneq.core import validation
from noneq.core.errors import NoneqInputError, NumericalError
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.quantum import apply_superoperator, dissipator, lindblad_generator, von_neumann_entropy
from noneq.reservoir.model import (MAX_DIMENSION, SYSTEM_NAME, OpenSystem, Reservoir, check_instance, check_times,
                                   invalid)
from noneq.reservoir.redfield import DEFAULT_WIDTH, box_hilbert

BOHR_DEGENERACY = 1e-9  # Bohr frequencies closer than this (energy units) are one secular frequency
COUPLING_TOLERANCE = 1e-10  # V - sum_r V_r above this: V couples reservoirs jointly (not supported per reservoir)
RATE_TOLERANCE = 1e-10  # eigenvalues of gamma(w) down to -this x the largest are rounding of a PSD matrix: dropped
LOG_FLOOR = 1e-300  # eigenvalues of rho floored before the logarithm (a pure state has an infinite rate)
SUPEROPERATOR_COPIES = 12  # (d_s^2, d_s^2) complex matrices alive at once: the operator basis (d_s^2 matrices of
# d_s^2 entries), the generator, each reservoir's dissipator, the matrix exponential's workspace


def qme_memory(d_s: int, reservoirs: int = 1, n_times: int = 0) -> float:
    """Peak bytes of the QME of a d_s-level system: SUPEROPERATOR_COPIES + reservoirs superoperators and the
    states at n_times times (complex).

    >>> qme_memory(2) / 2 ** 10
    3.25
    """
    return 16.0 * (d_s ** 4 * (SUPEROPERATOR_COPIES + reservoirs) + 4 * n_times * d_s * d_s)


def _check_qme(model, n_times: int = 0) -> OpenSystem:
    model = check_instance("model", model, OpenSystem)
    d_s = model.dims[0]
    check_memory(qme_memory(d_s, len(model.reservoirs), n_times), f"the QME of a {d_s}-level system"
                 + (f" at {n_times} times" if n_times else ""), "reduce the system dimension or the number of times")
    return model


def _states(states, d: int) -> np.ndarray:
    """A stack (n, d, d) of system states (a single (d, d) state is a stack of one)."""
    try:
        array = np.asarray(states, dtype=complex)
    except (TypeError, ValueError):
        array = None
    if array is not None and array.ndim == 2:
        array = array[None]
    if array is None or array.ndim != 3 or array.shape[1:] != (d, d) or not np.all(np.isfinite(array)):
        raise invalid("states", states, f"a stack of finite ({d}, {d}) density matrices, shape (n, {d}, {d})")
    return array


def _dissipators(dissipators, model: OpenSystem) -> list[np.ndarray]:
    d2 = model.dims[0] ** 2
    out = list(dissipators) if isinstance(dissipators, (list, tuple)) else None
    if out is None or len(out) != len(model.reservoirs) or \
            any(np.shape(D) != (d2, d2) for D in out):
        raise invalid("dissipators", dissipators, f"one ({d2}, {d2}) superoperator per reservoir "
                      f"({len(model.reservoirs)}), e.g. qme_parts(model).dissipators")
    return [np.asarray(D) for D in out]


def hermitian_basis(d: int) -> list[np.ndarray]:
    """Trace-orthonormal Hermitian basis of d x d matrices (generalized Gell-Mann, with 1/sqrt(d)).

    >>> basis = hermitian_basis(2)
    >>> len(basis), bool(np.allclose([[np.trace(a @ b) for b in basis] for a in basis], np.eye(4)))
    (4, True)
    """
    d = validation.integer("d", d, minimum=1, maximum=MAX_DIMENSION)
    check_memory(16.0 * d ** 4, f"a Hermitian basis of {d} x {d} matrices", "reduce d")
    out = []
    for j in range(d):
        for k in range(d):
            m = np.zeros((d, d), dtype=complex)
            if j == k:
                continue
            if j < k:
                m[j, k] = m[k, j] = 1 / np.sqrt(2)
            else:
                m[j, k], m[k, j] = 1j / np.sqrt(2), -1j / np.sqrt(2)
            out.append(m)
    for j in range(d):
        m = np.zeros((d, d), dtype=complex)
        m[j, j] = 1.0
        out.append(m)  # diagonal units are orthonormal too
    return out


def _decompose(model: OpenSystem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    d_s = model.dims[0]
    d_b = model.dim // d_s
    V4 = model.V.reshape(d_s, d_b, d_s, d_b)
    A, B = [], []
    for op in hermitian_basis(d_s):
        b = np.einsum("ij,jmin->mn", op, V4)  # Tr_s[(op (x) 1) V]
        if np.max(np.abs(b)) > 0:
            A.append(op)
            B.append(b)
    return A, B


def _reservoir_couplings(model: OpenSystem) -> list[list[np.ndarray]]:
    """B_a^r of V = sum_r sum_a A_a (x) B_a^r (B_a^r on reservoir r alone), for each reservoir r; the A_a are
    those of `_decompose`. One reservoir: B_a^1 = B_a. Several: V must be a sum of system-reservoir terms."""
    A, B = _decompose(model)
    dims_r = model.dims[1:]
    if len(dims_r) == 1:
        return [B]
    out: list[list[np.ndarray]] = [[] for _ in dims_r]
    for a, b in zip(A, B):
        joint = b.reshape(dims_r + dims_r)
        n = len(dims_r)
        constant = np.trace(b) / b.shape[0]
        rebuilt = constant * np.eye(b.shape[0])
        for r, d in enumerate(dims_r):
            others = [k for k in range(n) if k != r]
            part = joint
            for k in sorted(others, reverse=True):       # trace out the other reservoirs
                part = np.trace(part, axis1=k, axis2=k + part.ndim // 2)
            part = part / (b.shape[0] // d) - constant * np.eye(d)
            out[r].append(part)
            embedded = np.ones((1, 1))
            for k, dk in enumerate(dims_r):
                embedded = np.kron(embedded, part if k == r else np.eye(dk))
            rebuilt = rebuilt + embedded
        if abs(constant) > COUPLING_TOLERANCE or np.max(np.abs(rebuilt - b)) > COUPLING_TOLERANCE:
            raise NoneqInputError("V is not a sum of system-reservoir couplings sum_r V_r (V_r on the system and "
                                  "reservoir r only, with no pure system part A (x) 1, which belongs in H_s): the "
                                  "per-reservoir QME needs that form")
    return out


def _bath(reservoir: Reservoir, B: list[np.ndarray]):
    """Energies E_m, populations p_m and the B_a in the eigenbasis of H_r (rho_r^eq is diagonal there)."""
    E, U = np.linalg.eigh(reservoir.H)
    p = np.einsum("ma,mn,na->a", U.conj(), reservoir.equilibrium_state, U).real
    return E, p, [U.conj().T @ b @ U for b in B]


def _spectral(bath, omega: float, width: float, beta: float | None) -> np.ndarray:
    """gamma_ab(omega): box-smoothed delta peaks; with ``beta`` the box is weighted by e^{beta (w - w_mn)/2}
    (normalized), which keeps detailed balance gamma(-w) = e^{-beta w} gamma(w) exact."""
    E, p, Bq = bath
    offset = omega - (E[None, :] - E[:, None])  # [m, n]: w - (E_n - E_m)
    box = (np.abs(offset) < width / 2) / width
    if beta is not None and beta > 0:
        x = beta * width / 4
        box = box * np.exp(0.5 * beta * offset) * (x / math.sinh(x))
    weights = p[:, None] * box
    return 2 * np.pi * np.array([[np.sum(weights * ba * bb.T) for bb in Bq] for ba in Bq])


def _principal(bath, omega: float, width: float) -> np.ndarray:
    """S_ab(omega) = sum_mn p_m (B_a)_mn (B_b)_nm P 1/(omega - (E_n - E_m)), the delta peaks box-smoothed as in
    `_spectral` (Hilbert transform of the box, `noneq.reservoir.redfield.box_hilbert`)."""
    E, p, Bq = bath
    weights = p[:, None] * box_hilbert(omega - (E[None, :] - E[:, None]), width)
    return np.array([[np.sum(weights * ba * bb.T) for bb in Bq] for ba in Bq])


def spectral_matrix(model: OpenSystem, omega: float, width: float = DEFAULT_WIDTH, reservoir: int = 0) -> np.ndarray:
    """gamma_ab(omega) of reservoir ``reservoir`` (module docstring), box-smoothed; shape (n_ops, n_ops).

    For the spin-GORM model (one operator, A = sigma_x / sqrt(2), B = sqrt(2) lambda R) it is
    2 pi (2 lambda^2) alpha~(omega), the finite reservoir's alpha~ averaged over the box:

    >>> from noneq.reservoir.model import SpinGorm
    >>> from noneq.reservoir.redfield import alpha_tilde_finite
    >>> model = SpinGorm(N=60, seed=1)
    >>> g = spectral_matrix(model.open_system(), 0.1)
    >>> alpha = alpha_tilde_finite(model, [0.075, 0.125])[0]
    >>> g.shape, bool(np.isclose(g[0, 0].real, 4 * np.pi * model.coupling ** 2 * alpha))
    ((1, 1), True)
    """
    model = _check_qme(model)
    width = validation.real("width", width, minimum=0.0, exclusive_minimum=True)
    omega = validation.real("omega", omega)
    reservoir = validation.integer("reservoir", reservoir, minimum=0, maximum=len(model.reservoirs) - 1)
    B = _reservoir_couplings(model)[reservoir]
    return _spectral(_bath(model.reservoirs[reservoir], B), omega, width, None)


def _jumps(rates: np.ndarray, operators: list[np.ndarray]) -> list[np.ndarray]:
    """Jump operators L_k = sqrt(g_k) sum_b conj(u_bk) A_b of the PSD rate matrix gamma = sum_k g_k u_k u_k^dagger
    (module docstring); rounding-level negative eigenvalues are dropped, larger ones are an error."""
    if not operators:
        return []
    g, u = np.linalg.eigh(0.5 * (rates + rates.conj().T))
    scale = max(float(np.max(np.abs(g))), 0.0)
    if scale == 0.0:
        return []
    if g[0] < -RATE_TOLERANCE * scale:
        raise NumericalError(f"the bath rate matrix gamma(w) has a negative eigenvalue {g[0]:.3g} (largest "
                             f"{scale:.3g}): not a valid secular dissipator")
    jumps = [math.sqrt(gk) * np.tensordot(u[:, k].conj(), np.array(operators), axes=1)
             for k, gk in enumerate(g) if gk > RATE_TOLERANCE * scale]
    return [L for L in jumps if np.any(L)]  # no transition at this frequency: no jump


@dataclass(frozen=True, eq=False)
class QmeParts:
    """The secular QME of an `OpenSystem` (module docstring).

    Attributes
    ----------
    hamiltonian: H_s + H_LS (d_s, d_s), in the original basis. jumps: for each reservoir, its jump operators
    L_k(w) (d_s, d_s), rates folded in. dissipators: each reservoir's D_r, a (d_s^2, d_s^2) superoperator on
    row-major vec(rho). generator: the whole Lindblad generator L (d_s^2, d_s^2).
    """

    hamiltonian: np.ndarray
    jumps: tuple[tuple[np.ndarray, ...], ...]

    @cached_property
    def dissipators(self) -> tuple[np.ndarray, ...]:
        d = self.hamiltonian.shape[0]
        return tuple(sum((dissipator(L) for L in jumps), np.zeros((d * d, d * d), dtype=complex))
                     for jumps in self.jumps)

    @cached_property
    def generator(self) -> np.ndarray:
        return lindblad_generator(self.hamiltonian, [L for jumps in self.jumps for L in jumps])


def qme_parts(model: OpenSystem, width: float = DEFAULT_WIDTH, *, lamb_shift: bool = False,
              detailed_balance: bool = False) -> QmeParts:
    """The effective Hamiltonian and each reservoir's jump operators of the secular QME (module docstring).

    ``width``: the energy window that smooths each finite reservoir's delta peaks; ``lamb_shift``: add H_LS;
    ``detailed_balance``: weight the box so that each D_r has its Gibbs state as a fixed point.

    >>> from noneq.reservoir.model import SpinGorm
    >>> parts = qme_parts(SpinGorm(N=60, seed=1).open_system())
    >>> len(parts.jumps[0]), parts.generator.shape      # absorption and emission of the quantum Delta
    (2, (4, 4))
    """
    model = _check_qme(model)
    width = validation.real("width", width, minimum=0.0, exclusive_minimum=True)
    lamb_shift = validation.boolean("lamb_shift", lamb_shift)
    detailed_balance = validation.boolean("detailed_balance", detailed_balance)
    d = model.dims[0]
    e, W = np.linalg.eigh(model.H_s)
    A, _ = _decompose(model)
    A_eig = [W.conj().T @ a @ W for a in A]
    bohr = e[None, :] - e[:, None]  # w_jk = e_k - e_j: A_jk lowers the energy by w (bath absorbs w)
    frequencies = np.unique(np.round(bohr / BOHR_DEGENERACY) * BOHR_DEGENERACY)
    H_ls = np.zeros((d, d), dtype=complex)
    jumps = []
    for reservoir, B in zip(model.reservoirs, _reservoir_couplings(model)):
        bath = _bath(reservoir, B)
        reservoir_jumps = []
        for w in frequencies:
            mask = np.abs(bohr - w) < BOHR_DEGENERACY
            Aw = [a * mask for a in A_eig]
            g = _spectral(bath, float(w), width, reservoir.beta if detailed_balance else None)
            if lamb_shift:
                S = _principal(bath, float(w), width)
                for i, ai in enumerate(Aw):
                    for j, aj in enumerate(Aw):
                        H_ls += S[i, j] * (ai.conj().T @ aj)
            reservoir_jumps += [W @ L @ W.conj().T for L in _jumps(g, Aw)]  # back to the original basis
        jumps.append(tuple(reservoir_jumps))
    H_ls = 0.5 * (H_ls + H_ls.conj().T)
    return QmeParts(model.H_s + W @ H_ls @ W.conj().T, tuple(jumps))


def qme_generator(model: OpenSystem, width: float = DEFAULT_WIDTH, *, lamb_shift: bool = False,
                  detailed_balance: bool = False) -> np.ndarray:
    """The QME's Lindblad generator L (d_s^2, d_s^2) on row-major vec(rho) (`qme_parts`).

    >>> from noneq.quantum import steady_state
    >>> from noneq.reservoir.model import SpinGorm
    >>> rho = steady_state(qme_generator(SpinGorm(N=60, seed=1).open_system()))
    >>> bool(rho[1, 1].real > rho[0, 0].real)          # more weight in the lower state
    True
    """
    return qme_parts(model, width, lamb_shift=lamb_shift, detailed_balance=detailed_balance).generator


def heat_currents(model: OpenSystem, dissipators, states: np.ndarray) -> np.ndarray:
    """J_r = Tr[H_s D_r(rho)] for each state (n, d, d): energy per time from reservoir r INTO the system
    (the rate of the paper's Q_r, eq. (9)); shape (n, n_reservoirs).

    >>> from noneq.reservoir.model import SpinGorm
    >>> system = SpinGorm(N=60, seed=1).open_system()
    >>> J = heat_currents(system, qme_parts(system).dissipators, system.rho_s0[None])
    >>> bool(J[0, 0] > 0)                              # the spin in |down> absorbs energy
    True
    """
    model = _check_qme(model)
    states = _states(states, model.dims[0])
    return np.stack([np.einsum("ij,tji->t", model.H_s, apply_superoperator(D, states)).real
                     for D in _dissipators(dissipators, model)], axis=1)


def entropy_production_rates(model: OpenSystem, dissipators, states: np.ndarray) -> np.ndarray:
    """Spohn's rates sigma_r = -Tr[D_r(rho) (ln rho - ln rho_r^eq)], rho_r^eq = e^{-beta_r H_s}/Z: each >= 0 when
    D_r has rho_r^eq as a fixed point (``detailed_balance=True``), and sum_r sigma_r = dS/dt - sum_r beta_r J_r
    (the QME second law). Shape (n, n_reservoirs); ln rho with eigenvalues floored at LOG_FLOOR.

    >>> from noneq.reservoir.model import SpinGorm
    >>> system = SpinGorm(N=60, seed=1).open_system()
    >>> parts = qme_parts(system, detailed_balance=True)
    >>> bool(entropy_production_rates(system, parts.dissipators, np.eye(2)[None] / 2)[0, 0] >= 0)
    True
    """
    model = _check_qme(model)
    d = model.dims[0]
    states = _states(states, d)
    dissipators = _dissipators(dissipators, model)
    p, U = np.linalg.eigh(states)
    log_rho = np.einsum("tij,tj,tkj->tik", U, np.log(np.maximum(p, LOG_FLOOR)), U.conj())
    out = []
    for reservoir, D in zip(model.reservoirs, dissipators):
        log_z = np.log(np.trace(scipy.linalg.expm(-reservoir.beta * model.H_s)).real)
        log_eq = -reservoir.beta * model.H_s - log_z * np.eye(d)
        change = apply_superoperator(D, states)
        out.append(-np.einsum("tij,tji->t", change, log_rho - log_eq[None]).real)
    return np.stack(out, axis=1)


def qme_evolution(model: OpenSystem, times, *, width: float = DEFAULT_WIDTH, lamb_shift: bool = False,
                  detailed_balance: bool = False) -> xr.Dataset:
    """rho_s(t) from the QME (exact exponential of the generator), S(t), the heat currents J_r(t), Spohn's
    entropy production rate and, for one temperature, Delta_i S_bar (eq. (25) on the QME state) at ``times``
    (dims ``time``, ``reservoir``).

    >>> from noneq.reservoir.model import SpinGorm
    >>> ds = qme_evolution(SpinGorm(N=60).open_system(), [0.0, 100.0])
    >>> ds.rho_s.shape, bool(ds.entropy_production_bar[-1] > 0)
    ((2, 2, 2), True)
    """
    model = check_instance("model", model, OpenSystem)
    t = check_times(times, from_zero=True, scale=model.energy_scale())
    model = _check_qme(model, t.size)
    d = model.dims[0]
    parts = qme_parts(model, width, lamb_shift=lamb_shift, detailed_balance=detailed_balance)
    L = parts.generator
    vec0 = model.rho_s0.astype(complex).ravel()
    states = np.empty((t.size, d, d), dtype=complex)
    steps: dict[float, np.ndarray] = {}  # equally spaced times: one matrix exponential for all steps
    vec, previous = vec0, 0.0
    for k, tk in enumerate(t):
        dt = float(tk - previous)
        if dt not in steps:
            steps[dt] = scipy.linalg.expm(L * dt)
        vec = steps[dt] @ vec
        states[k] = vec.reshape(d, d)
        previous = tk
    states = 0.5 * (states + np.conj(np.swapaxes(states, 1, 2)))
    S = von_neumann_entropy(states, base="e")
    ds = xr.Dataset(coords={"time": labelled(t, "time", "1/energy", "time t (hbar = 1)"),
                            "reservoir": np.arange(len(model.reservoirs))})
    ds["rho_s"] = labelled(states, ("time", "row", "col"), "1", "QME reduced state")
    ds["system_entropy"] = labelled(S, "time", "nat", "S(t) of the QME state")
    ds["heat_current"] = labelled(heat_currents(model, parts.dissipators, states), ("time", "reservoir"),
                                  "energy", "J_r = Tr H_s D_r(rho): energy per time from reservoir r into the system")
    rates = entropy_production_rates(model, parts.dissipators, states)
    ds["entropy_production_rate"] = labelled(rates.sum(axis=1), "time", "nat",
                                             "Spohn rate dS/dt - sum_r beta_r J_r = sum_r sigma_r")
    ds["entropy_production_rate_reservoir"] = labelled(rates, ("time", "reservoir"), "nat",
                                                       "sigma_r = -Tr D_r(rho)(ln rho - ln rho_r^eq)")
    betas = {r.beta for r in model.reservoirs}
    if len(betas) == 1:
        beta = betas.pop()
        e_s = np.einsum("ij,tji->t", model.H_s, states).real
        ds["entropy_production_bar"] = labelled(S - S[0] - beta * (e_s - e_s[0]), "time", "nat",
                                                "QME Delta_i S_bar, eq. (25)")
    ds.attrs = provenance(SYSTEM_NAME, {"dims": list(model.dims), "width": width, "lamb_shift": lamb_shift,
                                        "detailed_balance": detailed_balance}, model="qme")
    return ds
