"""The paper's statements about Fig. 1, checked against the computed data with `noneq.reproduce.judge`.

Thresholds are named constants with their reason; no measured number is written here. Where the paper is only
approximately right (NOTES.md: the convergence to Redfield, the "convex" QME curve, the eq. (27) offset), the
verdict is ``differs`` with the physical explanation and the numbers that support it.
"""

from __future__ import annotations

import math

import numpy as np

from noneq.reproduce.claim import Claim, judge
from noneq.reservoir.redfield import energy_shell_sz

POSITIVITY_TOL = 1e-9  # Delta_i S is a relative entropy; rounding of S(t) and beta Q at 1e-12 each
NEGATIVE_MARGIN = 1e-3  # Delta_i S_bar counts as "negative" only clearly beyond rounding
RECURRENCE_DEPTH = 0.25  # a near-recurrence: Delta_i S falls back below this fraction of its running maximum
QME_AGREEMENT = 0.02  # nats: "coincide with the QME curve" at all times (5% of the saturation value)
GAMMA_AGREEMENT = 0.10  # relative: Redfield rate vs exact initial relaxation (O(lambda^2) corrections, slippage)
FIT_START = 20.0  # fit the exact <sz> after the bath correlation time (~beta = 10)
ALPHA_AGREEMENT = 0.05  # relative: finite-N alpha~ bin mean at +-Delta vs the N -> infinity form
WEAK_COUPLING_RATIO = 0.2  # eq. (27) offset at the smallest lambda, relative to lambda = 0.1: "vanishes"


def _params(ds) -> dict:
    import json
    return json.loads(ds.attrs["parameters"])


def _recurrence_depth(curve: np.ndarray) -> float:
    """min over t after the first maximum of Delta_i S(t) / running maximum: ~1 for a monotone curve, ~0 for
    a return close to the uncorrelated initial state."""
    peak = int(np.argmax(curve > 0.5 * curve.max()))
    running = np.maximum.accumulate(curve)
    return float(np.min(curve[peak:] / running[peak:]))


def _fit_relaxation(t: np.ndarray, sz: np.ndarray) -> tuple[float, float, float]:
    """Least-squares fit sz(t) = a + (b - a) exp(-kappa t) for t >= FIT_START; returns (a, b, kappa)."""
    from scipy.optimize import curve_fit

    late = t >= FIT_START
    (a, b, kappa), _ = curve_fit(lambda x, a, b, k: a + (b - a) * np.exp(-k * x), t[late], sz[late],
                                 p0=(sz[-1], sz[0], 1.0 / t[-1]))
    return float(a), float(b), float(kappa)


