"""The scaled cumulants of many Otto cycles with ideal adiabats at once (a parameter curve), vectorized over the
cycles: the same perturbation theory as `noneq.otto.counting` on stacks of (n, n) matrices.

With ideal adiabats a current is counted on one isochore (the one whose propagator changes less, see
`noneq.otto.counting`): by cyclic invariance the tilted map is M(chi) = (1 + A)(1 + B o exp(chi W)), B the change
of that isochore, W its jump tilt, A the other isochore's change. Then M_k = (1 + A)(B o W^k) for k >= 1, and
since 1 . (1 + A) = 1, mu_n = sum_k C(n, k) 1 . (B o W^k) p_{n-k}. Linear solves on the orthogonal complement of
the ones vector (Q, fixed), as in `noneq.otto.counting`. The isochore changes follow `noneq.otto.cycle`
(symmetrized generator and expm1, batched; the cycle's own routine for the few points whose Boltzmann
probabilities fall below its floor).

Examples
--------
>>> from noneq.otto.model import OttoCycle
>>> from noneq.otto.counting import cumulant_array
>>> cycles = [OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, t, t) for t in (0.1, 1.0, 10.0)]
>>> bool(np.allclose(batch_cumulants(cycles), [cumulant_array(c) for c in cycles], rtol=1e-10, atol=0))
True
"""

from __future__ import annotations

from math import comb
from typing import Sequence

import numpy as np
from scipy.special import expit

from noneq.core.errors import NumericalError
from noneq.otto.counting import CURRENTS, current_weights
from noneq.otto.cycle import SATURATED_STROKE, SYMMETRIC_FLOOR, _stroke_change
from noneq.otto.model import OttoCycle
from noneq.stochastic.master import STOCHASTIC_TOLERANCE

__all__ = ["batch_cumulants", "batchable"]


def batchable(cycles: Sequence[OttoCycle]) -> bool:
    """Whether `batch_cumulants` takes these cycles: several, with the same number of levels."""
    return len(cycles) > 1 and len({c.n_levels for c in cycles}) == 1


def _changes(E: np.ndarray, beta: np.ndarray, gamma: np.ndarray, t: np.ndarray) -> np.ndarray:
    """exp(G t) - 1 for a stack of isochores (P, n, n), as `noneq.otto.cycle._stroke_change` point by point."""
    P, n = E.shape
    x = beta[:, None] * np.diff(E, axis=1)
    down = 2.0 * gamma[:, None] * expit(x)
    with np.errstate(under="ignore"):
        up = down * np.exp(-x)
    rates = np.zeros((P, n, n))
    k = np.arange(1, n)
    rates[:, k - 1, k], rates[:, k, k - 1] = down, up
    G = rates.copy()
    G[:, np.arange(n), np.arange(n)] = -rates.sum(axis=1)  # columns sum to zero
    t = np.minimum(t, SATURATED_STROKE / gamma)
    with np.errstate(under="ignore"):
        weights = np.exp(-beta[:, None] * (E - E[:, :1]))
    pi = weights / weights.sum(axis=1, keepdims=True)
    out = np.empty((P, n, n))
    good = np.min(pi, axis=1) >= SYMMETRIC_FLOOR
    if np.any(good):
        root = np.sqrt(pi[good])
        S = G[good] * root[:, None, :] / root[:, :, None]
        evals, V = np.linalg.eigh(0.5 * (S + np.swapaxes(S, 1, 2)))
        evals = np.minimum(evals, 0.0)
        evals[:, -1], V[:, :, -1] = 0.0, root  # the stationary mode exactly
        left = root[:, :, None] * V
        right = np.swapaxes(V, 1, 2) / root[:, None, :]
        out[good] = left @ (np.expm1(evals * t[good][:, None])[:, :, None] * right)
    for index in np.flatnonzero(~good):
        out[index] = _stroke_change(E[index], beta[index], gamma[index], t[index])
    return out


