"""Draft eqs. (67)-(68) by numerical contour integration vs the closed two-point equations (lattice ODE)."""

import numpy as np
import pytest
from scipy.special import ive

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.currents.contour import step_density, step_pair_correlation
from noneq.currents.lattice import bond_correlations
from noneq.currents.model import CurrentsModel

ODE_AGREEMENT = 1e-8  # the lattice ODE runs at rtol 1e-9, atol 1e-12: its correlations are good to ~1e-10
SERIES = 1e-11  # eq. (67) vs the Bessel series sum_{m >= i} e^{-2t} I_m(2t) (contour converged to 1e-13)
TIMES = [0.5, 2.0, 5.0, 10.0, 30.0]  # the direct contour is refused beyond t ~ 12 (rounding); deformed: any t
DIRECT_TIMES = 4  # the first four
PAIRS = [(0, 1), (-1, 0), (1, 2), (-2, 3), (2, 5), (-4, -1), (-6, 4)]


@pytest.fixture(scope="module")
def ode():
    out = bond_correlations(CurrentsModel("sep", 1.0, 0.0), TIMES)
    return out, int(out["half_width"]) - 1  # index of site 0


@pytest.mark.parametrize("k", range(len(TIMES)))
def test_eq67_density_matches_ode_and_bessel_series(ode, k):
    out, origin = ode
    t = TIMES[k]
    for i in (-5, -1, 0, 1, 3):
        value = step_density(i, t)
        assert value == pytest.approx(out["density"].values[k, origin + i], abs=ODE_AGREEMENT)
        m = np.arange(i, 400)
        assert value == pytest.approx(np.sum(ive(m, 2 * t)), abs=SERIES)


@pytest.mark.parametrize("k", range(len(TIMES)))
def test_eq68_pair_correlation_matches_ode(ode, k):
    out, origin = ode
    t = TIMES[k]
    methods = ["deformed", "direct"] if k < DIRECT_TIMES else ["deformed"]
    for i, j in PAIRS:
        expected = out["pair_correlation"].values[k, origin + i, origin + j]
        for method in methods:
            assert step_pair_correlation(i, j, t, method=method) == pytest.approx(expected, abs=ODE_AGREEMENT)
        assert step_pair_correlation(j, i, t) == pytest.approx(expected, abs=ODE_AGREEMENT)


def test_eq68_without_the_reflection_and_the_draft_sign(ode):
    """The raw formula also holds for i + j > 1 (moderate t). The draft's dz dz' / (4 pi^2 z z') normalisation is
    the right one: a (2 pi i)^-2 normalisation (its negative) would make SEP's negative correlations positive."""
    out, origin = ode
    k = TIMES.index(5.0)
    for i, j in [(1, 2), (2, 5)]:
        expected = out["pair_correlation"].values[k, origin + i, origin + j]
        for method in ("direct", "deformed"):
            value = step_pair_correlation(i, j, 5.0, method=method, reflect=False)
            assert value == pytest.approx(expected, abs=ODE_AGREEMENT)
        assert expected < -1e-3  # so the opposite normalisation (+|C|) is distinguishable


def test_bad_input_and_too_large_time():
    with pytest.raises(NoneqInputError, match="j"):
        step_pair_correlation(2, 2, 1.0)
    with pytest.raises(NoneqInputError, match="method"):
        step_pair_correlation(0, 1, 1.0, method="residues")
    with pytest.raises(NoneqInputError, match="i"):
        step_density(0.5, 1.0)
    with pytest.raises(NoneqInputError, match="t"):
        step_density(0, -1.0)
    with pytest.raises(NumericalError, match="too large"):
        step_pair_correlation(0, 1, 40.0, method="direct")
