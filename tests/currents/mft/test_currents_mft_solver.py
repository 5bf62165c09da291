"""MFT optimal-path solver (eqs. 8-14): exact non-interacting results, SEP at second order, symmetries."""

import functools
import math

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.currents import closed_forms as cf
from noneq.currents.generating import Grid, generating_functional
from noneq.currents.mft import TRANSPORT, Resolution, Transport, linear_response, solve_mft
from noneq.currents.mft import kernels, solver
from noneq.currents.mft.steps import Coefficients
from noneq.currents.mft.sweeps import annealed_initial

COARSE = Resolution(points_per_length=8, time_steps=40)
MEDIUM = Resolution(points_per_length=16, time_steps=80)
GRID_TOLERANCE = 3e-4  # |mu - exact| at MEDIUM: O(dx^2) discretisation error, measured <= 1.5e-4 (mu ~ 0.1-0.7)
LATTICE_TOLERANCE = 3e-6  # solver vs exact walkers on the same grid: only the O(dt^2) time error (measured 1e-6)
SECOND_ORDER = 4.0  # error ratio under (dx, dt) -> (dx/2, dt/2) of a second-order scheme
SYMMETRY_TOLERANCE = 1e-9  # exact discrete symmetries, up to the forward-backward iteration tolerance 1e-10
GENERIC_PATH = 1e-7  # numpy path: 2nd, 3rd derivatives of sigma by finite differences (rates agree to ~1e-8)
SEP_EXACT_TOLERANCE = 3e-4  # SEP vs Derrida-Gerschenfeld's exact mu at MEDIUM: measured 2.7e-5 - 1e-4 (|B| <= 2)
QUARTIC = 2e-3  # [mu(d) + mu(-d)] / d^2 vs the covariance: O(d^2) fourth-cumulant remainder at d = 0.05

INDEPENDENT, SEP = TRANSPORT["independent"], TRANSPORT["sep"]
TWO_TIMES = {0.4: 0.8, 1.0: -0.6}


@functools.lru_cache(maxsize=None)
def _solve(name, rho_a, rho_b, kicks, average, resolution=MEDIUM):
    return solve_mft(TRANSPORT[name], rho_a, rho_b, dict(kicks), average=average, resolution=resolution)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_independent_final_time_matches_derrida_gerschenfeld(average):
    sol = _solve("independent", 0.8, 0.3, ((1.0, 1.0),), average)
    assert sol.mu == pytest.approx(cf.final_time_mu(0.8, 0.3, 1.0, 1.0, average), abs=GRID_TOLERANCE)
    assert sol.report.residual < solver.ITERATION_TOLERANCE


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_independent_two_time_matches_exact_generating_functional(average):
    exact = generating_functional(Grid.continuum(1.0), 0.8, 0.3, 1.0, kicks=TWO_TIMES, average=average)
    assert _solve("independent", 0.8, 0.3, tuple(TWO_TIMES.items()), average).mu == pytest.approx(
        exact, abs=GRID_TOLERANCE)


def test_error_shrinks_at_second_order_under_refinement():
    exact = generating_functional(Grid.continuum(1.0), 0.8, 0.3, 1.0, kicks=TWO_TIMES, average="annealed")
    coarse = solve_mft(INDEPENDENT, 0.8, 0.3, TWO_TIMES, average="annealed", resolution=COARSE, refine=True)
    fine = _solve("independent", 0.8, 0.3, tuple(TWO_TIMES.items()), "annealed")
    assert abs(coarse.mu - exact) > 0.75 * SECOND_ORDER * abs(fine.mu - exact)
    assert coarse.report.refined_mu == pytest.approx(fine.mu, abs=1e-12)  # refine = the MEDIUM grid
    assert coarse.report.refinement_change == pytest.approx(abs(coarse.mu - exact), rel=0.5)  # error estimate


def test_discrete_equations_are_exactly_walkers_on_the_grid():
    """Discrete Cole-Hopf: for D = 1, sigma = 2 rho the solver's spatial problem is the walker lattice of spacing dx
    (exact in `generating`), so the two agree up to the time discretisation only."""
    sol = solve_mft(INDEPENDENT, 0.5, 0.5, {1.0: 0.5}, average="annealed", resolution=COARSE)
    dx = 1 / COARSE.points_per_length
    lattice = generating_functional(Grid(dx, int(math.ceil(COARSE.domain_lengths * 2 / dx))), 0.5, 0.5, 1.0,
                                    kicks={1.0: 0.5})
    assert sol.mu == pytest.approx(lattice, abs=LATTICE_TOLERANCE)


