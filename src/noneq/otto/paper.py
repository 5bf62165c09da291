"""Yuan et al. (arXiv:1408.4917): Fig. 2 (eps* vs eps_C) and the paper's claims, plus the beyond-the-paper
experiments (`noneq.otto.paper_beyond`). Paper values appear only on the ``paper=`` side of claims."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.otto import closed_form as cf
from noneq.otto import observables as obs
from noneq.otto.cycle import limit_cycle
from noneq.otto.model import OttoCycle
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.onsager import coupling_strength, lit_cop_at_max_chi, onsager_matrix
from noneq.otto.optimum import high_temperature_optimum, optimal_refrigerator
from noneq.otto.paper_beyond import ENGINE, FLUCTUATIONS, NLEVEL
from noneq.otto.paper_friction import FRICTION
from noneq.otto import plots
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = "otto"
SEED = 20140820  # root seed of the random parameter checks (arXiv submission date)
EPS_C_RANGE = (0.01, 20.0)  # eps_C range of Fig. 2 (log-spaced)
HIGH_T = (1e-1, 1e-2, 1e-3)  # beta_h w_b of the high-temperature procedure (w_b fixed, optimum over w_a)
CA_GAP_CRITERION = 0.10  # "nice agreement": eps* within 10 % of eps_CA over the whole range
HIGH_T_CRITERION = 1e-4  # relative distance to eps_+ at beta_h w_b = 1e-3 (corrections are O((beta w)^2))
INVARIANCE_CRITERION = 1e-6  # brute-force Nelder-Mead optima agree to ~1e-9; 1e-6 leaves room
LOW_T_SCALE = 8.0  # temperatures divided by this at fixed frequencies (beta w ~ 16: Q_c ~ e^-16, above rounding)
LOW_T_CRITERION = 1e-3  # Q_c(T / 8) / Q_c(T) below this: refrigeration has vanished
EQUAL_TIMES_CRITERION = 1e-6  # relative |tau_c - tau_h| of a bounded 1-d optimizer converged to 1e-12
TIGHT_COUPLING_CRITERION = 1e-6  # |q - 1| from central differences (error ~1e-10)
RANDOM_CHECKS = 400  # random cycles for the second-law and cooling-condition checks


def _sizes(quick: bool) -> dict:
    return {"n_eps": 60 if quick else 400, "invariance_eps": (0.5, 5.0) if quick else (0.1, 1.0, 5.0, 20.0),
            "T_c": (0.5, 4.0) if quick else (0.25, 1.0, 4.0), "gamma_c": (0.3, 3.0) if quick else (0.3, 1.0, 3.0),
            "tau_adi": (0.1, 5.0) if quick else (0.1, 1.0, 5.0)}


def invariance_point(eps_c: float, T_c: float, gamma_c: float, tau_adi: float) -> xr.Dataset:
    """Brute force: maximize chi from the numerical limit cycle over (w_a, w_b) at the optimal time allocation
    (gamma_h = 1); returns the COP there (a sweep point)."""
    T_h = T_c * (1.0 + 1.0 / eps_c)
    tau_c, tau_h = cf.optimal_times(gamma_c, 1.0, tau_adi)
    w_a, w_b, _ = optimal_frequencies_numeric(T_c, T_h, gamma_c, 1.0, tau_c, tau_h, tau_adi)
    return xr.Dataset({"eps_brute_force": labelled(w_a / (w_b - w_a), (), "1",
                                                   "COP at max chi, brute-force over the master equation")})


def random_cycles(n: int, seed: int) -> list[OttoCycle]:
    """Random valid cycles (log-uniform scales), for second-law and cooling-condition checks."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        w_a = np.exp(rng.uniform(-2, 1.5))
        T_c = np.exp(rng.uniform(-2, 1.5))
        out.append(OttoCycle(w_a, w_a * np.exp(rng.uniform(0.01, 2.0)), T_c, T_c * np.exp(rng.uniform(0.01, 2.0)),
                             *np.exp(rng.uniform(-1.5, 1.5, size=4)), tau_adi=np.exp(rng.uniform(-2, 1))))
    return out


