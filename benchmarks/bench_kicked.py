"""Speed of the kicked-particles solvers against straightforward numpy implementations (same process).

Cases (issue 7 targets, 2 cores):
- classical: 10^4 trajectories x 500 kicks, m = 0.001, coupling 2: target < 2 min. noneq's step control at the
  default tolerance against the straightforward numpy fold Verlet at dt = 1/4000 (PLAIN_STEPS), with each one's
  measured error of p1 per period (noneq is the more accurate, so the ratio is a lower bound at equal accuracy);
  timed over max(--kicks, 20) periods. noneq's steps grow with p1 (~760 per period over the first 20 kicks,
  ~1200 averaged over 500), so its extrapolated time is low by ~1.6x: a full 10^4 x 500 run took 124 s CPU
  (~62 s on 2 idle cores; `--kicks 500` times it).
- quantum, two particles: 500 kicks, m = 0.001, coupling 2, K1 = 1.8, lambda = 10, L = pi at hbar_eff = 0.05 (target
  < 1 min) and 0.01 (< 5 min). noneq runs `evolve_two` end to end (basis grown with the state, automatic
  sub-steps with pilot and checks, parity sectors on two threads) for the hbar_eff given to --end-to-end
  (default 0.05; 0.01 takes about 3 hours on 2 idle cores); otherwise its time is estimated from --kicks periods on the a priori
  basis `fixed_modes` at the pilot's S (not a bound: the basis is larger than a grown one, but the checks during
  the run may raise S). Baselines in the same process, each timed for --kicks periods on
  the a priori basis at noneq's S and extrapolated to 500 kicks (printed as such): (1) the full-grid path (no
  sectors), (2) the same splitting with the blocks as one batched np.matmul (all three checked to agree), (3) the
  straightforward 2D Strang split-operator (T1 + T2 | coupling G) at equal accuracy: both schemes' errors are measured
  against a Chebyshev propagation of the full H on a small grid (127 x N2, 3 kicks) and the plain S is scaled to
  match, then it is timed per sub-step at full size.
- paths (issue 15): the two-particle sector paths in the same process, interleaved (best of --repeats): today's
  (each parity sector on its own thread, its own pass over V_j) against the joint blocks (`SectorPropagator(joint=
  True)`: one pass over V_j for both sectors; two threads splitting the block rows, meeting twice per sub-step), and
  both on one thread (a sweep worker's case). Per sub-step on the a priori basis `fixed_modes` (larger than a grown
  one) and, at 0.01, on the run's basis at mid-run (4499 x 31); projected 500-kick times = pilot
  + (500 + checks) periods at the pilot's S (not a bound: the checks during the run raise S at 0.01 and 0.02);
  measured end to end for the hbar_eff in --end-to-end (both paths, alternating). Prints the load average.
The classical timings are extrapolated linearly from their periods (printed as such).

    python3 benchmarks/bench_kicked.py [--kicks 3] [--samples 10000] [--substeps 0] [--part all|classical|quantum|paths]
                                       [--end-to-end 0.05 0.01] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from noneq.kicked import basis, classical, sectors  # noqa: E402
from noneq.kicked.model import KickedParticles  # noqa: E402
from noneq.kicked.propagator import Propagator, chebyshev_reference, initial_state  # noqa: E402
from noneq.kicked.sectors import SectorPropagator  # noqa: E402
from noneq.kicked.substeps import check_kicks  # noqa: E402
from noneq.kicked.two_particle import (AUTO_START, CHECK_KICKS, choose_substeps, evolve_two, fixed_modes,  # noqa: E402
                                       initial_modes)

TARGET_KICKS = 500
AGREEMENT = 1e-8  # numba vs numpy: same operations; classical: median trajectory (chaos amplifies a few)
CALIBRATION_MODES1 = 127  # small grid on which the equal-accuracy sub-steps are measured against Chebyshev
CALIBRATION_KICKS = 3  # periods of the calibration (the resonant error shows within one)
CALIBRATION_PLAIN = 4000  # plain-splitting sub-steps of the calibration run (second order there: measured)
PLAIN_TIMED_SUBSTEPS = 20  # sub-steps timed per method at full size (cost per sub-step is constant)


def numpy_classical(model, state, kicks, steps):
    x1, p1, x2, p2 = (np.array(v) for v in (state.x1, state.p1, state.x2, state.p2))
    a, dt, L = model.width_coefficient, 1.0 / steps, model.L

    def force(x1, x2):
        d = x1 - x2
        return 2 * a * model.coupling * d * np.exp(-a * d * d)

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


CLASSICAL_KICKS = 20  # classical timings run at least this many periods, then extrapolate to 500
PLAIN_STEPS = 4000  # the straightforward fold Verlet needs dt ~ 1/4000 at m = 0.001
PROBE_TRAJECTORIES = 200  # evolved states on which the one-period error of each integrator is measured
CONVERGED_TOLERANCE = 1e-7  # reference run for those errors (4 orders below the default tolerance)


def period_error(p1, reference):
    """90%-quantile |dp1| after one kick and period (the quantity `classical.tolerance` controls)."""
    return float(np.quantile(np.abs(p1 - reference), 0.9))


def subset(state, count):
    return classical.Ensemble(*(np.array(v[:count]) for v in (state.x1, state.p1, state.x2, state.p2)))


def clocked(function):
    """(value, wall seconds, CPU seconds of this process: all threads; a loaded machine inflates only wall)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = function()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def bench_classical(samples, kicks):
    """10^4 x 500 at m = 0.001, coupling 2: noneq (step control, default tolerance) vs numpy fold Verlet."""
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0)
    kicks = max(kicks, CLASSICAL_KICKS)
    scale = TARGET_KICKS / kicks
    state = classical.initial_ensemble(model, samples, seed=1)
    classical.integrate(model, subset(state, 10), 1)  # compile
    run, fast, fast_cpu = clocked(lambda: classical.integrate(model, state, kicks))
    count = min(samples, 1000)
    small = subset(state, count)
    _, slow, slow_cpu = clocked(lambda: numpy_classical(model, small, kicks, PLAIN_STEPS))
    _, fixed, _ = clocked(lambda: classical.integrate(model, small, kicks, PLAIN_STEPS, jumps=False, guard=False))
    probe = subset(run.final, PROBE_TRAJECTORIES)
    reference = classical.integrate(model, probe, 1, tolerance=CONVERGED_TOLERANCE, guard=False).history[-1]
    ours = period_error(classical.integrate(model, probe, 1, guard=False).history[-1], reference)
    theirs = period_error(numpy_classical(model, probe, 1, PLAIN_STEPS), reference)
    slow, slow_cpu = slow * samples / count, slow_cpu * samples / count
    print(f"classical {samples} traj x {TARGET_KICKS} kicks (extrapolated from {kicks}), m = 0.001, "
          f"coupling 2:\n  noneq (tolerance {classical.DEFAULT_TOLERANCE:g}, {run.substeps:.0f} steps/period): "
          f"{fast * scale:.0f} s wall, {fast_cpu * scale:.0f} s CPU, error/period (90%) {ours:.1e}, guard "
          f"{run.guard_error:.1e}\n  numpy fold Verlet ({PLAIN_STEPS} steps/period): {slow * scale:.0f} s wall, "
          f"{slow_cpu * scale:.0f} s CPU, error/period (90%) "
          f"{theirs:.1e}\n  ratio numpy / noneq {slow / fast:.1f} (noneq also {theirs / ours:.0f}x more "
          f"accurate); same {PLAIN_STEPS} steps, no jumps: ratio {slow / (fixed * samples / count):.1f}")
    return ours <= theirs and run.guard_error <= classical.GUARD_FACTOR * classical.DEFAULT_TOLERANCE


