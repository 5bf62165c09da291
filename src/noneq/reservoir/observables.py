"""The paper's thermodynamic quantities as pure functions of time series (hbar = k_B = 1, entropies in nats).

Heat Q_r is the energy that LEAVES reservoir r (eq. (9)): Q_r(t) = <H_r>_0 - <H_r>_t, so Q_r > 0 means reservoir
r gave energy to the system. Since the total von Neumann entropy is conserved, the entropy production follows
from the system entropy and the reservoir energies alone:

    Delta_e S = sum_r beta_r Q_r (8),     Delta_i S = Delta S - Delta_e S = D[rho(t) || rho_s(t) prod_r rho_r^eq]
    (7), (10),     Delta_i S_bar = Delta S - beta (<H_s>_t - <H_s>_0) (25), (26) (one temperature, constant H_s).

Every function takes arrays over time (axis 0) and returns an array of the same length; the first time is the
reference t = 0. Used by the exact solvers (`noneq.reservoir.exact`, `noneq.reservoir.system`) and the typicality
error bars.
"""

from __future__ import annotations

import numpy as np

from noneq.core import validation
from noneq.core.errors import NoneqInputError
from noneq.quantum import von_neumann_entropy
from noneq.reservoir.model import SIGMA_X, SIGMA_Y, SIGMA_Z, invalid, real_values


def _series(name: str, value, ndim=(1,)) -> np.ndarray:
    """A non-empty array over time (axis 0) of finite real numbers with ``ndim`` dimensions."""
    allowed = f"a non-empty {' or '.join(f'{n}-D' for n in ndim)} array of finite real numbers (axis 0: time)"
    array = real_values(name, value, allowed=allowed)
    if array.ndim not in ndim or array.size == 0:
        raise invalid(name, value, allowed)
    return array


def _same_length(**arrays) -> None:
    lengths = {name: a.shape[0] for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise NoneqInputError("the time series must have the same length: " +
                              ", ".join(f"{name} has {n}" for name, n in lengths.items()))


def _bloch(sx, sy, sz):
    sx, sy, sz = (_series(name, value) for name, value in (("sx", sx), ("sy", sy), ("sz", sz)))
    _same_length(sx=sx, sy=sy, sz=sz)
    return sx, sy, sz


def spin_state(sx, sy, sz) -> np.ndarray:
    """rho_s = (1 + s . sigma) / 2 for Bloch vectors s = (sx, sy, sz), each of shape (n,); shape (n, 2, 2).

    >>> spin_state(np.array([0.0]), np.array([0.0]), np.array([-1.0]))[0].real
    array([[0., 0.],
           [0., 1.]])
    """
    sx, sy, sz = _bloch(sx, sy, sz)
    return 0.5 * (np.eye(2) + sx[:, None, None] * SIGMA_X + sy[:, None, None] * SIGMA_Y
                  + sz[:, None, None] * SIGMA_Z)


def spin_entropy(sx, sy, sz) -> np.ndarray:
    """Von Neumann entropy (nats) of the spin state with Bloch vector (sx, sy, sz), each of shape (n,).

    The Bloch vectors of the large-N solvers are estimates (typicality means, Chebyshev propagation kept unitary
    to a relative 1e-8): a vector may lie outside the unit ball by that rounding. Such a vector is scaled back
    onto the unit sphere before the entropy is taken (a pure state, S = 0); vectors inside the ball are used as
    they are.

    >>> np.round(spin_entropy([0.0, 0.0], [0.0, 0.0], [-1.0, 0.0]), 6)
    array([0.      , 0.693147])
    """
    sx, sy, sz = _bloch(sx, sy, sz)
    radius = np.sqrt(sx * sx + sy * sy + sz * sz)
    scale = np.where(radius > 1.0, 1.0 / np.maximum(radius, 1.0), 1.0)
    return von_neumann_entropy(spin_state(sx * scale, sy * scale, sz * scale), base="e")


def heat(reservoir_energy) -> np.ndarray:
    """Q_r(t) = <H_r>_0 - <H_r>_t (eq. (9)), energy out of each reservoir; shape like ``reservoir_energy``
    ((n_t,) or (n_t, n_reservoirs)).

    >>> heat(np.array([0.5, 0.25, 0.0]))
    array([0.  , 0.25, 0.5 ])
    """
    energy = _series("reservoir_energy", reservoir_energy, (1, 2))
    return energy[0] - energy


def entropy_flow(heat_out, betas) -> np.ndarray:
    """Delta_e S(t) = sum_r beta_r Q_r(t) (eq. (8)); ``heat_out`` (n_t, n_reservoirs) or (n_t,) for one
    reservoir, ``betas`` one inverse temperature per reservoir.

    >>> entropy_flow(np.array([[0.0, 0.0], [1.0, -1.0]]), [2.0, 0.5])
    array([0. , 1.5])
    """
    Q = _series("heat_out", heat_out, (1, 2))
    Q = Q[:, None] if Q.ndim == 1 else Q
    betas = np.atleast_1d(real_values("betas", betas, minimum=0.0))
    if betas.ndim != 1 or betas.size != Q.shape[1]:
        raise NoneqInputError(f"parameter 'betas' has {betas.size} values for {Q.shape[1]} reservoirs: must have "
                              f"one inverse temperature per reservoir")
    return Q @ betas


def entropy_production(entropy, heat_out, betas) -> np.ndarray:
    """Exact Delta_i S(t) = Delta S - sum_r beta_r Q_r (eqs. (7), (8), (10)): a relative entropy, >= 0.

    ``entropy``: the system entropy S(t) (nats), ``heat_out``: Q_r(t) as in `entropy_flow`.

    >>> entropy_production(np.array([0.0, 0.3]), np.array([0.0, 0.01]), 10.0)
    array([0. , 0.2])
    """
    S = _series("entropy", entropy)
    flow = entropy_flow(heat_out, betas)
    _same_length(entropy=S, heat_out=flow)
    return (S - S[0]) - flow


def entropy_production_bar(entropy, system_energy, beta: float) -> np.ndarray:
    """Delta_i S_bar(t) = Delta S - beta (<H_s>_t - <H_s>_0) (eq. (25)), the weak-coupling definition that
    ignores the interaction energy; it can be negative (eq. (27): it differs from Delta_i S by
    beta (<V>_t - <V>_0)).

    >>> entropy_production_bar(np.array([0.0, 0.3]), np.array([-0.05, -0.04]), 10.0)
    array([0. , 0.2])
    """
    S = _series("entropy", entropy)
    e_s = _series("system_energy", system_energy)
    beta = validation.real("beta", beta, minimum=0.0)
    _same_length(entropy=S, system_energy=e_s)
    return (S - S[0]) - beta * (e_s - e_s[0])
