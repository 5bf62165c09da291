"""Figures of the reservoir experiments (matplotlib imported lazily via noneq.reproduce.figures)."""

from __future__ import annotations

from typing import Any

import numpy as np

from noneq.reproduce.figures import pyplot
from noneq.reservoir.redfield import energy_shell_sz


def _colors(n: int):
    plt = pyplot()
    return plt.get_cmap("viridis")(np.linspace(0.0, 0.9, n))


def plot_fig1(data) -> dict[str, Any]:
    """Fig. 1 (single realizations, as in the paper) and the realization mean +- spread, plus <sz>(t)."""
    import json

    plt = pyplot()
    ds = data["fig1"]
    p = json.loads(ds.attrs["parameters"])
    t = ds.time.values
    ns = [int(n) for n in ds.N.values]
    colors = _colors(len(ns))
    mean, std = ds.mean("realization"), ds.std("realization")
    qme = mean.entropy_production_bar_qme.isel(N=-1).values
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5), sharex=True, constrained_layout=True)
    panels = [("entropy_production", r"$\Delta_i S$ (exact, eq. 10)"),
              ("entropy_production_bar", r"$\Delta_i \bar S$ (exact, eq. 25)")]
    for col, (name, label) in enumerate(panels):
        top, bottom = axes[0, col], axes[1, col]
        for n, c in zip(ns, colors):
            top.plot(t, ds[name].sel(N=n).isel(realization=0), color=c, lw=1.0, label=f"N = {n}")
            m, s = mean[name].sel(N=n).values, std[name].sel(N=n).values
            bottom.plot(t, m, color=c, lw=1.2, label=f"N = {n}")
            bottom.fill_between(t, m - s, m + s, color=c, alpha=0.2, lw=0)
        for ax in (top, bottom):
            ax.plot(t, qme, "k--", lw=1.5, label=r"$\Delta_i \bar S$ (QME)")
            ax.axhline(0.0, color="0.6", lw=0.6)
            ax.set_ylabel(label + " (nats)")
        top.set_title(f"{label}: single realization", fontsize=10)
        bottom.set_title(f"{label}: mean $\\pm$ std over {ds.sizes['realization']} realizations", fontsize=10)
        bottom.set_xlabel(r"$t$ ($\hbar = 1$)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), fontsize=9)
    fig.suptitle(f"Fig. 1: $\\Delta = {p['delta']}$, $\\beta = {p['beta']}$, $\\lambda = {p['lam']}$", fontsize=11)

    fig_sz, ax = plt.subplots(figsize=(8.5, 4.2), constrained_layout=True)
    for n, c in zip(ns, colors):
        ax.plot(t, mean.sz.sel(N=n), color=c, lw=1.0, label=f"exact, N = {n}")
    ax.plot(t, mean.sz_redfield.isel(N=-1), "k--", lw=1.5, label="Redfield, eq. (30)")
    ax.axhline(float(mean.sz_eq_redfield.isel(N=-1)), color="k", lw=0.6, ls=":",
               label=r"$-\tanh(\beta\Delta/2)$")
    ax.axhline(energy_shell_sz(p["delta"], p["beta"]), color="C3", lw=0.8, ls="-.",
               label="energy-shell estimate")
    ax.set_xlabel(r"$t$")
    ax.set_ylabel(r"$\langle\sigma_z\rangle_t$ (realization mean)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title("Spin relaxation: exact (finite reservoir) vs Redfield", fontsize=10)
    return {"fig1_entropy_production": fig, "fig1_sz": fig_sz}


def plot_bath(data) -> dict[str, Any]:
    """Finite-reservoir alpha~(omega) vs the N -> infinity form; eq. (27) offset vs lambda^2."""
    plt = pyplot()
    bath, coupling = data["bath"], data["coupling"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    omega = bath.omega.values
    ns = [int(n) for n in bath.N.values]
    for n, c in zip(ns, _colors(len(ns))):
        left.step(omega, bath.alpha_tilde_finite.sel(N=n), where="mid", color=c, lw=1.0, label=f"N = {n}")
    left.plot(omega, bath.alpha_tilde_infinite.isel(N=0), "k--", lw=1.5, label=r"$N\to\infty$ (corrected eq. 33)")
    left.set_xlabel(r"$\omega$ (reservoir absorbs $\omega$)")
    left.set_ylabel(r"$\tilde\alpha(\omega)$ (bin mean)")
    left.set_title(r"Bath spectral density at $\beta = 10$", fontsize=10)
    left.legend(fontsize=8)
    lam = coupling.lam.values
    right.plot(lam ** 2, coupling.offset, "o-", label=r"late-time $\Delta_i S - \Delta_i \bar S$")
    right.set_xlabel(r"$\lambda^2$")
    right.set_ylabel("offset (nats)")
    right.set_title(r"Eq. (27) offset $-\beta(\langle V\rangle_t - \langle V\rangle_0)$ vs coupling", fontsize=10)
    right.legend(fontsize=8)
    return {"bath_alpha": fig}
