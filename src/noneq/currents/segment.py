"""Exact master-equation statistics of SEP on a short segment (all 2^N configurations): the exact entropy production
of the relaxation, an independent check of `noneq.currents.entropy` and of the uncertainty relation of the
relaxation with the exact entropy production (docs/papers/currents.md).

Exposes `segment_statistics` (a labelled Dataset over time) and `hop_operators` (the generator split by bond and
direction, for perturbed dynamics).

Sites 0..N-1 with reflecting ends (N even); the measured bond joins sites N/2 - 1 and N/2 (the origin bond: site
N/2 - 1 plays site 0). Initial state: independent Bernoulli(rho_a) occupations on the left half, Bernoulli(rho_b)
on the right half. Each particle hops to an empty neighbour at rate 1. One ODE (RK45) carries:

    p            dp/dt = L p                                      (configuration probabilities)
    q1, q2       dq1/dt = L q1 + K1 p,  dq2/dt = L q2 + 2 K1 q1 + K2 p   (q_n(eta) = E[Q^n; eta_t = eta])
    z, w         dz/dt = L^T z, z(0) = c;  dw/dt = z              (w(eta) = E[Q(t) | eta_0 = eta])
    Sigma_ps     d Sigma_ps / dt = sum_j 2 J_j^2 / a_j             (J_j, a_j: exact mean current and activity)

K1 (K2) weights the jumps across the measured bond by +-1 (by 1), c(eta) = tau_m - tau_{m+1} the mean current
out of eta. Annealed Var(Q) = sum q2 - (sum q1)^2, quenched = annealed - Var_{eta ~ p_0}(w) (law of total
variance), the exact entropy production S(p_t) - S(p_0) (the rates are symmetric: no medium term), the
local-equilibrium one sum_j [h(rho_j(t)) - h(rho_j(0))] (h the binary entropy) and the pseudo one above.

Examples
--------
>>> ds = segment_statistics(6, 1.0, 0.0, [0.5, 1.0])
>>> bool((ds.pseudo_entropy_production <= ds.entropy_production).all()
...      and (ds.entropy_production <= ds.entropy_production_local).all())
True
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy import sparse
from scipy.integrate import solve_ivp
from scipy.special import xlogy

from noneq.core.errors import NumericalError, bad_value
from noneq.core.results import labelled, provenance
from noneq.core.validation import integer
from noneq.currents.model import check_densities, check_times

MAX_SITES = 14  # 2^14 configurations, five vectors of them in the ODE: ~3 MB, seconds
ODE_RTOL = 1e-10  # relative tolerance of the RK45 solve (the checks compare at ~1e-8)
ODE_ATOL = 1e-14  # absolute tolerance (probabilities of single configurations go down to ~1e-12)
MAX_TIME = 50.0  # the segment equilibrates on a time ~ N^2 / pi^2 <= 20; later times add nothing


def _bits(n_sites: int) -> np.ndarray:
    """occupation[eta, j] of every configuration eta (bit j of eta = site j)."""
    eta = np.arange(2 ** n_sites)
    return ((eta[:, None] >> np.arange(n_sites)[None, :]) & 1).astype(np.int64)


def hop_operators(n_sites: int) -> tuple[list[sparse.csr_matrix], list[sparse.csr_matrix]]:
    """Generator parts (right[j], left[j]) of the hops j -> j + 1 and j + 1 -> j across each bond j = 0..N-2
    (column convention dp/dt = L p, each with its diagonal loss term): L = sum_j right[j] + left[j].

    >>> right, left = hop_operators(2)
    >>> (right[0] + left[0]).toarray().sum(axis=0).tolist()  # columns of a generator sum to zero
    [0.0, 0.0, 0.0, 0.0]
    """
    n_sites = integer("n_sites", n_sites, minimum=2, maximum=MAX_SITES)
    occupation = _bits(n_sites)
    states = np.arange(2 ** n_sites)
    right, left = [], []
    for j in range(n_sites - 1):
        for source, target, out in ((j, j + 1, right), (j + 1, j, left)):
            movable = states[(occupation[:, source] == 1) & (occupation[:, target] == 0)]
            moved = movable ^ ((1 << source) | (1 << target))
            ones = np.ones(movable.size)
            gain = sparse.csr_matrix((ones, (moved, movable)), shape=(states.size, states.size))
            loss = sparse.csr_matrix((-ones, (movable, movable)), shape=(states.size, states.size))
            out.append((gain + loss).tocsr())
    return right, left


def _off_diagonal(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    return (matrix - sparse.diags(matrix.diagonal())).tocsr()


def _binary_entropy(rho: np.ndarray) -> np.ndarray:
    return -xlogy(rho, rho) - xlogy(1 - rho, 1 - rho)


def segment_statistics(n_sites: int, rho_a: float, rho_b: float, times) -> xr.Dataset:
    """Exact annealed and quenched <Q>, Var(Q) and the entropy productions of SEP on a segment (module docstring).

    Parameters
    ----------
    n_sites : int
        Even number of sites, 2..14.
    rho_a, rho_b : float
        Initial Bernoulli densities of the left and right halves.
    times : sequence of float
        Increasing times in (0, 50].

    Returns
    -------
    xarray.Dataset
        Over ``time``: ``mean``, ``variance``, ``variance_quenched``, ``current_rate`` (d<Q>/dt),
        ``entropy_production`` (exact), ``entropy_production_local``, ``pseudo_entropy_production``,
        ``relaxation_bound`` = (t d<Q>/dt / <Q>)^2.

    Examples
    --------
    >>> ds = segment_statistics(4, 0.8, 0.2, [1.0])
    >>> bool(ds.variance_quenched[0] < ds.variance[0])
    True
    """
    n_sites = integer("n_sites", n_sites, minimum=2, maximum=MAX_SITES)
    if n_sites % 2:
        raise bad_value("n_sites", n_sites, "an even number of sites (two halves)")
    rho_a, rho_b = check_densities(rho_a, rho_b, maximum=1.0)
    t = check_times(times)
    if t[-1] > MAX_TIME:
        raise bad_value("times", float(t[-1]), f"times up to {MAX_TIME:g} (the segment has equilibrated)")
    occupation = _bits(n_sites).astype(float)
    size = occupation.shape[0]
    middle = n_sites // 2 - 1
    right, left = hop_operators(n_sites)
    L = sum(right) + sum(left)
    LT = L.T.tocsr()
    K1 = _off_diagonal(right[middle]) - _off_diagonal(left[middle])
    K2 = _off_diagonal(right[middle]) + _off_diagonal(left[middle])
    forward = occupation[:, :-1] * (1 - occupation[:, 1:])  # tau_j (1 - tau_{j+1}), (state, bond)
    backward = occupation[:, 1:] * (1 - occupation[:, :-1])
    current_of, activity_of = (forward - backward).T, (forward + backward).T  # (bond, state)
    density0 = np.where(np.arange(n_sites) <= middle, rho_a, rho_b)
    p0 = np.prod(np.where(occupation == 1, density0, 1 - density0), axis=1)
    blocks = np.cumsum([0, size, size, size, size, size])

    def rhs(_, y):
        p, q1, q2, z = (y[blocks[i]:blocks[i + 1]] for i in range(4))
        J, a = current_of @ p, activity_of @ p
        usable = (np.abs(J) > 0) & (a > 0)
        rate = np.sum(np.divide(2 * J ** 2, np.maximum(a, np.abs(J)), out=np.zeros_like(J), where=usable))
        return np.concatenate([L @ p, L @ q1 + K1 @ p, L @ q2 + 2 * (K1 @ q1) + K2 @ p, LT @ z, z, [rate]])

    y0 = np.concatenate([p0, np.zeros(2 * size), current_of[middle], np.zeros(size + 1)])
    sol = solve_ivp(rhs, (0.0, float(t[-1])), y0, t_eval=t, rtol=ODE_RTOL, atol=ODE_ATOL, method="RK45")
    if not sol.success:
        raise NumericalError(f"segment master equation failed: {sol.message}")
    p, q1, q2, w = (sol.y[blocks[i]:blocks[i + 1]].T for i in (0, 1, 2, 4))
    mean = q1.sum(axis=1)
    variance = q2.sum(axis=1) - mean ** 2
    conditional = w ** 2 @ p0 - (w @ p0) ** 2  # Var over initial configurations of E[Q | eta_0]
    density = p @ occupation
    entropy0 = float(_binary_entropy(density0).sum())
    exact = -xlogy(p, p).sum(axis=1) - entropy0
    local = _binary_entropy(density).sum(axis=1) - entropy0
    rate = p @ current_of[middle]
    data = {
        "mean": labelled(mean, "time", "particles", "<Q(t)> through the middle bond"),
        "variance": labelled(variance, "time", "particles^2", "<Q(t)^2>_c, annealed"),
        "variance_quenched": labelled(variance - conditional, "time", "particles^2", "<Q(t)^2>_c, quenched"),
        "current_rate": labelled(rate, "time", "particles / (1/hop rate)", "d<Q>/dt"),
        "entropy_production": labelled(exact, "time", "nats", "S(p_t) - S(p_0): exact entropy production"),
        "entropy_production_local": labelled(local, "time", "nats",
                                             "sum_j h(rho_j(t)) - h(rho_j(0)): local equilibrium"),
        "pseudo_entropy_production": labelled(sol.y[-1], "time", "nats", "int sum_j 2 J_j^2 / a_j dt"),
        "relaxation_bound": labelled((t * rate / mean) ** 2, "time", "1", "(t d<Q>/dt / <Q>)^2"),
    }
    ds = xr.Dataset(data, coords={"time": t})
    ds.attrs.update(provenance("currents", {"process": "sep", "n_sites": n_sites, "rho_a": rho_a, "rho_b": rho_b,
                                            "times": t}))
    return ds
