"""Continuous-time Monte Carlo of SEP and independent walkers: Q(t) at observation times, many samples.

Exposes `simulate` (dispatch on the process), `simulate_sep` and `simulate_independent`; each returns a labelled
`xarray.Dataset` with the integer currents ``Q`` (sample, bond, time), after checking that its peak memory
(`montecarlo_memory`) fits the machine.

SEP (numba, parallel over samples): SEP with hop rate 1 each way is the same process as "each bond swaps the
contents of its two sites at rate 1". Sites 0..N-1 of a segment with reflecting ends (N - 1 bonds); between two
observation times the number of bond updates is Poisson((N - 1) dt) (drawn with numpy from the seed) and, the
update times being i.i.d. uniform, the updated bonds are i.i.d. uniform in the order they happen (drawn in the
kernel from a per-sample splitmix64 stream seeded from the root seed). A "hop attempt" below is one bond update.

Boundaries: the walls change the dynamics only inside their causal fronts, which advance one site each time the
bond at the front is updated (a Poisson(t) walk). Each sample tracks both fronts; if one reaches a recorded bond
the run raises NumericalError. The segment half-width is chosen so that this happens with probability
<= FRONT_PROBABILITY (`noneq.currents.model.montecarlo_half_width`); a user value below that is rejected.

Independent walkers (numba, parallel over samples): Poisson(rho) walkers per site on [-L+1, L], each hopping
+-1 with exponential waiting times of rate 2 (continuous time). A walker from outside the window would need >= L
hops to reach the origin: probability <= LEAK_PROBABILITY (`exact_half_width`); the largest displacement of the
simulated walkers is checked to stay below L.

Initial states: annealed, a fresh random configuration per sample; quenched, ``configurations`` random
configurations each shared by ``samples // configurations`` consecutive dynamical runs (configuration-major, as
`noneq.currents.observables` expects).

Examples
--------
>>> ds = simulate(CurrentsModel("sep", 0.5, 0.5), [1.0, 2.0], samples=100, seed=1)
>>> ds.Q.dims, ds.Q.shape
(('sample', 'bond', 'time'), (100, 1, 2))
"""

from __future__ import annotations

import numba
import numpy as np
import xarray as xr

from noneq.core.errors import NumericalError, bad_value
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.core.validation import integer
from noneq.currents.model import (CurrentsModel, check_bonds, check_half_width, check_model, check_times,
                                  exact_half_width)

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW32 = np.uint64(0xFFFFFFFF)
_UNIT = 2.0 ** -53  # 53-bit uniform in (0, 1): ((z >> 11) + 0.5) * 2^-53
MEMORY_BASE = 2 ** 21  # bytes: everything that does not grow with the samples
WALKER_MARGIN = 1.1  # walkers drawn vs their mean: the total is Poisson, 10% above the mean is out of reach
# (> 3 standard deviations) beyond ~1000 expected walkers; fewer fit in MEMORY_BASE


def montecarlo_memory(process: str, samples: int, half_width: int, n_times: int, n_bonds: int = 1,
                      mean_density: float = 0.5) -> float:
    """Peak bytes of `simulate`: per sample the initial configuration of the 2L sites (SEP: uniforms, a mask and
    the occupations, 10 bytes a site; walkers: counts and site labels, 24 bytes a site, and two int64 copies of
    every walker's start, ~2 L mean_density walkers), plus the currents Q (three copies).

    >>> montecarlo_memory("sep", 10 ** 8, 37, 2) > 64 * 2 ** 30     # the largest samples at t2 = 10: ~76 GiB
    True
    """
    sites = 2.0 * float(samples) * float(half_width)
    per_site = 10.0 if process == "sep" else 24.0 + 16.0 * WALKER_MARGIN * float(mean_density)
    return MEMORY_BASE + sites * per_site + 8.0 * float(samples) * (3 * n_times * n_bonds + 3)


def _check_memory(model: CurrentsModel, samples: int, half_width: int, n_times: int, n_bonds: int) -> None:
    check_memory(montecarlo_memory(model.process, samples, half_width, n_times, n_bonds, model.mean_density),
                 f"a Monte Carlo of {samples} samples on a lattice of half-width {half_width}",
                 "lower samples (or half_width, or the densities of walkers)")


@numba.njit(cache=True, inline="always")
def _splitmix(state):
    state = state + _GOLDEN
    z = state
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return state, z ^ (z >> np.uint64(31))