def test_domain_is_large_enough():
    """No-flux ends at 5 sqrt(4 T) are not felt: a wider domain changes mu only at rounding level."""
    wide = Resolution(points_per_length=8, time_steps=40, domain_lengths=7.0)
    base = _solve("sep", 0.7, 0.2, tuple(TWO_TIMES.items()), "annealed", COARSE).mu
    assert solve_mft(SEP, 0.7, 0.2, TWO_TIMES, average="annealed", resolution=wide).mu == pytest.approx(
        base, abs=SYMMETRY_TOLERANCE)


def test_smooth_weight_matches_exact_generating_functional():
    def weight(t):
        return 0.5 * (1 + np.sin(2 * t))

    exact = generating_functional(Grid.continuum(1.0), 0.6, 0.2, 1.0, smooth=weight, average="annealed")
    sol = solve_mft(INDEPENDENT, 0.6, 0.2, {}, T=1.0, smooth=weight, average="annealed", resolution=MEDIUM)
    assert sol.mu == pytest.approx(exact, abs=GRID_TOLERANCE)


@pytest.mark.parametrize("step, B", [((0.7, 0.2), 2.0), ((1.0, 0.0), -1.0)])
def test_sep_finite_lambda_matches_derrida_gerschenfeld_exact(step, B):
    """Nonlinear SEP check: the annealed final-time mu is Derrida-Gerschenfeld's Bethe-ansatz sqrt(T) F(omega)."""
    from noneq.currents.closed_forms import sep_annealed_mu

    sol = solve_mft(SEP, *step, {1.0: B}, average="annealed", resolution=MEDIUM)
    assert sol.mu == pytest.approx(sep_annealed_mu(*step, 1.0, B), abs=SEP_EXACT_TOLERANCE)


def test_derrida_gerschenfeld_reference_expands_to_their_variance():
    from noneq.currents.closed_forms import sep_annealed_mu

    d = 1e-3
    second = (sep_annealed_mu(0.6, 0.1, 4.0, d) + sep_annealed_mu(0.6, 0.1, 4.0, -d)) / d ** 2
    assert second == pytest.approx(cf.sep_equal_time_variance_large_t(0.6, 0.1) * 2.0, rel=1e-5)  # O(d^2)


def test_action_formula_agrees_with_the_integrated_observable():
    sol = _solve("sep", 0.7, 0.2, tuple(TWO_TIMES.items()), "annealed")
    assert sol.report.action_gap == pytest.approx(abs(sol.mu_action - sol.mu))
    assert sol.report.action_gap < 10 * GRID_TOLERANCE  # eq. (14) by quadrature: first order near the kicks


def test_nonlinear_solver_second_order_is_the_linear_response():
    d, kicks = 0.05, {0.5: 1.0, 1.0: -0.7}
    r = linear_response(SEP, 0.7, 0.2, [0.5, 1.0], average="quenched", resolution=MEDIUM)
    plus = solve_mft(SEP, 0.7, 0.2, {t: d * b for t, b in kicks.items()}, average="quenched", resolution=MEDIUM)
    minus = solve_mft(SEP, 0.7, 0.2, {t: -d * b for t, b in kicks.items()}, average="quenched", resolution=MEDIUM)
    b = np.array(list(kicks.values()))
    assert (plus.mu + minus.mu) / d ** 2 == pytest.approx(b @ r.covariance @ b, rel=QUARTIC)
    assert (plus.mu - minus.mu) / (2 * d) == pytest.approx(b @ r.mean, rel=QUARTIC)


def test_sep_mu_is_even_at_equal_densities():
    kicks = tuple(TWO_TIMES.items())
    minus = tuple((t, -b) for t, b in kicks)
    a, b = _solve("sep", 0.4, 0.4, kicks, "annealed", COARSE), _solve("sep", 0.4, 0.4, minus, "annealed", COARSE)
    assert a.mu == pytest.approx(b.mu, abs=SYMMETRY_TOLERANCE)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_reflection_and_particle_hole_symmetries(average):
    """x -> -x (eq. 26 for any D, sigma): mu[lambda; rho_a, rho_b] = mu[-lambda; rho_b, rho_a]; SEP particle-hole
    rho -> 1 - rho: mu[lambda; rho_a, rho_b] = mu[-lambda; 1 - rho_a, 1 - rho_b]."""
    kicks = tuple(TWO_TIMES.items())
    minus = tuple((t, -b) for t, b in kicks)
    base = _solve("sep", 0.7, 0.2, kicks, average, COARSE).mu
    assert _solve("sep", 0.2, 0.7, minus, average, COARSE).mu == pytest.approx(base, abs=SYMMETRY_TOLERANCE)
    assert _solve("sep", 0.3, 0.8, minus, average, COARSE).mu == pytest.approx(base, abs=SYMMETRY_TOLERANCE)


