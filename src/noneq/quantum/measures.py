"""Entropies, distances and reduced states of finite-dimensional quantum states (hbar = 1).

Conventions
-----------
* ``base`` selects the logarithm: 2 (bits, the default) or e (nats; pass ``np.e`` or ``"e"``).
* A state is a density matrix of shape (d, d) or a normalized state vector of shape (d,) (or a qutip.Qobj).
* Tensor ordering: subsystem 0 is the leftmost (most significant) factor, so ``kron(A, B)`` has A as
  subsystem 0 and B as subsystem 1 (the qutip convention).

Example
-------
>>> import numpy as np
>>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
>>> round(von_neumann_entropy(partial_trace(bell, [2, 2], 0)), 12)
1.0
>>> round(mutual_information(bell, [2, 2], [0], [1]), 12)
2.0
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.special import xlogy

from noneq.quantum._convert import (
    as_array,
    as_density,
    as_positive_int,
    as_square,
    check_base,
    check_density_batch,
    input_error,
    is_qobj,
    like_input,
)

__all__ = [
    "von_neumann_entropy",
    "relative_entropy",
    "partial_trace",
    "purity",
    "fidelity",
    "mutual_information",
    "binary_entropy",
]

NEG_CLIP_REL = 1e-12  # negative rounding residue (relative to the terms' size) clipped to 0 in D and I
# eigenvalues below FIDELITY_NOISE_REL * d * (largest) are eigh rounding noise; kept, their square roots
# (~1e-8) would spoil F, which is not Lipschitz at rank-deficient states
FIDELITY_NOISE_REL = 10 * float(np.finfo(np.float64).eps)
BINARY_P_TOL = 1e-12  # how far outside [0, 1] a probability may stray (rounding) before it is an input error


def _entropy_from_eigs(evals: np.ndarray, tol: float, ln_base: float) -> float:
    p = evals[evals > tol]
    s = -float(np.sum(xlogy(p, p))) / ln_base
    return max(s, 0.0)  # eigenvalues can exceed 1 by rounding, giving -1e-16


def _check_tol(tol) -> float:
    if isinstance(tol, (bool, np.bool_)) or not isinstance(tol, numbers.Real) or not (0 <= tol < 1):
        raise input_error("tol", tol, "a real number in [0, 1)")
    return float(tol)


def von_neumann_entropy(rho, *, base=2, tol: float = 1e-12):
    """S(rho) = -Tr rho log rho, from the eigenvalues p_i of rho: S = -sum_i p_i log p_i.

    ``rho``: density matrix (d, d), state vector (d,) (a pure state: returns 0.0), or a batch of density
    matrices (..., d, d), each checked like a single one. Eigenvalues ``<= tol`` are dropped (0 log 0 = 0).
    ``base``: 2 (bits, the default) or e (nats; ``np.e`` or ``"e"``). Returns a float for one state, an array
    of the batch shape for a batch.

    >>> von_neumann_entropy(np.eye(4) / 4)
    2.0
    >>> von_neumann_entropy(np.stack([np.eye(2) / 2, np.diag([1.0, 0.0])]), base="e")
    array([0.69314718, 0.        ])
    """
    ln_base = check_base(base)
    tol = _check_tol(tol)
    array = as_array(rho, "rho")
    if array.ndim > 2:
        states = as_square(array, "rho", batch=True)
        evals = np.linalg.eigvalsh(0.5 * (states + np.conj(np.swapaxes(states, -1, -2))))
        check_density_batch(states, evals, "rho")
        p = np.where(evals > tol, evals, 0.0)
        return np.maximum(-np.sum(xlogy(p, p), axis=-1) / ln_base, 0.0)
    state, evals, _ = as_density(array, "rho")
    if evals is None:
        return 0.0
    return _entropy_from_eigs(evals, tol, ln_base)


def relative_entropy(rho, sigma, *, base=2, tol: float = 1e-12) -> float:
    """D(rho||sigma) = Tr rho (log rho - log sigma) >= 0 (Klein's inequality).

    With eigendecompositions rho = sum p_i |u_i><u_i| and sigma = sum q_j |v_j><v_j|:
    D = sum_i p_i log p_i - sum_{j: q_j > tol} <v_j|rho|v_j> log q_j.  Returns +inf when rho has weight
    ``sum_{j: q_j <= tol} <v_j|rho|v_j> > tol`` on the kernel of sigma (supp rho not inside supp sigma).
    Both arguments: (d, d) density matrices or (d,) state vectors.

    >>> relative_entropy(np.diag([0.5, 0.5]), np.diag([1.0, 0.0]))
    inf
    """
    ln_base = check_base(base)
    tol = _check_tol(tol)
    r, p, _ = as_density(rho, "rho")
    s, q, v = as_density(sigma, "sigma")
    r = np.outer(r, r.conj()) if p is None else r
    if s.ndim == 1:
        s = np.outer(s, s.conj())
        q, v = np.linalg.eigh(s)
    if r.shape != s.shape:
        raise input_error("sigma", sigma, f"of the same dimension as rho (d = {r.shape[0]})")
    if p is None:
        p = np.linalg.eigvalsh(r)
    weights = np.einsum("ij,ik,kj->j", v.conj(), r, v).real  # <v_j|rho|v_j>
    kernel = q <= tol
    if np.sum(weights[kernel]) > tol:
        return float("inf")
    pp = p[p > tol]
    neg_s_rho = float(np.sum(xlogy(pp, pp)))
    cross = float(np.sum(weights[~kernel] * np.log(q[~kernel])))
    d = (neg_s_rho - cross) / ln_base
    scale = max(1.0, abs(neg_s_rho) + abs(cross)) / ln_base
    if -NEG_CLIP_REL * scale < d < 0.0:
        d = 0.0
    return d


def _as_index_list(x, name: str, n: int) -> list[int]:
    items = [x] if isinstance(x, numbers.Integral) or np.ndim(x) == 0 else list(x)
    out = []
    for item in items:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Integral):
            raise input_error(name, x, f"an int or a sequence of ints in [0, {n - 1}]")
        if not 0 <= int(item) < n:
            raise input_error(name, x, f"subsystem indices in [0, {n - 1}]")
        out.append(int(item))
    if len(set(out)) != len(out):
        raise input_error(name, x, "subsystem indices without repetition")
    return out


def _check_dims(dims, d: int) -> list[int]:
    if isinstance(dims, (str, bytes)) or np.ndim(dims) != 1 or len(dims) == 0:
        raise input_error("dims", dims, "a non-empty sequence of positive subsystem dimensions")
    out = [as_positive_int(x, "dims") for x in dims]
    if int(np.prod(out, dtype=object)) != d:
        raise input_error("dims", dims, f"subsystem dimensions whose product is the state size {d}")
    return out


def partial_trace(rho, dims, keep) -> np.ndarray:
    """Reduced operator Tr_{not keep} rho, e.g. Tr_B (A kron B) = A Tr B for dims=(dA, dB), keep=0.

    ``rho``: (..., d, d) (batched over leading axes), a state vector (d,) (|psi><psi| is formed), or a
    ``qutip.Qobj`` (ket or operator; then ``dims`` may be None to use its own, and the result is a Qobj with
    the kept subsystems' dims).
    ``dims``: subsystem dimensions with prod(dims) = d; subsystem 0 is the leftmost kron factor.
    ``keep``: int or sequence of ints; the kept subsystems appear in their original order (``keep`` is
    sorted).  Returns (..., dk, dk) with dk = prod(dims[keep]); an empty ``keep`` gives the (..., 1, 1) trace.

    >>> partial_trace(np.kron(np.diag([1.0, 0.0]), np.eye(2) / 2), [2, 2], 0).real
    array([[1., 0.],
           [0., 0.]])
    """
    if dims is None and is_qobj(rho):
        dims = rho.dims[0]
    arr = as_square(rho, "rho", batch=True)
    d = arr.shape[-1]
    dims = _check_dims(dims, d)
    kept = set(_as_index_list(keep, "keep", len(dims)))
    # Merge runs of adjacent subsystems with the same fate, so einsum never needs many indices.
    groups: list[list] = []
    for i, di in enumerate(dims):
        if groups and groups[-1][1] == (i in kept):
            groups[-1][0] *= di
        else:
            groups.append([di, i in kept])
    g_dims = [g[0] for g in groups]
    n = len(groups)
    batch = arr.shape[:-2]
    t = arr.reshape(batch + tuple(g_dims) * 2)
    row = list(range(n))
    col = [n + k if groups[k][1] else k for k in range(n)]
    out_idx = [k for k in range(n) if groups[k][1]] + [n + k for k in range(n) if groups[k][1]]
    red = np.einsum(t, [Ellipsis] + row + col, [Ellipsis] + out_idx)
    dk = int(np.prod([g[0] for g in groups if g[1]], dtype=np.int64))
    reduced = red.reshape(batch + (dk, dk))
    if is_qobj(rho):
        kept_dims = [dims[i] for i in sorted(kept)] or [1]
        return like_input(reduced, rho, [kept_dims, kept_dims])
    return reduced


def purity(rho) -> float:
    """Tr rho^2 = sum_ij |rho_ij|^2 (for Hermitian rho), in [1/d, 1]; 1 for a state vector (d,).

    >>> purity(np.eye(2) / 2)
    0.5
    """
    state, evals, _ = as_density(rho, "rho")
    if evals is None:
        return 1.0
    return float(np.sum(np.abs(state) ** 2))


def fidelity(rho, sigma) -> float:
    """Root fidelity F = Tr sqrt( sqrt(rho) sigma sqrt(rho) ) in [0, 1] (not squared).

    Computed from rho = U diag(p) U^dagger: with A = U diag(sqrt p), the nonzero eigenvalues of
    sqrt(rho) sigma sqrt(rho) are those of A^dagger sigma A, F = sum of their square roots.  Eigenvalues (of
    rho and of A^dagger sigma A) below 10 eps d times the largest are rounding noise and set to 0.
    Pure states (d,) use F = |<psi|phi>| and F = sqrt(<psi|sigma|psi>).  Both arguments (d, d) or (d,).

    >>> round(fidelity(np.array([1.0, 0.0]), np.array([1.0, 1.0]) / np.sqrt(2)) ** 2, 12)
    0.5
    """
    r, p, u = as_density(rho, "rho")
    s, q, _ = as_density(sigma, "sigma")
    if r.shape[0] != s.shape[0]:
        raise input_error("sigma", sigma, f"of the same dimension as rho (d = {r.shape[0]})")
    if p is None and q is None:
        f = abs(np.vdot(r, s))
    elif p is None or q is None:
        vec, mat = (r, s) if p is None else (s, r)
        f = np.sqrt(max(float(np.vdot(vec, mat @ vec).real), 0.0))
    else:
        noise = FIDELITY_NOISE_REL * r.shape[0]
        pos = p > noise * p[-1]
        a = u[:, pos] * np.sqrt(p[pos])
        m = a.conj().T @ s @ a
        lam = np.linalg.eigvalsh(0.5 * (m + m.conj().T))
        lam = lam[lam > noise * max(lam[-1], 0.0)]
        f = float(np.sum(np.sqrt(lam)))
    return float(min(max(f, 0.0), 1.0))


def mutual_information(rho, dims, a, b, *, base=2) -> float:
    """I(A:B) = S(A) + S(B) - S(AB) >= 0, with AB = union of the subsystem lists ``a`` and ``b``.

    ``rho``: density matrix (d, d) or state vector (d,); ``dims`` as in :func:`partial_trace`; ``a``, ``b``:
    disjoint, non-empty ints or sequences of subsystem indices (the rest is traced out).

    >>> mutual_information(np.eye(4) / 4, [2, 2], 0, 1)
    0.0
    """
    ln_base = check_base(base)
    state, _, _ = as_density(rho, "rho")
    dims = _check_dims(dims, state.shape[0])
    la = _as_index_list(a, "a", len(dims))
    lb = _as_index_list(b, "b", len(dims))
    if not la or not lb:
        raise input_error("a" if not la else "b", a if not la else b, "a non-empty set of subsystems")
    if set(la) & set(lb):
        raise input_error("b", b, f"disjoint from a = {la}")
    union = sorted(set(la) | set(lb))
    rho_ab = partial_trace(state, dims, union)
    dims_ab = [dims[i] for i in union]
    rho_a = partial_trace(rho_ab, dims_ab, [union.index(i) for i in la])
    rho_b = partial_trace(rho_ab, dims_ab, [union.index(i) for i in lb])
    s = [von_neumann_entropy(x, base=np.e) for x in (rho_a, rho_b, rho_ab)]
    info = (s[0] + s[1] - s[2]) / ln_base
    if -NEG_CLIP_REL * max(1.0, sum(s)) / ln_base < info < 0.0:
        info = 0.0
    return info


def binary_entropy(p, *, base=2):
    """h(p) = -p log p - (1 - p) log(1 - p), elementwise; h(0) = h(1) = 0; h(1/2) = 1 bit.

    ``p``: scalar or array, within [-BINARY_P_TOL, 1 + BINARY_P_TOL] (then clipped to [0, 1]).
    Returns a float for scalar input, else an array of p's shape.

    >>> binary_entropy(0.5)
    1.0
    """
    ln_base = check_base(base)
    arr = as_array(p, "p")
    if np.iscomplexobj(arr):
        raise input_error("p", p, "real probabilities in [0, 1]")
    if np.any(arr < -BINARY_P_TOL) or np.any(arr > 1.0 + BINARY_P_TOL):
        raise input_error("p", p, "probabilities in [0, 1]")
    q = np.clip(arr, 0.0, 1.0)
    h = -(xlogy(q, q) + xlogy(1.0 - q, 1.0 - q)) / ln_base
    return float(h) if h.ndim == 0 else h

