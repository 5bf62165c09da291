"""Two interacting kicked particles in an infinite square well, as validated data (NOTES.md reconstruction).

Dimensionless Hamiltonian (Zhao & Jie; formulas reconstructed in shared/papers/NOTES.md), [x, p] = i hbar_eff,
time in kick periods, particle 1 of unit mass, particle 2 of mass m = m2 / m1:

    H = p1^2/2 + p2^2/(2m) + V(x1) + V(x2) + eps G(x1 - x2) + (K1 cos x1 + K2 cos x2) sum_n delta(t - n),

V the infinite square well on [0, L]. Uncertain choices, each a named parameter with the NOTES.md default:

- ``interaction``: ``"gaussian"`` (default) G(d) = exp(-lam d^2) (range 1/sqrt(lam)); ``"inverse"``
  G(d) = exp(-d^2 / lam). Both are written G(d) = exp(-a d^2) with a = `KickedParticles.width_coefficient`.
- ``L`` = pi (all of the paper's figures).
- Initial state: product of the well ground states phi(x) = sqrt(2/L) sin(pi x / L); particles distinguishable
  (no (anti)symmetrization). Classical ensemble: p1 = p2 = 0, x1, x2 uniform in [0, L].
- Kick convention: period n (n = 1..kicks) starts with the kick at t = n - 1, followed by one period of
  continuous evolution; observables are recorded at the end of each period (just before the next kick).
  A kick changes p by +K sin x (force of the potential K cos x).
- Random-kick model: K -> K + dK_n, dK_n uniform in [-W, W], drawn independently each kick (``noise_W``).

Example
-------
>>> model = KickedParticles(K1=1.8, m=0.001, eps=2.0)
>>> round(model.width_coefficient, 3)
10.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from noneq.core.errors import bad_value

INTERACTIONS = ("gaussian", "inverse")
QUASILINEAR_FACTOR = 0.5  # <dp^2> per kick of random phases: <(K sin x)^2> = K^2 / 2
PARTICLE2_ENERGY_FACTOR = 4.0  # particle 2 may hold a few times the interaction energy scale |eps|


def _finite(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(float(value)):
        raise bad_value(name, value, "a finite real number")
    return float(value)


def _positive(name: str, value) -> float:
    try:
        number = _finite(name, value)
    except ValueError:
        number = -1.0
    if number <= 0.0:
        raise bad_value(name, value, "a finite real number > 0")
    return number


@dataclass(frozen=True)
class KickedParticles:
    """Physical parameters (see module docstring). Validated at construction; frozen and picklable.

    K1, K2: kick strengths; m: mass ratio m2/m1 > 0; eps: coupling; lam: interaction width parameter > 0;
    interaction: ``"gaussian"`` (exp(-lam d^2)) or ``"inverse"`` (exp(-d^2/lam)); L: well width > 0;
    hbar_eff: effective Planck constant > 0 (quantum only); noise_W: half-width of the random kick noise >= 0.
    """

    K1: float = 1.8
    K2: float = 0.0
    m: float = 0.001
    eps: float = 2.0
    lam: float = 10.0
    L: float = math.pi
    hbar_eff: float = 0.05
    interaction: str = "gaussian"
    noise_W: float = 0.0

    def __post_init__(self) -> None:
        for name in ("K1", "K2", "eps"):
            object.__setattr__(self, name, _finite(name, getattr(self, name)))
        for name in ("m", "lam", "L", "hbar_eff"):
            object.__setattr__(self, name, _positive(name, getattr(self, name)))
        noise = _finite("noise_W", self.noise_W)
        if noise < 0.0:
            raise bad_value("noise_W", self.noise_W, "a finite real number >= 0")
        object.__setattr__(self, "noise_W", noise)
        if self.interaction not in INTERACTIONS:
            raise bad_value("interaction", self.interaction, "one of " + ", ".join(INTERACTIONS))

    @property
    def width_coefficient(self) -> float:
        """a in G(d) = exp(-a d^2): lam for ``gaussian``, 1/lam for ``inverse``."""
        return self.lam if self.interaction == "gaussian" else 1.0 / self.lam

    def G(self, d: np.ndarray) -> np.ndarray:
        """Interaction shape G(d) = exp(-a d^2) (without eps)."""
        d = np.asarray(d, dtype=float)
        return np.exp(-self.width_coefficient * d * d)

    @property
    def momentum_quantum(self) -> float:
        """Spacing of the well's momenta p_n = hbar_eff n pi / L."""
        return self.hbar_eff * math.pi / self.L

    def momentum_bounds(self, kicks: int) -> tuple[float, float]:
        """A priori momentum scales (p1, p2) reached after ``kicks`` kicks.

        p_i = sqrt(QUASILINEAR_FACTOR K_i^2 kicks) (random-phase growth, an over-estimate of the chaotic
        diffusion in the well) + sqrt(2 m_i PARTICLE2_ENERGY_FACTOR |eps|) (energy exchanged through the
        interaction) + the ground-state momentum. Used to reject too few modes before computing.
        """
        extra = self.noise_W
        bounds = []
        for K, mass in ((self.K1, 1.0), (self.K2, self.m)):
            kicked = math.sqrt(QUASILINEAR_FACTOR * (abs(K) + extra) ** 2 * kicks)
            exchanged = math.sqrt(2.0 * mass * PARTICLE2_ENERGY_FACTOR * abs(self.eps))
            bounds.append(kicked + exchanged + self.momentum_quantum)
        return bounds[0], bounds[1]

    def required_modes(self, kicks: int) -> tuple[int, int]:
        """Fewest sine modes (N1, N2) whose top momentum hbar_eff N pi / L covers `momentum_bounds`."""
        p1, p2 = self.momentum_bounds(kicks)
        return (int(math.ceil(p1 / self.momentum_quantum)), int(math.ceil(p2 / self.momentum_quantum)))


def smooth_235(k: int) -> bool:
    """True when k >= 1 has only the prime factors 2, 3, 5 (a fast FFT length)."""
    for p in (2, 3, 5):
        while k % p == 0:
            k //= p
    return k == 1


def fast_modes(n: int) -> int:
    """Smallest N >= n such that N + 1 has only the prime factors 2, 3, 5 (fast DST-I, of FFT length 2(N+1))."""
    size = max(int(n), 1) + 1
    while not smooth_235(size):
        size += 1
    return size - 1
