"""Full counting statistics of the Otto cycle's heats in the limit cycle (hbar = k_B = 1; docs/papers/otto.md).

Counting fields chi_c, chi_h on the energy a bath jump brings into the working substance during the cold and the
hot isochore turn the one-cycle map into the tilted map (stroke order: cold isochore, compression, hot isochore,
expansion)

    M(chi) = S_exp K_h(chi_h) S_comp K_c(chi_c),      K(chi)_ij = K_ij exp(chi (E_i - E_j)),

K = exp(G tau) the isochore's transition matrix (column j -> row i) at the stroke's energies E: the heat absorbed
in an isochore is the sum of the jumps' energies, which equals E(end) - E(start), so tilting the generator's
off-diagonal rates by exp(chi dE) gives exactly this K(chi). Over n cycles from the limit cycle p,
E[exp(chi_c Q_c + chi_h Q_h)] = l . M(chi)^n p, so the scaled cumulant generating function per cycle is
lambda(chi) = ln mu(chi), mu the dominant eigenvalue of M(chi) (mu(0) = 1), and the scaled cumulants
kappa_k = lim Q-cumulant_k / n are its derivatives at 0.

The adiabatic strokes S (``scheme``):

- ideal adiabats (``tilt=None``): S = 1, the populations are kept and the energies switch;
- ``scheme="two-point"``: finite-time unitary strokes U of `noneq.otto.quantum_strokes` with the energy measured
  at both ends of every stroke (two-point measurement, TPM): S_kj = |<k|U|j>|^2 on the level populations (the
  measurement removes the coherences: this is the statistics of the measured machine);
- ``scheme="coherent"``: the same strokes unmeasured, S = U (.) U^dagger on vec(rho) (row-major), the isochores
  the Davies maps of `noneq.otto.quantum_strokes.isochore_map` (coherences decay, populations tilted as above):
  heat is counted on the bath jumps only, and the means are those of `quantum_limit_cycle`.

The work per cycle is W = -(Q_c + Q_h) + (change of the system's energy): over n cycles the last term is
bounded, so the scaled cumulants of the work are those of -(Q_c + Q_h) (checked against the work counted by
two-point measurement on the strokes, `noneq.otto.counting_dense.tilted_map` with ``chi_w``). The entropy
production per cycle Sigma = -beta_c Q_c - beta_h Q_h likewise (the system's entropy change is bounded).

`scaled_cumulants` computes the derivatives of ln mu at 0 by Rayleigh-Schroedinger perturbation theory of the
dominant eigenvalue (module `noneq.otto.counting_cycles` has the exact statistics of a finite number of cycles;
`noneq.otto.counting_dense` the straightforward dense route: the full tilted map and its eigenvalues).

Examples
--------
>>> from noneq.otto.model import OttoCycle
>>> c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
>>> k = scaled_cumulants(c)
>>> from noneq.otto.cycle import limit_cycle
>>> bool(abs(k.sel(current="q_c", order=1) - limit_cycle(c).Q_c) < 1e-14)
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from math import comb

import numpy as np
import scipy.linalg
import xarray as xr

from noneq.core.errors import NumericalError
from noneq.core.linalg import null_vector
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.core.validation import choice, integer, real
from noneq.otto.cycle import _stroke_change
from noneq.otto.model import OttoCycle, check_cycle
from noneq.otto.quantum_strokes import stroke_unitary
from noneq.stochastic import cumulants_from_moments, generator, ladder_rates

__all__ = ["CURRENTS", "SCHEMES", "Strokes", "current_weights", "cycle_strokes", "scaled_cumulants"]

SYSTEM = "otto"
SCHEMES = ("two-point", "coherent")
CURRENTS = ("q_c", "q_h", "work", "sigma")  # per cycle: heats absorbed, work done on the system, entropy production
MAX_ORDER = 8
IMAGINARY_TOLERANCE = 1e-9  # |Im kappa| relative to |kappa| + |kappa_1 scale| accepted in the coherent scheme
SMALL_SPACE = 64  # up to this dimension the matrices take < 2 MB: no memory check (it reads /proc)
DENSITY_COPIES = 24  # (d, d) complex matrices of the expansion alive at once, d = n^2 (coherent) or n
_CURRENT_UNITS = {"q_c": "energy", "q_h": "energy", "work": "energy", "sigma": "1"}


def current_weights(cycle: OttoCycle, current: str) -> tuple[float, float]:
    """(a_c, a_h) with J = a_c Q_c + a_h Q_h for one of `CURRENTS` (work: its scaled cumulants; see module).

    Examples
    --------
    >>> current_weights(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0), "sigma")
    (-1.0, -0.6666666666666666)
    """
    current = choice("current", current, CURRENTS)
    return {"q_c": (1.0, 0.0), "q_h": (0.0, 1.0), "work": (-1.0, -1.0),
            "sigma": (-cycle.beta_c, -cycle.beta_h)}[current]


@dataclass(frozen=True)
class Strokes:
    """The four strokes of a cycle as matrices on the scheme's space (dimension d: n populations, or n^2 for
    vec(rho) in the coherent scheme). Each stroke is kept as its change (matrix - 1), computed without
    cancellation where the stroke is short; ``None`` for an ideal adiabat (the identity).

    Attributes
    ----------
    left : numpy.ndarray
        The conserved functional l (l . M(0) = l): ones, or vec(1) (the trace).
    populations : numpy.ndarray
        Indices of the populations in the space.
    change_c, change_h : numpy.ndarray
        Isochore transition matrices minus 1 on the populations, (n, n).
    T_c, T_h : numpy.ndarray
        Energy changes E_i - E_j of the jump j -> i in each isochore, (n, n).
    coherence_c, coherence_h : numpy.ndarray or None
        Coherent scheme: the isochores' factors minus 1 on the coherences (d,), zero on populations.
    compression, expansion : numpy.ndarray or None
        The stroke changes S - 1 (d, d); None for ideal adiabats.
    """

    left: np.ndarray
    populations: np.ndarray
    change_c: np.ndarray
    change_h: np.ndarray
    T_c: np.ndarray
    T_h: np.ndarray
    coherence_c: np.ndarray | None
    coherence_h: np.ndarray | None
    compression: np.ndarray | None
    expansion: np.ndarray | None

    @property
    def dimension(self) -> int:
        return self.left.size

    def isochore(self, which: str, order: int, chi: float = 0.0, weight: float = 1.0,
                 tilt: np.ndarray | None = None) -> np.ndarray:
        """d x d: order 0: the tilted isochore K(chi); order k >= 1: d^k K / d chi^k at chi = 0. The tilt of the
        jump j -> i is ``tilt[i, j]`` (default ``weight`` (E_i - E_j), the current weight Q; the weight enters
        before the power, so that a huge inverse temperature times a tiny energy stays in range)."""
        change, T = (self.change_c, self.T_c) if which == "c" else (self.change_h, self.T_h)
        W = weight * T if tilt is None else tilt
        if order == 0:
            return np.eye(self.dimension) + self._embed(change * np.exp(chi * W), which)  # W_ii = 0
        return self._embed(change * W ** order, None)

    def isochore_change(self, which: str) -> np.ndarray:
        """The isochore's matrix minus 1 (d x d), without forming 1 + change."""
        return self._embed(self.change_c if which == "c" else self.change_h, which)

    def _embed(self, block: np.ndarray, which: str | None) -> np.ndarray:
        """``block`` on the populations; with ``which``, the coherences' change of that isochore too."""
        if self.coherence_c is None:
            return block
        coherence = self.coherence_c if which == "c" else self.coherence_h
        full = np.diag(coherence) if which is not None else np.zeros((self.dimension,) * 2, dtype=complex)
        full[np.ix_(self.populations, self.populations)] = block
        return full

    def change(self) -> np.ndarray:
        """M(0) - 1 of the whole cycle, accumulated stroke by stroke ((1 + C)(1 + X) - 1 = X + C + C X)."""
        total = np.zeros((self.dimension,) * 2, dtype=complex if self.coherence_c is not None else float)
        for stroke in (self.isochore_change("c"), self.compression, self.isochore_change("h"), self.expansion):
            if stroke is not None:
                total = total + stroke + stroke @ total
        return total