def compute_fig2(context: RunContext) -> dict[str, xr.Dataset]:
    sizes = _sizes(context.quick)
    eps_c = np.geomspace(*EPS_C_RANGE, sizes["n_eps"])
    u, v, eps_star = optimal_refrigerator(eps_c)
    high = np.stack([high_temperature_optimum(eps_c, d) for d in HIGH_T])
    curve = xr.Dataset({
        "eps_star": labelled(eps_star, "eps_c", "1", "COP at maximum chi (joint optimum over w_a, w_b)"),
        "eps_ca": labelled(cf.eps_ca(eps_c), "eps_c", "1", "Curzon-Ahlborn COP sqrt(1 + eps_C) - 1"),
        "eps_plus": labelled(cf.eps_plus(eps_c), "eps_c", "1", "(sqrt(9 + 8 eps_C) - 3) / 2"),
        "beta_c_w_a": labelled(u, "eps_c", "1", "optimal beta_c w_a"),
        "beta_h_w_b": labelled(v, "eps_c", "1", "optimal beta_h w_b"),
        "eps_high_t": labelled(high, ("beta_h_w_b_fixed", "eps_c"), "1",
                               "COP at max chi over w_a at fixed w_b (high-temperature procedure)"),
    }, coords={"eps_c": eps_c, "beta_h_w_b_fixed": list(HIGH_T)})
    curve["eps_c"].attrs.update(units="1", long_name="Carnot COP eps_C")
    curve.attrs.update(provenance(SYSTEM, {"eps_c_range": EPS_C_RANGE, "n": sizes["n_eps"]}))
    invariance = context.sweep("invariance", invariance_point, {
        "eps_c": sizes["invariance_eps"], "T_c": sizes["T_c"], "gamma_c": sizes["gamma_c"],
        "tau_adi": sizes["tau_adi"]})
    # the sweep assembly drops per-variable attrs: put the labels back
    invariance["eps_brute_force"].attrs.update(units="1", long_name="COP at max chi, brute force over the "
                                               "master-equation limit cycle")
    for name, unit, meaning in (("eps_c", "1", "Carnot COP"), ("T_c", "energy", "cold bath temperature"),
                                ("gamma_c", "1/time", "cold bath rate (gamma_h = 1)"),
                                ("tau_adi", "time", "total adiabat time")):
        invariance[name].attrs.update(units=unit, long_name=meaning)
    invariance["eps_star"] = labelled(optimal_refrigerator(np.asarray(sizes["invariance_eps"]))[2], "eps_c", "1",
                                      "COP at max chi from the structured solver")
    invariance.attrs.update(provenance(SYSTEM, {k: list(v) for k, v in sizes.items() if k != "n_eps"}))
    return {"curve": curve, "invariance": invariance, "checks": _checks()}


