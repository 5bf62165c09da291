"""Speed benchmark: exact two-point-measurement (TPM) statistics of the spin-GORM model.

    python3 benchmarks/bench_reservoir_statistics.py            # compare at N = 200, target N = 2000 x 200 times
    python3 benchmarks/bench_reservoir_statistics.py --quick    # compare at N = 50, target run at N = 500

The model: Fig. 1's spin-GORM (Delta = 0.1, beta = 10, lambda = 0.1), spin and reservoir initially Gibbs at beta;
cumulants 1..4 of the spin energy change, the heat and the entropy production at 200 times in [0, 600].

What is timed (same process, time.perf_counter; the eigendecomposition of H is shared and timed separately):

1. noneq: `noneq.reservoir.tpm_cumulants(model, times, eig=eig)` - moments as Tr[y^j U (p x^m) U^dagger], each an
   O(d^2)-per-time phase series after 2 (order + 1) changes of basis per quantity.
2. Baseline: the straightforward dense route - per time, U(t) = W e^{-iEt} W^dagger (a complex d x d product),
   T_ba = |<b|U|a>|^2 in the measured basis, and the moments sum_ab p_a T_ba X_ab^n of each quantity.

At the comparison size both run on every time and must agree (cumulants to 1e-8 relative to each quantity's
largest |kappa_n|). At the target size the baseline runs on BASELINE_TIMES times and its per-time cost is
extrapolated to all 200 (it would take minutes); noneq runs on all 200. Target: eigendecomposition plus noneq at
N = 2000 (d = 4000) under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

_SRC = Path(__file__).resolve().parents[1] / "src"
if str(_SRC) not in sys.path:  # allow running without the editable install
    sys.path.insert(0, str(_SRC))

from noneq.quantum import thermal_state  # noqa: E402
from noneq.reservoir import SpinGorm, diagonalize, tpm_basis, tpm_cumulants  # noqa: E402
from noneq.stochastic import cumulants_from_moments  # noqa: E402

PAPER = dict(delta=0.1, beta=10.0, coupling=0.1)
T_MAX, N_TIMES, ORDER = 600.0, 200, 4
AGREEMENT = 1e-8  # relative to each quantity's largest |kappa_n|: rounding of both routes (d <= 400)
BASELINE_TIMES = 2  # baseline times actually run at the target size (its per-time cost is extrapolated)
TARGET_SECONDS = 60.0
SEED = 20100115


def model(N: int):
    system = SpinGorm(N=N, seed=SEED, **PAPER).open_system()
    return replace(system, rho_s0=thermal_state(system.H_s, PAPER["beta"]))


def dense_cumulants(system, eig, times) -> np.ndarray:
    """(time, quantity, order) by explicit U(t), transition probabilities and weighted sums."""
    basis = tpm_basis(system, eig=eig)
    B = basis.overlaps @ eig.vectors.conj().T   # <a|x>: rows of the measured basis in the original basis
    p = basis.probabilities
    values = []
    for name in basis.quantities:
        y, x = basis.functions(name)
        values.append(y[:, None] - x[None, :])
    out = np.empty((len(times), len(values), ORDER))
    for k, t in enumerate(times):
        U = (eig.vectors * np.exp(-1j * eig.energies * t)) @ eig.vectors.conj().T
        T = np.abs(B @ U @ B.conj().T) ** 2
        w = T * p[None, :]
        for q, X in enumerate(values):
            acc, moments = w.copy(), []
            for _ in range(ORDER):
                acc *= X
                moments.append(acc.sum())
            out[k, q] = cumulants_from_moments(np.array(moments))
    return out


def threads() -> str:
    try:
        from threadpoolctl import threadpool_info
        return ", ".join(f"{i['internal_api']}: {i['num_threads']}" for i in threadpool_info())
    except ImportError:
        return f"os.cpu_count() = {os.cpu_count()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few seconds)")
    args = parser.parse_args()
    compare_n, target_n = (50, 500) if args.quick else (200, 2000)
    times = np.linspace(0.0, T_MAX, N_TIMES)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}; BLAS threads: {threads()}; "
          f"load {os.getloadavg()[0]:.2f}")

    system = model(compare_n)
    eig = diagonalize(system.hamiltonian(), system.initial_state())
    start = time.perf_counter()
    fast = tpm_cumulants(system, times, order=ORDER, eig=eig).cumulants.values
    fast_seconds = time.perf_counter() - start
    start = time.perf_counter()
    dense = dense_cumulants(system, eig, times)
    dense_seconds = time.perf_counter() - start
    scale = np.abs(dense).max(axis=0, keepdims=True)
    error = float(np.max(np.abs(fast - dense) / np.maximum(scale, 1e-300)))
    print(f"\ncomparison, N = {compare_n} (d = {2 * compare_n}), {N_TIMES} times, cumulants 1..{ORDER} of 3 "
          f"quantities")
    print(f"  noneq tpm_cumulants      {fast_seconds:9.3f} s")
    print(f"  dense U(t) per time      {dense_seconds:9.3f} s")
    print(f"  ratio                    {dense_seconds / fast_seconds:9.1f} x")
    print(f"  max relative difference  {error:9.2e}  (must be < {AGREEMENT:g})")
    assert error < AGREEMENT, error

    system = model(target_n)
    start = time.perf_counter()
    eig = diagonalize(system.hamiltonian(), system.initial_state())
    eigh_seconds = time.perf_counter() - start
    start = time.perf_counter()
    ds = tpm_cumulants(system, times, order=ORDER, eig=eig)
    fast_seconds = time.perf_counter() - start
    assert np.all(np.isfinite(ds.cumulants.values))
    residual = float(np.abs(ds.fluctuation_theorem - 1).max())
    start = time.perf_counter()
    dense_cumulants(system, eig, times[-BASELINE_TIMES:])
    per_time = (time.perf_counter() - start) / BASELINE_TIMES
    total = eigh_seconds + fast_seconds
    print(f"\ntarget, N = {target_n} (d = {2 * target_n}), {N_TIMES} times")
    print(f"  eigendecomposition (shared with the mean dynamics)   {eigh_seconds:9.2f} s")
    print(f"  noneq tpm_cumulants on it                             {fast_seconds:9.2f} s")
    print(f"  total                                                 {total:9.2f} s  (target < {TARGET_SECONDS:g} s: "
          f"{'MET' if total < TARGET_SECONDS else 'NOT MET'})")
    print(f"  dense baseline, per time (measured on {BASELINE_TIMES})               {per_time:9.2f} s")
    print(f"  dense baseline, {N_TIMES} times (extrapolated)                  {per_time * N_TIMES:9.1f} s  "
          f"(ratio {per_time * N_TIMES / fast_seconds:.1f} x)")
    print(f"  max |<e^-Sigma> - 1| over the times                   {residual:9.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
