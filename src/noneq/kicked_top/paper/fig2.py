"""Neill et al. Fig. 2: entropy maps over the initial states, their time averages, and the classical dynamics.

The quantum maps (Fig. 2a-c) come from `noneq.kicked_top.maps.entropy_map`; the classical side (Fig. 2d, and
the chaos indicators the claims compare with) from `noneq.kicked_top.maps.classical_maps` and
`noneq.kicked_top.classical`. Page's value and the uniform average over the symmetric subspace are the
reference numbers of the "blue region" and "Page" claims.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.kicked_top.classical import angles_from_xyz, classical_orbits, random_sphere_points
from noneq.kicked_top.maps import classical_maps, entropy_map
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import bloch_vectors, entropy_from_bloch
from noneq.kicked_top.paper import plots
from noneq.kicked_top.paper.common import J_PAPER, SEED, SYSTEM, area_weights, paper_grid
from noneq.quantum import bloch_vector_from_angles
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext


@dataclass(frozen=True)
class MapSizes:
    """Grid and sample sizes: the paper's (full) or reduced (quick)."""

    n_theta: int
    n_phi: int
    lyapunov_kicks: int
    cloud_samples: int
    orbit_points: int
    orbit_kicks: int
    haar_samples: int


FULL = MapSizes(31, 61, 50, 200, 5000, 100, 200_000)
QUICK = MapSizes(11, 21, 50, 100, 500, 40, 20_000)
KAPPA_KICKS = {0.5: 20, 2.5: 10}  # time-averaging windows of Fig. 2c
PANEL_KICKS = {0.5: (1, 2, 3, 5, 10, 20), 2.5: (1, 2, 3, 5, 10)}
Y_AXIS_CAP = 0.35  # rad: "near the y axis" = within this angle of +y or -y (about one coherent-state width)
CORRELATION_THRESHOLD = 0.5  # a "clear connection" between two maps: weighted Pearson correlation at least this
CLASSICAL_MAP_THRESHOLD = 0.8  # quantum and classical-ensemble maps "bear a strong resemblance"
PAPER_VALUE_TOLERANCE = 0.1  # reading a value off a colour map is good to about +-0.1 bit
PAGE_TOLERANCE = 0.01  # the paper quotes Page's value to two digits


# ---------------------------------------------------------------- compute

def page_entropy_bits(m: int, n: int) -> float:
    """Page's average entanglement entropy (bits) of an m-dim subsystem of a random pure state in m x n, m <= n.

    S = sum_{k=n+1}^{mn} 1/k - (m - 1) / (2n)  nats (Page, PRL 71, 1291 (1993)).
    """
    k = np.arange(n + 1, m * n + 1, dtype=float)
    return float((np.sum(1.0 / k) - (m - 1) / (2.0 * n)) / np.log(2.0))


def symmetric_haar_entropy(j: float, samples: int, seed: int) -> tuple[float, float]:
    """Monte Carlo mean and standard error of the single-qubit entropy (bits) of Haar-random spin-j states."""
    rng = np.random.default_rng(seed)
    dim = int(round(2 * j)) + 1
    z = rng.normal(size=(dim, samples)) + 1j * rng.normal(size=(dim, samples))
    z /= np.linalg.norm(z, axis=0, keepdims=True)
    S = entropy_from_bloch(bloch_vectors(z, j))
    return float(S.mean()), float(S.std(ddof=1) / np.sqrt(samples))


def fig2_point(kappa: float, kicks: int, n_theta: int, n_phi: int, lyapunov_kicks: int, cloud_samples: int,
               orbit_points: int, orbit_kicks: int, seed: int) -> xr.Dataset:
    """Everything Fig. 2 needs at one kappa: quantum maps, classical maps, stroboscopic orbits (a sweep point)."""
    theta, phi = paper_grid(n_theta, n_phi)
    model = KickedTop(J_PAPER, kappa)
    quantum = entropy_map(model, theta, phi, kicks)
    classical = classical_maps(model, theta, phi, kicks, lyapunov_kicks=lyapunov_kicks, samples=cloud_samples,
                               seed=seed)
    start = random_sphere_points(orbit_points, np.random.default_rng([seed, 1]))
    ds = xr.merge([quantum, classical], combine_attrs="drop_conflicts")  # keeps the variables' units
    ds.attrs = {}  # compute_fig2 writes the provenance of each part
    ds["orbit"] = labelled(classical_orbits(start, kappa, orbit_kicks), ("orbit_kick", "point", "component"),
                           "1", "classical stroboscopic orbit points (unit vectors)")
    return ds


