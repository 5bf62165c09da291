"""Two-point-measurement statistics of a driven `OpenSystem` (piecewise-constant protocol of `Stage`s;
`noneq.reservoir.statistics`): first moments against the exact mean dynamics, cumulants against a brute-force
TPM joint distribution from dense expm of the stage product, the integral fluctuation theorem in every stage and
at the switching instants, the undriven limit, a sudden quench of an isolated qubit (Jarzynski), the transition
probabilities against the dense stage product, Crooks' theorem against the time-reversed protocol and the
distributions (docs/papers/reservoir.md, "Beyond the paper: heat statistics")."""

from dataclasses import replace

import numpy as np
import pytest
import scipy.linalg

from noneq.core.errors import NoneqInputError
from noneq.quantum import relative_entropy, thermal_state
from noneq.reservoir import (OpenSystem, Reservoir, Stage, exact_thermodynamics, tpm_basis, tpm_cumulants,
                             tpm_distribution, tpm_transitions)
from noneq.reservoir.model import SIGMA_X, SIGMA_Y, SIGMA_Z
from noneq.stochastic import cumulants_from_moments
from test_reservoir_statistics import assert_first_moments_are_the_means

MEAN_TOLERANCE = 1e-12  # relative to the largest |mean|: both exact (stage-by-stage eigendecompositions), d = 18
DENSE_TOLERANCE = 1e-11  # cumulants 1..4 against expm, relative (measured ~3e-14): rounding of U(t) amplified
# by the moment-to-cumulant cancellation
ROUNDING = 1e-12  # identities that hold to rounding (unitarity of the eigenvectors and of the stage product)
SWITCHES = (4.0, 9.0)
TIMES = np.array([0.0, 1.5, 4.0, 6.3, 9.0, 12.0, 20.0])  # every stage, both switching instants


def couplings():
    """Three couplings of a qubit to a hot and a cold three-level reservoir (d = 18)."""
    c = np.ones((3, 3)) - np.eye(3)
    hot = np.kron(np.kron(SIGMA_X, c), np.eye(3))
    cold = np.kron(np.kron(SIGMA_X, np.eye(3)), c)
    dephasing = np.kron(np.kron(SIGMA_Z, c), np.eye(3))
    return 0.3 * (hot + cold), 0.2 * hot - 0.15 * dephasing, 0.25 * cold - 0.1 * hot


def driven_baths(rho_s0=None, beta_s=2.0, stages=None) -> OpenSystem:
    """The qubit of test_reservoir_statistics.two_baths, driven in two steps: at t = 4 H_s turns (sigma_x part:
    a new eigenbasis) and the coupling changes, at t = 9 again (a complex sigma_y part)."""
    hot = Reservoir(np.diag([0.0, 0.5, 1.0]), beta=0.5)
    cold = Reservoir(np.diag([0.0, 0.4, 0.9]), beta=5.0)
    V0, V1, V2 = couplings()
    H_s = 0.5 * SIGMA_Z
    if stages is None:
        stages = (Stage(SWITCHES[0], 0.3 * SIGMA_Z + 0.4 * SIGMA_X, V1),
                  Stage(SWITCHES[1], -0.6 * SIGMA_Z + 0.25 * SIGMA_Y, V2))
    rho = thermal_state(H_s, beta_s) if rho_s0 is None else rho_s0
    return OpenSystem(H_s, (hot, cold), V0, rho, stages)


def propagator(model: OpenSystem, t: float) -> np.ndarray:
    """U(t) as the product of the stages' expm(-i H_k dt_k) (`OpenSystem.segments`)."""
    U = np.eye(model.dim, dtype=complex)
    for start, end, H_s, V in model.segments(t):
        U = scipy.linalg.expm(-1j * model.hamiltonian(H_s, V) * (end - start)) @ U
    return U


