"""Speed benchmark: full counting statistics of the Otto cycle along a 200-point parameter curve.

    python3 benchmarks/bench_otto_counting.py

The curve: the optimal two-level refrigerator (cop_carnot = 2) with every stroke time scaled by s, 200 values of s
in [1e-2, 1e2]. Per point: the scaled cumulants 1..4 of Q_c, Q_h, the work and the entropy production, the TUR
ratio and the Koyuk-Seifert bound (which needs d kappa_1 / d ln s).

What is timed (same process, time.perf_counter, interleaved, best of 3 after one warm-up):

1. noneq: `noneq.otto.counting_statistics(cycles)` - perturbation theory of the dominant eigenvalue of the tilted
   one-cycle map (one linear solve per order), kappa_1 at s e^{+-h} for the derivative.  Target: under 1 s.
2. Baseline: the straightforward dense route - for each point and current, ln of the largest eigenvalue of the full
   tilted map (`noneq.otto.tilted_map`, numpy eig) on a 9-point stencil chi = j h, a degree-8 polynomial fit for
   the derivatives 1..4, and the same first derivative at s e^{+-h}.

Agreement (the exit status): kappa_1, kappa_2 to 1e-6, kappa_3 to 1e-4, kappa_4 to 1e-2 relative to each
current's largest cumulant of that order (the stencil's truncation and rounding, h = 0.05 / largest jump energy).
Also times the same curve with finite-time unitary strokes (tilt 0.5, both schemes; not compared).
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

import numpy as np

_SRC = Path(__file__).resolve().parents[1] / "src"
if str(_SRC) not in sys.path:  # allow running without the editable install
    sys.path.insert(0, str(_SRC))

from noneq.otto import (CURRENTS, OttoCycle, counting_statistics, cycle_strokes, optimal_refrigerator,  # noqa: E402
                        optimal_times, scaled_in_time, tilted_map)
from noneq.otto.counting import current_weights  # noqa: E402

N_POINTS = 200
SCALES = np.geomspace(1e-2, 1e2, N_POINTS)
TARGET_S = 1.0
STENCIL = np.arange(-4, 5)
STENCIL_STEP = 0.05  # in units of 1 / the largest weighted jump energy
AGREEMENT = (1e-6, 1e-6, 1e-4, 1e-2)  # per order: the dense stencil's truncation (h^8 / ...) and rounding (eps / h^k)
LOG_STEP = 1e-4


def base_cycle() -> OttoCycle:
    optimum = optimal_refrigerator(2.0)
    times = optimal_times(1.0, 1.0, 1.0)
    return OttoCycle(float(optimum.beta_c_w_a[0]), float(optimum.beta_h_w_b[0]) * 1.5, 1.0, 1.5, 1.0, 1.0,
                     times.tau_c, times.tau_h, 1.0)


def dense_cumulants(cycle: OttoCycle, order: int = 4) -> np.ndarray:
    """(current, order) by dense eigenvalues of the tilted map on a stencil and a polynomial fit."""
    strokes = cycle_strokes(cycle)
    out = np.empty((len(CURRENTS), order))
    for row, current in enumerate(CURRENTS):
        a_c, a_h = current_weights(cycle, current)
        scale = max(abs(a_c) * cycle.energies(cycle.w_a)[-1], abs(a_h) * cycle.energies(cycle.w_b)[-1])
        chi = STENCIL * STENCIL_STEP / scale
        lam = []
        for x in chi:
            eigenvalues = np.linalg.eig(tilted_map(cycle, a_c * x, a_h * x, strokes=strokes))[0]
            lam.append(np.log(np.max(eigenvalues.real)))
        coefficients = np.polynomial.polynomial.polyfit(chi, lam, STENCIL.size - 1)
        out[row] = [coefficients[k] * math.factorial(k) for k in range(1, order + 1)]
    return out


def dense_curve(cycles):
    kappa = np.array([dense_cumulants(c) for c in cycles])
    up = np.array([dense_cumulants(scaled_in_time(c, math.exp(LOG_STEP)), 1)[:, 0] for c in cycles])
    down = np.array([dense_cumulants(scaled_in_time(c, math.exp(-LOG_STEP)), 1)[:, 0] for c in cycles])
    sigma = kappa[:, CURRENTS.index("sigma"), 0]
    tur = kappa[:, :, 1] * sigma[:, None] / (2 * kappa[:, :, 0] ** 2)
    return kappa, tur, ((up - down) / (2 * LOG_STEP) / kappa[:, :, 0]) ** 2


def main() -> int:
    cycles = [scaled_in_time(base_cycle(), s) for s in SCALES]
    counting_statistics(cycles[:3])
    dense_curve(cycles[:1])  # warm-up
    fast_times, dense_times = [], []
    for _ in range(3):  # interleaved: the machine's load affects both alike
        start = time.perf_counter()
        fast = counting_statistics(cycles)
        fast_times.append(time.perf_counter() - start)
        if not dense_times:
            start = time.perf_counter()
            dense = dense_curve(cycles)
            dense_times.append(time.perf_counter() - start)
    quantum = {}
    for scheme in ("two-point", "coherent"):
        start = time.perf_counter()
        counting_statistics(cycles, tilt=0.5, scheme=scheme)
        quantum[scheme] = time.perf_counter() - start
    kappa = fast.cumulants.values
    worst = [float(np.max(np.abs(kappa[:, :, k] - dense[0][:, :, k]) / np.max(np.abs(dense[0][:, :, k]), axis=0)))
             for k in range(4)]
    t_fast, t_dense = min(fast_times), min(dense_times)
    print(f"Otto FCS along {N_POINTS} stroke-time scales s in [{SCALES[0]:g}, {SCALES[-1]:g}] "
          f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"  noneq perturbation theory : {t_fast * 1e3:9.1f} ms   (target < {TARGET_S:g} s)")
    print(f"  dense eig + stencil       : {t_dense * 1e3:9.1f} ms")
    print(f"  speed-up                  : {t_dense / t_fast:9.1f} x")
    print("  max relative difference   : " + ", ".join(f"kappa_{k + 1} {w:.1e} (< {a:g})"
                                                       for k, (w, a) in enumerate(zip(worst, AGREEMENT))))
    print(f"  TUR ratio, bound          : max differences {np.max(np.abs(fast.tur_ratio.values - dense[1])):.1e}, "
          f"{np.max(np.abs(fast.tur_bound_periodic.values - dense[2])):.1e}")
    print(f"  unitary strokes (tilt 0.5): two-point {quantum['two-point'] * 1e3:.0f} ms, coherent "
          f"{quantum['coherent'] * 1e3:.0f} ms (stroke unitaries dominate)")
    agrees = all(w < a for w, a in zip(worst, AGREEMENT))
    return 0 if (agrees and t_fast < TARGET_S) else 1


if __name__ == "__main__":
    raise SystemExit(main())