def numpy_period(propagator, c, substeps):
    """The same splitting with the per-x1 blocks as one batched np.matmul (the straightforward numpy version)."""
    U2, half, full = propagator.operators(substeps)
    psi = basis.transform(c, axis=0) * propagator.kick1[:, None]
    c = basis.transform(psi, axis=0) * half[:, None]
    for s in range(substeps):
        psi = np.matmul(U2, basis.transform(c, axis=0)[:, :, None])[:, :, 0]
        c = basis.transform(psi, axis=0) * (half if s == substeps - 1 else full)[:, None]
    return c


class PlainSplit:
    """The textbook 2D split-operator: exp(-i (T1 + T2) dt / 2hbar) exp(-i coupling G dt / hbar) exp(-i (T1 + T2)
    dt / 2hbar), kinetic phases in the sine basis of both particles, coupling G on the 2D collocation grid (DST-I along
    both axes). Converges slowly for a light particle (error ~ [T2, [T2, G]] dt^2 ~ dt^2 / m^2)."""

    def __init__(self, model, modes1, modes2):
        self.model = model
        x1, x2 = basis.grid(model, modes1), basis.grid(model, modes2)
        self.potential = model.coupling * model.G(x1[:, None] - x2[None, :]) / model.hbar_eff
        self.kinetic = np.add.outer(basis.momenta(model, modes1) ** 2 / 2,
                                    basis.momenta(model, modes2) ** 2 / (2 * model.m)) / model.hbar_eff
        self.kick1 = basis.kick_phases(model, modes1, model.K1)

    def period(self, c, substeps):
        dt = 1.0 / substeps
        half, step = np.exp(-0.5j * self.kinetic * dt), np.exp(-1j * self.potential * dt)
        c = basis.transform(basis.transform(c, axis=0) * self.kick1[:, None], axis=0)
        for _ in range(substeps):
            grid = basis.transform(basis.transform(c * half, axis=0), axis=1) * step
            c = basis.transform(basis.transform(grid, axis=1), axis=0) * half
        return c