def measured_basis(model: OpenSystem, H_s: np.ndarray):
    """The product eigenbasis of H_s (x) the diagonal H_r, in kron order: (levels (d, 1 + R) of the outcomes,
    the basis vectors (d, d), H_s's eigenvalues and eigenvectors)."""
    e, v = np.linalg.eigh(H_s)
    levels = [e] + [np.diag(r.H).real for r in model.reservoirs]
    grid = np.stack([g.ravel() for g in np.meshgrid(*levels, indexing="ij")], axis=1)
    vectors = v
    for r in model.reservoirs:
        vectors = np.kron(vectors, np.eye(r.dim))
    return grid, vectors, e, v


def brute_force(model: OpenSystem, times, reference_beta=None, order=4):
    """Independent route: the TPM joint distribution p_a |<b|U(t)|a>|^2 in the eigenbases of H_s(0) and H_s(t)
    (x) the (diagonal) H_r, the moments of Delta E_s, each Q_r and Sigma summed directly. Returns the cumulants
    (n_t, quantity, order), <e^{-Sigma}> and lambda (n_t,)."""
    eps = [np.diag(r.H).real for r in model.reservoirs]

    def spread(values, factor):
        return model.embed(np.diag(values), factor).diagonal().real

    _, A, e0, _ = measured_basis(model, model.H_s)
    p = np.clip((A.conj().T @ model.initial_state() @ A).diagonal().real, 0.0, None)
    gammas = [np.diag(r.equilibrium_state).real for r in model.reservoirs]
    populated = p > 0
    x_sigma = np.where(populated, -np.log(np.where(populated, p, 1.0)), 0.0)
    kappa, ift, lost = [], [], []
    for t in times:
        H_s = model.protocol_at(t)[0]
        _, B, e1, v1 = measured_basis(model, H_s)
        q_ref = np.diag(v1.conj().T @ model.rho_s0 @ v1).real if reference_beta is None else \
            np.exp(-reference_beta * e1) / np.sum(np.exp(-reference_beta * e1))
        p_ref = q_ref
        for g in gammas:
            p_ref = np.kron(p_ref, g)
        T = np.abs(B.conj().T @ propagator(model, t) @ A) ** 2  # T[b, a]
        quantities = [spread(e1, 0)[:, None] - spread(e0, 0)[None, :]]
        quantities += [spread(e, r + 1)[None, :] - spread(e, r + 1)[:, None] for r, e in enumerate(eps)]
        quantities += [-np.log(p_ref)[:, None] - x_sigma[None, :]]
        w = T * p[None, :]
        kappa.append(cumulants_from_moments(np.array([[(w * X ** n).sum() for n in range(1, order + 1)]
                                                      for X in quantities])))
        ift.append(float((T[:, populated] * p_ref[:, None]).sum()))
        lost.append(float((T[:, ~populated] * p_ref[:, None]).sum()))
    return np.array(kappa), np.array(ift), np.array(lost)


def relative_gap(a, b) -> float:
    """max |a - b| relative to the largest |b| of each quantity and order (at least 1)."""
    scale = np.maximum(np.abs(b).max(axis=0, keepdims=True), 1.0)
    return float(np.max(np.abs(a - b) / scale))


@pytest.mark.parametrize("reference_beta", [None, 1.0])
def test_first_moments_are_the_exact_mean_heat_and_energy_change(reference_beta):
    model = driven_baths()
    mean = exact_thermodynamics(model, TIMES)  # full propagation, H_s(t) at each time
    change = assert_first_moments_are_the_means(tpm_cumulants(model, TIMES, reference_beta=reference_beta), mean,
                                                MEAN_TOLERANCE)
    assert np.min(np.abs(np.diff(change))) > 1e-3  # the energy moves in every stage (and at each switch)


@pytest.mark.parametrize("reference_beta", [None, 1.0])
def test_mean_sigma_is_the_entropy_production_plus_a_relative_entropy(reference_beta):
    """<Sigma> = Delta_i S + D[rho_s(t) || q~(t)], q~ the reference in the eigenbasis of H_s(t)."""
    model = driven_baths()
    ds = tpm_cumulants(model, TIMES, reference_beta=reference_beta)
    mean = exact_thermodynamics(model, TIMES)
    expected = []
    for t, rho_s, production in zip(TIMES, mean.rho_s.values, mean.entropy_production.values):
        H_s = model.protocol_at(t)[0]
        if reference_beta is None:
            _, v = np.linalg.eigh(H_s)
            q_ref = v @ np.diag(np.diag(v.conj().T @ model.rho_s0 @ v)) @ v.conj().T
        else:
            q_ref = thermal_state(H_s, reference_beta)
        expected.append(production + relative_entropy(rho_s, q_ref, base=np.e))
    got = ds.cumulants.sel(quantity="entropy_production", order=1).values
    assert np.max(np.abs(got - np.array(expected))) <= MEAN_TOLERANCE * np.max(np.abs(expected))


