"""Figure drawing shared by the kicked-top figure modules (matplotlib imported lazily via noneq.reproduce)."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import xarray as xr

from noneq.reproduce.figures import pyplot

ENTROPY_CMAP = "RdYlBu"  # red = low entropy, blue = high entropy, as in the paper


def map_panels(maps: Sequence[np.ndarray], titles: Sequence[str], theta: np.ndarray, phi: np.ndarray,
               suptitle: str, *, vmin: float = 0.0, vmax: float = 1.0, label: str = "S (bits)",
               cmap: str = ENTROPY_CMAP) -> Any:
    """A row of (phi, theta) colour maps sharing one colour bar."""
    plt = pyplot()
    fig, axes = plt.subplots(1, len(maps), figsize=(2.6 * len(maps) + 1.0, 2.8), squeeze=False,
                             constrained_layout=True)
    image = None
    for ax, values, title in zip(axes[0], maps, titles):
        image = ax.pcolormesh(phi, theta, values, vmin=vmin, vmax=vmax, cmap=cmap, shading="nearest",
                              rasterized=True)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(r"$\varphi_0$")
        ax.invert_yaxis()
    axes[0][0].set_ylabel(r"$\theta_0$")
    fig.colorbar(image, ax=axes[0].tolist(), label=label, shrink=0.9)
    fig.suptitle(suptitle, fontsize=10)
    return fig


def stroboscopic_panels(orbits: Sequence[tuple[np.ndarray, np.ndarray]], titles: Sequence[str]) -> Any:
    """Classical stroboscopic maps: all orbit points in (phi, theta)."""
    plt = pyplot()
    fig, axes = plt.subplots(1, len(orbits), figsize=(4.0 * len(orbits), 3.0), squeeze=False,
                             constrained_layout=True)
    for ax, (theta, phi), title in zip(axes[0], orbits, titles):
        ax.scatter(phi.ravel(), theta.ravel(), s=0.05, c="k", alpha=0.4, linewidths=0, rasterized=True)
        ax.set_xlim(-np.pi, np.pi)
        ax.set_ylim(np.pi, 0)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(r"$\varphi$")
    axes[0][0].set_ylabel(r"$\theta$")
    fig.suptitle("Fig. 2d: classical stroboscopic maps", fontsize=10)
    return fig


def bloch_trajectory(ds: xr.Dataset) -> Any:
    """Fig. 1b: the single-qubit Bloch vector over the kicks, in three projections, with the classical orbit."""
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), constrained_layout=True)
    b = ds.bloch.values
    c = ds.classical_bloch.values
    pairs = [(0, 1, "x", "y"), (0, 2, "x", "z"), (1, 2, "y", "z")]
    circle = np.linspace(0, 2 * np.pi, 200)
    for ax, (a, d, la, ld) in zip(axes, pairs):
        ax.plot(np.cos(circle), np.sin(circle), color="0.8", lw=0.8)
        ax.plot(c[:, a], c[:, d], "--", color="0.5", lw=0.8, label="classical orbit (unit sphere)")
        ax.plot(b[:, a], b[:, d], "-", color="tab:blue", lw=0.6)
        ax.scatter(b[1:, a], b[1:, d], c="tab:blue", s=14, zorder=3, label="N = 1..")
        ax.scatter(b[:1, a], b[:1, d], c="tab:red", s=30, zorder=4, label="initial state")
        ax.set_xlabel(f"<sigma_{la}>")
        ax.set_ylabel(f"<sigma_{ld}>")
        ax.set_aspect("equal")
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-1.05, 1.05)
    axes[0].legend(fontsize=7, loc="lower left")
    fig.suptitle(f"Fig. 1b: single-qubit Bloch vector, kappa = {ds.attrs.get('kappa', '')}", fontsize=10)
    return fig


def pauli_bars(ds: xr.Dataset) -> Any:
    """Fig. 3: the 63 Pauli-string expectation values for the low- and high-entropy states."""
    plt = pyplot()
    labels = [str(v) for v in ds.pauli.values]
    fig, axes = plt.subplots(2, 1, figsize=(13, 5.2), sharex=True, constrained_layout=True)
    for ax, case in zip(axes, ds.case.values):
        values = ds.pauli_values.sel(case=case).values
        ax.bar(np.arange(len(labels)), values, color=["tab:red" if case == "low" else "tab:blue"])
        ax.axhline(0, color="k", lw=0.5)
        ax.set_ylim(-1.05, 1.05)
        th = float(ds.theta.sel(case=case))
        ph = float(ds.phi.sel(case=case))
        S = float(ds.entropy.sel(case=case))
        ax.set_title(f"{case}-entropy state theta0 = {th:.2f}, phi0 = {ph:.2f}: S = {S:.2f} bits",
                     fontsize=9)
        ax.set_ylabel("<P>")
    axes[1].set_xticks(np.arange(len(labels)))
    axes[1].set_xticklabels(labels, rotation=90, fontsize=6, family="monospace")
    fig.suptitle("Fig. 3: Pauli correlators after N = 10 kicks, kappa = 0.5", fontsize=10)
    return fig


def overlap_curves(ds: xr.Dataset) -> Any:
    """Fig. 4: overlap with the microcanonical ensemble versus N for three initial states."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 4.0), constrained_layout=True)
    colours = {"high-1": "tab:blue", "high-2": "tab:green", "low": "tab:red"}
    styles = {"ideal": "-", "ideal-with-n0": ":", "decoherence": "--"}
    kicks = ds.kick.values
    for state in ds.state.values:
        for variant in ds.variant.values:
            ax.plot(kicks[1:], ds.overlap.sel(state=state, variant=variant).values[1:], styles[str(variant)],
                    color=colours.get(str(state), "k"), label=f"{state}, {variant}", lw=1.2)
    ax.axhline(0.98, color="0.6", lw=0.6)
    ax.set_xlabel("N (kicks averaged)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("overlap with rho_mc")
    ax.set_ylim(0.4, 1.0)
    ax.legend(fontsize=6, ncol=3, loc="lower right")
    ax.set_title("Fig. 4: ergodicity, kappa = 2.5", fontsize=10)
    return fig


def lines(x: np.ndarray, ys: dict[str, np.ndarray], xlabel: str, ylabel: str, title: str, *,
          logx: bool = False) -> Any:
    """A simple line plot of several named curves."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.8), constrained_layout=True)
    for name, y in ys.items():
        ax.plot(x, y, "o-", label=name, ms=4)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return fig
