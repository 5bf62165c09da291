"""Estimators of (multi-time) current cumulants from Monte Carlo samples, with standard errors.

Annealed: realizations are independent draws of (initial configuration, dynamics). Joint cumulants from central
moments: k(a,b) = E[da db], k(a,b,c) = E[da db dc], k(a,b,c,d) = E[da db dc dd] - E[da db]E[dc dd] - (2 more
pairings). Standard errors: the statistic is evaluated on BATCHES disjoint batches; stderr = std / sqrt(BATCHES).

Quenched: samples laid out as (configurations, runs per configuration); the conditional mean and the conditional
covariance (unbiased, ddof = 1) are computed per configuration and averaged over configurations; the standard
error is the spread over configurations / sqrt(configurations):
    <Q(t_i) Q(t_j)>_c,quenched = E_init[Cov(Q(t_i), Q(t_j) | init)].
Orders 3 and 4: unbiased conditional joint k-statistics averaged the same way (`quenched_cumulant`). With K
runs per configuration and central sample moments m (normalised by K), the joint k-statistics are
    k_ab   = K m_ab / (K - 1),        k_abc = K^2 m_abc / ((K - 1)(K - 2)),
    k_abcd = K^2 [(K + 1) m_abcd - (K - 1)(m_ab m_cd + m_ac m_bd + m_ad m_bc)] / ((K - 1)(K - 2)(K - 3)),
the last one the polarization of Fisher's k_4 (a symmetric multilinear form in the four variables whose
expectation is the joint cumulant for i.i.d. runs). Averaging unbiased per-configuration estimates gives an
unbiased quenched estimate for any K (a plug-in cumulant would be biased by O(1/K)).

Example
-------
>>> rng = np.random.default_rng(0)
>>> value, error = annealed_cumulant(rng.normal(size=(4000, 1)), (0, 0))
>>> abs(value - 1) < 4 * error
True
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from noneq.core.errors import bad_value

BATCHES = 20  # batches for annealed standard errors (each batch >= a few hundred samples in practice)


def joint_cumulant(samples: np.ndarray, indices: Sequence[int]) -> float:
    """Plug-in joint cumulant of the columns ``indices`` (order 1..4) of ``samples`` (R, n)."""
    x = np.asarray(samples, float)[:, list(indices)]
    order = x.shape[1]
    if order == 1:
        return float(x[:, 0].mean())
    d = x - x.mean(axis=0)
    if order == 2:
        return float(np.mean(d[:, 0] * d[:, 1]))
    if order == 3:
        return float(np.mean(d[:, 0] * d[:, 1] * d[:, 2]))
    if order == 4:
        def pair(i, j):
            return np.mean(d[:, i] * d[:, j])
        return float(np.mean(d.prod(axis=1)) - pair(0, 1) * pair(2, 3) - pair(0, 2) * pair(1, 3)
                     - pair(0, 3) * pair(1, 2))
    raise bad_value("order", order, "a cumulant order 1..4")


def annealed_cumulant(samples: np.ndarray, indices: Sequence[int]) -> tuple[float, float]:
    """(estimate on all samples, batch standard error) of the joint cumulant of the given time indices."""
    samples = np.asarray(samples)
    if samples.shape[0] < 2 * BATCHES:
        raise bad_value("realizations", samples.shape[0], f"at least {2 * BATCHES} for error bars")
    batches = np.array_split(samples, BATCHES)
    values = np.array([joint_cumulant(b, indices) for b in batches])
    return joint_cumulant(samples, indices), float(values.std(ddof=1) / np.sqrt(BATCHES))


def quenched_moments(samples: np.ndarray, configurations: int) -> dict[str, np.ndarray]:
    """Quenched mean and covariance matrix (n, n) with standard errors from (configurations * runs, n) samples."""
    samples = np.asarray(samples, float)
    runs = samples.shape[0] // configurations
    x = samples[: configurations * runs].reshape(configurations, runs, -1)
    mean_c = x.mean(axis=1)  # (M, n)
    d = x - mean_c[:, None, :]
    cov_c = np.einsum("mri,mrj->mij", d, d) / (runs - 1)  # (M, n, n)
    M = configurations
    return {"mean": mean_c.mean(axis=0), "mean_stderr": mean_c.std(axis=0, ddof=1) / np.sqrt(M),
            "covariance": cov_c.mean(axis=0), "covariance_stderr": cov_c.std(axis=0, ddof=1) / np.sqrt(M)}


def conditional_k_statistic(x: np.ndarray) -> np.ndarray:
    """Unbiased joint k-statistic of order n = x.shape[2] (1..4) per configuration from x (M, K, n): (M,)."""
    runs, order = x.shape[1], x.shape[2]
    if order == 1:
        return x[:, :, 0].mean(axis=1)
    d = x - x.mean(axis=1, keepdims=True)
    if order == 2:
        return np.sum(d[:, :, 0] * d[:, :, 1], axis=1) / (runs - 1)
    if order == 3:
        return runs * np.sum(d.prod(axis=2), axis=1) / ((runs - 1) * (runs - 2))

    def m(*columns):  # central sample moment normalised by K, per configuration
        return np.mean(np.prod(d[:, :, list(columns)], axis=2), axis=1)

    pairs = m(0, 1) * m(2, 3) + m(0, 2) * m(1, 3) + m(0, 3) * m(1, 2)
    return runs ** 2 * ((runs + 1) * m(0, 1, 2, 3) - (runs - 1) * pairs) / ((runs - 1) * (runs - 2) * (runs - 3))


def quenched_cumulant(samples: np.ndarray, configurations: int, indices: Sequence[int]) -> tuple[float, float]:
    """Quenched joint cumulant of order 1..4 of the columns ``indices``: the unbiased conditional joint
    k-statistic (module docstring) averaged over configurations; (estimate, standard error over configurations).
    Samples are (configurations * runs, n), configuration-major (`noneq.currents.montecarlo.simulate`)."""
    order = len(indices)
    if not 1 <= order <= 4:
        raise bad_value("order", order, "a quenched cumulant order 1..4")
    samples = np.asarray(samples, float)
    if configurations < 2:
        raise bad_value("configurations", configurations, "at least 2 (standard error over configurations)")
    runs = samples.shape[0] // configurations
    if runs < order + 1:
        raise bad_value("configurations", configurations,
                        f"at most realizations / {order + 1} = {samples.shape[0] // (order + 1)} "
                        f"(the order-{order} k-statistic needs at least {order + 1} runs per configuration)")
    x = samples[: configurations * runs].reshape(configurations, runs, -1)[:, :, list(indices)]
    per = conditional_k_statistic(x)
    return float(per.mean()), float(per.std(ddof=1) / np.sqrt(configurations))


def annealed_moments(samples: np.ndarray) -> dict[str, np.ndarray]:
    """Annealed mean and covariance matrix (n, n) with batch standard errors."""
    n = np.asarray(samples).shape[1]
    mean = np.array([annealed_cumulant(samples, (i,)) for i in range(n)])
    cov = np.array([[annealed_cumulant(samples, (i, j)) for j in range(n)] for i in range(n)])
    return {"mean": mean[:, 0], "mean_stderr": mean[:, 1], "covariance": cov[..., 0],
            "covariance_stderr": cov[..., 1]}
