"""Every claim of the Otto reproduction pinned to its verdict (quick sizes in the default run, full sizes
opt-in), with the checks every reproduction gets (tests/paper_checks.py)."""

from noneq.otto.paper.fig2 import JOINT_OPTIMUM_CORRECTION
from paper_checks import claim_tests  # tests/paper_checks.py

QUICK = {
    "cooling-condition": "reproduced",
    "equal-times": "reproduced",
    "eps-star-near-ca": "reproduced",
    "eps-star-below-plus": "reproduced",
    "high-temperature-eps-plus": "reproduced",
    "joint-optimum-high-temperature": "paper-corrected",  # the joint optimum never reaches beta w << 1
    "low-temperature": "reproduced",
    "invariance": "reproduced",
    "second-law": "reproduced",
    "tight-coupling": "reproduced",
    "lit-bound": "reproduced",
    "engine-small-eta": "reproduced",
    "engine-bounds": "reproduced",
    "nlevel-two-level-limit": "reproduced",
    "nlevel-window": "reproduced",
    "mc-mean-q_c": "reproduced",
    "mc-mean-q_h": "reproduced",
    "mc-mean-work": "reproduced",
    "integral-fluctuation-theorem": "reproduced",
    "friction-slow-limit": "reproduced",
    "friction-commuting": "reproduced",
    "friction-extra-work": "reproduced",
    "fcs-mean": "reproduced",
    "fcs-monte-carlo": "reproduced",
    "gallavotti-cohen": "reproduced",
    "tur-optimal-refrigerator": "reproduced",
    "tur-violated": "reproduced",
    "tur-periodic-bound": "reproduced",
    "tur-fast-driving": "reproduced",
    "tpm-invasive": "reproduced",
}
FULL = dict(QUICK)  # full sizes (noneq reproduce otto, --run-slow here): the same 30 verdicts

globals().update(claim_tests("otto", QUICK, FULL, corrections={JOINT_OPTIMUM_CORRECTION}))
