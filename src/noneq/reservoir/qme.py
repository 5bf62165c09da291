"""Weak-coupling quantum master equation for any `OpenSystem`, with the bath correlation functions computed from
the finite reservoirs themselves (hbar = k_B = 1).

Decomposition. With a Hermitian, trace-orthonormal operator basis {A_a} of the system (Tr A_a A_b = delta_ab),
V = sum_a A_a (x) B_a exactly, B_a = Tr_s[(A_a (x) 1) V] Hermitian on the reservoirs.
Bath. rho_B = prod_r rho_r^eq, H_B = sum_r H_r = sum_m E_m |m><m|; spectral matrix (reservoir absorbs w > 0)

    gamma_ab(w) = int dt e^{i w t} Tr[rho_B B_a(t) B_b] = 2 pi sum_mn p_m (B_a)_mn (B_b)_nm delta(w - (E_n - E_m)),

and a finite reservoir's delta peaks are smoothed by a box of width ``width`` (the same smoothing as
`noneq.reservoir.redfield.redfield_rates_finite`; for the spin-GORM model gamma(+-D) = 2 pi lambda^2 alpha~(+-D)).
Generator (secular Bloch-Redfield / Davies form, Lamb shift neglected; Breuer & Petruccione eq. (3.140)):

    d rho/dt = -i [H_s, rho] + sum_w sum_ab gamma_ab(w) (A_b(w) rho A_a(w)^dagger - {A_a(w)^dagger A_b(w), rho}/2),

A_a(w) = sum_{e' - e = w} P(e) A_a P(e') (system eigenprojectors). For the spin-GORM model this is eq. (30).
The steady state is Gibbs when the bath obeys detailed balance gamma(-w) = e^{-beta w} gamma(w) (one temperature).

Example
-------
>>> from noneq.reservoir.spin_gorm import SpinGorm
>>> ds = qme_evolution(SpinGorm(N=400).open_system(), [0.0, 100.0])
>>> ds.rho_s.shape
(2, 2, 2)
"""

from __future__ import annotations

import numpy as np
import scipy.linalg
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.reservoir.exact import check_times
from noneq.reservoir.model import OpenSystem
from noneq.reservoir.thermo import entropy_nats

BOHR_DEGENERACY = 1e-9  # Bohr frequencies closer than this (energy units) are one secular frequency


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


def _bath(model: OpenSystem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigen-energies, eigenvectors and populations of H_B = sum_r H_r in rho_B = prod rho_r^eq."""
    H_B, rho_B = np.ones((1, 1)), np.ones((1, 1))
    for k, r in enumerate(model.reservoirs):
        H_B = np.kron(H_B, np.eye(r.dim)) + np.kron(np.eye(H_B.shape[0]), r.H)
        rho_B = np.kron(rho_B, r.equilibrium_state)
    E, U = np.linalg.eigh(H_B)
    p = np.einsum("ma,mn,na->a", U.conj(), rho_B, U).real
    return E, U, p


def _bath_operators(model: OpenSystem):
    E, U, p = _bath(model)
    _, B = _decompose(model)
    return E, p, [U.conj().T @ b @ U for b in B]


def _spectral(bath, omega: float, width: float) -> np.ndarray:
    E, p, Bq = bath
    box = (np.abs(omega - (E[None, :] - E[:, None])) < width / 2) / width  # [m, n]: w = E_n - E_m
    weights = p[:, None] * box
    return 2 * np.pi * np.array([[np.sum(weights * ba * bb.T) for bb in Bq] for ba in Bq])


def spectral_matrix(model: OpenSystem, omega: float, width: float) -> np.ndarray:
    """gamma_ab(omega) of the module docstring, box-smoothed over ``width``; shape (n_ops, n_ops)."""
    return _spectral(_bath_operators(model), omega, width)


def qme_generator(model: OpenSystem, width: float = 0.05) -> np.ndarray:
    """Superoperator L (d_s^2, d_s^2) acting on row-major vec(rho) (module docstring)."""
    d = model.dims[0]
    e, W = np.linalg.eigh(model.H_s)
    A, _ = _decompose(model)
    bath = _bath_operators(model)
    A_eig = [W.conj().T @ a @ W for a in A]
    one = np.eye(d)
    L = -1j * (np.kron(np.diag(e), one) - np.kron(one, np.diag(e)))  # in the eigenbasis of H_s
    bohr = e[None, :] - e[:, None]  # w_jk = e_k - e_j: A_jk lowers the energy by w (bath absorbs w)
    frequencies = np.unique(np.round(bohr / BOHR_DEGENERACY) * BOHR_DEGENERACY)
    for w in frequencies:
        mask = np.abs(bohr - w) < BOHR_DEGENERACY
        Aw = [a * mask for a in A_eig]
        g = _spectral(bath, float(w), width)
        for i, ai in enumerate(Aw):
            for j, aj in enumerate(Aw):
                if g[i, j] == 0:
                    continue
                ad = ai.conj().T @ aj
                L += g[i, j] * (np.kron(aj, ai.conj()) - 0.5 * np.kron(ad, one) - 0.5 * np.kron(one, ad.T))
    T = np.kron(W, W.conj())  # back to the original basis: vec(W X W^dagger) = (W (x) W*) vec(X)
    return T @ L @ T.conj().T


def qme_evolution(model: OpenSystem, times, *, width: float = 0.05) -> xr.Dataset:
    """rho_s(t) from the QME (exact exponential of the generator), S(t) and, for one temperature,
    Delta_i S_bar (eq. (25) on the QME state) at ``times``."""
    t = check_times(times)
    d = model.dims[0]
    L = qme_generator(model, width)
    vec0 = model.rho_s0.astype(complex).ravel()
    states = np.array([(scipy.linalg.expm(L * tk) @ vec0).reshape(d, d) for tk in t])
    states = 0.5 * (states + np.conj(np.swapaxes(states, 1, 2)))
    S = entropy_nats(states)
    ds = xr.Dataset(coords={"time": labelled(t, "time", "1/energy", "time t (hbar = 1)")})
    ds["rho_s"] = labelled(states, ("time", "row", "col"), "1", "QME reduced state")
    ds["system_entropy"] = labelled(S, "time", "nat", "S(t) of the QME state")
    betas = {r.beta for r in model.reservoirs}
    if len(betas) == 1:
        beta = betas.pop()
        e_s = np.einsum("ij,tji->t", model.H_s, states).real
        ds["entropy_production_bar"] = labelled(S - S[0] - beta * (e_s - e_s[0]), "time", "nat",
                                                "QME Delta_i S_bar, eq. (25)")
    ds.attrs = provenance("reservoir", {"dims": list(model.dims), "width": width}, model="qme")
    return ds
