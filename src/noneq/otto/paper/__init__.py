"""The experiments reproducing Yuan et al., arXiv:1408.4917 (Fig. 2 and the paper's claims), and those beyond it."""

from noneq.otto.paper.counting import COUNTING
from noneq.otto.paper.engine import ENGINE
from noneq.otto.paper.fig2 import FIG2
from noneq.otto.paper.fluctuations import FLUCTUATIONS
from noneq.otto.paper.friction import FRICTION
from noneq.otto.paper.nlevel import NLEVEL

EXPERIMENTS = (FIG2, ENGINE, NLEVEL, FLUCTUATIONS, FRICTION, COUNTING)
