"""Zhao and Jie's figures and claims, reproduced: one module per figure (constants, compute, plot, claims).

Fig. 1 classical diffusion against m (`fig1`); Fig. 2 quantum diffusion and profiles with a light partner
(`fig2`); Fig. 3(a) the random-kick model over W (`fig3a`); Fig. 3(b, c) the random-kick model over hbar_eff next
to the pair (`fig3bc`); Fig. 4 R = D_q / D_c and the phase diagram (`fig4`); Fig. 5 purity decay (`fig5`). Shared
runs in `runs`, claim fits in `fits`, plotting helpers in `plots`. The paper in our words: docs/papers/kicked.md.
"""

from noneq.kicked.paper.fig1 import FIG1
from noneq.kicked.paper.fig2 import FIG2
from noneq.kicked.paper.fig3a import FIG3
from noneq.kicked.paper.fig3bc import FIG3BC
from noneq.kicked.paper.fig4 import FIG4
from noneq.kicked.paper.fig5 import FIG5

EXPERIMENTS = (FIG1, FIG2, FIG3, FIG3BC, FIG4, FIG5)
