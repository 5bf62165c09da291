"""Every thermodynamic quantity of the paper as a function of time, from the exact dynamics (hbar = k_B = 1).

Entropies in nats. Heat Q_r is the energy that LEAVES reservoir r (eq. (9)): Q_r(t) = <H_r>_0 - <H_r>_t, so
Q_r > 0 means reservoir r gave energy to the system. Equation numbers: Esposito, Lindenberg & Van den Broeck 2010.

    S(t) = -Tr rho_s ln rho_s (4),    Delta S = S(t) - S(0),    Delta_e S = sum_r beta_r Q_r (8),
    Delta_i S = Delta S - Delta_e S = D[rho(t) || rho_s(t) (x) prod_r rho_r^eq]  (7), (10),
    W = <H(t)>_t - <H(0)>_0 (19),   Delta U = <H_s(t) + V(t)>_t - <H_s(0) + V(0)>_0 (21) = W + Q (22),
    Delta F = Delta U - T Delta S (23),   T Delta_i S = W - Delta F (24) (single reservoir),
    Delta_i S_bar = Delta S - beta (<H_s>_t - <H_s>_0) (25), (26) (one temperature, constant H_s),
    Delta_i S = Delta_i S_bar - beta (<V>_t - <V>_0) (27).

Cost. The default (``full=False``) needs only the reduced system state and the energies <H_s>, <V>, <H_r>: the
total entropy is conserved, so Delta_i S follows from S(t) and <H_r>_t; each costs O(d^2) per time after one
O(d^3) eigendecomposition (`noneq.reservoir.exact`). ``full=True`` also returns the quantities that need the
whole state: reservoir entropies S_r (13), correlation entropy S_c (12), D[rho_r(t) || rho_r^eq] (17), the total
entropy and eq. (10) evaluated directly as a relative entropy; it propagates rho(t) at O(d^3) per time and is
meant for small total dimensions (it is also the only path for driven protocols).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.quantum import partial_trace, relative_entropy
from noneq.reservoir.exact import check_times, diagonalize, evolve_states, expectation_series
from noneq.reservoir.model import OpenSystem

SYSTEM = "reservoir"


def entropy_nats(rho: np.ndarray) -> np.ndarray:
    """von Neumann entropy -Tr rho ln rho (nats) of a batch of density matrices (..., d, d)."""
    p = np.clip(np.linalg.eigvalsh(rho), 0.0, None)
    logs = np.log(np.where(p > 0, p, 1.0))
    return -np.sum(p * logs, axis=-1)


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
    return rho_s, e_s, e_v, e_r, [model.H_s] * t.size, [model.V] * t.size


def _full_series(model: OpenSystem, t: np.ndarray):
    states, active = evolve_states(model, t)
    dims = model.dims
    rho_s = partial_trace(states, dims, 0)
    H_s_t = [a[0] for a in active]
    V_t = [a[1] for a in active]
    e_s = np.array([np.trace(h @ r).real for h, r in zip(H_s_t, rho_s)])
    e_v = np.array([np.trace(v @ s).real for v, s in zip(V_t, states)])
    e_r = np.array([[np.trace(model.embed(r.H, k + 1) @ s).real for k, r in enumerate(model.reservoirs)]
                    for s in states])
    return rho_s, e_s, e_v, e_r, H_s_t, V_t, states


def exact_thermodynamics(model: OpenSystem, times, *, full: bool = False) -> xr.Dataset:
    """All quantities of the module docstring at ``times`` (dims ``time``, ``reservoir``) as a Dataset.

    >>> import numpy as np
    >>> from noneq.reservoir.model import OpenSystem, Reservoir
    >>> bath = Reservoir(np.diag(np.linspace(-0.5, 0.5, 4)), beta=2.0)
    >>> V = 0.1 * np.kron(np.array([[0, 1], [1, 0]]), np.ones((4, 4)))
    >>> ds = exact_thermodynamics(OpenSystem(np.diag([0.5, -0.5]), (bath,), V, np.diag([0.0, 1.0])), [0, 1, 2])
    >>> bool((ds.entropy_production >= -1e-12).all())
    True
    """
    t = check_times(times)
    if model.driven and not full:
        full = True  # the fast path assumes a constant Hamiltonian
    if full:
        rho_s, e_s, e_v, e_r, H_s_t, V_t, states = _full_series(model, t)
    else:
        rho_s, e_s, e_v, e_r, H_s_t, V_t = _fast_series(model, t)
    betas = np.array([r.beta for r in model.reservoirs])
    S = entropy_nats(rho_s)
    dS = S - S[0]
    Q = e_r[0] - e_r
    flow = Q @ betas
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
    ds["entropy_flow"] = labelled(flow, "time", "nat", "entropy flow sum_r beta_r Q_r, eq. (8)")
    ds["entropy_production"] = labelled(dS - flow, "time", "nat", "entropy production Delta_i S, eq. (10)")
    ds["work"] = labelled(e_total - e_total[0], "time", "energy", "work W = <H(t)>_t - <H(0)>_0, eq. (19)")
    dU = (e_s + e_v) - (e_s[0] + e_v[0])
    ds["internal_energy_change"] = labelled(dU, "time", "energy", "Delta U = <H_s + V>_t - <H_s + V>_0, (21)")
    if len(betas) == 1 and betas[0] > 0:
        ds["free_energy_change"] = labelled(dU - dS / betas[0], "time", "energy",
                                            "nonequilibrium free energy Delta F = Delta U - T Delta S, (23)")
    if np.all(betas == betas[0]) and not model.driven:
        ds["entropy_production_bar"] = labelled(dS - betas[0] * (e_s - e_s[0]), "time", "nat",
                                                "alternative entropy production Delta_i S_bar, eq. (25)")
    if full:
        _add_full(ds, model, states, rho_s, S, betas)
    ds.attrs = provenance(SYSTEM, {"dims": list(model.dims), "betas": betas.tolist(), "full": full},
                          model="general")
    return ds


def _add_full(ds: xr.Dataset, model: OpenSystem, states, rho_s, S, betas) -> None:
    dims = model.dims
    n_res = len(model.reservoirs)
    rho_r = [partial_trace(states, dims, k + 1) for k in range(n_res)]
    S_r = np.stack([entropy_nats(r) for r in rho_r], axis=1)
    S_tot = entropy_nats(states)
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