@pytest.mark.parametrize("rho_s0, reference_beta", [(None, None), (None, 1.0), (np.diag([0.0, 1.0]), 2.0),
                                                    (np.array([[0.7, 0.2], [0.2, 0.3]]), None)],
                         ids=["gibbs", "gibbs-reference-beta", "pure", "coherent"])
def test_cumulants_and_fluctuation_theorem_equal_a_brute_force_computation(rho_s0, reference_beta):
    model = driven_baths(rho_s0)
    ds = tpm_cumulants(model, TIMES, reference_beta=reference_beta)
    kappa, ift, lost = brute_force(model, TIMES, reference_beta)
    assert relative_gap(ds.cumulants.values, kappa) <= DENSE_TOLERANCE
    assert np.max(np.abs(ds.fluctuation_theorem.values - ift)) < ROUNDING
    assert np.max(np.abs(ds.absolute_irreversibility.values - lost)) < ROUNDING
    assert np.all(ds.cumulants.values[1:, :, 1] > 0)  # every variance grows once anything flows


@pytest.mark.parametrize("rho_s0, reference_beta", [(None, None), (None, 3.0), (np.diag([0.0, 1.0]), 2.0)],
                         ids=["gibbs", "gibbs-reference-beta", "pure"])
def test_integral_fluctuation_theorem_in_every_stage_and_at_the_switches(rho_s0, reference_beta):
    model = driven_baths(rho_s0)
    times = np.sort(np.concatenate([TIMES, [np.nextafter(4.0, 0.0), np.nextafter(9.0, 0.0)]]))
    ds = tpm_cumulants(model, times, order=1, reference_beta=reference_beta)
    dist = tpm_distribution(model, times, bins=11, reference_beta=reference_beta)
    lam = ds.absolute_irreversibility.values
    assert np.max(np.abs(ds.fluctuation_theorem_residual)) < ROUNDING
    assert np.max(np.abs(dist.fluctuation_theorem.values - 1.0 + lam)) < ROUNDING
    if rho_s0 is None:
        assert np.all(lam == 0.0)
    else:
        assert np.all(lam[1:] > 1e-3)


def test_the_reference_switches_with_the_measured_hamiltonian():
    """Just before and at a switching instant the state is the same but the final measurement is of the old
    and of the new H_s: the energy and Sigma statistics jump, the heats do not."""
    model = driven_baths()
    before = np.nextafter(SWITCHES[0], 0.0)
    ds = tpm_cumulants(model, [before, SWITCHES[0]], reference_beta=1.0).cumulants
    heats = ds.sel(quantity=["heat_0", "heat_1"]).values
    assert np.max(np.abs(heats[1] - heats[0])) < 1e-12
    for name in ("system_energy_change", "entropy_production"):
        assert abs(float(ds.sel(quantity=name, order=1)[1] - ds.sel(quantity=name, order=1)[0])) > 0.05


def test_equal_stages_give_exactly_the_undriven_result():
    constant = driven_baths(stages=())
    V0 = constant.V
    repeated = driven_baths(stages=(Stage(2.0, constant.H_s, V0), Stage(5.0, constant.H_s, V0)))
    for reference_beta in (None, 1.0):
        a = tpm_cumulants(constant, TIMES, reference_beta=reference_beta)
        b = tpm_cumulants(repeated, TIMES, reference_beta=reference_beta)
        assert np.array_equal(a.cumulants.values, b.cumulants.values)
        assert np.array_equal(a.fluctuation_theorem.values, b.fluctuation_theorem.values)
    a = tpm_distribution(constant, TIMES, bins=21)
    b = tpm_distribution(repeated, TIMES, bins=21)
    assert np.array_equal(a.heat_1_distribution.values, b.heat_1_distribution.values)