def equal_accuracy_substeps(model, substeps, modes2):
    """S of the plain 2D splitting with the error of noneq's at S = ``substeps``: both measured against the
    Chebyshev reference on a small grid (CALIBRATION_MODES1 x modes2, CALIBRATION_KICKS kicks); the plain
    splitting's S from its measured second-order error at CALIBRATION_PLAIN sub-steps."""
    modes1 = CALIBRATION_MODES1
    reference = chebyshev_reference(model, modes1, modes2, CALIBRATION_KICKS)
    ours, plain = initial_state(modes1, modes2), initial_state(modes1, modes2)
    propagator, splitter = Propagator(model, modes1, modes2, substeps), PlainSplit(model, modes1, modes2)
    for _ in range(CALIBRATION_KICKS):
        ours, plain = propagator.period(ours), splitter.period(plain, CALIBRATION_PLAIN)
    error_ours = float(np.linalg.norm(ours - reference))
    error_plain = float(np.linalg.norm(plain - reference))
    return int(np.ceil(CALIBRATION_PLAIN * np.sqrt(error_plain / error_ours))), error_ours, error_plain


def per_substep(function, substeps):
    """CPU seconds per sub-step of ``function(substeps)`` (one period; a first call builds the operators)."""
    function(substeps)
    return clocked(lambda: function(substeps))[2] / substeps


