"""Figures of the Otto experiments (matplotlib imported lazily via noneq.reproduce.figures)."""

from __future__ import annotations

from typing import Any

import numpy as np

from noneq.reproduce.figures import pyplot


def plot_fig2(data) -> dict[str, Any]:
    """Fig. 2: eps*, eps_CA, eps_+ vs eps_C (and the high-temperature procedure); right: eps*/eps_CA - 1."""
    plt = pyplot()
    c = data["curve"]
    x = c.eps_c.values
    fig, (ax, gap) = plt.subplots(1, 2, figsize=(10, 4.4), constrained_layout=True)
    ax.plot(x, c.eps_star, "k-", lw=2, label=r"$\varepsilon^*$ (this model)")
    ax.plot(x, c.eps_ca, "r--", lw=1.5, label=r"$\varepsilon_{CA}=\sqrt{1+\varepsilon_C}-1$")
    ax.plot(x, c.eps_plus, "b:", lw=2, label=r"$\varepsilon_+=(\sqrt{9+8\varepsilon_C}-3)/2$")
    high = c.eps_high_t.sel(beta_h_w_b_fixed=c.beta_h_w_b_fixed.min())
    step = max(1, x.size // 15)
    ax.plot(x[::step], high[::step], "bo", mfc="none", ms=5,
            label=r"max over $\omega_a$ at fixed $\omega_b$, $\beta_h\omega_b=10^{-3}$")
    ax.set_xlabel(r"Carnot COP $\varepsilon_C$")
    ax.set_ylabel(r"COP at maximum $\chi$")
    ax.set_xlim(0, x.max())
    ax.set_ylim(0, None)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title("Fig. 2: COP at maximum $\\chi$", fontsize=10)
    gap.semilogx(x, 100 * (c.eps_star / c.eps_ca - 1), "k-", label=r"$\varepsilon^*/\varepsilon_{CA}-1$")
    gap.semilogx(x, 100 * (c.eps_plus / c.eps_ca - 1), "b:", label=r"$\varepsilon_+/\varepsilon_{CA}-1$")
    gap.set_xlabel(r"$\varepsilon_C$")
    gap.set_ylabel("relative difference (%)")
    gap.set_ylim(0, None)
    twin = gap.twinx()
    twin.semilogx(x, c.beta_c_w_a, color="tab:green", lw=1, label=r"optimal $\beta_c\omega_a$ (right axis)")
    twin.semilogx(x, c.beta_h_w_b, color="tab:orange", lw=1, label=r"optimal $\beta_h\omega_b$ (right axis)")
    twin.set_ylabel(r"optimal $\beta\omega$ (never $\ll 1$)")
    twin.set_ylim(0, None)
    lines = gap.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    gap.legend(lines, [line.get_label() for line in lines], fontsize=8, loc="upper center",
               bbox_to_anchor=(0.5, -0.16), ncol=2)
    gap.set_title("gap to Curzon-Ahlborn; optimal $\\beta\\omega$", fontsize=10)
    return {"fig2": fig}


def plot_engine(data) -> dict[str, Any]:
    plt = pyplot()
    ds = data["engine"]
    fig, ax = plt.subplots(figsize=(4.8, 3.8), constrained_layout=True)
    ax.plot(ds.eta_c, ds.eta_star, "k-", lw=2, label=r"$\eta^*$ (Otto, max power)")
    ax.plot(ds.eta_c, ds.eta_ca, "r--", label=r"$\eta_{CA}=1-\sqrt{1-\eta_C}$")
    ax.plot(ds.eta_c, ds.eta_c / 2, "g:", label=r"$\eta_C/2$")
    ax.plot(ds.eta_c, ds.eta_c, color="0.5", lw=0.8, label=r"$\eta_C$")
    ax.set_xlabel(r"Carnot efficiency $\eta_C$")
    ax.set_ylabel("efficiency at maximum power")
    ax.legend(fontsize=8)
    ax.set_title("Two-level Otto engine", fontsize=10)
    return {"engine": fig}


def plot_nlevel(data) -> dict[str, Any]:
    plt = pyplot()
    ds = data["nlevel"]
    fig, ax = plt.subplots(figsize=(4.8, 3.6), constrained_layout=True)
    ax.plot(ds.n_levels, ds.eps_star, "ko-", label=r"$\varepsilon^*$, ladder $\omega(1,\dots,N)$")
    ax.axhline(float(ds.eps_ca), color="r", ls="--", label=r"$\varepsilon_{CA}$")
    ax.axhline(float(ds.eps_plus), color="b", ls=":", label=r"$\varepsilon_+$")
    ax.set_xlabel("number of levels N")
    ax.set_ylabel("COP at maximum $\\chi$")
    ax.set_title("N-level working substance, $\\varepsilon_C=2$",
                 fontsize=10)
    ax.legend(fontsize=8)
    return {"nlevel": fig}


def plot_fluctuations(data) -> dict[str, Any]:
    plt = pyplot()
    ds = data["trajectories"]
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), constrained_layout=True)
    for ax, name, label in zip(axes, ("q_c", "work", "sigma"),
                               (r"heat from cold bath $q_c$", r"work $w$", r"entropy production $\sigma$")):
        values = ds[name].values.ravel()
        levels, counts = np.unique(np.round(values, 10), return_counts=True)
        ax.bar(levels, counts / values.size, width=0.6 * (np.min(np.diff(levels)) if levels.size > 1 else 1.0),
               color="tab:blue")
        ax.axvline(values.mean(), color="k", ls="--", lw=1, label=f"mean {values.mean():.3g}")
        ax.set_xlabel(label)
        ax.set_ylabel("probability per cycle")
        ax.set_yscale("log")  # rare multi-jump cycles stay visible
        ax.legend(fontsize=8)
    fig.suptitle("Quantum-jump trajectories of the optimal refrigerator ($\\varepsilon_C=2$): one-cycle "
                 "distributions", fontsize=10)
    return {"fluctuations": fig}


def plot_friction(data) -> dict[str, Any]:
    plt = pyplot()
    ds = data["friction"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.6), constrained_layout=True)
    colors = plt.cm.viridis(np.linspace(0, 0.85, ds.tilt.size))
    for color, tilt in zip(colors, ds.tilt.values):
        one = ds.sel(tilt=tilt)
        left.semilogx(ds.tau_adi, one.Q_c, ".-", color=color, label=f"tilt {tilt:g}")
        right.semilogx(ds.tau_adi, one.W - one.W_ideal, ".-", color=color, label=f"tilt {tilt:g}")
    left.semilogx(ds.tau_adi, ds.Q_c_ideal.isel(tilt=0), "k--", label="ideal adiabats")
    left.set_xlabel(r"stroke time $\tau_{adi}$")
    left.set_ylabel(r"$Q_c$ per cycle")
    left.legend(fontsize=8)
    left.set_title("cooling per cycle", fontsize=10)
    right.axhline(0, color="k", lw=0.6)
    right.set_xlabel(r"stroke time $\tau_{adi}$")
    right.set_ylabel(r"$W - W_{ideal}$ (quantum friction)")
    right.legend(fontsize=8)
    right.set_title("extra work of finite-time quantum adiabats", fontsize=10)
    return {"friction": fig}
