"""Pure-state dynamics of the kicked top: many initial coherent states propagated at once.

A state batch is a (dim, batch) complex array, one column per initial state, in the m = j..-j basis. One kick
is a real matrix product with the Wigner d-matrix exp(-i p Jy) (done on the interleaved real/imaginary parts)
followed by the diagonal twist exp(-i kappa Jz^2 / 2j). Kick n = 0 is the initial state.

These are the low-level propagators: they return NumPy arrays with the axes stated in each docstring. The
labelled datasets are built on them by `noneq.kicked_top.maps` and `noneq.kicked_top.system`.
"""

from __future__ import annotations

import math
from typing import Callable, Iterator

import numpy as np

from noneq.core.errors import NumericalError, bad_value
from noneq.core.resources import check_memory
from noneq.core.validation import integer, real_array
from noneq.kicked_top.model import KickedTop, check_model, check_states
from noneq.quantum import spin_coherent_state

NORM_TOLERANCE = 1e-8  # |<psi|psi> - 1| above this after propagation is reported as lost norm
GATHER_BYTES = 64 * 2**20  # keep all kicks' states (and observe them in one call) below this size
ROTATION_COPIES = 8  # dim x dim float64 arrays alive while the rotation matrix is built (measured 7)
MEMORY_BASE = 2 ** 21  # bytes of everything that does not grow with the inputs


def propagation_memory(dim: int, batch: int, kicks: int, observed_bytes: float) -> float:
    """Peak bytes of `propagate_observe`: building the rotation matrix, three copies of the batch, the
    gathered states (at most GATHER_BYTES, twice) and twice the observed values of every kick
    (``observed_bytes`` per kick for the whole batch).

    >>> propagation_memory(4001, 1, 10 ** 5, 24) > 10 ** 9            # j = 2000: the rotation matrix, ~1 GB
    True
    """
    gathered = 16.0 * dim * batch * (kicks + 1.0)
    return (MEMORY_BASE + 8.0 * ROTATION_COPIES * dim * dim + 48.0 * dim * batch
            + (2 * gathered if gathered <= GATHER_BYTES else 0.0) + 2.0 * (kicks + 1.0) * observed_bytes)


def batch_size(theta, phi) -> int:
    """The number of initial states of a (theta, phi) pair broadcast together, checked without allocating.

    >>> batch_size([0.1, 0.2, 0.3], 0.0)
    3
    """
    theta, phi = real_array("theta", theta), real_array("phi", phi)
    try:
        return math.prod(np.broadcast_shapes(theta.shape, phi.shape))
    except ValueError:
        raise bad_value("phi", f"shape {phi.shape}", f"broadcastable with theta's shape {theta.shape}") from None


def coherent_batch(model: KickedTop, theta, phi) -> np.ndarray:
    """The coherent states |theta, phi> of spin ``model.j`` as the columns of a batch.

    Parameters
    ----------
    model : KickedTop
        Supplies the spin j.
    theta, phi : array_like
        Polar angles and azimuths (radians), broadcast together and flattened (paper eq. (4) convention).

    Returns
    -------
    numpy.ndarray
        Complex array of shape (dim, batch).

    Examples
    --------
    >>> psi = coherent_batch(KickedTop(j=1.5, kappa=0.5), [0.0, np.pi], 0.0)
    >>> psi.shape
    (4, 2)
    >>> np.round(abs(psi[:, 1]), 12)
    array([0., 0., 0., 1.])
    """
    model = check_model(model)
    batch_size(theta, phi)
    theta, phi = np.broadcast_arrays(real_array("theta", theta), real_array("phi", phi))
    states = spin_coherent_state(model.j, theta.ravel(), phi.ravel())
    return np.ascontiguousarray(states.T.astype(np.complex128))


