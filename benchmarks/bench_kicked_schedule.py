"""Sub-steps of the two-particle run: the checks during the run against a single mid-run check (same process).

The automatic schedule (`noneq.kicked.substeps`: pilot, a check about every kicks / AUTO_CHECKS kicks that charges
each segment with its measured error and plans S for the rest from the budget left) against the schedule it
replaced, emulated here exactly: the pilot, one check at kick kicks // 2 that charges the first half with the
per-period error measured there and raises S (ladder, re-measured) until the projected total passes, and the rerun
of a run that fails its end-of-run guard at a fixed S. Case: 500 kicks, m = 0.001, coupling 2, K1 = 1.8,
lambda = 10, L = pi (the paper's Fig. 2 pair).

Counts the sub-steps every period of every propagator ran (pilot, checks, growth reruns, reruns: a count that does
not depend on the machine's load) and the same weighted by the cost of a sub-step on the basis it ran on
(N1 N2 (N2 + log2 N1), `noneq.kicked.costs`), with wall and CPU seconds and the estimated final-state error.

``--model`` instead plans both schedules on error constants c = (per-period error) x S^2 measured in real runs
(docs/notes/kicked.md: at hbar_eff = 0.01, c = 40 at the pilot and 336 at kick 250; at 0.02, 14 and 140; linear in
the kick between and after), counting periods of the planned S only (no basis growth): seconds, for the runs that
take hours end to end.

    python3 benchmarks/bench_kicked_schedule.py [--hbar 0.05] [--schedules both|checks] [--model]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from noneq.kicked import guards, substeps, two_particle  # noqa: E402
from noneq.kicked.model import KickedParticles  # noqa: E402
from noneq.kicked.propagator import Propagator  # noqa: E402

KICKS = 500
MEASURED_CONSTANTS = {0.01: (1567, 40.0, 336.0), 0.02: (936, 14.0, 140.0)}  # pilot S, c at kick 0 and at 250


def midrun_check(self, propagator, previous, c, n, checks, charged):
    """The replaced schedule's check at kick kicks // 2: charge the first half with the per-period error measured
    from the state there, raise S (ladder, re-measured) until the projected total passes the automatic target."""
    target = guards.SUBSTEP_TOLERANCE / substeps.AUTO_SAFETY
    per_period = propagator.splitting_error(c, propagator.substeps, 1)
    first_half = per_period * n
    while per_period * self.kicks > target and propagator.substeps < substeps.AUTO_MAX:
        low, high = substeps.LADDER_GROWTH
        growth = min(high, max(low, 1.1 * np.sqrt(per_period * self.kicks / target)))
        propagator.substeps = int(np.ceil(propagator.substeps * growth))
        per_period = propagator.splitting_error(c, propagator.substeps, 1)
    return charged + first_half


@contextlib.contextmanager
def schedule(name):
    """``checks``: noneq's schedule; ``mid-run``: the replaced one (module docstring)."""
    saved = two_particle.check_kicks, two_particle._Run._check
    if name == "mid-run":
        two_particle.check_kicks = lambda kicks: (kicks // 2,) if kicks >= substeps.AUTO_MONITOR_KICKS else ()
        two_particle._Run._check = midrun_check
    try:
        yield
    finally:
        two_particle.check_kicks, two_particle._Run._check = saved


@contextlib.contextmanager
def counted():
    """Counts the sub-steps of every `Propagator.period` call, plain and weighted by the basis it ran on."""
    totals = {"substeps": 0, "weighted": 0.0}
    period = Propagator.period

    def counting(self, c, count=None):
        S = count or self.substeps
        totals["substeps"] += S
        totals["weighted"] += S * self.modes1 * self.modes2 * (self.modes2 + np.log2(self.modes1 + 1.0))
        return period(self, c, count)

    Propagator.period = counting
    try:
        yield totals
    finally:
        Propagator.period = period


def run(hbar, name):
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, interaction_lambda=10.0, hbar_eff=hbar)
    with schedule(name), counted() as totals:
        wall, cpu = time.perf_counter(), time.process_time()
        result = two_particle.evolve_two(model, modes1=0, modes2=0, substeps=0, kicks=KICKS)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {name:8s} {totals['substeps']:9d} sub-steps, weighted {totals['weighted']:.3e}; {wall:6.0f} s wall, "
          f"{cpu:6.0f} s CPU; final S = {result.substeps}, basis {result.modes1} x {result.modes2}, estimated "
          f"final-state error {result.substep_error:.1e}, resolved {result.resolved}", flush=True)
    return totals, result


