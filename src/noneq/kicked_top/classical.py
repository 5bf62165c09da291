"""The classical kicked top: the stroboscopic map on the unit sphere, chaos indicators, classical ensembles.

With (X, Y, Z) = J / j on the unit sphere, one kick rotates about y by p and then twists about z by the angle
kappa Z (the j -> infinity limit of the quantum Floquet operator, same orientation convention):

    X1 = X cos p + Z sin p,   Y1 = Y,   Z1 = -X sin p + Z cos p
    X' = X1 cos(kappa Z1) - Y1 sin(kappa Z1),   Y' = X1 sin(kappa Z1) + Y1 cos(kappa Z1),   Z' = Z1.

For p = pi/2 this is X' = Z cos(kappa X) + Y sin(kappa X), Y' = -Z sin(kappa X) + Y cos(kappa X), Z' = -X
(docs/papers/kicked-top.md, "Classical limit"). Angles (theta, phi) map to the sphere as
n = (sin theta cos phi, -sin theta sin phi, cos theta), the convention of the quantum coherent states
(`noneq.kicked_top.model`). All functions are vectorized over points: arrays of shape (..., 3). Lyapunov
exponents are per kick (natural log). Results are NumPy arrays; `noneq.kicked_top.maps.classical_maps` labels
them on a (theta, phi) grid.
"""

from __future__ import annotations

import math

import numpy as np

from noneq.core.errors import bad_value
from noneq.core.resources import check_memory
from noneq.core.validation import integer, real, real_array
from noneq.kicked_top.model import check_j, check_points
from noneq.kicked_top.observables import entropy_from_bloch
from noneq.quantum import bloch_vector_from_angles

CLASSICAL_COPIES = 16  # temporaries of one kick or Jacobian step, in copies of the points (..., 3) float64


def _check_memory(values: float, what: str, reduce: str) -> None:
    """Refuse a computation keeping ``values`` float64 3-vectors (plus CLASSICAL_COPIES temporaries of them)."""
    check_memory(24.0 * values, what, reduce)


def _kick(xyz: np.ndarray, kappa: float, p: float) -> np.ndarray:
    x, y, z = xyz[..., 0], xyz[..., 1], xyz[..., 2]
    cp, sp = np.cos(p), np.sin(p)
    x1, z1 = x * cp + z * sp, -x * sp + z * cp
    c, s = np.cos(kappa * z1), np.sin(kappa * z1)
    return np.stack([x1 * c - y * s, x1 * s + y * c, z1], axis=-1)


def classical_kick(xyz: np.ndarray, kappa: float, p: float = np.pi / 2) -> np.ndarray:
    """One application of the classical map (module docstring) to points on the unit sphere.

    Parameters
    ----------
    xyz : numpy.ndarray
        Points, shape (..., 3).
    kappa : float
        Twist strength.
    p : float
        Rotation angle about y (radians).

    Returns
    -------
    numpy.ndarray
        The images, shape (..., 3).

    Examples
    --------
    >>> np.round(classical_kick(np.array([1.0, 0.0, 0.0]), kappa=0.0), 12)
    array([ 0.,  0., -1.])
    """
    return _kick(check_points("xyz", xyz), real("kappa", kappa), real("p", p))