@numba.njit(cache=True, parallel=True)
def _sep_kernel(occupation, updates, seeds, bond_slot, watch_low, watch_high, Q, reached):
    """occupation (R, N) uint8 (modified in place), updates (R, n) bond updates per interval, bond_slot (N - 1,)
    the column of Q recording each bond (-1: not recorded), Q (R, n, nb) out; reached[r]: a wall's causal front
    got to the recorded bonds (left front >= watch_low or right front <= watch_high)."""
    R, N = occupation.shape
    n_times = updates.shape[1]
    nb = Q.shape[2]
    n_bonds = np.uint64(N - 1)
    for r in numba.prange(R):
        tau = occupation[r]
        state = seeds[r]
        left, right = 0, N - 1
        q = np.zeros(nb, dtype=np.int64)
        for i in range(n_times):
            k = updates[r, i]
            done = 0
            while done < k:
                state, z = _splitmix(state)
                for half in range(2):
                    if done >= k:
                        break
                    word = (z >> np.uint64(32)) if half == 0 else (z & _LOW32)
                    b = np.int64((word * n_bonds) >> np.uint64(32))
                    a = tau[b]
                    c = tau[b + 1]
                    tau[b] = c
                    tau[b + 1] = a
                    slot = bond_slot[b]
                    if slot >= 0:
                        q[slot] += np.int64(a) - np.int64(c)
                    if b == left:
                        left += 1
                    if b + 1 == right:
                        right -= 1
                    done += 1
            for j in range(nb):
                Q[r, i, j] = q[j]
        reached[r] = left >= watch_low or right <= watch_high


def _initial_sep(model: CurrentsModel, L: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """Bernoulli step configurations on 2L sites (site j = -L+1..L at index j + L - 1)."""
    probability = np.where(np.arange(2 * L) <= L - 1, model.rho_a, model.rho_b)
    return (rng.random((count, 2 * L)) < probability).astype(np.uint8)


def simulate_sep(model: CurrentsModel, times, *, samples: int, seed: int, configurations: int = 0,
                 half_width: int | None = None, bonds=(0,)) -> xr.Dataset:
    """Q_b(t_i) for SEP samples at the bonds ``bonds`` (arguments and result as `simulate`; module docstring).

    >>> ds = simulate_sep(CurrentsModel("sep", 1.0, 0.0), [0.5], samples=10, seed=2)
    >>> int(ds.hop_attempts) > 0, bool((ds.Q >= 0).all())
    (True, True)
    """
    t = check_times(times)
    bonds = check_bonds(bonds)
    reach = int(np.max(np.abs(bonds)))
    L = check_half_width(half_width, float(t[-1]), montecarlo=True, reach=reach)
    _check_memory(model, samples, L, t.size, bonds.size)
    rng = np.random.default_rng(seed)
    if configurations:
        per = samples // configurations
        occupation = np.repeat(_initial_sep(model, L, configurations, rng), per, axis=0)
    else:
        occupation = _initial_sep(model, L, samples, rng)
    R = occupation.shape[0]
    updates = rng.poisson((2 * L - 1) * np.diff(np.concatenate([[0.0], t])), size=(R, t.size)).astype(np.int64)
    seeds = rng.integers(0, 2 ** 63, size=R, dtype=np.uint64)
    sites = L - 1 + bonds  # array index of the left site of each bond
    bond_slot = np.full(2 * L - 1, -1, dtype=np.int64)
    bond_slot[sites] = np.arange(bonds.size)  # a repeated bond keeps its last column (read back for each copy)
    Q = np.zeros((R, t.size, bond_slot.max() + 1), dtype=np.int64)
    reached = np.zeros(R, dtype=np.bool_)
    _sep_kernel(occupation, updates, seeds, bond_slot, int(sites.min()), int(sites.max()) + 1, Q, reached)
    if reached.any():
        raise NumericalError(f"a wall's causal front reached a recorded bond in {int(reached.sum())} of {R} "
                             f"samples: increase half_width (now {L})")
    Q_bonds = np.ascontiguousarray(Q[:, :, bond_slot[sites]].transpose(0, 2, 1))  # (R, nb, n)
    return _dataset(model, t, bonds, Q_bonds, L, int(updates.sum()), seed, configurations)


@numba.njit(cache=True, parallel=True)
def _walkers_kernel(starts, offsets, times, seeds, bonds, Q, largest):
    """Walkers of sample r are starts[offsets[r]:offsets[r + 1]] (sites); each hops +-1 at rate 1 each way
    (exponential waiting times of rate 2). Q[r, j, i] = sum over walkers of [x(t_i) > b_j] - [start > b_j]."""
    R = offsets.size - 1
    n_times = times.size
    nb = bonds.size
    for r in numba.prange(R):
        state = seeds[r]
        farthest = 0
        for w in range(offsets[r], offsets[r + 1]):
            x = starts[w]
            state, z = _splitmix(state)
            clock = -np.log((np.float64(z >> np.uint64(11)) + 0.5) * _UNIT) / 2.0
            for i in range(n_times):
                while clock < times[i]:
                    state, z = _splitmix(state)
                    x += 1 if (z >> np.uint64(63)) == np.uint64(1) else -1
                    state, z = _splitmix(state)
                    clock += -np.log((np.float64(z >> np.uint64(11)) + 0.5) * _UNIT) / 2.0
                    farthest = max(farthest, abs(x - starts[w]))
                for j in range(nb):
                    Q[r, j, i] += (1 if x > bonds[j] else 0) - (1 if starts[w] > bonds[j] else 0)
        largest[r] = farthest


def simulate_independent(model: CurrentsModel, times, *, samples: int, seed: int, configurations: int = 0,
                         half_width: int | None = None, bonds=(0,)) -> xr.Dataset:
    """Q_b(t_i) for independent walkers in continuous time at ``bonds`` (arguments and result as `simulate`). The
    window [-L+1, L] is at least wide enough that a walker from outside it reaches no recorded bond (probability
    <= LEAK_PROBABILITY per side); a larger ``half_width`` is used as given.

    >>> ds = simulate_independent(CurrentsModel("independent", 0.0, 2.0), [1.0], samples=10, seed=2)
    >>> int(ds.hop_attempts), bool((ds.Q <= 0).all())
    (0, True)
    """
    t = check_times(times)
    bonds = check_bonds(bonds)
    reach = int(np.max(np.abs(bonds)))
    L = max(exact_half_width(float(t[-1])) + reach,
            0 if half_width is None else integer("half_width", half_width, minimum=0))
    _check_memory(model, samples, L, t.size, bonds.size)
    rng = np.random.default_rng(seed)
    mean = np.where(np.arange(2 * L) <= L - 1, model.rho_a, model.rho_b)
    if configurations:
        per = samples // configurations
        counts = np.repeat(rng.poisson(mean, size=(configurations, 2 * L)), per, axis=0)
    else:
        counts = rng.poisson(mean, size=(samples, 2 * L))
    R = counts.shape[0]
    sites = np.arange(-L + 1, L + 1)
    starts = np.repeat(np.tile(sites, R), counts.ravel()).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts.sum(axis=1))]).astype(np.int64)
    seeds = rng.integers(0, 2 ** 63, size=R, dtype=np.uint64)
    Q = np.zeros((R, bonds.size, t.size), dtype=np.int64)
    largest = np.zeros(R, dtype=np.int64)
    _walkers_kernel(starts, offsets, t, seeds, bonds, Q, largest)
    if largest.max(initial=0) >= L - reach:
        raise NumericalError(f"a walker moved {int(largest.max())} >= {L - reach} sites (half-width {L} minus the "
                             f"farthest bond {reach}): the window is too small (walkers from outside it could "
                             f"have crossed a recorded bond)")
    return _dataset(model, t, bonds, Q, L, 0, seed, configurations)


