"""Compiled kernels of `noneq.kicked.classical`: one period of two particles in the well, event-located walls.

Continuous motion between kicks: H = p1^2/2 + p2^2/(2m) + coupling G(x1 - x2), G(d) = exp(-a d^2), hard walls
at x = 0 and x = L. Forces F1 = -coupling dG/dx1 = 2 a coupling d G(d), F2 = -F1 (d = x1 - x2), set to 0 where
a d^2 > ``cutoff_sq`` (the interaction is then below the chosen cutoff, see `classical.INTERACTION_CUTOFF`).

Base step (``_verlet_step``, length h): velocity Verlet (half kick, drift, half kick), in velocities
u1 = p1, u2 = p2 / m (no divisions in the loop). A Verlet sub-step of length s moves particle i on the parabola
x_i(s) = x_i + s p_i / m_i + s^2 F_i / (2 m_i). When a parabola meets a wall for some s in (0, h], the step is cut
there: a Verlet sub-step of exactly that length puts the particle on the wall (set exactly), the half kick uses
the force at the positions at the wall, the momentum is reflected p_i -> -p_i, and the rest of the step follows
the same way (any number of walls; a particle found on a wall heading out is reflected at once). Each piece
is a Verlet step of the smooth Hamiltonian, so the local error is O(h^3) also across wall encounters (second
order globally, tested), and the step is time reversible: run backwards, the cut falls at h - s and the same
pieces are retraced.

Free flight (``jumps``): while a d^2 > cutoff_sq the force is zero and both particles move freely with exact
reflections. The folded distance |x1 - x2| changes at most at speed |v1| + |v2|, so the pair stays out of range
for (|d| - d_c) / (|v1| + |v2|), d_c = sqrt(cutoff_sq / a); such stretches longer than one step are taken in a
single exact jump. The period then ends with a shorter step to land on t = 1.
"""

from __future__ import annotations

import math

import numba

SWEEP_SCALE = 13.0  # error per period grows ~ |coupling| p1^2 at fixed rate x h (measured, docs/notes)
ATTRACTIVE_FACTOR = 2.5  # coupling < 0: a bound pair interacts all period, not only at bounces (measured 2.2)
LAST_STEP_SLACK = 1.0 + 1e-12  # a remainder within rounding of h is taken as the last step
MAX_WALL_EVENTS = 64  # per base step: more means a degenerate grazing orbit; the step then folds (counted)


@numba.njit(cache=True, inline="always")
def _fold(x, p, L):  # pragma: no cover - compiled
    """Reflect x into [0, L] through any number of walls; the momentum flips once per wall crossed."""
    if 0.0 <= x <= L:
        return x, p
    k = math.floor(x / L)
    r = x - k * L
    if k % 2 == 0:
        return r, p
    return L - r, -p


@numba.njit(cache=True, inline="always")
def _force(x1, x2, coupling, a, cutoff_sq):  # pragma: no cover - compiled
    d = x1 - x2
    q = a * d * d
    if q > cutoff_sq:
        return 0.0
    return 2.0 * a * coupling * d * math.exp(-q)


@numba.njit(cache=True, inline="always")
def _root_in_unit(A, B, C):  # pragma: no cover - compiled
    """Smallest s in (0, 1] with A s^2 + B s + C = 0 (numerically stable roots), else 2.0."""
    best = 2.0
    if A == 0.0:
        if B != 0.0:
            s = -C / B
            if 0.0 < s <= 1.0:
                best = s
        return best
    disc = B * B - 4.0 * A * C
    if disc < 0.0:
        return best
    q = -0.5 * (B + math.copysign(math.sqrt(disc), B))
    if q != 0.0:
        s = C / q
        if 0.0 < s <= 1.0:
            best = s
    s = q / A
    if 0.0 < s <= 1.0 and s < best:
        best = s
    return best


