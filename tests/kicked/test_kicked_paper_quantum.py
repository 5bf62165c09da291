"""Figs. 2, 3(b,c), 4, 5 of Zhao & Jie: point functions agree with each other in their limits; quick-size
experiments produce their data, figures and claims (none failed)."""

import math

import numpy as np
import pytest

from noneq.kicked import paper_runs
from noneq.kicked.paper_phase import FIG4, _fit_row
from noneq.kicked.paper_purity import FIG5
from noneq.kicked.paper_quantum import FIG2
from noneq.kicked.paper_random import FIG3BC
from noneq.reproduce.context import RunContext

ROUNDING = 1e-10  # the same unitary steps in two code paths
FIT_EXACT = 1e-9  # noiseless exponential R(hbar_eff): the fit and its thresholds are exact


def test_pair_without_coupling_is_the_single_particle():
    common = dict(hbar_eff=0.3, kicks=5, momentum_max=6.0, profile_bin=0.6)
    pair = paper_runs.coupled_point(m=0.01, eps=0.0, substeps=4, mode_margin=3.0, **common)
    alone = paper_runs.uncoupled_point(mode_margin=3.0, **common)
    assert np.allclose(pair.p1_sq.values, alone.p1_sq.values, atol=ROUNDING)
    assert np.allclose(pair.purity.values, 1.0, atol=ROUNDING)
    assert np.allclose(pair.density1.values, alone.density1.values, atol=ROUNDING, equal_nan=True)


def test_random_kicks_without_noise_are_the_single_particle():
    common = dict(hbar_eff=0.3, kicks=5, momentum_max=6.0, profile_bin=0.6, mode_margin=3.0)
    noiseless = paper_runs.random_kick_point(noise_W=0.0, realizations=3, seed=1, **common)
    alone = paper_runs.uncoupled_point(**common)
    assert np.allclose(noiseless.p_sq.values, alone.p1_sq.values, atol=ROUNDING)
    assert float(noiseless.D_q_stderr) == 0.0
    noisy = paper_runs.random_kick_point(noise_W=0.05, realizations=3, seed=1, **common)
    assert float(noisy.D_q_stderr) > 0.0 and not np.allclose(noisy.p_sq.values, alone.p1_sq.values)


def test_profile_density_is_normalized():
    ds = paper_runs.uncoupled_point(hbar_eff=0.1, kicks=5, momentum_max=12.0, profile_bin=0.5, mode_margin=3.0)
    # modes at p_n = 0.1 n: the first bin [0, 0.5) holds 4 of them, the others 5; density x spacing x count
    # is the probability in each bin, and they add up to the probability below p = 12 (all of it, to the guard)
    counts = np.full(ds.momentum.size, 5)
    counts[0] = 4
    total = float(np.nansum(ds.density1.values * 0.1 * counts))  # NaN: bins beyond the basis
    assert abs(total - 1.0) < 1e-6


def test_fig4_fit_recovers_rate_and_thresholds():
    hbars = np.array([0.01, 0.02, 0.03, 0.04, 0.05, 0.1])
    R = 1.1 * np.exp(-40.0 * hbars)
    row = _fit_row(hbars, R)  # the last point (R ~ 0.02) is below FIT_MIN_R and left out of the fit
    assert abs(row["alpha"] - 40.0) < FIT_EXACT and abs(row["prefactor"] - 1.1) < FIT_EXACT
    assert abs(row["hbar_classical"] - math.log(1.1 / 0.9) / 40.0) < FIT_EXACT
    assert abs(row["hbar_localized"] - math.log(11.0) / 40.0) < FIT_EXACT
    assert abs(row["hbar_localized_crossing"] - math.log(11.0) / 40.0) < FIT_EXACT  # bracketed by 0.05 and 0.1


def test_shared_sweep_computes_once(monkeypatch):
    context = RunContext(quick=True)
    calls = []

    def fake_sweep(key, function, axes, **options):
        calls.append(key)
        import xarray as xr
        return xr.Dataset({"x": ("hbar_eff", [1.0])}, coords={"hbar_eff": [0.5]})

    monkeypatch.setattr(context, "sweep", fake_sweep)
    args = ("probe", paper_runs.uncoupled_point, {"hbar_eff": [0.5]})
    first = paper_runs.shared_sweep(context, *args, fixed=dict(kicks=1))
    first["x"][0] = 2.0  # callers get copies
    second = paper_runs.shared_sweep(context, *args, fixed=dict(kicks=1))
    assert calls == ["probe"] and float(second.x[0]) == 1.0
    paper_runs.shared_sweep(context, *args, fixed=dict(kicks=2))
    assert calls == ["probe", "probe"]


@pytest.mark.parametrize("experiment, ids", [
    (FIG2, {"fig2-classical-small-hbar", "fig2-localized-large-hbar", "fig2-uncoupled-localized",
            "fig2-profile-exponential", "fig2-profile-gaussian", "fig2-profile-shape-changes"}),
    (FIG3BC, {"fig3b-transition-with-hbar", "fig3b-classical-small-hbar", "fig3c-random-kicks-match-pair"}),
    (FIG4, {"fig4-exponential-decay", "fig4-saturation", "fig4-alpha-grows-as-m-falls", "fig4-thresholds-ordered"}),
    (FIG5, {"fig5-power-law-weak-K2", "fig5-exponential-strong-K2", "fig5-rate-independent-of-K2"}),
], ids=lambda value: getattr(value, "name", ""))
def test_quick_experiment_runs_and_judges(experiment, ids):
    data = experiment.compute(RunContext(quick=True))
    figures = experiment.plot(data)
    assert figures and all(hasattr(f, "savefig") for f in figures.values())
    from noneq.reproduce.figures import pyplot
    for figure in figures.values():
        pyplot().close(figure)
    claims = experiment.claims(data)
    assert {c.id for c in claims} == ids
    assert all(c.verdict != "failed" for c in claims), [c for c in claims if c.verdict == "failed"]
    for ds in data.values():
        assert "parameters" in ds.attrs and ds.attrs["system"] == "kicked"


def test_saturation_ratio_tells_localized_from_diffusive():
    flat = np.concatenate([np.linspace(0.0, 3.0, 21), np.full(80, 3.0)])
    linear = 0.1 * np.arange(101)
    assert abs(paper_runs.saturation_ratio(flat) - 1.0) < ROUNDING
    assert abs(paper_runs.saturation_ratio(linear) - 8.8 / 6.3) < ROUNDING  # means over kicks 76-100 and 51-75
    assert "0.09 at the paper's" in paper_runs.localized_note(0.45, flat, 100, "fallback")
    assert paper_runs.localized_note(0.45, linear, 100, "fallback") == "fallback"
