from noneq.kicked_top.paper_maps import FIG1, FIG2
from noneq.kicked_top.paper_register import FIG3, FIG4
from noneq.kicked_top.paper_supplement import FLUCTUATIONS, LARGE_KAPPA

EXPERIMENTS = (FIG1, FIG2, FIG3, FIG4, FLUCTUATIONS, LARGE_KAPPA)
