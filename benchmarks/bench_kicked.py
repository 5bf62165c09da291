"""Speed of the kicked-particles solvers against straightforward numpy implementations (same process).

Cases (issue 7 targets, 2 cores):
- classical: 10^4 trajectories x 500 kicks, m = 0.001, eps = 2 (auto step ~1/4000): target < 2 min.
- quantum, two particles: 500 kicks, m = 0.001, eps = 2 at hbar_eff = 0.05 (target < 1 min) and 0.01 (< 5 min).
Each timing runs `--kicks` periods (default: a few) and is extrapolated linearly to 500 kicks (per-period cost
is constant), which is printed as such. The numpy references run the same algorithms without numba (classical:
vectorized velocity Verlet with folding; quantum: np.matmul over the per-x1 blocks) and are checked to agree.

    python3 benchmarks/bench_kicked.py [--kicks 3] [--trajectories 10000] [--substeps 40]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from noneq.kicked import basis, classical  # noqa: E402
from noneq.kicked.model import KickedParticles, fast_modes  # noqa: E402
from noneq.kicked.two_particle import Propagator  # noqa: E402

TARGET_KICKS = 500
AGREEMENT = 1e-8  # numba vs numpy: same operations; classical: median trajectory (chaos amplifies a few)


def numpy_classical(model, state, kicks, steps):
    x1, p1, x2, p2 = (np.array(v) for v in (state.x1, state.p1, state.x2, state.p2))
    a, dt, L = model.width_coefficient, 1.0 / steps, model.L

    def force(x1, x2):
        d = x1 - x2
        return 2 * a * model.eps * d * np.exp(-a * d * d)

    def fold(x, p):
        k = np.floor(x / L)
        r = x - k * L
        odd = (k % 2) == 1
        return np.where(odd, L - r, r), np.where(odd, -p, p)

    for _ in range(kicks):
        p1 = p1 + model.K1 * np.sin(x1)
        f = force(x1, x2)
        for _ in range(steps):
            p1, p2 = p1 + 0.5 * dt * f, p2 - 0.5 * dt * f
            x1, p1 = fold(x1 + dt * p1, p1)
            x2, p2 = fold(x2 + dt * p2 / model.m, p2)
            f = force(x1, x2)
            p1, p2 = p1 + 0.5 * dt * f, p2 - 0.5 * dt * f
    return p1


def numpy_period(propagator, c):
    U2, half, full = propagator.operators(propagator.substeps)
    psi = basis.transform(c, axis=0) * propagator.kick1[:, None]
    c = basis.transform(psi, axis=0) * half[:, None]
    for s in range(propagator.substeps):
        psi = np.matmul(U2, basis.transform(c, axis=0)[:, :, None])[:, :, 0]
        c = basis.transform(psi, axis=0) * (half if s == propagator.substeps - 1 else full)[:, None]
    return c


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kicks", type=int, default=3)
    parser.add_argument("--trajectories", type=int, default=10_000)
    parser.add_argument("--substeps", type=int, default=40)
    args = parser.parse_args()
    scale = TARGET_KICKS / args.kicks
    ok = True

    model = KickedParticles(K1=1.8, m=0.001, eps=2.0)
    steps = classical.auto_steps(model, TARGET_KICKS)
    state = classical.initial_ensemble(model, args.trajectories, seed=1)
    classical.evolve_ensemble(model, state, 1, 2)  # compile
    (history, _), fast = timed(classical.evolve_ensemble, model, state, args.kicks, steps)
    reference_count = min(args.trajectories, 1000)
    small = classical.Ensemble(state.x1[:reference_count], state.p1[:reference_count],
                               state.x2[:reference_count], state.p2[:reference_count])
    reference, slow = timed(numpy_classical, model, small, args.kicks, steps)
    slow *= args.trajectories / reference_count
    classical_difference = float(np.median(np.abs(history[-1, :reference_count] - reference)))
    ok &= classical_difference < AGREEMENT
    print(f"classical {args.trajectories} traj x {TARGET_KICKS} kicks, {steps} steps/kick: numba "
          f"{fast * scale:.1f} s, numpy {slow * scale:.1f} s (extrapolated), ratio {slow / fast:.1f}; "
          f"median |dp1| {classical_difference:.1e}")

    for hbar in (0.05, 0.01):
        model = KickedParticles(K1=1.8, m=0.001, eps=2.0, hbar_eff=hbar)
        need1, need2 = model.required_modes(TARGET_KICKS)
        modes1, modes2 = fast_modes(2 * need1), fast_modes(max(2 * need2, 15))
        propagator, setup = timed(Propagator, model, modes1, modes2, args.substeps)
        c = np.outer(basis.ground_state(modes1), basis.ground_state(modes2))
        propagator.period(c)  # compile
        start = time.perf_counter()
        fast_c = c
        for _ in range(args.kicks):
            fast_c = propagator.period(fast_c)
        fast = time.perf_counter() - start
        start = time.perf_counter()
        slow_c = c
        for _ in range(args.kicks):
            slow_c = numpy_period(propagator, slow_c)
        slow = time.perf_counter() - start
        quantum_difference = float(np.abs(fast_c - slow_c).max())
        print(f"  numba vs numpy state difference {quantum_difference:.1e}")
        ok &= quantum_difference < AGREEMENT
        print(f"quantum hbar_eff={hbar}: modes {modes1} x {modes2}, S = {args.substeps}: setup {setup:.1f} s, "
              f"{TARGET_KICKS} kicks numba {setup + fast * scale:.0f} s, numpy {setup + slow * scale:.0f} s "
              f"(extrapolated), ratio {slow / fast:.1f}")
    print("agreement:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
