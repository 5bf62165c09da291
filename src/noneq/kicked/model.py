"""Two interacting kicked particles in an infinite square well: the model's parameters, validated.

Dimensionless Hamiltonian (the reconstructed model of docs/papers/kicked.md), [x, p] = i hbar_eff, time in kick
periods, particle 1 of unit mass, particle 2 of mass m = m2 / m1:

    H = p1^2/2 + p2^2/(2m) + V(x1) + V(x2) + coupling G(x1 - x2) + (K1 cos x1 + K2 cos x2) sum_n delta(t - n),

V the infinite square well on [0, L]. The reconstructed choices, each a named parameter:

- ``interaction``: ``"gaussian"`` (default) G(d) = exp(-lambda d^2) (range 1/sqrt(lambda)) or ``"inverse"``
  G(d) = exp(-d^2 / lambda), lambda = ``interaction_lambda``; both are G(d) = exp(-a d^2) with
  a = `KickedParticles.width_coefficient`.
- ``L`` = pi (all of the paper's figures).
- Initial state: product of the well ground states phi(x) = sqrt(2/L) sin(pi x / L), particles distinguishable.
  Classical ensemble: p1 = p2 = 0, x1, x2 uniform in [0, L].
- Kicks: period n (n = 1..kicks) starts with the kick at t = n - 1 (p -> p + K sin x), followed by one period of
  continuous evolution; observables are recorded at the end of each period.
- Random-kick model: K1 -> K1 + dK_n, dK_n uniform in [-noise_W, noise_W], drawn independently each kick.

Examples
--------
>>> model = KickedParticles(K1=1.8, m=0.001, coupling=2.0)
>>> model.width_coefficient
10.0
>>> model.required_modes(100)
(336, 4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from noneq.core.errors import bad_value
from noneq.core.validation import choice, real

INTERACTIONS = ("gaussian", "inverse")
QUASILINEAR_FACTOR = 0.5  # <dp^2> per kick of random phases: <(K sin x)^2> = K^2 / 2
PARTICLE2_ENERGY_FACTOR = 4.0  # particle 2 may hold a few times the interaction energy scale |coupling|
BESSEL_EDGE = 10.0  # |J_k(z)| < 2e-16 for k > z + 10 z^(1/3) + 10 (checked for z = 0.01 .. 1e5): beyond the Airy
BESSEL_TAIL = 10.0  # edge of the Bessel functions (width ~ z^(1/3)) and, at z < 1, where (z/2)^k / k! is negligible
MODES_CAP = 2 ** 62  # basis sizes are capped here (an int64); any run near it is refused by its memory estimate
PHASE_LIMIT = 1e12  # rad per period: the rounding of a phase this large is ~1e-4 rad


@dataclass(frozen=True)
class KickedParticles:
    """Physical parameters of the kicked pair (module docstring); validated at construction, frozen, picklable.

    Parameters
    ----------
    K1, K2 : float
        Kick strengths of particles 1 and 2 (potential K cos x once per period).
    m : float
        Mass ratio m2 / m1 > 0.
    coupling : float
        Interaction strength (the paper's epsilon): coupling G(x1 - x2).
    interaction_lambda : float
        Width parameter lambda > 0 of G.
    L : float
        Width of the well > 0.
    hbar_eff : float
        Effective Planck constant > 0 (quantum dynamics only).
    interaction : str
        ``"gaussian"`` (exp(-lambda d^2)) or ``"inverse"`` (exp(-d^2 / lambda)).
    noise_W : float
        Half-width >= 0 of the random kick noise on K1 (0: no noise).

    Examples
    --------
    >>> KickedParticles(m=0.0)
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'm' = 0.0: must be a finite real number in (0, inf)
    """

    K1: float = 1.8
    K2: float = 0.0
    m: float = 0.001
    coupling: float = 2.0
    interaction_lambda: float = 10.0
    L: float = math.pi
    hbar_eff: float = 0.05
    interaction: str = "gaussian"
    noise_W: float = 0.0

    def __post_init__(self) -> None:
        for name in ("K1", "K2", "coupling"):
            object.__setattr__(self, name, real(name, getattr(self, name)))
        for name in ("m", "interaction_lambda", "L", "hbar_eff"):
            object.__setattr__(self, name, real(name, getattr(self, name), minimum=0.0, exclusive_minimum=True))
        object.__setattr__(self, "noise_W", real("noise_W", self.noise_W, minimum=0.0))
        choice("interaction", self.interaction, INTERACTIONS)

    @property
    def width_coefficient(self) -> float:
        """a in G(d) = exp(-a d^2): lambda for ``gaussian``, 1 / lambda for ``inverse``."""
        return self.interaction_lambda if self.interaction == "gaussian" else 1.0 / self.interaction_lambda

    def G(self, d: np.ndarray) -> np.ndarray:
        """Interaction shape G(d) = exp(-a d^2), without the coupling.

        >>> round(float(KickedParticles().G(0.5)), 6)
        0.082085
        """
        d = np.asarray(d, dtype=float)
        return np.exp(-self.width_coefficient * d * d)

    @property
    def momentum_quantum(self) -> float:
        """Spacing of the well's momenta p_n = hbar_eff n pi / L."""
        return self.hbar_eff * math.pi / self.L

    def momentum_bounds(self, kicks: int) -> tuple[float, float]:
        """A priori momentum scales (p1, p2) reached after ``kicks`` kicks.

        p_i = sqrt(QUASILINEAR_FACTOR K_i^2 kicks) (random-phase growth, an over-estimate of the chaotic
        diffusion in the well) + sqrt(2 m_i PARTICLE2_ENERGY_FACTOR |coupling|) (energy exchanged through the
        interaction) + the ground-state momentum; K_1 includes noise_W. Used to size a basis before computing
        (computed without overflow for any finite parameters: inf only beyond the float range).

        >>> p1, p2 = KickedParticles(K1=1.8, m=0.001, coupling=2.0).momentum_bounds(100)
        >>> round(p1, 3), round(p2, 3)
        (16.778, 0.176)
        """
        extra = self.noise_W
        bounds = []
        for K, mass in ((self.K1, 1.0), (self.K2, self.m)):
            kicked = math.sqrt(QUASILINEAR_FACTOR * kicks) * (abs(K) + extra)
            exchanged = math.sqrt(2.0 * PARTICLE2_ENERGY_FACTOR) * math.sqrt(mass) * math.sqrt(abs(self.coupling))
            bounds.append(kicked + exchanged + self.momentum_quantum)
        return bounds[0], bounds[1]

    def ballistic_bound(self, kicks: int) -> float:
        """A hard bound on particle 1's momentum after ``kicks`` kicks of particle 1 alone (L = pi: exact up to
        tails below 1e-16; other L: up to the algebraic tails the wall's kink adds, which the guards watch).

        Each kick exp(-i K cos x / hbar_eff) shifts the momentum by k hbar_eff with amplitude J_k(K / hbar_eff),
        below 2e-16 beyond k = z + BESSEL_EDGE z^(1/3) + BESSEL_TAIL (z = K / hbar_eff, K = |K1| + noise_W): the
        momentum grows at most ballistically, by K + hbar_eff (BESSEL_EDGE z^(1/3) + BESSEL_TAIL) per kick.

        >>> round(KickedParticles(K1=1.8, hbar_eff=0.05).ballistic_bound(10), 2)
        39.56
        """
        K = abs(self.K1) + self.noise_W
        z = K / self.hbar_eff
        per_kick = K + self.hbar_eff * (BESSEL_EDGE * z ** (1.0 / 3.0) + BESSEL_TAIL)
        return self.momentum_quantum + kicks * per_kick

    def modes_for(self, momentum: float) -> int:
        """Fewest sine modes N with top momentum hbar_eff N pi / L >= ``momentum`` (capped at MODES_CAP).

        >>> KickedParticles(hbar_eff=0.1).modes_for(1.0)
        10
        """
        count = momentum / self.momentum_quantum
        return int(math.ceil(count)) if count < MODES_CAP else MODES_CAP

    def required_modes(self, kicks: int) -> tuple[int, int]:
        """Fewest sine modes (N1, N2) whose top momentum hbar_eff N pi / L covers `momentum_bounds` (each capped
        at MODES_CAP: a run that large is refused by its memory estimate).

        >>> KickedParticles(hbar_eff=0.1).required_modes(10)
        (82, 3)
        """
        p1, p2 = self.momentum_bounds(kicks)
        return self.modes_for(p1), self.modes_for(p2)


def check_quantum_scales(model: KickedParticles) -> None:
    """Refuse (`NoneqInputError`) parameters whose quantum phases cannot be computed in double precision.

    The momentum quantum hbar_eff pi / L must be finite, and the free phase of the ground state per period,
    hbar_eff pi^2 / (2 m L^2) for the lighter particle, at most PHASE_LIMIT rad (beyond it, its rounding
    exceeds 1e-4 rad per period).

    >>> check_quantum_scales(KickedParticles(hbar_eff=1e300))
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'hbar_eff' = 1e+300: must be small enough that ... (here inf ...)
    """
    quantum = model.momentum_quantum
    if not (math.isfinite(quantum) and quantum > 0.0):
        raise bad_value("L", model.L, f"large enough that the momentum quantum hbar_eff pi / L is finite and "
                        f"positive (here {quantum:g} for hbar_eff = {model.hbar_eff:g})")
    lighter = min(1.0, model.m)
    with np.errstate(over="ignore"):
        phase = float(np.float64(quantum) * quantum / (2.0 * lighter * model.hbar_eff))
    if not phase <= PHASE_LIMIT:
        raise bad_value("hbar_eff", model.hbar_eff, f"small enough that the ground state's free phase per period, "
                        f"hbar_eff pi^2 / (2 m L^2), stays below {PHASE_LIMIT:g} rad (here {phase:g} for "
                        f"m = {lighter:g}, L = {model.L:g})")


def smooth_235(k: int) -> bool:
    """True when k >= 1 has only the prime factors 2, 3, 5 (a fast FFT length).

    >>> smooth_235(360), smooth_235(14)
    (True, False)
    """
    for p in (2, 3, 5):
        while k % p == 0:
            k //= p
    return k == 1


def smooth_at_least(k: int) -> int:
    """Smallest 2,3,5-smooth integer >= k (k >= 1), in O(log^2 k) steps for any k.

    >>> smooth_at_least(101), smooth_at_least(10 ** 30) >= 10 ** 30
    (108, True)
    """
    k = max(int(k), 1)
    best = 1 << (k - 1).bit_length()  # the power of two above k
    threes = 1
    while threes < 2 * best:
        odd = threes
        while odd < 2 * best:
            candidate = odd if odd >= k else odd << ((k - 1) // odd).bit_length()
            best = min(best, candidate)
            odd *= 5
        threes *= 3
    return best


def fast_modes(n: int) -> int:
    """Smallest N >= n such that N + 1 has only the prime factors 2, 3, 5 (fast DST-I, of FFT length 2(N + 1)).

    >>> fast_modes(100)
    107
    """
    return smooth_at_least(max(int(n), 1) + 1) - 1
