"""The paper's experiments (Esposito, Lindenberg & Van den Broeck 2010): Fig. 1 and the bath behind it, and beyond
the paper the two-point-measurement heat statistics."""

from noneq.reservoir.paper.bath import BATH
from noneq.reservoir.paper.fig1 import FIG1
from noneq.reservoir.paper.fluctuations import FLUCTUATIONS

EXPERIMENTS = (FIG1, BATH, FLUCTUATIONS)
