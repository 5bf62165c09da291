"""Basis sizes of the quantum runs: a priori sizes, a basis that grows with the state, and the limits of growth.

A growing basis (``modes = 0``) starts from the a priori need of the first period and grows by GROWTH_FACTOR (to a
fast transform size) whenever a period ends with more than GROWTH_THRESHOLD probability in the top
`noneq.kicked.guards.TOP_MODE_FRACTION` of a particle's modes; that period is then rerun on the larger basis from
the state before it, embedded by zero padding (`padded`: exact in the sine basis, the state is unchanged). A basis
grows at most to its limit; the run's memory estimate is that of the limit (`noneq.kicked.costs`).

- One particle (`single_start`, `single_threshold`, `single_limit`): each period's top-tenth probability counts
  against one budget for the whole run (GROWTH_THRESHOLD / kicks per period: what leaks through the cutoff
  accumulates), and the limit covers `KickedParticles.ballistic_bound`, a hard bound on the momentum a kicked
  particle reaches, so that a growing basis never stops short of a size a fixed basis would need.
- The pair (`initial_modes`, `fixed_modes`, `growth_limits`, `grown_modes`): particle 2 starts with MIN_MODES2
  modes, and each particle grows up to GROWTH_LIMIT x the a priori basis `fixed_modes` (a hard bound would make
  particle 2's basis, and the N1 x N2^2 operators, far too large to plan for).

Examples
--------
>>> from noneq.kicked.model import KickedParticles
>>> model = KickedParticles(K1=2.3, hbar_eff=0.037)
>>> single_start(model, 300) < single_limit(model, 300)
True
"""

from __future__ import annotations

import numpy as np

from noneq.kicked import guards
from noneq.kicked.model import MODES_CAP, KickedParticles, fast_modes
from noneq.kicked.sectors import odd_fast_modes

GROWTH_THRESHOLD = 0.1 * guards.TOP_MODE_TOLERANCE  # grow well before the guard would object
GROWTH_FACTOR = 1.25  # each growth costs one rerun period (and, for the pair, new particle-2 eigensystems)
SINGLE_LIMIT_SLACK = 1.05  # one particle: the top tenth of the limit lies beyond the ballistic bound, with slack
MIN_MODES2 = 15  # particle 2 keeps at least this many modes (its eigenstates' sine tails at coupling 2, lambda 10)
FIXED_MODE_MARGIN = 2.0  # fixed basis: twice the a priori momentum bound (tails reach beyond it, see tests)
GROWTH_START_KICKS = 1  # a growing basis starts with the a priori need of this many periods ...
GROWTH_START_MARGIN = 1.0  # ... times this margin (growth does the rest), at least MIN_MODES2 for particle 2
GROWTH_LIMIT = 2.0  # the pair grows at most to this multiple of the fixed basis


def single_start(model: KickedParticles, kicks: int) -> int:
    """Starting size of particle 1's growing basis alone: the a priori need of its first GROWTH_START_KICKS
    periods (a fast DST size).

    >>> from noneq.kicked.model import KickedParticles
    >>> single_start(KickedParticles(hbar_eff=0.05), 500)
    107
    """
    return fast_modes(_capped(GROWTH_START_MARGIN * model.required_modes(min(kicks, GROWTH_START_KICKS))[0]))


def single_threshold(kicks: int) -> float:
    """Top-tenth probability above which particle 1's basis grows alone: GROWTH_THRESHOLD / kicks (a budget for
    the whole run; one particle is cheap, so it affords the accumulated leak of the pair's single period).

    >>> f"{single_threshold(1000):.0e}"
    '1e-10'
    """
    return GROWTH_THRESHOLD / max(int(kicks), 1)


def single_limit(model: KickedParticles, kicks: int) -> int:
    """Largest size particle 1's growing basis may reach alone: its top tenth beyond the ballistic bound
    (`KickedParticles.ballistic_bound`), at least `single_start`.

    >>> from noneq.kicked.model import KickedParticles
    >>> single_limit(KickedParticles(hbar_eff=0.05), 100)
    9374
    """
    need = model.modes_for(model.ballistic_bound(kicks))
    wanted = SINGLE_LIMIT_SLACK * need / (1.0 - guards.TOP_MODE_FRACTION)
    return max(single_start(model, kicks), fast_modes(_capped(wanted)))


