"""Exact unitary dynamics of an `OpenSystem` from one eigendecomposition, and every thermodynamic quantity of the
paper versus time (`exact_thermodynamics`, an xarray Dataset); hbar = k_B = 1, entropies in nats.

With H = W diag(E) W^dagger and M = W^dagger rho(0) W (the initial state in the eigenbasis),

    rho(t) = W (M o e^{-i (E_a - E_b) t}) W^dagger,
    <A>_t  = Tr A rho(t) = sum_ab G_ab e^{-i (E_a - E_b) t},      G_ab = (W^dagger A W)_ba M_ab.

After the O(d^3) set-up (one ``eigh``, one change of basis per observable), each expectation value costs O(d^2)
per time; all times at once are two real matrix products G @ cos(E t), G @ sin(E t) (`phase_series`). Full states
rho(t) (needed for reservoir entropies and correlations) cost O(d^3) per time (`propagate_states`). A
piecewise-constant protocol is propagated segment by segment, one eigendecomposition per segment
(`evolve_states`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.linalg
import xarray as xr

from noneq.core import validation
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.quantum import partial_trace, relative_entropy, von_neumann_entropy
from noneq.reservoir.model import SYSTEM_NAME, OpenSystem, check_hermitian, check_instance, check_times, invalid
from noneq.reservoir.observables import entropy_flow, entropy_production, entropy_production_bar, heat


PHASE_BLOCK_BYTES = 32 * 2 ** 20  # phase_series works on blocks of times whose cos/sin tables fit in this
DENSE_COPIES = 8  # complex d x d matrices alive at once in an eigendecomposition and a change of basis
COMPLEX = 16  # bytes per complex number


def dense_memory(d: int, n_times: int = 0, matrices: int = 0, states: int = 0) -> float:
    """Peak bytes of the dense general solver on a d-dimensional space: the eigendecomposition and change of
    basis (DENSE_COPIES matrices), ``matrices`` more d x d operators, ``states`` (n_times, d, d) stacks, and the
    phase tables of `phase_series`.

    >>> dense_memory(100) / 2 ** 20
    1.220703125
    """
    return COMPLEX * d * d * (DENSE_COPIES + matrices + states * n_times) + \
        6 * min(PHASE_BLOCK_BYTES, 8.0 * d * n_times)


@dataclass(frozen=True, eq=False)
class Eigensystem:
    """H = vectors diag(energies) vectors^dagger and the initial state ``rho0`` in that eigenbasis (M)."""

    energies: np.ndarray
    vectors: np.ndarray
    rho0: np.ndarray


def diagonalize(H: np.ndarray, rho0: np.ndarray) -> Eigensystem:
    """Eigendecomposition of the Hermitian ``H`` (d, d) and rho0 (d, d) in its eigenbasis (one O(d^3) step).

    >>> diagonalize(np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([1.0, 0.0])).energies
    array([-1.,  1.])
    """
    H = check_hermitian(H, "H")
    rho0 = check_hermitian(rho0, "rho0", H.shape[0])
    check_memory(dense_memory(H.shape[0]), f"diagonalizing a {H.shape[0]} x {H.shape[0]} Hamiltonian")
    energies, vectors = scipy.linalg.eigh(H, driver="evd", check_finite=False)
    M = vectors.conj().T @ rho0 @ vectors
    return Eigensystem(energies, vectors, 0.5 * (M + M.conj().T))


def phase_series(G: np.ndarray, energies: np.ndarray, times: np.ndarray) -> np.ndarray:
    """sum_ab G_ab exp(-i (E_a - E_b) t) for each t (complex, shape (n_t,)); O(d^2 n_t) via two real matmuls.

    With u_a = e^{-i E_a t} = c_a - i s_a: u^T G u* = sum(c (G c) + s (G s)) + i sum(c (G s) - s (G c)).

    Times are taken in blocks whose (d, block) tables fit in PHASE_BLOCK_BYTES (about six such tables are alive).

    >>> np.round(phase_series(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([0.0, np.pi]), np.array([0.5])), 12)
    array([0.+1.j])
    """
    if np.iscomplexobj(G):
        return phase_series(np.ascontiguousarray(G.real), energies, times) \
            + 1j * phase_series(np.ascontiguousarray(G.imag), energies, times)
    times = np.asarray(times, dtype=float)
    block = max(1, int(PHASE_BLOCK_BYTES // (8 * max(1, energies.size))))
    out = np.empty(times.size, dtype=complex)
    for start in range(0, times.size, block):
        phase = np.outer(energies, times[start:start + block])
        c, s = np.cos(phase), np.sin(phase)
        del phase
        Gc, Gs = G @ c, G @ s
        out[start:start + block] = np.einsum("at,at->t", c, Gc) + np.einsum("at,at->t", s, Gs) \
            + 1j * (np.einsum("at,at->t", c, Gs) - np.einsum("at,at->t", s, Gc))
    return out


def expectation_series(eig: Eigensystem, operators: Sequence[np.ndarray], times) -> np.ndarray:
    """<A_k>_t = Tr A_k rho(t) for each operator (d, d) and time; complex array (n_ops, n_t).

    >>> eig = diagonalize(np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([1.0, 0.0]))
    >>> np.round(expectation_series(eig, [np.diag([1.0, -1.0])], [0.0, np.pi / 4]).real, 12)
    array([[1., 0.]])
    """
    eig = check_instance("eig", eig, Eigensystem)
    t = check_times(times, scale=_spectral_radius(eig))
    W = eig.vectors
    d = W.shape[0]
    if isinstance(operators, np.ndarray) and operators.ndim == 2:
        raise invalid("operators", operators, f"a sequence of ({d}, {d}) matrices")
    operators = [_operator(f"operators[{k}]", A, d) for k, A in enumerate(operators)]
    check_memory(dense_memory(d, t.size) + COMPLEX * len(operators) * t.size, f"{len(operators)} expectation "
                 f"values at {t.size} times (d = {d})")
    out = np.empty((len(operators), t.size), dtype=complex)
    for k, A in enumerate(operators):
        G = (W.conj().T @ A @ W).T * eig.rho0
        out[k] = phase_series(G, eig.energies, t)
    return out


def _spectral_radius(eig: Eigensystem) -> float:
    return float(np.max(np.abs(eig.energies)))


def _operator(name: str, A, d: int) -> np.ndarray:
    """A numeric (d, d) matrix (not necessarily Hermitian)."""
    try:
        array = np.asarray(A.full() if hasattr(A, "full") else A)
        if array.dtype == object or not np.issubdtype(array.dtype, np.number):
            raise TypeError
    except (TypeError, ValueError):
        raise invalid(name, A, f"a numeric ({d}, {d}) matrix") from None
    if array.shape != (d, d) or not np.all(np.isfinite(array)):
        raise invalid(name, A, f"a finite numeric ({d}, {d}) matrix")
    return array


def propagate_states(eig: Eigensystem, times) -> np.ndarray:
    """Full states rho(t) = W (M o e^{-i(E_a - E_b)t}) W^dagger, shape (n_t, d, d); O(d^3) per time.

    >>> eig = diagonalize(np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([1.0, 0.0]))
    >>> np.round(np.diag(propagate_states(eig, [np.pi / 2])[0]).real, 12)     # full transfer at t = pi/2
    array([0., 1.])
    """
    eig = check_instance("eig", eig, Eigensystem)
    t = check_times(times, scale=_spectral_radius(eig))
    W, E = eig.vectors, eig.energies
    check_memory(dense_memory(W.shape[0], t.size, states=1), f"{t.size} states of dimension {W.shape[0]}",
                 "reduce the number of times")
    out = np.empty((t.size,) + W.shape, dtype=complex)
    for k, tk in enumerate(t):
        u = np.exp(-1j * E * tk)
        rho = (W * u) @ eig.rho0 @ (W * u).conj().T
        out[k] = 0.5 * (rho + rho.conj().T)
    return out


def evolve_states(model: OpenSystem, times) -> np.ndarray:
    """Exact rho(t) (n_t, d, d) under the model's piecewise-constant protocol (`OpenSystem.protocol_at` gives
    the Hamiltonian in force at each time).

    >>> from noneq.reservoir.model import SpinGorm
    >>> evolve_states(SpinGorm(N=3).open_system(), [0.0, 1.0]).shape
    (2, 6, 6)
    """
    model = check_instance("model", model, OpenSystem)
    t = check_times(times, scale=model.energy_scale())
    check_memory(dense_memory(model.dim, t.size, states=2), f"{t.size} states of dimension {model.dim}",
                 "reduce the number of times")
    rho = model.initial_state()
    states = np.empty((t.size, model.dim, model.dim), dtype=complex)
    for start, end, H_s, V in model.segments(float(t[-1])):
        eig = diagonalize(model.hamiltonian(H_s, V), rho)
        inside = np.flatnonzero((t >= start) & (t <= end))
        if inside.size:
            states[inside] = propagate_states(eig, t[inside] - start)
        if math.isfinite(end) and end > start:
            rho = propagate_states(eig, [end - start])[0]
    return states


def _system_basis(d_s: int) -> list[np.ndarray]:
    """Operators |j><i| so that <(|j><i|) (x) 1> = (rho_s)_ij, ordered (i, j) row-major."""
    out = []
    for i in range(d_s):
        for j in range(d_s):
            op = np.zeros((d_s, d_s))
            op[j, i] = 1.0
            out.append(op)
    return out


def _fast_series(model: OpenSystem, t: np.ndarray):
    """rho_s(t) (n_t, d_s, d_s), <H_s>, <V>, <H_r> (n_t, R) from O(d^2)-per-time expectation values."""
    eig = diagonalize(model.hamiltonian(), model.initial_state())
    d_s = model.dims[0]
    ops = [model.embed(op, 0) for op in _system_basis(d_s)]
    ops += [model.V] + [model.embed(r.H, k + 1) for k, r in enumerate(model.reservoirs)]
    values = expectation_series(eig, ops, t)
    rho_s = values[: d_s * d_s].T.reshape(t.size, d_s, d_s)
    rho_s = 0.5 * (rho_s + np.conj(np.swapaxes(rho_s, 1, 2)))
    e_s = np.einsum("ij,tji->t", model.H_s, rho_s).real
    e_v = values[d_s * d_s].real
    e_r = values[d_s * d_s + 1:].real.T
    return rho_s, e_s, e_v, e_r


def _full_series(model: OpenSystem, t: np.ndarray):
    states = evolve_states(model, t)
    rho_s = partial_trace(states, model.dims, 0)
    active = [model.protocol_at(float(tk)) for tk in t]
    e_s = np.array([np.trace(h @ r).real for (h, _), r in zip(active, rho_s)])
    e_v = np.array([np.trace(v @ s).real for (_, v), s in zip(active, states)])
    e_r = np.array([[np.trace(model.embed(r.H, k + 1) @ s).real for k, r in enumerate(model.reservoirs)]
                    for s in states])
    return rho_s, e_s, e_v, e_r, states


def exact_thermodynamics(model: OpenSystem, times, *, full: bool = False) -> xr.Dataset:
    """Every thermodynamic quantity of the paper at ``times`` from the exact dynamics, as a Dataset (dims
    ``time``, ``reservoir``; entropies in nats, heat out of each reservoir, `noneq.reservoir.observables`).

    Always: rho_s, S (4), Delta S, Q_r (9), <H_r>, <H_s>, <V>, Delta_e S (8), Delta_i S (10), W (19),
    Delta U (21) = W + Q (22); Delta F (23) for one reservoir at beta > 0, Delta_i S_bar (25) for one temperature
    and constant H_s. The default path needs only rho_s and the energies (O(d^2) per time after one
    eigendecomposition). ``full=True`` (forced for a driven protocol) propagates rho(t) at O(d^3) per time and
    adds the reservoir entropies S_r (13), the total entropy, the correlation entropy S_c (12),
    D[rho_r(t) || rho_r^eq] (17) and eq. (10) evaluated directly as a relative entropy.

    >>> from noneq.reservoir.model import Reservoir
    >>> bath = Reservoir(np.diag(np.linspace(-0.5, 0.5, 4)), beta=2.0)
    >>> V = 0.1 * np.kron(np.array([[0, 1], [1, 0]]), np.ones((4, 4)))
    >>> ds = exact_thermodynamics(OpenSystem(np.diag([0.5, -0.5]), (bath,), V, np.diag([0.0, 1.0])), [0, 1, 2])
    >>> bool((ds.entropy_production >= -1e-12).all())
    True
    """
    model = check_instance("model", model, OpenSystem)
    t = check_times(times, from_zero=True, scale=model.energy_scale())
    full = validation.boolean("full", full) or model.driven  # the fast path assumes a constant Hamiltonian
    operators = model.dims[0] ** 2 + 1 + len(model.reservoirs)
    check_memory(dense_memory(model.dim, t.size, states=3 if full else 0, matrices=0 if full else operators),
                 f"exact_thermodynamics of a {model.dim}-dimensional model at {t.size} times",
                 "reduce the number of times" + (" or use full=False" if full and not model.driven else ""))
    if full:
        rho_s, e_s, e_v, e_r, states = _full_series(model, t)
    else:
        rho_s, e_s, e_v, e_r = _fast_series(model, t)
    betas = np.array([r.beta for r in model.reservoirs])
    S = von_neumann_entropy(rho_s, base="e")
    dS = S - S[0]
    Q = heat(e_r)
    e_total = e_s + e_v + e_r.sum(axis=1)
    ds = xr.Dataset(coords={"time": labelled(t, "time", "1/energy", "time t (hbar = 1)"),
                            "reservoir": np.arange(len(betas))})
    ds["rho_s"] = labelled(rho_s, ("time", "row", "col"), "1", "reduced system state rho_s(t)")
    ds["system_entropy"] = labelled(S, "time", "nat", "system entropy S(t), eq. (4)")
    ds["entropy_change"] = labelled(dS, "time", "nat", "Delta S(t) = S(t) - S(0)")
    ds["heat"] = labelled(Q, ("time", "reservoir"), "energy", "heat out of reservoir r, Q_r = <H_r>_0 - <H_r>_t (9)")
    ds["reservoir_energy"] = labelled(e_r, ("time", "reservoir"), "energy", "<H_r>_t")
    ds["system_energy"] = labelled(e_s, "time", "energy", "<H_s(t)>_t")
    ds["interaction_energy"] = labelled(e_v, "time", "energy", "<V(t)>_t")
    ds["entropy_flow"] = labelled(entropy_flow(Q, betas), "time", "nat", "entropy flow sum_r beta_r Q_r, eq. (8)")
    ds["entropy_production"] = labelled(entropy_production(S, Q, betas), "time", "nat",
                                        "entropy production Delta_i S, eq. (10)")
    ds["work"] = labelled(e_total - e_total[0], "time", "energy", "work W = <H(t)>_t - <H(0)>_0, eq. (19)")
    dU = (e_s + e_v) - (e_s[0] + e_v[0])
    ds["internal_energy_change"] = labelled(dU, "time", "energy", "Delta U = <H_s + V>_t - <H_s + V>_0, (21)")
    if len(betas) == 1 and betas[0] > 0:
        ds["free_energy_change"] = labelled(dU - dS / betas[0], "time", "energy",
                                            "nonequilibrium free energy Delta F = Delta U - T Delta S, (23)")
    if np.all(betas == betas[0]) and not model.driven:
        ds["entropy_production_bar"] = labelled(entropy_production_bar(S, e_s, betas[0]), "time", "nat",
                                                "alternative entropy production Delta_i S_bar, eq. (25)")
    if full:
        _add_full(ds, model, states, rho_s, S)
    ds.attrs = provenance(SYSTEM_NAME, {"dims": list(model.dims), "betas": betas.tolist(),
                                        "full": full}, model="general")
    return ds


def _add_full(ds: xr.Dataset, model: OpenSystem, states, rho_s, S) -> None:
    dims = model.dims
    rho_r = [partial_trace(states, dims, k + 1) for k in range(len(model.reservoirs))]
    S_r = np.stack([von_neumann_entropy(r, base="e") for r in rho_r], axis=1)
    S_tot = von_neumann_entropy(states, base="e")
    S_c = S_tot - S - S_r.sum(axis=1)
    d_r = np.array([[relative_entropy(r[k], res.equilibrium_state, base=np.e) for res, r in
                     zip(model.reservoirs, rho_r)] for k in range(states.shape[0])])
    direct = []
    for k, rho in enumerate(states):
        ref = rho_s[k]
        for res in model.reservoirs:
            ref = np.kron(ref, res.equilibrium_state)
        direct.append(relative_entropy(rho, ref, base=np.e))
    ds["reservoir_entropy"] = labelled(S_r, ("time", "reservoir"), "nat", "reservoir entropy S_r(t), eq. (13)")
    ds["total_entropy"] = labelled(S_tot, "time", "nat", "total von Neumann entropy (conserved)")
    ds["correlation_entropy"] = labelled(S_c, "time", "nat", "correlation entropy S_c(t) <= 0, eq. (12)")
    ds["reservoir_relative_entropy"] = labelled(d_r, ("time", "reservoir"), "nat",
                                                "D[rho_r(t) || rho_r^eq], eq. (17)")
    ds["entropy_production_direct"] = labelled(np.array(direct), "time", "nat",
                                               "D[rho(t) || rho_s(t) (x) prod rho_r^eq], eq. (10) evaluated "
                                               "directly")
