"""Distributions of the two-point-measurement quantities of `noneq.reservoir.statistics` from the exact
transition probabilities T_ba(t) = |<b|U(t)|a>|^2 (hbar = 1): two real d x d x d_+ products per time for a real
H (d_+: the populated initial states), then one histogram per quantity on symmetric energy bins (docs/papers/
reservoir.md, "Beyond the paper: heat statistics").

A driven protocol (stages) is taken stage by stage: in stage k, <b|U(t)|a> = sum_l Phi_bl e^{-i E_l (t - t_k)}
Psi_al^* with the final measurement's basis b of the H_s in force (Phi) and the first measurement's basis a
carried to t_k (Psi; `noneq.reservoir.statistics.stage_bases`), so the cost per time is unchanged (complex
products once Psi is complex). The bins of each quantity span its largest |X_ab| over the stages with output
times.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core import validation
from noneq.core.errors import NumericalError
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.reservoir.exact import Eigensystem
from noneq.reservoir.model import SYSTEM_NAME, OpenSystem, check_instance, invalid
from noneq.reservoir.statistics import (MAX_BINS, SUPPORT_TOLERANCE, TpmBasis, check_inputs, check_time,
                                       final_function, initial_function, labelled_frame, measurements,
                                       provenance_parameters, quantity_names, stage_bases, tpm_memory)

__all__ = ["tpm_transitions", "tpm_distribution"]


def tpm_transitions(basis: TpmBasis, time: float) -> np.ndarray:
    """T_ba(t) = |<b|U(t)|a>|^2 for every final b and populated initial a (``basis.support``), shape (d, d_+);
    ``time`` in the stage of ``basis`` ([basis.start, basis.end), `tpm_basis` with the same ``time``), where
    <b|U(t)|a> = sum_k Phi_bk e^{-i E_k (t - start)} Psi_ak^*.

    >>> from noneq.reservoir.model import SpinGorm
    >>> from noneq.reservoir.statistics import tpm_basis
    >>> basis = tpm_basis(SpinGorm(N=4, coupling=0.2).open_system(), reference_beta=10.0)
    >>> np.round(tpm_transitions(basis, 3.0).sum(axis=0), 12)      # each column is a distribution
    array([1., 1., 1., 1.])
    """
    basis = check_instance("basis", basis, TpmBasis)
    t = check_time(time)
    if not basis.start <= t < basis.end:
        raise invalid("time", time, f"a time in [{basis.start:g}, {basis.end:g}), the stage of this basis (make "
                      "the basis of a driven model with tpm_basis(model, time=...))")
    Phi, E = basis.overlaps, basis.energies
    u = np.exp(-1j * E * (t - basis.start))
    columns = basis.initial_overlaps[basis.support].conj().T
    if np.isrealobj(Phi) and np.isrealobj(columns):
        amplitude = (Phi * u.real) @ columns + 1j * ((Phi * u.imag) @ columns)
    else:
        amplitude = (Phi * u) @ columns
    return amplitude.real ** 2 + amplitude.imag ** 2


def tpm_distribution(model: OpenSystem, times, *, bins: int = 101, reference_beta: float | None = None,
                     eig: Eigensystem | None = None) -> xr.Dataset:
    """Distributions of the TPM quantities at ``times`` on ``bins`` (odd) symmetric energy bins each, from the
    exact transition probabilities (module docstring); O(d^2 d_+) per time, plus one eigendecomposition per
    stage of a driven protocol (``eig``: the shared one of a constant Hamiltonian; refused for a driven model).

    Each quantity X gets a variable ``<X>_distribution`` with dims (time, <X>_bin): the probability in each bin,
    the coordinate <X>_bin the bin centres, the bins spanning [-X_max, X_max] (X_max: the largest |X_ab| of a
    possible transition at any of the ``times``), the middle bin centred on 0. Also (time): ``normalization``
    sum_ab p_a T_ba and ``fluctuation_theorem`` <e^{-Sigma}> from the same transitions.

    >>> from noneq.reservoir.model import SpinGorm
    >>> ds = tpm_distribution(SpinGorm(N=8, coupling=0.2).open_system(), [0.0, 5.0], bins=11,
    ...                       reference_beta=10.0)
    >>> float(ds.heat_0_distribution[0].sel(heat_0_bin=0.0)), ds.heat_0_distribution.dims
    (1.0, ('time', 'heat_0_bin'))
    """
    model, t, _ = check_inputs(model, times)
    bins = validation.integer("bins", bins, minimum=1, maximum=MAX_BINS)
    if bins % 2 == 0:
        raise invalid("bins", bins, "an odd number of bins (the middle one centred on 0)")
    d = model.dim
    stages = measurements(model, float(t[-1]), reference_beta)
    p_all = np.exp(stages[0].log_weights)
    support = np.flatnonzero(p_all > SUPPORT_TOLERANCE)
    check_memory(tpm_memory(d, t.size, support=support.size, bins=bins, statistics="distribution",
                            driven=model.driven),
                 f"two-point distributions of a {d}-dimensional model at {t.size} times", "reduce d or the times")
    p = p_all[support]
    names = quantity_names(len(model.reservoirs))
    occupied = [stage for stage in stages if np.any((t >= stage.start) & (t < stage.end))]
    widths, centres = [], []
    for name in names:
        x = initial_function(name, stages[0].levels, stages[0].log_weights)[support]
        ys = [final_function(name, stage.levels, stage.log_reference) for stage in occupied]
        top = max(max(float(np.max(y)) - float(np.min(x)), float(np.max(x)) - float(np.min(y))) for y in ys)
        width = 2.0 * top / bins if top > 0 else 1.0
        widths.append(width)
        centres.append((np.arange(bins) - bins // 2) * width)
    out = np.empty((len(names), t.size, bins))
    norm, ift = np.empty(t.size), np.empty(t.size)
    for basis in stage_bases(model, float(t[-1]), reference_beta=reference_beta, eig=eig, measured=stages):
        inside = np.flatnonzero((t >= basis.start) & (t < basis.end))
        if inside.size == 0:
            continue
        indices = []
        for name, width in zip(names, widths):
            y, x = basis.functions(name)
            X = y[:, None] - x[None, support]
            indices.append(np.clip(np.floor((X + bins * width / 2) / width).astype(np.int64), 0, bins - 1).ravel())
            del X
        reference = basis.reference[:, None]  # e^{-Sigma_ab} p_a = p~_b on the populated a
        for k in inside:
            T = tpm_transitions(basis, t[k])
            ift[k] = float(np.sum(T * reference))
            w = np.multiply(T, p, out=T)
            norm[k] = w.sum()
            flat = w.ravel()
            for q, index in enumerate(indices):
                out[q, k] = np.bincount(index, weights=flat, minlength=bins)
        del indices
    if not (np.all(np.isfinite(out)) and np.all(np.isfinite(ift))):
        raise NumericalError("tpm_distribution produced non-finite probabilities")
    ds = labelled_frame(t, names, None)
    for q, name in enumerate(names):
        ds = ds.assign_coords({f"{name}_bin": centres[q]})
        ds[f"{name}_bin"].attrs.update(units="nat" if name == "entropy_production" else "energy",
                              long_name=f"bin centre of {name.replace('_', ' ')}")
        ds[f"{name}_distribution"] = labelled(out[q], ("time", f"{name}_bin"), "1",
                                              f"probability of {name.replace('_', ' ')} in each bin (two-point "
                                              "measurement)")
    ds["normalization"] = labelled(norm, "time", "1", "sum of the transition probabilities p_a T_ba")
    ds["fluctuation_theorem"] = labelled(ift, "time", "1", "<exp(-Sigma)> from the transition probabilities")
    ds.attrs = provenance(SYSTEM_NAME, provenance_parameters(model, bins=bins, reference_beta=reference_beta),
                          statistics="distribution")
    return ds