def test_before_the_first_switch_the_driven_model_is_the_undriven_one():
    driven = driven_baths()
    constant = replace(driven, stages=())
    early = TIMES[TIMES < SWITCHES[0]]
    a = tpm_cumulants(driven, TIMES).cumulants.values[: early.size]
    b = tpm_cumulants(constant, early).cumulants.values
    assert np.array_equal(a, b)


def quench(beta_s=1.3):
    """An isolated qubit (V = 0) suddenly quenched at t = 1 from H_0 = sigma_z / 2 to H_1 = 0.8 sigma_x +
    0.2 sigma_z, initially Gibbs at beta_s; the reservoir only watches."""
    H0, H1 = 0.5 * SIGMA_Z, 0.8 * SIGMA_X + 0.2 * SIGMA_Z
    bath = Reservoir(np.diag([0.0, 0.3, 0.7]), beta=2.0)
    zero = np.zeros((6, 6))
    return OpenSystem(H0, (bath,), zero, thermal_state(H0, beta_s), (Stage(1.0, H1, zero),)), H0, H1


def test_a_sudden_quench_of_an_isolated_qubit_obeys_jarzynski():
    """W = Delta E_s with P(W) = sum_ab p_a |<b|a>|^2 delta(W - e1_b + e0_a) for every t >= 1 (the eigenstates
    of H_1 only pick up phases), <e^{-beta W}> = Z_1 / Z_0, no heat."""
    beta_s = 1.3
    model, H0, H1 = quench(beta_s)
    times = np.array([0.5, 1.0, 2.0, 7.5])
    ds = tpm_cumulants(model, times, reference_beta=beta_s).cumulants
    e0, v0 = np.linalg.eigh(H0)
    e1, v1 = np.linalg.eigh(H1)
    p = np.exp(-beta_s * e0) / np.sum(np.exp(-beta_s * e0))
    P = np.abs(v1.conj().T @ v0) ** 2 * p[None, :]
    W = e1[:, None] - e0[None, :]
    analytic = cumulants_from_moments(np.array([[(P * W ** n).sum() for n in range(1, 5)]]))[0]
    work = ds.sel(quantity="system_energy_change").values
    assert np.max(np.abs(work[0])) < ROUNDING  # before the quench the qubit's energy cannot change
    assert np.max(np.abs(work[1:] - analytic[None, :])) < ROUNDING
    assert np.max(np.abs(ds.sel(quantity="heat_0").values)) < ROUNDING
    ratio = np.sum(np.exp(-beta_s * e1)) / np.sum(np.exp(-beta_s * e0))
    for t in times[1:]:
        basis = tpm_basis(model, time=t, reference_beta=beta_s)
        y, x = basis.functions("system_energy_change")
        weights = tpm_transitions(basis, t) * basis.probabilities[basis.support]
        jarzynski = float(np.sum(weights * np.exp(-beta_s * (y[:, None] - x[None, basis.support]))))
        assert abs(jarzynski - ratio) < ROUNDING
    sigma = ds.sel(quantity="entropy_production", order=1).values  # beta_s (<W> - Delta F) >= 0
    assert abs(sigma[-1] - beta_s * (analytic[0] + np.log(ratio) / beta_s)) < ROUNDING
    assert sigma[-1] > 0.0


def test_distributions_are_normalized_and_their_means_agree_with_the_cumulants():
    model = driven_baths(np.diag([0.0, 1.0]))
    dist = tpm_distribution(model, TIMES, bins=41, reference_beta=2.0)
    exact = tpm_cumulants(model, TIMES, order=2, reference_beta=2.0).cumulants
    assert np.max(np.abs(dist.normalization - 1.0)) < ROUNDING
    for name in exact.quantity.values:
        P = dist[f"{name}_distribution"]
        centres = dist[f"{name}_bin"]
        width = float(centres[1] - centres[0])
        assert np.max(np.abs(P.sum(f"{name}_bin") - 1.0)) < ROUNDING
        assert float(P.min()) >= 0.0
        binned = (P * centres).sum(f"{name}_bin").values
        assert np.max(np.abs(binned - exact.sel(quantity=name, order=1).values)) <= width / 2
        spread = np.sqrt(np.maximum(exact.sel(quantity=name, order=2).values, 0.0))
        binned_spread = np.sqrt(np.maximum(((P * centres ** 2).sum(f"{name}_bin") - binned ** 2).values, 0.0))
        assert np.max(np.abs(binned_spread - spread)) <= width