def _checks() -> xr.Dataset:
    """Random-parameter checks (second law, cooling condition), time allocation, limits, Onsager coefficients."""
    cycles = random_cycles(RANDOM_CHECKS, SEED)
    results = [limit_cycle(c) for c in cycles]
    sigma = np.array([obs.entropy_production(r) for r in results])
    cooling = np.array([r.Q_c > 0 for r in results])
    predicted = np.array([c.beta_c * c.w_a < c.beta_h * c.w_b for c in cycles])
    cop_ratio = np.array([obs.cop(r) / c.carnot_cop if r.Q_c > 0 else 0.0 for r, c in zip(results, cycles)])
    tau_c, tau_h = cf.optimal_times(1.0, 1.0, 1.0)
    # low temperature: the optimum frequencies at T_c = 1, eps_C = 2, then temperatures divided by LOW_T_SCALE
    u, v, _ = optimal_refrigerator(np.array([2.0]))
    base = OttoCycle(float(u[0]), float(v[0]) * 1.5, 1.0, 1.5, 1.0, 1.0, tau_c, tau_h, 1.0)
    cold = OttoCycle(base.w_a, base.w_b, 1.0 / LOW_T_SCALE, 1.5 / LOW_T_SCALE, 1.0, 1.0, tau_c, tau_h, 1.0)
    L = onsager_matrix(1.0, 1.0, 1.0, 1.0, tau_c, tau_h, 1.0)
    eps_grid = np.array([0.1, 1.0, 10.0])
    ds = xr.Dataset({
        "entropy_production": labelled(sigma, "sample", "1", "entropy production per cycle, random cycles"),
        "cooling": labelled(cooling, "sample", "1", "Q_c > 0 (numerical limit cycle)"),
        "cooling_predicted": labelled(predicted, "sample", "1", "beta_c w_a < beta_h w_b"),
        "cop_over_carnot": labelled(cop_ratio, "sample", "1", "eps / eps_C where cooling (0 otherwise)"),
        "tau_c_opt": labelled(tau_c, (), "time", "optimal tau_c at gamma_c = gamma_h = 1, tau_adi = 1"),
        "tau_h_opt": labelled(tau_h, (), "time", "optimal tau_h at gamma_c = gamma_h = 1, tau_adi = 1"),
        "Q_c_low_t_ratio": labelled(limit_cycle(cold).Q_c / limit_cycle(base).Q_c, (), "1",
                                    f"Q_c with temperatures / {LOW_T_SCALE:g} over Q_c at fixed frequencies"),
        "onsager": labelled(L, ("flux", "force"), "1/time", "Onsager coefficients at equilibrium"),
        "coupling_q": labelled(coupling_strength(L), (), "1", "coupling strength q"),
        "lit_cop": labelled([lit_cop_at_max_chi(e, 1.0) for e in eps_grid], "eps_c_lit", "1",
                            "COP at max chi of a tight-coupling linear refrigerator"),
        "lit_eps_plus": labelled(cf.eps_plus(eps_grid), "eps_c_lit", "1", "eps_+"),
    }, coords={"eps_c_lit": eps_grid})
    ds.attrs.update(provenance(SYSTEM, {"random_cycles": RANDOM_CHECKS, "cycles": [asdict(c) for c in cycles[:3]]},
                               seed=SEED))
    return ds


