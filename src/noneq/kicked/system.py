"""The kicked particles as the noneq system ``kicked``: parameters, outputs and the run behind ``noneq run kicked``.

`run_kicked` dispatches on ``dynamics`` (``quantum`` | ``classical``) and ``particles`` (1: particle 1 alone, with
the random-kick model when noise_W > 0; 2: the interacting pair) and returns one labelled dataset: ``p1_sq``
(kick), ``p1_sq_final``, ``D`` = p1_sq_final / kicks, ``momentum_distribution`` (momentum) of particle 1 at the end;
quantum runs add ``purity`` (kick), ``purity_final`` and the resolution guards (`noneq.kicked.guards`, ``strict``
turns a failed guard into `NumericalError`), the pair its ``substeps`` and basis sizes ``modes1``/``modes2`` at
the end; classical runs add the mean ``substeps`` per period and the step guard's ``step_error``.

Automatic choices (value 0): ``samples`` (CLASSICAL_SAMPLES trajectories, RANDOM_KICK_SAMPLES realizations of
the kick noise), ``substeps`` (classical: step control from ``tolerance``; quantum pair:
`noneq.kicked.two_particle.choose_substeps`), ``modes1``/``modes2`` (one particle: AUTO_MODE_MARGIN x the a
priori need; the pair: a basis that grows with the state). `check_combination` rejects a basis too small for the
requested kicks before computing.

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

from noneq.core.errors import bad_value
from noneq.core.params import Parameter
from noneq.core.progress import SILENT, Progress
from noneq.core.results import NO_SEED, labelled, provenance
from noneq.core.system import Output, System
from noneq.kicked import classical
from noneq.kicked.model import INTERACTIONS, KickedParticles, fast_modes
from noneq.kicked.observables import diffusion_coefficient, histogram
from noneq.kicked.single import evolve_single
from noneq.kicked.two_particle import evolve_two, guard_variables

NAME = "kicked"
MAX_KICKS = 100_000
CLASSICAL_SAMPLES = 10_000  # the paper's ensemble size
RANDOM_KICK_SAMPLES = 50  # the paper's number of noise realizations
MAX_RANDOM_KICK_SAMPLES = 100_000  # realizations are evolved together: memory grows with their number
AUTO_MODE_MARGIN = 2.0  # automatic basis of one particle: twice the a priori momentum bound
MIN_AUTO_MODES2 = 15  # automatic fixed basis of particle 2: at least this many modes
HISTOGRAM_BINS = 200  # classical momentum histogram

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
              "(automatic: pilot run and sub-step guard)", kind=int, minimum=0, maximum=1_000_000),
    Parameter("tolerance", 1e-3, "1", "classical step control: target error of p1 per period (90% of "
              "trajectories)", minimum=0.0, exclusive_minimum=True, maximum=0.5),
    Parameter("noise_W", 0.0, "1", "random-kick model: K1 -> K1 + dK_n, dK_n uniform in [-W, W]", minimum=0.0),
    Parameter("modes1", 0, "1", "sine modes of particle 1 (0: automatic; two particles: grown with the state; odd "
              "values run the parity sectors on two threads)", kind=int, minimum=0, maximum=1_000_000),
    Parameter("modes2", 0, "1", "sine modes of particle 2 (0: automatic; two particles: grown with the state)",
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


def resolved_modes(values) -> tuple[int, int]:
    """(modes1, modes2) of a fixed basis: the given values, or for 0 AUTO_MODE_MARGIN x the a priori need.

    The pair passes 0 on to `evolve_two`, whose basis then grows with the state.

    >>> resolved_modes(SYSTEM.resolve({"kicks": 10, "hbar_eff": 0.1}))
    (179, 15)
    """
    model = model_from(values)
    need1, need2 = model.required_modes(values["kicks"])
    modes1 = values["modes1"] or fast_modes(int(AUTO_MODE_MARGIN * need1))
    modes2 = values["modes2"] or fast_modes(max(int(AUTO_MODE_MARGIN * need2), MIN_AUTO_MODES2))
    return modes1, modes2


def check_combination(values) -> None:
    """Reject, before computing, combinations that cannot run: a quantum basis too small for the requested kicks,
    noise on the pair, a classical ensemble of one trajectory, too many noise realizations.

    >>> SYSTEM.resolve({"dynamics": "classical", "samples": 1})
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'samples' = 1: must be at least 2 trajectories ...
    """
    model = model_from(values)
    if values["dynamics"] == "classical":
        if values["samples"] == 1:
            raise bad_value("samples", 1, "at least 2 trajectories (a standard error needs two), or 0 (automatic)")
        return
    if values["particles"] == 1 and values["samples"] > MAX_RANDOM_KICK_SAMPLES:
        raise bad_value("samples", values["samples"], f"at most {MAX_RANDOM_KICK_SAMPLES} realizations of the "
                        "kick noise, or 0 (automatic)")
    need1, need2 = model.required_modes(values["kicks"])
    if values["modes1"] and values["modes1"] < need1:
        raise bad_value("modes1", values["modes1"],
                        f"at least {need1} for {values['kicks']} kicks at K1 = {model.K1:g}, "
                        f"hbar_eff = {model.hbar_eff:g} (0 chooses automatically)")
    if values["particles"] == 2 and values["modes2"] and values["modes2"] < need2:
        raise bad_value("modes2", values["modes2"], f"at least {need2} for these parameters (0: automatic)")
    if values["particles"] == 2 and values["noise_W"] > 0.0:
        raise bad_value("noise_W", values["noise_W"], "0 for two particles (the random-kick model has one)")


def run_kicked(*, progress: Progress = SILENT, **values) -> xr.Dataset:
    """Run one computation from validated parameter values (module docstring); returns its dataset.

    >>> ds = run_kicked(**SYSTEM.resolve({"dynamics": "classical", "samples": 20, "kicks": 2, "m": 0.5}))
    >>> dict(ds.sizes)["sample"], ds.attrs["system"]
    (20, 'kicked')
    """
    check_combination(values)
    model = model_from(values)
    kicks = values["kicks"]
    runner = _RUNNERS[(values["dynamics"], values["particles"])]
    with progress.task(f"kicked {values['dynamics']} ({values['particles']} particle(s))", 1) as advance:
        data, coords, seed = runner(model, values)
        advance(1)
    p1_sq = data["p1_sq"].data
    data["p1_sq_final"] = labelled(p1_sq[-1], (), "1", "<p1^2> after the last period")
    data["D"] = labelled(diffusion_coefficient(p1_sq, kicks), (), "1", "diffusion coefficient <p1^2>(t_f) / t_f")
    coords["kick"] = np.arange(kicks + 1)
    ds = xr.Dataset(data, coords=coords)
    ds.kick.attrs.update(units="kick periods", long_name="time t (number of kicks)")
    ds.attrs.update(provenance(NAME, values, seed=seed))
    return ds


def _classical(model: KickedParticles, values):
    count, kicks, seed = values["samples"] or CLASSICAL_SAMPLES, values["kicks"], values["seed"]
    if values["particles"] == 1:
        model = KickedParticles(K1=model.K1, K2=0.0, m=model.m, coupling=0.0,
                                interaction_lambda=model.interaction_lambda, L=model.L, hbar_eff=model.hbar_eff,
                                interaction=model.interaction, noise_W=model.noise_W)
    state = classical.initial_ensemble(model, count, seed=seed)
    noise = None
    if model.noise_W > 0.0:
        rng = np.random.default_rng([seed, 1])
        noise = rng.uniform(-model.noise_W, model.noise_W, size=(count, kicks))
    run = classical.integrate(model, state, kicks, values["substeps"], noise=noise,
                              tolerance=values["tolerance"], strict=values["strict"])
    history, final = run.history, run.final
    p1_sq = (history ** 2).mean(axis=1)
    stderr = (history ** 2).std(axis=1, ddof=1) / np.sqrt(count)
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


def _quantum_single(model: KickedParticles, values):
    modes1, _ = resolved_modes(values)
    noisy = model.noise_W > 0.0
    samples = (values["samples"] or RANDOM_KICK_SAMPLES) if noisy else 1
    seed = values["seed"] if noisy else NO_SEED
    result = evolve_single(model, modes1, values["kicks"], samples=samples, seed=max(seed, 0),
                           strict=values["strict"])
    data = {
        "p1_sq": labelled(result.p_sq.mean(axis=0), "kick", "1", "<p1^2> averaged over the samples"),
        "p1_sq_samples": labelled(result.p_sq, ("sample", "kick"), "1", "<p1^2> per sample (noise realization)"),
        "momentum_distribution": labelled(result.probabilities.mean(axis=0), "momentum", "1",
                                          "final probability of sine mode n (momentum +-p_n)"),
        "purity": labelled(result.purity, "kick", "1", "purity of the sample-averaged state"),
        "purity_final": labelled(result.purity[-1], (), "1", "purity after the last period"),
        **guard_variables(result.top_mode, 0.0, result.norm_error, 0.0, result.resolved, modes1, 0),
    }
    return data, {"momentum": result.momenta}, seed


def _quantum_two(model: KickedParticles, values):
    result = evolve_two(model, modes1=values["modes1"], modes2=values["modes2"], substeps=values["substeps"],
                        kicks=values["kicks"], strict=values["strict"])
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
)
