"""The claim table printed by ``noneq reproduce``: paper value, measured value, verdict, explanation."""

from __future__ import annotations

from typing import Sequence

from noneq.reproduce.claim import VERDICTS, Claim, format_value, verdict_counts

VERDICT_STYLE = {"reproduced": "green", "paper-corrected": "cyan", "reduced-size": "blue", "differs": "yellow",
                 "failed": "bold red"}


def summary_line(claims: Sequence[Claim]) -> str:
    """'15 reproduced, 2 paper-corrected, 0 failed': every verdict that occurs, and always the failures."""
    counts = verdict_counts(claims)
    return ", ".join(f"{n} {v}" for v, n in counts.items() if n or v == "failed")


def claim_table(claims: Sequence[Claim], title: str = "claims"):
    """A rich Table of claims (rich imported lazily)."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("claim", overflow="fold", ratio=2)
    table.add_column("paper", overflow="fold", ratio=1)
    table.add_column("measured", overflow="fold", ratio=1)
    table.add_column("verdict", no_wrap=True, min_width=max(map(len, VERDICTS)))
    table.add_column("criterion / why it differs", overflow="fold", ratio=4)
    for c in claims:  # claim texts are data: escape rich markup such as [0, 1]
        why = escape(c.criterion) if not c.explanation else \
            f"{escape(c.criterion)}\n[italic]{escape(c.explanation)}[/italic]"
        if c.correction:
            why += f"\n(derivation: {escape(c.correction)}; checked by {escape(c.test)})"
        table.add_row(f"[bold]{escape(c.id)}[/bold]\n{escape(c.statement)}", escape(format_value(c.paper)),
                      escape(format_value(c.measured)), f"[{VERDICT_STYLE[c.verdict]}]{c.verdict}[/]", why)
    return table
