"""Speed benchmark: kicked-top entropy maps, noneq vs a straightforward QuTiP loop.

Run from the repository root:

    PYTHONPATH=src python3 benchmarks/bench_kicked_top.py            # full run (31 x 61 grid, j = 1000)
    PYTHONPATH=src python3 benchmarks/bench_kicked_top.py --quick    # 11 x 21 grid, j = 200

What is timed (all in this process, time.perf_counter):

1. Baseline "QuTiP loop": a Python loop over every initial state of the grid; for each, the coherent state
   from qutip.spin_coherent, U built once as a Qobj, psi = U * psi per kick, entropy from qutip.expect of
   Jx, Jy, Jz.  j = 3/2, kappa = 2.5, 20 kicks.
2. Baseline "numpy loop": the same loop with dense numpy arrays (U @ psi, <psi|J|psi> per state), to separate
   QuTiP's per-call overhead from the gain of batching all states into one matrix product.
3. noneq.kicked_top.maps.entropy_map on the same grid and kicks; its entropy map must agree with both
   baselines to 1e-10 (asserted).  Target: >= 100x faster than the QuTiP loop.
4. The large-spin map entropy_map(KickedTop(1000, 2.5), *paper_grid(), 20) on the paper's 31 x 61 grid,
   d-matrix cache cleared before each run so the time includes building exp(-i p Jy); the d-matrix build is also
   timed alone. Target: under 30 s (on 2 cores).

No pytest: this prints a table and exits non-zero only if an agreement check fails.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

_SRC = Path(__file__).resolve().parents[1] / "src"
if str(_SRC) not in sys.path:  # allow running without PYTHONPATH
    sys.path.insert(0, str(_SRC))

from noneq.kicked_top import model as kt_model  # noqa: E402
from noneq.kicked_top.maps import entropy_map  # noqa: E402
from noneq.kicked_top.model import KickedTop  # noqa: E402
from noneq.kicked_top.quantum import coherent_batch  # noqa: E402

J_SMALL = 1.5
KAPPA = 2.5
P = math.pi / 2
KICKS = 20
SPEEDUP_TARGET = 100.0
LARGE_TARGET_S = 30.0
AGREEMENT_TOL = 1e-10


# --------------------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------------------

def paper_grid(n_theta: int = 31, n_phi: int = 61) -> tuple[np.ndarray, np.ndarray]:
    """The paper's grid of initial states: theta in [0, pi], phi in [-pi, pi]."""
    return np.linspace(0.0, np.pi, n_theta), np.linspace(-np.pi, np.pi, n_phi)


def h2(p: float) -> float:
    """Binary entropy in bits (scalar, written out as a physicist would)."""
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -p * math.log2(p) - (1.0 - p) * math.log2(1.0 - p)


def entropy_from_expectations(jx: float, jy: float, jz: float, j: float) -> float:
    """S = h2((1 + |<J>|/j) / 2)."""
    r = min(math.sqrt(jx * jx + jy * jy + jz * jz) / j, 1.0)
    return h2((1.0 + r) / 2.0)


def best_of(fn, repeats: int):
    """Run fn() `repeats` times; return (best wall time in s, last result)."""
    best = math.inf
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def environment() -> list[str]:
    lines = [f"python {platform.python_version()}, numpy {np.__version__}"]
    try:
        import scipy
        lines[0] += f", scipy {scipy.__version__}"
    except ImportError:
        pass
    try:
        import qutip
        lines[0] += f", qutip {qutip.__version__}"
    except ImportError:
        pass
    try:
        from threadpoolctl import threadpool_info
        pools = [f"{p.get('internal_api')}:{p.get('num_threads')}" for p in threadpool_info()]
        lines.append("BLAS/OpenMP thread pools (threadpoolctl): " + (", ".join(pools) or "none"))
    except ImportError:
        try:
            affinity = len(os.sched_getaffinity(0))
        except AttributeError:
            affinity = None
        lines.append(f"threadpoolctl not installed; os.cpu_count() = {os.cpu_count()}"
                     + (f", usable cores = {affinity}" if affinity is not None else ""))
    env = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
           if k in os.environ}
    if env:
        lines.append("thread env: " + ", ".join(f"{k}={v}" for k, v in env.items()))
    lines.append(f"platform: {platform.platform()}")
    return lines


# --------------------------------------------------------------------------------------------------------------
# baselines
# --------------------------------------------------------------------------------------------------------------

def qutip_coherent(qutip, j: float, theta: float, phi: float):
    """noneq's coherent state in QuTiP: qutip.spin_coherent uses exp(+i phi) on |down>, noneq exp(-i phi)."""
    return qutip.spin_coherent(j, theta, -phi)