def _dataset(model: CurrentsModel, t: np.ndarray, bonds: np.ndarray, Q: np.ndarray, half_width: int,
             hop_attempts: int, seed: int, configurations: int) -> xr.Dataset:
    ds = xr.Dataset({
        "Q": labelled(Q, ("sample", "bond", "time"), "particles",
                      "integrated current Q_b(t) through bond b (joining sites b, b + 1)"),
        "half_width": labelled(half_width, (), "sites", "lattice half-width L (sites -L+1..L)"),
        "hop_attempts": labelled(hop_attempts, (), "1", "SEP bond updates simulated (0 for walkers)"),
    }, coords={"time": t, "bond": bonds})
    ds.attrs.update(provenance("currents", {"process": model.process, "rho_a": model.rho_a, "rho_b": model.rho_b,
                                            "times": t, "bonds": bonds, "samples": Q.shape[0],
                                            "configurations": configurations, "half_width": half_width},
                               seed=seed))
    return ds


SIMULATORS = {"sep": simulate_sep, "independent": simulate_independent}


def simulate(model: CurrentsModel, times, *, samples: int, seed: int, configurations: int = 0,
             half_width: int | None = None, bonds=(0,)) -> xr.Dataset:
    """Monte Carlo samples of the integrated currents Q_b(t_i) (dispatch on ``model.process``; module docstring).

    Parameters
    ----------
    model : CurrentsModel
        Process and step densities.
    times : sequence of float
        Increasing observation times > 0.
    samples : int
        Number of samples (>= 2).
    seed : int
        Root seed of every random draw (recorded in the attrs).
    configurations : int
        0: annealed (a fresh initial configuration per sample); > 0: quenched layout, sample r uses configuration
        r // (samples // configurations) (between 2 and samples / 2).
    half_width : int, optional
        Lattice half-width L; None: the smallest safe one.
    bonds : sequence of int
        Recorded bonds (bond b joins sites b and b + 1; 0 is the origin bond).

    Returns
    -------
    xarray.Dataset
        ``Q`` (sample, bond, time) int64, ``half_width``, ``hop_attempts``; provenance attrs with the seed.

    Examples
    --------
    >>> ds = simulate(CurrentsModel("independent", 0.8, 0.2), [1.0], samples=400, seed=3)
    >>> abs(float(ds.Q.mean()) - 0.6 * 0.4657) < 0.1  # (rho_a - rho_b) h(1)
    True
    """
    model = check_model(model)
    samples = integer("samples", samples, minimum=2)
    seed = integer("seed", seed, minimum=0)
    configurations = integer("configurations", configurations, minimum=0)
    if configurations and (configurations < 2 or samples // configurations < 2):
        raise bad_value("configurations", configurations,
                        f"between 2 and samples / 2 = {samples // 2} (quenched averaging)")
    return SIMULATORS[model.process](model, times, samples=samples, seed=seed, configurations=configurations,
                                     half_width=half_width, bonds=bonds)
