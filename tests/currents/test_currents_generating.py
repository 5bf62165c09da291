"""mu[lambda] from the linear equation for P_lambda: closed forms, symmetries, exact delta-kick solution."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.currents import closed_forms as cf
from noneq.currents.generating import Grid, generating_functional, multi_time_cumulant, solve_p

GRID_POINTS = 24  # points per sqrt(T) for the continuum tests: O(dx^2) error ~ 3e-4 relative
CONTINUUM_GRID = 2e-3  # relative error allowed from that discretisation (measured ~3e-4)
LATTICE_EXACT = 1e-10  # dx = 1 grid vs lattice closed forms: both exact, only rounding
SYMMETRY = 1e-9  # identities that hold exactly on the symmetric grid
SMALL_EPS = 1e-2  # amplitude for the second-order expansion of mu; remainder O(eps^2) relative
BUMP_EXTRAPOLATION = 1e-2  # bump -> delta after Richardson in sqrt(width): left-over O(width) + grid, ~4e-3
T = 2.0


@pytest.fixture(scope="module")
def grid():
    return Grid.continuum(T, points_per_length=GRID_POINTS)


@pytest.fixture(scope="module")
def lattice():
    return Grid.lattice(T)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_numerical_route_matches_closed_forms_n1_n2(grid, average):
    ra, rb = 0.7, 0.3
    assert multi_time_cumulant(grid, ra, rb, [T], average) == pytest.approx(
        cf.continuum_mean(ra, rb, T), rel=CONTINUUM_GRID)
    assert multi_time_cumulant(grid, ra, rb, [0.6, T], average) == pytest.approx(
        cf.continuum_covariance(ra, rb, 0.6, T, average), rel=CONTINUUM_GRID)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_lattice_grid_is_exact_for_independent_walkers(lattice, average):
    ra, rb = 1.3, 0.4
    assert multi_time_cumulant(lattice, ra, rb, [T], average) == pytest.approx(
        cf.lattice_mean(ra, rb, T), rel=LATTICE_EXACT)
    assert multi_time_cumulant(lattice, ra, rb, [0.5, T], average) == pytest.approx(
        cf.lattice_covariance("independent", ra, rb, 0.5, T, average), rel=LATTICE_EXACT)


def test_annealed_cumulants_follow_eq34_sign_structure(lattice):
    """eq. (34): annealed n-th cumulant is (rho_a + (-1)^n rho_b) Psi_n: vanishes at rho_a = rho_b for odd n."""
    times = [0.5, 1.0, 1.5, T]
    assert abs(multi_time_cumulant(lattice, 0.4, 0.4, times[1:], "annealed")) < SYMMETRY
    k4 = multi_time_cumulant(lattice, 0.4, 0.4, times, "annealed")
    assert multi_time_cumulant(lattice, 0.8, 0.0, times, "annealed") == pytest.approx(k4, rel=SYMMETRY)
    k3 = multi_time_cumulant(lattice, 0.9, 0.1, times[1:], "annealed")
    assert multi_time_cumulant(lattice, 0.8, 0.0, times[1:], "annealed") == pytest.approx(k3, rel=SYMMETRY)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
@pytest.mark.parametrize("B", [-4.0, -0.5, 2.0, 5.0])
def test_final_time_matches_derrida_gerschenfeld_at_large_weight(grid, average, B):
    mu = generating_functional(grid, 0.7, 0.2, T, kicks={T: B}, average=average)
    assert mu == pytest.approx(cf.final_time_mu(0.7, 0.2, T, B, average), rel=CONTINUUM_GRID)


def test_delta_kick_solution_is_the_exact_one(grid):
    """lambda = B delta(t - t1) gives P(x, 0) = 1 + (e^B - 1) erfc(-x/sqrt(4 t1))/2 (not Appendix A; corrected in
    docs/papers/currents.md)."""
    B, t1 = 3.0, 1.2
    solution = solve_p(grid, T, None, {t1: B})
    P, total = solution.P.values, float(solution.total)
    exact = cf.delta_kick_solution(grid.x, 0.0, t1, B)
    assert total == B
    assert np.max(np.abs(P - exact)) < CONTINUUM_GRID * np.exp(B)


def _weight(t):
    return 1.5 + np.sin(2.0 * t)


def test_symmetry_eq26(grid):
    """P_lambda(-x, 0) = P_{-lambda}(x, 0) exp(int_0^T lambda)."""
    plus, minus = solve_p(grid, T, _weight), solve_p(grid, T, lambda t: -_weight(t))
    P_plus, P_minus, total = plus.P.values, minus.P.values, float(plus.total)
    assert np.allclose(P_plus[::-1], P_minus * np.exp(total), rtol=SYMMETRY)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_mu_even_in_lambda_only_at_equal_densities(grid, average):
    even = [generating_functional(grid, 0.4, 0.4, T, smooth=lambda t, s=s: s * 2 * _weight(t), average=average)
            for s in (1, -1)]
    assert even[0] == pytest.approx(even[1], rel=SYMMETRY)
    step = [generating_functional(grid, 0.6, 0.2, T, smooth=lambda t, s=s: s * 2 * _weight(t), average=average)
            for s in (1, -1)]
    assert abs(step[0] - step[1]) > 0.1 * abs(step[0])


def test_small_lambda_expansion_gives_mean_and_two_time_covariance(grid):
    """mu[eps l] = eps int l <Q> + eps^2/2 int int l l <QQ>_c + O(eps^3), smooth l, closed-form kernels."""
    ra, rb = 0.8, 0.3
    nodes, weights = np.polynomial.legendre.leggauss(80)
    s, w = T * (nodes + 1) / 2, weights * T / 2
    linear = np.sum(w * _weight(s) * cf.continuum_mean(ra, rb, s))
    S1, S2 = np.meshgrid(s, s, indexing="ij")
    quadratic = np.einsum("i,j,ij->", w * _weight(s), w * _weight(s),
                          cf.continuum_covariance(ra, rb, S1, S2, "annealed"))
    mu = {e: generating_functional(grid, ra, rb, T, smooth=lambda t, e=e: e * _weight(t)) for e in (SMALL_EPS,
                                                                                              -SMALL_EPS)}
    odd = (mu[SMALL_EPS] - mu[-SMALL_EPS]) / (2 * SMALL_EPS)
    even = (mu[SMALL_EPS] + mu[-SMALL_EPS]) / SMALL_EPS ** 2
    assert odd == pytest.approx(linear, rel=CONTINUUM_GRID)
    assert even == pytest.approx(quadratic, rel=CONTINUUM_GRID)


def test_large_lambda_narrow_bump_tends_to_the_kick(grid):
    """A smooth lambda of weight B = 4 concentrated near t1 (peak ~ 300) tends to the kick's mu: non-perturbative.
    Particles crossing the origin during the bump make the difference O(sqrt(width)); one Richardson step in
    sqrt(width) (widths w and w/4) removes it."""
    B, t1 = 4.0, 1.0

    def mu(width, average):
        bump = lambda t: B * np.exp(-0.5 * ((t - t1) / width) ** 2) / (np.sqrt(2 * np.pi) * width)  # noqa: E731
        return generating_functional(grid, 0.6, 0.2, T, smooth=bump, average=average, max_step=width / 2)

    for average in ("annealed", "quenched"):
        kick = generating_functional(grid, 0.6, 0.2, T, kicks={t1: B}, average=average)
        wide, narrow = mu(0.02, average), mu(0.005, average)
        assert abs(narrow - kick) < 0.6 * abs(wide - kick)  # sqrt(width) convergence: factor 1/2 per width / 4
        assert 2 * narrow - wide == pytest.approx(kick, rel=BUMP_EXTRAPOLATION)


def test_unresolved_lambda_is_detected(grid):
    bump = lambda t: 4.0 * np.exp(-0.5 * ((t - 1.0) / 0.01) ** 2) / (np.sqrt(2 * np.pi) * 0.01)  # noqa: E731
    with pytest.raises(NumericalError, match="not resolved"):
        generating_functional(grid, 0.6, 0.2, T, smooth=bump)


def test_large_lambda_converges_under_grid_refinement():
    values = [generating_functional(Grid.continuum(T, points_per_length=n), 0.6, 0.2, T,
                                    smooth=lambda t: 3 * _weight(t)) for n in (12, 24)]
    assert abs(values[0] - values[1]) < CONTINUUM_GRID * abs(values[1])


def test_bad_history_rejected(grid):
    with pytest.raises(NoneqInputError, match="T"):
        generating_functional(grid, 0.5, 0.5, 0.0)
    with pytest.raises(NoneqInputError, match="kicks"):
        generating_functional(grid, 0.5, 0.5, T, kicks={3.0: 1.0})


def test_draft_eq34_inclusion_exclusion_form(lattice):
    """eq. (34): annealed cumulant = (rho_a + (-1)^n rho_b) sum_k sum_{sigma_k} (-1)^k Psi_k(sigma_k t), with
    Psi_k = int_0^inf [K_k(x, 0, t...) - 1] dx (eq. 36), K_k the probability to be right of 0 at all k times."""
    import itertools

    from noneq.currents.generating import _subset_moments

    times = np.array([0.4, 0.9, 1.3, T])
    ra, rb = 0.9, 0.35
    K = _subset_moments(lattice, times, right=True)
    right = lattice.x > 0
    for n in (1, 2, 3, 4):
        sub = times[:n]
        total = 0.0
        for k in range(1, n + 1):
            for subset in itertools.combinations(range(n), k):
                total += (-1) ** k * lattice.spacing * np.sum(K[subset][right] - 1.0)
        eq34 = (ra + (-1) ** n * rb) * total
        assert eq34 == pytest.approx(multi_time_cumulant(lattice, ra, rb, sub, "annealed"), rel=LATTICE_EXACT)
