"""Weak-coupling quantum master equation for any `OpenSystem`, with the bath correlation functions computed from
the finite reservoirs themselves (hbar = k_B = 1).

Decomposition. With a Hermitian, trace-orthonormal operator basis {A_a} of the system (Tr A_a A_b = delta_ab),
V = sum_a A_a (x) B_a exactly, B_a = Tr_s[(A_a (x) 1) V] Hermitian on the reservoirs. With several reservoirs V
must be a sum of system-reservoir couplings, B_a = sum_r B_a^r (B_a^r on reservoir r alone, no pure system part):
each reservoir then has its own dissipator D_r (cross-reservoir correlations <B^r><B^r'> are products of first
moments, dropped; they vanish when Tr rho_r^eq B^r = 0).
Bath of reservoir r, H_r = sum_m E_m |m><m|, rho_r^eq = sum_m p_m |m><m|: (reservoir absorbs w > 0)

    Gamma_ab(w) = int_0^inf dt e^{i w t} Tr[rho_r B_a(t) B_b] = gamma_ab(w)/2 + i S_ab(w),
    gamma_ab(w) = 2 pi sum_mn p_m (B_a)_mn (B_b)_nm delta(w - (E_n - E_m)),
    S_ab(w)     = sum_mn p_m (B_a)_mn (B_b)_nm P 1/(w - (E_n - E_m)).

A finite reservoir's delta peaks are smoothed by a box of width ``width`` (the same smoothing as
`noneq.reservoir.redfield.redfield_rates_finite`; for the spin-GORM model gamma(+-D) = 2 pi lambda^2 alpha~(+-D));
its principal part by the Hilbert transform of that box (`noneq.reservoir.redfield.box_hilbert`).
``detailed_balance=True`` weights each box by e^{beta_r (w - w_mn)/2} (normalized): then
gamma(-w) = e^{-beta_r w} gamma(w) holds exactly (the plain box violates it by up to e^{beta_r width/2}), D_r has
the Gibbs state at beta_r as a fixed point and Spohn's inequality holds reservoir by reservoir.
Generator (secular Bloch-Redfield / Davies form; Breuer & Petruccione eqs. (3.140)-(3.142)):

    d rho/dt = -i [H_s + H_LS, rho] + sum_r D_r(rho),
    D_r(rho) = sum_w sum_ab gamma^r_ab(w) (A_b(w) rho A_a(w)^dagger - {A_a(w)^dagger A_b(w), rho}/2),
    H_LS = sum_r sum_w sum_ab S^r_ab(w) A_a(w)^dagger A_b(w)      (only with ``lamb_shift=True``),

A_a(w) = sum_{e' - e = w} P(e) A_a P(e') (system eigenprojectors); H_LS commutes with H_s. For the spin-GORM
model this is eq. (30) (the Lamb shift renormalizes D to D + S(D) - S(-D) and leaves <sz> unchanged).
Thermodynamics of the QME (heat into the system counted positive, like the paper's Q_r):
J_r = Tr[H_s D_r(rho)], and Spohn's rates sigma_r = -Tr[D_r(rho)(ln rho - ln rho_r^eq)] >= 0 with
sum_r sigma_r = dS/dt - sum_r beta_r J_r (the second law; at a steady state between two temperatures the heat
flows from hot to cold).

Example
-------
>>> from noneq.reservoir.spin_gorm import SpinGorm
>>> ds = qme_evolution(SpinGorm(N=400).open_system(), [0.0, 100.0])
>>> ds.rho_s.shape
(2, 2, 2)
"""

from __future__ import annotations

import math

import numpy as np
import scipy.linalg
import xarray as xr

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.core.results import labelled, provenance
from noneq.reservoir.exact import check_times
from noneq.reservoir.model import OpenSystem, Reservoir
from noneq.reservoir.redfield import box_hilbert
from noneq.reservoir.thermo import entropy_nats

