"""`noneq reproduce kicked --quick` writes the Fig. 1 data, figure and claims; no claim fails."""

import json

import pytest

from noneq.core.registry import get_system
from noneq.kicked.paper import dc_point
from noneq.reproduce import paper_experiments, reproduce_system


def test_dc_point_unperturbed_first_kick():
    ds = dc_point(m=1.0, eps=0.0, kicks=1, trajectories=4000, seed=1)
    # one kick from p = 0 with x uniform: <p1^2> = K1^2 / 2 = 1.62, D_c = 1.62 / 1
    assert abs(float(ds.D_c) - 1.62) < 4 * float(ds.D_c_stderr)
    # the late slope over kicks (0, 1] is <p1^2(1) - p1^2(0)> / 1 = D_c (p1(0) = 0), with the same error
    assert float(ds.slope) == pytest.approx(float(ds.D_c), rel=1e-12)
    assert float(ds.slope_stderr) == pytest.approx(float(ds.D_c_stderr), rel=1e-12)


@pytest.mark.slow
def test_reproduce_quick(tmp_path):
    result = reproduce_system(get_system("kicked"), paper_experiments("kicked"), tmp_path, quick=True)
    folder = tmp_path / "kicked"
    assert (folder / "fig1_diffusion.png").exists() and (folder / "fig1__dc.nc").exists()
    claims = json.loads((folder / "claims.json").read_text())
    assert {"fig1-dc-falls-with-m", "fig1-dc-saturates-at-unperturbed", "fig1-dc-light",
            "fig3a-noise-restores-diffusion", "fig3a-classical-at-largest-W",
            "fig2-classical-small-hbar", "fig2-localized-large-hbar", "fig2-uncoupled-localized",
            "fig2-profile-exponential", "fig2-profile-gaussian", "fig2-profile-shape-changes",
            "fig3b-transition-with-hbar", "fig3b-classical-small-hbar", "fig3c-random-kicks-match-pair",
            "fig4-exponential-decay", "fig4-saturation", "fig4-alpha-grows-as-m-falls", "fig4-thresholds-ordered",
            "fig5-power-law-weak-K2", "fig5-exponential-strong-K2", "fig5-rate-independent-of-K2",
            } == {c["id"] for c in claims}
    assert (folder / "fig3a_random_kicks.png").exists()
    assert not result.failed
