"""The draft's experiments and claims (shared/papers/current_correlations_diffusive.md, corrected by NOTES.md)."""

from noneq.currents.paper_generating import GENERATING
from noneq.currents.paper_mft import MFT
from noneq.currents.paper_sep import EQUILIBRIUM, STEP_VARIANCE
from noneq.currents.paper_theory import CUMULANTS, MEAN, TWO_TIME

EXPERIMENTS = (MEAN, TWO_TIME, CUMULANTS, GENERATING, EQUILIBRIUM, STEP_VARIANCE, MFT)
