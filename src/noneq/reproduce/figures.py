"""Saving figures as PNG (for people and the HTML report) and PDF (for papers), atomically.

matplotlib is imported lazily, with the non-interactive Agg backend, only when figures are made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PNG_DPI = 150


def pyplot() -> Any:
    """matplotlib.pyplot with the headless Agg backend (imported on first use)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def save_figure(figure: Any, base: str | Path) -> list[Path]:
    """Write ``base.png`` and ``base.pdf`` atomically, close the figure, return both paths."""
    from noneq.core.results import atomic_write

    base = Path(base)
    paths = []
    for suffix, options in ((".png", {"dpi": PNG_DPI}), (".pdf", {})):
        target = base.parent / (base.name + suffix)
        atomic_write(target, lambda tmp, s=suffix, o=options: figure.savefig(
            tmp, format=s[1:], bbox_inches="tight", **o))
        paths.append(target)
    pyplot().close(figure)
    return paths
