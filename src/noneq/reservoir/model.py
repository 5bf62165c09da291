"""A small quantum system coupled to finite reservoirs that start canonical, as validated data.

Setting (Esposito, Lindenberg & Van den Broeck, New J. Phys. 12, 013013 (2010), eqs. (1)-(3)); hbar = k_B = 1:

    H(t) = H_s(t) (x) 1 + sum_r 1 (x) H_r (x) 1 + V(t),      rho(0) = rho_s(0) (x) prod_r exp(-beta_r H_r) / Z_r.

Tensor ordering: the system is the leftmost kron factor, then the reservoirs in the order given. ``V`` acts on the
whole space (shape (d, d), d = d_s prod_r d_r). A time-dependent drive or a switched coupling is a
piecewise-constant protocol: ``stages`` are `Stage` objects (start time, H_s, V) that replace H_s and V from their
start time on; the Hamiltonian at t = 0 (the one that enters W and Delta U, eqs. (19), (21)) is (H_s, V).

Validation (at construction): Hermitian matrices, matching dimensions, finite beta_r >= 0, rho_s(0) a density
matrix (Hermitian, unit trace, no eigenvalue below -DENSITY_TOLERANCE). Errors are `NoneqInputError` naming the
parameter, the value and what is allowed.

Example (a qubit between a hot and a cold three-level reservoir, not the paper's model)
-------
>>> import numpy as np
>>> sz = np.diag([1.0, -1.0]); sx = np.array([[0.0, 1.0], [1.0, 0.0]])
>>> hot = Reservoir(np.diag([0.0, 0.5, 1.0]), beta=0.5)
>>> cold = Reservoir(np.diag([0.0, 0.4, 0.9]), beta=5.0)
>>> c = np.ones((3, 3)) - np.eye(3)
>>> V = 0.1 * (np.kron(np.kron(sx, c), np.eye(3)) + np.kron(np.kron(sx, np.eye(3)), c))
>>> model = OpenSystem(0.5 * sz, (hot, cold), V, np.diag([0.0, 1.0]))
>>> model.dims
(2, 3, 3)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from noneq.core.errors import NoneqInputError, bad_value
from noneq.quantum import thermal_state

HERMITIAN_TOLERANCE = 1e-10  # relative: max|H - H^dagger| / max(1, max|H|) above this is not Hermitian
DENSITY_TOLERANCE = 1e-10  # rho_s(0): |Tr - 1| and the most negative eigenvalue tolerated (rounding only)
MAX_DIMENSION = 4096  # dense total space of the general solver (a d x d eigendecomposition, d^2 memory)


def _frozen(array: np.ndarray) -> np.ndarray:
    out = np.array(array, copy=True)
    out.setflags(write=False)
    return out


def check_beta(beta, name: str = "beta") -> float:
    """Validate an inverse temperature: a finite real number >= 0. Returns it as a float."""
    if isinstance(beta, (bool, np.bool_)) or not isinstance(beta, numbers.Real) or not math.isfinite(beta) \
            or beta < 0:
        raise bad_value(name, beta, "a finite real number >= 0")
    return float(beta)


def check_hermitian(matrix, name: str, dim: int | None = None) -> np.ndarray:
    """Validate a Hermitian (d, d) matrix (``dim``: required size); returns a read-only copy."""
    try:
        arr = np.asarray(matrix.full() if hasattr(matrix, "full") else matrix)
        if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
            raise TypeError
    except (TypeError, ValueError):
        raise bad_value(name, matrix, "a numeric square matrix") from None
    shape = f"({dim}, {dim})" if dim is not None else "(d, d)"
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0 or \
            (dim is not None and arr.shape[0] != dim):
        raise NoneqInputError(f"parameter {name!r} has shape {arr.shape}: must be a square matrix of shape {shape}")
    if not np.all(np.isfinite(arr)):
        raise NoneqInputError(f"parameter {name!r} has non-finite entries: must be a finite Hermitian matrix")
    scale = max(1.0, float(np.max(np.abs(arr))))
    asym = float(np.max(np.abs(arr - arr.conj().T)))
    if asym > HERMITIAN_TOLERANCE * scale:
        raise NoneqInputError(f"parameter {name!r} is not Hermitian (max|H - H^dagger| = {asym:.3g}): "
                              f"must be a Hermitian matrix")
    herm = 0.5 * (arr + arr.conj().T)
    if np.iscomplexobj(herm) and not np.any(herm.imag):
        herm = herm.real
    return _frozen(herm)


def check_density(rho, name: str, dim: int) -> np.ndarray:
    """Validate a density matrix of size ``dim`` (a normalized state vector is turned into |psi><psi|)."""
    arr = np.asarray(rho.full() if hasattr(rho, "full") else rho)
    if arr.ndim == 1 and arr.shape[0] == dim and np.issubdtype(arr.dtype, np.number):
        norm = float(np.vdot(arr, arr).real)
        if abs(norm - 1.0) > DENSITY_TOLERANCE:
            raise NoneqInputError(f"parameter {name!r} is a state vector of squared norm {norm:.6g}: must be 1")
        arr = np.outer(arr, arr.conj())
    herm = check_hermitian(arr, name, dim)
    trace = float(np.trace(herm).real)
    if abs(trace - 1.0) > DENSITY_TOLERANCE:
        raise NoneqInputError(f"parameter {name!r} has trace {trace:.6g}: must be a density matrix (trace 1)")
    lowest = float(np.linalg.eigvalsh(herm)[0])
    if lowest < -DENSITY_TOLERANCE:
        raise NoneqInputError(f"parameter {name!r} has eigenvalue {lowest:.3g}: must be a positive "
                              f"semidefinite density matrix")
    return herm


@dataclass(frozen=True, eq=False)
class Reservoir:
    """A finite reservoir: Hamiltonian ``H`` (d_r, d_r), initially canonical at inverse temperature ``beta``."""

    H: np.ndarray
    beta: float
    name: str = ""

    def __post_init__(self) -> None:
        label = f"{self.name}.H" if self.name else "H_r"
        object.__setattr__(self, "H", check_hermitian(self.H, label))
        object.__setattr__(self, "beta", check_beta(self.beta, f"{self.name}.beta" if self.name else "beta"))

    @property
    def dim(self) -> int:
        return int(self.H.shape[0])

    @cached_property
    def equilibrium_state(self) -> np.ndarray:
        """rho_r^eq = exp(-beta H_r) / Z_r (eq. (1))."""
        return thermal_state(self.H, self.beta)


@dataclass(frozen=True, eq=False)
class Stage:
    """From time ``start`` > 0 on, the system Hamiltonian is ``H_s`` and the coupling ``V`` (piecewise-constant
    protocol)."""

    start: float
    H_s: np.ndarray
    V: np.ndarray


@dataclass(frozen=True, eq=False)
class OpenSystem:
    """System (``H_s``, ``rho_s0``) coupled by ``V`` to finite ``reservoirs``; see the module docstring."""

    H_s: np.ndarray
    reservoirs: tuple[Reservoir, ...]
    V: np.ndarray
    rho_s0: np.ndarray
    stages: tuple[Stage, ...] = ()

    def __post_init__(self) -> None:
        reservoirs = (self.reservoirs,) if isinstance(self.reservoirs, Reservoir) else tuple(self.reservoirs)
        if not reservoirs or not all(isinstance(r, Reservoir) for r in reservoirs):
            raise bad_value("reservoirs", self.reservoirs, "one or more Reservoir objects")
        object.__setattr__(self, "reservoirs", reservoirs)
        H_s = check_hermitian(self.H_s, "H_s")
        d = H_s.shape[0] * math.prod(r.dim for r in reservoirs)
        if d > MAX_DIMENSION:
            raise NoneqInputError(f"total dimension {d} = d_s * prod(d_r): must be at most {MAX_DIMENSION} for "
                                  f"the dense general solver (use noneq.reservoir.spin_gorm for large reservoirs)")
        object.__setattr__(self, "H_s", H_s)
        object.__setattr__(self, "V", check_hermitian(self.V, "V", d))
        object.__setattr__(self, "rho_s0", check_density(self.rho_s0, "rho_s0", H_s.shape[0]))
        stages, last = [], 0.0
        for k, stage in enumerate(self.stages):
            if not isinstance(stage, Stage):
                raise bad_value(f"stages[{k}]", stage, "a Stage(start, H_s, V)")
            start = float(stage.start)
            if not math.isfinite(start) or start <= last:
                raise bad_value(f"stages[{k}].start", stage.start, f"a finite time > {last:g} (increasing)")
            stages.append(Stage(start, check_hermitian(stage.H_s, f"stages[{k}].H_s", H_s.shape[0]),
                                check_hermitian(stage.V, f"stages[{k}].V", d)))
            last = start
        object.__setattr__(self, "stages", tuple(stages))

    @property
    def dims(self) -> tuple[int, ...]:
        """Subsystem dimensions (d_s, d_1, ..., d_R)."""
        return (int(self.H_s.shape[0]),) + tuple(r.dim for r in self.reservoirs)

    @property
    def dim(self) -> int:
        return math.prod(self.dims)

    @property
    def driven(self) -> bool:
        """True when H_s or V change in time (a protocol with stages)."""
        return bool(self.stages)

    def embed(self, operator: np.ndarray, factor: int) -> np.ndarray:
        """``operator`` acting on subsystem ``factor`` (0 = system, r + 1 = reservoir r), as a (d, d) matrix."""
        out = np.ones((1, 1))
        for k, dk in enumerate(self.dims):
            out = np.kron(out, operator if k == factor else np.eye(dk))
        return out

    def hamiltonian(self, H_s: np.ndarray | None = None, V: np.ndarray | None = None) -> np.ndarray:
        """Total H = H_s (x) 1 + sum_r H_r + V (eq. (3)); defaults: the t = 0 values."""
        H = self.embed(self.H_s if H_s is None else H_s, 0) + (self.V if V is None else V)
        for r, reservoir in enumerate(self.reservoirs):
            H = H + self.embed(reservoir.H, r + 1)
        return H

    def initial_state(self) -> np.ndarray:
        """rho(0) = rho_s(0) (x) prod_r rho_r^eq (eq. (2))."""
        rho = self.rho_s0
        for reservoir in self.reservoirs:
            rho = np.kron(rho, reservoir.equilibrium_state)
        return rho

    def segments(self, t_max: float) -> list[tuple[float, float, np.ndarray, np.ndarray]]:
        """The protocol as (t_start, t_end, H_s, V) intervals covering [0, t_max]."""
        starts = [0.0] + [s.start for s in self.stages]
        hs = [self.H_s] + [s.H_s for s in self.stages]
        vs = [self.V] + [s.V for s in self.stages]
        ends = starts[1:] + [math.inf]
        return [(a, min(b, t_max), h, v) for a, b, h, v in zip(starts, ends, hs, vs) if a <= t_max]
