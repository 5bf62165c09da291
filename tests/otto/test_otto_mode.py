"""What a cycle does (refrigerator, engine, heater, accelerator, idle), decided from the signs of Q_c, Q_h, W,
and a run that reports the cycle it ran: its mode, its beta w, and only the measures that mean something for
that mode (no COP above Carnot presented as a refrigerator's)."""

import warnings

import numpy as np
import pytest

from noneq.core.errors import NoneqWarning, NumericalError
from noneq.otto import OttoCycle, closed_form_limit_cycle, limit_cycle, mode
from noneq.otto.cycle import CycleResult
from noneq.otto.observables import MODES
from noneq.otto.system import SYSTEM

AGREEMENT = 1e-9  # master equation vs closed forms (both exact; rounding of 2 x 2 eigenproblems)
CYCLE = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)


def _result(Q_c, Q_h, resolution=(0.0, 0.0)):
    return CycleResult(CYCLE, np.array([0.5, 0.5]), np.array([0.5, 0.5]), Q_c, Q_h, -(Q_c + Q_h), resolution)


@pytest.mark.parametrize("Q_c, Q_h, expected", [
    (1.0, -3.0, "refrigerator"),   # W = 2 > 0 pumps heat out of the cold bath
    (-1.0, 3.0, "engine"),         # W = -2: work out of the hot bath's heat
    (-1.0, -1.0, "heater"),        # W = 2 dumped into both baths
    (0.0, -1.0, "heater"),
    (-3.0, 1.0, "accelerator"),    # W = 2 speeds the flow from hot to cold
    (-1.0, 1.0, "accelerator"),    # W = 0: plain conduction
    (0.0, 0.0, "idle"),
])
def test_modes_from_the_signs(Q_c, Q_h, expected):
    assert mode(_result(Q_c, Q_h)) == expected


@pytest.mark.parametrize("Q_c, Q_h", [(1.0, 1.0), (2.0, -1.0), (1.0, 0.0)])
def test_sign_patterns_the_second_law_forbids_are_numerical_trouble(Q_c, Q_h):
    with pytest.raises(NumericalError, match="second law"):
        mode(_result(Q_c, Q_h))


def test_heats_below_their_rounding_bound_count_as_zero():
    assert mode(_result(1e-20, -2e-20, resolution=(1e-15, 2e-15))) == "idle"
    assert mode(_result(-1e-20, 2.0, resolution=(1e-15, 2e-15))) == "engine"  # Q_c unresolved, Q_h real


@pytest.mark.parametrize("levels", [(1.0, 2.0), (1.0, 2.0, 3.0, 4.0)])
def test_ideal_cycles_cool_exactly_above_the_carnot_ratio(levels):
    for ratio, expected in ((1.3, "engine"), (1.5, "idle"), (1.7, "refrigerator")):  # T_h / T_c = 1.5
        assert mode(limit_cycle(OttoCycle(1.0, ratio, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, levels=levels))) == expected


@pytest.mark.parametrize("gamma_tau", [1e-12, 1e-3, 1.0, 1e3, 1e12])
def test_the_limit_cycle_stays_exact_for_any_stroke_length(gamma_tau):
    c = OttoCycle(1.0, 2.0, 1.0, 1.5, gamma_tau, gamma_tau, 1.0, 1.0)
    numeric, closed = limit_cycle(c), closed_form_limit_cycle(c)
    assert numeric.Q_c == pytest.approx(closed.Q_c, rel=AGREEMENT)
    assert numeric.Q_h == pytest.approx(closed.Q_h, rel=AGREEMENT)


def _run(**values):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = SYSTEM.run(values)
    return ds, [w for w in caught if issubclass(w.category, NoneqWarning)]


def test_a_fixed_cycle_that_does_not_cool_is_reported_as_the_engine_it_is():
    ds, caught = _run(w_a=1.0, w_b=1.2)  # w_b / w_a = 1.2 < T_h / T_c = 1.5
    assert MODES[int(ds["mode"])] == "engine" and len(caught) == 1 and "engine" in str(caught[0].message)
    assert "cop" not in ds and "chi" not in ds            # no refrigerator's COP (here 5 > cop_carnot = 2)
    assert 0 < float(ds.eta) < 1 - 1 / 1.5                  # an efficiency below Carnot's instead
    assert float(ds.beta_c_w_a) == pytest.approx(1.0) and float(ds.beta_h_w_b) == pytest.approx(1.2 / 1.5)
    assert "cop_star" in ds                                 # the requested machine's optimum, still reported


def test_the_reported_beta_w_describe_the_cycle_that_ran():
    ds, caught = _run(w_a=2.0, w_b=5.0, T_c=2.0)
    assert not caught and MODES[int(ds["mode"])] == "refrigerator"
    assert float(ds.beta_c_w_a) == pytest.approx(1.0) and float(ds.beta_h_w_b) == pytest.approx(5.0 / 3.0)
    assert float(ds.cop) == pytest.approx(2.0 / 3.0)


def test_no_reported_cop_exceeds_carnot_across_the_carnot_ratio():
    for w_b in np.linspace(1.05, 3.0, 14):
        ds, _ = _run(w_a=1.0, w_b=float(w_b))
        if "cop" in ds:
            assert MODES[int(ds["mode"])] == "refrigerator" and float(ds.cop) <= float(ds.cop_carnot)
        if "eta" in ds:
            assert MODES[int(ds["mode"])] == "engine" and float(ds.eta) <= 1 - 1 / 1.5


def test_the_optimum_runs_as_the_requested_machine_without_a_warning():
    for machine in ("refrigerator", "engine"):
        ds, caught = _run(machine=machine)
        assert MODES[int(ds["mode"])] == machine and not caught
        assert ds["mode"].attrs["flag_meanings"] == " ".join(MODES)