@numba.njit(cache=True, inline="always")
def _wall_fraction(x, v, acc, h, L):  # pragma: no cover - compiled
    """First s in [0, 1] at which x + s h v + (s h)^2 acc / 2 reaches 0 or L; 2.0 if it stays inside."""
    B = h * v
    A = 0.5 * h * h * acc
    end = x + B + A
    inside = 0.0 <= end <= L
    if inside and A != 0.0:
        s_top = -B / (2.0 * A)  # vertex of the parabola
        if 0.0 < s_top < 1.0:
            top = x + 0.5 * B * s_top
            inside = 0.0 <= top <= L
    if inside:
        return 2.0
    s = min(_root_in_unit(A, B, x), _root_in_unit(A, B, x - L))
    # the path leaves the well but meets no wall in (0, 1]: it starts on a wall heading out (the half kick
    # after a reflection turned it round); reflect it at once
    return 0.0 if s > 1.0 else s


@numba.njit(cache=True)
def _verlet_step(y1, u1, y2, u2, f, h, inv_m, coupling, a, cutoff_sq, L):  # pragma: no cover - compiled
    """One event-located Verlet step of length h (see module docstring), in velocities u1 = p1, u2 = p2 / m.

    f is the force F1 at the start. Returns (y1, u1, y2, u2, f at the end, fallback folds)."""
    remaining = h
    for _ in range(MAX_WALL_EVENTS):
        half = 0.5 * remaining
        g = -f * inv_m  # acceleration of particle 2
        w1 = u1 + half * f  # drift velocities
        w2 = u2 + half * g
        e1 = y1 + remaining * w1
        e2 = y2 + remaining * w2
        # a parabola on s in [0, 1] strays at most |A| / 4 from its chord, A = h^2 acc / 2
        margin1 = 0.125 * remaining * remaining * abs(f)
        margin2 = 0.125 * remaining * remaining * abs(g)
        if (margin1 <= e1 <= L - margin1 and margin1 <= y1 <= L - margin1
                and margin2 <= e2 <= L - margin2 and margin2 <= y2 <= L - margin2):
            f = _force(e1, e2, coupling, a, cutoff_sq)
            return e1, w1 + half * f, e2, w2 - half * f * inv_m, f, 0
        s1 = _wall_fraction(y1, u1, f, remaining, L)
        s2 = _wall_fraction(y2, u2, g, remaining, L)
        if s1 > 1.0 and s2 > 1.0:
            f = _force(e1, e2, coupling, a, cutoff_sq)
            return e1, w1 + half * f, e2, w2 - half * f * inv_m, f, 0
        first = 1 if s1 <= s2 else 2
        tau = remaining * (s1 if first == 1 else s2)
        half = 0.5 * tau
        w1 = u1 + half * f
        w2 = u2 + half * g
        y1 = min(max(y1 + tau * w1, 0.0), L)
        y2 = min(max(y2 + tau * w2, 0.0), L)
        if first == 1:  # on a wall up to rounding: put it there exactly
            y1 = 0.0 if y1 < 0.5 * L else L
        else:
            y2 = 0.0 if y2 < 0.5 * L else L
        f = _force(y1, y2, coupling, a, cutoff_sq)
        u1 = w1 + half * f
        u2 = w2 - half * f * inv_m
        if first == 1:
            u1 = -u1
        else:
            u2 = -u2
        remaining -= tau
        if remaining == 0.0:
            return y1, u1, y2, u2, f, 0
    half = 0.5 * remaining  # degenerate (grazing) sequence of wall events: finish the step by folding
    u1 += half * f
    u2 -= half * f * inv_m
    y1, u1 = _fold(y1 + remaining * u1, u1, L)
    y2, u2 = _fold(y2 + remaining * u2, u2, L)
    f = _force(y1, y2, coupling, a, cutoff_sq)
    return y1, u1 + half * f, y2, u2 - half * f * inv_m, f, 1


