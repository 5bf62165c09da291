"""Fig. 1 curve of the spin-GORM model: noneq's eigenbasis solver against straightforward QuTiP, same process.

noneq: one 2N x 2N ``eigh`` of the real symmetric H, Gram matrices of its blocks, O(N^2) per time point
(`noneq.reservoir.spin_gorm`). QuTiP baseline: the thermal initial state is the mixture sum_n p_n |down, n><down, n|;
each component is evolved with ``qutip.sesolve`` (dense H, 200 output times, expectation values of sz, sx, sy and
H_r) and the results are summed with weights p_n. At N = 2000 evolving all 2000 components takes hours, so the
baseline times ``--qutip-components`` components and extrapolates linearly (the components cost the same: same H,
same times, same tolerances); the printed ratio says so. Correctness: at a small N both methods are compared
component sum against noneq.

The large-N method ("typicality": Chebyshev propagation of random-phase states, `noneq.reservoir.typicality`)
is compared with the eigh solver at N = 2000 in the same process (time ratio, and the largest deviation of
Delta_i S in units of its reported standard error); ``--large-N`` also times it at that N (the eigh solver would
need ~13 GB and ~20-30 min at N = 10^4).

Usage::

    python3 benchmarks/bench_reservoir.py                     # N = 2000, 200 times
    python3 benchmarks/bench_reservoir.py --large-N 10000     # also the typicality method at N = 10^4
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
    ours = np.array([s.sz, s.sx, s.sy, s.reservoir_energy])
    return float(np.abs(ours - ref).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--N", type=int, default=2000)
    parser.add_argument("--n-times", type=int, default=200)
    parser.add_argument("--t-max", type=float, default=500.0)
    parser.add_argument("--qutip-components", type=int, default=3)
    parser.add_argument("--large-N", type=int, default=0, help="also time the typicality method at this N "
                        "(e.g. 10000; 0: skip)")
    parser.add_argument("--samples", type=int, default=32, help="random vectors of the typicality method")
    args = parser.parse_args()
    print(f"threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, cpus={os.cpu_count()}")
    print(f"correctness at N = 40: max |noneq - qutip| = {check_small():.2e}")
    times = np.linspace(0.0, args.t_max, args.n_times)
    model = SpinGorm(N=args.N, seed=1)
    start = time.perf_counter()
    exact = spin_gorm_thermodynamics(model, times, method="eigh")
    ours = time.perf_counter() - start
    print(f"noneq  N = {args.N}, {args.n_times} times: {ours:.2f} s (eigh)")
    start = time.perf_counter()
    typical = spin_gorm_thermodynamics(model, times, method="typicality", samples=args.samples)
    fast = time.perf_counter() - start
    z = np.abs(typical.entropy_production - exact.entropy_production)[1:] / typical.entropy_production_error[1:]
    print(f"noneq  N = {args.N}, {args.n_times} times: {fast:.2f} s (typicality, {args.samples} vectors): "
          f"ratio eigh / typicality = {ours / fast:.1f}x; max |Delta_i S - exact| = "
          f"{float(np.abs(typical.entropy_production - exact.entropy_production).max()):.1e} = "
          f"{float(z.max()):.1f} standard errors (max error bar {float(typical.entropy_production_error.max()):.1e})")
    k = args.qutip_components
    start = time.perf_counter()
    qutip_components(model, times, range(k))
    per_component = (time.perf_counter() - start) / k
    baseline = per_component * args.N
    print(f"qutip  sesolve: {per_component:.2f} s per thermal component ({k} timed) x {args.N} components "
          f"= {baseline:.0f} s (extrapolated)")
    print(f"ratio qutip / noneq = {baseline / ours:.0f}x (target >= 50x)")
    if args.large_N:
        start, cpu = time.perf_counter(), time.process_time()
        ds = spin_gorm_thermodynamics(SpinGorm(N=args.large_N, seed=1), times, method="typicality",
                                      samples=args.samples)
        print(f"noneq  N = {args.large_N}, {args.n_times} times: {time.perf_counter() - start:.1f} s wall, "
              f"{time.process_time() - cpu:.1f} s CPU (typicality, {args.samples} vectors); final Delta_i S = "
              f"{float(ds.entropy_production[-1]):.4f} +- {float(ds.entropy_production_error[-1]):.4f}")


if __name__ == "__main__":
    main()
