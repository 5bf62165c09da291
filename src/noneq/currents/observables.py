"""Estimators of (multi-time) current cumulants from Monte Carlo samples, with standard errors.

Exposes `joint_cumulant` (plug-in value), `annealed_cumulant` and `quenched_cumulant` (one joint cumulant with its
standard error), `annealed_moments` and `quenched_moments` (mean and covariance matrix with standard errors) and
`conditional_k_statistic`. Results with standard errors are labelled `xarray.Dataset`s. Samples are arrays
(samples, n) of Q at n times (or a DataArray with dims (sample, time), e.g. ``simulate(...).Q.isel(bond=0)``).

Annealed: samples are independent draws of (initial configuration, dynamics). Joint cumulants from central
moments: k(a,b) = E[da db], k(a,b,c) = E[da db dc], k(a,b,c,d) = E[da db dc dd] - E[da db]E[dc dd] - (2 more
pairings). Standard errors: the statistic is evaluated on BATCHES disjoint batches; stderr = std / sqrt(BATCHES).

Quenched: samples laid out as (configurations, runs per configuration), configuration-major; the conditional mean
and the conditional covariance (unbiased, ddof = 1) are computed per configuration and averaged over
configurations; the standard error is the spread over configurations / sqrt(configurations):
    <Q(t_i) Q(t_j)>_c,quenched = E_init[Cov(Q(t_i), Q(t_j) | init)].
Orders 3 and 4: unbiased conditional joint k-statistics averaged the same way (`quenched_cumulant`). With K
runs per configuration and central sample moments m (normalised by K), the joint k-statistics are
    k_ab   = K m_ab / (K - 1),        k_abc = K^2 m_abc / ((K - 1)(K - 2)),
    k_abcd = K^2 [(K + 1) m_abcd - (K - 1)(m_ab m_cd + m_ac m_bd + m_ad m_bc)] / ((K - 1)(K - 2)(K - 3)),
the last one the polarization of Fisher's k_4 (a symmetric multilinear form in the four variables whose
expectation is the joint cumulant for i.i.d. runs). Averaging unbiased per-configuration estimates gives an
unbiased quenched estimate for any K (a plug-in cumulant would be biased by O(1/K)).

Examples
--------
>>> rng = np.random.default_rng(0)
>>> estimate = annealed_cumulant(rng.normal(size=(4000, 1)), (0, 0))
>>> bool(abs(estimate.cumulant - 1) < 4 * estimate.stderr)
True
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.results import labelled
from noneq.core.validation import integer, real_array

BATCHES = 20  # batches for annealed standard errors (each batch >= a few hundred samples in practice)
_SAMPLES_ALLOWED = "a finite 2-d array (samples, times) of the currents"


def _samples(samples) -> np.ndarray:
    """``samples`` as a finite float array of shape (samples, n), n >= 1."""
    array = real_array("samples", samples.values if isinstance(samples, xr.DataArray) else samples, ndim=2,
                       allowed=_SAMPLES_ALLOWED)
    if array.shape[1] == 0:
        raise bad_value("samples", f"shape {array.shape}", _SAMPLES_ALLOWED)
    return array


def _indices(indices, columns: int) -> list[int]:
    """``indices`` as a list of 1 to 4 column indices in [0, columns)."""
    allowed = f"1 to 4 column indices (a cumulant order 1..4) in [0, {columns}), e.g. (0, 0) for a variance"
    if isinstance(indices, (str, bytes)) or not hasattr(indices, "__len__") or not 1 <= len(indices) <= 4:
        raise bad_value("indices", indices if isinstance(indices, (list, tuple, str)) else type(indices).__name__,
                        allowed)
    return [integer("indices", i, minimum=0, maximum=columns - 1, allowed=allowed) for i in indices]


def joint_cumulant(samples: np.ndarray, indices: Sequence[int]) -> float:
    """Plug-in joint cumulant of the columns ``indices`` (order 1..4) of ``samples`` (R, n).

    >>> joint_cumulant(np.array([[0.0], [2.0]]), (0, 0))  # variance (normalised by R)
    1.0
    """
    samples = _samples(samples)
    x = samples[:, _indices(indices, samples.shape[1])]
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


def _annealed(samples: np.ndarray, indices: Sequence[int]) -> tuple[float, float]:
    samples = _samples(samples)
    if samples.shape[0] < 2 * BATCHES:
        raise bad_value("samples", samples.shape[0], f"at least {2 * BATCHES} for error bars")
    batches = np.array_split(samples, BATCHES)
    values = np.array([joint_cumulant(b, indices) for b in batches])
    return joint_cumulant(samples, indices), float(values.std(ddof=1) / np.sqrt(BATCHES))


def _estimate(value: float, error: float, order: int, average: str) -> xr.Dataset:
    units = "particles" if order == 1 else f"particles^{order}"
    return xr.Dataset({"cumulant": labelled(value, (), units, f"joint cumulant of order {order}, {average}"),
                       "stderr": labelled(error, (), units, "standard error")})


def annealed_cumulant(samples: np.ndarray, indices: Sequence[int]) -> xr.Dataset:
    """Joint cumulant of the columns ``indices`` (order 1..4) on all samples, with a batch standard error.

    Parameters
    ----------
    samples : array (samples, n)
        Independent draws (at least 2 BATCHES).
    indices : sequence of int
        Columns (times) of the cumulant; repeats allowed, e.g. (0, 0) for a variance.

    Returns
    -------
    xarray.Dataset
        ``cumulant`` and ``stderr`` (scalars).

    Examples
    --------
    >>> x = np.random.default_rng(1).poisson(3.0, size=(20000, 1))
    >>> round(float(annealed_cumulant(x, (0, 0)).cumulant), 1)
    3.0
    """
    indices = _indices(indices, _samples(samples).shape[1])
    value, error = _annealed(samples, indices)
    return _estimate(value, error, len(indices), "annealed")


def _moments(samples, mean, mean_stderr, covariance, covariance_stderr, average: str) -> xr.Dataset:
    coords = {}
    if isinstance(samples, xr.DataArray) and "time" in samples.coords:
        coords = {"time": samples["time"].values, "time2": samples["time"].values}
    return xr.Dataset({
        "mean": labelled(mean, "time", "particles", f"<Q(t)>, {average}"),
        "mean_stderr": labelled(mean_stderr, "time", "particles", "standard error"),
        "covariance": labelled(covariance, ("time", "time2"), "particles^2", f"<Q(t1) Q(t2)>_c, {average}"),
        "covariance_stderr": labelled(covariance_stderr, ("time", "time2"), "particles^2", "standard error"),
    }, coords=coords)


def quenched_moments(samples: np.ndarray, configurations: int) -> xr.Dataset:
    """Quenched mean and covariance matrix (n, n) with standard errors from (configurations * runs, n) samples.

    Parameters
    ----------
    samples : array (configurations * runs, n)
        Configuration-major (`noneq.currents.montecarlo.simulate` with ``configurations``).
    configurations : int
        Number of initial configurations (>= 2).

    Returns
    -------
    xarray.Dataset
        ``mean``, ``mean_stderr`` (time) and ``covariance``, ``covariance_stderr`` (time, time2).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> x = (rng.normal(scale=2.0, size=(200, 1)) + rng.normal(size=(200, 40))).reshape(-1, 1)
    >>> round(float(quenched_moments(x, 200).covariance[0, 0]), 1)  # the configuration noise is removed
    1.0
    """
    array = _samples(samples)
    configurations = integer("configurations", configurations, minimum=2)
    runs = array.shape[0] // configurations
    if runs < 2:
        raise bad_value("configurations", configurations, f"at most samples / 2 = {array.shape[0] // 2}")
    x = array[: configurations * runs].reshape(configurations, runs, -1)
    mean_c = x.mean(axis=1)  # (M, n)
    d = x - mean_c[:, None, :]
    cov_c = np.einsum("mri,mrj->mij", d, d) / (runs - 1)  # (M, n, n)
    M = configurations
    return _moments(samples, mean_c.mean(axis=0), mean_c.std(axis=0, ddof=1) / np.sqrt(M), cov_c.mean(axis=0),
                    cov_c.std(axis=0, ddof=1) / np.sqrt(M), "quenched")


def conditional_k_statistic(x: np.ndarray) -> np.ndarray:
    """Unbiased joint k-statistic of order n = x.shape[2] (1..4) per configuration from x (M, K, n): (M,).

    >>> conditional_k_statistic(np.array([[[0.0, 0.0], [2.0, 2.0]]])).tolist()  # K / (K - 1) times the plug-in
    [2.0]
    """
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


def quenched_cumulant(samples: np.ndarray, configurations: int, indices: Sequence[int]) -> xr.Dataset:
    """Quenched joint cumulant of order 1..4 of the columns ``indices``: the unbiased conditional joint
    k-statistic (module docstring) averaged over configurations, with the standard error over configurations.

    Parameters
    ----------
    samples : array (configurations * runs, n)
        Configuration-major (`noneq.currents.montecarlo.simulate` with ``configurations``).
    configurations : int
        Number of initial configurations (>= 2; at least order + 1 runs each).
    indices : sequence of int
        Columns (times) of the cumulant.

    Returns
    -------
    xarray.Dataset
        ``cumulant`` and ``stderr`` (scalars).

    Examples
    --------
    >>> rng = np.random.default_rng(4)
    >>> x = (rng.normal(scale=2.0, size=(400, 1)) + rng.normal(size=(400, 20))).reshape(-1, 1)
    >>> round(float(quenched_cumulant(x, 400, (0, 0)).cumulant), 1)
    1.0
    """
    samples = _samples(samples)
    indices = _indices(indices, samples.shape[1])
    order = len(indices)
    configurations = integer("configurations", configurations, minimum=2,
                             allowed="at least 2 (standard error over configurations)")
    runs = samples.shape[0] // configurations
    if runs < order + 1:
        raise bad_value("configurations", configurations,
                        f"at most samples / {order + 1} = {samples.shape[0] // (order + 1)} "
                        f"(the order-{order} k-statistic needs at least {order + 1} runs per configuration)")
    x = samples[: configurations * runs].reshape(configurations, runs, -1)[:, :, list(indices)]
    per = conditional_k_statistic(x)
    return _estimate(float(per.mean()), float(per.std(ddof=1) / np.sqrt(configurations)), order, "quenched")


def annealed_moments(samples: np.ndarray) -> xr.Dataset:
    """Annealed mean and covariance matrix (n, n) with batch standard errors.

    Parameters
    ----------
    samples : array (samples, n)
        Independent draws (at least 2 BATCHES).

    Returns
    -------
    xarray.Dataset
        ``mean``, ``mean_stderr`` (time) and ``covariance``, ``covariance_stderr`` (time, time2).

    Examples
    --------
    >>> z = np.random.default_rng(2).normal(size=(8000, 2))
    >>> np.round(annealed_moments(z @ [[1.0, 1.0], [0.0, 1.0]]).covariance.values, 1).tolist()
    [[1.0, 1.0], [1.0, 2.0]]
    """
    array = _samples(samples)
    n = array.shape[1]
    mean = np.array([_annealed(array, (i,)) for i in range(n)])
    cov = np.array([[_annealed(array, (i, j)) for j in range(n)] for i in range(n)])
    return _moments(samples, mean[:, 0], mean[:, 1], cov[..., 0], cov[..., 1], "annealed")


def tur_ratio_estimate(samples: np.ndarray, entropy_production, *, configurations: int = 0) -> xr.Dataset:
    """Monte Carlo estimate of R = Var(Q) Sigma / (2 <Q>^2) at each time (column), with a delta-method standard
    error, for a given (exact) entropy production Sigma per column.

    Annealed (``configurations`` = 0): <Q> and Var(Q) from all samples (unbiased variance); their covariance from
    BATCHES disjoint batches. Quenched: the conditional means and unbiased variances of each configuration
    (configuration-major layout), averaged; their covariance from the spread over configurations. With the
    relative standard errors e_v, e_m and correlation c of the variance and mean estimates,
    stderr(R) = R sqrt(e_v^2 + 4 e_m^2 - 4 c e_v e_m).

    Parameters
    ----------
    samples : array (samples, n)
        Q at n times (annealed draws, or configuration-major quenched runs).
    entropy_production : sequence of float
        Sigma at the n times (nats).
    configurations : int
        0: annealed; otherwise the number of initial configurations (>= 2).

    Returns
    -------
    xarray.Dataset
        ``tur_ratio`` and ``tur_ratio_stderr`` over ``time`` (coordinates of a DataArray input kept).

    Examples
    --------
    >>> x = np.random.default_rng(5).poisson(4.0, size=(20000, 1)) - np.random.default_rng(6).poisson(1.0,
    ...                                                                                             size=(20000, 1))
    >>> est = tur_ratio_estimate(x, [2 * 3.0 * np.log(4.0)])   # Var 5, mean 3: R = 5 * 3 ln 4 / 9
    >>> bool(abs(float(est.tur_ratio[0]) - 5 * np.log(4.0) / 3) < 4 * float(est.tur_ratio_stderr[0]))
    True
    """
    array = _samples(samples)
    sigma = real_array("entropy_production", entropy_production, minimum=0.0, ndim=1)
    if sigma.size != array.shape[1]:
        raise bad_value("entropy_production", f"{sigma.size} values", f"one per column of samples ({array.shape[1]})")
    if configurations:
        configurations = integer("configurations", configurations, minimum=2)
        runs = array.shape[0] // configurations
        if runs < 2:
            raise bad_value("configurations", configurations, f"at most samples / 2 = {array.shape[0] // 2}")
        x = array[: configurations * runs].reshape(configurations, runs, -1)
        unit_mean, unit_variance = x.mean(axis=1), x.var(axis=1, ddof=1)
        mean, variance = unit_mean.mean(axis=0), unit_variance.mean(axis=0)
    else:
        if array.shape[0] < 2 * BATCHES:
            raise bad_value("samples", array.shape[0], f"at least {2 * BATCHES} for error bars")
        batches = np.array_split(array, BATCHES)
        unit_mean = np.array([b.mean(axis=0) for b in batches])
        unit_variance = np.array([b.var(axis=0, ddof=1) for b in batches])
        mean, variance = array.mean(axis=0), array.var(axis=0, ddof=1)
    units = unit_mean.shape[0]
    d_mean, d_variance = unit_mean - unit_mean.mean(axis=0), unit_variance - unit_variance.mean(axis=0)
    cov_mm = np.sum(d_mean ** 2, axis=0) / (units - 1) / units  # variances of the averaged estimates
    cov_vv = np.sum(d_variance ** 2, axis=0) / (units - 1) / units
    cov_mv = np.sum(d_mean * d_variance, axis=0) / (units - 1) / units
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = variance * sigma / (2 * mean ** 2)
        relative = cov_vv / variance ** 2 + 4 * cov_mm / mean ** 2 - 4 * cov_mv / (variance * mean)
    stderr = np.abs(ratio) * np.sqrt(np.maximum(relative, 0.0))
    coords = {"time": samples["time"].values} if isinstance(samples, xr.DataArray) and "time" in samples.coords \
        else {}
    return xr.Dataset({"tur_ratio": labelled(ratio, "time", "1", "Var(Q) Sigma / (2 <Q>^2), Monte Carlo"),
                       "tur_ratio_stderr": labelled(stderr, "time", "1", "standard error (delta method)")},
                      coords=coords)
