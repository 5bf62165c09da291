"""Entropy maps and trajectories of the kicked top as labelled datasets.

`entropy_map` evolves every coherent state of a (theta, phi) grid at once and returns, per step, the Bloch
vector <J>/j and the single-qubit entropy (bits); `classical_maps` computes the classical chaos indicator and
the classical-ensemble entropy on the same grid. Both return `xarray.Dataset` with dims
(step, theta, phi[, component]), units and long names, and provenance attrs.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.progress import SILENT, Progress
from noneq.core.results import labelled, provenance
from noneq.kicked_top.classical import (classical_orbits, coherent_cloud, ensemble_entropy,
                                        finite_time_lyapunov)
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import bloch_vectors, entropy_from_bloch, running_average
from noneq.kicked_top.quantum import propagate_observe
from noneq.quantum import bloch_vector_from_angles

SYSTEM = "kicked-top"
COMPONENTS = ["x", "y", "z"]


def paper_grid(n_theta: int = 31, n_phi: int = 61) -> tuple[np.ndarray, np.ndarray]:
    """The paper's grid of initial states: theta in [0, pi] (31 points), phi in [-pi, pi] (61 points)."""
    return np.linspace(0.0, np.pi, n_theta), np.linspace(-np.pi, np.pi, n_phi)


def entropy_map(model: KickedTop, theta: np.ndarray, phi: np.ndarray, steps: int, *,
                progress: Progress = SILENT) -> xr.Dataset:
    """Bloch vectors and single-qubit entropies for every grid point (outer product of theta and phi)."""
    theta = np.asarray(theta, float)
    phi = np.asarray(phi, float)
    TH, PH = np.meshgrid(theta, phi, indexing="ij")
    with progress.task(f"quantum map j={model.j:g} kappa={model.kappa:g}", steps) as advance:
        bloch = propagate_observe(model, TH, PH, steps, lambda psi: bloch_vectors(psi, model.j),
                                  advance=advance)
    bloch = bloch.reshape(steps + 1, theta.size, phi.size, 3)
    entropy = entropy_from_bloch(bloch)
    coords = {"step": np.arange(steps + 1), "theta": theta, "phi": phi, "component": COMPONENTS}
    ds = xr.Dataset(
        {
            "bloch": labelled(bloch, ("step", "theta", "phi", "component"), "1",
                              "single-qubit Bloch vector <J>/j"),
            "entropy": labelled(entropy, ("step", "theta", "phi"), "bit",
                                "single-qubit entanglement entropy"),
            "mean_entropy": labelled(running_average(entropy, include_initial=False),
                                     ("step", "theta", "phi"), "bit",
                                     "entropy averaged over steps 1..N"),
        },
        coords=coords,
    )
    ds.theta.attrs.update(units="rad", long_name="initial polar angle theta_0")
    ds.phi.attrs.update(units="rad", long_name="initial azimuth phi_0 (paper eq. 4 convention)")
    ds.attrs.update(provenance(SYSTEM, {"j": model.j, "kappa": model.kappa, "p": model.p, "steps": steps}))
    return ds


def classical_maps(kappa: float, theta: np.ndarray, phi: np.ndarray, steps: int, *, j: float,
                   lyapunov_steps: int, samples: int, seed: int, p: float = np.pi / 2) -> xr.Dataset:
    """Classical counterparts on the grid: finite-time Lyapunov exponent and classical-ensemble entropy.

    ``lyapunov``: largest FTLE over ``lyapunov_steps`` steps (chaos indicator); ``lyapunov_smoothed``: the same
    averaged over the cloud of the spin-j coherent state (the chaos indicator at the quantum state's resolution).
    ``classical_entropy``: the entropy analogue of a cloud of ``samples`` points with the spread of the spin-j coherent state
    (`noneq.kicked_top.classical.coherent_cloud`), per step; ``classical_mean_entropy`` its average over 1..N.
    """
    theta = np.asarray(theta, float)
    phi = np.asarray(phi, float)
    TH, PH = np.meshgrid(theta, phi, indexing="ij")
    centres = bloch_vector_from_angles(TH, PH)
    lyapunov = finite_time_lyapunov(centres, kappa, lyapunov_steps, p)
    rng = np.random.default_rng(seed)
    cloud = coherent_cloud(TH, PH, j, samples, rng)
    smoothed = finite_time_lyapunov(cloud, kappa, lyapunov_steps, p).mean(axis=0)
    entropy = ensemble_entropy(classical_orbits(cloud, kappa, steps, p))
    ds = xr.Dataset(
        {
            "lyapunov": labelled(lyapunov, ("theta", "phi"), "1/step",
                                 f"classical finite-time Lyapunov exponent ({lyapunov_steps} steps)"),
            "lyapunov_smoothed": labelled(smoothed, ("theta", "phi"), "1/step",
                                          "Lyapunov exponent averaged over the coherent-state cloud"),
            "classical_entropy": labelled(entropy, ("step", "theta", "phi"), "bit",
                                          "classical-ensemble entropy analogue"),
            "classical_mean_entropy": labelled(running_average(entropy, include_initial=False),
                                               ("step", "theta", "phi"), "bit",
                                               "classical-ensemble entropy averaged over steps 1..N"),
        },
        coords={"step": np.arange(steps + 1), "theta": theta, "phi": phi},
    )
    ds.attrs.update(provenance(SYSTEM, {"kappa": kappa, "p": p, "j": j, "steps": steps,
                                        "lyapunov_steps": lyapunov_steps, "samples": samples}, seed=seed))
    return ds


def area_weights(theta: np.ndarray, n_phi: int) -> np.ndarray:
    """Weights sin(theta) of a (theta, phi) grid (the sphere's area element), normalized to sum 1."""
    w = np.repeat(np.sin(np.asarray(theta, float))[:, None], n_phi, axis=1)
    return w / w.sum()
