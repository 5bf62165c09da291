"""Quantum dynamics of one kicked particle in the well, and the random-kick model (averaged over samples).

Floquet step (period n = 1..kicks): U_n = F exp(-i K_n cos x / hbar_eff), with F = diag(exp(-i p_k^2 / (2 hbar_eff)))
the exact free evolution over one period in the sine basis and the kick applied on the DST-I collocation grid
(`noneq.kicked.basis`). K_n = K1 for the plain kicked particle; K_n = K1 + dK_n, dK_n uniform in
[-noise_W, noise_W], drawn per kick and per sample (realization of the noise) from numpy's PCG64 seeded with
``seed`` (the random-kick model). The samples are evolved together as rows of one array. hbar_eff as in the
model; momenta in the model's units.

Result type: `SingleResult` (a frozen dataclass with `SingleResult.to_xarray`).

Examples
--------
>>> from noneq.kicked.model import KickedParticles
>>> result = evolve_single(KickedParticles(K1=1.8, hbar_eff=0.1), modes=255, kicks=10)
>>> result.p_sq.shape, result.resolved
((1, 11), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import threadpoolctl
import xarray as xr

from noneq.core.checkpoint import Checkpoint
from noneq.core.errors import bad_value
from noneq.core.progress import SILENT, Progress
from noneq.core.resources import check_memory
from noneq.core.results import labelled
from noneq.core.validation import boolean, integer
from noneq.kicked import basis, costs, growth, guards
from noneq.kicked.longrun import kick_progress, restore
from noneq.kicked.model import KickedParticles, check_quantum_scales
from noneq.kicked.observables import averaged_purity

KIND = "single-particle"  # the kind of run in a checkpoint record


@dataclass(frozen=True)
class SingleResult:
    """Result of `evolve_single`.

    Attributes
    ----------
    p_sq : array (samples, kicks + 1)
        <p^2> per sample after each period (column 0: the initial state).
    purity : array (kicks + 1,)
        Tr rho^2 of the sample-averaged state rho = (1/R) sum_r |psi_r><psi_r| (1 for a single sample).
    probabilities : array (samples, N)
        Final |c_n|^2 per sample.
    momenta : array (N,)
        Mode momenta p_n.
    top_mode, norm_error : float
        The guards' worst values over the run (`noneq.kicked.guards`).
    resolved : bool
        All guards passed.
    """

    p_sq: np.ndarray
    purity: np.ndarray
    probabilities: np.ndarray
    momenta: np.ndarray
    top_mode: float
    norm_error: float
    resolved: bool

    def to_xarray(self) -> xr.Dataset:
        """The result as a labelled dataset: dims ``sample``, ``kick`` (0..kicks) and ``mode`` (1..N).

        >>> from noneq.kicked.model import KickedParticles
        >>> ds = evolve_single(KickedParticles(hbar_eff=0.2), 63, 2).to_xarray()
        >>> dict(ds.sizes)
        {'sample': 1, 'kick': 3, 'mode': 63}
        """
        samples, columns = self.p_sq.shape
        return xr.Dataset({
            "p_sq": labelled(self.p_sq, ("sample", "kick"), "1", "<p^2> per sample after each period"),
            "purity": labelled(self.purity, "kick", "1", "purity of the sample-averaged state"),
            "probabilities": labelled(self.probabilities, ("sample", "mode"), "1", "final probability of mode n"),
            "top_mode_probability": labelled(self.top_mode, (), "1", "largest probability in the top modes"),
            "norm_error": labelled(self.norm_error, (), "1", "largest |norm - 1| over the run"),
            "resolved": labelled(bool(self.resolved), (), "", "all resolution guards passed"),
        }, coords={"kick": np.arange(columns), "mode": np.arange(1, self.momenta.size + 1),
                   "momentum": ("mode", self.momenta, {"units": "1", "long_name": "mode momentum p_n"})})


def kick_strengths(model: KickedParticles, kicks: int, samples: int, seed: int) -> np.ndarray:
    """K_n per sample and kick, shape (samples, kicks): K1 + uniform(-W, W) (exactly K1 when noise_W = 0).

    >>> from noneq.kicked.model import KickedParticles
    >>> kick_strengths(KickedParticles(K1=1.8), 3, 1, seed=0)
    array([[1.8, 1.8, 1.8]])
    """
    if model.noise_W == 0.0:
        return np.full((samples, kicks), model.K1)
    rng = np.random.default_rng(seed)
    return model.K1 + rng.uniform(-model.noise_W, model.noise_W, size=(samples, kicks))


def evolve_single(model: KickedParticles, modes: int, kicks: int, *, samples: int = 1, seed: int = 0,
                  strict: bool = True, initial: np.ndarray | None = None, checkpoint: Checkpoint | None = None,
                  progress: Progress = SILENT) -> SingleResult:
    """Evolve particle 1 alone (K1, noise_W of ``model``) for ``kicks`` periods.

    Parameters
    ----------
    model : KickedParticles
        K1, noise_W, L and hbar_eff are used (particle 2 and the coupling are not).
    modes : int
        Sine modes N of the basis; 0 grows the basis with the state (`noneq.kicked.growth`: from the need of the
        first kick up to `noneq.kicked.growth.single_limit`, which covers the ballistic momentum bound).
    kicks : int
        Number of periods.
    samples : int
        Realizations of the kick noise evolved together (all equal when noise_W = 0).
    seed : int
        Seed of the kick noise (drawn for the whole run before the first kick: a resumed run redraws it).
    strict : bool
        Raise `NumericalError` when a guard fails (else return with ``resolved`` False).
    initial : array (N,), optional
        Initial mode coefficients (default: the ground state); N = ``modes`` for a fixed basis, any N for a
        growing one.
    checkpoint : noneq.core.checkpoint.Checkpoint, optional
        Where the run keeps its checkpoints (state, basis size, kick index) and resumes from (default: none);
        its identity must cover every argument above.
    progress : noneq.core.progress.Progress
        Shows the kicks done (default: nothing).

    Returns
    -------
    SingleResult

    Raises
    ------
    NoneqInputError
        Bad arguments, or a run whose largest basis does not fit in memory (before anything is allocated).

    Examples
    --------
    >>> from noneq.kicked.model import KickedParticles
    >>> noisy = evolve_single(KickedParticles(hbar_eff=0.2, noise_W=0.1), 127, 5, samples=3, seed=1)
    >>> noisy.p_sq.shape, bool(noisy.purity[-1] < 1.0)
    ((3, 6), True)
    >>> evolve_single(KickedParticles(K1=2.3, hbar_eff=0.037), 0, 30).momenta.size  # a growing basis
    799
    """
    if not isinstance(model, KickedParticles):
        raise bad_value("model", model, "a noneq.kicked.KickedParticles")
    modes = integer("modes", modes, minimum=0, allowed="an integer >= 1, or 0 (a basis that grows with the state)")
    kicks = integer("kicks", kicks, minimum=0)
    samples = integer("samples", samples, minimum=1)
    seed = integer("seed", seed, minimum=0)
    strict = boolean("strict", strict)
    if checkpoint is not None and not isinstance(checkpoint, Checkpoint):
        raise bad_value("checkpoint", checkpoint, "a noneq.core.checkpoint.Checkpoint or None")
    check_quantum_scales(model)
    given = 0 if initial is None else int(np.size(initial))
    size = modes or max(given, growth.single_start(model, kicks))
    limit = modes or max(size, growth.single_limit(model, kicks))
    check_memory(costs.single_memory(samples, limit, kicks), "a kicked single-particle run", costs.SINGLE_REDUCE)
    start = _initial(initial, modes)
    with threadpoolctl.threadpool_limits(1, user_api="blas"):  # the purity's small products: threads only spin
        return _evolve(model, modes, kicks, samples, seed, strict, start, size, limit,
                       checkpoint or Checkpoint.disabled(), progress)


def _evolve(model, modes, kicks, samples, seed, strict, start, size, limit, checkpoint, progress) -> SingleResult:
    """`evolve_single` after validation (a growing basis when ``modes`` is 0)."""
    strengths = kick_strengths(model, kicks, samples, seed)
    p_sq, purity = np.empty((samples, kicks + 1)), np.empty(kicks + 1)
    state = restore(checkpoint, KIND, lambda record: {"c": (samples, int(record["modes"])),
                                                      "p_sq": (samples, int(record["done"]) + 1),
                                                      "purity": (int(record["done"]) + 1,), "scalars": (2,)})
    p, free = _operators(model, size)
    if state is None:
        c = np.tile(growth.padded(start, (size,)), (samples, 1))
        probabilities = np.abs(c) ** 2
        p_sq[:, 0], purity[0] = probabilities @ (p * p), averaged_purity(c)
        done, top, norm_error = 0, 0.0, 0.0
    else:  # done kicks, recorded in the arrays up to column done
        arrays, record = state
        c, done = arrays["c"], int(record["done"])
        p_sq[:, :done + 1], purity[:done + 1] = arrays["p_sq"], arrays["purity"]
        top, norm_error = (float(x) for x in arrays["scalars"])
        p, free = _operators(model, c.shape[1])
        probabilities = np.abs(c) ** 2
    weights, threshold = costs.single_kick_weights(model, kicks, size, limit, samples), growth.single_threshold(kicks)
    with kick_progress(progress, f"kicked quantum, one particle: {kicks} kicks", weights, done=done) as advance:
        for n in range(done, kicks):
            previous = c
            c = _period(model, previous, strengths[:, n], free)
            probabilities = np.abs(c) ** 2
            tops = guards.top_mode_probability(probabilities)
            while not modes and tops.max() > threshold and c.shape[1] < limit:
                grown = growth.grown(c.shape[1], limit)
                p, free = _operators(model, grown)
                c = _period(model, growth.padded(previous, (samples, grown)), strengths[:, n], free)
                probabilities = np.abs(c) ** 2
                tops = guards.top_mode_probability(probabilities)
            p_sq[:, n + 1] = probabilities @ (p * p)
            purity[n + 1] = averaged_purity(c)
            top = max(top, float(tops.max()))
            norm_error = max(norm_error, float(np.abs(probabilities.sum(axis=1) - 1.0).max()))
            advance(n + 1)
            if n + 1 < kicks and checkpoint.due():
                checkpoint.save({"c": c, "p_sq": p_sq[:, :n + 2], "purity": purity[:n + 2],
                                 "scalars": np.array([top, norm_error])},
                                {"kind": KIND, "done": n + 1, "modes": c.shape[1]})
    checkpoint.remove()
    resolved = guards.check(top_mode=top, norm_error=norm_error, strict=strict, basis="modes1")
    return SingleResult(p_sq, purity, probabilities, p, top, norm_error, resolved)


def _initial(initial, modes: int) -> np.ndarray:
    """The validated initial coefficients (N,) (the ground state by default)."""
    if initial is None:
        return basis.ground_state(modes or 1)
    start = np.asarray(initial)
    if start.ndim != 1 or start.size == 0 or start.dtype.kind not in "biufc" or (modes and start.size != modes):
        raise bad_value("initial", f"array of shape {start.shape} and dtype {start.dtype}",
                        f"a 1-D array of {modes or 'N >= 1'} mode coefficients")
    start = start.astype(np.complex128)
    if not np.all(np.isfinite(start)):
        raise bad_value("initial", "an array with non-finite values", "finite mode coefficients")
    return start


def _operators(model: KickedParticles, modes: int) -> tuple[np.ndarray, np.ndarray]:
    """(momenta p_n, free phases of one period) of an N-mode basis."""
    return basis.momenta(model, modes), basis.free_phases(model, modes, 1.0, 1.0)


def _period(model: KickedParticles, c: np.ndarray, strengths: np.ndarray, free: np.ndarray) -> np.ndarray:
    """One period: kick (strength per sample) on the grid, then the exact free evolution."""
    psi = basis.transform(c) * basis.kick_phases(model, c.shape[1], strengths)
    return basis.transform(psi) * free
