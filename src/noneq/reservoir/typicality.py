"""Large-N spin-GORM dynamics without the full spectrum: Chebyshev propagation of thermal components or of
random-phase (typical) states, with mat-vecs that cost O(N^2) (hbar = k_B = 1).

The initial state rho(0) = |down><down| (x) sum_n p_n |n><n| is a mixture of N pure components, so

    <A>_t = sum_n p_n <down, n| A(t) |down, n>.

Two ways to evaluate it without diagonalizing the 2N x 2N H (`noneq.reservoir.spin_gorm` does that):

* method "components" (`spin_gorm_components`, exact up to a stated truncation): propagate the K components with
  the largest weights, K the smallest number whose discarded weight w_tail = sum_{n >= K} p_n is
  <= ``weight_tolerance``. For any observable, |<A>_t - <A>_t^(K)| <= ||A|| w_tail (``truncated_weight``). At
  beta ~ 1 / bandwidth (the paper's beta = 10 spans e^{-10}) K is close to N: O(N^3) with a large constant.
* method "typicality" (`spin_gorm_typicality`, quantum typicality / stochastic trace): M random-phase vectors
  |phi_v> = |down> (x) sum_n sqrt(p_n) e^{i theta_nv} |n>, theta uniform on [0, 2 pi). Each has unit norm and
  E_theta <phi|A(t)|phi> = <A>_t exactly (the cross terms average to zero), so the sample mean over the M vectors
  is an unbiased estimate of every expectation value, with variance ~ 1 / (M d_eff), d_eff = 1 / sum_n p_n^2.
  The statistical error of every curve, including the nonlinear ones (entropy, Delta_i S), is the jackknife
  standard error over the M vectors (`jackknife_error`).

Both propagate a block of vectors with `noneq.reservoir.chebyshev` (all output times from one expansion). The
mat-vec uses H = diag(E_n + sigma D/2) + lambda sigma_x (x) R: one real product R @ Y with Y the (N, 4M) real view
of the complex up and down halves of the block; nothing 2N x 2N is formed, the largest array is R (8 N^2 bytes).
The spectral interval comes from Weyl's inequality, eig(H) in [min E - |D|/2 - |lambda| ||R||,
max E + |D|/2 + |lambda| ||R||], with ||R|| from Lanczos (ARPACK) and a relative safety margin; an interval that
is too small is caught by the norm check (NumericalError).

Available: the Bloch vector and <H_r> (hence S, Delta_i S, Delta_i S_bar, <V>). The reduced reservoir state is
not: use `noneq.reservoir.exact.exact_thermodynamics(..., full=True)` at small N. Both solvers return a
`noneq.reservoir.spin_gorm.SpinGormSeries`.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.linalg
import scipy.sparse.linalg

from noneq.core import validation
from noneq.core.resources import check_memory
from noneq.reservoir.chebyshev import DEFAULT_TOLERANCE, chebyshev_plan, chebyshev_states, table_bytes
from noneq.reservoir.model import SpinGorm, check_instance, check_times, invalid, real_values
from noneq.reservoir.spin_gorm import SpinGormSeries

DEFAULT_SAMPLES = 32  # random vectors: statistical error ~ 1 / sqrt(32 d_eff) of an O(1) observable
DEFAULT_WEIGHT_TOLERANCE = 1e-8  # discarded Boltzmann weight of method "components"
SAMPLE_BATCH = 32  # vectors propagated together: R @ (N, 4 x 32) runs near peak BLAS speed
SPECTRAL_MARGIN = 0.02  # relative margin on the Lanczos estimate of ||R|| (a Ritz value never exceeds ||R||)
LANCZOS_TOLERANCE = 1e-6  # relative accuracy of the ||R|| estimate (far inside the margin)
DENSE_NORM_MAX_N = 64  # below this, ||R|| from a dense eigvalsh
PHASE_STREAM = 1  # the random phases use the stream (seed, PHASE_STREAM), independent of the GOE draw
NORM_STREAM = 2  # the Lanczos start vector of ||R|| uses the stream (seed, NORM_STREAM): same seed, same bits
FLOAT = 8  # bytes per double
FLOP_RATE = 2.5e10  # flops per second on one core of the BLAS 3 products (measured 3.3-4.6e10)
TERM_SECONDS = 2e-5  # per Chebyshev term and batch: Python and the small BLAS calls (dominates small N)
TABLE_SECONDS = 3e-8  # per entry of a Bessel FFT table
CHUNK_BYTES = 32 * 2 ** 20  # the observables of a Chebyshev segment are taken over blocks of times of this size
ARPACK_VECTORS = 24  # Lanczos vectors of length N kept by ARPACK for ||R|| (ncv = 20 for k = 1, and workspace)


def coupling_norm(R: np.ndarray, *, seed: int = 0) -> float:
    """Spectral norm ||R||_2 of the real symmetric R: Lanczos (largest magnitude eigenvalue), dense if small.

    The Lanczos start vector is drawn from ``default_rng((seed, NORM_STREAM))`` (ARPACK's own random start would
    change the last bits from call to call).

    >>> coupling_norm(np.diag([0.5, -2.0]))
    2.0
    """
    if R.shape[0] <= DENSE_NORM_MAX_N:
        return float(np.max(np.abs(scipy.linalg.eigvalsh(R))))
    start = np.random.default_rng((seed, NORM_STREAM)).standard_normal(R.shape[0])
    value = scipy.sparse.linalg.eigsh(R, k=1, which="LM", tol=LANCZOS_TOLERANCE, v0=start,
                                      return_eigenvectors=False)
    return float(np.abs(value[0]))


def spectral_bounds(model: SpinGorm, R: np.ndarray) -> tuple[float, float]:
    """Interval containing the spectrum of H (Weyl's inequality, module docstring), with the safety margin.

    >>> model = SpinGorm(N=6, seed=1)
    >>> lower, upper = spectral_bounds(model, model.coupling_matrix())
    >>> e = np.linalg.eigvalsh(model.hamiltonian())
    >>> bool(lower <= e[0] and e[-1] <= upper)
    True
    """
    E = model.levels()
    width = abs(model.coupling) * coupling_norm(R, seed=model.seed) * (1.0 + SPECTRAL_MARGIN)
    half = 0.5 * abs(model.delta)
    return float(E[0] - half - width), float(E[-1] + half + width)


def propagation_cost(N: int, n_times: int, t_max: float, half_width: float, vectors: int, *,
                     tolerance: float = DEFAULT_TOLERANCE, max_step: float | None = None) -> tuple[float, float]:
    """(peak bytes, seconds on one core) of propagating ``vectors`` initial states of the spin-GORM model to
    ``n_times`` equally spaced times in [0, t_max] (or the longest step ``max_step`` between unevenly spaced ones);
    from the sizes alone (`noneq.reservoir.system` adds the rest of a run).

    Per batch of SAMPLE_BATCH vectors: R @ (N, 4 x batch) per term (8 N^2 batch flops), the accumulation of the
    states (16 N batch flops per term and output time of the segment), the observables (~40 N batch per time), at
    FLOP_RATE, plus TERM_SECONDS per term and the Bessel tables (TABLE_SECONDS per entry). Memory: R (N^2
    doubles), the Chebyshev segment (`noneq.reservoir.chebyshev.chebyshev_plan`), the per-vector results
    (4 vectors n_times doubles) and ARPACK's Lanczos vectors.

    >>> peak, seconds = propagation_cost(200, 201, 500.0, 0.6, 32)
    >>> round(peak / 2 ** 20), round(seconds, 2)
    (141, 0.48)
    """
    batch = min(vectors, SAMPLE_BATCH)
    batches = -(-vectors // SAMPLE_BATCH)
    plan = chebyshev_plan(n_times, t_max, half_width, 2 * N * batch, tolerance=tolerance)
    per_segment = n_times / plan.segments
    flops = batches * (plan.terms * (8.0 * N * N * batch + 16.0 * N * batch * per_segment)
                       + 40.0 * N * batch * n_times)
    seconds = flops / FLOP_RATE + batches * (plan.terms * TERM_SECONDS + plan.table_entries * TABLE_SECONDS)
    peak = FLOAT * (N * N + ARPACK_VECTORS * N + 4.0 * vectors * n_times) + plan.peak
    if max_step is not None:  # one uneven step needs the tables of its own length
        peak += table_bytes(2, half_width * max_step, tolerance)
    return float(max(peak, 2.0 * FLOAT * N * N)), float(seconds)  # building R needs 2 N^2 doubles at once


def _check_propagation(model: SpinGorm, t: np.ndarray, vectors: int, tolerance: float, what: str) -> None:
    """Refuse (before allocating) a propagation that does not fit in memory; unevenly spaced times are planned as
    as many equally spaced ones plus the tables of the longest step."""
    half_width = model.energy_scale()
    step = float(np.max(np.diff(t))) if t.size > 1 else 0.0
    peak, _ = propagation_cost(model.N, t.size, float(t[-1]), half_width, vectors, tolerance=tolerance,
                               max_step=step)
    check_memory(peak, f"{what} (N = {model.N}, {vectors} vectors, {t.size} times)",
                 "reduce N, the number of vectors or times, or t_max")


def _propagate(model: SpinGorm, R: np.ndarray, amplitudes: np.ndarray, t: np.ndarray, tolerance: float):
    """Per-vector <sx>, <sy>, <sz>, <H_r> (each (n_vectors, n_t)) for initial states |down> (x) amplitudes[:, v]."""
    N = model.N
    E = model.levels()
    up_diag, down_diag = E + 0.5 * model.delta, E - 0.5 * model.delta
    coupling = model.coupling

    def apply_H(X: np.ndarray) -> np.ndarray:
        m = X.shape[1]
        coupled = (R @ X.reshape(2, N, m).transpose(1, 0, 2).reshape(N, 2 * m).view(np.float64))
        coupled = coupled.view(complex).reshape(N, 2, m)
        out = np.empty_like(X)
        out[:N] = up_diag[:, None] * X[:N] + coupling * coupled[:, 1]
        out[N:] = down_diag[:, None] * X[N:] + coupling * coupled[:, 0]
        return out

    psi0 = np.zeros((2 * N, amplitudes.shape[1]), dtype=complex)
    psi0[N:] = amplitudes
    values = np.empty((4, amplitudes.shape[1], t.size))
    for indices, segment in chebyshev_states(apply_H, psi0, t, spectral_bounds(model, R), tolerance=tolerance):
        step = max(1, CHUNK_BYTES // (segment[0].size * 16))   # times at once: temporaries of CHUNK_BYTES
        for first in range(0, indices.size, step):
            index, states = indices[first:first + step], segment[first:first + step]
            up, down = states[:, :N], states[:, N:]
            p_up = np.einsum("tnv,tnv->vt", up.conj(), up).real
            p_down = np.einsum("tnv,tnv->vt", down.conj(), down).real
            z = np.einsum("tnv,tnv->vt", up.conj(), down)
            values[0][:, index] = 2.0 * z.real
            values[1][:, index] = 2.0 * z.imag
            values[2][:, index] = p_up - p_down
            values[3][:, index] = np.einsum("n,tnv->vt", E, (up.conj() * up).real + (down.conj() * down).real)
        del segment, states, up, down  # the next segment is built without this one alive
    return values


def component_count(model: SpinGorm, weight_tolerance: float = DEFAULT_WEIGHT_TOLERANCE) -> int:
    """K of method "components": the fewest heaviest thermal components whose discarded weight is at most
    ``weight_tolerance``.

    >>> component_count(SpinGorm(N=6, beta=0.0)), component_count(SpinGorm(N=100, beta=1e4))
    (6, 1)
    """
    p = model.populations()
    tail = np.cumsum(p[::-1])[::-1]                       # tail[k] = sum_{n >= k} p_n
    return int(np.argmax(tail <= weight_tolerance)) if tail[-1] <= weight_tolerance else model.N


def _tolerance(tolerance) -> float:
    return validation.real("tolerance", tolerance, minimum=0.0, maximum=1.0, exclusive_minimum=True,
                           exclusive_maximum=True)


def spin_gorm_components(model: SpinGorm, times, *, weight_tolerance: float = DEFAULT_WEIGHT_TOLERANCE,
                         tolerance: float = DEFAULT_TOLERANCE) -> SpinGormSeries:
    """Method "components" (module docstring): the exact series from the K heaviest thermal components.

    ``weight_tolerance``: the largest discarded Boltzmann weight w_tail (reported as ``truncated_weight``, a bound
    on the error of every <A> with ||A|| <= 1); ``tolerance``: the Chebyshev truncation bound per vector.

    >>> series = spin_gorm_components(SpinGorm(N=6, seed=1), [0.0, 5.0])
    >>> series.components, series.truncated_weight, round(float(series.sz[0]), 12)
    (6, 0.0, -1.0)
    """
    model = check_instance("model", model, SpinGorm)
    t = check_times(times, scale=model.energy_scale())
    weight_tolerance = validation.real("weight_tolerance", weight_tolerance, minimum=0.0, maximum=1.0,
                                       exclusive_maximum=True)
    tolerance = _tolerance(tolerance)
    K = component_count(model, weight_tolerance)
    _check_propagation(model, t, K, tolerance, "method components")
    p = model.populations()
    tail = np.cumsum(p[::-1])[::-1]                       # tail[k] = sum_{n >= k} p_n
    R = model.coupling_matrix()
    per_sample = np.empty((4, K, t.size))
    for start in range(0, K, SAMPLE_BATCH):
        stop = min(K, start + SAMPLE_BATCH)
        amplitudes = np.zeros((model.N, stop - start))
        amplitudes[np.arange(start, stop), np.arange(stop - start)] = np.sqrt(p[start:stop])
        per_sample[:, start:stop] = _propagate(model, R, amplitudes, t, tolerance)
    total = per_sample.sum(axis=1)                        # the weights p_n are in the amplitudes
    return SpinGormSeries.from_bloch(model, t, *total, "components",
                                     truncated_weight=float(tail[K]) if K < model.N else 0.0, components=K)


def spin_gorm_typicality(model: SpinGorm, times, *, samples: int = DEFAULT_SAMPLES,
                         tolerance: float = DEFAULT_TOLERANCE) -> SpinGormSeries:
    """Method "typicality" (module docstring): sample means over ``samples`` random-phase vectors, and each
    vector's <sx>, <sy>, <sz>, <H_r> in ``per_sample`` (4, samples, n_t) for `jackknife_error`.

    The phases come from numpy's ``default_rng((model.seed, PHASE_STREAM))``, a stream independent of the GOE
    draw. ``tolerance``: the Chebyshev truncation bound per vector.

    >>> series = spin_gorm_typicality(SpinGorm(N=40, seed=1), [0.0, 50.0], samples=8)
    >>> round(float(series.sz[0]), 12), series.per_sample.shape  # random-phase vectors are exact at t = 0
    (-1.0, (4, 8, 2))
    """
    model = check_instance("model", model, SpinGorm)
    t = check_times(times, scale=model.energy_scale())
    M = validation.integer("samples", samples, minimum=2)
    tolerance = _tolerance(tolerance)
    _check_propagation(model, t, M, tolerance, "method typicality")
    rng = np.random.default_rng((model.seed, PHASE_STREAM))
    amplitude = np.sqrt(model.populations())
    R = model.coupling_matrix()
    per_sample = np.empty((4, M, t.size))
    for start in range(0, M, SAMPLE_BATCH):
        stop = min(M, start + SAMPLE_BATCH)
        phases = rng.uniform(0.0, 2.0 * math.pi, size=(model.N, stop - start))
        per_sample[:, start:stop] = _propagate(model, R, amplitude[:, None] * np.exp(1j * phases), t, tolerance)
    return SpinGormSeries.from_bloch(model, t, *per_sample.mean(axis=1), "typicality", per_sample=per_sample)


def jackknife_error(per_sample: np.ndarray, function) -> np.ndarray:
    """Jackknife standard error of ``function(means)`` over the sample axis 1 of ``per_sample`` (k, M, n_t).

    ``function`` maps the k mean curves (k, n_t) to one curve (n_t,); with the leave-one-out means f_v,
    error = sqrt((M - 1)/M sum_v (f_v - f_mean)^2) (for the mean itself: the standard error of the mean).

    >>> values = np.array([[[1.0], [2.0], [3.0], [4.0]]])        # k = 1 quantity, M = 4 samples, 1 time
    >>> np.round(jackknife_error(values, lambda m: m[0]), 6)
    array([0.645497])
    """
    per_sample = real_values("per_sample", per_sample, ndim=3)
    if per_sample.shape[1] < 2:
        raise invalid("per_sample", per_sample, "an array (k, samples, n_t) with at least 2 samples")
    if not callable(function):
        raise invalid("function", function, "a function of the mean curves (k, n_t)")
    M = per_sample.shape[1]
    total = per_sample.sum(axis=1)
    values = np.array([function((total - per_sample[:, v]) / (M - 1)) for v in range(M)])
    return np.sqrt((M - 1) / M * np.sum((values - values.mean(axis=0)) ** 2, axis=0))