def initial_modes(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """Starting sizes of the pair's growing basis: GROWTH_START_MARGIN x the a priori need
    (`KickedParticles.required_modes`) of the first GROWTH_START_KICKS periods, at least MIN_MODES2 for
    particle 2 (N1 odd: parity sectors).

    Particle 2 starts with MIN_MODES2 modes because the automatic sub-steps are chosen on the starting basis and
    its levels up to ~10 resonate with the sub-step at the paper's parameters (docs/notes/kicked.md).

    >>> from noneq.kicked.model import KickedParticles
    >>> initial_modes(KickedParticles(hbar_eff=0.05), 500)
    (107, 15)
    """
    need1, need2 = model.required_modes(min(kicks, GROWTH_START_KICKS))
    return odd_fast_modes(_capped(GROWTH_START_MARGIN * need1)), fast_modes(max(_capped(GROWTH_START_MARGIN * need2),
                                                                              MIN_MODES2))


def fixed_modes(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """A fixed pair basis from the a priori bound: FIXED_MODE_MARGIN x `KickedParticles.required_modes` (fast
    DST sizes), at least MIN_MODES2 modes for particle 2.

    >>> from noneq.kicked.model import KickedParticles
    >>> fixed_modes(KickedParticles(hbar_eff=0.05), 500)
    (1349, 15)
    """
    need1, need2 = model.required_modes(kicks)
    return odd_fast_modes(_capped(FIXED_MODE_MARGIN * need1)), fast_modes(max(_capped(FIXED_MODE_MARGIN * need2),
                                                                             MIN_MODES2))


def growth_limits(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """Largest sizes the pair's growing basis may reach: GROWTH_LIMIT x `fixed_modes`, at least `initial_modes`
    (beyond, the top-mode guard reports the run as under-resolved).

    >>> from noneq.kicked.model import KickedParticles
    >>> growth_limits(KickedParticles(hbar_eff=0.05), 500)
    (2699, 31)
    """
    (start1, start2), (fixed1, fixed2) = initial_modes(model, kicks), fixed_modes(model, kicks)
    return (max(start1, odd_fast_modes(_capped(GROWTH_LIMIT * fixed1))),
            max(start2, fast_modes(_capped(GROWTH_LIMIT * fixed2))))


def _capped(size: float) -> int:
    """A basis size as an int, at most MODES_CAP (any run near it is refused by its memory estimate)."""
    return int(size) if size < MODES_CAP else MODES_CAP


def grown(size: int, limit: int, sized=fast_modes) -> int:
    """The next size of a growing basis: GROWTH_FACTOR x ``size`` rounded up by ``sized``, at most ``limit``.

    >>> grown(31, 99, odd_fast_modes), grown(95, 99)
    (39, 99)
    """
    return min(limit, sized(int(np.ceil(GROWTH_FACTOR * size))))


def grown_modes(sizes: tuple[int, int], tops: tuple[float, float], growing: tuple[bool, bool],
                limits: tuple[int, int]) -> tuple[int, int] | None:
    """New pair sizes (N1, N2) when a growing particle's top-mode probability exceeds GROWTH_THRESHOLD (and its
    limit is not reached), each `grown` (N1 odd); None when nothing grows.

    >>> grown_modes((31, 7), (1e-3, 0.0), (True, True), (99, 99))
    (39, 7)
    """
    new = list(sizes)
    for i, sized in enumerate((odd_fast_modes, fast_modes)):
        if growing[i] and tops[i] > GROWTH_THRESHOLD and new[i] < limits[i]:
            new[i] = grown(new[i], limits[i], sized)
    return (new[0], new[1]) if new != list(sizes) else None


def padded(c: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``c`` in the sine basis embedded in the larger basis ``shape`` (zero amplitudes above: exact).

    >>> padded(np.ones((1, 2)), (1, 3))
    array([[1., 1., 0.]])
    """
    out = np.zeros(shape, dtype=c.dtype)
    out[tuple(slice(0, n) for n in c.shape)] = c
    return out
