"""Figure helpers for the currents experiments (matplotlib imported lazily)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from noneq.reproduce.figures import pyplot


def panels(n: int, title: str, width: float = 5.0) -> tuple[Any, Sequence[Any]]:
    plt = pyplot()
    fig, axes = plt.subplots(1, n, figsize=(width * n, 4.0), squeeze=False)
    fig.suptitle(title)
    return fig, axes[0]


def draw(ax: Any, x: np.ndarray, curves: Mapping[str, np.ndarray], *, points: Mapping[str, tuple] | None = None,
         xlabel: str = "", ylabel: str = "", title: str = "", logx: bool = False,
         logy: bool = False) -> None:
    """Lines for theory (``curves``), error-bar markers for Monte Carlo (``points``: {label: (x, y, err)})."""
    styles = ["-", "--", ":", "-."]
    for k, (label, y) in enumerate(curves.items()):
        ax.plot(x, y, styles[k % len(styles)], label=label)
    for label, (px, py, pe) in (points or {}).items():
        ax.errorbar(px, py, yerr=pe, fmt="o", ms=4, capsize=2, label=label)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)


def after(t2: np.ndarray, t1: float, values: np.ndarray) -> np.ndarray:
    """``values`` with NaN where t2 < t1 (two-time curves are drawn for t2 >= t1 only)."""
    return np.where(t2 >= t1, values, np.nan)


def two_time_panels(ds: Any, title: str, theories: Mapping[str, str]) -> Any:
    """Annealed and quenched panels of <Q(t1) Q(t2)>_c versus t2, one curve per t1 and theory, Monte Carlo points.

    ``theories`` maps a legend label to the variable prefix in ``ds`` (``{prefix}_{average}``, dims (t1, t2));
    Monte Carlo values are ``mc_{average}`` and ``mc_{average}_stderr`` at ``ds.mc_time``.
    """
    fig, axes = panels(2, title)
    tm = ds.mc_time.values
    for ax, average in zip(axes, ("annealed", "quenched")):
        curves, points = {}, {}
        for i, t1 in enumerate(ds.t1.values):
            for label, prefix in theories.items():
                curves[f"{label} t1={t1:g}"] = after(ds.t2.values, t1, ds[f"{prefix}_{average}"].values[i])
            sel = tm >= t1
            points[f"MC t1={t1:g}"] = (tm[sel], ds[f"mc_{average}"].values[i, sel],
                                       ds[f"mc_{average}_stderr"].values[i, sel])
        draw(ax, ds.t2.values, curves, points=points, xlabel="t2", ylabel="<Q(t1)Q(t2)>_c", title=average)
    return fig
