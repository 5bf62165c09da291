"""Large-N spin-GORM dynamics without the full spectrum: Chebyshev propagation of thermal components or of
random-phase (typical) states, with mat-vecs that cost O(N^2) (hbar = k_B = 1).

The initial state rho(0) = |down><down| (x) sum_n p_n |n><n| is a mixture of N pure components, so

    <A>_t = sum_n p_n <down, n| A(t) |down, n>.

Two ways to evaluate it without diagonalizing the 2N x 2N H (`noneq.reservoir.spin_gorm` does that):

* method "components" (exact up to a stated truncation): propagate the K components with the largest weights,
  K the smallest number whose discarded weight w_tail = sum_{n >= K} p_n is <= ``weight_tolerance``. For any
  observable, |<A>_t - <A>_t^(K)| <= ||A|| w_tail (reported as ``truncated_weight``). Cost ~ K (a t_max) mat-vecs.
  At the paper's beta = 10 the weights span only e^{-10} over the band: 1 - 1e-8 of the weight needs all N levels
  (K = N), 1 - 1e-2 still 46% of them, so this is O(N^3) with a large constant: useful for checks and at low
  temperature (beta >> 1 / bandwidth), not for the paper's N = 10^4.
* method "typicality" (quantum typicality / stochastic trace): M random-phase vectors
  |phi_v> = |down> (x) sum_n sqrt(p_n) e^{i theta_nv} |n>, theta uniform on [0, 2 pi). Each has unit norm and
  E_theta <phi|A(t)|phi> = <A>_t exactly (the cross terms average to zero), so the sample mean over the M vectors
  is an unbiased estimate of every expectation value, with variance ~ 1 / (M d_eff), d_eff = 1 / sum_n p_n^2
  (about N / 5 at beta = 10). The statistical error of every reported curve, including the nonlinear ones
  (entropy, Delta_i S), is the jackknife standard error over the M vectors (``*_error`` outputs).

Both propagate a block of vectors with `noneq.reservoir.chebyshev` (all output times from one expansion). The
mat-vec uses the structure H = diag(E_n + sigma D/2) + lambda sigma_x (x) R: one real product R @ Y with Y the
(N, 4M) real view of the complex up and down halves of the block (BLAS 3); nothing 2N x 2N is ever formed, the
largest array is R itself (8 N^2 bytes: 800 MB at N = 10^4). The spectral interval comes from Weyl's inequality,
eig(H) in [min E - |D|/2 - |lambda| ||R||, max E + |D|/2 + |lambda| ||R||], with ||R|| from Lanczos (ARPACK) and a
relative safety margin; an interval that is too small is caught by the norm check (NumericalError).

What is available. The Bloch vector (so S(t), Delta S, <H_s>, Delta_i S_bar of eq. (25)), <H_r> (so the heat
Q and Delta_i S of eq. (10) via total-entropy conservation) and <V> (energy conservation) - everything
`noneq.reservoir.simulate.spin_gorm_thermodynamics` reports. The reduced reservoir state (S_r, S_c,
D[rho_r || rho_r^eq]) is not: use `noneq.reservoir.thermo.exact_thermodynamics(..., full=True)` at small N.

Cost and accuracy (D = 0.1, beta = 10, lambda = 0.1, t_max = 600, 201 times, 32 vectors; ||H|| ~ 0.62 so
~430 Chebyshev terms, ~530 with the time segments of 512 MB), measured on the project's 2-core machine (shared
with other jobs; CPU seconds are the robust number, wall times taken when it was nearly idle):

    N       wall    CPU-s   peak memory   Delta_i S(t_max)     <sz>(t_max)
    2000    11 s     20      1.1 GB       0.3692 +- 0.0010     -0.5915 +- 0.0029   (eigh: 45 s wall, exact)
    5000     -       95      1.9 GB       0.3686 +- 0.0007     -0.5942 +- 0.0021
    10^4   233 s    352      2.7 GB       0.3691 +- 0.0005     -0.5923 +- 0.0011

At N = 2000 the typicality curves differ from eigh by at most 2.7 of their standard errors over the 200 times
(root mean square 0.9 for Delta_i S, Delta_i S_bar and <sz>): the error bars are honest. See also
benchmarks/bench_reservoir.py (``--large-N 10000``).

Example
-------
>>> from noneq.reservoir.spin_gorm import SpinGorm
>>> s = spin_gorm_typicality(SpinGorm(N=40, seed=1), [0.0, 50.0], samples=8)
>>> round(float(s["sz"][0]), 12)  # random-phase vectors are exact at t = 0
-1.0
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import scipy.linalg
import scipy.sparse.linalg

from noneq.core.errors import bad_value
from noneq.reservoir.chebyshev import DEFAULT_TOLERANCE, chebyshev_states
from noneq.reservoir.exact import check_times
from noneq.reservoir.spin_gorm import SpinGorm

DEFAULT_SAMPLES = 32  # random vectors: statistical error ~ 1 / sqrt(32 d_eff) of an O(1) observable
DEFAULT_WEIGHT_TOLERANCE = 1e-8  # discarded Boltzmann weight of method "components"
SAMPLE_BATCH = 32  # vectors propagated together: R @ (N, 4 x 32) runs near peak BLAS speed
SPECTRAL_MARGIN = 0.02  # relative margin on the Lanczos estimate of ||R|| (a Ritz value never exceeds ||R||)
LANCZOS_TOLERANCE = 1e-6  # relative accuracy of the ||R|| estimate (far inside the margin)
DENSE_NORM_MAX_N = 64  # below this, ||R|| from a dense eigvalsh
PHASE_STREAM = 1  # the random phases use the stream (seed, PHASE_STREAM), independent of the GOE draw


def _check_count(value, name: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 2:
        raise bad_value(name, value, "an integer >= 2")
    return int(value)


def coupling_norm(R: np.ndarray) -> float:
    """Spectral norm ||R||_2 of the real symmetric R: Lanczos (largest magnitude eigenvalue), dense if small."""
    if R.shape[0] <= DENSE_NORM_MAX_N:
        return float(np.max(np.abs(scipy.linalg.eigvalsh(R))))
    value = scipy.sparse.linalg.eigsh(R, k=1, which="LM", tol=LANCZOS_TOLERANCE, return_eigenvectors=False)
    return float(np.abs(value[0]))


def spectral_bounds(model: SpinGorm, R: np.ndarray) -> tuple[float, float]:
    """Interval containing the spectrum of H (Weyl's inequality, module docstring), with the safety margin."""
    E = model.levels()
    coupling = abs(model.lam) * coupling_norm(R) * (1.0 + SPECTRAL_MARGIN)
    half = 0.5 * abs(model.delta)
    return float(E[0] - half - coupling), float(E[-1] + half + coupling)


def _propagate(model: SpinGorm, R: np.ndarray, amplitudes: np.ndarray, t: np.ndarray, tolerance: float):
    """Per-vector <sx>, <sy>, <sz>, <H_r> (each (n_vectors, n_t)) for initial states |down> (x) amplitudes[:, v]."""
    N = model.N
    E = model.levels()
    up_diag, down_diag = E + 0.5 * model.delta, E - 0.5 * model.delta
    lam = model.lam

    def apply_H(X: np.ndarray) -> np.ndarray:
        m = X.shape[1]
        coupled = (R @ X.reshape(2, N, m).transpose(1, 0, 2).reshape(N, 2 * m).view(np.float64))
        coupled = coupled.view(complex).reshape(N, 2, m)
        out = np.empty_like(X)
        out[:N] = up_diag[:, None] * X[:N] + lam * coupled[:, 1]
        out[N:] = down_diag[:, None] * X[N:] + lam * coupled[:, 0]
        return out

    psi0 = np.zeros((2 * N, amplitudes.shape[1]), dtype=complex)
    psi0[N:] = amplitudes
    values = np.empty((4, amplitudes.shape[1], t.size))
    for index, states in chebyshev_states(apply_H, psi0, t, spectral_bounds(model, R), tolerance=tolerance):
        up, down = states[:, :N], states[:, N:]
        p_up, p_down = np.einsum("tnv,tnv->vt", up.conj(), up).real, np.einsum("tnv,tnv->vt", down.conj(), down).real
        z = np.einsum("tnv,tnv->vt", up.conj(), down)
        values[0][:, index] = 2.0 * z.real
        values[1][:, index] = 2.0 * z.imag
        values[2][:, index] = p_up - p_down
        values[3][:, index] = np.einsum("n,tnv->vt", E, (up.conj() * up).real + (down.conj() * down).real)
    return values


def _series(model: SpinGorm, t: np.ndarray, per_vector: np.ndarray, *, mean: bool) -> dict:
    """Series dict like `spin_gorm_series`: sums (components, weights in the amplitudes) or means (typicality)
    over the vectors of ``per_vector`` (4, n_vectors, n_t)."""
    total = per_vector.mean(axis=1) if mean else per_vector.sum(axis=1)
    series = {"times": t, "sx": total[0], "sy": total[1], "sz": total[2], "reservoir_energy": total[3]}
    energy0 = float(model.populations() @ model.levels()) - 0.5 * model.delta    # <H>_0 (<V>_0 = 0)
    series["system_energy"] = 0.5 * model.delta * series["sz"]
    series["interaction_energy"] = energy0 - series["system_energy"] - series["reservoir_energy"]
    series["energy"] = np.full(t.size, energy0)
    return series


def spin_gorm_components(model: SpinGorm, times, *, weight_tolerance: float = DEFAULT_WEIGHT_TOLERANCE,
                         tolerance: float = DEFAULT_TOLERANCE) -> dict[str, np.ndarray]:
    """Method "components" of the module docstring: the series of `spin_gorm_series` plus ``truncated_weight``
    (the discarded Boltzmann weight w_tail, a bound on the error of every <A> with ||A|| <= 1) and ``components``
    (K)."""
    t = check_times(times)
    if not 0.0 <= weight_tolerance < 1.0:
        raise bad_value("weight_tolerance", weight_tolerance, "a number in [0, 1)")
    p = model.populations()
    tail = np.cumsum(p[::-1])[::-1]                       # tail[k] = sum_{n >= k} p_n
    K = int(np.argmax(tail <= weight_tolerance)) if tail[-1] <= weight_tolerance else model.N
    R = model.coupling()
    per_vector = np.empty((4, K, t.size))
    for start in range(0, K, SAMPLE_BATCH):
        stop = min(K, start + SAMPLE_BATCH)
        amplitudes = np.zeros((model.N, stop - start))
        amplitudes[np.arange(start, stop), np.arange(stop - start)] = np.sqrt(p[start:stop])
        per_vector[:, start:stop] = _propagate(model, R, amplitudes, t, tolerance)
    series = _series(model, t, per_vector, mean=False)
    series["truncated_weight"] = float(tail[K]) if K < model.N else 0.0
    series["components"] = K
    return series


def spin_gorm_typicality(model: SpinGorm, times, *, samples: int = DEFAULT_SAMPLES, phase_seed: int | None = None,
                         tolerance: float = DEFAULT_TOLERANCE) -> dict[str, np.ndarray]:
    """Method "typicality" of the module docstring: the series of `spin_gorm_series` (sample means) plus
    ``per_vector`` (4, samples, n_t): each vector's <sx>, <sy>, <sz>, <H_r> (for jackknife errors,
    `jackknife_error`). Phases from numpy's default_rng((model.seed, PHASE_STREAM)) unless ``phase_seed``."""
    t = check_times(times)
    M = _check_count(samples, "samples")
    seed = (model.seed, PHASE_STREAM) if phase_seed is None else phase_seed
    rng = np.random.default_rng(seed)
    amplitude = np.sqrt(model.populations())
    R = model.coupling()
    per_vector = np.empty((4, M, t.size))
    for start in range(0, M, SAMPLE_BATCH):
        stop = min(M, start + SAMPLE_BATCH)
        phases = rng.uniform(0.0, 2.0 * math.pi, size=(model.N, stop - start))
        per_vector[:, start:stop] = _propagate(model, R, amplitude[:, None] * np.exp(1j * phases), t, tolerance)
    series = _series(model, t, per_vector, mean=True)
    series["per_vector"] = per_vector
    return series


def jackknife_error(per_vector: np.ndarray, function) -> np.ndarray:
    """Jackknife standard error of ``function(means)`` over the sample axis 1 of ``per_vector`` (k, M, n_t):
    ``function`` maps the k mean curves (k, n_t) to one curve (n_t,); leave-one-out means, then
    sqrt((M - 1)/M sum_v (f_v - f_mean)^2)."""
    M = per_vector.shape[1]
    total = per_vector.sum(axis=1)
    values = np.array([function((total - per_vector[:, v]) / (M - 1)) for v in range(M)])
    return np.sqrt((M - 1) / M * np.sum((values - values.mean(axis=0)) ** 2, axis=0))
