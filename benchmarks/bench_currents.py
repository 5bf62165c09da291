"""Speed benchmark: SEP Monte Carlo throughput, noneq's numba kernel vs a plain-numpy implementation.

Run from the repository root:

    python3 benchmarks/bench_currents.py            # 4000 samples, t = 20
    python3 benchmarks/bench_currents.py --quick    # 1000 samples, t = 5

A hop attempt is one bond update (each bond swaps its two sites at rate 1: SEP with hop rate 1 each way).
Both implementations simulate the same process on the same segment (half-width from
noneq.currents.model.montecarlo_half_width), step initial condition 0.8 | 0.2, annealed:

1. plain numpy: vectorized over samples; each iteration updates one uniformly drawn bond in every
   sample (fancy indexing), i.e. fixed-count random sequential updates;
2. noneq.currents.montecarlo.simulate_sep with numba restricted to 1 thread (per-core throughput), then with all
   threads;
3. the same recording three bonds (-2, 0, 3) instead of the origin bond alone, 1 thread (cost of the bond lookup).

Printed: attempts per second for each, the numba-vs-numpy ratio, and a consistency check (the mean current
of both agrees with the exact (rho_a - rho_b) h(t) within 5 standard errors; exits non-zero otherwise).
Target: >= 3e7 attempts per second per core.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numba  # noqa: E402

from noneq.currents.closed_forms import lattice_mean  # noqa: E402
from noneq.currents.model import CurrentsModel, montecarlo_half_width  # noqa: E402
from noneq.currents.montecarlo import simulate_sep  # noqa: E402

RHO_A, RHO_B = 0.8, 0.2
CHECK_SIGMAS = 5.0  # mean current within this many standard errors of the exact value


def numpy_sep(samples: int, t: float, seed: int) -> tuple[np.ndarray, int]:
    """Plain-numpy SEP: (2L - 1) t bond updates per sample, one bond per sample per iteration."""
    L = montecarlo_half_width(t)
    rng = np.random.default_rng(seed)
    prob = np.where(np.arange(2 * L) <= L - 1, RHO_A, RHO_B)
    tau = (rng.random((samples, 2 * L)) < prob).astype(np.int8)
    rows = np.arange(samples)
    n_updates = int(round((2 * L - 1) * t))
    Q = np.zeros(samples, dtype=np.int64)
    for _ in range(n_updates):
        b = rng.integers(0, 2 * L - 1, size=samples)
        a, c = tau[rows, b], tau[rows, b + 1]
        tau[rows, b], tau[rows, b + 1] = c, a
        Q += np.where(b == L - 1, a - c, 0)
    return Q, n_updates * samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    R, t = (1000, 5.0) if args.quick else (4000, 20.0)
    model = CurrentsModel("sep", RHO_A, RHO_B)
    print(f"python {platform.python_version()}, numpy {np.__version__}, numba {numba.__version__}, "
          f"cpus {os.cpu_count()}, numba threads {numba.get_num_threads()}")
    exact = float(lattice_mean(RHO_A, RHO_B, t))
    ok = True

    start = time.perf_counter()
    Qn, attempts_numpy = numpy_sep(R, t, 1)
    numpy_rate = attempts_numpy / (time.perf_counter() - start)
    z = abs(Qn.mean() - exact) / (Qn.std() / np.sqrt(R))
    ok &= z < CHECK_SIGMAS

    simulate_sep(model, [t], samples=8, seed=0)  # compile (cached on disk afterwards)
    rates = {}
    for threads in sorted({1, numba.config.NUMBA_NUM_THREADS}):
        numba.set_num_threads(threads)
        R_big = 10 * R
        start = time.perf_counter()
        out = simulate_sep(model, [t], samples=R_big, seed=2)
        rates[threads] = int(out.hop_attempts) / (time.perf_counter() - start)
        q = out.Q.values[:, 0, 0]
        z_numba = abs(q.mean() - exact) / (q.std() / np.sqrt(R_big))
        ok &= z_numba < CHECK_SIGMAS
    numba.set_num_threads(1)
    start = time.perf_counter()
    out = simulate_sep(model, [t], samples=10 * R, seed=2, bonds=(-2, 0, 3))
    bonds_rate = int(out.hop_attempts) / (time.perf_counter() - start)
    q = out.Q.values[:, 1, 0]  # the origin bond
    ok &= abs(q.mean() - exact) / (q.std() / np.sqrt(10 * R)) < CHECK_SIGMAS
    print(f"{'implementation':32s} {'attempts/s':>12s}")
    print(f"{'plain numpy (vectorized)':32s} {numpy_rate:12.3e}")
    for threads, rate in rates.items():
        print(f"{f'noneq numba, {threads} thread(s)':32s} {rate:12.3e}   per core {rate / threads:.3e}")
    print(f"{'noneq numba, 3 bonds, 1 thread':32s} {bonds_rate:12.3e}   ({bonds_rate / rates[1]:.2f}x one bond)")
    print(f"ratio numba (1 thread) / numpy: {rates[1] / numpy_rate:.1f}x; target per core >= 3e7: "
          f"{'met' if rates[1] >= 3e7 else 'NOT met'}")
    print(f"consistency (mean current vs exact h(t)): {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