def classical_orbits(xyz0: np.ndarray, kappa: float, kicks: int, p: float = np.pi / 2) -> np.ndarray:
    """Orbits of the classical map from the points ``xyz0``.

    Parameters
    ----------
    xyz0 : numpy.ndarray
        Starting points, shape (..., 3).
    kappa, p : float
        Twist strength and rotation angle (radians).
    kicks : int
        Number of kicks (>= 0).

    Returns
    -------
    numpy.ndarray
        Shape (kicks + 1, ..., 3); entry 0 is ``xyz0``.

    Examples
    --------
    >>> orbit = classical_orbits(np.array([0.0, 1.0, 0.0]), kappa=0.5, kicks=3)
    >>> orbit.shape
    (4, 3)
    >>> np.round(orbit[-1], 12)   # the y axis is a fixed point
    array([0., 1., 0.])
    """
    kappa, p, kicks = real("kappa", kappa), real("p", p), integer("kicks", kicks, minimum=0)
    xyz0 = check_points("xyz0", xyz0)
    _check_memory((kicks + 1.0 + CLASSICAL_COPIES) * (xyz0.size // 3), f"classical orbits over {kicks} kicks",
                  "lower kicks or the number of points")
    out = np.empty((kicks + 1,) + np.shape(xyz0))
    out[0] = xyz0
    for n in range(kicks):
        out[n + 1] = _kick(out[n], kappa, p)
    return out


def random_sphere_points(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points drawn uniformly on the unit sphere, shape (n, 3).

    Examples
    --------
    >>> points = random_sphere_points(5, np.random.default_rng(0))
    >>> np.round(np.linalg.norm(points, axis=1), 12)
    array([1., 1., 1., 1., 1.])
    """
    n = integer("n", n, minimum=0)
    _check_memory(2.0 * n, f"{n} random points", "lower n")
    v = _generator(rng).normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def angles_from_xyz(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(theta, phi) of unit vectors (..., 3) in the package convention; phi in (-pi, pi].

    Examples
    --------
    >>> theta, phi = angles_from_xyz(np.array([0.0, -1.0, 0.0]))
    >>> round(float(theta), 6), round(float(phi), 6)
    (1.570796, 1.570796)
    """
    xyz = check_points("xyz", xyz)
    theta = np.arccos(np.clip(xyz[..., 2], -1.0, 1.0))
    phi = np.arctan2(-xyz[..., 1], xyz[..., 0])
    return theta, phi


def _kick_jacobian_apply(xyz: np.ndarray, v: np.ndarray, kappa: float, p: float) -> np.ndarray:
    """Derivative of the map at xyz applied to tangent vectors v (both (..., 3))."""
    cp, sp = np.cos(p), np.sin(p)

    def rot_y(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return a[..., 0] * cp + a[..., 2] * sp, a[..., 1], -a[..., 0] * sp + a[..., 2] * cp

    x1, y1, z1 = rot_y(xyz)
    vx, vy, vz = rot_y(v)
    c, s = np.cos(kappa * z1), np.sin(kappa * z1)
    # d/dz of the twist: R_z'(kappa z) x1 * kappa vz, R_z' = R_z G with G the generator of z rotations.
    gx, gy = -y1 * kappa * vz, x1 * kappa * vz
    ux, uy = vx + gx, vy + gy
    return np.stack([ux * c - uy * s, ux * s + uy * c, vz], axis=-1)


def finite_time_lyapunov(xyz0: np.ndarray, kappa: float, kicks: int, p: float = np.pi / 2) -> np.ndarray:
    """Largest finite-time Lyapunov exponent (per kick) of the classical map from the points ``xyz0``.

    Parameters
    ----------
    xyz0 : numpy.ndarray
        Starting points, shape (..., 3).
    kappa, p : float
        Twist strength and rotation angle (radians).
    kicks : int
        Number of kicks averaged over (>= 1).

    Returns
    -------
    numpy.ndarray
        Shape (...): the mean log growth per kick of a tangent vector.

    Notes
    -----
    Benettin's method: a tangent vector (the local e_theta direction) is pushed with the Jacobian of the map
    and renormalized every kick; the exponent is the mean of the log growth factors.

    Examples
    --------
    >>> round(float(finite_time_lyapunov(np.array([0.0, 1.0, 0.0]), 0.5, 100)), 2)  # elliptic fixed point
    0.0
    """
    kappa, p, kicks = real("kappa", kappa), real("p", p), integer("kicks", kicks, minimum=1)
    xyz = check_points("xyz0", xyz0)
    _check_memory(CLASSICAL_COPIES * (xyz.size // 3), "finite-time Lyapunov exponents", "lower the number of points")
    z_axis = np.zeros_like(xyz)
    z_axis[..., 2] = 1.0
    v = z_axis - xyz * xyz[..., 2:3]
    small = np.linalg.norm(v, axis=-1) < 1e-12
    v[small] = np.array([1.0, 0.0, 0.0])
    v /= np.linalg.norm(v, axis=-1, keepdims=True)
    total = np.zeros(xyz.shape[:-1])
    for _ in range(kicks):
        v = _kick_jacobian_apply(xyz, v, kappa, p)
        xyz = _kick(xyz, kappa, p)
        scale = np.max(np.abs(v), axis=-1, keepdims=True)  # |v| ~ |kappa| per kick: no overflow in the squares
        norm = scale[..., 0] * np.linalg.norm(v / scale, axis=-1)
        total += np.log(norm)
        v /= norm[..., None]
    return total / kicks


def coherent_cloud(theta, phi, j: float, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Classical ensemble mimicking the coherent state |theta, phi> of spin j.

    Parameters
    ----------
    theta, phi : array_like
        Centres of the clouds (radians), broadcast together.
    j : float
        Spin: sets the width.
    samples : int
        Members per cloud (>= 1).
    rng : numpy.random.Generator
        Source of the Gaussian offsets.

    Returns
    -------
    numpy.ndarray
        Unit vectors, shape ``(samples, *broadcast_shape, 3)``.

    Notes
    -----
    Each member is the centre direction plus a Gaussian tangent offset with variance 1/(2j) per direction
    (the coherent state's transverse variance Delta J_perp^2 = j/2 divided by j^2), projected back onto the
    sphere.

    Examples
    --------
    >>> coherent_cloud(1.0, [0.0, 0.5], 1.5, 10, np.random.default_rng(0)).shape
    (10, 2, 3)
    """
    j, samples = check_j(j), integer("samples", samples, minimum=1)
    theta, phi = real_array("theta", theta), real_array("phi", phi)
    try:
        points = math.prod(np.broadcast_shapes(theta.shape, phi.shape))
    except ValueError:
        raise bad_value("phi", f"shape {phi.shape}", f"broadcastable with theta's shape {theta.shape}") from None
    _check_memory(CLASSICAL_COPIES * samples * points, f"clouds of {samples} samples around {points} points",
                  "lower samples or the number of points")
    rng = _generator(rng)
    n = bloch_vector_from_angles(theta, phi)
    helper = np.zeros_like(n)
    helper[..., 0] = 1.0
    near_x = np.abs(n[..., 0]) > 0.9
    helper[near_x] = np.array([0.0, 1.0, 0.0])
    e1 = np.cross(n, helper)
    e1 /= np.linalg.norm(e1, axis=-1, keepdims=True)
    e2 = np.cross(n, e1)
    sigma = np.sqrt(1.0 / (2.0 * j))
    a = rng.normal(scale=sigma, size=(samples,) + n.shape[:-1] + (1,))
    b = rng.normal(scale=sigma, size=(samples,) + n.shape[:-1] + (1,))
    cloud = n + a * e1 + b * e2
    return cloud / np.linalg.norm(cloud, axis=-1, keepdims=True)


def ensemble_entropy(orbits: np.ndarray) -> np.ndarray:
    """Classical analogue of the single-qubit entropy (bits) from an ensemble's orbits.

    Parameters
    ----------
    orbits : numpy.ndarray
        Shape (kicks + 1, samples, ..., 3), e.g. `classical_orbits` of a `coherent_cloud`.

    Returns
    -------
    numpy.ndarray
        Shape (kicks + 1, ...).

    Notes
    -----
    The ensemble mean vector m_n plays the Bloch vector, normalized by its initial length so that the initial
    state has zero entropy: S_n = h2((1 + r_n)/2) in bits, r_n = min(|m_n|/|m_0|, 1) (the map can focus a
    cloud so that its mean lengthens; that counts as zero entropy).

    Examples
    --------
    >>> cloud = coherent_cloud(1.0, 0.5, 1.5, 200, np.random.default_rng(1))
    >>> entropy = ensemble_entropy(classical_orbits(cloud, 2.5, 3))
    >>> entropy.shape, float(entropy[0])
    ((4,), 0.0)
    """
    orbits = check_points("orbits", orbits)
    if orbits.ndim < 3:
        raise bad_value("orbits", f"shape {orbits.shape}", "an array of shape (kicks + 1, samples, ..., 3)")
    mean = orbits.mean(axis=1)
    length = np.linalg.norm(mean, axis=-1, keepdims=True)
    ratio = np.minimum(length / length[0], 1.0)
    direction = np.divide(mean, length, out=np.zeros_like(mean), where=length > 0)
    return entropy_from_bloch(direction * ratio)


def _generator(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise bad_value("rng", type(rng).__name__, "a numpy.random.Generator (numpy.random.default_rng(seed))")
    return rng
