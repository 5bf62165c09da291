"""The kicked top as the noneq system ``kicked-top``: parameters, outputs and the run behind ``noneq run``.

One run evolves one initial coherent state |theta, phi> for ``kicks`` kicks and returns an `xarray.Dataset`
with dims (kick, component[, pauli]) (kick 0 = the initial state). Time averages (``mean_entropy``, ``overlap``)
run over kicks n = 1..kicks, or n = 0..kicks with ``include_initial``. For registers of 2j <= 5 qubits the run
also gives the overlap of the time-averaged register state with the microcanonical ensemble P_sym / (2j + 1)
(docs/papers/kicked-top.md, "Ergodicity"), the purity and, at j = 3/2, the 63 Pauli-string expectation values;
with finite T1 or T2 (microseconds) it uses the decohering register (`noneq.kicked_top.decoherence`), otherwise
the exact pure-state dynamics. Entropies in bits.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.params import Parameter, resolve_parameters
from noneq.core.progress import SILENT, Progress
from noneq.core.results import labelled, provenance
from noneq.core.system import Output, Resources, System
from noneq.kicked_top.decoherence import MAX_REGISTER_QUBITS, register_memory, register_states
from noneq.kicked_top.maps import MAP_COPIES
from noneq.kicked_top.model import MAX_J, NS_PER_US, Decoherence, KickedTop
from noneq.kicked_top.observables import (bloch_vectors, entropy_from_bloch, overlap_with_microcanonical,
                                          running_average)
from noneq.kicked_top.quantum import propagate_observe, propagation_memory
from noneq.quantum import partial_trace, pauli_expectations, pauli_labels

NAME = "kicked-top"
KAPPA_FLOOR = 1e-12  # |kappa| floor of the interaction pulse duration (at kappa = 0 its generator is zero anyway)
MIN_COHERENCE_TIME = 1e-6  # us: shorter T1, T2 (below a femtosecond) would overflow the decay rates in ns
MIN_PULSE_TIME, MAX_PULSE_TIME = 1e-6, 1e9  # ns: pulse durations from a femtosecond to a second


def _half_integer(value: float) -> str | None:
    return None if (2 * value).is_integer() else "a positive integer or half-integer (2j an integer)"


PARAMETERS = (
    Parameter("j", 1.5, "1", "total spin (2j qubits); j = 3/2 is the paper's three-qubit register",
              minimum=0.5, maximum=MAX_J, check=_half_integer,
              allowed_text=f"a positive integer or half-integer <= {MAX_J:g}"),
    Parameter("kappa", 0.5, "1", "twist (interaction) strength kappa"),
    Parameter("p", math.pi / 2, "rad", "rotation angle about y per kick (accepts pi/2)"),
    Parameter("theta", math.pi / 2, "rad", "initial polar angle theta_0 (Bloch vector cos theta along z)",
              minimum=0.0, maximum=math.pi),
    Parameter("phi", 0.0, "rad",
              "initial azimuth phi_0, paper eq. (4): Bloch vector (sin th cos ph, -sin th sin ph, cos th)"),
    Parameter("kicks", 20, "1", "number of kicks (Floquet periods)", kind=int, minimum=1, maximum=100000),
    Parameter("include_initial", False, "", "time averages over kicks n = 0..kicks instead of 1..kicks",
              kind=bool),
    Parameter("T1", math.inf, "us", "qubit energy relaxation time T1 (inf: none; needs 2j <= 5)",
              minimum=MIN_COHERENCE_TIME, allow_infinity=True),
    Parameter("T2", math.inf, "us", "qubit coherence time T2 <= 2 T1 (inf: none; needs 2j <= 5)",
              minimum=MIN_COHERENCE_TIME, allow_infinity=True),
    Parameter("rotation_time", 20.0, "ns", "duration of the y-rotation pulse (decoherence model)",
              minimum=MIN_PULSE_TIME, maximum=MAX_PULSE_TIME),
    Parameter("interaction_time_per_kappa", 10.0, "ns",
              "interaction pulse duration per unit kappa (paper: 25 ns at kappa = 2.5)",
              minimum=MIN_PULSE_TIME, maximum=MAX_PULSE_TIME),
)

OUTPUTS = (
    Output("bloch", ("kick", "component"), "1", "single-qubit Bloch vector <J>/j after each kick"),
    Output("entropy", ("kick",), "bit", "single-qubit entanglement entropy after each kick"),
    Output("mean_entropy", (), "bit", "entropy averaged over kicks 1..kicks (0..kicks with include_initial)"),
    Output("final_entropy", (), "bit", "entropy after the last kick"),
    Output("overlap", (), "1", "root fidelity of the time-averaged register state with the microcanonical "
           "ensemble P_sym/(2j+1) (2j <= 5)"),
    Output("overlap_vs_kicks", ("kick",), "1", "the same overlap for the average up to each kick (2j <= 5)"),
    Output("purity", ("kick",), "1", "register purity Tr rho^2 (2j <= 5)"),
    Output("pauli_values", ("kick", "pauli"), "1", "expectation values of the 63 Pauli strings (j = 3/2)"),
)


def check_combination(values: Mapping[str, Any]) -> None:
    """Constraints between parameters: decoherence needs a small register, and T2 <= 2 T1.

    Examples
    --------
    >>> check_combination({"j": 20, "T1": 5.0, "T2": math.inf})
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'j' = 20: must be at most 2.5 when T1 or T2 is finite
    """
    T1, T2, j = values["T1"], values["T2"], values["j"]
    if (math.isfinite(T1) or math.isfinite(T2)) and round(2 * j) > MAX_REGISTER_QUBITS:
        raise bad_value("j", j, f"at most {MAX_REGISTER_QUBITS / 2:g} when T1 or T2 is finite")
    if T2 > 2 * T1:
        raise bad_value("T2", T2, f"at most 2*T1 = {2 * T1:g} us (pure dephasing rate >= 0)")
    interaction = max(abs(values.get("kappa", 0.0)), KAPPA_FLOOR) * values.get("interaction_time_per_kappa", 1.0)
    if (math.isfinite(T1) or math.isfinite(T2)) and not math.isfinite(interaction):
        raise bad_value("kappa", values["kappa"], "small enough that the interaction pulse, |kappa| * "
                        "interaction_time_per_kappa, lasts a finite time (with T1 or T2 finite)")


def run_kicked_top(*, j: float, kappa: float, p: float, theta: float, phi: float, kicks: int,
                   include_initial: bool, T1: float, T2: float, rotation_time: float,
                   interaction_time_per_kappa: float, progress: Progress = SILENT) -> xr.Dataset:
    """Evolve the coherent state |theta, phi> for ``kicks`` kicks (the run of ``noneq run kicked-top``).

    Parameters
    ----------
    j, kappa, p : float
        The kicked top (`noneq.kicked_top.model.KickedTop`).
    theta, phi : float
        Initial coherent state (radians).
    kicks : int
        Number of kicks.
    include_initial : bool
        Time averages over n = 0..kicks instead of 1..kicks.
    T1, T2 : float
        Qubit relaxation and coherence times in microseconds (inf: none; finite needs 2j <= 5).
    rotation_time, interaction_time_per_kappa : float
        Pulse durations in ns (the interaction pulse lasts |kappa| * interaction_time_per_kappa).
    progress : Progress
        Progress reporter.

    Returns
    -------
    xarray.Dataset
        The variables of OUTPUTS (the register ones only for 2j <= 5), with provenance.

    Examples
    --------
    >>> ds = run_kicked_top(j=1.5, kappa=2.5, p=math.pi / 2, theta=1.0, phi=0.5, kicks=4, include_initial=False,
    ...                     T1=math.inf, T2=math.inf, rotation_time=20.0, interaction_time_per_kappa=10.0)
    >>> ds.entropy.dims, ds.sizes["kick"]
    (('kick',), 5)
    >>> 0.0 <= float(ds.overlap) <= 1.0
    True
    """
    parameters = resolve_parameters(PARAMETERS, dict(
        j=j, kappa=kappa, p=p, theta=theta, phi=phi, kicks=kicks, include_initial=include_initial, T1=T1, T2=T2,
        rotation_time=rotation_time, interaction_time_per_kappa=interaction_time_per_kappa), context=repr(NAME))
    check_combination(parameters)
    j, kappa, kicks, T1, T2 = (parameters[name] for name in ("j", "kappa", "kicks", "T1", "T2"))
    model = KickedTop(j=j, kappa=kappa, p=parameters["p"])
    theta, phi, include_initial = parameters["theta"], parameters["phi"], parameters["include_initial"]
    data: dict[str, xr.DataArray] = {}
    th, ph = np.array([theta]), np.array([phi])
    if model.n_qubits <= MAX_REGISTER_QUBITS:
        noise = Decoherence(T1=T1 * NS_PER_US, T2=T2 * NS_PER_US, rotation_time=parameters["rotation_time"],
                            interaction_time=max(abs(kappa), KAPPA_FLOOR) * parameters["interaction_time_per_kappa"])
        with progress.task("kicked top (register)", kicks) as advance:
            rho = register_states(model, th, ph, kicks, noise, advance=advance)[:, 0]
        n = model.n_qubits
        # qubit 0's reduced state (all qubits agree: the dynamics is permutation symmetric); any qubit state,
        # pure or mixed, is (I + r . sigma)/2, so its entropy follows from the Bloch vector r.
        bloch = pauli_expectations(partial_trace(rho, [2] * n, 0), ["X", "Y", "Z"])
        entropy = entropy_from_bloch(bloch)
        overlap_curve = overlap_with_microcanonical(running_average(rho, include_initial=include_initial), n)
        purity = np.einsum("nij,nji->n", rho, rho).real
        data["overlap_vs_kicks"] = labelled(overlap_curve, "kick", "1",
                                            "root fidelity of the time-averaged state with rho_mc")
        data["purity"] = labelled(purity, "kick", "1", "register purity Tr rho^2")
        data["overlap"] = labelled(overlap_curve[-1], (), "1",
                                   "root fidelity of the state averaged over the run with rho_mc")
        if n == 3:
            labels = pauli_labels(3)
            data["pauli_values"] = labelled(pauli_expectations(rho, labels), ("kick", "pauli"), "1",
                                            "Pauli-string expectation values", pauli=labels)
    else:
        with progress.task(f"kicked top j={model.j:g}", kicks) as advance:
            bloch = propagate_observe(model, th, ph, kicks, lambda psi: bloch_vectors(psi, model.j),
                                      advance=advance)[:, 0]
        entropy = entropy_from_bloch(bloch)
    mean = running_average(entropy, include_initial=include_initial)
    data["bloch"] = labelled(bloch, ("kick", "component"), "1", "single-qubit Bloch vector <J>/j")
    data["entropy"] = labelled(entropy, "kick", "bit", "single-qubit entanglement entropy")
    data["mean_entropy"] = labelled(mean[-1], (), "bit", "entropy averaged over the run's kicks")
    data["final_entropy"] = labelled(entropy[-1], (), "bit", "entropy after the last kick")
    ds = xr.Dataset(data, coords={"kick": np.arange(kicks + 1), "component": ["x", "y", "z"]})
    ds.attrs.update(provenance(NAME, parameters))
    return ds


FIRST_RUN_ALLOWANCE = 32 * 2 ** 20  # what the first run of a process loads (imports, compiled kernels): ~11-25 MiB
POST_COPIES = 8  # further copies of the register states made after the evolution (running average and its
# temporaries, the partial trace, the Pauli values; measured ~6)
# seconds on one core (docs/notes/kicked-top.md: within a factor ~3 of measured runs)
SECONDS_BASE = 0.02
SECONDS_ROTATION = 2e-10  # building exp(-i p Jy): ~ dim^3
SECONDS_KICK = 5e-9  # one kick of the pure dynamics: ~ dim^2
SECONDS_REGISTER_KICK = 1e-5, 3e-7  # one kick's register observables: a + b 4^n
SECONDS_EXPM = 1e-8  # the decohering kick superoperator: ~ (4^n)^3, two matrix exponentials
SECONDS_SUPEROPERATOR_KICK = 2e-9  # one decohering kick: ~ 16^n


def estimate(values: Mapping[str, Any]) -> Resources:
    """Peak memory and time (one core) of a run, from its validated parameters: the register's density
    matrices for 2j <= 5 (`noneq.kicked_top.decoherence.register_memory`), the spin-j propagation otherwise
    (`noneq.kicked_top.quantum.propagation_memory`: the dense rotation matrix dominates at large j).

    Examples
    --------
    >>> r = estimate(SYSTEM.resolve({"j": 2000}))
    >>> r.memory > 10 ** 9, r.seconds > 10
    (True, True)
    """
    j, kicks = values["j"], values["kicks"]
    n = int(round(2 * j))
    dim = n + 1
    decohering = math.isfinite(values["T1"]) or math.isfinite(values["T2"])
    if n <= MAX_REGISTER_QUBITS:
        states = 16.0 * (kicks + 1.0) * 4 ** n
        memory = register_memory(n, 1, kicks, decohering) + POST_COPIES * states
        seconds = SECONDS_BASE + kicks * (SECONDS_REGISTER_KICK[0] + SECONDS_REGISTER_KICK[1] * 4 ** n)
        if decohering:
            seconds += SECONDS_EXPM * 64.0 ** n + kicks * SECONDS_SUPEROPERATOR_KICK * 16.0 ** n
        detail = f"{n}-qubit register{' with decoherence' if decohering else ''}, {kicks} kicks"
    else:
        memory = propagation_memory(dim, 1, kicks, 24.0) + 8.0 * MAP_COPIES * (kicks + 1.0)
        seconds = SECONDS_BASE + SECONDS_ROTATION * dim ** 3 + SECONDS_KICK * dim * dim * kicks
        detail = f"spin j = {j:g} (dimension {dim}), {kicks} kicks"
    return Resources(FIRST_RUN_ALLOWANCE + memory, seconds, "lower kicks (or j)", detail)


SYSTEM = System(
    name=NAME,
    title="Quantum kicked top: entanglement, chaos and ergodicity",
    paper="Neill et al., Nature Physics 12, 1037 (2016)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_kicked_top,
    check_combination=check_combination,
    estimate=estimate,
)
