"""Pure-state dynamics of the kicked top: many initial coherent states propagated at once.

A state batch is a (dim, batch) complex array, one column per initial state, in the m = j..-j basis. One kick
is a real matrix product with the Wigner d-matrix exp(-i p Jy) (done on the interleaved real/imaginary parts)
followed by the diagonal twist exp(-i kappa Jz^2 / 2j). Kick n = 0 is the initial state.

These are the low-level propagators: they return NumPy arrays with the axes stated in each docstring. The
labelled datasets are built on them by `noneq.kicked_top.maps` and `noneq.kicked_top.system`.
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from noneq.core.errors import NumericalError
from noneq.core.validation import integer, real_array
from noneq.kicked_top.model import KickedTop
from noneq.quantum import spin_coherent_state

NORM_TOLERANCE = 1e-8  # |<psi|psi> - 1| above this after propagation is reported as lost norm
GATHER_BYTES = 64 * 2**20  # keep all kicks' states (and observe them in one call) below this size


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
    kicks = integer("kicks", kicks, minimum=0)
    d = model.rotation_matrix()
    twist = model.twist_phases()[:, None]
    psi = np.array(psi0, dtype=np.complex128, order="C", copy=True)
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
    (dim, (kicks + 1) * batch) block; otherwise kick by kick, with memory O(dim x batch). The norm after the
    last kick is checked (NumericalError beyond NORM_TOLERANCE).

    Examples
    --------
    >>> from noneq.kicked_top.observables import bloch_vectors
    >>> top = KickedTop(j=1.5, kappa=2.5)
    >>> propagate_observe(top, [1.0, 2.0], [0.5, 0.5], 5, lambda psi: bloch_vectors(psi, top.j)).shape
    (6, 2, 3)
    """
    kicks = integer("kicks", kicks, minimum=0)
    psi0 = coherent_batch(model, theta, phi)
    dim, batch = psi0.shape
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
