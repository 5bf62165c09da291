"""The static HTML report of reproduced papers."""

from noneq.report.html import write_report

__all__ = ["write_report"]
