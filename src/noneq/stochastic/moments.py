"""Cumulants from raw moments: kappa_n = m_n - sum_{k<n} C(n-1, k-1) kappa_k m_(n-k).

Examples
--------
>>> cumulants_from_moments(np.array([1.0, 2.0, 5.0]))       # a Poisson variable of mean 1
array([1., 1., 1.])
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["cumulants_from_moments"]


def cumulants_from_moments(moments) -> np.ndarray:
    """Cumulants kappa_1..kappa_K from raw moments m_1..m_K (last axis), kappa_n = m_n - sum_{k<n} C(n-1, k-1)
    kappa_k m_(n-k); real moments give real cumulants, complex ones (e.g. derivatives of a generating function
    evaluated with rounding-level imaginary parts) complex ones.

    >>> cumulants_from_moments([0.0, 1.0, 0.0, 3.0])          # a standard normal variable
    array([0., 1., 0., 0.])
    """
    m = np.asarray(moments)
    m = m.astype(np.result_type(m.dtype, float))
    kappa = np.empty_like(m)
    for n in range(1, m.shape[-1] + 1):
        kappa[..., n - 1] = m[..., n - 1] - sum(math.comb(n - 1, k - 1) * kappa[..., k - 1] * m[..., n - k - 1]
                                                for k in range(1, n))
    return kappa
