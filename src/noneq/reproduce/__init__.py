"""System-agnostic reproduction framework: experiments, claims, figure saving, claim tables."""

from noneq.reproduce.claim import VERDICTS, Claim, format_value, judge, verdict_counts
from noneq.reproduce.experiment import Experiment, paper_experiments
from noneq.reproduce.figures import save_figure
from noneq.reproduce.runner import Reproduction, reproduce_system

__all__ = ["VERDICTS", "Claim", "Experiment", "Reproduction", "format_value", "judge", "paper_experiments",
           "reproduce_system", "save_figure", "verdict_counts"]