def baseline_qutip(j: float, kappa: float, theta: np.ndarray, phi: np.ndarray, kicks: int) -> np.ndarray:
    """The straightforward QuTiP code: loop over initial states, U * psi per kick, qutip.expect for <J>."""
    import qutip

    jx, jy, jz = qutip.jmat(j, "x"), qutip.jmat(j, "y"), qutip.jmat(j, "z")
    U = (-1j * kappa / (2 * j) * jz ** 2).expm() * (-1j * P * jy).expm()
    S = np.empty((kicks + 1, theta.size, phi.size))
    for a, th in enumerate(theta):
        for b, ph in enumerate(phi):
            psi = qutip_coherent(qutip, j, th, ph)
            for n in range(kicks + 1):
                if n > 0:
                    psi = U * psi
                S[n, a, b] = entropy_from_expectations(qutip.expect(jx, psi), qutip.expect(jy, psi),
                                                       qutip.expect(jz, psi), j)
    return S


def baseline_numpy(j: float, kappa: float, theta: np.ndarray, phi: np.ndarray, kicks: int) -> np.ndarray:
    """Per-state loop with dense numpy arrays (no QuTiP, no batching)."""
    from scipy.linalg import expm

    dim = int(round(2 * j)) + 1
    m = j - np.arange(dim)
    jplus = np.diag(np.sqrt(j * (j + 1) - m[1:] * (m[1:] + 1)), k=1).astype(complex)
    jx = (jplus + jplus.conj().T) / 2
    jy = (jplus - jplus.conj().T) / 2j
    jz = np.diag(m).astype(complex)
    U = expm(-1j * kappa / (2 * j) * jz @ jz) @ expm(-1j * P * jy)
    k = np.arange(dim)
    binom = np.array([math.comb(dim - 1, int(i)) for i in k], dtype=float)
    S = np.empty((kicks + 1, theta.size, phi.size))
    for a, th in enumerate(theta):
        for b, ph in enumerate(phi):
            # |theta, phi> = sum_k sqrt(C(2j, k)) cos^(2j-k)(th/2) (e^{-i phi} sin(th/2))^k |m = j - k>
            psi = np.sqrt(binom) * np.cos(th / 2) ** (dim - 1 - k) * (np.exp(-1j * ph) * np.sin(th / 2)) ** k
            for n in range(kicks + 1):
                if n > 0:
                    psi = U @ psi
                S[n, a, b] = entropy_from_expectations(np.vdot(psi, jx @ psi).real, np.vdot(psi, jy @ psi).real,
                                                       np.vdot(psi, jz @ psi).real, j)
    return S


def check_conventions(j: float, kappa: float) -> float:
    """Baseline coherent states and U equal noneq's; returns the largest elementwise difference found."""
    import qutip

    model = KickedTop(j, kappa)
    worst = 0.0
    for th, ph in [(0.0, 0.0), (0.7, 1.1), (1.9, -2.3), (math.pi, 0.4), (2.5, math.pi)]:
        ours = coherent_batch(model, np.array([th]), np.array([ph]))[:, 0]
        theirs = qutip_coherent(qutip, j, th, ph).full().ravel()
        worst = max(worst, float(np.max(np.abs(ours - theirs))))
    jy, jz = qutip.jmat(j, "y"), qutip.jmat(j, "z")
    U = ((-1j * kappa / (2 * j) * jz ** 2).expm() * (-1j * P * jy).expm()).full()
    worst = max(worst, float(np.max(np.abs(U - model.floquet_operator()))))
    return worst