def bench_quantum(kicks, substeps, end_to_end=(0.05,), hbars=(0.05, 0.01)):
    """500 kicks at the automatic resolution (module docstring).

    noneq: `evolve_two` end to end (growing basis, automatic S with its pilot and checks, parity sectors on two
    threads) for the hbar_eff in ``end_to_end``; otherwise estimated from ``kicks`` timed periods on the a priori
    basis (`two_particle.fixed_modes`) at the pilot's S (not a bound: see the module docstring). Baselines, each
    timed for ``kicks`` periods on the a priori basis at noneq's S and extrapolated to 500 kicks: the previous
    path (same basis, full grid, one thread), the same splitting with the blocks as one batched np.matmul, and
    the plain 2D Strang split-operator at equal accuracy. Times are wall and CPU seconds of this process.
    """
    ok = True
    for hbar in hbars:
        model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, interaction_lambda=10.0, hbar_eff=hbar)
        modes1, modes2 = fixed_modes(model, TARGET_KICKS)
        c = initial_state(modes1, modes2)
        if hbar in end_to_end:
            result, wall, cpu = clocked(lambda: evolve_two(model, modes1=0, modes2=0, substeps=substeps,
                                                           kicks=TARGET_KICKS))
            S = result.substeps
            ours = (f"end to end {wall:.0f} s wall, {cpu:.0f} s CPU (basis grew to {result.modes1} x "
                    f"{result.modes2}; final estimated error {result.substep_error:.1e}, resolved {result.resolved})")
        else:
            start = Propagator(model, *initial_modes(model, TARGET_KICKS), AUTO_START)
            S, pilot, pilot_cpu = clocked(lambda: choose_substeps(start, TARGET_KICKS))
            if substeps:
                S = substeps
            sectors = Propagator(model, modes1, modes2, S)
            _, per, per_cpu = clocked(lambda: run_periods(sectors.period, c, kicks))
            checks = 2 * len(check_kicks(TARGET_KICKS)) + 3 * CHECK_KICKS  # during the run (2S + 1) and at the end
            wall = pilot + per / kicks * (TARGET_KICKS + checks)
            cpu = pilot_cpu + per_cpu / kicks * (TARGET_KICKS + checks)
            ours = (f"estimated {wall:.0f} s wall, {cpu:.0f} s CPU (not a bound: a priori basis {modes1} x {modes2} "
                    f"throughout, pilot's S, from {kicks} periods)")
        previous = Propagator(model, modes1, modes2, S, sectors=False)
        previous_c, _, previous_cpu = clocked(lambda: run_periods(previous.period, c, kicks))
        numpy_c, _, numpy_cpu = clocked(lambda: run_periods(lambda state: numpy_period(previous, state, S), c,
                                                            kicks))
        sectors_c = run_periods(Propagator(model, modes1, modes2, S).period, c, kicks)
        difference = max(float(np.abs(previous_c - numpy_c).max()), float(np.abs(previous_c - sectors_c).max()))
        ok &= difference < AGREEMENT
        scale = TARGET_KICKS / kicks
        plain_S, error_ours, error_plain = equal_accuracy_substeps(model, S, modes2)
        splitter = PlainSplit(model, modes1, modes2)
        plain_step = per_substep(lambda n: splitter.period(c, n), PLAIN_TIMED_SUBSTEPS)
        plain_total = plain_step * plain_S * TARGET_KICKS
        print(f"quantum hbar_eff={hbar}, m = 0.001, coupling 2, {TARGET_KICKS} kicks: S = {S}, a priori basis "
              f"{modes1} x {modes2}\n"
              f"  noneq: {ours}\n"
              f"  full-grid path (a priori basis, no sectors): {previous_cpu * scale:.0f} s CPU, "
              f"ratio {previous_cpu * scale / cpu:.1f}\n"
              f"  numpy batched matmul, same splitting and basis: {numpy_cpu * scale:.0f} s CPU, ratio "
              f"{numpy_cpu * scale / cpu:.1f} (states agree to {difference:.0e}, sectors included)\n"
              f"  plain 2D Strang split-operator at equal accuracy (calibrated on {CALIBRATION_MODES1} x {modes2}, "
              f"{CALIBRATION_KICKS} kicks vs Chebyshev: noneq S = {S} error {error_ours:.1e}, plain S = "
              f"{CALIBRATION_PLAIN} error {error_plain:.1e} -> S = {plain_S}): {plain_step * 1e3:.2f} ms CPU per "
              f"sub-step; {plain_total:.0f} s CPU, ratio {plain_total / cpu:.0f}")
    return ok


PATH_HBARS = (0.05, 0.02, 0.01)
PATH_SUBSTEPS = 10  # sub-steps per timed call (the cost per sub-step does not depend on S)
LATE_BASIS = (4499, 31)  # the 0.01 run's basis at mid-run (docs/notes/kicked.md)
PATHS = {"today (2 threads, sectors apart)": dict(threads=2, joint=False),
         "joint (2 threads, rows split)": dict(threads=2, joint=True),
         "today, 1 thread": dict(threads=1, joint=False), "joint, 1 thread": dict(threads=1, joint=True)}
TODAY = "today (2 threads, sectors apart)"


def time_paths(model, modes1, modes2, repeats):
    """Wall and CPU seconds per sub-step of each path (best wall, median CPU), interleaved; paths agree to rounding."""
    propagator = Propagator(model, modes1, modes2, PATH_SUBSTEPS, sectors=False)
    c = random_like(modes1, modes2)
    ways = {name: SectorPropagator(propagator, **options).period for name, options in PATHS.items()}
    results = {name: period(c) for name, period in ways.items()}  # warm-up: operators, numba
    difference = max(float(np.abs(value - results[TODAY]).max()) for value in results.values())
    times = {name: [] for name in ways}
    for _ in range(repeats):
        for name, period in ways.items():
            times[name].append(clocked(lambda: period(c))[1:])
    per_step = {name: (min(w for w, _ in values) / PATH_SUBSTEPS, float(np.median([cpu for _, cpu in values]))
                       / PATH_SUBSTEPS) for name, values in times.items()}
    return per_step, difference


def random_like(modes1, modes2):
    rng = np.random.default_rng(0)
    c = rng.normal(size=(modes1, modes2)) + 1j * rng.normal(size=(modes1, modes2))
    return c / np.linalg.norm(c)