def floquet_kicks(model: KickedTop, psi0: np.ndarray, kicks: int) -> Iterator[np.ndarray]:
    """Yield the batch psi_n = U^n psi_0 for n = 0, 1, ..., kicks.

    Parameters
    ----------
    model : KickedTop
        The kicked top (U = exp(-i kappa Jz^2 / 2j) exp(-i p Jy)).
    psi0 : numpy.ndarray
        Initial batch, shape (dim, batch); not modified.
    kicks : int
        Number of kicks (>= 0).

    Yields
    ------
    numpy.ndarray
        The batch after n kicks, shape (dim, batch). The same array is reused from kick to kick: copy it to
        keep it.

    Examples
    --------
    >>> top = KickedTop(j=1.5, kappa=2.5)
    >>> psi0 = coherent_batch(top, [1.0], [0.5])
    >>> states = [psi.copy() for psi in floquet_kicks(top, psi0, 2)]
    >>> bool(np.allclose(states[2], top.floquet_operator() @ top.floquet_operator() @ psi0))
    True
    """
    model = check_model(model)
    kicks = integer("kicks", kicks, minimum=0)
    psi = np.array(check_states("psi0", psi0, rows=model.dim), dtype=np.complex128, order="C", copy=True)
    d = model.rotation_matrix()
    twist = model.twist_phases()[:, None]
    yield psi
    for _ in range(kicks):
        # real d-matrix times complex batch: view the batch as (dim, 2*batch) reals.
        rotated = (d @ psi.view(np.float64)).view(np.complex128)
        np.multiply(rotated, twist, out=psi)
        yield psi


def _check_norm(psi: np.ndarray) -> None:
    """Raise NumericalError if any state of the batch lost its normalization."""
    norms = np.einsum("ij,ij->j", psi.conj(), psi).real
    worst = float(np.max(np.abs(norms - 1.0))) if norms.size else 0.0
    if worst > NORM_TOLERANCE:
        raise NumericalError(f"kicked top: state norm drifted by {worst:.2e} (tolerance {NORM_TOLERANCE:g})")


def propagate_observe(model: KickedTop, theta, phi, kicks: int, observe: Callable[[np.ndarray], np.ndarray], *,
                      advance: Callable[[int], None] | None = None) -> np.ndarray:
    """Propagate coherent states and apply ``observe`` to the batch after every kick n = 0..kicks.

    Parameters
    ----------
    model : KickedTop
        The kicked top.
    theta, phi : array_like
        Initial coherent states (broadcast together and flattened into ``batch``).
    kicks : int
        Number of kicks (>= 0).
    observe : callable
        ``observe(psi) -> (batch', ...)`` acting column by column on a (dim, batch') batch.
    advance : callable, optional
        Progress callback, called with 1 after each kick.

    Returns
    -------
    numpy.ndarray
        Shape (kicks + 1, batch, ...).

    Notes
    -----
    When all states fit in GATHER_BYTES they are kept and ``observe`` is called once on the
    (dim, (kicks + 1) * batch) block; otherwise kick by kick, with memory O(dim x batch). The peak memory
    (`propagation_memory`, with ``observe`` applied to one state to size its values) is checked before any
    work. The norm after the last kick is checked (NumericalError beyond NORM_TOLERANCE).

    Examples
    --------
    >>> from noneq.kicked_top.observables import bloch_vectors
    >>> top = KickedTop(j=1.5, kappa=2.5)
    >>> propagate_observe(top, [1.0, 2.0], [0.5, 0.5], 5, lambda psi: bloch_vectors(psi, top.j)).shape
    (6, 2, 3)
    """
    model = check_model(model)
    kicks = integer("kicks", kicks, minimum=0)
    batch = batch_size(theta, phi)
    if not callable(observe):
        raise bad_value("observe", repr(observe), "a function of a (dim, batch) array of states")
    one = np.asarray(observe(coherent_batch(model, np.ravel(theta)[:1], np.ravel(phi)[:1])))  # one state's values
    check_memory(propagation_memory(model.dim, batch, kicks, one.nbytes * batch),
                 f"propagating {batch} states of spin j = {model.j:g} over {kicks} kicks",
                 "lower kicks or the number of initial states (theta, phi)")
    psi0 = coherent_batch(model, theta, phi)
    dim = psi0.shape[0]
    gather = psi0.nbytes * (kicks + 1) <= GATHER_BYTES
    states = np.empty((dim, kicks + 1, batch), dtype=np.complex128) if gather else None
    out = None
    for n, psi in enumerate(floquet_kicks(model, psi0, kicks)):
        if gather:
            states[:, n, :] = psi
        else:
            value = np.asarray(observe(psi))
            if out is None:
                out = np.empty((kicks + 1,) + value.shape, dtype=value.dtype)
            out[n] = value
        if n == kicks:
            _check_norm(psi)
        if advance is not None and n > 0:
            advance(1)
    if gather:
        value = np.asarray(observe(states.reshape(dim, (kicks + 1) * batch)))
        out = value.reshape((kicks + 1, batch) + value.shape[1:])
    return out
