"""One run of the kicked particles: the dataset behind ``noneq run kicked`` (quantum or classical).

Dispatch on ``method`` (``quantum`` | ``classical``) and ``particles`` (1: the single kicked particle, with the
random-kick model when noise_W > 0; 2: the interacting pair). Quantum runs check the mode counts before
computing (`check_combination`) and carry the resolution guards (`noneq.kicked.guards`) as data variables;
``strict`` (default true) turns a failed guard into `NumericalError`.

Outputs: ``p1_sq`` (kick), ``p1_sq_final``, ``D`` = p1_sq_final / kicks; quantum two-particle: ``purity``
(kick), ``purity_final``, ``substeps`` (the sub-steps per period used; ``substeps`` = 0 asks for the automatic
choice of `noneq.kicked.two_particle.choose_substeps`), ``modes1``/``modes2`` (the basis at the end: with
0 the pair's basis grows with the state, `noneq.kicked.two_particle.evolve_two`); ``momentum_distribution``
(momentum) of particle 1 at the end.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.progress import SILENT, Progress
from noneq.core.results import NO_SEED, labelled, provenance
from noneq.kicked import classical
from noneq.kicked.model import KickedParticles, fast_modes
from noneq.kicked.observables import histogram
from noneq.kicked.single import evolve_single
from noneq.kicked.two_particle import evolve_two

SYSTEM = "kicked"
AUTO_MODE_MARGIN = 2.0  # automatic basis: twice the a priori momentum bound (tails reach beyond it, see tests)
HISTOGRAM_BINS = 200  # classical momentum histogram


def model_from(values) -> KickedParticles:
    return KickedParticles(K1=values["K1"], K2=values["K2"], m=values["m"], eps=values["eps"],
                           lam=values["lam"], L=values["L"], hbar_eff=values["hbar_eff"],
                           interaction=values["interaction"], noise_W=values["noise_W"])


def resolved_modes(values) -> tuple[int, int]:
    """(modes1, modes2) of a fixed basis: given values, or 0 -> AUTO_MODE_MARGIN x the a priori requirement.

    The single particle uses it; the pair passes 0 on to `evolve_two`, whose basis then grows with the state."""
    model = model_from(values)
    need1, need2 = model.required_modes(values["kicks"])
    modes1 = values["modes1"] or fast_modes(int(AUTO_MODE_MARGIN * need1))
    modes2 = values["modes2"] or fast_modes(max(int(AUTO_MODE_MARGIN * need2), 15))
    return modes1, modes2


def check_combination(values) -> None:
    """Reject, before computing, a quantum basis too small for the requested number of kicks."""
    model = model_from(values)
    if values["method"] != "quantum":
        return
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
    """Run one computation from validated parameter values (see module docstring)."""
    check_combination(values)
    model = model_from(values)
    kicks = values["kicks"]
    runner = _RUNNERS[(values["method"], values["particles"])]
    with progress.task(f"kicked {values['method']} ({values['particles']} particle(s))", 1) as advance:
        data, coords, seed = runner(model, values)
        advance(1)
    p1_sq = data["p1_sq"].data
    data["p1_sq_final"] = labelled(p1_sq[-1], (), "1", "<p1^2> after the last period")
    data["D"] = labelled(p1_sq[-1] / kicks, (), "1", "diffusion coefficient <p1^2>(t_f) / t_f")
    coords["kick"] = np.arange(kicks + 1)
    ds = xr.Dataset(data, coords=coords)
    ds.kick.attrs.update(units="kick periods", long_name="time t (number of kicks)")
    ds.attrs.update(provenance(SYSTEM, values, seed=seed))
    return ds


def _classical(model: KickedParticles, values):
    count, kicks, seed = values["trajectories"], values["kicks"], values["seed"]
    if values["particles"] == 1:
        model = KickedParticles(K1=model.K1, K2=0.0, m=model.m, eps=0.0, lam=model.lam, L=model.L,
                                hbar_eff=model.hbar_eff, interaction=model.interaction, noise_W=model.noise_W)
    state = classical.initial_ensemble(model, count, seed=seed)
    noise = None
    if model.noise_W > 0.0:
        rng = np.random.default_rng([seed, 1])
        noise = rng.uniform(-model.noise_W, model.noise_W, size=(count, kicks))
    run = classical.integrate(model, state, kicks, values["steps_per_kick"], noise=noise,
                              tolerance=values["tolerance"], strict=values["strict"])
    history, final = run.history, run.final
    p1_sq = (history ** 2).mean(axis=1)
    stderr = (history ** 2).std(axis=1, ddof=1) / np.sqrt(count) if count > 1 else np.zeros(kicks + 1)
    edges = np.linspace(0.0, max(float(np.abs(final.p1).max()), 1e-12), HISTOGRAM_BINS + 1)
    centers = 0.5 * (edges[1:] + edges[:-1])
    data = {
        "p1_sq": labelled(p1_sq, "kick", "1", "ensemble mean <p1^2> after each period"),
        "p1_sq_stderr": labelled(stderr, "kick", "1", "standard error of <p1^2>"),
        "p1": labelled(final.p1, "trajectory", "1", "final momentum of particle 1 per trajectory"),
        "momentum_distribution": labelled(histogram(final.p1, edges), "momentum", "1",
                                          "fraction of trajectories per |p1| bin"),
        "steps_per_period": labelled(run.steps_per_period, (), "1",
                                     "mean velocity-Verlet steps per period and trajectory (jumps not counted)"),
        "step_error": labelled(run.guard_error, (), "1",
                               "estimated 90%-quantile error of p1 per period (step guard; 0 without interaction)"),
    }
    return data, {"momentum": centers}, seed


def _quantum_single(model: KickedParticles, values):
    modes1, _ = resolved_modes(values)
    realizations = values["realizations"] if model.noise_W > 0.0 else 1
    seed = values["seed"] if model.noise_W > 0.0 else NO_SEED
    result = evolve_single(model, modes1, values["kicks"], realizations=realizations, seed=max(seed, 0),
                           strict=values["strict"])
    data = {
        "p1_sq": labelled(result.p_sq.mean(axis=0), "kick", "1", "<p1^2> averaged over realizations"),
        "p1_sq_realizations": labelled(result.p_sq, ("realization", "kick"), "1", "<p1^2> per realization"),
        "momentum_distribution": labelled(result.probabilities.mean(axis=0), "momentum", "1",
                                          "final probability of sine mode n (momentum +-p_n)"),
        "purity": labelled(result.purity, "kick", "1", "purity of the realization-averaged state"),
        "purity_final": labelled(result.purity[-1], (), "1", "purity after the last period"),
        **_guards(result.top_mode, 0.0, result.norm_error, 0.0, result.resolved, modes1, 0),
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
        **_guards(result.top_mode1, result.top_mode2, result.norm_error, result.substep_error, result.resolved,
                  result.modes1, result.modes2),
        "substeps": labelled(result.substeps, (), "1", "Strang sub-steps per period used (at the end of the run; "
                             "chosen automatically when substeps = 0)"),
    }
    return data, {"momentum": result.momenta1}, NO_SEED


def _guards(top1, top2, norm_error, substep_error, resolved, modes1, modes2):
    return {
        "top_mode_probability1": labelled(top1, (), "1", "largest probability in particle 1's top modes"),
        "top_mode_probability2": labelled(top2, (), "1", "largest probability in particle 2's top modes"),
        "norm_error": labelled(norm_error, (), "1", "largest |norm - 1| over the run"),
        "substep_error": labelled(substep_error, (), "1", "estimated splitting error of the final state"),
        "resolved": labelled(bool(resolved), (), "", "all resolution guards passed"),
        "modes1": labelled(modes1, (), "1", "sine modes of particle 1"),
        "modes2": labelled(modes2, (), "1", "sine modes of particle 2"),
    }


_RUNNERS = {
    ("classical", 1): _classical,
    ("classical", 2): _classical,
    ("quantum", 1): _quantum_single,
    ("quantum", 2): _quantum_two,
}
