"""The straightforward dense route to the Otto cycle's counting statistics: the tilted one-cycle map M(chi) formed
explicitly (`noneq.otto.counting`, module docstring) and the scaled cumulant generating function from its
eigenvalues (numpy). Used as the independent check and the benchmark baseline of the perturbation theory, for the
Gallavotti-Cohen symmetry and for the work counted by two-point measurement on the strokes (``chi_w``).

Examples
--------
>>> from noneq.otto.model import OttoCycle
>>> float(scgf(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0), 0.0, 0.0))
0.0
"""

from __future__ import annotations

import numpy as np

from noneq.core.errors import NumericalError, bad_value
from noneq.core.validation import real
from noneq.otto.counting import Strokes, cycle_strokes
from noneq.otto.model import OttoCycle, check_cycle

__all__ = ["scgf", "tilted_map"]


def tilted_map(cycle: OttoCycle, chi_c: float = 0.0, chi_h: float = 0.0, chi_w: float = 0.0, *,
               tilt: float | None = None, scheme: str = "two-point", substeps: int = 0,
               strokes: Strokes | None = None) -> np.ndarray:
    """The dense tilted one-cycle map M(chi_c, chi_h, chi_w) (module docstring), formed explicitly.

    ``chi_w`` counts the work of the adiabatic strokes by two-point measurement (energy after minus energy
    before each stroke: K_kj exp(chi_w (E_out,k - E_in,j)) with K = |U|^2, or the identity for ideal adiabats);
    not defined in the coherent scheme (unmeasured strokes). ``strokes``: from `cycle_strokes`, to reuse.

    Returns
    -------
    numpy.ndarray
        (d, d), d = n_levels (or n_levels^2 in the coherent scheme with unitary strokes).

    Examples
    --------
    >>> M = tilted_map(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> np.round(M.sum(axis=0), 12)                                   # column-stochastic at chi = 0
    array([1., 1.])
    """
    cycle = check_cycle(cycle)
    s = strokes if strokes is not None else cycle_strokes(cycle, tilt=tilt, scheme=scheme, substeps=substeps)
    chi_c, chi_h, chi_w = (real(name, value) for name, value in (("chi_c", chi_c), ("chi_h", chi_h),
                                                                  ("chi_w", chi_w)))
    if chi_w != 0 and s.coherence_c is not None:
        raise bad_value("chi_w", chi_w, "0 in the coherent scheme (the strokes are not measured)")
    E_a, E_b = cycle.energies(cycle.w_a), cycle.energies(cycle.w_b)
    one = np.eye(s.dimension)

    def stroke(change, E_in, E_out):
        S = one if change is None else one + change
        if chi_w == 0:
            return S
        return S * np.exp(chi_w * (E_out[:, None] - E_in[None, :]))

    with np.errstate(over="ignore"):
        M = (stroke(s.expansion, E_b, E_a) @ s.isochore("h", 0, chi_h) @ stroke(s.compression, E_a, E_b)
             @ s.isochore("c", 0, chi_c))
    if not np.all(np.isfinite(M)):
        raise NumericalError("the tilted map overflows: the counting fields are too large for these energies")
    return M


def scgf(cycle: OttoCycle, chi_c, chi_h, chi_w=0.0, *, tilt: float | None = None, scheme: str = "two-point",
         substeps: int = 0) -> np.ndarray:
    """The scaled cumulant generating function per cycle, lambda = ln mu(chi), mu the dominant eigenvalue of
    `tilted_map` (the eigenvalue of largest real part: the Perron root for real fields), by dense eigenvalues.

    Parameters
    ----------
    cycle : OttoCycle
    chi_c, chi_h, chi_w : float or array_like
        Counting fields (broadcast together) for Q_c, Q_h and the stroke work (see `tilted_map`).
    tilt, scheme, substeps
        As in `cycle_strokes`.

    Returns
    -------
    numpy.ndarray
        lambda, the broadcast shape of the fields.

    Examples
    --------
    >>> c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
    >>> chi = np.array([0.3, -1.3])                         # Gallavotti-Cohen: lambda(chi) = lambda(-1 - chi) for
    >>> lam = scgf(c, -c.beta_c * chi, -c.beta_h * chi)      # the entropy production
    >>> bool(abs(lam[0] - lam[1]) < 1e-14)
    True
    """
    cycle = check_cycle(cycle)
    strokes = cycle_strokes(cycle, tilt=tilt, scheme=scheme, substeps=substeps)
    fields = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (chi_c, chi_h, chi_w)))
    out = np.empty(fields[0].shape)
    for index in np.ndindex(out.shape):
        M = tilted_map(cycle, *(float(f[index]) for f in fields), strokes=strokes)
        eigenvalues = np.linalg.eigvals(M)
        mu = eigenvalues[np.argmax(eigenvalues.real)]
        out[index] = np.log(mu.real)
    return out