def test_a_degenerate_final_system_hamiltonian():
    """A stage with H_s = 0: one measurement outcome for the system, Delta E_s = -e_s(a); the means still equal
    the exact ones and the fluctuation theorem holds."""
    V1 = couplings()[1]
    model = driven_baths(stages=(Stage(3.0, np.zeros((2, 2)), V1),))
    ds = tpm_cumulants(model, TIMES)
    mean = exact_thermodynamics(model, TIMES)
    change = mean.system_energy.values - mean.system_energy.values[0]
    got = ds.cumulants.sel(quantity="system_energy_change", order=1).values
    assert np.max(np.abs(got - change)) <= MEAN_TOLERANCE * np.max(np.abs(change))
    late = TIMES >= 3.0
    assert np.max(np.abs(got[late] + float(np.trace(model.H_s @ model.rho_s0)))) < ROUNDING
    assert np.max(np.abs(ds.fluctuation_theorem_residual)) < ROUNDING


@pytest.mark.parametrize("call, name", [
    # |+> is full rank once dephased in the sigma_z basis but pure in the sigma_x basis of the second stage
    (lambda: tpm_cumulants(driven_baths(np.full((2, 2), 0.5), stages=(Stage(1.0, SIGMA_X, couplings()[1]),)),
                           TIMES), "'reference_beta'"),
    (lambda: tpm_distribution(driven_baths(), TIMES, eig=1.0), "'eig'"),
    (lambda: tpm_basis(driven_baths(), time=-1.0), "'time'"),
    (lambda: tpm_transitions(tpm_basis(driven_baths(), time=5.0), 9.0), "'time'"),
    (lambda: tpm_transitions(tpm_basis(driven_baths(), time=5.0), 3.0), "'time'"),
])
def test_hostile_input_names_the_parameter(call, name):
    with pytest.raises(NoneqInputError, match=name):
        call()


