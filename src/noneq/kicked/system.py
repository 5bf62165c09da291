"""The kicked particles as the noneq system ``kicked``: parameters, outputs and the run behind ``noneq run kicked``.

`run_kicked` dispatches on ``dynamics`` (``quantum`` | ``classical``) and ``particles`` (1: particle 1 alone, with
the random-kick model when noise_W > 0; 2: the interacting pair) and returns one labelled dataset: ``p1_sq``
(kick), ``p1_sq_final``, ``D`` = p1_sq_final / kicks, ``momentum_distribution`` (momentum) of particle 1 at the end;
quantum runs add ``purity`` (kick), ``purity_final`` and the resolution guards (`noneq.kicked.guards`, ``strict``
turns a failed guard into `NumericalError`), the pair its ``substeps`` and basis sizes ``modes1``/``modes2`` at
the end; classical runs add the mean ``substeps`` per period and the step guard's ``step_error``.

Automatic choices (value 0): ``samples`` (CLASSICAL_SAMPLES trajectories, RANDOM_KICK_SAMPLES realizations of
the kick noise), ``substeps`` (classical: step control from ``tolerance``; quantum pair:
`noneq.kicked.substeps.choose_substeps`), ``modes1``/``modes2`` (a basis that grows with the state,
`noneq.kicked.growth`). `check_combination` rejects, before computing, a basis too small for the requested kicks,
parameters whose quantum phases or classical step counts cannot be computed, and runs estimated to take longer
than MAX_SECONDS on one core; `estimate` gives the memory (of the largest basis the run may reach) and the time,
and `noneq.core.system.System.execute` refuses a run that does not fit in memory. Quantum runs keep checkpoints
(``noneq run --checkpoint-dir``) and resume from them, and show the kicks done with a cost-weighted ETA.

Examples
--------
>>> ds = SYSTEM.run(dynamics="quantum", kicks=3, hbar_eff=0.2)
>>> float(ds.D) == float(ds.p1_sq_final) / 3, bool(ds.resolved)
(True, True)
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from noneq.core.checkpoint import Checkpoint
from noneq.core.errors import NoneqInputError, NumericalError, bad_value
from noneq.core.params import Parameter
from noneq.core.progress import SILENT, Progress
from noneq.core.resources import check_memory
from noneq.core.results import NO_SEED, labelled, provenance
from noneq.core.system import Output, Resources, System
from noneq.kicked import classical, costs, growth
from noneq.kicked.model import INTERACTIONS, KickedParticles, check_quantum_scales
from noneq.kicked.observables import diffusion_coefficient, histogram
from noneq.kicked.single import evolve_single
from noneq.kicked.substeps import AUTO_MAX, AUTO_START
from noneq.kicked.two_particle import evolve_two, guard_variables

NAME = "kicked"
MAX_KICKS = 100_000
CLASSICAL_SAMPLES = 10_000  # the paper's ensemble size
RANDOM_KICK_SAMPLES = 50  # the paper's number of noise realizations
MAX_RANDOM_KICK_SAMPLES = 100_000  # realizations are evolved together: memory grows with their number
AUTO_MODE_MARGIN = 2.0  # the paper's fixed single-particle bases: twice the a priori momentum bound
HISTOGRAM_BINS = 200  # classical momentum histogram
MAX_SUBSTEPS = 1 << 16  # 4x the automatic ladder's ceiling (AUTO_MAX); classical runs need ~1e3 steps per period
MAX_SECONDS = 7 * 86400.0  # estimated time on one core: a week is beyond any run this system is meant for
PAIR_SUBSTEPS_SCALE = 1800.0  # time estimate of automatic S (run average; fitted on the long runs, docs/notes) ...
PAIR_SUBSTEPS_REFERENCE = (0.001, 0.05, 500)  # ... at these m, hbar_eff, t, scaled by sqrt(m0/m hbar0/hbar_eff t/t0)

PARAMETERS = (
    Parameter("dynamics", "quantum", "", "quantum (wave function) or classical (trajectory ensemble)", kind=str,
              choices=("quantum", "classical")),
    Parameter("particles", 1, "1", "1: particle 1 alone (the random-kick model when noise_W > 0); "
              "2: the interacting pair", kind=int, minimum=1, maximum=2),
    Parameter("K1", 1.8, "1", "kick strength of particle 1 (potential K1 cos x1 once per period)"),
    Parameter("K2", 0.0, "1", "kick strength of particle 2"),
    Parameter("m", 0.001, "1", "mass ratio m2/m1", minimum=0.0, exclusive_minimum=True),
    Parameter("coupling", 2.0, "1", "interaction strength (the paper's epsilon): coupling G(x1 - x2)"),
    Parameter("interaction_lambda", 10.0, "1", "interaction width parameter lambda", minimum=0.0,
              exclusive_minimum=True),
    Parameter("interaction", "gaussian", "", "G(d): gaussian exp(-lambda d^2) (default) or inverse "
              "exp(-d^2/lambda)", kind=str, choices=INTERACTIONS),
    Parameter("L", math.pi, "1", "width of the square well (accepts pi)", minimum=0.0, exclusive_minimum=True),
    Parameter("hbar_eff", 0.05, "1", "effective Planck constant", minimum=0.0, exclusive_minimum=True),
    Parameter("kicks", 100, "1", "number of kick periods t_f", kind=int, minimum=1, maximum=MAX_KICKS),
    Parameter("seed", 0, "1", "root seed of the random draws (initial ensemble, kick noise)", kind=int,
              minimum=0),
    Parameter("samples", 0, "1", f"ensemble size: classical trajectories (0: {CLASSICAL_SAMPLES}), or "
              f"realizations of the kick noise of the quantum random-kick model (0: {RANDOM_KICK_SAMPLES})",
              kind=int, minimum=0, maximum=10_000_000),
    Parameter("substeps", 0, "1", "integration steps per period (0: automatic): classical velocity-Verlet "
              "steps (automatic: step control from tolerance), or Strang sub-steps of the quantum pair "
              "(automatic: pilot run and sub-step guard)", kind=int, minimum=0, maximum=MAX_SUBSTEPS),
    Parameter("tolerance", 1e-3, "1", "classical step control: target error of p1 per period (90% of "
              "trajectories)", minimum=0.0, exclusive_minimum=True, maximum=0.5),
    Parameter("noise_W", 0.0, "1", "random-kick model: K1 -> K1 + dK_n, dK_n uniform in [-W, W]", minimum=0.0),
    Parameter("modes1", 0, "1", "sine modes of particle 1 (0: a basis that grows with the state; odd values run "
              "the pair's parity sectors on two threads)", kind=int, minimum=0, maximum=1_000_000),
    Parameter("modes2", 0, "1", "sine modes of particle 2 (0: a basis that grows with the state)",
              kind=int, minimum=0, maximum=4096),
    Parameter("strict", True, "", "raise NumericalError when a resolution guard fails (else flag the result)",
              kind=bool),
)

OUTPUTS = (
    Output("p1_sq", ("kick",), "1", "<p1^2> after each period (mean over the samples)"),
    Output("p1_sq_final", (), "1", "<p1^2> after the last period"),
    Output("D", (), "1", "diffusion coefficient p1_sq_final / kicks"),
    Output("purity", ("kick",), "1", "quantum: purity Tr rho_1^2 (of the sample-averaged state for one particle)"),
    Output("purity_final", (), "1", "quantum: purity after the last period"),
    Output("momentum_distribution", ("momentum",), "1", "final momentum distribution of particle 1"),
    Output("resolved", (), "", "quantum: all resolution guards passed"),
    Output("substeps", (), "1", "steps per period used: Strang sub-steps of the quantum pair (at the end of the "
           "run), or the classical mean velocity-Verlet steps per period and trajectory"),
    Output("step_error", (), "1", "classical: estimated error of p1 per period (step guard)"),
)


def model_from(values) -> KickedParticles:
    """The `KickedParticles` of a parameter mapping (the names of PARAMETERS).

    >>> model_from(SYSTEM.resolve({"coupling": 4.0})).coupling
    4.0
    """
    return KickedParticles(K1=values["K1"], K2=values["K2"], m=values["m"], coupling=values["coupling"],
                           interaction_lambda=values["interaction_lambda"], L=values["L"],
                           hbar_eff=values["hbar_eff"], interaction=values["interaction"],
                           noise_W=values["noise_W"])


def classical_model(values) -> KickedParticles:
    """The model a classical run integrates: `model_from`, without partner (K2 = coupling = 0) for one particle.

    >>> classical_model(SYSTEM.resolve({"dynamics": "classical"})).coupling
    0.0
    """
    model = model_from(values)
    if values["particles"] == 1:
        model = KickedParticles(K1=model.K1, K2=0.0, m=model.m, coupling=0.0,
                                interaction_lambda=model.interaction_lambda, L=model.L, hbar_eff=model.hbar_eff,
                                interaction=model.interaction, noise_W=model.noise_W)
    return model


def check_combination(values) -> None:
    """Reject, before computing, combinations that cannot run: a quantum basis too small for the requested kicks,
    quantum phases or classical step counts beyond double precision, noise on the pair, a classical ensemble of
    one trajectory, too many noise realizations, a run estimated at more than MAX_SECONDS on one core.

    >>> SYSTEM.resolve({"dynamics": "classical", "samples": 1})
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'samples' = 1: must be at least 2 trajectories ...
    """
    model = model_from(values)
    if values["dynamics"] == "classical":
        if values["samples"] == 1:
            raise bad_value("samples", 1, "at least 2 trajectories (a standard error needs two), or 0 (automatic)")
        classical.check_steps(classical_model(values), values["kicks"], values["substeps"],
                              tolerance=values["tolerance"])
    else:
        if values["particles"] == 1 and values["samples"] > MAX_RANDOM_KICK_SAMPLES:
            raise bad_value("samples", values["samples"], f"at most {MAX_RANDOM_KICK_SAMPLES} realizations of the "
                            "kick noise, or 0 (automatic)")
        check_quantum_scales(model)
        need1, need2 = model.required_modes(values["kicks"])
        if values["modes1"] and values["modes1"] < need1:
            raise bad_value("modes1", values["modes1"],
                            f"at least {need1} for {values['kicks']} kicks at K1 = {model.K1:g}, "
                            f"hbar_eff = {model.hbar_eff:g} (0 chooses automatically)")
        if values["particles"] == 2 and values["modes2"] and values["modes2"] < need2:
            raise bad_value("modes2", values["modes2"], f"at least {need2} for these parameters (0: automatic)")
        if values["particles"] == 2 and values["noise_W"] > 0.0:
            raise bad_value("noise_W", values["noise_W"], "0 for two particles (the random-kick model has one)")
    resources = estimate(values)
    check_memory(resources.memory, f"a {NAME} run", resources.reduce)
    if not resources.seconds <= MAX_SECONDS:
        raise NoneqInputError(f"a {NAME} run needs ~{resources.seconds / 86400:.3g} days on one core by its estimate "
                              f"(at most {MAX_SECONDS / 86400:g} days are allowed); {resources.reduce}")


def estimate(values) -> Resources:
    """Memory and time of a run from its validated parameters (`noneq.kicked.costs`): the largest basis a quantum
    run may reach (its fixed basis, or the limit of a growing one), the ensemble of a classical run. Fast for any
    valid values; the time is a rough model (docs/notes/kicked.md).

    >>> estimate(SYSTEM.resolve({"kicks": 100})).describe().startswith("memory ~")
    True
    """
    model, kicks = model_from(values), values["kicks"]
    if values["dynamics"] == "classical":
        count = values["samples"] or CLASSICAL_SAMPLES
        steps = classical.expected_steps(classical_model(values), kicks, values["substeps"],
                                         tolerance=values["tolerance"])
        return Resources(costs.classical_memory(count, kicks, model.noise_W > 0.0),
                         costs.classical_seconds(count, kicks, steps), costs.CLASSICAL_REDUCE,
                         f"{count} trajectories, ~{steps:.3g} steps per period")
    if values["particles"] == 1:
        count = (values["samples"] or RANDOM_KICK_SAMPLES) if model.noise_W > 0.0 else 1
        modes = values["modes1"] or growth.single_limit(model, kicks)
        grows = "" if values["modes1"] else "up to "
        return Resources(costs.single_memory(count, modes, kicks),
                         costs.single_seconds(model, values["modes1"], kicks, count), costs.SINGLE_REDUCE,
                         f"{count} sample(s), basis {grows}{modes} modes")
    modes1, modes2 = costs.pair_sizes(model, values["modes1"], values["modes2"], kicks)
    start = growth.initial_modes(model, kicks)
    start = (values["modes1"] or start[0], values["modes2"] or start[1])
    substeps = values["substeps"] or automatic_substeps_guess(model, kicks)
    seconds = costs.pair_seconds(model, kicks, start, (modes1, modes2), (not values["modes1"], not values["modes2"]),
                                 substeps)
    grows = "" if values["modes1"] and values["modes2"] else "up to "
    guess = "" if values["substeps"] else " (automatic: a rough guess)"
    return Resources(costs.pair_memory(modes1, modes2), seconds, costs.PAIR_REDUCE,
                     f"basis {grows}{modes1} x {modes2} modes, S ~ {substeps}{guess}")


def automatic_substeps_guess(model: KickedParticles, kicks: int) -> int:
    """A rough a priori guess of the automatic sub-step count, for the time estimate only (the run chooses S by
    its pilot): PAIR_SUBSTEPS_SCALE sqrt(m0 / m) sqrt(hbar0 / hbar_eff) sqrt(t / t0), within the ladder's range.

    >>> automatic_substeps_guess(KickedParticles(m=0.001, hbar_eff=0.01), 500)
    4024
    """
    m0, hbar0, t0 = PAIR_SUBSTEPS_REFERENCE
    with np.errstate(over="ignore", divide="ignore"):
        guess = PAIR_SUBSTEPS_SCALE * np.sqrt(m0 / model.m) * np.sqrt(hbar0 / model.hbar_eff) * np.sqrt(kicks / t0)
    return int(np.clip(guess, AUTO_START, AUTO_MAX))


def run_kicked(*, progress: Progress = SILENT, checkpoint: Checkpoint | None = None, **values) -> xr.Dataset:
    """Run one computation from validated parameter values (module docstring); returns its dataset. Quantum runs
    keep their checkpoints in ``checkpoint`` (`noneq.core.checkpoint.Checkpoint`; default: none) and show their
    kicks on ``progress``.

    >>> ds = run_kicked(**SYSTEM.resolve({"dynamics": "classical", "samples": 20, "kicks": 2, "m": 0.5}))
    >>> dict(ds.sizes)["sample"], ds.attrs["system"]
    (20, 'kicked')
    """
    check_combination(values)
    model = model_from(values)
    kicks = values["kicks"]
    runner = _RUNNERS[(values["dynamics"], values["particles"])]
    data, coords, seed = runner(model, values, progress, checkpoint or Checkpoint.disabled())
    p1_sq = data["p1_sq"].data
    data["p1_sq_final"] = labelled(p1_sq[-1], (), "1", "<p1^2> after the last period")
    data["D"] = labelled(diffusion_coefficient(p1_sq, kicks), (), "1", "diffusion coefficient <p1^2>(t_f) / t_f")
    coords["kick"] = np.arange(kicks + 1)
    ds = xr.Dataset(data, coords=coords)
    ds.kick.attrs.update(units="kick periods", long_name="time t (number of kicks)")
    ds.attrs.update(provenance(NAME, values, seed=seed))
    return ds


def _classical(model: KickedParticles, values, progress: Progress, checkpoint: Checkpoint):
    count, kicks, seed = values["samples"] or CLASSICAL_SAMPLES, values["kicks"], values["seed"]
    model = classical_model(values)
    state = classical.initial_ensemble(model, count, seed=seed)
    noise = None
    if model.noise_W > 0.0:
        rng = np.random.default_rng([seed, 1])
        noise = rng.uniform(-model.noise_W, model.noise_W, size=(count, kicks))
    with progress.task(f"kicked classical, {values['particles']} particle(s): {count} trajectories", 1) as advance:
        run = classical.integrate(model, state, kicks, values["substeps"], noise=noise,
                                  tolerance=values["tolerance"], strict=values["strict"])
        advance(1)
    history, final = run.history, run.final
    with np.errstate(over="ignore", invalid="ignore"):
        p1_sq = (history ** 2).mean(axis=1)
        stderr = (history ** 2).std(axis=1, ddof=1) / np.sqrt(count)
    if not (np.all(np.isfinite(p1_sq)) and np.all(np.isfinite(stderr))):
        raise NumericalError(f"the classical <p1^2> overflows double precision (|p1| reaches "
                             f"{float(np.abs(history).max()):.3g}): lower K1, noise_W or kicks")
    edges = np.linspace(0.0, max(float(np.abs(final.p1).max()), 1e-12), HISTOGRAM_BINS + 1)
    centers = 0.5 * (edges[1:] + edges[:-1])
    data = {
        "p1_sq": labelled(p1_sq, "kick", "1", "ensemble mean <p1^2> after each period"),
        "p1_sq_stderr": labelled(stderr, "kick", "1", "standard error of <p1^2>"),
        "p1": labelled(final.p1, "sample", "1", "final momentum of particle 1 per trajectory"),
        "momentum_distribution": labelled(histogram(final.p1, edges), "momentum", "1",
                                          "fraction of trajectories per |p1| bin"),
        "substeps": labelled(run.substeps, (), "1",
                             "mean velocity-Verlet steps per period and trajectory (jumps not counted)"),
        "step_error": labelled(run.guard_error, (), "1",
                               "estimated 90%-quantile error of p1 per period (step guard; 0 without interaction)"),
    }
    return data, {"momentum": centers}, seed


def _quantum_single(model: KickedParticles, values, progress: Progress, checkpoint: Checkpoint):
    noisy = model.noise_W > 0.0
    samples = (values["samples"] or RANDOM_KICK_SAMPLES) if noisy else 1
    seed = values["seed"] if noisy else NO_SEED
    result = evolve_single(model, values["modes1"], values["kicks"], samples=samples, seed=max(seed, 0),
                           strict=values["strict"], checkpoint=checkpoint, progress=progress)
    data = {
        "p1_sq": labelled(result.p_sq.mean(axis=0), "kick", "1", "<p1^2> averaged over the samples"),
        "p1_sq_samples": labelled(result.p_sq, ("sample", "kick"), "1", "<p1^2> per sample (noise realization)"),
        "momentum_distribution": labelled(result.probabilities.mean(axis=0), "momentum", "1",
                                          "final probability of sine mode n (momentum +-p_n)"),
        "purity": labelled(result.purity, "kick", "1", "purity of the sample-averaged state"),
        "purity_final": labelled(result.purity[-1], (), "1", "purity after the last period"),
        **guard_variables(result.top_mode, 0.0, result.norm_error, 0.0, result.resolved, result.momenta.size, 0),
    }
    return data, {"momentum": result.momenta}, seed


def _quantum_two(model: KickedParticles, values, progress: Progress, checkpoint: Checkpoint):
    result = evolve_two(model, modes1=values["modes1"], modes2=values["modes2"], substeps=values["substeps"],
                        kicks=values["kicks"], strict=values["strict"], checkpoint=checkpoint, progress=progress)
    data = {
        "p1_sq": labelled(result.p1_sq, "kick", "1", "<p1^2> after each period"),
        "p2_sq": labelled(result.p2_sq, "kick", "1", "<p2^2> after each period"),
        "purity": labelled(result.purity, "kick", "1", "purity Tr rho_1^2 of particle 1"),
        "purity_final": labelled(result.purity[-1], (), "1", "purity after the last period"),
        "momentum_distribution": labelled(result.probabilities1, "momentum", "1",
                                          "final probability of particle 1's sine mode n (momentum +-p_n)"),
        **guard_variables(result.top_mode1, result.top_mode2, result.norm_error, result.substep_error,
                          result.resolved, result.modes1, result.modes2),
        "substeps": labelled(result.substeps, (), "1", "Strang sub-steps per period used (at the end of the run; "
                             "chosen automatically when substeps = 0)"),
    }
    return data, {"momentum": result.momenta1}, NO_SEED


_RUNNERS = {
    ("classical", 1): _classical,
    ("classical", 2): _classical,
    ("quantum", 1): _quantum_single,
    ("quantum", 2): _quantum_two,
}

SYSTEM = System(
    name=NAME,
    title="Two interacting kicked particles: quantum-to-classical transition",
    paper="Zhao and Jie, Chin. Phys. B (2020): quantum to classical transition induced by a classically small "
          "influence (docs/papers/kicked.md)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_kicked,
    check_combination=check_combination,
    estimate=estimate,
    checkpoints=True,
)