def claims_fig1(data) -> list[Claim]:
    ds = data["fig1"]
    p = _params(ds)
    beta, delta, lam = p["beta"], p["delta"], p["lam"]
    ns = [int(n) for n in ds.N.values]
    small, large = ns[0], ns[-1]
    single = ds.isel(realization=0)
    mean = ds.mean("realization")
    out = []
    ep_min = float(ds.entropy_production.min())
    out.append(judge("positivity", "Delta_i S >= 0 at all times and all N", paper=">= 0", measured=ep_min,
                     criterion=f"min over N, realizations, t >= -{POSITIVITY_TOL:g}",
                     agrees=ep_min >= -POSITIVITY_TOL))
    bar_min = float(single.entropy_production_bar.sel(N=small).min())
    frac = float((ds.entropy_production_bar.sel(N=small).min("time") < -NEGATIVE_MARGIN).mean())
    out.append(judge("bar_negative_small_N", f"Delta_i S_bar becomes negative for small N (N = {small})",
                     paper="< 0", measured=[bar_min, frac],
                     criterion=f"[min_t, fraction of realizations with min < -{NEGATIVE_MARGIN:g}]: min < 0",
                     agrees=bar_min < -NEGATIVE_MARGIN))
    depth_small = _recurrence_depth(single.entropy_production.sel(N=small).values)
    depth_large = _recurrence_depth(mean.entropy_production.sel(N=large).values)
    out.append(judge("recurrences_small_N", "oscillations and near-recurrences of Delta_i S at small N, none at "
                     "large N", paper="near zero", measured=[depth_small, depth_large],
                     criterion=f"[N = {small}, N = {large}]: recurrence depth (min/running max after the rise) "
                               f"< {RECURRENCE_DEPTH} at small N and > {1 - RECURRENCE_DEPTH} at large N",
                     agrees=depth_small < RECURRENCE_DEPTH and depth_large > 1 - RECURRENCE_DEPTH))
    qme = mean.entropy_production_bar_qme.sel(N=large)
    gap_bar = float(np.abs(mean.entropy_production_bar.sel(N=large) - qme).max())
    gap_ep = float(np.abs(mean.entropy_production.sel(N=large) - qme).max())
    offset = (mean.entropy_production - mean.entropy_production_bar).isel(time=-1)
    offsets = [float(offset.sel(N=n)) for n in ns[-2:]]
    spread = float(ds.entropy_production.sel(N=large).isel(time=-1).std())
    sz_late = mean.sz.sel(N=large).where(mean.time >= mean.time[-1] / 2, drop=True).mean()
    out.append(judge(
        "qme_limit", f"at large N (N = {large}) Delta_i S and Delta_i S_bar converge to the QME curve",
        paper="coincide", measured=[gap_ep, gap_bar], criterion=f"[max_t |Delta_i S - QME|, max_t |Delta_i S_bar "
        f"- QME|] < {QME_AGREEMENT} nats (realization mean)",
        agrees=max(gap_ep, gap_bar) < QME_AGREEMENT,
        consistent=bool(spread < QME_AGREEMENT),
        explanation=(f"Converged in N (final Delta_i S - Delta_i S_bar = {offsets[0]:.4f}, {offsets[1]:.4f} at "
                     f"N = {ns[-2]}, {ns[-1]}; realization spread {spread:.1e}), but (i) eq. (27): Delta_i S - "
                     f"Delta_i S_bar = -beta(<V>_t - <V>_0) is O(beta lambda^2) and does not vanish with N at fixed "
                     f"lambda (see the bath experiment: it scales as lambda^2); (ii) Delta_i S_bar saturates below "
                     f"the QME value because the exact long-time <sz> ({float(sz_late):.3f}) is not Redfield's "
                     f"(finite reservoir, see claim sz_long_time).")))
    sz_eq = float(mean.sz_eq_redfield.sel(N=large))
    shell = energy_shell_sz(delta, beta)
    out.append(judge(
        "sz_long_time", "the exact long-time <sz> approaches Redfield's <sz>_eq = -tanh(beta Delta/2)",
        paper=-math.tanh(beta * delta / 2), measured=float(sz_late),
        criterion=f"|late-time mean <sz> (N = {large}) - <sz>_eq| < {QME_AGREEMENT}",
        agrees=abs(float(sz_late) - sz_eq) < QME_AGREEMENT,
        explanation=(f"Finite reservoir (NOTES.md): flat density of states on a fixed bandwidth, heat capacity O(1) "
                     f"for any N. Energy is conserved shell by shell: |down, n> can only give the quantum Delta to "
                     f"levels at E_n - Delta, which exist iff E_n - Delta >= -1/2, and then both spin states are "
                     f"equally likely. This energy-shell estimate gives <sz> = {shell:.3f}, below -tanh = "
                     f"{sz_eq:.3f}; the exact value lies near it (the residual is the O(lambda^2) smearing of the band "
                     f"edge at lambda = 0.1; the test suite checks agreement within 0.01 at lambda = 0.05). Redfield "
                     f"instead keeps the reservoir canonical at beta.")))
    t = mean.time.values
    gamma = float(mean.gamma_redfield.sel(N=large))
    sz_inf, slipped, kappa = _fit_relaxation(t, mean.sz.sel(N=large).values)
    gamma_initial = kappa * (sz_inf - slipped) / (sz_eq - float(mean.sz.sel(N=large)[0]))
    out.append(judge("gamma", "the Redfield rate gamma (eq. (31)) matches the exact initial relaxation",
                     paper=gamma, measured=[gamma_initial, kappa],
                     criterion=f"[initial rate of the exact <sz> (N = {large}, fit a + (b - a) e^(-kappa t) for "
                               f"t >= {FIT_START:g}) expressed as gamma = kappa (a - b) / (<sz>_eq - <sz>_0), "
                               f"kappa]: gamma within {GAMMA_AGREEMENT:.0%}",
                     agrees=abs(gamma_initial / gamma - 1) < GAMMA_AGREEMENT,
                     explanation=(f"The initial rate (reservoir canonical at t = 0) is Redfield's; later the "
                                  f"exact relaxation rate kappa = {kappa:.4f} is close to the energy-shell rate "
                                  f"pi lambda^2 / 2 = {math.pi * lam ** 2 / 2:.4f} of the flippable components "
                                  f"(see sz_long_time), not gamma.")))
    curve = qme.values
    second = float(np.diff(curve, 2).max())
    saturation = float(curve[-1])
    bound = math.log1p(math.exp(-beta * delta))
    out.append(judge(
        "qme_convex", "the QME entropy production is a convex, monotonically increasing function of t",
        paper="convex", measured=[second, saturation],
        criterion=f"[max second difference (> {POSITIVITY_TOL:g} somewhere for convex), value at t_max]",
        agrees=second > POSITIVITY_TOL,
        consistent=bool(np.all(np.diff(curve) >= -POSITIVITY_TOL) and abs(saturation - bound) < QME_AGREEMENT),
        explanation=(f"The QME curve is increasing and concave (all second differences <= 0), saturating at "
                     f"D[rho_s(0)||rho_s^eq] = ln(1 + e^(-beta Delta)) = {bound:.4f} (NOTES.md); 'convex' in the "
                     f"text is a misstatement.")))
    return out