def compute_fig2(context: RunContext) -> dict[str, xr.Dataset]:
    """Quantum and classical maps at kappa = 0.5 and 2.5, the stroboscopic orbits, and the reference entropies."""
    sizes = QUICK if context.quick else FULL
    kicks = max(KAPPA_KICKS.values())
    maps = context.sweep("maps", fig2_point, {"kappa": list(KAPPA_KICKS)}, root_seed=SEED, seed_parameter="seed",
                         fixed=dict(kicks=kicks, n_theta=sizes.n_theta, n_phi=sizes.n_phi,
                                    lyapunov_kicks=sizes.lyapunov_kicks, cloud_samples=sizes.cloud_samples,
                                    orbit_points=sizes.orbit_points, orbit_kicks=sizes.orbit_kicks))
    quantum_vars = ["bloch", "entropy", "mean_entropy"]
    classical_vars = ["lyapunov", "lyapunov_smoothed", "classical_entropy", "classical_mean_entropy"]
    out: dict[str, xr.Dataset] = {}
    for kappa, window in KAPPA_KICKS.items():
        one = maps.sel(kappa=kappa).isel(kick=slice(0, window + 1))
        parameters = {"j": J_PAPER, "kappa": kappa, "kicks": window, **sizes.__dict__}
        seed = int(one.point_seed)
        out[f"quantum_k{kappa}"] = one[quantum_vars].assign_attrs(provenance(SYSTEM, parameters))
        out[f"classical_k{kappa}"] = one[classical_vars].assign_attrs(provenance(SYSTEM, parameters, seed=seed))
    orbits = xr.Dataset({f"orbit_k{k}": maps.orbit.sel(kappa=k, drop=True) for k in KAPPA_KICKS})
    orbits.attrs.update(provenance(SYSTEM, {"points": sizes.orbit_points, "kicks": sizes.orbit_kicks},
                                   seed=SEED, point_seeds=[int(v) for v in maps.point_seed.values]))
    out["orbits"] = orbits
    haar, haar_error = symmetric_haar_entropy(J_PAPER, sizes.haar_samples, SEED)
    reference = xr.Dataset({
        "page_entropy": labelled(page_entropy_bits(2, 4), (), "bit",
                                 "Page average single-qubit entropy of random 3-qubit pure states"),
        "symmetric_haar_entropy": labelled(haar, (), "bit",
                                           "mean single-qubit entropy of Haar-random symmetric (j=3/2) states"),
        "symmetric_haar_entropy_error": labelled(haar_error, (), "bit", "Monte Carlo standard error"),
    })
    reference.attrs.update(provenance(SYSTEM, {"samples": sizes.haar_samples}, seed=SEED))
    out["reference"] = reference
    return out


# ---------------------------------------------------------------- plot

def plot_fig2(data) -> dict:
    """Fig. 2a-d and a quantum-versus-classical panel per kappa."""
    figures = {}
    for letter, kappa in (("a", 0.5), ("b", 2.5)):
        ds = data[f"quantum_k{kappa}"]
        panels = [n for n in PANEL_KICKS[kappa] if n <= ds.kick.size - 1]
        figures[f"fig2{letter}_entropy_k{kappa}"] = plots.map_panels(
            [ds.entropy.sel(kick=n).values for n in panels], [f"N = {n}" for n in panels],
            ds.theta.values, ds.phi.values, f"Fig. 2{letter}: single-qubit entropy, kappa = {kappa}, j = 3/2")
    averaged = [data[f"quantum_k{k}"].mean_entropy.isel(kick=-1).values for k in KAPPA_KICKS]
    ds = data["quantum_k0.5"]
    figures["fig2c_time_averaged"] = plots.map_panels(
        averaged, [f"kappa = {k}, mean over N = 1..{n}" for k, n in KAPPA_KICKS.items()],
        ds.theta.values, ds.phi.values, "Fig. 2c: time-averaged entropy")
    orbits = []
    for kappa in KAPPA_KICKS:
        th, ph = angles_from_xyz(data["orbits"][f"orbit_k{kappa}"].values)
        orbits.append((th, ph))
    figures["fig2d_classical_stroboscopic"] = plots.stroboscopic_panels(
        orbits, [f"kappa = {k}" for k in KAPPA_KICKS])
    for kappa in KAPPA_KICKS:
        c = data[f"classical_k{kappa}"]
        q = data[f"quantum_k{kappa}"]
        lyap = c.lyapunov_smoothed.values
        figures[f"fig2_quantum_vs_classical_k{kappa}"] = plots.map_panels(
            [q.mean_entropy.isel(kick=-1).values, c.classical_mean_entropy.isel(kick=-1).values,
             lyap / max(float(lyap.max()), 1e-12)],
            ["quantum <S>", "classical ensemble <S>", "Lyapunov (cloud-averaged, scaled)"],
            q.theta.values, q.phi.values, f"quantum vs classical, kappa = {kappa}, j = 3/2",
            label="S (bits) / scaled")
    return figures


# ---------------------------------------------------------------- claims

def weighted_correlation(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> float:
    """Pearson correlation of two maps with area weights w (sum 1)."""
    am, bm = (w * a).sum(), (w * b).sum()
    cov = (w * (a - am) * (b - bm)).sum()
    return float(cov / np.sqrt((w * (a - am) ** 2).sum() * (w * (b - bm) ** 2).sum()))


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values.ravel())
    v, w = values.ravel()[order], weights.ravel()[order]
    cdf = np.cumsum(w) / w.sum()
    return float(v[np.searchsorted(cdf, q)])


