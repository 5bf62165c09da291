"""The registry of physical systems, by name.

Systems are listed here as import paths and loaded lazily on first use, so importing noneq imports no system
and has no side effects. A system module exposes a module-level ``SYSTEM`` (a `noneq.core.system.System`).
"""

from __future__ import annotations

import importlib

from noneq.core.errors import NoneqInputError
from noneq.core.system import System

_SYSTEM_MODULES: dict[str, str] = {
    "kicked-top": "noneq.kicked_top.system",
    "reservoir": "noneq.reservoir.system",
    "otto": "noneq.otto.system",
    "kicked": "noneq.kicked.system",
    "currents": "noneq.currents.system",
}

_cache: dict[str, System] = {}


def system_names() -> list[str]:
    """Names of all registered systems, in registration order."""
    return list(_SYSTEM_MODULES)


def get_system(name: str) -> System:
    """The registered system called ``name``; `NoneqInputError` listing the known names otherwise."""
    if name not in _SYSTEM_MODULES:
        raise NoneqInputError(
            f"unknown system {name!r}: known systems are {', '.join(_SYSTEM_MODULES)}"
        )
    if name not in _cache:
        module = importlib.import_module(_SYSTEM_MODULES[name])
        _cache[name] = module.SYSTEM
    return _cache[name]
