"""Beyond the paper: finite-time quantum adiabats and quantum friction (`noneq.otto.quantum_strokes`)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.otto import closed_form as cf
from noneq.otto.cycle import limit_cycle
from noneq.otto.model import OttoCycle
from noneq.otto.optimum import optimal_refrigerator
from noneq.otto.paper.plots import finish, new_figure
from noneq.otto.quantum_strokes import quantum_limit_cycle
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext
from noneq.reproduce.figures import pyplot

SYSTEM = "otto"
COP_CARNOT = 2.0
SLOW_CRITERION = 1e-3  # |Q_c / Q_c(ideal) - 1| at the slowest stroke: adiabatic corrections ~ (1 / (w tau))^2
COMMUTING_CRITERION = 1e-10  # tilt = 0: the strokes only add phases, identical to the ideal adiabat up to rounding


def friction_point(tau_adi: float, tilt: float) -> xr.Dataset:
    """One sweep point: the optimal cop_carnot = 2 refrigerator's frequencies and isochore times, with unitary
    strokes of tau_adi / 2 each, against the same cycle with ideal adiabats."""
    optimum = optimal_refrigerator(COP_CARNOT)
    T_h = 1.0 + 1.0 / COP_CARNOT
    times = cf.optimal_times(1.0, 1.0, 1.0)
    cycle = OttoCycle(float(optimum.beta_c_w_a[0]), float(optimum.beta_h_w_b[0]) * T_h, 1.0, T_h, 1.0, 1.0,
                      times.tau_c, times.tau_h, tau_adi)
    quantum, ideal = quantum_limit_cycle(cycle, tilt=tilt), limit_cycle(cycle)
    return xr.Dataset({
        "Q_c": labelled(quantum.Q_c, (), "energy", "heat absorbed from the cold bath per cycle (unitary strokes)"),
        "W": labelled(quantum.W, (), "energy", "work per cycle (unitary strokes)"),
        "Q_c_ideal": labelled(ideal.Q_c, (), "energy", "Q_c with ideal adiabats"),
        "W_ideal": labelled(ideal.W, (), "energy", "W with ideal adiabats"),
        "coherence": labelled(float(np.abs(quantum.rho1[0, 1])), (), "1",
                              "|rho_01| at the start of the cold isochore"),
    })


def compute_friction(context: RunContext) -> dict[str, xr.Dataset]:
    """Sweep of the stroke time (9 or 31 log-spaced values) and the tilt."""
    taus = np.geomspace(0.01, 2000.0, 9 if context.quick else 31)
    tilts = (0.0, 0.5) if context.quick else (0.0, 0.25, 0.5)
    ds = context.sweep("friction", friction_point, {"tau_adi": list(taus), "tilt": list(tilts)})
    labels = friction_point(float(taus[0]), 0.0)  # the sweep assembly drops per-variable attrs: restore them
    for name, var in labels.data_vars.items():
        ds[name].attrs.update(var.attrs)
    ds["tau_adi"].attrs.update(units="time", long_name="total time of both unitary strokes")
    ds["tilt"].attrs.update(units="1", long_name="tilt of the driven Hamiltonian (0: commuting)")
    ds.attrs.update(provenance(SYSTEM, {"cop_carnot": COP_CARNOT, "tau_adi": taus.tolist(), "tilt": list(tilts)}))
    return {"friction": ds}


def plot_friction(data) -> dict:
    """Left: Q_c against the stroke time per tilt; right: the extra work W - W(ideal)."""
    ds = data["friction"]
    fig, (left, right) = new_figure(2, size=(9.5, 3.6))
    colors = pyplot().cm.viridis(np.linspace(0, 0.85, ds.tilt.size))
    for color, tilt in zip(colors, ds.tilt.values):
        one = ds.sel(tilt=tilt)
        left.semilogx(ds.tau_adi, one.Q_c, ".-", color=color, label=f"tilt {tilt:g}")
        right.semilogx(ds.tau_adi, one.W - one.W_ideal, ".-", color=color, label=f"tilt {tilt:g}")
    left.semilogx(ds.tau_adi, ds.Q_c_ideal.isel(tilt=0), "k--", label="ideal adiabats")
    finish(left, r"stroke time $\tau_{adi}$", r"$Q_c$ per cycle", "cooling per cycle")
    right.axhline(0, color="k", lw=0.6)
    finish(right, r"stroke time $\tau_{adi}$", r"$W - W_{ideal}$ (quantum friction)",
           "extra work of finite-time quantum adiabats")
    return {"friction": fig}


def claims_friction(data) -> list[Claim]:
    """Slow strokes are ideal adiabats; a commuting drive has no friction; fast tilted strokes cost work."""
    ds = data["friction"]
    slow = ds.isel(tau_adi=-1).sel(tilt=ds.tilt.max())
    slow_gap = float(abs(slow.Q_c / slow.Q_c_ideal - 1.0))
    flat = ds.sel(tilt=0.0)
    commuting = float(np.max(np.abs(flat.Q_c - flat.Q_c_ideal)) / float(flat.Q_c_ideal.max()))
    tilted = ds.sel(tilt=ds.tilt.max())
    extra = float(np.max(tilted.W - tilted.W_ideal))
    return [
        judge("friction-slow-limit", "(beyond the paper) the slow unitary stroke is the ideal adiabat",
              paper="ideal adiabat", measured=slow_gap,
              criterion=f"|Q_c / Q_c(ideal) - 1| < {SLOW_CRITERION:g} at tau_adi = {float(ds.tau_adi[-1]):g}",
              agrees=slow_gap < SLOW_CRITERION),
        judge("friction-commuting", "(beyond the paper) a self-commuting drive (tilt 0) has no quantum friction",
              paper="no friction", measured=commuting, criterion=f"max relative |Q_c - Q_c(ideal)| < "
              f"{COMMUTING_CRITERION:g} over all stroke times", agrees=commuting < COMMUTING_CRITERION),
        judge("friction-extra-work", "(beyond the paper) fast non-commuting strokes cost extra work (friction)",
              paper="W > W(ideal)", measured=extra, criterion="max over stroke times of W - W(ideal) > 0",
              agrees=extra > 0),
    ]


FRICTION = Experiment(name="friction", title="Beyond: finite-time quantum adiabats and quantum friction",
                      compute=compute_friction, plot=plot_friction, claims=claims_friction)