# --------------------------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="11 x 21 grid for the comparison, j = 200 for the large map")
    args = parser.parse_args(argv)

    if args.quick:
        theta, phi = paper_grid(11, 21)
        j_large = 200
    else:
        theta, phi = paper_grid()
        j_large = 1000
    grid = f"{theta.size}x{phi.size}"

    print("kicked-top entropy-map benchmark" + (" (--quick)" if args.quick else ""))
    for line in environment():
        print("  " + line)
    print()

    # -- conventions ------------------------------------------------------------------------------------------
    conv = check_conventions(J_SMALL, KAPPA)
    print(f"convention check: max |psi_qutip(th, -phi) - psi_noneq(th, phi)|, |U_qutip - U_noneq| = {conv:.2e}")
    assert conv < 1e-12, "baseline state / Floquet operator differ from noneq's convention"

    rows: list[tuple[str, str, float, str]] = []

    # -- noneq, small spin ------------------------------------------------------------------------------------
    model = KickedTop(J_SMALL, KAPPA)
    entropy_map(model, theta, phi, KICKS)  # warm-up (imports, caches)
    t_noneq, ds = best_of(lambda: entropy_map(model, theta, phi, KICKS), 10)
    S_noneq = ds["entropy"].values

    # -- baseline: QuTiP loop ---------------------------------------------------------------------------------
    t_qutip, S_qutip = best_of(lambda: baseline_qutip(J_SMALL, KAPPA, theta, phi, KICKS), 1)
    if t_qutip < 5.0:
        t2, _ = best_of(lambda: baseline_qutip(J_SMALL, KAPPA, theta, phi, KICKS), 1)
        t_qutip, runs_qutip = min(t_qutip, t2), "best of 2"
    else:
        runs_qutip = "1 run"
    diff_qutip = float(np.max(np.abs(S_qutip - S_noneq)))

    # -- baseline: numpy per-state loop -----------------------------------------------------------------------
    t_numpy, S_numpy = best_of(lambda: baseline_numpy(J_SMALL, KAPPA, theta, phi, KICKS), 2)
    diff_numpy = float(np.max(np.abs(S_numpy - S_noneq)))

    label = f"j=1.5 {grid} {KICKS} kicks"
    rows.append(("QuTiP per-state loop (baseline)", label, t_qutip,
                 f"{runs_qutip}; 1.0x; max|dS| vs noneq {diff_qutip:.1e}"))
    rows.append(("numpy per-state loop", label, t_numpy,
                 f"best of 2; {t_qutip / t_numpy:.1f}x vs QuTiP; max|dS| {diff_numpy:.1e}"))
    speedup = t_qutip / t_noneq
    rows.append(("noneq entropy_map", label, t_noneq,
                 f"best of 10; {speedup:.0f}x vs QuTiP, {t_numpy / t_noneq:.0f}x vs numpy loop"))

    # -- large spin -------------------------------------------------------------------------------------------
    big = KickedTop(j_large, KAPPA)
    th_p, ph_p = paper_grid()

    def build_d():
        kt_model._rotation_matrix.cache_clear()
        return big.rotation_matrix()

    def big_map():
        kt_model._rotation_matrix.cache_clear()
        return entropy_map(big, th_p, ph_p, KICKS)

    t_d, _ = best_of(build_d, 3)
    repeats_big = 3 if args.quick else 2
    t_big, ds_big = best_of(big_map, repeats_big)
    finite = bool(np.all(np.isfinite(ds_big["entropy"].values)))
    big_label = f"j={j_large:g} {th_p.size}x{ph_p.size} {KICKS} kicks"
    rows.append(("d-matrix build exp(-i p Jy)", f"j={j_large:g} dim {big.dim}", t_d, "best of 3"))
    rows.append(("noneq entropy_map (incl. d build)", big_label, t_big,
                 f"best of {repeats_big}; target < {LARGE_TARGET_S:g} s"))

    # -- table ------------------------------------------------------------------------------------------------
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print()
    print(f"{'method':<{w0}}  {'case':<{w1}}  {'time [s]':>10}  notes")
    print(f"{'-' * w0}  {'-' * w1}  {'-' * 10}  {'-' * 5}")
    for name, case, t, note in rows:
        print(f"{name:<{w0}}  {case:<{w1}}  {t:>10.4f}  {note}")
    print()

    ok_agree = diff_qutip < AGREEMENT_TOL and diff_numpy < AGREEMENT_TOL
    print(f"agreement (max |S_baseline - S_noneq| < {AGREEMENT_TOL:g}): "
          f"QuTiP {diff_qutip:.2e}, numpy {diff_numpy:.2e} -> {'OK' if ok_agree else 'FAIL'}")
    print(f"speedup noneq vs QuTiP loop: {speedup:.0f}x (target >= {SPEEDUP_TARGET:g}x): "
          f"{'MET' if speedup >= SPEEDUP_TARGET else 'NOT MET'}")
    print(f"j={j_large:g} map: {t_big:.2f} s (target < {LARGE_TARGET_S:g} s"
          f"{', stated for j=1000' if args.quick else ''}): "
          f"{'MET' if t_big < LARGE_TARGET_S else 'NOT MET'}; entropies finite: {finite}")

    assert diff_qutip < AGREEMENT_TOL, f"noneq and QuTiP baseline disagree: {diff_qutip:.2e}"
    assert diff_numpy < AGREEMENT_TOL, f"noneq and numpy baseline disagree: {diff_numpy:.2e}"
    assert finite, "non-finite entropies in the large-j map"
    return 0


if __name__ == "__main__":
    sys.exit(main())