def claims_bath(data) -> list[Claim]:
    bath, coupling = data["bath"], data["coupling"]
    delta = _params(coupling)["delta"]
    out = []
    omega = bath.omega.values
    at = [int(np.argmin(np.abs(omega - w))) for w in (delta, -delta)]
    errors = []
    for n in bath.N.values:
        row = bath.sel(N=n)
        errors.append(max(abs(float(row.alpha_tilde_finite[i] / row.alpha_tilde_infinite[i]) - 1) for i in at))
    out.append(judge("alpha_finite_N", "the finite-reservoir alpha~(+-Delta) approaches the N -> infinity form "
                     "(corrected eq. (33))", paper="N -> infinity limit", measured=errors,
                     criterion=f"max relative deviation at +-Delta for N = {[int(n) for n in bath.N.values]}; "
                               f"largest N within {ALPHA_AGREEMENT:.0%}",
                     agrees=errors[-1] < ALPHA_AGREEMENT))
    lams = [float(x) for x in coupling.lam.values]
    offsets = [float(coupling.offset.sel(lam=x)) for x in lams]
    ratio = offsets[0] / float(coupling.offset.sel(lam=0.1))
    scaled = [o / x ** 2 for o, x in zip(offsets, lams)]
    out.append(judge("offset_weak_coupling", "Delta_i S - Delta_i S_bar (eq. (27)) vanishes in the weak-coupling "
                     "limit", paper="-> 0", measured=[ratio] + scaled,
                     criterion=f"[offset(lambda = {lams[0]}) / offset(0.1) < {WEAK_COUPLING_RATIO}, "
                               f"then offset / lambda^2 for lambda = {lams}]",
                     agrees=ratio < WEAK_COUPLING_RATIO and offsets[0] > 0))
    return out
