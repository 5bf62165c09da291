"""Neill et al. Fig. 3: the 63 Pauli correlators of a low- and a high-entropy state of the three qubits."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.kicked_top.decoherence import register_states
from noneq.kicked_top.maps import entropy_map
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import connected_correlation_weight
from noneq.kicked_top.paper import plots
from noneq.kicked_top.paper.common import (J_PAPER, SYSTEM, T1_US, T2_US, default_noise, interior_grid,
                                           pick)
from noneq.quantum import pauli_expectations, pauli_labels, purity
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

FIG3_KAPPA, FIG3_KICKS = 0.5, 10
ALONG_Y = 0.8  # "each qubit points along y": |<Y>| of each qubit above this and the largest component
CONTRAST = 2.0  # "many more" multi-qubit correlations: the high/low ratio of the connected weights above this
EQUAL_PURITY = 0.02  # "equal" purities: difference below this


def compute_fig3(context: RunContext) -> dict[str, xr.Dataset]:
    """Pick the lowest- and highest-entropy states after 10 kicks, then their Pauli correlators and purities."""
    theta, phi = interior_grid(context.quick)
    model = KickedTop(J_PAPER, FIG3_KAPPA)
    final = entropy_map(model, theta, phi, FIG3_KICKS, progress=context.progress).entropy.isel(kick=-1).values
    states = {"low": pick(final, theta, phi, "min"), "high": pick(final, theta, phi, "max")}
    th = np.array([s[0] for s in states.values()])
    ph = np.array([s[1] for s in states.values()])
    labels = pauli_labels(3)
    ideal = register_states(model, th, ph, FIG3_KICKS)[-1]
    noisy = register_states(model, th, ph, FIG3_KICKS, default_noise(FIG3_KAPPA))[-1]
    values = pauli_expectations(ideal, labels)
    ds = xr.Dataset({
        "pauli_values": labelled(values, ("case", "pauli"), "1", "Pauli-string expectation values (ideal)"),
        "pauli_values_decoherence": labelled(pauli_expectations(noisy, labels), ("case", "pauli"), "1",
                                             "Pauli-string expectation values with T1, T2"),
        "entropy": labelled([final.min(), final.max()],
                            "case", "bit", "single-qubit entropy after N = 10 kicks"),
        "connected_weight": labelled(connected_correlation_weight(values, labels), "case", "1",
                                     "sum of squared connected 2- and 3-qubit correlators"),
        "purity": labelled([purity(r) for r in ideal], "case", "1", "three-qubit purity (ideal)"),
        "purity_decoherence": labelled([purity(r) for r in noisy], "case", "1",
                                       "three-qubit purity with T1, T2"),
    }, coords={"case": list(states), "pauli": labels, "theta": ("case", th), "phi": ("case", ph)})
    ds.attrs.update(provenance(SYSTEM, {"j": J_PAPER, "kappa": FIG3_KAPPA, "kicks": FIG3_KICKS, "T1_us": T1_US,
                                        "T2_us": T2_US}))
    return {"pauli": ds}


def plot_fig3(data) -> dict:
    """The Pauli bars of both states."""
    return {"fig3_pauli_correlators": plots.pauli_bars(data["pauli"])}


def claims_fig3(data) -> list[Claim]:
    """Orientation of the low-entropy state, entanglement contrast, equal purity."""
    ds = data["pauli"]
    low = ds.pauli_values.sel(case="low")
    single = {axis: float(np.mean([abs(float(low.sel(pauli=lab))) for lab in ds.pauli.values
                                   if sorted(lab.replace("I", "")) == [axis] and lab.count("I") == 2]))
              for axis in "XYZ"}
    weight = ds.connected_weight.values
    ratio = float(weight[1] / max(weight[0], 1e-15))
    purity_gap = float(abs(ds.purity_decoherence.sel(case="low") - ds.purity_decoherence.sel(case="high")))
    return [
        judge("fig3-low-state-along-y", "low-entropy state: after ten kicks each qubit points along y",
              paper="along y", measured=round(single["Y"], 3),
              criterion=f"|<Y>| of each qubit is the largest single-qubit component and exceeds {ALONG_Y}",
              agrees=single["Y"] > ALONG_Y and single["Y"] == max(single.values())),
        judge("fig3-entanglement-contrast", "high-entropy state shows many more multi-qubit correlations",
              paper="many significant peaks", measured=round(ratio, 2),
              criterion=f"ratio of the summed squared connected 2- and 3-qubit correlators, high / low > "
                        f"{CONTRAST:g}",
              agrees=ratio > CONTRAST),
        judge("fig3-equal-purity", "the three-qubit purity is equal for both states (decoherence does not "
              "cause the contrast)", paper="equal", measured=round(purity_gap, 4),
              criterion=f"purity difference < {EQUAL_PURITY} with T1 = {T1_US} us, T2 = {T2_US} us "
                        f"(assumed; ideal: both 1)",
              agrees=purity_gap < EQUAL_PURITY),
    ]


FIG3 = Experiment("fig3", "Fig. 3: Pauli correlators of a low- and a high-entropy state", compute_fig3, plot_fig3,
                  claims_fig3)