def planned(constant, pilot, name):
    """Sub-steps of a 500-kick run under ``name`` when the error constant at kick k is ``constant(k)``."""
    target, tolerance = guards.SUBSTEP_TOLERANCE / substeps.AUTO_SAFETY, guards.SUBSTEP_TOLERANCE
    checks = substeps.check_kicks(KICKS) if name == "checks" else (KICKS // 2,)
    S, charged, total, last = pilot, 0.0, 0, 0
    for n in range(1, KICKS + 1):
        total += S
        if n not in checks:
            continue
        per_period = constant(n) / S**2
        charged += per_period * (n - last)
        total, last = total + 2 * S + 1, n
        if name == "checks":
            if charged > tolerance:
                return total, rerun(S, charged + per_period * (KICKS - n), constant)
            position = checks.index(n)
            S = substeps.planned_substeps(S, per_period, n, [*checks[position + 1:], KICKS],
                                          substeps.remaining_budget(charged))
        else:
            while per_period * KICKS > target:
                low, high = substeps.LADDER_GROWTH
                S = int(np.ceil(S * min(high, max(low, 1.1 * np.sqrt(per_period * KICKS / target)))))
                per_period, total = constant(n) / S**2, total + 3 * S + 1
    error = charged + constant(KICKS) / S**2 * (KICKS - last)
    total += 3 * substeps.CHECK_KICKS * S
    return (total, None) if error <= tolerance else (total, rerun(S, error, constant))


def rerun(S, error, constant):
    retry = substeps.retry_substeps(S, error)
    return retry * (KICKS + 3 * substeps.CHECK_KICKS), retry


def model_schedules():
    print(f"planned on measured error constants ({KICKS} kicks, no basis growth; module docstring):")
    for hbar, (pilot, start, middle) in MEASURED_CONSTANTS.items():
        def constant(kick):
            return start + (middle - start) * kick / 250
        counts = {}
        for name in ("mid-run", "checks"):
            total, again = planned(constant, pilot, name)
            counts[name] = total + (again[0] if again else 0)
            print(f"  hbar_eff = {hbar}: {name:8s} {counts[name]:9d} sub-steps"
                  + (f" (first attempt {total}, rerun at S = {again[1]})" if again else " (no rerun)"))
        print(f"  hbar_eff = {hbar}: mid-run / checks {counts['mid-run'] / counts['checks']:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hbar", type=float, nargs="*", default=[0.05], help="hbar_eff values run end to end")
    parser.add_argument("--schedules", choices=("both", "checks"), default="both",
                        help="both: the replaced schedule too (hours below hbar_eff = 0.05)")
    parser.add_argument("--model", action="store_true", help="plan on measured error constants instead (seconds)")
    args = parser.parse_args()
    if args.model:
        model_schedules()
        return 0
    for hbar in args.hbar:
        print(f"hbar_eff = {hbar}, {KICKS} kicks, m = 0.001; load average {os.getloadavg()[0]:.1f}", flush=True)
        names = ("mid-run", "checks") if args.schedules == "both" else ("checks",)
        totals = {name: run(hbar, name)[0] for name in names}
        if len(totals) == 2:
            print(f"  mid-run / checks: sub-steps {totals['mid-run']['substeps'] / totals['checks']['substeps']:.2f}, "
                  f"weighted {totals['mid-run']['weighted'] / totals['checks']['weighted']:.2f}; load average "
                  f"{os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
