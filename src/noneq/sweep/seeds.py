"""Deterministic per-point seeds.

The seed of a sweep point is derived from the sweep's root seed and the point's parameter values only:

    seed = int(sha256(JSON({"root": root_seed, "point": {name: value, ...}}, sorted keys))[:16], 16) mod 2**63

so a point gets the same random stream whatever the execution order, the backend (serial, processes, Dask) or
whether the sweep was interrupted and resumed. Values are rendered with ``repr`` of Python floats, so 0.1 and
0.1000000000000001 are different points.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping


def point_seed(root_seed: int, point: Mapping[str, Any]) -> int:
    """The seed of one sweep point (see module docstring)."""
    canonical = json.dumps({"root": int(root_seed), "point": {k: _plain(v) for k, v in point.items()}},
                           sort_keys=True)
    return int(hashlib.sha256(canonical.encode()).hexdigest()[:16], 16) % (2 ** 63)


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return repr(value)
    return value
