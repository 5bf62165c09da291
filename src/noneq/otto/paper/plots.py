"""Plotting helpers shared by the Otto figure modules (matplotlib imported lazily via noneq.reproduce.figures)."""

from __future__ import annotations

from typing import Any

from noneq.reproduce.figures import pyplot

LEGEND_SIZE = 8
TITLE_SIZE = 10


def new_figure(ncols: int = 1, *, size: tuple[float, float]) -> tuple[Any, Any]:
    """A figure with ``ncols`` panels side by side (constrained layout): (figure, axes)."""
    return pyplot().subplots(1, ncols, figsize=size, constrained_layout=True)


def finish(ax: Any, xlabel: str, ylabel: str, title: str = "", *, legend: bool = True, **legend_options) -> None:
    """Axis labels, the panel title and the legend in the sizes every Otto figure uses."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=TITLE_SIZE)
    if legend:
        ax.legend(fontsize=LEGEND_SIZE, **legend_options)