def test_numpy_path_equals_compiled_path(monkeypatch):
    compiled = _solve("sep", 0.7, 0.2, ((1.0, 0.8),), "annealed", Resolution(points_per_length=6, time_steps=16))
    monkeypatch.setattr(kernels, "polynomial_coefficients", lambda f: None)
    generic = solve_mft(SEP, 0.7, 0.2, {1.0: 0.8}, average="annealed",
                        resolution=Resolution(points_per_length=6, time_steps=16))
    assert generic.mu == pytest.approx(compiled.mu, abs=GENERIC_PATH)


def test_polynomial_detection():
    assert kernels.polynomial_coefficients(SEP.sigma) == pytest.approx([-2.0, 2.0, 0.0], abs=1e-12)
    assert kernels.polynomial_coefficients(lambda r: np.exp(r)) is None


def test_sep_annealed_initial_condition_is_logistic():
    co = Coefficients(SEP.D, SEP.sigma)
    rho0, target = np.array([0.2, 0.5, 0.9, 0.0]), np.array([1.3, -2.0, 0.4, 3.0])
    e = np.exp(target)
    assert annealed_initial(co, rho0, target) == pytest.approx(rho0 * e / (1 - rho0 + rho0 * e), abs=1e-12)


def test_fields_and_report():
    sol = _solve("sep", 0.7, 0.2, tuple(TWO_TIMES.items()), "annealed")
    assert sol.fields.q.dims == ("time", "x") and sol.fields.p.dims == ("time", "x")
    assert sol.fields.p.isel(time=-1).values == pytest.approx(0.0)  # p(x, T^+) = 0
    assert sol.report.iterations >= len(sol.report.continuation) and sol.report.cells > 0
    assert sol.times.tolist() == sorted(TWO_TIMES) and sol.currents.shape == sol.times.shape
    ds = sol.to_xarray()
    assert float(ds.mu) == sol.mu and ds.current.dims == ("stop_time",) and ds.q.attrs["units"]


def test_bad_input_is_rejected_before_computing():
    with pytest.raises(NoneqInputError, match="rho_a"):
        solve_mft(SEP, 1.2, 0.5, {1.0: 0.5})
    with pytest.raises(NoneqInputError, match="kicks"):
        solve_mft(SEP, 0.5, 0.5, {0.0: 0.5}, T=1.0)
    with pytest.raises(NoneqInputError, match="T"):
        solve_mft(SEP, 0.5, 0.5, {1.0: 0.5}, T=-1.0)
    with pytest.raises(NoneqInputError, match="average"):
        solve_mft(SEP, 0.5, 0.5, {1.0: 0.5}, average="both")
    with pytest.raises(NoneqInputError, match="transport"):
        solve_mft("sep", 0.5, 0.5, {1.0: 0.5})
    with pytest.raises(NoneqInputError, match="time_steps"):
        Resolution(time_steps=1)
    with pytest.raises(NoneqInputError, match="times"):
        linear_response(SEP, 0.5, 0.5, [1.0, 0.5])
    with pytest.raises(NoneqInputError, match="sigma >= 0"):
        linear_response(Transport("bad", lambda r: 1.0, lambda r: -1.0 + 0 * r), 0.5, 0.5, [1.0])


def test_unconverged_iteration_raises():
    with pytest.raises(NumericalError, match="did not converge"):
        solve_mft(SEP, 0.7, 0.2, {1.0: 1.0}, resolution=COARSE, max_iterations=2)


def test_unresolved_grid_raises_when_an_accuracy_is_asked():
    with pytest.raises(NumericalError, match="refinement"):
        solve_mft(INDEPENDENT, 0.8, 0.3, {1.0: 1.0}, resolution=Resolution(points_per_length=3, time_steps=8),
                  refine=True, accuracy=1e-6)