def _apply(stroke: np.ndarray | None, vector: np.ndarray) -> np.ndarray:
    return vector if stroke is None else vector + stroke @ vector


def _unitary_change(U: np.ndarray, scheme: str) -> np.ndarray:
    """S - 1 for a unitary stroke: |U|^2 - 1 (diagonal from the column sums: exact where U ~ 1), or the
    superoperator U (.) U^dagger - 1 on row-major vec(rho)."""
    if scheme == "coherent":
        return np.kron(U, U.conj()) - np.eye(U.shape[0] ** 2)
    S = np.abs(U) ** 2
    np.fill_diagonal(S, 0.0)
    return S - np.diag(S.sum(axis=0))


def cycle_strokes(cycle: OttoCycle, *, tilt: float | None = None, scheme: str = "two-point",
                  substeps: int = 0) -> Strokes:
    """The strokes of ``cycle`` (see `Strokes` and the module docstring).

    Parameters
    ----------
    cycle : OttoCycle
    tilt : float or None, optional
        None (default): ideal adiabats; a number: the finite-time unitary strokes of
        `noneq.otto.quantum_strokes` with this tilt, each of duration tau_adi / 2.
    scheme : {"two-point", "coherent"}
        How the strokes enter (module docstring); without unitary strokes both are the classical cycle.
    substeps : int, optional
        Midpoint steps of a unitary stroke (0: automatic).

    Examples
    --------
    >>> s = cycle_strokes(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, tau_adi=0.5), tilt=0.5,
    ...                   scheme="coherent")
    >>> s.dimension, s.compression.shape
    (4, (4, 4))
    """
    cycle = check_cycle(cycle)
    scheme = choice("scheme", scheme, SCHEMES)
    if tilt is not None:
        tilt = real("tilt", tilt)
    n = cycle.n_levels
    coherent = scheme == "coherent" and tilt is not None
    d = n * n if coherent else n
    if d > SMALL_SPACE:
        check_memory(DENSITY_COPIES * 16.0 * d * d, f"the counting statistics of {n} levels ({d} x {d} matrices)",
                     "use fewer levels")
    E_a, E_b = cycle.energies(cycle.w_a), cycle.energies(cycle.w_b)
    with np.errstate(all="ignore"):
        change_c = _stroke_change(E_a, cycle.beta_c, cycle.gamma_c, cycle.tau_c)
        change_h = _stroke_change(E_b, cycle.beta_h, cycle.gamma_h, cycle.tau_h)
    if not (np.all(np.isfinite(change_c)) and np.all(np.isfinite(change_h))):
        raise NumericalError("the isochore propagators are not finite: the bath rates, times or beta w are outside "
                             "the range the master-equation solver handles")
    compression = expansion = coherence_c = coherence_h = None
    if tilt is not None:
        half = cycle.tau_adi / 2.0
        compression = _unitary_change(stroke_unitary(cycle.levels, cycle.w_a, cycle.w_b, half, tilt,
                                                     substeps=substeps), scheme)
        expansion = _unitary_change(stroke_unitary(cycle.levels, cycle.w_b, cycle.w_a, half, tilt,
                                                   substeps=substeps), scheme)
    if coherent:
        coherence_c = _coherence_change(E_a, cycle.beta_c, cycle.gamma_c, cycle.tau_c)
        coherence_h = _coherence_change(E_b, cycle.beta_h, cycle.gamma_h, cycle.tau_h)
        left, populations = np.eye(n).ravel(), np.arange(n) * (n + 1)
    else:
        left, populations = np.ones(n), np.arange(n)
    return Strokes(left=left, populations=populations, change_c=change_c, change_h=change_h,
                   T_c=E_a[:, None] - E_a[None, :], T_h=E_b[:, None] - E_b[None, :], coherence_c=coherence_c,
                   coherence_h=coherence_h, compression=compression, expansion=expansion)


