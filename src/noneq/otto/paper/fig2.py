"""Fig. 2 of Yuan et al. (cop* against the Carnot COP) and the paper's other claims: the cooling condition, the
optimal time allocation, the high- and low-temperature limits, the invariance of cop*, the second law and the
tight-coupling (Onsager) analysis. Paper values appear only on the ``paper=`` side of claims; the corrections
behind the formulas are in docs/papers/otto.md."""

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
from noneq.otto.paper.plots import LEGEND_SIZE, finish, new_figure
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = "otto"
SEED = 20140820  # root seed of the random parameter checks (arXiv submission date)
COP_CARNOT_RANGE = (0.01, 20.0)  # cop_carnot range of Fig. 2 (log-spaced)
HIGH_T = (1e-1, 1e-2, 1e-3)  # beta_h w_b of the high-temperature procedure (w_b fixed, optimum over w_a)
CA_GAP_CRITERION = 0.10  # "nice agreement": cop* within 10 % of cop_CA over the whole range
HIGH_T_CRITERION = 1e-4  # relative distance to cop_+ at beta_h w_b = 1e-3 (corrections are O((beta w)^2))
# the evidence of the paper-corrected claim: (derivation in docs/papers/otto.md, the test of the corrected statement)
JOINT_OPTIMUM_CORRECTION = ("docs/papers/otto.md#8-the-joint-optimum-never-reaches-the-high-temperature-regime",
                            "tests/otto/test_otto_optimum.py::test_joint_optimum_never_reaches_the_high_temperature_regime")
INVARIANCE_CRITERION = 1e-6  # brute-force Nelder-Mead optima agree to ~1e-9; 1e-6 leaves room
LOW_T_SCALE = 8.0  # temperatures divided by this at fixed frequencies (beta w ~ 16: Q_c ~ e^-16, above rounding)
LOW_T_CRITERION = 1e-3  # Q_c(T / 8) / Q_c(T) below this: refrigeration has vanished
EQUAL_TIMES_CRITERION = 1e-6  # relative |tau_c - tau_h| of a bounded 1-d optimizer converged to 1e-12
TIGHT_COUPLING_CRITERION = 1e-6  # |q - 1| from central differences (error ~1e-10)
LIT_CRITERION = 1e-6  # bounded scalar optimizer on a flat maximum: the COP to ~1e-8
RANDOM_CHECKS = 400  # random cycles for the second-law and cooling-condition checks


def _sizes(quick: bool) -> dict:
    return {"n_cop": 60 if quick else 400, "invariance_cop": (0.5, 5.0) if quick else (0.1, 1.0, 5.0, 20.0),
            "T_c": (0.5, 4.0) if quick else (0.25, 1.0, 4.0), "gamma_c": (0.3, 3.0) if quick else (0.3, 1.0, 3.0),
            "tau_adi": (0.1, 5.0) if quick else (0.1, 1.0, 5.0)}


# ------------------------------------------------------------------ compute

def invariance_point(cop_carnot: float, T_c: float, gamma_c: float, tau_adi: float) -> xr.Dataset:
    """Brute force (a sweep point): maximize chi from the numerical limit cycle over (w_a, w_b) at the optimal
    time allocation (gamma_h = 1); returns the COP there."""
    T_h = T_c * (1.0 + 1.0 / cop_carnot)
    times = cf.optimal_times(gamma_c, 1.0, tau_adi)
    optimum = optimal_frequencies_numeric(T_c, T_h, gamma_c, 1.0, times.tau_c, times.tau_h, tau_adi)
    return xr.Dataset({"cop_brute_force": labelled(float(optimum.cop_star), (), "1",
                                                   "COP at max chi, brute-force over the master equation")})


