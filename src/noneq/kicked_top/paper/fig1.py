"""Neill et al. Fig. 1b: the single-qubit Bloch vector over 20 kicks (kappa = 0.5), with the classical orbit."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.kicked_top.classical import classical_orbits
from noneq.kicked_top.decoherence import register_states
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.paper import plots
from noneq.kicked_top.paper.common import J_PAPER, SYSTEM
from noneq.quantum import bloch_vector_from_angles, partial_trace
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

FIG1_STATE = dict(kappa=0.5, theta=1.1, phi=0.6, kicks=20)
IDENTICAL_TOLERANCE = 1e-10  # the three qubits' Bloch vectors may differ by rounding only


def compute_fig1(context: RunContext) -> dict[str, xr.Dataset]:
    """Bloch vector of each of the three qubits after every kick, and the classical orbit of its direction."""
    kappa, theta, phi, kicks = (FIG1_STATE[k] for k in ("kappa", "theta", "phi", "kicks"))
    model = KickedTop(J_PAPER, kappa)
    rho = register_states(model, np.array([theta]), np.array([phi]), kicks)[:, 0]
    # Bloch vector of each of the three qubits (they must agree: the dynamics is permutation symmetric).
    paulis = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0])]
    per_qubit = np.array([[[np.trace(partial_trace(r, [2, 2, 2], q) @ s).real for s in paulis]
                           for q in range(3)] for r in rho])
    classical = classical_orbits(bloch_vector_from_angles(theta, phi), kappa, kicks)
    ds = xr.Dataset({
        "bloch": labelled(per_qubit.mean(axis=1), ("kick", "component"), "1", "qubit-averaged Bloch vector"),
        "bloch_per_qubit": labelled(per_qubit, ("kick", "qubit", "component"), "1", "Bloch vector per qubit"),
        "classical_bloch": labelled(classical, ("kick", "component"), "1", "classical spin direction"),
    }, coords={"kick": np.arange(kicks + 1), "component": ["x", "y", "z"], "qubit": [0, 1, 2]})
    ds.attrs.update(provenance(SYSTEM, {"j": J_PAPER, **FIG1_STATE}), kappa=kappa)
    return {"bloch": ds}


def plot_fig1(data) -> dict:
    """The Bloch-vector trajectory in three projections."""
    return {"fig1b_bloch_vector": plots.bloch_trajectory(data["bloch"])}


def claims_fig1(data) -> list[Claim]:
    """The qubits evolve identically."""
    per_qubit = data["bloch"].bloch_per_qubit.values
    spread = float(np.max(np.abs(per_qubit - per_qubit.mean(axis=1, keepdims=True))))
    return [judge(
        "fig1-identical-qubits", "the dynamics is symmetric under qubit exchange: all qubits evolve identically",
        paper="identical", measured=spread,
        criterion=f"max difference between the three single-qubit Bloch vectors over 20 kicks < "
                  f"{IDENTICAL_TOLERANCE:g}",
        agrees=spread < IDENTICAL_TOLERANCE)]


FIG1 = Experiment("fig1b", "Fig. 1b: single-qubit Bloch vector over 20 kicks", compute_fig1, plot_fig1,
                  claims_fig1)
