"""What the kicked-top figure modules share: the paper's spin, seed and grid, and the assumed decoherence.

The paper's text gives the gate times (20 ns rotations; 5 ns / 25 ns interaction pulses at kappa = 0.5 / 2.5)
but not T1 and T2; T1 = 20 us and T2 = 10 us are typical of the gmon devices of its refs. 19-20 and are
assumptions, stated in every claim that uses them (docs/papers/kicked-top.md, "Reconstructed parts").
"""

from __future__ import annotations

import numpy as np

from noneq.kicked_top.model import NS_PER_US, Decoherence
from noneq.kicked_top.system import NAME

SYSTEM = NAME  # the system name recorded in every dataset's provenance
SEED = 20160711  # root seed of every random draw in the kicked-top reproduction (publication date)
J_PAPER = 1.5  # three qubits
T1_US = 20.0
T2_US = 10.0
ROTATION_NS = 20.0
INTERACTION_NS_PER_KAPPA = 10.0  # the paper: 5 ns at kappa = 0.5, 25 ns at kappa = 2.5
PICK_TOLERANCE = 1e-12  # bits: entropies of symmetry-related initial states agree to ~1e-15


def paper_grid(n_theta: int = 31, n_phi: int = 61) -> tuple[np.ndarray, np.ndarray]:
    """The paper's grid of initial states: theta in [0, pi] (31 points), phi in [-pi, pi] (61 points)."""
    return np.linspace(0.0, np.pi, n_theta), np.linspace(-np.pi, np.pi, n_phi)


def area_weights(theta: np.ndarray, n_phi: int) -> np.ndarray:
    """Weights sin(theta) of a (theta, phi) grid (the sphere's area element), normalized to sum 1."""
    w = np.repeat(np.sin(np.asarray(theta, float))[:, None], n_phi, axis=1)
    return w / w.sum()


def interior_grid(quick: bool) -> tuple[np.ndarray, np.ndarray]:
    """The paper grid (11 x 21 in quick mode) without the poles, which are single points on the sphere."""
    theta, phi = paper_grid(11, 21) if quick else paper_grid()
    return theta[1:-1], phi


def pick(values: np.ndarray, theta: np.ndarray, phi: np.ndarray, which: str) -> tuple[float, float]:
    """(theta, phi) of the largest (``which="max"``) or smallest value of a (theta, phi) map.

    The top's symmetries make several grid points equal up to rounding; values within PICK_TOLERANCE of the
    extreme count as tied, and a tie goes to the last of them in (theta, phi) order, so that the choice does not
    depend on the last bits of the arithmetic.
    """
    extreme = values.max() if which == "max" else values.min()
    tied = np.flatnonzero(np.abs(values - extreme).ravel() <= PICK_TOLERANCE)
    i, k = np.unravel_index(tied[-1], values.shape)
    return float(theta[i]), float(phi[k])


def default_noise(kappa: float) -> Decoherence:
    """The assumed decoherence of the register at twist strength ``kappa`` (module docstring), times in ns."""
    return Decoherence(T1=T1_US * NS_PER_US, T2=T2_US * NS_PER_US, rotation_time=ROTATION_NS,
                       interaction_time=abs(kappa) * INTERACTION_NS_PER_KAPPA)