def outcome_order(levels: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Index i of the row of ``levels`` equal (to rounding) to each row of ``target``: the same measurement
    outcomes (e_s, eps_0, eps_1, ...) listed in two orders. The rows must be distinct."""
    key = lambda rows: np.lexsort(np.round(rows, 9).T[::-1])  # noqa: E731
    a, b = key(levels), key(target)
    assert np.max(np.abs(levels[a] - target[b])) < ROUNDING
    out = np.empty(len(target), dtype=int)
    out[b] = a
    return out


def real_protocol(reverse: bool, beta_s: float = 1.1, total: float = 7.0, switch: float = 4.0) -> OpenSystem:
    """A time-reversal-symmetric (real) two-stage protocol of the two-bath qubit: H_s0 = sigma_z / 2 with V0 on
    [0, switch), then H_s1 = 0.3 sigma_z + 0.4 sigma_x with V1 up to ``total``, the qubit initially Gibbs at
    beta_s. ``reverse``: the time-reversed protocol (H_s1, V1 for total - switch, then H_s0, V0), starting from the
    Gibbs state of H_s1 at beta_s, the reservoirs at their own temperatures, as Crooks' backward process."""
    hot = Reservoir(np.diag([0.0, 0.5, 1.0]), beta=0.5)
    cold = Reservoir(np.diag([0.0, 0.4, 0.9]), beta=5.0)
    V0, V1, _ = couplings()
    H0, H1 = 0.5 * SIGMA_Z, 0.3 * SIGMA_Z + 0.4 * SIGMA_X
    if reverse:
        return OpenSystem(H1, (hot, cold), V1, thermal_state(H1, beta_s), (Stage(total - switch, H0, V0),))
    return OpenSystem(H0, (hot, cold), V0, thermal_state(H0, beta_s), (Stage(switch, H1, V1),))


def dense_transitions(model: OpenSystem, t: float, basis) -> np.ndarray:
    """|<b|U(t)|a>|^2 from the dense stage product, rows b and columns a in the order of ``basis`` (its final
    and initial levels): the eigenbases of H_s(t) and H_s(0), (x) the diagonal reservoirs."""
    final_levels, B, _, _ = measured_basis(model, model.protocol_at(t)[0])
    initial_levels, A, _, _ = measured_basis(model, model.H_s)
    T = np.abs(B.conj().T @ propagator(model, t) @ A) ** 2
    return T[np.ix_(outcome_order(final_levels, basis.levels), outcome_order(initial_levels, basis.initial_levels))]


@pytest.mark.parametrize("t", [2.5, 4.0, 6.3, 11.0])
def test_driven_transition_probabilities_equal_the_dense_stage_product(t):
    """tpm_transitions of each stage's basis against |<b|U(t)|a>|^2 with U(t) from expm of every stage."""
    model = driven_baths()
    basis = tpm_basis(model, time=t, reference_beta=1.0)
    got = tpm_transitions(basis, t)
    assert got.shape == (model.dim, model.dim)
    assert np.max(np.abs(got - dense_transitions(model, t, basis))) < ROUNDING
    assert np.max(np.abs(got.sum(axis=0) - 1.0)) < ROUNDING and np.max(np.abs(got.sum(axis=1) - 1.0)) < ROUNDING


def test_crooks_detailed_theorem_for_a_driven_protocol_and_its_reverse():
    """Crooks for a real (time-reversal-symmetric) protocol, Gibbs system and reservoirs, reference_beta = beta_s:
    the forward process's Sigma_ab = ln p_a - ln p~_b over the transition a -> b and its reverse b -> a satisfy
    p_a T^F_ba e^{-Sigma_ab} = p^R_b T^R_ab: the reference state p~ is the backward process's initial state, and
    T^R_ab = T^F_ba (micro-reversibility of U_R = U_F^T). Hence P_F(Sigma) = e^Sigma P_R(-Sigma)."""
    beta_s, total = 1.1, 7.0
    forward, backward = real_protocol(False, beta_s, total), real_protocol(True, beta_s, total)
    F = tpm_basis(forward, time=total, reference_beta=beta_s)
    R = tpm_basis(backward, time=total, reference_beta=beta_s)
    b_of = outcome_order(R.initial_levels, F.levels)  # forward final outcome b -> backward initial outcome
    a_of = outcome_order(R.levels, F.initial_levels)  # forward initial outcome a -> backward final outcome
    TF = tpm_transitions(F, total)  # (b, a)
    TR = tpm_transitions(R, total)[np.ix_(a_of, b_of)]  # (a, b) in the forward's labels
    assert np.max(np.abs(TR.T - TF)) < ROUNDING  # micro-reversibility
    assert np.max(np.abs(F.reference - R.probabilities[b_of])) < ROUNDING  # p~ = the backward initial state
    sigma = F.log_probabilities[None, :] - F.log_reference[:, None]  # Sigma_ab, indexed (b, a)
    left = F.probabilities[None, :] * TF * np.exp(-sigma)
    right = R.probabilities[b_of][:, None] * TR.T
    assert np.max(np.abs(left - right)) < ROUNDING
    assert np.ptp(sigma) > 1.0 and np.max(TF[~np.eye(forward.dim, dtype=bool)]) > 1e-3  # not a trivial case
    # P_F(Sigma) = e^Sigma P_R(-Sigma) on the distinct values of Sigma (the backward Sigma is -Sigma_ab)
    values = np.round(sigma, 9)
    weights_F = F.probabilities[None, :] * TF
    for s in np.unique(values)[:: max(1, np.unique(values).size // 40)]:
        pf = weights_F[values == s].sum()
        pr = right[values == s].sum()
        assert abs(pf - np.exp(s) * pr) <= ROUNDING * max(1.0, np.exp(s))