@numba.njit(cache=True)
def _period(y1, u1, y2, u2, h, jumps, inv_m, coupling, a, cutoff_sq, L):  # pragma: no cover - compiled
    """Continuous evolution over one period (t from 0 to 1) with steps of at most h; u2 = p2 / m.

    Returns (y1, u1, y2, u2, base steps taken, fallback folds)."""
    f = _force(y1, y2, coupling, a, cutoff_sq)
    d_c = math.sqrt(cutoff_sq / a)
    t = 0.0
    steps = 0
    folds = 0
    while t < 1.0:
        remaining = 1.0 - t
        if coupling == 0.0 or (jumps and f == 0.0):
            speed = abs(u1) + abs(u2)
            gap = abs(y1 - y2) - d_c
            free = remaining if (coupling == 0.0 or speed * remaining <= gap) else gap / speed
            if free >= h or free >= remaining:
                free = min(free, remaining)
                y1, u1 = _fold(y1 + free * u1, u1, L)
                y2, u2 = _fold(y2 + free * u2, u2, L)
                f = _force(y1, y2, coupling, a, cutoff_sq)
                t = 1.0 if free == remaining else t + free
                continue
        last = remaining <= h * LAST_STEP_SLACK
        length = remaining if last else h
        y1, u1, y2, u2, f, extra = _verlet_step(y1, u1, y2, u2, f, length, inv_m, coupling, a, cutoff_sq, L)
        t = 1.0 if last else t + h
        steps += 1
        folds += extra
    return y1, u1, y2, u2, steps, folds


@numba.njit(cache=True)
def rate(p1, p2, m, coupling, a, energy_factor):  # pragma: no cover - compiled
    """Step-control rate at momenta (p1, p2) (formula: `noneq.kicked.classical` docstring); 0 when coupling = 0."""
    if coupling == 0.0:
        return 0.0
    exchange = 2.0 * energy_factor * abs(coupling)
    v1 = math.sqrt(p1 * p1 + exchange)
    v2 = math.sqrt(p2 * p2 + exchange * m) / m
    mu = m / (1.0 + m)
    fastest = math.sqrt(a) * (v1 + v2) + math.sqrt(2.0 * a * abs(coupling) / mu)
    fastest *= math.sqrt(1.0 + abs(coupling) * p1 * p1 / SWEEP_SCALE)
    return fastest * ATTRACTIVE_FACTOR if coupling < 0.0 else fastest


@numba.njit(cache=True, parallel=True)
def evolve(x1, p1, x2, p2, kicks, steps, resolution, energy_factor, K1, K2, m, coupling, a, cutoff_sq, L, noise,
           has_noise, jumps, history, work):  # pragma: no cover - compiled
    """Kick then one period, ``kicks`` times, for every trajectory (parallel over trajectories); in place.

    steps > 0: fixed step 1/steps; steps == 0: per trajectory and period h = resolution / `rate` at the
    start of the period. history[n, t] = p1 after period n (row 0: initial); work[t] = (base steps, folds)."""
    inv_m = 1.0 / m
    for t in numba.prange(x1.shape[0]):
        y1, u1, y2, u2 = x1[t], p1[t], x2[t], p2[t] * inv_m
        history[0, t] = u1
        total = 0
        folds = 0
        for n in range(kicks):
            kick = K1 + noise[t, n] if has_noise else K1
            u1 += kick * math.sin(y1)
            u2 += K2 * math.sin(y2) * inv_m
            if steps > 0:
                h = 1.0 / steps
            else:
                fastest = rate(u1, u2 * m, m, coupling, a, energy_factor)
                h = resolution / fastest if fastest > 0.0 else 1.0
            y1, u1, y2, u2, count, extra = _period(y1, u1, y2, u2, h, jumps, inv_m, coupling, a, cutoff_sq, L)
            total += count
            folds += extra
            history[n + 1, t] = u1
        x1[t], p1[t], x2[t], p2[t] = y1, u1, y2, u2 * m
        work[t, 0] = total
        work[t, 1] = folds