def _strokes(cycles: Sequence[OttoCycle], scale: float) -> tuple[np.ndarray, np.ndarray]:
    levels = np.array([c.levels for c in cycles])
    w_a, w_b = (np.array([getattr(c, name) for c in cycles]) for name in ("w_a", "w_b"))
    parameters = {name: np.array([getattr(c, name) for c in cycles]) for name in
                  ("beta_c", "beta_h", "gamma_c", "gamma_h", "tau_c", "tau_h")}
    with np.errstate(all="ignore"):
        D_c = _changes(w_a[:, None] * levels, parameters["beta_c"], parameters["gamma_c"], parameters["tau_c"] * scale)
        D_h = _changes(w_b[:, None] * levels, parameters["beta_h"], parameters["gamma_h"], parameters["tau_h"] * scale)
    if not (np.all(np.isfinite(D_c)) and np.all(np.isfinite(D_h))):
        raise NumericalError("the isochore propagators are not finite: the bath rates, times or beta w are outside "
                             "the range the master-equation solver handles")
    return D_c, D_h


def batch_cumulants(cycles: Sequence[OttoCycle], *, order: int = 4, scale: float = 1.0) -> np.ndarray:
    """The scaled cumulants (P, len(CURRENTS), order) of P cycles with ideal adiabats and the same number of levels
    (see `noneq.otto.counting.scaled_cumulants`), every stroke time multiplied by ``scale``."""
    D_c, D_h = _strokes(cycles, scale)
    P, n, _ = D_c.shape
    levels = np.array([c.levels for c in cycles])
    T_c = np.array([c.w_a for c in cycles])[:, None, None] * (levels[:, :, None] - levels[:, None, :])
    T_h = np.array([c.w_b for c in cycles])[:, None, None] * (levels[:, :, None] - levels[:, None, :])
    cold_small = np.max(np.abs(D_c), axis=(1, 2)) <= np.max(np.abs(D_h), axis=(1, 2))
    A = np.where(cold_small[:, None, None], D_h, D_c)
    B = np.where(cold_small[:, None, None], D_c, D_h)
    X = A @ B + A + B
    Q = np.linalg.qr(np.ones((n, 1)), mode="complete")[0][:, 1:]
    reduced = Q.T @ X @ Q

    def solve(b):  # x with X x = b, 1 . x = 0 (b: (P, n) with 1 . b = 0)
        return np.einsum("ij,pj->pi", Q, np.linalg.solve(reduced, np.einsum("ji,pj->pi", Q, b)[..., None])[..., 0])

    p = 1.0 / n + solve(-np.einsum("pij,j->pi", X, np.full(n, 1.0 / n)))
    if np.any(p < -STOCHASTIC_TOLERANCE):
        raise NumericalError("periodic steady state is not a probability vector fixed by the cycle map")
    out = np.empty((P, len(CURRENTS), order))
    with np.errstate(over="ignore", invalid="ignore"):
        for row, name in enumerate(CURRENTS):
            weights = np.array([current_weights(c, name) for c in cycles])
            tilt = weights[:, 0, None, None] * T_c - weights[:, 1, None, None] * T_h
            W = np.where(cold_small[:, None, None], tilt, -tilt)
            derivative = [None] + [B * W ** k for k in range(1, order + 1)]
            vectors, mu = [p], [np.ones(P)]
            for m in range(1, order + 1):
                terms = [comb(m, k) * np.einsum("pij,pj->pi", derivative[k], vectors[m - k]) for k in range(1, m + 1)]
                mu.append(sum(terms).sum(axis=1))
                if m < order:
                    rhs = sum(comb(m, k) * mu[k][:, None] * vectors[m - k] for k in range(1, m + 1))
                    rhs = rhs - sum(term + np.einsum("pij,pj->pi", A, term) for term in terms)
                    vectors.append(solve(rhs))
            kappa = [None]
            for m in range(1, order + 1):
                kappa.append(mu[m] - sum(comb(m - 1, j - 1) * kappa[j] * mu[m - j] for j in range(1, m)))
            out[:, row] = np.stack(kappa[1:], axis=1)
    if not np.all(np.isfinite(out)):
        raise NumericalError("a scaled cumulant exceeds the double range (the energies or inverse temperatures are "
                             "too large for cumulants up to this order)")
    return out
