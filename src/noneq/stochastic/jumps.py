"""Jump trajectories of a periodically driven Markov process with piecewise-constant rates (Gillespie, numba).

A period consists of segments s = 0..S-1, each with constant rates ``rates[s, i, j]`` (j -> i, the convention of
`noneq.stochastic.master`), duration ``durations[s]`` and state energies ``energies[s, i]``. At the end of each
segment the energies switch instantaneously to those of the next segment (of segment 0 after the last).
Stochastic energetics (Sekimoto), per trajectory, period and segment:

    heat[s]  = sum over jumps x -> y inside segment s of (E_s[y] - E_s[x])  = energy absorbed from the bath,
    work[s]  = E_{s+1}[x_end] - E_s[x_end]   (the energy switch at the end of segment s, done on the system),

so that heat + work summed over a period is the energy change of the system over that period. Segments with all
rates zero (e.g. ideal adiabats) are just energy switches.

Example
-------
>>> import numpy as np
>>> r = np.array([[[0.0, 2.0], [1.0, 0.0]]])          # one segment: 0 -> 1 at rate 1, 1 -> 0 at rate 2
>>> out = jump_trajectories(r, np.array([1.0]), np.array([[0.0, 1.0]]), np.array([1.0, 0.0]),
...                         n_trajectories=100, n_periods=2, seed=1)
>>> out.heat.shape
(100, 2, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from noneq.core.errors import bad_value


@dataclass(frozen=True)
class JumpRecord:
    """Per trajectory, period, segment: absorbed heat, work at the segment's end switch, number of jumps; and the
    state at the start of each period (``start_state``, shape (trajectories, periods + 1))."""

    heat: np.ndarray
    work: np.ndarray
    jumps: np.ndarray
    start_state: np.ndarray


@numba.njit(cache=True)
def _simulate(rates, durations, energies, cumulative_p0, n_traj, n_periods, seed):  # pragma: no cover - numba
    np.random.seed(seed)
    S = durations.shape[0]
    n = energies.shape[1]
    heat = np.zeros((n_traj, n_periods, S))
    work = np.zeros((n_traj, n_periods, S))
    jumps = np.zeros((n_traj, n_periods, S), dtype=np.int64)
    start = np.zeros((n_traj, n_periods + 1), dtype=np.int64)
    escape = np.zeros((S, n))
    for s in range(S):
        for j in range(n):
            total = 0.0
            for i in range(n):
                if i != j:
                    total += rates[s, i, j]
            escape[s, j] = total
    for k in range(n_traj):
        u = np.random.random()
        x = 0
        while x < n - 1 and u > cumulative_p0[x]:
            x += 1
        for c in range(n_periods):
            start[k, c] = x
            for s in range(S):
                t = 0.0
                while escape[s, x] > 0.0:
                    t += np.random.exponential(1.0 / escape[s, x])
                    if t > durations[s]:
                        break
                    target = np.random.random() * escape[s, x]
                    acc = 0.0
                    y = x
                    for i in range(n):
                        if i != x:
                            acc += rates[s, i, x]
                            y = i
                            if acc >= target:
                                break
                    heat[k, c, s] += energies[s, y] - energies[s, x]
                    jumps[k, c, s] += 1
                    x = y
                nxt = s + 1 if s + 1 < S else 0
                work[k, c, s] = energies[nxt, x] - energies[s, x]
        start[k, n_periods] = x
    return heat, work, jumps, start


def jump_trajectories(rates: np.ndarray, durations: np.ndarray, energies: np.ndarray, p0: np.ndarray, *,
                      n_trajectories: int, n_periods: int, seed: int) -> JumpRecord:
    """Simulate ``n_trajectories`` independent trajectories for ``n_periods`` periods (see module docstring).

    Shapes: rates (S, n, n), durations (S,), energies (S, n), p0 (n,) the initial distribution.
    """
    rates = np.ascontiguousarray(rates, dtype=float)
    durations = np.ascontiguousarray(durations, dtype=float)
    energies = np.ascontiguousarray(energies, dtype=float)
    p0 = np.asarray(p0, dtype=float)
    S, n = energies.shape
    if rates.shape != (S, n, n) or durations.shape != (S,):
        raise bad_value("rates", rates.shape, f"shape (S, n, n) = ({S}, {n}, {n}) with durations of shape ({S},)")
    if np.any(rates < 0) or np.any(durations < 0):
        raise bad_value("rates", "negative entry", "non-negative rates and durations")
    if p0.shape != (n,) or np.any(p0 < 0) or abs(p0.sum() - 1.0) > 1e-9:
        raise bad_value("p0", p0.tolist(), f"a probability vector of length {n}")
    if n_trajectories < 1 or n_periods < 1:
        raise bad_value("n_trajectories", (n_trajectories, n_periods), "at least 1 trajectory and 1 period")
    cumulative = np.cumsum(p0)
    heat, work, jumps, start = _simulate(rates, durations, energies, cumulative, int(n_trajectories),
                                         int(n_periods), int(seed) % (2**32))
    return JumpRecord(heat=heat, work=work, jumps=jumps, start_state=start)
