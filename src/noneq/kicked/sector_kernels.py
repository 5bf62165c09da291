"""Compiled kernels of `noneq.kicked.sectors`: a sector's S sub-steps on the folded half grid, without the GIL.

Planes layout, folded amplitudes and the block operands: `noneq.kicked.sectors`. Every kernel works in place on
float planes (index [0] real, [1] imaginary) and is compiled with ``nogil=True`` so that the two sectors run on two
threads at once; the transforms inside `evolve_sector` are scipy.fft.dst as compiled by rocket-fft (the same
pocketfft algorithms scipy runs).
"""

from __future__ import annotations

import numba
import numpy as np
import rocket_fft  # noqa: F401 - makes scipy.fft.dst available inside numba-compiled code
import scipy.fft


@numba.njit(cache=True, nogil=True)
def evolve_sector(odd, even, columns, factored, blocks, odd_phases, even_phases, count):  # pragma: no cover
    """e^{-i T1 dt/2hbar}, then ``count`` x [folded grid, blocks, modes, phases]; returns (odd, even) planes.

    Compiled as a whole (the transforms are scipy.fft.dst inside numba, provided by rocket-fft) and run without
    the GIL, so the two sectors' threads never wait for each other. ``blocks``: (A, B, C, D) with
    (Re U2, Im U2, -, -) for the complex kernel or (V^T, -, Re levels, Im levels) when ``factored``
    (`SectorPropagator.operators`).
    """
    first, second, third, fourth = blocks
    odd_cols, even_cols = columns
    has_odd, has_even = odd.shape[2] > 0, even.shape[1] > 0 and even.shape[2] > 0
    apply_phases(odd, odd_phases[0])
    apply_phases(even, even_phases[0])
    for s in range(count):
        if has_odd:
            odd = scipy.fft.dst(odd, 2, None, 1, "ortho", True)
        if has_even:
            even = scipy.fft.dst(even, 1, None, 1, "ortho", True)
        if factored:
            apply_factored_blocks(first, third, fourth, odd, even, odd_cols, even_cols)
        else:
            apply_half_blocks(first, second, odd, even, odd_cols, even_cols)
        if has_odd:
            odd = scipy.fft.dst(odd, 3, None, 1, "ortho", True)
        if has_even:
            even = scipy.fft.dst(even, 1, None, 1, "ortho", True)
        step = 0 if s == count - 1 else 1
        apply_phases(odd, odd_phases[step])
        apply_phases(even, even_phases[step])
    return odd, even


@numba.njit(cache=True, nogil=True)
def apply_phases(planes, phases):  # pragma: no cover - compiled
    """planes[0] + i planes[1] <- (planes[0] + i planes[1]) * phases[k] along axis 1 (in place)."""
    size, columns = planes.shape[1], planes.shape[2]
    for k in range(size):
        pr, pi = phases[k].real, phases[k].imag
        for a in range(columns):
            re, im = planes[0, k, a], planes[1, k, a]
            planes[0, k, a] = re * pr - im * pi
            planes[1, k, a] = re * pi + im * pr


@numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def apply_factored_blocks(vectors_t, levels_re, levels_im, odd, even, odd_cols, even_cols):  # pragma: no cover
    """Row j of the folded grid (odd[:, j], even[:, j] at particle 2's indices odd_cols, even_cols)
    <- V_j diag(levels_j) V_j^T row, for j = 0..M-1 (in place; the even part has no centre row).

    ``vectors_t`` (M, N2, N2): V_j^T (real); ``levels_re + i levels_im`` (M, N2): exp(-i E_j dt / hbar).
    Two real products (w = V_j^T v, then v = V_j (levels w) as a sum of the rows of V_j^T) instead of one
    complex U2[j]: the same 4 N2^2 multiply-adds per row, half the bytes (large blocks are memory bound).
    "reassoc" only reorders the N2-term sums (rounding ~1e-16 relative), no NaN/inf assumptions.
    """
    n2 = vectors_t.shape[1]
    na, nb = odd_cols.size, even_cols.size
    vr, vi, out_r, out_i = np.zeros(n2), np.zeros(n2), np.empty(n2), np.empty(n2)
    for j in range(odd.shape[1]):
        centre = _gather_row(odd, even, j, odd_cols, even_cols, vr, vi)
        out_r[:] = 0.0
        out_i[:] = 0.0
        for n in range(n2):
            sr = 0.0
            si = 0.0
            for b in range(n2):
                sr += vectors_t[j, n, b] * vr[b]
                si += vectors_t[j, n, b] * vi[b]
            wr = sr * levels_re[j, n] - si * levels_im[j, n]
            wi = sr * levels_im[j, n] + si * levels_re[j, n]
            for r in range(n2):
                out_r[r] += vectors_t[j, n, r] * wr
                out_i[r] += vectors_t[j, n, r] * wi
        for a in range(na):
            odd[0, j, a] = out_r[odd_cols[a]]
            odd[1, j, a] = out_i[odd_cols[a]]
        if not centre:
            for a in range(nb):
                even[0, j, a] = out_r[even_cols[a]]
                even[1, j, a] = out_i[even_cols[a]]


@numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def apply_half_blocks(real, imag, odd, even, odd_cols, even_cols):  # pragma: no cover - compiled
    """Row j of the folded grid (odd[:, j], even[:, j] at particle 2's indices odd_cols, even_cols)
    <- U2[j] row, U2 = real + i imag (M, N2, W), columns zero-padded to W = `padded_width` (N2), j = 0..M-1
    (in place; the even part has no centre row).

    Real and imaginary parts are kept apart so that the sums vectorize, and the padding makes every sum a whole
    number of SIMD_WIDTH-wide vectors. "reassoc" only reorders the N2-term sums (rounding ~1e-16 relative), no
    NaN/inf assumptions.
    """
    vr, vi = np.zeros(real.shape[2]), np.zeros(real.shape[2])
    for j in range(odd.shape[1]):
        centre = _gather_row(odd, even, j, odd_cols, even_cols, vr, vi)
        _row_products(real, imag, j, vr, vi, odd, odd_cols)
        if not centre:
            _row_products(real, imag, j, vr, vi, even, even_cols)


@numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def _row_products(real, imag, j, vr, vi, planes, columns):  # pragma: no cover - compiled
    """planes[:, j, a] <- row columns[a] of U2[j] (real + i imag) times the vector vr + i vi."""
    width = vr.size
    for a in range(columns.size):
        r = columns[a]
        sr = 0.0
        si = 0.0
        for b in range(width):
            sr += real[j, r, b] * vr[b] - imag[j, r, b] * vi[b]
            si += real[j, r, b] * vi[b] + imag[j, r, b] * vr[b]
        planes[0, j, a] = sr
        planes[1, j, a] = si


@numba.njit(cache=True, nogil=True)
def _gather_row(odd, even, j, odd_cols, even_cols, vr, vi):  # pragma: no cover - compiled
    """vr + i vi <- row j of the folded grid in particle 2's order (odd[:, j] at odd_cols, even[:, j] at
    even_cols; zeros there on the centre row, which the even part lacks); returns whether j is that row."""
    for a in range(odd_cols.size):
        vr[odd_cols[a]] = odd[0, j, a]
        vi[odd_cols[a]] = odd[1, j, a]
    centre = j >= even.shape[1]
    for a in range(even_cols.size):
        vr[even_cols[a]] = 0.0 if centre else even[0, j, a]
        vi[even_cols[a]] = 0.0 if centre else even[1, j, a]
    return centre


@numba.njit(cache=True, nogil=True)
def to_grid(odd, even):  # pragma: no cover - compiled
    """One sector's modes -> folded grid amplitudes: DST-II of the odd planes, DST-I of the even ones (axis 1)."""
    if odd.shape[2] > 0:
        odd = scipy.fft.dst(odd, 2, None, 1, "ortho", True)
    if even.shape[1] > 0 and even.shape[2] > 0:
        even = scipy.fft.dst(even, 1, None, 1, "ortho", True)
    return odd, even


@numba.njit(cache=True, nogil=True)
def to_modes(odd, even, odd_phases, even_phases):  # pragma: no cover - compiled
    """Folded grid amplitudes -> modes (DST-III, DST-I; inverse of `to_grid`), then the kinetic phases."""
    if odd.shape[2] > 0:
        odd = scipy.fft.dst(odd, 3, None, 1, "ortho", True)
    if even.shape[1] > 0 and even.shape[2] > 0:
        even = scipy.fft.dst(even, 1, None, 1, "ortho", True)
    apply_phases(odd, odd_phases)
    apply_phases(even, even_phases)
    return odd, even


