"""`noneq.kicked.observables`: profile fits recover known widths; the diffusion coefficient definition."""

import numpy as np

from noneq.kicked.observables import diffusion_coefficient, fit_profile, histogram

FIT_TOLERANCE = 1e-9  # exact exponential/Gaussian data: least squares recovers the width to rounding


def test_fits_recover_widths_and_tell_shapes_apart():
    p = np.linspace(0.0, 5.0, 200)
    gaussian, exponential = np.exp(-p ** 2 / 1.7), 0.3 * np.exp(-p / 0.6)
    zeta, r2 = fit_profile(p, gaussian, "gaussian")
    assert abs(zeta - 1.7) < FIT_TOLERANCE and r2 > 1 - FIT_TOLERANCE
    xi, r2 = fit_profile(p, exponential, "exponential")
    assert abs(xi - 0.6) < FIT_TOLERANCE
    assert fit_profile(p, gaussian, "exponential")[1] < fit_profile(p, gaussian, "gaussian")[1]
    assert fit_profile(p, exponential, "gaussian")[1] < fit_profile(p, exponential, "exponential")[1]


def test_diffusion_coefficient_and_histogram():
    assert diffusion_coefficient(np.array([0.0, 1.0, 50.0]), 500) == 0.1
    counts = histogram(np.array([-0.5, 0.5, 1.5, 9.0]), np.array([0.0, 1.0, 2.0]))
    assert np.allclose(counts, [0.5, 0.25])