BOHR_DEGENERACY = 1e-9  # Bohr frequencies closer than this (energy units) are one secular frequency
COUPLING_TOLERANCE = 1e-10  # V - sum_r V_r above this: V couples reservoirs jointly (not supported per reservoir)
NULL_TOLERANCE = 1e-10  # relative singular value of L counted as zero (stationary state)
LOG_FLOOR = 1e-300  # eigenvalues of rho floored before the logarithm (a pure state has an infinite rate)


def hermitian_basis(d: int) -> list[np.ndarray]:
    """Trace-orthonormal Hermitian basis of d x d matrices (generalized Gell-Mann, with 1/sqrt(d))."""
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


def spectral_matrix(model: OpenSystem, omega: float, width: float, reservoir: int = 0) -> np.ndarray:
    """gamma_ab(omega) of reservoir ``reservoir`` (module docstring), box-smoothed; shape (n_ops, n_ops)."""
    B = _reservoir_couplings(model)[reservoir]
    return _spectral(_bath(model.reservoirs[reservoir], B), omega, width, None)


def qme_parts(model: OpenSystem, width: float = 0.05, *, lamb_shift: bool = False,
              detailed_balance: bool = False) -> tuple[np.ndarray, list[np.ndarray]]:
    """(H_eff, [D_r]): the Hamiltonian H_s + H_LS (d_s, d_s) and each reservoir's dissipator, a superoperator
    (d_s^2, d_s^2) on row-major vec(rho), in the original basis (module docstring)."""
    d = model.dims[0]
    e, W = np.linalg.eigh(model.H_s)
    A, _ = _decompose(model)
    A_eig = [W.conj().T @ a @ W for a in A]
    one = np.eye(d)
    bohr = e[None, :] - e[:, None]  # w_jk = e_k - e_j: A_jk lowers the energy by w (bath absorbs w)
    frequencies = np.unique(np.round(bohr / BOHR_DEGENERACY) * BOHR_DEGENERACY)
    T = np.kron(W, W.conj())  # back to the original basis: vec(W X W^dagger) = (W (x) W*) vec(X)
    H_ls = np.zeros((d, d), dtype=complex)
    dissipators = []
    for reservoir, B in zip(model.reservoirs, _reservoir_couplings(model)):
        bath = _bath(reservoir, B)
        D = np.zeros((d * d, d * d), dtype=complex)
        for w in frequencies:
            mask = np.abs(bohr - w) < BOHR_DEGENERACY
            Aw = [a * mask for a in A_eig]
            g = _spectral(bath, float(w), width, reservoir.beta if detailed_balance else None)
            S = _principal(bath, float(w), width) if lamb_shift else None
            for i, ai in enumerate(Aw):
                for j, aj in enumerate(Aw):
                    ad = ai.conj().T @ aj
                    if S is not None:
                        H_ls += S[i, j] * ad
                    if g[i, j] == 0:
                        continue
                    D += g[i, j] * (np.kron(aj, ai.conj()) - 0.5 * np.kron(ad, one) - 0.5 * np.kron(one, ad.T))
        dissipators.append(T @ D @ T.conj().T)
    H_ls = 0.5 * (H_ls + H_ls.conj().T)
    return model.H_s + W @ H_ls @ W.conj().T, dissipators


def qme_generator(model: OpenSystem, width: float = 0.05, *, lamb_shift: bool = False,
                  detailed_balance: bool = False) -> np.ndarray:
    """Superoperator L (d_s^2, d_s^2) acting on row-major vec(rho) (module docstring)."""
    H, dissipators = qme_parts(model, width, lamb_shift=lamb_shift, detailed_balance=detailed_balance)
    one = np.eye(model.dims[0])
    return -1j * (np.kron(H, one) - np.kron(one, H.T)) + sum(dissipators)


