"""Fig. 1 curve of the spin-GORM model: noneq's eigenbasis solver against straightforward QuTiP, same process.

noneq: one 2N x 2N ``eigh`` of the real symmetric H, Gram matrices of its blocks, O(N^2) per time point
(`noneq.reservoir.spin_gorm`). QuTiP baseline: the thermal initial state is the mixture sum_n p_n |down, n><down, n|;
each component is evolved with ``qutip.sesolve`` (dense H, 200 output times, expectation values of sz, sx, sy and
H_r) and the results are summed with weights p_n. At N = 2000 evolving all 2000 components takes hours, so the
baseline times ``--qutip-components`` components and extrapolates linearly (the components cost the same: same H,
same times, same tolerances); the printed ratio says so. Correctness: at a small N both methods are compared
component sum against noneq.

Usage::

    python3 benchmarks/bench_reservoir.py                 # N = 2000, 200 times, and N = 10^4
    python3 benchmarks/bench_reservoir.py --large-N 0     # skip the N = 10^4 timing
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import qutip

from noneq.reservoir import SpinGorm, spin_gorm_thermodynamics
from noneq.reservoir.spin_gorm import spin_gorm_series

QUTIP_OPTIONS = {"atol": 1e-8, "rtol": 1e-6, "nsteps": 1_000_000}  # qutip's defaults, step limit raised


def qutip_components(model: SpinGorm, times: np.ndarray, components) -> np.ndarray:
    """sum over the given thermal components of p_n <sz, sx, sy, H_r>_t from qutip.sesolve; (4, n_t)."""
    N = model.N
    H = qutip.Qobj(model.hamiltonian())
    eye = np.eye(N)
    ops = [qutip.Qobj(np.kron(m, eye)) for m in (np.diag([1.0, -1.0]), np.array([[0.0, 1.0], [1.0, 0.0]]),
                                                 np.array([[0.0, -1j], [1j, 0.0]]))]
    ops.append(qutip.Qobj(np.kron(np.eye(2), np.diag(model.levels()))))
    p = model.populations()
    total = np.zeros((4, times.size))
    for n in components:
        result = qutip.sesolve(H, qutip.basis(2 * N, N + n), times, e_ops=ops, options=QUTIP_OPTIONS)
        total += p[n] * np.real(np.array(result.expect))
    return total


def check_small(N: int = 40) -> float:
    """max deviation between noneq and the full QuTiP component sum at a small N."""
    model = SpinGorm(N=N, seed=1)
    t = np.linspace(0.0, 500.0, 200)
    ref = qutip_components(model, t, range(N))
    s = spin_gorm_series(model, t)
    ours = np.array([s["sz"], s["sx"], s["sy"], s["reservoir_energy"]])
    return float(np.abs(ours - ref).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--N", type=int, default=2000)
    parser.add_argument("--n-times", type=int, default=200)
    parser.add_argument("--t-max", type=float, default=500.0)
    parser.add_argument("--qutip-components", type=int, default=3)
    parser.add_argument("--large-N", type=int, default=10_000, help="also time noneq at this N (0: skip)")
    args = parser.parse_args()
    print(f"threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, cpus={os.cpu_count()}")
    print(f"correctness at N = 40: max |noneq - qutip| = {check_small():.2e}")
    times = np.linspace(0.0, args.t_max, args.n_times)
    model = SpinGorm(N=args.N, seed=1)
    start = time.perf_counter()
    spin_gorm_thermodynamics(model, times)
    ours = time.perf_counter() - start
    print(f"noneq  N = {args.N}, {args.n_times} times: {ours:.2f} s")
    k = args.qutip_components
    start = time.perf_counter()
    qutip_components(model, times, range(k))
    per_component = (time.perf_counter() - start) / k
    baseline = per_component * args.N
    print(f"qutip  sesolve: {per_component:.2f} s per thermal component ({k} timed) x {args.N} components "
          f"= {baseline:.0f} s (extrapolated)")
    print(f"ratio qutip / noneq = {baseline / ours:.0f}x (target >= 50x)")
    if args.large_N:
        start = time.perf_counter()
        spin_gorm_thermodynamics(SpinGorm(N=args.large_N, seed=1), times)
        print(f"noneq  N = {args.large_N}, {args.n_times} times: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
