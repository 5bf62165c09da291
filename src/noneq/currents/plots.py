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
