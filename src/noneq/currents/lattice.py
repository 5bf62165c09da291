"""Exact lattice current statistics (SEP or independent walkers) from the closed two-point equations.

Exposes `bond_correlations` (any set of bonds) and `lattice_correlations` (the origin bond), both returning a
labelled `xarray.Dataset`, `response` (the free-walker response a_k(s)) and `lattice_memory` (the peak memory
of a solve, checked before it starts: memory and time grow as (2L)^2).

Section 4 of the paper, corrected (docs/papers/currents.md: d/dt on the left of eqs. (50), (54), (56); sums over
all sites). Sites j = -L+1..L, origin bond (0, 1), C_ij = <tau_i tau_j>_c (i != j), D_j = <tau_j Q>_c,
V = <Q^2>_c, all at time t:

    d rho_j / dt = (Delta rho)_j,                     Delta f_j = f_{j-1} + f_{j+1} - 2 f_j
    d C_ij / dt  = (Delta_i + Delta_j) C_ij  [+ 2 C_{i,i+1} - (rho_{i+1} - rho_i)^2 on |i - j| = 1, SEP only]
    d D_j / dt   = (Delta D)_j + A_j,     A_j = Cov(tau_j, tau_0 - tau_1) + (delta_{j,1} - delta_{j,0}) m
    d V / dt     = 2 (D_0 - D_1) + m,     m = <tau_0 + tau_1 - 2 tau_0 tau_1>  (SEP),  rho_0 + rho_1 (walkers)

(diagonal Cov(tau_j, tau_j) = rho_j (1 - rho_j) for SEP; for walkers started from Poisson occupations the
occupations stay independent Poisson, Cov = rho_j delta_ij). For t1 < t2 the lattice Green's function
g_jk(t) = e^{-2t} I_{j-k}(2t) propagates <tau_j(t) Q(t1)>_c (eqs. 57-59):

    <Q(t1) Q(t2)>_c = V(t1) + sum_k a_k(t2 - t1) D_k(t1),   a_k(s) = sum_{j >= 1} g_jk(s) - [k >= 1].

a_k(t) is also d<Q(t)>/d tau_k(0), giving the quenched covariance exactly (law of total covariance; E[Q | init] is
linear in the initial occupations): quenched = annealed - sum_k Var(tau_k(0)) a_k(t1) a_k(t2).

The same solve carries the pseudo entropy production of the relaxation, int sum_j 2 J_j^2 / a_j dt, with the
activity a_j = rho_j + rho_{j+1} - 2 (rho_j rho_{j+1} + C_{j,j+1}) (SEP) or rho_j + rho_{j+1} (walkers) and the exact
current J_j = (rho_a - rho_b) P(X_t = j) (`noneq.currents.entropy`, docs/papers/currents.md).

The lattice half-width L is checked before solving (`noneq.currents.model.check_half_width`) and after: the
correlations at the outermost sites must be negligible (NumericalError otherwise).

Examples
--------
>>> ds = lattice_correlations(CurrentsModel("sep", 0.5, 0.5), [1.0, 2.0])
>>> round(float(ds.covariance[0, 1]), 4)
0.1929
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy.integrate import solve_ivp
from scipy.special import ive

from noneq.core.errors import NumericalError
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.currents.entropy import entropy_production
from noneq.currents.model import CurrentsModel, check_bonds, check_half_width, check_model, check_times

ODE_RTOL = 1e-9  # relative tolerance of the ODE integrator (results needed to ~1e-6)
ODE_ATOL = 1e-12  # absolute tolerance (correlations are O(1e-3 .. 1))
BOUNDARY_TOLERANCE = 1e-8  # correlations at the outermost sites above this fraction of their maximum: too small
STATE_COPIES = 30  # copies of the (2L)^2 pair correlations alive at once in the RK45 solve (measured ~21)
MEMORY_BASE = 2 ** 21  # bytes: everything that does not grow with the lattice


def lattice_memory(half_width: int, n_times: int, n_bonds: int = 1) -> float:
    """Peak bytes of `bond_correlations` on the lattice of half-width L: the solver's copies of the (2L)^2 pair
    correlations, their values at each of the ``n_times`` times (twice) and the covariances.

    >>> lattice_memory(10 ** 6, 2) / 2 ** 40 > 900                     # L = 10^6: about a PiB
    True
    """
    sites = 2.0 * float(half_width)
    return MEMORY_BASE + 8.0 * (sites * sites * (STATE_COPIES + 2 * n_times) + 4 * (n_bonds * n_times) ** 2)


def response(half_width: int, s: float, bond: int = 0) -> np.ndarray:
    """a_k(s) = d<Q_bond(s)>/d tau_k(0) for sites k = -L+1..L: P(walker from k is right of the bond at s) for k
    left of it, minus P(it is left of it) for k right of it (free-walker Green's function, lattice heat kernel).

    >>> response(2, 1.0).round(3).tolist()  # sites -1, 0, 1, 2
    [0.13, 0.346, -0.346, -0.13]
    """
    from scipy.stats import skellam  # here, not at import: scipy.stats costs ~0.5 s of start-up

    k = np.arange(-half_width + 1, half_width + 1) - bond
    if s <= 0:
        return np.zeros(k.size)
    return np.where(k <= 0, skellam.sf(-k, s, s), -skellam.cdf(-k, s, s))


def _laplacian(f: np.ndarray, axis: int, ghost_low: float = 0.0, ghost_high: float = 0.0) -> np.ndarray:
    out = -2.0 * f
    sl = [slice(None)] * f.ndim
    lo, hi, mid_lo, mid_hi = list(sl), list(sl), list(sl), list(sl)
    lo[axis], hi[axis] = slice(1, None), slice(None, -1)
    out[tuple(lo)] += f[tuple(hi)]
    out[tuple(hi)] += f[tuple(lo)]
    mid_lo[axis], mid_hi[axis] = 0, -1
    out[tuple(mid_lo)] += ghost_low
    out[tuple(mid_hi)] += ghost_high
    return out


def _pseudo_rate(rho: np.ndarray, C: np.ndarray, sep: bool, bond_labels: np.ndarray, s: float, step: float) -> float:
    """sum over the window's bonds j of 2 P(X_s = j)^2 / a_j: the pseudo entropy production rate divided by
    delta^2 (`noneq.currents.entropy`), a_j = <tau_j (1 - tau_{j+1}) + tau_{j+1} (1 - tau_j)> (SEP) or
    rho_j + rho_{j+1} (walkers), floored at |J_j| (a_j >= |J_j| exactly; the floor only catches rounding)."""
    if step == 0.0:
        return 0.0
    current = ive(bond_labels, 2.0 * s)  # |J_j| / delta = P(X_s = j)
    activity = rho[:-1] + rho[1:]
    if sep:
        pairs = np.arange(rho.size - 1)
        activity = activity - 2.0 * (rho[:-1] * rho[1:] + C[pairs, pairs + 1])
    floor = np.maximum(activity, step * current)
    usable = (current > 0) & (floor > 0)
    return float(np.sum(np.divide(2.0 * current ** 2, floor, out=np.zeros_like(floor), where=usable)))


def bond_correlations(model: CurrentsModel, times, bonds=(0,), *, half_width: int | None = None) -> xr.Dataset:
    """Exact <Q_b(t_i)> and <Q_a(t_i) Q_b(t_j)>_c, annealed and quenched, for the bonds a, b in ``bonds``.

    Per bond the equations of the module docstring hold with (0, 1) -> (b, b + 1); for two bonds
    dV_ab/dt = D^a_b - D^a_{b+1} + D^b_a - D^b_{a+1} + delta_ab m_a (delta_ab: a and b are the same bond,
    also when listed twice), and for t_i < t_j
    <Q_a(t_i) Q_b(t_j)>_c = V_ab(t_i) + sum_k r^b_k(t_j - t_i) D^a_k(t_i), r^b_k(s) = a_{k-b}(s).

    Parameters
    ----------
    model : CurrentsModel
        Process and step densities.
    times : sequence of float
        Increasing observation times > 0.
    bonds : sequence of int
        Bonds b (joining sites b and b + 1; 0 is the origin bond); a bond may be listed twice.
    half_width : int, optional
        Lattice half-width L (sites -L+1..L); None: the smallest safe one.

    Returns
    -------
    xarray.Dataset
        ``mean`` (bond, time); ``covariance`` and ``covariance_quenched`` (bond, bond2, time, time2):
        <Q_bond(time) Q_bond2(time2)>_c; ``density`` (time, site); ``pair_correlation`` (time, site, site2):
        <tau_i tau_j>_c for i != j (0 on the diagonal); ``half_width``; ``entropy_production`` and
        ``pseudo_entropy_production`` (time) of the relaxation (`noneq.currents.entropy`; the latter integrated
        with the pair correlations of neighbours).

    Examples
    --------
    >>> ds = bond_correlations(CurrentsModel("independent", 0.8, 0.2), [1.0], (0, 3))
    >>> ds.covariance.dims, round(float(ds["mean"].isel(bond=1, time=0)), 4)  # far bond: the step is not felt
    (('bond', 'bond2', 'time', 'time2'), 0.0)
    """
    model = check_model(model)
    t = check_times(times)
    bonds = check_bonds(bonds)
    L = check_half_width(half_width, float(t[-1]), montecarlo=False, reach=int(np.max(np.abs(bonds))))
    check_memory(lattice_memory(L, t.size, bonds.size), f"the exact lattice solve with half_width = {L}",
                 "lower half_width (0 chooses the smallest safe one) or the times")
    N, nb = 2 * L, bonds.size
    origin = L - 1  # index of site 0
    sites = origin + bonds  # index of the left site of each bond
    sep = model.process == "sep"
    ra, rb = model.rho_a, model.rho_b
    rho0 = np.where(np.arange(N) <= origin, ra, rb)
    adjacent = np.arange(N - 1)
    same_bond = (bonds[:, None] == bonds[None, :]).astype(float)  # delta_ab of the docstring (by bond, not slot)
    sizes = np.cumsum([0, N, N * N, nb * N, nb * nb, 1])
    bond_labels = np.abs(adjacent - origin)  # |j| of the bond (j, j + 1) between indices j + origin, j + origin + 1
    step = abs(ra - rb)

    def rhs(s, y):
        rho, C = y[:N], y[sizes[1]:sizes[2]].reshape(N, N)
        D = y[sizes[2]:sizes[3]].reshape(nb, N)
        drho = _laplacian(rho, 0, ra, rb)
        if sep:
            dC = _laplacian(C, 0) + _laplacian(C, 1)
            source = 2.0 * C[adjacent, adjacent + 1] - np.diff(rho) ** 2
            dC[adjacent, adjacent + 1] += source
            dC[adjacent + 1, adjacent] += source
            np.fill_diagonal(dC, 0.0)  # the diagonal is rho (1 - rho), handled apart; C stores i != j only
            diag = rho * (1 - rho)
            m = rho[sites] + rho[sites + 1] - 2 * (rho[sites] * rho[sites + 1] + C[sites, sites + 1])
        else:
            dC = np.zeros((N, N))
            diag = rho
            m = rho[sites] + rho[sites + 1]
        A = (C[:, sites] - C[:, sites + 1]).T  # (nb, N): Cov(tau_j, tau_b - tau_b+1), off-diagonal part
        rows = np.arange(nb)
        A[rows, sites] += diag[sites] - m
        A[rows, sites + 1] += -diag[sites + 1] + m
        dD = _laplacian(D, 1) + A
        flux = D[:, sites] - D[:, sites + 1]  # flux[a, b] = D^a_b - D^a_{b+1}
        dV = flux + flux.T + same_bond * m[None, :]  # the jump term only where both entries are one bond
        dpseudo = _pseudo_rate(rho, C, sep, bond_labels, s, step)
        return np.concatenate([drho, dC.ravel(), dD.ravel(), dV.ravel(), [dpseudo]])

    y0 = np.concatenate([rho0, np.zeros(sizes[-1] - N)])
    sol = solve_ivp(rhs, (0.0, float(t[-1])), y0, t_eval=t, rtol=ODE_RTOL, atol=ODE_ATOL, method="RK45")
    if not sol.success:
        raise NumericalError(f"lattice ODE failed: {sol.message}")
    n = t.size
    V = sol.y[sizes[3]:sizes[4]].T.reshape(n, nb, nb)
    D = sol.y[sizes[2]:sizes[3]].T.reshape(n, nb, N)
    C_last = sol.y[sizes[1]:sizes[2], -1].reshape(N, N)
    scale = max(np.abs(D).max(), np.abs(C_last).max(), 1e-300)
    edge = max(np.abs(D[..., [0, -1]]).max(), np.abs(C_last[[0, -1], :]).max())
    if edge > BOUNDARY_TOLERANCE * scale:
        raise NumericalError(f"lattice half-width {L} too small: edge correlations {edge:.2e} of {scale:.2e}")
    density = sol.y[:N].T
    pairs = sol.y[sizes[1]:sizes[2]].T.reshape(n, N, N)  # C_ij(t), i != j (the diagonal is stored as 0)
    variance0 = model.occupation_variance(rho0)
    resp = np.array([[response(L, float(s), int(b)) for s in t] for b in bonds])  # (nb, n, N)
    mean = np.einsum("bik,k->bi", resp, rho0)
    cov = np.empty((nb, nb, n, n))
    quenched = np.empty((nb, nb, n, n))
    for a in range(nb):
        for b in range(nb):
            for i in range(n):
                for j in range(n):
                    if j == i:
                        value = V[i, a, b]
                    elif j > i:  # Q_a at the earlier time
                        value = V[i, a, b] + float(response(L, float(t[j] - t[i]), int(bonds[b])) @ D[i, a])
                    else:
                        value = V[j, a, b] + float(response(L, float(t[i] - t[j]), int(bonds[a])) @ D[j, b])
                    cov[a, b, i, j] = value
                    quenched[a, b, i, j] = value - float(np.sum(variance0 * resp[a, i] * resp[b, j]))
    labels = np.arange(-L + 1, L + 1)
    ds = xr.Dataset({
        "mean": labelled(mean, ("bond", "time"), "particles", "<Q_b(t)>, lattice exact"),
        "covariance": labelled(cov, ("bond", "bond2", "time", "time2"), "particles^2",
                               "<Q_bond(time) Q_bond2(time2)>_c, annealed, lattice exact"),
        "covariance_quenched": labelled(quenched, ("bond", "bond2", "time", "time2"), "particles^2",
                                        "<Q_bond(time) Q_bond2(time2)>_c, quenched, lattice exact"),
        "density": labelled(density, ("time", "site"), "particles / site", "<tau_j(t)>"),
        "pair_correlation": labelled(pairs, ("time", "site", "site2"), "particles^2",
                                     "<tau_i tau_j>_c(t), i != j (0 on the diagonal)"),
        "half_width": labelled(L, (), "sites", "lattice half-width L (sites -L+1..L)"),
        "entropy_production": labelled(entropy_production(model, t), "time", "nats",
                                       "Sigma(t): entropy production of the relaxation (walkers exact; SEP local "
                                       "equilibrium, an upper bound)"),
        "pseudo_entropy_production": labelled(step ** 2 * sol.y[-1], "time", "nats",
                                              "Sigma_ps(t) = int sum_j 2 J_j^2 / a_j dt <= Sigma(t)"),
    }, coords={"bond": bonds, "bond2": bonds, "time": t, "time2": t, "site": labels, "site2": labels})
    ds.attrs.update(provenance("currents", {"process": model.process, "rho_a": model.rho_a, "rho_b": model.rho_b,
                                            "times": t, "bonds": bonds, "half_width": L}))
    return ds


def lattice_correlations(model: CurrentsModel, times, *, half_width: int | None = None) -> xr.Dataset:
    """Exact <Q(t_i)> and <Q(t_i) Q(t_j)>_c (annealed and quenched) at the origin bond: `bond_correlations` with
    ``bonds = (0,)``, the bond dimensions dropped.

    Returns
    -------
    xarray.Dataset
        ``mean`` (time), ``covariance`` and ``covariance_quenched`` (time, time2), ``density`` (time, site),
        ``pair_correlation`` (time, site, site2), ``half_width``, ``entropy_production``,
        ``pseudo_entropy_production`` (time).

    Examples
    --------
    >>> ds = lattice_correlations(CurrentsModel("sep", 0.9, 0.2), [1.0, 2.0])
    >>> ds.covariance_quenched.dims, bool(ds.covariance_quenched[1, 1] < ds.covariance[1, 1])
    (('time', 'time2'), True)
    """
    ds = bond_correlations(model, times, (0,), half_width=half_width)
    return ds.isel(bond=0, bond2=0, drop=True)