def end_to_end(model, joint):
    """`evolve_two` for 500 kicks with the joint blocks on (both thread counts) or off (today's path)."""
    saved = dict(sectors.JOINT_BLOCKS)
    sectors.JOINT_BLOCKS.update({1: joint, 2: joint})
    try:
        return clocked(lambda: evolve_two(model, modes1=0, modes2=0, substeps=0, kicks=TARGET_KICKS))
    finally:
        sectors.JOINT_BLOCKS.update(saved)


def bench_paths(repeats, end_to_end_hbars, late=LATE_BASIS):
    """Today's sector path against the joint blocks (module docstring); returns whether all paths agree."""
    ok = True
    print(f"paths, m = 0.001, coupling 2, {TARGET_KICKS} kicks; load average {os.getloadavg()[0]:.1f} "
          f"(absolute times scale with it; the ratios are interleaved)")
    for hbar in PATH_HBARS:
        model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, interaction_lambda=10.0, hbar_eff=hbar)
        start = Propagator(model, *initial_modes(model, TARGET_KICKS), AUTO_START)
        S, pilot, _ = clocked(lambda: choose_substeps(start, TARGET_KICKS))
        bases = {"a priori": fixed_modes(model, TARGET_KICKS)}
        if hbar == 0.01:
            bases["late-run"] = late
        for label, (modes1, modes2) in bases.items():
            per_step, difference = time_paths(model, modes1, modes2, repeats)
            ok &= difference < AGREEMENT
            periods = TARGET_KICKS + 2 * len(check_kicks(TARGET_KICKS)) + 3 * CHECK_KICKS
            print(f"  hbar_eff = {hbar}: pilot S = {S} ({pilot:.0f} s), {label} basis {modes1} x {modes2} "
                  f"(paths agree to {difference:.0e}); load {os.getloadavg()[0]:.1f}; projections at the pilot's S "
                  f"throughout (fewer sub-steps than a real run: the checks during the run raise S at 0.01 and "
                  f"0.02, docs/notes/kicked.md)")
            for name, (wall, cpu) in per_step.items():
                print(f"    {name:34s} {1e3 * wall:6.2f} ms wall, {1e3 * cpu:6.2f} ms CPU per sub-step; projected "
                      f"{pilot + wall * S * periods:7.0f} s for {TARGET_KICKS} kicks; today / this (wall) "
                      f"{per_step[TODAY][0] / wall:.2f}")
        if hbar in end_to_end_hbars:
            runs = {}
            for joint in (False, True, False, True):  # alternating: today's, joint, today's, joint
                result, wall, cpu = end_to_end(model, joint)
                previous = runs.get(joint)
                if previous is None or wall < previous[1]:
                    runs[joint] = (result, wall, cpu)
            for joint, (result, wall, cpu) in runs.items():
                print(f"    measured end to end, {'joint' if joint else 'today'}: {wall:.0f} s wall, {cpu:.0f} s CPU, "
                      f"S = {result.substeps}, basis {result.modes1} x {result.modes2}, estimated final-state error "
                      f"{result.substep_error:.1e}, resolved {result.resolved}")
            print(f"    end-to-end ratio today / joint (best wall) {runs[False][1] / runs[True][1]:.2f}; load "
                  f"{os.getloadavg()[0]:.1f}")
    return ok


def run_periods(period, c, count):
    for _ in range(count):
        c = period(c)
    return c


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kicks", type=int, default=3)
    parser.add_argument("--samples", type=int, default=10_000, help="classical trajectories")
    parser.add_argument("--substeps", type=int, default=0, help="quantum sub-steps per period (0: automatic)")
    parser.add_argument("--part", choices=("all", "classical", "quantum", "paths"), default="all")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved repetitions of the path timings")
    parser.add_argument("--end-to-end", type=float, nargs="*", default=[0.05],
                        help="hbar_eff values run for all 500 kicks (others are estimated; 0.01 takes about 3 hours)")
    args = parser.parse_args()
    ok = True

    if args.part in ("all", "classical"):
        ok &= bench_classical(args.samples, args.kicks)
    if args.part in ("all", "quantum"):
        ok &= bench_quantum(args.kicks, args.substeps, tuple(args.end_to_end))
    if args.part in ("all", "paths"):
        ok &= bench_paths(args.repeats, tuple(args.end_to_end))
    print("agreement:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
