"""Per-period time of the parity-sector propagation (`noneq.kicked.sectors`) against the full-grid period.

Same process, same state, calls interleaved (round robin over ``--repeats`` rounds, best and median kept):
- full: `noneq.kicked.propagator.Propagator.period` with ``sectors=False`` (baseline);
- sectors, serial: `SectorPropagator(threads=1)` (half-size transforms and the blocks in one compiled loop);
- sectors, 2 threads: `SectorPropagator(threads=2)`;
- the last two again, each preceded by `reduced_purity(c)` as in `evolve_two`'s loop: its zgemm runs on
  OpenBLAS's threads, which then spin (busy-wait) on the second core for a while and slow the sector threads;
  and once more inside threadpoolctl.threadpool_limits(1, "blas"), which avoids that.
Cases (m = 0.001, coupling 2, lambda = 10, K1 = 1.8): hbar_eff = 0.05 with N1 = 719 and 1349, N2 = 15,
S = 200; hbar_eff = 0.01 with N1 = 3239, N2 = 29, S = 50. Wall and CPU seconds (all threads of this process)
are printed: on a machine where other jobs hold the cores the threaded wall time cannot drop, which the load
average printed alongside shows. A breakdown per sector and sub-step (transforms, blocks) explains the ratios.
Exits non-zero if the sector result differs from the full one by more than AGREEMENT.

    python3 benchmarks/bench_kicked_sectors.py [--repeats 5] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from noneq.kicked import sector_kernels, sectors  # noqa: E402
from noneq.kicked.model import KickedParticles  # noqa: E402
from noneq.kicked.observables import reduced_purity  # noqa: E402
from noneq.kicked.propagator import Propagator, _apply_blocks, initial_state  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

AGREEMENT = 1e-11  # same operations in another order (half-size FFTs, reassociated block sums): rounding only
CASES = ((0.05, 719, 15, 200), (0.05, 1349, 15, 200), (0.01, 3239, 29, 50))
QUICK_CASES = ((0.05, 719, 15, 20),)
COMPONENT_CALLS = 50  # calls per timed component of the breakdown


def clocked(function):
    wall, cpu = time.perf_counter(), time.process_time()
    value = function()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def per_call(function, calls=COMPONENT_CALLS):
    function()
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls


def breakdown(propagator, fast, S):
    """Microseconds per call: full-array DST-I and blocks; one sector's DST-II, DST-III, DST-I (scipy.fft from
    Python), blocks, phases, and one whole compiled sector sub-step (`sector_kernels.evolve_sector`, per sub-step)."""
    U2, _, _ = propagator.operators(S)
    c = np.random.default_rng(0).normal(size=(propagator.modes1, propagator.modes2)) + 0j
    blocks, odd_phases, even_phases = fast.operators(S)
    odd, even = sectors.to_half(c, 0)
    columns = fast.columns[0]
    if fast.factored:
        def apply_blocks():
            sector_kernels.apply_factored_blocks(blocks[0], blocks[2], blocks[3], odd, even, *columns)
    else:
        def apply_blocks():
            sector_kernels.apply_half_blocks(blocks[0], blocks[1], odd, even, *columns)
    from noneq.kicked import basis
    steps = 20
    times = {
        "full DST-I": per_call(lambda: basis.transform(c, axis=0)),
        "full blocks": per_call(lambda: _apply_blocks(U2, c)),
        "sector DST-II": per_call(lambda: sectors.odd_to_grid(odd)),
        "sector DST-III": per_call(lambda: sectors.odd_to_modes(odd)),
        "sector DST-I": per_call(lambda: sectors.even_transform(even)),
        "sector blocks" + (" (factored)" if fast.factored else ""): per_call(apply_blocks),
        "sector phases": per_call(lambda: sector_kernels.apply_phases(odd, odd_phases[1])),
        "sector sub-step (compiled)": per_call(lambda: sector_kernels.evolve_sector(
            odd.copy(), even.copy(), columns, fast.factored, blocks, odd_phases, even_phases, steps)) / steps,
    }
    return "  ".join(f"{name} {1e6 * value:.0f}" for name, value in times.items())


def bench(hbar, modes1, modes2, S, repeats):
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, interaction_lambda=10.0, hbar_eff=hbar)
    propagator = Propagator(model, modes1, modes2, S, sectors=False)  # "full": the full-grid path
    serial = sectors.SectorPropagator(propagator, threads=1)
    threaded = sectors.SectorPropagator(propagator, threads=2)
    c = propagator.period(initial_state(modes1, modes2))  # a state with both sectors populated
    methods = {"full": propagator.period, "sectors serial": serial.period, "sectors 2 threads": threaded.period}

    def after_purity(period):
        def run(state):
            reduced_purity(state)
            return period(state)
        return run

    def limited(period):
        def run(state):
            with threadpool_limits(1, user_api="blas"):
                reduced_purity(state)
                return period(state)
        return run

    for name in ("full", "sectors 2 threads"):
        methods[name + " + purity"] = after_purity(methods[name])
        methods[name + " + purity, BLAS 1"] = limited(methods[name])
    results = {name: method(c) for name, method in methods.items()}  # warm-up: operators, numba
    error = max(float(np.abs(results[name] - results["full"]).max()) for name in methods)
    times = {name: [] for name in methods}
    for _ in range(repeats):
        for name, method in methods.items():
            _, wall, cpu = clocked(lambda: method(c))
            times[name].append((wall, cpu))
    print(f"hbar_eff = {hbar}, N1 = {modes1}, N2 = {modes2}, S = {S}: max |sector - full| = {error:.1e}, "
          f"load average {os.getloadavg()[0]:.2f}")
    best = {name: min(wall for wall, _ in values) for name, values in times.items()}
    for name, values in times.items():
        walls, cpus = np.array(values).T
        print(f"  {name:34s} wall best {1e3 * walls.min():7.1f} ms, median {1e3 * np.median(walls):7.1f} ms; "
              f"CPU median {1e3 * np.median(cpus):7.1f} ms; full / this (best wall) {best['full'] / best[name]:.2f}")
    print(f"  serial / threaded (best wall) {best['sectors serial'] / best['sectors 2 threads']:.2f}")
    print("  per call (us): " + breakdown(propagator, serial, S))
    return error <= AGREEMENT


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one small case (smoke run)")
    args = parser.parse_args(argv)
    print(f"cores available: {sectors.available_cores()}")
    ok = all([bench(*case, args.repeats) for case in (QUICK_CASES if args.quick else CASES)])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
