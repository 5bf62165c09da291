"""The paper's experiments and claims (docs/papers/currents.md): one module per figure or claim group."""

from noneq.currents.paper.cumulants import CUMULANTS
from noneq.currents.paper.generating_functional import GENERATING
from noneq.currents.paper.mean_current import MEAN
from noneq.currents.paper.mft_solver import MFT
from noneq.currents.paper.sep_equilibrium import EQUILIBRIUM
from noneq.currents.paper.sep_step import STEP_VARIANCE
from noneq.currents.paper.tur import TUR
from noneq.currents.paper.two_time_independent import TWO_TIME

EXPERIMENTS = (MEAN, TWO_TIME, CUMULANTS, GENERATING, EQUILIBRIUM, STEP_VARIANCE, MFT, TUR)
