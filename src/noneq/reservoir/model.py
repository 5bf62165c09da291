"""The models as validated, frozen data: a small quantum system coupled to finite reservoirs (`OpenSystem`,
`Reservoir`, `Stage`) and the paper's spin-GORM model (`SpinGorm`). No solving here.

General setting (paper eqs. (1)-(3)); hbar = k_B = 1:

    H(t) = H_s(t) (x) 1 + sum_r 1 (x) H_r (x) 1 + V(t),      rho(0) = rho_s(0) (x) prod_r exp(-beta_r H_r) / Z_r.

Tensor ordering: the system is the leftmost kron factor, then the reservoirs in the order given; ``V`` acts on
the whole space (d, d), d = d_s prod_r d_r. A drive or a switched coupling is a piecewise-constant protocol of
`Stage` s (start time, H_s, V); the Hamiltonian at t = 0 (the one in W and Delta U, eqs. (19), (21)) is (H_s, V).

Spin-GORM (paper eq. (29)): H = (Delta/2) sigma_z + H_r + lambda sigma_x R with N equally spaced reservoir
levels in [-1/2, 1/2], R = X / sqrt(8N), X from the GOE with density ~ exp(-Tr X^2 / 4); the spin starts in
|down>, the reservoir canonical at beta. Basis index sigma * N + n, sigma = 0 (up), 1 (down).

Validation happens at construction (`noneq.core.validation` for scalars; Hermitian matrices, matching dimensions
and density matrices checked here) and raises `NoneqInputError` naming the parameter, the value and what is
allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from noneq.core import validation
from noneq.core.errors import NoneqInputError
from noneq.core.resources import check_memory
from noneq.quantum import thermal_state

SYSTEM_NAME = "reservoir"  # the registered system name, recorded in the provenance of every dataset
HERMITIAN_TOLERANCE = 1e-10  # relative: max|H - H^dagger| / max(1, max|H|) above this is not Hermitian
DENSITY_TOLERANCE = 1e-10  # rho_s(0): |Tr - 1| and the most negative eigenvalue tolerated (rounding only)
MAX_DIMENSION = 4096  # dense total space of the general solver (a d x d eigendecomposition, d^2 memory)
MAX_N = 20000  # spin-GORM levels: the dense 2N x 2N eigendecomposition needs 12.8 GB per matrix at N = 20000
MAX_ENERGY = 1e6  # |delta|, |coupling| in bandwidths: far beyond any transition (the spin is frozen at 1e6)
MAX_BETA = 1e6  # beta: every allowed reservoir (level spacing >= 1/MAX_N) is in its ground state to e^{-50};
# beyond, beta only multiplies the rounding of the heat in beta Q
MAX_PHASE = 1e10  # t_max times the energy scale of H: the phases e^{-iEt} keep ~1e-6 rad of the ~1e-16 rounding
# of each energy; beyond, every time series is noise
MAX_SHOWN = 100  # characters of a bad value shown in an error message (longer ones: their type)
COUPLING_NORM_BOUND = 1.5  # ||R|| -> 1/sqrt(2) for large N (semicircle edge); for a scale, not a strict bound
SIGMA_X = np.array([[0.0, 1.0], [1.0, 0.0]])
SIGMA_Y = np.array([[0.0, -1j], [1j, 0.0]])
SIGMA_Z = np.array([[1.0, 0.0], [0.0, -1.0]])
DOWN = np.array([[0.0, 0.0], [0.0, 1.0]])  # |down><down|, sigma_z |down> = -|down>


def _frozen(array: np.ndarray) -> np.ndarray:
    out = np.array(array, copy=True)
    out.setflags(write=False)
    return out


def check_times(times, *, from_zero: bool = False, scale: float | None = None) -> np.ndarray:
    """Validate output times: a scalar or a non-empty 1D array of finite, non-negative, non-decreasing numbers.

    Returns them as a 1D float array (equal consecutive times are allowed). ``from_zero``: the first time must be
    0 (the reference of every change Delta S, Q, Delta_i S). ``scale``: an upper bound of |E| over the spectrum of
    H; then max(times) * scale must be at most MAX_PHASE (module constant: beyond, the phases e^{-iEt} are noise).

    >>> check_times(2.0)
    array([2.])
    >>> check_times([1.0, 2.0], from_zero=True)
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'times' = [1.0, 2.0]: must be ... times starting at 0
    """
    allowed = "a non-empty 1D array of finite, non-negative, non-decreasing times" + \
        (" starting at 0" if from_zero else "")
    t = np.atleast_1d(real_values("times", times, minimum=0.0, allowed=allowed))
    if t.size == 0 or t.ndim != 1 or np.any(np.diff(t) < 0) or (from_zero and t[0] != 0.0):
        raise invalid("times", times, allowed)
    if scale is not None and not float(t[-1]) * scale <= MAX_PHASE:
        raise invalid("times", times, f"times up to {MAX_PHASE:g} / {scale:.3g} (the energy scale of H): "
                        f"beyond, the rounding of the energies makes the phases e^(-iEt) meaningless")
    return t


def real_values(name: str, value, *, ndim: int | None = None, minimum: float | None = None,
                allow_infinity: bool = False, allowed: str = "") -> np.ndarray:
    """``value`` (a real number or an array of them, of ``ndim`` dimensions if given) as a float array; strings,
    booleans, complex numbers and NaN are refused, infinities unless ``allow_infinity``.

    >>> real_values("omega", [0.1, -0.1])
    array([ 0.1, -0.1])
    >>> real_values("times", "3")
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'times' = '3': must be finite real numbers
    """
    numbers = ("" if allow_infinity else "finite ") + "real numbers" + ("" if minimum is None else f" >= {minimum:g}")
    text = allowed or (numbers if ndim is None else f"a {ndim}-dimensional array of {numbers}")
    try:
        kind = np.asarray(value).dtype.kind
        array = np.array(value, dtype=float) if kind in "iuf" else None
    except (TypeError, ValueError, OverflowError):
        array = None
    if array is None or (ndim is not None and array.ndim != ndim) or np.any(np.isnan(array)) or \
            (not allow_infinity and not np.all(np.isfinite(array))) or \
            (minimum is not None and np.any(array < minimum)):
        raise invalid(name, value, text)
    return array


def check_instance(name: str, value, kind: type):
    """``value`` if it is a ``kind`` (a model object), else `NoneqInputError` naming the parameter.

    >>> check_instance("model", 3, SpinGorm)
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'model' = 3: must be a SpinGorm
    """
    if not isinstance(value, kind):
        raise invalid(name, value, f"a {kind.__name__}")
    return value


def invalid(name: str, value, allowed: str) -> NoneqInputError:
    """The standard one-line bad-input error; arrays are described by their shape (`validation.describe_value`),
    other long values by their type.

    >>> str(invalid("times", np.zeros((3, 4)), "1D"))
    "parameter 'times' = <array of shape (3, 4)>: must be 1D"
    """
    text = validation.describe_value(value)
    if "\n" in text or len(text) > MAX_SHOWN:
        text = f"<{type(value).__name__}>"
    return NoneqInputError(f"parameter {name!r} = {text}: must be {allowed}")


def max_phase_time(scale: float) -> float:
    """The largest t_max allowed for an energy scale ``scale`` (`check_times`).

    >>> max_phase_time(1.0)
    10000000000.0
    """
    return MAX_PHASE / scale


def check_hermitian(matrix, name: str, dim: int | None = None) -> np.ndarray:
    """Validate a Hermitian (d, d) matrix (``dim``: required size, at most MAX_DIMENSION); returns a read-only
    copy, real if it is.

    >>> check_hermitian([[0.0, 1.0], [1.0, 0.0]], "H").flags.writeable
    False
    """
    try:
        arr = np.asarray(matrix.full() if hasattr(matrix, "full") else matrix)
        if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
            raise TypeError
    except (TypeError, ValueError):
        raise invalid(name, matrix, "a numeric square matrix") from None
    shape = f"({dim}, {dim})" if dim is not None else "(d, d)"
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0 or \
            (dim is not None and arr.shape[0] != dim):
        raise NoneqInputError(f"parameter {name!r} has shape {arr.shape}: must be a square matrix of shape {shape}")
    if arr.shape[0] > MAX_DIMENSION:
        raise NoneqInputError(f"parameter {name!r} has shape {arr.shape}: must be at most {MAX_DIMENSION} x "
                              f"{MAX_DIMENSION} (the dense general solver; noneq.reservoir.spin_gorm for large N)")
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
    """Validate a density matrix of size ``dim``; a normalized state vector is turned into |psi><psi|.

    >>> check_density([0.0, 1.0], "rho_s0", 2)
    array([[0., 0.],
           [0., 1.]])
    """
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
    """A finite reservoir: Hamiltonian ``H`` (d_r, d_r), initially canonical at inverse temperature ``beta`` >= 0.

    >>> bath = Reservoir(np.diag([0.0, 1.0]), beta=np.log(3.0))
    >>> np.round(np.diag(bath.equilibrium_state), 12)
    array([0.75, 0.25])
    """

    H: np.ndarray
    beta: float
    name: str = ""

    def __post_init__(self) -> None:
        label = f"{self.name}.H" if self.name else "H_r"
        object.__setattr__(self, "H", check_hermitian(self.H, label))
        beta = validation.real(f"{self.name}.beta" if self.name else "beta", self.beta, minimum=0.0,
                               maximum=MAX_BETA)
        object.__setattr__(self, "beta", beta)

    @property
    def dim(self) -> int:
        """Dimension d_r of the reservoir."""
        return int(self.H.shape[0])

    @cached_property
    def equilibrium_state(self) -> np.ndarray:
        """rho_r^eq = exp(-beta H_r) / Z_r (eq. (1))."""
        return thermal_state(self.H, self.beta)


@dataclass(frozen=True, eq=False)
class Stage:
    """From time ``start`` > 0 on, the system Hamiltonian is ``H_s`` and the coupling ``V`` (piecewise-constant
    protocol); validated by the `OpenSystem` that holds it."""

    start: float
    H_s: np.ndarray
    V: np.ndarray


@dataclass(frozen=True, eq=False)
class OpenSystem:
    """System (``H_s``, initial state ``rho_s0``) coupled by ``V`` to finite ``reservoirs`` (module docstring).

    Examples
    --------
    A qubit between a hot and a cold three-level reservoir (not the paper's model):

    >>> sz = np.diag([1.0, -1.0])
    >>> hot = Reservoir(np.diag([0.0, 0.5, 1.0]), beta=0.5)
    >>> cold = Reservoir(np.diag([0.0, 0.4, 0.9]), beta=5.0)
    >>> c = np.ones((3, 3)) - np.eye(3)
    >>> V = 0.1 * (np.kron(np.kron(SIGMA_X, c), np.eye(3)) + np.kron(np.kron(SIGMA_X, np.eye(3)), c))
    >>> model = OpenSystem(0.5 * sz, (hot, cold), V, np.diag([0.0, 1.0]))
    >>> model.dims, model.hamiltonian().shape, round(float(np.trace(model.initial_state()).real), 12)
    ((2, 3, 3), (18, 18), 1.0)
    """

    H_s: np.ndarray
    reservoirs: tuple[Reservoir, ...]
    V: np.ndarray
    rho_s0: np.ndarray
    stages: tuple[Stage, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.reservoirs, Reservoir):
            reservoirs = (self.reservoirs,)
        elif isinstance(self.reservoirs, (list, tuple)):
            reservoirs = tuple(self.reservoirs)
        else:
            reservoirs = ()
        if not reservoirs or not all(isinstance(r, Reservoir) for r in reservoirs):
            raise invalid("reservoirs", self.reservoirs, "one or more Reservoir objects")
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
                raise invalid(f"stages[{k}]", stage, "a Stage(start, H_s, V)")
            start = validation.real(f"stages[{k}].start", stage.start, minimum=last, exclusive_minimum=True,
                                    allowed=f"a finite time > {last:g} (increasing)")
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
        """Total dimension d = d_s prod_r d_r."""
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

    def energy_scale(self) -> float:
        """An upper bound of |E| over the spectrum of H at every stage: ||H_s|| + sum_r ||H_r|| + ||V|| with the
        largest absolute row sums (no diagonalization).

        >>> SpinGorm(N=4, coupling=0.0).open_system().energy_scale()
        0.55
        """
        def norm(matrix):
            return float(np.max(np.sum(np.abs(matrix), axis=1)))
        reservoirs = sum(norm(r.H) for r in self.reservoirs)
        return max(norm(h) + norm(v) for h, v in [(self.H_s, self.V)] + [(s.H_s, s.V) for s in self.stages]) \
            + reservoirs

    def initial_state(self) -> np.ndarray:
        """rho(0) = rho_s(0) (x) prod_r rho_r^eq (eq. (2))."""
        rho = self.rho_s0
        for reservoir in self.reservoirs:
            rho = np.kron(rho, reservoir.equilibrium_state)
        return rho

    def protocol_at(self, time: float) -> tuple[np.ndarray, np.ndarray]:
        """(H_s, V) in force at ``time``: the last stage started at or before it (at a switching instant the
        new Hamiltonian holds; the state is continuous)."""
        current = (self.H_s, self.V)
        for stage in self.stages:
            if stage.start <= time:
                current = (stage.H_s, stage.V)
        return current

    def segments(self, t_max: float) -> list[tuple[float, float, np.ndarray, np.ndarray]]:
        """The protocol as (t_start, t_end, H_s, V) intervals covering [0, t_max]."""
        starts = [0.0] + [s.start for s in self.stages]
        hs = [self.H_s] + [s.H_s for s in self.stages]
        vs = [self.V] + [s.V for s in self.stages]
        ends = starts[1:] + [math.inf]
        return [(a, min(b, t_max), h, v) for a, b, h, v in zip(starts, ends, hs, vs) if a <= t_max]


def goe_matrix(N: int, rng: np.random.Generator) -> np.ndarray:
    """GOE matrix X (N, N) with density ~ exp(-Tr X^2 / 4): X = (A + A^T)/sqrt(2), A_ij iid N(0, 1).

    Off-diagonal variance 1, diagonal variance 2.

    >>> X = goe_matrix(3, np.random.default_rng(0))
    >>> bool(np.array_equal(X, X.T))
    True
    """
    A = rng.standard_normal((N, N))
    A += A.T  # in place: peak memory 2 N^2 doubles (the transpose is buffered), the same values as A + A.T
    A /= math.sqrt(2.0)
    return A


@dataclass(frozen=True)
class SpinGorm:
    """The spin-GORM model of eq. (29): ``N`` reservoir levels, spin splitting ``delta`` (Delta), inverse
    temperature ``beta``, system-reservoir ``coupling`` (lambda) and the ``seed`` of the GOE draw of R.

    Examples
    --------
    >>> model = SpinGorm(N=4, coupling=0.2, seed=1)
    >>> model.levels()
    array([-0.5       , -0.16666667,  0.16666667,  0.5       ])
    >>> model.hamiltonian().shape, bool(np.allclose(model.hamiltonian()[:4, 4:], 0.2 * model.coupling_matrix()))
    ((8, 8), True)
    >>> round(float(model.populations().sum()), 12)
    1.0
    """

    N: int
    delta: float = 0.1
    beta: float = 10.0
    coupling: float = 0.1
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "N", validation.integer("N", self.N, minimum=2, maximum=MAX_N))
        object.__setattr__(self, "delta", validation.real("delta", self.delta, minimum=-MAX_ENERGY,
                                                          maximum=MAX_ENERGY))
        object.__setattr__(self, "beta", validation.real("beta", self.beta, minimum=0.0, maximum=MAX_BETA))
        object.__setattr__(self, "coupling", validation.real("coupling", self.coupling, minimum=-MAX_ENERGY,
                                                             maximum=MAX_ENERGY))
        object.__setattr__(self, "seed", validation.integer("seed", self.seed, minimum=0))

    def levels(self) -> np.ndarray:
        """Reservoir energies E_n, N equally spaced in [-1/2, 1/2]."""
        return np.linspace(-0.5, 0.5, self.N)

    def populations(self) -> np.ndarray:
        """Canonical weights p_n = exp(-beta E_n) / Z."""
        w = np.exp(-self.beta * (self.levels() - self.levels()[0]))
        return w / w.sum()

    def coupling_matrix(self) -> np.ndarray:
        """R = X / sqrt(8 N), X the seeded GOE draw (the same draw at every call); peak memory 2 N^2 doubles."""
        check_memory(2.0 * 8 * self.N ** 2, f"the {self.N} x {self.N} coupling matrix R", "reduce N")
        R = goe_matrix(self.N, np.random.default_rng(self.seed))
        R /= math.sqrt(8.0 * self.N)
        return R

    def energy_scale(self) -> float:
        """An upper bound of |E| over the spectrum of H (Weyl): 1/2 + |delta|/2 + |coupling| ||R||, with
        ||R|| <= COUPLING_NORM_BOUND (the GOE edge 1/sqrt(2) with room for small-N fluctuations).

        >>> SpinGorm(N=4, delta=0.1, coupling=0.1).energy_scale()
        0.7
        """
        return 0.5 + 0.5 * abs(self.delta) + abs(self.coupling) * COUPLING_NORM_BOUND

    def hamiltonian(self) -> np.ndarray:
        """Total H (2N, 2N), real symmetric, basis index sigma * N + n (sigma = 0 up, 1 down); built in place."""
        N, E = self.N, self.levels()
        check_memory(8.0 * (4 + 2) * N ** 2, f"the dense {2 * N} x {2 * N} Hamiltonian", "reduce N")
        H = np.zeros((2 * N, 2 * N))
        H[:N, N:] = self.coupling_matrix()
        H[:N, N:] *= self.coupling
        H[N:, :N] = H[:N, N:].T
        diagonal = np.concatenate([E + 0.5 * self.delta, E - 0.5 * self.delta])
        H[np.diag_indices(2 * N)] = diagonal
        return H

    def open_system(self) -> OpenSystem:
        """The same model as an `OpenSystem` for the general solvers (small N: total dimension 2N <= MAX_DIMENSION)."""
        if 2 * self.N > MAX_DIMENSION:
            raise NoneqInputError(f"parameter 'N' = {self.N}: must be at most {MAX_DIMENSION // 2} for the dense "
                                  f"general solver (total dimension 2N); use noneq.reservoir.spin_gorm")
        V = self.coupling * np.kron(SIGMA_X, self.coupling_matrix())
        return OpenSystem(0.5 * self.delta * SIGMA_Z, (Reservoir(np.diag(self.levels()), self.beta),), V, DOWN)
