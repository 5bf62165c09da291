"""The exact solver of the spin-GORM model (method "eigh") and the result type of every spin-GORM solver.

Model: `noneq.reservoir.model.SpinGorm`, H = (Delta/2) sigma_z + H_r + lambda sigma_x R (eq. (29)); hbar = 1.
H is real symmetric: H = W diag(E) W^T with W = [W_up; W_down] (two N x 2N blocks). Since
rho(0) = |down><down| (x) diag(p_n), its eigenbasis form is M = W_down^T diag(p) W_down, and every observable
needed is a Gram matrix of the blocks:

    sigma_z -> 1 - 2 W_down^T W_down,   sigma_x -> B + B^T,   sigma_y -> i (B^T - B),   B = W_up^T W_down,
    H_r -> W_up^T diag(E) W_up + W_down^T diag(E) W_down,

so the set-up is one 2N x 2N ``eigh`` (O(N^3), about four dense (2N)^2 matrices of memory) plus five
(2N x N x 2N) products, and each time costs O(N^2) (`noneq.reservoir.exact.phase_series`). <V> follows from
energy conservation, <V>_t = <H>_0 - <H_s>_t - <H_r>_t. No symmetry reduces the problem (the GOE R breaks the
spin parity); time reversal makes W and every product real.

Result type of the family (this solver and the large-N ones of `noneq.reservoir.typicality`): `SpinGormSeries`,
a frozen dataclass with `SpinGormSeries.to_xarray`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
import xarray as xr

from noneq.core.errors import NumericalError
from noneq.core.resources import check_memory
from noneq.core.results import labelled
from noneq.reservoir.exact import PHASE_BLOCK_BYTES, Eigensystem, phase_series
from noneq.reservoir.model import SpinGorm, check_instance, check_times, invalid

EVD_MAX_N = 4096  # divide and conquer (fastest) up to here; above, MRRR ("evr": O(N) workspace instead of 8 N^2)
SERIES = {  # name: (unit, long name) of the time series of a SpinGormSeries
    "sx": ("1", "<sigma_x>_t"),
    "sy": ("1", "<sigma_y>_t"),
    "sz": ("1", "<sigma_z>_t"),
    "reservoir_energy": ("energy", "<H_r>_t"),
    "system_energy": ("energy", "<H_s>_t = (Delta/2) <sigma_z>_t"),
    "interaction_energy": ("energy", "<V>_t = lambda <sigma_x R>_t"),
    "energy": ("energy", "<H>_t (conserved)"),
}
SAMPLED = ("sx", "sy", "sz", "reservoir_energy")  # the quantities of SpinGormSeries.per_sample, in order
EIGH_MATRICES = 4  # dense (2N)^2 double matrices alive at once: H, W and LAPACK's 2 (2N)^2 workspace (evd), or
# after it W, M, G, X (module docstring)
FLOP_RATE = 2.5e10  # flops per second on one core of eigh and the Gram products (measured 3.3-4.9e10)
PHASE_SECONDS = 2e-8  # per energy and output time: cos and sin of the phases
PHASE_TABLES = 6  # phase_series: cos, sin, G cos, G sin (and the phases) of one block of times


def eigh_memory(N: int, n_times: int) -> float:
    """Peak bytes of `spin_gorm_series`: EIGH_MATRICES dense 2N x 2N matrices, the phase tables of one block of
    times and the series.

    >>> round(eigh_memory(1000, 201) / 2 ** 20)
    140
    """
    return 8.0 * (EIGH_MATRICES * (2 * N) ** 2 + 16 * n_times) + PHASE_TABLES * min(PHASE_BLOCK_BYTES,
                                                                                     8.0 * 2 * N * n_times)


def eigh_seconds(N: int, n_times: int) -> float:
    """Seconds on one core of `spin_gorm_series`: ~9 (2N)^3 flops for ``eigh`` (divide and conquer, vectors),
    ~5 x 2 (2N)^2 N for the Gram products, 16 (2N)^2 per output time for the four series, at FLOP_RATE; and
    PHASE_SECONDS per energy and time for the phases.

    >>> round(eigh_seconds(1000, 201), 1)
    5.0
    """
    d = 2.0 * N
    return (9.0 * d ** 3 + 10.0 * d * d * N + 16.0 * d * d * n_times) / FLOP_RATE + PHASE_SECONDS * d * n_times


@dataclass(frozen=True, eq=False)
class SpinGormSeries:
    """Time series of the spin-GORM model from one solver; every array has shape (n_t,).

    Attributes
    ----------
    times: the output times. sx, sy, sz: the Bloch vector. reservoir_energy, system_energy, interaction_energy,
    energy: <H_r>, <H_s>, <V>, <H> (energy units). method: "eigh", "typicality" or "components".
    per_sample: typicality only, (4, samples, n_t): each random-phase vector's <sx>, <sy>, <sz>, <H_r> (for
    jackknife errors). truncated_weight, components: components only (discarded Boltzmann weight, number K of
    propagated components).
    """

    times: np.ndarray
    sx: np.ndarray
    sy: np.ndarray
    sz: np.ndarray
    reservoir_energy: np.ndarray
    system_energy: np.ndarray
    interaction_energy: np.ndarray
    energy: np.ndarray
    method: str
    per_sample: np.ndarray | None = None
    truncated_weight: float | None = None
    components: int | None = None

    @classmethod
    def from_bloch(cls, model: SpinGorm, times: np.ndarray, sx, sy, sz, reservoir_energy, method: str,
                   **extra) -> SpinGormSeries:
        """The series from the Bloch vector and <H_r>: <H_s> = (Delta/2) <sz>, <V> by energy conservation from
        <H>_0 = <H_r>_0 - Delta/2 (<V>_0 = 0 for |down>)."""
        energy0 = float(model.populations() @ model.levels()) - 0.5 * model.delta
        system_energy = 0.5 * model.delta * sz
        return cls(times, sx, sy, sz, reservoir_energy, system_energy, energy0 - system_energy - reservoir_energy,
                   np.full(times.size, energy0), method, **extra)

    def check_finite(self) -> SpinGormSeries:
        """The series itself if every value is finite; `NumericalError` naming the non-finite series otherwise.

        >>> spin_gorm_series(SpinGorm(N=4), [0.0, 1.0]).check_finite().method
        'eigh'
        """
        bad = [name for name in SERIES if not np.all(np.isfinite(getattr(self, name)))]
        if self.per_sample is not None and not np.all(np.isfinite(self.per_sample)):
            bad.append("per_sample")
        if bad:
            raise NumericalError(f"method {self.method} produced non-finite values in {', '.join(bad)}")
        return self

    def to_xarray(self) -> xr.Dataset:
        """The series as a Dataset (dim ``time``; ``per_sample`` with dims (quantity, sample, time)).

        >>> spin_gorm_series(SpinGorm(N=4), [0.0, 1.0]).to_xarray().sz.dims
        ('time',)
        """
        ds = xr.Dataset(coords={"time": labelled(self.times, "time", "1/energy", "time t (hbar = 1)")})
        for name, (unit, text) in SERIES.items():
            ds[name] = labelled(getattr(self, name), "time", unit, text)
        if self.per_sample is not None:
            ds["per_sample"] = labelled(self.per_sample, ("quantity", "sample", "time"), "1",
                                        "each random-phase vector's <sx>, <sy>, <sz>, <H_r> (energy)")
            ds = ds.assign_coords(quantity=list(SAMPLED))
        if self.truncated_weight is not None:
            ds["truncated_weight"] = labelled(self.truncated_weight, (), "1", "discarded Boltzmann weight")
            ds["components"] = labelled(self.components, (), "1", "propagated thermal components")
        ds.attrs["method"] = self.method
        return ds


def spin_gorm_eigensystem(model: SpinGorm) -> Eigensystem:
    """H = W diag(E) W^T of the spin-GORM model and rho(0) in that eigenbasis, M = W_down^T diag(p) W_down
    (module docstring): the one O(N^3) step of method "eigh", shareable with the two-point statistics
    (`noneq.reservoir.statistics`; the basis index sigma * N + n is that of ``model.open_system()``).

    >>> eig = spin_gorm_eigensystem(SpinGorm(N=4))
    >>> eig.vectors.shape, round(float(np.trace(eig.rho0)), 12)
    ((8, 8), 1.0)
    """
    model = check_instance("model", model, SpinGorm)
    N = model.N
    check_memory(eigh_memory(N, 0), f"method eigh (a dense {2 * N} x {2 * N} eigendecomposition)",
                 "reduce N or use method typicality")
    driver = "evd" if N <= EVD_MAX_N else "evr"
    energies, W = scipy.linalg.eigh(model.hamiltonian(), driver=driver, overwrite_a=True, check_finite=False)
    K = np.sqrt(model.populations())[:, None] * W[N:]
    M = K.T @ K
    return Eigensystem(energies, W, M)


def spin_gorm_series(model: SpinGorm, times, *, eig: Eigensystem | None = None) -> SpinGormSeries:
    """Exact Bloch vector and energies of the spin-GORM model at ``times`` (method "eigh", module docstring);
    ``eig``: `spin_gorm_eigensystem` of this model if already made.

    >>> series = spin_gorm_series(SpinGorm(N=8, seed=1), [0.0, 10.0])
    >>> round(float(series.sz[0]), 12), series.method
    (-1.0, 'eigh')
    """
    model = check_instance("model", model, SpinGorm)
    t = check_times(times, scale=model.energy_scale())
    N = model.N
    check_memory(eigh_memory(N, t.size), f"method eigh (a dense {2 * N} x {2 * N} eigendecomposition)",
                 "reduce N or use method typicality")
    E_r = model.levels()
    if eig is None:
        eig = spin_gorm_eigensystem(model)
    elif not (isinstance(eig, Eigensystem) and eig.vectors.shape == (2 * N, 2 * N)):
        raise invalid("eig", eig, f"the spin_gorm_eigensystem of this model ({2 * N} x {2 * N})")
    energies, W, M = eig.energies, eig.vectors, eig.rho0
    W_up, W_down = W[:N], W[N:]
    G = W_down.T @ W_down
    G *= M
    sz = 1.0 - 2.0 * phase_series(G, energies, t).real
    G = np.matmul(W_up.T, W_down, out=G)                  # B
    X = G.T.copy()
    X += G
    X *= M                                                # sigma_x in the eigenbasis, times M
    sx = phase_series(X, energies, t).real
    np.subtract(G, G.T, out=X)
    X *= M                                                # (B - B^T)_ab M_ab = K_ba M_ab (see docstring)
    sy = -phase_series(X, energies, t).imag
    del X
    G = np.matmul(W_up.T, E_r[:, None] * W_up, out=G)
    G += W_down.T @ (E_r[:, None] * W_down)
    G *= M
    reservoir_energy = phase_series(G, energies, t).real
    return SpinGormSeries.from_bloch(model, t, sx, sy, sz, reservoir_energy, "eigh")
