"""Plotting helpers shared by the figure modules (matplotlib imported on first use)."""

from __future__ import annotations

from typing import Any

import numpy as np

from noneq.reproduce.figures import pyplot

SINGLE = (5.5, 4)  # one panel, inches
DOUBLE = (11, 4)  # two panels side by side


def panels(count: int = 1) -> tuple[Any, Any]:
    """(figure, axes): one panel, or ``count`` panels side by side."""
    return pyplot().subplots(1, count, figsize=SINGLE if count == 1 else DOUBLE)


def density_curve(axis, momentum, density, **style) -> None:
    """A |p| density on a log scale, skipping empty (NaN) bins (bins narrower than the mode spacing)."""
    momentum, density = np.asarray(momentum), np.asarray(density)
    keep = np.isfinite(density)
    axis.semilogy(momentum[keep], density[keep], **style)


def profile_fit_curve(axis, momentum, fit, style: str) -> None:
    """The fitted profile A exp(-p^2 / width) (gaussian) or A exp(-|p| / width) (exponential) of
    `noneq.kicked.paper.fits.ProfileFit` over ``momentum``."""
    momentum = np.asarray(momentum)
    shape = momentum ** 2 if fit.shape == "gaussian" else momentum
    axis.semilogy(momentum, fit.amplitude * np.exp(-shape / fit.width), style, linewidth=0.8)