@numba.njit(cache=True, nogil=True)
def evolve_joint(planes, columns, vectors_t, levels_re, levels_im, odd_phases, even_phases, count):  # pragma: no cover
    """Both sectors on one thread: `evolve_sector`'s operations, the blocks of both sectors in one pass over V_j
    (`apply_joint_blocks`); ``planes`` (odd 0, even 0, odd 1, even 1), ``columns`` likewise; returns the planes."""
    odd0, even0, odd1, even1 = planes
    apply_phases(odd0, odd_phases[0])
    apply_phases(even0, even_phases[0])
    apply_phases(odd1, odd_phases[0])
    apply_phases(even1, even_phases[0])
    for s in range(count):
        odd0, even0 = to_grid(odd0, even0)
        odd1, even1 = to_grid(odd1, even1)
        apply_joint_blocks(vectors_t, levels_re, levels_im, (odd0, even0, odd1, even1), columns, 0, odd0.shape[1])
        step = 0 if s == count - 1 else 1
        odd0, even0 = to_modes(odd0, even0, odd_phases[step], even_phases[step])
        odd1, even1 = to_modes(odd1, even1, odd_phases[step], even_phases[step])
    return odd0, even0, odd1, even1


@numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def apply_joint_blocks(vectors_t, levels_re, levels_im, planes, columns, first, last):  # pragma: no cover
    """Rows j = first..last-1 of both sectors' folded grids <- V_j diag(levels_j) V_j^T row, in one pass over V_j.

    ``vectors_t`` (M, N2, W): V_j^T with its rows zero-padded to W = `noneq.kicked.sectors.padded_width` (N2);
    ``levels_re + i levels_im`` (M, N2); ``planes`` (odd 0, even 0, odd 1, even 1) and ``columns`` (their particle-2
    indices) as in `apply_factored_blocks`. The four real right-hand sides (Re and Im of each sector) share every
    load of V_j; rows of disjoint ranges may run on two threads at once. "reassoc" only reorders the sums.
    """
    n2, width = vectors_t.shape[1], vectors_t.shape[2]
    x = np.zeros((4, width))
    w = np.empty((4, n2))
    out = np.empty((4, width))
    even_rows = planes[1].shape[1]
    for j in range(first, last):
        centre = j >= even_rows
        for q in range(2):
            odd, even = planes[2 * q], planes[2 * q + 1]
            odd_cols, even_cols = columns[2 * q], columns[2 * q + 1]
            for a in range(odd_cols.size):
                x[2 * q, odd_cols[a]] = odd[0, j, a]
                x[2 * q + 1, odd_cols[a]] = odd[1, j, a]
            for a in range(even_cols.size):
                x[2 * q, even_cols[a]] = 0.0 if centre else even[0, j, a]
                x[2 * q + 1, even_cols[a]] = 0.0 if centre else even[1, j, a]
        for n in range(n2):
            s0 = 0.0
            s1 = 0.0
            s2 = 0.0
            s3 = 0.0
            for b in range(width):
                v = vectors_t[j, n, b]
                s0 += v * x[0, b]
                s1 += v * x[1, b]
                s2 += v * x[2, b]
                s3 += v * x[3, b]
            cr, ci = levels_re[j, n], levels_im[j, n]
            w[0, n] = s0 * cr - s1 * ci
            w[1, n] = s0 * ci + s1 * cr
            w[2, n] = s2 * cr - s3 * ci
            w[3, n] = s2 * ci + s3 * cr
        out[:] = 0.0
        for n in range(n2):
            w0, w1, w2, w3 = w[0, n], w[1, n], w[2, n], w[3, n]
            for b in range(width):
                v = vectors_t[j, n, b]
                out[0, b] += v * w0
                out[1, b] += v * w1
                out[2, b] += v * w2
                out[3, b] += v * w3
        for q in range(2):
            odd, even = planes[2 * q], planes[2 * q + 1]
            odd_cols, even_cols = columns[2 * q], columns[2 * q + 1]
            for a in range(odd_cols.size):
                odd[0, j, a] = out[2 * q, odd_cols[a]]
                odd[1, j, a] = out[2 * q + 1, odd_cols[a]]
            if not centre:
                for a in range(even_cols.size):
                    even[0, j, a] = out[2 * q, even_cols[a]]
                    even[1, j, a] = out[2 * q + 1, even_cols[a]]
