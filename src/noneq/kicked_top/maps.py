"""Entropy maps of the kicked top over a (theta, phi) grid of initial coherent states, as labelled datasets.

`entropy_map` evolves every coherent state of the grid at once and returns, per kick, the Bloch vector <J>/j,
the single-qubit entropy (bits) and its running time average; `classical_maps` computes the classical chaos
indicators and the classical-ensemble entropy on the same grid. Both return an `xarray.Dataset` with dims
(kick, theta, phi[, component]) (kick 0 = the initial state), `units` and `long_name` attrs, and provenance.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.progress import SILENT, Progress
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.core.validation import integer, real_array
from noneq.kicked_top.classical import (CLASSICAL_COPIES, classical_orbits, coherent_cloud, ensemble_entropy,
                                        finite_time_lyapunov)
from noneq.kicked_top.model import KickedTop, check_model
from noneq.kicked_top.observables import bloch_vectors, entropy_from_bloch, running_average
from noneq.kicked_top.quantum import MEMORY_BASE, propagation_memory, propagate_observe
from noneq.quantum import bloch_vector_from_angles

SYSTEM = "kicked-top"
COMPONENTS = ["x", "y", "z"]
MAP_COPIES = 12  # float64 values per kick and grid point alive at the end of entropy_map (Bloch vectors
# reshaped, the entropy and its temporaries, the running average)
REDUCE = "lower kicks or the size of the (theta, phi) grid"


def entropy_map_memory(dim: int, points: int, kicks: int) -> float:
    """Peak bytes of `entropy_map` on ``points`` initial states of spin dimension ``dim``: the propagation
    (`noneq.kicked_top.quantum.propagation_memory`), the grid and the per-kick maps.

    >>> round(entropy_map_memory(4, 10 ** 10, 10) / 2 ** 40)            # a 1e5 x 1e5 grid, 10 kicks: ~16 TiB
    16
    """
    return (propagation_memory(dim, points, kicks, 24.0 * points) + 16.0 * points
            + 8.0 * MAP_COPIES * (kicks + 1.0) * points)


def classical_maps_memory(points: int, kicks: int, samples: int) -> float:
    """Peak bytes of `classical_maps`: the clouds' orbits (kicks + 1 copies) and the temporaries of the
    Lyapunov exponents (CLASSICAL_COPIES), of 3-vectors for every sample and grid point.

    >>> classical_maps_memory(31 * 61, 20, 200) < 2 ** 30
    True
    """
    return MEMORY_BASE + 24.0 * points * samples * (kicks + 1.0 + CLASSICAL_COPIES) + 80.0 * points * (kicks + 1.0)


def _grid(theta, phi) -> tuple[np.ndarray, np.ndarray]:
    return real_array("theta", theta, ndim=1), real_array("phi", phi, ndim=1)


def entropy_map(model: KickedTop, theta, phi, kicks: int, *, progress: Progress = SILENT) -> xr.Dataset:
    """Bloch vectors and single-qubit entropies for every initial state of a (theta, phi) grid.

    Parameters
    ----------
    model : KickedTop
        The kicked top.
    theta, phi : array_like
        1-D grids of initial polar angles and azimuths (radians); the grid is their outer product.
    kicks : int
        Number of kicks (>= 0).
    progress : Progress
        Progress reporter.

    Raises
    ------
    NoneqInputError
        Naming the parameter, for a wrong type or shape; or, before any work, when the map needs more memory
        than the machine has (`entropy_map_memory`).

    Returns
    -------
    xarray.Dataset
        ``bloch`` (kick, theta, phi, component), ``entropy`` (kick, theta, phi) in bits and
        ``mean_entropy``, the entropy averaged over kicks 1..N for each N (entry 0: the initial value).

    Examples
    --------
    >>> maps = entropy_map(KickedTop(j=1.5, kappa=2.5), np.linspace(0, np.pi, 3), np.linspace(-np.pi, np.pi, 4),
    ...                    kicks=5)
    >>> maps.mean_entropy.dims
    ('kick', 'theta', 'phi')
    >>> maps.entropy.attrs["units"]
    'bit'
    """
    model = check_model(model)
    theta, phi = _grid(theta, phi)
    kicks = integer("kicks", kicks, minimum=0)
    check_memory(entropy_map_memory(model.dim, theta.size * phi.size, kicks),
                 f"an entropy map of {theta.size} x {phi.size} initial states over {kicks} kicks", REDUCE)
    TH, PH = np.meshgrid(theta, phi, indexing="ij")
    with progress.task(f"quantum map j={model.j:g} kappa={model.kappa:g}", kicks) as advance:
        bloch = propagate_observe(model, TH, PH, kicks, lambda psi: bloch_vectors(psi, model.j),
                                  advance=advance)
    bloch = bloch.reshape(kicks + 1, theta.size, phi.size, 3)
    entropy = entropy_from_bloch(bloch)
    coords = {"kick": np.arange(kicks + 1), "theta": theta, "phi": phi, "component": COMPONENTS}
    ds = xr.Dataset(
        {
            "bloch": labelled(bloch, ("kick", "theta", "phi", "component"), "1",
                              "single-qubit Bloch vector <J>/j"),
            "entropy": labelled(entropy, ("kick", "theta", "phi"), "bit",
                                "single-qubit entanglement entropy"),
            "mean_entropy": labelled(running_average(entropy, include_initial=False),
                                     ("kick", "theta", "phi"), "bit",
                                     "entropy averaged over kicks 1..N"),
        },
        coords=coords,
    )
    ds.theta.attrs.update(units="rad", long_name="initial polar angle theta_0")
    ds.phi.attrs.update(units="rad", long_name="initial azimuth phi_0 (paper eq. 4 convention)")
    ds.attrs.update(provenance(SYSTEM, {"j": model.j, "kappa": model.kappa, "p": model.p, "kicks": kicks}))
    return ds


def classical_maps(model: KickedTop, theta, phi, kicks: int, *, lyapunov_kicks: int, samples: int,
                   seed: int) -> xr.Dataset:
    """Classical counterparts of `entropy_map` on the same grid: Lyapunov exponents and ensemble entropy.

    Parameters
    ----------
    model : KickedTop
        Supplies kappa and p of the classical map, and j for the width of the coherent-state clouds.
    theta, phi : array_like
        1-D grids of initial polar angles and azimuths (radians).
    kicks : int
        Kicks of the ensemble entropy (>= 0).
    lyapunov_kicks : int
        Kicks of the finite-time Lyapunov exponents (>= 1).
    samples : int
        Members of each coherent-state cloud (`noneq.kicked_top.classical.coherent_cloud`).
    seed : int
        Seed of the clouds.

    Returns
    -------
    xarray.Dataset
        ``lyapunov`` (theta, phi): the largest finite-time Lyapunov exponent per kick from the grid point;
        ``lyapunov_smoothed``: the same averaged over the cloud (the chaos indicator at the resolution of the
        spin-j coherent state); ``classical_entropy`` (kick, theta, phi): the ensemble-entropy analogue in bits
        (`noneq.kicked_top.classical.ensemble_entropy`); ``classical_mean_entropy``: its average over kicks
        1..N.

    Examples
    --------
    >>> ds = classical_maps(KickedTop(j=1.5, kappa=2.5), [0.5, 1.5], [0.0, 1.0, 2.0], 3, lyapunov_kicks=5,
    ...                     samples=20, seed=1)
    >>> ds.lyapunov.dims, ds.classical_entropy.dims
    (('theta', 'phi'), ('kick', 'theta', 'phi'))
    """
    model = check_model(model)
    theta, phi = _grid(theta, phi)
    kicks = integer("kicks", kicks, minimum=0)
    lyapunov_kicks = integer("lyapunov_kicks", lyapunov_kicks, minimum=1)
    samples = integer("samples", samples, minimum=1)
    seed = integer("seed", seed, minimum=0)
    check_memory(classical_maps_memory(theta.size * phi.size, kicks, samples),
                 f"classical maps of {theta.size} x {phi.size} clouds of {samples} samples over {kicks} kicks",
                 "lower samples, kicks or the size of the (theta, phi) grid")
    kappa, p, j = model.kappa, model.p, model.j
    TH, PH = np.meshgrid(theta, phi, indexing="ij")
    centres = bloch_vector_from_angles(TH, PH)
    lyapunov = finite_time_lyapunov(centres, kappa, lyapunov_kicks, p)
    rng = np.random.default_rng(seed)
    cloud = coherent_cloud(TH, PH, j, samples, rng)
    smoothed = finite_time_lyapunov(cloud, kappa, lyapunov_kicks, p).mean(axis=0)
    entropy = ensemble_entropy(classical_orbits(cloud, kappa, kicks, p))
    ds = xr.Dataset(
        {
            "lyapunov": labelled(lyapunov, ("theta", "phi"), "1/kick",
                                 f"classical finite-time Lyapunov exponent ({lyapunov_kicks} kicks)"),
            "lyapunov_smoothed": labelled(smoothed, ("theta", "phi"), "1/kick",
                                          "Lyapunov exponent averaged over the coherent-state cloud"),
            "classical_entropy": labelled(entropy, ("kick", "theta", "phi"), "bit",
                                          "classical-ensemble entropy analogue"),
            "classical_mean_entropy": labelled(running_average(entropy, include_initial=False),
                                               ("kick", "theta", "phi"), "bit",
                                               "classical-ensemble entropy averaged over kicks 1..N"),
        },
        coords={"kick": np.arange(kicks + 1), "theta": theta, "phi": phi},
    )
    ds.attrs.update(provenance(SYSTEM, {"kappa": kappa, "p": p, "j": j, "kicks": kicks,
                                        "lyapunov_kicks": lyapunov_kicks, "samples": samples}, seed=seed))
    return ds
