"""Checkpoints of long runs: a computation's state written atomically every few minutes, so that a run killed
at any moment (even by SIGKILL) resumes from its last checkpoint and ends with exactly the result of an
uninterrupted run.

A `Checkpoint` belongs to one computation, identified by its system and its full parameter set: the file name is
a hash of that identity, inside a checkpoint directory. The file holds the arrays of the state (NumPy ``.npz``)
and a JSON record of the rest (loop index, step control, random-generator state) with the identity and the noneq
version that wrote it. Loading a checkpoint written for another identity or by another noneq version is refused
(`NoneqInputError` naming the file), never silently used; an unreadable file is reported (`NoneqWarning`) and
the run starts over.

A solver uses it as::

    state = checkpoint.load()              # None: start from the beginning
    for kick in range(start, kicks):
        ...
        if checkpoint.due():
            checkpoint.save({"psi": psi}, {"kick": kick + 1, "rng": rng.bit_generator.state})
    checkpoint.remove()                    # done: nothing to resume

`Checkpoint.disabled()` does nothing (the default of every solver). The times of the first checkpoint and
between checkpoints default to CHECKPOINT_FIRST_SECONDS and CHECKPOINT_INTERVAL_SECONDS; the environment variables
``NONEQ_CHECKPOINT_FIRST`` and ``NONEQ_CHECKPOINT_INTERVAL`` (seconds) override them, e.g. to checkpoint every
kick in a test that kills a run.

Examples
--------
>>> import tempfile, numpy as np
>>> with tempfile.TemporaryDirectory() as folder:
...     point = Checkpoint(folder, "kicked", {"kicks": 500}, first=0.0)
...     point.save({"psi": np.arange(3.0)}, {"kick": 250})
...     arrays, record = point.load()
...     print(arrays["psi"], record["kick"])
[0. 1. 2.] 250
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import warnings
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from noneq._version import __version__
from noneq.core.errors import NoneqInputError, NoneqWarning
from noneq.core.results import atomic_write, to_json

__all__ = ["CHECKPOINT_FIRST_SECONDS", "CHECKPOINT_INTERVAL_SECONDS", "Checkpoint", "default_directory",
           "default_times"]

CHECKPOINT_FIRST_SECONDS = 60.0  # a run shorter than this writes no checkpoint
CHECKPOINT_INTERVAL_SECONDS = 180.0  # then one every few minutes
RECORD_KEY = "__noneq_checkpoint__"  # the array holding the JSON record inside the .npz


def _seconds(variable: str, default: float) -> float:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (value >= 0.0 and value != float("inf")):
        warnings.warn(f"${variable} = {text!r} is not a number of seconds >= 0: using {default:g}", NoneqWarning,
                      stacklevel=3)
        return default
    return value


def default_times() -> tuple[float, float]:
    """(first, interval) in seconds: CHECKPOINT_FIRST_SECONDS and CHECKPOINT_INTERVAL_SECONDS, or the values of
    ``$NONEQ_CHECKPOINT_FIRST`` and ``$NONEQ_CHECKPOINT_INTERVAL`` when set (a bad value is reported with a
    `NoneqWarning` and ignored).

    >>> default_times() == (CHECKPOINT_FIRST_SECONDS, CHECKPOINT_INTERVAL_SECONDS)  # without the variables
    True
    """
    return (_seconds("NONEQ_CHECKPOINT_FIRST", CHECKPOINT_FIRST_SECONDS),
            _seconds("NONEQ_CHECKPOINT_INTERVAL", CHECKPOINT_INTERVAL_SECONDS))


def default_directory() -> Path:
    """Where ``noneq run`` keeps checkpoints: ``$NONEQ_CHECKPOINT_DIR``, else ``$XDG_CACHE_HOME/noneq/checkpoints``
    (``~/.cache/noneq/checkpoints``)."""
    if os.environ.get("NONEQ_CHECKPOINT_DIR"):
        return Path(os.environ["NONEQ_CHECKPOINT_DIR"])
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "noneq" / "checkpoints"


class Checkpoint:
    """The checkpoint of one computation (see module docstring).

    Parameters
    ----------
    directory : path or None
        Folder of the checkpoint files; None disables checkpointing.
    system : str
        The system (or computation) name, part of the identity and of the file name.
    parameters : mapping
        Every parameter that determines the result (JSON-able); part of the identity.
    first, interval : float, optional
        Seconds before the first checkpoint and between later ones (`due`); default `default_times`.
    """

    def __init__(self, directory: str | os.PathLike | None, system: str, parameters: Mapping[str, Any], *,
                 first: float | None = None, interval: float | None = None):
        self.directory = None if directory is None else Path(directory)
        self.identity = json.loads(to_json({"system": system, "parameters": dict(parameters)}))
        digest = hashlib.sha256(to_json(self.identity).encode()).hexdigest()[:20]
        self.path = None if self.directory is None else self.directory / f"{system}-{digest}.npz"
        default_first, default_interval = default_times()
        self.first = default_first if first is None else float(first)
        self.interval = default_interval if interval is None else float(interval)
        self._started = time.monotonic()
        self._last: float | None = None

    @classmethod
    def disabled(cls) -> "Checkpoint":
        """A checkpoint that never saves and never loads."""
        return cls(None, "none", {})

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def due(self) -> bool:
        """True when the next checkpoint should be written (``first`` seconds after the start, then every
        ``interval`` seconds)."""
        if self.path is None:
            return False
        now = time.monotonic()
        if self._last is None:
            return now - self._started >= self.first
        return now - self._last >= self.interval

    def save(self, arrays: Mapping[str, np.ndarray], record: Mapping[str, Any]) -> None:
        """Write the state atomically: ``arrays`` (NumPy arrays) and ``record`` (JSON-able values)."""
        if self.path is None:
            return
        if RECORD_KEY in arrays:
            raise ValueError(f"array name {RECORD_KEY!r} is reserved")
        meta = {"identity": self.identity, "noneq_version": __version__, "record": dict(record)}
        buffer = io.BytesIO()
        np.savez(buffer, **{name: np.asarray(a) for name, a in arrays.items()},
                 **{RECORD_KEY: np.frombuffer(to_json(meta).encode(), dtype=np.uint8)})
        try:
            atomic_write(self.path, lambda tmp: tmp.write_bytes(buffer.getvalue()))
        except OSError as error:  # the run goes on; it just cannot be resumed
            warnings.warn(f"cannot write checkpoint {self.path} ({error.strerror or error}): the run goes on "
                          f"without checkpoints", NoneqWarning, stacklevel=2)
            self.path = None
            return
        self._last = time.monotonic()

    def load(self) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
        """The saved ``(arrays, record)``, or None when there is no checkpoint (or it is unreadable: reported
        with a `NoneqWarning`). `NoneqInputError` when it was written for another computation or by another
        noneq version."""
        if self.path is None or not self.path.is_file():
            return None
        try:
            with np.load(self.path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files if name != RECORD_KEY}
                meta = json.loads(bytes(data[RECORD_KEY]).decode())
            identity, version, record = meta["identity"], meta["noneq_version"], meta["record"]
        except Exception as error:  # noqa: BLE001 - any damaged file: start over, say so
            warnings.warn(f"checkpoint {self.path} is unreadable ({type(error).__name__}): starting over",
                          NoneqWarning, stacklevel=2)
            return None
        if version != __version__:
            raise NoneqInputError(f"checkpoint {str(self.path)!r} was written by noneq {version}, this is "
                                  f"noneq {__version__}: remove it to start the run over")
        if identity != self.identity:
            raise NoneqInputError(f"checkpoint {str(self.path)!r} belongs to another computation: remove it to "
                                  f"start the run over")
        return arrays, record

    def remove(self) -> None:
        """Delete the checkpoint (the computation finished)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)
