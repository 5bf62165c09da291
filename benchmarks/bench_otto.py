"""Speed benchmark: cop*(cop_carnot) of the two-level Otto refrigerator for 200 values of the Carnot COP.

    python3 benchmarks/bench_otto.py

What is timed (same process, time.perf_counter, best of 3 after one warm-up):

1. noneq: `noneq.otto.optimum.optimal_refrigerator(cop_carnot)` - all 200 points at once (vectorized grid start +
   damped Newton on the analytic gradient/Hessian of log chi).  Target: under 1 s on 2 cores.
2. Baseline: a plain loop of scipy.optimize.minimize (Nelder-Mead) maximizing chi(w_a, w_b) point by point
   (`method="scipy"`), the straightforward way to draw Fig. 2.

Both must agree to 1e-6 relative (checked, as the exit status); prints both times and the speed-up.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

_SRC = Path(__file__).resolve().parents[1] / "src"
if str(_SRC) not in sys.path:  # allow running without the editable install
    sys.path.insert(0, str(_SRC))

from noneq.otto.optimum import optimal_refrigerator  # noqa: E402

N_POINTS = 200
COP_CARNOT = np.geomspace(0.01, 100.0, N_POINTS)
TARGET_S = 1.0
AGREEMENT = 1e-6  # relative: Nelder-Mead stops ~1e-7 from the optimum at cop_carnot ~ 100 (flat direction)


def best_of(function, repeats: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    optimal_refrigerator(COP_CARNOT[:5])  # warm-up
    t_fast, fast = best_of(lambda: optimal_refrigerator(COP_CARNOT))
    t_slow, slow = best_of(lambda: optimal_refrigerator(COP_CARNOT, method="scipy"), repeats=1)
    worst = float(np.max(np.abs(fast.cop_star.values / slow.cop_star.values - 1.0)))
    print(f"cop*(cop_carnot) for {N_POINTS} values of cop_carnot in [{COP_CARNOT[0]:g}, {COP_CARNOT[-1]:g}]")
    print(f"  noneq vectorized Newton : {t_fast * 1e3:9.1f} ms   (target < {TARGET_S:g} s)")
    print(f"  scipy Nelder-Mead loop  : {t_slow * 1e3:9.1f} ms")
    print(f"  speed-up                : {t_slow / t_fast:9.1f} x")
    print(f"  max relative difference : {worst:.2e} (must be < {AGREEMENT:g})")
    return 0 if (worst < AGREEMENT and t_fast < TARGET_S) else 1


if __name__ == "__main__":
    raise SystemExit(main())
