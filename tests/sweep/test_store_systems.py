"""Every system's run dataset survives a sweep store's round trip: its checksum after reading equals the one
written (else every resumed sweep would recompute its points)."""

import pytest

from noneq.core.registry import get_system, system_names
from noneq.sweep.store import SweepStore

SMALL = {  # a run of each system that takes well under a second
    "kicked-top": {"kicks": 3},
    "reservoir": {"N": 20, "n_times": 5, "t_max": 10.0},
    "otto": {},
    "currents": {"t1": 1.0, "t2": 2.0},
    "kicked": {"kicks": 3, "hbar_eff": 0.5},
}


def test_every_system_has_a_small_run():
    assert set(SMALL) == set(system_names())


@pytest.mark.parametrize("name", sorted(SMALL))
def test_run_datasets_round_trip_through_the_store(tmp_path, name):
    system = get_system(name)
    dataset = system.run(SMALL[name])
    store = SweepStore(tmp_path / "store", {"function": name, "fixed": {}, "grid": [["x", [0.0]]],
                                            "root_seed": 0})
    store.write_point(0, {"x": 0.0}, 7, dataset)
    loaded = store.load_finished([{"x": 0.0}], {0: 7})
    store.close()
    assert list(loaded) == [0], "the point written was not accepted on reading"