def random_cycles(n: int, seed: int) -> list[OttoCycle]:
    """Random valid cycles (log-uniform scales), for the second-law and cooling-condition checks."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        w_a = np.exp(rng.uniform(-2, 1.5))
        T_c = np.exp(rng.uniform(-2, 1.5))
        out.append(OttoCycle(w_a, w_a * np.exp(rng.uniform(0.01, 2.0)), T_c, T_c * np.exp(rng.uniform(0.01, 2.0)),
                             *np.exp(rng.uniform(-1.5, 1.5, size=4)), tau_adi=np.exp(rng.uniform(-2, 1))))
    return out


def compute_fig2(context: RunContext) -> dict[str, xr.Dataset]:
    """The cop*(cop_carnot) curve, the brute-force invariance sweep and the random-parameter checks."""
    sizes = _sizes(context.quick)
    cop_carnot = np.geomspace(*COP_CARNOT_RANGE, sizes["n_cop"])
    optimum = optimal_refrigerator(cop_carnot)
    high = np.stack([high_temperature_optimum(cop_carnot, d) for d in HIGH_T])
    curve = xr.Dataset({
        "cop_star": labelled(optimum.cop_star.values, "cop_carnot", "1",
                             "COP at maximum chi (joint optimum over w_a, w_b)"),
        "cop_ca": labelled(cf.cop_ca(cop_carnot), "cop_carnot", "1", "Curzon-Ahlborn COP sqrt(1 + cop_carnot) - 1"),
        "cop_plus": labelled(cf.cop_plus(cop_carnot), "cop_carnot", "1", "(sqrt(9 + 8 cop_carnot) - 3) / 2"),
        "beta_c_w_a": labelled(optimum.beta_c_w_a.values, "cop_carnot", "1", "optimal beta_c w_a"),
        "beta_h_w_b": labelled(optimum.beta_h_w_b.values, "cop_carnot", "1", "optimal beta_h w_b"),
        "cop_high_t": labelled(high, ("beta_h_w_b_fixed", "cop_carnot"), "1",
                               "COP at max chi over w_a at fixed w_b (high-temperature procedure)"),
    }, coords={"cop_carnot": cop_carnot, "beta_h_w_b_fixed": list(HIGH_T)})
    curve["cop_carnot"].attrs.update(units="1", long_name="Carnot COP T_c / (T_h - T_c)")
    curve.attrs.update(provenance(SYSTEM, {"cop_carnot_range": COP_CARNOT_RANGE, "n": sizes["n_cop"]}))
    invariance = context.sweep("invariance", invariance_point, {
        "cop_carnot": sizes["invariance_cop"], "T_c": sizes["T_c"], "gamma_c": sizes["gamma_c"],
        "tau_adi": sizes["tau_adi"]})
    # the sweep assembly drops per-variable attrs: put the labels back
    invariance["cop_brute_force"].attrs.update(units="1", long_name="COP at max chi, brute force over the "
                                               "master-equation limit cycle")
    for name, unit, meaning in (("cop_carnot", "1", "Carnot COP"), ("T_c", "energy", "cold bath temperature"),
                                ("gamma_c", "1/time", "cold bath rate (gamma_h = 1)"),
                                ("tau_adi", "time", "total adiabat time")):
        invariance[name].attrs.update(units=unit, long_name=meaning)
    invariance["cop_star"] = labelled(optimal_refrigerator(np.asarray(sizes["invariance_cop"])).cop_star.values,
                                      "cop_carnot", "1", "COP at max chi from the structured solver")
    invariance.attrs.update(provenance(SYSTEM, {k: list(v) for k, v in sizes.items() if k != "n_cop"}))
    return {"curve": curve, "invariance": invariance, "checks": _checks()}


def _checks() -> xr.Dataset:
    """Random-parameter checks (second law, cooling condition), time allocation, limits, Onsager coefficients."""
    cycles = random_cycles(RANDOM_CHECKS, SEED)
    results = [limit_cycle(c) for c in cycles]
    sigma = np.array([obs.entropy_production(r) for r in results])
    cooling = np.array([r.Q_c > 0 for r in results])
    predicted = np.array([c.beta_c * c.w_a < c.beta_h * c.w_b for c in cycles])
    cop_ratio = np.array([obs.cop(r) / c.cop_carnot if r.Q_c > 0 else 0.0 for r, c in zip(results, cycles)])
    times = cf.optimal_times(1.0, 1.0, 1.0)
    # low temperature: the optimal frequencies at T_c = 1, cop_carnot = 2, then temperatures divided by LOW_T_SCALE
    optimum = optimal_refrigerator(2.0)
    u, v = float(optimum.beta_c_w_a[0]), float(optimum.beta_h_w_b[0])
    base = OttoCycle(u, v * 1.5, 1.0, 1.5, 1.0, 1.0, times.tau_c, times.tau_h, 1.0)
    cold = OttoCycle(base.w_a, base.w_b, 1.0 / LOW_T_SCALE, 1.5 / LOW_T_SCALE, 1.0, 1.0, times.tau_c, times.tau_h,
                     1.0)
    L = onsager_matrix(1.0, 1.0, 1.0, 1.0, times.tau_c, times.tau_h, 1.0)
    cop_grid = np.array([0.1, 1.0, 10.0])
    ds = xr.Dataset({
        "entropy_production": labelled(sigma, "sample", "1", "entropy production per cycle (nats), random cycles"),
        "cooling": labelled(cooling, "sample", "1", "Q_c > 0 (numerical limit cycle)"),
        "cooling_predicted": labelled(predicted, "sample", "1", "beta_c w_a < beta_h w_b"),
        "cop_over_carnot": labelled(cop_ratio, "sample", "1", "cop / cop_carnot where cooling (0 otherwise)"),
        "tau_c_opt": labelled(times.tau_c, (), "time", "optimal tau_c at gamma_c = gamma_h = 1, tau_adi = 1"),
        "tau_h_opt": labelled(times.tau_h, (), "time", "optimal tau_h at gamma_c = gamma_h = 1, tau_adi = 1"),
        "Q_c_low_t_ratio": labelled(limit_cycle(cold).Q_c / limit_cycle(base).Q_c, (), "1",
                                    f"Q_c with temperatures / {LOW_T_SCALE:g} over Q_c at fixed frequencies"),
        "onsager": labelled(L, ("flux", "force"), "1/time", "Onsager coefficients at equilibrium"),
        "coupling_q": labelled(coupling_strength(L), (), "1", "coupling strength q"),
        "lit_cop": labelled([lit_cop_at_max_chi(e, 1.0) for e in cop_grid], "cop_carnot_lit", "1",
                            "COP at max chi of a tight-coupling linear refrigerator"),
        "lit_cop_plus": labelled(cf.cop_plus(cop_grid), "cop_carnot_lit", "1", "cop_+"),
    }, coords={"cop_carnot_lit": cop_grid})
    ds.attrs.update(provenance(SYSTEM, {"random_cycles": RANDOM_CHECKS, "cycles": [asdict(c) for c in cycles[:3]]},
                               seed=SEED))
    return ds


# ------------------------------------------------------------------ plot

def plot_fig2(data) -> dict:
    """Fig. 2: cop*, cop_CA, cop_+ against cop_carnot (and the high-temperature procedure); right: the gap
    cop*/cop_CA - 1 and the optimal beta w."""
    c = data["curve"]
    x = c.cop_carnot.values
    fig, (ax, gap) = new_figure(2, size=(10, 4.4))
    ax.plot(x, c.cop_star, "k-", lw=2, label=r"$\varepsilon^*$ (this model)")
    ax.plot(x, c.cop_ca, "r--", lw=1.5, label=r"$\varepsilon_{CA}=\sqrt{1+\varepsilon_C}-1$")
    ax.plot(x, c.cop_plus, "b:", lw=2, label=r"$\varepsilon_+=(\sqrt{9+8\varepsilon_C}-3)/2$")
    high = c.cop_high_t.sel(beta_h_w_b_fixed=c.beta_h_w_b_fixed.min())
    step = max(1, x.size // 15)
    ax.plot(x[::step], high[::step], "bo", mfc="none", ms=5,
            label=r"max over $\omega_a$ at fixed $\omega_b$, $\beta_h\omega_b=10^{-3}$")
    ax.set_xlim(0, x.max())
    ax.set_ylim(0, None)
    finish(ax, r"Carnot COP $\varepsilon_C$", r"COP at maximum $\chi$", "Fig. 2: COP at maximum $\\chi$",
           loc="upper left")
    gap.semilogx(x, 100 * (c.cop_star / c.cop_ca - 1), "k-", label=r"$\varepsilon^*/\varepsilon_{CA}-1$")
    gap.semilogx(x, 100 * (c.cop_plus / c.cop_ca - 1), "b:", label=r"$\varepsilon_+/\varepsilon_{CA}-1$")
    gap.set_ylim(0, None)
    twin = gap.twinx()
    twin.semilogx(x, c.beta_c_w_a, color="tab:green", lw=1, label=r"optimal $\beta_c\omega_a$ (right axis)")
    twin.semilogx(x, c.beta_h_w_b, color="tab:orange", lw=1, label=r"optimal $\beta_h\omega_b$ (right axis)")
    twin.set_ylabel(r"optimal $\beta\omega$ (never $\ll 1$)")
    twin.set_ylim(0, None)
    finish(gap, r"$\varepsilon_C$", "relative difference (%)", "gap to Curzon-Ahlborn; optimal $\\beta\\omega$",
           legend=False)
    lines = gap.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    gap.legend(lines, [line.get_label() for line in lines], fontsize=LEGEND_SIZE, loc="upper center",
               bbox_to_anchor=(0.5, -0.16), ncol=2)
    return {"fig2": fig}


# ------------------------------------------------------------------ claims

def claims_fig2(data) -> list[Claim]:
    """The paper's statements on Fig. 2, the limits, the cooling condition, the second law and Sec. IV."""
    c, inv, chk = data["curve"], data["invariance"], data["checks"]
    gap = (c.cop_star / c.cop_ca - 1.0).values
    worst = int(np.argmax(np.abs(gap)))
    high = c.cop_high_t.sel(beta_h_w_b_fixed=min(HIGH_T)).values
    high_gap = float(np.max(np.abs(high / c.cop_plus.values - 1.0)))
    spread = float(np.max(np.abs(inv.cop_brute_force / inv.cop_star - 1.0)))
    equal = abs(float(chk.tau_c_opt) - float(chk.tau_h_opt)) / float(chk.tau_c_opt)
    agree = float(np.mean(chk.cooling.values == chk.cooling_predicted.values))
    q = float(chk.coupling_q)
    lit = float(np.max(np.abs(chk.lit_cop / chk.lit_cop_plus - 1.0)))
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
        judge("eps-star-near-ca", "the COP at maximum chi, cop*, is in nice agreement with cop_CA = "
              "sqrt(1 + cop_carnot) - 1", paper="nice agreement", measured=float(gap[worst]),
              criterion=f"max |cop*/cop_CA - 1| over cop_carnot in {COP_CARNOT_RANGE} < {CA_GAP_CRITERION:g} "
                        f"(largest at cop_carnot = {float(c.cop_carnot[worst]):.3g}; cop* > cop_CA everywhere: "
                        f"{bool(np.all(gap > 0))})",
              agrees=bool(np.max(np.abs(gap)) < CA_GAP_CRITERION)),
        judge("eps-star-below-plus", "cop* lies below cop_+ = (sqrt(9 + 8 cop_carnot) - 3)/2",
              paper="cop* < cop_+", measured=float(np.max(c.cop_star / c.cop_plus)),
              criterion="max cop*/cop_+ < 1 over the range", agrees=bool(np.all(c.cop_star < c.cop_plus))),
        judge("high-temperature-eps-plus", "in the high-temperature limit the COP at max chi is cop_+",
              paper="cop_+", measured=high_gap,
              criterion=f"max |cop/cop_+ - 1| < {HIGH_T_CRITERION:g} for the optimum over w_a at fixed w_b, "
                        f"beta_h w_b = {min(HIGH_T):g}", agrees=high_gap < HIGH_T_CRITERION),
        judge("joint-optimum-high-temperature", "cop* (joint optimum over w_a, w_b) becomes cop_+ at high "
              "temperature", paper="cop* -> cop_+", measured=min_bw,
              criterion="the joint optimum would need beta w << 1; measured: min of beta_c w_a*, beta_h w_b*",
              agrees=min_bw < 0.1, consistent=spread < INVARIANCE_CRITERION,
              correction=JOINT_OPTIMUM_CORRECTION[0], test=JOINT_OPTIMUM_CORRECTION[1],
              explanation="cop* depends on cop_carnot only (invariance claim): the joint optimum sits at beta w of "
                          "order 2-3 at every temperature, so it never enters the high-temperature regime; cop_+ "
                          "is reached only by the paper's restricted procedure (w_b held fixed with beta_h w_b -> 0, "
                          "optimum over w_a alone), see claim high-temperature-eps-plus and docs/papers/otto.md."),
        judge("low-temperature", "refrigeration vanishes in the low-temperature limit", paper="Q_c -> 0",
              measured=float(chk.Q_c_low_t_ratio),
              criterion=f"Q_c(T/{LOW_T_SCALE:g}) / Q_c(T) < {LOW_T_CRITERION:g} at fixed frequencies",
              agrees=float(chk.Q_c_low_t_ratio) < LOW_T_CRITERION),
        judge("invariance", "cop* is independent of the temperature scale, gamma and tau_adi (docs/papers/otto.md)",
              paper="depends on cop_carnot only", measured=spread,
              criterion=f"brute-force optimum of the master-equation chi over T_c, gamma_c, tau_adi agrees with "
                        f"the structured cop*(cop_carnot) to {INVARIANCE_CRITERION:g}",
              agrees=spread < INVARIANCE_CRITERION),
        judge("second-law", "entropy production per cycle >= 0 and cop <= cop_carnot", paper="second law",
              measured=[float(chk.entropy_production.min()), float(chk.cop_over_carnot.max())],
              criterion=f"min Sigma >= 0 and max cop/cop_carnot <= 1 over {RANDOM_CHECKS} random cycles",
              agrees=bool(chk.entropy_production.min() >= 0 and chk.cop_over_carnot.max() <= 1)),
        judge("tight-coupling", "the model is a tight-coupling linear irreversible refrigerator (|q| = 1)",
              paper="|q| = 1", measured=q, criterion=f"|q - 1| < {TIGHT_COUPLING_CRITERION:g} from Onsager "
              "coefficients computed from the model", agrees=abs(q - 1) < TIGHT_COUPLING_CRITERION),
        judge("lit-bound", "a tight-coupling linear refrigerator has the COP cop_+ at maximum chi (eq. 23)",
              paper="cop_+", measured=lit,
              criterion=f"max |cop/cop_+ - 1| < {LIT_CRITERION:g} at cop_carnot = 0.1, 1, 10",
              agrees=lit < LIT_CRITERION),
    ]


FIG2 = Experiment(name="fig2", title="COP at maximum chi vs Carnot COP (Fig. 2) and the paper's claims",
                  compute=compute_fig2, plot=plot_fig2, claims=claims_fig2)
