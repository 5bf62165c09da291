"""Memory a computation may use, checked before it allocates.

Every solver that allocates in proportion to its parameters estimates its peak memory from them first and calls
`check_memory`, so that a run too large for the machine is refused in one line (`NoneqInputError`) instead of
ending in a MemoryError or in swapping. The available memory is the operating system's estimate of what can be
allocated without swapping (``MemAvailable`` on Linux), lowered to a cgroup's limit where one applies.

Examples
--------
>>> format_bytes(658 * 2**30)
'658 GiB'
>>> check_memory(1024, "a tiny array")  # fits: returns the estimate
1024
"""

from __future__ import annotations

import os
from pathlib import Path

from noneq.core.errors import NoneqInputError

__all__ = ["MEMORY_FRACTION", "available_memory", "check_memory", "format_bytes"]

MEMORY_FRACTION = 0.9  # a run may plan to use at most this fraction of the available memory
_CGROUP_LIMITS = ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")


def format_bytes(size: float) -> str:
    """A byte count in the largest binary unit that keeps it >= 1, to 3 significant digits ('23.4 GiB')."""
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
    value = float(size)
    for unit in units:
        if abs(value) < 1024 or unit == units[-1]:
            return f"{value:.3g} {unit}"
        value /= 1024
    return f"{value:.3g} {units[-1]}"  # pragma: no cover - the loop always returns


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_room() -> int | None:
    """Room left under this process's cgroup memory limit, when a finite one applies."""
    for path in _CGROUP_LIMITS:
        try:
            text = Path(path).read_text().strip()
        except OSError:
            continue
        if not text.isdigit():
            return None  # "max": no limit
        limit = int(text)
        usage_file = Path(path).with_name("memory.current" if path.endswith("memory.max")
                                          else "memory.usage_in_bytes")
        try:
            usage = int(usage_file.read_text().strip())
        except (OSError, ValueError):
            usage = 0
        return max(limit - usage, 0)
    return None


def available_memory() -> int:
    """Bytes that can be allocated now without swapping (see module docstring)."""
    candidates = [v for v in (_meminfo_available(), _cgroup_room()) if v is not None]
    if not candidates:
        try:
            candidates = [os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")]
        except (ValueError, OSError, AttributeError):  # pragma: no cover - exotic platforms
            return 2 ** 63 - 1
    return int(min(candidates))


def check_memory(needed: float, what: str, reduce: str = "", *, available: int | None = None) -> int:
    """Refuse (`NoneqInputError`) a computation whose estimated peak memory ``needed`` (bytes) exceeds
    `MEMORY_FRACTION` of the available memory; returns the estimate as an int otherwise.

    ``what`` names the computation ("kicked two-particle run"), ``reduce`` says which parameters to lower.

    >>> check_memory(2**40, "a huge run", "reduce N", available=2**34)
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: a huge run needs ~1 TiB, this machine has 16 GiB available; reduce N
    """
    room = available_memory() if available is None else int(available)
    if not needed <= MEMORY_FRACTION * room:  # also refuses a NaN or infinite estimate
        hint = f"; {reduce}" if reduce else ""
        shown = format_bytes(needed) if needed == needed and needed != float("inf") else "more than any machine"
        raise NoneqInputError(f"{what} needs ~{shown}, this machine has {format_bytes(room)} available{hint}")
    return int(needed)