def qme_steady_state(model: OpenSystem, width: float = 0.05, *, lamb_shift: bool = False,
                     detailed_balance: bool = False) -> np.ndarray:
    """The stationary state of the QME (null vector of L, unit trace), shape (d_s, d_s); NumericalError if the
    null space is not one-dimensional."""
    d = model.dims[0]
    L = qme_generator(model, width, lamb_shift=lamb_shift, detailed_balance=detailed_balance)
    singular = scipy.linalg.svdvals(L)
    if singular[-1] > NULL_TOLERANCE * singular[0] or (singular.size > 1 and
                                                         singular[-2] <= NULL_TOLERANCE * singular[0]):
        raise NumericalError(f"the QME generator has no unique stationary state (smallest singular values "
                             f"{singular[-2:]}): check that every reservoir couples to the system")
    vec = scipy.linalg.null_space(L, rcond=NULL_TOLERANCE)[:, 0]
    rho = vec.reshape(d, d)
    rho = rho / np.trace(rho)
    return 0.5 * (rho + rho.conj().T)


def heat_currents(model: OpenSystem, dissipators: list[np.ndarray], states: np.ndarray) -> np.ndarray:
    """J_r = Tr[H_s D_r(rho)] for each state (n, d, d): energy per time from reservoir r INTO the system
    (the rate of the paper's Q_r, eq. (9)); shape (n, n_reservoirs)."""
    d = model.dims[0]
    vecs = states.reshape(states.shape[0], d * d)
    return np.stack([np.einsum("ij,tji->t", model.H_s, (vecs @ D.T).reshape(-1, d, d)).real
                     for D in dissipators], axis=1)


def entropy_production_rates(model: OpenSystem, dissipators: list[np.ndarray], states: np.ndarray) -> np.ndarray:
    """Spohn's rates sigma_r = -Tr[D_r(rho) (ln rho - ln rho_r^eq)], rho_r^eq = e^{-beta_r H_s}/Z: each >= 0 when
    D_r has rho_r^eq as a fixed point (``detailed_balance=True``), and sum_r sigma_r = dS/dt - sum_r beta_r J_r
    (the QME second law). Shape (n, n_reservoirs); ln rho with eigenvalues floored at LOG_FLOOR."""
    d = model.dims[0]
    p, U = np.linalg.eigh(states)
    log_rho = np.einsum("tij,tj,tkj->tik", U, np.log(np.maximum(p, LOG_FLOOR)), U.conj())
    out = []
    for reservoir, D in zip(model.reservoirs, dissipators):
        log_z = np.log(np.trace(scipy.linalg.expm(-reservoir.beta * model.H_s)).real)
        log_eq = -reservoir.beta * model.H_s - log_z * np.eye(d)
        change = (states.reshape(-1, d * d) @ D.T).reshape(-1, d, d)
        out.append(-np.einsum("tij,tji->t", change, log_rho - log_eq[None]).real)
    return np.stack(out, axis=1)


def qme_evolution(model: OpenSystem, times, *, width: float = 0.05, lamb_shift: bool = False,
                  detailed_balance: bool = False) -> xr.Dataset:
    """rho_s(t) from the QME (exact exponential of the generator), S(t), the heat currents J_r(t), Spohn's
    entropy production rate and, for one temperature, Delta_i S_bar (eq. (25) on the QME state) at ``times``."""
    t = check_times(times)
    d = model.dims[0]
    H, dissipators = qme_parts(model, width, lamb_shift=lamb_shift, detailed_balance=detailed_balance)
    one = np.eye(d)
    L = -1j * (np.kron(H, one) - np.kron(one, H.T)) + sum(dissipators)
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
    S = entropy_nats(states)
    ds = xr.Dataset(coords={"time": labelled(t, "time", "1/energy", "time t (hbar = 1)"),
                            "reservoir": np.arange(len(model.reservoirs))})
    ds["rho_s"] = labelled(states, ("time", "row", "col"), "1", "QME reduced state")
    ds["system_entropy"] = labelled(S, "time", "nat", "S(t) of the QME state")
    ds["heat_current"] = labelled(heat_currents(model, dissipators, states), ("time", "reservoir"), "energy",
                                  "J_r = Tr H_s D_r(rho): energy per time from reservoir r into the system")
    rates = entropy_production_rates(model, dissipators, states)
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
    ds.attrs = provenance("reservoir", {"dims": list(model.dims), "width": width, "lamb_shift": lamb_shift,
                                        "detailed_balance": detailed_balance}, model="qme")
    return ds