def claims_fig2(data) -> list[Claim]:
    c, inv, chk = data["curve"], data["invariance"], data["checks"]
    gap = (c.eps_star / c.eps_ca - 1.0).values
    worst = int(np.argmax(np.abs(gap)))
    high = c.eps_high_t.sel(beta_h_w_b_fixed=min(HIGH_T)).values
    high_gap = float(np.max(np.abs(high / c.eps_plus.values - 1.0)))
    spread = float(np.max(np.abs(inv.eps_brute_force / inv.eps_star - 1.0)))
    equal = abs(float(chk.tau_c_opt) - float(chk.tau_h_opt)) / float(chk.tau_c_opt)
    agree = float(np.mean(chk.cooling.values == chk.cooling_predicted.values))
    q = float(chk.coupling_q)
    lit = float(np.max(np.abs(chk.lit_cop / chk.lit_eps_plus - 1.0)))
    min_bw = float(min(c.beta_c_w_a.min(), c.beta_h_w_b.min()))
    return [
        judge("cooling-condition", "the machine cools only when beta_c w_a < beta_h w_b",
              paper="T_c/T_h < w_b/w_a", measured=agree,
              criterion=f"sign of Q_c (numerical limit cycle) matches the condition in all {RANDOM_CHECKS} "
                        "random cycles",
              agrees=agree == 1.0),
        judge("equal-times", "tau_c = tau_h at the optimum when gamma_c = gamma_h", paper="tau_c = tau_h",
              measured=equal, criterion=f"relative |tau_c - tau_h| < {EQUAL_TIMES_CRITERION:g}",
              agrees=equal < EQUAL_TIMES_CRITERION),
        judge("eps-star-near-ca", "eps* is in nice agreement with eps_CA = sqrt(1 + eps_C) - 1",
              paper="nice agreement", measured=float(gap[worst]),
              criterion=f"max |eps*/eps_CA - 1| over eps_C in {EPS_C_RANGE} < {CA_GAP_CRITERION:g} "
                        f"(largest at eps_C = {float(c.eps_c[worst]):.3g}; eps* > eps_CA everywhere: "
                        f"{bool(np.all(gap > 0))})",
              agrees=bool(np.max(np.abs(gap)) < CA_GAP_CRITERION)),
        judge("eps-star-below-plus", "eps* lies below eps_+ = (sqrt(9 + 8 eps_C) - 3)/2", paper="eps* < eps_+",
              measured=float(np.max(c.eps_star / c.eps_plus)), criterion="max eps*/eps_+ < 1 over the range",
              agrees=bool(np.all(c.eps_star < c.eps_plus))),
        judge("high-temperature-eps-plus", "in the high-temperature limit the COP at max chi is eps_+",
              paper="eps_+", measured=high_gap,
              criterion=f"max |eps/eps_+ - 1| < {HIGH_T_CRITERION:g} for the optimum over w_a at fixed w_b, "
                        f"beta_h w_b = {min(HIGH_T):g}", agrees=high_gap < HIGH_T_CRITERION),
        judge("joint-optimum-high-temperature", "eps* (joint optimum over w_a, w_b) becomes eps_+ at high "
              "temperature", paper="eps* -> eps_+", measured=min_bw,
              criterion="the joint optimum would need beta w << 1; measured: min of beta_c w_a*, beta_h w_b*",
              agrees=min_bw < 0.1, consistent=spread < INVARIANCE_CRITERION,
              explanation="eps* depends on eps_C only (invariance claim): the joint optimum sits at beta w of "
                          "order 2-3 at every temperature, so it never enters the high-temperature regime; eps_+ "
                          "is reached only by the paper's restricted procedure (w_b held fixed with beta_h w_b -> 0, "
                          "optimum over w_a alone), see claim high-temperature-eps-plus (NOTES.md)."),
        judge("low-temperature", "refrigeration vanishes in the low-temperature limit", paper="Q_c -> 0",
              measured=float(chk.Q_c_low_t_ratio),
              criterion=f"Q_c(T/{LOW_T_SCALE:g}) / Q_c(T) < {LOW_T_CRITERION:g} at fixed frequencies",
              agrees=float(chk.Q_c_low_t_ratio) < LOW_T_CRITERION),
        judge("invariance", "eps* independent of the temperature scale, gamma and tau_adi (NOTES.md)",
              paper="depends on eps_C only", measured=spread,
              criterion=f"brute-force optimum of the master-equation chi over T_c, gamma_c, tau_adi agrees with "
                        f"the structured eps*(eps_C) to {INVARIANCE_CRITERION:g}",
              agrees=spread < INVARIANCE_CRITERION),
        judge("second-law", "entropy production per cycle >= 0 and eps <= eps_C", paper="second law",
              measured=[float(chk.entropy_production.min()), float(chk.cop_over_carnot.max())],
              criterion=f"min Sigma >= 0 and max eps/eps_C <= 1 over {RANDOM_CHECKS} random cycles",
              agrees=bool(chk.entropy_production.min() >= 0 and chk.cop_over_carnot.max() <= 1)),
        judge("tight-coupling", "the model is a tight-coupling linear irreversible refrigerator (|q| = 1)",
              paper="|q| = 1", measured=q, criterion=f"|q - 1| < {TIGHT_COUPLING_CRITERION:g} from Onsager "
              "coefficients computed from the model", agrees=abs(q - 1) < TIGHT_COUPLING_CRITERION),
        judge("lit-bound", "a tight-coupling linear refrigerator has COP eps_+ at maximum chi (eq. 23)",
              paper="eps_+", measured=lit, criterion="max |eps/eps_+ - 1| < 1e-6 at eps_C = 0.1, 1, 10",
              agrees=lit < 1e-6),
    ]


FIG2 = Experiment(name="fig2", title="COP at maximum chi vs Carnot COP (Fig. 2) and the paper's claims",
                  compute=compute_fig2, plot=plots.plot_fig2, claims=claims_fig2)

EXPERIMENTS = (FIG2, ENGINE, NLEVEL, FLUCTUATIONS, FRICTION)
