"""The classical kicked top: the stroboscopic map on the unit sphere, chaos indicators, classical ensembles.

With (X, Y, Z) = J / j on the unit sphere, one step rotates about y by p and then twists about z by the angle
kappa Z (the j -> infinity limit of the quantum Floquet operator, same orientation convention):

    X1 = X cos p + Z sin p,   Y1 = Y,   Z1 = -X sin p + Z cos p
    X' = X1 cos(kappa Z1) - Y1 sin(kappa Z1),   Y' = X1 sin(kappa Z1) + Y1 cos(kappa Z1),   Z' = Z1.

For p = pi/2 this is X' = Z cos(kX) + Y sin(kX), Y' = -Z sin(kX) + Y cos(kX), Z' = -X (NOTES.md).
Angles (theta, phi) map to the sphere as n = (sin theta cos phi, -sin theta sin phi, cos theta), the
convention of the quantum coherent states (`noneq.kicked_top.model`).
All functions are vectorized over points: arrays of shape (..., 3).
"""

from __future__ import annotations

import numpy as np

from noneq.quantum import bloch_vector_from_angles


def classical_step(xyz: np.ndarray, kappa: float, p: float = np.pi / 2) -> np.ndarray:
    """One application of the map to points of shape (..., 3)."""
    x, y, z = xyz[..., 0], xyz[..., 1], xyz[..., 2]
    cp, sp = np.cos(p), np.sin(p)
    x1, z1 = x * cp + z * sp, -x * sp + z * cp
    c, s = np.cos(kappa * z1), np.sin(kappa * z1)
    return np.stack([x1 * c - y * s, x1 * s + y * c, z1], axis=-1)


def classical_orbits(xyz0: np.ndarray, kappa: float, steps: int, p: float = np.pi / 2) -> np.ndarray:
    """Orbits of shape (steps + 1, ..., 3) starting from points xyz0 (..., 3)."""
    out = np.empty((steps + 1,) + np.shape(xyz0))
    out[0] = xyz0
    for n in range(steps):
        out[n + 1] = classical_step(out[n], kappa, p)
    return out


def random_sphere_points(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points uniform on the unit sphere, shape (n, 3)."""
    v = rng.normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def angles_from_xyz(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(theta, phi) of unit vectors in the package convention; phi in (-pi, pi]."""
    theta = np.arccos(np.clip(xyz[..., 2], -1.0, 1.0))
    phi = np.arctan2(-xyz[..., 1], xyz[..., 0])
    return theta, phi


def _step_jacobian_apply(xyz: np.ndarray, v: np.ndarray, kappa: float, p: float) -> np.ndarray:
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


def finite_time_lyapunov(xyz0: np.ndarray, kappa: float, steps: int, p: float = np.pi / 2) -> np.ndarray:
    """Largest finite-time Lyapunov exponent (per step) of the map, for starting points (..., 3).

    Benettin's method: a tangent vector (the local e_theta direction) is pushed with the Jacobian of the map and
    renormalized every step; the exponent is the mean log growth over ``steps`` steps.
    """
    xyz = np.array(xyz0, dtype=float)
    z_axis = np.zeros_like(xyz)
    z_axis[..., 2] = 1.0
    v = z_axis - xyz * xyz[..., 2:3]
    small = np.linalg.norm(v, axis=-1) < 1e-12
    v[small] = np.array([1.0, 0.0, 0.0])
    v /= np.linalg.norm(v, axis=-1, keepdims=True)
    total = np.zeros(xyz.shape[:-1])
    for _ in range(steps):
        v = _step_jacobian_apply(xyz, v, kappa, p)
        xyz = classical_step(xyz, kappa, p)
        norm = np.linalg.norm(v, axis=-1)
        total += np.log(norm)
        v /= norm[..., None]
    return total / steps


def coherent_cloud(theta: np.ndarray, phi: np.ndarray, j: float, samples: int,
                   rng: np.random.Generator) -> np.ndarray:
    """Classical ensemble mimicking the coherent state |theta, phi> of spin j.

    Each member is the centre direction plus a Gaussian tangent offset with variance 1/(2j) per direction
    (the coherent state's transverse variance Delta J_perp^2 = j/2 divided by j^2), projected back onto the
    sphere. Returns (samples, *theta.shape, 3).
    """
    n = bloch_vector_from_angles(np.asarray(theta, float), np.asarray(phi, float))
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
    """Classical analogue of the single-qubit entropy from an ensemble's orbits (steps+1, samples, ..., 3).

    The ensemble mean vector m_n plays the Bloch vector; it is normalized by its initial length so that the
    initial state has zero entropy: S_n = h2((1 + r_n)/2) in bits, r_n = min(|m_n|/|m_0|, 1) (the map can
    focus a cloud so that its mean lengthens; that counts as zero entropy). Returns (steps+1, ...).
    """
    from noneq.kicked_top.observables import entropy_from_bloch

    mean = orbits.mean(axis=1)
    length = np.linalg.norm(mean, axis=-1, keepdims=True)
    ratio = np.minimum(length / length[0], 1.0)
    direction = np.divide(mean, length, out=np.zeros_like(mean), where=length > 0)
    return entropy_from_bloch(direction * ratio)
