"""Observables of the kicked particles: pure functions of momenta, mode probabilities and states (no solving).

- `diffusion_coefficient`: D = <p1^2>(t_f) / t_f, t_f in kicks (D_c classical, D_q quantum).
- `histogram`: fraction of a classical ensemble per |p| bin; `binned_density`: the quantum counterpart, the
  density of |p| per unit momentum from sine-mode probabilities (mode n at momentum +-p_n = n hbar_eff pi / L).
- `reduced_purity`: Tr rho_1^2 of a pure two-particle state; `averaged_purity`: Tr rho^2 of an equal mixture of
  pure states (the random-kick model's realization average).
"""

from __future__ import annotations

import numpy as np

from noneq.core.errors import bad_value
from noneq.core.validation import real_array
from noneq.quantum import purity

EDGE_NUDGE = 1e-6  # a mode on a bin edge (up to rounding) counts in the bin above: equal bins get equal counts
EDGES_ALLOWED = "at least two strictly increasing values"


def diffusion_coefficient(p_sq: np.ndarray, kicks: int) -> float:
    """D = <p^2>(t_f) / t_f from the final value of a <p^2> time series (t_f = ``kicks``).

    >>> diffusion_coefficient(np.array([0.0, 1.0, 50.0]), 500)
    0.1
    """
    return float(np.asarray(p_sq)[-1]) / kicks


def histogram(momenta: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Fraction of an ensemble's momenta per |p| bin ``edges`` (of all momenta, also those outside the edges).

    >>> histogram(np.array([-0.5, 0.5, 1.5, 9.0]), np.array([0.0, 1.0, 2.0]))
    array([0.5 , 0.25])
    """
    counts, _ = np.histogram(np.abs(momenta), bins=edges)
    return counts / max(len(momenta), 1)


def binned_density(momenta, probabilities, edges) -> np.ndarray:
    """Density of |p| per unit momentum in the bins ``edges`` from sine-mode probabilities.

    Parameters
    ----------
    momenta : array (N,)
        Equally spaced mode momenta p_n = n dp, n = 1..N (modes beyond the last edge are dropped).
    probabilities : array (N,)
        Probability of each mode.
    edges : array (B + 1,)
        Strictly increasing bin edges from 0.

    Returns
    -------
    numpy.ndarray (B,)
        Mean probability of the modes inside each bin divided by the mode spacing (so bins narrower than the
        spacing stay unbiased); NaN for a bin that holds no mode.

    Examples
    --------
    >>> p = 0.1 * np.arange(1, 21)
    >>> binned_density(p, np.full(20, 0.05), np.array([0.0, 1.0, 2.0]))
    array([0.5, 0.5])
    """
    p = np.abs(np.asarray(momenta, dtype=float))
    P = np.asarray(probabilities, dtype=float)
    edges = real_array("edges", edges, ndim=1, increasing=True, allowed=EDGES_ALLOWED)
    if edges.size < 2:
        raise bad_value("edges", f"array of shape {edges.shape}", EDGES_ALLOWED)
    if p.size < 2:
        raise bad_value("momenta", f"{p.size} value(s)", "at least two equally spaced momenta")
    spacing = float(p[1] - p[0])
    index = np.searchsorted(edges, p + EDGE_NUDGE * spacing, side="right") - 1
    inside = (index >= 0) & (index < edges.size - 1)
    counts = np.bincount(index[inside], minlength=edges.size - 1)
    sums = np.bincount(index[inside], weights=P[inside], minlength=edges.size - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1) / spacing, np.nan)


def reduced_purity(c: np.ndarray) -> float:
    """Tr rho_1^2 of the pure two-particle state c (N1, N2), rho_1 = Tr_2 |c><c|.

    Computed as Tr rho_2^2 with rho_2 = c^T c* (N2 x N2, the smaller matrix; equal for a pure state).

    >>> round(reduced_purity(np.array([[1.0, 0.0], [0.0, 1.0]]) / np.sqrt(2)), 12)
    0.5
    """
    return purity(c.T @ c.conj())


def averaged_purity(c: np.ndarray) -> float:
    """Tr rho^2 of rho = (1/R) sum_r |c_r><c_r| for the R normalized rows of c: (1/R^2) sum_rs |<c_r|c_s>|^2.

    >>> averaged_purity(np.eye(2))
    0.5
    """
    gram = c.conj() @ c.T
    return float(np.sum(np.abs(gram) ** 2)) / c.shape[0] ** 2
