"""`noneq.kicked.paper.runs` and the figures' helpers: point functions agree with each other in their limits, the
seeded classical sweep, the shared-sweep memo, the Fig. 4 fit, the saturation test behind the explanations."""

import math

import numpy as np
import pytest
import xarray as xr

from noneq.kicked.paper import runs
from noneq.kicked.paper.fig4 import fit_row
from noneq.reproduce.context import RunContext
from noneq.sweep import point_seed

ROUNDING = 1e-10  # the same unitary steps in two code paths
FIT_EXACT = 1e-9  # noiseless exponential R(hbar_eff): the fit and its thresholds are exact


def test_dc_point_unperturbed_first_kick():
    ds = runs.dc_point(m=1.0, coupling=0.0, kicks=1, samples=4000, seed=1)
    # one kick from p = 0 with x uniform: <p1^2> = K1^2 / 2 = 1.62, D_c = 1.62 / 1
    assert abs(float(ds.D_c) - 1.62) < 4 * float(ds.D_c_stderr)
    # the late slope over kicks (0, 1] is <p1^2(1) - p1^2(0)> / 1 = D_c (p1(0) = 0), with the same error
    assert float(ds.slope) == pytest.approx(float(ds.D_c), rel=1e-12)
    assert float(ds.slope_stderr) == pytest.approx(float(ds.D_c_stderr), rel=1e-12)


def test_classical_sweep_seeds_each_ensemble_by_mass_and_coupling():
    context = RunContext(quick=True)
    ds = runs.classical_sweep(context, "probe", [0.5], [0.0, 2.0], kicks=2, samples=20, root_seed=7)
    seed = point_seed(7, {"m": 0.5, "eps": 2.0})  # the seed definition the claim tables rely on
    assert int(ds.point_seed.sel(m=0.5, coupling=2.0)) == seed == runs.ensemble_seed(7, 0.5, 2.0)
    alone = runs.dc_point(m=0.5, coupling=2.0, kicks=2, samples=20, seed=seed)
    assert np.array_equal(ds.p1_sq.sel(m=0.5, coupling=2.0).values, alone.p1_sq.values)


def test_pair_without_coupling_is_the_single_particle():
    common = dict(hbar_eff=0.3, kicks=5, momentum_max=6.0, profile_bin=0.6)
    pair = runs.coupled_point(m=0.01, coupling=0.0, substeps=4, mode_margin=3.0, **common)
    alone = runs.uncoupled_point(mode_margin=3.0, **common)
    assert np.allclose(pair.p1_sq.values, alone.p1_sq.values, atol=ROUNDING)
    assert np.allclose(pair.purity.values, 1.0, atol=ROUNDING)
    assert np.allclose(pair.density1.values, alone.density1.values, atol=ROUNDING, equal_nan=True)


def test_random_kicks_without_noise_are_the_single_particle():
    common = dict(hbar_eff=0.3, kicks=5, momentum_max=6.0, profile_bin=0.6, mode_margin=3.0)
    noiseless = runs.random_kick_point(noise_W=0.0, samples=3, seed=1, **common)
    alone = runs.uncoupled_point(**common)
    assert np.allclose(noiseless.p_sq.values, alone.p1_sq.values, atol=ROUNDING)
    assert float(noiseless.D_q_stderr) == 0.0
    noisy = runs.random_kick_point(noise_W=0.05, samples=3, seed=1, **common)
    assert float(noisy.D_q_stderr) > 0.0 and not np.allclose(noisy.p_sq.values, alone.p1_sq.values)


def test_profile_density_is_normalized():
    ds = runs.uncoupled_point(hbar_eff=0.1, kicks=5, momentum_max=12.0, profile_bin=0.5, mode_margin=3.0)
    # modes at p_n = 0.1 n: the first bin [0, 0.5) holds 4 of them, the others 5; density x spacing x count
    # is the probability in each bin, and they add up to the probability below p = 12 (all of it, to the guard)
    counts = np.full(ds.momentum.size, 5)
    counts[0] = 4
    total = float(np.nansum(ds.density1.values * 0.1 * counts))  # NaN: bins beyond the basis
    assert abs(total - 1.0) < 1e-6


def test_fig4_fit_recovers_rate_and_thresholds():
    hbars = np.array([0.01, 0.02, 0.03, 0.04, 0.05, 0.1])
    R = 1.1 * np.exp(-40.0 * hbars)
    row = fit_row(hbars, R)  # the last point (R ~ 0.02) is below FIT_MIN_R and left out of the fit
    assert abs(row["alpha"] - 40.0) < FIT_EXACT and abs(row["prefactor"] - 1.1) < FIT_EXACT
    assert abs(row["hbar_classical"] - math.log(1.1 / 0.9) / 40.0) < FIT_EXACT
    assert abs(row["hbar_localized"] - math.log(11.0) / 40.0) < FIT_EXACT
    assert abs(row["hbar_localized_crossing"] - math.log(11.0) / 40.0) < FIT_EXACT  # bracketed by 0.05 and 0.1