def _coherence_change(E: np.ndarray, beta: float, gamma: float, tau: float) -> np.ndarray:
    """exp((-Gamma_jk - i (E_j - E_k)) tau) - 1 for the coherence |j><k| in a Davies isochore (row-major vec);
    zero on the populations (`noneq.otto.quantum_strokes.isochore_map`)."""
    escape = -np.diag(generator(ladder_rates(E, beta, gamma)))
    decay = 0.5 * (escape[:, None] + escape[None, :]) * tau
    phase = np.mod((E[:, None] - E[None, :]) * tau, 2 * np.pi)
    with np.errstate(under="ignore"):
        out = np.expm1(-decay - 1j * phase)
    np.fill_diagonal(out, 0.0)
    return out.ravel()


def _expansion(strokes: Strokes, tilt_c: np.ndarray | None, tilt_h: np.ndarray | None, order: int,
               p: np.ndarray, solve) -> np.ndarray:
    """kappa_1..kappa_order of the current with jump tilts ``tilt_c``, ``tilt_h`` (None: not counted):
    Rayleigh-Schroedinger perturbation of the dominant eigenvalue mu(chi) of
    M(chi) = M_0 + sum_k chi^k / k! M_k (l . p_k = 0 for k >= 1):

        mu_n = sum_{k=1}^n C(n, k) l . M_k p_{n-k},   (M_0 - 1) p_n = sum_{k=1}^n C(n, k) (mu_k - M_k) p_{n-k},

    then the cumulants of ln mu: kappa_n = mu_n - sum_{m=1}^{n-1} C(n-1, m-1) kappa_m mu_{n-m}."""
    left = strokes.left
    C = [strokes.isochore("c", k, tilt=tilt_c) if (k == 0 or tilt_c is not None) else None
         for k in range(order + 1)]
    H = [strokes.isochore("h", k, tilt=tilt_h) if (k == 0 or tilt_h is not None) else None
         for k in range(order + 1)]

    def M_times(k: int, v: np.ndarray) -> np.ndarray:  # d^k M / d chi^k at 0, applied to v
        out = np.zeros_like(v, dtype=complex if np.iscomplexobj(H[0]) or np.iscomplexobj(v) else float)
        for j in range(k + 1):
            if H[j] is None or C[k - j] is None:
                continue
            w = _apply(strokes.compression, C[k - j] @ v)
            out = out + comb(k, j) * _apply(strokes.expansion, H[j] @ w)
        return out

    vectors, mu = [p], [1.0]
    for n in range(1, order + 1):
        terms = [comb(n, k) * M_times(k, vectors[n - k]) for k in range(1, n + 1)]
        mu.append(left @ sum(terms))
        if n < order:
            rhs = sum(comb(n, k) * mu[k] * vectors[n - k] for k in range(1, n + 1)) - sum(terms)
            vectors.append(solve(rhs))
    return cumulants_from_moments(mu[1:order + 1])


