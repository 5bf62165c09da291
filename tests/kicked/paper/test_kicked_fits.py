"""`noneq.kicked.paper.fits`: exact recovery on noiseless data, OLS errors against Monte Carlo, shapes told apart."""

import math

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.kicked.observables import binned_density
from noneq.kicked.paper.fits import crossing, exponential_fit, line_fit, power_law_fit, profile_fits, total_variation

ROUNDING = 1e-10  # noiseless data: least squares recovers parameters to rounding
STDERR_AGREEMENT = 0.1  # 2000 repetitions: the empirical spread of the slope is known to ~1.6%; allow 10%
GAUSSIAN_BIN_BIAS = 0.02  # averaging a Gaussian over 0.2-wide bins shifts its fitted width by < 2% here


def test_line_fit_recovers_line_and_its_standard_error_matches_monte_carlo():
    x = np.linspace(0.0, 2.0, 20)
    exact = line_fit(x, 1.5 - 0.7 * x)
    assert abs(exact.slope + 0.7) < ROUNDING and abs(exact.intercept - 1.5) < ROUNDING and exact.rms < ROUNDING
    rng = np.random.default_rng(7)
    sigma = 0.3
    slopes, errors = [], []
    for _ in range(2000):
        fit = line_fit(x, 1.5 - 0.7 * x + sigma * rng.standard_normal(x.size))
        slopes.append(fit.slope)
        errors.append(fit.slope_stderr)
    expected = sigma / math.sqrt(((x - x.mean()) ** 2).sum())  # textbook OLS slope error
    assert abs(np.std(slopes) / expected - 1.0) < STDERR_AGREEMENT
    assert abs(np.sqrt(np.mean(np.square(errors))) / expected - 1.0) < STDERR_AGREEMENT


def test_decay_fits_recover_rates_and_tell_power_law_from_exponential():
    t = np.arange(2.0, 60.0)
    exponential, power = 0.8 * np.exp(-0.05 * t), 1.3 * t ** -0.7
    fit = exponential_fit(t, exponential)
    assert abs(fit.rate - 0.05) < ROUNDING and abs(fit.prefactor - 0.8) < ROUNDING
    fit = power_law_fit(t, power)
    assert abs(fit.rate - 0.7) < ROUNDING and abs(fit.prefactor - 1.3) < ROUNDING
    assert power_law_fit(t, exponential).rms > exponential_fit(t, exponential).rms + 0.01
    assert exponential_fit(t, power).rms > power_law_fit(t, power).rms + 0.01


def test_profile_fits_recover_widths_and_prefer_the_right_shape():
    dp = 0.01
    p = dp * np.arange(1, 3001)
    edges = np.arange(0.0, 30.0 + 1e-9, 0.2)
    centres = 0.5 * (edges[1:] + edges[:-1])
    exponential = binned_density(p, np.exp(-p / 1.7), edges)
    # bins of 20 modes at equal offsets: their means of an exponential lie on the same line exactly (the first
    # bin holds modes 1..19 only and is left out of this exact check)
    assert abs(profile_fits(centres[1:], exponential[1:], floor=1e-3)["exponential"].width - 1.7) < ROUNDING
    fits = profile_fits(centres, exponential, floor=1e-3)
    assert fits["exponential"].rms < fits["gaussian"].rms
    gaussian = binned_density(p, np.exp(-p ** 2 / 40.0), edges)
    fits = profile_fits(centres, gaussian, floor=1e-3)
    assert abs(fits["gaussian"].width / 40.0 - 1.0) < GAUSSIAN_BIN_BIAS
    assert fits["gaussian"].rms < fits["exponential"].rms


def test_crossing_and_total_variation():
    x = np.linspace(0.0, 1.0, 11)
    y = np.exp(-3.0 * x)
    assert abs(crossing(x, y, 0.1) - math.log(10.0) / 3.0) < ROUNDING  # log-linear interpolation is exact here
    assert math.isnan(crossing(x, y, 0.01))  # never reached
    assert math.isnan(crossing(x, y, 2.0))  # starts below the level
    assert total_variation([1.0, 2.0, 0.0], [2.0, 4.0, 0.0]) == 0.0
    assert abs(total_variation([1.0, 0.0], [0.0, 3.0]) - 1.0) < ROUNDING
    assert abs(total_variation([0.5, 0.5, np.nan], [1.0, 0.0, 0.0]) - 0.5) < ROUNDING


@pytest.mark.parametrize("call, name", [
    (lambda: line_fit([1.0, 2.0], [1.0, 2.0]), "points"),
    (lambda: exponential_fit([1.0, 2.0, 3.0], [1.0, -1.0, 0.5]), "y"),
    (lambda: power_law_fit([0.0, 1.0, 2.0], [1.0, 0.5, 0.2]), "x"),
    (lambda: profile_fits([1.0, 2.0, 3.0], [1.0, 0.5, 0.2], floor=1.5), "floor"),
    (lambda: total_variation([1.0, 0.0], [1.0, 0.0, 0.0]), "Q"),
])
def test_bad_input_is_rejected_with_the_parameter_named(call, name):
    with pytest.raises(NoneqInputError, match=f"'{name}'"):
        call()