def _y_axis_cap(ds: xr.Dataset) -> np.ndarray:
    TH, PH = np.meshgrid(ds.theta.values, ds.phi.values, indexing="ij")
    return np.abs(bloch_vector_from_angles(TH, PH)[..., 1]) >= np.cos(Y_AXIS_CAP)


def claims_fig2(data) -> list[Claim]:
    """Chaos and entropy, quantum-classical resemblance, the y-axis islands, the blue-region value, Page."""
    claims = []
    q5, q25 = data["quantum_k0.5"], data["quantum_k2.5"]
    w = area_weights(q5.theta.values, q5.phi.size)
    averaged = {k: data[f"quantum_k{k}"].mean_entropy.isel(kick=-1).values for k in KAPPA_KICKS}
    lyap = data["classical_k2.5"].lyapunov_smoothed.values
    corr = weighted_correlation(averaged[2.5], lyap, w)
    claims.append(judge(
        "chaos-high-entropy", "regions of classical chaos correspond to high time-averaged entropy (kappa = 2.5)",
        paper="clear connection", measured=round(corr, 3),
        criterion=f"area-weighted correlation between the 10-kick averaged entropy map and the classical "
                  f"Lyapunov exponent averaged over the coherent-state cloud >= {CORRELATION_THRESHOLD}",
        agrees=corr >= CORRELATION_THRESHOLD,
        explanation="at j = 3/2 the coherent state covers ~0.6 rad, so only a cloud-averaged chaos indicator "
                    "can match the quantum map; the point-wise exponent correlates much more weakly"))
    corrs = [weighted_correlation(averaged[k], data[f"classical_k{k}"].classical_mean_entropy.isel(
        kick=-1).values, w) for k in KAPPA_KICKS]
    claims.append(judge(
        "quantum-classical-resemblance", "the averaged entanglement maps bear a strong resemblance to the "
        "classical dynamics (both kappa)", paper="strong resemblance", measured=round(min(corrs), 3),
        criterion=f"smaller of the two area-weighted correlations between the quantum averaged entropy map and "
                  f"the classical-ensemble entropy map >= {CLASSICAL_MAP_THRESHOLD}",
        agrees=min(corrs) >= CLASSICAL_MAP_THRESHOLD))
    cap = _y_axis_cap(q5)
    ratio5 = float((w * averaged[0.5] * cap).sum() / (w * cap).sum() / (w * averaged[0.5]).sum())
    claims.append(judge(
        "low-entropy-y-axis", "kappa = 0.5: initial states close to the y axis keep low entropy",
        paper="low near y axis", measured=round(ratio5, 3),
        criterion=f"mean averaged entropy within {Y_AXIS_CAP} rad of +-y divided by the map mean < 0.5",
        agrees=ratio5 < 0.5))
    ratio25 = float((w * averaged[2.5] * cap).sum() / (w * cap).sum() / (w * averaged[2.5]).sum())
    claims.append(judge(
        "low-entropy-leaves-y-axis", "kappa = 2.5: low-entropy regions are no longer isolated near the y axis",
        paper="not only near y axis", measured=round(ratio25, 3),
        criterion="the same ratio at kappa = 2.5 >= 0.8 (the y axis is no longer a low-entropy island)",
        agrees=ratio25 >= 0.8))
    per_panel = [_weighted_quantile(q25.entropy.sel(kick=n).values, w, 0.9) for n in range(1, q25.kick.size)]
    blue = float(np.median(per_panel))
    reference = data["reference"]
    haar = float(reference.symmetric_haar_entropy)
    chaotic = lyap > np.median(lyap)
    long_avg = float((w * averaged[2.5] * chaotic).sum() / (w * chaotic).sum())
    claims.append(judge(
        "blue-region-entropy", "kappa = 2.5: the entropy in the blue (high) regions approaches 0.8",
        paper=0.8, measured=round(blue, 3),
        criterion=f"median over the panels N = 1..{q25.kick.size - 1} of the 90th area-weighted percentile of "
                  f"the entropy map within {PAPER_VALUE_TOLERANCE} of 0.8",
        agrees=abs(blue - 0.8) <= PAPER_VALUE_TOLERANCE,
        explanation=f"single panels fluctuate (90th percentiles {min(per_panel):.2f}..{max(per_panel):.2f}); "
                    f"the time-averaged entropy of the chaotic half of the sphere is {long_avg:.3f}"))
    page = float(reference.page_entropy)
    claims.append(judge(
        "page-value", "the uniform average over all states is 0.73 (Page)", paper=0.73, measured=round(page, 4),
        criterion=f"Page's formula for one qubit of a random 3-qubit pure state, within {PAGE_TOLERANCE} of 0.73",
        agrees=abs(page - 0.73) <= PAGE_TOLERANCE,
        explanation=f"the dynamics never leaves the 4-dim symmetric subspace; its own uniform average is "
                    f"{haar:.4f} +- {float(reference.symmetric_haar_entropy_error):.4f} (Monte Carlo), "
                    f"almost the same number"))
    return claims


FIG2 = Experiment("fig2", "Fig. 2: entanglement-entropy maps and classical chaos", compute_fig2, plot_fig2,
                  claims_fig2)
