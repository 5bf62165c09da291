"""Exact two-point-measurement (TPM) statistics of the heat, the system energy change and the entropy production
of an `OpenSystem` with finite reservoirs, from the exact unitary dynamics, for a constant Hamiltonian or a
piecewise-constant protocol of `Stage` s (docs/papers/reservoir.md, "Beyond the paper: heat statistics");
hbar = k_B = 1, entropies in nats.

Measured operators: the system Hamiltonian in force and every H_r (they commute). The first measurement (t = 0)
dephases rho(0) = rho_s(0) (x) prod_r gamma_r in the product eigenbasis {|a>} of H_s(0) + sum_r H_r (the
reservoirs' Gibbs states gamma_r are unchanged; rho_s(0) loses its coherences between H_s(0) eigenspaces, and
within a degenerate eigenspace the basis is chosen to diagonalize it). The final measurement at t is in the
eigenbasis {|b>} of H_s(t) + sum_r H_r, H_s(t) the system Hamiltonian in force at t (`OpenSystem.protocol_at`: at
a switching instant the new one; within a degenerate eigenspace the basis diagonalizes rho_s(0) there). With p_a
the dephased initial weights and U(t) the propagator (e^{-iHt}, or for a protocol with stages k starting at t_k
the product U(t) = e^{-i H_k (t - t_k)} e^{-i H_(k-1) (t_k - t_(k-1))} ... e^{-i H_0 t_1}, H_k the total
Hamiltonian of stage k), a transition a -> b has probability p_a T_ba(t), T_ba = |<b|U(t)|a>|^2, and every quantity
is a difference X_ab = y_b - x_a:

    system_energy_change   Delta E_s = e_s^(t)(b) - e_s^(0)(a)        (levels of H_s(t) and of H_s(0))
    heat_r                 Q_r = eps_r(a) - eps_r(b)                  (energy out of reservoir r, as eq. (9))
    entropy_production     Sigma = ln p_a - ln p~_b = ln q_0(s_a) - ln q~(s_b) - sum_r beta_r Q_r

with p~ = q~ (x) prod_r gamma_r the reference state, diagonal in the final measurement's basis: q~ = rho_s(0)
dephased in the eigenbasis of H_s(t) when that has full rank (for a constant Hamiltonian: the dephased rho_s(0),
a product of Gibbs states if rho_s(0) is one, and then p~ = p), else the Gibbs state of H_s(t) at
``reference_beta``. With rho_s(0) Gibbs at beta_s, ``reference_beta = beta_s`` gives the Jarzynski-Crooks setting
of a driven protocol: Sigma = beta_s (Delta E_s - Delta F_s) - sum_r beta_r Q_r, Delta F_s the change of the
system's equilibrium free energy from H_s(0) to H_s(t) (an isolated system: <e^{-beta_s W}> = Z_s(t) / Z_s(0)).
Identities checked by the tests: <Sigma> = Delta_i S(t) + D[rho_s(t) || q~] (eq. (10) plus a relative entropy,
when rho_s(0) is diagonal in the H_s(0) eigenbasis); <e^{-Sigma}> = 1 - lambda(t), lambda(t) = Tr[P_0 U^dagger
p~ U] the absolute irreversibility (P_0: the states with p_a = 0; lambda = 0 for a full-rank rho_s(0)), exact for
any normalized p~, so for both choices and every protocol; P(Sigma) = e^Sigma P(-Sigma) when T is symmetric (H
real in a real H_0 eigenbasis) and p~ = p.

Moments (method of `tpm_cumulants`): with Phi = <b|k> (final measured basis b, eigenbasis k of the stage's H with
energies E_k) and Psi = <a|U(t_k)^dagger|k> (the first measurement's basis carried to the stage's start t_k; Psi
= Phi for a constant Hamiltonian), <X^n> = sum_j C(n, j) (-1)^(n-j) Tr[y^j U (p x^(n-j)) U^dagger], each trace an
O(d^2)-per-time phase series in t - t_k (`noneq.reservoir.exact.phase_series`) of (Phi^dagger y^j Phi)^T o
(Psi^dagger p x^m Psi); so after one eigendecomposition per stage (for a constant Hamiltonian shareable with
`exact_thermodynamics`) every time costs O(d^2) per moment. A switch carries Psi by one product:
Psi^(k+1) = Psi^(k) e^{i E^(k) (t_(k+1) - t_k)} W^(k)dagger W^(k+1) (`stage_bases`). Functions that take few values
(the system energy) cost one change of basis for all powers (level sets). Distributions (`tpm_distribution`) need
the transition probabilities themselves, O(d^2 d_+) per time (d_+: initial states with p_a > 0), histogrammed on
symmetric energy bins; cumulants are never taken from bins (`noneq.reservoir.transitions`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.linalg
import xarray as xr

from noneq.core import validation
from noneq.core.errors import NumericalError
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.reservoir.exact import Eigensystem, phase_series
from noneq.stochastic.moments import cumulants_from_moments
from noneq.reservoir.model import (SYSTEM_NAME, MAX_BETA, OpenSystem, check_instance, check_times, invalid,
                                   max_phase_time)

__all__ = ["Measurement", "TpmBasis", "measurements", "protocol_stages", "stage_bases", "tpm_basis", "tpm_cumulants",
           "tpm_memory", "tpm_seconds"]

MAX_ORDER = 8  # cumulant orders 1..8: beyond, the moment-to-cumulant cancellation eats the digits
MAX_BINS = 100001  # histogram bins per quantity
DEGENERACY_TOLERANCE = 1e-12  # relative: eigenvalues of H_s closer than this (times max(1, ||H_s||)) are one level
SUPPORT_TOLERANCE = 0.0  # p_a <= this is "not populated" (exact zeros only: Gibbs weights are never rounded to 0)
COMPLEX = 16  # bytes per complex number
DENSE_COPIES = 6  # d x d matrices alive at once in tpm_cumulants: W, Phi, 2 (order + 1) powers kept per quantity
DRIVEN_COPIES = 4  # more complex d x d matrices of a driven protocol: the previous stage's W and Psi, this one's
# Psi and the product W^dagger W' that carries it
FLOP_RATE = 5e10  # flops per second (2 cores, BLAS) for the time estimates (docs/notes/reservoir.md)
DISTRIBUTION_SECONDS = 2e-4  # per output time of tpm_distribution: the Python loop, three bincounts' set-up
BINCOUNT_SECONDS = 1e-8  # per histogrammed transition (or bin) and quantity


@dataclass(frozen=True, eq=False)
class TpmBasis:
    """The measured bases of a model in one stage of its protocol: ``overlaps`` Phi_bk = <b|k> (b: the final
    measurement's product eigenbasis of H_s (x) the H_r, k: eigenbasis of the stage's H with ``energies`` E_k),
    ``levels`` (d, 1 + R) the eigenvalues e_s(b), eps_r(b) of H_s and each H_r, ``probabilities`` p_a (dephased
    rho(0)), ``reference`` p~_b, ``betas`` the reservoirs' inverse temperatures, ``log_probabilities``,
    ``log_reference`` their logarithms from the factors' (finite where a weight underflows; -inf where p_a = 0),
    and ``quantities`` their names (module docstring).

    A driven protocol has one basis per stage, valid for final times in [``start``, ``end``): then
    ``initial_overlaps`` Psi_ak = <a|U(start)^dagger|k> carries the first measurement's basis {|a>} (eigenbasis of
    H_s(0) (x) the H_r, levels ``initial_levels``) to the stage's start. Without them (a constant Hamiltonian, or
    the first stage) the two measured bases are one: Psi = Phi."""

    energies: np.ndarray
    overlaps: np.ndarray
    levels: np.ndarray
    probabilities: np.ndarray
    reference: np.ndarray
    betas: np.ndarray
    log_probabilities: np.ndarray
    log_reference: np.ndarray
    initial_overlaps: np.ndarray | None = None
    initial_levels: np.ndarray | None = None
    start: float = 0.0
    end: float = math.inf

    def __post_init__(self) -> None:
        if self.initial_overlaps is None:
            object.__setattr__(self, "initial_overlaps", self.overlaps)
        if self.initial_levels is None:
            object.__setattr__(self, "initial_levels", self.levels)

    @property
    def quantities(self) -> list[str]:
        """Names of the measured quantities: system_energy_change, heat_0, ..., entropy_production."""
        return quantity_names(self.betas.size)

    @property
    def support(self) -> np.ndarray:
        """Indices a with p_a > 0 (the initial states that occur)."""
        return np.flatnonzero(self.probabilities > SUPPORT_TOLERANCE)

    def functions(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(y, x) of quantity ``name``: X_ab = y_b - x_a (module docstring); x is 0 where p_a = 0."""
        return final_function(name, self.levels, self.log_reference), \
            initial_function(name, self.initial_levels, self.log_probabilities)


