"""`noneq.kicked.sectors` with ``joint=True``: both parity sectors' blocks in one pass over V_j (serial, and on two
threads that split the block rows), against the sectors apart (today's path) and the full grid, per period and over
a short run; the default choice; a failing thread does not hang the other."""

import numpy as np
import pytest

from noneq.kicked import sectors
from noneq.kicked.model import KickedParticles
from noneq.kicked.propagator import Propagator, initial_state
from noneq.kicked.sectors import SectorPropagator

ROUNDING = 1e-12  # the same operations, the N2-term block sums in another order: rounding only
RUN_ROUNDING = 1e-11  # 20 periods of S sub-steps: rounding accumulates, still far below any splitting error


def random_state(n1, n2, seed=11):
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(n1, n2)) + 1j * rng.normal(size=(n1, n2))
    return c / np.linalg.norm(c)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("N1, N2, K2, S", [(3, 2, 0.2, 3), (31, 7, 0.0, 20), (31, 8, 0.3, 5), (63, 15, 0.0, 1),
                                           (63, 16, 0.09, 40), (127, 1, 0.0, 7), (255, 9, 0.0, 6)])
def test_joint_period_equals_apart_and_full_grid(N1, N2, K2, S, threads):
    model = KickedParticles(K1=1.8, K2=K2, m=0.001, coupling=2.0, hbar_eff=0.1)
    full = Propagator(model, N1, N2, S, sectors=False)
    joint = SectorPropagator(full, threads=threads, joint=True)
    apart = SectorPropagator(full, threads=threads, joint=False)
    assert joint.joint and not apart.joint
    c = random_state(N1, N2)
    for count in (S, 2 * S + 1):  # the sub-step check's count too, through the operator cache
        reference = full.period(c, count)
        assert np.abs(joint.period(c, count) - reference).max() < ROUNDING
        assert np.abs(joint.period(c, count) - apart.period(c, count)).max() < ROUNDING


@pytest.mark.parametrize("threads", [1, 2])
def test_joint_run_follows_today_path_and_keeps_the_norm(threads):
    """20 periods from the product ground state (particle 2 kicked too): joint and apart stay equal to rounding."""
    model = KickedParticles(K1=1.8, K2=0.2, m=0.001, coupling=2.0, hbar_eff=0.1)
    full = Propagator(model, 63, 16, 30, sectors=False)
    joint, apart = SectorPropagator(full, threads=threads, joint=True), SectorPropagator(full, threads=threads,
                                                                                          joint=False)
    a = b = initial_state(63, 16)
    for _ in range(20):
        a, b = joint.period(a), apart.period(b)
    assert np.abs(a - b).max() < RUN_ROUNDING
    assert np.linalg.norm(a) == pytest.approx(1.0, abs=RUN_ROUNDING)


def test_default_is_joint_on_one_thread_for_factored_blocks(monkeypatch):
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, hbar_eff=0.1)
    propagator = Propagator(model, 63, 15, 4, sectors=False)
    assert not SectorPropagator(propagator, threads=1).joint  # small complex blocks: today's path
    monkeypatch.setattr(sectors, "COMPLEX_BLOCK_BYTES", 0)  # force factored blocks
    assert SectorPropagator(propagator, threads=1).joint == sectors.JOINT_BLOCKS[1]
    assert SectorPropagator(propagator, threads=2).joint == sectors.JOINT_BLOCKS[2]
    assert SectorPropagator(propagator, threads=2, joint=True).joint


def test_a_failing_thread_raises_without_hanging(monkeypatch):
    propagator = Propagator(KickedParticles(hbar_eff=0.2), 31, 7, 5, sectors=False)
    fast = SectorPropagator(propagator, threads=2, joint=True)
    calls = []

    def failing(*args):
        calls.append(args[-1])
        if args[-1] == fast.half_modes:  # the second thread's share of the rows
            raise RuntimeError("injected")

    monkeypatch.setattr(sectors, "apply_joint_blocks", failing)
    with pytest.raises(RuntimeError, match="injected"):
        fast.period(random_state(31, 7))
