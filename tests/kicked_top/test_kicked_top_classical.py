"""Classical kicked top: the map, its quantum-classical correspondence, symmetry and Lyapunov exponents."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.kicked_top.classical import (_kick_jacobian_apply, angles_from_xyz, classical_orbits, classical_kick,
                                        finite_time_lyapunov, random_sphere_points)
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import bloch_vectors
from noneq.kicked_top.quantum import coherent_batch, floquet_kicks
from noneq.quantum import bloch_vector_from_angles

MAP_ATOL = 1e-12  # a handful of trig evaluations on O(1) numbers (kappa <= 10): rounding ~10 eps
NORM_DRIFT_ATOL = 1e-12  # 200 norm-preserving kicks; drift grows ~sqrt(kicks) * eps
# The centroid of a coherent state (transverse width 1/sqrt(2j)) moved by a smooth map deviates from the
# classical orbit at second order in the width, O(1/(2j)) times the map's curvature, plus the O(1/j) quantum
# correction of the twist angle (kappa (Jz + 1/2)/j). Measured: 0.38/j over 5 kicks at kappa = 0.5;
# allow C/j with C = 2 (the O(1/sqrt j) width itself, 0.035 at j = 400, would be a much weaker bound).
CLASSICAL_LIMIT_C = 2.0
# dev(j=400)/dev(j=10) is 0.025 for O(1/j) convergence and 0.16 for O(1/sqrt j): require below 0.05
CONVERGENCE_RATIO = 0.05
LARGE_J = 400  # large enough for the 1/j law, small enough to build exp(-i p Jy) quickly (cost ~ j^3)
FD_STEP = 1e-6  # central difference step: truncation ~h^2 kappa^3 ~1e-10, rounding ~eps/h ~1e-10
FD_ATOL = 1e-7  # margin over the ~1e-10 finite-difference error for |v| = 1
REGULAR_LYAPUNOV_MAX = 0.05  # near an elliptic fixed point the tangent vector only rotates: ~log(C)/kicks
CHAOTIC_LYAPUNOV_MIN = 0.2  # kappa = 6 chaotic sea: lambda ~ log(kappa/2) ~ 1 per kick
BENETTIN_ATOL = 1e-6  # finite-difference Jacobians (error ~1e-9 each) in an independent Benettin estimate

angles = st.floats(-7.0, 7.0, allow_nan=False)
kappas = st.floats(-10.0, 10.0, allow_nan=False)


def unit(theta, phi):
    return bloch_vector_from_angles(theta, phi)


def rot_y(p):
    c, s = math.cos(p), math.sin(p)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rot_z(a):
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


# --- the map ---------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(theta=angles, phi=angles, kappa=kappas)
def test_kick_at_quarter_turn_matches_closed_form(theta, phi, kappa):
    X, Y, Z = unit(theta, phi)
    expected = [Z * math.cos(kappa * X) + Y * math.sin(kappa * X),
                -Z * math.sin(kappa * X) + Y * math.cos(kappa * X),
                -X]
    np.testing.assert_allclose(classical_kick(np.array([X, Y, Z]), kappa), expected, rtol=0, atol=MAP_ATOL)
    np.testing.assert_allclose(classical_kick(np.array([X, Y, Z]), kappa, np.pi / 2), expected,
                               rtol=0, atol=MAP_ATOL)


@settings(max_examples=100, deadline=None)
@given(theta=angles, phi=angles, kappa=kappas, p=angles)
def test_kick_is_y_rotation_then_z_twist(theta, phi, kappa, p):
    x = unit(theta, phi)
    x1 = rot_y(p) @ x
    np.testing.assert_allclose(classical_kick(x, kappa, p), rot_z(kappa * x1[2]) @ x1, rtol=0, atol=MAP_ATOL)


def test_map_preserves_unit_norm_and_is_vectorized():
    rng = np.random.default_rng(1)
    pts = random_sphere_points(50, rng).reshape(5, 10, 3)
    orbits = classical_orbits(pts, 6.0, 200, p=1.3)
    assert orbits.shape == (201, 5, 10, 3)
    np.testing.assert_allclose(np.linalg.norm(orbits, axis=-1), 1.0, rtol=0, atol=NORM_DRIFT_ATOL)
    np.testing.assert_allclose(orbits[1], classical_kick(pts, 6.0, 1.3), rtol=0, atol=0)
    single = pts[2, 3]
    for n in range(5):
        single = classical_kick(single, 6.0, 1.3)
    np.testing.assert_allclose(orbits[5, 2, 3], single, rtol=0, atol=MAP_ATOL)


@settings(max_examples=100, deadline=None)
@given(theta=st.floats(0.0, math.pi), phi=st.floats(-math.pi, math.pi, exclude_min=True))
def test_angles_from_xyz_inverts_bloch_vector(theta, phi):
    th, ph = angles_from_xyz(unit(theta, phi))
    assert abs(th - theta) < 1e-7  # arccos near the poles: error ~sqrt(eps)
    if 1e-6 < theta < math.pi - 1e-6:  # phi undefined at the poles
        assert abs(math.remainder(float(ph) - phi, 2 * math.pi)) < 1e-7


# --- quantum-classical correspondence --------------------------------------------------------------------


def quantum_deviation(j, kappa, theta, phi, kicks, p=np.pi / 2):
    model = KickedTop(j=j, kappa=kappa, p=p)
    psi0 = coherent_batch(model, np.array([theta]), np.array([phi]))
    quantum = np.array([bloch_vectors(psi, j)[0] for psi in floquet_kicks(model, psi0, kicks)])
    classical = classical_orbits(unit(theta, phi), kappa, kicks, p)
    return np.max(np.linalg.norm(quantum - classical, axis=-1))


def test_quantum_bloch_vector_follows_classical_orbit_at_large_j():
    j, kappa, theta, phi, kicks = LARGE_J, 0.5, 1.0, 0.5, 5
    deviation = quantum_deviation(j, kappa, theta, phi, kicks)
    assert deviation < CLASSICAL_LIMIT_C / j
    small_j_deviation = quantum_deviation(10, kappa, theta, phi, kicks)
    assert small_j_deviation > 5 * CLASSICAL_LIMIT_C / j  # j = 10 is visibly off the orbit...
    assert deviation < CONVERGENCE_RATIO * small_j_deviation  # ...and j = 400 converged like 1/j


def test_quantum_classical_correspondence_other_rotation_angle():
    j = LARGE_J
    deviation = quantum_deviation(j, 1.0, 2.0, -1.0, 5, p=1.1)
    assert deviation < CLASSICAL_LIMIT_C / j


# --- symmetry (X, Y, Z) -> (-X, Y, -Z) -------------------------------------------------------------------

MIRROR = np.array([-1.0, 1.0, -1.0])


@settings(max_examples=100, deadline=None)
@given(theta=angles, phi=angles, kappa=kappas, p=angles)
def test_pi_rotation_about_y_commutes_with_classical_map(theta, phi, kappa, p):
    x = unit(theta, phi)
    np.testing.assert_allclose(classical_kick(MIRROR * x, kappa, p), MIRROR * classical_kick(x, kappa, p),
                               rtol=0, atol=MAP_ATOL)


def test_mirrored_angles_are_the_pi_rotation_about_y():
    theta, phi = np.meshgrid(np.linspace(0, np.pi, 7), np.linspace(-np.pi, np.pi, 9))
    np.testing.assert_allclose(unit(np.pi - theta, np.pi - phi), MIRROR * unit(theta, phi), rtol=0, atol=1e-15)


# --- Lyapunov exponents ----------------------------------------------------------------------------------


def test_jacobian_matches_central_finite_difference():
    rng = np.random.default_rng(4)
    for kappa, p in [(0.5, np.pi / 2), (6.0, np.pi / 2), (3.0, 0.7), (-2.0, 2.5)]:
        x = random_sphere_points(30, rng)
        v = rng.normal(size=(30, 3))
        v -= np.sum(v * x, axis=-1, keepdims=True) * x  # tangent to the sphere
        v /= np.linalg.norm(v, axis=-1, keepdims=True)
        fd = (classical_kick(x + FD_STEP * v, kappa, p) - classical_kick(x - FD_STEP * v, kappa, p)) / (2 * FD_STEP)
        np.testing.assert_allclose(_kick_jacobian_apply(x, v, kappa, p), fd, rtol=0, atol=FD_ATOL)


def test_lyapunov_near_stable_fixed_point_is_zero():
    fixed = np.array([0.0, 1.0, 0.0])
    np.testing.assert_allclose(classical_kick(fixed, 0.5), fixed, rtol=0, atol=MAP_ATOL)
    lam = finite_time_lyapunov(fixed, 0.5, 200)
    assert abs(lam) < REGULAR_LYAPUNOV_MAX
    near = unit(np.array([np.pi / 2 - 0.05, np.pi / 2]), np.array([-np.pi / 2, -np.pi / 2 + 0.05]))
    assert np.all(np.abs(finite_time_lyapunov(near, 0.5, 200)) < REGULAR_LYAPUNOV_MAX)


def test_lyapunov_of_a_rotation_is_exactly_zero():
    pts = random_sphere_points(20, np.random.default_rng(9))
    np.testing.assert_allclose(finite_time_lyapunov(pts, 0.0, 50, p=0.8), 0.0, rtol=0, atol=1e-13)


def test_lyapunov_positive_in_chaotic_sea():
    pts = random_sphere_points(8, np.random.default_rng(0))
    lam = finite_time_lyapunov(pts, 6.0, 300)
    assert lam.shape == (8,)
    assert np.all(lam > CHAOTIC_LYAPUNOV_MIN)


def independent_benettin(x, kappa, kicks, p):
    """Benettin's method with 3x3 finite-difference Jacobians, from the same initial e_theta direction."""
    v = np.array([0.0, 0.0, 1.0]) - x * x[2]
    v /= np.linalg.norm(v)
    total = 0.0
    for _ in range(kicks):
        jac = np.empty((3, 3))
        for k in range(3):
            e = np.zeros(3)
            e[k] = FD_STEP
            jac[:, k] = (classical_kick(x + e, kappa, p) - classical_kick(x - e, kappa, p)) / (2 * FD_STEP)
        v = jac @ v
        x = classical_kick(x, kappa, p)
        norm = np.linalg.norm(v)
        total += math.log(norm)
        v /= norm
    return total / kicks


@pytest.mark.parametrize("kappa, p", [(6.0, np.pi / 2), (3.0, 1.0), (0.5, np.pi / 2)])
def test_lyapunov_matches_independent_benettin(kappa, p):
    x = unit(1.1, 0.4)
    expected = independent_benettin(x, kappa, 100, p)
    assert abs(float(finite_time_lyapunov(x, kappa, 100, p)) - expected) < BENETTIN_ATOL