def quantity_names(reservoirs: int) -> list[str]:
    """system_energy_change, heat_0, ..., heat_(R-1), entropy_production."""
    return ["system_energy_change"] + [f"heat_{r}" for r in range(reservoirs)] + ["entropy_production"]


def final_function(name: str, levels: np.ndarray, log_reference: np.ndarray) -> np.ndarray:
    """y_b of quantity ``name`` on the final measurement's outcomes (levels (d, 1 + R), ln p~_b)."""
    if name == "system_energy_change":
        return levels[:, 0]
    if name == "entropy_production":
        return -log_reference
    return -levels[:, 1 + int(name.split("_")[1])]


def initial_function(name: str, levels: np.ndarray, log_probabilities: np.ndarray) -> np.ndarray:
    """x_a of quantity ``name`` on the first measurement's outcomes (0 where p_a = 0)."""
    if name == "entropy_production":
        return np.where(np.exp(log_probabilities) > SUPPORT_TOLERANCE, -log_probabilities, 0.0)
    return final_function(name, levels, log_probabilities)


def _system_basis(H_s: np.ndarray, rho_s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigenvalues e, eigenvectors v of H_s with v diagonalizing the dephased rho_s inside each eigenspace, and
    the dephased weights q."""
    e, v = scipy.linalg.eigh(H_s)
    tolerance = DEGENERACY_TOLERANCE * max(1.0, float(np.max(np.abs(e))))
    starts = np.flatnonzero(np.diff(e, prepend=-np.inf) > tolerance)
    bounds = list(starts) + [e.size]
    q = np.empty(e.size)
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        block = v[:, lo:hi]
        w, rot = np.linalg.eigh(block.conj().T @ rho_s @ block)
        v[:, lo:hi] = block @ rot
        q[lo:hi] = np.clip(w, 0.0, None)
        e[lo:hi] = e[lo:hi].mean()
    return e, v, q / q.sum()


def _log_gibbs(energies: np.ndarray, beta: float) -> np.ndarray:
    """ln of the Gibbs weights, exact where the weights themselves underflow."""
    exponent = -beta * (energies - energies.min())
    return exponent - np.log(np.sum(np.exp(exponent)))


@dataclass(frozen=True, eq=False)
class Measurement:
    """The outcomes of one energy measurement (H_s of a stage, every H_r) for a stage [``start``, ``end``) of the
    protocol with system Hamiltonian ``H_s`` and coupling ``V``: ``factors`` the eigenvectors of H_s and each H_r,
    ``levels`` (d, 1 + R) the product's levels, ``log_weights`` ln of rho_s(0) dephased in this basis (x) the
    reservoirs' Gibbs weights, ``log_reference`` ln p~_b (module docstring)."""

    start: float
    end: float
    H_s: np.ndarray
    V: np.ndarray
    factors: list
    levels: np.ndarray
    log_weights: np.ndarray
    log_reference: np.ndarray


def protocol_stages(model: OpenSystem, t_max: float) -> list[tuple[float, float, np.ndarray, np.ndarray]]:
    """The stages (start, end, H_s, V) of ``model``'s protocol that start at or before ``t_max``, each in force on
    [start, end) (`OpenSystem.protocol_at`: at a switching instant the new one holds); consecutive stages with
    equal (H_s, V) are one stage, so a protocol of equal stages is the constant Hamiltonian.

    >>> from dataclasses import replace
    >>> from noneq.reservoir.model import SpinGorm, Stage
    >>> m = SpinGorm(N=3).open_system()
    >>> [s[:2] for s in protocol_stages(replace(m, stages=(Stage(1.0, 2 * m.H_s, m.V),)), 5.0)]
    [(0.0, 1.0), (1.0, inf)]
    """
    stages = [(0.0, model.H_s, model.V)] + [(s.start, s.H_s, s.V) for s in model.stages]
    merged = [stages[0]]
    for stage in stages[1:]:
        if not (np.array_equal(stage[1], merged[-1][1]) and np.array_equal(stage[2], merged[-1][2])):
            merged.append(stage)
    ends = [stage[0] for stage in merged[1:]] + [math.inf]
    return [(start, end, H_s, V) for (start, H_s, V), end in zip(merged, ends) if start <= t_max]


def measurements(model: OpenSystem, t_max: float, reference_beta: float | None = None) -> list[Measurement]:
    """The final measurement of each stage of ``model`` up to ``t_max`` (`protocol_stages`); the first one is
    also the measurement at t = 0. O(d) memory each (no eigendecomposition of H)."""
    reservoirs = [scipy.linalg.eigh(reservoir.H) for reservoir in model.reservoirs]
    out = []
    for start, end, H_s, V in protocol_stages(model, t_max):
        e_s, v_s, q = _system_basis(H_s, model.rho_s0)
        with np.errstate(divide="ignore"):
            levels, weights = [e_s], [np.log(q)]
        for (eps, _), reservoir in zip(reservoirs, model.reservoirs):
            levels.append(eps)
            weights.append(_log_gibbs(eps, reservoir.beta))
        if reference_beta is None:
            if np.any(q <= SUPPORT_TOLERANCE):
                where = "" if start == 0.0 else f" dephased in the eigenbasis of the H_s of the stage at t = {start:g}"
                raise invalid("reference_beta", reference_beta, "an inverse temperature >= 0 when rho_s0"
                              f"{where} does not have full rank (the reference state of Sigma must have full rank)")
            q_ref = weights[0]
        else:
            q_ref = _log_gibbs(e_s, validation.real("reference_beta", reference_beta, minimum=0.0, maximum=MAX_BETA))
        grid = np.meshgrid(*levels, indexing="ij")
        out.append(Measurement(start, end, H_s, V, [v_s] + [v for _, v in reservoirs],
                               np.stack([g.ravel() for g in grid], axis=1), _log_product(weights),
                               _log_product([q_ref] + weights[1:])))
    return out


def _overlaps(W: np.ndarray, factors: list, dims: tuple[int, ...]) -> np.ndarray:
    """Phi = (v_s (x) v_1 (x) ...)^dagger W, one factor at a time."""
    d = W.shape[0]
    Phi = W.reshape(dims + (d,))
    for k, v in enumerate(factors):
        Phi = np.moveaxis(np.tensordot(v.conj().T, Phi, axes=([1], [k])), 0, k)
    return np.ascontiguousarray(Phi.reshape(d, d))


def stage_bases(model: OpenSystem, t_max: float, *, reference_beta: float | None = None,
                eig: Eigensystem | None = None, measured: list[Measurement] | None = None):
    """The `TpmBasis` of each stage of ``model``'s protocol that starts at or before ``t_max``, in order (a
    generator: one stage's matrices alive at a time); a constant Hamiltonian has one, valid for every t >= 0.

    Each stage's H_k is diagonalized once; the first measurement's basis is carried across the stages by
    Psi^(k+1) = Psi^(k) e^{i E^(k) (t_(k+1) - t_k)} W^(k)dagger W^(k+1) (one d x d product per switch). ``eig``
    (constant Hamiltonian only): the eigendecomposition of ``model.hamiltonian()`` if already made;
    ``measured``: ``measurements(model, t_max, reference_beta)`` if already made.

    >>> from dataclasses import replace
    >>> from noneq.reservoir.model import SpinGorm, Stage
    >>> m = SpinGorm(N=4, coupling=0.2).open_system()
    >>> driven = replace(m, stages=(Stage(2.0, 3.0 * m.H_s, m.V), Stage(5.0, m.H_s, 0.5 * m.V)))
    >>> [(b.start, b.end) for b in stage_bases(driven, 4.0, reference_beta=10.0)]
    [(0.0, 2.0), (2.0, 5.0)]
    """
    model = check_instance("model", model, OpenSystem)
    d = model.dim
    extra = DRIVEN_COPIES if model.driven else 0
    check_memory(COMPLEX * d * d * (DENSE_COPIES + extra), f"the two-point basis of a {d}-dimensional model",
                 "reduce d")
    stages = measurements(model, t_max, reference_beta) if measured is None else measured
    if eig is not None:
        if model.driven:
            raise invalid("eig", eig, "None for a driven model (the Hamiltonian of each stage is diagonalized "
                          "here; exact_thermodynamics shares no eigendecomposition for a driven model either)")
        eig = check_instance("eig", eig, Eigensystem)
        if eig.vectors.shape != (d, d):
            raise invalid("eig", eig, f"the eigendecomposition of this model's ({d}, {d}) Hamiltonian")
    first = stages[0]
    log_p = first.log_weights
    p = np.exp(log_p)
    betas = np.array([reservoir.beta for reservoir in model.reservoirs])
    previous = None
    for stage in stages:
        if eig is None:
            energies, W = scipy.linalg.eigh(model.hamiltonian(stage.H_s, stage.V), driver="evd", check_finite=False)
        else:
            energies, W = eig.energies, eig.vectors
        Phi = _overlaps(W, stage.factors, model.dims)
        if previous is None:
            Psi = Phi
        else:  # Psi^(k+1) = Psi^(k) e^{i E^(k) dt} W^(k)dagger W^(k+1)
            E_k, W_k, Psi_k, start_k = previous
            Psi = (Psi_k * np.exp(1j * E_k * (stage.start - start_k))) @ (W_k.conj().T @ W)
        yield TpmBasis(np.asarray(energies), Phi, stage.levels, p, np.exp(stage.log_reference), betas, log_p,
                       stage.log_reference, Psi, first.levels, stage.start, stage.end)
        previous = (energies, W, Psi, stage.start) if model.driven else None


def tpm_basis(model: OpenSystem, *, reference_beta: float | None = None, eig: Eigensystem | None = None,
              time: float = 0.0) -> TpmBasis:
    """The measured bases of ``model`` and their overlaps with the eigenbasis of H (module docstring), for final
    times in the stage of the protocol in force at ``time`` (a constant Hamiltonian: every time).

    ``eig``: the eigendecomposition of ``model.hamiltonian()`` if already made (`diagonalize`, shared with
    `exact_thermodynamics`; constant Hamiltonian only); otherwise one is made per stage up to ``time``.
    ``reference_beta``: inverse temperature of the system's reference Gibbs state in Sigma (of the H_s in force
    at ``time``); None uses rho_s(0) dephased in the final measurement's basis, which must then have full rank.

    >>> from noneq.reservoir.model import SpinGorm
    >>> basis = tpm_basis(SpinGorm(N=4, coupling=0.2).open_system(), reference_beta=10.0)
    >>> basis.quantities, basis.support.size
    (['system_energy_change', 'heat_0', 'entropy_production'], 4)
    """
    model = check_instance("model", model, OpenSystem)
    t = check_time(time, model.energy_scale())
    for basis in stage_bases(model, t, reference_beta=reference_beta, eig=eig):
        pass
    return basis


def _log_product(logs: list[np.ndarray]) -> np.ndarray:
    """ln of the product state's weights: sums of the factors' logs, in kron order."""
    out = np.zeros(1)
    for w in logs:
        out = (out[:, None] + w[None, :]).ravel()
    return out


def _grams(Phi: np.ndarray, f: np.ndarray, weight: np.ndarray, order: int,
           zeroth: np.ndarray | None = None) -> list[np.ndarray]:
    """[Phi^dagger diag(weight f^j) Phi for j = 0..order]; a function with at most order + 1 distinct values
    (on the rows where weight != 0) costs one change of basis for all powers (its level sets). Phi is unitary,
    so with weight 1 everywhere the j = 0 term is the identity (and one level set is 1 minus the others);
    ``zeroth``: the j = 0 term if already known."""
    rows = np.flatnonzero(weight != 0)
    unit = rows.size == weight.size and bool(np.all(weight == 1.0))
    if unit and np.all(f == f[0]):
        return [np.eye(weight.size) * f[0] ** j for j in range(order + 1)]
    values, which = np.unique(f[rows], return_inverse=True)
    if values.size <= order + 1:
        parts = []
        for k in range(values.size - 1 if unit else values.size):
            sub = rows[which == k]
            parts.append(Phi[sub].conj().T @ (weight[sub, None] * Phi[sub]))
        if unit:
            parts.append(np.eye(weight.size) - sum(parts))
        return [sum(v ** j * part for v, part in zip(values, parts)) for j in range(order + 1)]
    sub = Phi[rows]
    first = [np.eye(weight.size)] if unit else ([zeroth] if zeroth is not None else [])
    return first + [sub.conj().T @ ((weight[rows] * f[rows] ** j)[:, None] * sub)
                    for j in range(len(first), order + 1)]


def _combination(final: list[np.ndarray], initial: list[np.ndarray], n: int) -> np.ndarray:
    """G_n = sum_j C(n, j) (-1)^(n-j) (final_j)^T o initial_(n-j), built in place; (final_j)^T = conj(final_j)
    (Hermitian)."""
    G = np.zeros_like(initial[0], dtype=np.result_type(final[0], initial[0]))
    term = np.empty_like(G)
    for j in range(n + 1):
        np.multiply(final[j].conj() if np.iscomplexobj(final[j]) else final[j], initial[n - j], out=term)
        term *= math.comb(n, j) * (-1.0) ** (n - j)
        G += term
    return G


def check_time(time, scale: float | None = None) -> float:
    """One final time ``time`` >= 0 (a real number), at most MAX_PHASE / ``scale`` (`check_times`)."""
    return validation.real("time", time, minimum=0.0, maximum=None if scale is None else max_phase_time(scale))


def check_inputs(model, times, order: int | None = None):
    """The validated (model, times, order) of a two-point computation (``order`` None: not checked)."""
    model = check_instance("model", model, OpenSystem)
    t = check_times(times, scale=model.energy_scale())
    if order is not None:
        order = validation.integer("order", order, minimum=1, maximum=MAX_ORDER)
    return model, t, order


def tpm_cumulants(model: OpenSystem, times, *, order: int = 4, reference_beta: float | None = None,
                  eig: Eigensystem | None = None) -> xr.Dataset:
    """Exact cumulants 1..``order`` of the TPM system energy change, heats and entropy production, and the
    integral fluctuation theorem, at ``times`` (module docstring; hbar = 1); a driven protocol stage by stage.

    Returns a Dataset with dims (time, quantity, order): ``cumulants``; (time): ``fluctuation_theorem``
    <e^{-Sigma}>, ``absolute_irreversibility`` lambda(t), ``fluctuation_theorem_residual`` <e^{-Sigma}> - 1 +
    lambda. Cost: one eigendecomposition per stage (or ``eig``, constant Hamiltonian only), 2 (order + 1)
    changes of basis per quantity and stage with output times, O(d^2) per time and moment.

    >>> from noneq.reservoir.model import SpinGorm
    >>> ds = tpm_cumulants(SpinGorm(N=8, coupling=0.2).open_system(), [0.0, 5.0], reference_beta=10.0)
    >>> ds.cumulants.dims, float(ds.cumulants.sel(quantity="heat_0", order=1)[0])
    (('time', 'quantity', 'order'), 0.0)
    >>> bool(abs(ds.fluctuation_theorem_residual).max() < 1e-12)
    True
    """
    model, t, order = check_inputs(model, times, order)
    d = model.dim
    check_memory(tpm_memory(d, t.size, order=order, driven=model.driven), f"two-point cumulants of a "
                 f"{d}-dimensional model at {t.size} times", "reduce the model's dimension, order or the number of "
                 "times")
    names = quantity_names(len(model.reservoirs))
    moments = np.empty((t.size, len(names), order))
    ift, lost = np.empty(t.size), np.empty(t.size)
    for basis in stage_bases(model, float(t[-1]), reference_beta=reference_beta, eig=eig):
        inside = np.flatnonzero((t >= basis.start) & (t < basis.end))
        if inside.size:
            moments[inside], ift[inside], lost[inside] = _stage_series(basis, t[inside] - basis.start, order)
    kappa = cumulants_from_moments(moments)
    if not (np.all(np.isfinite(kappa)) and np.all(np.isfinite(ift))):
        raise NumericalError("tpm_cumulants produced non-finite cumulants (order too high for the energy scale?)")
    ds = labelled_frame(t, names, order)
    ds["cumulants"] = labelled(kappa, ("time", "quantity", "order"), "energy^order (entropy production: "
                               "nat^order)", "cumulant kappa_n of the two-point-measurement quantity")
    ds["fluctuation_theorem"] = labelled(ift, "time", "1", "<exp(-Sigma)> over the two-point trajectories")
    ds["absolute_irreversibility"] = labelled(lost, "time", "1", "lambda(t) = Tr[P_0 U^dagger p~ U]: weight of "
                                              "the unpopulated initial states in the reversed process")
    ds["fluctuation_theorem_residual"] = labelled(ift - 1.0 + lost, "time", "1",
                                                  "<exp(-Sigma)> - (1 - lambda(t)), zero to rounding")
    ds.attrs = provenance(SYSTEM_NAME, provenance_parameters(model, order=order, reference_beta=reference_beta),
                          statistics="cumulants")
    return ds


def provenance_parameters(model: OpenSystem, **values) -> dict:
    """The provenance parameters of a two-point result (the stage starts of a driven protocol)."""
    out = {"dims": list(model.dims), "betas": [float(r.beta) for r in model.reservoirs], **values}
    if model.driven:
        out["stage_starts"] = [float(stage.start) for stage in model.stages]
    return out


def _stage_series(basis: TpmBasis, tau: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Raw moments (n_t, quantity, order) about the initial means, <e^{-Sigma}> and lambda at the times ``tau``
    after the start of ``basis``' stage: phase series of G_n built from the final (Phi) and the propagated
    initial (Psi) bases."""
    Phi, Psi, E, p = basis.overlaps, basis.initial_overlaps, basis.energies, basis.probabilities
    d = p.size
    names = basis.quantities
    moments = np.empty((tau.size, len(names), order))
    state = _grams(Psi, np.ones(d), p, 0)[0]  # Psi^dagger diag(p) Psi, shared by every quantity
    for q, name in enumerate(names):
        y, x = basis.functions(name)
        shift = float(p @ x)
        final = _grams(Phi, y - shift, np.ones(d), order)
        initial = _grams(Psi, np.where(p > SUPPORT_TOLERANCE, x - shift, 0.0), p, order, zeroth=state)
        for n in range(1, order + 1):
            moments[:, q, n - 1] = phase_series(_combination(final, initial, n), E, tau).real
        del final, initial
    populated = (p > SUPPORT_TOLERANCE).astype(float)
    same = Psi is Phi and np.array_equal(basis.reference, p)
    reference = (state if same else _grams(Phi, np.ones(d), basis.reference, 0)[0]).conj()  # (..)^T: Hermitian
    kept = _grams(Psi, np.ones(d), populated, 0)[0]
    ift = phase_series(reference * kept, E, tau).real
    if np.all(populated == 1.0):
        lost = np.zeros(tau.size)
    else:  # Psi^dagger P_0 Psi = 1 - Psi^dagger (1 - P_0) Psi (Psi unitary)
        np.subtract(np.eye(d), kept, out=kept)
        lost = phase_series(np.multiply(reference, kept, out=kept), E, tau).real
    return moments, ift, lost


def labelled_frame(t: np.ndarray, names: list[str], order: int | None) -> xr.Dataset:
    """An empty Dataset with the labelled coordinates time, quantity (and order) of the two-point results."""
    coords = {"time": labelled(t, "time", "1/energy", "time t (hbar = 1)"), "quantity": names}
    if order is not None:
        coords["order"] = np.arange(1, order + 1)
    ds = xr.Dataset(coords=coords)
    ds["quantity"].attrs.update(units="", long_name="two-point-measurement quantity")
    if order is not None:
        ds["order"].attrs.update(units="1", long_name="cumulant order")
    return ds


def tpm_memory(d: int, n_times: int, *, order: int = 4, support: int | None = None, bins: int = 1,
               statistics: str = "cumulants", driven: bool = False) -> float:
    """Peak bytes of `tpm_cumulants` (2 (order + 1) + DENSE_COPIES d x d matrices) or `tpm_distribution` (the
    amplitudes, bin indices and weights of d x d_+ transitions, 3 quantities' histograms); ``driven``: plus the
    DRIVEN_COPIES matrices that carry the first measurement's basis across the stages.

    >>> round(tpm_memory(400, 201) / 2 ** 20)
    23
    """
    support = d if support is None else support
    carried = COMPLEX * d * d * DRIVEN_COPIES if driven else 0.0
    if statistics == "distribution":
        return COMPLEX * d * d * DENSE_COPIES + 8.0 * d * support * 8 + 8.0 * 3 * n_times * bins + carried
    return COMPLEX * d * d * (DENSE_COPIES + 2 * (order + 1)) / 2 + 8.0 * 6 * min(4 * 2 ** 20, d * n_times) \
        + carried


def tpm_seconds(d: int, n_times: int, *, order: int = 4, quantities: int = 3, support: int | None = None,
                bins: int = 1, statistics: str = "cumulants", stages: int = 1) -> float:
    """Seconds (at FLOP_RATE) of `tpm_cumulants`: ~9 d^3 for the eigendecomposition, 2 d^3 per change of basis
    (2 order + 1 per quantity), 4 d^2 per time and moment; `tpm_distribution`: ~4 d^2 d_+ per time, plus per time
    the histograms (BINCOUNT_SECONDS per transition and bin, three quantities) and a fixed DISTRIBUTION_SECONDS.
    ``stages`` of a driven protocol (all with output times): each its eigendecomposition and changes of basis,
    each switch a complex product (~8 d^3) carrying the first measurement's basis.

    >>> round(tpm_seconds(4000, 200), 1) > 0
    True
    >>> tpm_seconds(100, 10, stages=3) > 2 * tpm_seconds(100, 10)
    True
    """
    support = d if support is None else support
    eigh = 9.0 * d ** 3 * stages + 8.0 * d ** 3 * (stages - 1)
    if statistics == "distribution":
        return (eigh + 4.0 * d * d * support * n_times) / FLOP_RATE \
            + n_times * (DISTRIBUTION_SECONDS + 3 * BINCOUNT_SECONDS * (d * support + bins))
    return (eigh + 2.0 * d ** 3 * (2 * order + 1) * quantities * stages + 4.0 * d * d * n_times
            * (order * quantities + 2)) / FLOP_RATE
