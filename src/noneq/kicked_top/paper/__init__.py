"""The experiments of Neill et al., Nature Physics 12, 1037 (2016): Figs. 1b-4 and two supplementary claims."""

from noneq.kicked_top.paper.fig1 import FIG1
from noneq.kicked_top.paper.fig2 import FIG2
from noneq.kicked_top.paper.fig3 import FIG3
from noneq.kicked_top.paper.fig4 import FIG4
from noneq.kicked_top.paper.supplement import FLUCTUATIONS, LARGE_KAPPA

EXPERIMENTS = (FIG1, FIG2, FIG3, FIG4, FLUCTUATIONS, LARGE_KAPPA)
