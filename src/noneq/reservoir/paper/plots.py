"""Plotting helpers shared by the reservoir figure modules (matplotlib imported lazily via
`noneq.reproduce.figures.pyplot`)."""

from __future__ import annotations

import numpy as np

from noneq.reproduce.figures import pyplot


def colors(n: int) -> np.ndarray:
    """``n`` colours from the viridis map (one per reservoir size N), light end left out."""
    plt = pyplot()
    return plt.get_cmap("viridis")(np.linspace(0.0, 0.9, n))