def _solver(change: np.ndarray, left: np.ndarray):
    """x with (M_0 - 1) x = b and l . x = 0, for b with l . b = 0: on an orthonormal basis Q of l's orthogonal
    complement, Q^H (M_0 - 1) Q y = Q^H b, x = Q y (scale-free: M_0 - 1 may be tiny for short strokes)."""
    Q = np.linalg.qr(left[:, None].astype(change.dtype), mode="complete")[0][:, 1:]
    factors = scipy.linalg.lu_factor(Q.conj().T @ change @ Q, check_finite=False)
    return lambda b: Q @ scipy.linalg.lu_solve(factors, Q.conj().T @ b, check_finite=False)


def _tilts(cycle: OttoCycle, strokes: Strokes, current: str) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The jump tilts (cold, hot) of a current. With ideal adiabats the energy changes between the isochores are
    deterministic, so a current a_c Q_c + a_h Q_h differs over n cycles only by a bounded term from the one
    counted on a single isochore with tilt a_c (E_a,i - E_a,j) - a_h (E_b,i - E_b,j) (cold) or its negative
    (hot): it is counted on the isochore whose propagator changes less, so that a saturated stroke (its change
    ~1) never carries a tiny heat as a difference of O(1) numbers (as in `noneq.otto.cycle`)."""
    a_c, a_h = current_weights(cycle, current)
    if strokes.compression is not None or strokes.coherence_c is not None:
        return (a_c * strokes.T_c if a_c else None), (a_h * strokes.T_h if a_h else None)
    with np.errstate(over="ignore", invalid="ignore"):
        tilt = a_c * strokes.T_c - a_h * strokes.T_h
    if np.max(np.abs(strokes.change_c)) <= np.max(np.abs(strokes.change_h)):
        return tilt, None
    return None, -tilt


def cumulant_array(cycle: OttoCycle, *, order: int = 4, tilt: float | None = None, scheme: str = "two-point",
                   substeps: int = 0, strokes: Strokes | None = None) -> np.ndarray:
    """The scaled cumulants per cycle as an array (len(CURRENTS), order) (see `scaled_cumulants`)."""
    s = strokes if strokes is not None else cycle_strokes(cycle, tilt=tilt, scheme=scheme, substeps=substeps)
    change = s.change()
    if not np.all(np.isfinite(change)):
        raise NumericalError("the one-cycle map is not finite")
    p = null_vector(change, s.left)
    solve = _solver(change, s.left)
    with np.errstate(over="ignore", invalid="ignore"):  # a cumulant beyond the double range: checked below
        kappa = np.array([_expansion(s, *_tilts(cycle, s, name), order, p, solve) for name in CURRENTS])
    if np.iscomplexobj(kappa):
        scale = np.abs(kappa).max(axis=1, keepdims=True) + 1e-300
        if np.any(np.abs(kappa.imag) > IMAGINARY_TOLERANCE * scale):
            raise NumericalError("complex scaled cumulants: the dominant eigenvalue is not real")
        kappa = kappa.real
    if not np.all(np.isfinite(kappa)):
        raise NumericalError("a scaled cumulant exceeds the double range (the energies or inverse temperatures are "
                             "too large for cumulants up to this order)")
    return kappa


def scaled_cumulants(cycle: OttoCycle, *, order: int = 4, tilt: float | None = None, scheme: str = "two-point",
                     substeps: int = 0) -> xr.DataArray:
    """The scaled cumulants per cycle of Q_c, Q_h, the work and the entropy production in the limit cycle.

    kappa_k(J) = lim_{n -> inf} (k-th cumulant of J summed over n cycles) / n = d^k lambda / d chi^k at 0, from
    the perturbation expansion of the dominant eigenvalue of the tilted map (module docstring).

    Parameters
    ----------
    cycle : OttoCycle
    order : int, optional
        Highest order, 1..8 (default 4).
    tilt, scheme, substeps
        The adiabatic strokes, as in `cycle_strokes`.

    Returns
    -------
    xarray.DataArray
        dims (current, order): ``current`` one of `CURRENTS` (q_c, q_h, work in energy^k, sigma in nats^k),
        ``order`` 1..order; the parameters as provenance.

    Examples
    --------
    >>> k = scaled_cumulants(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0), order=2)
    >>> bool(k.sel(current="sigma", order=1) > 0), bool(k.sel(current="q_c", order=2) > 0)
    (True, True)
    """
    cycle = check_cycle(cycle)
    order = integer("order", order, minimum=1, maximum=MAX_ORDER)
    kappa = cumulant_array(cycle, order=order, tilt=tilt, scheme=scheme, substeps=substeps)
    out = labelled(kappa, ("current", "order"), "energy^order (sigma: nats^order)",
                   "scaled cumulant per cycle in the limit cycle")
    array = xr.DataArray(out, coords={"current": list(CURRENTS), "order": np.arange(1, order + 1)},
                         name="cumulants")
    array.attrs.update(provenance(SYSTEM, {**asdict(cycle), "tilt": tilt, "scheme": scheme}))
    return array