def test_shared_sweep_computes_once(monkeypatch):
    context = RunContext(quick=True)
    calls = []

    def fake_sweep(key, function, axes, **options):
        calls.append(key)
        return xr.Dataset({"x": ("hbar_eff", [1.0])}, coords={"hbar_eff": [0.5]})

    monkeypatch.setattr(context, "sweep", fake_sweep)
    args = ("probe", runs.uncoupled_point, {"hbar_eff": [0.5]})
    first = runs.shared_sweep(context, *args, fixed=dict(kicks=1))
    first["x"][0] = 2.0  # callers get copies
    second = runs.shared_sweep(context, *args, fixed=dict(kicks=1))
    assert calls == ["probe"] and float(second.x[0]) == 1.0
    runs.shared_sweep(context, *args, fixed=dict(kicks=2))
    assert calls == ["probe", "probe"]


def test_saturation_ratio_tells_localized_from_diffusive():
    flat = np.concatenate([np.linspace(0.0, 3.0, 21), np.full(80, 3.0)])
    linear = 0.1 * np.arange(101)
    assert abs(runs.saturation_ratio(flat) - 1.0) < ROUNDING
    assert abs(runs.saturation_ratio(linear) - 8.8 / 6.3) < ROUNDING  # means over kicks 76-100 and 51-75
    assert "0.09 at the paper's" in runs.localized_note(0.45, flat, 100, "fallback")
    assert runs.localized_note(0.45, linear, 100, "fallback") == "fallback"


def test_classical_at_is_d_c_of_a_run_stopped_at_t_f():
    long = runs.dc_point(m=0.5, coupling=2.0, kicks=6, samples=50, seed=3)
    short = runs.dc_point(m=0.5, coupling=2.0, kicks=4, samples=50, seed=3)
    t_f = xr.DataArray([4, 6], dims="hbar_eff", coords={"hbar_eff": [0.1, 0.2]})
    D_c, stderr = runs.classical_at(long, t_f)
    # the same ensemble, integrated further: its first 4 kicks are the shorter run's
    assert float(D_c.values[0]) == pytest.approx(float(short.D_c), rel=ROUNDING)
    assert float(stderr.values[0]) == pytest.approx(float(short.D_c_stderr), rel=ROUNDING)
    assert float(D_c.values[1]) == pytest.approx(float(long.D_c), rel=ROUNDING)


def test_sweep_by_kicks_runs_each_point_to_its_t_f(monkeypatch):
    size = dict(runs.TRANSITION_SIZES["quick"], kicks=3, long={runs.LIGHT: (0.5,)})
    monkeypatch.setitem(runs.TRANSITION_SIZES, "quick", size)
    assert runs.point_kicks(size, runs.LIGHT, 0.5) == runs.PAPER_KICKS == runs.longest_kicks(size)
    assert runs.point_kicks(size, runs.LIGHT, 0.25) == 3 and runs.point_kicks(size, 0.01, 0.5) == 3
    calls = []

    def fake_point(*, hbar_eff, kicks):
        calls.append((hbar_eff, kicks))
        return xr.Dataset({"p1_sq": ("kick", np.arange(kicks + 1.0))}, coords={"kick": np.arange(kicks + 1)})

    context = RunContext(quick=True)
    ds = runs.sweep_by_kicks(context, "probe_t_f", fake_point, runs.LIGHT, [0.25, 0.5], fixed={})
    assert sorted(calls) == [(0.25, 3), (0.5, runs.PAPER_KICKS)]
    assert list(ds.t_f.values) == [3, runs.PAPER_KICKS] and ds.kick.size == runs.PAPER_KICKS + 1
    short = ds.p1_sq.sel(hbar_eff=0.25).values
    assert np.all(np.isfinite(short[:4])) and np.all(np.isnan(short[4:]))  # NaN beyond its own t_f
    assert runs.saturation_ratio(np.r_[np.ones(9), np.full(4, np.nan)]) == 1.0  # the padding is ignored


def test_fig1_uses_one_separation_test_for_both_comparisons():
    from noneq.kicked.paper.fig1 import separation

    assert separation(1.0, 0.3, 2.0, 0.4) == pytest.approx(2.0, rel=ROUNDING)  # 1 / hypot(0.3, 0.4)
    assert separation(2.0, 0.4, 1.0, 0.3) == separation(1.0, 0.3, 2.0, 0.4)
    assert separation(1.0, 0.0, 1.0, 0.0) == 0.0 and math.isinf(separation(1.0, 0.0, 2.0, 0.0))
