"""The registry of physical systems, by name.

Systems are listed here by the package that holds them and loaded lazily on first use, so importing noneq imports
no system and has no side effects. A system package ``noneq.<name>`` has a module ``system`` exposing ``SYSTEM``
(a `noneq.core.system.System`) and a subpackage ``paper`` exposing ``EXPERIMENTS`` (loaded only by
`noneq.reproduce.paper_experiments`).
"""

from __future__ import annotations

import importlib

from noneq.core.errors import NoneqInputError
from noneq.core.system import System

_SYSTEM_PACKAGES: dict[str, str] = {
    "kicked-top": "noneq.kicked_top",
    "reservoir": "noneq.reservoir",
    "otto": "noneq.otto",
    "kicked": "noneq.kicked",
    "currents": "noneq.currents",
}

_cache: dict[str, System] = {}


def system_names() -> list[str]:
    """Names of all registered systems, in registration order."""
    return list(_SYSTEM_PACKAGES)


def system_package(name: str) -> str:
    """The import path of the package holding system ``name``; `NoneqInputError` listing the known names."""
    if name not in _SYSTEM_PACKAGES:
        raise NoneqInputError(
            f"unknown system {name!r}: known systems are {', '.join(_SYSTEM_PACKAGES)}"
        )
    return _SYSTEM_PACKAGES[name]


def get_system(name: str) -> System:
    """The registered system called ``name``; `NoneqInputError` listing the known names otherwise."""
    package = system_package(name)
    if name not in _cache:
        _cache[name] = importlib.import_module(f"{package}.system").SYSTEM
    return _cache[name]
