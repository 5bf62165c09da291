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
import xarray as xr

from noneq.core.results import labelled
from noneq.core.validation import integer
from noneq.kicked import basis, guards
from noneq.kicked.model import KickedParticles
from noneq.kicked.observables import averaged_purity


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
                  strict: bool = True, initial: np.ndarray | None = None) -> SingleResult:
    """Evolve particle 1 alone (K1, noise_W of ``model``) for ``kicks`` periods.

    Parameters
    ----------
    model : KickedParticles
        K1, noise_W, L and hbar_eff are used (particle 2 and the coupling are not).
    modes : int
        Sine modes N of the basis.
    kicks : int
        Number of periods.
    samples : int
        Realizations of the kick noise evolved together (all equal when noise_W = 0).
    seed : int
        Seed of the kick noise.
    strict : bool
        Raise `NumericalError` when a guard fails (else return with ``resolved`` False).
    initial : array (N,), optional
        Initial mode coefficients (default: the ground state).

    Returns
    -------
    SingleResult

    Examples
    --------
    >>> from noneq.kicked.model import KickedParticles
    >>> noisy = evolve_single(KickedParticles(hbar_eff=0.2, noise_W=0.1), 127, 5, samples=3, seed=1)
    >>> noisy.p_sq.shape, bool(noisy.purity[-1] < 1.0)
    ((3, 6), True)
    """
    modes = integer("modes", modes, minimum=1)
    kicks = integer("kicks", kicks, minimum=0)
    samples = integer("samples", samples, minimum=1)
    strengths = kick_strengths(model, kicks, samples, seed)
    p = basis.momenta(model, modes)
    free = basis.free_phases(model, modes, 1.0, 1.0)
    start = basis.ground_state(modes) if initial is None else np.asarray(initial, dtype=np.complex128)
    c = np.tile(start, (samples, 1))
    p_sq = np.empty((samples, kicks + 1))
    probabilities = np.abs(c) ** 2
    p_sq[:, 0] = probabilities @ (p * p)
    purity = np.empty(kicks + 1)
    purity[0] = averaged_purity(c)
    top, norm_error = 0.0, 0.0
    for n in range(kicks):
        psi = basis.transform(c) * basis.kick_phases(model, modes, strengths[:, n])
        c = basis.transform(psi) * free
        probabilities = np.abs(c) ** 2
        p_sq[:, n + 1] = probabilities @ (p * p)
        purity[n + 1] = averaged_purity(c)
        top = max(top, float(guards.top_mode_probability(probabilities).max()))
        norm_error = max(norm_error, float(np.abs(probabilities.sum(axis=1) - 1.0).max()))
    resolved = guards.check(top_mode=top, norm_error=norm_error, strict=strict)
    return SingleResult(p_sq, purity, probabilities, p, top, norm_error, resolved)
