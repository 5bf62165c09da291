"""The paper's experiments (Esposito, Lindenberg & Van den Broeck 2010): Fig. 1 and the bath behind it."""

from noneq.reservoir.paper.bath import BATH
from noneq.reservoir.paper.fig1 import FIG1

EXPERIMENTS = (FIG1, BATH)
