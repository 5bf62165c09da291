"""One kicked-top run from one initial coherent state: the dataset behind ``noneq run kicked-top``.

Time averages: `mean_entropy` and `overlap` average over steps n = 1..steps by default; with
``include_initial=True`` over n = 0..steps. The overlap with the microcanonical ensemble (the normalized
projector onto the symmetric subspace, NOTES.md) is computed whenever the qubit register is small enough to
write its density matrix (2j <= 5 qubits); with finite T1/T2 the run uses the decohering register model
(`noneq.kicked_top.decoherence`), otherwise the exact pure-state dynamics.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.progress import SILENT, Progress
from noneq.core.results import labelled, provenance
from noneq.kicked_top.decoherence import MAX_REGISTER_QUBITS, Decoherence, evolve_register
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import (bloch_vectors, entropy_from_bloch, overlap_with_microcanonical,
                                          qubit_density_matrices, running_average)
from noneq.kicked_top.quantum import propagate_observe
from noneq.quantum import pauli_expectations, pauli_labels, partial_trace

SYSTEM = "kicked-top"
NS_PER_US = 1000.0


def register_states(model: KickedTop, theta: np.ndarray, phi: np.ndarray, steps: int,
                    noise: Decoherence | None = None, *, advance=None) -> np.ndarray:
    """Register density matrices (steps+1, batch, 2^n, 2^n): exact pure dynamics, or with decoherence."""
    if noise is not None and (math.isfinite(noise.t1) or math.isfinite(noise.t2)):
        return evolve_register(model, noise, theta, phi, steps, advance=advance)
    return propagate_observe(model, theta, phi, steps,
                             lambda psi: qubit_density_matrices(psi, model.n_qubits), advance=advance)


def check_combination(values) -> None:
    """Constraints between parameters: decoherence needs a small register, and T2 <= 2 T1."""
    t1, t2, j = values["t1"], values["t2"], values["j"]
    if (math.isfinite(t1) or math.isfinite(t2)) and round(2 * j) > MAX_REGISTER_QUBITS:
        raise bad_value("j", j, f"at most {MAX_REGISTER_QUBITS / 2:g} when t1 or t2 is finite")
    if t2 > 2 * t1:
        raise bad_value("t2", t2, f"at most 2*t1 = {2 * t1:g} us (pure dephasing rate >= 0)")


def run_kicked_top(*, j: float, kappa: float, p: float, theta: float, phi: float, steps: int,
                   include_initial: bool, t1: float, t2: float, rotation_time: float,
                   interaction_time_per_kappa: float, progress: Progress = SILENT) -> xr.Dataset:
    """Evolve |theta, phi> for ``steps`` steps; t1, t2 in microseconds, gate times in ns (see module doc)."""
    model = KickedTop(j=j, kappa=kappa, p=p)
    parameters = dict(j=j, kappa=kappa, p=p, theta=theta, phi=phi, steps=steps,
                      include_initial=include_initial, t1=t1, t2=t2, rotation_time=rotation_time,
                      interaction_time_per_kappa=interaction_time_per_kappa)
    check_combination(parameters)
    small = model.n_qubits <= MAX_REGISTER_QUBITS
    data: dict[str, xr.DataArray] = {}
    th, ph = np.array([theta]), np.array([phi])
    if small:
        noise = Decoherence(t1=t1 * NS_PER_US, t2=t2 * NS_PER_US, rotation_time=rotation_time,
                            interaction_time=max(abs(kappa), 1e-12) * interaction_time_per_kappa)
        with progress.task("kicked top (register)", steps) as advance:
            rho = register_states(model, th, ph, steps, noise, advance=advance)[:, 0]
        n = model.n_qubits
        dims = [2] * n
        # qubit 0's reduced state (all qubits agree: the dynamics is permutation symmetric); any qubit state,
        # pure or mixed, is (I + r . sigma)/2, so its entropy follows from the Bloch vector r.
        bloch = pauli_expectations(partial_trace(rho, dims, 0), ["X", "Y", "Z"])
        entropy = entropy_from_bloch(bloch)
        averaged = running_average(rho, include_initial=include_initial)
        overlap_curve = overlap_with_microcanonical(averaged, n)
        purity = np.einsum("nij,nji->n", rho, rho).real
        data["overlap_vs_steps"] = labelled(overlap_curve, "step", "1",
                                            "root fidelity of the time-averaged state with rho_mc")
        data["purity"] = labelled(purity, "step", "1", "register purity Tr rho^2")
        data["overlap"] = labelled(overlap_curve[-1], (), "1",
                                   "root fidelity of the state averaged over the run with rho_mc")
        if n == 3:
            labels = pauli_labels(3)
            data["pauli_values"] = labelled(pauli_expectations(rho, labels), ("step", "pauli"), "1",
                                     "Pauli-string expectation values", pauli=labels)
    else:
        with progress.task(f"kicked top j={model.j:g}", steps) as advance:
            bloch = propagate_observe(model, th, ph, steps, lambda psi: bloch_vectors(psi, model.j),
                                      advance=advance)[:, 0]
        entropy = entropy_from_bloch(bloch)
    mean = running_average(entropy, include_initial=include_initial)
    data["bloch"] = labelled(bloch, ("step", "component"), "1", "single-qubit Bloch vector <J>/j")
    data["entropy"] = labelled(entropy, "step", "bit", "single-qubit entanglement entropy")
    data["mean_entropy"] = labelled(mean[-1], (), "bit", "entropy averaged over the run's steps")
    data["final_entropy"] = labelled(entropy[-1], (), "bit", "entropy after the last step")
    ds = xr.Dataset(data, coords={"step": np.arange(steps + 1), "component": ["x", "y", "z"]})
    ds.attrs.update(provenance(SYSTEM, parameters))
    return ds

